r"""Chains out to the tools cosmologists use: GetDist (plain-text chains) and ArviZ.

GetDist format (Lewis 2019, arXiv:1910.13970; the format CosmoMC and Cobaya write): a chain file
``<root>.txt`` whose rows are ``weight  -ln(posterior)  p_1 ... p_k  d_1 ... d_m`` (weights 1 for
emcee samples), ``<root>.paramnames`` with one ``name  LaTeX`` line per column (derived
parameters marked by a trailing ``*`` on the name, as GetDist expects), and ``<root>.ranges``
with the prior bounds of the sampled parameters (GetDist uses them for its boundary-corrected
densities). Samples are those of :meth:`SampleResult.flat` (burn-in discarded, thinned), walkers
concatenated: the ensemble's walkers are not independent chains, so one chain file is written.

ArviZ: :func:`to_arviz` builds an ``InferenceData`` whose ``posterior`` group holds the chain
after burn-in with ArviZ's dimensions ``(chain, draw)`` = (walker, step), the derived
parameters beside the sampled ones, ``sample_stats.lp`` the log posterior, and the burn-in in
``warmup_posterior`` / ``warmup_sample_stats``. Files are written atomically (a temporary file
renamed into place) and readable by everyone (mode 0644).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping

import numpy as np

from symphys.cosmology.sampling import SampleResult

__all__ = ["LATEX_LABELS", "latex_label", "to_getdist", "to_mcsamples", "to_arviz"]

#: LaTeX labels (GetDist convention: no $ signs) of the parameters this package uses
LATEX_LABELS: dict[str, str] = {
    "H0": r"H_0\,[{\rm km\,s^{-1}\,Mpc^{-1}}]", "Om": r"\Omega_{\rm m}",
    "Ode": r"\Omega_\Lambda", "Ok": r"\Omega_k", "w": "w", "w0": "w_0", "wa": "w_a",
    "M": "M", "q": "q", "mu": r"\mu", "zeta": r"\zeta", "rd": r"r_{\rm d}\,[{\rm Mpc}]",
    "H0rd": r"H_0 r_{\rm d}\,[{\rm km\,s^{-1}}]", "age": r"t_0\,[{\rm Gyr}]", "q0": "q_0",
    "hubble_law_slope": r"(1+\zeta)H_0\,[{\rm km\,s^{-1}\,Mpc^{-1}}]",
    "omega_b": r"\omega_{\rm b}", "omega_c": r"\omega_{\rm c}", "omega_cb": r"\omega_{\rm cb}",
    "Neff": r"N_{\rm eff}", "mnu": r"\sum m_\nu\,[{\rm eV}]", "Tcmb": r"T_{\rm CMB}",
    "dM": r"\Delta M",
}

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def latex_label(name: str) -> str:
    r"""The LaTeX label of a parameter name (``LATEX_LABELS``, else the name in ``\rm``).

    >>> latex_label("Om")
    '\\Omega_{\\rm m}'
    >>> latex_label("my_param")
    '{\\rm my\\_param}'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if name in LATEX_LABELS:
        return LATEX_LABELS[name]
    return r"{\rm " + name.replace("_", r"\_") + "}"


def _check_result(result) -> SampleResult:
    if not isinstance(result, SampleResult):
        raise TypeError(f"result must be a SampleResult, got {type(result).__name__}")
    if result.flat().shape[0] == 0:
        raise ValueError(f"no samples left after discard={result.discard}, thin={result.thin} "
                         f"of a {result.nsteps}-step chain")
    return result


def _labels(names, labels) -> dict[str, str]:
    if labels is not None and (not isinstance(labels, Mapping)
                               or not all(isinstance(k, str) and isinstance(v, str)
                                          for k, v in labels.items())):
        raise TypeError(f"labels must be a mapping of parameter name to LaTeX text, "
                        f"got {type(labels).__name__}")
    out = {n: latex_label(n) for n in names}
    for key, val in (labels or {}).items():
        if key not in out:
            raise ValueError(f"labels names {key!r}, which is not a column ({list(names)})")
        if "\n" in val:
            raise ValueError(f"labels[{key!r}] must be one line")
        out[key] = val
    return out


def _atomic_write(path: str, text: str) -> None:
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _columns(result: SampleResult) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """(sampled names, derived names, (n, k + m) samples, (n,) log posterior)."""
    samples = result.flat()
    d, t = result.discard, result.thin
    logp = result.log_prob[d::t].reshape(-1)
    derived = result.flat_derived()
    names_d = list(derived)
    cols = [samples] + [derived[n][:, None] for n in names_d]
    return list(result.param_names), names_d, np.hstack(cols), logp


def to_getdist(result: SampleResult, root, *, labels: Mapping[str, str] | None = None,
               ranges: Mapping[str, tuple[float, float]] | None = None) -> list[str]:
    r"""Write ``<root>.txt``, ``<root>.paramnames`` and ``<root>.ranges`` (GetDist format).

    Parameters
    ----------
    result : SampleResult
        The chain (burn-in and thinning as in :meth:`SampleResult.flat`); its derived
        parameters become derived columns (``name*`` in ``.paramnames``).
    root : str or path
        File root; its folder must exist. Existing files are replaced (atomically).
    labels : mapping of str to str, optional
        LaTeX labels (no ``$``) overriding ``LATEX_LABELS``.
    ranges : mapping of str to (float, float), optional
        Prior bounds of sampled parameters (e.g. ``like.bounds``); written to ``.ranges``
        (the file is written only when given).

    Returns
    -------
    list of str
        The paths written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> chain = np.random.default_rng(0).normal(size=(100, 4, 1))
    >>> res = SampleResult(("Om",), 0.3 + 0.01 * chain, np.zeros((100, 4)), np.array([1.0]),
    ...                    np.full(4, 0.5), discard=10, thin=1)
    >>> root = pathlib.Path(tempfile.mkdtemp()) / "lcdm"
    >>> paths = to_getdist(res, root)
    >>> pathlib.Path(paths[1]).read_text()
    'Om\t\\Omega_{\\rm m}\n'
    """
    result = _check_result(result)
    base = os.fspath(root)
    if not isinstance(base, str) or not base:
        raise TypeError(f"root must be a non-empty path, got {root!r}")
    folder = os.path.dirname(base) or "."
    if not os.path.isdir(folder):
        raise ValueError(f"root {base!r}: folder {folder!r} does not exist")
    names, dnames, cols, logp = _columns(result)
    for n in names + dnames:
        if not _NAME.match(n):
            raise ValueError(f"parameter name {n!r} is not a GetDist name (letters, digits, _)")
    lab = _labels(names + dnames, labels)
    if ranges is not None and not isinstance(ranges, Mapping):
        raise TypeError(f"ranges must be a mapping of name to (lo, hi), "
                        f"got {type(ranges).__name__}")
    finite = np.isfinite(logp)
    minus_lp = np.where(finite, -logp, np.inf)
    rows = np.column_stack([np.ones(cols.shape[0]), minus_lp, cols])
    lines = [" ".join(f"{v:.16e}" for v in row) for row in rows]
    paths = [base + ".txt", base + ".paramnames"]
    _atomic_write(paths[0], "\n".join(lines) + "\n")
    _atomic_write(paths[1], "".join(f"{n}\t{lab[n]}\n" for n in names)
                  + "".join(f"{n}*\t{lab[n]}\n" for n in dnames))
    if ranges is not None:
        text = []
        for key, pair in ranges.items():
            if key not in names:
                raise ValueError(f"ranges names {key!r}, which is not a sampled parameter "
                                 f"({names})")
            try:
                lo, hi = (float(v) for v in pair)
            except (TypeError, ValueError):
                raise TypeError(f"ranges[{key!r}] must be a pair of numbers, "
                                f"got {pair!r}") from None
            if math.isnan(lo) or math.isnan(hi) or not lo < hi:
                raise ValueError(f"ranges[{key!r}] = ({lo}, {hi}) needs lo < hi")
            fmt = [("N" if math.isinf(v) else repr(v)) for v in (lo, hi)]
            text.append(f"{key}\t{fmt[0]}\t{fmt[1]}\n")
        paths.append(base + ".ranges")
        _atomic_write(paths[2], "".join(text))
    return paths


def to_mcsamples(result: SampleResult, *, labels: Mapping[str, str] | None = None,
                 ranges: Mapping[str, tuple[float, float]] | None = None):
    """A ``getdist.MCSamples`` of the chain (needs getdist: ``pip install getdist``).

    The same columns, labels (without ``$``) and ranges as :func:`to_getdist`; derived
    parameters are flagged as derived.

    Parameters
    ----------
    result : SampleResult
        The chain.
    labels, ranges : mapping, optional
        As for :func:`to_getdist`.

    Returns
    -------
    getdist.MCSamples
    """
    result = _check_result(result)
    try:
        from getdist import MCSamples
    except ImportError as exc:
        raise ImportError("to_mcsamples needs getdist (pip install 'symphys[interop]' or "
                          "getdist)") from exc
    names, dnames, cols, logp = _columns(result)
    lab = _labels(names + dnames, labels)
    if ranges is not None and not isinstance(ranges, Mapping):
        raise TypeError(f"ranges must be a mapping of name to (lo, hi), "
                        f"got {type(ranges).__name__}")
    return MCSamples(samples=cols, loglikes=-logp, names=names + [n + "*" for n in dnames],
                     labels=[lab[n] for n in names + dnames],
                     ranges=dict(ranges or {}), renames={},
                     label=result.model or None, sampler="mcmc",
                     settings={"ignore_rows": 0})


def to_arviz(result: SampleResult):
    """An ArviZ ``InferenceData`` of the chain (needs arviz: ``pip install arviz``).

    ``posterior``: each sampled and derived parameter as ``(chain=walker, draw=step)`` after the
    burn-in ``result.discard`` (not thinned: ArviZ's ESS accounts for correlation);
    ``sample_stats.lp``: the log posterior; the burn-in in the ``warmup_*`` groups. Attributes:
    the model and the sampler.

    Parameters
    ----------
    result : SampleResult
        The chain.

    Returns
    -------
    arviz.InferenceData

    Examples
    --------
    >>> chain = np.random.default_rng(0).normal(size=(100, 4, 1))
    >>> res = SampleResult(("x",), chain, np.zeros((100, 4)), np.array([1.0]),
    ...                    np.full(4, 0.5), discard=10, thin=1)
    >>> idata = to_arviz(res)  # doctest: +SKIP
    >>> idata.posterior["x"].shape  # doctest: +SKIP
    (4, 90)
    """
    result = _check_result(result)
    try:
        import arviz as az
    except ImportError as exc:
        raise ImportError("to_arviz needs arviz (pip install 'symphys[interop]' or arviz)") \
            from exc
    d = result.discard

    def group(sl):
        post = {n: np.ascontiguousarray(result.chain[sl, :, i].T)
                for i, n in enumerate(result.param_names)}
        post.update({n: np.ascontiguousarray(v[sl].T) for n, v in result.derived.items()})
        return post, {"lp": np.ascontiguousarray(result.log_prob[sl].T)}

    post, stats = group(slice(d, None))
    kw = {}
    if d > 0:
        wpost, wstats = group(slice(0, d))
        kw = {"warmup_posterior": wpost, "warmup_sample_stats": wstats, "save_warmup": True}
    return az.from_dict(posterior=post, sample_stats=stats,
                        attrs={"model": result.model, "sampler": "emcee",
                               "derived": ",".join(result.derived)}, **kw)
