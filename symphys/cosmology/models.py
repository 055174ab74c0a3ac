r"""Distance-redshift models: the Higgs-dilaton varying-c (VSL) model and standard baselines.

The VSL model is that of H. K. Nguyen (arXiv:2408.02583, arXiv:2412.05262), derived in
:mod:`symphys.cosmology.derivation`; the baselines are the FLRW models of astropy.cosmology.

Conventions (all models)
------------------------
* Distances in Mpc, H0 in km/s/Mpc, c0 = 299792.458 km/s (the speed of light today).
* ``luminosity_distance(z_cmb, *, z_hel=None)``: the distance part (comoving distance, curvature)
  is evaluated at the CMB-frame redshift ``z_cmb`` and the (1+z) prefactor at the heliocentric
  ``z_hel`` (the cobaya / Pantheon convention); ``z_hel=None`` uses ``z_cmb`` for both, which
  is astropy's ``luminosity_distance(z)``.
* Distance modulus ``mu = 5 log10(d_L / Mpc) + 25``.
* No radiation or neutrinos by default (astropy's ``Tcmb0=0``, its default): late-time
  supernova models. The FLRW models take the keyword-only options ``Tcmb0``, ``Neff``, ``m_nu``
  (astropy's treatment of photons and massless/massive neutrinos; tested against astropy to
  1e-6 mag and 1e-4 in H(z) at z = 1100), which the CMB priors need.
* D_H(z) = dD_C/dz (:meth:`DistanceModel.radial_distance`; c/H(z) in FLRW models) for BAO.
* Batching: every parameter may be an array of shape ``batch``; ``z`` has shape ``zshape``;
  results have shape ``batch + zshape``. Scalars give ``zshape``.

Standard models agree with astropy.cosmology to better than 1e-6 mag (tested for
1e-3 <= z <= 1e4). Their comoving distances are closed forms where they exist (Einstein-de
Sitter, Milne) and otherwise a cumulative Gauss-Legendre quadrature in ``u = ln(1+z)``
(:math:`D_C = D_H \int_0^{\ln(1+z)} e^u / E(e^u - 1)\,du`; 4 nodes per interval, intervals at
most 0.025 wide in u, knots at the sorted input redshifts), checked against scipy's adaptive
quadrature to 1e-11 relative and against closed forms up to z = 1e12 (tested). The cost grows
only as ln(1+z): at most ``ceil(ln(1 + MAX_REDSHIFT)/0.025) = 1106`` grid intervals beyond the
input redshifts.

Domain (stated, deterministic): ``0 <= z <= MAX_REDSHIFT = 1e12`` (z = 0 gives d_L = 0 and a
distance modulus of -inf, astropy's behaviour) (ValueError beyond; no
radiation is modelled, so these late-time models mean nothing physically long before that).
Parameter sets whose expansion rate E(z)^2 reaches 0 within the requested redshifts (no big
bang: the universe bounces, e.g. ``LambdaCDM(70, 0.3, 10.0)``) raise ValueError naming the
bounce redshift, found in closed form (the minimum of E^2 on the requested range); so does a
redshift beyond the antipode of a closed universe (D_M <= 0, no distance modulus) and a
distance that overflows float64. Empty redshift arrays give empty results.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from symphys.cosmology.constants import C_KMS, GYR_KM_S_MPC

__all__ = [
    "C_KMS", "MAX_REDSHIFT", "DistanceModel", "VaryingC", "FlatLambdaCDM", "LambdaCDM", "FlatwCDM",
    "wCDM", "Flatw0waCDM", "w0waCDM",
    "EinsteinDeSitter", "Milne", "MODELS", "get_model",
]

_GL_X, _GL_W = np.polynomial.legendre.leggauss(4)
#: largest width of a quadrature interval in u = ln(1+z)
_MAX_STEP = 0.025

#: the largest redshift any model accepts (ValueError beyond): the quadrature then needs at
#: most ceil(ln(1 + 1e12) / 0.025) = 1106 intervals besides the input redshifts
MAX_REDSHIFT = 1e12


def _as_real(value, name: str) -> np.ndarray:
    """``value`` as a float array; TypeError naming ``name`` for None, strings, complex."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a real number or array of them, "
                        f"got {type(value).__name__}")
    if np.iscomplexobj(value):
        raise TypeError(f"{name} must be a real number or array of them, got complex values")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number or array of them, "
                        f"got {type(value).__name__}") from None


def _as_z(z, name: str) -> np.ndarray:
    arr = _as_real(z, name)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if arr.size and np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 (got min {arr.min():g})")
    if arr.size and np.any(arr > MAX_REDSHIFT):
        raise ValueError(f"{name}={arr.max():g} exceeds the supported range "
                         f"0 <= z <= MAX_REDSHIFT = {MAX_REDSHIFT:g}")
    return arr


class DistanceModel(ABC):
    """Base class: a cosmological model with named (batched) parameters.

    Subclasses set ``param_names``, ``defaults``, ``domain`` (open/closed bounds of validity,
    used as default flat priors) and implement :meth:`_distance` (the part of d_L evaluated at
    z_cmb) and optionally :meth:`_prefactor`.

    A model is built from its parameters in ``param_names`` order, positionally or by name, as
    astropy's models are (``FlatLambdaCDM(70, 0.3)``, ``VaryingC(47.2, q=1.3)``); missing ones
    take ``defaults``. Each may be an array (a batch of models, broadcast together).

    >>> FlatLambdaCDM(70, 0.3).param_names
    ('H0', 'Om')
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    param_names: ClassVar[tuple[str, ...]] = ("H0",)
    defaults: ClassVar[dict[str, float]] = {"H0": 70.0}
    domain: ClassVar[dict[str, tuple[float, float]]] = {"H0": (20.0, 150.0)}

    #: keyword-only options that are not parameters (FLRW models: the radiation content)
    options: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args, **kwargs) -> None:
        opts = {k: kwargs.pop(k) for k in list(kwargs) if k in self.options}
        self._set_options(**opts)
        if len(args) > len(self.param_names):
            raise TypeError(f"{type(self).__name__} takes at most {len(self.param_names)} "
                            f"parameters {self.param_names}, got {len(args)}")
        values = dict(self.defaults)
        for name, value in zip(self.param_names, args, strict=False):
            values[name] = value
        for name, value in kwargs.items():
            if name not in self.param_names:
                raise TypeError(f"unknown parameter {name!r} for {type(self).__name__}; "
                                f"expected one of {self.param_names}")
            values[name] = value
        missing = [n for n in self.param_names if n not in values]
        if missing:
            raise TypeError(f"{type(self).__name__} needs parameters {missing}")
        arrays = {n: _as_real(values[n], n) for n in self.param_names}
        try:
            shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
        except ValueError as exc:
            raise ValueError(f"parameter shapes do not broadcast: "
                             f"{ {n: a.shape for n, a in arrays.items()} }") from exc
        for n, a in arrays.items():
            if not np.all(np.isfinite(a)):
                raise ValueError(f"parameter {n} contains NaN or infinite values")
        self.batch_shape: tuple[int, ...] = shape
        self.params: dict[str, np.ndarray] = {n: np.broadcast_to(a, shape)
                                              for n, a in arrays.items()}
        self._validate()

    def _set_options(self, **options) -> None:
        if options:
            raise TypeError(f"{type(self).__name__} takes no options {sorted(options)}")

    def _validate(self) -> None:
        if np.any(self.params["H0"] <= 0):
            raise ValueError("H0 must be > 0 km/s/Mpc")

    @classmethod
    def _invalid(cls, params: dict[str, np.ndarray]) -> np.ndarray:
        """Where the parameters lie outside the model's validity domain (the rules of
        ``_validate``, as a boolean mask instead of an exception)."""
        return ~(np.asarray(params["H0"]) > 0)

    @classmethod
    def _from_columns(cls, columns: dict[str, np.ndarray], n: int, **options) -> DistanceModel:
        """Fast constructor for the likelihood: every parameter a float array of shape (n,)
        (or a scalar), no finiteness checks (non-finite input yields NaN distances). The
        caller has removed the rows where :meth:`_invalid` holds."""
        self = cls.__new__(cls)
        self._set_options(**options)
        self.batch_shape = (n,)
        self.params = {k: np.broadcast_to(np.asarray(columns[k], dtype=float), (n,))
                       for k in cls.param_names}
        self._validate()
        return self

    def _modulus_unchecked(self, z_cmb: np.ndarray, z_hel: np.ndarray) -> np.ndarray:
        """distance_modulus for already validated 1-d redshift arrays."""
        d = self._prefactor(z_hel) * self._distance(z_cmb)
        with np.errstate(invalid="ignore", divide="ignore"):
            return 5.0 * np.log10(np.where(d > 0, d, np.nan)) + 25.0

    def _p(self, name: str, zndim: int) -> np.ndarray:
        return self.params[name].reshape(self.batch_shape + (1,) * zndim)

    def __repr__(self) -> str:
        parts = ", ".join(f"{n}={np.array2string(self.params[n], precision=6)}"
                          for n in self.param_names)
        return f"{type(self).__name__}({parts})"

    # -- to implement -------------------------------------------------------------------
    @abstractmethod
    def _distance(self, z: np.ndarray) -> np.ndarray:
        """Transverse comoving distance D_M(z) in Mpc, shape batch + z.shape."""

    def _prefactor(self, z_hel: np.ndarray) -> np.ndarray:
        return 1.0 + z_hel

    def _check_range(self, zmax: float) -> None:
        """Raise ValueError when the model is undefined somewhere on (0, zmax]."""
        return None

    def _checked(self, zc: np.ndarray, zh: np.ndarray | None, what: str) -> np.ndarray:
        """D_M (zh None) or d_L for validated redshifts, refusing undefined or overflowing
        results in words."""
        shape = self.batch_shape + zc.shape
        if zc.size == 0:
            return np.zeros(shape)
        self._check_range(float(zc.max()))
        with np.errstate(over="ignore", invalid="ignore"):
            d = self._distance(zc)
            if zh is not None:
                d = self._prefactor_b(zh) * d
        d = np.broadcast_to(d, shape)
        if not np.all(np.isfinite(d)):
            bad = np.unravel_index(int(np.argmin(np.isfinite(d))), shape)
            raise ValueError(f"{self!r}: the {what} overflows float64 (or is undefined) at "
                             f"z = {zc[bad[len(self.batch_shape):]]:g}"
                             + (f" for batch index {bad[:len(self.batch_shape)]}"
                                if self.batch_shape else ""))
        return d

    # -- public -------------------------------------------------------------------------
    def comoving_transverse_distance(self, z) -> np.ndarray:
        """Transverse comoving distance D_M(z) in Mpc, shape ``batch + z.shape``.

        For :class:`VaryingC` this is the comoving distance r(z) of the light ray. Redshifts
        must satisfy ``0 <= z <= MAX_REDSHIFT``; a model without a big bang below the largest
        z raises ValueError.

        >>> round(float(Milne(70).comoving_transverse_distance(1.0)), 3)  # (c/H0) * 3/4
        3212.062
        """
        return self._checked(_as_z(z, "z"), None, "comoving distance")

    def luminosity_distance(self, z_cmb, *, z_hel=None) -> np.ndarray:
        """Luminosity distance in Mpc, shape ``batch + z.shape`` (prefactor at ``z_hel``).

        >>> float(EinsteinDeSitter(70).luminosity_distance(3.0)) == 2 * C_KMS / 70 * 4 * 0.5
        True
        """
        zc = _as_z(z_cmb, "z_cmb")
        zh = zc if z_hel is None else _as_z(z_hel, "z_hel")
        if zh.shape != zc.shape:
            raise ValueError(f"z_hel shape {zh.shape} != z_cmb shape {zc.shape}")
        return self._checked(zc, zh, "luminosity distance")

    def _prefactor_b(self, z_hel: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self._prefactor(z_hel), self.batch_shape + z_hel.shape)

    def distance_modulus(self, z_cmb, *, z_hel=None) -> np.ndarray:
        """Distance modulus 5 log10(d_L/Mpc) + 25, shape ``batch + z.shape``.

        A redshift at or beyond the antipode of a closed universe (D_M <= 0) has no distance
        modulus: ValueError.

        >>> m = FlatLambdaCDM(H0=[60.0, 70.0], Om=0.3).distance_modulus([0.1, 1.0])
        >>> m.shape
        (2, 2)
        """
        d = self.luminosity_distance(z_cmb, z_hel=z_hel)
        zc = np.broadcast_to(_as_real(z_cmb, "z_cmb"), d.shape[len(self.batch_shape):])
        zc = np.broadcast_to(zc, d.shape)
        if np.any((d <= 0) & (zc > 0)):
            raise ValueError(f"{self!r}: z_cmb reaches the antipode of this closed universe "
                             "(D_M <= 0 there), where the distance modulus is undefined")
        with np.errstate(divide="ignore"):
            return 5.0 * np.log10(d) + 25.0  # -inf at z = 0 (d_L = 0), as astropy

    def _radial(self, z: np.ndarray) -> np.ndarray:
        """D_H(z) = dD_C/dz in Mpc for validated z, shape batch + z.shape."""
        raise NotImplementedError(f"{type(self).__name__} has no radial distance")

    def radial_distance(self, z) -> np.ndarray:
        """The radial BAO distance D_H(z) = dD_C/dz in Mpc (c/H(z) in FLRW models), shape
        ``batch + z.shape``: a comoving radial separation dr corresponds to a redshift interval
        dz = dr / D_H. For :class:`VaryingC` see :meth:`VaryingC._radial`.

        >>> round(float(EinsteinDeSitter(70).radial_distance(3.0) * 70 / C_KMS), 6)  # 4^-1.5
        0.125
        """
        zz = _as_z(z, "z")
        self._check_range(float(zz.max()) if zz.size else 0.0)
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.broadcast_to(self._radial(zz), self.batch_shape + zz.shape)
        if not np.all(np.isfinite(out)):
            raise ValueError(f"{self!r}: D_H is undefined (E^2 <= 0) at a requested redshift")
        return out

    def hubble_distance(self) -> np.ndarray:
        """c0 / H0 in Mpc, shape ``batch``.

        >>> Milne([50.0, 100.0]).hubble_distance()
        array([5995.84916, 2997.92458])
        """
        return C_KMS / self.params["H0"]


_NODE_CACHE: dict[bytes, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def _quadrature_nodes(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes in u = ln(1+z) on the intervals between 0, the sorted ln(1+z) of the
    input and a grid of step <= ``_MAX_STEP``: returns the nodes as redshifts ``(K, 4)``, the
    weights for integrating in z (the u-weights times dz/du = 1+z) ``(K, 4)``, and ``pick``,
    which indexes the cumulative sums at the input redshifts (ravelled). At most
    ``ceil(ln(1+z_max)/_MAX_STEP)`` grid intervals (1106 at MAX_REDSHIFT) besides the inputs.
    Cached per redshift array (a fit evaluates the same redshifts many times)."""
    key = z.tobytes()
    hit = _NODE_CACHE.get(key)
    if hit is not None:
        return hit
    zs, inverse = np.unique(z.ravel(), return_inverse=True)
    us = np.log1p(zs)
    nstep = int(np.ceil(us[-1] / _MAX_STEP))
    knots = np.union1d(np.linspace(0.0, us[-1], nstep + 1), us)
    lo, hi = knots[:-1], knots[1:]
    half = 0.5 * (hi - lo)
    nodes_u = (0.5 * (hi + lo))[:, None] + half[:, None] * _GL_X
    weights = half[:, None] * _GL_W * np.exp(nodes_u)
    nodes = np.expm1(nodes_u)
    pick = np.searchsorted(knots, us)[inverse]
    if len(_NODE_CACHE) >= 16:
        _NODE_CACHE.pop(next(iter(_NODE_CACHE)))
    for arr in (nodes, weights, pick):
        arr.setflags(write=False)
    _NODE_CACHE[key] = (nodes, weights, pick)
    return nodes, weights, pick


class _FLRW(DistanceModel):
    r"""FLRW models with E(z) = H(z)/H0; D_C by cumulative Gauss-Legendre quadrature in ln(1+z).

    Subclasses give ``_e2(x)`` (E^2 at x = 1+z) and, where E^2 can have an interior minimum on
    x >= 1, its location ``_e2_stationary()``; the big-bang check uses them in closed form
    (without radiation; with radiation, or for models without a closed form, E^2 is checked on
    a grid of ``_GRID_CHECK`` points in ln(1+z) besides the end point).

    Radiation (keyword-only options, astropy's treatment, see
    :mod:`symphys.cosmology.background`): ``Tcmb0`` (K; default 0: none), ``Neff`` (default
    3.046), ``m_nu`` (eV; one number = each species, astropy's convention). With radiation,
    :math:`E^2` gains :math:`\Omega_\gamma (1 + \rho_\nu/\rho_\gamma)(z)\,(1+z)^4`, ``Om``
    is the matter *without* the neutrinos (as in astropy) and the flat models take
    :math:`\Omega_{de} = 1 - \Omega_m - \Omega_r` (curved ones
    :math:`\Omega_k = 1 - \Omega_m - \Omega_{de} - \Omega_r`), Omega_r = the radiation and
    neutrino density today."""

    options = ("Tcmb0", "Neff", "m_nu")
    #: grid points (in ln(1+z)) of the big-bang check where no closed form is used
    _GRID_CHECK = 2048
    #: whether the closed-form big-bang check is complete for this class (without radiation)
    _closed_form_check = True

    def _set_options(self, Tcmb0: float = 0.0, Neff: float = 3.046, m_nu=0.0) -> None:
        from symphys.cosmology.background import Radiation

        self.radiation = (Tcmb0 if isinstance(Tcmb0, Radiation)
                          else Radiation(Tcmb0, Neff=Neff, m_nu=m_nu))

    def _or0(self) -> np.ndarray:
        """Omega_r today, shape batch (0 without radiation)."""
        if not self.radiation.on:
            return np.zeros(self.batch_shape)
        return self.radiation._omega_r(self.params["H0"] / 100.0, 0.0)

    def _rad(self, x: np.ndarray) -> np.ndarray | float:
        """The radiation term of E^2 at x = 1+z (shape batch + (m,)); 0 without radiation."""
        if not self.radiation.on:
            return 0.0
        h = self.params["H0"][..., None] / 100.0
        og = self.radiation.omega_gamma / h**2
        # x is usually one row of redshifts broadcast over the batch: the neutrino density
        # depends on z only, so evaluate it once per distinct row
        nb = x.ndim - 1
        if nb and all(st == 0 for st in x.strides[:nb]):
            row = x[(0,) * nb]
            return og * ((1.0 + self.radiation._nu_rel(row - 1.0)) * row**4)
        return og * (1.0 + self.radiation._nu_rel(x - 1.0)) * x**4

    @abstractmethod
    def _e2(self, x: np.ndarray) -> np.ndarray:
        """E(z)^2 at x = 1 + z, for x of shape ``batch + (m,)``."""

    def _efunc_batch(self, zz: np.ndarray) -> np.ndarray:
        """E(z) for redshifts of shape batch + (m,) (NaN where E^2 <= 0)."""
        with np.errstate(invalid="ignore", over="ignore"):
            e2 = self._e2(1.0 + zz)
            return np.where(e2 > 0, np.sqrt(np.where(e2 > 0, e2, 1.0)), np.nan)

    def _radial(self, z: np.ndarray) -> np.ndarray:
        flat = np.broadcast_to(z.reshape((1,) * len(self.batch_shape) + (-1,)),
                               self.batch_shape + (z.size,))
        e = self._efunc_batch(flat).reshape(self.batch_shape + z.shape)
        return C_KMS / self._p("H0", z.ndim) / e

    def efunc(self, z) -> np.ndarray:
        """E(z) = H(z)/H0, shape ``batch + z.shape``; ValueError where E^2 <= 0 (no big bang:
        the model is undefined there, never NaN).

        >>> round(float(FlatLambdaCDM(70, 0.3).efunc(1.0)), 6)  # sqrt(0.3 * 8 + 0.7)
        1.760682
        >>> FlatwCDM(70, 1.5, 0.3).efunc(3.0)
        Traceback (most recent call last):
        ...
        ValueError: FlatwCDM(H0=70, Om=1.5, w=0.3) has no big bang: ...
        """
        zz = _as_z(z, "z")
        if zz.size:
            self._check_range(float(zz.max()))
        flat = np.broadcast_to(zz.reshape((1,) * len(self.batch_shape) + (-1,)),
                               self.batch_shape + (zz.size,))
        return self._efunc_batch(flat).reshape(self.batch_shape + zz.shape)

    def hubble_parameter(self, z) -> np.ndarray:
        """H(z) in km/s/Mpc, shape ``batch + z.shape`` (ValueError where E^2 <= 0).

        >>> round(float(FlatLambdaCDM(70, 0.3).hubble_parameter(0.0)), 6)
        70.0
        """
        e = self.efunc(z)
        return self.params["H0"].reshape(self.batch_shape + (1,) * (e.ndim - len(
            self.batch_shape))) * e

    def Ok0(self) -> np.ndarray:
        """The curvature density Omega_k today, shape ``batch`` (0 for flat models).

        >>> float(LambdaCDM(70, 0.3, 0.6).Ok0())
        0.1
        """
        return np.array(self._ok(), dtype=float) + np.zeros(self.batch_shape)

    def deceleration(self) -> np.ndarray:
        """The deceleration parameter today q0 = -a a''/a'^2 = (1/2) dE^2/dx|_{x=1} - 1
        (central difference, step 1e-5), shape ``batch``.

        >>> round(float(FlatLambdaCDM(70, 0.3).deceleration()), 6)  # 3 Om / 2 - 1
        -0.55
        """
        h = 1e-5
        x = np.broadcast_to(np.array([1.0 - h, 1.0 + h]), self.batch_shape + (2,))
        e2 = self._e2(x)
        return 0.25 * (e2[..., 1] - e2[..., 0]) / h - 1.0

    def age(self) -> np.ndarray:
        """The age of the universe t0 = int_0^1 da / (a H) in Gyr, shape ``batch`` (NaN where
        E^2 <= 0 on the way; 64-point Gauss-Legendre on 24 panels in ln a down to a = 1e-12).

        >>> round(float(FlatLambdaCDM(70, 1.0).age()), 5) == round(2 / 3 / 70 * GYR_KM_S_MPC, 5)
        True
        >>> from astropy.cosmology import FlatLambdaCDM as A
        >>> bool(abs(float(FlatLambdaCDM(70, 0.3).age()) - A(70, 0.3).age(0).value) < 1e-6)
        True
        """
        x, w = np.polynomial.legendre.leggauss(64)
        edges = np.linspace(np.log(1e-12), 0.0, 25)
        lo, hi = edges[:-1], edges[1:]
        half = 0.5 * (hi - lo)
        lna = ((0.5 * (hi + lo))[:, None] + half[:, None] * x).ravel()
        wts = (half[:, None] * w).ravel()
        zz = np.broadcast_to(np.expm1(-lna), self.batch_shape + lna.shape)
        with np.errstate(over="ignore", invalid="ignore"):
            e = self._efunc_batch(zz)
            val = np.sum(wts / e, axis=-1)
        return val / self.params["H0"] * GYR_KM_S_MPC

    def _e2_sign(self, x: np.ndarray) -> np.ndarray:
        """A function with the sign of E^2 (E^2 itself unless it can underflow), same shapes."""
        return self._e2(x)

    def _e2_stationary(self) -> np.ndarray | None:
        """Where E^2 (as a function of x = 1+z) may have an interior minimum, shape batch."""
        return None

    def _inv_efunc(self, zz: np.ndarray) -> np.ndarray:
        """1/E(z) for an array of nodes zz, shape batch + zz.shape (NaN where E^2 <= 0)."""
        x = (1.0 + zz).reshape((1,) * len(self.batch_shape) + (-1,))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            e2 = self._e2(np.broadcast_to(x, self.batch_shape + x.shape[-1:]))
            inv = np.where(e2 > 0, 1.0 / np.sqrt(np.where(e2 > 0, e2, 1.0)), np.nan)
        return inv.reshape(self.batch_shape + zz.shape)

    def _check_range(self, zmax: float) -> None:
        # E^2(1) = 1 > 0; E^2 <= 0 somewhere on [1, 1+zmax] iff its minimum there is <= 0, and
        # that minimum lies at 1+zmax or at a stationary point inside (closed form); with
        # radiation, or without a closed form, also on a grid in ln(1+z)
        xmax = 1.0 + zmax
        cand = [np.full(self.batch_shape, xmax)]
        if self.radiation.on or not self._closed_form_check:
            grid = np.exp(np.linspace(0.0, np.log(xmax), self._GRID_CHECK))
            cand.extend(np.full(self.batch_shape, g) for g in grid[1:-1])
        stat = self._e2_stationary()
        if stat is not None:
            with np.errstate(invalid="ignore"):
                cand.append(np.where(np.isfinite(stat), np.clip(stat, 1.0, xmax), xmax))
        xs = np.stack(cand, axis=-1)
        with np.errstate(over="ignore", invalid="ignore"):
            e2 = self._e2_sign(xs)
        bad = ~(e2 > 0)
        if not np.any(bad):
            return
        idx = np.unravel_index(int(np.argmax(bad)), bad.shape)
        member, where = idx[:-1], xs[idx]
        lo, hi = 1.0, float(where)   # E^2(lo) > 0 >= E^2(hi): bisect for the bounce

        def e2_at(x: float) -> float:
            full = np.full(self.batch_shape + (1,), x)
            with np.errstate(over="ignore", invalid="ignore"):
                return float(self._e2_sign(full)[member + (0,)])

        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if mid in (lo, hi):
                break
            lo, hi = (mid, hi) if e2_at(mid) > 0 else (lo, mid)
        params = ", ".join(f"{n}={self.params[n][member]:g}" for n in self.param_names)
        raise ValueError(
            f"{type(self).__name__}({params}) has no big bang: E(z)^2 reaches 0 at "
            f"z = {hi - 1.0:.6g} (the universe bounces there, H^2 < 0 beyond), so distances "
            f"are undefined at the requested z up to {zmax:g}"
            + (f" (batch index {member})" if self.batch_shape else ""))

    def _validate(self) -> None:
        super()._validate()
        if np.any(self.params["Om"] < 0):
            raise ValueError("Om must be >= 0")

    @classmethod
    def _invalid(cls, params):
        return super()._invalid(params) | ~(np.asarray(params["Om"]) >= 0)

    def _ok(self) -> np.ndarray:
        """Omega_k today: ``1 - Om - Ode - Omega_r`` for the curved models (those with an
        ``Ode`` parameter), 0 for the flat ones."""
        if "Ode" not in self.param_names:
            return np.zeros(self.batch_shape)
        return 1.0 - self.params["Om"] - self.params["Ode"] - self._or0()

    def _comoving_distance(self, z: np.ndarray) -> np.ndarray:
        nodes, weights, pick = _quadrature_nodes(z)
        vals = self._inv_efunc(nodes)  # batch + (K, 4)
        seg = np.sum(vals * weights, axis=-1)
        cum = np.concatenate([np.zeros(self.batch_shape + (1,)), np.cumsum(seg, axis=-1)], -1)
        at = cum[..., pick]
        dh = self.hubble_distance()[..., None]
        return (dh * at).reshape(self.batch_shape + z.shape)

    def _distance(self, z: np.ndarray) -> np.ndarray:
        dc = self._comoving_distance(z)
        ok = self._p_ok(z.ndim)
        if not np.any(ok):
            return dc
        dh = C_KMS / self._p("H0", z.ndim)
        sq = np.sqrt(np.abs(ok))
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            x = sq * dc / dh
            curved = np.where(ok > 0, np.sinh(x), np.sin(x)) * dh / np.where(sq > 0, sq, 1.0)
        return np.where(ok == 0, dc, curved)

    def _transverse_each(self, z: np.ndarray) -> np.ndarray:
        """D_M of member i at its own redshift z[i] (z of shape batch): Gauss-Legendre in
        u = ln(1+z) on the member's own grid of ``ceil(ln(1+max z)/_MAX_STEP)`` equal panels
        (4 nodes each, as :meth:`_comoving_distance`); cost linear in the batch."""
        z = np.broadcast_to(np.asarray(z, dtype=float), self.batch_shape)
        umax = np.log1p(z)
        panels = max(1, int(np.ceil(float(np.max(umax, initial=0.0)) / _MAX_STEP)))
        edges = umax[..., None] * np.linspace(0.0, 1.0, panels + 1)
        lo, hi = edges[..., :-1], edges[..., 1:]
        half = 0.5 * (hi - lo)
        u = (0.5 * (hi + lo))[..., None] + half[..., None] * _GL_X      # batch + (P, 4)
        zz = np.expm1(u).reshape(self.batch_shape + (-1,))
        inv = 1.0 / self._efunc_batch(zz)
        w = (half[..., None] * _GL_W * np.exp(u)).reshape(self.batch_shape + (-1,))
        dh = C_KMS / self.params["H0"]
        dc = dh * np.sum(inv * w, axis=-1)
        ok = np.broadcast_to(np.asarray(self._ok(), dtype=float), self.batch_shape)
        sq = np.sqrt(np.abs(ok))
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            x = sq * dc / dh
            curved = np.where(ok > 0, np.sinh(x), np.sin(x)) * dh / np.where(sq > 0, sq, 1.0)
        return np.where(ok == 0, dc, curved)

    def _p_ok(self, zndim: int) -> np.ndarray:
        return self._ok().reshape(self.batch_shape + (1,) * zndim)

    def _col(self, name: str) -> np.ndarray:
        return self.params[name][..., None]


class FlatLambdaCDM(_FLRW):
    r"""Flat Lambda-CDM: :math:`E(z)^2 = \Omega_m (1+z)^3 + 1 - \Omega_m`.

    >>> from astropy.cosmology import FlatLambdaCDM as A
    >>> ours = FlatLambdaCDM(70, 0.3).distance_modulus(0.5)
    >>> bool(abs(float(ours) - A(70, 0.3).distmod(0.5).value) < 1e-6)
    True
    """

    name = "lcdm"
    label = "flat ΛCDM"
    param_names = ("H0", "Om")
    defaults = {"H0": 70.0, "Om": 0.3}
    domain = {"H0": (20.0, 150.0), "Om": (0.0, 1.0)}

    def _e2(self, x):
        om = self._col("Om")
        return om * x**3 + (1.0 - om - self._or0()[..., None]) + self._rad(x)


class LambdaCDM(_FLRW):
    r"""Lambda-CDM with curvature: :math:`E^2 = \Omega_m(1+z)^3 + \Omega_k(1+z)^2 + \Omega_\Lambda`,
    :math:`\Omega_k = 1 - \Omega_m - \Omega_\Lambda`; :math:`D_M = D_H \sinh(\sqrt{\Omega_k}
    D_C/D_H)/\sqrt{\Omega_k}` (sin for :math:`\Omega_k < 0`). Parameter sets with no big bang
    (E^2 <= 0 on the way to the requested z, e.g. ``LambdaCDM(70, 0.3, 10.0)``, which bounces
    at z = 0.055) raise ValueError naming the bounce redshift.

    >>> from astropy.cosmology import LambdaCDM as A
    >>> ours = LambdaCDM(70, 0.3, 0.8).distance_modulus(1.2)
    >>> bool(abs(float(ours) - A(70, 0.3, 0.8).distmod(1.2).value) < 1e-6)
    True
    """

    name = "olcdm"
    label = "ΛCDM + curvature"
    param_names = ("H0", "Om", "Ode")
    defaults = {"H0": 70.0, "Om": 0.3, "Ode": 0.7}
    domain = {"H0": (20.0, 150.0), "Om": (0.0, 1.5), "Ode": (-1.0, 2.0)}

    def _e2(self, x):
        om, ode = self._col("Om"), self._col("Ode")
        return om * x**3 + self._ok()[..., None] * x**2 + ode + self._rad(x)

    def _e2_stationary(self):
        # d/dx (Om x^3 + Ok x^2) = 0 at x = -2 Ok / (3 Om) (a minimum when positive)
        om, ok = self.params["Om"], self._ok()
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(om > 0, -2.0 * ok / (3.0 * np.where(om > 0, om, 1.0)), np.inf)


class FlatwCDM(_FLRW):
    r"""Flat wCDM: :math:`E^2 = \Omega_m(1+z)^3 + (1-\Omega_m)(1+z)^{3(1+w)}` (constant w).

    >>> from astropy.cosmology import FlatwCDM as A
    >>> ours = FlatwCDM(70, 0.3, -0.9).distance_modulus(1.0)
    >>> bool(abs(float(ours) - A(70, 0.3, w0=-0.9).distmod(1.0).value) < 1e-6)
    True
    """

    name = "wcdm"
    label = "flat wCDM"
    param_names = ("H0", "Om", "w")
    defaults = {"H0": 70.0, "Om": 0.3, "w": -1.0}
    domain = {"H0": (20.0, 150.0), "Om": (0.0, 1.0), "w": (-3.0, 0.5)}

    def _e2(self, x):
        # E^2 = x^3 (Om + (1 - Om) x^(3w)): the bracket is monotonic in x, so E^2 <= 0 on
        # [1, x_max] iff it is <= 0 at x_max (only for Om > 1, w > 0)
        om, w = self._col("Om"), self._col("w")
        ode = 1.0 - om - self._or0()[..., None]
        return om * x**3 + ode * x ** (3.0 * (1.0 + w)) + self._rad(x)

    def _e2_sign(self, x):
        # the sign of Om + (1 - Om) x^(3w), in logs (no underflow): only Om > 1 with w > 0
        # can reach 0, at x^(3w) = Om / (Om - 1)
        if self.radiation.on:
            return self._e2(x)
        om, w = self._col("Om"), self._col("w")
        risky = (om > 1.0) & (w > 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = np.log(om / np.where(risky, om - 1.0, 1.0)) - 3.0 * w * np.log(x)
        return np.where(risky, gap, 1.0)


class wCDM(_FLRW):
    r"""wCDM with curvature (constant w):
    :math:`E^2 = \Omega_m x^3 + \Omega_k x^2 + \Omega_{de} x^{3(1+w)}`, x = 1+z,
    :math:`\Omega_k = 1 - \Omega_m - \Omega_{de}` (astropy's ``wCDM``). The big-bang check
    uses a grid in ln(1+z) (no closed form).

    >>> from astropy.cosmology import wCDM as A
    >>> ours = wCDM(70, 0.3, 0.6, -0.9).distance_modulus(1.0)
    >>> bool(abs(float(ours) - A(70, 0.3, 0.6, w0=-0.9).distmod(1.0).value) < 1e-6)
    True
    """

    name = "owcdm"
    label = "wCDM + curvature"
    param_names = ("H0", "Om", "Ode", "w")
    defaults = {"H0": 70.0, "Om": 0.3, "Ode": 0.7, "w": -1.0}
    domain = {"H0": (20.0, 150.0), "Om": (0.0, 1.5), "Ode": (-1.0, 2.0), "w": (-3.0, 0.5)}
    _closed_form_check = False

    def _e2(self, x):
        om, ode, w = self._col("Om"), self._col("Ode"), self._col("w")
        return (om * x**3 + self._ok()[..., None] * x**2 + ode * x ** (3.0 * (1.0 + w))
                + self._rad(x))


def _cpl(x, w0, wa):
    """The CPL dark-energy density relative to today: x^(3(1+w0+wa)) exp(-3 wa (1 - 1/x))."""
    return x ** (3.0 * (1.0 + w0 + wa)) * np.exp(-3.0 * wa * (1.0 - 1.0 / x))


class Flatw0waCDM(_FLRW):
    r"""Flat CPL dark energy, :math:`w(a) = w_0 + w_a (1 - a)` (Chevallier & Polarski 2001,
    Linder 2003): :math:`E^2 = \Omega_m x^3 + (1-\Omega_m) x^{3(1+w_0+w_a)}
    e^{-3 w_a z/(1+z)}` (astropy's ``Flatw0waCDM``). Big-bang check on a grid in ln(1+z).

    >>> from astropy.cosmology import Flatw0waCDM as A
    >>> ours = Flatw0waCDM(70, 0.3, -0.8, -0.5).distance_modulus(1.0)
    >>> bool(abs(float(ours) - A(70, 0.3, w0=-0.8, wa=-0.5).distmod(1.0).value) < 1e-6)
    True
    """

    name = "w0wa"
    label = "flat w0waCDM"
    param_names = ("H0", "Om", "w0", "wa")
    defaults = {"H0": 70.0, "Om": 0.3, "w0": -1.0, "wa": 0.0}
    domain = {"H0": (20.0, 150.0), "Om": (0.0, 1.0), "w0": (-3.0, 1.0), "wa": (-3.0, 2.0)}
    _closed_form_check = False

    def _e2(self, x):
        om, w0, wa = self._col("Om"), self._col("w0"), self._col("wa")
        ode = 1.0 - om - self._or0()[..., None]
        return om * x**3 + ode * _cpl(x, w0, wa) + self._rad(x)


class w0waCDM(_FLRW):
    r"""CPL dark energy with curvature: :math:`E^2 = \Omega_m x^3 + \Omega_k x^2 +
    \Omega_{de}\,x^{3(1+w_0+w_a)} e^{-3 w_a z/(1+z)}` (astropy's ``w0waCDM``).

    >>> from astropy.cosmology import w0waCDM as A
    >>> ours = w0waCDM(70, 0.3, 0.65, -0.9, 0.2).distance_modulus(1.0)
    >>> bool(abs(float(ours) - A(70, 0.3, 0.65, w0=-0.9, wa=0.2).distmod(1.0).value) < 1e-6)
    True
    """

    name = "ow0wa"
    label = "w0waCDM + curvature"
    param_names = ("H0", "Om", "Ode", "w0", "wa")
    defaults = {"H0": 70.0, "Om": 0.3, "Ode": 0.7, "w0": -1.0, "wa": 0.0}
    domain = {"H0": (20.0, 150.0), "Om": (0.0, 1.5), "Ode": (-1.0, 2.0), "w0": (-3.0, 1.0),
              "wa": (-3.0, 2.0)}
    _closed_form_check = False

    def _e2(self, x):
        om, ode = self._col("Om"), self._col("Ode")
        w0, wa = self._col("w0"), self._col("wa")
        return (om * x**3 + self._ok()[..., None] * x**2 + ode * _cpl(x, w0, wa)
                + self._rad(x))


class EinsteinDeSitter(DistanceModel):
    r"""Einstein-de Sitter (flat, matter only, constant c): :math:`D_C = 2 D_H (1 - (1+z)^{-1/2})`.

    >>> from astropy.cosmology import FlatLambdaCDM as A
    >>> bool(abs(float(EinsteinDeSitter(70).distance_modulus(2.0))
    ...          - A(70, 1.0).distmod(2.0).value) < 1e-6)
    True
    """

    name = "eds"
    label = "Einstein-de Sitter"

    def _radial(self, z):
        return C_KMS / self._p("H0", z.ndim) * (1.0 + z) ** -1.5

    def _distance(self, z):
        dh = C_KMS / self._p("H0", z.ndim)
        return 2.0 * dh * (1.0 - 1.0 / np.sqrt(1.0 + z))


class Milne(DistanceModel):
    r"""Milne (empty, open, constant c): :math:`D_M = D_H \sinh\ln(1+z) = D_H z(2+z)/(2(1+z))`,
    so :math:`d_L = D_H z (1 + z/2)`.

    >>> from astropy.cosmology import LambdaCDM as A
    >>> bool(abs(float(Milne(70).distance_modulus(1.5)) - A(70, 0, 0).distmod(1.5).value) < 1e-6)
    True
    """

    name = "milne"
    label = "Milne"

    def _radial(self, z):
        return C_KMS / self._p("H0", z.ndim) / (1.0 + z)

    def _distance(self, z):
        dh = C_KMS / self._p("H0", z.ndim)
        return dh * z * (2.0 + z) / (2.0 * (1.0 + z))


class VaryingC(DistanceModel):
    r"""Varying speed of light in a power-law universe (H. K. Nguyen, arXiv:2412.05262).

    :math:`a = (t/t_0)^\mu`, :math:`c = c_0 a^{-\zeta}`, :math:`1+z = a^{-(1+\zeta)}`,
    :math:`H_0 = \mu/t_0`, :math:`p = \mu(1+\zeta)`:

    .. math:: r(z) = \frac{c_0 \mu}{H_0}\,\frac{(1+z)^{(p-1)/p} - 1}{p - 1}, \qquad
              d_L = (1+z_{hel})^q\, r(z_{cmb})

    and :math:`r = (c_0\mu/H_0)\ln(1+z)` at p = 1. The defaults mu = 2/3, zeta = 1/2 (the
    Higgs-dilaton model in an Einstein-de Sitter background, p = 1) and q = 1 give
    :math:`d_L = (2c_0/3H_0)(1+z)\ln(1+z)`. q is kept as a documented parameter because the
    d_L equation of arXiv:2412.05262 has not been confirmed here. Derived in
    :func:`symphys.cosmology.derive_vsl`.

    Convention for H0: here :math:`H_0 = \dot a/a` today :math:`= \mu/t_0`, *not* the slope of
    the low-redshift Hubble law. Because :math:`1+z = a^{-(1+\zeta)}`, a nearby source at
    distance d has :math:`z \approx (1+\zeta) H_0 d/c_0`, so
    :math:`c_0 z/d_L \to (1+\zeta) H_0` as z -> 0 (:meth:`hubble_law_slope`; 1.5 H0 for
    zeta = 1/2, e.g. 70.8 km/s/Mpc for the H0 = 47.2 of arXiv:2412.05262). Compare that slope,
    not H0, with the H0 of the standard models.

    >>> import numpy as np
    >>> d = float(VaryingC(70).luminosity_distance(1.0))
    >>> bool(np.isclose(d, 2 * C_KMS / (3 * 70) * 2 * np.log(2)))
    True
    """

    name = "vsl"
    label = "VSL (Higgs-dilaton)"
    param_names = ("H0", "mu", "zeta", "q")
    defaults = {"H0": 70.0, "mu": 2.0 / 3.0, "zeta": 0.5, "q": 1.0}
    domain = {"H0": (20.0, 150.0), "mu": (0.05, 5.0), "zeta": (-0.9, 5.0), "q": (-2.0, 4.0)}

    @classmethod
    def _invalid(cls, params):
        return (super()._invalid(params) | ~(np.asarray(params["mu"]) > 0)
                | ~(np.asarray(params["zeta"]) > -1))

    def _validate(self) -> None:
        super()._validate()
        if np.any(self.params["mu"] <= 0):
            raise ValueError("mu must be > 0 (expanding power law)")
        if np.any(self.params["zeta"] <= -1):
            raise ValueError("zeta must be > -1 (1 + z = a^-(1+zeta) must grow into the past)")

    def _distance(self, z):
        nd = z.ndim
        mu, zeta = self._p("mu", nd), self._p("zeta", nd)
        p = mu * (1.0 + zeta)
        s = (p - 1.0) / p
        lnz = np.log1p(z)
        small = np.abs(s) < 1e-8
        s_safe = np.where(small, 1.0, s)
        # (exp(s L) - 1)/(s p) -> L (1 + sL/2)/p as s -> 0 (the log limit at p = 1)
        shape = np.where(small, lnz * (1.0 + 0.5 * s * lnz), np.expm1(s_safe * lnz) / s_safe) / p
        return C_KMS * mu / self._p("H0", nd) * shape

    def _prefactor(self, z_hel):
        return (1.0 + z_hel) ** self._p("q", z_hel.ndim)

    def _radial(self, z):
        r"""D_H = dr/dz = c0 / ((1+zeta) H(z)), H(z) = H0 (1+z)^(1/p) (derived in
        :func:`symphys.cosmology.derive_vsl_bao`): the comoving radial separation per unit
        redshift of a light ray, c dt / a over dz."""
        nd = z.ndim
        mu, zeta = self._p("mu", nd), self._p("zeta", nd)
        p = mu * (1.0 + zeta)
        return C_KMS / ((1.0 + zeta) * self._p("H0", nd)) * (1.0 + z) ** (-1.0 / p)

    def hubble_law_slope(self) -> np.ndarray:
        """(1+zeta) H0 in km/s/Mpc, shape ``batch``: the limit of c0 z / d_L as z -> 0.

        >>> round(float(VaryingC(47.2).hubble_law_slope()), 1)
        70.8
        """
        return (1.0 + self.params["zeta"]) * self.params["H0"]

    def age(self) -> np.ndarray:
        """t0 = mu/H0 in Gyr, shape ``batch``.

        >>> round(float(VaryingC(47.2).age()), 2)
        13.81
        """
        return self.params["mu"] / self.params["H0"] * GYR_KM_S_MPC


MODELS: dict[str, type[DistanceModel]] = {
    cls.name: cls for cls in (VaryingC, FlatLambdaCDM, LambdaCDM, FlatwCDM, wCDM, Flatw0waCDM,
                              w0waCDM, EinsteinDeSitter, Milne)
}


def get_model(model: str | type[DistanceModel]) -> type[DistanceModel]:
    """The model class for a short name (``vsl, lcdm, olcdm, wcdm, owcdm, w0wa, ow0wa, eds,
    milne``) or a class.

    >>> get_model("lcdm").__name__
    'FlatLambdaCDM'
    """
    if isinstance(model, type) and issubclass(model, DistanceModel):
        return model
    if isinstance(model, str) and model.lower() in MODELS:
        return MODELS[model.lower()]
    raise ValueError(f"unknown model {model!r}; expected one of {sorted(MODELS)} "
                     "or a DistanceModel subclass")
