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
``--json``. Every command accepts ``--quiet`` (``-q``): no progress bars, no notes. Progress bars
are shown on stderr only when it is a terminal, and never when ``TQDM_DISABLE`` is set.
Python warnings raised while a command runs are not printed raw: each distinct one becomes a
line ``symphys <command>: note: <message>`` on stderr after the result (none under
``--quiet``, and none when the command fails, whose error is its one line).

Exit codes and errors:

- 0: success.
- 1: the command reported a computation or input error (a ``ValueError`` or an ``OSError``
  such as a missing or unreadable file, a read-only folder, a full disk): one line
  ``symphys <command>: error: <message>`` on stderr, or with ``--json`` one JSON object
  ``{"error": ..., "command": ...}`` on stderr. No partial output file is left behind.
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
import warnings
from collections.abc import Callable, Sequence

from symphys import __version__
from symphys.cli._commands import COMMANDS
from symphys.cli._output import common_parent, emit, emit_error, emit_note

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
        parents=[common_parent()],
    )
    parser.add_argument("--version", action="version", version=f"symphys {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (modname, helptext) in COMMANDS.items():
        p = sub.add_parser(name, parents=[common_parent()], help=helptext, description=helptext)
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
    _silence_stdout()
    return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real file descriptor (e.g. captured)
        pass


def _os_message(exc: OSError) -> str:
    """``"out/w.npz: Permission denied"``, ``"No space left on device"``: the OS's words and
    the file they concern, without the ``[Errno 13]`` prefix."""
    if exc.strerror:
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        return ": ".join([*names, exc.strerror]) if names else exc.strerror
    return str(exc) or type(exc).__name__


def _notes(command: str, caught: list[warnings.WarningMessage], *, as_json: bool) -> None:
    seen = set()
    for w in caught:
        text = str(w.message)
        if text not in seen:
            seen.add(text)
            emit_note(command, text, as_json=as_json)


def _run(argv: list[str], as_json: bool) -> int:
    parser = build_parser()
    if not argv:
        parser.print_usage(sys.stderr)
        emit_error("", "a command is required (symphys --help lists them)", as_json=as_json)
        return 2
    args = parser.parse_args(argv)
    if not hasattr(args, "json"):
        args.json = False
    if not hasattr(args, "quiet"):
        args.quiet = False
    func: Callable[[argparse.Namespace], int | None] | None = getattr(args, "func", None)
    command = _command_of(args)
    if func is None:  # a group that needs a sub-command was given none
        if not as_json:
            args._parser.print_usage(sys.stderr)
        emit_error(command, "a subcommand is required", as_json=as_json)
        return 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            rc = func(args)
        _flush_stdout()
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        emit_error(command, "interrupted", as_json=as_json)
        return 130
    except (ValueError, OSError) as exc:
        try:
            _flush_stdout()
        except OSError:  # stdout itself failed (e.g. a full disk): drop what is left of it
            _silence_stdout()
        message = _os_message(exc) if isinstance(exc, OSError) else str(exc)
        emit_error(command, message or type(exc).__name__, as_json=as_json)
        return 1
    if not args.quiet:
        _notes(command, caught, as_json=as_json)
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
    except KeyboardInterrupt:  # Ctrl-C outside the command (start-up, parsing, output)
        emit_error("", "interrupted", as_json=as_json)
        return 130
    finally:
        _JSON_ERRORS.reset(token)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
