"""Repository-wide pytest configuration (doctests of ``symphys/`` and the tests share it).

Modules that exist only to wrap an optional framework (``symphys/tables/torch_module.py``,
``jax_function.py``, and ``symphys/nn/``, ``symphys/jax/`` when they come) are not imported for
doctest collection when the framework is absent; their tests skip on their own. The hook works
wherever the package is collected from: the source tree or, under ``--pyargs symphys``, the
installed package (CI tests what users install).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_FRAMEWORKS = ("torch", "jax")


def _needs_missing_framework(path: Path) -> bool:
    parts = path.parts
    if "symphys" not in parts:
        return False
    inside = parts[len(parts) - 1 - parts[::-1].index("symphys"):]
    for framework in _FRAMEWORKS:
        if importlib.util.find_spec(framework) is not None:
            continue
        name = path.name
        if (name.startswith((f"{framework}_", f"_{framework}")) and name.endswith(".py")) or (
                framework == "torch" and "nn" in inside[1:-1]) or (
                framework == "jax" and "jax" in inside[1:-1]):
            return True
    return False


class _SkipMissingFrameworks:
    """A global plugin: a conftest's own hooks see only paths below it, and under ``--pyargs``
    the package is collected from site-packages."""

    @staticmethod
    def pytest_ignore_collect(collection_path: Path, config):  # noqa: ARG004 - hook signature
        return True if _needs_missing_framework(collection_path) else None


def pytest_configure(config) -> None:
    config.pluginmanager.register(_SkipMissingFrameworks(), "symphys-skip-missing-frameworks")
