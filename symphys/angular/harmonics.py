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
import threading
from functools import lru_cache

import numpy as np

from symphys.angular import _solid
from symphys.angular._exact import MAX_J, check_size, twice_l

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
    if type(lmax) is not int or not 0 <= lmax <= MAX_J:  # the common case without the calls
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
    return arr.astype(np.float64, copy=False)


def spherical_harmonics(lmax: int, theta: np.ndarray | float | None = None,
                        phi: np.ndarray | float | None = None, *,
                        xyz: np.ndarray | None = None, basis: str = "complex",
                        normalization: str = "integral", condon_shortley: bool = True,
                        derivatives: int = 0) -> np.ndarray | tuple[np.ndarray, ...]:
    """All harmonics with ``l <= lmax`` at the angles ``(theta, phi)`` (or at the directions
    of Cartesian points ``xyz``), optionally with Cartesian gradients and Hessians.

    Parameters
    ----------
    lmax : int
    theta, phi : array_like
        Polar angle from +z and azimuth from +x, broadcast together to shape ``(...)``; real
        numbers (None, strings, bools and complex numbers are a TypeError). A NaN or infinite
        angle gives NaN harmonics (``l >= 1``) at that point, the IEEE convention for array
        functions; the other points are unaffected.
    xyz : array_like, optional
        Instead of the angles: points of shape ``(..., 3)``, evaluated at ``xyz/|xyz|`` (as
        :func:`spherical_harmonics_xyz` with ``normalize=True``). Give either the angles or
        ``xyz``, not both.
    basis : {"complex", "real", "e3nn"}
    normalization : {"integral", "component", "norm"}
    condon_shortley : bool
        ``False`` multiplies the complex ``Y_l^m`` (``m > 0``) or the real function of order
        ``m`` by ``(-1)^m``.
    derivatives : {0, 1, 2}
        ``1`` also returns the gradient, ``2`` the gradient and the Hessian, with respect to
        the Cartesian coordinates, of the function ``Y(r/|r|)`` (homogeneous of degree 0)
        at the point: the unit vector of the angles, or ``xyz``. At a unit point the
        gradient is the surface gradient (``dY/dtheta = grad . e_theta``,
        ``dY/dphi = sin(theta) grad . e_phi``, ``grad . r = 0``). Needs
        ``lmax <= FAST_LMAX`` (150).

    Returns
    -------
    numpy.ndarray or tuple
        values of shape ``(..., (lmax+1)**2)``, entry ``l*(l+1)+m``; complex128 for
        ``basis="complex"``, float64 otherwise. With ``derivatives``: ``(values, gradients)``
        or ``(values, gradients, hessians)``, gradients ``(..., 3, K)`` and Hessians
        ``(..., 3, 3, K)`` (sphericart's shapes, ``K = (lmax+1)**2``); memory layout as
        :func:`spherical_harmonics_xyz` says (points vary fastest).

    Examples
    --------
    >>> import numpy as np
    >>> Y = spherical_harmonics(1, 0.3, 0.2)
    >>> Y.shape, bool(np.isclose(Y[2], np.sqrt(3 / (4 * np.pi)) * np.cos(0.3)))
    ((4,), True)
    >>> S = spherical_harmonics(1, np.pi / 2, 0.0, basis="real", normalization="component")
    >>> np.round(S, 12)   # (1, y, z, x) * sqrt(3) at the point (1, 0, 0)
    array([1.      , 0.      , 0.      , 1.732051])
    >>> Y, dY = spherical_harmonics(1, np.pi / 2, 0.0, basis="real", derivatives=1)
    >>> np.round(dY[:, 2] / np.sqrt(3 / (4 * np.pi)), 12)   # grad of z/r at (1, 0, 0)
    array([0., 0., 1.])
    """
    lmax = _check(lmax, basis, normalization, condon_shortley)
    derivatives = _check_derivatives(derivatives)
    if xyz is not None:
        if theta is not None or phi is not None:
            raise TypeError("give either the angles theta, phi or xyz=, not both")
        return spherical_harmonics_xyz(lmax, xyz, basis=basis, normalization=normalization,
                                       condon_shortley=condon_shortley, normalize=True,
                                       derivatives=derivatives)
    if theta is None and phi is None:
        raise TypeError("theta= and phi= (or xyz=) are required")
    for name, value in (("theta", theta), ("phi", phi)):
        if value is None:
            raise TypeError(f"{name}=None must be a real number or array of them (or give "
                            "xyz= instead of the angles)")
    theta, phi = _real_array("theta", theta), _real_array("phi", phi)
    try:
        shape = np.broadcast_shapes(theta.shape, phi.shape)
    except ValueError:
        raise ValueError(f"theta (shape {theta.shape}) and phi (shape {phi.shape}) must "
                         "broadcast together") from None
    n = math.prod(shape)
    check_size("lmax", lmax, 16 * 3 * n * (lmax + 1) ** 2, "48 n (lmax+1)^2 (n points)")
    theta, phi = np.broadcast_arrays(theta, phi)
    if basis == "e3nn" or lmax <= FAST_LMAX or derivatives:
        st = np.sin(theta)
        xyz = np.stack([st * np.cos(phi), st * np.sin(phi), np.cos(theta)], axis=-1)
        return _harmonics_xyz(lmax, xyz, basis, normalization, condon_shortley, True,
                              derivatives, unit=True)
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
    The zero vector is evaluated at the direction ``+z`` (``basis="e3nn"``: at its polar axis
    ``+y``); a point with a NaN or infinite
    coordinate has no direction and gives NaN in every entry. Vectors whose squared length
    under- or overflows (components below ``1e-154`` or above ``1e154``) keep their direction.

    Parameters
    ----------
    derivatives : {0, 1, 2}
        ``1`` also returns the gradient ``d Y / d xyz``, ``2`` the gradient and the Hessian
        (derivatives of the function of ``xyz`` evaluated: of ``Y(xyz/|xyz|)`` for
        ``normalize=True``, singular at the origin (NaN there), of the solid harmonic for
        ``normalize=False``). Shapes as sphericart's: gradient ``(..., 3, K)``, Hessian
        ``(..., 3, 3, K)``, ``K = (lmax+1)**2``.

    Returns
    -------
    numpy.ndarray or tuple
        values ``(..., (lmax+1)**2)``; with ``derivatives``: ``(values, gradients)`` or
        ``(values, gradients, hessians)``. Memory layout (up to ``FAST_LMAX``): the points
        axes vary fastest -- each array is a view of a C-contiguous table whose leading axes
        are the components (``(K,) + points``, ``(K, 3) + points``, ``(3, 3, K) + points``),
        so for ``xyz`` of shape ``(n, 3)`` the values are Fortran-ordered. This is the layout
        the recursion writes; a transposing copy to C order would cost as much as computing
        the harmonics, so none is made: ``numpy.ascontiguousarray`` gives one where a caller
        needs C order. Column ``Y[..., k]`` (one harmonic at every point) is contiguous.

    Notes
    -----
    Up to ``lmax = FAST_LMAX`` (150) the values come from Cartesian recursions (sphericart's
    method, F. Bigi et al., J. Chem. Phys. 159, 064802 (2023), arXiv:2302.08381: the
    normalised Legendre recursion in ``l`` times ``Re/Im (x + i y)^m``); for ``lmax <= 4`` the
    Legendre part, for ``lmax <= 3`` the whole harmonics, from their exact polynomial
    coefficients (one matrix product per table; rounding below ``1e-14``, as the recursion's),
    degree 1 of directions as ``sqrt(3/(4π)) (y, z, x) / |x|`` (one square root and one
    division per point); the values do not depend on ``derivatives``, bit for bit. The
    derivatives are
    fixed sparse matrices, in closed form, applied to the table of values: for the solid
    harmonics the ladder relations of ``d_z`` and ``d_x +- i d_y`` (degree ``l - 1`` to
    ``l``); for directions ``|x| grad Y_l`` combines degrees ``l - 1`` and ``l + 1`` (``x_i``
    and ``d_i`` are adjoint for the Fischer inner product), ``|x|^2`` times the Hessian degrees
    ``l - 2``, ``l``, ``l + 2`` (see ``symphys.angular._solid``). Gradients at ``l = 150``
    agree with mpmath to ``1e-13`` of their size.

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
    n = math.prod(lead)
    per = (1, 4, 13)[derivatives]
    check_size("lmax", lmax, 16 * 3 * per * n * (lmax + 1) ** 2,
               f"{48 * per} n (lmax+1)^2 (n points)")
    if lmax > FAST_LMAX:
        if derivatives:
            raise ValueError(f"derivatives need lmax <= FAST_LMAX = {FAST_LMAX}, got "
                             f"lmax={lmax}")
        return _xyz_by_angles(lmax, xyz, basis, normalization, condon_shortley, normalize)
    if lmax == 0:
        return _degree_zero(xyz, basis, normalization, condon_shortley, derivatives)
    pts = xyz.reshape(n, 3)
    if lmax == 1 and normalize and not unit and not derivatives:
        return _degree_one(pts, lead, basis, normalization, condon_shortley)
    perm = (0, 1, 2)
    if basis == "e3nn":  # e3nn's harmonics are the real ones at (z, x, y)
        perm = (1, 2, 0)  # d/dx, d/dy, d/dz are the derivatives along internal axes 1, 2, 0
    # coordinates, component-major, and the directions: in a buffer kept between calls (fresh
    # multi-megabyte temporaries would be paged in at every call)
    buf = _scratch(8 * n, slot=1)
    P = _coordinates(pts, basis, buf[: 3 * n].reshape(3, n))
    bad = odd = None
    with np.errstate(all="ignore"):  # inf, NaN: IEEE
        if unit:
            U, r, inv = P, buf[3 * n: 4 * n], buf[4 * n: 5 * n]
            r.fill(1.0)
            inv.fill(1.0)
        else:
            U, r, inv, odd, bad = _directions(P, bool(derivatives and normalize),
                                              buf[3 * n:])
        res = _evaluate(lmax, n, U[2], U[0], U[1], r, inv, normalize, derivatives, perm,
                        basis == "complex", normalization, condon_shortley,
                        (P, U, odd) if lmax == 1 and normalize and not unit else None, U)
    if unit:
        bad = np.flatnonzero(~np.isfinite(P).all(axis=0))
    if bad is not None and bad.size:
        for a in res:
            a[bad] = np.nan
    res = [a.reshape(lead + a.shape[1:]) for a in res]
    return res[0] if derivatives == 0 else tuple(res)


def _degree_zero(xyz: np.ndarray, basis: str, normalization: str, condon_shortley: bool,
                 derivatives: int):
    """``lmax = 0``: a constant (the bits of the general evaluation) and zero derivatives, NaN
    at the points without a direction; no per-point arithmetic. Layout as the general path's
    (points vary fastest)."""
    lead = xyz.shape[:-1]
    seed = _solid._coefficients(0)[0][0]
    if basis == "complex":
        dtype = complex
        value = seed * _complex_map(0, normalization, condon_shortley)[2][0]
    else:
        dtype = float
        scale = _row_scale(0, normalization, condon_shortley)
        value = seed if scale is None else seed * scale[0]
    out = [np.full(lead + (1,), value, dtype)]
    if derivatives:
        out.append(np.moveaxis(np.zeros((1, 3) + lead, dtype), (1, 0), (-2, -1)))
    if derivatives == 2:
        out.append(np.moveaxis(np.zeros((3, 3, 1) + lead, dtype), (0, 1, 2), (-3, -2, -1)))
    if not np.isfinite(xyz).all():
        bad = ~np.isfinite(xyz).all(axis=-1)
        for a in out:
            a[bad] = np.nan
    return out[0] if not derivatives else tuple(out)


def _coordinates(pts: np.ndarray, basis: str, out: np.ndarray) -> np.ndarray:
    """The points ``pts`` (``(n, 3)``) component-major in ``out`` (``(3, n)``), rows in the
    order ``(y, z, x)`` of the internal axes, the order of the harmonics of degree 1 (e3nn's
    internal axes are ``(z, x, y)``: its rows are the points' ``(x, y, z)``)."""
    if basis == "e3nn":
        np.copyto(out, pts.T)
    else:
        np.copyto(out[:2], pts.T[1:])
        np.copyto(out[2], pts.T[0])
    return out


def _degree_one(pts: np.ndarray, lead: tuple, basis: str, normalization: str,
                condon_shortley: bool):
    """``lmax = 1``, directions, values only: row 0 the constant, rows 1..3 ``sqrt(3/4pi)
    (y, z, x)/|x|`` from the coordinates copied straight into the table (no table of
    directions, no recursion: about a dozen NumPy calls in all). The lengths are those of
    :func:`_directions`, and the general evaluation takes its degree 1 from the same formula
    (:func:`_evaluate`): values do not depend on ``derivatives``, bit for bit."""
    n = pts.shape[0]
    S = np.empty((4, n))
    S[0] = _SEED
    Q = _coordinates(pts, basis, S[1:])
    bad = None
    with np.errstate(all="ignore"):  # inf, NaN: IEEE
        r = _scratch(n, slot=1)[:n]
        odd = _lengths(Q, r)
        if odd is not None:
            U, _, _, bad = _odd_directions(Q[:, odd], False)
        np.divide(_C1, r, out=r)
        np.multiply(Q, r, out=Q)
        if odd is not None:
            Q[:, odd] = _C1 * U
    if basis == "complex":
        pos, neg, re, im = _complex_map(1, normalization, condon_shortley)
        V = np.empty((4, n), complex)
        np.multiply(S[pos], re[:, None], out=V.real)
        np.multiply(S[neg], im[:, None], out=V.imag)
        V.imag[im == 0] = 0.0
    else:
        V = S
        scale = _row_scale(1, normalization, condon_shortley)
        if scale is not None:
            V *= scale[:, None]
    if bad is not None and bad.size:
        V[:, odd[bad]] = np.nan
    return V.T.reshape(lead + (4,))


#: degree 0 (Wikipedia's real harmonics, integral normalisation), and the factor of degree 1:
#: ``Y_1 = sqrt(3/4pi) (y, z, x)/|x|`` (the entries of the tables of ``_solid``, same bits)
_SEED = float(_solid._coefficients(0)[0][0])
_C1 = float(_solid._mono_coefficients(1).max())


def _lengths(P: np.ndarray, r: np.ndarray) -> np.ndarray | None:
    """The lengths of the points ``P`` (``(3, n)``) into ``r``; returns the points whose squared
    length may have under- or overflowed (length outside ``(1e-150, 1e150)``, or NaN), or None
    when there are none. Call under ``np.errstate(all="ignore")``."""
    np.einsum("ij,ij->j", P, P, out=r)
    np.sqrt(r, out=r)
    if not P.shape[1] or (np.minimum.reduce(r) > 1e-150 and np.maximum.reduce(r) < 1e150):
        return None  # NaN fails both comparisons
    return np.flatnonzero(~((r > 1e-150) & (r < 1e150)))


def _odd_directions(q: np.ndarray, singular: bool):
    """Unit vectors, lengths and inverse lengths of the points ``q`` (``(3, k)``, rows ``(y, z,
    x)``) whose squared length under- or overflows, scaled by their largest component first;
    the origin looks along ``+z`` (its inverse length NaN when ``singular``, else 0). Also the
    indices (into ``q``) of the points with a NaN or infinite coordinate (no direction)."""
    big = np.max(np.abs(q), axis=0)
    zero = big == 0
    q = q / np.where(zero, 1.0, big)
    norm = np.sqrt(np.einsum("ij,ij->j", q, q))
    q = q / np.where(zero, 1.0, norm)
    q[:, zero] = [[0.0], [1.0], [0.0]]  # +z, the middle row
    r = big * norm
    inv = np.where(zero, np.nan if singular else 0.0, 1.0 / r)
    return q, r, inv, np.flatnonzero(~np.isfinite(big))


def _directions(P: np.ndarray, singular: bool, buf: np.ndarray):
    """Unit vectors ``U``, lengths ``r`` and ``1/r`` of the points ``P`` (``(3, n)``, rows
    ``(y, z, x)``), written into ``buf`` (``5 n`` float64), and the points whose squared length
    under- or overflows (None if none; :func:`_lengths`) and those without a direction (a NaN
    or infinite coordinate). Those lengths are scaled by the largest component first; the
    origin looks along ``+z`` (its ``1/r`` is NaN when ``singular``: derivatives of directions,
    else 0). Call under ``np.errstate(all="ignore")``."""
    n = P.shape[1]
    r, inv, U = buf[:n], buf[n: 2 * n], buf[2 * n: 5 * n].reshape(3, n)
    odd = _lengths(P, r)
    np.divide(1.0, r, out=inv)
    np.multiply(P, inv, out=U)
    if odd is None:
        return U, r, inv, None, None
    U[:, odd], r[odd], inv[odd], bad = _odd_directions(P[:, odd], singular)
    return U, r, inv, odd, odd[bad]


#: float64 entries of scratch per chunk of points (the work of the recursion, then the
#: values divided by ``|x|``; complex outputs also the real table): 28 MiB. Real gradients of
#: all the points of a call whose scratch fits are written straight into the output (one
#: sparse product); other derivatives go block by block of points (``_BLOCK_ENTRIES``)
_VALUE_ENTRIES = 7 << 19
#: float64 entries of derivative work per block of points (4 MiB): the values of the block and
#: the sparse product stay in the processor's cache, and the copies into the output write
#: rows long enough (a few KB) not to thrash its TLB (measured best from 2 to 8 MiB)
_BLOCK_ENTRIES = 1 << 19
#: fewest points per block (at high degree the sparse products need long enough rows)
_MIN_BLOCK = 64


def _points(target: int, n: int) -> int:
    """A number of points near ``target``, a multiple of 8 with an odd quotient (or all ``n``):
    rows of that many float64 start an odd number of cache lines apart, so that copies which
    read every row of a block at once do not pile the rows into a few cache sets."""
    if target >= n:
        return max(1, n)
    k = max(1, target // 8)
    k -= 1 - k % 2
    return max(1, min(n, 8 * max(1, k)))


def _evaluate(lmax, n, ux, uy, uz, r, inv, normalize, derivatives, perm, cplx, normalization,
              condon_shortley, coords=None, yzx=None):
    """Harmonics (and derivatives) of ``n`` points: ``[V]``, ``[V, G]`` or ``[V, G, H]`` of
    shapes ``(n, K)``, ``(n, 3, K)``, ``(n, 3, 3, K)``, real or (``cplx``) complex.

    They are views of component-major tables ``(K, n)``, ``(3, K, n)``, ``(3, 3, K, n)``
    (points contiguous): the recursion of :func:`_solid.real_unit` (Wikipedia's real harmonics)
    writes the real values in place, the derivatives are one sparse product each, and no
    transposing copy is made (it would cost as much as the harmonics). The basis change,
    normalisation and phase are folded into the operators and applied to the values in place
    (complex outputs are written as their real and imaginary parts)."""
    K = (lmax + 1) ** 2
    Lv = lmax + derivatives if normalize else lmax
    Kv = (Lv + 1) ** 2
    nh = 2 if cplx else 1  # real and imaginary parts
    dtype = complex if cplx else float
    # real: the table of the recursion is the output (with the degrees the derivatives need)
    V = np.empty((K, n), complex) if cplx else np.empty((Kv, n))
    H = np.empty((9, K, n), dtype) if derivatives == 2 else None
    # the polynomial tables when they give every degree, derivatives' included (a degree's
    # value must not depend on derivatives=, which adds degrees)
    poly = Lv if lmax + 2 <= _solid.POLY_LMAX else 0
    mono = min(Lv, _solid.MONO_LMAX) if lmax <= _solid.MONO_LMAX else 0
    rows = _solid.work_rows(Lv, poly, mono)
    # real gradients of all the points at once, straight into G (the values over |x| in the
    # work buffer); else, and for Hessians, block by block of points through small buffers
    direct = bool(derivatives) and not cplx and n * max(rows, Kv) <= _VALUE_ENTRIES
    wrows = max(rows, Kv) if direct else rows
    ops = [_basis_operator(lmax, order, normalize, perm, cplx, normalization, condon_shortley,
                           interleave=direct and order == 1)
           for order in range(1, derivatives + 1)]
    # tables (K, 3) + points and (3, 3, K) + points; direct: zeros, the product accumulates
    # (an allocation the system maps comes zeroed)
    split = (_split_operator(lmax, normalize, perm, normalization, condon_shortley)
             if direct and lmax <= _SPLIT_LMAX else None)
    G = (np.zeros if direct and split is None else np.empty)((K, 3, n), dtype) \
        if derivatives else None
    per = wrows + (Kv if cplx else 0)
    step = max(n, 1) if direct else _points(max(1, _VALUE_ENTRIES // per), n)
    blocks = [0, 0, 0]  # points per block of the derivatives of order 1, 2
    for order in range(1 if not direct else 2, derivatives + 1):
        width = Kv + 3 * order * nh * K  # the block of values and of the product
        blocks[order] = _points(max(_MIN_BLOCK, _BLOCK_ENTRIES // width), step)
    sizes = [wrows * step, (Kv * step if cplx else 0),
             max((Kv + 3 * o * nh * K) * blocks[o] for o in (1, 2))]
    scratch = _scratch(sum(sizes))
    wbuf = scratch[: sizes[0]]
    sbuf = scratch[sizes[0]: sizes[0] + sizes[1]]
    dbuf = scratch[sizes[0] + sizes[1]: sum(sizes)]
    if cplx:
        pos, neg, re, im = _complex_map(lmax, normalization, condon_shortley)
        re, im = re[:, None], im[:, None]
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        c = hi - lo
        S = sbuf[: Kv * c].reshape(Kv, c) if cplx else V[:, lo:hi]
        _solid.real_unit(Lv, ux[lo:hi], uy[lo:hi], uz[lo:hi], out=S, work=wbuf, poly=poly,
                         mono=mono, yzx=None if yzx is None else yzx[:, lo:hi])
        if coords is not None:  # lmax 1: degree 1 as the values-only path computes it
            P, U, odd = coords
            w = np.divide(_C1, r[lo:hi], out=wbuf[:c])
            np.multiply(P[:, lo:hi], w, out=S[1:4])
            if odd is not None:
                sel = odd[(odd >= lo) & (odd < hi)]
                S[1:4, sel - lo] = _C1 * U[:, sel]
        if not normalize:  # solid harmonics: degree l times |x|^l
            rc = r[lo:hi]
            rl = rc.copy()
            for l in range(1, lmax + 1):
                S[l * l: (l + 1) ** 2] *= rl
                rl *= rc
        scale = inv[lo:hi] if normalize else None  # |x|^-1 per order of derivative
        if direct:
            T = S if scale is None else np.multiply(S, scale, out=wbuf[: Kv * n].reshape(Kv, n))
            if split is None:
                _solid.sparse_times(ops[0], T, G.reshape(3 * K, n), zeroed=True)
            else:
                _split_product(split, T, G.reshape(3 * K, n))
        elif derivatives:
            _product_blocks(ops[0], S, scale, 1, G[:, :, lo:hi].transpose(1, 0, 2), dbuf,
                            blocks[1], K, nh)
        if derivatives == 2:
            _product_blocks(ops[1], S, scale, 2, H[:, :, lo:hi], dbuf, blocks[2], K, nh)
        if cplx:
            np.multiply(S[pos], re, out=V.real[:, lo:hi])
            np.multiply(S[neg], im, out=V.imag[:, lo:hi])
    if cplx:  # order 0 is real, even where the real harmonic is infinite (|x|^l overflows)
        V.imag[im[:, 0] == 0] = 0.0
    else:
        scale = _row_scale(lmax, normalization, condon_shortley)
        if scale is not None:
            V[:K] *= scale[:, None]
    out = [V[:K].T]
    if G is not None:
        out.append(G.transpose(2, 1, 0))
    if H is not None:
        out.append(H.reshape(3, 3, K, n).transpose(3, 0, 1, 2))
    return out


#: real gradients of all the points at once (``_evaluate``'s direct path) up to this degree
#: write each row's first term (in column order) with one NumPy product per run of rows, then
#: add the others (:func:`_split_product`): the output needs no zeroing pass and the sparse
#: product does a third fewer multiply-adds (lmax 5-8 values + gradients 3-5% faster on 10k
#: points); above it the runs get short and the table too large to stay in cache (lmax 16
#: 15% slower)
_SPLIT_LMAX = 8


@lru_cache(maxsize=8)
def _split_operator(lmax, normalize, perm, normalization, condon_shortley):
    """The direct path's gradient operator (:func:`_basis_operator`, interleaved) split into
    its rows' first entries, grouped into runs of rows ``r0 + s i`` (``s`` 3 or 1) whose
    first columns are ``j0 + dj i``, and the rest (CSR, the same entries in the same order):
    ``(runs, empty rows, rest)``, a run ``(out rows, source rows, coefficients (cnt, 1))`` as
    slices. The first term of a sum written as a product is the bits of ``0 + a x``: the same
    result as the whole sparse product, bit for bit (tested)."""
    import scipy.sparse as sp

    op = _basis_operator(lmax, 1, normalize, perm, False, normalization, condon_shortley,
                         interleave=True)
    ip, ix, dd = op.indptr, op.indices, op.data
    R = op.shape[0]
    has = np.diff(ip) > 0
    first_col = np.where(has, ix[np.minimum(ip[:-1], len(ix) - 1)], -1)
    first_val = np.where(has, dd[np.minimum(ip[:-1], len(dd) - 1)], 0.0)
    runs, covered = [], np.zeros(R, bool)
    for step in (3, 1):
        for r0 in range(R):
            if covered[r0] or not has[r0]:
                continue
            rows, dj = [r0], 0
            r = r0 + step
            while r < R and has[r] and not covered[r]:
                d = int(first_col[r] - first_col[rows[-1]])
                if d == 0 or (dj and d != dj):
                    break
                dj = d
                rows.append(r)
                r += step
            covered[rows] = True
            cnt, j0, dj = len(rows), int(first_col[r0]), dj or 1
            stop = j0 + dj * cnt
            runs.append((slice(r0, r0 + step * (cnt - 1) + 1, step),
                         slice(j0, stop if stop >= 0 else None, dj),
                         first_val[rows][:, None].copy()))
    keep = np.ones(len(ix), bool)
    keep[ip[:-1][has]] = False
    counts = np.diff(ip) - has
    rest = sp.csr_matrix((dd[keep], ix[keep], np.concatenate([[0], np.cumsum(counts)])),
                         shape=op.shape)
    return tuple(runs), np.flatnonzero(~has), rest


def _split_product(split, T, out):
    """``out[...] = op @ T`` (``out`` uninitialised) from :func:`_split_operator`'s parts."""
    runs, empty, rest = split
    for rows, src, coef in runs:
        np.multiply(T[src], coef, out=out[rows])
    out[empty] = 0.0
    _solid.sparse_times(rest, T, out, zeroed=True)


def _product_blocks(op, S, scale, order, out, buf, block, K, nh):
    """The derivatives ``out`` of a chunk (``(3, K, c)`` gradients, or ``(9, K, c)`` Hessians,
    ``(a, b)`` at ``3 a + b``) as ``op @ (S * scale**order)`` (``scale`` None: 1), block by block
    of points through ``buf``: the values of the block, one sparse product (real parts, then
    imaginary parts when ``nh = 2``; the Hessian's six pairs ``a <= b``), copies into the
    output (both halves of the Hessian)."""
    Kv = S.shape[0]
    nb = 3 * order  # blocks of K rows of the product: 3 gradients, 6 Hessian pairs
    c = S.shape[1]
    for b0 in range(0, c, block):
        b1 = min(c, b0 + block)
        w = b1 - b0
        Tb = buf[: Kv * w].reshape(Kv, w)
        if scale is None:
            np.copyto(Tb, S[:, b0:b1])
        else:  # the rounding of the direct path: (S / |x|) / |x|
            np.multiply(S[:, b0:b1], scale[b0:b1], out=Tb)
            for _ in range(order - 1):
                Tb *= scale[b0:b1]
        res = _solid.sparse_times(op, Tb, buf[Kv * w: (Kv + nb * nh * K) * w]
                                  .reshape(nb * nh * K, w))
        targets = ([(k, (k,)) for k in range(3)] if order == 1 else
                   [(k, {3 * a + b, 3 * b + a}) for k, (a, b) in enumerate(_solid.PAIRS)])
        for k, rows in targets:
            src = res[k * K: (k + 1) * K]
            for t in rows:
                dst = out[t, :, b0:b1]
                if nh == 2:
                    dst.real = src
                    dst.imag = res[(nb + k) * K: (nb + k + 1) * K]
                else:
                    np.copyto(dst, src)


_LOCAL = threading.local()


def _scratch(size: int, slot: int = 0) -> np.ndarray:
    """A float64 work buffer of ``size`` entries, kept per thread (one per ``slot``: 0 for the
    chunks, 1 for the coordinates) between calls when at most ``_VALUE_ENTRIES +
    _BLOCK_ENTRIES`` (33 MB; what the chunks above need below degree about 40): a fresh buffer
    that the allocator maps from the system (glibc: over its mmap threshold, or when the heap
    was trimmed after the previous call) is paged in (zeroed by the kernel) at every call,
    which costs as much as the harmonics."""
    bufs = getattr(_LOCAL, "bufs", None)
    if bufs is None:
        bufs = _LOCAL.bufs = {}
    buf = bufs.get(slot)
    if buf is not None and buf.size >= size:
        return buf
    buf = np.empty(size)
    if size <= _VALUE_ENTRIES + _BLOCK_ENTRIES:
        bufs[slot] = buf
    return buf


@lru_cache(maxsize=64)
def _row_scale(lmax: int, normalization: str, condon_shortley: bool) -> np.ndarray | None:
    """Per-component factor from Wikipedia's real harmonics (integral normalisation, CS phase)
    to the requested normalisation and phase; None when it is 1."""
    l_of, m_of = _m_of(lmax)
    scale = np.ones(l_of.shape)
    if not condon_shortley:
        scale[m_of % 2 == 1] = -1.0
    if normalization == "component":
        scale *= math.sqrt(4 * math.pi)
    elif normalization == "norm":
        scale *= np.sqrt(4 * np.pi / (2 * l_of + 1))
    if np.all(scale == 1.0):
        return None
    scale.flags.writeable = False
    return scale


@lru_cache(maxsize=8)  # at lmax = 150 a complex Hessian operator holds ~25 MB
def _basis_operator(lmax, order, normalize, perm, cplx, normalization, condon_shortley,
                    interleave=False):
    """:func:`_solid.operator` (Wikipedia's real harmonics) taken to the output basis: each
    block of rows scaled as :func:`_row_scale` says, or (``cplx``) replaced by the real parts
    of the complex ones followed by their imaginary parts (:func:`_complex_map`).
    ``interleave``: rows ``(k, a)`` instead of ``(a, k)`` (the derivatives of one harmonic
    together, which read the same values: at high degree the product then reads the table of
    values once from memory instead of once per derivative)."""
    import scipy.sparse as sp

    op = _solid.operator(lmax, order, normalize, perm)
    K = (lmax + 1) ** 2
    nblocks = op.shape[0] // K
    offsets = np.repeat(np.arange(nblocks) * K, K)
    if cplx:
        pos, neg, re, im = _complex_map(lmax, normalization, condon_shortley)
        out = sp.vstack([sp.diags(np.tile(re, nblocks)) @ op[offsets + np.tile(pos, nblocks)],
                         sp.diags(np.tile(im, nblocks)) @ op[offsets + np.tile(neg, nblocks)]],
                        format="csr")
    else:
        scale = _row_scale(lmax, normalization, condon_shortley)
        out = op if scale is None else (sp.diags(np.tile(scale, nblocks)) @ op).tocsr()
    if interleave:
        out = out[np.arange(out.shape[0]).reshape(-1, K).T.reshape(-1)].tocsr()
    elif out is op:
        return op
    out.eliminate_zeros()
    out.sort_indices()
    return out


@lru_cache(maxsize=64)
def _complex_map(lmax: int, normalization: str, condon_shortley: bool):
    """Indices and factors taking the real harmonics (last axis) to the complex ones:
    ``Y^m = (-1)^m (S_m + i S_-m)/sqrt2`` (``m > 0``), ``Y^-m = (S_m - i S_-m)/sqrt2``,
    ``Y^0 = S_0``, times the normalisation."""
    l_of, m_of = _m_of(lmax)
    idx = l_of * (l_of + 1)
    pos, neg = idx + np.abs(m_of), idx - np.abs(m_of)
    h = math.sqrt(0.5)
    re = np.where(m_of == 0, 1.0, h)
    im = np.where(m_of > 0, h, np.where(m_of < 0, -h, 0.0))
    if condon_shortley:
        sg = np.where((m_of > 0) & (m_of % 2 == 1), -1.0, 1.0)
        re, im = re * sg, im * sg
    if normalization == "component":
        re, im = re * math.sqrt(4 * math.pi), im * math.sqrt(4 * math.pi)
    elif normalization == "norm":
        f = np.sqrt(4 * np.pi / (2 * l_of + 1))
        re, im = re * f, im * f
    return pos, neg, re, im


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
