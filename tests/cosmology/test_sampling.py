"""emcee sampling: recovery of known parameters from simulated catalogues, resume, diagnostics."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from symphys.cosmology import (
    FlatLambdaCDM,
    SampleResult,
    SNData,
    SupernovaLikelihood,
    VaryingC,
    load_pantheon,
    sample_posterior,
)


@pytest.fixture(scope="module")
def pantheon():
    return load_pantheon()


def simulate(data: SNData, model, M: float, seed: int) -> SNData:
    """A synthetic catalogue at the real redshifts with noise drawn from the real covariance."""
    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(data.cov)
    mb = (model.distance_modulus(data.z_cmb, z_hel=data.z_hel) + M
          + chol @ rng.standard_normal(data.n))
    return SNData.from_arrays(data.z_cmb, mb, cov=data.cov, z_hel=data.z_hel, label="simulated")


def test_emcee_recovers_lcdm_from_simulated_pantheon(pantheon):
    sim = simulate(pantheon, FlatLambdaCDM(70.0, 0.31), -19.3, seed=5)
    like = SupernovaLikelihood(sim, "lcdm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = like.sample(nwalkers=16, nsteps=600, progress=False, rng=2)
    lo, med, hi = res.intervals()["Om"]
    sigma = 0.5 * (hi - lo)
    assert 0.015 < sigma < 0.03  # Pantheon's precision on Om
    assert abs(med - 0.31) < 3 * sigma
    assert 0.5 < np.mean(res.acceptance_fraction) < 0.9
    assert np.all(np.isfinite(res.tau)) and res.tau[0] < 60


def test_emcee_recovers_vsl_q_and_H0_from_simulation(pantheon):
    """The VSL model with q free and M fixed at the truth: H0 and q come back."""
    sim = simulate(pantheon, VaryingC(47.0, q=1.3), -19.25, seed=11)
    like = SupernovaLikelihood(sim, "vsl", free=["H0", "q"], fixed={"M": -19.25},
                               marginalize_M=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = like.sample(nwalkers=16, nsteps=500, progress=False, rng=3)
    iv = res.intervals()
    for name, truth in (("H0", 47.0), ("q", 1.3)):
        lo, med, hi = iv[name]
        assert abs(med - truth) < 3 * 0.5 * (hi - lo), (name, iv[name])


def _small_like():
    rng = np.random.default_rng(0)
    z = np.sort(rng.uniform(0.02, 1.5, 60))
    dmb = np.full(60, 0.12)
    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + dmb * rng.standard_normal(60)
    return SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=dmb), "lcdm")


class Interrupted(Exception):
    pass


def test_resume_after_interruption_gives_the_same_chain(tmp_path):
    pytest.importorskip("h5py")
    like = _small_like()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        full = like.sample(nwalkers=8, nsteps=80, progress=False, rng=7,
                           backend=tmp_path / "full.h5")

        # interrupt a run after 30 vectorised log-prob calls
        calls = {"n": 0}
        original = like.log_prob

        def flaky(theta):
            calls["n"] += 1
            if calls["n"] > 30:
                raise Interrupted
            return original(theta)

        like.log_prob = flaky
        with pytest.raises(Interrupted):
            like.sample(nwalkers=8, nsteps=80, progress=False, rng=7,
                        backend=tmp_path / "resumed.h5")
        del like.log_prob
        import emcee

        done = emcee.backends.HDFBackend(str(tmp_path / "resumed.h5")).iteration
        assert 0 < done < 80  # stopped part-way (the stretch move calls twice a step)
        # resume: a different seed must not matter, the state comes from the file
        resumed = like.sample(nwalkers=8, nsteps=80, progress=False, rng=999,
                              backend=tmp_path / "resumed.h5")
    np.testing.assert_array_equal(resumed.chain, full.chain)
    np.testing.assert_array_equal(resumed.log_prob, full.log_prob)


def test_backend_shape_mismatch(tmp_path):
    pytest.importorskip("h5py")
    like = _small_like()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        like.sample(nwalkers=8, nsteps=5, progress=False, rng=1, backend=tmp_path / "c.h5")
    with pytest.raises(ValueError, match="holds a chain of shape"):
        like.sample(nwalkers=10, nsteps=5, progress=False, backend=tmp_path / "c.h5")


def test_corrupt_backend_is_refused(tmp_path):
    pytest.importorskip("h5py")
    bad = tmp_path / "bad.h5"
    bad.write_bytes(b"not an HDF5 file")
    with pytest.raises(ValueError, match="not a readable HDF5 emcee chain"):
        _small_like().sample(nwalkers=8, nsteps=5, progress=False, backend=bad)
    assert bad.read_bytes() == b"not an HDF5 file"  # left as it was


def test_short_chain_warns_and_same_seed_reproduces():
    like = _small_like()
    with pytest.warns(RuntimeWarning, match="shorter than 50 tau"):
        a = like.sample(nwalkers=8, nsteps=40, progress=False, rng=4)
    assert not a.converged
    with pytest.warns(RuntimeWarning):
        b = sample_posterior(like, nwalkers=8, nsteps=40, progress=False, rng=4)
    np.testing.assert_array_equal(a.chain, b.chain)
    s = a.summary()
    assert s["nsteps"] == 40 and s["params"] == ["Om"] and s["converged_50tau"] is False


def test_max_steps_extends_until_converged():
    like = _small_like()
    res = like.sample(nwalkers=16, nsteps=200, progress=False, rng=4, max_steps=6000)
    assert res.converged and res.nsteps >= 50 * res.tau.max()


def test_pool_path_matches_vectorised():
    like = _small_like()

    class SerialPool:
        def map(self, fn, iterable):
            return list(map(fn, iterable))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        a = like.sample(nwalkers=8, nsteps=20, progress=False, rng=3)
        b = like.sample(nwalkers=8, nsteps=20, progress=False, rng=3, pool=SerialPool())
    np.testing.assert_allclose(a.chain, b.chain, rtol=1e-12)


def test_sampling_errors():
    like = _small_like()
    with pytest.raises(ValueError, match="nwalkers=1 violates"):
        like.sample(nwalkers=1, nsteps=10)
    with pytest.raises(ValueError, match="outside the priors"):
        like.sample(nwalkers=4, nsteps=10, start=[1.5], progress=False)
    seed_model = SupernovaLikelihood(like.data, "vsl")
    with pytest.raises(ValueError, match="no free parameters"):
        seed_model.sample(nsteps=10)


@pytest.mark.slow
def test_scolnic_anchor_with_a_converged_chain(pantheon):
    """Om = 0.298 +- 0.022 (Scolnic et al. 2018) from a chain >= 50 tau."""
    res = SupernovaLikelihood(pantheon, "lcdm").sample(nwalkers=32, nsteps=3000,
                                                       progress=False, rng=1)
    assert res.converged
    lo, med, hi = res.intervals()["Om"]
    assert med == pytest.approx(0.298, abs=0.004)
    assert 0.5 * (hi - lo) == pytest.approx(0.022, abs=0.002)


@pytest.mark.slow
def test_multiprocessing_pool_gives_the_same_chain():
    from multiprocessing import Pool

    like = _small_like()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with Pool(2) as pool:
            a = like.sample(nwalkers=8, nsteps=30, pool=pool, progress=False, rng=1)
        b = like.sample(nwalkers=8, nsteps=30, progress=False, rng=1)
    np.testing.assert_allclose(a.chain, b.chain, rtol=1e-12)


@pytest.mark.timeout(10)
def test_rng_is_a_generator_an_int_or_none():
    like = _small_like()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        a = like.sample(nwalkers=8, nsteps=10, rng=5)
        b = like.sample(nwalkers=8, nsteps=10, rng=np.random.default_rng(5))
        c = like.sample(nwalkers=8, nsteps=10)  # fresh entropy
    np.testing.assert_array_equal(a.chain, b.chain)  # an int seeds the same Generator
    assert c.chain.shape == a.chain.shape
    for bad in (1.5, "1", True, np.random.RandomState(1)):
        with pytest.raises(TypeError, match="rng must be"):
            like.sample(nwalkers=8, nsteps=10, rng=bad)
    with pytest.raises(ValueError, match="rng=-1"):
        like.sample(nwalkers=8, nsteps=10, rng=-1)
    with pytest.raises(TypeError, match="progress must be a bool"):
        like.sample(nwalkers=8, nsteps=10, progress=1)
    with pytest.raises(ValueError, match="blas_threads=0"):
        like.sample(nwalkers=8, nsteps=10, blas_threads=0)
    with pytest.raises(TypeError, match="nsteps must be an int"):
        like.sample(nwalkers=8, nsteps=10.0)


def test_options_are_keyword_only_and_quiet_by_default(capsys):
    import inspect

    like = _small_like()
    with pytest.raises(TypeError):
        like.sample(8, 10)  # nwalkers, nsteps are options
    with pytest.raises(TypeError):
        sample_posterior(like, 8, 10)
    for fn in (sample_posterior, type(like).sample):
        assert inspect.signature(fn).parameters["progress"].default is False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        like.sample(nwalkers=8, nsteps=10, rng=1)
    out = capsys.readouterr()
    assert "it/s" not in out.out + out.err  # no tqdm bar unless progress=True


def test_sampler_takes_any_posterior():
    """sample_posterior needs only the Posterior protocol, not a SupernovaLikelihood."""
    from symphys.cosmology import Posterior

    class Gaussian:
        free = ("x",)
        ndim = 1
        bounds = {"x": (-10.0, 10.0)}

        class model_class:  # noqa: N801 - mimics a model class
            name = "gauss"

        def log_prob(self, theta):
            theta = np.asarray(theta, dtype=float)
            inside = np.all(np.abs(theta) < 10, axis=-1)
            return np.where(inside, -0.5 * np.sum(theta**2, axis=-1), -np.inf)

        def best_fit(self):
            raise AssertionError("not called when start is given")

    post = Gaussian()
    assert isinstance(post, Posterior)
    res = sample_posterior(post, nwalkers=8, nsteps=2000, rng=0, start=[0.0])
    lo, med, hi = res.intervals()["x"]
    assert res.model == "gauss"
    assert abs(med) < 0.2 and 0.8 < (hi - lo) / 2 < 1.2  # unit normal: 68% within +-1


# -- issue 19: sizes in closed form -------------------------------------------------------------
@pytest.mark.timeout(10)
@pytest.mark.parametrize("kw,match", [
    ({"nwalkers": 10**9, "nsteps": 10}, r"nwalkers=1000000000 x 10 steps x \(k=1 \+ 1\) x 8 "
                                        r"bytes needs 160000000000 bytes"),
    ({"nwalkers": 8, "nsteps": 10, "max_steps": 10**12}, "MAX_CHAIN_BYTES = 2147483648"),
    ({"nwalkers": 8, "nsteps": 10, "max_steps": 0}, "max_steps=0 must be >= 1"),
    ({"nwalkers": 1000, "nsteps": 10**5}, r"100000000 log-posterior evaluations; the limit is "
                                          r"MAX_POSTERIOR_CALLS = 1000000"),
])
def test_chain_size_refused_before_any_work(kw, match):
    from symphys.cosmology import SNData, SupernovaLikelihood

    d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    with pytest.raises(ValueError, match=match):
        sample_posterior(SupernovaLikelihood(d, "lcdm"), rng=0, **kw)


def test_sampler_needs_a_posterior():
    with pytest.raises(TypeError, match="like must be a Posterior"):
        sample_posterior("x")


def test_sample_result_fields_and_summaries_are_checked():
    chain = np.random.default_rng(0).normal(size=(40, 8, 1))
    ok = (("x",), chain, np.zeros((40, 8)), np.array([1.0]), np.full(8, 0.5))
    with pytest.raises(TypeError, match="param_names must be a tuple of names"):
        SampleResult(float("nan"), *ok[1:], discard=2, thin=1)
    with pytest.raises(ValueError, match="chain must have shape"):
        SampleResult(("x", "y"), *ok[1:], discard=2, thin=1)
    with pytest.raises(ValueError, match="chain contains NaN"):
        SampleResult(("x",), np.full((40, 8, 1), np.nan), *ok[2:], discard=2, thin=1)
    res = SampleResult(*ok, discard=2, thin=1)
    for level in (2, 0, float("nan"), "x"):
        with pytest.raises(ValueError, match="level=.* must be a number with 0 < level < 1"):
            res.intervals(level=level)
    with pytest.raises(ValueError, match="thin=0 >= 1"):
        res.flat(thin=0)
    with pytest.raises(ValueError, match="no samples left"):
        SampleResult(*ok, discard=10**6, thin=1).intervals()


@pytest.mark.parametrize("bad", ["x", 0, 2.5, []])
def test_pool_must_have_a_map_method(bad):
    from symphys.cosmology import SNData, SupernovaLikelihood

    d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    with pytest.raises(TypeError, match="pool must have a map method"):
        sample_posterior(SupernovaLikelihood(d, "lcdm"), rng=0, nsteps=10, pool=bad)


# -- issue 16: a chain resumed under another setup is refused ---------------------------------
def _short_run(like, path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return like.sample(nwalkers=8, nsteps=kw.pop("nsteps", 6), progress=False, rng=1,
                           backend=path, **kw)


@pytest.mark.parametrize("change,match", [
    # other data, same size and label: only the probe of the log posterior can tell (a tilt:
    # a constant shift of m_B is absorbed by the marginalised M, the same posterior)
    (lambda d: SupernovaLikelihood(SNData.from_arrays(d.z_cmb, d.mb + 0.01 * d.z_cmb,
                                                      dmb=np.full(60, 0.12)), "lcdm"),
     "probe points"),
    (lambda d: SupernovaLikelihood(d, "lcdm", fixed={"H0": 60.0}), "fixed values"),
    (lambda d: SupernovaLikelihood(d, "lcdm", marginalize_M=False, fixed={"M": -19.2},
                                   free=["Om"]), "fixed values"),
    (lambda d: SupernovaLikelihood(d, "lcdm", priors={"Om": (0.05, 0.9)}), "prior bounds"),
])
def test_resume_under_another_setup_is_refused(tmp_path, change, match):
    pytest.importorskip("h5py")
    like = _small_like()
    path = tmp_path / "c.h5"
    first = _short_run(like, path)
    other = change(like.data)
    with pytest.raises(ValueError, match=f"another setup.*{match}"):
        _short_run(other, path, nsteps=12)
    # the file is untouched and resumes under its own setup
    again = _short_run(_small_like(), path, nsteps=12)
    np.testing.assert_array_equal(again.chain[:6], first.chain)


def test_resume_with_a_different_M_value_is_refused(tmp_path):
    """M fixed at -19.3 then at -19.25: the chains of two different posteriors."""
    pytest.importorskip("h5py")
    d = _small_like().data
    a = SupernovaLikelihood(d, "lcdm", marginalize_M=False, fixed={"M": -19.3}, free=["Om"])
    b = SupernovaLikelihood(d, "lcdm", marginalize_M=False, fixed={"M": -19.25}, free=["Om"])
    _short_run(a, tmp_path / "m.h5")
    with pytest.raises(ValueError, match="fixed values"):
        _short_run(b, tmp_path / "m.h5", nsteps=12)


def test_fingerprint_probe_alone_refuses_another_posterior(tmp_path):
    """A posterior with no fixed/data attributes: the probe of log_prob still tells them apart."""
    pytest.importorskip("h5py")

    class Gauss:
        free = ("x",)
        ndim = 1
        bounds = {"x": (-10.0, 10.0)}

        class model_class:  # noqa: N801 - mimics a model class
            name = "gauss"

        def __init__(self, mean):
            self.mean = mean

        def log_prob(self, theta):
            theta = np.asarray(theta, dtype=float)
            return -0.5 * np.sum((theta - self.mean) ** 2, axis=-1)

        def best_fit(self):
            raise AssertionError("not called when start is given")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sample_posterior(Gauss(0.0), nwalkers=4, nsteps=5, rng=0, start=[0.0],
                         backend=tmp_path / "g.h5")
        sample_posterior(Gauss(0.0), nwalkers=4, nsteps=8, rng=0, start=[0.0],
                         backend=tmp_path / "g.h5")  # same setup resumes
        with pytest.raises(ValueError, match="probe points"):
            sample_posterior(Gauss(0.5), nwalkers=4, nsteps=12, rng=0, start=[0.0],
                             backend=tmp_path / "g.h5")


def test_chain_without_fingerprint_resumes_with_a_warning(tmp_path):
    pytest.importorskip("h5py")
    import h5py

    like = _small_like()
    _short_run(like, tmp_path / "old.h5")
    with h5py.File(tmp_path / "old.h5", "a") as f:
        del f["mcmc"].attrs["symphys_setup"]  # as written before the fingerprint existed
    with pytest.warns(UserWarning, match="no setup fingerprint"):
        res = _short_run(like, tmp_path / "old.h5", nsteps=10)
    assert res.nsteps == 10


def test_emcee_hdf_backend_object_is_fingerprinted(tmp_path):
    pytest.importorskip("h5py")
    import emcee

    like = _small_like()
    _short_run(like, emcee.backends.HDFBackend(str(tmp_path / "b.h5")))
    other = SupernovaLikelihood(like.data, "lcdm", fixed={"H0": 50.0})
    with pytest.raises(ValueError, match="another setup"):
        _short_run(other, emcee.backends.HDFBackend(str(tmp_path / "b.h5")), nsteps=10)


# -- issue 16: derived parameters recorded in chains -------------------------------------------
def test_derived_parameters_are_recorded_in_the_chain():
    """Each chain position's Ok, age and q0 against astropy (age) and closed forms (q0, Ok)."""
    from astropy.cosmology import FlatLambdaCDM as AstropyFlat

    like = _small_like()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = like.sample(nwalkers=8, nsteps=30, rng=3)
    assert {"Ok", "age", "q0"} <= set(res.derived)
    om = res.chain[..., 0]
    np.testing.assert_allclose(res.derived["q0"], 1.5 * om - 1, rtol=1e-10)  # flat, no radiation
    np.testing.assert_allclose(res.derived["Ok"], 0.0, atol=1e-12)
    for i, j in ((0, 0), (29, 7), (15, 3)):
        ref = AstropyFlat(H0=70, Om0=om[i, j]).age(0).value
        assert res.derived["age"][i, j] == pytest.approx(ref, rel=1e-6)
    flat = res.flat_derived()
    assert flat["q0"].shape == (res.flat().shape[0],)
    assert set(res.summary()["derived_intervals_68"]) == set(res.derived)


def test_vsl_chain_records_the_hubble_law_slope_and_age():
    """VSL: slope (1 + zeta) H0 and age t0 = mu / H0 (closed forms of the model)."""
    from symphys.cosmology.constants import GYR_KM_S_MPC

    like = SupernovaLikelihood(_small_like().data, "vsl", free=["H0", "q"],
                               fixed={"M": -19.3}, marginalize_M=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = like.sample(nwalkers=8, nsteps=20, rng=1)
    h0 = res.chain[..., 0]
    np.testing.assert_allclose(res.derived["hubble_law_slope"], 1.5 * h0, rtol=1e-12)
    np.testing.assert_allclose(res.derived["age"], (2 / 3) / h0 * GYR_KM_S_MPC, rtol=1e-9)


def test_any_posterior_with_a_derived_method_gets_it_recorded(tmp_path):
    pytest.importorskip("h5py")

    class Gauss:
        free = ("x",)
        ndim = 1
        bounds = {"x": (-10.0, 10.0)}

        class model_class:  # noqa: N801 - mimics a model class
            name = "gauss"

        def log_prob(self, theta):
            return -0.5 * np.sum(np.asarray(theta) ** 2, axis=-1)

        def best_fit(self):
            raise AssertionError("not called when start is given")

        def derived(self, theta):
            return {"x2": np.asarray(theta)[..., 0] ** 2}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        a = sample_posterior(Gauss(), nwalkers=4, nsteps=10, rng=0, start=[0.0],
                             backend=tmp_path / "g.h5")
        b = sample_posterior(Gauss(), nwalkers=4, nsteps=20, rng=0, start=[0.0],
                             backend=tmp_path / "g.h5")  # resumed: derived for all 20 steps
    np.testing.assert_array_equal(a.derived["x2"], a.chain[..., 0] ** 2)
    np.testing.assert_array_equal(b.derived["x2"], b.chain[..., 0] ** 2)
    assert b.derived["x2"].shape == (20, 4)

    class Broken(Gauss):
        def derived(self, theta):
            raise ZeroDivisionError("boom")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = sample_posterior(Broken(), nwalkers=4, nsteps=10, rng=0, start=[0.0])
    assert any("derived parameters not recorded" in str(w.message) and "boom" in str(w.message)
               for w in caught)
    assert c.derived == {} and c.chain.shape == (10, 4, 1)


def test_sample_result_checks_derived():
    chain = np.zeros((5, 4, 1))
    ok = (("x",), chain, np.zeros((5, 4)), np.array([1.0]), np.full(4, 0.5))
    with pytest.raises(ValueError, match=r"derived\['y'\] must have shape \(5, 4\)"):
        SampleResult(*ok, discard=0, thin=1, derived={"y": np.zeros(3)})
    with pytest.raises(TypeError, match="derived must map names to numpy arrays"):
        SampleResult(*ok, discard=0, thin=1, derived={"y": [1, 2]})
    with pytest.raises(ValueError, match="also a sampled parameter"):
        SampleResult(*ok, discard=0, thin=1, derived={"x": np.zeros((5, 4))})
    res = SampleResult(*ok, discard=0, thin=1, derived={"y": np.full((5, 4), np.nan)})
    assert all(np.isnan(res.derived_intervals()["y"]))
