"""The ``symphys bms`` command line."""

from __future__ import annotations

import json

import pytest

from symphys.cli import main


def test_bms_derive_json(capsys):
    assert main(["bms", "derive", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["central charges (c1, c2)"] == "(0, 3/G)"
    assert "Derivative(Theta(u, phi), u)" in data["field equations (each = 0)"]


def test_bms_derive_text_and_latex(capsys):
    assert main(["bms", "derive", "--latex"]) == 0
    out = capsys.readouterr().out
    assert "\\frac{3}{G}" in out
    assert "[10] central charges" in out


def test_bms_charge_and_stabilizer(capsys):
    assert main(["bms", "charge", "--T", "1", "--Theta=-1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["charge"] == "-1/(8*G)"
    assert main(["bms", "charge", "--T", "1", "--Theta=-1", "--formula", "iyer-wald",
                 "--scri=-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["charge"] == "-1/(8*G)"
    assert main(["bms", "stabilizer", "--Theta=-1/4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dimension"] == 2


def test_bms_bad_expression_is_an_error(capsys):
    assert main(["bms", "charge", "--Theta", "(("]) == 1
    assert "not a valid expression" in capsys.readouterr().err
    assert main(["bms", "charge", "--T", "u"]) == 1


def test_bms_charge_refuses_non_periodic_generator(capsys):
    assert main(["bms", "charge", "--T=phi"]) == 1
    assert "periodic" in capsys.readouterr().err
    assert main(["bms", "stabilizer", "--max-mode", str(10**9)]) == 1
    assert "max_mode" in capsys.readouterr().err


def test_bms_derive_ads3(capsys):
    assert main(["bms", "derive", "--ads3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["central charges (c+, c-)"] == "(3*l/(2*G), 3*l/(2*G))"   # Brown-Henneaux
    assert data["flat limit l -> oo: central charges (c1, c2)"] == "(0, 3/G)"


@pytest.mark.slow
def test_bms_derive_4d(capsys):
    assert main(["bms", "derive", "--4d", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["supermomentum charge density (Barnich-Troessaert, Y = 0)"] == \
        "T(theta, phi)*m_B(u, theta, phi)/(4*pi*G)"
    with pytest.raises(SystemExit):                     # mutually exclusive
        main(["bms", "derive", "--4d", "--ads3"])


@pytest.mark.timeout(60)
def test_bms_charge_huge_modes_at_once_and_big_powers_refused(capsys):
    # (1/16πG) ∮ cos²(10⁶ φ) dφ = 1/(16G): integrated as a Fourier sum, not expanded
    assert main(["bms", "charge", "--T=cos(10**6*phi)", "--Theta=cos(10**6*phi)"]) == 0
    assert "1/(16*G)" in capsys.readouterr().out
    assert main(["bms", "charge", "--T=(cos(phi)+sin(2*phi)+cos(3*phi))**400"]) != 0
    assert "expands to about 80601 terms" in capsys.readouterr().err
