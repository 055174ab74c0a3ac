r"""Priors as objects: uniform, Gaussian (optionally truncated), and published measurements.

A prior is a probability density on one parameter, independent of the model: the model's
*validity domain* (where its distances are defined, e.g. Om >= 0) is a separate matter. A
likelihood evaluated where the prior is positive but the model is undefined gives a log
posterior of ``-inf`` (zero likelihood), never an exception, so a prior wider than the domain
(``Uniform(-0.5, 1)`` on Om) is allowed.

Conventions
-----------
* :meth:`Prior.logpdf` is the *normalised* log density (``-inf`` outside the support);
  :meth:`Prior.ppf` maps u in [0, 1] to the parameter (the prior transform nested samplers
  need); :attr:`Prior.bounds` is the support, finite for a uniform prior and
  ``mean +- GAUSSIAN_SPAN sigma`` (intersected with any truncation) for a Gaussian, used where
  a finite box is needed (starting points, grids).
* A plain pair ``(lo, hi)`` given where a prior is expected means ``Uniform(lo, hi)``.

>>> Uniform(0.0, 0.5).logpdf([0.25, 0.7]).tolist()
[0.6931471805599453, -inf]
>>> round(float(SH0ES_M.logpdf(-19.253)), 4)  # -ln(sqrt(2 pi) 0.027)
2.693
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special

__all__ = ["Prior", "Uniform", "Gaussian", "as_prior", "SH0ES_M", "GAUSSIAN_SPAN",
           "PUBLISHED_PRIORS"]

#: a Gaussian prior's finite box for starting points and grids: mean +- this many sigma
GAUSSIAN_SPAN = 10.0


def _unit(u) -> np.ndarray:
    """``u`` as a float array in [0, 1]; TypeError/ValueError naming ``u``."""
    if u is None or isinstance(u, (str, bytes, bool)) or np.iscomplexobj(u):
        raise TypeError(f"u must be real numbers in [0, 1], got {type(u).__name__}")
    try:
        arr = np.asarray(u, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"u must be real numbers in [0, 1], got {type(u).__name__}") from None
    if not np.all((arr >= 0) & (arr <= 1)):
        raise ValueError("u must lie in [0, 1] (the unit cube), NaN excluded")
    return arr


def _x(x) -> np.ndarray:
    """``x`` as a float array without NaN (infinities allowed: density 0 there)."""
    if x is None or isinstance(x, (str, bytes, bool)) or np.iscomplexobj(x):
        raise TypeError(f"x must be real numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"x must be real numbers, got {type(x).__name__}") from None
    if np.any(np.isnan(arr)):
        raise ValueError("x contains NaN")
    return arr


def _real(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    return float(value)


class Prior:
    """Base class of one-parameter priors (see the module docstring for the conventions)."""

    bounds: tuple[float, float]

    def logpdf(self, x) -> np.ndarray:
        """Normalised log density at ``x`` (array), ``-inf`` outside the support."""
        raise NotImplementedError

    def ppf(self, u) -> np.ndarray:
        """The inverse cumulative distribution at ``u`` in [0, 1] (the prior transform)."""
        raise NotImplementedError

    def describe(self) -> str:
        """A short text, e.g. ``U(0, 1)`` or ``N(-19.253, 0.027)``."""
        raise NotImplementedError


@dataclass(frozen=True)
class Uniform(Prior):
    """Flat prior on ``lo < x < hi`` (finite, ``lo < hi``).

    >>> Uniform(-0.5, 1.0).ppf([0.0, 1.0]).tolist()
    [-0.5, 1.0]
    """

    lo: float
    hi: float

    def __post_init__(self) -> None:
        lo, hi = _real(self.lo, "lo"), _real(self.hi, "hi")
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"Uniform({lo}, {hi}): bounds must be finite")
        if not lo < hi:
            raise ValueError(f"Uniform({lo}, {hi}): lo must be < hi")
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    @property
    def bounds(self) -> tuple[float, float]:
        """``(lo, hi)``."""
        return (self.lo, self.hi)

    def logpdf(self, x) -> np.ndarray:
        """``-ln(hi - lo)`` inside, ``-inf`` outside (the bounds themselves are outside).

        >>> Uniform(0.0, 2.0).logpdf([1.0, 2.0]).tolist()
        [-0.6931471805599453, -inf]
        """
        x = _x(x)
        return np.where((x > self.lo) & (x < self.hi), -math.log(self.hi - self.lo), -np.inf)

    def ppf(self, u) -> np.ndarray:
        """``lo + u (hi - lo)``.

        >>> float(Uniform(0.0, 2.0).ppf(0.25))
        0.5
        """
        return self.lo + _unit(u) * (self.hi - self.lo)

    def describe(self) -> str:
        """``U(lo, hi)``.

        >>> Uniform(0, 1).describe()
        'U(0, 1)'
        """
        return f"U({self.lo:g}, {self.hi:g})"


@dataclass(frozen=True)
class Gaussian(Prior):
    """Normal prior N(mean, sigma^2), optionally truncated to ``lo < x < hi`` (renormalised;
    ``None``: no bound). :meth:`ppf` gives -inf/inf at u = 0/1 on an untruncated side.

    ``source`` records where a published value comes from (keyword-only).

    >>> g = Gaussian(0.0, 1.0, lo=0.0)  # half-normal
    >>> round(float(g.logpdf(0.0 + 1e-12)), 6) == round(math.log(2 / math.sqrt(2 * math.pi)), 6)
    True
    """

    mean: float
    sigma: float
    lo: float | None = field(default=None, kw_only=True)
    hi: float | None = field(default=None, kw_only=True)
    source: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        mean, sigma = _real(self.mean, "mean"), _real(self.sigma, "sigma")
        lo = -math.inf if self.lo is None else _real(self.lo, "lo")
        hi = math.inf if self.hi is None else _real(self.hi, "hi")
        if not (math.isfinite(mean) and math.isfinite(sigma)):
            raise ValueError(f"Gaussian({mean}, {sigma}): mean and sigma must be finite")
        if not sigma > 0:
            raise ValueError(f"Gaussian({mean}, {sigma}): sigma must be > 0")
        if not lo < hi or math.isnan(lo) or math.isnan(hi):
            raise ValueError(f"Gaussian truncation lo={lo} must be < hi={hi}")
        if not isinstance(self.source, str):
            raise TypeError(f"source must be a str, got {type(self.source).__name__}")
        for name, val in (("mean", mean), ("sigma", sigma)):
            object.__setattr__(self, name, val)
        object.__setattr__(self, "lo", lo if math.isfinite(lo) else None)
        object.__setattr__(self, "hi", hi if math.isfinite(hi) else None)
        object.__setattr__(self, "_lo", lo)
        object.__setattr__(self, "_hi", hi)
        a, b = (lo - mean) / sigma, (hi - mean) / sigma
        mass = special.ndtr(b) - special.ndtr(a)
        if not mass > 0:
            raise ValueError(f"Gaussian({mean}, {sigma}) truncated to ({lo}, {hi}) has no "
                             "probability mass (the window is too far in the tail)")
        object.__setattr__(self, "_cdf_lo", float(special.ndtr(a)))
        object.__setattr__(self, "_mass", float(mass))

    @property
    def bounds(self) -> tuple[float, float]:
        """The box mean +- GAUSSIAN_SPAN sigma intersected with the truncation."""
        return (max(self._lo, self.mean - GAUSSIAN_SPAN * self.sigma),
                min(self._hi, self.mean + GAUSSIAN_SPAN * self.sigma))

    def logpdf(self, x) -> np.ndarray:
        """Normalised (truncated) normal log density.

        >>> round(float(Gaussian(1.0, 2.0).logpdf(1.0)), 6)  # -ln(2 sqrt(2 pi))
        -1.612086
        """
        x = _x(x)
        with np.errstate(over="ignore"):
            val = (-0.5 * ((x - self.mean) / self.sigma) ** 2
                   - math.log(self.sigma * math.sqrt(2 * math.pi) * self._mass))
        return np.where((x > self._lo) & (x < self._hi), val, -np.inf)

    def ppf(self, u) -> np.ndarray:
        """The (truncated) normal quantile.

        >>> round(float(Gaussian(1.0, 2.0).ppf(0.5)), 12)
        1.0
        """
        u = _unit(u)
        return self.mean + self.sigma * special.ndtri(self._cdf_lo + u * self._mass)

    def describe(self) -> str:
        """``N(mean, sigma)``, with the truncation if any.

        >>> SH0ES_M.describe()
        'N(-19.253, 0.027)'
        """
        cut = ""
        if self.lo is not None or self.hi is not None:
            cut = f" in ({self._lo:g}, {self._hi:g})"
        return f"N({self.mean:g}, {self.sigma:g}){cut}"


#: the SN Ia absolute magnitude from the SH0ES Cepheid calibration of Pantheon+ (Riess et al.
#: 2022, ApJL 934, L7, arXiv:2112.04510): M = -19.253 +- 0.027
SH0ES_M = Gaussian(-19.253, 0.027,
                   source="SH0ES: Riess et al. 2022, arXiv:2112.04510 (M_B = -19.253 +- 0.027)")

#: published measurements usable as priors, by name
PUBLISHED_PRIORS: dict[str, Gaussian] = {"sh0es_M": SH0ES_M}


def as_prior(value, name: str = "prior") -> Prior:
    """A :class:`Prior` from a Prior or a ``(lo, hi)`` pair (-> :class:`Uniform`).

    >>> as_prior((0, 1))
    Uniform(lo=0.0, hi=1.0)
    """
    if isinstance(value, Prior):
        return value
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a Prior or a (lo, hi) pair, got {value!r}")
    try:
        lo, hi = value
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a Prior or a (lo, hi) pair, got {value!r}") from None
    try:
        return Uniform(lo, hi)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{name}: {exc}") from None
