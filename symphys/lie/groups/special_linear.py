"""SL(n, R): real n x n matrices with determinant 1."""

from __future__ import annotations

import numpy as np
import sympy

from symphys.lie.groups._common import det_one_violation
from symphys.lie.groups.general_linear import GLPlus

__all__ = ["SL"]


class SL(GLPlus):
    """SL(n, R), acting linearly on ``R^n``; everything as :class:`GLPlus` with traceless X.

    Membership: ``|det g - 1| <= atol + min(10 n eps cond_F(g), 1e-6)`` (the determinant of an
    ill-conditioned matrix is computed only to about ``n eps cond(g)``). Lie algebra
    sl(n) = p + k with p the traceless symmetric matrices. ``exp`` is not surjective: for SL(2)
    its image is ``{tr g > -2}`` together with ``-I``; the chart ``g = exp(X) exp(Y)`` reaches
    every element.

    Haar measure: the disintegration of GL+(n)'s ``|det g|^(-n) dg`` along ``t = log det g``,
    ``int_{GL+} F = int dt int_{SL} F(e^(t/n) g) dmu_SL(g)``; w.r.t. ``delta(det g - 1) dg`` its
    density is 1, so :meth:`haar_log_density` is 0.

    >>> import numpy as np
    >>> G = SL(2)
    >>> g = np.array([[-2.0, 0.0], [0.0, -0.5]])      # trace -2.5 < -2
    >>> G.contains(g), G.in_image_of_exp(g)
    (array(True), array(False))
    >>> X, Y = G.chart(g)
    >>> bool(np.allclose(G.from_chart(X, Y), g)), float(np.trace(X))
    (True, 0.0)
    """

    _traceless = True

    @property
    def name(self) -> str:
        return f"SL({self.n})"

    def _membership_error(self, g: np.ndarray, atol: float) -> tuple[np.ndarray, str]:
        return det_one_violation(g, atol)

    def haar_log_density(self, g: np.ndarray) -> np.ndarray:
        """0: the Haar density w.r.t. ``delta(det g - 1) dg`` (see the class docstring).

        >>> SL(2).haar_log_density(np.eye(2))
        array(0.)
        """
        g = self.validate(g)
        return np.zeros(g.shape[:-2])

    def symbolic(self, *, prefix: str = "g") -> sympy.Matrix:
        """A generic element: symbols ``g_ij`` with ``g_nn`` solved from ``det g = 1``.

        >>> SL(2).symbolic()
        Matrix([
        [g_11,                 g_12],
        [g_21, (g_12*g_21 + 1)/g_11]])
        """
        M = super().symbolic(prefix=prefix)
        last = M[self.n - 1, self.n - 1]
        sol = sympy.solve(sympy.Eq(M.det(), 1), last)
        M[self.n - 1, self.n - 1] = sympy.factor(sol[0])
        return M
