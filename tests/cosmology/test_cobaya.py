"""Cobaya: our likelihoods as Cobaya likelihoods, the varying-c model as a Cobaya theory, run by
Cobaya's own minimizer and MCMC (issue 16; skipped without cobaya)."""

from __future__ import annotations

import numpy as np
import pytest

cobaya = pytest.importorskip("cobaya")

from cobaya.model import get_model  # noqa: E402
from cobaya.run import run  # noqa: E402

from symphys.cosmology import (  # noqa: E402
    FlatLambdaCDM,
    SNData,
    SupernovaLikelihood,
    VaryingC,
    load_pantheon,
)
from symphys.cosmology.cobaya_interface import (  # noqa: E402
    VaryingCTheory,
    cobaya_likelihood,
    cobaya_sn_likelihood,
)


@pytest.fixture(scope="module")
def pantheon():
    return load_pantheon()


def _small(model="lcdm", **kw):
    rng = np.random.default_rng(0)
    z = np.sort(rng.uniform(0.02, 1.5, 80))
    dmb = np.full(80, 0.12)
    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + dmb * rng.standard_normal(80)
    return SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=dmb), model, **kw)


def test_cobaya_minimizer_reproduces_our_best_fit(pantheon):
    like = SupernovaLikelihood(pantheon, "lcdm")
    cls = cobaya_likelihood(like, name="PantheonLCDM")
    assert cls.params["Om"]["prior"] == {"min": 0.0, "max": 1.0}
    model = get_model({"likelihood": {"sn": cls}})
    assert list(model.parameterization.sampled_params()) == ["Om"]
    assert {"Ok", "age", "q0", "M"} <= set(model.parameterization.derived_params())
    assert model.loglike({"Om": 0.3}, return_derived=False) == pytest.approx(
        float(like.log_prob([0.3])), rel=1e-14)
    _, mini = run({"likelihood": {"sn": cls}, "sampler": {"minimize": {}}, "force": True,
                   "debug": False})
    best = mini.products()["minimum"]
    ours = like.best_fit()
    assert best["Om"] == pytest.approx(ours.params["Om"], abs=1e-5)  # 0.2981 (Scolnic 2018)
    assert best["chi2"] == pytest.approx(ours.chi2 + np.log(like._E / (2 * np.pi)), abs=1e-6)
    assert best["age"] == pytest.approx(float(like.derived([best["Om"]])["age"]), rel=1e-9)


MCMC_SCRIPT = """
import sys
import numpy as np
sys.path.insert(0, {root!r})
from cobaya.run import run
from tests.cosmology.test_cobaya import _small
from symphys.cosmology.cobaya_interface import cobaya_likelihood

like = _small("lcdm")
best = like.best_fit()
_, mc = run({{"likelihood": {{"sn": cobaya_likelihood(like)}},
             "sampler": {{"mcmc": {{"max_samples": 150, "burn_in": 20, "seed": 3,
                                  "covmat": best.cov, "covmat_params": ["Om"],
                                  "learn_proposal": False}}}}, "force": True}})
s = mc.products()["sample"]
np.savez({out!r}, om=s["Om"].to_numpy(), w=s["weight"].to_numpy(),
         derived=np.array(sorted(set(s.columns))))
"""


@pytest.mark.timeout(300)
def test_cobaya_mcmc_samples_our_posterior(tmp_path):
    """A short run of Cobaya's MCMC: its posterior mean of Om agrees with quadrature.

    Run in a child process with NUMBA_DISABLE_JIT=1: importing Cobaya's MCMC compiles a numba
    function eagerly when numba is installed (40 s on a loaded 2-core machine), which the
    sampler does not need for one parameter.
    """
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = str(tmp_path / "mcmc.npz")
    script = tmp_path / "mcmc.py"
    script.write_text(MCMC_SCRIPT.format(root=root, out=out))
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=280, env=env, cwd=root)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = np.load(out)
    mean = np.average(got["om"], weights=got["w"])
    like = _small("lcdm")
    grid = np.linspace(1e-4, 1 - 1e-4, 4001)[:, None]
    p = np.exp(like.log_prob(grid) - like.log_prob(grid).max())
    exact_mean = float(np.sum(grid[:, 0] * p) / np.sum(p))
    sigma = float(np.sqrt(np.sum((grid[:, 0] - exact_mean) ** 2 * p) / np.sum(p)))
    assert abs(mean - exact_mean) < 0.5 * sigma, (mean, exact_mean, sigma)
    assert {"q0", "age", "Ok"} <= set(got["derived"])  # derived parameters recorded


def test_varying_c_theory_with_our_supernova_likelihood(pantheon):
    """The theory + a catalogue likelihood that asks a theory for distances: our VSL chi2."""
    info = {"theory": {"vsl": VaryingCTheory},
            "likelihood": {"sn": cobaya_sn_likelihood(pantheon)},
            "params": {"H0": 70.0, "mu": 2 / 3, "zeta": 0.5,
                       "q": {"prior": {"min": 0.5, "max": 2.0}, "ref": 1.1, "proposal": 0.01}}}
    model = get_model(info)
    ours = SupernovaLikelihood(pantheon, "vsl", free=["q"])
    # q = 1 (the seed model): Cobaya's prefactor convention is ours exactly
    logp, derived = model.loglike({"q": 1.0}, return_derived=True)
    assert logp == pytest.approx(float(ours.log_prob([1.0])), rel=1e-10)  # two code paths
    vsl = VaryingC(70.0)
    assert derived == pytest.approx([float(vsl.age()), 1.5 * 70.0], rel=1e-12)
    _, mini = run({**info, "sampler": {"minimize": {}}, "force": True})
    assert mini.products()["minimum"]["q"] == pytest.approx(ours.best_fit().params["q"],
                                                            abs=1e-4)  # 1.17


def test_theory_distances_follow_the_model():
    info = {"theory": {"vsl": VaryingCTheory},
            "likelihood": {"sn": cobaya_sn_likelihood(_small().data)},
            "params": {"H0": 47.2, "mu": 2 / 3, "zeta": 0.5, "q": 1.3}}
    model = get_model(info)
    model.loglike({})
    theory = model.theory["vsl"]
    z = np.array([0.1, 1.0, 2.0])
    m = VaryingC(47.2, q=1.3)
    np.testing.assert_allclose(theory.get_luminosity_distance(z), m.luminosity_distance(z))
    r = m.comoving_transverse_distance(z)
    np.testing.assert_allclose(theory.get_comoving_radial_distance(z), r)
    # closed form of the seed geometry: r = (2 c0 / 3 H0) ln(1+z) for mu (1 + zeta) = 1
    np.testing.assert_allclose(r, 2 * 299792.458 / (3 * 47.2) * np.log1p(z), rtol=1e-12)
    np.testing.assert_allclose(theory.get_angular_diameter_distance(z),
                               m.luminosity_distance(z) / (1 + z) ** 2)
    np.testing.assert_allclose(theory.get_geometric_angular_diameter_distance(z),
                               r * (1 + z) ** (-1 / 1.5))


def test_cobaya_interface_input_is_checked():
    with pytest.raises(TypeError, match="posterior must be a Posterior"):
        cobaya_likelihood("x")
    with pytest.raises(ValueError, match="must be a Python identifier"):
        cobaya_likelihood(_small(), name="not a name")
    with pytest.raises(TypeError, match="data must be an SNData"):
        cobaya_sn_likelihood("x")


def test_missing_cobaya_is_an_import_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "cobaya", None)
    monkeypatch.setitem(sys.modules, "cobaya.likelihood", None)
    with pytest.raises(ImportError, match="needs cobaya"):
        cobaya_likelihood(_small())


def test_cobaya_minimizer_on_desi_bao_and_a_joint_fit(pantheon):
    """The same wrapper serves the BAO and joint likelihoods: DESI DR2 BAO-only flat LCDM gives
    the paper's Om = 0.2975 (arXiv:2503.14738) through Cobaya's minimizer."""
    from symphys.cosmology import BAOLikelihood, JointLikelihood, load_desi_bao

    bao = BAOLikelihood(load_desi_bao(release="dr2"), "lcdm")
    # BOBYQA's default end radius stops 1e-3 short in Om here (0.1 sigma); tightened:
    mini_opts = {"override_bobyqa": {"rhoend": 1e-7}}
    _, mini = run({"likelihood": {"bao": cobaya_likelihood(bao)},
                   "sampler": {"minimize": mini_opts}, "force": True})
    best = mini.products()["minimum"]
    assert best["Om"] == pytest.approx(0.2975, abs=0.001)
    assert best["Om"] == pytest.approx(bao.best_fit().params["Om"], abs=1e-6)
    joint = JointLikelihood([SupernovaLikelihood(pantheon, "lcdm"), bao])
    model = get_model({"likelihood": {"joint": cobaya_likelihood(joint)}})
    point = {"Om": 0.3, "rd": 147.0}
    point = {n: point[n] for n in model.parameterization.sampled_params()}
    theta = [point[n] for n in joint.free]
    assert model.loglike(point, return_derived=False) == pytest.approx(
        float(joint.log_prob(theta)), rel=1e-12)


def test_cmb_distance_prior_through_cobaya():
    """The compressed Planck prior as a Cobaya likelihood: same log posterior, and Cobaya's
    derived parameters are our derived() at the point."""
    from symphys.cosmology import CMBDistancePrior

    cmb = CMBDistancePrior("lcdm")
    model = get_model({"likelihood": {"cmb": cobaya_likelihood(cmb)}})
    point = {"Om": 0.315, "H0": 67.4, "ombh2": 0.0224}
    logp, derived = model.loglike(point, return_derived=True)
    theta = [[point[n] for n in cmb.free]]
    assert logp == pytest.approx(float(cmb.log_prob(theta)[0]), rel=1e-12)
    ours = cmb.derived(theta)
    names = list(model.parameterization.derived_params())
    for name, val in zip(names, derived, strict=True):
        assert val == pytest.approx(float(np.asarray(ours[name]).ravel()[0]), rel=1e-12,
                                    nan_ok=True)
