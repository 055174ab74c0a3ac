r"""Compressed CMB likelihood: the Planck 2018 distance priors (R, l_A, omega_b).

Chen, Huang & Wang 2019, "Distance priors from Planck final release", JCAP 02 (2019) 028,
arXiv:1808.05724, Table I / eq. (3.3) (Planck 2018 TT,TE,EE+lowE, flat Lambda-CDM):

=============  ===========  ========
quantity       mean         sigma
=============  ===========  ========
R              1.750235     0.004620
l_A            301.4707     0.08886
omega_b        0.02235976   0.00014912
=============  ===========  ========

with the inverse covariance (transcribed from the paper, in the order R, l_A, omega_b)::

     94392.3971    -1360.4913    1664517.2916
     -1360.4913      161.4349       3671.6180
   1664517.2916     3671.6180   79719182.5162

(its inverse gives the sigmas above and the correlations 0.46, -0.66, -0.33 of the paper's
normalised covariance). The observables:

.. math:: R = \sqrt{\Omega_m H_0^2}\,D_M(z_*)/c, \qquad l_A = \pi D_M(z_*)/r_s(z_*),

with :math:`z_*` from Hu & Sugiyama's fitting formula
(:func:`~symphys.cosmology.z_star`) and :math:`r_s` the comoving sound horizon
(:func:`~symphys.cosmology.sound_horizon`), both as in Chen et al. Here :math:`\Omega_m` is the
*total* matter density today including the massive neutrinos (Planck's convention):
:math:`\Omega_m h^2 = \Omega_{m,\rm model} h^2 + \sum m_\nu/93.14\,{\rm eV}`, since the model's
``Om`` excludes them (astropy's convention). The background must contain radiation (default
:data:`~symphys.cosmology.PLANCK18_RADIATION`: T = 2.7255 K, Neff = 3.046, one 0.06 eV
neutrino, as Planck's baseline).

The compression assumes standard early-universe physics: it applies to FLRW models only (the
varying-c model specifies no recombination or sound speed, so it is refused, with the reason).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.linalg

from symphys.cosmology.background import PLANCK18_RADIATION, sound_horizon
from symphys.cosmology.constants import C_KMS
from symphys.cosmology.models import _FLRW, DistanceModel, get_model
from symphys.cosmology.probe import ProbeLikelihood, model_columns

__all__ = ["CMBDistancePrior", "PLANCK18_DISTANCE_PRIORS"]

#: Chen, Huang & Wang 2019 (arXiv:1808.05724), Planck 2018 TT,TE,EE+lowE, flat Lambda-CDM:
#: means of (R, l_A, omega_b) and their inverse covariance
PLANCK18_DISTANCE_PRIORS = {
    "names": ("R", "l_A", "omega_b"),
    "mean": (1.750235, 301.4707, 0.02235976),
    "inv_cov": ((94392.3971, -1360.4913, 1664517.2916),
                (-1360.4913, 161.4349, 3671.6180),
                (1664517.2916, 3671.6180, 79719182.5162)),
    "source": "Chen, Huang & Wang 2019, JCAP 02 (2019) 028, arXiv:1808.05724 (Planck 2018 "
              "TT,TE,EE+lowE, Lambda-CDM)",
}

_DEFAULT_SHAPE = {"lcdm": ("Om",), "olcdm": ("Om", "Ode"), "wcdm": ("Om", "w"),
                  "owcdm": ("Om", "Ode", "w"), "w0wa": ("Om", "w0", "wa"),
                  "ow0wa": ("Om", "Ode", "w0", "wa")}


class CMBDistancePrior(ProbeLikelihood):
    r"""The Planck 2018 compressed CMB likelihood (R, l_A, omega_b) for an FLRW model.

    Parameters
    ----------
    model : str or type
        An FLRW model (``lcdm``, ``olcdm``, ``wcdm``, ``owcdm``, ``w0wa``, ``ow0wa``).
    free, fixed, priors :
        As for :class:`~symphys.cosmology.BAOLikelihood`; the probe's own parameter is
        ``ombh2`` (omega_b, default prior U(0.005, 0.1)). Default free: the shape parameters,
        ``H0`` and ``ombh2``.
    radiation : Radiation or mapping
        The background's radiation (default Planck 2018's); must have Tcmb0 > 0.

    Notes
    -----
    ``chi2 = d^T C^{-1} d`` with d = (R, l_A, omega_b) - data. At Planck 2018's own best fit
    (TT,TE,EE+lowE+lensing) these formulas give l_A = 302.1 against the prior's 301.47: Hu &
    Sugiyama's z* (1091.9) exceeds the recombination code's 1089.9, so fits with these priors
    shift H0 by about +0.4 km/s/Mpc (within the 1-sigma of Planck's H0, see the tests).
    Derived parameters (:meth:`derived`): the model's and ``z_star``, ``r_s_star`` (Mpc),
    ``Om_total``.
    The numbers and their source are in :data:`PLANCK18_DISTANCE_PRIORS` (module docstring).

    Examples
    --------
    >>> cmb = CMBDistancePrior("lcdm")
    >>> cmb.free
    ('Om', 'H0', 'ombh2')
    >>> R, lA, wb = cmb.predict([0.3153 - 0.0014, 67.36, 0.02237])  # Planck 2018 best fit
    >>> round(float(R), 3), round(float(lA), 1)  # data: 1.750, 301.5 (z* by Hu & Sugiyama)
    (1.75, 302.1)
    """

    extra_defaults = {"ombh2": 0.02237}
    extra_domain = {"ombh2": (0.005, 0.1)}
    n_data = 3

    def __init__(self, model: str | type[DistanceModel], *,
                 free: Sequence[str] | None = None, fixed: Mapping[str, float] | None = None,
                 priors: Mapping | None = None, radiation=PLANCK18_RADIATION) -> None:
        cls = get_model(model)
        if not issubclass(cls, _FLRW):
            raise ValueError(f"the compressed CMB priors assume standard early-universe physics "
                             f"(recombination at z*, a baryon-photon sound speed); "
                             f"{cls.__name__} specifies none, so they do not apply to it")
        shape = _DEFAULT_SHAPE.get(cls.name, cls.param_names[1:])
        self._setup(cls, free=free, fixed=fixed, priors=priors,
                    default_free=[*shape, "H0", "ombh2"], radiation=radiation,
                    extras=("ombh2",))
        if not self.radiation.on:
            raise ValueError("the CMB priors need radiation in the background (Tcmb0 > 0)")
        data = PLANCK18_DISTANCE_PRIORS
        self.mean = np.array(data["mean"])
        self.inv_cov = np.array(data["inv_cov"])
        self.cov = np.linalg.inv(self.inv_cov)
        self._chol = scipy.linalg.cholesky(self.inv_cov, lower=True)   # C^-1 = L L^T

    def _observables(self, cols, n) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        out = np.full((n, 3), np.nan)
        extra = {k: np.full(n, np.nan) for k in ("z_star", "r_s_star", "Om_total")}
        model, ok = model_columns(self.model_class, cols, n, self.radiation)
        if model is None:
            return out, extra
        h0 = model.params["H0"]
        h = h0 / 100.0
        wb = np.broadcast_to(np.asarray(cols["ombh2"], dtype=float), (n,))[ok]
        wm = model.params["Om"] * h**2 + self.radiation.omega_nu_massive()
        with np.errstate(all="ignore"):
            wm = np.where((wm > 0) & (wm < 10) & (wb > 0) & (wb < 1), wm, np.nan)
            g1 = 0.0783 * wb**-0.238 / (1.0 + 39.5 * wb**0.763)
            g2 = 0.560 / (1.0 + 21.1 * wb**1.81)
            zs = 1048.0 * (1.0 + 0.00124 * wb**-0.738) * (1.0 + g1 * wm**g2)   # z_star()
        good = np.isfinite(zs) & np.isfinite(wm) & (zs > 0) & (zs < 1e6)
        if not np.all(good):      # unphysical omega_b / omega_m: this row is undefined
            sub = {k: v[good] for k, v in model.params.items()}
            out_ok = np.flatnonzero(ok)[good]
            ok = np.zeros(n, dtype=bool)
            ok[out_ok] = True
            if not np.any(ok):
                return out, extra
            model = type(model)._from_columns(sub, int(good.sum()), Tcmb0=self.radiation)
            h0, h, wb, wm, zs = h0[good], h[good], wb[good], wm[good], zs[good]
        dm = self._dm_batch(model, zs)        # D_M at each member's own z*
        rs = sound_horizon(model, zs, wb)
        om_tot = wm / h**2
        res = np.stack([np.sqrt(om_tot) * h0 * dm / C_KMS, math.pi * dm / rs, wb], axis=-1)
        out[ok] = res
        extra["z_star"][ok], extra["r_s_star"][ok], extra["Om_total"][ok] = zs, rs, om_tot
        return out, extra

    @staticmethod
    def _dm_batch(model, zs: np.ndarray) -> np.ndarray:
        """D_M(z*_i) of member i for a batch (each on its own quadrature grid: linear cost)."""
        return model._transverse_each(zs)

    def predict(self, params) -> np.ndarray:
        """(R, l_A, omega_b) of parameter vectors ``(..., k) -> (..., 3)`` (NaN where the
        model is undefined)."""
        flat, batch = self._theta(params)
        with np.errstate(all="ignore"):
            out, _ = self._observables(self._columns(flat), flat.shape[0])
        return out.reshape(batch + (3,))

    def _chi2_columns(self, cols, n) -> np.ndarray:
        pred, _ = self._observables(cols, n)
        d = pred - self.mean
        bad = ~np.all(np.isfinite(d), axis=1)
        d[bad] = 0.0
        y = d @ self._chol                   # d^T L: chi2 = |L^T d|^2
        return np.where(bad, np.inf, np.einsum("ij,ij->i", y, y))

    def _derived_extra(self, cols, n) -> dict[str, np.ndarray]:
        return self._observables(cols, n)[1]

    def __repr__(self) -> str:
        return f"CMBDistancePrior({self.model_class.__name__}, free={self.free})"
