"""Internal: the one array layer of symphys, on top of ``array-api-compat``.

Every numeric path that accepts NumPy arrays, PyTorch tensors or JAX arrays is written once
against the Python array API standard (https://data-apis.org/array-api/) through the namespace
that :func:`namespace` returns: ``array_api_compat.numpy`` for NumPy (and anything
array-like), ``array_api_compat.torch`` for torch tensors, ``jax.numpy`` for JAX arrays. Arrays
stay on their device and keep their dtype: nothing in a numeric path copies to the host
(no ``.cpu()``, ``.item()``, ``float(x)`` or ``np.asarray`` of a tensor), so GPU work never
synchronises and autograd graphs are not broken.

Contract (internal module; its names may change between releases without notice):

- :func:`namespace` -- the array-API namespace of some arrays (NumPy for plain Python input);
- :func:`is_torch`, :func:`is_jax` -- type tests that import nothing;
- :func:`asarray_like` -- a constant (Python or NumPy) as an array of ``like``'s namespace,
  floating dtype and device;
- :func:`floating` -- an array as a real floating dtype (float64 unless already floating);
- :func:`device` -- the device of an array (``"cpu"`` for NumPy).

Everything else comes from the namespace itself: ``xp.linalg.eigh``, ``xp.linalg.det``,
``xp.concat``, ``xp.stack``, ``xp.take``, ``xp.moveaxis``, ``xp.flip``, ``xp.fft.rfft``,
``xp.einsum`` (each of the three namespaces has it, although the standard does not).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["namespace", "is_torch", "is_jax", "asarray_like", "floating", "device"]


def _top_module(x: Any) -> str:
    return type(x).__module__.split(".")[0]


def is_torch(x: Any) -> bool:
    """True when ``x`` is a torch tensor (checked without importing torch).

    >>> is_torch(np.zeros(2))
    False
    """
    return _top_module(x) == "torch"


def is_jax(x: Any) -> bool:
    """True when ``x`` is a JAX array or tracer (checked without importing jax).

    >>> is_jax([1.0])
    False
    """
    return _top_module(x) in ("jax", "jaxlib")


def namespace(*arrays: Any) -> Any:
    """The array-API namespace of ``arrays``; NumPy's for lists, scalars and NumPy arrays.

    Mixing torch and JAX arrays in one call is a TypeError.

    >>> namespace([1.0, 2.0]).__name__
    'array_api_compat.numpy'
    """
    import array_api_compat

    kinds = {("torch" if is_torch(a) else "jax" if is_jax(a) else "numpy") for a in arrays
             if a is not None}
    if len(kinds) > 1:
        kinds.discard("numpy")  # NumPy constants beside tensors follow the tensors
    if len(kinds) > 1:
        raise TypeError(f"arrays from different libraries cannot be mixed: {sorted(kinds)}")
    kind = kinds.pop() if kinds else "numpy"
    if kind == "numpy":
        import array_api_compat.numpy as xp

        return xp
    return array_api_compat.array_namespace(*[a for a in arrays if a is not None
                                              and (is_torch(a) or is_jax(a))])


def device(x: Any) -> Any:
    """The device of ``x`` (``"cpu"`` for NumPy arrays and Python values).

    >>> device(np.zeros(2))
    'cpu'
    """
    if is_torch(x) or is_jax(x):
        import array_api_compat

        return array_api_compat.device(x)
    return "cpu"


def floating(x: Any) -> Any:
    """``x`` as an array of a real floating dtype: unchanged if it has one, else float64.

    Complex input is a TypeError (a real computation would drop the imaginary part).

    >>> floating([1, 2]).dtype
    dtype('float64')
    """
    xp = namespace(x)
    a = xp.asarray(x) if not (is_torch(x) or is_jax(x)) else x
    if xp.isdtype(a.dtype, "complex floating"):
        raise TypeError(f"expected a real array, got dtype {a.dtype}")
    if xp.isdtype(a.dtype, "real floating"):
        return a
    return xp.astype(a, xp.float64)


def asarray_like(value: Any, like: Any) -> Any:
    """``value`` as an array in ``like``'s namespace and on its device.

    Floating values take ``like``'s floating dtype (or float64 when ``like`` is not floating),
    so a float32 GPU tensor gets float32 GPU constants; integer and bool values keep their
    kind.

    >>> asarray_like([1.5], np.zeros(1, dtype=np.float32)).dtype
    dtype('float32')
    """
    xp = namespace(like)
    dev = device(like)
    src = value if (is_torch(value) or is_jax(value)) else np.asarray(value)
    if isinstance(src, np.ndarray) and np.issubdtype(src.dtype, np.floating):
        dtype = like.dtype if xp.isdtype(like.dtype, "real floating") else xp.float64
        if xp.__name__ == "array_api_compat.numpy":
            return np.asarray(src, dtype=dtype)
        return xp.asarray(src, dtype=dtype, device=dev)
    if xp.__name__ == "array_api_compat.numpy":
        return np.asarray(src)
    return xp.asarray(src, device=dev)
