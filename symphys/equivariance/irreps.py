"""O(3) acting on spherical-tensor outputs: Wigner D matrices of rotation matrices, as actions.

A model output of degree ``l`` is a vector of ``2l+1`` coefficients transforming like the
spherical harmonics ``Y_l`` of :mod:`symphys.angular`. For ``R`` in O(3)::

    Y_l(R r) = rho_l(R) Y_l(r),

    rho_l(R) = conj(D^l(alpha, beta, gamma))                        (basis="complex", R in SO(3))
    rho_l(R) = U_l conj(D^l(alpha, beta, gamma)) U_l^dagger            (basis="real",    R in SO(3))
    rho_l(R) = parity * rho_l(-R)                                      (det R = -1)

where ``R = R_z(alpha) R_y(beta) R_z(gamma)`` (z-y-z Euler angles, from
``scipy.spatial.transform.Rotation``), ``D^l`` is :func:`symphys.angular.wigner_D` (active,
``D_{m'm} = <l m'|e^{-i alpha J_z} e^{-i beta J_y} e^{-i gamma J_z}|l m>``) and ``U_l`` is
:func:`symphys.angular.complex_to_real` (Wikipedia's real harmonics, Condon-Shortley phase; for
``l = 1`` the real basis is ``(y, z, x)``). ``parity`` defaults to ``(-1)^l``, the harmonics' own
(``Y_l(-r) = (-1)^l Y_l(r)``); pass ``+1``/``-1`` for pseudo-tensors.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

import symphys._array as _array
from symphys.equivariance._checks import check_count
from symphys.equivariance.symmetry import GroupElements

__all__ = ["irrep_matrix", "irrep_action"]


def irrep_matrix(
    l: int, R: Any, *, basis: Literal["complex", "real"] = "complex", parity: int | None = None
) -> np.ndarray:
    """``rho_l(R)``, the degree-``l`` representation of rotation/reflection matrices ``R``.

    Parameters
    ----------
    l : degree ``l >= 0``.
    R : ``(..., 3, 3)`` orthogonal matrices (det ``+-1``).
    basis : {"complex", "real"}
        ``"complex"`` (default; complex harmonics, Condon-Shortley phase) or ``"real"`` (real
        harmonics of :func:`symphys.angular.complex_to_real`).
    parity : sign for ``det R = -1``; default ``(-1)^l``.

    Returns
    -------
    ``(..., 2l+1, 2l+1)``: float64 for ``"real"``, complex128 for ``"complex"``;
    ``Y_l(R r) = rho_l(R) @ Y_l(r)`` and ``rho_l(R1 R2) = rho_l(R1) rho_l(R2)``.

    >>> Rz = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # 90 deg about z
    >>> np.round(irrep_matrix(1, Rz, basis="real"), 12) + 0.0  # on (y, z, x): y -> x, x -> -y
    array([[ 0.,  0.,  1.],
           [ 0.,  1.,  0.],
           [-1.,  0.,  0.]])
    """
    from scipy.spatial.transform import Rotation

    from symphys.angular import complex_to_real, wigner_D

    l = check_count(l, "l", low=0)
    if basis not in ("real", "complex"):
        raise ValueError(f"basis={basis!r} must be 'real' or 'complex'")
    if parity is not None and parity not in (1, -1):
        raise ValueError(f"parity={parity!r} must be +1, -1 or None (meaning (-1)^l)")
    l = int(l)
    if R is None or isinstance(R, (str, bytes)):
        raise TypeError(f"R must be an array of rotation matrices, got {type(R).__name__}")
    if np.iscomplexobj(R):
        raise TypeError("R must be real (orthogonal matrices)")
    try:
        R = np.asarray(R, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"R must be an array of real numbers: {exc}") from exc
    if not np.isfinite(R).all():
        raise ValueError("R holds NaN or infinite entries")
    if R.shape[-2:] != (3, 3):
        raise ValueError(f"R must have shape (..., 3, 3); got {R.shape}")
    batch = R.shape[:-2]
    flat = R.reshape(-1, 3, 3)
    det = np.linalg.det(flat)
    if flat.size and np.abs(np.abs(det) - 1).max() > 1e-8:
        raise ValueError("R must be orthogonal (|det R| = 1)")
    proper = flat * np.sign(det)[:, None, None]
    if len(flat):
        with warnings.catch_warnings():  # gimbal lock still gives a valid decomposition
            warnings.simplefilter("ignore", UserWarning)
            alpha, beta, gamma = Rotation.from_matrix(proper).as_euler("ZYZ").T
        rho = np.conj(wigner_D(l, alpha, beta, gamma))
    else:
        rho = np.zeros((0, 2 * l + 1, 2 * l + 1), dtype=complex)
    if basis == "real":
        U = complex_to_real(l)
        rho = (U @ rho @ U.conj().T).real
    sign = np.where(det < 0, (-1.0) ** l if parity is None else float(parity), 1.0)
    return (rho * sign[:, None, None]).reshape(*batch, 2 * l + 1, 2 * l + 1)


def irrep_action(
    l: int, *, basis: Literal["complex", "real"] = "complex", parity: int | None = None,
    per_point: bool = False,
) -> Callable[[GroupElements, Any], Any]:
    """Output action of O(3) on degree-``l`` outputs, for :class:`Symmetry`, equivariance errors.

    Parameters
    ----------
    l, basis, parity : as in :func:`irrep_matrix`.
    per_point : outputs are ``(..., n, 2l+1)`` per point and are also permuted by ``g``'s
        permutation (else ``(..., 2l+1)``, and permutations act trivially).

    Returns
    -------
    ``action(g, y) -> (s, *y.shape)`` with ``(g.y) = rho_l(R_g) y`` (the identity where ``g`` has
    no rotation part: translations leave spherical tensors unchanged).

    >>> from symphys.angular import spherical_harmonics_xyz
    >>> from symphys.equivariance import Symmetry, equivariance_error
    >>> f = lambda P: spherical_harmonics_xyz(2, P, basis="real")[..., 4:9].sum(-2)
    >>> sym = Symmetry("E(3)", output_action=irrep_action(2, basis="real"))
    >>> X = np.random.default_rng(0).normal(size=(6, 3))
    >>> equivariance_error(lambda P: f(P - P.mean(-2, keepdims=True)), sym, X, rng=0).mean < 1e-25
    True
    """
    l = check_count(l, "l", low=0)
    if not isinstance(per_point, (bool, np.bool_)):
        raise TypeError(f"per_point={per_point!r} must be a bool")
    n_comp = 2 * l + 1
    irrep_matrix(l, np.eye(3), basis=basis, parity=parity)  # validate the arguments now

    def action(g: GroupElements, y: Any) -> Any:
        xp = _array.namespace(y)
        if not (_array.is_torch(y) or _array.is_jax(y)):
            y = xp.asarray(y)
        if y.shape[-1] != n_comp:
            raise ValueError(f"degree-{l} output must have last axis 2l+1 = {n_comp}; "
                             f"got shape {tuple(y.shape)}")
        s = len(g)
        if per_point and g.permutation is not None:
            perm = _array.asarray_like(np.asarray(g.permutation), y)
            out = xp.moveaxis(y[..., perm, :], -3, 0)
        else:
            out = xp.stack([y] * s, axis=0)
        if g.rotation is None:
            return out
        rho = irrep_matrix(l, g.rotation, basis=basis, parity=parity)
        rho = _array.asarray_like(rho, y)  # real: y's float dtype; complex: complex128
        if basis == "complex":  # complex matrices on real or complex outputs
            if xp.isdtype(out.dtype, "complex floating"):
                rho = xp.astype(rho, out.dtype)
            else:
                out = xp.astype(out, rho.dtype)
        lead = (1,) * (y.ndim - 1)
        return (xp.reshape(rho, (s, *lead, n_comp, n_comp)) @ out[..., None])[..., 0]

    return action
