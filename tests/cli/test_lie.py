"""``symphys lie ...`` commands: text, --json, and errors."""

from __future__ import annotations

import json

import pytest

from symphys.cli import main


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_info_e8(capsys):
    rc, out, _ = run(capsys, "lie", "info", "E8")
    assert rc == 0 and "dimension 248" in out and "696729600" in out and "o 2" in out
    rc, out, _ = run(capsys, "--json", "lie", "info", "E8")
    data = json.loads(out)
    assert data["weyl_group_order"] == 696729600 and data["fundamental_dims"][-1] == 248


def test_dim(capsys):
    rc, out, _ = run(capsys, "lie", "dim", "G2", "1,0")
    assert rc == 0 and "dim 7" in out and "self-dual" in out
    rc, out, _ = run(capsys, "lie", "dim", "E6", "1,0,0,0,0,0", "--json")
    data = json.loads(out)
    assert data["dim"] == 27 and data["dual"] == [0, 0, 0, 0, 0, 1] and data["index"] == "3"


def test_tensor(capsys):
    rc, out, _ = run(capsys, "lie", "tensor", "A2", "1,1", "1,1")
    assert rc == 0 and "8 x 8 = 64" in out and "dim 27" in out
    rc, out, _ = run(capsys, "--json", "lie", "tensor", "A2", "1,1", "1,1")
    irreps = json.loads(out)["irreps"]
    assert sorted(i["dim"] * i["multiplicity"] for i in irreps) == [1, 10, 10, 16, 27]


def test_branch(capsys):
    rc, out, _ = run(capsys, "lie", "branch", "G2", "A2", "1,0")
    assert rc == 0 and out.count("dim 3") == 2 and "dim 1" in out
    rc, out, _ = run(capsys, "--json", "lie", "branch", "A4", "A2+A1+U1", "1,0,0,0")
    data = json.loads(out)
    assert sorted(i["dim"] for i in data["irreps"]) == [2, 3]


def test_branch_through_irrep(capsys):
    rc, out, _ = run(capsys, "lie", "branch", "A5", "A2", "1,0,0,0,1", "--irrep", "2,0")
    assert rc == 0 and "dim 27" in out and "dim 8 " in out and "through the irrep" in out


def test_weights_and_roots(capsys):
    rc, out, _ = run(capsys, "lie", "weights", "A2", "1,1", "--all")
    assert rc == 0 and "7 all weights" in out
    rc, out, _ = run(capsys, "lie", "roots", "G2")
    assert rc == 0 and "6 positive roots" in out and "(3,2)" in out


@pytest.mark.parametrize("argv", [
    ("lie", "dim", "E9", "1"), ("lie", "dim", "A2", "1,-1"), ("lie", "dim", "A2", "1"),
    ("lie", "branch", "E8", "B4+B4", "0,0,0,0,0,0,0,1"),
])
def test_errors_exit_1(capsys, argv):
    rc, _, err = run(capsys, *argv)
    assert rc == 1 and "error" in err


@pytest.mark.parametrize("argv", [("lie", "dim", "A2", "a,b"),
                                  ("lie", "branch", "A5", "A2", "1,0,0,0,1", "--irrep", "x")])
def test_malformed_labels_are_usage_errors(capsys, argv):
    """Dynkin labels are converted by argparse: labels that are not integers exit 2."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    assert exc.value.code == 2
    assert "must be comma-separated ints" in capsys.readouterr().err


@pytest.mark.timeout(10)
def test_all_weights_of_a_huge_irrep_are_refused_at_once(capsys):
    """E8 (1,...,1) has about 1.3e36 weights: refused by the library's closed-form size check
    before any enumeration, reported as one error line (exit 1)."""
    rc, out, err = run(capsys, "lie", "weights", "E8", "1,1,1,1,1,1,1,1", "--all")
    assert rc == 1 and out == ""
    assert err.startswith("symphys lie weights: error:") and err.count("\n") == 1
