"""Issue 19: hostile input to symphys.tables is refused at once, in words."""

import numpy as np
import pytest

from symphys.tables import KINDS, Table, TableError, generate, load, save, table_nbytes


@pytest.mark.timeout(10)
@pytest.mark.parametrize("layout", ["dense", "coo"])
def test_generate_huge_lmax_refused_at_once(layout):
    with pytest.raises(TableError, match=r"lmax=1000000000\) needs .* more than the limit"):
        generate("real_gaunt", 10**9, basis="real", layout=layout)
    for kind in KINDS:
        basis = "real" if kind == "real_gaunt" else None
        with pytest.raises(ValueError, match="lmax=1000000000"):
            generate(kind, 10**9, basis=basis, layout=layout)


@pytest.mark.timeout(10)
def test_table_nbytes_is_closed_form():
    assert table_nbytes("clebsch_gordan", 10**9) > 10**54


def test_table_arguments_are_checked():
    with pytest.raises(TypeError, match="arrays="):
        Table(None, {})
    with pytest.raises(TypeError, match="metadata="):
        Table({}, None)
    with pytest.raises(TypeError, match=r"arrays\['values'\]"):
        Table({"values": [1.0]}, {})
    meta = {"kind": "gaunt", "lmax": -1, "basis": "real", "dtype": "float64", "layout": "dense"}
    with pytest.raises(TableError, match="lmax=-1"):
        Table({"values": np.zeros(2)}, meta)
    with pytest.raises(TableError, match="kind="):
        Table({"values": np.zeros(2)}, {**meta, "lmax": 1, "kind": ["x"]})
    with pytest.raises(TableError, match="dtype"):
        Table({"values": np.zeros(2, dtype=np.float32)},
              {**meta, "lmax": 1, "kind": "sh_to_fourier"})


def test_save_and_load_argument_types(tmp_path):
    with pytest.raises(TypeError, match="table=str"):
        save("x", tmp_path / "x.npz")
    t = generate("sh_to_fourier", 1)
    with pytest.raises(TypeError, match="path="):
        save(t, None)
    with pytest.raises(TypeError, match="path="):
        load(None)
    with pytest.raises(TypeError, match="lmax="):
        load(tmp_path / "x.npz", lmax="1")


@pytest.mark.parametrize("content", [b"", b"garbage", b"PK\x03\x04truncated"])
def test_corrupt_files_are_refused(tmp_path, content):
    p = tmp_path / "c.npz"
    p.write_bytes(content)
    with pytest.raises(TableError, match="truncated or corrupt"):
        load(p)


def test_truncated_table_is_refused(tmp_path):
    p = save(generate("sh_to_fourier", 2), tmp_path / "t.npz")
    data = open(p, "rb").read()
    with open(p, "wb") as f:
        f.write(data[: len(data) // 2])
    with pytest.raises(TableError):
        load(p)


def test_torch_gaunt_tensor_product_refuses_bad_input():
    torch = pytest.importorskip("torch")
    from symphys.tables.torch_module import GauntTensorProduct

    with pytest.raises(TypeError, match="dtype="):
        GauntTensorProduct(1, 1, basis="real", dtype="x")
    m = GauntTensorProduct(1, 1, basis="real")
    with pytest.raises(TypeError, match="x must be a torch.Tensor"):
        m(None, torch.zeros(4))
    with pytest.raises(TypeError, match="y must be a torch.Tensor"):
        m(torch.zeros(4), np.zeros(4))
    with pytest.raises(TypeError, match="x has dtype torch.complex128"):
        m(torch.zeros(4, dtype=torch.complex128), torch.zeros(4))
    with pytest.raises(ValueError, match="must broadcast together"):
        m(torch.zeros(2, 4), torch.zeros(3, 4))
