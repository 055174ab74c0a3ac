"""Stabilizers of solutions: iso(2,1) for the Minkowski spaces Θ = -n² (Schöller,
arXiv:1711.02670), two generators for conical defects and flat-space cosmologies."""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr import bms3
from symphys.gr.bms3 import phi


def test_stabilizers():
    assert len(bms3.stabilizer(-1, 0)) == 6          # iso(2,1)
    assert len(bms3.stabilizer(-4, 0)) == 6          # Θ = -n²: the distinct Minkowski spaces
    assert len(bms3.stabilizer(sp.Rational(-1, 4), 0)) == 2   # conical defect
    assert len(bms3.stabilizer(8, 4)) == 2           # flat-space cosmology
    for Tk, Yk in bms3.stabilizer(-1, 0):
        assert bms3.variation(Tk, Yk, -1, 0) == (0, 0)


def test_bad_input():
    with pytest.raises(ValueError, match="max_mode"):
        bms3.stabilizer(-1, 0, max_mode=-1)
    with pytest.raises(ValueError, match="trigonometric polynomials"):
        bms3.stabilizer(sp.exp(sp.cos(phi)), 0, max_mode=1)


@pytest.mark.timeout(10)
def test_max_mode_is_checked_before_any_work():
    with pytest.raises(ValueError, match=r"max_mode=1000000 needs .* 4000002 unknowns"):
        bms3.stabilizer(-1, 0, max_mode=10**6)
    with pytest.raises(TypeError, match="max_mode"):
        bms3.stabilizer(-1, 0, max_mode=2.5)


@pytest.mark.slow
def test_largest_max_mode_is_seconds_not_minutes():
    """At max_mode = MAX_MODE on a generic solution the exact linear algebra stays bounded
    (it took 230 s before the rational DomainMatrix null space); Minkowski still has iso(2,1)."""
    gens = bms3.stabilizer(-1, 0, max_mode=bms3.stabilizers.MAX_MODE)
    assert len(gens) == 6
    assert bms3.stabilizer(sp.cos(3 * phi) - 2, sp.sin(2 * phi), max_mode=32) == []
