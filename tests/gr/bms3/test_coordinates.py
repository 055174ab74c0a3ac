"""The shared BMS3 symbols and argument checks of symphys.gr.bms3.coordinates."""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr import bms3
from symphys.gr.bms3 import coordinates


def test_symbols_are_shared_by_every_module():
    assert bms3.COORDS == (bms3.u, bms3.r, bms3.phi) == coordinates.COORDS
    assert all(s.is_real for s in bms3.COORDS) and bms3.G.is_positive
    # a field built by name elsewhere is the same field
    assert coordinates.Theta(bms3.phi) == sp.Function("Theta")(bms3.phi)


def test_as_phi_function():
    phi = coordinates.phi
    assert coordinates.as_phi_function(sp.cos, "T") == sp.cos(phi)
    assert coordinates.as_phi_function(2, "T") == 2
    with pytest.raises(ValueError, match="T=.*phi only"):
        coordinates.as_phi_function(coordinates.r * phi, "T")
    with pytest.raises(TypeError, match="T=.*scalar"):
        coordinates.as_phi_function([1, 2], "T")


def test_sign_checks():
    assert coordinates.scri_sign("+") == -1 and coordinates.scri_sign("-") == 1
    assert coordinates.variation_sign("lie") == 1
    assert coordinates.variation_sign("barnich-troessaert") == -1
    with pytest.raises(ValueError, match="scri="):
        coordinates.scri_sign("future")
    with pytest.raises(ValueError, match="sign="):
        coordinates.variation_sign("+")
