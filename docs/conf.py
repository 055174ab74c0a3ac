"""Sphinx configuration for the symphys documentation site.

Build: ``python -m sphinx -W --keep-going -b html docs docs/_build/html`` (from the repository
root; ``tests/test_docs.py`` runs the same build in a temporary folder).

The API reference is generated from the docstrings on every build: one page per subpackage
(``docs/api/<package>.rst``) listing the names in the package's ``__all__``, and one autosummary
stub per public name (``docs/api/generated/``). The notebooks in ``notebooks/`` are copied to
``docs/tutorials/`` and rendered by myst-nb as they are stored, without executing them (the test
suite executes them). Generated files are git-ignored (``docs/.gitignore``). Nothing here touches
the network: there is no intersphinx mapping.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import shutil
import sys
from pathlib import Path

from sphinx.ext.autodoc.mock import mock

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

import symphys  # noqa: E402

project = "symphys"
author = "the symphys authors"
copyright = "the symphys authors, BSD-3-Clause"  # noqa: A001
release = symphys.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

nitpicky = False
intersphinx_mapping: dict = {}  # no network: no inventories are fetched

# -- autodoc / autosummary / numpydoc ------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "signature"
autodoc_preserve_defaults = True  # defaults as written (``norm=sp.cancel``), not their repr
# Optional frameworks are always mocked, so the pages are the same with or without them installed
# (and the build does not pay for importing them).
autodoc_mock_imports = ["torch", "jax", "jaxlib", "e3nn", "safetensors", "ducc0"]
numpydoc_show_class_members = False  # the class template lists members itself
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

# -- MyST / myst-nb --------------------------------------------------------------------------------
nb_execution_mode = "off"  # the test suite executes the notebooks; the docs render them as stored
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
nb_merge_streams = True

# -- HTML ------------------------------------------------------------------------------------------
html_theme = "alabaster"  # bundled with Sphinx: no extra requirement
html_title = f"symphys {release}"
html_static_path: list[str] = []

# -- generated pages -------------------------------------------------------------------------------

#: Subpackages with a page of their own, in this order; any further public top-level subpackage
#: of symphys (except the command line) is appended, so a new one is never left out.
PACKAGES = [
    "symphys.lie",
    "symphys.lie.groups",
    "symphys.angular",
    "symphys.tables",
    "symphys.gr",
    "symphys.cosmology",
    "symphys.equivariance",
]
#: Public modules documented on a subpackage's page although the package does not import them
#: (front ends of optional frameworks, imported on use).
EXTRA_MODULES = {
    "symphys.tables": ["symphys.tables.torch_module", "symphys.tables.jax_function"],
    "symphys.gr": ["symphys.gr.conformal", "symphys.gr.tetrad", "symphys.gr.petrov"],
}
#: Tutorials first in this order, then any other notebook alphabetically.
NOTEBOOK_ORDER = [
    "quickstart", "angular", "gaunt_tensor_product", "equivariant_layers", "lie_algebras",
    "model_building", "lie_groups", "affine_equivariance", "bms3", "asymptotic_symmetries",
    "vsl_cosmology", "vsl_multiprobe", "equivariance",
]

API = DOCS / "api"
GENERATED = API / "generated"
TUTORIALS = DOCS / "tutorials"


def _packages() -> list[str]:
    names = list(PACKAGES)
    for info in pkgutil.iter_modules(symphys.__path__):
        full = f"symphys.{info.name}"
        public = info.ispkg and not info.name.startswith("_") and info.name != "cli"
        if public and full not in names:
            names.append(full)
    return names


def _write(path: Path, text: str) -> None:
    """Write only when the content changes (keeps incremental builds incremental)."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _heading(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}\n"


def _kind(obj: object) -> str:
    if inspect.ismodule(obj):
        return "Modules"
    if inspect.isclass(obj):
        return "Exceptions" if issubclass(obj, BaseException) else "Classes"
    if callable(obj):
        return "Functions"
    return "Data"


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _generate_api(warn) -> set[str]:
    """Write ``api/<package>.rst`` for every package; return the expected stub names."""
    packages = _packages()
    stubs: set[str] = set()
    pages = []
    for pkg in packages:
        try:
            with mock(autodoc_mock_imports):  # a package built on torch or jax (symphys.nn)
                module = importlib.import_module(pkg)
        except Exception as exc:  # reported as a build warning, not a crash
            warn(f"cannot import {pkg}: {exc!r}; its API page is empty")
            module = None
        if module is None:
            _write(API / f"{pkg}.rst", _heading(pkg, "=") + "\n(not importable)\n")
            pages.append(pkg)
            continue
        public = getattr(module, "__all__", None)
        if public is None:
            warn(f"{pkg} has no __all__; its API page lists nothing")
            public = []
        groups: dict[str, list[str]] = {}
        subpackages: list[str] = []
        for name in public:
            if not hasattr(module, name):
                try:  # a submodule listed in __all__ but not imported by the package
                    with mock(autodoc_mock_imports):
                        obj = importlib.import_module(f"{pkg}.{name}")
                except ImportError:
                    warn(f"{pkg}.__all__ lists {name!r}, which {pkg} does not define")
                    continue
            else:
                obj = getattr(module, name)
            full = f"{pkg}.{name}"
            if inspect.ismodule(obj) and full in packages:
                subpackages.append(full)
                continue
            groups.setdefault(_kind(obj), []).append(name)
        for extra in EXTRA_MODULES.get(pkg, []):
            if _module_exists(extra) and extra.rsplit(".", 1)[1] not in public:
                groups.setdefault("Modules", []).append(extra.rsplit(".", 1)[1])
        lines = [
            _heading(pkg, "="),
            f".. automodule:: {pkg}\n   :no-members:\n",
            f".. currentmodule:: {pkg}\n",
        ]
        if subpackages:
            lines.append(_heading("Subpackages", "-"))
            lines += [f"- :doc:`{sub}`" for sub in subpackages]
            lines.append("")
        for kind in ("Classes", "Functions", "Exceptions", "Data", "Modules"):
            names = groups.get(kind)
            if not names:
                continue
            lines.append(_heading(kind, "-"))
            lines.append(".. autosummary::\n   :toctree: generated\n   :nosignatures:\n")
            lines += [f"   {name}" for name in names]
            lines.append("")
            stubs.update(f"{pkg}.{name}" for name in names)
        _write(API / f"{pkg}.rst", "\n".join(lines))
        pages.append(pkg)
    toc = "\n".join(f"   {pkg}" for pkg in pages)
    _write(
        API / "index.rst",
        _heading("API reference", "=")
        + "\nOne page per subpackage, generated from the docstrings: every name in the "
        "package's ``__all__``.\n\n.. toctree::\n   :maxdepth: 1\n\n" + toc + "\n",
    )
    for stale in API.glob("symphys.*.rst"):
        if stale.stem not in pages:
            stale.unlink()
    return stubs


def _remove_stale_stubs(stubs: set[str]) -> None:
    if GENERATED.is_dir():
        for path in GENERATED.glob("*.rst"):
            if path.stem not in stubs:
                path.unlink()


def _copy_notebooks() -> None:
    source = sorted((ROOT / "notebooks").glob("*.ipynb"))
    stems = [p.stem for p in source]
    order = [s for s in NOTEBOOK_ORDER if s in stems] + sorted(set(stems) - set(NOTEBOOK_ORDER))
    TUTORIALS.mkdir(exist_ok=True)
    for path in source:
        target = TUTORIALS / path.name
        if not target.exists() or target.read_bytes() != path.read_bytes():
            shutil.copyfile(path, target)
    for stale in TUTORIALS.glob("*.ipynb"):
        if stale.stem not in stems:
            stale.unlink()
    _write(
        TUTORIALS / "index.md",
        "# Tutorials\n\nThe notebooks of `notebooks/`, shown with the outputs they are stored "
        "with (the test suite executes them).\n\n```{toctree}\n:maxdepth: 1\n\n"
        + "\n".join(order) + "\n```\n",
    )


def _on_config_inited(app, config) -> None:
    from sphinx.util import logging

    logger = logging.getLogger("symphys.docs")
    stubs = _generate_api(lambda message: logger.warning(message, type="symphys", subtype="api"))
    _remove_stale_stubs(stubs)
    _copy_notebooks()


def _signature_under_mocked_base(app, what, name, obj, options, signature, return_annotation):
    """A class deriving from a mocked base (``torch.nn.Module``) shows its own ``__init__``.

    autodoc reads a class's signature from ``__new__`` before ``__init__``, and the mocked base's
    ``__new__`` takes ``(*args, **kwargs)``.
    """
    if what != "class" or not inspect.isclass(obj) or "__init__" not in vars(obj):
        return None
    if signature is None or not signature.startswith("(*args"):
        return None
    from sphinx.util.inspect import stringify_signature

    sig = inspect.signature(obj.__init__)
    sig = sig.replace(parameters=list(sig.parameters.values())[1:])
    return stringify_signature(sig, show_return_annotation=False), None


def setup(app):
    app.connect("autodoc-process-signature", _signature_under_mocked_base)
    # before the environment looks for source files and autosummary writes its stubs
    app.connect("config-inited", _on_config_inited)
    return {"parallel_read_safe": True}
