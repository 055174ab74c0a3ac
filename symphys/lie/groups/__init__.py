"""Matrix Lie groups GL+(n), SL(n), SO(n), Pos(n) and R^n ⋊ H, numerically and batched.

Decompositions (polar/Cartan ``g = P K``, KAK, Iwasawa), the global chart
``g = exp(X) exp(Y)``, the real matrix logarithm with an existence test, Haar measures with
stated normalisations, importance sampling and Monte Carlo integration. Built after
Mironenco & Forre, "Lie Group Decompositions for Equivariant Neural Networks" (ICLR 2024),
for any n and in numpy.

>>> import numpy as np
>>> from symphys.lie.groups import GLPlus
>>> G = GLPlus(3)
>>> g = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 0.0], [3.0, 0.0, 4.0]])
>>> P, K = G.polar(g)
>>> bool(np.allclose(P @ K, g))
True
"""

from symphys.lie.groups.affine import Affine
from symphys.lie.groups.base import MatrixGroup, pareto_khat
from symphys.lie.groups.chart import chart, from_chart
from symphys.lie.groups.decompositions import iwasawa, kak, polar
from symphys.lie.groups.general_linear import GLPlus
from symphys.lie.groups.haar import haar_so, log_so_volume, so_volume
from symphys.lie.groups.logarithm import (
    NoRealLogarithm,
    exp,
    has_real_log,
    in_image_of_exp,
    log,
)
from symphys.lie.groups.positive_definite import PositiveDefinite
from symphys.lie.groups.special_linear import SL
from symphys.lie.groups.special_orthogonal import SO

__all__ = [
    "MatrixGroup", "GLPlus", "SL", "SO", "PositiveDefinite", "Affine",
    "polar", "kak", "iwasawa", "chart", "from_chart",
    "exp", "log", "has_real_log", "in_image_of_exp", "NoRealLogarithm",
    "so_volume", "log_so_volume", "haar_so", "pareto_khat",
]
