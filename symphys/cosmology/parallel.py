r"""Posterior evaluations across processes and machines: one pool for MPI and local processes.

A :class:`PosteriorPool` sends the posterior (about 18 MB with the full Pantheon covariance) to
each worker **once**, when the worker starts (the executor's ``initializer``); after that a task
carries only parameter vectors. The same class serves

* MPI (``mpi=True``): ``mpi4py.futures.MPIPoolExecutor`` (Dalcin & Fang 2021,
  doi:10.1109/MCSE.2021.3083216), the pool emcee documents for clusters. Start the script as
  ``mpiexec -n R python -m mpi4py.futures script.py``: rank 0 runs the script, ranks 1..R-1
  are the workers (or ``mpiexec -n 1`` and ``workers=R-1`` to spawn them, where the MPI allows
  it);
* local processes (``mpi=False``, the default): ``concurrent.futures.ProcessPoolExecutor`` with
  the ``forkserver`` start method (no fork of a process that may run threads).

How the work is split: :meth:`PosteriorPool.log_prob` takes a batch ``(n, k)`` (an ensemble's
walkers, a nested sampler's batch), cuts it into ``workers + 1`` contiguous chunks, sends one to
each worker and evaluates the first itself (the calling rank is not idle), each chunk in one
vectorised call. So R ranks give R-way parallel evaluations, and 1 rank is the serial
vectorised path. Each row's value is that of the serial vectorised call up to round-off (about
1e-11 relative: a batched triangular solve's blocking depends on the batch size), so a chain
run through the pool equals the serial chain of the same seed position for position (an
accept/reject decision would have to fall within that round-off to differ; tested, also under
``mpiexec -n 2``).

:func:`symphys.cosmology.sample_posterior` and :func:`symphys.cosmology.evidence` accept a
``PosteriorPool`` as ``pool=`` (it must hold the posterior being sampled). For samplers that
call ``pool.map(fn, points)`` with their own ``fn`` (dynesty), :attr:`PosteriorPool.posterior`
is a light stand-in for the posterior that pickles without the data and, inside a worker,
evaluates the copy that worker holds.

Cost bound: a batch is split into at most ``workers + 1`` chunks; ``workers`` is at most
``MAX_WORKERS`` (the executor's processes are the only resource held).
"""

from __future__ import annotations

import itertools
import math
import os
import pickle
from collections.abc import Iterable

import numpy as np

from symphys.cosmology.sampling import Posterior

__all__ = ["PosteriorPool", "MAX_WORKERS", "LOCAL_WORKERS_PER_CPU"]

#: the most worker processes one pool may start (MPI ranks across machines)
MAX_WORKERS = 1024

#: local processes are bounded by this many per CPU of the machine
LOCAL_WORKERS_PER_CPU = 4

#: worker-side copies of posteriors, by pool token (filled by the executor's initializer)
_RESIDENT: dict[str, Posterior] = {}

_TOKENS = itertools.count()


def _init_worker(token: str, payload: bytes) -> None:
    """Executor initializer: unpickle the posterior once and keep it for the worker's life."""
    from symphys._threads import blas_threads

    _RESIDENT[token] = pickle.loads(payload)
    # one BLAS thread per process: the processes are the parallelism
    ctx = blas_threads(1)
    ctx.__enter__()


def _worker_log_prob(task: tuple[str, np.ndarray]) -> np.ndarray:
    token, chunk = task
    return np.asarray(_RESIDENT[token].log_prob(chunk), dtype=float)


def _ping(token: str) -> int:
    if token not in _RESIDENT:
        raise RuntimeError("worker has no posterior (its initializer did not run)")
    return os.getpid()


class _ResidentPosterior:
    """A stand-in for a pool's posterior: the same ``free``/``bounds``/``model_class``; pickled,
    it carries only the pool token, and in a worker ``log_prob`` uses that worker's copy."""

    def __init__(self, token: str, real: Posterior) -> None:
        self._token = token
        self._real = real
        self.free = tuple(real.free)
        self.bounds = dict(real.bounds)
        self.model_class = real.model_class

    @property
    def ndim(self) -> int:
        return len(self.free)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_real"] = None
        return state

    def _target(self) -> Posterior:
        if self._real is not None:
            return self._real
        try:
            return _RESIDENT[self._token]
        except KeyError:
            raise RuntimeError("this stand-in of a PosteriorPool's posterior is evaluated "
                               "outside the pool's workers") from None

    def log_prob(self, params) -> np.ndarray:
        return self._target().log_prob(params)

    def best_fit(self):
        return self._target().best_fit()

    def __getattr__(self, name):  # derived, describe_priors, ... of the real posterior
        if name.startswith("__") or name in ("_real", "_token"):
            raise AttributeError(name)
        return getattr(self._target(), name)


class PosteriorPool:
    """Workers that each hold one copy of a posterior, sent once; batches split across them.

    Parameters
    ----------
    posterior : Posterior
        Any posterior (e.g. :class:`~symphys.cosmology.SupernovaLikelihood`); it must pickle.
    workers : int, optional
        Worker processes, in [1, ``MAX_WORKERS``] (local processes: at most
        ``LOCAL_WORKERS_PER_CPU`` per CPU). Default: local processes
        ``os.cpu_count() - 1`` (at least 1); MPI: the ranks besides rank 0 under
        ``python -m mpi4py.futures`` (else ``MPIPoolExecutor``'s default).
    mpi : bool
        Use ``mpi4py.futures.MPIPoolExecutor`` (needs mpi4py and an MPI; ImportError otherwise)
        instead of local processes.

    Attributes
    ----------
    workers : int
        Worker processes (``log_prob`` uses ``workers + 1`` chunks, the caller's included).
    posterior : object
        A light stand-in of the posterior (see the module docstring): hand it to samplers
        that map their own functions over the pool.

    Examples
    --------
    >>> from symphys.cosmology import FlatLambdaCDM, SNData, SupernovaLikelihood
    >>> z = np.linspace(0.05, 1.5, 40)
    >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3
    >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=np.full(40, 0.1)), "lcdm")
    >>> with PosteriorPool(like, workers=1) as pool:  # doctest: +SKIP
    ...     res = like.sample(nwalkers=8, nsteps=100, pool=pool, rng=1)
    """

    def __init__(self, posterior: Posterior, *, workers: int | None = None,
                 mpi: bool = False) -> None:
        if not isinstance(posterior, Posterior):
            raise TypeError(f"posterior must be a Posterior (e.g. a SupernovaLikelihood), "
                            f"got {type(posterior).__name__}")
        if not isinstance(mpi, bool):
            raise TypeError(f"mpi must be a bool, got {type(mpi).__name__}")
        if workers is not None and (isinstance(workers, bool)
                                    or not isinstance(workers, (int, np.integer))):
            raise TypeError(f"workers must be an int or None, got {type(workers).__name__}")
        if workers is not None and not 1 <= workers <= MAX_WORKERS:
            raise ValueError(f"workers={workers} must be in [1, MAX_WORKERS = {MAX_WORKERS}]")
        local_max = LOCAL_WORKERS_PER_CPU * (os.cpu_count() or 1)
        if workers is not None and not mpi and workers > local_max:
            raise ValueError(f"workers={workers} local processes exceed "
                             f"LOCAL_WORKERS_PER_CPU x cpu_count = {local_max}; use mpi=True "
                             "to spread them over machines")
        try:
            payload = pickle.dumps(posterior, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - any pickling failure means the same thing
            raise TypeError(f"posterior must pickle to be sent to workers ({exc})") from None
        self._real = posterior
        self.token = f"{os.getpid()}-{next(_TOKENS)}-{id(self)}"
        self.mpi = mpi
        self.payload_bytes = len(payload)
        init = {"initializer": _init_worker, "initargs": (self.token, payload)}
        if mpi:
            try:
                from mpi4py.futures import MPIPoolExecutor
            except ImportError as exc:
                raise ImportError("PosteriorPool(mpi=True) needs mpi4py and an MPI library "
                                  "(pip install 'symphys[mpi]', or mpi4py with your "
                                  "cluster's MPI)") from exc
            kw = {} if workers is None else {"max_workers": int(workers)}
            self._executor = MPIPoolExecutor(**kw, **init)
            size = getattr(self._executor, "num_workers", None)
            self.workers = int(size if size else (workers or 1))
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            n = int(workers) if workers is not None else max(1, (os.cpu_count() or 2) - 1)
            self._executor = ProcessPoolExecutor(
                max_workers=n, mp_context=multiprocessing.get_context("forkserver"), **init)
            self.workers = n
        self.posterior = _ResidentPosterior(self.token, posterior)
        self._closed = False
        # start every worker now (and check its initializer ran), not at the first batch
        list(self._executor.map(_ping, [self.token] * self.workers))

    # -- the pool interface ----------------------------------------------------------------
    def map(self, fn, iterable: Iterable) -> list:
        """``[fn(x) for x in iterable]`` computed by the workers, in order (emcee's, dynesty's
        and nautilus's pool interface). Hand them :attr:`posterior` inside ``fn``, so that a
        task does not carry the data.
        """
        self._check_open()
        items = list(iterable)
        chunk = max(1, math.ceil(len(items) / (4 * self.workers)))
        return list(self._executor.map(fn, items, chunksize=chunk))

    def log_prob(self, params) -> np.ndarray:
        """The posterior's ``log_prob`` of a batch ``(n, k) -> (n,)``, split into ``workers + 1``
        contiguous chunks (one evaluated here, one per worker), each in one vectorised call.

        The values are those of ``posterior.log_prob`` row by row (the order is kept), up to
        round-off from the batch size.
        """
        self._check_open()
        theta = np.asarray(params, dtype=float)
        if theta.ndim != 2:
            return np.asarray(self._real.log_prob(theta), dtype=float)
        n = theta.shape[0]
        parts = min(self.workers + 1, n)
        if parts <= 1:
            return np.asarray(self._real.log_prob(theta), dtype=float)
        chunks = np.array_split(theta, parts)
        futures = [self._executor.submit(_worker_log_prob, (self.token, c)) for c in chunks[1:]]
        from symphys._threads import blas_threads

        with blas_threads(1):
            first = np.asarray(self._real.log_prob(chunks[0]), dtype=float)
        return np.concatenate([first] + [f.result() for f in futures])

    def holds(self, posterior) -> bool:
        """Whether this pool was made for ``posterior`` (or is its stand-in)."""
        return posterior is self._real or posterior is self.posterior

    # -- life cycle --------------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("the PosteriorPool is closed")

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        if not getattr(self, "_closed", True):
            self._closed = True
            self._executor.shutdown(wait=True)

    def __enter__(self) -> PosteriorPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort at interpreter exit
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass

    def __repr__(self) -> str:
        kind = "MPI" if self.mpi else "processes"
        return (f"PosteriorPool({type(self._real).__name__}, workers={self.workers}, {kind}, "
                f"{self.payload_bytes} bytes sent once per worker)")
