"""Prior objects against scipy.stats, and priors wider than a model's validity domain."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from symphys.cosmology import (
    SH0ES_M,
    BAOLikelihood,
    Gaussian,
    SupernovaLikelihood,
    Uniform,
    load_desi_bao,
    load_pantheon,
)
from symphys.cosmology.priors import as_prior


def test_uniform_and_gaussian_against_scipy():
    x = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(Uniform(-1, 2).logpdf(x[(x > -1) & (x < 2)]),
                               stats.uniform(-1, 3).logpdf(x[(x > -1) & (x < 2)]))
    np.testing.assert_allclose(Gaussian(0.5, 1.5).logpdf(x), stats.norm(0.5, 1.5).logpdf(x))
    tr = Gaussian(0.5, 1.5, lo=0.0, hi=2.0)
    ref = stats.truncnorm((0 - 0.5) / 1.5, (2 - 0.5) / 1.5, loc=0.5, scale=1.5)
    inside = x[(x > 0) & (x < 2)]
    np.testing.assert_allclose(tr.logpdf(inside), ref.logpdf(inside), rtol=1e-12)
    u = np.linspace(0.01, 0.99, 7)
    np.testing.assert_allclose(tr.ppf(u), ref.ppf(u), rtol=1e-10)
    np.testing.assert_allclose(Gaussian(0.5, 1.5).ppf(u), stats.norm(0.5, 1.5).ppf(u))


def test_sh0es_measurement():
    """Riess et al. 2022 (arXiv:2112.04510): M = -19.253 +- 0.027."""
    assert (SH0ES_M.mean, SH0ES_M.sigma) == (-19.253, 0.027)
    assert "2112.04510" in SH0ES_M.source


def test_bad_priors():
    with pytest.raises(ValueError, match="lo must be < hi"):
        Uniform(1, 0)
    with pytest.raises(ValueError, match="sigma"):
        Gaussian(0, -1)
    with pytest.raises(TypeError, match="Prior or a"):
        as_prior("wide")
    with pytest.raises(ValueError, match="no probability mass"):
        Gaussian(0, 1, lo=100, hi=101)


def test_prior_wider_than_domain_sn_never_crashes():
    """Today's crash: priors={"Om": (-.5, 1)} broke best_fit and sample."""
    like = SupernovaLikelihood(load_pantheon(), "lcdm", priors={"Om": (-0.5, 1.0)})
    lp = like.log_prob([[-0.3], [0.3]])
    assert lp[0] == -np.inf and np.isfinite(lp[1])
    assert like.chi2([-0.3]) == np.inf
    assert like.best_fit().params["Om"] == pytest.approx(0.298, abs=2e-3)
    p0 = np.random.default_rng(0).uniform(0.0, 0.4, (8, 1))
    with pytest.warns(RuntimeWarning):
        out = like.sample(nwalkers=8, nsteps=40, rng=0, start=p0)
    assert np.all(out.chain > -0.5)


def test_gaussian_prior_object_in_sn_likelihood():
    like = SupernovaLikelihood(load_pantheon(), "lcdm", marginalize_M=False,
                               free=["Om", "M"], priors={"M": SH0ES_M})
    lo, hi = like.bounds["M"]
    assert (lo, hi) == pytest.approx((-19.253 - 0.27, -19.253 + 0.27))
    a, b = like.log_prior([[0.3, -19.253], [0.3, -19.253 + 0.054]])
    assert a - b == pytest.approx(0.5 * 2.0**2)


def test_probe_log_prior_is_relative_to_the_box():
    like = BAOLikelihood(load_desi_bao(), "lcdm", priors={"Om": Gaussian(0.3, 0.01)})
    lo, hi = like.bounds["Om"]
    x = np.array([[0.31, 147.0]])
    expected = stats.norm(0.3, 0.01).logpdf(0.31) + np.log(hi - lo)
    assert float(like.log_prior(x)[0]) == pytest.approx(expected, rel=1e-12)
    u = np.array([[0.5, 0.5]])
    np.testing.assert_allclose(like.prior_transform(u), [[0.3, 175.0]])
