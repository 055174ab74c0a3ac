"""Root systems against closed forms and tables (Bourbaki plates; Humphreys, Reflection Groups
and Coxeter Groups, table of degrees and orders)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from sympy.liealgebras.cartan_type import CartanType
from sympy.liealgebras.weyl_group import WeylGroup as SympyWeylGroup

from symphys.lie import LieAlgebra

# (positive roots, |W|, dimension, exponents, dual Coxeter number, highest root)
EXCEPTIONAL = {
    "G2": (6, 12, 14, [1, 5], 4, (3, 2)),
    "F4": (24, 1152, 52, [1, 5, 7, 11], 9, (2, 3, 4, 2)),
    "E6": (36, 51840, 78, [1, 4, 5, 7, 8, 11], 12, (1, 2, 2, 3, 2, 1)),
    "E7": (63, 2903040, 133, [1, 5, 7, 9, 11, 13, 17], 18, (2, 2, 3, 4, 3, 2, 1)),
    "E8": (120, 696729600, 248, [1, 7, 11, 13, 17, 19, 23, 29], 30, (2, 3, 4, 6, 5, 4, 3, 2)),
}


@pytest.mark.parametrize("name", list(EXCEPTIONAL))
def test_exceptional_tables(name):
    npos, order, dim, exps, hdual, theta = EXCEPTIONAL[name]
    g = LieAlgebra(name)
    assert len(g.positive_roots()) == npos
    assert g.weyl_group_order() == order and type(g.weyl_group_order()) is int
    assert g.dimension == dim
    assert g.exponents() == exps
    assert g.dual_coxeter_number() == hdual
    assert g.highest_root() == theta
    assert g.coxeter_number() == exps[-1] + 1


def _classical(letter, n):
    """Closed forms: (#positive roots, |W|, dim, h, h^v, highest root) per Humphreys/Bourbaki."""
    if letter == "A":
        return (n * (n + 1) // 2, math.factorial(n + 1), n * (n + 2), n + 1, n + 1, (1,) * n)
    if letter == "B":
        return (n * n, 2**n * math.factorial(n), n * (2 * n + 1), 2 * n, 2 * n - 1,
                (1,) + (2,) * (n - 1))
    if letter == "C":
        return (n * n, 2**n * math.factorial(n), n * (2 * n + 1), 2 * n, n + 1,
                (2,) * (n - 1) + (1,))
    return (n * (n - 1), 2 ** (n - 1) * math.factorial(n), n * (2 * n - 1), 2 * n - 2,
            2 * n - 2, (1,) + (2,) * (n - 3) + (1, 1))


@pytest.mark.parametrize("name", ["A1", "A2", "A5", "A8", "B2", "B3", "B6", "C2", "C3", "C7",
                                  "D4", "D5", "D8", "D10"])
def test_classical_closed_forms(name):
    g = LieAlgebra(name)
    npos, order, dim, h, hdual, theta = _classical(g.letter, g.rank)
    assert len(g.positive_roots()) == npos
    assert g.weyl_group_order() == order
    assert g.dimension == dim
    assert g.coxeter_number() == h
    assert g.dual_coxeter_number() == hdual
    assert g.highest_root() == theta


@pytest.mark.parametrize("name", ["A3", "B3", "C4", "D5", "G2", "F4", "E6", "E7", "E8"])
def test_roots_closed_under_simple_reflections(name):
    g = LieAlgebra(name)
    roots = set(g.roots())
    a = g.cartan_matrix
    for b in roots:
        for i in range(g.rank):
            pairing = sum(b[k] * a[k, i] for k in range(g.rank))  # <b, a_i^v>
            img = tuple(b[k] - (pairing if k == i else 0) for k in range(g.rank))
            assert img in roots
    assert len(roots) == 2 * len(g.positive_roots())


@pytest.mark.parametrize("name", ["B4", "C4", "F4", "G2"])
def test_long_and_short_root_counts(name):
    # long/short positive roots: B_n n(n-1) / n; C_n n / n(n-1); F4 12/12; G2 3/3
    counts = {"B4": (12, 4), "C4": (4, 12), "F4": (12, 12), "G2": (3, 3)}[name]
    g = LieAlgebra(name)
    lengths = [g.inner_product(w, w) for w in g.positive_roots(coordinates="weight")]
    assert set(lengths) <= {Fraction(2), min(lengths)}
    assert (lengths.count(Fraction(2)), len(lengths) - lengths.count(Fraction(2))) == counts


@pytest.mark.parametrize("name", ["A3", "A5", "B3", "B5", "C3", "C5", "D4", "D6"])
def test_positive_roots_match_sympy_for_classical_types(name):
    # sympy is right for A-D: same orthonormal realisation (Bourbaki), compare as sets
    ours = {tuple(int(x) for x in r)
            for r in LieAlgebra(name).positive_roots(coordinates="orthonormal")}
    theirs = {tuple(int(x) for x in r) for r in CartanType(name).positive_roots().values()}
    assert ours == theirs
    assert LieAlgebra(name).weyl_group_order() == int(SympyWeylGroup(name).group_order())


def test_sympy_is_wrong_for_e6_which_we_get_right():
    # documented sympy 1.14 defect: 36 "positive roots" of E6 with duplicates
    theirs = [tuple(r) for r in CartanType("E6").positive_roots().values()]
    ours = LieAlgebra("E6").positive_roots(coordinates="orthonormal")
    assert len(set(ours)) == 36
    assert len(set(theirs)) < 36 or set(theirs) != set(ours)


def test_all_roots_have_integral_coefficients_of_one_sign():
    for name in ["E8", "F4", "G2", "B5"]:
        for r in LieAlgebra(name).positive_roots():
            assert all(c >= 0 for c in r) and sum(r) >= 1


def test_fundamental_weights_are_dual_to_coroots():
    for name in ["A3", "B3", "C3", "G2", "F4", "E6"]:
        g = LieAlgebra(name)
        a = g.cartan_matrix
        for i, w in enumerate(g.fundamental_weights()):
            # <w_i, a_j^v> = sum_k w_ik <a_k, a_j^v> = delta_ij
            assert [sum(w[k] * a[k, j] for k in range(g.rank)) for j in range(g.rank)] == [
                int(i == j) for j in range(g.rank)]


def test_roots_in_bases():
    g = LieAlgebra("A2")
    assert g.simple_roots() == [(1, 0), (0, 1)]
    assert g.simple_roots(coordinates="weight") == [(2, -1), (-1, 2)]
    assert g.highest_root(coordinates="orthonormal") == (1, 0, -1)
    with pytest.raises(ValueError, match="coordinates"):
        g.positive_roots(coordinates="dynkin")


def _signs(n):
    return itertools.product((1, -1), repeat=n)


def test_g2_f4_e8_root_sets_match_bourbaki_closed_forms():
    h = Fraction(1, 2)
    # G2 in the plane x1 + x2 + x3 = 0 (Plate IX)
    short = {(1, -1, 0), (0, 1, -1), (1, 0, -1)}
    long_ = {(2, -1, -1), (-1, 2, -1), (-1, -1, 2)}
    g2 = short | long_
    g2 |= {tuple(-x for x in r) for r in g2}
    ours = LieAlgebra("G2").roots(coordinates="orthonormal")
    assert {tuple(int(x) for x in r) for r in ours} == g2
    # F4 (Plate VIII): +-e_i, +-e_i +- e_j, (+-e1 +-e2 +-e3 +-e4)/2
    f4 = set()
    for i in range(4):
        for s in (1, -1):
            f4.add(tuple(Fraction(s * (k == i)) for k in range(4)))
    for i, j in itertools.combinations(range(4), 2):
        for s, t in _signs(2):
            f4.add(tuple(Fraction(s * (k == i) + t * (k == j)) for k in range(4)))
    for sg in _signs(4):
        f4.add(tuple(h * s for s in sg))
    ours = {tuple(Fraction(int(x.p), int(x.q)) for x in r)
            for r in LieAlgebra("F4").roots(coordinates="orthonormal")}
    assert ours == f4 and len(f4) == 48
    # E8 (Plate VII): +-e_i +- e_j and (sum +-e_i)/2 with an even number of minus signs
    e8 = set()
    for i, j in itertools.combinations(range(8), 2):
        for s, t in _signs(2):
            e8.add(tuple(Fraction(s * (k == i) + t * (k == j)) for k in range(8)))
    for sg in _signs(8):
        if sg.count(-1) % 2 == 0:
            e8.add(tuple(h * s for s in sg))
    ours = {tuple(Fraction(int(x.p), int(x.q)) for x in r)
            for r in LieAlgebra("E8").roots(coordinates="orthonormal")}
    assert ours == e8 and len(e8) == 240


# ---------------------------------------------------------------- closed forms at the size limit
def _series(max_rank):
    return [(letter, n) for letter, low in (("A", 1), ("B", 2), ("C", 2), ("D", 4))
            for n in range(low, max_rank + 1)]


@pytest.mark.parametrize("letter,n", _series(8))
def test_closed_form_roots_and_inverse_match_the_generic_construction(letter, n):
    """Second method: root strings (Humphreys §9.4) and Gauss-Jordan inversion, ranks <= 8."""
    from symphys.lie.cartan_type import cartan_matrix
    from symphys.lie.root_system import (
        _inverse,
        classical_inverse_cartan,
        classical_positive_roots,
        positive_roots,
    )

    cartan = cartan_matrix(letter, n)
    assert classical_positive_roots(letter, n) == positive_roots(cartan)  # same order too
    assert classical_inverse_cartan(letter, n) == _inverse(cartan)
    rs = LieAlgebra(letter, n).root_system
    assert rs.positive == positive_roots(cartan)
    assert rs.inverse_cartan == _inverse(cartan)
    assert rs.positive_labels == [
        tuple(sum(a[k] * cartan[k][i] for k in range(n)) for i in range(n)) for a in rs.positive]


@pytest.mark.parametrize("letter,n", _series(6) + [("E", 6), ("E", 7), ("E", 8), ("F", 4),
                                                   ("G", 2)])
def test_weyl_dimension_skipping_zero_labels_matches_the_full_product(letter, n):
    g = LieAlgebra(letter, n)
    rs = g.root_system
    rho = [sum(c * rs.dint[i] for i, c in enumerate(a)) for a in rs.positive]
    for hw in [(0,) * n, *(tuple(int(i == j) for j in range(n)) for i in range(n)),
               tuple(range(n)), ((2,) + (0,) * (n - 2) + (1,))[-n:]]:
        full = [sum(c * rs.dint[i] * (hw[i] + 1) for i, c in enumerate(a)) for a in rs.positive]
        num, den = math.prod(full), math.prod(rho)
        assert num % den == 0 and g.irrep_dimension(hw) == num // den


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", ["A140", "B99", "C99", "D100"])
def test_info_quantities_at_the_dimension_limit_are_fast(name):
    """What ``symphys lie info`` computes, at MAX_DIMENSION (took 42-62 s before closed forms)."""
    g = LieAlgebra(name)
    n = g.rank
    assert g.dimension <= 20_000
    npos, order, dim, h, hdual, theta = _classical(g.letter, n)
    assert len(g.positive_roots()) == npos and g.dimension == dim
    assert g.weyl_group_order() == order and g.coxeter_number() == h
    assert g.dual_coxeter_number() == hdual and g.highest_root() == theta
    assert g.exponents()[0] == 1 and g.exponents()[-1] == h - 1
    assert g.cartan_matrix.shape == (n, n)
    dims = [g.irrep_dimension(tuple(int(i == j) for j in range(n))) for i in range(n)]
    if g.letter == "A":
        assert dims == [math.comb(n + 1, k) for k in range(1, n + 1)]
    elif g.letter == "C":  # sp(2n): dim w_k = C(2n, k) - C(2n, k - 2)
        assert dims == [math.comb(2 * n, k) - (math.comb(2 * n, k - 2) if k >= 2 else 0)
                        for k in range(1, n + 1)]
    else:  # so(N): dim w_k = C(N, k) below the spin nodes, 2^(n-1) (B: 2^n) for the spinors
        big_n = 2 * n + 1 if g.letter == "B" else 2 * n
        nvec = n - 1 if g.letter == "B" else n - 2
        assert dims[:nvec] == [math.comb(big_n, k) for k in range(1, nvec + 1)]
        assert dims[nvec:] == ([2**n] if g.letter == "B" else [2 ** (n - 1)] * 2)
    assert len(g.dynkin_diagram().splitlines()) >= 3
