"""The Weyl group: closure and order for rank <= 4, lazy enumeration of the large ones."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy

from symphys.lie import LieAlgebra


def _as_tuple(m):
    return tuple(int(x) for x in m)


@pytest.mark.parametrize("name", ["A1", "A2", "A3", "A4", "B2", "B3", "B4", "C3", "C4", "D4",
                                  "G2", "F4"])
def test_weyl_group_closes_and_has_the_stated_order(name):
    g = LieAlgebra(name)
    W = g.weyl_group()
    arrays = list(W.arrays())
    elems = [tuple(a.ravel().tolist()) for a in arrays]
    assert len(elems) == len(set(elems)) == W.order == g.weyl_group_order()
    assert elems[:5] == [_as_tuple(m) for m in itertools.islice(iter(W), 5)]
    # closure: multiplying by every simple reflection stays inside the set
    simple = [np.array(s, dtype=np.int64) for s in W.simple_reflections()]
    table = set(elems)
    for m in arrays:
        for s in simple:
            assert tuple((s @ m).ravel().tolist()) in table
    # every element permutes the roots (Dynkin labels) and has det +-1
    roots = np.array(g.roots(coordinates="weight"), dtype=np.int64).T
    rootset = {tuple(c) for c in roots.T.tolist()}
    for m in arrays:
        assert {tuple(c) for c in (m @ roots).T.tolist()} == rootset
        assert round(abs(np.linalg.det(m))) == 1


def test_simple_reflections_are_involutions_with_coxeter_relations():
    g = LieAlgebra("F4")
    s = [sympy.Matrix(m) for m in g.weyl_group().simple_reflections()]
    a = g.cartan_matrix
    eye = sympy.eye(4)
    for i, j in itertools.product(range(4), repeat=2):
        # order of s_i s_j is 1, 2, 3, 4, 6 for a_ij a_ji = 0 (i==j special), 0, 1, 2, 3
        m = {0: 2, 1: 3, 2: 4, 3: 6}[a[i, j] * a[j, i]] if i != j else 1
        assert (s[i] * s[j]) ** m == eye
        if m > 1:
            assert (s[i] * s[j]) ** (m - 1) != eye


def test_words_are_reduced_and_longest_has_length_num_positive_roots():
    for name in ["A3", "B3", "G2"]:
        g = LieAlgebra(name)
        W = g.weyl_group()
        words = list(W.words())
        assert len(words) == g.weyl_group_order()
        assert max(map(len, words)) == len(g.positive_roots())
        # Poincare polynomial sum_w t^l(w) = prod (1 + t + ... + t^{m_i}) (Chevalley)
        t = sympy.Symbol("t")
        lhs = sum(t ** len(w) for w in words)
        rhs = sympy.prod([sum(t**k for k in range(m + 1)) for m in g.exponents()])
        assert sympy.expand(lhs - rhs) == 0


def test_longest_element_sends_rho_to_minus_rho():
    for name in ["E8", "E6", "D5", "A4", "G2"]:
        g = LieAlgebra(name)
        w0 = g.weyl_group().longest_element()
        rho = sympy.Matrix([1] * g.rank)
        assert w0 * rho == -rho
        assert w0 * w0 == sympy.eye(g.rank)


def test_e8_weyl_group_is_lazy():
    W = LieAlgebra("E8").weyl_group()
    assert len(W) == 696729600
    first = [_as_tuple(m) for m in itertools.islice(iter(W), 300)]
    assert len(set(first)) == 300
    assert first[0] == _as_tuple(sympy.eye(8))
    assert repr(W) == "WeylGroup(rank=8, order=696729600)"


@pytest.mark.parametrize("name", ["A3", "B3", "C3", "G2", "F4"])
def test_reflections_are_the_conjugates_of_simple_reflections(name):
    g = LieAlgebra(name)
    W = g.weyl_group()
    refl = W.reflections()
    assert len(refl) == len(g.positive_roots())
    eye = sympy.eye(g.rank)
    for s, a in zip(refl, g.positive_roots(coordinates="weight"), strict=True):
        assert s * s == eye and s.det() == -1
        assert s * sympy.Matrix(a) == -sympy.Matrix(a)
    # the elements of order 2 with det -1 that are conjugate to a simple reflection
    elems = list(W.arrays())
    simple = [np.array(s, dtype=np.int64) for s in W.simple_reflections()]
    conj = {tuple((w @ s @ np.rint(np.linalg.inv(w)).astype(np.int64)).ravel())
            for w in elems for s in simple}
    assert conj == {_as_tuple(s) for s in refl}


def test_weyl_orbit():
    g = LieAlgebra("B3")
    orb = set(g.weyl_orbit((1, 0, 0)))   # vector weights +-e_i
    assert len(orb) == 6 and set(g.weyl_orbit((-1, 1, 0))) == orb
    assert len(set(g.weyl_orbit((1, 1, 1)))) == g.weyl_group_order()
