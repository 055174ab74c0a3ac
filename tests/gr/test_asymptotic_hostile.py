"""The engine as a demanding user meets it: clear errors at once, bounded costs (issue 17)."""

from __future__ import annotations

from math import comb

import pytest
import sympy as sp

from symphys.gr import ads3, bms3
from symphys.gr._fourier import MAX_FOURIER_TERMS, fourier_terms, integrate_circle
from symphys.gr.asymptotic import (
    MAX_FALLOFF,
    AsymptoticProblem,
    check_periodic,
    integrate_by_parts,
)

u, r, p = sp.symbols("u r phi", real=True)
Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
FLAT = sp.Matrix([[Th, -1, N], [-1, 0, 0], [N, 0, r**2]])


@pytest.fixture(scope="module")
def flat():
    return AsymptoticProblem(FLAT, (u, r, p), data_names={"N": "Xi"})


def test_constructor_refuses_bad_names_and_constants():
    with pytest.raises(ValueError, match="G=0 must be a positive"):
        AsymptoticProblem(FLAT, (u, r, p), G=0)
    with pytest.raises(TypeError, match=r"generator_names\[0\]=1"):
        AsymptoticProblem(FLAT, (u, r, p), generator_names=(1, 2))
    for names in (("T", "T"), ("r", "Y"), ("Theta", "Y")):
        with pytest.raises(ValueError, match="generator_names"):
            AsymptoticProblem(FLAT, (u, r, p), generator_names=names)
    # N's data named like Theta's would silently identify the two fields
    for dn in ({"N": "Theta"}, {"N": "phi"}):
        with pytest.raises(ValueError, match="data_names"):
            AsymptoticProblem(FLAT, (u, r, p), data_names=dn)


def test_falloffs_are_bounded_ints():
    with pytest.raises(TypeError, match=r"falloffs\[\(0, 0\)\]=0.5 must be an int"):
        AsymptoticProblem(FLAT, (u, r, p), falloffs={(0, 0): 0.5})
    with pytest.raises(TypeError, match="falloffs"):
        AsymptoticProblem(FLAT, (u, r, p), falloffs={(0, 0): sp.Symbol("k")})
    with pytest.raises(ValueError, match=f">= -{MAX_FALLOFF}"):
        AsymptoticProblem(FLAT, (u, r, p), falloffs={(0, 0): -10**6})


def test_on_solutions_never_sympifies_text(flat):
    with pytest.raises(TypeError, match=r"expr\[0\]=.* is text"):
        flat.on_solutions(["__import__('os').system('echo PWNED')"])


def test_integrate_by_parts_checks_and_any_order():
    F, T = sp.Function("F")(p), sp.Function("T")(p)
    with pytest.raises(TypeError, match="var="):
        integrate_by_parts(T * F, [F], "phi")
    with pytest.raises(TypeError, match="fields must be a sequence"):
        integrate_by_parts(T * F, "F", p)
    with pytest.raises(TypeError, match=r"fields\[0\]"):
        integrate_by_parts(T * F, [p], p)
    # ∮ T F^(12) = ∮ T^(12) F (twelve integrations by parts, sign (+1)^12)
    parts, rest = integrate_by_parts(T * F.diff(p, 12), [F], p)
    assert parts[F] == T.diff(p, 12) and rest == 0


def test_check_periodic_checks_its_arguments():
    with pytest.raises(TypeError, match="phi="):
        check_periodic(sp.cos(p / 2), "phi", "T")   # would have passed unchecked
    with pytest.raises(TypeError, match="name="):
        check_periodic(sp.cos(p), p, 3)


@pytest.mark.timeout(30)
def test_check_periodic_huge_modes_at_once():
    m = sp.Symbol("m", integer=True)
    assert check_periodic(sp.cos(10**8 * p) + sp.sin(3 * 10**7 * p), p, "T") is not None
    assert check_periodic(sp.cos(m * p), p, "T") == sp.cos(m * p)
    for bad in (sp.cos(p / 2), sp.cos(sp.sqrt(2) * p), sp.cos(sp.Symbol("k") * p),
                sp.cos(10**8 * p + p / 3)):
        with pytest.raises(ValueError, match="2\\*pi-periodic"):
            check_periodic(bad, p, "T")


@pytest.mark.timeout(30)
def test_integrate_circle_closed_forms():
    # ∮ cos²(kφ) = π for any k != 0; ∮ cos^(2n) φ = 2π C(2n, n)/4^n (Wallis)
    assert integrate_circle(sp.cos(10**6 * p) ** 2, p) == sp.pi
    assert integrate_circle(sp.cos(p) ** 1000, p) == 2 * sp.pi * sp.Rational(comb(1000, 500),
                                                                          4**500)
    assert integrate_circle(sp.sin(3 * p) * sp.cos(3 * p) + 5, p) == 10 * sp.pi
    assert integrate_circle(sp.exp(2 * sp.I * p) * sp.exp(-2 * sp.I * p), p) == 2 * sp.pi
    assert fourier_terms(sp.cos(p) ** 2, p) == 3
    big = (sp.cos(p) + sp.sin(2 * p) + sp.cos(3 * p)) ** 400
    assert fourier_terms(big, p) > MAX_FOURIER_TERMS
    with pytest.raises(ValueError, match="Fourier terms"):
        integrate_circle(big, p)
    with pytest.raises(ValueError, match="trigonometric degree"):
        integrate_circle(sp.Abs(sp.cos(10**6 * p)), p)


@pytest.mark.timeout(60)
def test_charges_with_huge_modes_are_fast(flat):
    k = 10**6
    # Q = (1/16πG) ∮ (TΘ + 2YΞ) dφ (Barnich & Compère gr-qc/0610130): ∮ cos² = π
    G = sp.Symbol("G", positive=True)
    want = 1 / (16 * G)
    c = sp.cos(k * p)
    assert flat.charge({"T": c, "Y": 0}, {"Theta": c, "Xi": 0}) == want
    assert bms3.charge(c, 0, c, 0) == want
    assert ads3.charge(c, 0, c, 0) == want
    big = (sp.cos(p) + sp.sin(2 * p) + sp.cos(3 * p)) ** 400   # C(402, 2) = 80601 terms
    for call in (lambda: ads3.charge(big, 0, -1, 0), lambda: bms3.charge_density(T=big),
                 lambda: ads3.variation(big, 0), lambda: flat.charge({"T": 1, "Y": 0},
                                                                      {"Theta": big})):
        with pytest.raises(ValueError, match="expands to about 80601 terms"):
            call()


@pytest.mark.timeout(120)
def test_algebra_modes_plain_m_and_bad_modes(flat):
    m = sp.Symbol("m")   # no assumptions: taken as the integer mode number
    e = sp.exp(sp.I * m * p)
    alg = flat.algebra(modes={"P": {"T": e}, "J": {"Y": e}})
    # bms3: i{J_m, P_n} = (m - n) P_{m+n} + (c2/12) m^3 δ, c2 = 3/G (Barnich & Compère,
    # gr-qc/0610130), c1 = 0 in Einstein gravity
    G = sp.Symbol("G", positive=True)
    assert alg["central_charges"][("P", "J")] == 3 / G
    assert alg["central_charges"][("J", "J")] == 0
    # a zero mode (T = 1, P_0) has no central term with anything (it used to be an IndexError)
    assert flat.algebra(modes={"P": {"T": 1}, "J": {"Y": e}})["central_charges"][("P", "J")] == 0
    for bad in (m * p, sp.exp(sp.I * m * p / 2), sp.exp(sp.I * sp.Symbol("k") * p)):
        with pytest.raises(ValueError, match=r"modes\['P'\]\['T'\].*periodic"):
            flat.algebra(modes={"P": {"T": bad}, "J": {"Y": e}})
    with pytest.raises(ValueError, match="phi and m only"):
        flat.algebra(modes={"P": {"T": u}})


def test_ads3_refuses_non_integer_modes_and_unhashable_formula():
    with pytest.raises(ValueError, match="m=1/2 must be an integer"):
        ads3.virasoro_modes(m=sp.Rational(1, 2))
    with pytest.raises(ValueError, match="integer"):
        ads3.virasoro_modes(m=1.5)
    with pytest.raises(ValueError, match="formula="):
        ads3.algebra(formula=["barnich-brandt"])   # was "unhashable type: 'list'"
    # L+_1 = (l/2, 1/2) e^{i phi}: Brown & Henneaux's modes (ads3 module docstring)
    assert ads3.virasoro_modes(m=1)["L+"]["Y"] == sp.exp(sp.I * p) / 2
