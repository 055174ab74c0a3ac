"""``Table``: a coefficient table with the metadata that says what it holds, and a checksum.

A table is a set of named numpy arrays (the payload) plus metadata: ``kind``, ``lmax``, ``basis``,
``phase``, ``normalization``, ``ordering``, ``dtype``, ``layout``, the symphys version and the
sha256 of the payload. Two payload layouts:

- per-path kinds (``wigner3j``, ``clebsch_gordan``, ``gaunt``, ``real_gaunt``,
  ``complex_to_real``): ``paths`` (P, k) int32 lists the (l1, l2, l3) (or (l,)) of each block
  and ``offsets`` (P+1,) int64 where each block starts.

  * ``layout="dense"``: ``values`` holds every block flattened in C order, block p being
    ``values[offsets[p]:offsets[p+1]].reshape(2l1+1, 2l2+1, 2l3+1)`` (m = -l..l on each axis);
  * ``layout="coo"``: only the non-zero entries, ``indices`` (nnz, k) int32 holding the global
    harmonic index l(l+1)+m on each axis and ``values`` (nnz,), sorted by path.

  ``complex_to_real`` blocks are (2l+1, 2l+1) matrices indexed by one degree l.

- array kinds (``sh_to_fourier``, ``fourier_to_sh``): one tensor, dense as ``values`` or COO as
  ``indices`` (nnz, ndim) + ``values`` with its ``shape`` in the metadata.

Complex values are stored as real arrays with a trailing axis of length 2 (real, imaginary) and
``"complex": true`` in the metadata, so that every format (npz, safetensors, torch) holds them.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from symphys._version import __version__
from symphys.tables._files import write_table_file

__all__ = ["Table", "TableError", "PATH_KINDS", "ARRAY_KINDS", "KINDS"]

PATH_KINDS = ("wigner3j", "clebsch_gordan", "gaunt", "real_gaunt", "complex_to_real")
ARRAY_KINDS = ("sh_to_fourier", "fourier_to_sh")
KINDS = PATH_KINDS + ARRAY_KINDS
_LAYOUTS = ("dense", "coo")
_DTYPES = ("float64", "float32")
FORMAT_VERSION = 1


class TableError(ValueError):
    """A table file or request that cannot be honoured (corrupt, tampered, mismatched, too big)."""


def _canonical_json(meta: Mapping[str, Any]) -> str:
    return json.dumps(meta, sort_keys=True, separators=(",", ":"))


def payload_sha256(arrays: Mapping[str, np.ndarray], metadata: Mapping[str, Any]) -> str:
    """sha256 over the arrays (name, dtype, shape, little-endian bytes) and the other metadata.

    >>> a = payload_sha256({"values": np.zeros(2)}, {"kind": "x"})
    >>> len(a), a == payload_sha256({"values": np.zeros(2)}, {"kind": "x", "sha256": "?"})
    (64, True)
    >>> a == payload_sha256({"values": np.array([0.0, 1e-300])}, {"kind": "x"})
    False
    """
    h = hashlib.sha256()
    meta = {k: v for k, v in metadata.items() if k != "sha256"}
    h.update(_canonical_json(meta).encode())
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        a = a.astype(a.dtype.newbyteorder("<"), copy=False)
        h.update(f"\0{name}\0{a.dtype.str}\0{list(a.shape)}\0".encode())
        h.update(a.tobytes())
    return h.hexdigest()


class Table:
    """A coefficient table: payload arrays plus metadata (see the module docstring).

    Build tables with :func:`symphys.tables.generate` and read them with
    :func:`symphys.tables.load`; the constructor checks that the payload matches its layout.

    >>> import numpy as np
    >>> t = Table({"paths": np.array([[0]], dtype=np.int32), "offsets": np.array([0, 1]),
    ...            "values": np.array([1.0])},
    ...           {"kind": "complex_to_real", "lmax": 0, "basis": "real", "dtype": "float64",
    ...            "layout": "dense", "complex": False})
    >>> t.block(0)
    array([[1.]])
    >>> t.metadata["sha256"] == t.sha256
    True
    """

    def __init__(self, arrays: Mapping[str, np.ndarray], metadata: Mapping[str, Any]) -> None:
        if not isinstance(arrays, Mapping):
            raise TypeError(f"arrays={type(arrays).__name__} must be a mapping of names to "
                            "numpy arrays")
        if not isinstance(metadata, Mapping):
            raise TypeError(f"metadata={type(metadata).__name__} must be a mapping (dict)")
        for name, value in arrays.items():
            if not isinstance(name, str):
                raise TypeError(f"arrays: the key {name!r} must be a str")
            if not isinstance(value, np.ndarray) or value.dtype == object:
                raise TypeError(f"arrays[{name!r}] must be a numpy array of numbers, not "
                                f"{type(value).__name__}"
                                + (" of objects" if isinstance(value, np.ndarray) else ""))
        meta = dict(metadata)
        for key in ("kind", "lmax", "basis", "dtype", "layout"):
            if key not in meta:
                raise TableError(f"metadata lacks the field {key!r}")
        if not isinstance(meta["kind"], str) or meta["kind"] not in KINDS:
            raise TableError(f"kind={meta['kind']!r} must be one of {KINDS}")
        if not isinstance(meta["layout"], str) or meta["layout"] not in _LAYOUTS:
            raise TableError(f"layout={meta['layout']!r} must be one of {_LAYOUTS}")
        lmax = meta["lmax"]
        if isinstance(lmax, (bool, np.bool_)) or not isinstance(lmax, (int, np.integer)) \
                or lmax < 0:
            raise TableError(f"metadata lmax={lmax!r} must be a non-negative int")
        if not isinstance(meta["dtype"], str) or meta["dtype"] not in _DTYPES:
            raise TableError(f"dtype={meta['dtype']!r} must be one of {_DTYPES}")
        meta.setdefault("complex", False)
        meta.setdefault("format_version", FORMAT_VERSION)
        meta.setdefault("symphys_version", __version__)
        self._arrays = {k: np.asarray(v) for k, v in arrays.items()}
        for a in self._arrays.values():
            a.setflags(write=False)
        meta.pop("sha256", None)
        self._meta = meta
        self._check_payload()
        self._sha = payload_sha256(self._arrays, meta)

    def _check_payload(self) -> None:
        need = {"values"}
        if self.kind in PATH_KINDS:
            need |= {"paths", "offsets"}
        if self.layout == "coo":
            need |= {"indices"}
        missing = need - set(self._arrays)
        if missing:
            raise TableError(f"payload lacks the array(s) {sorted(missing)}")
        values = self._arrays["values"]
        if values.dtype != np.dtype(self.dtype):
            raise TableError(f"values have dtype {values.dtype}, metadata says dtype={self.dtype}")
        if self.is_complex and values.shape[-1:] != (2,):
            raise TableError("complex values must have a trailing axis of length 2")
        if self.kind in PATH_KINDS:
            offsets = self._arrays["offsets"]
            if len(offsets) != len(self._arrays["paths"]) + 1 or offsets[-1] != len(values):
                raise TableError("offsets do not match paths and values")

    # -- metadata -------------------------------------------------------------------------
    @property
    def metadata(self) -> dict[str, Any]:
        """All metadata, with ``sha256`` of the payload (a copy)."""
        return {**self._meta, "sha256": self._sha}

    @property
    def sha256(self) -> str:
        """Checksum of the payload arrays and the rest of the metadata."""
        return self._sha

    kind = property(lambda self: self._meta["kind"], doc="what the table holds")
    lmax = property(lambda self: int(self._meta["lmax"]), doc="largest degree")
    basis = property(lambda self: self._meta["basis"], doc="harmonic basis")
    dtype = property(lambda self: self._meta["dtype"], doc="'float64' or 'float32'")
    layout = property(lambda self: self._meta["layout"], doc="'dense' or 'coo'")
    is_complex = property(lambda self: bool(self._meta["complex"]), doc="complex values")

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """The payload arrays (read-only views)."""
        return dict(self._arrays)

    @property
    def nbytes(self) -> int:
        """Size of the payload in bytes."""
        return sum(a.nbytes for a in self._arrays.values())

    def __repr__(self) -> str:
        return (f"Table(kind={self.kind!r}, lmax={self.lmax}, basis={self.basis!r}, "
                f"dtype={self.dtype!r}, layout={self.layout!r}, nbytes={self.nbytes})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Table) and other.sha256 == self.sha256

    __hash__ = None  # type: ignore[assignment]

    # -- access ---------------------------------------------------------------------------
    def _values(self, sl: slice | None = None) -> np.ndarray:
        v = self._arrays["values"] if sl is None else self._arrays["values"][sl]
        if self.is_complex:
            return v[..., 0] + 1j * v[..., 1]
        return v

    @property
    def paths(self) -> list[tuple[int, ...]]:
        """The (l1, l2, l3) (or (l,)) of each block, in storage order.

        >>> from symphys.tables import generate
        >>> generate("gaunt", 1, progress=False).paths
        [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]
        """
        if self.kind not in PATH_KINDS:
            raise TableError(f"kind={self.kind!r} has no per-path blocks")
        return [tuple(int(v) for v in p) for p in self._arrays["paths"]]

    def block(self, *ls: int) -> np.ndarray:
        """The dense block of path ``ls`` (e.g. ``block(l1, l2, l3)``), shape (2l1+1, 2l2+1, ...).

        Works for both layouts; a path absent from the table (selection rules) raises.
        """
        if self.kind not in PATH_KINDS:
            raise TableError(f"kind={self.kind!r} has no per-path blocks; use .array()")
        paths = self._arrays["paths"]
        if len(ls) != paths.shape[1]:
            raise TableError(f"kind={self.kind!r} blocks are indexed by {paths.shape[1]} degrees")
        hit = np.flatnonzero((paths == np.asarray(ls)).all(axis=1))
        if not hit.size:
            raise TableError(f"path {ls} is not in this {self.kind} table (lmax={self.lmax})")
        p = int(hit[0])
        lo, hi = (int(v) for v in self._arrays["offsets"][p : p + 2])
        degrees = _axis_degrees(self.kind, ls)
        shape = tuple(2 * l + 1 for l in degrees)
        if self.layout == "dense":
            return self._values(slice(lo, hi)).reshape(shape)
        out = np.zeros(shape, dtype=complex if self.is_complex else self.dtype)
        idx = self._arrays["indices"][lo:hi].astype(np.int64)
        local = tuple(idx[:, k] - l**2 for k, l in enumerate(degrees))
        out[local] = self._values(slice(lo, hi))
        return out

    def array(self) -> np.ndarray:
        """The dense tensor of an array kind (``sh_to_fourier``, ``fourier_to_sh``).

        >>> from symphys.tables import generate
        >>> generate("fourier_to_sh", 2, umax=4, layout="coo").array().shape
        (9, 9, 5)
        """
        if self.kind not in ARRAY_KINDS:
            raise TableError(f"kind={self.kind!r} is stored per path; use .block(...)")
        if self.layout == "dense":
            return self._values()
        shape = tuple(self._meta["shape"])
        out = np.zeros(shape, dtype=complex if self.is_complex else self.dtype)
        out[tuple(self._arrays["indices"].astype(np.int64).T)] = self._values()
        return out

    # -- conversions ----------------------------------------------------------------------
    def to_layout(self, layout: str) -> Table:
        """The same table in ``layout`` ('dense' or 'coo'); exact zeros are dropped in COO.

        >>> from symphys.tables import generate
        >>> t = generate("sh_to_fourier", 2, basis="complex")
        >>> c = t.to_layout("coo")
        >>> bool((c.array() == t.array()).all()), c.nbytes < t.nbytes
        (True, True)
        """
        if layout not in _LAYOUTS:
            raise TableError(f"layout={layout!r} must be one of {_LAYOUTS}")
        if layout == self.layout:
            return self
        meta = {**self._meta, "layout": layout}
        if self.kind in ARRAY_KINDS:
            dense = self.array()
            if layout == "dense":
                meta.pop("shape", None)
                return Table({"values": _store(dense, self.dtype)}, meta)
            idx = np.argwhere(dense != 0).astype(np.int32)
            meta["shape"] = list(dense.shape)
            return Table({"indices": idx, "values": _store(dense[tuple(idx.T)], self.dtype)},
                         meta)
        blocks = (self.block(*p) for p in self.paths)
        return Table(_path_payload(self.kind, self.paths, blocks, self.dtype, layout,
                                   self.is_complex), meta)

    # -- files ----------------------------------------------------------------------------
    def save(self, path: str | os.PathLike, *, format: str | None = None) -> str:
        """Write atomically to ``path`` (.npz, .safetensors or .pt; ``format`` overrides the
        suffix); returns the path. See :func:`symphys.tables.io.save`.

        >>> import os, tempfile
        >>> from symphys.tables import generate
        >>> with tempfile.TemporaryDirectory() as d:
        ...     os.path.basename(generate("complex_to_real", 2).save(os.path.join(d, "c.npz")))
        'c.npz'
        """
        return write_table_file(path, self.arrays, self.metadata, format=format)


def _store(values: np.ndarray, dtype: str) -> np.ndarray:
    """Values as stored: real dtype, complex split into a trailing (re, im) axis, no -0.0
    (so that equal tables hash equal)."""
    values = np.asarray(values)
    if np.iscomplexobj(values):
        values = np.stack([values.real, values.imag], axis=-1)
    return values.astype(dtype) + np.zeros((), dtype)


def _axis_degrees(kind: str, ls: tuple[int, ...]) -> tuple[int, ...]:
    """The degree of each axis of a block: (l1, l2, l3), or (l, l) for complex_to_real."""
    ls = tuple(int(l) for l in ls)
    return ls * 2 if kind == "complex_to_real" else ls


def _path_payload(kind: str, paths: list[tuple[int, ...]], blocks: Iterable[np.ndarray],
                  dtype: str, layout: str, is_complex: bool) -> dict[str, np.ndarray]:
    """Payload of a per-path table from its blocks (an iterable in path order, consumed one
    block at a time so that only the output is held in memory)."""
    parr = np.array(paths, dtype=np.int32).reshape(len(paths), -1)
    degrees = [_axis_degrees(kind, ls) for ls in paths]
    if layout == "dense":
        sizes = [math.prod(2 * l + 1 for l in d) for d in degrees]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        values = np.empty((int(offsets[-1]),) + ((2,) if is_complex else ()), dtype=dtype)
        for p, b in enumerate(blocks):
            values[offsets[p] : offsets[p + 1]] = _store(np.ravel(b), dtype)
        return {"paths": parr, "offsets": offsets, "values": values}
    idx, vals, sizes = [], [], []
    for d, b in zip(degrees, blocks, strict=True):
        b = np.asarray(b)
        nz = np.argwhere(b != 0)
        idx.append((nz + np.array([l * l for l in d])).astype(np.int32))
        vals.append(_store(b[tuple(nz.T)], dtype))
        sizes.append(len(nz))
    k = 2 if kind == "complex_to_real" else parr.shape[1]
    empty = np.zeros((0, 2) if is_complex else (0,), dtype)
    return {
        "paths": parr,
        "offsets": np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
        "values": np.concatenate(vals) if vals else empty,
        "indices": np.concatenate(idx) if idx else np.zeros((0, k), np.int32),
    }
