"""Polar, KAK and Iwasawa decompositions against their defining properties and scipy."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import special_ortho_group

from symphys.lie.groups import SL, GLPlus, iwasawa, kak, polar


def _with_condition(n: int, cond: float, size: int, seed: int) -> np.ndarray:
    """GL+(n) matrices U diag(s) V with singular values spanning ``cond`` exactly."""
    U = special_ortho_group.rvs(n, size=size, random_state=seed)
    V = special_ortho_group.rvs(n, size=size, random_state=seed + 1)
    s = np.logspace(2, 2 - np.log10(cond), n)
    return (U * s[None, None, :]) @ V


def _rel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.norm(a - b, axis=(-1, -2)) / np.linalg.norm(b, axis=(-1, -2))


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("cond", [1e2, 1e5, 1e8])
def test_polar_reconstruction_and_factors_to_1e12(n, cond):
    g = _with_condition(n, cond, 40, seed=n)
    P, K = polar(g)
    assert np.all(_rel(P @ K, g) < 1e-12)
    assert np.max(np.abs(K @ np.swapaxes(K, -1, -2) - np.eye(n))) < 1e-12
    assert np.allclose(np.linalg.det(K), 1.0, atol=1e-12)
    assert np.array_equal(P, np.swapaxes(P, -1, -2))
    assert np.all(np.linalg.eigvalsh(P) > 0)
    # P^2 = g gᵀ, the definition (relative to |g|^2)
    assert np.all(_rel(P @ P, g @ np.swapaxes(g, -1, -2)) < 1e-12)


def test_polar_matches_scipy_left_polar():
    g = _with_condition(3, 1e6, 20, seed=7)
    P, K = polar(g)
    for i in range(len(g)):
        u, p = scipy.linalg.polar(g[i], side="left")    # g = p u
        assert np.allclose(K[i], u, atol=1e-9) and np.allclose(P[i], p, rtol=1e-9, atol=1e-9)


def test_eigh_route_loses_orthogonality_but_svd_does_not():
    """The reason for SVD: K = (g gᵀ)^(-1/2) g via eigh loses digits (at cond 1e8 it fails)."""
    g = _with_condition(3, 1e6, 20, seed=11)
    w, v = np.linalg.eigh(g @ np.swapaxes(g, -1, -2))
    K_eigh = (v * w[:, None, :] ** -0.5) @ np.swapaxes(v, -1, -2) @ g
    _, K = polar(g)
    orth = lambda k: np.max(np.abs(k @ np.swapaxes(k, -1, -2) - np.eye(3)))
    assert orth(K_eigh) > 1e-9 and orth(K) < 1e-13


def test_sl_polar_factor_has_det_one():
    g = _with_condition(3, 1e4, 10, seed=3)
    g = g / np.cbrt(np.linalg.det(g))[:, None, None]
    P, K = SL(3).polar(g)
    assert np.allclose(np.linalg.det(P), 1.0, atol=1e-10)


@pytest.mark.parametrize("cond", [1.0, 1e4, 1e8])
def test_kak(cond):
    g = _with_condition(4, cond, 20, seed=5)
    K1, A, K2 = kak(g)
    assert np.all(_rel(K1 @ A @ K2, g) < 1e-12)
    for k in (K1, K2):
        assert np.allclose(k @ np.swapaxes(k, -1, -2), np.eye(4), atol=1e-12)
        assert np.allclose(np.linalg.det(k), 1.0)
    a = np.diagonal(A, axis1=-2, axis2=-1)
    assert np.allclose(A, a[..., None] * np.eye(4))
    assert np.allclose(a, np.linalg.svd(g, compute_uv=False), rtol=1e-12)


@pytest.mark.parametrize("cond", [1.0, 1e4, 1e8])
def test_iwasawa(cond):
    g = _with_condition(3, cond, 20, seed=9)
    K, A, N = iwasawa(g)
    assert np.all(_rel(K @ A @ N, g) < 1e-12)
    assert np.allclose(K @ np.swapaxes(K, -1, -2), np.eye(3), atol=1e-12)
    assert np.allclose(np.linalg.det(K), 1.0)
    a = np.diagonal(A, axis1=-2, axis2=-1)
    assert np.all(a > 0)
    assert np.allclose(np.tril(N, -1), 0) and np.allclose(np.diagonal(N, axis1=-2, axis2=-1), 1)
    # independent: A N = R of the QR of g up to signs; |diag R| = a, and prod a = det g
    assert np.allclose(np.prod(a, axis=-1), np.linalg.det(g), rtol=1e-10)


def test_iwasawa_is_gram_schmidt():
    """K's columns are Gram-Schmidt applied to g's columns (second, hand-written method)."""
    g = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 3.0]])
    cols = []
    for j in range(3):
        v = g[:, j] - sum((g[:, j] @ c) * c for c in cols)
        cols.append(v / np.linalg.norm(v))
    K, _, _ = iwasawa(g)
    assert np.allclose(K, np.stack(cols, axis=1))


@pytest.mark.parametrize("bad, match", [
    (np.diag([1.0, -1.0]), r"det > 0.*\[\(\)\]|det > 0.*\[\]|det <= 0"),
    (np.ones((2, 3)), "square"),
    (np.array([[[1.0, 0], [0, 1]], [[np.nan, 0], [0, 1]]]), r"NaN.*\[1\]"),
])
def test_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        polar(bad)


def test_bad_det_names_batch_indices():
    g = np.stack([np.eye(2), np.diag([1.0, -1.0]), np.eye(2), -np.diag([1.0, -1.0])])
    with pytest.raises(ValueError, match=r"\[1, 3\]"):
        kak(g)
    with pytest.raises(ValueError, match=r"det g > .* \[1, 3\]"):
        GLPlus(2).polar(g)
    with pytest.raises(ValueError, match=r"\|det g - 1\|.*\[1\]"):
        SL(2).iwasawa(np.stack([np.eye(2), 2 * np.eye(2)]))


matrices = st.lists(st.floats(-2, 2, allow_nan=False), min_size=9, max_size=9).map(
    lambda v: np.array(v).reshape(3, 3) + 3 * np.eye(3))


@settings(max_examples=40, deadline=None)
@given(matrices)
def test_property_decompositions_reconstruct(g):
    if np.linalg.det(g) <= 1e-3:
        g = g.copy()
        g[0] *= -1
    if np.linalg.det(g) <= 1e-3:
        return
    P, K = polar(g)
    assert np.allclose(P @ K, g, atol=1e-12 * np.linalg.norm(g))
    K1, A, K2 = kak(g)
    assert np.allclose(K1 @ A @ K2, g, atol=1e-12 * np.linalg.norm(g))
    Ki, Ai, N = iwasawa(g)
    assert np.allclose(Ki @ Ai @ N, g, atol=1e-12 * np.linalg.norm(g))
    # polar is equivariant under rotations: polar(R g Rᵀ) = (R P Rᵀ, R K Rᵀ)
    R = special_ortho_group.rvs(3, random_state=0)
    P2, K2b = polar(R @ g @ R.T)
    assert np.allclose(P2, R @ P @ R.T, atol=1e-11) and np.allclose(K2b, R @ K @ R.T, atol=1e-11)


def test_jacobi_svd_matches_lapack_and_falls_back(rng):
    from symphys.lie.groups.decompositions import _svd3_jacobi

    g = _with_condition(3, 1e8, 200, seed=21)
    g = np.concatenate([g, rng.standard_normal((200, 3, 3))])
    u, s, vt = _svd3_jacobi(g)
    ref = np.linalg.svd(g, compute_uv=False)        # LAPACK: absolute accuracy eps * s_max
    assert np.all(np.abs(np.sort(s, axis=-1) - np.sort(ref, -1)) <= 1e-13 * ref[:, :1])
    assert np.max(np.abs(u @ np.swapaxes(u, -1, -2) - np.eye(3))) < 1e-13
    assert np.all(_rel((u * s[:, None, :]) @ vt, g) < 1e-13)
    # one sweep is not enough: the unconverged entries go to LAPACK, same answer
    u1, s1, vt1 = _svd3_jacobi(g, max_sweeps=1)
    assert np.all(_rel((u1 * s1[:, None, :]) @ vt1, g) < 1e-13)
    assert np.all(np.abs(np.sort(s1, -1) - np.sort(s, -1)) <= 1e-13 * ref[:, :1])


@pytest.mark.parametrize("cond", [1e6, 1e8])
def test_sl_polar_and_chart_accept_ill_conditioned_elements(cond):
    """Exactly unimodular U diag(s) V (prod s = 1) at cond 1e8: det g is computed only to ~1e-8,
    yet g is in SL(3); polar and chart work to the issue's 1e-12."""
    U = special_ortho_group.rvs(3, size=20, random_state=21)
    V = special_ortho_group.rvs(3, size=20, random_state=22)
    s = np.array([np.sqrt(cond), 1.0, 1 / np.sqrt(cond)])   # product exactly 1
    g = (U * s) @ V
    assert SL(3).contains(g).all()
    P, K = SL(3).polar(g)
    assert np.all(_rel(P @ K, g) < 1e-12)
    assert np.allclose(np.swapaxes(K, 1, 2) @ K, np.eye(3), atol=1e-13)
    X, Y = SL(3).chart(g)
    assert np.allclose(np.trace(X, axis1=1, axis2=2), 0.0, atol=1e-12)
    # the stored g is unimodular only to ~ n eps cond (rounding of U diag(s) V); the chart
    # lands on SL(3), so the round trip is exact up to that distance
    assert np.all(_rel(SL(3).from_chart(X, Y), g) < 1e-12 + 3 * np.finfo(float).eps * cond)
    # a genuinely non-unimodular matrix of the same conditioning is still refused
    assert not SL(3).contains(g * 1.0001).any()
