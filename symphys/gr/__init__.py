"""symphys.gr: curvature from a metric, BMS3 asymptotic symmetries and charges, Bondi-Sachs
mass loss, Noether currents.

Conventions: signature (-,+,+[,+]); Γ^a_{bc}, R^a_{bcd} = ∂_c Γ^a_{db} - ...; δ_ξ g := L_ξ g
unless ``sign="barnich-troessaert"`` is asked for; φ ~ φ + 2π and ' = ∂_φ.
"""

from symphys.gr import ads3, asymptotic, bms3, bms4, bondi4, noether
from symphys.gr.expansion import freeze, inverse_power_coefficients, thaw
from symphys.gr.metric import Metric
from symphys.gr.series import InverseRSeries
from symphys.gr.surface_charges import (
    barnich_brandt,
    iyer_wald,
    komar_density,
    presymplectic_potential,
)
from symphys.gr.tensor import covariant_derivative, lie_derivative

__all__ = [
    "InverseRSeries",
    "Metric",
    "ads3",
    "asymptotic",
    "barnich_brandt",
    "bms3",
    "bms4",
    "bondi4",
    "noether",
    "covariant_derivative",
    "freeze",
    "inverse_power_coefficients",
    "iyer_wald",
    "komar_density",
    "lie_derivative",
    "presymplectic_potential",
    "thaw",
]
