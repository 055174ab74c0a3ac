"""Symmetry types: Haar samplers checked against closed-form moments and laws, and the actions."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from symphys.equivariance import GroupElements, Symmetry, apply_action, haar_orthogonal

N = 20000


@pytest.mark.parametrize("d,special", [(2, True), (3, True), (4, True), (3, False), (5, False)])
def test_haar_samples_are_orthogonal_with_the_right_determinant(d, special):
    R = haar_orthogonal(d, 200, rng=1, special=special)
    assert np.abs(R @ np.swapaxes(R, -1, -2) - np.eye(d)).max() < 1e-12
    det = np.linalg.det(R)
    if special:
        assert np.allclose(det, 1.0)
    else:  # both components of O(d) are hit, about equally often
        assert np.allclose(np.abs(det), 1.0) and 60 < np.sum(det < 0) < 140


@pytest.mark.parametrize("d,special,second", [(2, True, 2.0), (3, True, 1.0), (4, True, 1.0),
                                              (2, False, 1.0), (3, False, 1.0)])
def test_haar_trace_moments(d, special, second):
    # closed forms: E[tr R] = 0; E[(tr R)^2] = number of invariants in V (x) V
    # (2 for SO(2): tr R = 2 cos(theta); 1 for O(d) and for SO(d), d >= 3)
    tr = np.trace(haar_orthogonal(d, N, rng=2, special=special), axis1=-2, axis2=-1)
    se1 = tr.std() / np.sqrt(N)
    se2 = (tr ** 2).std() / np.sqrt(N)
    assert abs(tr.mean()) < 5 * se1
    assert abs((tr ** 2).mean() - second) < 5 * se2


def test_so3_rotation_angle_follows_the_haar_law():
    # Haar on SO(3): the rotation angle has density (1 - cos t)/pi, CDF (t - sin t)/pi
    R = haar_orthogonal(3, 5000, rng=3)
    theta = np.arccos(np.clip((np.trace(R, axis1=-2, axis2=-1) - 1) / 2, -1, 1))
    assert stats.kstest(theta, lambda t: (t - np.sin(t)) / np.pi).pvalue > 1e-3


def test_dimension_one_and_bad_arguments():
    assert np.array_equal(haar_orthogonal(1, 3, rng=0), np.ones((3, 1, 1)))
    signs = haar_orthogonal(1, 400, rng=0, special=False).ravel()
    assert set(signs) == {-1.0, 1.0}
    assert haar_orthogonal(3, 0).shape == (0, 3, 3)
    with pytest.raises(ValueError, match="dim"):
        haar_orthogonal(0, 3)
    with pytest.raises(ValueError, match="size"):
        haar_orthogonal(3, -1)


def test_actions_match_an_explicit_loop():
    rng = np.random.default_rng(4)
    s, n, d = 5, 6, 3
    g = GroupElements(rotation=haar_orthogonal(d, s, rng=rng, special=False),
                      translation=rng.normal(size=(s, d)),
                      permutation=np.array([rng.permutation(n) for _ in range(s)]))
    X = rng.normal(size=(2, n, d))
    pts, vec, per = (apply_action(g, X, action=a) for a in ("points", "vectors", "permutation"))
    for j in range(s):
        R, t, p = g.rotation[j], g.translation[j], g.permutation[j]
        for b in range(2):
            for i in range(n):
                assert np.allclose(pts[j, b, i], R @ X[b, p[i]] + t)
                assert np.allclose(vec[j, b, i], R @ X[b, p[i]])
                assert np.allclose(per[j, b, i], X[b, p[i]])
    assert np.array_equal(apply_action(g, X, action="invariant"), np.stack([X] * s))


def test_action_is_a_left_action_for_points():
    # g2.(g1.x) = (g2 g1).x with (R2, t2)(R1, t1) = (R2 R1, R2 t1 + t2)
    rng = np.random.default_rng(5)
    R1, R2 = haar_orthogonal(3, 2, rng=rng)
    t1, t2 = rng.normal(size=(2, 3))
    X = rng.normal(size=(4, 3))
    g1 = GroupElements(rotation=R1[None], translation=t1[None])
    g2 = GroupElements(rotation=R2[None], translation=t2[None])
    g21 = GroupElements(rotation=(R2 @ R1)[None], translation=(R2 @ t1 + t2)[None])
    assert np.allclose(apply_action(g2, apply_action(g1, X)[0]), apply_action(g21, X))


def test_symmetry_sampling_and_validation():
    sym = Symmetry("E(n)", translation_scale=2.0)
    g = sym.sample(3000, rng=0, input_shape=(10, 4))
    assert g.rotation.shape == (3000, 4, 4) and g.translation.shape == (3000, 4)
    assert np.any(np.linalg.det(g.rotation) < 0)
    assert abs(g.translation.std() - 2.0) < 0.05
    perm = Symmetry("S(n)").sample(50, rng=0, input_shape=(7, 3)).permutation
    assert perm.shape == (50, 7) and all(sorted(p) == list(range(7)) for p in perm)
    assert Symmetry("SO(3)").sample(2, rng=0).rotation.shape == (2, 3, 3)
    with pytest.raises(ValueError, match="group"):
        Symmetry("SU(2)")
    with pytest.raises(ValueError, match="output_action"):
        Symmetry("SO(3)", output_action="spinor")
    with pytest.raises(ValueError, match="dimension"):
        Symmetry("SO(3)").sample(2, rng=0, input_shape=(5, 2))
    with pytest.raises(ValueError, match="action"):
        apply_action(g, np.zeros((10, 4)), action="tensor")


def test_custom_sampler_symmetry():
    def about_z(size, rng, shape):
        a = rng.uniform(0, 2 * np.pi, size)
        c, s, z, o = np.cos(a), np.sin(a), np.zeros(size), np.ones(size)
        R = np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1),
                      np.stack([z, z, o], -1)], -2)
        return GroupElements(rotation=R)

    sym = Symmetry("SO(2) about z", sampler=about_z)
    X = np.random.default_rng(0).normal(size=(5, 3))
    gx = sym.act_input(sym.sample(4, rng=0, input_shape=X.shape), X)
    assert np.allclose(gx[..., 2], X[..., 2])  # the z coordinates are fixed
    assert sym.name == "SO(2) about z" and Symmetry(" SO( 3 )").name == "SO(3)"


@pytest.mark.parametrize("action", ["points", "vectors", "permutation"])
def test_vector_actions_name_the_required_shape(action):
    g = GroupElements(rotation=haar_orthogonal(3, 2, rng=0))
    with pytest.raises(ValueError, match=r"violates shape \(\.\.\., n, d\)"):
        apply_action(g, np.ones(3), action=action)
    assert apply_action(g, np.ones(3), action="invariant").shape == (2, 3)
