"""Table files on disk: the format of a path, atomic writes, raw reads (internal home).

Contract: these functions know files and formats, never :class:`~symphys.tables.Table`; they
take and return plain ``dict[str, numpy.ndarray]`` payloads and metadata mappings, so that both
:mod:`symphys.tables.table` (``Table.save``) and :mod:`symphys.tables.io` (``save``, ``load``)
import this module and not each other. Only modules of :mod:`symphys.tables` import it; the
public entry points are :func:`symphys.tables.io.check_format`, :func:`~symphys.tables.io.save`
and :func:`~symphys.tables.io.load`.

Every file holds the payload arrays under their names and the metadata as one JSON string
(npz: the 0-d unicode array ``__metadata__``; safetensors: the header metadata key
``symphys``; torch: the dict key ``__metadata__``), so that any of the three can be read without
symphys. Writes go to a temporary file in the target folder, then ``os.replace`` it: a reader
never sees half a file.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FORMATS", "META_KEY", "check_format", "read_table_file", "write_table_file"]

FORMATS = {".npz": "npz", ".safetensors": "safetensors", ".pt": "pt"}
META_KEY = "__metadata__"


#: the optional package each format needs (numpy is always there)
_MODULE_OF = {"npz": "numpy", "safetensors": "safetensors", "pt": "torch"}


def check_format(path: str | os.PathLike, format: str | None = None) -> str:
    """The table file format of ``path`` (``"npz"``, ``"safetensors"`` or ``"pt"``), checked.

    The format is ``format`` when given, else read from the suffix of ``path`` (``.npz``,
    ``.safetensors``, ``.pt``, in any case). Call it before expensive work to refuse a bad
    output path at once; :func:`symphys.tables.save` and :func:`symphys.tables.load` call it
    too.

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


def _encode(arrays: Mapping[str, np.ndarray], metadata: Mapping[str, Any], fmt: str) -> bytes:
    meta = json.dumps(dict(metadata), sort_keys=True)
    if fmt == "npz":
        buf = io.BytesIO()
        np.savez(buf, **arrays, **{META_KEY: np.array(meta)})
        return buf.getvalue()
    if fmt == "safetensors":
        from safetensors.numpy import save as st_save

        return st_save({k: np.ascontiguousarray(v) for k, v in arrays.items()},
                       metadata={"symphys": meta})
    import torch

    buf = io.BytesIO()
    torch.save({META_KEY: meta, **{k: torch.from_numpy(np.array(v)) for k, v in
                                    arrays.items()}}, buf)
    return buf.getvalue()


def write_table_file(path: str | os.PathLike, arrays: Mapping[str, np.ndarray],
                     metadata: Mapping[str, Any], *, format: str | None = None) -> str:
    """Write ``arrays`` and ``metadata`` to ``path`` atomically; returns the path written.

    The format comes from :func:`check_format` (suffix, or ``format`` when given).
    """
    p = Path(path)
    fmt = check_format(p, format)
    _atomic_write(p, _encode(arrays, metadata, fmt))
    return str(p)


def read_table_file(path: Path, fmt: str) -> tuple[dict[str, np.ndarray], str]:
    """The payload arrays and the metadata JSON text of the ``fmt`` file at ``path``.

    Raises whatever the reader raises for a damaged file (the caller wraps it).
    """
    if fmt == "npz":
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        meta = arrays.pop(META_KEY)
        return arrays, str(meta[()])
    if fmt == "safetensors":
        from safetensors import safe_open

        with safe_open(str(path), framework="numpy") as f:
            meta = (f.metadata() or {})["symphys"]
            arrays = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118
        return arrays, meta
    import torch

    obj: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
    meta = obj.pop(META_KEY)
    return {k: v.numpy() for k, v in obj.items()}, meta
