"""Internal: thread limits for BLAS, shared by the library and the command line.

Contract: :func:`blas_threads` is the one place symphys limits BLAS threads (threadpoolctl is a
core dependency). Internal module: its names may change between releases without notice.
"""

from __future__ import annotations

import contextlib
from typing import Any

__all__ = ["blas_threads", "MAX_THREADS"]

#: the most BLAS threads one may ask for (OpenBLAS and MKL take a C int)
MAX_THREADS = 4096


def blas_threads(n: int | None) -> Any:
    """A context manager limiting BLAS to ``n`` threads; ``n=None`` leaves them as they are.

    >>> with blas_threads(1):
    ...     pass
    """
    if n is None:
        return contextlib.nullcontext()
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be a positive integer or None, got {type(n).__name__}")
    if not 1 <= n <= MAX_THREADS:
        raise ValueError(f"n={n} must satisfy 1 <= n <= MAX_THREADS = {MAX_THREADS}")
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=n, user_api="blas")
