"""Surface charges of 3D flat space against Barnich & Compère, arXiv:gr-qc/0610130
(Q = (1/16πG) ∮ (TΘ + 2YΞ) dφ), and the FFT charges against exact integrals and quadrature."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad

from symphys.gr import bms3
from symphys.gr.bms3 import G, phi
from tests.gr.bms3.common import T, Th, Xi, Y, same


def test_charges_of_named_solutions():
    Mass, J, al = sp.symbols("M J alpha", positive=True)
    assert bms3.charge(1, 0, *bms3.minkowski()) == -1 / (8 * G)
    assert bms3.charge(1, 0, *bms3.conical_defect(al)) == -(al**2) / (8 * G)
    fsc = bms3.flat_space_cosmology(Mass, J)
    assert bms3.charge(1, 0, *fsc) == Mass
    assert bms3.charge(0, 1, *fsc) == J
    assert bms3.charge(0, 1, *bms3.minkowski()) == 0


def test_charge_density_is_derived_form():
    assert same(bms3.charge_density(), (T * Th + 2 * Y * Xi) / (16 * sp.pi * G))


def test_charges_fft_against_exact_and_quadrature():
    n = 64
    grid = 2 * np.pi * np.arange(n) / n
    Th0 = 3 - 2 * sp.cos(phi) + sp.sin(3 * phi)
    Xi0 = sp.cos(2 * phi) / 4 + 1
    f_th, f_xi = sp.lambdify(phi, Th0), sp.lambdify(phi, Xi0)
    P, J = bms3.charges_fft(f_th(grid), f_xi(grid) + 0 * grid, G=2.0)
    for mode in (0, 1, -1, 2, 3, -3):
        e = sp.exp(sp.I * mode * phi)
        exact_P = complex(bms3.charge(e, 0, Th0, Xi0, G=2))
        exact_J = complex(bms3.charge(0, e, Th0, Xi0, G=2))
        assert P[mode] == pytest.approx(exact_P, abs=1e-13)
        assert J[mode] == pytest.approx(exact_J, abs=1e-13)
    # a non-polynomial profile: spectral accuracy against adaptive quadrature
    th = np.exp(np.cos(grid))
    P, J = bms3.charges_fft(np.stack([th, 2 * th]), np.zeros((2, n)))
    for mode in (0, 1, 5):
        re = quad(lambda p, k=mode: np.cos(k * p) * np.exp(np.cos(p)), 0, 2 * np.pi)[0]
        assert P[0, mode].real == pytest.approx(re / (16 * np.pi), abs=1e-14)
        assert P[1, mode].real == pytest.approx(2 * re / (16 * np.pi), abs=1e-14)


def test_bad_input():
    with pytest.raises(ValueError, match="must match"):
        bms3.charges_fft(np.zeros(4), np.zeros(5))
    with pytest.raises(ValueError, match="finite"):
        bms3.charges_fft(np.array([np.nan, 1.0]), np.zeros(2))
    with pytest.raises(ValueError, match="positive"):
        bms3.charges_fft(np.zeros(4), np.zeros(4), G=0)
    with pytest.raises(TypeError):
        bms3.charge(1, 0, "not(an expression", 0)
    with pytest.raises(TypeError, match="theta must be real"):
        bms3.charges_fft(np.zeros(4) + 1j, np.zeros(4))
    with pytest.raises(TypeError, match="xi must be"):
        bms3.charges_fft(np.zeros(1), ["a"])


def test_charge_refuses_non_periodic_or_infinite_generators():
    with pytest.raises(ValueError, match="periodic"):
        bms3.charge(phi, 0, -1, 0)                     # T = φ is not a function on the circle
    with pytest.raises(ValueError, match="periodic"):
        bms3.charge(0, sp.sin(phi / 2), -1, 0)
    with pytest.raises(ValueError):
        bms3.charge(sp.zoo, 0, -1, 0)
    with pytest.raises(ValueError):
        bms3.charge(1 / sp.sin(phi), 0, -1, 0)        # infinite at φ = 0: the integral diverges
