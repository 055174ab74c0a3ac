"""PyTorch layers built from symphys tables and groups (``pip install "symphys[torch]"``).

Importing :mod:`symphys.nn` is cheap: each layer's module (and torch) is imported on first use of
its name. Equivariant tensor products and harmonics come from the exact coefficient tables of
:mod:`symphys.angular` / :mod:`symphys.tables`; the group-convolution layers draw their Haar samples
from :mod:`symphys.lie.groups`.
"""

from __future__ import annotations

import importlib
import importlib.util

#: public name -> module of this package (or of symphys) that defines it
_LAZY: dict[str, str] = {
    # equivariant tensor products and harmonics (issue 14)
    "TensorProduct": "symphys.nn.tensor_product",
    "spherical_harmonics": "symphys.nn.harmonics",
    "GauntTensorProduct": "symphys.tables.torch_module",
    # group convolutions for non-compact groups (issue 20)
    "LiftingConv2d": "symphys.nn.group_conv",
    "GroupConv": "symphys.nn.group_conv",
    "GroupPool": "symphys.nn.group_conv",
    "GroupSamples": "symphys.nn.group_samples",
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
        raise AttributeError(f"module 'symphys.nn' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
