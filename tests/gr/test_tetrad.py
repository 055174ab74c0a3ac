"""Null tetrads, Newman-Penrose scalars and the Petrov type against published closed forms."""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr import Metric
from symphys.gr.conformal import weyl_square
from symphys.gr.petrov import petrov_type, weyl_invariants
from symphys.gr.tetrad import kinnersley_tetrad, newman_penrose, tetrad_products

t, r, th, ph = sp.symbols("t r theta phi", real=True)
u, v, x, y, z = sp.symbols("u v x y z", real=True)
M, a = sp.symbols("M a", positive=True)
NULL = sp.Matrix([[0, -1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])


def kerr():
    S = r**2 + a**2 * sp.cos(th) ** 2
    D = r**2 - 2 * M * r + a**2
    g = sp.zeros(4)
    g[0, 0] = -(1 - 2 * M * r / S)
    g[0, 3] = g[3, 0] = -2 * M * a * r * sp.sin(th) ** 2 / S
    g[1, 1] = S / D
    g[2, 2] = S
    g[3, 3] = (r**2 + a**2 + 2 * M * a**2 * r * sp.sin(th) ** 2 / S) * sp.sin(th) ** 2
    return Metric(g, (t, r, th, ph))


@pytest.fixture(scope="module")
def kerr_psi():
    m = kerr()
    tet = kinnersley_tetrad(M, a, (t, r, th, ph))
    return m, tet, newman_penrose(m, tet)


@pytest.mark.timeout(120)
def test_kerr_psi2_in_kinnersley_tetrad(kerr_psi):
    """Ψ2 = -M/(r - i a cos θ)³, Ψ0 = Ψ1 = Ψ3 = Ψ4 = 0 (Teukolsky 1973, ApJ 185, 635)."""
    m, tet, psi = kerr_psi
    assert tetrad_products(m, tet) == NULL
    assert sp.cancel(sp.expand(psi["Psi2"] * (r - sp.I * a * sp.cos(th)) ** 3 + M)) == 0
    assert [psi[k] for k in ("Psi0", "Psi1", "Psi3", "Psi4")] == [0, 0, 0, 0]


def test_kerr_and_schwarzschild_are_type_d(kerr_psi):
    _, _, psi = kerr_psi
    assert petrov_type(psi, rng=1) == "D"
    inv = weyl_invariants(psi)
    assert inv["speciality"] == 0          # I³ = 27 J² (algebraically special)
    assert inv["I"] != 0
    f = 1 - 2 * M / r
    schw = Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph))
    psi_s = newman_penrose(schw, kinnersley_tetrad(M, 0, (t, r, th, ph)))
    assert psi_s["Psi2"] == -M / r**3
    assert petrov_type(psi_s, rng=2) == "D"
    # vacuum: C_abcd C^abcd = 16 Re I = 48 M²/r⁶
    assert sp.cancel(weyl_square(schw) - 16 * weyl_invariants(psi_s)["I"]) == 0


def test_pp_wave_is_type_n():
    """ds² = H(u,x,y) du² + 2 du dv + dx² + dy² (Brinkmann; Ehlers & Kundt 1962): type N, with
    Ψ4 = -(H_xx - H_yy - 2i H_xy)/4 in this tetrad and Ψ0..Ψ3 = 0."""
    H = sp.Function("H")(u, x, y)
    g = sp.Matrix([[H, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    m = Metric(g, (u, v, x, y))
    h = 1 / sp.sqrt(2)
    tet = ([0, 1, 0, 0], [-1, H / 2, 0, 0], [0, 0, h, sp.I * h], [0, 0, h, -sp.I * h])
    assert tetrad_products(m, tet) == NULL
    psi = newman_penrose(m, tet)
    assert [psi[k] for k in ("Psi0", "Psi1", "Psi2", "Psi3")] == [0, 0, 0, 0]
    Hxx, Hyy, Hxy = H.diff(x, 2), H.diff(y, 2), H.diff(x, y)
    assert sp.expand(psi["Psi4"] + (Hxx - Hyy - 2 * sp.I * Hxy) / 4) == 0
    assert petrov_type(psi, rng=3) == "N"


def test_flrw_is_type_o():
    s = sp.Function("a")(t)
    m = Metric(sp.diag(-1, s**2, s**2, s**2), (t, x, y, z))
    h = 1 / sp.sqrt(2)
    tet = ([1, 1 / s, 0, 0], [sp.Rational(1, 2), -1 / (2 * s), 0, 0],
           [0, 0, h / s, sp.I * h / s], [0, 0, h / s, -sp.I * h / s])
    assert tetrad_products(m, tet).applyfunc(sp.cancel) == NULL
    psi = newman_penrose(m, tet)
    assert all(val == 0 for val in psi.values())
    assert petrov_type(psi, rng=4) == "O"


@pytest.mark.parametrize(("psi", "kind"), [
    ((1, 0, 0, 0, 1), "I"),     # Q = 1 + b⁴: four simple roots
    ((0, 0, 1, 0, 1), "II"),    # Q = b²(6 + b²)
    ((0, 0, 1, 0, 0), "D"),     # Q = 6 b²: 0 and ∞ double
    ((0, 0, 0, 1, 0), "III"),   # Q = 4 b³: 0 triple, ∞ simple
    ((0, 0, 0, 0, 1), "N"),
    ((0, 0, 0, 0, 0), "O"),
])
def test_petrov_classifier_on_the_root_patterns(psi, kind):
    assert petrov_type(psi, rng=0) == kind
    inv = weyl_invariants(psi)
    assert (inv["speciality"] == 0) == (kind != "I")


def test_bad_input():
    with pytest.raises(ValueError, match="5 scalars"):
        petrov_type([0, 1])
    with pytest.raises(ValueError, match="points"):
        petrov_type([0, 0, 1, 0, 0], points=0)
    with pytest.raises(TypeError, match="rng"):
        petrov_type([0, 0, 1, 0, 0], rng="seed")
    with pytest.raises(ValueError, match="dimension"):
        newman_penrose(Metric(sp.diag(-1, 1, 1), (t, x, y)), ([1, 1, 0], [1, 0, 0], [0, 0, 1]))
    with pytest.raises(TypeError, match="tetrad"):
        newman_penrose(kerr(), "lnm")
