"""symphys.tables: coupling-coefficient and Fourier-conversion tables for neural layers.

Generate a table (:func:`generate`), inspect its metadata, take blocks, save it atomically as
``.npz``, ``.safetensors`` or ``.pt`` and load it back with its checksum verified (:func:`load`).
PyTorch and JAX front ends of the Gaunt tensor product live in :mod:`symphys.tables.torch_module`
and :mod:`symphys.tables.jax_function` (imported on use; the core needs neither).
"""

from symphys.tables.generate import BASES, generate, table_nbytes
from symphys.tables.io import check_format, load, save
from symphys.tables.table import KINDS, Table, TableError

__all__ = [
    "BASES", "KINDS", "Table", "TableError", "check_format", "generate", "load", "save",
    "table_nbytes",
]
