"""Branching rules against published ones (Slansky 1981 branching tables; Georgi-Glashow)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symphys.lie import LieAlgebra, Subalgebra


def _dims(g, hw, spec):
    sub = g.subalgebra(spec)
    br = g.branch(hw, sub)
    assert sum(sub.irrep_dimension(k) * m for k, m in br.items()) == g.irrep_dimension(hw)
    out = {}
    for k, m in br.items():
        out[sub.irrep_dimension(k)] = out.get(sub.irrep_dimension(k), 0) + m
    return sub, br, out


def test_g2_a2():
    g = LieAlgebra("G2")
    _, br, _ = _dims(g, (1, 0), "A2")
    assert br == {(1, 0): 1, (0, 1): 1, (0, 0): 1}             # 7 -> 3 + 3b + 1
    _, br, _ = _dims(g, (0, 1), "A2")
    assert br == {(1, 1): 1, (1, 0): 1, (0, 1): 1}             # 14 -> 8 + 3 + 3b


def test_b3_g2():
    g = LieAlgebra("B3")
    assert _dims(g, (0, 0, 1), "G2")[1] == {(1, 0): 1, (0, 0): 1}   # 8 -> 7 + 1
    assert _dims(g, (1, 0, 0), "G2")[1] == {(1, 0): 1}              # 7 -> 7
    assert _dims(g, (0, 1, 0), "G2")[1] == {(0, 1): 1, (1, 0): 1}   # 21 -> 14 + 7


def test_principal_a1():
    a2 = LieAlgebra("A2")
    assert _dims(a2, (1, 0), "A1")[1] == {(2,): 1}                  # 3 -> spin 1
    assert _dims(a2, (1, 1), "A1")[1] == {(4,): 1, (2,): 1}         # 8 -> 5 + 3
    g2 = LieAlgebra("G2")
    assert _dims(g2, (1, 0), "A1")[1] == {(6,): 1}                  # 7 -> spin 3
    assert _dims(g2, (0, 1), "A1")[1] == {(10,): 1, (2,): 1}        # 14 -> 11 + 3
    # principal sl2 of E8: adjoint splits into spins = exponents (Kostant)
    e8 = LieAlgebra("E8")
    br = e8.branch((0,) * 7 + (1,), "principal")
    assert sorted(k[0] // 2 for k in br) == e8.exponents() and set(br.values()) == {1}


def test_su5_standard_model():
    g = LieAlgebra("A4")
    sub, br, _ = _dims(g, (1, 0, 0, 0), "A2+A1+U1")
    assert [(sub.irrep_dimension(k), *sub.split(k)[0]) for k in br] == [
        (3, (1, 0), (0,)), (2, (0, 0), (1,))]
    y = {sub.split(k)[0][1]: Fraction(sub.split(k)[1][0]) for k in br}
    # hypercharges of (3,1) and (1,2) are in the ratio -1/3 : 1/2 (and traceless: 3y3 + 2y2 = 0)
    assert y[(0,)] / y[(1,)] == Fraction(-1, 3) / Fraction(1, 2)
    sub, br, dims = _dims(g, (0, 1, 0, 0), "A2+A1+U1")
    assert dims == {6: 1, 3: 1, 1: 1}                               # 10 -> (3,2)+(3b,1)+(1,1)
    charges = {sub.irrep_dimension(k): sub.split(k)[1][0] for k in br}
    # Y(3,2) : Y(3b,1) : Y(1,1) = 1/6 : -2/3 : 1
    assert Fraction(charges[3], charges[6]) == -4 and Fraction(charges[1], charges[6]) == 6


def test_so10_su5_u1():
    g = LieAlgebra("D5")
    sub, br, dims = _dims(g, (0, 0, 0, 0, 1), g.subalgebra(delete=[5]))
    assert dims == {10: 1, 5: 1, 1: 1}                              # 16 -> 10 + 5b + 1
    q = {sub.irrep_dimension(k): sub.split(k)[1][0] for k in br}
    assert (Fraction(q[10], q[1]), Fraction(q[5], q[1])) == (Fraction(1, 5), Fraction(-3, 5))
    assert _dims(g, (1, 0, 0, 0, 0), g.subalgebra(delete=[4]))[2] == {5: 2}   # 10 -> 5 + 5b
    assert _dims(g, (0, 1, 0, 0, 0), g.subalgebra(delete=[5]))[2] == {24: 1, 10: 2, 1: 1}
    with pytest.raises(ValueError, match=r"ambiguous in D5.*node 5.*-> .*node 4.*-> "):
        g.subalgebra("A4+U1")   # nodes 4 and 5: 16 -> 10 + ... or 10bar + ... (issue 15)


def test_exceptional_chains():
    e8 = LieAlgebra("E8")
    adj = (0,) * 7 + (1,)
    assert _dims(e8, adj, "E7+A1")[2] == {133: 1, 112: 1, 3: 1}     # (133,1)+(56,2)+(1,3)
    assert _dims(e8, adj, "D8")[2] == {120: 1, 128: 1}
    assert _dims(e8, adj, "A8")[2] == {80: 1, 84: 2}
    assert _dims(e8, adj, "E6+A2")[2] == {78: 1, 8: 1, 81: 2}       # (78,1)+(1,8)+(27,3)+c.c.
    # (24,1)+(1,24)+(10,5)+(5b,10)+(10b,5b)+(5,10b) (Slansky 1981)
    assert _dims(e8, adj, "A4+A4")[2] == {24: 2, 50: 4}
    e6 = LieAlgebra("E6")
    assert _dims(e6, (1, 0, 0, 0, 0, 0), "F4")[2] == {26: 1, 1: 1}
    assert _dims(e6, (0, 1, 0, 0, 0, 0), "F4")[2] == {52: 1, 26: 1}
    assert _dims(e6, (1, 0, 0, 0, 0, 0), e6.subalgebra(delete=[1]))[2] == {16: 1, 10: 1, 1: 1}
    assert _dims(e6, (1, 0, 0, 0, 0, 0), "A2+A2+A2")[2] == {9: 3}
    a5a1 = e6.subalgebra(delete=[2], extended=True)
    assert _dims(e6, (0, 1, 0, 0, 0, 0), a5a1)[2] == {35: 1, 3: 1, 40: 1}   # (35,1)+(1,3)+(20,2)
    e7 = LieAlgebra("E7")
    assert _dims(e7, (0,) * 6 + (1,), "E6+U1")[2] == {27: 2, 1: 2}
    assert _dims(e7, (0,) * 6 + (1,), "D6+A1")[2] == {24: 1, 32: 1}  # (12,2)+(32,1)
    assert _dims(LieAlgebra("F4"), (0, 0, 0, 1), "B4")[2] == {16: 1, 9: 1, 1: 1}


def test_foldings():
    d4 = LieAlgebra("D4")
    fold = next(s for s in d4.maximal_subalgebras() if s.name == "B3" and "vector" in s.how)
    assert _dims(d4, (1, 0, 0, 0), fold)[1] == {(1, 0, 0): 1, (0, 0, 0): 1}
    with pytest.raises(ValueError, match="ambiguous in D4"):   # three B3 under triality
        d4.subalgebra("B3")
    assert _dims(LieAlgebra("D4"), (0, 0, 0, 1), "G2")[2] == {7: 1, 1: 1}  # triality
    assert _dims(LieAlgebra("A5"), (0, 1, 0, 0, 0), "C3")[2] == {14: 1, 1: 1}
    assert _dims(LieAlgebra("A4"), (1, 0, 0, 0), "B2")[2] == {5: 1}     # su(5) > so(5)
    assert _dims(LieAlgebra("A4"), (1, 0, 0, 1), "B2")[2] == {10: 1, 14: 1}
    assert _dims(LieAlgebra("D6"), (0, 0, 0, 0, 0, 1), "B5")[2] == {32: 1}


def test_b2_and_c2_levi_factors_keep_the_requested_labelling():
    c3 = LieAlgebra("C3")
    sub, br, dims = _dims(c3, (1, 0, 0), "C2+U1")
    assert sub.name == "C2+U1" and dims == {4: 1, 1: 2}            # 6 -> 4 + 1 + 1
    sub, br, dims = _dims(LieAlgebra("B3"), (1, 0, 0), "B2+U1")
    assert sub.name == "B2+U1" and dims == {5: 1, 1: 2}            # 7 -> 5 + 1 + 1


def test_delete_nodes_directly():
    g = LieAlgebra("A4")
    sub = g.subalgebra(delete=[3])
    assert isinstance(sub, Subalgebra) and sub.name == "A2+A1+U1"
    assert g.subalgebra(delete=[0], extended=True).name == "A4"
    e8 = g.__class__("E8").subalgebra(delete=[1], extended=True)
    assert e8.name == "D8"


def test_not_a_subalgebra():
    with pytest.raises(ValueError, match="not a special, Levi or regular subalgebra"):
        LieAlgebra("E8").subalgebra("B4+B4")
    with pytest.raises(ValueError, match="rank"):
        LieAlgebra("A2").subalgebra("A3")
    with pytest.raises(ValueError, match="delete"):
        LieAlgebra("A2").subalgebra(delete=[0])
    with pytest.raises(ValueError, match="cartan_type"):
        LieAlgebra("A4").subalgebra("A2+Q1")
    with pytest.raises(TypeError):
        LieAlgebra("A4").branch((1, 0, 0, 0), 5)
    with pytest.raises(ValueError, match="belongs to"):
        LieAlgebra("A3").branch((1, 0, 0), LieAlgebra("A4").subalgebra("A3+U1"))


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([("A4", "A2+A1+U1"), ("G2", "A2"), ("B3", "G2"), ("F4", "B4"),
                        ("D5", "D4+U1"), ("C3", "A2+U1"), ("D4", "A1+A1+A1+A1")]),
       st.lists(st.integers(0, 1), min_size=5, max_size=5))
def test_branching_dimension_sum(case, labels):
    name, spec = case
    g = LieAlgebra(name)
    hw = tuple(labels[: g.rank])
    if g.irrep_dimension(hw) > 5000:
        return
    _dims(g, hw, spec)


def test_u1_only_and_format():
    g = LieAlgebra("A1")
    sub = g.subalgebra("U1")
    assert g.branch((3,), sub) == {(-3,): 1, (-1,): 1, (1,): 1, (3,): 1}   # m = 2 j_z
    s = LieAlgebra("A4").subalgebra("A2+A1+U1")
    assert s.format((1, 0, 1, -1)) == "(1,0)(1)[-1]" and s.irrep_dimension((1, 0, 1, -1)) == 6


def _via(name, hw, spec, irrep):
    g = LieAlgebra(name)
    sub = g.subalgebra(spec, irrep=irrep)
    br = g.branch(hw, sub)
    assert sum(sub.irrep_dimension(k) * m for k, m in br.items()) == g.irrep_dimension(hw)
    return sorted((sub.irrep_dimension(k), m) for k, m in br.items()), br, sub


def test_embeddings_through_an_irrep_against_slansky():
    # su(6) > su(3) via the 6: 15 -> 15, 35 -> 27 + 8
    assert _via("A5", (0, 1, 0, 0, 0), "A2", (2, 0))[0] == [(15, 1)]
    assert _via("A5", (1, 0, 0, 0, 1), "A2", (2, 0))[0] == [(8, 1), (27, 1)]
    # su(6) > su(2) x su(3) via (2,3): 20 -> (4,1) + (2,8)
    assert _via("A5", (0, 0, 1, 0, 0), "A1+A2", (1, 1, 0))[0] == [(4, 1), (16, 1)]
    # so(8) > so(7) via the spinor: 8v -> 8, 8s -> 7 + 1 (triality)
    assert _via("D4", (1, 0, 0, 0), "B3", (0, 0, 1))[1] == {(0, 0, 1): 1}
    assert _via("D4", (0, 0, 0, 1), "B3", (0, 0, 1))[0] == [(1, 1), (7, 1)]
    # so(8) > su(2) x sp(4) via (2,4): 8s -> (1,5) + (3,1)
    assert _via("D4", (0, 0, 0, 1), "A1+C2", (1, 1, 0))[0] == [(3, 1), (5, 1)]
    # so(9) > su(2) x su(2) via (3,3): 16 -> (2,4) + (4,2)
    assert _via("B4", (0, 0, 0, 1), "A1+A1", (2, 2))[0] == [(8, 1), (8, 1)]
    # su(8) > so(7) via the spinor: 70 -> 35 + 27 + 7 + 1
    assert _via("A7", (0, 0, 0, 1, 0, 0, 0), "B3", (0, 0, 1))[0] == [(1, 1), (7, 1), (27, 1),
                                                                       (35, 1)]
    # so(10) > so(5) via the 10 (adjoint of so(5)): 16 -> 16
    assert _via("D5", (0, 0, 0, 0, 1), "B2", (0, 2))[0] == [(16, 1)]
    # sp(6) > su(2) x so(3) via (2,3): 14 -> (3,3) + (1,5)
    assert _via("C3", (0, 1, 0), "A1+A1", (1, 2))[0] == [(5, 1), (9, 1)]


def test_irrep_embeddings_agree_with_the_built_in_special_ones():
    for name, spec, irrep in [("B3", "G2", (1, 0)), ("A2", "A1", (2,)), ("B3", "A1", (6,))]:
        g = LieAlgebra(name)
        via = g.subalgebra(spec, irrep=irrep)
        ref = g.subalgebra(spec) if spec != "A1" or name == "A2" else g.subalgebra("principal")
        for hw in [(1,) + (0,) * (g.rank - 1), (0,) * (g.rank - 1) + (1,), (1,) * g.rank]:
            assert g.branch(hw, via) == g.branch(hw, ref)


def test_irrep_embedding_errors():
    with pytest.raises(ValueError, match="not orthogonal"):
        LieAlgebra("D4").subalgebra("A1", irrep=(7,))          # spin 7/2 is symplectic
    with pytest.raises(ValueError, match="not symplectic"):
        LieAlgebra("C2").subalgebra("A1+A1", irrep=(1, 1))     # 2 x 2 is orthogonal
    with pytest.raises(ValueError, match="not self-dual"):
        LieAlgebra("C3").subalgebra("A2", irrep=(2, 0))          # the 6 of su(3) is complex
    with pytest.raises(ValueError, match="has dimension"):
        LieAlgebra("A3").subalgebra("A2", irrep=(1, 0))
    with pytest.raises(ValueError, match="classical"):
        LieAlgebra("E6").subalgebra("A2", irrep=(1, 0))
    with pytest.raises(ValueError, match="labels"):
        LieAlgebra("A5").subalgebra("A2", irrep=(1, 0, 0))
