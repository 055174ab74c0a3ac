"""Fuzz-registry part for the group convolutions of symphys.nn (issue 20)."""

from __future__ import annotations

from tests.fuzz.registry import Cls, call

OPTIONAL_PACKAGES = {"symphys.nn": "torch"}


def _x(shape):
    import torch
    return torch.ones(shape)


def _samples(n=3, group="affine"):
    from symphys.nn import GroupSamples
    return GroupSamples.draw(group, n, rng=0)


def _lift():
    from symphys.nn import LiftingConv2d
    return LiftingConv2d(1, 2, kernel_size=3, n_samples=3, rng=0)


def _conv():
    from symphys.nn import GroupConv
    return GroupConv(2, 1, kernel_size=3)


def _pool():
    from symphys.nn import GroupPool
    return GroupPool()


def _gs():
    return _samples(4, "SO(2)")


def CLASSES():
    import torch

    return {
        "symphys.nn.LiftingConv2d": Cls(
            _lift, lambda m: call(1, 2, kernel_size=3, n_samples=3, rng=0), {
                "forward": lambda m: call(_x((1, 1, 5, 5))),
                "kernel": lambda m: call(_samples()),
                "extra_repr": lambda m: call(),
            }),
        "symphys.nn.GroupConv": Cls(
            _conv, lambda m: call(2, 1, kernel_size=3), {
                "forward": lambda m: call(_x((1, 2, 3, 5, 5)), _samples()),
                "kernel": lambda m: call(_samples(), _samples(2)),
                "extra_repr": lambda m: call(),
            }),
        "symphys.nn.GroupPool": Cls(
            _pool, lambda m: call(over_group="max", over_space="mean"), {
                "forward": lambda m: call(_x((1, 2, 3, 4, 4))),
                "extra_repr": lambda m: call(),
            }),
        "symphys.nn.GroupSamples": Cls(
            _gs, lambda s: call("SO(2)", torch.eye(2)[None].double(),
                                torch.zeros(1, dtype=torch.float64)), {
                "draw": lambda s: call("Sim(2)", 3, rng=0),
                "transform": lambda s: call([[0.0, -1.0], [1.0, 0.0]]),
                "weights": lambda s: call(),
                "integrate": lambda s: call(torch.ones(4, dtype=torch.float64)),
            }),
    }


#: a fresh worker imports torch first (seconds on a loaded machine)
TIMEOUTS = {f"symphys.nn.{name}": 60 for name in (
    "LiftingConv2d", "LiftingConv2d.forward", "LiftingConv2d.kernel", "LiftingConv2d.extra_repr",
    "GroupConv", "GroupConv.forward", "GroupConv.kernel", "GroupConv.extra_repr",
    "GroupPool", "GroupPool.forward", "GroupPool.extra_repr",
    "GroupSamples", "GroupSamples.draw", "GroupSamples.transform", "GroupSamples.weights",
    "GroupSamples.integrate")}
