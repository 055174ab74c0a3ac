"""Run the symphys benchmarks and print our time against the peer library's, as ratios.

Usage::

    python benchmarks/run.py            # every benchmarks/bench_*.py
    python benchmarks/run.py angular    # only files whose name contains "angular"
    python benchmarks/run.py --json     # one JSON document
    python benchmarks/run.py ml --device cuda   # options after the name go to that benchmark

Each ``bench_*.py`` defines ``cases()`` yielding :class:`Case` objects: a name, our callable, and
optionally a peer name and callable timed in the same run. A benchmark with options of its own
(a device, a quick mode, a training run) defines ``main(argv) -> int`` instead (or as well): when
the filter selects it, :func:`main` hands it the remaining arguments (and ``--json``).

Timings are the best of ``repeat``
samples, each averaging enough calls to last 5 ms (:func:`best_time`); BLAS and OpenMP are
pinned to one thread before numpy is imported. These are measurements, never tests: nothing here
fails on a slow result.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_var] = "1"
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "")
                           + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


@dataclass
class Case:
    """One benchmark: ``ours`` timed against ``peer`` (if any) in the same run."""

    name: str
    ours: Callable[[], object]
    peer_name: str | None = None
    peer: Callable[[], object] | None = None
    repeat: int = 3
    target: str = ""  # the target from the issue, printed beside the result


def best_time(fn: Callable[[], object], repeat: int) -> float:
    """Seconds per call: the best of ``repeat`` samples, each the mean of ``number`` calls, with
    ``number`` set (as timeit's autorange does) so that a sample lasts at least 5 ms. Fast and
    slow callables are timed alike, without a timer-resolution floor on the fast one."""
    t0 = time.perf_counter()
    fn()
    once = time.perf_counter() - t0
    number = max(1, int(0.005 / max(once, 1e-9)))
    best = once if number == 1 else float("inf")  # a slow first call is the first sample
    for _ in range(max(1, repeat) - (number == 1)):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def environment() -> str:
    """One line on what the timings ran with: the BLAS kernel, and a forced one if any.

    ``OPENBLAS_CORETYPE`` (set on some machines to work around old OpenBLAS bugs) makes a current
    OpenBLAS run an older kernel, which slows small matmuls several-fold; time with it unset
    (``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/run.py``) unless the
    workaround is needed there.
    """
    import numpy  # noqa: F401  (load the BLAS libraries the benchmarks will use)
    import scipy.linalg  # noqa: F401
    from threadpoolctl import threadpool_info

    kernels = sorted({f"{d.get('internal_api')} {d.get('version')} {d.get('architecture')}"
                      for d in threadpool_info() if d.get("user_api") == "blas"})
    forced = os.environ.get("OPENBLAS_CORETYPE")
    return (f"# BLAS: {'; '.join(kernels) or 'unknown'}, threads pinned to 1"
            + (f"; OPENBLAS_CORETYPE={forced} forces an older kernel" if forced else ""))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("filter", nargs="?", default="", help="substring of benchmark file names")
    ap.add_argument("--json", action="store_true")
    args, extra = ap.parse_known_args(argv)
    rows = []
    selected = [p for p in sorted(HERE.glob("bench_*.py")) if args.filter in p.stem]
    exact = [p for p in selected if p.stem == f"bench_{args.filter}"]
    if exact and extra:  # "gr --cap 240": the benchmark named exactly, not every *gr* file
        selected = exact
    if extra and not (len(selected) == 1 and hasattr(load(selected[0]), "main")):
        ap.error(f"unrecognized arguments: {' '.join(extra)} (options after the name are for "
                 f"one benchmark that defines main(argv))")
    if not args.json:
        print(environment(), flush=True)
    status = 0
    for path in selected:
        mod = load(path)
        if hasattr(mod, "main"):
            status = max(status, mod.main([*extra, *(["--json"] if args.json else [])]) or 0)
            continue
        for case in mod.cases():
            ours = best_time(case.ours, case.repeat)
            peer = best_time(case.peer, case.repeat) if case.peer is not None else None
            row = {
                "file": path.name, "case": case.name, "ours_s": ours,
                "peer": case.peer_name, "peer_s": peer,
                "speedup": (peer / ours) if peer else None, "target": case.target,
            }
            rows.append(row)
            if not args.json:
                peer_txt = (f"{case.peer_name}: {peer:.4g} s  ratio (peer/ours) {peer / ours:8.1f}x"
                            if peer else "(no peer)")
                print(f"{path.stem:24s} {case.name:40s} ours: {ours:.4g} s  {peer_txt}"
                      + (f"  [target: {case.target}]" if case.target else ""), flush=True)
    if args.json and rows:
        print(json.dumps(rows, indent=1))
    return status


if __name__ == "__main__":
    sys.exit(main())
