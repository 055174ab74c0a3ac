"""The Clebsch-Gordan tensor product of irreps as a pure JAX function (imports jax)."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from symphys.angular._tp_kernel import build_plan, forward
from symphys.angular.irreps import Irreps

__all__ = ["TensorProduct"]


def _check_range(a: np.ndarray, name: str) -> None:
    """Without ``jax_enable_x64`` JAX holds float32: refuse finite values it would make inf."""
    if jax.config.jax_enable_x64 or a.dtype.kind not in "fiu" or a.size == 0:
        return
    big = np.abs(a[np.isfinite(a)]).max(initial=0.0) if a.dtype.kind == "f" else np.abs(a).max()
    if big > np.finfo(np.float32).max:
        raise ValueError(f"{name} holds {float(big):.3g}, beyond float32 (JAX's dtype without "
                         "jax_enable_x64); enable it or rescale")


class TensorProduct:
    """Equivariant tensor product ``irreps_in1 x irreps_in2 -> irreps_out``, for JAX.

    The same paths, weights layout, normalisations, engines and conventions as
    :class:`symphys.nn.TensorProduct` (e3nn's real basis and ``mul_ir`` layout; engines
    ``"auto"``, ``"cg"``, ``"gaunt"``, ``"gaunt+vsh"``), as a pure function of the weights:
    ``tp(x1, x2, weight)``. The object holds only static tables, so ``jax.jit(tp)``,
    ``jax.grad``, ``jax.jvp``, ``jax.vmap`` and ``jax.hessian`` go through a call.
    The compute dtype is that of the inputs (float64 tables when ``jax_enable_x64`` is on and
    the inputs are float64, else the float32 tables, each rounded once from the exact values);
    float16/bfloat16 inputs are computed in float32 and cast back.

    Parameters
    ----------
    irreps_in1, irreps_in2, irreps_out : Irreps or str
    mode : {"uvw", "uvu"}
    engine : {"auto", "cg", "gaunt", "gaunt+vsh"}
    normalization : {"component", "norm", "none"}
    path_normalization : {"element", "path", "none"}
    instructions : list of (i1, i2, i_out), optional

    Examples
    --------
    >>> import numpy as np
    >>> tp = TensorProduct("1x1o", "1x1o", "1x1e", engine="gaunt+vsh")
    >>> w = np.ones(tp.weight_numel)
    >>> out = tp(np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]), w)
    >>> [round(float(v) * 2 ** 0.5, 5) + 0.0 for v in out]   # e_x cross e_y = e_z
    [0.0, 0.0, 1.0]
    """

    def __init__(self, irreps_in1: Irreps | str, irreps_in2: Irreps | str,
                 irreps_out: Irreps | str, *, mode: str = "uvw", engine: str = "auto",
                 normalization: str = "component", path_normalization: str = "element",
                 instructions: list[tuple[int, int, int]] | None = None) -> None:
        self.plan = build_plan(irreps_in1, irreps_in2, irreps_out, mode=mode, engine=engine,
                               instructions=instructions, irrep_normalization=normalization,
                               path_normalization=path_normalization)

    @property
    def irreps_in1(self) -> Irreps:
        return self.plan.irreps1

    @property
    def irreps_in2(self) -> Irreps:
        return self.plan.irreps2

    @property
    def irreps_out(self) -> Irreps:
        return self.plan.irreps_out

    @property
    def weight_numel(self) -> int:
        """Number of weights (e3nn's order: per instruction, (mul1, mul2[, mul_out]))."""
        return self.plan.weight_numel

    @property
    def instructions(self) -> list[tuple[int, int, int]]:
        return list(self.plan.instructions)

    @property
    def engines(self) -> dict[tuple[int, int], str]:
        """The engine that contracts each input pair ``(i1, i2)``."""
        return {(p.i1, p.i2): p.engine for p in self.plan.pairs}

    def init_weights(self, *, rng: np.random.Generator | int | None = None,
                     dtype: Any = None) -> Any:
        """Weights drawn from ``N(0, 1)`` (e3nn's initialisation), shape ``(weight_numel,)``.

        >>> TensorProduct("1x0e", "1x0e", "1x0e").init_weights(rng=0).shape
        (1,)
        """
        if not isinstance(rng, np.random.Generator):
            if rng is not None and (isinstance(rng, bool)
                                    or not isinstance(rng, (int, np.integer))):
                raise TypeError(f"rng={rng!r} must be a numpy.random.Generator, an int or None")
            rng = np.random.default_rng(rng)
        if dtype is None:
            dtype = jnp.float64 if jax.config.jax_enable_x64 else jnp.float32
        return jnp.asarray(rng.standard_normal(self.weight_numel), dtype=dtype)

    def __repr__(self) -> str:
        return (f"TensorProduct({self.irreps_in1} x {self.irreps_in2} -> {self.irreps_out}, "
                f"mode={self.plan.mode}, engine={self.plan.engine})")

    def __call__(self, x1: Any, x2: Any, weight: Any) -> Any:
        """``x1 (..., dim1)``, ``x2 (..., dim2)``, ``weight (weight_numel,)`` or
        ``(..., weight_numel)`` (leading axes broadcast) -> ``(..., dim_out)``."""
        arrays = []
        for name, t, dim in (("x1", x1, self.irreps_in1.dim), ("x2", x2, self.irreps_in2.dim),
                             ("weight", weight, self.weight_numel)):
            if t is None or isinstance(t, (str, bytes)):
                raise TypeError(f"{name} must be an array, not {type(t).__name__}")
            if not isinstance(t, jax.Array):
                try:
                    t = np.asarray(t)
                except (TypeError, ValueError, OverflowError) as exc:
                    raise TypeError(f"{name} must be an array of real numbers: {exc}") from None
                if t.dtype == object:
                    raise TypeError(f"{name} must be an array of real numbers")
                _check_range(t, name)
            a = jnp.asarray(t)
            if not jnp.issubdtype(a.dtype, jnp.floating):
                if jnp.issubdtype(a.dtype, jnp.complexfloating) or a.dtype == jnp.bool_:
                    raise TypeError(f"{name} has dtype {a.dtype}; a real array is needed")
                a = a.astype(jnp.result_type(float))
            if a.ndim == 0 or a.shape[-1] != dim:
                raise ValueError(f"{name} must have last axis {dim}; got shape {a.shape}")
            arrays.append(a)
        a, b, w = arrays
        out_dtype = jnp.result_type(a.dtype, b.dtype)
        dtype = jnp.float32 if out_dtype in (jnp.float16, jnp.bfloat16) else out_dtype
        lead = jnp.broadcast_shapes(a.shape[:-1], b.shape[:-1])
        if w.ndim > 1:
            lead = jnp.broadcast_shapes(lead, w.shape[:-1])
        n = int(np.prod(lead)) if lead else 1
        a = jnp.broadcast_to(a.astype(dtype), lead + a.shape[-1:]).reshape(n, -1)
        b = jnp.broadcast_to(b.astype(dtype), lead + b.shape[-1:]).reshape(n, -1)
        w = w.astype(dtype)
        if w.ndim > 1:
            w = jnp.broadcast_to(w, lead + w.shape[-1:]).reshape(n, -1)
        source = self.plan.arrays if dtype == jnp.float64 else self.plan.arrays32
        tables = {k: jnp.asarray(v, dtype=dtype) for k, v in source.items()}
        tables.update({k: jnp.asarray(v) for k, v in self.plan.int_arrays.items()})
        out = forward(a, b, w, self.plan, tables)
        return out.reshape(lead + out.shape[-1:]).astype(out_dtype)
