r"""Model comparison: chi2_min, Delta chi2, AIC, BIC and the Bayesian evidence by quadrature.

* AIC = chi2_min + 2k and BIC = chi2_min + k ln N (k counts every fitted parameter, M included);
  differences are taken against the best (lowest) model.
* :func:`log_evidence` integrates the likelihood over flat priors on a grid (trapezoid rule in
  log space) for k <= 2 free parameters: :math:`Z = \int L(\theta)\,\pi(\theta)\,d\theta`,
  :math:`\pi = 1/\text{prior volume}`. Use it on a likelihood with M marginalised
  (``marginalize_M=True``): the improper flat prior on M then contributes the same factor to
  every model fitted to the same data, so Bayes factors :math:`\ln Z_1 - \ln Z_2` are defined.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp

from symphys._threads import blas_threads
from symphys.cosmology.likelihood import BestFit, SupernovaLikelihood

__all__ = ["log_evidence", "compare", "ComparisonTable", "MAX_EVIDENCE_POINTS"]

#: the evidence grid may hold at most this many points (points**k); each costs one likelihood
#: evaluation (a triangular solve of size N)
MAX_EVIDENCE_POINTS = 2**20


def log_evidence(like: SupernovaLikelihood, *, points: int | None = None) -> float:
    """ln Z of ``like`` over its flat priors by grid quadrature (k = 0, 1 or 2 free parameters).

    With k = 0, ln Z = -chi2/2. Gaussian priors are included (as the likelihood's log prior);
    the flat bounds set the normalisation 1/volume.

    Parameters
    ----------
    like : SupernovaLikelihood
        The likelihood, with k <= 2 free parameters (ValueError otherwise).
    points : int, optional
        Grid points per axis, at least 3; default 801 (k = 1) or 161 (k = 2). The posterior must
        be resolved by the grid (checked: ValueError if the peak sits on a single grid cell).
        ``points**k`` may not exceed ``MAX_EVIDENCE_POINTS`` (ValueError, checked first).

    Returns
    -------
    float
        ln Z.

    Examples
    --------
    >>> from symphys.cosmology import SNData, SupernovaLikelihood
    >>> d = SNData.from_arrays([0.1, 0.5, 1.0], [38.3, 42.3, 44.1], dmb=[0.1, 0.1, 0.1])
    >>> like = SupernovaLikelihood(d, "eds")
    >>> bool(np.isclose(log_evidence(like), -0.5 * like.chi2(np.zeros(0))))
    True
    """
    if not isinstance(like, SupernovaLikelihood):
        raise TypeError(f"like must be a SupernovaLikelihood, got {type(like).__name__}")
    if points is not None and (isinstance(points, bool)
                               or not isinstance(points, (int, np.integer))):
        raise TypeError(f"points must be an int or None, got {type(points).__name__}")
    if points is not None and points < 3:
        raise ValueError(f"points={points} must be >= 3 (grid points per axis)")
    k = like.ndim
    if k == 0:
        val = float(-0.5 * like.chi2(np.zeros(0)))
        if not math.isfinite(val):
            raise ValueError(f"the likelihood is zero (chi2 not finite) at the fixed parameters "
                             f"{like.fixed}")
        return val
    if k > 2:
        raise ValueError(f"log_evidence by quadrature handles k <= 2 free parameters, got "
                         f"k={k} ({like.free}); use a nested sampler (e.g. dynesty) instead")
    n = int(points) if points is not None else (801 if k == 1 else 161)
    if n**k > MAX_EVIDENCE_POINTS:
        raise ValueError(f"points={n} with k={k} free parameters needs a grid of {n**k} "
                         f"points; the limit is MAX_EVIDENCE_POINTS = {MAX_EVIDENCE_POINTS}")
    axes, weights, volume = [], [], 1.0
    for name in like.free:
        lo, hi = like.bounds[name]
        x = np.linspace(lo, hi, n)
        w = np.full(n, (hi - lo) / (n - 1))
        w[[0, -1]] *= 0.5
        axes.append(x)
        weights.append(w)
        volume *= hi - lo
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, k)
    logw = np.log(np.prod(np.stack(np.meshgrid(*weights, indexing="ij"), -1), -1).ravel())
    # evaluate in chunks to bound memory (each row costs an N-vector)
    with blas_threads(1):
        lp = np.concatenate([like.log_prob(chunk) for chunk in np.array_split(
            grid, max(1, grid.shape[0] // 512))])
    finite = np.isfinite(lp)
    if not np.any(finite):
        raise ValueError("the likelihood is zero on the whole prior grid")
    terms = lp[finite] + logw[finite]
    top = np.sort(terms)[::-1]
    if top.size < 2 or top[1] < top[0] - 10:
        raise ValueError("the posterior is narrower than the evidence grid; pass more points "
                         "or tighter priors")
    return float(logsumexp(terms) - math.log(volume))


@dataclass
class ComparisonTable:
    """Rows of :func:`compare`, best model (lowest AIC) first; ``str()`` gives a text table."""

    rows: list[dict]

    def __post_init__(self) -> None:
        if not isinstance(self.rows, list) or not all(isinstance(r, dict) for r in self.rows):
            raise TypeError(f"rows must be a list of dicts (from compare), "
                            f"got {type(self.rows).__name__}")

    def __str__(self) -> str:
        has_z = any(r.get("lnZ") is not None for r in self.rows)
        head = (f"{'model':<8s} {'k':>2s} {'chi2_min':>10s} {'chi2/dof':>8s} {'dchi2':>8s} "
                f"{'AIC':>10s} {'dAIC':>7s} {'BIC':>10s} {'dBIC':>7s}")
        if has_z:
            head += f" {'lnZ':>10s} {'dlnZ':>7s}"
        lines = [head, "-" * len(head)]
        for r in self.rows:
            dof = (f"{r['chi2_dof']:>8.4f}" if r["chi2_dof"] is not None else f"{'-':>8s}")
            line = (f"{r['model']:<8s} {r['k']:>2d} {r['chi2']:>10.3f} {dof} "
                    f"{r['dchi2']:>8.3f} {r['aic']:>10.3f} {r['daic']:>7.3f} {r['bic']:>10.3f} "
                    f"{r['dbic']:>7.3f}")
            if has_z:
                z = r.get("lnZ")
                line += (f" {z:>10.3f} {r['dlnZ']:>7.3f}" if z is not None
                         else f" {'-':>10s} {'-':>7s}")
            lines.append(line)
        return "\n".join(lines)

    def to_list(self) -> list[dict]:
        """The rows as JSON-ready dicts."""
        return [dict(r) for r in self.rows]


def compare(results: Sequence[BestFit] | Mapping[str, BestFit], *,
            log_evidences: Mapping[str, float] | None = None) -> ComparisonTable:
    """Compare best fits (same data): chi2_min, Delta chi2, AIC, BIC, and ln Z where given.

    Differences are relative to the lowest value in each column (dlnZ relative to the highest
    ln Z, so every d-column is >= 0 and 0 marks the preferred model).

    Parameters
    ----------
    results : sequence of BestFit or mapping of str to BestFit
        Best fits to the same catalogue; a mapping names the rows, a sequence uses each
        fit's ``model``.
    log_evidences : mapping of str to float, optional
        ln Z per row name (e.g. from :func:`log_evidence`); rows without one show ``-``.

    Returns
    -------
    ComparisonTable
        The rows, best model (lowest AIC) first.

    Examples
    --------
    >>> a = BestFit("lcdm", ("Om",), {"M": -19.3}, 1000.0, 1000, 2, True)
    >>> b = BestFit("eds", (), {"M": -19.0}, 1100.0, 1000, 1, True)
    >>> t = compare([a, b])
    >>> [(r["model"], r["dchi2"], r["daic"]) for r in t.rows]
    [('lcdm', 0.0, 0.0), ('eds', 100.0, 98.0)]
    """
    if isinstance(results, Mapping):
        items = list(results.items())
    elif isinstance(results, (str, bytes)) or not isinstance(results, Iterable):
        raise TypeError(f"results must be a sequence or mapping of BestFit, "
                        f"got {type(results).__name__}")
    else:
        items = list(results)
        for r in items:
            if not isinstance(r, BestFit):
                raise TypeError(f"results must hold BestFit objects, got {type(r).__name__}")
        items = [(r.model, r) for r in items]
    for name, r in items:
        if not isinstance(r, BestFit):
            raise TypeError(f"results[{name!r}] must be a BestFit, got {type(r).__name__}")
        if not (math.isfinite(r.chi2) and r.n > 0):
            raise ValueError(f"results[{name!r}] has chi2={r.chi2}, n={r.n}: a fit needs a "
                             "finite chi2 and n > 0")
    if not items:
        raise ValueError("compare needs at least one result")
    if len({name for name, _ in items}) != len(items):
        raise ValueError(f"results name a row twice: {[name for name, _ in items]}; pass a "
                         "mapping {name: BestFit} to tell them apart")
    if log_evidences is not None and not isinstance(log_evidences, Mapping):
        raise TypeError(f"log_evidences must be a mapping of row name to float, "
                        f"got {type(log_evidences).__name__}")
    for name, z in (log_evidences or {}).items():
        try:
            ok = math.isfinite(float(z))
        except (TypeError, ValueError):
            raise TypeError(f"log_evidences[{name!r}] must be a real number, got {z!r}") from None
        if not ok:
            raise ValueError(f"log_evidences[{name!r}]={z} must be finite")
    ns = {r.n for _, r in items}
    if len(ns) != 1:
        raise ValueError(f"results were fitted to catalogues of different sizes {sorted(ns)}")
    rows = []
    for name, r in items:
        # chi2/dof is undefined without degrees of freedom (N <= k): None, '-' in the table
        row = {"model": name, "k": r.k, "chi2": r.chi2,
               "chi2_dof": r.chi2 / r.dof if r.dof > 0 else None,
               "aic": r.aic, "bic": r.bic, "n": r.n}
        if log_evidences is not None and name in log_evidences:
            row["lnZ"] = float(log_evidences[name])
        rows.append(row)
    best = {c: min(r[c] for r in rows) for c in ("chi2", "aic", "bic")}
    zs = [r["lnZ"] for r in rows if "lnZ" in r]
    for r in rows:
        r["dchi2"] = r["chi2"] - best["chi2"]
        r["daic"] = r["aic"] - best["aic"]
        r["dbic"] = r["bic"] - best["bic"]
        if "lnZ" in r:
            r["dlnZ"] = max(zs) - r["lnZ"]
        else:
            r["lnZ"] = None
    rows.sort(key=lambda r: r["aic"])
    return ComparisonTable(rows)
