"""TinvNN's transformation-invariant, distance-preserving initial point representation.

Zhang et al., "Revisiting Transformation Invariant Geometric Deep Learning: Are Initial
Representations All You Need?" (arXiv:2112.12345) feed a network coordinates obtained by a
modified classical multidimensional scaling (MDS). Classical MDS of the squared-distance matrix
``D2`` takes the double-centred Gram matrix ``B = -1/2 J D2 J = Xc Xc^T`` (``J = I - 11^T/n``,
``Xc = X - 1 t^T`` the centred points) and its top eigenpairs ``B = U diag(s^2) U^T``; the
coordinates are ``Y = U diag(s)``. Since ``Xc = U diag(s) V^T`` (SVD), ``Y = Xc V``: the centred
points expressed in their principal axes, which is how they are computed here (a ``d x d``
eigenproblem instead of ``n x n``). ``B`` depends only on pairwise distances, so ``Y`` is
E(d)-invariant up to the sign of each axis, and distances are preserved exactly (``V``
orthogonal).

Sign canonicalisation (the "modification")
------------------------------------------
Each column ``y`` (one principal axis) is multiplied by ``sign(sum_i y_i^3)``: the point cloud is
oriented so that its third moment (skewness) along every axis is positive. This is invariant
under permutations of the points, so ``Y`` is permutation-equivariant. When
``|sum y^3| <= sign_tol * sum |y|^3`` (an axis along which the cloud is symmetric), the entry of
largest ``|y_i|`` (the first index among those equal to it within ``max(1e-9, 64 eps)``
relative) is made positive instead: deterministic, but then
permutation equivariance holds only up to that axis's sign. Axes with null variance (collinear or
coplanar clouds, ``n <= d``) are returned as exact zero columns.

Degenerate (repeated, non-null) variances make the axes themselves ambiguous: a ``ValueError`` by
default, or with ``degenerate="warn"`` a ``RuntimeWarning`` and the (basis-dependent) result.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np

import symphys._array as _array
from symphys.equivariance._checks import check_real
from symphys.equivariance._spectrum import classify, resolve_rtol, scaled_axes, to_host

__all__ = ["invariant_coordinates"]


def invariant_coordinates(
    points: Any,
    *,
    scale: bool = False,
    rtol: float | None = None,
    sign_tol: float | None = None,
    degenerate: Literal["raise", "warn"] = "raise",
) -> Any:
    """E(d)-invariant, distance-preserving coordinates of point clouds (TinvNN's modified MDS).

    Parameters
    ----------
    points : ``(..., n, d)`` NumPy array, torch tensor or JAX array (same kind, dtype and
        device out).
    scale : also divide by the RMS distance of the points to their centroid, making the result
        invariant under similarity transforms (rotation, reflection, translation and scaling);
        distances are then preserved up to that one factor per cloud. A cloud of identical
        points stays all zeros.
    rtol : relative tolerance (to the largest variance) for null and repeated variances; None
        (default): ``sqrt(eps)`` of the points' dtype (1.5e-8 float64, 3.5e-4 float32).
    sign_tol : relative size below which a third moment counts as zero (see module docstring);
        None (default): ``sqrt(eps)`` of the points' dtype, as ``rtol``.
    degenerate : ``"raise"``, ``"warn"`` or ``"ignore"`` for repeated non-null variances.
        ``"ignore"`` skips every value-dependent check (nothing is read back from the device:
        works under ``jax.jit``, ``torch.compile`` and on torch's ``meta`` device).

    Returns
    -------
    ``(..., n, d)`` coordinates, columns ordered by decreasing variance, each column oriented by
    the sign rule of the module docstring; same array kind as ``points``.

    >>> X = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 1.0], [1.0, 2.0]])
    >>> Y = invariant_coordinates(X)
    >>> R = np.array([[0.6, -0.8], [0.8, 0.6]])
    >>> bool(np.allclose(invariant_coordinates(X @ R.T + [5.0, -1.0]), Y, atol=1e-12))
    True
    >>> d = lambda P: np.linalg.norm(P[:, None] - P[None], axis=-1)
    >>> bool(np.allclose(d(Y), d(X), atol=1e-12))
    True
    """
    if degenerate not in ("raise", "warn", "ignore"):
        raise ValueError(f"degenerate={degenerate!r} must be 'raise', 'warn' or 'ignore'")
    if not isinstance(scale, (bool, np.bool_)):
        raise TypeError(f"scale={scale!r} must be a bool")
    xp = _array.namespace(points)
    x = _array.floating(points)
    rtol = resolve_rtol(rtol, x.dtype)
    sign_tol = (resolve_rtol(None, x.dtype) if sign_tol is None
                else check_real(sign_tol, "sign_tol", low=0.0))
    check = degenerate != "ignore"
    # lam: eigenvalues of C / s^2; rel = s / max|x|
    t, lam, vec, s, rel = scaled_axes(xp, x, True, check=check)
    d = int(lam.shape[-1])
    null, tied, bad = classify(xp, x, lam, rel, rtol)
    if check and bool(xp.any(bad) | xp.any(tied)):  # one boolean read; none for "ignore"
        if bool(xp.any(bad)):
            raise ValueError("points contain NaN or infinite coordinates")
        where = np.argwhere(to_host(tied).reshape(-1, max(d - 1, 1)))[0]
        msg = (f"repeated variance: principal axes {where[1] + 1} and {where[1] + 2} of cloud "
               f"{where[0]} have equal variance within rtol={rtol}, so their directions (and the "
               "coordinates) are not unique")
        if degenerate == "raise":
            raise ValueError(msg + "; pass degenerate='warn' to accept a basis-dependent result")
        warnings.warn(msg, RuntimeWarning, stacklevel=2)

    y = (x - t[..., None, :]) @ vec  # (..., n, d)
    ys = y / s[..., None, None]  # scaled: no overflow in the cubes
    m3 = xp.sum(ys * ys * ys, axis=-2)
    mag = xp.abs(ys)
    a3 = xp.sum(mag * mag * mag, axis=-2)
    # first entry whose |y| is within rounding of the largest (ties broken by index), selected
    # with a cumulative count instead of a gather
    near = mag >= (1 - max(1e-9, 64 * rtol * rtol)) * xp.max(mag, axis=-2, keepdims=True)
    first = near & (xp.cumulative_sum(xp.astype(near, xp.int64), axis=-2) == 1)
    biggest = xp.sum(xp.where(first, ys, xp.zeros_like(ys)), axis=-2)
    sign = xp.where(xp.abs(m3) > sign_tol * a3, xp.sign(m3), xp.sign(biggest))
    sign = xp.where(null | (sign == 0), xp.zeros_like(sign), sign)
    y = y * sign[..., None, :]
    if scale:
        ys = y / s[..., None, None]
        ms = xp.mean(xp.sum(ys * ys, axis=-1), axis=-1)[..., None, None]
        # an all-zero cloud (identical points) stays zero
        y = ys / xp.where(ms == 0, xp.ones_like(ms), xp.sqrt(ms))
    return y
