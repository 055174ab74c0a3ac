"""Shared symbols and helpers of the BMS3 tests (fields typed in independently by name)."""

from __future__ import annotations

import sympy as sp

from symphys.gr.bms3 import phi, u

Th, Xi, N = sp.Function("Theta")(phi), sp.Function("Xi")(phi), sp.Function("N")(u, phi)
T, Y = sp.Function("T")(phi), sp.Function("Y")(phi)


def d(f, k=1):
    return sp.diff(f, phi, k)


def same(a, b):
    return sp.simplify(sp.expand(a - b)) == 0
