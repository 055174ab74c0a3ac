"""Radiation and neutrinos against astropy.cosmology; r_d, z* and r_s against published values
and an independent quadrature."""

from __future__ import annotations

import astropy.cosmology as ac
import astropy.units as u
import numpy as np
import pytest
from scipy.integrate import quad

from symphys.cosmology import (
    PLANCK18_RADIATION,
    FlatLambdaCDM,
    Flatw0waCDM,
    FlatwCDM,
    LambdaCDM,
    Radiation,
    sound_horizon,
    sound_horizon_drag,
    w0waCDM,
    wCDM,
    z_star,
)
from symphys.cosmology.background import photon_density

NU = [(2.7255, 3.046, 0.0), (2.7255, 3.046, (0.06, 0.0, 0.0)), (2.7255, 3.044, 0.1),
      (2.7255, 3.5, (0.05, 0.01, 0.0)), (3.0, 2.0, (0.3, 0.0))]


def _astropy(cls, kw, tcmb, neff, mnu):
    return cls(**kw, Tcmb0=tcmb, Neff=neff, m_nu=u.Quantity(mnu, u.eV))


CASES = [
    (FlatLambdaCDM, ac.FlatLambdaCDM, (67.4, 0.315), ("H0", "Om0")),
    (LambdaCDM, ac.LambdaCDM, (70.0, 0.3, 0.65), ("H0", "Om0", "Ode0")),
    (FlatwCDM, ac.FlatwCDM, (68.0, 0.3, -0.9), ("H0", "Om0", "w0")),
    (wCDM, ac.wCDM, (68.0, 0.3, 0.72, -1.1), ("H0", "Om0", "Ode0", "w0")),
    (Flatw0waCDM, ac.Flatw0waCDM, (68.0, 0.31, -0.8, -0.6), ("H0", "Om0", "w0", "wa")),
    (w0waCDM, ac.w0waCDM, (68.0, 0.31, 0.7, -0.9, 0.3), ("H0", "Om0", "Ode0", "w0", "wa")),
]


@pytest.mark.parametrize("tcmb,neff,mnu", NU)
@pytest.mark.parametrize("ours,theirs,params,names", CASES)
def test_radiation_and_neutrinos_against_astropy(ours, theirs, params, names, tcmb, neff, mnu):
    """1e-6 mag in the distance modulus (z up to 1100), 1e-4 relative in H(z) at z = 1100."""
    m = ours(*params, Tcmb0=tcmb, Neff=neff, m_nu=mnu)
    a = _astropy(theirs, dict(zip(names, params, strict=True)), tcmb, neff, mnu)
    z = np.array([0.01, 0.1, 0.5, 1.0, 2.33, 10.0, 100.0, 1100.0])
    np.testing.assert_allclose(m.distance_modulus(z), a.distmod(z).value, rtol=0, atol=1e-6)
    h_ours = m.hubble_parameter(1100.0)
    assert float(h_ours) == pytest.approx(a.H(1100.0).value, rel=1e-4)
    np.testing.assert_allclose(m.hubble_parameter(z), a.H(z).value, rtol=1e-10)
    assert float(m.Ok0()) == pytest.approx(a.Ok0, abs=1e-12)
    assert float(m.age()) == pytest.approx(a.age(0).value, rel=1e-6)


def test_photon_and_neutrino_densities_against_astropy():
    a = ac.FlatLambdaCDM(100.0, 0.3, Tcmb0=2.7255, Neff=3.046, m_nu=[0.06, 0, 0] * u.eV)
    assert photon_density(2.7255) == pytest.approx(a.Ogamma0, rel=1e-12)
    r = PLANCK18_RADIATION
    z = np.array([0.0, 1.0, 100.0, 1e4])
    np.testing.assert_allclose(r.nu_relative_density(z), a.nu_relative_density(z), rtol=1e-12)


def test_radiation_validation():
    with pytest.raises(ValueError, match="floor"):
        Radiation(2.7255, Neff=3.046, m_nu=(0.06, 0.0))
    with pytest.raises(ValueError, match="Tcmb0"):
        Radiation(-1.0)
    with pytest.raises(TypeError, match="options|unknown parameter"):
        FlatLambdaCDM(70, 0.3, Tcmb=2.7)


def test_bounce_with_radiation_is_a_clear_error():
    m = FlatwCDM(70, 1.5, 0.3, Tcmb0=2.7255)
    with pytest.raises(ValueError, match="no big bang"):
        m.efunc(5.0)


def test_sound_horizon_drag_fitting_formulas():
    """Planck 2018 (arXiv:1807.06209 Table 2, TT,TE,EE+lowE+lensing): r_d = 147.09 +- 0.26
    Mpc at omega_b = 0.02237, omega_c = 0.1200 (one 0.06 eV neutrino): Aubourg et al.'s
    formula to 0.03%, DESI's (Brieden et al.) to 0.2%."""
    assert float(sound_horizon_drag(0.02237, 0.1200)) == pytest.approx(147.09, rel=3e-4)
    assert float(sound_horizon_drag(0.02237, 0.1200, Neff=3.044, formula="desi")) == \
        pytest.approx(147.09, rel=2e-3)
    with pytest.raises(ValueError, match="Neff"):
        sound_horizon_drag(0.0224, 0.12, Neff=3.5)


def test_z_star_and_sound_horizon_against_quadrature():
    """Hu & Sugiyama's z* (Planck 2018: 1089.92 from the full recombination code; the fit is
    about 0.2% high), and r_s(z*) against scipy's adaptive quadrature of the same integrand."""
    wb, h, om = 0.02237, 0.6736, 0.3153
    zs = float(z_star(wb, om * h**2))
    assert zs == pytest.approx(1089.92, rel=3e-3)
    a = ac.FlatLambdaCDM(100 * h, om, Tcmb0=2.7255, Neff=3.046, m_nu=[0.06, 0, 0] * u.eV)
    m = FlatLambdaCDM(100 * h, om, Tcmb0=2.7255, Neff=3.046, m_nu=(0.06, 0, 0))
    og = a.Ogamma0 * h**2
    c = 299792.458

    def integrand(z):
        rb = 3 * wb / (4 * og) / (1 + z)
        return c / np.sqrt(3 * (1 + rb)) / a.H(z).value

    ref = quad(integrand, zs, np.inf, epsrel=1e-10, limit=500)[0]
    assert float(sound_horizon(m, zs, wb)) == pytest.approx(ref, rel=1e-7)
    # Planck 2018 (TT,TE,EE+lowE+lensing): r_* = 144.43 +- 0.26 Mpc at z* = 1089.92
    assert float(sound_horizon(m, 1089.92, wb)) == pytest.approx(144.43, rel=2e-3)
