"""Symbolic derivation of the Higgs-dilaton varying-speed-of-light (VSL) cosmology.

The model is that of H. K. Nguyen: the mechanism in arXiv:2408.02583 and the supernova analysis
in arXiv:2412.05262. Two derivations, each from stated assumptions, with sympy:

1. :func:`derive_higgs_dilaton_scalings` -- the scalings of hbar, c, lengths and times with the
   dilaton chi in the Higgs-dilaton mechanism (arXiv:2408.02583), by dimensional analysis (a
   linear system for the exponents).
2. :func:`derive_vsl` -- the kinematics of a power-law universe ``a = (t/t0)^mu`` with light
   speed ``c = c0 a^(-zeta)`` (Barrow's VSL cosmology, J. D. Barrow, Phys. Rev. D 59, 043515
   (1999), arXiv:astro-ph/9811022; fitted to Pantheon in arXiv:2010.10292 and
   arXiv:2412.05262): the modified Lemaitre redshift ``1+z = a^-(1+zeta)``, the comoving
   distance r(z), the luminosity distance ``d_L = (1+z)^q r(z)`` and H0 <-> t0.

Exact numbers are sympy numbers throughout (``sympy.Rational`` for exponents); the numeric
callable ``VSLDerivation.distance_numeric`` works in float64.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy as sp

from symphys.cosmology.constants import C_KMS, GYR_KM_S_MPC

__all__ = ["VSLDerivation", "derive_vsl", "derive_higgs_dilaton_scalings", "GYR_KM_S_MPC",
           "VSLBAODerivation", "derive_vsl_bao",
           "EXPONENT_RANGE", "MAX_EXPONENT_DIGITS"]


def derive_higgs_dilaton_scalings() -> dict[str, sp.Expr]:
    r"""Exponents of the dilaton chi in hbar, c, lengths and times (arXiv:2408.02583).

    Write :math:`\hbar_* \propto \chi^{\alpha}`, :math:`c_* \propto \chi^{\beta}` for the
    constants of the Glashow-Weinberg-Salam replica in a patch where the dilaton has value chi.
    Assumptions (stated, not derived from a full action):

    - A1: the coupling :math:`\chi^2 \Phi^\dagger\Phi` makes the Higgs VEV, hence every rest
      energy :math:`m c_*^2`, proportional to chi (the VEV is the only energy scale of the
      patch);
    - A2: particle (inertial) masses m do not depend on chi;
    - A3: dimensionless couplings (gauge, Yukawa, the fine-structure constant
      :math:`e^2/4\pi\epsilon_0\hbar_* c_*`) do not depend on chi, so :math:`\hbar_* c_*` is
      fixed.

    Then :math:`2\beta = 1` (A1, A2) and :math:`\alpha + \beta = 0` (A3): sympy solves the linear
    system, and the length (Compton wavelength :math:`\hbar_*/m c_*`) and time
    (:math:`\hbar_*/m c_*^2`) scales follow. With chi proportional to 1/a (a dilaton diluted by the
    expansion) c is proportional to a^(-1/2), i.e. zeta = 1/2 in :func:`derive_vsl`.

    Returns
    -------
    dict of str to sympy.Rational
        Exponents of chi for ``hbar``, ``c``, ``length``, ``time``, ``rest_energy``; the
        exponent ``clock_rate_vs_length``, k in :math:`\tau^{-1} \propto l^k` (k = -3/2: the
        anisotropic relation of arXiv:2408.02583); and ``zeta``, the exponent of 1/a in c when
        chi is proportional to 1/a.

    Examples
    --------
    >>> s = derive_higgs_dilaton_scalings()
    >>> s["hbar"], s["c"], s["length"], s["time"], s["clock_rate_vs_length"], s["zeta"]
    (-1/2, 1/2, -1, -3/2, -3/2, 1/2)
    """
    alpha, beta = sp.symbols("alpha beta")
    sol = sp.solve([sp.Eq(2 * beta, 1), sp.Eq(alpha + beta, 0)], [alpha, beta], dict=True)[0]
    e_hbar, e_c = sol[alpha], sol[beta]
    e_len = e_hbar - e_c  # hbar / (m c)
    e_time = e_hbar - 2 * e_c  # hbar / (m c^2)
    # tau^-1 = l^k  <=>  -e_time = k * e_len
    k = sp.solve(sp.Eq(-e_time, sp.Symbol("k") * e_len), sp.Symbol("k"))[0]
    # chi = a^-1 => c = a^(-e_c)
    return {
        "hbar": e_hbar, "c": e_c, "length": e_len, "time": e_time,
        "rest_energy": 2 * e_c, "clock_rate_vs_length": k, "zeta": e_c,
    }


@dataclass(frozen=True)
class VSLDerivation:
    """The results of :func:`derive_vsl` (sympy expressions in the symbols of ``symbols``).

    Attributes
    ----------
    mu, zeta : sympy.Expr
        The exponents (sympy Rationals or symbols); ``p = mu*(1+zeta)``.
    symbols : dict of str to sympy.Symbol
        The symbols used: ``t, t0, t_e, a, z, c0, H0, q``.
    scale_factor : sympy.Expr
        ``a(t) = (t/t0)**mu``.
    light_speed : sympy.Expr
        ``c(t) = c0 * a(t)**(-zeta)``.
    hubble_rate : sympy.Expr
        ``H(t) = a'/a = mu/t``; ``H0 = mu/t0``.
    t0_of_H0 : sympy.Expr
        ``t0 = mu/H0``.
    one_plus_z_of_a : sympy.Expr
        1+z as a function of the scale factor at emission (``1+z = a**-(1+zeta)``).
    one_plus_z_of_t : sympy.Expr
        1+z as a function of the emission time ``t_e``.
    comoving_distance : sympy.Expr
        r(z), the integral of ``c dt/a`` from ``t_e(z)`` to ``t0``, in terms of c0, H0, z.
    luminosity_distance : sympy.Expr
        ``d_L(z) = (1+z)**q * r(z)``.
    distance_numeric : callable
        numpy function ``(z, H0, q) -> d_L`` in Mpc with c0 in km/s (``H0`` in km/s/Mpc);
        extra trailing arguments ``mu, zeta`` when they are symbols.
    """

    mu: sp.Expr
    zeta: sp.Expr
    symbols: dict[str, sp.Symbol]
    scale_factor: sp.Expr
    light_speed: sp.Expr
    hubble_rate: sp.Expr
    t0_of_H0: sp.Expr
    one_plus_z_of_a: sp.Expr
    one_plus_z_of_t: sp.Expr
    comoving_distance: sp.Expr
    luminosity_distance: sp.Expr
    distance_numeric: Callable[..., np.ndarray] = field(repr=False)

    def __post_init__(self) -> None:
        for name in ("mu", "zeta"):
            val = getattr(self, name)
            if not isinstance(val, sp.Expr) or val.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                raise TypeError(f"{name} must be a finite sympy expression (VSLDerivation is "
                                f"built by derive_vsl), got {val!r}")
        if not callable(self.distance_numeric):
            raise TypeError("distance_numeric must be callable")

    @property
    def p(self) -> sp.Expr:
        """p = mu (1 + zeta), the only combination of mu and zeta in the shape of r(z)."""
        return sp.nsimplify(self.mu * (1 + self.zeta))

    def age_gyr(self, H0: float) -> float:
        """Age t0 = mu/H0 in Gyr for H0 in km/s/Mpc (mu numeric); a float.

        Examples
        --------
        >>> round(derive_vsl().age_gyr(47.2), 2)
        13.81
        """
        if isinstance(H0, bool) or not isinstance(H0, (int, float, np.integer, np.floating)):
            raise TypeError(f"H0 must be a real number, got {type(H0).__name__}")
        if not (np.isfinite(H0) and H0 > 0):
            raise ValueError(f"H0={H0} must be finite and > 0 km/s/Mpc")
        if not self.mu.is_number:
            raise ValueError(f"age_gyr needs a numeric mu, got {self.mu}")
        with np.errstate(over="ignore"):
            age = float(self.mu) / float(H0) * GYR_KM_S_MPC
        if not math.isfinite(age):
            raise ValueError(f"H0={H0!r} km/s/Mpc is so small that the age overflows a double")
        return age


#: numeric exponents must satisfy EXPONENT_RANGE[0] <= mu <= EXPONENT_RANGE[1] and the same for
#: 1 + zeta (ValueError outside; far beyond any cosmology, and it keeps (1+z)^((p-1)/p) finite)
EXPONENT_RANGE = (sp.Rational(1, 1000), sp.Integer(1000))

#: exact exponents are rationals whose numerator and denominator have at most this many digits
MAX_EXPONENT_DIGITS = 30

_NUMBER_TEXT = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(\s*/\s*\d+)?\s*")


def _as_exponent(value, name: str) -> sp.Expr:
    """A numeric exponent as an exact sympy Rational, or a sympy expression kept symbolic.

    Strings are never evaluated: only a decimal or fraction literal (``"2/3"``, ``"0.5"``) is
    read, with :class:`fractions.Fraction`."""
    wrong = (f"{name} must be a number or a sympy expression (int, float, fractions.Fraction, "
             f"a numeric string such as '2/3'), got {type(value).__name__}")
    if isinstance(value, bool) or value is None:
        raise TypeError(wrong)
    if isinstance(value, str):
        if len(value) > 100 or not _NUMBER_TEXT.fullmatch(value):
            raise TypeError(f"{wrong} {value[:40]!r} (strings are read as numbers only, never "
                            "evaluated; pass sympy.Symbol({name!r}) for a symbolic exponent)")
        try:
            value = Fraction(value.replace(" ", ""))
        except ZeroDivisionError:
            raise ValueError(f"{name}={value!r} divides by zero") from None
    if isinstance(value, (Fraction, int, np.integer)):
        expr = sp.Rational(int(value.numerator), int(value.denominator)) \
            if isinstance(value, Fraction) else sp.Integer(int(value))
    elif isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise ValueError(f"{name}={value} must be finite")
        expr = sp.nsimplify(float(value), rational=True)
    elif isinstance(value, (complex, np.complexfloating)):
        raise ValueError(f"{name}={value} must be real")
    elif isinstance(value, sp.Basic):
        expr = value
    else:
        raise TypeError(wrong)
    if not isinstance(expr, sp.Expr):
        raise TypeError(wrong)
    if expr.is_number:
        if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            raise ValueError(f"{name}={expr} must be finite")
        if not expr.is_real:
            raise ValueError(f"{name}={value} must be real")
        if not expr.is_Rational:
            expr = sp.nsimplify(expr, rational=True)
    return expr


_TWO_THIRDS = sp.Rational(2, 3)
_ONE_HALF = sp.Rational(1, 2)


def derive_vsl(*, mu=_TWO_THIRDS, zeta=_ONE_HALF) -> VSLDerivation:
    r"""Derive the VSL redshift and distance relations with sympy.

    Assumptions: flat FLRW metric, power-law expansion :math:`a(t) = (t/t_0)^\mu` (mu > 0, a = 1
    today), light speed :math:`c(t) = c_0\,a^{-\zeta}` along the ray, and photons travel comoving
    distance :math:`dr = c\,dt/a`. Frequencies are compared in cosmic time t: the emitter's
    atomic clock is assumed to tick at the same rate in t then as the laboratory's now (the
    clock scaling :math:`\tau \propto \chi^{-3/2}` of arXiv:2408.02583 is *not* applied to the
    source; doing so would change the redshift law, and the 1+z = a^(-3/2) of arXiv:2412.05262
    corresponds to this choice).

    * Redshift (crest spacing): two crests emitted dt_e apart at t_e cover the same comoving
      distance :math:`r = \int_{t_e}^{t_0} c\,dt/a`, so :math:`(c/a)(t_e)\,dt_e = (c/a)(t_0)\,dt_0`
      and :math:`1+z = dt_0/dt_e = a_e^{-(1+\zeta)}`; for Nguyen's (mu, zeta) = (2/3, 1/2),
      :math:`1+z = a^{-3/2} = t_0/t_e`.
    * Comoving distance, with :math:`p = \mu(1+\zeta)`:
      :math:`r = c_0 t_0\,[(1+z)^{(p-1)/p} - 1]/(p-1)`, and :math:`r = c_0 t_0 \ln(1+z)` at p = 1.
    * :math:`H = \dot a/a = \mu/t`, so :math:`H_0 = \mu/t_0`. This H0 is not the low-z Hubble
      law slope: :math:`c_0 z/d_L \to (1+\zeta) H_0` as z -> 0 (the modified Hubble law of
      arXiv:2412.05262).
    * Luminosity distance :math:`d_L = (1+z)^q\,r` with q a stated parameter (q = 1: photon energy
      and arrival rate each redshifted by :math:`\sqrt{1+z}`-pairs, as in the standard derivation).

    Parameters
    ----------
    mu : int, float, fractions.Fraction, sympy.Expr or str
        Exponent of the power-law expansion (default 2/3: Einstein-de Sitter). Numbers are made
        exact sympy Rationals (floats with ``sympy.nsimplify(x, rational=True)``: ``0.5`` becomes
        ``1/2``); a string must be a decimal or fraction literal (``"2/3"``; strings are never
        evaluated); a sympy symbol keeps the result general (taken positive). A number must lie
        in ``EXPONENT_RANGE`` (1/1000 to 1000) with at most ``MAX_EXPONENT_DIGITS`` digits in
        its numerator and denominator.
    zeta : int, float, fractions.Fraction, sympy.Expr or str
        Exponent of the light speed, ``c = c0 a^(-zeta)`` (default 1/2: the Higgs-dilaton value
        of :func:`derive_higgs_dilaton_scalings`); as ``mu``, with ``1 + zeta`` in
        ``EXPONENT_RANGE``.

    Returns
    -------
    VSLDerivation
        sympy expressions for a(t), c(t), H, t0(H0), 1+z, r(z) and d_L(z), and a numpy callable.

    Raises
    ------
    ValueError
        If numeric ``mu <= 0`` or ``1 + zeta <= 0``, either is outside ``EXPONENT_RANGE``, not
        finite or not real.
    TypeError
        If ``mu`` or ``zeta`` is not a number or a sympy expression, or a string that is not a
        number.

    Examples
    --------
    >>> d = derive_vsl()
    >>> d.one_plus_z_of_a
    a**(-3/2)
    >>> d.comoving_distance
    2*c0*log(z + 1)/(3*H0)
    >>> d.luminosity_distance
    2*c0*(z + 1)**q*log(z + 1)/(3*H0)
    >>> float(d.distance_numeric(1.0, 70.0, 1.0))  # Mpc
    3958.1...
    """
    mu = _as_exponent(mu, "mu")
    zeta = _as_exponent(zeta, "zeta")
    lo, hi = EXPONENT_RANGE
    if mu.is_number and not mu > 0:
        raise ValueError(f"mu={mu} violates mu > 0 (expanding power law a = (t/t0)^mu)")
    if zeta.is_number and not (1 + zeta) > 0:
        raise ValueError(f"zeta={zeta} violates 1 + zeta > 0 (redshift must grow into the past)")
    if mu.is_number and not lo <= mu <= hi:
        raise ValueError(f"mu={float(mu):g} is outside the supported range {lo} <= mu <= {hi} "
                         "(EXPONENT_RANGE)")
    if zeta.is_number and not lo <= 1 + zeta <= hi:
        raise ValueError(f"zeta={float(zeta):g} is outside the supported range "
                         f"{lo} <= 1 + zeta <= {hi} (EXPONENT_RANGE)")
    for name, val in (("mu", mu), ("zeta", zeta)):
        if val.is_number and max(len(str(abs(val.p))), len(str(val.q))) > MAX_EXPONENT_DIGITS:
            raise ValueError(f"{name}={val}: an exact exponent needs a numerator and "
                             f"denominator of at most {MAX_EXPONENT_DIGITS} digits")
    # the derivation runs on positive symbols (m = mu, k = 1 + zeta), so its cost does not grow
    # with the size of the numbers and symbols without assumptions work; values go in at the end
    m_s, k_s = sp.symbols("m_exp k_exp", positive=True)
    back = {m_s: mu, k_s: 1 + zeta}
    user_mu, user_zeta = mu, zeta
    mu, zeta = m_s, k_s - 1
    t, t0, t_e, to = sp.symbols("t t0 t_e t_o", positive=True)
    a_s, z, c0, H0 = sp.symbols("a z c0 H0", positive=True)
    q = sp.Symbol("q", real=True)
    syms = {"t": t, "t0": t0, "t_e": t_e, "a": a_s, "z": z, "c0": c0, "H0": H0, "q": q}

    a_t = (t / t0) ** mu
    c_t = c0 * a_t ** (-zeta)
    hubble = sp.simplify(sp.diff(a_t, t) / a_t)
    t0_of_H0 = sp.solve(sp.Eq(H0, hubble.subs(t, t0)), t0)[0]

    # crest spacing: r(t_e, t_o) = const  =>  dt_o/dt_e = -(dr/dt_e)/(dr/dt_o)
    integrand = sp.powsimp(sp.expand_power_base(c_t / a_t, force=True), force=True)
    r_int = sp.Integral(integrand, (t, t_e, to))
    ratio = -sp.diff(r_int, t_e) / sp.diff(r_int, to)
    one_plus_z_t = sp.powsimp(sp.simplify(ratio.doit().subs(to, t0)), force=True)
    # emission time as a function of the scale factor at emission
    t_of_a = t0 * a_s ** (1 / mu)
    one_plus_z_a = sp.powsimp(sp.simplify(one_plus_z_t.subs(t_e, t_of_a)), force=True)

    # comoving distance: integrate c/a from t_e(z) to t0, t_e from 1+z = (t_e/t0)^(-p)
    p = sp.nsimplify(mu * (1 + zeta))
    t_e_of_z = t0 * (1 + z) ** (-1 / p)
    check = sp.simplify(one_plus_z_t.subs(t_e, t_e_of_z) - (1 + z))
    if check != 0:  # pragma: no cover - guards the derivation itself
        raise RuntimeError(f"redshift inversion failed: residual {check}")
    x = sp.Symbol("x", positive=True)
    numeric = user_mu.is_number and user_zeta.is_number
    # numeric exponents: keep sympy's p = 1 (logarithm) branch, chosen once the values go in
    r_x = sp.integrate(integrand.subs(t, t0 * x) * t0, (x, (1 + z) ** (-1 / p), 1),
                       conds="piecewise" if numeric else "none")

    def put(expr: sp.Expr) -> sp.Expr:
        out = expr.subs(back)
        if isinstance(out, sp.Piecewise):
            out = sp.piecewise_fold(out)
        return sp.powsimp(out, force=True) if numeric else out

    r_z = put(sp.simplify(sp.powsimp(r_x.subs(t0, t0_of_H0), force=True)))
    r_z = sp.simplify(r_z)
    if isinstance(r_z, sp.Piecewise):
        r_z = sp.piecewise_fold(r_z)
    d_l = (1 + z) ** q * r_z
    a_t, c_t, hubble, t0_of_H0 = (put(e) for e in (a_t, c_t, hubble, t0_of_H0))
    one_plus_z_t, one_plus_z_a = put(one_plus_z_t), put(one_plus_z_a)
    mu, zeta = user_mu, user_zeta

    free = [s for s in (mu, zeta) if not s.is_number]
    fn = sp.lambdify([z, H0, q, *free], d_l.subs(c0, C_KMS), modules="numpy")
    return VSLDerivation(
        mu=mu, zeta=zeta, symbols=syms, scale_factor=a_t, light_speed=c_t, hubble_rate=hubble,
        t0_of_H0=t0_of_H0, one_plus_z_of_a=one_plus_z_a, one_plus_z_of_t=one_plus_z_t,
        comoving_distance=r_z, luminosity_distance=d_l, distance_numeric=fn,
    )


@dataclass(frozen=True)
class VSLBAODerivation:
    """The results of :func:`derive_vsl_bao` (sympy expressions in ``z, c0, H0``).

    Attributes
    ----------
    mu, zeta : sympy.Expr
        The exponents.
    hubble_of_z : sympy.Expr
        H at emission as a function of redshift, ``mu/t_e(z) = H0 (1+z)**(1/p)``.
    D_M : sympy.Expr
        Transverse comoving distance (flat: the comoving distance r(z) of :func:`derive_vsl`).
    D_H : sympy.Expr
        Radial distance ``dr/dz``, equal to ``c0 / ((1+zeta) H(z))``.
    D_V : sympy.Expr
        ``(z D_M**2 D_H)**(1/3)``.
    F_AP : sympy.Expr
        The Alcock-Paczynski ratio ``D_M / D_H`` (independent of c0, H0 and r_d).
    """

    mu: sp.Expr
    zeta: sp.Expr
    hubble_of_z: sp.Expr
    D_M: sp.Expr
    D_H: sp.Expr
    D_V: sp.Expr
    F_AP: sp.Expr

    def __post_init__(self) -> None:
        for name in ("mu", "zeta", "hubble_of_z", "D_M", "D_H", "D_V", "F_AP"):
            if not isinstance(getattr(self, name), sp.Expr):
                raise TypeError(f"{name} must be a sympy expression (VSLBAODerivation is built "
                                f"by derive_vsl_bao), got {type(getattr(self, name)).__name__}")

    def f_ap_numeric(self, z) -> np.ndarray:
        """F_AP = D_M/D_H at redshifts ``z`` (numeric exponents), a float array.

        >>> round(float(derive_vsl_bao().f_ap_numeric(1.0)), 6)  # 2 ln 2
        1.386294
        """
        zz = np.asarray(z, dtype=float)
        if not (self.mu.is_number and self.zeta.is_number):
            raise ValueError("f_ap_numeric needs numeric mu and zeta")
        if not np.all(np.isfinite(zz)) or np.any(zz <= 0) or np.any(zz > 1e12):
            raise ValueError("z must be finite, > 0 and <= 1e12")
        fn = sp.lambdify([sp.Symbol("z", positive=True)], self.F_AP, modules="numpy")
        return np.asarray(fn(zz), dtype=float) * np.ones_like(zz)


def derive_vsl_bao(*, mu=_TWO_THIRDS, zeta=_ONE_HALF) -> VSLBAODerivation:
    r"""BAO distances D_M, D_H, D_V of the varying-c model, derived with sympy.

    The model is that of :func:`derive_vsl` (flat metric :math:`ds^2 = -c(t)^2dt^2 + a^2 d\vec
    x^2`, :math:`a = (t/t_0)^\mu`, :math:`c = c_0 a^{-\zeta}`, light travels
    :math:`dr = c\,dt/a`, redshift :math:`1+z = a^{-(1+\zeta)}`). What a BAO survey measures, and
    what is assumed to read it in this model:

    * A1 (ruler): the BAO scale is a *comoving* length r_d, imprinted at the drag epoch and
      carried with the matter ever since (comoving coordinates do not change; no assumption on
      how r_d came about: it is a free parameter, so nothing about early-universe physics with
      varying c is used).
    * A2 (transverse): the angle subtended today by r_d at redshift z is
      :math:`\theta = r_d / D_M` with :math:`D_M = r(z)`, the comoving distance travelled by the
      light (space is flat; the angle is read in comoving coordinates, where rays are straight).
    * A3 (radial, the "clock"): two points separated by r_d along the line of sight are seen at
      redshifts differing by :math:`\Delta z = r_d\,dz/dr`, so :math:`D_H \equiv dr/dz`. Only
      the model's redshift law enters (a ratio of frequencies received by the same observer):
      no atomic clock or ruler at the source is used, so the chi-dependence of lengths and times
      of arXiv:2408.02583 plays no part.
    * A4: :math:`D_V = (z D_M^2 D_H)^{1/3}`, the combination DESI's isotropic fits define.

    Then :math:`D_H = c(t_e)\,dt_e/(a_e\,dz) = c_0 / ((1+\zeta) H(z))` with
    :math:`H(z) = \mu/t_e = H_0 (1+z)^{1/p}`, :math:`p = \mu(1+\zeta)`, and the
    Alcock-Paczynski ratio :math:`F_{AP} = D_M/D_H` depends on p alone -- no r_d, H0 or c0: for
    the seed model (p = 1) :math:`F_{AP} = (1+z)\ln(1+z)`.

    Parameters
    ----------
    mu, zeta :
        As for :func:`derive_vsl` (defaults 2/3 and 1/2).

    Returns
    -------
    VSLBAODerivation

    Examples
    --------
    >>> d = derive_vsl_bao()
    >>> d.D_H
    2*c0/(3*H0*(z + 1))
    >>> d.F_AP
    (z + 1)*log(z + 1)
    """
    base = derive_vsl(mu=mu, zeta=zeta)
    z, c0, H0 = (base.symbols[k] for k in ("z", "c0", "H0"))
    t0 = base.symbols["t0"]
    mu_e, zeta_e = base.mu, base.zeta
    d_m = base.comoving_distance
    if isinstance(d_m, sp.Piecewise):
        d_m = d_m.args[0][0] if d_m.args[0][1] in (True, sp.true) else d_m
    d_h = sp.powsimp(sp.simplify(sp.diff(d_m, z)), force=True)
    # H at emission: mu / t_e with t_e(z) = t0 (1+z)^(-1/p) (the inversion derive_vsl checked),
    # t0 = mu/H0
    p = sp.nsimplify(mu_e * (1 + zeta_e))
    t_e_z = t0 * (1 + z) ** (-1 / p)
    hubble_z = sp.powsimp(sp.expand_power_base(
        base.hubble_rate.subs(base.symbols["t"], t_e_z).subs(t0, base.t0_of_H0), force=True),
        force=True)
    # D_H = c0/((1+zeta) H(z)): checked exactly at rational points (cheap, and exact)
    for zval in (sp.Rational(1, 2), sp.Integer(2), sp.Rational(37, 10)):
        pt = {z: zval, c0: 3, H0: 7}
        diff = (d_h - c0 / ((1 + zeta_e) * hubble_z)).subs(pt)
        if diff.free_symbols or abs(sp.N(diff, 30)) > sp.Float("1e-25"):  # pragma: no cover
            raise RuntimeError(f"D_H != c0/((1+zeta) H(z)) at z = {zval}: {diff}")
    d_v = sp.cbrt(z * d_m**2 * d_h)
    f_ap = sp.factor(sp.powsimp(sp.expand_power_base(sp.cancel(d_m / d_h), force=True),
                                force=True))
    if f_ap.has(c0) or f_ap.has(H0):  # pragma: no cover - guards the derivation itself
        raise RuntimeError(f"F_AP should not depend on c0 or H0: {f_ap}")
    return VSLBAODerivation(mu=mu_e, zeta=zeta_e, hubble_of_z=hubble_z, D_M=d_m, D_H=d_h,
                            D_V=d_v, F_AP=f_ap)
