"""Reading and writing tables: ``.npz``, ``.safetensors`` and PyTorch ``.pt`` files.

Every file holds the payload arrays under their names and the metadata as one JSON string
(npz: the 0-d unicode array ``__metadata__``; safetensors: the header metadata key
``symphys``; torch: the dict key ``__metadata__``), so that any of the three can be read without
symphys. Writes go to a temporary file in the target folder, then ``os.replace`` it: a reader
never sees half a file. Loading recomputes the sha256 and refuses a file whose checksum, kind,
basis, dtype or lmax differs from what the file says or the caller asks for.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from symphys.tables.table import Table, TableError, payload_sha256

__all__ = ["save", "load", "check_format", "FORMATS"]

FORMATS = {".npz": "npz", ".safetensors": "safetensors", ".pt": "pt"}
_META_KEY = "__metadata__"


#: the optional package each format needs (numpy is always there)
_MODULE_OF = {"npz": "numpy", "safetensors": "safetensors", "pt": "torch"}


def check_format(path: str | os.PathLike, format: str | None = None) -> str:
    """The table file format of ``path`` (``"npz"``, ``"safetensors"`` or ``"pt"``), checked.

    The format is ``format`` when given, else read from the suffix of ``path`` (``.npz``,
    ``.safetensors``, ``.pt``, in any case). Call it before expensive work to refuse a bad
    output path at once; :func:`save` and :func:`load` call it too.

    Parameters
    ----------
    path
        The table file (it need not exist).
    format
        ``"npz"``, ``"safetensors"`` or ``"pt"``; overrides the suffix.

    Returns
    -------
    str
        The format name.

    Raises
    ------
    ValueError
        For an unknown ``format`` or suffix, or when the optional package the format needs
        (``safetensors`` for ``.safetensors``, ``torch`` for ``.pt``) is not installed; the
        message names the package to install.

    Examples
    --------
    >>> check_format("weights/cg.npz")
    'npz'
    >>> check_format("cg.bin", format="npz")
    'npz'
    >>> check_format("cg.h5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: path='cg.h5': cannot tell the format from the suffix '.h5'; use one of ...
    """
    if format is not None:
        if format not in _MODULE_OF:
            raise ValueError(f"format={format!r} must be one of {sorted(_MODULE_OF)}")
        fmt = format
    else:
        suffix = Path(path).suffix.lower()
        if suffix not in FORMATS:
            raise ValueError(
                f"path={str(path)!r}: cannot tell the format from the suffix {suffix!r}; "
                f"use one of {sorted(FORMATS)} or pass format="
            )
        fmt = FORMATS[suffix]
    module = _MODULE_OF[fmt]
    if importlib.util.find_spec(module) is None:
        raise ValueError(f"format={fmt!r} needs the {module} package (pip install {module})")
    return fmt


def _new_file_mode() -> int:
    """The permission bits ``open(path, "w")`` would give a new file: 0o666 less the umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _new_file_mode())  # mkstemp makes 0600; give the file open()'s mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _encode(table: Table, fmt: str) -> bytes:
    meta = json.dumps(table.metadata, sort_keys=True)
    arrays = table.arrays
    if fmt == "npz":
        buf = io.BytesIO()
        np.savez(buf, **arrays, **{_META_KEY: np.array(meta)})
        return buf.getvalue()
    if fmt == "safetensors":
        from safetensors.numpy import save as st_save

        return st_save({k: np.ascontiguousarray(v) for k, v in arrays.items()},
                       metadata={"symphys": meta})
    import torch

    buf = io.BytesIO()
    torch.save({_META_KEY: meta, **{k: torch.from_numpy(np.array(v)) for k, v in
                                    arrays.items()}}, buf)
    return buf.getvalue()


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
    p = Path(path)
    fmt = check_format(p, format)
    _atomic_write(p, _encode(table, fmt))
    return str(p)


def _decode(path: Path, fmt: str) -> tuple[dict[str, np.ndarray], str]:
    if fmt == "npz":
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = arrays.pop(_META_KEY)
        return arrays, str(meta[()])
    if fmt == "safetensors":
        from safetensors import safe_open

        with safe_open(str(path), framework="numpy") as f:
            meta = (f.metadata() or {})["symphys"]
            arrays = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118
        return arrays, meta
    import torch

    obj: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
    meta = obj.pop(_META_KEY)
    return {k: v.numpy() for k, v in obj.items()}, meta


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
    p = Path(path)
    fmt = check_format(p, format)
    if not p.is_file():
        raise FileNotFoundError(f"no such table file: {str(path)!r}")
    try:
        arrays, meta_text = _decode(p, fmt)
        meta = json.loads(meta_text)
    except Exception as exc:  # every reader has its own error types for a damaged file
        raise TableError(
            f"{str(path)!r} is not a readable symphys {fmt} table (truncated or corrupt): "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(meta, dict) or "sha256" not in meta:
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
