"""Equivariant bases against Schur's lemma and known multiplicities, exact and numeric."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from symphys.lie import equivariant_basis, so

LX = [[0, 0, 0], [0, 0, -1], [0, 1, 0]]
LY = [[0, 0, 1], [0, 0, 0], [-1, 0, 0]]
LZ = [[0, -1, 0], [1, 0, 0], [0, 0, 0]]
SO3 = [LX, LY, LZ]


def _tensor_gen(x):
    x = sympy.Matrix(x)
    return sympy.kronecker_product(x, sympy.eye(3)) + sympy.kronecker_product(sympy.eye(3), x)


def test_commutant_of_irreducible_is_scalars():
    basis = equivariant_basis(SO3)
    assert basis == [sympy.eye(3)]


def test_commutant_of_v_tensor_v_has_dimension_three():
    # V x V = 1 + 3 + 5 for SO(3), multiplicity free: dim End_G = 1 + 1 + 1
    gens = [_tensor_gen(x) for x in SO3]
    basis = equivariant_basis(gens)
    assert len(basis) == 3
    for w in basis:
        for g in gens:
            assert g * w == w * g
    num = equivariant_basis(gens, exact=False)
    assert num.shape == (3, 9, 9)


def test_cross_product_is_the_only_map_v_to_v_tensor_v_and_is_parity_odd():
    gens_out = [_tensor_gen(x) for x in SO3]
    basis = equivariant_basis(SO3, out_generators=gens_out)
    assert len(basis) == 1
    w = basis[0]
    # W e_k is proportional to sum_ij eps_ijk e_i x e_j
    eps = sympy.Matrix(9, 3, lambda r, k: sympy.LeviCivita(r // 3, r % 3, k))
    assert sympy.Matrix.hstack(w.reshape(27, 1), eps.reshape(27, 1)).rank() == 1
    # inversion -1 acts as -1 on V and +1 on V x V: nothing survives for O(3)
    assert equivariant_basis(SO3, out_generators=gens_out, discrete=[-sympy.eye(3)],
                             out_discrete=[sympy.eye(9)]) == []


def test_numeric_matches_exact_on_a_random_change_of_basis(rng):
    gens = [np.asarray(_tensor_gen(x), dtype=float) for x in SO3]
    q, _ = np.linalg.qr(rng.normal(size=(9, 9)))
    conj = [q @ g @ q.T for g in gens]
    basis = equivariant_basis(conj, exact=False, tol=1e-9)
    assert basis.shape == (3, 9, 9)
    for w in basis:
        for g in conj:
            assert np.allclose(g @ w, w @ g, atol=1e-10)
    gram = np.einsum("aij,bij->ab", basis, basis)
    assert np.allclose(gram, np.eye(3), atol=1e-10)


def test_discrete_permutation_symmetry():
    # maps V x V -> V x V commuting with SO(3) and the swap: still 3 (swap is +-1 on 1, 3, 5)
    gens = [_tensor_gen(x) for x in SO3]
    swap = sympy.zeros(9)
    for i in range(3):
        for j in range(3):
            swap[3 * i + j, 3 * j + i] = 1
    assert len(equivariant_basis(gens, discrete=[swap])) == 3


def test_accepts_matrix_lie_algebra_generators():
    assert len(equivariant_basis(so(4).generators)) == 1


def test_bad_input():
    with pytest.raises(ValueError, match="square"):
        equivariant_basis([[[0, 1, 0], [1, 0, 0]]])
    with pytest.raises(ValueError, match="one to one"):
        equivariant_basis(SO3, out_generators=SO3[:2])
    with pytest.raises(ValueError, match="at least one"):
        equivariant_basis([])
    with pytest.raises(TypeError, match="exact"):
        equivariant_basis([np.eye(2) * 0.5], exact=True)


def test_exact_complex_generators_spin_half():
    i = sympy.I
    half = sympy.Rational(1, 2)
    gens = [i * half * sympy.Matrix([[0, 1], [1, 0]]), i * half * sympy.Matrix([[0, -i], [i, 0]]),
            i * half * sympy.Matrix([[1, 0], [0, -1]])]
    assert equivariant_basis(gens) == [sympy.eye(2)]
    # spin 1/2 x spin 1/2 = 0 + 1: commutant of dimension 2
    big = [sympy.kronecker_product(g, sympy.eye(2)) + sympy.kronecker_product(sympy.eye(2), g)
           for g in gens]
    assert len(equivariant_basis(big)) == 2


def test_exact_is_a_bool_and_floats_need_exact_false():
    for bad in (None, 1, "yes"):
        with pytest.raises(TypeError, match="exact"):
            equivariant_basis(SO3, exact=bad)
    with pytest.raises(TypeError, match="exact=False"):
        equivariant_basis([np.eye(2) * 0.5])
    assert equivariant_basis([np.eye(2) * 0.5], exact=False).shape == (4, 2, 2)


@pytest.mark.timeout(10)
def test_exact_path_refused_above_its_size_limit():
    gens = [np.zeros((60, 60), dtype=int)]
    with pytest.raises(ValueError, match="MAX_EXACT_UNKNOWNS"):
        equivariant_basis(gens)
