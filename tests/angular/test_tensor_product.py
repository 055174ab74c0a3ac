"""Gaunt tensor product: FFT path against pointwise products (scipy), exact Gaunt coefficients
(symphys.angular and sympy), the change of basis, and rotations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

import symphys.angular._fft as fft_lib
import symphys.angular._gaunt_kernel as kernel_lib
from symphys.angular.tensor_product import gaunt_tensor_product
from tests.angular.test_fourier import scipy_harmonics

PAIRS = [(0, 0), (1, 2), (3, 3), (5, 2), (2, 7), (8, 8)]


@pytest.fixture(params=["ducc0", "scipy", "scipy-public"])
def fft_backend(request, monkeypatch):
    """Run a test with each FFT path of the numpy kernel: ducc0 (the optional ``fast`` extra:
    skipped where it is not installed), scipy's pocketfft with an output argument, and the
    public scipy.fftpack it falls back to."""
    if request.param == "ducc0":
        pytest.importorskip("ducc0")
    if request.param == "scipy-public":
        monkeypatch.setattr(fft_lib, "pocketfft_r2r", lambda: None)
    monkeypatch.setattr(fft_lib, "FFT_BACKEND", request.param.split("-")[0])
    return request.param


def random_coefficients(rng, shape, basis):
    x = rng.normal(size=shape)
    return x + 1j * rng.normal(size=shape) if basis == "complex" else x


def relative(a, b):
    return np.abs(a - b).max() / np.abs(b).max()


@pytest.mark.parametrize("basis", ["real", "complex"])
@pytest.mark.parametrize("l1,l2", PAIRS)
def test_product_of_functions_at_random_points(basis, l1, l2, rng, fft_backend):
    theta, phi = np.arccos(rng.uniform(-1, 1, 50)), rng.uniform(0, 2 * np.pi, 50)
    x = random_coefficients(rng, (3, (l1 + 1) ** 2), basis)
    y = random_coefficients(rng, (3, (l2 + 1) ** 2), basis)
    out = gaunt_tensor_product(x, y, basis=basis)
    assert out.shape == (3, (l1 + l2 + 1) ** 2)
    assert out.dtype == (np.float64 if basis == "real" else np.complex128)
    f1 = x @ scipy_harmonics(l1, theta, phi, basis).T
    f2 = y @ scipy_harmonics(l2, theta, phi, basis).T
    fo = out @ scipy_harmonics(l1 + l2, theta, phi, basis).T
    assert relative(fo, f1 * f2) < 1e-13


@pytest.mark.parametrize("basis", ["real", "complex"])
@pytest.mark.parametrize("l1,l2", [(1, 2), (4, 4), (6, 3), (10, 7)])
def test_fft_equals_direct_exact_gaunt(basis, l1, l2, rng, fft_backend):
    x = random_coefficients(rng, (4, (l1 + 1) ** 2), basis)
    y = random_coefficients(rng, (4, (l2 + 1) ** 2), basis)
    for lout in (l1 + l2, max(l1 + l2 - 3, 0)):
        fft = gaunt_tensor_product(x, y, basis=basis, lmax_out=lout)
        direct = gaunt_tensor_product(x, y, basis=basis, lmax_out=lout, method="direct")
        assert relative(fft, direct) < 1e-10


def test_fft_equals_sympy_gaunt_coefficients(rng):
    """out_{l3,m3} = sum x y int Y Y conj(Y) = sum x y (-1)^m3 gaunt(l1, l2, l3, m1, m2, -m3)."""
    from sympy.physics.wigner import gaunt

    l1, l2 = 2, 1
    x = random_coefficients(rng, (l1 + 1) ** 2, "complex")
    y = random_coefficients(rng, (l2 + 1) ** 2, "complex")
    ref = np.zeros((l1 + l2 + 1) ** 2, dtype=complex)
    for a in range(l1 + 1):
        for b in range(l2 + 1):
            for c in range(l1 + l2 + 1):
                for ma in range(-a, a + 1):
                    for mb in range(-b, b + 1):
                        mc = ma + mb
                        if abs(mc) > c:
                            continue
                        g = float(gaunt(a, b, c, ma, mb, -mc)) * (-1) ** mc
                        ref[c * (c + 1) + mc] += g * x[a * (a + 1) + ma] * y[b * (b + 1) + mb]
    assert relative(gaunt_tensor_product(x, y, basis="complex"), ref) < 1e-13


def c2r(lmax):
    """Block-diagonal complex->real matrix over all l <= lmax, from symphys.angular."""
    from scipy.linalg import block_diag

    from symphys.angular import complex_to_real

    return block_diag(*[np.asarray(complex_to_real(l), dtype=complex) for l in range(lmax + 1)])


def test_real_and_complex_bases_agree_under_complex_to_real(rng):
    l1, l2 = 4, 3
    x, y = rng.normal(size=(2, (l1 + 1) ** 2)), rng.normal(size=(2, (l2 + 1) ** 2))
    c1, c2, c3 = c2r(l1), c2r(l2), c2r(l1 + l2)
    # f = sum x_r S = sum (C^T x_r) Y;  <S, g> = conj(C) <Y, g>
    out_c = gaunt_tensor_product(x @ c1, y @ c2, basis="complex")
    out_r = gaunt_tensor_product(x, y, basis="real")
    assert np.abs(out_c @ c3.conj().T - out_r).max() < 1e-12


def rotated_coefficients(coef, lmax, rot, basis, rng):
    """Coefficients of f(R^-1 s) by exact least squares on sampled points (f band-limited)."""
    n = 3 * (lmax + 1) ** 2
    v = rng.normal(size=(n, 3))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    back = rot.inv().apply(v)

    def harm(p):
        return scipy_harmonics(lmax, np.arccos(np.clip(p[:, 2], -1, 1)),
                               np.arctan2(p[:, 1], p[:, 0]), basis)

    values = coef @ harm(back).T
    sol, *_ = np.linalg.lstsq(harm(v), values.T, rcond=None)
    return sol.T


@pytest.mark.parametrize("basis", ["real", "complex"])
def test_equivariance_under_rotations(basis, rng):
    l1, l2 = 3, 4
    rot = Rotation.random(random_state=7)
    x = random_coefficients(rng, (2, (l1 + 1) ** 2), basis)
    y = random_coefficients(rng, (2, (l2 + 1) ** 2), basis)
    rx = rotated_coefficients(x, l1, rot, basis, rng)
    ry = rotated_coefficients(y, l2, rot, basis, rng)
    out = gaunt_tensor_product(x, y, basis=basis)
    rout = rotated_coefficients(out, l1 + l2, rot, basis, rng)
    assert relative(gaunt_tensor_product(rx, ry, basis=basis), rout) < 1e-11


def test_equivariance_with_wigner_D(rng):
    from symphys.angular import wigner_D

    l1 = l2 = 3
    alpha, beta, gamma = 0.3, 1.1, -0.7
    dmat = [np.asarray(wigner_D(l, alpha, beta, gamma)) for l in range(l1 + l2 + 1)]
    from scipy.linalg import block_diag

    def rot(v, lmax):
        return v @ block_diag(*dmat[: lmax + 1]).T

    x = random_coefficients(rng, (l1 + 1) ** 2, "complex")
    y = random_coefficients(rng, (l2 + 1) ** 2, "complex")
    lhs = gaunt_tensor_product(rot(x, l1), rot(y, l2), basis="complex")
    rhs = rot(gaunt_tensor_product(x, y, basis="complex"), l1 + l2)
    assert relative(lhs, rhs) < 1e-12
    # conj(D) represents the same rotation on conjugated functions: it commutes too
    lhs = gaunt_tensor_product(x @ block_diag(*dmat[: l1 + 1]).conj(),
                               y @ block_diag(*dmat[: l2 + 1]).conj(), basis="complex")
    rhs = gaunt_tensor_product(x, y, basis="complex") @ block_diag(*dmat).conj()
    assert relative(lhs, rhs) < 1e-12


def test_constant_function_is_the_identity():
    x = np.arange(16.0)
    one = np.array([2 * np.sqrt(np.pi)])
    assert np.abs(gaunt_tensor_product(x, one, basis="real") - x).max() < 1e-13
    assert np.abs(gaunt_tensor_product(one, x, basis="real") - x).max() < 1e-13


def test_batching_broadcasts_leading_axes(rng):
    x = rng.normal(size=(5, 1, 9))
    y = rng.normal(size=(1, 4, 16))
    out = gaunt_tensor_product(x, y, lmax_out=3, basis="real")
    assert out.shape == (5, 4, 16)
    ref = gaunt_tensor_product(x[2, 0], y[0, 3], lmax_out=3, basis="real")
    assert np.abs(out[2, 3] - ref).max() < 1e-14


@settings(max_examples=15, deadline=None)
@given(l1=st.integers(0, 6), l2=st.integers(0, 6), seed=st.integers(0, 2**32 - 1))
def test_product_is_commutative_and_bilinear(l1, l2, seed):
    rng = np.random.default_rng(seed)
    x, x2 = rng.normal(size=(2, (l1 + 1) ** 2))
    y = rng.normal(size=(l2 + 1) ** 2)
    xy = gaunt_tensor_product(x, y, basis="real")
    assert np.abs(xy - gaunt_tensor_product(y, x, basis="real")).max() < 1e-12
    lin = gaunt_tensor_product(2 * x - 3 * x2, y, basis="real")
    assert np.abs(lin - (2 * xy - 3 * gaunt_tensor_product(x2, y, basis="real"))).max() < 1e-11


@pytest.mark.parametrize("basis", ["real", "complex"])
def test_every_small_degree_combination_equals_direct(basis, rng, fft_backend):
    """All (L1, L2, lmax_out) with L1, L2 <= 4, degenerate degrees 0 included."""
    for l1 in range(5):
        for l2 in range(5):
            x = random_coefficients(rng, (2, (l1 + 1) ** 2), basis)
            y = random_coefficients(rng, (2, (l2 + 1) ** 2), basis)
            for lout in range(l1 + l2 + 1):
                fft = gaunt_tensor_product(x, y, basis=basis, lmax_out=lout)
                direct = gaunt_tensor_product(x, y, basis=basis, lmax_out=lout, method="direct")
                assert relative(fft, direct) < 1e-12, (l1, l2, lout)


@pytest.mark.parametrize("l1,l2,lout", [(16, 16, 32), (16, 9, 25), (7, 12, 13), (13, 13, 26)])
def test_benchmark_degrees_equal_direct(l1, l2, lout, rng, fft_backend):
    """The benchmarked sizes (one FFT length 2(L1+L2) with the Nyquist term completed by hand,
    others alias-free), unequal degrees sharing one set of synthesis matrices."""
    x, y = rng.normal(size=(32, (l1 + 1) ** 2)), rng.normal(size=(32, (l2 + 1) ** 2))
    fft = gaunt_tensor_product(x, y, lmax_out=lout, basis="real")
    direct = gaunt_tensor_product(x, y, lmax_out=lout, method="direct", basis="real")
    assert relative(fft, direct) < 1e-13


def test_channel_chunks_and_strided_inputs(rng, monkeypatch, fft_backend):
    """Batches longer than one pass of the kernel, Fortran-ordered, sliced and integer inputs."""
    monkeypatch.setattr(kernel_lib, "CHUNK_BYTES", 1)  # the smallest pass: 8 channels
    x = np.asfortranarray(rng.normal(size=(20, 16)))  # passes of 8, 8 and 4 channels
    y = rng.normal(size=(40, 25))[::2]
    direct = gaunt_tensor_product(x, y, method="direct", basis="real")
    assert relative(gaunt_tensor_product(x, y, basis="real"), direct) < 1e-13
    xi = rng.integers(-3, 4, size=(5, 9))
    assert relative(gaunt_tensor_product(xi, xi, basis="real"), gaunt_tensor_product(
        xi.astype(float), xi.astype(float), method="direct", basis="real")) < 1e-13


def test_non_finite_coefficients_stay_in_their_channel(rng, fft_backend):
    """A NaN or inf coefficient spoils its own channel only (channels are independent columns
    of every matmul and FFT of the kernel)."""
    x, y = rng.normal(size=(4, 49)), rng.normal(size=(4, 36))
    x[1, 0], y[2, 7] = np.nan, np.inf
    with np.errstate(invalid="ignore"):  # inf * 0 in the spoilt channel
        out = gaunt_tensor_product(x, y, basis="real")
    assert not np.isfinite(out[1]).any() and not np.isfinite(out[2]).all()
    ok = [0, 3]
    direct = gaunt_tensor_product(x[ok], y[ok], method="direct", basis="real")
    assert relative(out[ok], direct) < 1e-13


def test_threads_do_not_share_the_workspace(rng, fft_backend):
    """Each thread has its own synthesis grid: concurrent products equal the serial ones."""
    from concurrent.futures import ThreadPoolExecutor

    pairs = [(rng.normal(size=(8, 81)), rng.normal(size=(8, 81))) for _ in range(16)]
    serial = [gaunt_tensor_product(x, y, basis="real") for x, y in pairs]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda p: gaunt_tensor_product(*p, basis="real"), pairs * 4))
    for i, out in enumerate(threaded):
        np.testing.assert_array_equal(out, serial[i % len(pairs)])


@pytest.mark.parametrize("l1,l2,lout", [(0, 0, 0), (0, 3, 2), (3, 2, 5), (5, 5, 7), (2, 0, 1),
                                          (16, 16, 32), (7, 12, 13)])
def test_functional_kernel_of_the_torch_and_jax_paths_equals_direct(l1, l2, lout, rng):
    """``functional`` (what PyTorch and JAX run) on NumPy arrays, even where neither is
    installed: the Nyquist completion (lout = l1 + l2), unequal and zero degrees."""
    x, y = rng.normal(size=(3, (l1 + 1) ** 2)), rng.normal(size=(3, (l2 + 1) ** 2))
    kernel = kernel_lib.GauntKernel.from_plan(kernel_lib.plan(l1, l2, lout), poles=False)
    out = kernel_lib.functional(x, y, kernel, kernel.arrays())
    direct = gaunt_tensor_product(x, y, lmax_out=lout, method="direct", basis="real")
    assert relative(out, direct) < 1e-13


@pytest.mark.parametrize("method", ["fft", "direct"])
def test_empty_batch(method):
    out = gaunt_tensor_product(np.zeros((0, 4)), np.zeros((0, 9)), method=method, basis="real")
    assert out.shape == (0, 16) and out.dtype == np.float64
    out = gaunt_tensor_product(np.zeros((0, 4)), np.zeros((0, 9)), method=method)
    assert out.shape == (0, 16) and out.dtype == np.complex128  # the default basis


def test_bad_input():
    with pytest.raises(ValueError, match="not \\(lmax\\+1\\)\\^2"):
        gaunt_tensor_product(np.zeros(5), np.zeros(4), basis="real")
    with pytest.raises(ValueError, match="lmax_out=5 violates"):
        gaunt_tensor_product(np.zeros(4), np.zeros(4), lmax_out=5, basis="real")
    with pytest.raises(ValueError, match="method"):
        gaunt_tensor_product(np.zeros(4), np.zeros(4), method="dense", basis="real")
    with pytest.raises(TypeError, match="real coefficients"):
        gaunt_tensor_product(np.zeros(4, complex), np.zeros(4), basis="real")
