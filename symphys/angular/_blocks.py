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
carried in double-double arithmetic and the product rounded once: the result is the correctly
rounded value except when the exact value lies within about ``2**-100`` relative of a rounding
tie (then it is still within one ulp).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy

from symphys.angular._exact import (
    dd_mul,
    dd_mul_add_d,
    dd_sqrt,
    fact_exponents,
    factorial,
    sqrt_factorial_ratio,
)

__all__: list[str] = []

_PRIMES: tuple[int, ...] = ()


def _primes(n: int) -> tuple[int, ...]:
    """The ``n`` largest primes below ``2**20`` (grown on demand)."""
    global _PRIMES
    while len(_PRIMES) < n:
        start = _PRIMES[-1] if _PRIMES else 2**20
        _PRIMES = _PRIMES + (int(sympy.prevprime(start)),)
    return _PRIMES[:n]


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
def _binom_mod(n: int, nprimes: int) -> np.ndarray:
    row = binom_row(n)
    out = np.array([[v % p for v in row] for p in _primes(nprimes)], dtype=np.float64)
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
    out = np.take(row, np.clip(idx, 0, n - 1), axis=-1)
    return np.where(ok, out, 0.0)


def _reduce(x: np.ndarray, p: np.ndarray, pinv: np.ndarray) -> np.ndarray:
    """A residue of the float integers ``x`` (``|x| < 2**52``) modulo ``p``, in ``(-1.5p, 1.5p)``;
    exact, because ``x - q*p`` is an exact float difference of integers below ``2**53``."""
    return x - np.rint(x * pinv) * p


def racah_sum_grid(a: int, b: int, c: int, xs: np.ndarray, ny: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Exact ``S(x, y)`` for ``x in xs``, ``y < ny``, as a double-double ``(hi, lo)`` pair."""
    K = a + 1
    sgn = np.where(np.arange(K) % 2, -1.0, 1.0)
    if a + b + c <= 52:  # every partial sum is an integer below 2**53: float matmul is exact
        u = _binom_float(a) * sgn
        S = (_shifted(_binom_float(b), xs, K) * u) @ _shifted(_binom_float(c), np.arange(ny), K).T
        return S, np.zeros_like(S)
    n = (a + b + c + 2) // 19 + 1  # |S| <= 2**(a+b+c) < M/2 with M the product of the primes
    pis = _primes(n)
    ps = np.array(pis, dtype=np.float64)[:, None, None]
    pinv = 1.0 / ps
    u = _binom_mod(a, n) * sgn
    B = _reduce(_shifted(_binom_mod(b, n), xs, K) * u[:, None, :], ps, pinv)
    C = _shifted(_binom_mod(c, n), np.arange(ny), K)
    # |B| < 1.5 * 2**20, C < 2**20, K <= 2**11 terms: every partial sum is below 2**53
    R = _reduce(B @ np.swapaxes(C, 1, 2), ps, pinv)
    digits: list[np.ndarray] = []
    for i, p in enumerate(pis):
        t = R[i]
        for j in range(i):
            t = _reduce((t - digits[j]) * float(pow(pis[j], -1, p)), ps[i], pinv[i])
        t = t - p * (t > p / 2) + p * (t < -p / 2)  # the symmetric digit, exactly
        digits.append(t)
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
                   scale: tuple[float, float] = (1.0, 0.0)) -> np.ndarray:
    """Cached :func:`_compact_sorted` (read-only) for an ascending doubled triple."""
    key = (tj1, tj2, tj3, extra, scale)
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
    nx, ny = tj[perm[0]] + 1, tj[perm[1]] + 1
    ix, iy = np.arange(nx)[:, None], np.arange(ny)[None, :]
    iz = J - ix - iy
    idx = [None, None, None]
    idx[perm[0]], idx[perm[1]], idx[perm[2]] = ix, iy, iz
    ok = (iz >= 0) & (iz <= tj[perm[2]])
    src = K[np.clip(idx[0], 0, tj[0]), np.clip(idx[1], 0, tj[1])]
    out = np.where(ok, src, sympy.S.Zero if K.dtype == object else 0.0)
    return -out if negate else out


def threej_block(tj1: int, tj2: int, tj3: int, extra: Fraction = Fraction(1),
                 scale: tuple[float, float] = (1.0, 0.0)) -> np.ndarray:
    """``sqrt(extra) * scale * 3j(j1 j2 j3; m1 m2 m3)`` for all m, shape ``(2j1+1, 2j2+1, 2j3+1)``.

    Arguments are doubled angular momenta; ``extra`` a positive Fraction folded into the square
    root exactly, ``scale`` a double-double constant (e.g. ``1/sqrt(pi)``). Computed once for
    the ascending order of the triple (smallest Racah sum) and permuted: an odd permutation of
    the columns multiplies the 3j symbol by ``(-1)^(j1+j2+j3)``, exactly. Returns a new array.
    """
    tj = (tj1, tj2, tj3)
    order = sorted(range(3), key=lambda i: tj[i])
    srt = (tj[order[0]], tj[order[1]], tj[order[2]])
    dense = expand(compact_sorted(*srt, extra, scale), *srt)
    axes = [order.index(i) for i in range(3)]
    out = np.ascontiguousarray(np.transpose(dense, axes))
    odd = (order[0] > order[1]) + (order[0] > order[2]) + (order[1] > order[2])
    if odd % 2 and (tj1 + tj2 + tj3) // 2 % 2:
        out *= -1.0
    return out


def _compact_sorted(tj1: int, tj2: int, tj3: int, extra: Fraction,
                    scale: tuple[float, float]) -> np.ndarray:
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
    g = dd_mul(np.float64(g[0]), np.float64(g[1]), np.float64(scale[0]), np.float64(scale[1]))
    # rows i1 < h only; the rest from 3j(-m) = (-1)^J 3j(m)
    h = tj1 // 2 + 1
    s_hi, s_lo = racah_sum_grid(a, b, c, tj1 - np.arange(h), n2)  # x = j1 - m1 = tj1 - i1
    i1, i2 = np.arange(h)[:, None], np.arange(n2)[None, :]
    i3 = J - i1 - i2
    ok = (i3 >= 0) & (i3 <= tj3)
    i3 = np.clip(i3, 0, tj3)
    r1h, r1l = inv_sqrt_binom_dd(tj1)
    r2h, r2l = inv_sqrt_binom_dd(tj2)
    r3h, r3l = inv_sqrt_binom_dd(tj3)
    gh, gl = dd_mul(r1h[:h], r1l[:h], g[0], g[1])
    wh, wl = dd_mul(gh[:, None], gl[:, None], r2h[None, :], r2l[None, :])
    wh, wl = dd_mul(wh, wl, r3h[i3], r3l[i3])
    vh, vl = dd_mul(wh, wl, s_hi, s_lo)
    val = vh + vl
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
        for i2 in range(max(0, J - i1 - tj3), min(n2 - 1, J - i1) + 1):
            Sv = S[i1, i2]
            if Sv == 0:
                continue
            i3 = J - i1 - i2
            s2, r2 = q2[i2]
            s3, r3 = q3[i3]
            x, g = rg, 1
            for r in (r1, r2, r3):
                d = gcd(x, r)
                x = (x // d) * (r // d)
                g *= d
            num = Sv * sgn * g
            den = sgd * s1 * s2 * s3 * r1 * r2 * r3
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


_ROOTS: dict[int, sympy.Expr] = {}
_MUL = sympy.Mul._from_args


def c_sqrt(num: int, den: int, rad: int, tail: sympy.Expr | None = None) -> sympy.Expr:
    """sympy's canonical ``num/den * sqrt(rad) [* tail]`` (reduced fraction, square-free
    ``rad``, ``tail`` a factor sorting last such as ``1/sqrt(pi)``), built directly: the
    evaluated ``Mul`` would spend most of its time re-deriving this form."""
    factors = []
    if not (num == 1 and den == 1) or (rad == 1 and tail is None):
        factors.append(sympy.Integer(num) if den == 1 else sympy.Rational(num, den))
    if rad != 1:
        root = _ROOTS.get(rad)
        if root is None:
            root = sympy.Pow(sympy.Integer(rad), sympy.S.Half, evaluate=False)
            if len(_ROOTS) < 65536:
                _ROOTS[rad] = root
        factors.append(root)
    if tail is not None:
        factors.append(tail)
    return factors[0] if len(factors) == 1 else _MUL(tuple(factors), True)
