"""Turning exported Fourier tables into the arrays of the FFT Gaunt tensor product.

The PyTorch module and the JAX function read two real-basis tables, ``sh_to_fourier`` (degree
>= max(L1, L2)) and ``fourier_to_sh`` (degree >= Lout, umax >= L1 + L2), and cut out of them
the :class:`~symphys.angular.tensor_product.GauntPlan` for the degrees asked for.
"""

from __future__ import annotations

import os

import numpy as np

from symphys.angular.tensor_product import GauntPlan
from symphys.tables.table import Table, TableError

__all__ = ["plan_from_tables", "check_real_basis"]


def check_real_basis(basis: object) -> str:
    """The real-only Gaunt layers take ``basis="real"`` and nothing else (ValueError)."""
    if basis != "real":
        raise ValueError(f"basis={basis!r}: this layer works in the real basis only; pass "
                         "basis='real' (for complex coefficients use "
                         "symphys.angular.gaunt_tensor_product)")
    return "real"


def _as_table(t: Table | str | os.PathLike, kind: str) -> Table:
    if isinstance(t, Table):
        if t.kind != kind:
            raise TableError(f"expected a {kind} table, got kind={t.kind!r}")
    else:
        from symphys.tables.io import load

        t = load(t, kind=kind)
    if t.basis != "real":
        raise TableError(f"the {kind} table has basis={t.basis!r}; the modules use basis='real'")
    return t


def _cut_y(y: np.ndarray, lmax: int) -> np.ndarray:
    big = (y.shape[1] - 1) // 2
    if big < lmax:
        raise TableError(f"the sh_to_fourier table has lmax={big} < {lmax} needed")
    return y[: (lmax + 1) ** 2, big - lmax : big + lmax + 1, big - lmax : big + lmax + 1]


def plan_from_tables(
    sh_to_fourier: Table | str | os.PathLike | None,
    fourier_to_sh: Table | str | os.PathLike | None,
    lmax1: int,
    lmax2: int,
    *,
    lmax_out: int | None = None,
) -> GauntPlan:
    """The FFT Gaunt-product plan for degrees (lmax1, lmax2) -> lmax_out (default lmax1+lmax2).

    Each table may be a :class:`Table`, a path (loaded and checksum-verified), or ``None`` to
    compute it here. Tables of larger degree are cut down.

    >>> from symphys.tables import generate
    >>> p = plan_from_tables(generate("sh_to_fourier", 4, basis="real"),
    ...                      generate("fourier_to_sh", 6, basis="real", umax=8), 3, 2,
    ...                      lmax_out=5)
    >>> (p.l1, p.l2, p.lout)
    (3, 2, 5)
    """
    from symphys.angular.fourier import fourier_to_sh as f2sh
    from symphys.angular.fourier import sh_to_fourier as sh2f

    lout = lmax1 + lmax2 if lmax_out is None else int(lmax_out)
    if sh_to_fourier is None:
        y = sh2f(max(lmax1, lmax2), basis="real")
    else:
        y = _as_table(sh_to_fourier, "sh_to_fourier").array()
    if fourier_to_sh is None:
        z = f2sh(lout, basis="real", umax=lmax1 + lmax2)
    else:
        zt = _as_table(fourier_to_sh, "fourier_to_sh")
        z = zt.array()
        if zt.lmax < lout:
            raise TableError(f"the fourier_to_sh table has lmax={zt.lmax} < lmax_out={lout}")
        vz = zt.lmax
        z = z[: (lout + 1) ** 2, :, vz - lout : vz + lout + 1]
    y = y.astype(complex)
    return GauntPlan.from_tensors(_cut_y(y, lmax1), _cut_y(y, lmax2), z.astype(complex))
