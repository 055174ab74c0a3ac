"""Reading and writing tables: ``.npz``, ``.safetensors`` and PyTorch ``.pt`` files.

Every file holds the payload arrays under their names and the metadata as one JSON string
(npz: the 0-d unicode array ``__metadata__``; safetensors: the header metadata key
``symphys``; torch: the dict key ``__metadata__``), so that any of the three can be read without
symphys. Writes go to a temporary file in the target folder, then ``os.replace`` it: a reader
never sees half a file. Loading recomputes the sha256 and refuses a file whose checksum, kind,
basis, dtype or lmax differs from what the file says or the caller asks for.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from symphys.tables._files import FORMATS, check_format, read_table_file, write_table_file
from symphys.tables.table import Table, TableError, payload_sha256

__all__ = ["save", "load", "check_format", "FORMATS"]


def save(table: Table, path: str | os.PathLike, *, format: str | None = None) -> str:
    """Write ``table`` to ``path`` atomically; the format comes from the suffix unless given.

    Returns the path written. ``.safetensors`` needs the ``safetensors`` package, ``.pt`` needs
    torch (both imported only here).

    >>> import tempfile, os
    >>> from symphys.tables import generate, load
    >>> t = generate("sh_to_fourier", 2)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = save(t, os.path.join(d, "y.npz"))
    ...     load(p, kind="sh_to_fourier") == t
    True
    """
    if not isinstance(table, Table):
        raise TypeError(f"table={type(table).__name__} must be a symphys.tables.Table")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path={path!r} must be a str or os.PathLike")
    if format is not None and not isinstance(format, str):
        raise TypeError(f"format={format!r} must be a str or None")
    return write_table_file(path, table.arrays, table.metadata, format=format)


def load(
    path: str | os.PathLike,
    *,
    kind: str | None = None,
    basis: str | None = None,
    dtype: str | None = None,
    lmax: int | None = None,
    format: str | None = None,
) -> Table:
    """Read a table written by :func:`save`, verifying its sha256 and what the caller expects.

    ``kind``, ``basis``, ``dtype`` and ``lmax``, when given, must equal the file's metadata.
    Raises :class:`~symphys.tables.TableError` (a ValueError) naming the field that does not
    match, or saying the file is truncated/corrupt; nothing is returned half-read.

    >>> load("no/such/file.npz")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no such table file: 'no/such/file.npz'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path={path!r} must be a str or os.PathLike")
    for field, want in (("kind", kind), ("basis", basis), ("dtype", dtype), ("format", format)):
        if want is not None and not isinstance(want, str):
            raise TypeError(f"{field}={want!r} must be a str or None")
    if lmax is not None and (isinstance(lmax, bool) or not isinstance(lmax, int)):
        raise TypeError(f"lmax={lmax!r} must be an int or None")
    p = Path(path)
    fmt = check_format(p, format)
    if not p.is_file():
        raise FileNotFoundError(f"no such table file: {str(path)!r}")
    try:
        arrays, meta_text = read_table_file(p, fmt)
        meta = json.loads(meta_text)
    except Exception as exc:  # every reader has its own error types for a damaged file
        raise TableError(
            f"{str(path)!r} is not a readable symphys {fmt} table (truncated or corrupt): "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str):
        raise TableError(f"{str(path)!r}: metadata lacks the field 'sha256'")
    computed = payload_sha256(arrays, meta)
    if computed != meta["sha256"]:
        raise TableError(
            f"{str(path)!r}: sha256 mismatch (file says {meta['sha256'][:16]}..., payload "
            f"hashes to {computed[:16]}...): the file is corrupt or was modified"
        )
    for field, want in (("kind", kind), ("basis", basis), ("dtype", dtype), ("lmax", lmax)):
        if want is not None and meta.get(field) != want:
            raise TableError(
                f"{str(path)!r}: {field}={meta.get(field)!r} in the file, but {field}={want!r} "
                "was asked for"
            )
    return Table(arrays, meta)
