"""Named solutions and the antipodal matching of past and future null infinity against
Prohazka, Salzer & Schöller, arXiv:1701.06573, and Schöller, arXiv:1711.02670."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symphys.gr import bms3
from symphys.gr.bms3 import phi, r, u
from tests.gr.bms3.common import d, same


@settings(max_examples=6, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=6, max_size=6))
def test_antipodal_matching_preserves_charges(c):
    """Q⁺ (derived at I⁺) of the matched data equals Q⁻ (derived at I⁻) of the original."""
    Th0 = c[0] + c[1] * sp.cos(phi) + c[2] * sp.sin(2 * phi)
    Xi0 = c[3] * sp.sin(phi) + c[4] * sp.cos(3 * phi)
    T0, Y0 = 1 + c[5] * sp.cos(phi), sp.sin(phi) + c[2]
    plus = bms3.antipodal_map(Th0, Xi0, T0, Y0)
    assert same(bms3.charge(plus["T"], plus["Y"], plus["Theta"], plus["Xi"], scri="+"),
                bms3.charge(T0, Y0, Th0, Xi0, scri="-"))


def test_antipodal_map_commutes_with_bms3_action():
    """With T⁺(φ) = T⁻(φ+π) (fixed by the Poincaré generators, below), this pins the sign of
    Ξ in the matching: Ξ⁺ = -Ξ⁻(φ+π) would clash with the inhomogeneous ½TΘ' + T'Θ - T‴
    of δΞ."""
    Th0, Xi0 = 2 + sp.cos(phi), sp.sin(2 * phi)
    T0, Y0 = sp.cos(phi) ** 2, sp.sin(phi)
    plus = bms3.antipodal_map(Th0, Xi0, T0, Y0)
    dp = bms3.variation(plus["T"], plus["Y"], plus["Theta"], plus["Xi"])
    dm = bms3.variation(T0, Y0, Th0, Xi0, scri="-")   # the laws derived at I⁻
    mapped = bms3.antipodal_map(dm[0], dm[1])
    assert same(dp[0], mapped["Theta"]) and same(dp[1], mapped["Xi"])


def test_supertranslated_minkowski_vacua():
    """Schöller arXiv:1711.02670: same energy, different superrotation charges."""
    al = sp.cos(2 * phi) + sp.sin(3 * phi) / 2
    Th1, Xi1 = bms3.supertranslated_minkowski(al)
    assert Th1 == -1 and same(Xi1, -(d(al) + d(al, 3)))
    assert bms3.charge(1, 0, Th1, Xi1) == bms3.charge(1, 0, -1, 0)
    assert bms3.charge(0, sp.sin(2 * phi), Th1, Xi1) != 0
    # a supertranslated vacuum keeps a 6-dimensional (conjugated Poincaré) stabilizer
    assert len(bms3.stabilizer(Th1, Xi1)) == 6


def test_antipodal_matching_of_global_poincare_generators():
    """A global Killing vector of Minkowski read at I+ (retarded u = t - r) and at I-
    (advanced v = t + r) gives (T+, Y+)(φ) = (T-, Y-)(φ + π): the PSS matching."""
    tt, xx, yy = sp.symbols("t x y", real=True)
    v = sp.Symbol("v", real=True)
    R = sp.sqrt(xx**2 + yy**2)
    cart = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, -yy, xx], [xx, tt, 0], [yy, 0, tt]]
    for vec in cart:
        data = {}
        for sign, time in ((+1, u), (-1, v)):
            new = [tt - sign * R, R, sp.atan2(yy, xx)]
            back = {tt: time + sign * r, xx: r * sp.cos(phi), yy: r * sp.sin(phi)}
            comps = [sp.simplify(sp.simplify(sum(sp.diff(q, c) * vc for c, vc in
                                                 zip((tt, xx, yy), vec, strict=True))
                                             .subs(back)).subs(sp.Abs(r), r)) for q in new]
            T0 = sp.simplify(comps[0].subs(time, 0).subs(r, 1))  # r-independent at scri
            Y0 = sp.simplify(sp.limit(comps[2], r, sp.oo))
            data[sign] = (T0, Y0)
        mapped = bms3.antipodal_map(0, 0, *data[-1])
        assert same(data[+1][0], mapped["T"]) and same(data[+1][1], mapped["Y"]), vec


def test_bad_input():
    with pytest.raises(TypeError, match="alpha"):
        bms3.conical_defect("((")
    with pytest.raises(TypeError, match="J="):
        bms3.flat_space_cosmology(1, [1, 2])
