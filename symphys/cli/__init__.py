"""The ``symphys`` command line: one front door for the package's main jobs.

Layout: one module per command group in this package (:mod:`~symphys.cli.info`,
:mod:`~symphys.cli.tables`, :mod:`~symphys.cli.lie`, :mod:`~symphys.cli.bms`,
:mod:`~symphys.cli.fit`). Each defines ``configure(parser)``, which adds the group's arguments
and sets ``func`` (a callable ``func(args) -> int | None``) with ``parser.set_defaults``; a group
with sub-commands stores the chosen one in ``<group>_command``. The group modules import the
library only inside their command functions, so building the parser (``symphys --help``,
``symphys --version``) imports neither numpy nor sympy. The library never imports this package.

Every command accepts ``--json``; results are printed through
:func:`symphys.cli._output.emit`: human-readable text by default, one JSON document with
``--json``.

Exit codes and errors:

- 0: success.
- 1: the command reported a computation or input error (a ``ValueError`` or an ``OSError``
  such as a missing or unreadable file): one line ``symphys <command>: error: <message>`` on
  stderr, or with ``--json`` one JSON object ``{"error": ..., "command": ...}`` on stderr.
- 2: a usage error (unknown command, bad option, an argument of the wrong form), reported by
  argparse (as JSON too when ``--json`` is on the command line); also ``symphys`` with no
  command, which prints the usage on stderr.
- 130: interrupted (Ctrl-C), one line on stderr.
- 141 (128 + SIGPIPE, what a shell reports for a Unix tool stopped by a closed pipe): stdout was
  closed early, e.g. ``symphys lie info E8 | head -1``. The command exits quietly, without a
  traceback; 141 rather than 0 because its output was cut short (``set -o pipefail`` sees it).

Any other exception, ``TypeError`` included, is a bug: it is not caught and shows its traceback.
"""

from __future__ import annotations

import argparse
import contextvars
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from symphys import __version__
from symphys.cli._commands import COMMANDS
from symphys.cli._output import emit, emit_error, json_parent

__all__ = ["COMMANDS", "build_parser", "emit", "main"]

#: exit status of a command whose stdout was closed early (128 + SIGPIPE)
EXIT_BROKEN_PIPE = 141

# whether usage errors are printed as JSON (``--json`` on the command line); set by main()
_JSON_ERRORS: contextvars.ContextVar[bool] = contextvars.ContextVar("_JSON_ERRORS",
                                                                     default=False)


class _Parser(argparse.ArgumentParser):
    """argparse's parser, printing usage errors as one JSON object when ``--json`` was given."""

    def error(self, message: str):  # type: ignore[override]
        if not _JSON_ERRORS.get():
            super().error(message)
        command = self.prog.removeprefix("symphys").strip()
        emit_error(command, message, as_json=True)
        self.exit(2)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with one subparser per command group (no library import).

    >>> args = build_parser().parse_args(["lie", "dim", "G2", "1,0"])
    >>> args.command, args.lie_command, args.hw
    ('lie', 'dim', (1, 0))
    """
    parser = _Parser(
        prog="symphys",
        description="symphys: exact and numeric symmetry computations for physics and ML.",
        parents=[json_parent()],
    )
    parser.add_argument("--version", action="version", version=f"symphys {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (modname, helptext) in COMMANDS.items():
        p = sub.add_parser(name, parents=[json_parent()], help=helptext, description=helptext)
        p.set_defaults(_parser=p)
        importlib.import_module(modname).configure(p)
    return parser


def _wants_json(argv: Sequence[str]) -> bool:
    """``--json`` among the options (before a ``--`` that ends them).

    >>> _wants_json(["lie", "info", "E8", "--json"]), _wants_json(["--", "--json"])
    (True, False)
    """
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def _command_of(args: argparse.Namespace) -> str:
    """``"lie dim"`` for ``symphys lie dim ...``: the command path, for error messages.

    >>> _command_of(argparse.Namespace(command="lie", lie_command="dim"))
    'lie dim'
    """
    group = getattr(args, "command", None)
    if group is None:
        return ""
    leaf = getattr(args, f"{group}_command", None)
    return f"{group} {leaf}" if leaf else group


def _flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()


def _stdout_closed() -> int:
    """stdout's reader went away: point stdout at devnull so that the interpreter's final
    flush cannot fail again (the recipe of the Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real file descriptor (e.g. captured)
        pass
    return EXIT_BROKEN_PIPE


def _run(argv: list[str], as_json: bool) -> int:
    parser = build_parser()
    if not argv:
        parser.print_usage(sys.stderr)
        emit_error("", "a command is required (symphys --help lists them)", as_json=as_json)
        return 2
    args = parser.parse_args(argv)
    if not hasattr(args, "json"):
        args.json = False
    func: Callable[[argparse.Namespace], int | None] | None = getattr(args, "func", None)
    command = _command_of(args)
    if func is None:  # a group that needs a sub-command was given none
        if not as_json:
            args._parser.print_usage(sys.stderr)
        emit_error(command, "a subcommand is required", as_json=as_json)
        return 2
    try:
        rc = func(args)
        _flush_stdout()
    except BrokenPipeError:
        raise
    except (ValueError, OSError) as exc:
        _flush_stdout()
        emit_error(command, str(exc) or type(exc).__name__, as_json=as_json)
        return 1
    except KeyboardInterrupt:
        emit_error(command, "interrupted", as_json=as_json)
        return 130
    return 0 if rc is None else int(rc)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``symphys`` console script; returns the exit code.

    Usage errors raise ``SystemExit(2)`` as argparse does; see the module docstring for the
    other exit codes.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = _wants_json(argv)
    token = _JSON_ERRORS.set(as_json)
    try:
        try:
            rc = _run(argv, as_json)
        except SystemExit:  # --help, --version, usage errors: flush what argparse printed
            _flush_stdout()
            raise
        _flush_stdout()
        return rc
    except BrokenPipeError:
        return _stdout_closed()
    finally:
        _JSON_ERRORS.reset(token)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
