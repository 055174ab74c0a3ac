"""Irreps against published tables and closed forms (Slansky 1981; Bourbaki; hook-content)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.liealgebras.cartan_type import CartanType

from symphys.lie import LieAlgebra


def unit(r, i):
    return tuple(int(j == i) for j in range(r))


# Fundamental irrep dimensions, Bourbaki labelling (Slansky 1981; Feger-Kephart LieART tables)
FUNDAMENTAL_DIMS = {
    "G2": [7, 14],
    "F4": [52, 1274, 273, 26],
    "E6": [27, 78, 351, 2925, 351, 27],
    "E7": [133, 912, 8645, 365750, 27664, 1539, 56],
    "E8": [3875, 147250, 6696000, 6899079264, 146325270, 2450240, 30380, 248],
    "D5": [10, 45, 120, 16, 16],
    "B3": [7, 21, 8],
    "C3": [6, 14, 14],
}


@pytest.mark.parametrize("name", list(FUNDAMENTAL_DIMS))
def test_fundamental_dimensions(name):
    g = LieAlgebra(name)
    assert [g.irrep_dimension(unit(g.rank, i)) for i in range(g.rank)] == FUNDAMENTAL_DIMS[name]


@pytest.mark.parametrize(("name", "hw", "dim"), [
    ("A2", (3, 0), 10), ("A2", (2, 2), 27), ("A2", (1, 1), 8), ("A4", (1, 1, 0, 0), 40),
    ("A4", (1, 0, 1, 0), 45), ("A4", (0, 1, 1, 0), 75), ("D5", (0, 0, 0, 0, 2), 126),
    ("D5", (0, 0, 0, 1, 1), 210), ("G2", (2, 0), 27), ("G2", (1, 1), 64), ("G2", (0, 2), 77),
    ("G2", (3, 0), 77), ("E6", (1, 0, 0, 0, 0, 1), 650), ("E6", (2, 0, 0, 0, 0, 0), 351),
    ("E7", (0, 0, 0, 0, 0, 0, 2), 1463), ("E8", (0,) * 7 + (2,), 27000),
    ("F4", (0, 0, 0, 2), 324), ("B4", (0, 0, 0, 1), 16), ("C2", (0, 1), 5),
])
def test_published_dimensions(name, hw, dim):
    assert LieAlgebra(name).irrep_dimension(hw) == dim


def _hook_content_dim(labels):
    # su(N), N = rank + 1: partition lambda_i = sum_{j >= i} a_j, dim = prod (N + c) / hook
    n = len(labels) + 1
    lam = [sum(labels[i:]) for i in range(len(labels))] + [0]
    conj = [sum(1 for x in lam if x > j) for j in range(lam[0])] if lam[0] else []
    num = den = 1
    for i, row in enumerate(lam):
        for j in range(row):
            num *= n + j - i
            den *= (row - j - 1) + (conj[j] - i - 1) + 1
    return num // den


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5).flatmap(lambda r: st.tuples(*[st.integers(0, 3)] * r)))
def test_su_n_dimension_equals_hook_content_formula(labels):
    assert LieAlgebra(("A", len(labels))).irrep_dimension(labels) == _hook_content_dim(labels)


def _eps_fundamental(letter, n, i):
    """Fundamental weight w_{i+1} in the orthonormal basis (Bourbaki plates II-IV)."""
    half = sympy.Rational(1, 2)
    if letter == "C" or i < n - 2 or (letter == "B" and i < n - 1):
        return [1 if k <= i else 0 for k in range(n)]
    if letter == "B":  # spinor weight
        return [half] * n
    if i == n - 2:  # D: w_{n-1}
        return [half] * (n - 1) + [-half]
    return [half] * n


@pytest.mark.parametrize("name", ["B3", "B4", "C3", "C4", "D4", "D5"])
def test_weyl_dimension_against_independent_orthonormal_computation(name):
    # positive roots from sympy (right for B, C, D), weights from the plates' closed forms
    g = LieAlgebra(name)
    n = g.rank
    pos = [sympy.Matrix(v) for v in CartanType(name).positive_roots().values()]
    rho = sum(pos, sympy.zeros(n, 1)) / 2
    fund = [sympy.Matrix(_eps_fundamental(g.letter, n, i)) for i in range(n)]
    for labels in itertools.product(range(2), repeat=n):
        lam = sum((a * w for a, w in zip(labels, fund, strict=True)), sympy.zeros(n, 1))
        d = sympy.prod([(lam + rho).dot(a) / rho.dot(a) for a in pos])
        assert g.irrep_dimension(labels) == d


def _kostka(shape, content):
    """Number of semistandard tableaux of a shape with given content (brute force)."""
    cells = [(i, j) for i, row in enumerate(shape) for j in range(row)]
    letters = [k for k, c in enumerate(content) for _ in range(c)]
    if len(letters) != len(cells):
        return 0
    count = 0
    for perm in set(itertools.permutations(letters)):
        t = dict(zip(cells, perm, strict=True))
        if all(t[(i, j)] <= t[(i, j + 1)] for (i, j) in cells if (i, j + 1) in t) and all(
                t[(i, j)] < t[(i + 1, j)] for (i, j) in cells if (i + 1, j) in t):
            count += 1
    return count


@pytest.mark.parametrize("labels", [(1, 1), (2, 1), (2, 2), (1, 1, 0), (0, 2, 0), (1, 0, 1)])
def test_su_n_multiplicities_are_kostka_numbers(labels):
    n = len(labels) + 1
    g = LieAlgebra(("A", n - 1))
    shape = [sum(labels[i:]) for i in range(len(labels))]
    size = sum(shape)
    for content in itertools.product(range(size + 1), repeat=n):
        if sum(content) != size:
            continue
        weight = tuple(content[i] - content[i + 1] for i in range(n - 1))
        # the sl(n) weight of a tableau of content c has Dynkin labels c_i - c_{i+1}
        expected = _kostka(shape, content)
        got = g.character(labels).get(weight, 0)
        assert got == expected, (labels, content)


def test_su3_27_multiplicities():
    # the 27 of su(3): outer hexagon 1, inner triangle 2... centre 3
    assert LieAlgebra("A2").weights((2, 2)) == {(2, 2): 1, (3, 0): 1, (0, 3): 1, (1, 1): 2,
                                                (0, 0): 3}


@pytest.mark.parametrize("name", ["A2", "B3", "C3", "D4", "G2", "F4", "E6", "E7", "E8"])
def test_adjoint_weights_are_the_roots_and_rank_zeros(name):
    g = LieAlgebra(name)
    theta = g.highest_root(coordinates="weight")
    char = g.character(theta)
    assert char.pop((0,) * g.rank) == g.rank
    assert set(char) == set(g.roots(coordinates="weight")) and set(char.values()) == {1}


def _second_order_sum_rule(g, hw):
    # Patera-Sharp: sum_mu m(mu) (mu, mu) = dim(l) (l, l + 2 rho) rank / dim(g)
    char = g.character(hw)
    lhs = sum((m * g.inner_product(w, w) for w, m in char.items()), Fraction(0))
    rhs = Fraction(g.irrep_dimension(hw) * g.rank, g.dimension) * 2 * g.casimir(hw)
    return sum(char.values()), lhs, rhs


@pytest.mark.parametrize(("name", "hw"), [
    ("E8", (1, 0, 0, 0, 0, 0, 0, 0)), ("E7", (0, 0, 0, 0, 0, 1, 0)), ("E6", (0, 0, 1, 0, 0, 0)),
    ("F4", (0, 0, 1, 0)), ("G2", (2, 1)), ("B3", (1, 1, 1)), ("C3", (2, 0, 1)),
    ("D5", (0, 1, 0, 0, 1)), ("A4", (2, 0, 1, 1)),
])
def test_freudenthal_sums_to_weyl_dimension_and_sum_rule(name, hw):
    g = LieAlgebra(name)
    total, lhs, rhs = _second_order_sum_rule(g, hw)
    assert total == g.irrep_dimension(hw)
    assert lhs == rhs


ALGS = ["A1", "A2", "A3", "B2", "C3", "B3", "D4", "G2", "F4"]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(ALGS).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.integers(0, 2), min_size=LieAlgebra(n).rank,
                                             max_size=LieAlgebra(n).rank))))
def test_freudenthal_sum_property(case):
    name, hw = case
    g = LieAlgebra(name)
    if g.irrep_dimension(hw) > 20000:
        return
    total, lhs, rhs = _second_order_sum_rule(g, tuple(hw))
    assert total == g.irrep_dimension(hw) and lhs == rhs


def test_e8_3875_weight_structure():
    # 3875 = 2160 (orbit of w1) + 240 * 7 (roots) + 35 (zero weight): |W|/|W(E7)| = 2160
    g = LieAlgebra("E8")
    dom = g.weights((1, 0, 0, 0, 0, 0, 0, 0))
    assert dom == {(1, 0, 0, 0, 0, 0, 0, 0): 1, (0, 0, 0, 0, 0, 0, 0, 1): 7, (0,) * 8: 35}


# ---------------------------------------------------------------- tensor products
def _by_dim(g, tp):
    out = {}
    for k, m in tp.items():
        out[g.irrep_dimension(k)] = out.get(g.irrep_dimension(k), 0) + m
    return out


@pytest.mark.parametrize(("name", "a", "b", "dims"), [
    ("A2", (1, 0), (0, 1), {8: 1, 1: 1}),
    ("A2", (1, 0), (1, 0), {6: 1, 3: 1}),
    ("A2", (1, 1), (1, 1), {27: 1, 10: 2, 8: 2, 1: 1}),
    ("A4", (1, 0, 0, 0), (0, 1, 0, 0), {10: 1, 40: 1}),
    ("A4", (0, 1, 0, 0), (0, 1, 0, 0), {5: 1, 45: 1, 50: 1}),
    ("G2", (1, 0), (1, 0), {1: 1, 7: 1, 14: 1, 27: 1}),
    ("G2", (1, 0), (0, 1), {7: 1, 27: 1, 64: 1}),
    ("F4", (0, 0, 0, 1), (0, 0, 0, 1), {1: 1, 26: 1, 52: 1, 273: 1, 324: 1}),
    ("E6", (1, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 1), {1: 1, 78: 1, 650: 1}),
    ("E6", (1, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0), {27: 1, 351: 2}),
    ("E7", (0,) * 6 + (1,), (0,) * 6 + (1,), {1: 1, 133: 1, 1463: 1, 1539: 1}),
    ("E8", (0,) * 7 + (1,), (0,) * 7 + (1,), {1: 1, 248: 1, 3875: 1, 27000: 1, 30380: 1}),
    ("D5", (0, 0, 0, 0, 1), (0, 0, 0, 0, 1), {10: 1, 120: 1, 126: 1}),
    ("D5", (0, 0, 0, 0, 1), (0, 0, 0, 1, 0), {1: 1, 45: 1, 210: 1}),
])
def test_known_decompositions(name, a, b, dims):
    # Slansky (1981); su(3) 8x8 = 1+8+8+10+10b+27 (also LiE, Sage)
    g = LieAlgebra(name)
    tp = g.tensor_product(a, b)
    assert _by_dim(g, tp) == dims
    dim = g.irrep_dimension
    assert sum(dim(k) * m for k, m in tp.items()) == dim(a) * dim(b)


def test_known_decompositions_by_label():
    e6 = LieAlgebra("E6")
    # 27 x 27 = 27b (antisymmetric, w6) + 351 (w5... antisym) + 351' (2 w1, symmetric)
    assert e6.tensor_product((1, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0)) == {
        (2, 0, 0, 0, 0, 0): 1, (0, 0, 1, 0, 0, 0): 1, (0, 0, 0, 0, 0, 1): 1}
    su3 = LieAlgebra("A2")
    assert su3.tensor_product((1, 1), (1, 1)) == {(2, 2): 1, (3, 0): 1, (0, 3): 1, (1, 1): 2,
                                                  (0, 0): 1}


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 8), st.integers(0, 8))
def test_su2_clebsch_gordan(a, b):
    # j1 x j2 = |j1 - j2| + ... + (j1 + j2), labels 2j
    tp = LieAlgebra("A1").tensor_product((a,), (b,))
    assert tp == {(c,): 1 for c in range(a + b, abs(a - b) - 1, -2)}


def _decompose_by_characters(g, a, b):
    """Independent second method: multiply characters, peel off highest weights."""
    ca, cb = g.character(a), g.character(b)
    prod = {}
    for (u, m), (v, n) in itertools.product(ca.items(), cb.items()):
        w = tuple(x + y for x, y in zip(u, v, strict=True))
        prod[w] = prod.get(w, 0) + m * n
    out = {}
    height = [sum(row) for row in g.fundamental_weights()]  # <w_i, rho^v>-like positive weights
    while prod:
        top = max((w for w in prod if min(w) >= 0), key=lambda w: sum(
            h * x for h, x in zip(height, w, strict=True)))
        m = prod[top]
        out[top] = m
        for w, k in g.character(top).items():
            prod[w] -= m * k
            if prod[w] == 0:
                del prod[w]
    return out


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["A2", "B2", "G2", "A3", "C3"]).flatmap(
    lambda n: st.tuples(st.just(n),
                        st.lists(st.integers(0, 2), min_size=LieAlgebra(n).rank,
                                 max_size=LieAlgebra(n).rank),
                        st.lists(st.integers(0, 1), min_size=LieAlgebra(n).rank,
                                 max_size=LieAlgebra(n).rank))))
def test_tensor_product_agrees_with_character_multiplication(case):
    name, a, b = case
    g = LieAlgebra(name)
    a, b = tuple(a), tuple(b)
    tp = g.tensor_product(a, b)
    assert tp == _decompose_by_characters(g, a, b)
    assert tp == g.tensor_product(b, a)
    dim = g.irrep_dimension
    assert sum(dim(k) * m for k, m in tp.items()) == dim(a) * dim(b)
    # index sum rule T(R1 x R2) = d1 T2 + d2 T1
    assert sum(m * g.index(k) for k, m in tp.items()) == dim(a) * g.index(b) + dim(b) * g.index(a)


# ---------------------------------------------------------------- duals, Casimir, index
def test_duals():
    assert LieAlgebra("A4").dual((1, 2, 0, 3)) == (3, 0, 2, 1)
    assert LieAlgebra("D5").dual((0, 0, 0, 1, 0)) == (0, 0, 0, 0, 1)   # 16 <-> 16b
    assert LieAlgebra("D4").dual((0, 0, 1, 0)) == (0, 0, 1, 0)          # self-dual in D_even
    assert LieAlgebra("E6").dual((1, 0, 1, 0, 0, 0)) == (0, 0, 0, 0, 1, 1)
    for name in ["B3", "C4", "E7", "E8", "F4", "G2"]:
        g = LieAlgebra(name)
        hw = tuple(range(1, g.rank + 1))
        assert g.dual(hw) == hw   # -1 is in W
    g = LieAlgebra("A3")
    hw = (2, 1, 0)
    assert {tuple(-x for x in w) for w in g.character(hw)} == set(g.character(g.dual(hw)))


@pytest.mark.parametrize("n", [2, 3, 4, 5, 8])
def test_casimir_closed_forms_su_n(n):
    g = LieAlgebra(("A", n - 1))
    assert g.casimir(unit(n - 1, 0)) == Fraction(n * n - 1, 2 * n)
    assert g.index(unit(n - 1, 0)) == Fraction(1, 2)
    assert g.casimir(g.highest_root(coordinates="weight")) == n


@pytest.mark.parametrize(("name", "vector_dim"), [("B3", 7), ("B4", 9), ("D4", 8), ("D5", 10),
                                                  ("D6", 12)])
def test_casimir_closed_forms_so_n(name, vector_dim):
    g = LieAlgebra(name)
    vec = unit(g.rank, 0)
    assert g.irrep_dimension(vec) == vector_dim
    assert g.casimir(vec) == Fraction(vector_dim - 1, 2)
    assert g.index(vec) == 1


@pytest.mark.parametrize("n", [2, 3, 4])
def test_casimir_sp(n):
    g = LieAlgebra(("C", n))
    assert g.casimir(unit(n, 0)) == Fraction(2 * n + 1, 4)


@pytest.mark.parametrize("name", ["A1", "A5", "B4", "C3", "D5", "E6", "E7", "E8", "F4", "G2"])
def test_adjoint_casimir_is_dual_coxeter_number(name):
    g = LieAlgebra(name)
    hdual = {"A1": 2, "A5": 6, "B4": 7, "C3": 4, "D5": 8, "E6": 12, "E7": 18, "E8": 30,
             "F4": 9, "G2": 4}[name]
    assert g.casimir(g.highest_root(coordinates="weight")) == hdual


@pytest.mark.parametrize(("name", "hw", "slansky"), [
    ("A2", (1, 0), 1), ("A2", (1, 1), 6), ("A2", (2, 0), 5), ("A4", (0, 1, 0, 0), 3),
    ("E6", (1, 0, 0, 0, 0, 0), 6), ("E6", (0, 1, 0, 0, 0, 0), 24), ("E7", (0,) * 6 + (1,), 12),
    ("E8", (0,) * 7 + (1,), 60), ("F4", (0, 0, 0, 1), 6), ("G2", (1, 0), 2), ("G2", (0, 1), 8),
    ("D5", (0, 0, 0, 0, 1), 4), ("D5", (1, 0, 0, 0, 0), 2),
])
def test_slansky_indices(name, hw, slansky):
    assert LieAlgebra(name).index(hw, normalization="slansky") == slansky


def test_su2_casimir_is_j_j_plus_1():
    g = LieAlgebra("A1")
    for two_j in range(8):
        j = Fraction(two_j, 2)
        assert g.casimir((two_j,)) == j * (j + 1)


@pytest.mark.parametrize(("hw", "msg"), [
    ((1, -1), ">= 0"), ((1, 0, 0), "needs 2"), ((1.5, 0), "ints"), ((True, 0), "ints"),
])
def test_bad_highest_weights(hw, msg):
    g = LieAlgebra("A2")
    with pytest.raises((ValueError, TypeError), match=msg):
        g.irrep_dimension(hw)


def test_bad_index_normalization():
    with pytest.raises(ValueError, match="normalization"):
        LieAlgebra("A2").index((1, 0), normalization="physics")


def test_results_are_exact_python_types():
    g = LieAlgebra("E8")
    assert type(g.irrep_dimension((0,) * 7 + (1,))) is int
    assert isinstance(g.casimir((1,) + (0,) * 7), sympy.Rational)
    assert all(type(k) is tuple and all(type(x) is int for x in k) and type(m) is int
               for k, m in g.tensor_product((0,) * 7 + (1,), (0,) * 7 + (1,)).items())
    assert all(isinstance(x, sympy.Rational) for w in g.fundamental_weights() for x in w)


@pytest.mark.parametrize("name", ["A3", "B4", "C3", "D5", "G2", "F4", "E6", "E7", "E8"])
def test_dimension_of_rho_is_two_to_the_number_of_positive_roots(name):
    # Weyl's formula at l = rho gives prod (2 rho, a)/(rho, a) = 2^N
    g = LieAlgebra(name)
    assert g.irrep_dimension((1,) * g.rank) == 2 ** len(g.positive_roots())


def test_weights_accepts_numpy_ints_and_strings():
    np = pytest.importorskip("numpy")
    g = LieAlgebra("A2")
    assert g.irrep_dimension(np.array([1, 1])) == 8 and g.irrep_dimension("1,1") == 8


def test_progress_bar_for_large_characters(monkeypatch, capsys):
    from symphys.lie import representations

    monkeypatch.setattr(representations, "_PROGRESS_FROM", 10)
    g = LieAlgebra("A2")
    g.character((2, 2), progress=False)
    assert "character" not in capsys.readouterr().err
    g.character((2, 2))  # progress=False is the default
    assert "character" not in capsys.readouterr().err
    g.character((2, 2), progress=True)
    assert "A2 character" in capsys.readouterr().err
