"""The base class of the matrix groups: group law, membership, Monte Carlo integration."""

from __future__ import annotations

import math
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np

from symphys.lie.groups._common import (
    as_matrices,
    as_real,
    as_vectors,
    bad_indices,
    check_atol,
    check_magnitude,
    check_samples,
    rng_from,
)

__all__ = ["MatrixGroup", "MAX_INTEGRATE_ENTRIES", "KHAT_WARN", "pareto_khat"]

#: :meth:`MatrixGroup.integrate` warns when the Pareto shape of the largest terms exceeds this:
#: ``k > 1/2`` means the terms have infinite variance (the standard error is then meaningless).
KHAT_WARN = 0.5

#: fewest samples for the tail diagnostic (the fit uses the largest ``3 sqrt(n)`` terms)
KHAT_MIN_SAMPLES = 100


def pareto_khat(values: np.ndarray) -> float:
    """Shape ``k`` of a generalised Pareto fitted to the largest ``|values|`` (the PSIS
    diagnostic of Vehtari, Simpson, Gelman, Yao & Gabry, arXiv:1507.02646).

    The tail used is the largest ``M = min(n/5, 3 sqrt(n))`` magnitudes above the next one, fitted
    by maximum likelihood (:func:`scipy.stats.genpareto.fit`, location fixed at 0). ``k < 1/2``:
    finite variance, the central limit theorem and the usual standard error apply; ``k >= 1/2``:
    infinite variance; ``k >= 1``: infinite mean.

    Raises ``TypeError`` for non-real input and ``ValueError`` for non-finite values, fewer than
    ``KHAT_MIN_SAMPLES`` (100) values, or a tail without spread (its largest values all equal).

    >>> rng = np.random.default_rng(0)
    >>> bool(pareto_khat(rng.exponential(size=20_000)) < 0.2)     # light tail: k = 0
    True
    >>> bool(pareto_khat(rng.pareto(1.0, size=20_000)) > 0.7)     # Pareto tail index 1: k = 1
    True
    """
    arr = np.asarray(values)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.integer)
                                   or np.issubdtype(arr.dtype, np.floating)) \
            or arr.dtype == np.bool_:
        raise TypeError(f"values must be an array of real numbers, got dtype {arr.dtype}")
    a = np.abs(arr.astype(float).ravel())
    n = a.size
    if not np.all(np.isfinite(a)):
        raise ValueError("values must be finite (NaN or inf found)")
    if n < KHAT_MIN_SAMPLES:
        raise ValueError(f"values holds {n} numbers; the tail fit needs at least "
                         f"KHAT_MIN_SAMPLES = {KHAT_MIN_SAMPLES}")
    m = int(min(0.2 * n, 3 * math.sqrt(n)))
    top = np.partition(a, n - m - 1)[n - m - 1:]
    top.sort()
    excess = top[1:] - top[0]
    if not np.any(excess > 0):
        raise ValueError(f"values: the largest {m + 1} magnitudes are all equal (no tail to fit)")
    from scipy.stats import genpareto

    shape, _, _ = genpareto.fit(excess / excess.max(), floc=0)
    return float(shape)

#: Largest ``n_samples * m * m`` (matrix entries drawn) that :meth:`MatrixGroup.integrate` takes
#: on; it works in chunks, so memory stays bounded by ``chunk`` (see ``MAX_ENTRIES``).
MAX_INTEGRATE_ENTRIES = 10**10


class MatrixGroup(ABC):
    """A real matrix group acting on ``R^n``; elements are arrays ``(..., m, m)``, batched.

    Subclasses set ``n`` (the dimension of the space acted on), ``matrix_size`` ``m`` and
    implement ``_membership_error`` and ``sample``. Compositions broadcast over leading axes.

    >>> from symphys.lie.groups import SO
    >>> isinstance(SO(3), MatrixGroup), SO(3).matrix_size
    (True, 3)
    """

    n: int
    matrix_size: int

    @property
    def name(self) -> str:
        """Short name, e.g. ``"GL+(3)"``.

        >>> from symphys.lie.groups import SL
        >>> SL(2).name
        'SL(2)'
        """
        return type(self).__name__

    def __repr__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))

    # ---- group law -------------------------------------------------------------------------
    def identity(self) -> np.ndarray:
        """The identity element, shape ``(m, m)``.

        >>> from symphys.lie.groups import Affine, SO
        >>> Affine(SO(2)).identity().shape
        (3, 3)
        """
        return np.eye(self.matrix_size)

    def compose(self, g: np.ndarray, h: np.ndarray) -> np.ndarray:
        """The product ``g h`` (matrix product), batched and broadcast: ``(..., m, m)``.

        >>> from symphys.lie.groups import GLPlus
        >>> GLPlus(2).compose(np.eye(2)[None].repeat(5, 0), [[1.0, 2.0], [0.0, 1.0]]).shape
        (5, 2, 2)
        """
        return self._as(g, "g") @ self._as(h, "h")

    def inverse(self, g: np.ndarray) -> np.ndarray:
        """``g^-1``, shape ``(..., m, m)``.

        >>> from symphys.lie.groups import GLPlus
        >>> GLPlus(2).inverse([[2.0, 0.0], [0.0, 4.0]])
        array([[0.5 , 0.  ],
               [0.  , 0.25]])
        """
        g = self._as(g, "g")
        try:
            return np.linalg.inv(g)
        except np.linalg.LinAlgError:
            raise ValueError(f"g is singular (not in {self.name}): no inverse") from None

    def act(self, g: np.ndarray, x: np.ndarray) -> np.ndarray:
        """The linear action ``g x`` on points ``x`` of shape ``(..., n)``; result ``(..., n)``.

        >>> from symphys.lie.groups import SO
        >>> SO(2).act([[0.0, -1.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]])
        array([[ 0.,  1.],
               [-1.,  0.]])
        """
        g = self._as(g, "g")
        x = as_vectors(x, "x", self.n)
        return (g @ x[..., :, None])[..., 0]

    # ---- membership ------------------------------------------------------------------------
    def _as(self, g: object, name: str) -> np.ndarray:
        return as_matrices(g, name, self.matrix_size)

    @abstractmethod
    def _membership_error(self, g: np.ndarray, atol: float) -> tuple[np.ndarray, str]:
        """(mask of batch entries violating membership, the rule they violate)."""

    def contains(self, g: np.ndarray, *, atol: float = 1e-10) -> np.ndarray:
        """Whether each matrix is an element (within ``atol``); NaN/inf entries give False.

        Returns a bool array of shape ``(...)``.

        >>> from symphys.lie.groups import SL
        >>> SL(2).contains([np.eye(2), 2 * np.eye(2), np.full((2, 2), np.nan)])
        array([ True, False, False])
        """
        atol = check_atol(atol)
        arr = as_real(g, "g")
        m = self.matrix_size
        if arr.ndim < 2 or arr.shape[-2:] != (m, m):
            raise ValueError(f"g must have shape (..., {m}, {m}), got {arr.shape}")
        finite = np.isfinite(arr).all(axis=(-1, -2))
        safe = np.where(finite[..., None, None], arr, np.eye(m))
        check_magnitude(safe, "g")
        bad, _ = self._membership_error(safe, atol)
        return np.asarray(finite & ~bad)

    def validate(self, g: np.ndarray, *, name: str = "g", atol: float = 1e-10) -> np.ndarray:
        """``g`` as a float array if every entry is an element; else ValueError with indices.

        >>> from symphys.lie.groups import GLPlus
        >>> GLPlus(2).validate([np.eye(2), -np.eye(2), np.diag([1.0, -1.0])])
        Traceback (most recent call last):
            ...
        ValueError: g is not in GL+(2): det g > 0 fails at batch indices [2]
        """
        atol = check_atol(atol)
        arr = self._as(g, name)
        bad, rule = self._membership_error(arr, atol)
        if np.any(bad):
            raise ValueError(f"{name} is not in {self.name}: {rule} fails at batch indices "
                             f"{bad_indices(bad)}")
        return arr

    # ---- Haar integration --------------------------------------------------------------------
    @abstractmethod
    def sample(self, n_samples: int, *, rng: object = None,
               **options) -> tuple[np.ndarray, np.ndarray]:
        """Samples and log importance weights against Haar measure (see each group).

        >>> from symphys.lie.groups import SO
        >>> [a.shape for a in SO(3).sample(4, rng=0)]
        [(4, 3, 3), (4,)]
        """

    def integrate(self, f: Callable[[np.ndarray], np.ndarray], n_samples: int,
                  *, rng: object = None, chunk: int = 100_000, progress: bool = False,
                  **options) -> tuple[float, float]:
        """Monte Carlo estimate of ``int f dHaar`` and its standard error.

        ``f`` maps a batch of elements ``(k, m, m)`` to values ``(k,)``. The estimate is the mean of
        ``f(g_i) w_i`` over importance samples from :meth:`sample` (``options`` are passed on), so
        it is unbiased, and the standard error is the sample standard deviation over
        ``sqrt(n_samples)``. Work is done in chunks of ``chunk`` samples with a tqdm bar when
        there is more than one chunk (``progress=False`` silences it).

        That standard error is only meaningful when the terms ``f(g_i) w_i`` have finite variance.
        A ``RuntimeWarning`` says so when they look heavy-tailed: the Pareto shape of their largest
        values (:func:`pareto_khat`, the PSIS diagnostic) above :data:`KHAT_WARN` = 1/2 (the
        message gives it, the effective sample size ``(sum |t|)^2 / sum t^2`` and the largest
        term's share of the total). The default proposals keep the variance finite for the
        integrands people integrate (see each group's :meth:`sample`).

        >>> from symphys.lie.groups import SO
        >>> est, se = SO(2).integrate(lambda R: R[:, 0, 0] ** 2, 10_000, rng=0)
        >>> bool(abs(est - np.pi) < 4 * se)       # int cos^2 over a circle of length 2 pi
        True
        """
        if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)):
            raise TypeError(f"n_samples must be an int, got {type(n_samples).__name__}")
        if n_samples < 2:
            raise ValueError(f"n_samples={n_samples} violates n_samples >= 2")
        n_samples = int(n_samples)
        m = self.matrix_size
        if n_samples * m * m > MAX_INTEGRATE_ENTRIES:
            raise ValueError(f"n_samples={n_samples} samples of {m} x {m} matrices are "
                             f"{n_samples * m * m:.3g} entries, above the limit "
                             f"MAX_INTEGRATE_ENTRIES = {MAX_INTEGRATE_ENTRIES:.0e}")
        chunk = check_samples(chunk, m)
        if chunk < 1:
            raise ValueError(f"chunk={chunk} violates chunk >= 1")
        if not callable(f):
            raise TypeError(f"f must be callable, got {type(f).__name__}")
        if not isinstance(progress, bool):
            raise TypeError(f"progress={progress!r} must be a bool")
        gen = rng_from(rng)
        n_chunks = -(-n_samples // chunk)
        sizes = (min(chunk, n_samples - k * chunk) for k in range(n_chunks))
        shift = None
        total = total_sq = total_abs = 0.0
        largest = 0.0
        n_tail = int(min(0.2 * n_samples, 3 * math.sqrt(n_samples))) + 1
        tail = np.empty(0)
        bar = None
        if progress and n_chunks > 1:
            from tqdm.auto import tqdm

            bar = tqdm(total=n_samples, desc=f"integrate over {self.name}", unit="sample")
        for size in sizes:
            g, log_w = self.sample(size, rng=gen, **options)
            vals = np.asarray(f(g), dtype=float)
            if vals.shape != (size,):
                raise ValueError(f"f must return shape ({size},) for a batch of {size} "
                                 f"elements, got {vals.shape}")
            terms = vals * np.exp(log_w)
            if not np.all(np.isfinite(terms)):
                raise ValueError("f returned NaN or infinite values on some samples")
            if shift is None:
                shift = float(terms.mean())
            total += float((terms - shift).sum())
            total_sq += float(((terms - shift) ** 2).sum())
            mags = np.abs(terms)
            total_abs += float(mags.sum())
            largest = max(largest, float(mags.max(initial=0.0)))
            tail = np.concatenate([tail, mags])
            if tail.size > n_tail:
                tail = np.partition(tail, tail.size - n_tail)[tail.size - n_tail:]
            if bar is not None:
                bar.update(size)
        if bar is not None:
            bar.close()
        est = shift + total / n_samples
        var = max(total_sq - total * total / n_samples, 0.0) / (n_samples - 1)
        if n_samples >= KHAT_MIN_SAMPLES and total_abs > 0:
            # the tail fit only needs the largest terms: pad with zeros below them (never used)
            try:
                k = pareto_khat(np.concatenate([np.zeros(n_samples - tail.size), tail]))
            except ValueError:  # no spread in the tail: nothing heavy about it
                k = 0.0
            if k > KHAT_WARN:
                # sum of t^2 from the shifted sums (t = shift + d)
                sum_sq = total_sq + 2 * shift * total + n_samples * shift * shift
                ess = total_abs ** 2 / max(sum_sq, 1e-300)
                warnings.warn(
                    f"integrate over {self.name}: the importance-weighted terms look heavy-tailed "
                    f"(Pareto shape k = {k:.2f} > {KHAT_WARN}: infinite variance), so the "
                    f"standard error {math.sqrt(var / n_samples):.3g} is not reliable; effective "
                    f"sample size {ess:.0f} of {n_samples}, the largest term carries "
                    f"{largest / total_abs:.1%} of the total. Use a heavier-tailed proposal "
                    "(proposal='logt', a smaller df) or a scale matched to the integrand",
                    RuntimeWarning, stacklevel=2)
        return est, math.sqrt(var / n_samples)
