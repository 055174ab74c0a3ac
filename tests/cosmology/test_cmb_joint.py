"""CMB distance priors (Chen, Huang & Wang 2019) and the joint likelihood."""

from __future__ import annotations

import astropy.cosmology as ac
import astropy.units as u
import numpy as np
import pytest

from symphys.cosmology import (
    PLANCK18_RADIATION,
    BAOLikelihood,
    FlatLambdaCDM,
    SupernovaLikelihood,
    load_desi_bao,
    load_pantheon,
    sound_horizon,
    z_star,
)
from symphys.cosmology.cmb import PLANCK18_DISTANCE_PRIORS, CMBDistancePrior
from symphys.cosmology.joint import JointLikelihood

P = PLANCK18_RADIATION


def test_transcribed_numbers_match_the_papers_sigmas_and_correlations():
    """Chen et al. 2019 Table I: sigma(R) = 0.0046, sigma(l_A) = 0.089, sigma(omega_b) =
    0.00015; correlations R-l_A 0.46, R-omega_b -0.66, l_A-omega_b -0.33."""
    cov = np.linalg.inv(np.array(PLANCK18_DISTANCE_PRIORS["inv_cov"]))
    s = np.sqrt(np.diag(cov))
    np.testing.assert_allclose(s, [0.0046, 0.089, 0.00015], rtol=0.01)
    corr = cov / np.outer(s, s)
    np.testing.assert_allclose([corr[0, 1], corr[0, 2], corr[1, 2]], [0.46, -0.66, -0.33],
                               atol=0.006)
    assert "1808.05724" in PLANCK18_DISTANCE_PRIORS["source"]


def test_observables_against_astropy_distance():
    """R and l_A from astropy's D_M(z*) (independent distance code) and our r_s."""
    om, h0, wb = 0.31, 67.5, 0.0224
    cmb = CMBDistancePrior("lcdm")
    R, lA, w = cmb.predict([om, h0, wb])
    a = ac.FlatLambdaCDM(h0, om, Tcmb0=2.7255, Neff=3.046, m_nu=[0.06, 0, 0] * u.eV)
    h = h0 / 100
    wm = om * h**2 + 0.06 / 93.14
    zs = float(z_star(wb, wm))
    dm = a.comoving_transverse_distance(zs).value
    m = FlatLambdaCDM(h0, om, Tcmb0=2.7255, Neff=3.046, m_nu=(0.06, 0, 0))
    assert R == pytest.approx(np.sqrt(wm) * 100 * dm / 299792.458, rel=1e-8)
    assert lA == pytest.approx(np.pi * dm / float(sound_horizon(m, zs, wb)), rel=1e-8)
    assert w == wb


def test_cmb_prior_alone_reproduces_planck_lcdm():
    """The compressed priors alone in flat Lambda-CDM recover Planck 2018 TT,TE,EE+lowE
    (arXiv:1807.06209 Table 2): H0 = 67.27 +- 0.60, Om = 0.3166 +- 0.0084 (Om with the
    neutrinos), omega_b = 0.02236 +- 0.00015, within one sigma."""
    best = CMBDistancePrior("lcdm").best_fit()
    der = CMBDistancePrior("lcdm").derived(best.values)
    assert best.params["H0"] == pytest.approx(67.27, abs=0.60)
    assert float(der["Om_total"]) == pytest.approx(0.3166, abs=0.0084)
    assert best.params["ombh2"] == pytest.approx(0.02236, abs=0.00015)
    assert best.errors["H0"] == pytest.approx(0.60, rel=0.2)


def test_cmb_refuses_vsl_and_no_radiation():
    with pytest.raises(ValueError, match="early-universe"):
        CMBDistancePrior("vsl")
    with pytest.raises(ValueError, match="radiation"):
        CMBDistancePrior("lcdm", radiation=None)


def test_joint_is_the_sum_and_shares_parameters():
    sn = SupernovaLikelihood(load_pantheon(), "lcdm", radiation=P)
    bao = BAOLikelihood(load_desi_bao(), "lcdm", radiation=P)
    cmb = CMBDistancePrior("lcdm")
    joint = JointLikelihood([sn, bao, cmb])
    assert joint.free == ("Om", "rd", "H0", "ombh2")
    x = np.array([[0.30, 147.0, 68.0, 0.0224], [0.32, 145.0, 67.0, 0.0223]])
    # each part on its own, with H0 set to the row's value (shared parameter)
    expected = np.array([
        float(SupernovaLikelihood(load_pantheon(), "lcdm", radiation=P,
                                  fixed={"H0": row[2]}).chi2(row[:1]))
        + float(BAOLikelihood(load_desi_bao(), "lcdm", radiation=P,
                              fixed={"H0": row[2]}).chi2(row[:2]))
        + float(cmb.chi2(row[[0, 2, 3]])) for row in x])
    np.testing.assert_allclose(joint.chi2(x), expected, rtol=1e-9)
    parts = joint.chi2_parts(x)
    np.testing.assert_allclose(sum(parts.values()), expected, rtol=1e-9)
    assert set(joint.derived(x)) >= {"Ok", "age", "q0", "rd", "z_star", "r_s_star"}


def test_joint_refuses_inconsistent_parts():
    with pytest.raises(ValueError, match="different models"):
        JointLikelihood([BAOLikelihood(load_desi_bao(), "lcdm"),
                         BAOLikelihood(load_desi_bao(), "wcdm")])
    with pytest.raises(ValueError, match="radiation"):
        JointLikelihood([BAOLikelihood(load_desi_bao(), "lcdm"), CMBDistancePrior("lcdm")])
    with pytest.raises(ValueError, match="priors"):
        JointLikelihood([BAOLikelihood(load_desi_bao(), "lcdm", priors={"Om": (0.1, 0.5)}),
                         BAOLikelihood(load_desi_bao(release="dr1"), "lcdm")])
    with pytest.raises(ValueError, match="fix"):
        JointLikelihood([BAOLikelihood(load_desi_bao(), "lcdm", fixed={"rd": 140.0}),
                         BAOLikelihood(load_desi_bao(release="dr1"), "lcdm", fixed={"rd": 147.0})])


@pytest.mark.slow
def test_joint_bao_cmb_best_fit_beside_desi():
    """DESI DR2 BAO + compressed Planck priors with r_d computed (Aubourg et al.): close to
    the DESI DR2 paper's DESI+CMB flat Lambda-CDM (arXiv:2503.14738; full CMB likelihoods):
    Om = 0.3027 +- 0.0036, H0 = 68.17 +- 0.28 (compared within 2 sigma: the compression and
    the r_d formula differ from the paper's)."""
    joint = JointLikelihood([BAOLikelihood(load_desi_bao(), "lcdm", radiation=P,
                                           sound_horizon="computed"), CMBDistancePrior("lcdm")])
    best = joint.best_fit()
    om_total = float(joint.derived(best.values)["Om_total"])
    assert om_total == pytest.approx(0.3027, abs=2 * 0.0036)
    assert best.params["H0"] == pytest.approx(68.17, abs=2 * 0.28 + 0.3)
