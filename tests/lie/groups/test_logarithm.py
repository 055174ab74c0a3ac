"""The real matrix logarithm and Culver's existence criterion, against scipy and closed forms."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from scipy.stats import special_ortho_group

from symphys.lie.groups import SL, SO, GLPlus, NoRealLogarithm, exp, has_real_log, log


def _rotation(axis, angle):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    K = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * K + (1 - np.cos(angle)) * K @ K   # Rodrigues


def test_exp_matches_scipy_expm(rng):
    X = rng.standard_normal((30, 4, 4))
    ours = exp(X)
    for i in range(30):
        assert np.allclose(ours[i], scipy.linalg.expm(X[i]), rtol=1e-13, atol=1e-13)


def test_exp_of_rotation_generator_is_rodrigues():
    th = 1.3
    Y = th * np.array([[0, -1, 0], [1, 0, 0], [0, 0, 0.0]])
    assert np.allclose(exp(Y), _rotation([0, 0, 1], th), atol=1e-15)


def test_log_matches_scipy_logm_and_round_trips(rng):
    g = rng.standard_normal((400, 3, 3)) + 2 * np.eye(3)
    ok = has_real_log(g)
    g = g[ok]
    L = log(g)
    assert np.isrealobj(L)
    for i in range(0, len(g), 10):
        ref = scipy.linalg.logm(g[i])
        assert np.allclose(L[i], ref.real, atol=1e-9) and np.abs(ref.imag).max() < 1e-9
    err = np.linalg.norm(exp(L) - g, axis=(1, 2)) / np.linalg.norm(g, axis=(1, 2))
    scale = 1 + np.linalg.norm(L, axis=(1, 2))
    assert np.all(err < 1e-12 * scale)


def test_log_of_positive_diagonal_is_elementwise_log():
    d = np.array([0.5, 2.0, 7.0])
    assert np.allclose(log(np.diag(d)), np.diag(np.log(d)), atol=1e-15)


def test_log_of_a_defective_matrix_uses_the_fallback():
    """J2(2) = [[2, 1], [0, 2]]: log = [[log 2, 1/2], [0, log 2]] (closed form)."""
    g = np.array([[2.0, 1.0], [0.0, 2.0]])
    assert np.allclose(log(g), [[np.log(2), 0.5], [0, np.log(2)]], atol=1e-12)


@pytest.mark.parametrize("axis", [[0, 0, 1], [1, 2, 3], [1, -1, 0]])
def test_rotation_by_pi_has_a_real_skew_log(axis):
    """Rotations by pi: eigenvalues (-1, -1, 1); a real log exists (pi times a unit generator)."""
    R = _rotation(axis, np.pi)
    assert has_real_log(R)
    L = log(R)
    assert np.isrealobj(L) and np.allclose(L, -L.T, atol=1e-12)
    assert np.allclose(exp(L), R, atol=1e-12)
    # rotation angle pi about the given axis: L = ±pi [axis]_x
    a = np.asarray(axis, float) / np.linalg.norm(axis)
    w = np.array([L[2, 1], L[0, 2], L[1, 0]])
    assert np.isclose(np.linalg.norm(w), np.pi) and np.isclose(abs(w @ a), np.pi)
    # the SO(3) logarithm agrees
    Ls = SO(3).log(R)
    assert np.allclose(exp(Ls), R, atol=1e-12)


def test_known_cases_without_real_log():
    cases = [
        np.diag([-1.0, -2.0, 0.5]),                          # from the issue
        np.array([[-2.0, 0.0], [0.0, -0.5]]),                # SL(2), trace < -2
        np.array([[-1.0, 1.0], [0.0, -1.0]]),                # SL(2), trace = -2, not -I
        np.diag([-1.0, -1.0, -1.0, 1.0]),                    # eigenvalue -1 with multiplicity 3
        np.diag([1.0, 0.0]),                                 # singular
    ]
    for g in cases:
        assert not has_real_log(g), g
        with pytest.raises(NoRealLogarithm):
            log(g)


def test_known_cases_with_real_log():
    J2 = np.array([[-1.0, 1.0], [0.0, -1.0]])
    pair = np.block([[J2, np.zeros((2, 2))], [np.zeros((2, 2)), J2]])   # J2(-1) twice
    cases = [-np.eye(2), np.diag([-3.0, -3.0, 2.0]), pair,
             np.array([[0.0, -1.0], [1.0, 0.0]])]
    for g in cases:
        assert has_real_log(g), g


def _jordan(lam, k):
    return lam * np.eye(k) + np.eye(k, k=1)


@pytest.mark.parametrize("rotate", [False, True])
@pytest.mark.parametrize("blocks", [
    [(-1.0, 2), (-1.0, 2)],                                   # J2(-1) + J2(-1)
    [(-1.0, 1)] * 4,                                          # -I_4 (diagonalisable)
    [(-1.0, 4), (-1.0, 4)],                                   # J4(-1) twice
    [(-2.0, 3), (-2.0, 3), (-2.0, 1), (-2.0, 1), (3.0, 2), (-0.5, 2), (-0.5, 2)],
])
def test_paired_defective_negative_blocks_have_a_real_log(blocks, rotate):
    """Culver: paired Jordan blocks of a negative eigenvalue admit a real log; exp(log g) == g.

    Also in a random orthonormal basis, where eigvals spreads a k x k block over ~eps^(1/k)."""
    T = scipy.linalg.block_diag(*[_jordan(lam, k) for lam, k in blocks])
    Q = special_ortho_group.rvs(len(T), random_state=5) if rotate else np.eye(len(T))
    g = Q @ T @ Q.T
    assert has_real_log(g)
    L = log(g)
    assert np.isrealobj(L)
    assert np.linalg.norm(exp(L) - g) <= 1e-11 * np.linalg.norm(g)
    # det exp(L) = exp(tr L) (independent of how L was built)
    assert np.isclose(np.trace(L), np.log(np.linalg.det(g)))


@pytest.mark.parametrize("rotate", [False, True])
@pytest.mark.parametrize("blocks", [
    [(-2.0, 3), (-2.0, 3), (-2.0, 1)],                        # J1(-2) once
    [(-1.0, 2), (-1.0, 1), (-1.0, 1)],                        # J2(-1) once
    [(-1.0, 3), (-1.0, 1)],                                   # J3 and J1, unpaired
])
def test_unpaired_defective_negative_blocks_have_none(blocks, rotate):
    T = scipy.linalg.block_diag(*[_jordan(lam, k) for lam, k in blocks])
    Q = special_ortho_group.rvs(len(T), random_state=6) if rotate else np.eye(len(T))
    g = Q @ T @ Q.T
    assert not has_real_log(g)
    with pytest.raises(NoRealLogarithm):
        log(g)


def test_close_but_distinct_negative_eigenvalues_have_no_real_log():
    g = np.diag([-1.0, -1.0005, 2.0])
    assert not has_real_log(g)
    with pytest.raises(NoRealLogarithm):
        log(g)


def test_complex_pair_near_the_negative_axis_matches_scipy():
    """Rotation by pi - 1e-5 (eigenvalues off the axis): the principal log, as scipy's logm."""
    t = np.pi - 1e-5
    g = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 2.0]])
    assert has_real_log(g)
    assert np.allclose(log(g), scipy.linalg.logm(g).real, atol=1e-9)


def test_negative_eigenvalue_pair_with_other_spectrum(rng):
    Q = special_ortho_group.rvs(4, random_state=3)
    T = np.diag([-2.0, -2.0, 3.0, 0.5])
    T[2, 3] = 1.0
    g = Q @ T @ Q.T
    L = log(g)
    assert np.isrealobj(L) and np.allclose(exp(L), g, atol=1e-12)
    assert np.isclose(np.trace(L), np.log(np.linalg.det(g)))


def test_no_real_log_names_batch_indices():
    g = np.stack([np.eye(2), -np.diag([2.0, 0.5]), np.eye(2), np.diag([-1.0, -3.0])])
    with pytest.raises(NoRealLogarithm, match=r"\[1, 3\]") as info:
        log(g)
    assert info.value.indices == [(1,), (3,)]
    assert isinstance(info.value, ValueError)
    assert has_real_log(g).tolist() == [True, False, True, False]


def test_sl2_image_of_exp_is_trace_greater_than_minus_two(rng):
    """exp(sl(2)) = {tr g > -2} ∪ {-I} (closed form); check on random SL(2) elements."""
    g = rng.standard_normal((2000, 2, 2)) * 2
    g[np.linalg.det(g) < 0, 0] *= -1
    g = g / np.sqrt(np.linalg.det(g))[:, None, None]
    tr = np.trace(g, axis1=1, axis2=2)
    keep = np.abs(tr + 2) > 1e-6
    got = SL(2).in_image_of_exp(g[keep])
    assert np.array_equal(got, tr[keep] > -2)
    assert SL(2).in_image_of_exp(-np.eye(2))
    L = SL(2).log(g[keep][got])
    assert np.allclose(np.trace(L, axis1=1, axis2=2), 0, atol=1e-12)


def test_scipy_returns_complex_where_we_raise():
    g = np.diag([-1.0, -2.0, 0.5])
    assert np.iscomplexobj(scipy.linalg.logm(g))
    assert not GLPlus(3).in_image_of_exp(g)


def test_log_rejects_bad_input():
    with pytest.raises(ValueError, match="NaN"):
        log(np.array([[np.inf, 0], [0, 1.0]]))
    with pytest.raises(ValueError, match="square"):
        log(np.ones((2, 3)))
    with pytest.raises(TypeError):
        log("abc")


@pytest.mark.parametrize("delta", [0.0, 1e-12, 1e-9, 1e-6, 1e-3, 0.5])
def test_so3_log_near_pi_recovers_angle_and_axis(delta, rng):
    """Rotations by pi - delta about random axes (Rodrigues): log = (pi - delta) [n]_x."""
    for _ in range(5):
        a = rng.standard_normal(3)
        a /= np.linalg.norm(a)
        th = np.pi - delta
        R = _rotation(a, th)
        L = SO(3).log(R)
        w = np.array([L[2, 1], L[0, 2], L[1, 0]])
        if delta == 0.0:                 # axis sign is a free choice at exactly pi
            w = w * np.sign(w @ a)
        assert np.allclose(w, th * a, atol=1e-12)


@pytest.mark.parametrize("d", [[-1, -1, -1, -1], [-1, -1, 1, 1], [1, 1, 1, 1]])
def test_so4_log_at_pi_rotations(d):
    Q = special_ortho_group.rvs(4, random_state=4)
    R = Q @ np.diag(np.array(d, float)) @ Q.T
    L = SO(4).log(R)
    assert np.allclose(L, -L.T) and np.allclose(exp(L), R, atol=1e-12)
    assert np.allclose(log(R), -log(R).T, atol=1e-12) and np.allclose(exp(log(R)), R, atol=1e-12)


@pytest.mark.parametrize("delta", [0.0, 1e-12, 3e-10, 1e-9, 3e-9, 1e-6])
def test_so4_two_planes_near_pi(delta):
    rot = lambda t: np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    D = np.zeros((4, 4))
    D[:2, :2], D[2:, 2:] = rot(np.pi), rot(np.pi - delta)
    Q = special_ortho_group.rvs(4, random_state=8)
    R = Q @ D @ Q.T
    L = SO(4).log(R)
    assert np.allclose(L, -L.T, atol=1e-15)
    assert np.allclose(exp(L), R, atol=1e-8)
    ang = np.sort(np.abs(np.linalg.eigvals(L).imag))[::2]
    assert np.allclose(ang, np.sort([np.pi, np.pi - delta]), atol=1e-8)


def test_so5_log_batched_matches_scipy_and_round_trips(rng):
    R, _ = SO(5).sample(300, rng=rng)
    # add elements with a plane at exactly pi (hard path, real Schur) to the batch
    D = np.diag([-1.0, -1.0, 1.0, 1.0, 1.0])
    Q = special_ortho_group.rvs(5, size=3, random_state=2)
    R = np.concatenate([R, Q @ D @ np.swapaxes(Q, 1, 2)])
    L = SO(5).log(R)
    assert np.allclose(L, -np.swapaxes(L, 1, 2), atol=1e-15)
    assert np.allclose(exp(L), R, atol=1e-12)
    for i in range(0, 300, 30):
        assert np.allclose(L[i], scipy.linalg.logm(R[i]).real, atol=1e-10)


def _rot2(t):
    return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])


@pytest.mark.parametrize("delta", [1e-2, 1e-3, 2e-5])
def test_negative_pair_next_to_a_near_pi_rotation(delta):
    """-I_2 + R(pi - delta) + [2] in a random basis: eigenvalues -1, -1 and -1 +- i delta
    nearly; the real log exists (Culver) and must not confuse the pair for a Jordan block."""
    T = scipy.linalg.block_diag(-np.eye(2), _rot2(np.pi - delta), [[2.0]])
    Q = special_ortho_group.rvs(5, random_state=3)
    g = Q @ T @ Q.T
    assert has_real_log(g)
    L = log(g)
    assert np.linalg.norm(exp(L) - g) <= 1e-12 * np.linalg.norm(g)


def test_jordan_pair_with_a_separate_complex_pair():
    J2 = _jordan(-1.0, 2)
    T = scipy.linalg.block_diag(J2, J2, _rot2(np.pi - 0.01), [[2.0]])
    Q = special_ortho_group.rvs(7, random_state=3)
    g = Q @ T @ Q.T
    L = log(g)
    assert np.linalg.norm(exp(L) - g) <= 1e-12 * np.linalg.norm(g)


@pytest.mark.parametrize("delta", [1e-3, 2e-5, 1e-6, 1e-9])
def test_ill_resolved_spectra_give_a_true_log_or_a_clear_error(delta):
    """J2(-1) twice next to eigenvalues -1 +- i delta: the Jordan structure is decided from
    numerical ranks, which the nearby pair can fool. Either the returned L satisfies
    exp(L) = g, or the error lists g as unresolved (not as having no real log: one exists);
    never a wrong L."""
    J2 = _jordan(-1.0, 2)
    T = scipy.linalg.block_diag(J2, J2, _rot2(np.pi - delta), [[2.0]])
    Q = special_ortho_group.rvs(7, random_state=3)
    g = Q @ T @ Q.T
    try:
        L = log(g)
    except NoRealLogarithm as err:
        # every failure carries its batch index; this one as unresolved, never as "no log"
        assert err.indices == err.unresolved == [()], "a real logarithm exists (Culver)"
        assert "ill-resolved" in str(err) and "has no real logarithm" not in str(err)
    else:
        assert np.linalg.norm(exp(L) - g) <= 1e-8 * np.linalg.norm(g)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("delta", [1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 0.0])
def test_no_false_no_real_log_claim_under_rounding(seed, delta):
    """Issue 19: on Python 3.13 / numpy 2.5 / scipy 1.18 the case delta = 1e-9 above raised
    NoRealLogarithm, because LAPACK's rounding moved which computed eigenvalues counted as
    negative. The verdict must not depend on that: over many bases and deltas, has_real_log is
    True, and log gives a verified logarithm or lists g as unresolved, never the claim."""
    J2 = _jordan(-1.0, 2)
    T = scipy.linalg.block_diag(J2, J2, _rot2(np.pi - delta), [[2.0]])
    Q = special_ortho_group.rvs(7, random_state=seed)
    g = Q @ T @ Q.T
    assert has_real_log(g)
    try:
        L = log(g)
    except NoRealLogarithm as err:
        # every failure carries its batch index; this one as unresolved, never as "no log"
        assert err.indices == err.unresolved == [()], "a real logarithm exists (Culver)"
        assert "ill-resolved" in str(err) and "has no real logarithm" not in str(err)
    else:
        assert np.linalg.norm(exp(L) - g) <= 1e-8 * np.linalg.norm(g)


@pytest.mark.parametrize("seed", range(6))
def test_unpaired_blocks_stay_without_log_in_any_basis(seed):
    """The certain cases keep their verdict: J2(-1) + J1(-1) + J1(-1) (a J2 block once) and
    diag(-1, -1, -1, 2) (odd multiplicity) have no real logarithm in any basis."""
    Q = special_ortho_group.rvs(5, random_state=seed)
    for T in (scipy.linalg.block_diag(_jordan(-1.0, 2), -np.eye(2), [[2.0]]),
              np.diag([-1.0, -1.0, -1.0, 2.0, 3.0])):
        g = Q @ T @ Q.T
        assert not has_real_log(g)
        with pytest.raises(NoRealLogarithm):
            log(g)


def test_every_failure_path_carries_batch_indices():
    """Issue 15: a batch with a good entry, one without a real log (Culver) and one whose
    structure may be ill-resolved: the exception lists every entry without a logarithm."""
    J2 = _jordan(-1.0, 2)
    Q = special_ortho_group.rvs(7, random_state=3)
    hard = Q @ scipy.linalg.block_diag(J2, J2, _rot2(np.pi - 2e-5), [[2.0]]) @ Q.T
    batch = np.stack([np.diag([1.0, 2, 3, 4, 5, 6, 7]), np.diag([-1.0, -2, 0.5, 1, 1, 1, 1]),
                      hard])
    with pytest.raises(NoRealLogarithm) as info:
        log(batch)
    err = info.value
    assert (1,) in err.indices and (0,) not in err.indices
    assert (1,) not in err.unresolved and set(err.unresolved) <= set(err.indices)
    try:
        log(hard)
        hard_fails = False
    except NoRealLogarithm:
        hard_fails = True
    assert ((2,) in err.indices) == hard_fails


def _rotation_with_angles(n, angles, seed):
    """k = V blocks(R(theta_i)) V^T, rounded once from 50-digit arithmetic, and its exact log."""
    mpmath = pytest.importorskip("mpmath")
    V = special_ortho_group.rvs(n, random_state=seed)
    Y = np.zeros((n, n))
    for i, t in enumerate(angles):
        Y[2 * i + 1, 2 * i], Y[2 * i, 2 * i + 1] = t, -t
    Y = V @ Y @ V.T
    with mpmath.workdps(50):
        k = np.array(mpmath.expm(mpmath.matrix(Y.tolist())).tolist(), dtype=float)
    return k, Y


@pytest.mark.parametrize("n", [4, 5, 6, 8])
def test_so_log_near_pi_keeps_its_digits(n):
    """Two rotation planes near pi (angles pi - 2e-3, pi - 3e-3): the A theta / sin theta formula
    lost 5-6 digits (4e-11 .. 7e-11 relative). The principal log's own condition number there is
    about 2 pi / (2e-3 + 3e-3) ~ 1300 (eigenvalues e^{i theta1}, e^{-i theta2} nearly meet across
    the branch cut), so ~3e-13 is the attainable accuracy."""
    for seed in range(5):
        k, Y = _rotation_with_angles(n, [np.pi - 2e-3, np.pi - 3e-3] + [0.5] * (n // 2 - 2), seed)
        L = SO(n).log(k)
        assert np.abs(L - Y).max() <= 2e-12 * np.abs(Y).max()
    for delta in (1e-1, 1e-2, 2e-3, 1e-6):  # one plane near pi: well conditioned
        k, Y = _rotation_with_angles(n, [np.pi - delta] + [0.7] * (n // 2 - 1), 7)
        assert np.abs(SO(n).log(k) - Y).max() <= 2e-14 * np.abs(Y).max()


def _negative_pair_conjugates(count, seed):
    """g = V diag(-a, -a, b) V^-1 with cond(V) in (200, 600): a real log exists (the negative
    eigenvalue -a is semisimple with two Jordan blocks of size 1, Culver)."""
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < count:
        V = rng.normal(size=(3, 3))
        if not 200 < np.linalg.cond(V) < 600:
            continue
        a, b = np.exp(rng.uniform(-2, 2, size=2))
        out.append(V @ np.diag([-a, -a, b]) @ np.linalg.inv(V))
    return np.array(out)


def _check_all_have_a_verified_log(g):
    L = log(g)  # one batch: a NoRealLogarithm would list the refused entries
    resid = np.linalg.norm(exp(L) - g, axis=(-2, -1)) / np.linalg.norm(g, axis=(-2, -1))
    assert np.all(resid <= 1e-8)


def test_conjugated_negative_pairs_have_their_log():
    """Issue 15: about 0.13% of these were refused (cond V ~ 340) although a real log exists."""
    _check_all_have_a_verified_log(_negative_pair_conjugates(60, 0))


@pytest.mark.slow
def test_conjugated_negative_pairs_have_their_log_many():
    _check_all_have_a_verified_log(_negative_pair_conjugates(3000, 1))
