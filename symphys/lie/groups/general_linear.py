"""GL+(n, R): real n x n matrices with positive determinant."""

from __future__ import annotations

import math

import numpy as np
import sympy

from symphys.lie.groups import chart as _chart
from symphys.lie.groups import decompositions as _dec
from symphys.lie.groups import logarithm as _log
from symphys.lie.groups._common import (
    as_matrices,
    bad_indices,
    check_matrix_n,
    check_samples,
    check_small_scale,
    log_sinhc,
    pair_differences,
    rng_from,
    skew_basis,
    so_log_haar_jacobian,
    sym_basis,
    transpose,
)
from symphys.lie.groups.base import MatrixGroup
from symphys.lie.groups.haar import _log_c_gl, _SymProposal, haar_so, log_so_volume
from symphys.lie.groups.special_orthogonal import SO

__all__ = ["GLPlus"]


class GLPlus(MatrixGroup):
    """GL+(n, R), the identity component of GL(n, R), acting linearly on ``R^n``.

    Lie algebra gl(n) = p + k with p = Sym(n) and k = so(n); G = P K (polar/Cartan) with P the
    positive-definite matrices. Haar measure (left = right, the group is unimodular):
    ``|det g|^(-n) dg`` with ``dg`` Lebesgue on the ``n^2`` entries; see
    :mod:`symphys.lie.groups.haar` for its form in polar and chart coordinates.

    >>> import numpy as np
    >>> G = GLPlus(2)
    >>> g = np.array([[2.0, 1.0], [0.0, 1.0]])
    >>> bool(np.allclose(G.compose(g, G.inverse(g)), G.identity()))
    True
    >>> G.contains(np.array([[0.0, 1.0], [1.0, 0.0]]))   # det = -1
    array(False)
    """

    _traceless = False

    def __init__(self, n: int):
        self.n = check_matrix_n(n)
        self.matrix_size = self.n

    @property
    def name(self) -> str:
        return f"GL+({self.n})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.n})"

    @property
    def dim(self) -> int:
        """Dimension of the group manifold (``n^2``; ``n^2 - 1`` for SL).

        >>> GLPlus(3).dim
        9
        """
        return self.n * self.n - int(self._traceless)

    def _membership_error(self, g: np.ndarray, atol: float) -> tuple[np.ndarray, str]:
        # slogdet: the sign survives entries whose determinant underflows (1e-308 * I)
        return np.linalg.slogdet(g)[0] <= 0, "det g > 0"

    def validate(self, g: np.ndarray, *, name: str = "g", atol: float = 1e-10) -> np.ndarray:
        """``g`` as a float array if every entry is in GL+(n) (see
        :meth:`~symphys.lie.groups.base.MatrixGroup.validate`); elements whose entries are all
        below :data:`~symphys.lie.groups._common.MIN_ABS_ENTRY` are refused in words (their
        products underflow).

        >>> GLPlus(2).validate(1e-300 * np.eye(2))
        Traceback (most recent call last):
            ...
        ValueError: g has all entries below the supported range at batch indices [()] ...
        """
        arr = super().validate(g, name=name, atol=atol)
        check_small_scale(arr, name)
        return arr

    # ---- Lie algebra -------------------------------------------------------------------------
    def split(self) -> tuple[np.ndarray, np.ndarray]:
        """Bases of p (symmetric; traceless for SL) and k = so(n): ``(dim p, n, n), (dim k, n, n)``.

        p: ``E_ii`` (SL: ``E_ii - E_nn``, i < n) then ``E_ij + E_ji`` (i < j);
        k: ``E_ji - E_ij`` (i < j). Their coefficients are the chart coordinates in which the
        Haar densities are stated.

        >>> p, k = GLPlus(2).split()
        >>> p.shape, k.shape
        ((3, 2, 2), (1, 2, 2))
        >>> k[0]
        array([[ 0., -1.],
               [ 1.,  0.]])
        """
        return sym_basis(self.n, self._traceless), skew_basis(self.n)

    def lie_algebra_basis(self) -> np.ndarray:
        """The basis of :meth:`split`, p first then k: shape ``(dim, n, n)``.

        >>> GLPlus(3).lie_algebra_basis().shape
        (9, 3, 3)
        """
        p, k = self.split()
        return np.concatenate([p, k])

    def exp(self, X: np.ndarray) -> np.ndarray:
        """Matrix exponential of Lie algebra elements ``(..., n, n)``.

        >>> float(np.linalg.det(GLPlus(2).exp(np.diag([1.0, 2.0]))))  # doctest: +ELLIPSIS
        20.08553...
        """
        return _log.exp(self._algebra(X))

    def log(self, g: np.ndarray) -> np.ndarray:
        """Real (principal where it exists) logarithm; :class:`NoRealLogarithm` names failures.

        >>> GLPlus(2).log(np.diag([1.0, np.e]))
        array([[0., 0.],
               [0., 1.]])
        """
        L = _log.log(self.validate(g))
        if self._traceless:
            L = L - (np.trace(L, axis1=-2, axis2=-1) / self.n)[..., None, None] * np.eye(self.n)
        return L

    def in_image_of_exp(self, g: np.ndarray) -> np.ndarray:
        """Whether ``g = exp(X)`` for some X in the Lie algebra: bool array ``(...)``.

        For GL+(n) this is the existence of a real logarithm (Culver's criterion, see
        :func:`has_real_log`); for SL(n) the same, since a real logarithm X of a det-1 matrix has
        ``tr X = log det g = 0``.

        >>> GLPlus(3).in_image_of_exp(np.diag([-1.0, -2.0, 0.5]))
        array(False)
        """
        return _log.has_real_log(self.validate(g))

    def _algebra(self, X: object) -> np.ndarray:
        X = as_matrices(X, "X", self.n)
        if self._traceless:
            tr = np.trace(X, axis1=-2, axis2=-1)
            scale = np.maximum(np.linalg.norm(X, axis=(-1, -2)), 1.0)
            if np.any(np.abs(tr) > 1e-10 * scale):
                raise ValueError(f"X must be traceless for {self.name}")
        return X

    # ---- decompositions -----------------------------------------------------------------------
    def polar(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``g = P K``, see :func:`symphys.lie.groups.polar` (P has det 1 for SL).

        >>> P, K = GLPlus(3).polar(np.diag([2.0, 3.0, 4.0]))
        >>> np.diag(P), bool(np.allclose(K, np.eye(3)))
        (array([2., 3., 4.]), True)
        """
        return _dec.polar(self.validate(g))

    def kak(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``g = K1 A K2``, see :func:`symphys.lie.groups.kak`.

        >>> [a.shape for a in GLPlus(3).kak(np.eye(3))]
        [(3, 3), (3, 3), (3, 3)]
        """
        return _dec.kak(self.validate(g))

    def iwasawa(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``g = K A N``, see :func:`symphys.lie.groups.iwasawa`.

        >>> K, A, N = GLPlus(2).iwasawa(np.array([[1.0, 1.0], [0.0, 2.0]]))
        >>> np.diag(A)
        array([1., 2.])
        """
        return _dec.iwasawa(self.validate(g))

    def chart(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(X, Y)`` with ``g = exp(X) exp(Y)``; see :func:`symphys.lie.groups.chart`.

        >>> X, Y = GLPlus(2).chart(np.diag([np.e, 1.0]))
        >>> X
        array([[1., 0.],
               [0., 0.]])
        """
        X, Y = _chart.chart(self.validate(g))
        if self._traceless:
            X = X - (np.trace(X, axis1=-2, axis2=-1) / self.n)[..., None, None] * np.eye(self.n)
        return X, Y

    def from_chart(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """``exp(X) exp(Y)`` (X symmetric, traceless for SL; Y skew).

        >>> GLPlus(2).from_chart(np.zeros((2, 2)), np.zeros((2, 2)))
        array([[1., 0.],
               [0., 1.]])
        """
        return _chart.from_chart(self._algebra(X), Y)

    # ---- Haar measure -------------------------------------------------------------------------
    def haar_log_density(self, g: np.ndarray) -> np.ndarray:
        """log of the Haar density ``|det g|^(-n)`` w.r.t. Lebesgue measure on the entries.

        >>> float(GLPlus(2).haar_log_density(2.0 * np.eye(2)))  # -2 log 4
        -2.772588722239781
        """
        g = self.validate(g)
        return -self.n * np.linalg.slogdet(g)[1]

    def _log_density_x(self, x_eigs: np.ndarray) -> np.ndarray:
        """log density of Haar w.r.t. dX dk (dk the Haar probability on SO(n))."""
        n = self.n
        return (_log_c_gl(n) + 0.5 * n * (n + 1) * math.log(2.0)
                + log_sinhc(pair_differences(x_eigs)).sum(-1))

    def haar_log_density_polar(self, P: np.ndarray, K: np.ndarray) -> np.ndarray:
        """log density of Haar at ``g = P K`` w.r.t. ``prod_{i<=j} dP_ij`` x (Haar probability dk).

        Equal to ``log c_n - (n+1) log det P + n log 2 + sum_i log p_i + sum_{i<j} log(p_i+p_j)``
        with ``p_i`` the eigenvalues of P (for SL the reference is ``delta(det P - 1) dP dk``).

        >>> GLPlus(1).haar_log_density_polar(np.array([[2.0]]), np.array([[1.0]])).round(12)  # 1/p
        np.float64(-0.693147180560)
        """
        P = as_matrices(P, "P", self.n)
        K = SO(self.n).validate(K, name="K", atol=1e-8)
        p = np.linalg.eigvalsh(P)
        if np.any(p <= 0):
            raise ValueError(f"P must be positive definite; eigenvalues <= 0 at batch indices "
                             f"{bad_indices(np.any(p <= 0, axis=-1))}")
        i, j = np.triu_indices(self.n, k=1)
        n = self.n
        return (_log_c_gl(n) - (n + 1) * np.log(p).sum(-1) + n * math.log(2.0)
                + np.log(p).sum(-1) + np.log(p[..., i] + p[..., j]).sum(-1)
                + np.zeros(K.shape[:-2]))

    def haar_log_density_chart(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """log density of Haar at ``exp(X) exp(Y)`` w.r.t. Lebesgue ``dX dY`` in chart coordinates.

        ``dX`` on ``x_ij`` (i <= j; SL: the traceless coordinates), ``dY`` on ``y_ij`` (i < j) with
        ``Y = sum y_ij (E_ji - E_ij)``; ``Y`` must lie in the principal domain (angles <= pi).

        >>> float(GLPlus(1).haar_log_density_chart([[0.3]], [[0.0]]))  # dg/g = dX for g = e^X
        0.0
        """
        X = self._algebra(X)
        Y = as_matrices(Y, "Y", self.n)
        x = np.linalg.eigvalsh(X)
        return (self._log_density_x(x) + so_log_haar_jacobian(Y)
                - log_so_volume(self.n))

    def sample(self, n_samples: int, *, rng: object = None, scale: float = 1.0,
               proposal: str = "logt", df: float = 5.0) -> tuple[np.ndarray, np.ndarray]:
        """Importance samples ``g = exp(X) K`` and log weights ``log dHaar/dq``.

        ``K`` is exact Haar on SO(n); ``X`` is drawn from the isotropic ``proposal`` of width
        ``scale`` on Sym(n) (traceless for SL): ``"logt"`` (default: Student-t X with ``df``
        degrees of freedom) or ``"lognormal"`` (Gaussian X, the choice of Mironenco & Forré,
        arXiv:2310.11366). The Haar density grows exponentially in X, so Gaussian weights have
        infinite variance for integrands that decay only exponentially in X (such as
        ``exp(-|g|^2) det(g)^2``: a third of the 2-sigma intervals then missed the value); the
        polynomial tails of ``"logt"`` keep the variance finite for every integrand decaying
        exponentially in X, and :meth:`integrate` warns when the weights look heavy-tailed.
        ``mean(f(g) exp(log_w))`` is an unbiased estimate of ``int f dHaar``. With ``"logt"`` a few
        samples have eigenvalues of X of tens of units, so g is extremely ill-conditioned there
        and a computed ``det(g)`` can even come out <= 0; integrands should use ``|det g|``.

        Returns ``g`` ``(n_samples, n, n)`` and ``log_w`` ``(n_samples,)``.

        >>> g, log_w = GLPlus(2).sample(3, rng=0)
        >>> g.shape, log_w.shape, bool(np.all(np.linalg.det(g) > 0))
        ((3, 2, 2), (3,), True)
        """
        n_samples = check_samples(n_samples, self.matrix_size)
        gen = rng_from(rng)
        prop = _SymProposal(self.n, self._traceless, scale, proposal, df)
        X = prop.sample(int(n_samples), gen)
        K = haar_so(self.n, int(n_samples), rng=gen)
        x, v = np.linalg.eigh(X)
        prop.check_eigenvalues(x)
        P = (v * np.exp(x)[..., None, :]) @ transpose(v)
        log_w = self._log_density_x(x) - prop.log_density(X)
        return P @ K, log_w

    # ---- exact ---------------------------------------------------------------------------------
    def symbolic(self, *, prefix: str = "g") -> sympy.Matrix:
        """A generic element as a sympy matrix of real symbols ``g_ij`` (1-based), for small n.

        >>> GLPlus(2).symbolic()
        Matrix([
        [g_11, g_12],
        [g_21, g_22]])
        """
        if self.n > 6:
            raise ValueError(f"n={self.n} violates n <= 6 for symbolic elements")
        return sympy.Matrix(self.n, self.n,
                            lambda i, j: sympy.Symbol(f"{prefix}_{i + 1}{j + 1}", real=True))

