"""The Gaunt tensor product: the harmonic coefficients of the pointwise product of two functions.

For ``f1 = sum x_{l,m} B_{l,m}`` and ``f2 = sum y_{l,m} B_{l,m}`` on the sphere (B the real or
complex orthonormal harmonics of :mod:`symphys.angular.fourier`), the Gaunt tensor product is
``out_{l,m} = <B_{l,m}, f1 f2>
= sum x_{l1,m1} y_{l2,m2} int B_{l1,m1} B_{l2,m2} conj(B_{l,m}) dOmega``,
non-zero for l <= L1 + L2 (only l1 + l2 + l even paths contribute).

``method="fft"`` (Luo, Chen, He and Wang, "Enabling efficient equivariant operations in the
Fourier basis via Gaunt tensor products", ICLR 2024, arXiv:2401.10216): convert both inputs to
2D Fourier coefficients F[u, v] of e^{i(u theta + v phi)} (O(L^3)), multiply the two series (a
2D linear convolution of the coefficient grids), and project back (O(L^3)). The convolution is
done exactly on a grid: real functions have Hermitian grids, and every function on the sphere
has F[-u, v] = (-1)^v F[u, v], so each phi-frequency is a cosine or sine series in theta, fixed
by its samples at theta_j = pi j / M (M = L1 + L2 + 1). The u-transforms are folded into the
conversion matrices and only the phi direction is transformed by real FFTs (O(L^2 log L)). The
numpy kernel runs the theta sums as a few batched real matmuls and the phi transforms as packed
real FFTs (no complex arrays) of ``ducc0`` when it is installed (the optional ``fast`` extra;
ducc0 is GPL-2.0-or-later, which is why symphys does not require it), else of ``scipy``'s
pocketfft (see :mod:`symphys.angular._fft`); ducc0's transforms are faster at these lengths
(figures in ``benchmarks/bench_gaunt_tp.py``), and both agree with the direct path to rounding.
``method="direct"`` contracts with the Gaunt coefficients as a sparse matrix (the reference path).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from symphys.angular._exact import check_size
from symphys.angular._fft import fft_backend as _fft_backend  # noqa: F401 - see below
from symphys.angular._gaunt_kernel import GauntPlan, degree, fft_product
from symphys.angular.fourier import _check_basis, _check_lmax
from symphys.angular.gaunt import gaunt_block

__all__ = ["gaunt_tensor_product", "GauntPlan"]

_METHODS = ("fft", "direct")

# ``_fft_backend`` above is a deprecated spelling kept for callers outside symphys.angular that
# have not switched to ``symphys.angular._fft.fft_backend``; it goes once they have.


@lru_cache(maxsize=8)
def _gaunt_matrix(l1: int, l2: int, lout: int, basis: str):
    """Sparse ((L1+1)^2 (L2+1)^2, (Lout+1)^2) matrix of int B_i B_j conj(B_k) dOmega."""
    import scipy.sparse

    rows, cols, vals = [], [], []
    n2 = (l2 + 1) ** 2
    for a in range(l1 + 1):
        for b in range(l2 + 1):
            for c in range(abs(a - b), min(a + b, lout) + 1, 2):
                blk = gaunt_block(a, b, c, basis=basis, exact=False)
                if basis == "complex":
                    # int Y_a^ma Y_b^mb conj(Y_c^mc) = (-1)^mc int Y_a^ma Y_b^mb Y_c^-mc
                    blk = blk[:, :, ::-1] * (-1.0) ** np.arange(-c, c + 1)
                i, j, k = np.nonzero(blk)
                rows.append((a * a + i) * n2 + b * b + j)
                cols.append(c * c + k)
                vals.append(blk[i, j, k])
    shape = ((l1 + 1) ** 2 * n2, (lout + 1) ** 2)
    if not rows:
        return scipy.sparse.csr_matrix(shape)
    return scipy.sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape
    )


def _direct(x: np.ndarray, y: np.ndarray, l1: int, l2: int, lout: int, basis: str) -> np.ndarray:
    g = _gaunt_matrix(l1, l2, lout, basis)
    outer = (x[:, :, None] * y[:, None, :]).reshape(x.shape[0], -1)
    return np.asarray((g.T @ outer.T).T)




def gaunt_tensor_product(
    x: np.ndarray,
    y: np.ndarray,
    *,
    lmax_out: int | None = None,
    basis: str = "complex",
    method: str = "fft",
) -> np.ndarray:
    """Harmonic coefficients of the pointwise product of two functions on the sphere.

    Parameters
    ----------
    x, y
        Coefficients of shape (..., (L1+1)^2) and (..., (L2+1)^2) in the ``basis`` harmonics,
        index l(l+1)+m; the leading axes (e.g. channels) broadcast against each other.
    lmax_out
        Degree of the output, at most (and by default) L1 + L2.
    basis
        ``"complex"`` (default; the harmonics of ``scipy.special.sph_harm_y``) or ``"real"``
        (Wikipedia real harmonics with the Condon-Shortley phase; x, y real, and about three
        times cheaper: the complex product runs three real ones).
    method
        ``"fft"`` (2D Fourier basis and FFT, O(L^3) per channel; its FFTs are ducc0's when the
        optional ``fast`` extra is installed, else scipy's) or ``"direct"``
        (sparse contraction with the exact Gaunt coefficients of
        :func:`symphys.angular.gaunt_block`). Both agree to rounding (about 1e-15 relative).

    Returns
    -------
    Array (..., (lmax_out+1)^2) with ``out_{l,m} = int f1 f2 conj(B_{l,m}) dOmega``; float64 in
    the real basis, complex128 in the complex basis.

    Notes
    -----
    Non-finite coefficients follow the IEEE convention of array functions: NaN or inf in a
    channel of ``x`` or ``y`` gives NaN/inf in that channel of the output (and in no other
    channel); finite input always gives finite output.

    Examples
    --------
    >>> import numpy as np
    >>> one = np.array([2 * np.sqrt(np.pi)])  # the constant function 1
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> np.round(gaunt_tensor_product(x, one, basis="real"), 12)  # 1 * f = f
    array([0., 1., 2., 3.])
    """
    basis = _check_basis(basis)
    if method not in _METHODS:
        raise ValueError(f"method={method!r} must be one of {_METHODS}")
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim < 1 or y.ndim < 1:
        raise ValueError("x and y must have at least one axis, (..., (lmax+1)^2)")
    if basis == "real" and (np.iscomplexobj(x) or np.iscomplexobj(y)):
        raise TypeError("basis='real' expects real coefficients x and y")
    l1, l2 = degree(x.shape[-1], "x"), degree(y.shape[-1], "y")
    lout = l1 + l2 if lmax_out is None else _check_lmax(lmax_out, "lmax_out")
    if lout > l1 + l2:
        raise ValueError(f"lmax_out={lout} violates lmax_out <= L1 + L2 = {l1 + l2}")
    # the plan is built from fourier_to_sh(lmax_out, umax=L1+L2), the largest of its tensors
    big = l1 + l2
    check_size("lmax_out", lout, 16 * (lout + 1) ** 2 * (2 * big + 1) * (2 * lout + 1),
               "16 (lmax_out+1)^2 (2(L1+L2)+1) (2lmax_out+1)")
    lead = x.shape[:-1] if x.shape[:-1] == y.shape[:-1] else np.broadcast_shapes(
        x.shape[:-1], y.shape[:-1])
    dtype = float if basis == "real" else complex

    def batch(v: np.ndarray) -> np.ndarray:  # (B, n) view where possible: the kernels only read
        if v.shape[:-1] != lead:
            v = np.broadcast_to(v, lead + v.shape[-1:])
        return v.reshape(-1, v.shape[-1]).astype(dtype, copy=False)

    xb, yb = batch(x), batch(y)
    if xb.shape[0] == 0:  # an empty batch: nothing to transform
        out = np.zeros((0, (lout + 1) ** 2), dtype=dtype)
    elif method == "fft":
        out = fft_product(xb, yb, l1, l2, lout, basis)
    else:
        out = _direct(xb, yb, l1, l2, lout, basis)
    return out.reshape(lead + out.shape[-1:])
