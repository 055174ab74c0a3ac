"""Four-dimensional BMS: supertranslations, superrotations, memory and the Bondi flux.

In the Bondi-Sachs chart (u, r, θ, φ) at large r (:mod:`~symphys.gr.bms4.bondi_sachs`,
Barnich & Troessaert arXiv:1001.1541 with the unit round sphere): the asymptotic Killing
vectors are derived from the gauge and the fall-offs (:func:`killing_vector`,
:func:`conditions`: f = T(θ, φ) + (u/2) D_A Y^A with Y^A a conformal Killing vector of the
sphere), and their action on the shear and the mass aspect is read off δg = L_ξ g
(:func:`variation`, :func:`supertranslation_law`: δC_AB = f N_AB + L_Y C_AB - ½ψ C_AB
- 2 D_A D_B f + γ_AB D² f). Charges (Barnich-Troessaert, arXiv:1106.0213), the Bondi mass,
the displacement memory of a vacuum transition (Strominger, arXiv:1703.05448) and the soft/hard
split of the flux live in :mod:`~symphys.gr.bms4.charges`; the 𝔟𝔪𝔰4 bracket
(:func:`bracket`) and the charge algebra with its field-dependent 2-cocycle
(:func:`charge_algebra`, :func:`cocycle`, Barnich & Troessaert arXiv:1106.0213) in
:mod:`~symphys.gr.bms4.algebra`; the mass-loss law and the evolution
of the angular-momentum aspect (:func:`angular_momentum_evolution`) are derived in
:mod:`symphys.gr.bondi4` (chart x = cos θ).

Conventions: signature (-,+,+,+), δ_ξ g = L_ξ g, ∮ dΩ = ∫ sinθ dθ dφ, N_AB = ∂_u C_AB.
"""

from __future__ import annotations

from symphys.gr.bms4.algebra import bracket, charge_algebra, cocycle, superrotation
from symphys.gr.bms4.bondi_sachs import (
    ANGLES,
    COORDS,
    G,
    fields,
    metric,
    phi,
    r,
    shear,
    sphere_metric,
    theta,
    u,
)
from symphys.gr.bms4.charges import (
    bondi_mass,
    charge,
    flux_split,
    mass_aspect,
    memory,
    memory_balance,
)
from symphys.gr.bms4.killing import (
    _derived,
    _variation,
    conditions,
    killing_vector,
    supertranslation_law,
    variation,
)
from symphys.gr.bondi4 import angular_momentum_evolution, mass_loss

__all__ = [
    "ANGLES", "COORDS", "G", "angular_momentum_evolution", "bondi_mass", "bracket", "charge",
    "charge_algebra", "clear_caches", "cocycle", "conditions", "fields",
    "flux_split", "killing_vector", "mass_aspect", "mass_loss", "memory", "memory_balance",
    "metric", "phi", "r", "shear", "sphere_metric", "superrotation", "supertranslation_law",
    "theta", "u", "variation",
]


def clear_caches() -> None:
    """Forget the cached derivations (the vectors and the laws); the next call re-derives.

    >>> callable(clear_caches)
    True
    """
    _derived.cache_clear()
    _variation.cache_clear()
    metric.cache_clear()
