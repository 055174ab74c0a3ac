"""The few array operations the equivariance tools need, for numpy arrays and torch tensors.

Everything in :mod:`symphys.equivariance` is written once against this small namespace, so a
torch tensor in gives a torch tensor out (differentiable, on its device) and numpy stays the
default. torch is imported only when a torch tensor is actually passed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def is_torch(x: Any) -> bool:
    """True when ``x`` is a torch tensor (checked without importing torch)."""
    return type(x).__module__.split(".")[0] == "torch"


class _Numpy:
    name = "numpy"

    @staticmethod
    def asarray(x: Any, like: Any = None) -> np.ndarray:
        arr = np.asarray(x)
        if like is not None and np.issubdtype(arr.dtype, np.floating):
            arr = arr.astype(np.result_type(like.dtype, np.float64), copy=False)
        return arr

    @staticmethod
    def floating(x: Any) -> np.ndarray:
        arr = np.asarray(x)
        if not np.issubdtype(arr.dtype, np.floating):
            arr = arr.astype(np.float64)
        return arr

    einsum = staticmethod(np.einsum)
    moveaxis = staticmethod(np.moveaxis)
    stack = staticmethod(np.stack)

    @staticmethod
    def eigh(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.linalg.eigh(a)

    @staticmethod
    def det(a: np.ndarray) -> np.ndarray:
        return np.linalg.det(a)

    @staticmethod
    def mean(x: np.ndarray, axis: int | tuple[int, ...], keepdims: bool = False) -> np.ndarray:
        return np.mean(x, axis=axis, keepdims=keepdims)

    @staticmethod
    def sum(x: np.ndarray, axis: int | tuple[int, ...] | None = None) -> np.ndarray:
        return np.sum(x, axis=axis)

    @staticmethod
    def flip(x: np.ndarray, axis: int) -> np.ndarray:
        return np.flip(x, axis=axis)

    @staticmethod
    def take(x: np.ndarray, index: np.ndarray, axis: int) -> np.ndarray:
        return np.take(x, index, axis=axis)

    @staticmethod
    def to_numpy(x: Any) -> np.ndarray:
        return np.asarray(x)


class _Torch:
    name = "torch"

    @staticmethod
    def _t():
        import torch

        return torch

    @classmethod
    def asarray(cls, x: Any, like: Any = None):
        torch = cls._t()
        if like is None:
            return torch.as_tensor(x)
        arr = np.asarray(x) if not is_torch(x) else x
        if isinstance(arr, np.ndarray) and np.issubdtype(arr.dtype, np.floating):
            return torch.as_tensor(arr, dtype=like.dtype, device=like.device)
        return torch.as_tensor(arr, device=like.device)

    @classmethod
    def floating(cls, x: Any):
        torch = cls._t()
        return x if torch.is_floating_point(x) else x.to(torch.float64)

    @classmethod
    def einsum(cls, spec: str, *ops):
        return cls._t().einsum(spec, *ops)

    @classmethod
    def moveaxis(cls, x, source: int, destination: int):
        return cls._t().movedim(x, source, destination)

    @classmethod
    def stack(cls, xs, axis: int = 0):
        return cls._t().stack(list(xs), dim=axis)

    @classmethod
    def eigh(cls, a):
        return cls._t().linalg.eigh(a)

    @classmethod
    def det(cls, a):
        return cls._t().linalg.det(a)

    @classmethod
    def mean(cls, x, axis, keepdims: bool = False):
        return cls._t().mean(x, dim=axis, keepdim=keepdims)

    @classmethod
    def sum(cls, x, axis=None):
        torch = cls._t()
        return torch.sum(x) if axis is None else torch.sum(x, dim=axis)

    @classmethod
    def flip(cls, x, axis: int):
        return cls._t().flip(x, dims=(axis,))

    @classmethod
    def take(cls, x, index, axis: int):
        torch = cls._t()
        index = torch.as_tensor(np.asarray(index), device=x.device)
        return torch.index_select(x, axis % x.ndim, index.reshape(-1)).reshape(
            *x.shape[: axis % x.ndim], *index.shape, *x.shape[axis % x.ndim + 1:]
        )

    @staticmethod
    def to_numpy(x: Any) -> np.ndarray:
        return x.detach().cpu().numpy()


def namespace(x: Any) -> type[_Numpy] | type[_Torch]:
    """The array namespace for ``x``: torch for torch tensors, numpy for anything else.

    >>> namespace([1.0, 2.0]).name
    'numpy'
    """
    return _Torch if is_torch(x) else _Numpy
