"""The global chart of GL+(n) and SL(n): ``g = exp(X) exp(Y)``, X symmetric, Y skew-symmetric.

``xi(X, Y) = exp(X) exp(Y)`` is a diffeomorphism from Sym(n) x so(n)-principal-domain onto
GL+(n) (Mironenco & Forre 2024, Sec. 4), although ``exp`` itself is not surjective on GL+(n) or
SL(n). Its inverse is ``xi^-1(g) = (1/2 log(g gᵀ), log K)`` with ``g = P K`` the left polar
decomposition. ``X`` is unique; ``Y`` is the skew-symmetric logarithm of ``K`` with rotation angles
in ``[0, pi]`` (unique unless ``K`` has a rotation angle exactly ``pi``). For SL(n), ``tr X = 0``.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg

from symphys.lie.groups._common import (
    as_matrices,
    bad_indices,
    finite_result,
    sym_apply,
    transpose,
)
from symphys.lie.groups.decompositions import _positive_det, _svd
from symphys.lie.groups.logarithm import _log_rotation

__all__ = ["chart", "from_chart"]


def chart(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Chart coordinates ``(X, Y)`` of ``g = exp(X) exp(Y)``.

    Parameters
    ----------
    g : array, shape ``(..., n, n)`` with ``det g > 0``.

    Returns
    -------
    X : ``(..., n, n)`` symmetric, ``X = 1/2 log(g gᵀ)`` (from the SVD ``g = U S Vᵀ``:
        ``X = U log(S) Uᵀ``).
    Y : ``(..., n, n)`` skew-symmetric, ``Y = log(U Vᵀ)``.

    >>> import numpy as np
    >>> g = -np.eye(2) @ np.diag([2.0, 0.5])     # in SL(2) but not in exp(sl(2))
    >>> X, Y = chart(g)
    >>> np.round(X, 6) + 0.0
    array([[ 0.693147,  0.      ],
           [ 0.      , -0.693147]])
    >>> bool(np.allclose(from_chart(X, Y), g))
    True
    """
    g = _positive_det(g)
    u, s, vt = _svd(g)
    X = (u * np.log(s)[..., None, :]) @ transpose(u)
    Y = _log_rotation(u @ vt)
    return 0.5 * (X + transpose(X)), Y


def from_chart(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """``exp(X) exp(Y)`` for X symmetric and Y skew-symmetric (batched, broadcast).

    Parameters
    ----------
    X : ``(..., n, n)`` symmetric (checked to 1e-10 relative).
    Y : ``(..., n, n)`` skew-symmetric (checked to 1e-10 relative).

    Returns
    -------
    ``(..., n, n)`` in GL+(n); ``exp(X)`` is formed from ``eigh(X)``, so it is exactly symmetric.

    >>> import numpy as np
    >>> np.round(from_chart(np.zeros((2, 2)), [[0, -np.pi / 2], [np.pi / 2, 0]]), 12) + 0.0
    array([[ 0., -1.],
           [ 1.,  0.]])
    """
    X = as_matrices(X, "X")
    Y = as_matrices(Y, "Y", X.shape[-1])
    _check_symmetry(X, "X", +1)
    _check_symmetry(Y, "Y", -1)
    with np.errstate(all="ignore"):
        out = sym_apply(X, np.exp) @ np.asarray(scipy.linalg.expm(Y), dtype=np.float64)
    return finite_result(out, "X")


def _check_symmetry(a: np.ndarray, name: str, sign: int, rtol: float = 1e-10) -> None:
    err = np.linalg.norm(a - sign * transpose(a), axis=(-1, -2))
    scale = np.maximum(np.linalg.norm(a, axis=(-1, -2)), 1.0)
    bad = err > rtol * scale
    if bad.any():
        kind = "symmetric" if sign > 0 else "skew-symmetric"
        raise ValueError(f"{name} must be {kind}; it is not at batch indices {bad_indices(bad)}")
