"""Matrix Lie algebras: closure, Jacobi, Killing = c x trace form with the known constants."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy

from symphys.lie import LieAlgebra, MatrixLieAlgebra, gl, sl, so, sp


def _jacobi_ok(L):
    sc = L.structure_constants()
    d = L.dimension
    for i, j, k in itertools.combinations(range(d), 3):
        for m in range(d):
            tot = 0
            for a, b, c in ((i, j, k), (j, k, i), (k, i, j)):
                tot += sum(sc.get((b, c, n), 0) * sc.get((a, n, m), 0) for n in range(d))
            if tot != 0:
                return False
    return True


@pytest.mark.parametrize(("factory", "n", "dim", "ratio"), [
    (sl, 2, 3, 4), (sl, 3, 8, 6), (sl, 4, 15, 8),          # K = 2n tr
    (so, 3, 3, 1), (so, 5, 10, 3), (so, 6, 15, 4),         # K = (n - 2) tr
    (sp, 2, 3, 4), (sp, 4, 10, 6), (sp, 6, 21, 8),         # K = (2n + 2) tr, size 2n
])
def test_killing_equals_trace_form_times_known_index(factory, n, dim, ratio):
    L = factory(n)
    assert L.dimension == dim
    assert L.killing_form() == ratio * L.trace_form()


def test_gl_killing_form():
    # gl(n): K(X, Y) = 2n tr(XY) - 2 tr(X) tr(Y)
    n = 3
    L = gl(n)
    tr = sympy.Matrix([[g.trace() for g in L.generators]])
    assert L.killing_form() == 2 * n * L.trace_form() - 2 * tr.T * tr


@pytest.mark.parametrize("factory,n", [(sl, 3), (so, 4), (sp, 4)])
def test_jacobi(factory, n):
    assert _jacobi_ok(factory(n))


def test_so3_structure_constants_are_levi_civita():
    # L_01, L_02, L_12 ~ -Lz, Ly, -Lx ; [L_01, L_02] = -L_12 etc.
    sc = so(3).structure_constants()
    assert sc == {(0, 1, 2): -1, (1, 0, 2): 1, (0, 2, 1): 1, (2, 0, 1): -1, (1, 2, 0): -1,
                  (2, 1, 0): 1}


def test_sp_generators_preserve_the_symplectic_form():
    L = sp(6)
    j = sympy.Matrix(sympy.BlockMatrix([[sympy.zeros(3), sympy.eye(3)],
                                        [-sympy.eye(3), sympy.zeros(3)]]))
    for x in L.generators:
        assert x.T * j + j * x == sympy.zeros(6)


def test_dimension_matches_lie_algebra_types():
    assert sl(5).dimension == LieAlgebra("A4").dimension
    assert so(9).dimension == LieAlgebra("B4").dimension
    assert so(10).dimension == LieAlgebra("D5").dimension
    assert sp(8).dimension == LieAlgebra("C4").dimension


def test_killing_form_nondegenerate_iff_semisimple():
    assert so(5).killing_form().det() != 0
    assert gl(2).killing_form().det() == 0   # the centre


def test_not_closed_and_dependent_generators():
    e = [[0, 1], [0, 0]]
    f = [[0, 0], [1, 0]]
    with pytest.raises(ValueError, match="do not close"):
        MatrixLieAlgebra([e, f])
    L = MatrixLieAlgebra([e, f], check=False)
    assert not L.is_closed()
    with pytest.raises(ValueError, match="linearly dependent"):
        MatrixLieAlgebra([e, e])
    with pytest.raises(TypeError, match="floating"):
        MatrixLieAlgebra([[[0.5, 0], [0, -0.5]]])
    with pytest.raises(ValueError, match="square"):
        MatrixLieAlgebra([[[0, 1, 0], [0, 0, 1]]])
    with pytest.raises(ValueError, match="n=1"):
        sl(1)
    with pytest.raises(ValueError, match="even"):
        sp(3)


def test_exact_rational_and_complex_entries():
    # su(2) with Pauli matrices i sigma / 2: rational and Gaussian-rational entries
    i = sympy.I
    half = Fraction(1, 2)
    gens = [[[0, i * half], [i * half, 0]], [[0, half], [-half, 0]],
            [[i * half, 0], [0, -i * half]]]
    L = MatrixLieAlgebra(gens)
    sc = L.structure_constants()
    assert set(sc.values()) <= {1, -1}
    assert L.killing_form() == -2 * sympy.eye(3)
    assert np.asarray(L.trace_form(), dtype=object).shape == (3, 3)
    assert L.coordinates([[1, 0], [0, 1]]) is None
