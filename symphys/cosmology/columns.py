"""Parameter columns to batch models: validity masks, radiation options, derived parameters.

Internal layer shared by the likelihoods (:mod:`symphys.cosmology.likelihood`,
:mod:`symphys.cosmology.probe` and the probes): ``cols`` is ``{name: (n,) array}``, one
parameter set per row.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from symphys.cosmology.background import Radiation
from symphys.cosmology.models import _FLRW, DistanceModel, VaryingC

__all__ = ["model_columns", "derived_quantities"]


def _radiation(value) -> Radiation:
    if value is None:
        return Radiation(0.0)
    if isinstance(value, Radiation):
        return value
    if isinstance(value, Mapping):
        return Radiation(**value)
    raise TypeError(f"radiation must be a Radiation, a mapping of its options or None, got "
                    f"{type(value).__name__}")


def model_columns(model_class: type[DistanceModel], cols: Mapping[str, np.ndarray], n: int,
                  radiation: Radiation) -> tuple[DistanceModel | None, np.ndarray]:
    """The batch model of the valid rows of ``cols`` and the boolean mask of those rows."""
    params = {k: np.broadcast_to(np.asarray(cols[k], dtype=float), (n,))
              for k in model_class.param_names}
    with np.errstate(invalid="ignore"):
        ok = ~np.asarray(model_class._invalid(params), dtype=bool)
        ok &= np.all([np.isfinite(v) for v in params.values()], axis=0)
    if not np.any(ok):
        return None, ok
    sub = {k: v[ok] for k, v in params.items()}
    opts = {"Tcmb0": radiation} if issubclass(model_class, _FLRW) else {}
    return model_class._from_columns(sub, int(ok.sum()), **opts), ok


def derived_quantities(model_class, cols: Mapping[str, np.ndarray], n: int,
                       radiation: Radiation) -> dict[str, np.ndarray]:
    """Derived parameters of ``n`` parameter sets (NaN where the model is undefined)."""
    out: dict[str, np.ndarray] = {}
    model, ok = model_columns(model_class, cols, n, radiation)

    def put(name, fn):
        arr = np.full(n, np.nan)
        if model is not None:
            with np.errstate(all="ignore"):
                arr[ok] = fn(model)
        out[name] = arr

    if issubclass(model_class, _FLRW):
        put("Ok", lambda m: m.Ok0())
        put("age", lambda m: m.age())
        put("q0", lambda m: m.deceleration())
    elif issubclass(model_class, VaryingC):
        put("age", lambda m: m.age())
        put("q0", lambda m: 1.0 / m.params["mu"] - 1.0)   # a = t^mu: q = 1/mu - 1
        put("hubble_law_slope", lambda m: m.hubble_law_slope())
    return out
