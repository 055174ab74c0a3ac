"""``symphys tables``: generate, info and single coefficients, against sympy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from symphys.cli import main
from symphys.tables import load
from tests.conftest import REPO_ROOT


def run(capsys, *argv):
    rc = main(["tables", *argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_generate_then_info(tmp_path, capsys):
    path = tmp_path / "y.safetensors"
    rc, out, _ = run(capsys, "generate", "sh_to_fourier", "--lmax", "6", "--basis", "real",
                     "--no-progress", "-o", str(path))
    assert rc == 0 and f"wrote {path}" in out
    table = load(path, kind="sh_to_fourier", lmax=6)
    rc, out, _ = run(capsys, "info", str(path), "--json")
    data = json.loads(out)
    assert rc == 0 and data["sha256"] == table.sha256 and data["checksum"] == "verified"
    assert data["basis"] == "real" and data["dtype"] == "float64"


def test_generate_default_basis_is_the_library_default(tmp_path, capsys):
    from symphys.tables import generate

    path = tmp_path / "d.npz"
    rc, _, _ = run(capsys, "generate", "sh_to_fourier", "--lmax", "2", "--no-progress",
                   "-o", str(path))
    assert rc == 0
    assert load(path).metadata["basis"] == generate("sh_to_fourier", 2).metadata["basis"]


def test_info_refuses_a_modified_file(tmp_path, capsys):
    path = tmp_path / "z.npz"
    run(capsys, "generate", "fourier_to_sh", "--lmax", "3", "--dtype", "float32",
        "--no-progress", "-o", str(path))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    rc, _, err = run(capsys, "info", str(path))
    assert rc == 1 and ("sha256 mismatch" in err or "corrupt" in err)


def test_generate_reports_bad_requests(tmp_path, capsys):
    rc, _, err = run(capsys, "generate", "gaunt", "--lmax", "2", "--basis", "e3nn",
                     "-o", str(tmp_path / "g.npz"))
    assert rc == 1 and "basis='e3nn' is not offered" in err
    rc, _, err = run(capsys, "generate", "sh_to_fourier", "--lmax", "2", "-o",
                     str(tmp_path / "g.h5"))
    assert rc == 1 and "suffix" in err


def test_generate_checks_the_output_format_before_generating(tmp_path, capsys, monkeypatch):
    import symphys.tables

    def boom(*args, **kwargs):
        raise AssertionError("generate ran before the output suffix was checked")

    monkeypatch.setattr(symphys.tables, "generate", boom)
    rc, _, err = run(capsys, "generate", "wigner3j", "--lmax", "30", "-o", str(tmp_path / "w.h5"))
    assert rc == 1 and "suffix" in err


def _generate_with_stderr_on_a_terminal(tmp_path, *extra, env=None):
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    # a terminal of 30 x 100 (a fresh pty is 0 x 0, where tqdm draws nothing)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "symphys", "tables", "generate", "wigner3j", "--lmax", "3",
             "-o", str(tmp_path / "w.npz"), *extra],
            stdout=subprocess.PIPE, stderr=follower, text=True, cwd=REPO_ROOT, timeout=120,
            env={**os.environ, **(env or {})},
        )
        os.close(follower)
        follower = None
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal has no writer left
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower is not None:
            os.close(follower)
        os.close(leader)
    return proc, b"".join(chunks).decode(errors="replace")


def test_progress_bar_only_on_a_terminal(tmp_path):
    import os

    env = {k: "" for k in ("TQDM_DISABLE",) if k in os.environ}
    proc, err = _generate_with_stderr_on_a_terminal(tmp_path, env=env)
    assert proc.returncode == 0, err
    assert "wigner3j lmax=3" in err and "path" in proc.stdout
    # not on a pipe
    proc = subprocess.run(
        [sys.executable, "-m", "symphys", "tables", "generate", "wigner3j", "--lmax", "3",
         "-o", str(tmp_path / "p.npz")],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and "path" in proc.stdout


@pytest.mark.parametrize(("extra", "env"), [(("--quiet",), {}), (("-q",), {}),
                                            ((), {"TQDM_DISABLE": "1"}),
                                            (("--no-progress",), {})])
def test_no_progress_bar_when_asked_on_a_terminal(tmp_path, extra, env):
    proc, err = _generate_with_stderr_on_a_terminal(tmp_path, *extra, env=env)
    assert proc.returncode == 0, err
    assert err == "" and "path" in proc.stdout


CASES = [
    ("3j", ["1", "1", "2", "0", "0", "0"], "wigner_3j"),
    ("3j", ["1/2", "1/2", "1", "1/2", "-1/2", "0"], "wigner_3j"),
    ("cg", ["1", "1", "2", "0", "0", "0"], "clebsch_gordan"),
    ("cg", ["0.5", "0.5", "1", "0.5", "-0.5", "0"], "clebsch_gordan"),
    ("6j", ["1", "1", "1", "1", "1", "1"], "wigner_6j"),
    ("9j", ["1", "1", "1", "1", "1", "0", "1", "1", "1"], "wigner_9j"),
    ("gaunt", ["1", "1", "2", "0", "0", "0"], "gaunt"),
    ("real_gaunt", ["1", "1", "2", "1", "1", "0"], "real_gaunt"),
]


@pytest.mark.parametrize("symbol,args,fname", CASES)
def test_coefficient_commands_match_sympy(symbol, args, fname, capsys):
    import sympy
    import sympy.physics.wigner as w

    rc, out, _ = run(capsys, symbol, *args, "--json")
    data = json.loads(out)
    ref = getattr(w, fname)(*[sympy.Rational(a) for a in args])
    assert rc == 0 and sympy.simplify(sympy.sympify(data["exact"]) - ref) == 0
    assert data["float"] == pytest.approx(float(ref), rel=1e-15, abs=1e-300)


def test_3j_text_output(capsys):
    rc, out, _ = run(capsys, "3j", "1", "1", "2", "0", "0", "0")
    expected = "wigner_3j(1, 1, 2, 0, 0, 0) = sqrt(30)/15 = 0.3651483716701107"
    assert rc == 0 and out.strip() == expected


def test_coefficient_rejects_bad_numbers(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["tables", "3j", "1", "1", "2", "0", "0", "x"])
    assert exc.value.code == 2
    assert "'x' is not an integer or half-integer" in capsys.readouterr().err
    rc, _, err = run(capsys, "3j", "1", "1", "2", "0", "0", "1/3")
    assert rc == 1 and "m3" in err


ROUNDING_CASES = [
    ("3j", ["8", "20", "23", "-5", "-18", "23"], "wigner_3j"),  # float(exact) is 1 ulp off
    ("3j", ["10", "12", "15", "3", "-7", "4"], "wigner_3j"),
    ("3j", ["7/2", "9/2", "5", "-1/2", "5/2", "-2"], "wigner_3j"),
    ("cg", ["11/2", "7", "21/2", "3/2", "-4", "-5/2"], "clebsch_gordan"),
    ("cg", ["9", "13", "17", "-4", "6", "2"], "clebsch_gordan"),
    ("6j", ["7", "9", "11", "8", "10", "6"], "wigner_6j"),
    ("9j", ["3", "4", "5", "2", "5", "4", "3", "5", "6"], "wigner_9j"),
    ("gaunt", ["7", "9", "12", "3", "-5", "2"], "gaunt"),
    ("real_gaunt", ["5", "7", "8", "-3", "2", "-1"], "real_gaunt"),
]


@pytest.mark.parametrize("symbol,args,fname", ROUNDING_CASES)
def test_coefficient_float_is_correctly_rounded(symbol, args, fname, capsys):
    """The printed float is the double nearest the exact value: sympy's exact symbol evaluated
    with mpmath at 50 digits and rounded to nearest (not float() of the exact expression)."""
    import mpmath
    import sympy
    import sympy.physics.wigner as w

    rc, out, _ = run(capsys, symbol, *args, "--json")
    assert rc == 0
    data = json.loads(out)
    ref = getattr(w, fname)(*[sympy.Rational(a) for a in args])
    with mpmath.workdps(50):
        nearest = float(mpmath.mpf(sympy.N(ref, 50)))
    assert nearest != 0.0
    assert data["float"] == nearest
    rc, out, _ = run(capsys, symbol, *args)
    assert out.strip().endswith(f" = {nearest!r}")


def test_rounding_case_is_a_real_check():
    """float() of the exact 3j(8 20 23; -5 -18 23) is 1 ulp away from the nearest double."""
    import mpmath
    from sympy.physics.wigner import wigner_3j

    exact = wigner_3j(8, 20, 23, -5, -18, 23)
    with mpmath.workdps(50):
        nearest = float(mpmath.mpf(exact.evalf(50)))
    assert float(exact) != nearest


def test_kinds_match_the_library():
    from symphys.cli.tables import KINDS
    from symphys.tables import KINDS as LIBRARY_KINDS

    assert tuple(KINDS) == tuple(LIBRARY_KINDS)
