"""Asymptotic Killing vectors and transformation laws against Barnich & Compère,
arXiv:gr-qc/0610130, the thesis arXiv:2003.07243, and against the Cartesian Killing vectors
of Minkowski space pushed to Bondi coordinates (a second method)."""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr import Metric, bms3
from symphys.gr.bms3 import phi, r, u
from tests.gr.bms3.common import N, T, Th, Xi, Y, d, same


def test_killing_vector_closed_form_and_falloffs():
    xi = bms3.killing_vector()
    f = T + u * d(Y)
    assert same(xi[0], f)
    assert same(xi[1], -r * d(Y) + d(f, 2) - N * d(f) / r)
    assert same(xi[2], Y - d(f) / r)
    L = bms3.metric().lie_derivative(xi)
    assert L[1, 1] == 0 and L[1, 2] == 0 and L[2, 2] == 0 and L[0, 1] == 0
    for a, b in ((0, 0), (0, 2)):  # O(1) fall-offs: no growing terms in r
        assert sp.limit(sp.expand(L[a, b] / r).subs({N: 0, T: sp.cos(phi), Y: sp.sin(phi)}),
                        r, sp.oo) == 0


def _minkowski_killing_in_bondi():
    """Killing vectors of R^{2,1} in Cartesian (t, x, y), pushed to Bondi (u, r, φ)."""
    tt, xx, yy = sp.symbols("t x y", real=True)
    cart = {
        "dt": [1, 0, 0], "dx": [0, 1, 0], "dy": [0, 0, 1],
        "rot": [0, -yy, xx], "boost_x": [xx, tt, 0], "boost_y": [yy, 0, tt],
    }
    R = sp.sqrt(xx**2 + yy**2)
    new = [tt - R, R, sp.atan2(yy, xx)]  # (u, r, φ) as functions of (t, x, y)
    back = {tt: u + r, xx: r * sp.cos(phi), yy: r * sp.sin(phi)}
    out = {}
    for name, v in cart.items():
        comps = [sum(sp.diff(q, c) * vc for c, vc in zip((tt, xx, yy), v, strict=True))
                 for q in new]
        out[name] = [sp.simplify(sp.simplify(c.subs(back)).subs(sp.Abs(r), r)) for c in comps]
    return out


def test_cartesian_killing_vectors_are_bms3_vectors():
    """Poincaré generators of Minkowski are ξ_{T,Y} with T, Y in span{1, cos φ, sin φ}."""
    mink = Metric(bms3.solution_metric(-1, 0).g, bms3.COORDS)
    for name, vec in _minkowski_killing_in_bondi().items():
        assert all(sp.simplify(e) == 0 for e in mink.killing_equations(vec)), name
        T0 = sp.simplify(vec[0].subs(u, 0))
        Y0 = sp.simplify(sp.limit(vec[2], r, sp.oo))
        ours = bms3.killing_vector(T0, Y0, N=0)
        assert all(same(p, q) for p, q in zip(ours, vec, strict=True)), name


def test_transformation_laws_barnich_compere():
    dTh, dXi = bms3.variation()
    assert same(dTh, Y * d(Th) + 2 * d(Y) * Th - 2 * d(Y, 3))
    assert same(dXi, Y * d(Xi) + 2 * d(Y) * Xi + T * d(Th) / 2 + d(T) * Th - d(T, 3))
    bt = bms3.variation(sign="barnich-troessaert")
    assert same(bt[0], -dTh) and same(bt[1], -dXi)


def test_finite_superrotation_infinitesimal_limit_matches_derived_law():
    eps = sp.Symbol("eps")
    Yc = sp.sin(2 * phi) / 3 + sp.cos(phi)
    Theta0 = 2 + sp.cos(phi)
    fin = bms3.finite_superrotation(phi + eps * Yc, Theta0)
    lin = sp.diff(fin, eps).subs(eps, 0)
    assert sp.simplify(lin - bms3.variation(0, Yc, Theta0, 0)[0]) == 0


def test_finite_superrotation_composes_and_gives_conical_defects():
    F = phi + sp.sin(phi) / 3
    Gm = phi + sp.cos(2 * phi) / 5
    Theta0 = sp.cos(phi) - 2
    step = bms3.finite_superrotation(Gm, bms3.finite_superrotation(F, Theta0))
    once = bms3.finite_superrotation(F.subs(phi, Gm), Theta0)
    for p in (0.3, 1.1, 2.7, 4.0):
        assert abs(complex(sp.N((step - once).subs(phi, p)))) < 1e-12
    al = sp.Symbol("alpha", positive=True)
    assert bms3.finite_superrotation(al * phi, -1) == -(al**2)
    # the Schwarzian of a Möbius map vanishes; that of tan(φ/2) is 1/2
    assert sp.cancel(bms3.schwarzian((2 * phi + 1) / (phi + 3))) == 0
    assert sp.simplify(bms3.schwarzian(sp.tan(phi / 2))) == sp.Rational(1, 2)


def test_past_null_infinity_derived_in_the_advanced_chart():
    """At I⁻ (ds² = Θ dv² + 2 dv dr + 2N dv dφ + r² dφ²) everything is derived again: the
    vectors differ (ξ^φ = Y + f'/r), but the laws and the charge density keep their form."""
    xi = bms3.killing_vector(scri="-")
    f = T + u * d(Y)
    assert same(xi[2], Y + d(f) / r) and same(xi[1], -r * d(Y) - d(f, 2) - N * d(f) / r)
    assert bms3.solution_space(scri="-") == bms3.solution_space(scri="+")
    for a, b in zip(bms3.variation(scri="-"), bms3.variation(), strict=True):
        assert same(a, b)
    assert same(bms3.charge_density(scri="-"), bms3.charge_density())
    with pytest.raises(ValueError, match="scri"):
        bms3.metric(scri="past")


def test_bad_input():
    with pytest.raises(ValueError, match="phi only"):
        bms3.killing_vector(u, 0)
    with pytest.raises(ValueError, match="sign"):
        bms3.variation(1, 0, sign="minus")
    with pytest.raises(ValueError, match="F' != 0"):       # not a diffeomorphism
        bms3.finite_superrotation(1, -1)


def test_finite_superrotation_refuses_non_diffeomorphisms_and_moves_xi():
    for F in (2 * phi, sp.sin(phi), phi + 2 * sp.sin(phi), phi**2):
        with pytest.raises(ValueError, match="diffeomorphism"):
            bms3.finite_superrotation(F, -1)
    # Ξ -> F'² Ξ(F) (Barnich & Oblak, arXiv:1403.5803, no supertranslation): its ε-derivative
    # at F = φ + εY is the T = 0 law YΞ' + 2Y'Ξ
    eps = sp.Symbol("eps")
    Yc, Xi0 = sp.cos(2 * phi) / 3, sp.sin(phi) + 2
    th, xi = bms3.finite_superrotation(phi + eps * Yc, -1, Xi0)
    lin = sp.diff(xi, eps).subs(eps, 0)
    assert same(lin, Yc * d(Xi0) + 2 * d(Yc) * Xi0)
    assert same(lin, bms3.variation(0, Yc, -1, Xi0)[1])
    # a rotation F = φ + a moves Ξ rigidly
    a = sp.Rational(1, 3)
    assert same(bms3.finite_superrotation(phi + a, -1, sp.cos(phi))[1], sp.cos(phi + a))
