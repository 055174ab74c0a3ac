"""symphys.nn.spherical_harmonics: against e3nn and the numpy harmonics; gradients."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from symphys.angular import spherical_harmonics_xyz  # noqa: E402
from symphys.nn import spherical_harmonics  # noqa: E402


def _vectors(n=64, seed=0):
    return torch.from_numpy(np.random.default_rng(seed).normal(size=(n, 3)) * 1.7)


@pytest.mark.parametrize("normalization", ["integral", "component", "norm"])
@pytest.mark.parametrize("normalize", [True, False])
def test_equals_e3nn(normalization, normalize):
    o3 = pytest.importorskip("e3nn.o3")
    v = _vectors()
    ours = spherical_harmonics(8, v, basis="e3nn", normalization=normalization,
                               normalize=normalize)
    theirs = o3.spherical_harmonics(list(range(9)), v, normalize, normalization=normalization)
    torch.testing.assert_close(ours, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("basis", ["real", "e3nn"])
def test_equals_numpy_harmonics_to_l_20(basis):
    v = _vectors(30, 1)
    ours = spherical_harmonics(20, v, basis=basis).numpy()
    ref = spherical_harmonics_xyz(20, v.numpy(), basis=basis)
    assert np.abs(ours - ref).max() < 1e-13 * np.abs(ref).max() * 10


def test_real_basis_l1_is_y_z_x():
    v = torch.tensor([[0.3, -0.4, 0.5]], dtype=torch.float64)
    y = spherical_harmonics(1, v, basis="real", normalization="component", normalize=False)
    torch.testing.assert_close(y[0, 1:] / 3**0.5, v[0, [1, 2, 0]])


def test_gradients_finite_at_poles_and_checked():
    v = torch.tensor([[0.0, 0.0, 1.3], [0.0, 0.0, -0.7], [0.3, -0.2, 0.9]], dtype=torch.float64,
                     requires_grad=True)
    f = lambda x: spherical_harmonics(6, x, basis="e3nn")  # noqa: E731
    (g,) = torch.autograd.grad(f(v).sum(), v)
    assert torch.isfinite(g).all()
    assert torch.autograd.gradcheck(f, (v,))
    assert torch.autograd.gradgradcheck(f, (v,))


def test_half_precision_in_float32():
    v = _vectors(5).float()
    out = spherical_harmonics(3, v.half(), basis="e3nn")
    assert out.dtype == torch.float16
    torch.testing.assert_close(out, spherical_harmonics(3, v.half().float(), basis="e3nn").half())


def test_bad_input():
    v = _vectors(2)
    with pytest.raises(ValueError, match="basis"):
        spherical_harmonics(2, v, basis="complex")
    with pytest.raises(ValueError, match="normalization"):
        spherical_harmonics(2, v, basis="e3nn", normalization="unit")
    with pytest.raises(ValueError, match="lmax"):
        spherical_harmonics(65, v, basis="e3nn")
    with pytest.raises(ValueError, match="shape"):
        spherical_harmonics(2, v[:, :2], basis="e3nn")
    with pytest.raises(TypeError, match="floating"):
        spherical_harmonics(2, v.long(), basis="e3nn")
