"""Frames and frame averaging: exact invariance/equivariance of averaged random backbones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symphys.equivariance import Frame, frame_average, frames, haar_orthogonal, principal_axes

GROUPS = ["E", "SE", "O", "SO"]
TOL = 1e-10


class RandomNet:
    """A random two-layer backbone: no symmetry at all unless asked for permutations."""

    def __init__(self, d: int, seed: int, hidden: int = 16):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(size=(d, hidden))
        self.b1 = rng.normal(size=hidden)
        self.W2 = rng.normal(size=(hidden, d))
        self.w_pos = rng.normal(size=64)

    def invariant(self, P):  # permutation-invariant scalar
        return np.tanh(P @ self.W1 + self.b1).sum(-2) @ self.W2[:, 0]

    def per_point(self, P):  # permutation-equivariant, (n, d) output
        h = np.tanh(P @ self.W1 + self.b1)
        return h @ self.W2 + h.mean(-2, keepdims=True) @ self.W2

    def ordered(self, P):  # depends on the order of the points: no permutation symmetry
        n = P.shape[-2]
        return np.tanh(P @ self.W1 + self.b1)[..., 0] @ self.w_pos[:n]

    def global_vector(self, P):  # permutation-invariant, (d,) output
        return np.tanh(P @ self.W1 + self.b1).mean(-2) @ self.W2


def random_motion(kind: str, d: int, rng):
    R = haar_orthogonal(d, 1, rng=rng, special=kind in ("SO", "SE"))[0]
    t = rng.normal(size=d) * 3 if kind in ("E", "SE") else np.zeros(d)
    return R, t


@pytest.mark.parametrize("kind", GROUPS)
@pytest.mark.parametrize("d", [2, 3, 4])
def test_invariant_average_is_exactly_invariant_and_permutation_invariant(kind, d):
    rng = np.random.default_rng(10 + d)
    net = RandomNet(d, seed=d)
    X = rng.normal(size=(5, 11, d)) * [1.0 + i for i in range(d)]
    base = frame_average(net.invariant, X, f"{kind}({d})")
    for _ in range(3):
        R, t = random_motion(kind, d, rng)
        perm = rng.permutation(11)
        moved = (X @ R.T + t)[:, perm]
        assert np.abs(frame_average(net.invariant, moved, f"{kind}({d})") - base).max() < TOL
    # the backbone itself is far from invariant
    assert np.abs(net.invariant(X @ R.T + t) - net.invariant(X)).max() > 1e-3


@pytest.mark.parametrize("kind", GROUPS)
@pytest.mark.parametrize("d", [2, 3])
def test_equivariant_average_is_exactly_equivariant(kind, d):
    rng = np.random.default_rng(20 + d)
    net = RandomNet(d, seed=7)
    X = rng.normal(size=(4, 9, d)) * [2.0, 1.0, 0.5][:d]
    group = f"{kind}({d})"
    Y = frame_average(net.per_point, X, group, output="equivariant")
    V = frame_average(net.global_vector, X, group, output="equivariant", translate_output=False)
    for _ in range(3):
        R, t = random_motion(kind, d, rng)
        perm = rng.permutation(9)
        moved = (X @ R.T + t)[:, perm]
        assert np.abs(frame_average(net.per_point, moved, group, output="equivariant")
                      - (Y @ R.T + t)[:, perm]).max() < TOL
        assert np.abs(frame_average(net.global_vector, moved, group, output="equivariant",
                                    translate_output=False) - V @ R.T).max() < TOL


@settings(max_examples=25, deadline=None)
@given(kind=st.sampled_from(GROUPS), d=st.integers(2, 4), n=st.integers(5, 12),
       seed=st.integers(0, 2 ** 31))
def test_order_dependent_backbone_becomes_group_invariant(kind, d, n, seed):
    # frame averaging gives G-invariance (not S_n) even for an order-dependent backbone
    rng = np.random.default_rng(seed)
    net = RandomNet(d, seed=seed % 97)
    X = rng.normal(size=(n, d)) * np.linspace(2.0, 0.5, d)
    R, t = random_motion(kind, d, rng)
    a = frame_average(net.ordered, X, f"{kind}({d})")
    b = frame_average(net.ordered, X @ R.T + t, f"{kind}({d})")
    assert abs(a - b) < TOL * max(1.0, abs(a))


def test_frame_is_equivariant_as_a_set():
    # F(g.X) = g F(X): the canonicalised clouds g^-1 X agree as sets
    rng = np.random.default_rng(3)
    X = rng.normal(size=(8, 3)) * [3.0, 2.0, 1.0]
    R, t = random_motion("E", 3, rng)
    A = frames(X, "E(3)").canonicalize(X).reshape(8, -1)
    B = frames(X @ R.T + t, "E(3)").canonicalize(X @ R.T + t).reshape(8, -1)
    dist = np.linalg.norm(A[:, None] - B[None], axis=-1)
    assert np.all(dist.min(axis=1) < 1e-12) and sorted(dist.argmin(axis=1)) == list(range(8))


@pytest.mark.parametrize("kind,size", [("E", 8), ("O", 8), ("SE", 4), ("SO", 4)])
def test_frame_sizes_and_orthogonality(kind, size):
    X = np.random.default_rng(0).normal(size=(2, 6, 3))
    F = frames(X, f"{kind}(3)")
    assert isinstance(F, Frame) and F.size == size and F.matrices.shape == (2, size, 3, 3)
    M = F.matrices
    assert np.abs(M @ np.swapaxes(M, -1, -2) - np.eye(3)).max() < 1e-12
    det = np.linalg.det(M)
    assert np.allclose(det, 1.0) if kind.startswith("S") else (np.sum(det < 0) == 2 * size // 2)
    if kind in ("O", "SO"):
        assert np.all(F.translations == 0)
    else:
        assert np.allclose(F.translations, X.mean(-2))


def test_averaging_an_invariant_or_equivariant_map_returns_it():
    # an E(3)-invariant map (pairwise distances) and an equivariant one (identity on positions)
    # are fixed points of frame averaging: a check of the averaging formula itself
    X = np.random.default_rng(1).normal(size=(3, 7, 3))

    def dist_sum(P):
        return np.linalg.norm(P[..., :, None, :] - P[..., None, :, :], axis=-1).sum((-2, -1))

    assert np.allclose(frame_average(dist_sum, X, "E(3)"), dist_sum(X), atol=1e-12)
    assert np.allclose(frame_average(lambda P: P, X, "E(3)", output="equivariant"), X, atol=1e-12)
    centred = X - X.mean(-2, keepdims=True)
    assert np.allclose(frame_average(lambda P: P, X, "SO(3)", output="equivariant"), X, atol=1e-12)
    assert np.allclose(frame_average(lambda P: P, X, "SE(3)", output="equivariant",
                                     translate_output=False), centred, atol=1e-12)


def test_hand_computed_two_dimensional_frame():
    # rectangle-like cloud: axes e1 (lambda 8), e2 (lambda 2); frame = 4 sign choices
    X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]]) + [5.0, 5.0]
    t, lam, V = principal_axes(X)
    assert np.allclose(t, [5, 5]) and np.allclose(lam, [8, 2])
    assert np.allclose(np.abs(V), np.eye(2))
    # f = x0^2 + x0 + y2: canonical first point is (+-2, 0), third is (0, +-1)
    f = lambda P: P[..., 0, 0] ** 2 + P[..., 0, 0] + P[..., 2, 1]
    assert np.isclose(frame_average(f, X, "E(2)"), 4.0)


def test_unbatched_backbone_gives_the_same_result():
    X = np.random.default_rng(2).normal(size=(3, 6, 3))
    net = RandomNet(3, seed=1)
    a = frame_average(net.per_point, X, "E(3)", output="equivariant")
    b = frame_average(net.per_point, X, "E(3)", output="equivariant", batched=False)
    assert np.allclose(a, b, atol=1e-13)
    F = frames(X, "E(3)")
    assert np.allclose(frame_average(net.invariant, X, "E(3)", frame=F),
                       frame_average(net.invariant, X, "E(3)"))


# --- degenerate inputs: documented results, never silent NaN ------------------------------

@pytest.mark.parametrize("kind", GROUPS)
def test_collinear_points(kind):
    rng = np.random.default_rng(6)
    X = np.outer(rng.normal(size=6), [1.0, 2.0, 2.0]) + (0 if kind in ("O", "SO") else 1.0)
    net = RandomNet(3, seed=3)
    F = frames(X, f"{kind}(3)")
    assert int(F.null_dim) == 2
    Y = frame_average(net.per_point, X, f"{kind}(3)", output="equivariant")
    c = frame_average(net.invariant, X, f"{kind}(3)")
    assert np.all(np.isfinite(Y))
    for _ in range(3):
        R, t = random_motion(kind, 3, rng)
        Xm = X @ R.T + t
        assert abs(frame_average(net.invariant, Xm, f"{kind}(3)") - c) < TOL
        assert np.abs(frame_average(net.per_point, Xm, f"{kind}(3)", output="equivariant")
                      - (Y @ R.T + t)).max() < TOL
    # documented: no output component orthogonal to the line (rotations about it fix X)
    u = np.array([1.0, 2.0, 2.0]) / 3
    t0 = X.mean(0) if kind in ("E", "SE") else 0.0
    resid = (Y - t0) - np.outer((Y - t0) @ u, u)
    assert np.abs(resid).max() < 1e-12


@pytest.mark.parametrize("kind", GROUPS)
@pytest.mark.parametrize("n,d", [(2, 3), (3, 4), (2, 4), (1, 3), (2, 2)])
def test_fewer_points_than_dimensions(kind, n, d):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(n, d))
    net = RandomNet(d, seed=4)
    group = f"{kind}({d})"
    Y = frame_average(net.per_point, X, group, output="equivariant")
    c = frame_average(net.invariant, X, group)
    assert np.all(np.isfinite(Y))
    for _ in range(3):
        R, t = random_motion(kind, d, rng)
        assert np.abs(frame_average(net.per_point, X @ R.T + t, group, output="equivariant")
                      - (Y @ R.T + t)).max() < TOL
        assert abs(frame_average(net.invariant, X @ R.T + t, group) - c) < TOL
    if n == 1 and kind in ("E", "SE"):  # a single point: the only equivariant output is itself
        assert np.allclose(Y, X)


def test_identical_points_are_a_single_null_block():
    X = np.tile([[0.3, -1.7, 2.2]], (5, 1))
    F = frames(X, "E(3)")
    assert int(F.null_dim) == 3 and np.all(F.matrices == 0)
    assert np.allclose(frame_average(lambda P: P, X, "E(3)", output="equivariant"), X)


def test_isotropic_cloud_raises_or_samples():
    tetra = np.array([[1.0, 1.0, 1.0], [1.0, -1.0, -1.0], [-1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]])
    with pytest.raises(ValueError, match="degenerate covariance spectrum"):
        frames(tetra, "E(3)")
    net = RandomNet(3, seed=5)
    batch = np.stack([tetra, np.random.default_rng(0).normal(size=(4, 3))])
    F = frames(batch, "SE(3)", degenerate="sample", n_samples=8, rng=0)
    assert F.size == 4 * 8
    assert np.allclose(np.linalg.det(F.matrices), 1.0)
    out = frame_average(net.invariant, batch, "SE(3)", degenerate="sample", n_samples=8, rng=0)
    assert np.all(np.isfinite(out))
    # the non-degenerate cloud in the same batch is still exactly averaged
    assert abs(out[1] - frame_average(net.invariant, batch[1], "SE(3)")) < 1e-12


def test_sampled_frame_converges_to_the_invariant_average():
    # for a square in the plane the exact frame average is an O(2)-average of the backbone;
    # the Monte Carlo frame's invariance error shrinks as n_samples grows
    sq = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])
    net = RandomNet(3, seed=6)
    rng = np.random.default_rng(8)
    moved = [sq @ random_motion("E", 3, rng)[0].T for _ in range(6)]
    spread = {}
    for ns in (2, 512):
        vals = [frame_average(net.ordered, m, "E(3)", degenerate="sample", n_samples=ns, rng=i)
                for i, m in enumerate(moved)]
        spread[ns] = np.std(vals)
    assert spread[512] < spread[2] / 4


def test_bad_inputs():
    X = np.random.default_rng(0).normal(size=(5, 3))
    with pytest.raises(ValueError, match="group"):
        frames(X, "GL(3)")
    with pytest.raises(ValueError, match="dimension 3"):
        frames(X, "E(2)")
    with pytest.raises(ValueError, match="shape"):
        frames(np.zeros(3), "E(3)")
    with pytest.raises(ValueError, match="NaN"):
        frames(np.full((4, 3), np.nan), "E(3)")
    with pytest.raises(ValueError, match="degenerate="):
        frames(X, "E(3)", degenerate="skip")
    with pytest.raises(ValueError, match="output"):
        frame_average(lambda P: P, X, "E(3)", output="covariant")
    with pytest.raises(ValueError, match="equivariant output"):
        frame_average(lambda P: P[..., :2], X, "E(3)", output="equivariant")
    with pytest.raises(TypeError, match="callable"):
        frame_average("backbone", X, "E(3)")
    assert frames(X, "E(n)").group == "E(3)"
    with pytest.raises(ValueError, match="at least one coordinate"):
        frames(np.zeros((5, 0)), "E(n)")


def test_torch_backbone_matches_numpy_and_is_differentiable():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    net = RandomNet(3, seed=8)
    X = rng.normal(size=(2, 7, 3))
    W1, b1, W2 = (torch.tensor(a) for a in (net.W1, net.b1, net.W2))

    def torch_net(P):
        h = torch.tanh(P @ W1 + b1)
        return h @ W2 + h.mean(-2, keepdim=True) @ W2

    Xt = torch.tensor(X, requires_grad=True)
    Yt = frame_average(torch_net, Xt, "E(3)", output="equivariant")
    assert isinstance(Yt, torch.Tensor) and Yt.dtype == torch.float64
    ref = frame_average(net.per_point, X, "E(3)", output="equivariant")
    assert np.allclose(Yt.detach().numpy(), ref, atol=1e-12)
    Yt.pow(2).sum().backward()
    assert Xt.grad is not None and torch.isfinite(Xt.grad).all()
    R, t = random_motion("SE", 3, rng)
    Xm = torch.tensor(X @ R.T + t)
    moved = frame_average(torch_net, Xm, "SE(3)", output="equivariant").numpy()
    base = frame_average(torch_net, torch.tensor(X), "SE(3)", output="equivariant").numpy()
    assert np.abs(moved - (base @ R.T + t)).max() < TOL


@pytest.mark.parametrize("s", [1e-200, 1e-150, 1e150, 1e200])
def test_frames_are_scale_invariant_without_overflow_or_underflow(s):
    """The PCA frame of s X equals that of X (closed form: C(sX) = s^2 C(X)); the covariance
    of such clouds under- or overflows the float range, which must not matter."""
    X = np.random.default_rng(0).normal(size=(7, 3))
    F, Fs = frames(X, "E(3)"), frames(s * X + 2 * s, "E(3)")
    assert np.allclose(Fs.matrices, F.matrices, atol=1e-12)
    assert np.all(Fs.null_dim == 0)
    assert np.allclose(Fs.translations / s, F.translations + 2, atol=1e-12)
