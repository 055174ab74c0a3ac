"""The AsymptoticProblem engine and the coupled solver, against closed forms derived by hand.

References: d'Alembert's solution of the wave equation (the coupled first-order system
∂_u Θ = 2N'/l², ∂_u N = Θ'/2 is the wave equation ∂_u² Θ = Θ''/l²); the BMS3 laws and charges
of Barnich & Compère, arXiv:gr-qc/0610130 (typed in here from the paper, not from our output).
"""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr._solve import evolution_matrix, integrate_evolution
from symphys.gr.asymptotic import AsymptoticProblem, check_periodic, integrate_by_parts

u, r, p = sp.symbols("u r phi", real=True)
l = sp.Symbol("l", positive=True)
Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
T, Y = sp.Function("T")(p), sp.Function("Y")(p)
Th0, Xi0 = sp.Function("Theta")(p), sp.Function("Xi")(p)


def d(f, k=1):
    return sp.diff(f, p, k)


def same(a, b):
    return sp.simplify(sp.expand(a - b)) == 0


def test_coupled_solver_is_dalembert():
    eqs = [Th.diff(u) - 2 * N.diff(p) / l**2, N.diff(u) - Th.diff(p) / 2]
    F, H = sp.cos(2 * p), sp.sin(p) ** 3
    sol, exact = integrate_evolution(eqs, [Th, N], u, p, [F, H])
    assert exact
    # d'Alembert: Θ = ½[F(φ+u/l) + F(φ-u/l)] + (1/l)[H(φ+u/l) - H(φ-u/l)] (by hand)
    up, dn = p + u / l, p - u / l
    ref = (F.subs(p, up) + F.subs(p, dn)) / 2 + (H.subs(p, up) - H.subs(p, dn)) / l
    assert same(sol[Th], ref)
    for e in eqs:
        assert same(e.subs({Th: sol[Th], N: sol[N]}).doit(), 0)
    assert same(sol[Th].subs(u, 0), F) and same(sol[N].subs(u, 0), H)


def test_coupled_solver_refuses_nonlinear_and_nonlocal():
    D = sp.Symbol("D")
    with pytest.raises(ValueError, match="linear"):
        evolution_matrix([Th.diff(u) - Th**2, N.diff(u)], [Th, N], u, p, D)
    with pytest.raises(ValueError, match="constants"):
        evolution_matrix([Th.diff(u) - p * Th.diff(p), N.diff(u)], [Th, N], u, p, D)


_CACHE: dict = {}


def _bms3_problem():
    if "bms3" not in _CACHE:
        g = sp.Matrix([[Th, -1, N], [-1, 0, 0], [N, 0, r**2]])
        _CACHE["bms3"] = AsymptoticProblem(g, (u, r, p), data_names={"N": "Xi"})
    return _CACHE["bms3"]


def test_bms3_ansatz_reproduces_barnich_compere():
    P = _bms3_problem()
    sol = P.solution_space()
    assert sol["Theta"] == Th0 and same(sol["N"], Xi0 + u * d(Th0) / 2)
    law = P.variations()
    assert same(law["Theta"], Y * d(Th0) + 2 * d(Y) * Th0 - 2 * d(Y, 3))
    assert same(law["Xi"], Y * d(Xi0) + 2 * d(Y) * Xi0 + T * d(Th0) / 2 + d(T) * Th0 - d(T, 3))
    ch = P.charges()
    assert ch["integrable"]
    G = sp.Symbol("G", positive=True)
    assert same(ch["density"], (T * Th0 + 2 * Y * Xi0) / (16 * sp.pi * G))
    assert P.charge({"T": 1, "Y": 0}, {"Theta": -1, "Xi": 0}) == -1 / (8 * G)


def test_engine_checks_input():
    g = sp.Matrix([[Th, -1, N], [-1, 0, 0], [N, 0, r**2]])
    with pytest.raises(ValueError, match="lagrangian"):
        AsymptoticProblem(g, (u, r, p), lagrangian="gauss-bonnet")
    with pytest.raises(ValueError, match="three symbols"):
        AsymptoticProblem(g, (u, r))
    bad = sp.Matrix([[sp.Function("F")(u, r, p), -1, 0], [-1, 0, 0], [0, 0, r**2]])
    with pytest.raises(ValueError, match="exactly"):
        AsymptoticProblem(bad, (u, r, p))
    P = _bms3_problem()
    with pytest.raises(ValueError, match="formula"):
        P.charges(formula="komar")
    with pytest.raises(ValueError, match="keys"):
        P.variations(generator={"Z": 1})


def test_charges_refuse_non_periodic_and_non_finite():
    P = _bms3_problem()
    with pytest.raises(ValueError, match="2\\*pi-periodic"):
        P.charge({"T": p, "Y": 0}, {"Theta": -1, "Xi": 0})
    with pytest.raises(ValueError):
        P.charge({"T": sp.oo, "Y": 0}, {"Theta": -1, "Xi": 0})
    assert check_periodic(sp.cos(3 * p), p, "T") == sp.cos(3 * p)
    with pytest.raises(ValueError, match="periodic"):
        check_periodic(sp.cos(p / 2), p, "Y")


def test_integrate_by_parts():
    F = sp.Function("F")(p)
    parts, rest = integrate_by_parts(T * d(F, 3) + sp.cos(p), [F], p)
    assert same(parts[F], -d(T, 3)) and rest == sp.cos(p)
