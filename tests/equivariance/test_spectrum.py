"""Issue 14: the equivariance tools are float32- and gradient-safe.

References: exact symmetric shapes (their covariance is isotropic, so no PCA frame exists), the
closed form of a frame-averaged two-point function, finite differences, and translation
invariance (the same cloud moved far away).
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

import symphys.equivariance as E
from symphys.equivariance import _spectrum, frames, invariant_coordinates

TETRAHEDRON = np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], float)
CUBE = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)], float)
SQUARE = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0]], float)
OCTAHEDRON = np.vstack([np.eye(3), -np.eye(3)])


def _placed(shape, seed, dtype):
    R = Rotation.random(random_state=seed).as_matrix()
    return (shape @ R.T + [0.3, -1.2, 0.7]).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name, shape", [("tetrahedron", TETRAHEDRON), ("cube", CUBE),
                                         ("square", SQUARE), ("octahedron", OCTAHEDRON)])
@pytest.mark.parametrize("seed", range(5))
def test_isotropic_shapes_are_refused_in_both_precisions(name, shape, dtype, seed):
    """Their covariance has a repeated eigenvalue: no finite PCA frame. With rtol=1e-8 float32
    rounding (relative 1e-7) split the tie and an arbitrary frame came back (12% spread)."""
    x = _placed(shape, seed, dtype)
    with pytest.raises(ValueError, match="degenerate covariance spectrum"):
        frames(x, "E(3)")
    with pytest.raises(ValueError, match="repeated variance"):
        invariant_coordinates(x)


def test_the_old_fixed_tolerance_let_float32_ties_through():
    """The check above can fail: a float64-sized tolerance accepts a float32 tetrahedron for
    some orientation (the rounding splits the tie), which is what the dtype default prevents."""
    accepted = 0
    for seed in range(20):
        try:
            frames(_placed(TETRAHEDRON, seed, np.float32), "E(3)", rtol=1e-8)
            accepted += 1
        except ValueError:
            pass
    assert accepted > 0


def test_default_rtol_is_sqrt_eps_of_the_dtype():
    assert _spectrum.default_rtol(np.float64) == pytest.approx(np.finfo(np.float64).eps ** 0.5)
    assert _spectrum.default_rtol(np.float32) == pytest.approx(np.finfo(np.float32).eps ** 0.5)
    torch = pytest.importorskip("torch")
    assert _spectrum.default_rtol(torch.float32) == pytest.approx(2.0 ** -11.5)
    assert _spectrum.default_rtol(torch.bfloat16) == pytest.approx(2.0 ** -3.5)


def test_float32_generic_clouds_agree_with_float64():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(16, 7, 3))
    f = lambda P: P[..., 0, 0] ** 2 + 2 * P[..., 0, 1] ** 2 + 3 * P[..., 0, 2] ** 2 \
        + P[..., 1, 0] ** 3
    a64 = E.frame_average(f, x, "E(3)")
    a32 = E.frame_average(f, x.astype(np.float32), "E(3)")
    assert a32.dtype == np.float32
    assert np.allclose(a32, a64, rtol=2e-4, atol=2e-4)
    y64 = invariant_coordinates(x)
    y32 = invariant_coordinates(x.astype(np.float32))
    assert np.allclose(y32, y64, atol=2e-4)


# ------------------------------------------------------------------ translation invariance
@pytest.mark.parametrize("offset", [0.0, 1e4, 1e8, 1e9])
def test_null_dimension_is_translation_invariant(offset):
    """The floor is relative to the centred cloud: moving a unit-size cloud by 1e8 changed
    ``null_dim`` from 0 to 2-3 (the floor grew with the coordinates, not with their noise)."""
    rng = np.random.default_rng(0)
    for n in (3, 4, 6, 20):
        x = rng.normal(size=(n, 3))
        expected = max(3 - (n - 1), 0)  # n points span n-1 dimensions
        assert int(frames(x + offset, "E(3)").null_dim) == expected, (n, offset)
    tilt = Rotation.random(random_state=1).as_matrix()
    plane = rng.normal(size=(10, 3)) * [1.0, 1.0, 0.0] @ tilt.T
    assert int(frames(plane + offset, "E(3)").null_dim) == 1
    same = np.tile(rng.normal(size=(1, 3)) * 3.1 + offset, (7, 1))
    assert int(frames(same, "E(3)").null_dim) == 3


def test_invariant_output_unchanged_by_a_far_translation():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(9, 3))
    f = lambda P: (P[..., :3, :] ** 2).sum((-1, -2)) + P[..., 0, 0] * P[..., 1, 1]
    a = E.frame_average(f, x, "E(3)")
    b = E.frame_average(f, x + 1e8, "E(3)")
    # centring x + 1e8 costs eps * 1e8 ~ 1.5e-8 per coordinate
    assert abs(a - b) < 1e-6 * abs(a)


# ------------------------------------------------------------------ gradients at ties
def _two_point_closed_form(x):
    """E(3)-averaged f = sum of fourth powers of the canonical coordinates, for two points:
    the canonical cloud is (+-|d|/2, 0, 0), so <f> = 2 (|d|/2)^4 = |d|^4 / 8, and
    d<f>/dx2 = |d|^2 d / 2 = -d<f>/dx1 (d = x2 - x1)."""
    d = x[1] - x[0]
    g = np.dot(d, d) * d / 2
    return np.dot(d, d) ** 2 / 8, np.stack([-g, g])


def _f4(P):
    return (P ** 4).sum((-1, -2))


@pytest.mark.parametrize("x0", [[[0, 0, 0], [0, 0, 1.1]], [[0.3, -1, 2], [1.5, 0.2, -0.4]]])
def test_torch_gradient_finite_where_null_eigenvalues_tie(x0):
    """Two points: the two null eigenvalues of the centred covariance tie (0 = 0). Torch's own
    eigh derivative gave NaN for every entry (0 * inf); ours is the closed form."""
    torch = pytest.importorskip("torch")
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    out = E.frame_average(_f4, x, "E(3)")
    (grad,) = torch.autograd.grad(out, x)
    value, expected = _two_point_closed_form(np.array(x0))
    assert float(out.detach()) == pytest.approx(value, rel=1e-12)
    assert torch.isfinite(grad).all()
    assert np.allclose(grad.numpy(), expected, rtol=1e-10, atol=1e-12)


def test_torch_gradient_of_a_collinear_cloud_matches_finite_differences():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    direction = rng.normal(size=3)
    x = np.outer([0.0, 0.4, 1.3, 2.0], direction) + [1.0, 2.0, -1.0]
    xt = torch.tensor(x, requires_grad=True)
    f = lambda P: (P ** 4).sum((-1, -2)) + (P[..., 0] ** 2 * P[..., 1] ** 2).sum(-1)
    (grad,) = torch.autograd.grad(E.frame_average(f, xt, "E(3)"), xt)
    assert torch.isfinite(grad).all()
    h = 1e-6
    # directional derivatives along motions that keep the cloud collinear (slide a point along
    # the line); off the line the cloud leaves the collinear stratum
    for i in range(4):
        e = np.zeros_like(x)
        e[i] = direction * h
        num = (float(E.frame_average(f, torch.tensor(x + e), "E(3)"))
               - float(E.frame_average(f, torch.tensor(x - e), "E(3)"))) / (2 * h)
        assert float((grad * torch.tensor(e / h)).sum()) == pytest.approx(num, rel=1e-6, abs=1e-8)


def test_torch_gradcheck_on_generic_clouds():
    torch = pytest.importorskip("torch")
    x = torch.tensor(np.random.default_rng(4).normal(size=(5, 3)), requires_grad=True)
    f = lambda P: (P[..., 0, :] ** 2 * torch.tensor([1.0, 2.0, 3.0], dtype=P.dtype)).sum(-1)
    assert torch.autograd.gradcheck(lambda X: E.frame_average(f, X, "E(3)"), (x,))
    assert torch.autograd.gradcheck(lambda X: invariant_coordinates(X), (x,))


def test_jax_gradient_finite_where_null_eigenvalues_tie():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    x0 = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 1.1]])
    fa = lambda X: E.frame_average(_f4, X, "E(3)", degenerate="ignore")
    with jax.enable_x64(True):  # float64 for this test only (the flag is process-wide)
        grad = np.asarray(jax.grad(fa)(jnp.asarray(x0)))
        grad_jit = np.asarray(jax.jit(jax.grad(fa))(jnp.asarray(x0)))
    assert np.allclose(grad, _two_point_closed_form(x0)[1], rtol=1e-10, atol=1e-12)
    assert np.allclose(grad_jit, grad, rtol=1e-12, atol=1e-14)


def test_empty_batch_is_a_clear_error():
    for call in (lambda x: frames(x, "E(3)"), invariant_coordinates, E.principal_axes,
                 lambda x: E.frame_average(_f4, x, "E(3)")):
        with pytest.raises(ValueError, match="empty batch"):
            call(np.zeros((0, 5, 3)))


def test_the_spectrum_is_classified_in_one_place():
    """frames and invariant_coordinates call the one classifier; neither diagonalises itself."""
    for mod in (E.frames, E.invariant_coordinates):
        src = inspect.getsource(inspect.getmodule(mod))
        assert "linalg.eigh" not in src and "_spectrum import" in src
