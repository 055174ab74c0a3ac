"""AdS3 in Bondi gauge, derived: field equations to the two Virasoro algebras.

Everything runs through :func:`~symphys.gr.ads3.bondi_gauge.problem`: the coupled equations
∂_u Θ = 2N'/l², ∂_u N = Θ'/2 are integrated into left and right movers (data Θ(φ), Ξ(φ) at
u = 0); the asymptotic Killing vectors ξ_{T,Y} obey the coupled ∂_u f = Y', ∂_u Y = f'/l²
(data T(φ), Y(φ) at u = 0); the laws are δΘ = YΘ' + 2Y'Θ - 2Y''' + (2/l²)(TΞ' + 2T'Ξ),
δΞ = YΞ' + 2Y'Ξ + ½TΘ' + T'Θ - T'''; the charge Q_{T,Y} = (1/16πG) ∮ (TΘ + 2YΞ) dφ; and in
the modes L±_m of ξ with (T, Y) = (l/2, ±1/2) e^{±imφ}, two Virasoro algebras with the
Brown-Henneaux central charges c± = 3l/(2G) (Brown & Henneaux 1986,
doi:10.1007/BF01211590; Barnich, Gomberoff & González, arXiv:1204.3288).

Conventions as in :mod:`symphys.gr.bms3`: δ_ξ g = L_ξ g (``sign="lie"``) or
-L_ξ g (``sign="barnich-troessaert"``); ε_{urφ} = +1; Q vanishes on Θ = Ξ = 0.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr._convert import check_finite
from symphys.gr._fourier import integrate_circle
from symphys.gr.ads3.bondi_gauge import _problem, l, metric
from symphys.gr.asymptotic import check_periodic
from symphys.gr.bms3.coordinates import G, as_G, as_phi_function, as_scalar, phi, variation_sign
from symphys.gr.metric import Metric

__all__ = ["algebra", "bracket", "charge", "charge_density", "field_equations",
           "killing_vector", "solution_metric", "solution_space", "variation", "virasoro_modes"]

_FORMULAS = ("barnich-brandt", "iyer-wald")


def field_equations() -> tuple[sp.Expr, ...]:
    """Einstein's equations G_ab - g_ab/l² = 0 for the ansatz, reduced (derived).

    >>> field_equations()[1]
    -Derivative(Theta(u, phi), u)/2 + Derivative(N(u, phi), phi)/l**2
    """
    return _problem().field_equations()


def solution_space() -> dict[str, sp.Expr]:
    """The general solution in terms of the data Θ(φ), Ξ(φ) at u = 0: left and right movers.

    Θ = ½[Θ(φ+u/l) + Θ(φ-u/l)] + [Ξ(φ+u/l) - Ξ(φ-u/l)]/l and
    N = (l/4)[Θ(φ+u/l) - Θ(φ-u/l)] + ½[Ξ(φ+u/l) + Ξ(φ-u/l)] (derived: the coupled system
    integrated along its characteristics φ ± u/l).

    >>> solution_space()["Theta"]
    Theta(phi - u/l)/2 + Theta(phi + u/l)/2 - Xi(phi - u/l)/l + Xi(phi + u/l)/l
    """
    return _problem().solution_space()


def solution_metric(Theta: Any = None, Xi: Any = None) -> Metric:
    """The metric on the solution space with data Θ(φ), Ξ(φ) at u = 0 (exact in u).

    Parameters
    ----------
    Theta, Xi : sympy expression, number or callable of φ, optional
        The data at u = 0 (default: undefined functions Θ(φ), Ξ(φ)).

    Returns
    -------
    Metric
        The solution of :func:`solution_space` put into the ansatz of
        :func:`~symphys.gr.ads3.bondi_gauge.metric`.

    Raises
    ------
    TypeError, ValueError
        Text, non-finite values, or data depending on u or r.

    Examples
    --------
    >>> solution_metric(-1, 0).g[0, 0]        # global AdS3
    -1 - r**2/l**2
    """
    th = sp.Function("Theta")(phi) if Theta is None else as_phi_function(Theta, "Theta")
    xi = sp.Function("Xi")(phi) if Xi is None else as_phi_function(Xi, "Xi")
    sol = solution_space()
    rules = {sp.Function("Theta"): sp.Lambda(phi, th), sp.Function("Xi"): sp.Lambda(phi, xi)}

    def put(e: sp.Expr) -> sp.Expr:
        for f, lam in rules.items():
            e = e.replace(f, lam)
        return sp.expand(e.doit())

    return metric(put(sol["Theta"]), put(sol["N"]))


def killing_vector(T: Any = None, Y: Any = None) -> tuple[sp.Expr, ...]:
    """The asymptotic Killing vector ξ_{T,Y} = (ξ^u, ξ^r, ξ^φ), derived, exact in u.

    Parameters
    ----------
    T, Y : sympy expression, number or callable of φ, optional
        The values of ξ^u and of the leading ξ^φ at u = 0 (default: undefined T(φ), Y(φ)).

    Returns
    -------
    tuple of 3 sympy.Expr
        (ξ^u, ξ^r, ξ^φ); the field N stays N(u, φ).

    Raises
    ------
    TypeError, ValueError
        Text, non-finite values, or generators depending on u or r.

    Examples
    --------
    >>> killing_vector(1, 0)[0]              # ∂_u
    1
    >>> killing_vector(0, 1)                 # a rotation
    (0, 0, 1)
    """
    gen = {}
    if T is not None:
        gen["T"] = as_phi_function(T, "T")
    if Y is not None:
        gen["Y"] = as_phi_function(Y, "Y")
    return _problem().killing_vectors(generator=gen)


def variation(T: Any = None, Y: Any = None, Theta: Any = None, Xi: Any = None, *,
              sign: str = "lie") -> tuple[sp.Expr, sp.Expr]:
    """(δΘ, δΞ) of the data under ξ_{T,Y}, read off δg = ±L_ξ g (derived).

    δΘ = YΘ' + 2Y'Θ - 2Y''' + (2/l²)(TΞ' + 2T'Ξ), δΞ = YΞ' + 2Y'Ξ + ½TΘ' + T'Θ - T'''
    with ``sign="lie"`` (the opposite with ``sign="barnich-troessaert"``, δg = -L_ξ g).

    Parameters
    ----------
    T, Y : sympy expression, number or callable of φ, optional
        The generator (default: undefined functions).
    Theta, Xi : sympy expression, number or callable of φ, optional
        The data at u = 0 (default: undefined functions).
    sign : {"lie", "barnich-troessaert"}, keyword-only

    Returns
    -------
    tuple of 2 sympy.Expr
        (δΘ, δΞ).

    Raises
    ------
    TypeError, ValueError
        Text, non-finite values, an unknown ``sign``.

    Examples
    --------
    >>> variation(1, 0, -1, 0)               # global AdS3 is static
    (0, 0)
    """
    s = variation_sign(sign)
    gen, data = {}, {}
    for name, val, out in (("T", T, gen), ("Y", Y, gen), ("Theta", Theta, data),
                           ("Xi", Xi, data)):
        if val is not None:
            out[name] = as_phi_function(val, name)
    law = _problem().variations(generator=gen, data=data)
    out = sp.simplify(s * law["Theta"]), sp.simplify(s * law["Xi"])
    return check_finite(out, "variation")


def charge_density(T: Any = None, Y: Any = None, Theta: Any = None, Xi: Any = None, *,
                   G: Any = G, formula: str = "barnich-brandt") -> sp.Expr:
    """The integrand q of Q_{T,Y} = ∮ q dφ, derived: (TΘ + 2YΞ)/(16πG).

    Parameters
    ----------
    T, Y, Theta, Xi : sympy expression, number or callable of φ, optional
        Generator and data (default: undefined functions of φ).
    G : sympy expression, keyword-only
        Newton's constant (positive).
    formula : {"barnich-brandt", "iyer-wald"}, keyword-only

    Returns
    -------
    sympy.Expr

    Raises
    ------
    TypeError, ValueError
        Text, non-finite values, G not positive, an unknown ``formula``.

    Examples
    --------
    >>> charge_density()
    (T(phi)*Theta(phi) + 2*Xi(phi)*Y(phi))/(16*pi*G)
    """
    if not isinstance(formula, str) or formula not in _FORMULAS:
        raise ValueError(f"formula={formula!r} must be one of {list(_FORMULAS)}")
    Gs = as_G(G)
    ch = _problem().charges(formula=formula)
    subs = {}
    for name, val in (("T", T), ("Y", Y), ("Theta", Theta), ("Xi", Xi)):
        if val is not None:
            subs[sp.Function(name)(phi)] = as_phi_function(val, name)
    dens = ch["density"] * sp.Symbol("G", positive=True) / Gs
    out = sp.factor_terms(sp.expand(dens.subs(subs).doit()))
    return check_finite(out, "charge_density")


def charge(T: Any, Y: Any, Theta: Any, Xi: Any, *, G: Any = G,
           formula: str = "barnich-brandt") -> sp.Expr:
    """Q_{T,Y}[Θ, Ξ] = (1/16πG) ∮ (TΘ + 2YΞ) dφ, integrated exactly.

    Global AdS3 (Θ = -1, Ξ = 0) has energy -1/(8G); BTZ (Θ = 8GM, Ξ = 4GJ) has (M, J).
    T, Y, Θ, Ξ must be finite and 2π-periodic (ValueError otherwise).

    Parameters
    ----------
    T, Y : sympy expression, number or callable of φ
    Theta, Xi : sympy expression, number or callable of φ
    G : sympy expression, keyword-only
    formula : {"barnich-brandt", "iyer-wald"}, keyword-only

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> charge(1, 0, -1, 0)
    -1/(8*G)
    """
    vals = {}
    for name, val in (("T", T), ("Y", Y), ("Theta", Theta), ("Xi", Xi)):
        vals[name] = check_periodic(as_phi_function(val, name), phi, name)
    q = charge_density(vals["T"], vals["Y"], vals["Theta"], vals["Xi"], G=G, formula=formula)
    out = integrate_circle(q, phi, name="the charge density")
    return check_finite(out, "charge", why=": the integral over phi diverges")


def bracket(T1: Any, Y1: Any, T2: Any, Y2: Any) -> tuple[sp.Expr, sp.Expr]:
    """(T12, Y12) of the modified bracket [ξ1, ξ2]_M, computed.

    Y12 = Y1Y2' - Y2Y1' + (T1T2' - T2T1')/l², T12 = Y1T2' + T1Y2' - (1 ↔ 2).

    Parameters
    ----------
    T1, Y1, T2, Y2 : sympy expression, number or callable of φ
        The two generators.

    Returns
    -------
    tuple of 2 sympy.Expr
        (T12, Y12).

    Raises
    ------
    TypeError, ValueError
        Text, non-finite values, generators depending on u or r.

    Examples
    --------
    >>> bracket(sp.cos(phi), 0, sp.sin(phi), 0)
    (0, l**(-2))
    """
    names = ("T1", "Y1", "T2", "Y2")
    a = [as_phi_function(v, n) for v, n in zip((T1, Y1, T2, Y2), names, strict=True)]
    br = _problem().bracket({"T": a[0], "Y": a[1]}, {"T": a[2], "Y": a[3]})
    return sp.simplify(br["T"]), sp.simplify(br["Y"])


def virasoro_modes(*, m: Any = None) -> dict[str, dict[str, sp.Expr]]:
    """The generators of L±_m: (T, Y) = (l/2, ±1/2) e^{±imφ} (data at u = 0).

    In terms of the BMS-like modes P_m (T = e^{imφ}) and J_m (Y = e^{imφ}),
    L±_{±m} = (l P_{±m} ± J_{±m})/2, so that l -> oo contracts them to bms3.

    Parameters
    ----------
    m : int or sympy expression, keyword-only
        The mode number (default the integer symbol ``m``); a non-integer number is a
        ValueError (the modes must be 2π-periodic).

    Returns
    -------
    dict
        ``{"L+": {"T": ..., "Y": ...}, "L-": {...}}``.

    Examples
    --------
    >>> virasoro_modes(m=1)["L+"]
    {'T': l*exp(I*phi)/2, 'Y': exp(I*phi)/2}
    """
    mm = sp.Symbol("m", integer=True) if m is None else as_scalar(m, "m")
    if mm.is_integer is False or (mm.is_number and not mm.is_integer):
        raise ValueError(f"m={mm} must be an integer (the modes e^(i m phi) are 2*pi-periodic)")
    e, em = sp.exp(sp.I * mm * phi), sp.exp(-sp.I * mm * phi)
    return {"L+": {"T": l * e / 2, "Y": e / 2}, "L-": {"T": l * em / 2, "Y": -em / 2}}


def algebra(*, formula: str = "barnich-brandt") -> dict[str, Any]:
    """The charge algebra, computed: two Virasoro algebras with c± = 3l/(2G).

    {Q_1, Q_2} := δ_ξ2 Q_ξ1 = Q_[ξ1,ξ2] + K; in the modes of :func:`virasoro_modes`,
    i{L±_m, L±_n} = (m-n) L±_{m+n} + (c±/12) m³ δ_{m+n,0}, {L+_m, L-_n} = 0.
    Parameters
    ----------
    formula : {"barnich-brandt", "iyer-wald"}, keyword-only

    Returns
    -------
    dict
        ``"bracket"`` (T12, Y12), ``"cocycle_density"`` K, ``"central_charges"`` (c+, c-),
        ``"cross"`` (the central term between L+ and L-, zero) and ``"modes"`` (the
        convention, as text).

    Examples
    --------
    >>> algebra()["central_charges"]
    (3*l/(2*G), 3*l/(2*G))
    """
    if not isinstance(formula, str) or formula not in _FORMULAS:
        raise ValueError(f"formula={formula!r} must be one of {list(_FORMULAS)}")
    return dict(_algebra(formula))


@lru_cache(maxsize=2)
def _algebra(formula: str) -> dict[str, Any]:
    alg = _problem().algebra(modes=virasoro_modes(), formula=formula)
    cc = alg["central_charges"]
    return {
        "bracket": (alg["bracket"]["T"], alg["bracket"]["Y"]),
        "cocycle_density": alg["cocycle_density"],
        "central_charges": (cc[("L+", "L+")], cc[("L-", "L-")]),
        "cross": (cc[("L+", "L-")], cc[("L-", "L+")]),
        "modes": "i{L+-_m, L+-_n} = (m-n) L+-_{m+n} + c+-/12 m^3 d_{m+n}; {L+_m, L-_n} = 0",
    }
