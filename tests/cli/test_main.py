"""The ``symphys`` command: exit codes, help, version, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from symphys import __version__
from symphys.cli import COMMANDS, build_parser, main


def run_cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symphys", *argv], capture_output=True, text=True, timeout=120
    )


def test_version_prints_package_version():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"symphys {__version__}"


def test_help_lists_existing_commands_only():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "info" in proc.stdout
    import importlib.util

    for name, (module, _) in COMMANDS.items():
        exists = importlib.util.find_spec(module) is not None
        assert (f"    {name}" in proc.stdout) == exists, name


def test_unknown_subcommand_exits_2_with_usage():
    proc = run_cli("no-such-command")
    assert proc.returncode == 2
    assert "usage:" in proc.stderr
    assert "invalid choice" in proc.stderr


def test_bad_option_exits_2():
    proc = run_cli("--no-such-option")
    assert proc.returncode == 2
    assert "unrecognized arguments" in proc.stderr


def test_info_json_is_valid_and_complete():
    proc = run_cli("info", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["symphys"] == __version__
    assert set(data["optional"]) >= {"torch", "matplotlib", "ducc0"}
    assert set(data["commands"]) <= set(COMMANDS)
    from symphys.angular.tensor_product import _fft_backend

    assert data["gaunt_tp_fft"] == _fft_backend()  # what the kernel really uses


def test_json_flag_accepted_before_subcommand(capsys):
    assert main(["--json", "info"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["symphys"] == __version__


def test_info_text(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"symphys {__version__}")


def test_errors_from_commands_exit_1(capsys, monkeypatch):
    parser = build_parser()

    def boom(args):
        raise ValueError("lmax=-1 must be >= 0")

    args = parser.parse_args(["info"])
    monkeypatch.setattr("symphys.cli.build_parser", lambda: _FixedParser(args, boom))
    assert main(["info"]) == 1
    assert "lmax=-1 must be >= 0" in capsys.readouterr().err


class _FixedParser:
    def __init__(self, args, func):
        args.func = func
        self._args = args

    def parse_args(self, argv):
        return self._args


@pytest.mark.parametrize("argv", [[], ["info", "--help"]])
def test_help_paths_exit_0(argv):
    proc = run_cli(*argv) if argv else run_cli()
    assert proc.returncode == 0
    assert "usage: symphys" in proc.stdout
