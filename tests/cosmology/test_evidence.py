"""Evidence in any dimension: grid quadrature, nautilus and dynesty against closed forms and
against each other (issue 16)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from symphys.cosmology import FlatLambdaCDM, SNData, SupernovaLikelihood, log_evidence
from symphys.cosmology.evidence import (
    MAX_EVIDENCE_GRID,
    EvidenceComparison,
    EvidenceResult,
    cross_check_evidence,
    evidence,
)


class Gauss:
    """A correlated Gaussian in a box: ln Z = ln((2 pi)^(k/2) sqrt(det S) / V) (closed form,
    up to the box's truncation, negligible at 10 sigma)."""

    def __init__(self, cov, half_width=10.0, mean=None):
        self.cov = np.atleast_2d(np.asarray(cov, dtype=float))
        k = self.cov.shape[0]
        self.mean = np.zeros(k) if mean is None else np.asarray(mean, dtype=float)
        self.free = tuple(f"x{i}" for i in range(k))
        self.bounds = {n: (-half_width, half_width) for n in self.free}
        self.prec = np.linalg.inv(self.cov)
        self.volume = (2 * half_width) ** k

    @property
    def ndim(self):
        return len(self.free)

    class model_class:  # noqa: N801 - mimics a model class
        name = "gauss"

    def log_prob(self, theta):
        d = np.asarray(theta, dtype=float) - self.mean
        return -0.5 * np.einsum("...i,ij,...j->...", d, self.prec, d)

    def best_fit(self):
        raise AssertionError("not needed")

    def exact(self):
        k = self.ndim
        return math.log((2 * math.pi) ** (k / 2) * math.sqrt(np.linalg.det(self.cov))
                        / self.volume)


def _sn(model="lcdm", n=60, **kw):
    rng = np.random.default_rng(0)
    z = np.sort(rng.uniform(0.02, 1.5, n))
    dmb = np.full(n, 0.12)
    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + dmb * rng.standard_normal(n)
    return SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=dmb), model, **kw)


@pytest.mark.parametrize("cov", [[[0.3**2]], [[1.0, 0.6], [0.6, 0.5]]])
def test_grid_matches_the_gaussian_closed_form(cov):
    post = Gauss(cov)
    r = evidence(post, method="grid")
    assert r.method == "grid" and r.n_eval == (801 if len(cov) == 1 else 161**2)
    assert abs(r.log_z - post.exact()) < 1e-6 + r.log_z_err


def test_grid_equals_the_supernova_quadrature():
    """The generic grid reproduces comparison.log_evidence on SupernovaLikelihood (1 and 2 D)."""
    for like in (_sn("lcdm"), _sn("wcdm")):
        r = evidence(like, method="grid")
        assert r.log_z == pytest.approx(log_evidence(like), abs=1e-9)


def test_grid_error_estimate_is_the_resolution_error():
    """Richardson's estimate from a coarse grid brackets the true error of a coarse grid."""
    post = Gauss([[0.05**2]], half_width=1.0)  # narrow: 9 points per sigma at points=361
    r = evidence(post, method="grid", points=41)
    assert abs(r.log_z - post.exact()) <= 3 * r.log_z_err + 1e-12
    assert r.log_z_err > 1e-6


@pytest.mark.timeout(120)
def test_dynesty_in_three_dimensions_matches_the_closed_form():
    pytest.importorskip("dynesty")
    post = Gauss(np.diag([1.0, 0.25, 2.0]))
    r = evidence(post, method="dynesty", rng=3, n_live=300)
    assert r.method == "dynesty" and r.log_z_err > 0
    assert abs(r.log_z - post.exact()) < 2 * r.log_z_err


#: fast nautilus settings for the tests: error near 0.02 in ln Z
FAST_NAUTILUS = {"n_live": 300, "sampler_kwargs": {"n_networks": 1}, "run_kwargs": {"n_eff": 2000}}


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_nautilus_in_three_dimensions_matches_the_closed_form():
    pytest.importorskip("nautilus")
    post = Gauss(np.diag([1.0, 0.25, 2.0]))
    r = evidence(post, method="nautilus", rng=3, **FAST_NAUTILUS)
    assert abs(r.log_z - post.exact()) < 2 * r.log_z_err


@pytest.mark.timeout(300)
def test_nested_sampling_matches_the_grid_on_supernovae_in_1_and_2_d():
    """The requirement: nested-sampling ln Z equals the grid in 1-2 D within its own error
    (1 D goes through nautilus's dummy axis)."""
    pytest.importorskip("nautilus")
    for like in (_sn("lcdm"), _sn("olcdm")):
        grid = evidence(like, method="grid")
        naut = evidence(like, method="nautilus", rng=0, **FAST_NAUTILUS)
        assert abs(naut.log_z - grid.log_z) <= naut.log_z_err + grid.log_z_err, (naut, grid)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_dynesty_matches_the_grid_on_supernovae_in_1_and_2_d():
    pytest.importorskip("dynesty")
    for like in (_sn("lcdm"), _sn("olcdm")):
        comp = cross_check_evidence(like, methods=("grid", "dynesty"), rng=1, n_live=400)
        grid, nested = comp.results
        assert grid.method == "grid" and nested.method == "dynesty"
        assert abs(nested.log_z - grid.log_z) <= nested.log_z_err + grid.log_z_err, str(comp)
        assert comp.consistent


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_nautilus_matches_the_grid_on_pantheon():
    pytest.importorskip("nautilus")
    from symphys.cosmology import load_pantheon

    data = load_pantheon()
    for like in (SupernovaLikelihood(data, "lcdm"), SupernovaLikelihood(data, "wcdm")):
        comp = cross_check_evidence(like, methods=("grid", "nautilus"), rng=2)
        print(comp)
        grid, naut = comp.results
        assert abs(naut.log_z - grid.log_z) <= 2 * math.hypot(naut.log_z_err, grid.log_z_err), \
            str(comp)


def test_printed_comparison_states_the_priors():
    like = _sn("wcdm", priors={"w": (-2.0, 0.0)}, gaussian_priors={"Om": (0.3, 0.1)})
    text = str(cross_check_evidence(like, methods=("grid",)))
    assert "Om ~ U(0, 1)" in text and "w ~ U(-2, 0)" in text
    assert "Om ~ N(0.3, 0.1)" in text and "M marginalised" in text and "H0 = 70" in text
    assert str(evidence(like, method="grid")).startswith("wcdm: ln Z = ")


def test_zero_free_parameters_is_minus_half_chi2():
    like = _sn("eds")
    r = evidence(like, method="nautilus")  # no dimension to sample: the value itself
    assert r.method == "grid" and r.log_z_err == 0
    assert r.log_z == pytest.approx(-0.5 * float(like.chi2(np.zeros(0))))


@pytest.mark.slow
def test_one_dimension_through_nautilus_uses_a_dummy_axis():
    """nautilus needs k >= 2; a 1-D posterior gets an ignored U(0, 1) axis (Z unchanged)."""
    pytest.importorskip("nautilus")
    post = Gauss([[0.5]])
    r = evidence(post, method="nautilus", rng=0, **FAST_NAUTILUS)
    assert abs(r.log_z - post.exact()) < 3 * r.log_z_err


def test_same_seed_same_evidence():
    pytest.importorskip("dynesty")
    post = Gauss([[1.0]])
    a = evidence(post, method="dynesty", rng=5, n_live=20, run_kwargs={"dlogz": 1.0})
    b = evidence(post, method="dynesty", rng=5, n_live=20, run_kwargs={"dlogz": 1.0})
    assert a.log_z == b.log_z


def test_missing_sampler_is_an_import_error_naming_the_package(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "nautilus", None)
    monkeypatch.setitem(sys.modules, "dynesty", None)
    with pytest.raises(ImportError, match="nautilus-sampler"):
        evidence(Gauss([[1.0]]), method="nautilus")
    with pytest.raises(ImportError, match="dynesty"):
        evidence(Gauss([[1.0]]), method="dynesty")
    # the cross-check leaves out what is missing
    comp = cross_check_evidence(Gauss([[1.0]]))
    assert [r.method for r in comp.results] == ["grid"]


@pytest.mark.parametrize("kw,exc,match", [
    ({"method": "ultranest"}, ValueError, "method='ultranest' must be one of"),
    ({"method": "grid", "points": 2}, ValueError, "points=2 must be >= 3"),
    ({"method": "grid", "points": 2.5}, TypeError, "points must be an int"),
    ({"n_live": 5}, ValueError, r"n_live=5 must be in \[10, 100000\]"),
    ({"max_calls": 0}, ValueError, "max_calls=0 must be in"),
    ({"progress": 1}, TypeError, "progress must be a bool"),
    ({"pool": "x"}, TypeError, "pool must have a map method"),
    ({"rng": "x"}, TypeError, "rng must be"),
    ({"run_kwargs": [1]}, TypeError, "run_kwargs must be a mapping"),
])
def test_bad_options(kw, exc, match):
    with pytest.raises(exc, match=match):
        evidence(Gauss([[1.0]]), **kw)


def test_grid_limits():
    with pytest.raises(ValueError, match="k <= 2"):
        evidence(Gauss(np.eye(3)), method="grid")
    with pytest.raises(ValueError, match=f"MAX_EVIDENCE_GRID = {MAX_EVIDENCE_GRID}"):
        evidence(Gauss(np.eye(2)), method="grid", points=2001)
    with pytest.raises(ValueError, match="narrower than the evidence grid"):
        evidence(Gauss([[1e-6]]), method="grid", points=11)
    with pytest.raises(TypeError, match="posterior must be a Posterior"):
        evidence("x")


def test_result_and_comparison_are_checked():
    with pytest.raises(ValueError, match="log_z=nan must be finite"):
        EvidenceResult(float("nan"), 0.1, "grid", "p")
    with pytest.raises(ValueError, match="log_z_err=-1.0"):
        EvidenceResult(1.0, -1.0, "grid", "p")
    with pytest.raises(ValueError, match="method='x'"):
        EvidenceResult(1.0, 0.1, "x", "p")
    with pytest.raises(TypeError, match="results must be a non-empty list"):
        EvidenceComparison([])
    a = EvidenceResult(-1.0, 0.1, "grid", "p")
    b = EvidenceResult(-1.5, 0.1, "dynesty", "p")
    assert not EvidenceComparison([a, b]).consistent  # 0.5 / 0.14 = 3.5 sigma
    with pytest.raises(ValueError, match="repeats"):
        cross_check_evidence(Gauss([[1.0]]), methods=("grid", "grid"))


class GaussPrior:
    """L = N(x; 0, 0.2), prior N(x; 1, 0.5) on a box of +-10: Z = N(0; 1, sqrt(0.29)) in closed
    form. log_prior is relative to the uniform box density (ProbeLikelihood's convention);
    prior_transform maps the unit cube onto the prior itself, and is not what the evidence
    integrates (the box and log_prob are)."""

    free, ndim = ("x",), 1
    bounds = {"x": (-9.0, 11.0)}

    class model_class:  # noqa: N801 - mimics a model class
        name = "gp"

    def log_likelihood(self, t):
        from scipy.stats import norm

        return norm.logpdf(np.asarray(t, dtype=float)[..., 0], 0.0, 0.2)

    def log_prob(self, t):
        from scipy.stats import norm

        x = np.asarray(t, dtype=float)[..., 0]
        return self.log_likelihood(t) + norm.logpdf(x, 1.0, 0.5) + math.log(20.0)

    def prior_transform(self, u):
        from scipy.stats import norm

        return norm.ppf(np.asarray(u, dtype=float), 1.0, 0.5)

    def describe_priors(self):
        return "x ~ N(1, 0.5)"

    def best_fit(self):
        raise AssertionError("not needed")


def test_a_gaussian_prior_relative_to_the_box_gives_the_evidence():
    from scipy.stats import norm

    exact = float(norm.logpdf(0.0, 1.0, math.sqrt(0.29)))
    post = GaussPrior()
    grid = evidence(post, method="grid")
    assert grid.log_z == pytest.approx(exact, abs=1e-6)
    assert "priors x ~ N(1, 0.5)" in grid.priors


@pytest.mark.slow
def test_dynesty_with_a_gaussian_prior_relative_to_the_box():
    from scipy.stats import norm

    pytest.importorskip("dynesty")
    exact = float(norm.logpdf(0.0, 1.0, math.sqrt(0.29)))
    nested = evidence(GaussPrior(), method="dynesty", rng=0, n_live=200)
    assert abs(nested.log_z - exact) < 2 * nested.log_z_err  # a 95% statistical check
