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

from symphys.angular.fourier import fourier_to_sh, sh_to_fourier  # noqa: E402
from symphys.angular.tensor_product import gaunt_tensor_product  # noqa: E402

__all__ += ["sh_to_fourier", "fourier_to_sh", "gaunt_tensor_product"]
