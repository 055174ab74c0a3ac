"""Curvature of a metric given as a sympy matrix in a coordinate chart.

Conventions (those of Wald, MTW and Carroll):

- signature mostly plus, e.g. (-,+,+,+); nothing below depends on it;
- Christoffel symbols ``Gamma[a, b, c]`` = Γ^a_{bc} = ½ g^{ad}(∂_b g_{dc} + ∂_c g_{db} - ∂_d g_{bc});
- Riemann ``R[a, b, c, d]`` = R^a_{bcd} = ∂_c Γ^a_{db} - ∂_d Γ^a_{cb} + Γ^a_{ce} Γ^e_{db}
  - Γ^a_{de} Γ^e_{cb}, so that [∇_c, ∇_d] V^a = R^a_{bcd} V^b and a round 2-sphere has R > 0;
- Ricci R_{bd} = R^a_{bad}; Einstein G_{ab} = R_{ab} - ½ R g_{ab} (+ Λ g_{ab} on request);
- Lie derivative (L_ξ g)_{ab} = ξ^c ∂_c g_{ab} + g_{cb} ∂_a ξ^c + g_{ac} ∂_b ξ^c.

Components are stored as sympy ``ImmutableDenseNDimArray`` with coordinate indices in the order
of ``coords``. No blanket ``simplify`` is applied: each component is passed through the
``simplify`` normaliser chosen at construction (``"cancel"`` by default, which keeps rational
functions of the coordinates in lowest terms; ``None`` leaves the raw expressions; any callable
is used as given). Blanket ``sympy.simplify`` of every Riemann component is what makes
EinsteinPy stall on the 4D Bondi-Sachs metric.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

import sympy as sp

from symphys.gr.tensor import covariant_derivative, lie_derivative

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
        return simplify
    if isinstance(simplify, str) and simplify in _NORMALISERS:
        return _NORMALISERS[simplify]
    raise ValueError(
        f"simplify={simplify!r} must be None, a callable or one of {sorted(_NORMALISERS)}"
    )


def check_coords(coords: Sequence[Any], name: str = "coords") -> tuple[sp.Symbol, ...]:
    """Validate a coordinate list: distinct sympy symbols. Returns them as a tuple.

    >>> check_coords(sp.symbols("t x"))
    (t, x)
    """
    coords = tuple(coords)
    if not coords:
        raise ValueError(f"{name} must hold at least one coordinate symbol")
    for c in coords:
        if not isinstance(c, sp.Symbol):
            raise TypeError(f"{name} must hold sympy Symbols, got {c!r} of type {type(c).__name__}")
    if len(set(coords)) != len(coords):
        raise ValueError(f"{name}={coords} holds a repeated coordinate")
    return coords


class Metric:
    """A (pseudo-)Riemannian metric g_{ab} in a chart ``coords``; curvature on demand.

    Parameters
    ----------
    g : square sympy Matrix (n, n), symmetric and non-degenerate.
    coords : n distinct sympy Symbols, the chart; ``g[a, b]`` is g(∂_a, ∂_b).
    simplify : normaliser applied to each computed component: ``"cancel"`` (default),
        ``"simplify"``, ``"expand"``, ``"together"``, ``None`` (raw) or a callable.

    Results are cached on the instance. See the module docstring for index conventions.

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
        simplify: str | Normaliser | None | bool = "cancel",
    ) -> None:
        if not isinstance(g, sp.MatrixBase):
            try:
                g = sp.Matrix(g)
            except (TypeError, ValueError) as exc:
                raise TypeError(f"g must be a sympy Matrix or nested sequence: {exc}") from exc
        g = sp.ImmutableMatrix(g)
        coords = check_coords(coords)
        if g.rows != g.cols:
            raise ValueError(f"g must be square, got shape {g.shape}")
        if g.rows != len(coords):
            raise ValueError(
                f"g is {g.rows}x{g.cols} but coords has {len(coords)} entries: they must match"
            )
        if any(sp.expand(g[a, b] - g[b, a]) != 0 for a in range(g.rows) for b in range(a)):
            raise ValueError("g must be symmetric (g[a, b] == g[b, a])")
        self.g = g
        self.coords = coords
        self.dim = len(coords)
        self._simp = _normaliser(simplify)
        det = self.det
        if det == 0:
            raise ValueError("g is degenerate: det(g) == 0")

    def __repr__(self) -> str:
        return f"Metric(dim={self.dim}, coords={self.coords})"

    @cached_property
    def det(self) -> sp.Expr:
        """det g_{ab} (normalised); zero means the metric is degenerate."""
        return self._simp(self.g.det(method="berkowitz"))

    @cached_property
    def inverse(self) -> sp.ImmutableMatrix:
        """g^{ab}, the inverse metric, shape (n, n).

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, x**2), (x, y)).inverse
        Matrix([
        [1,       0],
        [0, x**(-2)]])
        """
        n = self.dim
        adj = self.g.adjugate(method="berkowitz")
        det = self.det
        return sp.ImmutableMatrix(n, n, lambda a, b: self._simp(adj[a, b] / det))

    def _d(self, expr: sp.Expr, a: int) -> sp.Expr:
        return sp.diff(expr, self.coords[a])

    def christoffel(self) -> sp.ImmutableDenseNDimArray:
        """Γ^a_{bc}, shape (n, n, n), index order [a, b, c]; symmetric in b, c.

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, x**2), (x, y)).christoffel()[1, 0, 1]
        1/x
        """
        if "_gamma" not in self.__dict__:
            n, g, ginv = self.dim, self.g, self.inverse
            dg = [[[self._d(g[b, c], a) for c in range(n)] for b in range(n)] for a in range(n)]
            # first kind: Gamma_{d b c} = 1/2 (d_b g_dc + d_c g_db - d_d g_bc)
            low = [[[(dg[b][d][c] + dg[c][d][b] - dg[d][b][c]) / 2 for c in range(n)]
                    for b in range(n)] for d in range(n)]
            gam = {}
            for a in range(n):
                for b in range(n):
                    for c in range(b, n):
                        val = sum((ginv[a, d] * low[d][b][c] for d in range(n)
                                   if ginv[a, d] != 0 and low[d][b][c] != 0), sp.S.Zero)
                        gam[a, b, c] = gam[a, c, b] = self._simp(val)
            self._gamma = sp.ImmutableDenseNDimArray(
                [[[gam[a, b, c] for c in range(n)] for b in range(n)] for a in range(n)],
                (n, n, n),
            )
        return self._gamma

    def riemann(self) -> sp.ImmutableDenseNDimArray:
        """R^a_{bcd}, shape (n, n, n, n), antisymmetric in (c, d); see the module conventions.

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> s2 = Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph))
        >>> s2.riemann()[0, 1, 0, 1]
        sin(theta)**2
        """
        if "_riemann" not in self.__dict__:
            n, gam = self.dim, self.christoffel()
            comp = {}
            for a in range(n):
                for b in range(n):
                    for c in range(n):
                        comp[a, b, c, c] = sp.S.Zero
                        for d in range(c + 1, n):
                            val = self._d(gam[a, d, b], c) - self._d(gam[a, c, b], d)
                            val += sum((gam[a, c, e] * gam[e, d, b] - gam[a, d, e] * gam[e, c, b]
                                        for e in range(n)), sp.S.Zero)
                            val = self._simp(val)
                            comp[a, b, c, d] = val
                            comp[a, b, d, c] = -val
            self._riemann = sp.ImmutableDenseNDimArray(
                [[[[comp[a, b, c, d] for d in range(n)] for c in range(n)] for b in range(n)]
                 for a in range(n)], (n, n, n, n))
        return self._riemann

    def riemann_lower(self) -> sp.ImmutableDenseNDimArray:
        """R_{abcd} = g_{ae} R^e_{bcd}, shape (n, n, n, n).

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).riemann_lower()[0, 1, 0, 1]
        a**2*sin(theta)**2
        """
        if "_riemann_lower" not in self.__dict__:
            n, R, g = self.dim, self.riemann(), self.g
            self._riemann_lower = sp.ImmutableDenseNDimArray(
                [[[[self._simp(sum((g[a, e] * R[e, b, c, d] for e in range(n) if g[a, e] != 0),
                                   sp.S.Zero))
                    for d in range(n)] for c in range(n)] for b in range(n)] for a in range(n)],
                (n, n, n, n))
        return self._riemann_lower

    def ricci(self) -> sp.ImmutableMatrix:
        """R_{bd} = R^a_{bad}, shape (n, n), symmetric.

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).ricci()
        Matrix([
        [1,             0],
        [0, sin(theta)**2]])
        """
        if "_ricci" not in self.__dict__:
            n, R = self.dim, self.riemann()
            comp = {}
            for b in range(n):
                for d in range(b, n):
                    comp[b, d] = comp[d, b] = self._simp(
                        sum((R[a, b, a, d] for a in range(n)), sp.S.Zero))
            self._ricci = sp.ImmutableMatrix(n, n, lambda b, d: comp[b, d])
        return self._ricci

    def ricci_scalar(self) -> sp.Expr:
        """R = g^{ab} R_{ab} (a 2-sphere of radius a has R = 2/a²).

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).ricci_scalar()
        2/a**2
        """
        if "_scalar" not in self.__dict__:
            n, ric, ginv = self.dim, self.ricci(), self.inverse
            self._scalar = self._simp(sum((ginv[a, b] * ric[a, b] for a in range(n)
                                           for b in range(n) if ginv[a, b] != 0), sp.S.Zero))
        return self._scalar

    def einstein(self, cosmological_constant: Any = 0) -> sp.ImmutableMatrix:
        """G_{ab} + Λ g_{ab} = R_{ab} - ½ R g_{ab} + Λ g_{ab}, shape (n, n).

        Vacuum with cosmological constant Λ is ``einstein(Λ) == 0``.

        >>> x, y = sp.symbols("x y")
        >>> Metric(sp.diag(1, 1), (x, y)).einstein()
        Matrix([
        [0, 0],
        [0, 0]])
        """
        ric, R, g = self.ricci(), self.ricci_scalar(), self.g
        lam = sp.sympify(cosmological_constant)
        return sp.ImmutableMatrix(self.dim, self.dim, lambda a, b: self._simp(
            ric[a, b] - R * g[a, b] / 2 + lam * g[a, b]))

    def weyl(self) -> sp.ImmutableDenseNDimArray:
        """The Weyl tensor C_{abcd} (all indices down), shape (n, n, n, n); needs n >= 3.

        C_{abcd} = R_{abcd} - 2/(n-2) (g_{a[c} R_{d]b} - g_{b[c} R_{d]a}) + 2/((n-1)(n-2)) R g_{a[c} g_{d]b}.
        It vanishes identically for n = 3 and for conformally flat metrics.

        >>> t, x, y, z = sp.symbols("t x y z")
        >>> a = sp.Function("a")(t)
        >>> flrw = Metric(sp.diag(-1, a**2, a**2, a**2), (t, x, y, z))
        >>> flrw.weyl() == sp.ImmutableDenseNDimArray.zeros(4, 4, 4, 4)
        True
        """
        n = self.dim
        if n < 3:
            raise ValueError(f"the Weyl tensor needs dimension >= 3, the metric has dim={n}")
        Rl, ric, R, g = self.riemann_lower(), self.ricci(), self.ricci_scalar(), self.g

        def comp(a: int, b: int, c: int, d: int) -> sp.Expr:
            val = Rl[a, b, c, d]
            val -= (g[a, c] * ric[d, b] - g[a, d] * ric[c, b]
                    - g[b, c] * ric[d, a] + g[b, d] * ric[c, a]) / (n - 2)
            val += R * (g[a, c] * g[d, b] - g[a, d] * g[c, b]) / ((n - 1) * (n - 2))
            return self._simp(val)

        return sp.ImmutableDenseNDimArray(
            [[[[comp(a, b, c, d) for d in range(n)] for c in range(n)] for b in range(n)]
             for a in range(n)], (n, n, n, n))

    def kretschmann(self) -> sp.Expr:
        """K = R_{abcd} R^{abcd} (Schwarzschild: 48 M²/r⁶).

        >>> th, ph, a = sp.symbols("theta phi a", positive=True)
        >>> Metric(sp.diag(a**2, a**2*sp.sin(th)**2), (th, ph)).kretschmann()
        4/a**4
        """
        n, R, ginv = self.dim, self.riemann(), self.inverse
        # K = R^a_{bcd} R_a^{bcd}; raise b, c, d of R_{abcd} one slot at a time
        Rl = self.riemann_lower()
        up = {idx: Rl[idx] for idx in itertools.product(range(n), repeat=4)}
        for slot in (1, 2, 3):
            new = {}
            for idx in up:
                val = sp.S.Zero
                for f in range(n):
                    j = idx[:slot] + (f,) + idx[slot + 1:]
                    if ginv[idx[slot], f] != 0 and up[j] != 0:
                        val += ginv[idx[slot], f] * up[j]
                new[idx] = val
            up = new
        total = sum((R[i] * up[i] for i in up if R[i] != 0), sp.S.Zero)
        return self._simp(total)

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
        return sp.ImmutableMatrix(self.dim, self.dim, lambda a, b: self._simp(out[a, b]))

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
        return out.applyfunc(self._simp)

