"""Exact arithmetic on rational functions of the coordinates and of sin/cos of symbols (internal).

Contract (used by :class:`symphys.gr.metric.Metric` for ``simplify="auto"``): a metric whose
components are rational functions (rational coefficients) of symbols and of ``sin``, ``cos``,
``tan``, ``cot``, ``sec``, ``csc`` of integer combinations of symbols (``sin(2*theta)``,
``cos(theta + phi)``) is computed in the function field of the circles, one per angle θ_i::

    K = QQ(symbols, c_1, ..., c_k)[s_1, ..., s_k] / (s_i**2 + c_i**2 - 1),

with c_i = cos θ_i and s_i = sin θ_i. Each s_i is algebraic of degree 2 over the field
QQ(symbols, c_i), so an element has the unique form Σ_S a_S Π_{i∈S} s_i (S a set of angles,
a_S in lowest terms in sympy's sparse rational-function field): the form is canonical, so
**zero is decided exactly** (no probabilistic or numeric test is involved) and no blanket
``simplify``/``cancel`` of trigonometric trees is ever run (what makes sympy, and EinsteinPy,
stall on Kerr in Boyer-Lindquist θ). Inverses multiply by conjugates (s_i -> -s_i), derivatives
use d c_i/dθ_i = -s_i and d s_i/dθ_i = c_i. Results are written back with sin/cos, choosing
for each polynomial the shorter of its form in c_i and its form with c_i**2 -> 1 - s_i**2 (so a
sphere's g_φφ reads ``sin(theta)**2``).

Public names: :class:`TrigFieldBackend` (``applies``, ``to``, ``back``, ``d``) and
:class:`AlgebraicElement`, the element type.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = ["AlgebraicElement", "DERIVATIVE_HEADROOM", "MAX_ANGLES", "MAX_JETS",
           "MAX_TRIG_DEGREE", "TrigFieldBackend", "trig_to_sin_cos"]

#: Orders of derivative, beyond the highest in the metric, made available for unknown
#: functions (Riemann needs 2, the Cotton tensor 3, the Bach tensor 4).
DERIVATIVE_HEADROOM = 4

#: Most distinct angles: each doubles the terms of an element and its inverse multiplies by
#: conjugates, so two angles in a dense metric already cost minutes; beyond it, ``cancel``.
MAX_ANGLES = 1

#: Largest trigonometric degree handled (|k| in sin(k θ), |n| in sin(θ)**n, summed over the
#: angle's terms): expanding sin(k θ) writes a polynomial of degree k in sin and cos.
MAX_TRIG_DEGREE = 64

#: Largest number of function/derivative generators; beyond it the metric is computed by
#: the ``cancel`` path instead (each generator lengthens every monomial).
MAX_JETS = 96

_RECIPROCAL = {
    sp.tan: lambda u: sp.sin(u) / sp.cos(u),
    sp.cot: lambda u: sp.cos(u) / sp.sin(u),
    sp.sec: lambda u: 1 / sp.cos(u),
    sp.csc: lambda u: 1 / sp.sin(u),
}


def trig_to_sin_cos(expr: sp.Expr) -> sp.Expr:
    """``expr`` with tan/cot/sec/csc written with sin and cos, multiple angles expanded."""
    rule = {f: _RECIPROCAL[f.func](f.args[0]) for f in expr.atoms(*_RECIPROCAL)}
    if rule:
        expr = expr.xreplace(rule)
    if any(not isinstance(f.args[0], sp.Symbol) for f in expr.atoms(sp.sin, sp.cos)):
        expr = sp.expand_trig(expr)
    return expr


def _bump(mi: tuple[int, ...], i: int) -> tuple[int, ...]:
    return mi[:i] + (mi[i] + 1,) + mi[i + 1:]


def _jet_expr(key: tuple[Any, tuple[int, ...]]) -> sp.Expr:
    f, mi = key
    spec = [(x, k) for x, k in zip(f.args, mi, strict=True) if k]
    return f.diff(*spec) if spec else f


def _jets(entries: list[sp.Expr], coords: tuple[sp.Symbol, ...]):
    """(function, multi-index of derivative orders along its arguments) to generate."""
    top: dict[Any, int] = {}
    for e in entries:
        for f in e.atoms(AppliedUndef):
            top.setdefault(f, 0)
        for dv in e.atoms(sp.Derivative):
            f = dv.expr
            if not isinstance(f, AppliedUndef):
                raise ValueError("a derivative of something else than an unknown function")
            top[f] = max(top.get(f, 0), sum(k for _, k in dv.variable_count))
    out = []
    for f in sorted(top, key=sp.default_sort_key):
        along = [i for i, x in enumerate(f.args) if x in coords]
        n = len(f.args)
        for order in range(top[f] + DERIVATIVE_HEADROOM + 1):
            for combo in itertools.combinations_with_replacement(along, order):
                mi = [0] * n
                for i in combo:
                    mi[i] += 1
                out.append((f, tuple(mi)))
            if len(out) > MAX_JETS:
                return out
    return out


def _trig_degree_ok(e: sp.Expr) -> bool:
    """No sin(k θ) or sin(θ)**n beyond :data:`MAX_TRIG_DEGREE` (checked before expanding)."""
    kinds = (sp.sin, sp.cos, *_RECIPROCAL)
    for f in e.atoms(*kinds):
        coeffs = [t.as_coeff_Mul()[0] for t in sp.Add.make_args(f.args[0])]
        if any(not c.is_Integer for c in coeffs) or sum(abs(int(c)) for c in coeffs) \
                > MAX_TRIG_DEGREE:
            return False
    for p in e.atoms(sp.Pow):
        if isinstance(p.base, kinds) and (not p.exp.is_Integer or abs(p.exp) > MAX_TRIG_DEGREE):
            return False
    return True


class AlgebraicElement:
    """Σ_S a_S Π_{i∈S} s_i with s_i**2 = 1 - c_i**2; ``terms`` maps frozenset S -> a_S != 0."""

    __slots__ = ("be", "terms")

    def __init__(self, be: TrigFieldBackend, terms: dict[frozenset, Any]) -> None:
        self.be, self.terms = be, terms

    # -- arithmetic ------------------------------------------------------------------------
    def _coerce(self, other: Any) -> AlgebraicElement:
        if isinstance(other, AlgebraicElement):
            return other
        return self.be.scalar(self.be.K(other) if not isinstance(other, sp.Basic)
                              else self.be.K.from_expr(other))

    def __add__(self, other: Any) -> AlgebraicElement:
        o = self._coerce(other)
        out = dict(self.terms)
        for k, v in o.terms.items():
            w = out.get(k)
            w = v if w is None else w + v
            if w:
                out[k] = w
            else:
                out.pop(k, None)
        return AlgebraicElement(self.be, out)

    __radd__ = __add__

    def __neg__(self) -> AlgebraicElement:
        return AlgebraicElement(self.be, {k: -v for k, v in self.terms.items()})

    def __sub__(self, other: Any) -> AlgebraicElement:
        return self + (-self._coerce(other))

    def __rsub__(self, other: Any) -> AlgebraicElement:
        return self._coerce(other) - self

    def __mul__(self, other: Any) -> AlgebraicElement:
        if not isinstance(other, AlgebraicElement):
            if isinstance(other, int):
                if other == 0:
                    return self.be.zero
                return AlgebraicElement(self.be, {k: v * other for k, v in self.terms.items()})
            other = self._coerce(other)
        out: dict[frozenset, Any] = {}
        ones = self.be.one_minus_c2
        for S, a in self.terms.items():
            for T, b in other.terms.items():
                v = a * b
                for i in S & T:
                    v = v * ones[i]
                key = S ^ T
                w = out.get(key)
                out[key] = v if w is None else w + v
        return AlgebraicElement(self.be, {k: v for k, v in out.items() if v})

    __rmul__ = __mul__

    def conjugate(self, i: int) -> AlgebraicElement:
        """s_i -> -s_i."""
        return AlgebraicElement(self.be, {k: (-v if i in k else v) for k, v in self.terms.items()})

    def inverse(self) -> AlgebraicElement:
        if not self.terms:
            raise ZeroDivisionError("division by zero (an exactly vanishing component)")
        present = set().union(*self.terms)
        if not present:
            return self.be.scalar(1 / self.terms[frozenset()])
        i = min(present)
        conj = self.conjugate(i)
        norm = self * conj  # free of s_i
        return conj * norm.inverse()

    def __truediv__(self, other: Any) -> AlgebraicElement:
        if isinstance(other, int):
            if other == 0:
                raise ZeroDivisionError("division by zero")
            return AlgebraicElement(self.be, {k: v / other for k, v in self.terms.items()})
        return self * self._coerce(other).inverse()

    def __rtruediv__(self, other: Any) -> AlgebraicElement:
        return self._coerce(other) * self.inverse()

    def __pow__(self, k: int) -> AlgebraicElement:
        if not isinstance(k, int):
            raise TypeError("only integer powers")
        base = self if k >= 0 else self.inverse()
        out = self.be.scalar(self.be.K.one)
        for _ in range(abs(k)):
            out = out * base
        return out

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, int) and other == 0 or isinstance(other, sp.Integer) and other == 0:
            return not self.terms
        if isinstance(other, AlgebraicElement):
            return (self - other).terms == {}
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __bool__(self) -> bool:
        return bool(self.terms)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"AlgebraicElement({self.be.back(self)})"


class TrigFieldBackend:
    """Metric backend on :class:`AlgebraicElement` (see the module docstring)."""

    def __init__(self, coords: tuple[sp.Symbol, ...], entries: list[sp.Expr]) -> None:
        from sympy.polys.fields import field

        entries = [trig_to_sin_cos(e) for e in entries]
        angles: set[sp.Symbol] = set()
        syms: set[sp.Symbol] = set(coords)
        for e in entries:
            syms |= e.free_symbols
            angles |= {f.args[0] for f in e.atoms(sp.sin, sp.cos)}
        self.coords = coords
        self.angles = sorted(angles, key=sp.default_sort_key)
        self.cs = [sp.Dummy(f"c_{a}") for a in self.angles]
        self.ss = [sp.Dummy(f"s_{a}") for a in self.angles]
        plain = sorted(syms, key=sp.default_sort_key)
        # unknown functions and their derivatives (up to DERIVATIVE_HEADROOM more orders
        # along the chart) are generators of a differential field
        self.jets = _jets(entries, coords)
        self.jet_syms = {key: sp.Dummy(f"J{i}") for i, key in enumerate(self.jets)}
        self.syms = plain + list(self.jet_syms.values())
        self.K, *gens = field([*self.syms, *self.cs], sp.QQ)
        self.sym_gens = dict(zip(self.syms, gens[: len(self.syms)], strict=True))
        self.c_gens = gens[len(self.syms):]
        self.one_minus_c2 = [1 - c**2 for c in self.c_gens]
        # d/dx of a jet generator: another generator (or 0 when f does not depend on x)
        self._jet_d: dict[tuple[int, int], Any] = {}
        for key, dummy in self.jet_syms.items():
            f, mi = key
            for a, x in enumerate(coords):
                if x in f.args:
                    nxt = (f, _bump(mi, f.args.index(x)))
                    self._jet_d[(a, self.syms.index(dummy))] = (
                        self.sym_gens[self.jet_syms[nxt]] if nxt in self.jet_syms else None)
        # algebraic constants (i, sqrt(2), ...) join the s_i on demand: value -> index
        self.constants: dict[sp.Expr, int] = {}
        self.alg_syms = list(self.ss)
        self.alg_values: list[sp.Expr] = [sp.sin(a) for a in self.angles]
        # the parsing field holds the s_i as plain generators, reduced afterwards
        self.K2, *_ = field([*self.syms, *self.cs, *self.alg_syms], sp.QQ)
        self.zero = AlgebraicElement(self, {})
        self.simp = lambda v: v
        self._sincos = {}
        for i, a in enumerate(self.angles):
            self._sincos[sp.sin(a)] = self.ss[i]
            self._sincos[sp.cos(a)] = self.cs[i]
        self._freeze = {_jet_expr(k): d for k, d in self.jet_syms.items()}
        self._thaw = {d: _jet_expr(k) for k, d in self.jet_syms.items()}

    @staticmethod
    def applies(entries: list[sp.Expr], coords: tuple[sp.Symbol, ...] = ()) -> bool:
        """True if every entry is rational in symbols, sin/cos of integer angle sums and
        unknown functions of symbols (with derivatives), with at least one sin/cos."""
        found = False
        angles: set[sp.Basic] = set()
        for e in entries:
            if any(not n.is_Rational for n in e.atoms(sp.Number)):
                return False
            if e.atoms(sp.NumberSymbol) or e.has(sp.I):
                return False
            if not _trig_degree_ok(e):
                return False
            e = trig_to_sin_cos(e)
            trig = e.atoms(sp.sin, sp.cos)
            found = found or bool(trig)
            angles |= {f.args[0] for f in trig}
            if len(angles) > MAX_ANGLES:
                return False
            for f in trig:
                if not isinstance(f.args[0], sp.Symbol):
                    return False
            for f in e.atoms(sp.Function):
                if isinstance(f, (sp.sin, sp.cos)):
                    continue
                if not isinstance(f, AppliedUndef) or not all(
                        isinstance(x, sp.Symbol) for x in f.args) or len(set(f.args)) < len(
                        f.args):
                    return False
            for dv in e.atoms(sp.Derivative):
                if not isinstance(dv.expr, AppliedUndef):
                    return False
            if any(not isinstance(p.exp, sp.Integer) for p in e.atoms(sp.Pow)):
                return False
        if not found:
            return False
        try:
            return len(_jets(entries, coords)) <= MAX_JETS
        except ValueError:
            return False

    # -- conversions ---------------------------------------------------------------------
    def scalar(self, a: Any) -> AlgebraicElement:
        return AlgebraicElement(self, {frozenset(): a} if a else {})

    def _from_poly(self, p) -> AlgebraicElement:
        n_sym, k = len(self.syms), len(self.angles)
        out = self.zero
        K = self.K
        gens = list(self.sym_gens.values()) + list(self.c_gens)
        for monom, coeff in p.terms():
            v = K(coeff)
            for g, e in zip(gens, monom[: n_sym + k], strict=True):
                if e:
                    v = v * g**e
            key = set()
            for i, e in enumerate(monom[n_sym + k:]):
                if e // 2:
                    v = v * self.one_minus_c2[i] ** (e // 2)
                if e % 2:
                    key.add(i)
            out = out + AlgebraicElement(self, {frozenset(key): v})
        return out

    def _constant(self, value: sp.Expr, square: int) -> sp.Dummy:
        """The generator of the algebraic constant ``value`` (value**2 = square)."""
        from sympy.polys.fields import field

        if value not in self.constants:
            self.constants[value] = len(self.alg_syms)
            self.alg_syms.append(sp.Dummy(f"q{len(self.alg_syms)}"))
            self.alg_values.append(value)
            self.one_minus_c2.append(self.K(square))
            self.K2, *_ = field([*self.syms, *self.cs, *self.alg_syms], sp.QQ)
        return self.alg_syms[self.constants[value]]

    def _algebraic_constants(self, expr: sp.Expr) -> sp.Expr:
        """i and square roots of integers as generators (q**2 = -1, q**2 = n)."""
        rule: dict[sp.Basic, sp.Expr] = {}
        if expr.has(sp.I):
            rule[sp.I] = self._constant(sp.I, -1)
        for p in expr.atoms(sp.Pow):
            if p.base.is_Integer and p.exp.is_Rational and p.exp.q == 2:
                n = int(p.base)
                q = self._constant(sp.sqrt(n), n) if n > 0 else None
                if q is None:
                    q = self._constant(sp.I, -1) * self._constant(sp.sqrt(-n), -n) \
                        if n != -1 else self._constant(sp.I, -1)
                k = (p.exp.p - 1) // 2
                rule[p] = sp.Integer(n) ** k * q
        return expr.xreplace(rule) if rule else expr

    def to(self, expr: sp.Expr) -> AlgebraicElement:
        expr = sp.sympify(expr)
        if not _trig_degree_ok(expr):
            raise ValueError(f"a trigonometric degree beyond MAX_TRIG_DEGREE={MAX_TRIG_DEGREE}")
        expr = self._algebraic_constants(trig_to_sin_cos(expr))
        if self._freeze:
            expr = expr.xreplace(self._freeze)
            if expr.atoms(sp.Derivative, AppliedUndef):
                raise ValueError(f"{expr} holds a function or derivative beyond the jets "
                                 "made for this metric")
        expr = expr.xreplace(self._sincos)
        f = self.K2.from_expr(expr)
        num, den = self._from_poly(f.numer), self._from_poly(f.denom)
        return num / den if den != self.scalar(self.K.one) else num

    def _shorter(self, e: sp.Expr) -> sp.Expr:
        """``e`` (a polynomial in the c_i) or its form with c_i**2 -> 1 - s_i**2, the shorter."""
        alt = e
        for c, s in zip(self.cs, self.ss, strict=True):
            if alt.has(c):
                alt = sp.expand(sp.expand(alt).replace(
                    lambda x, c=c: x.is_Pow and x.base == c and x.exp.is_Integer
                    and x.exp >= 2,
                    lambda x, c=c, s=s: (1 - s**2) ** (x.exp // 2) * c ** (x.exp % 2)))
        return alt if len(sp.Add.make_args(alt)) < len(sp.Add.make_args(e)) else e

    def _poly_expr(self, p, *, factor: bool = False) -> sp.Expr:
        """A polynomial in c_i (and symbols) written with sin/cos."""
        e = p.as_expr()
        if self.angles:
            if factor and len(sp.Add.make_args(e)) > 1:
                coeff, factors = sp.factor_list(e)
                fac = dict(factors)
                for c in self.cs:  # (c - 1)(c + 1) = -sin**2
                    k = min(fac.get(c - 1, 0), fac.get(c + 1, 0))
                    if k:
                        fac[c - 1] -= k
                        fac[c + 1] -= k
                        fac[c**2 - 1] = fac.get(c**2 - 1, 0) + k
                e = coeff * sp.Mul(*[self._shorter(b) ** k for b, k in fac.items() if k])
            else:
                e = self._shorter(e)
            back = {c: sp.cos(a) for c, a in zip(self.cs, self.angles, strict=True)}
            back.update({s: sp.sin(a) for s, a in zip(self.ss, self.angles, strict=True)})
            e = e.xreplace(back)
        if self._thaw:
            e = e.xreplace(self._thaw)
        return sp.factor_terms(e)

    def back(self, val: AlgebraicElement) -> sp.Expr:
        if not val.terms:
            return sp.S.Zero
        out = []
        for S, a in sorted(val.terms.items(), key=lambda kv: sorted(kv[0])):
            num, den = self._poly_expr(a.numer), self._poly_expr(a.denom, factor=True)
            mono = sp.Mul(*[self.alg_values[i] for i in sorted(S)])
            out.append(mono * num / den)
        return sp.Add(*out)

    def d(self, val: AlgebraicElement, a: int) -> AlgebraicElement:
        x = self.coords[a]
        g = self.sym_gens.get(x)
        i = self.angles.index(x) if x in self.angles else None
        out = self.zero
        jets = [(j, dj) for (b, j), dj in self._jet_d.items() if b == a]
        gens = self.K.gens
        for S, v in val.terms.items():
            if g is not None:
                dv = v.diff(g)
                if dv:
                    out = out + AlgebraicElement(self, {S: dv})
            for j, dj in jets:
                if v.numer.degree(j) <= 0 and v.denom.degree(j) <= 0:
                    continue
                if dj is None:
                    raise ValueError(f"the derivative along {x} needs more than "
                                     f"{DERIVATIVE_HEADROOM} orders beyond the metric's")
                dv = v.diff(gens[j])
                if dv:
                    out = out + AlgebraicElement(self, {S: dv * dj})
            if i is not None:
                dc = v.diff(self.c_gens[i])
                if dc:  # d/dθ a(c) = -s a'(c)
                    out = out + AlgebraicElement(self, {S: -dc}) * self._s(i)
                if i in S:  # d/dθ s_i = c_i
                    out = out + AlgebraicElement(self, {S - {i}: v * self.c_gens[i]})
        return out

    def _s(self, i: int) -> AlgebraicElement:
        return AlgebraicElement(self, {frozenset({i}): self.K.one})

    # -- linear algebra over the field (Gaussian elimination, exact pivots) ------------------
    def det(self, m: list[list[AlgebraicElement]]) -> AlgebraicElement:
        n = len(m)
        a = [list(row) for row in m]
        det = self.scalar(self.K.one)
        for col in range(n):
            piv = next((i for i in range(col, n) if a[i][col]), None)
            if piv is None:
                return self.zero
            if piv != col:
                a[col], a[piv] = a[piv], a[col]
                det = -det
            p = a[col][col]
            det = det * p
            inv = p.inverse()
            for i in range(col + 1, n):
                if a[i][col]:
                    f = a[i][col] * inv
                    a[i] = [a[i][j] - f * a[col][j] if j > col else self.zero
                            for j in range(n)]
        return det

    def inverse(self, m: list[list[AlgebraicElement]], det: AlgebraicElement):
        n = len(m)
        if not det:
            raise ValueError("g is degenerate: det(g) == 0")
        one = self.scalar(self.K.one)
        a = [list(row) + [one if i == j else self.zero for j in range(n)]
             for i, row in enumerate(m)]
        for col in range(n):
            piv = next(i for i in range(col, n) if a[i][col])
            a[col], a[piv] = a[piv], a[col]
            inv = a[col][col].inverse()
            a[col] = [v * inv if v else v for v in a[col]]
            for i in range(n):
                if i != col and a[i][col]:
                    f = a[i][col]
                    a[i] = [a[i][j] - f * a[col][j] if a[col][j] else a[i][j]
                            for j in range(2 * n)]
        return [row[n:] for row in a]
