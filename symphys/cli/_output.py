"""Internal: how ``symphys`` commands print results and errors.

Contract (internal to :mod:`symphys.cli`; the names are public within it, the module is not part
of the library's API): :func:`emit` prints a result, :func:`emit_error` an error and
:func:`emit_note` a note (a warning turned into one line), each as text or as JSON with
``--json``; :func:`common_parent` is the argparse parent that gives a (sub)command its
``--json`` and ``--quiet`` flags; :func:`progress_wanted` says whether a command shows progress
bars (only on a terminal, never with ``--quiet``/``--json``/``--no-progress`` or a set
``TQDM_DISABLE``); :func:`check_output_file` refuses an output path before the work (an existing
file without ``--force``, a directory, a missing or unwritable folder); :func:`atomic_write`
writes a file through a temporary one in the same folder (mode ``0o666 & ~umask``, as ``open``
gives); :func:`strict_json` turns numpy scalars into Python numbers and NaN/inf into ``None``
for strict JSON. This module imports nothing from the library and no numpy at import.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["atomic_write", "check_output_file", "common_parent", "emit", "emit_error",
           "emit_note", "json_default", "progress_wanted", "strict_json"]


@functools.cache
def common_parent() -> argparse.ArgumentParser:
    """An argparse parent parser with the ``--json`` and ``--quiet`` flags (absent from the
    namespace unless given, so that ``symphys --json lie ...`` and ``symphys lie ... --json``
    both work).

    One shared instance: never add arguments to it; a group that needs more common options
    makes its own parent with ``parents=[common_parent()]``.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print machine-readable JSON instead of text (errors too)")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress bars and no notes on stderr (errors still print)")
    return common


def progress_wanted(args: argparse.Namespace) -> bool:
    """Whether a command shows progress bars: stderr is a terminal, and none of ``--quiet``,
    ``--json``, ``--no-progress`` or the environment variable ``TQDM_DISABLE`` (set to anything
    but ``""``, ``0``, ``false``, ``no``) turns them off.

    >>> progress_wanted(argparse.Namespace(quiet=True))
    False
    """
    if any(getattr(args, flag, False) for flag in ("quiet", "json", "no_progress")):
        return False
    if os.environ.get("TQDM_DISABLE", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):  # a closed or replaced stderr
        return False


def check_output_file(path: str, *, force: bool = False, option: str = "-o") -> Path:
    """Refuse an output file path before any work (``ValueError`` naming ``option``): a
    directory, an existing file unless ``force``, a folder that does not exist (it is not
    created) or is not a folder, a folder this process cannot write into.

    >>> check_output_file(".", option="--output")
    Traceback (most recent call last):
    ...
    ValueError: --output '.' is a directory; give a file name
    """
    target = Path(path)
    if target.is_dir():
        raise ValueError(f"{option} {path!r} is a directory; give a file name")
    if (target.exists() or target.is_symlink()) and not force:
        raise ValueError(f"{option} {path!r} exists; pass --force to overwrite it")
    folder = target.parent
    if not folder.exists():
        raise ValueError(f"{option} {path!r}: the directory {str(folder)!r} does not exist "
                         "(create it first)")
    if not folder.is_dir():
        raise ValueError(f"{option} {path!r}: {str(folder)!r} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"{option} {path!r}: the directory {str(folder)!r} is not writable")
    return target


def atomic_write(path: Path, write: Callable[[str], Any]) -> None:
    """Write ``path`` through ``write(tmp)`` on a temporary file in the same folder, then
    ``os.replace``: a reader never sees half a file, and a failure (``OSError`` such as a full
    disk, ``KeyboardInterrupt``) leaves no file behind. The temporary name keeps the suffix of
    ``path`` (writers such as ``numpy.savez`` and ``savefig`` read it) and is created by
    ``open(..., "x")``, so the file gets the mode every new file gets (``0o666 & ~umask``).
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp{path.suffix}")
    try:
        with open(tmp, "xb"):
            pass
        write(str(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            os.remove(tmp)


def json_default(obj: Any) -> Any:
    """Serialise numpy scalars/arrays, Fractions, sets and sympy objects for ``--json``."""
    if hasattr(obj, "tolist") and callable(obj.tolist):  # numpy arrays and scalars
        return obj.tolist()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)  # Fractions, sympy numbers and expressions


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print a command's result: ``text`` (or ``str(data)``) normally, JSON with ``--json``.

    >>> emit(argparse.Namespace(json=True), {"dim": 7})
    {"dim": 7}
    >>> emit(argparse.Namespace(json=False), {"dim": 7}, text="dim = 7")
    dim = 7
    """
    if getattr(args, "json", False):
        print(json.dumps(data, default=json_default, sort_keys=False))
    else:
        print(text if text is not None else str(data))


def emit_error(command: str, message: str, *, as_json: bool) -> None:
    """Print one error line on stderr: ``symphys <command>: error: <message>``, or with
    ``as_json`` one JSON object ``{"error": message, "command": command}``.

    >>> import contextlib, io
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     emit_error("lie dim", "hw=(1,) has 1 labels; A2 needs 2", as_json=True)
    >>> err.getvalue()
    '{"error": "hw=(1,) has 1 labels; A2 needs 2", "command": "lie dim"}\\n'
    """
    if as_json:
        print(json.dumps({"error": message, "command": command}), file=sys.stderr)
    else:
        prog = f"symphys {command}" if command else "symphys"
        print(f"{prog}: error: {message}", file=sys.stderr)


def emit_note(command: str, message: str, *, as_json: bool) -> None:
    """Print a note (a warning the command met) as one line on stderr:
    ``symphys <command>: note: <message>``, or with ``as_json`` one JSON object
    ``{"note": message, "command": command}``.
    """
    message = " ".join(str(message).split())  # one line
    if as_json:
        print(json.dumps({"note": message, "command": command}), file=sys.stderr)
    else:
        prog = f"symphys {command}" if command else "symphys"
        print(f"{prog}: note: {message}", file=sys.stderr)


def strict_json(obj: Any) -> Any:
    """``obj`` with numpy scalars as Python numbers and NaN/inf as None (strict JSON).

    >>> strict_json({"a": float("nan"), "b": (1, 2.5, True)})
    {'a': None, 'b': [1, 2.5, True]}
    """
    if isinstance(obj, dict):
        return {str(k): strict_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict_json(v) for v in obj]
    if type(obj).__module__ == "numpy" and hasattr(obj, "item") and getattr(obj, "ndim", 1) == 0:
        obj = obj.item()  # a numpy scalar: the Python number (bool, int or float)
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    return obj
