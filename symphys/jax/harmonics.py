"""Real spherical harmonics of JAX vectors, differentiable to every order (imports jax)."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from symphys.angular._sh_kernel import BASES, MAX_LMAX, NORMALIZATIONS, harmonics

__all__ = ["spherical_harmonics"]


def _check_range(a: np.ndarray, name: str) -> None:
    """Without ``jax_enable_x64`` JAX holds float32: refuse finite values it would make inf."""
    if jax.config.jax_enable_x64 or a.dtype.kind not in "fiu" or a.size == 0:
        return
    big = np.abs(a[np.isfinite(a)]).max(initial=0.0) if a.dtype.kind == "f" else np.abs(a).max()
    if big > np.finfo(np.float32).max:
        raise ValueError(f"{name} holds {float(big):.3g}, beyond float32 (JAX's dtype without "
                         "jax_enable_x64); enable it or rescale")


def spherical_harmonics(lmax: int, vectors: Any, *, basis: str, normalization: str = "integral",
                        normalize: bool = True) -> Any:
    """Real spherical harmonics ``Y_l^m``, ``l <= lmax``, of JAX ``vectors (..., 3)``.

    The arithmetic and conventions of :func:`symphys.nn.spherical_harmonics` (polynomial
    recurrences: gradients of every order finite everywhere; index ``l(l+1)+m``;
    ``basis="e3nn"`` equals ``e3nn.o3.spherical_harmonics``, ``"real"`` is Wikipedia's real
    harmonics with the Condon-Shortley phase); a pure function for ``jax.jit``/``grad``/``vmap``.
    float16/bfloat16 vectors are computed in float32 and cast back.

    Parameters
    ----------
    lmax : int
        ``0 <= lmax <= 64``.
    vectors : array
        ``(..., 3)`` real floating (a NumPy array is converted).
    basis : {"e3nn", "real"}
        Required (no complex form).
    normalization : {"integral", "component", "norm"}
    normalize : bool
        ``True``: at ``vectors/|vectors|`` (the zero vector at ``+z``, with zero gradient);
        ``False``: solid harmonics ``|r|^l Y`` (overflowing to inf beyond the dtype's range).
        A vector with a NaN or infinite component gives NaN: NaN in, NaN out.

    Returns
    -------
    jax.Array
        ``(..., (lmax+1)^2)``.

    Examples
    --------
    >>> import numpy as np
    >>> y = spherical_harmonics(1, np.array([0.0, 0.6, 0.8]), basis="e3nn",
    ...                         normalization="component")
    >>> [round(float(v) / 3 ** 0.5, 5) + 0.0 for v in y]
    [0.57735, 0.0, 0.6, 0.8]
    """
    if isinstance(lmax, bool) or not isinstance(lmax, int):
        raise TypeError(f"lmax={lmax!r} must be an int")
    if not 0 <= lmax <= MAX_LMAX:
        raise ValueError(f"lmax={lmax} must be in [0, {MAX_LMAX}]")
    if basis not in BASES:
        raise ValueError(f"basis={basis!r} must be one of {BASES} (real harmonics only)")
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization={normalization!r} must be one of {NORMALIZATIONS}")
    if not isinstance(normalize, bool):
        raise TypeError(f"normalize={normalize!r} must be a bool")
    if vectors is None or isinstance(vectors, (str, bytes)):
        raise TypeError(f"vectors must be an array, not {type(vectors).__name__}")
    if not isinstance(vectors, jax.Array):
        try:
            vectors = np.asarray(vectors)
        except (TypeError, ValueError, OverflowError) as exc:
            raise TypeError(f"vectors must be an array of real numbers: {exc}") from None
        if vectors.dtype == object:
            raise TypeError("vectors must be an array of real numbers (got Python objects or "
                            "integers beyond 64 bits)")
        _check_range(vectors, "vectors")
    v = jnp.asarray(vectors)
    if not jnp.issubdtype(v.dtype, jnp.floating):
        if jnp.issubdtype(v.dtype, jnp.complexfloating) or v.dtype == jnp.bool_:
            raise TypeError(f"vectors has dtype {v.dtype}; a real floating array is needed")
        v = v.astype(jnp.result_type(float))
    if v.ndim == 0 or v.shape[-1] != 3:
        raise ValueError(f"vectors must have shape (..., 3); got {tuple(v.shape)}")
    dtype = v.dtype
    if dtype in (jnp.float16, jnp.bfloat16):
        v = v.astype(jnp.float32)
    out = harmonics(lmax, v, basis=basis, normalization=normalization, normalize=normalize)
    return out.astype(dtype)
