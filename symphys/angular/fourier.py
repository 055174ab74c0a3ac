"""Spherical harmonics in the 2D Fourier basis e^{i(u theta + v phi)} (Luo et al., ICLR 2024,
arXiv:2401.10216).

Conventions. Complex harmonics are orthonormal with the Condon-Shortley phase, as
``scipy.special.sph_harm_y``; real harmonics follow Wikipedia:
``S_{l,m>0} = (Y_l^{-m} + (-1)^m Y_l^m)/sqrt2``, ``S_{l,m<0} = i(Y_l^m - (-1)^m Y_l^{-m})/sqrt2``,
``S_{l,0} = Y_l^0``. Harmonics are indexed ``l(l+1)+m`` with m = -l..l (sphericart, e3nn).

With ``Delta^l = d^l(pi/2)`` (Wigner small-d at pi/2) the identity
``d^l_{m0}(theta) = i^{-m} sum_u Delta^l_{um} Delta^l_{u0} e^{iu theta}`` gives::

    Y_l^m(theta, phi) = sum_{u,v} y^{l,m}_{u,v} e^{i(u theta + v phi)},
    y^{l,m}_{u,v} = delta_{v,m} sqrt((2l+1)/4pi) i^{-m} Delta^l_{um} Delta^l_{u0},

non-zero only for ``|u| <= l`` and ``u = l (mod 2)``. Projecting a Fourier series
``f = sum F_{u,v} e^{i(u theta + v phi)}`` back onto harmonics gives
``<Y_l^m, f> = sum_u F_{u,m} z^{l,m}_u`` with::

    z^{l,m}_u = 2pi sqrt((2l+1)/4pi) i^m sum_{u'} Delta^l_{u'm} Delta^l_{u'0} I(u - u'),
    I(k) = int_0^pi e^{ik theta} sin(theta) d theta
         = 2/(1-k^2) (k even), 0 (k odd, k != +-1), +-i pi/2 (k = +-1).

``Delta^l`` is :func:`symphys.angular.wigner_d_half_pi`, each entry correctly rounded from its
exact closed form; the coefficients above are short sums of products of those entries, in
float64.
"""

from __future__ import annotations

import math

import numpy as np

from symphys.angular._exact import check_size
from symphys.angular.bases import complex_to_real
from symphys.angular.rotation import wigner_d_half_pi as _delta

__all__ = ["sh_to_fourier", "fourier_to_sh", "sh_to_fourier_coo", "fourier_to_sh_coo"]

_BASES = ("real", "complex")
#: dense conversion tensors above this many bytes are refused up front
MAX_DENSE_BYTES = 4 * 2**30


def _check_lmax(lmax: int, name: str = "lmax") -> int:
    if isinstance(lmax, bool) or not isinstance(lmax, (int, np.integer)):
        raise TypeError(f"{name}={lmax!r} must be an int")
    if lmax < 0:
        raise ValueError(f"{name}={lmax} violates {name} >= 0")
    return int(lmax)


def _check_basis(basis: str) -> str:
    if basis not in _BASES:
        raise ValueError(f"basis={basis!r} must be one of {_BASES}")
    return basis


def _degrees(lmax: int, progress: bool, desc: str):
    """range(lmax + 1), with a tqdm bar when ``progress``."""
    if not progress:
        return range(lmax + 1)
    from tqdm.auto import tqdm

    return tqdm(range(lmax + 1), desc=desc, unit="l")


def _fourier_pairs(lmax: int, progress: bool = False) -> np.ndarray:
    """Complex-basis y^{l,m}_u in compact form: array (2lmax+1 [m], lmax+1 [l], 2lmax+1 [u])."""
    out = np.zeros((2 * lmax + 1, lmax + 1, 2 * lmax + 1), dtype=complex)
    for l in _degrees(lmax, progress, f"sh_to_fourier lmax={lmax}"):
        d = _delta(l)
        norm = math.sqrt((2 * l + 1) / (4 * math.pi))
        ms = np.arange(-l, l + 1)
        phase = (-1j) ** (ms % 4)  # i^{-m}
        # prod[u, m] = Delta_{u m} Delta_{u 0}
        prod = d * d[:, l : l + 1]
        out[lmax - l : lmax + l + 1, l, lmax - l : lmax + l + 1] = (
            norm * phase[:, None] * prod.T
        )
    return out


def _i_kernel(k: np.ndarray) -> np.ndarray:
    """I(k) = int_0^pi e^{ik theta} sin(theta) d theta for integer k (array)."""
    k = np.asarray(k)
    out = np.zeros(k.shape, dtype=complex)
    even = k % 2 == 0
    out[even] = 2.0 / (1.0 - k[even].astype(float) ** 2)
    out[k == 1] = 0.5j * math.pi
    out[k == -1] = -0.5j * math.pi
    return out


#: the peak memory of the projection tables (what :func:`_projection_bytes` bounds)
_PROJECTION_FORMULA = "16 (2lmax+1) (lmax+1) (2umax+1) + 160 (lmax+1)^2 (2umax+1)"


def _projection_bytes(lmax: int, umax: int, *, dense: bool) -> int:
    """An upper bound on the peak memory of :func:`fourier_to_sh_coo` (``dense=False``) or
    :func:`fourier_to_sh` (and of :func:`sh_to_fourier_coo`, :func:`sh_to_fourier` with
    ``umax = lmax``): the compact pairs (complex, ``(2lmax+1, lmax+1, 2umax+1)``), the COO
    entries (at most two per row and ``u``, 40 bytes each, held twice while concatenated) and,
    for the dense tensor, its ``16 (lmax+1)^2 (2umax+1) (2lmax+1)`` bytes."""
    n = 16 * (2 * lmax + 1) * (lmax + 1) * (2 * umax + 1) + 160 * (lmax + 1) ** 2 * (2 * umax + 1)
    if dense:
        n += 16 * (lmax + 1) ** 2 * (2 * umax + 1) * (2 * lmax + 1)
    return n


def _projection_pairs(lmax: int, umax: int, progress: bool = False) -> np.ndarray:
    """Complex-basis z^{l,m}_u compact: array (2lmax+1 [m], lmax+1 [l], 2umax+1 [u])."""
    out = np.zeros((2 * lmax + 1, lmax + 1, 2 * umax + 1), dtype=complex)
    us = np.arange(-umax, umax + 1)
    for l in _degrees(lmax, progress, f"fourier_to_sh lmax={lmax}"):
        d = _delta(l)
        norm = 2 * math.pi * math.sqrt((2 * l + 1) / (4 * math.pi))
        ms = np.arange(-l, l + 1)
        phase = 1j ** (ms % 4)
        up = np.arange(-l, l + 1)
        kern = _i_kernel(us[None, :] - up[:, None])  # (u', u)
        prod = (d * d[:, l : l + 1]).T  # (m, u')
        out[lmax - l : lmax + l + 1, l, :] = norm * phase[:, None] * (prod @ kern)
    return out


def _c2r_pairs(lmax: int) -> tuple[np.ndarray, np.ndarray]:
    """Entries of the complex->real matrix C (S_m = sum_m' C[m, m'] Y_m'): (diag, anti).

    ``diag[m] = C[m, m]`` and ``anti[m] = C[m, -m]`` (zero at m = 0), arrays of shape (2lmax+1,);
    they do not depend on l.
    """
    c = complex_to_real(lmax)
    diag = np.diagonal(c).copy()
    anti = np.fliplr(c).diagonal().copy()  # anti[lmax + m] = C[m, -m]
    anti[lmax] = 0.0
    return diag, anti


def _coo(pairs: np.ndarray, lmax: int, basis: str, *, conj: bool):
    """Non-zero entries of the dense ((lmax+1)^2, U, 2lmax+1) tensor built from compact pairs.

    Complex-basis row (l, m) lives in column v = m; the real-basis row is
    ``S_{l,m} = C[m, m] Y_{l,m} + C[m, -m] Y_{l,-m}`` (conjugated C for projections), so it lives
    in columns v = +-m. Returns (indices (nnz, 3) int64, values (nnz,) complex, shape).
    """
    nm, _, nu = pairs.shape
    diag, anti = _c2r_pairs(lmax)
    if conj:
        diag, anti = diag.conj(), anti.conj()
    rows, cols, vals = [], [], []
    for l in range(lmax + 1):
        for m in range(-l, l + 1):
            i = l * (l + 1) + m
            if basis == "complex":
                parts = [(m, 1.0)]
            else:
                parts = [(m, diag[lmax + m])] + ([(-m, anti[lmax + m])] if m else [])
            for v, c in parts:
                col = c * pairs[lmax + v, l]
                nz = np.flatnonzero(col)
                rows.append(np.full(nz.size, i))
                cols.append(np.stack([nz, np.full(nz.size, lmax + v)], axis=1))
                vals.append(col[nz])
    idx = np.concatenate([np.concatenate(rows)[:, None], np.concatenate(cols)], axis=1)
    return idx, np.concatenate(vals), ((lmax + 1) ** 2, nu, nm)


def _dense(coo) -> np.ndarray:
    idx, vals, shape = coo
    nbytes = 16 * int(np.prod(shape))
    if nbytes > MAX_DENSE_BYTES:
        raise ValueError(
            f"the dense tensor of shape {shape} needs {nbytes / 2**30:.1f} GiB, more than "
            f"{MAX_DENSE_BYTES / 2**30:.0f} GiB; use the sparse (COO) table layout"
        )
    out = np.zeros(shape, dtype=complex)
    out[tuple(idx.T)] = vals
    return out


def sh_to_fourier_coo(lmax: int, *, basis: str = "complex", progress: bool = False):
    """Non-zero entries of :func:`sh_to_fourier` as a COO triple (no dense tensor is built).

    Same conventions as :func:`sh_to_fourier`: the dense tensor ``y`` of shape
    ``((lmax+1)^2, 2lmax+1, 2lmax+1)`` has ``y[i, u+lmax, v+lmax] = values[k]`` for
    ``(i, u+lmax, v+lmax) = indices[k]`` and zero elsewhere.

    Parameters
    ----------
    lmax : int
        Largest degree.
    basis : {"complex", "real"}
        Complex (Condon-Shortley) or real (Wikipedia) orthonormal harmonics.
    progress : bool
        Show a progress bar over degrees.

    Returns
    -------
    indices : numpy.ndarray
        int64 array of shape ``(nnz, 3)``, rows in degree-major order (not sorted).
    values : numpy.ndarray
        complex128 array of shape ``(nnz,)``.
    shape : tuple of int
        Shape of the dense tensor.

    Examples
    --------
    >>> idx, vals, shape = sh_to_fourier_coo(1)
    >>> shape, idx.shape[1]
    ((4, 3, 3), 3)
    """
    lmax = _check_lmax(lmax)
    basis = _check_basis(basis)
    # the compact pairs (complex, (2lmax+1)^2 (lmax+1) entries) are built first
    check_size("lmax", lmax, _projection_bytes(lmax, lmax, dense=False),
               "16 (2lmax+1)^2 (lmax+1) + 160 (lmax+1)^2 (2lmax+1)")
    return _coo(_fourier_pairs(lmax, progress), lmax, basis, conj=False)


def fourier_to_sh_coo(lmax: int, *, basis: str = "complex", umax: int | None = None,
                      progress: bool = False):
    """Non-zero entries of :func:`fourier_to_sh` as a COO triple (no dense tensor is built).

    Same conventions as :func:`fourier_to_sh`: the dense tensor ``z`` of shape
    ``((lmax+1)^2, 2umax+1, 2lmax+1)`` has ``z[i, u+umax, v+lmax] = values[k]`` for
    ``(i, u+umax, v+lmax) = indices[k]`` and zero elsewhere.

    Parameters
    ----------
    lmax : int
        Largest degree of the harmonics projected onto.
    basis : {"complex", "real"}
        Complex (Condon-Shortley) or real (Wikipedia) orthonormal harmonics.
    umax : int, optional
        Largest polar frequency of the series (default ``lmax``; at least ``lmax``).
    progress : bool
        Show a progress bar over degrees.

    Returns
    -------
    indices : numpy.ndarray
        int64 array of shape ``(nnz, 3)``.
    values : numpy.ndarray
        complex128 array of shape ``(nnz,)``.
    shape : tuple of int
        Shape of the dense tensor.

    Examples
    --------
    >>> idx, vals, shape = fourier_to_sh_coo(1, umax=2)
    >>> shape
    (4, 5, 3)
    """
    lmax = _check_lmax(lmax)
    basis = _check_basis(basis)
    umax = lmax if umax is None else _check_lmax(umax, "umax")
    if umax < lmax:
        raise ValueError(f"umax={umax} violates umax >= lmax={lmax}")
    check_size("lmax", lmax, _projection_bytes(lmax, umax, dense=False),
               _PROJECTION_FORMULA)
    return _coo(_projection_pairs(lmax, umax, progress), lmax, basis, conj=True)


def sh_to_fourier(lmax: int, *, basis: str = "complex") -> np.ndarray:
    """Fourier coefficients of the spherical harmonics up to degree ``lmax``.

    Returns ``y`` of shape ((lmax+1)^2, 2lmax+1, 2lmax+1), complex128, with
    ``Y_{l,m}(theta, phi) = sum_{u,v} y[l(l+1)+m, u+lmax, v+lmax] e^{i(u theta + v phi)}``
    (theta polar, phi azimuth), for the complex (``basis="complex"``) or real Wikipedia
    (``basis="real"``) harmonics; see the module docstring for the formula. Complex-basis
    rows are non-zero only at ``v = m``, real-basis rows at ``v = +-m``; ``|u| <= l``,
    ``u = l (mod 2)``.
    Memory: 16 (lmax+1)^2 (2lmax+1)^2 bytes (74 MB at lmax 32); cost O(lmax^3).

    >>> y = sh_to_fourier(1)
    >>> y.shape
    (4, 3, 3)
    >>> y[2, :, 1].real  # Y_1^0 = sqrt(3/4pi) cos(theta): 0.4886 (e^{i theta} + e^{-i theta})/2
    array([0.24430126, 0.        , 0.24430126])
    """
    lmax = _check_lmax(lmax)
    basis = _check_basis(basis)
    check_size("lmax", lmax, _projection_bytes(lmax, lmax, dense=True),
               "16 (2lmax+1)^2 (lmax+1) + 160 (lmax+1)^2 (2lmax+1) + 16 (lmax+1)^2 (2lmax+1)^2")
    return _dense(sh_to_fourier_coo(lmax, basis=basis))


def fourier_to_sh(lmax: int, *, basis: str = "complex", umax: int | None = None) -> np.ndarray:
    """Projection of a 2D Fourier series onto spherical harmonics up to degree ``lmax``.

    Returns ``z`` of shape ((lmax+1)^2, 2umax+1, 2lmax+1), complex128 (``umax`` defaults to
    ``lmax``; use the degree of the series, e.g. L1+L2 for a product), such that for
    ``f = sum_{|u| <= umax, |v| <= lmax} F[u+umax, v+lmax] e^{i(u theta + v phi)}``
    the harmonic coefficients are ``<B_{l,m}, f> = sum_{u,v} z[l(l+1)+m, u+umax, v+lmax]
    F[u+umax, v+lmax]`` with B the complex or real (Wikipedia) orthonormal harmonics (the inner
    product conjugates B). Memory: 16 (lmax+1)^2 (2umax+1)(2lmax+1) bytes; cost O(lmax^3 umax).

    >>> import numpy as np
    >>> y, z = sh_to_fourier(3), fourier_to_sh(3)
    >>> np.allclose(np.einsum("iuv,juv->ij", z, y), np.eye(16))  # z inverts y on harmonics
    True
    """
    lmax = _check_lmax(lmax)
    basis = _check_basis(basis)
    umax = lmax if umax is None else _check_lmax(umax, "umax")
    if umax < lmax:
        raise ValueError(f"umax={umax} violates umax >= lmax={lmax}")
    check_size("lmax", lmax, _projection_bytes(lmax, umax, dense=True),
               _PROJECTION_FORMULA + " + 16 (lmax+1)^2 (2umax+1) (2lmax+1)")
    return _dense(fourier_to_sh_coo(lmax, basis=basis, umax=umax))
