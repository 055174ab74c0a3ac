"""Issue 19 for symphys.lie (algebras): sizes refused at once in closed form, bad input in words."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.lie import LieAlgebra, Subalgebra, WeylGroup, so
from symphys.lie import groups as G


@pytest.mark.timeout(10)
def test_issue_examples_are_refused_at_once_naming_argument_limit_and_size():
    with pytest.raises(ValueError, match=r"cartan_type=A10000: algebra dimension 100020000 "
                                         r"exceeds the limit 20000 .*MAX_DIMENSION"):
        LieAlgebra("A10000")
    with pytest.raises(ValueError, match=r"hw=\(1000000, 0, 0, 0\): D4 Freudenthal .* 2.5e\+23 "
                                         r"exceeds the limit 10000000 \(MAX_FREUDENTHAL\)"):
        LieAlgebra("D4").weights((1000000, 0, 0, 0))
    with pytest.raises(ValueError, match=r"n=100000: so\(n\) has dimension 4999950000, above "
                                         r"the limit 120 \(MAX_GENERATORS\)"):
        so(100000)
    with pytest.raises(ValueError, match=r"n=1180591620717411303424: .*MAX_GENERATORS"):
        so(2**70)


def test_fuzz_findings_subalgebra_and_weyl_group():
    A4 = LieAlgebra("A4")
    for bad in (1.5, 3, None, "A4", [1], np.zeros(2), object()):
        with pytest.raises(TypeError, match="parent"):
            Subalgebra(bad, [], 0, [])
        with pytest.raises(TypeError, match="factors"):
            Subalgebra(A4, [bad], 0, [[1, 0, 0, 0]])
    sub = A4.subalgebra("A2+A1+U1")
    with pytest.raises(TypeError, match="weight"):
        sub.project((float("nan"), 0, 0, 0))
    with pytest.raises(TypeError, match="key"):
        sub.split((float("nan"), 0, 0, 0))
    with pytest.raises(ValueError, match="key"):
        sub.split((1, 0))
    with pytest.raises(TypeError, match="order"):
        WeylGroup([[2]], float("inf"))


def test_fuzz_findings_groups():
    with pytest.raises(ValueError, match="singular"):
        G.GLPlus(2).inverse(np.zeros((2, 2)))
    X, Y = G.chart(np.zeros((0, 3, 3)))
    assert X.shape == Y.shape == (0, 3, 3)
    with pytest.raises(TypeError, match="group"):
        G.in_image_of_exp(np.eye(2), group=1.5)
    with pytest.raises(ValueError, match="MAX_INTEGRATE_ENTRIES"):
        G.SO(3).integrate(lambda g: g[:, 0, 0], 2**70)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("method", ["structure_constants", "killing_form"])
def test_chevalley_outputs_are_refused_in_closed_form_beyond_the_work_limit(method):
    from symphys.lie.chevalley import MAX_CHEVALLEY_WORK, chevalley_brackets

    for name in ("A140", "A30", "D100"):
        g = LieAlgebra(name)
        work = g.dimension**2 * g.rank
        assert work > MAX_CHEVALLEY_WORK
        with pytest.raises(ValueError, match=rf"{method}\(\) of {name}: dimension\^2 \* rank = "
                                             rf"{g.dimension}\^2 \* {g.rank} = .* exceeds the "
                                             r"limit 4.0e\+06 .*MAX_CHEVALLEY_WORK"):
            getattr(g, method)()
    with pytest.raises(ValueError, match="chevalley_brackets.*MAX_CHEVALLEY_WORK"):
        chevalley_brackets(LieAlgebra("A30").root_system)
    g = LieAlgebra("A20")  # at the limit: 440^2 * 20 = 3.9e6 is accepted
    assert g.dimension**2 * g.rank <= MAX_CHEVALLEY_WORK
    assert getattr(g, method)()


@pytest.mark.timeout(10)
def test_weyl_group_matrices_are_refused_in_closed_form_beyond_the_entry_limit():
    W = LieAlgebra("A140").weyl_group()
    with pytest.raises(ValueError, match=r"simple_reflections\(\): rank\^3 = 140\^3 = 2744000 "
                                         r"matrix entries exceed the limit 200000"):
        W.simple_reflections()
    with pytest.raises(ValueError, match=r"reflections\(\): .* rank\^4 = 140\^4 .*limit 200000"):
        W.reflections()
    assert W.longest_element().shape == (140, 140)  # sparse updates: |positive roots| steps
    assert len(LieAlgebra("A21").weyl_group().reflections()) == 231
    assert len(LieAlgebra("E8").weyl_group().reflections()) == 120


@pytest.mark.timeout(10)
def test_weyl_group_of_a_non_finite_cartan_matrix_is_refused_not_hung():
    W = WeylGroup([[2, -2], [-2, 2]], 1)  # affine A1: infinitely many roots
    with pytest.raises(ValueError, match="not the Cartan matrix of a finite"):
        W.reflections()
    with pytest.raises(ValueError, match="not the Cartan matrix of a finite"):
        W.longest_element()


@pytest.mark.timeout(10)
def test_matrix_lie_algebra_sizes_are_refused_before_any_work():
    from symphys.lie import MatrixLieAlgebra
    from symphys.lie.matrix_algebra import MAX_CLOSURE_WORK, MAX_GENERATORS

    eye = np.eye(2, dtype=np.int64)
    with pytest.raises(ValueError, match=rf"generators: 121 of them exceed the limit "
                                         rf"{MAX_GENERATORS} .*MAX_GENERATORS"):
        MatrixLieAlgebra([eye] * 121)
    big = np.zeros((200, 200), dtype=np.int64)
    with pytest.raises(ValueError, match=r"generators: 3 matrices of size 200: the closure check "
                                         r"takes d\^2 n\^3 / 2 = 3.6e\+07 steps.*MAX_CLOSURE_WORK"):
        MatrixLieAlgebra([big] * 3)
    assert 3 * 3 * 200**3 // 2 > MAX_CLOSURE_WORK
    with pytest.raises(TypeError, match="generators"):
        MatrixLieAlgebra(5)


@pytest.mark.timeout(10)
def test_tiny_entries_are_refused_as_below_the_range_not_as_outside_gl_plus():
    from symphys.lie.groups._common import MIN_ABS_ENTRY

    g = 1e-308 * np.eye(3)
    assert bool(G.GLPlus(3).contains(g))  # det > 0 read from slogdet's sign, no underflow
    rule = (r"g has all entries below the supported range at batch indices \[\(\)\] "
            r"\(largest \|entry\| 1e-308 < MIN_ABS_ENTRY = 1e-150\)")
    for call in (lambda: G.GLPlus(3).polar(g), lambda: G.polar(g), lambda: G.kak(g),
                 lambda: G.iwasawa(g), lambda: G.GLPlus(3).log(g),
                 lambda: G.GLPlus(3).haar_log_density(g)):
        with pytest.raises(ValueError, match=rule):
            call()
    small = 1e-100 * np.eye(3)  # inside the range: exact answers
    assert 1e-100 > MIN_ABS_ENTRY
    assert float(G.GLPlus(3).haar_log_density(small)) == pytest.approx(-3 * np.log(1e-300))
    p, k = G.polar(small)
    assert np.allclose(p / 1e-100, np.eye(3)) and np.allclose(k, np.eye(3))
    with pytest.raises(ValueError, match=r"not in GL\+\(2\): det g > 0 fails"):
        G.GLPlus(2).validate(np.diag([1e-308, -1e-308]))
