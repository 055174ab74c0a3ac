"""symphys.angular: exact and fast Wigner 3j/6j/9j, Clebsch-Gordan, Gaunt, harmonics, rotations."""

from symphys.angular.bases import complex_to_real
from symphys.angular.wigner3j import (
    clebsch_gordan,
    clebsch_gordan_block,
    wigner_3j,
    wigner_3j_block,
    wigner_3j_blocks,
)

__all__ = [
    "clebsch_gordan",
    "clebsch_gordan_block",
    "complex_to_real",
    "wigner_3j",
    "wigner_3j_block",
    "wigner_3j_blocks",
]
