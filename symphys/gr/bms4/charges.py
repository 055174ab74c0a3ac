"""BMS4 charges, the displacement memory and the soft/hard split of the Bondi flux.

- Barnich-Troessaert charges (arXiv:1106.0213, δ_ξ g = L_ξ g, ∮ over the unit sphere):
  Q_{T,Y} = (1/16πG) ∮ [4 f m_B + Y^A (2 N_A + (1/16) ∂_A(C_BC C^BC))] dΩ with
  f = T + (u/2) D_A Y^A; for Y = 0 the supermomentum (1/4πG) ∮ T m_B dΩ, and T = 1 the
  Bondi mass. Typed in from the paper (the derivation of the transformation laws is in
  :mod:`~symphys.gr.bms4.killing`).
- Displacement memory (Strominger, arXiv:1703.05448, §6): a transition between vacua
  C_AB = 0 and the supertranslated vacuum is ΔC_AB = -2 D_A D_B T + γ_AB D² T (the derived
  supertranslation law at C = 0); integrating ∂_u m_B = ¼ D_A D_B N^AB - ⅛ N_AB N^AB over u,
  ¼ D^A D^B ΔC_AB = Δm_B + ⅛ ∫ N_AB N^AB du balances it (:func:`memory_balance`).
- Flux split: ∂_u m_B = soft + hard with soft = ¼ D_A D_B N^AB (a total derivative: it
  integrates to zero over the sphere) and hard = -⅛ N_AB N^AB <= 0 (:func:`flux_split`).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symphys.gr._convert import as_expr, check_finite
from symphys.gr.bms4.bondi_sachs import (
    ANGLES,
    G,
    contract,
    d_scalar2,
    divergence2,
    fields,
    laplacian,
    r,
    shear,
    sphere_metric,
    u,
)
from symphys.gr.bms4.killing import supertranslation_law
from symphys.gr.expansion import inverse_power_coefficients

__all__ = ["bondi_mass", "charge", "flux_split", "mass_aspect", "memory", "memory_balance"]

theta, phi = ANGLES


def _sphere_integral(expr: sp.Expr) -> sp.Expr:
    return sp.integrate(sp.expand(expr * sp.sin(theta)), (phi, 0, 2 * sp.pi), (theta, 0, sp.pi))


def _nonzero(expr: sp.Expr) -> bool:
    """Not identically zero (trigonometric identities expanded before simplifying)."""
    e = sp.expand(expr)
    return e != 0 and sp.simplify(e) != 0 and sp.simplify(sp.expand_trig(e)) != 0


def _angles_only(value: Any, name: str) -> sp.Expr:
    out = as_expr(value, name)
    if r in out.free_symbols:
        raise ValueError(f"{name}={out} must not depend on r")
    return out


def _matrix2(value: Any, name: str) -> sp.Matrix:
    """A 2x2 tensor on the sphere (ValueError naming ``name`` otherwise)."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a 2x2 matrix, not text")
    try:
        M = sp.Matrix(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 2x2 matrix: {exc}") from None
    if M.shape != (2, 2):
        raise ValueError(f"{name} must be a 2x2 matrix (theta, phi); got shape {M.shape}")
    return M


def mass_aspect(g_uu: Any) -> sp.Expr:
    """m_B read off g_uu = -1 + 2 m_B/r + O(r⁻²) (ValueError if g_uu does not tend to -1).

    Schwarzschild in Bondi coordinates, g_uu = -(1 - 2GM/r): m_B = GM.

    >>> M = sp.Symbol("M", positive=True)
    >>> mass_aspect(-(1 - 2 * G * M / r))
    G*M
    """
    co = inverse_power_coefficients(as_expr(g_uu, "g_uu"), r, 2)
    if any(k < 0 and v != 0 for k, v in co.items()) or sp.simplify(co.get(0, 0) + 1) != 0:
        raise ValueError(f"g_uu={g_uu} must be -1 + 2 m_B/r + O(1/r**2)")
    return sp.simplify(co.get(1, sp.S.Zero) / 2)


def bondi_mass(m_B: Any, *, G: Any = G) -> sp.Expr:
    """M_B = (1/4πG) ∮ m_B dΩ on the unit sphere (θ, φ).

    >>> M = sp.Symbol("M", positive=True)
    >>> bondi_mass(G * M)
    M
    """
    Gs = as_expr(G, "G")
    out = sp.simplify(_sphere_integral(_angles_only(m_B, "m_B")) / (4 * sp.pi * Gs))
    return check_finite(out, "bondi_mass", why=": the integral diverges")


def charge(T: Any, Y: Any = None, *, m_B: Any = None, N: Any = None, C: Any = None,
           G: Any = G) -> sp.Expr:
    """The Barnich-Troessaert charge Q_{T,Y} at retarded time u (see the module).

    ``m_B``, ``N`` = (N_θ, N_φ), ``C`` (a 2x2 C_AB) default to the undefined fields; ``Y`` to
    zero. Integrated over the sphere when everything is explicit.

    >>> M = sp.Symbol("M", positive=True)
    >>> charge(1, m_B=G * M, N=(0, 0), C=sp.zeros(2))
    M
    """
    f = fields()
    Gs = as_expr(G, "G")
    Tt = _angles_only(T, "T")
    Yv = (0, 0) if Y is None else tuple(_angles_only(y, "Y") for y in Y)
    m = f["m_B"] if m_B is None else _angles_only(m_B, "m_B")
    Nv = (f["N_theta"], f["N_phi"]) if N is None else tuple(_angles_only(n, "N") for n in N)
    Cm = shear() if C is None else _matrix2(C, "C")
    psi = sp.diff(Yv[0], theta) + sp.diff(Yv[1], phi) + sp.cot(theta) * Yv[0]
    ff = Tt + u * psi / 2
    CC = contract(Cm, Cm)
    dens = 4 * ff * m + sum(Yv[A] * (2 * Nv[A] + sp.diff(CC, ANGLES[A]) / 16) for A in range(2))
    dens = sp.expand(dens / (16 * sp.pi * Gs))
    if dens.atoms(sp.core.function.AppliedUndef):
        return dens
    return check_finite(sp.simplify(_sphere_integral(dens)), "charge")


def memory(T: Any) -> sp.Matrix:
    """ΔC_AB = -2 D_A D_B T + γ_AB D² T of the vacuum transition by the supertranslation T.

    Read off the derived supertranslation law at C_AB = 0 (and checked against the closed
    form); shape (2, 2) in (θ, φ).

    >>> memory(sp.cos(theta))[0, 0]
    0
    """
    Tt = _angles_only(T, "T")
    f = fields()
    law = supertranslation_law(Tt).subs({f["c"]: 0, f["d"]: 0}).doit()
    ref = -2 * d_scalar2(Tt) + sphere_metric() * laplacian(Tt)
    if any(_nonzero(e) for e in law - ref):
        raise ValueError("the derived supertranslation law disagrees with -2 DDT + gamma D^2 T")
    return law.applyfunc(sp.simplify)


def memory_balance(delta_C: Any) -> sp.Expr:
    """¼ D^A D^B ΔC_AB: the Δm_B + ⅛ ∫ N_AB N^AB du that a memory ΔC_AB balances.

    >>> memory_balance(memory(sp.cos(theta)))
    0
    """
    dC = _matrix2(delta_C, "delta_C")
    gi = sphere_metric().inv()
    V = divergence2(dC)                                   # D^B ΔC_AB
    Vup = [sum(gi[a, b] * V[b] for b in range(2)) for a in range(2)]
    div = (sp.diff(sp.sin(theta) * Vup[0], theta) + sp.diff(sp.sin(theta) * Vup[1], phi)) \
        / sp.sin(theta)
    return sp.simplify(div / 4)


def flux_split(*, C: Any = None) -> dict[str, sp.Expr]:
    """∂_u m_B = soft + hard: soft = ¼ D_A D_B N^AB, hard = -⅛ N_AB N^AB (N = ∂_u C).

    >>> sp.simplify(flux_split()["hard"])
    -Derivative(c(u, theta, phi), u)**2/4 - Derivative(d(u, theta, phi), u)**2/(4*sin(theta)**2)
    """
    Cm = shear() if C is None else _matrix2(C, "C")
    Nn = Cm.diff(u)
    return {"soft": memory_balance(Nn), "hard": sp.expand(-contract(Nn, Nn) / 8)}
