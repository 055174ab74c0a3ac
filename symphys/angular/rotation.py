"""Wigner D and small-d matrices for any ``l`` (integer or half-integer), float64, stable.

Convention (active rotations, z-y-z Euler angles, as Wikipedia, sympy and Edmonds)::

    D^j_{m'm}(α, β, γ) = <j m'| e^{-iαJz} e^{-iβJy} e^{-iγJz} |j m>
                       = e^{-im'α} d^j_{m'm}(β) e^{-imγ}
    d^j_{m'm}(β) = sum_s (-1)^(m'-m+s) sqrt((j+m')!(j-m')!(j+m)!(j-m)!)
                   cos(β/2)^(2j+m-m'-2s) sin(β/2)^(m'-m+2s) / ((j+m-s)! s! (m'-m+s)! (j-m'-s)!)

Rows ``m'`` and columns ``m`` run ``-j..j``. With ``R = R_z(α) R_y(β) R_z(γ)`` acting on
vectors, the harmonics rotate as ``Y_l^m(R^T r) = sum_{m'} Y_l^{m'}(r) D^l_{m'm}(R)``
(checked in the tests).

The alternating sum above loses all accuracy at high ``j``. Instead ``d`` is built from
``Δ = d(π/2)`` (exact integers, correctly rounded) by the Fourier identity
``d^j_{m'm}(β) = i^(m'-m) sum_k Δ_{k m'} Δ_{k m} e^{-ikβ}`` ([Risbo96]_, [Feng15]_): a sum
of bounded terms (``sum_k |Δ_{km'} Δ_{km}| <= 1``), so the absolute error stays ~ ``sqrt(j)``
ulps at every ``j``. The guarantee is absolute, not relative: entries far below 1 (e.g.
``d^j_{-j,j}(β) ~ (β/2)^(2j)`` at small ``β``) carry an absolute error ~1e-16, which is what
unitarity and the group law need (checked at ``β = 1e-10`` against the explicit sum).

.. [Risbo96] T. Risbo, J. Geodesy 70, 383 (1996), doi:10.1007/s001900050028.
.. [Feng15] X. M. Feng, P. Wang, W. Yang and G. R. Jin, Phys. Rev. E 92, 043307 (2015),
   doi:10.1103/PhysRevE.92.043307.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from symphys.angular._exact import check_size, factorial, rounded_sqrt, twice_j

__all__ = ["wigner_d", "wigner_D", "wigner_d_half_pi", "wigner_D_from_quaternion"]


#: largest ``j`` of the rotation matrices: ``d^j(pi/2)`` is built from exact integer
#: polynomial coefficients, a cost growing like ``j**3`` (about 3 s at ``j = 250``)
MAX_ROTATION_J = 250


def _rotation_tj(j: object) -> int:
    """Doubled ``j`` of a rotation matrix, refused above :data:`MAX_ROTATION_J` at once."""
    tj = twice_j(j, "j")
    if tj > 2 * MAX_ROTATION_J:
        raise ValueError(f"j={Fraction(tj, 2)} violates j <= {MAX_ROTATION_J} (MAX_ROTATION_J: "
                         "the exact d^j(pi/2) behind every rotation matrix costs about j**3 "
                         f"= {float(Fraction(tj, 2)) ** 3:.3g} big-integer operations)")
    return tj


@lru_cache(maxsize=64)
def _delta(tj: int) -> np.ndarray:
    """``Δ[m', m] = d^j_{m'm}(π/2)`` correctly rounded; doubled ``j``; read-only."""
    n = tj + 1
    out = np.zeros((n, n))
    # poly_m = (1-x)^(j+m) (1+x)^(j-m) as exact int coefficients, stepping m by one
    poly = [1]
    for _ in range(tj):
        poly = [a + b for a, b in zip(poly + [0], [0] + poly, strict=True)]  # (1+x)^(2j)
    fact = [factorial((tj + t) // 2) * factorial((tj - t) // 2) for t in range(-tj, tj + 1, 2)]
    for i in range(n):  # m = -j + i
        if i:
            # times (1-x) then divided by (1+x), exactly
            prod = [a - b for a, b in zip(poly + [0], [0] + poly, strict=True)]
            q = [0] * (len(prod) - 1)
            rem = prod[:]
            for k in range(len(prod) - 1, 0, -1):
                q[k - 1] = rem[k]
                rem[k - 1] -= rem[k]
            poly = q
        for r in range(n):  # m' = -j + r;  coefficient of x^(j-m')
            c = poly[tj - r]
            if c == 0:
                continue
            sgn = -1 if ((r - i) % 2) ^ (c < 0) else 1
            v = rounded_sqrt(c * c * fact[r], fact[i] << tj)
            out[r, i] = sgn * v
    out.flags.writeable = False
    return out


def wigner_d_half_pi(j: int | float | Fraction) -> np.ndarray:
    """``Δ^j = d^j(π/2)``, correctly rounded from its exact value; shape ``(2j+1, 2j+1)``.

    Exact form (T. Risbo, J. Geodesy 70, 383 (1996), doi:10.1007/s001900050028):
    ``Δ_{m'm} = 2^-j sqrt((j+m')!(j-m')!/((j+m)!(j-m)!)) sum_k (-1)^(k-m+m') C(j+m, k)
    C(j-m, j-m'-k)``.

    Examples
    --------
    >>> import numpy as np
    >>> np.round(wigner_d_half_pi(1) * 2, 12)
    array([[ 1.      ,  1.414214,  1.      ],
           [-1.414214,  0.      ,  1.414214],
           [ 1.      , -1.414214,  1.      ]])
    """
    return _delta(_rotation_tj(j)).copy()


def wigner_d(j: int | float | Fraction, beta: np.ndarray | float) -> np.ndarray:
    """Small Wigner d matrix ``d^j_{m'm}(β)`` (module convention), batched over ``β``.

    Parameters
    ----------
    j : int or half-integer
    beta : array_like, shape ``(...)``

    Returns
    -------
    numpy.ndarray
        float64, shape ``(..., 2j+1, 2j+1)``, rows ``m'``, columns ``m``, both ``-j..j``.

    Examples
    --------
    >>> import numpy as np
    >>> d = wigner_d(0.5, np.pi / 3)
    >>> c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    >>> bool(np.allclose(d, [[c, s], [-s, c]]))
    True
    >>> d = wigner_d(200, [0.1, 2.0])
    >>> d.shape, float(np.abs(d[1] @ d[1].T - np.eye(401)).max()) < 1e-12
    ((2, 401, 401), True)
    """
    tj = _rotation_tj(j)
    beta = _angle(beta, "beta")
    D = _delta(tj)
    k = (np.arange(tj + 1) * 2 - tj) / 2.0  # k = -j..j
    kb = beta[..., None] * k
    C = (D.T * np.cos(kb)[..., None, :]) @ D
    S = (D.T * np.sin(kb)[..., None, :]) @ D
    mm = np.arange(tj + 1)
    diff = mm[:, None] - mm[None, :]  # m' - m (an integer)
    # i^(m'-m) e^{-ikβ}: real part is +-cos-sum for even m'-m, +-sin-sum for odd
    even = diff % 2 == 0
    sign_even = np.where((diff // 2) % 2 == 0, 1.0, -1.0)
    sign_odd = np.where(((diff - 1) // 2) % 2 == 0, 1.0, -1.0)
    return np.where(even, sign_even * C, sign_odd * S)


def _angle(value: object, name: str) -> np.ndarray:
    """An array of finite real angles (radians), or an error naming the argument."""
    if value is None or isinstance(value, (str, bytes)) or np.iscomplexobj(value):
        raise TypeError(f"{name}={value!r} must be real angles in radians")
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name}={value!r} must be real angles in radians") from exc
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must be finite")
    return out


def wigner_D(j: int | float | Fraction, alpha: np.ndarray | float, beta: np.ndarray | float,
             gamma: np.ndarray | float) -> np.ndarray:
    """Wigner D matrix ``D^j_{m'm}(α, β, γ) = e^{-im'α} d^j_{m'm}(β) e^{-imγ}`` (z-y-z, active).

    Parameters
    ----------
    j : int or half-integer
    alpha, beta, gamma : array_like, broadcast to ``(...)``

    Returns
    -------
    numpy.ndarray
        complex128, shape ``(..., 2j+1, 2j+1)``; unitary, and ``D(R1 R2) = D(R1) D(R2)``.

    Examples
    --------
    >>> import numpy as np
    >>> D = wigner_D(1, 0.1, 0.2, 0.3)
    >>> bool(np.allclose(D @ D.conj().T, np.eye(3)))
    True
    >>> bool(np.isclose(wigner_D(1, 0.5, 0.0, 0.0)[0, 0], np.exp(0.5j)))   # m' = -1
    True
    """
    tj = _rotation_tj(j)
    n = int(np.prod(np.broadcast_shapes(np.shape(alpha), np.shape(beta), np.shape(gamma))))
    check_size("j", Fraction(tj, 2), 16 * 4 * n * (tj + 1) ** 2, "64 n (2j+1)^2 (n angles)")
    alpha, beta, gamma = np.broadcast_arrays(_angle(alpha, "alpha"), _angle(beta, "beta"),
                                             _angle(gamma, "gamma"))
    m = (np.arange(tj + 1) * 2 - tj) / 2.0
    d = wigner_d(Fraction(tj, 2), beta)
    ea = np.exp(-1j * alpha[..., None] * m)
    eg = np.exp(-1j * gamma[..., None] * m)
    return ea[..., :, None] * d * eg[..., None, :]



def _quaternions(q: object) -> np.ndarray:
    """Unit quaternions ``(..., 4)`` (scalar first), normalised; zero or non-finite ones are
    refused with a ValueError, complex/strings/None with a TypeError."""
    if q is None or isinstance(q, (str, bytes)) or np.iscomplexobj(q):
        raise TypeError(f"q={q!r:.60} must be real quaternions (w, x, y, z)")
    try:
        arr = np.asarray(q, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"q={q!r:.60} must be real quaternions (w, x, y, z)") from exc
    if arr.shape[-1:] != (4,):
        raise ValueError(f"q must have shape (..., 4) (w, x, y, z), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("q must be finite")
    norm = np.linalg.norm(arr, axis=-1, keepdims=True)
    if np.any(norm == 0):
        raise ValueError("q must be non-zero quaternions (each is normalised to unit length)")
    return arr / norm


def wigner_D_from_quaternion(j: int | float | Fraction, q: np.ndarray) -> np.ndarray:
    """Wigner D matrix of the rotation (or, for half-integer ``j``, the SU(2) element) given by
    unit quaternions ``q = (w, x, y, z)``, scalar first.

    Convention: ``q`` acts as ``w - i (x sigma_x + y sigma_y + z sigma_z)`` on spin 1/2, so
    ``q = (cos(a/2), sin(a/2) n)`` is the active rotation by ``a`` about the unit axis ``n``
    (scipy's ``Rotation.from_quat`` with scalar last gives the same rotation), and
    ``D^j(q) = wigner_D(j, alpha, beta, gamma)`` for the z-y-z Euler angles of ``q``:
    ``alpha + gamma = 2 arg(w + i z)``, ``alpha - gamma = -2 arg(y + i x)``,
    ``beta = 2 atan2(|y + i x|, |w + i z|)`` (well defined through the gimbal-lock points,
    where only the sum or difference enters). ``D(q1 q2) = D(q1) D(q2)``, signs included for
    half-integer ``j`` (``q`` and ``-q`` differ there by ``(-1)^(2j)``). Non-unit ``q`` are
    normalised; zero or non-finite ones raise ValueError.

    Parameters
    ----------
    j : int or half-integer
    q : array_like, shape ``(..., 4)``

    Returns
    -------
    numpy.ndarray
        complex128, shape ``(..., 2j+1, 2j+1)`` (rows ``m'``, columns ``m``, ``-j..j``).

    Examples
    --------
    >>> import numpy as np
    >>> a = 0.7   # about z: diag(e^{-i m a}), m = -1, 0, 1
    >>> D = wigner_D_from_quaternion(1, [np.cos(a / 2), 0, 0, np.sin(a / 2)])
    >>> bool(np.allclose(D, np.diag(np.exp(-1j * a * np.array([-1, 0, 1])))))
    True
    """
    tj = _rotation_tj(j)
    q = _quaternions(q)
    n = int(np.prod(q.shape[:-1]))
    check_size("j", Fraction(tj, 2), 16 * 4 * n * (tj + 1) ** 2, "64 n (2j+1)^2 (n rotations)")
    w, x, y, z = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    ra, rb = np.hypot(w, z), np.hypot(y, x)
    beta = 2 * np.arctan2(rb, ra)
    s = 2 * np.arctan2(z, w)  # alpha + gamma
    d = -2 * np.arctan2(x, y)  # alpha - gamma
    return wigner_D(Fraction(tj, 2), (s + d) / 2, beta, (s - d) / 2)
