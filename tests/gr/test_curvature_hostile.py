"""Newman-Penrose and Petrov as a demanding user meets them: wrong tetrads, wrong signature,
hostile Ψ's are refused at once (issue 17)."""

from __future__ import annotations

import pytest
import sympy as sp

from symphys.gr import Metric
from symphys.gr.petrov import MAX_RADICALS, petrov_type
from symphys.gr.tetrad import kinnersley_tetrad, newman_penrose

t, r, th, ph = sp.symbols("t r theta phi", real=True)
M = sp.Symbol("M", real=True)
f = 1 - 2 * M / r


def test_newman_penrose_refuses_a_tetrad_that_is_not_null():
    schw = Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph))
    # a coordinate (non-null) frame used to give Ψ0 = M(r - 2M)/r², silently
    with pytest.raises(ValueError, match="not a null tetrad"):
        newman_penrose(schw, ([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]))
    # Kinnersley's tetrad in a chart with θ and r swapped
    with pytest.raises(ValueError, match="not a null tetrad"):
        newman_penrose(schw, kinnersley_tetrad(M, 0, (t, th, r, ph)))
    with pytest.raises(TypeError, match="check="):
        newman_penrose(schw, kinnersley_tetrad(M, 0, (t, r, th, ph)), check=1)
    # the right tetrad: Ψ2 = -M/r³ (Teukolsky 1973, eq. 4.4 with a = 0)
    psi = newman_penrose(schw, kinnersley_tetrad(M, 0, (t, r, th, ph)))
    assert sp.simplify(psi["Psi2"] + M / r**3) == 0


def test_newman_penrose_refuses_euclidean_signature():
    # Euclidean Schwarzschild has no real null tetrad: Kinnersley's used to give all Ψ = 0
    eucl = Metric(sp.diag(f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph))
    with pytest.raises(ValueError, match="signature"):
        newman_penrose(eucl, kinnersley_tetrad(M, 0, (t, r, th, ph)))
    # check=False contracts anyway (the user's responsibility)
    assert set(newman_penrose(eucl, kinnersley_tetrad(M, 0, (t, r, th, ph)),
                              check=False)) == {f"Psi{i}" for i in range(5)}


@pytest.mark.timeout(30)
def test_petrov_refuses_nested_and_too_many_radicals_and_negative_seeds():
    a, b, c, d = sp.symbols("a b c d")
    with pytest.raises(ValueError, match="nested radical"):
        petrov_type([sp.sqrt(1 + sp.sqrt(r)), 1, sp.sqrt(r + 2), sp.sqrt(M), 1], rng=0)
    assert MAX_RADICALS == 3
    with pytest.raises(ValueError, match="4 distinct radicals; the limit is 3"):
        petrov_type([sp.sqrt(a), sp.sqrt(b), sp.sqrt(c), sp.sqrt(d), 1], rng=0)
    with pytest.raises(ValueError, match="rng=-1"):
        petrov_type([0, 0, M / r**3, 0, 0], rng=-1)
    # within the limit: Ψ2 alone is type D whatever radicals it holds (Penrose 1960)
    assert petrov_type([0, 0, sp.sqrt(a) + sp.sqrt(b), 0, 0], rng=0) == "D"


@pytest.mark.timeout(60)
def test_conformal_tensors_with_raw_simplify_do_not_stall():
    # simplify=None used to build Schwarzschild's Bach tensor from raw trees for minutes;
    # Bach vanishes for Einstein metrics (Bach 1921) and C² = 48 M²/r⁶ (the Kretschmann
    # scalar of a vacuum metric)
    from symphys.gr.conformal import bach, weyl_square
    for simp in (None, "expand"):
        g = Metric(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(th) ** 2), (t, r, th, ph),
                   simplify=simp)
        assert bach(g) == sp.zeros(4, 4)
        assert weyl_square(g) == 48 * M**2 / r**6
