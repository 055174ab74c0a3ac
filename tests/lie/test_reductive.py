"""Reductive algebras (products with U(1) factors) and chained branching with stated U(1)
normalisations, against the Standard Model quantum numbers (PDG Review, "Grand Unified
Theories", Table 94.1: one generation in the 5bar + 10 of SU(5), Q = T3 + Y)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from symphys.lie import LieAlgebra, Subalgebra
from symphys.lie.reductive import ReductiveAlgebra

Y = [Fraction(-1, 6)]   # SU(5) > SM: the Levi charge q gives Y = -q/6 (stated in subalgebra())
R = sympy.Rational


def test_product_algebras_from_names():
    sm = LieAlgebra("A2+A1+U1")
    assert isinstance(sm, ReductiveAlgebra) and sm == LieAlgebra("su(3) x su(2) x u(1)")
    assert (sm.rank, sm.dimension) == (4, 12)
    e6e6 = LieAlgebra("E6+E6")
    assert e6e6.dimension == 156 and e6e6.irrep_dimension(((1,) + (0,) * 5, (0,) * 6)) == 27
    assert LieAlgebra("U1").dimension == 1
    assert LieAlgebra("A", 3) == LieAlgebra("su(4)")   # the simple constructor is unchanged
    # tensor products factor by factor, charges added; duals; weights
    assert sm.tensor_product(((1, 0), (1,), 1), ((0, 1), (1,), -1)) == {
        (1, 1, 2, 0): 1, (1, 1, 0, 0): 1, (0, 0, 2, 0): 1, (0, 0, 0, 0): 1}
    assert sm.dual(((1, 0), (1,), R(1, 6))) == (0, 1, 1, R(-1, 6))
    assert sum(sm.weights((1, 0, 1, 2), dominant=False).values()) == 6
    with pytest.raises(ValueError, match="needs 4"):
        sm.irrep_dimension((1, 0, 1))
    with pytest.raises(TypeError):
        sm.check_weight((1, 0, 1, 0.5))


def _names(br):
    return br.names()


def test_su5_to_the_standard_model_with_hypercharge():
    su5 = LieAlgebra("su(5)")
    ten = su5.branch(su5.from_name("10"), "A2+A1+U1", u1=Y)
    assert _names(ten) == {"(3,2)_1/6": 1, "(3bar,1)_-2/3": 1, "(1,1)_1": 1}
    five_bar = su5.branch(su5.from_name("5bar"), "A2+A1+U1", u1=Y)
    assert _names(five_bar) == {"(3bar,1)_1/3": 1, "(1,2)_-1/2": 1}
    # the convention Q = T3 + Y/2 doubles Y
    five_bar2 = su5.branch(su5.from_name("5bar"), "A2+A1+U1", u1=[Fraction(-1, 3)])
    assert _names(five_bar2) == {"(3bar,1)_2/3": 1, "(1,2)_-1": 1}
    # default integer charges: 5 -> (3,1)_2 + (1,2)_-3 (least integers, stated in the docs)
    assert _names(su5.branch((1, 0, 0, 0), "A2+A1+U1")) == {"(3,1)_2": 1, "(1,2)_-3": 1}


def test_chain_su5_sm_electromagnetism():
    """SU(5) > SU(3)xSU(2)xU(1)_Y > SU(3)xU(1)_em with Q = T3 + Y = t/2 + Y (t = 2 T3)."""
    su5 = LieAlgebra("su(5)")
    sm = su5.branch(su5.from_name("10"), "A2+A1+U1", u1=Y)
    em = sm.branch("A2+U1", u1=[(0, 0, Fraction(1, 2), 1)])
    # u_L, d_L (3 each), u^c (3bar, -2/3), e^c (1, +1)
    assert em == {(1, 0, R(2, 3)): 1, (1, 0, R(-1, 3)): 1, (0, 1, R(-2, 3)): 1, (0, 0, 1): 1}
    # one generation is electrically neutral in total: sum of Q over 5bar + 10 is 0
    gen = su5.branch(su5.from_name("5bar"), "A2+A1+U1", u1=Y).branch(
        "A2+U1", u1=[(0, 0, Fraction(1, 2), 1)])
    total = sum(m * em.algebra.irrep_dimension(k) * k[-1] for br in (em, gen)
                for k, m in br.items())
    assert total == 0


def test_ambiguous_u1_directions_are_refused():
    sm = LieAlgebra("A2+A1+U1")
    with pytest.raises(ValueError, match=r"ambiguous.*u1="):
        sm.subalgebra("A2+U1")
    with pytest.raises(ValueError, match="vanish on their coordinates"):
        sm.subalgebra("A2+U1", u1=[(1, 0, 0, 1)])
    with pytest.raises(ValueError, match="rows"):
        sm.subalgebra("A2+U1", u1=[(0, 0, 1, 1), (0, 0, 1, 0)])
    # all the abelian directions left: no choice to make
    assert sm.subalgebra("A2+U1+U1").n_u1 == 2


def test_e6_so10_su5_chain():
    """E6 > SO(10) x U(1) > SU(5) x U(1) x U(1): 27 = 16_1 + 10_-2 + 1_4 (Slansky Table 47)
    and 16 = 10 + 5bar + 1, 10 = 5 + 5bar of SU(5)."""
    e6 = LieAlgebra("E6")
    br = e6.branch(e6.from_name("27"), e6.subalgebra(delete=[1]))
    assert br.names() == {"(16)_1": 1, "(10)_-2": 1, "(1)_4": 1}
    so10 = br.algebra.factors[0]
    su5 = br.branch([so10.subalgebra(delete=[4])])
    assert br.algebra.name == "D5+U1" and su5.algebra.name == "A4+U1+U1"
    dims = sorted((su5.algebra.irrep_dimension(k), m) for k, m in su5.items())
    assert dims == [(1, 1), (1, 1), (5, 1), (5, 1), (5, 1), (10, 1)]
    su5_names = sorted(name.split(")")[0] + ")" for name in su5.names())
    assert su5_names == ["(1)", "(1)", "(10)", "(5)", "(5bar)", "(5bar)"]
    # the U(1) charges of the E6 27 survive as the last entry of every key
    assert sorted(k[-1] for k in su5) == [-2, -2, 1, 1, 1, 4]


def test_user_projection_matrices_are_checked():
    e6 = LieAlgebra("E6")
    good = e6.subalgebra("F4")
    assert Subalgebra(e6, good.factors, 0, good.projection).projection == good.projection
    wrong = [list(r) for r in good.projection]
    wrong[0][0] += 1
    # issue 15: a wrong matrix used to give dimensions summing to 51 for the 27
    with pytest.raises(ValueError, match="not an embedding"):
        Subalgebra(e6, good.factors, 0, wrong)
    a2 = LieAlgebra("A2")
    with pytest.raises(ValueError, match="not an embedding"):
        Subalgebra(a2, [LieAlgebra("A1")], 0, [[3, 0]])
    with pytest.raises(ValueError, match="must be 1 x 2"):
        Subalgebra(a2, [LieAlgebra("A1")], 0, [[1, 1], [1, 1]])


def test_algebras_and_results_pickle_and_copy():
    import copy
    import pickle

    g = LieAlgebra("A2")
    assert pickle.loads(pickle.dumps(g)) == g and copy.deepcopy(g) == g
    sm = LieAlgebra("A2+A1+U1")
    assert pickle.loads(pickle.dumps(sm)) == sm
    br = LieAlgebra("A4").branch((1, 0, 0, 0), "A2+A1+U1")
    again = pickle.loads(pickle.dumps(br))
    assert again == br and again.algebra == br.algebra
