"""AdS3 in Bondi gauge: Brown-Henneaux's two Virasoro algebras, derived, and their flat limit.

The same function names as :mod:`symphys.gr.bms3`, for the ansatz
ds² = (-r²/l² + Θ) du² - 2 du dr + 2 N du dφ + r² dφ² with Λ = -1/l², run through the engine
:class:`~symphys.gr.asymptotic.AsymptoticProblem` (:func:`problem`). The field equations
∂_u Θ = 2N'/l², ∂_u N = Θ'/2 are coupled (integrated along φ ± u/l); the central charges
c± = 3l/(2G) (Brown & Henneaux 1986, doi:10.1007/BF01211590); global AdS3 has energy
-1/(8G); BTZ (Θ, Ξ) = (8GM, 4GJ) has charges (M, J) (Bañados, Teitelboim & Zanelli,
arXiv:hep-th/9204099); l -> oo gives BMS3 with c2 = 3/G (Barnich, Gomberoff & González,
arXiv:1204.3288).

Modules: :mod:`~symphys.gr.ads3.bondi_gauge` (:data:`l`, :func:`metric`, :func:`problem`),
:mod:`~symphys.gr.ads3.derivation` (the derivation), :mod:`~symphys.gr.ads3.solutions`
(:func:`global_ads`, :func:`btz`), :mod:`~symphys.gr.ads3.flat_limit` (:func:`flat_limit`).
Conventions as in :mod:`symphys.gr.bms3` (coordinates u, r, φ and G are its symbols).
"""

from __future__ import annotations

from symphys.gr.ads3.bondi_gauge import _problem, l, metric, problem
from symphys.gr.ads3.derivation import (
    _algebra,
    algebra,
    bracket,
    charge,
    charge_density,
    field_equations,
    killing_vector,
    solution_metric,
    solution_space,
    variation,
    virasoro_modes,
)
from symphys.gr.ads3.flat_limit import flat_limit
from symphys.gr.ads3.solutions import btz, global_ads
from symphys.gr.bms3.coordinates import COORDS, G, phi, r, u

__all__ = [
    "COORDS", "G", "algebra", "bracket", "btz", "charge", "charge_density", "clear_caches",
    "field_equations", "flat_limit", "global_ads", "killing_vector", "l", "metric", "phi",
    "problem", "r", "solution_metric", "solution_space", "u", "variation", "virasoro_modes",
]


def clear_caches() -> None:
    """Forget every cached derivation (the engine instance and the algebra).

    >>> callable(clear_caches)
    True
    """
    _problem.cache_clear()
    _algebra.cache_clear()
