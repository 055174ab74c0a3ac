"""symphys.lie: semisimple Lie algebras and their representations, exact.

* :class:`LieAlgebra` -- Cartan types A_n..G2 (Bourbaki labelling): roots, Weyl group (lazy),
  Chevalley basis, Killing form, irreps by Dynkin labels (Weyl dimension, Freudenthal weights,
  tensor products, duals, Casimir and index) and branching through projection matrices.
* :class:`MatrixLieAlgebra` and :func:`so`, :func:`sl`, :func:`sp`, :func:`gl` -- Lie algebras
  spanned by matrices, with structure constants and Killing form.
* :func:`equivariant_basis` -- equivariant linear maps for given representation matrices.
* :class:`ReductiveAlgebra` (``LieAlgebra("A2+A1+U1")``), :class:`Branching` (chained branching
  rules), :class:`VirtualCharacter` (the representation ring: Sym, Alt, plethysm).

Lie groups and their decompositions live in :mod:`symphys.lie.groups`, imported on its own.

>>> from symphys.lie import LieAlgebra
>>> LieAlgebra("E8").irrep_dimension((1, 0, 0, 0, 0, 0, 0, 0))
3875
"""

from symphys.lie.algebra import LieAlgebra
from symphys.lie.branching import Subalgebra
from symphys.lie.branching_rule import Branching
from symphys.lie.character_ring import VirtualCharacter
from symphys.lie.equivariant import equivariant_basis
from symphys.lie.matrix_algebra import MatrixLieAlgebra, gl, sl, so, sp
from symphys.lie.reductive import ReductiveAlgebra
from symphys.lie.weyl_group import WeylGroup

__all__ = [
    "LieAlgebra", "Subalgebra", "WeylGroup", "MatrixLieAlgebra", "so", "sl", "sp", "gl",
    "equivariant_basis", "VirtualCharacter", "ReductiveAlgebra", "Branching",
]
