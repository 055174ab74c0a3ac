"""Gaunt coefficients: integrals of three spherical harmonics, complex and real.

Conventions are sympy.physics.wigner's ([Rasch03]_, [Homeier96]_)::

    gaunt(l1, l2, l3, m1, m2, m3) = ∫ Y_l1^m1 Y_l2^m2 Y_l3^m3 dΩ
        = sqrt((2l1+1)(2l2+1)(2l3+1)/(4π)) 3j(l1 l2 l3; 0 0 0) 3j(l1 l2 l3; m1 m2 m3)

with orthonormal, Condon-Shortley-phased ``Y`` (no complex conjugate), and

    real_gaunt(l1, l2, l3, mu1, mu2, mu3) = ∫ S_l1^mu1 S_l2^mu2 S_l3^mu3 dΩ

for real harmonics ``S`` (:func:`symphys.angular.complex_to_real`; the value is the same for
Wikipedia's real harmonics and for sympy's, which differ by ``(-1)^mu``, because a non-zero
real Gaunt coefficient has ``mu1+mu2+mu3`` even).

Selection rules (zero): ``l1+l2+l3`` odd, the triangle rule, ``m1+m2+m3 != 0`` (complex);
real: ``|mu3| not in {|mu1+mu2|, |mu1-mu2|}`` or an odd number of negative ``mu``.
Exact values are sympy numbers ``c*sqrt(R)/sqrt(pi)`` equal to sympy's; floats are correctly
rounded (from a 160-bit evaluation of the exact value).

Domain: as in sympy.physics.wigner, a negative ``l`` or ``|m| > l`` gives 0, and a
non-integer argument (``1/2``, ``0.3``) raises ValueError naming it. Departures: an
integer-valued float or Fraction (``2.0``) is accepted as the integer, as :func:`wigner_3j`
accepts it (sympy's ``gaunt`` and ``real_gaunt`` refuse any non-int type); bools, strings and
symbols are a TypeError; ``l > 10**6`` is refused at once. Cost: as
:func:`~symphys.angular.wigner_3j` (two Racah sums, each refused at once beyond ``MAX_RACAH_COST``).

.. [Rasch03] J. Rasch and A. C. H. Yu, SIAM J. Sci. Comput. 25, 1416 (2003),
   doi:10.1137/S1064827503422932.
.. [Homeier96] H. H. H. Homeier and E. O. Steinborn, J. Mol. Struct. (Theochem) 368, 31 (1996),
   doi:10.1016/S0166-1280(96)90531-X.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np
import sympy

from symphys.angular import _vectorised as vec
from symphys.angular._blocks import (
    SymbolTable,
    c_sqrt,
    compact_sorted,
    exact_compact_parts,
    expand,
    permute_compact,
    threej_block,
)
from symphys.angular._exact import (
    INV_SQRT_PI,
    MAX_J,
    check_exact,
    check_prec,
    check_size,
    exact_change_of_basis,
    factorial,
    m_in_domain,
    rounded_sqrt_over_pi,
    sqrt_factorial_ratio,
    to_sympy,
    twice,
    twice_l,
    twice_symbol_j,
    with_prec,
)
from symphys.angular.wigner3j import (
    BASES,
    _times_sqrt_int,
    _units,
    racah_3j_parts,
    to_real_block,
)

__all__ = ["gaunt", "real_gaunt", "gaunt_block", "gaunt_blocks"]

Number = int | float | Fraction | sympy.Rational


def _parse_l(ls, ms, mnames=("m1", "m2", "m3")):
    """``(l, m)`` as ints, or ``None`` when an argument lies outside the domain (negative
    ``l``, ``|m| > l``): the coefficient is then 0, as sympy's is. Non-integers are refused."""
    lv, mv = [], []
    for v, n in zip((*ls, *ms), ("l1", "l2", "l3", *mnames), strict=True):
        t = twice_symbol_j(v, n) if n[0] == "l" else twice(v, n)
        if t % 2:
            raise ValueError(f"{n}={Fraction(t, 2)} must be an integer (orbital angular "
                             "momentum)" if n[0] == "l" else f"{n}={Fraction(t, 2)} must be an "
                             "integer")
        (lv if n[0] == "l" else mv).append(t // 2)
    if not all(m_in_domain(2 * l, 2 * m) for l, m in zip(lv, mv, strict=True)):
        return None
    return lv, mv


def _gaunt_parts(l1, l2, l3, m1, m2, m3):
    """``(coef, rad)`` with gaunt = ``coef * sqrt(rad) / sqrt(pi)``, or None when zero."""
    if (l1 + l2 + l3) % 2:
        return None
    p0 = racah_3j_parts(2 * l1, 2 * l2, 2 * l3, 0, 0, 0)
    p = racah_3j_parts(2 * l1, 2 * l2, 2 * l3, 2 * m1, 2 * m2, 2 * m3)
    if p0 is None or p is None or p0[0] == 0 or p[0] == 0:
        return None
    # sqrt((2l1+1)(2l2+1)(2l3+1)/4): each 2l+1 = (2l+1)!/(2l)!, no factorisation needed
    coef, rad = sqrt_factorial_ratio(p0[1] + p[1] + [2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1],
                                     p0[2] + p[2] + [2 * l1, 2 * l2, 2 * l3])
    return coef * p0[0] * p[0] / 2, rad


def _float_over_sqrt_pi(coef: Fraction, rad: int) -> float:
    """Correctly rounded ``coef * sqrt(rad) / sqrt(pi)`` (interval arithmetic, Ziv's loop)."""
    v = rounded_sqrt_over_pi(coef.numerator ** 2 * rad, coef.denominator ** 2)
    return v if coef > 0 else -v


def _gaunt_block_source(srt: tuple[int, int, int], extra: int | None) -> np.ndarray:
    """Compact float Gaunt block of an ascending doubled triple (for the vectorised path)."""
    ls = (srt[0] // 2, srt[1] // 2, srt[2] // 2)
    p0 = racah_3j_parts(srt[0], srt[1], srt[2], 0, 0, 0)
    if sum(ls) % 2 or p0 is None or p0[0] == 0:
        return np.zeros((srt[0] + 1, srt[1] + 1))
    S0, num, den = p0
    n, d = S0 * S0 * (2 * ls[0] + 1) * (2 * ls[1] + 1) * (2 * ls[2] + 1), 4
    for k in num:
        n *= factorial(k)
    for k in den:
        d *= factorial(k)
    K = compact_sorted(*srt, Fraction(n, d), True)
    return (0.0 - K) if S0 < 0 else K


def _vector_gaunt(args: tuple, exact: bool, prec: int | None) -> np.ndarray:
    names = ("l1", "l2", "l3", "m1", "m2", "m3")
    T, shape = vec.parse_arrays(args, names, 3)
    if (T % 2).any():
        i = int(np.flatnonzero((T % 2).any(axis=1))[0])
        raise ValueError(f"{names[i]} must hold integers (orbital angular momenta)")
    if exact or prec is not None:
        vec.check_one_by_one(T.shape[1])
        flat = [gaunt(*(int(v) // 2 for v in col), prec=prec) for col in T.T.tolist()]
        out = np.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(shape)
    tj, tm = T[:3], T[3:]
    out = np.zeros(T.shape[1])
    ok = vec.threej_valid(tj, tm) & ((tj.sum(axis=0) // 2) % 2 == 0)
    small = ok & (tj.max(axis=0) <= 2 * vec.BLOCK_LMAX)
    idx = np.flatnonzero(small)
    out[idx] = vec.gather(tj[:, idx], tm[:, idx], _gaunt_block_source)
    big = np.flatnonzero(ok & ~small)
    if len(big):
        def one(a, b, c, x, y, z):
            return gaunt(a // 2, b // 2, c // 2, x // 2, y // 2, z // 2, exact=False)

        def cost(a, b, c, x, y, z):
            return 2 * (min(a, b, c) + 1) * ((a + b + c) // 2 + 1)
        out[big] = vec.scalar_loop(one, np.concatenate([tj[:, big], tm[:, big]]), cost)
    return out.reshape(shape)


#: float Gaunt coefficients with every ``l <= FLOAT_TABLE_LMAX`` are served from a table
#: filled one unordered triple at a time from the correctly rounded blocks (at most 2**18
#: values, emptied when full)
FLOAT_TABLE_LMAX = 10
_FLOAT_TABLE = SymbolTable(2**18)
_FLOAT_TABLE_GET = _FLOAT_TABLE.data.get  # SymbolTable.clear empties this same dict


def _fill_float(l1: int, l2: int, l3: int) -> bool:
    """Fill the float table for a triple within ``FLOAT_TABLE_LMAX`` obeying the triangle
    rule (an odd ``l1+l2+l3`` stores its zeros too, so that they cost a look-up)."""
    if max(l1, l2, l3) > FLOAT_TABLE_LMAX or not abs(l1 - l2) <= l3 <= l1 + l2:
        return False
    tri = tuple(sorted((l1, l2, l3)))
    if tri not in _FLOAT_TABLE.triples:
        K = (np.zeros((2 * tri[0] + 1, 2 * tri[1] + 1)) if sum(tri) % 2
             else _gaunt_block_source(tuple(2 * x for x in tri), None))
        _FLOAT_TABLE.fill(tri, K, None)
    return True


def gaunt(l1: Number, l2: Number, l3: Number, m1: Number, m2: Number, m3: Number, *,
          exact: bool = True, prec: int | None = None) -> sympy.Expr | float:
    """Gaunt coefficient ``∫ Y_l1^m1 Y_l2^m2 Y_l3^m3 dΩ`` (sympy's argument order and value).

    Parameters
    ----------
    l1, l2, l3 : int, >= 0
    m1, m2, m3 : int, ``|m_i| <= l_i``
    exact : bool
        ``True``: sympy number equal to ``sympy.physics.wigner.gaunt``; ``False``: the
        correctly rounded float (Ziv's strategy, as :func:`~symphys.angular.wigner_3j`).
    prec : int, optional
        Decimal digits, as sympy's ``prec``: a ``sympy.Float`` of that many digits.

    Returns
    -------
    sympy.Expr, float or numpy.ndarray
        NumPy array arguments give an array (float64 for ``exact=False``).

    Notes
    -----
    Domain: negative ``l`` or ``|m| > l`` gives 0 and a non-integer argument raises
    ValueError, as sympy's ``gaunt``; an integer-valued float (``2.0``) is accepted (sympy
    refuses it).

    Exact values with every ``l <= 16`` come from a bounded table filled one unordered triple
    ``(l1, l2, l3)`` at a time (all orderings and ``m``, built from the exact block): the first
    call for a triple costs one block, later calls a dict look-up.

    Examples
    --------
    >>> gaunt(1, 0, 1, 1, 0, -1)
    -1/(2*sqrt(pi))
    >>> gaunt(100, 100, 120, 9, 3, -12, exact=False)
    0.022134693219388053
    >>> gaunt(2, 2, 2, 0, 0, 0, exact=False)
    0.18022375157286857
    >>> gaunt(2, 2, 2, 0, 0, 0, prec=25)
    0.1802237515728685748747964
    """
    if exact is False and prec is None:  # the float fast path: one look-up, plain ints only
        try:
            v = _FLOAT_TABLE_GET((l1, l2, l3, m1, m2, m3))
        except TypeError:  # unhashable: arrays go to the vectorised path below
            v = None
        if v is not None and l1.__class__ is l2.__class__ is l3.__class__ is m1.__class__ \
                is m2.__class__ is m3.__class__ is int:
            return v
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    if vec.is_array_call(l1, l2, l3, m1, m2, m3):
        return _vector_gaunt((l1, l2, l3, m1, m2, m3), exact, prec)
    if prec is not None:
        return with_prec(gaunt(l1, l2, l3, m1, m2, m3), prec)
    if exact:
        try:
            v = _TABLE.data.get((l1, l2, l3, m1, m2, m3))
        except TypeError:  # unhashable argument: refused with a clear message below
            v = None
        if (type(l1) is int and type(l2) is int and type(l3) is int
                and type(m1) is int and type(m2) is int and type(m3) is int):
            if v is not None:
                return v
            # plain-int symbols that a selection rule zeroes are not stored (l <= MAX_J:
            # larger ones are refused below)
            if (max(l1, l2, l3) <= MAX_J and ((l1 + l2 + l3) & 1 or m1 + m2 + m3
                                              or not abs(l1 - l2) <= l3 <= l1 + l2
                                              or abs(m1) > l1 or abs(m2) > l2
                                              or abs(m3) > l3)):
                return sympy.S.Zero
    parsed = _parse_l((l1, l2, l3), (m1, m2, m3))
    if parsed is None:
        return sympy.S.Zero if exact else 0.0
    (a, b, c), (x, y, z) = parsed
    if exact and _fill(a, b, c):
        v = _TABLE.data.get((a, b, c, x, y, z))
        if v is not None:  # None: m1+m2+m3 != 0, or another thread emptied the table
            return v
    if not exact and _fill_float(a, b, c):
        v = _FLOAT_TABLE.data.get((a, b, c, x, y, z))
        return 0.0 if v is None else v
    parts = _gaunt_parts(a, b, c, x, y, z)
    if parts is None:
        return sympy.S.Zero if exact else 0.0
    return to_sympy(*parts, over_sqrt_pi=True) if exact else _float_over_sqrt_pi(*parts)


#: exact Gaunt coefficients with every ``l <= TABLE_LMAX`` are served from a table filled one
#: unordered triple at a time (at most 2**18 values, about 45 MB; emptied when full)
TABLE_LMAX = 16
_TABLE = SymbolTable(2**18)


def _fill(l1: int, l2: int, l3: int) -> bool:
    """Fill the scalar table for a triple within ``TABLE_LMAX`` obeying the triangle rule with
    ``l1+l2+l3`` even; False (nothing done) otherwise."""
    if (max(l1, l2, l3) > TABLE_LMAX or (l1 + l2 + l3) % 2
            or not abs(l1 - l2) <= l3 <= l1 + l2):
        return False
    tri = tuple(sorted((l1, l2, l3)))
    if tri not in _TABLE.triples:
        K = _exact_compact_sorted(*tri)
        _TABLE.fill(tri, K, None)  # symmetric: no sign under permutations when non-zero
    return True


# Wikipedia's U (complex_to_real) times sqrt2 off m = 0: Gaussian integers
def _u_entries(mu: int) -> list[tuple[int, complex]]:
    if mu == 0:
        return [(0, 1)]
    sg = -1 if mu % 2 else 1
    if mu > 0:
        return [(-mu, 1), (mu, sg)]
    return [(mu, 1j), (-mu, -1j * sg)]


def _real_gaunt_parts(l1, l2, l3, mu1, mu2, mu3):
    if (l1 + l2 + l3) % 2:
        return None
    total_re = Fraction(0)
    rad0 = None
    for m1, u1 in _u_entries(mu1):
        for m2, u2 in _u_entries(mu2):
            for m3, u3 in _u_entries(mu3):
                if m1 + m2 + m3 != 0:
                    continue
                w = u1 * u2 * u3
                p = _gaunt_parts(l1, l2, l3, m1, m2, m3)
                if p is None or w.real == 0:
                    continue
                coef, rad = p
                # all contributing terms share the radical (they differ by m -> -m only)
                if rad0 is not None and rad != rad0:
                    raise AssertionError("real Gaunt terms with different radicals")
                rad0 = rad
                total_re += coef * int(round(w.real))
    if total_re == 0:
        return None
    k = (mu1 != 0) + (mu2 != 0) + (mu3 != 0)  # factors 1/sqrt2 pulled out of U
    return _times_sqrt_int(total_re, rad0, Fraction(1, 2**k))


def real_gaunt(l1: Number, l2: Number, l3: Number, mu1: Number, mu2: Number, mu3: Number, *,
               exact: bool = True, prec: int | None = None) -> sympy.Expr | float:
    """Real Gaunt coefficient ``∫ S_l1^mu1 S_l2^mu2 S_l3^mu3 dΩ`` (sympy's ``real_gaunt``).

    Domain: negative ``l`` or ``|mu| > l`` gives 0 and a non-integer argument raises
    ValueError, as sympy's ``real_gaunt``; an integer-valued float (``2.0``) is accepted (sympy
    refuses it).

    Examples
    --------
    >>> real_gaunt(1, 1, 2, -1, 1, -2)
    sqrt(15)/(10*sqrt(pi))
    >>> real_gaunt(1, 1, 2, -1, -1, -2)   # odd number of negative mu
    0
    >>> real_gaunt(2, 2, 2, 1, 1, 2)
    sqrt(15)/(14*sqrt(pi))
    >>> real_gaunt(2, 2, 2, 1, 1, 2, exact=False)
    0.15607834722743988

    ``prec`` (decimal digits) gives a ``sympy.Float``; NumPy array arguments give an array
    (evaluated symbol by symbol, each correctly rounded).
    """
    exact = check_exact(exact)
    prec = check_prec(prec, exact)
    if vec.is_array_call(l1, l2, l3, mu1, mu2, mu3):
        T, shape = vec.parse_arrays((l1, l2, l3, mu1, mu2, mu3),
                                    ("l1", "l2", "l3", "mu1", "mu2", "mu3"), 3)
        vec.check_one_by_one(T.shape[1])
        vals = [real_gaunt(*(Fraction(int(v), 2) for v in col), exact=exact, prec=prec)
                for col in T.T.tolist()]
        out = np.empty(len(vals), dtype=object if exact or prec is not None else np.float64)
        out[:] = vals
        return out.reshape(shape)
    if prec is not None:
        return with_prec(real_gaunt(l1, l2, l3, mu1, mu2, mu3), prec)
    parsed = _parse_l((l1, l2, l3), (mu1, mu2, mu3), ("mu1", "mu2", "mu3"))
    if parsed is None:
        return sympy.S.Zero if exact else 0.0
    (a, b, c), (x, y, z) = parsed
    parts = _real_gaunt_parts(a, b, c, x, y, z)
    if parts is None:
        return sympy.S.Zero if exact else 0.0
    return to_sympy(*parts, over_sqrt_pi=True) if exact else _float_over_sqrt_pi(*parts)


@lru_cache(maxsize=1)
def _inv_sqrt_pi_dd() -> tuple[float, float]:
    with mpmath.workprec(200):
        v = 1 / mpmath.sqrt(mpmath.pi)
        hi = float(v)
        return hi, float(v - hi)


def _gaunt_const(l1: int, l2: int, l3: int) -> tuple[Fraction, int] | None:
    """``3j(l1 l2 l3; 0 0 0) sqrt((2l1+1)(2l2+1)(2l3+1)/4) = c*sqrt(R)``, or None if zero."""
    p0 = racah_3j_parts(2 * l1, 2 * l2, 2 * l3, 0, 0, 0)
    if (l1 + l2 + l3) % 2 or p0 is None or p0[0] == 0:
        return None
    coef, rad = sqrt_factorial_ratio(p0[1], p0[2])
    coef, rad = _times_sqrt_int(coef * p0[0], rad,
                                Fraction((2 * l1 + 1) * (2 * l2 + 1) * (2 * l3 + 1), 4))
    return coef, rad


_INV_SQRT_PI = INV_SQRT_PI


def _exact_compact_sorted(l1: int, l2: int, l3: int) -> np.ndarray:
    """Exact compact Gaunt block (object array ``(2l1+1, 2l2+1)``) of an ascending triple."""
    n1, n2 = 2 * l1 + 1, 2 * l2 + 1
    K = np.full((n1, n2), sympy.S.Zero, dtype=object)
    const = _gaunt_const(l1, l2, l3)
    if const is None:
        return K
    for i1, i2, num, den, rad in exact_compact_parts(2 * l1, 2 * l2, 2 * l3, *const):
        K[i1, i2] = c_sqrt(num, den, rad, _INV_SQRT_PI)
    h = l1 + 1  # rows i1 > l1 from m -> -m (l1+l2+l3 even: no sign)
    K[h:] = K[: n1 - h][::-1, ::-1]
    return K


def _sorted_perm(ls: tuple[int, int, int]) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    order = sorted(range(3), key=lambda i: ls[i])
    srt = (ls[order[0]], ls[order[1]], ls[order[2]])
    return srt, tuple(order.index(i) for i in range(3))


def gaunt_block(l1: int, l2: int, l3: int, *, basis: str = "complex",
                exact: bool = True) -> np.ndarray:
    """All Gaunt coefficients of a triple: ``G[m1+l1, m2+l2, m3+l3]``.

    Parameters
    ----------
    l1, l2, l3 : int
    basis : {"complex", "real", "e3nn"}
        ``"complex"``: ``gaunt(l1, l2, l3, m1, m2, m3)``, correctly rounded except within about
        ``2**-100`` of a tie. ``"real"``: ``real_gaunt`` in Wikipedia's real basis. ``"e3nn"``:
        the same numbers — e3nn's harmonics are the real ones at rotated coordinates, and the
        integral of three of them over the sphere is rotation invariant.
    exact : bool
        ``True`` (default): an object array of exact sympy values (equal to :func:`gaunt`'s in
        the complex basis, to :func:`real_gaunt`'s in the real and e3nn bases). ``False``:
        float64.

    Returns
    -------
    numpy.ndarray
        object (``exact=True``) or float64, shape ``(2l1+1, 2l2+1, 2l3+1)``; zeros when
        ``l1+l2+l3`` is odd or the triangle rule fails.

    Examples
    --------
    >>> G = gaunt_block(1, 0, 1, exact=False)
    >>> G.shape, float(G[2, 0, 0])
    ((3, 1, 3), -0.28209479177387814)
    >>> gaunt_block(1, 0, 1, exact=True)[2, 0, 0]
    -1/(2*sqrt(pi))
    """
    if basis not in BASES:
        raise ValueError(f"basis={basis!r} must be one of {BASES}")
    exact = check_exact(exact)
    ls = (twice_l(l1, "l1"), twice_l(l2, "l2"), twice_l(l3, "l3"))
    if exact:
        srt, perm = _sorted_perm(ls)
        K = _exact_compact_sorted(*srt)
        return _exact_in_basis(expand(permute_compact(K, tuple(2 * x for x in srt), perm),
                                      *(2 * x for x in ls)), ls, basis)
    shape = tuple(2 * l + 1 for l in ls)
    p0 = racah_3j_parts(2 * ls[0], 2 * ls[1], 2 * ls[2], 0, 0, 0)
    if sum(ls) % 2 or p0 is None or p0[0] == 0:
        return np.zeros(shape)
    S0, num, den = p0
    n, d = S0 * S0 * (2 * ls[0] + 1) * (2 * ls[1] + 1) * (2 * ls[2] + 1), 4
    for k in num:
        n *= factorial(k)
    for k in den:
        d *= factorial(k)
    T = threej_block(2 * ls[0], 2 * ls[1], 2 * ls[2], Fraction(n, d), True)
    if S0 < 0:
        T = np.where(T == 0, 0.0, -T)
    if basis == "complex":
        return T
    return to_real_block(T, ls, conj_last=False)


def _exact_in_basis(T: np.ndarray, ls: tuple[int, int, int], basis: str) -> np.ndarray:
    """An exact complex Gaunt block in ``basis`` (real and e3nn: the real Gaunt coefficients)."""
    if basis == "complex":
        return T
    return exact_change_of_basis(T, [_units("real", l) for l in ls], ls, 1)


def gaunt_blocks(lmax: int, *, basis: str = "complex", exact: bool = True,
                 compact: bool = False, progress: bool = False
                 ) -> dict[tuple[int, int, int], np.ndarray]:
    """Every non-zero Gaunt block with ``l1, l2, l3 <= lmax`` (``l1+l2+l3`` even, triangle).

    With ``exact=True`` (default) each distinct value is built once, from exact integers,
    for the ascending triple and shared by its permutations (Gaunt coefficients are symmetric);
    ``exact=False`` gives float64 blocks as :func:`gaunt_block`. ``progress=True`` shows a bar.
    ``compact=True`` (complex basis) returns ``K[m1+l1, m2+l2]`` at ``m3 = -m1-m2``, shape
    ``(2l1+1, 2l2+1)``, as :func:`symphys.angular.wigner_3j_blocks` does.

    Returns
    -------
    dict
        ``{(l1, l2, l3): array}``.

    Examples
    --------
    >>> G = gaunt_blocks(2, compact=True)
    >>> sorted(G)[:4], G[1, 1, 2][2, 2]   # m1 = m2 = 1, m3 = -2
    ([(0, 0, 0), (0, 1, 1), (0, 2, 2), (1, 0, 1)], sqrt(30)/(10*sqrt(pi)))
    """
    from tqdm import tqdm

    lmax = twice_l(lmax, "lmax")
    if basis not in BASES:
        raise ValueError(f"basis={basis!r} must be one of {BASES}")
    exact = check_exact(exact)
    check_size("lmax", lmax, 8 * (lmax + 1) ** (5 if compact else 6),
               "8 (lmax+1)^5" if compact else "8 (lmax+1)^6")
    if compact and basis != "complex":
        raise ValueError(f"compact=True needs basis='complex', not {basis!r}")
    triples = [(a, b, c) for a in range(lmax + 1) for b in range(a, lmax + 1)
               for c in range(b, min(lmax, a + b) + 1) if (a + b + c) % 2 == 0]
    perms = ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0))
    out: dict[tuple[int, int, int], np.ndarray] = {}
    for tri in tqdm(triples, disable=not progress, desc="Gaunt blocks", leave=False):
        tj = (2 * tri[0], 2 * tri[1], 2 * tri[2])
        K = _exact_compact_sorted(*tri) if exact else None
        for perm in perms:
            ls = (tri[perm[0]], tri[perm[1]], tri[perm[2]])
            if ls in out:
                continue
            if K is None:
                B = gaunt_block(*ls, basis=basis, exact=False)
                if compact:
                    i1, i2 = np.meshgrid(np.arange(B.shape[0]), np.arange(B.shape[1]),
                                         indexing="ij")
                    i3 = sum(ls) - i1 - i2
                    ok = (i3 >= 0) & (i3 <= 2 * ls[2])
                    Kc = np.zeros(B.shape[:2])
                    Kc[ok] = B[i1[ok], i2[ok], i3[ok]]
                    B = Kc
                out[ls] = B
            else:
                Kp = permute_compact(K, tj, perm)
                out[ls] = Kp if compact else _exact_in_basis(expand(Kp, *(2 * x for x in ls)),
                                                             ls, basis)
    return dict(sorted(out.items()))
