"""JAX functions built from symphys tables (``pip install "symphys[jax]"``).

Importing :mod:`symphys.jax` is cheap: each name's module (and jax) is imported on first use.
The equivariant tensor product and the harmonics run the same array-API arithmetic as
:mod:`symphys.nn` (the plan and kernels of :mod:`symphys.angular`), as pure functions that
``jax.jit``, ``jax.grad``, ``jax.jvp``, ``jax.vmap`` and ``jax.hessian`` go through.
"""

from __future__ import annotations

from symphys._lazy import lazy_names

#: public name -> module of this package that defines it
_LAZY: dict[str, str] = {
    # equivariant tensor products and harmonics (issue 14)
    "TensorProduct": "symphys.jax.tensor_product",
    "spherical_harmonics": "symphys.jax.harmonics",
}


__all__, __getattr__, __dir__ = lazy_names("symphys.jax", _LAZY, globals())
