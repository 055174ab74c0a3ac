"""Plots: bad input is refused in words (issue 19)."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from symphys.cosmology import (  # noqa: E402
    BestFit,
    SNData,
    SupernovaLikelihood,
    corner_plot,
    hubble_diagram,
)


@pytest.mark.parametrize("bad", [float("nan"), "x", None, 2.5])
def test_plots_refuse_wrong_types(bad):
    d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    fit = BestFit("eds", (), {"H0": 70.0, "M": -19.3}, 1.0, 3, 1, True)
    with pytest.raises(TypeError, match="data must be an SNData"):
        hubble_diagram(bad, [fit])
    with pytest.raises(TypeError, match="fits must"):
        hubble_diagram(d, bad)
    with pytest.raises(TypeError, match="result must be a SampleResult"):
        corner_plot(bad)


@pytest.mark.parametrize("bad", [-1, 2.5, True, []])
def test_plot_path_must_be_a_path(bad):
    data = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    fit = SupernovaLikelihood(data, "lcdm").best_fit()
    with pytest.raises(TypeError, match="path must be a str or os.PathLike"):
        hubble_diagram(data, [fit], path=bad)
