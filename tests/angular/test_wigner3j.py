"""3j symbols and CG coefficients against sympy, DLMF 34.3, the PDG table, mpmath and e3nn."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from math import factorial as f

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.physics import wigner as W

from symphys.angular import (
    clebsch_gordan,
    clebsch_gordan_block,
    complex_to_real,
    wigner_3j,
    wigner_3j_block,
    wigner_3j_blocks,
    wigner_D,
)

H = sympy.Rational(1, 2)


def correctly_rounded(expr) -> float:
    """The float nearest an exact sympy number, from a 60-digit evaluation."""
    return float(sympy.N(expr, 60))


def symbols(jmax2: int):
    """Every valid (j1, j2, j3, m1, m2, m3) with 2j <= jmax2 (as sympy Rationals), m3 = -m1-m2."""
    for t1, t2, t3 in itertools.product(range(jmax2 + 1), repeat=3):
        j1, j2, j3 = (sympy.Rational(t, 2) for t in (t1, t2, t3))
        for a in range(t1 + 1):
            for b in range(t2 + 1):
                m1, m2 = -j1 + a, -j2 + b
                m3 = -m1 - m2
                if abs(m3) <= j3 and (j3 - m3).is_integer:
                    yield j1, j2, j3, m1, m2, m3


def test_exact_equals_sympy_all_small_symbols_including_half_integers():
    n = nonzero = 0
    for args in symbols(5):  # j <= 5/2
        ours, ref = wigner_3j(*args), W.wigner_3j(*args)
        assert ours == ref, args
        n += 1
        nonzero += ref != 0
    assert n > 700 and nonzero > 300


def test_exact_equals_sympy_integer_sample_to_l10():
    rnd = random.Random(7)
    for _ in range(150):
        l1, l2 = rnd.randint(0, 10), rnd.randint(0, 10)
        l3 = rnd.randint(abs(l1 - l2), l1 + l2)
        m1, m2 = rnd.randint(-l1, l1), rnd.randint(-l2, l2)
        if abs(m1 + m2) > l3:
            continue
        assert wigner_3j(l1, l2, l3, m1, m2, -m1 - m2) == W.wigner_3j(l1, l2, l3, m1, m2, -m1 - m2)


def test_clebsch_gordan_equals_sympy():
    for j1, j2, j3, m1, m2, m3 in symbols(4):
        args = (j1, j2, j3, m1, m2, -m3)
        assert clebsch_gordan(*args) == W.clebsch_gordan(*args), args


def test_floats_correctly_rounded_small():
    for args in itertools.islice(symbols(6), 0, None, 3):
        ref = W.wigner_3j(*args)
        assert wigner_3j(*args, exact=False) == correctly_rounded(ref), args


def test_float_anchor_where_wigners_fails():
    # 3j(32 32 32; -5 3 2): wigners 0.4.1 is off by ~1e-10 relative here
    exact = wigner_3j(32, 32, 32, -5, 3, 2)
    assert exact == W.wigner_3j(32, 32, 32, -5, 3, 2)
    assert wigner_3j(32, 32, 32, -5, 3, 2, exact=False) == correctly_rounded(exact)
    assert wigner_3j_block(32, 32, 32, exact=False)[27, 35, 34] == correctly_rounded(exact)


def test_accepted_argument_types_agree():
    ref = wigner_3j(H, H * 3, 1, H, -H, 0)
    for j1, j2, m1 in [(0.5, 1.5, 0.5), (Fraction(1, 2), Fraction(3, 2), Fraction(1, 2)),
                       (np.float64(0.5), sympy.Float(1.5), H)]:
        assert wigner_3j(j1, j2, 1, m1, -0.5, 0) == ref
    assert wigner_3j(np.int64(2), 2, 0, 1, -1, 0) == wigner_3j(2, 2, 0, 1, -1, 0)


# --- published values -----------------------------------------------------------------------

@pytest.mark.parametrize("j2", range(0, 13))
def test_dlmf_34_3_1_to_3(j2):
    j = sympy.Rational(j2, 2)
    for k in range(j2 + 1):
        m = -j + k
        assert wigner_3j(j, j, 0, m, -m, 0) == (-1) ** (j - m) / sympy.sqrt(2 * j + 1)  # 34.3.1
        if j2 >= 1:
            assert wigner_3j(j, j, 1, m, -m, 0) == sympy.nsimplify(  # 34.3.2
                (-1) ** (j - m) * 2 * m / sympy.sqrt(2 * j * (2 * j + 1) * (2 * j + 2)))
            if m < j:
                assert wigner_3j(j, j, 1, m, -m - 1, 1) == sympy.nsimplify(  # 34.3.3
                    (-1) ** (j - m)
                    * sympy.sqrt(2 * (j - m) * (j + m + 1) / (2 * j * (2 * j + 1) * (2 * j + 2))))


def test_dlmf_34_3_5_and_6():
    for j1, j2, j3 in itertools.product(range(9), repeat=3):
        if not abs(j1 - j2) <= j3 <= j1 + j2:
            continue
        J = j1 + j2 + j3
        if J % 2:
            expect = 0
        else:
            h = J // 2
            expect = ((-1) ** h * sympy.sqrt(sympy.Rational(
                f(J - 2 * j1) * f(J - 2 * j2) * f(J - 2 * j3), f(J + 1)))
                * sympy.Rational(f(h), f(h - j1) * f(h - j2) * f(h - j3)))
        assert wigner_3j(j1, j2, j3, 0, 0, 0) == expect
    for j1, j2 in itertools.product(range(6), repeat=2):
        for m1, m2 in itertools.product(range(-j1, j1 + 1), range(-j2, j2 + 1)):
            M = m1 + m2
            expect = sympy.Integer(-1) ** (j1 - j2 + M) * sympy.sqrt(sympy.Rational(
                f(2 * j1) * f(2 * j2) * f(j1 + j2 + M) * f(j1 + j2 - M),
                f(2 * j1 + 2 * j2 + 1) * f(j1 + m1) * f(j1 - m1) * f(j2 + m2) * f(j2 - m2)))
            assert wigner_3j(j1, j2, j1 + j2, m1, m2, -M) == expect


PDG = [  # <j1 m1; j2 m2 | J M> from the PDG "Clebsch-Gordan coefficients" table (signed squares)
    (H, H, H, -H, 1, 0, Fraction(1, 2)), (H, H, H, -H, 0, 0, Fraction(1, 2)),
    (H, -H, H, H, 0, 0, Fraction(-1, 2)),
    (1, 1, H, -H, Fraction(3, 2), H, Fraction(1, 3)),
    (1, 0, H, H, Fraction(3, 2), H, Fraction(2, 3)),
    (1, 1, H, -H, H, H, Fraction(2, 3)), (1, 0, H, H, H, H, Fraction(-1, 3)),
    (1, 1, 1, -1, 2, 0, Fraction(1, 6)), (1, 0, 1, 0, 2, 0, Fraction(2, 3)),
    (1, 1, 1, -1, 1, 0, Fraction(1, 2)), (1, 0, 1, 0, 1, 0, Fraction(0)),
    (1, 1, 1, -1, 0, 0, Fraction(1, 3)), (1, 0, 1, 0, 0, 0, Fraction(-1, 3)),
    (1, 1, 1, 0, 2, 1, Fraction(1, 2)), (1, 1, 1, 0, 1, 1, Fraction(1, 2)),
    (1, 0, 1, 1, 1, 1, Fraction(-1, 2)),
    (2, 1, H, -H, Fraction(5, 2), H, Fraction(2, 5)),
    (2, 0, H, H, Fraction(5, 2), H, Fraction(3, 5)),
    (2, 1, H, -H, Fraction(3, 2), H, Fraction(3, 5)),
    (2, 0, H, H, Fraction(3, 2), H, Fraction(-2, 5)),
]


@pytest.mark.parametrize("j1,m1,j2,m2,J,M,signed_square", PDG)
def test_pdg_table(j1, m1, j2, m2, J, M, signed_square):
    v = clebsch_gordan(j1, j2, J, m1, m2, M)
    sq = sympy.Rational(signed_square.numerator, signed_square.denominator)
    assert v == sympy.sign(sq) * sympy.sqrt(abs(sq))


# --- selection rules and validation -------------------------------------------------------------

def test_selection_rules_give_exact_zero():
    assert wigner_3j(1, 1, 3, 0, 0, 0) == 0  # triangle
    assert wigner_3j(1, 1, 1, 1, 0, 0) == 0  # m sum
    assert wigner_3j(1, 1, 1, 0, 0, 0) == 0  # odd J with m = 0
    assert wigner_3j(1, 1, 3, 0, 0, 0, exact=False) == 0.0
    assert clebsch_gordan(1, 1, 2, 1, 0, 0) == 0
    assert np.all(wigner_3j_block(1, 1, 3, exact=False) == 0)


@pytest.mark.parametrize("args,exc,match", [
    ((1, 1.3, 1, 0, 0, 0), ValueError, "j2=1.3 is not an integer or half-integer"),
    ((1, 1, float("nan"), 0, 0, 0), ValueError, "j3=nan is not a finite number"),
    (("1", 1, 1, 0, 0, 0), TypeError, "j1='1' has type str"),
    ((1, 1, 1, 0, None, 0), TypeError, "m2=None"),
    ((True, 1, 1, 0, 0, 0), TypeError, "bool"),
    ((1, 1, sympy.Symbol("x"), 0, 0, 0), TypeError, "symbolic"),
])
def test_invalid_input_names_argument_and_rule(args, exc, match):
    with pytest.raises(exc, match=match):
        wigner_3j(*args)
    with pytest.raises(exc):
        clebsch_gordan(*args)


def test_block_rejects_bad_basis_and_half_integer_real_basis():
    with pytest.raises(ValueError, match="basis='spherical' must be one of"):
        wigner_3j_block(1, 1, 1, basis="spherical", exact=False)
    with pytest.raises(ValueError, match="must be an integer"):
        wigner_3j_block(0.5, 0.5, 1, basis="real", exact=False)


# --- blocks -------------------------------------------------------------------------------------

def _block_from_scalars(l1, l2, l3):
    out = np.zeros((int(2 * l1) + 1, int(2 * l2) + 1, int(2 * l3) + 1))
    for i1, i2, i3 in np.ndindex(out.shape):
        out[i1, i2, i3] = wigner_3j(l1, l2, l3, i1 - l1, i2 - l2, i3 - l3, exact=False)
    return out


def test_blocks_equal_correctly_rounded_scalars_all_l_le_5():
    for ls, B in wigner_3j_blocks(5, exact=False).items():
        assert np.array_equal(B, _block_from_scalars(*ls)), ls


@pytest.mark.slow
def test_blocks_equal_correctly_rounded_scalars_all_l_le_12():
    for ls, B in wigner_3j_blocks(12, exact=False).items():
        assert np.array_equal(B, _block_from_scalars(*ls)), ls


def _sample_against_mpmath(n: int, lmax: int, seed: int):
    """Random entries of large blocks against an independent 80-digit Racah sum in mpmath."""
    rnd = random.Random(seed)
    with mpmath.workdps(80):
        for _ in range(n):
            l1, l2 = rnd.randint(lmax // 2, lmax), rnd.randint(lmax // 2, lmax)
            l3 = rnd.randint(abs(l1 - l2), min(lmax, l1 + l2))
            B = wigner_3j_block(l1, l2, l3, exact=False)
            for _ in range(5):
                m1, m2 = rnd.randint(-l1, l1), rnd.randint(-l2, l2)
                m3 = -m1 - m2
                if abs(m3) > l3:
                    continue
                ref = float(mpmath.mpf(sympy.N(W.wigner_3j(l1, l2, l3, m1, m2, m3), 80)))
                assert B[l1 + m1, l2 + m2, l3 + m3] == ref, (l1, l2, l3, m1, m2, m3)


def test_blocks_random_sample_to_l64():
    _sample_against_mpmath(4, 64, seed=1)


@pytest.mark.slow
def test_blocks_random_sample_to_l64_large():
    _sample_against_mpmath(60, 64, seed=2)


def test_half_integer_block_matches_scalars():
    assert np.array_equal(wigner_3j_block(1.5, 2.5, 2, exact=False),
                          _block_from_scalars(1.5, 2.5, 2))
    C = clebsch_gordan_block(0.5, 1.5, 1, exact=False)
    for i1, i2, i3 in np.ndindex(C.shape):
        ref = clebsch_gordan(0.5, 1.5, 1, i1 - 0.5, i2 - 1.5, i3 - 1, exact=False)
        assert C[i1, i2, i3] == ref


@given(st.integers(0, 12).map(lambda t: t / 2), st.integers(0, 12).map(lambda t: t / 2))
@settings(max_examples=25, deadline=None)
def test_cg_block_orthogonality(j1, j2):
    # sum_{m1 m2} <j1 m1 j2 m2|J M><j1 m1 j2 m2|J' M'> = delta_JJ' delta_MM', and completeness
    Js = np.arange(abs(j1 - j2), j1 + j2 + 1)
    rows = np.concatenate([clebsch_gordan_block(j1, j2, J, exact=False).reshape(-1, int(2 * J) + 1)
                           for J in Js], axis=1)
    assert rows.shape[0] == rows.shape[1]
    assert np.allclose(rows.T @ rows, np.eye(rows.shape[1]), atol=1e-14)
    assert np.allclose(rows @ rows.T, np.eye(rows.shape[0]), atol=1e-14)


@given(st.integers(0, 7), st.integers(0, 7), st.integers(0, 14), st.data())
@settings(max_examples=40, deadline=None)
def test_permutation_and_regge_symmetries(l1, l2, l3, data):
    if not abs(l1 - l2) <= l3 <= l1 + l2:
        return
    m1 = data.draw(st.integers(-l1, l1))
    m2 = data.draw(st.integers(max(-l2, -l3 - m1), min(l2, l3 - m1)))
    m3 = -m1 - m2
    v = wigner_3j(l1, l2, l3, m1, m2, m3)
    J = l1 + l2 + l3
    assert wigner_3j(l2, l3, l1, m2, m3, m1) == v
    assert wigner_3j(l2, l1, l3, m2, m1, m3) == (-1) ** J * v
    assert wigner_3j(l1, l2, l3, -m1, -m2, -m3) == (-1) ** J * v
    # Regge: (j1 j2 j3; m1 m2 m3) = (j1, (j2+j3-m1)/2, (j2+j3+m1)/2;
    #         j3-j2, (j2-j3-m1)/2 - m3, (j2-j3+m1)/2 + m3)
    regge = wigner_3j(l1, sympy.Rational(l2 + l3 - m1, 2), sympy.Rational(l2 + l3 + m1, 2),
                      l3 - l2, sympy.Rational(l2 - l3 - m1, 2) - m3,
                      sympy.Rational(l2 - l3 + m1, 2) + m3)
    assert regge == v


def test_real_block_is_rotation_invariant(rng):
    a, b, c = rng.uniform(0, 2 * np.pi, 3)
    for ls in [(1, 1, 1), (2, 1, 2), (3, 2, 4), (2, 2, 2)]:
        R = wigner_3j_block(*ls, basis="real", exact=False)
        Ds = []
        for l in ls:
            U = complex_to_real(l)
            Dr = U @ wigner_D(l, a, b, c) @ U.conj().T
            assert np.allclose(Dr.imag, 0, atol=1e-14)
            Ds.append(Dr.real)
        rotated = np.einsum("ai,bj,ck,ijk->abc", *Ds, R)
        assert np.allclose(rotated, R, atol=1e-13), ls
        assert np.isclose(np.sum(R**2), 1.0)


def test_e3nn_basis_agrees_with_e3nn():
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    worst = 0.0
    for l1, l2, l3 in itertools.product(range(6), repeat=3):
        if not abs(l1 - l2) <= l3 <= l1 + l2:
            continue
        ref = o3.wigner_3j(l1, l2, l3, dtype=torch.float64).numpy()
        ours = wigner_3j_block(l1, l2, l3, basis="e3nn", exact=False)
        worst = max(worst, float(np.abs(ours - ref).max()))
        assert np.array_equal(clebsch_gordan_block(l1, l2, l3, basis="e3nn", exact=False), ours)
    assert worst <= 2e-16
    for ls in [(8, 8, 8), (10, 6, 12), (11, 4, 9)]:
        ref = o3.wigner_3j(*ls, dtype=torch.float64).numpy()
        assert np.abs(wigner_3j_block(*ls, basis="e3nn", exact=False) - ref).max() <= 2e-16


def test_blocks_dict_matches_single_blocks_and_compact_form():
    dense = wigner_3j_blocks(4, exact=False)
    compact = wigner_3j_blocks(4, compact=True, exact=False)
    assert dense.keys() == compact.keys()
    for (l1, l2, l3), B in dense.items():
        assert np.array_equal(B, wigner_3j_block(l1, l2, l3, exact=False))
        K = compact[l1, l2, l3]
        for i1, i2 in np.ndindex(K.shape):
            i3 = l1 + l2 + l3 - i1 - i2
            assert K[i1, i2] == (B[i1, i2, i3] if 0 <= i3 <= 2 * l3 else 0.0)
    real = wigner_3j_blocks(2, basis="real", exact=False)
    assert np.array_equal(real[1, 2, 2], wigner_3j_block(1, 2, 2, basis="real", exact=False))
    with pytest.raises(ValueError, match="compact=True needs basis='complex'"):
        wigner_3j_blocks(2, basis="real", compact=True, exact=False)


def test_exact_blocks_equal_sympy():
    compact = wigner_3j_blocks(3, exact=True, compact=True, progress=False)
    for (l1, l2, l3), K in compact.items():
        assert K.dtype == object
        for i1, i2 in np.ndindex(K.shape):
            m1, m2 = i1 - l1, i2 - l2
            ref = W.wigner_3j(l1, l2, l3, m1, m2, -m1 - m2) if abs(m1 + m2) <= l3 else 0
            assert K[i1, i2] == ref, (l1, l2, l3, m1, m2)
    for ls in [(4, 2, 3), (2, 4, 3), (3, 3, 3), (5, 1, 4)]:
        B = wigner_3j_block(*ls, exact=True)
        for idx in np.ndindex(B.shape):
            m = [i - l for i, l in zip(idx, ls, strict=True)]
            assert B[idx] == W.wigner_3j(*ls, *m)


def test_exact_real_and_e3nn_blocks():
    """Exact real/e3nn blocks: the float blocks to rounding, e3nn's wigner_3j (if installed)."""
    for ls in [(1, 1, 1), (1, 2, 2), (2, 2, 3), (3, 2, 1)]:
        for basis in ("real", "e3nn"):
            E = wigner_3j_block(*ls, basis=basis)
            assert E.dtype == object
            F = wigner_3j_block(*ls, basis=basis, exact=False)
            assert np.abs(E.astype(float) - F).max() < 1e-15
    o3 = pytest.importorskip("e3nn.o3")
    import torch

    for ls in [(1, 1, 1), (2, 2, 3), (3, 2, 1)]:
        ref = o3.wigner_3j(*ls, dtype=torch.float64).numpy()
        assert np.abs(wigner_3j_block(*ls, basis="e3nn").astype(float) - ref).max() < 1e-14


@pytest.mark.parametrize("exact", [1, 0, "yes", None, 1.0])
def test_non_bool_exact_is_a_type_error(exact):
    from symphys.angular import (
        gaunt,
        gaunt_block,
        gaunt_blocks,
        real_gaunt,
        wigner_6j,
        wigner_9j,
    )

    calls = [lambda: wigner_3j(1, 1, 0, 0, 0, 0, exact=exact),
             lambda: clebsch_gordan(1, 1, 0, 0, 0, 0, exact=exact),
             lambda: gaunt(1, 1, 0, 0, 0, 0, exact=exact),
             lambda: real_gaunt(1, 1, 0, 0, 0, 0, exact=exact),
             lambda: wigner_6j(1, 1, 1, 1, 1, 1, exact=exact),
             lambda: wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, 1, exact=exact),
             lambda: wigner_3j_block(1, 1, 1, exact=exact),
             lambda: clebsch_gordan_block(1, 1, 1, exact=exact),
             lambda: wigner_3j_blocks(1, exact=exact),
             lambda: gaunt_block(1, 1, 0, exact=exact),
             lambda: gaunt_blocks(1, exact=exact)]
    for call in calls:
        with pytest.raises(TypeError, match="exact="):
            call()


def test_scalar_table_and_direct_paths_agree_with_sympy(monkeypatch):
    """Integer symbols with l <= TABLE_LMAX come from a table filled a triple at a time (all
    orderings, shared values); others from Racah's sum per symbol. Both equal sympy, for a
    sample reached through every ordering, and the table refuses what the parser refuses."""
    import sys

    w3 = sys.modules["symphys.angular.wigner3j"]
    rnd = random.Random(11)
    sample = []
    while len(sample) < 60:
        l1, l2 = rnd.randint(0, 9), rnd.randint(0, 9)
        l3 = rnd.randint(abs(l1 - l2), l1 + l2)
        m1, m2 = rnd.randint(-l1, l1), rnd.randint(-l2, l2)
        if abs(m1 + m2) <= l3:
            sample.append((l1, l2, l3, m1, m2, -m1 - m2))
    w3._TABLE_3J.clear()
    via_table = [wigner_3j(*a) for a in sample]
    assert len(w3._TABLE_3J.data) > 0
    monkeypatch.setattr(w3, "TABLE_LMAX", -1)
    via_racah = [wigner_3j(*a) for a in sample]
    for args, t, r in zip(sample, via_table, via_racah, strict=True):
        ref = W.wigner_3j(*args)
        assert t == ref and r == ref and t.equals(ref), args
    monkeypatch.undo()
    assert wigner_3j(1, 1, 1, 1, 0, -1) == W.wigner_3j(1, 1, 1, 1, 0, -1)  # table filled
    assert wigner_3j(np.int64(1), 1.0, Fraction(1), 0, 0, 0) == 0
    assert wigner_3j(np.int64(1), 1.0, Fraction(1), 1, 0, -1) == W.wigner_3j(1, 1, 1, 1, 0, -1)
    with pytest.raises(TypeError, match="bool"):
        wigner_3j(True, 1, 1, 1, 0, -1)
    with pytest.raises(TypeError, match="list"):
        wigner_3j([1], 1, 1, 1, 0, -1)


def test_real_and_e3nn_blocks_equal_dense_change_of_basis():
    """The sparse transform (terms shared across l3) equals the dense einsum with the change of
    basis matrices, for every triple l <= 5 (second method); the unit matrices it relies on are
    a global phase g(l) times an l-independent pattern."""
    import sys

    w3 = sys.modules["symphys.angular.wigner3j"]
    for kind in ("real", "real*", "e3nn12", "e3nn3"):
        P = w3._units(kind, 9) / w3._unit_phase(kind, 9)
        for l in range(9):
            u = w3._units(kind, l) / w3._unit_phase(kind, l)
            assert np.array_equal(u, P[9 - l: 10 + l, 9 - l: 10 + l]), (kind, l)
            assert w3._unit_phase(kind, l) in (1, -1, 1j, -1j)
    for l1, l2, l3 in itertools.product(range(6), repeat=3):
        if not abs(l1 - l2) <= l3 <= l1 + l2:
            continue
        T = wigner_3j_block(l1, l2, l3, exact=False)
        U = [complex_to_real(l) for l in (l1, l2, l3)]
        dense = np.einsum("ai,bj,ck,ijk->abc", *U, T) * (1j if (l1 + l2 + l3) % 2 else 1)
        got = wigner_3j_block(l1, l2, l3, basis="real", exact=False)
        assert np.abs(got - dense.real).max() < 3e-16
        assert np.abs(dense.imag).max() < 1e-15


def test_permute_compact_equals_naive_gather():
    """The strided-view permutation of compact blocks against the index definition, with the
    3j sign (-1)^(j1+j2+j3) of odd permutations; doubled j, half-integers included."""
    from symphys.angular._blocks import compact_sorted, permute_compact

    perms = list(itertools.permutations(range(3)))
    for tj in [(1, 1, 2), (2, 3, 3), (2, 4, 6), (3, 5, 6), (4, 6, 8), (0, 5, 5), (6, 6, 8)]:
        K = compact_sorted(*tj)
        J = sum(tj) // 2
        for perm in perms:
            out = permute_compact(K, tj, perm)
            nx, ny, nz = (tj[p] + 1 for p in perm)
            odd = sum(perm[i] > perm[k] for i in range(3) for k in range(i + 1, 3)) % 2
            ref = np.zeros((nx, ny))
            for ix in range(nx):
                for iy in range(ny):
                    iz = J - ix - iy
                    if 0 <= iz < nz:
                        idx = [0, 0, 0]
                        idx[perm[0]], idx[perm[1]], idx[perm[2]] = ix, iy, iz
                        ref[ix, iy] = K[idx[0], idx[1]] * (-1 if odd and J % 2 else 1)
            assert np.array_equal(out, ref), (tj, perm)


def test_large_j_float_is_correctly_rounded_closed_form():
    # DLMF 34.3.1 at j far beyond the tables, rounded once from 60 digits (mpmath): the float
    # path cancels prime exponents there instead of multiplying factorials of ~10**4
    with mpmath.workdps(60):
        for j, m in [(5000, 7), (4999, -4999), (Fraction(6001, 2), Fraction(-1, 2))]:
            ref = float((-1) ** int(j - m) / mpmath.sqrt(int(2 * j + 1)))
            assert wigner_3j(j, j, 0, m, -m, 0, exact=False) == ref
            assert clebsch_gordan(j, j, 0, m, -m, 0, exact=False) == ref
