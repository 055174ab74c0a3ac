"""The PyTorch Gaunt tensor product against the numpy path, with gradients and exported tables."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.angular import gaunt_tensor_product
from symphys.tables import TableError, generate

torch = pytest.importorskip("torch")
from symphys.tables.torch_module import GauntTensorProduct  # noqa: E402


@pytest.mark.parametrize("grad", [False, True])  # the numpy kernel, the torch engine
@pytest.mark.parametrize("l1,l2,lout", [(0, 0, 0), (2, 3, 5), (4, 4, 3), (6, 2, 8)])
def test_matches_numpy_path(l1, l2, lout, grad, rng):
    x, y = rng.normal(size=(3, 4, (l1 + 1) ** 2)), rng.normal(size=(4, (l2 + 1) ** 2))
    xt = torch.from_numpy(x).requires_grad_(grad)
    out = GauntTensorProduct(l1, l2, basis="real", lmax_out=lout)(xt, torch.from_numpy(y)).detach()
    assert out.shape == (3, 4, (lout + 1) ** 2) and out.dtype == torch.float64
    ref = gaunt_tensor_product(x, y, lmax_out=lout, basis="real")
    assert np.abs(out.numpy() - ref).max() < 1e-13


@pytest.mark.parametrize("grad", [False, True])
def test_float32(grad, rng):
    x, y = rng.normal(size=(5, 16)), rng.normal(size=(5, 9))
    xt = torch.from_numpy(x).float().requires_grad_(grad)
    tp = GauntTensorProduct(3, 2, basis="real", dtype=torch.float32)
    out = tp(xt, torch.from_numpy(y)).detach()
    assert out.dtype == torch.float32
    ref = gaunt_tensor_product(x, y, basis="real")
    assert np.abs(out.numpy() - ref).max() < 1e-5 * np.abs(ref).max()


def test_gradients_match_the_numpy_path(rng):
    """d/dx sum(w * out) from autograd equals central differences of the numpy path (exact for
    a bilinear map up to rounding)."""
    l1, l2 = 3, 2
    x, y = rng.normal(size=(2, 16)), rng.normal(size=(2, 9))
    w = rng.normal(size=(2, 36))
    xt = torch.from_numpy(x).requires_grad_()
    yt = torch.from_numpy(y).requires_grad_()
    (GauntTensorProduct(l1, l2, basis="real")(xt, yt) * torch.from_numpy(w)).sum().backward()
    h = 1e-3
    for arr, grad in ((x, xt.grad.numpy()), (y, yt.grad.numpy())):
        for idx in [(0, 0), (1, 5), (0, arr.shape[1] - 1)]:
            plus, minus = arr.copy(), arr.copy()
            plus[idx] += h
            minus[idx] -= h
            args_p = (plus, y) if arr is x else (x, plus)
            args_m = (minus, y) if arr is x else (x, minus)
            fd = (np.sum(w * gaunt_tensor_product(*args_p, basis="real"))
                  - np.sum(w * gaunt_tensor_product(*args_m, basis="real"))) / (2 * h)
            assert abs(grad[idx] - fd) < 1e-9


def test_gradcheck_small():
    x = torch.randn(1, 4, dtype=torch.float64, requires_grad=True)
    y = torch.randn(1, 9, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(GauntTensorProduct(1, 2, basis="real"), (x, y))


def test_from_exported_tables(tmp_path, rng):
    y_path = generate("sh_to_fourier", 5, basis="real", progress=False).save(tmp_path / "y.pt")
    z_path = generate("fourier_to_sh", 7, basis="real", umax=9, layout="coo", progress=False).save(
        tmp_path / "z.safetensors")
    tp = GauntTensorProduct(5, 4, basis="real", lmax_out=7, sh_to_fourier=y_path,
                            fourier_to_sh=z_path)
    x, y = rng.normal(size=(3, 36)), rng.normal(size=(3, 25))
    out = tp(torch.from_numpy(x), torch.from_numpy(y)).numpy()
    assert np.abs(out - gaunt_tensor_product(x, y, lmax_out=7, basis="real")).max() < 1e-13
    with pytest.raises(TableError, match="lmax=5 < 6"):
        GauntTensorProduct(6, 1, basis="real", sh_to_fourier=y_path)
    with pytest.raises(TableError, match="kind"):
        GauntTensorProduct(2, 2, basis="real", sh_to_fourier=z_path)
    with pytest.raises(TableError, match="basis"):
        GauntTensorProduct(2, 2, basis="real",
                           sh_to_fourier=generate("sh_to_fourier", 2, basis="complex"))
    with pytest.raises(ValueError, match="real basis only"):
        GauntTensorProduct(2, 2, basis="complex")


def test_wrong_input_size():
    with pytest.raises(ValueError, match="expected 9"):
        GauntTensorProduct(2, 2, basis="real")(torch.zeros(4, dtype=torch.float64), torch.zeros(9))


def test_cpu_inference_and_autograd_paths_agree(rng):
    """CPU inference runs the numpy kernel, a gradient the torch engine: the same numbers."""
    x, y = rng.normal(size=(6, 81)), rng.normal(size=(6, 49))
    module = GauntTensorProduct(8, 6, basis="real")
    with torch.no_grad():
        fast = module(torch.from_numpy(x), torch.from_numpy(y))
    xt = torch.from_numpy(x).requires_grad_()
    slow = module(xt, torch.from_numpy(y))
    assert slow.requires_grad and not fast.requires_grad
    assert np.abs(fast.numpy() - slow.detach().numpy()).max() < 1e-13 * np.abs(fast.numpy()).max()
    ref = gaunt_tensor_product(x, y, method="direct", basis="real")
    assert np.abs(fast.numpy() - ref).max() < 1e-13 * np.abs(ref).max()
