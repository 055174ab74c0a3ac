"""Branching rules through projection (restriction) matrices, as LiE does.

A subalgebra ``s = s_1 + ... + s_m + u(1)^k`` of ``g`` (same Cartan subalgebra restricted) is a
projection matrix ``P``: a weight of ``g`` in Dynkin labels ``l`` restricts to ``P l``, the
concatenated Dynkin labels of the factors ``s_1, ..., s_m`` (each in its Bourbaki order) followed
by ``k`` U(1) charges. Row ``j`` of a simple factor holds the coefficients of the factor's simple
coroot ``b_j^v`` in the simple coroots of ``g`` (``<l, b_j^v> = sum_i l_i c_i``).

Embeddings offered:

* **Levi** (delete nodes of the Dynkin diagram): the kept nodes are the simple roots of the
  semisimple part; each deleted node ``j`` gives a U(1) with charge ``N_j (w_j, l)``, where
  ``N_j`` is the least positive integer making ``N_j (w_j, w_i)`` integral for all ``i``
  (so ``su(5) > su(3)+su(2)+u(1)`` gives ``5 -> (3,1)_2 + (1,2)_-3``).
* **Regular, maximal rank** (delete nodes of the extended diagram, node ``0 = -theta``).
* **Special**: the principal ``A1`` (``b^v = 2 rho^v``; e.g. ``A2 > A1``, ``G2 > A1``), the
  foldings by diagram automorphisms (``A_{2n-1} > C_n``, ``A_{2n} > B_n``, ``D_{n+1} > B_n``,
  ``D4 > G2``, ``E6 > F4``: an orbit ``O`` of orthogonal nodes has ``b^v = sum_{i in O} a_i^v``,
  the adjacent pair of ``A_{2n}`` has ``b^v = 2(a_n^v + a_{n+1}^v)``) and ``B3 > G2`` (the
  ``D4 > G2`` folding composed with the section ``(a, b, c) -> (a, b, c, 0)`` of ``D4 > B3``:
  ``P = [[1, 0, 1], [0, 1, 0]]``).
* **Through an irrep** (``irrep=``, classical parents): ``h`` embedded in ``su(N)``, ``so(N)``
  or ``sp(N)`` so that the defining representation restricts to an N-dimensional irrep of
  ``h`` (orthogonal for so, symplectic for sp), e.g. ``su(6) > su(3)`` via the 6,
  ``su(pq) > su(p) + su(q)``, ``so(8) > so(7)`` via the spinor.

Functions here take the parent :class:`~symphys.lie.LieAlgebra` as an argument and build the
factors with its class, so this module does not import :mod:`symphys.lie.algebra`.

The restricted character is decomposed by repeatedly removing the irrep whose highest weight is
the remaining dominant weight of greatest ``2 rho^v``-height (Freudenthal for the factors).
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy

from symphys.lie.cartan_type import cartan_matrix, parse_cartan_type, simple_roots_fractions

#: A :class:`symphys.lie.LieAlgebra`, not imported here (no cycle with symphys.lie.algebra):
#: functions read its ``root_system`` and build factors with ``type(alg)``.
LieAlgebra = Any

__all__ = ["Subalgebra", "branch", "make_subalgebra", "parse_subalgebra_name", "with_u1",
           "check_embedding", "embedding_indices", "decompose", "project_character"]

_FOLDINGS = "foldings"



def _integer(x: object, name: str) -> int:
    """``x`` as a Python int (TypeError naming ``name`` for bools, floats, NaN ...)."""
    if isinstance(x, Fraction) and x.denominator == 1:
        return int(x)
    if isinstance(x, bool) or not hasattr(x, "__index__"):
        raise TypeError(f"{name} entries must be ints, got {x!r}")
    return int(x.__index__())

def _charge(x: object, name: str) -> Fraction:
    """A U(1) entry: an int, Fraction or sympy Rational (TypeError otherwise), as a Fraction."""
    if isinstance(x, bool):
        raise TypeError(f"{name} entries must be ints or rationals, got {x!r}")
    if hasattr(x, "__index__"):
        return Fraction(int(x.__index__()))
    if isinstance(x, Fraction):
        return x
    if isinstance(x, sympy.Rational):
        return Fraction(int(x.p), int(x.q))
    raise TypeError(f"{name} entries must be ints or rationals (Fraction, sympy.Rational), "
                    f"got {x!r}")


def exact_charge(x: Fraction) -> int | sympy.Rational:
    """A U(1) charge as an int when integral, else a sympy Rational (the output types)."""
    return int(x) if x.denominator == 1 else sympy.Rational(x.numerator, x.denominator)


class Subalgebra:
    """A subalgebra of a :class:`LieAlgebra` (or of a reductive algebra) by a projection matrix.

    ``factors`` are the simple factors (``LieAlgebra``), ``n_u1`` the number of U(1) factors,
    ``projection`` the matrix (``sum(ranks) + n_u1`` rows, ``parent.rank`` columns): integer
    rows for the simple factors; the U(1) rows may be rational (a chosen charge normalisation).

    A matrix given here is checked (``ValueError`` naming the failed check): the parent's
    adjoint must branch into irreps with non-negative multiplicities whose dimensions sum to
    the parent's, containing each factor's adjoint and ``n_u1`` singlets, with an integer
    embedding index for every simple factor (the defining checks of an embedding).

    >>> from symphys.lie import LieAlgebra
    >>> s = LieAlgebra("A4").subalgebra("A2+A1+U1")
    >>> s.projection
    [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [2, 4, 6, 3]]
    >>> s.project((1, 0, 0, 0))
    (1, 0, 0, 2)
    >>> Subalgebra(LieAlgebra("A2"), [LieAlgebra("A1")], 0, [[1, 1]])   # the A1 of a root
    Subalgebra(A2 > A1)
    >>> Subalgebra(LieAlgebra("A2"), [LieAlgebra("A1")], 0, [[3, 0]])
    Traceback (most recent call last):
    ...
    ValueError: projection is not an embedding of A1 in A2: the adjoint restricts ...
    """

    def __init__(self, parent: LieAlgebra, factors: Sequence[LieAlgebra], n_u1: int,
                 projection: Sequence[Sequence[Any]], *, how: str = "") -> None:
        self._setup(parent, factors, n_u1, projection, how)
        check_embedding(self)

    @classmethod
    def _trusted(cls, parent: LieAlgebra, factors: Sequence[LieAlgebra], n_u1: int,
                 projection: Sequence[Sequence[Any]], *, how: str = "") -> Subalgebra:
        """An embedding built by this package (already known to be one): not re-checked."""
        out = cls.__new__(cls)
        out._setup(parent, factors, n_u1, projection, how)
        return out

    def _setup(self, parent: LieAlgebra, factors: Sequence[LieAlgebra], n_u1: int,
               projection: Sequence[Sequence[Any]], how: str) -> None:
        if not hasattr(parent, "check_weight") or not hasattr(parent, "rank"):
            raise TypeError(f"parent must be a LieAlgebra, got {type(parent).__name__}")
        if isinstance(factors, (str, bytes)) or not hasattr(factors, "__iter__"):
            raise TypeError(f"factors must be a sequence of LieAlgebra, got "
                            f"{type(factors).__name__}")
        factors = list(factors)
        if not all(hasattr(f, "root_system") and hasattr(f, "rank") for f in factors):
            raise TypeError("factors must be a sequence of LieAlgebra")
        if isinstance(n_u1, bool) or not isinstance(n_u1, int) or n_u1 < 0:
            raise TypeError(f"n_u1={n_u1!r} must be an int >= 0")
        if not isinstance(how, str):
            raise TypeError(f"how={how!r} must be a str")
        self.parent = parent
        self.factors = factors
        self.n_u1 = n_u1
        nss = sum(f.rank for f in factors)
        if isinstance(projection, (str, bytes)) or not hasattr(projection, "__iter__"):
            raise TypeError("projection must be a matrix (nested sequences) of ints")
        try:
            rows = [list(row) for row in projection]
        except TypeError:
            raise TypeError("projection must be a matrix (nested sequences) of ints") from None
        expected = nss + n_u1
        if len(rows) != expected or any(len(r) != parent.rank for r in rows):
            raise ValueError(f"projection must be {expected} x {parent.rank}")
        try:
            self._rows: list[list[Fraction]] = (
                [[Fraction(_integer(x, "projection")) for x in row] for row in rows[:nss]]
                + [[_charge(x, "projection") for x in row] for row in rows[nss:]])
        except TypeError:
            raise TypeError("projection must be a matrix of ints (rationals allowed in the "
                            "U(1) rows)") from None
        self._int_rows = [[int(x) for x in row] for row in self._rows[:nss]]
        self._u1_rows = self._rows[nss:]
        self.how = how

    @property
    def projection(self) -> list[list[Any]]:
        """The projection matrix: ints, and ints or sympy Rationals in the U(1) rows.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2").subalgebra("A1+U1").projection
        [[1, 0], [1, 2]]
        """
        return [list(r) for r in self._int_rows] + [[exact_charge(x) for x in row]
                                                    for row in self._u1_rows]

    def rescale_u1(self, scales: Sequence[Any]) -> Subalgebra:
        """The same subalgebra with each U(1) charge multiplied by a rational factor.

        The U(1) normalisation is a convention: e.g. ``su(5) > su(3)+su(2)+u(1)`` has integer
        charges ``q`` with ``5 -> (3,1)_2 + (1,2)_-3``; the hypercharge with ``Q = T_3 + Y`` is
        ``Y = -q/6`` (``rescale_u1([Fraction(-1, 6)])``), with ``Q = T_3 + Y/2`` it is ``-q/3``.

        >>> from fractions import Fraction
        >>> from symphys.lie import LieAlgebra
        >>> sm = LieAlgebra("A4").subalgebra("A2+A1+U1").rescale_u1([Fraction(-1, 6)])
        >>> LieAlgebra("A4").branch((1, 0, 0, 0), sm)
        {(1, 0, 0, -1/3): 1, (0, 0, 1, 1/2): 1}
        """
        if isinstance(scales, (str, bytes)) or not hasattr(scales, "__iter__"):
            raise TypeError("scales must be a sequence of rationals, one per U(1)")
        vals = [_charge(x, "scales") for x in scales]
        if len(vals) != self.n_u1:
            raise ValueError(f"scales has {len(vals)} entries; {self.name} has {self.n_u1} "
                             "U(1) factors")
        if any(v == 0 for v in vals):
            raise ValueError("scales must be nonzero")
        rows = [list(r) for r in self._int_rows] + [[v * x for x in row] for v, row in
                                                    zip(vals, self._u1_rows, strict=True)]
        return Subalgebra._trusted(self.parent, self.factors, self.n_u1, rows,
                                   how=self.how + f"; U(1) charges rescaled by "
                                   f"{[str(v) for v in vals]}")

    @property
    def name(self) -> str:
        """Like ``"A2+A1+U1"``.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("E6").subalgebra(delete=[1]).name
        'D5+U1'
        """
        parts = [f.name for f in self.factors] + ["U1"] * self.n_u1
        return "+".join(parts) if parts else "0"

    def __repr__(self) -> str:
        return f"Subalgebra({self.parent.name} > {self.name})"

    def project(self, weight: Sequence[int]) -> tuple[Any, ...]:
        """Restrict a weight of the parent (Dynkin labels) to the subalgebra (flat labels).

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("B3").subalgebra("G2").project((0, 0, 1))   # spinor highest weight
        (1, 0)
        """
        w = self.parent.check_weight(weight, name="weight", dominant=False)
        return self._project(w)

    def _project(self, w: Sequence[Any]) -> tuple[Any, ...]:
        out: list[Any] = [sum(p * x for p, x in zip(row, w, strict=True))
                          for row in self._int_rows]
        for row in self._u1_rows:
            out.append(exact_charge(sum((p * Fraction(x) for p, x in zip(row, w, strict=True)
                                         if p), Fraction(0))))
        return tuple(int(x) if not isinstance(x, int) and hasattr(x, "__index__") else x
                     for x in out)

    def split(self, key: Sequence[int]) -> tuple[list[tuple[int, ...]], tuple[int, ...]]:
        """Cut a flat key into the factors' label tuples and the U(1) charges.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A4").subalgebra("A2+A1+U1").split((1, 0, 0, 2))
        ([(1, 0), (0,)], (2,))
        """
        if isinstance(key, (str, bytes)) or not hasattr(key, "__len__"):
            raise TypeError(f"key={key!r} must be a sequence of ints")
        nss = sum(f.rank for f in self.factors)
        key = tuple([_integer(x, "key") for x in list(key)[:nss]]
                    + [exact_charge(_charge(x, "key")) for x in list(key)[nss:]])
        width = nss + self.n_u1
        if len(key) != width:
            raise ValueError(f"key={key} has {len(key)} entries; {self.name} needs {width}")
        out, pos = [], 0
        for f in self.factors:
            out.append(tuple(key[pos:pos + f.rank]))
            pos += f.rank
        return out, tuple(key[pos:])

    def irrep_dimension(self, key: Sequence[int]) -> int:
        """Dimension of the subalgebra irrep with flat highest weight ``key``.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A4").subalgebra("A2+A1+U1").irrep_dimension((1, 0, 1, -1))
        6
        """
        parts, _ = self.split(key)
        return math.prod(f.irrep_dimension(p) for f, p in zip(self.factors, parts, strict=True))

    def dim(self, key: Sequence[int]) -> int:
        """Deprecated alias of :meth:`irrep_dimension` (removed in the next release)."""
        warnings.warn("Subalgebra.dim(key) is deprecated; use Subalgebra.irrep_dimension(key)",
                      DeprecationWarning, stacklevel=2)
        return self.irrep_dimension(key)

    def format(self, key: Sequence[int]) -> str:
        """Readable form: labels per factor in parentheses, U(1) charges in brackets.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A4").subalgebra("A2+A1+U1").format((1, 0, 0, 2))
        '(1,0)(0)[2]'
        """
        parts, charges = self.split(key)
        text = "".join("(" + ",".join(map(str, p)) + ")" for p in parts)
        if charges:
            text += "[" + ",".join(map(str, charges)) + "]"
        return text


def parse_subalgebra_name(spec: str) -> tuple[list[tuple[str, int]], int]:
    """``"A2+A1+U1"`` (or ``"su(3)xsu(2)xu(1)"``) -> ``([("A", 2), ("A", 1)], 1)``.

    >>> parse_subalgebra_name("su(3) x su(2) x u(1)")
    ([('A', 2), ('A', 1)], 1)
    """
    if not isinstance(spec, str):
        raise TypeError(f"subalgebra={spec!r} must be a string like 'A2+A1+U1' or a Subalgebra")
    terms = [t for t in re.split(r"[+x×*]", spec.replace(" ", "")) if t]
    if not terms:
        raise ValueError(f"subalgebra={spec!r} names no factors")
    simple, n_u1 = [], 0
    for t in terms:
        if t.lower() in ("u1", "u(1)"):
            n_u1 += 1
        else:
            simple.append(parse_cartan_type(t))
    return simple, n_u1


def _match(sub: list[list[int]], std: list[list[int]]) -> list[int] | None:
    """A permutation ``p`` with ``sub[p[i]][p[j]] == std[i][j]``, by backtracking."""
    n = len(std)
    if len(sub) != n:
        return None
    perm: list[int] = []
    used = [False] * n

    def extend() -> bool:
        i = len(perm)
        if i == n:
            return True
        for c in range(n):
            if used[c] or sub[c][c] != std[i][i]:
                continue
            if all(sub[perm[k]][c] == std[k][i] and sub[c][perm[k]] == std[i][k]
                   for k in range(i)):
                perm.append(c)
                used[c] = True
                if extend():
                    return True
                perm.pop()
                used[c] = False
        return False

    return perm if extend() else None


def _identify(sub: list[list[int]], prefer: Sequence[tuple[str, int]] = ()
              ) -> tuple[tuple[str, int], list[int]]:
    """Cartan type of a connected Cartan matrix and the node order matching Bourbaki's.

    Types in ``prefer`` are tried first (B2 and C2 are the same algebra, labelled oppositely).
    """
    k = len(sub)
    candidates = [t for t in prefer if t[1] == k] + [(letter, k) for letter in "ABCDEFG"]
    for letter, rank in candidates:
        try:
            typ = parse_cartan_type((letter, rank))
        except ValueError:
            continue
        perm = _match(sub, cartan_matrix(*typ))
        if perm is not None:
            return typ, perm
    raise ValueError(f"not a Cartan matrix of finite type: {sub}")  # pragma: no cover


def _components(nodes: list[int], cart: dict[tuple[int, int], int]) -> list[list[int]]:
    left, comps = list(nodes), []
    while left:
        comp = [left.pop(0)]
        grew = True
        while grew:
            grew = False
            for n in list(left):
                if any(cart[(n, c)] for c in comp):
                    comp.append(n)
                    left.remove(n)
                    grew = True
        comps.append(sorted(comp))
    return comps


def _nodes(alg: LieAlgebra, extended: bool) -> dict[int, tuple[tuple, tuple]]:
    """Node -> (Dynkin labels of its root, coroot coefficients in the simple coroots)."""
    r = alg.rank
    out = {}
    for i in range(r):
        out[i + 1] = (tuple(alg.root_system.cartan[i]), tuple(int(i == j) for j in range(r)))
    if extended:
        theta = alg.root_system.positive[-1]
        labels = tuple(-sum(theta[k] * alg.root_system.cartan[k][j] for k in range(r))
                       for j in range(r))
        dmax = max(alg.root_system.dint)
        coroot = []
        for i in range(r):
            c = Fraction(theta[i] * alg.root_system.dint[i], dmax)
            assert c.denominator == 1
            coroot.append(-int(c))
        out[0] = (labels, tuple(coroot))
    return out


def _u1_row(alg: LieAlgebra, j: int) -> list[int]:
    row = alg.root_system.weight_gram[j]
    scale = math.lcm(*(x.denominator for x in row))
    return [int(x * scale) for x in row]


def _from_nodes(alg: LieAlgebra, data: dict[int, tuple[tuple, tuple]], kept: list[int],
                order: list[tuple[str, int]] | None, u1_nodes: Sequence[int], how: str
                ) -> Subalgebra | None:
    algebra = type(alg)  # the parent's class builds the factors: no import of symphys.lie.algebra

    cart = {(a, b): sum(x * y for x, y in zip(data[a][0], data[b][1], strict=True))
            for a in kept for b in kept}
    found = []
    for comp in _components(kept, cart):
        sub = [[cart[(a, b)] for b in comp] for a in comp]
        typ, perm = _identify(sub, order or ())
        found.append((typ, [comp[p] for p in perm]))
    if order is not None:
        if sorted(t for t, _ in found) != sorted(order):
            return None
        pool, arranged = list(found), []
        for t in order:
            k = next(i for i, f in enumerate(pool) if f[0] == t)
            arranged.append(pool.pop(k))
        found = arranged
    rows = [list(data[n][1]) for _, nodes in found for n in nodes]
    rows += [_u1_row(alg, j - 1) for j in u1_nodes]
    factors = [algebra(t) for t, _ in found]
    return Subalgebra._trusted(alg, factors, len(u1_nodes), rows, how=how)


def _automorphisms(alg: LieAlgebra) -> list[list[list[int]]]:
    """Orbits (1-based nodes) of the diagram automorphisms used for foldings."""
    letter, r = alg.letter, alg.rank
    out = []
    if letter == "A" and r >= 2:
        out.append([sorted({i, r + 1 - i}) for i in range(1, (r + 1) // 2 + 1)])
    if letter == "D":
        out.append([[i] for i in range(1, r - 1)] + [[r - 1, r]])
        if r == 4:
            out.append([[1, 3, 4], [2]])
    if letter == "E" and r == 6:
        out.append([[1, 6], [3, 5], [2], [4]])
    return out


def _folding(alg: LieAlgebra, orbits: list[list[int]]) -> Subalgebra:
    algebra = type(alg)  # the parent's class builds the factors: no import of symphys.lie.algebra

    r = alg.rank
    coroots, reps = [], []
    for orb in orbits:
        orb = sorted(set(orb))
        vec = [0] * r
        adjacent = len(orb) == 2 and alg.root_system.cartan[orb[0] - 1][orb[1] - 1] != 0
        for i in orb:
            vec[i - 1] = 2 if adjacent else 1
        coroots.append(vec)
        reps.append(alg.root_system.cartan[orb[0] - 1])
    k = len(orbits)
    sub = [[sum(x * y for x, y in zip(reps[a], coroots[b], strict=True)) for b in range(k)]
           for a in range(k)]
    typ, perm = _identify(sub)
    return Subalgebra._trusted(alg, [algebra(typ)], 0, [coroots[p] for p in perm],
                      how="folding by a diagram automorphism")


def _principal(alg: LieAlgebra) -> Subalgebra:
    algebra = type(alg)  # the parent's class builds the factors: no import of symphys.lie.algebra

    inv = alg.root_system.inverse_cartan
    row = [2 * sum(inv[i][j] for j in range(alg.rank)) for i in range(alg.rank)]
    return Subalgebra._trusted(alg, [algebra("A1")], 0, [[int(x) for x in row]], how="principal A1")


def _special(alg: LieAlgebra, simple: list[tuple[str, int]], n_u1: int) -> Subalgebra | None:
    algebra = type(alg)  # the parent's class builds the factors: no import of symphys.lie.algebra

    if n_u1 or len(simple) != 1:
        return None
    target = simple[0]
    if target == ("A", 1) and alg.name in ("A2", "G2"):
        return _principal(alg)
    if alg.name == "B3" and target == ("G", 2):
        return Subalgebra._trusted(alg, [algebra("G2")], 0, [[1, 0, 1], [0, 1, 0]],
                          how="B3 > G2 (special)")
    for orbits in _automorphisms(alg):
        sub = _folding(alg, orbits)
        if (sub.factors[0].letter, sub.factors[0].rank) == target:
            return sub
    return None


def _epsilon_labels(alg: LieAlgebra) -> list[tuple[int, ...]]:
    """Dynkin labels of the weights ``e_i`` of the defining representation (classical types)."""
    roots = simple_roots_fractions(alg.letter, alg.rank)
    dim = len(roots[0])
    out = []
    for i in range(dim):
        labels = []
        for a in roots:
            v = 2 * a[i] / sum(x * x for x in a)
            assert v.denominator == 1
            labels.append(int(v))
        out.append(tuple(labels))
    return out


def _from_irrep(alg: LieAlgebra, spec: str, irrep: Sequence[Any]) -> Subalgebra:
    """``h`` embedded in a classical ``g`` so that g's defining representation is ``V_h(irrep)``.

    su(N) > h for any N-dimensional irrep; so(N) > h for an orthogonal one, sp(N) > h for a
    symplectic one (self-dual with ``<l, 2 rho^v>`` even, resp. odd: Bourbaki VIII §7.5).
    ``P`` sends the Dynkin labels of ``e_1, ..., e_n`` to chosen weights ``v_1, ..., v_n`` of
    the irrep (one from each pair ``+-v`` for so/sp); other choices differ by an element of the
    Weyl group of ``g`` (for ``D_n`` possibly by the diagram automorphism as well).
    """
    algebra = type(alg)  # the parent's class builds the factors: no import of symphys.lie.algebra

    if alg.letter not in "ABCD":
        raise ValueError(f"irrep= embeddings need a classical algebra (A-D), not {alg.name}")
    simple, n_u1 = parse_subalgebra_name(spec)
    if n_u1:
        raise ValueError(f"subalgebra={spec!r}: irrep= embeddings take no U1 factors")
    factors = [algebra(t) for t in simple]
    flat = [x for part in irrep for x in (part if isinstance(part, (tuple, list)) else [part])]
    if len(flat) != sum(f.rank for f in factors):
        raise ValueError(f"irrep={tuple(irrep)} needs {sum(f.rank for f in factors)} labels "
                         f"for {spec}")
    parts, pos = [], 0
    for f in factors:
        parts.append(f.check_weight(tuple(flat[pos:pos + f.rank]), "irrep"))
        pos += f.rank
    weights: list[tuple[int, ...]] = [()]
    for f, p in zip(factors, parts, strict=True):
        weights = [w + u for w in weights for u, m in f.character(p).items() for _ in range(m)]
    eps = _epsilon_labels(alg)
    n_def = {"A": alg.rank + 1, "B": 2 * alg.rank + 1}.get(alg.letter, 2 * alg.rank)
    if len(weights) != n_def:
        raise ValueError(f"irrep {tuple(flat)} of {spec} has dimension {len(weights)}; the "
                         f"defining representation of {alg.name} has {n_def}")
    if alg.letter == "A":
        chosen = weights[: alg.rank]
        basis = eps[: alg.rank]
    else:
        pool: dict[tuple[int, ...], int] = {}
        for w in weights:
            pool[w] = pool.get(w, 0) + 1
        chosen = []
        for w in sorted(pool, reverse=True):
            while pool.get(w, 0) > 0:
                neg = tuple(-x for x in w)
                pool[w] -= 1
                if pool.get(neg, 0) <= 0:
                    pool[w] += 1
                    break
                pool[neg] -= 1
                chosen.append(w)
        left = [w for w, c in pool.items() for _ in range(c)]
        extra = 1 if alg.letter == "B" else 0
        if len(chosen) != alg.rank or len(left) != extra or any(any(w) for w in left):
            raise ValueError(f"irrep {tuple(flat)} of {spec} is not self-dual")
        parity = sum(sum(int(2 * sum(f.root_system.inverse_cartan[i][j] for j in range(f.rank)))
                             * p[i]
                         for i in range(f.rank)) for f, p in zip(factors, parts, strict=True))
        want = "symplectic" if alg.letter == "C" else "orthogonal"
        if (parity % 2 == 1) != (want == "symplectic"):
            raise ValueError(f"irrep {tuple(flat)} of {spec} is not {want}: {spec} is not a "
                             f"subalgebra of {alg.name} this way")
        basis = eps[: alg.rank]
    emat = sympy.Matrix(basis).T          # columns: Dynkin labels of e_1..e_n
    vmat = sympy.Matrix(chosen).T         # columns: the chosen weights of the irrep
    proj = vmat * emat.inv()
    if any(not x.is_integer for x in proj):  # pragma: no cover - weights are integral
        raise ArithmeticError("non-integral projection matrix")
    rows = [[int(x) for x in proj.row(i)] for i in range(proj.rows)]
    return Subalgebra._trusted(alg, factors, 0, rows,
                      how=f"{alg.name} > {spec} through the irrep {tuple(flat)} (special)")


def with_u1(sub: Subalgebra, u1: Sequence[Any]) -> Subalgebra:
    """``sub`` with its U(1) charges chosen by ``u1``: one entry per U(1), a rational scale of
    the default charge, or a whole row (rationals over the parent's weight coordinates).

    A row changes the U(1) itself, so the result is checked again (:func:`check_embedding`).

    >>> from symphys.lie import LieAlgebra
    >>> with_u1(LieAlgebra("A2").subalgebra("A1+U1"), [[1, 2]]).projection
    [[1, 0], [1, 2]]
    """
    if isinstance(u1, (str, bytes)) or not hasattr(u1, "__iter__"):
        raise TypeError("u1 must be a sequence: one scale or row per U(1) factor")
    entries = list(u1)
    if len(entries) != sub.n_u1:
        raise ValueError(f"u1 has {len(entries)} entries; {sub.name} has {sub.n_u1} U(1) "
                         "factors")
    rows, changed = [], False
    for e, row in zip(entries, sub._u1_rows, strict=True):
        if isinstance(e, (str, bytes)):
            raise TypeError(f"u1 entry {e!r} must be a rational scale or a row of rationals")
        if hasattr(e, "__iter__"):
            new = [_charge(x, "u1") for x in e]
            if len(new) != sub.parent.rank:
                raise ValueError(f"u1 row {list(e)} needs {sub.parent.rank} entries")
            if not any(new):
                raise ValueError("u1 rows must be nonzero")
            rows.append(new)
            changed = True
        else:
            v = _charge(e, "u1")
            if v == 0:
                raise ValueError("u1 scales must be nonzero")
            rows.append([v * x for x in row])
    full = [list(r) for r in sub._int_rows] + rows
    how = sub.how + "; U(1) charges chosen by u1="
    if changed:
        return Subalgebra(sub.parent, sub.factors, sub.n_u1, full, how=how)
    return Subalgebra._trusted(sub.parent, sub.factors, sub.n_u1, full, how=how)


def make_subalgebra(alg: LieAlgebra, spec: Any = None, *, delete: Sequence[int] | None = None,
                    extended: bool = False, irrep: Sequence[Any] | None = None) -> Subalgebra:
    """Build a :class:`Subalgebra` from a name (``"A2+A1+U1"``, ``"principal"``) or deleted nodes.

    With ``irrep=`` (classical ``alg`` only) the subalgebra ``spec`` is embedded so that the
    defining representation of ``alg`` restricts to its irrep ``irrep`` (flat Dynkin labels).

    >>> from symphys.lie import LieAlgebra
    >>> make_subalgebra(LieAlgebra("E8"), delete=[0], extended=True)  # -theta deleted: E8
    Subalgebra(E8 > E8)
    >>> make_subalgebra(LieAlgebra("A5"), "A1+A2", irrep=(1, 1, 0))  # su(6) > su(2) x su(3)
    Subalgebra(A5 > A1+A2)
    >>> make_subalgebra(LieAlgebra("D5"), "A4+U1")   # nodes 4 and 5 give 10 or 10bar
    Traceback (most recent call last):
    ...
    ValueError: subalgebra='A4+U1' is ambiguous in D5: ... delete=[5]: ...; delete=[4]: ...
    >>> make_subalgebra(LieAlgebra("E8"), "B4+B4")
    Traceback (most recent call last):
    ...
    ValueError: subalgebra='B4+B4' is not a special, Levi or regular subalgebra of E8
    """
    if isinstance(spec, Subalgebra):
        if spec.parent != alg:
            raise ValueError(f"subalgebra {spec!r} belongs to {spec.parent.name}, not {alg.name}")
        return spec
    r = alg.rank
    if irrep is not None:
        if delete is not None or not isinstance(spec, str):
            raise TypeError("irrep= needs a subalgebra name and no delete=")
        return _from_irrep(alg, spec, irrep)
    if delete is not None:
        if spec is not None:
            raise TypeError("give either spec or delete=, not both")
        allowed = set(range(0 if extended else 1, r + 1))
        dl = sorted({int(x) for x in delete})
        bad = [x for x in dl if x not in allowed]
        if bad:
            raise ValueError(f"delete={list(delete)}: nodes must be in {sorted(allowed)}")
        data = _nodes(alg, extended)
        kept = [n for n in sorted(data) if n not in dl]
        u1 = [] if extended else dl
        kind = "extended" if extended else "ordinary"
        how = f"deleted nodes {dl} of the {kind} Dynkin diagram"
        sub = _from_nodes(alg, data, kept, None, u1, how)
        assert sub is not None
        return sub
    if spec == "principal":
        return _principal(alg)
    simple, n_u1 = parse_subalgebra_name(spec)
    ssrank = sum(k for _, k in simple)
    if ssrank + n_u1 > r:
        raise ValueError(
            f"subalgebra={spec!r} has rank {ssrank + n_u1} > rank {r} of {alg.name}")
    special = _special(alg, simple, n_u1)
    if special is not None:
        return special
    found: list[tuple[list[int], Subalgebra]] = []
    if n_u1:
        data = _nodes(alg, False)
        if ssrank == r - n_u1:
            for dl in itertools.combinations(range(r, 0, -1), n_u1):
                kept = [n for n in range(1, r + 1) if n not in dl]
                sub = _from_nodes(alg, data, kept, simple, sorted(dl),
                                  f"deleted nodes {sorted(dl)} of the Dynkin diagram")
                if sub is not None:
                    found.append((sorted(dl), sub))
    else:
        data = _nodes(alg, True)
        for dl in itertools.combinations(range(0, r + 1), r + 1 - ssrank):
            kept = [n for n in range(0, r + 1) if n not in dl]
            sub = _from_nodes(alg, data, kept, simple, [],
                              f"deleted nodes {list(dl)} of the extended Dynkin diagram")
            if sub is not None:
                found.append((list(dl), sub))
                if len(dl) == 1 and dl[0] == 0:
                    break
    if not found:
        raise ValueError(f"subalgebra={spec!r} is not a special, Levi or regular subalgebra "
                         f"of {alg.name}")
    distinct = _inequivalent(alg, found)
    if len(distinct) > 1:
        ext = "" if n_u1 else ", extended=True"
        choices = "; ".join(f"delete={dl}{ext}: {_describe(alg, sub, [o for _, o in distinct])}"
                            for dl, sub in distinct)
        raise ValueError(f"subalgebra={spec!r} is ambiguous in {alg.name}: inequivalent "
                         f"embeddings (related by an outer automorphism or not conjugate) "
                         f"branch differently; choose one with subalgebra(delete=...): "
                         f"{choices}")
    return distinct[0][1]


def _smallest_irreps(alg: LieAlgebra) -> list[tuple[int, ...]]:
    """Fundamental irreps of dimension at most ``max(8 d_min, 64)``: the test irreps of
    :func:`_inequivalent` (for ``D_n`` they include the spinors, for ``E6`` the 27 and 27bar)."""
    funds = [tuple(int(i == j) for j in range(alg.rank)) for i in range(alg.rank)]
    dims = [alg.irrep_dimension(w) for w in funds]
    cut = max(8 * min(dims), 64)
    return [w for w, d in zip(funds, dims, strict=True) if d <= cut]


def _signature(alg: LieAlgebra, sub: Subalgebra) -> list:
    """Branchings of the smallest irreps, with each U(1) charge's overall sign fixed."""
    nss = sum(f.rank for f in sub.factors)
    brs = [branch(alg, w, sub) for w in _smallest_irreps(alg)]
    signs = []
    for u in range(sub.n_u1):
        first = next((k[nss + u] for br in brs for k in br if k[nss + u] != 0), 0)
        signs.append(-1 if first < 0 else 1)
    return [sorted(tuple(k[:nss]) + tuple(s * c for s, c in zip(signs, k[nss:], strict=True))
                   + (m,) for k, m in br.items()) for br in brs]


def _inequivalent(alg: LieAlgebra, found: list) -> list:
    """Candidates whose branchings of the small fundamental irreps differ (up to U(1) signs).

    A name matching several such embeddings is refused: their labelled branching rules differ
    (say ``10`` against ``10bar``), whether or not the subalgebras are conjugate.
    """
    if len(found) == 1:
        return found
    out, seen = [], []
    for dl, sub in found:
        sig = _signature(alg, sub)
        if sig not in seen:
            seen.append(sig)
            out.append((dl, sub))
    return out


def _describe(alg: LieAlgebra, sub: Subalgebra, others: list) -> str:
    """The branching of the first small irrep that tells ``sub`` from the ``others``."""
    tests = _smallest_irreps(alg)
    mine = _signature(alg, sub)
    k = next((i for i in range(len(tests))
              if any(_signature(alg, o)[i] != mine[i] for o in others)), 0)
    br = branch(alg, tests[k], sub)
    return f"{tests[k]} -> " + " + ".join(sub.format(key) + (f"x{m}" if m > 1 else "")
                                          for key, m in br.items())


def _height_weights(f: LieAlgebra) -> list[Fraction]:
    inv = f.root_system.inverse_cartan
    return [Fraction(2 * sum(inv[i][j] for j in range(f.rank))) for i in range(f.rank)]


def decompose(sub: Subalgebra, projected: dict[tuple[Any, ...], int],
              what: str = "the representation") -> dict[tuple[Any, ...], int]:
    """Peel a projected character (``{flat sub weight: mult}``) into irreps of ``sub``.

    Only the weights dominant for the simple factors are needed. Repeatedly removes the irrep
    whose highest weight is the remaining one of greatest ``2 rho^v``-height. A negative
    multiplicity or a weight left over means the projection is not an embedding
    (``ValueError``). Ordered by decreasing dimension.
    """
    heights = [_height_weights(f) for f in sub.factors]
    ranks = [f.rank for f in sub.factors]
    nss = sum(ranks)
    remaining = {k: m for k, m in projected.items() if m and min(k[:nss], default=0) >= 0}

    def height(key: tuple[Any, ...]) -> Fraction:
        tot, pos = Fraction(0), 0
        for hv, k in zip(heights, ranks, strict=True):
            tot += sum(h * x for h, x in zip(hv, key[pos:pos + k], strict=True))
            pos += k
        return tot

    out: dict[tuple[Any, ...], int] = {}
    while remaining:
        top = max(remaining, key=lambda k: (height(k), k))
        m = remaining[top]
        if m < 0:
            raise ValueError(f"projection is not an embedding of {sub.name} in "
                             f"{sub.parent.name}: {what} restricts to a character with a "
                             f"negative multiplicity at {top}")
        out[top] = m
        parts, charges = top[:nss], top[nss:]
        doms, pos = [], 0
        for f, k in zip(sub.factors, ranks, strict=True):
            doms.append(f.weights(parts[pos:pos + k]))
            pos += k
        for combo in itertools.product(*(d.items() for d in doms)):
            key = tuple(x for wt, _ in combo for x in wt) + tuple(charges)
            mult = math.prod(c for _, c in combo) * m
            left = remaining.get(key, 0) - mult
            if left:
                remaining[key] = left
            else:
                remaining.pop(key, None)
    return dict(sorted(out.items(), key=lambda kv: (-sub.irrep_dimension(kv[0]),
                                                     tuple(Fraction(x) for x in kv[0]))))


def project_character(sub: Subalgebra, character: dict[tuple[int, ...], int]
                      ) -> dict[tuple[Any, ...], int]:
    """``{flat sub weight: mult}`` from a parent character, keeping factor-dominant weights."""
    nss = sum(f.rank for f in sub.factors)
    rows = sub._int_rows
    out: dict[tuple[Any, ...], int] = {}
    for w, m in character.items():
        head = tuple(sum(p * x for p, x in zip(row, w, strict=True)) for row in rows)
        if nss and min(head) < 0:
            continue
        key = head + sub._project(w)[nss:] if sub.n_u1 else head
        out[key] = out.get(key, 0) + m
    return out


def embedding_indices(sub: Subalgebra) -> list[list[Fraction]]:
    """Dynkin's embedding index of each simple factor in each simple factor of the parent.

    ``j = T_f(adjoint of g, restricted) / T_g(adjoint)`` (``T`` the Dynkin index, counting the
    other factors' dimensions), the same for every irrep of ``g``; an embedding has
    non-negative integer indices, at least one positive per factor (Dynkin 1952). Row ``i``:
    sub factor ``i``; column ``k``: the ``k``-th simple factor of the parent.

    >>> from symphys.lie import LieAlgebra
    >>> embedding_indices(LieAlgebra("G2").subalgebra("principal"))
    [[Fraction(28, 1)]]
    """
    out = [[] for _ in sub.factors]
    for _hw, t_g, char in _adjoint_pieces(sub.parent):
        if not t_g:
            continue
        br = decompose(sub, project_character(sub, char), "the adjoint")
        pos = 0
        for i, f in enumerate(sub.factors):
            t = Fraction(0)
            for key, m in br.items():
                parts, _ = sub.split(key)
                rest = math.prod(g.irrep_dimension(p) for j, (g, p) in
                                 enumerate(zip(sub.factors, parts, strict=True)) if j != i)
                t += m * rest * Fraction(str(f.index(tuple(key[pos:pos + f.rank]))))
            out[i].append(t / t_g)
            pos += f.rank
    return out


def _adjoint_pieces(parent: LieAlgebra) -> list[tuple[Any, Fraction, dict]]:
    """(adjoint highest weight, its index, its character in flat coordinates) per simple part."""
    if hasattr(parent, "adjoint_pieces"):
        return parent.adjoint_pieces()
    theta = tuple(parent.highest_root(coordinates="weight"))
    return [(theta, Fraction(parent.dual_coxeter_number()), parent.character(theta))]


def check_embedding(sub: Subalgebra) -> None:
    """Raise ``ValueError`` unless ``sub``'s projection passes the defining checks.

    The parent's adjoint must branch with non-negative multiplicities, the dimensions summing
    to the parent's, into a sum containing every factor's adjoint and ``n_u1`` singlets; every
    simple factor must have a positive integer embedding index.
    """
    name = f"projection is not an embedding of {sub.name} in {sub.parent.name}"
    nss = sum(f.rank for f in sub.factors)
    total: dict[tuple[Any, ...], int] = {}
    dim = 0
    for _hw, _t, char in _adjoint_pieces(sub.parent):
        dim += sum(char.values())
        for k, m in decompose(sub, project_character(sub, char), "the adjoint").items():
            total[k] = total.get(k, 0) + m
    got = sum(m * sub.irrep_dimension(k) for k, m in total.items())
    if got != dim:
        raise ValueError(f"{name}: the adjoint of {sub.parent.name} (dimension {dim}) "
                         f"restricts to dimension {got}")
    zero = (0,) * (nss + sub.n_u1)
    if total.get(zero, 0) < sub.n_u1:
        raise ValueError(f"{name}: the adjoint of {sub.parent.name} has fewer than "
                         f"{sub.n_u1} singlets for the U(1) factors")
    pos = 0
    for f in sub.factors:
        theta = tuple(f.highest_root(coordinates="weight"))
        key = zero[:pos] + theta + zero[pos + f.rank:]
        if total.get(key, 0) < 1:
            raise ValueError(f"{name}: the adjoint of {sub.parent.name} does not contain the "
                             f"adjoint of the factor {f.name}")
        pos += f.rank
    for f, js in zip(sub.factors, embedding_indices(sub), strict=True):
        if any(j.denominator != 1 or j < 0 for j in js) or not any(js):
            shown = js[0] if len(js) == 1 else [str(j) for j in js]
            raise ValueError(f"{name}: the embedding index of {f.name} is {shown}, not a "
                             "positive integer")


def branch(alg: LieAlgebra, hw: Sequence[int], subalgebra: Any, *, progress: bool = False
           ) -> dict[tuple[Any, ...], int]:
    """Decompose ``V(hw)`` of ``alg`` under a subalgebra: ``{flat highest weight: mult}``.

    Ordered by decreasing dimension. Keys are the factors' Dynkin labels concatenated, then the
    U(1) charges (see :meth:`Subalgebra.split`). The full character of ``V(hw)`` is projected
    (refused at once beyond the size limit of :func:`symphys.lie.representations.character`;
    ``progress=True`` shows a bar for dimension >= 10^6). A result whose dimensions do not add
    up (a projection that is no embedding) is a ``ValueError``.

    >>> from symphys.lie import LieAlgebra
    >>> branch(LieAlgebra("A4"), (1, 0, 0, 0), "A2+A1+U1")  # 5 -> (3,1)_2 + (1,2)_-3
    {(1, 0, 0, 2): 1, (0, 0, 1, -3): 1}
    """
    sub = make_subalgebra(alg, subalgebra)
    lam = alg.check_weight(hw, "hw")
    char = alg.character(lam, progress=progress)
    out = decompose(sub, project_character(sub, char), f"hw={lam}")
    total = sum(m * sub.irrep_dimension(k) for k, m in out.items())
    if total != sum(char.values()):  # pragma: no cover - decompose already refuses
        raise ValueError(f"projection is not an embedding: dimensions sum to {total}")
    return out
