"""Posterior sampling with emcee: vectorised ensemble, HDF5 resume, autocorrelation diagnostics.

Design: emcee's ``EnsembleSampler`` (Foreman-Mackey et al. 2013, arXiv:1202.3665; the
affine-invariant stretch move of Goodman & Weare 2010, doi:10.2140/camcos.2010.5.65) does the work.
Without a ``pool`` the likelihood is called once per step for the whole ensemble
(``vectorize=True``: one batched triangular solve); with a ``pool`` (``multiprocessing.Pool``,
``schwimmbad.MPIPool``, ...) walkers are evaluated one per task through the pool's ``map`` (the
scale-out path). An HDF5 backend (``backend="chain.h5"``, needs h5py) stores every step and the
random state, so a run interrupted at any point resumes to exactly the chain an uninterrupted
run with the same ``rng`` seed gives; ``nsteps`` is always the total length wanted.

The sampler needs only the :class:`Posterior` protocol (``free``, ``ndim``, ``bounds``,
``model_class``, ``log_prob``, ``best_fit``): this module does not import the likelihood.

Convergence: the integrated autocorrelation time tau (emcee.autocorr, Sokal's window) per
parameter; a ``RuntimeWarning`` is issued when the chain is shorter than 50 tau. Burn-in
discarded in summaries: 2 max(tau) (at most half the chain); thinning: max(1, min(tau)/2).
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from symphys._threads import MAX_THREADS
from symphys._threads import blas_threads as _limit_blas_threads

__all__ = ["SampleResult", "sample_posterior", "CONVERGENCE_TAUS", "Posterior", "MAX_CHAIN_BYTES",
           "MAX_POSTERIOR_CALLS", "chain_nbytes"]

#: the chain must be at least this many autocorrelation times long to be called converged
CONVERGENCE_TAUS = 50

#: the largest chain :func:`sample_posterior` will hold in memory (see :func:`chain_nbytes`)
MAX_CHAIN_BYTES = 2 * 1024**3

#: the most log-posterior evaluations one run may ask for: nwalkers * max(nsteps, max_steps)
#: (the run time grows with it; 10**6 is about 15x a converged Pantheon fit; extend a longer
#: run by resuming its backend)
MAX_POSTERIOR_CALLS = 10**6


def chain_nbytes(nwalkers: int, nsteps: int, ndim: int) -> int:
    """Bytes of the chain and log posterior emcee keeps: ``nsteps*nwalkers*(ndim + 1)*8``.

    >>> chain_nbytes(32, 2000, 2)
    1536000
    """
    return int(nsteps) * int(nwalkers) * (int(ndim) + 1) * 8


@runtime_checkable
class Posterior(Protocol):
    """What :func:`sample_posterior` needs from a posterior (a structural type).

    :class:`symphys.cosmology.SupernovaLikelihood` is one; any object with these members can be
    sampled, so this module does not import the likelihood.

    Attributes
    ----------
    free : tuple of str
        Names of the sampled parameters, in the order of the parameter vectors.
    ndim : int
        ``len(free)``.
    bounds : dict
        ``{name: (lo, hi)}`` flat prior bounds of every free parameter.
    model_class : type
        The model; its ``name`` labels the result and its ``__name__`` appears in messages.
    """

    free: tuple[str, ...]
    bounds: Mapping[str, tuple[float, float]]
    model_class: Any

    @property
    def ndim(self) -> int:  # pragma: no cover - protocol
        """Number of free parameters k."""
        ...

    def log_prob(self, params: np.ndarray) -> np.ndarray:  # pragma: no cover - protocol
        """Log posterior of parameter vectors ``(..., k) -> (...)`` (``-inf`` outside)."""
        ...

    def best_fit(self) -> Any:  # pragma: no cover - protocol
        """An object with ``values`` ``(k,)`` and ``cov`` ``(k, k)`` or ``None``."""
        ...


@dataclass
class SampleResult:
    """An emcee run: chains, diagnostics and summaries.

    Attributes
    ----------
    param_names : tuple of str
        The free parameter names (columns of the chain).
    chain : numpy.ndarray
        ``(nsteps, nwalkers, k)`` positions.
    log_prob : numpy.ndarray
        ``(nsteps, nwalkers)`` log posterior.
    tau : numpy.ndarray
        ``(k,)`` integrated autocorrelation time in steps (NaN when it cannot be estimated: the
        documented reason for a NaN here).
    acceptance_fraction : numpy.ndarray
        ``(nwalkers,)``.
    discard, thin : int
        Burn-in and thinning used by :meth:`flat` and the summaries.
    model : str
        The model's short name (keyword-only).
    backend : str or None
        The HDF5 file path, if any (keyword-only).
    derived : dict of str to numpy.ndarray
        ``{name: (nsteps, nwalkers)}`` derived parameters at every position of the chain
        (keyword-only; filled by :func:`sample_posterior` when the posterior has a
        ``derived(params) -> dict`` method, e.g. ``Ok``, ``age``, ``q0``, ``rd``,
        ``hubble_law_slope``; NaN where the posterior's model leaves one undefined).
    """

    param_names: tuple[str, ...]
    chain: np.ndarray = field(repr=False)
    log_prob: np.ndarray = field(repr=False)
    tau: np.ndarray
    acceptance_fraction: np.ndarray = field(repr=False)
    discard: int
    thin: int
    model: str = field(default="", kw_only=True)
    backend: str | None = field(default=None, kw_only=True)
    derived: dict[str, np.ndarray] = field(default_factory=dict, kw_only=True, repr=False)

    def __post_init__(self) -> None:
        names = self.param_names
        if isinstance(names, str) or not isinstance(names, (tuple, list)) \
                or not all(isinstance(n, str) for n in names):
            raise TypeError(f"param_names must be a tuple of names, got {names!r}")
        self.param_names = tuple(names)
        k = len(self.param_names)
        for name in ("chain", "log_prob", "tau", "acceptance_fraction"):
            if not isinstance(getattr(self, name), np.ndarray):
                raise TypeError(f"{name} must be a numpy array, "
                                f"got {type(getattr(self, name)).__name__}")
        if self.chain.ndim != 3 or self.chain.shape[-1] != k:
            raise ValueError(f"chain must have shape (nsteps, nwalkers, {k}), "
                             f"got {self.chain.shape}")
        if not np.all(np.isfinite(self.chain)):
            raise ValueError("chain contains NaN or infinite positions")
        if self.log_prob.shape != self.chain.shape[:2]:
            raise ValueError(f"log_prob must have shape {self.chain.shape[:2]}, "
                             f"got {self.log_prob.shape}")
        if self.tau.shape != (k,) or self.acceptance_fraction.shape != self.chain.shape[1:2]:
            raise ValueError(f"tau must have shape ({k},) and acceptance_fraction "
                             f"{self.chain.shape[1:2]}")
        for name in ("discard", "thin"):
            val = getattr(self, name)
            if isinstance(val, bool) or not isinstance(val, (int, np.integer)):
                raise TypeError(f"{name} must be an int, got {type(val).__name__}")
        if self.discard < 0 or self.thin < 1:
            raise ValueError(f"discard={self.discard} must be >= 0 and thin={self.thin} >= 1")
        if not isinstance(self.derived, Mapping):
            raise TypeError(f"derived must be a dict of name to array, "
                            f"got {type(self.derived).__name__}")
        derived = {}
        for name, val in self.derived.items():
            if not isinstance(name, str) or not isinstance(val, np.ndarray):
                raise TypeError(f"derived must map names to numpy arrays, got {name!r}: "
                                f"{type(val).__name__}")
            if val.shape != self.chain.shape[:2]:
                raise ValueError(f"derived[{name!r}] must have shape {self.chain.shape[:2]}, "
                                 f"got {val.shape}")
            if name in self.param_names:
                raise ValueError(f"derived parameter {name!r} is also a sampled parameter")
            derived[name] = val
        self.derived = derived

    @property
    def nsteps(self) -> int:
        """Number of steps in the chain."""
        return int(self.chain.shape[0])

    @property
    def converged(self) -> bool:
        """Whether the chain is at least 50 tau long (for every parameter)."""
        return bool(np.all(np.isfinite(self.tau))
                    and self.nsteps >= CONVERGENCE_TAUS * np.max(self.tau))

    def flat(self, *, discard: int | None = None, thin: int | None = None) -> np.ndarray:
        """``(n, k)`` samples after burn-in and thinning, walkers concatenated.

        >>> chain = np.random.default_rng(0).normal(size=(400, 8, 1))
        >>> res = SampleResult(("x",), chain, np.zeros((400, 8)), np.array([1.0]),
        ...                    np.full(8, 0.5), discard=20, thin=2)
        >>> res.flat().shape  # (400 - 20) / 2 steps x 8 walkers
        (1520, 1)
        """
        d = self.discard if discard is None else discard
        t = self.thin if thin is None else thin
        for name, val in (("discard", d), ("thin", t)):
            if isinstance(val, bool) or not isinstance(val, (int, np.integer)):
                raise TypeError(f"{name} must be an int, got {type(val).__name__}")
        if d < 0 or t < 1:
            raise ValueError(f"discard={d} must be >= 0 and thin={t} >= 1")
        return self.chain[d::t].reshape(-1, self.chain.shape[-1])

    def intervals(self, *, level: float = 0.68) -> dict[str, tuple[float, float, float]]:
        """``{name: (lower, median, upper)}``: equal-tailed credible interval at ``level``.

        >>> chain = np.random.default_rng(0).normal(size=(400, 8, 1))
        >>> res = SampleResult(("x",), chain, np.zeros((400, 8)), np.array([1.0]),
        ...                    np.full(8, 0.5), discard=20, thin=2)
        >>> lo, med, hi = res.intervals()["x"]  # a unit normal: 68% within +-1 sigma
        >>> round(hi - lo, 1), lo < med < hi
        (2.0, True)
        """
        if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)) \
                or not 0 < level < 1:
            raise ValueError(f"level={level!r} must be a number with 0 < level < 1")
        lo_q, hi_q = 50 * (1 - level), 50 * (1 + level)
        samples = self.flat()
        if samples.shape[0] == 0:
            raise ValueError(f"no samples left after discard={self.discard}, thin={self.thin} "
                             f"of a {self.nsteps}-step chain")
        out = {}
        for i, name in enumerate(self.param_names):
            lo, med, hi = np.percentile(samples[:, i], [lo_q, 50.0, hi_q])
            out[name] = (float(lo), float(med), float(hi))
        return out

    def flat_derived(self, *, discard: int | None = None,
                     thin: int | None = None) -> dict[str, np.ndarray]:
        """``{name: (n,)}`` derived parameters with the burn-in and thinning of :meth:`flat`.

        >>> chain = np.random.default_rng(0).normal(size=(400, 8, 1))
        >>> res = SampleResult(("x",), chain, np.zeros((400, 8)), np.array([1.0]),
        ...                    np.full(8, 0.5), discard=20, thin=2,
        ...                    derived={"x2": chain[..., 0] ** 2})
        >>> bool(np.allclose(res.flat_derived()["x2"], res.flat()[:, 0] ** 2))
        True
        """
        self.flat(discard=discard, thin=thin)  # checks the options
        d = self.discard if discard is None else discard
        t = self.thin if thin is None else thin
        return {k: v[d::t].reshape(-1) for k, v in self.derived.items()}

    def derived_intervals(self, *, level: float = 0.68) -> dict[str, tuple[float, float, float]]:
        """``{name: (lower, median, upper)}`` of the derived parameters (NaN entries, where the
        model leaves one undefined, are left out; all-NaN gives NaN).

        >>> chain = np.random.default_rng(0).normal(size=(400, 8, 1))
        >>> res = SampleResult(("x",), chain, np.zeros((400, 8)), np.array([1.0]),
        ...                    np.full(8, 0.5), discard=20, thin=2,
        ...                    derived={"y": 2 * chain[..., 0]})
        >>> lo, med, hi = res.derived_intervals()["y"]
        >>> round(hi - lo, 1)  # twice the unit normal's 68% width
        4.0
        """
        base = self.intervals(level=level)  # checks level and that samples remain
        del base
        lo_q, hi_q = 50 * (1 - level), 50 * (1 + level)
        out = {}
        for name, vals in self.flat_derived().items():
            ok = vals[np.isfinite(vals)]
            if ok.size == 0:
                out[name] = (float("nan"),) * 3
                continue
            lo, med, hi = np.percentile(ok, [lo_q, 50.0, hi_q])
            out[name] = (float(lo), float(med), float(hi))
        return out

    @property
    def medians(self) -> dict[str, float]:
        """Posterior medians."""
        return {k: v[1] for k, v in self.intervals().items()}

    def summary(self) -> dict:
        """A JSON-ready dict: medians, 68% intervals, tau, acceptance, convergence.

        >>> chain = np.random.default_rng(0).normal(size=(400, 8, 1))
        >>> res = SampleResult(("x",), chain, np.zeros((400, 8)), np.array([1.0]),
        ...                    np.full(8, 0.5), discard=20, thin=2)
        >>> s = res.summary()
        >>> s["nsteps"], s["nwalkers"], s["converged_50tau"]  # 400 steps >= 50 tau = 50
        (400, 8, True)
        """
        return {
            "model": self.model, "params": list(self.param_names),
            "intervals_68": {k: list(v) for k, v in self.intervals().items()},
            "tau": [float(t) for t in self.tau], "nsteps": self.nsteps,
            "nwalkers": int(self.chain.shape[1]), "discard": self.discard, "thin": self.thin,
            "acceptance_fraction": float(np.mean(self.acceptance_fraction)),
            "converged_50tau": self.converged, "backend": self.backend,
            "derived_intervals_68": {k: list(v) for k, v in self.derived_intervals().items()},
        }


#: probe points of the setup fingerprint stored in an HDF5 backend (see :func:`_fingerprint`)
_FINGERPRINT_PROBES = 16

#: relative tolerance when comparing the stored and current log posterior at the probe points
#: (round-off across BLAS builds and machines is far below it; any change of data, fixed values
#: or priors is far above it)
_FINGERPRINT_RTOL = 1e-9


def _jsonable(value):
    """A JSON-ready copy of a setup entry (numbers as floats), or None when it is not one."""
    if isinstance(value, Mapping):
        out = {}
        for key, val in value.items():
            conv = _jsonable(val)
            if conv is None:
                return None
            out[str(key)] = conv
        return out
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if isinstance(value, (tuple, list)):
        items = [_jsonable(v) for v in value]
        return None if any(v is None for v in items) else items
    return None


def _probe_points(like: Posterior) -> np.ndarray:
    """``(P, k)`` fixed points inside the prior box: its centre and a Halton sequence."""
    from scipy.stats import qmc

    k = like.ndim
    lo = np.array([like.bounds[n][0] for n in like.free], dtype=float)
    hi = np.array([like.bounds[n][1] for n in like.free], dtype=float)
    unit = qmc.Halton(d=k, scramble=False).random(_FINGERPRINT_PROBES)[1:]  # row 0 is a corner
    unit = np.vstack([np.full((1, k), 0.5), unit])
    return lo + unit * (hi - lo)


def _fingerprint(like: Posterior) -> dict:
    """What identifies a posterior's setup, stored with a chain so that resuming it under another
    setup is refused.

    Two parts. The description: class, model, free names, prior bounds, and where the posterior
    has them its ``fixed`` values, ``gaussian_priors``, ``marginalize_M`` and data label and size.
    The probe: ``log_prob`` at the centre of the prior box and 15 Halton points in it. The probe
    catches what the description cannot name (other data with the same size, a changed
    covariance, priors of a new kind): two setups that agree at 16 generic points are, for
    these smooth posteriors, the same posterior.
    """
    desc = {"type": type(like).__name__, "model": str(getattr(like.model_class, "name", "")),
            "free": list(like.free),
            "bounds": {n: [float(like.bounds[n][0]), float(like.bounds[n][1])] for n in like.free}}
    for attr in ("fixed", "gaussian_priors", "marginalize_M"):
        conv = _jsonable(getattr(like, attr, None))
        if conv is not None:
            desc[attr] = conv
    data = getattr(like, "data", None)
    if data is not None:
        desc["data"] = {"label": str(getattr(data, "label", type(data).__name__)),
                        "n": _jsonable(getattr(data, "n", None))}
    with np.errstate(all="ignore"):
        probe = np.asarray(like.log_prob(_probe_points(like)), dtype=float).reshape(-1)
    desc["probe"] = [float(v) if math.isfinite(v) else (None if math.isnan(v) else
                                                        ("inf" if v > 0 else "-inf"))
                     for v in probe]
    return desc


def _probe_array(values) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _check_fingerprint(path: str, stored: str | None, current: dict) -> None:
    """Refuse (ValueError) a chain written for another setup; warn for a chain without one."""
    import json

    if stored is None:
        warnings.warn(f"backend {path} has no setup fingerprint (written before symphys stored "
                      "one): resuming it cannot check that the data, fixed values and priors "
                      "are those it was run with", UserWarning, stacklevel=4)
        return
    try:
        old = json.loads(str(stored))
    except ValueError:
        raise ValueError(f"backend {path} has an unreadable setup fingerprint; move it away "
                         "or choose another path") from None
    for key, what in (("type", "posterior class"), ("model", "model"), ("free", "free "
                      "parameters"), ("bounds", "prior bounds"), ("fixed", "fixed values"),
                      ("gaussian_priors", "Gaussian priors"), ("marginalize_M", "marginalize_M"),
                      ("data", "data")):
        if old.get(key) != current.get(key):
            raise ValueError(f"backend {path} was written under another setup: its {what} "
                             f"{old.get(key)!r} differ from this run's {current.get(key)!r}; "
                             "resuming would mix two posteriors (choose another path)")
    a, b = _probe_array(old.get("probe", [])), _probe_array(current["probe"])
    same = a.shape == b.shape and np.all(
        (np.isnan(a) & np.isnan(b)) | (a == b)
        | (np.isfinite(a) & np.isfinite(b)
           & (np.abs(a - b) <= _FINGERPRINT_RTOL * np.maximum(1.0, np.abs(b)))))
    if not same:
        raise ValueError(f"backend {path} was written under another setup: the log posterior "
                         "differs at the fingerprint's probe points (other data, covariance, "
                         "fixed values, M or priors); resuming would mix two posteriors "
                         "(choose another path)")


def _open_backend(backend, nwalkers: int, ndim: int, like: Posterior):
    """Return (emcee backend or None, fresh?, path)."""
    if backend is None:
        return None, True, None
    import json

    import emcee

    names = tuple(like.free)
    if isinstance(backend, emcee.backends.Backend):
        fresh = not backend.initialized or backend.iteration == 0
        path = getattr(backend, "filename", None)
        if isinstance(backend, emcee.backends.HDFBackend):
            import h5py

            if fresh:
                if not backend.initialized:
                    backend.reset(nwalkers, ndim)
                with h5py.File(backend.filename, "a") as f:
                    f[backend.name].attrs["symphys_params"] = ",".join(names)
                    f[backend.name].attrs["symphys_setup"] = json.dumps(_fingerprint(like))
            else:
                with h5py.File(backend.filename, "r") as f:
                    stored = f[backend.name].attrs.get("symphys_setup")
                _check_fingerprint(path, stored, _fingerprint(like))
        return backend, fresh, path
    path = os.fspath(backend)
    try:
        hdf = emcee.backends.HDFBackend(path)
    except ImportError as exc:
        raise ImportError("backend= needs h5py (pip install 'symphys[mcmc]' or h5py)") from exc
    if os.path.exists(path):
        import h5py

        try:  # emcee's own check swallows this and would then fail while resetting
            with h5py.File(path, "r"):
                pass
        except OSError as exc:
            raise ValueError(f"backend {path} is not a readable HDF5 emcee chain ({exc}); "
                             "move it away or choose another path") from None
    if os.path.exists(path) and hdf.initialized and hdf.iteration > 0:
        if hdf.shape != (nwalkers, ndim):
            raise ValueError(f"backend {path} holds a chain of shape {hdf.shape} "
                             f"(nwalkers, ndim); this run needs {(nwalkers, ndim)}")
        import h5py

        with h5py.File(path, "r") as f:
            stored = f[hdf.name].attrs.get("symphys_params")
            setup = f[hdf.name].attrs.get("symphys_setup")
        if stored is not None and tuple(str(stored).split(",")) != names:
            raise ValueError(f"backend {path} was written for parameters {stored}, "
                             f"not {','.join(names)}")
        _check_fingerprint(path, setup, _fingerprint(like))
        return hdf, False, path
    hdf.reset(nwalkers, ndim)
    import h5py

    with h5py.File(path, "a") as f:
        f[hdf.name].attrs["symphys_params"] = ",".join(names)
        f[hdf.name].attrs["symphys_setup"] = json.dumps(_fingerprint(like))
    return hdf, True, path


def _initial_ball(like: Posterior, nwalkers: int, rng: np.random.Generator,
                  start) -> np.ndarray:
    k = like.ndim
    if start is not None:
        start = np.asarray(start, dtype=float)
        if start.shape == (nwalkers, k):
            p0 = start
        elif start.shape == (k,):
            scale = np.array([1e-3 * (like.bounds[n][1] - like.bounds[n][0]) for n in like.free])
            p0 = start + scale * rng.standard_normal((nwalkers, k))
        else:
            raise ValueError(f"start must have shape ({k},) or ({nwalkers}, {k}), "
                             f"got {start.shape}")
        lp = like.log_prob(p0)
        if not np.all(np.isfinite(lp)):
            bad = int(np.argmin(np.isfinite(lp)))
            raise ValueError(f"start {dict(zip(like.free, p0[bad], strict=True))} lies outside "
                             f"the priors {like.bounds} (or the model is undefined there)")
        return p0
    best = like.best_fit()
    centre = best.values
    widths = np.array([like.bounds[n][1] - like.bounds[n][0] for n in like.free])
    cov = best.cov if best.cov is not None else np.diag((1e-3 * widths) ** 2)
    p0 = np.empty((nwalkers, k))
    filled = 0
    for _ in range(100):
        draws = rng.multivariate_normal(centre, 0.25 * cov, size=nwalkers)
        ok = np.isfinite(like.log_prob(draws))
        take = draws[ok][: nwalkers - filled]
        p0[filled:filled + len(take)] = take
        filled += len(take)
        if filled == nwalkers:
            return p0
    raise ValueError(f"could not place {nwalkers} walkers inside the priors {like.bounds} "
                     f"around the best fit {dict(zip(like.free, centre, strict=True))}")


def _tau(chain: np.ndarray) -> np.ndarray:
    import logging

    import emcee

    # emcee logs its own "chain too short" message; ours is the RuntimeWarning below
    log = logging.getLogger("emcee.autocorr")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(emcee.autocorr.integrated_time(chain, quiet=True), dtype=float)
    except Exception:  # too short to estimate at all
        return np.full(chain.shape[-1], np.nan)
    finally:
        log.setLevel(level)


class _SingleLogProb:
    """``theta (k,) -> float`` around a vectorised ``log_prob``: picklable, for emcee pools."""

    def __init__(self, like: Posterior) -> None:
        self.like = like

    def __call__(self, theta) -> float:
        return float(self.like.log_prob(np.asarray(theta, dtype=float)[None, :])[0])


def _as_rng(rng) -> np.random.Generator:
    """``rng`` as a Generator: a Generator is used as is, an int seeds one, None is fresh."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        if rng is not None and rng < 0:
            raise ValueError(f"rng={rng}: an integer seed must be >= 0")
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy.random.Generator, an int seed or None, "
                    f"got {type(rng).__name__}")


def sample_posterior(like: Posterior, *, nwalkers: int = 32, nsteps: int = 2000, pool=None,
                     backend=None, progress: bool = False,
                     rng: np.random.Generator | int | None = None, start=None,
                     max_steps: int | None = None,
                     blas_threads: int | None = 1) -> SampleResult:
    """Run emcee (Foreman-Mackey et al. 2013, arXiv:1202.3665) on ``like.log_prob``.

    Parameters
    ----------
    like : Posterior
        The posterior, e.g. a :class:`~symphys.cosmology.SupernovaLikelihood`: its free
        parameters are sampled, with the flat priors ``like.bounds``.
    nwalkers : int
        Ensemble size, at least ``2 k``.
    nsteps : int
        Total chain length; with an HDF5 backend that already holds ``n`` steps, only
        ``nsteps - n`` more are run (resume).
    pool : PosteriorPool or object with a ``map`` method, optional
        A :class:`~symphys.cosmology.PosteriorPool` (local processes or MPI; its workers hold
        the posterior, sent once): each batch of walkers is split across the workers and the
        calling process, each chunk vectorised, and the chain equals the serial one of the same
        seed. Any other pool (``multiprocessing``, ``schwimmbad``): walkers are evaluated one
        per task through its ``map``, and each task pickles the likelihood (about 18 MB with
        the full Pantheon covariance): much slower than the vectorised path for these cheap
        models (``benchmarks/bench_cosmology.py``).
    backend : str, path or emcee backend, optional
        Path of an HDF5 file (resumed if it holds a chain) or an ``emcee.backends.Backend``.
        The file stores a fingerprint of the setup (free parameters, prior bounds, fixed
        values, data, and the log posterior at 16 fixed points of the prior box); resuming it
        under another setup (other data, fixed values, M or priors) raises ValueError instead
        of mixing two posteriors in one chain.
    progress : bool
        Show emcee's tqdm progress bar (default ``False``; ``symphys fit`` turns it on).
    rng : numpy.random.Generator, int or None
        Randomness of the initial ball and of emcee's moves (fresh runs only: a resumed run
        continues the stored random state). An int is a seed, ``None`` fresh entropy.
    start : array_like, optional
        ``(k,)`` centre of the initial ball or ``(nwalkers, k)`` positions; default: a Gaussian
        ball from the best fit's Laplace covariance. Positions outside the priors raise
        ValueError.
    max_steps : int, optional
        If given, keep extending the chain (in chunks of ``nsteps // 2``) until it is 50 tau
        long or ``max_steps`` long.

    The longest chain asked for (``max(nsteps, max_steps)`` steps) must fit in
    ``MAX_CHAIN_BYTES`` (2 GiB) by :func:`chain_nbytes`; larger runs raise ValueError before any
    work (use fewer walkers or steps, or thin a resumed backend).
    blas_threads : int or None
        BLAS threads while sampling (default 1: for these small triangular solves extra threads
        only add synchronisation); ``None`` leaves the BLAS setting alone.

    Returns
    -------
    SampleResult
        The chain, log posterior, autocorrelation times and summaries.

    Examples
    --------
    >>> from symphys.cosmology import FlatLambdaCDM, SNData, SupernovaLikelihood
    >>> z = np.linspace(0.05, 1.5, 40)
    >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3   # noiseless
    >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=np.full(40, 0.1)), "lcdm")
    >>> res = sample_posterior(like, nwalkers=8, nsteps=400, max_steps=4000, rng=1)
    >>> res.converged, abs(res.medians["Om"] - 0.3) < 0.05
    (True, True)
    """
    if not isinstance(like, Posterior):
        raise TypeError(f"like must be a Posterior (e.g. a SupernovaLikelihood), "
                        f"got {type(like).__name__}")
    for name, val in (("nwalkers", nwalkers), ("nsteps", nsteps)):
        if isinstance(val, bool) or not isinstance(val, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {type(val).__name__}")
    if max_steps is not None and (isinstance(max_steps, bool)
                                  or not isinstance(max_steps, (int, np.integer))):
        raise TypeError(f"max_steps must be an int or None, got {type(max_steps).__name__}")
    if blas_threads is not None and (isinstance(blas_threads, bool)
                                     or not isinstance(blas_threads, (int, np.integer))
                                     or not 1 <= blas_threads <= MAX_THREADS):
        raise ValueError(f"blas_threads={blas_threads!r} must be an int in [1, MAX_THREADS = "
                         f"{MAX_THREADS}] or None")
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be a bool, got {type(progress).__name__}")
    if pool is not None and not callable(getattr(pool, "map", None)):
        raise TypeError(f"pool must have a map method (multiprocessing.Pool, an MPI pool) or be "
                        f"None, got {type(pool).__name__}")
    gen = _as_rng(rng)
    k = like.ndim
    if k == 0:
        raise ValueError(f"{like.model_class.__name__} has no free parameters to sample "
                         "(all fixed, M marginalised): use best_fit() or free a parameter")
    if nwalkers < 2 * k:
        raise ValueError(f"nwalkers={nwalkers} violates nwalkers >= 2k = {2 * k}")
    if nsteps < 1:
        raise ValueError(f"nsteps={nsteps} must be >= 1")
    if max_steps is not None and max_steps < 1:
        raise ValueError(f"max_steps={max_steps} must be >= 1")
    longest = max(int(nsteps), int(max_steps or 0))
    need = chain_nbytes(nwalkers, longest, k)
    if need > MAX_CHAIN_BYTES:
        raise ValueError(f"nwalkers={nwalkers} x {longest} steps x (k={k} + 1) x 8 bytes needs "
                         f"{need} bytes of chain; the limit is MAX_CHAIN_BYTES = "
                         f"{MAX_CHAIN_BYTES} bytes")
    if nwalkers * longest > MAX_POSTERIOR_CALLS:
        raise ValueError(f"nwalkers={nwalkers} x {longest} steps = {nwalkers * longest} "
                         f"log-posterior evaluations; the limit is MAX_POSTERIOR_CALLS = "
                         f"{MAX_POSTERIOR_CALLS}")
    import emcee

    store, fresh, path = _open_backend(backend, nwalkers, k, like)
    resident = callable(getattr(pool, "holds", None)) and callable(getattr(pool, "log_prob", None))
    if resident and not pool.holds(like):
        raise ValueError("pool is a PosteriorPool made for another posterior; make one for "
                         "this posterior (its workers hold their own copy)")
    if resident:  # the batch is split across the pool's workers, each chunk vectorised
        fn, vectorize, emcee_pool = pool.log_prob, True, None
    elif pool is None:
        fn, vectorize, emcee_pool = like.log_prob, True, None
    else:
        fn, vectorize, emcee_pool = _SingleLogProb(like), False, pool
    sampler = emcee.EnsembleSampler(nwalkers, k, fn, vectorize=vectorize, pool=emcee_pool,
                                    backend=store)
    if fresh:
        p0 = _initial_ball(like, nwalkers, gen, start)
        state = emcee.State(p0, random_state=np.random.RandomState(
            int(gen.integers(2**31 - 1))).get_state())
        todo = nsteps
    else:
        state = sampler.get_last_sample()
        todo = nsteps - sampler.iteration
    with _limit_blas_threads(None if blas_threads is None else int(blas_threads)):
        if todo > 0:
            state = sampler.run_mcmc(state, todo, progress=progress)
        chain = sampler.get_chain()
        tau = _tau(chain)
        while (max_steps is not None and chain.shape[0] < max_steps
               and not (np.all(np.isfinite(tau))
                        and chain.shape[0] >= CONVERGENCE_TAUS * tau.max())):
            more = min(max(nsteps // 2, 1), max_steps - chain.shape[0])
            state = sampler.run_mcmc(None, more, progress=progress)
            chain = sampler.get_chain()
            tau = _tau(chain)
    n = chain.shape[0]
    if not np.all(np.isfinite(tau)) or n < CONVERGENCE_TAUS * np.max(tau):
        tmax = float(np.nanmax(tau)) if np.any(np.isfinite(tau)) else float("nan")
        warnings.warn(f"{like.model_class.name}: chain of {n} steps is shorter than "
                      f"{CONVERGENCE_TAUS} tau (tau = {tmax:.1f} steps); run longer (more "
                      "steps, or resume from the backend) before trusting the intervals",
                      RuntimeWarning, stacklevel=2)
    tmax = np.nanmax(tau) if np.any(np.isfinite(tau)) else 0.0
    tmin = np.nanmin(tau) if np.any(np.isfinite(tau)) else 1.0
    discard = int(min(2 * math.ceil(tmax), n // 2))
    thin = max(1, int(tmin // 2))
    return SampleResult(like.free, chain, sampler.get_log_prob(), tau,
                        np.asarray(sampler.acceptance_fraction), discard, thin,
                        model=like.model_class.name, backend=path,
                        derived=_derived_chain(like, chain))


#: rows per call of a posterior's ``derived`` when a chain is post-processed
_DERIVED_CHUNK = 65536


def _derived_chain(like: Posterior, chain: np.ndarray) -> dict[str, np.ndarray]:
    """``{name: (nsteps, nwalkers)}`` from ``like.derived`` (empty when it has none).

    The derived parameters are deterministic functions of the positions, so they are computed
    once for the finished chain (in chunks, batched) rather than as emcee blobs during the run:
    the same numbers, a resumed chain included, without a per-step cost. Memory: at most
    ``MAX_POSTERIOR_CALLS * 8`` bytes per derived parameter. A ``derived`` that fails is
    reported with a ``RuntimeWarning`` and leaves ``derived`` empty: the chain is not lost.
    """
    fn = getattr(like, "derived", None)
    if not callable(fn):
        return {}
    flat = chain.reshape(-1, chain.shape[-1])
    parts: dict[str, list[np.ndarray]] = {}
    try:
        with np.errstate(all="ignore"):
            for start in range(0, flat.shape[0], _DERIVED_CHUNK):
                rows = flat[start:start + _DERIVED_CHUNK]
                got = fn(rows)
                if not isinstance(got, Mapping):
                    raise TypeError(f"derived() returned {type(got).__name__}, not a dict")
                for name, val in got.items():
                    val = np.asarray(val, dtype=float)
                    if val.shape != (rows.shape[0],):
                        raise ValueError(f"derived()[{name!r}] has shape {val.shape}, "
                                         f"expected {(rows.shape[0],)}")
                    parts.setdefault(str(name), []).append(val)
    except Exception as exc:  # noqa: BLE001 - never lose a finished chain to a derived value
        warnings.warn(f"{like.model_class.name}: derived parameters not recorded "
                      f"({type(exc).__name__}: {exc})", RuntimeWarning, stacklevel=3)
        return {}
    return {name: np.concatenate(vals).reshape(chain.shape[:2]) for name, vals in parts.items()
            if name not in like.free}
