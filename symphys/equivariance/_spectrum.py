"""The covariance spectrum of point clouds, classified once for every user (internal).

Contract (internal to :mod:`symphys.equivariance`): :func:`frames`, :func:`frame_average` and
:func:`invariant_coordinates` read the principal axes of a cloud through :func:`scaled_axes` and
decide which eigenvalues are *null* and which are *tied* through :func:`classify` -- the one place
that does it. Everything stays on the device of the points (one boolean is read back by the
callers' checks, none under ``degenerate="ignore"``).

Tolerances
----------
- ``rtol=None`` (every public default) means :func:`default_rtol` of the points' dtype,
  ``sqrt(eps)``: 1.5e-8 for float64, 3.5e-4 for float32 (0.031 for float16). Eigenvalues of a
  covariance computed in a floating type carry relative errors of order ``eps`` times the
  condition of the point coordinates; ``sqrt(eps)`` separates those from genuine gaps in both
  precisions (a tolerance of 1e-8 let float32 tetrahedra, cubes and squares through as
  non-degenerate, with an arbitrary frame).
- A null eigenvalue is one at or below ``rtol * lam_1 + floor``. The absolute ``floor`` is the
  rounding noise the centring leaves in the cloud: each centred coordinate is off by at most
  ``64 eps`` in units of the largest coordinate ``a`` (summation and subtraction, with margin),
  which puts ``n d (64 eps a / s)^2`` into the eigenvalues of ``C / s^2`` (``s`` the cloud's
  radius about its centre). The floor is therefore relative to the centred cloud: translating
  a cloud of radius 1 by 1e8 changes nothing (``a / s`` grows, but only to 1e8, far from
  ``1 / eps``), while ``n`` copies of one point (centred coordinates that are pure rounding
  noise, ``s ~ eps a``) are all-null.

Gradients
---------
:func:`eigh` is ``xp.linalg.eigh`` with a derivative that stays finite when eigenvalues tie: the
factor ``1 / (lam_j - lam_i)`` of the eigenvector derivative is set to 0 for ``|lam_j - lam_i|``
at or below ``64 eps max|lam|``. That term multiplies ``v_i . dV_j``, which is zero whenever the
result does not depend on the basis chosen inside the tied block (a null block of dimension >= 2
has its frame columns zeroed), so the derivative is then exact; torch's and JAX's own rules give
``0 * inf = NaN`` there. For torch it is an ``autograd.Function`` (differentiable once), for JAX a
``custom_jvp`` (forward and reverse mode, any order of the eigenvalue part).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

import symphys._array as _array
from symphys.equivariance._checks import check_real

__all__ = ["FLOOR_ULPS", "default_rtol", "resolve_rtol", "scaled_axes", "classify", "eigh",
           "to_host"]

#: rounding error of a centred coordinate, in units of ``eps * max|x|`` (see module docstring)
FLOOR_ULPS = 64


def _eps(dtype: Any) -> float:
    """Machine epsilon of a NumPy, torch or JAX floating dtype (bfloat16 included)."""
    if type(dtype).__module__.startswith("torch"):
        import torch

        return float(torch.finfo(dtype).eps)
    try:
        return float(np.finfo(dtype).eps)
    except (TypeError, ValueError):  # bfloat16 & co (ml_dtypes): JAX's finfo knows them
        import jax.numpy as jnp

        return float(jnp.finfo(dtype).eps)


def default_rtol(dtype: Any) -> float:
    """``sqrt(eps)`` of a floating dtype: the default relative tolerance for degeneracy.

    >>> default_rtol(np.float64) < 2e-8, round(default_rtol(np.float32), 5)
    (True, 0.00035)
    """
    return math.sqrt(_eps(dtype))


def resolve_rtol(rtol: Any, dtype: Any) -> float:
    """``rtol`` checked (a real in [0, 1)) or, for None, :func:`default_rtol` of ``dtype``."""
    if rtol is None:
        return default_rtol(dtype)
    rtol = check_real(rtol, "rtol")
    if not 0 <= rtol < 1:
        raise ValueError(f"rtol={rtol!r} must satisfy 0 <= rtol < 1 (or be None: sqrt(eps) of "
                         "the points' dtype)")
    return rtol


def to_host(a: Any) -> np.ndarray:
    """Host copy of a small array, for error messages and the sampled-frame fallback only."""
    if _array.is_torch(a):
        return a.detach().cpu().numpy()
    return np.asarray(a)


def scaled_axes(xp: Any, x: Any, center: bool, *, check: bool = True
                ) -> tuple[Any, Any, Any, Any, Any]:
    """Centroid ``t``, eigenvalues ``lam`` (descending) and eigenvectors ``V`` of ``C / s^2``,
    the radius ``s`` (``(...,)``: the largest distance of a point to the centre, 1 for a cloud
    of identical points) and the radius relative to the largest coordinate, ``rel = s / a``.

    Scale-free tolerances, and no overflow or underflow in ``C`` for coordinates far from 1.
    Everything stays on ``x``'s device; differentiable (see :func:`eigh`)."""
    if x.ndim < 2:
        raise ValueError(f"points must have shape (..., n, d); got shape {tuple(x.shape)}")
    if x.shape[-2] < 1:
        raise ValueError("points must hold at least one point (axis -2 has length 0)")
    if x.shape[-1] < 1:
        raise ValueError("points must have at least one coordinate (axis -1 has length 0)")
    if any(int(k) == 0 for k in x.shape[:-2]):
        raise ValueError(f"points of shape {tuple(x.shape)} is an empty batch: the batch axes "
                         "(all but the last two) must hold at least one cloud")
    if check and not bool(xp.all(xp.isfinite(x))):  # one boolean read
        raise ValueError("points contain NaN or infinite coordinates")
    # everything in units of a = max |x| per cloud, so that coordinates near the float range
    # (1e308) neither overflow in the centroid or the differences nor underflow near 1e-308
    one = xp.ones_like(x[..., 0, 0])
    a = xp.max(xp.abs(x), axis=(-2, -1))
    a = xp.where(a > 0, a, one)
    u = x / a[..., None, None]
    tu = xp.mean(u, axis=-2) if center else xp.zeros_like(u[..., 0, :])
    uc = u - tu[..., None, :]
    su = xp.max(xp.abs(uc), axis=(-2, -1))
    su = xp.where(su > 0, su, one)
    # the largest distance to the centre (rotation and permutation invariant), in units of a;
    # the square root of the largest squared norm: finite derivatives also at a point on the
    # centre (a norm's derivative at 0 is 0/0)
    w = uc / su[..., None, None]
    su = su * xp.sqrt(xp.max(xp.sum(w * w, axis=-1), axis=-1))
    su = xp.where(su > 0, su, one)
    xs = uc / su[..., None, None]
    lam, vec = eigh(xp, xp.matrix_transpose(xs) @ xs)
    with np.errstate(over="ignore"):  # s beyond the float range is inf (documented)
        s = a * su
    return a[..., None] * tu, xp.flip(lam, axis=-1), xp.flip(vec, axis=-1), s, su


def classify(xp: Any, x: Any, lam: Any, rel: Any, rtol: float) -> tuple[Any, Any, Any]:
    """Boolean masks, on the device of ``x``: ``null`` ``(..., d)`` (null eigenvalues), ``tied``
    ``(..., d-1)`` (eigenvalue i equals i+1, both non-null) and ``bad`` ``(...,)`` (non-finite
    eigenvalues). ``lam`` are the eigenvalues of ``C / s^2``, descending; ``rel = s / a``."""
    n, d = int(x.shape[-2]), int(x.shape[-1])
    noise = FLOOR_ULPS * _eps(x.dtype) / rel  # rounding of a centred coordinate, in units of s
    floor = (n * d) * (noise * noise)[..., None]
    top = xp.where(lam[..., :1] > 0, lam[..., :1], xp.zeros_like(lam[..., :1]))
    null = lam <= rtol * top + floor
    gaps = lam[..., :-1] - lam[..., 1:]
    tied = (gaps <= rtol * top) & ~null[..., :-1] & ~null[..., 1:]
    bad = ~xp.all(xp.isfinite(lam), axis=-1)
    return null, tied, bad


# --------------------------------------------------------------------------- eigh
def _safe_inverse_gaps(xp: Any, lam: Any) -> Any:
    """``F_ij = 1 / (lam_j - lam_i)`` off the diagonal, 0 on it and where the gap is at or below
    ``FLOOR_ULPS * eps * max|lam|`` (ties)."""
    diff = lam[..., None, :] - lam[..., :, None]
    scale = xp.max(xp.abs(lam), axis=-1)[..., None, None]
    tol = FLOOR_ULPS * _eps(lam.dtype) * scale
    small = xp.abs(diff) <= tol
    safe = xp.where(small, xp.ones_like(diff), diff)
    return xp.where(small, xp.zeros_like(diff), 1 / safe)


@functools.cache
def _torch_eigh() -> Any:
    import torch

    class SafeEigh(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, a: Any) -> Any:
            lam, vec = torch.linalg.eigh(a)
            ctx.save_for_backward(lam, vec)
            return lam, vec

        @staticmethod
        def backward(ctx: Any, g_lam: Any, g_vec: Any) -> Any:
            lam, vec = ctx.saved_tensors
            inner = torch.zeros_like(vec)
            if g_vec is not None:
                vg = vec.mT @ g_vec
                inner = 0.5 * (vg - vg.mT) * _safe_inverse_gaps(_array.namespace(lam), lam)
            if g_lam is not None:
                inner = inner + torch.diag_embed(g_lam)
            return vec @ inner @ vec.mT

    return SafeEigh.apply


@functools.cache
def _jax_eigh() -> Any:
    import jax
    import jax.numpy as jnp

    @jax.custom_jvp
    def safe_eigh(a: Any) -> Any:
        return tuple(jnp.linalg.eigh(a))

    @safe_eigh.defjvp
    def _jvp(primals: Any, tangents: Any) -> Any:
        (a,), (da,) = primals, tangents
        lam, vec = safe_eigh(a)
        da = 0.5 * (da + jnp.swapaxes(da, -1, -2))
        vt_da_v = jnp.swapaxes(vec, -1, -2) @ da @ vec
        d_lam = jnp.diagonal(vt_da_v, axis1=-2, axis2=-1)
        d_vec = vec @ (_safe_inverse_gaps(jnp, lam) * vt_da_v)
        return (lam, vec), (d_lam, d_vec)

    return safe_eigh


def eigh(xp: Any, a: Any) -> tuple[Any, Any]:
    """Eigenvalues (ascending) and eigenvectors of symmetric ``a``, with tie-safe derivatives
    for torch (when ``a`` requires grad) and JAX (see the module docstring)."""
    if _array.is_torch(a) and a.requires_grad:
        return _torch_eigh()(a)
    if _array.is_jax(a):
        return _jax_eigh()(a)
    return xp.linalg.eigh(a)
