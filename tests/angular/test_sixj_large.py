"""Float 6j symbols at large j (fixed-point Racah sum, symphys.angular._sixj_large).

References, all independent of the fixed-point sum: the exact integer Racah sum of the exact
path (correctly rounded from exact integers) where it is affordable (j <= 2000); an mpmath
evaluation of Racah's formula at three times the bits the fixed-point sum used, up to
j = 10**4; the closed form {a b c; 0 c b} = (-1)^(a+b+c)/sqrt((2b+1)(2c+1)) (Edmonds
sec. 6.3); the orthogonality sum over j3 of (2j3+1)(2j6+1) {..}^2 = 1 and the bound it implies,
|6j| <= 1/sqrt((2j_k+1)(2j_{k+3}+1)); and non-trivial zeros built from a Diophantine condition
(two-term sums whose terms cancel), confirmed by the exact integer sum.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import mpmath
import pytest

from symphys.angular import _sixj_large as L
from symphys.angular import recoupling as R
from symphys.angular import wigner_6j
from symphys.angular._exact import nearest_float


def _exact_float(t):
    """The exact path: the integer Racah sum, correctly rounded (cost below MAX_RACAH_COST)."""
    return R._float(R._sixj_parts(t))


def _random_symbol(rnd: random.Random, lo: int, hi: int, half: bool) -> tuple[int, ...]:
    """Doubled arguments of a random 6j symbol whose four triads close, max(2j) in [lo, hi]."""
    while True:
        t1, t2 = rnd.randint(lo, hi), rnd.randint(lo // 2, hi)
        if not half:
            t1, t2 = t1 & ~1, t2 & ~1
        t3 = rnd.randrange(abs(t1 - t2), t1 + t2 + 1, 2)
        t4 = rnd.randint(lo // 2, hi)
        if not half:
            t4 &= ~1
        t5 = rnd.randrange(abs(t4 - t3), t4 + t3 + 1, 2)
        low = max(abs(t1 - t5), abs(t4 - t2))
        high = min(t1 + t5, t4 + t2)
        if (low - t1 - t5) % 2:
            low += 1
        if low > high:
            continue
        t6 = rnd.randrange(low, high + 1, 2)
        t = (t1, t2, t3, t4, t5, t6)
        if lo <= max(t) <= hi and all(R._triad_ok(*tr) for tr in R._triads(t)):
            return t


def _all_symbols(m: int):
    """Every 6j symbol (doubled arguments up to ``m``) whose four triads close."""
    for t1 in range(m + 1):
        for t2 in range(m + 1):
            for t3 in range(abs(t1 - t2), min(t1 + t2, m) + 1, 2):
                for t4 in range(m + 1):
                    for t5 in range(abs(t4 - t3), min(t4 + t3, m) + 1, 2):
                        lo, hi = max(abs(t1 - t5), abs(t4 - t2)), min(t1 + t5, t4 + t2, m)
                        lo += (lo + t1 + t5) % 2
                        yield from ((t1, t2, t3, t4, t5, t6) for t6 in range(lo, hi + 1, 2))


def _symbols(seed: int, n: int, lo: int, hi: int) -> list[tuple[int, ...]]:
    rnd = random.Random(seed)
    return [_random_symbol(rnd, lo, hi, half=k % 2 == 1) for k in range(n)]


def _js(t):
    return [Fraction(v, 2) for v in t]


def test_matches_exact_path_moderate_j():
    """240 symbols with max j in 200..2000 (integer and half-integer): bit for bit the
    correctly rounded exact value, directly and through wigner_6j(exact=False)."""
    syms = _symbols(1, 200, 400, 1200) + _symbols(2, 40, 1200, 4000)
    half = sum(any(v % 2 for v in t) for t in syms)
    assert half >= 100 and len(syms) - half >= 100
    R._FLOAT_6J.clear()
    routed = 0
    for t in syms:
        ref = _exact_float(t)
        assert L.float_6j(t) == ref, t
        assert wigner_6j(*_js(t), exact=False) == ref, t
        routed += R._sixj_cost(t) > R.FIXED_POINT_FROM
    assert routed > 150  # most of them went through the fixed-point path in wigner_6j


def test_more_passes_agree_with_exact_path():
    """Ziv's loop: a first pass with far too few bits (forced) must grow ``P`` and still give
    the correctly rounded value; the exact decision (P about log2 T) agrees as well."""
    syms = _symbols(3, 40, 400, 2000)
    many = 0
    for t in syms:
        ref = _exact_float(t)
        assert L.float_6j(t, first_bits=8) == ref, t
        many += L.PASSES[0] >= 2
        assert L.float_6j(t, first_bits=10**7) == ref, t  # capped at the exact decision
    assert many == len(syms)


def test_cancellation_heavy():
    """Six equal j (the sum cancels some 500 bits at j = 1000) and neighbours, integer and
    half-integer: equal to the exact path."""
    for j2 in (400, 401, 1000, 1001, 2000, 2001):
        for t in [(j2,) * 6, (j2, j2, j2 - j2 % 2, j2 + 1, j2 + 1, j2 - j2 % 2),
                  (j2, j2 + 2, j2 + 4 - 2 * (j2 % 2), j2 + 6, j2, j2 + 2)]:
            if all(R._triad_ok(*tr) for tr in R._triads(t)):
                assert L.float_6j(t) == _exact_float(t), t


def _two_term_zeros(jmin2: int, count: int) -> list[tuple[int, ...]]:
    """Symbols whose Racah sum has two terms that cancel: with s = max(a) = a_1 and
    min(b) = b_1 = s + 1, the ratio (s+2)(b_2-s)(b_3-s) / ((s+1-a_2)(s+1-a_3)(s+1-a_4)) is 1."""
    out = []
    for x in range(1, 30):
        for y in range(x, 30):
            for p in range(1, 30):
                for q in range(p, 30):
                    d = p * q - x * y
                    if d <= 0 or ((x + y + p + q) * x * y) % d:
                        continue
                    r = (x + y + p + q) * x * y // d
                    s = x + y + p + q + r - 2  # sum(a) = sum(b)
                    a1, a2, a3, a4 = s, s + 1 - p, s + 1 - q, s + 1 - r
                    b1, b2, b3 = s + 1, s + x, s + y
                    t = (a1 + a2 - b2, a1 + a3 - b3, a1 + a4 - b1, a3 + a4 - b2, a2 + a4 - b3,
                         a2 + a3 - b1)
                    if min(t) >= 0 and max(t) >= jmin2 and \
                            all(R._triad_ok(*tr) for tr in R._triads(t)):
                        out.append(t)
    out.sort()
    return out[:: max(len(out) // count, 1)][:count]


def test_non_trivial_zeros():
    """Non-trivial zeros (every triad closes, the sum vanishes) at j >= 200, confirmed by the
    exact integer sum, give exactly 0.0 (decided exactly: S is an integer below 1)."""
    zeros = _two_term_zeros(400, 30)
    assert len(zeros) >= 20
    for t in zeros:
        assert R._sixj_parts(t)[0] == 0, t  # the exact sum vanishes
        v = L.float_6j(t)
        assert v == 0.0 and math.copysign(1, v) == 1, t
        assert wigner_6j(*_js(t), exact=False) == 0.0
    # every non-trivial zero with j <= 6 (382, of which 24 have three-term sums)
    small = [t for t in _all_symbols(12) if R._sixj_parts(t)[0] == 0]
    assert len(small) == 382
    assert sum(min(L._sums(t)[1]) - max(L._sums(t)[0]) >= 2 for t in small) == 24
    for t in small:
        assert L.float_6j(t) == 0.0, t


def _mp_6j(t, prec):
    """Racah's formula in mpmath at ``prec`` bits: the first term from mpmath factorials,
    the others by the term ratio, the four Delta factors as square roots."""
    a = [(t[0] + t[1] + t[2]) // 2, (t[0] + t[4] + t[5]) // 2, (t[3] + t[1] + t[5]) // 2,
         (t[3] + t[4] + t[2]) // 2]
    b = [(t[0] + t[1] + t[3] + t[4]) // 2, (t[1] + t[2] + t[4] + t[5]) // 2,
         (t[2] + t[0] + t[5] + t[3]) // 2]
    mp = mpmath.mp
    with mp.workprec(prec):
        f = mp.factorial

        def delta(x, y, z):
            return mp.sqrt(f((x + y - z) // 2) * f((x - y + z) // 2) * f((-x + y + z) // 2)
                           / f((x + y + z) // 2 + 1))

        D = (delta(t[0], t[1], t[2]) * delta(t[0], t[4], t[5]) * delta(t[3], t[1], t[5])
             * delta(t[3], t[4], t[2]))
        smin, smax = max(a), min(b)
        term = f(smin + 1) / (mp.fprod(f(smin - x) for x in a) * mp.fprod(f(y - smin) for y in b))
        total = mp.mpf(0)
        for s in range(smin, smax + 1):
            total += -term if s % 2 else term
            term = term * ((s + 2) * (b[0] - s) * (b[1] - s) * (b[2] - s)) \
                / ((s + 1 - a[0]) * (s + 1 - a[1]) * (s + 1 - a[2]) * (s + 1 - a[3]))
        return total * D


def _check_mpmath(t):
    v = L.float_6j(t)
    ref = _mp_6j(t, 3 * L.LAST_BITS[0] + 128)
    assert v == nearest_float(ref), t
    return v


def test_against_mpmath_j_1e4_few_terms():
    """j = 10**4 with a small j4 (few terms, large factorials): mpmath at 3x the bits."""
    for t in [(20000, 20000, 20000, 20, 20000, 20000), (19999, 20000, 19999, 40, 20001, 19998),
              (20000, 19000, 18980, 60, 18960, 19010)]:
        assert all(R._triad_ok(*tr) for tr in R._triads(t))
        v = _check_mpmath(t)
        assert v == wigner_6j(*_js(t), exact=False)


@pytest.mark.slow
def test_against_mpmath_j_1e4():
    """All six j near 10**4, integer and half-integer, and mixed sizes: mpmath at 3x the bits
    the fixed-point sum used (several seconds: mpmath's large factorials)."""
    rnd = random.Random(5)
    syms = [(20000,) * 6, (19999, 19999, 20000, 19999, 19999, 20000),
            (10000, 14000, 18000, 16000, 12000, 14000)]
    syms += [_random_symbol(rnd, 19000, 20000, half=k == 1) for k in range(2)]
    for t in syms:
        _check_mpmath(t)


def test_closed_form_zero_column_j_1e4():
    """{a b c; 0 c b} = (-1)^(a+b+c) / sqrt((2b+1)(2c+1)) at j near 10**4 (half-integers
    too), by the fixed-point method directly and through wigner_6j."""
    for a, b, c in [(20000, 20000, 20000), (19999, 20000, 19999), (2, 19999, 20001),
                    (20000, 10000, 19000), (15001, 19999, 20000)]:
        t = (a, b, c, 0, c, b)
        assert all(R._triad_ok(*tr) for tr in R._triads(t))
        with mpmath.workdps(40):
            want = nearest_float((-1) ** ((a + b + c) // 2)
                                 / mpmath.sqrt(mpmath.mpf((b + 1) * (c + 1))))
        assert L.float_6j(t) == want, t
        assert wigner_6j(*_js(t), exact=False) == want


def test_orthogonality_and_bound():
    """sum_j3 (2j3+1)(2j6+1) {j1 j2 j3; j4 j5 j6}^2 = 1 (orthogonality, Edmonds sec. 6.2) at
    j near 300, by the fixed-point method; every value obeys
    |6j| <= 1/sqrt((2j_k+1)(2j_{k+3}+1))."""
    t1, t2, t4, t5, t6 = 600, 560, 580, 620, 300
    total = math.fsum(
        (t3 + 1) * (t6 + 1) * L.float_6j((t1, t2, t3, t4, t5, t6)) ** 2
        for t3 in range(max(abs(t1 - t2), abs(t4 - t5)), min(t1 + t2, t4 + t5) + 1, 2))
    assert abs(total - 1) < 1e-12
    rnd = random.Random(6)
    for t in [_random_symbol(rnd, 10000, 20000, half=k % 2 == 1) for k in range(6)]:
        v = L.float_6j(t)
        for k in range(3):
            assert abs(v) <= 1 / math.sqrt((t[k] + 1) * (t[k + 3] + 1)), t


def test_limits():
    """Every j <= 10**4 is accepted (float); beyond the closed-form cost MAX_COST refused at
    once; the exact path keeps its own limit (MAX_RACAH_COST)."""
    assert L.cost((20000,) * 6) == L.MAX_COST  # the worst case with every j <= 10**4
    with pytest.raises(ValueError, match="MAX_COST"):
        wigner_6j(10001, 10001, 10001, 10001, 10001, 10001, exact=False)
    with pytest.raises(ValueError, match="MAX_RACAH_COST"):
        wigner_6j(10000, 10000, 10000, 10000, 10000, 10000)
    assert wigner_6j(10000, 10000, 5000, 10000, 10000, 20001, exact=False) == 0.0  # triangle


def test_racah_w_and_array_calls_take_the_fixed_point_path():
    """``racah_w(exact=False)`` = (-1)^(a+b+c+d) {a b e; d c f} (Edmonds 6.2.13) at j = 10^4, where
    the exact path is refused, and equals the exact value rounded at j ~ 150; array calls give
    the scalar floats."""
    import numpy as np

    from symphys.angular import racah_w, wigner_6j

    a, b, c, d, e, f = 9000, 8000, 7000, 9500, 6000, 8500
    w = racah_w(a, b, c, d, e, f, exact=False)
    six = wigner_6j(a, b, e, d, c, f, exact=False)
    assert w == ((-1) ** (a + b + c + d)) * six and six != 0.0
    with pytest.raises(ValueError):
        racah_w(a, b, c, d, e, f)  # the exact path stays refused at this size
    args = (151, 140, 133, 147, 150, 138)
    assert racah_w(*args, exact=False) == float(racah_w(*args))
    js = np.array([[10000, 10000, 10000, 10000, 10000, 10000],
                   [9000, 8000, 6000, 9500, 7000, 8500]])
    out = wigner_6j(*js.T, exact=False)
    assert out.tolist() == [wigner_6j(*map(int, r), exact=False) for r in js]
