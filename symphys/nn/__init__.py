"""PyTorch layers built from symphys tables and groups (``pip install "symphys[torch]"``).

Importing :mod:`symphys.nn` is cheap: each layer's module (and torch) is imported on first use of
its name. Equivariant tensor products and harmonics come from the exact coefficient tables of
:mod:`symphys.angular` / :mod:`symphys.tables`; the group-convolution layers draw their Haar samples
from :mod:`symphys.lie.groups`.
"""

from __future__ import annotations

from symphys._lazy import lazy_names

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


__all__, __getattr__, __dir__ = lazy_names("symphys.nn", _LAZY, globals())
