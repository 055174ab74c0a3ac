"""Schouten, Cotton, Bach, Weyl square: closed forms and the defining identities."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from symphys.gr import Metric
from symphys.gr.conformal import bach, cotton, schouten, weyl_square

t, r, th, ph, x, y, z = sp.symbols("t r theta phi x y z")
M, a, L = sp.symbols("M a L", positive=True)


def schwarzschild():
    f = 1 - 2 * M / r
    return Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph))


def test_schouten_splits_riemann_into_weyl_plus_kulkarni_nomizu():
    """R_abcd = C_abcd + g_ac P_bd - g_ad P_bc + g_bd P_ac - g_bc P_ad (the definition of P)."""
    m = Metric(sp.diag(-(1 + x**2), 1, 1 + y**2, 1), (t, x, y, z))
    P, g, W, R = schouten(m), m.g, m.weyl(), m.riemann_lower()
    for i, j, k, l in itertools.product(range(4), repeat=4):
        kn = g[i, k] * P[j, l] - g[i, l] * P[j, k] + g[j, l] * P[i, k] - g[j, k] * P[i, l]
        assert sp.cancel(R[i, j, k, l] - W[i, j, k, l] - kn) == 0


def test_schouten_of_de_sitter_is_g_over_2L2():
    """Maximally symmetric: R_ab = 3 g_ab/L² gives P = g/(2L²)."""
    f = 1 - r**2 / L**2
    m = Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph))
    assert (schouten(m) - m.g / (2 * L**2)).applyfunc(sp.cancel) == sp.zeros(4, 4)


def test_cotton_vanishes_for_conformally_flat_3_metrics_only():
    """Cotton's theorem (n = 3): conformally flat <=> C_abc = 0. The round 3-sphere in
    stereographic coordinates is conformally flat; Nil (dx² + dy² + (dz - x dy)²) is not."""
    sphere = Metric(4 / (1 + x**2 + y**2 + z**2) ** 2 * sp.eye(3), (x, y, z))
    assert all(c == 0 for c in sp.flatten(cotton(sphere)))
    nil = Metric(sp.Matrix([[1, 0, 0], [0, 1 + x**2, -x], [0, -x, 1]]), (x, y, z))
    C = cotton(nil)
    assert any(c != 0 for c in sp.flatten(C))
    for i, j, k in itertools.product(range(3), repeat=3):   # antisymmetric in the last two
        assert sp.cancel(C[i, j, k] + C[i, k, j]) == 0


def test_bach_vanishes_for_einstein_metrics():
    assert bach(schwarzschild()) == sp.zeros(4, 4)
    f = 1 - r**2 / L**2 - 2 * M / r   # Schwarzschild-de Sitter: R_ab = Λ g_ab
    sds = Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph))
    assert bach(sds).applyfunc(sp.cancel) == sp.zeros(4, 4)


def test_bach_is_traceless_and_conformally_covariant_in_4d():
    """B[Ω² g] = Ω⁻² B[g] and g^ab B_ab = 0 in four dimensions, on a metric with B != 0."""
    g = sp.diag(-(1 + x**2), 1, 1 + y**2, 1)
    m = Metric(g, (t, x, y, z))
    B = bach(m)
    assert B != sp.zeros(4, 4)
    assert B.T == B
    assert sp.cancel(sum(m.inverse[i, j] * B[i, j] for i in range(4) for j in range(4))) == 0
    omega2 = 1 + z**2
    B2 = bach(Metric(omega2 * g, (t, x, y, z)))
    assert (B2 - B / omega2).applyfunc(sp.cancel) == sp.zeros(4, 4)


def test_weyl_square():
    assert sp.cancel(weyl_square(schwarzschild()) - 48 * M**2 / r**6) == 0
    aa = sp.Function("a")(t)
    flrw = Metric(sp.diag(-1, aa**2, aa**2 * r**2, aa**2 * r**2 * sp.sin(th) ** 2),
                  (t, r, th, ph))
    assert weyl_square(flrw) == 0
    # 4D identity C² = K - 2 R_ab R^ab + R²/3 on a non-vacuum metric
    m = Metric(sp.diag(-(1 + x**2), 1, 1 + y**2, 1), (t, x, y, z))
    gi, ric = m.inverse, m.ricci()
    ric_up = gi * ric * gi
    rr = sum(ric[i, j] * ric_up[i, j] for i in range(4) for j in range(4))
    ref = m.kretschmann() - 2 * rr + m.ricci_scalar() ** 2 / 3
    assert sp.cancel(weyl_square(m) - ref) == 0


def test_bad_input():
    with pytest.raises(TypeError, match="metric"):
        schouten(sp.eye(3))
    with pytest.raises(ValueError, match="dimension"):
        cotton(Metric(sp.diag(1, x**2), (x, y)))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_weyl_square_of_kerr_is_the_kretschmann_closed_form():
    """Vacuum: C² = K = 48 M² (r⁶ - 15 a² r⁴ c² + 15 a⁴ r² c⁴ - a⁶ c⁶)/Σ⁶ (c = cos θ)."""
    S = r**2 + a**2 * sp.cos(th) ** 2
    D = r**2 - 2 * M * r + a**2
    s2 = sp.sin(th) ** 2
    g = sp.zeros(4)
    g[0, 0] = -(1 - 2 * M * r / S)
    g[0, 3] = g[3, 0] = -2 * M * a * r * s2 / S
    g[1, 1] = S / D
    g[2, 2] = S
    g[3, 3] = (r**2 + a**2 + 2 * M * a**2 * r * s2 / S) * s2
    c = sp.cos(th)
    ref = 48 * M**2 * (r**6 - 15 * a**2 * r**4 * c**2 + 15 * a**4 * r**2 * c**4
                       - a**6 * c**6) / S**6
    assert sp.cancel(weyl_square(Metric(g, (t, r, th, ph))) - ref) == 0
