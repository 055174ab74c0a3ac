"""Internal: how ``symphys`` commands print results and errors.

Contract (internal to :mod:`symphys.cli`; the names are public within it, the module is not part
of the library's API): :func:`emit` prints a result, :func:`emit_error` an error, both as text or
as JSON with ``--json``; :func:`json_parent` is the argparse parent that gives a (sub)command its
``--json`` flag; :func:`strict_json` turns numpy scalars into Python numbers and NaN/inf into
``None`` for strict JSON. This module imports nothing from the library and no numpy at import.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import sys
from typing import Any

__all__ = ["emit", "emit_error", "json_default", "json_parent", "strict_json"]


@functools.cache
def json_parent() -> argparse.ArgumentParser:
    """An argparse parent parser with the ``--json`` flag (absent from the namespace unless
    given, so that ``symphys --json lie ...`` and ``symphys lie ... --json`` both work).

    One shared instance: never add arguments to it; a group that needs more common options
    makes its own parent with ``parents=[json_parent()]``.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print machine-readable JSON instead of text (errors too)")
    return common


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
