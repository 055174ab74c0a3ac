"""Equivariance error against closed-form Haar expectations; soft penalty and weight tuning."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.equivariance import (
    EquivarianceWeightTuner,
    GroupElements,
    Symmetry,
    equivariance_error,
    soft_equivariance_penalty,
)

RNG = np.random.default_rng(0)
X = RNG.normal(size=(6, 3)) * [2.0, 1.0, 0.5]
B = RNG.normal(size=(3, 3))


def linear_error_closed_form(X, B, eps):
    """E_R ||f(X R^T) - f(X) R^T||^2 for f(X) = X (I + eps B), R Haar on SO(d), d >= 3.

    With E[R_ij R_kl] = delta_ik delta_jl / d (second moment of Haar on O(d), equal to that of
    SO(d) for d >= 3) the error is eps^2 [tr G tr(B^T B)/d + tr(B^T G B) - 2 tr(G B) tr B / d],
    G = X^T X.
    """
    d = X.shape[-1]
    G = X.T @ X
    return eps ** 2 * (np.trace(G) * np.trace(B.T @ B) / d + np.trace(B.T @ G @ B)
                       - 2 * np.trace(G @ B) * np.trace(B) / d)


@pytest.mark.parametrize("group", ["SO(3)", "O(3)", "E(3)", "SE(3)", "T(3)"])
def test_equivariant_map_has_zero_error(group):
    def f(P):  # E(3)-equivariant on positions
        c = P.mean(-2, keepdims=True)
        r2 = ((P - c) ** 2).sum(-1, keepdims=True)
        return c + (P - c) * np.tanh(r2)

    err = equivariance_error(f, group, X, n_samples=32, rng=1)
    assert err.mean < 1e-25 and err.n_samples == 32 and err.samples.shape == (32,)


@pytest.mark.parametrize("group", ["SO(3)", "O(3)"])
@pytest.mark.parametrize("eps", [0.01, 0.1, 1.0])
def test_linear_perturbation_matches_the_closed_form(group, eps):
    A = np.eye(3) + eps * B
    err = equivariance_error(lambda P: P @ A, group, X, n_samples=3000, rng=2)
    expected = linear_error_closed_form(X, B, eps)
    assert abs(err.mean - expected) < 5 * err.stderr
    assert err.stderr < 0.05 * expected


def test_error_grows_quadratically_with_the_perturbation():
    errs = [equivariance_error(lambda P, e=e: P @ (np.eye(3) + e * B), "SO(3)", X,
                               n_samples=200, rng=3).mean for e in (0.0, 0.1, 0.2, 0.4)]
    assert errs[0] < 1e-25
    assert np.allclose(np.array(errs[2:]) / errs[1], [4.0, 16.0], rtol=1e-10)


@pytest.mark.parametrize("group", ["SO(3)", "O(3)", "E(3)"])
def test_constant_shift_error_is_2_n_c_squared(group):
    # f(X) = X + c: f(g.X) - g.f(X) = c - R c and E_R |c - R c|^2 = 2 |c|^2 (E[R] = 0)
    c = np.array([0.3, -0.1, 0.2])
    err = equivariance_error(lambda P: P + c, group, X, n_samples=4000, rng=4)
    assert abs(err.mean - 2 * 6 * c @ c) < 5 * err.stderr
    assert equivariance_error(lambda P: P + c, "T(3)", X, rng=4).mean < 1e-25


def test_permutation_error_closed_form():
    # f(X)_i = w_i X_i: E_pi sum_i (w_i - w_pi(i))^2 |X_pi(i)|^2 = 1/n sum_ij (w_i - w_j)^2 |X_j|^2
    w = np.linspace(0.5, 2.0, 6)
    err = equivariance_error(lambda P: P * w[:, None], "S(n)", X, n_samples=4000, rng=5)
    norms = (X ** 2).sum(-1)
    expected = ((w[:, None] - w[None, :]) ** 2 * norms[None, :]).sum() / 6
    assert abs(err.mean - expected) < 5 * err.stderr
    assert equivariance_error(lambda P: 3 * P, "S(n)", X, rng=5).mean < 1e-25


def test_invariance_error_and_batches():
    data = RNG.normal(size=(5, 6, 3))

    def norm_sum(P):  # O(3)-invariant, not translation-invariant
        return np.linalg.norm(P, axis=-1).sum(-1)

    assert equivariance_error(norm_sum, "O(3)", data, output_action="invariant",
                              batch_ndim=1, rng=6).mean < 1e-25
    batch = equivariance_error(norm_sum, "T(3)", data, output_action="invariant",
                               batch_ndim=1, n_samples=16, rng=7)
    singles = [equivariance_error(norm_sum, "T(3)", x, output_action="invariant",
                                  n_samples=16, rng=7).samples for x in data]
    assert np.allclose(batch.samples, np.mean(singles, axis=0))
    looped = equivariance_error(norm_sum, "T(3)", data, output_action="invariant",
                                batch_ndim=1, n_samples=16, rng=7, batched=False)
    assert np.allclose(looped.samples, batch.samples)


def test_vectors_output_action():
    # velocities: the map X -> X - mean(X) is E(3)-equivariant as points -> vectors
    f = lambda P: P - P.mean(-2, keepdims=True)
    assert equivariance_error(f, Symmetry("E(3)", output_action="vectors"), X, rng=8).mean < 1e-25
    assert equivariance_error(f, "E(3)", X, rng=8).mean > 1e-2  # wrong output action


def test_argument_validation():
    with pytest.raises(ValueError, match="n_samples"):
        equivariance_error(lambda P: P, "SO(3)", X, n_samples=0)
    with pytest.raises(ValueError, match="batch_ndim"):
        equivariance_error(lambda P: P, "SO(3)", X, batch_ndim=5)
    with pytest.raises(TypeError, match="callable"):
        equivariance_error(np.eye(3), "SO(3)", X)
    with pytest.raises(ValueError, match="symmetries"):
        soft_equivariance_penalty(lambda P: P, X, {})
    with pytest.raises(ValueError, match="weight"):
        soft_equivariance_penalty(lambda P: P, X, {"SO(3)": -1.0})


def rotations_about_z(size, rng, shape):
    a = rng.uniform(0, 2 * np.pi, size)
    c, s, z, o = np.cos(a), np.sin(a), np.zeros(size), np.ones(size)
    return GroupElements(rotation=np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1),
                                            np.stack([z, z, o], -1)], -2))


def test_penalty_terms_and_mixed_symmetry_weight_discovery():
    # f adds gravity-like drift along z: exactly T(3)- and SO(2)_z-equivariant, only
    # approximately SO(3)-equivariant. The tuner should keep T(3), SO(2)_z and relax SO(3).
    data = RNG.normal(size=(16, 6, 3))
    g = np.array([0.0, 0.0, -0.05])
    f = lambda P: P + g
    syms = {"T(3)": 1.0, Symmetry("SO(2)_z", sampler=rotations_about_z): 1.0, "SO(3)": 1.0}
    pen = soft_equivariance_penalty(f, data, syms, n_samples=64, rng=9)
    assert set(pen.terms) == {"T(3)", "SO(2)_z", "SO(3)"}
    assert pen.terms["T(3)"] < 1e-25 and pen.terms["SO(2)_z"] < 1e-25
    assert abs(pen.terms["SO(3)"] - 2 * 6 * g @ g) < 0.3 * 2 * 6 * g @ g
    assert np.isclose(pen.total, sum(pen.terms.values()))

    tuner = EquivarianceWeightTuner({"T(3)": 1.0, "SO(2)_z": 1.0, "SO(3)": 1.0}, warmup=2)
    for step in range(5):
        tuner.observe({"T(3)": 1e-4 + step * 1e-6, "SO(2)_z": 2e-4, "SO(3)": 0.05})
    w = tuner.adjust()  # warm-up skips steps 0, 1: the smallest T(3) value seen is 1.02e-4
    assert w == pytest.approx({"T(3)": 1.0, "SO(2)_z": 1.02e-4 / 2e-4, "SO(3)": 1.02e-4 / 0.05})


def test_tuner_rules():
    tuner = EquivarianceWeightTuner({"a": 2.0, "b": 1.0, "c": 0.0}, warmup=1, power=2.0)
    tuner.observe({"a": 1e-9, "b": 1e-9, "c": 1e-9})  # warm-up: ignored
    assert tuner.adjust() == {"a": 2.0, "b": 1.0, "c": 0.0}
    tuner.observe({"a": 0.1, "b": 0.4, "c": 0.0})
    tuner.observe({"a": 0.2, "b": 0.2, "c": 0.0})  # per-type minimum: a 0.1, b 0.2
    w = tuner.adjust()
    assert w == pytest.approx({"a": 2.0, "b": 0.25, "c": 0.0})
    with pytest.raises(ValueError, match="lacks"):
        tuner.observe({"a": 1.0})
    assert tuner.adjust() == w                        # recomputed from the initial weights
    tuner.observe({"a": 0.4, "b": 0.05, "c": 0.0})     # now b is the best: b 0.05, a 0.1
    assert tuner.adjust() == pytest.approx({"a": 2.0 / 4.0, "b": 1.0, "c": 0.0})
    exact = EquivarianceWeightTuner({"a": 1.0, "b": 1.0}, warmup=0)
    exact.observe({"a": 0.0, "b": 0.3})
    assert exact.adjust() == {"a": 1.0, "b": 0.0}


def test_torch_penalty_gradient_matches_finite_differences():
    torch = pytest.importorskip("torch")
    data = RNG.normal(size=(4, 5, 3))
    A0 = np.eye(3) + 0.2 * B
    A = torch.tensor(A0, requires_grad=True)
    syms = {"SO(3)": 1.0, "S(n)": 0.5}
    pen = soft_equivariance_penalty(lambda P: P @ A, torch.tensor(data), syms, n_samples=8, rng=10)
    assert isinstance(pen.total, torch.Tensor)
    pen.total.backward()
    grad = A.grad.numpy()

    def numpy_total(M):
        return float(soft_equivariance_penalty(lambda P: P @ M, data, syms, n_samples=8,
                                               rng=10).total)

    assert np.isclose(numpy_total(A0), float(pen.total.detach()), rtol=1e-12)
    h = 1e-6
    fd = np.zeros((3, 3))
    for i in range(3):
        for j in range(3):
            E = np.zeros((3, 3))
            E[i, j] = h
            fd[i, j] = (numpy_total(A0 + E) - numpy_total(A0 - E)) / (2 * h)
    assert np.allclose(grad, fd, rtol=1e-6, atol=1e-8)
