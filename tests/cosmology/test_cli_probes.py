"""``symphys fit`` with several data sets (joint fits), units, and readable --out files."""

from __future__ import annotations

import json
import os
import stat

import pytest

from symphys.cli import main


def test_fit_desi_only_json(capsys):
    rc = main(["fit", "--data", "desi-dr2", "--model", "lcdm", "vsl", "--compare", "--no-mcmc",
               "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    lcdm = out["fits"]["lcdm"]["best_fit"]
    assert lcdm["params"]["Om"] == pytest.approx(0.2975, abs=0.002)   # DESI DR2, arXiv:2503.14738
    assert out["fits"]["vsl"]["best_fit"]["chi2"] > 150
    rows = out["comparison"]["desi-dr2"]
    assert rows[0]["model"] == "lcdm"


def test_fit_units_and_readable_outputs(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        rc = main(["fit", "--data", "desi-dr1", "--model", "lcdm", "--steps", "60",
                   "--max-steps", "60", "--walkers", "8", "--out", str(tmp_path),
                   "--no-progress"])
    finally:
        os.umask(old)
    assert rc == 0
    text = capsys.readouterr().out
    assert " Mpc" in text and "rd = " in text
    for name in ("summary.json", "chain_lcdm.npz"):
        mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
        assert mode == 0o644, (name, oct(mode))


def test_fit_refuses_two_sn_catalogues_and_stated_M(capsys):
    assert main(["fit", "--data", "pantheon", "union3", "--no-mcmc"]) != 0
    assert "at most one supernova" in capsys.readouterr().err
    assert main(["fit", "--data", "pantheon", "desi-dr2", "--M", "-19.3", "--no-mcmc"]) != 0
    assert "marginalised" in capsys.readouterr().err


def test_single_sn_path_prints_h0_units(capsys):
    rc = main(["fit", "--data", "union3", "--model", "lcdm", "--no-mcmc"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "H0 = " in text and "km/s/Mpc" in text


@pytest.mark.slow
def test_the_issue_command(capsys):
    """symphys fit --data pantheon desi-dr2 cmb --model vsl lcdm w0wa --compare --no-mcmc"""
    rc = main(["fit", "--data", "pantheon", "desi-dr2", "cmb", "--model", "vsl", "lcdm", "w0wa",
               "--compare", "--no-mcmc", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fits"]["vsl"]["data_skipped"] == ["cmb"]
    common = out["comparison"]["pantheon + desi-dr2"]
    assert [r["model"] for r in common][-1] == "vsl"
    assert common[-1]["dchi2"] > 200
