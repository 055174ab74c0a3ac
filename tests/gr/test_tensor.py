"""Lie derivative identities (commutator, Leibniz) for symphys.gr.tensor."""

from __future__ import annotations

import itertools

import sympy as sp

from symphys.gr import lie_derivative

x, y, z = sp.symbols("x y z")
X = (x, y, z)


def test_lie_derivative_of_vector_is_commutator():
    xi = [y * z, sp.sin(x), x**2]
    V = [sp.exp(y), x * z, y]
    L = lie_derivative(V, xi, X, "u")
    for a in range(3):
        comm = sum(xi[c] * sp.diff(V[a], X[c]) - V[c] * sp.diff(xi[a], X[c]) for c in range(3))
        assert sp.simplify(L[a] - comm) == 0


def test_leibniz_rule_for_contraction():
    xi = [y, -x + z**2, sp.cos(y)]
    g = sp.Matrix([[1 + x**2, y, 0], [y, 2, z], [0, z, 3]])
    V = [z, x * y, 1]
    w = [sum(g[a, b] * V[b] for b in range(3)) for a in range(3)]  # w_a = g_ab V^b
    Lw = lie_derivative(w, xi, X, "d")
    Lg = lie_derivative(g, xi, X, "dd")
    LV = lie_derivative(V, xi, X, "u")
    for a in range(3):
        rhs = sum(Lg[a, b] * V[b] + g[a, b] * LV[b] for b in range(3))
        assert sp.expand(Lw[a] - rhs) == 0


def test_scalar_and_mixed_tensor():
    f = x * y * z
    assert sp.expand(lie_derivative(f, [1, 1, 1], X, "") - (y * z + x * z + x * y)) == 0
    # L_ξ δ^a_b = 0 for any ξ
    delta = sp.eye(3)
    L = lie_derivative(delta, [x * y, z, sp.sin(x)], X, "ud")
    assert all(sp.simplify(L[i, j]) == 0 for i, j in itertools.product(range(3), repeat=2))
