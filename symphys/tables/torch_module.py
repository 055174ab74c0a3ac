"""PyTorch front end of the Gaunt tensor product (extra ``torch``; imports torch).

:class:`GauntTensorProduct` runs the numpy path's kernel (the same synthesis and projection
matrices, cut from exported tables or computed on the spot) through
:func:`symphys.angular._gaunt_kernel.functional` (written once against the array-API namespace):
batched matmuls and torch's real FFTs, no in-place writes, so it is differentiable and runs on
any device torch supports, without host copies.
"""

from __future__ import annotations

import os

import numpy as np
import torch

from symphys.angular._gaunt_kernel import GauntKernel, degree, functional, real_product
from symphys.tables.gaunt_plan import check_real_basis as _check_real
from symphys.tables.gaunt_plan import plan_from_tables
from symphys.tables.table import Table

_INT_DTYPES = (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8)

__all__ = ["GauntTensorProduct"]


class GauntTensorProduct(torch.nn.Module):
    """Gaunt tensor product of real-basis coefficients, as a ``torch.nn.Module``.

    ``forward(x, y)`` takes x of shape (..., (lmax1+1)^2) and y of shape (..., (lmax2+1)^2)
    (leading axes, e.g. batch and channels, broadcast) and returns (..., (lmax_out+1)^2): the
    coefficients of the pointwise product f1 f2 in Wikipedia's real harmonics (Condon-Shortley
    phase, index l(l+1)+m), as :func:`symphys.angular.gaunt_tensor_product` with
    ``basis="real"``. Cost O(L^3) per channel. Differentiable in x and y: where a gradient is
    needed, or off the CPU, it runs batched matmuls and torch's FFTs; CPU inference (no gradient
    wanted) runs the numpy kernel on the same matrices, several times faster (results agree to
    rounding; float32 modules then compute in float64 and round once).

    Parameters
    ----------
    lmax1, lmax2
        Degrees of the inputs.
    basis
        Required, and must be ``"real"``: the module works in the real basis only (a future
        complex layer will accept ``"complex"``); naming it keeps callers explicit while the
        library default elsewhere is ``"complex"``.
    lmax_out
        Degree of the output (default lmax1 + lmax2).
    sh_to_fourier, fourier_to_sh
        Real-basis tables (:class:`~symphys.tables.Table` or file paths, checksum-verified) of
        sufficient degree; ``None`` computes them.
    dtype
        ``torch.float64`` (default) or ``torch.float32``.

    >>> import torch
    >>> tp = GauntTensorProduct(1, 1, basis="real")
    >>> one = torch.zeros(4, dtype=torch.float64); one[0] = 2 * torch.pi ** 0.5
    >>> x = torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=torch.float64)
    >>> torch.allclose(tp(x, one)[:4], x)
    True
    """

    def __init__(
        self,
        lmax1: int,
        lmax2: int,
        *,
        basis: str,
        lmax_out: int | None = None,
        sh_to_fourier: Table | str | os.PathLike | None = None,
        fourier_to_sh: Table | str | os.PathLike | None = None,
        dtype: torch.dtype = torch.float64,
    ) -> None:
        super().__init__()
        if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point \
                or dtype.is_complex:
            raise TypeError(f"dtype={dtype!r} must be a real floating torch.dtype "
                            "(torch.float32 or torch.float64)")
        plan = _check_real(basis)
        plan = plan_from_tables(sh_to_fourier, fourier_to_sh, lmax1, lmax2, lmax_out=lmax_out)
        self.plan = plan
        self.kernel = GauntKernel.from_plan(plan, poles=False)
        self._cpu_kernel = GauntKernel.from_plan(plan)  # the numpy kernel, for CPU inference
        self._names = tuple(self.kernel.arrays())
        for name, a in self.kernel.arrays().items():
            arr = torch.from_numpy(a)
            arr = arr.to(dtype) if arr.is_floating_point() else arr.to(torch.int64)
            self.register_buffer(f"_k_{name}", arr, persistent=False)

    @property
    def lmax1(self) -> int:
        return self.plan.l1

    @property
    def lmax2(self) -> int:
        return self.plan.l2

    @property
    def lmax_out(self) -> int:
        return self.plan.lout

    def extra_repr(self) -> str:
        return f"lmax1={self.lmax1}, lmax2={self.lmax2}, lmax_out={self.lmax_out}"

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        for name, t in (("x", x), ("y", y)):
            if not isinstance(t, torch.Tensor):
                raise TypeError(f"{name} must be a torch.Tensor, not {type(t).__name__}")
            if t.dtype.is_complex or not (t.dtype.is_floating_point or t.dtype in _INT_DTYPES):
                raise TypeError(f"{name} has dtype {t.dtype}; a real tensor is needed")
            if t.ndim == 0:
                raise ValueError(f"{name} must have a last axis of (lmax+1)**2 coefficients")
        for name, t, l in (("x", x, self.lmax1), ("y", y, self.lmax2)):
            if degree(t.shape[-1], name) != l:
                raise ValueError(f"{name} has last axis {t.shape[-1]}, expected {(l + 1) ** 2}")
        try:
            lead = torch.broadcast_shapes(x.shape[:-1], y.shape[:-1])
        except RuntimeError:
            raise ValueError(f"x (shape {tuple(x.shape)}) and y (shape {tuple(y.shape)}) must "
                             "broadcast together in their leading axes") from None
        dtype = self._k_synth0.dtype
        xb = x.expand(*lead, x.shape[-1]).reshape(-1, x.shape[-1]).to(dtype)
        yb = y.expand(*lead, y.shape[-1]).reshape(-1, y.shape[-1]).to(dtype)
        if xb.device.type == "cpu" and not (torch.is_grad_enabled()
                                             and (xb.requires_grad or yb.requires_grad)):
            # CPU inference: the numpy kernel on the same tables, on zero-copy views (float64)
            out64 = real_product(xb.detach().double().numpy(), yb.detach().double().numpy(),
                              self._cpu_kernel)
            out = torch.from_numpy(np.ascontiguousarray(out64)).to(dtype)
        else:
            arrays = {name: getattr(self, f"_k_{name}") for name in self._names}
            out = functional(xb, yb, self.kernel, arrays)
        return out.reshape(*lead, out.shape[-1])
