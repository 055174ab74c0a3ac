"""Monte Carlo equivariance error, the soft-equivariance penalty for mixed symmetries, and the
automatic tuning of its weights.

For a model ``f``, a symmetry type ``G`` (group + input action ``rho_in`` + output action
``rho_out``, see :class:`~symphys.equivariance.symmetry.Symmetry`) and inputs ``x``, the
equivariance error is::

    E_G(f; x) = E_{g ~ mu_G} mean_x || f(rho_in(g) x) - rho_out(g) f(x) ||^2

(squared Euclidean norm over the output's event axes, mean over the ``batch_ndim`` leading data
axes, expectation over the group's sampling law ``mu_G``: Haar for compact groups). It is zero
exactly when ``f`` is ``G``-equivariant on the support of ``mu_G``.

Kim et al. ("Regularizing Towards Soft Equivariance Under Mixed Symmetries", ICML 2023,
arXiv:2306.00356) train with
``loss = task + sum_i lambda_i R_i`` over several candidate symmetry types and tune the
``lambda_i`` automatically. Their ``R_i`` is a projection of EMLP weights onto the equivariant
subspace; here ``R_i`` is the model-agnostic sampled error above (works for any callable, numpy or
torch), and the weight rule of their code is provided by :class:`EquivarianceWeightTuner`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

import symphys._array as _array
from symphys.equivariance._checks import (
    check_count,
    check_finite_host,
    check_memory,
    check_real,
    check_rng,
    points,
)
from symphys.equivariance.symmetry import Symmetry, _as_symmetry

__all__ = [
    "EquivarianceReport",
    "equivariance_error",
    "SoftEquivariancePenalty",
    "soft_equivariance_penalty",
    "EquivarianceWeightTuner",
]


class EquivarianceReport(NamedTuple):
    """Monte Carlo estimate of an equivariance error: a result, not an exception.

    (Called ``EquivarianceError`` before symphys 1.0; that name is a deprecated alias for one
    release.)

    Attributes
    ----------
    mean : the estimate of ``E_g mean_x ||f(g.x) - g.f(x)||^2``.
    stderr : its standard error, ``std(samples, ddof=1) / sqrt(n_samples)`` (0 for one sample).
    n_samples : number of group elements drawn.
    samples : ``(n_samples,)`` the per-element errors.
    """

    mean: float
    stderr: float
    n_samples: int
    samples: np.ndarray


def _sample_errors(f: Callable[[Any], Any], sym: Symmetry, x: Any, n_samples: int,
                   rng: np.random.Generator, batch_ndim: int, batched: bool) -> Any:
    """``(n_samples,)`` per-element errors, in the array kind of ``x`` (keeps torch graphs)."""
    if not callable(f):
        raise TypeError(f"f must be callable (the model); got {type(f).__name__}")
    n_samples = check_count(n_samples, "n_samples", low=1)
    batch_ndim = check_count(batch_ndim, "batch_ndim", low=0)
    if not isinstance(batched, (bool, np.bool_)):
        raise TypeError(f"batched={batched!r} must be a bool")
    x = points(x, "x")
    xp = _array.namespace(x)
    if batch_ndim > x.ndim:
        raise ValueError(f"batch_ndim={batch_ndim} exceeds x.ndim={x.ndim}")
    size = math.prod(int(k) for k in x.shape)
    if size == 0:
        raise ValueError(f"x must not be empty; got shape {tuple(x.shape)}")
    # the transformed inputs (n_samples, *x.shape), in closed form before any sampling
    check_memory(n_samples * size * 8, "n_samples",
                 f"{n_samples} transformed copies of x (shape {tuple(x.shape)})")
    g = sym.sample(int(n_samples), rng=rng, input_shape=tuple(x.shape))
    gx = sym.act_input(g, x)  # (s, *x.shape)
    if batched:
        fgx = f(gx)
    else:
        fgx = xp.stack([_array.asarray_like(f(gx[j, ...]), x) for j in range(len(g))], axis=0)
    fx = _array.asarray_like(f(x), x)
    check_finite_host(fx, "f(x)")  # NumPy only: no device read in a training step
    gfx = sym.act_output(g, fx)
    diff = fgx - gfx
    event = tuple(range(1 + batch_ndim, diff.ndim))
    # |diff|^2, also for complex outputs (complex harmonics): diff * diff would be complex
    is_complex = xp.isdtype(diff.dtype, "complex floating")
    with np.errstate(over="ignore", invalid="ignore"):  # overflow: checked by the callers
        sq = xp.real(diff * xp.conj(diff)) if is_complex else diff * diff
        sq = xp.sum(sq, axis=event) if event else sq
        return xp.mean(sq, axis=tuple(range(1, 1 + batch_ndim))) if batch_ndim else sq


def equivariance_error(
    f: Callable[[Any], Any],
    group: str | Symmetry,
    x: Any,
    *,
    n_samples: int = 64,
    rng: np.random.Generator | int | None = None,
    input_action: Any = None,
    output_action: Any = None,
    batch_ndim: int = 0,
    batched: bool = True,
) -> EquivarianceReport:
    """Monte Carlo estimate (with standard error) of ``E_g ||f(g.x) - g.f(x)||^2``.

    Parameters
    ----------
    f : the model. With ``batched=True`` it must treat leading axes as a batch: it is called on
        all ``n_samples`` transformed inputs ``(n_samples, *x.shape)`` at once.
    group : a :class:`Symmetry` or a group name (``"SO(3)"``, ``"E(n)"``, ``"S(n)"``, ...).
    x : input ``(*batch, n, d)`` (``batch_ndim`` leading data axes), numpy or torch.
    n_samples : number of group elements drawn from the group's law (Haar for compact groups).
    rng : numpy Generator or seed.
    input_action, output_action : override the symmetry's actions (names from
        :data:`~symphys.equivariance.symmetry.ACTIONS` or callables). ``"points"`` by default;
        use ``output_action="invariant"`` for an invariance error.
    batch_ndim : number of leading data axes averaged over (exactly, not sampled).
    batched : whether ``f`` accepts the stacked batch (else it is looped over group elements).

    Returns
    -------
    :class:`EquivarianceReport` ``(mean, stderr, n_samples, samples)``, plain floats/numpy.

    Examples
    --------
    An equivariant map has zero error; adding a constant vector ``c`` to every point breaks it by
    ``E||c - R c||^2 = 2 |c|^2`` per point, since ``E[R] = 0`` under Haar measure on SO(3).

    >>> X = np.random.default_rng(0).normal(size=(5, 3))
    >>> equivariance_error(lambda P: 2.0 * P, "SO(3)", X, rng=0).mean < 1e-25
    True
    >>> c = np.array([0.0, 0.0, 0.1])
    >>> err = equivariance_error(lambda P: P + c, "SO(3)", X, n_samples=4000, rng=0)
    >>> bool(abs(err.mean - 5 * 2 * 0.01) < 4 * err.stderr)
    True
    """
    sym = _as_symmetry(group, input_action, output_action)
    e = _sample_errors(f, sym, x, n_samples, check_rng(rng), batch_ndim, batched)
    e = _host_float64(e)  # the report is a host summary: one copy at the end
    if not np.isfinite(e).all():
        xh = _host_float64(points(x, "x"))
        if not np.isfinite(xh).all():
            raise ValueError("x holds NaN or infinite values: the equivariance error of "
                             "non-finite input is undefined")
        raise ValueError("the squared equivariance error is not finite for finite x: f "
                         "returned NaN/inf, or |f(g.x) - g.f(x)|^2 overflows float64 "
                         "(rescale x or the model's output)")
    n = e.shape[0]
    stderr = float(e.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    return EquivarianceReport(float(e.mean()), stderr, n, e)


def _host_float64(a: Any) -> np.ndarray:
    """A finished result as a float64 NumPy array (detached from any autograd graph)."""
    if _array.is_torch(a):
        a = a.detach().cpu()
    return np.asarray(a, dtype=np.float64)


def __getattr__(name: str) -> Any:
    if name == "EquivarianceError":
        warnings.warn("EquivarianceError is deprecated (it is a result, not an exception): use "
                      "EquivarianceReport; the old name goes in the next release",
                      DeprecationWarning, stacklevel=2)
        return EquivarianceReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SoftEquivariancePenalty(NamedTuple):
    """The weighted penalty and its per-type terms.

    Attributes
    ----------
    total : ``sum_i weights[i] * terms[i]`` (a torch scalar with gradient when ``x`` is torch).
    terms : ``{name: R_i}``, the unweighted Monte Carlo equivariance errors, same kind as total.
    """

    total: Any
    terms: dict[str, Any]


def soft_equivariance_penalty(
    f: Callable[[Any], Any],
    x: Any,
    symmetries: Mapping[str | Symmetry, float],
    *,
    n_samples: int = 4,
    rng: np.random.Generator | int | None = None,
    batch_ndim: int = 1,
    batched: bool = True,
) -> SoftEquivariancePenalty:
    """Training regulariser for mixed approximate symmetries: ``sum_i lambda_i R_i(f)``.

    Each ``R_i`` is the sampled equivariance error (module docstring) for one symmetry type,
    estimated with ``n_samples`` group elements; it stays differentiable (torch autograd) when
    ``f`` and ``x`` are torch. Pair with :class:`EquivarianceWeightTuner` to set the weights.

    Parameters
    ----------
    f : the model, called on stacked transformed batches ``(n_samples, *x.shape)``.
    x : a data batch ``(*batch, n, d)``; ``batch_ndim`` leading axes are data (default 1).
    symmetries : ``{symmetry type: weight lambda_i >= 0}``; keys are group names or
        :class:`Symmetry` objects (whose ``input_action``/``output_action`` say how it acts).
    n_samples : group elements per type and step (a few suffice for stochastic training).
    rng : numpy Generator or seed.
    batch_ndim, batched : as in :func:`equivariance_error`.

    Returns
    -------
    :class:`SoftEquivariancePenalty` ``(total, terms)``.

    >>> X = np.random.default_rng(0).normal(size=(8, 5, 3))   # 8 clouds of 5 points
    >>> f = lambda P: P + np.array([0.0, 0.0, 0.1])           # translation-equivariant only
    >>> pen = soft_equivariance_penalty(f, X, {"T(3)": 1.0, "SO(3)": 0.5}, rng=0)
    >>> bool(pen.terms["T(3)"] < 1e-25), bool(pen.terms["SO(3)"] > 0)
    (True, True)
    """
    if not isinstance(symmetries, Mapping):
        raise TypeError(f"symmetries must be a mapping {{symmetry type: weight}}, got "
                        f"{type(symmetries).__name__}")
    if not symmetries:
        raise ValueError("symmetries must name at least one symmetry type with its weight")
    rng = check_rng(rng)
    terms: dict[str, Any] = {}
    total: Any = 0.0
    for key, weight in symmetries.items():
        weight = check_real(weight, f"the weight symmetries[{key!r}]", low=0.0)
        sym = _as_symmetry(key)
        name = sym.name if isinstance(key, Symmetry) else str(key)
        if name in terms:
            raise ValueError(f"symmetry type {name!r} appears twice in symmetries")
        e = _sample_errors(f, sym, x, n_samples, rng, batch_ndim, batched)
        terms[name] = _array.namespace(e).mean(e, axis=0)
        total = total + float(weight) * terms[name]
    return SoftEquivariancePenalty(total, terms)


class EquivarianceWeightTuner:
    """Automatic weights for mixed symmetry types, after Kim et al. (ICML 2023,
    arXiv:2306.00356).

    Rule (as in the authors' code, ``AdjustEquiv``): after ``warmup`` calls to :meth:`observe`,
    keep for each type the smallest regulariser value ``R_i`` seen so far; :meth:`adjust`
    then sets, from the *initial* weights ``lambda_i^0``::

        lambda_i  =  lambda_i^0 / (R_i / R_min)^power,   R_min = min_{i : lambda_i^0 > 0} R_i,

    so the type the model satisfies best keeps its weight and types the data violate (large
    ``R_i``: only approximate symmetries) are relaxed. The ratios ``R_i / R_min`` are the
    discovered approximation levels. The authors adjust once (at a chosen epoch); here
    :meth:`adjust` may be called again after more observations and recomputes the weights from
    the initial ones, so repeated calls do not compound. (The authors' code keeps the whole
    vector of one step when any entry improves; this keeps the per-type minimum, a small
    simplification.)

    Parameters
    ----------
    weights : initial ``{name: lambda_i >= 0}``.
    warmup : number of initial observations ignored (the model is still far from trained).
    power : exponent of the rescaling (1 in the paper's default).

    >>> tuner = EquivarianceWeightTuner({"T(3)": 1.0, "SO(3)": 1.0}, warmup=0)
    >>> tuner.observe({"T(3)": 1e-3, "SO(3)": 1e-1})
    >>> tuner.adjust()
    {'T(3)': 1.0, 'SO(3)': 0.01}
    """

    def __init__(self, weights: Mapping[str, float], *, warmup: int = 50, power: float = 1.0):
        if not isinstance(weights, Mapping):
            raise TypeError(f"weights must be a mapping {{name: weight}}, got "
                            f"{type(weights).__name__}")
        if not weights:
            raise ValueError("weights must hold at least one symmetry type")
        checked = {str(k): check_real(w, f"weights[{k!r}]", low=0.0) for k, w in weights.items()}
        self.weights: dict[str, float] = checked
        self.initial_weights: dict[str, float] = dict(self.weights)
        self.warmup = check_count(warmup, "warmup", low=0)
        self.power = check_real(power, "power", low=0.0)
        self.best: dict[str, float] = {k: math.inf for k in self.weights}
        self.n_observed = 0

    def observe(self, terms: Mapping[str, Any]) -> None:
        """Record one step's (or epoch's) regulariser values ``{name: R_i}``.

        >>> tuner = EquivarianceWeightTuner({"a": 1.0}, warmup=1)
        >>> tuner.observe({"a": 0.3}); tuner.observe({"a": 0.2}); tuner.best
        {'a': 0.2}
        """
        if not isinstance(terms, Mapping):
            raise TypeError(f"terms must be a mapping {{name: R_i}}, got {type(terms).__name__}")
        missing = set(self.weights) - set(terms)
        if missing:
            raise ValueError(f"terms lacks the symmetry types {sorted(missing)}")
        self.n_observed += 1
        if self.n_observed <= self.warmup:
            return
        for name in self.weights:
            value = terms[name]
            if hasattr(value, "shape"):
                host = _host_float64(value)
                if host.size != 1:
                    raise ValueError(f"terms[{name!r}] must be a scalar, got shape {host.shape}")
                value = float(host.reshape(()))
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float,
                                                                             np.number)):
                raise TypeError(f"terms[{name!r}]={value!r} must be a real number")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"regulariser value {value!r} of {name!r} must be finite >= 0")
            self.best[name] = min(self.best[name], float(value))

    def adjust(self) -> dict[str, float]:
        """Set and return the weights ``lambda_i^0 / (R_i / R_min)^power`` (initial weights
        until something past warm-up is seen); idempotent for the same observations.

        >>> tuner = EquivarianceWeightTuner({"a": 1.0, "b": 2.0}, warmup=0)
        >>> tuner.observe({"a": 0.5, "b": 0.1})
        >>> tuner.adjust(), tuner.adjust()
        ({'a': 0.2, 'b': 2.0}, {'a': 0.2, 'b': 2.0})
        """
        init = self.initial_weights
        active = [k for k, w in init.items() if w > 0]
        if not active or any(math.isinf(self.best[k]) for k in active):
            return dict(self.weights)
        r_min = min(self.best[k] for k in active)
        for k in active:
            if self.best[k] == r_min:
                self.weights[k] = init[k]  # the best-satisfied type keeps its weight
                continue
            # an exactly satisfied type (r_min = 0) makes every violated one infinitely worse
            ratio = self.best[k] / r_min if r_min > 0 else math.inf
            if self.power == 0:
                self.weights[k] = init[k]
            else:
                try:
                    self.weights[k] = init[k] / ratio ** self.power
                except OverflowError:  # ratio**power beyond float: the weight underflows
                    self.weights[k] = 0.0
        return dict(self.weights)
