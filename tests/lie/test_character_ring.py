"""Symmetric/alternating powers and plethysm: closed forms, Sym + Alt = tensor square, and an
independent Schur-function plethysm built here from semistandard tableaux (no Weyl group)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from symphys.lie import LieAlgebra, VirtualCharacter
from symphys.lie.character_ring import MAX_PLETHYSM_DEGREE, sn_character


def _dims(g, decomposition):
    return sum(m * g.irrep_dimension(k) for k, m in decomposition.items())


@pytest.mark.parametrize("alg,hw", [("A3", (1, 0, 0)), ("B3", (0, 0, 1)), ("G2", (1, 0)),
                                     ("C2", (1, 0)), ("E6", (1, 0, 0, 0, 0, 0)), ("A2", (1, 1))])
def test_dimensions_are_binomials_and_sym_plus_alt_is_the_square(alg, hw):
    g = LieAlgebra(alg)
    d = g.irrep_dimension(hw)
    for k in (2, 3):
        assert _dims(g, g.symmetric_power(hw, k)) == math.comb(d + k - 1, k)
        assert _dims(g, g.alternating_power(hw, k)) == math.comb(d, k)
    total = Counter(g.symmetric_power(hw, 2)) + Counter(g.alternating_power(hw, 2))
    assert dict(total) == g.tensor_product(hw, hw)
    # V^(x)3 = Sym^3 + 2 S_21 + Alt^3 (Schur-Weyl)
    cube = Counter(g.symmetric_power(hw, 3)) + Counter(g.alternating_power(hw, 3))
    for k, m in g.plethysm(hw, (2, 1)).items():
        cube[k] += 2 * m
    assert dict(cube) == g.tensor_product(hw, hw, hw)


def test_e6_27_powers_from_slansky():
    """Slansky Table 47 and the issue: Sym^2 27 = 27bar + 351', Alt^2 27 = 351;
    Sym^3 27 = 1 + 650 + 3003 (the cubic invariant of E6)."""
    e6 = LieAlgebra("E6")
    v = e6.from_name("27")
    name = e6.irrep_name
    assert {name(k): m for k, m in e6.symmetric_power(v, 2).items()} == {"27bar": 1, "351'": 1}
    assert {name(k): m for k, m in e6.alternating_power(v, 2).items()} == {"351": 1}
    sym3 = {name(k): m for k, m in e6.symmetric_power(v, 3).items()}
    assert sym3 == {"3003": 1, "650": 1, "1": 1}


def test_sym2_of_the_su_n_fundamental():
    for n in range(2, 9):
        g = LieAlgebra("A", n - 1)
        fund = (1,) + (0,) * (n - 2)
        sym = g.symmetric_power(fund, 2)
        assert len(sym) == 1 and g.irrep_dimension(next(iter(sym))) == n * (n + 1) // 2
        assert g.alternating_power(fund, n) == {(0,) * (n - 1): 1}


# --------------------------------------------------------------- independent Schur functions
def _ssyt(shape, n):
    """Semistandard tableaux of a shape with entries 0..n-1, as lists of rows."""
    cells = [(r, c) for r, length in enumerate(shape) for c in range(length)]
    out = []

    def fill(i, t):
        if i == len(cells):
            out.append({k: v for k, v in t.items()})
            return
        r, c = cells[i]
        lo = 0
        if c > 0:
            lo = max(lo, t[(r, c - 1)])
        if r > 0:
            lo = max(lo, t[(r - 1, c)] + 1)
        for v in range(lo, n):
            t[(r, c)] = v
            fill(i + 1, t)
        t.pop((r, c), None)

    fill(0, {})
    return out


def _schur_monomials(shape, alphabet):
    """s_shape(alphabet): Counter of exponent vectors (alphabet = list of exponent vectors)."""
    n = len(alphabet[0])
    out = Counter()
    for t in _ssyt(shape, len(alphabet)):
        e = [0] * n
        for v in t.values():
            for i, x in enumerate(alphabet[v]):
                e[i] += x
        out[tuple(e)] += 1
    return out


def _decompose(char, n):
    """Expand a symmetric polynomial (Counter of exponents in n variables) in Schur functions."""
    char = Counter(char)
    unit = [tuple(int(i == j) for j in range(n)) for i in range(n)]
    out = {}
    while char:
        top = max(k for k, v in char.items() if v)
        m = char[top]
        out[top] = m
        for k, v in _schur_monomials(top, unit).items():
            char[k] -= m * v
        char = Counter({k: v for k, v in char.items() if v})
    return out


def _labels(partition, n):
    p = list(partition) + [0] * (n - len(partition))
    return tuple(p[i] - p[i + 1] for i in range(n - 1))


@pytest.mark.parametrize("n,inner,outer", [(3, (2,), (2,)), (3, (2,), (1, 1)), (2, (3,), (2,)),
                                          (3, (1, 1), (2, 1)), (2, (2,), (3,)),
                                          (3, (2,), (2, 1)), (4, (1, 1), (2,))])
def test_plethysm_against_schur_functions(n, inner, outer):
    unit = [tuple(int(i == j) for j in range(n)) for i in range(n)]
    alphabet = [k for k, v in _schur_monomials(inner, unit).items() for _ in range(v)]
    want = _decompose(_schur_monomials(outer, alphabet), n)
    want = {_labels(p, n): m for p, m in want.items()}
    g = LieAlgebra("A", n - 1)
    got = g.plethysm(_labels(inner, n), outer)
    assert got == want


def test_symmetric_group_characters():
    # character table of S_4 (James & Kerber, Appendix I.A)
    table = {(4,): [1, 1, 1, 1, 1], (3, 1): [3, 1, 0, -1, -1], (2, 2): [2, 0, -1, 2, 0],
             (2, 1, 1): [3, -1, 0, -1, 1], (1, 1, 1, 1): [1, -1, 1, 1, -1]}
    classes = [(1, 1, 1, 1), (2, 1, 1), (3, 1), (2, 2), (4,)]
    for lam, row in table.items():
        assert [sn_character(lam, mu) for mu in classes] == row


def test_virtual_character_ring():
    g = LieAlgebra("A2")
    v = VirtualCharacter(g, [(1, 0)])
    w = VirtualCharacter(g, {(0, 1): 1})
    assert (v * w).terms == {(1, 1): 1, (0, 0): 1}
    assert (v * w - v * w).terms == {}
    assert (v + w) * (v + w) == v * v + 2 * (v * w) + w * w
    for k in (1, 2, 3):
        assert v.adams(k).dimension == 3
    assert v.dual() == w
    assert g.tensor_product((1, 0), (0, 1), (1, 1)) == (v * w * VirtualCharacter(g, [(1, 1)])
                                                        ).terms
    with pytest.raises(ValueError, match="combine"):
        v + VirtualCharacter(LieAlgebra("A1"), [(1,)])


def test_sizes_and_bad_input_are_refused():
    g = LieAlgebra("E8")
    with pytest.raises(ValueError, match="MAX_PLETHYSM_DEGREE"):
        g.symmetric_power((0,) * 7 + (1,), MAX_PLETHYSM_DEGREE + 1)
    with pytest.raises(ValueError, match="MAX_PLETHYSM_DIMENSION"):
        g.symmetric_power((1,) + (0,) * 7, 10)
    with pytest.raises(ValueError, match="non-increasing"):
        LieAlgebra("A2").plethysm((1, 0), (1, 2))
    with pytest.raises(TypeError):
        LieAlgebra("A2").plethysm((1, 0), "21")
    with pytest.raises(TypeError):
        LieAlgebra("A2").symmetric_power((1, 0), 2.0)
