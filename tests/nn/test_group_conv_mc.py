"""Monte Carlo integration over H in the group layers: agreement with closed forms and with
symphys.lie.groups' integrate (an independent sampler loop), the stated standard error, and the
equivariance of the layers under general (off-grid) affine maps within it, shrinking as
1/sqrt(n_samples).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from scipy.special import erf  # noqa: E402

from symphys.lie.groups import SO, GLPlus  # noqa: E402
from symphys.nn import GroupConv, GroupPool, GroupSamples, LiftingConv2d  # noqa: E402


def _gauss_gl(h):
    """exp(-|h|_F^2) det(h)^2: its Haar integral over GL+(2) is the Lebesgue one, pi^2 / 2."""
    fro2 = (h**2).sum((-1, -2))
    det = h[..., 0, 0] * h[..., 1, 1] - h[..., 0, 1] * h[..., 1, 0]
    return torch.exp(-fro2) * det**2 if isinstance(h, torch.Tensor) else np.exp(-fro2) * det**2


def _unit_kernel(conv):
    """Make the kernel MLP the constant 1 and its normalisation 1: the layer's H sum is bare."""
    class One(torch.nn.Module):
        def forward(self, z):
            return torch.ones(*z.shape[:-1], conv.out_channels * conv.in_channels, dtype=z.dtype)

    conv.net = One()
    conv.norm = 1.0


def _identity_set(group):
    return GroupSamples(group, torch.eye(2, dtype=torch.float64)[None],
                        torch.zeros(1, dtype=torch.float64))


def test_gaussian_integral_gl2_layers_and_lie_groups_agree():
    exact = math.pi**2 / 2
    S = GroupSamples.draw("GL+(2)", 200_000, rng=0, scale=1.0)
    est, se = S.integrate(_gauss_gl(S.h))
    assert float(se) < 0.02 * exact
    assert abs(float(est) - exact) < 4 * float(se)
    ref, ref_se = GLPlus(2).integrate(_gauss_gl, 200_000, rng=1, scale=1.0)
    assert abs(float(est) - ref) < 4 * math.hypot(float(se), ref_se)
    # the group convolution's H sum (kernel 1, identity output element) is the same estimate
    conv = GroupConv(1, 1, group="GL+(2)", kernel_size=1, group_width=1e4, bias=False)
    _unit_kernel(conv)
    values = _gauss_gl(S.h)
    F = values[None, None, :, None, None].expand(1, 1, len(S), 2, 2).contiguous()
    y, _, y_se = conv(F, S, out_samples=_identity_set("GL+(2)"), return_stderr=True)
    assert torch.allclose(y, est, rtol=1e-6) and torch.allclose(y_se, se, rtol=1e-6)
    pooled = GroupPool(over_group="integral", over_space="mean")(F, samples=S)
    assert torch.allclose(pooled, est, rtol=1e-10)


@pytest.mark.slow
def test_envelope_integral_closed_form():
    """int_{GL+(2)} exp(-|X|_F^2 / (2 s^2)) dHaar = 4 pi^3 s^2 e^(s^2) erf(s) (chart coordinates,
    Haar density c_2 2^3 sinhc(x1 - x2) dX dk, c_2 = pi / 2): the group conv's envelope sum."""
    s = 0.5
    exact = 4 * math.pi**3 * s**2 * math.exp(s**2) * erf(s)
    S = GroupSamples.draw("GL+(2)", 100_000, rng=2, scale=0.5)
    conv = GroupConv(1, 1, group="GL+(2)", kernel_size=1, group_width=s, bias=False)
    _unit_kernel(conv)
    F = torch.ones(1, 1, len(S), 1, 1, dtype=torch.float64)
    y, _, se = conv(F, S, out_samples=_identity_set("GL+(2)"), return_stderr=True)
    assert float(se) < 0.01 * exact
    assert abs(float(y) - exact) < 4 * float(se)


@pytest.mark.parametrize("group, exact, f", [
    ("SO(2)", math.pi, lambda h: h[..., 0, 0] ** 2),                       # int cos^2
    ("Sim(2)", math.pi / 2,                                                # ds dtheta measure
     lambda h: torch.exp(-(h**2).sum((-1, -2))) * torch.linalg.det(h)),
])
def test_other_groups_closed_forms(group, exact, f):
    S = GroupSamples.draw(group, 100_000, rng=3)
    est, se = S.integrate(f(S.h))
    assert abs(float(est) - exact) < 4 * float(se) and float(se) < 0.02 * exact
    if group == "SO(2)":
        ref, ref_se = SO(2).integrate(lambda R: R[:, 0, 0] ** 2, 100_000, rng=4)
        assert abs(float(est) - ref) < 4 * math.hypot(float(se), ref_se)


# ---- general affine maps --------------------------------------------------------------------
SIZE, C = 25, 12.0
AFFINE = (np.array([[math.cos(0.45), -math.sin(0.45)], [math.sin(0.45), math.cos(0.45)]])
          @ np.array([[1.1, 0.15], [0.0, 0.95]]))          # rotation 26 deg, shear, scales


def _image(A=None):
    """(T_A f)(p) = f(A^-1 (p - c) + c) for an analytic anisotropic two-blob image f."""
    A = np.eye(2) if A is None else A
    ys, xs = np.mgrid[0:SIZE, 0:SIZE].astype(float)
    q = np.einsum("ij,jxy->ixy", np.linalg.inv(A), np.stack([xs - C, ys - C]))
    f = (np.exp(-((q[0] - 2.0) ** 2 / 8.0 + (q[1] + 1.0) ** 2 / 3.0))
         - 0.7 * np.exp(-((q[0] + 2.5) ** 2 + (q[1] - 2.0) ** 2) / 5.0))
    return torch.tensor(f, dtype=torch.float64)[None, None]


SCALE = 0.5        # proposal width; wider than the group envelope (0.4): bounded weights


def _model():
    torch.manual_seed(0)
    lift = LiftingConv2d(1, 2, kernel_size=17, n_samples=1, kernel_width=1.6, hidden=6,
                         sample_scale=SCALE, rng=0).double()
    conv = GroupConv(2, 2, kernel_size=1, group_width=0.4, hidden=6).double()
    return lift, conv


def _center(lift, conv, img, S, O):
    """Phi((L f)^2) at the centre pixel; L f there from the layer's sampled kernels and the
    17 x 17 patch around the centre (the lifting sum at one pixel, without the full map)."""
    c, r = int(C), lift.kernel_size // 2
    patch = img[0, :, c - r:c + r + 1, c - r:c + r + 1]                  # (I, k, k)
    Lf = torch.einsum("onikl,ikl->on", lift.kernel(S, dtype=img.dtype), patch)
    F = ((Lf + lift.bias[:, None]) ** 2)[None, :, :, None, None]      # a pointwise nonlinearity
    out, _, se = conv(F, S, out_samples=O, return_stderr=True)
    return out[0, :, :, 0, 0].detach(), se[0, :, :, 0, 0].detach()


@pytest.mark.timeout(600)
def test_affine_equivariance_within_mc_error_and_sqrt_n_scaling():
    """Phi L T_g f at (c, A h) and Phi L f at (c, h) (c the fixed point of g, a rotation by 26
    degrees with shear and anisotropic scaling) from independent sample sets: equal in
    expectation; each difference is within the stated standard errors, their RMS matches the
    stated error, and it shrinks as 1/sqrt(n_samples) (factor 2 from n = 64 to 256; the band
    (1.45, 2.9) holds for 24 draws per size at any seed tried, while a bias floor or no
    shrinkage gives a ratio near 1)."""
    lift, conv = _model()
    gen = np.random.default_rng(5)
    O = GroupSamples.draw("affine", 3, rng=6, scale=0.1)
    OA = O.transform(AFFINE)
    f, fA = _image(), _image(AFFINE)
    # the test can fail: at the untransformed output elements (O instead of A O) the six outputs
    # differ by several standard errors (chi^2 with 6 degrees of freedom > 25: p < 3e-4)
    a, sa = _center(lift, conv, fA, GroupSamples.draw("affine", 8192, rng=gen, scale=SCALE), O)
    b, sb = _center(lift, conv, f, GroupSamples.draw("affine", 8192, rng=gen, scale=SCALE), O)
    assert float(((a - b) ** 2 / (sa**2 + sb**2)).sum()) > 25
    scale = float(b.abs().mean())           # a fixed reference size for relative differences
    rms, ses, worst = {}, {}, 0.0
    for n in (64, 256):
        diffs, errs = [], []
        for _ in range(24):
            a, sa = _center(lift, conv, fA, GroupSamples.draw("affine", n, rng=gen, scale=SCALE),
                            OA)
            b, sb = _center(lift, conv, f, GroupSamples.draw("affine", n, rng=gen, scale=SCALE),
                            O)
            err = torch.sqrt(sa**2 + sb**2)
            worst = max(worst, float(((a - b).abs() / err).max()))
            diffs.append(((a - b) / scale).flatten())
            errs.append((err / scale).flatten())
        rms[n] = float(torch.cat(diffs).pow(2).mean().sqrt())
        ses[n] = float(torch.cat(errs).mean())
    assert worst < 5.0                      # 288 differences, each within 5 standard errors
    for n in rms:                           # the stated error describes the spread
        assert 0.6 < rms[n] / ses[n] < 1.6, (rms, ses)
    ratio = rms[64] / rms[256]
    assert 1.45 < ratio < 2.9, (rms, ratio)  # 1/sqrt(n): 2
