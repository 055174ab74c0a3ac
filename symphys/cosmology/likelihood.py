r"""The supernova likelihood with full covariance, analytic marginalisation over M, and best fits.

Conventions
-----------
* Model magnitudes :math:`m_{B,\rm model} = \mu(z) + M`,
  :math:`\mu = 5\log_{10}(d_L/{\rm Mpc}) + 25`, with z_cmb in the distance and (1+z_hel) in the
  prefactor (cobaya convention).
* :math:`\Delta = m_B - \mu`, :math:`A = \Delta^T C^{-1}\Delta`,
  :math:`B = \sum_i (C^{-1}\Delta)_i`, :math:`E = \sum_{ij} C^{-1}_{ij}`. With M marginalised
  over a flat prior (``marginalize_M=True``): :math:`\chi^2_{\rm marg} = A - B^2/E + \ln(E/2\pi)`;
  the profiled :math:`\chi^2_{\rm prof} = A - B^2/E` is reached at :math:`\hat M = B/E`.
  Otherwise M is an ordinary (sampled or fixed) parameter and
  :math:`\chi^2 = (\Delta - M)^T C^{-1} (\Delta - M)`.
* C = L L^T is factorised once (Cholesky); one evaluation is one triangular solve, batched over
  parameter vectors: ``chi2(theta)`` takes ``(..., k)`` and returns ``(...)``.
* M and H0 are exactly degenerate (only M - 5 log10 H0 enters): with M marginalised or profiled,
  H0 is held fixed (default 70) and a quoted H0 needs a stated M (:meth:`BestFit.h0_for_M`).
* Information criteria use :math:`\chi^2_{\rm min}` (M profiled) and k = the number of fitted
  parameters including M (or H0 standing in for it): AIC = chi2 + 2k, BIC = chi2 + k ln N.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg
import scipy.optimize

from symphys._threads import blas_threads
from symphys.cosmology.datasets import SNData
from symphys.cosmology.models import _FLRW, DistanceModel, get_model
from symphys.cosmology.sampling import SampleResult, sample_posterior

__all__ = ["SupernovaLikelihood", "BestFit", "DEFAULT_FREE", "M_DOMAIN", "PRIOR_EDGE_RTOL"]

M_DOMAIN = (-25.0, -15.0)

#: a best-fit value within this fraction of its prior width from a bound is "at the prior edge"
PRIOR_EDGE_RTOL = 1e-5

#: shape parameters varied by default (H0 or M is added for the magnitude offset)
DEFAULT_FREE: dict[str, tuple[str, ...]] = {
    "vsl": (), "lcdm": ("Om",), "olcdm": ("Om", "Ode"), "wcdm": ("Om", "w"), "eds": (),
    "milne": (),
}


@dataclass
class BestFit:
    """A best fit: the free parameters, chi2_min (M profiled), M, AIC/BIC and degrees of freedom.

    ``params`` maps every model parameter (free and fixed) and ``M`` to its value; ``free`` lists
    the fitted names. ``chi2`` is the minimum over the free parameters and M (M profiled when it
    is marginalised). ``cov`` is the inverse of half the chi2 Hessian at the minimum (Laplace
    approximation of the posterior covariance), ``None`` when not positive definite.
    ``at_prior_edge`` names the free parameters that ended within ``PRIOR_EDGE_RTOL`` of the
    prior width from a flat-prior bound: there the optimum may lie outside the prior, chi2 is
    a constrained minimum and ``cov`` is not a posterior width (a ``UserWarning`` is issued too).
    """

    model: str
    free: tuple[str, ...]
    params: dict[str, float]
    chi2: float
    n: int
    k: int
    M_profiled: bool
    success: bool = field(default=True, kw_only=True)
    cov: np.ndarray | None = field(default=None, repr=False, kw_only=True)
    at_prior_edge: tuple[str, ...] = field(default=(), kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.model, str):
            raise TypeError(f"model must be a str, got {type(self.model).__name__}")
        if not isinstance(self.free, (tuple, list)) or not all(isinstance(n, str)
                                                              for n in self.free):
            raise TypeError(f"free must be a tuple of names, got {self.free!r}")
        self.free = tuple(self.free)
        if not isinstance(self.params, Mapping):
            raise TypeError(f"params must be a dict, got {type(self.params).__name__}")
        for name, val in (("n", self.n), ("k", self.k)):
            if isinstance(val, bool) or not isinstance(val, (int, np.integer)):
                raise TypeError(f"{name} must be an int, got {type(val).__name__}")
        if self.n < 1 or self.k < 0:
            raise ValueError(f"n={self.n} must be >= 1 and k={self.k} >= 0")
        try:
            chi2 = float(self.chi2)
        except (TypeError, ValueError):
            raise TypeError(f"chi2 must be a real number, got {self.chi2!r}") from None
        if not math.isfinite(chi2):
            raise ValueError(f"chi2={self.chi2} must be finite")
        self.chi2 = chi2

    @property
    def M(self) -> float:
        """The SN absolute magnitude at the best fit (profiled or sampled or fixed)."""
        return self.params["M"]

    @property
    def values(self) -> np.ndarray:
        """(k_free,) best-fit values of the free parameters, in ``free`` order."""
        return np.array([self.params[n] for n in self.free])

    @property
    def dof(self) -> int:
        """N - k."""
        return self.n - self.k

    @property
    def aic(self) -> float:
        """chi2_min + 2k."""
        return self.chi2 + 2 * self.k

    @property
    def bic(self) -> float:
        """chi2_min + k ln N."""
        return self.chi2 + self.k * math.log(self.n)

    @property
    def errors(self) -> dict[str, float]:
        """Laplace (Hessian) 1-sigma errors of the free parameters (NaN if unavailable)."""
        if self.cov is None:
            return {n: float("nan") for n in self.free}
        return {n: float(np.sqrt(self.cov[i, i])) for i, n in enumerate(self.free)}

    def h0_for_M(self, M: float) -> float:
        """H0 (km/s/Mpc) implied by a stated absolute magnitude M, since only M - 5 log10 H0
        is constrained: H0(M) = H0_fit * 10^((M - M_fit)/5).

        >>> b = BestFit("vsl", (), {"H0": 70.0, "M": -19.5}, 1000.0, 1048, 1, True)
        >>> round(b.h0_for_M(-19.0), 2)
        88.12
        """
        try:
            m = float(M)
        except (TypeError, ValueError):
            raise TypeError(f"M must be a real number, got {M!r}") from None
        shift = (m - self.params["M"]) / 5
        if not (math.isfinite(m) and abs(shift) < 300):
            raise ValueError(f"M={M} must be finite and within 1500 mag of the fit's M = "
                             f"{self.params['M']:g} (10^((M - M_fit)/5) overflows otherwise)")
        return float(self.params["H0"] * 10**shift)

    def summary(self) -> dict:
        """A JSON-ready dict of the fit.

        >>> b = BestFit("lcdm", ("Om",), {"H0": 70.0, "Om": 0.3, "M": -19.3}, 1000.0, 1048, 2, True)
        >>> s = b.summary()
        >>> s["dof"], s["aic"], s["errors"], s["at_prior_edge"]
        (1046, 1004.0, {'Om': nan}, [])
        """
        return {
            "model": self.model, "free": list(self.free), "params": dict(self.params),
            "errors": self.errors, "chi2": self.chi2, "n": self.n, "k": self.k, "dof": self.dof,
            "aic": self.aic, "bic": self.bic, "M_profiled": self.M_profiled,
            "success": self.success, "at_prior_edge": list(self.at_prior_edge),
        }


def _pair(value, name: str) -> tuple[float, float]:
    try:
        lo, hi = value
        return float(lo), float(hi)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a pair of real numbers, got {value!r}") from None


class SupernovaLikelihood:
    r"""Gaussian likelihood of SN magnitudes given a distance model, with full covariance.

    Parameters
    ----------
    data : SNData
        The catalogue.
    model_class : str or type
        A :class:`~symphys.cosmology.DistanceModel` subclass or its short name (``vsl``,
        ``lcdm``, ``olcdm``, ``wcdm``, ``eds``, ``milne``).
    free : sequence of str, optional
        Names of the varied parameters, in the order of the parameter vectors. Default: the
        model's shape parameters (``DEFAULT_FREE``), plus ``M`` when M is neither marginalised
        nor fixed, or ``H0`` when M is fixed.
    fixed : mapping of str to float, optional
        Values for parameters that are not free (others take the model defaults; ``M``
        defaults to -19.3 when not marginalised).
    marginalize_M : bool
        Analytic marginalisation over M with a flat prior (then ``M`` and ``H0`` cannot be
        free).
    priors : mapping of str to (float, float) or Prior, optional
        ``{name: (lo, hi)}`` flat priors, or :class:`~symphys.cosmology.Prior` objects
        (``Uniform(lo, hi)``; ``Gaussian(mean, sigma)`` = a Gaussian term within its box
        mean +- 10 sigma, e.g. ``{"M": SH0ES_M}``); default the model's domain, M in
        (-25, -15). A prior wider than the model's validity domain (``{"Om": (-0.5, 1)}``) is
        allowed: where the model is undefined the chi2 is ``inf`` and the log posterior
        ``-inf``, never an exception.
    gaussian_priors : mapping of str to (float, float), optional
        ``{name: (mean, sigma)}`` multiplied in (within the flat bounds).
    radiation : Radiation or mapping, optional
        Radiation content of FLRW models (default none), as for the other probes, so that a
        :class:`~symphys.cosmology.JointLikelihood` shares one background.

    Notes
    -----
    Derived parameters: :meth:`derived` (``Ok``, ``age``, ``q0``, or the VSL
    ``hubble_law_slope``; and ``M`` profiled when marginalised), the protocol the samplers use
    to record them in chains. :meth:`evidence` delegates to
    :func:`symphys.cosmology.evidence.evidence`.

    Examples
    --------
    >>> from symphys.cosmology import load_pantheon
    >>> like = SupernovaLikelihood(load_pantheon(), "lcdm")
    >>> like.free
    ('Om',)
    >>> best = like.best_fit()
    >>> round(best.params["Om"], 3)
    0.298
    >>> like.chi2([[0.3], [0.25]]).shape
    (2,)
    """

    def __init__(self, data: SNData, model_class: str | type[DistanceModel], *,
                 free: Sequence[str] | None = None, fixed: Mapping[str, float] | None = None,
                 marginalize_M: bool = True,
                 priors: Mapping[str, tuple[float, float]] | None = None,
                 gaussian_priors: Mapping[str, tuple[float, float]] | None = None,
                 radiation=None) -> None:
        from symphys.cosmology.columns import _radiation

        self.radiation = _radiation(radiation)
        if not isinstance(data, SNData):
            raise TypeError(f"data must be an SNData, got {type(data).__name__}")
        self.data = data
        self.model_class = get_model(model_class)
        self.marginalize_M = bool(marginalize_M)
        names = self.model_class.param_names + (() if self.marginalize_M else ("M",))
        self.all_names: tuple[str, ...] = names
        for opt, val in (("fixed", fixed), ("priors", priors),
                         ("gaussian_priors", gaussian_priors)):
            if val is not None and not isinstance(val, Mapping):
                raise TypeError(f"{opt} must be a mapping of parameter name to values, "
                                f"got {type(val).__name__}")
        fixed = dict(fixed or {})
        for key in fixed:
            if key not in names:
                extra = " (M is marginalised; pass marginalize_M=False to fix it)" if key == "M" \
                    else ""
                raise ValueError(f"unknown parameter {key!r} in fixed for "
                                 f"{self.model_class.__name__}; expected one of {names}{extra}")
        if free is None:
            base = DEFAULT_FREE.get(self.model_class.name, self.model_class.param_names[1:])
            free = [n for n in base if n not in fixed]
            if not self.marginalize_M:
                free.append("M" if "M" not in fixed else "H0")
                if "H0" in fixed and "M" in fixed:
                    free.remove("H0")
        free = tuple(free)
        for key in free:
            if key not in names:
                raise ValueError(f"unknown parameter {key!r} in free for "
                                 f"{self.model_class.__name__}; expected one of {names}")
            if key in fixed:
                raise ValueError(f"parameter {key!r} is both free and fixed")
        if len(set(free)) != len(free):
            raise ValueError(f"free has repeated names: {free}")
        if self.marginalize_M and "H0" in free:
            raise ValueError("H0 is exactly degenerate with M, which is marginalised: fix H0 "
                             "(its value only shifts M) or set marginalize_M=False and fix M")
        if self.model_class.name == "vsl" and {"mu", "zeta"} <= set(free):
            import warnings

            warnings.warn("VaryingC: d_L depends on mu and zeta only through p = mu (1 + zeta) "
                          "and the scale mu/H0 (degenerate with M), so freeing both mu and zeta "
                          "leaves an exactly flat direction; fix one of them", UserWarning,
                          stacklevel=2)
        self.free = free
        values = dict(self.model_class.defaults)
        if not self.marginalize_M:
            values["M"] = -19.3
        for key, val in fixed.items():
            try:
                values[key] = float(val)
            except (TypeError, ValueError):
                raise TypeError(f"fixed {key}={val!r} must be a real number") from None
        for key, val in values.items():
            if not math.isfinite(val):
                raise ValueError(f"fixed {key}={val} must be finite")
        self.fixed = {k: v for k, v in values.items() if k not in free}
        # the model's own rules (H0 > 0, mu > 0, zeta > -1, ...) for the fixed values, now
        # rather than as an infinite chi2 at the first evaluation
        try:
            self.model_class(**{k: v for k, v in values.items() if k != "M"})
        except ValueError as exc:
            raise ValueError(f"fixed parameters {fixed}: {exc}") from None
        if self.radiation.on and not issubclass(self.model_class, _FLRW):
            raise ValueError(f"{self.model_class.__name__} has no radiation option")

        from symphys.cosmology.priors import Gaussian, Prior

        bounds = dict(self.model_class.domain)
        bounds["M"] = M_DOMAIN
        gaussian_priors = dict(gaussian_priors or {})
        for key, pair in (priors or {}).items():
            if key not in free:
                raise ValueError(f"prior on {key!r}, which is not free (free: {free})")
            if isinstance(pair, Gaussian):
                if key in gaussian_priors:
                    raise ValueError(f"{key!r} has a Gaussian prior in priors and in "
                                     "gaussian_priors")
                gaussian_priors[key] = (pair.mean, pair.sigma)
                pair = pair.bounds
            elif isinstance(pair, Prior):
                pair = pair.bounds
            lo, hi = _pair(pair, f"priors[{key!r}]")
            if not (math.isfinite(lo) and math.isfinite(hi)):
                raise ValueError(f"prior on {key!r}: bounds ({lo}, {hi}) must be finite")
            if not lo < hi:
                raise ValueError(f"prior on {key!r}: lower bound {lo} must be < upper {hi}")
            bounds[key] = (float(lo), float(hi))
        self.bounds = {k: bounds[k] for k in free}
        self.gaussian_priors = {}
        for key, pair in gaussian_priors.items():
            if key not in free:
                raise ValueError(f"gaussian prior on {key!r}, which is not free (free: {free})")
            mean, sigma = _pair(pair, f"gaussian_priors[{key!r}]")
            if not (math.isfinite(mean) and math.isfinite(sigma)):
                raise ValueError(f"gaussian prior on {key!r}: ({mean}, {sigma}) must be finite")
            if not sigma > 0:
                raise ValueError(f"gaussian prior on {key!r}: sigma={sigma} must be > 0")
            self.gaussian_priors[key] = (float(mean), float(sigma))

        with blas_threads(1):  # small triangular solves: extra BLAS threads only synchronise
            try:
                self._chol = scipy.linalg.cholesky(data.cov, lower=True, check_finite=False)
            except np.linalg.LinAlgError:
                raise ValueError("data.cov is not positive definite (Cholesky failed)") from None
            self._u = scipy.linalg.solve_triangular(self._chol, np.ones(data.n), lower=True,
                                                    check_finite=False)
        self._E = float(self._u @ self._u)
        self._logdet = 2.0 * float(np.sum(np.log(np.diag(self._chol))))

    # -- evaluation ----------------------------------------------------------------------
    @property
    def ndim(self) -> int:
        """Number of free parameters k."""
        return len(self.free)

    @property
    def n_fitted(self) -> int:
        """Parameters counted in AIC/BIC: the free ones plus M when it is marginalised."""
        return self.ndim + (1 if self.marginalize_M else 0)

    def _theta(self, params) -> tuple[np.ndarray, tuple[int, ...]]:
        if params is None or isinstance(params, (str, bytes)) or np.iscomplexobj(params):
            raise TypeError(f"params must be real numbers, got {type(params).__name__}")
        try:
            theta = np.asarray(params, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"params must be real numbers, got {type(params).__name__}") from None
        if not np.all(np.isfinite(theta)):
            raise ValueError("params contains NaN or infinite values")
        if theta.ndim == 0 or theta.shape[-1] != self.ndim:
            raise ValueError(f"params must have shape (..., {self.ndim}) for free={self.free}, "
                             f"got {theta.shape}")
        batch = theta.shape[:-1]
        return theta.reshape(math.prod(batch), self.ndim), batch

    def _columns(self, flat: np.ndarray) -> dict[str, np.ndarray]:
        n = flat.shape[0]
        cols = {k: np.full(n, v) for k, v in self.fixed.items()}
        for i, name in enumerate(self.free):
            cols[name] = flat[:, i]
        return cols

    def _mu_columns(self, cols: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        """Distance moduli (n, N); NaN rows where the model is invalid or undefined."""
        from symphys.cosmology.columns import model_columns

        out = np.full((n, self.data.n), np.nan)
        model, ok = model_columns(self.model_class, cols, n, self.radiation)
        if model is not None:
            out[ok] = model._modulus_unchecked(self.data.z_cmb, self.data.z_hel)
        return out

    def _mu(self, flat: np.ndarray) -> np.ndarray:
        return self._mu_columns(self._columns(flat), flat.shape[0])

    def _chi2_columns(self, cols: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        """chi2 (M marginalised, or M from ``cols``) of parameter columns: the joint
        likelihood's entry point."""
        delta = self.data.mb - self._mu_columns(cols, n)
        if not self.marginalize_M:
            delta = delta - np.broadcast_to(np.asarray(cols["M"], dtype=float), (n,))[:, None]
        bad = ~np.all(np.isfinite(delta), axis=1)
        delta[bad] = 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            y = scipy.linalg.solve_triangular(self._chol, delta.T, lower=True,
                                              check_finite=False)
            a = np.einsum("ij,ij->j", y, y)
            b = self._u @ y
            out = (a - b**2 / self._E + math.log(self._E / (2 * math.pi))
                   if self.marginalize_M else a)
        return np.where(bad | ~np.isfinite(out), np.inf, out)

    def log_likelihood(self, params) -> np.ndarray:
        """-chi2/2, ``(..., k) -> (...)`` (``-inf`` where the model is undefined).

        >>> from symphys.cosmology import SNData
        >>> d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
        >>> like = SupernovaLikelihood(d, "lcdm", priors={"Om": (-0.5, 1.0)})
        >>> float(like.log_likelihood([[-0.2], [0.3]])[0])
        -inf
        """
        return -0.5 * self.chi2(params)

    def derived(self, params) -> dict[str, np.ndarray]:
        """Derived parameters of parameter vectors ``(..., k)``: ``{name: (...)}``, NaN where the
        model is undefined: ``Ok``, ``age`` [Gyr], ``q0`` (FLRW models) or ``age``, ``q0``,
        ``hubble_law_slope`` (VSL), and ``M`` (profiled, when marginalised). The protocol shared
        with the samplers, which record these in chains.

        >>> from symphys.cosmology import SNData
        >>> d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
        >>> sorted(SupernovaLikelihood(d, "lcdm").derived([0.3]))
        ['M', 'Ok', 'age', 'q0']
        """
        from symphys.cosmology.columns import derived_quantities

        flat, batch = self._theta(params)
        out = derived_quantities(self.model_class, self._columns(flat), flat.shape[0],
                                 self.radiation)
        if self.marginalize_M:
            out["M"] = self.M_hat(flat)
        return {k: np.asarray(v).reshape(batch) for k, v in out.items()}

    def prior_transform(self, u) -> np.ndarray:
        """Map the unit cube ``(..., k)`` onto the flat prior box ``bounds`` (Gaussian prior
        terms are part of ``log_prior``, as the evidence module expects)."""
        from symphys.cosmology.priors import _unit

        u = _unit(u)
        if u.ndim == 0 or u.shape[-1] != self.ndim:
            raise ValueError(f"u must have shape (..., {self.ndim}), got {u.shape}")
        lo = np.array([self.bounds[n][0] for n in self.free])
        hi = np.array([self.bounds[n][1] for n in self.free])
        return lo + u * (hi - lo)

    def evidence(self, *, method: str = "nautilus", **options):
        """ln Z by ``symphys.cosmology.evidence.evidence(self, method=..., **options)``
        (``"nautilus"``, ``"dynesty"`` or ``"grid"``; see that module for the definition)."""
        from symphys.cosmology.evidence import evidence

        return evidence(self, method=method, **options)

    def residuals(self, params) -> np.ndarray:
        """m_B - mu_model (M not subtracted), shape ``(..., N)``.

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.array([0.1, 0.5, 1.0])
        >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + [0.05, -0.05, 0.0]
        >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 3), "lcdm")
        >>> r = like.residuals([[0.3], [0.2]])
        >>> r.shape, bool(np.allclose(r[0], [-19.25, -19.35, -19.3]))
        ((2, 3), True)
        """
        flat, batch = self._theta(params)
        return (self.data.mb - self._mu(flat)).reshape(batch + (self.data.n,))

    def _quadratics(self, flat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with np.errstate(invalid="ignore"):
            delta = self.data.mb - self._mu(flat)
        if not self.marginalize_M:
            m_val = (flat[:, self.free.index("M")] if "M" in self.free
                     else np.full(flat.shape[0], self.fixed["M"]))
            delta = delta - m_val[:, None]
        bad = ~np.all(np.isfinite(delta), axis=1)
        if np.any(bad):
            delta[bad] = 0.0
        with np.errstate(over="ignore", invalid="ignore"):
            y = scipy.linalg.solve_triangular(self._chol, delta.T, lower=True, check_finite=False)
            a = np.einsum("ij,ij->j", y, y)
        b = self._u @ y
        return a, b, bad

    def chi2(self, params) -> np.ndarray:
        r"""chi2 of parameter vectors ``(..., k)`` -> ``(...)``.

        With M marginalised: :math:`A - B^2/E + \ln(E/2\pi)`; else the plain quadratic form.
        Unphysical parameters (NaN distances: no big bang, past a closed universe's antipode)
        and magnitudes so far off that the quadratic form overflows give ``inf``.

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.array([0.1, 0.5, 1.0])
        >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + [0.05, -0.05, 0.0]
        >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 3), "lcdm")
        >>> E = 3 / 0.1**2  # sum of the inverse covariance
        >>> bool(np.isclose(like.chi2([0.3]), like.chi2_profiled([0.3]) + np.log(E / (2 * np.pi))))
        True
        """
        flat, batch = self._theta(params)
        a, b, bad = self._quadratics(flat)
        with np.errstate(over="ignore", invalid="ignore"):
            out = (a - b**2 / self._E + math.log(self._E / (2 * math.pi)) if self.marginalize_M
                   else a)
        out = np.where(bad | ~np.isfinite(out), np.inf, out)
        return out.reshape(batch)

    def chi2_profiled(self, params) -> np.ndarray:
        """chi2 minimised over M (A - B^2/E with M marginalised or profiled), ``(...)``.

        When M is a free or fixed parameter this is still the minimum over M.

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.array([0.1, 0.5, 1.0])
        >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + [0.05, -0.05, 0.0]
        >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 3), "lcdm")
        >>> round(float(like.chi2_profiled([0.3])), 6)  # (0.05^2 + 0.05^2) / 0.1^2
        0.5
        """
        flat, batch = self._theta(params)
        a, b, bad = self._quadratics(flat)
        with np.errstate(over="ignore", invalid="ignore"):
            out = a - b**2 / self._E
        out = np.where(bad | ~np.isfinite(out), np.inf, out)
        return out.reshape(batch)

    def M_hat(self, params) -> np.ndarray:
        """The profiled absolute magnitude B/E (+ the fixed/sampled M when not marginalised).

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.array([0.1, 0.5, 1.0])
        >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + [0.05, -0.05, 0.0]
        >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 3), "lcdm")
        >>> round(float(like.M_hat([0.3])), 6)  # equal errors: the mean of m_B - mu
        -19.3
        """
        flat, batch = self._theta(params)
        _, b, bad = self._quadratics(flat)
        m = b / self._E
        if not self.marginalize_M:
            m = m + (flat[:, self.free.index("M")] if "M" in self.free else self.fixed["M"])
        return np.where(bad, np.nan, m).reshape(batch)

    def log_prior(self, params) -> np.ndarray:
        """Log prior (flat bounds, optional Gaussians; unnormalised), ``-inf`` outside.

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.array([0.1, 0.5, 1.0])
        >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + [0.05, -0.05, 0.0]
        >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 3), "lcdm")
        >>> like.log_prior([[0.3], [1.2]]).tolist()  # Om in (0, 1)
        [0.0, -inf]
        """
        flat, batch = self._theta(params)
        out = np.zeros(flat.shape[0])
        for i, name in enumerate(self.free):
            lo, hi = self.bounds[name]
            out = np.where((flat[:, i] > lo) & (flat[:, i] < hi), out, -np.inf)
            if name in self.gaussian_priors:
                mean, sigma = self.gaussian_priors[name]
                out = out - 0.5 * ((flat[:, i] - mean) / sigma) ** 2
        return out.reshape(batch)

    def log_prob(self, params) -> np.ndarray:
        """Log posterior -chi2/2 + log prior, ``(..., k) -> (...)``; the model is evaluated only
        where the prior is non-zero (so emcee walkers outside the bounds cost nothing).

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.array([0.1, 0.5, 1.0])
        >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + [0.05, -0.05, 0.0]
        >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 3), "lcdm")
        >>> lp = like.log_prob([[0.3], [1.2]])
        >>> bool(np.isclose(lp[0], -0.5 * like.chi2([0.3]))), bool(lp[1] == -np.inf)
        (True, True)
        """
        flat, batch = self._theta(params)
        lp = self.log_prior(flat)
        ok = np.isfinite(lp)
        if np.any(ok):
            lp[ok] = lp[ok] - 0.5 * self.chi2(flat[ok])
        return lp.reshape(batch)

    # -- fitting -------------------------------------------------------------------------
    def _objective(self, x: np.ndarray) -> float:
        val = float(self.chi2_profiled(x[None, :])[0]) if self.marginalize_M \
            else float(self.chi2(x[None, :])[0])
        if not np.isfinite(val):
            return 1e300
        return val

    def start(self) -> np.ndarray:
        """(k,) a starting point: the current values of the free parameters, inside the bounds.

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.array([0.1, 0.5, 1.0])
        >>> mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + [0.05, -0.05, 0.0]
        >>> like = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 3), "lcdm")
        >>> like.start()
        array([0.3])
        """
        x0 = []
        for name in self.free:
            lo, hi = self.bounds[name]
            v = self.model_class.defaults.get(name, -19.3 if name == "M" else 0.0)
            if name in self.gaussian_priors:
                v = self.gaussian_priors[name][0]
            if not lo < v < hi:
                v = 0.5 * (lo + hi)
            x0.append(v)
        return np.array(x0, dtype=float)

    def best_fit(self, *, x0=None) -> BestFit:
        """Minimise chi2 over the free parameters (and M): Nelder-Mead within the prior bounds,
        then a numerical Hessian for the Laplace covariance. Gaussian priors are ignored here
        (the best fit is a maximum-likelihood point).

        ``x0`` must lie inside the flat prior bounds (ValueError otherwise). A chi2 that is not
        finite at the start point or at the result (parameters for which the model is undefined
        or the magnitudes overflow, e.g. a fixed ``M=1e308``) raises ValueError naming the
        parameters; a result within ``PRIOR_EDGE_RTOL`` of a prior bound is listed in
        ``BestFit.at_prior_edge``, with a ``UserWarning``.

        >>> from symphys.cosmology import FlatLambdaCDM, SNData
        >>> z = np.linspace(0.05, 1.5, 30)
        >>> mb = FlatLambdaCDM(70, 0.27).distance_modulus(z) - 19.3  # noiseless
        >>> best = SupernovaLikelihood(SNData.from_arrays(z, mb, dmb=[0.1] * 30), "lcdm").best_fit()
        >>> round(best.params["Om"], 4), round(best.M, 4)  # H0 fixed at 70 with M marginalised
        (0.27, -19.3)
        """
        with blas_threads(1):
            return self._best_fit(x0)

    def _describe(self, x: np.ndarray) -> str:
        free = ", ".join(f"{n}={v:g}" for n, v in zip(self.free, x, strict=True))
        fixed = ", ".join(f"{n}={v:g}" for n, v in self.fixed.items())
        return f"free ({free or 'none'}) with fixed ({fixed or 'none'})"

    def _best_fit(self, x0) -> BestFit:
        if x0 is None:
            x0 = self.start()
        else:
            try:
                x0 = np.asarray(x0, dtype=float).reshape(self.ndim)
            except (TypeError, ValueError):
                raise ValueError(f"x0 must be {self.ndim} real numbers for free={self.free}, "
                                 f"got {x0!r}") from None
        for i, name in enumerate(self.free):
            lo, hi = self.bounds[name]
            if not lo < x0[i] < hi:
                raise ValueError(f"start {name}={x0[i]} lies outside its prior ({lo}, {hi})")
        chi2_of = self.chi2_profiled if self.marginalize_M else self.chi2
        if not np.isfinite(chi2_of(x0[None, :])[0]):
            raise ValueError(f"chi2 is not finite at the start point {self._describe(x0)}: the "
                             "model is undefined there (no big bang, past an antipode) or the "
                             "magnitudes overflow; change the fixed values or pass x0")
        success = True
        if self.ndim:
            res = scipy.optimize.minimize(
                self._objective, x0, method="Nelder-Mead", bounds=[self.bounds[n] for n in
                                                                   self.free],
                options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 4000 * self.ndim},
            )
            x, success = res.x, bool(res.success)
        else:
            x = x0
        chi2 = float(chi2_of(x[None, :])[0])
        if not math.isfinite(chi2):
            raise ValueError(f"chi2 is not finite at the end of the fit, {self._describe(x)}")
        edge = []
        for name, v in zip(self.free, x, strict=True):
            lo, hi = self.bounds[name]
            if min(v - lo, hi - v) <= PRIOR_EDGE_RTOL * (hi - lo):
                edge.append(name)
        if edge:
            import warnings

            where = ", ".join(f"{n}={x[self.free.index(n)]:g} in ({self.bounds[n][0]:g}, "
                              f"{self.bounds[n][1]:g})" for n in edge)
            warnings.warn(f"{self.model_class.name}: the best fit ends at the prior edge "
                          f"({where}); the optimum may lie outside the prior, so chi2 is a "
                          "constrained minimum and the errors are not posterior widths",
                          UserWarning, stacklevel=3)
        params = dict(self.fixed)
        params.update({n: float(v) for n, v in zip(self.free, x, strict=True)})
        if self.marginalize_M:
            params["M"] = float(self.M_hat(x[None, :])[0])
        cov = self._laplace_cov(x) if self.ndim else None
        return BestFit(self.model_class.name, self.free, params, chi2, self.data.n,
                       self.n_fitted, self.marginalize_M, success=success, cov=cov,
                       at_prior_edge=tuple(edge))

    def _laplace_cov(self, x: np.ndarray) -> np.ndarray | None:
        chi2 = self.chi2_profiled if self.marginalize_M else self.chi2
        return _laplace_covariance(chi2, x, [self.bounds[n] for n in self.free])

    def sample(self, *, nwalkers: int = 32, nsteps: int = 2000, pool=None, backend=None,
               progress: bool = False, rng: np.random.Generator | int | None = None,
               start=None, max_steps: int | None = None,
               blas_threads: int | None = 1) -> SampleResult:
        """Sample the posterior with emcee: ``sample_posterior(self, ...)``.

        The options are those of :func:`symphys.cosmology.sample_posterior`.
        """
        return sample_posterior(self, nwalkers=nwalkers, nsteps=nsteps, pool=pool,
                                backend=backend, progress=progress, rng=rng, start=start,
                                max_steps=max_steps, blas_threads=blas_threads)

    def __repr__(self) -> str:
        return (f"SupernovaLikelihood({self.data!r}, {self.model_class.__name__}, "
                f"free={self.free}, marginalize_M={self.marginalize_M})")


def _laplace_covariance(chi2, x: np.ndarray, bounds) -> np.ndarray | None:
    """The Laplace (Fisher) covariance ``(H/2)^-1`` at the best fit ``x``, ``H`` the Hessian of
    ``chi2`` (a function of a ``(n, k)`` array of points) by central differences with steps of
    ``1e-4`` of each parameter's prior width (``bounds``: ``(lo, hi)`` per parameter); None
    where the Fisher matrix is not finite or not positive definite."""
    k = len(x)
    h = 1e-4 * np.array([hi - lo for lo, hi in bounds])
    pts = [x]
    for i in range(k):
        for j in range(i, k):
            for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                p = x.copy()
                p[i] += si * h[i]
                p[j] += sj * h[j]
                pts.append(p)
    vals = chi2(np.array(pts))
    hess = np.zeros((k, k))
    idx = 1
    for i in range(k):
        for j in range(i, k):
            pp, pm, mp, mm = vals[idx:idx + 4]
            idx += 4
            hess[i, j] = hess[j, i] = (pp - pm - mp + mm) / (4 * h[i] * h[j])
    fisher = 0.5 * hess
    if not np.all(np.isfinite(fisher)):
        return None
    try:
        np.linalg.cholesky(fisher)
    except np.linalg.LinAlgError:
        return None
    return np.linalg.inv(fisher)
