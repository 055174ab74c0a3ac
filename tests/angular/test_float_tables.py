"""The scalar float tables of ``wigner_3j`` / ``clebsch_gordan`` (``exact=False``), filled a shell
(largest ``l``) at a time by one vectorised evaluation: every value of a cold fill against an
independent exact evaluation (Racah's formula in Fractions, the rounding decided by exact
comparisons with the neighbouring midpoints), the table's bound, and the fast path's input
checks once the table is full."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from symphys.angular import _threej_vec, clebsch_gordan, wigner_3j
from symphys.angular import wigner3j as w3


def _racah_square(l1, l2, l3, m1, m2, m3) -> tuple[int, Fraction]:
    """``(sign, x)`` with ``3j = sign * sqrt(x)``, from Racah's formula (Edmonds eq. 3.7.3)
    in Fractions, written out here independently of the package."""
    if m1 + m2 + m3 or not abs(l1 - l2) <= l3 <= l1 + l2 or max(
            abs(m1) - l1, abs(m2) - l2, abs(m3) - l3) > 0:
        return 0, Fraction(0)
    f = math.factorial
    delta = Fraction(f(l1 + l2 - l3) * f(l1 - l2 + l3) * f(-l1 + l2 + l3), f(l1 + l2 + l3 + 1))
    pre = f(l1 + m1) * f(l1 - m1) * f(l2 + m2) * f(l2 - m2) * f(l3 + m3) * f(l3 - m3)
    s = Fraction(0)
    for k in range(max(0, l2 - l3 - m1, l1 - l3 + m2), min(l1 + l2 - l3, l1 - m1, l2 + m2) + 1):
        s += Fraction((-1) ** k, f(k) * f(l3 - l2 + k + m1) * f(l3 - l1 + k - m2)
                      * f(l1 + l2 - l3 - k) * f(l1 - k - m1) * f(l2 - k + m2))
    if s == 0:
        return 0, Fraction(0)
    sign = (-1) ** ((l1 - l2 - m3) % 2) * (1 if s > 0 else -1)
    return sign, delta * pre * s * s


def _is_rounding_of(v: float, sign: int, x: Fraction) -> bool:
    """Whether ``v`` is the float nearest to ``sign * sqrt(x)`` (exact comparisons of squares
    with the midpoints to the neighbouring floats)."""
    if x == 0:
        return v == 0.0
    if (v > 0) != (sign > 0):
        return False
    a = abs(v)
    lo = (Fraction(a) + Fraction(math.nextafter(a, 0.0))) / 2
    hi = (Fraction(a) + Fraction(math.nextafter(a, math.inf))) / 2
    return lo * lo < x < hi * hi


def _count(lmax: int) -> int:
    """Symbols with every ``l <= lmax`` obeying the selection rules, counted one by one."""
    n = 0
    for l1 in range(lmax + 1):
        for l2 in range(lmax + 1):
            for l3 in range(abs(l1 - l2), min(l1 + l2, lmax) + 1):
                for m1 in range(-l1, l1 + 1):
                    n += sum(1 for m2 in range(-l2, l2 + 1) if abs(m1 + m2) <= l3)
    return n


@pytest.fixture
def cold():
    """Empty float tables and vectorised store (and again afterwards)."""
    for t in (w3._FLOAT_3J, w3._FLOAT_CG):
        t.clear()
    _threej_vec.clear_caches()
    yield
    for t in (w3._FLOAT_3J, w3._FLOAT_CG):
        t.clear()


def test_cold_base_shell_is_exact_racah_correctly_rounded(cold):
    """The first call fills every symbol with l <= FLOAT_TABLE_BASE (8) in one go: each of the
    26,757 values is the correctly rounded exact 3j symbol, and wigner_3j returns it."""
    assert wigner_3j(0, 0, 0, 0, 0, 0, exact=False) == 1.0
    data = w3._FLOAT_3J.data
    assert len(data) == _count(w3.FLOAT_TABLE_BASE) == 26757
    bad = [k for k, v in data.items() if not _is_rounding_of(v, *_racah_square(*k))]
    assert bad == []
    for k in list(data)[::97]:
        assert wigner_3j(*k, exact=False) is data[k]


def test_cg_shell_is_exact_racah_correctly_rounded(cold):
    """A CG call with l = 9 fills the shells up to 9: the 18,496 coefficients of shell 9 are
    the correctly rounded ``(-1)^(j1-j2+m3) sqrt(2 j3 + 1) 3j(j1 j2 j3; m1 m2 -m3)``."""
    assert clebsch_gordan(9, 0, 9, 9, 0, 9, exact=False) == 1.0
    data = w3._FLOAT_CG.data
    assert len(data) == _count(9)
    assert w3._FLOAT_CG.triples == {(k,) for k in range(10)}
    bad = []
    for (l1, l2, l3, m1, m2, m3), v in data.items():
        if max(l1, l2, l3) < 9:
            continue
        sign, x = _racah_square(l1, l2, l3, m1, m2, -m3)
        sign *= (-1) ** ((l1 - l2 + m3) % 2)
        if not _is_rounding_of(v, sign, x * (2 * l3 + 1)):
            bad.append((l1, l2, l3, m1, m2, m3))
    assert bad == []


def test_tables_stay_bounded(cold):
    """Every shell up to FLOAT_TABLE_LMAX holds 72,809 symbols (counted one by one), below
    max_entries; a symbol beyond FLOAT_TABLE_LMAX adds nothing; each shell is filled once."""
    assert w3.FLOAT_TABLE_LMAX == 10
    v = wigner_3j(10, 10, 10, 0, 0, 0, exact=False)
    sign, x = _racah_square(10, 10, 10, 0, 0, 0)
    assert _is_rounding_of(v, sign, x)
    n = len(w3._FLOAT_3J.data)
    assert n == _count(10) == 72809 <= w3._FLOAT_3J.max_entries
    assert w3._FLOAT_3J.triples == {(k,) for k in range(11)}
    v = wigner_3j(11, 11, 10, 1, -1, 0, exact=False)
    sign, x = _racah_square(11, 11, 10, 1, -1, 0)
    assert _is_rounding_of(v, sign, x)
    wigner_3j(3, 2, 1, 0, 0, 0, exact=False)
    assert len(w3._FLOAT_3J.data) == n
    clebsch_gordan(10, 1, 10, 0, 0, 0, exact=False)
    assert len(w3._FLOAT_CG.data) == n <= w3._FLOAT_CG.max_entries


def test_fast_path_inputs_after_fill(cold):
    """With the table full, bools are still refused (True == 1 hashes like 1), floats, numpy
    ints and Fractions equal to ints give the table's value, symbols outside the domain or
    the selection rules are 0."""
    ref = wigner_3j(1, 1, 0, 1, -1, 0, exact=False)
    assert _is_rounding_of(ref, 1, Fraction(1, 3))
    for bad in ((True, 1, 0, 1, -1, 0), (1, 1, False, 1, -1, 0), (1, 1, 0, True, -1, 0)):
        with pytest.raises(TypeError):
            wigner_3j(*bad, exact=False)
        with pytest.raises(TypeError):
            clebsch_gordan(*bad, exact=False)
    assert wigner_3j(1.0, 1, 0, 1, -1, 0.0, exact=False) == ref
    assert wigner_3j(np.int64(1), 1, 0, 1, np.int64(-1), 0, exact=False) == ref
    assert wigner_3j(Fraction(1), 1, 0, 1, -1, 0, exact=False) == ref
    assert wigner_3j(1, 1, 0, 1, 1, 0, exact=False) == 0.0  # m1 + m2 + m3 != 0
    assert wigner_3j(1, 1, 0, 2, -2, 0, exact=False) == 0.0  # |m| > j
    assert wigner_3j(1, 1, 3, 0, 0, 0, exact=False) == 0.0  # triangle
    assert wigner_3j(-1, 1, 0, 0, 0, 0, exact=False) == 0.0  # negative j
    assert clebsch_gordan(1, 1, 0, 1, -1, 0, exact=False) == pytest.approx(3 ** -0.5, rel=1e-15)
    assert clebsch_gordan(1, 1, 0, 1, -1, 1, exact=False) == 0.0  # m3 != m1 + m2


@pytest.mark.slow
def test_every_shell_of_both_tables_is_exact_racah_correctly_rounded(cold):
    """Shells filled one at a time (the base, then 9, then 10) hold, in both tables, the
    correctly rounded value of every one of the 72,809 symbols with l <= 10."""
    wigner_3j(1, 1, 0, 0, 0, 0, exact=False)
    clebsch_gordan(1, 1, 0, 0, 0, 0, exact=False)
    for L in (9, 10):
        wigner_3j(L, L, 0, 0, 0, 0, exact=False)
        clebsch_gordan(L, 0, L, 0, 0, 0, exact=False)
    assert len(w3._FLOAT_3J.data) == len(w3._FLOAT_CG.data) == 72809
    bad = [k for k, v in w3._FLOAT_3J.data.items() if not _is_rounding_of(v, *_racah_square(*k))]
    for (l1, l2, l3, m1, m2, m3), v in w3._FLOAT_CG.data.items():
        sign, x = _racah_square(l1, l2, l3, m1, m2, -m3)
        if not _is_rounding_of(v, sign * (-1) ** ((l1 - l2 + m3) % 2), x * (2 * l3 + 1)):
            bad.append((l1, l2, l3, m1, m2, m3))
    assert bad == []
