"""Generating coefficient tables for neural layers (SPEC 2.4).

Values come from :mod:`symphys.angular`: coupling blocks computed from exact integer forms
(``wigner_3j_block``, ``clebsch_gordan_block``, ``gaunt_block``), the complex->real change of basis,
and the Fourier conversion tensors of the Gaunt tensor product (``sh_to_fourier_coo``,
``fourier_to_sh_coo``; Luo et al., arXiv:2401.10216). Float64 tables are within a few ulp of the
exact values; float32 tables are those values rounded once.

Sizes are known before any work: :func:`table_nbytes` gives the payload of every kind in closed
form, and :func:`generate` refuses a table larger than ``max_bytes`` (default
:data:`MAX_BYTES`) at once, naming ``lmax``, the limit and the size it would need.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from symphys import angular
from symphys.angular.fourier import fourier_to_sh_coo, sh_to_fourier_coo
from symphys.tables.table import (
    ARRAY_KINDS,
    KINDS,
    Table,
    TableError,
    _path_payload,
    _store,
)

__all__ = ["generate", "table_nbytes", "BASES", "MAX_BYTES"]

#: The bases each kind offers. ``basis`` defaults to ``"complex"`` where a kind offers it, and to
#: the only basis of ``complex_to_real``; ``real_gaunt`` (real harmonics by definition: use
#: ``gaunt`` for the complex basis) has no default, its ``basis`` must be given.
BASES: dict[str, tuple[str, ...]] = {
    "wigner3j": ("complex", "real", "e3nn"),
    "clebsch_gordan": ("complex", "real", "e3nn"),
    "gaunt": ("complex",),
    "real_gaunt": ("real", "e3nn"),
    "complex_to_real": ("real",),
    "sh_to_fourier": ("complex", "real"),
    "fourier_to_sh": ("complex", "real"),
}

#: Default refusal limit of :func:`generate`: 16 GiB of payload (``max_bytes`` overrides it).
MAX_BYTES = 16 * 2**30

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


def _path_counts(kind: str, lmax: int) -> tuple[int, int]:
    """(number of paths, number of block entries) of a per-path kind, in closed form.

    Coupling kinds: paths (l1, l2, l3) with l1, l2 <= L and |l1-l2| <= l3 <= min(l1+l2, L)
    (Gaunt kinds: l1+l2+l3 even), entries the sum of (2l1+1)(2l2+1)(2l3+1) over them. The sums
    are polynomials in L (one per parity of L for the Gaunt kinds); the tests check them against
    the explicit sums.
    """
    L = int(lmax)
    if kind == "complex_to_real":  # sum_{l<=L} (2l+1)^2
        return L + 1, (L + 1) * (2 * L + 1) * (2 * L + 3) // 3
    if kind in ("wigner3j", "clebsch_gordan"):
        return ((L + 1) * (L * L + 2 * L + 2) // 2,
                (L + 1) ** 2 * (10 * L**4 + 40 * L**3 + 61 * L**2 + 42 * L + 12) // 12)
    if L % 2 == 0:
        return ((L + 2) * (2 * L * L + 5 * L + 4) // 8,
                (L + 1) * (L + 2) * (50 * L**4 + 174 * L**3 + 253 * L**2 + 183 * L + 60) // 120)
    return ((L + 1) * (2 * L * L + 7 * L + 7) // 8,
            L * (L + 1) * (50 * L**4 + 274 * L**3 + 601 * L**2 + 569 * L + 186) // 120)


def _dense_entries(kind: str, lmax: int, umax: int | None) -> int:
    """Number of (complex or real) values of the dense tensor or of all blocks."""
    L = int(lmax)
    if kind == "sh_to_fourier":
        return (L + 1) ** 2 * (2 * L + 1) ** 2
    if kind == "fourier_to_sh":
        return (L + 1) ** 2 * (2 * int(umax if umax is not None else L) + 1) * (2 * L + 1)
    return _path_counts(kind, L)[1]


def _check_kind_lmax(kind: str, lmax: int) -> None:
    """Refuse an unknown ``kind`` or an ``lmax`` that is not a non-negative int."""
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r} must be one of {KINDS}")
    if isinstance(lmax, bool) or not isinstance(lmax, (int, np.integer)):
        raise TypeError(f"lmax={lmax!r} must be an int")
    if lmax < 0:
        raise ValueError(f"lmax={lmax} violates lmax >= 0")


def _check_dtype(dtype: str) -> None:
    if dtype not in ("float64", "float32"):
        raise ValueError(f"dtype={dtype!r} must be 'float64' or 'float32'")


def table_nbytes(kind: str, lmax: int, *, dtype: str = "float64", umax: int | None = None) -> int:
    """Bytes of the dense payload of a ``kind`` table of degree ``lmax``, in closed form.

    Equal to ``generate(kind, lmax, dtype=dtype, umax=umax).nbytes`` (layout ``"dense"``),
    computed without building anything, for any ``lmax``. A COO table holds fewer values but
    adds 4 bytes per index per entry.

    Per-path kinds hold, besides the ``paths`` (int32) and ``offsets`` (int64), the sum over
    paths of (2l1+1)(2l2+1)(2l3+1) values. For the 3j and Clebsch-Gordan kinds that sum is
    (L+1)^2 (10L^4 + 40L^3 + 61L^2 + 42L + 12) / 12: in float64 3.5 MB at L = 8, 161 MB at
    L = 16, 1.6 GB at L = 24, 8.6 GB at L = 32 (1 MB = 10^6 bytes); the Gaunt kinds hold about
    half (l1+l2+l3 even). ``sh_to_fourier`` holds (L+1)^2 (2L+1)^2 complex values (74 MB at
    L = 32), ``fourier_to_sh`` (L+1)^2 (2umax+1)(2L+1).

    Parameters
    ----------
    kind : str
        One of :data:`symphys.tables.KINDS`.
    lmax : int
        Largest degree, at least 0.
    dtype : {"float64", "float32"}
        Value type.
    umax : int, optional
        ``fourier_to_sh`` only: largest polar frequency (default ``lmax``).

    Returns
    -------
    int
        Bytes of the payload arrays.

    Examples
    --------
    >>> table_nbytes("wigner3j", 8)
    3554756
    >>> table_nbytes("wigner3j", 10**6) > 10**36
    True
    """
    _check_kind_lmax(kind, lmax)
    _check_dtype(dtype)
    lmax = int(lmax)
    item = np.dtype(dtype).itemsize
    if kind in ARRAY_KINDS:
        return _dense_entries(kind, lmax, umax) * 2 * item
    n_paths, entries = _path_counts(kind, lmax)
    cplx = 2 if kind == "complex_to_real" else 1
    k = 1 if kind == "complex_to_real" else 3
    return entries * cplx * item + n_paths * k * 4 + (n_paths + 1) * 8


def _coo_nbytes(kind: str, lmax: int, dtype: str, umax: int | None) -> int:
    """Upper estimate of a COO payload, in integer arithmetic: at most 2 of the 2lmax+1
    columns v = +-m are non-zero in the Fourier tensors, and coupling blocks, whose m obey
    m3 = +-m1 +-m2, are taken as at most 4/(lmax+1) non-zero; each value carries its int32
    indices."""
    entries = _dense_entries(kind, lmax, umax)
    item = np.dtype(dtype).itemsize
    if kind in ARRAY_KINDS:
        nnz = entries * 2 // (2 * lmax + 1) + 1
        return nnz * (2 * item + 3 * 4)
    nnz = min(entries, entries * 4 // (lmax + 1) + 1)
    k = 2 if kind == "complex_to_real" else 3
    per_value = item * (2 if kind == "complex_to_real" else 1) + 4 * k
    return nnz * per_value + table_nbytes(kind, lmax, dtype=dtype) - entries * item * (
        2 if kind == "complex_to_real" else 1)


def _size_text(nbytes: int) -> str:
    if nbytes.bit_length() > 900:  # beyond what a float holds
        return f"about 10^{len(str(nbytes)) - 1} bytes"
    return f"{nbytes / 2**30:.4g} GiB ({nbytes:.4g} bytes)"


def _float_blocks(fn: Callable[..., np.ndarray]) -> dict[str, Any]:
    """``{"exact": False}`` when the block function has an ``exact`` option: tables hold floats
    (rounded from the exact forms inside the block function), never sympy objects."""
    return {"exact": False} if "exact" in inspect.signature(fn).parameters else {}


def _block_fn(kind: str, basis: str) -> Callable[..., np.ndarray]:
    if kind == "wigner3j":
        kw = _float_blocks(angular.wigner_3j_block)
        return lambda a, b, c: angular.wigner_3j_block(a, b, c, basis=basis, **kw)
    if kind == "clebsch_gordan":
        kw = _float_blocks(angular.clebsch_gordan_block)
        return lambda a, b, c: angular.clebsch_gordan_block(a, b, c, basis=basis, **kw)
    if kind in ("gaunt", "real_gaunt"):
        kw = _float_blocks(angular.gaunt_block)
        return lambda a, b, c: angular.gaunt_block(a, b, c, basis=basis, **kw)
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


def _resolve_basis(kind: str, basis: str | None) -> str:
    if basis is None:
        if "complex" in BASES[kind]:
            return "complex"
        if len(BASES[kind]) == 1:
            return BASES[kind][0]
        raise ValueError(f"kind={kind!r} has no complex form: pass basis= one of {BASES[kind]}")
    if basis not in BASES[kind]:
        raise ValueError(f"basis={basis!r} is not offered for kind={kind!r}; use {BASES[kind]}")
    return basis


def generate(
    kind: str,
    lmax: int,
    *,
    basis: str | None = None,
    dtype: str = "float64",
    layout: str = "dense",
    umax: int | None = None,
    progress: bool = False,
    max_bytes: int | None = None,
) -> Table:
    """Generate a coefficient table.

    The size is checked in closed form before any work (:func:`table_nbytes`); a table larger
    than ``max_bytes`` is refused at once with the size it would need. A table holds floating
    values (``dtype``), rounded from the exact forms of :mod:`symphys.angular`; for exact
    values use the block functions there with ``exact=True``.

    Parameters
    ----------
    kind : str
        ``"wigner3j"``, ``"clebsch_gordan"``, ``"gaunt"``, ``"real_gaunt"``,
        ``"complex_to_real"`` (per-path blocks) or ``"sh_to_fourier"``, ``"fourier_to_sh"``
        (one tensor each).
    lmax : int
        Largest degree (every l1, l2, l3 <= lmax).
    basis : {"complex", "real", "e3nn"}, optional
        One of ``BASES[kind]``: ``"complex"`` (Condon-Shortley phase; the default wherever the
        kind offers it), ``"real"`` (Wikipedia's real harmonics), ``"e3nn"`` (e3nn's real
        basis and 3j normalisation, as ``e3nn.o3.wigner_3j``; arXiv:2207.09453).
        ``complex_to_real`` has the one basis ``"real"`` (its default); ``real_gaunt`` has no
        complex form, so its ``basis`` (``"real"`` or ``"e3nn"``) must be given.
    dtype : {"float64", "float32"}
        Value type.
    layout : {"dense", "coo"}
        ``"dense"`` (every entry of every block) or ``"coo"`` (non-zero entries with indices).
    umax : int, optional
        For ``fourier_to_sh``: largest abs(u) of the series to project (default ``lmax``; use
        L1 + L2 for a product of degrees L1, L2).
    progress : bool
        Show a tqdm bar over the paths (over the degrees l for the Fourier tensors).
    max_bytes : int, optional
        Refuse up front a table whose payload exceeds this many bytes (default
        :data:`MAX_BYTES`, 16 GiB; for ``layout="coo"`` an upper estimate of the payload is
        compared). The limit is fixed, not the memory free at the moment.

    Returns
    -------
    Table
        The table with its metadata (conventions, ordering, checksum).

    Raises
    ------
    TableError
        When the table would exceed ``max_bytes``; the message names ``lmax``, the limit and the
        size needed.

    Examples
    --------
    >>> t = generate("wigner3j", 2)
    >>> float(t.block(1, 1, 2)[1, 1, 2])  # (1 1 2; 0 0 0) = sqrt(2/15)
    0.3651483716701107
    >>> t.metadata["kind"], t.metadata["lmax"], t.metadata["basis"], t.metadata["dtype"]
    ('wigner3j', 2, 'complex', 'float64')
    >>> generate("wigner3j", 10**6)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symphys.tables.table.TableError: generate('wigner3j', lmax=1000000) needs ... GiB ...
    """
    _check_kind_lmax(kind, lmax)
    lmax = int(lmax)
    basis = _resolve_basis(kind, basis)
    _check_dtype(dtype)
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
    if not isinstance(progress, bool):
        raise TypeError(f"progress={progress!r} must be a bool")
    if max_bytes is None:
        limit = MAX_BYTES
    elif isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)):
        raise TypeError(f"max_bytes={max_bytes!r} must be an int")
    else:
        limit = int(max_bytes)
    need = (table_nbytes(kind, lmax, dtype=dtype, umax=umax) if layout == "dense"
            else _coo_nbytes(kind, lmax, dtype, umax))
    if need > limit:
        raise TableError(
            f"generate({kind!r}, lmax={lmax}) needs {_size_text(need)} ({layout}, {dtype}), "
            f"more than the limit max_bytes={_size_text(limit)}; lower lmax or raise max_bytes"
        )
    meta: dict[str, Any] = {"kind": kind, "lmax": lmax, "basis": basis, "dtype": dtype,
                            "layout": layout, **_conventions(kind, basis, umax)}
    if kind in ARRAY_KINDS:
        idx, vals, shape = (sh_to_fourier_coo(lmax, basis=basis, progress=progress)
                            if kind == "sh_to_fourier"
                            else fourier_to_sh_coo(lmax, basis=basis, umax=umax,
                                                   progress=progress))
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
