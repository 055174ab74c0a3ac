"""Plots (extra ``plot``: matplotlib, corner): Hubble diagram with residuals, corner plot.

matplotlib and corner are imported inside the functions, so ``symphys.cosmology`` imports
without them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from symphys.cosmology.datasets import SNData
from symphys.cosmology.likelihood import BestFit
from symphys.cosmology.models import get_model
from symphys.cosmology.sampling import SampleResult

__all__ = ["hubble_diagram", "corner_plot"]


def _model_mb(fit: BestFit, z: np.ndarray, z_hel: np.ndarray | None = None) -> np.ndarray:
    cls = get_model(fit.model)
    model = cls(**{n: fit.params[n] for n in cls.param_names})
    return model.distance_modulus(z, z_hel=z_hel) + fit.params["M"]


def _check_path(path: object) -> str | os.PathLike:
    if isinstance(path, (str, os.PathLike)):
        return path
    raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")


def hubble_diagram(data: SNData, fits: Sequence[BestFit], *, path: str | os.PathLike | None = None,
                   reference: int = 0, labels: Sequence[str] | None = None):
    """Hubble diagram m_B(z) of ``data`` with the best-fit curves of several models (each with
    its own M), and residuals relative to model ``reference`` below. Error bars are the square
    roots of the covariance diagonal (for display only). Saved to ``path`` if given.

    Returns the matplotlib Figure.

    >>> from symphys.cosmology import SNData, SupernovaLikelihood
    >>> d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    >>> fig = hubble_diagram(d, [SupernovaLikelihood(d, "eds").best_fit()])
    >>> len(fig.axes)
    2
    """
    if not isinstance(data, SNData):
        raise TypeError(f"data must be an SNData, got {type(data).__name__}")
    if isinstance(fits, (str, bytes, BestFit)) or not isinstance(fits, Sequence):
        raise TypeError(f"fits must be a sequence of BestFit, got {type(fits).__name__}")
    for f in fits:
        if not isinstance(f, BestFit):
            raise TypeError(f"fits must hold BestFit objects, got {type(f).__name__}")
    if isinstance(reference, bool) or not isinstance(reference, (int, np.integer)):
        raise TypeError(f"reference must be an int, got {type(reference).__name__}")
    if labels is not None and (isinstance(labels, (str, bytes))
                               or not isinstance(labels, Sequence) or len(labels) != len(fits)):
        raise ValueError(f"labels must be a sequence of {len(fits)} names, one per fit")
    import matplotlib.pyplot as plt

    if not fits:
        raise ValueError("hubble_diagram needs at least one fit")
    if not 0 <= reference < len(fits):
        raise ValueError(f"reference={reference} violates 0 <= reference < {len(fits)}")
    labels = list(labels) if labels is not None else [f.model for f in fits]
    zgrid = np.geomspace(data.z_cmb.min() * 0.9, data.z_cmb.max() * 1.05, 300)
    fig, (ax, axr) = plt.subplots(2, 1, sharex=True, figsize=(7, 6),
                                  gridspec_kw={"height_ratios": [3, 1.3]})
    ax.errorbar(data.z_cmb, data.mb, yerr=data.sigma, fmt=".", ms=2, lw=0.5, color="0.5",
                alpha=0.6, label=f"{data.label} (N={data.n})")
    ref = _model_mb(fits[reference], zgrid)
    ref_data = _model_mb(fits[reference], data.z_cmb, data.z_hel)
    axr.errorbar(data.z_cmb, data.mb - ref_data, yerr=data.sigma, fmt=".", ms=2, lw=0.5,
                 color="0.5", alpha=0.6)
    for fit, label in zip(fits, labels, strict=True):
        curve = _model_mb(fit, zgrid)
        ax.plot(zgrid, curve, lw=1.5, label=f"{label}: chi2={fit.chi2:.1f}")
        axr.plot(zgrid, curve - ref, lw=1.5)
    ax.set_xscale("log")
    ax.set_ylabel(r"$m_B$ [mag]")
    ax.legend(fontsize=8)
    axr.axhline(0.0, color="k", lw=0.5)
    axr.set_xlabel(r"$z_{\rm cmb}$")
    axr.set_ylabel(f"residual vs {labels[reference]}")
    fig.tight_layout()
    if path is not None:
        fig.savefig(_check_path(path), dpi=110)
    return fig


def corner_plot(result: SampleResult, *, truths: dict[str, float] | None = None,
                path: str | os.PathLike | None = None):
    """Corner plot of the posterior samples (after burn-in and thinning) with 16/50/84%
    quantiles; ``truths`` marks e.g. the best fit. Saved to ``path`` if given.

    Returns the matplotlib Figure.

    >>> import numpy as np
    >>> from symphys.cosmology import SampleResult
    >>> chain = np.random.default_rng(0).normal(size=(200, 8, 2))
    >>> res = SampleResult(("a", "b"), chain, np.zeros((200, 8)), np.array([1.0, 1.0]),
    ...                    np.full(8, 0.5), discard=10, thin=1)
    >>> len(corner_plot(res, truths={"a": 0.0, "b": 0.0}).axes)
    4
    """
    if not isinstance(result, SampleResult):
        raise TypeError(f"result must be a SampleResult, got {type(result).__name__}")
    if truths is not None and not isinstance(truths, Mapping):
        raise TypeError(f"truths must be a mapping of parameter name to value, "
                        f"got {type(truths).__name__}")
    import corner

    samples = result.flat()
    if samples.shape[-1] == 0:
        raise ValueError("no sampled parameters to plot")
    tr = None if truths is None else [truths.get(n) for n in result.param_names]
    one_d = samples.shape[-1] == 1
    # corner 2.2 fails to draw truths on a 1-parameter figure: draw that line here
    fig = corner.corner(samples, labels=list(result.param_names), truths=None if one_d else tr,
                        quantiles=[0.16, 0.5, 0.84], show_titles=True, title_fmt=".3f")
    if one_d and tr is not None and tr[0] is not None:
        fig.axes[0].axvline(tr[0], color="#4682b4")
    if path is not None:
        fig.savefig(_check_path(path), dpi=100)
    return fig
