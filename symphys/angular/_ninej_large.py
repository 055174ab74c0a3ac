"""Correctly rounded float64 9j symbols at large ``j`` from fixed-point 6j sums (private).

The 9j symbol (doubled ``X = 2x``; see :mod:`symphys.angular.recoupling`) is::

    9j = sum_x (-1)^X (X+1) {j1 j4 j7; j8 j9 x} {j2 j5 j8; j4 x j6} {j3 j6 j9; x j1 j2}.

Each 6j symbol is ``D_i S_i`` with ``S_i`` Racah's integer sum and ``D_i`` the product of its
four triads' ``Delta = sqrt(d)``. The six fixed triads of the 9j appear once over the three 6j
symbols, the three triads holding ``x`` twice, so::

    9j = sqrt(d_fixed) * Q,   Q = sum_x (-1)^X (X+1) S_1 S_2 S_3 d_x,

``d_x`` the product of the three ``d`` of the ``x`` triads (rational). Following
:mod:`symphys.angular._sixj_large`, ``S_i = (-1)^p_i T_i(p_i) X_i`` with ``p_i`` the largest
Racah term and ``X_i`` known in fixed point, ``|X_i - U_i 2**-P_i| <= E_i 2**-P_i`` (integers
``U_i``, ``E_i`` from :func:`~symphys.angular._sixj_large._fixed_sum`). The positive rational
``R_x = (X+1) T_1 T_2 T_3 d_x`` is a ratio of factorial products; it is bounded by two integers
``lo <= R_x 2**-k <= hi`` of ``K`` bits: exactly (prime exponents) at the first ``x``, then from
``x`` to ``x + 1`` by the exact ratio of the factorial products (each argument moves by a few
units: a short product of integers), rounding ``lo`` down and ``hi`` up at each step. Each term
``(-1)^(X + p_1 + p_2 + p_3) R_x X_1 X_2 X_3`` is then an integer centre and radius at one
exponent (midpoint-radius products, every bound rounded outwards); their sums bound ``Q``, and
``9j`` lies between the two correctly rounded floats of ``(|C| -+ Rad) sqrt(d_fixed)``
(``d_fixed = (up/down)**2 rad`` exactly; :func:`~symphys.angular._sixj_large._bound`). When they
agree, that is the correctly rounded 9j symbol; otherwise every ``P_i`` and ``K`` grow by the
shortfall (Ziv's strategy: J.-M. Muller et al., Handbook of Floating-Point Arithmetic, 2nd ed.
(2018), doi:10.1007/978-3-319-76526-6, sec. 12.1).

Zeros: ``L Q`` is an integer for ``L`` the least common multiple of the denominators of the
``d_x`` (the ``S_i`` are integers), ``L = prod p**max_x(-e_x(p))`` from the prime exponents
``e_x`` of ``d_x`` (Legendre's formula). So ``(|C| + Rad) L < 1`` (in units of the sum) proves
``Q = 0``; while the interval holds 0, the precision grows until it proves it or excludes 0.
A decision that would need more than :data:`MAX_WORK` (the next pass's term count times its
bits) raises :class:`Undecided` (the caller then takes the exact path where that is
affordable, else refuses).

Fano's X (:func:`fano`) is the 9j sum with ``d_fixed`` times the integer
``(2j12+1)(2j34+1)(2j13+1)(2j24+1)`` (``_Spec.scale``; each factor ``f = f!/(f-1)!`` joins the
prime exponents of ``d_fixed``), so the factor sits inside the one rounding.

The 12j symbol of the first kind (:mod:`symphys.angular.twelve_j`) has the same shape, four 6j
symbols and the triads ``(ai ci x)`` twice, sign ``(-1)^(S - x)``: :func:`twelve` describes it to
:func:`float_sum`, which serves both.

Cost (closed form, before any work): :func:`cost` (:func:`spec_cost`) is the sum over ``x`` of
the 6j symbols' ``n_terms * (smax + 1)``, refused above :data:`MAX_COST`.

Role: the public float 9j and 12j symbols first take the faster 6j-eigenvector method of
:mod:`symphys.angular._sixj_rec` (``O(j)`` work per symbol instead of ``O(j**3)``; every
``j <= 10**4``), through :func:`float_or_exact`; this module's :func:`float_sum` then decides
only the values that method leaves within its error bound of 0 (zeros, proven here exactly).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from symphys.angular import _sixj_rec
from symphys.angular._exact import _split_square, product
from symphys.angular._sixj_large import (
    _bound,
    _exponents,
    _fixed_sum,
    _peak,
    _sums,
)

__all__: list[str] = []

#: largest :func:`cost` for which :func:`float_or_exact` tries this module's exact zero proof
#: (the sum over ``x`` of the three 6j symbols' ``n_terms * (smax + 1)``): nine equal
#: ``j = 1000`` cost 1.15e10, about 1 s here (random symbols with ``j`` up to a few thousand
#: cost far less)
MAX_COST = 12 * 10**9

#: a zero (or rounding) decision whose next pass would exceed this many term-bits (terms walked
#: times bits per term) raises :class:`Undecided` (measured: a zero of nine j near 300 needs
#: 6e8, 0.4 s; near 400, 2.5e9, 1.3 s; so zeros are proven up to j about 380)
MAX_WORK = 2 * 10**9

#: guard bits beyond the estimated cancellation in the first pass
_GUARD = 48

#: passes and the extra bits of the last call (read by the tests: the Ziv loop was exercised)
PASSES = [0]
LAST_EXTRA = [0]


class Undecided(ArithmeticError):
    """The rounding (or a zero) could not be decided within :data:`MAX_WORK`."""


class _Spec(NamedTuple):
    """A sum ``sum_x (-1)^odd(x) (X+1) prod_i 6j_i(x)`` whose ``x`` triads ``(p q x)`` each appear
    in two of its 6j symbols and whose other triads (``fixed``) once each (9j, 12j)."""

    lo: int
    hi: int
    top: int  # the largest doubled argument
    sixes: Callable[[int], tuple]
    pairs: tuple
    fixed: tuple
    odd: Callable[[int], int]
    #: positive integers whose product multiplies the square of the result (Fano's X:
    #: ``(2j12+1)(2j34+1)(2j13+1)(2j24+1)``), folded in before the single rounding
    scale: tuple = ()


def nine(t: tuple[int, ...]) -> _Spec:
    j1, j2, j3, j4, j5, j6, j7, j8, j9 = t
    lo, hi = x_range(t)
    return _Spec(lo, hi, max(t), lambda x: _sixes(t, x), ((j1, j9), (j8, j4), (j2, j6)),
                 ((j1, j2, j3), (j4, j5, j6), (j7, j8, j9), (j1, j4, j7), (j2, j5, j8),
                  (j3, j6, j9)), lambda x: x & 1)


def fano(t: tuple[int, ...]) -> _Spec:
    """Fano's X (doubled arguments in the 9j order): the 9j sum with the square scaled by
    ``(j12+1)(j34+1)(j13+1)(j24+1)`` (doubled ``j``: ``prod (2j+1)``)."""
    return nine(t)._replace(scale=(t[2] + 1, t[5] + 1, t[6] + 1, t[7] + 1))


def twelve(t: tuple[int, ...], sixes, fixed) -> _Spec:
    """The 12j symbol's sum (doubled arguments ``a1..a4, b12, b23, b34, b41, c1..c4``; ``sixes``
    and ``fixed`` as :mod:`symphys.angular.twelve_j` defines them): sign ``(-1)^(sum j - x)``."""
    a, c = t[0:4], t[8:12]
    two_s = sum(t)
    return _Spec(max(abs(p - q) for p, q in zip(a, c, strict=True)),
                 min(p + q for p, q in zip(a, c, strict=True)), max(t),
                 lambda x: sixes(t, x), tuple(zip(a, c, strict=True)), tuple(fixed),
                 lambda x: (two_s - x) // 2 & 1)


def _sixes(t: tuple[int, ...], x: int) -> tuple[tuple[int, ...], ...]:
    j1, j2, j3, j4, j5, j6, j7, j8, j9 = t
    return ((j1, j4, j7, j8, j9, x), (j2, j5, j8, j4, x, j6), (j3, j6, j9, x, j1, j2))


def x_range(t: tuple[int, ...]) -> tuple[int, int]:
    """Doubled ``x`` range of the sum (``lo > hi``: empty)."""
    j1, j2, j3, j4, j5, j6, j7, j8, j9 = t
    return (max(abs(j1 - j9), abs(j4 - j8), abs(j2 - j6)), min(j1 + j9, j4 + j8, j2 + j6))


def cost(t: tuple[int, ...]) -> int:
    """Sum over ``x`` of the three 6j ``n_terms * (smax + 1)`` (closed form per ``x``, one
    vectorised pass over the ``x`` values, before any work)."""
    return spec_cost(nine(t))


def spec_cost(spec: _Spec) -> int:
    """Sum over ``x`` of every 6j ``n_terms * (smax + 1)`` of a :class:`_Spec` sum."""
    if spec.lo > spec.hi:
        return 0
    xs = np.arange(spec.lo, spec.hi + 1, 2, dtype=np.int64)
    total = 0
    for six in spec.sixes(xs):
        j1, j2, j3, j4, j5, j6 = np.broadcast_arrays(*six)
        a = np.maximum.reduce([j1 + j2 + j3, j1 + j5 + j6, j4 + j2 + j6, j4 + j5 + j3]) // 2
        b = np.minimum.reduce([j1 + j2 + j4 + j5, j2 + j3 + j5 + j6, j3 + j1 + j6 + j4]) // 2
        n = np.maximum(b - a + 1, 0)
        total += int((n.astype(object) * (b + 1).astype(object)).sum())
    return total


def _lists(spec: _Spec, x: int):
    """Per ``x``: the three 6j setups ``(a, b, smin, smax, peak)`` and the factorial arguments
    ``num``, ``den`` of ``R_x / (X+1) = T_1 T_2 T_3 d_x`` (fixed slots, so that consecutive
    ``x`` compare slot by slot)."""
    setups, num, den = [], [], []
    for six in spec.sixes(x):
        a, b = _sums(six)
        smin, smax = max(a), min(b)
        peak = _peak(a, b, smin, smax)
        setups.append((a, b, smin, smax, peak))
        num.append(peak + 1)
        den += [peak - v for v in a] + [v - peak for v in b]
    for p, q in spec.pairs:
        num += [(p + q - x) // 2, (p - q + x) // 2, (-p + q + x) // 2]
        den.append((p + q + x) // 2 + 1)
    return setups, num, den


def _ratio(old_num, old_den, new_num, new_den) -> tuple[int, int]:
    """``(A, B)`` with ``prod new_num! / prod new_den! = A/B * prod old_num! / prod old_den!``
    (each argument moves by a few units: short runs of integers)."""
    A = B = 1
    for olds, news, numerator in ((old_num, new_num, True), (old_den, new_den, False)):
        for o, n in zip(olds, news, strict=True):
            run = math.prod(range(min(o, n) + 1, max(o, n) + 1))  # n!/o! or its inverse
            if (n > o) == numerator:
                A *= run
            else:
                B *= run
    return A, B


def _setup(spec: _Spec):
    """Everything that does not depend on the precision: per ``x`` the 6j setups, the first
    pass's bits of each 6j (its cancellation estimate), the exact factorial ratios between
    consecutive ``x``; and ``d_fixed`` as ``(up, down, rad)``."""
    lo, hi = spec.lo, spec.hi
    g6 = 1.5 * math.log2(spec.top + 2) + 8  # |6j| >= about 2**-g6 (as _sixj_large)
    # log2 n! for every factorial argument (an estimate only: it sets the first pass's bits)
    lf = np.concatenate([[0.0], np.cumsum(np.log2(np.arange(1, spec.top * 2 + 3)))]).tolist()
    rows = []
    prev = None
    first = None
    for x in range(lo, hi + 1, 2):
        setups, num, den = _lists(spec, x)
        bits = []
        for (a, b, _smin, _smax, peak), six in zip(setups, spec.sixes(x), strict=True):
            log2_t = lf[peak + 1] - sum(lf[peak - v] for v in a) - sum(lf[v - peak] for v in b)
            log2_d = 0.0
            s1, s2, s3, s4, s5, s6 = six
            for p, q, r in ((s1, s2, s3), (s1, s5, s6), (s4, s2, s6), (s4, s5, s3)):
                log2_d += 0.5 * (lf[(p + q - r) // 2] + lf[(p - q + r) // 2]
                                 + lf[(-p + q + r) // 2] - lf[(p + q + r) // 2 + 1])
            bits.append(max(math.ceil(log2_t + log2_d + g6), 0))
        if prev is None:
            first = (num, den)
            A, B = x + 1, 1
        else:
            A, B = _ratio(prev[0], prev[1], num, den)
            A *= x + 1
            B *= prev[2] + 1
        rows.append((x, setups, bits, A, B))
        prev = (num, den, x)
    fnum, fden = [], []
    for p, q, r in spec.fixed:
        fnum += [(p + q - r) // 2, (p - q + r) // 2, (-p + q + r) // 2]
        fden.append((p + q + r) // 2 + 1)
    for f in spec.scale:  # f = f! / (f-1)!: its prime exponents join the fixed part's
        fnum.append(f)
        fden.append(f - 1)
    primes, exps = _exponents(fnum, fden)
    return rows, first, _split_square(primes, exps)


def _first_R(num: list[int], den: list[int], K: int) -> tuple[int, int, int]:
    """``(lo, hi, k)``: ``lo 2**k <= prod num! / prod den! <= hi 2**k``, ``lo`` of ``K`` bits."""
    primes, exps = _exponents(num, den)
    N = product([int(p) ** int(e) for p, e in zip(primes, exps, strict=True) if e > 0])
    D = product([int(p) ** int(-e) for p, e in zip(primes, exps, strict=True) if e < 0])
    s = K - (N.bit_length() - D.bit_length())
    if s >= 0:
        q, r = divmod(N << s, D)
    else:
        q, r = divmod(N, D << -s)
    return q, q + (1 if r else 0), -s


def _lcm_bits(spec: _Spec) -> int:
    """``L``: the least common multiple of the denominators of the ``d_x`` (module docstring)."""
    lo, hi = spec.lo, spec.hi
    worst = None
    primes = None
    for x in range(lo, hi + 1, 2):
        num, den = [], []
        for p, q in spec.pairs:
            num += [(p + q - x) // 2, (p - q + x) // 2, (-p + q + x) // 2]
            den.append((p + q + x) // 2 + 1)
        pr, ex = _exponents(num, den)
        if primes is None or len(pr) > len(primes):
            if worst is not None:
                worst = np.concatenate([worst, np.zeros(len(pr) - len(worst), np.int64)])
            primes = pr
        if worst is None:
            worst = np.zeros(len(primes), np.int64)
        worst[:len(ex)] = np.maximum(worst[:len(ex)], -ex)
    return product([int(p) ** int(e) for p, e in zip(primes, worst, strict=True) if e > 0])


def float_9j(t: tuple[int, ...], first_extra: int | None = None) -> float:
    """The correctly rounded float64 9j symbol of doubled arguments ``t`` (rows and columns
    close; checked by the caller), by the method of the module docstring. ``first_extra``
    overrides the first pass's extra bits (tests use it to force further passes)."""
    return float_sum(nine(t), first_extra)


def float_or_exact(spec: _Spec, symbol: str, got: str, exact_float, fit: str = "",
                   zero: bool = False) -> float:
    """The correctly rounded float of ``spec`` (the ``symbol`` named ``got`` in messages):
    ``zero`` (a zero proven by symmetry) gives 0.0; else the 6j-eigenvector method of
    :mod:`symphys.angular._sixj_rec`, refused in closed form beyond its ``MAX_COST``; a value
    it leaves within its error of 0 takes this module's :func:`float_sum` (which proves zeros
    exactly) where its cost is at most :data:`MAX_COST`, and a rounding that cannot decide
    within :data:`MAX_WORK` takes ``exact_float()`` (the exact path) where that is affordable;
    else ValueError (never an unproven value)."""
    rec_cost = _sixj_rec.cost(spec)
    if rec_cost > _sixj_rec.MAX_COST:
        raise ValueError(
            f"{got} is too large for a float {symbol} symbol: its 6j eigenvectors cost "
            f"(total length times bits) {rec_cost:.3g}, more than the limit "
            f"_sixj_rec.MAX_COST = {_sixj_rec.MAX_COST:.3g}{fit}")
    if zero:
        return 0.0
    try:
        return _sixj_rec.float_sum(spec)
    except _sixj_rec.Undecided as err:
        why = str(err)
    cost = spec_cost(spec)
    if cost > MAX_COST:
        raise ValueError(
            f"{got}: this float {symbol} symbol could not be decided ({why}; it may be 0) and "
            f"the exact zero proof of its Racah sums costs {cost:.3g}, more than the limit "
            f"_ninej_large.MAX_COST = {MAX_COST:.3g}")
    try:
        return float_sum(spec)
    except Undecided as err:
        try:
            return exact_float()
        except ValueError:
            raise ValueError(f"{got}: the rounding of this float {symbol} symbol could not be "
                             f"decided ({err}) and the exact path is refused (cost above "
                             "MAX_RACAH_COST)") from None


def float_sum(spec: _Spec, first_extra: int | None = None) -> float:
    """The correctly rounded float of a :class:`_Spec` sum times ``sqrt(d_fixed)`` (times
    ``sqrt(prod spec.scale)``, inside the square root: one rounding; every triad closes,
    checked by the caller)."""
    if spec.lo > spec.hi:
        return 0.0
    rows, first, (up0, down0, rad0) = _setup(spec)
    extra = 64 + _GUARD if first_extra is None else max(first_extra, 1)
    L = None
    passes = 0
    while True:
        passes += 1
        PASSES[0], LAST_EXTRA[0] = passes, extra
        K = extra + 64
        terms = []
        rlo = rhi = rk = 0
        steps = top = 0
        for i, (x, setups, bits, A, B) in enumerate(rows):
            if i == 0:
                rlo, rhi, rk = _first_R(*first, K)
                rlo, rhi = rlo * A, rhi * A
            else:
                rlo = rlo * A // B
                rhi = -(-rhi * A // B)
            n = rlo.bit_length() - K
            if n > 0:
                rlo >>= n
                rhi = -((-rhi) >> n)
                rk += n
            elif n < 0:
                rlo <<= -n
                rhi <<= -n
                rk += n
            c, r, e = 1, 0, rk
            cabs = 1
            sign = -1 if spec.odd(x) else 1
            for (a, b, smin, smax, peak), b0 in zip(setups, bits, strict=True):
                P = b0 + extra
                U, E = _fixed_sum(a, b, smin, smax, peak, P)
                steps += smax - smin + 1
                top = max(top, P)
                if peak & 1:
                    U = -U
                # (c +- r)(U +- E): centre c U, radius |c| E + r |U| + r E
                r = cabs * E + r * abs(U) + r * E
                c *= U
                cabs = abs(c)
                e -= P
            # times R in [rlo, rhi]: centre c rlo, radius |c| (rhi - rlo) + rhi r
            terms.append((sign * c * rlo, cabs * (rhi - rlo) + rhi * r, e))
        emin = min(e for _, _, e in terms)
        C = sum(c << (e - emin) for c, _, e in terms)
        Rad = sum(r << (e - emin) for _, r, e in terms)
        if abs(C) > Rad:
            lo = _bound(abs(C) - Rad, up0, down0, rad0, -emin, False)
            hi = _bound(abs(C) + Rad, up0, down0, rad0, -emin, True)
            if lo == hi:
                return lo if C > 0 else -lo
            short = Rad.bit_length() + 66 - (abs(C) - Rad).bit_length()
        else:  # the interval holds 0: prove Q = 0 (L Q an integer), or shrink it
            if L is None:
                L = _lcm_bits(spec)
            w = (abs(C) + Rad) * L  # |Q| L <= w 2**emin
            if emin < 0 and w < (1 << -emin) or emin >= 0 and w == 0:
                return 0.0
            short = w.bit_length() + emin + 4
        grow = max(short, 32)
        extra += grow
        if steps * (top + grow) > MAX_WORK:
            raise Undecided(f"the rounding needs more than MAX_WORK = {MAX_WORK:.3g} "
                            "term-bits")
