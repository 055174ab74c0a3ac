"""Gaunt tensor product: FFT in the 2D Fourier basis against a sparse contraction with exact
Gaunt coefficients, a dense per-path loop (e3nn-style), and e3nn's FullTensorProduct.

32 channels, real basis, both inputs of degree L, output degree 2L. Each case first checks that
the two paths agree (relative difference printed in the case name). The L = 16 target case runs
once per FFT library the numpy kernel can use here (ducc0 when the ``fast`` extra is installed,
scipy.fftpack always). Building the sparse Gaunt
matrix for L = 24 takes about half a minute (untimed).
"""

import numpy as np
from run import Case

import symphys.angular._fft as fft_lib
from symphys.angular import gaunt_block, gaunt_tensor_product

CHANNELS = 32


def _inputs(lmax, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(CHANNELS, (lmax + 1) ** 2)),
            rng.normal(size=(CHANNELS, (lmax + 1) ** 2)))


def _dense_loop(lmax):
    """Per-path dense contraction out[:, l3] += einsum(x[:, l1], y[:, l2], G(l1, l2, l3))."""
    paths = [(a, b, c, np.asarray(gaunt_block(a, b, c, basis="real", exact=False)))
             for a in range(lmax + 1) for b in range(lmax + 1)
             for c in range(abs(a - b), a + b + 1, 2)]

    def run(x, y):
        out = np.zeros((x.shape[0], (2 * lmax + 1) ** 2))
        for a, b, c, g in paths:
            out[:, c * c:(c + 1) ** 2] += np.einsum(
                "ci,cj,ijk->ck", x[:, a * a:(a + 1) ** 2], y[:, b * b:(b + 1) ** 2], g,
                optimize=True)
        return out

    return run


def _rel(a, b):
    return float(np.abs(a - b).max() / np.abs(b).max())


def _backends():
    """The FFT libraries the numpy kernel can use here (ducc0: the optional ``fast`` extra)."""
    try:
        import ducc0  # noqa: F401
    except ImportError:
        return ["scipy"]
    return ["ducc0", "scipy"]


def _with_backend(name, fn):
    def run():
        old, fft_lib.FFT_BACKEND = fft_lib.FFT_BACKEND, name
        try:
            return fn()
        finally:
            fft_lib.FFT_BACKEND = old

    return run


def _framework_cases(x, y):
    """The PyTorch module and the JAX function (CPU, one thread) where installed."""
    try:
        import torch

        from symphys.tables.torch_module import GauntTensorProduct
    except ImportError:
        pass
    else:
        torch.set_num_threads(1)
        module = GauntTensorProduct(16, 16, basis="real")
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)

        def run_torch():
            with torch.no_grad():
                return module(xt, yt)

        yield Case("L=16 torch GauntTensorProduct (CPU) vs sparse exact Gaunt", run_torch,
                   peer_name="sparse exact Gaunt",
                   peer=lambda: gaunt_tensor_product(x, y, method="direct", basis="real"))
    try:
        import jax

        from symphys.tables.jax_function import gaunt_tensor_product_jax
    except ImportError:
        return
    jax.config.update("jax_enable_x64", True)  # float64, as the other cases
    f = gaunt_tensor_product_jax(16, 16, basis="real")
    xj, yj = jax.numpy.asarray(x), jax.numpy.asarray(y)
    f(xj, yj).block_until_ready()
    yield Case("L=16 jax function (jit, CPU) vs sparse exact Gaunt",
               lambda: f(xj, yj).block_until_ready(),
               peer_name="sparse exact Gaunt",
               peer=lambda: gaunt_tensor_product(x, y, method="direct", basis="real"))


def cases():
    x, y = _inputs(16)
    direct = gaunt_tensor_product(x, y, method="direct", basis="real")
    for backend in _backends():
        ours = _with_backend(backend, lambda: gaunt_tensor_product(x, y, basis="real"))
        fft = ours()
        yield Case(
            f"L=16 fft[{backend}] vs sparse exact Gaunt (rel diff {_rel(fft, direct):.1e})",
            ours,
            peer_name="sparse exact Gaunt",
            peer=lambda: gaunt_tensor_product(x, y, method="direct", basis="real"),
            repeat=50,
            target=">= 50x, <= 1e-12 rel",
        )
    yield from _framework_cases(x, y)
    loop = _dense_loop(16)
    yield Case(
        f"L=16 fft vs dense per-path loop (rel diff {_rel(fft, loop(x, y)):.1e})",
        lambda: gaunt_tensor_product(x, y, basis="real"),
        peer_name="dense per-path loop",
        peer=lambda: loop(x, y),
        repeat=2,
        target=">= 200x, <= 1e-12 rel",
    )
    try:
        import torch
        from e3nn import o3
    except ImportError:
        pass
    else:
        torch.set_num_threads(1)
        lmax = 8
        irreps = o3.Irreps("+".join(f"1x{l}{'eo'[l % 2]}" for l in range(lmax + 1)))
        tp = o3.FullTensorProduct(irreps, irreps).to(torch.float64)
        x8, y8 = _inputs(lmax)
        xt, yt = torch.from_numpy(x8), torch.from_numpy(y8)
        gaunt_tensor_product(x8, y8, basis="real")

        def e3nn_full():
            with torch.no_grad():
                return tp(xt, yt)

        yield Case(
            "L=8 fft vs e3nn FullTensorProduct (all paths, float64)",
            lambda: gaunt_tensor_product(x8, y8, basis="real"),
            peer_name="e3nn FullTensorProduct",
            peer=e3nn_full,
            target="(the O(L^6) full CG product the Fourier method replaces)",
        )
    for lmax in (2, 4, 8, 12, 24, 32):
        xs, ys = _inputs(lmax)
        gaunt_tensor_product(xs, ys, basis="real")
        if lmax <= 24:
            gaunt_tensor_product(xs, ys, method="direct", basis="real")
            yield Case(f"scaling L={lmax} fft vs sparse exact Gaunt",
                       lambda xs=xs, ys=ys: gaunt_tensor_product(xs, ys, basis="real"),
                       peer_name="sparse exact Gaunt",
                       peer=lambda xs=xs, ys=ys: gaunt_tensor_product(xs, ys, method="direct",
                                                                       basis="real"))
        else:
            yield Case(f"scaling L={lmax} fft",
                       lambda xs=xs, ys=ys: gaunt_tensor_product(xs, ys, basis="real"))
