"""Degree-l actions: against the harmonics of symphys.angular, closed forms, and e3nn."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.angular import spherical_harmonics_xyz
from symphys.equivariance import (
    Symmetry,
    equivariance_error,
    haar_orthogonal,
    irrep_action,
    irrep_matrix,
)

RNG = np.random.default_rng(0)
R_SO = haar_orthogonal(3, 6, rng=RNG)
R_O = haar_orthogonal(3, 6, rng=RNG, special=False)


def harmonics(l, xyz, basis="real"):
    return spherical_harmonics_xyz(l, xyz, basis=basis)[..., l * l:(l + 1) ** 2]


@pytest.mark.parametrize("l", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("basis", ["real", "complex"])
def test_harmonics_transform_with_the_irrep_matrix(l, basis):
    r = RNG.normal(size=(4, 3))
    for R in np.concatenate([R_SO, R_O]):
        rho = irrep_matrix(l, R, basis=basis)
        assert np.abs(harmonics(l, r @ R.T, basis) - harmonics(l, r, basis) @ rho.T).max() < 1e-12
    if basis == "real":
        assert irrep_matrix(l, R_O, basis="real").dtype == np.float64


def test_homomorphism_and_orthogonality():
    A, B = R_O[:3], R_O[3:]
    for l in (1, 2, 4):
        rA, rB, rAB = (irrep_matrix(l, M, basis="real") for M in (A, B, A @ B))
        assert np.abs(rA @ rB - rAB).max() < 1e-12
        assert np.abs(rA @ np.swapaxes(rA, -1, -2) - np.eye(2 * l + 1)).max() < 1e-12


def test_degree_one_is_the_rotation_in_y_z_x_order():
    P = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=float)  # real l=1 basis (y, z, x)
    assert np.abs(irrep_matrix(1, R_O, basis="real") - P @ R_O @ P.T).max() < 1e-12
    # pseudo-vectors (parity +1) do not flip under inversion
    assert np.allclose(irrep_matrix(1, -np.eye(3), basis="real", parity=1), np.eye(3))
    assert np.allclose(irrep_matrix(2, -np.eye(3), basis="real"), np.eye(5))


def test_matches_e3nn_up_to_a_fixed_change_of_basis():
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    l = 3
    pts = RNG.normal(size=(50, 3))
    ours, theirs = harmonics(l, pts), harmonics(l, pts, "e3nn")
    M = np.linalg.lstsq(ours, theirs, rcond=None)[0].T  # e3nn = M @ ours
    assert np.abs(ours @ M.T - theirs).max() < 1e-12
    for R in R_SO:
        Rt = torch.tensor(R)
        D_e3nn = o3.Irrep(l, -1).D_from_matrix(Rt).numpy()
        # same representation in e3nn's basis; e3nn stores its J matrices in float32 (~1e-6)
        expected = M @ irrep_matrix(l, R, basis="real") @ np.linalg.inv(M)
        assert np.abs(D_e3nn - expected).max() < 1e-5


def test_equivariance_error_of_spherical_tensor_models():
    X = RNG.normal(size=(3, 7, 3))

    def sh_sum(P, l=2):  # translation-invariant, O(3)-equivariant degree-2 output
        return harmonics(l, P - P.mean(-2, keepdims=True)).sum(-2)

    sym = Symmetry("E(3)", output_action=irrep_action(2, basis="real"))
    assert equivariance_error(sh_sum, sym, X, batch_ndim=1, rng=1).mean < 1e-25
    odd = Symmetry("O(3)", output_action=irrep_action(3, basis="real"))
    f3 = lambda P: harmonics(3, P).sum(-2)
    assert equivariance_error(f3, odd, X, batch_ndim=1, rng=2).mean < 1e-25
    # the wrong parity is invisible to SO(3) but caught by O(3)
    wrong = irrep_action(3, basis="real", parity=1)
    assert equivariance_error(f3, "SO(3)", X, output_action=wrong, batch_ndim=1,
                              rng=3).mean < 1e-25
    assert equivariance_error(f3, "O(3)", X, output_action=wrong, batch_ndim=1,
                              rng=3, n_samples=32).mean > 1e-3
    # per-point outputs permute with the points
    per = Symmetry("S(n)", output_action=irrep_action(1, basis="real", per_point=True))
    assert equivariance_error(lambda P: harmonics(1, P), per, X, batch_ndim=1, rng=4).mean < 1e-25


def test_validation():
    with pytest.raises(ValueError, match="l="):
        irrep_matrix(-1, np.eye(3))
    with pytest.raises(ValueError, match="basis"):
        irrep_matrix(1, np.eye(3), basis="e3nn")
    with pytest.raises(ValueError, match="parity"):
        irrep_action(1, parity=0)
    with pytest.raises(ValueError, match="shape"):
        irrep_matrix(1, np.eye(2))
    with pytest.raises(ValueError, match="orthogonal"):
        irrep_matrix(1, 2 * np.eye(3))
    with pytest.raises(ValueError, match="2l\\+1"):
        equivariance_error(lambda P: P.sum(-2), "SO(3)", np.ones((4, 3)),
                           output_action=irrep_action(2))


def test_default_basis_is_complex():
    """One basis vocabulary: "complex" is the default, as in symphys.angular."""
    rho = irrep_matrix(2, R_SO)
    assert rho.dtype == np.complex128
    assert np.array_equal(rho, irrep_matrix(2, R_SO, basis="complex"))
    r = RNG.normal(size=(4, 3))
    sym = Symmetry("SO(3)", output_action=irrep_action(1))
    assert equivariance_error(lambda P: harmonics(1, P, "complex").sum(-2), sym, r,
                              rng=5).mean < 1e-25


def test_complex_outputs_give_a_real_squared_error():
    """|f(gx) - g f(x)|^2 for complex outputs is the modulus squared, never a complex square."""
    sym = Symmetry("SO(3)", output_action=irrep_action(1))
    r = RNG.normal(size=(4, 3))
    shift = np.array([1j, 0.0, 0.0])  # a non-equivariant constant: error = |(1 - D) shift|^2 > 0
    rep = equivariance_error(lambda P: harmonics(1, P, "complex").sum(-2) + shift, sym, r,
                             rng=5, n_samples=200)
    assert np.isrealobj(rep.samples) and rep.mean > 0.1
