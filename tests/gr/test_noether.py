"""Noether currents against textbook forms (Peskin-Schroeder §2.2, Goldstein §2.7/§13.7)."""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr import noether

t, x, y, z, m = sp.symbols("t x y z m", positive=True)


def _on_shell(L, fields, coords):
    E = noether.euler_lagrange(L, fields, coords)
    tops = [f.diff(coords[0], 2) for f in fields]
    sol = sp.solve(E, tops, dict=True)[0]
    return sol


def test_free_scalar_energy_momentum_3p1():
    phi = sp.Function("phi")(t, x, y, z)
    X = (t, x, y, z)
    d = [phi.diff(c) for c in X]
    L = (d[0] ** 2 - d[1] ** 2 - d[2] ** 2 - d[3] ** 2) / 2 - m**2 * phi**2 / 2
    T = noether.canonical_stress_tensor(L, [phi], X)
    energy = (d[0] ** 2 + d[1] ** 2 + d[2] ** 2 + d[3] ** 2 + m**2 * phi**2) / 2
    assert sp.expand(T[0, 0] - energy) == 0
    # momentum density T^0_i = π ∂_i φ
    for i in (1, 2, 3):
        assert sp.expand(T[0, i] - d[0] * d[i]) == 0
    rules = _on_shell(L, [phi], X)
    for nu in range(4):
        j = noether.noether_current(L, [phi], X, xi=[int(k == nu) for k in range(4)])
        assert all(sp.expand(j[mu] + T[mu, nu]) == 0 for mu in range(4))
        assert noether.conserved_on_shell(j, X, rules)
        assert noether.noether_identity_holds(L, [phi], X, j, xi=[int(k == nu) for k in range(4)])


def test_boost_current_of_free_scalar_is_conserved():
    phi = sp.Function("phi")(t, x)
    L = (phi.diff(t) ** 2 - phi.diff(x) ** 2) / 2 - m**2 * phi**2 / 2
    j = noether.noether_current(L, [phi], (t, x), xi=[x, t])
    assert noether.conserved_on_shell(j, (t, x), _on_shell(L, [phi], (t, x)))
    # not conserved off shell
    assert not noether.conserved_on_shell(j, (t, x), {})


def test_angular_momentum_in_central_potential():
    X, Y = sp.Function("X")(t), sp.Function("Y")(t)
    V = sp.Function("V")
    L = m * (X.diff(t) ** 2 + Y.diff(t) ** 2) / 2 - V(sp.sqrt(X**2 + Y**2))
    j = noether.noether_current(L, [X, Y], (t,), internal=[-Y, X])
    assert sp.expand(j[0] - m * (X * Y.diff(t) - Y * X.diff(t))) == 0
    assert noether.conserved_on_shell(j, (t,), _on_shell(L, [X, Y], (t,)))
    # energy from time translation: j = -(p q' - L)
    e = noether.noether_current(L, [X, Y], (t,), xi=[1])
    H = m * (X.diff(t) ** 2 + Y.diff(t) ** 2) / 2 + V(sp.sqrt(X**2 + Y**2))
    assert sp.simplify(e[0] + H) == 0
    # a non-central potential breaks rotation invariance
    with pytest.raises(ValueError, match="variational"):
        noether.noether_current(L + X, [X, Y], (t,), internal=[-Y, X])


def test_conformal_symmetry_of_free_2d_scalar():
    sp_, sm = sp.symbols("sigma_p sigma_m")
    phi = sp.Function("phi")(sp_, sm)
    f = sp.Function("f")(sp_)
    L = phi.diff(sp_) * phi.diff(sm)
    j = noether.noether_current(L, [phi], (sp_, sm), xi=[f, 0])
    assert sp.simplify(j[0]) == 0
    assert sp.simplify(j[1] + f * phi.diff(sp_) ** 2) == 0
    assert noether.conserved_on_shell(j, (sp_, sm), {phi.diff(sp_, sm): 0})


def test_bad_input():
    phi = sp.Function("phi")(t, x)
    with pytest.raises(ValueError, match="coords"):
        noether.noether_current(phi.diff(t) ** 2, [phi], (x, t))
    with pytest.raises(TypeError, match="L="):
        noether.noether_current("((", [phi], (t, x))
    with pytest.raises(TypeError, match="Symbols"):
        noether.euler_lagrange(phi, [phi], (t, 2))
    with pytest.raises(TypeError, match="applied"):
        noether.noether_current(t, [t], (t, x))
    with pytest.raises(ValueError, match="components"):
        noether.noether_current(phi.diff(t) ** 2, [phi], (t, x), xi=[1])
    with pytest.raises(ValueError, match="variational"):
        L = phi.diff(t) ** 2 - m**2 * phi**2
        noether.noether_current(L, [phi], (t, x), internal=[phi])


def test_second_order_lagrangian_is_refused():
    t = sp.Symbol("t")
    q = sp.Function("q")(t)
    with pytest.raises(ValueError, match="first-order"):
        noether.noether_current(q.diff(t, 2) ** 2 / 2, [q], [t], xi=[1])
    with pytest.raises(ValueError, match="first-order"):
        noether.euler_lagrange(q.diff(t, 2) ** 2 / 2, [q], [t])
