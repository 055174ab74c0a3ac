"""Model comparison and evidence by quadrature."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from symphys.cosmology import (
    BestFit,
    ComparisonTable,
    FlatLambdaCDM,
    SNData,
    SupernovaLikelihood,
    compare,
    load_pantheon,
    log_evidence,
)


def _data():
    rng = np.random.default_rng(3)
    z = np.sort(rng.uniform(0.02, 1.5, 80))
    dmb = np.full(80, 0.15)
    mb = FlatLambdaCDM(70, 0.3).distance_modulus(z) - 19.3 + dmb * rng.standard_normal(80)
    return SNData.from_arrays(z, mb, dmb=dmb)


def test_log_evidence_1d_against_scipy_quad():
    like = SupernovaLikelihood(_data(), "lcdm")
    lo, hi = like.bounds["Om"]
    c_ref = float(like.chi2([0.3]))
    val = quad(lambda om: np.exp(-0.5 * (float(like.chi2([om])) - c_ref)), lo, hi,
               epsabs=0, epsrel=1e-9, limit=200)[0]
    expected = -0.5 * c_ref + np.log(val / (hi - lo))
    assert log_evidence(like) == pytest.approx(expected, abs=1e-4)


def test_log_evidence_2d_separable_gaussian():
    """The 2-d grid converges, and integrating M on the grid equals the analytic marginal."""
    like = SupernovaLikelihood(_data(), "wcdm", priors={"Om": (0.05, 0.7), "w": (-2.5, -0.2)})
    z = log_evidence(like, points=61)
    z_fine = log_evidence(like, points=121)
    assert z == pytest.approx(z_fine, abs=5e-3)
    one = SupernovaLikelihood(_data(), "vsl", free=["q"])
    two = SupernovaLikelihood(_data(), "vsl", free=["q", "M"], marginalize_M=False,
                              fixed={"H0": 70.0}, priors={"M": (-20.5, -18.0)})
    # exp(-chi2_marg/2) is the integral of L over M, so a flat box of width 2.5 on M holding the
    # whole posterior gives the marginal ln Z minus ln 2.5
    expected = log_evidence(one) - np.log(2.5)
    assert log_evidence(two, points=121) == pytest.approx(expected, abs=5e-3)


def test_log_evidence_rejects_too_many_dimensions():
    like = SupernovaLikelihood(_data(), "olcdm", free=["Om", "Ode"])
    with pytest.warns(UserWarning, match="flat direction"):
        like3 = SupernovaLikelihood(_data(), "vsl", free=["mu", "zeta", "q"])
    assert np.isfinite(log_evidence(like, points=81))
    with pytest.raises(ValueError, match="k <= 2"):
        log_evidence(like3)


def test_compare_pantheon_models():
    d = load_pantheon()
    fits = {m: SupernovaLikelihood(d, m).best_fit() for m in ("vsl", "lcdm", "eds")}
    table = compare(fits)
    assert [r["model"] for r in table.rows][0] == "lcdm"
    by = {r["model"]: r for r in table.rows}
    # EdS with constant c is ruled out by hundreds in chi2 (the acceleration signal)
    assert by["eds"]["dchi2"] > 400
    for r in table.rows:
        assert r["daic"] == pytest.approx(r["aic"] - by["lcdm"]["aic"])
        assert r["aic"] == pytest.approx(r["chi2"] + 2 * r["k"])
    text = str(table)
    assert "lcdm" in text and "dBIC" in text


def test_compare_errors():
    a = BestFit("lcdm", ("Om",), {"M": -19.3}, 1000.0, 1000, 2, True)
    b = BestFit("eds", (), {"M": -19.0}, 1100.0, 900, 1, True)
    with pytest.raises(ValueError, match="different sizes"):
        compare([a, b])
    with pytest.raises(ValueError, match="at least one"):
        compare([])


# -- issue 19: bad input ------------------------------------------------------------------------
def _like():
    from symphys.cosmology import SNData, SupernovaLikelihood

    d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    return SupernovaLikelihood(d, "lcdm")


@pytest.mark.timeout(10)
@pytest.mark.parametrize("points,exc,match", [
    (1, ValueError, "points=1 must be >= 3"), (0, ValueError, "points=0 must be >= 3"),
    (2.5, TypeError, "points must be an int"), (True, TypeError, "points must be an int"),
    (10**7, ValueError, r"points=10000000 .* needs a grid of 10000000 points; the limit is "
                        r"MAX_EVIDENCE_POINTS = 1048576")])
def test_log_evidence_bad_points(points, exc, match):
    """log_evidence(like, points=1) raised ZeroDivisionError."""
    with pytest.raises(exc, match=match):
        log_evidence(_like(), points=points)


def test_log_evidence_needs_a_likelihood():
    with pytest.raises(TypeError, match="like must be a SupernovaLikelihood"):
        log_evidence("x")


@pytest.mark.parametrize("bad,exc,match", [
    ("x", TypeError, "results must be a sequence or mapping of BestFit, got str"),
    (3, TypeError, "got int"), (["x"], TypeError, "results must hold BestFit objects"),
    ({"a": 1}, TypeError, r"results\['a'\] must be a BestFit"), ([], ValueError, "at least one"),
])
def test_compare_bad_results(bad, exc, match):
    """compare('x') raised AttributeError."""
    with pytest.raises(exc, match=match):
        compare(bad)


def test_compare_bad_evidences_and_no_dof():
    a = BestFit("lcdm", ("Om",), {"M": -19.3}, 1.0, 2, 2, True)  # N = k: no dof
    t = compare([a])
    assert t.rows[0]["chi2_dof"] is None and " - " in str(t)
    with pytest.raises(ValueError, match=r"log_evidences\['lcdm'\]=nan must be finite"):
        compare([a], log_evidences={"lcdm": float("nan")})
    with pytest.raises(TypeError, match="log_evidences must be a mapping"):
        compare([a], log_evidences=[1.0])
    with pytest.raises(ValueError, match="chi2=nan must be finite"):
        BestFit("lcdm", ("Om",), {"M": -19.3}, float("nan"), 10, 2, True)
    with pytest.raises(TypeError, match="rows must be a list of dicts"):
        ComparisonTable(float("nan"))
