"""The documentation site (``docs/``) builds without a single warning.

Sphinx with numpydoc, autosummary (the API pages are generated from the docstrings and each
package's ``__all__``) and myst-nb (the notebooks rendered as stored, not executed: their
execution is tested in ``tests/test_notebooks.py``). Nothing is downloaded: ``docs/conf.py`` has no
intersphinx mapping. Skips when the docs requirements are not installed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

pytest.importorskip("sphinx")
pytest.importorskip("numpydoc")
pytest.importorskip("myst_nb")

PACKAGES = [
    "symphys.lie",
    "symphys.lie.groups",
    "symphys.angular",
    "symphys.tables",
    "symphys.gr",
    "symphys.cosmology",
    "symphys.equivariance",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Build the HTML site once, with warnings as errors; return (process, html folder)."""
    out = tmp_path_factory.mktemp("docs")
    html = out / "html"
    cmd = [
        sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-j", "auto", "-b", "html",
        "-d", str(out / "doctrees"), str(REPO_ROOT / "docs"), str(html),
    ]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    return proc, html


@pytest.mark.timeout(600)
def test_docs_build_without_warnings(site):
    proc, _ = site
    problems = [
        line for line in proc.stderr.splitlines() if "WARNING" in line or "ERROR" in line
    ]
    assert not problems, f"{len(problems)} Sphinx warnings:\n" + "\n".join(problems)
    assert proc.returncode == 0, proc.stderr[-5000:]


@pytest.mark.timeout(600)
def test_docs_site_has_every_page(site):
    proc, html = site
    if proc.returncode != 0 and not (html / "index.html").exists():
        pytest.fail(proc.stderr[-5000:])
    expected = ["index.html", "cli.html", "api/index.html", "tutorials/index.html"]
    expected += [f"api/{pkg}.html" for pkg in PACKAGES]
    expected += [f"tutorials/{nb.stem}.html" for nb in (REPO_ROOT / "notebooks").glob("*.ipynb")]
    missing = [page for page in expected if not (html / page).is_file()]
    assert not missing
    # the landing page is the README
    readme_title = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert readme_title.lstrip("# ").strip() in (html / "index.html").read_text(encoding="utf-8")
    # one stub page per public name of every package
    import importlib

    for pkg in PACKAGES:
        module = importlib.import_module(pkg)
        for name in module.__all__:
            full = f"{pkg}.{name}"
            if full in PACKAGES:
                continue
            assert (html / "api" / "generated" / f"{full}.html").is_file(), full
