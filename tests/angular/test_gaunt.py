"""Gaunt and real Gaunt coefficients against sympy, quadrature with scipy's harmonics, and CG."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
import sympy
from scipy.special import roots_legendre, sph_harm_y
from sympy.physics import wigner as W

from symphys.angular import (
    clebsch_gordan,
    complex_to_real,
    gaunt,
    gaunt_block,
    gaunt_blocks,
    real_gaunt,
)


def test_gaunt_and_real_gaunt_equal_sympy_all_l_le_2():
    nonzero = 0
    for l1, l2, l3 in itertools.product(range(3), repeat=3):
        for m1, m2, m3 in itertools.product(range(-l1, l1 + 1), range(-l2, l2 + 1),
                                            range(-l3, l3 + 1)):
            ref = W.gaunt(l1, l2, l3, m1, m2, m3)
            assert gaunt(l1, l2, l3, m1, m2, m3) == ref
            nonzero += ref != 0
            assert real_gaunt(l1, l2, l3, m1, m2, m3) == W.real_gaunt(l1, l2, l3, m1, m2, m3)
    assert nonzero > 50


def test_sample_to_l8_exact_and_correctly_rounded():
    rnd = random.Random(5)
    checked = 0
    while checked < 25:
        l1, l2 = rnd.randint(0, 8), rnd.randint(0, 8)
        l3 = rnd.randint(abs(l1 - l2), l1 + l2)
        m1, m2 = rnd.randint(-l1, l1), rnd.randint(-l2, l2)
        if abs(m1 + m2) > l3:
            continue
        args = (l1, l2, l3, m1, m2, -m1 - m2)
        ref = W.gaunt(*args)
        assert gaunt(*args) == ref
        if ref != 0:
            assert gaunt(*args, exact=False) == float(sympy.N(ref, 60))
            checked += 1
    for args in [(3, 2, 3, 1, 2, -3), (4, 4, 2, -3, 1, 2), (5, 3, 4, 2, -2, 1)]:
        ref = W.real_gaunt(*args)
        assert real_gaunt(*args) == ref
        assert real_gaunt(*args, exact=False) == float(sympy.N(ref, 60))


def _quadrature(l1, l2, l3, n=24):
    """∫ Y1 Y2 Y3 dΩ by Gauss-Legendre x trapezoid, with scipy's harmonics: shape (m1, m2, m3)."""
    x, w = roots_legendre(n)
    phi = np.linspace(0, 2 * np.pi, 2 * n, endpoint=False)
    th = np.arccos(x)[:, None]
    weights = w[:, None] * (2 * np.pi / (2 * n))

    def Y(l):
        return np.stack([sph_harm_y(l, m, th, phi[None, :]) for m in range(-l, l + 1)])

    return np.einsum("aij,bij,cij,ij->abc", Y(l1), Y(l2), Y(l3), weights)


@pytest.mark.parametrize("ls", [(1, 1, 2), (2, 3, 3), (4, 2, 4), (3, 3, 6), (2, 2, 3)])
def test_block_equals_quadrature(ls):
    G = gaunt_block(*ls, exact=False)
    Q = _quadrature(*ls)
    assert np.allclose(G, Q.real, atol=1e-14) and np.allclose(Q.imag, 0, atol=1e-14)
    # real basis: U1 ⊗ U2 ⊗ U3 applied to the complex integrals
    Us = [complex_to_real(l) for l in ls]
    R = np.einsum("ai,bj,ck,ijk->abc", *Us, Q)
    assert np.allclose(gaunt_block(*ls, basis="real", exact=False), R.real, atol=1e-14)
    assert np.array_equal(gaunt_block(*ls, basis="e3nn", exact=False),
                          gaunt_block(*ls, basis="real", exact=False))


def test_block_equals_scalars():
    for ls in [(2, 2, 2), (3, 1, 4), (5, 4, 3)]:
        G = gaunt_block(*ls, exact=False)
        Rb = gaunt_block(*ls, basis="real", exact=False)
        for idx in np.ndindex(G.shape):
            m = [i - l for i, l in zip(idx, ls, strict=True)]
            assert G[idx] == gaunt(*ls, *m, exact=False)
            assert abs(Rb[idx] - real_gaunt(*ls, *m, exact=False)) <= 2e-16


def test_cg_to_gaunt_relation():
    # ∫ Y1 Y2 conj(Y3) = sqrt((2l1+1)(2l2+1)/(4π(2l3+1))) <l1 0 l2 0|l3 0><l1 m1 l2 m2|l3 m3>
    for l1, l2, l3 in [(1, 2, 3), (2, 2, 2), (3, 4, 5)]:
        for m1, m2 in itertools.product(range(-l1, l1 + 1), range(-l2, l2 + 1)):
            m3 = m1 + m2
            if abs(m3) > l3:
                continue
            lhs = (-1) ** m3 * gaunt(l1, l2, l3, m1, m2, -m3)  # conj(Y3^m3) = (-1)^m3 Y3^-m3
            rhs = (sympy.sqrt(sympy.Rational((2 * l1 + 1) * (2 * l2 + 1), 2 * l3 + 1))
                   / (2 * sympy.sqrt(sympy.pi))
                   * clebsch_gordan(l1, l2, l3, 0, 0, 0) * clebsch_gordan(l1, l2, l3, m1, m2, m3))
            assert sympy.simplify(lhs - rhs) == 0


def test_selection_rules_and_validation():
    assert gaunt(1, 1, 1, 0, 0, 0) == 0  # odd sum
    assert gaunt(1, 1, 4, 0, 0, 0) == 0  # triangle
    assert real_gaunt(1, 1, 2, -1, -1, -2) == 0  # odd number of negative mu
    assert np.all(gaunt_block(1, 1, 1, exact=False) == 0)
    with pytest.raises(ValueError, match="l1=1/2 must be an integer"):
        gaunt(0.5, 0.5, 1, 0.5, -0.5, 0)
    assert gaunt(2, 2, 2, 0, 3, -3) == 0 == W.gaunt(2, 2, 2, 0, 3, -3)  # |m2| > l2: 0, as sympy
    with pytest.raises(ValueError, match="mu1=1/2 must be an integer"):
        real_gaunt(1, 1, 2, 0.5, 0, 0)
    with pytest.raises(ValueError, match="basis='x' must be one of"):
        gaunt_block(1, 1, 2, basis="x", exact=False)


def test_exact_gaunt_blocks_equal_sympy():
    blocks = gaunt_blocks(3, exact=True, progress=False)
    nonzero = 0
    for (l1, l2, l3), B in blocks.items():
        for idx in np.ndindex(B.shape):
            m = [i - l for i, l in zip(idx, (l1, l2, l3), strict=True)]
            ref = W.gaunt(l1, l2, l3, *m)
            assert B[idx] == ref, (l1, l2, l3, m)
            nonzero += ref != 0
    assert nonzero > 200
    floats = gaunt_blocks(3, exact=False)
    assert floats.keys() == blocks.keys()
    for ls, B in floats.items():
        assert np.array_equal(B, gaunt_block(*ls, exact=False))
        exact_as_float = np.vectorize(lambda v: float(sympy.N(v, 50)), otypes=[float])
        assert np.array_equal(B, exact_as_float(blocks[ls]))
    compact = gaunt_blocks(3, compact=True, exact=False)
    exact_compact = gaunt_blocks(3, compact=True, exact=True, progress=False)
    for ls, K in compact.items():
        assert np.allclose(K, np.array(exact_compact[ls], dtype=float), rtol=3e-16, atol=0)
    assert gaunt_block(2, 3, 1, exact=True)[3, 1, 2] == W.gaunt(2, 3, 1, 1, -2, 1)


def test_scalar_table_and_direct_paths_agree_with_sympy(monkeypatch):
    """gaunt() for l <= TABLE_LMAX reads a table filled one triple at a time (shared by the
    permutations); above, each symbol is built directly. Both equal sympy's gaunt."""
    import sys

    gm = sys.modules["symphys.angular.gaunt"]
    rnd = random.Random(3)
    sample = []
    while len(sample) < 40:
        l1, l2 = rnd.randint(0, 7), rnd.randint(0, 7)
        l3 = rnd.randint(abs(l1 - l2), l1 + l2)
        m1, m2 = rnd.randint(-l1, l1), rnd.randint(-l2, l2)
        if abs(m1 + m2) <= l3:
            sample.append((l1, l2, l3, m1, m2, -m1 - m2))
    gm._TABLE.clear()
    via_table = [gaunt(*a) for a in sample]
    monkeypatch.setattr(gm, "TABLE_LMAX", -1)
    direct = [gaunt(*a) for a in sample]
    for args, t, d in zip(sample, via_table, direct, strict=True):
        ref = W.gaunt(*args)
        assert t == ref and d == ref and t.equals(ref), args
    monkeypatch.undo()
    assert gaunt(2, 1, 1, 0, 1, -1) == W.gaunt(2, 1, 1, 0, 1, -1)  # table filled
    assert gaunt(2, 1, 1, 0, 1, 0) == 0  # m sum
    assert gaunt(2, 1, 2, 0, 1, -1) == 0  # odd l sum (a stored zero)
    with pytest.raises(TypeError, match="bool"):
        gaunt(2, True, 1, 0, 1, -1)
    assert gaunt(2, 1, 1, 0, 2, -2) == 0 == W.gaunt(2, 1, 1, 0, 2, -2)  # |m2| > l2


def test_fast_zero_path_still_validates():
    """Plain-int symbols zeroed by a selection rule skip the table, not the checks."""
    assert gaunt(1, 1, 1, 0, 0, 0) == 0 == W.gaunt(1, 1, 1, 0, 0, 0)  # odd l sum
    assert gaunt(1, 1, 3, 0, 0, 0) == 0 == W.gaunt(1, 1, 3, 0, 0, 0)  # triangle
    assert gaunt(2, 2, 2, 1, 1, 0) == 0 == W.gaunt(2, 2, 2, 1, 1, 0)  # m sum
    assert gaunt(1, 1, 1, 2, 0, 0) == 0 == W.gaunt(1, 1, 1, 2, 0, 0)  # |m1| > l1
    assert gaunt(-1, 1, 1, 0, 0, 0) == 0 == W.gaunt(-1, 1, 1, 0, 0, 0)  # negative l1
    with pytest.raises(ValueError, match="l1=1/2 must be an integer"):
        gaunt(0.5, 1, 1, 0, 0, 0)
    with pytest.raises(TypeError, match="bool"):
        gaunt(1, 1, 1, 0, 0, False)


def test_exact_real_gaunt_block_equals_sympy_real_gaunt():
    """The exact real-basis block against sympy.physics.wigner.real_gaunt (sympy's real
    harmonics differ from Wikipedia's by (-1)^mu; a non-zero real Gaunt coefficient has
    mu1 + mu2 + mu3 even, so the values agree)."""
    from sympy.physics.wigner import real_gaunt as sympy_real_gaunt

    for ls in [(1, 1, 2), (2, 1, 3), (2, 2, 2)]:
        for basis in ("real", "e3nn"):
            B = gaunt_block(*ls, basis=basis)
            for idx in np.ndindex(B.shape):
                mu = [i - l for i, l in zip(idx, ls, strict=True)]
                assert sympy.simplify(B[idx] - sympy_real_gaunt(*ls, *mu)) == 0
