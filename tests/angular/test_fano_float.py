"""Float Fano X coefficients (``fano_x(..., exact=False)``) through the fast 9j machinery.

``fano_x = sqrt((2j12+1)(2j34+1)(2j13+1)(2j24+1)) * 9j``; the float takes the 9j symbol's
6j-eigenvector products (symphys.angular._sixj_rec) past ``NINEJ_FIXED_FROM`` and the Racah-sum
products (symphys.angular._ninej_large) for the values left near 0, the factor folded into the
rigorous rounding of both.

References, independent of both float methods and of our rounding code: the exact square
``X**2 = F * S**2 * prod num! / prod den!`` (``S``, ``num``, ``den`` from the exact 9j path,
itself checked against sympy here; ``F`` the integer factor applied by the test), with the
rounding decided by comparing that rational with the squares of the float's two neighbouring
midpoints (Fractions); the unitarity of the recoupling (Edmonds eq. 6.4.6); Fano's X of a
fully stretched coupling, 1 (one state of largest M, Condon-Shortley phases); the reduction
of a 9j symbol with a zero (Edmonds eq. 6.4.14) to a 6j symbol with a single-term Racah sum,
in mpmath; and Edmonds eq. 6.4.3 summed in mpmath at thousands of bits at j = 10**4.
"""

from __future__ import annotations

import math
import random
import time
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from sympy.physics.wigner import wigner_9j as sympy_9j

from symphys.angular import _ninej_large as N
from symphys.angular import _sixj_rec as S
from symphys.angular import fano_x
from symphys.angular import recoupling as R

from .test_ninej_large import _nontrivial_zeros, _random_symbol
from .test_ninej_rec import _mp_ninej, _mp_sixj, _stretched_large


def _js(t):
    return [Fraction(v, 2) for v in t]


def _factor(t) -> int:
    """``(2j12+1)(2j34+1)(2j13+1)(2j24+1)`` of doubled arguments (9j order)."""
    return (t[2] + 1) * (t[5] + 1) * (t[6] + 1) * (t[7] + 1)


def _exact_square(t) -> tuple[int, Fraction]:
    """``(sign, X**2)`` of Fano's X, exactly, from the exact 9j path's parts."""
    parts = R._ninej_parts(t)
    if parts is None or parts[0] == 0:
        return 0, Fraction(0)
    total, num, den = parts
    n, d = 1, 1
    for k in num:
        n *= math.factorial(k)
    for k in den:
        d *= math.factorial(k)
    return (1 if total > 0 else -1), total * total * Fraction(n, d) * _factor(t)


def _is_correctly_rounded(f: float, sign: int, sq: Fraction) -> bool:
    """``f`` is the float nearest ``sign * sqrt(sq)`` (round half to even), decided on the
    squares of the midpoints to ``f``'s neighbours."""
    if sq == 0:
        return f == 0.0
    a = abs(f)
    half_tiny = Fraction(1, 2**1075)  # half the smallest subnormal
    if a == 0.0:
        return sq <= half_tiny**2  # a tie rounds to the even 0
    if (f > 0) != (sign > 0):
        return False
    A = Fraction(a)
    lo = (A + Fraction(math.nextafter(a, 0.0))) / 2
    hi = (A + Fraction(math.nextafter(a, math.inf))) / 2
    even = int(math.frexp(a)[0] * 2**53) % 2 == 0 if a >= 2.0**-1022 \
        else int(A * 2**1074) % 2 == 0
    if lo * lo < sq < hi * hi:
        return True
    return (sq == lo * lo or sq == hi * hi) and even


def test_reference_against_sympy():
    """The test's exact square (9j parts times the factor) is sympy's Fano X squared, with its
    sign, on small symbols (integer and half-integer)."""
    rnd = random.Random(5)
    for k in range(25):
        t = _random_symbol(rnd, 2, 6, k % 2 == 1)
        ref = sympy.sqrt(_factor(t)) * sympy_9j(*(sympy.Rational(v, 2) for v in t))
        sign, sq = _exact_square(t)
        assert sympy.Rational(sq.numerator, sq.denominator) == sympy.nsimplify(ref**2), t
        assert sign == (0 if ref == 0 else (1 if ref > 0 else -1)), t


def _symbols() -> list[tuple[int, ...]]:
    rnd = random.Random(57)
    syms = [_random_symbol(rnd, 6, 40, k % 2 == 1) for k in range(200)]
    syms += [_random_symbol(rnd, 40, 90, k % 2 == 1) for k in range(100)]
    return syms


def test_matches_correct_rounding_on_random_symbols(monkeypatch):
    """300 random symbols, j from 3 to 45, integer and half-integer, plus zeros that no
    symmetry forces and symmetry zeros: with the crossover lowered to 0 every one takes the
    fast path (counted), and ``fano_x(exact=False)`` is the correctly rounded X."""
    syms = _symbols() + _nontrivial_zeros(4)
    syms += [(10, 12, 14, 10, 12, 14, 6, 8, 12), (3, 5, 4, 3, 5, 4, 6, 6, 6)]  # odd symmetry
    assert sum(any(v % 2 for v in t) for t in syms) >= 140
    calls = [0]
    fast = S.float_sum

    def counted(spec, *a, **k):
        calls[0] += 1
        return fast(spec, *a, **k)

    monkeypatch.setattr(S, "float_sum", counted)
    monkeypatch.setattr(R, "NINEJ_FIXED_FROM", 0)
    zeros = 0
    for t in syms:
        sign, sq = _exact_square(t)
        got = fano_x(*_js(t), exact=False)
        assert _is_correctly_rounded(got, sign, sq), (t, got)
        zeros += sq == 0
    assert zeros >= 6
    assert calls[0] >= len(syms) - zeros


def test_both_float_methods_directly():
    """The factor is folded into both rigorous roundings: the 6j-eigenvector sum and the
    Racah-sum products each give the correctly rounded X, also from a first pass too short
    to decide (the Ziv loop's later passes)."""
    syms = _symbols()
    for t in syms[:40] + syms[200:210]:
        sign, sq = _exact_square(t)
        assert _is_correctly_rounded(S.float_sum(N.fano(t)), sign, sq), t
        assert _is_correctly_rounded(N.float_sum(N.fano(t)), sign, sq), t
    for t in syms[40:50]:
        sign, sq = _exact_square(t)
        assert _is_correctly_rounded(S.float_sum(N.fano(t), first=24), sign, sq), t
        assert S.PASSES[0] > 1
        assert _is_correctly_rounded(N.float_sum(N.fano(t), first_extra=1), sign, sq), t
        assert N.PASSES[0] > 1


def test_subnormal_rounding_with_the_factor():
    """The integer rounding below the normal range carries the factor: ``_subnormal(c, norm,
    e, scale)`` is ``c 2**-e sqrt(scale / norm)`` rounded to nearest, decided by the midpoints."""
    rnd = random.Random(2)
    for _ in range(300):
        norm, scale = rnd.randint(1, 10**9), rnd.randint(1, 10**12)
        c = rnd.getrandbits(rnd.randint(1, 80)) + 1
        # put the value between 2**-1080 and 2**-1022
        target = rnd.uniform(-1080, -1023)
        e = math.ceil(math.log2(c) + 0.5 * math.log2(scale / norm) - target)
        got = S._subnormal(c, norm, e, scale)
        assert _is_correctly_rounded(got, 1, Fraction(c * c * scale, norm * 4**e)), (c, e)


def _undecided(err):
    def raise_(*args, **kwargs):
        raise err("forced by the test")
    return raise_


def test_undecided_falls_back_or_refuses(monkeypatch):
    """A zero that no symmetry forces, with both fast methods cut short (MAX_WORK = 0): the
    exact Fano path decides it (0.0), and non-zero values forced there are correctly rounded
    X; with the zero proof refused as well (MAX_COST = 0), a
    ValueError naming the arguments; never an unproven value."""
    t = _nontrivial_zeros(1)[0]
    monkeypatch.setattr(S, "MAX_WORK", 0)
    monkeypatch.setattr(N, "MAX_WORK", 0)
    assert R._large_9j(t, fano=True) == 0.0
    # a non-zero value left undecided by both: the exact path's float carries the factor
    for u in _symbols()[:20]:
        sign, sq = _exact_square(u)
        if sq and not S.symmetry_zero_9j(u):
            with monkeypatch.context() as m:
                m.setattr(S, "float_sum", _undecided(S.Undecided))
                m.setattr(N, "float_sum", _undecided(N.Undecided))
                assert _is_correctly_rounded(R._large_9j(u, fano=True), sign, sq), u
    monkeypatch.setattr(N, "MAX_COST", 0)
    got = ", ".join(str(v) for v in _js(t))
    with pytest.raises(ValueError, match=rf"j1, j2, j12, j3, j4, j34, j13, j24, j = {got}: "
                                         r".*Fano X.*could not be decided"):
        R._large_9j(t, fano=True)


def test_unitarity_in_floats():
    """``sum_{j13, j24} X(j12, j34) X(j12', j34') = delta`` (Edmonds eq. 6.4.6) for
    j1, j2, j3, j4 = 6, 15/2, 5, 13/2 and j = 10, in floats (every term correctly rounded:
    the sums are within 1e-15 of 0 and 1); most symbols take the fast path."""
    h = Fraction(1, 2)
    j1, j2, j3, j4, J = 6, 15 * h, 5, 13 * h, 10
    pairs = [(j12, j34) for j12 in (3 * h, 11 * h, 23 * h) for j34 in (3 * h, 9 * h, 19 * h)]
    pairs = [(a, b) for a, b in pairs if abs(a - b) <= J <= a + b]
    assert len(pairs) >= 5
    inner = [(j13, j24) for j13 in range(1, 12) for j24 in (k * h for k in range(2, 29, 2))
             if abs(j13 - j24) <= J <= j13 + j24 and abs(j2 - j4) <= j24 <= j2 + j4]
    p0 = pairs[0]
    fast = sum(R._ninej_cost(tuple(int(2 * v) for v in (j1, j2, p0[0], j3, j4, p0[1], a, b, J)))
               > R.NINEJ_FIXED_FROM for a, b in inner)
    assert fast > len(inner) // 2
    cols = {p: [fano_x(j1, j2, p[0], j3, j4, p[1], a, b, J, exact=False) for a, b in inner]
            for p in pairs}
    for p in pairs:
        for q in pairs:
            s = math.fsum(x * y for x, y in zip(cols[p], cols[q], strict=True))
            assert abs(s - (p == q)) < 1e-15, (p, q, s)


def test_large_j_closed_forms():
    """j up to 17000 at once: a fully stretched coupling is 1.0 exactly (also half-integers),
    and a symbol with a zero (Edmonds eq. 6.4.14: X = (-1)^(b+c+e+f) sqrt((2e+1)(2f+1))
    {a b e; d c f}) is mpmath's value of the 6j symbol, whose Racah sum has one term
    (e = a + b), rounded to nearest."""
    t0 = time.perf_counter()
    assert fano_x(2500, 2000, 4500, 3000, 2500, 5500, 5500, 4500, 10000, exact=False) == 1.0
    h = Fraction(1, 2)
    assert fano_x(2999 + h, 2000, 4999 + h, 2000, 3000 + h, 5000 + h, 4999 + h, 5000 + h,
                  10000, exact=False) == 1.0
    a, b, e, c, d = 9000, 8000, 17000, 9500, 8500
    for f in (3000, 1000, 1001):  # about 0.1, 1e-295 and -1e-295
        got = fano_x(a, b, e, c, d, e, f, f, 0, exact=False)
        with mpmath.workprec(600):
            six = _mp_sixj(tuple(2 * v for v in (a, b, e, d, c, f)))
            ref = (-1) ** ((b + c + e + f) % 2) * mpmath.sqrt((2 * e + 1) * (2 * f + 1)) * six
            assert got == float(ref) != 0.0, f
    assert time.perf_counter() - t0 < 2


def test_nine_equal_j_1000_two_methods():
    """Nine equal j = 1000 (refused before, exact cost 6e10): the public float is the one the
    Racah-sum products of _ninej_large give (a different rigorous method, about 1 s here)."""
    t = (2000,) * 9
    got = fano_x(*[1000] * 9, exact=False)
    assert got == N.float_sum(N.fano(t)) == S.float_sum(N.fano(t))
    assert 0.007 < got < 0.0071


@pytest.mark.slow
def test_against_mpmath_at_j_10000():
    """j up to 10**4 (five values of x, each 6j a Racah sum of thousands of cancelling terms):
    ``sqrt(F)`` times mpmath's 9j at 4000 bits (stable against 4600), rounded to nearest."""
    t = _stretched_large()
    ref = _mp_ninej(t, 4000)
    assert abs(ref - _mp_ninej(t, 4600)) <= abs(ref) * mpmath.mpf(2) ** -200
    with mpmath.workprec(4000):
        ref = mpmath.sqrt(_factor(t)) * ref
    got = fano_x(*_js(t), exact=False)
    assert got == float(ref) != 0.0


@pytest.mark.timeout(20)
def test_limits_and_refusals_at_once():
    """Every j <= 10**4 is accepted (nine equal j = 10**4 well under a second); beyond the
    eigenvector cost limit (nine equal j = 2*10**4), the exact path at j = 1000 and an array
    call past MAX_VECTOR_COST are refused at once, naming the rule."""
    t0 = time.perf_counter()
    v = fano_x(*[10**4] * 9, exact=False)
    assert 0 < abs(v) < 1 and time.perf_counter() - t0 < 1.5
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="MAX_COST"):
        fano_x(*[2 * 10**4] * 9, exact=False)
    with pytest.raises(ValueError, match="MAX_RACAH_COST"):
        fano_x(*[1000] * 9)
    with pytest.raises(ValueError, match="MAX_VECTOR_COST"):
        fano_x(np.array([10**4] * 3), *[10**4] * 8, exact=False)
    with pytest.raises(ValueError, match="j"):
        fano_x(*[2 * 10**6] * 9, exact=False)
    assert time.perf_counter() - t0 < 0.5


def test_array_calls():
    """NumPy arguments broadcast; each entry is the scalar value (float64 for floats, past the
    crossover as well; exact sympy numbers otherwise)."""
    js = np.array([2, 3, 4])
    got = fano_x(js, 2, 3, 2, 2, 3, 3, 3, 4, exact=False)
    assert got.dtype == np.float64 and got.shape == (3,)
    for j, v in zip(js.tolist(), got.tolist(), strict=True):
        assert v == fano_x(j, 2, 3, 2, 2, 3, 3, 3, 4, exact=False)
    big = fano_x(np.array([300, 400]), 300, 300, 300, 300, 300, 300, 300, 300, exact=False)
    assert big.tolist() == [fano_x(k, 300, 300, 300, 300, 300, 300, 300, 300, exact=False)
                            for k in (300, 400)]
    ex = fano_x(js, 2, 3, 2, 2, 3, 3, 3, 4)
    assert ex.dtype == object and ex[0] == fano_x(2, 2, 3, 2, 2, 3, 3, 3, 4)
