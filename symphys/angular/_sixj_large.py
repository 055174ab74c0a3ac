"""Correctly rounded float64 6j symbols at large ``j`` by a fixed-point Racah sum (private).

Racah's formula (see :mod:`symphys.angular.recoupling`) with ``a_i`` the four triad sums and
``b_j`` the three column-pair sums (undoubled) reads::

    6j = D * S,   S = sum_t (-1)^t T(t),   D = product of the four triads' Delta,
    T(t) = (t+1)! / (prod_i (t-a_i)! prod_j (b_j-t)!),   smin = max a <= t <= smax = min b.

The seven factorial arguments below ``T(t)`` add up to ``t`` (``sum a = sum b``), so
``T(t) = (t+1) * multinomial`` and **S is an integer**. The term ratio is a ratio of small
integers, ``|T(t+1)/T(t)| = r(t) = (t+2) prod_j (b_j-t) / prod_i (t+1-a_i)``, and ``r`` is
non-increasing in ``t`` (a product of positive non-increasing factors), so the terms are
unimodal: ``s*``, the first ``t`` with ``r(t) < 1`` (``smax`` if none), carries the largest.

Fixed-point pass at ``P`` bits (Ziv's strategy: J.-M. Muller et al., Handbook of
Floating-Point Arithmetic, 2nd ed. (2018), doi:10.1007/978-3-319-76526-6, sec. 12.1): with
``x_t = 2**P |T(t)| / |T(s*)|`` (so ``x_{s*} = 2**P``), the integers ``u_{s*} = 2**P`` and,
walking away from ``s*`` in both directions, ``u_{t+1} = floor(u_t r(t))`` upwards and
``u_{t-1} = floor(u_t / r(t-1))`` downwards. Every factor applied is at most 1 (unimodality),
so ``|u - x| <= e`` obeys ``e_d <= e_{d-1} * (factor <= 1) + 1`` (the floor loses less than
1): ``|u_t - x_t| <= |t - s*|``. A walk stops when ``u`` reaches 0 (it then stays 0 and the
bound still holds). Hence ``X = sum_t (-1)^(t-s*) x_t`` lies within
``E = d_up (d_up+1)/2 + d_down (d_down+1)/2`` (``d`` the walk lengths) of the computed
``U = sum (-1)^(t-s*) u_t``, and ``6j = (-1)^s* X 2**-P |T(s*)| D``. The prefactor
``sqrt(T(s*)**2 D**2)`` is a ratio of factorials, taken exactly from its prime exponents
(Legendre's formula), ``(up/down) sqrt(rad)``; each end of ``(|U| -+ E) up sqrt(rad) /
(down 2**P)`` is bounded by 160-bit truncations (rounded outwards) and correctly rounded
(:func:`~symphys.angular._exact.rounded_sqrt`, monotone). When both ends round alike, that
is the correctly rounded 6j symbol; otherwise ``P`` grows (by the measured shortfall, or
four-fold when ``|U| <= E``, straight to the exact decision below once that is within 8x).

Exact decisions: a vanishing ``S`` cannot be decided by any bound on ``X`` alone, but ``S`` is
an integer, so ``|S| <= |T(s*)| (|U| + E) 2**-P < 1`` proves ``S = 0`` (the symbol is 0). Once
``|T(s*)| E < 2**(P-1)`` (``P`` about ``log2 T(s*)``, at most ``2.81 smax + 30`` bits since a
multinomial of ``t`` over seven parts is at most ``7**t``), ``S`` is the nearest integer to
``|T(s*)| U (-1)^s* 2**-P``: exact, and the float is rounded from it by
:func:`~symphys.angular._exact.float_from_parts` (so a rounding tie or an exactly representable
value is handled as on the exact path). The result always equals the exact path's float.

Cost: each pass is at most ``n_terms`` steps on integers of about ``P`` bits; the worst case
(the exact decision) is ``n_terms * log2 T(s*) <= n_terms * 2.81 smax`` bit operations.
:func:`cost` is ``n_terms * (smax + 1)``, refused above :data:`MAX_COST` (``10001 * 40001``,
about ``4.0e8``: every 6j symbol with all ``j <= 10**4`` fits, since ``n_terms - 1 <= sum(j)/6`` and
``smax <= 2 sum(j)/3``).
"""

from __future__ import annotations

import math

import numpy as np

from symphys.angular._exact import (
    _split_square,
    float_from_parts,
    primes_array,
    product,
    rounded_sqrt,
)

__all__: list[str] = []

#: largest :func:`cost` (``n_terms * (smax + 1)``) this method accepts: every 6j symbol whose
#: six arguments are at most ``10**4`` (at most 10001 terms, ``smax <= 40000``; six equal
#: ``j = 10**4`` reach it), at most about 1 s on the worst path (an exact zero decision)
MAX_COST = 10_001 * 40_001

#: scalar float 6j symbols whose exact cost (``recoupling._sixj_cost``: ``n_terms`` times the
#: sum of the seven perimeters) exceeds this take this method (measured crossover, both about
#: 130 us there; random symbols with ``j`` near 100; below it the exact integer sum is faster)
FIXED_POINT_FROM = 3 * 10**4

#: one unit of :func:`cost` takes about this many times less time than one unit of the exact
#: path's cost model (measured here: 13 ms at cost 4.0e8 against 0.33 s at 1.9e8 for six equal
#: j = 4000): array calls charge ``cost // COST_RATIO`` to the one-by-one budget for the
#: symbols this method evaluates
COST_RATIO = 50

#: bits kept by the truncations of the final rounding (relative error below ``2**-158``)
_KEEP = 160

#: guard bits beyond the estimated cancellation in the first pass
_GUARD = 64

#: how many passes the last call made and the bits ``P`` of its last pass (read by the tests:
#: the Ziv loop was exercised; the mpmath reference works at a multiple of those bits)
PASSES = [0]
LAST_BITS = [0]


def _sums(t: tuple[int, ...]) -> tuple[list[int], list[int]]:
    j1, j2, j3, j4, j5, j6 = t
    a = [(j1 + j2 + j3) // 2, (j1 + j5 + j6) // 2, (j4 + j2 + j6) // 2, (j4 + j5 + j3) // 2]
    b = [(j1 + j2 + j4 + j5) // 2, (j2 + j3 + j5 + j6) // 2, (j3 + j1 + j6 + j4) // 2]
    return a, b


def cost(t: tuple[int, ...]) -> int:
    """``n_terms * (smax + 1)`` for doubled arguments (closed form, before any work)."""
    a, b = _sums(t)
    smin, smax = max(a), min(b)
    return max(smax - smin + 1, 0) * (smax + 1)


def _peak(a: list[int], b: list[int], smin: int, smax: int) -> int:
    """The first ``s`` in ``[smin, smax)`` with ``r(s) < 1`` (exact integers; ``r`` is
    non-increasing), ``smax`` if none: the largest term."""
    a1, a2, a3, a4 = a
    b1, b2, b3 = b
    lo, hi = smin, smax  # answer in [lo, hi]
    while lo < hi:
        s = (lo + hi) // 2
        if (s + 2) * (b1 - s) * (b2 - s) * (b3 - s) < \
                (s + 1 - a1) * (s + 1 - a2) * (s + 1 - a3) * (s + 1 - a4):
            hi = s
        else:
            lo = s + 1
    return lo


def _fixed_sum(a: list[int], b: list[int], smin: int, smax: int, peak: int,
               P: int) -> tuple[int, int]:
    """``(U, E)``: ``|sum_t (-1)^(t-peak) 2**P T(t)/T(peak) - U| <= E`` (module docstring).

    Each divisor is split in two factors, mostly below ``2**30`` (CPython's fast one-digit
    division); ``(x // a) // b == x // (a b)`` for positive ints: still one floor."""
    a1, a2, a3, a4 = a
    b1, b2, b3 = b
    one = 1 << P
    even, odd = one, 0
    u, s = one, peak
    while s < smax and u:  # upwards: factor r(s) < 1
        u = u * ((s + 2) * (b1 - s) * (b2 - s) * (b3 - s)) \
            // ((s + 1 - a1) * (s + 1 - a2)) // ((s + 1 - a3) * (s + 1 - a4))
        s += 1
        if (s - peak) & 1:
            odd += u
        else:
            even += u
    u, s = one, peak
    while s > smin and u:  # downwards: factor 1/r(s-1) <= 1
        s -= 1
        u = u * ((s + 1 - a1) * (s + 1 - a2) * (s + 1 - a3) * (s + 1 - a4)) \
            // ((s + 2) * (b1 - s)) // ((b2 - s) * (b3 - s))
        if (peak - s) & 1:
            odd += u
        else:
            even += u
    up, down = smax - peak, peak - smin
    return even - odd, (up * (up + 1) + down * (down + 1)) // 2


def _exponents(num: list[int], den: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Primes up to the largest argument and the exponents of ``prod num_i! / prod den_i!``
    (Legendre's formula for all arguments at once: one ``args x primes`` division per power
    ``p**k``, over the primes with ``p**k <= max(args)``; every product stays below
    ``max(args)**2``)."""
    args = np.array(num + den, dtype=np.int64)
    sign = np.array([1] * len(num) + [-1] * len(den), dtype=np.int64)
    top = max(int(args.max()), 1)
    primes = primes_array(top)
    exps = np.zeros(len(primes), dtype=np.int64)
    pk, live = primes.copy(), len(primes)
    while live:
        exps[:live] += sign @ (args[:, None] // pk[None, :live])
        pk = pk[:live] * primes[:live]
        live = int(np.searchsorted(pk, top, side="right"))
    return primes, exps


def _trunc(x: int, upward: bool) -> tuple[int, int]:
    """``(m, k)`` with ``m 2**k`` a lower (upper) bound of ``x >= 0``, ``m`` of ``_KEEP`` bits."""
    k = max(x.bit_length() - _KEEP, 0)
    m = x >> k
    if upward and k and (m << k) != x:
        m += 1
    return m, k


def _bound(c: int, up: int, down: int, rad: int, P: int, upward: bool) -> float:
    """The correctly rounded float of a lower (upper) bound of ``c up sqrt(rad) / (down 2**P)``
    whose relative distance to it is below ``2**-155``."""
    n, kn = _trunc(c * up, upward)
    r, kr = _trunc(rad, upward)
    d, kd = _trunc(down, not upward)
    e = 2 * kn + kr - 2 * kd - 2 * P  # value**2 = n**2 r / d**2 * 2**e
    num, den = n * n * r, d * d
    if e >= 0:
        num <<= e
    else:
        den <<= -e
    return rounded_sqrt(num, den)


def _log2_fact(n: int) -> float:
    return math.lgamma(n + 1) / math.log(2)


def float_6j(t: tuple[int, ...], first_bits: int | None = None) -> float:
    """The correctly rounded float64 6j symbol of doubled arguments ``t`` (every triad closes
    with an integer perimeter; checked by the caller), by the method of the module docstring.
    ``first_bits`` overrides the first pass's ``P`` (tests use it to force further passes)."""
    a, b = _sums(t)
    smin, smax = max(a), min(b)
    if smin > smax:
        return 0.0
    j1, j2, j3, j4, j5, j6 = t
    dnum, dden = [], []
    for x, y, z in ((j1, j2, j3), (j1, j5, j6), (j4, j2, j6), (j4, j5, j3)):
        dnum += [(x + y - z) // 2, (x - y + z) // 2, (-x + y + z) // 2]
        dden.append((x + y + z) // 2 + 1)
    peak = _peak(a, b, smin, smax)
    tnum = [peak + 1]
    tden = [peak - x for x in a] + [y - peak for y in b]
    # prefactor sqrt(T(peak)^2 D^2) = up sqrt(rad) / down, exactly
    primes, exps = _exponents(tnum * 2 + dnum, tden * 2 + dden)
    up, down, rad = _split_square(primes, exps)
    log2_t = _log2_fact(peak + 1) - sum(_log2_fact(k) for k in tden)
    log2_d = 0.5 * (sum(_log2_fact(k) for k in dnum) - sum(_log2_fact(k) for k in dden))
    # first guess: |6j| >= about 2**-g (1/sqrt(12 pi V) ~ j**-1.5 in the allowed region)
    g = 1.5 * math.log2(max(t) + 2) + 8
    up_n, down_n = smax - peak, peak - smin
    E0 = (up_n * (up_n + 1) + down_n * (down_n + 1)) // 2
    p_exact = math.ceil(log2_t) + E0.bit_length() + 4
    P = min(max(math.ceil(log2_t + log2_d + g) + E0.bit_length() + _GUARD, _GUARD), p_exact)
    if first_bits is not None:
        P = min(max(first_bits, 1), p_exact)
    sign = -1 if peak & 1 else 1
    passes = 0
    T_exact = None
    while True:
        passes += 1
        U, E = _fixed_sum(a, b, smin, smax, peak, P)
        PASSES[0], LAST_BITS[0] = passes, P
        if P >= p_exact or abs(U) <= E:
            if T_exact is None:
                T_exact = product([int(p) ** int(e) for p, e in
                                   zip(*_exponents(tnum, tden), strict=True) if e])
            if T_exact * (abs(U) + E) < (1 << P):  # |S| < 1 and S is an integer: S = 0
                return 0.0
            if 2 * T_exact * E < (1 << P):  # S known to within 1/2: round to the integer
                S = sign * ((T_exact * U + (1 << (P - 1))) >> P)
                return float_from_parts(S, dnum, dden)
            if P >= p_exact:  # the estimate of log2 T(peak) fell short: enough now, exactly
                p_exact = T_exact.bit_length() + E.bit_length() + 2
            # far too few bits (a tiny symbol, or a zero): four-fold, then straight to p_exact
            P = p_exact if 8 * P >= p_exact else 4 * P
            continue
        lo = _bound(abs(U) - E, up, down, rad, P, False)
        hi = _bound(abs(U) + E, up, down, rad, P, True)
        if lo == hi:
            return lo if (U > 0) == (sign > 0) else -lo
        # shortfall: the relative width 2E/|U| must fall below about 2**-64
        short = E.bit_length() + 66 - (abs(U) - E).bit_length()
        P = min(P + max(short, 32), p_exact)
