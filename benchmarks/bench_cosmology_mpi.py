"""Scale-out of the walkers' evaluations: 1 rank against 2 (local processes and MPI).

The posterior: Pantheon (1048 SNe, full covariance, 18 MB pickled) with flat wCDM (no closed
form: the distance quadrature is part of each evaluation). The timed unit: ``log_prob`` of one
batch of walkers, the call emcee makes twice per step (half the ensemble each), for 32-, 128-
and 1024-walker ensembles. Besides the wall time, the CPU time of the calling rank: with the work
split, it falls to about half (its chunk) plus the messaging, whatever the machine's load.

* ``1 rank``: the serial vectorised call (``sample_posterior`` without a pool).
* ``2 processes``: :class:`symphys.cosmology.PosteriorPool` with one local worker (the batch is
  split between the caller and the worker).
* ``2 MPI ranks``: the same pool with ``mpi=True`` under ``mpiexec -n 2 python -m
  mpi4py.futures`` (run as a child job; skipped without mpiexec/mpi4py).
* the peer: emcee's documented pool path, a ``multiprocessing.Pool`` evaluating one walker per
  task, each task pickling the likelihood (what the pool replaces).

Usage: ``python benchmarks/run.py cosmology_mpi`` (``--quick`` for fewer repeats).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def _posterior():
    from symphys.cosmology import SupernovaLikelihood, load_pantheon

    return SupernovaLikelihood(load_pantheon(), "wcdm")


def _batch(like, n, seed=0):
    import numpy as np

    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(0.25, 0.35, n), rng.uniform(-1.2, -0.8, n)])


def _best(fn, repeat):
    """(best wall seconds per call, CPU seconds per call of this process in that sample)."""
    best, cpu = float("inf"), float("nan")
    for _ in range(repeat):
        n, t0, c0 = 0, time.perf_counter(), time.process_time()
        while True:
            fn()
            n += 1
            dt = time.perf_counter() - t0
            if dt > 0.2:
                break
        if dt / n < best:
            best, cpu = dt / n, (time.process_time() - c0) / n
    return best, cpu


def _measure(pool_factory, repeat: int) -> dict:
    """Seconds per batch call, serial and through the pool, for each ensemble size."""
    from symphys._threads import blas_threads

    like = _posterior()
    out = {}
    with blas_threads(1):
        with pool_factory(like) as pool:
            for nwalkers in (32, 128, 1024):
                theta = _batch(like, nwalkers // 2)
                pool.log_prob(theta)  # warm
                serial, serial_cpu = _best(lambda theta=theta: like.log_prob(theta), repeat)
                split, split_cpu = _best(lambda theta=theta: pool.log_prob(theta), repeat)
                out[nwalkers] = {"serial": serial, "pool": split, "serial_cpu": serial_cpu,
                                 "pool_cpu": split_cpu}
            out["workers"] = pool.workers
    return out


def _mpi_inner(repeat: int) -> None:
    from symphys.cosmology.parallel import PosteriorPool

    res = _measure(lambda like: PosteriorPool(like, mpi=True), repeat)
    print("RESULT " + json.dumps(res))


def _naive_pool(repeat: int) -> dict:
    """emcee's documented pool path: one walker per task, the likelihood pickled with each."""
    import multiprocessing

    from symphys.cosmology.sampling import _SingleLogProb

    like = _posterior()
    fn = _SingleLogProb(like)
    theta = _batch(like, 16)
    with multiprocessing.get_context("forkserver").Pool(1) as pool:
        t0 = time.perf_counter()
        for _ in range(max(1, repeat // 2)):
            pool.map(fn, list(theta))
        return {"per_batch_16": (time.perf_counter() - t0) / max(1, repeat // 2)}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    quick = "--quick" in argv
    repeat = 2 if quick else 5
    if "--mpi-inner" in argv:
        _mpi_inner(repeat)
        return 0
    from symphys.cosmology.parallel import PosteriorPool

    rows = []
    local = _measure(lambda like: PosteriorPool(like, workers=1), repeat)
    for nw in (32, 128, 1024):
        r = local[nw]
        rows.append((f"{nw} walkers: 2 processes (PosteriorPool)", r["serial"], r["pool"],
                     r["serial_cpu"], r["pool_cpu"]))
    mpi = None
    exe = shutil.which("mpiexec", path=os.path.dirname(sys.executable) + os.pathsep
                       + os.environ.get("PATH", ""))
    try:
        import mpi4py  # noqa: F401
    except ImportError:
        exe = None
    if exe:
        env = dict(os.environ)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        env.setdefault("OMPI_MCA_rmaps_base_oversubscribe", "1")
        proc = subprocess.run([exe, "-n", "2", sys.executable, "-m", "mpi4py.futures",
                               os.path.abspath(__file__), "--mpi-inner"]
                              + (["--quick"] if quick else []),
                              capture_output=True, text=True, env=env, timeout=900, cwd=ROOT)
        for line in proc.stdout.splitlines():
            if line.startswith("RESULT "):
                mpi = json.loads(line[7:])
        if mpi is None:
            print("MPI run failed:", proc.stdout[-1000:], proc.stderr[-1000:])
    if mpi:
        for nw in ("32", "128", "1024"):
            r = mpi[nw]
            rows.append((f"{nw} walkers: 2 MPI ranks (PosteriorPool, mpi=True)", r["serial"],
                         r["pool"], r["serial_cpu"], r["pool_cpu"]))
    naive = _naive_pool(repeat)
    results = []
    print("wall: seconds per batch call; cpu: CPU seconds of the calling rank per call (its "
          f"share of the work plus the messaging); load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs")
    print(f"{'case':<52s} {'1 rank [ms]':>12s} {'2 ranks [ms]':>13s} {'speed-up':>9s} "
          f"{'cpu 1 [ms]':>11s} {'cpu 2 [ms]':>11s}")
    for name, t1, t2, c1, c2 in rows:
        print(f"{name:<52s} {1e3 * t1:>12.2f} {1e3 * t2:>13.2f} {t1 / t2:>9.2f} "
              f"{1e3 * c1:>11.2f} {1e3 * c2:>11.2f}")
        results.append({"case": name, "one_rank_s": t1, "two_ranks_s": t2, "speedup": t1 / t2,
                        "one_rank_cpu_s": c1, "calling_rank_cpu_s": c2})
    t16 = local[32]["serial"]
    print(f"peer: multiprocessing.Pool(1), one walker per task, likelihood pickled per task: "
          f"{1e3 * naive['per_batch_16']:.1f} ms per 16-walker batch "
          f"({naive['per_batch_16'] / t16:.0f}x the serial vectorised call)")
    if "--json" in argv:
        print(json.dumps({"cosmology_mpi": results, "naive_pool_s": naive["per_batch_16"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
