"""The ``symphys`` command line: one front door for the package's main jobs.

Each subcommand lives beside the module it fronts, in a ``cli.py`` that defines
``configure(parser)``; ``configure`` adds the subcommand's arguments and sets
``func`` (a callable ``func(args) -> int | None``) with ``parser.set_defaults``.
A subcommand whose module has no ``cli.py`` yet is not offered, so ``--help``
lists exactly what exists.

Every subcommand accepts ``--json``; results are printed through :func:`emit`,
which writes human-readable text by default and one JSON document with ``--json``.

Exit codes: 0 success, 1 a computation or input error reported by the command,
2 a usage error (unknown subcommand, bad option), as argparse does.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from symphys._version import __version__

#: subcommand -> (module defining ``configure``, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "tables": ("symphys.tables.cli", "coupling coefficients and tables for neural layers"),
    "fit": ("symphys.cosmology.cli", "fit cosmological models to supernova data"),
    "lie": ("symphys.lie.cli", "Lie algebra facts: dimensions, roots, tensor products"),
    "bms": ("symphys.gr.cli", "derive the 3D asymptotic-symmetry (BMS3) results"),
}

_OPTIONAL = ("matplotlib", "corner", "torch", "jax", "safetensors", "e3nn", "ducc0", "h5py")


def _json_default(obj: Any) -> Any:
    """Serialise numpy scalars/arrays, Fractions and sympy objects for ``--json``."""
    try:
        import numpy as np

        if isinstance(obj, np.ndarray):
            return obj.tolist()
        if isinstance(obj, np.generic):
            return obj.item()
    except ImportError:  # pragma: no cover - numpy is a core dependency
        pass
    from fractions import Fraction

    if isinstance(obj, Fraction):
        return str(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print a command's result: ``text`` (or ``str(data)``) normally, JSON with ``--json``.

    >>> emit(argparse.Namespace(json=True), {"dim": 7})
    {"dim": 7}
    >>> emit(argparse.Namespace(json=False), {"dim": 7}, text="dim = 7")
    dim = 7
    """
    if getattr(args, "json", False):
        print(json.dumps(data, default=_json_default, sort_keys=False))
    else:
        print(text if text is not None else str(data))


def _available_commands() -> dict[str, tuple[str, str]]:
    return {
        name: spec
        for name, spec in COMMANDS.items()
        if importlib.util.find_spec(spec[0]) is not None
    }


def _cmd_info(args: argparse.Namespace) -> int:
    versions: dict[str, str | None] = {}
    for mod in _OPTIONAL:
        if importlib.util.find_spec(mod) is None:
            versions[mod] = None
            continue
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:  # a module without distribution metadata
            versions[mod] = "installed"
    data = {
        "symphys": __version__,
        "python": sys.version.split()[0],
        "commands": sorted(_available_commands()),
        "optional": versions,
        # FFT library of the numpy Gaunt tensor product (ducc0: the optional "fast" extra)
        "gaunt_tp_fft": "ducc0" if versions.get("ducc0") else "scipy",
    }
    lines = [f"symphys {__version__} (Python {data['python']})"]
    lines.append("commands: " + (", ".join(data["commands"]) or "(none yet)"))
    for mod, ver in versions.items():
        lines.append(f"  {mod:12s} {ver or 'not installed'}")
    lines.append(f"Gaunt tensor product FFTs: {data['gaunt_tp_fft']}" + (
        "" if versions.get("ducc0") else ' (pip install "symphys[fast]" for ducc0, ~1.5x faster)'))
    emit(args, data, "\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with one subparser per available subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS,
        help="print machine-readable JSON instead of text",
    )
    parser = argparse.ArgumentParser(
        prog="symphys",
        description="symphys: exact and numeric symmetry computations for physics and ML.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"symphys {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    info = sub.add_parser("info", parents=[common], help="versions, optional extras, commands")
    info.set_defaults(func=_cmd_info)
    for name, (modname, helptext) in _available_commands().items():
        p = sub.add_parser(name, parents=[common], help=helptext, description=helptext)
        p.set_defaults(_parser=p)
        importlib.import_module(modname).configure(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``symphys`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "json"):
        args.json = False
    func: Callable[[argparse.Namespace], int | None] | None = getattr(args, "func", None)
    if func is None:
        if args.command is None:
            parser.print_help()
            return 0
        # a subcommand that needs a sub-subcommand was given none
        args._parser.print_usage(sys.stderr)
        print(f"symphys {args.command}: error: a subcommand is required", file=sys.stderr)
        return 2
    try:
        rc = func(args)
    except (ValueError, TypeError, FileNotFoundError) as exc:
        print(f"symphys {args.command}: error: {exc}", file=sys.stderr)
        return 1
    return 0 if rc is None else int(rc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
