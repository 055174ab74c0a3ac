"""The vectorised float 3j / Clebsch-Gordan path (symphys.angular._threej_vec) behind
``wigner_3j(arrays..., exact=False)`` and ``clebsch_gordan(arrays..., exact=False)``: correct
rounding against an independent reference (Racah's factorial formula, Edmonds eq. 3.7.3, in
Python Fractions; the square root rounded by exact comparisons with the midpoints between
floats), the exact fallback of Ziv's strategy, the store of partial blocks, shapes and
broadcasting."""

from __future__ import annotations

import math
import threading
from fractions import Fraction
from functools import cache

import mpmath
import numpy as np
import pytest

from symphys.angular import _blocks, _threej_vec, clebsch_gordan, wigner_3j

# --- independent reference ------------------------------------------------------------------


@cache
def _f(n: int) -> int:
    return math.factorial(n)


def rounded_sqrt(q: Fraction) -> float:
    """``sqrt(q)`` correctly rounded (ties to even), decided by exact comparisons of ``q``
    with the squares of the midpoints around a 150-bit mpmath start value."""
    if q == 0:
        return 0.0
    with mpmath.workprec(150):
        f = float(mpmath.sqrt(mpmath.mpf(q.numerator) / q.denominator))
    while True:
        down, up = np.nextafter(f, 0.0), np.nextafter(f, np.inf)
        lo, hi = (Fraction(f) + Fraction(down)) / 2, (Fraction(f) + Fraction(up)) / 2
        if q < lo * lo or (q == lo * lo and int(np.frexp(down)[0] * 2**53) % 2 == 0):
            f = float(down)
        elif q > hi * hi or (q == hi * hi and int(np.frexp(up)[0] * 2**53) % 2 == 0):
            f = float(up)
        else:
            return f


def threej_squared(tj, tm) -> tuple[int, Fraction]:
    """``(sign, value**2)`` of the 3j symbol of doubled ``tj``, ``tm`` (Racah's formula)."""
    j1, j2, j3 = tj
    m1, m2, m3 = tm
    if (m1 + m2 + m3 or (j1 + j2 + j3) % 2 or not abs(j1 - j2) <= j3 <= j1 + j2
            or any(abs(m) > j or (j - m) % 2 for j, m in zip(tj, tm, strict=True))):
        return 0, Fraction(0)
    h = lambda x: x // 2  # noqa: E731 (every argument below is even)
    kmin = max(0, h(j2 - j3 - m1), h(j1 - j3 + m2))
    kmax = min(h(j1 + j2 - j3), h(j1 - m1), h(j2 + m2))
    s = Fraction(0)
    for k in range(kmin, kmax + 1):
        den = (_f(k) * _f(h(j3 - j2 + m1) + k) * _f(h(j3 - j1 - m2) + k)
               * _f(h(j1 + j2 - j3) - k) * _f(h(j1 - m1) - k) * _f(h(j2 + m2) - k))
        s += Fraction(-1 if k % 2 else 1, den)
    if s == 0:
        return 0, Fraction(0)
    delta = Fraction(_f(h(j1 + j2 - j3)) * _f(h(j1 - j2 + j3)) * _f(h(-j1 + j2 + j3)),
                     _f(h(j1 + j2 + j3) + 1))
    prod = 1
    for j, m in zip(tj, tm, strict=True):
        prod *= _f(h(j + m)) * _f(h(j - m))
    sign = (1 if s > 0 else -1) * (-1 if h(j1 - j2 - m3) % 2 else 1)
    return sign, s * s * delta * prod


def ref_3j(tj, tm) -> float:
    sign, q = threej_squared(tj, tm)
    return sign * rounded_sqrt(q) if sign else 0.0


def ref_cg(tj, tm) -> float:
    """``<j1 m1; j2 m2 | j3 m3> = (-1)^(j1-j2+m3) sqrt(2 j3 + 1) 3j(j1 j2 j3; m1 m2 -m3)``."""
    sign, q = threej_squared(tj, (tm[0], tm[1], -tm[2]))
    if not sign:
        return 0.0
    if (tj[0] - tj[1] + tm[2]) // 2 % 2:
        sign = -sign
    return sign * rounded_sqrt(q * (tj[2] + 1))


def test_reference_against_known_values():
    # 3j(1 1 2; 0 0 0) = sqrt(2/15), 3j(1/2 1/2 1; 1/2 -1/2 0) = 1/sqrt(6),
    # <1/2 1/2; 1/2 -1/2 | 1 0> = 1/sqrt(2), 3j(j j 0; m -m 0) = (-1)^(j-m)/sqrt(2j+1)
    def root(num, den):  # sqrt(num/den) at 200 bits, then rounded once
        with mpmath.workprec(200):
            return float(mpmath.sqrt(mpmath.mpf(num) / den))

    assert ref_3j((2, 2, 4), (0, 0, 0)) == root(2, 15)
    assert ref_3j((1, 1, 2), (1, -1, 0)) == root(1, 6)
    assert ref_cg((1, 1, 2), (1, -1, 0)) == root(1, 2)
    assert ref_3j((6, 6, 0), (2, -2, 0)) == root(1, 7)
    assert ref_3j((6, 6, 0), (4, -4, 0)) == -root(1, 7)
    assert rounded_sqrt(Fraction(1, 4)) == 0.5 and rounded_sqrt(Fraction(2)) == math.sqrt(2)


# --- random symbols -------------------------------------------------------------------------


def random_symbols(rng: np.random.Generator, n: int, tmax: int, half: bool = True
                   ) -> tuple[np.ndarray, np.ndarray]:
    """``n`` valid doubled symbols with every ``2j <= tmax`` (half-integers when ``half``)."""
    t1 = rng.integers(0, tmax + 1, 4 * n)
    t2 = rng.integers(0, tmax + 1, 4 * n)
    if not half:
        t1, t2 = t1 & ~1, t2 & ~1
    lo3, hi3 = np.abs(t1 - t2), np.minimum(t1 + t2, tmax - (tmax - t1 - t2) % 2)
    ok = lo3 <= hi3
    t1, t2, lo3, hi3 = t1[ok], t2[ok], lo3[ok], hi3[ok]
    t3 = lo3 + 2 * rng.integers(0, (hi3 - lo3) // 2 + 1)
    a = -t1 + 2 * rng.integers(0, t1 + 1)
    lo, hi = np.maximum(-t2, -t3 - a), np.minimum(t2, t3 - a)
    ok = lo <= hi
    t1, t2, t3, a, lo, hi = (x[ok][:n] for x in (t1, t2, t3, a, lo, hi))
    b = lo + 2 * rng.integers(0, (hi - lo) // 2 + 1)
    return np.stack([t1, t2, t3]), np.stack([a, b, -a - b])


def _halves(T: np.ndarray) -> list[np.ndarray]:
    return [row / 2 if (row % 2).any() else row // 2 for row in T]


def test_random_3j_correctly_rounded():
    # 10,000 random symbols with l <= 32, integers and half-integers (Racah sums in float64
    # for j1+j2+j3 <= 52, else modulo primes): 0 off
    _threej_vec.clear_caches()
    tj, tm = random_symbols(np.random.default_rng(18), 10000, 64)
    assert tj.shape[1] == 10000 and (tj.sum(axis=0) > 104).sum() > 2000
    got = wigner_3j(*_halves(tj), *_halves(tm), exact=False)
    ref = [ref_3j(a, b) for a, b in zip(tj.T.tolist(), tm.T.tolist(), strict=True)]
    assert sum(x != y for x, y in zip(got.tolist(), ref, strict=True)) == 0


def test_random_cg_correctly_rounded():
    _threej_vec.clear_caches()
    tj, tm = random_symbols(np.random.default_rng(19), 10000, 64)
    tm[2] = -tm[2]  # a CG coefficient couples to m3 = m1 + m2
    got = clebsch_gordan(*_halves(tj), *_halves(tm), exact=False)
    ref = [ref_cg(a, b) for a, b in zip(tj.T.tolist(), tm.T.tolist(), strict=True)]
    assert sum(x != y for x, y in zip(got.tolist(), ref, strict=True)) == 0


def test_large_l_and_scalar_beyond_blocks():
    # l up to 64 (the largest blocks: up to 10 primes), and symbols beyond (one by one), mixed
    rng = np.random.default_rng(5)
    tj, tm = random_symbols(rng, 300, 128, half=False)
    tj2, tm2 = random_symbols(rng, 20, 140, half=False)
    tj2, tm2 = tj2[:, tj2.max(axis=0) > 128], tm2[:, tj2.max(axis=0) > 128]
    tj, tm = np.concatenate([tj, tj2], axis=1), np.concatenate([tm, tm2], axis=1)
    got = wigner_3j(*(tj // 2), *(tm // 2), exact=False)
    ref = [ref_3j(a, b) for a, b in zip(tj.T.tolist(), tm.T.tolist(), strict=True)]
    assert got.tolist() == ref
    # half-integers up to j = 64 and their Clebsch-Gordan coefficients
    tj, tm = random_symbols(rng, 300, 128)
    tm[2] = -tm[2]
    got = clebsch_gordan(*_halves(tj), *_halves(tm), exact=False)
    ref = [ref_cg(a, b) for a, b in zip(tj.T.tolist(), tm.T.tolist(), strict=True)]
    assert got.tolist() == ref


def test_every_symbol_of_small_triples_matches_the_scalar_function():
    # all symbols with l <= 4, each ordering of the columns: the vectorised values are the
    # scalar function's (bit for bit), with the signs of odd permutations
    rows = []
    for l1 in range(5):
        for l2 in range(5):
            for l3 in range(abs(l1 - l2), min(l1 + l2, 4) + 1):
                for m1 in range(-l1, l1 + 1):
                    for m2 in range(-l2, l2 + 1):
                        if abs(m1 + m2) <= l3:
                            rows.append((l1, l2, l3, m1, m2, -m1 - m2))
    _threej_vec.clear_caches()
    A = np.array(rows).T
    got = wigner_3j(*A, exact=False)
    assert got.tolist() == [wigner_3j(*r, exact=False) for r in rows]
    assert got.tolist() == [ref_3j([2 * x for x in r[:3]], [2 * x for x in r[3:]])
                            for r in rows]


# --- Ziv's exact fallback -------------------------------------------------------------------


def test_forced_fallback_gives_the_same_values(monkeypatch):
    # a loose bound makes every entry ambiguous: the exact fallback decides each one, and the
    # values do not change (both paths: float sums for J <= 52, primes beyond)
    tj, tm = random_symbols(np.random.default_rng(7), 1500, 64)
    args = (*_halves(tj), *_halves(tm))
    _threej_vec.clear_caches()
    fast = wigner_3j(*args, exact=False)
    fast_cg = clebsch_gordan(*args[:5], -args[5], exact=False)
    _threej_vec.clear_caches()
    monkeypatch.setattr(_blocks, "EPS_UNIT", 2.0**-30)
    before = _blocks.FALLBACKS[0]
    slow = wigner_3j(*args, exact=False)
    assert _blocks.FALLBACKS[0] - before > 1000
    slow_cg = clebsch_gordan(*args[:5], -args[5], exact=False)
    assert np.array_equal(fast, slow) and np.array_equal(fast_cg, slow_cg)
    assert (np.abs(fast) > 0).sum() > 1000
    _threej_vec.clear_caches()


def test_no_fallback_in_the_fast_path():
    # the rigorous bound (about 2**-95) almost never straddles a rounding boundary
    _threej_vec.clear_caches()
    before = _blocks.FALLBACKS[0]
    tj, tm = random_symbols(np.random.default_rng(8), 3000, 64)
    wigner_3j(*_halves(tj), *_halves(tm), exact=False)
    assert _blocks.FALLBACKS[0] - before <= 3


def test_exact_zeros_are_exact():
    # non-trivial zeros (the Racah sum vanishes): +0.0, never a tiny float
    args = np.array([[2, 3, 3, 0, -2, 2], [2, 2, 3, -1, -1, 2], [1, 2, 2, 0, 0, 0]]).T
    got = wigner_3j(*args, exact=False)
    assert got.tolist() == [0.0, 0.0, 0.0]
    assert not np.signbit(got).any()


# --- the store ------------------------------------------------------------------------------


def test_store_partial_blocks_and_warm_calls():
    tj, tm = random_symbols(np.random.default_rng(9), 4000, 40)
    args = (*_halves(tj), *_halves(tm))
    _threej_vec.clear_caches()
    whole = wigner_3j(*args, exact=False)
    again = wigner_3j(*args, exact=False)  # every entry read from the store
    assert np.array_equal(whole, again)
    _threej_vec.clear_caches()
    part = wigner_3j(*(a[:1000] for a in args), exact=False)  # blocks partly evaluated
    assert np.isnan(_threej_vec.STORE.flat).any()
    assert np.array_equal(part, whole[:1000])
    assert np.array_equal(wigner_3j(*args, exact=False), whole)  # the rest filled in
    # 3j and CG blocks are kept apart
    cg = clebsch_gordan(*args[:5], -args[5], exact=False)
    ref = [ref_cg(a, (b[0], b[1], -b[2])) for a, b in zip(tj.T.tolist()[:300],
                                                        tm.T.tolist()[:300], strict=True)]
    assert cg[:300].tolist() == ref


def test_store_overflow(monkeypatch):
    # a call whose blocks exceed the store is evaluated without it; a call whose new blocks
    # do not fit beside the stored ones empties the store first
    tj, tm = random_symbols(np.random.default_rng(10), 3000, 48)
    args = (*_halves(tj), *_halves(tm))
    _threej_vec.clear_caches()
    ref = wigner_3j(*args, exact=False)
    cg_ref = clebsch_gordan(*args[:5], -args[5], exact=False)
    store = _threej_vec.STORE
    monkeypatch.setattr(store, "max_floats", 20000)
    _threej_vec.clear_caches()
    assert np.array_equal(wigner_3j(*args, exact=False), ref)
    assert np.array_equal(clebsch_gordan(*args[:5], -args[5], exact=False), cg_ref)
    assert store.size == 0
    small = (tj.max(axis=0) <= 20).nonzero()[0]
    part1, part2 = small[: len(small) // 2], small[len(small) // 2:]
    for part in (part1, part2, part1, small[:40]):
        got = wigner_3j(*(a[part] for a in args), exact=False)
        assert np.array_equal(got, ref[part])
        assert 0 < store.size <= 20000 and store.flat.size <= 20000
    _threej_vec.clear_caches()


def test_threads_share_the_store():
    tj, tm = random_symbols(np.random.default_rng(11), 2000, 40)
    args = (*_halves(tj), *_halves(tm))
    _threej_vec.clear_caches()
    ref = wigner_3j(*args, exact=False)
    _threej_vec.clear_caches()
    outs = [None] * 4

    def work(i):
        outs[i] = wigner_3j(*(a[i * 300:] for a in args), exact=False)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(4):
        assert np.array_equal(outs[i], ref[i * 300:])


# --- shapes and broadcasting ----------------------------------------------------------------


def test_shapes_and_broadcasting():
    l1 = np.arange(6).reshape(2, 3)
    got = wigner_3j(l1, 2, l1, 0, 0, 0, exact=False)
    assert got.shape == (2, 3) and got.dtype == np.float64
    assert got.ravel().tolist() == [ref_3j((2 * x, 4, 2 * x), (0, 0, 0)) for x in range(6)]
    m = np.array([[-1], [0], [1]])  # (3, 1) against (4,): (3, 4)
    got = wigner_3j(np.array([1, 2, 3, 4]), 2, 3, m, 0, -m, exact=False)
    assert got.shape == (3, 4)
    assert got[2, 1] == ref_3j((4, 4, 6), (2, 0, -2))
    assert wigner_3j(np.array(2), 2, 2, 0, 0, 0, exact=False).shape == ()
    assert wigner_3j(np.array([], dtype=int), 1, 1, 0, 0, 0, exact=False).shape == (0,)
    # invalid symbols (domain, selection rules) are 0 among valid ones
    got = wigner_3j(np.array([1, 1, -1, 1, 2]), 1, np.array([1, 3, 1, 1, 2]),
                    np.array([0, 0, 0, 2, 1]), 0, np.array([0, 0, 0, -2, -1]), exact=False)
    assert got.tolist() == [0.0, 0.0, 0.0, 0.0, ref_3j((4, 2, 4), (2, 0, -2))]
    # float and object arrays of half-integers, and integer dtypes other than int64
    half = wigner_3j(np.array([0.5, 1.5]), 0.5, 1, np.array([0.5, -0.5]), -0.5,
                     np.array([0, 1]), exact=False)
    assert half.tolist() == [ref_3j((1, 1, 2), (1, -1, 0)), ref_3j((3, 1, 2), (-1, -1, 2))]
    small = wigner_3j(np.array([3], dtype=np.int8), np.uint16(2), 3, 1, 0, -1, exact=False)
    assert small.tolist() == [ref_3j((6, 4, 6), (2, 0, -2))]
    cg = clebsch_gordan(np.array([[1], [2]]), 1, np.array([1, 2, 3]), 0, 0, 0, exact=False)
    assert cg.shape == (2, 3)
    assert cg[1, 2] == ref_cg((4, 2, 6), (0, 0, 0))


@pytest.mark.parametrize("bad", [np.array([0.3]), np.array([np.nan]), np.array(["a"])])
def test_bad_arrays_refused(bad):
    with pytest.raises((ValueError, TypeError), match="j1"):
        wigner_3j(bad, 1, 1, 0, 0, 0, exact=False)
