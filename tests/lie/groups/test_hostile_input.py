"""Issue 19 for symphys.lie.groups: bad input is refused at once, in words, never crashes.

Sizes are checked in closed form (MAX_ENTRIES, MAX_INTEGRATE_ENTRIES, MAX_VOLUME_N), entries
beyond MAX_ABS_ENTRY are refused before a decomposition overflows, and so_volume is computed in
logs (checked against mpmath).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from symphys.lie import groups as G
from symphys.lie.groups import (
    SL,
    SO,
    Affine,
    GLPlus,
    PositiveDefinite,
    haar_so,
    log_so_volume,
    so_volume,
)
from symphys.lie.groups._common import MAX_ABS_ENTRY, MAX_ENTRIES


def test_polar_of_huge_matrix_is_refused_in_words():
    with pytest.raises(ValueError, match=r"g has an entry of size 1e\+308.*MAX_ABS_ENTRY"):
        PositiveDefinite(3).polar(1e308 * np.eye(3))
    P, K = PositiveDefinite(3).polar(1e100 * np.eye(3))        # within the limit: exact
    assert np.allclose(P, 1e100 * np.eye(3), rtol=1e-15) and np.allclose(K, np.eye(3))


def _mp_log_volume(n):
    mpmath.mp.dps = 40
    return mpmath.fsum(mpmath.log(2) + mpmath.mpf(k + 1) / 2 * mpmath.log(mpmath.pi)
                       - mpmath.loggamma(mpmath.mpf(k + 1) / 2) for k in range(1, n))


@pytest.mark.parametrize("n", [1, 2, 3, 18, 61, 62, 400, 2000])
def test_log_so_volume_matches_mpmath(n):
    assert math.isclose(log_so_volume(n), float(_mp_log_volume(n)), rel_tol=1e-13, abs_tol=1e-13)


@pytest.mark.timeout(10)
def test_so_volume_400_says_it_underflows_and_points_to_the_log():
    """Was OverflowError (Gamma(200.5) overflows) although vol SO(400) is a finite number."""
    with pytest.raises(ValueError, match=r"so_volume\(n=400\).*underflows.*log_so_volume"):
        so_volume(400)
    assert math.isclose(so_volume(61), math.exp(float(_mp_log_volume(61))), rel_tol=1e-12)
    with pytest.raises(ValueError, match="MAX_VOLUME_N"):
        log_so_volume(10**18)


@pytest.mark.timeout(10)
def test_haar_so_rng_is_keyword_and_checked():
    with pytest.raises(TypeError):
        haar_so(3, 5, None)                          # rng is keyword-only (API dialect)
    assert haar_so(3, 5, rng=None).shape == (5, 3, 3)
    assert np.array_equal(haar_so(3, 5, rng=7), haar_so(3, 5, rng=np.random.default_rng(7)))
    for bad in ("x", 1.5, True, np.random.RandomState(0), [1]):
        with pytest.raises(TypeError, match="rng"):
            haar_so(3, 5, rng=bad)
    with pytest.raises(ValueError, match="rng=-1"):
        haar_so(3, 5, rng=-1)
    with pytest.raises(TypeError, match="size"):
        haar_so(3, None)


@pytest.mark.parametrize("group", [G.GLPlus(2), G.SL(2), G.SO(3), G.PositiveDefinite(2),
                                   G.Affine(G.SO(2))], ids=repr)
def test_every_sampler_checks_rng(group):
    for bad in ("x", 2.5, object()):
        with pytest.raises(TypeError, match="rng"):
            group.sample(3, rng=bad)
        with pytest.raises(TypeError, match="rng"):
            group.integrate(lambda g: g[:, 0, 0], 4, rng=bad)
    assert group.sample(3, rng=None)[0].shape[0] == 3


@pytest.mark.timeout(10)
def test_sizes_are_refused_in_closed_form():
    with pytest.raises(ValueError, match=r"n=100000: one 100000 x 100000 matrix.*MAX_ENTRIES"):
        G.GLPlus(100_000)
    with pytest.raises(ValueError, match=r"haar_so\(n=3, size=\(1000000000,\)\).*MAX_ENTRIES"):
        haar_so(3, 10**9)
    with pytest.raises(ValueError, match="n_samples=1000000000 .*MAX_ENTRIES"):
        G.SO(3).sample(10**9)
    with pytest.raises(ValueError, match="MAX_INTEGRATE_ENTRIES"):
        G.SO(3).integrate(lambda g: g[:, 0, 0], 10**15, chunk=1)
    with pytest.raises(ValueError, match=r"basis of so\(200\)"):
        G.SO(200).lie_algebra_basis()
    assert MAX_ENTRIES == 10**8


def test_exp_overflow_is_refused():
    for f in (G.exp, G.GLPlus(2).exp, G.PositiveDefinite(2).exp):
        with pytest.raises(ValueError, match="overflows"):
            f(1000.0 * np.eye(2))


_INPUTS = {
    "huge": 1e308 * np.eye(3), "big": 10 * MAX_ABS_ENTRY * np.eye(3), "tiny": 1e-308 * np.eye(3),
    "nan": np.full((3, 3), np.nan), "inf": np.full((3, 3), np.inf), "empty": np.zeros((0, 3, 3)),
    "wrong_shape": np.eye(2), "complex": 1j * np.eye(3), "string": "x", "none": None,
    "ragged": [[1, 2], [3]], "exp_overflow": 1e3 * np.eye(3),
}
_GROUPS = [G.GLPlus(3), G.SL(3), G.SO(3), G.PositiveDefinite(3),
           G.PositiveDefinite(3, unimodular=True)]
_METHODS = ["polar", "kak", "iwasawa", "chart", "log", "exp", "inverse", "validate", "contains",
            "in_image_of_exp", "haar_log_density"]


def _finite_or_refused(call):
    try:
        out = call()
    except (ValueError, TypeError):
        return
    for a in out if isinstance(out, tuple) else (out,):
        a = np.asarray(a)
        assert a.dtype.kind != "f" or np.all(np.isfinite(a))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("group", _GROUPS, ids=repr)
def test_group_methods_sweep_hostile_input(group):
    for name in _METHODS:
        for x in _INPUTS.values():
            _finite_or_refused(lambda name=name, x=x: getattr(group, name)(x))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["polar", "kak", "iwasawa", "chart", "log", "exp",
                                  "has_real_log", "in_image_of_exp"])
def test_module_functions_sweep_hostile_input(name):
    for x in _INPUTS.values():
        _finite_or_refused(lambda x=x: getattr(G, name)(x))


@pytest.mark.timeout(10)
def test_haar_so_work_is_bounded_in_closed_form():
    from symphys.lie.groups.haar import MAX_QR_WORK, haar_so

    with pytest.raises(ValueError, match="MAX_QR_WORK"):
        haar_so(3000, 5, rng=0)
    assert 5 * 3000**3 > MAX_QR_WORK


@pytest.mark.parametrize("make", [lambda s: GLPlus(3).sample(4, rng=0, scale=s),
                                  lambda s: SL(3).sample(4, rng=0, scale=s),
                                  lambda s: PositiveDefinite(3).sample(4, rng=0, scale=s),
                                  lambda s: Affine(SO(2)).sample(4, rng=0, x_scale=s)])
@pytest.mark.parametrize("scale", [1e308, 1e-320, float("inf"), float("nan"), -1.0])
def test_proposal_scales_outside_the_double_range_are_refused(make, scale):
    with pytest.raises(ValueError, match="scale"):
        make(scale)


@pytest.mark.parametrize("group", [GLPlus(2), SL(2), PositiveDefinite(2)])
def test_a_proposal_too_wide_for_exp_is_refused_not_inf(group):
    with pytest.raises(ValueError, match="MAX_EXP_ARGUMENT"):
        group.sample(3, rng=0, scale=1e30)
    g, log_w = group.sample(3, rng=0, scale=2.0)
    assert np.all(np.isfinite(g)) and np.all(np.isfinite(log_w))
