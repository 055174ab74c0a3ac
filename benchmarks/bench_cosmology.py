"""symphys.cosmology: the Pantheon likelihood (Cholesky cached, batched) against the naive route
(astropy distances + np.linalg.inv), emcee throughput, and the default ``symphys fit`` run.

Timings of sub-millisecond calls are for a loop of ``LOOP`` calls (divide for one call).
BLAS is pinned to one thread by run.py.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
from run import Case

LOOP = 100


def cases():
    import astropy.cosmology as ac
    import emcee

    from symphys.cosmology import SupernovaLikelihood, load_pantheon

    data = load_pantheon()
    z, mb, cov = data.z_cmb, data.mb, data.cov
    lcdm = SupernovaLikelihood(data, "lcdm")
    vsl = SupernovaLikelihood(data, "vsl", free=["H0", "q"], fixed={"M": -19.253},
                              marginalize_M=False)
    cinv = np.linalg.inv(cov)

    def naive_marg_chi2(mu, inv):
        r = mb - mu
        ci_r = inv @ r
        e = inv.sum()
        b = ci_r.sum()
        return r @ ci_r - b * b / e + np.log(e / (2 * np.pi))

    x1 = np.array([0.3])
    yield Case(
        f"chi2 flat LCDM, one vector x{LOOP}",
        lambda: [lcdm.chi2(x1) for _ in range(LOOP)],
        peer_name="astropy distmod + precomputed inv",
        peer=lambda: [naive_marg_chi2(ac.FlatLambdaCDM(70, 0.3).distmod(z).value, cinv)
                      for _ in range(LOOP)],
        target="<= 0.3 ms per evaluation (ours / LOOP)",
    )
    yield Case(
        "chi2 flat LCDM, one vector x10",
        lambda: [lcdm.chi2(x1) for _ in range(10)],
        peer_name="astropy distmod + np.linalg.inv per call",
        peer=lambda: [naive_marg_chi2(ac.FlatLambdaCDM(70, 0.3).distmod(z).value,
                                      np.linalg.inv(cov)) for _ in range(10)],
        target="naive ~20 ms per call or worse",
    )
    xv = np.array([46.3, 1.0])
    yield Case(
        f"chi2 VSL (H0, q), one vector x{LOOP}",
        lambda: [vsl.chi2(xv) for _ in range(LOOP)],
        peer_name="numpy closed form + precomputed inv",
        peer=lambda: [(lambda r: r @ cinv @ r)(
            mb - 5 * np.log10(2 * 299792.458 / (3 * 46.3) * (1 + z) * np.log1p(z)) - 25
            + 19.253) for _ in range(LOOP)],
        target="<= 0.3 ms per evaluation",
    )
    batch = np.column_stack([np.linspace(0.2, 0.4, 32)])
    yield Case(
        "chi2 flat LCDM, batch of 32 vectors",
        lambda: lcdm.chi2(batch),
        peer_name="32 x astropy + precomputed inv",
        peer=lambda: [naive_marg_chi2(ac.FlatLambdaCDM(70, om).distmod(z).value, cinv)
                      for om in batch[:, 0]],
    )

    nsteps = 300

    def ours_emcee():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            vsl.sample(nwalkers=32, nsteps=nsteps, rng=1,
                       start=np.array([46.3, 1.0]))

    def peer_emcee():
        def lp(theta):
            if not (20 < theta[0] < 150 and -2 < theta[1] < 4):
                return -np.inf
            dl = 2 * 299792.458 / (3 * theta[0]) * (1 + z) ** theta[1] * np.log1p(z)
            r = mb - 5 * np.log10(dl) - 25 + 19.253
            return -0.5 * r @ cinv @ r

        rng = np.random.default_rng(1)
        p0 = np.array([46.3, 1.0]) + 1e-3 * rng.standard_normal((32, 2))
        emcee.EnsembleSampler(32, 2, lp).run_mcmc(p0, nsteps, progress=False)

    yield Case(
        f"emcee 32 walkers VSL (H0,q) {nsteps} steps",
        ours_emcee,
        peer_name="emcee per-walker loop, dense inv",
        peer=peer_emcee, repeat=1,
        target=f">= 300 steps/s: ours <= {nsteps / 300:.1f} s",
    )
    yield Case(
        "symphys fit (default: vsl + lcdm to 50 tau)",
        lambda: subprocess.run([sys.executable, "-m", "symphys", "fit", "--no-progress"],
                               check=True, capture_output=True),
        repeat=1, target="< 60 s",
    )
    yield from _joint_cases(data)


def _joint_cases(data):
    """Issue 16: the joint SN + BAO + CMB log-likelihood for a batch of 32 walkers, against the
    SN-only one (target: within 2x); peer = the same three parts evaluated one walker at a time
    (what a per-walker pool would do)."""
    from symphys.cosmology import (
        PLANCK18_RADIATION,
        BAOLikelihood,
        CMBDistancePrior,
        JointLikelihood,
        SupernovaLikelihood,
        load_desi_bao,
    )

    sn = SupernovaLikelihood(data, "lcdm", radiation=PLANCK18_RADIATION)
    joint = JointLikelihood([sn, BAOLikelihood(load_desi_bao(), "lcdm",
                                               radiation=PLANCK18_RADIATION),
                             CMBDistancePrior("lcdm")])
    rng = np.random.default_rng(0)
    centre = np.array([0.305, 147.6, 68.3, 0.02247])
    walkers = centre + rng.normal(size=(32, 4)) * np.array([0.005, 0.5, 0.4, 0.0001])
    sn_walkers = walkers[:, :1]
    sn_only = SupernovaLikelihood(data, "lcdm")     # the plain SN-only fit (no radiation)
    yield Case(
        "joint SN+BAO+CMB log_prob, batch of 32 walkers",
        lambda: joint.log_prob(walkers),
        peer_name="SN-only log_prob (lcdm, Om), same 32 walkers",
        peer=lambda: sn_only.log_prob(sn_walkers),
        target="ours <= 2x peer (issue 16)",
    )
    yield Case(
        "joint SN+BAO+CMB log_prob, 32 walkers one at a time",
        lambda: [joint.log_prob(w[None, :]) for w in walkers],
        peer_name="batch of 32 (ours above)",
        peer=lambda: joint.log_prob(walkers),
    )
