"""Internal: the table of ``symphys`` command groups.

Contract (internal to :mod:`symphys.cli`): :data:`COMMANDS` maps each command to the module of
this package that defines its ``configure(parser)`` and to its one-line help. It lives apart from
:mod:`symphys.cli` so that ``symphys info`` can list the commands without importing the package
that runs it.
"""

from __future__ import annotations

__all__ = ["COMMANDS"]

#: command -> (module defining ``configure``, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "info": ("symphys.cli.info", "versions, optional extras, commands"),
    "tables": ("symphys.cli.tables", "coupling coefficients and tables for neural layers"),
    "fit": ("symphys.cli.fit", "fit cosmological models to supernova data"),
    "lie": ("symphys.cli.lie", "Lie algebra facts: dimensions, roots, tensor products"),
    "bms": ("symphys.cli.bms", "derive the 3D asymptotic-symmetry (BMS3) results"),
}
