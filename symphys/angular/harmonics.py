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

from symphys.angular import _solid
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
        float64 otherwise. Gradients and Hessians (with respect to Cartesian coordinates):
        :func:`spherical_harmonics_xyz` with ``derivatives=1`` or ``2``.

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
    if basis == "e3nn" or lmax <= FAST_LMAX:
        st = np.sin(theta)
        xyz = np.stack([st * np.cos(phi), st * np.sin(phi), np.cos(theta)], axis=-1)
        return _harmonics_xyz(lmax, xyz, basis, normalization, condon_shortley, True, 0,
                              unit=True)
    P = legendre_normalized(lmax, np.cos(theta), np.abs(np.sin(theta)))
    cos_m, sin_m = _trig_multiples(lmax, np.cos(phi), np.sin(phi))
    return _assemble(lmax, P, cos_m, sin_m, basis, normalization, condon_shortley)


def _check_derivatives(derivatives: object) -> int:
    if isinstance(derivatives, (bool, np.bool_)) or derivatives not in (0, 1, 2):
        raise ValueError(f"derivatives={derivatives!r} must be 0 (values), 1 (and gradients) "
                         "or 2 (and Hessians)")
    return int(derivatives)


def _m_of(lmax: int) -> tuple[np.ndarray, np.ndarray]:
    l_of = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    m_of = np.concatenate([np.arange(-l, l + 1) for l in range(lmax + 1)])
    return l_of, m_of


def _convert(S: np.ndarray, lmax: int, basis: str, normalization: str,
             condon_shortley: bool) -> np.ndarray:
    """Component-major real harmonics ``S`` (``(K, ...)``, Wikipedia's, integral
    normalisation) or their derivatives -> the requested basis/normalisation/phase."""
    l_of, m_of = _m_of(lmax)
    shape = (-1,) + (1,) * (S.ndim - 1)
    if basis == "complex":
        # Y^m = (-1)^m (S_m + i S_-m)/sqrt2 (m > 0), Y^-m = (S_m - i S_-m)/sqrt2, Y^0 = S_0
        idx = l_of * (l_of + 1)
        pos, neg = idx + np.abs(m_of), idx - np.abs(m_of)
        h = np.sqrt(0.5)
        re = np.where(m_of == 0, 1.0, h)
        im = np.where(m_of > 0, h, np.where(m_of < 0, -h, 0.0))
        sg = np.where((m_of > 0) & (m_of % 2 == 1), -1.0, 1.0)
        if not condon_shortley:
            sg = np.ones_like(sg)
        out = (sg * re).reshape(shape) * S[pos] + 1j * (sg * im).reshape(shape) * S[neg]
    else:
        out = S if condon_shortley else S * np.where(m_of % 2 == 1, -1.0, 1.0).reshape(shape)
    if normalization == "component":
        out = out * np.sqrt(4 * np.pi)
    elif normalization == "norm":
        out = out * np.sqrt(4 * np.pi / (2 * l_of + 1)).reshape(shape)
    return out


#: Cartesian recursion (``symphys.angular._solid``, sphericart's method) up to this degree;
#: above it, the angle-based recursion of :func:`legendre_normalized`
FAST_LMAX = 150


def spherical_harmonics_xyz(lmax: int, xyz: np.ndarray, *, basis: str = "complex",
                            normalization: str = "integral", condon_shortley: bool = True,
                            normalize: bool = True, derivatives: int = 0
                            ) -> np.ndarray | tuple[np.ndarray, ...]:
    """Harmonics at Cartesian points ``xyz`` of shape ``(..., 3)``, optionally with their
    Cartesian gradients and Hessians.

    ``normalize=True`` evaluates at the direction ``xyz/|xyz|``; ``False`` multiplies degree
    ``l`` by ``|xyz|^l`` (the solid harmonics, polynomials in ``x, y, z``, as e3nn's
    ``normalize=False``). Other arguments as :func:`spherical_harmonics`; ``basis="e3nn"``
    reproduces ``e3nn.o3.spherical_harmonics(range(lmax+1), xyz, normalize, normalization)``.
    The zero vector is evaluated at the direction ``+z``; a point with a NaN or infinite
    coordinate has no direction and gives NaN in every entry.

    Parameters
    ----------
    derivatives : {0, 1, 2}
        ``1`` also returns the gradient ``d Y / d xyz``, ``2`` the gradient and the Hessian
        (derivatives of the function of ``xyz`` evaluated: of ``Y(xyz/|xyz|)`` for
        ``normalize=True``, singular at the origin (NaN there), of the solid harmonic for
        ``normalize=False``). Layout as sphericart's: gradient ``(..., 3, K)``, Hessian
        ``(..., 3, 3, K)``, ``K = (lmax+1)**2``.

    Returns
    -------
    numpy.ndarray or tuple
        values ``(..., (lmax+1)**2)``; with ``derivatives``: ``(values, gradients)`` or
        ``(values, gradients, hessians)``.

    Notes
    -----
    Up to ``lmax = FAST_LMAX`` (150) the values come from Cartesian recursions (sphericart's
    method, F. Bigi et al., J. Chem. Phys. 159, 064802 (2023), arXiv:2302.08381: the
    normalised Legendre recursion in ``l`` times ``Re/Im (x + i y)^m``), the derivatives from
    fixed sparse matrices mapping degree ``l - 1`` solid harmonics to the derivatives of degree
    ``l`` ones (see ``symphys.angular._solid``).

    Examples
    --------
    >>> import numpy as np
    >>> Y = spherical_harmonics_xyz(1, np.array([0.0, 0.6, 0.8]), basis="e3nn",
    ...                             normalization="component")
    >>> np.round(Y / np.sqrt(3), 6)   # e3nn: l = 1 is (x, y, z)
    array([0.57735, 0.     , 0.6    , 0.8    ])
    >>> Y, dY = spherical_harmonics_xyz(1, np.array([0.0, 0.0, 2.0]), basis="real",
    ...                                 derivatives=1)
    >>> dY.shape, round(float(dY[1, 1] * 2 / np.sqrt(3 / (4 * np.pi))), 12)  # d y / d y
    ((3, 4), 1.0)
    """
    lmax = _check(lmax, basis, normalization, condon_shortley)
    derivatives = _check_derivatives(derivatives)
    xyz = _real_array("xyz", xyz)
    if xyz.shape[-1:] != (3,):
        raise ValueError(f"xyz must have shape (..., 3), got {xyz.shape}")
    if not isinstance(normalize, (bool, np.bool_)):
        raise TypeError(f"normalize={normalize!r} must be a bool")
    return _harmonics_xyz(lmax, xyz, basis, normalization, condon_shortley, normalize,
                          derivatives)


def _harmonics_xyz(lmax: int, xyz: np.ndarray, basis: str, normalization: str,
                   condon_shortley: bool, normalize: bool, derivatives: int,
                   unit: bool = False):
    """:func:`spherical_harmonics_xyz` after validation; ``unit``: the points are unit
    vectors built from angles (not renormalised: dividing by a rounded norm would perturb
    ``z`` near the poles, where the harmonics are steep)."""
    lead = xyz.shape[:-1]
    n = int(np.prod(lead))
    per = (1, 4, 13)[derivatives]
    check_size("lmax", lmax, 16 * 3 * per * n * (lmax + 1) ** 2,
               f"{48 * per} n (lmax+1)^2 (n points)")
    if lmax > FAST_LMAX:
        if derivatives:
            raise ValueError(f"derivatives need lmax <= FAST_LMAX = {FAST_LMAX}, got "
                             f"lmax={lmax}")
        return _xyz_by_angles(lmax, xyz, basis, normalization, condon_shortley, normalize)
    pts = xyz.reshape(n, 3)
    if basis == "e3nn":
        pts = pts[:, [2, 0, 1]]
    x, y, z = (np.ascontiguousarray(pts[:, i]) for i in range(3))
    rho2 = x * x + y * y
    with np.errstate(invalid="ignore", over="ignore"):
        r = np.sqrt(rho2 + z * z)
        big = ~(r < 1e150) & np.isfinite(r)  # x*x overflows: rescale those points first
        if big.any():
            s = np.max(np.abs(pts[big]), axis=1)
            r[big] = s * np.linalg.norm(pts[big] / s[:, None], axis=1)
    if unit:
        r = np.ones_like(r)
    ok = r > 0
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        inv = np.where(ok, 1.0 / np.where(ok, r, 1.0), 0.0)
        ux, uy = x * inv, y * inv
        uz = np.where(ok, z * inv, 1.0)
    res = None
    for lo in range(0, n, _CHUNK):  # chunks: the temporaries stay in cache, no page faults
        sl = slice(lo, min(n, lo + _CHUNK))
        part = _chunk(lmax, ux[sl], uy[sl], uz[sl], r[sl], ok[sl], inv[sl], basis,
                      normalization, condon_shortley, normalize, derivatives)
        if res is None:
            res = [np.empty((n,) + a.shape[1:], dtype=a.dtype) for a in part]
        for dst, src in zip(res, part, strict=True):
            dst[sl] = src
    if res is None:  # no points
        part = _chunk(lmax, ux, uy, uz, r, ok, inv, basis, normalization, condon_shortley,
                      normalize, derivatives)
        res = [np.empty((0,) + a.shape[1:], dtype=a.dtype) for a in part]
    res = [a.reshape(lead + a.shape[1:]) for a in res]
    bad = ~np.isfinite(xyz).all(axis=-1)
    if bad.any():  # no direction: NaN everywhere
        for k in range(len(res)):
            res[k] = np.where(bad.reshape(bad.shape + (1,) * (res[k].ndim - bad.ndim)), np.nan,
                              res[k])
    return res[0] if derivatives == 0 else tuple(res)


def _chunk(lmax, ux, uy, uz, r, ok, inv, basis, normalization, condon_shortley, normalize,
           derivatives):
    """Values (and derivatives) of one chunk of points, each ``(n_chunk, ..., K)`` (strided
    views, copied into the caller's outputs)."""
    S = _solid.real_unit(lmax, ux, uy, uz)  # (K, n)
    l_of, _ = _m_of(lmax)
    outs = []
    if derivatives:
        u = np.stack([ux, uy, uz])  # (3, n)
        lcol = l_of[:, None].astype(float)
        if normalize:
            with np.errstate(invalid="ignore", divide="ignore"):
                rinv = np.where(ok, inv, np.nan)
            dY = _solid.direction_gradients(lmax, S, u, rinv)  # (grad R - l Y u) / r
            if derivatives == 2:
                G = _solid.gradients(lmax, S)  # (3, K, n) of the solid harmonics at u
        else:
            G = _solid.gradients(lmax, S)
            with np.errstate(invalid="ignore", divide="ignore"):
                rl1 = np.where(lcol >= 1, r ** np.maximum(lcol - 1, 0), 0.0)
            dY = G * rl1
        if derivatives == 2:
            H = _solid.hessians(lmax, S)  # (3, 3, K, n)
            if normalize:
                ui = u[:, None, None, :]
                uj = u[None, :, None, :]
                Gi = G[:, None]
                Gj = G[None, :]
                eye = np.eye(3)[:, :, None, None]
                d2 = (H - lcol * (Gi * uj + Gj * ui) - lcol * S * eye
                      + lcol * (lcol + 2) * S * ui * uj) * rinv ** 2
            else:
                with np.errstate(invalid="ignore", divide="ignore"):
                    rl2 = np.where(lcol >= 2, r ** np.maximum(lcol - 2, 0), 0.0)
                d2 = H * rl2
    if not normalize:
        S = S * r ** lcol if derivatives else S * r ** l_of[:, None].astype(float)
    outs.append(S)
    if derivatives:
        outs.append(dY)
    if derivatives == 2:
        outs.append(d2)
    kind = "complex" if basis == "complex" else "real"
    res = []
    for k, arr in enumerate(outs):
        # component-major (..., K, n) -> the requested basis, then points first
        moved = np.moveaxis(arr, -2, 0)  # (K, ..., n)
        conv = _convert(moved, lmax, kind, normalization, condon_shortley)
        conv = np.moveaxis(conv, 0, -1)  # (..., n, K) with derivative axes first
        conv = np.moveaxis(conv, -2, 0)  # (n, ..., K): one transposing copy below
        if k >= 1 and basis == "e3nn":  # derivatives w.r.t. (z, x, y) -> (x, y, z)
            back = [1, 2, 0]
            conv = conv[:, back] if k == 1 else conv[:, back][:, :, back]
        res.append(conv)
    return res


#: points per chunk of the Cartesian evaluation
_CHUNK = 65536


def _xyz_by_angles(lmax, xyz, basis, normalization, condon_shortley, normalize):
    """The angle-based evaluation (any ``lmax``; values only)."""
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
