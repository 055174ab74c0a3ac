"""Vectorised, correctly rounded float64 3j symbols and Clebsch-Gordan coefficients (private).

A vectorised call (``wigner_3j(j1, j2, j3, m1, m2, m3, exact=False)`` with NumPy arrays) is
answered from a store of *compact blocks* ``K[i1, i2] = 3j(j1 j2 j3; m1 m2 -m1-m2)`` of sorted
triples (``i = j + m``; the layout of :func:`symphys.angular._blocks.compact_sorted`), laid end
to end in one float array so that every symbol is one fancy index. A block is not built whole:
its entries start as NaN and only those a call reads are evaluated, in one batch for the whole
call (a random call with ``l <= 32`` reads about a third of the entries of each block), with
the mirror entry ``3j(-m) = (-1)^J 3j(m)`` stored along. A later call reads stored entries
directly (a NaN check says which to evaluate).

Evaluation of the missing entries, in the binomial form of ``_blocks``::

    K = (-1)^(b-i3) S(x, y) sqrt(G / (C(2j1, i1) C(2j2, i2) C(2j3, i3))),
    S(x, y) = sum_k (-1)^k C(a, k) C(b, x-k) C(c, y-k),   x = 2j1 - i1,  y = i2,
    G = C(a+b, a) C(b+c, b) / ((J+1) C(J, b))            (a+b = 2j1, a+c = 2j2, b+c = 2j3)

1. The Racah sums ``S`` of a few dozen triples at a time are one batched matrix product
   (padded to the largest triple of the batch; the matrices are Hankel and Toeplitz windows on
   one row of binomials per triple): exact float64 for ``J = j1+j2+j3 <= 52`` (every partial
   sum is an integer below ``2**53``), else modulo primes below ``2**22`` (exact float
   products, partial sums below ``1.5 K 4**22 < 2**53`` for ``K <= 256`` terms) and rebuilt by
   Garner's mixed-radix algorithm, only at the entries a call reads. A triple of which a call
   reads fewer than ``1/SPARSE`` of the half-block entries has its entries summed term by term
   instead (a flat array of terms: scattered calls pay per symbol, not per block).
2. The square-root factor is a product of double-double tables (``1/sqrt(C(n, k))`` and
   ``sqrt(G)``, from exact integers), the product rounded once with a rigorous relative bound
   ``(n_primes + 16) * EPS_UNIT`` (:data:`symphys.angular._blocks.EPS_UNIT`), as in
   ``_blocks`` (Ziv's strategy: J.-M. Muller et al., Handbook of Floating-Point Arithmetic,
   2nd ed. (2018), doi:10.1007/978-3-319-76526-6, sec. 12.1).
3. Entries the bound cannot decide are recomputed from exact integers
   (:func:`symphys.angular._blocks.exact_entry`; counted in ``_blocks.FALLBACKS``).

Every entry is thus the correctly rounded value, the same float as the whole block of
``compact_sorted`` holds. A call whose blocks alone exceed the store (:data:`MAX_FLOATS`) is
evaluated without it, its distinct entries once each (``np.unique``), in chunks.

Measured (``benchmarks/bench_angular.py``, 1e6 random symbols with ``l <= 32``, one thread):
about 0.3 s cold (every entry evaluated inside the call), 0.07 s warm, against 0.87 s for a
loop over pywigxjpf's ``wig3jj``.
"""

from __future__ import annotations

import math
import threading
from fractions import Fraction

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from symphys.angular import _blocks
from symphys.angular._blocks import _garner_inverses, _primes, exact_entry, inv_sqrt_binom_dd
from symphys.angular._exact import dd_mul, dd_mul_add_d, dd_sqrt, round_dd
from symphys.angular._vectorised import BLOCK_LMAX

__all__: list[str] = []

#: primes below ``2**BITS`` carry the Racah sums of triples with ``J > 52``
BITS = 22

#: the store holds at most this many floats (128 MiB); a call whose new blocks would exceed it
#: empties it first
MAX_FLOATS = 2**24

#: triples per batched matrix product (padded to the largest of them) ...
BATCH = 48
#: ... and floats in one padded operand of it, per prime included (16 MiB)
BATCH_FLOATS = 2**21

#: a triple whose call reads fewer than ``1/SPARSE`` of the entries of its half block has
#: them summed term by term instead (a scattered call: no whole-block product)
SPARSE = 16

#: terms per chunk of a term-by-term sum (per prime)
FLAT_TERMS = 2**18

#: the doubled ``j`` of every symbol this module evaluates is at most this
MAX_TJ = 2 * BLOCK_LMAX

# the permutation sorting three columns from the comparisons (a>b) + 2 (a>c) + 4 (b>c): the
# column first, the column second, and whether it is odd (codes 2 and 5 cannot occur)
_FIRST = np.array([0, 1, 0, 1, 0, 0, 2, 2], dtype=np.int64)
_MID = np.array([1, 0, 1, 2, 2, 1, 0, 1], dtype=np.int64)
_ODD = np.array([0, 1, 0, 0, 1, 0, 0, 1], dtype=bool)


class _Store:
    """Compact blocks of sorted triples end to end in one float array (NaN: not evaluated
    yet), keyed by ``(tj1, tj2, tj3, e)`` (``e``: the sorted column holding a CG coefficient's
    ``j3``, 3 for a 3j symbol). The array has room to grow (its capacity doubles, up to
    ``max_floats``); a call whose new blocks do not fit empties the store (a new array: a
    call still reading the old one is not disturbed)."""

    def __init__(self, max_floats: int) -> None:
        self.max_floats = max_floats
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.index: dict[tuple[int, int, int, int], int] = {}
        self.flat = np.zeros(0)
        self.size = 0

    def offsets(self, keys: list[tuple[int, int, int, int]]
                ) -> tuple[np.ndarray, np.ndarray, bool]:
        """Offsets of the blocks of ``keys`` (new ones appended, NaN-filled), the flat
        array they index (a later growth copies it: the pair stays consistent), and whether
        every block is new."""
        with self.lock:
            return self._offsets(keys)

    def _offsets(self, keys: list[tuple[int, int, int, int]]
                 ) -> tuple[np.ndarray, np.ndarray, bool]:
        index = self.index
        new = [k for k in keys if k not in index]
        if new:
            grow = sum((k[0] + 1) * (k[1] + 1) for k in new)
            if self.size + grow > self.max_floats:
                self.clear()
                index = self.index
                new = keys
                grow = sum((k[0] + 1) * (k[1] + 1) for k in new)
            pos = self.size
            need = pos + grow
            if need > self.flat.size:
                flat = np.empty(min(max(need, 2 * self.flat.size), max(need, self.max_floats)))
                flat[:pos] = self.flat[:pos]
                self.flat = flat
            self.flat[pos:need] = np.nan
            for k in new:
                index[k] = pos
                pos += (k[0] + 1) * (k[1] + 1)
            self.size = need
        offs = np.fromiter((index[k] for k in keys), dtype=np.int64, count=len(keys))
        return offs, self.flat, len(new) == len(keys)


#: the blocks of vectorised 3j and Clebsch-Gordan calls
STORE = _Store(MAX_FLOATS)

_TABLES: dict = {}


def clear_caches() -> None:
    """Forget the store and the tables (benchmarks measure a cold start)."""
    STORE.clear()
    _TABLES.clear()


def _binomial_tables(nprimes: int, nmax: int = MAX_TJ) -> tuple[np.ndarray, np.ndarray]:
    """``C(n, m)`` for ``n <= nmax`` (or more) and ``0 <= m < 3 MAX_TJ + 8`` (0 for ``m > n``,
    so that negative ``m`` down to ``-2 MAX_TJ - 7`` index zeros): float64 (exact for
    ``n <= 56``) and modulo the first ``nprimes`` primes (or more), shape ``(P, n, m)``;
    Pascal's rule, vectorised over ``m`` and the primes (a call with small ``n`` only builds
    the rows it needs: a cold scalar-table fill reads ``n <= 20``)."""
    tb = _TABLES.get("binom")
    if tb is None or tb[1].shape[0] < nprimes or tb[0].shape[0] <= nmax:
        P, rows = nprimes, nmax
        if tb is not None:  # never fewer primes or rows than before
            P, rows = max(P, tb[1].shape[0]), max(rows, tb[0].shape[0] - 1)
        width = 3 * MAX_TJ + 8
        ps = np.array(_primes(P, BITS), dtype=np.float64)[:, None]
        f = np.zeros((rows + 1, width))
        r = np.zeros((P, rows + 1, width))
        f[0, 0] = 1.0
        r[:, 0, 0] = 1.0
        for n in range(1, rows + 1):
            f[n, 1:] = f[n - 1, 1:] + f[n - 1, :-1]
            f[n, 0] = 1.0
            s = r[:, n - 1, 1:] + r[:, n - 1, :-1]
            r[:, n, 1:] = s - ps * (s >= ps)
            r[:, n, 0] = 1.0
        tb = (f, r)
        _TABLES["binom"] = tb
    return tb[0], tb[1][:nprimes]


def _rsqrt_tables(ns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``1/sqrt(C(n, k))`` as double-double ``(hi, lo)`` tables of shape ``(MAX_TJ + 1,
    MAX_TJ + 1)``, filled for the rows ``ns`` (others hold anything)."""
    tb = _TABLES.get("rsqrt")
    if tb is None:
        tb = (np.zeros((MAX_TJ + 1, MAX_TJ + 1)), np.zeros((MAX_TJ + 1, MAX_TJ + 1)), set())
        _TABLES["rsqrt"] = tb
    hi, lo, done = tb
    for n in ns.tolist():
        if n not in done:
            h, l_ = inv_sqrt_binom_dd(n)
            hi[n, :n + 1] = h
            lo[n, :n + 1] = l_
            done.add(n)
    return hi, lo


def _reduce(x: np.ndarray, p: np.ndarray, pinv: np.ndarray) -> np.ndarray:
    """A residue of the float integers ``x`` (``|x| < 2**52``) modulo ``p``, in ``(-1.5p,
    1.5p)`` (exact: ``x - q p`` is an exact difference of integers below ``2**53``)."""
    return x - np.rint(x * pinv) * p


def _flat_sums(tab: np.ndarray, A, B, C, x, y, nprimes: int) -> np.ndarray:
    """Racah sums ``S(x, y)`` of single entries (triple ``A, B, C`` each) from a flat array of
    their terms: exact floats (``nprimes`` 0) or residues modulo the primes, ``(P, E)``."""
    E = len(A)
    out = np.zeros((tab.shape[0], E))
    kmin = np.maximum(np.maximum(x - B, y - C), 0)
    L = np.maximum(np.minimum(np.minimum(A, x), y) - kmin + 1, 0)
    ends = np.cumsum(L)
    if nprimes:
        ps = np.array(_primes(nprimes, BITS), dtype=np.float64)[:, None]
        pinv = 1.0 / ps
    lo = 0
    while lo < E:  # chunks of at most FLAT_TERMS terms (a whole entry at least)
        hi = max(int(np.searchsorted(ends, ends[lo] - L[lo] + FLAT_TERMS, "right")), lo + 1)
        sl = slice(lo, hi)
        Ls = L[sl]
        keep = np.flatnonzero(Ls)  # an empty sum is 0
        Ls = Ls[keep]
        if len(keep):
            first = np.cumsum(Ls) - Ls
            idx = np.repeat(keep + lo, Ls)
            k = np.arange(int(Ls.sum())) - np.repeat(first - kmin[keep + lo], Ls)
            term = tab[:, A[idx], k] * tab[:, B[idx], x[idx] - k]
            if nprimes:
                term = _reduce(term, ps, pinv)
            term *= tab[:, C[idx], y[idx] - k]
            if nprimes:
                term = _reduce(term, ps, pinv)  # |term| < 1.5 p: partial sums below 2**31
            term[:, (k & 1).astype(bool)] *= -1.0
            out[:, keep + lo] = np.add.reduceat(term, first, axis=1)
        lo = hi
    return out


def _racah_sums(A, B, C, S0, nprimes, t_e, r_e, y_e) -> tuple[np.ndarray, np.ndarray]:
    """Exact Racah sums ``S(S0[t] - r, y)`` of the entries ``(t_e, r_e, y_e)`` of triples that
    share ``nprimes`` (0: float64 is exact), as double-double ``(hi, lo)``.

    The triples whose call reads many entries (at least ``1/SPARSE`` of the half block) are
    taken :data:`BATCH` at a time, each batch one matrix product (per prime) over their
    padded half blocks; the entries of the others are summed term by term
    (:func:`_flat_sums`)."""
    E = len(t_e)
    lo = np.zeros(E)
    if E == 0:
        return lo.copy(), lo
    T = len(A)
    h = S0 // 2 + 1
    n2 = (A + C) + 1  # 2j2 + 1 = a + c + 1
    K = A + 1
    f, rt = _binomial_tables(nprimes, int(max(A.max(), B.max(), C.max())))
    tab = rt if nprimes else f[None]
    R = np.empty((tab.shape[0], E))
    dense = SPARSE * np.bincount(t_e, minlength=T) >= h * n2
    on_grid = dense[t_e]
    if not on_grid.all():
        es = np.flatnonzero(~on_grid)
        te = t_e[es]
        R[:, es] = _flat_sums(tab, A[te], B[te], C[te], S0[te] - r_e[es], y_e[es], nprimes)
    ed = np.flatnonzero(on_grid)
    dtr = np.flatnonzero(dense)
    # batches of similar triples (sorted by rows, columns, terms), at most BATCH of them and
    # at most BATCH_FLOATS floats in a padded operand or product
    order = dtr[np.lexsort((K[dtr], n2[dtr], h[dtr]))]
    starts = [0]
    mh = mn = mk = 0
    for i, (x, z, w) in enumerate(zip(h[order].tolist(), n2[order].tolist(),
                                      K[order].tolist(), strict=True)):
        mh, mn, mk = max(mh, x), max(mn, z), max(mk, w)
        if i - starts[-1] + 1 > BATCH or (i - starts[-1] + 1) * max(nprimes, 1) * max(
                mh, mk) * max(mn, mk) > BATCH_FLOATS:
            starts.append(i)
            mh, mn, mk = x, z, w
    starts.append(len(order))
    batch_of = np.zeros(T, dtype=np.int64)
    slot = np.zeros(T, dtype=np.int64)
    for bi in range(len(starts) - 1):
        batch_of[order[starts[bi]:starts[bi + 1]]] = bi
        slot[order[starts[bi]:starts[bi + 1]]] = np.arange(starts[bi + 1] - starts[bi])
    eb = batch_of[t_e[ed]]
    if len(starts) < 2**15:  # a radix sort
        eb = eb.astype(np.int16)
    o = np.argsort(eb, kind="stable")
    eorder = ed[o]
    bounds = np.searchsorted(eb[o], np.arange(len(starts)))
    if nprimes:
        ps4 = np.array(_primes(nprimes, BITS), dtype=np.float64)[:, None, None, None]
        pinv4 = 1.0 / ps4
    for bi in range(len(bounds) - 1):
        sel = eorder[bounds[bi]:bounds[bi + 1]]
        if len(sel) == 0:
            continue
        tt = order[starts[bi]:starts[bi + 1]]
        Hc, Nc, Kc = int(h[tt].max()), int(n2[tt].max()), int(K[tt].max())
        k = np.arange(Kc)
        # B[g, r, k] = (-1)^k C(a, k) C(b, x - k), x = tj1 - r: a Hankel matrix (r + k), and
        # C[g, k, y] = C(c, y - k): a Toeplitz one; both as windows on one row per triple
        # (negative binomial arguments index the zeros at the end of the tables)
        wb = tab[:, B[tt, None], S0[tt, None] - np.arange(Hc + Kc - 1)]  # (P, G, H+K-1)
        Bm = sliding_window_view(wb, Kc, axis=-1)[:, :, :Hc, :]
        ka = np.where(k[None, :] <= A[tt, None], k[None, :], -1)  # (G, K): k, or a zero
        Bm = Bm * (tab[:, A[tt, None], ka] * np.where(k % 2, -1.0, 1.0))[:, :, None, :]
        wc = tab[:, C[tt, None], np.arange(Nc + Kc - 1) - (Kc - 1)]  # (P, G, K+N-1)
        Cm = np.ascontiguousarray(sliding_window_view(wc, Nc, axis=-1)[:, :, ::-1, :])
        g, r, y = slot[t_e[sel]], r_e[sel], y_e[sel]
        if nprimes:
            Bm = _reduce(Bm, ps4, pinv4)
        R[:, sel] = np.matmul(Bm, Cm)[:, g, r, y]
    if nprimes == 0:
        return R[0], lo
    ps = np.array(_primes(nprimes, BITS), dtype=np.float64)
    p2, pinv2 = ps[:, None], 1.0 / ps[:, None]
    R = _reduce(R, p2, pinv2)
    inv = _garner_inverses(nprimes, BITS)
    digits = []
    for j in range(nprimes):  # Garner: each digit removed from the later residues
        p = ps[j]
        t = R[j]
        t = t - p * (t > p / 2) + p * (t < -p / 2)  # the symmetric digit, exactly
        digits.append(t)
        if j + 1 < nprimes:
            R[j + 1:] = _reduce((R[j + 1:] - t) * inv[j + 1:, j, None], p2[j + 1:],
                                pinv2[j + 1:])
    hi = digits[-1]
    for i in range(nprimes - 2, -1, -1):  # S = d0 + p0 (d1 + p1 (d2 + ...))
        if i >= nprimes - 2:  # |S| < 2**44 so far: exact in float64
            hi = hi * ps[i] + digits[i]
        else:
            hi, lo = dd_mul_add_d(hi, lo, float(ps[i]), digits[i])
    return hi, lo


def entries(tri: np.ndarray, t_e: np.ndarray, r_e: np.ndarray, y_e: np.ndarray) -> np.ndarray:
    """Correctly rounded compact-block entries ``K[r, y]`` (``r < tj1 // 2 + 1``) of the sorted
    doubled triples ``tri`` (int64 ``(4, T)``: ``tj1 <= tj2 <= tj3`` and the doubled ``j`` a
    Clebsch-Gordan coefficient folds in as ``sqrt(2 j + 1)``, or -1 for a 3j symbol); entry
    ``e`` belongs to triple ``t_e[e]``."""
    S0, S1, S2, X = tri
    A, B, C = (S0 + S1 - S2) // 2, (S0 - S1 + S2) // 2, (S1 + S2 - S0) // 2
    J = A + B + C
    nprimes = np.where(J <= 52, 0, (J + 2) // (BITS - 1) + 1)
    # sqrt(G * extra) per triple, from exact integers
    Gs = []
    gh = np.empty(len(S0))
    gl = np.empty(len(S0))
    comb = math.comb
    for i, (a, b, c, x) in enumerate(zip(A.tolist(), B.tolist(), C.tolist(), X.tolist(),
                                         strict=True)):
        jj = a + b + c
        num = comb(a + b, a) * comb(b + c, b) * (x + 1 if x >= 0 else 1)
        den = (jj + 1) * comb(jj, b)
        Gs.append((num, den))
        gh[i], gl[i] = dd_sqrt(num, den)
    _binomial_tables(int(nprimes.max()), int(tri[:3].max()))  # once, for the most primes
    E = len(t_e)
    sh = np.empty(E)
    sl = np.empty(E)
    np_e = nprimes[t_e]
    for npr in np.unique(nprimes).tolist():
        tsel = np.flatnonzero(nprimes == npr)
        local = np.full(len(S0), -1, dtype=np.int64)
        local[tsel] = np.arange(len(tsel))
        esel = np.flatnonzero(np_e == npr)
        te = local[t_e[esel]]
        sh[esel], sl[esel] = _racah_sums(A[tsel], B[tsel], C[tsel], S0[tsel], npr, te,
                                         r_e[esel], y_e[esel])
    Jt = J[t_e]
    i3 = Jt - r_e - y_e
    s0, s1, s2 = S0[t_e], S1[t_e], S2[t_e]
    rh, rl = _rsqrt_tables(np.unique(tri[:3]))
    w = rh.shape[1]
    rhf, rlf = rh.ravel(), rl.ravel()
    fh, fl = dd_mul(gh[t_e], gl[t_e], rhf[s0 * w + r_e], rlf[s0 * w + r_e])
    q = s1 * w + y_e
    fh, fl = dd_mul(fh, fl, rhf[q], rlf[q])
    q = s2 * w + i3
    fh, fl = dd_mul(fh, fl, rhf[q], rlf[q])
    vh, vl = dd_mul(fh, fl, sh, sl)
    val, amb = round_dd(vh, vl, (np_e + 16) * _blocks.EPS_UNIT)
    amb &= sh != 0  # S is exact in sign and zero-ness: zeros are exact
    val = np.where((B[t_e] - i3) % 2 == 1, 0.0 - val, val + 0.0)  # +0.0 for zeros
    for e in np.flatnonzero(amb).tolist():
        _blocks.FALLBACKS[0] += 1
        t = int(t_e[e])
        a, b, c = int(A[t]), int(B[t]), int(C[t])
        val[e] = exact_entry(a, b, c, int(S0[t]) - int(r_e[e]), int(y_e[e]), int(i3[e]),
                             (int(S0[t]), int(S1[t]), int(S2[t])), Fraction(*Gs[t]), False)
    return val


def threej_floats(tj: np.ndarray, tm: np.ndarray, cg: bool) -> np.ndarray:
    """Correctly rounded 3j symbols of valid doubled symbols ``(tj, tm)`` (int64 ``(3, n)``,
    every ``tj <= MAX_TJ``); with ``cg``, ``sqrt(tj[2] + 1)`` times them (the Clebsch-Gordan
    coefficient up to its sign), rounded once."""
    n = tj.shape[1]
    if n == 0:
        return np.zeros(0)
    a, b, c = tj
    code = (a > b).view(np.int8) + 2 * (a > c).view(np.int8) + 4 * (b > c).view(np.int8)
    first, mid = _FIRST[code], _MID[code]
    ar = np.arange(n)
    tjf, tmf = tj.ravel(), tm.ravel()
    i_first = first * n + ar
    i_mid = mid * n + ar
    s0 = tjf[i_first]
    s1 = tjf[i_mid]
    s2 = a + b + c - s0 - s1
    i1 = (s0 + tmf[i_first]) >> 1
    i2 = (s1 + tmf[i_mid]) >> 1
    base = int(s2.max()) + 1
    key = (s0 * base + s1) * base + s2
    nx = 1
    if cg:  # the block also depends on which sorted column holds the caller's j3
        nx = 3
        key = key * 3 + np.where(first == 2, 0, np.where(mid == 2, 1, 2))
    present = np.zeros(base**3 * nx, dtype=bool)
    present[key] = True
    uniq = np.flatnonzero(present)
    lut = np.empty(len(present), dtype=np.int64)
    lut[uniq] = np.arange(len(uniq))
    tid = lut[key]
    uk, ue = np.divmod(uniq, nx)
    u12, u2 = np.divmod(uk, base)
    u0, u1 = np.divmod(u12, base)
    us = np.stack([u0, u1, u2])
    if cg:
        ux = us[ue, np.arange(len(uniq))]
        keys = list(zip(u0.tolist(), u1.tolist(), u2.tolist(), ue.tolist(), strict=True))
    else:
        ux = np.full(len(uniq), -1, dtype=np.int64)
        keys = [(x, y, z, 3) for x, y, z in zip(u0.tolist(), u1.tolist(), u2.tolist(),
                                                 strict=True)]
    if int(((u0 + 1) * (u1 + 1)).sum()) > STORE.max_floats:  # too many blocks to store
        return _direct(code, s0, s1, s2, i1, i2, tid, np.stack([u0, u1, u2, ux]))
    offs, flat, fresh = STORE.offsets(keys)
    width = s1 + 1
    pos = offs[tid] + i1 * width + i2
    if fresh:  # every block new: every entry missing
        vals, whole = None, True
    else:
        vals = flat[pos]
        missing = np.isnan(vals)
        whole = bool(missing.all())
    if whole or missing.any():
        miss = None if whole else np.flatnonzero(missing)

        def sub(x):
            return x if whole else x[miss]

        # fold onto the rows i1 < tj1 // 2 + 1 (3j(-m) = (-1)^J 3j(m)); one entry per position
        m0, im1, im2 = sub(s0), sub(i1), sub(i2)
        flip = im1 > (m0 >> 1)
        r = np.where(flip, m0 - im1, im1)
        y = np.where(flip, sub(s1) - im2, im2)
        pf = sub(pos) + (r - im1) * sub(width) + (y - im2)
        rep = np.empty(flat.size, dtype=np.int32 if flat.size < 2**31 else np.int64)
        idx = np.arange(len(pf), dtype=rep.dtype)
        rep[pf] = idx
        one = np.flatnonzero(rep[pf] == idx)
        t_e = sub(tid)[one]
        hit = np.zeros(len(uniq), dtype=bool)
        hit[t_e] = True
        need = np.flatnonzero(hit)
        local = np.full(len(uniq), -1, dtype=np.int64)
        local[need] = np.arange(len(need))
        tri = np.stack([u0[need], u1[need], u2[need], ux[need]])
        r_e, y_e = r[one], y[one]
        v = entries(tri, local[t_e], r_e, y_e)
        flat[pf[one]] = v
        odd = ((u0 + u1 + u2) >> 1) % 2 == 1
        flat[offs[t_e] + (u0[t_e] - r_e) * (u1[t_e] + 1) + (u1[t_e] - y_e)] = np.where(
            odd[t_e], 0.0 - v, v)
        if whole:
            vals = flat[pos]
        else:
            vals[miss] = flat[pos[miss]]
    neg = _ODD[code] & (((a + b + c) >> 1) % 2 == 1)
    return np.where(neg, 0.0 - vals, vals)


#: symbols per chunk of a call evaluated without the store
DIRECT_CHUNK = 2**20


def _direct(code, s0, s1, s2, i1, i2, tid, tri) -> np.ndarray:
    """The symbols of a call whose blocks would not fit the store, evaluated without it
    (chunks of :data:`DIRECT_CHUNK` symbols, each distinct entry once)."""
    n = len(s0)
    vals = np.empty(n)
    for lo in range(0, n, DIRECT_CHUNK):
        sl = slice(lo, lo + DIRECT_CHUNK)
        m0, im1, im2 = s0[sl], i1[sl], i2[sl]
        flip = im1 > (m0 >> 1)
        r = np.where(flip, m0 - im1, im1)
        y = np.where(flip, s1[sl] - im2, im2)
        w = MAX_TJ + 1
        key = (tid[sl] * w + r) * w + y
        uk, first, inv = np.unique(key, return_index=True, return_inverse=True)
        t_e = tid[sl][first]
        hit = np.zeros(tri.shape[1], dtype=bool)
        hit[t_e] = True
        need = np.flatnonzero(hit)
        local = np.full(tri.shape[1], -1, dtype=np.int64)
        local[need] = np.arange(len(need))
        v = entries(tri[:, need], local[t_e], r[first], y[first])[inv.ravel()]
        odd = ((m0 + s1[sl] + s2[sl]) >> 1) % 2 == 1
        vals[sl] = np.where(flip & odd, 0.0 - v, v)
    neg = _ODD[code] & (((s0 + s1 + s2) >> 1) % 2 == 1)
    return np.where(neg, 0.0 - vals, vals)
