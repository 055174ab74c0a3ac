"""Truncated Laurent series in x = 1/r with sympy coefficients, and a Metric backend on them.

A :class:`InverseRSeries` is Σ_k c_k r^(-k) + O(r^(-prec)): the coefficients c_k are sympy
expressions free of r (they may hold undefined functions of the other coordinates and their
derivatives), ``prec`` is the absolute precision (``EXACT`` for a finite Laurent polynomial).
Arithmetic tracks the precision, so a curvature component computed from a truncated metric
says how far it can be trusted. This replaces ``sympy.series`` (which fails on derivatives of
multivariate undefined functions, sympy issues #9068, #20492) for large-r expansions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from symphys.gr._convert import as_expr, check_int
from symphys.gr.expansion import MAX_ORDER, inverse_power_coefficients

__all__ = ["EXACT", "MAX_TERMS", "InverseRSeries", "SeriesBackend"]

EXACT = 10**9

#: Largest number of terms :meth:`InverseRSeries.inverse` computes.
MAX_TERMS = 64


def _check_r(r: Any, name: str = "r") -> sp.Symbol:
    if not isinstance(r, sp.Symbol):
        raise TypeError(f"{name}={r!r} must be a sympy Symbol")
    return r


def _order_precision(o: sp.Order, r: sp.Symbol) -> int:
    """k of an ``O(r**-k, (r, oo))`` term."""
    if tuple(o.variables) != (r,) or tuple(o.point) != (sp.oo,):
        raise ValueError(f"the order term {o} must be O(r**-k, (r, oo)) in r={r}")
    if o.expr == 1:
        return 0
    base, exp = o.expr.as_base_exp()
    if base != r or not exp.is_Integer:
        raise ValueError(f"the order term {o} must be O(r**-k, (r, oo)) with an integer k")
    return int(-exp)


class InverseRSeries:
    """Σ_k c_k r^(-k) + O(r^(-prec)), coefficients normalised by ``norm`` (default cancel).

    >>> r = sp.Symbol("r")
    >>> s = InverseRSeries.from_expr(1 + 2 / r, r)
    >>> (s * s).as_expr(r=r)
    1 + 4/r + 4/r**2
    >>> s.inverse(3).as_expr(r=r)
    4/r**2 - 2/r + 1 + O(r**(-3), (r, oo))
    """

    __slots__ = ("c", "prec", "r", "norm")

    def __init__(self, c: dict[int, sp.Expr], prec: int, r: sp.Symbol, *,
                 norm: Callable[[sp.Expr], sp.Expr] = sp.cancel) -> None:
        if not isinstance(c, dict):
            raise TypeError(f"c must be a dict {{k: coefficient of r^-k}}, got {type(c).__name__}")
        if not callable(norm):
            raise TypeError(f"norm={norm!r} must be callable")
        prec = check_int(prec, "prec", low=-EXACT, high=EXACT)
        self.r, self.norm, self.prec = _check_r(r), norm, prec
        self.c = {check_int(k, "c key", low=-EXACT, high=EXACT):
                  (v if isinstance(v, sp.Expr) else as_expr(v, f"c[{k}]"))
                  for k, v in c.items()}
        self.c = {k: v for k, v in self.c.items() if k < prec and v != 0}

    @classmethod
    def from_expr(cls, expr: Any, r: sp.Symbol, *, order: int = 12,
                  norm: Callable[[sp.Expr], sp.Expr] = sp.cancel) -> InverseRSeries:
        """Expand ``expr`` at large r; exact when it is a Laurent polynomial in r.

        An ``O(r**-k, (r, oo))`` term in ``expr`` sets the precision to k.

        >>> r = sp.Symbol("r")
        >>> InverseRSeries.from_expr(r + 3 / r**2 + sp.O(r**-3, (r, sp.oo)), r).prec
        3
        """
        expr = as_expr(expr, "expr")
        r = _check_r(r)
        order = check_int(order, "order", low=-MAX_ORDER, high=MAX_ORDER)
        prec = EXACT
        orders = [o for o in sp.Add.make_args(expr) if isinstance(o, sp.Order)]
        if orders:
            for o in orders:
                prec = min(prec, _order_precision(o, r))
            expr = sp.Add(*[t for t in sp.Add.make_args(expr) if not isinstance(t, sp.Order)])
        e = sp.expand(expr)
        if e == 0:
            return cls({}, prec, r, norm=norm)
        terms = sp.Add.make_args(e)
        coeffs: dict[int, sp.Expr] = {}
        exact = True
        for term in terms:
            c, p = term.as_independent(r, as_Add=False)
            if p == 1:
                k = 0
            elif p == r:
                k = -1
            elif isinstance(p, sp.Pow) and p.base == r and p.exp.is_Integer:
                k = -int(p.exp)
            else:
                exact = False
                break
            coeffs[k] = coeffs.get(k, sp.S.Zero) + c
        if exact:
            return cls({k: norm(v) for k, v in coeffs.items()}, prec, r, norm=norm)
        prec = min(prec, order)
        coeffs = inverse_power_coefficients(expr, r, prec)
        return cls({k: norm(v) for k, v in coeffs.items()}, prec, r, norm=norm)

    def _new(self, c: dict[int, sp.Expr], prec: int) -> InverseRSeries:
        return InverseRSeries({k: self.norm(v) for k, v in c.items()}, prec, self.r,
                              norm=self.norm)

    def _coerce(self, other: Any) -> InverseRSeries:
        if isinstance(other, InverseRSeries):
            return other
        return InverseRSeries({0: as_expr(other, "other")}, EXACT, self.r, norm=self.norm)

    @property
    def valuation(self) -> int:
        """Lowest power k present (prec if none)."""
        return min(self.c) if self.c else self.prec

    def __add__(self, other: Any) -> InverseRSeries:
        o = self._coerce(other)
        prec = min(self.prec, o.prec)
        c = dict(self.c)
        for k, v in o.c.items():
            c[k] = c.get(k, sp.S.Zero) + v
        return self._new({k: v for k, v in c.items() if k < prec}, prec)

    __radd__ = __add__

    def __neg__(self) -> InverseRSeries:
        return InverseRSeries({k: -v for k, v in self.c.items()}, self.prec, self.r,
                              norm=self.norm)

    def __sub__(self, other: Any) -> InverseRSeries:
        return self + (-self._coerce(other))

    def __rsub__(self, other: Any) -> InverseRSeries:
        return self._coerce(other) - self

    def __mul__(self, other: Any) -> InverseRSeries:
        o = self._coerce(other)
        if not self.c and self.prec >= EXACT or not o.c and o.prec >= EXACT:
            return InverseRSeries({}, EXACT, self.r, norm=self.norm)
        prec = min(EXACT if self.prec >= EXACT else self.prec + o.valuation,
                   EXACT if o.prec >= EXACT else o.prec + self.valuation)
        c: dict[int, sp.Expr] = {}
        for i, a in self.c.items():
            for j, b in o.c.items():
                if i + j < prec:
                    c[i + j] = c.get(i + j, sp.S.Zero) + a * b
        return self._new(c, prec)

    __rmul__ = __mul__

    def inverse(self, prec: int) -> InverseRSeries:
        """1/self to absolute precision ``prec`` (or less, if self is truncated)."""
        prec = check_int(prec, "prec", low=-EXACT, high=EXACT)
        if not self.c:
            raise ValueError("division by a series with no known non-zero term")
        m = self.valuation
        lead = self.c[m]
        target = min(prec, self.prec - 2 * m) if self.prec < EXACT else prec
        n_terms = target + m  # powers x^(-m) ... x^(target-1)
        if n_terms > MAX_TERMS:
            raise ValueError(f"prec={prec} needs {n_terms} terms of 1/series (leading power "
                             f"r^{-m}); the limit is {MAX_TERMS} terms")
        # 1/(lead x^m (1 + e)) = x^-m / lead * Σ (-e)^j
        e = {k - m: v / lead for k, v in self.c.items() if k != m}
        out: dict[int, sp.Expr] = {0: sp.S.One}
        power: dict[int, sp.Expr] = {0: sp.S.One}
        for _ in range(1, max(n_terms, 1)):
            nxt: dict[int, sp.Expr] = {}
            for i, a in power.items():
                for j, b in e.items():
                    if i + j < n_terms:
                        nxt[i + j] = nxt.get(i + j, sp.S.Zero) - a * b
            power = {k: self.norm(v) for k, v in nxt.items() if v != 0}
            if not power:
                break
            for k, v in power.items():
                out[k] = out.get(k, sp.S.Zero) + v
        return self._new({k - m: v / lead for k, v in out.items() if k - m < target}, target)

    def __truediv__(self, other: Any) -> InverseRSeries:
        if isinstance(other, InverseRSeries):
            return self * other.inverse(-other.valuation + 12)
        other = as_expr(other, "other")
        if other == 0:
            raise ValueError("division of a series by zero (other == 0)")
        return self._new({k: v / other for k, v in self.c.items()}, self.prec)

    def diff(self, var: sp.Symbol) -> InverseRSeries:
        """∂/∂var; for var = r the precision grows by one (d/dr x^k = -k x^(k+1))."""
        _check_r(var, "var")
        if var == self.r:
            return self._new({k + 1: -k * v for k, v in self.c.items() if k != 0},
                             self.prec + 1 if self.prec < EXACT else EXACT)
        return self._new({k: sp.diff(v, var) for k, v in self.c.items()}, self.prec)

    def __eq__(self, other: Any) -> bool:
        # only an exact zero equals 0: a bare O(r**-k) is an unknown of that size, not zero
        if isinstance(other, (int, sp.Integer)) and other == 0:
            return not self.c and self.prec >= EXACT
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]

    def coeff(self, k: int) -> sp.Expr:
        """c_k, the coefficient of r^(-k); raises if k is beyond the precision."""
        k = check_int(k, "k", low=-EXACT, high=EXACT)
        if k >= self.prec:
            raise ValueError(f"the coefficient of r^{-k} is beyond the precision O(r^{-self.prec})")
        return self.c.get(k, sp.S.Zero)

    def as_expr(self, *, r: sp.Symbol | None = None) -> sp.Expr:
        """The truncated sum, with a sympy ``O`` term when the precision is finite."""
        r = self.r if r is None else _check_r(r)
        out = sp.Add(*[v * r ** (-k) for k, v in sorted(self.c.items())])
        if self.prec < EXACT:
            out += sp.O(r ** (-self.prec), (r, sp.oo))
        return out

    def __repr__(self) -> str:
        return f"InverseRSeries({self.as_expr()})"


class SeriesBackend:
    """Metric backend on :class:`InverseRSeries`; 1/det g is kept to ``order`` terms."""

    def __init__(self, coords: tuple[sp.Symbol, ...], r: sp.Symbol, order: int, *,
                 norm: Callable[[sp.Expr], sp.Expr] = sp.cancel) -> None:
        if r not in coords:
            raise ValueError(f"the expansion variable r={r} must be one of coords={coords}")
        self.coords, self.r, self.order, self.norm = coords, r, order, norm
        self.zero = InverseRSeries({}, EXACT, r, norm=norm)
        self.simp = lambda v: v

    def to(self, expr: sp.Expr) -> InverseRSeries:
        return InverseRSeries.from_expr(expr, self.r, order=self.order, norm=self.norm)

    def back(self, val: InverseRSeries) -> sp.Expr:
        return val.as_expr()

    def d(self, val: InverseRSeries, a: int) -> InverseRSeries:
        return val.diff(self.coords[a])

    def det(self, m: list[list[InverseRSeries]]) -> InverseRSeries:
        n = len(m)
        if n == 1:
            return m[0][0]
        total = self.zero
        for j in range(n):
            if m[0][j] == 0:
                continue
            minor = [row[:j] + row[j + 1:] for row in m[1:]]
            term = m[0][j] * self.det(minor)
            total = total + term if j % 2 == 0 else total - term
        return total

    def inverse(self, m: list[list[InverseRSeries]], det: InverseRSeries):
        n = len(m)
        # ``order`` counts terms relative to the leading one of 1/det
        inv_det = det.inverse(-det.valuation + self.order)
        out = [[self.zero] * n for _ in range(n)]
        for a in range(n):
            for b in range(n):
                minor = [row[:a] + row[a + 1:] for i, row in enumerate(m) if i != b]
                cof = self.det(minor) if n > 1 else InverseRSeries({0: sp.S.One}, EXACT,
                                                                    self.r, norm=self.norm)
                out[a][b] = cof * inv_det if (a + b) % 2 == 0 else -(cof * inv_det)
        return out
