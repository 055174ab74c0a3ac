"""Named AdS3 solutions (Θ, Ξ) in Bondi gauge: global AdS3 and the BTZ black hole.

Global AdS3: Θ = -1, Ξ = 0 (energy -1/(8G)); BTZ of mass M and angular momentum J
(Bañados, Teitelboim & Zanelli, arXiv:hep-th/9204099): Θ = 8GM, Ξ = 4GJ, with the charge
convention of :mod:`symphys.gr.bms3` (Q_{0,1} = (1/8πG) ∮ Ξ dφ = J). BTZ's original chart,
with shift N^φ = -4GJ/r², has Ξ = -4GJ in Bondi coordinates: the two differ by φ -> -φ, the
orientation; Q_{0,1} = -J there is the convention J = -Q[∂_φ] of Iyer and Wald.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symphys.gr.bms3.coordinates import G, as_G, as_scalar

__all__ = ["btz", "global_ads"]


def global_ads() -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) = (-1, 0): global AdS3.

    >>> global_ads()
    (-1, 0)
    """
    return sp.Integer(-1), sp.Integer(0)


def btz(M: Any, J: Any, *, G: Any = G) -> tuple[sp.Expr, sp.Expr]:
    """(Θ, Ξ) = (8GM, 4GJ): the BTZ black hole of mass M and angular momentum J.

    A horizon needs M l >= ``|J|`` (r±² = 4GMl²(1 ± √(1 - J²/(M l)²))); M = J = 0 is the massless
    BTZ, M = -1/(8G), J = 0 global AdS3.

    Parameters
    ----------
    M, J : sympy expression or number
        Mass and angular momentum.
    G : sympy expression, keyword-only
        Newton's constant (positive).

    Returns
    -------
    tuple of 2 sympy.Expr
        (Θ, Ξ), the data at u = 0.

    Raises
    ------
    TypeError, ValueError
        Text, non-finite values, G not positive.

    Examples
    --------
    >>> btz(1, 2)
    (8*G, 8*G)
    """
    Gs = as_G(G)
    return 8 * Gs * as_scalar(M, "M"), 4 * Gs * as_scalar(J, "J")
