"""Derivatives and compilation of symphys.nn layers: autograd, torch.func, torch.compile, GPU."""

import pytest

torch = pytest.importorskip("torch")

from symphys.nn import TensorProduct, spherical_harmonics  # noqa: E402

# small, with a symmetric (1 x 1 -> 0, 2) and an antisymmetric (1 x 1 -> 1) path: the machine
# is shared, and every engine's arithmetic is the same at any degree
IR1, IR2, IRO = "1x1o", "1x1o+1x0e", "1x0e+1x1e+1x2e+1x1o"


def _inputs(dtype=torch.float64, device="cpu", n=2):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 3, generator=g, dtype=dtype).to(device)
    y = torch.randn(n, 4, generator=g, dtype=dtype).to(device)
    return x.requires_grad_(), y.requires_grad_()


@pytest.mark.parametrize("engine", ["cg", pytest.param("gaunt+vsh", marks=pytest.mark.slow)])
def test_gradcheck_and_gradgradcheck(engine):
    tp = TensorProduct(IR1, IR2, IRO, engine=engine, rng=0, dtype=torch.float64)
    x, y = _inputs()
    w = tp.weight.detach().clone().requires_grad_()
    f = lambda a, b, c: tp(a, b, weight=c)  # noqa: E731
    assert torch.autograd.gradcheck(f, (x, y, w))
    assert torch.autograd.gradgradcheck(f, (x, y, w))


@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh"])
def test_torch_func_jacrev_and_hessian(engine):
    """jacrev of the layer equals its finite differences; hessian of a scalar of it is the
    (symmetric) second derivative, also against finite differences of the gradient."""
    tp = TensorProduct(IR1, IR2, IRO, engine=engine, rng=0, dtype=torch.float64)
    x, y = (t.detach() for t in _inputs(n=1))
    f = lambda a: tp(a, y)[0]  # noqa: E731
    J = torch.func.jacrev(f)(x[0:1])[:, 0, :]
    h = 1e-6
    fd = torch.stack([(f(x + h * e) - f(x - h * e)) / (2 * h)
                      for e in torch.eye(3, dtype=torch.float64)[:, None, :]], dim=-1)
    torch.testing.assert_close(J, fd, rtol=1e-7, atol=1e-8)

    s = lambda a: (tp(a, y) ** 2).sum()  # noqa: E731
    H = torch.func.hessian(s)(x)[0, :, 0, :]
    grad = torch.func.grad(s)
    fdH = torch.stack([((grad(x + h * e) - grad(x - h * e)) / (2 * h))[0]
                       for e in torch.eye(3, dtype=torch.float64)[:, None, :]], dim=-1)
    torch.testing.assert_close(H, H.T)
    torch.testing.assert_close(H, fdH, rtol=1e-6, atol=1e-7)


@pytest.mark.timeout(300)
def test_torch_compile_fullgraph_matches_eager():
    """The one compile of the default run (CPU, inductor, ~16 s on a loaded 2-core machine):
    no graph break (fullgraph=True raises on one), same numbers as eager; the FFT engines'
    graph is traced whole as well (dynamo only: inductor on complex FFTs is a slow test)."""
    x, y = (t.detach() for t in _inputs())
    tp = TensorProduct(IR1, IR2, IRO, engine="cg", rng=0, dtype=torch.float64)
    torch._dynamo.reset()
    out = torch.compile(tp, fullgraph=True)(x, y)
    torch.testing.assert_close(out, tp(x, y), rtol=1e-12, atol=1e-12)
    tp = TensorProduct(IR1, IR2, IRO, engine="gaunt+vsh", rng=0, dtype=torch.float64)
    out = torch.compile(tp, fullgraph=True, backend="eager")(x, y)
    torch.testing.assert_close(out, tp(x, y), rtol=1e-12, atol=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh"])
def test_torch_compile_fullgraph_backward_and_harmonics(engine):
    tp = TensorProduct(IR1, IR2, IRO, engine=engine, rng=0, dtype=torch.float64)
    x, y = _inputs()

    def model(v, a, b):
        sh = spherical_harmonics(1, v, basis="e3nn")
        return (tp(a * sh[:, 1:], b) ** 2).sum()

    v = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    torch._dynamo.reset()
    compiled = torch.compile(model, fullgraph=True)
    got = torch.autograd.grad(compiled(v, x, y), (v, x, y))
    want = torch.autograd.grad(model(v, x, y), (v, x, y))
    for a, b in zip(got, want, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-10, atol=1e-12)


# ------------------------------------------------------------------ GPU (skipped without CUDA)
@pytest.mark.gpu
@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh"])
def test_gpu_matches_cpu_and_gradients(engine):
    tp = TensorProduct(IR1, IR2, IRO, engine=engine, rng=0, dtype=torch.float64)
    x, y = _inputs()
    cpu = tp(x, y)
    tpc = tp.to("cuda")
    xc, yc = (t.detach().cuda().requires_grad_() for t in (x, y))
    out = tpc(xc, yc)
    assert out.device.type == "cuda"
    torch.testing.assert_close(out.cpu(), cpu, rtol=1e-12, atol=1e-12)
    assert torch.autograd.gradcheck(lambda a, b: tpc(a, b), (xc, yc))


@pytest.mark.gpu
def test_gpu_float32_equivariance_and_compile():
    from tests.nn.test_tensor_product import _fit_D, _rotation, _sh_irreps

    ir = _sh_irreps(8, mul=2)
    tp = TensorProduct(ir, ir, _sh_irreps(8, mul=2), engine="auto", rng=0,
                       dtype=torch.float32).cuda()
    R = _rotation(1)
    D = torch.tensor(_fit_D(ir, R), dtype=torch.float32, device="cuda")
    x = torch.randn(16, ir.dim, device="cuda")
    y = torch.randn(16, ir.dim, device="cuda")
    out = tp(x, y)
    err = ((tp(x @ D.T, y @ D.T) - out @ D.T).abs().max() / out.abs().max()).item()
    assert err <= 1e-6
    compiled = torch.compile(tp, fullgraph=True)
    torch.testing.assert_close(compiled(x, y), out, rtol=1e-5, atol=1e-5)
    v = torch.randn(10, 3, device="cuda", dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a: spherical_harmonics(4, a, basis="e3nn"), (v,))


@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh"])
def test_empty_batch(engine):
    tp = TensorProduct("1x1o", "1x1o", "1x1e+1x2e", rng=0, engine=engine, dtype=torch.float64)
    out = tp(torch.zeros(0, 3, dtype=torch.float64), torch.zeros(0, 3, dtype=torch.float64))
    assert out.shape == (0, 8)


def test_vmap_of_a_frozen_layer():
    """Frozen weights and no gradient: torch.func.vmap still takes the dense path."""
    tp = TensorProduct(IR1, IR2, IRO, rng=0, dtype=torch.float64)
    for p in tp.parameters():
        p.requires_grad_(False)
    x, y = (t.detach() for t in _inputs(n=4))
    out = torch.func.vmap(lambda a, b: tp(a, b))(x, y)
    torch.testing.assert_close(out, tp(x, y), rtol=1e-13, atol=1e-13)
