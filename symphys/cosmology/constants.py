"""Physical constants and unit conversions shared by the cosmology modules.

This module imports nothing from symphys, so every other module of ``symphys.cosmology`` can
depend on it (it sits below both :mod:`symphys.cosmology.models` and
:mod:`symphys.cosmology.derivation`). Units: km, s, Mpc, Gyr (Julian years).
"""

from __future__ import annotations

__all__ = ["C_KMS", "KM_PER_MPC", "S_PER_GYR", "GYR_KM_S_MPC"]

#: speed of light in km/s (exact: the SI definition of the metre)
C_KMS = 299792.458

#: kilometres per megaparsec (IAU 2012 astronomical unit, pc = 648000/pi au)
KM_PER_MPC = 3.0856775814913673e19

#: seconds per gigayear (Julian year of 365.25 days)
S_PER_GYR = 1e9 * 365.25 * 86400.0

#: 1/(1 km/s/Mpc) in Gyr (about 977.79): t [Gyr] = x / H0 * GYR_KM_S_MPC for H0 in km/s/Mpc
GYR_KM_S_MPC = KM_PER_MPC / S_PER_GYR
