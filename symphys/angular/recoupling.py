"""Wigner 6j and 9j symbols (recoupling coefficients), exact and correctly rounded.

Conventions and values are sympy.physics.wigner's (A. R. Edmonds, Angular Momentum in Quantum
Mechanics, Princeton University Press (1957), doi:10.1515/9781400884186, eqs. 6.3.7 and 6.4.3;
G. Racah, Phys. Rev. 62, 438 (1942), doi:10.1103/PhysRev.62.438)::

    {j1 j2 j3; j4 j5 j6} = D(j1 j2 j3) D(j1 j5 j6) D(j4 j2 j6) D(j4 j5 j3)
        * sum_t (-1)^t (t+1)! / ((t-j1-j2-j3)! (t-j1-j5-j6)! (t-j4-j2-j6)! (t-j4-j5-j3)!
                                 (j1+j2+j4+j5-t)! (j2+j3+j5+j6-t)! (j3+j1+j6+j4-t)!)

with ``D(a b c) = sqrt((a+b-c)! (a-b+c)! (-a+b+c)! / (a+b+c+1)!)``, and::

    {j1 j2 j3; j4 j5 j6; j7 j8 j9} = sum_x (-1)^(2x) (2x+1)
        {j1 j4 j7; j8 j9 x} {j2 j5 j8; j4 x j6} {j3 j6 j9; x j1 j2}.

A triad that breaks the triangle rule makes the symbol 0.

Domain: as in sympy.physics.wigner, a negative ``j`` gives 0 (no triad holding it closes), a
triad whose perimeter ``a+b+c`` is not an integer (``{1 1 1/2; 1 1 1}``) raises ValueError naming
the triad, and so does an argument that is not an integer or half-integer. Departures: the
perimeters are checked for every 9j symbol, where sympy's 9j skips them and returns 0 when
``j1+j9``, ``j2+j6`` or ``j4+j8`` is negative (its sum over ``x`` is then empty: an artefact,
not a rule); bools, strings and symbols are a TypeError; ``j > 10**6`` is refused at once.
Cost (closed form, before any work): a 6j symbol whose sum has ``n`` terms is refused when
``n * (sum of the triad and column-pair sums + 1) > MAX_RACAH_COST`` (``5*10**8``: about
``j <= 4500`` for six equal ``j``) by the exact path; a float 6j symbol (``exact=False``) takes
the fixed-point Racah sum of ``symphys.angular._sixj_large`` above ``FIXED_POINT_FROM`` and is
refused only when ``n * (min(b) + 1) > _sixj_large.MAX_COST`` (``10001 * 40001``: every float 6j
symbol with all ``j <= 10**4`` is accepted, at most about 1 s); a 9j symbol when its ``n_x``
values of ``x`` exceed ``MAX_9J_TERMS`` or ``n_x * P**2`` plus the cost of its 6j sums exceeds
``MAX_RACAH_COST`` (``P`` the largest factorial argument) by the exact path; a float 9j symbol
takes the 6j-eigenvector products of ``symphys.angular._sixj_rec`` above ``NINEJ_FIXED_FROM``
and is refused only when the total length of its three 6j vectors times the first pass's bits
exceeds ``_sixj_rec.MAX_COST`` (``2e7``: every 9j symbol with all ``j <= 10**4`` fits, nine
equal ``j = 10**4`` in about 0.1 s, random ones with ``j`` near ``10**4`` in about 0.3 s; nine
equal ``j`` up to 17360). Fano's X (:func:`fano_x`) is the 9j symbol times
``sqrt((2j12+1)(2j34+1)(2j13+1)(2j24+1))``: the same paths and limits, the integer factor
folded into the square root before the single rounding.
The 6j symbol is invariant under column permutations and under swapping upper and lower
entries in any two columns; the 9j symbol is invariant under even row/column permutations and
transposition, and picks up ``(-1)^(sum of all j)`` under odd permutations.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from symphys.angular import _ninej_large, _sixj_large, _sixj_rec, _sixj_vec
from symphys.angular import _vectorised as vec
from symphys.angular._exact import (
    MAX_J,
    MAX_RACAH_COST,
    check_exact,
    check_prec,
    check_racah_cost,
    factorial,
    falling,
    float_from_parts,
    sqrt_factorial_ratio,
    to_sympy,
    twice_symbol_j,
    with_prec,
)

__all__ = ["wigner_6j", "wigner_9j", "racah_w", "fano_x"]

Number = int | float | Fraction | sympy.Rational


def _triad_ok(ta: int, tb: int, tc: int) -> bool:
    return (ta + tb + tc) % 2 == 0 and abs(ta - tb) <= tc <= ta + tb


def _parse(vals: tuple, names: tuple[str, ...], triads: list[tuple[int, int, int]],
           symbol: str) -> tuple[int, ...]:
    """Doubled arguments; a triad (0-based argument indices) whose perimeter ``a+b+c`` is not
    an integer is refused, as sympy refuses it (ValueError), whatever the other arguments."""
    t = tuple(twice_symbol_j(v, n) for v, n in zip(vals, names, strict=True))
    for tr in triads:
        if sum(t[i] for i in tr) % 2:
            a, b, c = (names[i] for i in tr)
            got = ", ".join(f"{names[i]}={Fraction(t[i], 2)}" for i in tr)
            raise ValueError(f"{got}: {a}+{b}+{c} must be an integer (a triad of the {symbol} "
                             "symbol)")
    return t


_SIX_TRIADS = [(0, 1, 2), (0, 4, 5), (3, 1, 5), (3, 4, 2)]
_NINE_TRIADS = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8)]


def _delta_args(ta: int, tb: int, tc: int) -> tuple[list[int], list[int]]:
    """Factorial arguments of ``D(a b c)**2``: numerator list, denominator list."""
    return ([(ta + tb - tc) // 2, (ta - tb + tc) // 2, (-ta + tb + tc) // 2],
            [(ta + tb + tc) // 2 + 1])


def _racah_int_sum(t: tuple[int, ...]) -> tuple[int, list[int], list[int]]:
    """The 6j formula's sum as ``S * prod num! / prod den!`` (``S`` an int; doubled arguments,
    triads already checked).

    With ``smin = max(a)``, ``smax = min(b)``, the terms times
    ``M = prod (smax-a_i)! prod (b_j-smin)! / (smin+1)!`` are integers ``U_s``, each from the
    last by a ratio of small ints: ``U_{s+1} = U_s (s+2) prod (b_j-s) / prod (s+1-a_i)``.
    """
    j1, j2, j3, j4, j5, j6 = t
    a = [(j1 + j2 + j3) // 2, (j1 + j5 + j6) // 2, (j4 + j2 + j6) // 2, (j4 + j5 + j3) // 2]
    b = [(j1 + j2 + j4 + j5) // 2, (j2 + j3 + j5 + j6) // 2, (j3 + j1 + j6 + j4) // 2]
    smin, smax = max(a), min(b)
    if smin > smax:
        return 0, [], []
    check_racah_cost("the 6j perimeters (sum of the triad and column-pair sums)",
                     sum(a) + sum(b), smax - smin + 1)
    u = 1
    for x in a:
        u *= falling(smax - x, smax - smin)  # (smax-x)! / (smin-x)!
    total = 0
    for s in range(smin, smax + 1):
        total += -u if s % 2 else u
        if s < smax:
            u = u * ((s + 2) * (b[0] - s) * (b[1] - s) * (b[2] - s)) \
                // ((s + 1 - a[0]) * (s + 1 - a[1]) * (s + 1 - a[2]) * (s + 1 - a[3]))
    return total, [smin + 1], [smax - x for x in a] + [y - smin for y in b]


def _sixj_cost(t: tuple[int, ...]) -> int:
    """``n_terms * (sum(a) + sum(b) + 1)`` of :func:`_racah_int_sum`, in closed form."""
    j1, j2, j3, j4, j5, j6 = t
    a = ((j1 + j2 + j3) // 2, (j1 + j5 + j6) // 2, (j4 + j2 + j6) // 2, (j4 + j5 + j3) // 2)
    b = ((j1 + j2 + j4 + j5) // 2, (j2 + j3 + j5 + j6) // 2, (j3 + j1 + j6 + j4) // 2)
    return max(min(b) - max(a) + 1, 0) * (sum(a) + sum(b) + 1)


#: the 9j symbol sums 6j products over ``x``; more than this many values of ``x`` are refused
#: before any work (the closed-form cost below is summed over them)
MAX_9J_TERMS = 10**5


def _racah_sum(t: tuple[int, ...]) -> Fraction:
    """The rational sum of the 6j formula (doubled arguments, triads already checked)."""
    S, num, den = _racah_int_sum(t)
    if S == 0:
        return Fraction(0)
    n, d = 1, 1
    for k in num:
        n *= factorial(k)
    for k in den:
        d *= factorial(k)
    return Fraction(S * n, d)


def _triads(t: tuple[int, ...]) -> list[tuple[int, int, int]]:
    j1, j2, j3, j4, j5, j6 = t
    return [(j1, j2, j3), (j1, j5, j6), (j4, j2, j6), (j4, j5, j3)]


def _sixj_parts(t: tuple[int, ...]):
    """``(S, num, den)`` with 6j = ``S * sqrt(prod num! / prod den!)`` (``S`` an int), or None
    if it vanishes."""
    triads = _triads(t)
    if not all(_triad_ok(*tr) for tr in triads):
        return None
    S, rnum, rden = _racah_int_sum(t)
    num, den = rnum * 2, rden * 2  # the rational factor enters the square root squared
    for tr in triads:
        n, d = _delta_args(*tr)
        num += n
        den += d
    return S, num, den


def _exact(parts) -> sympy.Expr:
    if parts is None or parts[0] == 0:
        return sympy.S.Zero
    R, num, den = parts
    coef, rad = sqrt_factorial_ratio(num, den)
    return to_sympy(coef * R, rad)


def _float(parts) -> float:
    if parts is None or parts[0] == 0:
        return 0.0
    R, num, den = parts
    R = Fraction(R)
    return float_from_parts(R.numerator, num, den, Fraction(1, R.denominator ** 2))


#: float (``exact=False``) 6j and 9j symbols of plain-int arguments are remembered (at most
#: 2**18 values each, emptied when full): a repeated scalar call costs one dict look-up
MAX_MEMO = 2**18
_FLOAT_6J: dict[tuple, float] = {}
_FLOAT_9J: dict[tuple, float] = {}
_FLOAT_6J_GET = _FLOAT_6J.get  # _remember clears this same dict when full


def _remember(memo: dict, key: tuple, value: float) -> float:
    if all(type(v) is int for v in key):
        if len(memo) >= MAX_MEMO:
            memo.clear()
        memo[key] = value
    return value


def _vector(fn, args: tuple, names: tuple[str, ...], exact: bool, prec: int | None,
            cost) -> np.ndarray:
    """``fn`` over broadcast NumPy arrays of arguments, symbol by symbol (total cost bounded
    in closed form first, :data:`~symphys.angular._vectorised.MAX_VECTOR_COST`)."""
    T, shape = vec.parse_arrays(args, names, len(args))
    cols = T.T.tolist()
    vec.check_one_by_one(len(cols), sum(cost(tuple(c)) for c in cols))
    vals = [fn(*(Fraction(v, 2) for v in c), exact=exact, prec=prec) for c in cols]
    out = np.empty(len(vals), dtype=np.float64 if not exact and prec is None else object)
    out[:] = vals
    return out.reshape(shape)


def _float_6j(t: tuple[int, ...]) -> float:
    """The correctly rounded 6j symbol of doubled arguments: from exact integers, or, past
    :data:`FIXED_POINT_FROM`, by the fixed-point Racah sum (the same float, faster)."""
    if _sixj_cost(t) > FIXED_POINT_FROM:
        return _large_6j(t)
    return _float(_sixj_parts(t))


_PLAIN = (int, float)  # argument types whose memo hits are returned at once

#: scalar float 6j symbols whose exact cost (:func:`_sixj_cost`) exceeds this take the
#: fixed-point Racah sum of ``symphys.angular._sixj_large`` (measured crossover, both about
#: 130 us there; random symbols with ``j`` near 100; below it the exact integer sum is faster)
FIXED_POINT_FROM = _sixj_large.FIXED_POINT_FROM


def _large_6j(t: tuple[int, ...]) -> float:
    """The correctly rounded float 6j symbol by :func:`symphys.angular._sixj_large.float_6j`,
    refused beyond its closed-form cost limit :data:`symphys.angular._sixj_large.MAX_COST`."""
    if not all(_triad_ok(*tr) for tr in _triads(t)):
        return 0.0
    cost = _sixj_large.cost(t)
    if cost > _sixj_large.MAX_COST:
        raise ValueError(
            f"j1..j6 = {', '.join(str(Fraction(v, 2)) for v in t)} is too large for a float 6j "
            f"symbol: its fixed-point Racah sum costs n_terms*(smax+1) = {cost:.3g}, more than "
            f"the limit MAX_COST = {_sixj_large.MAX_COST:.3g} (every j <= 10**4 fits)")
    return _sixj_large.float_6j(t)


def wigner_6j(j1: Number, j2: Number, j3: Number, j4: Number, j5: Number, j6: Number, *,
              exact: bool = True, prec: int | None = None) -> sympy.Expr | float:
    """Wigner 6j symbol ``{j1 j2 j3; j4 j5 j6}`` (sympy's argument order and value).

    Parameters
    ----------
    j1, ..., j6 : int or half-integer, >= 0, or NumPy arrays of them
    exact : bool
        ``True``: sympy number equal to ``sympy.physics.wigner.wigner_6j``; ``False``: the
        correctly rounded float (Ziv's strategy: a fast value with a rigorous error bound,
        the exact integer Racah sum where the bound cannot decide the rounding).
    prec : int, optional
        Decimal digits (sympy's ``prec``): a ``sympy.Float`` of that many digits.

    Returns
    -------
    sympy.Expr, float or numpy.ndarray
        NumPy array arguments (broadcast together) give an array, float64 for
        ``exact=False``.

    Notes
    -----
    Domain: negative ``j`` or a broken triangle gives 0; a triad with a non-integer perimeter
    or a non-half-integer argument raises ValueError (both as sympy's ``wigner_6j``).

    Floats (``exact=False``): array arguments are evaluated by one vectorised kernel (exact
    integer terms in float64, or double-double terms with an error bound); scalar plain-int
    symbols are remembered, and a few misses among the symbols with the same largest ``j``
    (at most ``TABLE_J = 10``; with half-integers, the same largest ``2j``, at most
    ``HALF_TABLE = 12``) fill that whole shell at once, so a loop over many symbols computes
    each once, in bulk. The worst case of an array call (every symbol through the
    exact path) is bounded before any work, as for the other symbols evaluated one by one.

    Large ``j`` (scalar floats whose exact cost exceeds ``FIXED_POINT_FROM``, from about
    ``j = 100``): Racah's sum in fixed point from its largest term, with a rigorous error bound, at
    growing precision until the rounding is decided; its sum ``S`` is an integer, so a
    vanishing symbol is decided exactly (``|S| < 1``). Every ``j <= 10**4`` is accepted
    (``_sixj_large.MAX_COST``), in milliseconds (about 10 ms at six ``j = 10**4``; an exact
    zero there under 1 s), where ``exact=True`` stays refused beyond ``MAX_RACAH_COST``.

    Examples
    --------
    >>> wigner_6j(3, 3, 3, 3, 3, 3)
    -1/14
    >>> wigner_6j(5, 5, 5, 5, 5, 5)
    1/52
    >>> wigner_6j(0.5, 0.5, 1, 0.5, 0.5, 0)
    1/2
    >>> wigner_6j(1, 2, 3, 1, 2, 3)
    1/105
    >>> wigner_6j(1, 2, 3, 1, 2, 3, exact=False)
    0.009523809523809525
    >>> wigner_6j(1, 2, 3, 1, 2, 3, prec=20)
    0.0095238095238095238095
    """
    if exact is False and prec is None:  # the float fast path: one look-up, plain numbers
        try:
            v = _FLOAT_6J_GET((j1, j2, j3, j4, j5, j6))
        except TypeError:  # unhashable: arrays go to the vectorised path below
            v = None
        if v is not None and j1.__class__ is j2.__class__ is j3.__class__ is j4.__class__ \
                is j5.__class__ is j6.__class__ is int:
            return v
        if v is not None and j1.__class__ in _PLAIN and j2.__class__ in _PLAIN \
                and j3.__class__ in _PLAIN and j4.__class__ in _PLAIN \
                and j5.__class__ in _PLAIN and j6.__class__ in _PLAIN:
            return v  # half-integers as floats: only the shells store such keys
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    names = ("j1", "j2", "j3", "j4", "j5", "j6")
    if vec.is_array_call(j1, j2, j3, j4, j5, j6):
        if not exact and prec is None:  # one vectorised kernel call (_sixj_vec)
            return _sixj_vec.wigner_6j_floats((j1, j2, j3, j4, j5, j6), names, _float_6j)
        return _vector(wigner_6j, (j1, j2, j3, j4, j5, j6), names, exact, prec, _sixj_cost)
    if prec is not None:
        return with_prec(wigner_6j(j1, j2, j3, j4, j5, j6), prec)
    if (j1.__class__ is j2.__class__ is j3.__class__ is j4.__class__ is j5.__class__
            is j6.__class__ is int and 0 <= min(j1, j2, j3, j4, j5, j6)
            and max(j1, j2, j3, j4, j5, j6) <= MAX_J):
        t = (2 * j1, 2 * j2, 2 * j3, 2 * j4, 2 * j5, 2 * j6)  # integer j: every perimeter even
        m = max(t) // 2
        if not exact and m <= _sixj_vec.TABLE_J and _sixj_vec.fill_shell(
                _FLOAT_6J, m, MAX_MEMO, _float_6j):  # the whole shell max(j) = m at once
            v = _FLOAT_6J_GET((j1, j2, j3, j4, j5, j6))
            if v is not None:
                return v
    else:
        t = _parse((j1, j2, j3, j4, j5, j6), names, _SIX_TRIADS, "6j")
        if not exact:  # half-integers and other exact numbers: the shells as well
            v = _sixj_vec.shell_value(_FLOAT_6J, t, MAX_MEMO, _float_6j)
            if v is not None:
                return v
    if not exact and _sixj_cost(t) > FIXED_POINT_FROM:  # large j: the fixed-point Racah sum
        return _remember(_FLOAT_6J, (j1, j2, j3, j4, j5, j6), _large_6j(t))
    parts = _sixj_parts(t)
    if exact:
        return _exact(parts)
    return _remember(_FLOAT_6J, (j1, j2, j3, j4, j5, j6), _float(parts))


def racah_w(a: Number, b: Number, c: Number, d: Number, e: Number, f: Number, *,
            exact: bool = True, prec: int | None = None) -> sympy.Expr | float:
    """Racah's W coefficient ``W(a b c d; e f) = (-1)^(a+b+c+d) {a b e; d c f}``.

    The value of ``sympy.physics.wigner.racah(a, b, c, d, e, f)`` (G. Racah, Phys. Rev. 62,
    438 (1942), doi:10.1103/PhysRev.62.438; Edmonds eq. 6.2.13). Domain as
    :func:`wigner_6j` (scalars only).

    Parameters
    ----------
    a, b, c, d, e, f : int or half-integer
    exact : bool
        ``True``: the exact sympy number; ``False``: the correctly rounded float.
    prec : int, optional
        Decimal digits: a ``sympy.Float`` of the exact value (sympy's ``prec=`` rounds its
        intermediate sums instead).

    Returns
    -------
    sympy.Expr or float

    Examples
    --------
    >>> racah_w(1, 1, 1, 1, 1, 1)
    1/6
    >>> racah_w(3, 3, 3, 3, 3, 3, exact=False)
    -0.07142857142857142
    """
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    t = _parse((a, b, e, d, c, f), ("a", "b", "e", "d", "c", "f"), _SIX_TRIADS, "6j")
    if not exact and prec is None:  # the float 6j (fixed-point Racah sum at large j)
        v = _float_6j(t)
        return (0.0 - v) if (t[0] + t[1] + t[4] + t[3]) // 2 % 2 else v
    parts = _sixj_parts(t)
    if parts is not None and (t[0] + t[1] + t[4] + t[3]) // 2 % 2:
        parts = (-parts[0], parts[1], parts[2])
    if prec is not None:
        return with_prec(_exact(parts), prec)
    return _exact(parts) if exact else _float(parts)


def _ninej_parts(t: tuple[int, ...]):
    j1, j2, j3, j4, j5, j6, j7, j8, j9 = t
    fixed = [(j1, j2, j3), (j4, j5, j6), (j7, j8, j9), (j1, j4, j7), (j2, j5, j8), (j3, j6, j9)]
    if not all(_triad_ok(*tr) for tr in fixed):
        return None
    lo = max(abs(j1 - j9), abs(j4 - j8), abs(j2 - j6))
    hi = min(j1 + j9, j4 + j8, j2 + j6)
    if (hi - lo) // 2 + 1 > MAX_9J_TERMS:
        raise ValueError(f"the 9j sum over x has {(hi - lo) // 2 + 1} terms (min(j1+j9, j4+j8, "
                         f"j2+j6) - max(|j1-j9|, |j4-j8|, |j2-j6|) + 1), more than the limit "
                         f"MAX_9J_TERMS = {MAX_9J_TERMS}")
    # closed-form cost: the three 6j sums for every x, plus the rational product of factorials
    # up to P! per x (P the largest factorial argument: 6j column-pair sums at x = hi)
    top = max(j1 + j4 + j8 + j9, j2 + j5 + j4 + j6, j3 + j6 + j1 + j2) // 2 + hi // 2 + 1
    cost = ((hi - lo) // 2 + 1) * top * top + sum(
        _sixj_cost((j1, j4, j7, j8, j9, x)) + _sixj_cost((j2, j5, j8, j4, x, j6))
        + _sixj_cost((j3, j6, j9, x, j1, j2)) for x in range(lo, hi + 1, 2))
    if cost > MAX_RACAH_COST:
        raise ValueError(f"j1..j9 are too large: the 9j sum over x of 6j products costs "
                         f"{cost:.3g} (n_x * P**2 + sum of n_terms * perimeters), more than "
                         f"the limit MAX_RACAH_COST = {MAX_RACAH_COST:.3g}")
    total = Fraction(0)
    for x in range(lo, hi + 1, 2):
        sixes = ((j1, j4, j7, j8, j9, x), (j2, j5, j8, j4, x, j6), (j3, j6, j9, x, j1, j2))
        if not all(_triad_ok(*tr) for six in sixes for tr in _triads(six)):
            continue
        r1, r2, r3 = (_racah_sum(six) for six in sixes)
        # the triads holding x appear twice: their D**2 are rational
        sq = Fraction(1)
        for tr in ((j1, j9, x), (j8, j4, x), (j2, j6, x)):
            n, d = _delta_args(*tr)
            sq *= Fraction(factorial(n[0]) * factorial(n[1]) * factorial(n[2]), factorial(d[0]))
        term = (x + 1) * r1 * r2 * r3 * sq
        total += -term if x % 2 else term
    num, den = [], []
    for tr in fixed:
        n, d = _delta_args(*tr)
        num += n
        den += d
    return total, num, den


def wigner_9j(j1: Number, j2: Number, j3: Number, j4: Number, j5: Number, j6: Number,
              j7: Number, j8: Number, j9: Number, *, exact: bool = True,
              prec: int | None = None) -> sympy.Expr | float:
    """Wigner 9j symbol ``{j1 j2 j3; j4 j5 j6; j7 j8 j9}`` (sympy's argument order and value).

    Rows are ``(j1 j2 j3)``, ``(j4 j5 j6)``, ``(j7 j8 j9)``; every row and column must be a
    triad. ``exact=False`` gives the correctly rounded float (the exact rational sum over
    ``x``, rounded once), ``prec`` (decimal digits) a ``sympy.Float``; NumPy array arguments
    give an array (symbol by symbol, total cost bounded first).

    Domain: negative ``j`` or a broken triangle gives 0; a row or column with a non-integer
    perimeter, or a non-half-integer argument, raises ValueError, as sympy's ``wigner_9j`` does
    except where its sum over ``x`` is empty (``min(j1+j9, j2+j6, j4+j8) < 0``): sympy then
    returns 0 unchecked, symphys still raises.

    Beyond the smallest ``j`` (scalar floats whose exact cost exceeds ``NINEJ_FIXED_FROM``,
    from about ``j = 3``): the sum over ``x`` of products of three 6j symbols, each 6j symbol
    taken as a function of ``x`` as the eigenvector of a symmetric tridiagonal matrix (the
    Schulten-Gordon recurrence, K. Schulten and R. G. Gordon, J. Math. Phys. 16, 1961 (1975),
    doi:10.1063/1.522426) computed in fixed point and bounded a posteriori (residual over the
    closed-form eigenvalue gap), summed with interval bounds at growing precision until the
    rounding is decided (Ziv's strategy; ``symphys.angular._sixj_rec``). Accepted up to
    ``_sixj_rec.MAX_COST``: every symbol with all ``j <= 10**4`` (nine equal ``j = 10**4`` in
    about 0.1 s, random ones with ``j`` near ``10**4`` in about 0.13 s, values far below the
    normal range up to 0.8 s; ``exact=True`` is refused from about ``j = 150``). A symbol
    that an odd symmetry maps to itself with an odd sum of all ``j`` is 0 (proven); any
    other value within its error bound of 0 is narrowed until the bound lies below half the
    smallest subnormal float (then the float is 0.0 whether the symbol is exactly 0 or
    underflows; about 0.7 s for a zero at nine equal ``j = 10**4``); should that exceed
    ``_sixj_rec.MAX_WORK``, the exact Racah-sum products of ``symphys.angular._ninej_large``
    (zeros proven up to about ``j = 380``) or the exact path decide it where affordable, else
    ValueError naming the arguments (never an unproven value).

    Examples
    --------
    >>> wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, 0)
    1/18
    >>> wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, 1)
    0
    >>> wigner_9j(0.5, 0.5, 0, 0.5, 0.5, 0, 1, 1, 0)
    sqrt(3)/6
    """
    vals = (j1, j2, j3, j4, j5, j6, j7, j8, j9)
    if exact is False and prec is None:
        try:
            v = _FLOAT_9J.get(vals)
        except TypeError:  # unhashable: arrays go to the vectorised path below
            v = None
        if v is not None and all(type(x) is int for x in vals):
            return v
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    names = tuple(f"j{i}" for i in range(1, 10))
    if vec.is_array_call(*vals):
        return _vector(wigner_9j, vals, names, exact, prec,
                       _ninej_cost if exact or prec is not None else _float_ninej_cost)
    if prec is not None:
        return with_prec(wigner_9j(*vals), prec)
    t = _parse(vals, names, _NINE_TRIADS, "9j")
    if not exact and _ninej_cost(t) > NINEJ_FIXED_FROM:  # 6j eigenvector products
        return _remember(_FLOAT_9J, vals, _large_9j(t))
    parts = _ninej_parts(t)
    if exact:
        return _exact(parts)
    return _remember(_FLOAT_9J, vals, _float(parts))


#: scalar float 9j symbols whose exact cost (:func:`_ninej_cost`) exceeds this take the
#: 6j-eigenvector products of ``symphys.angular._sixj_rec`` (measured crossover on random
#: symbols: both about 0.08 ms near cost 2e3, ``j`` about 3; at cost 1e5, 0.26 ms against
#: 0.8 ms)
NINEJ_FIXED_FROM = 2000


def _large_9j(t: tuple[int, ...], fano: bool = False) -> float:
    """The correctly rounded float 9j symbol (``fano``: Fano's X, the factor
    ``sqrt(prod (2j+1))`` folded into the single rounding) by
    :func:`symphys.angular._ninej_large.float_or_exact` (symmetry zeros, then the 6j
    eigenvectors of ``symphys.angular._sixj_rec``, refused beyond ``_sixj_rec.MAX_COST``; a
    value left within its error of 0 goes to the exact Racah-sum products or the exact path
    where affordable, else ValueError)."""
    if not all(_triad_ok(*(t[i] for i in tr)) for tr in _NINE_TRIADS):
        return 0.0
    got = ", ".join(str(Fraction(v, 2)) for v in t)
    names = "j1, j2, j12, j3, j4, j34, j13, j24, j" if fano else "j1..j9"
    symbol = "Fano X" if fano else "9j"
    lo, hi = _ninej_large.x_range(t)
    if (hi - lo) // 2 + 1 > MAX_9J_TERMS:
        raise ValueError(f"{names} = {got}: the 9j sum over x has {(hi - lo) // 2 + 1} terms, "
                         f"more than the limit MAX_9J_TERMS = {MAX_9J_TERMS}")
    spec = _ninej_large.fano(t) if fano else _ninej_large.nine(t)
    exact_parts = _fano_parts if fano else _ninej_parts
    return _ninej_large.float_or_exact(spec, symbol, f"{names} = {got}",
                                       lambda: _float(exact_parts(t)),
                                       f" (every {symbol} with all j <= 10**4 fits)",
                                       zero=_sixj_rec.symmetry_zero_9j(t))


#: array calls charge a float 9j symbol past ``NINEJ_FIXED_FROM`` this many times its
#: ``_sixj_rec.cost`` (measured: one unit of it takes up to about 20 times as long as one unit
#: of :func:`_ninej_cost` on the exact path, 170 ns against 8 ns, the worst case being a value
#: far below the normal range at ``j`` near 10**4)
REC_COST_RATIO = 20


def _float_ninej_cost(t: tuple[int, ...]) -> int:
    """The cost an array call charges for one float 9j symbol (doubled arguments): the exact
    path's :func:`_ninej_cost` up to ``NINEJ_FIXED_FROM``, else the 6j-eigenvector cost times
    :data:`REC_COST_RATIO` (closed forms, before any work)."""
    cost = _ninej_cost(t)
    if cost <= NINEJ_FIXED_FROM:
        return cost
    return REC_COST_RATIO * _sixj_rec.cost(_ninej_large.nine(tuple(abs(v) for v in t)))


def _ninej_cost(t: tuple[int, ...]) -> int:
    """A closed-form cost of one 9j symbol (doubled arguments): terms over ``x`` times the
    largest factorial argument squared (as :func:`_ninej_parts` bounds it)."""
    j1, j2, j3, j4, j5, j6, j7, j8, j9 = (abs(v) for v in t)
    lo = max(abs(j1 - j9), abs(j4 - j8), abs(j2 - j6))
    hi = min(j1 + j9, j4 + j8, j2 + j6)
    top = max(j1 + j4 + j8 + j9, j2 + j5 + j4 + j6, j3 + j6 + j1 + j2) // 2 + hi // 2 + 1
    return max((hi - lo) // 2 + 1, 0) * top * top


def _fano_parts(t: tuple[int, ...]):
    """:func:`_ninej_parts` with ``prod (2j+1)`` of ``j12, j34, j13, j24`` inside the square
    root (``2j+1 = (2j+1)! / (2j)!``), or None when a triad breaks."""
    parts = _ninej_parts(t)
    if parts is None:
        return None
    R, num, den = parts
    return R, num + [t[2] + 1, t[5] + 1, t[6] + 1, t[7] + 1], den + [t[2], t[5], t[6], t[7]]


def fano_x(j1: Number, j2: Number, j12: Number, j3: Number, j4: Number, j34: Number,
           j13: Number, j24: Number, j: Number, *, exact: bool = True,
           prec: int | None = None) -> sympy.Expr | float:
    """Fano's X coefficient ``sqrt((2j12+1)(2j34+1)(2j13+1)(2j24+1)) {j1 j2 j12; j3 j4 j34;
    j13 j24 j}``: the unitary recoupling ``<(j1 j2) j12, (j3 j4) j34; j | (j1 j3) j13,
    (j2 j4) j24; j>`` (U. Fano, Phys. Rev. 90, 577 (1953), doi:10.1103/PhysRev.90.577;
    Edmonds eq. 6.4.2). Domain as :func:`wigner_9j`.

    Parameters
    ----------
    j1, j2, j12, j3, j4, j34, j13, j24, j : int or half-integer, or NumPy arrays of them
        In the row order of the 9j symbol.
    exact : bool
        ``True``: the exact sympy number; ``False``: the correctly rounded float (the factor
        is folded into the square root before the single rounding).
    prec : int, optional
        Decimal digits: a ``sympy.Float``.

    Returns
    -------
    sympy.Expr, float or numpy.ndarray
        NumPy array arguments (broadcast together) give an array, float64 for
        ``exact=False`` (symbol by symbol, the total cost bounded first as for
        :func:`wigner_9j`'s arrays).

    Notes
    -----
    Floats (``exact=False``) take :func:`wigner_9j`'s paths with the factor inside its
    rigorous rounding: the exact rational sum over ``x`` rounded once up to
    ``NINEJ_FIXED_FROM``, beyond it the 6j-eigenvector products (``symphys.angular._sixj_rec``,
    the bound narrowed until one float is left), with the same limits: every symbol with all
    ``j <= 10**4`` is accepted (``_sixj_rec.MAX_COST``; nine equal ``j = 10**4`` in about
    0.1 s), zeros forced by an odd symmetry are 0.0 at once, and a value left within its error
    bound of 0 is decided as :func:`wigner_9j` decides it (below half the smallest subnormal,
    or by the exact Racah-sum products or the exact path where affordable, else ValueError;
    never an unproven value). ``exact=True`` is refused from about ``j = 150``
    (``MAX_RACAH_COST``).

    Examples
    --------
    >>> fano_x(1, 1, 1, 1, 1, 1, 1, 1, 2)
    1/2
    >>> fano_x(1, 1, 2, 1, 1, 2, 2, 2, 4, exact=False)
    1.0
    """
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    names = ("j1", "j2", "j12", "j3", "j4", "j34", "j13", "j24", "j")
    vals = (j1, j2, j12, j3, j4, j34, j13, j24, j)
    if vec.is_array_call(*vals):
        return _vector(fano_x, vals, names, exact, prec,
                       _ninej_cost if exact or prec is not None else _float_ninej_cost)
    t = _parse(vals, names, _NINE_TRIADS, "9j")
    if not exact and prec is None and _ninej_cost(t) > NINEJ_FIXED_FROM:
        return _large_9j(t, fano=True)  # 6j eigenvector products, the factor folded in
    parts = _fano_parts(t)
    if prec is not None:
        return with_prec(_exact(parts), prec)
    return _exact(parts) if exact else _float(parts)
