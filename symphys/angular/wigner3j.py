"""Wigner 3j symbols and Clebsch-Gordan coefficients: exact, correctly rounded, and in blocks.

Conventions are sympy.physics.wigner's (Condon-Shortley phase, Racah's formula [Racah42]_,
[Edmonds57]_ eq. 3.7.3)::

    3j(j1 j2 j3; m1 m2 m3) = (-1)^(j1-j2-m3) sqrt(D(j1 j2 j3) prod_i (j_i+m_i)! (j_i-m_i)!)
        * sum_k (-1)^k / (k! (j3-j2+k+m1)! (j3-j1+k-m2)! (j1+j2-j3-k)! (j1-k-m1)! (j2-k+m2)!)

with ``D = (j1+j2-j3)! (j1-j2+j3)! (-j1+j2+j3)! / (j1+j2+j3+1)!``, and

    <j1 m1; j2 m2 | j3 m3> = (-1)^(j1-j2+m3) sqrt(2 j3 + 1) 3j(j1 j2 j3; m1 m2 -m3).

The sum is evaluated in exact integers (binomial form, see ``_blocks``); exact results are the
sympy numbers ``c*sqrt(R)`` (``R`` square-free) that sympy returns, floats are correctly rounded.

Floats (``exact=False``) follow Ziv's strategy (J.-M. Muller et al., Handbook of
Floating-Point Arithmetic, doi:10.1007/978-3-319-76526-6): whole blocks of symbols are
evaluated in double-double arithmetic with a rigorous error bound and rounded once; an entry
whose bound cannot decide the rounding (within the bound of a rounding tie, or tiny) is
recomputed from exact integers. Integer scalars with every ``l <= FLOAT_TABLE_LMAX`` are read
from a table filled a shell at a time (every symbol of largest ``l`` up to that of the call, at
least ``FLOAT_TABLE_BASE``) by one vectorised evaluation; other scalars take the exact integer
sum and one correctly rounded square root (cheaper, for a single symbol, than a bound).
Measured (one thread, a Python loop over all 26,757 integer symbols with ``l <= 8``): about
7 ms with the table full, against 9.4 ms for pywigxjpf's ``wig3jj``; about 18 ms from empty
caches, of which the fill takes about 9 ms (values 2.6 ms, then the 26,757 key tuples: a dict
update and their first garbage-collector pass, about 4 ms). The same loop calling an empty
function of this signature takes 1.8 ms, and the bool-refusing type checks and the 6-tuple
look-up add about 0.17 us a call: with the warm loop at about 6.5 ms and a table of one entry
per symbol to build, the cold pass cannot reach pywigxjpf's time in Python.
NumPy array arguments are answered from a store of the compact blocks in which each call
computes only the entries it reads, in batches (``_threej_vec``; Ziv's rounding as above).
``prec=`` (decimal digits, as sympy's) returns ``sympy.Float`` values of the exact result.

Selection rules (``m1+m2+m3 = 0``, the triangle ``|j1-j2| <= j3 <= j1+j2``, ``j1+j2+j3``
integer) give 0.

Domain: as in sympy.physics.wigner, a symbol with an argument outside the domain is 0, not an
error: negative ``j``, ``|m| > j``, ``j - m`` not an integer. An argument that is not an integer
or half-integer (``0.3``, ``1/3``) raises ValueError naming it, as sympy raises. Departures:
a bool, a string or a symbolic expression is a TypeError (sympy reads ``"1"`` as 1 and raises
ValueError for a bool), and ``j > MAX_J`` (``10**6``) is refused at once with a ValueError, even
where a selection rule would make the symbol 0 (sympy has no such limit).
Cost: the Racah sum has ``n`` terms over factorials up to ``(j1+j2+j3+1)!``; a symbol with
``n * (j1+j2+j3+1) > MAX_RACAH_COST`` (``5*10**8``, in ``symphys.angular._exact``; about
``j1 = j2 = j3 <= 12900``) is refused at once with a ValueError, exact or float, so that an
accepted symbol takes at most a few seconds. Gaunt coefficients take two such sums. Closed
forms skip the sum: a zero ``j`` (``3j(j j 0; m -m 0) = (-1)^(j-m)/sqrt(2j+1)``, any
``j <= MAX_J``, microseconds) and ``m1 = m2 = m3 = 0`` (one term; refused beyond
``(j1+j2+j3)**2/16 > MAX_RACAH_COST``).

Symmetries: the 3j symbol is invariant under even permutations of its columns, picks up
``(-1)^(j1+j2+j3)`` under odd ones and under ``m -> -m``; the 72 Regge symmetries hold.

.. [Racah42] G. Racah, Phys. Rev. 62, 438 (1942), doi:10.1103/PhysRev.62.438.
.. [Edmonds57] A. R. Edmonds, Angular Momentum in Quantum Mechanics, Princeton University Press
   (1957), doi:10.1515/9781400884186.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy

from symphys.angular import _vectorised as vec
from symphys.angular._blocks import (
    SymbolTable,
    compact_sorted,
    exact_compact_sorted,
    expand,
    permute_compact,
    threej_block,
)
from symphys.angular._exact import (
    binomial,
    c_sqrt,
    check_exact,
    check_prec,
    check_racah_cost,
    check_size,
    exact_change_of_basis,
    factorial,
    float_from_parts,
    m_in_domain,
    rounded_sqrt,
    sqrt_factorial_ratio,
    twice,
    twice_j,
    twice_symbol_j,
    with_prec,
)
from symphys.angular._threej_vec import threej_floats
from symphys.angular.bases import _c2r, apply_x, e3nn_q

__all__ = [
    "wigner_3j", "clebsch_gordan", "wigner_3j_block", "clebsch_gordan_block", "wigner_3j_blocks",
]

Number = int | float | Fraction | sympy.Rational
BASES = ("complex", "real", "e3nn")


def _parse(js, ms, jnames=("j1", "j2", "j3"), mnames=("m1", "m2", "m3")):
    """Doubled ``(tj, tm)``, or ``None`` when an argument lies outside the domain (negative
    ``j``, ``|m| > j``, ``j - m`` not an integer): the symbol is then 0, as sympy's is."""
    tj = [twice_symbol_j(v, n) for v, n in zip(js, jnames, strict=True)]
    tm = [twice(v, n) for v, n in zip(ms, mnames, strict=True)]
    if not all(m_in_domain(a, b) for a, b in zip(tj, tm, strict=True)):
        return None
    return tj, tm


def racah_3j_parts(tj1: int, tj2: int, tj3: int, tm1: int, tm2: int, tm3: int):
    """Doubled arguments -> ``(S, num, den)`` with 3j = ``S * sqrt(prod num! / prod den!)``.

    ``S`` is the signed integer Racah sum (phase included); ``None`` when a selection rule
    makes the symbol vanish. Plain Python ints, straight from Racah's formula.
    """
    if tm1 + tm2 + tm3 != 0 or (tj1 + tj2 + tj3) % 2:
        return None
    a, b, c = (tj1 + tj2 - tj3) // 2, (tj1 - tj2 + tj3) // 2, (-tj1 + tj2 + tj3) // 2
    if a < 0 or b < 0 or c < 0:
        return None
    j1m, j1p = (tj1 - tm1) // 2, (tj1 + tm1) // 2
    j2m, j2p = (tj2 - tm2) // 2, (tj2 + tm2) // 2
    j3m, j3p = (tj3 - tm3) // 2, (tj3 + tm3) // 2
    # k ranges where every factorial argument below is >= 0
    t1 = (tj3 - tj2 + tm1) // 2  # j3 - j2 + m1
    t2 = (tj3 - tj1 - tm2) // 2  # j3 - j1 - m2
    kmin, kmax = max(0, -t1, -t2), min(a, j1m, j2p)
    check_racah_cost("j1+j2+j3", (tj1 + tj2 + tj3) // 2, kmax - kmin + 1)
    total = 0
    if kmin <= kmax:
        # C(a, k) C(b, x-k) C(c, y-k): each term from the last by a ratio of small ints (exact)
        term = binomial(a, kmin) * binomial(b, j1m - kmin) * binomial(c, j2p - kmin)
        for k in range(kmin, kmax + 1):
            total += -term if k % 2 else term
            if k < kmax:
                term = term * ((a - k) * (j1m - k) * (j2p - k)) \
                    // ((k + 1) * (t1 + k + 1) * (t2 + k + 1))
    if (tj1 - tj2 - tm3) // 2 % 2:
        total = -total
    return total, [j1m, j1p, j2m, j2p, j3m, j3p], [a + b + c + 1, a, b, c]


def _exact_from_parts(parts, extra: int = 1):
    """The sympy value of ``racah_3j_parts`` output times ``sqrt(extra)`` (a positive int,
    folded in as ``sqrt(extra!/(extra-1)!)``, so no factorisation is needed)."""
    if parts is None or parts[0] == 0:
        return sympy.S.Zero
    S, num, den = parts
    if extra != 1:
        num, den = [*num, extra], [*den, extra - 1]
    coef, rad = sqrt_factorial_ratio(num, den)
    coef *= S
    return c_sqrt(coef.numerator, coef.denominator, rad)


def _times_sqrt_int(coef: Fraction, rad: int, n: int | Fraction) -> tuple[Fraction, int]:
    """``coef*sqrt(rad)*sqrt(n)`` back to ``c*sqrt(R)`` with R square-free (n positive)."""
    n = Fraction(n)
    out_c, out_r = coef, rad
    for value, sign in ((n.numerator, 1), (n.denominator, -1)):
        for p, e in sympy.factorint(value).items():
            e = e * sign + (1 if out_r % p == 0 else 0)
            if out_r % p == 0:
                out_r //= p
            half, odd = divmod(e, 2)
            out_c *= Fraction(p) ** half
            if odd:
                out_r *= p
    return out_c, out_r


def _float_from_parts(parts, extra: Fraction = Fraction(1)) -> float:
    if parts is None or parts[0] == 0:
        return 0.0
    return float_from_parts(parts[0], parts[1], parts[2], extra)


def _zero_column(tj: list[int], tm: list[int]) -> tuple[int, int] | None:
    """``3j(j j 0; m -m 0) = (-1)^(j-m) / sqrt(2j+1)`` (any column order: an odd permutation
    adds ``(-1)^(2j)``) as ``(sign, 2j+1)`` (sign 0: the symbol vanishes), or None when no
    ``j`` is 0. Valid doubled symbol (``m1+m2+m3 = 0``, triangle) assumed."""
    for i in range(3):
        if tj[i] == 0:
            a, b = [k for k in range(3) if k != i]
            if tj[a] != tj[b]:
                return 0, 1
            even = (a, b, i) in ((0, 1, 2), (1, 2, 0), (2, 0, 1))
            sign = (-1) ** ((tj[a] - tm[a]) // 2) * (1 if even else (-1) ** tj[a])
            return sign, tj[a] + 1
    return None


def _closed_form_3j(tj: list[int], tm: list[int]):
    """``3j(j1 j2 j3; 0 0 0)`` in closed form ([Edmonds57]_ eq. 3.7.17: one term instead of
    Racah's sum) as ``(S, num, den)`` like :func:`racah_3j_parts`, or None for other ``m``.
    Its factorials cost about ``perimeter**2``: refused beyond ``perimeter**2 / 16 >
    MAX_RACAH_COST`` (``j1+j2+j3`` about 89000)."""
    if tm != [0, 0, 0]:
        return None
    J = sum(tj) // 2
    check_racah_cost("j1+j2+j3", J, J // 16)
    if J % 2:
        return 0, [], []
    g = J // 2
    x, y, z = g - tj[0] // 2, g - tj[1] // 2, g - tj[2] // 2
    S = factorial(g) // (factorial(x) * factorial(y) * factorial(z))
    return (-S if g % 2 else S), [2 * x, 2 * y, 2 * z], [J + 1]


def _float_3j(tj: list[int], tm: list[int], extra: Fraction = Fraction(1)) -> float:
    """Correctly rounded 3j (times ``sqrt(extra)``) of a doubled symbol in the domain."""
    if tm[0] + tm[1] + tm[2] != 0 or sum(tj) % 2 or not abs(tj[0] - tj[1]) <= tj[2] \
            <= tj[0] + tj[1]:
        return 0.0
    zc = _zero_column(tj, tm)
    if zc is not None:
        if zc[0] == 0:
            return 0.0
        v = rounded_sqrt(extra.numerator, extra.denominator * zc[1])
        return v if zc[0] > 0 else -v
    parts = _closed_form_3j(tj, tm)
    if parts is None:
        parts = racah_3j_parts(*tj, *tm)
    return _float_from_parts(parts, extra)


def _vector_3j(args: tuple, exact: bool, prec: int | None, cg: bool) -> np.ndarray:
    """The vectorised 3j symbol (``cg``: the Clebsch-Gordan coefficient).

    Floats with every ``j <= BLOCK_LMAX`` come from ``_threej_vec.threej_floats`` (the
    entries of compact blocks a call reads, evaluated in one batch and stored for later
    calls); larger ones one by one, their cost bounded first."""
    names = ("j1", "j2", "j3", "m1", "m2", "m3")
    T, shape = vec.parse_arrays(args, names, 3)
    tj, tm = T[:3], T[3:].copy()
    if cg:
        tm[2] = -tm[2]
    if exact or prec is not None:
        vec.check_one_by_one(T.shape[1])
        fn = clebsch_gordan if cg else wigner_3j
        flat = [fn(*(Fraction(int(v), 2) for v in col), prec=prec)
                for col in np.concatenate([tj, T[3:]]).T.tolist()]
        out = np.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(shape)
    out = np.zeros(T.shape[1])
    ok = vec.threej_valid(tj, tm)
    small = ok & (tj.max(axis=0) <= 2 * vec.BLOCK_LMAX)
    if small.all():
        out = threej_floats(tj, tm, cg)
    else:
        idx = np.flatnonzero(small)
        out[idx] = threej_floats(tj[:, idx], tm[:, idx], cg)
    big = np.flatnonzero(ok & ~small)
    if len(big):
        def one(a, b, c, x, y, z):
            return _float_3j([a, b, c], [x, y, z], Fraction(c + 1) if cg else Fraction(1))

        def cost(a, b, c, x, y, z):
            if 0 in (a, b, c):
                return 1
            if x == y == z == 0:
                return ((a + b + c) // 2) ** 2 // 16
            return (min(a, b, c) + 1) * ((a + b + c) // 2 + 1)
        out[big] = vec.scalar_loop(one, np.concatenate([tj[:, big], tm[:, big]]), cost)
    if cg:  # (-1)^(j1-j2+m3) with m3 the caller's (tm[2] was flipped)
        out = np.where(((tj[0] - tj[1] - tm[2]) // 2) % 2 == 1, 0.0 - out, out)
    return out.reshape(shape)


def wigner_3j(j1: Number, j2: Number, j3: Number, m1: Number, m2: Number, m3: Number, *,
              exact: bool = True, prec: int | None = None) -> sympy.Expr | float:
    """Wigner 3j symbol ``(j1 j2 j3; m1 m2 m3)``, sympy.physics.wigner's argument order and value.

    Parameters
    ----------
    j1, j2, j3 : int or half-integer, or arrays of them
        Angular momenta (``Fraction(1, 2)``, ``sympy.Rational(1, 2)`` or ``0.5``).
    m1, m2, m3 : int or half-integer, or arrays of them
        Projections, ``|m_i| <= j_i`` with ``j_i - m_i`` an integer.
    exact : bool
        ``True``: a sympy number ``c*sqrt(R)`` equal to ``sympy.physics.wigner.wigner_3j``.
        ``False``: the correctly rounded Python float.
    prec : int, optional
        Decimal digits (as sympy's ``prec``): the value as a ``sympy.Float`` of that many
        significant digits, from the exact value (not with ``exact=False``).

    Returns
    -------
    sympy.Expr, float or numpy.ndarray
        With NumPy array arguments (broadcast together with the scalars): an array of that
        shape, float64 for ``exact=False`` (each entry correctly rounded), else an object
        array of sympy numbers.

    Notes
    -----
    Domain: an argument outside the domain (negative ``j``, ``|m| > j``, ``j - m`` not an
    integer) gives 0, as sympy's does; a non-half-integer argument raises ValueError, as
    sympy's does; bools, strings and symbols are a TypeError and ``j > 10**6`` is refused (see
    the module docstring).

    Floats follow Ziv's strategy: a double-double evaluation with a rigorous error bound,
    rounded once, and the exact integer evaluation wherever the bound cannot decide the
    rounding. Integer symbols with every ``l <= FLOAT_TABLE_LMAX`` (10) come from a table
    filled a shell at a time: the first such call evaluates every symbol with ``l <= 8``
    (26,757; about 10 ms), a call with a larger ``l`` the symbols of its shell, each
    in one vectorised evaluation (``_threej_vec``); closed forms serve a zero ``j``
    (``(-1)^(j-m)/sqrt(2j+1)`` up to the column sign, for any ``j <= MAX_J``) and
    ``m1 = m2 = m3 = 0``.

    Exact integer symbols with every ``l <= 16`` come from a bounded table filled one unordered
    triple at a time (all orderings and ``m``, from the exact block); other symbols are built
    from Racah's sum directly.

    Examples
    --------
    >>> wigner_3j(1, 1, 2, 0, 0, 0)
    sqrt(30)/15
    >>> wigner_3j(0.5, 0.5, 1, 0.5, -0.5, 0)
    sqrt(6)/6
    >>> wigner_3j(2, 6, 4, 0, 0, 0, exact=False)
    0.18698939800169143
    >>> wigner_3j(1, 1, 3, 0, 0, 0)   # triangle rule fails
    0
    >>> wigner_3j(1, 1, 2, 0, 0, 0, prec=30)
    0.365148371670110742304646521867
    >>> import numpy as np
    >>> wigner_3j(np.array([1, 2]), 1, 2, 0, 0, 0, exact=False)
    array([0.36514837, 0.        ])
    """
    if exact is False and prec is None:  # the float fast path: one look-up, plain ints only
        try:
            v = _FLOAT_3J_GET((j1, j2, j3, m1, m2, m3))
        except TypeError:  # unhashable: arrays go to the vectorised path below
            v = None
        if v is not None and j1.__class__ is j2.__class__ is j3.__class__ is m1.__class__ \
                is m2.__class__ is m3.__class__ is int:
            return v
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    if vec.is_array_call(j1, j2, j3, m1, m2, m3):
        return _vector_3j((j1, j2, j3, m1, m2, m3), exact, prec, cg=False)
    if prec is not None:
        return with_prec(wigner_3j(j1, j2, j3, m1, m2, m3), prec)
    if exact:
        try:
            v = _TABLE_3J.data.get((j1, j2, j3, m1, m2, m3))
        except TypeError:  # unhashable argument: refused with a clear message below
            v = None
        if (v is not None and type(j1) is int and type(j2) is int and type(j3) is int
                and type(m1) is int and type(m2) is int and type(m3) is int):
            return v
    parsed = _parse((j1, j2, j3), (m1, m2, m3))
    if parsed is None:
        return sympy.S.Zero if exact else 0.0
    tj, tm = parsed
    if exact and _fill_3j(*tj):
        key = (tj[0] // 2, tj[1] // 2, tj[2] // 2, tm[0] // 2, tm[1] // 2, tm[2] // 2)
        v = _TABLE_3J.data.get(key)
        if v is not None:  # None: m1+m2+m3 != 0, or another thread emptied the table
            return v
    if not exact:
        if _fill_float_3j(*tj):
            v = _FLOAT_3J.data.get((tj[0] // 2, tj[1] // 2, tj[2] // 2, tm[0] // 2,
                                    tm[1] // 2, tm[2] // 2))
            if v is not None:
                return v
        return _float_3j(tj, tm)
    parts = None
    if tm[0] + tm[1] + tm[2] == 0 and sum(tj) % 2 == 0 and abs(tj[0] - tj[1]) <= tj[2] \
            <= tj[0] + tj[1]:
        zc = _zero_column(tj, tm)
        if zc is not None:
            if zc[0] == 0:
                return sympy.S.Zero
            coef, rad = _times_sqrt_int(Fraction(zc[0]), 1, Fraction(1, zc[1]))
            return c_sqrt(coef.numerator, coef.denominator, rad)
        parts = _closed_form_3j(tj, tm)
    if parts is None:
        parts = racah_3j_parts(*tj, *tm)
    return _exact_from_parts(parts)


#: integer 3j symbols with every ``l <= TABLE_LMAX`` are served from a table filled one
#: unordered triple at a time (at most 2**18 values, about 45 MB; emptied when full)
TABLE_LMAX = 16
_TABLE_3J = SymbolTable(2**18)

#: float (``exact=False``) 3j symbols and Clebsch-Gordan coefficients with every integer
#: ``l <= FLOAT_TABLE_LMAX`` are served from tables filled a shell (largest ``l``) at a time
#: by the vectorised evaluation (72,809 values each when every shell is in, below their
#: ``max_entries`` of 2**18): a scalar call then costs one dict look-up
FLOAT_TABLE_LMAX = 10
_FLOAT_3J = SymbolTable(2**18)
_FLOAT_CG = SymbolTable(2**18)
# bound look-ups (SymbolTable.clear empties the same dict, so these stay valid)
_FLOAT_3J_GET = _FLOAT_3J.data.get
_FLOAT_CG_GET = _FLOAT_CG.data.get


def _shell_symbols(lo: int, hi: int, cg: bool = False) -> np.ndarray:
    """Every integer symbol ``(l1, l2, l3, m1, m2, m3)`` obeying the selection rules with
    ``lo < max(l1, l2, l3) <= hi``, as int64 columns ``(6, n)`` in the order of a loop over
    ``l1, l2, l3, m1, m2`` (``m3 = -m1-m2``; with ``cg``, ``m3 = m1+m2``)."""
    ls = np.arange(hi + 1, dtype=np.int16)  # small arrays: little memory to touch
    l1, l2, l3 = (x.ravel() for x in np.meshgrid(ls, ls, ls, indexing="ij"))
    keep = (np.abs(l1 - l2) <= l3) & (l3 <= l1 + l2) & (np.maximum(np.maximum(l1, l2), l3) > lo)
    l1, l2, l3 = l1[keep], l2[keep], l3[keep]
    n1 = 2 * l1 + 1  # rows m1 = -l1..l1 of each triple
    tr = np.repeat(np.arange(len(l1), dtype=np.int32), n1)
    m1 = (np.arange(len(tr), dtype=np.int32) - np.repeat(np.cumsum(n1, dtype=np.int32) - n1 + l1,
                                                         n1)).astype(np.int16)
    a2, a3 = l2[tr], l3[tr]
    first = np.maximum(-a2, -a3 - m1)  # m2 with |m2| <= l2 and |m1+m2| <= l3
    cnt = np.minimum(a2, a3 - m1) - first + 1  # >= 1 by the triangle rule
    row = np.repeat(np.arange(len(tr), dtype=np.int32), cnt)
    out = np.empty((6, len(row)), dtype=np.int16)
    np.subtract(np.arange(len(row), dtype=np.int32),
                np.repeat(np.cumsum(cnt, dtype=np.int32) - cnt - first, cnt), out=out[4],
                casting="unsafe")
    t = tr[row]
    np.take(l1, t, out=out[0])
    np.take(l2, t, out=out[1])
    np.take(l3, t, out=out[2])
    np.take(m1, row, out=out[3])
    np.add(out[3], out[4], out=out[5])
    if not cg:
        np.negative(out[5], out=out[5])
    return out


#: the first float-table fill takes every symbol with ``l <= FLOAT_TABLE_BASE`` at once
#: (26,757 symbols, one vectorised evaluation); larger ``l`` are added one shell (largest
#: ``l``) at a time
FLOAT_TABLE_BASE = 8


def _fill_shells(table: SymbolTable, L: int, cg: bool) -> None:
    """Fill ``table`` with every symbol of largest ``l`` up to ``max(L, FLOAT_TABLE_BASE)``
    not in it yet: one vectorised evaluation (``_threej_vec``, correctly rounded, Ziv's
    strategy) and one dict update whose keys are built by ``zip`` over Python int lists.
    ``table.triples`` holds ``(shell,)`` markers; the table holds at most the symbols with
    ``l <= FLOAT_TABLE_LMAX`` (72,809), below its ``max_entries``."""
    hi = max(L, FLOAT_TABLE_BASE)
    lo = -1
    while (lo + 1,) in table.triples:
        lo += 1
    if lo >= hi:
        return
    S = _shell_symbols(lo, hi, cg)
    tj = 2 * S[:3].astype(np.int64)
    tm = 2 * S[3:].astype(np.int64)
    if cg:
        tm[2] = -tm[2]
        vals = threej_floats(tj, tm, True)
        # (-1)^(j1-j2+m3), m3 the coefficient's (the negated column)
        vals = np.where(((tj[0] - tj[1] - tm[2]) // 2) % 2 == 1, 0.0 - vals, vals)
    else:
        vals = threej_floats(tj, tm, False)
    if table.data and len(table.data) + len(vals) > table.max_entries:
        # not reached: every shell up to FLOAT_TABLE_LMAX fits (tested)
        table.clear()
        return _fill_shells(table, L, cg)
    table.data.update(zip(zip(*S.tolist(), strict=True), vals.tolist(), strict=True))
    table.triples.update((k,) for k in range(lo + 1, hi + 1))


def _fill_float_3j(tj1: int, tj2: int, tj3: int) -> bool:
    """Fill the float table up to the shell of an integer triple (doubled) within
    ``FLOAT_TABLE_LMAX`` obeying the triangle rule (:func:`_fill_shells`); False otherwise."""
    if (tj1 | tj2 | tj3) & 1 or max(tj1, tj2, tj3) > 2 * FLOAT_TABLE_LMAX \
            or not abs(tj1 - tj2) <= tj3 <= tj1 + tj2:
        return False
    L = max(tj1, tj2, tj3) // 2
    if (L,) not in _FLOAT_3J.triples:
        _fill_shells(_FLOAT_3J, L, cg=False)
    return True


def _fill_float_cg(tj1: int, tj2: int, tj3: int) -> bool:
    """Fill the float CG table up to the shell of the triple (as :func:`_fill_float_3j`)."""
    if (tj1 | tj2 | tj3) & 1 or max(tj1, tj2, tj3) > 2 * FLOAT_TABLE_LMAX \
            or not abs(tj1 - tj2) <= tj3 <= tj1 + tj2:
        return False
    L = max(tj1, tj2, tj3) // 2
    if (L,) not in _FLOAT_CG.triples:
        _fill_shells(_FLOAT_CG, L, cg=True)
    return True


def _fill_3j(tj1: int, tj2: int, tj3: int) -> bool:
    """Fill the scalar table for an integer triple (doubled) within ``TABLE_LMAX`` obeying the
    triangle rule; False (nothing done) otherwise."""
    if (tj1 | tj2 | tj3) & 1 or max(tj1, tj2, tj3) > 2 * TABLE_LMAX \
            or not abs(tj1 - tj2) <= tj3 <= tj1 + tj2:
        return False
    srt = tuple(sorted((tj1, tj2, tj3)))
    tri = (srt[0] // 2, srt[1] // 2, srt[2] // 2)
    if tri not in _TABLE_3J.triples:
        K, Kneg = exact_compact_sorted(*srt)
        # odd permutations multiply by (-1)^(l1+l2+l3)
        _TABLE_3J.fill(tri, K, Kneg if sum(tri) % 2 else None)
    return True


def clebsch_gordan(j1: Number, j2: Number, j3: Number, m1: Number, m2: Number, m3: Number, *,
                   exact: bool = True, prec: int | None = None) -> sympy.Expr | float:
    """Clebsch-Gordan coefficient ``<j1 m1; j2 m2 | j3 m3>`` (sympy's argument order and value).

    ``= (-1)^(j1-j2+m3) sqrt(2 j3 + 1) 3j(j1 j2 j3; m1 m2 -m3)``; zero unless
    ``m3 = m1 + m2`` and the triangle rule holds. Floats are the correctly rounded value of
    the whole product (``sqrt(2 j3 + 1)`` folded in before rounding); ``prec`` (decimal
    digits) gives a ``sympy.Float``; array arguments give an array, as :func:`wigner_3j`.

    Domain: as :func:`wigner_3j` (sympy's too): negative ``j``, ``|m| > j`` or ``j - m`` not an
    integer give 0; a non-half-integer argument raises ValueError.

    Examples
    --------
    >>> clebsch_gordan(0.5, 0.5, 1, 0.5, -0.5, 0)
    sqrt(2)/2
    >>> clebsch_gordan(1, 1, 0, 1, -1, 0)
    sqrt(3)/3
    >>> clebsch_gordan(1, 1, 2, 1, 1, 2, exact=False)
    1.0
    """
    if exact is False and prec is None:  # the float fast path: one look-up, plain ints only
        try:
            v = _FLOAT_CG_GET((j1, j2, j3, m1, m2, m3))
        except TypeError:  # unhashable: arrays go to the vectorised path below
            v = None
        if v is not None and j1.__class__ is j2.__class__ is j3.__class__ is m1.__class__ \
                is m2.__class__ is m3.__class__ is int:
            return v
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    if vec.is_array_call(j1, j2, j3, m1, m2, m3):
        return _vector_3j((j1, j2, j3, m1, m2, m3), exact, prec, cg=True)
    if prec is not None:
        return with_prec(clebsch_gordan(j1, j2, j3, m1, m2, m3), prec)
    parsed = _parse((j1, j2, j3), (m1, m2, m3))
    if parsed is None:
        return sympy.S.Zero if exact else 0.0
    tj, tm = parsed
    if not exact:
        if _fill_float_cg(*tj):
            v = _FLOAT_CG.data.get((tj[0] // 2, tj[1] // 2, tj[2] // 2, tm[0] // 2,
                                    tm[1] // 2, tm[2] // 2))
            return 0.0 if v is None else v
        v = _float_3j([tj[0], tj[1], tj[2]], [tm[0], tm[1], -tm[2]], Fraction(tj[2] + 1))
        return (0.0 - v) if (tj[0] - tj[1] + tm[2]) // 2 % 2 else v
    parts = racah_3j_parts(tj[0], tj[1], tj[2], tm[0], tm[1], -tm[2])
    if parts is not None and (tj[0] - tj[1] + tm[2]) // 2 % 2:
        parts = (-parts[0], parts[1], parts[2])
    return _exact_from_parts(parts, extra=tj[2] + 1)


# --- blocks -------------------------------------------------------------------------------------

def _check_basis(basis: str) -> str:
    if basis not in BASES:
        raise ValueError(f"basis={basis!r} must be one of {BASES}")
    return basis


def _block_ls(l1, l2, l3, basis):
    _check_basis(basis)
    if basis == "complex":
        return twice_j(l1, "l1"), twice_j(l2, "l2"), twice_j(l3, "l3")
    from symphys.angular._exact import twice_l

    return 2 * twice_l(l1, "l1"), 2 * twice_l(l2, "l2"), 2 * twice_l(l3, "l3")


_SCALE = np.array([1.0, 0.5**0.5, 0.5, 0.125**0.5])  # 2**(-k/2), each correctly rounded


def _transform(T: np.ndarray, mats: list[np.ndarray], ls: tuple[int, int, int]) -> np.ndarray:
    """Apply a change of basis per axis; every matrix has entries in {0, 1, +-1/sqrt2, +-i/sqrt2}
    times a unit phase. The 1/sqrt2 factors are pulled out and applied once per entry (exactly
    1/2 when two axes carry them), so each output is a short exact-sign sum of the inputs."""
    out = T.astype(np.complex128)
    for axis, (M, l) in enumerate(zip(mats, ls, strict=True)):
        unit = M * 2**0.5
        unit[l] = M[l]  # the m = 0 row carries no 1/sqrt2
        out = apply_x(np.round(unit.real) + 1j * np.round(unit.imag), out, axis)
    k = sum(np.meshgrid(*[(np.arange(2 * l + 1) != l).astype(int) for l in ls], indexing="ij"))
    return out * _SCALE[k]


def _unit(M: np.ndarray, l: int) -> np.ndarray:
    """``M`` with its 1/sqrt2 factors removed: Gaussian integers times a unit phase."""
    unit = M * 2**0.5
    unit[l] = M[l]
    return np.round(unit.real) + 1j * np.round(unit.imag)


@lru_cache(maxsize=512)
def _units(kind: str, l: int) -> np.ndarray:
    """Cached unit matrices: ``"real"``/``"real*"`` (U, conj U), ``"e3nn12"``/``"e3nn3"``."""
    if kind == "real":
        M = _c2r(l, True)
    elif kind == "real*":
        M = _c2r(l, True).conj()
    elif kind == "e3nn12":
        M = e3nn_q(l).T
    else:
        M = e3nn_q(l).conj().T
    out = _unit(M, l)
    out.flags.writeable = False
    return out


def _unit_phase(kind: str, l: int) -> complex:
    """The global phase ``g(l)`` of ``_units(kind, l)``: its ``m = 0`` entry (``1`` for the
    real basis, ``(-i)^l`` or ``i^l`` for e3nn's). Apart from it, ``_units(kind, l)[l+mu, l+m]``
    depends on ``(mu, m)`` only (checked in the tests)."""
    return complex(_units(kind, l)[l, l])


@lru_cache(maxsize=512)
def _pair_terms(l1: int, l2: int, kinds: tuple[str, str, str], m3_sign: int, phase: complex,
                alternate: bool = False):
    """The terms of :func:`transform_compact` for axes 1 and 2, shared by every ``l3``.

    Each term ``(m1, m2)`` feeds ``mu3 = m3`` and, for ``m3 != 0``, ``mu3 = -m3`` too; both
    copies are listed, sorted by ``|m3|`` so that the terms allowed by ``|m3| <= l3`` are a
    prefix. The weight ``phase * u1 * u2 * u3 / g(l3)`` (a unit times ``2**(-k/2)``, exact) is
    stored as its real and imaginary parts, so that for any ``l3`` the real part of the term is
    ``± re`` or ``± im`` times ``K``; ``alternate`` folds in ``(-1)^(m1+m2)``.
    Returns ``(abs_m3, re, im, mu3, kidx, base)``.
    """
    k1, k2, k3 = kinds
    u1, u2 = _units(k1, l1), _units(k2, l2)
    L = l1 + l2  # pattern of the third matrix, taken at a degree large enough for every m3
    u3 = _units(k3, L) / _unit_phase(k3, L)
    n2 = 2 * l2 + 1
    sg = np.array([1, -1])
    s1, s2 = sg[:, None, None, None], sg[None, :, None, None]
    mu1 = np.arange(-l1, l1 + 1)[None, None, :, None]
    mu2 = np.arange(-l2, l2 + 1)[None, None, None, :]
    m1, m2 = s1 * mu1, s2 * mu2  # all four sign choices at once: axes (s1, s2, mu1, mu2)
    c1 = u1[mu1 + l1, m1 + l1] * ((s1 == 1) | (mu1 != 0))  # m = -0 is not a second term
    c2 = u2[mu2 + l2, m2 + l2] * ((s2 == 1) | (mu2 != 0))
    c12 = phase * c1 * c2
    if alternate:
        c12 = c12 * np.where((m1 + m2) % 2, -1, 1)
    shape = c12.shape
    keep = c12 != 0
    c12 = c12[keep]
    m3 = np.broadcast_to(m3_sign * (m1 + m2), shape)[keep]
    kidx = np.broadcast_to((m1 + l1) * n2 + (m2 + l2), shape)[keep]
    base = np.broadcast_to((mu1 + l1) * n2 + (mu2 + l2), shape)[keep]
    k12 = np.broadcast_to((mu1 != 0).astype(int) + (mu2 != 0), shape)[keep]
    two = m3 != 0
    m3 = np.concatenate([m3, m3[two]])
    mu3 = np.concatenate([m3[: len(c12)], -m3[len(c12):]])
    c12, kidx, base, k12 = (np.concatenate([x, x[two]]) for x in (c12, kidx, base, k12))
    w = c12 * u3[mu3 + L, m3 + L] * _SCALE[k12 + (mu3 != 0)]
    order = np.argsort(np.abs(m3), kind="stable")
    out = (np.abs(m3)[order], np.ascontiguousarray(w.real[order]),
           np.ascontiguousarray(w.imag[order]), mu3[order], kidx[order], base[order])
    for arr in out:
        arr.flags.writeable = False
    return out


def transform_compact(K: np.ndarray, ls: tuple[int, int, int], kinds: tuple[str, str, str],
                      m3_sign: int, phase: complex = 1.0, alternate: bool = False) -> np.ndarray:
    """Real part of ``phase * sum M1[a,m1] M2[b,m2] M3[c,m3] T[m1,m2,m3]`` (dense, float64) for
    ``T`` non-zero only at ``m3 = m3_sign*(m1+m2)``, where it equals the compact
    ``K[m1+l1, m2+l2]`` (times ``(-1)^(m1+m2)`` if ``alternate``); the matrices are the
    :func:`_units` of ``kinds`` times 1/sqrt2 off m=0.

    Each matrix has non-zeros only at ``(mu, +-mu)``, so every output entry is a sum of at most
    four terms: O(n1*n2) work instead of O(n1*n2*n3). Each term is ``K`` times an exact
    ``±2**(-k/2)`` (one rounding), the terms are then summed.
    """
    l1, l2, l3 = ls
    n1, n2, n3 = 2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1
    absm3, re, im, mu3, kidx, base = _pair_terms(l1, l2, kinds, m3_sign, phase, alternate)
    n = np.searchsorted(absm3, l3, side="right")
    g = _unit_phase(kinds[2], l3)  # 1, -1, i or -i: Re(g w) is +-Re(w) or +-Im(w)
    w = re[:n] if g.real else im[:n]
    if g.real < 0 or g.imag > 0:
        w = -w
    vals = w * K.ravel()[kidx[:n]]
    flat = base[:n] * n3 + (mu3[:n] + l3)
    return np.bincount(flat, weights=vals, minlength=n1 * n2 * n3).reshape(n1, n2, n3)


def to_real_block(T: np.ndarray, ls: tuple[int, int, int], conj_last: bool) -> np.ndarray:
    """Complex-basis coupling block -> Wikipedia real basis (made real, see wigner_3j_block)."""
    mats = [_c2r(l, True) for l in ls]
    if conj_last:
        mats[2] = mats[2].conj()
    out = _transform(T, mats, ls)
    if sum(ls) % 2:
        out = 1j * out
    return np.ascontiguousarray(out.real)


def wigner_3j_block(l1: Number, l2: Number, l3: Number, *, basis: str = "complex",
                    exact: bool = True) -> np.ndarray:
    """All 3j symbols of a triple: float64 array ``B[m1+l1, m2+l2, m3+l3]``.

    Parameters
    ----------
    l1, l2, l3 : int (half-integers too in the complex basis)
    basis : {"complex", "real", "e3nn"}
        ``"complex"``: ``B = 3j(l1 l2 l3; m1 m2 m3)``, each entry correctly rounded from the exact
        value (m ordered ``-l..l``). ``"real"``: ``sum U1 U2 U3 B`` with ``U = complex_to_real(l)``
        (Wikipedia real harmonics), times ``i`` when ``l1+l2+l3`` is odd so that it is real; it
        is invariant under the real rotation matrices ``U D U^H``. ``"e3nn"``: e3nn's real basis
        (norm 1), the block ``e3nn.o3.wigner_3j(l1, l2, l3)`` approximates. In float64 the real
        and e3nn blocks are a short exact-sign sum of correctly rounded values, not themselves
        correctly rounded: measured for every ``l1, l2, l3 <= 6`` against a 40-digit reference
        (``tests/angular/test_e3nn_accuracy.py``), the e3nn block is within 1.53 ulp of the
        exact value and correctly rounded in 67% of the non-zero entries, e3nn 0.6.0's within
        8.5 ulp and correctly rounded in 19%; the two agree within 9 ulp.
    exact : bool
        ``True`` (default): an object array of the exact sympy values (in the complex basis
        equal to :func:`wigner_3j`, built from exact integers block-wise; in the real and e3nn
        bases the exact change of basis of those). ``False``: float64, each entry correctly
        rounded in the complex basis.

    Returns
    -------
    numpy.ndarray
        object (``exact=True``) or float64, shape ``(2l1+1, 2l2+1, 2l3+1)``; all zeros if
        the triangle rule fails.

    Examples
    --------
    >>> B = wigner_3j_block(1, 1, 0, exact=False)
    >>> B.shape, float(B[0, 2, 0]), float(B[1, 1, 0])
    ((3, 3, 1), 0.5773502691896257, -0.5773502691896257)
    >>> R = wigner_3j_block(1, 1, 1, basis="real", exact=False)   # Levi-Civita symbol / sqrt6
    >>> round(float(R[2, 0, 1] * 6**0.5), 12), round(float(R[0, 2, 1] * 6**0.5), 12)
    (1.0, -1.0)
    >>> wigner_3j_block(1, 1, 2, exact=True)[1, 1, 2]
    sqrt(30)/15
    """
    exact = check_exact(exact)
    ls = _block_ls(l1, l2, l3, basis)
    if exact:
        return _exact_3j_in_basis(ls, basis)
    if basis == "complex":
        return threej_block(*ls)
    if basis == "real":
        return _real_3j(*ls)
    return _e3nn_3j(*ls)


def _exact_3j_in_basis(tls: tuple[int, int, int], basis: str,
                       block: np.ndarray | None = None) -> np.ndarray:
    """Exact 3j block (twice the degrees ``tls``) in ``basis``; ``block``: the complex one."""
    T = _exact_block(*tls) if block is None else block
    if basis == "complex":
        return T
    ls = (tls[0] // 2, tls[1] // 2, tls[2] // 2)
    if basis == "real":
        return exact_change_of_basis(T, [_units("real", l) for l in ls], ls,
                                     1j if sum(ls) % 2 else 1)
    # e3nn: sum U1 U2 conj(U3) CG / sqrt(2 l3 + 1), CG / sqrt(2l3+1) = (-1)^(l1-l2+m3) 3j(m1 m2 -m3)
    m3 = np.arange(-ls[2], ls[2] + 1)
    cg = T[:, :, ::-1] * np.where((ls[0] - ls[1] + m3) % 2, -1, 1)
    return exact_change_of_basis(cg, [_units("e3nn12", ls[0]), _units("e3nn12", ls[1]),
                                      _units("e3nn3", ls[2])], ls, 1)


def _exact_block(tj1: int, tj2: int, tj3: int) -> np.ndarray:
    tj = (tj1, tj2, tj3)
    order = tuple(sorted(range(3), key=lambda i: tj[i]))
    srt = tuple(tj[i] for i in order)
    K, Kneg = exact_compact_sorted(*srt)
    perm = tuple(order.index(i) for i in range(3))  # tj[i] == srt[perm[i]]
    return expand(permute_compact(K, srt, perm, Kneg), *tj)


def _compact_3j(tj: tuple[int, int, int]) -> np.ndarray:
    """Compact 3j block (``m3 = -m1-m2``) of any order, from the cached ascending one."""
    order = sorted(range(3), key=lambda i: tj[i])
    srt = (tj[order[0]], tj[order[1]], tj[order[2]])
    return permute_compact(compact_sorted(*srt), srt, tuple(order.index(i) for i in range(3)))


def _real_3j(tl1, tl2, tl3):
    ls = (tl1 // 2, tl2 // 2, tl3 // 2)
    if not abs(tl2 - tl3) <= tl1 <= tl2 + tl3:
        return np.zeros((tl1 + 1, tl2 + 1, tl3 + 1))
    phase = 1j if sum(ls) % 2 else 1.0
    return transform_compact(_compact_3j((tl1, tl2, tl3)), ls, ("real",) * 3, -1, phase)


def _e3nn_3j(tl1, tl2, tl3):
    ls = (tl1 // 2, tl2 // 2, tl3 // 2)
    if not abs(tl2 - tl3) <= tl1 <= tl2 + tl3:
        return np.zeros((tl1 + 1, tl2 + 1, tl3 + 1))
    # e3nn normalises its CG block to norm 1: the CG block over sqrt(2 l3 + 1), i.e.
    # (-1)^(l1-l2+m3) 3j(m1, m2, -m3) at m3 = m1 + m2
    phase = -1.0 if (ls[0] - ls[1]) % 2 else 1.0
    return transform_compact(_compact_3j((tl1, tl2, tl3)), ls, ("e3nn12", "e3nn12", "e3nn3"), 1,
                             phase, alternate=True)


def _cg_complex(tj1: int, tj2: int, tj3: int, extra: Fraction | None = None) -> np.ndarray:
    """``CG[m1, m2, m3] = <j1 m1; j2 m2 | j3 m3>`` from the 3j block (exact sign, flip);
    ``extra`` replaces the factor ``2 j3 + 1`` under the square root."""
    extra = Fraction(tj3 + 1) if extra is None else extra
    T = threej_block(tj1, tj2, tj3, extra)[:, :, ::-1]
    i3 = np.arange(tj3 + 1)  # m3 = -j3 + i3; phase (-1)^(j1-j2+m3)
    ph = np.where(((tj1 - tj2 - tj3) // 2 + i3) % 2, -1.0, 1.0)
    return T * ph


def clebsch_gordan_block(j1: Number, j2: Number, j3: Number, *, basis: str = "complex",
                         exact: bool = True) -> np.ndarray:
    """All CG coefficients ``C[m1+j1, m2+j2, m3+j3] = <j1 m1; j2 m2 | j3 m3>``.

    ``basis="real"`` contracts with ``U1 ⊗ U2 ⊗ conj(U3)`` (times ``i`` for odd
    ``l1+l2+l3``), ``"e3nn"`` gives e3nn's normalised block (the same as in
    :func:`wigner_3j_block`: e3nn builds ``wigner_3j`` from CG coefficients).
    ``exact=True`` (default) gives an object array of exact sympy values (equal to
    :func:`clebsch_gordan` in the complex basis), ``exact=False`` float64.

    Returns
    -------
    numpy.ndarray
        object or float64, shape ``(2j1+1, 2j2+1, 2j3+1)``.

    Examples
    --------
    >>> clebsch_gordan_block(0.5, 0.5, 1)[1, 0, 1]
    sqrt(2)/2
    >>> C = clebsch_gordan_block(0.5, 0.5, 1, exact=False)
    >>> float(C[1, 0, 1]), float(C[1, 1, 2])
    (0.7071067811865476, 1.0)
    """
    exact = check_exact(exact)
    ls = _block_ls(j1, j2, j3, basis)
    if exact:
        T3 = _exact_block(*ls)
        if basis == "e3nn":
            return _exact_3j_in_basis(ls, basis, T3)
        i3 = np.arange(ls[2] + 1)  # m3 = -j3 + i3; phase (-1)^(j1-j2+m3)
        ph = np.where(((ls[0] - ls[1] - ls[2]) // 2 + i3) % 2, -1, 1)
        T = T3[:, :, ::-1] * ph * sympy.sqrt(ls[2] + 1)
        if basis == "complex":
            return T
        lh = tuple(t // 2 for t in ls)
        return exact_change_of_basis(T, [_units("real", lh[0]), _units("real", lh[1]),
                                         _units("real*", lh[2])], lh, 1j if sum(lh) % 2 else 1)
    if basis == "e3nn":
        return _e3nn_3j(*ls)
    T = _cg_complex(*ls)
    if basis == "complex":
        return T
    return to_real_block(T, tuple(t // 2 for t in ls), conj_last=True)



def wigner_3j_blocks(lmax: int, *, basis: str = "complex", compact: bool = False,
                     exact: bool = True,
                     progress: bool = False) -> dict[tuple[int, int, int], np.ndarray]:
    """Every 3j block with ``l1, l2, l3 <= lmax`` (triangle rule holding), as a dict.

    Each unordered triple is computed once and the other orderings are read off exactly
    (gathers, and ``(-1)^(l1+l2+l3)`` for odd permutations): the values are bit-identical to
    :func:`wigner_3j_block`.

    Parameters
    ----------
    lmax : int
    basis : {"complex", "real", "e3nn"}
    compact : bool
        complex basis only. ``False``: dense ``(2l1+1, 2l2+1, 2l3+1)`` blocks (all dense blocks
        for ``lmax = 32`` take 8.6 GB). ``True``: ``K[m1+l1, m2+l2] = 3j(l1 l2 l3; m1 m2
        -m1-m2)`` of shape ``(2l1+1, 2l2+1)`` (the only entries that can be non-zero; 0 where
        ``|m1+m2| > l3``), 1/(2l3+1) of the memory.
    exact : bool
        ``True`` (default): object arrays of exact sympy values (each distinct value is built
        once and shared by the permuted blocks; real and e3nn bases: the exact change of
        basis of those). ``False``: float64, as :func:`wigner_3j_block` with ``exact=False``.
    progress : bool
        Show a tqdm progress bar (default ``False``).

    Returns
    -------
    dict
        ``{(l1, l2, l3): array}``.

    Examples
    --------
    >>> blocks = wigner_3j_blocks(2, exact=False)
    >>> len(blocks), blocks[1, 1, 2].shape
    (15, (3, 3, 5))
    >>> K = wigner_3j_blocks(2, compact=True, exact=False)[1, 1, 2]
    >>> K.shape, bool(K[1, 1] == blocks[1, 1, 2][1, 1, 2])
    ((3, 3), True)
    """
    from tqdm import tqdm

    lmax = twice_j(lmax, "lmax")
    if lmax % 2:
        raise ValueError(f"lmax={lmax}/2 must be an integer")
    lmax //= 2
    _check_basis(basis)
    exact = check_exact(exact)
    # sum over l1, l2, l3 <= lmax of (2l1+1)(2l2+1)(2l3+1) = (lmax+1)^6 entries bounds the output
    # (compact: (lmax+1)^5), 8 bytes each (an exact entry, a shared sympy object: its pointer)
    check_size("lmax", lmax, 8 * (lmax + 1) ** (5 if compact else 6),
               "8 (lmax+1)^5" if compact else "8 (lmax+1)^6")
    if compact and basis != "complex":
        raise ValueError(f"compact=True needs basis='complex', not {basis!r}")
    triples = [(a, b, c) for a in range(lmax + 1) for b in range(a, lmax + 1)
               for c in range(b, min(lmax, a + b) + 1)]
    out: dict[tuple[int, int, int], np.ndarray] = {}
    perms = ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0))
    for tri in tqdm(triples, disable=not progress, desc="3j blocks", leave=False):
        tj = (2 * tri[0], 2 * tri[1], 2 * tri[2])
        K, Kneg = exact_compact_sorted(*tj) if exact else (compact_sorted(*tj), None)
        for perm in perms:
            ls = (tri[perm[0]], tri[perm[1]], tri[perm[2]])
            if ls in out:
                continue
            if basis != "complex" and not exact:
                out[ls] = None  # converted below
            elif basis != "complex":
                out[ls] = _exact_3j_in_basis(
                    tuple(2 * x for x in ls), basis,
                    expand(permute_compact(K, tj, perm, Kneg), *(2 * x for x in ls)))
            elif compact:
                out[ls] = permute_compact(K, tj, perm, Kneg)
            elif exact:
                out[ls] = expand(permute_compact(K, tj, perm, Kneg), *(2 * x for x in ls))
            else:
                out[ls] = threej_block(*(2 * x for x in ls))
    if basis != "complex" and not exact:
        conv = _real_3j if basis == "real" else _e3nn_3j
        out = {ls: conv(2 * ls[0], 2 * ls[1], 2 * ls[2]) for ls in out}
    return out
