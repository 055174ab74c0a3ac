"""Issue 19 for symphys.gr: text is never evaluated, non-finite values and sizes are refused."""

from __future__ import annotations

import os
import subprocess

import numpy as np
import pytest
import sympy as sp

from symphys.gr import Metric, bms3, bondi4, expansion, noether, series, surface_charges, tensor
from symphys.gr._convert import MAX_DIM, as_expr, as_matrix, as_nested

HOSTILE = [
    "__import__('os').system('echo PWNED')",
    "__import__('os').system('echo PWNED >&2')",
    "(lambda: __import__('subprocess').run(['echo', 'PWNED']))()",
    "().__class__.__base__.__subclasses__()",
    "cos(phi)",  # even harmless text is refused: it would be a different, non-real phi
]

x, y = sp.symbols("x y")
t = sp.Symbol("t")
q = sp.Function("q")(t)
phi = bms3.phi


def _calls(s):
    """Every public gr entry point that takes a value, fed the string ``s`` in one slot."""
    m = Metric(sp.diag(-1, 1), (x, y))
    return [
        lambda: bms3.charge(s, 0, -1, 0),
        lambda: bms3.charge(1, 0, s, 0),
        lambda: bms3.charge(1, 0, -1, 0, G=s),
        lambda: bms3.charge_density(Theta=s),
        lambda: bms3.killing_vector(s, 0),
        lambda: bms3.killing_vector(1, 0, N=s),
        lambda: bms3.variation(s, 0, -1, 0),
        lambda: bms3.metric(s, 0),
        lambda: bms3.solution_metric(s, 0),
        lambda: bms3.schwarzian(s),
        lambda: bms3.finite_superrotation(s),
        lambda: bms3.conical_defect(s),
        lambda: bms3.flat_space_cosmology(s, 0),
        lambda: bms3.supertranslated_minkowski(s),
        lambda: bms3.antipodal_map(s, 0),
        lambda: bms3.bracket(s, 0, 0, 1),
        lambda: bms3.stabilizer(s, 0),
        lambda: bondi4.bondi_mass(s),
        lambda: bondi4.mass_loss(axisymmetric=True, G=s),
        lambda: Metric([[s, 0], [0, 1]], (x, y)),
        lambda: Metric(sp.eye(2), (x, y)).einstein(cosmological_constant=s),
        lambda: m.lie_derivative([s, 0]),
        lambda: m.covariant_derivative([s, 0], "u"),
        lambda: m.covariant_derivative(s, ""),
        lambda: tensor.lie_derivative(s, [1, 0], (x, y), ""),
        lambda: tensor.covariant_derivative([s, 1], "u", sp.Array.zeros(2, 2, 2), (x, y)),
        lambda: surface_charges.barnich_brandt(m, [[s, 0], [0, 0]], [1, 0]),
        lambda: surface_charges.iyer_wald(m, sp.zeros(2, 2), [s, 0]),
        lambda: surface_charges.komar_density(m, [s, 0]),
        lambda: noether.euler_lagrange(s, [q], [t]),
        lambda: noether.characteristic([q], [t], xi=[s]),
        lambda: noether.noether_current(q.diff(t) ** 2, [q], [t], xi=[1], K=[s]),
        lambda: noether.conserved_on_shell([s], [t], {q.diff(t, 2): -q}),
        lambda: noether.conserved_on_shell([q], [t], {q.diff(t, 2): s}),
        lambda: expansion.freeze(s),
        lambda: expansion.thaw(s, {}),
        lambda: expansion.inverse_power_coefficients(s, x, 3),
        lambda: series.InverseRSeries.from_expr(s, x),
        lambda: series.InverseRSeries({0: s}, 5, x),
        lambda: series.InverseRSeries.from_expr(1 / x, x) + s,
        lambda: series.InverseRSeries.from_expr(1 / x, x) / s,
    ]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", HOSTILE)
def test_no_string_is_evaluated(text, monkeypatch, capfd):
    """Issue 19: `bms charge --T "__import__('os').system(...)"` ran the shell command."""
    def refuse(*args, **kwargs):
        raise AssertionError("a shell command was run")

    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    for i, call in enumerate(_calls(text)):
        with pytest.raises(TypeError, match="is text|must be") as info:
            call()
        assert "Traceback" not in str(info.value), i
    out, err = capfd.readouterr()
    assert "PWNED" not in out + err


def test_text_inside_containers_and_arrays_is_refused():
    for value in (["x"], [["1", 0]], np.array(["x + 1"]), np.array([["1", "2"], ["3", "4"]]),
                  (1, b"x")):
        with pytest.raises(TypeError, match="is text"):
            as_nested(value, "tensor")
    with pytest.raises(TypeError, match=r"g\[0\]\[1\]=.*is text"):
        as_matrix([[1, "y"], [0, 1]], "g")
    with pytest.raises(TypeError, match="bool"):
        as_expr(True, "T")
    with pytest.raises(TypeError, match="simplify"):
        Metric(sp.diag(1, x), (x, y), simplify=lambda e: str(e)).ricci()
    # numbers of every kind are welcome
    from fractions import Fraction
    assert as_expr(Fraction(1, 3), "a") == sp.Rational(1, 3)
    assert as_expr(np.float64(0.5), "a") == sp.Float(0.5)
    assert as_expr(np.int64(7), "a") == 7
    assert as_expr(2 + 1j, "a") == sp.Float(2) + sp.Float(1) * sp.I


@pytest.mark.parametrize("bad", [sp.Integer(1) / 0, sp.nan, sp.oo, float("nan"), float("inf"),
                                 np.float64("-inf"), x / 0])
def test_non_finite_values_are_refused(bad):
    """Issue 19: `bms charge --T 1/0` printed nan."""
    with pytest.raises(ValueError, match="T=.*not finite"):
        bms3.charge(bad, 0, -1, 0)
    with pytest.raises(ValueError, match="Theta=.*not finite"):
        bms3.charge(1, 0, bad, 0)
    with pytest.raises(ValueError, match=r"g\[1\]\[1\]=.*not finite"):
        Metric([[1, 0], [0, bad]], (x, y))
    with pytest.raises(ValueError, match="not finite"):
        bms3.flat_space_cosmology(bad, 0)
    with pytest.raises(ValueError, match="not finite"):
        bondi4.bondi_mass(bad)


def test_division_by_zero_in_parameters_is_named():
    with pytest.raises(ValueError, match="G=0 must be a positive"):
        bms3.charge(1, 0, -1, 0, G=0)
    with pytest.raises(ValueError, match="G=0 must be a positive"):
        bms3.flat_space_cosmology(1, 2, G=0)
    with pytest.raises(ValueError, match="G=0 must be a positive"):
        bondi4.bondi_mass(1, G=0)
    # a divergent integral is an error that names the inputs, not nan
    with pytest.raises(ValueError, match=r"charge is not finite .*T=1/sin\(phi\)"):
        bms3.charge(1 / sp.sin(phi), 0, -1, 0)
    with pytest.raises(ValueError, match="m_B"):
        bondi4.bondi_mass(1 / bondi4.x)
    with pytest.raises(ValueError, match="division of a series by zero"):
        series.InverseRSeries.from_expr(1 / x, x) / 0
    with pytest.raises(ValueError, match="no known non-zero term"):
        series.InverseRSeries({}, 3, x).inverse(3)


def test_charges_fft_refuses_bad_samples():
    with pytest.raises(ValueError, match="G=nan must be a positive finite"):
        bms3.charges_fft(np.ones(4), np.ones(4), G=float("nan"))
    with pytest.raises(TypeError, match="G=.* must be a real number"):
        bms3.charges_fft(np.ones(4), np.ones(4), G=1j)
    with pytest.raises(TypeError, match="G=True must be a real number"):
        bms3.charges_fft(np.ones(4), np.ones(4), G=True)
    with pytest.raises(TypeError, match="theta must be an array of real numbers"):
        bms3.charges_fft(["a", "b"], ["c", "d"])
    with pytest.raises(TypeError, match="theta must be real samples"):
        bms3.charges_fft(np.ones(4) * 1j, np.ones(4))
    with pytest.raises(ValueError, match="theta and xi must be finite"):
        bms3.charges_fft(np.array([1.0, np.nan]), np.ones(2))
    with pytest.raises(ValueError, match="exceed the float64 range"):
        bms3.charges_fft(np.ones(4), np.ones(4), G=1e-320)
    # large but representable: no overflow inside the transform
    P, _ = bms3.charges_fft(np.array([1e308, 1e308]), np.zeros(2))
    assert np.isfinite(P).all() and P[0].real == pytest.approx(1e308 / 8)


@pytest.mark.timeout(10)
def test_sizes_are_refused_in_closed_form():
    with pytest.raises(ValueError, match=r"theta has 10000000000 samples.*limit is 16777216"):
        bms3.charges_fft(np.broadcast_to(0.0, (10**5, 10**5)), 0)
    with pytest.raises(ValueError, match=r"order=1000000000 is beyond the limit order <= 64"):
        expansion.inverse_power_coefficients(1 / x, x, 10**9)
    with pytest.raises(ValueError, match=r"r\*\*1000000000.*limit is a degree in r <= 256"):
        expansion.inverse_power_coefficients(x**10**9 + 1, x, 3)
    with pytest.raises(ValueError, match=r"r\*\*1000000.*limit"):
        expansion.inverse_power_coefficients(1 / (x + 1) ** 10**6, x, 3)
    with pytest.raises(ValueError, match="order=.*limit order <= 64"):
        series.InverseRSeries.from_expr(sp.sqrt(1 + 1 / x), x, order=10**6)
    with pytest.raises(ValueError, match="prec=1000000000 needs .* terms.*limit is 64"):
        series.InverseRSeries.from_expr(1 + 1 / x, x).inverse(10**9)
    with pytest.raises(ValueError, match="order term"):
        series.InverseRSeries.from_expr(1 + sp.O(sp.exp(x), (x, sp.oo)), x)
    coords = sp.symbols(f"x0:{MAX_DIM + 1}")
    with pytest.raises(ValueError, match=f"{MAX_DIM + 1} coordinates.*dimension <= {MAX_DIM}"):
        Metric(sp.eye(MAX_DIM + 1), coords)
    with pytest.raises(ValueError, match=f"g has 100000 rows.*dimension <= {MAX_DIM}"):
        Metric([[0]] * 10**5, (x, y))
    with pytest.raises(ValueError, match="order=100 is beyond the limit order <= 32"):
        Metric(sp.diag(-1, 1), (x, y), expand_in=y, order=100)
    with pytest.raises(ValueError, match=r"positions=.*rank 200.*limit"):
        tensor.lie_derivative(0, [1, 0], (x, y), "u" * 200)
    with pytest.raises(ValueError, match="holds Fourier modes up to 1000000000"):
        bms3.stabilizer(sp.cos(10**9 * phi), 0)
    with pytest.raises(ValueError, match="holds Fourier modes up to 1000000000"):
        bms3.stabilizer(sp.cos(phi) ** 10**9, 0)
    with pytest.raises(ValueError, match="max_mode=1000000000 .* limit is max_mode <= 32"):
        bms3.stabilizer(-1, 0, max_mode=10**9)


def test_wrong_types_name_the_argument():
    with pytest.raises(TypeError, match="scri="):
        bms3.field_equations(scri=["+"])
    with pytest.raises(TypeError, match="scri="):
        bms3.killing_vector(scri=["+"])
    with pytest.raises(TypeError, match="sign="):
        bms3.variation(sign=["lie"])
    with pytest.raises(ValueError, match="formula="):
        bms3.charge_density(formula=["x"])
    with pytest.raises(TypeError, match="axisymmetric="):
        bondi4.solve_hypersurface(axisymmetric=[1])
    with pytest.raises(TypeError, match="simplify="):
        bms3.schwarzian(sp.tan(phi), simplify="yes")
    with pytest.raises(TypeError, match=r"T=.*callable that failed.*ZeroDivisionError"):
        bms3.charge(lambda p: 1 / 0, 0, -1, 0)
    with pytest.raises(TypeError, match="positions="):
        tensor.lie_derivative(0, [1, 0], (x, y), 5)
    with pytest.raises(TypeError, match="on_shell"):
        noether.conserved_on_shell([q], [t], [q.diff(t, 2)])
    with pytest.raises(TypeError, match="on_shell keys"):
        noether.conserved_on_shell([q], [t], {q: -q})
    with pytest.raises(ValueError, match="current has 2 components, expected 1"):
        noether.conserved_on_shell([q, q], [t], {q.diff(t, 2): -q})
    with pytest.raises(TypeError, match="coords"):
        Metric(sp.eye(2), "xy")
    with pytest.raises(TypeError, match="order=2.5 must be an int"):
        expansion.inverse_power_coefficients(1 / x, x, 2.5)
    with pytest.raises(TypeError, match="var="):
        series.InverseRSeries.from_expr(1 / x, x).diff("x")
