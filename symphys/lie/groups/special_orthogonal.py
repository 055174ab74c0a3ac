"""SO(n): rotation matrices, with exact Haar sampling."""

from __future__ import annotations

import numpy as np
import scipy.linalg
import sympy

from symphys.lie.groups import decompositions as _dec
from symphys.lie.groups._common import (
    as_matrices,
    check_matrix_n,
    check_samples,
    rng_from,
    skew_basis,
    so_log_haar_jacobian,
    transpose,
)
from symphys.lie.groups.base import MatrixGroup
from symphys.lie.groups.chart import _check_symmetry
from symphys.lie.groups.haar import haar_so, log_so_volume, so_volume
from symphys.lie.groups.logarithm import _log_rotation

__all__ = ["SO"]


class SO(MatrixGroup):
    """SO(n), acting on ``R^n`` by rotations.

    Haar measure: the Riemannian volume of the metric ``1/2 tr(Aᵀ B)`` on so(n), total mass
    :meth:`volume` (``2 pi`` for SO(2), ``8 pi^2`` for SO(3)); divide by it for averages.
    ``exp: so(n) -> SO(n)`` is surjective; :meth:`log` returns the skew logarithm with rotation
    angles in ``[0, pi]``.

    >>> import numpy as np
    >>> G = SO(3)
    >>> R = G.exp(np.array([[0.0, -np.pi, 0], [np.pi, 0, 0], [0, 0, 0]]))   # rotation by pi
    >>> bool(np.allclose(G.exp(G.log(R)), R))
    True
    """

    def __init__(self, n: int):
        self.n = check_matrix_n(n)
        self.matrix_size = self.n

    @property
    def name(self) -> str:
        return f"SO({self.n})"

    def __repr__(self) -> str:
        return f"SO({self.n})"

    @property
    def dim(self) -> int:
        """Dimension of the group manifold, ``n(n-1)/2``.

        >>> SO(4).dim
        6
        """
        return self.n * (self.n - 1) // 2

    def _membership_error(self, g: np.ndarray, atol: float) -> tuple[np.ndarray, str]:
        err = np.linalg.norm(transpose(g) @ g - np.eye(self.n), axis=(-1, -2))
        return (err > atol) | (np.linalg.det(g) <= 0), f"gᵀg = I (to {atol}) and det g = +1"

    def inverse(self, g: np.ndarray) -> np.ndarray:
        """``gᵀ``.

        >>> SO(2).inverse([[0.0, -1.0], [1.0, 0.0]])
        array([[ 0.,  1.],
               [-1.,  0.]])
        """
        return transpose(self._as(g, "g")).copy()

    def volume(self) -> float:
        """Total Haar mass, see :func:`symphys.lie.groups.so_volume`.

        >>> import math
        >>> SO(2).volume() == 2 * math.pi
        True
        """
        return so_volume(self.n)

    # ---- Lie algebra -------------------------------------------------------------------------
    def split(self) -> tuple[np.ndarray, np.ndarray]:
        """``(p, k)`` bases: p = {0} (shape ``(0, n, n)``), k = so(n) with ``E_ji - E_ij``.

        >>> [b.shape for b in SO(3).split()]
        [(0, 3, 3), (3, 3, 3)]
        """
        return np.zeros((0, self.n, self.n)), skew_basis(self.n)

    def lie_algebra_basis(self) -> np.ndarray:
        """so(n) basis ``E_ji - E_ij`` (i < j), shape ``(n(n-1)/2, n, n)``.

        >>> SO(2).lie_algebra_basis()
        array([[[ 0., -1.],
                [ 1.,  0.]]])
        """
        return skew_basis(self.n)

    def exp(self, Y: np.ndarray) -> np.ndarray:
        """``exp(Y)`` for skew-symmetric ``Y`` ``(..., n, n)``.

        >>> np.round(SO(2).exp([[0.0, -np.pi], [np.pi, 0.0]]), 12) + 0.0
        array([[-1.,  0.],
               [ 0., -1.]])
        """
        Y = as_matrices(Y, "Y", self.n)
        _check_symmetry(Y, "Y", -1)
        return np.asarray(scipy.linalg.expm(Y), dtype=np.float64)

    def log(self, g: np.ndarray) -> np.ndarray:
        """Skew-symmetric logarithm with rotation angles in ``[0, pi]``, batched.

        >>> SO(2).log([[0.0, -1.0], [1.0, 0.0]]).round(6)
        array([[ 0.      , -1.570796],
               [ 1.570796,  0.      ]])
        """
        return _log_rotation(self.validate(g))

    def in_image_of_exp(self, g: np.ndarray) -> np.ndarray:
        """Always True for elements (exp is surjective on a compact connected group).

        >>> SO(3).in_image_of_exp(np.eye(3))
        array(True)
        """
        return np.ones(self.validate(g).shape[:-2], dtype=bool)

    # ---- decompositions (trivial) ------------------------------------------------------------
    def polar(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(I, g)``.

        >>> SO(2).polar(np.eye(2))[0]
        array([[1., 0.],
               [0., 1.]])
        """
        g = self.validate(g)
        return np.broadcast_to(np.eye(self.n), g.shape).copy(), g.copy()

    def kak(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``g = K1 A K2`` as for GL+(n), see :func:`symphys.lie.groups.kak`.

        >>> [a.shape for a in SO(3).kak(np.eye(3))]
        [(3, 3), (3, 3), (3, 3)]
        """
        return _dec.kak(self.validate(g))

    def iwasawa(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``g = K A N`` as for GL+(n), see :func:`symphys.lie.groups.iwasawa`.

        >>> [a.shape for a in SO(3).iwasawa(np.eye(3))]
        [(3, 3), (3, 3), (3, 3)]
        """
        return _dec.iwasawa(self.validate(g))

    def chart(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(0, log g)``.

        >>> SO(2).chart(np.eye(2))[1] + 0.0
        array([[0., 0.],
               [0., 0.]])
        """
        Y = self.log(g)
        return np.zeros_like(Y), Y

    def from_chart(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """``exp(Y)``; ``X`` must be zero.

        >>> SO(2).from_chart(np.zeros((2, 2)), np.zeros((2, 2)))
        array([[1., 0.],
               [0., 1.]])
        """
        X = as_matrices(X, "X", self.n)
        if np.any(X != 0):
            raise ValueError("X must be 0 for SO(n) (p = {0})")
        return self.exp(Y)

    # ---- Haar ------------------------------------------------------------------------------------
    def haar_log_density(self, g: np.ndarray) -> np.ndarray:
        """0: Haar is the Riemannian volume itself (reference measure).

        >>> SO(3).haar_log_density(np.eye(3))
        array(0.)
        """
        return np.zeros(self.validate(g).shape[:-2])

    def haar_log_density_chart(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """log Haar density at ``exp(Y)`` w.r.t. ``dY = prod_{i<j} dy_ij`` (``X`` = 0, ignored).

        For SO(3): ``2 (1 - cos theta) / theta^2`` at rotation angle theta.

        >>> th = 2.0
        >>> Y = np.array([[0, -th, 0], [th, 0, 0], [0, 0, 0]])
        >>> bool(np.isclose(np.exp(SO(3).haar_log_density_chart(0 * Y, Y)),
        ...                 2 * (1 - np.cos(th)) / th**2))
        True
        """
        Y = as_matrices(Y, "Y", self.n)
        return so_log_haar_jacobian(Y)

    def sample(self, n_samples: int, *, rng: object = None) -> tuple[np.ndarray, np.ndarray]:
        """Exact Haar samples (QR with sign fix) and log weights ``log vol SO(n)`` (constant).

        >>> R, log_w = SO(3).sample(2, rng=1)
        >>> R.shape, bool(np.allclose(log_w, np.log(8 * np.pi**2)))
        ((2, 3, 3), True)
        """
        n_samples = check_samples(n_samples, self.matrix_size)
        gen = rng_from(rng)
        R = haar_so(self.n, n_samples, rng=gen)
        return R, np.full(int(n_samples), log_so_volume(self.n))

    def symbolic(self, *angles: sympy.Symbol) -> sympy.Matrix:
        """SO(2): rotation by ``theta``; SO(3): ``R_z(alpha) R_y(beta) R_z(gamma)`` (ZYZ Euler).

        >>> SO(2).symbolic()
        Matrix([
        [cos(theta), -sin(theta)],
        [sin(theta),  cos(theta)]])
        """
        def rot(t: sympy.Expr, i: int, j: int) -> sympy.Matrix:
            M = sympy.eye(self.n)
            M[i, i], M[i, j], M[j, i], M[j, j] = sympy.cos(t), -sympy.sin(t), sympy.sin(t), \
                sympy.cos(t)
            return M

        if self.n == 2:
            (t,) = angles or (sympy.Symbol("theta", real=True),)
            return rot(t, 0, 1)
        if self.n == 3:
            a, b, c = angles or sympy.symbols("alpha beta gamma", real=True)
            return rot(a, 0, 1) * rot(b, 2, 0) * rot(c, 0, 1)
        raise ValueError(f"n={self.n} violates n in (2, 3) for symbolic SO(n) elements")
