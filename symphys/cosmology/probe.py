r"""The common machinery of the distance-probe likelihoods (BAO, CMB priors, joint fits).

:class:`ProbeLikelihood` holds what every likelihood of this package shares: a model class,
named parameters (the model's and the probe's own, e.g. the sound horizon ``rd``), which of
them are free and which fixed, the priors (:mod:`symphys.cosmology.priors`), batched
evaluation, best fits, emcee sampling, the evidence and derived parameters. A subclass
implements only ``_chi2_columns(cols, n)``: the chi2 of ``n`` parameter sets given as columns
``{name: (n,) array}``.

Conventions
-----------
* Parameter vectors ``(..., k)`` in ``free`` order -> results ``(...)``.
* Model validity is separate from the priors: where a parameter set lies outside the model's
  validity domain (e.g. Om < 0) or the model is undefined (no big bang), chi2 is ``inf`` and the
  log posterior ``-inf`` -- never an exception.
* ``log_prior`` is the prior density *relative to the uniform density on the box* ``bounds``
  (each free parameter's ``prior.bounds``): 0 inside for a :class:`~symphys.cosmology.Uniform`
  prior, :math:`\log p(x) + \ln(hi - lo)` for a :class:`~symphys.cosmology.Gaussian` (whose
  box is mean +- 10 sigma), ``-inf`` outside. So :math:`Z = V^{-1}\int_{\rm box}
  e^{\log L + \log \pi}` is the evidence (the convention of :mod:`symphys.cosmology.evidence`),
  and :meth:`ProbeLikelihood.prior_transform` maps the unit cube onto the prior itself.
* Derived parameters (:meth:`ProbeLikelihood.derived`, names in ``derived_names``): ``Ok``
  (curvature density), ``age`` (Gyr), ``q0`` (deceleration today), ``rd`` (Mpc, when it is a
  parameter or computed), ``hubble_law_slope`` (VSL: (1+zeta) H0); chains record them through
  this method (the protocol shared with :mod:`symphys.cosmology.sampling`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.optimize

from symphys._threads import blas_threads
from symphys.cosmology.columns import _radiation, derived_quantities, model_columns
from symphys.cosmology.likelihood import BestFit, _laplace_covariance
from symphys.cosmology.models import _FLRW, get_model
from symphys.cosmology.priors import Prior, Uniform, as_prior

__all__ = ["ProbeLikelihood", "model_columns", "derived_quantities", "MAX_BATCH"]

#: the most parameter sets one call evaluates (ValueError beyond): the cost of a call is linear
#: in it (a CMB-prior row costs about 2000 evaluations of E(z), a Pantheon row a triangular
#: solve of size 1048); an evidence grid or a sampler passes far fewer at a time
MAX_BATCH = 2**16


class ProbeLikelihood:
    """Base class: named parameters, priors, batched chi2, best fit, sampling, evidence.

    Subclasses call :meth:`_setup` and implement ``_chi2_columns(cols, n)``. See the module
    docstring for the conventions.
    """

    #: the probe's own parameters (beyond the model's), their defaults and default priors
    extra_defaults: dict[str, float] = {}
    extra_domain: dict[str, tuple[float, float]] = {}
    #: the number of data points (for AIC/BIC and BestFit.n)
    n_data: int = 1

    # -- construction --------------------------------------------------------------------
    def _setup(self, model, *, free, fixed, priors, default_free: Sequence[str],
               radiation=None, extras: Sequence[str] = ()) -> None:
        self.model_class = get_model(model)
        self.radiation = _radiation(radiation)
        if self.radiation.on and not issubclass(self.model_class, _FLRW):
            raise ValueError(f"{self.model_class.__name__} has no radiation option; pass "
                             "radiation=None")
        extras = tuple(extras)
        names = tuple(self.model_class.param_names) + extras
        self.all_names: tuple[str, ...] = names
        for opt, val in (("fixed", fixed), ("priors", priors)):
            if val is not None and not isinstance(val, Mapping):
                raise TypeError(f"{opt} must be a mapping of parameter name to values, "
                                f"got {type(val).__name__}")
        fixed = dict(fixed or {})
        for key in fixed:
            if key not in names:
                raise ValueError(f"unknown parameter {key!r} in fixed; expected one of {names}")
        if free is None:
            free = [n for n in default_free if n not in fixed]
        if isinstance(free, (str, bytes)) or not isinstance(free, Sequence):
            raise TypeError(f"free must be a sequence of parameter names, got {free!r}")
        free = tuple(free)
        for key in free:
            if not isinstance(key, str) or key not in names:
                raise ValueError(f"unknown parameter {key!r} in free; expected one of {names}")
            if key in fixed:
                raise ValueError(f"parameter {key!r} is both free and fixed")
        if len(set(free)) != len(free):
            raise ValueError(f"free has repeated names: {free}")
        self.free = free
        values = dict(self.model_class.defaults)
        values.update({k: self.extra_defaults[k] for k in extras})
        for key, val in fixed.items():
            if isinstance(val, bool) or not isinstance(val, (int, float, np.integer,
                                                             np.floating)):
                raise TypeError(f"fixed {key}={val!r} must be a real number")
            if not math.isfinite(val):
                raise ValueError(f"fixed {key}={val} must be finite")
            values[key] = float(val)
        self.fixed = {k: float(v) for k, v in values.items() if k not in free}
        model_fixed = {k: v for k, v in self.fixed.items() if k in self.model_class.param_names}
        bad = self.model_class._invalid({k: np.asarray(v) for k, v in
                                         {**self.model_class.defaults, **model_fixed}.items()})
        if np.any(bad):
            raise ValueError(f"fixed parameters {model_fixed} lie outside the validity domain "
                             f"of {self.model_class.__name__}")
        domain = dict(self.model_class.domain)
        domain.update({k: self.extra_domain[k] for k in extras})
        self.priors: dict[str, Prior] = {}
        for key, val in (priors or {}).items():
            if key not in free:
                raise ValueError(f"prior on {key!r}, which is not free (free: {free})")
            self.priors[key] = as_prior(val, f"priors[{key!r}]")
        for key in free:
            if key not in self.priors:
                self.priors[key] = Uniform(*domain[key])
        self.bounds = {k: tuple(float(b) for b in self.priors[k].bounds) for k in free}
        self._log_box = {k: math.log(self.bounds[k][1] - self.bounds[k][0]) for k in free}

    # -- evaluation ----------------------------------------------------------------------
    @property
    def ndim(self) -> int:
        """Number of free parameters k."""
        return len(self.free)

    @property
    def derived_names(self) -> tuple[str, ...]:
        """Names of :meth:`derived`'s entries."""
        return tuple(self.derived(self.start()[None, :]).keys()) if self.ndim else \
            tuple(self.derived(np.zeros((1, 0))).keys())

    def _theta(self, params) -> tuple[np.ndarray, tuple[int, ...]]:
        if params is None or isinstance(params, (str, bytes)) or np.iscomplexobj(params):
            raise TypeError(f"params must be real numbers, got {type(params).__name__}")
        try:
            theta = np.asarray(params, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"params must be real numbers, got {type(params).__name__}") from None
        if theta.ndim == 0 or theta.shape[-1] != self.ndim:
            raise ValueError(f"params must have shape (..., {self.ndim}) for free={self.free}, "
                             f"got {theta.shape}")
        if not np.all(np.isfinite(theta)):
            raise ValueError("params contains NaN or infinite values")
        batch = theta.shape[:-1]
        if math.prod(batch) > MAX_BATCH:
            raise ValueError(f"params holds {math.prod(batch)} parameter sets; one call takes at "
                             f"most MAX_BATCH = {MAX_BATCH} (split the batch)")
        return theta.reshape(math.prod(batch), self.ndim), batch

    def _columns(self, flat: np.ndarray) -> dict[str, np.ndarray]:
        n = flat.shape[0]
        cols = {k: np.full(n, v) for k, v in self.fixed.items()}
        for i, name in enumerate(self.free):
            cols[name] = flat[:, i]
        return cols

    def _chi2_columns(self, cols: dict[str, np.ndarray], n: int) -> np.ndarray:
        raise NotImplementedError

    def chi2(self, params) -> np.ndarray:
        """chi2 of parameter vectors ``(..., k) -> (...)``; ``inf`` where the model is
        undefined or outside its validity domain."""
        flat, batch = self._theta(params)
        with np.errstate(all="ignore"):
            out = np.asarray(self._chi2_columns(self._columns(flat), flat.shape[0]), dtype=float)
        out = np.where(np.isfinite(out), out, np.inf)
        return out.reshape(batch)

    def log_likelihood(self, params) -> np.ndarray:
        """-chi2/2, ``(..., k) -> (...)`` (``-inf`` where the model is undefined)."""
        return -0.5 * self.chi2(params)

    def log_prior(self, params) -> np.ndarray:
        """Log prior relative to the uniform density on ``bounds`` (module docstring),
        ``(..., k) -> (...)``; ``-inf`` outside."""
        flat, batch = self._theta(params)
        out = np.zeros(flat.shape[0])
        for i, name in enumerate(self.free):
            lo, hi = self.bounds[name]
            x = flat[:, i]
            term = self.priors[name].logpdf(x) + self._log_box[name]
            out = out + np.where((x > lo) & (x < hi), term, -np.inf)
        return out.reshape(batch)

    def log_prob(self, params) -> np.ndarray:
        """Log posterior ``log_likelihood + log_prior``; the model is evaluated only where the
        prior is non-zero."""
        flat, batch = self._theta(params)
        lp = self.log_prior(flat)
        ok = np.isfinite(lp)
        if np.any(ok):
            lp[ok] = lp[ok] - 0.5 * self.chi2(flat[ok])
        return lp.reshape(batch)

    def prior_transform(self, u) -> np.ndarray:
        """Map points of the unit cube ``(..., k)`` onto the priors (for nested samplers)."""
        from symphys.cosmology.priors import _unit

        u = _unit(u)
        if u.ndim == 0 or u.shape[-1] != self.ndim:
            raise ValueError(f"u must have shape (..., {self.ndim}), got {u.shape}")
        out = np.empty_like(u)
        for i, name in enumerate(self.free):
            out[..., i] = self.priors[name].ppf(u[..., i])
        return out

    def derived(self, params) -> dict[str, np.ndarray]:
        """Derived parameters of parameter vectors ``(..., k)``: ``{name: (...)}`` (NaN where
        the model is undefined). Names: ``Ok``, ``age`` [Gyr], ``q0`` for FLRW models;
        ``age``, ``q0``, ``hubble_law_slope`` for VaryingC; plus the probe's own (``rd``)."""
        flat, batch = self._theta(params)
        cols = self._columns(flat)
        out = derived_quantities(self.model_class, cols, flat.shape[0], self.radiation)
        out.update(self._derived_extra(cols, flat.shape[0]))
        return {k: v.reshape(batch) for k, v in out.items()}

    def _derived_extra(self, cols, n) -> dict[str, np.ndarray]:
        return {}

    # -- fitting -------------------------------------------------------------------------
    def start(self) -> np.ndarray:
        """(k,) a starting point: defaults (or the prior mean) inside the prior box."""
        x0 = []
        for name in self.free:
            lo, hi = self.bounds[name]
            prior = self.priors[name]
            v = getattr(prior, "mean", None)
            if v is None:
                v = self.model_class.defaults.get(name, self.extra_defaults.get(name, 0.0))
            if not lo < v < hi:
                v = 0.5 * (lo + hi)
            x0.append(v)
        return np.array(x0, dtype=float)

    def best_fit(self, *, x0=None, include_priors: bool = False) -> BestFit:
        """Minimise chi2 (``include_priors=True``: chi2 - 2 log_prior, the maximum posterior)
        within the prior box by Nelder-Mead; Laplace covariance from a numerical Hessian.
        ``BestFit.chi2`` is the chi2 at the optimum; ``BestFit.n`` the number of data points.
        """
        if not isinstance(include_priors, bool):
            raise TypeError("include_priors must be a bool")
        x0 = self.start() if x0 is None else np.asarray(x0, dtype=float).reshape(self.ndim)
        for i, name in enumerate(self.free):
            lo, hi = self.bounds[name]
            if not lo < x0[i] < hi:
                raise ValueError(f"start {name}={x0[i]} lies outside its prior box ({lo}, {hi})")

        lo = np.array([self.bounds[n][0] for n in self.free])
        width = np.array([self.bounds[n][1] - self.bounds[n][0] for n in self.free])

        def values(xs: np.ndarray) -> np.ndarray:
            val = self.chi2(xs)
            if include_priors:
                val = val - 2.0 * self.log_prior(xs)
            return np.where(np.isfinite(val), val, np.inf)

        if not np.isfinite(values(x0[None, :])[0]):
            raise ValueError(f"chi2 is not finite at the start point "
                             f"{dict(zip(self.free, x0, strict=True))}: the model is undefined "
                             "there; pass x0")
        success = True
        x = x0
        if self.ndim:
            x, success = self._minimise(values, (x0 - lo) / width, lo, width)
        chi2 = float(self.chi2(x[None, :])[0])
        params = dict(self.fixed)
        params.update({n: float(v) for n, v in zip(self.free, x, strict=True)})
        cov = self._laplace_cov(x) if self.ndim else None
        return BestFit(self.model_class.name, self.free, params, chi2, max(int(self.n_data), 1),
                       self.ndim, False, success=success, cov=cov)

    def _minimise(self, values, u0: np.ndarray, lo: np.ndarray, width: np.ndarray
                  ) -> tuple[np.ndarray, bool]:
        """Minimise in the unit box (coordinates scaled by the prior widths): Nelder-Mead
        from ``u0``, then L-BFGS-B with batched central-difference gradients (one call of
        ``values`` with 2k + 1 points per step), kept where it lowers the value."""
        k = self.ndim
        step = 1e-6

        def fun_grad(u):
            pts = np.repeat(u[None, :], 2 * k + 1, axis=0)
            for i in range(k):
                pts[1 + 2 * i, i] += step
                pts[2 + 2 * i, i] -= step
            v = values(lo + pts * width)
            f0 = v[0]
            if not np.isfinite(f0):
                return 1e300, np.zeros(k)
            grad = np.zeros(k)
            for i in range(k):
                fp, fm = v[1 + 2 * i], v[2 + 2 * i]
                if np.isfinite(fp) and np.isfinite(fm):
                    grad[i] = (fp - fm) / (2 * step)
                elif np.isfinite(fp):
                    grad[i] = (fp - f0) / step
                elif np.isfinite(fm):
                    grad[i] = (f0 - fm) / step
            return float(f0), grad

        box = [(0.0, 1.0)] * k

        def fval(uu):
            return float(np.nan_to_num(values(lo[None, :] + np.clip(uu, 0, 1)[None, :] * width)[0],
                              nan=1e300, posinf=1e300))

        with blas_threads(1), np.errstate(all="ignore"):
            # a coarse simplex search first (robust to undefined regions), then a gradient
            # polish, kept only where it improves
            simplex = np.vstack([u0] + [np.clip(u0 + 0.05 * np.eye(k)[i], 0, 1)
                                        if u0[i] < 0.95 else u0 - 0.05 * np.eye(k)[i]
                                        for i in range(k)])
            res = scipy.optimize.minimize(fval, u0, method="Nelder-Mead", bounds=box,
                                          options={"xatol": 1e-7, "fatol": 1e-6,
                                                   "maxiter": 2000 * k,
                                                   "initial_simplex": simplex})
            u, best, ok = res.x, float(res.fun), bool(res.success)
            for _ in range(2):
                res = scipy.optimize.minimize(fun_grad, u, jac=True, method="L-BFGS-B",
                                              bounds=box, options={"ftol": 1e-15,
                                                                   "gtol": 1e-10,
                                                                   "maxiter": 2000})
                if np.isfinite(res.fun) and res.fun <= best:
                    u, best, ok = res.x, float(res.fun), ok or bool(res.success)
        return lo + np.clip(u, 0.0, 1.0) * width, ok

    def _laplace_cov(self, x: np.ndarray) -> np.ndarray | None:
        return _laplace_covariance(self.chi2, x, [self.bounds[n] for n in self.free])

    def sample(self, *, nwalkers: int = 32, nsteps: int = 2000, pool=None, backend=None,
               progress: bool = False, rng: np.random.Generator | int | None = None,
               start=None, max_steps: int | None = None, blas_threads: int | None = 1):
        """Sample the posterior with emcee: ``sample_posterior(self, ...)`` (same options)."""
        from symphys.cosmology.sampling import sample_posterior

        return sample_posterior(self, nwalkers=nwalkers, nsteps=nsteps, pool=pool,
                                backend=backend, progress=progress, rng=rng, start=start,
                                max_steps=max_steps, blas_threads=blas_threads)

    def evidence(self, *, method: str = "nautilus", **options):
        """ln Z by ``symphys.cosmology.evidence.evidence(self, method=..., **options)``
        (``"nautilus"``, ``"dynesty"`` or ``"grid"``)."""
        from symphys.cosmology.evidence import evidence

        return evidence(self, method=method, **options)

    def describe_priors(self) -> str:
        """The priors in words, e.g. ``Om ~ U(0, 1), rd ~ U(50, 300)``."""
        return ", ".join(f"{n} ~ {self.priors[n].describe()}" for n in self.free)
