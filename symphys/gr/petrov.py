"""Petrov type and the Weyl invariants I, J from the Newman-Penrose scalars Ψ0..Ψ4.

The principal null directions are the roots of the quartic (Penrose 1960; Stephani et al.,
Exact Solutions, 2nd ed., §4.2)::

    Q(b) = Ψ0 + 4 Ψ1 b + 6 Ψ2 b² + 4 Ψ3 b³ + Ψ4 b⁴,

a root at infinity having multiplicity 4 - deg Q. Multiplicities (1,1,1,1): type I;
(2,1,1): II; (2,2): D; (3,1): III; (4): N; Q ≡ 0: O. Equivalently the invariants

    I = Ψ0 Ψ4 - 4 Ψ1 Ψ3 + 3 Ψ2²,   J = det [[Ψ4, Ψ3, Ψ2], [Ψ3, Ψ2, Ψ1], [Ψ2, Ψ1, Ψ0]]

satisfy I³ = 27 J² exactly for the algebraically special types (II, D, III, N, O).

How the type is decided: the type can only become more special on a proper algebraic subset
of spacetime (and of the values of unknown functions), so :func:`petrov_type` evaluates the
Ψ's exactly at ``points`` random rational points (coordinates, parameters, unknown functions
and their derivatives drawn independently from [1, 10**6]; sin/cos of an angle from a
rational point of the circle) and finds the multiplicities exactly there (square-free
factorisation over the algebraic numbers the Ψ's hold). It returns the least special type
found, which is the type at a generic point unless every draw fell on that subset: by the
Schwartz-Zippel lemma that has probability at most (d / 10**6)**points for a subset cut out
by a polynomial of degree d in the drawn values. A type found is always exact at its point.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from symphys.gr._convert import as_expr, check_int

__all__ = ["MAX_POINTS", "MAX_RADICALS", "PETROV_TYPES", "petrov_type", "weyl_invariants"]

#: The Petrov types from the least to the most special.
PETROV_TYPES = ("I", "II", "D", "III", "N", "O")

#: Largest number of random points :func:`petrov_type` evaluates at.
MAX_POINTS = 16

#: Most distinct radicals (non-integer rational powers) the Ψ's may hold at a point: the
#: multiplicities are found over Q(i, radicals), of degree up to 2**(MAX_RADICALS + 1);
#: nested radicals (sqrt(1 + sqrt(r))) are refused.
MAX_RADICALS = 3

_PATTERN = {(1, 1, 1, 1): "I", (2, 1, 1): "II", (2, 2): "D", (3, 1): "III", (4,): "N"}
_NAMES = ("Psi0", "Psi1", "Psi2", "Psi3", "Psi4")


def _psis(psi: Any) -> list[sp.Expr]:
    if isinstance(psi, dict):
        missing = [k for k in _NAMES if k not in psi]
        if missing:
            raise ValueError(f"psi is missing {missing}: give Psi0..Psi4 (from newman_penrose)")
        return [as_expr(psi[k], f"psi[{k!r}]") for k in _NAMES]
    if isinstance(psi, (str, bytes)) or not hasattr(psi, "__len__"):
        raise TypeError("psi must be a dict {'Psi0': ..., 'Psi4': ...} or a sequence of 5")
    if len(psi) != 5:
        raise ValueError(f"psi must hold the 5 scalars Psi0..Psi4, got {len(psi)}")
    return [as_expr(v, f"psi[{i}]") for i, v in enumerate(psi)]


def weyl_invariants(psi: Any) -> dict[str, sp.Expr]:
    """The complex Weyl invariants I and J (see the module docstring).

    Parameters
    ----------
    psi : dict or sequence
        Ψ0..Ψ4, e.g. the output of :func:`symphys.gr.tetrad.newman_penrose`.

    Returns
    -------
    dict
        ``{"I": ..., "J": ..., "speciality": I**3 - 27 J**2}`` (the last vanishes exactly for
        the algebraically special types). For a vacuum metric, C_{abcd} C^{abcd} = 16 Re I in
        the conventions of :mod:`symphys.gr.tetrad`.

    Raises
    ------
    TypeError, ValueError
        Not five scalars.

    Examples
    --------
    >>> M, r = sp.symbols("M r")
    >>> inv = weyl_invariants({"Psi0": 0, "Psi1": 0, "Psi2": -M/r**3, "Psi3": 0, "Psi4": 0})
    >>> inv["I"], inv["J"], inv["speciality"]
    (3*M**2/r**6, M**3/r**9, 0)
    """
    p0, p1, p2, p3, p4 = _psis(psi)
    I_ = p0 * p4 - 4 * p1 * p3 + 3 * p2**2
    J = sp.Matrix([[p4, p3, p2], [p3, p2, p1], [p2, p1, p0]]).det(method="berkowitz")
    I_, J = sp.cancel(sp.expand(I_)), sp.cancel(sp.expand(J))
    return {"I": I_, "J": J, "speciality": sp.cancel(sp.expand(I_**3 - 27 * J**2))}


def _draw(rng: np.random.Generator) -> sp.Rational:
    return sp.Rational(int(rng.integers(1, 10**6)), int(rng.integers(1, 10**6)))


def _at_point(psis: list[sp.Expr], rng: np.random.Generator) -> list[sp.Expr]:
    """The five Ψ's at one random rational point (exact algebraic numbers)."""
    whole = sp.Tuple(*psis)
    rule: dict[sp.Basic, sp.Expr] = {}
    # derivatives first (xreplace swaps whole sub-trees): each is an independent value
    for item in sorted(whole.atoms(sp.Derivative), key=lambda d: -sp.count_ops(d)):
        rule[item] = _draw(rng)
    for item in sorted(whole.atoms(sp.core.function.AppliedUndef), key=sp.default_sort_key):
        rule[item] = _draw(rng)
    whole = whole.xreplace(rule)
    circle: dict[sp.Basic, tuple[sp.Expr, sp.Expr]] = {}
    for f in sorted(whole.atoms(sp.sin, sp.cos, sp.tan), key=sp.default_sort_key):
        if f.args[0] not in circle:
            t = _draw(rng)
            circle[f.args[0]] = ((1 - t**2) / (1 + t**2), 2 * t / (1 + t**2))
    trig = {}
    for f in whole.atoms(sp.sin, sp.cos, sp.tan):
        c, s_ = circle[f.args[0]]
        trig[f] = {sp.cos: c, sp.sin: s_, sp.tan: s_ / c}[f.func]
    whole = whole.xreplace(trig)
    values = {x: _draw(rng) for x in sorted(whole.free_symbols, key=sp.default_sort_key)}
    out = []
    for e in whole.xreplace(values):
        v = sp.expand(e)
        if v.free_symbols or v.atoms(sp.Function) or v.has(sp.pi, sp.E, sp.Float):
            raise ValueError(f"psi: cannot evaluate {v} exactly at a rational point (only "
                             "rational functions of the symbols, unknown functions, sin/cos "
                             "and algebraic numbers are supported)")
        out.append(v)
    return out


def _radicals(psis: list[sp.Expr]) -> None:
    """ValueError if the Ψ's hold nested radicals or more than MAX_RADICALS distinct ones."""
    rad = {p for e in psis for p in e.atoms(sp.Pow)
           if p.exp.is_Rational and not p.exp.is_Integer}
    nested = [p for p in rad if any(q != p and p.base.has(q) for q in rad)]
    if nested:
        raise ValueError(f"psi holds the nested radical {nested[0]}: the Petrov type is decided "
                         "exactly over Q(i) with square roots adjoined; nested radicals are "
                         "not supported")
    bases = {(sp.factor_terms(p.base), p.exp.q) for p in rad}
    if len(bases) > MAX_RADICALS:
        raise ValueError(f"psi holds {len(bases)} distinct radicals; the limit is "
                         f"{MAX_RADICALS} (each doubles the degree of the number field the "
                         "multiplicities are found in)")


def _type_at(values: list[sp.Expr]) -> str:
    p0, p1, p2, p3, p4 = values
    if all(v == 0 for v in values):
        return "O"
    b = sp.Dummy("b")
    Q = sp.Poly(p0 + 4 * p1 * b + 6 * p2 * b**2 + 4 * p3 * b**3 + p4 * b**4, b,
                extension=True)
    mult = [4 - Q.degree()] if Q.degree() < 4 else []
    _, factors = Q.sqf_list()
    for f, k in factors:
        mult += [k] * f.degree()
    mult = tuple(sorted((m for m in mult if m), reverse=True))
    return _PATTERN[mult]


def petrov_type(psi: Any, *, points: int = 3, rng: np.random.Generator | int | None = None
                ) -> str:
    """The Petrov type ("I", "II", "D", "III", "N" or "O") at a generic point.

    Parameters
    ----------
    psi : dict or sequence
        Ψ0..Ψ4 in any null tetrad (the type does not depend on it), e.g. from
        :func:`symphys.gr.tetrad.newman_penrose`.
    points : int, keyword-only
        Random rational points to evaluate at (1..MAX_POINTS; see the module docstring for
        the probability that all of them are non-generic).
    rng : numpy.random.Generator, int or None, keyword-only
        Source of the points (an int is a seed; None: fresh entropy).

    Returns
    -------
    str

    Raises
    ------
    TypeError, ValueError
        Not five scalars, a Ψ that cannot be evaluated exactly at a rational point, nested
        radicals or more than :data:`MAX_RADICALS` distinct ones, a negative seed.

    Examples
    --------
    >>> M, r = sp.symbols("M r")
    >>> petrov_type({"Psi0": 0, "Psi1": 0, "Psi2": -M/r**3, "Psi3": 0, "Psi4": 0}, rng=0)
    'D'
    >>> petrov_type([1, 0, 0, 0, 1], rng=0)
    'I'
    """
    psis = _psis(psi)
    points = check_int(points, "points", low=1, high=MAX_POINTS)
    if rng is not None and not isinstance(rng, (int, np.integer, np.random.Generator)) \
            or isinstance(rng, bool):
        raise TypeError(f"rng={rng!r} must be a numpy Generator, an int seed or None")
    if isinstance(rng, (int, np.integer)) and rng < 0:
        raise ValueError(f"rng={rng} must be a non-negative int seed")
    _radicals(psis)
    gen = np.random.default_rng(rng)
    if all(p == 0 for p in psis):
        return "O"
    found = [_type_at(_at_point(psis, gen)) for _ in range(points)]
    return min(found, key=PETROV_TYPES.index)
