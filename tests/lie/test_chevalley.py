"""Chevalley basis: Jacobi identity, |N_ab| = p + 1, Killing form = 2 h^v x normalised form."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
import sympy

from symphys.lie import LieAlgebra, MatrixLieAlgebra


def _bracket(br, x, y):
    """[x, y] for sparse vectors {index: coeff}."""
    out = {}
    for i, a in x.items():
        for j, b in y.items():
            for k, c in br.get((i, j), {}).items():
                out[k] = out.get(k, 0) + a * b * c
    return {k: v for k, v in out.items() if v}


def _jacobi_fails(br, n, triples):
    bad = 0
    for i, j, k in triples:
        xi, xj, xk = {i: 1}, {j: 1}, {k: 1}
        tot = {}
        for a, b, c in ((xi, xj, xk), (xj, xk, xi), (xk, xi, xj)):
            for key, v in _bracket(br, a, _bracket(br, b, c)).items():
                tot[key] = tot.get(key, 0) + v
        if any(tot.values()):
            bad += 1
    return bad


@pytest.mark.parametrize("name", ["A1", "A2", "A3", "B2", "B3", "C3", "D4", "G2", "B4", "C4",
                                  "F4", "E6"])
def test_jacobi_identity_all_triples(name):
    g = LieAlgebra(name)
    br = g._bracket_table()
    n = g.dimension
    assert _jacobi_fails(br, n, itertools.combinations(range(n), 3)) == 0


@pytest.mark.parametrize("name", ["E7", "E8"])
def test_jacobi_identity_random_triples(name):
    g = LieAlgebra(name)
    br = g._bracket_table()
    n = g.dimension
    rnd = random.Random(5)
    triples = [tuple(rnd.sample(range(n), 3)) for _ in range(3000)]
    # and every triple with one Cartan element and two root vectors e_a, f_b / e_b
    triples += [(i, rnd.randrange(g.rank, n), rnd.randrange(g.rank, n)) for i in range(g.rank)
                for _ in range(50)]
    assert _jacobi_fails(br, n, triples) == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["E7", "E8"])
def test_jacobi_identity_all_triples_slow(name):
    g = LieAlgebra(name)
    assert _jacobi_fails(g._bracket_table(), g.dimension,
                         itertools.combinations(range(g.dimension), 3)) == 0


@pytest.mark.parametrize("name", ["B3", "C3", "G2", "F4", "E6"])
def test_structure_constants_are_plus_minus_p_plus_one(name):
    g = LieAlgebra(name)
    pos = g.positive_roots()
    roots = set(g.roots())
    r = g.rank
    labels = g.chevalley_basis()
    index = {}
    for k, a in enumerate(pos):
        index[a] = r + k
        index[tuple(-x for x in a)] = r + len(pos) + k
    sc = g.structure_constants()
    for a, b in itertools.product(roots, repeat=2):
        s = tuple(x + y for x, y in zip(a, b, strict=True))
        if s not in roots:
            continue
        p = 0
        t = b
        while True:
            t = tuple(x - y for x, y in zip(t, a, strict=True))
            if t not in roots:
                break
            p += 1
        assert abs(sc[(index[a], index[b], index[s])]) == p + 1, (labels[index[a]], p)


def _normalised_form(g):
    """(x_i, x_j) on the Chevalley basis: (h_i, h_j) = (a_i^v, a_j^v), (e_a, f_a) = 2/(a, a)."""
    r, pos = g.rank, g.positive_roots()
    gram = g.gram_matrix()
    n = g.dimension
    m = sympy.zeros(n, n)
    for i in range(r):
        for j in range(r):
            m[i, j] = 4 * gram[i, j] / (gram[i, i] * gram[j, j])
    for k, a in enumerate(pos):
        norm = sum(a[i] * gram[i, j] * a[j] for i in range(r) for j in range(r))
        m[r + k, r + len(pos) + k] = m[r + len(pos) + k, r + k] = 2 / norm
    return m


@pytest.mark.parametrize("name", ["A1", "A3", "B3", "C3", "D4", "G2", "F4", "E6"])
def test_killing_form_is_2_hdual_times_normalised_form(name):
    g = LieAlgebra(name)
    hdual = {"A1": 2, "A3": 4, "B3": 5, "C3": 4, "D4": 6, "G2": 4, "F4": 9, "E6": 12}[name]
    assert g.killing_form() == 2 * hdual * _normalised_form(g)


def test_killing_form_on_cartan_matches_cartan_matrix_e8():
    # K(h_i, h_j) = 2 h^v (a_i^v, a_j^v) = 2 * 30 * A_ij (simply laced)
    g = LieAlgebra("E8")
    k = g.killing_form()
    assert k[:8, :8] == 60 * g.cartan_matrix


def test_adjoint_matrices_form_a_matrix_lie_algebra_with_the_same_constants():
    # second method: the ad matrices, fed to MatrixLieAlgebra, give back the same c_ijk and the
    # same Killing form (closure of the ad matrices is equivalent to the Jacobi identity)
    for name in ["B2", "G2"]:
        g = LieAlgebra(name)
        n = g.dimension
        sc = g.structure_constants()
        ads = []
        for i in range(n):
            m = [[0] * n for _ in range(n)]
            for j in range(n):
                for k in range(n):
                    m[k][j] = sc.get((i, j, k), 0)
            ads.append(m)
        mla = MatrixLieAlgebra(ads)
        assert mla.structure_constants() == sc
        assert mla.killing_form() == g.killing_form()


def test_a1_brackets_and_labels():
    g = LieAlgebra("A1")
    assert g.chevalley_basis() == ["h1", "e(1)", "f(1)"]
    sc = g.structure_constants()
    assert sc == {(0, 1, 1): 2, (1, 0, 1): -2, (0, 2, 2): -2, (2, 0, 2): 2, (1, 2, 0): 1,
                  (2, 1, 0): -1}
    assert all(type(v) is int for v in sc.values())
    assert Fraction(1) == 1
