"""A covariant-phase-space engine: from a metric ansatz to its asymptotic symmetry algebra.

:class:`AsymptoticProblem` takes a three-dimensional metric ansatz in a Bondi-type chart
(u, r, φ) whose free data are undefined functions of (u, φ) (the *fields*), gauge conditions
(components of g whose variation must vanish) and fall-offs (how fast the other components
may vary at large r), and derives, without anything typed in:

1. the field equations (Einstein's, with a cosmological constant Λ) order by order in 1/r,
   reduced to an independent set (:meth:`~AsymptoticProblem.field_equations`);
2. their general solution in terms of data at u = 0 (:meth:`~AsymptoticProblem.solution_space`),
   coupled systems included: ∂_u V = A(∂_φ) V is integrated as V(u) = exp(u A(∂_φ)) V(0), so
   AdS3's coupled ∂_u Θ = 2N'/l², ∂_u N = Θ'/2 gives left and right movers;
3. the asymptotic Killing vectors, integrated in r from the gauge conditions and then in u from
   the fall-offs (:meth:`~AsymptoticProblem.killing_vectors`), parametrised by their data at
   u = 0 (``T(φ)``, ``Y(φ)`` by default);
4. the transformation laws of the data, δ_ξ g = L_ξ g (``sign="lie"``) or -L_ξ g
   (``sign="barnich-troessaert"``) (:meth:`~AsymptoticProblem.variations`);
5. the surface charges from the Barnich-Brandt or Iyer-Wald forms, with an integrability check
   (:meth:`~AsymptoticProblem.charges`, :meth:`~AsymptoticProblem.charge`);
6. the algebra: the modified bracket [ξ1, ξ2]_M = [ξ1, ξ2] - δ_ξ1 ξ2 + δ_ξ2 ξ1 and the
   central extension K of {Q_1, Q_2} := δ_ξ2 Q_ξ1 = Q_[ξ1,ξ2] + K, with central charges read
   off in modes (:meth:`~AsymptoticProblem.algebra`).

Quantities at u = 0 (laws of the data, charges, algebra) are computed with the solution
expanded to a fixed order in u (``taylor_order``): exact, since only a few u-derivatives are
ever taken before u is set to 0; when the evolution is nilpotent (flat space) the expansion is
the exact solution.

Conventions: signature (-,+,+), φ ~ φ + 2π, ' = ∂_φ; the charge is
δQ_ξ = (1/16πG) ∮ k_ξ^{ur} dφ (ε_{urφ} = +1), normalised to vanish when every field vanishes.
References: Barnich & Compère, arXiv:gr-qc/0610130; Barnich & Brandt, arXiv:hep-th/0111246;
Iyer & Wald, arXiv:gr-qc/9403028; Compère & Fiorucci, arXiv:1801.07064; Barnich, Gomberoff &
González, arXiv:1204.3288 (AdS3 in Bondi gauge and its flat limit).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symphys.gr._convert import as_expr, as_matrix, check_coords, check_finite, check_int
from symphys.gr._fourier import check_expandable, integrate_circle, is_periodic, shift_difference
from symphys.gr._solve import evolution_matrix, integrate_evolution, integrate_hierarchy
from symphys.gr.expansion import inverse_power_coefficients
from symphys.gr.metric import Metric
from symphys.gr.surface_charges import barnich_brandt, iyer_wald

__all__ = ["AsymptoticProblem", "MAX_FALLOFF", "MAX_TAYLOR_ORDER", "check_periodic",
           "integrate_by_parts"]

#: Largest ``taylor_order`` (powers of u kept in the expanded solution).
MAX_TAYLOR_ORDER = 8

#: Largest ``|k|`` of a fall-off δg_ab = O(r^k) (the check expands L_ξ g to 1 - k orders in
#: 1/r).
MAX_FALLOFF = 16

_FORMULAS = ("barnich-brandt", "iyer-wald")
_SIGNS = {"lie": 1, "barnich-troessaert": -1}
_LAGRANGIANS = ("einstein-hilbert",)


def integrate_by_parts(density: Any, fields: Sequence[sp.Expr], var: sp.Symbol,
                       ) -> tuple[dict[sp.Expr, sp.Expr], sp.Expr]:
    """Write ∮ density d(var) as ∮ (Σ_f c_f f + rest) d(var), moving derivatives off the fields.

    On the circle, ∮ c ∂^k f = (-1)^k ∮ (∂^k c) f (no boundary terms).

    Parameters
    ----------
    density : sympy expression
        Linear in the fields and their derivatives (of any order) along ``var``.
    fields : sequence of undefined functions of ``var``
    var : sympy.Symbol
        The angle.

    Returns
    -------
    tuple
        ``({field: c_f}, rest)``, ``rest`` free of the fields.

    Raises
    ------
    TypeError
        ``var`` not a Symbol, ``fields`` not functions of it, text.
    ValueError
        ``density`` not linear in the fields.

    Examples
    --------
    >>> p = sp.Symbol("phi"); F, T = sp.Function("F")(p), sp.Function("T")(p)
    >>> integrate_by_parts(T * F.diff(p, 2) + 3, [F], p)
    ({F(phi): Derivative(T(phi), (phi, 2))}, 3)
    """
    density = sp.expand(as_expr(density, "density"))
    if not isinstance(var, sp.Symbol):
        raise TypeError(f"var={var!r} must be a sympy Symbol (the angle)")
    if isinstance(fields, (str, bytes, sp.Basic)) or not isinstance(fields, Sequence):
        raise TypeError("fields must be a sequence of functions of var, e.g. [F(phi)]")
    for i, f in enumerate(fields):
        if not isinstance(f, AppliedUndef) or var not in f.args:
            raise TypeError(f"fields[{i}]={f!r} must be an undefined function of var={var}, "
                            "e.g. sympy.Function('F')(var)")
    out = {f: sp.S.Zero for f in fields}
    rest = density
    for f in fields:
        top = max((d.variables.count(var) for d in density.atoms(sp.Derivative)
                   if d.expr == f), default=0)
        for k in range(0, top + 1):
            atom = f if k == 0 else sp.Derivative(f, (var, k))
            c = sp.expand(rest).coeff(atom)
            if c == 0:
                continue
            rest = sp.expand(rest - c * atom)
            out[f] += (-1) ** k * sp.diff(c, var, k)
    rest = sp.expand(rest)
    if any(rest.has(f) for f in fields):
        raise ValueError(f"density is not linear in {fields}: leftover {rest}")
    return {f: sp.expand(c) for f, c in out.items()}, rest


def _leading_number(expr: sp.Expr) -> sp.Expr:
    gens = sorted(expr.atoms(sp.Derivative, AppliedUndef), key=sp.default_sort_key)
    coeff = sp.Poly(expr, *gens).coeffs()[0] if gens else expr
    return coeff if coeff.is_number and coeff != 0 else sp.S.One


def _reduce(expr: sp.Expr, rule: sp.Expr, time: sp.Symbol, coords: Sequence[sp.Symbol],
            ) -> sp.Expr:
    """Use ``rule = 0`` (solved for its highest derivative, time-derivatives first)."""
    derivs = sorted(rule.atoms(sp.Derivative), key=lambda d: (time not in d.variables,
                                                                -d.derivative_count,
                                                                sp.default_sort_key(d)))
    if not derivs:
        return expr
    top = derivs[0]
    sol = sp.solve(rule, top)
    if len(sol) != 1:
        return expr
    out = expr
    for var in coords:
        out = out.subs(sp.diff(top, var), sp.diff(sol[0], var))
    return sp.expand(out.subs(top, sol[0]).doit())


def _linearize(expr: sp.Expr, direction: Mapping[sp.Expr, sp.Expr], var: sp.Symbol,
               ) -> sp.Expr:
    """The derivative of ``expr`` along ``direction`` {f(var): δf}, derivatives included."""
    out = sp.S.Zero
    for f, v in direction.items():
        atoms = [a for a in expr.atoms(sp.Derivative) if a.expr == f] + [f]
        for a in atoms:
            k = a.derivative_count if isinstance(a, sp.Derivative) else 0
            c = sp.diff(expr, a)
            if c != 0:
                out += c * (sp.diff(v, var, k) if k else v)
    return sp.expand(out)


def _mapping(value: Any, name: str, allowed: Sequence[str]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict {{name: expression}}, got {type(value).__name__}")
    out = {}
    for k, v in value.items():
        if not isinstance(k, str) or k not in allowed:
            raise ValueError(f"{name} has the key {k!r}; the keys are {list(allowed)}")
        out[k] = v
    return out


class AsymptoticProblem:
    """Asymptotic symmetries and charges of a three-dimensional metric ansatz, derived.

    Parameters
    ----------
    metric_ansatz : sympy.Matrix or nested sequence, shape (3, 3)
        g_ab in the chart ``coords``; the fields are the undefined functions of (u, φ) in it.
        Each field must enter one component linearly at one power of r.
    coords : sequence of 3 sympy.Symbol
        (u, r, φ): the evolution coordinate, the radial coordinate, the angle (φ ~ φ + 2π).
    gauge : sequence of (int, int), keyword-only
        Components with δg_ab = 0 exactly. Default: every component free of fields.
    falloffs : dict {(int, int): int}, keyword-only
        δg_ab = O(r^k) for each listed component. Default: each field component varies at
        most like its fields (the power at which they enter).
    lagrangian : {"einstein-hilbert"}, keyword-only
        The theory: Einstein-Hilbert with ``cosmological_constant`` (the only one supported).
    cosmological_constant : sympy expression, keyword-only
        Λ (AdS3 of radius l: -1/l²).
    G : sympy expression, keyword-only
        Newton's constant (default the positive symbol ``G``).
    data_names : dict {str: str}, keyword-only
        Name of each field's data at u = 0 (default: the field's own name).
    generator_names : sequence of str, keyword-only
        Names of the generator data at u = 0, one per integration function of the Killing
        equations, in the order of the components they enter (default ``("T", "Y")``).
    sign : {"lie", "barnich-troessaert"}, keyword-only
        δ_ξ g = L_ξ g, or -L_ξ g as in Barnich & Troessaert.
    taylor_order : int, keyword-only
        Powers of u kept when the evolution is not nilpotent (default 1: the laws, charges and
        brackets at u = 0 take one u-derivative at most, so they are exact).

    Examples
    --------
    >>> u, r, p = sp.symbols("u r phi", real=True)
    >>> Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
    >>> flat = AsymptoticProblem(sp.Matrix([[Th, -1, N], [-1, 0, 0], [N, 0, r**2]]),
    ...                          (u, r, p), data_names={"N": "Xi"})
    >>> flat.solution_space()["N"]
    u*Derivative(Theta(phi), phi)/2 + Xi(phi)
    >>> flat.killing_vectors(generator={"T": 1, "Y": 0})
    (1, 0, 0)
    """

    def __init__(self, metric_ansatz: Any, coords: Sequence[sp.Symbol], *,
                 gauge: Sequence[tuple[int, int]] | None = None,
                 falloffs: Mapping[tuple[int, int], int] | None = None,
                 lagrangian: str = "einstein-hilbert", cosmological_constant: Any = 0,
                 G: Any = None, data_names: Mapping[str, str] | None = None,
                 generator_names: Sequence[str] = ("T", "Y"), sign: str = "lie",
                 taylor_order: int = 1) -> None:
        coords = check_coords(coords)
        if len(coords) != 3:
            raise ValueError(f"coords={coords} must be three symbols (u, r, phi); four "
                             "dimensions: symphys.gr.bms4")
        g = as_matrix(metric_ansatz, "metric_ansatz")
        if g.shape != (3, 3):
            raise ValueError(f"metric_ansatz has shape {g.shape}; expected (3, 3)")
        if not isinstance(lagrangian, str):
            raise TypeError(f"lagrangian={lagrangian!r} must be a str")
        if lagrangian not in _LAGRANGIANS:
            raise ValueError(f"lagrangian={lagrangian!r} must be one of {list(_LAGRANGIANS)} "
                             "(with cosmological_constant=)")
        if not isinstance(sign, str) or sign not in _SIGNS:
            raise ValueError(f"sign={sign!r} must be one of {sorted(_SIGNS)}")
        if isinstance(taylor_order, bool) or not isinstance(taylor_order, numbers.Integral):
            raise TypeError(f"taylor_order={taylor_order!r} must be an int")
        if not 1 <= taylor_order <= MAX_TAYLOR_ORDER:
            raise ValueError(f"taylor_order={taylor_order} must be in [1, {MAX_TAYLOR_ORDER}]")
        self.coords = coords
        self.u, self.r, self.phi = coords
        self.metric_ansatz = g
        self.cosmological_constant = as_expr(cosmological_constant, "cosmological_constant")
        self.G = sp.Symbol("G", positive=True) if G is None else as_expr(G, "G")
        if self.G.is_zero or self.G.is_negative or self.G.is_extended_real is False:
            raise ValueError(f"G={self.G} must be a positive constant (charges divide by it)")
        self.sign = sign
        self.taylor_order = int(taylor_order)
        self._metric = Metric(g, coords, simplify="expand")
        fields: list[sp.Expr] = []
        for a in range(3):
            for b in range(a, 3):
                for f in sorted(g[a, b].atoms(AppliedUndef), key=sp.default_sort_key):
                    if f not in fields:
                        fields.append(f)
        if not fields:
            raise ValueError("metric_ansatz holds no field (undefined function of (u, phi))")
        for f in fields:
            if tuple(f.args) != (self.u, self.phi):
                raise ValueError(f"field {f} must be a function of exactly (u, phi) = "
                                 f"{(self.u, self.phi)}")
        self.fields = tuple(fields)
        names = [f.func.__name__ for f in fields]
        dn = _mapping(data_names, "data_names", names)
        for k, v in dn.items():
            if not isinstance(v, str) or not v.isidentifier():
                raise ValueError(f"data_names[{k!r}]={v!r} must be an identifier")
        taken = {c.name for c in coords}
        dnames = [dn.get(n, n) for n in names]
        for n, d in zip(names, dnames, strict=True):
            if d in taken or dnames.count(d) > 1:
                raise ValueError(f"data_names: the data of {n} is named {d!r}, which is a "
                                 "coordinate or the name of another field's data; each field "
                                 "needs its own data name")
        self.data = tuple(sp.Function(d)(self.phi) for d in dnames)
        self._names = names
        # where each field enters: (a, b, power k of r^-k, coefficient)
        self._slots: dict[sp.Expr, tuple[int, int, int, sp.Expr]] = {}
        field_comps: dict[tuple[int, int], int] = {}
        for a in range(3):
            for b in range(a, 3):
                coeffs = inverse_power_coefficients(g[a, b], self.r, 4)
                for k, c in coeffs.items():
                    for f in fields:
                        if c.has(f.func):
                            lin = sp.expand(c).coeff(f)
                            if sp.expand(c - lin * f).has(f.func) or lin.has(self.u, self.phi) \
                                    or f in self._slots:
                                raise ValueError(f"field {f} must enter one component of "
                                                 "metric_ansatz linearly, at one power of r")
                            self._slots[f] = (a, b, k, lin)
                            field_comps[(a, b)] = min(field_comps.get((a, b), k), k)
        if gauge is None:
            gauge = [(a, b) for a in range(3) for b in range(a, 3) if (a, b) not in field_comps]
        self.gauge = tuple(self._pair(p, "gauge") for p in gauge)
        if falloffs is None:
            falloffs = {c: -k for c, k in field_comps.items()}
        if not isinstance(falloffs, Mapping):
            raise TypeError(f"falloffs must be a dict {{(a, b): k}}, got {type(falloffs).__name__}")
        self.falloffs = {}
        for c, k in falloffs.items():
            pair = self._pair(c, "falloffs")
            self.falloffs[pair] = check_int(
                k, f"falloffs[{pair}]", low=-MAX_FALLOFF, high=MAX_FALLOFF,
                why=" (the exponent k of delta g = O(r^k); each fall-off costs 1 - k "
                    "coefficients of the 1/r expansion)")
        if isinstance(generator_names, str) or not isinstance(generator_names, (list, tuple)):
            raise TypeError("generator_names must be a sequence of str")
        for i, gn in enumerate(generator_names):
            if not isinstance(gn, str) or not gn.isidentifier():
                raise TypeError(f"generator_names[{i}]={gn!r} must be an identifier (a str)")
            if gn in taken or gn in dnames or gn in names or list(generator_names).count(gn) > 1:
                raise ValueError(f"generator_names[{i}]={gn!r} is a coordinate, a field, a "
                                 "data name or repeated: each generator needs its own name")
        self.generator_names = tuple(generator_names)
        self._cache: dict[Any, Any] = {}

    @staticmethod
    def _pair(p: Any, name: str) -> tuple[int, int]:
        if not isinstance(p, (tuple, list)) or len(p) != 2 or not all(
                isinstance(i, numbers.Integral) and not isinstance(i, bool) and 0 <= i < 3
                for i in p):
            raise ValueError(f"{name} entries must be index pairs (a, b) with 0 <= a, b < 3, "
                             f"got {p!r}")
        return (min(p), max(p))

    def __repr__(self) -> str:
        return (f"AsymptoticProblem(fields={[str(f) for f in self.fields]}, "
                f"Lambda={self.cosmological_constant})")

    # ------------------------------------------------------------------ field equations
    def field_equations(self) -> tuple[sp.Expr, ...]:
        """Einstein's equations G_ab + Λ g_ab = 0 for the ansatz, order by order in 1/r, reduced.

        Every component is expanded in powers of r; the distinct non-zero coefficients are
        reduced to an independent set (each must vanish).

        Returns
        -------
        tuple of sympy.Expr
        """
        if "eqs" not in self._cache:
            ein = self._metric.einstein(cosmological_constant=self.cosmological_constant)
            eqs: list[sp.Expr] = []
            for a in range(3):
                for b in range(a, 3):
                    for c in inverse_power_coefficients(ein[a, b], self.r, 6).values():
                        c = sp.expand(c)
                        if c == 0:
                            continue
                        c = sp.expand(c / _leading_number(c))
                        if c not in eqs and -c not in eqs:
                            eqs.append(c)
            eqs.sort(key=lambda e: (max((d.derivative_count for d in e.atoms(sp.Derivative)),
                                        default=0), sp.count_ops(e)))
            indep: list[sp.Expr] = []
            for e in eqs:
                red = e
                for d in indep:
                    red = _reduce(red, d, self.u, self.coords)
                if red != 0:
                    indep.append(e)
            self._cache["eqs"] = tuple(indep)
        return self._cache["eqs"]

    def _integrate(self, eqs: Sequence[sp.Expr], unknowns: Sequence[sp.Expr],
                   data: Sequence[sp.Expr], what: str) -> tuple[dict, dict, bool]:
        """(exact solution, u-expanded solution, exact?) of evolution equations in u."""
        try:
            exact, ok = integrate_evolution(eqs, unknowns, self.u, self.phi, data)
            series, nil = integrate_evolution(eqs, unknowns, self.u, self.phi, data,
                                              order=self.taylor_order)
            return exact, series, nil
        except ValueError:
            pass
        heads = dict(zip(unknowns, data, strict=True))
        sol, rest = integrate_hierarchy(eqs, list(unknowns), self.u,
                                        lambda f, args: heads[f].func(*args), by_unknown=True)
        if rest:
            raise ValueError(f"the {what} leave conditions {rest} after integration")
        return sol, sol, True

    def _solution(self) -> tuple[dict, dict, bool]:
        if "sol" not in self._cache:
            self._cache["sol"] = self._integrate(self.field_equations(), self.fields, self.data,
                                                 "field equations")
        return self._cache["sol"]

    def evolution_operator(self) -> dict[str, Any]:
        """The evolution ∂_u V = A(∂_φ) V of the fields and its exponential exp(u A(D)).

        Returns ``{"matrix": A(D), "operator": exp(u A(D)), "symbol": D}`` (D stands for
        ∂_φ, acting on the data at u = 0), with the fields in the order of ``self.fields``.
        ValueError if the field equations are not such a linear system.

        Returns
        -------
        dict
        """
        D = sp.Symbol("D")
        A = evolution_matrix(self.field_equations(), self.fields, self.u, self.phi, D)
        return {"matrix": A, "operator": (self.u * A).exp().applyfunc(sp.expand), "symbol": D}

    def solution_space(self) -> dict[str, sp.Expr]:
        """The general solution of :meth:`field_equations` in terms of the data at u = 0.

        Returns ``{field name: expression}``; exact (coupled systems as left and right movers,
        translations φ ± c u of the data).

        Returns
        -------
        dict of str to sympy.Expr
        """
        exact, _, _ = self._solution()
        return {n: exact[f] for n, f in zip(self._names, self.fields, strict=True)}

    def _data_subs(self, data: Mapping[str, Any] | None) -> dict[sp.Expr, sp.Expr]:
        names = [d.func.__name__ for d in self.data]
        data = _mapping(data, "data", names)
        out = {}
        for d in self.data:
            if d.func.__name__ in data:
                out[d] = self._phi_function(data[d.func.__name__], d.func.__name__)
        return out

    def _phi_function(self, value: Any, name: str) -> sp.Expr:
        if callable(value) and not isinstance(value, sp.Basic):
            try:
                value = value(self.phi)
            except Exception as exc:  # a user callable: say which argument failed
                raise TypeError(f"{name}={value!r} is a callable that failed on phi "
                                f"({type(exc).__name__}: {exc})") from exc
        value = as_expr(value, name)
        if {self.u, self.r} & value.free_symbols:
            raise ValueError(f"{name}={value} must be a function of phi only (no u or r)")
        return check_expandable(value, name)

    def on_solutions(self, expr: Any, *, data: Mapping[str, Any] | None = None) -> Any:
        """``expr`` with every field replaced by the (u-expanded) solution, data substituted.

        Parameters
        ----------
        expr : sympy expression or matrix
        data : dict {data name: expression of phi}, optional

        Returns
        -------
        sympy expression or matrix
        """
        _, series, _ = self._solution()
        subs = self._data_subs(data)
        sol = {f: sp.expand(series[f].subs(subs).doit()) for f in self.fields}
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(lambda e: sp.expand(e.subs(sol).doit()))
        if isinstance(expr, (list, tuple)):
            return type(expr)(sp.expand(as_expr(e, f"expr[{i}]").subs(sol).doit())
                              for i, e in enumerate(expr))
        return sp.expand(as_expr(expr, "expr").subs(sol).doit())

    # ------------------------------------------------------------------ Killing vectors
    def _vector(self) -> tuple[tuple, tuple, bool, tuple]:
        """(exact ξ, u-expanded ξ, exact?, generator data functions)."""
        if "vec" in self._cache:
            return self._cache["vec"]
        u, r, p = self.coords
        xi = [sp.Function(f"_xi{a}")(u, r, p) for a in range(3)]
        L = self._metric.lie_derivative(xi)
        gauge = [L[a, b] for a, b in self.gauge]
        made: list[tuple[int, sp.Expr]] = []

        def fresh(unknown: sp.Expr, args: tuple) -> sp.Expr:
            a = xi.index(unknown)
            fn = sp.Function(f"_g{a}_{len(made)}")(*args)
            made.append((a, fn))
            return fn

        order = sorted(range(3), key=lambda a: a)
        sol, rest = integrate_hierarchy(gauge, [xi[a] for a in order], r, fresh,
                                        by_unknown=True)
        vec = [sp.expand(sol[xi[a]]) for a in range(3)]
        for _, fn in made:
            if tuple(fn.args) != (u, p):
                raise ValueError(f"the gauge conditions leave an integration function {fn} of "
                                 "other variables than (u, phi)")
        made.sort(key=lambda t: t[0])
        if len(made) != len(self.generator_names):
            raise ValueError(f"the gauge conditions leave {len(made)} integration functions; "
                             f"generator_names={self.generator_names} names "
                             f"{len(self.generator_names)}")
        Lsol = self._metric.lie_derivative(vec)
        conds = list(rest)
        for (a, b), k in self.falloffs.items():
            coeffs = inverse_power_coefficients(Lsol[a, b], r, 1 - k)
            conds += [c for kk, c in coeffs.items() if kk < -k]
        unknowns = [fn for _, fn in made]
        gens = tuple(sp.Function(n)(p) for n in self.generator_names)
        exact, series, nil = self._integrate(conds, unknowns, gens, "fall-off conditions")
        se = tuple(sp.expand(v.subs(series).doit()) for v in vec)
        self._cache["vec"] = (vec, exact, se, nil, gens)
        return self._cache["vec"]

    def _gens(self) -> tuple[sp.Expr, ...]:
        return self._vector()[4]

    def _gen_subs(self, gen: Mapping[str, Any] | None) -> dict[sp.Expr, sp.Expr]:
        gens = self._gens()
        gen = _mapping(gen, "generator", self.generator_names)
        return {g: self._phi_function(gen[g.func.__name__], g.func.__name__)
                for g in gens if g.func.__name__ in gen}

    @staticmethod
    def _put(expr: Any, subs: dict) -> Any:
        """Substitute functions of phi: a rename by xreplace, expressions by subs + doit."""
        if not subs:
            return expr
        if all(isinstance(v, AppliedUndef) for v in subs.values()):
            f = lambda e: sp.sympify(e).xreplace(subs)  # noqa: E731
        else:
            f = lambda e: sp.expand(sp.sympify(e).subs(subs).doit())  # noqa: E731
        if isinstance(expr, dict):
            return {k: f(v) for k, v in expr.items()}
        if isinstance(expr, (list, tuple)):
            return type(expr)(f(v) for v in expr)
        return f(expr)

    def killing_vectors(self, *, generator: Mapping[str, Any] | None = None,
                        ) -> tuple[sp.Expr, ...]:
        """The asymptotic Killing vector ξ = (ξ^u, ξ^r, ξ^φ), derived (exact in u).

        Integrated in r from the gauge conditions, then in u from the fall-offs; fields are
        left as functions of (u, φ).

        Parameters
        ----------
        generator : dict {generator name: expression of phi}, keyword-only
            The data at u = 0 (missing ones, or all by default, stay undefined functions of φ).

        Returns
        -------
        tuple of sympy.Expr
        """
        vec, exact, _, _, _ = self._vector()
        subs = self._gen_subs(generator)

        def put(e: sp.Expr) -> sp.Expr:
            # T(phi + u/l) too: replace the function, not only its value at phi
            for g, val in subs.items():
                e = e.replace(g.func, sp.Lambda(self.phi, val))
            return sp.expand(e.doit())

        ex = {k: put(v) for k, v in exact.items()}
        return tuple(check_finite(sp.expand(v.subs(ex).doit()), "killing_vector")
                     for v in vec)

    def _gvec(self) -> list[sp.Expr]:
        """The u-expanded vector on the solution space, generic generators and data."""
        if "gvec" not in self._cache:
            self._cache["gvec"] = list(self.on_solutions(list(self._vector()[2])))
        return self._cache["gvec"]

    def _gmetric(self) -> Metric:
        if "gmetric" not in self._cache:
            g = self.on_solutions(self.metric_ansatz)
            self._cache["gmetric"] = Metric(g, self.coords, simplify="expand")
        return self._cache["gmetric"]

    # ------------------------------------------------------------------ variations
    def _delta_generic(self) -> dict[sp.Expr, sp.Expr]:
        """δ(data) at u = 0 (sign applied) for generic generators and data."""
        if "delta" in self._cache:
            return self._cache["delta"]
        L = self._gmetric().lie_derivative(self._gvec())
        for a, b in self.gauge:
            if not self._vanishes(L[a, b]):
                raise ValueError(f"L_xi g has a component ({a},{b}) = {L[a, b]} outside the "
                                 "gauge")
        s = _SIGNS[self.sign]
        out = {}
        for f, d in zip(self.fields, self.data, strict=True):
            a, b, k, lin = self._slots[f]
            coeffs = inverse_power_coefficients(L[a, b], self.r, k + 1)
            for kk, c in coeffs.items():
                if kk < k and not self._vanishes(c):
                    raise ValueError(f"L_xi g_({a},{b}) grows like r^{-kk}: fall-offs violated")
            val = sp.expand(coeffs.get(k, sp.S.Zero) / lin)
            out[d] = sp.expand(s * val.subs(self.u, 0))
        self._cache["delta"] = out
        return out

    def _delta(self, gsubs: dict, dsubs: dict) -> dict[sp.Expr, sp.Expr]:
        return self._put(self._put(self._delta_generic(), gsubs), dsubs)

    def _vanishes(self, expr: sp.Expr) -> bool:
        """``expr == 0`` where the u-expansion is exact: every power of u below
        max(1, taylor_order - 1) (all of them when the evolution is nilpotent)."""
        e = sp.expand(expr)
        if self._solution()[2] and self._vector()[3]:
            return e == 0
        return all(sp.expand(e.coeff(self.u, j) if j else e.subs(self.u, 0)) == 0
                   for j in range(max(1, self.taylor_order - 1)))

    def variations(self, *, generator: Mapping[str, Any] | None = None,
                   data: Mapping[str, Any] | None = None) -> dict[str, sp.Expr]:
        """The transformation law of the data at u = 0 under ξ, read off δg = ±L_ξ g.

        Checks that L_ξ g keeps the gauge and the fall-offs (ValueError otherwise).

        Parameters
        ----------
        generator : dict {generator name: expression of phi}, keyword-only
            Missing entries (all by default) stay undefined functions of φ.
        data : dict {data name: expression of phi}, keyword-only
            Likewise for the data at u = 0.

        Returns
        -------
        dict {data name: δ(data)}
        """
        gsubs = self._gen_subs(generator)
        dsubs = self._data_subs(data)
        out = self._delta(gsubs, dsubs)
        return {d.func.__name__: check_finite(v, "variation") for d, v in out.items()}

    # ------------------------------------------------------------------ charges
    def charges(self, *, formula: str = "barnich-brandt") -> dict[str, Any]:
        """The surface charges, derived from ``formula``, with an integrability check.

        δQ_ξ = (1/16πG) ∮ k_ξ^{ur}[δg; g] dφ at u = 0 and r -> oo, written (integrating by
        parts) as (1/16πG) ∮ Σ_F c_F δF dφ over the data F. Integrable when the c_F do not
        depend on the fields; then Q_ξ = (1/16πG) ∮ Σ_F c_F F dφ (zero on vanishing fields).

        Parameters
        ----------
        formula : {"barnich-brandt", "iyer-wald"}, keyword-only

        Returns
        -------
        dict
            ``"coefficients"`` {data name: c_F}, ``"density"`` (the integrand of Q, with the
            factor 1/16πG; None when not integrable), ``"integrable"`` (bool).
        """
        if not isinstance(formula, str) or formula not in _FORMULAS:
            raise ValueError(f"formula={formula!r} must be one of {list(_FORMULAS)}")
        key = ("charges", formula)
        if key in self._cache:
            return dict(self._cache[key])
        deltas = [sp.Function(f"delta_{d.func.__name__}")(self.phi) for d in self.data]
        _, series, _ = self._solution()
        lin = dict(zip(self.data, deltas, strict=True))
        dsol = {f: sp.expand(series[f].xreplace(lin)) for f in self.fields}
        # h = δg: the fields enter the ansatz linearly
        h = self.metric_ansatz.applyfunc(
            lambda e: sp.expand(sum(sp.diff(e, f) * dsol[f] for f in self.fields)))
        k = (barnich_brandt if formula == "barnich-brandt" else iyer_wald)(
            self._gmetric(), h, self._gvec())
        coeffs = inverse_power_coefficients(k[0, 1], self.r, 1)
        if any(kk < 0 and sp.expand(c.subs(self.u, 0)) != 0 for kk, c in coeffs.items()):
            raise ValueError("the surface charge diverges as r -> oo")
        dens = sp.expand(coeffs.get(0, sp.S.Zero).subs(self.u, 0))
        parts, rest = integrate_by_parts(dens, deltas, self.phi)
        if rest != 0:
            raise ValueError(f"the charge variation has a field-independent piece {rest}")
        cf = {d: parts[dd] for d, dd in zip(self.data, deltas, strict=True)}
        integrable = not any(c.has(d.func) for c in cf.values() for d in self.data)
        q = sum((c * d for d, c in cf.items()), sp.S.Zero)
        out = {"coefficients": {d.func.__name__: c for d, c in cf.items()},
               "density": sp.factor_terms(sp.expand(q)) / (16 * sp.pi * self.G)
               if integrable else None,
               "integrable": integrable}
        self._cache[key] = out
        return dict(out)

    def charge(self, generator: Mapping[str, Any], data: Mapping[str, Any], *,
               formula: str = "barnich-brandt") -> sp.Expr:
        """Q_ξ[data] = ∮ density dφ, integrated exactly over φ in [0, 2π].

        Parameters
        ----------
        generator : dict {generator name: expression of phi}
            2π-periodic, finite expressions (checked).
        data : dict {data name: expression of phi}
        formula : {"barnich-brandt", "iyer-wald"}, keyword-only

        Returns
        -------
        sympy.Expr
        """
        ch = self.charges(formula=formula)
        if not ch["integrable"]:
            raise ValueError("the charge is not integrable for this ansatz")
        gsubs = self._gen_subs(generator)
        dsubs = self._data_subs(data)
        for k, v in [*gsubs.items(), *dsubs.items()]:
            check_periodic(v, self.phi, k.func.__name__)
        q = sp.expand(ch["density"].subs({**gsubs, **dsubs}).doit())
        out = integrate_circle(q, self.phi, name="the charge density")
        return check_finite(out, "charge", why=": the integral over phi diverges")

    # ------------------------------------------------------------------ algebra
    def bracket(self, gen1: Mapping[str, Any] | None,
                gen2: Mapping[str, Any] | None) -> dict[str, sp.Expr]:
        """The modified bracket [ξ1, ξ2]_M = [ξ1, ξ2] - δ_ξ1 ξ2 + δ_ξ2 ξ1, as generator data.

        Computed on the solution space at u = 0 and checked to be again an asymptotic Killing
        vector (ValueError otherwise).

        Parameters
        ----------
        gen1, gen2 : dict {generator name: expression of phi} or None
            Missing entries are undefined functions (names suffixed 1 and 2).

        Returns
        -------
        dict {generator name: expression}
        """
        g1, g2, br = self._bracket_generic()
        s1 = self._gen_subs(gen1)
        s2 = self._gen_subs(gen2)
        subs = {g1[g]: v for g, v in s1.items()}
        subs.update({g2[g]: v for g, v in s2.items()})
        return {g.func.__name__: self._put(v, subs) for g, v in br.items()}

    def _bracket_generic(self) -> tuple[dict, dict, dict]:
        if "bracket" in self._cache:
            return self._cache["bracket"]
        X = self.coords
        gens = self._gens()
        g1 = {g: sp.Function(f"{g.func.__name__}1")(self.phi) for g in gens}
        g2 = {g: sp.Function(f"{g.func.__name__}2")(self.phi) for g in gens}
        gv = self._gvec()
        x1, x2 = self._put(gv, g1), self._put(gv, g2)
        lie = [sp.expand(sum(x1[c] * sp.diff(x2[a], X[c]) - x2[c] * sp.diff(x1[a], X[c])
                             for c in range(3))) for a in range(3)]
        d1, d2 = self._delta(g1, {}), self._delta(g2, {})
        # δ_ξ1 ξ2: ξ2 linearised in the data, in the direction δ_ξ1 (sign included in δ)
        corr = [sp.expand(_linearize(b, d1, self.phi) - _linearize(a, d2, self.phi))
                for a, b in zip(x1, x2, strict=True)]
        br = [sp.expand(lie[a] - corr[a]) for a in range(3)]
        out = {}
        for gfun, (a, k) in zip(gens, self._generator_slots(), strict=True):
            co = inverse_power_coefficients(br[a], self.r, k + 1)
            out[gfun] = sp.expand(co.get(k, sp.S.Zero).subs(self.u, 0))
        check = self._put(gv, out)
        for a in range(3):
            if not self._vanishes(check[a] - br[a]):
                raise ValueError("the bracket of two asymptotic Killing vectors left the "
                                 "family")
        self._cache["bracket"] = (g1, g2, out)
        return self._cache["bracket"]

    def _generator_slots(self) -> list[tuple[int, int]]:
        """For each generator: (component a, power k) with ξ^a = gen r^{-k} + ... at u = 0."""
        if "slots" not in self._cache:
            gens = self._gens()
            se = self._vector()[2]
            slots = []
            for gfun in gens:
                found = None
                for a in range(3):
                    co = inverse_power_coefficients(se[a].subs(self.u, 0), self.r, 4)
                    for k in sorted(co):
                        lin = sp.expand(co[k]).coeff(gfun)
                        if lin == 1 and sp.expand(co[k] - gfun) == sp.expand(
                                co[k] - gfun).subs(gfun, 0) and not sp.expand(
                                co[k] - gfun).has(gfun.func):
                            found = (a, k)
                            break
                    if found:
                        break
                if found is None:
                    raise ValueError(f"the generator {gfun} does not appear alone in one "
                                     "component of the vector")
                slots.append(found)
            self._cache["slots"] = slots
        return self._cache["slots"]

    def algebra(self, *, modes: Mapping[str, Mapping[str, Any]] | None = None,
                formula: str = "barnich-brandt") -> dict[str, Any]:
        """The charge algebra {Q_1, Q_2} := δ_ξ2 Q_ξ1 = Q_[ξ1,ξ2] + K and its central charges.

        K is the field-independent remainder (a ValueError if it depends on the fields). In
        modes, ``modes`` maps a family name to generator data in terms of the symbol ``m``
        (default: one family per generator name with e^{imφ}); for families A, B the central
        term of i{A_m, B_n} is read as (c_AB/12) m³ δ_{m+n,0} (+ a trivial b m term).

        Parameters
        ----------
        modes : dict {family: {generator name: expression of phi and m}}, keyword-only
        formula : {"barnich-brandt", "iyer-wald"}, keyword-only

        Returns
        -------
        dict
            ``"bracket"`` {generator name: expression}, ``"cocycle_density"`` K,
            ``"central_charges"`` {(A, B): c_AB}, ``"trivial"`` {(A, B): b_AB}.
        """
        if modes is not None:
            if not isinstance(modes, Mapping):
                raise TypeError(f"modes must be a dict {{family: {{generator: expression}}}}, "
                                f"got {type(modes).__name__}")
            modes = {str(k): _mapping(v, f"modes[{k!r}]", self.generator_names)
                     for k, v in modes.items()}
        if not isinstance(formula, str) or formula not in _FORMULAS:
            raise ValueError(f"formula={formula!r} must be one of {list(_FORMULAS)}")
        key = ("algebra", formula, None if modes is None else repr(sorted(
            (k, sorted(v.items())) for k, v in modes.items())))
        if key in self._cache:
            return dict(self._cache[key])
        ch = self.charges(formula=formula)
        if not ch["integrable"]:
            raise ValueError("the charges are not integrable: no charge algebra")
        gens = self._gens()
        g1, g2, br = self._bracket_generic()
        d2 = self._delta(g2, {})
        dens = ch["density"] * 16 * sp.pi * self.G
        lhs = sp.expand(dens.xreplace(g1).xreplace(d2).doit())
        rhs = sp.expand(dens.subs(br).doit())
        K, rest = integrate_by_parts(sp.expand(lhs - rhs), list(self.data), self.phi)
        if any(sp.simplify(c) != 0 for c in K.values()):
            raise ValueError(f"the remainder K depends on the fields: {K}")
        K = rest
        m, n = sp.symbols("m n", integer=True)
        if modes is None:
            modes = {gn: {gn: sp.exp(sp.I * m * self.phi)} for gn in self.generator_names}
        fam = {}
        for name, gen in modes.items():
            gen = _mapping(gen, f"modes[{name!r}]", self.generator_names)
            fam[name] = {}
            for g in gens:
                what = f"modes[{name!r}][{g.func.__name__!r}]"
                v = as_expr(gen.get(g.func.__name__, 0), what)
                # the mode number: any symbol named m is the integer m
                v = v.xreplace({s_: m for s_ in v.free_symbols if s_.name == "m"})
                if {self.u, self.r, n} & v.free_symbols:
                    raise ValueError(f"{what}={v} must be a function of phi and m only")
                fam[name][g] = check_periodic(v, self.phi, what)
        central, trivial = {}, {}
        names = list(fam)
        for A in names:
            for B in names:
                sub = {g1[g]: fam[A][g] for g in gens}
                sub.update({g2[g]: fam[B][g].subs(m, n) for g in gens})
                dd = sp.expand(K.subs(sub).doit() / (16 * sp.pi * self.G))
                c, b = self._central(dd, m, n)
                central[(A, B)] = c
                trivial[(A, B)] = b
        out = {"bracket": {g.func.__name__: v for g, v in br.items()},
               "cocycle_density": sp.simplify(K / (16 * sp.pi * self.G)),
               "central_charges": central, "trivial": trivial}
        self._cache[key] = out
        return dict(out)

    def _central(self, dens: sp.Expr, m: sp.Symbol, n: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
        """(c, b) with i ∮ dens dφ = (c/12 m³ + b m) δ_{m+n,0} (m, n integers)."""
        e = sp.expand(sp.powsimp(sp.expand(dens.rewrite(sp.exp))))
        groups: dict[sp.Expr, sp.Expr] = {}
        for term in sp.Add.make_args(e):
            ph = sp.S.Zero
            rest = sp.S.One
            for f in sp.Mul.make_args(term):
                if isinstance(f, sp.exp) and f.args[0].has(self.phi):
                    ph += sp.expand(f.args[0] / (sp.I * self.phi))
                else:
                    rest *= f
            if ph.has(self.phi) or rest.has(self.phi):
                raise ValueError(f"the central term {dens} is not a sum of Fourier modes")
            groups[ph] = groups.get(ph, sp.S.Zero) + rest
        c = b = sp.S.Zero
        for ph, coef in groups.items():
            coef = sp.expand(coef)
            if coef == 0:
                continue
            if ph == 0 or sp.expand(ph.subs(n, -m)) != 0:
                # integrates to zero for every m, n unless the phase vanishes: must be absent
                var = n if ph.has(n) else m if ph.has(m) else None
                if var is None:
                    if ph == 0 or not ph.is_integer:
                        raise ValueError(f"the central term {dens} is not of the form "
                                         "(a m^3 + b m) delta_{m+n,0}")
                    continue   # a non-zero integer frequency integrates to zero
                root = sp.solve(ph, var)
                if not root or sp.expand(coef.subs(var, root[0])) != 0:
                    raise ValueError(f"the central term {dens} is not of the form "
                                     "(a m^3 + b m) delta_{m+n,0}")
                continue
            term = sp.expand(sp.I * 2 * sp.pi * coef.subs(n, -m))
            poly = sp.Poly(term, m)
            if set(poly.monoms()) - {(3,), (1,)}:
                raise ValueError(f"central term {term} is not of the form a m^3 + b m")
            c += 12 * poly.coeff_monomial(m**3)
            b += poly.coeff_monomial(m)
        return sp.simplify(c), sp.simplify(b)


def check_periodic(value: Any, phi: sp.Symbol, name: str) -> sp.Expr:
    """``value`` as a finite, 2π-periodic expression of ``phi`` (ValueError naming ``name``).

    Decided by exact cancellation of value(φ + 2π) - value(φ) (sin/cos/exp of sums split once,
    never expanded into multiple angles, so cos(10**8 φ) costs nothing), else by evaluation at
    two generic points to 30 digits; undefined functions of φ are accepted unchecked.

    Parameters
    ----------
    value : sympy expression or number
    phi : sympy.Symbol
        The angle, φ ~ φ + 2π.
    name : str
        The argument named in errors.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    TypeError
        Text, ``phi`` not a Symbol, ``name`` not a str.
    ValueError
        Not finite, not periodic, or expanding to more than
        :data:`~symphys.gr._fourier.MAX_EXPAND_TERMS` terms.

    Examples
    --------
    >>> p = sp.Symbol("phi")
    >>> check_periodic(sp.cos(p), p, "T")
    cos(phi)
    """
    if not isinstance(name, str):
        raise TypeError(f"name={name!r} must be a str (the argument named in errors)")
    if not isinstance(phi, sp.Symbol):
        raise TypeError(f"phi={phi!r} must be a sympy Symbol (the angle)")
    value = check_expandable(check_finite(as_expr(value, name), name), name)
    verdict = is_periodic(value, phi)
    if verdict is None and not value.atoms(AppliedUndef):
        verdict = sp.simplify(shift_difference(value, phi)) == 0
    if verdict is False:
        raise ValueError(f"{name}={value} must be 2*pi-periodic in phi (phi ~ phi + 2 pi); "
                         f"{name}(phi + 2 pi) - {name}(phi) = {shift_difference(value, phi)}")
    return value
