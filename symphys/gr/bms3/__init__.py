"""Three-dimensional flat space at null infinity: the BMS3 story derived from the Bondi ansatz.

Everything is *derived* from the metric ansatz with :class:`~symphys.gr.metric.Metric`, not
typed in: the field equations, the solution space, the asymptotic Killing vectors, their
transformation laws, the surface charges (Barnich-Brandt, or Iyer-Wald with ``formula=``) and
the central extension of the charge algebra. References: Barnich & Compère,
arXiv:gr-qc/0610130 (the BMS3 charge algebra, c2 = 3/G); Barnich & Brandt,
arXiv:hep-th/0111246 and Iyer & Wald, arXiv:gr-qc/9403028 (surface charges); F. Schöller's
thesis, arXiv:2003.07243; Prohazka, Salzer & Schöller, arXiv:1701.06573 (past and future null
infinity); Schöller, arXiv:1711.02670 (distinct Minkowski vacua).

One module per concept, each importing only the ones above it:

- :mod:`~symphys.gr.bms3.coordinates`: ``u, r, phi``, ``G``, ``COORDS`` and the fields;
- :mod:`~symphys.gr.bms3.bondi_gauge`: :func:`metric`, the Bondi-gauge ansatz, and
  :func:`problem`, BMS3 as an :class:`~symphys.gr.asymptotic.AsymptoticProblem` (the engine
  every derivation below runs through);
- :mod:`~symphys.gr.bms3.einstein`: :func:`field_equations`, :func:`solution_space`,
  :func:`solution_metric`;
- :mod:`~symphys.gr.bms3.killing`: :func:`killing_vector`, :func:`variation`,
  :func:`schwarzian`, :func:`finite_superrotation`;
- :mod:`~symphys.gr.bms3.charges`: :func:`charge_density`, :func:`charge`,
  :func:`charges_fft`;
- :mod:`~symphys.gr.bms3.charge_algebra`: :func:`bracket`, :func:`algebra`;
- :mod:`~symphys.gr.bms3.solutions`: :func:`minkowski`, :func:`conical_defect`,
  :func:`flat_space_cosmology`, :func:`supertranslated_minkowski`, :func:`antipodal_map`;
- :mod:`~symphys.gr.bms3.stabilizers`: :func:`stabilizer`.

Conventions
-----------
- coordinates (u, r, φ), φ ~ φ + 2π, ``'`` = ∂_φ, signature (-,+,+);
- Bondi gauge: ds² = Θ(u,φ) du² - 2 du dr + 2 N(u,φ) du dφ + r² dφ²;
- δ_ξ g := L_ξ g (``sign="lie"``, default); Barnich and Troessaert use δ_ξ g = -L_ξ g:
  ``sign="barnich-troessaert"`` flips the sign of every variation;
- charges: δQ_ξ = ∮ k_ξ^{ur} dφ with the Barnich-Brandt (d x)_{μν} k^{μν}, ε_{urφ} = +1,
  normalised so that Q vanishes on Θ = Ξ = 0; the result is
  Q_{T,Y} = (1/16πG) ∮ dφ (T Θ + 2 Y Ξ) (Minkowski: mass -1/(8G));
- modes: j_m = ξ(T=0, Y=e^{imφ}), p_m = ξ(T=e^{imφ}, Y=0); charges J_m, P_m likewise;
- exact results are sympy expressions (sympy ``Rational`` for numbers); only
  :func:`charges_fft` works in floating point.
"""

from __future__ import annotations

from symphys.gr.bms3.bondi_gauge import _problem, metric, problem
from symphys.gr.bms3.charge_algebra import algebra, bracket
from symphys.gr.bms3.charges import _derived_charge_density, charge, charge_density, charges_fft
from symphys.gr.bms3.coordinates import COORDS, G, phi, r, u
from symphys.gr.bms3.einstein import (
    _field_equations,
    _solution_space,
    field_equations,
    solution_metric,
    solution_space,
)
from symphys.gr.bms3.killing import (
    _derived_vector,
    finite_superrotation,
    killing_vector,
    schwarzian,
    variation,
)
from symphys.gr.bms3.solutions import (
    antipodal_map,
    conical_defect,
    flat_space_cosmology,
    minkowski,
    supertranslated_minkowski,
)
from symphys.gr.bms3.stabilizers import stabilizer
from symphys.gr.surface_charges import barnich_brandt

__all__ = [
    "COORDS",
    "G",
    "algebra",
    "antipodal_map",
    "barnich_brandt",
    "bracket",
    "charge",
    "charge_density",
    "charges_fft",
    "clear_caches",
    "conical_defect",
    "field_equations",
    "finite_superrotation",
    "flat_space_cosmology",
    "killing_vector",
    "metric",
    "minkowski",
    "phi",
    "problem",
    "r",
    "schwarzian",
    "solution_metric",
    "solution_space",
    "stabilizer",
    "supertranslated_minkowski",
    "u",
    "variation",
]


def clear_caches() -> None:
    """Forget every cached derivation (field equations, vectors, charges, algebra).

    The derivations are cached per ``scri`` (and ``formula``) after their first call; this
    makes the next call derive them afresh (used by ``benchmarks/bench_gr.py``).
    """
    for f in (_field_equations, _solution_space, _derived_vector, _derived_charge_density,
              algebra, _problem):
        f.cache_clear()
