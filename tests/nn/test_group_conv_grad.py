"""Gradients (gradcheck in float64), torch.compile, and bad input of the group layers."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from torch.func import functional_call  # noqa: E402

from symphys.nn import GroupConv, GroupPool, GroupSamples, LiftingConv2d  # noqa: E402


def _gradcheck_module(module, inputs, kwargs):
    names = [n for n, _ in module.named_parameters()]
    params = tuple(p.detach().clone().requires_grad_(True) for _, p in module.named_parameters())

    def f(*args):
        xs, ps = args[:len(inputs)], args[len(inputs):]
        return functional_call(module, dict(zip(names, ps, strict=True)), xs, kwargs)[0]

    xs = tuple(x.detach().clone().requires_grad_(True) if isinstance(x, torch.Tensor) else x
               for x in inputs)
    assert torch.autograd.gradcheck(f, xs + params, eps=1e-6, atol=1e-6, rtol=1e-4)


@pytest.mark.parametrize("group", ["affine", pytest.param("SO(2)", marks=pytest.mark.slow)])
def test_gradcheck_lifting(group):
    torch.manual_seed(0)
    lift = LiftingConv2d(1, 2, group=group, kernel_size=3, n_samples=2, hidden=2,
                         rng=0).double().eval()
    _gradcheck_module(lift, (torch.randn(1, 1, 3, 3, dtype=torch.float64),), {})


@pytest.mark.parametrize("group", [pytest.param("SL(2)", marks=pytest.mark.slow), "Sim(2)"])
def test_gradcheck_group_conv(group):
    torch.manual_seed(1)
    S = GroupSamples.draw(group, 2, rng=1)
    conv = GroupConv(1, 1, group=group, kernel_size=3, hidden=2).double()
    _gradcheck_module(conv, (torch.randn(1, 1, 2, 3, 3, dtype=torch.float64), S), {})


def test_gradients_finite_in_training():
    torch.manual_seed(2)
    lift = LiftingConv2d(1, 4, kernel_size=5, n_samples=6, rng=3).train()
    conv = GroupConv(4, 3, kernel_size=3).train()
    y, S = lift(torch.randn(2, 1, 12, 12))
    y, S = conv(torch.relu(y), S)
    GroupPool()(y).sum().backward()
    grads = [p.grad for p in (*lift.parameters(), *conv.parameters())]
    assert all(g is not None and bool(torch.isfinite(g).all()) for g in grads)
    assert any(float(g.abs().max()) > 0 for g in grads)


def test_samples_fresh_in_training_fixed_in_eval():
    lift = LiftingConv2d(1, 2, kernel_size=3, n_samples=4, rng=4)
    x = torch.randn(1, 1, 6, 6)
    _, a = lift(x)
    _, b = lift(x)
    assert not torch.equal(a.h, b.h)                 # training: fresh draws
    lift.eval()
    (ya, a), (yb, b) = lift(x), lift(x)
    assert torch.equal(a.h, b.h) and torch.equal(ya, yb) and torch.equal(a.h, lift.samples.h)
    fixed = LiftingConv2d(1, 2, kernel_size=3, n_samples=4, rng=4, resample=False).train()
    assert torch.equal(fixed(x)[1].h, fixed(x)[1].h)


class _Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lift = LiftingConv2d(1, 4, kernel_size=3, n_samples=4, rng=5)
        self.conv = GroupConv(4, 2, kernel_size=3)
        self.pool = GroupPool(over_space="mean")

    def forward(self, x):
        y, S = self.lift(x)
        y, S = self.conv(torch.relu(y), S)
        return self.pool(y)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_torch_compile_matches_eager():
    """(slow: compiling takes about a minute of CPU)"""
    torch.manual_seed(3)
    net = _Net().eval()
    x = torch.randn(2, 1, 10, 10)
    compiled = torch.compile(net)
    out = compiled(x)
    assert torch.allclose(out, net(x), atol=1e-5, rtol=1e-5)
    net.train()                                     # fresh samples drawn outside the graph
    assert torch.isfinite(compiled(x)).all()


@pytest.mark.parametrize("make, match", [
    (lambda: LiftingConv2d(1, 2, kernel_size=3, n_samples=0), "n_samples"),
    (lambda: LiftingConv2d(1, 2, kernel_size=3, n_samples=-3), "n_samples"),
    (lambda: LiftingConv2d(1, 2, group="E(2)", kernel_size=3, n_samples=2), "group"),
    (lambda: GroupConv(1, 2, group="GL(2)", kernel_size=3), "group"),
    (lambda: GroupConv(1, 2, kernel_size=3, n_samples=0), "n_samples"),
    (lambda: LiftingConv2d(1, 2, kernel_size=4, n_samples=2), "kernel_size"),
    (lambda: LiftingConv2d(0, 2, kernel_size=3, n_samples=2), "in_channels"),
    (lambda: GroupSamples.draw("SO(3)", 2), "group"),
    (lambda: GroupSamples.draw("SO(2)", 0), "n_samples"),
    (lambda: GroupPool(over_group="sum"), "over_group"),
    (lambda: LiftingConv2d(1, 2, kernel_size=3, n_samples=2, padding_mode="reflect"),
     "padding_mode"),
])
def test_bad_construction(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_input_shapes():
    lift = LiftingConv2d(1, 2, kernel_size=3, n_samples=2, rng=0)
    conv = GroupConv(2, 2, kernel_size=3)
    with pytest.raises(ValueError, match="input must have 4 dimensions"):
        lift(torch.zeros(1, 5, 5))
    with pytest.raises(ValueError, match="in_channels=1"):
        lift(torch.zeros(1, 3, 5, 5))
    S = GroupSamples.draw("affine", 2, rng=0)
    with pytest.raises(ValueError, match="input must have 5 dimensions"):
        conv(torch.zeros(1, 2, 5, 5), S)
    with pytest.raises(ValueError, match="samples has 2 elements"):
        conv(torch.zeros(1, 2, 3, 5, 5), S)
    with pytest.raises(ValueError, match="samples are samples of SO"):
        conv(torch.zeros(1, 2, 2, 5, 5), GroupSamples.draw("SO(2)", 2, rng=0))
    with pytest.raises(ValueError, match="input must have 5 dimensions"):
        GroupPool()(torch.zeros(2, 3))
