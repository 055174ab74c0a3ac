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

__all__ = ["hubble_diagram", "corner_plot", "binned_residuals"]


def _model_mb(fit: BestFit, z: np.ndarray, z_hel: np.ndarray | None = None) -> np.ndarray:
    cls = get_model(fit.model)
    model = cls(**{n: fit.params[n] for n in cls.param_names})
    return model.distance_modulus(z, z_hel=z_hel) + fit.params["M"]


def _check_path(path: object) -> str | os.PathLike:
    if isinstance(path, (str, os.PathLike)):
        return path
    raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")


def binned_residuals(z, residual, sigma, *, bins: int = 12
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inverse-variance weighted means of ``residual`` in ``bins`` bins equally spaced in
    log z (empty bins dropped): ``(z_centre, mean, error)``, the error ``1/sqrt(sum w)`` from
    the diagonal ``sigma`` (for display: it ignores the off-diagonal covariance).

    >>> zc, m, e = binned_residuals([0.1, 0.11, 1.0], [0.1, 0.3, -0.2], [0.1, 0.1, 0.2], bins=2)
    >>> np.round(m, 3).tolist(), np.round(e, 4).tolist()
    ([0.2, -0.2], [0.0707, 0.2])
    """
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 1 <= bins <= 10**4:
        raise ValueError(f"bins={bins!r} must be an int in [1, 10000]")
    z, r, s = (np.asarray(v, dtype=float) for v in (z, residual, sigma))
    if not (z.shape == r.shape == s.shape and z.ndim == 1 and z.size):
        raise ValueError("z, residual and sigma must be non-empty 1-d arrays of one length")
    if not (np.all(np.isfinite(z)) and np.all(np.isfinite(r)) and np.all(s > 0)
            and np.all(z > 0) and np.all(np.isfinite(s))):
        raise ValueError("z must be > 0, residual finite and sigma finite and > 0")
    edges = np.geomspace(z.min(), z.max() * (1 + 1e-12), bins + 1)
    idx = np.clip(np.searchsorted(edges, z, side="right") - 1, 0, bins - 1)
    w = 1.0 / s**2
    sw = np.bincount(idx, w, bins)
    keep = sw > 0
    mean = np.bincount(idx, w * r, bins)[keep] / sw[keep]
    zc = np.bincount(idx, w * np.log(z), bins)[keep] / sw[keep]
    return np.exp(zc), mean, 1.0 / np.sqrt(sw[keep])


def hubble_diagram(data: SNData, fits: Sequence[BestFit], *, path: str | os.PathLike | None = None,
                   reference: int | None = None, labels: Sequence[str] | None = None,
                   bins: int = 12):
    """Hubble diagram m_B(z) of ``data`` with the best-fit curves of several models (each with
    its own M), and below the residuals relative to model ``reference`` -- by default the
    best-fitting one (lowest chi2) -- with their binned means (inverse-variance weighted in
    ``bins`` log-z bins, :func:`binned_residuals`). Error bars are the square roots of the
    covariance diagonal (for display only). Saved to ``path`` if given.

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
    if reference is not None and (isinstance(reference, bool)
                                  or not isinstance(reference, (int, np.integer))):
        raise TypeError(f"reference must be an int or None, got {type(reference).__name__}")
    if labels is not None and (isinstance(labels, (str, bytes))
                               or not isinstance(labels, Sequence) or len(labels) != len(fits)):
        raise ValueError(f"labels must be a sequence of {len(fits)} names, one per fit")
    import matplotlib.pyplot as plt

    if not fits:
        raise ValueError("hubble_diagram needs at least one fit")
    if reference is None:
        reference = int(np.argmin([f.chi2 for f in fits]))
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
    resid = data.mb - ref_data
    axr.errorbar(data.z_cmb, resid, yerr=data.sigma, fmt=".", ms=2, lw=0.5,
                 color="0.6", alpha=0.5)
    zc, mean, err = binned_residuals(data.z_cmb, resid, data.sigma, bins=bins)
    axr.errorbar(zc, mean, yerr=err, fmt="o", ms=4, color="k", label="binned mean")
    for fit, label in zip(fits, labels, strict=True):
        curve = _model_mb(fit, zgrid)
        ax.plot(zgrid, curve, lw=1.5, label=f"{label}: chi2={fit.chi2:.1f}")
        axr.plot(zgrid, curve - ref, lw=1.5)
    ax.set_xscale("log")
    ax.set_ylabel(r"$m_B$ [mag]")
    ax.legend(fontsize=8)
    axr.axhline(0.0, color="k", lw=0.5)
    axr.legend(fontsize=7, loc="lower left")
    axr.set_xlabel(r"$z_{\rm cmb}$")
    axr.set_ylabel(f"residual vs {labels[reference]}\n(best fit) [mag]" if reference ==
                   int(np.argmin([f.chi2 for f in fits])) else
                   f"residual vs {labels[reference]} [mag]")
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
