"""The vectorised float 6j kernel (symphys.angular._sixj_vec) behind ``wigner_6j(arrays...,
exact=False)`` and the shell fills of scalar loops: correct rounding against an independent
reference (Racah's formula in Python Fractions, square root by mpmath at 320 bits, itself
checked against sympy), the exact fallback of Ziv's strategy, shapes and bad input."""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction
from functools import cache

import mpmath
import numpy as np
import pytest
import sympy
from mpmath.libmp import to_float
from sympy.physics import wigner as W

from symphys.angular import _sixj_vec, recoupling, wigner_6j

# --- independent reference ------------------------------------------------------------------


@cache
def _f(n: int) -> int:
    return math.factorial(n)


def _closes(a: int, b: int, c: int) -> bool:
    return (a + b + c) % 2 == 0 and abs(a - b) <= c <= a + b


def reference(t: tuple[int, ...]) -> float:
    """Correctly rounded 6j of doubled ``t``: Edmonds eq. 6.3.7 in Fractions, rounded from
    320 bits (a value within 2**-320 of a rounding tie would be misjudged: none is)."""
    j1, j2, j3, j4, j5, j6 = t
    triads = ((j1, j2, j3), (j1, j5, j6), (j4, j2, j6), (j4, j5, j3))
    if not all(_closes(*tr) for tr in triads):
        return 0.0
    a = [sum(tr) // 2 for tr in triads]
    b = [(j1 + j2 + j4 + j5) // 2, (j2 + j3 + j5 + j6) // 2, (j3 + j1 + j6 + j4) // 2]
    s = Fraction(0)
    for k in range(max(a), min(b) + 1):
        den = math.prod(_f(k - x) for x in a) * math.prod(_f(y - k) for y in b)
        s += Fraction((-1) ** k * _f(k + 1), den)
    if s == 0:
        return 0.0
    sq = s * s
    for x, y, z in triads:
        sq *= Fraction(_f((x + y - z) // 2) * _f((x - y + z) // 2) * _f((y + z - x) // 2),
                       _f((x + y + z) // 2 + 1))
    with mpmath.workprec(320):
        v = mpmath.sqrt(mpmath.mpf(sq.numerator) / sq.denominator)
    v = to_float(v._mpf_, rnd="n")
    return v if s > 0 else -v


def _random_symbols(n: int, top: int, even: bool, rng: np.random.Generator) -> np.ndarray:
    """``n`` random valid doubled symbols with entries ``<= top`` (all even: integer j)."""
    out = np.zeros((0, 6), dtype=np.int64)
    while len(out) < n:
        T = rng.integers(0, top + 1, (20 * n, 6))
        if even:
            T &= ~1
        C = np.ascontiguousarray(T.T)
        a, b, ok = _sixj_vec._racah_bounds(C)
        out = np.concatenate([out, T[ok & (a.max(axis=0) <= b.min(axis=0))]])
    return out[:n]


def test_reference_agrees_with_sympy():
    rng = np.random.default_rng(7)
    for t in _random_symbols(40, 24, False, rng).tolist() + [[6] * 6, [2, 4, 6, 2, 4, 6]]:
        exact = W.wigner_6j(*(Fraction(x, 2) for x in t))
        want = to_float(exact.evalf(80)._mpf_, rnd="n") if exact != 0 else 0.0
        assert reference(tuple(t)) == want


# --- correct rounding -----------------------------------------------------------------------

def test_ten_thousand_random_symbols_correctly_rounded():
    """>= 10,000 random 6j symbols (integer and half-integer, j <= 30) through the array call:
    0 not correctly rounded, the integer and double-double tiers both exercised."""
    rng = np.random.default_rng(2026)
    T = np.concatenate([_random_symbols(3000, 60, True, rng),
                        _random_symbols(5000, 60, False, rng),
                        _random_symbols(2500, 16, False, rng)])
    assert len(T) >= 10_000 and (T % 2).any() and (T.max(axis=1) >= 50).sum() > 100
    got = wigner_6j(*(T[:, i] / 2 for i in range(6)), exact=False)
    want = np.array([reference(t) for t in map(tuple, T.tolist())])
    off = np.flatnonzero(got != want)
    assert len(off) == 0, T[off[:5]]


def test_every_integer_symbol_up_to_six_correctly_rounded_array_and_scalar_loop():
    """All 17,245 integer 6j symbols with j <= 6, as one array call and as a cold scalar loop
    (the shell fills), against the reference."""
    recoupling._FLOAT_6J.clear()
    keys = [k for k in itertools.product(range(7), repeat=6)
            if all(_closes(2 * x, 2 * y, 2 * z) for x, y, z in (
                (k[0], k[1], k[2]), (k[0], k[4], k[5]), (k[3], k[1], k[5]), (k[3], k[4], k[2])))]
    assert len(keys) == 17245
    want = [reference(tuple(2 * x for x in k)) for k in keys]
    cols = np.array(keys).T
    assert wigner_6j(*cols, exact=False).tolist() == want
    assert [wigner_6j(*k, exact=False) for k in keys] == want
    assert len(recoupling._FLOAT_6J) >= 17245  # filled by shells, not one by one


# --- Ziv's fallback -------------------------------------------------------------------------

# non-trivial zeros whose terms leave the integer tier: the double-double bound can never
# decide a vanishing sum, so they must take the exact fallback (sympy confirms the zeros)
ZEROS = [(12, 9, 4, 4, 7, 7), (11, 8, 5, 7, 11, 8), (8, 8, 15, 7, 12, 6)]


def test_vanishing_symbols_take_the_exact_fallback():
    for j in ZEROS:
        assert W.wigner_6j(*j) == 0
    # with enough company in the double-double tier (a handful would go exact directly)
    others = _random_symbols(40, 30, True, np.random.default_rng(11))
    T = np.concatenate([2 * np.array(ZEROS), others])
    before = _sixj_vec.FALLBACKS[0]
    got = wigner_6j(*(T.T / 2), exact=False)
    assert got[:len(ZEROS)].tolist() == [0.0] * len(ZEROS)
    assert got[len(ZEROS):].tolist() == [reference(t) for t in map(tuple, others.tolist())]
    assert _sixj_vec.FALLBACKS[0] - before >= len(ZEROS)


def test_forced_fallback_keeps_values_and_counts(monkeypatch):
    """With the error bounds inflated by 2**55 nearly every rounding is ambiguous: the exact
    path then answers (counted), and the values do not change."""
    rng = np.random.default_rng(3)
    T = np.concatenate([_random_symbols(150, 12, True, rng), _random_symbols(150, 50, False,
                                                                            rng)])
    want = [reference(t) for t in map(tuple, T.tolist())]
    monkeypatch.setattr(_sixj_vec, "EPS_SCALE", 2.0**55)
    before = _sixj_vec.FALLBACKS[0]
    got = _sixj_vec.sixj_floats(T, recoupling._float_6j)
    assert got.tolist() == want
    assert _sixj_vec.FALLBACKS[0] - before >= 250


def test_beyond_the_double_double_tier_goes_exact():
    before = _sixj_vec.DIRECT[0]
    j = (40, 41, 42, 40, 41, 42)  # min column-pair sum 164 > DD_SMAX
    assert wigner_6j(*(np.array([x]) for x in j), exact=False)[0] == reference(
        tuple(2 * x for x in j))
    assert _sixj_vec.DIRECT[0] > before


# --- scalar shells --------------------------------------------------------------------------

def _shell_counts(top: int, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Valid 6j symbols with doubled entries in ``range(0, top + 1, step)``, counted by their
    largest ``2j``: (all of them, those holding a half-integer); a broadcast grid."""
    j = np.arange(0, top + 1, step, dtype=np.int16)
    x, y, z = np.meshgrid(j, j, j, indexing="ij", sparse=True)
    tri = (np.abs(x - y) <= z) & (z <= x + y) & ((x + y + z) % 2 == 0)
    g = (tri[:, :, :, None, None, None] & tri[:, None, None, None, :, :]
         & np.transpose(tri, (1, 0, 2))[None, :, None, :, None, :]
         & np.transpose(tri, (2, 0, 1))[None, None, :, :, :, None])
    axes = [j.reshape([-1 if i == k else 1 for i in range(6)]) for k in range(6)]
    big = np.broadcast_to(functools.reduce(np.maximum, axes), g.shape)
    odd = np.broadcast_to(functools.reduce(np.bitwise_or, axes) & 1, g.shape).astype(bool)
    return (np.bincount(big[g], minlength=top + 1),
            np.bincount(big[g & odd], minlength=top + 1))


def test_shell_sizes_recounted_by_brute_force():
    every, _ = _shell_counts(20, 2)
    assert tuple(every[::2].tolist()) == _sixj_vec.SHELL_SIZES
    assert sum(_sixj_vec.SHELL_SIZES[:_sixj_vec.TABLE_J + 1]) < recoupling.MAX_MEMO
    _, half = _shell_counts(12, 1)
    assert tuple(half.tolist()) == _sixj_vec.HALF_SHELL_SIZES


def test_a_few_scalar_calls_fill_nothing_then_the_shell_is_filled():
    recoupling._FLOAT_6J.clear()
    assert wigner_6j(5, 5, 5, 5, 5, 5, exact=False) == reference((10,) * 6)
    assert len(recoupling._FLOAT_6J) <= 2  # the symbol and the shell's miss count
    assert wigner_6j(5, 5, 4, 5, 5, 4, exact=False) == reference((10, 10, 8, 10, 10, 8))
    assert len(recoupling._FLOAT_6J) > 6927  # second miss: shells 0-5 filled
    assert wigner_6j(5, 5, 5, 5, 0, 1, exact=False) == 0.0  # broken triad, shell filled
    # shell 6 (10318 symbols) waits for fill_threshold(6) = 5 misses
    assert _sixj_vec.fill_threshold(6) == 5
    six = [(6, 6, k, 6, 6, k) for k in range(5)]
    for i, k in enumerate(six):
        assert wigner_6j(*k, exact=False) == reference(tuple(2 * x for x in k))
        assert (len(recoupling._FLOAT_6J) >= 17245) == (i == 4)


def test_a_lone_miss_in_a_large_shell_is_not_filled_along():
    recoupling._FLOAT_6J.clear()
    wigner_6j(10, 10, 10, 10, 10, 10, exact=False)  # shell 10: 110380 symbols
    for k in range(3):
        wigner_6j(3, 3, k, 3, 3, k, exact=False)
    assert 648 <= len(recoupling._FLOAT_6J) < 2000  # shells 0-3 only


def test_the_memo_stays_bounded(monkeypatch):
    # a small bound: shells 0-4 fit (2371), shell 5 (4556) empties the memo first, shell 6
    # (10318) alone would not fit: its symbols are evaluated one by one
    monkeypatch.setattr(recoupling, "MAX_MEMO", 6000)
    recoupling._FLOAT_6J.clear()
    sizes = []
    calls = [(1, 1, 1, 1, 1, 1), (1, 1, 0, 1, 1, 0), (4, 4, 4, 4, 4, 4), (4, 4, 3, 4, 4, 3),
             (2, 2, 2, 2, 2, 2), (5, 5, 5, 5, 5, 5), (5, 5, 4, 5, 5, 4), (2, 2, 2, 2, 2, 2)]
    calls += [(6, 6, k, 6, 6, k) for k in range(7)] + [(3, 3, 3, 3, 3, 3)]
    for k in calls:
        assert wigner_6j(*k, exact=False) == reference(tuple(2 * x for x in k))
        sizes.append(len(recoupling._FLOAT_6J))
    assert max(sizes) <= 6000
    assert sizes[3] >= 2371 and sizes[6] >= 4556
    assert sizes[6] < sizes[5] + 4556 and sizes[7] - sizes[6] == 2  # emptied: shell 2 again
    assert sizes[-2] < 6000 and sizes[-2] - sizes[7] <= 16  # shell 6 one by one


def test_half_integer_scalar_loop_fills_half_shells():
    """Every 6j symbol holding a half-integer with 2j <= 7 (6446), as floats, twice: correctly
    rounded, the first pass filling the half-integer shells."""
    recoupling._FLOAT_6J.clear()
    doubled = [t for t in itertools.product(range(8), repeat=6) if any(v % 2 for v in t)
               and all(_closes(t[a], t[b], t[c]) for a, b, c in ((0, 1, 2), (0, 4, 5),
                                                                  (3, 1, 5), (3, 4, 2)))]
    assert len(doubled) == sum(_sixj_vec.HALF_SHELL_SIZES[:8]) == 6446
    args = [tuple(v / 2 for v in t) for t in doubled]
    want = [reference(t) for t in doubled]
    assert [wigner_6j(*a, exact=False) for a in args] == want
    assert len(recoupling._FLOAT_6J) >= 6446
    assert [wigner_6j(*a, exact=False) for a in args] == want
    # exact numbers of the same values hit the same entries
    t = doubled[1234]
    assert wigner_6j(*(Fraction(v, 2) for v in t), exact=False) == want[1234]
    assert wigner_6j(*(sympy.Rational(v, 2) for v in t), exact=False) == want[1234]


def test_memo_hits_keep_the_argument_rules():
    wigner_6j(1, 1, 1, 1, 1, 1, exact=False)
    wigner_6j(1, 1, 0, 1, 1, 0, exact=False)  # shells 0-1 filled: (1, 1, 1, 1, 1, 1) stored
    assert (1, 1, 1, 1, 1, 1) in recoupling._FLOAT_6J
    with pytest.raises(TypeError, match="bool"):
        wigner_6j(True, 1, 1, 1, 1, 1, exact=False)
    with pytest.raises(ValueError, match="half-integer"):
        wigner_6j(0.3, 1, 1, 1, 1, 1, exact=False)
    assert wigner_6j(1.0, 1, 1, 1, 1, 1.0, exact=False) == wigner_6j(1, 1, 1, 1, 1, 1,
                                                                     exact=False)
    assert wigner_6j(0.5, 0.5, 1, 0.5, 0.5, 0, exact=False) == 0.5


# --- shapes and bad input -------------------------------------------------------------------

def test_array_shapes_and_broadcasting():
    j = np.arange(6).reshape(2, 3)
    got = wigner_6j(j, np.array([1, 2, 3]), 2, 1, 2, 2, exact=False)
    assert got.shape == (2, 3) and got.dtype == np.float64
    for idx in np.ndindex(2, 3):
        t = (int(j[idx]), [1, 2, 3][idx[1]], 2, 1, 2, 2)
        assert got[idx] == reference(tuple(2 * x for x in t))
    assert wigner_6j(np.array(3), 3, 3, 3, 3, 3, exact=False).shape == ()
    assert wigner_6j(np.array([], dtype=int), 1, 1, 1, 1, 1, exact=False).shape == (0,)
    # negative j and broken triangles are 0, as the scalars
    assert wigner_6j(np.array([-1, 1, 5]), 1, 1, 1, 1, 1, exact=False).tolist() == [
        0.0, wigner_6j(1, 1, 1, 1, 1, 1, exact=False), 0.0]


@pytest.mark.parametrize("args, exc, match", [
    ((np.array([1, 1]), 1, np.array([0.5, 1]), 1, 1, 1), ValueError,
     r"j1=1, j2=1, j3=1/2: j1\+j2\+j3 must be an integer"),
    ((1, 1, 1, np.array([1.5]), 1, 1), ValueError, r"j4\+j2\+j6 must be an integer"),
    ((np.array([True]), 1, 1, 1, 1, 1), TypeError, "j1 must hold integers"),
    ((1, np.array(["a"]), 1, 1, 1, 1), TypeError, "j2 must be an array"),
    ((1, 1, np.array([np.nan]), 1, 1, 1), ValueError, "j3 must be finite"),
    ((1, 1, 1, 1, np.array([0.3]), 1), ValueError, "j5 holds 0.3"),
    ((np.arange(3), np.arange(4), 1, 1, 1, 1), ValueError, "broadcast"),
    ((np.full(600_000, 1), 1, 1, 1, 1, 1), ValueError, "SYMBOL_OVERHEAD"),
])
def test_bad_arrays_are_refused_naming_the_argument(args, exc, match):
    with pytest.raises(exc, match=match):
        wigner_6j(*args, exact=False)
