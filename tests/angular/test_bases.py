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


def test_e3nn_basis_change_reproduces_e3nn_wigner_3j():
    """complex_to_real(l, convention="e3nn") is e3nn's change_basis_real_to_complex(l).T, and
    with it
    the documented contraction of the complex CG block gives e3nn's wigner_3j."""
    torch = pytest.importorskip("torch")
    o3 = pytest.importorskip("e3nn.o3")
    from symphys.angular import clebsch_gordan_block

    for l in range(8):
        U = complex_to_real(l, convention="e3nn")
        ref = o3.change_basis_real_to_complex(l, dtype=torch.float64).numpy().T
        assert np.abs(U - ref).max() <= 2**-53  # e3nn: 1/2**0.5, ours 2**-0.5 (1 ulp apart)
        assert np.allclose(U @ U.conj().T, np.eye(2 * l + 1), atol=1e-15)
    for ls in [(1, 1, 2), (2, 1, 1), (2, 3, 4), (3, 3, 3), (4, 2, 3)]:
        U1, U2, U3 = (complex_to_real(l, convention="e3nn") for l in ls)
        CG = clebsch_gordan_block(*ls, exact=False)
        C = np.einsum("ai,bj,ck,ijk->abc", U1, U2, U3.conj(), CG) / np.sqrt(2 * ls[2] + 1)
        ref = o3.wigner_3j(*ls, dtype=torch.float64).numpy()
        assert np.abs(C.imag).max() < 1e-15
        assert np.abs(C.real - ref).max() < 1e-15


def test_basis_argument_errors():
    with pytest.raises(ValueError, match="convention='x' must be 'wikipedia' or 'e3nn'"):
        complex_to_real(1, convention="x")
    with pytest.raises(ValueError, match="condon_shortley=False applies to convention='wikipedia'"):
        complex_to_real(1, convention="e3nn", condon_shortley=False)
