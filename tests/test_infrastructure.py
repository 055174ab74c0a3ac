"""The test infrastructure itself: doctest collection, data-path resolution, README vs CI."""

from __future__ import annotations

import doctest
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, TEST_DATA_ENV, shared_data_path


def test_pytest_collects_doctests_of_the_installed_package():
    text = (REPO_ROOT / "pyproject.toml").read_text()
    assert 'testpaths = ["./tests", "symphys"]' in text
    addopts = next(line for line in text.splitlines() if line.startswith("addopts"))
    for opt in ("--doctest-modules", "--pyargs", "--import-mode=importlib"):
        assert opt in addopts


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI tests the installed package; a "
                    "developer's `python -m pytest` runs the source tree")
def test_ci_imports_the_installed_package_not_the_source_tree():
    import symphys

    installed = Path(symphys.__file__).resolve()
    assert REPO_ROOT.resolve() not in installed.parents, (
        f"symphys was imported from {installed}, inside the checkout {REPO_ROOT}")
    assert "site-packages" in installed.parts


def test_doctests_run_and_can_fail(tmp_path):
    import symphys.cli

    result = doctest.testmod(symphys.cli)
    assert result.attempted >= 2 and result.failed == 0
    # the same runner reports a wrong doctest as a failure
    bad = tmp_path / "bad_doctest_mod.py"
    bad.write_text('"""\n>>> 1 + 1\n3\n"""\n')
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--doctest-modules", "-p", "no:cacheprovider",
         "-o", "addopts=", str(bad)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 1, proc.stdout
    assert "1 failed" in proc.stdout


def test_shared_data_env_override(monkeypatch, tmp_path):
    monkeypatch.setenv(TEST_DATA_ENV, str(tmp_path))
    assert shared_data_path() == tmp_path.resolve()
    monkeypatch.delenv(TEST_DATA_ENV)
    assert shared_data_path() == (REPO_ROOT.parent / "shared" / "data").resolve()


def test_shared_data_fixture_skips_when_absent(tmp_path):
    test = tmp_path / "test_needs_data.py"
    test.write_text("def test_x(shared_data):\n    assert shared_data.is_dir()\n")
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import shared_data  # noqa: F401\n"
    )
    env = {"SYMPHYS_TEST_DATA": str(tmp_path / "missing"), "PYTHONPATH": str(REPO_ROOT)}
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", "-o", "addopts=",
         str(test)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, env={**os.environ, **env},
    )
    assert proc.returncode == 0, proc.stdout
    assert "1 skipped" in proc.stdout and "missing" in proc.stdout


def test_shared_data_fixture_finds_data(shared_data):
    assert isinstance(shared_data, Path) and shared_data.is_dir()


def _readme_commands() -> list[str]:
    lines = (REPO_ROOT / "README.md").read_text().splitlines()
    start = lines.index("```bash")
    end = lines.index("```", start + 1)
    return lines[start + 1 : end]


def test_readme_opens_with_two_commands():
    lines = (REPO_ROOT / "README.md").read_text().splitlines()
    first_code = next(i for i, line in enumerate(lines) if line.startswith("```"))
    assert all(not line.strip() or line.startswith("#") for line in lines[:first_code])
    cmds = _readme_commands()
    assert len(cmds) == 2
    assert cmds[0].startswith("pip install .") and "symphys" in cmds[0].split("&&")[1]
    assert "[test]" in cmds[1] and "pytest" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    # .ci/run reads line 2 of the README's first code block; check it extracts the right line
    proc = subprocess.run(
        ["bash", "-c", "awk '/^```/{f++; next} f==1' README.md | sed -n 2p"],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )
    assert proc.stdout.strip() == _readme_commands()[1]
    assert "rc -eq 5" in ci


@pytest.mark.parametrize("package", ["lie", "angular", "tables", "gr", "cosmology", "equivariance"])
def test_subpackages_import_and_declare_public_names(package):
    import importlib

    mod = importlib.import_module(f"symphys.{package}")
    assert isinstance(mod.__all__, list)
    for name in mod.__all__:
        assert hasattr(mod, name), f"symphys.{package}.__all__ names missing {name}"


def test_blas_threads_refuses_what_blas_cannot_take():
    from symphys._threads import MAX_THREADS, blas_threads

    with blas_threads(1):
        pass
    for bad, exc in ((0, ValueError), (MAX_THREADS + 1, ValueError), (10**30, ValueError),
                     (True, TypeError), (1.0, TypeError)):
        with pytest.raises(exc, match="n"):
            blas_threads(bad)
