"""The JAX Gaunt tensor product against the numpy path, with gradients."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.angular import gaunt_tensor_product

jax = pytest.importorskip("jax")
import jax.numpy as jnp  # noqa: E402

from symphys.tables.jax_function import gaunt_tensor_product_jax  # noqa: E402


@pytest.fixture(autouse=True, scope="module")
def _float64():
    """float64 for this module only: jax_enable_x64 is process-wide, so restore it after."""
    old = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", old)


@pytest.mark.parametrize("l1,l2,lout", [(0, 0, 0), (2, 3, 5), (4, 4, 3)])
def test_matches_numpy_path(l1, l2, lout, rng):
    x, y = rng.normal(size=(3, 4, (l1 + 1) ** 2)), rng.normal(size=(4, (l2 + 1) ** 2))
    out = np.asarray(gaunt_tensor_product_jax(l1, l2, basis="real", lmax_out=lout)(x, y))
    assert out.shape == (3, 4, (lout + 1) ** 2)
    assert np.abs(out - gaunt_tensor_product(x, y, lmax_out=lout, basis="real")).max() < 1e-13


def test_grad_and_vmap_match_the_numpy_path(rng):
    f = gaunt_tensor_product_jax(3, 2, basis="real")
    x, y, w = rng.normal(size=16), rng.normal(size=9), rng.normal(size=36)
    gx = np.asarray(jax.grad(lambda a: jnp.sum(w * f(a, y)))(jnp.asarray(x)))
    h = 1e-3
    for i in (0, 7, 15):
        e = np.zeros(16)
        e[i] = h
        fd = (np.sum(w * gaunt_tensor_product(x + e, y, basis="real"))
              - np.sum(w * gaunt_tensor_product(x - e, y, basis="real"))) / (2 * h)
        assert abs(gx[i] - fd) < 1e-9
    xs = rng.normal(size=(5, 16))
    mapped = np.asarray(jax.vmap(lambda a: f(a, y))(xs))
    assert np.abs(mapped - gaunt_tensor_product(xs, y, basis="real")).max() < 1e-13


def test_wrong_input_size():
    with pytest.raises(ValueError, match="last axes 9, 9"):
        gaunt_tensor_product_jax(2, 2, basis="real")(np.zeros(4), np.zeros(9))


def test_from_exported_tables(tmp_path, rng):
    from symphys.tables import TableError, generate

    y_path = generate("sh_to_fourier", 4, basis="real", progress=False).save(tmp_path / "y.npz")
    z_path = generate("fourier_to_sh", 5, basis="real", umax=7, layout="coo", progress=False).save(
        tmp_path / "z.safetensors")
    f = gaunt_tensor_product_jax(4, 3, basis="real", lmax_out=5, sh_to_fourier=y_path,
                                 fourier_to_sh=z_path)
    x, y = rng.normal(size=(2, 25)), rng.normal(size=(2, 16))
    ref = gaunt_tensor_product(x, y, lmax_out=5, basis="real")
    assert np.abs(np.asarray(f(x, y)) - ref).max() < 1e-13
    with pytest.raises(TableError, match="kind"):
        gaunt_tensor_product_jax(2, 2, basis="real", sh_to_fourier=z_path)
