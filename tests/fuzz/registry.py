"""One valid example call for every public callable of symphys and every command-line command.

The fuzzer (``tests/fuzz/test_fuzz.py``) replaces one or two arguments of these calls with bad
values. ``test_registry_covers_every_public_name`` fails when a public name has no entry here, so
a new function, class or method must be registered (or listed in :data:`SKIP` with the reason).

Everything is built lazily, in the worker process: an entry's call factory returns a fresh
:class:`Call` each time (arguments are never shared between calls).

Keys: ``"<package>.<name>"`` for a function or a class constructor, ``"<package>.<Class>.<method>"``
for a method (inherited public methods of a public class included: each is called on an instance
of that class), ``"cli: <command> <subcommand>"`` for the command line.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
import itertools
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PACKAGES = (
    "symphys.lie", "symphys.lie.groups", "symphys.angular", "symphys.tables", "symphys.gr",
    "symphys.gr.bms3", "symphys.gr.bondi4", "symphys.gr.noether", "symphys.cosmology",
    "symphys.equivariance",
)
#: front ends that import a framework; walked when the framework is installed
OPTIONAL_PACKAGES = {
    "symphys.tables.torch_module": "torch",
    "symphys.tables.jax_function": "jax",
}


@dataclass
class Call:
    args: tuple
    kwargs: dict


def call(*args, **kwargs) -> Call:
    return Call(args, kwargs)


@dataclass
class Cls:
    """A public class: how to build an instance, its constructor call, its methods' calls."""

    inst: Callable[[], Any] | None
    ctor: Callable[[Any], Call] | None
    methods: dict[str, Callable[[Any], Call]] = field(default_factory=dict)
    #: build a new instance for each call (the class has state that calls change)
    fresh: bool = False
    #: method -> another instance to call it on (a method that needs another kind)
    alt: dict[str, Callable[[], Any]] = field(default_factory=dict)


_counter = itertools.count()


def _unique(stem: str) -> str:
    """A new file name in the worker's scratch directory."""
    return f"{stem}{next(_counter)}"


# --------------------------------------------------------------------------- helpers
def _np():
    import numpy as np
    return np


def _sp():
    import sympy as sp
    return sp


def _trace00(g):
    return g[..., 0, 0]


def _double(P):
    return 2.0 * P


def _identity_fn(P):
    return P


def _points(shape=(10, 3), seed=0):
    return _np().random.default_rng(seed).normal(size=shape)


def _so3_gens():
    return [[[0, 0, 0], [0, 0, -1], [0, 1, 0]], [[0, 0, 1], [0, 0, 0], [-1, 0, 0]],
            [[0, -1, 0], [1, 0, 0], [0, 0, 0]]]


def _dataclass_call(obj) -> Call:
    names = [f.name for f in dataclasses.fields(obj) if f.init]
    kw_only = {f.name for f in dataclasses.fields(obj) if f.init and f.kw_only}
    return call(*(getattr(obj, n) for n in names if n not in kw_only),
                **{n: getattr(obj, n) for n in names if n in kw_only})


# --------------------------------------------------------------------------- symphys.lie
def _lie_classes():
    def A2():
        from symphys.lie import LieAlgebra
        return LieAlgebra("A2")

    def sub():
        from symphys.lie import LieAlgebra
        return LieAlgebra("A4").subalgebra("A2+A1+U1")

    def weyl():
        from symphys.lie import LieAlgebra
        return LieAlgebra("A2").weyl_group()

    def so3():
        from symphys.lie import so
        return so(3)

    return {
        "symphys.lie.LieAlgebra": Cls(A2, lambda g: call("A", 2), {
            "gram_matrix": lambda g: call(), "simple_roots": lambda g: call(),
            "positive_roots": lambda g: call(), "roots": lambda g: call(),
            "highest_root": lambda g: call(), "exponents": lambda g: call(),
            "coxeter_number": lambda g: call(), "dual_coxeter_number": lambda g: call(),
            "weyl_group_order": lambda g: call(), "weyl_group": lambda g: call(),
            "weyl_orbit": lambda g: call((1, 0)), "fundamental_weights": lambda g: call(),
            "weyl_vector": lambda g: call(), "inner_product": lambda g: call((1, 0), (0, 1)),
            "dynkin_diagram": lambda g: call(), "chevalley_basis": lambda g: call(),
            "structure_constants": lambda g: call(), "killing_form": lambda g: call(),
            "check_weight": lambda g: call((1, 0), "hw"),
            "irrep_dimension": lambda g: call((1, 1)), "dim": lambda g: call((1, 1)),
            "weights": lambda g: call((1, 1)), "character": lambda g: call((1, 1)),
            "tensor_product": lambda g: call((1, 0), (0, 1)), "dual": lambda g: call((1, 0)),
            "casimir": lambda g: call((1, 0)), "index": lambda g: call((1, 0)),
            "subalgebra": lambda g: call("A1+U1"),
            "branch": lambda g: call((1, 0), "A1+U1"),
        }),
        "symphys.lie.Subalgebra": Cls(sub, lambda s: call(s.parent, s.factors, s.n_u1,
                                                           s.projection), {
            "project": lambda s: call((1, 0, 0, 2)), "split": lambda s: call((1, 0, 0, 2)),
            "irrep_dimension": lambda s: call((1, 0, 1, -1)), "dim": lambda s: call((1, 0, 1, -1)),
            "format": lambda s: call((1, 0, 0, 2)),
        }),
        "symphys.lie.WeylGroup": Cls(weyl, lambda w: call([[2, -1], [-1, 2]], 6), {
            "simple_reflections": lambda w: call(), "reflections": lambda w: call(),
            "words": lambda w: call(), "arrays": lambda w: call(),
            "longest_element": lambda w: call(),
        }),
        "symphys.lie.MatrixLieAlgebra": Cls(so3, lambda m: call(_so3_gens()), {
            "coordinates": lambda m: call([[0, 2, 0], [-2, 0, 0], [0, 0, 0]]),
            "is_closed": lambda m: call(), "structure_constants": lambda m: call(),
            "adjoint": lambda m: call(), "killing_form": lambda m: call(),
            "trace_form": lambda m: call(),
        }),
    }


LIE_FUNCS = {
    "symphys.lie.so": lambda: call(3),
    "symphys.lie.sl": lambda: call(3),
    "symphys.lie.sp": lambda: call(4),
    "symphys.lie.gl": lambda: call(2),
    "symphys.lie.equivariant_basis": lambda: call(_so3_gens()),
}


# --------------------------------------------------------------------------- symphys.lie.groups
def _groups_classes():
    np = _np()
    from symphys.lie import groups as G

    def ident(g):
        return g.identity()

    base = {
        "identity": lambda g: call(), "compose": lambda g: call(ident(g), ident(g)),
        "inverse": lambda g: call(ident(g)), "act": lambda g: call(ident(g), np.ones(g.n)),
        "contains": lambda g: call(ident(g)), "validate": lambda g: call(ident(g)),
        "sample": lambda g: call(3, rng=0),
        "integrate": lambda g: call(_trace00, 200, rng=0),
    }
    gl = {
        "split": lambda g: call(), "lie_algebra_basis": lambda g: call(),
        "exp": lambda g: call(np.diag([1.0, 2.0])), "log": lambda g: call(np.diag([1.0, np.e])),
        "in_image_of_exp": lambda g: call(np.eye(2)),
        "polar": lambda g: call(np.diag([2.0, 3.0])), "kak": lambda g: call(np.eye(2)),
        "iwasawa": lambda g: call(np.array([[1.0, 1.0], [0.0, 2.0]])),
        "chart": lambda g: call(np.diag([np.e, 1.0])),
        "from_chart": lambda g: call(np.zeros((2, 2)), np.zeros((2, 2))),
        "haar_log_density": lambda g: call(2.0 * np.eye(2)),
        "haar_log_density_polar": lambda g: call(np.diag([2.0, 3.0]), np.eye(2)),
        "haar_log_density_chart": lambda g: call(np.zeros((2, 2)), np.zeros((2, 2))),
        "sample": lambda g: call(3, rng=0), "symbolic": lambda g: call(),
    }
    sl = {
        "exp": lambda g: call(np.diag([1.0, -1.0])), "log": lambda g: call(np.diag([2.0, 0.5])),
        "polar": lambda g: call(np.diag([2.0, 0.5])),
        "iwasawa": lambda g: call(np.array([[1.0, 1.0], [0.0, 1.0]])),
        "chart": lambda g: call(np.diag([np.e, 1 / np.e])),
        "haar_log_density": lambda g: call(np.eye(2)),
        "haar_log_density_polar": lambda g: call(np.diag([2.0, 0.5]), np.eye(2)),
        "symbolic": lambda g: call(),
    }
    Y3 = [[0.0, -2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    so = {
        "inverse": lambda g: call(np.eye(3)), "volume": lambda g: call(),
        "split": lambda g: call(), "lie_algebra_basis": lambda g: call(),
        "exp": lambda g: call(np.array(Y3)), "log": lambda g: call(np.diag([-1.0, -1.0, 1.0])),
        "in_image_of_exp": lambda g: call(np.eye(3)), "polar": lambda g: call(np.eye(3)),
        "kak": lambda g: call(np.eye(3)), "iwasawa": lambda g: call(np.eye(3)),
        "chart": lambda g: call(np.eye(3)),
        "from_chart": lambda g: call(np.zeros((3, 3)), np.array(Y3)),
        "haar_log_density": lambda g: call(np.eye(3)),
        "haar_log_density_chart": lambda g: call(np.zeros((3, 3)), np.array(Y3)),
        "sample": lambda g: call(2, rng=1), "symbolic": lambda g: call(),
    }
    p = np.array([[2.0, 1.0], [1.0, 2.0]])
    pd = {
        "compose": lambda g: call(p, p), "inverse": lambda g: call(np.diag([2.0, 4.0])),
        "act": lambda g: call(p, np.eye(2)),
        "congruence": lambda g: call(np.array([[1.0, 1.0], [0.0, 1.0]]), np.eye(2)),
        "split": lambda g: call(), "lie_algebra_basis": lambda g: call(),
        "exp": lambda g: call(np.diag([1.0, 0.5])), "log": lambda g: call(np.diag([1.0, np.e])),
        "in_image_of_exp": lambda g: call(np.eye(2)), "polar": lambda g: call(p),
        "kak": lambda g: call(np.eye(2)), "iwasawa": lambda g: call(np.eye(2)),
        "chart": lambda g: call(p), "from_chart": lambda g: call(np.diag([0.1, 0.2]),
                                                                   np.zeros((2, 2))),
        "haar_log_density": lambda g: call(p),
        "invariant_log_density": lambda g: call(np.eye(2) * np.e),
        "sample": lambda g: call(4, rng=0, measure="invariant"), "symbolic": lambda g: call(),
    }
    aff = {
        "parts": lambda g: call(np.eye(3)),
        "from_parts": lambda g: call(np.eye(2), np.array([1.0, 2.0])),
        "inverse": lambda g: call(np.eye(3)), "act": lambda g: call(np.eye(3), [0.0, 2.0]),
        "modular_function": lambda g: call(np.eye(3)),
        "haar_log_density": lambda g: call(np.eye(3)),
        "right_haar_log_density": lambda g: call(np.eye(3)),
        "sample": lambda g: call(5, rng=0), "symbolic": lambda g: call(),
    }
    return {
        "symphys.lie.groups.MatrixGroup": Cls(None, None, base),
        "symphys.lie.groups.GLPlus": Cls(lambda: G.GLPlus(2), lambda g: call(2), gl),
        "symphys.lie.groups.SL": Cls(lambda: G.SL(2), lambda g: call(2), sl),
        "symphys.lie.groups.SO": Cls(lambda: G.SO(3), lambda g: call(3), so),
        "symphys.lie.groups.PositiveDefinite": Cls(lambda: G.PositiveDefinite(2),
                                                   lambda g: call(2), pd),
        "symphys.lie.groups.Affine": Cls(lambda: G.Affine(G.SO(2)), lambda g: call(G.SO(2)), aff),
        "symphys.lie.groups.NoRealLogarithm": Cls(None, lambda g: call("no log", [(0,)])),
    }


def _groups_funcs():
    def a(*rows):
        return _np().array(rows, dtype=float)
    return {
        "symphys.lie.groups.polar": lambda: call(a([2.0, 1.0], [0.0, 1.0])),
        "symphys.lie.groups.kak": lambda: call(a([0.0, -3.0], [2.0, 0.0])),
        "symphys.lie.groups.iwasawa": lambda: call(a([1.0, 2.0], [0.0, 3.0])),
        "symphys.lie.groups.chart": lambda: call(a([-2.0, 0.0], [0.0, -0.5])),
        "symphys.lie.groups.from_chart": lambda: call(_np().zeros((2, 2)),
                                                      a([0, -1.5], [1.5, 0])),
        "symphys.lie.groups.exp": lambda: call(a([0.0, -1.5], [1.5, 0.0])),
        "symphys.lie.groups.log": lambda: call(a([2.0, 0.0], [0.0, 3.0])),
        "symphys.lie.groups.has_real_log": lambda: call(_np().diag([-1.0, -2.0, 0.5])),
        "symphys.lie.groups.in_image_of_exp": lambda: call(a([-2.0, 0.0], [0.0, -0.5])),
        "symphys.lie.groups.so_volume": lambda: call(3),
        "symphys.lie.groups.log_so_volume": lambda: call(3),
        "symphys.lie.groups.haar_so": lambda: call(3, 4, rng=0),
    }


# --------------------------------------------------------------------------- symphys.angular
ANGULAR_FUNCS = {
    "symphys.angular.clebsch_gordan": lambda: call(0.5, 0.5, 1, 0.5, -0.5, 0),
    "symphys.angular.clebsch_gordan_block": lambda: call(0.5, 0.5, 1),
    "symphys.angular.complex_to_real": lambda: call(1),
    "symphys.angular.gaunt": lambda: call(1, 0, 1, 1, 0, -1),
    "symphys.angular.gaunt_block": lambda: call(1, 0, 1),
    "symphys.angular.gaunt_blocks": lambda: call(2),
    "symphys.angular.real_gaunt": lambda: call(1, 1, 2, -1, 1, -2),
    "symphys.angular.spherical_harmonics": lambda: call(2, 0.3, 0.2, derivatives=1),
    "symphys.angular.spherical_harmonics_xyz": lambda: call(2, _np().array([0.0, 0.6, 0.8])),
    "symphys.angular.wigner_3j": lambda: call(1, 1, 2, 0, 0, 0),
    "symphys.angular.wigner_3j_block": lambda: call(1, 1, 2),
    "symphys.angular.wigner_3j_blocks": lambda: call(2),
    "symphys.angular.wigner_6j": lambda: call(1, 2, 3, 1, 2, 3),
    "symphys.angular.wigner_9j": lambda: call(1, 1, 1, 1, 1, 1, 1, 1, 0),
    "symphys.angular.wigner_D": lambda: call(1, 0.1, 0.2, 0.3),
    "symphys.angular.wigner_d": lambda: call(0.5, math.pi / 3),
    "symphys.angular.wigner_d_half_pi": lambda: call(1),
    "symphys.angular.sh_to_fourier": lambda: call(2),
    "symphys.angular.fourier_to_sh": lambda: call(2),
    "symphys.angular.sh_to_fourier_coo": lambda: call(2),
    "symphys.angular.fourier_to_sh_coo": lambda: call(2, umax=3),
    "symphys.angular.gaunt_tensor_product": lambda: call(
        _np().array([0.0, 1.0, 2.0, 3.0]), _np().array([2 * math.sqrt(math.pi)]), basis="real"),
}


# --------------------------------------------------------------------------- symphys.tables
def _table():
    from symphys.tables import generate
    return generate("wigner3j", 2)


def _dense_table():
    from symphys.tables import generate
    return generate("sh_to_fourier", 2)


def _saved_table() -> str:
    from symphys.tables import save
    path = _unique("saved") + ".npz"
    save(_table(), path)
    return path


def _tables_classes():
    return {
        "symphys.tables.Table": Cls(_table, lambda t: call(t.arrays, t.metadata), {
            "block": lambda t: call(1, 1, 2), "array": lambda t: call(),
            "to_layout": lambda t: call("coo"),
            "save": lambda t: call(_unique("table") + ".npz"),
        }, alt={"array": _dense_table}),
        "symphys.tables.TableError": Cls(None, lambda t: call("bad table")),
        "symphys.tables.torch_module.GauntTensorProduct": Cls(
            _torch_tp, lambda m: call(1, 0, basis="real"), {
                "forward": lambda m: call(*_torch_xy()), "extra_repr": lambda m: call(),
            }),
    }


def _torch_tp():
    from symphys.tables.torch_module import GauntTensorProduct
    return GauntTensorProduct(1, 0, basis="real")


def _torch_xy():
    import torch
    return (torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=torch.float64),
            torch.tensor([2 * math.sqrt(math.pi)], dtype=torch.float64))


TABLES_FUNCS = {
    "symphys.tables.check_format": lambda: call("weights/cg.npz"),
    "symphys.tables.generate": lambda: call("wigner3j", 2),
    "symphys.tables.load": lambda: call(_saved_table()),
    "symphys.tables.save": lambda: call(_table(), _unique("t") + ".npz"),
    "symphys.tables.table_nbytes": lambda: call("wigner3j", 8),
    "symphys.tables.jax_function.gaunt_tensor_product_jax": lambda: call(1, 0, basis="real"),
}


# --------------------------------------------------------------------------- symphys.gr
def _xyz():
    return _sp().symbols("x y z")


def _metric3():
    sp = _sp()
    from symphys.gr import Metric
    x, y, z = _xyz()
    return Metric(sp.diag(1, x**2, 1), (x, y, z))


def _flat(n=3, lorentz=True):
    sp = _sp()
    from symphys.gr import Metric
    xs = sp.symbols(f"x0:{n}")
    return Metric(sp.diag(*([-1] if lorentz else [1]), *([1] * (n - 1))), xs)


def _gr_classes():
    sp = _sp()
    from symphys.gr import InverseRSeries
    r = sp.Symbol("r")
    x, y, z = _xyz()
    return {
        "symphys.gr.InverseRSeries": Cls(
            lambda: InverseRSeries.from_expr(r + 3 / r**2, r, order=4),
            lambda s: call({-1: sp.Integer(1), 2: sp.Integer(3)}, 4, r), {
                "from_expr": lambda s: call(r + 3 / r**2, r),
                "inverse": lambda s: call(3), "diff": lambda s: call(r),
                "coeff": lambda s: call(2), "as_expr": lambda s: call(),
            }),
        "symphys.gr.Metric": Cls(_metric3, lambda m: call(sp.diag(1, x**2, 1), (x, y, z)), {
            "christoffel": lambda m: call(), "riemann": lambda m: call(),
            "riemann_lower": lambda m: call(), "ricci": lambda m: call(),
            "ricci_scalar": lambda m: call(), "einstein": lambda m: call(),
            "weyl": lambda m: call(), "kretschmann": lambda m: call(),
            "lie_derivative": lambda m: call([-y, x, 0]),
            "killing_equations": lambda m: call([sp.Function("f")(x, y), 0, 0]),
            "covariant_derivative": lambda m: call(m.g, "dd"),
        }),
    }


def _gr_funcs():
    def sym():
        return _sp(), *_xyz()

    def bb():
        sp, x, y, z = sym()
        return call(_flat(), sp.zeros(3, 3), [1, 0, 0])

    def cd():
        sp, x, y, z = sym()
        return call(x * y, "", sp.Array.zeros(2, 2, 2), (x, y))

    def fr():
        sp = _sp()
        u, r = sp.symbols("u r")
        f = sp.Function("f")(u)
        return call(f.diff(u) + f / r)

    def ipc():
        sp = _sp()
        u, r = sp.symbols("u r")
        m = sp.Function("m")(u)
        return call(r**2 + m.diff(u) / (r - 1), r, 3)

    def kd():
        sp, x, y, z = sym()
        from symphys.gr import Metric
        return call(Metric(sp.diag(-1, 1), (x, y)), [y, x])

    def ld():
        sp, x, y, z = sym()
        return call([1, 0], [-y, x], (x, y), "u")

    def pp():
        sp, x, y, z = sym()
        from symphys.gr import Metric
        return call(Metric(sp.diag(-1, 1), (x, y)), sp.diag(0, y**2))

    def th():
        sp = _sp()
        f0 = sp.Symbol("_F0")
        return call(2 * f0, {f0: sp.Function("g")(sp.Symbol("u"))})

    return {
        "symphys.gr.barnich_brandt": bb,
        "symphys.gr.covariant_derivative": cd,
        "symphys.gr.freeze": fr,
        "symphys.gr.inverse_power_coefficients": ipc,
        "symphys.gr.iyer_wald": bb,
        "symphys.gr.komar_density": kd,
        "symphys.gr.lie_derivative": ld,
        "symphys.gr.presymplectic_potential": pp,
        "symphys.gr.thaw": th,
    }


def _bms3_funcs():
    def phi():
        from symphys.gr.bms3 import phi
        return phi

    sp = _sp
    return {
        "symphys.gr.bms3.algebra": lambda: call(),
        "symphys.gr.bms3.antipodal_map": lambda: call(sp().cos(phi()), 0),
        "symphys.gr.bms3.bracket": lambda: call(0, 1, sp().cos(phi()), 0),
        "symphys.gr.bms3.charge": lambda: call(1, 0, -1, 0),
        "symphys.gr.bms3.charge_density": lambda: call(),
        "symphys.gr.bms3.charges_fft": lambda: call(-_np().ones(8), _np().zeros(8)),
        "symphys.gr.bms3.clear_caches": lambda: call(),
        "symphys.gr.bms3.conical_defect": lambda: call(sp().Rational(1, 2)),
        "symphys.gr.bms3.field_equations": lambda: call(),
        "symphys.gr.bms3.finite_superrotation": lambda: call(phi() + sp().sin(phi()) / 2, -1),
        "symphys.gr.bms3.flat_space_cosmology": lambda: call(1, 2),
        "symphys.gr.bms3.killing_vector": lambda: call(0, 1),
        "symphys.gr.bms3.metric": lambda: call(),
        "symphys.gr.bms3.minkowski": lambda: call(),
        "symphys.gr.bms3.schwarzian": lambda: call(sp().tan(phi() / 2)),
        "symphys.gr.bms3.solution_metric": lambda: call(-1, 0),
        "symphys.gr.bms3.solution_space": lambda: call(),
        "symphys.gr.bms3.stabilizer": lambda: call(-1, 0),
        "symphys.gr.bms3.supertranslated_minkowski": lambda: call(sp().cos(2 * phi())),
        "symphys.gr.bms3.variation": lambda: call(1, 0, Theta=-1, Xi=0),
    }


BONDI4_FUNCS = {
    "symphys.gr.bondi4.sphere_metric": lambda: call(),
    "symphys.gr.bondi4.clear_caches": lambda: call(),
    "symphys.gr.bondi4.shear": lambda: call(axisymmetric=True),
    "symphys.gr.bondi4.metric": lambda: call(axisymmetric=True),
    "symphys.gr.bondi4.solve_hypersurface": lambda: call(axisymmetric=True),
    "symphys.gr.bondi4.mass_aspect_evolution": lambda: call(axisymmetric=True),
    "symphys.gr.bondi4.news_squared": lambda: call(axisymmetric=True),
    "symphys.gr.bondi4.divergence_term": lambda: call(axisymmetric=True),
    "symphys.gr.bondi4.mass_loss": lambda: call(axisymmetric=True),
    "symphys.gr.bondi4.bondi_mass": lambda: call(_sp().Symbol("m_B")),
}


def _noether_funcs():
    def osc():
        sp = _sp()
        t = sp.Symbol("t")
        q = sp.Function("q")(t)
        return sp, t, q, q.diff(t) ** 2 / 2 - q**2 / 2

    def field2():
        sp = _sp()
        t, x = sp.symbols("t x")
        f = sp.Function("f")(t, x)
        return t, x, f

    def nih():
        sp, t, q, L = osc()
        from symphys.gr.noether import noether_current
        j = noether_current(L, [q], [t], xi=[1])
        return call(L, [q], [t], j, xi=[1])

    def cos_():
        sp, t, q, L = osc()
        return call([q.diff(t) ** 2 + q**2], [t], {q.diff(t, 2): -q})

    def cst():
        t, x, f = field2()
        return call((f.diff(t) ** 2 - f.diff(x) ** 2) / 2, [f], [t, x])

    def ch():
        t, x, f = field2()
        return call([f], [t, x], xi=[1, 0])

    return {
        "symphys.gr.noether.euler_lagrange": lambda: call(osc()[3], [osc()[2]], [osc()[1]]),
        "symphys.gr.noether.characteristic": ch,
        "symphys.gr.noether.noether_current": lambda: call(osc()[3], [osc()[2]], [osc()[1]],
                                                           xi=[1]),
        "symphys.gr.noether.noether_identity_holds": nih,
        "symphys.gr.noether.conserved_on_shell": cos_,
        "symphys.gr.noether.canonical_stress_tensor": cst,
    }


# --------------------------------------------------------------------------- symphys.cosmology
def _sndata():
    from symphys.cosmology import SNData
    return SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])


def _like(model="lcdm"):
    from symphys.cosmology import SupernovaLikelihood
    return SupernovaLikelihood(_sndata(), model)


def _bestfit():
    from symphys.cosmology import BestFit
    return BestFit("lcdm", ("Om",), {"H0": 70.0, "Om": 0.3, "M": -19.3}, 1000.0, 1048, 2, True)


def _bestfits():
    from symphys.cosmology import BestFit
    return [BestFit("lcdm", ("Om",), {"M": -19.3}, 1000.0, 1000, 2, True),
            BestFit("eds", (), {"M": -19.0}, 1100.0, 1000, 1, True)]


def _sample_result(k=1):
    np = _np()
    from symphys.cosmology import SampleResult
    chain = np.random.default_rng(0).normal(size=(200, 8, k))
    names = ("x",) if k == 1 else ("a", "b")
    return SampleResult(names, chain, np.zeros((200, 8)), np.ones(k), np.full(8, 0.3), 20, 2)


def _data_dir() -> str:
    """The reference data of the tests (tests/conftest.py), else an empty folder (no download)."""
    from tests.conftest import shared_data_path
    path = shared_data_path()
    if path.is_dir():
        return str(path)
    os.makedirs("no-data", exist_ok=True)
    return "no-data"


def _snana_file() -> str:
    path = _unique("cov") + ".txt"
    with open(path, "w") as fh:
        fh.write("2\n1.0\n0.5\n0.5\n2.0\n")
    return path


def _cosmology_classes():
    from symphys import cosmology as C
    dist = {
        "comoving_transverse_distance": lambda m: call(1.0),
        "luminosity_distance": lambda m: call(1.0),
        "distance_modulus": lambda m: call(_np().array([0.1, 1.0])),
        "hubble_distance": lambda m: call(),
    }
    like = {
        "residuals": lambda s: call([0.3]), "chi2": lambda s: call([0.3]),
        "chi2_profiled": lambda s: call([0.3]), "M_hat": lambda s: call([0.3]),
        "log_prior": lambda s: call([0.3]), "log_prob": lambda s: call([0.3]),
        "start": lambda s: call(), "best_fit": lambda s: call(),
        "sample": lambda s: call(nwalkers=4, nsteps=30, max_steps=60, rng=0),
    }
    return {
        "symphys.cosmology.VSLDerivation": Cls(lambda: C.derive_vsl(), _dataclass_call, {
            "age_gyr": lambda d: call(47.2),
        }),
        "symphys.cosmology.DistanceModel": Cls(None, None, dist),
        "symphys.cosmology.FlatLambdaCDM": Cls(lambda: C.FlatLambdaCDM(70, 0.3),
                                               lambda m: call(70.0, 0.3)),
        "symphys.cosmology.LambdaCDM": Cls(lambda: C.LambdaCDM(70, 0.3, 0.7),
                                           lambda m: call(70.0, 0.3, 0.7)),
        "symphys.cosmology.FlatwCDM": Cls(lambda: C.FlatwCDM(70, 0.3, -1.0),
                                          lambda m: call(70.0, 0.3, -1.0)),
        "symphys.cosmology.EinsteinDeSitter": Cls(lambda: C.EinsteinDeSitter(70),
                                                  lambda m: call(70.0)),
        "symphys.cosmology.Milne": Cls(lambda: C.Milne(70), lambda m: call(70.0)),
        "symphys.cosmology.VaryingC": Cls(lambda: C.VaryingC(47.2), lambda m: call(47.2), {
            "hubble_law_slope": lambda m: call(), "age": lambda m: call(),
        }),
        "symphys.cosmology.SNData": Cls(_sndata, _dataclass_call, {
            "from_arrays": lambda d: call([0.1, 0.5, 1.0], [38.3, 42.3, 44.1],
                                          dmb=[0.1, 0.1, 0.1]),
            "subset": lambda d: call(_np().array([True, False, True])),
        }),
        "symphys.cosmology.SupernovaLikelihood": Cls(_like, lambda s: call(_sndata(), "lcdm"),
                                                     like),
        "symphys.cosmology.BestFit": Cls(_bestfit, _dataclass_call, {
            "h0_for_M": lambda b: call(-19.0), "summary": lambda b: call(),
        }),
        "symphys.cosmology.SampleResult": Cls(_sample_result, _dataclass_call, {
            "flat": lambda r: call(), "intervals": lambda r: call(), "summary": lambda r: call(),
        }),
        "symphys.cosmology.Posterior": Cls(None, None),
        "symphys.cosmology.ComparisonTable": Cls(lambda: C.compare(_bestfits()),
                                                 lambda t: call(t.rows), {
            "to_list": lambda t: call(),
        }),
    }


def _cosmology_funcs():
    return {
        "symphys.cosmology.derive_vsl": lambda: call(mu=2 / 3, zeta=0.5),
        "symphys.cosmology.derive_higgs_dilaton_scalings": lambda: call(),
        "symphys.cosmology.get_model": lambda: call("lcdm"),
        "symphys.cosmology.load_pantheon": lambda: call(binned=True, data_dir=_data_dir()),
        "symphys.cosmology.load_pantheon_plus": lambda: call(diagonal_only=True,
                                                             data_dir=_data_dir()),
        "symphys.cosmology.read_snana_covariance": lambda: call(_snana_file()),
        "symphys.cosmology.data_file": lambda: call("no/such/file.txt", data_dir="."),
        "symphys.cosmology.sample_posterior": lambda: call(_like(), nwalkers=4, nsteps=30,
                                                           max_steps=60, rng=1),
        "symphys.cosmology.compare": lambda: call(_bestfits()),
        "symphys.cosmology.log_evidence": lambda: call(_like("eds")),
        "symphys.cosmology.hubble_diagram": lambda: call(_sndata(), [_bestfit()]),
        "symphys.cosmology.corner_plot": lambda: call(_sample_result(2)),
    }


# --------------------------------------------------------------------------- symphys.equivariance
def _equivariance_classes():
    np = _np()
    from symphys import equivariance as E

    def frame():
        return E.frames(_points((6, 2)), "E(2)")

    def tuner():
        return E.EquivarianceWeightTuner({"a": 1.0, "b": 2.0}, warmup=0)

    def ge():
        return E.GroupElements(translation=np.array([[1.0, 2.0]]))

    return {
        "symphys.equivariance.Frame": Cls(frame, _dataclass_call, {
            "canonicalize": lambda f: call(_points((6, 2))),
            "act": lambda f: call(f.canonicalize(_points((6, 2)))),
        }),
        "symphys.equivariance.EquivarianceReport": Cls(
            None, lambda r: call(0.0, 0.0, 1, np.zeros(1))),
        "symphys.equivariance.SoftEquivariancePenalty": Cls(
            None, lambda r: call(0.0, {"T(3)": 0.0})),
        "symphys.equivariance.EquivarianceWeightTuner": Cls(
            tuner, lambda t: call({"a": 1.0, "b": 2.0}, warmup=0), {
                "observe": lambda t: call({"a": 0.5, "b": 0.1}),
                "adjust": lambda t: call(),
            }, fresh=True),
        "symphys.equivariance.Symmetry": Cls(lambda: E.Symmetry("T(2)"),
                                             lambda s: call("T(2)"), {
            "sample": lambda s: call(3, rng=0, input_shape=(4, 2)),
            "act_input": lambda s: call(ge(), np.zeros((3, 2))),
            "act_output": lambda s: call(ge(), np.ones((1, 2))),
        }),
        "symphys.equivariance.GroupElements": Cls(
            ge, lambda g: call(rotation=np.array([[[0.0, -1.0], [1.0, 0.0]]]),
                               translation=np.array([[1.0, 2.0]]))),
    }


def _equivariance_funcs():
    np = _np()
    from symphys import equivariance as E
    Rz = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    return {
        "symphys.equivariance.frames": lambda: call(_points(), "SE(3)"),
        "symphys.equivariance.frame_average": lambda: call(_identity_fn, _points((6, 3)), "E(3)",
                                                           output="equivariant"),
        "symphys.equivariance.principal_axes": lambda: call(_points((4, 2))),
        "symphys.equivariance.equivariance_error": lambda: call(_double, "SO(3)", _points((5, 3)),
                                                                n_samples=8, rng=0),
        "symphys.equivariance.soft_equivariance_penalty": lambda: call(
            _identity_fn, _points((8, 5, 3)), {"T(3)": 1.0, "SO(3)": 0.5}, rng=0),
        "symphys.equivariance.invariant_coordinates": lambda: call(
            np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 1.0], [1.0, 2.0]])),
        "symphys.equivariance.irrep_matrix": lambda: call(1, Rz, basis="real"),
        "symphys.equivariance.irrep_action": lambda: call(2, basis="real"),
        "symphys.equivariance.apply_action": lambda: call(
            E.GroupElements(rotation=np.array([[[0.0, -1.0], [1.0, 0.0]]]),
                            translation=np.array([[1.0, 2.0]])),
            np.array([[1.0, 0.0]]), action="points"),
        "symphys.equivariance.haar_orthogonal": lambda: call(3, 5, rng=0),
    }


# --------------------------------------------------------------------------- the command line
@dataclass
class CliEntry:
    """A valid argv; ``values``: indices of argv that are values (replaced by bad strings);
    ``options``: options not in argv that take a value (added with a bad value)."""

    argv: Callable[[], list[str]]
    values: tuple[int, ...]
    options: tuple[str, ...] = ()


def _cli_table_file() -> str:
    return _saved_table()


CLI: dict[str, CliEntry] = {
    "cli: info": CliEntry(lambda: ["info"], ()),
    "cli: tables generate": CliEntry(
        lambda: ["tables", "generate", "wigner3j", "--lmax", "2", "-o", _unique("g") + ".npz"],
        (2, 4, 6), ("--umax", "--basis", "--dtype", "--layout", "--format")),
    "cli: tables info": CliEntry(lambda: ["tables", "info", _cli_table_file()], (2,),
                                 ("--format",)),
    "cli: tables 3j": CliEntry(lambda: ["tables", "3j", "1", "1", "2", "0", "0", "0"],
                               (2, 3, 4, 5, 6, 7)),
    "cli: tables cg": CliEntry(lambda: ["tables", "cg", "1", "1", "2", "0", "0", "0"],
                               (2, 3, 4, 5, 6, 7)),
    "cli: tables 6j": CliEntry(lambda: ["tables", "6j", "1", "2", "3", "1", "2", "3"],
                               (2, 3, 4, 5, 6, 7)),
    "cli: tables 9j": CliEntry(lambda: ["tables", "9j", *"111111110"], tuple(range(2, 11))),
    "cli: tables gaunt": CliEntry(lambda: ["tables", "gaunt", "1", "0", "1", "1", "0", "-1"],
                                  (2, 3, 4, 5, 6, 7)),
    "cli: tables real_gaunt": CliEntry(
        lambda: ["tables", "real_gaunt", "1", "1", "2", "-1", "1", "-2"], (2, 3, 4, 5, 6, 7)),
    "cli: fit": CliEntry(
        lambda: ["fit", "--model", "eds", "--data", "pantheon-binned", "--no-mcmc",
                 "--no-plots", "--no-progress", "--out", _unique("fit"), "--data-dir",
                 _data_dir()],
        (2, 4, 9, 11),
        ("--M", "--fix", "--free", "--cov", "--steps", "--walkers",
         "--max-steps", "--seed", "--compare", "--resume")),
    "cli: lie info": CliEntry(lambda: ["lie", "info", "A2"], (2,)),
    "cli: lie dim": CliEntry(lambda: ["lie", "dim", "G2", "1,0"], (2, 3)),
    "cli: lie weights": CliEntry(lambda: ["lie", "weights", "A2", "1,1"], (2, 3)),
    "cli: lie tensor": CliEntry(lambda: ["lie", "tensor", "A2", "1,0", "0,1"], (2, 3, 4)),
    "cli: lie branch": CliEntry(lambda: ["lie", "branch", "G2", "A2", "1,0"], (2, 3, 4),
                                ("--irrep", "--pick")),
    "cli: lie roots": CliEntry(lambda: ["lie", "roots", "A2"], (2,)),
    "cli: bms derive": CliEntry(lambda: ["bms", "derive"], ()),
    "cli: bms charge": CliEntry(lambda: ["bms", "charge", "--T", "1", "--Theta", "-1"], (3, 5),
                                ("--Y", "--Xi", "--formula", "--scri")),
    "cli: bms stabilizer": CliEntry(lambda: ["bms", "stabilizer", "--Theta", "-1"], (3,),
                                    ("--Xi", "--max-mode")),
    "cli: bms mass-loss": CliEntry(lambda: ["bms", "mass-loss", "--axisymmetric"], ()),
}


# --------------------------------------------------------------------------- the tables
#: public names that cannot be called, with the reason (the coverage test accepts these)
SKIP: dict[str, str] = {
    "symphys.lie.groups.MatrixGroup": "abstract base class; its methods run on each subclass",
    "symphys.cosmology.DistanceModel": "abstract base class; its methods run on each model",
    "symphys.cosmology.Posterior": "a typing.Protocol (an interface), not instantiable",
    "symphys.cosmology.Posterior.log_prob": "a Protocol method (no body)",
    "symphys.cosmology.Posterior.best_fit": "a Protocol method (no body)",
}

#: per-entry time limits above the default, for valid calls that are slow by nature
TIMEOUTS: dict[str, float] = {
    "symphys.gr.bondi4.solve_hypersurface": 60, "symphys.gr.bondi4.mass_aspect_evolution": 60,
    "symphys.gr.bondi4.mass_loss": 60, "symphys.gr.bondi4.news_squared": 60,
    "symphys.gr.bondi4.divergence_term": 60, "cli: bms mass-loss": 60, "cli: bms derive": 60,
    "cli: fit": 60, "symphys.gr.bms3.algebra": 40, "symphys.cosmology.load_pantheon_plus": 30,
    "symphys.cosmology.load_pantheon": 30,
    # a run is bounded in closed form by MAX_POSTERIOR_CALLS (10**6 evaluations), not by 10 s
    "symphys.cosmology.SupernovaLikelihood.sample": 300, "symphys.cosmology.sample_posterior": 300,
}

#: entry points whose valid call takes seconds (measured on a 2-core machine): the default run
#: skips their valid call and fuzzes them once; ``-m slow`` walks them fully
SLOW: dict[str, str] = {
    "symphys.gr.bms3.algebra": "8 s", "symphys.gr.bondi4.mass_loss": "14 s",
    "symphys.gr.bondi4.solve_hypersurface": "the Bondi hypersurface equations",
    "symphys.gr.bondi4.mass_aspect_evolution": "the Bondi hypersurface equations",
    "symphys.gr.bondi4.news_squared": "the Bondi hypersurface equations",
    "symphys.gr.bondi4.divergence_term": "the Bondi hypersurface equations",
    "symphys.gr.bms3.killing_vector": "1.4 s", "symphys.cosmology.SupernovaLikelihood.sample":
    "3.4 s (MCMC)", "symphys.cosmology.sample_posterior": "MCMC",
    "symphys.cosmology.corner_plot": "1.8 s (matplotlib)",
    "symphys.cosmology.hubble_diagram": "1.3 s (matplotlib)", "cli: bms derive": "3 s",
    "cli: bms charge": "1.8 s", "cli: bms mass-loss": "the Bondi equations", "cli: fit": "a fit",
}

#: functions allowed to raise OSError (they read or write files; OSError is the file error)
OSERROR_OK: set[str] = {
    "symphys.tables.load", "symphys.tables.save", "symphys.tables.Table.save",
    "symphys.tables.check_format", "symphys.cosmology.load_pantheon",
    "symphys.cosmology.load_pantheon_plus", "symphys.cosmology.read_snana_covariance",
    "symphys.cosmology.data_file", "symphys.cosmology.hubble_diagram",
    "symphys.cosmology.corner_plot",
    "symphys.tables.torch_module.GauntTensorProduct",
    "symphys.tables.jax_function.gaunt_tensor_product_jax",
    "symphys.cosmology.SupernovaLikelihood.sample", "symphys.cosmology.sample_posterior",
}

#: (key, reason): output that may hold -inf/NaN by documented design, from finite input
NONFINITE_OK: dict[str, str] = {
    "symphys.cosmology.BestFit.summary": "errors: NaN if unavailable (BestFit.errors docstring)",
    "symphys.cosmology.SupernovaLikelihood.log_prior": "-inf outside the prior (emcee's rule)",
    "symphys.cosmology.SupernovaLikelihood.log_prob": "-inf outside the prior (emcee's rule)",
    "symphys.equivariance.principal_axes": "an eigenvalue beyond the float range is inf "
                                           "(principal_axes docstring, Returns: lam)",
}

#: functions whose docstring says NaN in gives NaN out (this excuses only calls with a NaN/inf
#: input). A docstring that says so in words is also read as documenting it: "NaN in, NaN out",
#: "a NaN ... gives NaN", "NaN ... returns NaN", "the IEEE convention" (see :func:`nan_propagates`).
NAN_PROPAGATES: dict[str, str] = {
    **{f"symphys.{name}": "a result record: it holds the values a computation produced (a "
                          "NaN/inf field records a NaN/inf given to it) and computes nothing"
       for name in ("cosmology.VSLDerivation", "cosmology.BestFit", "cosmology.SampleResult",
                    "equivariance.EquivarianceReport", "equivariance.SoftEquivariancePenalty",
                    "equivariance.Frame")},
}

_NAN_IN_NAN_OUT = re.compile(
    r"NaN\s+in\b[^.]{0,20}?NaN\s+out\b"
    r"|\bNaN\b[^.]{0,80}?\b(gives?|returns?|yields?|propagates?)\b[^.]{0,40}?\bNaN\b"
    r"|\bIEEE[- ](convention|style)", re.DOTALL)


def nan_propagates(key: str, target) -> bool:
    """Whether ``key`` may return NaN/inf for a NaN/inf input (listed, or its docstring says)."""
    if key in NAN_PROPAGATES:
        return True
    doc = inspect.getdoc(target) or ""
    owner = getattr(target, "__self__", None)
    if not doc and owner is not None:
        doc = inspect.getdoc(type(owner)) or ""
    return bool(_NAN_IN_NAN_OUT.search(doc))


def _part_dicts(attr: str) -> list[dict]:
    """The ``attr`` dict of every registry part (a callable attribute is called)."""
    out = []
    for part in _parts():
        value = getattr(part, attr, None)
        if value is not None:
            out.append(value() if callable(value) else value)
    return out


def _merge(parts) -> dict:
    out: dict = {}
    for part in parts:
        clash = set(out) & set(part)
        if clash:
            raise ValueError(f"registry keys defined twice: {sorted(clash)}")
        out.update(part)
    return out


def functions() -> dict[str, Callable[[], Call]]:
    return _merge((LIE_FUNCS, _groups_funcs(), ANGULAR_FUNCS, TABLES_FUNCS, _gr_funcs(),
                   _bms3_funcs(), BONDI4_FUNCS, _noether_funcs(), _cosmology_funcs(),
                   _equivariance_funcs(), *_part_dicts("FUNCS")))


def classes() -> dict[str, Cls]:
    return _merge((_lie_classes(), _groups_classes(), _tables_classes(), _gr_classes(),
                   _cosmology_classes(), _equivariance_classes(), *_part_dicts("CLASSES")))


# --------------------------------------------------------------------------- the public names
def _module_public(mod) -> list[str]:
    names = getattr(mod, "__all__", None)
    if names is not None:
        return list(names)
    return [n for n, v in vars(mod).items() if not n.startswith("_")
            and getattr(v, "__module__", None) == mod.__name__
            and (inspect.isfunction(v) or inspect.isclass(v))]


def packages() -> list[str]:
    out = list(PACKAGES)
    for mod, framework in OPTIONAL_PACKAGES.items():
        if importlib.util.find_spec(framework) is not None:
            out.append(mod)
    return out


def public_entries() -> dict[str, tuple[str, str, object, object]]:
    """key -> (package, kind, object, owner class or None) for every public callable."""
    seen: set[int] = set()
    out: dict[str, tuple[str, str, object, object]] = {}
    for pkg_name in packages():
        mod = importlib.import_module(pkg_name)
        for name in _module_public(mod):
            obj = getattr(mod, name)
            if inspect.ismodule(obj) or not callable(obj) or id(obj) in seen:
                continue
            if type(obj).__module__.startswith("sympy"):  # a Symbol such as bms3.G
                continue
            seen.add(id(obj))
            key = f"{pkg_name}.{name}"
            if inspect.isclass(obj):
                out[key] = (pkg_name, "class", obj, None)
                for attr in dir(obj):
                    if attr.startswith("_"):
                        continue
                    owner = next((c for c in obj.__mro__ if attr in vars(c)), None)
                    if owner is None or not owner.__module__.startswith("symphys"):
                        continue
                    member = vars(owner)[attr]
                    if isinstance(member, (staticmethod, classmethod)):
                        member = member.__func__
                    if inspect.isfunction(member):
                        out[f"{key}.{attr}"] = (pkg_name, "method", member, obj)
            else:
                out[key] = (pkg_name, "function", obj, None)
    return out


def class_keys() -> dict[type, str]:
    return {obj: key for key, (_, kind, obj, _) in public_entries().items() if kind == "class"}


def package_of(key: str) -> str:
    """The package a finding is reported under (lie, lie.groups, angular, ...)."""
    if key.startswith("cli:"):
        return "cli"
    parts = key.split(".")[1:]
    if parts[:2] == ["lie", "groups"]:
        return "lie.groups"
    return parts[0]


# --------------------------------------------------------------------------- the parts
def _parts() -> list:
    """The modules of :mod:`tests.fuzz.parts` (one per area), imported once, sorted by name."""
    global _PARTS
    if _PARTS is None:
        import pkgutil

        from tests.fuzz import parts as _parts_pkg
        _PARTS = [importlib.import_module(f"tests.fuzz.parts.{info.name}")
                  for info in sorted(pkgutil.iter_modules(_parts_pkg.__path__),
                                     key=lambda i: i.name)]
    return _PARTS


_PARTS: list | None = None


def _merge_tables() -> None:
    """Fold each part's tables into this module's (at import; the parts import this module)."""
    global PACKAGES
    extra_packages: list[str] = []
    for part in _parts():
        extra_packages += [p for p in getattr(part, "PACKAGES", ()) if p not in PACKAGES]
        OPTIONAL_PACKAGES.update(getattr(part, "OPTIONAL_PACKAGES", {}))
        OSERROR_OK.update(getattr(part, "OSERROR_OK", set()))
        for name, table in (("CLI", CLI), ("SKIP", SKIP), ("TIMEOUTS", TIMEOUTS),
                            ("SLOW", SLOW), ("NONFINITE_OK", NONFINITE_OK),
                            ("NAN_PROPAGATES", NAN_PROPAGATES)):
            more = getattr(part, name, {})
            clash = set(table) & set(more)
            if clash:
                raise ValueError(f"registry {name} keys defined twice: {sorted(clash)}")
            table.update(more)
    PACKAGES = (*PACKAGES, *extra_packages)


_merge_tables()
