"""The Bondi-gauge ansatz ds² = Θ du² - 2 du dr + 2N du dφ + r² dφ² (Barnich & Compère,
arXiv:gr-qc/0610130) and its advanced chart at past null infinity (arXiv:1701.06573)."""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr import bms3
from symphys.gr.bms3 import phi, r, u


def test_line_element_at_future_and_past_null_infinity():
    du, dr, dphi = sp.symbols("du dr dphi")
    Th, N = sp.Function("Theta")(u, phi), sp.Function("N")(u, phi)
    for scri, cross in (("+", -2), ("-", 2)):
        g = bms3.metric(scri=scri).g
        ds2 = sum(g[a, b] * x * y for a, x in enumerate((du, dr, dphi))
                  for b, y in enumerate((du, dr, dphi)))
        expected = Th * du**2 + cross * du * dr + 2 * N * du * dphi + r**2 * dphi**2
        assert sp.expand(ds2 - expected) == 0
    assert bms3.metric().coords == bms3.COORDS


def test_minkowski_is_flat():
    # Θ = -1, N = 0 is flat space: ds² = -du² - 2 du dr + r² dφ² with u = t - r
    assert bms3.metric(-1, 0).riemann() == sp.MutableDenseNDimArray.zeros(3, 3, 3, 3)


def test_bad_scri():
    with pytest.raises(ValueError, match="scri"):
        bms3.metric(scri="past")
