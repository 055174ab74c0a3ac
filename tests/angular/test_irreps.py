"""Irreps: e3nn's text form, dims, slices, simplify, layouts; side by side with e3nn."""

import numpy as np
import pytest

from symphys.angular import Irreps
from symphys.angular.irreps import LAYOUTS, MAX_L


def test_parse_and_print_e3nn_text():
    ir = Irreps("8x0e + 4x1o + 2x2e")
    assert str(ir) == "8x0e+4x1o+2x2e"
    assert list(ir) == [(8, 0, 1), (4, 1, -1), (2, 2, 1)]
    assert ir.dim == 8 + 12 + 10 and ir.num_irreps == 14 and ir.lmax == 2
    assert ir.ls == (0, 1, 2) and ir.muls == (8, 4, 2) and ir.parities == (1, -1, 1)
    assert Irreps("0e+1y+2y") == Irreps([(1, 0, 1), (1, 1, -1), (1, 2, 1)])
    assert Irreps("") == Irreps([]) and Irreps("").dim == 0
    assert Irreps([(2, (1, -1))]) == Irreps("2x1o")


def test_immutable_hashable_and_algebra():
    ir = Irreps("2x0e+1x1o")
    with pytest.raises(AttributeError):
        ir.foo = 1
    assert hash(ir) == hash(Irreps("2x0e + 1x1o"))
    assert ir + "1x2e" == Irreps("2x0e+1x1o+1x2e")
    assert "1x2e" + ir == Irreps("1x2e+2x0e+1x1o")
    assert 2 * ir == Irreps("2x0e+1x1o+2x0e+1x1o")
    assert ir[1] == (1, 1, -1) and ir[1:] == Irreps("1x1o")
    assert ir != "2x0e+1x1o"  # a value type: equal only to an Irreps


def test_slices_simplify_sort():
    ir = Irreps("2x0e+3x1o+1x2e")
    assert ir.slices() == [slice(0, 2), slice(2, 11), slice(11, 16)]
    assert Irreps("1x0e+0x1o+2x0e+1x1o+1x1o").simplify() == Irreps("3x0e+2x1o")
    assert Irreps("1x2e+1x1e+1x1o+1x0e").sort() == Irreps("1x0e+1x1o+1x1e+1x2e")


@pytest.mark.parametrize("bad", ["3x", "x1e", "1x1q", "1x-1e", "1.5x0e", "1e++2o", "abc"])
def test_bad_text(bad):
    with pytest.raises(ValueError, match="irreps term"):
        Irreps(bad)


def test_limits_and_types():
    with pytest.raises(ValueError, match="l="):
        Irreps(f"1x{MAX_L + 1}e")
    with pytest.raises(ValueError, match="MAX_DIM"):
        Irreps(f"100000000x{MAX_L}e")
    with pytest.raises(ValueError, match="parity"):
        Irreps([(1, 1, 0)])
    with pytest.raises(TypeError):
        Irreps(3)
    with pytest.raises(TypeError):
        Irreps(b"1x0e")


def test_layouts_round_trip_numpy_and_torch():
    ir = Irreps("2x0e+3x1o+2x2e")
    x = np.arange(3 * ir.dim, dtype=float).reshape(3, ir.dim)
    y = ir.change_layout(x, source="mul_ir", target="ir_mul")
    # independent: the 3x1o block (mul 3, dim 3) transposed by hand
    block = x[:, 2:11].reshape(3, 3, 3).transpose(0, 2, 1).reshape(3, 9)
    np.testing.assert_array_equal(y[:, 2:11], block)
    np.testing.assert_array_equal(ir.change_layout(y, source="ir_mul", target="mul_ir"), x)
    torch = pytest.importorskip("torch")
    yt = ir.change_layout(torch.from_numpy(x), source="mul_ir", target="ir_mul")
    np.testing.assert_array_equal(yt.numpy(), y)
    assert LAYOUTS == ("mul_ir", "ir_mul")
    with pytest.raises(ValueError, match="source"):
        ir.change_layout(x, source="mulir", target="ir_mul")
    with pytest.raises(ValueError, match="last axis"):
        ir.change_layout(x[:, 1:], source="mul_ir", target="ir_mul")


def test_e3nn_side_by_side():
    o3 = pytest.importorskip("e3nn.o3")
    for text in ["8x0e + 4x1o + 2x2e", "0e+1o+2e+3o", "3x1e+2x0o+1x5o"]:
        ours, theirs = Irreps(text), o3.Irreps(text)
        assert str(ours) == str(theirs)
        assert ours.dim == theirs.dim and ours.num_irreps == theirs.num_irreps
        assert ours.slices() == theirs.slices()
        assert str(ours.simplify()) == str(theirs.simplify())
        assert str(ours.sort()) == str(theirs.sort().irreps)
        assert Irreps.from_e3nn(theirs) == ours and ours.to_e3nn() == theirs


def test_cue_side_by_side():
    cue = pytest.importorskip("cuequivariance")
    ours = Irreps("8x0e+4x1o")
    theirs = ours.to_cue()
    assert theirs == cue.Irreps("O3", "8x0e+4x1o")
    assert Irreps.from_cue(theirs) == ours
