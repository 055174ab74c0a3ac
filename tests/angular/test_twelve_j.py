"""The 12j symbol of the first kind: its convention established from independent facts.

1. The general 3n-j formula of the first kind (written here from sympy's 6j symbols, no symphys
   code) at ``n = 3`` is sympy's 9j symbol ``{a1 a2 b1; b3 a3 c1; c3 b2 c2}``, exactly, and at
   ``n = 4`` it is ``wigner_12j``, exactly.
2. Recoupling, brute force: ``<A|B>`` for ``|A> = |((a1 b1) a2, b2) a3 ...; c1>`` and
   ``|B> = |((a1 bn) cn, b(n-1)) c(n-1) ...; c1>``, summed over magnetic quantum numbers from
   sympy's Clebsch-Gordan coefficients, is ``(-1)^(a1+c1-sum b) sqrt(prod_{i>1} [ai][ci])``
   times the symbol, one law for ``n = 2, 3, 4`` (at ``n = 3`` with sympy's 9j symbol, at
   ``n = 4`` with ``wigner_12j``): phase and magnitude of the 12j tied to the 6j and 9j.
3. Orthogonality (unitarity of that recoupling), exact.
4. The 16 automorphisms of the Yutsis graph (Moebius ladder with four rungs).
5. A zero argument reduces the symbol to a 9j symbol (derived in the docstring of
   :func:`symphys.angular.wigner_12j`).
6. Correct rounding of the floats against the exact values; ``prec=``; domain and limits.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from fractions import Fraction
from functools import cache

import mpmath
import pytest
import sympy
from sympy.physics import wigner as W

from symphys.angular import wigner_12j
from symphys.angular._exact import nearest_float

H = sympy.Rational(1, 2)


def _tri(a, b, c) -> bool:
    return abs(a - b) <= c <= a + b and (a + b + c).is_integer


def _general(a, b, c):
    """The 3n-j symbol of the first kind from sympy's 6j symbols:
    ``sum_x (-1)^(S + (n-1) x) (2x+1) prod_{i<n} {a_i a_(i+1) b_i; c_(i+1) c_i x}
    {a_n c_1 b_n; a_1 c_n x}``."""
    n = len(a)
    s = sum(a) + sum(b) + sum(c)
    lo = max(abs(ai - ci) for ai, ci in zip(a, c, strict=True))
    hi = min(ai + ci for ai, ci in zip(a, c, strict=True))
    total = sympy.S.Zero
    x = lo
    while x <= hi:
        term = 2 * x + 1
        for i in range(n - 1):
            term *= W.wigner_6j(a[i], a[i + 1], b[i], c[i + 1], c[i], x)
        term *= W.wigner_6j(a[n - 1], c[0], b[n - 1], a[0], c[n - 1], x)
        e = s + (n - 1) * x
        assert e.is_integer
        total += term if e % 2 == 0 else -term
        x += 1
    return sympy.radsimp(total)


def _valid(a, b, c) -> bool:
    n = len(a)
    return (all(_tri(a[i], a[i + 1], b[i]) and _tri(c[i], c[i + 1], b[i]) for i in range(n - 1))
            and _tri(a[n - 1], c[0], b[n - 1]) and _tri(a[0], c[n - 1], b[n - 1]))


def _random(rnd: random.Random, n: int, tmax: int):
    """Random ``(a, b, c)`` of a 3n-j symbol of the first kind, every triad valid, arguments
    up to ``tmax/2`` (half-integers included): built along the triads."""
    def pick(x, y):
        return sympy.Rational(rnd.randrange(int(abs(2 * x - 2 * y)), int(2 * (x + y)) + 1, 2), 2)

    while True:
        a = [sympy.Rational(rnd.randint(0, tmax), 2)]
        b = [sympy.Rational(rnd.randint(0, tmax), 2) for _ in range(n)]
        for i in range(n - 1):
            a.append(pick(a[i], b[i]))
        c = [pick(a[n - 1], b[n - 1])]
        rest = [pick(a[0], b[n - 1])]  # c_n, then c_(n-1), ..., c_2
        for i in range(n - 2, 0, -1):
            rest.append(pick(rest[-1], b[i]))
        c += rest[::-1]
        if max(a + b + c) <= sympy.Rational(tmax, 2) and _valid(a, b, c):
            return a, b, c


# --- 1. the general formula: n = 3 is the 9j symbol, n = 4 is wigner_12j ------------------------

def test_n3_member_of_the_general_formula_is_the_9j_symbol():
    rnd = random.Random(1)
    nonzero = half = 0
    for _ in range(60):
        a, b, c = _random(rnd, 3, 5)
        nine = W.wigner_9j(a[0], a[1], b[0], b[2], a[2], c[0], c[2], b[1], c[1])
        assert _general(a, b, c) == nine, (a, b, c)
        nonzero += nine != 0
        half += any(not v.is_integer for v in a + b + c)
    assert nonzero > 40 and half > 20


def test_wigner_12j_is_the_n4_member():
    rnd = random.Random(2)
    nonzero = 0
    for _ in range(40):
        a, b, c = _random(rnd, 4, 5)
        ref = _general(a, b, c)
        assert wigner_12j(*a, *b, *c) == ref, (a, b, c)
        nonzero += ref != 0
    assert nonzero > 30


def test_general_formula_matches_a_peer_transcription_of_yutsis():
    # the Rust crate wigner-3nj-symbols (docs and tests of Wigner3nj1st, doubled arguments
    # js, ls, ks = our a, b, c) implements Yutsis-Levinson-Vanagas eq. (17.1):
    # sum_x (-1)^(R + (n-1) x) (2x+1) prod_i {j_i k_i x; k_(i+1) j_(i+1) l_i}
    #       {j_n k_n x; j_1 k_1 l_n},
    # term by term our 6j symbols (rows swapped in two columns); its published n = 3 values:
    assert _general([H, H, H], [1, 1, 1], [H, H, H]) == sympy.Rational(5, 36)
    assert _general([3 * H, H, H], [1, 1, 1], [H, H, H]) == sympy.Rational(-1, 18)


# --- 2. brute-force recoupling from Clebsch-Gordan coefficients ---------------------------------

@cache
def _cg(j1, m1, j2, m2, j, m) -> float:
    if abs(m1) > j1 or abs(m2) > j2 or abs(m) > j:
        return 0.0
    return float(W.clebsch_gordan(j1, j2, j, m1, m2, m))


def _ms(j):
    return [-j + k for k in range(int(2 * j) + 1)]


def _sequential(first, added, inter, total) -> dict:
    """``|(((first added_1) inter_1, added_2) inter_2 ...) total, m=total>`` in the product
    basis ``(m_first, m_added_1, ...)``: Clebsch-Gordan products, ``<j1 m1 j2 m2|j m>``."""
    out = {}
    for mm in itertools.product(*(_ms(j) for j in (first, *added))):
        if sum(mm) != total:
            continue
        amp, jc, mc = 1.0, first, mm[0]
        for k, jb in enumerate(added):
            jn = inter[k] if k < len(inter) else total
            amp *= _cg(jc, mc, jb, mm[k + 1], jn, mc + mm[k + 1])
            if amp == 0.0:
                break
            jc, mc = jn, mc + mm[k + 1]
        if amp:
            out[mm] = amp
    return out


def _overlap(a, b, c) -> float:
    """``<A|B>``, ``A`` adding ``b_1 .. b_n`` to ``a_1`` (intermediates ``a_2 .. a_n``), ``B``
    adding them in reverse order (intermediates ``c_n .. c_2``), both to total ``c_1``."""
    A = _sequential(a[0], tuple(b), tuple(a[1:]), c[0])
    B = _sequential(a[0], tuple(b[::-1]), tuple(c[1:][::-1]), c[0])
    B = {(k[0], *k[1:][::-1]): v for k, v in B.items()}
    return sum(v * B.get(k, 0.0) for k, v in A.items())


@pytest.mark.parametrize("n", [2, 3, 4])
def test_recoupling_coefficient_by_brute_force(n):
    rnd = random.Random(10 + n)
    checked = 0
    while checked < 30:
        a, b, c = _random(rnd, n, 3 if n == 4 else 4)
        if n == 2:
            value = _general(a, b, c)
        elif n == 3:
            value = W.wigner_9j(a[0], a[1], b[0], b[2], a[2], c[0], c[2], b[1], c[1])
        else:
            value = wigner_12j(*a, *b, *c)
        if value == 0:
            continue
        e = a[0] + c[0] - sum(b)
        assert e.is_integer
        dims = math.sqrt(math.prod(int(2 * j + 1) for j in a[1:] + c[1:]))
        predicted = (-1) ** int(e) * dims * float(value)
        assert _overlap(a, b, c) == pytest.approx(predicted, abs=1e-12), (a, b, c)
        checked += 1


# --- 3. orthogonality ---------------------------------------------------------------------------

def _chains(start, bs):
    """All ``(j_1, ..., j_k)`` with ``j_1`` in ``start x bs[0]``, ``j_(i+1)`` in ``j_i x bs[i]``."""
    if not bs:
        yield ()
        return
    j = abs(start - bs[0])
    while j <= start + bs[0]:
        for rest in _chains(j, bs[1:]):
            yield (j, *rest)
        j += 1


@pytest.mark.parametrize("args", [
    (1, (1, 1, 1, 1), 1),
    (H, (1, H, 1, 3 * H), 3 * H),
    (1, (H, 1, H, 1), 2),
])
def test_orthogonality(args):
    # <A|B> is unitary: sum_{c2 c3 c4} [c2][c3][c4] 12j(a) 12j(a') = delta_{a a'} / ([a2][a3][a4])
    a1, (b12, b23, b34, b41), c1 = (sympy.nsimplify(v) if not isinstance(v, tuple)
                                    else tuple(sympy.nsimplify(w) for w in v) for v in args)
    a_sets = [s for s in _chains(a1, (b12, b23, b34)) if _tri(s[2], c1, b41)]
    c_sets = [s[::-1] for s in _chains(a1, (b41, b34, b23)) if _tri(s[2], c1, b12)]
    assert len(a_sets) > 2 and len(c_sets) > 2
    for (a2, a3, a4), (p2, p3, p4) in itertools.combinations_with_replacement(a_sets, 2):
        total = sympy.S.Zero
        for c2, c3, c4 in c_sets:
            w1 = wigner_12j(a1, a2, a3, a4, b12, b23, b34, b41, c1, c2, c3, c4)
            w2 = wigner_12j(a1, p2, p3, p4, b12, b23, b34, b41, c1, c2, c3, c4)
            total += (2 * c2 + 1) * (2 * c3 + 1) * (2 * c4 + 1) * w1 * w2
        expected = (1 / ((2 * a2 + 1) * (2 * a3 + 1) * (2 * a4 + 1))
                    if (a2, a3, a4) == (p2, p3, p4) else 0)
        assert sympy.radsimp(total - expected) == 0, ((a2, a3, a4), (p2, p3, p4))


# --- 4. symmetries ------------------------------------------------------------------------------

def _shift(v):
    a1, a2, a3, a4, b12, b23, b34, b41, c1, c2, c3, c4 = v
    return (a2, a3, a4, c1, b23, b34, b41, b12, c2, c3, c4, a1)


def _reflect(v):
    a1, a2, a3, a4, b12, b23, b34, b41, c1, c2, c3, c4 = v
    return (a2, a1, c4, c3, b12, b41, b34, b23, c2, c1, a4, a3)


def test_the_16_graph_automorphisms_leave_the_value_unchanged():
    rnd = random.Random(4)
    nonzero = 0
    for _ in range(25):
        a, b, c = _random(rnd, 4, 5)
        v = (*a, *b, *c)
        w = wigner_12j(*v)
        nonzero += w != 0
        images, g = set(), v
        for _ in range(8):
            for img in (g, _reflect(g)):
                images.add(img)
                assert wigner_12j(*img) == w, (v, img)
            g = _shift(g)
        assert g == v  # the shift has order 8
        # four shifts exchange the rows a and c (and keep the b's)
        assert _shift(_shift(_shift(_shift(v)))) == (*c, *b, *a)
    assert nonzero > 15


# --- 5. a zero argument -------------------------------------------------------------------------

def test_zero_argument_reduces_to_a_9j_symbol():
    # {a1 a2 a3 a4; b12 b23 b34 0; a4 c2 c3 a1} = {a1 a2 b12; b34 a3 a4; c3 b23 c2}
    #                                              / sqrt((2a1+1)(2a4+1))
    rnd = random.Random(5)
    checked = 0
    while checked < 40:
        a1, a2, a3, a4, b12, b23, b34, c2, c3 = (sympy.Rational(rnd.randint(0, 5), 2)
                                                  for _ in range(9))
        if not _valid((a1, a2, a3, a4), (b12, b23, b34, 0), (a4, c2, c3, a1)):
            continue
        nine = W.wigner_9j(a1, a2, b12, b34, a3, a4, c3, b23, c2)
        w = wigner_12j(a1, a2, a3, a4, b12, b23, b34, 0, a4, c2, c3, a1)
        assert sympy.radsimp(w - nine / sympy.sqrt((2 * a1 + 1) * (2 * a4 + 1))) == 0
        checked += nine != 0


# --- 6. floats, prec, domain --------------------------------------------------------------------

def _nearest(expr) -> float:
    if expr == 0:
        return 0.0
    with mpmath.workdps(60):
        return nearest_float(mpmath.mpf(sympy.N(expr, 60)))


def test_floats_are_correctly_rounded():
    rnd = random.Random(6)
    bad = nonzero = 0
    for k in range(1000):
        a, b, c = _random(rnd, 4, 8 if k < 800 else 30)
        ref = wigner_12j(*a, *b, *c)
        got = wigner_12j(*a, *b, *c, exact=False)
        assert type(got) is float
        bad += got != _nearest(ref)
        nonzero += ref != 0
    assert bad == 0
    assert nonzero > 800


def test_prec_gives_the_exact_value_to_that_many_digits():
    v = (1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2)
    ex = wigner_12j(*v)
    assert ex != 0
    got = wigner_12j(*v, prec=40)
    assert isinstance(got, sympy.Float)
    assert abs(got - ex.evalf(60)) < sympy.Float(10) ** -38 * abs(ex)
    assert wigner_12j(2, 2, 2, 2, 2, 2, 2, 2, 9, 2, 2, 2, prec=20) == 0


def test_domain_zero_values():
    base = [1] * 12
    assert wigner_12j(*base) != 0
    neg = base.copy()
    neg[3] = -1
    assert wigner_12j(*neg) == 0 and wigner_12j(*neg, exact=False) == 0.0
    broken = base.copy()
    broken[4] = 3  # (a1 a2 b12) = (1 1 3) breaks the triangle rule
    assert wigner_12j(*broken) == 0 and wigner_12j(*broken, exact=False) == 0.0


def test_invalid_input():
    base = [1] * 12
    half = base.copy()
    half[4] = Fraction(1, 2)  # (a1 a2 b12) = (1 1 1/2): perimeter not an integer
    with pytest.raises(ValueError, match=r"a1\+a2\+b12 must be an integer"):
        wigner_12j(*half)
    with pytest.raises(ValueError, match="c3"):
        wigner_12j(*base[:10], 0.3, 1)
    with pytest.raises(TypeError, match="b41"):
        wigner_12j(*base[:7], True, *base[8:])
    with pytest.raises(TypeError, match="a2"):
        wigner_12j(1, "1", *base[2:])
    with pytest.raises(TypeError, match="exact"):
        wigner_12j(*base, exact=1)
    with pytest.raises(ValueError, match="prec"):
        wigner_12j(*base, exact=False, prec=10)
    with pytest.raises(ValueError, match="c1"):
        wigner_12j(*base[:8], 10**7, *base[9:])


@pytest.mark.timeout(20)
def test_huge_arguments_are_refused_at_once():
    from symphys.angular.twelve_j import MAX_12J_TERMS

    for j in (10**6, 13441):
        t = time.perf_counter()
        with pytest.raises(ValueError, match=r"a1\.\.c4 = .* (too large|MAX_12J_TERMS)"):
            wigner_12j(*[j] * 12, exact=False)
        assert time.perf_counter() - t < 1.0
    for j in (144, 5000):  # the exact path's limits still hold for exact=True
        t = time.perf_counter()
        with pytest.raises(ValueError, match="a1=.* is too large"):
            wigner_12j(*[j] * 12)
        assert time.perf_counter() - t < 1.0
    assert MAX_12J_TERMS == 10**5
    assert wigner_12j(*[40] * 12, exact=False) == _nearest(wigner_12j(*[40] * 12))
    # the float limit is closed-form: twelve equal j = 13440 fit, 13441 do not
    from symphys.angular import _ninej_large, _sixj_rec
    from symphys.angular.twelve_j import _TWELVE_TRIADS, FLOAT_12J_LIMIT, _sixes

    def cost(j):
        t = (2 * j,) * 12
        return _sixj_rec.cost(_ninej_large.twelve(
            t, _sixes, [tuple(t[i] for i in tr) for tr in _TWELVE_TRIADS]))
    assert cost(13440) <= FLOAT_12J_LIMIT < cost(13441)
