"""symphys.lie: semisimple Lie algebras and their representations (exact).

Lie groups live in :mod:`symphys.lie.groups` (imported on its own).
"""

from symphys.lie.algebra import LieAlgebra

__all__ = ["LieAlgebra"]
