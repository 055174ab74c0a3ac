"""Field equations and solution space of 3D Bondi gauge against Barnich & Compère,
arXiv:gr-qc/0610130, and against the full Einstein tensor (second route)."""

from __future__ import annotations

import sympy as sp

from symphys.gr import bms3
from symphys.gr.bms3 import phi, u
from tests.gr.bms3.common import Th, Xi, d, same


def test_field_equations_are_the_known_ones():
    eqs = bms3.field_equations()
    Thu, Nu = sp.Function("Theta")(u, phi), sp.Function("N")(u, phi)
    expected = [Thu.diff(u), 2 * Nu.diff(u) - Thu.diff(phi)]
    assert len(eqs) == 2
    # each derived equation is a non-zero multiple of one expected equation
    for e, x in zip(eqs, expected, strict=True):
        ratio = sp.simplify(e / x)
        assert ratio.is_number and ratio != 0


def test_solution_space_solves_einstein_exactly():
    sol = bms3.solution_space()
    assert sol["Theta"] == Th
    assert same(sol["N"], Xi + u * d(Th) / 2)
    # second route: plug a concrete member into the full Einstein tensor
    g = bms3.solution_metric(sp.cos(2 * phi) - 3, sp.sin(phi) ** 3)
    assert g.einstein() == sp.zeros(3, 3)
    # and a non-solution fails
    assert bms3.metric(u * sp.cos(phi), 0).einstein() != sp.zeros(3, 3)
