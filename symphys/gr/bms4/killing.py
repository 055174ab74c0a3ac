"""BMS4 asymptotic Killing vectors and their action on C_AB and m_B, derived.

The vector ξ = (ξ^u, ξ^r, ξ^A) is solved order by order in 1/r from the Bondi gauge
(L_ξ g_rr = 0, L_ξ g_rA = 0, g^{AB} L_ξ g_AB = 0), then the fall-offs L_ξ g_ur = O(r⁻²),
L_ξ g_uA = O(1), L_ξ g_AB = O(r) give ∂_u Y^A = 0, ∂_u f = ½ D_A Y^A (so
f = T(θ, φ) + (u/2) D_A Y^A) and the conformal Killing equation of the sphere for Y^A. The
result (Barnich & Troessaert, arXiv:1001.1541):
ξ^A = Y^A - D^A f/r + C^{AB} ∂_B f/(2r²) + ..., ξ^r = -(r/2) D_A Y^A + ½ D² f + ...;
δC_AB = f N_AB + L_Y C_AB - ½ D_C Y^C C_AB - 2 D_A D_B f + γ_AB D² f (δ_ξ g = L_ξ g).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr._convert import as_expr, check_finite
from symphys.gr.bms4.bondi_sachs import _ARGS, ANGLES, COORDS, metric, sphere_metric, u
from symphys.gr.expansion import inverse_power_coefficients

__all__ = ["conditions", "killing_vector", "supertranslation_law", "variation"]

r = COORDS[1]
_f = sp.Function("f")(*_ARGS)
_Y = (sp.Function("Y_theta")(*_ARGS), sp.Function("Y_phi")(*_ARGS))
_T = sp.Function("T")(*ANGLES)
Ys = (sp.Function("Y_theta")(*ANGLES), sp.Function("Y_phi")(*ANGLES))


def _lie(g: sp.Matrix, xi: list[sp.Expr]) -> sp.Matrix:
    n = len(COORDS)
    return sp.Matrix(n, n, lambda a, b: sp.expand(sum(
        xi[c] * sp.diff(g[a, b], COORDS[c]) + g[c, b] * sp.diff(xi[c], COORDS[a])
        + g[a, c] * sp.diff(xi[c], COORDS[b]) for c in range(n))))


def _inverse_angular(g: sp.Matrix, order: int) -> sp.Matrix:
    """g^{AB} to O(r^-order): r⁻² Σ_k (-M)^k γ^{-1}, M = γ^{-1}(g_AB/r² - γ) (Neumann)."""
    gam = sphere_metric()
    gi = gam.inv()
    M = (gi * (g[2:, 2:] / r**2 - gam)).applyfunc(sp.expand)
    out, P = sp.zeros(2), sp.eye(2)
    for _ in range(order - 1):
        out += P
        P = (-P * M).applyfunc(sp.expand)
    return (out * gi / r**2).applyfunc(sp.expand)


@lru_cache(maxsize=1)
def _derived() -> dict[str, Any]:
    g = sp.Matrix(metric())
    a = [[sp.Function(f"_a{k}_{i}")(*_ARGS) for i in range(2)] for k in (1, 2)]
    b = [sp.Function(f"_b{k}")(*_ARGS) for k in (-1, 0, 1)]
    xi = [_f, b[0] * r + b[1] + b[2] / r,
          *[_Y[i] + a[0][i] / r + a[1][i] / r**2 for i in range(2)]]
    L = _lie(g, xi)
    ginv = _inverse_angular(g, 5)
    eqs = []
    for A in range(2):
        for k, v in inverse_power_coefficients(L[1, 2 + A], r, 2).items():
            eqs.append((k, v))
    trace = sp.expand(sum(ginv[A, B] * L[2 + A, 2 + B] for A in range(2) for B in range(2)))
    eqs += list(inverse_power_coefficients(trace, r, 3).items())
    unknowns = [*a[0], *a[1], *b]
    sol: dict = {}
    for _, e in sorted(eqs, key=lambda kv: kv[0]):
        e = sp.expand(e.subs(sol).doit())
        todo = [x for x in unknowns if x not in sol and e.has(x)]
        if e == 0:
            continue
        if not todo:
            raise ValueError(f"the Bondi gauge conditions are inconsistent: {e} = 0")
        x = todo[0]
        val = sp.expand(sp.solve(e, x)[0])
        sol = {k: sp.expand(v.subs(x, val).doit()) for k, v in sol.items()}
        sol[x] = val
    xi = [sp.expand(c.subs(sol).doit()) for c in xi]
    L = _lie(g, xi)
    # fall-offs: ∂_u Y (g_uA at r²), ∂_u f (g_ur at r⁰), the conformal Killing equation (g_AB
    # at r², traceless part)
    cond_uY = [inverse_power_coefficients(L[0, 2 + A], r, -1).get(-2, 0) for A in range(2)]
    cond_uf = inverse_power_coefficients(L[0, 1], r, 1).get(0, 0)
    ckv = [inverse_power_coefficients(L[2 + A, 2 + B], r, -1).get(-2, 0)
           for A, B in ((0, 0), (0, 1), (1, 1))]
    return {"xi": xi, "L": L, "du_Y": cond_uY, "du_f": cond_uf, "ckv": ckv}


def conditions() -> dict[str, Any]:
    """The fall-off conditions on (f, Y^A), derived (each expression must vanish).

    ``"du_Y"``: r² γ_AB ∂_u Y^B (so Y^A = Y^A(θ, φ)); ``"du_f"``: ∂_u f - ½ D_A Y^A up to
    a factor; ``"ckv"``: the components (θθ, θφ, φφ) of the conformal Killing equation
    L_Y γ_AB - D_C Y^C γ_AB (up to a factor).

    >>> sorted(conditions())
    ['ckv', 'du_Y', 'du_f']
    """
    d = _derived()
    return {k: d[k] for k in ("du_Y", "du_f", "ckv")}


def _check_ckv(Y: tuple[sp.Expr, sp.Expr]) -> None:
    sub = {_Y[0]: Y[0], _Y[1]: Y[1]}
    for e in _derived()["ckv"]:
        if sp.simplify(e.subs(sub).doit()) != 0:
            raise ValueError(f"Y={Y} is not a conformal Killing vector of the unit sphere "
                             f"(L_Y gamma - D.Y gamma != 0)")


def _on_shell_generator(T_: sp.Expr, Y: tuple[sp.Expr, sp.Expr]) -> dict[sp.Expr, sp.Expr]:
    """f = T + (u/2) D_A Y^A and Y^A(θ, φ), from the derived conditions."""
    psi = sp.diff(Y[0], ANGLES[0]) + sp.diff(Y[1], ANGLES[1]) + sp.cot(ANGLES[0]) * Y[0]
    return {_f: T_ + u * psi / 2, _Y[0]: Y[0], _Y[1]: Y[1]}


def _angle_function(value: Any, name: str) -> sp.Expr:
    out = as_expr(value, name)
    if {u, r} & out.free_symbols:
        raise ValueError(f"{name}={out} must be a function of (theta, phi) only")
    return out


def killing_vector(T: Any = None, Y: Any = None) -> tuple[sp.Expr, ...]:
    """ξ = (ξ^u, ξ^r, ξ^θ, ξ^φ) of the supertranslation T(θ, φ) and superrotation Y^A, derived.

    To the orders derived (ξ^r to O(1/r), ξ^A to O(1/r²)); ``Y`` must be a conformal Killing
    vector of the sphere (checked; default 0), ``T`` defaults to T(θ, φ).

    >>> killing_vector(1)                   # a time translation
    (1, 0, 0, 0)
    """
    T_ = _T if T is None else _angle_function(T, "T")
    Yv = (0, 0) if Y is None else tuple(_angle_function(y, "Y") for y in Y)
    if len(Yv) != 2:
        raise ValueError("Y must have two components (Y^theta, Y^phi)")
    if Y is not None:
        _check_ckv(Yv)
    sub = _on_shell_generator(T_, Yv)
    return tuple(check_finite(sp.simplify(sp.expand(c.subs(sub).doit())), "killing_vector")
                 for c in _derived()["xi"])


@lru_cache(maxsize=4)
def _variation(T_: sp.Expr, Y: tuple) -> dict[str, sp.Expr]:
    d = _derived()
    sub = _on_shell_generator(T_, Y)
    L = d["L"]
    out = {}
    cAB = [inverse_power_coefficients(L[2 + A, 2 + B], r, 0).get(-1, 0)
           for A, B in ((0, 0), (0, 1))]
    out["c"] = sp.expand(cAB[0].subs(sub).doit())
    out["d"] = sp.expand(cAB[1].subs(sub).doit())
    out["m_B"] = sp.expand(inverse_power_coefficients(L[0, 0], r, 2).get(1, 0).subs(sub).doit()
                           / 2)
    return out


def variation(T: Any = None, Y: Any = None) -> dict[str, sp.Expr]:
    """δc, δd (C_θθ, C_θφ) and δm_B under ξ_{T,Y} with δ_ξ g = L_ξ g, derived.

    δC_AB = f N_AB + L_Y C_AB - ½ D_C Y^C C_AB - 2 D_A D_B f + γ_AB D² f and δm_B is the
    1/r coefficient of L_ξ g_uu / 2 (it holds f ∂_u m_B, as in Barnich & Troessaert,
    arXiv:1001.1541), with f = T + (u/2) D_A Y^A.

    >>> v = variation(1)                    # a time translation: δX = ∂_u X
    >>> v["m_B"]
    Derivative(m_B(u, theta, phi), u)
    """
    T_ = _T if T is None else _angle_function(T, "T")
    Yv = (sp.S.Zero, sp.S.Zero) if Y is None else tuple(_angle_function(y, "Y") for y in Y)
    if len(Yv) != 2:
        raise ValueError("Y must have two components (Y^theta, Y^phi)")
    if Y is not None:
        _check_ckv(Yv)
    return {k: check_finite(v, "variation") for k, v in _variation(T_, Yv).items()}


def supertranslation_law(T: Any) -> sp.Matrix:
    """δC_AB under the supertranslation T(θ, φ), shape (2, 2), derived.

    = T N_AB - 2 D_A D_B T + γ_AB D² T (traceless: the -2 D_A D_B f + γ_AB D² f structure of
    Barnich & Troessaert, arXiv:1001.1541). An ℓ <= 1 T (a translation) leaves C_AB = 0.

    >>> supertranslation_law(1)[0, 0]
    Derivative(c(u, theta, phi), u)
    """
    v = variation(T)
    s2 = sp.sin(ANGLES[0]) ** 2
    return sp.Matrix([[v["c"], v["d"]], [v["d"], -s2 * v["c"]]])
