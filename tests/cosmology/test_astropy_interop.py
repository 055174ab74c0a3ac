"""to_astropy / from_astropy: the converted models give astropy's distances (issue 16)."""

from __future__ import annotations

import numpy as np
import pytest

astropy_cosmology = pytest.importorskip("astropy.cosmology")

from symphys.cosmology import (  # noqa: E402
    EinsteinDeSitter,
    FlatLambdaCDM,
    Flatw0waCDM,
    FlatwCDM,
    LambdaCDM,
    Milne,
    VaryingC,
    w0waCDM,
    wCDM,
)
from symphys.cosmology.astropy_interop import from_astropy, to_astropy  # noqa: E402

Z = np.array([0.01, 0.3, 1.0, 2.5, 1100.0])
RAD = {"Tcmb0": 2.7255, "Neff": 3.046, "m_nu": (0.06, 0.0, 0.0)}
MODELS = [
    FlatLambdaCDM(67.4, 0.315), FlatLambdaCDM(67.4, 0.315, **RAD),
    LambdaCDM(70, 0.3, 0.65, **RAD), FlatwCDM(70, 0.3, -0.9, **RAD),
    wCDM(68, 0.31, 0.72, -1.1, **RAD), Flatw0waCDM(68, 0.31, -0.8, -0.6, **RAD),
    w0waCDM(68, 0.3, 0.68, -0.9, 0.2),
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_to_astropy_gives_the_same_distances_and_expansion(model):
    cosmo = to_astropy(model)
    ours_mu = model.distance_modulus(Z)
    np.testing.assert_allclose(ours_mu, cosmo.distmod(Z).value, atol=1e-6)
    np.testing.assert_allclose(model.hubble_parameter(Z), cosmo.H(Z).value, rtol=1e-6)
    back = from_astropy(cosmo)
    assert type(back) is type(model)
    for name, val in model.params.items():
        assert float(back.params[name]) == pytest.approx(float(val), rel=1e-14)
    assert back.radiation == model.radiation
    np.testing.assert_allclose(back.distance_modulus(Z), ours_mu, rtol=1e-14)


def test_planck18_from_astropy():
    """astropy's own Planck18 (massive neutrino, Neff 3.046) through our distances."""
    from astropy.cosmology import Planck18

    ours = from_astropy(Planck18)
    assert isinstance(ours, FlatLambdaCDM)
    assert ours.radiation.m_nu == (0.0, 0.0, 0.06)
    np.testing.assert_allclose(ours.distance_modulus(Z), Planck18.distmod(Z).value, atol=1e-6)
    np.testing.assert_allclose(ours.hubble_parameter(1100.0), Planck18.H(1100.0).value,
                               rtol=1e-4)


def test_eds_and_milne_go_to_astropy():
    eds, milne = to_astropy(EinsteinDeSitter(70)), to_astropy(Milne(70))
    np.testing.assert_allclose(EinsteinDeSitter(70).distance_modulus(Z[:4]),
                               eds.distmod(Z[:4]).value, atol=1e-6)
    np.testing.assert_allclose(Milne(70).distance_modulus(Z[:4]),
                               milne.distmod(Z[:4]).value, atol=1e-6)
    assert float(eds.Om0) == 1.0 and float(milne.Ok0) == 1.0


def test_what_cannot_be_converted():
    from astropy.cosmology import w0wzCDM

    with pytest.raises(ValueError, match="VaryingC has no astropy.cosmology counterpart"):
        to_astropy(VaryingC(47.2))
    with pytest.raises(ValueError, match="batch of models"):
        to_astropy(FlatLambdaCDM(70, np.array([0.3, 0.31])))
    with pytest.raises(TypeError, match="model must be a symphys.cosmology model"):
        to_astropy("lcdm")
    with pytest.raises(TypeError, match="w0wzCDM has no counterpart"):
        from_astropy(w0wzCDM(70, 0.3, 0.7, w0=-1.0, wz=0.1))
    with pytest.raises(TypeError, match="cosmo must be an astropy.cosmology FLRW model"):
        from_astropy(FlatLambdaCDM(70, 0.3))
