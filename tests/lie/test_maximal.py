"""Maximal subalgebras: Dynkin's lists (Slansky, Phys. Rep. 79 (1981) 1, Table 14; Yamatsu,
arXiv:1511.08771; LieART 2.0, arXiv:1912.10969) and published branching rules, plus the
defining checks on every subalgebra found."""

from __future__ import annotations

import pytest

from symphys.lie import LieAlgebra
from symphys.lie.branching import check_embedding, embedding_indices


def _find(g, name, text=""):
    subs = [s for s in g.maximal_subalgebras() if s.name == name and text in s.how]
    assert len(subs) == 1, [(s.name, s.how) for s in subs]
    return subs[0]


def _rule(g, hw, sub):
    return sorted(g.branch(hw, sub).names().items())


ALL = ([f"A{n}" for n in range(1, 9)] + [f"B{n}" for n in range(2, 9)]
       + [f"C{n}" for n in range(2, 9)] + [f"D{n}" for n in range(4, 9)]
       + ["E6", "E7", "E8", "F4", "G2"])


@pytest.mark.timeout(300)
def test_defining_checks_for_every_maximal_subalgebra():
    """Every subalgebra of every simple algebra to rank 8 and the exceptionals: the adjoint
    branches with non-negative multiplicities into the subalgebra's adjoint plus the rest,
    dimensions sum, and the embedding index is a positive integer; a second irrep (the
    smallest fundamental) has the same index."""
    for name in ALL:
        g = LieAlgebra(name)
        subs = g.maximal_subalgebras()
        assert subs, name
        for s in subs:
            check_embedding(s)
            if not s.factors:
                continue
            funds = [tuple(int(i == j) for j in range(g.rank)) for i in range(g.rank)]
            fund = min(funds, key=g.irrep_dimension)
            br = g.branch(fund, s)
            assert sum(m * br.algebra.irrep_dimension(k) for k, m in br.items()) \
                == g.irrep_dimension(fund)
            # the index of the embedding read off the fundamental irrep agrees
            pos = 0
            for i, f in enumerate(s.factors):
                t = 0
                for k, m in br.items():
                    part = tuple(k[pos:pos + f.rank])
                    rest = br.algebra.irrep_dimension(k) // f.irrep_dimension(part)
                    t += m * rest * f.index(part)
                j = t / g.index(fund)
                assert j == sum(embedding_indices(s)[i]), (name, s.name, j)
                pos += f.rank


# Slansky Table 14 / Yamatsu Table 3: the maximal subalgebras of the exceptional algebras
EXCEPTIONAL = {
    "G2": ["A1", "A1+A1", "A2"],
    "F4": ["A1", "A2+A2", "B4", "C3+A1", "G2+A1"],
    "E6": ["A2", "A2+A2+A2", "A2+G2", "A5+A1", "C4", "D5+U1", "D5+U1", "F4", "G2"],
    "E7": ["A1", "A1", "A1+A1", "A1+F4", "A1+G2", "A2", "A5+A2", "A7", "D6+A1", "E6+U1",
           "G2+C3"],
    "E8": ["A1", "A1", "A1", "A2+A1", "A4+A4", "A8", "B2", "D8", "E6+A2", "E7+A1", "G2+F4"],
}


@pytest.mark.parametrize("name", sorted(EXCEPTIONAL))
def test_exceptional_lists(name):
    assert sorted(s.name for s in LieAlgebra(name).maximal_subalgebras()) == \
        EXCEPTIONAL[name]


def test_published_branching_rules():
    e6, e7, e8 = LieAlgebra("E6"), LieAlgebra("E7"), LieAlgebra("E8")
    # Slansky Table 47 (E6): 27 and 78 under the special maximal subalgebras
    assert _rule(e6, e6.from_name("27"), _find(e6, "G2")) == [("(27)", 1)]
    assert _rule(e6, e6.from_name("78"), _find(e6, "G2")) == [("(14)", 1), ("(64)", 1)]
    assert _rule(e6, e6.from_name("27"), _find(e6, "A2")) == [("(27)", 1)]
    assert _rule(e6, e6.from_name("78"), _find(e6, "A2")) == [("(35)", 1), ("(35bar)", 1),
                                                               ("(8)", 1)]
    assert _rule(e6, e6.from_name("27"), _find(e6, "C4")) == [("(27)", 1)]
    assert _rule(e6, e6.from_name("78"), _find(e6, "C4")) == [("(36)", 1), ("(42)", 1)]
    assert _rule(e6, e6.from_name("27"), _find(e6, "F4")) == [("(1)", 1), ("(26)", 1)]
    assert _rule(e6, e6.from_name("78"), _find(e6, "A2+G2")) == [("(1,14)", 1), ("(8,1)", 1),
                                                                  ("(8,7)", 1)]
    # E7 (Slansky Table 48): 56 = (4,1) + (2,26), 133 = (3,1) + (1,52) + (3,26)
    a1f4 = _find(e7, "A1+F4")
    assert _rule(e7, e7.from_name("56"), a1f4) == [("(2,26)", 1), ("(4,1)", 1)]
    assert _rule(e7, e7.from_name("133"), a1f4) == [("(1,52)", 1), ("(3,1)", 1),
                                                      ("(3,26)", 1)]
    assert _rule(e7, e7.from_name("133"), _find(e7, "A2")) == [("(125)", 1), ("(8)", 1)]
    # E8: 248 = (14,1) + (1,52) + (7,26) (the issue; Slansky Table 49)
    assert _rule(e8, e8.from_name("248"), _find(e8, "G2+F4")) == [
        ("(1,52)", 1), ("(14,1)", 1), ("(7,26)", 1)]
    # E8 > A2+A1 has Dynkin's indices (6, 16) (Slansky Table 14)
    a2a1 = _find(e8, "A2+A1")
    assert [sum(j) for j in embedding_indices(a2a1)] == [6, 16]
    # the principal A1 of E8: spins m_i for the exponents m_i (Kostant 1959)
    principal = _find(e8, "A1", "1240")
    dims = sorted(k[0] + 1 for k in e8.branch(e8.from_name("248"), principal))
    assert dims == [2 * m + 1 for m in e8.exponents()]
    # classical: D5 > B2: 10 = 10, 16 = 16; SU(5) > SO(5): 5 = 5, 10 = 10
    d5 = LieAlgebra("D5")
    assert _rule(d5, d5.from_name("10"), _find(d5, "B2")) == [("(10)", 1)]
    assert _rule(d5, d5.from_name("16"), _find(d5, "B2")) == [("(16)", 1)]
    su5 = LieAlgebra("A4")
    assert _rule(su5, su5.from_name("5"), _find(su5, "B2")) == [("(5)", 1)]
    assert _rule(su5, su5.from_name("10"), _find(su5, "B2")) == [("(10)", 1)]
    # D_n > B_k + B_{n-k-1}: so(10) > so(5) x so(5): 10 = (5,1) + (1,5), 16 = (4,4)
    b2b2 = _find(d5, "B2+B2")
    assert _rule(d5, d5.from_name("10"), b2b2) == [("(1,5)", 1), ("(5,1)", 1)]
    assert _rule(d5, d5.from_name("16"), b2b2) == [("(4,4)", 1)]
    # F4 > G2 + A1: 26 = (7,3) + (1,5), 52 = (14,1) + (1,3) + (7,5)
    f4 = LieAlgebra("F4")
    assert _rule(f4, f4.from_name("52"), _find(f4, "G2+A1")) == [
        ("(1,3)", 1), ("(14,1)", 1), ("(7,5)", 1)]


def test_names_resolve_to_maximal_subalgebras_or_are_refused():
    e6 = LieAlgebra("E6")
    assert e6.subalgebra("G2").how.startswith("maximal special")
    assert e6.subalgebra("G2+A2").factors[0].name == "G2"   # factor order as named
    with pytest.raises(ValueError, match=r"ambiguous in E6.*\[0\].*\[1\]"):
        e6.subalgebra("D5+U1")
    with pytest.raises(ValueError, match="ambiguous in E8"):
        LieAlgebra("E8").branch((0,) * 7 + (1,), "A1")   # three special A1
    # the E6 example of the issue: branch by name
    assert e6.branch((1, 0, 0, 0, 0, 0), "G2").names() == {"(27)": 1}


# Dynkin's embedding indices of the special maximal subalgebras (Dynkin 1952, Table 25;
# Slansky Table 14 lists them as superscripts)
SPECIAL_INDICES = {
    "G2": [("A1", (28,))],
    "F4": [("A1", (156,)), ("G2+A1", (1, 8))],
    "E6": [("A2", (9,)), ("A2+G2", (2, 1)), ("C4", (1,)), ("F4", (1,)), ("G2", (3,))],
    "E7": [("A1", (231,)), ("A1", (399,)), ("A1+A1", (24, 15)), ("A1+F4", (3, 1)),
           ("A1+G2", (7, 2)), ("A2", (21,)), ("G2+C3", (1, 1))],
    "E8": [("A1", (520,)), ("A1", (760,)), ("A1", (1240,)), ("A2+A1", (6, 16)), ("B2", (12,)),
           ("G2+F4", (1, 1))],
}


@pytest.mark.parametrize("name", sorted(SPECIAL_INDICES))
def test_special_embedding_indices_from_dynkin(name):
    g = LieAlgebra(name)
    got = sorted((s.name, tuple(int(sum(j)) for j in embedding_indices(s)))
                 for s in g.maximal_subalgebras() if "special" in s.how)
    assert got == SPECIAL_INDICES[name]


# --- completeness of the classical special list (module doc of symphys.lie.maximal) --------------

def _target(d, reality):
    """The classical algebra of rank <= 8 whose defining irrep an irreducible ``d``-dim rep
    of the given reality lands in (so / sp / su), or None beyond rank 8."""
    if reality == "real":
        name = f"B{(d - 1) // 2}" if d % 2 else f"D{d // 2}"
        return name if 5 <= d <= 17 and d != 6 else None   # so(3) = A1, so(4), so(6) = A3
    if reality == "pseudoreal":
        return f"C{d // 2}" if 4 <= d <= 16 else None
    return f"A{d - 1}" if 3 <= d <= 9 else None


# irreducible embeddings that are not maximal, with the subalgebra in between
NOT_MAXIMAL = {("A1", "B3"): "so(3) principal < G2 < so(7)"}


@pytest.mark.timeout(300)
def test_every_small_irrep_of_a_simple_algebra_is_accounted_for():
    """Dynkin: a simple ``h`` acting irreducibly on ``V`` is maximal in ``so(V)``, ``sp(V)`` or
    ``su(V)`` (by its reality) unless it is isomorphic to it or in a short list of exceptions.
    Every irrep of dimension 3..17 of every simple algebra is enumerated here from the
    algebra's own dimension formula and Frobenius-Schur indicator, and must appear in
    ``maximal_subalgebras()`` of its target with the defining irrep restricting to it."""
    import itertools

    hs = ([f"A{n}" for n in range(1, 9)] + [f"B{n}" for n in range(2, 9)]
          + [f"C{n}" for n in range(3, 9)] + [f"D{n}" for n in range(4, 9)] + ["G2", "F4"])
    seen = 0
    for hname in hs:
        h = LieAlgebra(hname)
        for hw in itertools.product(range(17 if h.rank == 1 else 3), repeat=h.rank):
            d = h.irrep_dimension(hw) if any(hw) else 1
            if not 3 <= d <= 17:
                continue
            tname = _target(d, h.reality(hw))
            if tname is None:
                continue
            g = LieAlgebra(tname)
            if g.dimension == h.dimension:      # the defining irrep of an isomorphic algebra
                continue
            if (hname, tname) in NOT_MAXIMAL:
                continue
            vec = (1,) + (0,) * (g.rank - 1)
            ok = [s for s in g.maximal_subalgebras()
                  if s.name == hname and not s.n_u1
                  and dict(g.branch(vec, s)) in ({hw: 1}, {tuple(h.dual(hw)): 1})]
            assert ok, (hname, hw, d, tname)
            seen += 1
    assert seen >= 25


def test_not_maximal_exception_is_contained():
    """The exception above: the principal so(3) of so(7) lies in G2 (7 = 7 both ways)."""
    b3, g2 = LieAlgebra("B3"), LieAlgebra("G2")
    sub = _find(b3, "G2")
    assert dict(b3.branch((1, 0, 0), sub)) == {(1, 0): 1}
    a1 = _find(g2, "A1")   # G2's principal A1: 7 = 7
    chain = b3.branch((1, 0, 0), sub).branch(a1)
    assert dict(chain) == {(6,): 1}


@pytest.mark.parametrize("parent, first, second, vector", [
    # so(3) x so(4) in so(12): 12 = (2,6) under sp(2) x sp(6), then 6 = (2,3)
    ("D6", "A1+C3", ("C3", "A1+A1"), [2, 2, 3]),
    # so(4) x so(4) in so(16): 16 = (2,8) under sp(2) x sp(8), then 8 = (2,2,2)
    ("D8", "A1+C4", ("C4", "A1+A1+A1"), [2, 2, 2, 2]),
    # sp(4) x so(4) in sp(16): 16 = (2,8) under sp(2) x so(8), then 8 = (2,4)
    ("C8", "A1+D4", ("D4", "A1+C2"), [2, 2, 4]),
])
def test_so4_tensor_products_are_reached_through_a_chain(parent, first, second, vector):
    """The tensor products with an so(4) factor are not maximal (module doc): two maximal
    steps reach them, the defining irrep ending as the tensor product of defining irreps."""
    g = LieAlgebra(parent)
    assert not any(s.name.count("A1") + s.name.count("C2") == len(vector)
                   and len(s.factors) == len(vector) for s in g.maximal_subalgebras())
    step1 = _find(g, first)
    r = g.branch((1,) + (0,) * (g.rank - 1), step1)
    assert len(r) == 1
    inner = LieAlgebra(second[0])
    step2 = _find(inner, second[1])
    spec = [None if f.name != second[0] else step2 for f in step1.factors]
    r2 = r.branch(spec)
    assert len(r2) == 1 and next(iter(r2.values())) == 1
    dims = sorted(f.irrep_dimension(k[p:p + f.rank])
                  for k in r2 for f, p in zip(r2.algebra.factors, _offsets(r2.algebra),
                                                 strict=True))
    assert dims == sorted(vector)


def _offsets(alg):
    out, pos = [], 0
    for f in alg.factors:
        out.append(pos)
        pos += f.rank
    return out


def test_new_irreducible_special_subalgebras():
    """so(14) > sp(4) via the 14 (traceless symmetric square of the 5), sp(16) > sp(4) via the
    16, sp(8) > sp(2)^3 via 2x2x2; the three-qubit rule Lambda^2_0 8 = 27 = (1,3,3) + (3,1,3)
    + (3,3,1) (sp(8)'s 27 is the traceless antisymmetric square of the 8)."""
    d7, c8, c4 = LieAlgebra("D7"), LieAlgebra("C8"), LieAlgebra("C4")
    b2_14 = _find(d7, "B2")
    assert dict(d7.branch((1, 0, 0, 0, 0, 0, 0), b2_14)) == {(2, 0): 1}
    # the adjoint 91 = Lambda^2 14 of so(14) = 10 + 81 under sp(4) (Lambda^2 of Sym^2_0 5)
    adj = d7.branch((0, 1, 0, 0, 0, 0, 0), b2_14)
    assert sorted(b2_14.irrep_dimension(k) for k in adj) == [10, 81]
    b2_16 = _find(c8, "B2")
    assert dict(c8.branch((1,) + (0,) * 7, b2_16)) == {(1, 1): 1}
    q3 = _find(c4, "A1+A1+A1")
    assert dict(c4.branch((0, 1, 0, 0), q3)) == {(0, 2, 2): 1, (2, 0, 2): 1, (2, 2, 0): 1}
