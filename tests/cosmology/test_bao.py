"""DESI BAO: the embedded files against the release files, the likelihood against a direct
computation with astropy, and the published BAO-only flat Lambda-CDM results."""

from __future__ import annotations

import astropy.cosmology as ac
import numpy as np
import pytest

from symphys.cosmology import (
    BAOData,
    BAOLikelihood,
    FlatLambdaCDM,
    Gaussian,
    bao_distances,
    load_desi_bao,
)
from symphys.cosmology import bao as bao_module

C = 299792.458


def _release(shared, rel):
    stem = {"dr1": "dr1/desi_2024_gaussian_bao_ALL_GCcomb",
            "dr2": "dr2/desi_gaussian_bao_ALL_GCcomb"}
    base = shared / "desi_bao" / stem[rel]
    z = np.loadtxt(f"{base}_mean.txt", usecols=(0, 1))
    q = [line.split()[2] for line in open(f"{base}_mean.txt") if not line.startswith("#")]
    return z[:, 0], z[:, 1], list(q), np.loadtxt(f"{base}_cov.txt")


@pytest.mark.parametrize("rel,n", [("dr1", 12), ("dr2", 13)])
def test_embedded_desi_equals_release_files(shared_data, rel, n):
    z, v, q, cov = _release(shared_data, rel)
    d = load_desi_bao(release=rel)
    assert d.n == n == len(z)
    np.testing.assert_array_equal(d.z, z)
    np.testing.assert_array_equal(d.value, v)
    assert list(d.quantity) == q
    np.testing.assert_array_equal(d.cov, cov)


def test_corrupt_embedded_file_refused(monkeypatch):
    real = bao_module.resources.files

    class Fake:
        def __init__(self, inner):
            self.inner = inner

        def __truediv__(self, other):
            obj = self.inner / other
            return Fake(obj) if other == "data" else (_Corrupt(obj) if other.endswith("dr2.json")
                                                      else obj)

    class _Corrupt:
        def __init__(self, p):
            self.p = p

        def read_bytes(self):
            return self.p.read_bytes().replace(b"13.58758434", b"13.58758435")

    monkeypatch.setattr(bao_module.resources, "files", lambda pkg: Fake(real(pkg)))
    with pytest.raises(ValueError, match="corrupt"):
        load_desi_bao(release="dr2")


def test_bad_release_and_data():
    with pytest.raises(ValueError, match="release"):
        load_desi_bao(release="dr3")
    with pytest.raises(ValueError, match="positive definite"):
        BAOData.from_arrays([0.5, 1.0], [1.0, 2.0], ["DM_over_rs"] * 2, cov=[[1, 2], [2, 1]])
    with pytest.raises(ValueError, match="z must be > 0"):
        BAOData.from_arrays([0.0], [1.0], ["DM_over_rs"], cov=[[1.0]])
    with pytest.raises(ValueError, match="sound_horizon"):
        BAOLikelihood(load_desi_bao(), "lcdm", sound_horizon="cmb")
    with pytest.raises(ValueError, match="FLRW"):
        BAOLikelihood(load_desi_bao(), "vsl", sound_horizon="computed")


def test_chi2_against_astropy_and_dense_inverse():
    """The same chi2 from astropy's distances and an explicit inverse covariance."""
    d = load_desi_bao(release="dr2")
    like = BAOLikelihood(d, "wcdm")
    cinv = np.linalg.inv(d.cov)
    for om, w, rd in [(0.3, -1.0, 147.0), (0.28, -0.8, 140.0), (0.35, -1.2, 150.0)]:
        cosmo = ac.FlatwCDM(70.0, om, w0=w)
        dm = cosmo.comoving_transverse_distance(d.z).value
        dh = C / cosmo.H(d.z).value
        dv = (d.z * dm**2 * dh) ** (1 / 3)
        pred = np.select([np.array(d.quantity) == "DM_over_rs",
                          np.array(d.quantity) == "DH_over_rs"], [dm, dh], dv) / rd
        r = d.value - pred
        assert float(like.chi2([om, w, rd])) == pytest.approx(r @ cinv @ r, rel=1e-8)
    dm, dh, dv = bao_distances(FlatLambdaCDM(70, 0.3), d.z)
    np.testing.assert_allclose(dh, C / ac.FlatLambdaCDM(70, 0.3).H(d.z).value, rtol=1e-12)
    np.testing.assert_allclose(dv, (d.z * dm**2 * dh) ** (1 / 3), rtol=1e-12)


def test_h0rd_parametrisation_equals_rd():
    d = load_desi_bao(release="dr2")
    a = BAOLikelihood(d, "lcdm")
    b = BAOLikelihood(d, "lcdm", sound_horizon="H0rd")
    assert float(a.chi2([0.3, 145.0])) == pytest.approx(float(b.chi2([0.3, 70.0 * 145.0])),
                                                         rel=1e-12)


@pytest.mark.parametrize("rel,om,sig", [("dr2", 0.2975, 0.0086), ("dr1", 0.295, 0.015)])
def test_desi_bao_only_flat_lcdm_reproduces_paper(rel, om, sig):
    """DESI DR2 (arXiv:2503.14738, Table V) Om = 0.2975 +- 0.0086; DR1 (arXiv:2404.03002,
    Table 3) Om = 0.295 +- 0.015: BAO only, flat Lambda-CDM, r_d (H0 r_d) free."""
    best = BAOLikelihood(load_desi_bao(release=rel), "lcdm").best_fit()
    assert best.params["Om"] == pytest.approx(om, abs=0.25 * sig)
    assert best.errors["Om"] == pytest.approx(sig, rel=0.05)


def test_desi_dr2_h_rd():
    """DESI DR2 (arXiv:2503.14738): h r_d = 101.54 +- 0.73 Mpc from BAO alone."""
    best = BAOLikelihood(load_desi_bao(release="dr2"), "lcdm").best_fit()
    assert best.params["rd"] * 0.70 == pytest.approx(101.54, abs=0.2)


def test_prior_wider_than_domain_gives_minus_inf_not_crash():
    like = BAOLikelihood(load_desi_bao(), "lcdm", priors={"Om": (-0.5, 1.0)})
    lp = like.log_prob([[-0.2, 147.0], [0.3, 147.0]])
    assert lp[0] == -np.inf and np.isfinite(lp[1])
    assert like.best_fit().params["Om"] == pytest.approx(0.2975, abs=0.003)


def test_computed_rd_and_derived():
    like = BAOLikelihood(load_desi_bao(), "lcdm", sound_horizon="computed",
                         priors={"ombh2": Gaussian(0.02218, 0.00055)})
    assert like.free == ("Om", "H0", "ombh2")
    der = like.derived([[0.3153, 67.36, 0.02237]])
    # Planck 2018 (TT,TE,EE+lowE+lensing): r_d = 147.09 Mpc; omega_c = 0.1200
    assert float(der["rd"][0]) == pytest.approx(147.09, rel=2e-3)
    assert float(der["Ok"][0]) == 0.0
    assert float(der["age"][0]) == pytest.approx(
        ac.FlatLambdaCDM(67.36, 0.3153).age(0).value, rel=1e-6)


def test_evidence_delegates_to_the_evidence_module():
    """ln Z by the grid against a direct 2-D trapezoid of exp(-chi2/2) over the prior box."""
    like = BAOLikelihood(load_desi_bao(), "lcdm", priors={"Om": (0.2, 0.4), "rd": (130, 160)})
    res = like.evidence(method="grid", points=81)
    om = np.linspace(0.2, 0.4, 161)
    rd = np.linspace(130, 160, 161)
    g = np.stack(np.meshgrid(om, rd, indexing="ij"), -1).reshape(-1, 2)
    lp = -0.5 * like.chi2(g).reshape(161, 161)
    peak = lp.max()
    z = np.trapezoid(np.trapezoid(np.exp(lp - peak), rd, axis=1), om) / (0.2 * 30)
    assert res.log_z == pytest.approx(np.log(z) + peak, abs=max(3 * res.log_z_err, 2e-3))


@pytest.mark.slow
def test_evidence_nautilus_equals_grid_within_error():
    pytest.importorskip("nautilus")
    like = BAOLikelihood(load_desi_bao(), "lcdm", priors={"Om": (0.2, 0.4), "rd": (130, 160)})
    grid = like.evidence(method="grid", points=161)
    nested = like.evidence(method="nautilus", rng=1, n_live=500)
    assert nested.log_z == pytest.approx(grid.log_z, abs=3 * nested.log_z_err + 3 * grid.log_z_err)
