"""Internal: packages whose public names are imported on first use (PEP 562).

Contract: :func:`lazy_names` gives a package's ``__all__``, ``__getattr__`` and ``__dir__`` from a
table ``name -> defining module``, so that importing the package imports neither the modules nor
their heavy optional dependencies (torch, jax); a name whose module cannot be found is left out of
``__all__`` and raises AttributeError. Used by :mod:`symphys.nn` and :mod:`symphys.jax`. Internal
module: its names may change between releases without notice.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

__all__ = ["available", "lazy_names"]


def available(module: str) -> bool:
    """Whether ``module`` can be found without importing it (False when a parent is missing)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # pragma: no cover - a parent package missing
        return False


def lazy_names(package: str, table: dict[str, str], namespace: dict[str, Any]
               ) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """``(__all__, __getattr__, __dir__)`` for ``package`` (its module ``namespace``, i.e. its
    ``globals()``): the names of ``table`` whose module is available, sorted; ``__getattr__``
    imports the module on first use and caches the value in ``namespace``.

    >>> ns = {}
    >>> all_, getattr_, dir_ = lazy_names("demo", {"sqrt": "math", "nope": "no_such_mod"}, ns)
    >>> all_, getattr_("sqrt")(4.0), "sqrt" in ns
    (['sqrt'], 2.0, True)
    """
    names = sorted(name for name, module in table.items() if available(module))

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None or name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names))

    return names, __getattr__, __dir__
