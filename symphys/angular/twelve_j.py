"""The Wigner 12j symbol of the first kind, exact and correctly rounded.

Convention (D. A. Varshalovich, A. N. Moskalev and V. K. Khersonskii, Quantum Theory of Angular
Momentum, World Scientific (1988), doi:10.1142/0270, sec. 10.12; A. P. Yutsis, I. B. Levinson and
V. V. Vanagas, Mathematical Apparatus of the Theory of Angular Momentum (1962), 3n-j symbols of
the first kind), with the 6j symbols of :func:`~symphys.angular.wigner_6j` (Edmonds')::

    {a1 a2 a3 a4; b12 b23 b34 b41; c1 c2 c3 c4}
        = sum_x (-1)^(S - x) (2x+1) {a1 a2 b12; c2 c1 x} {a2 a3 b23; c3 c2 x}
                                    {a3 a4 b34; c4 c3 x} {a4 c1 b41; a1 c4 x},

``S`` the sum of the twelve arguments, ``x`` over ``max|ai-ci| .. min(ai+ci)`` in integer steps.
It is the ``n = 4`` member of the 3n-j symbols of the first kind
``sum_x (-1)^(S + (n-1) x) (2x+1) prod_{i<n} {a_i a_(i+1) b_i; c_(i+1) c_i x}
{a_n c_1 b_n; a_1 c_n x}``, whose ``n = 3`` member is the 9j symbol
``{a1 a2 b1; b3 a3 c1; c3 b2 c2}`` (tests/angular/test_twelve_j.py checks this against
sympy's 9j symbol).

The eight triads (each a 3j vertex of its Yutsis graph, the Moebius ladder with four rungs) are
``(a1 a2 b12) (a2 a3 b23) (a3 a4 b34) (a4 c1 b41) (c1 c2 b12) (c2 c3 b23) (c3 c4 b34)
(a1 c4 b41)``; a triad that breaks the triangle rule (or a negative argument) makes the symbol 0,
a triad whose perimeter is not an integer raises ValueError naming it (as :func:`wigner_9j`).
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from symphys.angular import _ninej_large, _sixj_rec
from symphys.angular._exact import (
    MAX_RACAH_COST,
    check_exact,
    check_prec,
    factorial,
    with_prec,
)
from symphys.angular.recoupling import (
    _delta_args,
    _exact,
    _float,
    _parse,
    _racah_sum,
    _remember,
    _sixj_cost,
    _triad_ok,
    _triads,
)

__all__ = ["wigner_12j"]

Number = int | float | Fraction | sympy.Rational

_NAMES = ("a1", "a2", "a3", "a4", "b12", "b23", "b34", "b41", "c1", "c2", "c3", "c4")
# argument indices: a1..a4 = 0..3, b12 b23 b34 b41 = 4..7, c1..c4 = 8..11
_TWELVE_TRIADS = [(0, 1, 4), (1, 2, 5), (2, 3, 6), (3, 8, 7),
                  (8, 9, 4), (9, 10, 5), (10, 11, 6), (0, 11, 7)]

#: the 12j symbol sums products of four 6j symbols over ``x``; more than this many values of
#: ``x`` are refused before any work (the closed-form cost below is summed over them)
MAX_12J_TERMS = 10**5

_FLOAT_12J: dict[tuple, float] = {}


def _sixes(t: tuple[int, ...], x: int) -> tuple[tuple[int, ...], ...]:
    a1, a2, a3, a4, b12, b23, b34, b41, c1, c2, c3, c4 = t
    return ((a1, a2, b12, c2, c1, x), (a2, a3, b23, c3, c2, x),
            (a3, a4, b34, c4, c3, x), (a4, c1, b41, a1, c4, x))


def _x_range(t: tuple[int, ...]) -> tuple[int, int]:
    a, c = t[0:4], t[8:12]
    return (max(abs(ai - ci) for ai, ci in zip(a, c, strict=True)),
            min(ai + ci for ai, ci in zip(a, c, strict=True)))


def _cost(t: tuple[int, ...]) -> int:
    """Closed-form cost (doubled arguments): the four 6j sums for every ``x`` plus the rational
    product of factorials up to ``P!`` per ``x`` (``P`` the largest factorial argument). The
    second part alone already over :data:`MAX_RACAH_COST` is returned without the first."""
    lo, hi = _x_range(t)
    if hi < lo:
        return 0
    top = max(sum(six[:2]) + sum(six[3:5]) for six in _sixes(t, 0)) // 2 + hi // 2 + 1
    cost = ((hi - lo) // 2 + 1) * top * top
    if cost > MAX_RACAH_COST:
        return cost
    return cost + sum(_sixj_cost(six) for x in range(lo, hi + 1, 2) for six in _sixes(t, x))


def _largest(t: tuple[int, ...]) -> str:
    i = max(range(12), key=lambda k: t[k])
    return f"{_NAMES[i]}={Fraction(t[i], 2)}"


def _twelvej_parts(t: tuple[int, ...]):
    """``(R, num, den)`` with 12j = ``R * sqrt(prod num! / prod den!)`` (``R`` a Fraction),
    or None when a triad breaks the triangle rule (doubled arguments, perimeters checked)."""
    if not all(_triad_ok(*(t[i] for i in tr)) for tr in _TWELVE_TRIADS):
        return None
    lo, hi = _x_range(t)
    if hi < lo:
        return None
    n_x = (hi - lo) // 2 + 1
    if n_x > MAX_12J_TERMS:
        raise ValueError(f"{_largest(t)} is too large: the 12j sum over x has {n_x} terms "
                         f"(min(ai+ci) - max(|ai-ci|) + 1), more than the limit "
                         f"MAX_12J_TERMS = {MAX_12J_TERMS}")
    cost = _cost(t)
    if cost > MAX_RACAH_COST:
        raise ValueError(f"{_largest(t)} is too large: the 12j sum over x of four 6j symbols "
                         f"costs {cost:.3g} (n_x * P**2 + sum of n_terms * perimeters), more "
                         f"than the limit MAX_RACAH_COST = {MAX_RACAH_COST:.3g}")
    a, c = t[0:4], t[8:12]
    two_s = sum(t)
    total = Fraction(0)
    for x in range(lo, hi + 1, 2):
        sixes = _sixes(t, x)
        if not all(_triad_ok(*tr) for six in sixes for tr in _triads(six)):
            continue
        # the triads (ai ci x) appear in two 6j symbols each: their D**2 are rational
        sq = Fraction(1)
        for ai, ci in zip(a, c, strict=True):
            n, d = _delta_args(ai, ci, x)
            sq *= Fraction(factorial(n[0]) * factorial(n[1]) * factorial(n[2]),
                           factorial(d[0]))
        term = (x + 1) * sq
        for six in sixes:
            term *= _racah_sum(six)
        total += -term if (two_s - x) // 2 % 2 else term
    num, den = [], []
    for tr in _TWELVE_TRIADS:
        n, d = _delta_args(*(t[i] for i in tr))
        num += n
        den += d
    return total, num, den


def wigner_12j(a1: Number, a2: Number, a3: Number, a4: Number,
               b12: Number, b23: Number, b34: Number, b41: Number,
               c1: Number, c2: Number, c3: Number, c4: Number, *,
               exact: bool = True, prec: int | None = None) -> sympy.Expr | float:
    """Wigner 12j symbol of the first kind ``{a1 a2 a3 a4; b12 b23 b34 b41; c1 c2 c3 c4}``.

    Defined (Varshalovich, Moskalev and Khersonskii, Quantum Theory of Angular Momentum (1988),
    doi:10.1142/0270, sec. 10.12; Yutsis, Levinson and Vanagas (1962)) by::

        sum_x (-1)^(S - x) (2x+1) {a1 a2 b12; c2 c1 x} {a2 a3 b23; c3 c2 x}
                                  {a3 a4 b34; c4 c3 x} {a4 c1 b41; a1 c4 x}

    with :func:`~symphys.angular.wigner_6j` (Edmonds' 6j symbols), ``S`` the sum of all twelve
    arguments and ``x`` running from ``max |ai - ci|`` to ``min(ai + ci)`` in integer steps.

    Parameters
    ----------
    a1, a2, a3, a4, b12, b23, b34, b41, c1, c2, c3, c4 : int or half-integer
        The three rows of the symbol. The triads are ``(a1 a2 b12)``, ``(a2 a3 b23)``,
        ``(a3 a4 b34)``, ``(a4 c1 b41)``, ``(c1 c2 b12)``, ``(c2 c3 b23)``, ``(c3 c4 b34)``
        and ``(a1 c4 b41)``.
    exact : bool
        ``True``: the exact sympy number ``q * sqrt(r)`` (``q`` rational); ``False``: the
        correctly rounded float64 (the exact rational sum over ``x``, rounded once; past
        ``TWELVEJ_FIXED_FROM``, about twelve equal ``j = 3``, the products of 6j eigenvectors
        of ``symphys.angular._sixj_rec`` with a rigorous error bound and Ziv's strategy: the
        same float, faster; every symbol with all ``j <= 10**4`` is accepted, twelve equal
        ``j = 10**4`` in about 0.1 s).
    prec : int, optional
        Decimal digits (as sympy's ``prec``): a ``sympy.Float`` of the exact value.

    Returns
    -------
    sympy.Expr or float

    Raises
    ------
    ValueError
        An argument that is not an integer or half-integer or exceeds ``MAX_J``; a triad whose
        perimeter is not an integer; a symbol whose sum over ``x`` has more than
        :data:`MAX_12J_TERMS` terms or, before any work, whose closed-form cost exceeds its
        path's limit: ``exact=True`` or ``prec``: terms over ``x`` times the largest factorial
        argument squared, plus the 6j sums, above ``MAX_RACAH_COST`` (``j <= 143`` for twelve
        equal ``j``); ``exact=False``: the 6j vectors' total length times bits above
        :data:`FLOAT_12J_LIMIT` (every ``j <= 10**4`` fits; twelve equal ``j`` up to
        13440). A float symbol whose error bound cannot be brought below half the smallest
        subnormal float within ``_sixj_rec.MAX_WORK`` (a zero or an underflowing value) and
        that the exact Racah-sum products cannot prove 0 within their limits (``j`` beyond a
        few hundred) is refused with a ValueError, never guessed.
    TypeError
        A bool, string or symbolic argument; a non-bool ``exact``; a non-int ``prec``.

    Notes
    -----
    Domain as :func:`~symphys.angular.wigner_9j`: a negative argument or a triad that breaks the
    triangle rule gives 0.

    The sign is the one of the sum above, the ``n = 4`` member of the 3n-j symbols of the
    first kind whose ``n = 3`` member is the 9j symbol ``{a1 a2 b1; b3 a3 c1; c3 b2 c2}``
    (checked), and the formula of Yutsis et al. eq. (17.1) as the Rust crate
    wigner-3nj-symbols transcribes it (``j_i, l_i, k_i = a_i, b_i, c_i``; its published
    ``n = 3`` values are reproduced); it was not compared with a printed table of 12j values
    (none was at hand).

    Properties (each checked in ``tests/angular/test_twelve_j.py``):

    - Symmetry: the value is unchanged under the 16 automorphisms of its Yutsis graph (the
      Moebius ladder ``a2 a3 a4 c1 c2 c3 c4 a1`` closed into a cycle, rungs ``b12 b23 b34
      b41``), generated by the cyclic shift
      ``{a2 a3 a4 c1; b23 b34 b41 b12; c2 c3 c4 a1}`` and the reflection
      ``{a2 a1 c4 c3; b12 b41 b34 b23; c2 c1 a4 a3}``; both follow term by term from the 6j
      symmetries in the sum above (no phase); the shift applied four times exchanges the rows
      ``a`` and ``c``.
    - Zero argument: with ``b41 = 0`` the triads force ``c1 = a4``, ``c4 = a1``; the last 6j
      symbol is ``{a4 a4 0; a1 a1 x} = (-1)^(a1+a4+x) / sqrt((2a1+1)(2a4+1))``, which turns
      the sum into the ``n = 3`` member above, the 9j symbol::

          {a1 a2 a3 a4; b12 b23 b34 0; a4 c2 c3 a1}
              = {a1 a2 b12; b34 a3 a4; c3 b23 c2} / sqrt((2a1+1)(2a4+1))

    - Recoupling: with ``|A> = |(((a1 b12) a2, b23) a3, b34) a4, b41; c1 m>`` and
      ``|B> = |(((a1 b41) c4, b34) c3, b23) c2, b12; c1 m>`` (Condon-Shortley Clebsch-Gordan
      coefficients ``<j1 m1 j2 m2|j m>``, each pair coupled in the order written),
      ``<A|B> = (-1)^(a1 + c1 - b12 - b23 - b34 - b41) sqrt([a2][a3][a4][c2][c3][c4]) 12j``
      (``[j] = 2j+1``), checked against a brute-force sum over magnetic quantum numbers of
      sympy's Clebsch-Gordan coefficients; the same law holds for the 6j-sum (``n = 2``) and
      the 9j (``n = 3``) members. Its unitarity gives the orthogonality
      ``sum_{c2 c3 c4} [c2][c3][c4] 12j(a2 a3 a4) 12j(a2' a3' a4') = delta_{a2 a2'}
      delta_{a3 a3'} delta_{a4 a4'} / ([a2][a3][a4])``.

    Examples
    --------
    >>> wigner_12j(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
    1/72
    >>> wigner_12j(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, exact=False)
    0.013888888888888888
    >>> wigner_12j(0.5, 1, 0.5, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 0.5, 1)
    -1/108
    >>> wigner_12j(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, prec=20)
    0.013888888888888888889
    """
    vals = (a1, a2, a3, a4, b12, b23, b34, b41, c1, c2, c3, c4)
    if exact is False and prec is None:
        v = _FLOAT_12J.get(vals) if all(type(x) is int for x in vals) else None
        if v is not None:
            return v
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    t = _parse(vals, _NAMES, _TWELVE_TRIADS, "12j")
    if not exact and prec is None and _cost(t) > TWELVEJ_FIXED_FROM:
        return _remember(_FLOAT_12J, vals, _large_12j(t))  # 6j eigenvector products
    parts = _twelvej_parts(t)
    if prec is not None:
        return with_prec(_exact(parts), prec)
    if exact:
        return _exact(parts)
    return _remember(_FLOAT_12J, vals, _float(parts))


#: scalar float 12j symbols whose exact cost (:func:`_cost`) exceeds this take the products of
#: 6j eigenvectors of ``symphys.angular._sixj_rec`` (as the float 9j symbol; measured
#: crossover on random symbols: both about 0.15 ms near cost 5e3, ``j`` about 3; at cost 1e5,
#: 0.27 ms against 0.7 ms)
TWELVEJ_FIXED_FROM = 5000

#: float 12j symbols are refused, in closed form before any work, when their 6j vectors' total
#: length times the first pass's bits (``_sixj_rec.cost``) exceeds this: every symbol with all
#: ``j <= 10**4`` fits (twelve equal ``j = 10**4``: 1.5e7, about 0.1 s), twelve equal
#: ``j = 13441`` does not (tests/angular/test_twelve_j.py pins it)
FLOAT_12J_LIMIT = _sixj_rec.MAX_COST


def _large_12j(t: tuple[int, ...]) -> float:
    """The correctly rounded float 12j symbol by the 6j-eigenvector products of
    ``symphys.angular._sixj_rec`` (the 12j sum has the 9j sum's shape, four 6j symbols, triads
    ``(ai ci x)`` twice; :func:`symphys.angular._ninej_large.float_or_exact`), refused beyond
    :data:`FLOAT_12J_LIMIT`; a value left within its error of 0 goes to the exact Racah-sum
    products or the exact path where affordable, else ValueError."""
    if not all(_triad_ok(*(t[i] for i in tr)) for tr in _TWELVE_TRIADS):
        return 0.0
    got = ", ".join(str(Fraction(v, 2)) for v in t)
    lo, hi = _x_range(t)
    if hi < lo:
        return 0.0
    if (hi - lo) // 2 + 1 > MAX_12J_TERMS:
        raise ValueError(f"a1..c4 = {got}: the 12j sum over x has {(hi - lo) // 2 + 1} terms, "
                         f"more than the limit MAX_12J_TERMS = {MAX_12J_TERMS}")
    spec = _ninej_large.twelve(t, _sixes, [tuple(t[i] for i in tr) for tr in _TWELVE_TRIADS])
    return _ninej_large.float_or_exact(spec, "12j", f"a1..c4 = {got}",
                                       lambda: _float(_twelvej_parts(t)))
