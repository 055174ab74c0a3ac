r"""Bayesian evidence of any :class:`~symphys.cosmology.Posterior`: grid quadrature (k <= 2) and
nested / importance sampling in any dimension (nautilus, dynesty).

Definition (every method computes the same number)
--------------------------------------------------
The prior is the box of flat bounds ``posterior.bounds`` (volume :math:`V`), and the integrand is
the posterior's own ``log_prob`` (its log likelihood plus whatever log prior terms it adds, e.g.
the Gaussian priors of a :class:`~symphys.cosmology.SupernovaLikelihood`):

.. math:: Z = \frac{1}{V}\int_{\rm box} e^{\,\log p(\theta)}\,d\theta .

With flat priors only this is exactly the evidence :math:`\int L\,\pi\,d\theta`; other prior
terms must be log densities relative to the uniform density on the box (``log pi + ln V``, the
convention of :class:`~symphys.cosmology.ProbeLikelihood`) for :math:`Z` to be one. Every
method integrates ``log_prob`` over the box (the samplers draw from the box, not through a
posterior's ``prior_transform``: a narrow Gaussian prior costs them only the log of the
volume ratio, a few nats of extra compression).
Bayes factors between models fitted to the same data with the same conventions are what these
numbers are for.

Methods
-------
``"grid"``
    Trapezoid rule on a regular grid over the box (k = 0, 1 or 2; ``MAX_EVIDENCE_GRID`` points
    at most). Its error is estimated by Richardson's rule from the same grid with every other
    point: :math:`|\ln Z_h - \ln Z_{2h}|/3` (trapezoid error :math:`O(h^2)`).
``"nautilus"``
    Importance nested sampling with neural-network-bounded shells (Lange 2023,
    arXiv:2306.16923; ``pip install nautilus-sampler``), vectorised calls of ``log_prob``;
    exploration points discarded (the unbiased estimate). Nautilus needs k >= 2: for k = 1 a
    dummy parameter uniform on (0, 1) that the integrand ignores is added (it integrates to 1,
    so Z is unchanged). Nautilus reports no evidence error; the importance-sampling estimate
    :math:`\sigma_{\ln Z} \approx 1/\sqrt{n_{\rm eff}}` (the relative standard error of a mean
    of weights with effective sample size :math:`n_{\rm eff}`) is given.
``"dynesty"``
    Static nested sampling (Speagle 2020, arXiv:1904.02180; Skilling 2006,
    doi:10.1214/06-BA127; ``pip install dynesty``) with multi-ellipsoid bounds; its own
    :math:`\sigma_{\ln Z}` (``logzerr``). Measured here: that error is calibrated when the data
    constrain the parameters well within the prior, and too small (up to 3x) when they barely
    do (prior-to-posterior information H << 1), where the final live points carry the evidence.

Each run's cost is bounded in closed form: at most ``MAX_POSTERIOR_CALLS`` (10**6)
evaluations of ``log_prob`` for the samplers, ``MAX_EVIDENCE_GRID`` for the grid.
This module needs only the :class:`~symphys.cosmology.Posterior` protocol and imports no
likelihood module (the likelihoods' ``evidence`` methods delegate here).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.special import logsumexp

from symphys._threads import blas_threads
from symphys.cosmology.sampling import MAX_POSTERIOR_CALLS, Posterior, _as_rng

__all__ = ["evidence", "EvidenceResult", "EvidenceComparison", "cross_check_evidence",
           "EVIDENCE_METHODS", "MAX_EVIDENCE_GRID", "MAX_LIVE_POINTS"]

#: the methods :func:`evidence` offers
EVIDENCE_METHODS = ("nautilus", "dynesty", "grid")

#: the evidence grid may hold at most this many points (points**k); each costs one evaluation
MAX_EVIDENCE_GRID = 2**20

#: the most live points a nested sampler may keep (memory and time grow with it)
MAX_LIVE_POINTS = 100_000

#: floor for log_prob handed to the nested samplers (they want finite values; -inf outside the
#: model's domain becomes this, a weight of exactly zero after exponentiation)
_LOG_ZERO = -1e300


def _describe_priors(posterior: Posterior) -> str:
    """A text statement of the priors: the posterior's own ``describe_priors()`` where it has
    one, else the flat bounds and Gaussian terms; then analytic marginalisations and fixed
    values."""
    own = getattr(posterior, "describe_priors", None)
    if callable(own) and posterior.ndim:
        text = "priors " + str(own())
    else:
        parts = [f"{n} ~ U({posterior.bounds[n][0]:g}, {posterior.bounds[n][1]:g})"
                 for n in posterior.free]
        text = "flat priors " + ", ".join(parts) if parts else "no free parameters"
    gauss = getattr(posterior, "gaussian_priors", None)
    if isinstance(gauss, Mapping) and gauss and not callable(own):
        text += "; Gaussian prior terms " + ", ".join(
            f"{n} ~ N({m:g}, {s:g})" for n, (m, s) in gauss.items())
    if getattr(posterior, "marginalize_M", False):
        text += "; M marginalised analytically over a flat improper prior"
    fixed = getattr(posterior, "fixed", None)
    if isinstance(fixed, Mapping) and fixed:
        text += "; fixed " + ", ".join(f"{n} = {v:g}" for n, v in fixed.items())
    return text


@dataclass
class EvidenceResult:
    """A log-evidence estimate with its error, method and the priors it was computed under.

    Attributes
    ----------
    log_z : float
        ln Z (see the module docstring for the definition).
    log_z_err : float
        One-sigma error of ``log_z`` as the method estimates it (0 for k = 0).
    method : str
        ``"grid"``, ``"nautilus"`` or ``"dynesty"``.
    priors : str
        The priors in words (flat bounds, Gaussian terms, marginalisations, fixed values).
    n_eval : int
        Evaluations of the log posterior (keyword-only).
    model : str
        The model's short name (keyword-only).

    Examples
    --------
    >>> r = EvidenceResult(-3.2, 0.1, "grid", "flat priors x ~ U(0, 1)", n_eval=801, model="m")
    >>> print(r)
    m: ln Z = -3.200 +- 0.100 (grid, 801 evaluations; flat priors x ~ U(0, 1))
    """

    log_z: float
    log_z_err: float
    method: str
    priors: str
    n_eval: int = field(default=0, kw_only=True)
    model: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        for name in ("log_z", "log_z_err"):
            val = getattr(self, name)
            if isinstance(val, bool) or not isinstance(val, (int, float, np.integer, np.floating)):
                raise TypeError(f"{name} must be a real number, got {type(val).__name__}")
            setattr(self, name, float(val))
        if not math.isfinite(self.log_z):
            raise ValueError(f"log_z={self.log_z} must be finite")
        if not (math.isfinite(self.log_z_err) and self.log_z_err >= 0):
            raise ValueError(f"log_z_err={self.log_z_err} must be finite and >= 0")
        if self.method not in EVIDENCE_METHODS:
            raise ValueError(f"method={self.method!r} must be one of {EVIDENCE_METHODS}")
        for name in ("priors", "model"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"{name} must be a str, got {type(getattr(self, name)).__name__}")
        if isinstance(self.n_eval, bool) or not isinstance(self.n_eval, (int, np.integer)) \
                or self.n_eval < 0:
            raise ValueError(f"n_eval={self.n_eval!r} must be an int >= 0")
        self.n_eval = int(self.n_eval)

    def __str__(self) -> str:
        return (f"{self.model}: ln Z = {self.log_z:.3f} +- {self.log_z_err:.3f} ({self.method}, "
                f"{self.n_eval} evaluations; {self.priors})")

    def summary(self) -> dict:
        """A JSON-ready dict.

        >>> EvidenceResult(-3.2, 0.1, "grid", "p", n_eval=9, model="m").summary()["log_z"]
        -3.2
        """
        return {"model": self.model, "method": self.method, "log_z": self.log_z,
                "log_z_err": self.log_z_err, "n_eval": self.n_eval, "priors": self.priors}


def _check_int(value, name: str, lo: int, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < lo or (hi is not None and value > hi):
        rule = f">= {lo}" if hi is None else f"in [{lo}, {hi}]"
        raise ValueError(f"{name}={value} must be {rule}")
    return int(value)


def _box(posterior: Posterior) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([posterior.bounds[n][0] for n in posterior.free], dtype=float)
    hi = np.array([posterior.bounds[n][1] for n in posterior.free], dtype=float)
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)) and np.all(lo < hi)):
        raise ValueError(f"the evidence needs finite bounds lo < hi for every free parameter, "
                         f"got {dict(posterior.bounds)}")
    return lo, hi


class _UnitCubeLogProb:
    """``u (n, k') -> log_prob(lo + u (hi - lo))`` with -inf floored: picklable, for pools.

    ``k' = k + 1`` when a dummy dimension was added (nautilus needs k >= 2); it is ignored.
    The box is always the prior of the samplers, and ``log_prob`` (prior terms included) the
    integrand: a posterior's own ``prior_transform`` is not used, because a transform that maps
    onto the box while the prior's shape lives in ``log_prior`` (``SupernovaLikelihood``) and
    one that maps onto the prior itself (``ProbeLikelihood``) would need different integrands;
    this path gives the same Z for both.
    """

    def __init__(self, posterior: Posterior, lo: np.ndarray, hi: np.ndarray) -> None:
        self.posterior, self.lo, self.hi = posterior, lo, hi

    def __call__(self, u) -> np.ndarray | float:
        u = np.asarray(u, dtype=float)
        single = u.ndim == 1
        theta = self.lo + np.atleast_2d(u)[:, :self.lo.size] * (self.hi - self.lo)
        with np.errstate(all="ignore"):
            lp = np.asarray(self.posterior.log_prob(theta), dtype=float)
        lp = np.where(np.isfinite(lp), lp, _LOG_ZERO)
        return float(lp[0]) if single else lp


def _identity(u):
    return u


def _grid(posterior: Posterior, points: int | None) -> tuple[float, float, int]:
    k = posterior.ndim
    if k == 0:
        with np.errstate(all="ignore"):
            val = float(np.asarray(posterior.log_prob(np.zeros((1, 0))), dtype=float)[0])
        if not math.isfinite(val):
            raise ValueError("the posterior is zero (log_prob not finite) at its fixed values")
        return val, 0.0, 1
    if k > 2:
        raise ValueError(f"method='grid' handles k <= 2 free parameters, got k={k} "
                         f"({posterior.free}); use method='nautilus' or 'dynesty'")
    n = points if points is not None else (801 if k == 1 else 161)
    if n % 2 == 0:
        n += 1  # odd: the coarse grid (every other point) keeps both ends
    if n**k > MAX_EVIDENCE_GRID:
        raise ValueError(f"points={n} with k={k} free parameters needs a grid of {n**k} points; "
                         f"the limit is MAX_EVIDENCE_GRID = {MAX_EVIDENCE_GRID}")
    lo, hi = _box(posterior)
    axes = [np.linspace(lo[i], hi[i], n) for i in range(k)]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, k)
    with blas_threads(1), np.errstate(all="ignore"):
        lp = np.concatenate([np.asarray(posterior.log_prob(chunk), dtype=float).reshape(-1)
                             for chunk in np.array_split(grid, max(1, grid.shape[0] // 512))])
    lp = lp.reshape((n,) * k)
    if not np.any(np.isfinite(lp)):
        raise ValueError("the posterior is zero on the whole prior grid")

    def trapezoid(vals: np.ndarray, step: int) -> float:
        sub = vals[(slice(None, None, step),) * k]
        m = sub.shape[0]
        w1 = np.full(m, 1.0)
        w1[[0, -1]] = 0.5
        logw = np.zeros(sub.shape)
        for i in range(k):
            shape = [1] * k
            shape[i] = m
            logw = logw + np.log(w1 * (hi[i] - lo[i]) / (m - 1)).reshape(shape)
        terms = (sub + logw)[np.isfinite(sub)]
        return float(logsumexp(terms))

    finite = lp[np.isfinite(lp)]
    top = np.sort(finite)[::-1]
    if top.size < 2 or top[1] < top[0] - 10:
        raise ValueError("the posterior is narrower than the evidence grid; pass more points "
                         "or tighter priors")
    log_volume = float(np.sum(np.log(hi - lo)))
    fine = trapezoid(lp, 1) - log_volume
    coarse = trapezoid(lp, 2) - log_volume
    return fine, abs(fine - coarse) / 3.0, int(n**k)


def _nautilus(posterior: Posterior, n_live: int | None, seed: int, pool, progress: bool,
              max_calls: int, extra: tuple[dict, dict]) -> tuple[float, float, int]:
    try:
        import nautilus
    except ImportError as exc:
        raise ImportError("method='nautilus' needs nautilus-sampler (pip install "
                          "'symphys[evidence]' or nautilus-sampler)") from exc
    lo, hi = _box(posterior)
    k = posterior.ndim
    if _is_resident(pool):  # the pool splits each vectorised batch across its workers
        like = _UnitCubeLogProb(_PoolPosterior(pool), lo, hi)
        pool = None
    else:
        like = _UnitCubeLogProb(posterior, lo, hi)
    kw = {"n_live": n_live or 1000, "vectorized": True, "pass_dict": False, "seed": seed,
          "pool": pool, **extra[0]}
    sampler = nautilus.Sampler(_identity, like, n_dim=max(k, 2), **kw)
    run = {"discard_exploration": True, "verbose": progress, "n_like_max": max_calls, **extra[1]}
    with blas_threads(1):
        sampler.run(**run)
    n_eff = float(sampler.n_eff)
    err = 1.0 / math.sqrt(n_eff) if n_eff > 0 else float("inf")
    return float(sampler.log_z), err, int(sampler.n_like)


def _dynesty(posterior: Posterior, n_live: int | None, gen: np.random.Generator, pool,
             progress: bool, max_calls: int, extra: tuple[dict, dict]) -> tuple[float, float, int]:
    try:
        import dynesty
    except ImportError as exc:
        raise ImportError("method='dynesty' needs dynesty (pip install 'symphys[evidence]' or "
                          "dynesty)") from exc
    lo, hi = _box(posterior)
    k = posterior.ndim
    # with a PosteriorPool, dynesty's tasks carry the light stand-in, not the data
    like = _UnitCubeLogProb(pool.posterior if _is_resident(pool) else posterior, lo, hi)
    kw = {} if pool is None else {"pool": pool, "queue_size": max(1, _pool_size(pool))}
    kw = {"nlive": n_live or 500, "rstate": gen, "bound": "multi", **kw, **extra[0]}
    sampler = dynesty.NestedSampler(like, _identity, k, **kw)
    run = {"dlogz": 0.01, "print_progress": progress, "maxcall": max_calls, **extra[1]}
    with blas_threads(1):
        sampler.run_nested(**run)
    res = sampler.results
    return float(res.logz[-1]), float(res.logzerr[-1]), int(np.sum(res.ncall))


def _is_resident(pool) -> bool:
    """Whether ``pool`` is a :class:`~symphys.cosmology.PosteriorPool` (duck-typed: this module
    does not import the pool)."""
    return callable(getattr(pool, "holds", None)) and callable(getattr(pool, "log_prob", None))


class _PoolPosterior:
    """``log_prob`` through a PosteriorPool's split evaluation (used in the calling process)."""

    def __init__(self, pool) -> None:
        self.pool = pool

    def log_prob(self, theta):
        return self.pool.log_prob(theta)


def _pool_size(pool) -> int:
    for attr in ("workers", "size", "_processes", "_max_workers", "num_workers"):
        val = getattr(pool, attr, None)
        if isinstance(val, int) and val > 0:
            return val
    return 1


def evidence(posterior: Posterior, *, method: str = "nautilus", points: int | None = None,
             n_live: int | None = None, rng: np.random.Generator | int | None = None,
             pool=None, progress: bool = False, max_calls: int = MAX_POSTERIOR_CALLS,
             sampler_kwargs: Mapping | None = None,
             run_kwargs: Mapping | None = None) -> EvidenceResult:
    r"""ln Z of any :class:`~symphys.cosmology.Posterior` over its prior box.

    :math:`Z = V^{-1}\int_{\rm box} e^{\log p(\theta)}\,d\theta` with the box
    ``posterior.bounds`` of volume V and ``log_prob`` the posterior's log likelihood plus its
    own prior terms (module docstring).

    Parameters
    ----------
    posterior : Posterior
        Any object with ``free``, ``ndim``, ``bounds``, ``model_class``, ``log_prob``,
        ``best_fit`` (e.g. :class:`~symphys.cosmology.SupernovaLikelihood`).
    method : {"nautilus", "dynesty", "grid"}
        Importance nested sampling (nautilus, any k >= 1), static nested sampling (dynesty,
        any k >= 1), or trapezoid quadrature (k <= 2). The samplers are optional extras
        (``pip install 'symphys[evidence]'``); ImportError naming the package without them.
    points : int, optional
        Grid points per axis (``"grid"`` only; >= 3, made odd); default 801 (k = 1), 161
        (k = 2); ``points**k <= MAX_EVIDENCE_GRID``.
    n_live : int, optional
        Live points of the sampler, in [10, ``MAX_LIVE_POINTS``]; default 1000 (nautilus),
        500 (dynesty).
    rng : numpy.random.Generator, int or None
        Randomness of the samplers (an int is a seed: the same seed gives the same ln Z).
    pool : PosteriorPool or object with a ``map`` method, optional
        Parallel likelihood calls. A :class:`~symphys.cosmology.PosteriorPool` (local
        processes or MPI) holds the posterior in its workers (sent once): nautilus's batches
        are split across them, dynesty's tasks carry a light stand-in. Another pool is handed
        to the sampler as it is (its tasks then pickle the posterior).
    progress : bool
        The sampler's progress output (default off).
    max_calls : int
        Most evaluations of ``log_prob`` (samplers), in [1, ``MAX_POSTERIOR_CALLS``].
    sampler_kwargs, run_kwargs : mapping, optional
        Further options of the sampler's constructor (``nautilus.Sampler``,
        ``dynesty.NestedSampler``) and of its run (``Sampler.run``, e.g. ``n_eff`` whose default
        10000 sets nautilus's error near 0.01; ``run_nested``, e.g. ``dlogz``, default 0.01).

    Returns
    -------
    EvidenceResult
        ln Z, its one-sigma error (method's estimate), evaluations, and the priors in words.

    Raises
    ------
    ValueError
        Unknown method, k > 2 for the grid, a grid too large, a posterior that is zero
        everywhere, infinite bounds.
    TypeError
        A ``posterior`` that is not a Posterior; option types.

    Examples
    --------
    >>> class Gauss:  # a unit normal in a box (-10, 10): ln Z = ln(sqrt(2 pi) / 20)
    ...     free, ndim, bounds = ("x",), 1, {"x": (-10.0, 10.0)}
    ...     class model_class:
    ...         name = "gauss"
    ...     def log_prob(self, t):
    ...         return -0.5 * np.sum(np.asarray(t) ** 2, axis=-1)
    ...     def best_fit(self): ...
    >>> r = evidence(Gauss(), method="grid")
    >>> round(r.log_z, 6) == round(math.log(math.sqrt(2 * math.pi) / 20), 6)
    True
    """
    if not isinstance(posterior, Posterior):
        raise TypeError(f"posterior must be a Posterior (e.g. a SupernovaLikelihood), "
                        f"got {type(posterior).__name__}")
    if not isinstance(method, str) or method not in EVIDENCE_METHODS:
        raise ValueError(f"method={method!r} must be one of {EVIDENCE_METHODS}")
    if points is not None:
        points = _check_int(points, "points", 3)
    if n_live is not None:
        n_live = _check_int(n_live, "n_live", 10, MAX_LIVE_POINTS)
    max_calls = _check_int(max_calls, "max_calls", 1, MAX_POSTERIOR_CALLS)
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be a bool, got {type(progress).__name__}")
    if pool is not None and not callable(getattr(pool, "map", None)):
        raise TypeError(f"pool must have a map method or be None, got {type(pool).__name__}")
    for name, val in (("sampler_kwargs", sampler_kwargs), ("run_kwargs", run_kwargs)):
        if val is not None and (not isinstance(val, Mapping)
                                or not all(isinstance(key, str) for key in val)):
            raise TypeError(f"{name} must be a mapping of option names to values or None, "
                            f"got {type(val).__name__}")
    extra = (dict(sampler_kwargs or {}), dict(run_kwargs or {}))
    if _is_resident(pool) and not pool.holds(posterior):
        raise ValueError("pool is a PosteriorPool made for another posterior")
    gen = _as_rng(rng)
    k = posterior.ndim
    if k == 0 or method == "grid":
        log_z, err, n_eval = _grid(posterior, points)
        used = "grid"
    else:
        _box(posterior)
        if method == "nautilus":
            log_z, err, n_eval = _nautilus(posterior, n_live, int(gen.integers(2**31 - 1)), pool,
                                           progress, max_calls, extra)
        else:
            log_z, err, n_eval = _dynesty(posterior, n_live, gen, pool, progress, max_calls,
                                          extra)
        used = method
        if not math.isfinite(log_z) or log_z < 0.5 * _LOG_ZERO:
            raise ValueError("the posterior is zero wherever the sampler looked (log_prob "
                             "-inf or NaN everywhere in the prior box)")
    return EvidenceResult(log_z, err, used, _describe_priors(posterior), n_eval=n_eval,
                          model=str(getattr(posterior.model_class, "name", "")))


@dataclass
class EvidenceComparison:
    """ln Z of one posterior by several methods; ``str()`` states the priors, then each row.

    Attributes
    ----------
    results : list of EvidenceResult
        One per method, the first being the reference (the grid, where k <= 2).

    Examples
    --------
    >>> a = EvidenceResult(-3.20, 0.01, "grid", "flat priors x ~ U(0, 1)", model="m")
    >>> b = EvidenceResult(-3.25, 0.04, "dynesty", "flat priors x ~ U(0, 1)", model="m")
    >>> c = EvidenceComparison([a, b])
    >>> c.consistent, round(c.deviations()[1], 2)  # |dlnZ| / sqrt(0.01^2 + 0.04^2)
    (True, 1.21)
    """

    results: list[EvidenceResult]

    def __post_init__(self) -> None:
        if not isinstance(self.results, list) or not self.results \
                or not all(isinstance(r, EvidenceResult) for r in self.results):
            raise TypeError("results must be a non-empty list of EvidenceResult")

    def deviations(self) -> list[float]:
        """``|ln Z - ln Z_ref|`` in units of the combined error sqrt(err^2 + err_ref^2) per row.

        >>> a = EvidenceResult(-1.0, 0.0, "grid", "p")
        >>> EvidenceComparison([a, a]).deviations()
        [0.0, 0.0]
        """
        ref = self.results[0]
        out = []
        for r in self.results:
            d = abs(r.log_z - ref.log_z)
            s = math.hypot(r.log_z_err, ref.log_z_err)
            out.append(0.0 if d == 0 else (d / s if s > 0 else float("inf")))
        return out

    @property
    def consistent(self) -> bool:
        """Whether every row agrees with the reference within 2 combined sigma."""
        return all(d <= 2.0 for d in self.deviations())

    def __str__(self) -> str:
        ref = self.results[0]
        lines = [f"evidence of {ref.model or 'the posterior'} under {ref.priors}",
                 f"{'method':<10s} {'ln Z':>12s} {'+-':>8s} {'dlnZ':>9s} {'sigma':>6s} "
                 f"{'evaluations':>11s}"]
        for r, dev in zip(self.results, self.deviations(), strict=True):
            lines.append(f"{r.method:<10s} {r.log_z:>12.3f} {r.log_z_err:>8.3f} "
                         f"{r.log_z - ref.log_z:>9.3f} {dev:>6.2f} {r.n_eval:>11d}")
        return "\n".join(lines)


def cross_check_evidence(posterior: Posterior, *, methods=("grid", "nautilus", "dynesty"),
                         rng: np.random.Generator | int | None = None,
                         n_live: int | None = None,
                         run_kwargs: Mapping | None = None) -> EvidenceComparison:
    """ln Z by several methods side by side (the first is the reference), priors stated.

    Parameters
    ----------
    posterior : Posterior
        As for :func:`evidence`; ``"grid"`` needs k <= 2.
    methods : sequence of str
        Methods from ``EVIDENCE_METHODS``, without repeats; those whose package is not
        installed are left out (at least one must remain).
    rng : numpy.random.Generator, int or None
        Randomness of the samplers.
    n_live : int, optional
        Live points of the samplers.
    run_kwargs : mapping of str to mapping, optional
        ``{method: run options}`` handed to :func:`evidence` per method.

    Returns
    -------
    EvidenceComparison
        Printable: the priors, then ln Z, its error and the deviation from the first method.

    Examples
    --------
    >>> class Gauss:
    ...     free, ndim, bounds = ("x",), 1, {"x": (-10.0, 10.0)}
    ...     class model_class:
    ...         name = "gauss"
    ...     def log_prob(self, t):
    ...         return -0.5 * np.sum(np.asarray(t) ** 2, axis=-1)
    ...     def best_fit(self): ...
    >>> print(cross_check_evidence(Gauss(), methods=("grid",)))  # doctest: +NORMALIZE_WHITESPACE
    evidence of gauss under flat priors x ~ U(-10, 10)
    method             ln Z       +-      dlnZ  sigma evaluations
    grid             -2.076    0.000     0.000   0.00         801
    """
    if isinstance(methods, str) or not isinstance(methods, (tuple, list)) or not methods:
        raise TypeError(f"methods must be a non-empty sequence of method names, got {methods!r}")
    for m in methods:
        if not isinstance(m, str) or m not in EVIDENCE_METHODS:
            raise ValueError(f"method {m!r} must be one of {EVIDENCE_METHODS}")
    if len(set(methods)) != len(methods):
        raise ValueError(f"methods has repeats: {methods}")
    if run_kwargs is not None and (not isinstance(run_kwargs, Mapping) or not all(
            isinstance(v, Mapping) for v in run_kwargs.values())):
        raise TypeError(f"run_kwargs must be a mapping of method name to options, "
                        f"got {run_kwargs!r}")
    gen = _as_rng(rng)
    results = []
    for m in methods:
        try:
            results.append(evidence(posterior, method=m, rng=gen, n_live=n_live,
                                    run_kwargs=(run_kwargs or {}).get(m)))
        except ImportError:
            continue
    if not results:
        raise ImportError(f"none of the methods {methods} is available (pip install "
                          "'symphys[evidence]' for nautilus and dynesty)")
    return EvidenceComparison(results)
