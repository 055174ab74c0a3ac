"""Argument checks shared by the modules of :mod:`symphys.equivariance` (internal).

Contract: every check raises ``TypeError`` (wrong kind) or ``ValueError`` (wrong value) with a
message that names the argument; nothing else escapes. :data:`MAX_SAMPLE_BYTES` bounds, in
closed form and before any allocation, the memory a sampled computation may take.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

import symphys._array as _array

__all__ = ["MAX_SAMPLE_BYTES", "MAX_COORDINATE", "check_magnitude_host", "check_count",
           "check_finite_host", "check_memory", "check_real",
           "check_rng", "points"]

#: Largest number of bytes one sampled array (n_samples copies of the input, the frames of a
#: degenerate spectrum, a batch of group elements) may take; a fixed limit, not the free RAM.
MAX_SAMPLE_BYTES = 2**31


def check_count(value: Any, name: str, *, low: int = 0, high: int | None = None) -> int:
    """``value`` as an int in [low, high]: an int or an integer-valued finite float, not a bool.

    >>> check_count(4.0, "n_samples", low=1)
    4
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}={value!r} must be an integer, not a bool")
    if isinstance(value, numbers.Integral):
        out = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        out = int(value)
    elif isinstance(value, numbers.Real):
        raise ValueError(f"{name}={value!r} must be a finite integer")
    else:
        raise TypeError(f"{name}={value!r} must be an integer, got {type(value).__name__}")
    if out < low:
        raise ValueError(f"{name}={out} must be an integer >= {low}")
    if high is not None and out > high:
        raise ValueError(f"{name}={out} is beyond the limit {name} <= {high}")
    return out


def check_real(value: Any, name: str, *, low: float | None = None) -> float:
    """``value`` as a finite float (>= ``low``), not a bool."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}={value!r} must be a real number")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{name}={value!r} must be finite")
    if low is not None and out < low:
        raise ValueError(f"{name}={value!r} must be >= {low}")
    return out


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """A numpy Generator from ``rng``: a Generator, a seed int >= 0, None, or a SeedSequence /
    BitGenerator.

    >>> isinstance(check_rng(0), np.random.Generator)
    True
    """
    if rng is None or isinstance(rng, (np.random.Generator, np.random.BitGenerator,
                                       np.random.SeedSequence)):
        return np.random.default_rng(rng)
    if isinstance(rng, (bool, np.bool_)) or not isinstance(rng, numbers.Integral):
        raise TypeError(f"{name}={rng!r} must be a numpy Generator, an int seed or None")
    if rng < 0:
        raise ValueError(f"{name}={rng} must be a seed >= 0")
    return np.random.default_rng(int(rng))


def check_memory(n_bytes: int, name: str, what: str) -> None:
    """ValueError naming ``name`` if ``n_bytes`` (computed in closed form) exceeds the limit."""
    if n_bytes > MAX_SAMPLE_BYTES:
        raise ValueError(f"{name} makes {what} of {n_bytes} bytes; the limit is "
                         f"{MAX_SAMPLE_BYTES} bytes (MAX_SAMPLE_BYTES)")


def points(x: Any, name: str) -> Any:
    """``x`` as a real floating array of its own library, or TypeError naming ``name``."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got {type(x).__name__}")
    try:
        return _array.floating(x)
    except TypeError as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from exc
    except ValueError as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from exc


def check_finite_host(x: Any, name: str) -> None:
    """ValueError naming ``name`` if the NumPy array ``x`` holds NaN or inf.

    Torch and JAX arrays are not read back (no device synchronisation in a numeric path): for
    them NaN/inf propagate elementwise, as documented by the functions that call this.
    """
    if _array.is_torch(x) or _array.is_jax(x):
        return
    if not np.isfinite(np.asarray(x)).all():
        raise ValueError(f"{name} holds NaN or infinite values")


#: largest |coordinate| frames accept: a frame applies ``R x + t``, whose sums of (at most 40 +
#: 1) such terms must stay inside the double range (1.8e308)
MAX_COORDINATE = 1e300


def check_magnitude_host(x: Any, name: str) -> None:
    """ValueError naming ``name`` if the NumPy array ``x`` has an entry above
    :data:`MAX_COORDINATE` (Torch and JAX arrays are not read back, as in
    :func:`check_finite_host`)."""
    if _array.is_torch(x) or _array.is_jax(x):
        return
    a = np.asarray(x)
    if a.size:
        big = float(np.max(np.abs(a)))
        if big > MAX_COORDINATE:
            raise ValueError(f"{name} has a coordinate of size {big:.3g}, above MAX_COORDINATE = "
                             f"{MAX_COORDINATE:g}: group actions R x + t would overflow a double; "
                             "rescale the points")
