"""Generating coefficient tables for neural layers (SPEC 2.4).

Values come from :mod:`symphys.angular`: coupling blocks computed from exact integer forms
(``wigner_3j_block``, ``clebsch_gordan_block``, ``gaunt_block``), the complex->real change of basis,
and the Fourier conversion tensors of the Gaunt tensor product (``sh_to_fourier``,
``fourier_to_sh``). Float64 tables are within a few ulp of the exact values; float32 tables are
those values rounded once.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from symphys.tables.table import (
    ARRAY_KINDS,
    KINDS,
    Table,
    TableError,
    _path_payload,
    _store,
)

__all__ = ["generate", "table_nbytes", "BASES"]

#: the bases each kind offers; the first is the default
BASES: dict[str, tuple[str, ...]] = {
    "wigner3j": ("real", "complex", "e3nn"),
    "clebsch_gordan": ("real", "complex", "e3nn"),
    "gaunt": ("complex",),
    "real_gaunt": ("real", "e3nn"),
    "complex_to_real": ("real",),
    "sh_to_fourier": ("real", "complex"),
    "fourier_to_sh": ("real", "complex"),
}

_ORDER_M = "m = -l..l along each axis; global harmonic index l(l+1)+m (sphericart, e3nn)"
_CS = "Condon-Shortley"


def _paths(kind: str, lmax: int) -> list[tuple[int, ...]]:
    if kind == "complex_to_real":
        return [(l,) for l in range(lmax + 1)]
    step = 2 if kind in ("gaunt", "real_gaunt") else 1  # Gaunt: l1 + l2 + l3 even
    return [
        (a, b, c)
        for a in range(lmax + 1)
        for b in range(lmax + 1)
        for c in range(abs(a - b), min(a + b, lmax) + 1, step)
    ]


def _dense_entries(kind: str, lmax: int, umax: int | None) -> int:
    if kind == "sh_to_fourier":
        return (lmax + 1) ** 2 * (2 * lmax + 1) ** 2
    if kind == "fourier_to_sh":
        return (lmax + 1) ** 2 * (2 * (umax or lmax) + 1) * (2 * lmax + 1)
    return sum(math.prod(2 * l + 1 for l in p) for p in _paths(kind, lmax))


def _check_kind_lmax(kind: str, lmax: int) -> None:
    """Refuse an unknown ``kind`` or an ``lmax`` that is not a non-negative int."""
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} must be one of {KINDS}")
    if isinstance(lmax, bool) or not isinstance(lmax, (int, np.integer)):
        raise TypeError(f"lmax={lmax!r} must be an int")
    if lmax < 0:
        raise ValueError(f"lmax={lmax} violates lmax >= 0")


def table_nbytes(kind: str, lmax: int, *, dtype: str = "float64", umax: int | None = None) -> int:
    """Bytes of the dense payload of a ``kind`` table of degree ``lmax`` (an upper bound for COO
    values; COO adds 4 bytes per index per entry).

    Per-path kinds hold sum over paths of (2l1+1)(2l2+1)(2l3+1) values: for the float64 3j
    table 3.5 MB at lmax 8, 161 MB at lmax 16, 1.6 GB at lmax 24, 8.6 GB at lmax 32 (1 MB =
    10^6 bytes; Gaunt kinds about half, their l1+l2+l3 being even).
    ``sh_to_fourier`` holds (lmax+1)^2 (2lmax+1)^2 complex values (74 MB at lmax 32),
    ``fourier_to_sh`` (lmax+1)^2 (2umax+1)(2lmax+1).

    >>> table_nbytes("wigner3j", 8)
    3547368
    """
    _check_kind_lmax(kind, lmax)
    cplx = 2 if kind in ARRAY_KINDS or kind == "complex_to_real" else 1
    return _dense_entries(kind, lmax, umax) * cplx * np.dtype(dtype).itemsize


def _coo_nbytes(kind: str, dense_nbytes: int, lmax: int, dtype: str) -> int:
    """Upper estimate of a COO payload: the non-zero fraction (at most 2 columns v = +-m of
    2lmax+1 for the Fourier tensors; below 4/(lmax+1) for coupling blocks, whose m obey
    m3 = +-m1 +-m2) times values plus int32 indices."""
    frac = 2 / (2 * lmax + 1) if kind in ARRAY_KINDS else min(1.0, 4 / (lmax + 1))
    per_value = np.dtype(dtype).itemsize * (2 if kind in ARRAY_KINDS else 1)
    k = 3
    return int(dense_nbytes * frac * (per_value + 4 * k) / per_value) + 1


def _available_bytes() -> int | None:
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not POSIX
        return None


def _block_fn(kind: str, basis: str) -> Callable[..., np.ndarray]:
    from symphys import angular

    if kind == "wigner3j":
        return lambda a, b, c: angular.wigner_3j_block(a, b, c, basis=basis)
    if kind == "clebsch_gordan":
        return lambda a, b, c: angular.clebsch_gordan_block(a, b, c, basis=basis)
    if kind in ("gaunt", "real_gaunt"):
        return lambda a, b, c: angular.gaunt_block(a, b, c, basis=basis)
    return lambda l: angular.complex_to_real(l)


def _conventions(kind: str, basis: str, umax: int | None) -> dict[str, Any]:
    phase = "e3nn (no net Condon-Shortley phase; (y, z, x) axes)" if basis == "e3nn" else _CS
    if kind in ("wigner3j", "clebsch_gordan"):
        what = {"wigner3j": "Wigner 3j symbols (j1 j2 j3; m1 m2 m3)",
                "clebsch_gordan": "Clebsch-Gordan <l1 m1; l2 m2 | l3 m3>"}[kind]
        last = "U3" if kind == "wigner3j" else "conj(U3)"
        what += (" as sympy's" if basis == "complex"
                 else f": sum U1 U2 {last} times the complex-basis block, U = complex_to_real(l) "
                      "on each axis, times i when l1+l2+l3 is odd (so that every block is real)")
        norm = ("e3nn: each (l1, l2, l3) block has Frobenius norm 1" if basis == "e3nn"
                else what)
        return {"phase": phase, "normalization": norm,
                "ordering": "blocks [m1, m2, m3] per path (l1, l2, l3), paths in lexicographic "
                            "order with |l1-l2| <= l3 <= l1+l2; " + _ORDER_M}
    if kind in ("gaunt", "real_gaunt"):
        return {"phase": phase,
                "normalization": "integral over the unit sphere of three orthonormal harmonics, "
                                 "int B_l1m1 B_l2m2 B_l3m3 dOmega (no conjugation)",
                "ordering": "blocks [m1, m2, m3] per path (l1, l2, l3) with l1+l2+l3 even, "
                            "lexicographic; " + _ORDER_M}
    if kind == "complex_to_real":
        return {"phase": _CS,
                "normalization": "unitary; S_{l,m} = sum_m' C[m, m'] Y_l^m' (Wikipedia real "
                                 "harmonics)",
                "ordering": "block [m, m'] per l; " + _ORDER_M}
    norm = "orthonormal harmonics (int |B|^2 dOmega = 1)"
    if kind == "sh_to_fourier":
        return {"phase": _CS, "normalization": norm,
                "ordering": "[l(l+1)+m, u+lmax, v+lmax]: B_lm = sum y e^{i(u theta + v phi)}"}
    return {"phase": _CS, "normalization": norm, "umax": umax,
            "ordering": "[l(l+1)+m, u+umax, v+lmax]: <B_lm, f> = sum z F_uv for "
                        "f = sum F_uv e^{i(u theta + v phi)}"}


def generate(
    kind: str,
    lmax: int,
    *,
    basis: str | None = None,
    dtype: str = "float64",
    layout: str = "dense",
    umax: int | None = None,
    progress: bool = True,
    max_bytes: int | None = None,
) -> Table:
    """Generate a coefficient table.

    Parameters
    ----------
    kind
        ``"wigner3j"``, ``"clebsch_gordan"``, ``"gaunt"``, ``"real_gaunt"``, ``"complex_to_real"``
        (per-path blocks) or ``"sh_to_fourier"``, ``"fourier_to_sh"`` (one tensor each).
    lmax
        Largest degree (every l1, l2, l3 <= lmax).
    basis
        One of ``BASES[kind]`` (default the first): ``"real"`` (Wikipedia real harmonics,
        Condon-Shortley phase), ``"complex"``, ``"e3nn"`` (e3nn's real basis and 3j
        normalisation, as ``e3nn.o3.wigner_3j``).
    dtype
        ``"float64"`` or ``"float32"``.
    layout
        ``"dense"`` (every entry of every block) or ``"coo"`` (non-zero entries with indices).
    umax
        For ``fourier_to_sh``: largest |u| of the series to project (default ``lmax``; use
        L1 + L2 for a product of degrees L1, L2).
    progress
        Show a tqdm bar over the paths (over the degrees l for the Fourier tensors).
    max_bytes
        Refuse up front a table whose dense payload (:func:`table_nbytes`) exceeds this
        (default: the memory available now).

    >>> t = generate("wigner3j", 2, basis="complex", progress=False)
    >>> float(t.block(1, 1, 2)[1, 1, 2])  # (1 1 2; 0 0 0) = sqrt(2/15)
    0.3651483716701107
    >>> t.metadata["kind"], t.metadata["lmax"], t.metadata["dtype"]
    ('wigner3j', 2, 'float64')
    """
    _check_kind_lmax(kind, lmax)
    lmax = int(lmax)
    basis = BASES[kind][0] if basis is None else basis
    if basis not in BASES[kind]:
        raise ValueError(f"basis={basis!r} is not offered for kind={kind!r}; use {BASES[kind]}")
    if dtype not in ("float64", "float32"):
        raise ValueError(f"dtype={dtype!r} must be 'float64' or 'float32'")
    if kind == "fourier_to_sh":
        if umax is None:
            umax = lmax
        elif isinstance(umax, bool) or not isinstance(umax, (int, np.integer)):
            raise TypeError(f"umax={umax!r} must be an int")
        elif umax < lmax:
            raise ValueError(f"umax={umax} violates umax >= lmax={lmax}")
        umax = int(umax)
    elif umax is not None:
        raise ValueError(f"umax applies to kind='fourier_to_sh' only, not {kind!r}")
    if layout not in ("dense", "coo"):
        raise ValueError(f"layout={layout!r} must be 'dense' or 'coo'")
    need = table_nbytes(kind, lmax, dtype=dtype, umax=umax)
    if layout == "coo":
        need = _coo_nbytes(kind, need, lmax, dtype)
    limit = _available_bytes() if max_bytes is None else max_bytes
    if limit is not None and 2 * need > limit:
        raise TableError(
            f"a {kind} table of lmax={lmax} needs {need / 2**20:.1f} MiB ({dtype}, dense; twice "
            f"that while building), more than the {limit / 2**20:.1f} MiB allowed"
        )
    meta: dict[str, Any] = {"kind": kind, "lmax": lmax, "basis": basis, "dtype": dtype,
                            "layout": layout, **_conventions(kind, basis, umax)}
    if kind in ARRAY_KINDS:
        from symphys.angular.fourier import _fourier_to_sh_coo, _sh_to_fourier_coo

        idx, vals, shape = (_sh_to_fourier_coo(lmax, basis, progress)
                            if kind == "sh_to_fourier"
                            else _fourier_to_sh_coo(lmax, basis, umax, progress))
        meta["complex"] = True
        if layout == "coo":  # canonical C order of the indices, as Table.to_layout gives
            order = np.lexsort(idx.T[::-1])
            idx, vals = idx[order], vals[order]
            return Table({"indices": idx.astype(np.int32), "values": _store(vals, dtype)},
                         {**meta, "shape": list(shape)})
        dense = np.zeros(shape, dtype=complex)
        dense[tuple(idx.T)] = vals
        return Table({"values": _store(dense, dtype)}, meta)
    from tqdm.auto import tqdm

    paths = _paths(kind, lmax)
    fn = _block_fn(kind, basis)
    is_complex = kind == "complex_to_real"
    blocks = (fn(*p) for p in tqdm(paths, desc=f"{kind} lmax={lmax}", disable=not progress,
                                   unit="path"))
    return Table(_path_payload(kind, paths, blocks, dtype, layout, is_complex),
                 {**meta, "complex": is_complex})
