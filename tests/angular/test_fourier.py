"""Fourier expansion of spherical harmonics, checked against scipy, sympy and exact rationals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special as sp

from symphys.angular.fourier import fourier_to_sh, sh_to_fourier


def scipy_harmonics(lmax, theta, phi, basis):
    """Complex (scipy) or Wikipedia real harmonics, (..., (lmax+1)^2), built from sph_harm_y."""
    cols = []
    for l in range(lmax + 1):
        for m in range(-l, l + 1):
            y = sp.sph_harm_y(l, m, theta, phi)
            if basis == "real" and m > 0:
                y = (sp.sph_harm_y(l, -m, theta, phi) + (-1) ** m * y) / math.sqrt(2)
            elif basis == "real" and m < 0:
                y = 1j * (y - (-1) ** m * sp.sph_harm_y(l, -m, theta, phi)) / math.sqrt(2)
            cols.append(y.real if basis == "real" else y)
    return np.stack(cols, axis=-1)


def evaluate_series(coef, theta, phi):
    """sum_{u,v} coef[..., u+U, v+V] e^{i(u theta + v phi)} at points -> (..., npts)."""
    umax, vmax = (coef.shape[-2] - 1) // 2, (coef.shape[-1] - 1) // 2
    eu = np.exp(1j * np.outer(np.arange(-umax, umax + 1), theta))
    ev = np.exp(1j * np.outer(np.arange(-vmax, vmax + 1), phi))
    return np.einsum("...uv,up,vp->...p", coef, eu, ev)


@pytest.fixture
def points(rng):
    n = 64
    return np.arccos(rng.uniform(-1, 1, n)), rng.uniform(0, 2 * np.pi, n)


@pytest.mark.parametrize("basis", ["complex", "real"])
def test_fourier_series_reproduces_scipy_harmonics_to_l24(basis, points):
    theta, phi = points
    y = sh_to_fourier(24, basis=basis)
    err = np.abs(evaluate_series(y, theta, phi) - scipy_harmonics(24, theta, phi, basis).T)
    assert err.max() < 1e-13


def test_fourier_coefficients_vanish_where_the_formula_says(rng):
    lmax = 7
    y = sh_to_fourier(lmax, basis="complex")
    u = np.arange(-lmax, lmax + 1)
    for l in range(lmax + 1):
        for m in range(-l, l + 1):
            row = y[l * (l + 1) + m]
            allowed = (np.abs(u)[:, None] <= l) & ((u[:, None] - l) % 2 == 0) & (u[None, :] == m)
            assert not row[~allowed].any()


@pytest.mark.parametrize("basis", ["complex", "real"])
def test_projection_inverts_expansion(basis):
    lmax = 9
    y = sh_to_fourier(lmax, basis=basis)
    z = fourier_to_sh(lmax, basis=basis, umax=13)
    ypad = np.zeros((y.shape[0], 27, y.shape[2]), dtype=complex)
    ypad[:, 4:-4] = y
    assert np.abs(np.einsum("iuv,juv->ij", z, ypad) - np.eye((lmax + 1) ** 2)).max() < 1e-13


def test_projection_of_a_product_matches_quadrature(rng):
    """z projects like int f conj(Y) dOmega by Gauss-Legendre quadrature in theta (smooth
    integrand: converges exponentially) and the trapezoid rule in phi (exact here)."""
    lmax, umax = 4, 6
    z = fourier_to_sh(lmax, basis="complex", umax=umax)
    x, w = np.polynomial.legendre.leggauss(60)
    theta = (x + 1) * np.pi / 2
    w = w * np.pi / 2 * np.sin(theta)
    phi = np.linspace(0, 2 * np.pi, 32, endpoint=False)
    tt, pp = np.meshgrid(theta, phi, indexing="ij")
    f_coef = rng.normal(size=(2 * umax + 1, 2 * lmax + 1)) * (1 + 1j)
    f = evaluate_series(f_coef, tt.ravel(), pp.ravel()).reshape(tt.shape)
    yc = scipy_harmonics(lmax, tt, pp, "complex")
    ref = np.einsum("tp,tpi,t->i", f, yc.conj(), w) * (2 * np.pi / 32)
    assert np.abs(np.einsum("iuv,uv->i", z, f_coef) - ref).max() < 1e-12


def test_exact_projection_entry():
    """z^{0,0}_u = 2 pi / sqrt(4 pi) I(u): the mean of e^{iu theta} over the sphere."""
    z = fourier_to_sh(0, basis="complex", umax=3)[0, :, 0]
    ref = 2 * np.pi / np.sqrt(4 * np.pi) * np.array(
        [0, 2 / (1 - 4), -0.5j * np.pi, 2, 0.5j * np.pi, 2 / (1 - 4), 0])
    assert np.abs(z - ref).max() < 1e-15


def test_bad_arguments():
    with pytest.raises(ValueError, match="lmax=-1"):
        sh_to_fourier(-1)
    with pytest.raises(TypeError, match="lmax"):
        sh_to_fourier(2.0)
    with pytest.raises(ValueError, match="basis"):
        sh_to_fourier(2, basis="e3nnx")
    with pytest.raises(ValueError, match="umax=1 violates"):
        fourier_to_sh(2, umax=1)
