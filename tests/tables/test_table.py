"""The Table class: blocks in both layouts, conversions, equality, validation."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.tables import Table, TableError, generate


def test_block_is_the_same_in_both_layouts():
    dense = generate("clebsch_gordan", 3, basis="complex", progress=False)
    coo = dense.to_layout("coo")
    assert coo.nbytes < dense.nbytes
    for path in dense.paths:
        assert np.array_equal(dense.block(*path), coo.block(*path))
    assert coo.to_layout("dense") == dense


def test_coo_indices_are_global_harmonic_indices():
    t = generate("gaunt", 2, layout="coo", progress=False)
    a = t.arrays
    p = t.paths.index((1, 1, 2))
    lo, hi = a["offsets"][p : p + 2]
    idx = a["indices"][lo:hi]
    assert idx[:, 0].min() >= 1 and idx[:, 0].max() <= 3  # l = 1 rows 1..3
    assert idx[:, 2].min() >= 4 and idx[:, 2].max() <= 8  # l = 2 rows 4..8
    assert ((idx - np.array([2, 2, 6])).sum(axis=1) == 0).all()  # m1 + m2 + m3 = 0


def test_complex_to_real_blocks():
    t = generate("complex_to_real", 3, progress=False)
    assert t.is_complex and t.block(2).shape == (5, 5)
    assert np.array_equal(t.to_layout("coo").block(3), t.block(3))


def test_block_errors():
    t = generate("gaunt", 2, progress=False)
    with pytest.raises(TableError, match=r"path \(1, 1, 1\) is not in this gaunt table"):
        t.block(1, 1, 1)  # odd l1 + l2 + l3: no Gaunt path
    with pytest.raises(TableError, match="3 degrees"):
        t.block(1, 1)
    with pytest.raises(TableError, match=r"use \.block"):
        t.array()
    with pytest.raises(TableError, match=r"use \.array"):
        generate("sh_to_fourier", 1, progress=False).block(0)


def test_payload_is_read_only_and_checksum_tracks_content():
    t = generate("wigner3j", 2, progress=False)
    with pytest.raises(ValueError):
        t.arrays["values"][0] = 1.0
    u = generate("wigner3j", 2, dtype="float32", progress=False)
    assert t != u and t.sha256 != u.sha256
    assert t == generate("wigner3j", 2, progress=False)


def test_constructor_validates_metadata_and_payload():
    good = {"paths": np.array([[0]], np.int32), "offsets": np.array([0, 1]),
            "values": np.array([1.0])}
    meta = {"kind": "complex_to_real", "lmax": 0, "basis": "real", "dtype": "float64",
            "layout": "dense"}
    Table(good, meta)
    with pytest.raises(TableError, match="lacks the field 'basis'"):
        Table(good, {k: v for k, v in meta.items() if k != "basis"})
    with pytest.raises(TableError, match="kind='nope'"):
        Table(good, {**meta, "kind": "nope"})
    with pytest.raises(TableError, match="dtype float64, metadata says dtype=float32"):
        Table(good, {**meta, "dtype": "float32"})
    with pytest.raises(TableError, match="offsets do not match"):
        Table({**good, "offsets": np.array([0, 2])}, meta)
    with pytest.raises(TableError, match="lacks the array"):
        Table({"values": good["values"]}, meta)


def test_table_and_io_do_not_import_each_other():
    """``table.py`` and the file layer ``_files.py`` never import ``io.py`` (not even inside a
    function): ``io`` sits above both."""
    import ast
    import pathlib

    import symphys.tables as pkg

    root = pathlib.Path(pkg.__file__).parent
    for name in ("table.py", "_files.py"):
        tree = ast.parse((root / name).read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "symphys.tables.io" not in imported, name
        assert "symphys.tables" not in imported, name
    files_tree = ast.parse((root / "_files.py").read_text())
    assert not any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("symphys")
                   for n in ast.walk(files_tree))
