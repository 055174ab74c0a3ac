"""The low-degree evaluation paths of the harmonics (monomial coefficients up to
``_solid.MONO_LMAX``, the ``qbar`` table up to ``_solid.POLY_LMAX``, the recursion above) against
scipy; values independent of ``derivatives=``; the documented memory layout."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import sph_harm_y

from symphys.angular import _solid, spherical_harmonics, spherical_harmonics_xyz


def _points(rng, n=60):
    x = rng.normal(size=(n, 3)) * rng.uniform(0.1, 10.0, (n, 1))
    x[:8] = [[0, 0, 1], [0, 0, -3], [2, 0, 0], [0, -1, 0], [1, 1, 0],
             [1e-9, -2e-9, 1], [3e-8, 1e-8, -2], [1, -1, 1e-12]]  # poles, equator, near poles
    return x


def _scipy_complex(lmax, x):
    th = np.arctan2(np.hypot(x[:, 0], x[:, 1]), x[:, 2])  # accurate near the poles
    ph = np.arctan2(x[:, 1], x[:, 0])
    return np.stack([sph_harm_y(l, m, th, ph) for l in range(lmax + 1)
                     for m in range(-l, l + 1)], axis=-1)


def _scipy_real(lmax, x):
    # Wikipedia's real harmonics from scipy's complex ones: S_m = sqrt2 (-1)^m Re Y^m,
    # S_-m = sqrt2 (-1)^m Im Y^m (m > 0), S_0 = Y^0
    Y = _scipy_complex(lmax, x)
    out = np.empty(Y.shape)
    for l in range(lmax + 1):
        c = l * (l + 1)
        out[:, c] = Y[:, c].real
        for m in range(1, l + 1):
            out[:, c + m] = np.sqrt(2) * (-1) ** m * Y[:, c + m].real
            out[:, c - m] = np.sqrt(2) * (-1) ** m * Y[:, c + m].imag
    return out


@pytest.mark.parametrize("lmax", range(0, _solid.POLY_LMAX + 3))
def test_every_low_degree_path_matches_scipy(lmax, rng):
    # lmax <= MONO_LMAX: monomials; <= POLY_LMAX: qbar table; above: the recursion
    x = _points(rng)
    real = spherical_harmonics_xyz(lmax, x, basis="real")
    assert np.abs(real - _scipy_real(lmax, x)).max() < 1e-14
    cplx = spherical_harmonics_xyz(lmax, x, basis="complex")
    assert np.abs(cplx - _scipy_complex(lmax, x)).max() < 1e-14
    # solid harmonics: degree l times |x|^l
    solid = spherical_harmonics_xyz(lmax, x, basis="real", normalize=False)
    r = np.linalg.norm(x, axis=-1)
    l_of = np.repeat(np.arange(lmax + 1), 2 * np.arange(lmax + 1) + 1)
    ref = _scipy_real(lmax, x) * r[:, None] ** l_of
    assert np.abs(solid - ref).max() < 1e-14 * max(1.0, np.abs(ref).max())


def test_monomial_and_qbar_tables_against_the_recursion(rng):
    # the three evaluations of one degree agree (to rounding) on random unit vectors
    u = rng.normal(size=(3, 500))
    u /= np.linalg.norm(u, axis=0)
    L = _solid.POLY_LMAX
    rec = _solid.real_unit(L, *u)
    poly = _solid.real_unit(L, *u, poly=L)
    mono = _solid.real_unit(L, *u, poly=L, mono=_solid.MONO_LMAX)
    assert np.abs(poly - rec).max() < 1e-14 and np.abs(mono - rec).max() < 1e-14
    assert not np.array_equal(poly, rec)  # really another evaluation
    K = (_solid.MONO_LMAX + 1) ** 2
    assert not np.array_equal(mono[:K], poly[:K])
    assert np.array_equal(mono[K:], poly[K:])


@pytest.mark.parametrize("lmax", range(0, _solid.POLY_LMAX + 3))
def test_values_do_not_depend_on_derivatives(lmax, rng):
    # derivatives evaluate one or two degrees more: the degrees asked for are the same bits
    x = _points(rng, 20)
    for basis in ("real", "complex", "e3nn"):
        ref = spherical_harmonics_xyz(lmax, x, basis=basis)
        for d in (1, 2):
            assert np.array_equal(spherical_harmonics_xyz(lmax, x, basis=basis,
                                                          derivatives=d)[0], ref)


@pytest.mark.parametrize("basis", ["real", "complex"])
def test_layout_points_vary_fastest(basis, rng):
    # documented: views of C-contiguous component-major tables (no transposing copy)
    x = rng.normal(size=(2, 5, 3))
    Y, dY, d2Y = spherical_harmonics_xyz(4, x, basis=basis, derivatives=2)
    assert Y.shape == (2, 5, 25) and dY.shape == (2, 5, 3, 25) and d2Y.shape == (2, 5, 3, 3, 25)
    assert np.moveaxis(Y, -1, 0).flags.c_contiguous
    assert np.moveaxis(dY, (-1, -2), (0, 1)).flags.c_contiguous
    assert np.moveaxis(d2Y, (-3, -2, -1), (0, 1, 2)).flags.c_contiguous
    Y2 = spherical_harmonics_xyz(4, x.reshape(10, 3), basis=basis)
    assert Y2.flags.f_contiguous and Y2[:, 7].flags.c_contiguous
    np.testing.assert_array_equal(Y.reshape(10, 25), Y2)
    # the Hessian's two halves are equal copies, not aliases
    d2Y[..., 0, 1, :] = 0.0
    assert np.abs(d2Y[..., 1, 0, 1:]).max() > 0
    # from angles too
    th, ph = rng.uniform(0, np.pi, 7), rng.uniform(0, 2 * np.pi, 7)
    assert spherical_harmonics(3, th, ph, basis=basis).T.flags.c_contiguous


@pytest.mark.parametrize("lmax", [1, 5, 8, 9])
@pytest.mark.parametrize("normalize", [True, False])
def test_large_lmax_tables_are_independent_of_the_chunks(lmax, normalize, rng, monkeypatch):
    # real gradients go straight into the output when one chunk holds every point (up to
    # _SPLIT_LMAX each row's first term as a NumPy product, then the sparse product of the
    # others), through a buffer otherwise (one sparse product): same bits
    from symphys.angular import harmonics

    assert 5 <= harmonics._SPLIT_LMAX < 9
    x = rng.normal(size=(300, 3))
    x[0] = 0.0
    for basis in ("real", "e3nn"):
        kw = dict(basis=basis, normalize=normalize, derivatives=1)
        ref = spherical_harmonics_xyz(lmax, x, **kw)
        with monkeypatch.context() as mp:
            mp.setattr(harmonics, "_VALUE_ENTRIES", 5000)
            small = spherical_harmonics_xyz(lmax, x, **kw)
        for a, b in zip(ref, small, strict=True):
            np.testing.assert_array_equal(a, b)


def test_degree_zero_is_a_constant_with_nan_where_no_direction():
    x = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [np.nan, 0.0, 1.0], [np.inf, 0.0, 0.0],
                  [1e300, 1e300, 0.0]])
    c = 0.5 / np.sqrt(np.pi)  # 1 / sqrt(4 pi)
    for basis in ("real", "complex", "e3nn"):
        for normalization, ref in (("integral", c), ("component", 1.0), ("norm", 1.0)):
            Y = spherical_harmonics_xyz(0, x, basis=basis, normalization=normalization)
            assert Y.shape == (5, 1) and Y.dtype == (complex if basis == "complex" else float)
            assert np.allclose(Y[[0, 1, 4], 0], ref, rtol=1e-15) and np.isnan(Y[2:4]).all()
    assert spherical_harmonics_xyz(0, np.ones((2, 4, 3))).shape == (2, 4, 1)


def test_degree_zero_derivatives_are_zero_as_in_the_general_evaluation(rng):
    # lmax = 0 skips the evaluation; degree 0 of lmax = 1 goes through it: same bits
    x = np.concatenate([rng.normal(size=(5, 3)), [[0.0, 0.0, 0.0], [np.nan, 1.0, 0.0]]])
    for basis in ("real", "complex"):
        for normalize in (True, False):
            kw = dict(basis=basis, normalize=normalize, derivatives=2)
            Y0, dY0, d2Y0 = spherical_harmonics_xyz(0, x, **kw)
            Y1, dY1, d2Y1 = spherical_harmonics_xyz(1, x, **kw)
            np.testing.assert_array_equal(Y0, Y1[:, :1])
            np.testing.assert_array_equal(dY0, dY1[..., :1])
            np.testing.assert_array_equal(d2Y0, d2Y1[..., :1])
            assert np.all(dY0[:6] == 0) and np.isnan(dY0[6]).all()
            assert np.moveaxis(dY0, (-1, -2), (0, 1)).flags.c_contiguous


@pytest.mark.parametrize("lmax", [0, 2, 4, 9])
def test_empty_inputs_give_empty_outputs(lmax):
    for basis in ("real", "complex"):
        for d in (0, 1, 2):
            out = spherical_harmonics_xyz(lmax, np.zeros((2, 0, 3)), basis=basis, derivatives=d)
            out = (out,) if d == 0 else out
            K = (lmax + 1) ** 2
            assert [a.shape for a in out] == [(2, 0, K), (2, 0, 3, K), (2, 0, 3, 3, K)][:d + 1]


def test_degree_one_path_at_hostile_points_and_against_the_general_evaluation():
    # lmax = 1 values have their own path (sqrt(3/4pi) (y, z, x)/|x| straight into the table);
    # with derivatives= they come from the general evaluation: same bits, also at the points
    # whose squared length under/overflows, the origin (+z) and the points without direction
    x = np.array([[0.3, -1.2, 0.5], [0.0, 0.0, 0.0], [1e-170, -2e-170, 3e-170],
                  [1e200, 1e200, -1e200], [2e-320, 0.0, 0.0], [np.nan, 0.0, 1.0],
                  [np.inf, 0.0, 0.0], [0.0, -np.inf, 0.0], [1.0, 1e-300, 0.0],
                  [1.5e154, 0.0, 0.0]])
    c = np.sqrt(3 / (4 * np.pi))
    u = np.array([[0.3, -1.2, 0.5], [0.0, 0.0, 1.0], [1, -2, 3], [1, 1, -1], [1, 0, 0],
                  [1, 1e-300, 0], [1, 0, 0]])
    u = u / np.linalg.norm(u, axis=1)[:, None]
    good = [0, 1, 2, 3, 4, 8, 9]
    for basis in ("real", "e3nn", "complex"):
        for normalization in ("integral", "component", "norm"):
            for cs in (True, False):
                kw = dict(basis=basis, normalization=normalization, condon_shortley=cs)
                Y = spherical_harmonics_xyz(1, x, **kw)
                for d in (1, 2):
                    np.testing.assert_array_equal(
                        spherical_harmonics_xyz(1, x, derivatives=d, **kw)[0], Y)
                assert np.isnan(Y[5:8]).all() and np.isfinite(Y[good]).all()
                # against the unit vectors through the angles (another evaluation)
                # (the origin looks along the polar axis: e3nn's is y)
                v = u.copy()
                v[1] = [0.0, 1.0, 0.0] if basis == "e3nn" else [0.0, 0.0, 1.0]
                th = np.arccos(v[:, 2])
                ph = np.arctan2(v[:, 1], v[:, 0])
                ref = spherical_harmonics(1, th, ph, **kw)
                assert np.abs(Y[good] - ref).max() < 1e-15
    Y = spherical_harmonics_xyz(1, x, basis="real")
    np.testing.assert_allclose(Y[good, 1:], c * u[:, [1, 2, 0]], rtol=1e-15, atol=1e-300)
    assert Y.dtype == np.float64 and Y.shape == (10, 4)


def test_degree_one_path_shapes_dtypes_and_layout(rng):
    x = rng.normal(size=(2, 3, 3))
    Y = spherical_harmonics_xyz(1, x.astype(np.float32), basis="real")
    assert Y.dtype == np.float64 and Y.shape == (2, 3, 4)
    np.testing.assert_array_equal(Y, spherical_harmonics_xyz(1, x.astype(np.float32)
                                                             .astype(np.float64), basis="real"))
    assert np.moveaxis(Y, -1, 0).flags.c_contiguous
    assert spherical_harmonics_xyz(1, np.zeros((0, 3))).shape == (0, 4)
    assert spherical_harmonics_xyz(1, [0.0, 0.0, 2.0], basis="real").shape == (4,)
    # the integer points are read as floats
    np.testing.assert_array_equal(spherical_harmonics_xyz(1, [[1, 2, 2]], basis="e3nn"),
                                  spherical_harmonics_xyz(1, [[1.0, 2.0, 2.0]], basis="e3nn"))


@pytest.mark.parametrize("lmax", [0, 1, 3, 6, 12])
@pytest.mark.parametrize("derivatives", [0, 1, 2])
def test_results_never_alias_the_reused_buffers(lmax, derivatives):
    # the coordinates live in a per-thread buffer kept between calls: a later call must not
    # change (or share memory with) what an earlier call returned
    rng = np.random.default_rng(lmax)
    x1, x2 = rng.normal(size=(500, 3)), rng.normal(size=(500, 3))
    first = spherical_harmonics_xyz(lmax, x1, basis="real", derivatives=derivatives)
    first = first if isinstance(first, tuple) else (first,)
    kept = [np.array(a) for a in first]
    second = spherical_harmonics_xyz(lmax, x2, basis="real", derivatives=derivatives)
    second = second if isinstance(second, tuple) else (second,)
    assert all(np.array_equal(a, b) for a, b in zip(first, kept, strict=True))
    assert not any(np.shares_memory(a, b) for a in first for b in second)
