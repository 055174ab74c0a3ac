"""JAX front end of the Gaunt tensor product (extra ``jax``; imports jax).

:func:`gaunt_tensor_product_jax` builds a pure, jit-compiled function from the exported tables
that runs the numpy path's kernel of :func:`symphys.angular.gaunt_tensor_product` (real basis)
through :func:`symphys.angular._gaunt_kernel.functional` (batched matmuls and real FFTs, no
in-place writes); it can be differentiated with ``jax.grad`` and mapped with ``jax.vmap``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from symphys.angular._gaunt_kernel import GauntKernel, functional
from symphys.tables.gaunt_plan import check_real_basis as _check_real
from symphys.tables.gaunt_plan import plan_from_tables
from symphys.tables.table import Table

__all__ = ["gaunt_tensor_product_jax"]


def gaunt_tensor_product_jax(
    lmax1: int,
    lmax2: int,
    *,
    basis: str,
    lmax_out: int | None = None,
    sh_to_fourier: Table | str | os.PathLike | None = None,
    fourier_to_sh: Table | str | os.PathLike | None = None,
    dtype: Any = None,
) -> Callable[[Any, Any], Any]:
    """A jitted ``f(x, y)``: the real-basis Gaunt tensor product of JAX arrays.

    x has shape (..., (lmax1+1)^2), y (..., (lmax2+1)^2) (leading axes broadcast); the result
    has shape (..., (lmax_out+1)^2), as :func:`symphys.angular.gaunt_tensor_product` with
    ``basis="real"``. Tables as in :class:`symphys.tables.torch_module.GauntTensorProduct`.
    ``basis`` is required and must be ``"real"`` (the function works in the real basis only).
    ``dtype`` defaults to float64 when ``jax_enable_x64`` is on, else float32.

    >>> import numpy as np
    >>> f = gaunt_tensor_product_jax(1, 0, basis="real")
    >>> one = np.array([2 * np.sqrt(np.pi)])
    >>> np.round(np.asarray(f(np.array([0.0, 1.0, 2.0, 3.0]), one), dtype=float), 5)
    array([0., 1., 2., 3.])
    """
    plan = _check_real(basis)
    plan = plan_from_tables(sh_to_fourier, fourier_to_sh, lmax1, lmax2, lmax_out=lmax_out)
    if dtype is None:
        dtype = jnp.float64 if jax.config.jax_enable_x64 else jnp.float32
    kernel = GauntKernel.from_plan(plan, poles=False)
    arrays = {name: jnp.asarray(a, dtype=dtype if a.dtype.kind == "f" else jnp.int32)
              for name, a in kernel.arrays().items()}
    n1, n2 = (plan.l1 + 1) ** 2, (plan.l2 + 1) ** 2

    @jax.jit
    def product(x: Any, y: Any) -> Any:
        x, y = jnp.asarray(x, dtype), jnp.asarray(y, dtype)
        if x.shape[-1] != n1 or y.shape[-1] != n2:
            raise ValueError(f"x, y must have last axes {n1}, {n2}; got {x.shape}, {y.shape}")
        lead = jnp.broadcast_shapes(x.shape[:-1], y.shape[:-1])
        xb = jnp.broadcast_to(x, lead + (n1,)).reshape(-1, n1)
        yb = jnp.broadcast_to(y, lead + (n2,)).reshape(-1, n2)
        out = functional(xb, yb, kernel, arrays)
        return out.reshape(lead + out.shape[-1:])

    return product
