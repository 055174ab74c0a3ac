"""Float 9j and 12j symbols from 6j eigenvectors (symphys.angular._sixj_rec).

References, each independent of the recurrence, the eigenvector bound and its fixed point:
sympy's 6j symbols and our exact Racah sums (exact rationals times square roots) for the
vectors; the exact path (rational sum over x of exact integer Racah sums, rounded once) for
the 9j and 12j floats where it is affordable; the Racah-sum fixed-point products of
symphys.angular._ninej_large (a different algorithm: interval sums of Racah terms) at j 100-300;
mpmath evaluating Racah's explicit formula (Edmonds eq. 6.3.7) term by term in binary floating
point at thousands of bits, checked stable against a second precision, summed over x by
Edmonds eq. 6.4.3, at j from 2000 to 10**4 (shares only the textbook definitions with the
method under test); zeros forced by the 9j symbol's odd symmetries (Edmonds sec. 6.4), checked
against the exact path.
"""

from __future__ import annotations

import math
import random
import time
from fractions import Fraction

import mpmath
import pytest
import sympy
from sympy.physics.wigner import wigner_6j as sympy_6j

from symphys.angular import _ninej_large as N
from symphys.angular import _sixj_large as L
from symphys.angular import _sixj_rec as S
from symphys.angular import recoupling as R
from symphys.angular import twelve_j as T
from symphys.angular import wigner_6j, wigner_9j, wigner_12j

from .test_ninej_large import _exact_float, _nontrivial_zeros, _random_12j, _random_symbol


def _js(t):
    return [Fraction(v, 2) for v in t]


def _spec12(t):
    return N.twelve(t, T._sixes, [tuple(t[i] for i in tr) for tr in T._TWELVE_TRIADS])


def _random_form(rnd: random.Random, top: int, half: bool):
    """Doubled ``(j2, j3, l1, l2, l3)`` of a 6j symbol ``{x j2 j3; l1 l2 l3}`` with a non-empty
    x range (the triads holding l1 close)."""
    while True:
        j2, j3, l2, l3, l1 = (rnd.randint(0, top) if half else 2 * rnd.randint(0, top // 2)
                              for _ in range(5))
        lo, hi = S._x_range(j2, j3, l2, l3)
        if lo <= hi and (lo + j2 + j3) % 2 == 0 and (lo + l2 + l3) % 2 == 0 \
                and R._triad_ok(l1, j2, l3) and R._triad_ok(l1, l2, j3):
            return j2, j3, l1, l2, l3


def _check_vector(form, exact6, F=100):
    """The vector's bound holds against exact 6j symbols (every entry and in the 2-norm), the
    bound is small, and the 6j floats read off the vector are the exact ones, rounded."""
    j2, j3, l1, l2, l3 = form
    X0, u, eps, nu, _ = S.vector(*form, F)
    assert eps is not None and eps < 2**40, form
    with mpmath.workprec(F + 200):
        slack = mpmath.mpf(2) ** -150  # the reference's own rounding (F + 200 bits)
        err2 = mpmath.mpf(0)
        for k, v in enumerate(u):
            X = X0 + 2 * k
            six = exact6(X, j2, j3, l1, l2, l3)
            y = mpmath.sqrt((X + 1) * (l1 + 1)) * mpmath.mpf(sympy.N(six, 120))
            d = mpmath.mpf(v) / 2**F - y
            err2 += d * d
            assert abs(d) <= (mpmath.mpf(eps) + slack) / 2**F, (form, X)
            got = float(mpmath.mpf(v) / 2**F / mpmath.sqrt((X + 1) * (l1 + 1)))
            assert got == float(sympy.N(six, 40)), (form, X)
        assert mpmath.sqrt(err2) <= (mpmath.mpf(eps) + len(u) * slack) / 2**F
    return len(u)


def _sympy6(*t):
    return sympy_6j(*(sympy.Rational(v, 2) for v in t))


def _ours6(*t):
    return wigner_6j(*_js(t))


def test_standard_form_is_the_same_symbol():
    """standard() rewrites a 6j symbol with x at any of its six places as {x j2 j3; l1 l2 l3}
    (column permutations, upper/lower swaps in two columns): the same exact value."""
    rnd = random.Random(1)
    n = 0
    while n < 60:
        t = [rnd.randint(0, 10) for _ in range(6)]
        if not all(R._triad_ok(*(t[i] for i in tr)) for tr in R._SIX_TRIADS):
            continue
        pos = rnd.randrange(6)
        value = _sympy6(*t)
        j2, j3, l1, l2, l3 = S.standard(tuple(t), pos)
        assert _sympy6(t[pos], j2, j3, l1, l2, l3) == value, (t, pos)
        n += value != 0
    # the forms the 9j and 12j sums use: x at the places their 6j symbols hold it
    for six in N._sixes(tuple(range(10, 19)), -1) + T._sixes(tuple(range(10, 22)), -1):
        assert S.standard(six, six.index(-1)) is not None


def test_vectors_against_exact_6j():
    """Schulten-Gordon vectors at F = 100 bits against sympy's 6j symbols (j <= 8) and our
    exact Racah sums (j <= 40), integer and half-integer, x ranges starting at 0 included:
    the rigorous bound holds entry by entry and in the 2-norm, it is below 2**-60, and every
    6j float read off a vector is the exact value correctly rounded (bit for bit)."""
    rnd = random.Random(2)
    entries = 0
    for k in range(25):
        entries += _check_vector(_random_form(rnd, 16, k % 2 == 1), _sympy6)
    for k in range(12):
        entries += _check_vector(_random_form(rnd, 80, k % 2 == 1), _ours6)
    # x from 0 (j2 = j3, l2 = l3: the diagonal's 0/0 term is 0) and a single-entry vector
    for form in ((8, 8, 6, 10, 10), (12, 12, 20, 16, 16), (5, 5, 4, 7, 7), (0, 6, 2, 8, 2)):
        j2, j3, l1, l2, l3 = form
        assert R._triad_ok(l1, j2, l3) and R._triad_ok(l1, l2, j3)
        entries += _check_vector(form, _sympy6)
    assert entries > 300


def test_cut_vectors_keep_a_rigorous_bound():
    """A vector computed only where a previous pass found its entries above 2**-(F+64)
    (here F = 0: entries below 2**-64 dropped) still satisfies its bound against
    exact 6j symbols: the residual's rows beside the cut account for it (eps grows to cover
    the dropped entries; nothing is assumed about them)."""
    form = (60, 68, 108, 40, 90)  # a forbidden tail down to 2**-73
    j2, j3, l1, l2, l3 = form
    assert R._triad_ok(l1, j2, l3) and R._triad_ok(l1, l2, j3)
    X0, full, _, _, logs = S.vector(*form, 100)
    keep = S._window(logs, 0)
    assert keep is not None and keep != (0, len(full) - 1)
    X0, u, eps, nu, _ = S.vector(*form, 100, keep)
    assert eps is not None
    assert all(v == 0 for k, v in enumerate(u) if not keep[0] <= k <= keep[1])
    with mpmath.workprec(300):
        err2 = mpmath.mpf(0)
        dropped = mpmath.mpf(0)
        for k, v in enumerate(u):
            X = X0 + 2 * k
            y = mpmath.sqrt((X + 1) * (l1 + 1)) * mpmath.mpf(
                sympy.N(_ours6(X, j2, j3, l1, l2, l3), 100))
            err2 += (mpmath.mpf(v) / 2**100 - y) ** 2
            if not keep[0] <= k <= keep[1]:
                dropped = max(dropped, abs(y))
        assert mpmath.sqrt(err2) <= mpmath.mpf(eps) / 2**100
        assert 0 < dropped < mpmath.mpf(2) ** -60


def test_vectors_at_j_10000_against_fixed_point_racah_sums():
    """Six j near 10**4 (a vector of 10**4 entries): entries spread over the x range read off
    as 6j floats equal the correctly rounded fixed-point Racah sums of _sixj_large (an
    independent rigorous method)."""
    for form in ((20000, 20000, 20000, 20000, 20000), (19001, 15001, 17001, 16000, 18000)):
        j2, j3, l1, l2, l3 = form
        assert R._triad_ok(l1, j2, l3) and R._triad_ok(l1, l2, j3)
        assert (j2 + j3 + l2 + l3) % 2 == 0  # x triads of one parity
        X0, u, eps, nu, _ = S.vector(*form, 160)
        assert eps is not None and eps < 2**60
        n = len(u)
        for k in (0, n // 7, n // 3, n // 2, (3 * n) // 4, n - 1):
            X = X0 + 2 * k
            ref = L.float_6j((X, j2, j3, l1, l2, l3))
            with mpmath.workprec(300):
                got = float(mpmath.mpf(u[k]) / 2**160 / mpmath.sqrt((X + 1) * (l1 + 1)))
            if abs(ref) > 1e-300:
                assert got == ref, (form, X)
            else:  # deep in a forbidden region: the vector's absolute error dominates
                assert abs(got) < 2.0**-100


def test_float_9j_matches_exact_path():
    """320 random 9j symbols, j from 3 to 45, integer and half-integer (symmetry zeros and
    other zeros among them): the 6j-eigenvector float is the exact path's correctly rounded
    float, directly and through wigner_9j with the crossover lowered to 0."""
    rnd = random.Random(18)
    syms = [_random_symbol(rnd, 6, 40, k % 2 == 1) for k in range(200)]
    syms += [_random_symbol(rnd, 40, 90, k % 2 == 1) for k in range(120)]
    assert sum(any(v % 2 for v in t) for t in syms) >= 120
    for t in syms:
        assert S.float_sum(N.nine(t)) == _exact_float(t), t
    old = R.NINEJ_FIXED_FROM
    R.NINEJ_FIXED_FROM = 0
    try:
        R._FLOAT_9J.clear()
        for t in syms[::8] + _nontrivial_zeros(3):
            assert wigner_9j(*_js(t), exact=False) == _exact_float(t), t
    finally:
        R.NINEJ_FIXED_FROM = old
        R._FLOAT_9J.clear()


def test_float_12j_matches_exact_path():
    """120 random 12j symbols, j from 2 to 30: the 6j-eigenvector float is the exact path's
    correctly rounded float (directly and through wigner_12j with the crossover lowered)."""
    rnd = random.Random(12)
    syms = [_random_12j(rnd, 4, 60, k % 2 == 1) for k in range(120)]
    for t in syms:
        assert S.float_sum(_spec12(t)) == R._float(T._twelvej_parts(t)), t
    old = T.TWELVEJ_FIXED_FROM
    T.TWELVEJ_FIXED_FROM = 0
    try:
        T._FLOAT_12J.clear()
        for t in syms[::6]:
            assert wigner_12j(*_js(t), exact=False) == R._float(T._twelvej_parts(t)), t
    finally:
        T.TWELVEJ_FIXED_FROM = old
        T._FLOAT_12J.clear()


def test_against_racah_sum_products_at_j_100_to_300():
    """Random 9j symbols with j from 100 to 300 and 12j symbols near j = 100: the same floats
    as the Racah-sum fixed-point products of _ninej_large (a different rigorous method)."""
    rnd = random.Random(30)
    for k in range(12):
        t = _random_symbol(rnd, 200, 600, k % 2 == 1)
        assert S.float_sum(N.nine(t)) == N.float_9j(t), t
    for k in range(4):
        t = _random_12j(rnd, 160, 240, k % 2 == 1)
        assert S.float_sum(_spec12(t)) == N.float_sum(_spec12(t)), t


def test_ziv_loop_second_pass():
    """A first pass at too few bits cannot decide (or fix the vectors' signs): the loop
    raises the precision and returns the exact path's float."""
    rnd = random.Random(3)
    for k in range(10):
        t = _random_symbol(rnd, 20, 60, k % 2 == 1)
        assert S.float_sum(N.nine(t), first=24) == _exact_float(t), t
        assert S.PASSES[0] > 1
    t = _random_12j(rnd, 20, 40, False)
    assert S.float_sum(_spec12(t), first=24) == R._float(T._twelvej_parts(t))
    assert S.PASSES[0] > 1


def test_symmetry_zeros():
    """symmetry_zero_9j flags a symbol only when the exact path finds 0 (over 2000 random small
    symbols and constructed ones); two equal rows or columns with an odd sum of all j give 0.0
    at j = 5000 and 10**4 at once."""
    rnd = random.Random(6)
    flagged = 0
    for k in range(2000):
        t = _random_symbol(rnd, 2, 10, k % 2 == 1)
        if S.symmetry_zero_9j(t):
            flagged += 1
            assert R._ninej_parts(t)[0] == 0, t
    # two equal rows, two equal columns, half-integers; and one even sum (not a zero)
    for t in ((10, 12, 14, 10, 12, 14, 6, 8, 12), (10, 10, 4, 12, 12, 6, 14, 14, 8),
              (3, 5, 4, 3, 5, 4, 6, 6, 6)):
        assert all(R._triad_ok(*(t[i] for i in tr)) for tr in R._NINE_TRIADS)
        assert S.symmetry_zero_9j(t) and R._ninej_parts(t)[0] == 0, t
        flagged += 1
    assert not S.symmetry_zero_9j((10, 12, 14, 10, 12, 14, 6, 8, 10))
    assert flagged >= 10
    t0 = time.perf_counter()
    assert wigner_9j(5000, 6000, 7001, 5000, 6000, 7001, 4000, 3000, 5001, exact=False) == 0.0
    assert wigner_9j(*[10**4 + 1] * 9, exact=False) == 0.0
    assert time.perf_counter() - t0 < 0.5


def test_zeros_decided_without_exact_arithmetic():
    """Zeros that no symmetry forces: the bound is narrowed below 2**-1075 (more than one
    pass) and the float is 0.0 with no fallback; with the narrowing refused (MAX_WORK = 0)
    float_sum raises Undecided instead of guessing."""
    for t in _nontrivial_zeros(4):
        assert S.float_sum(N.nine(t)) == 0.0, t
        assert S.PASSES[0] > 1
    t = _nontrivial_zeros(1)[0]
    old = S.MAX_WORK
    S.MAX_WORK = 0
    try:
        with pytest.raises(S.Undecided):
            S.float_sum(N.nine(t))
    finally:
        S.MAX_WORK = old


@pytest.mark.timeout(10)
def test_refusals_immediate():
    """Past MAX_COST (nine equal j = 17361, twelve equal j = 13441) a ValueError naming the
    arguments and the limit, before any work; the limits are the closed-form costs."""
    assert S.cost(N.nine((34720,) * 9)) <= S.MAX_COST < S.cost(N.nine((34724,) * 9))
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"j1\.\.j9 = 17362, .*_sixj_rec\.MAX_COST"):
        wigner_9j(*[17362] * 9, exact=False)
    with pytest.raises(ValueError, match=r"a1\.\.c4 = 13441, .*_sixj_rec\.MAX_COST"):
        wigner_12j(*[13441] * 12, exact=False)
    assert time.perf_counter() - t0 < 0.5


def test_symmetries_at_j_10000():
    """A 9j symbol with j near 10**4 and 12501 values of x, its transpose and two row
    permutations: the sums run over different 6j vectors and x ranges, yet give the same float
    (times (-1)^(sum of j) for the odd permutation)."""
    t = (19000, 16000, 14000, 17000, 20000, 13000, 12000, 18000, 15000)
    assert all(R._triad_ok(*(t[i] for i in tr)) for tr in R._NINE_TRIADS)
    v = wigner_9j(*_js(t), exact=False)
    assert v != 0.0
    rows = [t[0:3], t[3:6], t[6:9]]
    transposed = tuple(rows[r][c] for c in range(3) for r in range(3))
    cyclic = rows[1] + rows[2] + rows[0]
    swapped = rows[1] + rows[0] + rows[2]
    sign = -1 if sum(t) // 2 % 2 else 1
    assert wigner_9j(*_js(transposed), exact=False) == v
    assert wigner_9j(*_js(cyclic), exact=False) == v
    assert wigner_9j(*_js(swapped), exact=False) == sign * v


def test_orthogonality():
    """sum_{j7 j8} [j3][j6][j7][j8] 9j(j3 j6) 9j(j3' j6') = delta (Edmonds eq. 6.4.6) with
    every 9j from the eigenvector path, j up to 6."""
    j1, j2, j4, j5, j9 = 4, 6, 10, 8, 6  # doubled

    def ninej(j3, j6, j7, j8):
        t = (j1, j2, j3, j4, j5, j6, j7, j8, j9)
        if not all(R._triad_ok(*(t[i] for i in tr)) for tr in R._NINE_TRIADS):
            return 0.0
        return S.float_sum(N.nine(t))

    pairs = [(j3, j6) for j3 in range(abs(j1 - j2), j1 + j2 + 1, 2)
             for j6 in range(abs(j4 - j5), j4 + j5 + 1, 2) if R._triad_ok(j3, j6, j9)]
    sums = {}
    for a in pairs[:4]:
        for b in pairs[:4]:
            s = 0.0
            for j7 in range(abs(j1 - j4), j1 + j4 + 1, 2):
                for j8 in range(abs(j2 - j5), j2 + j5 + 1, 2):
                    s += (a[0] + 1) * (a[1] + 1) * (j7 + 1) * (j8 + 1) \
                        * ninej(*a, j7, j8) * ninej(*b, j7, j8)
            sums[a, b] = s
            assert s == pytest.approx(1.0 if a == b else 0.0, abs=1e-13)
    assert len(sums) == 16


# --- against mpmath's Racah sums at j from 2000 to 10**4 --------------------------------------

def _mp_sixj(t):
    """Racah's formula (Edmonds eq. 6.3.7) in mpmath at the working precision: the first term
    from factorials, the others by the exact ratio of consecutive terms."""
    j1, j2, j3, j4, j5, j6 = t
    a = [(j1 + j2 + j3) // 2, (j1 + j5 + j6) // 2, (j4 + j2 + j6) // 2, (j4 + j5 + j3) // 2]
    b = [(j1 + j2 + j4 + j5) // 2, (j2 + j3 + j5 + j6) // 2, (j3 + j1 + j6 + j4) // 2]
    lo, hi = max(a), min(b)
    f = mpmath.factorial
    term = f(lo + 1)
    for v in a:
        term /= f(lo - v)
    for v in b:
        term /= f(v - lo)
    if lo % 2:
        term = -term
    total = term
    for k in range(lo, hi):
        term = term * (-(k + 2) * (b[0] - k) * (b[1] - k) * (b[2] - k))
        term = term / ((k + 1 - a[0]) * (k + 1 - a[1]) * (k + 1 - a[2]) * (k + 1 - a[3]))
        total += term
    d = mpmath.mpf(1)
    for x, y, z in ((j1, j2, j3), (j1, j5, j6), (j4, j2, j6), (j4, j5, j3)):
        d *= f((x + y - z) // 2) * f((x - y + z) // 2) * f((-x + y + z) // 2) \
            / f((x + y + z) // 2 + 1)
    return total * mpmath.sqrt(d)


def _mp_ninej(t, bits):
    """Edmonds eq. 6.4.3 summed in mpmath at ``bits`` bits."""
    with mpmath.workprec(bits):
        lo, hi = N.x_range(t)
        total = mpmath.mpf(0)
        for x in range(lo, hi + 1, 2):
            s1, s2, s3 = N._sixes(t, x)
            term = (x + 1) * _mp_sixj(s1) * _mp_sixj(s2) * _mp_sixj(s3)
            total += -term if x % 2 else term
        return +total


def _short_symbol(rnd: random.Random, lo: int, hi: int, width: int) -> tuple[int, ...]:
    """Doubled arguments of a random 9j symbol with every j in [lo, hi] (undoubled) and at
    most width + 1 values of x (j1 + j9 about |j4 - j8|): few, long, 6j Racah sums."""
    while True:
        j1, j9 = rnd.randint(lo, hi // 2 - 10), rnd.randint(lo, hi // 2 - 10)
        s = j1 + j9
        j8 = rnd.randint(lo, hi - s)
        j4 = j8 + s - rnd.randint(0, width)
        if not lo <= j4 <= hi:
            continue
        xlo = j4 - j8
        j2 = rnd.randint(max(lo, (s + 1) // 2), hi)
        j6 = rnd.randint(max(lo, j2 - xlo, s - j2), min(hi, j2 + xlo))

        def pick(p, q, r, w):
            a, b = max(abs(p - q), abs(r - w), lo), min(p + q, r + w, hi)
            return None if a > b else rnd.randint(a, b)
        j3, j7, j5 = pick(j1, j2, j6, j9), pick(j1, j4, j8, j9), pick(j4, j6, j2, j8)
        if None in (j3, j7, j5):
            continue
        t = tuple(2 * v for v in (j1, j2, j3, j4, j5, j6, j7, j8, j9))
        if all(R._triad_ok(*(t[i] for i in tr)) for tr in R._NINE_TRIADS) \
                and N.x_range(t)[0] <= N.x_range(t)[1]:
            return t


def _stretched_large():
    """j up to 10**4 with a short x range and a normal-range value: j9 = 2."""
    return (20000, 18000, 14000, 16000, 19000, 14002, 12000, 11998, 4)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [4, 5, 6])
def test_against_mpmath_j_2000_to_10000(seed):
    """Random symbols with every j in 2000..10**4 and at most 7 values of x (values in the
    normal range and values that underflow, such as -7.7e-1133): the float is mpmath's value
    at 3000 bits rounded to nearest (stable against 3600 bits)."""
    rnd = random.Random(seed)
    for _ in range(2):
        t = _short_symbol(rnd, 2000, 10000, 6)
        ref = _mp_ninej(t, 3000)
        ref2 = _mp_ninej(t, 3600)
        assert abs(ref - ref2) <= abs(ref) * mpmath.mpf(2) ** -200
        assert S.float_sum(N.nine(t)) == float(ref), t


@pytest.mark.slow
def test_against_mpmath_at_j_10000():
    """j up to 10**4 (j9 = 2: five values of x, each 6j a Racah sum of thousands of cancelling
    terms): mpmath's value at 4000 bits (stable against 4600) rounded to nearest."""
    t = _stretched_large()
    ref = _mp_ninej(t, 4000)
    assert abs(ref - _mp_ninej(t, 4600)) <= abs(ref) * mpmath.mpf(2) ** -200
    got = wigner_9j(*_js(t), exact=False)
    assert got == float(ref) != 0.0


def test_speed_bounds_are_closed_form():
    """cost() is the vectors' total length times the first pass's bits (nine equal j = 10**4:
    3 * 20001 entries at 96 + 6 * 15 bits), and the first pass's bits grow with log2 j."""
    spec = N.nine((20000,) * 9)
    assert S.cost(spec) == 3 * 20001 * (96 + 6 * 15)
    assert S.first_bits(spec) == 96 + 6 * math.ceil(math.log2(20001))


@pytest.mark.timeout(20)
def test_array_calls_charge_the_eigenvector_cost():
    """Float 9j array calls past the crossover are charged REC_COST_RATIO times the
    6j-eigenvector cost (closed form): j = 1000 and 2000 in one call give the scalar floats;
    three symbols at j = 10**4 exceed MAX_VECTOR_COST and are refused at once."""
    import numpy as np

    js = np.array([1000, 2000, 1500])
    got = wigner_9j(js, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, exact=False)
    R._FLOAT_9J.clear()
    for j, v in zip(js.tolist(), got.tolist(), strict=True):
        assert v == wigner_9j(j, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, exact=False)
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="MAX_VECTOR_COST"):
        wigner_9j(np.array([10**4] * 3), *[10**4] * 8, exact=False)
    assert time.perf_counter() - t0 < 0.5


@pytest.mark.parametrize("big", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_twelve_j_zero_decided(big):
    """A 12j symbol with b41 = 0 is a 9j symbol over sqrt((2a1+1)(2a4+1)) (the reduction
    tests/angular/test_twelve_j.py checks); with two equal 9j rows and an odd sum it is 0. No
    symmetry of the 12j itself shows it: the bound is narrowed below 2**-1075 (a second pass)
    and the float is 0.0, as the exact path finds (j near 80; and near 10**4 as a slow case,
    about 1.2 s)."""
    A, B, C, D, E, F = (9999,) * 6 if big else (60, 70, 81, 40, 30, 51)
    assert (2 * (A + B + C) + D + E + F) % 2 == 1
    args = (A, B, B, C, C, E, A, 0, C, F, D, A)
    t = tuple(2 * v for v in args)
    assert S.float_sum(_spec12(t)) == 0.0
    assert S.PASSES[0] == 2
    if not big:
        assert R._float(T._twelvej_parts(t)) == 0.0
