"""symphys.jax: the tensor product and harmonics under jit/grad/jvp/hessian, against finite
differences, the torch layer with the same weights, and e3nn's harmonics."""

import numpy as np
import pytest

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")

from symphys.jax import TensorProduct, spherical_harmonics  # noqa: E402


@pytest.fixture(autouse=True)
def _x64():
    old = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", old)


IR1, IR2, IRO = "1x1o+1x0e", "1x1o+1x2e", "1x0e+1x1e+1x2e+1x1o+1x3o"


def _xy(seed=0):
    g = np.random.default_rng(seed)
    return g.normal(size=(2, 4)), g.normal(size=(2, 8))


@pytest.mark.parametrize("engine", ["cg", "gaunt+vsh"])
def test_equals_dense_exact_product(engine):
    from tests.nn.test_tensor_product import dense_reference

    tp = TensorProduct(IR1, IR2, IRO, engine=engine)
    w = np.asarray(tp.init_weights(rng=0))
    x, y = _xy()
    got = np.asarray(jax.jit(tp)(x, y, w))
    ref = dense_reference(IR1, IR2, IRO, tp.instructions, "uvw", w, x, y)
    assert np.abs(got - ref).max() <= 1e-12 * np.abs(ref).max()


def test_equals_torch_layer():
    torch = pytest.importorskip("torch")
    from symphys.nn import TensorProduct as TorchTP

    tt = TorchTP(IR1, IR2, IRO, rng=3, dtype=torch.float64)
    tj = TensorProduct(IR1, IR2, IRO)
    x, y = _xy(1)
    w = tt.weight.detach().numpy()
    np.testing.assert_allclose(np.asarray(tj(x, y, w)),
                               tt(torch.from_numpy(x), torch.from_numpy(y)).detach().numpy(),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("engine", ["cg", pytest.param("gaunt+vsh", marks=pytest.mark.slow)])
def test_grad_jvp_hessian_agree_with_finite_differences(engine):
    tp = TensorProduct(IR1, IR2, IRO, engine=engine)
    w = tp.init_weights(rng=0)
    x, y = (jnp.asarray(a[:1]) for a in _xy())
    s = jax.jit(lambda a: jnp.sum(jnp.sin(tp(a, y, w))))
    g = jax.jit(jax.grad(s))(x)
    h = 1e-6
    eye = np.eye(x.size).reshape(x.size, *x.shape)
    fd = np.array([(s(x + h * e) - s(x - h * e)) / (2 * h) for e in eye]).reshape(x.shape)
    np.testing.assert_allclose(np.asarray(g), fd, rtol=1e-7, atol=1e-8)
    v = jnp.asarray(np.random.default_rng(2).normal(size=x.shape))
    f = jax.jit(lambda a: tp(a, y, w))
    _, tangent = jax.jit(lambda a, t: jax.jvp(f, (a,), (t,)))(x, v)
    fdt = (f(x + h * v) - f(x - h * v)) / (2 * h)
    np.testing.assert_allclose(np.asarray(tangent), np.asarray(fdt), rtol=1e-7, atol=1e-8)
    H = jax.jit(jax.hessian(s))(x).reshape(x.size, x.size)
    gr = jax.jit(jax.grad(s))
    fdH = np.array([(gr(x + h * e) - gr(x - h * e)).ravel() / (2 * h) for e in eye])
    np.testing.assert_allclose(np.asarray(H), fdH, rtol=1e-6, atol=1e-7)


def test_weight_gradient_and_vmap():
    tp = TensorProduct(IR1, IR2, IRO, engine="auto")
    w = tp.init_weights(rng=1)
    x, y = (jnp.asarray(a) for a in _xy())
    loss = jax.jit(lambda ww: jnp.sum(tp(x, y, ww) ** 2))
    gw = jax.jit(jax.grad(loss))(w)
    h = 1e-6
    e = jnp.zeros_like(w).at[0].set(1.0)
    np.testing.assert_allclose(float(gw[0]), float((loss(w + h * e) - loss(w - h * e)) / (2 * h)),
                               rtol=1e-7)
    batched = jax.jit(jax.vmap(lambda a, b: tp(a, b, w)))(x, y)
    np.testing.assert_allclose(np.asarray(batched), np.asarray(tp(x, y, w)), rtol=1e-12)


def test_float32_and_half():
    jax.config.update("jax_enable_x64", False)
    tp = TensorProduct(IR1, IR2, IRO)
    w = tp.init_weights(rng=0)
    x, y = _xy()
    out = tp(x.astype(np.float32), y.astype(np.float32), w)
    assert out.dtype == jnp.float32
    half = tp(jnp.asarray(x, jnp.float16), jnp.asarray(y, jnp.float16), w)
    assert half.dtype == jnp.float16


@pytest.mark.parametrize("normalization", ["integral", "component", "norm"])
def test_harmonics_equal_e3nn_and_have_derivatives(normalization):
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    v = np.random.default_rng(0).normal(size=(20, 3))
    ours = np.asarray(spherical_harmonics(6, v, basis="e3nn", normalization=normalization))
    theirs = o3.spherical_harmonics(list(range(7)), torch.from_numpy(v), True,
                                    normalization=normalization).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    f = jax.jit(lambda a: jnp.sum(spherical_harmonics(4, a, basis="e3nn") ** 3))
    p = jnp.asarray(v[0])
    g = jax.jit(jax.grad(f))(p)
    h = 1e-6
    fd = np.array([(f(p + h * e) - f(p - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(np.asarray(g), fd, rtol=1e-6, atol=1e-8)


def test_bad_input():
    with pytest.raises(ValueError, match="engine"):
        TensorProduct("1x0e", "1x0e", "1x0e", engine="x")
    with pytest.raises(ValueError, match="gaunt\\+vsh"):
        TensorProduct("1x1o", "1x1o", "1x1e", engine="gaunt")
    tp = TensorProduct("1x0e", "1x1o", "1x1o")
    with pytest.raises(ValueError, match="last axis"):
        tp(np.zeros(2), np.zeros(3), np.zeros(1))
    with pytest.raises(TypeError, match="rng"):
        tp.init_weights(rng="a")
    with pytest.raises(ValueError, match="basis"):
        spherical_harmonics(2, np.zeros(3), basis="complex")
