r"""Background physics of the early universe: photons, neutrinos, sound horizons, decoupling.

What the BAO and CMB likelihoods need beyond the late-time distance models:

* :func:`photon_density` -- :math:`\Omega_\gamma h^2` from the CMB temperature,
  :math:`\rho_\gamma = (4\sigma_{SB}/c^3) T^4` over :math:`\rho_c = 3H_0^2/8\pi G`, with the
  CODATA 2018 constants astropy uses (2.4730e-5 for T = 2.7255 K).
* :meth:`Radiation.nu_relative_density` -- :math:`\rho_\nu/\rho_\gamma` at redshift z, exactly
  astropy's treatment (``FLRW.nu_relative_density``): ``floor(Neff)`` species sharing Neff
  equally, each massless one contributing :math:`\tfrac78 (4/11)^{4/3}` (= 0.22710731766) times
  Neff/floor(Neff), each massive one the Komatsu et al. 2011 (ApJS 192, 18, eq. 26) fitting
  function :math:`(1 + (k y)^p)^{1/p}`, y = m c^2/(k_B T_nu (1+z)), p = 1.83, k = 0.3173,
  :math:`T_\nu = (4/11)^{1/3} T_{cmb}`.
* :func:`sound_horizon_drag` -- r_d in Mpc from omega_b, omega_cb, the neutrino density and
  Neff: the fitting formula of Aubourg et al. 2015 (arXiv:1411.1074, eq. 16; 0.021% accuracy
  against CAMB for standard neutrinos) or of DESI 2024 III (arXiv:2404.03002 eq. 2.5, after
  Brieden et al. 2023; about 0.1%).
* :func:`z_star` -- the redshift of photon decoupling, Hu & Sugiyama 1996 (arXiv:astro-ph/9510117,
  eq. E1), as used by Chen, Huang & Wang 2019 for the compressed CMB priors.
* :func:`sound_horizon` -- the comoving sound horizon :math:`r_s(z) = \int_z^\infty c_s\,dz/H`,
  :math:`c_s = c/\sqrt{3(1 + R_b)}`, :math:`R_b = 3\rho_b/4\rho_\gamma` (numerical quadrature of
  a model's own H(z)).

A model carries its radiation content as keyword-only options of the FLRW models
(``FlatLambdaCDM(67.4, 0.315, Tcmb0=2.7255, Neff=3.046, m_nu=(0.06, 0, 0))``); ``Tcmb0=0`` (the
default, astropy's too) means no radiation at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from symphys.cosmology.constants import C_KMS, KM_PER_MPC

__all__ = [
    "photon_density", "sound_horizon_drag", "z_star",
    "sound_horizon", "Radiation", "NEFF_STANDARD", "TCMB_FIRAS", "PLANCK18_RADIATION",
    "NU_FERMI_DIRAC",
]

#: the standard effective number of neutrino species used by Planck 2018 (3.046)
NEFF_STANDARD = 3.046

#: the CMB temperature today in K (Fixsen 2009, arXiv:0911.1955)
TCMB_FIRAS = 2.7255

#: 7/8 (4/11)^(4/3): one massless neutrino species relative to the photons
NU_FERMI_DIRAC = 0.22710731766

_SIGMA_SB = 5.6703744191844314e-08   # W m^-2 K^-4 (CODATA 2018, as astropy computes it)
_C_SI = 299792458.0                  # m/s
_G_SI = 6.67430e-11                  # m^3 kg^-1 s^-2 (CODATA 2018)
_KB_EV = 8.617333262145179e-05       # eV/K
_TNU_OVER_TCMB = (4.0 / 11.0) ** (1.0 / 3.0)
_KOMATSU_P, _KOMATSU_INVP, _KOMATSU_K = 1.83, 0.54644808743, 0.3173


def _reals(value, name: str, *, lo: float | None = None, lo_open: bool = True,
           hi: float | None = None) -> np.ndarray:
    """``value`` as a finite float array within (lo, hi]; TypeError/ValueError naming ``name``."""
    if value is None or isinstance(value, (str, bytes, bool)) or np.iscomplexobj(value):
        raise TypeError(f"{name} must be real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be real numbers, got {type(value).__name__}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if lo is not None and arr.size and np.any(arr <= lo if lo_open else arr < lo):
        raise ValueError(f"{name} must be {'>' if lo_open else '>='} {lo:g} "
                         f"(got min {arr.min():g})")
    if hi is not None and arr.size and np.any(arr > hi):
        raise ValueError(f"{name} must be <= {hi:g} (got max {arr.max():g})")
    return arr


def photon_density(Tcmb0: float = TCMB_FIRAS) -> float:
    r""":math:`\Omega_\gamma h^2` for a CMB temperature ``Tcmb0`` in K.

    >>> round(photon_density(2.7255) * 1e5, 4)
    2.473
    """
    t = float(Tcmb0)
    if not (math.isfinite(t) and t >= 0):
        raise ValueError(f"Tcmb0={Tcmb0!r} must be a finite temperature >= 0 K")
    rho_gamma = 4.0 * _SIGMA_SB / _C_SI**3 * t**4          # kg/m^3
    h100 = 100.0 / (KM_PER_MPC)                              # 100 km/s/Mpc in 1/s
    rho_crit = 3.0 * h100**2 / (8.0 * math.pi * _G_SI)       # kg/m^3 for h = 1
    return rho_gamma / rho_crit


class Radiation:
    """The radiation content of a model: CMB temperature, Neff and neutrino masses.

    Parameters
    ----------
    Tcmb0 : float
        CMB temperature today in K; 0 means no radiation (photons nor neutrinos).
    Neff : float
        Effective number of neutrino species (>= 0); ``floor(Neff)`` species share it equally.
    m_nu : float or sequence of float
        Neutrino masses in eV, astropy's convention: one number is the mass of *each* of the
        ``floor(Neff)`` species, a sequence gives each species' mass (length ``floor(Neff)``).

    >>> r = Radiation(2.7255, Neff=3.046, m_nu=(0.06, 0.0, 0.0))
    >>> round(r.omega_gamma * 1e5, 4), r.n_massive
    (2.473, 1)
    """

    def __init__(self, Tcmb0: float, *, Neff: float = NEFF_STANDARD,
                 m_nu: float | Sequence[float] = 0.0) -> None:
        for name, val in (("Tcmb0", Tcmb0), ("Neff", Neff)):
            if isinstance(val, bool) or not isinstance(val, (int, float, np.integer,
                                                             np.floating)):
                raise TypeError(f"{name} must be a real number, got {type(val).__name__}")
            if not (math.isfinite(val) and 0 <= val <= 100):
                raise ValueError(f"{name}={val} must be finite and in [0, 100]")
        self.Tcmb0 = float(Tcmb0)
        self.Neff = float(Neff)
        n_nu = int(math.floor(self.Neff))
        if isinstance(m_nu, (str, bytes)):
            raise TypeError(f"m_nu must be a number or a sequence of numbers, got {m_nu!r}")
        try:
            masses = np.array(m_nu, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"m_nu must be a number or a sequence of numbers, got {m_nu!r}") \
                from None
        if masses.ndim == 0:
            masses = np.full(n_nu, float(masses))
        if masses.ndim != 1 or masses.size != n_nu:
            raise ValueError(f"m_nu must give floor(Neff) = {n_nu} masses, got {m_nu!r}")
        if not np.all(np.isfinite(masses)) or np.any(masses < 0) or np.any(masses > 100):
            raise ValueError(f"m_nu={m_nu!r}: masses must be finite, in [0, 100] eV")
        self.m_nu = tuple(float(m) for m in masses)
        self.n_nu = n_nu
        massive = masses[masses > 0]
        self.n_massive = int(massive.size)
        self.omega_gamma = photon_density(self.Tcmb0) if self.Tcmb0 > 0 else 0.0
        tnu = _TNU_OVER_TCMB * self.Tcmb0
        self._nu_y = massive / (_KB_EV * tnu) if (self.n_massive and tnu > 0) else np.zeros(0)

    @property
    def on(self) -> bool:
        """Whether there is any radiation (Tcmb0 > 0)."""
        return self.Tcmb0 > 0

    def key(self) -> tuple:
        """A hashable description (for equality checks between likelihoods)."""
        return (self.Tcmb0, self.Neff, self.m_nu)

    def __eq__(self, other) -> bool:
        return isinstance(other, Radiation) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        return f"Radiation(Tcmb0={self.Tcmb0:g}, Neff={self.Neff:g}, m_nu={self.m_nu})"

    def nu_relative_density(self, z) -> np.ndarray:
        r""":math:`\rho_\nu/\rho_\gamma` at z (astropy's ``nu_relative_density``).

        >>> round(float(Radiation(2.7255).nu_relative_density(0.0)), 6)  # 0.2271 Neff
        0.691768
        """
        return self._nu_rel(_reals(z, "z", lo=-1.0, hi=1e12))

    def _nu_rel(self, z: np.ndarray) -> np.ndarray:
        """nu_relative_density without argument checks (the models' inner loop)."""
        if not self.on:
            return np.zeros_like(z)
        if self.n_massive == 0:
            return np.full_like(z, NU_FERMI_DIRAC * self.Neff)
        y = self._nu_y / (1.0 + z[..., None])
        per = (1.0 + (_KOMATSU_K * y) ** _KOMATSU_P) ** _KOMATSU_INVP
        rel = per.sum(-1) + (self.n_nu - self.n_massive)
        return NU_FERMI_DIRAC * (self.Neff / self.n_nu) * rel

    def omega_r(self, h, *, z=0.0) -> np.ndarray:
        r""":math:`\Omega_\gamma(1 + \rho_\nu/\rho_\gamma)` today (as a fraction of the critical
        density for Hubble parameter h = H0/100), evaluated with the neutrino density at z
        (massive neutrinos count here at all z, astropy's convention: ``Om`` excludes them).
        """
        h = _reals(h, "h", lo=0.0, hi=100.0)
        return self._omega_r(h, _reals(z, "z", lo=-1.0, hi=1e12))

    def _omega_r(self, h: np.ndarray, z) -> np.ndarray:
        """omega_r without argument checks (the models' inner loop)."""
        with np.errstate(over="ignore", divide="ignore"):
            return self.omega_gamma / h**2 * (1.0 + self._nu_rel(np.asarray(z, dtype=float)))

    def omega_nu_massive(self) -> float:
        r""":math:`\omega_\nu = \Omega_\nu h^2` of the massive species today in the
        non-relativistic limit, :math:`\sum m_\nu / 93.14` eV (for r_d fitting formulas).

        >>> round(Radiation(2.7255, m_nu=(0.06, 0, 0)).omega_nu_massive(), 6)
        0.000644
        """
        return float(sum(self.m_nu)) / 93.14


#: Planck 2018's background: T = 2.7255 K, Neff = 3.046, one massive neutrino of 0.06 eV
PLANCK18_RADIATION = Radiation(TCMB_FIRAS, Neff=NEFF_STANDARD, m_nu=(0.06, 0.0, 0.0))


def sound_horizon_drag(ombh2, omch2, *, Neff: float = NEFF_STANDARD, omnuh2: float = 0.000644,
                       formula: str = "aubourg") -> np.ndarray:
    r"""The comoving sound horizon at the baryon drag epoch r_d in Mpc (a fitting formula).

    ``formula="aubourg"`` (Aubourg et al. 2015, arXiv:1411.1074, eq. 16, accurate to 0.021%
    for Neff = 3.046 and omega_nu up to 0.002):

    .. math:: r_d = \frac{55.154\,e^{-72.3(\omega_\nu + 0.0006)^2}}
              {\omega_{cb}^{0.25351}\,\omega_b^{0.12807}}\ {\rm Mpc}

    with :math:`\omega_{cb} = \omega_b + \omega_c` (it holds for the standard Neff only: other
    Neff raise ValueError). ``formula="desi"`` (DESI 2024 III, arXiv:2404.03002 eq. 2.5, from
    Brieden et al. 2023): :math:`r_d = 147.05\,(\omega_b/0.02236)^{-0.13}
    (\omega_{cb}/0.1432)^{-0.23} (N_{\rm eff}/3.04)^{-0.1}` Mpc (about 0.1%; omega_nu is not
    used).

    >>> round(float(sound_horizon_drag(0.02237, 0.1200)), 2)  # Planck 2018 (CAMB): 147.09
    147.06
    """
    wb = _reals(ombh2, "ombh2", lo=0.0, hi=1.0)
    wc = _reals(omch2, "omch2", lo=0.0, lo_open=False, hi=10.0)
    for name, val in (("Neff", Neff), ("omnuh2", omnuh2)):
        _reals(val, name, lo=0.0, lo_open=False, hi=100.0)
    if formula not in ("aubourg", "desi"):
        raise ValueError(f"formula={formula!r} must be 'aubourg' or 'desi'")
    with np.errstate(invalid="ignore", divide="ignore"):
        wcb = wb + wc
        if formula == "aubourg":
            if abs(float(Neff) - NEFF_STANDARD) > 1e-9:
                raise ValueError(f"the Aubourg et al. formula holds for Neff = 3.046 only, got "
                                 f"Neff={Neff}; use formula='desi'")
            out = 55.154 * math.exp(-72.3 * (float(omnuh2) + 0.0006) ** 2) / (
                wcb**0.25351 * wb**0.12807)
        else:
            out = 147.05 * (wb / 0.02236) ** -0.13 * (wcb / 0.1432) ** -0.23 * (
                float(Neff) / 3.04) ** -0.1
    return np.where((wb > 0) & (wc >= 0), out, np.nan)


def z_star(ombh2, ommh2) -> np.ndarray:
    r"""Redshift of photon decoupling, Hu & Sugiyama 1996 (arXiv:astro-ph/9510117, eq. E1):

    .. math:: z_* = 1048\,[1 + 0.00124\,\omega_b^{-0.738}]\,[1 + g_1 \omega_m^{g_2}],\quad
              g_1 = \frac{0.0783\,\omega_b^{-0.238}}{1 + 39.5\,\omega_b^{0.763}},\quad
              g_2 = \frac{0.560}{1 + 21.1\,\omega_b^{1.81}}

    >>> round(float(z_star(0.02237, 0.1430)), 1)  # Planck 2018's recombination code: 1089.9
    1091.9
    """
    wb = _reals(ombh2, "ombh2", lo=0.0, hi=1.0)
    wm = _reals(ommh2, "ommh2", lo=0.0, hi=10.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        g1 = 0.0783 * wb**-0.238 / (1.0 + 39.5 * wb**0.763)
        g2 = 0.560 / (1.0 + 21.1 * wb**1.81)
        return 1048.0 * (1.0 + 0.00124 * wb**-0.738) * (1.0 + g1 * wm**g2)


#: Gauss-Legendre nodes for the sound-horizon integral in ln(a)
_SH_X, _SH_W = np.polynomial.legendre.leggauss(64)


def sound_horizon(model, z, ombh2) -> np.ndarray:
    r"""Comoving sound horizon :math:`r_s(z) = \int_z^\infty c_s(z')\,dz'/H(z')` in Mpc.

    :math:`c_s = c/\sqrt{3(1+R_b)}`, :math:`R_b = \frac{3\omega_b}{4\omega_\gamma}\frac{1}{1+z}`;
    H(z) is the model's own (:meth:`~symphys.cosmology.models._FLRW.efunc`, radiation
    included: the model needs ``Tcmb0 > 0``). The integral is done in ln a from a = 1e-12 to
    1/(1+z) with 64-point Gauss-Legendre quadrature on 12 panels (the integrand is smooth in
    ln a; checked against scipy's adaptive quadrature to 1e-7 in the tests).

    ``model`` may be a batch (shape ``batch``); ``z`` and ``ombh2`` broadcast with it.

    >>> from symphys.cosmology import FlatLambdaCDM, PLANCK18_RADIATION as P
    >>> m = FlatLambdaCDM(67.36, 0.3153, Tcmb0=P.Tcmb0, Neff=P.Neff, m_nu=P.m_nu)
    >>> 144.0 < float(sound_horizon(m, 1089.9, 0.02237)) < 145.0
    True
    """
    if not callable(getattr(model, "_efunc_batch", None)):   # an FLRW model (duck-typed: this
        raise TypeError(f"model must be an FLRW DistanceModel, "   # module sits below models)
                        f"got {type(model).__name__}")
    rad = getattr(model, "radiation", None)
    if rad is None or not rad.on:
        raise ValueError("sound_horizon needs a model with radiation (Tcmb0 > 0)")
    batch = model.batch_shape
    try:
        z = np.broadcast_to(_reals(z, "z", lo=0.0, lo_open=False, hi=1e12), batch)
        wb = np.broadcast_to(_reals(ombh2, "ombh2", lo=0.0, hi=1.0), batch)
    except ValueError as exc:
        if "broadcast" not in str(exc):
            raise
        raise ValueError(f"z and ombh2 must broadcast to the model's batch shape {batch}") \
            from None
    lna_hi = -np.log1p(z)                        # batch
    lna_lo = np.full(batch, math.log(1e-12))
    panels = 12
    edges = lna_lo[..., None] + (lna_hi - lna_lo)[..., None] * np.linspace(0, 1, panels + 1)
    lo, hi = edges[..., :-1], edges[..., 1:]     # batch + (panels,)
    half = 0.5 * (hi - lo)
    nodes = (0.5 * (hi + lo))[..., None] + half[..., None] * _SH_X     # batch + (P, 64)
    a = np.exp(nodes)
    zz = 1.0 / a - 1.0
    flat = zz.reshape(batch + (-1,))
    e = model._efunc_batch(flat).reshape(zz.shape)                    # E(z) per member
    rb = 3.0 * wb[..., None, None] / (4.0 * rad.omega_gamma) * a
    cs = C_KMS / np.sqrt(3.0 * (1.0 + rb))
    h0 = model.params["H0"][..., None, None]
    # dz/H = -(1+z) dln a / H  ->  int_{ln a_lo}^{ln a_hi} c_s / (a H) dln a
    integrand = cs / (a * h0 * e)
    return np.sum(integrand * half[..., None] * _SH_W, axis=(-2, -1))
