"""Out-of-domain input, side by side with sympy.physics.wigner (never hard-coded values).

For every class of bad input (``|m| > j``, negative ``j``, ``j - m`` not an integer,
``m1+m2+m3 != 0``, the triangle rule, a triad with a non-integer perimeter, a non-half-integer
argument) and every argument type (int, float, sympy Rational, Fraction, NumPy scalars), the
symphys symbol, with ``exact=True`` and ``exact=False``, does what sympy's does: the same value
(0 included) where sympy returns one, a ValueError naming the argument where sympy raises.
The only departures are the ones the docstrings state under "Domain"; each is asserted here as
documented, never skipped.
"""

from __future__ import annotations

import random
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy
from sympy.physics import wigner as W

from symphys.angular import (
    clebsch_gordan,
    gaunt,
    real_gaunt,
    wigner_3j,
    wigner_6j,
    wigner_9j,
)
from symphys.angular._exact import MAX_J

N_PER_CLASS = 25

# --- rules (arguments as Fractions) ---------------------------------------------------------


def _is_int(x: Fraction) -> bool:
    return x.denominator == 1


def _triangle(a, b, c) -> bool:
    return abs(a - b) <= c <= a + b


def _rules_3j(a, *, cg=False):
    j, m = a[:3], list(a[3:])
    if cg:
        m[2] = -m[2]  # <j1 m1; j2 m2 | j3 m3> is 3j(j1 j2 j3; m1 m2 -m3)
    bad = set()
    if any(x < 0 for x in j):
        bad.add("negative j")
    if any(abs(y) > x >= 0 for x, y in zip(j, m, strict=True)):
        bad.add("|m| > j")
    if any(not _is_int(x - y) for x, y in zip(j, m, strict=True)):
        bad.add("j - m not integer")
    if sum(m) != 0:
        bad.add("m sum != 0")
    if min(j) >= 0 and not _triangle(*j):
        bad.add("triangle")
    return bad


def _rules_gaunt(a, *, real=False):
    l, m = a[:3], a[3:]
    bad = set()
    if any(x < 0 for x in l):
        bad.add("negative j")
    if any(abs(y) > x >= 0 for x, y in zip(l, m, strict=True)):
        bad.add("|m| > j")
    if real:
        if sum(y < 0 for y in m) % 2:
            bad.add("odd number of negative mu")
    elif sum(m) != 0:
        bad.add("m sum != 0")
    if min(l) >= 0 and not _triangle(*l):
        bad.add("triangle")
    if sum(l) % 2:
        bad.add("l1+l2+l3 odd")
    return bad


SIX = [(0, 1, 2), (0, 4, 5), (3, 1, 5), (3, 4, 2)]
NINE = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8)]


def _rules_triads(a, triads):
    bad = set()
    if any(x < 0 for x in a):
        bad.add("negative j")
    if any(not _is_int(sum(a[i] for i in t)) for t in triads):
        bad.add("non-integer perimeter")
    if min(a) >= 0 and not all(_triangle(*(a[i] for i in t)) for t in triads):
        bad.add("triangle")
    return bad


def _halves(lo, hi):
    return [Fraction(k, 2) for k in range(2 * lo, 2 * hi + 1)]


def _ints(lo, hi):
    return [Fraction(k) for k in range(lo, hi + 1)]


_C3J = ["negative j", "|m| > j", "j - m not integer", "m sum != 0", "triangle"]
_CTRIAD = ["negative j", "non-integer perimeter", "triangle"]
_CGAUNT = ["negative j", "|m| > j", "triangle", "l1+l2+l3 odd"]
CLASSES = {"wigner_3j": _C3J, "clebsch_gordan": _C3J, "wigner_6j": _CTRIAD,
           "wigner_9j": _CTRIAD, "gaunt": [*_CGAUNT, "m sum != 0"],
           "real_gaunt": [*_CGAUNT, "odd number of negative mu"]}

SPECS = {
    # name: (sympy function, symphys function, argument pools, rule function)
    "wigner_3j": (W.wigner_3j, wigner_3j, [_halves(-2, 3)] * 3 + [_halves(-4, 4)] * 3,
                  _rules_3j),
    "clebsch_gordan": (W.clebsch_gordan, clebsch_gordan,
                       [_halves(-2, 3)] * 3 + [_halves(-4, 4)] * 3,
                       lambda a: _rules_3j(a, cg=True)),
    "wigner_6j": (W.wigner_6j, wigner_6j, [_halves(-1, 2)] * 6, lambda a: _rules_triads(a, SIX)),
    "wigner_9j": (W.wigner_9j, wigner_9j, [_halves(-1, 1)] * 9,
                  lambda a: _rules_triads(a, NINE)),
    "gaunt": (W.gaunt, gaunt, [_ints(-2, 4)] * 3 + [_ints(-5, 5)] * 3, _rules_gaunt),
    "real_gaunt": (W.real_gaunt, real_gaunt, [_ints(-2, 3)] * 3 + [_ints(-4, 4)] * 3,
                   lambda a: _rules_gaunt(a, real=True)),
}


def _sample(name: str, seed: int = 0) -> dict[str, list[tuple]]:
    """Rejection-sample arguments into classes: 'valid', one class per rule that alone fails,
    and 'several rules'."""
    _, _, pools, rules = SPECS[name]
    rnd = random.Random(f"{name}-{seed}")
    out: dict[str, list[tuple]] = {c: [] for c in ["valid", *CLASSES[name], "several rules"]}
    for _ in range(200_000):
        a = [rnd.choice(p) for p in pools]
        if name in ("wigner_3j", "clebsch_gordan", "gaunt") and rnd.random() < 0.7:
            # most draws obey the m rules, so that the j rules are reached alone
            for i in range(3):
                a[3 + i] = a[i] - rnd.randint(0, max(0, int(2 * a[i])))
            a[5] = (a[3] + a[4]) if name == "clebsch_gordan" else -(a[3] + a[4])
        a = tuple(a)
        bad = rules(a)
        key = "valid" if not bad else next(iter(bad)) if len(bad) == 1 else "several rules"
        if len(out[key]) < N_PER_CLASS:
            out[key].append(a)
            if all(len(v) == N_PER_CLASS for v in out.values()):
                break
    return out


# --- argument types ----------------------------------------------------------------------------

def _as_type(x: Fraction, kind: str):
    if kind == "int":
        return int(x) if _is_int(x) else x
    if kind == "float":
        return float(x)
    if kind == "rational":
        return sympy.Rational(x.numerator, x.denominator)
    if kind == "fraction":
        return x
    if kind == "numpy":
        return np.int64(int(x)) if _is_int(x) else np.float64(x)
    raise AssertionError(kind)


KINDS = ("int", "float", "rational", "fraction", "numpy")


def _typed(args, rnd: random.Random, kind: str | None):
    return tuple(_as_type(x, kind or rnd.choice(KINDS)) for x in args)


# --- comparison --------------------------------------------------------------------------------

def _call(f, args, **kw):
    try:
        return f(*args, **kw), None
    except Exception as exc:  # noqa: BLE001 - sympy raises several types; we record which
        return None, exc


def _documented_difference(name: str, args: tuple) -> str | None:
    """The departures from sympy that the docstrings state (see "Domain" in each)."""
    fr = [Fraction(str(x)) if isinstance(x, float | np.floating) else Fraction(int(x))
          if isinstance(x, int | np.integer) else Fraction(str(x)) for x in args]
    if name in ("gaunt", "real_gaunt") and all(_is_int(x) for x in fr):
        if any(isinstance(x, float | np.floating | Fraction) for x in args):
            return "integer-valued float/Fraction accepted"
    if name == "wigner_9j":
        t = fr
        if (min(t[0] + t[8], t[1] + t[5], t[3] + t[7]) < 0
                and any(not _is_int(sum(t[i] for i in tr)) for tr in NINE)):
            return "9j perimeter checked even where sympy's x-sum is empty"
    return None


def _check_one(name: str, args: tuple) -> None:
    ref_f, f, _, _ = SPECS[name]
    ref, ref_exc = _call(ref_f, args)
    why = _documented_difference(name, args)
    for exact in (True, False):
        got, exc = _call(f, args, exact=exact)
        if why == "integer-valued float/Fraction accepted":
            # sympy refuses the type; symphys gives sympy's value for the integers
            assert ref_exc is not None, (name, args)
            int_args = tuple(int(x) for x in args)
            ref_int = ref_f(*int_args)
            _assert_same_value(got, exc, ref_int, exact, (name, args))
            continue
        if why == "9j perimeter checked even where sympy's x-sum is empty":
            assert ref_exc is None and ref == 0, (name, args)
            assert isinstance(exc, ValueError) and "must be an integer" in str(exc), (name, args)
            continue
        if ref_exc is not None:
            assert isinstance(exc, ValueError), (name, args, exact, got, exc)
            # the message names an argument and the rule it breaks
            assert re.search(r"\b(j|l|m|mu)[1-9]=", str(exc)), str(exc)
            continue
        _assert_same_value(got, exc, ref, exact, (name, args))


def _assert_same_value(got, exc, ref, exact, where) -> None:
    assert exc is None, (where, exact, exc)
    ref = sympy.sympify(ref)
    if exact:
        assert isinstance(got, sympy.Expr), (where, got)
        if ref.atoms(sympy.Float):  # sympy evaluated part of it in floating point
            assert abs(complex(sympy.N(got - ref, 30))) < 1e-12, (where, got, ref)
        else:
            assert got == ref, (where, got, ref)
    else:
        assert type(got) is float, (where, got)
        if ref.atoms(sympy.Float):
            assert got == pytest.approx(float(sympy.re(sympy.N(ref, 30))), rel=1e-12, abs=0)
        else:
            assert got == float(sympy.N(ref, 60)), (where, got, ref)  # correctly rounded


CASES = [(name, cls) for name in SPECS for cls in ["valid", *CLASSES[name], "several rules"]]


@pytest.fixture(scope="module")
def samples():
    return {name: _sample(name) for name in SPECS}


@pytest.mark.parametrize("kind", [*KINDS, None])
@pytest.mark.parametrize("name,cls", CASES)
def test_class_matches_sympy(samples, name, cls, kind):
    """Each class of input, each argument type (None: a random type per argument)."""
    rnd = random.Random(f"{name}-{cls}-{kind}")
    cases = samples[name][cls]
    assert len(cases) == N_PER_CLASS
    for args in cases:
        _check_one(name, _typed(args, rnd, kind))


NON_HALF = [0.3, 1.25, sympy.Rational(1, 3), Fraction(2, 3), np.float64(0.7), 0.1 + 0.2]


@pytest.mark.parametrize("bad", NON_HALF, ids=repr)
@pytest.mark.parametrize("name", list(SPECS))
def test_non_half_integer_argument_matches_sympy(samples, name, bad):
    """A non-half-integer in any position: sympy raises, symphys raises ValueError naming it."""
    valid = samples[name]["valid"][:3]
    for args in valid:
        for i in range(len(args)):
            a = list(args)
            a[i] = bad
            _check_one(name, tuple(a))


def test_issue_examples():
    """The cases issue 13 names: sympy gives 0 for the first three, raises for the last."""
    for f, ref, args in [(wigner_3j, W.wigner_3j, (1, 1, 2, 3, -3, 0)),
                         (wigner_3j, W.wigner_3j, (-1, 1, 1, 0, 0, 0)),
                         (clebsch_gordan, W.clebsch_gordan, (2, 12, 25 / 2, 1, -10, -9))]:
        assert ref(*args) == 0
        assert f(*args) == 0 and f(*args, exact=False) == 0.0
    with pytest.raises(ValueError):
        W.wigner_6j(1, 1, 0.5, 1, 1, 1)
    for exact in (True, False):
        with pytest.raises(ValueError, match=r"j1=1, j2=1, j3=1/2: j1\+j2\+j3 must be an integer"):
            wigner_6j(1, 1, 0.5, 1, 1, 1, exact=exact)
    with pytest.raises(ValueError, match=r"j1\+j2\+j3 must be an integer \(a triad of the 9j"):
        wigner_9j(1, 1, 0.5, 1, 1, 1, 1, 1, 1)


@pytest.mark.parametrize("exact", [True, False])
def test_types_and_strings_are_type_errors(exact):
    """Where sympy sympifies (strings) or reads a bool as a number, symphys refuses the type."""
    with pytest.raises(TypeError, match="j1='1' has type str"):
        wigner_3j("1", 1, 1, 0, 0, 0, exact=exact)
    with pytest.raises(TypeError, match="bool"):
        wigner_6j(True, 1, 1, 1, 1, 1, exact=exact)
    with pytest.raises(TypeError, match="bool"):
        gaunt(1, 1, 2, 0, 0, False, exact=exact)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("exact", [True, False])
def test_size_limit_still_refused_out_of_domain(exact):
    """``j > MAX_J`` is refused at once even where a selection rule would make the symbol 0."""
    big = MAX_J + 1
    with pytest.raises(ValueError, match=f"j1={big} violates j1 <= {MAX_J}"):
        wigner_3j(big, 1, 1, 0, 0, 1, exact=exact)  # m sum != 0
    with pytest.raises(ValueError, match=f"j3={big} violates j3 <= {MAX_J}"):
        clebsch_gordan(1, 1, big, 5, 0, 0, exact=exact)  # |m1| > j1
    with pytest.raises(ValueError, match=f"j2={big} violates j2 <= {MAX_J}"):
        wigner_6j(1, big, 1, 1, 1, 1, exact=exact)  # triangle
    with pytest.raises(ValueError, match=f"j9={big} violates j9 <= {MAX_J}"):
        wigner_9j(1, 1, 1, 1, 1, 1, 1, 1, big, exact=exact)
    with pytest.raises(ValueError, match=f"l2={big} violates l2 <= {MAX_J}"):
        gaunt(1, big, 1, 0, 0, 0, exact=exact)  # l sum odd
    with pytest.raises(ValueError, match=f"l1={big} violates l1 <= {MAX_J}"):
        real_gaunt(big, 1, 1, 0, 0, -1, exact=exact)
    # the projections are free: a huge |m| with a small j is just 0, at once
    assert wigner_3j(1, 1, 1, 10**30, -(10**30), 0, exact=exact) == 0
    assert gaunt(1, 1, 2, 10**30, -(10**30), 0, exact=exact) == 0
