"""symphys.angular: exact and fast Wigner 3j/6j/9j, Clebsch-Gordan, Gaunt, harmonics, rotations."""

from symphys.angular.bases import complex_to_real
from symphys.angular.gaunt import gaunt, gaunt_block, gaunt_blocks, real_gaunt
from symphys.angular.harmonics import spherical_harmonics, spherical_harmonics_xyz
from symphys.angular.irreps import Irreps
from symphys.angular.recoupling import fano_x, racah_w, wigner_6j, wigner_9j
from symphys.angular.rotation import wigner_D, wigner_d, wigner_D_from_quaternion, wigner_d_half_pi
from symphys.angular.spin import spin_weighted_harmonics
from symphys.angular.wigner3j import (
    clebsch_gordan,
    clebsch_gordan_block,
    wigner_3j,
    wigner_3j_block,
    wigner_3j_blocks,
)

__all__ = [
    "Irreps",
    "clebsch_gordan",
    "clebsch_gordan_block",
    "complex_to_real",
    "fano_x",
    "gaunt",
    "gaunt_block",
    "gaunt_blocks",
    "racah_w",
    "real_gaunt",
    "spherical_harmonics",
    "spherical_harmonics_xyz",
    "spin_weighted_harmonics",
    "wigner_3j",
    "wigner_3j_block",
    "wigner_3j_blocks",
    "wigner_6j",
    "wigner_9j",
    "wigner_D",
    "wigner_D_from_quaternion",
    "wigner_d",
    "wigner_d_half_pi",
]

from symphys.angular.fourier import (  # noqa: E402
    fourier_to_sh,
    fourier_to_sh_coo,
    sh_to_fourier,
    sh_to_fourier_coo,
)
from symphys.angular.tensor_product import gaunt_tensor_product  # noqa: E402

__all__ += ["sh_to_fourier", "fourier_to_sh", "sh_to_fourier_coo", "fourier_to_sh_coo",
            "gaunt_tensor_product"]

from symphys.angular.twelve_j import wigner_12j  # noqa: E402

__all__ += ["wigner_12j"]
