"""Gradients and Hessians of the harmonics against finite differences, sphericart and e3nn;
the Cartesian recursion against mpmath at l = 150."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from symphys.angular import spherical_harmonics, spherical_harmonics_xyz


def _fd_grad(f, x, h=1e-6):
    return np.stack([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(3)], axis=-2)


def _fd_hess(f, x, h=1e-4):
    E = np.eye(3) * h
    return np.stack([np.stack([(f(x + E[i] + E[j]) - f(x + E[i] - E[j]) - f(x - E[i] + E[j])
                                + f(x - E[i] - E[j])) / (4 * h * h) for j in range(3)], axis=-2)
                     for i in range(3)], axis=-3)


@pytest.mark.parametrize("basis", ["real", "complex", "e3nn"])
@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("normalization", ["integral", "component", "norm"])
def test_gradients_and_hessians_match_finite_differences(basis, normalize, normalization, rng):
    x = rng.normal(size=(6, 3)) * rng.uniform(0.5, 2.0, (6, 1))

    def f(p):
        return spherical_harmonics_xyz(6, p, basis=basis, normalize=normalize,
                                       normalization=normalization)

    Y, dY, d2Y = spherical_harmonics_xyz(6, x, basis=basis, normalize=normalize,
                                         normalization=normalization, derivatives=2)
    assert np.array_equal(Y, f(x))
    assert dY.shape == (6, 3, 49) and d2Y.shape == (6, 3, 3, 49)
    scale = max(1.0, np.abs(dY).max())
    assert np.abs(dY - _fd_grad(f, x)).max() < 1e-7 * scale
    assert np.abs(d2Y - _fd_hess(f, x)).max() < 1e-4 * max(1.0, np.abs(d2Y).max())
    assert np.allclose(d2Y, np.swapaxes(d2Y, 1, 2), atol=1e-12)
    g1 = spherical_harmonics_xyz(6, x, basis=basis, normalize=normalize,
                                 normalization=normalization, derivatives=1)
    assert np.array_equal(g1[1], dY)


def test_gradient_conventions_by_hand():
    # real l = 1 is sqrt(3/4pi) (y, z, x)/r: at (0, 0, 2), d/dy of the y component is c/2
    c = np.sqrt(3 / (4 * np.pi))
    _, dY = spherical_harmonics_xyz(1, np.array([0.0, 0.0, 2.0]), basis="real", derivatives=1)
    assert np.allclose(dY[:, 1:], [[0, 0, c / 2], [c / 2, 0, 0], [0, 0, 0]], atol=1e-15)
    # the solid harmonic r Y_1 is linear: constant gradient, zero Hessian; Y_0 has none
    _, dR, d2R = spherical_harmonics_xyz(2, np.array([0.3, -0.2, 0.9]), basis="real",
                                         normalize=False, derivatives=2)
    assert np.allclose(dR[:, 1:4], [[0, 0, c], [c, 0, 0], [0, c, 0]], atol=1e-15)
    assert np.all(d2R[..., :4] == 0) and np.all(dR[:, 0] == 0)
    # harmonic: the Laplacian of every solid harmonic vanishes
    assert np.abs(np.trace(d2R, axis1=0, axis2=1)).max() < 1e-13
    # the gradient of Y(x/|x|) is tangential: x . grad Y = 0
    x = np.array([[0.3, -0.2, 0.9], [1.0, 2.0, -3.0]])
    _, dY = spherical_harmonics_xyz(8, x, basis="complex", derivatives=1)
    assert np.abs(np.einsum("ni,nik->nk", x, dY)).max() < 1e-13
    # the origin: solid harmonics fine, directions singular (NaN gradient, documented)
    _, dR = spherical_harmonics_xyz(2, np.zeros(3), basis="real", normalize=False, derivatives=1)
    assert np.allclose(dR[:, 1:4], [[0, 0, c], [c, 0, 0], [0, c, 0]])
    _, dY = spherical_harmonics_xyz(2, np.zeros(3), basis="real", derivatives=1)
    assert np.isnan(dY[:, 1:]).all()


def test_against_sphericart(rng):
    sphericart = pytest.importorskip("sphericart")
    x = rng.normal(size=(50, 3))
    for lmax in (3, 8, 16):
        Y, dY, d2Y = spherical_harmonics_xyz(lmax, x, basis="real", derivatives=2)
        sY, sdY, sd2Y = sphericart.SphericalHarmonics(lmax).compute_with_hessians(x)
        assert np.abs(Y - sY).max() < 1e-13
        assert np.abs(dY - sdY).max() < 1e-11 * np.abs(sdY).max()
        assert np.abs(d2Y - sd2Y).max() < 1e-10 * np.abs(sd2Y).max()


def test_e3nn_gradients_by_autograd(rng):
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    x = rng.normal(size=(5, 3))
    t = torch.tensor(x, requires_grad=True)
    ref = o3.spherical_harmonics(list(range(5)), t, normalize=True, normalization="component")
    _, dY = spherical_harmonics_xyz(4, x, basis="e3nn", normalization="component",
                                    derivatives=1)
    for k in (3, 7, 20):
        g, = torch.autograd.grad(ref[:, k].sum(), t, retain_graph=True)
        assert np.allclose(dY[:, :, k], g.numpy(), atol=1e-12)


def test_bad_derivatives_refused():
    for bad in (3, -1, True, 1.5, "1"):
        with pytest.raises(ValueError, match="derivatives"):
            spherical_harmonics_xyz(2, np.ones(3), derivatives=bad)
    with pytest.raises(ValueError, match="FAST_LMAX"):
        spherical_harmonics_xyz(151, np.ones(3), derivatives=1)
    Y, dY = spherical_harmonics_xyz(2, np.array([[np.nan, 0, 1.0]]), derivatives=1)
    assert np.isnan(Y).all() and np.isnan(dY).all()


def test_l150_against_mpmath(rng):
    th, ph = rng.uniform(0, np.pi, 3), rng.uniform(0, 2 * np.pi, 3)
    th[0] = np.pi - 0.04  # steep near the pole
    Y = spherical_harmonics(150, th, ph)
    xyz = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)
    Yx = spherical_harmonics_xyz(150, xyz)
    worst = worst_x = 0.0
    with mpmath.workdps(30):
        for i in range(3):
            for m in range(-150, 151, 11):
                ref = complex(mpmath.spherharm(150, m, th[i], ph[i]))
                worst = max(worst, abs(Y[i, 150 * 151 + m] - ref))
                worst_x = max(worst_x, abs(Yx[i, 150 * 151 + m] - ref))
    assert worst < 1e-13
    assert worst_x < 1e-12  # renormalising xyz costs a little near the pole


def test_l150_gradients_against_mpmath_and_laplacian(rng):
    # gradient of Y(x/|x|) from mpmath's d/dtheta and d/dphi = i m: grad Y = (theta_hat dY/dt
    # + phi_hat i m Y / sin t) / |x|; the Hessian by the identity Laplacian Y = -l(l+1) Y / r^2
    l = 150
    th, ph = rng.uniform(0.1, np.pi - 0.1, 3), rng.uniform(0, 2 * np.pi, 3)
    th[0] = np.pi - 0.04  # steep near the pole
    r = np.array([1.0, 2.5, 0.7])
    u = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)
    Y, dY, d2Y = spherical_harmonics_xyz(l, u * r[:, None], derivatives=2)
    worst = biggest = 0.0
    with mpmath.workdps(30):
        for i in range(3):
            t, p = mpmath.mpf(th[i]), mpmath.mpf(ph[i])
            that = np.array([np.cos(th[i]) * np.cos(ph[i]), np.cos(th[i]) * np.sin(ph[i]),
                             -np.sin(th[i])])
            phat = np.array([-np.sin(ph[i]), np.cos(ph[i]), 0.0])
            for m in range(-l, l + 1, 13):
                ref_y = complex(mpmath.spherharm(l, m, t, p))
                dth = complex(mpmath.diff(lambda s, m=m, p=p: mpmath.spherharm(l, m, s, p), t))
                ref = (that * dth + phat * (1j * m / np.sin(th[i])) * ref_y) / r[i]
                worst = max(worst, np.abs(dY[i, :, l * l + l + m] - ref).max())
                biggest = max(biggest, np.abs(ref).max())
    assert biggest > 50  # gradients of degree 150 are ~l times the values
    assert worst < 1e-13 * biggest
    lap = np.trace(d2Y, axis1=-3, axis2=-2)[:, l * l:]
    ref_lap = -l * (l + 1) * Y[:, l * l:] / r[:, None] ** 2
    assert np.abs(lap - ref_lap).max() < 1e-12 * np.abs(ref_lap).max()


def test_chunks_and_blocks_do_not_change_the_result(rng, monkeypatch):
    # the evaluation goes in chunks of points (values) and blocks (derivatives): tiny ones
    # must give bit-for-bit the results of one chunk, special points included
    from symphys.angular import harmonics

    x = rng.normal(size=(203, 3))
    x[5] = 0.0
    x[17] = [np.nan, 1.0, 0.0]
    x[40] = [1e200, -3e199, 2e199]
    x[41] = [1e-170, 0.0, -2e-170]
    for basis in ("real", "complex", "e3nn"):
        for normalize in (True, False):
            kw = dict(basis=basis, normalize=normalize, derivatives=2)
            ref = spherical_harmonics_xyz(5, x, **kw)
            with monkeypatch.context() as mp:
                mp.setattr(harmonics, "_VALUE_ENTRIES", 3000)
                mp.setattr(harmonics, "_BLOCK_ENTRIES", 2000)
                small = spherical_harmonics_xyz(5, x, **kw)
            for a, b in zip(ref, small, strict=True):
                np.testing.assert_array_equal(a, b)


def test_extreme_lengths_keep_their_direction():
    # |x|^2 under- or overflows: the direction is still x/|x| (scaled by the largest component)
    u = np.array([0.36, -0.48, 0.8])
    ref, dref = spherical_harmonics_xyz(6, u, basis="real", derivatives=1)
    for s in (1e200, 1e-170, 1e300, 5e-310):
        Y, dY = spherical_harmonics_xyz(6, u * s, basis="real", derivatives=1)
        assert np.abs(Y - ref).max() < (1e-14 if s > 1e-300 else 1e-10)  # subnormal input
        if 1e-300 < s < 1e300:
            assert np.abs(dY * s - dref).max() < 1e-13 * np.abs(dref).max()
    # the origin looks along +z; a direction is needed for gradients (NaN beyond degree 0)
    Y, dY = spherical_harmonics_xyz(2, np.zeros(3), basis="real", derivatives=1)
    assert np.allclose(Y, spherical_harmonics_xyz(2, np.array([0.0, 0.0, 1.0]), basis="real"))
    assert np.isnan(dY[:, 1:]).all() and np.all(dY[:, 0] == 0)
