"""Correct rounding of every float symbol (3j, CG, 6j, 9j, Gaunt) against exact values, the
Ziv fallback, the vectorised forms, ``prec=``, closed forms at large j, Racah W and Fano X.

The references are independent of the float paths: exact sympy values (ours, equal to sympy's
for these arguments: checked in test_wigner3j/test_recoupling/test_gaunt) evaluated at 60
digits by mpmath and rounded to nearest; sympy.physics.wigner itself for racah; wignernj for
Fano X; mpmath for the large-j closed forms.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from sympy.physics import wigner as W

from symphys.angular import (
    _blocks,
    clebsch_gordan,
    fano_x,
    gaunt,
    racah_w,
    real_gaunt,
    wigner_3j,
    wigner_3j_block,
    wigner_6j,
    wigner_9j,
)
from symphys.angular._exact import TINY, nearest_float, round_dd


def nearest(expr) -> float:
    """The float nearest an exact sympy number (60-digit evaluation, round to nearest)."""
    if expr == 0:
        return 0.0
    with mpmath.workdps(60):
        return nearest_float(mpmath.mpf(sympy.N(expr, 60)))


def _random_3j(rnd: random.Random, lmax: int, half: bool = False):
    while True:
        t1, t2 = rnd.randint(0, 2 * lmax), rnd.randint(0, 2 * lmax)
        if not half:
            t1, t2 = t1 & ~1, t2 & ~1
        t3 = rnd.randrange(abs(t1 - t2), min(t1 + t2, 2 * lmax) + 1, 2)
        a = rnd.randrange(-t1, t1 + 1, 2)
        lo, hi = max(-t2, -t3 - a), min(t2, t3 - a)
        if lo > hi:
            continue
        b = rnd.randrange(lo, hi + 1, 2) if (hi - lo) % 2 == 0 else lo
        if (lo - b) % 2:
            continue
        c = -a - b
        if (t3 - c) % 2 or abs(c) > t3:
            continue
        return tuple(Fraction(t, 2) if t % 2 else t // 2 for t in (t1, t2, t3, a, b, c))


def _sweep(kind: str, n: int, seed: int) -> int:
    rnd = random.Random(seed)
    bad = 0
    for _ in range(n):
        if kind == "3j":
            args = _random_3j(rnd, 20, half=True)
            got, ref = wigner_3j(*args, exact=False), wigner_3j(*args)
        elif kind == "cg":
            j1, j2, j3, m1, m2, m3 = _random_3j(rnd, 20, half=True)
            args = (j1, j2, j3, m1, m2, -m3)
            got, ref = clebsch_gordan(*args, exact=False), clebsch_gordan(*args)
        elif kind == "gaunt":
            args = _random_3j(rnd, 14)
            got, ref = gaunt(*args, exact=False), gaunt(*args)
        elif kind == "6j":
            args = [rnd.randint(0, 24) for _ in range(6)]
            got, ref = wigner_6j(*args, exact=False), wigner_6j(*args)
        else:
            args = [rnd.randint(0, 6) for _ in range(9)]
            got, ref = wigner_9j(*args, exact=False), wigner_9j(*args)
        bad += got != nearest(ref)
    return bad


@pytest.mark.parametrize("kind", ["3j", "cg", "gaunt", "6j", "9j"])
def test_floats_correctly_rounded_sample(kind):
    assert _sweep(kind, 400, 1) == 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["3j", "cg", "gaunt", "6j", "9j"])
def test_floats_correctly_rounded_10k(kind):
    assert _sweep(kind, 10_000, 2) == 0


def test_round_dd_flags_rounding_boundaries():
    # a midpoint between two floats, a near-midpoint within the bound, and safe values
    one = np.float64(1.0)
    ulp = np.spacing(one)
    hi = np.array([1.0, 1.0, 1.0, 1.0, 1.5, 2.0, 1e-300])
    lo = np.array([ulp / 2, ulp / 2 - 2.0**-95, ulp / 4, 0.0, 2.0**-80, -ulp / 2, 0.0])
    r, amb = round_dd(hi, lo, 2.0**-90)
    assert amb.tolist() == [True, True, False, False, False, True, True]
    # below a power of two the gap halves: 2 - ulp/4 is the midpoint towards 1.99...
    r, amb = round_dd(np.array([2.0]), np.array([-ulp / 2 + 2.0**-100]), 2.0**-96)
    assert amb.tolist() == [True]
    assert TINY > 1e-300


@pytest.mark.parametrize("tri", [(3, 4, 5), (10, 12, 15), (30, 31, 40), (60, 61, 62)])
def test_ziv_fallback_gives_the_same_correctly_rounded_block(tri, monkeypatch):
    # a loose bound makes (nearly) every entry ambiguous: the exact fallback must agree
    fast = wigner_3j_block(*tri, exact=False)
    _blocks.BLOCK_CACHE.clear()
    monkeypatch.setattr(_blocks, "EPS_UNIT", 2.0**-30)
    before = _blocks.FALLBACKS[0]
    slow = wigner_3j_block(*tri, exact=False)
    assert _blocks.FALLBACKS[0] - before > 10
    assert np.array_equal(fast, slow)
    _blocks.BLOCK_CACHE.clear()
    monkeypatch.undo()
    l1, l2, l3 = tri
    rnd = random.Random(sum(tri))
    for _ in range(20):
        m1, m2 = rnd.randint(-l1, l1), rnd.randint(-l2, l2)
        if abs(m1 + m2) <= l3:
            assert slow[m1 + l1, m2 + l2, l3 - m1 - m2] == nearest(
                wigner_3j(l1, l2, l3, m1, m2, -m1 - m2))


def test_ziv_fallback_gaunt_block(monkeypatch):
    from symphys.angular import gaunt_block

    fast = gaunt_block(6, 7, 9, exact=False)
    _blocks.BLOCK_CACHE.clear()
    monkeypatch.setattr(_blocks, "EPS_UNIT", 2.0**-30)
    slow = gaunt_block(6, 7, 9, exact=False)
    _blocks.BLOCK_CACHE.clear()
    assert np.array_equal(fast, slow)
    assert slow[6 + 2, 7 - 3, 9 + 1] == nearest(gaunt(6, 7, 9, 2, -3, 1))


def test_exact_zeros_are_exact():
    # zeros that no selection rule predicts (found by sympy): the exact integer sum decides
    for args in [(2, 3, 3, 0, -2, 2), (2, 2, 3, -1, -1, 2)]:
        assert W.wigner_3j(*args) == 0 and wigner_3j(*args) == 0
        assert wigner_3j(*args, exact=False) == 0.0
        l1, l2, l3, m1, m2, m3 = args
        assert wigner_3j_block(l1, l2, l3, exact=False)[m1 + l1, m2 + l2, m3 + l3] == 0.0
        assert wigner_3j(*(np.array([v]) for v in args), exact=False)[0] == 0.0


# --- vectorised forms ---------------------------------------------------------------------------

def _random_arrays(n: int, lmax: int, seed: int):
    rng = np.random.default_rng(seed)
    l1 = rng.integers(0, lmax + 1, n)
    l2 = rng.integers(0, lmax + 1, n)
    l3 = rng.integers(np.abs(l1 - l2), np.minimum(l1 + l2, lmax) + 1)
    m1 = rng.integers(-l1, l1 + 1)
    m2 = rng.integers(-l2, l2 + 1)
    return l1, l2, l3, m1, m2, -m1 - m2


@pytest.mark.parametrize("lmax", [6, 70])
def test_vectorised_equals_scalars(lmax):
    l1, l2, l3, m1, m2, m3 = _random_arrays(400, lmax, lmax)
    v = wigner_3j(l1, l2, l3, m1, m2, m3, exact=False)
    c = clebsch_gordan(l1, l2, l3, m1, m2, -m3, exact=False)
    g = gaunt(l1, l2, l3, m1, m2, m3, exact=False)
    assert v.shape == (400,) and v.dtype == np.float64
    for i in range(0, 400, 7 if lmax > 10 else 1):
        a = tuple(int(x[i]) for x in (l1, l2, l3, m1, m2, m3))
        assert v[i] == wigner_3j(*a, exact=False), a
        assert c[i] == clebsch_gordan(*a[:5], -a[5], exact=False), a
        assert g[i] == gaunt(*a, exact=False), a
    for i in range(0, 400, 40):
        a = tuple(int(x[i]) for x in (l1, l2, l3, m1, m2, m3))
        assert v[i] == nearest(W.wigner_3j(*a)), a


def test_vectorised_broadcasts_half_integers_out_of_domain_and_selection_rules():
    j = np.array([0.5, 1.5, 2.5])
    v = wigner_3j(j, j, 1, 0.5, -0.5, 0, exact=False)
    assert v.tolist() == [wigner_3j(x, x, 1, 0.5, -0.5, 0, exact=False) for x in (0.5, 1.5, 2.5)]
    # |m| > j, m-sum != 0, triangle broken, negative j: 0 as the scalars (sympy's domain)
    out = wigner_3j(np.array([1, 1, 1, -1]), 1, np.array([1, 1, 3, 1]),
                    np.array([2, 1, 0, 0]), np.array([0, 1, 0, 0]), 0, exact=False)
    assert out.tolist() == [0.0, 0.0, 0.0, 0.0]
    ex = wigner_3j(np.array([1, 2]), 1, 2, 0, 0, 0)
    assert ex.dtype == object and ex[0] == W.wigner_3j(1, 1, 2, 0, 0, 0)
    assert wigner_6j(np.array([1, 2]), 2, 3, 1, 2, 3, exact=False).tolist() == [
        wigner_6j(1, 2, 3, 1, 2, 3, exact=False), wigner_6j(2, 2, 3, 1, 2, 3, exact=False)]
    assert wigner_9j(np.array([1]), 1, 1, 1, 1, 1, 1, 1, 0, exact=False)[0] == nearest(
        sympy.Rational(1, 18))
    assert real_gaunt(np.array([2]), 2, 2, 1, 1, 2, exact=False)[0] == real_gaunt(
        2, 2, 2, 1, 1, 2, exact=False)


@pytest.mark.parametrize("bad, exc, match", [
    (np.array([True, False]), TypeError, "bools"),
    (np.array(["1", "2"]), TypeError, "dtype"),
    (np.array([1.0, np.nan]), ValueError, "finite"),
    (np.array([0.3, 1.0]), ValueError, "half-integer"),
    (np.array([1 + 1j]), TypeError, "dtype"),
    (np.array([2 * 10**6]), ValueError, "MAX_J|largest"),
])
def test_vectorised_bad_arrays_are_refused(bad, exc, match):
    with pytest.raises(exc, match=match):
        wigner_3j(bad, 1, 1, 0, 0, 0, exact=False)
    with pytest.raises(exc, match=match):
        wigner_6j(bad, 1, 1, 1, 1, 1, exact=False)
    with pytest.raises(exc, match=match):
        gaunt(bad, 1, 1, 0, 0, 0, exact=False)


def test_vectorised_shape_mismatch_and_cost_refused():
    with pytest.raises(ValueError, match="broadcast"):
        wigner_3j(np.arange(3), np.arange(4), 1, 0, 0, 0, exact=False)
    with pytest.raises(ValueError, match="MAX_VECTOR_COST"):
        wigner_3j(np.full(100, 12000), 12000, 12000, 1, -1, 0, exact=False)
    with pytest.raises(ValueError, match="must hold integers"):
        gaunt(np.array([0.5]), 0.5, 1, 0.5, -0.5, 0, exact=False)
    # symbols evaluated one by one (exact values, 6j) are bounded in number before any work
    many = np.zeros(600_000, dtype=int)
    with pytest.raises(ValueError, match="SYMBOL_OVERHEAD"):
        wigner_3j(many, 0, 0, 0, 0, 0)
    with pytest.raises(ValueError, match="SYMBOL_OVERHEAD"):
        wigner_6j(many, 0, 0, 0, 0, 0, exact=False)
    assert wigner_3j(many, 0, 0, 0, 0, 0, exact=False).sum() == 600_000  # blocks: no limit


# --- prec ---------------------------------------------------------------------------------------

def test_prec_gives_sympy_floats_of_that_many_digits():
    v = wigner_3j(1, 1, 2, 0, 0, 0, prec=40)
    assert isinstance(v, sympy.Float) and v._prec >= 40 * 3.3
    assert abs(v - sympy.sqrt(30) / 15) < sympy.Float("1e-39")
    assert gaunt(2, 2, 2, 0, 0, 0, prec=30) == W.gaunt(2, 2, 2, 0, 0, 0, prec=30)
    assert abs(wigner_6j(3, 3, 3, 3, 3, 3, prec=25) - W.wigner_6j(3, 3, 3, 3, 3, 3)) < 1e-25
    assert abs(wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, 0, prec=25) - sympy.Rational(1, 18)) < 1e-25
    assert abs(clebsch_gordan(1, 1, 2, 1, 0, 1, prec=25) - sympy.sqrt(2) / 2) < 1e-25
    assert wigner_3j(1, 1, 3, 0, 0, 0, prec=10) is sympy.S.Zero


@pytest.mark.parametrize("prec, exc", [(0, ValueError), (True, TypeError), (2.5, TypeError),
                                       ("10", TypeError), (10**6, ValueError)])
def test_bad_prec_refused(prec, exc):
    for fn in (wigner_3j, clebsch_gordan, gaunt, real_gaunt):
        with pytest.raises(exc, match="prec"):
            fn(1, 1, 2, 0, 0, 0, prec=prec)
    with pytest.raises(exc, match="prec"):
        wigner_6j(1, 1, 1, 1, 1, 1, prec=prec)
    with pytest.raises(ValueError, match="exact=False"):
        wigner_3j(1, 1, 2, 0, 0, 0, exact=False, prec=10)


# --- large j and closed forms -------------------------------------------------------------------

@pytest.mark.timeout(10)
def test_zero_column_closed_form_is_instant_at_a_million():
    j = 10**6
    for m in (0, 1, -7, j):
        expect = (-1) ** ((j - m) % 2) / mpmath.sqrt(2 * j + 1)
        with mpmath.workdps(40):
            ref = nearest_float((-1) ** ((j - m) % 2) / mpmath.sqrt(2 * j + 1))
        assert wigner_3j(j, j, 0, m, -m, 0, exact=False) == ref
        assert wigner_3j(0, j, j, 0, m, -m, exact=False) == ref  # even permutation
        assert wigner_3j(j, 0, j, m, 0, -m, exact=False) == ref  # odd: (-1)^(2j) = 1
        del expect
    assert wigner_3j(j, j, 0, 3, -3, 0) == -1 / sympy.sqrt(2 * j + 1)
    half = Fraction(2 * 10**5 + 1, 2)  # half-integer j: the odd permutation flips the sign
    assert wigner_3j(half, 0, half, Fraction(1, 2), 0, Fraction(-1, 2), exact=False) == \
        -wigner_3j(half, half, 0, Fraction(1, 2), Fraction(-1, 2), 0, exact=False)


def _mp_3j(j1, j2, j3, m1, m2, m3):
    """mpmath 3j from Racah's formula at 2000 digits (enough for j <= 1e4)."""
    f = mpmath.factorial
    with mpmath.workdps(max(60, 3 * (j1 + j2 + j3) // 10)):
        pre = mpmath.sqrt(f(j1 + j2 - j3) * f(j1 - j2 + j3) * f(-j1 + j2 + j3) / f(j1 + j2 + j3 + 1)
                          * f(j1 + m1) * f(j1 - m1) * f(j2 + m2) * f(j2 - m2) * f(j3 + m3)
                          * f(j3 - m3))
        s = mpmath.mpf(0)
        for k in range(max(0, j2 - j3 - m1, j1 - j3 + m2), min(j1 + j2 - j3, j1 - m1, j2 + m2) + 1):
            s += (-1) ** k / (f(k) * f(j3 - j2 + k + m1) * f(j3 - j1 + k - m2) * f(j1 + j2 - j3 - k)
                              * f(j1 - k - m1) * f(j2 - k + m2))
        return nearest_float((-1) ** ((j1 - j2 - m3) % 2) * pre * s)


@pytest.mark.timeout(60)
def test_large_j_against_mpmath_and_closed_forms():
    # Racah's sum in mpmath at j = 300
    assert wigner_3j(300, 200, 150, 7, -20, 13, exact=False) == _mp_3j(300, 200, 150, 7, -20, 13)
    # 3j(j1 j2 j3; 0 0 0) (Edmonds 3.7.17) at j = 1e4, in mpmath factorials
    f = mpmath.factorial
    for js in [(10**4, 10**4, 10**4), (10**4, 7000, 5000)]:
        g2 = sum(js)
        g = g2 // 2
        with mpmath.workdps(50):
            ref = (-1) ** (g % 2) * mpmath.sqrt(f(g2 - 2 * js[0]) * f(g2 - 2 * js[1])
                                                * f(g2 - 2 * js[2]) / f(g2 + 1)) \
                * f(g) / (f(g - js[0]) * f(g - js[1]) * f(g - js[2]))
            assert wigner_3j(*js, 0, 0, 0, exact=False) == nearest_float(ref)
    # stretched: (-1)^(j1-j2+M) sqrt(C(2j1,j1+m1) C(2j2,j2+m2) / ((2J+1) C(2J,J+M)))
    j1, j2, m1, m2 = 6000, 4000, 100, -37
    J, M = j1 + j2, m1 + m2
    with mpmath.workdps(50):
        ref = (-1) ** ((j1 - j2 + M) % 2) * mpmath.sqrt(
            mpmath.binomial(2 * j1, j1 + m1) * mpmath.binomial(2 * j2, j2 + m2)
            / ((2 * J + 1) * mpmath.binomial(2 * J, J + M)))
        assert wigner_3j(j1, j2, J, m1, m2, -M, exact=False) == nearest_float(ref)
    # a general symbol at j = 1e4 in well under a second (the sum, exact, then rounded)
    import time

    t0 = time.perf_counter()
    v = wigner_3j(10**4, 10**4, 10**4, 100, -300, 200, exact=False)
    assert time.perf_counter() - t0 < 5 and v != 0


def test_racah_w_equals_sympy_racah():
    rnd = random.Random(3)
    nonzero = 0
    for _ in range(400):
        a = [rnd.randint(0, 4) for _ in range(6)]
        ref = W.racah(*a)
        assert racah_w(*a) == ref, a
        assert racah_w(*a, exact=False) == nearest(ref), a
        nonzero += ref != 0
    assert nonzero > 30
    # sympy's prec= rounds its intermediate sums (2 units off in the 21st digit); ours is
    # the exact value rounded once
    v = racah_w(1, 1, 1, 1, 1, 1, prec=20)
    assert isinstance(v, sympy.Float) and abs(v - sympy.Rational(1, 6)) < 1e-20


def test_fano_x_definition_and_wignernj():
    rnd = random.Random(4)
    for _ in range(100):
        a = [rnd.randint(0, 3) for _ in range(9)]
        ref = sympy.sqrt((2 * a[2] + 1) * (2 * a[5] + 1) * (2 * a[6] + 1) * (2 * a[7] + 1)) \
            * W.wigner_9j(*a)
        assert fano_x(*a) == sympy.nsimplify(ref) or sympy.simplify(fano_x(*a) - ref) == 0
        assert fano_x(*a, exact=False) == nearest(ref)
    # exactly 1 (a stretched recoupling); wignernj 0.8.0 returns 1.0000000000000002
    assert fano_x(1, 1, 2, 1, 1, 2, 2, 2, 4) == 1
    assert fano_x(1, 1, 2, 1, 1, 2, 2, 2, 4, exact=False) == 1.0
