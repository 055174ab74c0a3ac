"""Saving and loading tables: round trips in every format, refusal of damaged or mismatched files,
atomic writes."""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symphys.tables import TableError, generate, load

FORMATS = ["npz", "safetensors", "pt"]


def needs(fmt):
    if fmt == "safetensors":
        pytest.importorskip("safetensors")
    if fmt == "pt":
        pytest.importorskip("torch")


@pytest.fixture(scope="module")
def tables():
    y = generate("sh_to_fourier", 4, basis="complex", progress=False)
    z = generate("fourier_to_sh", 3, umax=5, dtype="float32", layout="coo", progress=False)
    return {"y": y, "z": z, "ycoo": y.to_layout("coo")}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["y", "z", "ycoo"])
def test_round_trip(tables, tmp_path, fmt, name):
    needs(fmt)
    t = tables[name]
    path = t.save(tmp_path / f"t.{fmt}")
    back = load(path, kind=t.kind, basis=t.basis, dtype=t.dtype, lmax=t.lmax)
    assert back.metadata == t.metadata
    assert np.array_equal(back.array(), t.array())
    assert back.array().dtype == t.array().dtype
    assert [p.name for p in tmp_path.iterdir()] == [f"t.{fmt}"]  # no temporary left behind


def test_format_override_and_unknown_suffix(tables, tmp_path):
    t = tables["y"]
    path = t.save(tmp_path / "table.bin", format="npz")
    assert load(path, format="npz") == t
    with pytest.raises(ValueError, match="suffix '.bin'"):
        load(path)
    with pytest.raises(ValueError, match="format='hdf5'"):
        t.save(tmp_path / "t.h5", format="hdf5")


@pytest.mark.parametrize("fmt", FORMATS)
def test_truncated_file_is_refused(tables, tmp_path, fmt):
    needs(fmt)
    path = tables["y"].save(tmp_path / f"t.{fmt}")
    data = open(path, "rb").read()
    for cut in (len(data) // 2, len(data) - 7, 10):
        with open(path, "wb") as fh:
            fh.write(data[:cut])
        with pytest.raises(TableError):
            load(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_flipped_payload_byte_fails_the_checksum(tables, tmp_path, fmt):
    needs(fmt)
    t = tables["y"]
    arrays = t.arrays
    # write a file whose values differ by one ulp in one entry but keep the old metadata
    values = arrays["values"].copy()
    values.flat[7] = np.nextafter(values.flat[7], 1)
    path = tmp_path / f"t.{fmt}"
    _write_raw(path, fmt, {**arrays, "values": values}, t.metadata)
    with pytest.raises(TableError, match="sha256 mismatch"):
        load(path)


def test_tampered_metadata_fails_the_checksum(tables, tmp_path):
    t = tables["y"]
    path = tmp_path / "t.npz"
    _write_raw(path, "npz", t.arrays, {**t.metadata, "basis": "real"})
    with pytest.raises(TableError, match="sha256 mismatch"):
        load(path)


def test_missing_checksum_is_refused(tables, tmp_path):
    t = tables["y"]
    meta = t.metadata
    del meta["sha256"]
    path = tmp_path / "t.npz"
    _write_raw(path, "npz", t.arrays, meta)
    with pytest.raises(TableError, match="sha256"):
        load(path)


def _write_raw(path, fmt, arrays, meta):
    import json

    if fmt == "npz":
        np.savez(path, **arrays, __metadata__=np.array(json.dumps(meta)))
    elif fmt == "safetensors":
        from safetensors.numpy import save_file

        save_file(dict(arrays), str(path), metadata={"symphys": json.dumps(meta)})
    else:
        import torch

        torch.save({"__metadata__": json.dumps(meta),
                    **{k: torch.from_numpy(np.array(v)) for k, v in arrays.items()}}, path)


@pytest.mark.parametrize("field,value", [("kind", "fourier_to_sh"), ("basis", "real"),
                                         ("dtype", "float32"), ("lmax", 5)])
def test_mismatch_with_the_request_names_the_field(tables, tmp_path, field, value):
    path = tables["y"].save(tmp_path / "t.npz")
    with pytest.raises(TableError, match=f"{field}=.* was asked for"):
        load(path, **{field: value})


def test_not_a_zip_and_missing_file(tmp_path):
    path = tmp_path / "t.npz"
    path.write_bytes(b"hello, not a table")
    with pytest.raises(TableError, match="truncated or corrupt"):
        load(path)
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "none.npz")
    with zipfile.ZipFile(path, "w") as z:  # a valid npz without symphys metadata
        z.writestr("values.npy", b"")
    with pytest.raises(TableError):
        load(path)


def test_failed_write_keeps_the_old_file(tables, tmp_path, monkeypatch):
    t = tables["y"]
    path = t.save(tmp_path / "t.npz")
    before = open(path, "rb").read()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        tables["ycoo"].save(path)
    monkeypatch.undo()
    assert open(path, "rb").read() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.npz"]


def test_missing_format_package_is_a_clear_error(tables, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(ValueError, match="format='pt' needs the torch package"):
        tables["y"].save(tmp_path / "t.pt")
    assert not list(tmp_path.iterdir())


def test_check_format_resolves_and_refuses(monkeypatch):
    from symphys.tables import check_format

    assert check_format("a/b.NPZ") == "npz"
    assert check_format("b.dat", format="npz") == "npz"
    assert check_format("b.npz", format="npz") == "npz"
    with pytest.raises(ValueError, match="format='h5' must be one of"):
        check_format("b.npz", format="h5")
    with pytest.raises(ValueError, match="cannot tell the format from the suffix '.h5'"):
        check_format("b.h5")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "safetensors" else real(name, *a))
    with pytest.raises(ValueError, match="needs the safetensors package"):
        check_format("b.safetensors")
    with pytest.raises(ValueError, match="needs the safetensors package"):
        check_format("b.npz", format="safetensors")


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["wigner3j", "clebsch_gordan", "gaunt", "real_gaunt",
                             "complex_to_real", "sh_to_fourier", "fourier_to_sh"]),
       lmax=st.integers(0, 3), layout=st.sampled_from(["dense", "coo"]),
       dtype=st.sampled_from(["float64", "float32"]), fmt=st.sampled_from(FORMATS))
def test_round_trip_property(tmp_path, kind, lmax, layout, dtype, fmt):
    needs(fmt)
    basis = "real" if kind == "real_gaunt" else None  # real_gaunt has no default basis
    t = generate(kind, lmax, basis=basis, layout=layout, dtype=dtype)
    back = load(t.save(tmp_path / f"p.{fmt}"), kind=kind, dtype=dtype, lmax=lmax)
    assert back == t and back.metadata == t.metadata
    if kind in ("sh_to_fourier", "fourier_to_sh"):
        assert np.array_equal(back.array(), t.array())
    else:
        for path in t.paths:
            assert np.array_equal(back.block(*path), t.block(*path))


def test_saved_file_has_the_permissions_of_a_plain_write(tables, tmp_path):
    """Atomic writes go through mkstemp (mode 0600); the result must be readable as open() makes."""
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    path = tables["y"].save(tmp_path / "t.npz")
    assert os.stat(path).st_mode & 0o777 == os.stat(plain).st_mode & 0o777
