"""Vectorised float64 blocks of 3j symbols from exact integers (private).

For a fixed triple the 3j symbol in binomial form is (Racah's sum with ``a = j1+j2-j3``,
``b = j1-j2+j3``, ``c = -j1+j2+j3``, ``J = j1+j2+j3``)::

    3j = (-1)**(j1-j2-m3) * S(x, y) * sqrt(G / (C(2j1, j1+m1) C(2j2, j2+m2) C(2j3, j3+m3)))
    S(x, y) = sum_k (-1)**k C(a, k) C(b, x-k) C(c, y-k),   x = j1-m1,  y = j2+m2
    G = (2j1)! (2j2)! (2j3)! / ((J+1)! a! b! c!)

``S`` is an integer, ``|S| <= 2**J``, and the whole ``(x, y)`` grid is one matrix product
``(B * u) @ C.T``. For ``J <= 52`` every partial sum is an integer below ``2**53``, so float64
matmul is exact; above, ``S`` is computed exactly modulo primes below ``2**20`` (again exact
float64 matmuls) and rebuilt by Garner's mixed-radix algorithm. The square-root factor is
carried in double-double arithmetic with a rigorous relative error bound (``eps``, about
``(n_primes + 16) * 2**-100``), and the product rounded once (Ziv's strategy): where the bound
cannot decide the rounding (the value within ``eps`` of a rounding tie, a tiny value) the entry
is recomputed from exact integers (:func:`exact_entry`), so every entry is correctly rounded.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from fractions import Fraction
from functools import lru_cache
from itertools import repeat
from operator import add, itemgetter

import numpy as np
import sympy

from symphys.angular._exact import (
    c_sqrt,
    dd_mul,
    dd_mul_add_d,
    dd_sqrt,
    fact_exponents,
    factorial,
    round_dd,
    rounded_sqrt,
    rounded_sqrt_over_pi,
    sqrt_factorial_ratio,
)

__all__: list[str] = []

_PRIMES: dict[int, tuple[int, ...]] = {}


def _primes(n: int, bits: int = 20) -> tuple[int, ...]:
    """The ``n`` largest primes below ``2**bits`` (grown on demand)."""
    have = _PRIMES.get(bits, ())
    while len(have) < n:
        start = have[-1] if have else 2**bits
        have = have + (int(sympy.prevprime(start)),)
    _PRIMES[bits] = have
    return have[:n]


@lru_cache(maxsize=1024)
def binom_row(n: int) -> tuple[int, ...]:
    """``C(n, k)`` for ``k = 0..n`` as exact ints."""
    row = [1] * (n + 1)
    for k in range(1, n + 1):
        row[k] = row[k - 1] * (n - k + 1) // k
    return tuple(row)


@lru_cache(maxsize=1024)
def _binom_float(n: int) -> np.ndarray:
    out = np.array([float(v) for v in binom_row(n)])
    out.flags.writeable = False
    return out


@lru_cache(maxsize=1024)
def _binom_mod(n: int, nprimes: int, bits: int = 20) -> np.ndarray:
    row = binom_row(n)
    out = np.array([[v % p for v in row] for p in _primes(nprimes, bits)], dtype=np.float64)
    out.flags.writeable = False
    return out


@lru_cache(maxsize=1024)
def inv_sqrt_binom_dd(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``1/sqrt(C(n, k))``, ``k = 0..n``, as double-double arrays ``(hi, lo)``."""
    pairs = [dd_sqrt(1, v) for v in binom_row(n)]
    hi = np.array([p[0] for p in pairs])
    lo = np.array([p[1] for p in pairs])
    hi.flags.writeable = False
    lo.flags.writeable = False
    return hi, lo


def _shifted(row: np.ndarray, rows: np.ndarray, ncols: int) -> np.ndarray:
    """``M[r, k] = row[rows[r] - k]`` (zero outside the row's range); row along the last axis."""
    n = row.shape[-1]
    idx = rows[:, None] - np.arange(ncols)[None, :]
    ok = (idx >= 0) & (idx < n)
    out = np.take(row, np.where(ok, idx, 0), axis=-1)  # (np.clip costs more here)
    return np.where(ok, out, 0.0)


def _reduce(x: np.ndarray, p: np.ndarray, pinv: np.ndarray) -> np.ndarray:
    """A residue of the float integers ``x`` (``|x| < 2**52``) modulo ``p``, in ``(-1.5p, 1.5p)``;
    exact, because ``x - q*p`` is an exact float difference of integers below ``2**53``."""
    return x - np.rint(x * pinv) * p


@lru_cache(maxsize=256)
def _garner_inverses(n: int, bits: int = 20) -> np.ndarray:
    """``inv[i, j] = p_j^-1 mod p_i`` (``j < i``) for the first ``n`` primes; read-only."""
    pis = _primes(n, bits)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i):
            out[i, j] = float(pow(pis[j], -1, pis[i]))
    out.flags.writeable = False
    return out


def racah_sum_grid(a: int, b: int, c: int, xs: np.ndarray, ny: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Exact ``S(x, y)`` for ``x in xs``, ``y < ny``, as a double-double ``(hi, lo)`` pair."""
    K = a + 1
    sgn = np.where(np.arange(K) % 2, -1.0, 1.0)
    if a + b + c <= 52:  # every partial sum is an integer below 2**53: float matmul is exact
        u = _binom_float(a) * sgn
        S = (_shifted(_binom_float(b), xs, K) * u) @ _shifted(_binom_float(c), np.arange(ny), K).T
        return S, np.zeros_like(S)
    # primes below 2**bits: |B| < 1.5 * 2**bits, C < 2**bits, K terms; every partial sum of
    # the matmul stays below 1.5 K 4**bits < 2**53 (bits 22 for K <= 128, else 20 for
    # K <= 2**11)
    bits = 22 if K <= 128 else 20
    n = (a + b + c + 2) // (bits - 1) + 1  # |S| <= 2**(a+b+c) < M/2, M the primes' product
    pis = _primes(n, bits)
    ps = np.array(pis, dtype=np.float64)[:, None, None]
    pinv = 1.0 / ps
    u = _binom_mod(a, n, bits) * sgn
    B = _reduce(_shifted(_binom_mod(b, n, bits), xs, K) * u[:, None, :], ps, pinv)
    C = _shifted(_binom_mod(c, n, bits), np.arange(ny), K)
    R = _reduce(B @ np.swapaxes(C, 1, 2), ps, pinv)
    # Garner's algorithm, each digit removed from all later residues at once
    inv = _garner_inverses(n, bits)
    digits: list[np.ndarray] = []
    for j, p in enumerate(pis):
        t = R[j]
        t = t - p * (t > p / 2) + p * (t < -p / 2)  # the symmetric digit, exactly
        digits.append(t)
        if j + 1 < n:
            R = R.copy() if j == 0 else R
            R[j + 1:] = _reduce((R[j + 1:] - t) * inv[j + 1:, j, None, None], ps[j + 1:],
                                pinv[j + 1:])
    hi = digits[-1]
    lo = np.zeros_like(hi)
    for i in range(n - 2, -1, -1):  # S = d0 + p0 (d1 + p1 (d2 + ...)): |S| < M/2
        hi, lo = dd_mul_add_d(hi, lo, float(pis[i]), digits[i])
    return hi, lo


class _ByteLRU:
    """A least-recently-used cache bounded by the total bytes of the arrays it holds."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.nbytes = 0
        self.data: OrderedDict = OrderedDict()

    def get(self, key):
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key, value: np.ndarray) -> None:
        if value.nbytes > self.max_bytes:
            return
        self.data[key] = value
        self.nbytes += value.nbytes
        while self.nbytes > self.max_bytes:
            _, old = self.data.popitem(last=False)
            self.nbytes -= old.nbytes

    def clear(self) -> None:
        self.data.clear()
        self.nbytes = 0


#: canonical (ascending) compact 3j blocks, at most 256 MiB
BLOCK_CACHE = _ByteLRU(2**28)


def compact_sorted(tj1: int, tj2: int, tj3: int, extra: Fraction = Fraction(1),
                   over_sqrt_pi: bool = False) -> np.ndarray:
    """Cached :func:`_compact_sorted` (read-only) for an ascending doubled triple."""
    key = (tj1, tj2, tj3, extra, over_sqrt_pi)
    block = BLOCK_CACHE.get(key)
    if block is None:
        block = _compact_sorted(*key)
        BLOCK_CACHE.put(key, block)
    return block


def expand(K: np.ndarray, tj1: int, tj2: int, tj3: int) -> np.ndarray:
    """Compact ``K[i1, i2]`` (``i3 = J - i1 - i2`` implied) -> dense ``(n1, n2, n3)`` block."""
    n1, n2, n3 = tj1 + 1, tj2 + 1, tj3 + 1
    if K.dtype == object:
        out = np.full((n1, n2, n3), sympy.S.Zero, dtype=object)
    else:
        out = np.zeros((n1, n2, n3))
    J = (tj1 + tj2 + tj3) // 2
    i1, i2 = np.meshgrid(np.arange(n1), np.arange(n2), indexing="ij")
    i3 = J - i1 - i2
    ok = (i3 >= 0) & (i3 <= tj3)
    out[i1[ok], i2[ok], i3[ok]] = K[ok]
    return out


def permute_compact(K: np.ndarray, tj: tuple[int, int, int], perm: tuple[int, int, int],
                    Kneg: np.ndarray | None = None) -> np.ndarray:
    """Compact block of the triple reordered as ``(tj[perm[0]], tj[perm[1]], tj[perm[2]])``.

    Exact: only gathers and, for odd permutations with ``j1+j2+j3`` odd, a sign change (taken
    from ``Kneg = -K`` when given, as for object arrays of sympy numbers).
    """
    J = sum(tj) // 2
    odd = (perm[0] > perm[1]) + (perm[0] > perm[2]) + (perm[1] > perm[2])
    negate = bool(odd % 2 and J % 2)
    if negate and Kneg is not None:
        K, negate = Kneg, False
    if perm[2] == 2:
        out = K if perm[0] == 0 else K.T
        return -out if negate else out
    # The implied index J - ix - iy is one of K's two axes: embed K in zeros along that axis,
    # wide enough for every J - ix - iy, so that the block is a strided view (exact gathers).
    nx, ny = tj[perm[0]] + 1, tj[perm[1]] + 1
    n0, n1 = tj[0] + 1, tj[1] + 1
    lo = J - (nx - 1) - (ny - 1)  # range of the implied index: [lo, J]
    pad = max(0, -lo)
    size = pad + max(n0 if perm[2] == 0 else n1, J + 1)
    fill = sympy.S.Zero if K.dtype == object else 0.0
    if perm[2] == 1:  # K[r, c] with c = J - ix - iy: pad columns
        W = np.full((n0, size), fill, dtype=K.dtype)
        W[:, pad:pad + n1] = K
        row, col = W.shape[1], 1
    else:  # perm[2] == 0, r = J - ix - iy: pad rows
        W = np.full((size, n1), fill, dtype=K.dtype)
        W[pad:pad + n0] = K
        row, col = 1, W.shape[1]
    # flat(ix, iy) = (pad + J) * col + (position of the free index) * row - (ix + iy) * col
    sx = (row if perm[0] in (0, 1) and perm[0] != perm[2] else 0) - col
    sy = (row if perm[1] in (0, 1) and perm[1] != perm[2] else 0) - col
    flat = W.ravel()
    item = flat.strides[0]
    start = (pad + J) * col
    out = np.lib.stride_tricks.as_strided(flat[start:], shape=(nx, ny),
                                          strides=(sx * item, sy * item)).copy()
    return -out if negate else out


def threej_block(tj1: int, tj2: int, tj3: int, extra: Fraction = Fraction(1),
                 over_sqrt_pi: bool = False) -> np.ndarray:
    """``sqrt(extra) * 3j(j1 j2 j3; m1 m2 m3)`` (``/ sqrt(pi)`` if ``over_sqrt_pi``) for all m,
    correctly rounded, shape ``(2j1+1, 2j2+1, 2j3+1)``.

    Arguments are doubled angular momenta; ``extra`` a positive Fraction folded into the square
    root exactly. Computed once for
    the ascending order of the triple (smallest Racah sum) and permuted: an odd permutation of
    the columns multiplies the 3j symbol by ``(-1)^(j1+j2+j3)``, exactly. Returns a new array.
    """
    tj = (tj1, tj2, tj3)
    order = sorted(range(3), key=lambda i: tj[i])
    srt = (tj[order[0]], tj[order[1]], tj[order[2]])
    dense = expand(compact_sorted(*srt, extra, over_sqrt_pi), *srt)
    axes = [order.index(i) for i in range(3)]
    out = np.ascontiguousarray(np.transpose(dense, axes))
    odd = (order[0] > order[1]) + (order[0] > order[2]) + (order[1] > order[2])
    if odd % 2 and (tj1 + tj2 + tj3) // 2 % 2:
        out *= -1.0
    return out


_INV_SQRT_PI_DD: tuple[float, float] | None = None


def _inv_sqrt_pi_dd() -> tuple[float, float]:
    """``1/sqrt(pi)`` as a double-double (relative error below ``2**-106``)."""
    global _INV_SQRT_PI_DD
    if _INV_SQRT_PI_DD is None:
        import mpmath

        with mpmath.workprec(200):
            v = 1 / mpmath.sqrt(mpmath.pi)
            hi = float(v)
            _INV_SQRT_PI_DD = (hi, float(v - hi))
    return _INV_SQRT_PI_DD


def exact_entry(a: int, b: int, c: int, x: int, y: int, i3: int, tj: tuple[int, int, int],
                G: Fraction, over_sqrt_pi: bool) -> float:
    """The correctly rounded entry of :func:`_compact_sorted` from exact integers:
    ``(-1)^(b-i3) S(x, y) sqrt(G / (C(2j1, x') C(2j2, y) C(2j3, i3)))`` (``/ sqrt(pi)``)."""
    S = 0
    for k in range(max(0, x - b, y - c), min(a, x, y) + 1):
        t = math.comb(a, k) * math.comb(b, x - k) * math.comb(c, y - k)
        S += -t if k % 2 else t
    if S == 0:
        return 0.0
    num = S * S * G.numerator
    den = (G.denominator * math.comb(tj[0], tj[0] - x) * math.comb(tj[1], y)
           * math.comb(tj[2], i3))
    v = rounded_sqrt_over_pi(num, den) if over_sqrt_pi else rounded_sqrt(num, den)
    if S < 0:
        v = -v
    return -v if (b - i3) % 2 else v


#: unit of the rigorous error bound of the double-double blocks (tests raise it to force the
#: exact fallback)
EPS_UNIT = 2.0**-100

#: how many entries took the exact fallback of Ziv's strategy (read by the tests)
FALLBACKS = [0]


def _compact_sorted(tj1: int, tj2: int, tj3: int, extra: Fraction,
                    over_sqrt_pi: bool) -> np.ndarray:
    """``K[i1, i2] = 3j(j1 j2 j3; m1 m2 -m1-m2)`` (``m_i = i_i - j_i``; 0 where ``|m3| > j3``)."""
    n1, n2 = tj1 + 1, tj2 + 1
    out = np.zeros((n1, n2))
    if (tj1 + tj2 + tj3) % 2 or tj3 > tj1 + tj2 or tj3 < abs(tj1 - tj2):
        out.flags.writeable = False
        return out
    a, b, c = (tj1 + tj2 - tj3) // 2, (tj1 - tj2 + tj3) // 2, (-tj1 + tj2 + tj3) // 2
    J = a + b + c
    G = Fraction(factorial(tj1) * factorial(tj2) * factorial(tj3),
                 factorial(J + 1) * factorial(a) * factorial(b) * factorial(c)) * extra
    g = dd_sqrt(G.numerator, G.denominator)
    scale = _inv_sqrt_pi_dd() if over_sqrt_pi else (1.0, 0.0)
    g = dd_mul(np.float64(g[0]), np.float64(g[1]), np.float64(scale[0]), np.float64(scale[1]))
    # rows i1 < h only; the rest from 3j(-m) = (-1)^J 3j(m)
    h = tj1 // 2 + 1
    s_hi, s_lo = racah_sum_grid(a, b, c, tj1 - np.arange(h), n2)  # x = j1 - m1 = tj1 - i1
    i1, i2 = np.arange(h)[:, None], np.arange(n2)[None, :]
    i3 = J - i1 - i2
    ok = (i3 >= 0) & (i3 <= tj3)
    i3 = np.where(ok, i3, 0)
    r1h, r1l = inv_sqrt_binom_dd(tj1)
    r2h, r2l = inv_sqrt_binom_dd(tj2)
    r3h, r3l = inv_sqrt_binom_dd(tj3)
    gh, gl = dd_mul(r1h[:h], r1l[:h], g[0], g[1])
    wh, wl = dd_mul(gh[:, None], gl[:, None], r2h[None, :], r2l[None, :])
    wh, wl = dd_mul(wh, wl, r3h[i3], r3l[i3])
    vh, vl = dd_mul(wh, wl, s_hi, s_lo)
    # error bound: the sum S (exact for J <= 52, else n Garner steps of ~2**-104 each), five
    # square roots (2**-105 each), a scale (2**-106) and five Dekker products (2**-102 each)
    nprimes = 0 if J <= 52 else (J + 2) // 19 + 1
    val, amb = round_dd(vh, vl, (nprimes + 16) * EPS_UNIT)
    amb &= ok & (s_hi != 0)  # S is exact in sign and zero-ness: zeros are exact
    if amb.any():
        val = val.copy()
        for r, col in zip(*np.nonzero(amb), strict=True):
            FALLBACKS[0] += 1
            v = exact_entry(a, b, c, tj1 - int(r), int(col), int(i3[r, col]),
                            (tj1, tj2, tj3), G, over_sqrt_pi)
            val[r, col] = -v if (b - i3[r, col]) % 2 else v  # the sign is applied below
    out[:h] = np.where(ok, np.where((b - i3) % 2, -val, val), 0.0)
    mirror = out[: n1 - h][::-1, ::-1]
    out[h:] = (0.0 - mirror) if J % 2 else mirror  # 0.0 - x keeps zeros +0.0
    out.flags.writeable = False
    return out


# --- exact blocks ---------------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def _binom_sqfree(n: int) -> tuple[tuple[int, int], ...]:
    """``C(n, k) = s**2 * r`` with ``r`` square-free, for ``k = 0..n``: tuple of ``(s, r)``."""
    out = []
    fn = fact_exponents(n)
    for k in range(n + 1):
        fk, fnk = fact_exponents(k), fact_exponents(n - k)
        s = r = 1
        for p, e in fn.items():
            half, odd = divmod(e - fk.get(p, 0) - fnk.get(p, 0), 2)
            s *= p**half
            if odd:
                r *= p
        out.append((s, r))
    return tuple(out)


def exact_compact_parts(tj1: int, tj2: int, tj3: int, coef0: Fraction = Fraction(1),
                        rad0: int = 1) -> list[tuple[int, int, int, int, int]]:
    """Exact ``coef0*sqrt(rad0) * 3j`` over the rows ``i1 <= j1`` of an ascending doubled triple.

    Returns ``(i1, i2, num, den, rad)`` with value ``num/den * sqrt(rad)`` (reduced fraction,
    square-free ``rad``) for every non-zero entry (``m3 = -m1-m2`` implied). The Racah sums are
    an exact integer (object-dtype) matrix product; the square roots come from the square-free
    parts of the binomials and of ``G`` (Legendre's formula), merged by gcds.
    """
    if (tj1 + tj2 + tj3) % 2 or tj3 > tj1 + tj2 or tj3 < abs(tj1 - tj2):
        return []
    a, b, c = (tj1 + tj2 - tj3) // 2, (tj1 - tj2 + tj3) // 2, (-tj1 + tj2 + tj3) // 2
    J = a + b + c
    sg, rg = sqrt_factorial_ratio([tj1, tj2, tj3], [J + 1, a, b, c])
    gcd = math.gcd
    d0 = gcd(rg, rad0)
    rg, sg = (rg // d0) * (rad0 // d0), sg * coef0 * d0
    h = tj1 // 2 + 1
    n2 = tj2 + 1
    Kk = a + 1
    bi, ci, ai = binom_row(b), binom_row(c), binom_row(a)
    Bm = np.zeros((h, Kk), dtype=object)
    for r in range(h):
        x = tj1 - r
        for k in range(max(0, x - b), min(Kk - 1, x) + 1):
            Bm[r, k] = (-ai[k] if k % 2 else ai[k]) * bi[x - k]
    Cm = np.zeros((Kk, n2), dtype=object)
    for k in range(Kk):
        for y in range(k, min(n2 - 1, k + c) + 1):
            Cm[k, y] = ci[y - k]
    S = Bm @ Cm
    q1, q2, q3 = _binom_sqfree(tj1), _binom_sqfree(tj2), _binom_sqfree(tj3)
    sgn, sgd = sg.numerator, sg.denominator
    out = []
    for i1 in range(h):
        s1, r1 = q1[i1]
        d = gcd(rg, r1)  # square-free merge of the radicals, row part hoisted
        x1, g1, den1 = (rg // d) * (r1 // d), d * sgn, sgd * s1 * r1
        row = S[i1].tolist()
        for i2 in range(max(0, J - i1 - tj3), min(n2 - 1, J - i1) + 1):
            Sv = row[i2]
            if Sv == 0:
                continue
            i3 = J - i1 - i2
            s2, r2 = q2[i2]
            s3, r3 = q3[i3]
            d = gcd(x1, r2)
            x, g = (x1 // d) * (r2 // d), g1 * d
            d = gcd(x, r3)
            x, g = (x // d) * (r3 // d), g * d
            num = Sv * g
            den = den1 * s2 * r2 * s3 * r3
            d = gcd(num, den)
            num, den = num // d, den // d
            out.append((i1, i2, -num if (b - i3) % 2 else num, den, x))
    return out


def exact_compact_sorted(tj1: int, tj2: int, tj3: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact compact block of an ascending doubled triple as sympy numbers: ``(K, -K)``.

    Object arrays of shape ``(2j1+1, 2j2+1)`` (``K[i1, i2]`` at ``m3 = -m1-m2``); each distinct
    value is built once from :func:`exact_compact_parts` (``-K`` only when ``j1+j2+j3`` is odd;
    otherwise the second array is ``K`` itself, as no sign change can occur).
    """
    n1, n2 = tj1 + 1, tj2 + 1
    J = (tj1 + tj2 + tj3) // 2
    odd = bool(J % 2) and (tj1 + tj2 + tj3) % 2 == 0
    K = np.full((n1, n2), sympy.S.Zero, dtype=object)
    Kneg = np.full((n1, n2), sympy.S.Zero, dtype=object) if odd else K
    for i1, i2, num, den, rad in exact_compact_parts(tj1, tj2, tj3):
        K[i1, i2] = c_sqrt(num, den, rad)
        if odd:
            Kneg[i1, i2] = c_sqrt(-num, den, rad)
    h = tj1 // 2 + 1  # rows i1 >= h from 3j(-m) = (-1)^J 3j(m)
    K[h:] = (Kneg if odd else K)[: n1 - h][::-1, ::-1]
    if odd:
        Kneg[h:] = K[: n1 - h][::-1, ::-1]
    return K, Kneg


# --- exact scalar look-up tables ------------------------------------------------------------------

_PERMS = ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0))


class SymbolTable:
    """Exact scalar values keyed by the plain-int argument tuple ``(l1, l2, l3, m1, m2, m3)``.

    Filled a whole unordered triple at a time (all six orderings, every ``m`` with
    ``m1+m2+m3 = 0``) from the ascending compact block, so a scalar call costs one dict look-up
    and every value is built once and shared by its permutations. Bounded: holds at most
    ``max_entries`` values and is emptied when a fill would exceed that.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.data: dict[tuple[int, ...], sympy.Expr] = {}
        self.triples: set[tuple[int, int, int]] = set()

    def clear(self) -> None:
        self.data.clear()
        self.triples.clear()

    def fill(self, tri: tuple[int, int, int], K: np.ndarray, Kneg: np.ndarray | None) -> None:
        """Store the compact object block ``K`` of the ascending triple ``tri`` (plain ``l``
        values; ``Kneg = -K`` when odd permutations change signs, else None) for all orderings.
        Plain Python loops: for the small blocks stored here they beat numpy's per-call cost."""
        if tri in self.triples:
            return
        a, b, c = tri
        ms: list[tuple[int, int, int]] = []
        vals: list = []
        nvals: list = []
        for m1 in range(-a, a + 1):
            lo, hi = max(-b, -c - m1), min(b, c - m1)
            row = K[m1 + a, lo + b: hi + b + 1].tolist()
            ms.extend((m1, m2, -m1 - m2) for m2 in range(lo, hi + 1))
            vals.extend(row)
            if Kneg is not None:
                nvals.extend(Kneg[m1 + a, lo + b: hi + b + 1].tolist())
        seen = set()
        todo = []
        for perm in _PERMS:
            ls = (tri[perm[0]], tri[perm[1]], tri[perm[2]])
            if ls not in seen:
                seen.add(ls)
                odd = (perm[0] > perm[1]) + (perm[0] > perm[2]) + (perm[1] > perm[2])
                todo.append((ls, perm, Kneg is not None and odd % 2 == 1))
        if len(self.data) + len(vals) * len(todo) > self.max_entries:
            self.clear()
        data = self.data
        # position of l_i in the ordering: key m's are the sorted ones gathered by perm
        for ls, perm, neg in todo:
            ordered = ms if perm == (0, 1, 2) else map(itemgetter(*perm), ms)
            keys = map(add, repeat(ls), ordered)  # ls + (m's in this order), all in C
            data.update(zip(keys, nvals if neg else vals, strict=True))
        self.triples.add(tri)
