"""Named solutions (Θ, Ξ) of three-dimensional flat space, and the antipodal matching.

Minkowski (Θ, Ξ) = (-1, 0), conical defects (-α², 0) and flat-space cosmologies
(8GM, 4GJ) (Barnich & Compère, arXiv:gr-qc/0610130); supertranslated Minkowski spaces
(Schöller, arXiv:1711.02670); the antipodal matching of past and future null infinity
(Prohazka, Salzer & Schöller, arXiv:1701.06573).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symphys.gr.bms3.coordinates import G, as_G, as_phi_function, as_scalar, phi
from symphys.gr.bms3.killing import variation

__all__ = [
    "antipodal_map", "conical_defect", "flat_space_cosmology", "minkowski",
    "supertranslated_minkowski",
]


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
    return -as_scalar(alpha, "alpha") ** 2, sp.Integer(0)


def flat_space_cosmology(M: Any, J: Any, *, G: Any = G) -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) = (8GM, 4GJ): a flat-space cosmology of mass M and angular momentum J.

    >>> flat_space_cosmology(1, 2)
    (8*G, 8*G)
    """
    Gs = as_G(G)
    return 8 * Gs * as_scalar(M, "M"), 4 * Gs * as_scalar(J, "J")


def supertranslated_minkowski(alpha: Any) -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) of Minkowski after the finite supertranslation T = α(φ): (-1, -(α' + α''')).

    Computed from :func:`~symphys.gr.bms3.killing.variation` (exact: on Θ = -1 the
    supertranslation law is affine).

    >>> supertranslated_minkowski(sp.cos(2 * phi))
    (-1, -6*sin(2*phi))
    """
    a = as_phi_function(alpha, "alpha")
    dTh, dX = variation(a, 0, -1, 0)
    return sp.Integer(-1) + dTh, dX


def antipodal_map(Theta: Any, Xi: Any, T: Any = 0, Y: Any = 0) -> dict[str, sp.Expr]:
    """I⁻ data matched to I⁺ data (Prohazka, Salzer & Schöller, arXiv:1701.06573).

    Θ⁺(φ) = Θ⁻(φ + π), Ξ⁺(φ) = Ξ⁻(φ + π), and the same for T and Y, so Q⁺_{T⁺,Y⁺} = Q⁻_{T,Y}.
    Takes the I⁻ data and returns the I⁺ data under the keys Theta, Xi, T, Y. I⁻ uses advanced
    Bondi coordinates (v = t + r, ds² = Θ dv² + 2 dv dr + 2N dv dφ + r² dφ², ``scri="-"`` in
    :func:`~symphys.gr.bms3.bondi_gauge.metric`), where the field equations, vectors, laws and
    Barnich-Brandt charges are derived afresh (``charge(..., scri="-")``); they come out in the
    same form as at I⁺, so the matching keeps every charge (checked in the tests), the global
    Poincaré generators of Minkowski obey it, and it commutes with the BMS3 transformation laws.

    >>> antipodal_map(sp.cos(phi), 0)["Theta"]
    -cos(phi)
    """
    out = {}
    for name, val in (("Theta", Theta), ("Xi", Xi), ("T", T), ("Y", Y)):
        # as_phi_function refuses text, bools and non-finite values, naming the argument
        out[name] = sp.simplify(as_phi_function(val, name).subs(phi, phi + sp.pi))
    return out
