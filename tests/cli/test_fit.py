"""``symphys fit`` end to end (in-process, short chains)."""

from __future__ import annotations

import json

import pytest

from symphys.cli import main


def test_fit_best_fit_only_json(capsys):
    rc = main(["fit", "--compare", "vsl", "lcdm", "eds", "--no-mcmc", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    fits = out["fits"]
    assert set(fits) == {"vsl", "lcdm", "eds"}
    assert fits["lcdm"]["best_fit"]["params"]["Om"] == pytest.approx(0.298, abs=0.002)
    assert out["comparison"][0]["model"] == "lcdm"
    # the stated M is applied: H0 follows from it
    assert fits["vsl"]["best_fit"]["params"]["M"] == -19.253


def test_fit_with_mcmc_writes_outputs(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    pytest.importorskip("corner")
    rc = main(["fit", "--model", "lcdm", "--marginalize-M", "--steps", "120", "--max-steps",
               "120", "--walkers", "8", "--out", str(tmp_path), "--no-progress"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "Om = " in text and "comparison" in text
    for name in ("summary.json", "hubble.png", "corner_lcdm.png", "chain_lcdm.npz"):
        assert (tmp_path / name).stat().st_size > 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["fits"]["lcdm"]["mcmc"]["nsteps"] == 120


def test_fit_free_and_fix(capsys):
    """``--free q --fix zeta=1/2``: the (H0, q) best fit equals a direct minimisation of the
    closed-form chi2 (d_L = (2c/3H0)(1+z)^q ln(1+z), explicit inverse covariance)."""
    import numpy as np
    from scipy.optimize import minimize

    from symphys.cosmology import load_pantheon

    rc = main(["fit", "--model", "vsl", "--free", "q", "--fix", "zeta=1/2", "--no-mcmc",
               "--json"])
    assert rc == 0
    fit = json.loads(capsys.readouterr().out)["fits"]["vsl"]["best_fit"]
    assert fit["free"] == ["H0", "q"] and fit["params"]["zeta"] == 0.5
    d = load_pantheon()
    cinv, z = np.linalg.inv(d.cov), d.z_cmb

    def chi2(x):
        d_l = 2 * 299792.458 / (3 * x[0]) * (1 + z) ** x[1] * np.log1p(z)
        r = d.mb - 5 * np.log10(d_l) - 25 + 19.253
        return r @ cinv @ r

    ref = minimize(chi2, [47.0, 1.1], method="Nelder-Mead",
                   options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000})
    assert fit["chi2"] == pytest.approx(ref.fun, rel=1e-8)
    assert fit["params"]["q"] == pytest.approx(ref.x[1], abs=1e-4)
    assert fit["params"]["H0"] == pytest.approx(ref.x[0], rel=1e-5)


def test_fit_unknown_parameter_exits_1(capsys):
    assert main(["fit", "--fix", "Ok=0.1", "--no-mcmc"]) == 1
    assert "unknown parameter 'Ok'" in capsys.readouterr().err


@pytest.mark.parametrize("argv,match", [
    (["fit", "--fix", "q", "--no-mcmc"], "expected NAME=VALUE"),
    (["fit", "--fix", "q=abc", "--no-mcmc"], "not a number"),
])
def test_fit_malformed_fix_is_a_usage_error(argv, match, capsys):
    """``--fix`` values are converted by argparse: a malformed one is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert match in capsys.readouterr().err


def test_fit_model_names_and_labels_match_the_library():
    from symphys.cli.fit import MODELS
    from symphys.cosmology import MODELS as LIBRARY_MODELS

    assert MODELS == {name: cls.label for name, cls in LIBRARY_MODELS.items()}


def test_fit_unknown_model_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["fit", "--model", "steady-state"])
    assert exc.value.code == 2


def test_fit_resume_extends_the_stored_chain(tmp_path, capsys):
    pytest.importorskip("h5py")
    import numpy as np

    common = ["fit", "--model", "lcdm", "--marginalize-M", "--walkers", "8", "--no-progress",
              "--no-plots", "--json", "--resume", str(tmp_path / "c.h5")]
    assert main([*common, "--steps", "40", "--max-steps", "40", "--out", str(tmp_path / "a")]) == 0
    first = json.loads(capsys.readouterr().out)["fits"]["lcdm"]["mcmc"]
    assert first["nsteps"] == 40
    assert main([*common, "--steps", "70", "--max-steps", "70", "--out", str(tmp_path / "b")]) == 0
    second = json.loads(capsys.readouterr().out)["fits"]["lcdm"]["mcmc"]
    assert second["nsteps"] == 70
    a = np.load(tmp_path / "a" / "chain_lcdm.npz")["chain"]
    b = np.load(tmp_path / "b" / "chain_lcdm.npz")["chain"]
    np.testing.assert_array_equal(b[:40], a)


def test_fit_with_H0_stated_fits_M(capsys):
    """--fix H0=70 fits M instead of H0: the same chi2_min (only M - 5 log10 H0 enters), and the
    M that goes with H0 = 70 is the stated M shifted by 5 log10(70 / H0_fit)."""
    import numpy as np

    assert main(["fit", "--model", "vsl", "--no-mcmc", "--json"]) == 0
    stated = json.loads(capsys.readouterr().out)["fits"]["vsl"]
    assert main(["fit", "--model", "vsl", "--fix", "H0=70", "--no-mcmc", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    fitted = out["fits"]["vsl"]
    assert "M fitted" in out["M_treatment"]
    assert fitted["best_fit"]["free"] == ["M"]
    assert fitted["best_fit"]["chi2"] == pytest.approx(stated["best_fit"]["chi2"], abs=1e-6)
    h0 = stated["best_fit"]["params"]["H0"]
    assert fitted["best_fit"]["params"]["M"] == pytest.approx(-19.253 + 5 * np.log10(70 / h0),
                                                             abs=1e-5)
    # the VSL H0 is adot/a: the low-z Hubble-law slope is (1 + zeta) H0
    assert stated["hubble_law_slope"] == pytest.approx(1.5 * h0, rel=1e-12)


def test_fit_text_states_conventions(capsys):
    assert main(["fit", "--no-mcmc"]) == 0
    text = capsys.readouterr().out
    # the default release has no separate heliocentric z
    assert "z_hel = z_cmb" in text and "pantheon-zhel" in text
    assert "dlnZ = lnZ_best - lnZ" in text
    assert "Hubble-law slope" in text


@pytest.mark.parametrize("argv,match", [
    (["fit", "--free", "M", "--no-mcmc"], "--free M"),
    (["fit", "--free", "H0", "--marginalize-M", "--no-mcmc"], "degenerate"),
])
def test_fit_degenerate_requests_exit_1(argv, match, capsys):
    assert main(argv) == 1
    assert match in capsys.readouterr().err


def test_json_is_strict(tmp_path, capsys):
    """NaN/inf (an undefined tau or Laplace error) become null: strict JSON parsers accept the
    output and summary.json."""
    import numpy as np

    from symphys.cli._output import strict_json

    assert strict_json({"a": np.float64("nan"), "b": (np.inf, np.int64(3), 2.5),
                         "c": np.bool_(True)}) == {"a": None, "b": [None, 3, 2.5], "c": True}

    def strict(text):
        return json.loads(text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))

    assert main(["fit", "--model", "lcdm", "--steps", "10", "--max-steps", "10", "--walkers", "8",
                 "--json", "--out", str(tmp_path), "--no-plots"]) == 0
    out = strict(capsys.readouterr().out)
    assert strict((tmp_path / "summary.json").read_text())["fits"] == out["fits"]
