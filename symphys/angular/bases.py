"""Change of basis between complex and real spherical harmonics, per degree ``l``.

Conventions (rows and columns ordered ``m = -l..l``):

* complex harmonics ``Y_l^m`` are orthonormal with the Condon-Shortley phase (scipy's
  ``sph_harm_y``);
* real harmonics follow Wikipedia's "real form": ``S_{l,m>0} = (Y_l^{-m} + (-1)^m Y_l^m)/sqrt2``,
  ``S_{l,m<0} = i (Y_l^m - (-1)^m Y_l^{-m})/sqrt2``, ``S_{l,0} = Y_l^0``. The CS phases cancel,
  so ``S_{1,-1}, S_{1,0}, S_{1,1}`` are proportional to ``+y, +z, +x``. With
  ``condon_shortley=False`` the real function of order ``m`` is multiplied by ``(-1)^m``
  (these are the ``sqrt2 Re/Im Y_l^{|m|}`` functions of sympy's ``real_gaunt``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from symphys.angular._exact import check_size, twice_l

__all__ = ["complex_to_real"]

_S = 2.0**-0.5


@lru_cache(maxsize=256)
def _c2r(l: int, condon_shortley: bool) -> np.ndarray:
    n = 2 * l + 1
    U = np.zeros((n, n), dtype=np.complex128)
    U[l, l] = 1.0
    for m in range(1, l + 1):
        sg = -1.0 if m % 2 else 1.0
        U[l + m, l - m] = _S
        U[l + m, l + m] = sg * _S
        U[l - m, l - m] = 1j * _S
        U[l - m, l + m] = -1j * sg * _S
        if not condon_shortley and m % 2:
            U[l + m] *= -1
            U[l - m] *= -1
    U.flags.writeable = False
    return U


def complex_to_real(l: int, *, condon_shortley: bool = True,
                    convention: str = "wikipedia") -> np.ndarray:
    """Unitary matrix ``U`` with ``S_l = U @ Y_l``: real harmonics from complex ones.

    Parameters
    ----------
    l : int
        Degree, ``l >= 0``.
    condon_shortley : bool
        ``convention="wikipedia"`` only. ``True`` (default): Wikipedia's real harmonics (module
        docstring). ``False``: the real function of order ``m`` is multiplied by ``(-1)^m``.
    convention : {"wikipedia", "e3nn"}
        Which real harmonics (this argument was called ``basis`` before 1.0; it names a
        convention for the real functions, not the ``basis`` vocabulary of the other functions).
        ``"wikipedia"``: Wikipedia's real basis, as above. ``"e3nn"``: the change of basis e3nn uses
        for its coupling coefficients, ``e3nn.o3.change_basis_real_to_complex(l).T`` (entries
        ``(-i)^l`` times those of a sparse unitary; e3nn's name reads "real to complex", its
        first index being the complex ``m``, so the transpose has rows = e3nn's real index).
        With it, ``sum U1[a,i] U2[b,j] conj(U3)[c,k] CG[i,j,k] / sqrt(2 l3 + 1)`` is the exact
        block that ``e3nn.o3.wigner_3j(l1, l2, l3)`` computes in floating point (checked in the
        tests), i.e. ``wigner_3j_block(l1, l2, l3, basis="e3nn")``.

    Returns
    -------
    numpy.ndarray
        complex128, shape ``(2l+1, 2l+1)``; row = real order ``mu``, column = complex order
        ``m``, both ``-l..l``. ``U @ U.conj().T`` is the identity.

    Examples
    --------
    >>> import numpy as np
    >>> U = complex_to_real(1)
    >>> np.round(U * np.sqrt(2), 6)
    array([[ 0.      +1.j,  0.      +0.j,  0.      +1.j],
           [ 0.      +0.j,  1.414214+0.j,  0.      +0.j],
           [ 1.      +0.j,  0.      +0.j, -1.      +0.j]])
    >>> bool(np.allclose(U @ U.conj().T, np.eye(3)))
    True
    >>> np.round(complex_to_real(1, convention="e3nn") * np.sqrt(2), 6) + 0
    array([[-1.+0.j      ,  0.+0.j      , -1.+0.j      ],
           [ 0.+0.j      ,  0.-1.414214j,  0.+0.j      ],
           [ 0.-1.j      ,  0.+0.j      ,  0.+1.j      ]])
    """
    l = twice_l(l, "l")
    check_size("l", l, 16 * (2 * l + 1) ** 2, "16 (2l+1)^2")
    if convention == "wikipedia":
        return _c2r(l, bool(condon_shortley)).copy()
    if convention == "e3nn":
        if not condon_shortley:
            raise ValueError("condon_shortley=False applies to convention='wikipedia' only")
        return e3nn_q(l).T.copy()
    raise ValueError(f"convention={convention!r} must be 'wikipedia' or 'e3nn'")


@lru_cache(maxsize=256)
def e3nn_q(l: int) -> np.ndarray:
    """e3nn's ``change_basis_real_to_complex(l)`` matrix (``(-i)^l`` times a sparse unitary).

    Built from its published definition so that blocks in the ``"e3nn"`` basis reproduce
    ``e3nn.o3.wigner_3j``; shape ``(2l+1, 2l+1)``.
    """
    n = 2 * l + 1
    q = np.zeros((n, n), dtype=np.complex128)
    q[l, l] = 1.0
    for m in range(1, l + 1):
        sg = -1.0 if m % 2 else 1.0
        q[l - m, l + m] = _S
        q[l - m, l - m] = -1j * _S
        q[l + m, l + m] = sg * _S
        q[l + m, l - m] = 1j * sg * _S
    q = q * (-1j) ** l
    q.flags.writeable = False
    return q


def apply_x(M: np.ndarray, T: np.ndarray, axis: int) -> np.ndarray:
    """``tensordot(M, T)`` along ``axis`` for a matrix whose only non-zeros are on its diagonal
    and anti-diagonal (all the bases here): O(size) instead of O(size * n)."""
    n = M.shape[0]
    d = np.diagonal(M).copy()
    e = np.fliplr(M).diagonal().copy()  # e[r] = M[r, n-1-r]
    e[n // 2] = 0.0 if n % 2 else e[n // 2]
    shape = [1] * T.ndim
    shape[axis] = n
    return d.reshape(shape) * T + e.reshape(shape) * np.flip(T, axis=axis)
