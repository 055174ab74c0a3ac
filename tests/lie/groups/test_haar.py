"""Haar measures: normalisations, densities, exact SO(n) sampling, invariance, integration.

Independent truths: the volume formula for SO(n) (checked by integrating our exponential-chart
density), representation-theory moments of Haar SO(n), scipy's special_ortho_group, Gaussian
integrals over GL+(n) in closed form (E|det G|^b of a Gaussian matrix is a product of chi
moments), finite-difference Jacobians of the coordinate maps, and translation invariance.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate as quad_integrate
from scipy import stats
from scipy.special import gammaln

from symphys.lie.groups import (
    SL,
    SO,
    Affine,
    GLPlus,
    PositiveDefinite,
    from_chart,
    haar_so,
    so_volume,
)


def _fro2(g):
    return np.sum(g * g, axis=(-1, -2))


# ---- volumes -----------------------------------------------------------------------------------
def test_so_volume_closed_forms():
    assert so_volume(1) == 1.0
    assert math.isclose(so_volume(2), 2 * math.pi)
    assert math.isclose(so_volume(3), 8 * math.pi**2)
    assert math.isclose(so_volume(4), 16 * math.pi**4)     # 8 pi^2 * vol S^3 = 8 pi^2 * 2 pi^2


def test_so3_volume_from_chart_density():
    """int over the ball |theta| <= pi of our density in exponential coordinates = 8 pi^2."""
    G = SO(3)

    def radial(th):
        Y = th * np.array([[0, -1, 0], [1, 0, 0], [0, 0, 0.0]])
        return 4 * np.pi * th**2 * np.exp(G.haar_log_density_chart(0 * Y, Y))

    val, _ = quad_integrate.quad(radial, 0, np.pi)
    assert math.isclose(val, 8 * math.pi**2, rel_tol=1e-10)


def test_so4_volume_from_chart_density(rng):
    """Monte Carlo over the principal domain of so(4) (6-dim): 16 pi^4 within 4 standard errors."""
    G = SO(4)
    m = 200_000
    R = np.pi * np.sqrt(2)                       # theta1^2 + theta2^2 <= 2 pi^2 on the domain
    z = rng.standard_normal((m, 6))
    y = z / np.linalg.norm(z, axis=1, keepdims=True) * R * rng.random((m, 1)) ** (1 / 6)
    Y = np.einsum("ma,aij->mij", y, G.lie_algebra_basis())
    theta = np.linalg.eigvalsh(1j * Y)[:, -1]
    inside = theta <= np.pi
    vals = np.where(inside, np.exp(G.haar_log_density_chart(0 * Y, Y)), 0.0)
    ball = math.pi**3 / math.gamma(4) * R**6
    est, se = ball * vals.mean(), ball * vals.std() / math.sqrt(m)
    assert se < 0.01 * est
    assert abs(est - 16 * math.pi**4) < 4 * se


# ---- SO(n) sampling ------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_so_samples_are_rotations_with_haar_moments(n, rng):
    """Haar moments from representation theory: E tr R = 0; E (tr R)^2 = #invariants in V⊗V
    (1 for n >= 3, 2 for n = 2); E tr R^2 = dim S^2(V)^G - dim Λ^2(V)^G (1 for n >= 3, 0 for
    n = 2)."""
    R, log_w = SO(n).sample(100_000, rng=rng)
    assert np.allclose(R @ np.swapaxes(R, 1, 2), np.eye(n), atol=1e-12)
    assert np.allclose(np.linalg.det(R), 1.0)
    assert np.allclose(log_w, np.log(so_volume(n)))
    t1 = np.trace(R, axis1=1, axis2=2)
    t2 = np.trace(R @ R, axis1=1, axis2=2)
    want = {"t1": 0.0, "t1sq": 2.0 if n == 2 else 1.0, "t2": 0.0 if n == 2 else 1.0}
    for key, x in {"t1": t1, "t1sq": t1 * t1, "t2": t2}.items():
        se = x.std() / math.sqrt(len(x))
        assert abs(x.mean() - want[key]) < 4.5 * se, (key, x.mean(), se)


def test_so3_trace_moments_from_weyl_density(rng):
    """SO(3): tr R^k = 1 + 2 cos(k theta), theta with density (1 - cos theta)/pi on [0, pi]:
    E tr R^k = 0, 1, 1, 1 for k = 1..4."""
    R, _ = SO(3).sample(100_000, rng=rng)
    Rk = np.broadcast_to(np.eye(3), R.shape)
    for want in [0, 1, 1, 1]:
        Rk = Rk @ R
        t = np.trace(Rk, axis1=1, axis2=2)
        assert abs(t.mean() - want) < 4.5 * t.std() / math.sqrt(len(t))


def test_so3_matches_scipy_special_ortho_group(rng):
    R, _ = SO(3).sample(20_000, rng=rng)
    ref = stats.special_ortho_group.rvs(3, size=20_000, random_state=5)
    for stat in (lambda A: np.trace(A, axis1=1, axis2=2), lambda A: A[:, 0, 2]):
        assert stats.ks_2samp(stat(R), stat(ref)).pvalue > 1e-3


def test_moment_test_catches_a_non_haar_sampler(rng):
    """QR without the sign fix (geomstats' sampler) has E tr R = -1/2 on SO(3): the test bites."""
    q, _ = np.linalg.qr(rng.standard_normal((100_000, 3, 3)))
    q[np.linalg.det(q) < 0, :, 0] *= -1
    t = np.trace(q, axis1=1, axis2=2)
    assert abs(t.mean() - 0.0) > 10 * t.std() / math.sqrt(len(t))


# ---- densities against finite-difference Jacobians ---------------------------------------------
def _fd_logabsdet(fun, u, h=1e-6):
    cols = [(fun(u + h * e) - fun(u - h * e)) / (2 * h) for e in np.eye(len(u))]
    return np.linalg.slogdet(np.stack(cols, axis=1))[1]


def test_glplus2_polar_and_chart_densities_match_jacobians():
    """Haar = |det g|^-2 dg; push forward through (P, theta) and (X, y) by numeric Jacobians."""
    G = GLPlus(2)
    rot = lambda t: np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    P = np.array([[1.7, 0.4], [0.4, 0.6]])
    th = 0.9
    g_of_polar = lambda u: (np.array([[u[0], u[1]], [u[1], u[2]]]) @ rot(u[3])).ravel()
    u = np.array([P[0, 0], P[0, 1], P[1, 1], th])
    g = g_of_polar(u).reshape(2, 2)
    # dk (probability) = dtheta / 2 pi
    want = G.haar_log_density(g) + _fd_logabsdet(g_of_polar, u) + math.log(2 * math.pi)
    assert math.isclose(G.haar_log_density_polar(P, rot(th)), want, abs_tol=1e-7)

    def g_of_chart(v):
        X = np.array([[v[0], v[1]], [v[1], v[2]]])
        Y = v[3] * np.array([[0, -1.0], [1.0, 0]])
        return from_chart(X, Y).ravel()

    v = np.array([0.3, -0.5, 0.2, 2.0])
    X = np.array([[0.3, -0.5], [-0.5, 0.2]])
    Y = 2.0 * np.array([[0, -1.0], [1.0, 0]])
    want = G.haar_log_density(g_of_chart(v).reshape(2, 2)) + _fd_logabsdet(g_of_chart, v)
    assert math.isclose(G.haar_log_density_chart(X, Y), want, abs_tol=1e-7)


def test_glplus3_chart_density_matches_jacobian(rng):
    G = GLPlus(3)
    p, k = G.split()
    basis = np.concatenate([p, k])
    fun = lambda v: from_chart(np.tensordot(v[:6], p, 1), np.tensordot(v[6:], k, 1)).ravel()
    v = 0.5 * rng.standard_normal(9)
    g = fun(v).reshape(3, 3)
    want = G.haar_log_density(g) + _fd_logabsdet(fun, v)
    X, Y = np.tensordot(v[:6], p, 1), np.tensordot(v[6:], k, 1)
    assert basis.shape == (9, 3, 3)
    assert math.isclose(G.haar_log_density_chart(X, Y), want, abs_tol=1e-6)


def test_pos_haar_density_matches_jacobian_of_exp(rng):
    G = PositiveDefinite(3)
    p, _ = G.split()
    fun = lambda v: G.exp(np.tensordot(v, p, 1))[np.triu_indices(3)]
    v = 0.7 * rng.standard_normal(6)
    P = G.exp(np.tensordot(v, p, 1))
    # Haar = dX = (1/|Jac|) dP
    assert math.isclose(G.haar_log_density(P), -_fd_logabsdet(fun, v), abs_tol=1e-6)


def test_affine_left_haar_density_closed_form():
    A = Affine(GLPlus(1))             # the ax+b group: left Haar da db / a^2, right da db / a
    g = np.array([[3.0, 5.0], [0.0, 1.0]])
    assert math.isclose(A.haar_log_density(g), -2 * math.log(3))
    assert math.isclose(A.right_haar_log_density(g), -math.log(3))
    assert math.isclose(A.modular_function(g), 1 / 3)


# ---- integrals with closed forms --------------------------------------------------------------
def _gaussian_det_moment(n, b):
    """E|det G|^b for an n x n standard Gaussian G: prod_i 2^(b/2) Γ((n-i+1+b)/2) / Γ((n-i+1)/2)."""
    return math.exp(sum(0.5 * b * math.log(2) + gammaln((n - i + 1 + b) / 2)
                        - gammaln((n - i + 1) / 2) for i in range(1, n + 1)))


@pytest.mark.parametrize("n, b, proposal", [(2, 2.0, "logt"), (3, 0.5, "logt"),
                                            (2, 2.0, "lognormal")])
def test_glplus_gaussian_integral(n, b, proposal):
    """int_{GL+} e^{-|g|^2/2} |det g|^(n+b) dHaar = (2 pi)^(n^2/2) / 2 * E|det G|^b."""
    exact = (2 * math.pi) ** (n * n / 2) / 2 * _gaussian_det_moment(n, b)
    f = lambda g: np.exp(-_fro2(g) / 2) * np.abs(np.linalg.det(g)) ** (n + b)
    est, se = GLPlus(n).integrate(f, 200_000, rng=11, proposal=proposal, progress=False)
    assert se < 0.02 * exact
    assert abs(est - exact) < 4 * se


@pytest.mark.parametrize("n", [2, 3])
def test_sl_integral_closed_form(n):
    """int_{SL(n)} |g|_F^(-n^2) dmu_SL = pi^(n^2/2) / (n Γ(n^2/2)) (from the GL+ Gaussian by the
    disintegration along log det that defines dmu_SL)."""
    exact = math.pi ** (n * n / 2) / (n * math.gamma(n * n / 2))
    f = lambda g: _fro2(g) ** (-n * n / 2)
    est, se = SL(n).integrate(f, 100_000, rng=3, proposal="logt", progress=False)
    assert se < 0.01 * exact
    assert abs(est - exact) < 4 * se


def test_affine_integral_closed_form():
    """ax+b group: int e^{-a - b^2} a^2 da db / a^2 = sqrt(pi)."""
    A = Affine(GLPlus(1))
    f = lambda g: np.exp(-g[:, 0, 0] - g[:, 0, 1] ** 2) * g[:, 0, 0] ** 2
    est, se = A.integrate(f, 200_000, rng=2, proposal="logt", progress=False)
    assert se < 0.02 * math.sqrt(math.pi) and abs(est - math.sqrt(math.pi)) < 4 * se


# ---- invariance -----------------------------------------------------------------------------
def _same(a, b):
    (x, sx), (y, sy) = a, b
    return abs(x - y) < 4 * math.hypot(sx, sy)


def test_glplus_left_right_invariance():
    G = GLPlus(3)
    h = np.array([[2.0, 1.0, 0.0], [0.0, 0.5, 0.3], [0.2, 0.0, 1.5]])
    f = lambda g: np.exp(-_fro2(g) / 2) * np.linalg.det(g) ** 4
    opts = dict(proposal="logt", progress=False)
    base = G.integrate(f, 100_000, rng=1, **opts)
    left = G.integrate(lambda g: f(h @ g), 100_000, rng=2, **opts)
    right = G.integrate(lambda g: f(g @ h), 100_000, rng=3, **opts)
    assert base[1] < 0.03 * base[0]
    assert _same(base, left) and _same(base, right)
    # the test can fail: under Lebesgue measure dg the left-translated integral would be
    # base / det(h)^3 (det h = 1.56); the estimates clearly rule that out
    det_h = np.linalg.det(h)
    assert not _same(base, (left[0] * det_h ** 3, left[1] * det_h ** 3))


def test_sl2_left_right_invariance():
    G = SL(2)
    h = np.array([[2.0, 1.0], [0.0, 0.5]])
    f = lambda g: np.exp(-_fro2(g))
    opts = dict(proposal="logt", progress=False)
    base = G.integrate(f, 100_000, rng=1, **opts)
    assert base[1] < 0.03 * base[0]
    assert _same(base, G.integrate(lambda g: f(h @ g), 100_000, rng=2, **opts))
    assert _same(base, G.integrate(lambda g: f(g @ h), 100_000, rng=3, **opts))


def test_so3_invariance_and_mean():
    G = SO(3)
    h = G.exp(np.array([[0, -0.7, 0.2], [0.7, 0, -1.1], [-0.2, 1.1, 0.0]]))
    f = lambda R: np.exp(R[:, 0, 0] + 2 * R[:, 1, 2])
    base = G.integrate(f, 50_000, rng=1, progress=False)
    assert _same(base, G.integrate(lambda R: f(h @ R), 50_000, rng=2, progress=False))
    assert _same(base, G.integrate(lambda R: f(R @ h), 50_000, rng=3, progress=False))
    ones = G.integrate(lambda R: np.ones(len(R)), 10, rng=0, progress=False)
    assert math.isclose(ones[0], 8 * math.pi**2) and ones[1] < 1e-9


def test_pos_measures_invariance():
    G = PositiveDefinite(2)
    f = lambda p: np.exp(-np.trace(p, axis1=1, axis2=2) - np.trace(np.linalg.inv(p), axis1=1,
                                                                    axis2=2))
    h = np.array([[1.5, 0.7], [0.0, 0.8]])
    opts = dict(measure="invariant", progress=False)
    base = G.integrate(f, 100_000, rng=1, **opts)
    moved = G.integrate(lambda p: f(G.congruence(h, p)), 100_000, rng=2, **opts)
    assert base[1] < 0.03 * base[0] and _same(base, moved)
    # the log-Euclidean Haar is invariant under its own translations
    p0 = np.array([[2.0, 0.5], [0.5, 1.0]])
    base = G.integrate(f, 100_000, rng=3, progress=False)
    moved = G.integrate(lambda p: f(G.compose(p0, p)), 100_000, rng=4, progress=False)
    assert _same(base, moved)


def test_affine_modular_function_by_right_translation():
    """int f(g g0^-1) dmu_L(g) = Delta(g0) int f dmu_L with Delta(h, x) = |det h|^-1."""
    A = Affine(GLPlus(2))
    g0 = A.from_parts(np.array([[2.0, 0.3], [0.0, 1.5]]), [0.5, -0.2])
    g0inv = A.inverse(g0)
    f = lambda g: np.exp(-_fro2(g[:, :2, :]) / 2) * np.abs(np.linalg.det(g[:, :2, :2])) ** 4
    opts = dict(proposal="logt", progress=False)
    base = A.integrate(f, 200_000, rng=1, **opts)
    right = A.integrate(lambda g: f(g @ g0inv), 200_000, rng=2, **opts)
    left = A.integrate(lambda g: f(g0inv @ g), 200_000, rng=3, **opts)
    delta = float(A.modular_function(g0))
    assert math.isclose(delta, 1 / 3)
    assert base[1] < 0.03 * base[0]
    assert _same(base, left)
    assert _same((delta * base[0], delta * base[1]), right)
    assert not _same(base, right)


# ---- standard errors ----------------------------------------------------------------------------
def test_integrate_standard_errors_are_calibrated():
    """Over 200 independent runs the z-scores (estimate - exact)/se are ~N(0, 1)."""
    n, b = 2, 2.0
    exact = (2 * math.pi) ** (n * n / 2) / 2 * _gaussian_det_moment(n, b)
    f = lambda g: np.exp(-_fro2(g) / 2) * np.abs(np.linalg.det(g)) ** (n + b)
    gen = np.random.default_rng(99)
    z = []
    for _ in range(200):
        est, se = GLPlus(n).integrate(f, 2000, rng=gen, proposal="logt", progress=False)
        z.append((est - exact) / se)
    z = np.array(z)
    assert 0.8 < z.std() < 1.25
    assert abs(z.mean()) < 0.3
    assert 0.9 < np.mean(np.abs(z) < 1.96) < 0.99


def test_integrate_chunks_and_validates():
    G = SO(2)
    est, se = G.integrate(lambda R: R[:, 0, 0] ** 2, 25_000, rng=0, chunk=10_000, progress=False)
    assert abs(est - math.pi) < 4 * se            # int cos^2 over a circle of length 2 pi
    with pytest.raises(ValueError, match="n_samples"):
        G.integrate(lambda R: R[:, 0, 0], 1)
    with pytest.raises(ValueError, match="f must return shape"):
        G.integrate(lambda R: R[:, 0], 10, progress=False)
    with pytest.raises(ValueError, match="scale"):
        GLPlus(2).sample(3, scale=-1.0)
    with pytest.raises(ValueError, match="proposal"):
        GLPlus(2).sample(3, proposal="uniform")


def test_sl2_polar_density_consistent_with_chart_density():
    """On det P = 1, delta(det P - 1) dp11 dp12 dp22 = dp11 dp12 / p11 (p22 solved). The polar
    density divided by p11 must equal the chart density (w.r.t. dX0 dk) over |d(p11, p12)/dX0|."""
    G = SL(2)
    p_basis, _ = G.split()

    def p_of_x(v):
        P = G.exp(np.tensordot(v, p_basis, 1))
        return np.array([P[0, 0], P[0, 1]])

    v = np.array([0.4, -0.3])
    X0 = np.tensordot(v, p_basis, 1)
    P = G.exp(X0)
    x = np.linalg.eigvalsh(X0)
    chart_density = G._log_density_x(x)                      # w.r.t. dX0 dk (probability)
    want = chart_density - _fd_logabsdet(p_of_x, v)         # w.r.t. dp11 dp12 dk
    got = G.haar_log_density_polar(P, np.eye(2)) - math.log(P[0, 0])
    assert math.isclose(got, want, abs_tol=1e-7)


@pytest.mark.parametrize("group", [GLPlus(2), SL(2), SO(3), PositiveDefinite(2), Affine(SO(2))])
def test_sample_rejects_bad_counts(group):
    with pytest.raises(ValueError, match=r"n_samples=-1 violates n_samples >= 0"):
        group.sample(-1, rng=0)
    with pytest.raises(TypeError, match="n_samples must be an int"):
        group.sample(2.5, rng=0)
    assert group.sample(0, rng=0)[0].shape[0] == 0


def test_haar_so_and_integrate_reject_bad_sizes():
    with pytest.raises(ValueError, match="size=-2 violates size >= 0"):
        haar_so(3, -2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="chunk=0 violates chunk >= 1"):
        SO(2).integrate(lambda R: R[:, 0, 0], 10, rng=0, chunk=0)
