"""Four-dimensional Bondi-Sachs: the 1/r expansion of Einstein's equations and the mass loss.

The sphere is charted by (x, φ) with x = cos θ, so that the unit round metric
γ_AB dx^A dx^B = dx²/(1 - x²) + (1 - x²) dφ² is rational and every coefficient of the 1/r
expansion is a rational function kept in lowest terms. ∮ dΩ = ∫_{-1}^{1} dx ∫_0^{2π} dφ.

Ansatz (Bondi gauge g_rr = g_rA = 0, signature (-,+,+,+); Bondi, van der Burg & Metzner,
doi:10.1098/rspa.1962.0161; Sachs, doi:10.1098/rspa.1962.0206; the review of Mädler &
Winicour, arXiv:1609.01731; Barnich & Troessaert, arXiv:1001.1541; Strominger,
arXiv:1703.05448)::

    ds² = e^{2β} W du² - 2 e^{2β} du dr + g_AB (dx^A - U^A du)(dx^B - U^B du),
    g_AB = r² γ_AB + r C_AB + ¼ γ_AB C_CD C^CD + O(1/r),
    β = β₂/r² + O(r⁻³),  U^A = U₂^A/r² + U₃^A/r³ + O(r⁻⁴),  W = w₀ + 2 m_B/r + O(r⁻²),

with C_AB traceless (C_xx = c₁/(1-x²), C_xφ = c₂, C_φφ = -(1-x²) c₁), news N_AB = ∂_u C_AB,
free data c₁, c₂, m_B, U₃^A (functions of u, x, φ) and unknowns β₂, U₂^A, w₀ solved from the
field equations order by order. Results (derived, not typed in):
β₂ = -C_AB C^AB/32, U₂^A = -½ D_B C^AB, w₀ = -1,
∂_u m_B = ¼ D_A D_B N^AB - ⅛ N_AB N^AB, and with M_B = (1/4πG) ∮ m_B dΩ,
dM_B/du = -(1/32πG) ∮ N_AB N^AB dΩ <= 0.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr._convert import as_expr, check_bool, check_finite
from symphys.gr.metric import Metric

u, r, x, phi = sp.symbols("u r x phi", real=True)
G = sp.Symbol("G", positive=True)
COORDS = (u, r, x, phi)


def _nonzero_G(G: Any) -> sp.Expr:
    G = as_expr(G, "G")
    if G.is_zero or G.is_negative:
        raise ValueError(f"G={G} must be a positive constant (the charges divide by G)")
    return G


def _flags(axisymmetric: Any, progress: Any = False) -> tuple[bool, bool]:
    return check_bool(axisymmetric, "axisymmetric"), check_bool(progress, "progress")


def _progress(total: int, progress: bool, desc: str):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, leave=False)


def _fields(axisymmetric: bool) -> dict[str, sp.Expr]:
    args = (u, x) if axisymmetric else (u, x, phi)
    F = lambda name: sp.Function(name)(*args)  # noqa: E731
    out = {name: F(name) for name in ("c1", "m", "beta2", "w0", "U2x", "U3x")}
    zero = sp.S.Zero
    out.update({name: (zero if axisymmetric else F(name)) for name in ("c2", "U2p", "U3p")})
    return out


def sphere_metric() -> sp.Matrix:
    """γ_AB of the unit sphere in the chart (x = cos θ, φ).

    >>> sphere_metric()
    Matrix([
    [1/(1 - x**2),        0],
    [           0, 1 - x**2]])
    """
    return sp.diag(1 / (1 - x**2), 1 - x**2)


def shear(*, axisymmetric: bool = False) -> sp.Matrix:
    """C_AB (traceless w.r.t. γ) in terms of c1, c2 (c2 = 0 when axisymmetric).

    >>> shear(axisymmetric=True)
    Matrix([
    [c1(u, x)/(1 - x**2),                   0],
    [                  0, (x**2 - 1)*c1(u, x)]])
    """
    axisymmetric, _ = _flags(axisymmetric)
    f = _fields(axisymmetric)
    s2 = 1 - x**2
    return sp.Matrix([[f["c1"] / s2, f["c2"]], [f["c2"], -s2 * f["c1"]]])


def _contract(A: sp.Matrix, B: sp.Matrix) -> sp.Expr:
    gi = sphere_metric().inv()
    return sp.cancel(sum((gi * A * gi)[i, j] * B[i, j] for i in range(2) for j in range(2)))


def metric(*, axisymmetric: bool = False, solved: dict[str, sp.Expr] | None = None) -> Metric:
    """The truncated Bondi-Sachs ansatz as a :class:`Metric` in 1/r-series mode.

    ``solved`` substitutes already solved unknowns (keys "beta2", "U2x", "U2p", "w0").

    >>> metric(axisymmetric=True).g[1, 1]
    0
    """
    axisymmetric, _ = _flags(axisymmetric)
    f = _fields(axisymmetric)
    if solved:
        if not isinstance(solved, dict):
            raise TypeError(f"solved must be a dict, got {type(solved).__name__}")
        unknown = set(solved) - {"beta2", "U2x", "U2p", "w0"}
        if unknown:
            raise ValueError(f"solved has unknown keys {sorted(map(str, unknown))}; the keys "
                             "are 'beta2', 'U2x', 'U2p', 'w0'")
        solved = {k: as_expr(v, f"solved[{k!r}]") for k, v in solved.items()}
        f = {k: solved.get(k, v) for k, v in f.items()}
    gam, C = sphere_metric(), shear(axisymmetric=axisymmetric)
    C2 = _contract(C, C)
    O = lambda k: sp.O(r ** (-k), (r, sp.oo))  # noqa: E731
    gAB = r**2 * gam + r * C + gam * C2 / 4
    U = [f["U2x"] / r**2 + f["U3x"] / r**3, f["U2p"] / r**2 + f["U3p"] / r**3]
    e2b = 1 + 2 * f["beta2"] / r**2
    W = f["w0"] + 2 * f["m"] / r
    g = sp.zeros(4)
    g[0, 0] = sp.expand(e2b * W + sum(gAB[i, j] * U[i] * U[j]
                                      for i in range(2) for j in range(2))) + O(3)
    g[0, 1] = g[1, 0] = -e2b + O(4)
    for A in range(2):
        g[0, 2 + A] = g[2 + A, 0] = sp.expand(-sum(gAB[A, B] * U[B] for B in range(2))) + O(2)
        for B in range(2):
            g[2 + A, 2 + B] = gAB[A, B] + O(1)
    return Metric(g, COORDS, expand_in=r, order=4)


def _coeff(series: Any, k: int) -> sp.Expr:
    """Coefficient of r^(-k) of an :class:`~symphys.gr.series.InverseRSeries` (checked)."""
    return sp.cancel(series.coeff(k))


@lru_cache(maxsize=2)
def _einstein(axisymmetric: bool) -> tuple[Metric, list[list[Any]]]:
    """The ansatz and its Einstein tensor as 1/r series (raw backend values)."""
    m = metric(axisymmetric=axisymmetric)
    ric, R, g = m._ricci_raw, m._scalar_raw, m._g
    ein = [[ric[a][b] - R * g[a][b] / 2 for b in range(4)] for a in range(4)]
    return m, ein


def solve_hypersurface(*, axisymmetric: bool = False, progress: bool = False) -> dict[str, sp.Expr]:
    """Solve the leading hypersurface equations for β₂, U₂^A and w₀ (order by order in 1/r).

    G_rr at r⁻⁴ gives β₂; G_rA at their leading order give U₂^A; G_ur at r⁻² gives w₀.

    >>> sol = solve_hypersurface(axisymmetric=True, progress=False)
    >>> sol["beta2"], sol["w0"]
    (-c1(u, x)**2/16, -1)
    """
    axisymmetric, progress = _flags(axisymmetric, progress)
    return dict(_solve_hypersurface(axisymmetric, progress))


@lru_cache(maxsize=2)
def _solve_hypersurface(axisymmetric: bool, progress: bool) -> dict[str, sp.Expr]:
    f = _fields(axisymmetric)
    bar = _progress(3, progress, "Bondi-Sachs hypersurface equations")
    _, ein = _einstein(axisymmetric)
    sol: dict[str, sp.Expr] = {}
    # β₂ from G_rr
    e_rr = _coeff(ein[1][1], 4)
    sol["beta2"] = sp.solve(e_rr, f["beta2"])[0]
    if bar:
        bar.update()
    # U₂^A from G_rA (lowest non-vanishing order)
    unknowns = [f["U2x"]] if axisymmetric else [f["U2x"], f["U2p"]]
    eqs = []
    for A in (2, 3) if not axisymmetric else (2,):
        for k in range(ein[1][A].valuation, ein[1][A].prec):
            c = sp.cancel(ein[1][A].coeff(k).subs(f["beta2"], sol["beta2"]).doit())
            if c != 0:
                eqs.append(c)
                break
    res = sp.solve(eqs, unknowns, dict=True)
    if len(res) != 1:
        raise ValueError(f"could not solve the G_rA equations for {unknowns}: {eqs}")
    for name, un in zip(("U2x", "U2p"), unknowns, strict=False):
        sol[name] = sp.cancel(res[0][un])
    if axisymmetric:
        sol["U2p"] = sp.S.Zero
    if bar:
        bar.update()
    # w₀ from G_ur at r⁻²
    subs = {f["beta2"]: sol["beta2"], f["U2x"]: sol["U2x"]}
    if not axisymmetric:
        subs[f["U2p"]] = sol["U2p"]
    e_ur = sp.cancel(_coeff(ein[0][1], 2).subs(subs).doit())
    w = sp.solve(e_ur, f["w0"])
    if len(w) != 1:
        raise ValueError(f"could not solve G_ur for w0: {e_ur}")
    sol["w0"] = sp.cancel(w[0])
    if bar:
        bar.update()
        bar.close()
    return sol


def mass_aspect_evolution(*, axisymmetric: bool = False, progress: bool = False) -> sp.Expr:
    """∂_u m_B from the r⁻² coefficient of G_uu = 0 on the solved hypersurface data.

    Derived; equals ¼ D_A D_B N^AB - ⅛ N_AB N^AB (checked in the tests with the sphere's
    covariant derivatives).

    >>> e = mass_aspect_evolution(axisymmetric=True, progress=False)
    >>> c1 = sp.Function("c1")(u, x)
    >>> sp.expand(e).coeff(c1.diff(u) ** 2)
    -1/4
    """
    axisymmetric, progress = _flags(axisymmetric, progress)
    return _mass_aspect_evolution(axisymmetric, progress)


@lru_cache(maxsize=2)
def _mass_aspect_evolution(axisymmetric: bool, progress: bool) -> sp.Expr:
    f = _fields(axisymmetric)
    sol = solve_hypersurface(axisymmetric=axisymmetric, progress=progress)
    _, ein = _einstein(axisymmetric)
    subs = {f[k]: sol[k] for k in ("beta2", "U2x", "w0")}
    if not axisymmetric:
        subs[f["U2p"]] = sol["U2p"]
    e_uu = sp.expand(_coeff(ein[0][0], 2).subs(subs).doit())
    dm = f["m"].diff(u)
    res = sp.solve(e_uu, dm)
    if len(res) != 1:
        raise ValueError(f"G_uu at order r^-2 does not fix d m_B/du: {e_uu}")
    return sp.cancel(res[0])


def angular_momentum_evolution(*, axisymmetric: bool = False, progress: bool = False,
                               ) -> tuple[sp.Expr, sp.Expr]:
    """∂_u N_A (A = x, φ) from the r⁻² coefficient of G_uA = 0, derived.

    N_A is the angular-momentum aspect of Barnich & Troessaert (arXiv:1001.1541), defined by
    g_uA = ½ D^B C_AB + (2/3r)(N_A + ¼ C_AB D_C C^BC) + O(r⁻²); in this ansatz
    N_A = -(3/2)(γ_AB U₃^B + C_AB U₂^B) - ¼ C_AB D_C C^BC. G_uA at r⁻² fixes ∂_u U₃^A; the
    result is returned in terms of m_B, c1, c2 and their derivatives. Without shear (C = 0)
    it is ∂_u N_A = ∂_A m_B (checked in the tests); with shear it adds terms quadratic in
    (C, N) (papers define N_A up to multiples of C_AB D_C C^BC, which moves such terms).

    >>> dN = angular_momentum_evolution(axisymmetric=True)
    >>> m = sp.Function("m")(u, x); c1 = sp.Function("c1")(u, x)
    >>> sp.simplify(dN[0].subs(c1, 0).doit())
    Derivative(m(u, x), x)
    """
    axisymmetric, progress = _flags(axisymmetric, progress)
    return _angular_momentum_evolution(axisymmetric, progress)


@lru_cache(maxsize=2)
def _angular_momentum_evolution(axisymmetric: bool, progress: bool) -> tuple[sp.Expr, sp.Expr]:
    f = _fields(axisymmetric)
    sol = solve_hypersurface(axisymmetric=axisymmetric, progress=progress)
    _, ein = _einstein(axisymmetric)
    subs = {f[k]: sol[k] for k in ("beta2", "U2x", "w0")}
    if not axisymmetric:
        subs[f["U2p"]] = sol["U2p"]
    U3 = [f["U3x"], f["U3p"]]
    dU3 = [sp.Derivative(v, u) for v in U3]
    eqs = [sp.cancel(_coeff(ein[0][2 + A], 2).subs(subs).doit()) for A in range(2)]
    unknowns = [d for d in dU3 if d.expr != 0]
    res = sp.solve([e for e in eqs if e != 0], unknowns, dict=True)
    if len(res) != 1:
        raise ValueError(f"G_uA at order r^-2 does not fix d U3/du: {eqs}")
    rates = [sp.cancel(res[0].get(d, sp.S.Zero)) if d.expr != 0 else sp.S.Zero for d in dU3]
    gam, gi, C = sphere_metric(), sphere_metric().inv(), shear(axisymmetric=axisymmetric)
    U2 = [sol["U2x"], sol["U2p"]]
    sph = Metric(gam, (x, phi))
    DC = sph.covariant_derivative(gi * C * gi, "uu")            # [B, C, D] = D_D C^BC
    divC = [sum(DC[B, Cc, Cc] for Cc in range(2)) for B in range(2)]  # D_C C^BC
    out = []
    for A in range(2):
        rest = sum(C[A, B] * U2[B] for B in range(2)) * sp.Rational(3, 2) \
            + sum(C[A, B] * divC[B] for B in range(2)) / 4
        dN = -sp.Rational(3, 2) * sum(gam[A, B] * rates[B] for B in range(2)) - sp.diff(rest, u)
        out.append(sp.cancel(sp.expand(dN)))
    return out[0], out[1]


def clear_caches() -> None:
    """Forget the cached derivations (Einstein tensor, hypersurface solutions, mass loss)."""
    for f in (_einstein, _solve_hypersurface, _mass_aspect_evolution,
              _angular_momentum_evolution):
        f.cache_clear()


def news_squared(*, axisymmetric: bool = False) -> sp.Expr:
    """N_AB N^AB = 2((∂_u c1)² + (∂_u c2)²) >= 0, indices raised with γ.

    >>> news_squared(axisymmetric=True)
    2*Derivative(c1(u, x), u)**2
    """
    axisymmetric, _ = _flags(axisymmetric)
    Nn = shear(axisymmetric=axisymmetric).diff(u)
    return sp.factor_terms(sp.expand(_contract(Nn, Nn)))


def divergence_term(*, axisymmetric: bool = False) -> sp.Expr:
    """¼ D_A D_B N^AB on the unit sphere, as (1/√γ) ∂_A(√γ ...): a total divergence.

    >>> div = divergence_term(axisymmetric=True)
    >>> sp.integrate(div.subs(sp.Function("c1")(u, x), (1 - x**2) * u).doit(), (x, -1, 1))
    0
    """
    axisymmetric, _ = _flags(axisymmetric)
    gam = sphere_metric()
    gi = gam.inv()
    Nup = (gi * shear(axisymmetric=axisymmetric).diff(u) * gi).applyfunc(sp.cancel)
    sph = Metric(gam, (x, phi))
    DN = sph.covariant_derivative(Nup, "uu")          # [A, B, C] = D_C N^AB
    V = [sum(DN[A, B, B] for B in range(2)) for A in range(2)]   # D_B N^AB
    # D_A V^A = (1/√γ) ∂_A (√γ V^A), √γ = 1 in this chart
    return sp.cancel(sum(sp.diff(V[A], (x, phi)[A]) for A in range(2)) / 4)


def mass_loss(*, axisymmetric: bool = False, G: Any = G, progress: bool = False) -> dict[str, Any]:
    """The Bondi mass-loss law, derived.

    Splits the derived ∂_u m_B into the total divergence ¼ D_A D_B N^AB (it integrates to zero
    over the sphere) and a remainder, checks that the remainder is -⅛ N_AB N^AB, and returns
    ``{"dm_du": ..., "divergence": ..., "flux_density": -N_AB N^AB/8,
    "dM_du": -(1/32πG) ∮ N_AB N^AB dΩ (an unevaluated Integral)}``.

    >>> res = mass_loss(axisymmetric=True, progress=False)
    >>> res["flux_density"]
    -Derivative(c1(u, x), u)**2/4
    """
    axisymmetric, progress = _flags(axisymmetric, progress)
    G = _nonzero_G(G)
    dm = mass_aspect_evolution(axisymmetric=axisymmetric, progress=progress)
    div = divergence_term(axisymmetric=axisymmetric)
    rest = sp.cancel(dm - div)
    nn = news_squared(axisymmetric=axisymmetric)
    if sp.cancel(rest + nn / 8) != 0:
        raise ValueError(f"the non-divergence part {rest} is not -N_AB N^AB/8")
    dM = sp.Integral(-nn / (32 * sp.pi * G), (x, -1, 1), (phi, 0, 2 * sp.pi))
    return {"dm_du": dm, "divergence": div, "flux_density": sp.factor_terms(rest),
            "dM_du": dM}


def bondi_mass(m_B: Any, *, G: Any = G) -> sp.Expr:
    """M_B = (1/4πG) ∮ m_B dΩ with dΩ = dx dφ (x = cos θ).

    Schwarzschild has m_B = G M, so M_B = M:

    >>> M = sp.Symbol("M"); bondi_mass(G * M)
    M
    """
    m_B, G = as_expr(m_B, "m_B"), _nonzero_G(G)
    out = sp.simplify(sp.integrate(m_B, (x, -1, 1), (phi, 0, 2 * sp.pi)) / (4 * sp.pi * G))
    return check_finite(out, "bondi_mass(m_B)", why=f" for m_B={m_B}: the integral diverges")
