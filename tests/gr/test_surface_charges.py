"""Iyer-Wald and Barnich-Brandt surface charges: the ADM mass of Schwarzschild (closed form),
their difference ∝ L_ξ g (Compère-Fiorucci arXiv:1801.07064 §2.5), and the BMS3 charges."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from symphys.gr import Metric, barnich_brandt, bms3, iyer_wald, komar_density

t, r, th, ph, M = sp.symbols("t r theta phi M", positive=True)
x, y, z = sp.symbols("x y z")


@pytest.mark.parametrize("formula", [barnich_brandt, iyer_wald])
def test_schwarzschild_mass_variation(formula):
    """δQ_{∂_t} = (1/16πG) ∮ k^{tr} dθ dφ = δM for h = ∂_M g (G = 1), at every radius."""
    g = sp.diag(-(1 - 2 * M / r), 1 / (1 - 2 * M / r), r**2, r**2 * sp.sin(th) ** 2)
    k = formula(Metric(g, (t, r, th, ph)), g.diff(M), [1, 0, 0, 0])
    dens = sp.simplify(k[0, 1]).subs(sp.Abs(sp.sin(th)), sp.sin(th))
    assert sp.integrate(dens, (th, 0, sp.pi), (ph, 0, 2 * sp.pi)) / (16 * sp.pi) == 1
    # and the rotation ∂_φ carries no charge variation (δJ = 0)
    kj = formula(Metric(g, (t, r, th, ph)), g.diff(M), [0, 0, 0, 1])
    assert sp.simplify(kj[0, 1]) == 0


def test_komar_alone_has_the_factor_two():
    """Komar's ∮ ∇^ν ξ^μ for ∂_t gives M/2 (in 1/16πG units): Iyer-Wald's ι_ξΘ fixes it."""
    g = sp.diag(-(1 - 2 * M / r), 1 / (1 - 2 * M / r), r**2, r**2 * sp.sin(th) ** 2)
    Q = komar_density(Metric(g, (t, r, th, ph)), [1, 0, 0, 0])
    dens = sp.simplify(Q[0, 1]).subs(sp.Abs(sp.sin(th)), sp.sin(th))
    assert sp.integrate(dens, (th, 0, sp.pi), (ph, 0, 2 * sp.pi)) / (16 * sp.pi) == M / 2


def test_barnich_brandt_minus_iyer_wald_is_the_lie_derivative_term():
    """k_BB - k_IW = -½√(-g) (h^{μσ} g^{νa} - h^{νσ} g^{μa}) (L_ξ g)_{σa}: zero for Killing ξ."""
    g = sp.Matrix([[-1 - x**2, y, 0], [y, 2, 0], [0, 0, 3]])
    h = sp.Matrix([[0, z, 0], [z, x, 0], [0, 0, 0]])
    xi = [y * z, x, 1]
    m = Metric(g, (x, y, z))
    kb, ki = barnich_brandt(m, h, xi), iyer_wald(m, h, xi)
    L, gi = m.lie_derivative(xi), m.inverse
    hup = gi * h * gi
    pt = {x: sp.Rational(1, 3), y: sp.Rational(2, 7), z: sp.Rational(-1, 5)}
    for a, b in itertools.product(range(3), repeat=2):
        E = -sp.sqrt(-m.det) / 2 * sum((hup[a, s] * gi[b, c] - hup[b, s] * gi[a, c]) * L[s, c]
                                       for s in range(3) for c in range(3))
        assert sp.nsimplify(sp.N((kb[a, b] - ki[a, b] - E).subs(pt), 30), tolerance=1e-25) == 0
    assert sp.N((kb[0, 1] - ki[0, 1]).subs(pt)) != 0   # the difference is really there


def test_bms3_charges_agree_between_formulas():
    for scri in ("+", "-"):
        assert sp.expand(bms3.charge_density(scri=scri, formula="iyer-wald")
                         - bms3.charge_density(scri=scri)) == 0
    fsc = bms3.flat_space_cosmology(M, sp.Symbol("J"))
    assert bms3.charge(1, 0, *fsc, formula="iyer-wald") == M


def test_bad_input():
    m = Metric(sp.diag(-1, 1, 1), (x, y, z))
    with pytest.raises(ValueError, match="h has shape"):
        iyer_wald(m, sp.zeros(2, 2), [1, 0, 0])
    with pytest.raises(ValueError, match="xi has 2"):
        iyer_wald(m, sp.zeros(3, 3), [1, 0])
    with pytest.raises(TypeError, match="Metric"):
        komar_density(sp.eye(3), [1, 0, 0])
    with pytest.raises(ValueError, match="formula"):
        bms3.charge(1, 0, -1, 0, formula="wald")
