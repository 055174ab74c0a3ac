"""Spin-weighted harmonics (Goldberg et al. 1967) and Wigner D from quaternions."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation
from scipy.special import sph_harm_y

from symphys.angular import (
    spherical_harmonics_xyz,
    spin_weighted_harmonics,
    wigner_D,
    wigner_D_from_quaternion,
)


def test_spin_zero_is_scipy(rng):
    th, ph = rng.uniform(0, np.pi, 7), rng.uniform(0, 2 * np.pi, 7)
    ref = np.stack([sph_harm_y(l, m, th, ph) for l in range(13) for m in range(-l, l + 1)], -1)
    assert np.abs(spin_weighted_harmonics(0, 12, th, ph) - ref).max() < 1e-14


def test_spin_one_table():
    # Goldberg et al. / Wikipedia's table: 1Y_10 = sqrt(3/8pi) sin,
    # 1Y_1+-1 = -sqrt(3/16pi)(1 -+ cos) e^{+-i phi}
    th, ph = 0.7, 1.3
    Y = spin_weighted_harmonics(1, 1, th, ph)
    c = np.sqrt(3 / (16 * np.pi))
    assert Y[0] == 0
    assert np.isclose(Y[2], np.sqrt(3 / (8 * np.pi)) * np.sin(th), atol=1e-15)
    assert np.isclose(Y[3], -c * (1 - np.cos(th)) * np.exp(1j * ph), atol=1e-15)
    assert np.isclose(Y[1], -c * (1 + np.cos(th)) * np.exp(-1j * ph), atol=1e-15)
    # -1Y_10 = -conj(1Y_10) = -sqrt(3/8pi) sin (conj(sY_lm) = (-1)^(s+m) (-s)Y_l(-m))
    assert np.isclose(spin_weighted_harmonics(-1, 1, th, ph)[2],
                      -np.sqrt(3 / (8 * np.pi)) * np.sin(th), atol=1e-15)


@pytest.mark.parametrize("s", [-2, -1, 0, 1, 2])
def test_spin_raising_operator(s):
    # eth sY_lm = sqrt((l-s)(l+s+1)) (s+1)Y_lm, eth = -(sin)^s (d_theta + i/sin d_phi) (sin)^-s
    th, ph, h, l = 0.7, 1.3, 1e-6, 4

    def f(t, p):
        return np.sin(t) ** (-s) * spin_weighted_harmonics(s, l, t, p)[l * l:]

    eth = -np.sin(th) ** s * ((f(th + h, ph) - f(th - h, ph)) / (2 * h)
                              + 1j / np.sin(th) * (f(th, ph + h) - f(th, ph - h)) / (2 * h))
    rhs = np.sqrt((l - s) * (l + s + 1)) * spin_weighted_harmonics(s + 1, l, th, ph)[l * l:]
    assert np.abs(eth - rhs).max() < 1e-8


def test_spin_orthonormal_and_conjugation(rng):
    # integral of sY_lm conj(sY_l'm') over the sphere (Gauss-Legendre x uniform phi)
    x, w = np.polynomial.legendre.leggauss(40)
    th = np.arccos(x)
    ph = np.linspace(0, 2 * np.pi, 60, endpoint=False)
    T, P = np.meshgrid(th, ph, indexing="ij")
    Y = spin_weighted_harmonics(2, 8, T, P).reshape(-1, 81)
    W = np.repeat(w, 60) * (2 * np.pi / 60)
    G = (Y.conj().T * W) @ Y
    expect = np.diag([1.0 if l >= 2 else 0.0 for l in range(9) for _ in range(2 * l + 1)])
    assert np.abs(G - expect).max() < 1e-13
    # conj(sY_lm) = (-1)^(s+m) (-s)Y_l(-m)
    a, b = spin_weighted_harmonics(2, 5, 0.3, 0.9), spin_weighted_harmonics(-2, 5, 0.3, 0.9)
    for l in range(2, 6):
        for m in range(-l, l + 1):
            assert np.isclose(a[l * (l + 1) + m].conj(), (-1) ** (2 + m) * b[l * (l + 1) - m])


def test_spin_bad_input():
    with pytest.raises(TypeError, match="s="):
        spin_weighted_harmonics(0.5, 2, 0.1, 0.2)
    with pytest.raises(TypeError, match="s="):
        spin_weighted_harmonics(True, 2, 0.1, 0.2)
    with pytest.raises(ValueError, match="MAX_ROTATION_J"):
        spin_weighted_harmonics(0, 10**6, 0.1, 0.2)
    with pytest.raises(ValueError, match="finite"):
        spin_weighted_harmonics(0, 2, np.nan, 0.2)
    with pytest.raises(ValueError, match="integer"):
        spin_weighted_harmonics(0, 2.5, 0.1, 0.2)


def _qmul(a, b):
    w1, x1, y1, z1 = a
    w2, x2, y2, z2 = b
    return np.array([w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2, w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
                     w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2, w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2])


@pytest.mark.parametrize("j", [0.5, 1, 1.5, 2, 7])
def test_quaternion_D_homomorphism_and_euler(j, rng):
    for _ in range(5):
        q1, q2 = rng.normal(size=4), rng.normal(size=4)
        q1, q2 = q1 / np.linalg.norm(q1), q2 / np.linalg.norm(q2)
        D1, D2 = wigner_D_from_quaternion(j, q1), wigner_D_from_quaternion(j, q2)
        assert np.abs(wigner_D_from_quaternion(j, _qmul(q1, q2)) - D1 @ D2).max() < 1e-13
        # scipy's rotation of the same quaternion (scalar last) -> z-y-z Euler angles
        a, b, c = Rotation.from_quat(np.r_[q1[1:], q1[0]]).as_euler("ZYZ")
        sign = 1.0 if float(j).is_integer() else None
        D = wigner_D(j, a, b, c)
        if sign is None:  # half-integer j: the Euler angles fix the SU(2) element up to sign
            sign = 1.0 if np.abs(D - D1).max() < 1e-12 else -1.0
        assert np.abs(sign * D - D1).max() < 1e-13
        assert np.abs(wigner_D_from_quaternion(j, -q1) - (-1) ** int(2 * j) * D1).max() < 1e-13


def test_quaternion_D_spin_half_closed_form_and_gimbal_lock(rng):
    sx = np.array([[0, 1], [1, 0]])
    sy = np.array([[0, -1j], [1j, 0]])
    sz = np.diag([1, -1])
    for _ in range(5):
        w, x, y, z = q = rng.normal(size=4) / 2
        q = q / np.linalg.norm(q)
        w, x, y, z = q
        U = w * np.eye(2) - 1j * (x * sx + y * sy + z * sz)  # basis (+1/2, -1/2)
        assert np.abs(wigner_D_from_quaternion(0.5, q) - U[::-1, ::-1]).max() < 1e-15
    # beta = 0 and beta = pi (Euler angles degenerate): still D = rotation about z / flip
    a = 0.9
    Dz = wigner_D_from_quaternion(2, [np.cos(a / 2), 0, 0, np.sin(a / 2)])
    assert np.allclose(Dz, np.diag(np.exp(-1j * a * np.arange(-2, 3))), atol=1e-15)
    Dx = wigner_D_from_quaternion(1, [0, 1, 0, 0])  # pi about x
    assert np.allclose(Dx, wigner_D(1, 0, np.pi, np.pi), atol=1e-15)
    # rotating harmonics: Y(R^T r) = Y(r) D(R)
    q = np.array([0.8, 0.1, -0.4, 0.3])
    q /= np.linalg.norm(q)
    R = Rotation.from_quat(np.r_[q[1:], q[0]]).as_matrix()
    r = np.array([0.3, -0.5, 0.81])
    r /= np.linalg.norm(r)
    l = 3
    Y = spherical_harmonics_xyz(l, r)[l * l:]
    Yr = spherical_harmonics_xyz(l, R.T @ r)[l * l:]
    assert np.allclose(Yr, Y @ wigner_D_from_quaternion(l, q), atol=1e-14)


def test_quaternion_bad_input():
    with pytest.raises(ValueError, match="non-zero"):
        wigner_D_from_quaternion(1, [0, 0, 0, 0])
    with pytest.raises(ValueError, match="finite"):
        wigner_D_from_quaternion(1, [np.nan, 0, 0, 1])
    with pytest.raises(ValueError, match=r"\(\.\.\., 4\)"):
        wigner_D_from_quaternion(1, [1, 0, 0])
    with pytest.raises(TypeError, match="real quaternions"):
        wigner_D_from_quaternion(1, "1000")
    with pytest.raises(TypeError, match="real quaternions"):
        wigner_D_from_quaternion(1, [1j, 0, 0, 0])
