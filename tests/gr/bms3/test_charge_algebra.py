"""The BMS3 algebra of vectors and charges against Barnich & Compère, arXiv:gr-qc/0610130
(c1 = 0, c2 = 3/G; K = -(1/8πG) ∮ (T1 Y2''' + Y1 T2''')), checked by quadrature too."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad

from symphys.gr import bms3
from symphys.gr.bms3 import G, phi
from tests.gr.bms3.common import d, same


def test_algebra_and_central_charges():
    alg = bms3.algebra()
    c1, c2 = alg["central_charges"]
    assert c1 == 0
    assert c2 == 3 / G
    T1, Y1, T2, Y2 = (sp.Function(n)(phi) for n in ("T1", "Y1", "T2", "Y2"))
    T12, Y12 = alg["bracket"]
    assert same(Y12, Y1 * d(Y2) - Y2 * d(Y1))
    assert same(T12, Y1 * d(T2) + T1 * d(Y2) - Y2 * d(T1) - T2 * d(Y1))


def test_bms3_mode_algebra_of_vectors():
    """i[j_m, j_n] = (m-n) j_{m+n}, i[j_m, p_n] = (m-n) p_{m+n}, [p_m, p_n] = 0."""
    for m_, n_ in ((2, -1), (3, 1), (-2, 0)):
        em, en, emn = (sp.exp(sp.I * k * phi) for k in (m_, n_, m_ + n_))
        Tjj, Yjj = bms3.bracket(0, em, 0, en)
        assert Tjj == 0 and same(sp.I * Yjj, (m_ - n_) * emn)
        Tjp, Yjp = bms3.bracket(0, em, en, 0)
        assert Yjp == 0 and same(sp.I * Tjp, (m_ - n_) * emn)
        assert bms3.bracket(em, 0, en, 0) == (0, 0)


def _num_charge(Tf, Yf, Thf, Xif, Gv=1.0):
    val = quad(lambda p: Tf(p) * Thf(p) + 2 * Yf(p) * Xif(p), 0, 2 * np.pi, limit=200)[0]
    return val / (16 * np.pi * Gv)


def test_charge_algebra_numerically():
    """δ_ξ2 Q_ξ1 = Q_[ξ1,ξ2] + K with Barnich-Compère's K = -(1/8πG)∮(T1 Y2''' + Y1 T2''')."""
    T1, Y1 = sp.cos(phi) + 1, sp.sin(2 * phi)
    T2, Y2 = sp.sin(3 * phi), sp.cos(phi) / 2 + sp.sin(phi)
    Th0, Xi0 = sp.exp(sp.cos(phi)), sp.sin(phi) ** 2
    dTh, dXi = bms3.variation(T2, Y2, Th0, Xi0)
    T12, Y12 = bms3.bracket(T1, Y1, T2, Y2)
    lam = lambda e: sp.lambdify(phi, e, "numpy")  # noqa: E731
    lhs = _num_charge(lam(T1), lam(Y1), lam(dTh), lam(dXi))
    rhs = _num_charge(lam(T12), lam(Y12), lam(Th0), lam(Xi0))
    K = -quad(lam(T1 * d(Y2, 3) + Y1 * d(T2, 3)), 0, 2 * np.pi)[0] / (8 * np.pi)
    assert lhs == pytest.approx(rhs + K, abs=1e-10)
