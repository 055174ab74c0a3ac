"""Three-dimensional flat space at null infinity: the BMS3 story derived from the Bondi ansatz.

Everything below is *derived* from the metric ansatz with :class:`~symphys.gr.metric.Metric`,
not typed in: the field equations, the solution space, the asymptotic Killing vectors, their
transformation laws, the surface charges (Barnich-Brandt, or Iyer-Wald with ``formula=``) and
the central extension of the charge algebra. Sources: Barnich-Compère gr-qc/0610130;
F. Schöller's thesis arXiv:2003.07243; Prohazka-Salzer-Schöller arXiv:1701.06573
(past/future null infinity); Schöller arXiv:1711.02670 (distinct Minkowski vacua).

Conventions
-----------
- coordinates (u, r, φ), φ ~ φ + 2π, ' = ∂_φ, signature (-,+,+);
- Bondi gauge: ds² = Θ(u,φ) du² - 2 du dr + 2 N(u,φ) du dφ + r² dφ²;
- δ_ξ g := L_ξ g (``sign="lie"``, default). Barnich-Troessaert use δ_ξ g = -L_ξ g:
  ``sign="barnich-troessaert"`` flips the sign of every variation;
- charges: δQ_ξ = ∮ k_ξ^{ur} dφ with the Barnich-Brandt (d x)_{μν} k^{μν}, ε_{urφ} = +1,
  normalised so that Q vanishes on Θ = Ξ = 0; the result is
  Q_{T,Y} = (1/16πG) ∮ dφ (T Θ + 2 Y Ξ) (Minkowski: mass -1/(8G));
- modes: j_m = ξ(T=0, Y=e^{imφ}), p_m = ξ(T=e^{imφ}, Y=0); charges J_m, P_m likewise.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from symphys.gr._solve import integrate_hierarchy
from symphys.gr.expansion import inverse_power_coefficients
from symphys.gr.metric import Metric
from symphys.gr.surface_charges import iyer_wald

u, r, phi = sp.symbols("u r phi", real=True)
G = sp.Symbol("G", positive=True)
COORDS = (u, r, phi)

_Theta = sp.Function("Theta")
_N = sp.Function("N")
_Xi = sp.Function("Xi")
_T = sp.Function("T")
_Y = sp.Function("Y")

_SIGNS = {"lie": 1, "barnich-troessaert": -1}
_SCRI = {"+": -1, "-": 1}
_FORMULAS = ("barnich-brandt", "iyer-wald")


def _scri(scri: str) -> int:
    """The sign of the du dr cross term: -1 at I⁺ (retarded u), +1 at I⁻ (advanced v)."""
    if scri not in _SCRI:
        raise ValueError(f"scri={scri!r} must be '+' (future, retarded time u) or '-' "
                         "(past, advanced time v = t + r, stored in the symbol u)")
    return _SCRI[scri]


def _sign(sign: str) -> int:
    if sign not in _SIGNS:
        raise ValueError(f"sign={sign!r} must be one of {sorted(_SIGNS)}")
    return _SIGNS[sign]


def _as_phi_function(value: Any, name: str) -> sp.Expr:
    """A function of φ (sympy expression, number, or callable of φ)."""
    if callable(value) and not isinstance(value, sp.Basic):
        value = value(phi)
    try:
        value = sp.sympify(value)
    except (sp.SympifyError, TypeError) as exc:
        raise TypeError(f"{name}={value!r} is not a sympy expression: {exc}") from exc
    if not isinstance(value, sp.Expr):
        raise TypeError(f"{name}={value!r} must be a scalar sympy expression")
    if {u, r} & value.free_symbols:
        raise ValueError(f"{name}={value} must be a function of phi only (no u or r)")
    return value


def metric(Theta: Any = None, N: Any = None, scri: str = "+") -> Metric:
    """The Bondi-gauge metric ds² = Θ du² - 2 du dr + 2 N du dφ + r² dφ², coords (u, r, φ).

    ``Theta``, ``N`` default to undefined functions Θ(u, φ), N(u, φ). ``scri="-"`` gives the
    advanced chart near past null infinity, ds² = Θ dv² + 2 dv dr + 2 N dv dφ + r² dφ²
    (v = t + r; the symbol ``u`` stands for v), as in PSS arXiv:1701.06573.

    >>> metric().g
    Matrix([
    [Theta(u, phi), -1, N(u, phi)],
    [           -1,  0,         0],
    [    N(u, phi),  0,      r**2]])
    """
    Th = _Theta(u, phi) if Theta is None else sp.sympify(Theta)
    NN = _N(u, phi) if N is None else sp.sympify(N)
    s = _scri(scri)
    g = sp.Matrix([[Th, s, NN], [s, 0, 0], [NN, 0, r**2]])
    return Metric(g, COORDS, simplify="expand")


@lru_cache(maxsize=4)
def field_equations(scri: str = "+") -> tuple[sp.Expr, ...]:
    """Einstein's vacuum equations G_ab = 0 for the Bondi ansatz, reduced.

    Every component of G_ab is expanded in powers of r; the distinct non-zero coefficients
    are returned (each must vanish). The result is ∂_u Θ = 0 and 2 ∂_u N = Θ'.

    >>> field_equations()
    (Derivative(Theta(u, phi), u), Derivative(N(u, phi), u) - Derivative(Theta(u, phi), phi)/2)
    """
    ein = metric(scri=scri).einstein()
    eqs: list[sp.Expr] = []
    for a in range(3):
        for b in range(a, 3):
            for c in inverse_power_coefficients(ein[a, b], r, 6).values():
                c = sp.expand(c)
                c = sp.expand(c / _leading_number(c))
                if c != 0 and c not in eqs and -c not in eqs:
                    eqs.append(c)
    # keep an independent set: drop equations implied by substituting the simpler ones
    eqs.sort(key=lambda e: (max((d.derivative_count for d in e.atoms(sp.Derivative)),
                                default=0), sp.count_ops(e)))
    indep: list[sp.Expr] = []
    for e in eqs:
        red = e
        for d in indep:
            red = _reduce(red, d)
        if red != 0:
            indep.append(e)
    return tuple(indep)


def _leading_number(expr: sp.Expr) -> sp.Expr:
    coeff = sp.Poly(expr, *sorted(expr.atoms(sp.Derivative, sp.core.function.AppliedUndef),
                                  key=sp.default_sort_key)).coeffs()[0]
    return coeff if coeff.is_number else sp.S.One


def _reduce(expr: sp.Expr, rule: sp.Expr) -> sp.Expr:
    """Use ``rule = 0`` (solved for its highest derivative) to reduce ``expr``."""
    derivs = sorted(rule.atoms(sp.Derivative), key=lambda d: (u not in d.variables,
                                                                -d.derivative_count,
                                                                sp.default_sort_key(d)))
    if not derivs:
        return expr
    top = derivs[0]
    sol = sp.solve(rule, top)
    if len(sol) != 1:
        return expr
    out = expr
    for extra in ({}, *({v: 1} for v in COORDS)):
        if extra:
            var = next(iter(extra))
            out = out.subs(sp.diff(top, var), sp.diff(sol[0], var))
    return sp.expand(out.subs(top, sol[0]).doit())


@lru_cache(maxsize=4)
def solution_space(scri: str = "+") -> dict[str, sp.Expr]:
    """General solution of :func:`field_equations`, integrated in u (not typed in).

    Returns ``{"Theta": Θ(φ), "N": Ξ(φ) + (u/2) Θ'(φ)}``: Θ is the mass aspect, Ξ the
    angular-momentum aspect (functions of φ only).

    >>> sol = solution_space()
    >>> sol["Theta"], sol["N"]
    (Theta(phi), u*Derivative(Theta(phi), phi)/2 + Xi(phi))
    """
    names = iter([_Theta, _Xi])
    sol, rest = integrate_hierarchy(field_equations(scri), [_Theta(u, phi), _N(u, phi)], u,
                                    lambda args: next(names)(*args))
    if rest:
        raise ValueError(f"unexpected leftover field equations {rest}")
    return {"Theta": sol[_Theta(u, phi)], "N": sol[_N(u, phi)]}


def solution_metric(Theta: Any = None, Xi: Any = None, scri: str = "+") -> Metric:
    """The metric on the solution space, Θ(φ) and N = Ξ(φ) + (u/2) Θ'(φ).

    >>> solution_metric(-1, 0).g
    Matrix([
    [-1, -1,    0],
    [-1,  0,    0],
    [ 0,  0, r**2]])
    """
    Th = _Theta(phi) if Theta is None else _as_phi_function(Theta, "Theta")
    X = _Xi(phi) if Xi is None else _as_phi_function(Xi, "Xi")
    sol = solution_space(scri)
    N = sol["N"].subs({_Theta(phi): Th, _Xi(phi): X}).doit()
    return metric(Th, N, scri)


@lru_cache(maxsize=4)
def _derived_vector(scri: str = "+") -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """ξ = (ξ^u, ξ^r, ξ^φ) in terms of T(φ), Y(φ) and N(u, φ), from the conditions."""
    g = metric(scri=scri)
    xi_u, xi_r, xi_p = (sp.Function(n)(u, r, phi) for n in ("xi_u", "xi_r", "xi_phi"))
    L = g.lie_derivative([xi_u, xi_r, xi_p])
    # Bondi gauge g_rr = 0, g_rφ = 0, g_φφ = r² and g_ur = -1 are preserved exactly
    gauge = [L[1, 1], L[1, 2], L[2, 2], L[0, 1]]
    fresh = iter([sp.Function("f")(u, phi), sp.Function("Yu")(u, phi)])
    sol, rest = integrate_hierarchy(gauge, [xi_u, xi_p, xi_r], r, lambda args: next(fresh))
    vec = [sp.expand(sol[c]) for c in (xi_u, xi_r, xi_p)]
    # fall-offs: δg_uu = O(1) and δg_uφ = O(1) (no growing terms)
    Lsol = g.lie_derivative(vec)
    falloff = list(rest)
    for a, b in ((0, 0), (0, 2)):
        coeffs = inverse_power_coefficients(Lsol[a, b], r, 1)
        falloff += [c for k, c in coeffs.items() if k < 0]
    f, Yu = sp.Function("f")(u, phi), sp.Function("Yu")(u, phi)
    names = iter([_Y, _T])
    sol2, rest2 = integrate_hierarchy(falloff, [Yu, f], u, lambda args: next(names)(*args))
    if rest2:
        raise ValueError(f"unexpected leftover fall-off conditions {rest2}")
    vec = [sp.expand(v.subs({f: sol2[f], Yu: sol2[Yu]}).doit()) for v in vec]
    return tuple(vec)


def killing_vector(T: Any = None, Y: Any = None, N: Any = None, scri: str = "+",
                   ) -> tuple[sp.Expr, ...]:
    """The asymptotic Killing vector ξ_{T,Y} = (ξ^u, ξ^r, ξ^φ), derived.

    Solves L_ξ g_rr = L_ξ g_rφ = L_ξ g_φφ = L_ξ g_ur = 0 (Bondi gauge) and the fall-offs
    L_ξ g_uu = O(1), L_ξ g_uφ = O(1) by integrating in r, then in u. The result, with
    f = T + u Y', is ξ^u = f, ξ^φ = Y - f'/r, ξ^r = -r Y' + f'' - N f'/r.

    ``T``, ``Y`` are functions of φ (default: undefined T(φ), Y(φ)); ``N`` defaults to N(u, φ).
    ``scri="-"``: the same conditions in the advanced chart of :func:`metric` (past null
    infinity); there ξ^φ = Y + f'/r, ξ^r = -r Y' - f'' - N f'/r.

    >>> killing_vector(0, 1)          # a rotation
    (0, 0, 1)
    >>> killing_vector(1, 0)          # time translation
    (1, 0, 0)
    >>> killing_vector(sp.cos(phi), 0, N=0)
    (cos(phi), -cos(phi), sin(phi)/r)
    """
    vec = _derived_vector(scri)
    subs = {}
    if T is not None:
        subs[_T(phi)] = _as_phi_function(T, "T")
    if Y is not None:
        subs[_Y(phi)] = _as_phi_function(Y, "Y")
    out = [v.subs(subs).doit() for v in vec]
    if N is not None:
        out = [v.subs(_N(u, phi), sp.sympify(N)).doit() for v in out]
    return tuple(sp.expand(v) for v in out)


def _on_solutions(vec: Sequence[sp.Expr], Th: sp.Expr, X: sp.Expr, scri: str = "+",
                  ) -> list[sp.Expr]:
    N = solution_space(scri)["N"].subs({_Theta(phi): Th, _Xi(phi): X}).doit()
    return [sp.expand(v.subs(_N(u, phi), N).doit()) for v in vec]


def variation(T: Any = None, Y: Any = None, Theta: Any = None, Xi: Any = None,
              sign: str = "lie", scri: str = "+") -> tuple[sp.Expr, sp.Expr]:
    """(δΘ, δΞ) under ξ_{T,Y}, read off from δg = ±L_ξ g on the solution space.

    With ``sign="lie"`` (δ_ξ g = L_ξ g):
    δΘ = YΘ' + 2Y'Θ - 2Y''' and δΞ = YΞ' + 2Y'Ξ + ½TΘ' + T'Θ - T'''.
    Checks that L_ξ g stays inside the solution space (it raises otherwise). ``scri="-"``
    derives the laws at past null infinity (advanced chart of :func:`metric`): the same.

    >>> variation(1, 0, Theta=-1, Xi=0)     # Minkowski is invariant under time translation
    (0, 0)
    >>> variation(sp.cos(phi), 0, Theta=-1, Xi=0)
    (0, 0)
    >>> variation(sp.cos(2*phi), 0, Theta=-1, Xi=0)   # a supertranslation is not
    (0, -6*sin(2*phi))
    """
    s = _sign(sign)
    Th = _Theta(phi) if Theta is None else _as_phi_function(Theta, "Theta")
    X = _Xi(phi) if Xi is None else _as_phi_function(Xi, "Xi")
    g = solution_metric(Th, X, scri)
    vec = _on_solutions(killing_vector(T, Y, scri=scri), Th, X, scri)
    L = g.lie_derivative(vec)
    for a, b in ((0, 1), (1, 1), (1, 2), (2, 2)):
        if sp.simplify(L[a, b]) != 0:
            raise ValueError(f"L_xi g has a component ({a},{b}) = {L[a, b]} outside the gauge")
    d_uu = inverse_power_coefficients(L[0, 0], r, 3)
    d_up = inverse_power_coefficients(L[0, 2], r, 3)
    if set(d_uu) - {0} or set(d_up) - {0}:
        raise ValueError("L_xi g has r-dependent terms in g_uu or g_uphi: fall-offs violated")
    dTh = sp.expand(d_uu.get(0, sp.S.Zero))
    dN = sp.expand(d_up.get(0, sp.S.Zero))
    dXi = sp.expand(dN - u * sp.diff(dTh, phi) / 2)
    if u in dXi.free_symbols or u in dTh.free_symbols:
        raise ValueError("the variation leaves the solution space (u-dependent δΘ or δΞ)")
    return sp.simplify(s * dTh), sp.simplify(s * dXi)


def schwarzian(F: Any, simplify: bool = False) -> sp.Expr:
    """The Schwarzian derivative {F; φ} = F'''/F' - (3/2)(F''/F')².

    ``simplify=True`` runs ``sympy.simplify`` on the result (slow on nested expressions).

    >>> schwarzian(sp.tan(phi / 2), simplify=True)
    1/2
    >>> schwarzian((2*phi + 1) / (phi + 3), simplify=True)     # Möbius maps: zero
    0
    """
    F = _as_phi_function(F, "F")
    if phi not in F.free_symbols or sp.diff(F, phi) == 0:
        raise ValueError(f"F={F} must have F' != 0 (a diffeomorphism of the circle)")
    d1, d2, d3 = (sp.diff(F, phi, k) for k in (1, 2, 3))
    out = d3 / d1 - sp.Rational(3, 2) * (d2 / d1) ** 2
    return sp.simplify(out) if simplify else out


def finite_superrotation(F: Any, Theta: Any = None, simplify: bool = False) -> sp.Expr:
    """Θ after the finite superrotation φ -> F(φ): F'² Θ(F(φ)) - 2{F; φ}.

    Infinitesimally (F = φ + εY) this is δΘ = YΘ' + 2Y'Θ - 2Y''' (see :func:`variation`).
    F = αφ on Minkowski (Θ = -1) gives the conical defect Θ = -α².
    ``simplify=True`` runs ``sympy.simplify`` on the result.

    >>> finite_superrotation(2 * phi, -1)
    -4
    """
    F = _as_phi_function(F, "F")
    Th = _Theta(phi) if Theta is None else _as_phi_function(Theta, "Theta")
    out = sp.diff(F, phi) ** 2 * Th.subs(phi, F) - 2 * schwarzian(F)
    return sp.simplify(out) if simplify else out


# ----------------------------------------------------------------------------------- charges


def barnich_brandt(g: Metric, h: sp.MatrixBase, xi: Sequence[Any]) -> sp.ImmutableMatrix:
    """The Barnich-Brandt (n-2)-form density k^{μν}_ξ[h; g] (without 1/16πG), shape (n, n).

    k^{μν} = √(-g) [ξ^ν ∇^μ h + ξ^μ ∇_σ h^{σν} + ξ_σ ∇^ν h^{σμ} + ½ h ∇^ν ξ^μ
    + ½ h^{μσ}(∇_σ ξ^ν - ∇^ν ξ_σ)] - (μ ↔ ν), indices moved with g, h = g^{μν} h_{μν}.
    The surface charge is δQ = (1/16πG) ∮ (d^{n-2}x)_{μν} k^{μν}.

    >>> x, y, z = sp.symbols("x y z")
    >>> flat = Metric(sp.diag(-1, 1, 1), (x, y, z))
    >>> barnich_brandt(flat, sp.zeros(3, 3), [1, 0, 0])
    Matrix([
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0]])
    """
    n = g.dim
    ginv = g.inverse
    h = sp.Matrix(h)
    if h.shape != (n, n):
        raise ValueError(f"h has shape {h.shape}, expected {(n, n)}")
    xi = [sp.sympify(c) for c in xi]
    if len(xi) != n:
        raise ValueError(f"xi has {len(xi)} components, expected {n}")
    trace = sp.expand(sum(ginv[a, b] * h[a, b] for a in range(n) for b in range(n)))
    h_up = (ginv * h * ginv).applyfunc(sp.expand)
    xi_low = [sp.expand(sum(g.g[a, b] * xi[b] for b in range(n))) for a in range(n)]
    D_hup = g.covariant_derivative(h_up, "uu")        # [s, n, c] = ∇_c h^{sn}
    D_xi = g.covariant_derivative(xi, "u")            # [m, c] = ∇_c ξ^m
    D_xilow = g.covariant_derivative(xi_low, "d")     # [s, c] = ∇_c ξ_s
    D_trace = [sp.diff(trace, c) for c in g.coords]
    up_trace = [sum(ginv[m, c] * D_trace[c] for c in range(n)) for m in range(n)]
    # ∇^ν ξ^μ = g^{νc} ∇_c ξ^μ ; ∇^ν ξ_σ = g^{νc} ∇_c ξ_σ ; ∇^ν h^{σμ} = g^{νc} ∇_c h^{σμ}
    Dup_xi = [[sum(ginv[nu, c] * D_xi[m, c] for c in range(n)) for nu in range(n)]
              for m in range(n)]
    Dup_xilow = [[sum(ginv[nu, c] * D_xilow[s, c] for c in range(n)) for nu in range(n)]
                 for s in range(n)]
    div_h = [sum(D_hup[s, nu, s] for s in range(n)) for nu in range(n)]
    sqrtg = sp.sqrt(-g.det)

    def X(m: int, nu: int) -> sp.Expr:
        val = xi[nu] * up_trace[m] + xi[m] * div_h[nu]
        val += sum(xi_low[s] * sum(ginv[nu, c] * D_hup[s, m, c] for c in range(n))
                   for s in range(n))
        val += trace * Dup_xi[m][nu] / 2
        val += sum(h_up[m, s] * (D_xi[nu, s] - Dup_xilow[s][nu]) for s in range(n)) / 2
        return val

    Xs = [[X(m, nu) for nu in range(n)] for m in range(n)]
    return sp.ImmutableMatrix(n, n, lambda m, nu: sp.expand(sqrtg * (Xs[m][nu] - Xs[nu][m])))


def _integrate_by_parts(density: sp.Expr, fields: Sequence[sp.Expr],
                        ) -> tuple[dict[sp.Expr, sp.Expr], sp.Expr]:
    """Write ∮ density dφ as ∮ (Σ_f c_f f + rest) dφ, moving φ-derivatives off the fields.

    Returns ``({field: c_f}, rest)`` where ``rest`` holds no field."""
    density = sp.expand(density)
    out = {f: sp.S.Zero for f in fields}
    rest = density
    for f in fields:
        for k in range(0, 8):
            atom = f if k == 0 else sp.Derivative(f, (phi, k))
            c = sp.expand(rest).coeff(atom)
            if c == 0:
                continue
            rest = sp.expand(rest - c * atom)
            out[f] += (-1) ** k * sp.diff(c, phi, k)
    rest = sp.expand(rest)
    if any(rest.has(f) for f in fields):
        raise ValueError(f"density is not linear in {fields}: leftover {rest}")
    return {f: sp.expand(c) for f, c in out.items()}, rest


@lru_cache(maxsize=8)
def _derived_charge_density(scri: str = "+", formula: str = "barnich-brandt",
                            ) -> tuple[sp.Expr, sp.Expr]:
    """Coefficients (a, b) with δQ = (1/16πG) ∮ (a δΘ + b δΞ) dφ, from ``formula``."""
    if formula not in _FORMULAS:
        raise ValueError(f"formula={formula!r} must be one of {list(_FORMULAS)}")
    Th, X = _Theta(phi), _Xi(phi)
    dTh, dX = sp.Function("dTheta")(phi), sp.Function("dXi")(phi)
    g = solution_metric(Th, X, scri)
    sol = solution_space(scri)["N"]
    dN = sp.expand(sol.subs({Th: dTh, X: dX}).doit())
    h = sp.Matrix([[dTh, 0, dN], [0, 0, 0], [dN, 0, 0]])
    xi = _on_solutions(killing_vector(scri=scri), Th, X, scri)
    k = (barnich_brandt if formula == "barnich-brandt" else iyer_wald)(g, h, xi)
    coeffs = inverse_power_coefficients(k[0, 1], r, 1)
    if any(kk < 0 and c != 0 for kk, c in coeffs.items()):
        raise ValueError("the surface charge diverges as r -> oo")
    dens = coeffs.get(0, sp.S.Zero)
    parts, rest = _integrate_by_parts(dens, [dTh, dX])
    if rest != 0:
        raise ValueError(f"the charge variation has a field-independent piece {rest}")
    a, b = parts[dTh], parts[dX]
    if u in (a + b).free_symbols or {Th, X} & (a + b).atoms(sp.Function):
        raise ValueError("the derived charge is not integrable with field-independent "
                         f"coefficients: a={a}, b={b}")
    return a, b


def charge_density(T: Any = None, Y: Any = None, Theta: Any = None, Xi: Any = None,
                   G: Any = G, scri: str = "+", formula: str = "barnich-brandt") -> sp.Expr:
    """The integrand q with Q_{T,Y} = ∮ q dφ, derived: q = (TΘ + 2YΞ)/(16πG).

    ``scri="-"`` derives it at past null infinity, in the advanced chart of :func:`metric`
    (ε_{vrφ} = +1, the orientation of (t, r, φ) as at I⁺): the same density.
    ``formula="iyer-wald"`` derives it from δQ_Komar - ι_ξΘ
    (:func:`~symphys.gr.surface_charges.iyer_wald`) instead: the same density again.

    >>> charge_density()
    (T(phi)*Theta(phi) + 2*Xi(phi)*Y(phi))/(16*pi*G)
    """
    a, b = _derived_charge_density(scri, formula)
    Th = _Theta(phi) if Theta is None else _as_phi_function(Theta, "Theta")
    X = _Xi(phi) if Xi is None else _as_phi_function(Xi, "Xi")
    subs = {}
    if T is not None:
        subs[_T(phi)] = _as_phi_function(T, "T")
    if Y is not None:
        subs[_Y(phi)] = _as_phi_function(Y, "Y")
    q = (a.subs(subs).doit() * Th + b.subs(subs).doit() * X)
    return sp.factor_terms(sp.expand(q)) / (16 * sp.pi * sp.sympify(G))


def charge(T: Any, Y: Any, Theta: Any, Xi: Any, G: Any = G, scri: str = "+",
           formula: str = "barnich-brandt") -> sp.Expr:
    """Q_{T,Y}[Θ, Ξ] = ∮ dφ (TΘ + 2YΞ)/(16πG), with the derived density, integrated exactly.

    Minkowski: energy Q_{1,0} = -1/(8G); flat-space cosmology Θ = 8GM, Ξ = 4GJ: (M, J).

    >>> charge(1, 0, -1, 0)
    -1/(8*G)
    >>> M, J = sp.symbols("M J")
    >>> (charge(1, 0, 8*G*M, 4*G*J), charge(0, 1, 8*G*M, 4*G*J))
    (M, J)
    >>> charge(1, 0, -1, 0, formula="iyer-wald")
    -1/(8*G)

    ``T``, ``Y``, ``Theta``, ``Xi``: functions of φ; ``scri``: "+" (future null infinity) or
    "-" (past, advanced chart); ``formula``: "barnich-brandt" or "iyer-wald".
    """
    q = charge_density(T, Y, Theta, Xi, G, scri, formula)
    return sp.simplify(sp.integrate(sp.expand(q), (phi, 0, 2 * sp.pi)))


# -------------------------------------------------------------------------------- algebra


def _bracket(T1: sp.Expr, Y1: sp.Expr, T2: sp.Expr, Y2: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(T12, Y12) of the modified Lie bracket [ξ1, ξ2]_M = [ξ1, ξ2] - δ_ξ1 ξ2 + δ_ξ2 ξ1."""
    Th, X = _Theta(phi), _Xi(phi)
    x1 = _on_solutions(killing_vector(T1, Y1), Th, X)
    x2 = _on_solutions(killing_vector(T2, Y2), Th, X)
    lie = [sp.expand(sum(x1[c] * sp.diff(x2[a], COORDS[c]) - x2[c] * sp.diff(x1[a], COORDS[c])
                         for c in range(3))) for a in range(3)]
    # ξ depends on the fields through N: subtract δ_ξ1 ξ2 and add δ_ξ2 ξ1
    d1 = variation(T1, Y1, Th, X)
    d2 = variation(T2, Y2, Th, X)
    eps = sp.Symbol("eps")

    def shifted(vec_TY: tuple, d: tuple) -> list[sp.Expr]:
        return [sp.diff(c, eps).subs(eps, 0) for c in
                _on_solutions(killing_vector(*vec_TY), Th + eps * d[0], X + eps * d[1])]

    corr = [a - b for a, b in zip(shifted((T2, Y2), d1), shifted((T1, Y1), d2), strict=False)]
    br = [sp.expand(lie[a] - corr[a]) for a in range(3)]
    Y12 = sp.expand(sum(c for k, c in inverse_power_coefficients(br[2], r, 1).items() if k == 0))
    T12 = sp.expand(br[0].subs(u, 0))
    check = _on_solutions(killing_vector(T12, Y12), Th, X)
    if any(sp.simplify(a - b) != 0 for a, b in zip(check, br, strict=False)):
        raise ValueError("the bracket of two asymptotic Killing vectors left the family")
    return T12, Y12


def bracket(T1: Any, Y1: Any, T2: Any, Y2: Any) -> tuple[sp.Expr, sp.Expr]:
    """(T12, Y12) with [ξ_{T1,Y1}, ξ_{T2,Y2}]_M = ξ_{T12,Y12} (modified Lie bracket), computed.

    Result: Y12 = Y1Y2' - Y2Y1', T12 = Y1T2' + T1Y2' - (1 ↔ 2).

    >>> bracket(0, 1, sp.cos(phi), 0)
    (-sin(phi), 0)
    """
    names = ("T1", "Y1", "T2", "Y2")
    args = [_as_phi_function(v, n) for v, n in zip((T1, Y1, T2, Y2), names, strict=True)]
    return _bracket(*args)


@lru_cache(maxsize=1)
def algebra() -> dict[str, Any]:
    """The charge algebra {Q_1, Q_2} := δ_ξ2 Q_ξ1 = Q_[ξ1,ξ2] + K, and its central charges.

    Everything is computed from the derived vectors, variations and charges: the bracket
    (T12, Y12) from the modified Lie bracket, K as the field-independent remainder. In modes
    (j_m: Y = e^{imφ}; p_m: T = e^{imφ}) it returns ``"central_charges": (c1, c2)`` with
    i{J_m, J_n} = (m-n)J_{m+n} + (c1/12) m³ δ_{m+n,0} and
    i{J_m, P_n} = (m-n)P_{m+n} + (c2/12) m³ δ_{m+n,0}.

    >>> algebra()["central_charges"]
    (0, 3/G)
    """
    T1, Y1, T2, Y2 = (sp.Function(n)(phi) for n in ("T1", "Y1", "T2", "Y2"))
    Th, X = _Theta(phi), _Xi(phi)
    T12, Y12 = _bracket(T1, Y1, T2, Y2)
    dTh, dX = variation(T2, Y2, Th, X)
    lhs = charge_density(T1, Y1, dTh, dX)
    rhs = charge_density(T12, Y12, Th, X)
    K = sp.expand(lhs - rhs)
    Kparts, K = _integrate_by_parts(K, [Th, X])
    if any(sp.simplify(c) != 0 for c in Kparts.values()):
        raise ValueError(f"the remainder K depends on the fields: {Kparts}")
    m, n = sp.symbols("m n", integer=True)

    def central(Ta: Any, Ya: Any, Tb: Any, Yb: Any) -> sp.Expr:
        subs = {T1: Ta, Y1: Ya, T2: Tb, Y2: Yb}
        dens = sp.expand(K.subs(subs).doit())
        # ∮ e^{i(m+n)φ} dφ = 2π δ_{m+n,0}: strip the exponential and set n = -m
        inner = sp.simplify(dens / sp.exp(sp.I * (m + n) * phi))
        if phi in inner.free_symbols:
            raise ValueError(f"unexpected φ-dependence in the central term: {inner}")
        kmn = sp.expand(2 * sp.pi * inner.subs(n, -m))
        term = sp.expand(sp.I * kmn)  # i{.,.} = ... + i K
        if term == 0:
            return sp.S.Zero
        poly = sp.Poly(term, m)
        if set(poly.monoms()) - {(3,), (1,)}:
            raise ValueError(f"central term {term} is not of the form a m^3 + b m")
        return sp.simplify(12 * poly.coeff_monomial(m**3))

    e_m, e_n = sp.exp(sp.I * m * phi), sp.exp(sp.I * n * phi)
    c1 = central(0, e_m, 0, e_n)
    c2 = central(0, e_m, e_n, 0)
    return {
        "bracket": (T12, Y12),
        "cocycle_density": sp.simplify(K),
        "central_charges": (c1, c2),
        "modes": "i{J_m,J_n} = (m-n)J_{m+n} + c1/12 m^3 d_{m+n}; "
                 "i{J_m,P_n} = (m-n)P_{m+n} + c2/12 m^3 d_{m+n}; {P_m,P_n} = 0",
    }


# --------------------------------------------------------------------- named solutions etc.


def _scalar(value: Any, name: str) -> sp.Expr:
    try:
        out = sp.sympify(value)
    except (sp.SympifyError, TypeError) as exc:
        raise TypeError(f"{name}={value!r} is not a sympy expression: {exc}") from exc
    if not isinstance(out, sp.Expr):
        raise TypeError(f"{name}={value!r} must be a scalar sympy expression")
    return out


def minkowski() -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) = (-1, 0): global Minkowski space in Bondi coordinates.

    >>> minkowski()
    (-1, 0)
    """
    return sp.Integer(-1), sp.Integer(0)


def conical_defect(alpha: Any) -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) = (-α², 0): a conical defect (α = 1 is Minkowski); mass -α²/(8G).

    >>> conical_defect(sp.Rational(1, 2))
    (-1/4, 0)
    """
    return -_scalar(alpha, "alpha") ** 2, sp.Integer(0)


def flat_space_cosmology(M: Any, J: Any, G: Any = G) -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) = (8GM, 4GJ): a flat-space cosmology of mass M and angular momentum J.

    >>> flat_space_cosmology(1, 2)
    (8*G, 8*G)
    """
    Gs = _scalar(G, "G")
    return 8 * Gs * _scalar(M, "M"), 4 * Gs * _scalar(J, "J")


def supertranslated_minkowski(alpha: Any) -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) of Minkowski after the finite supertranslation T = α(φ): (-1, -(α' + α''')).

    Computed from :func:`variation` (exact: on Θ = -1 the supertranslation law is affine).

    >>> supertranslated_minkowski(sp.cos(2 * phi))
    (-1, -6*sin(2*phi))
    """
    a = _as_phi_function(alpha, "alpha")
    dTh, dX = variation(a, 0, -1, 0)
    return sp.Integer(-1) + dTh, dX


def antipodal_map(Theta: Any, Xi: Any, T: Any = 0, Y: Any = 0) -> dict[str, sp.Expr]:
    """Data at past null infinity matched to future null infinity (PSS arXiv:1701.06573).

    Θ⁺(φ) = Θ⁻(φ + π), Ξ⁺(φ) = Ξ⁻(φ + π), and the same for T and Y, so Q⁺_{T⁺,Y⁺} = Q⁻_{T,Y}.
    Takes the I⁻ data and returns the I⁺ data under the keys Theta, Xi, T, Y. I⁻ uses advanced
    Bondi coordinates (v = t + r, ds² = Θ dv² + 2 dv dr + 2N dv dφ + r² dφ², ``scri="-"`` in
    :func:`metric`), where the field equations, vectors, laws and Barnich-Brandt charges are
    derived afresh (``charge(..., scri="-")``); they come out in the same form as at I⁺, so
    the matching keeps every charge (checked in the tests), the global Poincaré generators of
    Minkowski obey it, and it commutes with the BMS3 transformation laws.

    >>> antipodal_map(sp.cos(phi), 0)["Theta"]
    -cos(phi)
    """
    out = {}
    for name, val in (("Theta", Theta), ("Xi", Xi), ("T", T), ("Y", Y)):
        out[name] = sp.simplify(_as_phi_function(val, name).subs(phi, phi + sp.pi))
    return out


def stabilizer(Theta: Any, Xi: Any, max_mode: int = 4) -> list[tuple[sp.Expr, sp.Expr]]:
    """The symmetries (T, Y) of a solution: δΘ = δΞ = 0, among Fourier modes |k| <= max_mode.

    Exact linear algebra on trigonometric polynomials; Θ, Ξ must be trigonometric polynomials
    (e.g. constants). Minkowski has the 6 Poincaré generators (iso(2,1)); a generic conical
    defect or flat-space cosmology only (T, Y) = (1, 0), (0, 1).

    >>> len(stabilizer(-1, 0)), len(stabilizer(sp.Rational(-1, 4), 0))
    (6, 2)
    """
    if int(max_mode) != max_mode or max_mode < 0:
        raise ValueError(f"max_mode={max_mode} must be a non-negative integer")
    basis = [sp.Integer(1)]
    for k in range(1, max_mode + 1):
        basis += [sp.cos(k * phi), sp.sin(k * phi)]
    cs = sp.symbols(f"t0:{len(basis)}"), sp.symbols(f"y0:{len(basis)}")
    T = sum(c * b for c, b in zip(cs[0], basis, strict=False))
    Y = sum(c * b for c, b in zip(cs[1], basis, strict=False))
    Th = _as_phi_function(Theta, "Theta")
    X = _as_phi_function(Xi, "Xi")
    # δΘ, δΞ from the derived (linear) laws with generic T, Y substituted
    dTh, dX = variation(None, None, Th, X)
    dTh = dTh.subs({_T(phi): T, _Y(phi): Y}).doit()
    dX = dX.subs({_T(phi): T, _Y(phi): Y}).doit()
    z = sp.Symbol("z", positive=True)
    shift = 8 * max_mode + 16
    eqs = []
    for expr in (dTh, dX):
        e = sp.expand(sp.expand(expr).rewrite(sp.exp))
        e = sp.expand(e.subs(phi, -sp.I * sp.log(z)) * z**shift)
        if e == 0:
            continue
        try:
            eqs += sp.Poly(e, z).coeffs()
        except sp.PolynomialError as exc:
            raise ValueError(f"Theta={Th} and Xi={X} must be trigonometric polynomials in phi "
                             f"of degree <= {max_mode + 8}: {exc}") from exc
    unknowns = [*cs[0], *cs[1]]
    if not eqs:
        eqs = [sp.S.Zero]
    A = sp.Matrix([[sp.expand(e).coeff(c) for c in unknowns] for e in eqs])
    null = A.nullspace()
    out = []
    for v in null:
        Tv = sum(v[i] * basis[i] for i in range(len(basis)))
        Yv = sum(v[len(basis) + i] * basis[i] for i in range(len(basis)))
        out.append((sp.simplify(Tv), sp.simplify(Yv)))
    return out


# ---------------------------------------------------------------------------------- numeric


def _real_samples(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real samples (Θ and Ξ are real functions of φ)")
    try:
        return arr.astype(float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from exc


def charges_fft(theta: np.ndarray, xi: np.ndarray, G: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Supertranslation and superrotation charges P_n, J_n of sampled Θ(φ), Ξ(φ), by FFT.

    ``theta``, ``xi``: arrays (..., N) sampled at φ_j = 2πj/N. Returns (P, J), complex arrays
    (..., N) indexed like ``numpy.fft.fftfreq(N, 1/N)`` (n = 0, 1, ..., -1), with
    P_n = (1/16πG) ∮ e^{inφ} Θ dφ and J_n = (1/16πG) ∮ 2 e^{inφ} Ξ dφ (the trapezoid rule,
    spectrally accurate for smooth periodic data).

    >>> P, J = charges_fft(-np.ones(8), np.zeros(8))   # Minkowski sampled on 8 points
    >>> float(P[0].real) == -1 / 8
    True
    """
    theta, xi = _real_samples(theta, "theta"), _real_samples(xi, "xi")
    if theta.shape != xi.shape:
        raise ValueError(f"theta has shape {theta.shape} but xi has {xi.shape}: they must match")
    if theta.ndim == 0 or theta.shape[-1] < 1:
        raise ValueError("theta and xi must be arrays (..., N) with N >= 1 samples")
    if not np.isfinite(theta).all() or not np.isfinite(xi).all():
        raise ValueError("theta and xi must be finite")
    if not (np.isscalar(G) or np.ndim(G) == 0) or G <= 0:
        raise ValueError(f"G={G} must be a positive number")
    # ∮ e^{inφ} f dφ = 2π/N Σ_j f_j e^{2πi n j/N} = 2π · ifft(f)_n
    P = 2 * np.pi * np.fft.ifft(theta, axis=-1) / (16 * np.pi * G)
    J = 2 * 2 * np.pi * np.fft.ifft(xi, axis=-1) / (16 * np.pi * G)
    return P, J
