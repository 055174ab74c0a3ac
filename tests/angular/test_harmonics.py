"""Spherical harmonics against scipy, e3nn, the addition theorem and rotation by Wigner D."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import eval_legendre, sph_harm_y

from symphys.angular import (
    complex_to_real,
    spherical_harmonics,
    spherical_harmonics_xyz,
    wigner_D,
)


def _scipy_all(lmax, th, ph):
    return np.stack([sph_harm_y(l, m, th, ph) for l in range(lmax + 1)
                     for m in range(-l, l + 1)], axis=-1)


def test_complex_matches_scipy_to_l100(rng):
    th, ph = rng.uniform(0, np.pi, 25), rng.uniform(-np.pi, 2 * np.pi, 25)
    th[:3] = [0.0, np.pi, 1e-9]  # poles and nearly a pole
    ours = spherical_harmonics(100, th, ph)
    ref = _scipy_all(100, th, ph)
    assert ours.shape == (25, 101**2)
    assert np.abs(ours - ref).max() < 5e-13


def test_real_basis_is_wikipedia_combination(rng):
    th, ph = rng.uniform(0, np.pi, 10), rng.uniform(0, 2 * np.pi, 10)
    Y = _scipy_all(6, th, ph)
    S = spherical_harmonics(6, th, ph, basis="real")
    for l in range(7):
        sl = slice(l * l, (l + 1) ** 2)
        assert np.allclose(S[:, sl], (Y[:, sl] @ complex_to_real(l).T).real, atol=1e-14)
        # by hand for m = +-1: S_{l,1} = (Y^-1 - Y^1)/sqrt2, S_{l,-1} = i (Y^-1 + Y^1)/sqrt2
        if l >= 1:
            c = l * (l + 1)
            assert np.allclose(S[:, c + 1], ((Y[:, c - 1] - Y[:, c + 1]) / np.sqrt(2)).real)
            assert np.allclose(S[:, c - 1], (1j * (Y[:, c - 1] + Y[:, c + 1]) / np.sqrt(2)).real)
    # l = 1 real harmonics are sqrt(3/4π) (y, z, x)
    xyz = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)
    assert np.allclose(S[:, 1:4], np.sqrt(3 / (4 * np.pi)) * xyz[:, [1, 2, 0]])


def test_condon_shortley_off(rng):
    th, ph = rng.uniform(0, np.pi, 5), rng.uniform(0, 2 * np.pi, 5)
    m = np.concatenate([np.arange(-l, l + 1) for l in range(5)])
    for basis in ("complex", "real"):
        on = spherical_harmonics(4, th, ph, basis=basis)
        off = spherical_harmonics(4, th, ph, basis=basis, condon_shortley=False)
        flip = np.where((m % 2 == 1) & ((m > 0) if basis == "complex" else (m != 0)), -1, 1)
        assert np.allclose(off, on * flip, atol=1e-15)


def test_e3nn_identical_for_all_normalizations(rng):
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    v = rng.normal(size=(40, 3))
    for norm in ("integral", "component", "norm"):
        for normalize in (True, False):
            ours = spherical_harmonics_xyz(11, v, basis="e3nn", normalization=norm,
                                           normalize=normalize)
            ref = o3.spherical_harmonics(list(range(12)), torch.tensor(v), normalize=normalize,
                                         normalization=norm).numpy()
            assert np.abs(ours - ref).max() <= 1e-14 * np.abs(ref).max()
    th, ph = rng.uniform(0, np.pi, 4), rng.uniform(0, 2 * np.pi, 4)
    xyz = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)], -1)
    assert np.allclose(spherical_harmonics(5, th, ph, basis="e3nn"),
                       spherical_harmonics_xyz(5, xyz, basis="e3nn"), atol=1e-14)


def test_normalizations(rng):
    th, ph = rng.uniform(0, np.pi, 7), rng.uniform(0, 2 * np.pi, 7)
    for basis in ("complex", "real"):
        comp = spherical_harmonics(8, th, ph, basis=basis, normalization="component")
        norm = spherical_harmonics(8, th, ph, basis=basis, normalization="norm")
        for l in range(9):
            sl = slice(l * l, (l + 1) ** 2)
            assert np.allclose(np.sum(np.abs(comp[:, sl]) ** 2, -1), 2 * l + 1)
            assert np.allclose(np.sum(np.abs(norm[:, sl]) ** 2, -1), 1.0)


def test_cartesian_matches_angles_and_scales(rng):
    v = rng.normal(size=(6, 3))
    r = np.linalg.norm(v, axis=-1)
    th, ph = np.arccos(v[:, 2] / r), np.arctan2(v[:, 1], v[:, 0])
    for basis in ("complex", "real"):
        a = spherical_harmonics_xyz(7, v, basis=basis)
        assert np.allclose(a, spherical_harmonics(7, th, ph, basis=basis), atol=1e-14)
        solid = spherical_harmonics_xyz(7, v, basis=basis, normalize=False)
        l_of = np.repeat(np.arange(8), 2 * np.arange(8) + 1)
        assert np.allclose(solid, a * r[:, None] ** l_of)
    # the z axis and the origin are handled
    z = spherical_harmonics_xyz(3, np.array([[0.0, 0.0, 2.0], [0.0, 0.0, 0.0]]))
    assert np.allclose(z[0], spherical_harmonics(3, 0.0, 0.0))


@given(st.integers(0, 30), st.floats(0, np.pi), st.floats(0, 2 * np.pi),
       st.floats(0, np.pi), st.floats(0, 2 * np.pi))
@settings(max_examples=30, deadline=None)
def test_addition_theorem(l, t1, p1, t2, p2):
    Y1 = spherical_harmonics(l, t1, p1)[l * l:]
    Y2 = spherical_harmonics(l, t2, p2)[l * l:]
    cosg = np.cos(t1) * np.cos(t2) + np.sin(t1) * np.sin(t2) * np.cos(p1 - p2)
    lhs = np.sum(Y1 * Y2.conj())
    assert np.isclose(lhs, (2 * l + 1) / (4 * np.pi) * eval_legendre(l, cosg), atol=1e-12)


@given(st.integers(0, 12), st.floats(-np.pi, np.pi), st.floats(0, np.pi),
       st.floats(-np.pi, np.pi))
@settings(max_examples=25, deadline=None)
def test_rotation_by_wigner_D(l, a, b, c):
    from scipy.spatial.transform import Rotation

    R = Rotation.from_euler("ZYZ", [a, b, c]).as_matrix()  # R_z(a) R_y(b) R_z(c)
    pts = np.random.default_rng(l).normal(size=(4, 3))
    D = wigner_D(l, a, b, c)
    sl = slice(l * l, (l + 1) ** 2)
    Y = spherical_harmonics_xyz(l, pts)[:, sl]
    Y_rot = spherical_harmonics_xyz(l, pts @ R)[:, sl]  # at R^T r
    assert np.allclose(Y_rot, Y @ D, atol=1e-12)
    # the real basis rotates with the real orthogonal matrix conj(U) D U^T (S = U Y)
    U = complex_to_real(l)
    Dr = U.conj() @ D @ U.T
    assert np.allclose(Dr.imag, 0, atol=1e-12)
    S = spherical_harmonics_xyz(l, pts, basis="real")[:, sl]
    S_rot = spherical_harmonics_xyz(l, pts @ R, basis="real")[:, sl]
    assert np.allclose(S_rot, S @ Dr.real, atol=1e-12)
    assert np.allclose(Dr.real @ Dr.real.T, np.eye(2 * l + 1), atol=1e-12)


def test_invalid_arguments():
    with pytest.raises(ValueError, match="basis='cartesian' must be one of"):
        spherical_harmonics(2, 0.1, 0.2, basis="cartesian")
    with pytest.raises(ValueError, match="normalization='unit' must be one of"):
        spherical_harmonics(2, 0.1, 0.2, normalization="unit")
    with pytest.raises(ValueError, match="lmax=-1 violates lmax >= 0"):
        spherical_harmonics(-1, 0.1, 0.2)
    with pytest.raises(ValueError, match=r"xyz must have shape \(..., 3\)"):
        spherical_harmonics_xyz(2, np.zeros((4, 2)))
    with pytest.raises(ValueError, match="lmax=3/2 must be an integer"):
        spherical_harmonics(1.5, 0.1, 0.2)


def test_nonfinite_points_give_nan_not_the_pole():
    # a NaN coordinate compares False in ``r > 0``; it must not be evaluated at +z
    pts = np.array([[np.nan, 0.0, 1.0], [0.0, 0.0, np.inf], [0.0, 0.0, 2.0]])
    for basis in ("complex", "real", "e3nn"):
        Y = spherical_harmonics_xyz(2, pts, basis=basis)
        assert np.isnan(Y[:2]).all()
        assert np.allclose(Y[2], spherical_harmonics(2, 0.0, 0.0, basis=basis))
    assert np.isnan(spherical_harmonics(1, np.nan, 0.3)[1:]).all()


def test_condon_shortley_must_be_bool():
    with pytest.raises(TypeError, match="condon_shortley='no' must be a bool"):
        spherical_harmonics(1, 0.1, 0.2, condon_shortley="no")
    with pytest.raises(TypeError, match="condon_shortley=None must be a bool"):
        spherical_harmonics_xyz(1, [0.0, 0.0, 1.0], condon_shortley=None)


def test_normalizations_are_scipy_times_stated_factor(rng):
    # 'component' = sqrt(4π) Y, 'norm' = sqrt(4π/(2l+1)) Y, in every basis (scipy as reference,
    # so the conventions are pinned even where e3nn is not installed)
    th, ph = rng.uniform(0, np.pi, 6), rng.uniform(0, 2 * np.pi, 6)
    ref = _scipy_all(6, th, ph)
    l_of = np.repeat(np.arange(7), 2 * np.arange(7) + 1)
    for norm, scale in (("integral", np.ones(49)), ("component", np.full(49, np.sqrt(4 * np.pi))),
                        ("norm", np.sqrt(4 * np.pi / (2 * l_of + 1)))):
        assert np.abs(spherical_harmonics(6, th, ph, normalization=norm) - ref * scale).max() \
            < 1e-14
        real = spherical_harmonics(6, th, ph, basis="real", normalization=norm)
        real_int = spherical_harmonics(6, th, ph, basis="real")
        assert np.abs(real - real_int * scale).max() < 1e-14
