"""Float 9j symbols at large j (fixed-point 6j products, symphys.angular._ninej_large).

The public float 9j and 12j symbols now take the 6j-eigenvector method of _sixj_rec first
(tests/angular/test_ninej_rec.py); this module's Racah-sum products stay as the exact zero proof
behind it and as an independent rigorous reference.

References, all independent of the fixed-point method: the exact path (the rational sum over
x of exact integer Racah sums, rounded once) where it is affordable (j <= 150); an mpmath
evaluation of the same sum with every 6j from Racah's formula in mpmath at thousands of bits
(checked stable against a second precision) at j = 1000; zeros forced by symmetry (two equal
rows with an odd sum of all j: the 9j changes sign under the row swap, Edmonds sec. 6.4) and
zeros found by the exact path.
"""

from __future__ import annotations

import random
import time
from fractions import Fraction

import mpmath
import pytest

from symphys.angular import _ninej_large as N
from symphys.angular import recoupling as R
from symphys.angular import wigner_9j


def _exact_float(t):
    return R._float(R._ninej_parts(t))


def _tri(rnd, a, b, top):
    lo, hi = abs(a - b), min(a + b, top)
    return None if lo > hi else rnd.randrange(lo, hi + 1, 2)


def _random_symbol(rnd: random.Random, lo: int, hi: int, half: bool) -> tuple[int, ...]:
    """Doubled arguments of a random 9j symbol whose rows and columns close, max in [lo, hi]."""
    while True:
        def r():
            v = rnd.randint(lo // 2, hi)
            return v if half else v & ~1
        j1, j2, j4, j5 = r(), r(), r(), r()
        j3, j7 = _tri(rnd, j1, j2, hi), _tri(rnd, j1, j4, hi)
        j6, j8 = _tri(rnd, j4, j5, hi), _tri(rnd, j2, j5, hi)
        if None in (j3, j7, j6, j8):
            continue
        l9, h9 = max(abs(j3 - j6), abs(j7 - j8)), min(j3 + j6, j7 + j8, hi)
        l9 += (l9 + j3 + j6) % 2
        if l9 > h9 or (l9 + j7 + j8) % 2:
            continue
        t = (j1, j2, j3, j4, j5, j6, j7, j8, rnd.randrange(l9, h9 + 1, 2))
        if max(t) >= lo and all(R._triad_ok(*(t[i] for i in tr)) for tr in R._NINE_TRIADS):
            return t


def _js(t):
    return [Fraction(v, 2) for v in t]


def test_matches_exact_path():
    """210 random symbols, j from 20 to 150, integer and half-integer: bit for bit the exact
    path's correctly rounded value (fixed-point method called directly; and wigner_9j(exact=False)
    past its crossover, which takes the 6j-eigenvector path of _sixj_rec first)."""
    rnd = random.Random(18)
    syms = [_random_symbol(rnd, 40, 110, k % 2 == 1) for k in range(170)]
    syms += [_random_symbol(rnd, 160, 300, k % 2 == 1) for k in range(40)]
    assert sum(any(v % 2 for v in t) for t in syms) >= 80
    routed = 0
    for t in syms:
        ref = _exact_float(t)
        assert N.float_9j(t) == ref, t
        if R._ninej_cost(t) > R.NINEJ_FIXED_FROM:
            routed += 1
            assert wigner_9j(*_js(t), exact=False) == ref, t
    assert routed >= 20


def test_cancellation_heavy_symbols():
    """Nine equal j (every 6j a cancelling Racah sum: peak term times prefactor about 2**19
    at j = 60; 2j+1 values of x) and symbols with a small j9: still the exact path's
    float."""
    cases = [tuple([2 * j] * 9) for j in (20, 31, 47, 60)]
    cases += [(2 * j, 2 * j, 2 * j, 2 * j, 2 * j, 2 * j, 2 * j, 2 * j, 4) for j in (40, 75)]
    cases += [(60, 80, 100, 80, 60, 100, 100, 100, 2), (121, 99, 60, 99, 121, 60, 60, 60, 120)]
    for t in cases:
        if not all(R._triad_ok(*(t[i] for i in tr)) for tr in R._NINE_TRIADS):
            continue
        assert N.float_9j(t) == _exact_float(t), t


def _row_swap_zeros():
    """Two equal rows and an odd sum of all j: the 9j is minus itself (odd permutation)."""
    out = []
    for a, b, c, d, e, f in ((10, 12, 13, 5, 7, 9), (40, 50, 61, 20, 30, 41),
                             (60, 71, 52, 33, 40, 64), (7.5, 9.5, 12, 4, 6, 9)):
        t = tuple(int(2 * v) for v in (a, b, c, a, b, c, d, e, f))
        assert sum(t) // 2 % 2 == 1
        out.append(t)
    return out


def test_zeros_decided_exactly():
    """Zeros forced by symmetry (massive cancellation in the x sum) and non-trivial zeros found
    by the exact path among small symbols: 0.0, proven (L Q an integer below 1), and a tiny
    non-zero neighbour is not mistaken for 0."""
    for t in _row_swap_zeros():
        assert R._ninej_parts(t)[0] == 0  # the exact path agrees (independent)
        assert N.float_9j(t) == 0.0
    rnd = random.Random(5)
    found = 0
    for k in range(3000):
        t = _random_symbol(rnd, 6, 16, k % 3 == 0)
        parts = R._ninej_parts(t)
        if parts is None or parts[0] != 0:
            continue
        lo, hi = N.x_range(t)
        if hi - lo < 4:  # at least three values of x: a cancelling sum
            continue
        found += 1
        assert N.float_9j(t) == 0.0, t
    assert found >= 5


def test_forced_ambiguity_path():
    """A first pass with 1 extra bit cannot decide: the Ziv loop raises the precision and
    still returns the exact path's float (zeros as well)."""
    rnd = random.Random(3)
    for k in range(12):
        t = _random_symbol(rnd, 40, 120, k % 2 == 1)
        assert N.float_9j(t, first_extra=1) == _exact_float(t)
        assert N.PASSES[0] > 1
    t = _row_swap_zeros()[1]
    assert N.float_9j(t, first_extra=1) == 0.0
    assert N.PASSES[0] > 1


def _mp_sixj(t, f):
    """Racah's formula in mpmath (doubled arguments; ``f[n]`` = n! at the working precision)."""
    j1, j2, j3, j4, j5, j6 = t
    a = [(j1 + j2 + j3) // 2, (j1 + j5 + j6) // 2, (j4 + j2 + j6) // 2, (j4 + j5 + j3) // 2]
    b = [(j1 + j2 + j4 + j5) // 2, (j2 + j3 + j5 + j6) // 2, (j3 + j1 + j6 + j4) // 2]
    s = mpmath.mpf(0)
    for k in range(max(a), min(b) + 1):
        term = f[k + 1]
        for v in a:
            term /= f[k - v]
        for v in b:
            term /= f[v - k]
        s += -term if k % 2 else term
    d = mpmath.mpf(1)
    for x, y, z in ((j1, j2, j3), (j1, j5, j6), (j4, j2, j6), (j4, j5, j3)):
        d *= f[(x + y - z) // 2] * f[(x - y + z) // 2] * f[(-x + y + z) // 2] \
            / f[(x + y + z) // 2 + 1]
    return s * mpmath.sqrt(d)


def _mp_ninej(t, bits):
    mp = mpmath.mp
    old = mp.prec
    mp.prec = bits
    try:
        lo, hi = N.x_range(t)
        f = [mpmath.mpf(1)]
        for n in range(1, 2 * max(t) + 2):
            f.append(f[-1] * n)
        total = mpmath.mpf(0)
        for x in range(lo, hi + 1, 2):
            s1, s2, s3 = N._sixes(t, x)
            term = (x + 1) * _mp_sixj(s1, f) * _mp_sixj(s2, f) * _mp_sixj(s3, f)
            total += -term if x % 2 else term
        return total
    finally:
        mp.prec = old


@pytest.mark.parametrize("t", [
    (2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 4),
    (1999, 1200, 1001, 1601, 1999, 1000, 1500, 1501, 3),
])
def test_against_mpmath_at_j_1000(t):
    """j = 1000 (few values of x, each 6j a long cancelling Racah sum): the float is mpmath's
    value at 2500 bits rounded to nearest (stable against 3000 bits)."""
    ref = _mp_ninej(t, 2500)
    ref2 = _mp_ninej(t, 3000)
    assert abs(ref - ref2) < abs(ref) * mpmath.mpf(2) ** -200
    got = wigner_9j(*_js(t), exact=False)
    assert got == float(ref) != 0.0


@pytest.mark.slow
def test_against_mpmath_nine_equal_j_150():
    """Nine equal j = 150 (301 values of x): mpmath's Racah-sum product at 1200 bits."""
    t = tuple([300] * 9)
    ref = _mp_ninej(t, 1200)
    assert abs(ref - _mp_ninej(t, 1500)) < abs(ref) * mpmath.mpf(2) ** -200
    assert N.float_9j(t) == float(ref)


@pytest.mark.timeout(30)
def test_refusals_name_arguments_before_work():
    """The exact zero proof's closed-form limit MAX_COST (nine equal j = 1000 fit, 1100 do
    not); the public float 9j is refused past the 6j-eigenvector limit (nine equal j = 17362)
    with a ValueError naming j1..j9 and the limit, at once; MAX_9J_TERMS as before."""
    assert N.cost(tuple([2000] * 9)) <= N.MAX_COST < N.cost(tuple([2200] * 9))
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"j1\.\.j9 = 17362, 17362.*MAX_COST"):
        wigner_9j(*[17362] * 9, exact=False)
    assert time.perf_counter() - t0 < 0.5
    with pytest.raises(ValueError, match="MAX_9J_TERMS"):
        wigner_9j(*[10**5] * 8, 10**5 + 1, exact=False)


def _nontrivial_zeros(count: int) -> list[tuple[int, ...]]:
    """Small symbols that the exact path finds 0 and no odd symmetry forces to 0."""
    from symphys.angular import _sixj_rec

    rnd = random.Random(9)
    out = []
    while len(out) < count:
        t = _random_symbol(rnd, 6, 16, len(out) % 2 == 1)
        parts = R._ninej_parts(t)
        lo, hi = N.x_range(t)
        if parts is not None and parts[0] == 0 and hi - lo >= 4 \
                and not _sixj_rec.symmetry_zero_9j(t):
            out.append(t)
    return out


def test_undecided_falls_back_or_refuses(monkeypatch):
    """A zero that no symmetry forces, with the 6j-eigenvector passes cut to one
    (_sixj_rec.MAX_WORK = 0: Undecided) and the Racah-sum passes too (MAX_WORK = 0): the exact
    path decides it (0.0); with MAX_COST = 0 as well (the zero proof refused) a ValueError
    naming the arguments; never an unproven value."""
    from symphys.angular import _sixj_rec

    t = _nontrivial_zeros(1)[0]
    monkeypatch.setattr(_sixj_rec, "MAX_WORK", 0)
    monkeypatch.setattr(N, "MAX_WORK", 0)
    assert R._large_9j(t) == 0.0
    monkeypatch.setattr(N, "MAX_COST", 0)
    got = ", ".join(str(v) for v in _js(t))
    with pytest.raises(ValueError, match=rf"j1\.\.j9 = {got}: .*could not be decided"):
        R._large_9j(t)
    R._FLOAT_9J.clear()


# --- the 12j symbol through the same fixed-point 6j products ----------------------------------

def _random_12j(rnd: random.Random, lo: int, hi: int, half: bool) -> tuple[int, ...]:
    """Doubled arguments of a random 12j symbol whose eight triads close."""
    from symphys.angular import twelve_j as T

    while True:
        t = tuple(rnd.randint(lo, hi) if half else rnd.randint(lo, hi) & ~1 for _ in range(12))
        if all(R._triad_ok(*(t[i] for i in tr)) for tr in T._TWELVE_TRIADS) \
                and T._x_range(t)[0] <= T._x_range(t)[1]:
            return t


def test_twelve_j_matches_exact_path():
    """30 random 12j symbols, j from 25 to 50 (integer and half-integer), and zeros found by
    the exact path among small ones: the float of the fixed-point products is the exact path's
    correctly rounded float (directly and through wigner_12j(exact=False))."""
    from symphys.angular import twelve_j as T
    from symphys.angular import wigner_12j

    rnd = random.Random(12)
    routed = 0
    for k in range(30):
        t = _random_12j(rnd, 50, 100, k % 2 == 1)
        ref = R._float(T._twelvej_parts(t))
        assert T._large_12j(t) == ref, t
        if T._cost(t) > T.TWELVEJ_FIXED_FROM:
            routed += 1
            assert wigner_12j(*_js(t), exact=False) == ref, t
    assert routed >= 5
    found = 0
    for k in range(1000):
        t = _random_12j(rnd, 2, 12, k % 2 == 1)
        parts = T._twelvej_parts(t)
        lo, hi = T._x_range(t)
        if parts is None or parts[0] != 0 or hi - lo < 4:
            continue
        found += 1
        assert T._large_12j(t) == 0.0, t
    assert found >= 3


def test_twelve_j_refusal_names_arguments():
    """Beyond the 6j-eigenvector limit (twelve equal j = 13441) _large_12j and
    wigner_12j(exact=False) refuse with a ValueError naming a1..c4, at once; the exact path
    keeps its own limit (twelve equal j = 2000 refused naming the largest argument)."""
    from symphys.angular import twelve_j as T
    from symphys.angular import wigner_12j

    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"a1\.\.c4 = 13441, 13441.*MAX_COST"):
        T._large_12j(tuple([26882] * 12))
    with pytest.raises(ValueError, match=r"a1\.\.c4 = 13441, 13441.*MAX_COST"):
        wigner_12j(*[13441] * 12, exact=False)
    with pytest.raises(ValueError, match=r"a1=2000 is too large"):
        wigner_12j(*[2000] * 12)
    assert time.perf_counter() - t0 < 0.5
