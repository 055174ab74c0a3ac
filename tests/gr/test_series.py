"""Large-r expansions against sympy's own series (where it works) and exact arithmetic."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symphys.gr import InverseRSeries, inverse_power_coefficients

r, a, b = sp.symbols("r a b", positive=True)
eps = sp.Symbol("eps", positive=True)


def _sympy_coeffs(expr, n):
    s = sp.series(expr.subs(r, 1 / eps), eps, 0, n).removeO()
    return {k: sp.simplify(s.coeff(eps, k)) for k in range(-3, n) if s.coeff(eps, k) != 0}


@pytest.mark.parametrize("expr", [
    (r**2 + a) / (r - b), sp.sqrt(1 + a / r), 1 / (r**2 + a * r + b), sp.exp(a / r) * r,
])
def test_inverse_power_coefficients_match_sympy_series(expr):
    ours = inverse_power_coefficients(expr, r, 4)
    ref = _sympy_coeffs(expr, 4)
    assert set(ours) == set(ref)
    assert all(sp.simplify(ours[k] - ref[k]) == 0 for k in ref)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=3, max_size=3),
       st.lists(st.integers(-4, 4), min_size=3, max_size=3))
def test_series_arithmetic_matches_exact(p, q):
    A = r + p[0] + p[1] / r + p[2] / r**2
    B = 1 + q[0] / r + q[1] / r**2 + q[2] / r**3
    sA, sB = InverseRSeries.from_expr(A, r), InverseRSeries.from_expr(B, r)
    assert sp.expand((sA * sB).as_expr() - A * B) == 0
    quot = (sA / sB)
    ref = _sympy_coeffs(A / B, 5)
    for k in range(-1, 5):
        assert sp.simplify(quot.coeff(k) - ref.get(k, 0)) == 0


def test_precision_is_tracked_and_enforced():
    s = InverseRSeries.from_expr(1 + a / r + sp.O(r**-2, (r, sp.oo)), r)
    assert s.prec == 2
    assert (s * s).prec == 2
    assert s.diff(r).prec == 3
    with pytest.raises(ValueError, match="precision"):
        s.coeff(2)
    f = sp.Function("f")(r)
    with pytest.raises(ValueError, match="depends on r"):
        inverse_power_coefficients(f, r, 3)
