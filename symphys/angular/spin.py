"""Spin-weighted spherical harmonics ``sY_lm`` (Newman & Penrose; Goldberg et al.).

Convention (J. N. Goldberg, A. J. Macfarlane, E. T. Newman, F. Rohrlich and E. C. G. Sudarshan,
J. Math. Phys. 8, 2155 (1967), doi:10.1063/1.1705135, with the Condon-Shortley phase of
:func:`~symphys.angular.spherical_harmonics`)::

    sY_lm(θ, φ) = (-1)^s sqrt((2l+1)/(4π)) e^{imφ} d^l_{m,-s}(θ)

with ``d`` the small Wigner matrix of :func:`~symphys.angular.wigner_d`. So ``0Y_lm = Y_lm``
(scipy's ``sph_harm_y``), ``1Y_10 = sqrt(3/(8π)) sin θ``, and the spin-raising operator
``ð η = -(sin θ)^s (∂_θ + i/sin θ ∂_φ) (sin θ)^(-s) η`` acts as
``ð sY_lm = sqrt((l-s)(l+s+1)) (s+1)Y_lm`` (checked in the tests); ``sY_lm = 0`` for
``l < |s|``. The ``d`` column comes from the Fourier identity of :mod:`symphys.angular.rotation`
(exact ``d(π/2)``, bounded sums: stable at every ``l``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from symphys.angular._exact import check_size, twice_j
from symphys.angular.rotation import MAX_ROTATION_J, _angle, _delta

__all__ = ["spin_weighted_harmonics"]


def spin_weighted_harmonics(s: int, lmax: int, theta: np.ndarray | float,
                            phi: np.ndarray | float) -> np.ndarray:
    """All ``sY_lm`` with ``l <= lmax`` at the angles ``(theta, phi)`` (module convention).

    Parameters
    ----------
    s : int
        Spin weight.
    lmax : int
        Largest degree, at most ``MAX_ROTATION_J`` (250).
    theta, phi : array_like
        Polar angle and azimuth (radians), broadcast together to ``(...)``; finite.

    Returns
    -------
    numpy.ndarray
        complex128, shape ``(..., (lmax+1)**2)``, entry ``l*(l+1) + m`` as
        :func:`~symphys.angular.spherical_harmonics`; zeros for ``l < |s|``.

    Examples
    --------
    >>> import numpy as np
    >>> Y = spin_weighted_harmonics(1, 1, 0.4, 0.0)
    >>> bool(np.isclose(Y[2], np.sqrt(3 / (8 * np.pi)) * np.sin(0.4)))   # 1Y_10
    True
    """
    if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)):
        raise TypeError(f"s={s!r} must be an int (the spin weight)")
    s = int(s)
    tl = twice_j(lmax, "lmax")
    if tl % 2:
        raise ValueError(f"lmax={Fraction(tl, 2)} must be an integer")
    lmax = tl // 2
    if lmax > MAX_ROTATION_J:
        raise ValueError(f"lmax={lmax} violates lmax <= {MAX_ROTATION_J} (MAX_ROTATION_J)")
    if abs(s) > MAX_ROTATION_J:
        raise ValueError(f"s={s} violates |s| <= {MAX_ROTATION_J} (MAX_ROTATION_J)")
    theta, phi = np.broadcast_arrays(_angle(theta, "theta"), _angle(phi, "phi"))
    shape = theta.shape
    n = max(1, int(np.prod(shape)))
    size = (lmax + 1) ** 2
    check_size("lmax", lmax, 16 * 4 * n * (2 * lmax + 1) + 16 * n * size,
               "64 n (2 lmax+1) + 16 n (lmax+1)^2 (n points)")
    out = np.zeros((n, size), dtype=complex)
    th, ph = theta.reshape(-1), phi.reshape(-1)
    for l in range(abs(s), lmax + 1):
        out[:, l * l: (l + 1) ** 2] = _degree(l, s, th, ph)
    return out.reshape(shape + (size,))


def _degree(l: int, s: int, theta: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """``sY_lm``, ``m = -l..l``, for one degree: ``(n, 2l+1)``."""
    D = _delta(2 * l)  # D[k, m] = d^l_{k m}(pi/2), rows/columns -l..l
    col = l - s  # index of the column m2 = -s
    k = np.arange(-l, l + 1, dtype=float)
    kb = theta[:, None] * k
    W = D * D[:, col][:, None]  # W[k, m] = D[k, m] D[k, -s]
    C = np.cos(kb) @ W
    S = np.sin(kb) @ W
    # d^l_{m,-s}(b) = i^(m+s) sum_k D[k,m] D[k,-s] e^{-ikb}: +-C for even m+s, +-S for odd
    diff = np.arange(2 * l + 1) - col  # m + s
    d = np.where(diff % 2 == 0, np.where((diff // 2) % 2 == 0, 1.0, -1.0) * C,
                 np.where(((diff - 1) // 2) % 2 == 0, 1.0, -1.0) * S)
    m = np.arange(-l, l + 1)
    norm = (-1.0) ** (s % 2) * math.sqrt((2 * l + 1) / (4 * math.pi))
    return norm * np.exp(1j * m * phi[:, None]) * d
