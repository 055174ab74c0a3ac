"""Real matrix groups refuse complex input with a TypeError naming the argument (a cast would
silently drop the imaginary part)."""

from __future__ import annotations

import numpy as np
import pytest

from symphys.lie.groups import (
    SL,
    SO,
    Affine,
    GLPlus,
    PositiveDefinite,
    chart,
    exp,
    from_chart,
    has_real_log,
    in_image_of_exp,
    iwasawa,
    kak,
    log,
    polar,
)

Z = np.eye(3) * (1 + 1j)
ZERO = np.zeros((3, 3), dtype=complex)


def test_issue_example_polar():
    with pytest.raises(TypeError, match="g has complex dtype"):
        GLPlus(3).polar(np.eye(3) * (1 + 1j))


@pytest.mark.parametrize("call, name", [
    (lambda: polar(Z), "g"), (lambda: kak(Z), "g"), (lambda: iwasawa(Z), "g"),
    (lambda: chart(Z), "g"), (lambda: log(Z), "g"), (lambda: exp(ZERO), "X"),
    (lambda: has_real_log(Z), "g"), (lambda: in_image_of_exp(Z), "g"),
    (lambda: from_chart(ZERO, np.zeros((3, 3))), "X"),
    (lambda: from_chart(np.zeros((3, 3)), ZERO), "Y"),
])
def test_module_functions(call, name):
    with pytest.raises(TypeError, match=f"{name} has complex dtype"):
        call()


@pytest.mark.parametrize("G", [GLPlus(3), SL(3), SO(3), PositiveDefinite(3)], ids=repr)
@pytest.mark.parametrize("method", ["polar", "kak", "iwasawa", "chart", "log", "contains",
                                    "validate", "haar_log_density", "in_image_of_exp",
                                    "inverse"])
def test_group_methods(G, method):
    with pytest.raises(TypeError, match="complex dtype"):
        getattr(G, method)(Z)


@pytest.mark.parametrize("G", [GLPlus(3), SO(3), PositiveDefinite(3)], ids=repr)
def test_exp_and_chart_densities(G):
    with pytest.raises(TypeError, match="complex dtype"):
        G.exp(ZERO)
    if hasattr(G, "haar_log_density_chart"):
        with pytest.raises(TypeError, match="Y has complex dtype"):
            G.haar_log_density_chart(np.zeros((3, 3)), ZERO)


def test_affine_parts():
    A = Affine(SO(2))
    with pytest.raises(TypeError, match="x has complex dtype"):
        A.from_parts(np.eye(2), np.array([1j, 0]))
    with pytest.raises(TypeError, match="complex dtype"):
        A.compose(np.eye(3) * (1 + 0j) * 1j, np.eye(3))
