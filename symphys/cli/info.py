"""``symphys info``: versions, optional extras and the commands on offer.

    symphys info [--json]
"""

from __future__ import annotations

import argparse
import sys

from symphys.cli._output import emit

#: optional modules whose presence ``symphys info`` reports
OPTIONAL = ("matplotlib", "corner", "torch", "jax", "safetensors", "e3nn", "ducc0", "h5py")


def _version_of(module: str) -> str | None:
    """The installed version of ``module`` (``None``: not installed), without importing it."""
    import importlib.util
    from importlib.metadata import PackageNotFoundError, version

    if importlib.util.find_spec(module) is None:
        return None
    try:
        return version(module)
    except PackageNotFoundError:  # a module without distribution metadata
        return "installed"


def _cmd_info(args: argparse.Namespace) -> int:
    from symphys import __version__
    from symphys.cli._commands import COMMANDS

    versions = {mod: _version_of(mod) for mod in OPTIONAL}
    data = {
        "symphys": __version__,
        "python": sys.version.split()[0],
        "commands": sorted(COMMANDS),
        "optional": versions,
        # FFT library of the numpy Gaunt tensor product (ducc0: the optional "fast" extra)
        "gaunt_tp_fft": "ducc0" if versions.get("ducc0") else "scipy",
    }
    lines = [f"symphys {__version__} (Python {data['python']})"]
    lines.append("commands: " + ", ".join(data["commands"]))
    for mod, ver in versions.items():
        lines.append(f"  {mod:12s} {ver or 'not installed'}")
    lines.append(f"Gaunt tensor product FFTs: {data['gaunt_tp_fft']}" + (
        "" if versions.get("ducc0") else ' (pip install "symphys[fast]" for ducc0, ~1.5x faster)'))
    emit(args, data, "\n".join(lines))
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    """Set ``symphys info``'s command function on ``parser`` (it takes no arguments)."""
    parser.set_defaults(func=_cmd_info)
