"""The equivariance numeric paths run on the caller's arrays: no host copies, dtype kept."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from symphys.equivariance import (
    EquivarianceReport,
    frame_average,
    frames,
    invariant_coordinates,
    principal_axes,
)

X = np.random.default_rng(3).normal(size=(4, 7, 3)) * [3.0, 2.0, 1.0]


@pytest.fixture
def no_host_copies(monkeypatch):
    torch = pytest.importorskip("torch")

    def refuse(name):
        def f(self, *a, **k):
            raise AssertionError(f"host copy: Tensor.{name} called in a numeric path")
        return f

    for name in ("cpu", "item", "numpy", "__array__", "tolist"):
        monkeypatch.setattr(torch.Tensor, name, refuse(name))
    return torch


@pytest.mark.parametrize("group", ["E(3)", "SE(3)", "O(3)", "SO(3)"])
def test_frames_never_copy_torch_tensors_to_the_host(no_host_copies, group):
    torch = no_host_copies
    Xt = torch.tensor(X)
    F = frames(Xt, group)
    assert all(isinstance(a, torch.Tensor) for a in (F.matrices, F.translations,
                                                     F.eigenvalues, F.null_dim))
    out = frame_average(lambda P: P, Xt, group, output="equivariant")
    assert isinstance(out, torch.Tensor)
    assert isinstance(invariant_coordinates(Xt, scale=True), torch.Tensor)
    assert isinstance(principal_axes(Xt)[1], torch.Tensor)


def test_meta_tensors_run_through_without_reading_values():
    """On torch's 'meta' device any read of a value raises: the unchecked paths
    (``degenerate="ignore"``) run without one, so they need no device synchronisation."""
    torch = pytest.importorskip("torch")
    Xm = torch.empty(4, 7, 3, device="meta")
    for group in ("E(3)", "SO(3)"):
        F = frames(Xm, group, degenerate="ignore")
        assert F.matrices.device.type == "meta"
        assert tuple(F.matrices.shape) == (4, 8 if group == "E(3)" else 4, 3, 3)
    Y = invariant_coordinates(Xm, degenerate="ignore", scale=True)
    assert Y.device.type == "meta" and tuple(Y.shape) == (4, 7, 3)


@pytest.mark.parametrize("lib", ["numpy", "torch", "jax"])
def test_float32_in_float32_out(lib):
    x32 = X.astype(np.float32)
    if lib == "torch":
        torch = pytest.importorskip("torch")
        x32 = torch.tensor(x32)
    elif lib == "jax":
        jnp = pytest.importorskip("jax.numpy")
        x32 = jnp.asarray(x32)
    F = frames(x32, "E(3)")
    for a in (F.matrices, F.translations, F.eigenvalues):
        assert str(a.dtype).endswith("float32"), a.dtype
    assert str(frame_average(lambda P: P, x32, "SE(3)",
                             output="equivariant").dtype).endswith("float32")
    Y = invariant_coordinates(x32)
    assert str(Y.dtype).endswith("float32")
    # the float32 result agrees with float64 to float32 accuracy
    assert np.abs(np.asarray(Y, dtype=np.float64) - invariant_coordinates(X)).max() < 1e-4
    if lib == "jax":
        assert type(Y).__module__.split(".")[0] in ("jax", "jaxlib")


def test_jax_frame_average_matches_numpy():
    jnp = pytest.importorskip("jax.numpy")
    a = frame_average(lambda P: P[..., 0, :] ** 3, jnp.asarray(X), "O(3)", output="equivariant")
    b = frame_average(lambda P: P[..., 0, :] ** 3, X, "O(3)", output="equivariant")
    # JAX computes in float32 unless x64 is enabled
    tol = 1e-12 if str(a.dtype) == "float64" else 1e-4
    assert np.allclose(np.asarray(a, dtype=np.float64), b, rtol=tol, atol=tol)


def test_equivariance_error_is_a_deprecated_alias_of_the_report():
    import symphys.equivariance as eq
    import symphys.equivariance.error as err

    with pytest.warns(DeprecationWarning, match="EquivarianceReport"):
        assert eq.EquivarianceError is EquivarianceReport
    with pytest.warns(DeprecationWarning, match="EquivarianceReport"):
        assert err.EquivarianceError is EquivarianceReport
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert eq.EquivarianceReport is EquivarianceReport  # the new name does not warn
    assert "EquivarianceError" not in eq.__all__
    with pytest.raises(AttributeError):
        eq.NoSuchName  # noqa: B018


def test_options_are_keyword_only():
    import inspect

    import symphys.equivariance as eq

    for name in eq.__all__:
        obj = getattr(eq, name)
        if not inspect.isfunction(obj):
            continue
        for p in inspect.signature(obj).parameters.values():
            if p.default is not inspect.Parameter.empty:
                assert p.kind is inspect.Parameter.KEYWORD_ONLY, (name, p.name)
