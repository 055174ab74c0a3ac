"""Exact integrals over the circle and periodicity checks, with bounded cost (internal).

Contract (used by the charges of :mod:`symphys.gr.asymptotic`, :mod:`symphys.gr.ads3` and
:mod:`symphys.gr.bms3`):

- :func:`integrate_circle` returns ∫_0^{2π} f dφ exactly. A trigonometric polynomial (sums
  and products of constants, sin/cos(k φ + c) and exp(i k φ + c) with integer k, raised to
  non-negative integer powers) is written in the exponentials e^{ikφ} and its constant term
  kept (2π times it): the cost is the number of exponential terms, bounded before anything is
  expanded by :func:`fourier_terms` (the multinomial count, a closed form) and refused beyond
  :data:`MAX_FOURIER_TERMS`. Mode numbers themselves cost nothing (cos(10**6 φ)² is one
  product). Anything else (Abs, square roots, undefined functions) goes to
  ``sympy.integrate``, after a check that its trigonometric degree (the sum of ``|k|`` times
  the power over its sin/cos/tan factors) is at most :data:`MAX_TRIG_DEGREE`.
- :func:`shift_difference` is f(φ + 2π) - f(φ), with sin/cos/exp of sums split by the
  addition formulas (one level: sympy then evaluates cos(2π m) for an integer symbol m) and
  never expanded into multiple-angle polynomials; :func:`is_periodic` decides it, by exact
  cancellation and else by evaluation at two generic points to 30 digits.
"""

from __future__ import annotations

from math import comb, gcd
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = ["MAX_EXPAND_TERMS", "MAX_FOURIER_TERMS", "MAX_TRIG_DEGREE", "check_expandable",
           "expand_terms", "fourier_terms", "integrate_circle", "is_periodic",
           "shift_difference"]

#: Largest number of exponential terms e^{ikφ} an integrand may expand to (the product of
#: the multinomial counts of its powers, :func:`fourier_terms`).
MAX_FOURIER_TERMS = 20_000

#: Largest number of terms a user value (a generator, a field's data) may expand to
#: (:func:`expand_terms`): values are multiplied and expanded by the laws and charges, so
#: (2**40 * ...)**k-like powers of sums are refused before any expansion.
MAX_EXPAND_TERMS = 1_000

#: Largest trigonometric degree handed to ``sympy.integrate`` (integrands that are not
#: trigonometric polynomials).
MAX_TRIG_DEGREE = 64


def _linear_coeff(arg: sp.Expr, phi: sp.Symbol) -> sp.Expr | None:
    """k in arg = k φ + c (k, c free of φ), or None when arg is not linear in φ."""
    arg = sp.expand(arg)
    k = arg.coeff(phi)
    if sp.expand(arg - k * phi).has(phi) or k.has(phi):
        return None
    return k


def fourier_terms(expr: Any, phi: sp.Symbol) -> int | None:
    """Exponential terms ``expr`` expands to, or None if it is not a trigonometric polynomial.

    A closed-form count read off the tree: a constant 1, sin/cos 2, exp 1, sums add, products
    multiply, a power n of w terms gives C(n + w - 1, n) (the multinomial count).

    >>> p = sp.Symbol("phi")
    >>> fourier_terms(sp.cos(p)**2 * sp.sin(10**6 * p) + 3, p)
    7
    """
    memo: dict[sp.Basic, int | None] = {}

    def count(e: sp.Basic) -> int | None:
        if e in memo:
            return memo[e]
        if not e.has(phi):
            out: int | None = 1
        elif isinstance(e, (sp.sin, sp.cos)):
            k = _linear_coeff(e.args[0], phi)
            out = 2 if k is not None and k.is_integer else None
        elif isinstance(e, sp.exp):
            k = _linear_coeff(e.args[0], phi)
            out = 1 if k is not None and (k / sp.I).is_integer else None
        elif isinstance(e, sp.Add):
            parts = [count(a) for a in e.args]
            out = None if None in parts else sum(parts)
        elif isinstance(e, sp.Mul):
            out = 1
            for a in e.args:
                c = count(a)
                if c is None:
                    out = None
                    break
                out *= c
                if out > MAX_FOURIER_TERMS:
                    break
        elif isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp >= 0:
            w = count(e.base)
            out = None if w is None else comb(int(e.exp) + w - 1, int(e.exp))
        else:
            out = None
        memo[e] = out
        return out

    return count(sp.sympify(expr))


def expand_terms(expr: Any) -> int:
    """Terms of ``sympy.expand(expr)``, bounded from the tree without expanding (closed form:
    sums add, products multiply, a power ``n`` (or ``-n``) of ``w`` terms gives the multinomial
    count C(n + w - 1, n); a function counts as its largest argument).

    >>> x, y = sp.symbols("x y")
    >>> expand_terms((x + y) ** 3 * (x - 1))
    8
    """
    memo: dict[sp.Basic, int] = {}

    def count(e: sp.Basic) -> int:
        if e in memo:
            return memo[e]
        if e.is_Atom:
            out = 1
        elif isinstance(e, sp.Add):
            out = sum(count(a) for a in e.args)
        elif isinstance(e, sp.Mul):
            out = 1
            for a in e.args:
                out *= count(a)
                if out > 10**12:
                    break
        elif isinstance(e, sp.Pow) and e.exp.is_Integer:
            n = abs(int(e.exp))
            w = count(e.base)
            out = 1 if w == 1 else comb(n + w - 1, n) if n < 10**6 else 10**13
        else:
            out = max((count(a) for a in e.args), default=1)
        memo[e] = out
        return out

    return count(sp.sympify(expr))


def check_expandable(value: sp.Expr, name: str) -> sp.Expr:
    """``value`` if it expands to at most :data:`MAX_EXPAND_TERMS` terms, else ValueError."""
    n = expand_terms(value)
    if n > MAX_EXPAND_TERMS:
        raise ValueError(f"{name} expands to about {n} terms (a power of a sum); the limit is "
                         f"{MAX_EXPAND_TERMS}: pass it in a shorter form")
    return value


def _mul(a: dict[int, Any], b: dict[int, Any]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for ka, ca in a.items():
        for kb, cb in b.items():
            k = ka + kb
            out[k] = out[k] + ca * cb if k in out else ca * cb
    return out


class _NotGaussian(Exception):
    pass


def _laurent(expr: sp.Expr, phi: sp.Symbol) -> dict[int, sp.Expr] | None:
    """``expr`` as {k: c_k} with expr = Σ c_k e^{ikφ} (integer k), or None.

    Gaussian-rational coefficients (the common case) run in Python integers over a common
    denominator; anything else in sympy expressions."""
    try:
        out = _laurent_int(expr, phi)
    except _NotGaussian:
        return _laurent_in(expr, phi, False)
    if out is None:
        return None
    poly, den = out
    return {k: (sp.Integer(re) + sp.I * sp.Integer(im)) / den for k, (re, im) in poly.items()}


def _gauss(c: sp.Expr) -> tuple[int, int, int]:
    re, im = sp.expand_complex(c).as_real_imag()
    if not (re.is_Rational and im.is_Rational):
        raise _NotGaussian
    d = int(sp.ilcm(re.q, im.q))
    return int(re * d), int(im * d), d


def _laurent_int(expr: sp.Expr, phi: sp.Symbol):
    """(poly {k: (re, im)} of Gaussian integers, denominator) or None (not a trig polynomial)."""
    memo: dict[sp.Basic, Any] = {}

    def mul(a, b):
        pa, da = a
        pb, db = b
        out: dict[int, list[int]] = {}
        for ka, (ar, ai) in pa.items():
            for kb, (br, bi) in pb.items():
                k = ka + kb
                re, im = ar * br - ai * bi, ar * bi + ai * br
                if k in out:
                    out[k][0] += re
                    out[k][1] += im
                else:
                    out[k] = [re, im]
        return {k: (v[0], v[1]) for k, v in out.items()}, da * db

    def const(c):
        re, im, d = _gauss(c)
        return {0: (re, im)}, d

    def go(e):
        if e in memo:
            return memo[e]
        out = None
        if not e.has(phi):
            out = const(e)
        elif isinstance(e, (sp.sin, sp.cos, sp.exp)):
            arg = sp.expand(e.args[0])
            k = arg.coeff(phi)
            c = sp.expand(arg - k * phi)
            if isinstance(e, sp.exp):
                k = sp.expand(k / sp.I)
            if k.is_Integer and not c.has(phi):
                k = int(k)
                if c != 0:
                    raise _NotGaussian
                if isinstance(e, sp.exp) or k == 0:
                    out = const(e.subs(phi, 0)) if k == 0 else ({k: (1, 0)}, 1)
                elif isinstance(e, sp.cos):
                    out = {k: (1, 0), -k: (1, 0)}, 2
                else:   # sin = (z^k - z^-k)/(2i) = (-i z^k + i z^-k)/2
                    out = {k: (0, -1), -k: (0, 1)}, 2
        elif isinstance(e, sp.Add):
            parts = [go(x) for x in e.args]
            if None not in parts:
                den = 1
                for _, d in parts:
                    den = den * d // gcd(den, d)
                acc: dict[int, list[int]] = {}
                for poly, d in parts:
                    f = den // d
                    for k, (re, im) in poly.items():
                        if k in acc:
                            acc[k][0] += re * f
                            acc[k][1] += im * f
                        else:
                            acc[k] = [re * f, im * f]
                out = {k: (v[0], v[1]) for k, v in acc.items()}, den
        elif isinstance(e, sp.Mul):
            out = ({0: (1, 0)}, 1)
            for x in e.args:
                part = go(x)
                if part is None:
                    out = None
                    break
                out = mul(out, part)
        elif isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp >= 0:
            base = go(e.base)
            if base is not None:
                n, out, sq = int(e.exp), ({0: (1, 0)}, 1), base
                while n:
                    if n & 1:
                        out = mul(out, sq)
                    n >>= 1
                    if n:
                        sq = mul(sq, sq)
        memo[e] = out
        return out

    return go(expr)


def _laurent_in(expr: sp.Expr, phi: sp.Symbol, fast: bool) -> dict[int, Any] | None:
    memo: dict[sp.Basic, dict[int, Any] | None] = {}

    def const(c: sp.Expr) -> Any:
        return c

    one, half = const(sp.S.One), const(sp.S.Half)

    def go(e: sp.Basic) -> dict[int, Any] | None:
        if e in memo:
            return memo[e]
        out: dict[int, Any] | None = None
        if not e.has(phi):
            out = {0: const(e)}
        elif isinstance(e, (sp.sin, sp.cos, sp.exp)):
            arg = sp.expand(e.args[0])
            k = arg.coeff(phi)
            c = sp.expand(arg - k * phi)
            if isinstance(e, sp.exp):
                k = sp.expand(k / sp.I)
            if k.is_Integer and not c.has(phi):
                k = int(k)
                if isinstance(e, sp.exp):
                    out = {k: const(sp.exp(c))}
                elif k == 0:
                    out = {0: const(e)}
                else:
                    ep, em = const(sp.exp(sp.I * c)), const(sp.exp(-sp.I * c))
                    if isinstance(e, sp.cos):
                        out = {k: ep * half, -k: em * half}
                    else:
                        mi = const(-sp.I / 2)
                        out = {k: ep * mi, -k: -(em * mi)}
        elif isinstance(e, sp.Add):
            out = {}
            for a in e.args:
                part = go(a)
                if part is None:
                    out = None
                    break
                for k, c in part.items():
                    out[k] = out[k] + c if k in out else c
        elif isinstance(e, sp.Mul):
            out = {0: one}
            for a in e.args:
                part = go(a)
                if part is None:
                    out = None
                    break
                out = _mul(out, part)
        elif isinstance(e, sp.Pow) and e.exp.is_Integer and e.exp >= 0:
            base = go(e.base)
            if base is not None:
                n, out, sq = int(e.exp), {0: one}, base
                while n:
                    if n & 1:
                        out = _mul(out, sq)
                    n >>= 1
                    if n:
                        sq = _mul(sq, sq)
        memo[e] = out
        return out

    return go(expr)


def trig_degree(expr: sp.Expr, phi: sp.Symbol) -> sp.Expr:
    """The sum over sin/cos/tan factors of |k| times the power (a bound on the work of
    expanding multiple angles), from the tree."""
    total = sp.S.Zero
    for f in expr.atoms(sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc):
        k = _linear_coeff(f.args[0], phi)
        if k is not None and k.is_number:
            total += abs(k)
    for p in expr.atoms(sp.Pow):
        if p.base.has(phi) and p.exp.is_number:
            total += abs(p.exp)
    return total


def integrate_circle(expr: Any, phi: sp.Symbol, *, name: str = "integrand") -> sp.Expr:
    """∫_0^{2π} ``expr`` dφ, exactly (see the module docstring for the cost bound).

    >>> p = sp.Symbol("phi", real=True)
    >>> integrate_circle(sp.cos(10**6 * p)**2, p)
    pi
    """
    expr = sp.sympify(expr)
    n = fourier_terms(expr, phi)
    if n is not None:
        if n > MAX_FOURIER_TERMS:
            raise ValueError(f"{name} expands to about {n} Fourier terms e^(ik phi); the limit "
                             f"is {MAX_FOURIER_TERMS} (lower the powers of the trigonometric "
                             "functions)")
        series = _laurent(expr, phi)
        if series is not None:
            return sp.simplify(2 * sp.pi * series.get(0, sp.S.Zero))
    deg = trig_degree(expr, phi)
    if deg.is_number and deg > MAX_TRIG_DEGREE:
        raise ValueError(f"{name} has trigonometric degree {deg} and is not a trigonometric "
                         f"polynomial; the limit for such integrands is {MAX_TRIG_DEGREE}")
    return sp.simplify(sp.integrate(sp.expand(expr), (phi, 0, 2 * sp.pi)))


def shift_difference(value: sp.Expr, phi: sp.Symbol) -> sp.Expr:
    """value(φ + 2π) - value(φ), with sin/cos/exp of sums split once (no multiple angles)."""
    d = value.subs(phi, phi + 2 * sp.pi) - value
    if d == 0:
        return sp.S.Zero
    rule = {}
    for f in d.atoms(sp.sin, sp.cos, sp.exp):
        indep, dep = sp.expand(f.args[0]).as_independent(phi, as_Add=True)
        if indep == 0 or dep == 0:
            continue
        if isinstance(f, sp.cos):
            rule[f] = sp.cos(indep) * sp.cos(dep) - sp.sin(indep) * sp.sin(dep)
        elif isinstance(f, sp.sin):
            rule[f] = sp.sin(indep) * sp.cos(dep) + sp.cos(indep) * sp.sin(dep)
        else:
            rule[f] = sp.exp(indep) * sp.exp(dep)
    return sp.expand(d.xreplace(rule)) if rule else sp.expand(d)


def is_periodic(value: sp.Expr, phi: sp.Symbol) -> bool | None:
    """True/False if ``value`` is/is not 2π-periodic in φ; None when undecided (undefined
    functions of φ)."""
    if phi not in value.free_symbols:
        return True
    if value.atoms(AppliedUndef):
        return None
    d = shift_difference(value, phi)
    if d == 0:
        return True
    others = sorted(d.free_symbols - {phi}, key=sp.default_sort_key)
    for seed in (0.3183, 0.6931):
        point = {phi: sp.Float(seed, 30)}
        for i, s in enumerate(others):
            point[s] = sp.Integer(3 + i) if s.is_integer else sp.Float(seed + 0.1 * (i + 1), 30)
        try:
            val = complex(d.evalf(30, subs=point))
        except (TypeError, ValueError, ZeroDivisionError):
            return None
        if abs(val) > 1e-20:
            return False
    return True
