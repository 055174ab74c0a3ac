"""``symphys lie`` commands of issue 15: branch by irrep name, maximal, name, sym/alt/plethysm,
``--latex`` and ``--pick``."""

from __future__ import annotations

import json

import pytest

from symphys.cli import main


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_branch_by_name_e6_g2(capsys):
    rc, out, _ = run(capsys, "lie", "branch", "E6", "G2", "27")
    assert rc == 0 and "(27)" in out and "dim 27" in out
    rc, out, _ = run(capsys, "--json", "lie", "branch", "E7", "A1+F4", "56")
    data = json.loads(out)
    assert sorted(i["name"] for i in data["irreps"]) == ["(2,26)", "(4,1)"]


def test_branch_pick_and_latex(capsys):
    rc, _, err = run(capsys, "lie", "branch", "E6", "D5+U1", "27")
    assert rc == 1 and "ambiguous" in err
    rc, out, _ = run(capsys, "lie", "branch", "E6", "D5+U1", "27", "--pick", "1", "--latex")
    assert rc == 0 and r"\begin{tabular}" in out and r"(\mathbf{16})_{1}" in out
    rc, _, err = run(capsys, "lie", "branch", "E6", "D5+U1", "27", "--pick", "7")
    assert rc == 1 and "--pick 7" in err


def test_maximal(capsys):
    rc, out, _ = run(capsys, "lie", "maximal", "E7")
    assert rc == 0 and "11 maximal subalgebras" in out and "A1+F4" in out
    rc, out, _ = run(capsys, "--json", "lie", "maximal", "E8")
    names = sorted(r["subalgebra"] for r in json.loads(out)["maximal_subalgebras"])
    assert "G2+F4" in names and names.count("A1") == 3
    rc, out, _ = run(capsys, "lie", "maximal", "G2", "--latex", "--projection")
    assert rc == 0 and r"\end{tabular}" in out


def test_name(capsys):
    rc, out, _ = run(capsys, "lie", "name", "E6", "351'")
    assert rc == 0 and "(2,0,0,0,0,0)" in out and "dim 351" in out
    rc, out, _ = run(capsys, "lie", "name", "E6", "0,0,0,0,0,1", "--latex")
    assert out.strip() == r"\overline{\mathbf{27}}"
    rc, out, _ = run(capsys, "--json", "lie", "name", "A4", "10")
    assert json.loads(out)["anomaly"] == 1
    rc, _, err = run(capsys, "lie", "name", "E6", "28")
    assert rc == 1 and "no such irrep" in err


def test_sym_alt_plethysm(capsys):
    rc, out, _ = run(capsys, "lie", "sym", "A2", "1,0", "3")
    assert rc == 0 and "Sym^3 3 =  10" in out
    rc, out, _ = run(capsys, "lie", "sym", "E6", "27", "2", "--latex")
    assert out.strip() == r"$\mathrm{Sym}^2\,\mathbf{27} = \mathbf{351}' + \overline{\mathbf{27}}$"
    rc, out, _ = run(capsys, "--json", "lie", "alt", "E6", "27", "2")
    assert [i["name"] for i in json.loads(out)["irreps"]] == ["351"]
    rc, out, _ = run(capsys, "lie", "plethysm", "A2", "1,0", "2,1")
    assert rc == 0 and "= " in out and "8" in out


@pytest.mark.parametrize("argv", [("lie", "sym", "A2", "1,0", "100"),
                                  ("lie", "name", "E6", "27x"),
                                  ("lie", "plethysm", "A2", "1,0", "1,2")])
def test_errors_exit_1(capsys, argv):
    rc, _, err = run(capsys, *argv)
    assert rc == 1 and "error" in err
