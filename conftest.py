"""Repository-wide pytest configuration (doctests of ``symphys/`` and the tests share it)."""

from __future__ import annotations

import importlib.util

collect_ignore_glob: list[str] = []

# Modules that exist only to wrap optional frameworks are not imported for doctest
# collection when the framework is absent; their tests skip on their own.
for _framework in ("torch", "jax"):
    if importlib.util.find_spec(_framework) is None:
        collect_ignore_glob.append(f"symphys/**/_{_framework}*.py")
        collect_ignore_glob.append(f"symphys/**/{_framework}_*.py")
