"""Lifting / group convolutions on R^2 ⋊ H: exact equivariance on the pixel grid, the formula
checked by a direct loop, the chart features against symphys.lie.groups.chart (SVD based).

References are independent of the layers: images are transformed by explicit index maps
(T_g f)(p) = f(A^-1 (p - c) + c) with p = (column, row) and c the image centre, written here and
not with torch.rot90, and group functions by the left regular representation.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from symphys.lie.groups import chart as lie_chart  # noqa: E402
from symphys.nn import GroupConv, GroupPool, GroupSamples, LiftingConv2d  # noqa: E402
from symphys.nn.group_samples import chart_features  # noqa: E402

GROUPS = ["affine", "GL+(2)", "SL(2)", "SO(2)", "Sim(2)"]
ROT90 = np.array([[0.0, -1.0], [1.0, 0.0]])      # x -> -y, y -> x in (column, row) coordinates


def _rot(k):
    return np.linalg.matrix_power(ROT90, k)


def transform_image(x, A):
    """(T f)(p) = f(A^-1 (p - c) + c) on the last two axes (rows, columns), A integer-valued."""
    Hh, W = x.shape[-2:]
    assert Hh == W
    c = (W - 1) / 2
    Ainv = np.linalg.inv(A)
    out = torch.empty_like(x)
    for r in range(Hh):
        for col in range(W):
            src = Ainv @ np.array([col - c, r - c]) + c
            sx, sy = int(round(src[0])), int(round(src[1]))
            out[..., r, col] = x[..., sy, sx]
    return out


def _close(a, b, tol=1e-5):
    a, b = a.detach(), b.detach()
    scale = max(1.0, float(b.abs().max()))
    err = float((a - b).abs().max())
    assert err <= tol * scale, f"max error {err:.3g} vs scale {scale:.3g}"


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("k", [1, 2, 3])
def test_lifting_rotation_equivariance_exact(group, k):
    torch.manual_seed(0)
    lift = LiftingConv2d(2, 3, group=group, kernel_size=5, n_samples=6, rng=1).eval()
    x = torch.randn(2, 2, 9, 9)
    A = _rot(k)
    S = lift.samples
    y, _ = lift(x, samples=S)
    yt, St = lift(transform_image(x, A), samples=S.transform(A))
    assert torch.allclose(St.h, torch.as_tensor(A) @ S.h)
    _close(yt, transform_image(y, A))
    # the test can fail: without transforming the samples the outputs differ at O(1)
    if group != "SO(2)":
        y_wrong, _ = lift(transform_image(x, A), samples=S)
        assert float((y_wrong - transform_image(y, A)).detach().abs().max()) > 1e-2


@pytest.mark.parametrize("group", ["affine", "SO(2)"])
def test_lifting_integer_translation_equivariance(group):
    torch.manual_seed(1)
    lift = LiftingConv2d(1, 2, group=group, kernel_size=5, n_samples=4, padding_mode="circular",
                         rng=2).eval()
    x = torch.randn(1, 1, 10, 12)
    y, _ = lift(x)
    yt, _ = lift(torch.roll(x, shifts=(3, -2), dims=(-2, -1)))
    _close(yt, torch.roll(y, shifts=(3, -2), dims=(-2, -1)))


def test_lifting_matches_direct_sum():
    """[L f](p, h) = |det h|^-1 sum_u f(p + u) k(h^-1 u), k = MLP x envelope, by explicit loops."""
    torch.manual_seed(2)
    lift = LiftingConv2d(1, 1, group="affine", kernel_size=3, n_samples=2, bias=False,
                         rng=3).double().eval()
    x = torch.randn(1, 1, 5, 5, dtype=torch.float64)
    y, S = lift(x)
    for i in range(2):
        h = S.h[i]
        hinv = torch.linalg.inv(h)
        for (r, c) in [(2, 2), (1, 3), (0, 0)]:
            total = 0.0
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    if not (0 <= r + dy < 5 and 0 <= c + dx < 5):
                        continue              # zero padding
                    v = hinv @ torch.tensor([dx, dy], dtype=torch.float64)
                    k = lift.net(v)[0] * torch.exp(-(v @ v) / (2 * lift.kernel_width**2))
                    total += float(x[0, 0, r + dy, c + dx] * k) * lift.norm
            total /= float(torch.linalg.det(h))
            assert abs(float(y[0, 0, i, r, c]) - total) < 1e-12


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("own", [False, True])
def test_group_conv_rotation_equivariance_exact(group, own):
    torch.manual_seed(3)
    S = GroupSamples.draw(group, 5, rng=4)
    conv = GroupConv(2, 3, group=group, kernel_size=3, n_samples=4 if own else None,
                     rng=5).eval()
    Fx = torch.randn(1, 2, 5, 7, 7)
    A = _rot(1)
    O = conv.samples if own else None
    y, Oy = conv(Fx, S, out_samples=O)
    yt, _ = conv(transform_image(Fx, A), S.transform(A),
                 out_samples=None if O is None else O.transform(A))
    _close(yt, transform_image(y, A))
    assert len(Oy) == (4 if own else 5)


def test_network_invariance_exact_and_translation():
    """lift -> ReLU -> group conv -> max pool: invariant under rotations (samples transformed)
    and integer translations (circular padding)."""
    torch.manual_seed(4)
    lift = LiftingConv2d(1, 4, kernel_size=5, n_samples=5, padding_mode="circular", rng=6).eval()
    conv = GroupConv(4, 3, kernel_size=3, padding_mode="circular").eval()
    pool = GroupPool()

    def net(x, S):
        y, S = lift(x, samples=S)
        y, S = conv(torch.relu(y), S)
        return pool(y, samples=S)

    x = torch.randn(2, 1, 11, 11)
    S = lift.samples
    base = net(x, S)
    for k in (1, 2, 3):
        _close(net(transform_image(x, _rot(k)), S.transform(_rot(k))), base)
    _close(net(torch.roll(x, (2, 5), (-2, -1)), S), base)


def test_reflection_is_not_in_h():
    """No H here contains a reflection (det h > 0): a reflected sample set is refused."""
    S = GroupSamples.draw("SO(2)", 3, rng=0)
    with pytest.raises(ValueError, match="det A > 0"):
        S.transform(np.diag([1.0, -1.0]))


@pytest.mark.parametrize("group", ["GL+(2)", "SL(2)", "Sim(2)", "SO(2)"])
def test_chart_features_match_lie_groups_chart(group):
    S = GroupSamples.draw(group, 50, rng=7, scale=0.8)
    g = S.h.numpy()
    X, Y = lie_chart(g)
    theta = Y[:, 1, 0]
    f = chart_features(S.h, group).numpy()
    want = {
        "GL+(2)": np.stack([X[:, 0, 0], X[:, 1, 1], X[:, 0, 1]], -1),
        "SL(2)": np.stack([X[:, 0, 0], X[:, 0, 1]], -1),
        "Sim(2)": X[:, :1, 0],
        "SO(2)": np.zeros((50, 0)),
    }[group]
    want = np.concatenate([want, np.cos(theta)[:, None], np.sin(theta)[:, None]], -1)
    assert np.allclose(f, want, atol=1e-10)
