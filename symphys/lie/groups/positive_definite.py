"""Pos(n): symmetric positive-definite matrices, as the log-Euclidean Lie group."""

from __future__ import annotations

import numpy as np
import sympy

from symphys.lie.groups import decompositions as _dec
from symphys.lie.groups._common import (
    as_matrices,
    check_matrix_n,
    check_samples,
    det_one_violation,
    finite_result,
    log_sinhc,
    pair_differences,
    rng_from,
    sym_apply,
    sym_basis,
    transpose,
)
from symphys.lie.groups.base import MatrixGroup
from symphys.lie.groups.chart import _check_symmetry
from symphys.lie.groups.haar import _SymProposal

__all__ = ["PositiveDefinite"]


class PositiveDefinite(MatrixGroup):
    """Pos(n) (``unimodular=True``: det 1), the P factor of ``G = P K``.

    Pos(n) is not closed under the matrix product. It is made a Lie group by the log-Euclidean
    law (Arsigny, Fillard, Pennec & Ayache, SIAM J. Matrix Anal. Appl. 29 (2007) 328)
    ``compose(p, q) = exp(log p + log q)``: commutative, isomorphic to (Sym(n), +) by ``log``, so
    its Haar measure is Lebesgue measure ``dX`` on ``X = log p``. Separately, Pos(n) is the
    symmetric space GL+(n)/SO(n): :meth:`congruence` is the GL+(n) action ``s -> h s hᵀ`` and
    :meth:`invariant_log_density` the measure ``det(s)^(-(n+1)/2) ds`` invariant under it (the
    dmu_P of the polar decomposition). ``act(p, q)`` is the left translation of the log-Euclidean
    group on Pos(n) itself (``p x`` on vectors is not an action of this group law).

    >>> import numpy as np
    >>> G = PositiveDefinite(2)
    >>> p, q = np.diag([2.0, 3.0]), np.diag([5.0, 1.0])
    >>> G.compose(p, q)        # commuting matrices: the ordinary product
    array([[10.,  0.],
           [ 0.,  3.]])
    >>> G.contains(np.array([[1.0, 2.0], [2.0, 1.0]]))   # eigenvalue -1
    array(False)
    """

    def __init__(self, n: int, *, unimodular: bool = False):
        self.n = check_matrix_n(n)
        self.matrix_size = self.n
        self.unimodular = bool(unimodular)

    @property
    def name(self) -> str:
        return f"Pos({self.n}){', det 1' if self.unimodular else ''}"

    def __repr__(self) -> str:
        return f"PositiveDefinite({self.n}, unimodular={self.unimodular})"

    @property
    def dim(self) -> int:
        """Dimension: ``n(n+1)/2`` (minus 1 when unimodular).

        >>> PositiveDefinite(3).dim
        6
        """
        return self.n * (self.n + 1) // 2 - int(self.unimodular)

    def _membership_error(self, g: np.ndarray, atol: float) -> tuple[np.ndarray, str]:
        asym = np.linalg.norm(g - transpose(g), axis=(-1, -2)) > atol
        bad = asym | (np.linalg.eigvalsh(0.5 * (g + transpose(g)))[..., 0] <= 0)
        rule = "g = gᵀ with positive eigenvalues"
        if self.unimodular:
            bad = bad | det_one_violation(g, atol)[0]
            rule += " and det g = 1"
        return bad, rule

    # ---- group law (log-Euclidean) -----------------------------------------------------------
    def compose(self, g: np.ndarray, h: np.ndarray) -> np.ndarray:
        """``exp(log g + log h)``, shape ``(..., n, n)``.

        >>> G = PositiveDefinite(2)
        >>> p = np.array([[2.0, 1.0], [1.0, 2.0]])
        >>> bool(np.allclose(G.compose(p, p), p @ p))    # powers of one p commute
        True
        """
        return self.exp(self.log(g) + self.log(h))

    def inverse(self, g: np.ndarray) -> np.ndarray:
        """``g^-1`` (the inverse for both the matrix and the log-Euclidean product).

        >>> PositiveDefinite(2).inverse(np.diag([2.0, 4.0]))
        array([[0.5 , 0.  ],
               [0.  , 0.25]])
        """
        return sym_apply(self.validate(g), lambda w: 1.0 / w)

    def act(self, g: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Left translation ``compose(g, x)`` of Pos(n) on itself (``x`` in Pos(n)).

        >>> PositiveDefinite(1).act([[2.0]], [[3.0]])
        array([[6.]])
        """
        return self.compose(g, x)

    def congruence(self, h: np.ndarray, s: np.ndarray) -> np.ndarray:
        """The GL+(n) action ``h s hᵀ`` on Pos(n), batched: ``(..., n, n)``.

        >>> PositiveDefinite(2).congruence(np.array([[1.0, 1.0], [0.0, 1.0]]), np.eye(2))
        array([[2., 1.],
               [1., 1.]])
        """
        h = as_matrices(h, "h", self.n)
        s = self.validate(s, name="s")
        out = h @ s @ transpose(h)
        return 0.5 * (out + transpose(out))

    # ---- Lie algebra -------------------------------------------------------------------------
    def split(self) -> tuple[np.ndarray, np.ndarray]:
        """``(p, k)``: p = Sym(n) (traceless when unimodular), k = {0}.

        >>> [b.shape for b in PositiveDefinite(2).split()]
        [(3, 2, 2), (0, 2, 2)]
        """
        return sym_basis(self.n, self.unimodular), np.zeros((0, self.n, self.n))

    def lie_algebra_basis(self) -> np.ndarray:
        """Basis of Sym(n) (traceless when unimodular), see :meth:`split`.

        >>> PositiveDefinite(2, unimodular=True).lie_algebra_basis().shape
        (2, 2, 2)
        """
        return self.split()[0]

    def exp(self, X: np.ndarray) -> np.ndarray:
        """``exp(X)`` for symmetric ``X`` (traceless if unimodular), via eigh.

        >>> PositiveDefinite(1).exp([[1.0]])
        array([[2.71828183]])
        """
        X = as_matrices(X, "X", self.n)
        _check_symmetry(X, "X", +1)
        if self.unimodular and np.any(np.abs(np.trace(X, axis1=-2, axis2=-1)) > 1e-10 * np.maximum(
                np.linalg.norm(X, axis=(-1, -2)), 1.0)):
            raise ValueError("X must be traceless for unimodular Pos(n)")
        with np.errstate(all="ignore"):
            out = sym_apply(0.5 * (X + transpose(X)), np.exp)
        return finite_result(out, "X")

    def log(self, g: np.ndarray) -> np.ndarray:
        """Symmetric logarithm, via eigh.

        >>> PositiveDefinite(2).log(np.diag([1.0, np.e]))
        array([[0., 0.],
               [0., 1.]])
        """
        return sym_apply(self.validate(g), np.log)

    def in_image_of_exp(self, g: np.ndarray) -> np.ndarray:
        """Always True for elements (``exp: Sym(n) -> Pos(n)`` is a bijection).

        >>> PositiveDefinite(2).in_image_of_exp(np.eye(2))
        array(True)
        """
        return np.ones(self.validate(g).shape[:-2], dtype=bool)

    def polar(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(g, I)``.

        >>> PositiveDefinite(1).polar([[2.0]])
        (array([[2.]]), array([[1.]]))
        """
        g = self.validate(g)
        return g.copy(), np.broadcast_to(np.eye(self.n), g.shape).copy()

    def kak(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``g = K1 A K2`` as for GL+(n), see :func:`symphys.lie.groups.kak`.

        >>> [a.shape for a in PositiveDefinite(3).kak(np.eye(3))]
        [(3, 3), (3, 3), (3, 3)]
        """
        return _dec.kak(self.validate(g))

    def iwasawa(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``g = K A N`` as for GL+(n), see :func:`symphys.lie.groups.iwasawa`.

        >>> [a.shape for a in PositiveDefinite(3).iwasawa(np.eye(3))]
        [(3, 3), (3, 3), (3, 3)]
        """
        return _dec.iwasawa(self.validate(g))

    def chart(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(log g, 0)``.

        >>> PositiveDefinite(1).chart([[1.0]])
        (array([[0.]]), array([[0.]]))
        """
        X = self.log(g)
        return X, np.zeros_like(X)

    def from_chart(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """``exp(X)``; ``Y`` must be zero.

        >>> PositiveDefinite(1).from_chart([[0.0]], [[0.0]])
        array([[1.]])
        """
        if np.any(as_matrices(Y, "Y", self.n) != 0):
            raise ValueError("Y must be 0 for Pos(n) (k = {0})")
        return self.exp(X)

    # ---- measures ------------------------------------------------------------------------------
    def _log_jac_exp(self, x: np.ndarray) -> np.ndarray:
        """log |det D exp| at X (eigenvalues x) on Sym(n) w.r.t. prod_{i<=j} dx_ij."""
        n = self.n
        return 0.5 * (n + 1) * x.sum(-1) + log_sinhc(0.5 * pair_differences(x)).sum(-1)

    def haar_log_density(self, g: np.ndarray) -> np.ndarray:
        """log density of the log-Euclidean Haar measure ``dX`` w.r.t. ``prod_{i<=j} dg_ij``.

        (For unimodular: w.r.t. ``delta(det g - 1) prod dg_ij``.) Equals
        ``-[(n+1)/2 sum_i x_i + sum_{i<j} log sinhc((x_i - x_j)/2)]``, ``x = eig(log g)``.

        >>> float(PositiveDefinite(1).haar_log_density([[2.0]]))   # dX = dg / g
        -0.6931471805599453
        """
        x = np.log(np.linalg.eigvalsh(self.validate(g)))
        return -self._log_jac_exp(x)

    def invariant_log_density(self, g: np.ndarray) -> np.ndarray:
        """log of ``det(g)^(-(n+1)/2)``: the GL+(n)-congruence-invariant measure w.r.t. ``dg``.

        >>> float(PositiveDefinite(2).invariant_log_density(np.eye(2) * np.e))
        -3.0
        """
        g = self.validate(g)
        return -0.5 * (self.n + 1) * np.linalg.slogdet(g)[1]

    def sample(self, n_samples: int, *, rng: object = None, scale: float = 1.0,
               proposal: str = "lognormal", df: float = 5.0,
               measure: str = "haar") -> tuple[np.ndarray, np.ndarray]:
        """Samples ``exp(X)`` (X from ``proposal``, see :class:`GLPlus.sample`) and log weights.

        ``measure="haar"``: weights against the log-Euclidean Haar ``dX``; ``"invariant"``:
        against the congruence-invariant ``det(s)^(-(n+1)/2) ds``, whose density in X is
        ``prod_{i<j} sinh((x_i - x_j)/2) / ((x_i - x_j)/2)``.

        >>> p, log_w = PositiveDefinite(2).sample(4, rng=0, measure="invariant")
        >>> p.shape, log_w.shape
        ((4, 2, 2), (4,))
        """
        if measure not in ("haar", "invariant"):
            raise ValueError(f"measure={measure!r} must be 'haar' or 'invariant'")
        n_samples = check_samples(n_samples, self.matrix_size)
        gen = rng_from(rng)
        prop = _SymProposal(self.n, self.unimodular, scale, proposal, df)
        X = prop.sample(int(n_samples), gen)
        x, v = np.linalg.eigh(X)
        prop.check_eigenvalues(x)
        P = (v * np.exp(x)[..., None, :]) @ transpose(v)
        log_w = -prop.log_density(X)
        if measure == "invariant":
            log_w = log_w + log_sinhc(0.5 * pair_differences(x)).sum(-1)
        return 0.5 * (P + transpose(P)), log_w

    def symbolic(self, *, prefix: str = "p") -> sympy.Matrix:
        """A generic symmetric matrix of symbols ``p_ij`` (i <= j); unimodular: ``p_nn`` solved.

        >>> PositiveDefinite(2).symbolic()
        Matrix([
        [p_11, p_12],
        [p_12, p_22]])
        """
        if self.n > 6:
            raise ValueError(f"n={self.n} violates n <= 6 for symbolic elements")
        M = sympy.Matrix(self.n, self.n, lambda i, j: sympy.Symbol(
            f"{prefix}_{min(i, j) + 1}{max(i, j) + 1}", real=True))
        if self.unimodular:
            last = M[self.n - 1, self.n - 1]
            M[self.n - 1, self.n - 1] = sympy.factor(sympy.solve(sympy.Eq(M.det(), 1), last)[0])
        return M

