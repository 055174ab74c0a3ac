"""symphys: the mathematics of symmetry in physics and in equivariant machine learning.

Subpackages
-----------
- :mod:`symphys.lie` -- Lie algebras, representations and Lie group decompositions.
- :mod:`symphys.angular` -- Wigner 3j/6j/9j, Clebsch-Gordan and Gaunt coefficients, harmonics.
- :mod:`symphys.tables` -- coefficient tables exported for neural layers.
- :mod:`symphys.gr` -- curvature and asymptotic symmetries.
- :mod:`symphys.cosmology` -- varying-c cosmology and supernova fits.
- :mod:`symphys.equivariance` -- frame averaging, equivariance errors, invariant features.

The command line (``symphys --help``) lives in :mod:`symphys.cli`.

Subpackages are imported on demand, so ``import symphys`` stays cheap.

>>> import symphys
>>> isinstance(symphys.__version__, str)
True
"""

from __future__ import annotations

import importlib

from symphys._version import __version__

__all__ = ["__version__", "lie", "angular", "tables", "gr", "cosmology", "equivariance"]

_SUBPACKAGES = frozenset(__all__) - {"__version__"}


def __getattr__(name: str):
    if name in _SUBPACKAGES:
        return importlib.import_module(f"symphys.{name}")
    raise AttributeError(f"module 'symphys' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBPACKAGES)
