"""JAX functions built from symphys tables (``pip install "symphys[jax]"``).

Importing :mod:`symphys.jax` is cheap: each name's module (and jax) is imported on first use.
The equivariant tensor product and the harmonics run the same array-API arithmetic as
:mod:`symphys.nn` (the plan and kernels of :mod:`symphys.angular`), as pure functions that
``jax.jit``, ``jax.grad``, ``jax.jvp``, ``jax.vmap`` and ``jax.hessian`` go through.
"""

from __future__ import annotations

import importlib
import importlib.util

#: public name -> module of this package that defines it
_LAZY: dict[str, str] = {
    # equivariant tensor products and harmonics (issue 14)
    "TensorProduct": "symphys.jax.tensor_product",
    "spherical_harmonics": "symphys.jax.harmonics",
}


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # pragma: no cover - a parent package missing
        return False


__all__ = sorted(name for name, module in _LAZY.items() if _available(module))


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None or name not in __all__:
        raise AttributeError(f"module 'symphys.jax' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
