"""Internal: the packed real FFTs of the numpy Gaunt-product kernel (ducc0, scipy).

Contract (internal module of :mod:`symphys.angular`; its names may change between releases
without notice, but callers elsewhere in symphys may import them):

- :func:`real_fft` -- unnormalised packed real FFT (``scipy.fftpack`` layout
  ``[r0, r1, i1, r2, ...]``) of a float64 array along one axis, written into ``out``;
- :func:`fft_backend` -- which library :func:`real_fft` uses: ``"ducc0"`` when it is importable
  (the optional ``fast`` extra; ducc0 is GPL-2.0-or-later, which is why symphys does not require
  it), else ``"scipy"``;
- :data:`FFT_BACKEND` -- ``None`` (choose as above) or ``"ducc0"``/``"scipy"`` to force one
  (the tests and benchmarks set it);
- :func:`pocketfft_r2r` -- scipy's own packed real FFT with an output argument, or ``None``
  where that private scipy API is missing or has changed; then the public ``scipy.fftpack``
  is used.

The torch and JAX paths do not use this module: they call their own library's ``rfft``/``irfft``
through the array-API namespace (see :mod:`symphys.angular._gaunt_kernel`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["FFT_BACKEND", "fft_backend", "pocketfft_r2r", "real_fft"]

#: FFT library of the numpy kernel: None picks ducc0 when it is importable, else scipy
FFT_BACKEND: str | None = None


def fft_backend() -> str:
    """``"ducc0"`` when importable, else ``"scipy"``; :data:`FFT_BACKEND` overrides.

    >>> fft_backend() in ("ducc0", "scipy")
    True
    """
    if FFT_BACKEND is not None:
        return FFT_BACKEND
    try:
        import ducc0  # noqa: F401
    except ImportError:
        return "scipy"
    return "ducc0"


@lru_cache(maxsize=1)
def pocketfft_r2r() -> Any:
    """scipy's packed real FFT with an output argument (``r2r_fftpack`` of the private
    ``scipy.fft._pocketfft``, there since scipy 1.4), which avoids the new array the public
    ``scipy.fftpack`` returns; ``None`` where it is missing or has changed."""
    try:
        from scipy.fft._pocketfft.pypocketfft import r2r_fftpack

        probe = np.arange(4.0)
        out = r2r_fftpack(probe, (0,), True, True, 0, np.empty(4), 1)
        if not np.allclose(out, [6.0, -2.0, 2.0, -2.0]):  # fftpack's [r0, r1, i1, r2]
            return None
    except Exception:  # noqa: BLE001 - any failure of a private API means: use the public one
        return None
    return r2r_fftpack


def real_fft(a: np.ndarray, axis: int, out: np.ndarray, *, inverse: bool) -> np.ndarray:
    """Unnormalised packed real FFT of ``a`` along ``axis`` into ``out`` (not overlapping ``a``).

    Forward: ``out`` holds ``[F_0, Re F_1, Im F_1, ...]`` with ``F_k = sum_j a_j e^{-2 pi i jk/n}``;
    inverse: the sum with ``e^{+2 pi i jk/n}`` of such a packed half-spectrum, without the 1/n.

    >>> out = np.empty(4)
    >>> real_fft(np.arange(4.0), 0, out, inverse=False)
    array([ 6., -2.,  2., -2.])
    """
    if fft_backend() == "ducc0":
        import ducc0

        return ducc0.fft.r2r_fftpack(a, axes=(axis,), real2hermitian=not inverse,
                                     forward=not inverse, inorm=0, out=out)
    r2r = pocketfft_r2r()
    if r2r is not None:
        return r2r(a, (axis,), not inverse, not inverse, 0, out, 1)
    import scipy.fftpack

    if inverse:
        out[...] = scipy.fftpack.irfft(a, axis=axis)
        out *= a.shape[axis]
    else:
        out[...] = scipy.fftpack.rfft(a, axis=axis)
    return out
