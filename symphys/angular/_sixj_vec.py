"""Vectorised, correctly rounded float64 6j symbols (private).

Racah's formula (see :mod:`symphys.angular.recoupling`) with ``a_i`` the four triad sums and
``b_j`` the three column-pair sums (all undoubled) reads::

    6j = S / sqrt(Q1 Q2 Q3 Q4),  S = sum_t (-1)^t T(t),
    T(t) = (t+1)! / (prod_i (t-a_i)! prod_j (b_j-t)!),   max a <= t <= min b,
    Q = (J+1)! / ((A+B-C)/2)! ((A-B+C)/2)! ((-A+B+C)/2)!  for each triad (A, B, C), J its sum.

The seven factorial arguments below ``T(t)`` add up to ``t`` (each ``j`` sits in two triads and
two column pairs), so ``T(t) = (t+1) * multinomial`` and every ``Q`` are *integers*. Each symbol
is evaluated in one of three tiers (Ziv's strategy: a fast value with a rigorous error bound,
the exact value only where the bound cannot decide the rounding; J.-M. Muller et al., Handbook
of Floating-Point Arithmetic, 2nd ed. (2018), doi:10.1007/978-3-319-76526-6, sec. 12.1):

1. *integer tier*, over a flat array of all the terms: ``T(t)`` and ``Q`` from float tables
   of ``n!`` and ``1/n!`` (relative error below ``2**-49``) are rounded to the nearest
   integer, which is exact while they are below ``2**48``; the alternating sum of at most 32
   such integers is then exact in float64. Only ``1/sqrt(Q1 Q2 Q3 Q4)`` is approximated
   (double-double, relative error below ``2**-97``).
2. *double-double tier* (larger terms, every factorial argument at most :data:`DD_SMAX` + 1):
   the first term from double-double tables, the next ones by their exact integer ratios,
   summed as they come; the absolute error of ``S`` is bounded by
   ``(8 + 3 K) 2**-102 sum|T|`` (``K`` terms), so the relative bound grows with the
   cancellation ``sum|T| / |S|`` and a vanishing ``S`` is never decided here.
3. *exact*: the symbols beyond the double-double tier, and every symbol whose value lies too
   close to a rounding boundary for its bound (:data:`FALLBACKS` counts them), take the exact
   integer path of :mod:`symphys.angular.recoupling` (passed in as ``exact``, one by one).

Scalar loops (:func:`fill_shell`): the memo of :func:`~symphys.angular.recoupling.wigner_6j`
is filled a *shell* at a time, every valid integer 6j symbol with ``max(j1..j6) = m`` for
``m <= TABLE_J`` (:data:`SHELL_SIZES`: 1 to 110380 symbols; all shells up to 10 hold 254395,
below the memo's bound of ``2**18``). A shell is filled after :func:`fill_threshold` misses (2
for the shells up to 5, one per 2000 symbols above: a few calls stay single exact
evaluations), together with the unfilled shells below it and the larger shells that have
had a miss, as long as the fill stays within :data:`JOIN_BUDGET` symbols (or they have had
half their own threshold): one kernel call on one representative per symmetry orbit (about
1/16 of the symbols), each value stored under the keys of its 24 symmetric images. Symbols
holding a half-integer have
shells of their own, by ``max(2j) <= HALF_TABLE`` (:data:`HALF_SHELL_SIZES`; 92655 up to
``2j = 12``), keyed by floats for the half-integers. Most of a fill's cost is CPython
building and inserting the key tuples; a later call is one dict look-up
(``benchmarks/bench_angular.py`` times a first pass over every symbol with ``j <= 6``).
"""

from __future__ import annotations

import gc
import itertools
import math
from fractions import Fraction

import numpy as np

from symphys.angular import _sixj_large
from symphys.angular._exact import TINY, dd_mul, two_prod, two_sum
from symphys.angular._vectorised import check_one_by_one, parse_arrays

__all__: list[str] = []

#: symbols whose largest Racah-sum index ``min(b)`` exceeds this are evaluated exactly (the
#: double-double tables stop at ``(DD_SMAX + 1)!`` and the prefactor ``prod Q`` at about
#: ``1e240``, inside float64's range with room for Dekker's splitting)
DD_SMAX = 120

#: the integer tier keeps terms and ``Q`` below this (each computed with relative error below
#: ``15 * 2**-53 < 2**-49``, an absolute error below 0.47: rounding to the nearest integer is
#: exact) and at most 32 terms per sum (partial sums below ``2**53``: exact)
INT_LIMIT = 2.0**48

#: scale of every error bound (tests raise it to force the exact fallback)
EPS_SCALE = 1.0

#: how many symbols took the exact fallback because the bound could not decide the rounding
#: (read by the tests and the benchmark)
FALLBACKS = [0]
#: how many symbols went to the exact path directly: beyond :data:`DD_SMAX`, or left by the
#: integer tier in a group of at most :data:`DD_MIN_ROWS` (one by one is then cheaper than
#: the double-double tier's fixed cost, that of some 15 exact symbols)
DIRECT = [0]
DD_MIN_ROWS = 12

#: scalar calls fill shells of integer symbols up to this largest ``j`` (shells 0..10 hold
#: 254395 symbols: they fit the memo's bound)
TABLE_J = 10

_TABLES: dict[str, tuple[np.ndarray, ...]] = {}
_SHELL_MARK = "6j shell"
_HALF_MARK = "6j half shell"
_FILLED = "filled"

#: the number of valid integer 6j symbols with ``max(j1..j6) = m``, ``m = 0..10`` (the tests
#: recount them by brute force)
SHELL_SIZES = (1, 14, 112, 521, 1723, 4556, 10318, 20867, 38725, 67178, 110380)

#: a fill takes along larger shells that have had a miss while it stays within this many
#: symbols (about the cost of 300 single exact evaluations)
JOIN_BUDGET = 20000

#: scalar calls fill shells of symbols holding a half-integer up to this largest ``2j``
HALF_TABLE = 12

#: the number of valid 6j symbols holding a half-integer with ``max(2j1..2j6) = M``,
#: ``M = 0..12`` (92655 in all; the tests recount them)
HALF_SHELL_SIZES = (0, 7, 25, 134, 277, 909, 1418, 3676, 4874, 11003, 13143, 27090, 30099)


def clear_caches() -> None:
    """Forget the factorial tables (benchmarks measure a cold start)."""
    _TABLES.clear()


def _tables() -> tuple[np.ndarray, ...]:
    """``n!`` and ``1/n!`` for ``n <= DD_SMAX + 1`` as double-double ``(hi, lo)`` arrays, from
    exact ints (relative error below ``2**-105``); ``hi`` alone within ``2**-52``."""
    tb = _TABLES.get("f")
    if tb is None:
        n = DD_SMAX + 2
        fh, fl, ih, il = (np.empty(n) for _ in range(4))
        f = 1
        for k in range(n):
            f *= max(k, 1)
            hi = float(f)
            fh[k], fl[k] = hi, float(f - int(hi))
            shift = f.bit_length() + 110
            q = (1 << shift) // f  # 2**shift / f truncated: ~110 bits
            qh = float(q)
            ih[k], il[k] = math.ldexp(qh, -shift), math.ldexp(float(q - int(qh)), -shift)
        tb = (fh, fl, ih, il)
        for x in tb:
            x.flags.writeable = False
        _TABLES["f"] = tb
    return tb


def _racah_bounds(C: np.ndarray, check: bool = True):
    """Triad sums ``a`` (4, n), column-pair sums ``b`` (3, n) (undoubled) of the doubled
    columns ``C`` (6, n) and the validity of each symbol (every triad closes: triangle rule
    with an even doubled perimeter; all True when ``check`` is False)."""
    j1, j2, j3, j4, j5, j6 = C
    tri = ((j1, j2, j3), (j1, j5, j6), (j4, j2, j6), (j4, j5, j3))
    ok = np.ones(C.shape[1], dtype=bool)
    sums = [x + y + z for x, y, z in tri]
    if check:
        for (x, y, z), p in zip(tri, sums, strict=True):
            ok &= ((p & 1) == 0) & (np.abs(x - y) <= z) & (z <= x + y)
    a = np.stack(sums) >> 1
    b = np.stack([j1 + j2 + j4 + j5, j2 + j3 + j5 + j6, j3 + j1 + j6 + j4]) >> 1
    return a, b, ok


def _q_args(C: np.ndarray, a: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """For each triad ``(x, y, z)`` (doubled columns ``C``, its sum ``a_i = (x+y+z)/2``):
    ``J + 1`` and the three factorial arguments of ``Q`` (undoubled)."""
    j1, j2, j3, j4, j5, j6 = C
    return [(h + 1, h - z, h - y, h - x) for h, (x, y, z) in zip(
        a, ((j1, j2, j3), (j1, j5, j6), (j4, j2, j6), (j4, j5, j3)), strict=True)]


def _ambiguous(vh: np.ndarray, vl: np.ndarray, eps) -> np.ndarray:
    """Where ``vh`` may not be the correct rounding of a value within ``eps |vh + vl|`` of the
    normalised double-double ``vh + vl`` (``vh = fl(vh + vl)``): as
    :func:`~symphys.angular._exact.round_dd`, with the gap below a power of two taken as
    half the gap above on both sides (conservative)."""
    a = np.abs(vh)
    gap = np.spacing(a)
    reach = np.abs(vl) + ((eps * (1.0 + 2.0**-40)) * a + 2.0**-1074)
    ok = reach < 0.5 * gap
    ok &= (np.frexp(a)[0] != 0.5) | (reach < 0.25 * gap)
    ok &= a >= TINY
    return ~ok


def _dd_rsqrt(h: np.ndarray, l: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``1/sqrt(h + l)`` as a double-double (one Newton step from the float64 root; relative
    error below ``2**-100`` for inputs exact to ``2**-104``, normal range)."""
    y0 = 1.0 / np.sqrt(h)
    p, pe = two_prod(y0, y0)
    w, wl = dd_mul(h, l, p, pe)  # (h+l) y0^2 = 1 - d, |d| ~ 2**-52
    d = (1.0 - w) - wl  # 1 - w is exact (Sterbenz)
    c = y0 * (0.5 * d)
    yh = y0 + c
    return yh, c - (yh - y0)


def _int_tier(C: np.ndarray, a: np.ndarray, b: np.ndarray, smin: np.ndarray,
              smax: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer tier for symbols with ``smax <= DD_SMAX``: ``(value, ambiguous, done)``;
    ``done`` False where a term or ``Q`` reaches :data:`INT_LIMIT` (those go to the next tier)."""
    fh, _, ih, _ = _tables()
    K = smax - smin + 1
    starts = np.cumsum(K) - K
    t = np.arange(int(K.sum())) - np.repeat(starts - smin, K)
    term = fh[t + 1]
    for i in range(4):
        term *= ih[t - np.repeat(a[i], K)]
    for j in range(3):
        term *= ih[np.repeat(b[j], K) - t]
    big = term >= INT_LIMIT
    term = np.rint(term)
    term[(t & 1).astype(bool)] *= -1.0
    S = np.add.reduceat(term, starts)
    done = K <= 32
    if big.any():
        done &= ~np.logical_or.reduceat(big, starts)
    Q = []
    for J1, x, y, z in _q_args(C, a):
        q = fh[J1] * ih[x]
        q *= ih[y]
        q *= ih[z]
        done &= q < INT_LIMIT
        Q.append(np.rint(q))
    p1, e1 = two_prod(Q[0], Q[1])  # exact
    p2, e2 = two_prod(Q[2], Q[3])
    rh, rl = dd_mul(p1, e1, p2, e2)
    yh, yl = _dd_rsqrt(rh, rl)
    vh, ve = two_prod(S, yh)
    vh, vl = two_sum(vh, ve + S * yl)
    amb = _ambiguous(vh, vl, EPS_SCALE * 2.0**-96)
    amb &= S != 0  # S is exact: its zeros are exact zeros
    return vh, amb, done


def _dd_mul_d(h: np.ndarray, l: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Double-double times double (relative error below ``2**-104``)."""
    p, e = two_prod(h, d)
    e = e + l * d
    hi = p + e
    return hi, e - (hi - p)


def _dd_div_d(h: np.ndarray, l: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Double-double over double (one correction step; relative error below ``2**-103``)."""
    q = h / d
    p, e = two_prod(q, d)
    r = (((h - p) - e) + l) / d
    hi = q + r
    return hi, r - (hi - q)


def _dd_tier(C: np.ndarray, a: np.ndarray, b: np.ndarray, smin: np.ndarray,
             smax: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Double-double tier (``smax <= DD_SMAX``): ``(value, ambiguous)``.

    The first term from the tables (seven products), each next one by the exact ratio
    ``T(t+1)/T(t) = -(t+2) prod (b_j-t) / prod (t+1-a_i)`` (integers below ``2**28``: exact
    doubles), summed as it goes. Rows are sorted by their number of terms, so step ``k`` works
    on a prefix (no grid: memory is linear in the rows).
    """
    fh, fl, ih, il = _tables()
    K = smax - smin + 1
    order = np.argsort(-K, kind="stable")
    K, ao, bo, t0 = K[order], a[:, order], b[:, order], smin[order]
    th, tl = fh[t0 + 1], fl[t0 + 1]
    for i in range(4):
        x = t0 - ao[i]
        th, tl = dd_mul(th, tl, ih[x], il[x])
    for j in range(3):
        x = bo[j] - t0
        th, tl = dd_mul(th, tl, ih[x], il[x])
    neg = (t0 & 1).astype(bool)
    th, tl = np.where(neg, -th, th), np.where(neg, -tl, tl)
    sh, sl, sumabs = th.copy(), tl.copy(), np.abs(th)
    live = np.searchsorted(-K, -np.arange(int(K[0])), side="left")  # rows with K > k
    tf = t0.astype(np.float64)
    af, bf = ao.astype(np.float64), bo.astype(np.float64)
    for k in range(1, int(K[0])):
        r = int(live[k])
        t = tf[:r] + (k - 1)
        num = -(t + 2.0) * (bf[0, :r] - t) * (bf[1, :r] - t) * (bf[2, :r] - t)
        den = (t + 1.0 - af[0, :r]) * (t + 1.0 - af[1, :r]) * (t + 1.0 - af[2, :r]) \
            * (t + 1.0 - af[3, :r])
        th, tl = _dd_div_d(*_dd_mul_d(th[:r], tl[:r], num), den)
        s, e = two_sum(sh[:r], th)
        e += sl[:r] + tl
        sh[:r] = s + e
        sl[:r] = e - (sh[:r] - s)
        sumabs[:r] += np.abs(th)
    # |S - (sh + sl)|: term k carries 2**-100 (tables) + k 2**-102 (ratios), each addition
    # 2**-104 of the magnitudes it adds; sum|T| from rounded high parts (the factor 2 covers it)
    err_s = (8 + 3 * K) * 2.0**-102 * sumabs
    inv = np.empty_like(order)
    inv[order] = np.arange(len(order))
    sh, sl, err_s = sh[inv], sl[inv], err_s[inv]
    rh = rl = None
    for J1, x, y, z in _q_args(C, a):
        qh, ql = fh[J1], fl[J1]
        for v in (x, y, z):
            qh, ql = dd_mul(qh, ql, ih[v], il[v])
        rh, rl = (qh, ql) if rh is None else dd_mul(rh, rl, qh, ql)
    yh, yl = _dd_rsqrt(rh, rl)
    vh, vl = dd_mul(sh, sl, yh, yl)
    margin = np.abs(sh) - err_s
    decided = margin > err_s  # |S| > 2 * bound: the relative bound below is below 1
    eps = np.where(decided, err_s / np.where(decided, margin, 1.0), 1.0) + 2.0**-97
    return vh, _ambiguous(vh, vl, EPS_SCALE * eps) | ~decided


def sixj_floats(T: np.ndarray, exact, check: bool = True, columns: bool = False
                ) -> np.ndarray:
    """Correctly rounded float64 6j symbols of the doubled arguments ``T`` (shape ``(n, 6)``,
    or its columns ``(6, n)``, contiguous int64, when ``columns`` is True).

    A symbol with a broken triad, a negative ``j`` or an odd doubled perimeter is 0 (callers
    refuse odd perimeters first); ``check=False`` promises every symbol valid (the shells).
    ``exact(t)`` returns the correctly rounded value of one symbol from exact integers (a tuple
    of six doubled ints): the fallback.
    """
    if columns:
        C = T
    else:
        C = np.ascontiguousarray(np.asarray(T, dtype=np.int64).reshape(-1, 6).T)
    n = C.shape[1]
    out = np.zeros(n)
    if n == 0:
        return out
    with np.errstate(over="ignore", invalid="ignore"):  # out-of-tier rows are discarded
        a, b, ok = _racah_bounds(C, check)
        smin, smax = a.max(axis=0), b.min(axis=0)
        if check:
            ok &= smin <= smax
        inrange = smax <= DD_SMAX
        redo: list[np.ndarray] = [np.flatnonzero(ok & ~inrange)]
        DIRECT[0] += len(redo[0])
        fast = ok & inrange
        fast = np.arange(n) if fast.all() else np.flatnonzero(fast)
        rests = []
        for lo in range(0, len(fast), _INT_CHUNK):  # chunks: temporaries stay in cache
            part = fast[lo:lo + _INT_CHUNK]
            sub = slice(lo, lo + _INT_CHUNK) if len(fast) == n else part
            val, amb, done = _int_tier(C[:, sub], a[:, sub], b[:, sub], smin[sub], smax[sub])
            out[part] = val
            redo.append(part[amb & done])
            rests.append(part[~done])
        rest = np.concatenate(rests) if rests else fast
        if len(rest) <= DD_MIN_ROWS:  # cheaper one by one than the tier's fixed cost
            redo[0] = np.concatenate([redo[0], rest])
            DIRECT[0] += len(rest)
            rest = rest[:0]
        for lo in range(0, len(rest), _CHUNK):  # bounded grids: chunks of symbols
            part = rest[lo:lo + _CHUNK]
            val, amb = _dd_tier(C[:, part], a[:, part], b[:, part], smin[part], smax[part])
            out[part] = val
            redo.append(part[amb])
    again = np.concatenate(redo)
    FALLBACKS[0] += len(again) - len(redo[0])
    for i in again.tolist():
        out[i] = exact(tuple(C[:, i].tolist()))
    return out


#: symbols per integer-tier chunk (its flat arrays of terms stay small)
_INT_CHUNK = 4096

#: symbols per double-double chunk (each holds a (chunk, K) grid, K <= DD_SMAX + 1)
_CHUNK = 4096


def check_perimeters(T: np.ndarray, names: tuple[str, ...]) -> None:
    """Refuse, as the scalar :func:`~symphys.angular.recoupling.wigner_6j` does, the first
    symbol (in order) holding a triad whose perimeter ``a+b+c`` is not an integer."""
    bad = np.zeros(T.shape[0], dtype=bool)
    triads = ((0, 1, 2), (0, 4, 5), (3, 1, 5), (3, 4, 2))
    for tr in triads:
        bad |= T[:, list(tr)].sum(axis=1) % 2 == 1
    if bad.any():
        row = T[int(np.flatnonzero(bad)[0])].tolist()
        for tr in triads:
            if sum(row[i] for i in tr) % 2:
                x, y, z = (names[i] for i in tr)
                got = ", ".join(f"{names[i]}={Fraction(row[i], 2)}" for i in tr)
                raise ValueError(f"{got}: {x}+{y}+{z} must be an integer (a triad of the 6j "
                                 "symbol)")


def vector_cost(T: np.ndarray) -> int:
    """Closed-form cost of evaluating every symbol of ``T`` (doubled, ``(n, 6)``) one by one,
    as ``recoupling._sixj_cost`` counts it: the worst case, where each falls back to the
    exact path (or, past ``_sixj_large.FIXED_POINT_FROM``, to the fixed-point sum, charged
    ``_sixj_large.cost // COST_RATIO``)."""
    j1, j2, j3, j4, j5, j6 = T.T.astype(np.float64)
    a = [np.floor((j1 + j2 + j3) / 2), np.floor((j1 + j5 + j6) / 2),
         np.floor((j4 + j2 + j6) / 2), np.floor((j4 + j5 + j3) / 2)]
    b = [np.floor((j1 + j2 + j4 + j5) / 2), np.floor((j2 + j3 + j5 + j6) / 2),
         np.floor((j3 + j1 + j6 + j4) / 2)]
    smax = np.minimum(np.minimum(b[0], b[1]), b[2])
    nt = np.maximum(smax - np.maximum(np.maximum(a[0], a[1]), np.maximum(a[2], a[3])) + 1, 0)
    exact = nt * (sum(a) + sum(b) + 1)
    large = np.floor(nt * (smax + 1) / _sixj_large.COST_RATIO)
    return int(np.where(exact > _sixj_large.FIXED_POINT_FROM, large, exact).sum())


def _symmetries() -> list[tuple[int, ...]]:
    """The 24 symmetries of the 6j symbol as permutations of its six positions ``(j1 j2 j3;
    j4 j5 j6)``: the columns permuted, then upper and lower entries swapped in two columns."""
    out = []
    for sigma in itertools.permutations(range(3)):
        for flip in ((), (0, 1), (0, 2), (1, 2)):
            pos = [0] * 6
            for k in range(3):
                up, low = sigma[k], sigma[k] + 3
                if k in flip:
                    up, low = low, up
                pos[k], pos[k + 3] = up, low
            out.append(tuple(pos))
    return out


_SYMMETRIES = _symmetries()
_SYMMETRIES_T = np.array(_SYMMETRIES).T  # (6, 24)


def _earlier_equal() -> np.ndarray:
    """``E[g, h]``: the index of ``q = p_h o p_g^-1`` for ``h < g``, else -1: images ``g`` and
    ``h`` of a symbol ``J`` (``J[p]``) agree exactly when ``q`` fixes ``J``."""
    index = {p: i for i, p in enumerate(_SYMMETRIES)}
    out = np.full((24, 24), -1, dtype=np.int64)
    for g, pg in enumerate(_SYMMETRIES):
        inv = [0] * 6
        for i, k in enumerate(pg):
            inv[k] = i
        for h in range(g):
            out[g, h] = index[tuple(_SYMMETRIES[h][inv[k]] for k in range(6))]
    return out


_EARLIER = _earlier_equal()


def shell_representatives(lo: int, m: int, half: bool = False) -> np.ndarray:
    """Valid 6j symbols, doubled (``2j``, int64 ``(6, n)``), with ``lo <= max(2j) <= m``,
    holding one member of every orbit of the 24 symmetries: integer symbols (every ``2j``
    even), or, with ``half``, the symbols holding at least one half-integer.

    The columns ``(j1, j4)``, ``(j2, j5)``, ``(j3, j6)`` in ascending order of their
    ``(min, max)`` pairs, with ``j1 <= j4`` and ``j2 <= j5`` (sorting the columns, then
    swapping the entries of the first and of the second column each together with the
    third's, reaches this form from any symbol). Where the first or the second column holds
    equal entries, swapping it with the third flips only the third: ``j3 <= j6`` is then
    required, which leaves exactly one member per orbit. Built from ordered pairs of the
    first two columns; ``j3`` and ``j6`` then run over the ranges the triangle rule leaves
    them (``j3`` closes ``(j1, j2)`` and ``(j4, j5)``, ``j6`` closes ``(j1, j5)`` and
    ``(j4, j2)``, in steps of 2: even perimeters)."""
    vals = np.arange(0, m + 1, 1 if half else 2)
    iu, iv = np.triu_indices(len(vals))
    u, v = vals[iu], vals[iv]  # column pairs u <= v, in lexicographic order
    c1, c2 = np.triu_indices(len(u))  # first column's pair <= the second's
    j1, j4, j2, j5 = u[c1], v[c1], u[c2], v[c2]

    def span(p, q, r, s):  # the 2j closing both (p, q) and (r, s): lo, count
        low = np.maximum(np.abs(p - q), np.abs(r - s))
        high = np.minimum(np.minimum(p + q, r + s), m)
        n = np.where((p + q - r - s) % 2 == 0, (high - low) // 2 + 1, 0)
        return low, np.maximum(n, 0)

    lo3, n3 = span(j1, j2, j4, j5)
    lo6, n6 = span(j1, j5, j4, j2)
    cnt = n3 * n6
    rep = np.repeat(np.arange(len(cnt)), cnt)
    q = np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    w = n6[rep]
    j3, j6 = lo3[rep] + 2 * (q // w), lo6[rep] + 2 * (q % w)
    j1, j2, j4, j5 = j1[rep], j2[rep], j4[rep], j5[rep]
    low36, high36 = np.minimum(j3, j6), np.maximum(j3, j6)
    ok = (j2 < low36) | ((j2 == low36) & (j5 <= high36))  # second pair <= third
    ok &= (j3 <= j6) | ((j1 != j4) & (j2 != j5))  # one member per orbit (see above)
    ok &= np.maximum(np.maximum(j4, j5), high36) >= lo
    if half:
        ok &= ((j1 | j2 | j3 | j4 | j5 | j6) & 1).astype(bool)
    return np.stack([j1, j2, j3, j4, j5, j6])[:, ok]


def fill_shell(memo: dict, m: int, max_memo: int, exact, half: bool = False) -> bool:
    """Called on a memo miss of a symbol with every ``j >= 0`` and ``max(j) = m <= TABLE_J``
    (all integers), or ``max(2j) = m <= HALF_TABLE`` (``half``: some half-integer): returns
    True when it has just stored, in ``memo``, every valid 6j symbol of that kind in shell
    ``m``, of the larger shells of that kind that join it (below), and of the unfilled shells
    below them (keys: the six ``j``, Python ints for integer symbols and floats for those
    holding a half-integer, which ``1.0``, ``Fraction(1, 2)`` and the like hash and compare
    equal to).

    Misses are counted per shell (in ``memo``, under a key no symbol has); until a shell has
    had :func:`fill_threshold` misses its symbols are evaluated singly (a few calls never pay
    for a fill), then it is filled: one kernel call on one representative per symmetry orbit
    (:func:`shell_representatives`), each value stored under the keys of its 24 symmetric
    images. The memo is emptied first if the fill (:data:`SHELL_SIZES` or
    :data:`HALF_SHELL_SIZES` entries per shell) would take it beyond ``max_memo`` entries; a
    fill that alone would exceed it is not done (those shells are marked and their symbols
    evaluated singly). The garbage collector is paused while the key tuples are built (they
    hold numbers only). Returns False when nothing was stored: the caller evaluates the symbol
    (a miss in a filled shell is a vanishing symbol).
    """
    tag, top, sizes = ((_HALF_MARK, HALF_TABLE, HALF_SHELL_SIZES) if half
                       else (_SHELL_MARK, TABLE_J, SHELL_SIZES))
    mark = (tag, m)
    state = memo.get(mark, 0)
    if state == _FILLED:
        return False
    if state + 1 < fill_threshold(m, half):
        memo[mark] = state + 1
        return False
    lo = m
    while lo > 0 and memo.get((tag, lo - 1)) != _FILLED:
        lo -= 1
    # larger shells with a miss join while the fill stays within JOIN_BUDGET symbols, or when
    # they have had half their own threshold (a lone miss in a large shell does not make a
    # loop over a small one fill it)
    hi = max(k for k in range(m, top + 1) if k == m or (
        memo.get((tag, k), _FILLED) != _FILLED
        and (sum(sizes[lo:k + 1]) <= JOIN_BUDGET
             or 2 * memo[(tag, k)] >= fill_threshold(k, half))))
    count = sum(sizes[lo:hi + 1]) + hi + 1
    if count <= max_memo:
        J = shell_representatives(lo, hi, True) if half else shell_representatives(
            2 * lo, 2 * hi)
        vals = sixj_floats(J, exact, check=False, columns=True).tolist()
        if len(memo) + count > max_memo:
            memo.clear()
        if half:  # doubled -> ints, and floats for the half-integers
            number = [x >> 1 if x % 2 == 0 else x / 2 for x in range(hi + 1)].__getitem__
            cols = [list(map(number, c)) for c in J.tolist()]
        else:
            cols = (J >> 1).tolist()
        paused = gc.isenabled()
        gc.disable()
        try:  # the images under the 24 symmetries (a symmetric symbol's repeats overwrite)
            for p in _SYMMETRIES:
                memo.update(zip(zip(*(cols[i] for i in p), strict=True), vals, strict=True))
        finally:
            if paused:
                gc.enable()
    for k in range(lo, hi + 1):
        memo[(tag, k)] = _FILLED
    return count <= max_memo


def shell_value(memo: dict, t: tuple[int, ...], max_memo: int, exact) -> float | None:
    """The float 6j symbol of doubled ``t`` from ``memo``, filling its shell when due
    (:func:`fill_shell`), for scalar calls whose numbers are not all plain ints (``0.5``,
    ``Fraction(3, 2)``, ``2.0``); None when it is not there (beyond the tables, a negative
    ``j``, a vanishing symbol, or a shell still counting misses)."""
    if min(t) < 0:
        return None
    key = tuple(x >> 1 if x % 2 == 0 else x / 2 for x in t)
    v = memo.get(key)
    if v is None:
        top = max(t)
        half = any(x % 2 for x in t)
        level = top if half else top // 2
        if level > (HALF_TABLE if half else TABLE_J) or not fill_shell(
                memo, level, max_memo, exact, half):
            return None
        v = memo.get(key)
    return v


def fill_threshold(m: int, half: bool = False) -> int:
    """Misses in shell ``m`` (of integer symbols, or with ``half`` of half-integer ones)
    before it is filled: 2, or one per 2000 of its symbols.

    Filling 2000 symbols costs about 30 single exact evaluations, so scattered calls that
    trigger a fill they do not use pay at most about 30 times their own cost, while a loop
    over the shell pays its single evaluations for a small fraction of the fill."""
    return max(2, (HALF_SHELL_SIZES if half else SHELL_SIZES)[m] // 2000)


def wigner_6j_floats(args: tuple, names: tuple[str, ...], exact) -> np.ndarray:
    """Float64 6j symbols of NumPy array arguments (broadcast together): parsed and refused as
    the scalar symbols are (non-half-integers, an odd triad perimeter: ValueError naming the
    arguments), the worst case (every symbol through the exact fallback) bounded in closed form
    before any work (:func:`~symphys.angular._vectorised.check_one_by_one`), then
    :func:`sixj_floats`."""
    T, shape = parse_arrays(args, names, 6)
    C = np.ascontiguousarray(T)
    check_perimeters(C.T, names)
    check_one_by_one(C.shape[1], vector_cost(C.T))
    return sixj_floats(C, exact, check=True, columns=True).reshape(shape)
