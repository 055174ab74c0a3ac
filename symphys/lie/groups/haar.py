"""Haar measure normalisations, exact SO(n) sampling and the proposals used for importance sampling.

Normalisations (stated once, used by every group class)
-------------------------------------------------------
* SO(n): the Riemannian volume of the bi-invariant metric ``<A, B> = 1/2 tr(Aᵀ B)`` (a unit-speed
  one-parameter subgroup ``exp(t J)``, ``J`` a unit rotation generator, has period ``2 pi``).
  Total mass :func:`so_volume`: ``vol SO(n) = prod_{k=1}^{n-1} vol S^k``, so ``vol SO(2) = 2 pi``,
  ``vol SO(3) = 8 pi^2``. In exponential coordinates ``Y = sum_{i<j} y_ij (E_ij - E_ji)`` its
  density is 1 at the identity.
* GL+(n): ``|det g|^(-n) dg`` with ``dg`` the Lebesgue measure on the ``n^2`` entries. In polar
  coordinates ``g = P K``, ``s = g gᵀ = P^2`` (Wishart change of variables)::

      |det g|^(-n) dg = c_n det(s)^(-(n+1)/2) ds dk,     c_n = pi^(n^2/2) / (2 Gamma_n(n/2)),

  with ``ds`` Lebesgue on ``s_ij, i <= j``, ``dk`` the Haar *probability* on SO(n) and ``Gamma_n``
  the multivariate gamma function. In chart coordinates ``P = exp(X)``::

      = c_n 2^(n(n+1)/2) prod_{i<j} sinh(x_i - x_j)/(x_i - x_j) dX dk,

  ``x_i`` the eigenvalues of ``X`` and ``dX`` Lebesgue on ``x_ij, i <= j``.
* SL(n): the disintegration of the GL+(n) measure along ``t = log det g``:
  ``int_{GL+} F = int dt int_{SL} F(e^(t/n) g) dmu_SL(g)``. In chart coordinates it is the
  formula above with ``X`` traceless and ``dX`` Lebesgue on
  ``(x_11, ..., x_{n-1,n-1}, x_ij (i<j))``.

Proposals for the non-compact factor
------------------------------------
``X`` (the log of the positive-definite factor) is drawn from an isotropic distribution on the
symmetric (traceless for SL) matrices for the Frobenius norm: ``"lognormal"`` is the Gaussian
``exp(-|X|_F^2 / (2 scale^2))`` (P log-normal, as in the paper) and ``"logt"`` the multivariate
Student-t with ``df`` degrees of freedom (polynomial tails: finite-variance importance weights for
every integrand decaying exponentially in ``X``, which the Gaussian does not guarantee).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln, multigammaln

from symphys.lie.groups._common import (
    check_entries,
    check_matrix_n,
    check_n,
    check_scale,
    rng_from,
    transpose,
)

__all__ = ["so_volume", "log_so_volume", "haar_so", "MAX_VOLUME_N", "MAX_QR_WORK"]


#: Largest ``n`` that :func:`log_so_volume` and :func:`so_volume` take: the sum has ``n - 1``
#: terms (evaluated as one numpy array of that length).
MAX_VOLUME_N = 10**7


def log_so_volume(n: int) -> float:
    """Natural log of the Haar mass of SO(n), see :func:`so_volume`; finite for every allowed n.

    ``log vol SO(n) = sum_{k=1}^{n-1} [log 2 + (k+1)/2 log pi - lgamma((k+1)/2)]``, summed in
    logs with ``lgamma``, so that nothing overflows: ``Gamma((k+1)/2)`` alone overflows a double
    from k = 342 on, while ``vol SO(n)`` peaks at n = 18 (about e^42.4) and falls below the
    smallest normal double from n = 62 on (``log vol SO(400)`` is about -105690). ``n`` above
    :data:`MAX_VOLUME_N` is refused (``ValueError``).

    >>> import math
    >>> math.isclose(log_so_volume(3), math.log(8 * math.pi**2))
    True
    >>> round(log_so_volume(400), 3)
    -105689.699
    """
    n = check_n(n)
    if n > MAX_VOLUME_N:
        raise ValueError(f"n={n} exceeds the limit {MAX_VOLUME_N} (MAX_VOLUME_N) of "
                         f"log_so_volume: the sum has n - 1 = {n - 1} terms")
    if n == 1:
        return 0.0
    h = 0.5 * np.arange(2, n + 1, dtype=np.float64)          # (k + 1)/2 for k = 1..n-1
    terms = math.log(2.0) + h * math.log(math.pi) - gammaln(h)
    return float(math.fsum(terms.tolist()))


def so_volume(n: int) -> float:
    """Total Haar mass of SO(n) in the normalisation of this module (Riemannian, metric 1/2 tr).

    ``vol SO(n) = prod_{k=1}^{n-1} 2 pi^((k+1)/2) / Gamma((k+1)/2)`` (volumes of unit spheres),
    computed as ``exp(log_so_volume(n))``. From n = 62 on the value is below the smallest normal
    double (~2.2e-308): a ``ValueError`` says so and points to :func:`log_so_volume` (an
    overflow, were one possible, would be refused the same way).

    >>> import math
    >>> so_volume(2) == 2 * math.pi, math.isclose(so_volume(3), 8 * math.pi**2)
    (True, True)
    """
    logv = log_so_volume(n)
    if n == 2:
        return 2.0 * math.pi
    if logv > _LOG_MAX:
        raise ValueError(f"so_volume(n={n}) = exp({logv:.6g}) overflows a double (max "
                         f"~1.8e308); use log_so_volume(n)")
    if logv < _LOG_TINY:
        raise ValueError(f"so_volume(n={n}) = exp({logv:.6g}) underflows a double (below "
                         f"~2.2e-308); use log_so_volume(n)")
    return math.exp(logv)


_LOG_MAX = math.log(np.finfo(np.float64).max)
_LOG_TINY = math.log(np.finfo(np.float64).tiny)


#: Largest |eigenvalue| of a drawn X whose exp (and products of two such) stays finite.
MAX_EXP_ARGUMENT = 300.0

#: Work limit of :func:`haar_so` for n > 3: size * n**3 (one QR factorisation per sample).
MAX_QR_WORK = 10**10


def haar_so(n: int, size: int | tuple[int, ...], *, rng: np.random.Generator | int | None = None
            ) -> np.ndarray:
    """Exact Haar samples of SO(n), shape ``(*size, n, n)``.

    n = 2: uniform angle. n = 3: a uniform unit quaternion (a normalised 4D Gaussian), mapped to
    its rotation matrix (Shoemake, Graphics Gems III, 1992). Otherwise the QR of a Gaussian matrix
    with the sign fix (Mezzadri, Notices AMS 54 (2007) 592): ``Q diag(sign r_ii)`` is Haar on O(n);
    flipping the first column of those with ``det = -1`` is a right translation, so the result is
    Haar on SO(n).

    >>> import numpy as np
    >>> R = haar_so(3, 4, rng=np.random.default_rng(0))
    >>> R.shape, bool(np.allclose(np.linalg.det(R), 1.0))
    ((4, 3, 3), True)
    """
    n = check_matrix_n(n, "n")
    if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
        size = (check_n(size, "size", 0),)
    elif isinstance(size, (tuple, list)):
        size = tuple(check_n(s, "size", 0) for s in size)
    else:
        raise TypeError(f"size must be an int or a tuple of ints, got {type(size).__name__}")
    check_entries(math.prod(size) * n * n, f"haar_so(n={n}, size={size})")
    if n > 3 and math.prod(size) * n**3 > MAX_QR_WORK:
        raise ValueError(f"haar_so(n={n}, size={size}) needs {math.prod(size) * n**3:.3g} "
                         f"floating-point operations (size * n^3 for the QR factorisations), "
                         f"above the limit MAX_QR_WORK = {MAX_QR_WORK:.0e}")
    rng = rng_from(rng)
    if n == 2:
        t = rng.uniform(-np.pi, np.pi, size)
        c, s = np.cos(t), np.sin(t)
        return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)
    if n == 3:
        return _quaternion_rotations(rng.standard_normal((*size, 4)))
    z = rng.standard_normal((*size, n, n))
    q, r = np.linalg.qr(z)
    d = np.sign(np.diagonal(r, axis1=-2, axis2=-1))
    d = np.where(d == 0, 1.0, d)
    q = q * d[..., None, :]
    neg = np.linalg.det(q) < 0
    q[..., :, 0] = np.where(neg[..., None], -q[..., :, 0], q[..., :, 0])
    return q


def _quaternion_rotations(q: np.ndarray) -> np.ndarray:
    """Rotation matrices of the quaternions ``q = (w, x, y, z)`` (normalised here)."""
    q = q / np.linalg.norm(q, axis=-1, keepdims=True)
    w, x, y, z = np.moveaxis(q, -1, 0)
    return np.stack([
        np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)], -1),
        np.stack([2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)], -1),
        np.stack([2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)], -1),
    ], -2)


def _log_c_gl(n: int) -> float:
    """``log c_n`` with ``c_n = pi^(n^2/2) / (2 Gamma_n(n/2))`` (see module docstring)."""
    return 0.5 * n * n * math.log(math.pi) - math.log(2.0) - float(multigammaln(0.5 * n, n))


class _SymProposal:
    """Isotropic proposal on symmetric (optionally traceless) ``n x n`` matrices.

    ``log_density`` is with respect to Lebesgue measure on the coordinates
    ``(x_ii for i < n if traceless else i <= n, x_ij for i < j)``.
    """

    def __init__(self, n: int, traceless: bool, scale: float = 1.0, proposal: str = "lognormal",
                 df: float = 5.0):
        if proposal not in ("lognormal", "logt"):
            raise ValueError(f"proposal={proposal!r} must be 'lognormal' or 'logt'")
        scale = check_scale(scale, "scale")
        if not (np.isfinite(df) and df > 0):
            raise ValueError(f"df={df} violates df > 0")
        self.n, self.traceless, self.scale = n, traceless, float(scale)
        self.proposal, self.df = proposal, float(df)
        self.dim = n * (n + 1) // 2 - int(traceless)
        # Lebesgue on coordinates vs the Frobenius volume: off-diagonal z = sqrt(2) x_ij; a
        # traceless diagonal in n-1 coordinates has area element sqrt(n).
        self._log_jac = 0.25 * n * (n - 1) * math.log(2.0) + (0.5 * math.log(n) if traceless else 0)

    def sample(self, size: int, rng: np.random.Generator) -> np.ndarray:
        a = rng.standard_normal((size, self.n, self.n)) * self.scale
        X = 0.5 * (a + transpose(a))
        if self.traceless:
            X = X - (np.trace(X, axis1=-2, axis2=-1) / self.n)[:, None, None] * np.eye(self.n)
        if self.proposal == "logt":
            w = rng.chisquare(self.df, size) / self.df
            X = X / np.sqrt(w)[:, None, None]
        return X

    def check_eigenvalues(self, x: np.ndarray) -> None:
        """ValueError when exp of a drawn eigenvalue (or of half the spread, in products) would
        overflow a double: the proposal's ``scale`` is too wide for the matrix size."""
        if x.size:
            big = float(np.max(np.abs(x)))
            if not big < MAX_EXP_ARGUMENT:
                raise ValueError(
                    f"scale={self.scale!r} is too wide for n={self.n}: a drawn X has an "
                    f"eigenvalue of size {big:.3g}, beyond MAX_EXP_ARGUMENT = {MAX_EXP_ARGUMENT} "
                    "(exp(X) would overflow a double); use a smaller scale")

    def log_density(self, X: np.ndarray) -> np.ndarray:
        r2 = np.sum(X * X, axis=(-1, -2)) / self.scale**2
        d, s2 = self.dim, self.scale**2
        if self.proposal == "lognormal":
            logq = -0.5 * r2 - 0.5 * d * math.log(2 * math.pi * s2)
        else:
            nu = self.df
            logq = (gammaln(0.5 * (nu + d)) - gammaln(0.5 * nu)
                    - 0.5 * d * math.log(nu * math.pi * s2) - 0.5 * (nu + d) * np.log1p(r2 / nu))
        return logq + self._log_jac

