"""symphys.lie API conventions: check_weight, one exact number type, the irrep_dimension rename,
fail-fast sizes, and the root-system objects that keep the modules free of import cycles."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import pytest
import sympy

from symphys.lie import LieAlgebra, so
from symphys.lie import representations as rep
from symphys.lie.root_system import MAX_DIMENSION, root_system

ALGEBRAS = ["A1", "A3", "B2", "C3", "D4", "G2", "F4", "E6"]


def _exact_ok(x) -> bool:
    """ints, sympy Rationals (incl. Integers) and sympy matrices of them; never Fraction/float."""
    if isinstance(x, bool) or isinstance(x, (Fraction, float)):
        return False
    if isinstance(x, int):
        return True
    if isinstance(x, sympy.MatrixBase):
        return all(isinstance(e, sympy.Rational) for e in x)
    if isinstance(x, sympy.Basic):
        return isinstance(x, sympy.Rational)
    if isinstance(x, dict):
        return all(_exact_ok(k) and _exact_ok(v) for k, v in x.items())
    if isinstance(x, (tuple, list)):
        return all(_exact_ok(e) for e in x)
    return False


@pytest.mark.parametrize("name", ALGEBRAS)
def test_every_exact_value_is_int_or_sympy_rational(name):
    g = LieAlgebra(name)
    hw = (1,) + (0,) * (g.rank - 1)
    w = (1,) + (-1,) * (g.rank - 1)
    values = {
        "dimension": g.dimension, "cartan_matrix": g.cartan_matrix,
        "gram_matrix": g.gram_matrix(), "killing_form": g.killing_form(),
        "exponents": g.exponents(), "coxeter_number": g.coxeter_number(),
        "dual_coxeter_number": g.dual_coxeter_number(), "weyl_group_order": g.weyl_group_order(),
        "fundamental_weights": g.fundamental_weights(), "weyl_vector": g.weyl_vector(),
        "inner_product": g.inner_product(w, hw), "irrep_dimension": g.irrep_dimension(hw),
        "weights": g.weights(hw), "character": g.character(hw),
        "tensor_product": g.tensor_product(hw, hw), "dual": g.dual(hw),
        "casimir": g.casimir(hw), "index": g.index(hw),
        "index_slansky": g.index(hw, normalization="slansky"),
        "structure_constants": list(g.structure_constants().values()),
        "weyl_orbit": list(g.weyl_orbit(w)), "check_weight": g.check_weight(hw),
    }
    for coords in ("simple", "weight", "orthonormal"):
        values[f"simple_roots {coords}"] = g.simple_roots(coordinates=coords)
        values[f"positive_roots {coords}"] = g.positive_roots(coordinates=coords)
        values[f"roots {coords}"] = g.roots(coordinates=coords)
        values[f"highest_root {coords}"] = g.highest_root(coordinates=coords)
    bad = [k for k, v in values.items() if not _exact_ok(v)]
    assert not bad, bad
    # rationals come out as sympy Rationals with the right value (A^{-1} from sympy itself)
    inv = sympy.Matrix(g.cartan_matrix).inv()
    assert [list(r) for r in g.fundamental_weights()] == inv.tolist()
    assert all(isinstance(x, sympy.Rational) for r in g.fundamental_weights() for x in r)
    assert isinstance(g.casimir(hw), sympy.Rational)


def test_casimir_value_against_closed_form():
    # su(N) fundamental: (N^2 - 1)/(2N); independent of our root data
    for n in (2, 3, 5):
        assert LieAlgebra("A", n - 1).casimir((1,) + (0,) * (n - 2)) == sympy.Rational(
            n * n - 1, 2 * n)


def test_check_weight_is_public():
    g = LieAlgebra("A2")
    assert g.check_weight((1, 0)) == (1, 0)
    assert g.check_weight("2, 1") == (2, 1)
    assert g.check_weight((1, -1), "weight", dominant=False) == (1, -1)
    with pytest.raises(ValueError, match=r"hw=\(1, -1\).*>= 0"):
        g.check_weight((1, -1))
    with pytest.raises(ValueError, match="labels=.*3 labels; A2 needs 2"):
        g.check_weight((1, 0, 0), "labels")
    with pytest.raises(TypeError, match="hw=.*must be ints"):
        g.check_weight((1.5, 0))
    with pytest.raises(ValueError, match="hw='a,b'"):
        g.check_weight("a,b")


def test_lie_algebra_letter_and_rank():
    assert LieAlgebra("A", 3) == LieAlgebra("su(4)") == LieAlgebra(("A", 3))
    with pytest.raises(TypeError, match="cartan_type"):
        LieAlgebra(("A", 3), 3)


def test_irrep_dimension_and_deprecated_dim():
    g = LieAlgebra("G2")
    assert g.irrep_dimension((1, 0)) == 7 and g.dimension == 14
    with pytest.warns(DeprecationWarning, match="irrep_dimension"):
        assert g.dim((1, 0)) == 7
    sub = LieAlgebra("A4").subalgebra("A2+A1+U1")
    with pytest.warns(DeprecationWarning, match="irrep_dimension"):
        assert sub.dim((1, 0, 1, -1)) == 6
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sub.irrep_dimension((1, 0, 1, -1)) == 6


def test_options_are_keyword_only():
    g = LieAlgebra("B2")
    with pytest.raises(TypeError):
        g.positive_roots("weight")
    with pytest.raises(TypeError, match="dominant"):
        g.weights((1, 0), dominant=1)
    with pytest.raises(TypeError, match="progress"):
        g.character((1, 0), progress="yes")


# ------------------------------------------------------------------------- fail fast
@pytest.mark.timeout(10)
def test_all_weights_of_e8_rho_refused_at_once():
    g = LieAlgebra("E8")
    size = 2**120  # Weyl's formula at rho: 2^(number of positive roots)
    assert g.irrep_dimension((1,) * 8) == size
    with pytest.raises(ValueError, match=r"hw=\(1, 1, 1, 1, 1, 1, 1, 1\).*1\.3e\+36.*limit "
                       + str(rep.MAX_WEIGHTS)):
        g.weights((1,) * 8, dominant=False)
    with pytest.raises(ValueError, match="1.3e"):
        g.branch((1,) * 8, "A8")


@pytest.mark.timeout(10)
def test_freudenthal_refused_for_huge_labels():
    with pytest.raises(ValueError, match=r"hw=\(1000, 1000, 1000, 1000\).*Freudenthal.*limit"):
        LieAlgebra("D4").weights((1000,) * 4)
    with pytest.raises(ValueError, match=r"hw=\(1, 1, 1, 1, 1, 1, 1, 1\).*Freudenthal"):
        LieAlgebra("E8").weights((1,) * 8)


@pytest.mark.timeout(10)
def test_tensor_product_refused_when_both_factors_are_huge():
    big = (50,) * 4
    with pytest.raises(ValueError, match=r"hw2=\(50, 50, 50, 50\).*limit"):
        LieAlgebra("D4").tensor_product(big, big)


def test_dominant_weight_bound_is_a_bound():
    # exact counts from Freudenthal itself; the bound must never be below them
    for name, hw in [("A1", (7,)), ("A2", (3, 2)), ("G2", (2, 1)), ("B3", (1, 1, 1)),
                     ("E8", (0,) * 7 + (1,)), ("E6", (1, 0, 0, 0, 0, 1))]:
        rs = root_system(name)
        assert rep.dominant_weight_bound(rs, hw) >= len(rep.dominant_weights(rs, hw))
    assert rep.dominant_weight_bound(root_system("A1"), (10,)) == 6


@pytest.mark.timeout(10)
def test_huge_algebras_refused_in_closed_form():
    n = 10000
    with pytest.raises(ValueError, match=f"A10000: algebra dimension {n * (n + 2)} exceeds "
                       f"the limit {MAX_DIMENSION}"):
        LieAlgebra(f"A{n}")
    with pytest.raises(ValueError, match=r"n=100000: so\(n\) has dimension 4999950000"):
        so(100000)


def test_weyl_dimension_matches_hook_length_for_su_n():
    # dim of the su(N) irrep of a Young diagram = prod (N + c)/hook (independent formula)
    g = LieAlgebra("A3")
    labels = (2, 1, 1)
    rows = [sum(labels[i:]) for i in range(3)]  # (4, 2, 1)
    cells = [(i, j) for i, r in enumerate(rows) for j in range(r)]
    cols = [sum(1 for r in rows if r > j) for j in range(rows[0])]
    num = math.prod(4 + j - i for i, j in cells)
    den = math.prod((rows[i] - j - 1) + (cols[j] - i - 1) + 1 for i, j in cells)
    assert g.irrep_dimension(labels) == num // den
