"""The ``symphys`` command: exit codes, help, version, start-up time, JSON output and errors."""

from __future__ import annotations

import ast
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symphys import __version__
from symphys.cli import COMMANDS, main
from tests.conftest import REPO_ROOT

CLI_DIR = REPO_ROOT / "symphys" / "cli"


def run_cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "symphys", *argv], capture_output=True, text=True, timeout=120,
        cwd=REPO_ROOT,
    )


def test_version_prints_package_version():
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"symphys {__version__}"


def test_help_lists_every_command():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "usage: symphys" in proc.stdout
    for name in ("info", "tables", "fit", "lie", "bms"):
        assert name in COMMANDS and f"    {name}" in proc.stdout, name


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_start_fast(flag):
    """``symphys --help``/``--version`` build the parser without importing the library: the
    target is < 0.3 s; the assertion allows for a loaded test machine (median of 5 runs)."""
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        proc = run_cli(flag)
        times.append(time.perf_counter() - t0)
        assert proc.returncode == 0
    assert statistics.median(times) < 0.5, times


def test_importing_the_cli_imports_no_numerics():
    code = ("import sys, symphys.cli; symphys.cli.build_parser(); "
            "print(sorted(m for m in ('numpy', 'scipy', 'sympy', 'torch', 'jax') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=REPO_ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_no_library_module_imports_the_cli():
    for path in (REPO_ROOT / "symphys").rglob("*.py"):
        if CLI_DIR in path.parents or path.name == "__main__.py":
            continue
        for module, _ in _imports(path):
            assert not module.startswith("symphys.cli"), f"{path} imports {module}"


def test_cli_uses_no_private_library_name():
    """Only public names, plus the documented internal contracts ``symphys._threads`` and
    ``symphys._expr`` (the safe expression parser)."""
    for path in CLI_DIR.glob("*.py"):
        for module, names in _imports(path):
            if not module.startswith("symphys") or module.startswith("symphys.cli"):
                continue
            parts = module.split(".")
            if module not in ("symphys._threads", "symphys._expr"):
                assert not any(p.startswith("_") for p in parts), f"{path}: {module}"
            assert not any(n.startswith("_") and n != "__version__" for n in names), (
                f"{path}: from {module} import {names}")


def test_unknown_subcommand_exits_2_with_usage():
    proc = run_cli("no-such-command")
    assert proc.returncode == 2
    assert "usage:" in proc.stderr
    assert "invalid choice" in proc.stderr


def test_bad_option_exits_2():
    proc = run_cli("--no-such-option")
    assert proc.returncode == 2
    assert "unrecognized arguments" in proc.stderr


def test_no_arguments_prints_usage_on_stderr_and_exits_2():
    proc = run_cli()
    assert proc.returncode == 2
    assert proc.stdout == "" and "usage: symphys" in proc.stderr


def test_group_without_subcommand_exits_2():
    proc = run_cli("lie")
    assert proc.returncode == 2
    assert "usage: symphys lie" in proc.stderr and "a subcommand is required" in proc.stderr


def test_info_json_is_valid_and_complete():
    proc = run_cli("info", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["symphys"] == __version__
    assert set(data["optional"]) >= {"torch", "matplotlib", "ducc0"}
    assert set(data["commands"]) == set(COMMANDS)
    try:  # the Gaunt tensor product uses ducc0 exactly when it is importable
        import ducc0  # noqa: F401
    except ImportError:
        assert data["gaunt_tp_fft"] == "scipy"
    else:
        assert data["gaunt_tp_fft"] == "ducc0"


def test_json_flag_accepted_before_subcommand(capsys):
    assert main(["--json", "info"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["symphys"] == __version__


def test_info_text(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"symphys {__version__}")


def _patch_info(monkeypatch, func):
    import symphys.cli.info

    monkeypatch.setattr(symphys.cli.info, "_cmd_info", func)


@pytest.mark.parametrize("exc", [ValueError("lmax=-1 must be >= 0"),
                                 FileNotFoundError("no such file: 'x.npz'"),
                                 PermissionError("permission denied: 'x.npz'"),
                                 IsADirectoryError("is a directory: 'x.npz'")])
def test_value_and_os_errors_exit_1_with_one_line(capsys, monkeypatch, exc):
    def boom(args):
        raise exc

    _patch_info(monkeypatch, boom)
    assert main(["info"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"symphys info: error: {exc}\n"


def test_type_error_is_a_bug_and_propagates(monkeypatch):
    def bug(args):
        raise TypeError("unsupported operand type(s)")

    _patch_info(monkeypatch, bug)
    with pytest.raises(TypeError, match="unsupported operand"):
        main(["info"])


def test_keyboard_interrupt_exits_130_with_one_line(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    _patch_info(monkeypatch, interrupted)
    assert main(["info"]) == 130
    assert capsys.readouterr().err == "symphys info: error: interrupted\n"


def test_missing_file_is_an_error_line_not_a_traceback():
    proc = run_cli("tables", "info", "no/such/table.npz")
    assert proc.returncode == 1
    assert proc.stderr.startswith("symphys tables info: error:")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_json_errors_are_json(capsys):
    assert main(["lie", "dim", "A2", "1", "--json"]) == 1
    out, err = capsys.readouterr()
    data = json.loads(err)
    assert out == "" and data["command"] == "lie dim" and "A2 needs 2" in data["error"]


def test_json_usage_errors_are_json(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--json", "lie", "dim", "A2", "a,b"])
    assert exc.value.code == 2
    data = json.loads(capsys.readouterr().err)
    assert data["command"] == "lie dim" and "comma-separated ints" in data["error"]
    with pytest.raises(SystemExit) as exc:
        main(["--json", "no-such-command"])
    assert exc.value.code == 2
    data = json.loads(capsys.readouterr().err)
    assert data["command"] == "" and "invalid choice" in data["error"]


@pytest.mark.parametrize("argv", [
    # about 150 kB of text: the reader goes away while the command is still writing
    "lie weights A2 40,40 --all",
    "lie info E8",
])
def test_closed_pipe_exits_quietly(argv):
    cmd = f"{sys.executable} -m symphys {argv} | head -1; exit ${{PIPESTATUS[0]}}"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120,
                          cwd=REPO_ROOT)
    assert proc.stderr == ""
    assert proc.stdout.count("\n") == 1
    assert proc.returncode in (0, 141)  # 141: the output was cut short (documented)
    if "A2" in argv:
        assert proc.returncode == 141
