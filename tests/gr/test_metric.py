"""Metric curvature against closed forms and against sympy.diffgeom (a second implementation)."""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

from symphys.gr import Metric

t, r, th, ph, x, y, z = sp.symbols("t r theta phi x y z")
M, a, L, k = sp.symbols("M a L k", positive=True)


def schwarzschild(simplify="auto"):
    f = 1 - 2 * M / r
    return Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph),
                  simplify=simplify)


def kerr():
    """Kerr in Boyer-Lindquist coordinates with x = cos(theta) (a rational chart)."""
    S = r**2 + a**2 * x**2
    D = r**2 - 2 * M * r + a**2
    s2 = 1 - x**2
    g = sp.zeros(4)
    g[0, 0] = -(1 - 2 * M * r / S)
    g[0, 3] = g[3, 0] = -2 * M * a * r * s2 / S
    g[1, 1] = S / D
    g[2, 2] = S / s2
    g[3, 3] = (r**2 + a**2 + 2 * M * a**2 * r * s2 / S) * s2
    return Metric(g, (t, r, x, ph))


def test_schwarzschild_ricci_flat_and_kretschmann():
    m = schwarzschild()
    assert m.ricci() == sp.zeros(4, 4)
    assert sp.simplify(m.kretschmann() - 48 * M**2 / r**6) == 0
    # same result through the plain-sympy (cancel) path
    m2 = schwarzschild(simplify="cancel")
    assert sp.simplify(m2.kretschmann() - 48 * M**2 / r**6) == 0


def test_kerr_ricci_flat():
    assert kerr().ricci() == sp.zeros(4, 4)


@pytest.mark.slow
def test_kerr_kretschmann_closed_form():
    S = r**2 + a**2 * x**2
    ref = 48 * M**2 * (r**6 - 15 * a**2 * r**4 * x**2 + 15 * a**4 * r**2 * x**4
                       - a**6 * x**6) / S**6
    assert sp.cancel(kerr().kretschmann() - ref) == 0


def test_de_sitter_static_patch():
    f = 1 - r**2 / L**2
    m = Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph))
    assert sp.simplify(m.ricci_scalar() - 12 / L**2) == 0
    # vacuum with Λ = 3/L²: G_ab + Λ g_ab = 0, i.e. G ∝ g
    assert m.einstein(cosmological_constant=3 / L**2) == sp.zeros(4, 4)
    assert all(c == 0 for c in sp.flatten(m.weyl().tolist()))
    # maximally symmetric: R_abcd = (1/L²)(g_ac g_bd - g_ad g_bc)
    Rl, g = m.riemann_lower(), m.g
    for i, j, p, q in itertools.product(range(4), repeat=4):
        assert sp.simplify(Rl[i, j, p, q] - (g[i, p] * g[j, q] - g[i, q] * g[j, p]) / L**2) == 0


def test_two_sphere():
    m = Metric(sp.diag(a**2, a**2 * sp.sin(th) ** 2), (th, ph))
    assert m.ricci_scalar() == 2 / a**2
    assert sp.simplify(m.kretschmann() - 4 / a**4) == 0


def test_flrw_friedmann_equations():
    A = sp.Function("a")(t)
    m = Metric(sp.diag(-1, A**2, A**2, A**2), (t, x, y, z))
    G = m.einstein()
    ad, add = A.diff(t), A.diff(t, 2)
    assert sp.simplify(G[0, 0] - 3 * ad**2 / A**2) == 0
    assert sp.simplify(G[1, 1] + 2 * A * add + ad**2) == 0
    assert sp.simplify(m.ricci_scalar() - 6 * (add / A + ad**2 / A**2)) == 0


def test_closed_flrw_spatial_curvature():
    # spatial 3-sphere of radius k: R = 6/k²
    chi = sp.Symbol("chi")
    m = Metric(sp.diag(k**2, k**2 * sp.sin(chi) ** 2, k**2 * sp.sin(chi) ** 2 * sp.sin(th) ** 2),
               (chi, th, ph))
    assert sp.simplify(m.ricci_scalar() - 6 / k**2) == 0


def _diffgeom_riemann(g, coords):
    from sympy.diffgeom import (
        CoordSystem,
        Manifold,
        Patch,
        TensorProduct,
        metric_to_Riemann_components,
    )

    n = len(coords)
    man = Manifold("M", n)
    patch = Patch("P", man)
    cs = CoordSystem("c", patch, [sp.Symbol(str(c), real=True) for c in coords])
    base = cs.base_scalars()
    dx = cs.base_oneforms()
    sub = dict(zip(coords, base, strict=True))
    metric = sum(g[i, j].subs(sub) * TensorProduct(dx[i], dx[j])
                 for i in range(n) for j in range(n))
    R = metric_to_Riemann_components(metric)
    back = dict(zip(base, coords, strict=True))
    return [[[[sp.sympify(R[i][j][p][q]).subs(back) for q in range(n)] for p in range(n)]
             for j in range(n)] for i in range(n)]


@pytest.mark.parametrize("case", ["bondi3", "warped", "sphere"])
def test_riemann_matches_sympy_diffgeom(case):
    if case == "bondi3":
        u, rr, p = sp.symbols("u r phi")
        g = sp.Matrix([[-1 + sp.cos(p), -1, u], [-1, 0, 0], [u, 0, rr**2]])
        coords = (u, rr, p)
    elif case == "warped":
        g = sp.Matrix([[1 + x**2, x * y, 0], [x * y, 2 + y**2, 0], [0, 0, sp.exp(x)]])
        coords = (x, y, z)
    else:
        g = sp.diag(a**2, a**2 * sp.sin(th) ** 2)
        coords = (th, ph)
    ours = Metric(g, coords).riemann()
    ref = _diffgeom_riemann(g, coords)
    n = len(coords)
    for i, j, p, q in itertools.product(range(n), repeat=4):
        assert sp.simplify(ours[i, j, p, q] - ref[i][j][p][q]) == 0, (i, j, p, q)


def test_bianchi_identity_contracted():
    """∇_a G^a_b = 0 holds identically for any metric (here with free functions)."""
    F = sp.Function("F")(x, y)
    H = sp.Function("H")(x, y)
    m = Metric(sp.diag(F, 1, H), (x, y, z))
    n = 3
    Gdd = m.einstein()
    Gud = (m.inverse * Gdd).applyfunc(sp.cancel)
    DG = m.covariant_derivative(Gud, "ud")  # [a, b, c] = ∇_c G^a_b
    for b in range(n):
        assert sp.cancel(sum(DG[c, b, c] for c in range(n))) == 0


def test_riemann_symmetries_and_cancel_backend_agree():
    f = sp.Function("f")(x)
    m = Metric(sp.Matrix([[1, 0, 0], [0, f**2, x], [0, x, 3]]), (x, y, z))
    Rl = m.riemann_lower()
    for i, j, p, q in itertools.product(range(3), repeat=4):
        assert sp.cancel(Rl[i, j, p, q] + Rl[j, i, p, q]) == 0
        assert sp.cancel(Rl[i, j, p, q] - Rl[p, q, i, j]) == 0
    # the field backend and the sympy backend give the same Riemann tensor
    g = sp.Matrix([[1 + x**2, y, 0], [y, 2, 0], [0, 0, x * y + 3]])
    A = Metric(g, (x, y, z)).riemann()
    B = Metric(g, (x, y, z), simplify=None).riemann()
    for idx in itertools.product(range(3), repeat=4):
        assert sp.cancel(A[idx] - B[idx]) == 0


def test_lie_derivative_equals_symmetrised_covariant_derivative():
    m = schwarzschild()
    xi = [sp.Function("X0")(t, r), r * th, sp.sin(ph), 0]
    L = m.lie_derivative(xi)
    xi_low = [sum(m.g[i, j] * xi[j] for j in range(4)) for i in range(4)]
    D = m.covariant_derivative(xi_low, "d")  # [b, a] = ∇_a ξ_b
    for i, j in itertools.product(range(4), repeat=2):
        assert sp.simplify(L[i, j] - D[j, i] - D[i, j]) == 0


def test_killing_vectors_of_schwarzschild():
    m = schwarzschild()
    for xi in ([1, 0, 0, 0], [0, 0, 0, 1], [0, 0, sp.sin(ph), sp.cot(th) * sp.cos(ph)]):
        assert all(sp.simplify(e) == 0 for e in m.killing_equations(xi))
    # a boost is not a Killing vector of Schwarzschild
    assert m.killing_equations([r, t, 0, 0])


def test_weyl_of_schwarzschild_is_riemann():
    m = schwarzschild()
    W, Rl = m.weyl(), m.riemann_lower()
    assert all(sp.simplify(W[i] - Rl[i]) == 0 for i in itertools.product(range(4), repeat=4))


def test_bad_input():
    with pytest.raises(ValueError, match="square"):
        Metric(sp.Matrix([[1, 0, 0], [0, 1, 0]]), (x, y))
    with pytest.raises(ValueError, match="coords"):
        Metric(sp.eye(3), (x, y))
    with pytest.raises(ValueError, match="degenerate"):
        Metric(sp.Matrix([[1, 1], [1, 1]]), (x, y))
    with pytest.raises(ValueError, match="degenerate"):   # det = sin² + cos² - 1, not cancelled
        Metric(sp.Matrix([[sp.sin(x) ** 2 + sp.cos(x) ** 2, 1], [1, 1]]), (x, y))
    with pytest.raises(ValueError, match="degenerate"):
        Metric(sp.Matrix([[x, y], [y, y**2 / x]]), (x, y))
    with pytest.raises(TypeError, match="coords"):
        Metric(sp.eye(2), (x, x + y))
    with pytest.raises(ValueError, match="g is ragged"):
        Metric([[1, 0], [0]], (x, y))
    with pytest.raises(ValueError, match="symmetric"):
        Metric(sp.Matrix([[1, 2], [0, 1]]), (x, y))
    with pytest.raises(ValueError, match="repeated"):
        Metric(sp.eye(2), (x, x))
    with pytest.raises(TypeError, match="Symbols"):
        Metric(sp.eye(2), (x, 2))
    with pytest.raises(ValueError, match="simplify"):
        Metric(sp.eye(2), (x, y), simplify="nope")
    m = Metric(sp.eye(2), (x, y))
    with pytest.raises(ValueError, match="components"):
        m.lie_derivative([1, 2, 3])
    with pytest.raises(ValueError, match="positions"):
        m.covariant_derivative([1, 2], "x")
    with pytest.raises(ValueError, match="shape"):
        m.covariant_derivative([1, 2, 3], "u")
    with pytest.raises(ValueError, match="dimension"):
        m.weyl()


def test_a_symbol_outside_the_chart_warns():
    """Issue 17: ``Metric(diag(-1, r**2), (t, x))`` holds r constant; that must not be silent."""
    with pytest.warns(UserWarning, match=r"depends on r, not among coords"):
        m = Metric(sp.diag(-1, r**2), (t, x))
    assert m.ricci_scalar() == 0  # r is a constant: the metric is flat, as warned
    with pytest.warns(UserWarning, match="depends on M"):
        Metric(sp.diag(-1 + 2 * M / r, r**2), (t, r), parameters=())
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Metric(sp.diag(-1, r**2), (t, x), parameters=(r,))   # declared: silent
        schwarzschild()                                      # M is no coordinate name
    with pytest.raises(ValueError, match="parameters"):
        Metric(sp.diag(-1, r**2), (t, r), parameters=(r,))
    with pytest.raises(TypeError, match="parameters"):
        Metric(sp.diag(-1, r**2), (t, r), parameters="M")
