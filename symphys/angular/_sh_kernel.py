"""Internal: real spherical harmonics of Cartesian vectors, differentiable, any array library.

Contract (internal module of :mod:`symphys.angular`; its names are public to the rest of
symphys -- :mod:`symphys.nn`, :mod:`symphys.jax` -- and may change without notice):

- :func:`harmonics` -- ``(..., 3)`` vectors -> ``(..., (lmax+1)^2)`` real harmonics, written
  once against the array-API namespace of the input (NumPy, PyTorch, JAX) with polynomial
  recurrences only (no angles, no ``atan2``, no division by ``sin theta``), so gradients of
  every order are finite everywhere except at the zero vector when ``normalize=True``;
- :data:`BASES`, :data:`NORMALIZATIONS`, :data:`MAX_LMAX`.

Convention: index ``l(l+1)+m``. ``basis="real"``: Wikipedia's real harmonics with the
Condon-Shortley phase (``l = 1`` is ``sqrt(3/4pi) (y, z, x)``), as
:func:`symphys.angular.spherical_harmonics_xyz`; ``basis="e3nn"``: e3nn's, the real ones at the
point ``(z, x, y)`` (``l = 1`` is ``(x, y, z)``). Fully normalised associated Legendre
recurrences in ``z`` with ``r^2`` kept (Holmes and Featherstone, J. Geodesy 76, 279 (2002)),
times ``Re/Im (x + i y)^m``; ``normalize=False`` gives the solid harmonics ``r^l Y(r/|r|)``
(which overflow to inf where ``|r|^l`` exceeds the dtype's range). ``normalize=True`` evaluates
the zero vector at the direction ``+z``; a vector with a NaN or infinite component gives NaN
(NaN in, NaN out).
"""

from __future__ import annotations

import math
from typing import Any

from symphys._array import namespace

__all__ = ["BASES", "MAX_LMAX", "NORMALIZATIONS", "harmonics"]

BASES = ("e3nn", "real")
NORMALIZATIONS = ("integral", "component", "norm")
#: largest degree (the recurrences stay in range in float32 far beyond it)
MAX_LMAX = 64


def harmonics(lmax: int, vectors: Any, *, basis: str, normalization: str = "integral",
              normalize: bool = True) -> Any:
    """Real harmonics up to ``lmax`` of ``vectors (..., 3)`` (see the module docstring)."""
    xp = namespace(vectors)
    if basis == "e3nn":
        x, y, z = vectors[..., 2], vectors[..., 0], vectors[..., 1]
    else:
        x, y, z = vectors[..., 0], vectors[..., 1], vectors[..., 2]
    if normalize:
        # scale by the largest |component| first (no overflow or underflow of r^2), and take
        # the zero vector to the direction +z (as the numpy harmonics); the double ``where``
        # keeps the gradient there finite (zero)
        big = xp.maximum(xp.maximum(xp.abs(x), xp.abs(y)), xp.abs(z))
        zero = big == 0
        safe = xp.where(zero, xp.ones_like(big), big)
        x, y, z = x / safe, y / safe, z / safe
        r = xp.sqrt(x * x + y * y + z * z)
        r = xp.where(zero, xp.ones_like(r), r)
        x, y = xp.where(zero, xp.zeros_like(x), x / r), xp.where(zero, xp.zeros_like(y), y / r)
        z = xp.where(zero, xp.ones_like(z), z / r)
        r2 = x * 0 + 1.0
    else:
        r2 = x * x + y * y + z * z
    # cos/sin multiples as polynomials: C_m + i S_m = (x + i y)^m
    C, S = [x * 0 + 1.0], [x * 0]
    for _ in range(lmax):
        c, s = C[-1], S[-1]
        C.append(x * c - y * s)
        S.append(x * s + y * c)
    # fully normalised P_l^m(z) / sin^m (times r^(l-m) for solid harmonics)
    P: dict[tuple[int, int], Any] = {(0, 0): x * 0 + 1.0 / math.sqrt(4 * math.pi)}
    for m in range(lmax + 1):
        if m > 0:
            P[m, m] = P[m - 1, m - 1] * math.sqrt((2 * m + 1) / (2 * m))
        if m + 1 <= lmax:
            P[m + 1, m] = P[m, m] * (math.sqrt(2 * m + 3) * z)
        for l in range(m + 2, lmax + 1):
            a = math.sqrt((4 * l * l - 1) / (l * l - m * m))
            b = math.sqrt(((l - 1) ** 2 - m * m) * (2 * l + 1) / ((2 * l - 3) * (l * l - m * m)))
            P[l, m] = a * z * P[l - 1, m] - b * r2 * P[l - 2, m]
    out = []
    for l in range(lmax + 1):
        scale = {"integral": 1.0, "component": math.sqrt(4 * math.pi),
                 "norm": math.sqrt(4 * math.pi / (2 * l + 1))}[normalization]
        for m in range(-l, l + 1):
            if m == 0:
                out.append(P[l, 0] * scale)
            elif m > 0:
                out.append(P[l, m] * C[m] * (math.sqrt(2) * scale))
            else:
                out.append(P[l, -m] * S[-m] * (math.sqrt(2) * scale))
    return xp.stack(out, axis=-1)
