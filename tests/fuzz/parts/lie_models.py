"""Registry part for issue 15 (symphys.lie for model builders): the new public names.

New methods of the existing :class:`symphys.lie.LieAlgebra` and :class:`symphys.lie.Subalgebra`
entries (whose ``Cls`` lives in :mod:`tests.fuzz.registry`) are added to those entries through
:data:`METHODS` by wrapping the registry's ``_lie_classes`` once, at import (a part cannot define
a class key twice).
"""

from __future__ import annotations

from tests.fuzz import registry as _registry
from tests.fuzz.registry import CliEntry, Cls, call

#: class key -> {method: call factory}, merged into the registry's existing class entries
METHODS = {
    "symphys.lie.LieAlgebra": {
        "irrep_name": lambda g: call((1, 0)),
        "from_name": lambda g: call("3bar"),
        "irreps_of_dimension": lambda g: call(8),
        "congruency_class": lambda g: call((1, 0)),
        "reality": lambda g: call((1, 1)),
        "anomaly": lambda g: call((2, 0)),
        "orbit_size": lambda g: call((1, -1)),
        "dominant_representative": lambda g: call((0, -1)),
        "longest_element": lambda g: call(),
        "reduced_word": lambda g: call([[0, -1], [-1, 0]]),
        "symmetric_power": lambda g: call((1, 0), 3),
        "alternating_power": lambda g: call((1, 0), 2),
        "plethysm": lambda g: call((1, 0), (2, 1)),
        "virtual_character": lambda g: call({(1, 0): 1, (0, 0): -1}),
        "maximal_subalgebras": lambda g: call(),
    },
    "symphys.lie.Subalgebra": {
        "rescale_u1": lambda s: call([_fraction(-1, 6)]),
    },
}


def _fraction(a, b):
    from fractions import Fraction
    return Fraction(a, b)


def _sm():
    from symphys.lie import LieAlgebra
    return LieAlgebra("A2+A1+U1")


def _br():
    from symphys.lie import LieAlgebra
    return LieAlgebra("A4").branch((0, 1, 0, 0), "A2+A1+U1")


def _vc():
    from symphys.lie import LieAlgebra, VirtualCharacter
    return VirtualCharacter(LieAlgebra("A2"), {(1, 0): 1})


CLASSES = {
    "symphys.lie.ReductiveAlgebra": Cls(_sm, lambda a: call(a.factors, a.n_u1), {
        "check_weight": lambda a: call(((1, 0), (1,), 2), name="hw"),
        "split": lambda a: call((1, 0, 1, 2)),
        "irrep_dimension": lambda a: call((1, 0, 1, 2)),
        "dual": lambda a: call((1, 0, 1, 2)),
        "weights": lambda a: call((1, 0, 1, 2)),
        "character": lambda a: call((1, 0, 1, 2)),
        "tensor_product": lambda a: call((1, 0, 1, 2), (0, 1, 0, -1)),
        "irrep_name": lambda a: call((1, 0, 1, 2)),
        "adjoint_pieces": lambda a: call(),
        "subalgebra": lambda a: call("A2+U1", u1=[(0, 0, 1, 1)]),
        "of_subalgebra": lambda a: call(a.subalgebra("A2+U1+U1")),
        "branch": lambda a: call((1, 0, 1, 2), "A2+U1+U1"),
    }),
    "symphys.lie.Branching": Cls(_br, lambda b: call(dict(b), b.subalgebra, b.algebra), {
        "branch": lambda b: call("A2+U1", u1=[(0, 0, 1, 1)]),
        "names": lambda b: call(),
        "latex_table": lambda b: call(),
    }),
    "symphys.lie.VirtualCharacter": Cls(_vc, lambda v: call(v.algebra, {(1, 0): 1}), {
        "is_effective": lambda v: call(), "dual": lambda v: call(),
        "adams": lambda v: call(2), "symmetric_power": lambda v: call(2),
        "alternating_power": lambda v: call(2), "plethysm": lambda v: call((2, 1)),
    }),
}

CLI: dict[str, CliEntry] = {
    "cli: lie maximal": CliEntry(lambda: ["lie", "maximal", "G2"], (2,)),
    "cli: lie name": CliEntry(lambda: ["lie", "name", "E6", "27bar"], (2, 3)),
    "cli: lie sym": CliEntry(lambda: ["lie", "sym", "A2", "1,0", "3"], (2, 3, 4)),
    "cli: lie alt": CliEntry(lambda: ["lie", "alt", "A3", "1,0,0", "2"], (2, 3, 4)),
    "cli: lie plethysm": CliEntry(lambda: ["lie", "plethysm", "A2", "1,0", "2,1"], (2, 3, 4)),
}


def _extend(original):
    def wrapped():
        out = original()
        for key, methods in METHODS.items():
            if key in out:
                out[key].methods.update(methods)
        return out
    wrapped.__wrapped_by_lie_models__ = True
    return wrapped


if not getattr(_registry._lie_classes, "__wrapped_by_lie_models__", False):
    _registry._lie_classes = _extend(_registry._lie_classes)
