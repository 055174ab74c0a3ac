"""Weyl-group tools without enumerating the group: orbit sizes, the longest element,
reduced words, dominant representatives (checked against enumeration and root counts)."""

from __future__ import annotations

import itertools

import pytest
import sympy

from symphys.lie import LieAlgebra


@pytest.mark.parametrize("name", ["A3", "B3", "C3", "D4", "G2", "F4"])
def test_orbit_size_matches_enumeration(name):
    g = LieAlgebra(name)
    for w in itertools.islice(itertools.product(range(-1, 2), repeat=g.rank), 25):
        assert g.orbit_size(w) == sum(1 for _ in g.weyl_orbit(w))


@pytest.mark.timeout(5)
def test_orbit_sizes_of_large_groups_in_closed_form():
    e6, e8 = LieAlgebra("E6"), LieAlgebra("E8")
    assert e6.orbit_size((1, 0, 0, 0, 0, 0)) == 27      # minuscule: all weights of the 27
    assert e6.orbit_size((0, 1, 0, 0, 0, 0)) == 72      # the roots
    assert e8.orbit_size((0,) * 7 + (1,)) == 240         # the roots of E8
    assert e8.orbit_size((1,) * 8) == e8.weyl_group_order()   # regular: free orbit


@pytest.mark.parametrize("name", ["A4", "B4", "C3", "D5", "E6", "E7", "E8", "F4", "G2"])
def test_longest_element(name):
    g = LieAlgebra(name)
    w0 = g.longest_element()
    for i in range(g.rank):   # w0(l) = -dual(l) (Bourbaki VI 1.6, Cor. 3)
        lam = tuple(int(i == j) for j in range(g.rank))
        assert tuple(w0 * sympy.Matrix(lam)) == tuple(-x for x in g.dual(lam))
    assert len(g.reduced_word(w0)) == len(g.positive_roots())


def test_reduced_words_against_the_enumerated_group():
    g = LieAlgebra("B3")
    W = g.weyl_group()
    simple = W.simple_reflections()
    for word, mat in itertools.islice(zip(W.words(), W, strict=True), 200):
        red = g.reduced_word(mat)
        assert len(red) == len(word)   # the enumeration's words are reduced
        rebuilt = sympy.eye(g.rank)
        for i in red:
            rebuilt = rebuilt * simple[i]
        assert rebuilt == mat


def test_dominant_representative_and_bad_elements():
    g = LieAlgebra("E6")
    dom, word = g.dominant_representative((-1, 0, 0, 0, 0, 0))
    assert dom == (0, 0, 0, 0, 0, 1)   # -w1 is conjugate to the lowest weight of 27 -> 27bar
    v = sympy.Matrix((-1, 0, 0, 0, 0, 0))
    simple = g.weyl_group().simple_reflections()
    for i in reversed(word):
        v = simple[i] * v
    assert tuple(v) == dom
    with pytest.raises(ValueError, match="not an element"):
        LieAlgebra("A2").reduced_word([[1, 1], [0, 1]])
    with pytest.raises(TypeError):
        LieAlgebra("A2").reduced_word("w")
