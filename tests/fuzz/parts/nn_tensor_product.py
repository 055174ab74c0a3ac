"""Fuzz-registry part of issue 14: Irreps, symphys.nn tensor products and harmonics, symphys.jax."""

from __future__ import annotations

from tests.fuzz.registry import Cls, call

OPTIONAL_PACKAGES = {"symphys.nn": "torch", "symphys.jax": "jax"}


def _irreps():
    from symphys.angular import Irreps
    return Irreps("2x0e+1x1o")


def _e3nn_irreps():
    try:
        from e3nn import o3
    except ImportError:
        return "2x0e+1x1o"
    return o3.Irreps("2x0e+1x1o")


def _cue_irreps():
    try:
        import cuequivariance as cue
    except ImportError:
        return "2x0e+1x1o"
    return cue.Irreps("O3", "2x0e+1x1o")


def _np_x():
    import numpy as np
    return np.arange(5.0)


def _angular_classes():
    return {
        "symphys.angular.Irreps": Cls(_irreps, lambda i: call("2x0e + 1x1o"), {
            "spherical_harmonics": lambda i: call(2),
            "from_e3nn": lambda i: call(_e3nn_irreps()),
            "to_e3nn": lambda i: call(),
            "from_cue": lambda i: call(_cue_irreps()),
            "to_cue": lambda i: call(),
            "slices": lambda i: call(),
            "simplify": lambda i: call(),
            "sort": lambda i: call(),
            "change_layout": lambda i: call(_np_x(), source="mul_ir", target="ir_mul"),
        }),
    }


def _tp():
    import torch

    from symphys.nn import TensorProduct
    return TensorProduct("1x0e+1x1o", "1x1o", "1x1o+1x1e", rng=0, dtype=torch.float64)


def _tp_xy():
    import torch
    g = torch.Generator().manual_seed(0)
    return (torch.randn(2, 4, generator=g, dtype=torch.float64),
            torch.randn(2, 3, generator=g, dtype=torch.float64))


def _vectors():
    import torch
    return torch.tensor([[0.0, 0.6, 0.8], [1.0, -2.0, 0.5]], dtype=torch.float64)


def _nn_classes():
    return {
        "symphys.nn.TensorProduct": Cls(_tp, lambda m: call(
            "1x0e+1x1o", "1x1o", "1x1o+1x1e", mode="uvw", engine="auto", rng=0), {
                "forward": lambda m: call(*_tp_xy()),
                "extra_repr": lambda m: call(),
            }),
    }


def _jtp():
    from symphys.jax import TensorProduct
    return TensorProduct("1x0e+1x1o", "1x1o", "1x1o+1x1e")


def _jax_classes():
    return {
        "symphys.jax.TensorProduct": Cls(_jtp, lambda m: call(
            "1x0e+1x1o", "1x1o", "1x1o+1x1e", mode="uvw", engine="auto"), {
                "init_weights": lambda m: call(rng=0),
            }),
    }


def _classes():
    return {**_angular_classes(), **_nn_classes(), **_jax_classes()}


CLASSES = _classes

def _np_vectors():
    import numpy as np
    return np.array([[0.0, 0.6, 0.8], [1.0, -2.0, 0.5]])


FUNCS = {
    "symphys.nn.spherical_harmonics": lambda: call(2, _vectors(), basis="e3nn"),
    "symphys.jax.spherical_harmonics": lambda: call(2, _np_vectors(), basis="e3nn"),
}

#: the converters import their peer library; without it the valid call is an ImportError
SKIP: dict[str, str] = {
    "symphys.angular.Irreps.to_e3nn": "returns an e3nn.o3.Irreps, whose Irrep items raise "
    "NotImplementedError on len() when the harness walks the result; takes no argument; "
    "tests/angular/test_irreps.py::test_e3nn_side_by_side calls it",
}
try:  # pragma: no cover
    import cuequivariance  # noqa: F401
except ImportError:
    SKIP["symphys.angular.Irreps.to_cue"] = "needs cuequivariance (optional peer)"
