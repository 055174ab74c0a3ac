"""The complex -> real change of basis, against its definition and e3nn's matrix."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symphys.angular import complex_to_real
from symphys.angular.bases import apply_x, e3nn_q


@given(st.integers(0, 40), st.booleans())
@settings(max_examples=20, deadline=None)
def test_unitary(l, cs):
    U = complex_to_real(l, condon_shortley=cs)
    assert np.allclose(U @ U.conj().T, np.eye(2 * l + 1), atol=1e-15)


def test_definition_entries():
    s = 2**-0.5
    U = complex_to_real(2)
    # row mu=2: (Y^-2 + Y^2)/sqrt2; row mu=1: (Y^-1 - Y^1)/sqrt2; row mu=-1: i(Y^-1 + Y^1)/sqrt2
    assert np.allclose(U[4], [s, 0, 0, 0, s])
    assert np.allclose(U[3], [0, s, 0, -s, 0])
    assert np.allclose(U[1], [0, 1j * s, 0, 1j * s, 0])
    assert np.allclose(U[0], [1j * s, 0, 0, 0, -1j * s])
    assert np.allclose(U[2], [0, 0, 1, 0, 0])
    V = complex_to_real(2, condon_shortley=False)
    assert np.allclose(V, U * np.array([1, -1, 1, -1, 1])[:, None])


def test_e3nn_matrix_equals_e3nn():
    torch = pytest.importorskip("torch")
    wig = pytest.importorskip("e3nn.o3._wigner")
    for l in range(8):
        ref = wig.change_basis_real_to_complex(l, dtype=torch.float64).numpy()
        assert np.allclose(e3nn_q(l), ref, atol=1e-16)


def test_apply_x_equals_dense_product(rng):
    T = rng.normal(size=(5, 3, 7))
    for axis, l in enumerate((2, 1, 3)):
        U = complex_to_real(l)
        dense = np.moveaxis(np.tensordot(U, T, axes=(1, axis)), 0, axis)
        assert np.allclose(apply_x(U, T, axis), dense)


def test_rejects_bad_l():
    with pytest.raises(ValueError, match="l=1/2 must be an integer"):
        complex_to_real(0.5)
    with pytest.raises(TypeError, match="l=None"):
        complex_to_real(None)
