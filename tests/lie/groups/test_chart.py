"""The global chart g = exp(X) exp(Y): round trips, and agreement with scipy's logm/sqrtm."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import special_ortho_group

from symphys.lie.groups import SL, GLPlus, chart, from_chart


def _random_glplus(n, size, rng):
    g = rng.standard_normal((size, n, n))
    g[np.linalg.det(g) < 0, 0] *= -1
    return g


@pytest.mark.parametrize("n", [2, 3, 4])
def test_chart_round_trip_1e12(n, rng):
    g = _random_glplus(n, 500, rng)
    X, Y = chart(g)
    assert np.array_equal(X, np.swapaxes(X, -1, -2))
    assert np.array_equal(Y, -np.swapaxes(Y, -1, -2))
    err = np.linalg.norm(from_chart(X, Y) - g, axis=(-1, -2)) / np.linalg.norm(g, axis=(-1, -2))
    assert err.max() < 1e-12


def test_chart_round_trip_ill_conditioned():
    U = special_ortho_group.rvs(3, size=30, random_state=1)
    V = special_ortho_group.rvs(3, size=30, random_state=2)
    g = (U * np.array([1e4, 1.0, 1e-4])) @ V
    err = np.linalg.norm(from_chart(*chart(g)) - g, axis=(-1, -2)) / np.linalg.norm(g, axis=(1, 2))
    assert err.max() < 1e-12


def test_chart_against_scipy(rng):
    """X = 1/2 logm(g gᵀ) and Y = logm(sqrtm(g gᵀ)^-1 g) computed by scipy one at a time."""
    g = _random_glplus(3, 20, rng)
    X, Y = chart(g)
    for i in range(len(g)):
        s = g[i] @ g[i].T
        assert np.allclose(X[i], 0.5 * scipy.linalg.logm(s).real, atol=1e-10)
        k = np.linalg.solve(scipy.linalg.sqrtm(s).real, g[i])
        assert np.allclose(Y[i], scipy.linalg.logm(k).real, atol=1e-9)


def test_from_chart_then_chart_recovers_coordinates(rng):
    n = 3
    a = rng.standard_normal((50, n, n))
    X = 0.5 * (a + np.swapaxes(a, -1, -2))
    b = rng.standard_normal((50, n, n))
    Y = 0.4 * (b - np.swapaxes(b, -1, -2))          # rotation angles well below pi
    X2, Y2 = chart(from_chart(X, Y))
    assert np.allclose(X2, X, atol=1e-12) and np.allclose(Y2, Y, atol=1e-12)


def test_chart_reaches_elements_outside_the_image_of_exp():
    """-diag(2, 1/2) is in SL(2) but not exp(sl(2)) (trace < -2); the chart still covers it."""
    g = -np.diag([2.0, 0.5])
    G = SL(2)
    assert not G.in_image_of_exp(g)
    X, Y = G.chart(g)
    assert abs(np.trace(X)) < 1e-15
    assert np.allclose(np.abs(Y[1, 0]), np.pi)
    assert np.allclose(G.from_chart(X, Y), g, atol=1e-14)


def test_sl_chart_traceless(rng):
    g = _random_glplus(3, 50, rng)
    g = g / np.cbrt(np.linalg.det(g))[:, None, None]
    X, _ = SL(3).chart(g)
    assert np.allclose(np.trace(X, axis1=-2, axis2=-1), 0, atol=1e-14)


def test_from_chart_rejects_non_symmetric():
    with pytest.raises(ValueError, match="X must be symmetric"):
        from_chart(np.array([[0.0, 1.0], [0.0, 0.0]]), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="Y must be skew-symmetric.*\\[1\\]"):
        from_chart(np.zeros((2, 2)), np.array([np.zeros((2, 2)), np.eye(2)]))
    with pytest.raises(ValueError, match="traceless"):
        SL(2).from_chart(np.eye(2), np.zeros((2, 2)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-3, 3, allow_nan=False), min_size=4, max_size=4))
def test_property_chart_is_a_bijection_on_glplus2(v):
    g = np.array(v).reshape(2, 2)
    if np.linalg.det(g) < 1e-3:
        return
    G = GLPlus(2)
    assert np.allclose(G.from_chart(*G.chart(g)), g, atol=1e-12 * max(1, np.linalg.norm(g)))
