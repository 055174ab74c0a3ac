"""The bms4 bracket and the BMS4 charge algebra with its field-dependent 2-cocycle.

Independent references (typed in by hand here):
- the bms4 bracket of Barnich & Troessaert (arXiv:0909.2617, 1001.1541, 1106.0213):
  Y12 = Y1·∂Y2 - Y2·∂Y1, T12 = Y1·∂T2 - Y2·∂T1 + ½(T1 ψ2 - T2 ψ1), ψ = D_A Y^A;
- the Witt algebra: V_h = h ∂_z + c.c. is a homomorphism, [V_h, V_k] = V_{h k' - k h'}, so
  l_n = z^{n+1} ∂_z + c.c. obey [l_m, l_n] = (n - m) l_{m+n};
- the 2-cocycle as read in Barnich & Troessaert (arXiv:1106.0213), unit sphere:
  K_{s1,s2} = (1/32πG) ∮ C^BC (f1 D_B D_C ψ2 - f2 D_B D_C ψ1) dΩ, and the properties the
  paper states: antisymmetric, zero on the vacuum and on the globally well-defined (Poincaré)
  algebra, a generalised cocycle.

Charge densities are compared integrated over the sphere, by quadrature, for random smooth
fields (C_AB, m_B, N_A as functions of u, θ, φ) that vanish fast at the poles, so that
integrations by parts leave no boundary term even with a superrotation singular at a pole.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
import sympy as sp

from symphys.gr.bms4 import G, phi, theta, u
from symphys.gr.bms4.algebra import bracket, charge_algebra, cocycle, superrotation

s, co = sp.sin(theta), sp.cos(theta)
Und = sp.core.function.AppliedUndef


def psi(Y):
    return sp.diff(Y[0], theta) + sp.diff(Y[1], phi) + co / s * Y[0]


def bt_bracket(s1, s2):
    (T1, Y1), (T2, Y2) = s1, s2
    d = lambda Y, F: Y[0] * sp.diff(F, theta) + Y[1] * sp.diff(F, phi)  # noqa: E731
    Y12 = (d(Y1, Y2[0]) - d(Y2, Y1[0]), d(Y1, Y2[1]) - d(Y2, Y1[1]))
    T12 = d(Y1, T2) - d(Y2, T1) + (T1 * psi(Y2) - T2 * psi(Y1)) / 2
    return T12, Y12


def explicit(e):
    """The shear and aspects replaced by fixed smooth functions (for pointwise zero tests)."""
    e = sp.sympify(e)
    ex = {F: sp.cos(2 * theta + phi + k) * (1 + u * k) for k, F in
          enumerate(sorted(e.atoms(Und), key=str))}
    rep = {dv: sp.diff(ex[dv.expr], *dv.variable_count) for dv in e.atoms(sp.Derivative)
           if dv.expr in ex}
    return e.xreplace(rep).xreplace(ex)


def zero(e, points=4):
    """Zero at random points (30 digits), or exactly 0."""
    e = explicit(e)
    if e == 0:
        return True
    rng = random.Random(5)
    for _ in range(points):
        pt = {x: sp.Rational(rng.randint(25, 280), 100) if x == theta
              else sp.Rational(rng.randint(1, 620), 100) for x in e.free_symbols}
        if abs(sp.N(e.subs(pt), 30)) > 1e-20:
            return False
    return True


def same_gen(a, b):
    return zero(a[0] - b[0]) and zero(a[1][0] - b[1][0]) and zero(a[1][1] - b[1][1])


def hessian(T):
    Tt, Tp = T.diff(theta), T.diff(phi)
    return sp.Matrix([[T.diff(theta, 2), T.diff(theta, phi) - Tp * co / s],
                      [T.diff(theta, phi) - Tp * co / s, T.diff(phi, 2) + s * co * Tt]])


def _field(rng):
    """A random smooth field of (u, θ, φ) that vanishes like sin¹⁰θ at the poles (so that
    integrals by parts have no boundary terms, even next to a singular superrotation)."""
    ang = sum(rng.uniform(-1, 1) * sp.sin(rng.randint(0, 3) * theta + rng.randint(-2, 2) * phi
                                           + rng.uniform(0, 3)) for _ in range(3))
    return s**10 * ang * (1 + rng.uniform(-1, 1) * u + rng.uniform(-1, 1) * u**2)


def sphere_integral(density, *, seed=1, n_theta=64, n_phi=48):
    """∮ density dΩ (G = 1) with random fields, Gauss-Legendre in θ, trapezoid in φ; also
    ∮ |density| dΩ for scale."""
    rng = random.Random(seed)
    e = sp.sympify(density).subs(G, 1)
    funcs = {F for F in e.atoms(Und)}
    explicit = {F: _field(rng) for F in sorted(funcs, key=str)}
    rep = {dv: sp.diff(explicit[dv.expr], *dv.variable_count) for dv in e.atoms(sp.Derivative)
           if dv.expr in explicit}
    e = e.xreplace(rep).xreplace(explicit).subs(u, sp.Rational(rng.randint(-9, 9), 7))
    f = sp.lambdify((theta, phi), e, "numpy")
    x, w = np.polynomial.legendre.leggauss(n_theta)
    th = (x + 1) * np.pi / 2
    ph = np.arange(n_phi) * 2 * np.pi / n_phi
    TH, PH = np.meshgrid(th, ph, indexing="ij")
    vals = np.broadcast_to(np.asarray(f(TH, PH), dtype=float), TH.shape)
    wts = (w * np.pi / 2 * np.sin(th))[:, None] * (2 * np.pi / n_phi)
    return float(np.sum(vals * wts)), float(np.sum(np.abs(vals) * wts))


def is_divergence(density, *, seeds=(1, 2)):
    """∮ density dΩ = 0 for random fields (relative to ∮ |density| dΩ)."""
    for seed in seeds:
        val, scale = sphere_integral(density, seed=seed)
        if abs(val) > 1e-9 * max(scale, 1e-300):
            return False
    return True


LORENTZ = [superrotation(n, imaginary=im) for n in (-1, 0, 1) for im in (False, True)]


# ---------------------------------------------------------------- the bms4 bracket

@pytest.mark.slow
def test_bracket_is_the_bms4_bracket_of_barnich_troessaert():
    T1, T2 = co**2 + s * sp.sin(phi), s * sp.cos(phi) * co
    gens = [(T1, None), (T2, None), (co, superrotation(0)), (0, superrotation(1, imaginary=True)),
            (T1, superrotation(-1)), (T2, superrotation(2))]
    for a in gens:
        for b in gens:
            A = (a[0], a[1] or (0, 0))
            B = (b[0], b[1] or (0, 0))
            assert same_gen(bracket(a, b), bt_bracket(A, B)), (a, b)


def test_bracket_closes_the_witt_algebra():
    """[l_m, l_n] = (n - m) l_{m+n} (real parts), with i l_n: [l_m, i l_n] = (n - m) i l_{m+n},
    [i l_m, i l_n] = -(n - m) l_{m+n}."""
    for m, n in ((-1, 1), (1, 2)):
        R = lambda k, im=False: superrotation(k, imaginary=im)  # noqa: E731
        assert same_gen(bracket((0, R(m)), (0, R(n))), (0, tuple((n - m) * y for y in R(m + n))))
        assert same_gen(bracket((0, R(m)), (0, R(n, True))),
                        (0, tuple((n - m) * y for y in R(m + n, True))))
        assert same_gen(bracket((0, R(m, True)), (0, R(n, True))),
                        (0, tuple(-(n - m) * y for y in R(m + n))))


@pytest.mark.slow
def test_poincare_subalgebra_and_jacobi():
    # translations (ℓ <= 1 T) commute and are mapped to translations by the Lorentz algebra:
    # ℓ <= 1 iff the traceless part of D_A D_B T vanishes
    trans = [1, co, s * sp.cos(phi), s * sp.sin(phi)]
    for T in trans:
        for Y in LORENTZ:
            T12, Y12 = bracket((T, None), (0, Y))
            assert Y12 == (0, 0)
            H = hessian(T12)
            assert zero(H[0, 1]) and zero(H[1, 1] - s**2 * H[0, 0])
        assert bracket((T, None), (co**2, None)) == (0, (0, 0))
    # an ℓ = 2 supertranslation is moved by a boost into a supertranslation with ℓ = 1, 3 parts
    T12, _ = bracket((co**2, None), (0, superrotation(0)))
    assert zero(T12 - (-2 * s**2 * co - co**3))
    # Jacobi on three generators with superrotations
    a, b, c = (co**2, superrotation(2)), (s * sp.sin(phi), superrotation(0, imaginary=True)), \
        (1, superrotation(-1))
    tot = [bracket(bracket(x, y), z) for x, y, z in ((a, b, c), (b, c, a), (c, a, b))]
    assert zero(sum(t[0] for t in tot))
    assert all(zero(sum(t[1][i] for t in tot)) for i in range(2))


def test_bracket_refuses_bad_generators():
    with pytest.raises(ValueError, match="conformal Killing"):
        bracket((0, (s**2, 0)), (1, None))
    with pytest.raises(TypeError, match="pair"):
        bracket("T", (1, None))
    with pytest.raises(ValueError, match="only"):
        bracket((u, None), (1, None))
    with pytest.raises(ValueError, match="n="):
        superrotation(10**6)


# -------------------------------------------------------- the paper's cocycle, closed form

@pytest.mark.slow
def test_cocycle_closed_form_properties():
    T1 = co**2 + s * sp.sin(phi)
    s1, s2 = (T1, superrotation(2)), (co, superrotation(-2, imaginary=True))
    K12, K21 = cocycle(s1, s2), cocycle(s2, s1)
    assert K12 != 0 and zero(K12 + K21)                          # antisymmetric, not zero
    assert cocycle(s1, s2, C=sp.zeros(2)) == 0                   # vanishes on the vacuum
    for Y1 in LORENTZ[:3]:                                       # zero on the Poincaré algebra
        for Y2 in LORENTZ[3:]:
            assert zero(cocycle((T1, Y1), (co, Y2)))
    # supertranslation x superrotation: (1/32πG) T1 C^BC D_B D_C ψ2 (hand-written contraction)
    Y = superrotation(2)
    c, d = (sp.Function(n)(u, theta, phi) for n in ("c", "d"))
    H = hessian(psi(Y))
    ref = (c * H[0, 0] + 2 * d * H[0, 1] / s**2 - c * H[1, 1] / s**2) * T1 / (32 * sp.pi * G)
    assert zero(cocycle((T1, None), (0, Y)) - ref)


# ------------------------------------------- the derived charge algebra (derivation: ~30 s)

@pytest.mark.timeout(900)
def test_charge_algebra_field_dependent_term_against_barnich_troessaert():
    """The requirement: δ_s2 Q_s1 + Θ_s2[δ_s1 X] - Q_[s1,s2], computed from the derived laws
    of m_B and C_AB, equals the paper's K_{s1,s2} up to a total divergence; it is a genuine
    field-dependent term for a superrotation (not a divergence) and vanishes on the vacuum."""
    T1 = co**2 + s * sp.sin(phi)
    s1, s2 = (T1, None), (co, superrotation(2))
    out = charge_algebra(s1, s2)
    assert same_gen(out["bracket"], bt_bracket((T1, (0, 0)), (co, superrotation(2))))
    K = cocycle(s1, s2)
    assert is_divergence(out["K"] - K)
    assert not is_divergence(out["K"])
    # the sign of Θ matters: the other sign is off by (1/16πG) f2 N^AB δ_s1 C_AB
    assert not is_divergence(out["delta_Q"] - out["theta"] - out["Q_bracket"] - K)
    vac = {sp.Function(n)(u, theta, phi): 0 for n in ("c", "d")}
    assert is_divergence(out["K"].subs(vac).doit())


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_charge_algebra_closes_on_supertranslations_and_poincare():
    T1, T2 = co**2 + s * sp.sin(phi), s * sp.cos(phi) * co + co**3
    assert is_divergence(charge_algebra((T1, None), (T2, None))["K"])       # K_{T1,T2} = 0
    assert is_divergence(charge_algebra((T2, None), (T1, None))["K"])
    for Y in (superrotation(0), superrotation(1, imaginary=True)):          # Lorentz: K = 0
        out = charge_algebra((T1, None), (T2, Y))
        assert is_divergence(out["K"])
        assert is_divergence(out["K"] - cocycle((T1, None), (T2, Y)))


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_cocycle_condition():
    """Σ_cyclic (K_{[s1,s2],s3} + δ_s3 K_{s1,s2}) ≃ 0 with δ_s C_AB the derived law, for its
    part linear in the fields. The field-independent part (from -2 D_A D_B f + γ_AB D² f in
    δC_AB) is an integral of the singular superrotation over the sphere that does not converge
    (its quadrature does not settle as the grid grows; Barnich-Troessaert note divergent
    integrals), so it is not checked."""
    from symphys.gr.bms4 import variation
    gens = [(co**2, None), (s * sp.sin(phi), superrotation(2)), (1, superrotation(0))]

    def delta_K(a, b, g):
        v = variation(g[0], g[1])
        dC = sp.Matrix([[v["c"], v["d"]], [v["d"], -s**2 * v["c"]]])
        return cocycle(a, b, C=dC)

    A = B = 0
    for a, b, c in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        x, y, z = gens[a], gens[b], gens[c]
        xy = bracket(x, y)
        A += cocycle((xy[0], xy[1]), z)
        B += delta_K(x, y, z)
    vac = {sp.Function(n)(u, theta, phi): 0 for n in ("c", "d")}

    def linear(e):
        e = sp.expand(e)
        return e - e.subs(vac).doit()

    assert is_divergence(linear(A + B))
    assert not is_divergence(linear(A - B))                  # the sign of δ matters


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_bracket_from_the_bulk_killing_vectors():
    """The Lie bracket of the derived bulk vectors at leading order is [s1, s2]."""
    from symphys.gr.bms4 import killing_vector, r
    s1, s2 = (co**2, None), (s * sp.sin(phi), superrotation(0))
    x1, x2 = killing_vector(s1[0], s1[1]), killing_vector(s2[0], s2[1])
    X = (u, r, theta, phi)
    lie = [sum(x1[b] * sp.diff(x2[a], X[b]) - x2[b] * sp.diff(x1[a], X[b]) for b in range(4))
           for a in range(4)]
    T12, Y12 = bracket(s1, s2)
    assert zero(lie[0] - T12 - u * psi(Y12) / 2)
    for A in range(2):
        assert zero(sp.limit(sp.simplify(lie[2 + A]), r, sp.oo) - Y12[A])
