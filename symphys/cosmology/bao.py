r"""Baryon acoustic oscillations: the DESI DR1/DR2 measurements and their likelihood.

Observables (all divided by the sound horizon at the drag epoch r_d):

* :math:`D_M(z)`: transverse comoving distance (curvature included);
* :math:`D_H(z) = dD_C/dz`, which is :math:`c/H(z)` in FLRW models
  (:meth:`~symphys.cosmology.DistanceModel.radial_distance`; for the varying-c model see
  :func:`symphys.cosmology.derive_vsl_bao`);
* :math:`D_V(z) = (z D_M^2 D_H)^{1/3}`.

The likelihood is Gaussian in the published values with their covariance,
:math:`\chi^2 = \Delta^T C^{-1}\Delta` (C factorised once by Cholesky; batched over parameter
vectors). The sound horizon enters as (``sound_horizon=``):

* ``"rd"`` (default): a parameter ``rd`` in Mpc (default prior U(50, 300)). BAO alone measure
  only :math:`H_0 r_d`: with H0 fixed (default 70) the fitted ``rd`` is :math:`r_d\,H_0/70`;
* ``"H0rd"``: the parameter ``H0rd`` = :math:`H_0 r_d` in km/s (U(3000, 30000)); H0 then
  matters only through the radiation density, if any;
* ``"computed"``: r_d from the parameters ``H0`` and ``ombh2`` and the matter density
  :math:`\omega_{cb} = \Omega_m h^2` (Om excludes the neutrinos, astropy's convention) by the
  fitting formula of :func:`~symphys.cosmology.sound_horizon_drag` (Aubourg et al. 2015 eq. 16
  for Neff = 3.046, else DESI 2024's). FLRW models only.

Reference results reproduced in the tests (flat Lambda-CDM, BAO only, rd free): DESI DR2
Om = 0.2975 +- 0.0086 (arXiv:2503.14738 Table V); DESI DR1 Om = 0.295 +- 0.015
(arXiv:2404.03002 Table 3).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import scipy.linalg

from symphys.cosmology.background import sound_horizon_drag
from symphys.cosmology.models import _FLRW, DistanceModel
from symphys.cosmology.probe import ProbeLikelihood, model_columns

__all__ = ["BAOData", "load_desi_bao", "BAOLikelihood", "BAO_QUANTITIES", "bao_distances",
           "embedded_file", "alcock_paczynski"]

#: the quantities a BAO data set may hold
BAO_QUANTITIES = ("DV_over_rs", "DM_over_rs", "DH_over_rs")

#: shape parameters fitted by default, per model
_DEFAULT_SHAPE = {"vsl": (), "lcdm": ("Om",), "olcdm": ("Om", "Ode"), "wcdm": ("Om", "w"),
                  "owcdm": ("Om", "Ode", "w"), "w0wa": ("Om", "w0", "wa"),
                  "ow0wa": ("Om", "Ode", "w0", "wa"), "eds": (), "milne": ()}


def embedded_file(name: str) -> bytes:
    """The bytes of an embedded data file of ``symphys/cosmology/data``, verified against
    ``probes.sha256.json`` (ValueError if corrupt; rebuild with ``data/build_probes.py``).

    >>> len(embedded_file("desi_bao_dr2.json")) > 0
    True
    """
    base = resources.files("symphys.cosmology") / "data"
    digests = json.loads((base / "probes.sha256.json").read_text())
    if name not in digests:
        raise ValueError(f"{name!r} is not an embedded probe file; expected one of "
                         f"{sorted(digests)}")
    raw = (base / name).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != digests[name]:
        raise ValueError(f"embedded {name} is corrupt: sha256 {digest} != {digests[name]} "
                         "(rebuild with data/build_probes.py)")
    return raw


@dataclass(frozen=True, eq=False)
class BAOData:
    """BAO measurements: redshifts, values D/r_d, which distance each is, and the covariance.

    Attributes
    ----------
    z : numpy.ndarray
        ``(N,)`` effective redshifts (> 0).
    value : numpy.ndarray
        ``(N,)`` measured D_V/r_d, D_M/r_d or D_H/r_d.
    quantity : tuple of str
        ``(N,)`` one of ``BAO_QUANTITIES`` per row.
    cov : numpy.ndarray
        ``(N, N)`` symmetric positive-definite covariance of ``value``.
    label : str
        A short description (keyword-only).

    >>> d = BAOData.from_arrays([0.5], [13.0], ["DM_over_rs"], cov=[[0.04]])
    >>> d.n
    1
    """

    z: np.ndarray
    value: np.ndarray
    quantity: tuple
    cov: np.ndarray
    label: str = field(default="user", kw_only=True)

    def __post_init__(self) -> None:
        for name in ("z", "value", "cov"):
            if not isinstance(getattr(self, name), np.ndarray):
                raise TypeError(f"{name} must be a numpy array (use BAOData.from_arrays)")
        n = self.z.size
        if self.z.shape != (n,) or n == 0 or self.value.shape != (n,):
            raise ValueError(f"z and value must be non-empty 1-d arrays of one length, got "
                             f"{self.z.shape} and {self.value.shape}")
        if self.cov.shape != (n, n):
            raise ValueError(f"cov must have shape ({n}, {n}), got {self.cov.shape}")
        if not isinstance(self.quantity, tuple) or len(self.quantity) != n:
            raise ValueError(f"quantity must be a tuple of {n} names")
        for q in self.quantity:
            if q not in BAO_QUANTITIES:
                raise ValueError(f"quantity {q!r} must be one of {BAO_QUANTITIES}")
        for name in ("z", "value", "cov"):
            if not np.all(np.isfinite(getattr(self, name))):
                raise ValueError(f"{name} contains NaN or infinite values")
        if np.any(self.z <= 0):
            raise ValueError(f"z must be > 0 (got min {self.z.min():g})")
        if not isinstance(self.label, str):
            raise TypeError(f"label must be a str, got {type(self.label).__name__}")

    @classmethod
    def from_arrays(cls, z, value, quantity: Sequence[str], *, cov, label: str = "user"
                    ) -> BAOData:
        """Validate and build: ``cov`` must be symmetric positive definite.

        >>> BAOData.from_arrays([0.5], [13.0], ["DA_over_rs"], cov=[[0.04]])
        Traceback (most recent call last):
        ...
        ValueError: quantity 'DA_over_rs' must be one of ('DV_over_rs', 'DM_over_rs', 'DH_over_rs')
        """
        arrays = {}
        for name, val in (("z", z), ("value", value), ("cov", cov)):
            if val is None or isinstance(val, (str, bytes)) or np.iscomplexobj(val):
                raise TypeError(f"{name} must be real numbers, got {type(val).__name__}")
            try:
                arrays[name] = np.array(val, dtype=float)
            except (TypeError, ValueError):
                raise TypeError(f"{name} must be real numbers") from None
        if isinstance(quantity, (str, bytes)) or not isinstance(quantity, Sequence):
            raise TypeError(f"quantity must be a sequence of names, got {quantity!r}")
        data = cls(arrays["z"].ravel() if arrays["z"].ndim == 0 else arrays["z"],
                   arrays["value"], tuple(quantity), arrays["cov"], label=label)
        c = data.cov
        if not np.allclose(c, c.T, rtol=0, atol=1e-12 * np.max(np.abs(c))):
            raise ValueError("cov is not symmetric")
        try:
            np.linalg.cholesky(c)
        except np.linalg.LinAlgError:
            raise ValueError("cov is not positive definite (Cholesky failed)") from None
        for arr in (data.z, data.value, data.cov):
            arr.setflags(write=False)
        return data

    @property
    def n(self) -> int:
        """Number of measurements N."""
        return int(self.z.size)

    @property
    def sigma(self) -> np.ndarray:
        """(N,) square roots of the covariance diagonal."""
        return np.sqrt(np.diag(self.cov))

    def __repr__(self) -> str:
        return f"BAOData({self.label!r}, N={self.n}, z in [{self.z.min():g}, {self.z.max():g}])"


def load_desi_bao(*, release: str = "dr2") -> BAOData:
    """DESI BAO, all tracers combined, embedded in the package (works offline).

    ``release="dr2"`` (default): DESI DR2 (2025; arXiv:2503.14738, 13 values);
    ``"dr1"``: DESI 2024 (arXiv:2404.03002, 12 values). The files are those of
    ``CobayaSampler/bao_data`` (``desi_gaussian_bao_ALL_GCcomb_*``), rebuilt into
    ``symphys/cosmology/data`` by ``data/build_probes.py`` and checked by sha256 at load.

    >>> d = load_desi_bao()
    >>> d.n, d.quantity[0], float(d.z[0])
    (13, 'DV_over_rs', 0.295)
    """
    if not isinstance(release, str) or release.lower() not in ("dr1", "dr2"):
        raise ValueError(f"release={release!r} must be 'dr1' or 'dr2'")
    rel = release.lower()
    raw = json.loads(embedded_file(f"desi_bao_{rel}.json"))
    return BAOData.from_arrays(raw["z"], raw["value"], raw["quantity"], cov=raw["cov"],
                               label=f"DESI {rel.upper()} BAO")


def bao_distances(model: DistanceModel, z) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(D_M, D_H, D_V)`` in Mpc at redshifts ``z`` (each ``batch + z.shape``).

    >>> from symphys.cosmology import FlatLambdaCDM
    >>> dm, dh, dv = bao_distances(FlatLambdaCDM(70, 0.3), [0.5])
    >>> bool(np.isclose(dv[0], (0.5 * dm[0] ** 2 * dh[0]) ** (1 / 3)))
    True
    """
    if not isinstance(model, DistanceModel):
        raise TypeError(f"model must be a DistanceModel, got {type(model).__name__}")
    dm = model.comoving_transverse_distance(z)
    dh = model.radial_distance(z)
    zz = np.asarray(z, dtype=float)
    return dm, dh, np.cbrt(zz * dm**2 * dh)


def alcock_paczynski(data: BAOData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The measured Alcock-Paczynski ratios :math:`F_{AP} = D_M/D_H` (free of r_d and H0).

    For every redshift with both a D_M/r_d and a D_H/r_d value, the ratio of the two and its
    covariance by linear error propagation, :math:`C_F = J C J^T` with
    :math:`J = \partial F/\partial(	ext{values})` (the ratios of DESI's per-bin 2x2 blocks are
    measured to 1-4%, where the linearisation is accurate to O(sigma^2)).

    Returns ``(z, F_AP, cov)`` with shapes ``(m,)``, ``(m,)``, ``(m, m)``.

    >>> z, f, cov = alcock_paczynski(load_desi_bao())
    >>> z.tolist()
    [0.51, 0.706, 0.934, 1.321, 1.484, 2.33]
    """
    if not isinstance(data, BAOData):
        raise TypeError(f"data must be a BAOData, got {type(data).__name__}")
    zs, rows = [], []
    for zval in np.unique(data.z):
        idx = np.flatnonzero(data.z == zval)
        q = [data.quantity[i] for i in idx]
        if "DM_over_rs" in q and "DH_over_rs" in q:
            zs.append(float(zval))
            rows.append((idx[q.index("DM_over_rs")], idx[q.index("DH_over_rs")]))
    if not rows:
        raise ValueError("data has no redshift with both D_M and D_H")
    m = len(rows)
    f = np.empty(m)
    jac = np.zeros((m, data.n))
    for k, (i, j) in enumerate(rows):
        dm, dh = data.value[i], data.value[j]
        f[k] = dm / dh
        jac[k, i], jac[k, j] = 1.0 / dh, -dm / dh**2
    return np.array(zs), f, jac @ data.cov @ jac.T


class BAOLikelihood(ProbeLikelihood):
    r"""Gaussian likelihood of BAO distances D/r_d given a distance model.

    Parameters
    ----------
    data : BAOData
        E.g. :func:`load_desi_bao`.
    model : str or type
        A model class or short name (``lcdm``, ``olcdm``, ``wcdm``, ``owcdm``, ``w0wa``,
        ``ow0wa``, ``vsl``, ``eds``, ``milne``).
    free : sequence of str, optional
        The varied parameters. Default: the model's shape parameters and the sound-horizon
        parameter (``rd``, ``H0rd``, or ``H0`` and ``ombh2`` for ``"computed"``).
    fixed : mapping, optional
        Values of parameters that are not free (others: model defaults; ``rd`` 147.09,
        ``H0rd`` 10296, ``ombh2`` 0.02237).
    priors : mapping, optional
        ``{name: Prior or (lo, hi)}``; default uniform on the model's domain (and ``rd`` in
        (50, 300) Mpc, ``H0rd`` in (3000, 30000) km/s, ``ombh2`` in (0.005, 0.1)). A prior
        wider than the model's validity domain is allowed (``-inf`` where undefined).
    sound_horizon : {"rd", "H0rd", "computed"}
        How r_d enters (module docstring).
    radiation : Radiation or mapping, optional
        The radiation content of FLRW models (default none); e.g.
        :data:`~symphys.cosmology.PLANCK18_RADIATION`.

    Notes
    -----
    Derived parameters (:meth:`derived`): those of the model (``Ok``, ``age``, ``q0`` or the
    VSL ``hubble_law_slope``) and ``rd`` in Mpc (for ``"H0rd"``: H0rd/H0 at the given H0).
    :meth:`evidence` delegates to :func:`symphys.cosmology.evidence.evidence`.

    Examples
    --------
    >>> like = BAOLikelihood(load_desi_bao(), "lcdm")
    >>> like.free
    ('Om', 'rd')
    >>> round(like.best_fit().params["Om"], 3)  # DESI DR2: 0.2975 +- 0.0086
    0.297
    """

    extra_defaults = {"rd": 147.09, "H0rd": 10296.3, "ombh2": 0.02237}
    extra_domain = {"rd": (50.0, 300.0), "H0rd": (3000.0, 30000.0), "ombh2": (0.005, 0.1)}

    def __init__(self, data: BAOData, model: str | type[DistanceModel], *,
                 free: Sequence[str] | None = None, fixed: Mapping[str, float] | None = None,
                 priors: Mapping | None = None, sound_horizon: str = "rd",
                 radiation=None) -> None:
        if not isinstance(data, BAOData):
            raise TypeError(f"data must be a BAOData, got {type(data).__name__}")
        if sound_horizon not in ("rd", "H0rd", "computed"):
            raise ValueError(f"sound_horizon={sound_horizon!r} must be 'rd', 'H0rd' or "
                             "'computed'")
        from symphys.cosmology.models import get_model

        cls = get_model(model)
        if sound_horizon == "computed" and not issubclass(cls, _FLRW):
            raise ValueError(f"sound_horizon='computed' needs an FLRW model (early-universe "
                             f"physics); {cls.__name__} has none: use 'rd' or 'H0rd'")
        extras = {"rd": ("rd",), "H0rd": ("H0rd",), "computed": ("ombh2",)}[sound_horizon]
        shape = _DEFAULT_SHAPE.get(cls.name, cls.param_names[1:])
        default_free = list(shape) + (["H0", "ombh2"] if sound_horizon == "computed"
                                      else list(extras))
        self.data = data
        self.sound_horizon = sound_horizon
        self.n_data = data.n
        self._setup(cls, free=free, fixed=fixed, priors=priors, default_free=default_free,
                    radiation=radiation, extras=extras)
        self._chol = scipy.linalg.cholesky(data.cov, lower=True)
        q = np.array(data.quantity)
        self._is = {name: q == name for name in BAO_QUANTITIES}

    def _rd(self, cols: Mapping[str, np.ndarray], n: int) -> np.ndarray:
        """The sound horizon r_d in Mpc for parameter columns ``{name: (n,)}``."""
        if self.sound_horizon == "rd":
            return np.broadcast_to(np.asarray(cols["rd"], dtype=float), (n,))
        h0 = np.broadcast_to(np.asarray(cols["H0"], dtype=float), (n,))
        if self.sound_horizon == "H0rd":
            return np.broadcast_to(np.asarray(cols["H0rd"], dtype=float), (n,)) / h0
        h = h0 / 100.0
        om = np.broadcast_to(np.asarray(cols["Om"], dtype=float), (n,))
        wb = np.broadcast_to(np.asarray(cols["ombh2"], dtype=float), (n,))
        rad = self.radiation
        neff = rad.Neff if rad.on else 3.046
        formula = "aubourg" if abs(neff - 3.046) < 1e-9 else "desi"
        return sound_horizon_drag(wb, om * h**2 - wb, Neff=neff,
                                  omnuh2=rad.omega_nu_massive() if rad.on else 0.0,
                                  formula=formula)

    def predict(self, params) -> np.ndarray:
        """Model values D/r_d for parameter vectors ``(..., k) -> (..., N)`` (NaN where the
        model is undefined).

        >>> like = BAOLikelihood(load_desi_bao(), "lcdm")
        >>> like.predict([[0.3, 147.0]]).shape
        (1, 13)
        """
        flat, batch = self._theta(params)
        with np.errstate(all="ignore"):
            out = self._predict_columns(self._columns(flat), flat.shape[0])
        return out.reshape(batch + (self.data.n,))

    def _predict_columns(self, cols, n) -> np.ndarray:
        out = np.full((n, self.data.n), np.nan)
        model, ok = model_columns(self.model_class, cols, n, self.radiation)
        if model is None:
            return out
        z = self.data.z
        dm = model._distance(z)                       # (m, N) transverse comoving distance
        dh = np.broadcast_to(model._radial(z), dm.shape)
        dv = np.cbrt(z * dm**2 * dh)
        rd = self._rd(cols, n)[ok][:, None]
        pred = np.where(self._is["DM_over_rs"], dm, np.where(self._is["DH_over_rs"], dh, dv))
        out[ok] = pred / rd
        return out

    def _chi2_columns(self, cols, n) -> np.ndarray:
        pred = self._predict_columns(cols, n)
        delta = self.data.value - pred
        bad = ~np.all(np.isfinite(delta), axis=1)
        delta[bad] = 0.0
        y = scipy.linalg.solve_triangular(self._chol, delta.T, lower=True, check_finite=False)
        chi2 = np.einsum("ij,ij->j", y, y)
        return np.where(bad, np.inf, chi2)

    def _derived_extra(self, cols, n) -> dict[str, np.ndarray]:
        return {"rd": np.array(self._rd(cols, n), dtype=float)}

    def __repr__(self) -> str:
        return (f"BAOLikelihood({self.data!r}, {self.model_class.__name__}, free={self.free}, "
                f"sound_horizon={self.sound_horizon!r})")
