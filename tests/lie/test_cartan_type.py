"""Cartan types: parsing, bad input, Cartan matrices against sympy and Bourbaki's diagrams."""

from __future__ import annotations

import pytest
import sympy
from sympy.liealgebras.cartan_type import CartanType

from symphys.lie import LieAlgebra
from symphys.lie.cartan_type import parse_cartan_type


@pytest.mark.parametrize(("name", "expected"), [
    ("A1", ("A", 1)), ("e8", ("E", 8)), (("b", 4), ("B", 4)), ("su(3)", ("A", 2)),
    ("SU(5)", ("A", 4)), ("so(10)", ("D", 5)), ("so(9)", ("B", 4)), ("so(3)", ("A", 1)),
    ("so(6)", ("A", 3)), ("sp(6)", ("C", 3)), ("sp(2)", ("A", 1)), ("G2", ("G", 2)),
    ("F4", ("F", 4)), (" E 6 ", ("E", 6)),
])
def test_parse(name, expected):
    assert parse_cartan_type(name) == expected


@pytest.mark.parametrize("bad", ["D2", "D3", "E9", "E5", "F3", "G3", "B1", "A0", "H3", "so(4)",
                                 "sp(5)", "su(1)", "foo", ("A", 0), ("E", 9)])
def test_bad_types_raise_value_error_with_reason(bad):
    with pytest.raises(ValueError, match="cartan_type"):
        LieAlgebra(bad)


@pytest.mark.parametrize("bad", [3, None, ("A",), ("A", "3"), ("A", 2.0)])
def test_wrong_argument_types(bad):
    with pytest.raises(TypeError):
        LieAlgebra(bad)


@pytest.mark.parametrize("name", ["A2", "A4", "B2", "B5", "C3", "C5", "D4", "D6", "F4", "G2",
                                  "E6", "E7", "E8"])
def test_cartan_matrix_matches_sympy(name):
    # sympy's Cartan matrices use the same convention A_ij = 2(a_i,a_j)/(a_j,a_j); its *roots*
    # are wrong for E6-E8, but the matrices agree with Bourbaki's diagrams.
    assert LieAlgebra(name).cartan_matrix == sympy.Matrix(CartanType(name).cartan_matrix())


def test_a1_cartan_matrix():
    # sympy 1.14's CartanType("A1").cartan_matrix() raises IndexError; the answer is [[2]]
    assert LieAlgebra("A1").cartan_matrix == sympy.Matrix([[2]])


def _bourbaki_e_edges(rank):
    # Bourbaki plates V-VII: chain 1-3-4-5-...-rank, node 2 attached to node 4
    return {(1, 3), (2, 4)} | {(k, k + 1) for k in range(3, rank)}


@pytest.mark.parametrize("rank", [6, 7, 8])
def test_e_series_diagram(rank):
    a = LieAlgebra(("E", rank)).cartan_matrix
    edges = {(i + 1, j + 1) for i in range(rank) for j in range(i + 1, rank) if a[i, j]}
    assert edges == _bourbaki_e_edges(rank)
    assert all(a[i, j] in (0, -1) for i in range(rank) for j in range(rank) if i != j)


@pytest.mark.parametrize("name", ["A3", "B4", "C4", "D5", "E6", "E7", "E8", "F4", "G2"])
def test_gram_matrix_is_symmetrised_cartan_matrix_and_positive_definite(name):
    g = LieAlgebra(name)
    gram, a = g.gram_matrix(), g.cartan_matrix
    assert gram == gram.T
    for i in range(g.rank):
        for j in range(g.rank):
            assert a[i, j] == 2 * gram[i, j] / gram[j, j]
    # Sylvester's criterion: all leading principal minors positive
    assert all(gram[:k, :k].det() > 0 for k in range(1, g.rank + 1))
    assert max(gram[i, i] for i in range(g.rank)) == 2   # long roots have length^2 2


def test_non_simply_laced_root_lengths():
    # ratios long^2/short^2: 2 for B, C, F4 and 3 for G2 (Bourbaki)
    for name, ratio in [("B3", 2), ("C4", 2), ("F4", 2), ("G2", 3)]:
        gram = LieAlgebra(name).gram_matrix()
        diag = {gram[i, i] for i in range(gram.rows)}
        assert max(diag) / min(diag) == ratio
    # B_n: the last simple root is short; C_n: the last is long
    assert LieAlgebra("B4").gram_matrix()[3, 3] == 1
    assert LieAlgebra("C4").gram_matrix()[3, 3] == 2 and LieAlgebra("C4").gram_matrix()[0, 0] == 1


def test_dynkin_diagrams():
    assert LieAlgebra("B3").dynkin_diagram().splitlines()[1] == "o---o=>=o"
    assert LieAlgebra("C3").dynkin_diagram().splitlines()[1] == "o---o=<=o"
    assert LieAlgebra("F4").dynkin_diagram().splitlines()[1] == "o---o=>=o---o"
    assert LieAlgebra("G2").dynkin_diagram().splitlines()[1] == "o\u2261<\u2261o"
    d5 = LieAlgebra("D5").dynkin_diagram().splitlines()
    assert d5[1] == "o---o---o---o" and d5[-1].strip() == "o 5"
    e8 = LieAlgebra("E8").dynkin_diagram().splitlines()
    assert e8[2].split() == ["1", "3", "4", "5", "6", "7", "8"] and e8[-1].strip() == "o 2"


def test_equality_and_repr():
    assert LieAlgebra("su(3)") == LieAlgebra("A2") and hash(LieAlgebra("A2")) == hash(
        LieAlgebra(("A", 2)))
    assert LieAlgebra("B3") != LieAlgebra("C3")
    assert repr(LieAlgebra("E7")) == "LieAlgebra('E7')"
