"""TinvNN invariant coordinates: distances, E(n) invariance, classical MDS, edge cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import pdist

from symphys.equivariance import haar_orthogonal, invariant_coordinates

TOL = 1e-10


def classical_mds(D: np.ndarray, k: int) -> np.ndarray:
    """Torgerson's classical MDS from a distance matrix (the textbook n x n route)."""
    n = D.shape[0]
    J = np.eye(n) - np.ones((n, n)) / n
    lam, U = np.linalg.eigh(-0.5 * J @ (D ** 2) @ J)
    lam, U = lam[::-1][:k], U[:, ::-1][:, :k]
    return U * np.sqrt(np.maximum(lam, 0.0))


def euclidean_motion(d, rng):
    return haar_orthogonal(d, 1, rng=rng, special=False)[0], rng.normal(size=d) * 5


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 40), d=st.integers(1, 5), seed=st.integers(0, 2 ** 31))
def test_distances_preserved_and_e_n_invariant(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * np.linspace(3.0, 0.3, d)
    Y = invariant_coordinates(X)
    assert Y.shape == (n, d) and np.all(np.isfinite(Y))
    assert np.abs(pdist(Y) - pdist(X)).max() < TOL * max(1.0, pdist(X).max())
    R, t = euclidean_motion(d, rng)
    assert np.abs(invariant_coordinates(X @ R.T + t) - Y).max() < TOL * max(1.0, np.abs(Y).max())


def test_batched_and_permutation_equivariant():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3, 4, 20, 3)) * [2.0, 1.0, 0.5]
    Y = invariant_coordinates(X)
    assert Y.shape == X.shape
    assert np.allclose(Y[1, 2], invariant_coordinates(X[1, 2]), atol=1e-13)
    perm = rng.permutation(20)
    assert np.abs(invariant_coordinates(X[..., perm, :]) - Y[..., perm, :]).max() < TOL


def test_agrees_with_classical_mds_up_to_axis_signs():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(15, 3)) * [3.0, 1.5, 0.5]
    D = np.linalg.norm(X[:, None] - X[None], axis=-1)
    Y_mds = classical_mds(D, 3)
    Y = invariant_coordinates(X)
    signs = np.sign(np.sum(Y * Y_mds, axis=0))
    assert np.abs(Y - Y_mds * signs).max() < 1e-10
    # the Gram matrix is the double-centred -D^2/2 of classical MDS
    J = np.eye(15) - 1 / 15
    assert np.abs(Y @ Y.T - (-0.5 * J @ D ** 2 @ J)).max() < 1e-10


def test_documented_sign_rule_and_column_order():
    X = np.random.default_rng(3).normal(size=(30, 3)) * [1.0, 3.0, 2.0]
    Y = invariant_coordinates(X)
    assert np.all(np.sum(Y ** 3, axis=0) > 0)
    var = (Y ** 2).sum(0)
    assert np.all(np.diff(var) < 0)


def test_symmetric_axis_uses_the_largest_entry_fallback():
    # symmetric along x (zero third moment): the entry of largest |x| is made positive
    X = np.array([[-3.0, 0.0], [3.0, 0.1], [-1.0, 1.0], [1.0, 1.1], [0.0, -2.2]])
    X[:, 0] -= X[:, 0].mean()
    Y = invariant_coordinates(X)
    col = Y[:, np.argmax((Y ** 2).sum(0))]
    assert abs(np.sum(col ** 3)) < 1e-6 * np.sum(np.abs(col) ** 3) or np.sum(col ** 3) > 0
    big = np.argmax(np.abs(col))
    assert col[big] > 0
    assert np.abs(pdist(Y) - pdist(X)).max() < TOL


def test_scale_invariance():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(12, 3)) * [2.0, 1.0, 0.3]
    Y = invariant_coordinates(X, scale=True)
    R, t = euclidean_motion(3, rng)
    assert np.abs(invariant_coordinates(7.5 * X @ R.T + t, scale=True) - Y).max() < TOL
    assert np.isclose(np.mean((Y ** 2).sum(-1)), 1.0)
    # distances preserved up to the one RMS factor
    rms = np.sqrt(np.mean(((X - X.mean(0)) ** 2).sum(-1)))
    assert np.abs(pdist(Y) * rms - pdist(X)).max() < TOL


@pytest.mark.parametrize("n,d", [(6, 3), (2, 3), (3, 5), (1, 3)])
def test_low_rank_clouds_give_zero_columns(n, d):
    rng = np.random.default_rng(5)
    if n == 6:  # collinear in 3D
        X = np.outer(rng.normal(size=n), rng.normal(size=d)) + rng.normal(size=d)
        rank = 1
    else:
        X = rng.normal(size=(n, d))
        rank = n - 1
    Y = invariant_coordinates(X)
    assert np.all(Y[:, rank:] == 0.0)
    if n > 1:
        assert np.abs(pdist(Y) - pdist(X)).max() < TOL
    R, t = euclidean_motion(d, rng)
    assert np.abs(invariant_coordinates(X @ R.T + t) - Y).max() < TOL


def test_identical_points_give_zeros_even_when_scaled():
    X = np.tile([[1.5, -2.0, 0.25]], (4, 1))
    for scale in (False, True):
        Y = invariant_coordinates(X, scale=scale)
        assert np.all(Y == 0.0)


def test_isotropic_cloud_raises_or_warns():
    square = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    with pytest.raises(ValueError, match="repeated variance"):
        invariant_coordinates(square)
    with pytest.warns(RuntimeWarning, match="repeated variance"):
        Y = invariant_coordinates(square, degenerate="warn")
    assert np.abs(pdist(Y) - pdist(square)).max() < TOL
    with pytest.raises(ValueError, match="NaN"):
        invariant_coordinates(np.array([[0.0, np.inf], [1.0, 1.0]]))
    with pytest.raises(ValueError, match="degenerate"):
        invariant_coordinates(square, degenerate="skip")


def test_torch_matches_numpy():
    torch = pytest.importorskip("torch")
    X = np.random.default_rng(6).normal(size=(2, 10, 3)) * [2.0, 1.0, 0.5]
    Xt = torch.tensor(X, requires_grad=True)
    Yt = invariant_coordinates(Xt, scale=True)
    assert isinstance(Yt, torch.Tensor)
    assert np.allclose(Yt.detach().numpy(), invariant_coordinates(X, scale=True), atol=1e-12)
    Yt.sum().backward()
    assert torch.isfinite(Xt.grad).all()


@pytest.mark.parametrize("s", [1e-200, 1e-150, 1e150, 1e200])
def test_coordinates_scale_with_the_cloud_without_overflow_or_underflow(s):
    """Closed form: Y(s X) = s Y(X) (s > 0), and the scaled variant is scale invariant."""
    X = np.random.default_rng(1).normal(size=(6, 3))
    assert np.allclose(invariant_coordinates(s * X) / s, invariant_coordinates(X), atol=1e-12)
    assert np.allclose(invariant_coordinates(s * X, scale=True),
                       invariant_coordinates(X, scale=True), atol=1e-12)
