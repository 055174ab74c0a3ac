"""The likelihood against a direct dense computation, numerical M integration, and Scolnic 2018."""

from __future__ import annotations

import astropy.cosmology as ac
import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import minimize_scalar

from symphys.cosmology import SNData, SupernovaLikelihood, load_pantheon


@pytest.fixture(scope="module")
def pantheon():
    return load_pantheon()


@pytest.fixture(scope="module")
def dense(pantheon):
    """The naive route: astropy distances and an explicit inverse."""
    cinv = np.linalg.inv(pantheon.cov)

    def chi2(om, M):
        mu = ac.FlatLambdaCDM(70.0, om).distmod(pantheon.z_cmb).value
        r = pantheon.mb - mu - M
        return r @ cinv @ r

    chi2.cinv = cinv
    return chi2


def test_chi2_matches_dense_computation(pantheon, dense):
    like = SupernovaLikelihood(pantheon, "lcdm", marginalize_M=False, fixed={"H0": 70.0},
                               free=["Om", "M"])
    for om, M in [(0.3, -19.35), (0.2, -19.4), (0.45, -19.2)]:
        assert like.chi2([om, M]) == pytest.approx(dense(om, M), rel=1e-10)


def test_marginalised_chi2_equals_numerical_integral_over_M(pantheon, dense):
    """chi2_marg = -2 ln int exp(-chi2(M)/2) dM: the analytic formula vs scipy quadrature."""
    like = SupernovaLikelihood(pantheon, "lcdm")
    cinv = dense.cinv
    for om in (0.25, 0.3):
        # chi2(M) = r^T Cinv r with r = base - M, expanded once (dense inverse, astropy mu)
        base = pantheon.mb - ac.FlatLambdaCDM(70.0, om).distmod(pantheon.z_cmb).value
        a, b, e = base @ cinv @ base, np.sum(cinv @ base), np.sum(cinv)
        c0 = dense(om, -19.35)
        assert a - 2 * (-19.35) * b + 19.35**2 * e == pytest.approx(c0, rel=1e-9)

        def integrand(M, a=a, b=b, e=e, c0=c0):
            return np.exp(-0.5 * (a - 2 * M * b + M * M * e - c0))

        val = quad(integrand, -20.0, -18.7, epsabs=0, epsrel=1e-10, points=[-19.35])[0]
        assert float(like.chi2([om])) == pytest.approx(c0 - 2 * np.log(val), abs=1e-6)


def test_profiled_chi2_and_M_hat_against_brute_force(pantheon, dense):
    like = SupernovaLikelihood(pantheon, "lcdm")
    res = minimize_scalar(lambda M: dense(0.3, M), bounds=(-20, -18.5), method="bounded",
                          options={"xatol": 1e-10})
    assert float(like.chi2_profiled([0.3])) == pytest.approx(res.fun, rel=1e-10)
    assert float(like.M_hat([0.3])) == pytest.approx(res.x, abs=1e-6)


def test_batched_chi2(pantheon):
    like = SupernovaLikelihood(pantheon, "wcdm")
    theta = np.array([[[0.3, -1.0], [0.25, -0.9]], [[0.35, -1.1], [0.3, -1.0]]])
    out = like.chi2(theta)
    assert out.shape == (2, 2)
    for idx in np.ndindex(2, 2):
        assert out[idx] == pytest.approx(float(like.chi2(theta[idx])), rel=1e-10)
    np.testing.assert_allclose(out[0, 0], out[1, 1], rtol=1e-12)


def test_scolnic_2018_anchor(pantheon):
    """Flat LCDM, Pantheon stat+sys alone: Om = 0.298 +- 0.022 (Scolnic et al. 2018, Table 8)."""
    best = SupernovaLikelihood(pantheon, "lcdm").best_fit()
    assert best.params["Om"] == pytest.approx(0.298, abs=0.002)
    assert best.errors["Om"] == pytest.approx(0.022, abs=0.002)
    assert best.dof == 1048 - 2 and best.k == 2
    assert best.aic == pytest.approx(best.chi2 + 4)
    assert best.bic == pytest.approx(best.chi2 + 2 * np.log(1048))
    # a good fit: chi2_min within 3 sigma of its expectation dof (sigma = sqrt(2 dof))
    assert abs(best.chi2 - best.dof) < 3 * np.sqrt(2 * best.dof)


def test_heliocentric_prefactor_on_real_redshifts(shared_data, dense):
    """Pantheon's zhel release (z_hel != z_cmb by up to 0.003): the likelihood puts (1+z_hel)
    in front and z_cmb in the distance, i.e. astropy's d_L(z_cmb) times (1+z_hel)/(1+z_cmb)."""
    d = load_pantheon(zhel=True, data_dir=shared_data)
    assert np.max(np.abs(d.z_hel - d.z_cmb)) > 1e-3
    like = SupernovaLikelihood(d, "lcdm", marginalize_M=False, fixed={"H0": 70.0},
                               free=["Om", "M"])
    for om, M in [(0.3, -19.35), (0.25, -19.3)]:
        mu = (ac.FlatLambdaCDM(70.0, om).distmod(d.z_cmb).value
              + 5 * np.log10((1 + d.z_hel) / (1 + d.z_cmb)))
        r = d.mb - mu - M
        assert float(like.chi2([om, M])) == pytest.approx(r @ dense.cinv @ r, rel=1e-10)
        # z_cmb in both places gives a different chi2: the test tells the conventions apart
        r0 = d.mb - ac.FlatLambdaCDM(70.0, om).distmod(d.z_cmb).value - M
        assert abs(float(like.chi2([om, M])) - r0 @ dense.cinv @ r0) > 0.1


def test_stat_only_anchor(pantheon):
    """Without the systematic covariance, C = diag(dmb^2): Om = 0.284 +- 0.012 (Scolnic et al.
    2018, the statistical-only flat LCDM row); with it 0.298 +- 0.022 (the anchor above). This
    checks that the embedded C_sys is what widens the error."""
    from symphys.cosmology.datasets import _embedded

    dmb = _embedded()["dmb"]
    stat = SNData.from_arrays(pantheon.z_cmb, pantheon.mb, dmb=dmb, z_hel=pantheon.z_hel)
    best = SupernovaLikelihood(stat, "lcdm").best_fit()
    assert best.params["Om"] == pytest.approx(0.284, abs=0.002)
    assert best.errors["Om"] == pytest.approx(0.012, abs=0.001)


def test_best_fit_with_M_fixed_equals_profile(pantheon):
    """H0 with a stated M is the same fit as M profiled at fixed H0 (only M - 5 log10 H0 enters)."""
    prof = SupernovaLikelihood(pantheon, "vsl").best_fit()
    fixed = SupernovaLikelihood(pantheon, "vsl", free=["H0"], fixed={"M": -19.3},
                                marginalize_M=False).best_fit()
    assert fixed.chi2 == pytest.approx(prof.chi2, abs=1e-6)
    assert fixed.params["H0"] == pytest.approx(prof.h0_for_M(-19.3), rel=1e-6)
    assert prof.k == fixed.k == 1


def test_vsl_seed_fit_is_reported_not_tuned(pantheon, dense):
    """With q = 1 the seed model fits Pantheon (full covariance) worse than flat LCDM."""
    vsl = SupernovaLikelihood(pantheon, "vsl").best_fit()
    lcdm = SupernovaLikelihood(pantheon, "lcdm").best_fit()
    # the headline chi2 by a second route: the seed's closed form d_L = (2c/3H0)(1+z)ln(1+z),
    # an explicit inverse covariance and a scalar minimisation over H0 at a fixed M
    z = pantheon.z_cmb

    def chi2(h0):
        d_l = 2 * 299792.458 / (3 * h0) * (1 + z) * np.log1p(z)
        r = pantheon.mb - 5 * np.log10(d_l) - 25 + 19.253
        return r @ dense.cinv @ r

    direct = minimize_scalar(chi2, bounds=(30, 70), method="bounded", options={"xatol": 1e-9})
    assert vsl.chi2 == pytest.approx(direct.fun, rel=1e-9)
    assert vsl.h0_for_M(-19.253) == pytest.approx(direct.x, rel=1e-6)
    assert vsl.chi2 > lcdm.chi2 + 50
    assert vsl.aic > lcdm.aic and vsl.bic > lcdm.bic


def test_log_prob_priors_and_gaussian_prior(pantheon):
    like = SupernovaLikelihood(pantheon, "lcdm", priors={"Om": (0.1, 0.5)},
                               gaussian_priors={"Om": (0.3, 0.01)})
    lp = like.log_prob([[0.05], [0.3], [0.31]])
    assert lp[0] == -np.inf
    expected = -0.5 * like.chi2([0.31]) - 0.5
    assert lp[2] == pytest.approx(float(expected), rel=1e-10)


def test_bad_configuration(pantheon):
    with pytest.raises(ValueError, match="unknown parameter 'Ok' in free"):
        SupernovaLikelihood(pantheon, "lcdm", free=["Ok"])
    with pytest.raises(ValueError, match="unknown parameter 'M' in fixed.*marginalize_M=False"):
        SupernovaLikelihood(pantheon, "lcdm", fixed={"M": -19.3})
    with pytest.raises(ValueError, match="H0 is exactly degenerate"):
        SupernovaLikelihood(pantheon, "lcdm", free=["H0", "Om"])
    with pytest.raises(ValueError, match="unknown model"):
        SupernovaLikelihood(pantheon, "steady-state")
    with pytest.raises(ValueError, match="both free and fixed"):
        SupernovaLikelihood(pantheon, "lcdm", free=["Om"], fixed={"Om": 0.3})
    with pytest.raises(ValueError, match="lower bound"):
        SupernovaLikelihood(pantheon, "lcdm", priors={"Om": (0.5, 0.1)})
    like = SupernovaLikelihood(pantheon, "lcdm", priors={"Om": (0.1, 0.5)})
    with pytest.raises(ValueError, match="start Om=0.9 lies outside its prior"):
        like.best_fit(x0=[0.9])
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 1\)"):
        like.chi2([0.3, 0.2])
    with pytest.raises(TypeError, match="SNData"):
        SupernovaLikelihood(np.zeros(3), "lcdm")
    # fixed values are checked when the likelihood is built, not met as chi2 = inf later
    with pytest.raises(ValueError, match="fixed H0=nan must be finite"):
        SupernovaLikelihood(pantheon, "lcdm", fixed={"H0": float("nan")})
    with pytest.raises(ValueError, match="zeta must be > -1"):
        SupernovaLikelihood(pantheon, "vsl", fixed={"zeta": -3.0})
    with pytest.raises(ValueError, match="H0 must be > 0"):
        SupernovaLikelihood(pantheon, "vsl", free=["q"], fixed={"H0": -70.0})


def test_unphysical_parameters_give_infinite_chi2():
    d = SNData.from_arrays([0.5, 1.0, 2.0], [42.0, 44.0, 45.5], dmb=[0.1, 0.1, 0.1])
    like = SupernovaLikelihood(d, "olcdm")
    # Om = 0.1, Ode = 2: E^2 < 0 before z = 2 (no big bang): no distance
    out = like.chi2([[0.1, 2.0], [0.3, 0.7]])
    assert out[0] == np.inf and np.isfinite(out[1])


def test_vsl_mu_zeta_degeneracy_is_flagged():
    """d_L(z) depends on (mu, zeta) only through p = mu (1+zeta) and mu/H0: two parameter sets
    with the same p and mu/H0 give identical chi2, and freeing both mu and zeta warns."""
    from symphys.cosmology import VaryingC

    z = np.array([0.1, 0.5, 1.0, 1.5])
    mb = VaryingC(50.0).distance_modulus(z) - 19.3
    d = SNData.from_arrays(z, mb + [0.02, -0.03, 0.01, 0.0], dmb=[0.1] * 4)
    with pytest.warns(UserWarning, match="exactly flat direction"):
        like = SupernovaLikelihood(d, "vsl", free=["mu", "zeta"])
    # p = 1 both times: (2/3, 1/2) and (1/2, 1); H0 is fixed and M absorbs mu/H0
    assert float(like.chi2([2 / 3, 0.5])) == pytest.approx(float(like.chi2([0.5, 1.0])),
                                                           rel=1e-9)


# -- issue 19: no silent NaN, prior edges, bad input --------------------------------------------
def _small():
    from symphys.cosmology import FlatLambdaCDM, SNData

    z = np.linspace(0.05, 1.5, 30)
    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3
    return SNData.from_arrays(z, mb, dmb=np.full(30, 0.1))


@pytest.mark.timeout(10)
def test_non_finite_chi2_at_start_is_refused_naming_the_parameters():
    """`symphys fit --model lcdm --M 1e308 --no-mcmc` printed chi2 = nan with success true."""
    like = SupernovaLikelihood(_small(), "lcdm", free=["H0", "Om"], fixed={"M": 1e308},
                               marginalize_M=False)
    assert like.chi2([[70.0, 0.3]])[0] == np.inf  # overflow is inf, never NaN
    with pytest.raises(ValueError, match=r"chi2 is not finite at the start point free "
                                         r"\(H0=70, Om=0.3\) with fixed \(M=1e\+308\)"):
        like.best_fit()


@pytest.mark.timeout(10)
def test_fit_ending_at_a_prior_edge_says_so():
    like = SupernovaLikelihood(_small(), "lcdm", priors={"Om": (0.4, 0.6)})  # optimum 0.3
    with pytest.warns(UserWarning, match=r"prior edge \(Om=0.4 in \(0.4, 0.6\)\)"):
        best = like.best_fit()
    assert best.at_prior_edge == ("Om",)
    assert best.summary()["at_prior_edge"] == ["Om"]
    inside = SupernovaLikelihood(_small(), "lcdm").best_fit()
    assert inside.at_prior_edge == () and inside.params["Om"] == pytest.approx(0.3, abs=1e-5)


@pytest.mark.parametrize("kw,exc,match", [
    ({"fixed": {"H0": "x"}}, TypeError, "fixed H0='x' must be a real number"),
    ({"priors": {"Om": 3}}, TypeError, r"priors\['Om'\] must be a pair"),
    ({"priors": {"Om": (0, np.inf)}}, ValueError, "must be finite"),
    ({"gaussian_priors": {"Om": (0.3, np.nan)}}, ValueError, "must be finite"),
])
def test_bad_likelihood_options(kw, exc, match):
    with pytest.raises(exc, match=match):
        SupernovaLikelihood(_small(), "lcdm", **kw)


def test_bad_start_point_is_value_error():
    with pytest.raises(ValueError, match="x0 must be 1 real numbers"):
        SupernovaLikelihood(_small(), "lcdm").best_fit(x0=[0.3, 0.2])


@pytest.mark.parametrize("bad,exc", [([np.nan], ValueError), ([None], ValueError),
                                     ("x", TypeError), ([1j], TypeError)])
def test_non_finite_or_non_real_params_are_refused(bad, exc):
    like = SupernovaLikelihood(_small(), "lcdm")
    for f in (like.chi2, like.chi2_profiled, like.M_hat, like.residuals, like.log_prob):
        with pytest.raises(exc, match="params"):
            f(bad)


def test_bestfit_fields_and_h0_for_M_are_checked():
    from symphys.cosmology import BestFit

    b = BestFit("vsl", (), {"H0": 70.0, "M": -19.5}, 1000.0, 1048, 1, True)
    for bad in (1e308, 10**30, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="must be finite and within 1500 mag"):
            b.h0_for_M(bad)
    with pytest.raises(TypeError, match="M must be a real number"):
        b.h0_for_M("x")
    for args, exc in [((float("nan"), ("Om",), {}, 1.0, 10, 2, True), TypeError),
                      (("lcdm", ("Om",), {}, float("inf"), 10, 2, True), ValueError),
                      (("lcdm", ("Om",), {}, 1.0, 0, 2, True), ValueError),
                      (("lcdm", "Om", {}, 1.0, 10, 2, True), TypeError),
                      (("lcdm", float("nan"), {}, 1.0, 10, 2, True), TypeError)]:
        with pytest.raises(exc):
            BestFit(*args)


def test_likelihood_options_must_be_mappings():
    with pytest.raises(TypeError, match="priors must be a mapping"):
        SupernovaLikelihood(_small(), "lcdm", priors=[1])
