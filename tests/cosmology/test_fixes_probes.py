"""Fixes of issue 16: no NaN where E^2 <= 0, residuals against the best-fitting model."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.cosmology import FlatwCDM, SNData, SupernovaLikelihood


def test_flatwcdm_without_big_bang_is_an_error_or_minus_inf_never_nan():
    m = FlatwCDM(70, 1.5, 0.3)      # E^2 reaches 0 at z = 2.389
    with pytest.raises(ValueError, match="no big bang"):
        m.efunc(3.0)
    with pytest.raises(ValueError, match="no big bang"):
        m.hubble_parameter([1.0, 3.0])
    with pytest.raises(ValueError, match="no big bang"):
        m.radial_distance(3.0)
    assert np.all(np.isfinite(m.efunc([0.5, 2.0])))
    z = np.array([0.5, 1.0, 3.0])
    d = SNData.from_arrays(z, FlatwCDM(70, 0.3, -1.0).distance_modulus(z) - 19.3,
                           dmb=[0.1] * 3)
    like = SupernovaLikelihood(d, "wcdm", priors={"Om": (0, 2), "w": (-3, 1)})
    assert like.chi2([1.5, 0.3]) == np.inf
    assert like.log_prob([1.5, 0.3]) == -np.inf


def test_hubble_diagram_residuals_against_best_fit_with_binned_means():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from symphys.cosmology import hubble_diagram
    from symphys.cosmology.plots import binned_residuals

    rng = np.random.default_rng(3)
    z = np.sort(rng.uniform(0.02, 1.2, 60))
    from symphys.cosmology import FlatLambdaCDM

    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + rng.normal(0, 0.1, 60)
    d = SNData.from_arrays(z, mb, dmb=np.full(60, 0.1))
    fits = [SupernovaLikelihood(d, "eds").best_fit(), SupernovaLikelihood(d, "lcdm").best_fit()]
    fig = hubble_diagram(d, fits, labels=["eds", "lcdm"])
    assert "lcdm" in fig.axes[1].get_ylabel() and "best fit" in fig.axes[1].get_ylabel()
    # binned means against a direct computation (equal errors: plain means per bin)
    r = rng.normal(size=60)
    zc, mean, err = binned_residuals(z, r, np.full(60, 0.1), bins=4)
    edges = np.geomspace(z.min(), z.max() * (1 + 1e-12), 5)
    idx = np.clip(np.searchsorted(edges, z, side="right") - 1, 0, 3)
    for b in range(4):
        sel = idx == b
        if sel.any():
            k = np.flatnonzero(np.unique(idx) == b)[0]
            assert mean[k] == pytest.approx(r[sel].mean(), rel=1e-12)
            assert err[k] == pytest.approx(0.1 / np.sqrt(sel.sum()), rel=1e-12)
