"""Real harmonics of unit vectors from Cartesian recursions, and their derivatives (private).

Values (the method of sphericart, F. Bigi, G. Fraux, N. J. Browning and M. Ceriotti,
J. Chem. Phys. 159, 064802 (2023), arXiv:2302.08381, written here for NumPy): with
``c_m + i s_m = (x + i y)^m`` and the normalised polynomials ``qbar_l^m(z) = Pbar_l^m / rho^m``
(``Pbar`` the orthonormal associated Legendre function without the Condon-Shortley phase,
``rho = sqrt(x^2 + y^2)``), Wikipedia's real harmonics are ``sqrt2 qbar_l^m c_m`` (``m > 0``),
``sqrt2 qbar_l^|m| s_|m|`` (``m < 0``) and ``qbar_l^0``. ``qbar`` obeys the three-term recursion
in ``l`` of ``Pbar`` (stable for every ``l``), seeded by ``qbar_m^m`` (no powers of ``sin``
that could underflow near the poles). One NumPy operation per ``l`` covers every ``m``.

Derivatives: a derivative of a solid harmonic ``R_lm(x) = |x|^l Y_lm(x/|x|)`` is a harmonic
polynomial of degree ``l - 1``, so ``d_i R_l = D_i^(l) R_(l-1)`` for a fixed matrix
``D_i^(l)`` of shape ``(2l+1, 2l-1)``. The matrices are computed once per ``l`` by least squares
from exact derivatives of the polynomials (complex-step differentiation, no truncation error)
at random points, and cached. Gradients and Hessians then cost a few small matrix products;
the spherical ones follow from ``Y(x) = R(x) / |x|^l``.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

__all__: list[str] = []


@lru_cache(maxsize=512)
def _coefficients(lmax: int):
    """Recursion constants: seeds ``qbar_m^m``, ``a_lm``, ``b_lm`` (read-only arrays)."""
    seed = np.empty(lmax + 1)
    seed[0] = 0.5 / math.sqrt(math.pi)
    for m in range(1, lmax + 1):
        seed[m] = seed[m - 1] * math.sqrt((2 * m + 1) / (2 * m))
    a = np.zeros((lmax + 1, lmax + 1))
    b = np.zeros((lmax + 1, lmax + 1))
    for l in range(2, lmax + 1):
        m = np.arange(l - 1)
        a[l, : l - 1] = np.sqrt((4.0 * l * l - 1) / (l * l - m * m))
        b[l, : l - 1] = np.sqrt(((l - 1.0) ** 2 - m * m) / (4.0 * (l - 1) ** 2 - 1))
    for arr in (seed, a, b):
        arr.flags.writeable = False
    return seed, a, b


def real_unit(lmax: int, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Wikipedia's real harmonics (no net Condon-Shortley phase, integral normalisation) of
    unit vectors ``(x, y, z)`` (1-D arrays of length ``n``): shape ``((lmax+1)**2, n)``, row
    ``l*(l+1) + m`` (component-major: every operation runs along contiguous points)."""
    n = x.shape[0]
    seed, a, b = _coefficients(lmax)
    out = np.empty(((lmax + 1) ** 2, n))
    cs = np.empty((lmax + 1, n))
    sn = np.empty((lmax + 1, n))
    cs[0], sn[0] = 1.0, 0.0
    for m in range(1, lmax + 1):
        cs[m] = cs[m - 1] * x - sn[m - 1] * y
        sn[m] = sn[m - 1] * x + cs[m - 1] * y
    cs[1:] *= math.sqrt(2.0)
    sn[1:] *= math.sqrt(2.0)
    prev2 = None
    prev = np.full((1, n), seed[0])  # qbar_0^0
    out[0] = seed[0]
    for l in range(1, lmax + 1):
        q = np.empty((l + 1, n))
        if l >= 2:
            q[: l - 1] = a[l, : l - 1, None] * (z * prev[: l - 1]
                                                 - b[l, : l - 1, None] * prev2[: l - 1])
        q[l - 1] = math.sqrt(2 * l + 1) * z * prev[l - 1]  # from qbar_(l-1)^(l-1)
        q[l] = seed[l]
        c = l * (l + 1)
        out[c] = q[0]
        np.multiply(q[1:], cs[1: l + 1], out=out[c + 1: c + l + 1])
        np.multiply(q[:0:-1], sn[l:0:-1], out=out[c - l: c])
        prev2, prev = prev, q
    return out


def _real_solid_complex(lmax: int, x, y, z) -> list:
    """Real solid harmonics ``R_lm`` as analytic polynomials (complex arguments allowed, for
    complex-step derivatives): list over ``l`` of arrays ``(n, 2l+1)``."""
    seed, a, b = _coefficients(lmax)
    r2 = x * x + y * y + z * z
    # c_m, s_m by the real recurrence: no factor i, which would mix with the complex step
    cs = [np.ones_like(x)]
    sn = [np.zeros_like(x)]
    for m in range(lmax):
        cs.append(cs[m] * x - sn[m] * y)
        sn.append(sn[m] * x + cs[m] * y)
    out = []
    prev2 = prev = None
    for l in range(lmax + 1):
        q = [None] * (l + 1)
        for m in range(l + 1):
            if m == l:
                q[m] = seed[l] * np.ones_like(x)
            elif m == l - 1:
                q[m] = math.sqrt(2 * l + 1) * z * prev[m]
            else:  # homogeneous: the r^2 factor restores the degree
                q[m] = a[l, m] * (z * prev[m] - b[l, m] * r2 * prev2[m])
        row = [None] * (2 * l + 1)
        row[l] = q[0]
        for m in range(1, l + 1):
            row[l + m] = math.sqrt(2) * q[m] * cs[m]
            row[l - m] = math.sqrt(2) * q[m] * sn[m]
        out.append(np.stack(row, axis=-1))
        prev2, prev = prev, q
    return out


@lru_cache(maxsize=512)
def derivative_matrices(l: int) -> np.ndarray:
    """``D[i]`` (shape ``(3, 2l-1, 2l+1)``) with ``d_i R_l = R_(l-1) @ D[i]`` for the real solid
    harmonics (rows: ``m' = -(l-1)..l-1``, columns ``m = -l..l``); read-only."""
    rng = np.random.default_rng(12345 + l)
    npts = 4 * (2 * l + 1) + 8
    p = rng.normal(size=(npts, 3))
    p /= np.linalg.norm(p, axis=1, keepdims=True)
    h = 1e-30
    lower = _real_solid_complex(l - 1, p[:, 0] + 0j, p[:, 1] + 0j, p[:, 2] + 0j)[l - 1].real
    D = np.empty((3, 2 * l - 1, 2 * l + 1))
    for i in range(3):
        q = p.astype(complex)
        q[:, i] += 1j * h
        d = _real_solid_complex(l, q[:, 0], q[:, 1], q[:, 2])[l].imag / h
        D[i] = np.linalg.lstsq(lower, d, rcond=None)[0]
    D[np.abs(D) < 1e-12] = 0.0
    D.flags.writeable = False
    return D


@lru_cache(maxsize=512)
def _sparse(l: int, i: int, j: int | None = None):
    """The non-zero entries of ``D_i^(l)`` (``j`` given: of ``D_j^(l-1) D_i^(l)``) as runs
    along diagonals and anti-diagonals: ``[(c0, c1, r0, step, coefs)]`` meaning
    ``out[c0:c1] += coefs * lo[r0 + step * (c - c0)]`` (a handful of slice operations per
    matrix: no BLAS call, no gather)."""
    D = derivative_matrices(l)[i]
    if j is not None:
        D = derivative_matrices(l - 1)[j] @ D
        D[np.abs(D) < 1e-12] = 0.0
    left = {(int(r), int(c)) for r, c in zip(*np.nonzero(D), strict=True)}
    runs = []
    for step in (1, -1):
        for r, c in sorted(left, key=lambda rc: (rc[0] - step * rc[1], rc[1])):
            if (r, c) not in left:
                continue
            cc = c
            while (r + step * (cc + 1 - c), cc + 1) in left:
                cc += 1
            if cc > c or step == -1:
                for k in range(c, cc + 1):
                    left.discard((r + step * (k - c), k))
                coefs = np.array([D[r + step * (k - c), k] for k in range(c, cc + 1)])
                runs.append((c, cc + 1, r, step, coefs[:, None]))
    return runs


def _apply(lo: np.ndarray, runs, out: np.ndarray) -> None:
    out[...] = 0.0
    for c0, c1, r0, step, coefs in runs:
        if step == 1:
            src = lo[r0: r0 + (c1 - c0)]
        else:
            stop = r0 - (c1 - c0)
            src = lo[r0: stop if stop >= 0 else None: -1]
        out[c0:c1] += coefs * src


def gradients(lmax: int, Y: np.ndarray) -> np.ndarray:
    """Cartesian gradient of the solid harmonics at the points of ``Y`` (component-major
    values ``R(u)``, shape ``(K, n)``): shape ``(3, K, n)``."""
    G = np.zeros((3,) + Y.shape)
    for l in range(1, lmax + 1):
        lo = Y[(l - 1) ** 2: l * l]
        for i in range(3):
            _apply(lo, _sparse(l, i), G[i, l * l: (l + 1) ** 2])
    return G


def direction_gradients(lmax: int, Y: np.ndarray, u: np.ndarray, inv: np.ndarray
                        ) -> np.ndarray:
    """Gradient of ``Y(x/|x|)`` at ``x = u / inv`` (``u`` unit vectors ``(3, n)``, ``inv =
    1/|x|``, ``Y`` the component-major values at ``u``): ``(grad R(u) - l Y(u) u) / |x|``,
    shape ``(3, K, n)``. The ``1/|x|`` is folded into the values first, so each output
    entry costs the sparse map and one multiply-subtract."""
    Ys = Y * inv
    G = np.empty((3,) + Y.shape)
    G[:, 0] = 0.0
    tmp = np.empty((2 * lmax + 1, Y.shape[1]))
    for l in range(1, lmax + 1):
        lo = Ys[(l - 1) ** 2: l * l]
        sl = slice(l * l, (l + 1) ** 2)
        LS = Ys[sl] * float(l)
        t = tmp[: 2 * l + 1]
        for i in range(3):
            g = G[i, sl]
            _apply(lo, _sparse(l, i), g)
            np.multiply(LS, u[i], out=t)
            g -= t
    return G


def hessians(lmax: int, Y: np.ndarray) -> np.ndarray:
    """Second derivatives of the solid harmonics at the points of ``Y`` (``(K, n)``):
    ``(3, 3, K, n)``, ``d_i d_j R_l = (D_j^(l-1) D_i^(l))^T R_(l-2)``."""
    H = np.zeros((3, 3) + Y.shape)
    for l in range(2, lmax + 1):
        lo = Y[(l - 2) ** 2: (l - 1) ** 2]
        for i in range(3):
            for j in range(i, 3):
                _apply(lo, _sparse(l, i, j), H[i, j, l * l: (l + 1) ** 2])
                if j != i:
                    H[j, i, l * l: (l + 1) ** 2] = H[i, j, l * l: (l + 1) ** 2]
    return H
