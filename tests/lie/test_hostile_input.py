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
                                         r"the limit 200 \(MAX_GENERATORS\)"):
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
