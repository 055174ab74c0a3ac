"""``spherical_harmonics(..., derivatives=1|2)`` and ``xyz=``: Cartesian gradients and Hessians of
``Y(r/|r|)`` at the points given by angles, checked against closed forms, finite differences of
the angle-based values and the Cartesian entry point."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.angular import spherical_harmonics, spherical_harmonics_xyz


def _unit(theta, phi):
    st = np.sin(theta)
    return np.stack([st * np.cos(phi), st * np.sin(phi), np.cos(theta)], axis=-1)


def test_l1_closed_form():
    """Y_1^0 = sqrt(3/4pi) z/r: its gradient at a unit point is sqrt(3/4pi) (e_z - z r)."""
    th, ph = 0.7, -1.1
    Y, G = spherical_harmonics(1, th, ph, derivatives=1)
    r = _unit(th, ph)
    c = np.sqrt(3 / (4 * np.pi))
    assert np.allclose(G[:, 2], c * (np.array([0.0, 0.0, 1.0]) - r[2] * r), atol=1e-15)
    assert Y[2] == pytest.approx(c * np.cos(th), abs=1e-15)


@pytest.mark.parametrize("basis", ["complex", "real", "e3nn"])
def test_chain_rule_against_finite_differences_of_the_angle_values(basis):
    """dY/dtheta = grad . e_theta and dY/dphi = sin(theta) grad . e_phi, the left sides by
    central differences of the values (no derivative code involved); grad . r = 0 (degree 0)."""
    rng = np.random.default_rng(4)
    th = rng.uniform(0.2, np.pi - 0.2, 7)
    ph = rng.uniform(-np.pi, np.pi, 7)
    lmax, h = 6, 1e-6
    _, G = spherical_harmonics(lmax, th, ph, basis=basis, derivatives=1)
    e_th = np.stack([np.cos(th) * np.cos(ph), np.cos(th) * np.sin(ph), -np.sin(th)], -1)
    e_ph = np.stack([-np.sin(ph), np.cos(ph), 0 * ph], -1)
    d_th = (spherical_harmonics(lmax, th + h, ph, basis=basis)
            - spherical_harmonics(lmax, th - h, ph, basis=basis)) / (2 * h)
    d_ph = (spherical_harmonics(lmax, th, ph + h, basis=basis)
            - spherical_harmonics(lmax, th, ph - h, basis=basis)) / (2 * h)
    assert np.allclose(np.einsum("nik,ni->nk", G, e_th), d_th, atol=1e-7)
    assert np.allclose(np.einsum("nik,ni->nk", G, e_ph) * np.sin(th)[:, None], d_ph,
                       atol=1e-7)
    assert np.allclose(np.einsum("nik,ni->nk", G, _unit(th, ph)), 0, atol=1e-12)


def test_hessian_matches_finite_differences_of_the_gradient():
    rng = np.random.default_rng(5)
    th, ph = rng.uniform(0.3, 2.8, 4), rng.uniform(-3, 3, 4)
    lmax, h = 5, 1e-5
    Y, G, H = spherical_harmonics(lmax, th, ph, basis="real", derivatives=2)
    r = _unit(th, ph)
    for i in range(3):
        step = np.zeros(3)
        step[i] = h
        gp = spherical_harmonics_xyz(lmax, r + step, basis="real", derivatives=1)[1]
        gm = spherical_harmonics_xyz(lmax, r - step, basis="real", derivatives=1)[1]
        assert np.allclose(H[:, i], (gp - gm) / (2 * h), atol=1e-6)
    assert np.allclose(H, np.swapaxes(H, 1, 2), atol=1e-12)


def test_angles_and_xyz_agree_with_the_cartesian_entry_point():
    rng = np.random.default_rng(6)
    th, ph = rng.uniform(0, np.pi, (2, 3)), rng.uniform(-np.pi, np.pi, (2, 3))
    r = _unit(th, ph)
    for d in (0, 1, 2):
        a = spherical_harmonics(4, th, ph, derivatives=d)
        b = spherical_harmonics(4, xyz=3.0 * r, derivatives=d)
        c = spherical_harmonics_xyz(4, r, derivatives=d)
        for x, _y, z in zip(*(v if d else (v,) for v in (a, b, c)), strict=True):
            assert x.shape == z.shape
            assert np.allclose(x, z, atol=1e-13)
        # y is at 3r: values equal, gradients 1/3, Hessians 1/9 (degree-0 homogeneity)
        for k, (y, z) in enumerate(zip(b if d else (b,), c if d else (c,), strict=True)):
            assert np.allclose(y * 3.0**k, z, atol=1e-13)
    assert spherical_harmonics(3, 0.4, 0.5).shape == (16,)
    _, G = spherical_harmonics(3, th, ph, derivatives=1)
    assert G.shape == (2, 3, 3, 16)


def test_bad_calls_are_refused():
    with pytest.raises(TypeError, match="xyz"):
        spherical_harmonics(2, 0.1, 0.2, xyz=[0.0, 0.0, 1.0])
    with pytest.raises(TypeError, match="theta"):
        spherical_harmonics(2)
    with pytest.raises(TypeError, match="phi"):
        spherical_harmonics(2, 0.3)
    with pytest.raises(ValueError, match="derivatives"):
        spherical_harmonics(2, 0.1, 0.2, derivatives=3)
