"""Trigonometric charts: exact canonical forms (issue 17: Kerr in Boyer-Lindquist θ stalled)."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from symphys.gr import Metric

t, r, th, ph, v = sp.symbols("t r theta phi v")
M, a = sp.symbols("M a", positive=True)


def kerr_theta():
    """Kerr in Boyer-Lindquist (t, r, θ, φ) (Kerr 1963; e.g. Carroll eq. 6.70)."""
    S = r**2 + a**2 * sp.cos(th) ** 2
    D = r**2 - 2 * M * r + a**2
    g = sp.zeros(4)
    g[0, 0] = -(1 - 2 * M * r / S)
    g[0, 3] = g[3, 0] = -2 * M * a * r * sp.sin(th) ** 2 / S
    g[1, 1] = S / D
    g[2, 2] = S
    g[3, 3] = (r**2 + a**2 + 2 * M * a**2 * r * sp.sin(th) ** 2 / S) * sp.sin(th) ** 2
    return Metric(g, (t, r, th, ph))


@pytest.mark.timeout(60)
def test_kerr_theta_chart_is_ricci_flat_quickly():
    """Issue 17: > 240 s before; an exact zero now (canonical form, no numeric test)."""
    assert kerr_theta().ricci() == sp.zeros(4, 4)


@pytest.mark.timeout(120)
def test_kerr_theta_chart_kretschmann_closed_form():
    """K = 48 M² (r⁶ - 15 a² r⁴ c² + 15 a⁴ r² c⁴ - a⁶ c⁶)/(r² + a² c²)⁶, c = cos θ
    (Henry, Astrophys. J. 535 (2000) 350, arXiv:astro-ph/9912320, eq. 1)."""
    c = sp.cos(th)
    ref = 48 * M**2 * (r**6 - 15 * a**2 * r**4 * c**2 + 15 * a**4 * r**2 * c**4
                       - a**6 * c**6) / (r**2 + a**2 * c**2) ** 6
    K = kerr_theta().kretschmann()
    assert sp.cancel(K - ref) == 0


def _numeric(e, point):
    return complex(e.xreplace(point).evalf(30))


@pytest.mark.parametrize("g", [
    sp.diag(1, sp.sin(th) ** 2),
    sp.diag(-1, 1, sp.tan(th) ** 2 + r),
    sp.Matrix([[1 + sp.cos(2 * th), sp.sin(th)], [sp.sin(th), r**2 + sp.sec(th)]]),
    sp.Matrix([[r, sp.cos(th) * ph, 0], [sp.cos(th) * ph, 2, 0], [0, 0, r**2 + sp.sin(th)]]),
])
def test_trig_field_matches_the_raw_sympy_path(g):
    """Second method: the raw expressions (simplify=None) evaluated at random points."""
    coords = {2: (r, th), 3: (t, r, th) if g[0, 0] == -1 else (r, th, ph)}[g.rows]
    fast = Metric(g, coords)
    raw = Metric(g, coords, simplify=None)
    assert type(fast._be).__name__ == "TrigFieldBackend"
    rng = random.Random(1)
    point = {s: sp.Rational(rng.randint(1, 97), 101) + 1 for s in (t, r, th, ph)}
    for A, B in ((fast.christoffel(), raw.christoffel()), (fast.ricci(), raw.ricci())):
        for x, y in zip(sp.flatten(A), sp.flatten(B), strict=True):
            assert abs(_numeric(x, point) - _numeric(y, point)) < 1e-20


def test_unknown_functions_with_trig_do_not_fall_back_to_cancel():
    """Vaidya in (v, r, θ, φ): R_vv = 2 m'(v)/r², the rest 0 (Vaidya 1951; Griffiths &
    Podolsky, Exact Space-Times, eq. 9.46 with G_vv = 2 m'/r²)."""
    m = sp.Function("m")(v)
    g = sp.Matrix([[-(1 - 2 * m / r), 1, 0, 0], [1, 0, 0, 0], [0, 0, r**2, 0],
                   [0, 0, 0, r**2 * sp.sin(th) ** 2]])
    metric = Metric(g, (v, r, th, ph))
    assert type(metric._be).__name__ == "TrigFieldBackend"
    ric = metric.ricci()
    assert sp.simplify(ric[0, 0] - 2 * m.diff(v) / r**2) == 0
    assert all(ric[i, j] == 0 for i in range(4) for j in range(4) if (i, j) != (0, 0))
    assert metric.ricci_scalar() == 0


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_kerr_vaidya_theta_chart():
    """Kerr-Vaidya (ingoing Kerr with m(v)); over 300 s through ``cancel``. With m constant it is
    Kerr (Ricci-flat); at a = 0 it is Vaidya."""
    m = sp.Function("m")(v)
    S = r**2 + a**2 * sp.cos(th) ** 2
    s2 = sp.sin(th) ** 2
    g = sp.Matrix([
        [-(1 - 2 * m * r / S), 1, 0, -2 * m * a * r * s2 / S],
        [1, 0, 0, -a * s2],
        [0, 0, S, 0],
        [-2 * m * a * r * s2 / S, -a * s2, 0, (r**2 + a**2 + 2 * m * a**2 * r * s2 / S) * s2]])
    ric = Metric(g, (v, r, th, ph)).ricci()
    const = {m.diff(v, 2): 0, m.diff(v): 0}
    assert all(sp.cancel(e.subs(const)) == 0 for e in ric)
    assert sp.simplify(ric[0, 0].subs(a, 0) - 2 * m.diff(v) / r**2) == 0


def test_field_roundtrip_inverse_and_derivative():
    """to/back is the identity, x * (1/x) = 1, and d/dθ agrees with sympy's diff (exactly)."""
    from symphys.gr._trigfield import TrigFieldBackend

    f = sp.Function("f")(r)
    exprs = [sp.sin(th) ** 3 / (r + sp.cos(th)), (1 + sp.tan(th)) / (r**2 - sp.sin(th)),
             f * sp.sin(th) + sp.cos(2 * th) / (1 + f.diff(r))]
    be = TrigFieldBackend((r, th), exprs)

    def zero(e):   # at three rational points, f(r) = r**3 + 2: independent of the field
        e = e.replace(sp.Function("f"), sp.Lambda(r, r**3 + 2)).doit()
        return all(abs(complex(e.xreplace({r: sp.Rational(k, 7), th: sp.Rational(k, 5)})
                               .evalf(40))) < 1e-30 for k in (2, 3, 11))

    for e in exprs:
        el = be.to(e)
        assert zero(be.back(el) - e)
        assert el * el.inverse() == be.scalar(be.K.one)
        for a, var in enumerate((r, th)):
            assert zero(be.back(be.d(el, a)) - sp.diff(e, var))
    s2 = be.to(sp.sin(th) ** 2)
    assert s2 + be.to(sp.cos(th) ** 2) == be.scalar(be.K.one)   # sin² + cos² = 1 exactly
    i = be.to(sp.I)
    assert i * i == be.to(-1) and be.to(sp.sqrt(2)) ** 2 == be.to(2)


@pytest.mark.timeout(30)
def test_huge_trigonometric_degrees_fall_back_quickly():
    """sin(10**6 θ) is never expanded (MAX_TRIG_DEGREE); such a metric takes the cancel path."""
    from symphys.gr._trigfield import MAX_TRIG_DEGREE

    for g in (sp.diag(sp.sin(10**6 * th) + 2, 1), sp.diag(sp.sin(th) ** (10**6) + 2, 1),
              sp.diag(sp.sin(th / 2) + 2, 1)):
        assert type(Metric(g, (th, ph))._be).__name__ != "TrigFieldBackend"
    ok = sp.diag(sp.sin(MAX_TRIG_DEGREE * th) + 2, 1)
    assert type(Metric(ok, (th, ph))._be).__name__ == "TrigFieldBackend"
