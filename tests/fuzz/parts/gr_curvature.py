"""Fuzz registry part: symphys.gr curvature (issue 17, the curvature half): conformal tensors,
null tetrads and Newman-Penrose scalars, Petrov type."""

from __future__ import annotations

from tests.fuzz.registry import call

PACKAGES = ("symphys.gr.conformal", "symphys.gr.tetrad", "symphys.gr.petrov")


def _m3():
    import sympy as sp

    from symphys.gr import Metric
    x, y, z = sp.symbols("x y z")
    return Metric(sp.diag(1, 1 + x**2, 1), (x, y, z))


def _m4():
    import sympy as sp

    from symphys.gr import Metric
    t, x, y, z = sp.symbols("t x y z", real=True)
    return Metric(sp.diag(-(1 + x**2), 1, 1, 1), (t, x, y, z))


def _m4n():
    """A curved metric with a rational null tetrad (:func:`_tet`): ds² = -dt² + dx² + dy² +
    (1 + x²)² dz²."""
    import sympy as sp

    from symphys.gr import Metric
    t, x, y, z = sp.symbols("t x y z", real=True)
    return Metric(sp.diag(-1, 1, 1, (1 + x**2) ** 2), (t, x, y, z))


def _tet():
    import sympy as sp
    x = sp.Symbol("x", real=True)
    h = 1 / sp.sqrt(2)
    return ([h, h, 0, 0], [h, -h, 0, 0], [0, 0, h, sp.I * h / (1 + x**2)])


def FUNCS():  # noqa: N802 - the registry's name
    import sympy as sp
    t, r, th, ph = sp.symbols("t r theta phi", real=True)
    M = sp.Symbol("M")
    return {
        "symphys.gr.conformal.schouten": lambda: call(_m3()),
        "symphys.gr.conformal.cotton": lambda: call(_m3()),
        "symphys.gr.conformal.bach": lambda: call(_m4()),
        "symphys.gr.conformal.weyl_square": lambda: call(_m4()),
        "symphys.gr.tetrad.kinnersley_tetrad": lambda: call(M, 0, (t, r, th, ph)),
        "symphys.gr.tetrad.newman_penrose": lambda: call(_m4n(), _tet()),
        "symphys.gr.tetrad.tetrad_products": lambda: call(_m4n(), _tet()),
        "symphys.gr.petrov.petrov_type": lambda: call([0, 0, M / r**3, 0, 0], rng=0),
        "symphys.gr.petrov.weyl_invariants": lambda: call([0, 0, M / r**3, 0, 0]),
    }
