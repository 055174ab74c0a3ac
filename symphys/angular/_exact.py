"""Exact integer arithmetic shared by the coupling coefficients (private).

Angular momenta are handled internally as *twice* their value (``tj = 2j``), so half-integers
stay Python ints. Exact coefficients are kept as ``c * sqrt(R)`` with ``c`` a :class:`Fraction`
and ``R`` a square-free positive int: the canonical form sympy prints (``sqrt(30)/15``), built
here from prime exponents of factorials (Legendre's formula), never from sympy's simplifier:
the prime-factorisation approach of H. T. Johansson and C. Forssén, SIAM J. Sci. Comput. 38,
A376 (2016), arXiv:1504.08329.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from functools import cache, lru_cache

import numpy as np
import sympy

__all__: list[str] = []


def twice(value: object, name: str) -> int:
    """``2 * value`` as an int, for an integer or half-integer ``value``; else a clear error.

    Accepts Python/numpy ints, :class:`Fraction`, sympy Integer/Rational/Float and floats
    that are exact half-integers (``0.5``). Booleans, strings, NaN and other numbers are refused.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}={value!r} must be an integer or half-integer, not a bool")
    if isinstance(value, numbers.Integral):
        return 2 * int(value)
    if isinstance(value, Fraction):
        t = 2 * value
        if t.denominator != 1:
            raise ValueError(f"{name}={value} is not an integer or half-integer")
        return int(t)
    if isinstance(value, sympy.Basic):
        if value.is_Rational:
            t = 2 * value
            if not t.is_Integer:
                raise ValueError(f"{name}={value} is not an integer or half-integer")
            return int(t)
        if value.is_Float:
            value = float(value)
        else:
            raise TypeError(f"{name}={value!r} must be a number, not a symbolic expression")
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            raise ValueError(f"{name}={v} is not a finite number")
        if v == math.floor(v):  # an integer-valued float, however large: exact, no overflow
            return 2 * int(v)
        t = 2.0 * v
        if t != math.floor(t):
            raise ValueError(f"{name}={v} is not an integer or half-integer")
        return int(t)
    raise TypeError(f"{name}={value!r} has type {type(value).__name__}; "
                    "expected an int, a half-integer Fraction/Rational or a float like 0.5")


#: largest angular momentum any symbol accepts (beyond it, refused at once). Below it the cost
#: decides, in closed form before any work: a Racah sum is refused beyond
#: :data:`MAX_RACAH_COST` (a 3j/CG/Gaunt symbol with ``j1 = j2 = j3`` up to about 12900, a 6j
#: symbol with six equal ``j`` up to about 4500, each in at most a few seconds; a float 6j symbol
#: has its own limit, every ``j <= 10**4``: ``symphys.angular._sixj_large.MAX_COST``); the closed
#: forms reach further: a zero ``j`` (``3j(j j 0; m -m 0)``) at every ``j <= MAX_J`` in
#: microseconds, ``m1 = m2 = m3 = 0`` up to a perimeter of about 89000
MAX_J = 10**6


def twice_j(value: object, name: str) -> int:
    """Like :func:`twice` for an angular momentum, which must also be ``0 <= j <= MAX_J``."""
    t = twice(value, name)
    if t < 0:
        raise ValueError(f"{name}={Fraction(t, 2)} violates {name} >= 0")
    if t > 2 * MAX_J:
        raise ValueError(f"{name}={Fraction(t, 2)} violates {name} <= {MAX_J} (the largest "
                         "angular momentum supported)")
    return t


def twice_l(value: object, name: str) -> int:
    """An orbital degree ``l``: a non-negative integer (returned as ``l``, not ``2l``)."""
    t = twice_j(value, name)
    if t % 2:
        raise ValueError(f"{name}={Fraction(t, 2)} must be an integer (orbital angular momentum)")
    return t // 2


def twice_symbol_j(value: object, name: str) -> int:
    """An angular momentum of a coupling symbol (3j, CG, 6j, 9j, Gaunt), doubled.

    Like :func:`twice_j`, except that a negative value is returned instead of refused: the
    symbol is then 0 (no triad containing it can close), as sympy.physics.wigner's symbols
    are. A value above :data:`MAX_J` is still refused at once (the factorials would not fit).
    """
    t = twice(value, name)
    if t > 2 * MAX_J:
        raise ValueError(f"{name}={Fraction(t, 2)} violates {name} <= {MAX_J} (the largest "
                         "angular momentum supported)")
    return t


def m_in_domain(tj: int, tm: int) -> bool:
    """``j >= 0``, ``|m| <= j`` and ``j - m`` an integer (all doubled). Outside, a coupling
    symbol is 0 (sympy.physics.wigner's convention), not an error."""
    return 0 <= tj and abs(tm) <= tj and (tj - tm) % 2 == 0


def fmt(t: int) -> str:
    """A doubled value printed as the number it stands for (``3`` -> ``3/2``)."""
    return str(Fraction(t, 2))


# --- factorials and their prime exponents -------------------------------------------------------

@lru_cache(maxsize=4096)
def factorial(n: int) -> int:
    """``n!`` (cached; math.factorial is already fast, the cache saves re-multiplying)."""
    return math.factorial(n)


@cache
def _primes_upto(n: int) -> tuple[int, ...]:
    return tuple(int(p) for p in sympy.primerange(2, n + 1))


@lru_cache(maxsize=4096)
def fact_exponents(n: int) -> dict[int, int]:
    """Prime exponents of ``n!`` by Legendre's formula."""
    out = {}
    for p in _primes_upto(n):
        e, q = 0, n
        while q:
            q //= p
            e += q
        out[p] = e
    return out


_SIEVE: np.ndarray = np.zeros(0, dtype=np.int64)
_SIEVE_TOP = 0


def primes_array(n: int) -> np.ndarray:
    """The primes ``<= n`` as an int64 array (a cached sieve of Eratosthenes, grown on demand)."""
    global _SIEVE, _SIEVE_TOP
    if n > _SIEVE_TOP:
        size = max(n, 2 * _SIEVE_TOP, 1024) + 1
        flags = np.ones(size, dtype=bool)
        flags[:2] = False
        for p in range(2, math.isqrt(size - 1) + 1):
            if flags[p]:
                flags[p * p::p] = False
        _SIEVE, _SIEVE_TOP = np.flatnonzero(flags).astype(np.int64), size - 1
    return _SIEVE[: np.searchsorted(_SIEVE, n, side="right")]


def product(values: list[int]) -> int:
    """Product of Python ints by a balanced tree (fast for many large factors)."""
    while len(values) > 1:
        pairs = [values[i] * values[i + 1] for i in range(0, len(values) - 1, 2)]
        if len(values) % 2:
            pairs.append(values[-1])
        values = pairs
    return values[0] if values else 1


def _legendre_exponents(num: list[int], den: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Primes up to the largest argument and the exponents of ``prod num_i! / prod den_i!``."""
    primes = primes_array(max([*num, *den, 1]))
    exps = np.zeros(len(primes), dtype=np.int64)
    for sign, args in ((1, num), (-1, den)):
        for n in args:
            q = np.full(len(primes), n, dtype=np.int64) // primes
            while len(q) and q[0]:
                live = np.count_nonzero(q)  # q is non-increasing along the primes
                exps[:live] += sign * q[:live]
                q = q[:live] // primes[:live]
    return primes, exps


def binomial(n: int, k: int) -> int:
    """``C(n, k)`` exactly (0 outside ``0 <= k <= n``); large ones from prime exponents."""
    if k < 0 or k > n:
        return 0
    if min(k, n - k) < 512:
        return math.comb(n, k)
    primes, exps = _legendre_exponents([n], [k, n - k])
    keep = exps > 0
    return product([int(p) ** int(e) for p, e in zip(primes[keep], exps[keep], strict=True)])


def falling(n: int, k: int) -> int:
    """The falling factorial ``n! / (n-k)!`` (``0 <= k <= n``), by a product tree."""
    return math.perm(n, k) if k < 512 else product(list(range(n - k + 1, n + 1)))


def sqrt_factorial_ratio(num: list[int], den: list[int]) -> tuple[Fraction, int]:
    """``sqrt(prod(num_i!) / prod(den_i!)) = c * sqrt(R)`` with R square-free: returns (c, R).

    Prime exponents by Legendre's formula, vectorised over the primes; the powers are
    multiplied by a product tree."""
    primes, exps = _legendre_exponents(num, den)
    up, down, rad = _split_square(primes, exps)
    return Fraction(up, down), rad


def _split_square(primes: np.ndarray, exps: np.ndarray) -> tuple[int, int, int]:
    """``prod p**e = (up/down)**2 * rad``, ``rad`` square-free: returns ``(up, down, rad)``."""
    half, odd = np.divmod(exps, 2)  # floor: p^e = p^(2*half) * p^odd, odd in {0, 1}
    rad = product([int(p) for p in primes[odd == 1]])
    up = product([int(p) ** int(h) for p, h in zip(primes[half > 0], half[half > 0],
                                                    strict=True)])
    down = product([int(p) ** int(-h) for p, h in zip(primes[half < 0], half[half < 0],
                                                      strict=True)])
    return up, down, rad


#: factorial arguments up to this are multiplied out directly (a few thousand bits: cheaper
#: than Legendre's prime exponents, which pay numpy's per-call cost)
SMALL_FACTORIAL = 600


def float_from_parts(S: int, num: list[int], den: list[int],
                     scale: Fraction = Fraction(1)) -> float:
    """Correctly rounded ``S * sqrt(scale * prod(num_i!) / prod(den_i!))`` (``S`` an int,
    ``scale > 0``), from the exact integers, without reducing huge fractions (no big gcd)."""
    if S == 0:
        return 0.0
    if max(*num, *den) <= SMALL_FACTORIAL:  # plain products of cached factorials: no numpy
        n, d = S * S * scale.numerator, scale.denominator
        for k in num:
            n *= factorial(k)
        for k in den:
            d *= factorial(k)
        v = rounded_sqrt(n, d)
        return v if S > 0 else -v
    primes, exps = _legendre_exponents(num, den)
    up, down, rad = _split_square(primes, exps)
    v = rounded_sqrt(S * S * up * up * rad * scale.numerator, down * down * scale.denominator)
    return v if S > 0 else -v


_ROOTS: dict[int, sympy.Expr] = {}
_MUL = sympy.Mul._from_args
#: ``1/sqrt(pi)`` as sympy builds it (``pi**(-1/2)``), shared by every Gaunt value
INV_SQRT_PI = 1 / sympy.sqrt(sympy.pi)


def c_sqrt(num: int, den: int, rad: int, tail: sympy.Expr | None = None) -> sympy.Expr:
    """sympy's canonical ``num/den * sqrt(rad) [* tail]`` (reduced fraction, square-free
    ``rad``, ``tail`` a factor sorting last such as ``1/sqrt(pi)``), built directly: the
    evaluated ``Mul`` would spend most of its time re-deriving this form. The roots
    ``sqrt(rad)`` and the results are cached (at most 65536 of each; values recur across
    blocks)."""
    if num == 0:
        return sympy.S.Zero
    key = (num, den, rad, tail)
    out = _VALUES.get(key)
    if out is None:
        out = _c_sqrt(num, den, rad, tail)
        if len(_VALUES) >= 65536:
            _VALUES.clear()
        _VALUES[key] = out
    return out


_VALUES: dict[tuple, sympy.Expr] = {}
# num/den arrive reduced: skip Rational's gcd where sympy offers the constructor
_RATIONAL = getattr(sympy.Rational, "from_coprime_ints", sympy.Rational)


def _c_sqrt(num: int, den: int, rad: int, tail: sympy.Expr | None) -> sympy.Expr:
    """:func:`c_sqrt` without the result cache."""
    factors = []
    if not (num == 1 and den == 1) or (rad == 1 and tail is None):
        factors.append(sympy.Integer(num) if den == 1 else _RATIONAL(num, den))
    if rad != 1:
        root = _ROOTS.get(rad)
        if root is None:
            # rad is square-free, so sympy's canonical form is the bare power
            root = sympy.Pow(sympy.Integer(rad), sympy.S.Half, evaluate=False)
            if len(_ROOTS) < 65536:
                _ROOTS[rad] = root
        factors.append(root)
    if tail is not None:
        factors.append(tail)
    return factors[0] if len(factors) == 1 else _MUL(tuple(factors), True)


def to_sympy(coef: Fraction, rad: int, over_sqrt_pi: bool = False) -> sympy.Expr:
    """The sympy number ``coef * sqrt(rad)`` (``/ sqrt(pi)``), in sympy's canonical form."""
    return c_sqrt(coef.numerator, coef.denominator, rad, INV_SQRT_PI if over_sqrt_pi else None)


# --- correctly rounded floats -------------------------------------------------------------------

def rounded_sqrt(num: int, den: int) -> float:
    """``sqrt(num/den)`` correctly rounded to float64 (round-half-even), for ints ``num, den > 0``.

    ``s = isqrt(floor(num*4**k/den))`` has >= 62 bits; the true root lies in ``[s, s+1)``, equal
    to ``s`` only when exact. ``2s`` (exact) or ``2s+1`` (inexact: odd, so never a rounding tie,
    and on the same side of every tie as the true value) is then rounded once by ``float()``.
    """
    if num == 0:
        return 0.0
    k = 64 - (num.bit_length() - den.bit_length()) // 2
    if k >= 0:
        q, r = divmod(num << (2 * k), den)
    else:
        q, r = divmod(num, den << (-2 * k))
    s = math.isqrt(q)
    z = 2 * s + (0 if (r == 0 and s * s == q) else 1)
    return math.ldexp(float(z), -(k + 1))


def signed_sqrt_float(sign_times_int: int, ratio: Fraction) -> float:
    """Correctly rounded ``S * sqrt(ratio)`` for an int ``S`` and a positive Fraction."""
    if sign_times_int == 0:
        return 0.0
    s2 = sign_times_int * sign_times_int
    v = rounded_sqrt(s2 * ratio.numerator, ratio.denominator)
    return v if sign_times_int > 0 else -v


def dd_sqrt(num: int, den: int) -> tuple[float, float]:
    """``sqrt(num/den)`` as a double-double ``hi + lo``, accurate to about 2**-115 relative."""
    k = 120 - (num.bit_length() - den.bit_length()) // 2
    if k >= 0:
        s = math.isqrt((num << (2 * k)) // den)
    else:
        s = math.isqrt(num // (den << (-2 * k)))
    hi = float(s)
    lo = float(s - int(hi))
    return math.ldexp(hi, -k), math.ldexp(lo, -k)


# --- double-double arithmetic on numpy arrays (Dekker; no FMA needed) ---------------------------

_SPLIT = 134217729.0  # 2**27 + 1


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = _SPLIT * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Error-free product: ``a*b = p + e`` exactly."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def dd_mul(ah, al, bh, bl):
    """Double-double product (relative error ~ 2**-104)."""
    p, e = two_prod(ah, bh)
    e = e + (ah * bl + al * bh)
    hi = p + e
    return hi, e - (hi - p)


def dd_mul_add_d(ah, al, b, c):
    """Double-double ``(ah + al) * b + c`` for doubles ``b, c``."""
    p, e = two_prod(ah, b)
    e = e + al * b
    s = p + c
    bb = s - p
    e = e + ((p - (s - bb)) + (c - bb))
    hi = s + e
    return hi, e - (hi - s)


def check_exact(exact: object) -> bool:
    """``exact`` as a bool; anything but ``True``/``False`` (or a NumPy bool) is a TypeError."""
    if isinstance(exact, (bool, np.bool_)):
        return bool(exact)
    raise TypeError(f"exact={exact!r} must be a bool (True for exact sympy values, False for "
                    "correctly rounded floats)")


def exact_change_of_basis(T: np.ndarray, units: list[np.ndarray], ls: tuple[int, int, int],
                          phase: complex) -> np.ndarray:
    """Exact ``phase * sum U1 U2 U3 T`` for an object array ``T`` of sympy values.

    ``units[i]`` is the matrix ``U_i`` with its ``1/sqrt2`` factors removed (Gaussian integers,
    rows of order ``m != 0`` only carry the factor); the factor ``2**(-k/2)``, k the number of
    axes with ``m != 0``, is applied exactly. The result must be real: an object array of real
    sympy numbers.
    """
    out = T
    for axis, u in enumerate(units):
        U = np.array([[sympy.Integer(int(round(z.real))) + sympy.I * int(round(z.imag))
                       for z in row] for row in u], dtype=object)
        out = np.moveaxis(np.tensordot(U, out, axes=([1], [axis])), 0, axis)
    ph = sympy.nsimplify(phase)
    res = np.empty(out.shape, dtype=object)
    for idx in np.ndindex(*out.shape):
        k = sum(int(i != l) for i, l in zip(idx, ls, strict=True))
        v = sympy.expand(ph * out[idx] / sympy.sqrt(2) ** k)
        res[idx] = sympy.re(v) if v.has(sympy.I) else v
    return res


#: largest working set (bytes) any array-building function of symphys.angular accepts; the
#: size is computed in closed form from the arguments before any work (never from free RAM)
MAX_BYTES = 4 * 2**30


def check_size(name: str, value: object, nbytes: int, formula: str) -> None:
    """Refuse a request whose closed-form size ``nbytes`` exceeds :data:`MAX_BYTES`.

    The message names the argument, the limit and the size it would need, e.g.
    ``lmax=1000000 needs 16 (lmax+1)^2 (2lmax+1)^2 bytes = 6.4e+13 bytes, more than the limit
    of 4294967296 bytes (4 GiB)``.
    """
    if nbytes > MAX_BYTES:
        raise ValueError(f"{name}={value} needs {formula} bytes = {float(nbytes):.3g} bytes, more "
                         f"than the limit of {MAX_BYTES} bytes ({MAX_BYTES / 2**30:g} GiB)")


#: the exact symbols (3j, Clebsch-Gordan, Gaunt, 6j, 9j) evaluate Racah sums: ``n`` integer
#: terms of at most about ``N`` bits, ``N`` the perimeter (``j1+j2+j3`` for a 3j symbol, the
#: largest triad-pair sum for a 6j symbol). The cost ``n * N`` is computed in closed form before
#: any work and refused above this limit (calibrated so that an accepted symbol takes at most a
#: few seconds, exact or float); ``n * N`` for ``j1 = j2 = j3 = j``, ``m = 0``: about ``3 j**2``
MAX_RACAH_COST = 5 * 10**8


def check_racah_cost(rule: str, perimeter: int, n_terms: int) -> None:
    """Refuse a Racah sum of ``n_terms`` terms over factorials up to ``perimeter + 1``
    beyond :data:`MAX_RACAH_COST` (``rule`` names the perimeter, e.g. ``"j1+j2+j3"``)."""
    cost = max(n_terms, 1) * (perimeter + 1)
    if cost > MAX_RACAH_COST:
        raise ValueError(
            f"{rule}={perimeter} is too large: the exact sum has {n_terms} terms over "
            f"factorials up to {perimeter + 1}!, a cost of n_terms*({rule}+1) = {cost:.3g}, "
            f"more than the limit MAX_RACAH_COST = {MAX_RACAH_COST:.3g}")


# --- Ziv's strategy: fast double-double values, exact fallback when the rounding is ambiguous ---

def two_sum(a, b):
    """Error-free sum: ``a + b = s + e`` exactly (Knuth; arrays or floats)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


#: below this magnitude a double-double value is not trusted to its relative bound (its low
#: part may be subnormal): such entries are always recomputed exactly
TINY = 2.0**-960


def round_dd(hi: np.ndarray, lo: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Round ``V = hi + lo`` to float64 and say where that may not be the correct rounding.

    ``V`` approximates a true value ``v`` with ``|v - V| <= eps |V|`` (``eps`` a rigorous bound,
    far below ``2**-53``). ``r = fl(V)`` and the exact residual ``t = V - r`` (two-sum) give the
    interval ``[t - e, t + e]`` (``e = eps |V|``, slightly inflated) in which ``v - r`` lies;
    ``r`` is the correct rounding of ``v`` when that interval lies strictly inside the rounding
    interval of ``r``: half a gap above and below, the gap towards zero halved when ``|r|`` is a
    power of two. Returns ``(r, ambiguous)``; ambiguous entries (and tiny or non-finite ones)
    must be recomputed exactly (Ziv's strategy: J.-M. Muller et al., Handbook of
    Floating-Point Arithmetic, 2nd ed. (2018), doi:10.1007/978-3-319-76526-6, sec. 12.1).
    """
    r, t = two_sum(hi, lo)
    a = np.abs(r)
    gap = np.spacing(a)  # gap away from zero
    mant = np.frexp(a)[0]
    below = np.where(mant == 0.5, gap * 0.25, gap * 0.5)  # half gap towards zero
    e = (eps * (1.0 + 2.0**-40)) * a + 2.0**-1074
    tt = np.where(r < 0, -t, t)  # residual measured away from zero
    ok = (tt + e < gap * 0.5) & (tt - e > -below) & (a >= TINY) & np.isfinite(a)
    return r, ~ok


def rounded_sqrt_over_pi(num: int, den: int) -> float:
    """``sqrt(num / (den * pi))`` correctly rounded (``num, den > 0``).

    Interval arithmetic (mpmath's ``iv``) at growing precision until both ends round to the
    same float: the value is irrational (pi is transcendental), so it is never a rounding tie
    and the loop ends; 128 bits almost always suffice.
    """
    return rounded_interval(lambda iv: iv.sqrt(iv.mpf(num) / (iv.mpf(den) * iv.pi)))


def nearest_float(x) -> float:
    """An mpmath ``mpf`` rounded to the nearest float64 (``float(x)`` truncates)."""
    return _to_float_n(x._mpf_)


def _to_float_n(raw) -> float:
    from mpmath.libmp import to_float

    return to_float(raw, rnd="n")


def rounded_interval(build) -> float:
    """Correctly rounded value of an irrational number given as ``build(iv)`` (an mpmath
    interval expression): evaluated at 128, 256, ... bits until both ends round alike."""
    import mpmath

    iv = mpmath.iv
    prec = 128
    old = iv.prec
    try:
        while True:
            iv.prec = prec
            x = build(iv)
            a, b = x._mpi_
            lo, hi = _to_float_n(a), _to_float_n(b)
            if lo == hi:
                return lo
            if prec > 1 << 20:  # unreachable for an irrational value of moderate size
                raise ArithmeticError("no correct rounding found below 2**20 bits")
            prec *= 2
    finally:
        iv.prec = old


#: largest ``prec`` (decimal digits) of the arbitrary-precision results
MAX_PREC = 10**5


def check_prec(prec: object, exact: object) -> int | None:
    """``prec`` (decimal digits, as sympy's ``prec``) validated: None or an int in
    ``1..MAX_PREC``; it cannot be combined with ``exact=False``."""
    if prec is None:
        return None
    if isinstance(prec, (bool, np.bool_)) or not isinstance(prec, numbers.Integral):
        raise TypeError(f"prec={prec!r} must be an int (decimal digits) or None")
    prec = int(prec)
    if not 1 <= prec <= MAX_PREC:
        raise ValueError(f"prec={prec} violates 1 <= prec <= {MAX_PREC} (MAX_PREC, digits)")
    if exact is False:
        raise ValueError("prec= gives a sympy Float of prec digits; it cannot be combined "
                         "with exact=False (a float64)")
    return prec


def with_prec(value: sympy.Expr, prec: int) -> sympy.Expr:
    """An exact sympy number as a sympy Float of ``prec`` significant decimal digits
    (``value.n(prec)``, as sympy's ``prec=`` returns); an exact 0 stays ``S.Zero``."""
    return sympy.S.Zero if value == 0 else value.evalf(prec)
