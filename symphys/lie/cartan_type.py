"""Cartan types of the simple Lie algebras: names, simple roots, Gram and Cartan matrices.

Conventions (stated once, used everywhere in :mod:`symphys.lie`):

* **Labelling** is Bourbaki's (Plates I-IX of *Groupes et algèbres de Lie*, ch. VI). The simple
  roots are realised in an orthonormal basis ``e_1, e_2, ...`` exactly as in the plates, e.g.
  ``B_n``: ``a_i = e_i - e_{i+1}``, ``a_n = e_n`` (short); ``G2``: ``a_1 = e_1 - e_2`` (short),
  ``a_2 = -2e_1 + e_2 + e_3`` (long); ``E8``: ``a_1 = (e_1 + e_8 - e_2 - ... - e_7)/2``,
  ``a_2 = e_1 + e_2``, ``a_k = e_{k-1} - e_{k-2}`` (k >= 3); ``E6, E7`` use the first 6, 7 of them.
* **Normalisation**: the invariant form is scaled so that long roots have ``(a, a) = 2``.
* **Cartan matrix** ``A[i][j] = <a_i, a_j^v> = 2 (a_i, a_j) / (a_j, a_j)`` (Humphreys' and
  sympy's convention): row ``i`` holds the Dynkin labels of the simple root ``a_i``.

Reference: N. Bourbaki, *Lie Groups and Lie Algebras*, ch. IV-VI, Plates; J. E. Humphreys,
*Introduction to Lie Algebras and Representation Theory*, §11.1.
"""

from __future__ import annotations

import re
from fractions import Fraction

import sympy

__all__ = ["parse_cartan_type", "simple_roots_orthonormal", "gram_matrix", "cartan_matrix"]

_FAMILIES = {"A": 1, "B": 2, "C": 2, "D": 4}
_EXCEPTIONAL = {"E": (6, 7, 8), "F": (4,), "G": (2,)}

_H = Fraction(1, 2)


def parse_cartan_type(cartan_type: str | tuple[str, int]) -> tuple[str, int]:
    """Normalise a Cartan type to ``(letter, rank)``.

    Accepts ``"E8"``, ``"e8"``, ``("A", 3)``, and the physics names ``"su(n)"`` (A_{n-1}),
    ``"so(2n+1)"`` (B_n), ``"so(2n)"`` (D_n; ``so(6)`` is A3), ``"sp(2n)"`` (C_n) and ``"g2"``,
    ``"f4"``, ``"e6"`` ... Ranks allowed: A_n n >= 1, B_n n >= 2, C_n n >= 2, D_n n >= 4,
    E6/E7/E8, F4, G2.

    >>> parse_cartan_type("so(10)")
    ('D', 5)
    >>> parse_cartan_type(("A", 3))
    ('A', 3)
    >>> parse_cartan_type("E9")
    Traceback (most recent call last):
    ...
    ValueError: cartan_type='E9': E has rank 6, 7 or 8
    """
    if isinstance(cartan_type, tuple):
        if len(cartan_type) != 2 or not isinstance(cartan_type[0], str):
            raise TypeError(f"cartan_type={cartan_type!r} must be (letter, rank)")
        letter, rank = cartan_type[0].upper(), cartan_type[1]
        if not isinstance(rank, int) or isinstance(rank, bool):
            raise TypeError(f"cartan_type={cartan_type!r}: rank must be an int")
        return _check(letter, rank, cartan_type)
    if not isinstance(cartan_type, str):
        raise TypeError(f"cartan_type={cartan_type!r} must be a string like 'E8' or ('A', 3)")
    text = cartan_type.strip().replace(" ", "")
    m = re.fullmatch(r"([A-Ga-g])(\d+)", text)
    if m:
        return _check(m.group(1).upper(), int(m.group(2)), cartan_type)
    m = re.fullmatch(r"(su|so|sp|sl)\((\d+)\)", text.lower())
    if m:
        kind, n = m.group(1), int(m.group(2))
        if kind in ("su", "sl"):
            if n < 2:
                raise ValueError(f"cartan_type={cartan_type!r}: su(n) needs n >= 2")
            return ("A", n - 1)
        if kind == "sp":
            if n < 2 or n % 2:
                raise ValueError(f"cartan_type={cartan_type!r}: sp(2n) needs an even size >= 2")
            return ("A", 1) if n == 2 else ("C", n // 2)
        if n in (3, 6):
            return ("A", 1) if n == 3 else ("A", 3)
        if n < 5:
            raise ValueError(
                f"cartan_type={cartan_type!r}: so(n) is simple only for n = 3 or n >= 5")
        return ("B", (n - 1) // 2) if n % 2 else ("D", n // 2)
    raise ValueError(
        f"cartan_type={cartan_type!r} is not a Cartan type; use e.g. 'A3', 'E8', ('B', 4), "
        "'su(3)', 'so(10)', 'sp(6)'"
    )


def _check(letter: str, rank: int, original: object) -> tuple[str, int]:
    if letter in _FAMILIES:
        low = _FAMILIES[letter]
        if rank < low:
            raise ValueError(f"cartan_type={original!r}: {letter}_n needs n >= {low}")
        return (letter, rank)
    if letter in _EXCEPTIONAL:
        allowed = _EXCEPTIONAL[letter]
        if rank not in allowed:
            if len(allowed) == 1:
                raise ValueError(f"cartan_type={original!r}: {letter} has rank {allowed[0]} only")
            opts = ", ".join(map(str, allowed[:-1])) + f" or {allowed[-1]}"
            raise ValueError(f"cartan_type={original!r}: {letter} has rank {opts}")
        return (letter, rank)
    raise ValueError(f"cartan_type={original!r}: unknown family {letter!r} (use A-G)")


def _unit(n: int, i: int, c: Fraction | int = 1) -> list[Fraction]:
    v = [Fraction(0)] * n
    v[i] = Fraction(c)
    return v


def _diff(n: int, i: int, j: int) -> list[Fraction]:
    v = _unit(n, i)
    v[j] -= 1
    return v


def simple_roots_orthonormal(letter: str, rank: int) -> list[list[sympy.Rational]]:
    """Bourbaki's simple roots in an orthonormal basis (lists of sympy Rationals, unscaled).

    ``A_n`` lives in ``R^{n+1}``, ``G2`` in ``R^3``, ``E6, E7, E8`` in ``R^8``; the others in
    ``R^rank``. These are the plates' vectors before the long roots are scaled to length^2 2.

    >>> simple_roots_orthonormal("G", 2)
    [[1, -1, 0], [-2, 1, 1]]
    """
    return [[_rational(x) for x in row] for row in simple_roots_fractions(letter, rank)]


def _rational(x: Fraction) -> sympy.Rational:
    return sympy.Rational(x.numerator, x.denominator)


def simple_roots_fractions(letter: str, rank: int) -> list[list[Fraction]]:
    """:func:`simple_roots_orthonormal` as Python Fractions, for internal arithmetic."""
    n = rank
    if letter == "A":
        return [_diff(n + 1, i, i + 1) for i in range(n)]
    if letter in "BCD":
        roots = [_diff(n, i, i + 1) for i in range(n - 1)]
        if letter == "B":
            roots.append(_unit(n, n - 1))
        elif letter == "C":
            roots.append(_unit(n, n - 1, 2))
        else:
            last = _unit(n, n - 2)
            last[n - 1] = Fraction(1)
            roots.append(last)
        return roots
    if letter == "G":
        return [_diff(3, 0, 1), [Fraction(-2), Fraction(1), Fraction(1)]]
    if letter == "F":
        half = [_H, -_H, -_H, -_H]
        return [_diff(4, 1, 2), _diff(4, 2, 3), _unit(4, 3), half]
    if letter == "E":
        a1 = [_H, -_H, -_H, -_H, -_H, -_H, -_H, _H]
        a2 = _unit(8, 0)
        a2[1] = Fraction(1)
        rest = [_diff(8, k - 2, k - 3) for k in range(3, 9)]
        return ([a1, a2] + rest)[:rank]
    raise ValueError(f"unknown Cartan family {letter!r}")


def gram_matrix(letter: str, rank: int) -> list[list[sympy.Rational]]:
    """Gram matrix ``(a_i, a_j)`` of the simple roots, scaled so long roots have length^2 2.

    Entries are sympy Rationals.

    >>> gram_matrix("G", 2)
    [[2/3, -1], [-1, 2]]
    """
    return [[_rational(x) for x in row] for row in gram_fractions(letter, rank)]


def gram_fractions(letter: str, rank: int) -> list[list[Fraction]]:
    """:func:`gram_matrix` as Python Fractions, for internal arithmetic.

    The simple roots have at most 8 nonzero coordinates, so the products run over those only
    (``O(rank^2)`` work, not ``O(rank^3)``).
    """
    roots = [{k: x for k, x in enumerate(v) if x} for v in simple_roots_fractions(letter, rank)]
    zero = Fraction(0)
    gram = [[sum((x * b[k] for k, x in a.items() if k in b), zero) for b in roots]
            for a in roots]
    longest = max(gram[i][i] for i in range(rank))
    scale = Fraction(2) / longest
    return [[g * scale if g else zero for g in row] for row in gram]


def cartan_from_gram(gram: list[list[Fraction]]) -> list[list[int]]:
    """Cartan matrix ``A[i][j] = 2 gram[i][j] / gram[j][j]`` (ints) from a Gram matrix."""
    out = []
    for row in gram:
        new = []
        for j, g in enumerate(row):
            if not g:
                new.append(0)
                continue
            v = 2 * g / gram[j][j]
            assert v.denominator == 1
            new.append(int(v))
        out.append(new)
    return out


def cartan_matrix(letter: str, rank: int) -> list[list[int]]:
    """Cartan matrix ``A[i][j] = 2 (a_i, a_j) / (a_j, a_j)`` as nested lists of ints.

    >>> cartan_matrix("G", 2)
    [[2, -1], [-3, 2]]
    """
    return cartan_from_gram(gram_fractions(letter, rank))
