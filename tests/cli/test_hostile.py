"""The command line under hostile or unlucky use (issue 19): no code execution, no traceback,
one error line and a non-zero exit, no partial files, no raw warnings, sizes refused at once."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
import warnings

import pytest

from symphys.cli import main
from tests.conftest import REPO_ROOT

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run_cli(*argv: str, timeout: float = 120, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symphys", *argv], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO_ROOT,
                          env=None if env is None else {**os.environ, **env})


def one_error_line(stderr: str, command: str) -> str:
    assert "Traceback" not in stderr, stderr
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"symphys {command}: error: "), stderr
    return stderr


# -- untrusted input is never code ---------------------------------------------------------

HOSTILE = [
    "__import__('os').system('echo PWNED >&2')",
    "__import__('os').system('echo PWNED')",
    "exec(\"print('PWNED')\")",
    "eval(\"print('PWNED')\")",
    "().__class__.__bases__[0].__subclasses__()",
    "[print('PWNED') for _ in (1,)]",
    "(lambda: print('PWNED'))()",
    "f'{print(\"PWNED\")}'",
    "ｅｘｅｃ(\"print('PWNED')\")",
    "Symbol('PWNED')",
]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("option", ["--T", "--Y", "--Theta", "--Xi"])
def test_bms_charge_never_runs_its_arguments(option, tmp_path):
    marker = tmp_path / "pwned"
    for text in [HOSTILE[0], f"__import__('os').system('touch {marker}')"]:
        proc = run_cli("bms", "charge", f"{option}={text}")
        assert "PWNED" not in proc.stdout + proc.stderr.replace(text, "")  # it names the text
        assert proc.returncode == 1
        one_error_line(proc.stderr, "bms charge")
        assert "not a valid expression" in proc.stderr and option in proc.stderr
    assert not marker.exists()


@pytest.mark.parametrize("text", HOSTILE)
def test_bms_refuses_hostile_expressions_in_process(text, capfd):
    # the one error line quotes the text; a PWNED printed by the text would be a line of its own
    assert main(["bms", "charge", "--T", text]) == 1
    out, err = capfd.readouterr()
    assert out == "" and "--T=" in one_error_line(err, "bms charge")
    assert "not a valid expression" in err
    assert main(["bms", "stabilizer", "--Theta", text]) == 1
    out, err = capfd.readouterr()
    assert out == "" and "--Theta=" in one_error_line(err, "bms stabilizer")


@pytest.mark.parametrize("text", ["1/0", "log(0)", "tan(pi/2)", "phi/0", "0**-1"])
def test_bms_charge_refuses_non_finite_input(text, capsys):
    assert main(["bms", "charge", "--T", text]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "nan" not in err
    assert err.count("\n") == 1 and "not a finite value" in err


def test_bms_charge_reads_the_old_vocabulary(capsys):
    """The names the sympify-based parser offered for BMS3 data: phi, u, r, G, pi and the
    elementary functions."""
    assert main(["bms", "charge", "--T", "cos(phi)**2", "--Theta=-1 + sin(phi)/G",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["T"] == "cos(phi)**2" and data["charge"]


# -- OSError, Ctrl-C, partial files, overwriting, modes -----------------------------------

def generate(tmp_path, capsys, *extra, out="w.npz"):
    path = out if os.path.isabs(str(out)) else str(tmp_path / out)
    rc = main(["tables", "generate", "wigner3j", "--lmax", "2", "-o", path, *extra])
    o, e = capsys.readouterr()
    return rc, o, e


def test_generate_refuses_an_existing_file_unless_force(tmp_path, capsys):
    target = tmp_path / "w.npz"
    target.write_bytes(b"precious")
    rc, out, err = generate(tmp_path, capsys)
    assert rc == 1 and out == ""
    one_error_line(err, "tables generate")
    assert "exists" in err and "--force" in err
    assert target.read_bytes() == b"precious"
    rc, out, err = generate(tmp_path, capsys, "--force")
    assert rc == 0, err
    assert target.read_bytes()[:2] == b"PK"  # a zip (npz) now


def test_generate_refuses_a_directory(tmp_path, capsys):
    (tmp_path / "d.npz").mkdir()
    for extra in ((), ("--force",)):
        rc, out, err = generate(tmp_path, capsys, *extra, out="d.npz")
        assert rc == 1 and "is a directory" in one_error_line(err, "tables generate")
    assert (tmp_path / "d.npz").is_dir() and not any((tmp_path / "d.npz").iterdir())


def test_generate_creates_no_missing_folder(tmp_path, capsys, monkeypatch):
    import symphys.tables

    def boom(*args, **kwargs):
        raise AssertionError("generated before the folder was checked")

    monkeypatch.setattr(symphys.tables, "generate", boom)
    rc, _, err = generate(tmp_path, capsys, out="missing/sub/w.npz")
    assert rc == 1
    one_error_line(err, "tables generate")
    assert f"{tmp_path / 'missing' / 'sub'}" in err and "does not exist" in err
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="root writes read-only folders")
def test_generate_into_a_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        rc, _, err = generate(tmp_path, capsys, out="ro/w.npz")
    finally:
        folder.chmod(0o755)
    assert rc == 1 and "not writable" in one_error_line(err, "tables generate")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("exc", [
    PermissionError(errno.EACCES, "Permission denied", "x.npz"),
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EROFS, "Read-only file system", "x.npz"),
    IsADirectoryError(errno.EISDIR, "Is a directory", "x.npz"),
])
def test_generate_os_errors_while_writing_are_one_line(tmp_path, capsys, monkeypatch, exc):
    """A write that fails half-way (a full disk, a read-only mount): one line, exit 1, and no
    file or temporary file left behind (the library writes through a temporary file)."""
    import symphys.tables._files as files

    real_replace = os.replace

    def failing_replace(src, dst):
        raise exc

    monkeypatch.setattr(files.os, "replace", failing_replace)
    rc, out, err = generate(tmp_path, capsys)
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert rc == 1 and out == ""
    one_error_line(err, "tables generate")
    assert exc.strerror in err and "Errno" not in err
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_leaves_nothing_on_a_full_disk(tmp_path):
    from symphys.cli._output import atomic_write

    def full(path):
        with open(path, "wb") as fh:
            fh.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        atomic_write(tmp_path / "summary.json", full)
    assert list(tmp_path.iterdir()) == []

    def interrupted(path):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "summary.json", interrupted)
    assert list(tmp_path.iterdir()) == []


def test_output_files_have_the_mode_of_any_new_file(tmp_path, capsys):
    rc, _, err = generate(tmp_path, capsys)
    assert rc == 0, err
    with open(tmp_path / "plain.txt", "w"):
        pass
    mode = (tmp_path / "plain.txt").stat().st_mode & 0o777
    assert (tmp_path / "w.npz").stat().st_mode & 0o777 == mode

    from symphys.cli._output import atomic_write

    atomic_write(tmp_path / "s.json", lambda p: open(p, "w").close())
    assert (tmp_path / "s.json").stat().st_mode & 0o777 == mode


def test_output_mode_follows_the_umask(tmp_path, capsys):
    old = os.umask(0o027)
    try:
        rc, _, err = generate(tmp_path, capsys)
    finally:
        os.umask(old)
    assert rc == 0, err
    assert (tmp_path / "w.npz").stat().st_mode & 0o777 == 0o640


def test_ctrl_c_in_a_command_is_one_line_and_leaves_no_file(tmp_path, capsys, monkeypatch):
    import symphys.tables

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(symphys.tables, "generate", interrupted)
    rc, out, err = generate(tmp_path, capsys)
    assert rc == 130 and out == "" and err == "symphys tables generate: error: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_building_the_parser_is_one_line(capsys, monkeypatch):
    import symphys.cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(symphys.cli, "build_parser", interrupted)
    assert main(["info"]) == 130
    assert capsys.readouterr().err == "symphys: error: interrupted\n"


@pytest.mark.timeout(120)
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_real_sigint_is_one_line_and_exit_130():
    proc = subprocess.Popen([sys.executable, "-m", "symphys", "bms", "mass-loss"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO_ROOT)
    time.sleep(6)  # well inside the command (the derivation takes much longer)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err == "symphys bms mass-loss: error: interrupted\n"


def test_stdout_on_a_full_disk_is_one_line(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "symphys", "info"], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT, timeout=120)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert "No space left on device" in proc.stderr


def test_no_arguments_is_usage_then_exit_2():
    proc = run_cli()
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("usage: symphys")
    assert proc.stderr.splitlines()[-1].startswith("symphys: error: a command is required")


# -- warnings become one-line notes; --quiet ------------------------------------------------

def _warning_info(monkeypatch):
    import symphys.cli.info

    def warns(args):
        warnings.warn("something odd\nover two lines", RuntimeWarning, stacklevel=1)
        warnings.warn("something odd\nover two lines", RuntimeWarning, stacklevel=1)
        warnings.warn("a user matter", UserWarning, stacklevel=1)
        print("result")
        return 0

    monkeypatch.setattr(symphys.cli.info, "_cmd_info", warns)


def test_warnings_become_notes(capsys, monkeypatch):
    _warning_info(monkeypatch)
    assert main(["info"]) == 0
    out, err = capsys.readouterr()
    assert out == "result\n"
    assert err == ("symphys info: note: something odd over two lines\n"
                   "symphys info: note: a user matter\n")


def test_warnings_are_json_notes_with_json(capsys, monkeypatch):
    _warning_info(monkeypatch)
    assert main(["info", "--json"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"note": "something odd over two lines", "command": "info"},
        {"note": "a user matter", "command": "info"}]


@pytest.mark.parametrize("argv", [["--quiet", "info"], ["info", "--quiet"], ["-q", "info"]])
def test_quiet_hides_notes(capsys, monkeypatch, argv):
    _warning_info(monkeypatch)
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out == "result\n" and err == ""


def test_a_failing_command_prints_only_its_error(capsys, monkeypatch):
    import symphys.cli.info

    def warns_then_fails(args):
        warnings.warn("noise", RuntimeWarning, stacklevel=1)
        raise ValueError("the real problem")

    monkeypatch.setattr(symphys.cli.info, "_cmd_info", warns_then_fails)
    assert main(["info"]) == 1
    assert capsys.readouterr().err == "symphys info: error: the real problem\n"


def test_progress_wanted():
    import argparse

    from symphys.cli._output import progress_wanted

    ns = argparse.Namespace
    assert not progress_wanted(ns(quiet=True))
    assert not progress_wanted(ns(json=True))
    assert not progress_wanted(ns(no_progress=True))


# -- fit: no silent NaN, no ignored file -------------------------------------------------

@pytest.mark.timeout(120)
def test_fit_refuses_a_non_finite_chi2(capsys):
    rc = main(["fit", "--model", "lcdm", "--M", "1e308", "--no-mcmc"])
    out, err = capsys.readouterr()
    assert rc == 1 and '"success": true' not in out
    one_error_line(err, "fit")
    assert "M" in err


def test_fit_refuses_infinite_numbers(capsys):
    assert main(["fit", "--model", "lcdm", "--M", "inf", "--no-mcmc"]) == 1
    assert "--M inf must be a finite number" in one_error_line(capsys.readouterr().err, "fit")
    assert main(["fit", "--model", "lcdm", "--M", "nan", "--no-mcmc"]) == 1
    one_error_line(capsys.readouterr().err, "fit")


def test_fit_cov_must_exist(capsys, tmp_path):
    assert main(["fit", "--data", "pantheon-plus", "--cov", "/nonexistent", "--no-mcmc"]) == 1
    err = one_error_line(capsys.readouterr().err, "fit")
    assert "'/nonexistent'" in err and "no such file" in err
    assert main(["fit", "--cov", "/nonexistent", "--no-mcmc"]) == 1  # not silently ignored
    err = one_error_line(capsys.readouterr().err, "fit")
    assert "--cov '/nonexistent'" in err and "pantheon-plus only" in err
    assert main(["fit", "--data", "pantheon-plus", "--cov", str(tmp_path), "--no-mcmc"]) == 1
    one_error_line(capsys.readouterr().err, "fit")


def test_fit_out_paths(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    assert main(["fit", "--model", "eds", "--no-mcmc", "--out", str(tmp_path / "file")]) == 1
    assert "not a directory" in one_error_line(capsys.readouterr().err, "fit")
    assert main(["fit", "--model", "eds", "--no-mcmc", "--out",
                 str(tmp_path / "a" / "b")]) == 1
    assert "does not exist" in one_error_line(capsys.readouterr().err, "fit")
    assert not (tmp_path / "a").exists()


@pytest.mark.timeout(120)
def test_fit_at_a_prior_edge_says_so(capsys):
    """M = -22 pulls H0 to the lower bound of its prior: the text says so and the library's
    warning is one note line (none with --quiet)."""
    assert main(["fit", "--model", "lcdm", "--M", "-22", "--no-mcmc"]) == 0
    out, err = capsys.readouterr()
    assert "at the edge of the prior: H0" in out
    assert err.count("\n") == 1 and err.startswith("symphys fit: note: lcdm:")
    assert "prior edge" in err and "Warning" not in err
    assert main(["fit", "--model", "lcdm", "--M", "-22", "--no-mcmc", "--json", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out)["fits"]["lcdm"]["best_fit"]["at_prior_edge"] == ["H0"]


# -- sizes from the command line: refused at once -----------------------------------------

SIZES = [
    (["tables", "3j", "10000", "10000", "10000", "0", "0", "0"], "tables 3j"),
    (["tables", "generate", "real_gaunt", "--lmax", "1000000000", "--basis", "real"],
     "tables generate"),
    (["lie", "info", "A10000"], "lie info"),
    (["lie", "weights", "D4", "1000000,0,0,0"], "lie weights"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("argv", "command"), SIZES, ids=[c for _, c in SIZES])
def test_sizes_are_refused_at_once(argv, command, tmp_path, capsys):
    if argv[1] == "generate":
        argv = [*argv, "-o", str(tmp_path / "g.npz")]
    main(["lie", "dim", "A1", "1"])  # import the library first: time the command alone
    capsys.readouterr()
    t0 = time.perf_counter()
    rc = main(argv)
    elapsed = time.perf_counter() - t0
    out, err = capsys.readouterr()
    assert rc == 1 and out == ""
    one_error_line(err, command)
    assert "limit" in err
    assert elapsed < 2, elapsed
    assert list(tmp_path.iterdir()) == []


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("argv", "command"), SIZES, ids=[c for _, c in SIZES])
def test_sizes_are_refused_in_a_subprocess(argv, command, tmp_path):
    if argv[1] == "generate":
        argv = [*argv, "-o", str(tmp_path / "g.npz")]
    proc = run_cli(*argv, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    one_error_line(proc.stderr, command)
