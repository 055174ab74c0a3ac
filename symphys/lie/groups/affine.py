"""Affine groups R^n ⋊ H, H in {GL+(n), SL(n), SO(n)}, in homogeneous (n+1) x (n+1) form."""

from __future__ import annotations

import math

import numpy as np
import sympy

from symphys.lie.groups._common import (
    as_vectors,
    check_entries,
    check_samples,
    check_scale,
    rng_from,
)
from symphys.lie.groups.base import MatrixGroup
from symphys.lie.groups.general_linear import GLPlus
from symphys.lie.groups.special_orthogonal import SO

__all__ = ["Affine"]


class Affine(MatrixGroup):
    """The affine group ``R^n ⋊ H`` acting on ``R^n`` by ``y -> h y + x``.

    Elements are ``(n+1) x (n+1)`` matrices ``[[h, x], [0, 1]]``, so ``compose`` is the matrix
    product: ``(h1, x1)(h2, x2) = (h1 h2, h1 x2 + x1)``.

    Haar measures (H unimodular, with its Haar measure ``dmu_H`` as stated by ``H``):
    left ``|det h|^(-1) dx dmu_H(h)``, right ``dx dmu_H(h)``. Modular function, with the
    convention ``mu_L(E g) = Delta(g) mu_L(E)`` (Folland, *A course in abstract harmonic
    analysis*, 2.4): ``Delta(h, x) = |det h|^(-1)``, identically 1 for SL(n) and SO(n).

    >>> import numpy as np
    >>> A = Affine(GLPlus(2))
    >>> g = A.from_parts(np.diag([2.0, 1.0]), [1.0, -1.0])
    >>> A.act(g, [1.0, 1.0])
    array([3., 0.])
    >>> float(A.modular_function(g))
    0.5
    """

    def __init__(self, H: MatrixGroup):
        if not isinstance(H, (GLPlus, SO)):
            raise TypeError(f"H must be GLPlus(n), SL(n) or SO(n), got {H!r}")
        check_entries((H.n + 1) ** 2, f"Affine({H!r}): one {H.n + 1} x {H.n + 1} matrix")
        self.H = H
        self.n = H.n
        self.matrix_size = H.n + 1

    @property
    def name(self) -> str:
        return f"R^{self.n} ⋊ {self.H.name}"

    def __repr__(self) -> str:
        return f"Affine({self.H!r})"

    @property
    def dim(self) -> int:
        """``n + dim H``.

        >>> Affine(GLPlus(2)).dim
        6
        """
        return self.n + self.H.dim

    def parts(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(h, x)`` of ``g = [[h, x], [0, 1]]``: shapes ``(..., n, n)``, ``(..., n)``.

        >>> Affine(SO(2)).parts(np.eye(3))[1]
        array([0., 0.])
        """
        g = self._as(g, "g")
        return g[..., :-1, :-1].copy(), g[..., :-1, -1].copy()

    def from_parts(self, h: np.ndarray, x: np.ndarray) -> np.ndarray:
        """``[[h, x], [0, 1]]`` (batched, broadcast), with ``h`` checked to lie in H.

        >>> Affine(SO(2)).from_parts(np.eye(2), [1.0, 2.0])
        array([[1., 0., 1.],
               [0., 1., 2.],
               [0., 0., 1.]])
        """
        return self._assemble(self.H.validate(h, name="h"), as_vectors(x, "x", self.n))

    def _assemble(self, h: np.ndarray, x: np.ndarray) -> np.ndarray:
        batch = np.broadcast_shapes(h.shape[:-2], x.shape[:-1])
        out = np.zeros((*batch, self.n + 1, self.n + 1))
        out[..., :-1, :-1] = h
        out[..., :-1, -1] = x
        out[..., -1, -1] = 1.0
        return out

    def _membership_error(self, g: np.ndarray, atol: float) -> tuple[np.ndarray, str]:
        last = g[..., -1, :]
        want = np.zeros(self.n + 1)
        want[-1] = 1.0
        bad_row = np.abs(last - want).max(axis=-1) > atol
        bad_h, rule = self.H._membership_error(g[..., :-1, :-1], atol)
        return bad_row | bad_h, f"last row (0, ..., 0, 1) and h: {rule}"

    def inverse(self, g: np.ndarray) -> np.ndarray:
        """``(h^-1, -h^-1 x)``.

        >>> Affine(GLPlus(1)).inverse([[2.0, 4.0], [0.0, 1.0]])
        array([[ 0.5, -2. ],
               [ 0. ,  1. ]])
        """
        h, x = self.parts(self.validate(g))
        hinv = self.H.inverse(h)
        return self.from_parts(hinv, -(hinv @ x[..., :, None])[..., 0])

    def act(self, g: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``h y + x`` for points ``y`` of shape ``(..., n)``.

        >>> Affine(SO(2)).act(Affine(SO(2)).from_parts(np.eye(2), [1.0, 0.0]), [0.0, 2.0])
        array([1., 2.])
        """
        h, x = self.parts(g)
        y = as_vectors(y, "y", self.n)
        return (h @ y[..., :, None])[..., 0] + x

    def modular_function(self, g: np.ndarray) -> np.ndarray:
        """``Delta(g) = |det h|^(-1)`` (convention in the class docstring), shape ``(...)``.

        >>> Affine(SO(3)).modular_function(np.eye(4))
        array(1.)
        """
        h, _ = self.parts(self.validate(g))
        return np.asarray(1.0 / np.abs(np.linalg.det(h)))

    def haar_log_density(self, g: np.ndarray) -> np.ndarray:
        """log left Haar density ``-log|det h| + H.haar_log_density(h)`` w.r.t. ``dx`` x (H's
        reference measure).

        >>> float(Affine(GLPlus(2)).haar_log_density(np.diag([2.0, 1.0, 1.0])))  # |det h|^-3
        -2.0794415416798357
        """
        h, _ = self.parts(self.validate(g))
        return -np.log(np.abs(np.linalg.det(h))) + self.H.haar_log_density(h)

    def right_haar_log_density(self, g: np.ndarray) -> np.ndarray:
        """log right Haar density ``H.haar_log_density(h)`` w.r.t. the same reference.

        >>> float(Affine(GLPlus(2)).right_haar_log_density(np.diag([2.0, 1.0, 1.0])))
        -1.3862943611198906
        """
        h, _ = self.parts(self.validate(g))
        return self.H.haar_log_density(h)

    def sample(self, n_samples: int, *, rng: object = None, x_scale: float = 1.0,
               **options) -> tuple[np.ndarray, np.ndarray]:
        """Samples ``(h, x)``, ``h`` from ``H.sample(**options)``, ``x ~ N(0, x_scale^2 I)``, and
        log weights against the *left* Haar measure.

        >>> g, log_w = Affine(SO(2)).sample(5, rng=0)
        >>> g.shape, log_w.shape
        ((5, 3, 3), (5,))
        """
        x_scale = check_scale(x_scale, "x_scale")
        n_samples = check_samples(n_samples, self.matrix_size)
        gen = rng_from(rng)
        h, log_wh = self.H.sample(n_samples, rng=gen, **options)
        x = gen.standard_normal((int(n_samples), self.n)) * x_scale
        log_qx = (-0.5 * np.sum(x * x, axis=-1) / x_scale**2
                  - 0.5 * self.n * math.log(2 * math.pi * x_scale**2))
        log_w = log_wh - np.linalg.slogdet(h)[1] - log_qx
        return self._assemble(h, x), log_w

    def symbolic(self, *, prefix: str = "x") -> sympy.Matrix:
        """``[[h, x], [0, 1]]`` with ``h = H.symbolic()`` and symbols ``x_i``.

        >>> Affine(SO(2)).symbolic()
        Matrix([
        [cos(theta), -sin(theta), x_1],
        [sin(theta),  cos(theta), x_2],
        [         0,           0,   1]])
        """
        h = self.H.symbolic()
        x = sympy.Matrix([sympy.Symbol(f"{prefix}_{i + 1}", real=True) for i in range(self.n)])
        top = h.row_join(x)
        return top.col_join(sympy.Matrix([[0] * self.n + [1]]))
