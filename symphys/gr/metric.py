"""Curvature of a metric given as a sympy matrix in a coordinate chart.

Conventions (those of Wald, MTW and Carroll):

- signature mostly plus, e.g. (-,+,+,+); nothing below depends on it;
- Christoffel symbols ``Gamma[a, b, c]`` = Γ^a_{bc}
  = ½ g^{ad}(∂_b g_{dc} + ∂_c g_{db} - ∂_d g_{bc});
- Riemann ``R[a, b, c, d]`` = R^a_{bcd} = ∂_c Γ^a_{db} - ∂_d Γ^a_{cb} + Γ^a_{ce} Γ^e_{db}
  - Γ^a_{de} Γ^e_{cb}, so that [∇_c, ∇_d] V^a = R^a_{bcd} V^b and a round 2-sphere has R > 0;
- Ricci R_{bd} = R^a_{bad}; Einstein G_{ab} = R_{ab} - ½ R g_{ab} (+ Λ g_{ab} on request);
- Lie derivative (L_ξ g)_{ab} = ξ^c ∂_c g_{ab} + g_{cb} ∂_a ξ^c + g_{ac} ∂_b ξ^c.

Components are stored as sympy ``ImmutableDenseNDimArray`` with coordinate indices in the order
of ``coords``. No blanket ``simplify`` is applied. With ``simplify="auto"`` (the default) each
component is held in an exact canonical form, so that zero is decided exactly and no expression
tree ever needs simplifying:

- every g_{ab} rational in the symbols: sympy's sparse rational-function field QQ(x1, ..., xk),
  sums kept in lowest terms by polynomial gcds;
- rational in symbols, in sin/cos/tan/cot/sec/csc of (integer combinations of) symbols and in
  unknown functions of the symbols with their derivatives (Kerr in Boyer-Lindquist θ, Kerr-Vaidya):
  the function field of the circles, QQ(x..., f, f', ..., cos θ_i)[sin θ_i]/(sin² + cos² - 1),
  unknown functions and derivatives as generators with their derivative rule (a differential
  field), elements a_0 + a_1 sin θ in lowest terms (``symphys.gr._trigfield``). This is how
  the θ chart of Kerr is as fast as the rational x = cos θ chart, where ``sympy.cancel`` of the
  trigonometric trees (and EinsteinPy's ``simplify``) stalls for minutes;
- anything else (exp, sqrt, ...): ``sympy.cancel`` on each component.

Other choices: ``"cancel"``, ``None`` (the raw expressions), ``"simplify"``, ``"expand"``,
``"together"`` or any callable, applied to each computed component.
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

import sympy as sp

from symphys.gr._convert import MAX_DIM, as_expr, as_matrix, check_coords, check_int
from symphys.gr._trigfield import TrigFieldBackend
from symphys.gr.tensor import covariant_derivative, lie_derivative

__all__ = ["MAX_DIM", "MAX_ORDER", "Metric", "check_coords"]

#: Largest ``order`` (terms of 1/det g kept) in 1/r-series mode.
MAX_ORDER = 32

Normaliser = Callable[[sp.Expr], sp.Expr]

_NORMALISERS: dict[str, Normaliser] = {
    "cancel": sp.cancel,
    "simplify": sp.simplify,
    "expand": sp.expand,
    "together": sp.together,
}


def _normaliser(simplify: str | Normaliser | None | bool) -> Normaliser:
    if simplify is None or simplify is False:
        return lambda e: e
    if simplify is True:
        return sp.simplify
    if callable(simplify):
        user = simplify

        def checked(e: sp.Expr) -> sp.Expr:
            out = user(e)
            if not isinstance(out, sp.Expr):
                raise TypeError(f"simplify={user!r} returned {type(out).__name__}, "
                                "not a sympy expression")
            return out

        return checked
    if isinstance(simplify, str) and simplify in _NORMALISERS:
        return _NORMALISERS[simplify]
    err = ValueError if isinstance(simplify, str) else TypeError
    raise err(
        f"simplify={simplify!r} must be None, a callable or one of {sorted(_NORMALISERS)}"
    )


#: Names that usually denote a coordinate: a symbol so named that is not in ``coords`` is
#: most likely a chart mistake (``Metric(diag(-1, r**2), (t, x))``) and draws a warning.
_COORDINATE_NAME = re.compile(
    r"(t|r|x|y|z|u|v|w|rho|theta|phi|psi|chi|tau|varphi|vartheta|T|R|X|Y|Z|U|V)"
    r"(_?\d+|_[a-z]+)?"
)


def _check_symbols(g: sp.MatrixBase, coords: tuple[sp.Symbol, ...],
                   parameters: Any) -> tuple[sp.Symbol, ...]:
    """Validate ``parameters``; warn about coordinate-like symbols of g outside the chart."""
    if parameters is None:
        params: tuple[sp.Symbol, ...] = ()
        strict = False
    else:
        empty = isinstance(parameters, (list, tuple)) and not parameters
        params = () if empty else check_coords(parameters, name="parameters")
        strict = True
        clash = set(params) & set(coords)
        if clash:
            raise ValueError(f"parameters={params} and coords={coords} share "
                             f"{sorted(map(str, clash))}: a symbol is a coordinate or a "
                             "constant, not both")
    free: set[sp.Symbol] = set()
    for e in g:
        free |= sp.Add(*[t for t in sp.Add.make_args(e) if not isinstance(t, sp.Order)]
                       ).free_symbols
    stray = sorted((s for s in free - set(coords) - set(params)
                    if strict or _COORDINATE_NAME.fullmatch(s.name)), key=sp.default_sort_key)
    if stray:
        names = ", ".join(map(str, stray))
        verb = "it is" if len(stray) == 1 else "they are"
        warnings.warn(
            f"g depends on {names}, not among coords={coords}: {verb} "
            "held constant (no derivative is taken along it); add it to coords if it is a "
            "coordinate, or declare it with parameters=(...)", UserWarning, stacklevel=3)
    return params


def _length(g: Any) -> int:
    try:
        return len(g)
    except TypeError as exc:
        raise TypeError(f"g must be a sympy Matrix or a nested sequence, got "
                        f"{type(g).__name__}") from exc


def _tidy(expr: sp.Expr) -> sp.Expr:
    """Cheap normal form for derived tensors: cancel rational functions, else expand."""
    expr = sp.expand(expr)
    return sp.cancel(expr) if expr.has(sp.Pow) else expr


def _vanishes_identically(expr: sp.Expr) -> bool:
    """True if ``expr`` (free of undefined functions) is zero although ``cancel`` missed it.

    Probes two fixed generic real points first (cheap), and only then runs ``sympy.simplify``;
    catches trigonometric identities such as sin² + cos² - 1 in a determinant.
    """
    if expr.atoms(sp.core.function.AppliedUndef) or expr.atoms(sp.Derivative):
        return False
    syms = sorted(expr.free_symbols, key=sp.default_sort_key)
    for seed in (0.3183, 0.6931):
        point = {s: sp.Float(seed + 0.1 * k, 30) for k, s in enumerate(syms)}
        try:
            val = complex(expr.evalf(30, subs=point))
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if abs(val) > 1e-20:
            return False
    return sp.simplify(expr) == 0


class _SympyBackend:
    """Components are sympy expressions, passed through a normaliser after each step."""

    def __init__(self, coords: tuple[sp.Symbol, ...], simp: Normaliser) -> None:
        self.coords, self.simp = coords, simp
        self.zero = sp.S.Zero

    def to(self, expr: sp.Expr) -> sp.Expr:
        return expr

    def back(self, val: sp.Expr) -> sp.Expr:
        return val

    def d(self, val: sp.Expr, a: int) -> sp.Expr:
        return sp.diff(val, self.coords[a])


class _FieldBackend:
    """Components are elements of sympy's sparse rational-function field QQ(x1, ..., xk).

    Used when every g_{ab} is a rational function of the coordinates and parameters: each
    sum is kept in lowest terms by polynomial gcds, much faster than ``cancel`` on trees.
    """

    def __init__(self, coords: tuple[sp.Symbol, ...], entries: list[sp.Expr]) -> None:
        from sympy.polys.fields import field

        syms = set(coords)
        for e in entries:
            syms |= e.free_symbols
        self.gens_syms = sorted(syms, key=sp.default_sort_key)
        self.K, *gens = field(self.gens_syms, sp.QQ)
        index = {s: i for i, s in enumerate(self.gens_syms)}
        self.coord_gens = [gens[index[c]] for c in coords]
        self.simp = lambda v: v
        self.zero = self.K.zero

    @staticmethod
    def applies(entries: list[sp.Expr]) -> bool:
        for e in entries:
            if e.atoms(sp.Function) or e.atoms(sp.Derivative):
                return False
            if any(not n.is_Rational for n in e.atoms(sp.Number)):
                return False
            if any(not (isinstance(p.exp, sp.Integer)) for p in e.atoms(sp.Pow)):
                return False
            if e.atoms(sp.NumberSymbol) or e.has(sp.I):
                return False
        return True

    def to(self, expr: sp.Expr):
        return self.K.from_expr(expr)

    def back(self, val) -> sp.Expr:
        return sp.factor_terms(val.as_expr()) if val != 0 else sp.S.Zero

    def d(self, val, a: int):
        return val.diff(self.coord_gens[a])


class Metric:
    """A (pseudo-)Riemannian metric g_{ab} in a chart ``coords``; curvature on demand.

    Parameters
    ----------
    g : sympy.Matrix or nested sequence
        Square (n, n), symmetric and non-degenerate.
    coords : sequence of sympy.Symbol
        n distinct symbols, the chart; ``g[a, b]`` is g(∂_a, ∂_b).
    simplify : str, callable or None, keyword-only
        How each computed component is normalised. ``"auto"`` (default): exact arithmetic in
        a canonical form (see the module docstring): rational functions of the symbols in
        lowest terms, or, for metrics rational in sin/cos of symbols and in unknown functions,
        the function field of the circle (sin² θ = 1 - cos² θ built in); zero is decided
        exactly, never by a numeric test. Else ``"cancel"``. Also ``"cancel"``,
        ``"simplify"``, ``"expand"``, ``"together"``, ``None`` (raw) or any callable.
    expand_in : sympy.Symbol or None, keyword-only
        A coordinate r: compute everything as truncated series in 1/r
        (:class:`~symphys.gr.series.InverseRSeries`; results carry an ``O(r**-k)`` term).
    order : int, keyword-only
        In that mode, the number of terms of 1/det(g) kept (default 6). A result is exact or
        carries its ``O(r**-k)`` term: a component known only up to its order term is that
        term, never 0.
    parameters : sequence of sympy.Symbol or None, keyword-only
        The constants of the metric (M, a, Λ, ...). With None (default), a symbol of g that is
        not in ``coords`` but is named like a coordinate (t, r, x, theta, x1, ...) draws a
        ``UserWarning`` (it would be held constant: ``Metric(diag(-1, r**2), (t, x))`` is
        almost surely a wrong chart); with a sequence, every symbol of g outside ``coords``
        and ``parameters`` warns.

    Notes
    -----
    Results are cached on the instance. See the module docstring for index conventions.

    Examples
    --------
    >>> t, r, th, ph, M = sp.symbols("t r theta phi M", positive=True)
    >>> f = 1 - 2*M/r
    >>> g = sp.diag(-f, 1/f, r**2, r**2*sp.sin(th)**2)
    >>> schw = Metric(g, (t, r, th, ph))
    >>> schw.ricci() == sp.zeros(4, 4)
    True
    >>> sp.factor(schw.kretschmann())
    48*M**2/r**6
    """

    def __init__(
        self,
        g: sp.MatrixBase | Sequence[Sequence[Any]],
        coords: Sequence[sp.Symbol],
        *,
        simplify: str | Normaliser | None | bool = "auto",
        expand_in: sp.Symbol | None = None,
        order: int = 6,
        parameters: Sequence[sp.Symbol] | None = None,
    ) -> None:
        coords = check_coords(coords)
        rows = g.rows if isinstance(g, sp.MatrixBase) else _length(g)
        if rows > MAX_DIM:
            raise ValueError(f"g has {rows} rows: the limit is dimension <= {MAX_DIM}")
        g = as_matrix(g, "g")
        if g.rows != g.cols:
            raise ValueError(f"g must be square, got shape {g.shape}")
        if g.rows != len(coords):
            raise ValueError(
                f"g is {g.rows}x{g.cols} but coords has {len(coords)} entries: they must match"
            )
        if any(g[a, b] != g[b, a] and sp.expand(g[a, b] - g[b, a]).removeO() != 0
               for a in range(g.rows) for b in range(a)):
            raise ValueError("g must be symmetric (g[a, b] == g[b, a])")
        self.parameters = _check_symbols(g, coords, parameters)
        self.g = g
        self.coords = coords
        self.dim = n = len(coords)
        entries = list(g)
        auto = isinstance(simplify, str) and simplify == "auto"
        if expand_in is not None:
            from symphys.gr.series import SeriesBackend

            order = check_int(order, "order", low=1, high=MAX_ORDER,
                              why=" (terms of 1/det g kept in 1/r-series mode)")
            if not isinstance(expand_in, sp.Symbol):
                raise TypeError(f"expand_in={expand_in!r} must be a sympy Symbol (a coordinate)")
            norm = sp.cancel if auto else _normaliser(simplify)
            self._be = SeriesBackend(coords, expand_in, int(order), norm=norm)
        elif auto:
            if _FieldBackend.applies(entries):
                self._be: Any = _FieldBackend(coords, entries)
            elif TrigFieldBackend.applies(entries, coords):
                self._be = TrigFieldBackend(coords, entries)
            else:
                self._be = _SympyBackend(coords, sp.cancel)
        else:
            self._be = _SympyBackend(coords, _normaliser(simplify))
        self._simp = self._be.simp
        self._g = [[self._be.to(g[a, b]) for b in range(n)] for a in range(n)]
        if self._det_raw == 0 or (isinstance(self._be, _SympyBackend)
                                  and _vanishes_identically(self._det_raw)):
            raise ValueError("g is degenerate: det(g) == 0")

    def __repr__(self) -> str:
        return f"Metric(dim={self.dim}, coords={self.coords})"

    # ------------------------------------------------------------------ raw (backend) parts
    @cached_property
    def _det_raw(self):
        if hasattr(self._be, "det"):
            return self._be.det(self._g)
        if isinstance(self._be, _FieldBackend):
            from sympy.polys.matrices import DomainMatrix

            dm = DomainMatrix(self._g, (self.dim, self.dim), self._be.K.to_domain())
            return dm.det()
        return self._simp(self.g.det(method="berkowitz"))

    @cached_property
    def _inv_raw(self):
        n = self.dim
        if hasattr(self._be, "inverse"):
            return self._be.inverse(self._g, self._det_raw)
        if isinstance(self._be, _FieldBackend):
            from sympy.polys.matrices import DomainMatrix

            inv = DomainMatrix(self._g, (n, n), self._be.K.to_domain()).inv().to_list()
            return inv
        adj = self.g.adjugate(method="berkowitz")
        det = self._det_raw
        return [[self._simp(adj[a, b] / det) for b in range(n)] for a in range(n)]

    def _sum(self, terms) -> Any:
        total = self._be.zero
        for t in terms:
            total = total + t
        return total

    @cached_property
    def _gamma_raw(self):
        n, g, ginv, d = self.dim, self._g, self._inv_raw, self._be.d
        dg = [[[d(g[b][c], a) for c in range(n)] for b in range(n)] for a in range(n)]
        # first kind: Gamma_{d b c} = 1/2 (d_b g_dc + d_c g_db - d_d g_bc)
        low = [[[(dg[b][e][c] + dg[c][e][b] - dg[e][b][c]) for c in range(n)]
                for b in range(n)] for e in range(n)]
        gam = [[[self._be.zero] * n for _ in range(n)] for _ in range(n)]
        for a in range(n):
            for b in range(n):
                for c in range(b, n):
                    val = self._sum(ginv[a][e] * low[e][b][c] for e in range(n)
                                    if ginv[a][e] != 0 and low[e][b][c] != 0)
                    gam[a][b][c] = gam[a][c][b] = self._simp(val / 2)
        return gam

    @cached_property
    def _riemann_raw(self):
        n, gam, d = self.dim, self._gamma_raw, self._be.d
        zero = self._be.zero
        R = [[[[zero] * n for _ in range(n)] for _ in range(n)] for _ in range(n)]
        for a in range(n):
            for b in range(n):
                for c in range(n):
                    for e in range(c + 1, n):
                        val = d(gam[a][e][b], c) - d(gam[a][c][b], e)
                        val = val + self._sum(
                            gam[a][c][f] * gam[f][e][b] - gam[a][e][f] * gam[f][c][b]
                            for f in range(n))
                        val = self._simp(val)
                        R[a][b][c][e] = val
                        R[a][b][e][c] = -val
        return R

    @cached_property
    def _riemann_lower_raw(self):
        n, R, g = self.dim, self._riemann_raw, self._g
        return [[[[self._simp(self._sum(g[a][e] * R[e][b][c][f] for e in range(n)
                                        if g[a][e] != 0))
                   for f in range(n)] for c in range(n)] for b in range(n)] for a in range(n)]

    @cached_property
    def _ricci_raw(self):
        # directly from Γ (R_bd = R^a_{bad}) without building the whole Riemann tensor
        n, gam, d = self.dim, self._gamma_raw, self._be.d
        ric = [[self._be.zero] * n for _ in range(n)]
        trace = [self._sum(gam[a][a][e] for a in range(n)) for e in range(n)]
        for b in range(n):
            for e in range(b, n):
                val = self._sum(d(gam[a][b][e], a) for a in range(n)) - d(trace[b], e)
                val = val + self._sum(trace[f] * gam[f][b][e] for f in range(n))
                val = val - self._sum(gam[a][e][f] * gam[f][a][b]
                                      for a in range(n) for f in range(n))
                ric[b][e] = ric[e][b] = self._simp(val)
        return ric

    @cached_property
    def _scalar_raw(self):
        n, ric, ginv = self.dim, self._ricci_raw, self._inv_raw
        return self._simp(self._sum(ginv[a][b] * ric[a][b] for a in range(n) for b in range(n)
                                    if ginv[a][b] != 0))

    def _matrix(self, raw) -> sp.ImmutableMatrix:
        back = self._be.back
        return sp.ImmutableMatrix(self.dim, self.dim, lambda a, b: back(raw[a][b]))

    def _array(self, raw, rank: int) -> sp.ImmutableDenseNDimArray:
        n, back = self.dim, self._be.back
        flat = []
        for idx in itertools.product(range(n), repeat=rank):
            v = raw
            for i in idx:
                v = v[i]
            flat.append(back(v))
        return sp.ImmutableDenseNDimArray(flat, (n,) * rank)

    # ------------------------------------------------------------------------ public API
    @cached_property
    def det(self) -> sp.Expr:
        """det g_{ab}; zero means the metric is degenerate.

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, x**2), (x, y)).det
        x**2
        """
        return self._be.back(self._det_raw)

    @cached_property
    def inverse(self) -> sp.ImmutableMatrix:
        """g^{ab}, the inverse metric, shape (n, n).

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, x**2), (x, y)).inverse
        Matrix([
        [1,       0],
        [0, x**(-2)]])
        """
        return self._matrix(self._inv_raw)

    def christoffel(self) -> sp.ImmutableDenseNDimArray:
        """Γ^a_{bc}, shape (n, n, n), index order [a, b, c]; symmetric in b, c.

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, x**2), (x, y)).christoffel()[1, 0, 1]
        1/x
        """
        return self._array(self._gamma_raw, 3)

    def riemann(self) -> sp.ImmutableDenseNDimArray:
        """R^a_{bcd}, shape (n, n, n, n), antisymmetric in (c, d); see the module conventions.

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> s2 = Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph))
        >>> s2.riemann()[0, 1, 0, 1]
        sin(theta)**2
        """
        return self._array(self._riemann_raw, 4)

    def riemann_lower(self) -> sp.ImmutableDenseNDimArray:
        """R_{abcd} = g_{ae} R^e_{bcd}, shape (n, n, n, n).

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).riemann_lower()[0, 1, 0, 1]
        a**2*sin(theta)**2
        """
        return self._array(self._riemann_lower_raw, 4)

    def ricci(self) -> sp.ImmutableMatrix:
        """R_{bd} = R^a_{bad}, shape (n, n), symmetric.

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).ricci()
        Matrix([
        [1,             0],
        [0, sin(theta)**2]])
        """
        return self._matrix(self._ricci_raw)

    def ricci_scalar(self) -> sp.Expr:
        """R = g^{ab} R_{ab} (a 2-sphere of radius a has R = 2/a²).

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).ricci_scalar()
        2/a**2
        """
        return self._be.back(self._scalar_raw)

    def einstein(self, *, cosmological_constant: Any = 0) -> sp.ImmutableMatrix:
        """G_{ab} + Λ g_{ab} = R_{ab} - ½ R g_{ab} + Λ g_{ab}, shape (n, n).

        Vacuum with cosmological constant Λ is ``einstein(Λ) == 0``.

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, 1), (x, y)).einstein()
        Matrix([
        [0, 0],
        [0, 0]])
        """
        n, ric, R, g = self.dim, self._ricci_raw, self._scalar_raw, self._g
        lam = self._be.to(as_expr(cosmological_constant, "cosmological_constant"))
        raw = [[self._simp(ric[a][b] - R * g[a][b] / 2 + lam * g[a][b]) for b in range(n)]
               for a in range(n)]
        return self._matrix(raw)

    def weyl(self) -> sp.ImmutableDenseNDimArray:
        """The Weyl tensor C_{abcd} (all indices down), shape (n, n, n, n); needs n >= 3.

        C_{abcd} = R_{abcd} - 2/(n-2) (g_{a[c} R_{d]b} - g_{b[c} R_{d]a})
        + 2/((n-1)(n-2)) R g_{a[c} g_{d]b}.
        It vanishes identically for n = 3 and for conformally flat metrics.

        >>> t, x, y, z = sp.symbols("t x y z")
        >>> a = sp.Function("a")(t)
        >>> flrw = Metric(sp.diag(-1, a**2, a**2, a**2), (t, x, y, z))
        >>> flrw.weyl() == sp.ImmutableDenseNDimArray.zeros(4, 4, 4, 4)
        True
        """
        if self.dim < 3:
            raise ValueError(f"the Weyl tensor needs dimension >= 3, the metric has "
                             f"dim={self.dim}")
        return self._array(self._weyl_raw, 4)

    @cached_property
    def _weyl_raw(self):
        n = self.dim
        Rl, ric, R, g = self._riemann_lower_raw, self._ricci_raw, self._scalar_raw, self._g

        def comp(a: int, b: int, c: int, d: int):
            val = Rl[a][b][c][d]
            val = val - (g[a][c] * ric[d][b] - g[a][d] * ric[c][b]
                         - g[b][c] * ric[d][a] + g[b][d] * ric[c][a]) / (n - 2)
            val = val + R * (g[a][c] * g[d][b] - g[a][d] * g[c][b]) / ((n - 1) * (n - 2))
            return self._simp(val)

        zero = self._be.zero
        raw = [[[[zero] * n for _ in range(n)] for _ in range(n)] for _ in range(n)]
        # the symmetries of C_{abcd}: antisymmetric pairs, pair-exchange symmetric
        for a, b in itertools.combinations(range(n), 2):
            for c, d in itertools.combinations(range(n), 2):
                if (c, d) < (a, b):
                    val = raw[c][d][a][b]
                else:
                    val = comp(a, b, c, d)
                raw[a][b][c][d] = raw[b][a][d][c] = val
                raw[b][a][c][d] = raw[a][b][d][c] = -val if val != 0 else val
        return raw

    def kretschmann(self) -> sp.Expr:
        """K = R_{abcd} R^{abcd} (Schwarzschild: 48 M²/r⁶).

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).kretschmann()
        4/a**4
        """
        return self._be.back(self._kretschmann_raw)

    @cached_property
    def _mixed_riemann_raw(self) -> dict[tuple[int, int, int, int], Any]:
        """R^{ab}_{cd} = g^{be} R^a_{ecd} for a < b, c < d (the bivector matrix)."""
        n, R, ginv = self.dim, self._riemann_raw, self._inv_raw
        pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
        return {(a, b, c, d): self._simp(self._sum(
                    ginv[b][e] * R[a][e][c][d] for e in range(n)
                    if ginv[b][e] != 0 and R[a][e][c][d] != 0))
                for a, b in pairs for c, d in pairs}

    @cached_property
    def _kretschmann_raw(self):
        # K = R^{ab}_{cd} R^{cd}_{ab} = 4 Σ_{a<b, c<d} (pair symmetry R_{abcd} = R_{cdab})
        up = self._mixed_riemann_raw
        total = self._sum(up[k] * up[k[2:] + k[:2]] for k in up
                          if up[k] != 0 and up[k[2:] + k[:2]] != 0)
        return self._simp(total * 4)

    def lie_derivative(self, vector: Sequence[Any]) -> sp.ImmutableMatrix:
        """(L_ξ g)_{ab} = ξ^c ∂_c g_{ab} + g_{cb} ∂_a ξ^c + g_{ac} ∂_b ξ^c, shape (n, n).

        ``vector`` holds the components ξ^a in the order of ``coords``.

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, 1), (x, y)).lie_derivative([-y, x])   # a rotation is Killing
        Matrix([
        [0, 0],
        [0, 0]])
        """
        out = lie_derivative(self.g, vector, self.coords, "dd")
        return sp.ImmutableMatrix(self.dim, self.dim, lambda a, b: _tidy(out[a, b]))

    def killing_equations(self, vector: Sequence[Any]) -> list[sp.Expr]:
        """The non-trivial Killing equations (L_ξ g)_{ab} = 0 for a <= b, as expressions.

        An empty list means ``vector`` is a Killing vector.

        >>> x, y = sp.symbols("x y")
        >>> f = sp.Function("f")(x, y)
        >>> Metric(sp.diag(1, 1), (x, y)).killing_equations([f, 0])
        [2*Derivative(f(x, y), x), Derivative(f(x, y), y)]
        """
        L = self.lie_derivative(vector)
        return [L[a, b] for a in range(self.dim) for b in range(a, self.dim) if L[a, b] != 0]

    def covariant_derivative(self, tensor: Any, positions: str) -> sp.ImmutableDenseNDimArray:
        """∇_c T^{a..}_{b..}: the derivative index is appended last, shape (n,)*(rank+1).

        ``positions`` gives each index of ``tensor`` as ``"u"`` (up) or ``"d"`` (down),
        e.g. ``"u"`` for a vector, ``"dd"`` for g_{ab}, ``""`` for a scalar.

        >>> x, y = sp.symbols("x y")
        >>> m = Metric(sp.diag(1, x**2), (x, y))
        >>> m.covariant_derivative(m.g, "dd")   # metric compatibility
        [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]
        """
        out = covariant_derivative(tensor, positions, self.christoffel(), self.coords)
        return out.applyfunc(_tidy)

