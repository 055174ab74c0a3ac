"""Chains out to GetDist and ArviZ: read back by the peers themselves (issue 16)."""

from __future__ import annotations

import os
import stat
import warnings

import numpy as np
import pytest

from symphys.cosmology import FlatLambdaCDM, SampleResult, SNData, SupernovaLikelihood
from symphys.cosmology.export import latex_label, to_arviz, to_getdist, to_mcsamples


@pytest.fixture(scope="module")
def result():
    rng = np.random.default_rng(0)
    z = np.sort(rng.uniform(0.02, 1.5, 60))
    dmb = np.full(60, 0.12)
    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + dmb * rng.standard_normal(60)
    like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=dmb), "wcdm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return like, like.sample(nwalkers=8, nsteps=60, rng=1)


def test_getdist_reads_our_files(result, tmp_path):
    getdist = pytest.importorskip("getdist")
    like, res = result
    paths = to_getdist(res, tmp_path / "wcdm", ranges=like.bounds)
    assert [os.path.basename(p) for p in paths] == ["wcdm.txt", "wcdm.paramnames", "wcdm.ranges"]
    for p in paths:  # readable by everyone
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o644
    samples = getdist.loadMCSamples(str(tmp_path / "wcdm"), settings={"ignore_rows": 0})
    flat = res.flat()
    assert samples.numrows == flat.shape[0]
    for i, name in enumerate(res.param_names):
        np.testing.assert_allclose(samples[name], flat[:, i], rtol=1e-15)
        assert samples.mean(name) == pytest.approx(flat[:, i].mean(), rel=1e-12)
    for name, vals in res.flat_derived().items():
        if np.ptp(vals) == 0:  # GetDist sets constant columns aside (Ok = 0 in a flat model)
            continue
        np.testing.assert_allclose(samples[name], vals, rtol=1e-15)
        assert samples.paramNames.parWithName(name).isDerived
    assert samples.paramNames.parWithName("Om").label == r"\Omega_{\rm m}"
    assert not samples.paramNames.parWithName("w").isDerived
    np.testing.assert_allclose(samples.loglikes, -res.log_prob[res.discard::res.thin].ravel())
    assert samples.ranges.getLower("Om") == like.bounds["Om"][0]
    assert samples.ranges.getUpper("w") == like.bounds["w"][1]
    # GetDist's own 68% limits from our chain bracket our median
    lo, med, hi = res.intervals()["Om"]
    stats = samples.getMargeStats().parWithName("Om")
    assert stats.limits[0].lower < med < stats.limits[0].upper


def test_mcsamples_in_memory(result):
    pytest.importorskip("getdist")
    like, res = result
    mc = to_mcsamples(res, ranges=like.bounds, labels={"w": "w_{\\rm DE}"})
    assert mc.paramNames.parWithName("w").label == "w_{\\rm DE}"
    assert mc.paramNames.parWithName("q0").isDerived
    np.testing.assert_allclose(mc["Om"], res.flat()[:, 0])


def test_arviz_inference_data(result):
    az = pytest.importorskip("arviz")
    _, res = result
    idata = to_arviz(res)
    post = idata.posterior
    nw = res.chain.shape[1]
    assert post["Om"].shape == (nw, res.nsteps - res.discard)
    np.testing.assert_array_equal(post["w"].values, res.chain[res.discard:, :, 1].T)
    np.testing.assert_array_equal(post["q0"].values, res.derived["q0"][res.discard:].T)
    np.testing.assert_array_equal(idata.sample_stats["lp"].values,
                                  res.log_prob[res.discard:].T)
    if res.discard:
        assert idata.warmup_posterior["Om"].shape == (nw, res.discard)
    # ArviZ's own diagnostics run on it
    summary = az.summary(idata, var_names=["Om", "w"], round_to="none")
    assert summary.loc["Om", "mean"] == pytest.approx(res.chain[res.discard:, :, 0].mean())


def test_labels_and_bad_input(result, tmp_path):
    _, res = result
    assert latex_label("H0").startswith("H_0")
    assert latex_label("a_b") == r"{\rm a\_b}"
    with pytest.raises(TypeError, match="result must be a SampleResult"):
        to_getdist("x", tmp_path / "r")
    with pytest.raises(ValueError, match="does not exist"):
        to_getdist(res, tmp_path / "missing" / "r")
    with pytest.raises(ValueError, match="labels names 'nope'"):
        to_getdist(res, tmp_path / "r", labels={"nope": "x"})
    with pytest.raises(ValueError, match="ranges names 'H0'"):
        to_getdist(res, tmp_path / "r", ranges={"H0": (0, 1)})
    with pytest.raises(ValueError, match="needs lo < hi"):
        to_getdist(res, tmp_path / "r", ranges={"Om": (1, 0)})
    bad = SampleResult(("a b",), np.zeros((4, 2, 1)), np.zeros((4, 2)), np.ones(1),
                       np.ones(2), discard=0, thin=1)
    with pytest.raises(ValueError, match="not a GetDist name"):
        to_getdist(bad, tmp_path / "r")
    empty = SampleResult(("a",), np.zeros((4, 2, 1)), np.zeros((4, 2)), np.ones(1),
                         np.ones(2), discard=10, thin=1)
    with pytest.raises(ValueError, match="no samples left"):
        to_arviz(empty)


def test_missing_peers_are_import_errors(result, monkeypatch):
    import sys

    _, res = result
    monkeypatch.setitem(sys.modules, "arviz", None)
    monkeypatch.setitem(sys.modules, "getdist", None)
    with pytest.raises(ImportError, match="arviz"):
        to_arviz(res)
    with pytest.raises(ImportError, match="getdist"):
        to_mcsamples(res)
