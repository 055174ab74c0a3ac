"""Irrep metadata: textbook names, congruency classes, reality, higher Casimirs, SU(n) anomalies.

Every function takes the :class:`~symphys.lie.root_system.RootSystem` of a simple algebra
(``LieAlgebra.root_system``) and Dynkin labels in Bourbaki order; :class:`~symphys.lie.LieAlgebra`
exposes them as methods.

**Names** (Slansky, Phys. Rep. 79 (1981) 1, doi:10.1016/0370-1573(81)90092-2; LieART,
arXiv:1206.6379 and arXiv:1912.10969; Yamatsu, arXiv:1511.08771). An irrep is named by its
dimension. Irreps of the same dimension are ordered by their Dynkin index: those of the lowest
index get no prime, the next index one prime (``351'``), and so on. Within one index, a pair of
conjugate irreps is told apart by ``bar`` (``27bar``); the unbarred member is, for ``D_n`` with n
odd, the one with the larger last label (``16 = (0,0,0,0,1)`` of SO(10)), otherwise the one
whose first differing label, read from the left, is larger (``3 = (1,0)`` of SU(3),
``27 = (1,0,0,0,0,0)`` of E6). For ``D4`` the triality-related triples get the subscripts
``v, s, c`` (``8v = (1,0,0,0)``, ``8s = (0,0,0,1)``, ``8c = (0,0,1,0)``; the ``v`` member has
equal spinor labels ``l_3 = l_4``, ``s`` has ``l_1 = l_3``, ``c`` has ``l_1 = l_4``). Anything
still tied (several non-conjugate irreps of one dimension and index, rare) takes further primes
in decreasing order of its labels. LaTeX: ``\\mathbf{27}``, ``\\overline{\\mathbf{27}}``,
``\\mathbf{351}'``, ``\\mathbf{8}_v``.

**Congruency class** (N-ality): the class of the highest weight in the weight lattice modulo
the root lattice, with Slansky's (Table 4) formulas written in Bourbaki labels:
``A_n``: ``sum_k k l_k mod (n+1)``; ``B_n``: ``l_n mod 2``; ``C_n``: ``l_1 + l_3 + l_5 + ... mod
2``; ``D_n``: the pair ``(l_{n-1} + l_n mod 2, 2 l_1 + 2 l_3 + ... + 2 l_{n-2 or n-3}
+ (n-2) l_{n-1} + n l_n mod 4)``; ``E6``: ``l_1 - l_3 + l_5 - l_6 mod 3``; ``E7``:
``l_2 + l_5 + l_7 mod 2``; ``E8, F4, G2``: ``0``.

**Reality** (Frobenius-Schur): ``"complex"`` when the dual differs, otherwise ``"real"``
(orthogonal) or ``"pseudoreal"`` (symplectic) by the parity of ``<l, 2 rho^v>`` (Bourbaki,
ch. VIII §7.5, Prop. 12).

**Higher Casimirs** (Harish-Chandra): ``C_k(l) = (P_k(l + rho) - P_k(rho)) / (2 I)``,
``P_k(x) = sum_{w in wt(V)} (w, x)^k`` over the weights of a fixed small irrep ``V`` (the
defining one of A-D, the 27, 56, 248, 26, 7 of E6, E7, E8, F4, G2) and ``I`` with
``P_2(x) = I (x, x)``, so ``C_2`` is the quadratic Casimir ``(l, l + 2 rho)/2`` of
:meth:`~symphys.lie.LieAlgebra.casimir`. Odd degrees vanish unless the algebra has an invariant
of that degree (the cubic of ``A_n``, ``n >= 2``).

**Anomaly** of ``su(n)``: ``A(R) = sum_{w in wt(R)} p_3(w) / sum_{w in wt(fund)} p_3(w)``,
``p_3(w) = sum_i w_i^3`` in the orthonormal (traceless) coordinates of ``R^{n}`` (``tr_R H^3
/ tr_fund H^3`` for any traceless ``H``), so the fundamental has ``A = 1``; su(2) has no cubic
invariant and every anomaly is 0. The weight sums run over the dominant weights times their
Weyl-orbit sizes (no orbit enumerated).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

import sympy

from symphys.lie import representations
from symphys.lie.cartan_type import simple_roots_fractions
from symphys.lie.root_system import RootSystem
from symphys.lie.weyl_group import orbit_size

__all__ = [
    "irreps_of_dimension", "irrep_name", "from_name", "congruency_class", "reality",
    "casimir_eigenvalue", "anomaly", "MAX_DIMENSION_SEARCH", "MAX_CASIMIR_DEGREE",
]

#: Largest box ``prod_i (L_i + 1)`` of highest weights that :func:`irreps_of_dimension` (and so
#: :func:`irrep_name`, :func:`from_name`) may walk, ``L_i`` the largest ``k`` with
#: ``dim V(k w_i) <= dimension`` (every label of an irrep of that dimension is at most ``L_i``,
#: since the dimension grows with each label). Checked before the walk.
MAX_DIMENSION_SEARCH = 10**5
#: Highest Casimir degree :func:`casimir_eigenvalue` computes.
MAX_CASIMIR_DEGREE = 64

Weight = tuple[int, ...]
_DIM_CACHE: dict[tuple[str, int], list[Weight]] = {}


def irreps_of_dimension(rs: RootSystem, dimension: int) -> list[Weight]:
    """Highest weights of all irreps of dimension ``dimension``, by increasing Dynkin index.

    The dimension grows strictly with every Dynkin label, so the irreps of dimension at most
    ``dimension`` form a down-set walked from the trivial weight; refused at once
    (``ValueError``) when the box bounding that set exceeds :data:`MAX_DIMENSION_SEARCH`.

    >>> from symphys.lie.root_system import root_system
    >>> irreps_of_dimension(root_system("A2"), 15)
    [(2, 1), (1, 2), (4, 0), (0, 4)]
    """
    if isinstance(dimension, bool) or not hasattr(dimension, "__index__"):
        raise TypeError(f"dimension={dimension!r} must be an int")
    d = int(dimension.__index__())
    if d < 1:
        raise ValueError(f"dimension={d} must be >= 1")
    key = (rs.name, d)
    if key in _DIM_CACHE:
        return list(_DIM_CACHE[key])
    r = rs.rank
    box = 1
    for i in range(r):
        lo, hi = 0, 1
        while _fund_dim(rs, i, hi) <= d:
            lo, hi = hi, 2 * hi
        while hi - lo > 1:   # largest k with dim V(k w_i) <= d, by bisection
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if _fund_dim(rs, i, mid) <= d else (lo, mid)
        box *= lo + 1
        if box > MAX_DIMENSION_SEARCH:
            raise ValueError(
                f"dimension={d}: the {rs.name} highest weights of at most this dimension lie "
                f"in a box of more than {MAX_DIMENSION_SEARCH} weights "
                "(symphys.lie.irrep_data.MAX_DIMENSION_SEARCH)")
    start = (0,) * r
    seen = {start}
    stack = [start]
    found = []
    while stack:
        lam = stack.pop()
        if representations.weyl_dimension(rs, lam) == d:
            found.append(lam)
        for i in range(r):
            nxt = lam[:i] + (lam[i] + 1,) + lam[i + 1:]
            if nxt not in seen and representations.weyl_dimension(rs, nxt) <= d:
                seen.add(nxt)
                stack.append(nxt)
    found.sort(key=lambda w: (representations.index(rs, w), tuple(-x for x in w)))
    _DIM_CACHE[key] = found
    return list(found)


def _fund_dim(rs: RootSystem, i: int, k: int) -> int:
    return representations.weyl_dimension(rs, tuple(k if j == i else 0 for j in range(rs.rank)))


def _unbarred_first(rs: RootSystem, a: Weight, b: Weight) -> bool:
    """True when ``a`` is the unbarred member of the conjugate pair ``(a, b)``."""
    if rs.letter == "D" and rs.rank % 2:
        return a[-1] > b[-1]
    for x, y in zip(a, b, strict=True):
        if x != y:
            return x > y
    return True  # pragma: no cover - a != b


def _names(rs: RootSystem, dimension: int) -> dict[Weight, tuple[int, str, bool]]:
    """``hw -> (primes, subscript, bar)`` for every irrep of one dimension."""
    irreps = irreps_of_dimension(rs, dimension)
    by_index: dict[sympy.Rational, list[Weight]] = {}
    for w in irreps:
        by_index.setdefault(representations.index(rs, w), []).append(w)
    out: dict[Weight, tuple[int, str, bool]] = {}
    primes = 0
    for idx in sorted(by_index):
        group = sorted(by_index[idx], reverse=True)
        # D4 triality triples first
        slots: list[list[tuple[Weight, str, bool]]] = []
        left = list(group)
        if rs.name == "D4":
            for w in list(left):
                if w not in left:
                    continue
                l1, l2, l3, l4 = w
                trio = {(l1, l2, l3, l4), (l4, l2, l1, l3), (l3, l2, l4, l1)}
                if len(trio) == 3 and trio <= set(left):
                    tags = {}
                    for t in trio:
                        if t[2] == t[3]:
                            tags[t] = "v"
                        elif t[0] == t[2]:
                            tags[t] = "s"
                        elif t[0] == t[3]:
                            tags[t] = "c"
                    if len(tags) == 3:
                        slots.append([(t, tags[t], False) for t in trio])
                        for t in trio:
                            left.remove(t)
        while left:
            w = left.pop(0)
            dual = representations.dual(rs, w)
            if dual != w and dual in left:
                left.remove(dual)
                first, second = (w, dual) if _unbarred_first(rs, w, dual) else (dual, w)
                slots.append([(first, "", False), (second, "", True)])
            else:
                slots.append([(w, "", False)])
        for k, slot in enumerate(slots):
            for w, sub, bar in slot:
                out[w] = (primes + k, sub, bar)
        primes += len(slots)
    return out


def irrep_name(rs: RootSystem, hw: Sequence[int], *, latex: bool = False) -> str:
    """Textbook name of an irrep: ``"27"``, ``"27bar"``, ``"351'"``, ``"8v"`` (see module doc).

    >>> from symphys.lie.root_system import root_system
    >>> e6 = root_system("E6")
    >>> irrep_name(e6, (0, 0, 0, 0, 0, 1)), irrep_name(e6, (2, 0, 0, 0, 0, 0))
    ('27bar', "351'")
    >>> irrep_name(e6, (0, 0, 0, 0, 0, 1), latex=True)
    '\\\\overline{\\\\mathbf{27}}'
    """
    if not isinstance(latex, bool):
        raise TypeError(f"latex={latex!r} must be a bool")
    lam = rs.check_weight(hw, "hw")
    dim = representations.weyl_dimension(rs, lam)
    primes, sub, bar = _names(rs, dim)[lam]
    if latex:
        text = rf"\mathbf{{{dim}}}"
        if bar:
            text = rf"\overline{{{text}}}"
        if sub:
            text += f"_{sub}"
        return text + "'" * primes
    return f"{dim}{sub}{chr(39) * primes}{'bar' if bar else ''}"


_NAME = re.compile(r"(\d+)_?([vsc]?)('*)(bar|b|\*)?('*)")


def from_name(rs: RootSystem, name: str) -> Weight:
    """Highest weight of the irrep named ``name`` (``"27bar"``, ``"351'"``, ``"8s"``).

    Accepts ``bar``, ``b`` or ``*`` for the conjugate, primes before or after it, and
    ``\\overline{...}``/``\\mathbf{...}`` LaTeX as :func:`irrep_name` writes it.

    >>> from symphys.lie.root_system import root_system
    >>> from_name(root_system("E6"), "351'")
    (2, 0, 0, 0, 0, 0)
    """
    if not isinstance(name, str):
        raise TypeError(f"name={name!r} must be a string such as '27bar' or \"351'\"")
    text = name.strip().replace(" ", "")
    bar_tex = False
    m_tex = re.fullmatch(r"\\overline\{(.*)\}(_?[vsc]?'*)", text)
    if m_tex:
        text, bar_tex = m_tex.group(1) + m_tex.group(2), True
    text = re.sub(r"\\mathbf\{(\d+)\}", r"\1", text)
    m = _NAME.fullmatch(text)
    if m is None or len(text) > 40:
        raise ValueError(f"name={name!r} is not an irrep name like '27', '27bar', \"351'\", "
                         "'8v'")
    dim = int(m.group(1))
    sub = m.group(2)
    primes = len(m.group(3)) + len(m.group(5))
    bar = bar_tex or m.group(4) is not None
    if dim > 10**30:
        raise ValueError(f"name={name!r}: dimension {dim} exceeds 10^30")
    table = _names(rs, dim)
    for w, (p, s, b) in table.items():
        if p == primes and s == sub and b == bar:
            return w
    known = sorted(irrep_name(rs, w) for w in table)
    raise ValueError(f"name={name!r}: {rs.name} has no such irrep; its irreps of dimension "
                     f"{dim} are {known}")


def congruency_class(rs: RootSystem, hw: Sequence[int]) -> int | tuple[int, int]:
    """Congruency class (N-ality) of a weight: an int, or a pair for ``D_n`` (module doc).

    >>> from symphys.lie.root_system import root_system
    >>> congruency_class(root_system("A4"), (0, 1, 0, 0)), congruency_class(root_system("D5"),
    ...                                                                     (0, 0, 0, 0, 1))
    (2, (1, 1))
    """
    lam = rs.check_weight(hw, "hw", dominant=False)
    n, letter = rs.rank, rs.letter
    if letter == "A":
        return sum((k + 1) * x for k, x in enumerate(lam)) % (n + 1)
    if letter == "B":
        return lam[-1] % 2
    if letter == "C":
        return sum(lam[0::2]) % 2
    if letter == "D":
        c1 = (lam[-2] + lam[-1]) % 2
        top = n - 2 if n % 2 else n - 3   # odd 1-based nodes 1, 3, ... below n-1
        c2 = (2 * sum(lam[0:top:2]) + (n - 2) * lam[-2] + n * lam[-1]) % 4
        return (c1, c2)
    if rs.name == "E6":
        return (lam[0] - lam[2] + lam[4] - lam[5]) % 3
    if rs.name == "E7":
        return (lam[1] + lam[4] + lam[6]) % 2
    return 0


def reality(rs: RootSystem, hw: Sequence[int]) -> str:
    """``"real"``, ``"pseudoreal"`` or ``"complex"`` (Frobenius-Schur indicator 1, -1, 0).

    >>> from symphys.lie.root_system import root_system
    >>> [reality(root_system(t), w) for t, w in [("A1", (1,)), ("A2", (1, 0)), ("G2", (1, 0))]]
    ['pseudoreal', 'complex', 'real']
    """
    lam = rs.check_weight(hw, "hw")
    if representations.dual(rs, lam) != lam:
        return "complex"
    inv = rs.inverse_cartan
    height = sum(2 * sum(inv[i]) * lam[i] for i in range(rs.rank))
    assert Fraction(height).denominator == 1
    return "pseudoreal" if int(height) % 2 else "real"


_REFERENCE = {"E6": (1, 0, 0, 0, 0, 0), "E7": (0, 0, 0, 0, 0, 0, 1),
              "E8": (0, 0, 0, 0, 0, 0, 0, 1), "F4": (0, 0, 0, 1), "G2": (1, 0)}


def _reference_weights(rs: RootSystem) -> list[tuple[Weight, int]]:
    """(weight, multiplicity) of the fixed irrep ``V`` of the Casimir polynomials."""
    if rs.letter in "ABCD":
        ref = (1,) + (0,) * (rs.rank - 1)
    else:
        ref = _REFERENCE[rs.name]
    return list(representations.character(rs, ref).items())


def casimir_eigenvalue(rs: RootSystem, hw: Sequence[int], degree: int) -> sympy.Rational:
    """Eigenvalue of the degree-``degree`` Casimir on ``V(hw)`` (normalisation in module doc).

    >>> from symphys.lie.root_system import root_system
    >>> casimir_eigenvalue(root_system("A2"), (1, 1), 2), casimir_eigenvalue(root_system("A2"),
    ...                                                                      (1, 1), 3)
    (3, 0)
    """
    if isinstance(degree, bool) or not isinstance(degree, int):
        raise TypeError(f"degree={degree!r} must be an int")
    if not 1 <= degree <= MAX_CASIMIR_DEGREE:
        raise ValueError(f"degree={degree} must be in 1..{MAX_CASIMIR_DEGREE} "
                         "(symphys.lie.irrep_data.MAX_CASIMIR_DEGREE)")
    lam = rs.check_weight(hw, "hw")
    ref = _reference_weights(rs)
    rho = (1,) * rs.rank
    shifted = tuple(x + 1 for x in lam)

    def power_sum(x: Weight, k: int) -> Fraction:
        return sum((m * representations.quadratic(rs, w, x) ** k for w, m in ref), Fraction(0))

    norm = power_sum(rho, 2) / representations.quadratic(rs, rho, rho)
    val = (power_sum(shifted, degree) - power_sum(rho, degree)) / (2 * norm)
    return representations.rational(val)


def _orthonormal(rs: RootSystem) -> list[list[Fraction]]:
    """Rows: the fundamental weights of A_n in traceless orthonormal coordinates of R^{n+1}."""
    roots = simple_roots_fractions("A", rs.rank)
    inv = rs.inverse_cartan
    return [[sum((inv[i][k] * roots[k][c] for k in range(rs.rank)), Fraction(0))
             for c in range(rs.rank + 1)] for i in range(rs.rank)]


def anomaly(rs: RootSystem, hw: Sequence[int]) -> int:
    """Cubic anomaly coefficient ``A(R)`` of an ``su(n)`` irrep, fundamental = 1 (module doc).

    >>> from symphys.lie.root_system import root_system
    >>> su5 = root_system("A4")
    >>> anomaly(su5, (0, 1, 0, 0)), anomaly(su5, (0, 0, 0, 1))   # 10 and 5bar
    (1, -1)
    """
    lam = rs.check_weight(hw, "hw")
    if rs.letter != "A":
        raise ValueError(f"anomaly: the cubic anomaly A(R) is defined here for su(n) (A_n), "
                         f"not {rs.name}; its other simple algebras have no cubic invariant")
    if rs.rank == 1:
        return 0
    basis = _orthonormal(rs)

    def p3_sum(weight_mults: dict[Weight, int]) -> Fraction:
        tot = Fraction(0)
        for mu, m in weight_mults.items():
            coords = [sum((mu[i] * basis[i][c] for i in range(rs.rank)), Fraction(0))
                      for c in range(rs.rank + 1)]
            # the orbit sum of p3 is |W mu| p3(mu) up to a constant common to all mu:
            # p3 is (up to scale) the only W-invariant cubic, and sum_{W mu} (x.w)^3 is one
            tot += m * orbit_size(rs.cartan, mu) * sum(c**3 for c in coords)
        return tot

    fund = (1,) + (0,) * (rs.rank - 1)
    val = p3_sum(representations.dominant_weights(rs, lam)) / p3_sum(
        representations.dominant_weights(rs, fund))
    assert val.denominator == 1
    return int(val)
