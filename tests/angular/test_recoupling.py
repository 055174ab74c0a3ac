"""6j and 9j symbols against sympy, DLMF closed forms and orthogonality."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
import sympy
from sympy.physics import wigner as W

from symphys.angular import wigner_6j, wigner_9j

H = sympy.Rational(1, 2)


def _same_as_sympy(fn, ref_fn, *args):
    """``fn(*args)`` equals sympy's value, or both raise ValueError (a triad with a
    non-integer perimeter); returns sympy's value (``None`` when it raised)."""
    try:
        ref = ref_fn(*args)
    except ValueError:
        with pytest.raises(ValueError, match="must be an integer"):
            fn(*args)
        return None
    assert fn(*args) == ref, args
    return ref


def test_6j_equals_sympy_all_small():
    n = nonzero = 0
    vals = [sympy.Rational(t, 2) for t in range(5)]
    rnd = random.Random(0)
    combos = list(itertools.product(vals, repeat=6))
    for js in rnd.sample(combos, 3000):
        ref = _same_as_sympy(wigner_6j, W.wigner_6j, *js)
        n += 1
        nonzero += ref is not None and ref != 0
    assert nonzero > 100


def test_6j_floats_correctly_rounded():
    rnd = random.Random(1)
    checked = 0
    while checked < 60:
        js = [rnd.randint(0, 8) for _ in range(6)]
        ref = W.wigner_6j(*js)  # integer j: every perimeter is an integer
        if ref == 0:
            continue
        assert wigner_6j(*js, exact=False) == float(sympy.N(ref, 60))
        checked += 1


def test_6j_edmonds_special_case():
    # {j1 j2 j3; 0 j3 j2} = (-1)^(j1+j2+j3) / sqrt((2 j2 + 1)(2 j3 + 1))  (Edmonds 6.3.2)
    for t1, t2, t3 in itertools.product(range(7), repeat=3):
        j1, j2, j3 = (sympy.Rational(t, 2) for t in (t1, t2, t3))
        if (t1 + t2 + t3) % 2 or not abs(t1 - t2) <= t3 <= t1 + t2:
            continue
        expect = sympy.Integer(-1) ** (j1 + j2 + j3) / sympy.sqrt((2 * j2 + 1) * (2 * j3 + 1))
        assert wigner_6j(j1, j2, j3, 0, j3, j2) == expect


def test_6j_orthogonality():
    j1, j2, j4, j5 = 2, 3, 3, 2
    j6s = range(max(abs(j1 - j5), abs(j4 - j2)), min(j1 + j5, j4 + j2) + 1)
    for j6, k6 in itertools.product(j6s, repeat=2):
        total = sum((2 * j3 + 1) * (2 * j6 + 1) * wigner_6j(j1, j2, j3, j4, j5, j6, exact=False)
                    * wigner_6j(j1, j2, j3, j4, j5, k6, exact=False)
                    for j3 in range(0, 8))
        assert np.isclose(total, 1.0 if j6 == k6 else 0.0, atol=1e-14)


def test_6j_symmetries():
    rnd = random.Random(2)
    for _ in range(50):
        js = [rnd.randint(0, 6) for _ in range(6)]
        v = wigner_6j(*js)
        a, b, c, d, e, f = js
        assert wigner_6j(b, a, c, e, d, f) == v
        assert wigner_6j(a, e, f, d, b, c) == v


def test_9j_equals_sympy():
    rnd = random.Random(3)
    nonzero = 0
    for _ in range(40):
        j1, j2, j4, j5 = (rnd.randint(0, 3) for _ in range(4))
        j3, j6 = rnd.randint(abs(j1 - j2), j1 + j2), rnd.randint(abs(j4 - j5), j4 + j5)
        j7, j8 = rnd.randint(abs(j1 - j4), j1 + j4), rnd.randint(abs(j2 - j5), j2 + j5)
        j9 = rnd.randint(max(abs(j3 - j6), abs(j7 - j8)), max(abs(j3 - j6), abs(j7 - j8)) + 2)
        js = (j1, j2, j3, j4, j5, j6, j7, j8, j9)
        ref = _same_as_sympy(wigner_9j, W.wigner_9j, *js)
        nonzero += ref is not None and ref != 0
        if ref:
            assert wigner_9j(*js, exact=False) == float(sympy.N(ref, 60))
    assert nonzero > 10
    for js in [(H, H, 0, H, H, 0, 1, 1, 0), (H, H, 1, H, H, 1, 1, 1, 0),
               (1, H, 3 * H, H, 1, 3 * H, 3 * H, 3 * H, 1)]:
        assert wigner_9j(*js) == W.wigner_9j(*js)


def test_9j_with_a_zero_reduces_to_6j():
    # {a b e; c d e; f f 0} = (-1)^(b+c+e+f) / sqrt((2e+1)(2f+1)) {a b e; d c f}  (DLMF 34.6.2)
    for a, b, c, d, e, f in itertools.product(range(3), repeat=6):
        lhs = wigner_9j(a, b, e, c, d, e, f, f, 0)
        rhs = (sympy.Integer(-1) ** (b + c + e + f) / sympy.sqrt((2 * e + 1) * (2 * f + 1))
               * wigner_6j(a, b, e, d, c, f))
        assert lhs**2 == sympy.expand(rhs**2), (a, b, c, d, e, f)
        assert sympy.sign(lhs) == sympy.sign(rhs)


def test_9j_transpose_symmetry():
    rnd = random.Random(4)
    for _ in range(40):
        js = [rnd.randint(0, 3) for _ in range(9)]
        m = np.array(js).reshape(3, 3)
        assert wigner_9j(*m.T.ravel().tolist()) == wigner_9j(*js)


def test_invalid_input():
    assert wigner_6j(1, 1, 1, -1, 1, 1) == 0 == W.wigner_6j(1, 1, 1, -1, 1, 1)  # as sympy
    with pytest.raises(ValueError, match="j9=0.3 is not an integer or half-integer"):
        wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, 0.3)
    with pytest.raises(TypeError, match="j1"):
        wigner_6j("a", 1, 1, 1, 1, 1)
    assert wigner_6j(1, 1, 3, 1, 1, 1) == 0  # triangle violation is a selection rule
