"""Group laws, membership, actions, Lie algebra splits and symbolic elements of each group."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symphys.lie.groups import SL, SO, Affine, GLPlus, PositiveDefinite

seeds = st.integers(0, 2**32 - 1)


def _element(G, rng, size=None):
    H = G.H if isinstance(G, Affine) else G
    opts = {} if isinstance(H, SO) else {"scale": 0.5}
    g, _ = G.sample(1 if size is None else size, rng=rng, **opts)
    return g[0] if size is None else g


GROUPS = [GLPlus(3), SL(3), SO(3), SO(4), PositiveDefinite(3), PositiveDefinite(2, unimodular=True),
          Affine(GLPlus(2)), Affine(SL(2)), Affine(SO(3))]


@pytest.mark.parametrize("G", GROUPS, ids=repr)
@settings(max_examples=15, deadline=None)
@given(seed=seeds)
def test_group_axioms(G, seed):
    rng = np.random.default_rng(seed)
    a, b, c = _element(G, rng, 3)
    e = G.identity()
    assert np.all(G.contains(np.stack([a, b, c, e]), atol=1e-8))
    ab = G.compose(a, b)
    assert G.contains(ab, atol=1e-8)
    assert np.allclose(G.compose(ab, c), G.compose(a, G.compose(b, c)), atol=1e-9)
    assert np.allclose(G.compose(a, e), a, atol=1e-12) and np.allclose(G.compose(e, a), a)
    assert np.allclose(G.compose(a, G.inverse(a)), e, atol=1e-9)
    assert np.allclose(G.compose(G.inverse(a), a), e, atol=1e-9)


@pytest.mark.parametrize("G", [GLPlus(3), SL(3), SO(3), Affine(GLPlus(2)), Affine(SO(3))],
                         ids=repr)
def test_act_is_a_left_action(G, rng):
    a, b = _element(G, rng, 2)
    x = rng.standard_normal((5, G.n))
    assert np.allclose(G.act(G.compose(a, b), x), G.act(a, G.act(b, x)))
    assert np.allclose(G.act(G.identity(), x), x)


def test_pos_log_euclidean_law_is_commutative_and_acts_on_itself(rng):
    G = PositiveDefinite(3)
    p, q, s = _element(G, rng, 3)
    assert np.allclose(G.compose(p, q), G.compose(q, p))
    assert np.allclose(G.act(G.compose(p, q), s), G.act(p, G.act(q, s)))
    # the congruence action of GL+(3) is a left action on Pos(3)
    h1, h2 = _element(GLPlus(3), rng, 2)
    assert np.allclose(G.congruence(h1 @ h2, s), G.congruence(h1, G.congruence(h2, s)))


def test_batched_broadcasting(rng):
    G = GLPlus(2)
    a = _element(G, rng, 4).reshape(2, 2, 2, 2)
    b = _element(G, rng)
    assert G.compose(a, b).shape == (2, 2, 2, 2)
    assert G.contains(a).shape == (2, 2)
    P, K = G.polar(a)
    assert P.shape == K.shape == (2, 2, 2, 2) and np.allclose(P @ K, a)


@pytest.mark.parametrize("G, bad, rule", [
    (GLPlus(2), np.diag([1.0, -1.0]), "det g > 0"),
    (SL(2), np.diag([2.0, 1.0]), r"\|det g - 1\|"),
    (SO(2), np.array([[1.0, 0.1], [0.0, 1.0]]), "gᵀg = I"),
    (SO(2), np.diag([1.0, -1.0]), "det g = \\+1"),
    (PositiveDefinite(2), np.array([[1.0, 2.0], [2.0, 1.0]]), "positive eigenvalues"),
    (PositiveDefinite(2, unimodular=True), 2 * np.eye(2), "det g = 1"),
    (Affine(SO(2)), np.array([[1.0, 0, 1], [0, 1, 0], [1, 0, 1]]), "last row"),
], ids=lambda v: repr(v) if not isinstance(v, np.ndarray) else "")
def test_membership_errors_name_rule_and_indices(G, bad, rule):
    m = G.matrix_size
    batch = np.stack([np.eye(m), bad, np.eye(m)])
    assert G.contains(batch).tolist() == [True, False, True]
    with pytest.raises(ValueError, match=rule + r".*\[1\]"):
        G.validate(batch)


def test_bad_input_shapes_and_values():
    G = GLPlus(3)
    with pytest.raises(ValueError, match=r"\(\.\.\., 3, 3\)"):
        G.validate(np.eye(2))
    with pytest.raises(ValueError, match=r"NaN or infinite.*\[\(0, 1\)\]"):
        G.validate(np.where(np.arange(2)[None, :, None, None] == 1, np.nan, np.eye(3)))
    assert G.contains(np.full((3, 3), np.nan)) == np.False_
    with pytest.raises(TypeError, match="n must be an int"):
        GLPlus(2.5)
    with pytest.raises(ValueError, match="n=0 violates"):
        SO(0)
    with pytest.raises(TypeError, match="H must be"):
        Affine(PositiveDefinite(2))
    with pytest.raises(ValueError, match=r"x must have shape \(\.\.\., 3\)"):
        G.act(np.eye(3), np.ones(2))


@pytest.mark.parametrize("G, dim_p, dim_k", [(GLPlus(3), 6, 3), (SL(3), 5, 3), (SO(4), 0, 6),
                                             (PositiveDefinite(3), 6, 0)], ids=repr)
def test_cartan_split(G, dim_p, dim_k):
    """[k, k] ⊂ k, [k, p] ⊂ p, [p, p] ⊂ k (a Cartan decomposition), and dimensions."""
    p, k = G.split()
    assert len(p) == dim_p and len(k) == dim_k
    basis = G.lie_algebra_basis()
    assert np.linalg.matrix_rank(basis.reshape(len(basis), -1)) == len(basis) == G.dim
    comm = lambda a, b: a @ b - b @ a
    sym = lambda a: np.allclose(a, a.T)
    skew = lambda a: np.allclose(a, -a.T)
    for a in k:
        assert skew(a)
        for b in k:
            assert skew(comm(a, b))
        for b in p:
            assert sym(comm(a, b))
    for a in p:
        assert sym(a)
        if isinstance(G, SL):
            assert abs(np.trace(a)) < 1e-15
        for b in p:
            assert skew(comm(a, b))


@pytest.mark.parametrize("G", [GLPlus(3), SL(3), SO(3), PositiveDefinite(3)], ids=repr)
def test_exp_maps_algebra_into_group_and_log_inverts(G, rng):
    coeffs = 0.3 * rng.standard_normal((10, G.dim))
    X = np.tensordot(coeffs, G.lie_algebra_basis(), 1)
    g = G.exp(X)
    assert np.all(G.contains(g, atol=1e-9))
    assert np.allclose(G.log(g), X, atol=1e-10)


def test_so_log_angles_in_zero_pi(rng):
    R, _ = SO(3).sample(2000, rng=rng)
    Y = SO(3).log(R)
    theta = np.linalg.norm(Y, axis=(1, 2)) / np.sqrt(2)
    cos_theta = (np.trace(R, axis1=1, axis2=2) - 1) / 2
    assert np.all(theta <= np.pi + 1e-12)
    assert np.allclose(np.cos(theta), cos_theta, atol=1e-10)
    assert np.allclose(SO(3).exp(Y), R, atol=1e-12)


def test_symbolic_elements():
    theta = sympy.Symbol("theta", real=True)
    R2 = SO(2).symbolic(theta)
    assert sympy.simplify(R2.T * R2 - sympy.eye(2)) == sympy.zeros(2)
    R3 = SO(3).symbolic()
    assert sympy.simplify(R3.det()) == 1
    assert sympy.simplify(R3.T * R3 - sympy.eye(3)) == sympy.zeros(3)
    assert sympy.simplify(SL(3).symbolic().det()) == 1
    assert sympy.simplify(PositiveDefinite(2, unimodular=True).symbolic().det()) == 1
    M = Affine(SL(2)).symbolic()
    assert M.shape == (3, 3) and M[2, :] == sympy.Matrix([[0, 0, 1]])
    # numeric and symbolic SO(2) agree
    num = np.array(R2.subs(theta, 0.3).evalf(), dtype=float)
    Y = 0.3 * SO(2).lie_algebra_basis()[0]
    assert np.allclose(SO(2).exp(Y), num)
    with pytest.raises(ValueError, match="n=4"):
        SO(4).symbolic()


def test_affine_parts_round_trip(rng):
    A = Affine(GLPlus(3))
    h = _element(GLPlus(3), rng, 4)
    x = rng.standard_normal((4, 3))
    g = A.from_parts(h, x)
    h2, x2 = A.parts(g)
    assert np.array_equal(h, h2) and np.array_equal(x, x2)
    assert np.allclose(A.inverse(g), np.linalg.inv(g))


def test_repr_and_names():
    assert repr(Affine(SL(2))) == "Affine(SL(2))"
    assert GLPlus(3).name == "GL+(3)" and SO(3) == SO(3) and SO(3) != SO(4)
    assert PositiveDefinite(2, unimodular=True).dim == 2 and Affine(SO(3)).dim == 6


def test_module_level_in_image_of_exp_and_trivial_decompositions():
    from symphys.lie.groups import in_image_of_exp

    g = np.stack([-np.diag([2.0, 0.5]), -np.eye(2), np.eye(2)])
    assert in_image_of_exp(g).tolist() == [False, True, True]
    assert in_image_of_exp(g, group=SL(2)).tolist() == [False, True, True]
    with pytest.raises(ValueError, match="not in SO"):
        in_image_of_exp(g, group=SO(2))
    p = np.array([[2.0, 1.0], [1.0, 2.0]])
    K1, A, K2 = PositiveDefinite(2).kak(p)
    assert np.allclose(np.diag(A), [3.0, 1.0]) and np.allclose(K1 @ A @ K2, p)
    R = SO(3).exp(np.array([[0, -1.0, 0], [1.0, 0, 0], [0, 0, 0]]))
    K, A, N = SO(3).iwasawa(R)
    assert np.allclose(K, R) and np.allclose(A, np.eye(3)) and np.allclose(N, np.eye(3))


@pytest.mark.parametrize("atol", [-1.0, float("nan"), float("inf")])
def test_contains_and_validate_reject_bad_atol(atol):
    with pytest.raises(ValueError, match="atol=.* violates 0 <= atol < inf"):
        SL(2).contains(np.eye(2), atol=atol)
    with pytest.raises(ValueError, match="atol=.* violates"):
        GLPlus(2).validate(np.eye(2), atol=atol)


def test_singular_matrix_is_not_in_sl():
    assert not SL(2).contains(np.zeros((2, 2)))
    assert not PositiveDefinite(2, unimodular=True).contains(np.diag([1.0, 0.0]))
