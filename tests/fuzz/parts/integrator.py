"""Registry part of the integrator's changes (groups diagnostics, equivariance internals)."""

from __future__ import annotations

from tests.fuzz.registry import call


def _values():
    import numpy as np

    return np.random.default_rng(0).exponential(size=500)


FUNCS = {
    "symphys.lie.groups.pareto_khat": lambda: call(_values()),
}
