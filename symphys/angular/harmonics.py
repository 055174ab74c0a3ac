"""Spherical harmonics up to any degree, complex, real and e3nn-style, batched over points.

Complex harmonics are orthonormal with the Condon-Shortley phase, equal to
``scipy.special.sph_harm_y(l, m, theta, phi)`` (``theta`` polar, ``phi`` azimuth)::

    Y_l^m(θ, φ) = (-1)^m sqrt((2l+1)/(4π) (l-m)!/(l+m)!) P_l^m(cos θ) e^{imφ},
    Y_l^{-m} = (-1)^m conj(Y_l^m)

(``P_l^m`` without the CS phase). The normalised Legendre functions come from the standard
three-term recursion in ``l`` seeded by the sectoral ``m = l`` values, which is stable for all
``l`` (absolute errors ~1e-13 at ``l = 100``, as scipy's; near the poles sectoral values below
~1e-300 flush to 0). Outputs are laid out as e3nn and sphericart do: index ``l*(l+1) + m``,
``m = -l..l``.

Bases: ``"complex"``; ``"real"`` (Wikipedia's real form, see :mod:`symphys.angular.bases`);
``"e3nn"`` (e3nn's ``o3.spherical_harmonics``: the real harmonics evaluated at the rotated
point ``(x, y, z) -> (z, x, y)``, so ``l = 1`` gives ``(x, y, z)`` in that order).

Normalisations (as e3nn and sphericart): ``"integral"`` ``∫ |Y_l^m|^2 dΩ = 1``;
``"component"`` ``sum_m |Y_l^m|^2 = 2l+1``; ``"norm"`` ``sum_m |Y_l^m|^2 = 1``.
"""

from __future__ import annotations

import math

import numpy as np

from symphys.angular._exact import check_size, twice_l

__all__ = ["spherical_harmonics", "spherical_harmonics_xyz"]

_BASES = ("complex", "real", "e3nn")
_NORMS = ("integral", "component", "norm")


def legendre_normalized(lmax: int, x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``P[..., l, m] = sqrt((2l+1)/(4π) (l-m)!/(l+m)!) P_l^m(x)`` with the CS phase, ``m <= l``.

    ``x = cos θ`` and ``s = sin θ >= 0`` are given separately so that no accuracy is lost near the
    poles. Shape ``(..., lmax+1, lmax+1)``; entries with ``m > l`` are 0.
    """
    P = np.zeros(x.shape + (lmax + 1, lmax + 1))
    P[..., 0, 0] = 0.5 / np.sqrt(np.pi)
    for l in range(1, lmax + 1):
        P[..., l, l] = -np.sqrt((2 * l + 1) / (2 * l)) * s * P[..., l - 1, l - 1]
        P[..., l, l - 1] = np.sqrt(2 * l + 1) * x * P[..., l - 1, l - 1]
        if l >= 2:
            m = np.arange(l - 1)
            a = np.sqrt((4.0 * l * l - 1) / (l * l - m * m))
            b = np.sqrt(((l - 1.0) ** 2 - m * m) / (4.0 * (l - 1) ** 2 - 1))
            P[..., l, : l - 1] = a * (x[..., None] * P[..., l - 1, : l - 1]
                                      - b * P[..., l - 2, : l - 1])
    return P


def _assemble(lmax: int, P: np.ndarray, cos_mphi: np.ndarray, sin_mphi: np.ndarray,
              basis: str, normalization: str, condon_shortley: bool) -> np.ndarray:
    l_of = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    m_of = np.concatenate([np.arange(-l, l + 1) for l in range(lmax + 1)])
    am = np.abs(m_of)
    Pl = P[..., l_of, am]  # (..., (lmax+1)^2)
    c = cos_mphi[..., am]
    sn = sin_mphi[..., am]
    sign_m = np.where(am % 2, -1.0, 1.0)
    if basis == "complex":
        # m >= 0: P e^{imφ}; m < 0: (-1)^m conj(Y^{|m|}) = (-1)^m P (cos - i sin)
        f = np.where(m_of < 0, sign_m, 1.0)
        out = Pl * f * (c + 1j * np.where(m_of < 0, -sn, sn))
        if not condon_shortley:
            out = out * np.where(m_of > 0, sign_m, 1.0)
    else:
        # S_{m>0} = sqrt2 (-1)^m Re Y^m, S_{m<0} = sqrt2 (-1)^m Im Y^{|m|}, S_0 = Y^0
        trig = np.where(m_of > 0, c, np.where(m_of < 0, sn, 1.0))
        out = Pl * trig * np.where(m_of == 0, 1.0, np.sqrt(2.0) * sign_m)
        if not condon_shortley:
            out = out * sign_m
    if normalization == "component":
        out = out * np.sqrt(4 * np.pi)
    elif normalization == "norm":
        out = out * np.sqrt(4 * np.pi / (2 * l_of + 1))
    return out


def _check(lmax, basis, normalization, condon_shortley) -> int:
    lmax = twice_l(lmax, "lmax")
    if not isinstance(condon_shortley, (bool, np.bool_)):
        raise TypeError(f"condon_shortley={condon_shortley!r} must be a bool")
    if basis not in _BASES:
        raise ValueError(f"basis={basis!r} must be one of {_BASES}")
    if normalization not in _NORMS:
        raise ValueError(f"normalization={normalization!r} must be one of {_NORMS}")
    return lmax


def _trig_multiples(lmax: int, cphi: np.ndarray, sphi: np.ndarray):
    """``cos(mφ), sin(mφ)`` for ``m = 0..lmax`` from ``cos φ, sin φ`` (rotation recurrence)."""
    cos_m = np.empty(cphi.shape + (lmax + 1,))
    sin_m = np.empty(cphi.shape + (lmax + 1,))
    cos_m[..., 0], sin_m[..., 0] = 1.0, 0.0
    for m in range(1, lmax + 1):
        cos_m[..., m] = cos_m[..., m - 1] * cphi - sin_m[..., m - 1] * sphi
        sin_m[..., m] = sin_m[..., m - 1] * cphi + cos_m[..., m - 1] * sphi
    return cos_m, sin_m


def _real_array(name: str, value: object) -> np.ndarray:
    """``value`` as a float64 array; None, strings, objects, bools and complex numbers are a
    TypeError naming ``name`` (NaN and inf pass: NaN in gives NaN out, IEEE-style)."""
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested sequences
        raise ValueError(f"{name} must be a real number or array: {exc}") from None
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name}={value!r:.60} must be a real number or array of them, not "
                        f"{type(value).__name__} (dtype {arr.dtype})")
    return arr.astype(np.float64)


def spherical_harmonics(lmax: int, theta: np.ndarray | float, phi: np.ndarray | float, *,
                        basis: str = "complex", normalization: str = "integral",
                        condon_shortley: bool = True) -> np.ndarray:
    """All harmonics with ``l <= lmax`` at the angles ``(theta, phi)``.

    Parameters
    ----------
    lmax : int
    theta, phi : array_like
        Polar angle from +z and azimuth from +x, broadcast together to shape ``(...)``; real
        numbers (None, strings, bools and complex numbers are a TypeError). A NaN or infinite
        angle gives NaN harmonics (``l >= 1``) at that point, the IEEE convention for array
        functions; the other points are unaffected.
    basis : {"complex", "real", "e3nn"}
    normalization : {"integral", "component", "norm"}
    condon_shortley : bool
        ``False`` multiplies the complex ``Y_l^m`` (``m > 0``) or the real function of order
        ``m`` by ``(-1)^m``.

    Returns
    -------
    numpy.ndarray
        shape ``(..., (lmax+1)**2)``, entry ``l*(l+1)+m``; complex128 for ``basis="complex"``,
        float64 otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> Y = spherical_harmonics(1, 0.3, 0.2)
    >>> Y.shape, bool(np.isclose(Y[2], np.sqrt(3 / (4 * np.pi)) * np.cos(0.3)))
    ((4,), True)
    >>> S = spherical_harmonics(1, np.pi / 2, 0.0, basis="real", normalization="component")
    >>> np.round(S, 12)   # (1, y, z, x) * sqrt(3) at the point (1, 0, 0)
    array([1.      , 0.      , 0.      , 1.732051])
    """
    lmax = _check(lmax, basis, normalization, condon_shortley)
    theta, phi = _real_array("theta", theta), _real_array("phi", phi)
    try:
        shape = np.broadcast_shapes(theta.shape, phi.shape)
    except ValueError:
        raise ValueError(f"theta (shape {theta.shape}) and phi (shape {phi.shape}) must "
                         "broadcast together") from None
    n = math.prod(shape)
    check_size("lmax", lmax, 16 * 3 * n * (lmax + 1) ** 2, "48 n (lmax+1)^2 (n points)")
    theta, phi = np.broadcast_arrays(theta, phi)
    if basis == "e3nn":
        xyz = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)],
                       axis=-1)
        return spherical_harmonics_xyz(lmax, xyz, basis="e3nn", normalization=normalization,
                                       condon_shortley=condon_shortley)
    P = legendre_normalized(lmax, np.cos(theta), np.abs(np.sin(theta)))
    cos_m, sin_m = _trig_multiples(lmax, np.cos(phi), np.sin(phi))
    return _assemble(lmax, P, cos_m, sin_m, basis, normalization, condon_shortley)


def spherical_harmonics_xyz(lmax: int, xyz: np.ndarray, *, basis: str = "complex",
                            normalization: str = "integral", condon_shortley: bool = True,
                            normalize: bool = True) -> np.ndarray:
    """Harmonics at Cartesian points ``xyz`` of shape ``(..., 3)``.

    ``normalize=True`` evaluates at the direction ``xyz/|xyz|``; ``False`` multiplies degree
    ``l`` by ``|xyz|^l`` (the solid harmonics, polynomials in ``x, y, z``, as e3nn's
    ``normalize=False``). Other arguments as :func:`spherical_harmonics`; ``basis="e3nn"``
    reproduces ``e3nn.o3.spherical_harmonics(range(lmax+1), xyz, normalize, normalization)``.
    The zero vector is evaluated at the direction ``+z``; a point with a NaN or infinite
    coordinate has no direction and gives NaN in every entry.

    Returns
    -------
    numpy.ndarray
        shape ``(..., (lmax+1)**2)``.

    Examples
    --------
    >>> import numpy as np
    >>> Y = spherical_harmonics_xyz(1, np.array([0.0, 0.6, 0.8]), basis="e3nn",
    ...                             normalization="component")
    >>> np.round(Y / np.sqrt(3), 6)   # e3nn: l = 1 is (x, y, z)
    array([0.57735, 0.     , 0.6    , 0.8    ])
    """
    lmax = _check(lmax, basis, normalization, condon_shortley)
    xyz = _real_array("xyz", xyz)
    if xyz.shape[-1:] != (3,):
        raise ValueError(f"xyz must have shape (..., 3), got {xyz.shape}")
    n = int(np.prod(xyz.shape[:-1]))
    check_size("lmax", lmax, 16 * 3 * n * (lmax + 1) ** 2, "48 n (lmax+1)^2 (n points)")
    if basis == "e3nn":
        xyz = xyz[..., [2, 0, 1]]
    x, y, z = xyz[..., 0], xyz[..., 1], xyz[..., 2]
    rho = np.hypot(x, y)
    r = np.hypot(rho, z)
    with np.errstate(invalid="ignore", divide="ignore"):
        ct = np.where(r > 0, z / r, 1.0)
        st = np.where(r > 0, rho / r, 0.0)
        cp = np.where(rho > 0, x / rho, 1.0)
        sp = np.where(rho > 0, y / rho, 0.0)
    P = legendre_normalized(lmax, ct, st)
    cos_m, sin_m = _trig_multiples(lmax, cp, sp)
    out = _assemble(lmax, P, cos_m, sin_m, "complex" if basis == "complex" else "real",
                    normalization, condon_shortley)
    if not normalize:
        l_of = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
        out = out * r[..., None] ** l_of
    bad = ~np.isfinite(xyz).all(axis=-1)
    if bad.any():  # NaN compares False in ``r > 0`` above and would land on the pole
        out = np.where(bad[..., None], np.nan, out)
    return out
