"""Surface charges of three-dimensional flat space at null infinity, derived.

The linearised charge δQ_ξ = (1/16πG) ∮ k_ξ^{ur} dφ is computed from the Barnich-Brandt
form (Barnich & Brandt, arXiv:hep-th/0111246; :func:`~symphys.gr.surface_charges.barnich_brandt`)
or from the Iyer-Wald form (Iyer & Wald, arXiv:gr-qc/9403028;
:func:`~symphys.gr.surface_charges.iyer_wald`), with ε_{urφ} = +1 and normalised so that Q
vanishes on Θ = Ξ = 0. The result is Q_{T,Y} = (1/16πG) ∮ dφ (TΘ + 2YΞ) (Barnich & Compère,
arXiv:gr-qc/0610130); Minkowski has mass -1/(8G).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import sympy as sp

from symphys.gr._convert import check_finite
from symphys.gr._fourier import integrate_circle
from symphys.gr.asymptotic import check_periodic
from symphys.gr.bms3.bondi_gauge import _problem
from symphys.gr.bms3.coordinates import G, as_G, as_phi_function, phi, scri_sign
from symphys.gr.bms3.coordinates import T as _T
from symphys.gr.bms3.coordinates import Theta as _Theta
from symphys.gr.bms3.coordinates import Xi as _Xi
from symphys.gr.bms3.coordinates import Y as _Y

_FORMULAS = ("barnich-brandt", "iyer-wald")

__all__ = ["MAX_FFT_SAMPLES", "charge", "charge_density", "charges_fft", "integrate_by_parts"]

#: Largest total number of samples (``theta.size``) :func:`charges_fft` transforms: the two
#: complex results then take 2 * 16 * MAX_FFT_SAMPLES bytes = 512 MiB.
MAX_FFT_SAMPLES = 2**24


def integrate_by_parts(density: sp.Expr, fields: Sequence[sp.Expr],
                        ) -> tuple[dict[sp.Expr, sp.Expr], sp.Expr]:
    """Write ∮ density dφ as ∮ (Σ_f c_f f + rest) dφ, moving φ-derivatives off the fields.

    Returns ``({field: c_f}, rest)`` where ``rest`` holds no field."""
    density = sp.expand(density)
    out = {f: sp.S.Zero for f in fields}
    rest = density
    for f in fields:
        for k in range(0, 8):
            atom = f if k == 0 else sp.Derivative(f, (phi, k))
            c = sp.expand(rest).coeff(atom)
            if c == 0:
                continue
            rest = sp.expand(rest - c * atom)
            out[f] += (-1) ** k * sp.diff(c, phi, k)
    rest = sp.expand(rest)
    if any(rest.has(f) for f in fields):
        raise ValueError(f"density is not linear in {fields}: leftover {rest}")
    return {f: sp.expand(c) for f, c in out.items()}, rest


@lru_cache(maxsize=8)
def _derived_charge_density(scri: str = "+", formula: str = "barnich-brandt",
                            ) -> tuple[sp.Expr, sp.Expr]:
    """Coefficients (a, b) with δQ = (1/16πG) ∮ (a δΘ + b δΞ) dφ, from ``formula``."""
    if formula not in _FORMULAS:
        raise ValueError(f"formula={formula!r} must be one of {list(_FORMULAS)}")
    ch = _problem(scri).charges(formula=formula)
    if not ch["integrable"]:
        raise ValueError("the derived charge is not integrable with field-independent "
                         f"coefficients: {ch['coefficients']}")
    return ch["coefficients"]["Theta"], ch["coefficients"]["Xi"]


def charge_density(T: Any = None, Y: Any = None, Theta: Any = None, Xi: Any = None, *,
                   G: Any = G, scri: str = "+", formula: str = "barnich-brandt") -> sp.Expr:
    """The integrand q with Q_{T,Y} = ∮ q dφ, derived: q = (TΘ + 2YΞ)/(16πG).

    ``scri="-"`` derives it at past null infinity, in the advanced chart of
    :func:`~symphys.gr.bms3.bondi_gauge.metric` (ε_{vrφ} = +1, the orientation of (t, r, φ) as
    at I⁺): the same density. ``formula="iyer-wald"`` derives it from δQ_Komar - ι_ξΘ
    (:func:`~symphys.gr.surface_charges.iyer_wald`) instead: the same density again.

    >>> charge_density()
    (T(phi)*Theta(phi) + 2*Xi(phi)*Y(phi))/(16*pi*G)
    """
    scri_sign(scri)
    if not isinstance(formula, str) or formula not in _FORMULAS:
        raise ValueError(f"formula={formula!r} must be one of {list(_FORMULAS)}")
    Gs = as_G(G)
    a, b = _derived_charge_density(scri, formula)
    Th = _Theta(phi) if Theta is None else as_phi_function(Theta, "Theta")
    X = _Xi(phi) if Xi is None else as_phi_function(Xi, "Xi")
    subs = {}
    if T is not None:
        subs[_T(phi)] = as_phi_function(T, "T")
    if Y is not None:
        subs[_Y(phi)] = as_phi_function(Y, "Y")
    q = (a.subs(subs).doit() * Th + b.subs(subs).doit() * X)
    out = sp.factor_terms(sp.expand(q)) / (16 * sp.pi * Gs)
    return check_finite(out, "charge_density", why=f" for T={T}, Y={Y}, Theta={Th}, Xi={X}")


def charge(T: Any, Y: Any, Theta: Any, Xi: Any, *, G: Any = G, scri: str = "+",
           formula: str = "barnich-brandt") -> sp.Expr:
    """Q_{T,Y}[Θ, Ξ] = ∮ dφ (TΘ + 2YΞ)/(16πG), with the derived density, integrated exactly.

    Minkowski: energy Q_{1,0} = -1/(8G); flat-space cosmology Θ = 8GM, Ξ = 4GJ: (M, J).

    Parameters
    ----------
    T, Y : sympy expression, number or callable of φ
        The generator ξ_{T,Y} (T: supertranslation, Y: superrotation).
    Theta, Xi : sympy expression, number or callable of φ
        The solution: mass aspect Θ and angular-momentum aspect Ξ.
    G : sympy expression, keyword-only
        Newton's constant (default the positive symbol ``G``).
    scri : {"+", "-"}, keyword-only
        Future null infinity (retarded u) or past null infinity (advanced chart).
    formula : {"barnich-brandt", "iyer-wald"}, keyword-only
        The surface-charge form the density is derived from; both give the same charge.

    Returns
    -------
    sympy.Expr
        The exact charge.

    Raises
    ------
    ValueError
        If T, Y, Θ or Ξ is not finite or not 2π-periodic (φ ~ φ + 2π: ``T = phi`` is refused).

    Examples
    --------
    >>> charge(1, 0, -1, 0)
    -1/(8*G)
    >>> M, J = sp.symbols("M J")
    >>> (charge(1, 0, 8*G*M, 4*G*J), charge(0, 1, 8*G*M, 4*G*J))
    (M, J)
    >>> charge(1, 0, -1, 0, formula="iyer-wald")
    -1/(8*G)
    """
    vals = [check_periodic(as_phi_function(v, n), phi, n)
            for v, n in ((T, "T"), (Y, "Y"), (Theta, "Theta"), (Xi, "Xi"))]
    q = charge_density(*vals, G=G, scri=scri, formula=formula)
    out = integrate_circle(q, phi, name="the charge density")
    return check_finite(out, "charge", why=f" for T={T}, Y={Y}, Theta={Theta}, Xi={Xi}: "
                        "the integral over phi diverges")


def _real_samples(values: Any, name: str) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, not text")
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from exc
    if arr.size > MAX_FFT_SAMPLES:
        raise ValueError(f"{name} has {arr.size} samples: the transforms would need "
                         f"{2 * 16 * arr.size} bytes; the limit is {MAX_FFT_SAMPLES} samples")
    if arr.dtype.kind not in "biuf":
        if np.iscomplexobj(arr):
            raise TypeError(f"{name} must be real samples (Θ and Ξ are real functions of φ)")
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real samples (Θ and Ξ are real functions of φ)")
    try:
        return arr.astype(float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from exc


def _scaled_ifft(f: np.ndarray, denom: float, name: str, G: float) -> np.ndarray:
    """ifft(f) / denom along the last axis, without spurious overflow; ValueError if the true
    result is beyond float64."""
    scale = np.max(np.abs(f), axis=-1, keepdims=True) if f.size else np.ones(f.shape[:-1] + (1,))
    scale = np.where(scale > 0, scale, 1.0)
    with np.errstate(all="ignore"):
        out = (np.fft.ifft(f / scale, axis=-1) / denom) * scale
    if not np.isfinite(out).all():
        raise ValueError(f"the charges of {name} with G={G} exceed the float64 range "
                         f"(max |{name}| = {float(np.max(scale)):.3g}, G = {G:.3g})")
    return out


def charges_fft(theta: np.ndarray, xi: np.ndarray, *, G: float = 1.0,
                ) -> tuple[np.ndarray, np.ndarray]:
    """Supertranslation and superrotation charges P_n, J_n of sampled Θ(φ), Ξ(φ), by FFT.

    P_n = (1/16πG) ∮ e^{inφ} Θ dφ and J_n = (1/16πG) ∮ 2 e^{inφ} Ξ dφ by the trapezoid rule,
    spectrally accurate for smooth periodic data. Floating point (numpy float64/complex128).

    Parameters
    ----------
    theta, xi : array_like of real numbers, shape (..., N)
        Θ and Ξ sampled at φ_j = 2πj/N, j = 0, ..., N - 1.
    G : float, keyword-only
        Newton's constant (default 1.0), positive.

    Returns
    -------
    P, J : numpy.ndarray of complex, shape (..., N)
        Indexed like ``numpy.fft.fftfreq(N, 1/N)`` (n = 0, 1, ..., -1).

    Examples
    --------
    >>> P, J = charges_fft(-np.ones(8), np.zeros(8))   # Minkowski sampled on 8 points
    >>> float(P[0].real) == -1 / 8
    True
    """
    theta, xi = _real_samples(theta, "theta"), _real_samples(xi, "xi")
    if theta.shape != xi.shape:
        raise ValueError(f"theta has shape {theta.shape} but xi has {xi.shape}: they must match")
    if theta.ndim == 0 or theta.shape[-1] < 1:
        raise ValueError("theta and xi must be arrays (..., N) with N >= 1 samples")
    if not np.isfinite(theta).all() or not np.isfinite(xi).all():
        raise ValueError("theta and xi must be finite")
    if isinstance(G, (bool, np.bool_)) or not isinstance(G, (numbers.Real, np.number)) \
            or isinstance(G, np.complexfloating):
        raise TypeError(f"G={G!r} must be a real number")
    if not np.isfinite(G) or G <= 0:
        raise ValueError(f"G={G} must be a positive finite number")
    # ∮ e^{inφ} f dφ = 2π/N Σ_j f_j e^{2πi n j/N} = 2π · ifft(f)_n; the samples are scaled to
    # max |f| = 1 first so that only a result beyond float64 can overflow (then: an error)
    P = _scaled_ifft(theta, 8 * G, "theta", G)
    J = _scaled_ifft(xi, 4 * G, "xi", G)
    return P, J
