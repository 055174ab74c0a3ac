"""Wigner d and D matrices: the explicit sum in mpmath, group laws, unitarity at high l."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.linalg import expm
from scipy.spatial.transform import Rotation

from symphys.angular import wigner_D, wigner_d, wigner_d_half_pi


def d_explicit(j, mp, m, beta, dps=60):
    """Wikipedia's explicit sum for d^j_{m'm}(β), in mpmath at ``dps`` digits (β=None: π/2)."""
    with mpmath.workdps(dps):
        j, mp, m = mpmath.mpf(j), mpmath.mpf(mp), mpmath.mpf(m)
        beta = mpmath.pi / 2 if beta is None else beta
        c, s = mpmath.cos(mpmath.mpf(beta) / 2), mpmath.sin(mpmath.mpf(beta) / 2)
        tot = mpmath.mpf(0)
        for k in range(int(2 * j) + 1):
            a = [j + m - k, k, mp - m + k, j - mp - k]
            if min(a) < 0:
                continue
            den = 1
            for x in a:
                den *= mpmath.factorial(x)
            tot += ((-1) ** int(mp - m + k) * c ** (2 * j + m - mp - 2 * k)
                    * s ** (mp - m + 2 * k) / den)
        return float(tot * mpmath.sqrt(mpmath.factorial(j + mp) * mpmath.factorial(j - mp)
                                       * mpmath.factorial(j + m) * mpmath.factorial(j - m)))


@pytest.mark.parametrize("j", [0, 0.5, 1, 1.5, 2, 3.5, 5])
def test_small_d_equals_explicit_sum(j):
    for beta in (0.0, 0.4, 1.7, np.pi, 5.0):
        d = wigner_d(j, beta)
        n = int(2 * j) + 1
        ref = np.array([[d_explicit(j, -j + r, -j + c, beta) for c in range(n)]
                        for r in range(n)])
        assert np.abs(d - ref).max() <= 4e-16


def test_high_l_entries_against_explicit_sum():
    d = wigner_d(60, 2.3)
    for r, c in [(0, 0), (60, 60), (10, 100), (77, 3), (120, 60)]:
        ref = d_explicit(60, r - 60, c - 60, 2.3, dps=150)
        assert abs(d[r, c] - ref) < 1e-14


def test_delta_is_d_at_half_pi():
    for j in (1, 2.5, 7):
        assert np.allclose(wigner_d_half_pi(j), wigner_d(j, np.pi / 2), atol=1e-15)
    D = wigner_d_half_pi(7)
    for r, c in [(4, 2), (0, 14), (9, 3), (7, 8)]:  # correctly rounded
        assert D[r, c] == d_explicit(7, r - 7, c - 7, None)


def _unitarity_and_composition(ls):
    for l in ls:
        d1, d2, d12 = wigner_d(l, [0.3, 1.1, 1.4])
        n = 2 * l + 1
        assert np.abs(d1 @ d1.T - np.eye(n)).max() < 1e-12
        assert np.abs(d1 @ d2 - d12).max() < 1e-12  # d(a) d(b) = d(a + b)


def test_unitarity_and_composition_at_high_l():
    _unitarity_and_composition([100])


@pytest.mark.slow
def test_unitarity_and_composition_at_l250():
    _unitarity_and_composition([250])


def _spin_matrices(j):
    """Jx, Jy, Jz in the |j m> basis, m = -j..j, from the ladder formula (Condon-Shortley)."""
    n = int(round(2 * j)) + 1
    m = -j + np.arange(n)
    jp = np.zeros((n, n))  # <m+1| J+ |m> = sqrt(j(j+1) - m(m+1))
    jp[np.arange(1, n), np.arange(n - 1)] = np.sqrt(j * (j + 1) - m[:-1] * (m[:-1] + 1))
    return (jp + jp.T) / 2, (jp - jp.T) / 2j, np.diag(m).astype(complex)


def D_from_rotation(j, R):
    """``D^j(R) = exp(-i θ n·J)`` from the rotation vector ``θ n`` of ``R``: no Euler angles."""
    jx, jy, jz = _spin_matrices(j)
    x, y, z = R.as_rotvec()
    return expm(-1j * (x * jx + y * jy + z * jz))


def _equal_up_to_double_cover(j, A, B, atol):
    if j % 1 == 0:
        return np.allclose(A, B, atol=atol)
    return np.allclose(A, B, atol=atol) or np.allclose(A, -B, atol=atol)


# Composition is checked against D(R1 R2) from the axis-angle of the quaternion product, which
# is well conditioned everywhere. (Extracting Euler angles of R1 R2 is not: near gimbal lock,
# beta ~ 1e-10, scipy's as_euler assigns alpha + gamma to alpha alone and returns a rotation
# off by O(beta) -- that, not wigner_D, made the example below fail when the test used it.)
@example(j=1, angles=[0.0, 1e-10, 0.0, 0.0, 0.0, 1.0])
@example(j=0.5, angles=[0.0, 1e-10, 0.0, 0.0, 0.0, 1.0])
@example(j=2, angles=[0.3, 0.0, -0.3, 1.0, np.pi, 2.0])
@given(st.sampled_from([0.5, 1, 2, 3.5, 6]), st.lists(st.floats(-3.2, 3.2), min_size=6,
                                                       max_size=6))
@settings(max_examples=25, deadline=None)
def test_D_is_a_unitary_representation(j, angles):
    a1, b1, c1, a2, b2, c2 = angles
    R1 = Rotation.from_euler("ZYZ", [a1, b1, c1])
    R2 = Rotation.from_euler("ZYZ", [a2, b2, c2])
    D1, D2 = wigner_D(j, a1, b1, c1), wigner_D(j, a2, b2, c2)
    n = int(2 * j) + 1
    assert np.allclose(D1 @ D1.conj().T, np.eye(n), atol=1e-13)
    # the Euler-angle formula agrees with exp(-i θ n·J) (second, independent method) ...
    assert _equal_up_to_double_cover(j, D1, D_from_rotation(j, R1), 1e-12)
    # ... and D(R1) D(R2) = D(R1 R2) (SU(2): up to the sign of the double cover)
    assert _equal_up_to_double_cover(j, D1 @ D2, D_from_rotation(j, R1 * R2), 1e-12)


def test_D_group_law_exact_composition():
    """Group law without any angle extraction: Rz(γ1) Rz(α2) = Rz(γ1 + α2) when β2 = 0, and
    d(β1) d(β2) = d(β1 + β2); includes the gimbal-lock example β = 1e-10."""
    for j in (0.5, 1, 3.5, 6):
        for b1 in (1e-10, 0.7):
            D12 = wigner_D(j, 0.0, b1, 0.0) @ wigner_D(j, 0.0, 0.0, 1.0)
            assert np.abs(D12 - wigner_D(j, 0.0, b1, 1.0)).max() < 1e-13
            D12 = wigner_D(j, 0.2, b1, 0.5) @ wigner_D(j, -0.1, 0.3, 0.4)
            R = (Rotation.from_euler("ZYZ", [0.2, b1, 0.5])
                 * Rotation.from_euler("ZYZ", [-0.1, 0.3, 0.4]))
            assert _equal_up_to_double_cover(j, D12, D_from_rotation(j, R), 1e-12)


def test_batched_shapes_and_errors():
    D = wigner_D(2, np.zeros((3, 1)), np.linspace(0, 1, 4), 0.5)
    assert D.shape == (3, 4, 5, 5)
    assert np.allclose(D[0, :, 2, 2], wigner_d(2, np.linspace(0, 1, 4))[:, 2, 2]
                       * np.exp(-0j))
    with pytest.raises(ValueError, match="j=-1 violates j >= 0"):
        wigner_d(-1, 0.1)
    with pytest.raises(ValueError, match="beta must be finite"):
        wigner_d(1, np.nan)
    with pytest.raises(ValueError, match="alpha must be finite"):
        wigner_D(1, np.inf, 0.0, 0.0)


def test_small_beta_absolute_accuracy():
    """Near gimbal lock (β = 1e-10) d is still right to ~1 ulp absolute (explicit sum, mpmath)."""
    for j in (0.5, 1, 3.5):
        d = wigner_d(j, 1e-10)
        n = int(2 * j) + 1
        ref = np.array([[d_explicit(j, -j + r, -j + c, 1e-10) for c in range(n)]
                        for r in range(n)])
        assert np.abs(d - ref).max() <= 4e-16


def test_angles_that_are_not_real_numbers_name_the_argument():
    with pytest.raises(TypeError, match="beta='x' must be real angles"):
        wigner_d(1, "x")
    with pytest.raises(TypeError, match=r"gamma=\(1\+1j\) must be real angles"):
        wigner_D(1, 0.0, 0.0, 1 + 1j)
    with pytest.raises(TypeError, match="alpha=None must be real angles"):
        wigner_D(1, None, 0.0, 0.0)
    with pytest.raises(ValueError, match="j=0.3 is not an integer or half-integer"):
        wigner_D(0.3, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("j2", [1, 2, 3, 4])
def test_half_and_integer_j_equal_sympy_rotation(j2):
    # peer library: sympy.physics.quantum.spin.Rotation.D (same z-y-z, e^{-iαJz}... order)
    import sympy
    from sympy.physics.quantum.spin import Rotation as SpinRotation

    j = sympy.Rational(j2, 2)
    a, b, c = 0.4, 1.1, -0.7
    ms = [-j + k for k in range(j2 + 1)]
    ref = np.array([[complex(SpinRotation.D(j, mp, m, a, b, c).doit().evalf(20)) for m in ms]
                    for mp in ms])
    assert np.abs(wigner_D(j, a, b, c) - ref).max() < 1e-14
    ref_d = np.array([[complex(SpinRotation.d(j, mp, m, b).doit().evalf(20)) for m in ms]
                      for mp in ms])
    assert np.abs(wigner_d(float(j), b) - ref_d).max() < 1e-14
