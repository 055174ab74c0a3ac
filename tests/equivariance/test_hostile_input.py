"""Issue 19 for symphys.equivariance: bad values raise ValueError/TypeError naming the argument;
sizes are refused in closed form; no NaN/inf from finite input without an error."""

from __future__ import annotations

import numpy as np
import pytest

import symphys.equivariance as E
from symphys.equivariance._checks import MAX_SAMPLE_BYTES

X = np.random.default_rng(0).normal(size=(5, 3))
R = E.haar_orthogonal(3, 2, rng=0)


def f(P):
    return 2.0 * P


@pytest.mark.parametrize("bad, exc, match", [
    (np.full((5, 3), np.nan), ValueError, "NaN or infinite"),
    (np.full((5, 3), np.inf), ValueError, "NaN or infinite"),
    (np.zeros((0, 3)), ValueError, "x must not be empty"),
    (X + 1j, TypeError, "x must be an array of real numbers"),
    ("abc", TypeError, "x must be an array of real numbers"),
    (None, TypeError, "x must be an array of real numbers"),
    (1e308 * np.ones((5, 3)), ValueError, r"f\(x\) holds NaN or infinite"),
])
def test_equivariance_error_refuses_bad_x(bad, exc, match):
    with pytest.raises(exc, match=match):
        E.equivariance_error(f, "SO(3)", bad, rng=0, n_samples=4)


def test_overflowing_error_of_finite_input_is_an_error():
    with pytest.raises(ValueError, match="overflows float64"):
        E.equivariance_error(lambda P: P + 1e200, "SO(3)", X, rng=0, n_samples=4)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"n_samples": 0}, ValueError, "n_samples=0 must be an integer >= 1"),
    ({"n_samples": -3}, ValueError, "n_samples=-3"),
    ({"n_samples": float("inf")}, ValueError, "n_samples=inf must be a finite integer"),
    ({"n_samples": True}, TypeError, "n_samples=True must be an integer, not a bool"),
    ({"n_samples": "4"}, TypeError, "n_samples='4' must be an integer"),
    ({"n_samples": 10**12}, ValueError, f"n_samples makes .* the limit is {MAX_SAMPLE_BYTES}"),
    ({"rng": "seed"}, TypeError, "rng='seed' must be a numpy Generator"),
    ({"rng": -1}, ValueError, "rng=-1 must be a seed >= 0"),
    ({"rng": 1.5}, TypeError, "rng=1.5"),
    ({"batch_ndim": float("nan")}, ValueError, "batch_ndim=nan"),
    ({"batched": "yes"}, TypeError, "batched='yes' must be a bool"),
])
@pytest.mark.timeout(10)
def test_equivariance_error_refuses_bad_options(kwargs, exc, match):
    args = {"rng": 0, "n_samples": 2, **kwargs}
    with pytest.raises(exc, match=match):
        E.equivariance_error(f, "SO(3)", X, **args)


def test_bad_groups_and_callables():
    with pytest.raises(ValueError, match="group='SU\\(3\\)'"):
        E.equivariance_error(f, "SU(3)", X)
    with pytest.raises(TypeError, match="group=3"):
        E.equivariance_error(f, 3, X)
    with pytest.raises(TypeError, match="f must be callable"):
        E.equivariance_error("f", "SO(3)", X)
    with pytest.raises(ValueError, match="input_action="):
        E.Symmetry("SO(3)", input_action=["points"])
    with pytest.raises(ValueError, match="translation_scale=nan must be finite"):
        E.Symmetry("E(3)", translation_scale=float("nan"))
    with pytest.raises(TypeError, match="g must be a GroupElements"):
        E.apply_action("g", X)
    with pytest.raises(ValueError, match="rotation holds NaN"):
        E.GroupElements(rotation=np.full((1, 3, 3), np.nan))
    with pytest.raises(TypeError, match="rotation must be an array"):
        E.GroupElements(rotation=np.nan)
    with pytest.raises(ValueError, match="rotation must have 3 axes"):
        E.GroupElements(rotation=np.ones((3, 3)))
    with pytest.raises(TypeError, match="permutation must hold integer"):
        E.GroupElements(permutation=np.zeros((1, 5)))
    with pytest.raises(ValueError, match="permutation indices"):
        E.GroupElements(permutation=np.full((1, 5), 7))
    with pytest.raises(ValueError, match="x holds NaN"):
        E.apply_action(E.GroupElements(rotation=R), np.full((5, 3), np.nan))


def test_frames_and_irreps():
    F = E.frames(X, "E(3)")
    with pytest.raises(TypeError, match="y must be an array"):
        F.act("y")
    with pytest.raises(ValueError, match="points holds NaN"):
        F.canonicalize(np.full((5, 3), np.nan))
    with pytest.raises(ValueError, match="must be \\(..., n, 3\\)"):
        F.canonicalize(np.ones((5, 2)))
    with pytest.raises(TypeError, match="group=nan"):
        E.Frame(group=float("nan"), matrices=F.matrices, translations=F.translations,
                eigenvalues=F.eigenvalues, null_dim=F.null_dim)
    with pytest.raises(ValueError, match="n_samples makes .* limit"):
        E.frames(np.tile(np.eye(3), (1, 1)), "E(3)", degenerate="sample", n_samples=10**9)
    with pytest.raises(ValueError, match="d=50 .* limit is d <= 40"):
        E.frames(np.ones((60, 50)), "E(n)")
    with pytest.raises(TypeError, match="rng="):
        E.frames(X, "E(3)", rng="x")
    with pytest.raises(ValueError, match="l=inf must be a finite integer"):
        E.irrep_matrix(float("inf"), R)
    with pytest.raises(ValueError, match="l=inf"):
        E.irrep_action(float("inf"))
    with pytest.raises(TypeError, match="R must be real"):
        E.irrep_matrix(1, R + 1j)
    with pytest.raises(ValueError, match="R holds NaN"):
        E.irrep_matrix(1, np.full((3, 3), np.nan))
    with pytest.raises(ValueError, match="dim=10000000000 is beyond the limit dim <= 4096"):
        E.haar_orthogonal(10**10, 1)
    with pytest.raises(ValueError, match="size makes"):
        E.haar_orthogonal(3, 10**12)


def test_penalty_and_tuner():
    with pytest.raises(TypeError, match="symmetries must be a mapping"):
        E.soft_equivariance_penalty(f, X, "SO(3)")
    with pytest.raises(ValueError, match="weight"):
        E.soft_equivariance_penalty(f, X, {"SO(3)": float("nan")})
    with pytest.raises(TypeError, match="weights must be a mapping"):
        E.EquivarianceWeightTuner(1.0)
    with pytest.raises(ValueError, match="warmup=inf"):
        E.EquivarianceWeightTuner({"a": 1.0}, warmup=float("inf"))
    with pytest.raises(ValueError, match="power=-1.0 must be >= 0"):
        E.EquivarianceWeightTuner({"a": 1.0}, power=-1.0)
    with pytest.raises(TypeError, match="terms must be a mapping"):
        E.EquivarianceWeightTuner({"a": 1.0}).observe([1.0])
    with pytest.raises(TypeError, match=r"terms\['a'\]='x' must be a real number"):
        E.EquivarianceWeightTuner({"a": 1.0}, warmup=0).observe({"a": "x"})
    # a huge ratio of regulariser values underflows the weight to 0 instead of OverflowError
    t = E.EquivarianceWeightTuner({"a": 1.0, "b": 1.0}, warmup=0, power=2.0)
    t.observe({"a": 1e300, "b": 1e-300})
    assert t.adjust() == {"a": 0.0, "b": 1.0}


def test_coordinates_near_the_float_range_neither_overflow_nor_fail():
    import numpy as np

    from symphys.equivariance import frames, invariant_coordinates, principal_axes

    t, lam, _ = principal_axes(np.full((5, 3), 1e308))  # identical points: no spread
    assert np.all(t == 1e308) and np.all(lam == 0)
    x = np.random.default_rng(0).normal(size=(6, 3))
    big = x * 1e290
    # the axes and invariant coordinates scale exactly with the cloud (no overflow inside)
    assert np.allclose(principal_axes(big)[0], principal_axes(x)[0] * 1e290, rtol=1e-12)
    assert np.allclose(invariant_coordinates(big) / 1e290, invariant_coordinates(x), atol=1e-12)
    assert frames(big, "E(3)").matrices.shape[-2:] == (3, 3)
    import pytest

    from symphys.equivariance import frame_average

    for call in (lambda: frames(np.full((6, 3), 1e308), "SE(3)"),
                 lambda: frame_average(lambda p: p, np.full((6, 3), 1e308), "SE(3)",
                                       output="equivariant")):
        with pytest.raises(ValueError, match="MAX_COORDINATE"):
            call()


def test_tolerances_and_sizes_are_checked():
    import numpy as np
    import pytest

    from symphys.equivariance import Symmetry, invariant_coordinates

    x = np.random.default_rng(0).normal(size=(6, 3))
    with pytest.raises(TypeError, match="sign_tol"):
        invariant_coordinates(x, sign_tol="x")
    with pytest.raises(ValueError, match="MAX_SAMPLE_BYTES"):
        Symmetry("E(3)").sample(int(2.7e16), input_shape=(5, 3))
