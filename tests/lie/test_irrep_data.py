"""Irrep metadata against Slansky's tables (Phys. Rep. 79 (1981) 1), LieART (arXiv:1206.6379,
arXiv:1912.10969), Yamatsu (arXiv:1511.08771) and closed forms; each value's source is named."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy

from symphys.lie import LieAlgebra
from symphys.lie.irrep_data import MAX_DIMENSION_SEARCH

# ----------------------------------------------------------------------------- names
# Slansky Table 44 (E6), Table 30 (SO(10)), Table 22 (SU(5)) and the E6 statement
# (Sym^2 27 = 27bar + 351', Alt^2 27 = 351); labels converted to Bourbaki order by hand.
NAMES = [
    ("A2", (1, 0), "3"), ("A2", (0, 1), "3bar"), ("A2", (2, 0), "6"), ("A2", (1, 1), "8"),
    ("A2", (2, 1), "15"), ("A2", (4, 0), "15'"), ("A2", (0, 4), "15'bar"),
    ("A4", (1, 0, 0, 0), "5"), ("A4", (0, 0, 0, 1), "5bar"), ("A4", (0, 1, 0, 0), "10"),
    ("A4", (0, 0, 1, 0), "10bar"), ("A4", (1, 0, 0, 1), "24"), ("A4", (0, 1, 1, 0), "75"),
    ("D5", (1, 0, 0, 0, 0), "10"), ("D5", (0, 0, 0, 0, 1), "16"),
    ("D5", (0, 0, 0, 1, 0), "16bar"), ("D5", (0, 1, 0, 0, 0), "45"),
    ("D5", (2, 0, 0, 0, 0), "54"), ("D5", (0, 0, 1, 0, 0), "120"),
    ("D5", (0, 0, 0, 0, 2), "126"), ("D5", (0, 0, 0, 2, 0), "126bar"),
    ("D5", (0, 0, 0, 1, 1), "210"),
    ("E6", (1, 0, 0, 0, 0, 0), "27"), ("E6", (0, 0, 0, 0, 0, 1), "27bar"),
    ("E6", (0, 1, 0, 0, 0, 0), "78"), ("E6", (0, 0, 1, 0, 0, 0), "351"),
    ("E6", (2, 0, 0, 0, 0, 0), "351'"), ("E6", (1, 0, 0, 0, 0, 1), "650"),
    ("E7", (0, 0, 0, 0, 0, 0, 1), "56"), ("E7", (1, 0, 0, 0, 0, 0, 0), "133"),
    ("E8", (0, 0, 0, 0, 0, 0, 0, 1), "248"), ("E8", (1, 0, 0, 0, 0, 0, 0, 0), "3875"),
    ("F4", (0, 0, 0, 1), "26"), ("F4", (1, 0, 0, 0), "52"), ("G2", (1, 0), "7"),
    ("G2", (0, 1), "14"), ("G2", (2, 0), "27"),
    ("D4", (1, 0, 0, 0), "8v"), ("D4", (0, 0, 0, 1), "8s"), ("D4", (0, 0, 1, 0), "8c"),
]


@pytest.mark.parametrize("alg,hw,name", NAMES)
def test_textbook_names_both_ways(alg, hw, name):
    g = LieAlgebra(alg)
    assert g.irrep_name(hw) == name
    assert g.from_name(name) == hw


def test_name_spellings_and_latex():
    e6 = LieAlgebra("E6")
    assert e6.from_name("27b") == e6.from_name("27*") == e6.from_name(r"\overline{\mathbf{27}}")
    assert e6.irrep_name((2, 0, 0, 0, 0, 0), latex=True) == r"\mathbf{351}'"
    assert e6.irrep_name((0, 0, 0, 0, 0, 2), latex=True) == r"\overline{\mathbf{351}}'"
    assert LieAlgebra("D4").irrep_name((0, 0, 0, 1), latex=True) == r"\mathbf{8}_s"
    for w in e6.irreps_of_dimension(351):   # round trip through LaTeX too
        assert e6.from_name(e6.irrep_name(w, latex=True)) == w


def test_unknown_names_list_the_choices():
    with pytest.raises(ValueError, match=r"351bar"):
        LieAlgebra("E6").from_name("351''")
    with pytest.raises(ValueError, match="name="):
        LieAlgebra("E6").from_name("27; import os")
    with pytest.raises(TypeError):
        LieAlgebra("E6").from_name(27)


def test_irreps_of_dimension_against_a_brute_force_box():
    # every irrep of dimension <= 100 of these algebras has all labels <= 99 (dim >= l_i + 1)
    for alg, box in [("A2", 101), ("B3", 8), ("G2", 8)]:
        g = LieAlgebra(alg)
        brute: dict[int, set] = {}
        for w in itertools.product(range(box), repeat=g.rank):
            d = g.irrep_dimension(w)
            if d <= 100:
                brute.setdefault(d, set()).add(w)
        for d in range(1, 101):
            assert set(g.irreps_of_dimension(d)) == brute.get(d, set()), (alg, d)


def test_irreps_of_dimension_is_bounded():
    assert MAX_DIMENSION_SEARCH > 0
    with pytest.raises(ValueError, match="MAX_DIMENSION_SEARCH"):
        LieAlgebra("A7").irreps_of_dimension(10**12)
    with pytest.raises(ValueError):
        LieAlgebra("A2").irreps_of_dimension(0)


# ----------------------------------------------------------------------------- congruency
def _root_lattice_class(g, hw):
    """The class of hw in P/Q, read off the fractional parts of hw A^{-1} (independent route)."""
    inv = g.root_system.inverse_cartan
    return tuple(sum((Fraction(hw[i]) * inv[i][j] for i in range(g.rank)), Fraction(0)) % 1
                 for j in range(g.rank))


@pytest.mark.parametrize("alg", ["A1", "A3", "A4", "B3", "C3", "C4", "D4", "D5", "D6", "E6",
                                 "E7", "E8", "F4", "G2"])
def test_congruency_class_is_the_weight_lattice_mod_roots(alg):
    g = LieAlgebra(alg)
    ws = list(itertools.islice(itertools.product(range(3), repeat=g.rank), 40))
    ws += [tuple(int(i == j) for j in range(g.rank)) for i in range(g.rank)]
    lattice = {w: _root_lattice_class(g, w) for w in ws}
    ours = {w: g.congruency_class(w) for w in ws}
    for a, b in itertools.combinations(ws, 2):
        assert (ours[a] == ours[b]) == (lattice[a] == lattice[b]), (alg, a, b)


def test_congruency_classes_from_slansky_table_4():
    # Slansky Table 4 / LieART: 3 -> 1, 3bar -> 2; SO(10) 10 -> (0,2), 16 -> (1,1),
    # 16bar -> (1,3); E6 27 -> 1, 27bar -> 2; E7 56 -> 1, 133 -> 0
    assert LieAlgebra("A2").congruency_class((1, 0)) == 1
    assert LieAlgebra("A2").congruency_class((0, 1)) == 2
    d5 = LieAlgebra("D5")
    assert d5.congruency_class((1, 0, 0, 0, 0)) == (0, 2)
    assert d5.congruency_class((0, 0, 0, 0, 1)) == (1, 1)
    assert d5.congruency_class((0, 0, 0, 1, 0)) == (1, 3)
    assert LieAlgebra("E6").congruency_class((1, 0, 0, 0, 0, 0)) == 1
    assert LieAlgebra("E6").congruency_class((0, 0, 0, 0, 0, 1)) == 2
    assert LieAlgebra("E7").congruency_class((0, 0, 0, 0, 0, 0, 1)) == 1
    assert LieAlgebra("E7").congruency_class((1, 0, 0, 0, 0, 0, 0)) == 0


# ----------------------------------------------------------------------------- reality
REALITY = [  # Slansky Table 4 / textbook facts
    ("A1", (1,), "pseudoreal"), ("A1", (2,), "real"), ("A2", (1, 0), "complex"),
    ("A2", (1, 1), "real"), ("C3", (1, 0, 0), "pseudoreal"), ("C3", (0, 1, 0), "real"),
    ("C3", (0, 0, 1), "pseudoreal"), ("D5", (0, 0, 0, 0, 1), "complex"),
    ("D4", (0, 0, 0, 1), "real"), ("D6", (0, 0, 0, 0, 0, 1), "pseudoreal"),
    ("D8", (0,) * 7 + (1,), "real"), ("E6", (1, 0, 0, 0, 0, 0), "complex"),
    ("E7", (0, 0, 0, 0, 0, 0, 1), "pseudoreal"), ("E7", (0, 0, 0, 0, 0, 1, 0), "real"),
    ("E7", (0, 1, 0, 0, 0, 0, 0), "pseudoreal"), ("E8", (1,) + (0,) * 7, "real"),
    ("G2", (1, 0), "real"), ("F4", (0, 0, 0, 1), "real"), ("B4", (0, 0, 0, 1), "real"),
    ("B3", (0, 0, 1), "real"), ("B2", (0, 1), "pseudoreal"),
]


@pytest.mark.parametrize("alg,hw,kind", REALITY)
def test_reality_against_slansky(alg, hw, kind):
    assert LieAlgebra(alg).reality(hw) == kind


@pytest.mark.parametrize("alg,hw", [("A1", (3,)), ("C2", (1, 0)), ("C2", (0, 1)),
                                     ("G2", (1, 0)), ("B3", (0, 0, 1)), ("A3", (0, 1, 0)),
                                     ("A3", (1, 0, 0)), ("D6", (0,) * 5 + (1,))])
def test_reality_is_frobenius_schur(alg, hw):
    """Independent route: the invariant sits in Sym^2 (real) or Alt^2 (pseudoreal) or neither."""
    g = LieAlgebra(alg)
    zero = (0,) * g.rank
    in_sym = g.symmetric_power(hw, 2).get(zero, 0)
    in_alt = g.alternating_power(hw, 2).get(zero, 0)
    want = "real" if in_sym else "pseudoreal" if in_alt else "complex"
    assert g.reality(hw) == want


# ----------------------------------------------------------------------------- anomaly
def test_anomaly_closed_forms():
    # A(fund) = 1, A(Sym^2) = n + 4, A(Alt^2) = n - 4, A(adjoint) = 0, A(Rbar) = -A(R)
    # (Banks & Georgi, Phys. Rev. D 14 (1976) 1159; Okubo, Phys. Rev. D 16 (1977) 3528)
    for n in range(3, 8):
        g = LieAlgebra("A", n - 1)
        fund = (1,) + (0,) * (n - 2)
        sym2 = (2,) + (0,) * (n - 2)
        alt2 = (0, 1) + (0,) * (n - 3) if n > 3 else (0, 1)
        adj = (1,) + (0,) * (n - 3) + (1,)
        assert g.anomaly(fund) == 1
        assert g.anomaly(sym2) == n + 4
        assert g.anomaly(alt2) == n - 4
        assert g.anomaly(adj) == 0
        assert g.anomaly(g.dual(sym2)) == -(n + 4)


def test_one_standard_model_generation_is_anomaly_free():
    su5 = LieAlgebra("su(5)")
    assert su5.anomaly(su5.from_name("10")) == 1
    assert su5.anomaly(su5.from_name("5bar")) + su5.anomaly(su5.from_name("10")) == 0
    assert LieAlgebra("A1").anomaly((3,)) == 0
    with pytest.raises(ValueError, match="su\\(n\\)"):
        LieAlgebra("D5").anomaly((0, 0, 0, 0, 1))


def test_anomaly_is_additive_on_tensor_products():
    """A(R x S) = dim(R) A(S) + dim(S) A(R): an independent check on larger irreps."""
    g = LieAlgebra("A3")
    for a, b in [((1, 0, 0), (0, 1, 1)), ((2, 0, 0), (1, 1, 0))]:
        tp = g.tensor_product(a, b)
        total = sum(m * g.anomaly(k) for k, m in tp.items())
        assert total == g.irrep_dimension(a) * g.anomaly(b) + g.irrep_dimension(b) * g.anomaly(a)


# ----------------------------------------------------------------------------- Casimirs
@pytest.mark.parametrize("alg", ["A2", "B3", "C2", "G2", "F4", "E6"])
def test_degree_two_is_the_quadratic_casimir(alg):
    g = LieAlgebra(alg)
    for hw in itertools.islice(itertools.product(range(2), repeat=g.rank), 12):
        assert g.casimir(hw, degree=2) == g.casimir(hw)
        assert g.casimir(hw, degree=2) == (g.inner_product(hw, hw)
                                           + 2 * g.inner_product(hw, (1,) * g.rank)) / 2


def test_cubic_casimir_is_the_anomaly_and_odd_ones_vanish_without_invariant():
    g = LieAlgebra("A3")
    fund = (1, 0, 0)
    c_fund = g.casimir(fund, degree=3) * g.irrep_dimension(fund)
    for hw in [(0, 1, 0), (2, 0, 0), (1, 1, 0), (0, 1, 1), (1, 0, 1)]:
        assert g.casimir(hw, degree=3) * g.irrep_dimension(hw) == g.anomaly(hw) * c_fund
    for alg in ["B3", "G2", "E7", "C3"]:   # no cubic (nor any odd) invariant
        h = LieAlgebra(alg)
        hw = (1,) + (0,) * (h.rank - 1)
        assert h.casimir(hw, degree=3) == 0 and h.casimir(hw, degree=5) == 0
    assert g.casimir((0, 0, 0), degree=4) == 0
    assert isinstance(g.casimir((1, 0, 0), degree=4), sympy.Rational)
    with pytest.raises(ValueError, match="MAX_CASIMIR_DEGREE"):
        g.casimir((1, 0, 0), degree=10**6)
    with pytest.raises(TypeError):
        g.casimir((1, 0, 0), degree=2.0)
