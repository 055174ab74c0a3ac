"""The Weyl group, enumerated lazily (never materialised): E8 has 696 729 600 elements.

Elements act on weights written in **Dynkin labels** (fundamental-weight coordinates), as integer
matrices on column vectors: the simple reflection ``s_i`` sends ``l`` to ``l - l_i a_i`` where
``a_i`` (row ``i`` of the Cartan matrix) is the simple root in Dynkin labels.

Enumeration walks the Weyl orbit of ``rho = (1, ..., 1)``, on which W acts simply transitively,
as a tree: the parent of a non-dominant ``w rho`` is ``s_j w rho`` with ``j`` the first negative
label. Every element is produced exactly once, together with a reduced word, using memory
proportional to the rank times the longest length only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction

import numpy as np
import sympy

__all__ = ["WeylGroup", "orbit", "orbit_size", "parabolic_order", "reduced_word",
           "MAX_MATRIX_ENTRIES"]

#: Largest total number of matrix entries that :meth:`WeylGroup.simple_reflections`
#: (``rank^3``) and :meth:`WeylGroup.reflections` (``|positive roots| * rank^2``, bounded by
#: ``rank^4`` for rank >= 9) return: rank 58 and rank 21 pass.
MAX_MATRIX_ENTRIES = 200_000


def _check_entries(entries: int, what: str, formula: str) -> None:
    if entries > MAX_MATRIX_ENTRIES:
        raise ValueError(f"{what}: {formula} = {entries} matrix entries exceed the limit "
                         f"{MAX_MATRIX_ENTRIES} (symphys.lie.weyl_group.MAX_MATRIX_ENTRIES)")


def _reflect(v: tuple[int, ...], i: int, cartan: Sequence[Sequence[int]]) -> tuple[int, ...]:
    c = v[i]
    row = cartan[i]
    return tuple(x - c * a for x, a in zip(v, row, strict=True))


def orbit(
    weight: Sequence[int], cartan: Sequence[Sequence[int]]
) -> Iterator[tuple[int, ...]]:
    """Lazily yield the Weyl orbit of a **dominant** weight (Dynkin labels), each once.

    >>> sorted(orbit((1, 0), [[2, -1], [-1, 2]]))  # weights of the su(3) triplet
    [(-1, 1), (0, -1), (1, 0)]
    """
    start = tuple(int(x) for x in weight)
    if any(x < 0 for x in start):
        raise ValueError(f"weight={start} must be dominant (all Dynkin labels >= 0)")
    r = len(start)
    stack = [start]
    while stack:
        v = stack.pop()
        yield v
        for i in range(r):
            if v[i] > 0:
                w = _reflect(v, i, cartan)
                if all(w[j] >= 0 for j in range(i)):
                    stack.append(w)


def _left_reflect(mat: list[list[int]], i: int, cartan: Sequence[Sequence[int]]
                  ) -> list[list[int]]:
    """``s_i @ mat``: ``s_i`` is the identity minus ``A[i][a]`` in column ``i`` of row ``a``, so
    only the rows ``a`` with ``A[i][a] != 0`` change (``O(rank)`` rows, not a full product)."""
    new = list(mat)
    row_i = mat[i]
    for a, c in enumerate(cartan[i]):
        if c:
            new[a] = [x - c * y for x, y in zip(mat[a], row_i, strict=True)]
    return new


class WeylGroup:
    """The Weyl group of a Cartan matrix, iterable lazily.

    ``len(W)`` and :attr:`order` give ``|W|`` without enumerating; iterating yields the
    elements as ``sympy.ImmutableMatrix`` integer matrices acting on Dynkin labels (column
    vectors), starting with the identity; :meth:`words` yields reduced words (tuples of
    0-based simple-reflection indices, applied right to left).

    >>> from symphys.lie import LieAlgebra
    >>> W = LieAlgebra("A2").weyl_group()
    >>> len(W), sum(1 for _ in W)
    (6, 6)
    >>> W.simple_reflections()[0]
    Matrix([
    [-1, 0],
    [ 1, 1]])
    """

    def __init__(self, cartan: Sequence[Sequence[int]], order: int) -> None:
        if isinstance(order, bool) or not hasattr(order, "__index__"):
            raise TypeError(f"order={order!r} must be an int (|W|)")
        try:
            self._cartan = [[int(x.__index__()) for x in row] for row in cartan]
        except (TypeError, AttributeError):
            raise TypeError("cartan must be a square matrix (nested sequences) of ints") from None
        self.rank = len(self._cartan)
        if any(len(row) != self.rank for row in self._cartan):
            raise ValueError(f"cartan must be square, got rows of lengths "
                             f"{[len(r) for r in self._cartan]}")
        self.order = int(order.__index__())
        if self.order < 1:
            raise ValueError(f"order={self.order} violates order >= 1")

    def __len__(self) -> int:
        return self.order

    def __repr__(self) -> str:
        return f"WeylGroup(rank={self.rank}, order={self.order})"

    def simple_reflections(self) -> list[sympy.ImmutableMatrix]:
        """The generators ``s_i`` as integer matrices on Dynkin labels.

        Refused at once (``ValueError``) when ``rank^3`` exceeds :data:`MAX_MATRIX_ENTRIES`.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A1").weyl_group().simple_reflections()
        [Matrix([[-1]])]
        """
        r = self.rank
        _check_entries(r**3, "simple_reflections()", f"rank^3 = {r}^3")
        return [sympy.ImmutableMatrix(m) for m in self._simple_lists()]

    def _simple_lists(self) -> list[list[list[int]]]:
        r = self.rank
        out = []
        for i in range(r):
            m = [[int(a == b) for b in range(r)] for a in range(r)]
            for j in range(r):
                m[j][i] -= self._cartan[i][j]
            out.append(m)
        return out

    def _walk(self) -> Iterator[tuple[tuple[int, ...], list[list[int]]]]:
        r = self.rank
        ident = [[int(a == b) for b in range(r)] for a in range(r)]
        stack = [((1,) * r, (), ident)]
        while stack:
            v, word, mat = stack.pop()
            yield word, mat
            for i in range(r):
                if v[i] > 0:
                    w = _reflect(v, i, self._cartan)
                    if all(w[j] >= 0 for j in range(i)):
                        stack.append((w, (i,) + word, _left_reflect(mat, i, self._cartan)))

    def reflections(self) -> list[sympy.ImmutableMatrix]:
        """The reflections ``s_a`` for all positive roots ``a`` (in positive-root order).

        Refused at once (``ValueError``) beyond :data:`MAX_MATRIX_ENTRIES` entries in all.

        ``s_a(l) = l - <l, a^v> a``; on Dynkin labels ``s_a = 1 - a c^T`` with ``a`` the root in
        Dynkin labels and ``c`` the coefficients of the coroot ``a^v`` in the simple coroots
        (the positive roots of the transposed Cartan matrix, in the same order).

        >>> from symphys.lie import LieAlgebra
        >>> len(LieAlgebra("E8").weyl_group().reflections())
        120
        """
        from symphys.lie.root_system import positive_roots

        r = self.rank
        if r > 8:  # |positive roots| <= rank^2 for every type of rank >= 9 (A-D only)
            _check_entries(r**4, "reflections()", f"|positive roots| * rank^2 <= rank^4 = {r}^4")
        pos = positive_roots(self._cartan)
        copos = positive_roots([list(col) for col in zip(*self._cartan, strict=True)])
        # a root and its coroot have proportional coefficient vectors up to the lengths d_i:
        # match them by support and proportionality after rescaling
        d = self._symmetriser()
        out = []
        for a in pos:
            scaled = [a[i] * d[i] for i in range(r)]
            g = 0
            for x in scaled:
                g = math.gcd(g, x)
            co = tuple(x // g for x in scaled)
            assert co in copos
            aw = [sum(a[k] * self._cartan[k][i] for k in range(r)) for i in range(r)]
            out.append(sympy.ImmutableMatrix(r, r, lambda i, j, aw=aw, co=co:
                                             int(i == j) - aw[i] * co[j]))
        return out

    def _symmetriser(self) -> list[int]:
        """Integers ``d_i`` proportional to ``(a_i, a_i)`` (``A_ij d_j`` symmetric)."""
        r = self.rank
        d: list[Fraction | None] = [None] * r
        for start in range(r):
            if d[start] is not None:
                continue
            d[start] = Fraction(1)
            stack = [start]
            while stack:
                i = stack.pop()
                for j in range(r):
                    if self._cartan[i][j] and d[j] is None:
                        # A_ij d_j = A_ji d_i
                        d[j] = d[i] * Fraction(self._cartan[j][i], self._cartan[i][j])
                        stack.append(j)
        den = math.lcm(*(x.denominator for x in d))
        return [int(x * den) for x in d]

    def words(self) -> Iterator[tuple[int, ...]]:
        """Lazily yield one reduced word per element (``(i, j)`` means ``s_i s_j``).

        >>> from symphys.lie import LieAlgebra
        >>> sorted(LieAlgebra("A2").weyl_group().words(), key=len)[-1]
        (0, 1, 0)
        """
        for word, _ in self._walk():
            yield word

    def __iter__(self) -> Iterator[sympy.ImmutableMatrix]:
        for _, mat in self._walk():
            yield sympy.ImmutableMatrix(mat)

    def arrays(self) -> Iterator[np.ndarray]:
        """Lazily yield the elements as ``(rank, rank)`` int64 numpy arrays (same order as iter).

        >>> from symphys.lie import LieAlgebra
        >>> sum(1 for _ in LieAlgebra("F4").weyl_group().arrays())
        1152
        """
        for _, mat in self._walk():
            yield np.array(mat, dtype=np.int64)

    def longest_element(self) -> sympy.ImmutableMatrix:
        """``w_0``, the element sending ``rho`` to ``-rho`` (found without enumeration).

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2").weyl_group().longest_element()
        Matrix([
        [ 0, -1],
        [-1,  0]])
        """
        r = self.rank
        mat = [[int(a == b) for b in range(r)] for a in range(r)]
        v = (1,) * r
        for _ in range(max(r * r, 120) + 1):  # the length of w_0 is |positive roots|
            i = next((k for k in range(r) if v[k] > 0), None)
            if i is None:
                return sympy.ImmutableMatrix(mat)
            v = _reflect(v, i, self._cartan)
            mat = _left_reflect(mat, i, self._cartan)
        raise ValueError("cartan is not the Cartan matrix of a finite Weyl group (no longest "
                         "element: rho never reaches -rho)")


def parabolic_order(cartan: Sequence[Sequence[int]], nodes: Sequence[int]) -> int:
    """Order of the parabolic subgroup generated by the simple reflections ``s_i``, i in nodes.

    The product over the connected components of the sub-diagram of ``prod (m_j + 1)`` from
    their positive roots (Chevalley).

    >>> parabolic_order([[2, -1, 0], [-1, 2, -1], [0, -1, 2]], [0, 1])   # S_3 inside S_4
    6
    """
    from symphys.lie.root_system import positive_roots, weyl_group_order_from_roots

    nodes = sorted(set(nodes))
    out = 1
    left = list(nodes)
    while left:
        comp = [left.pop(0)]
        grew = True
        while grew:
            grew = False
            for n in list(left):
                if any(cartan[n][c] for c in comp):
                    comp.append(n)
                    left.remove(n)
                    grew = True
        comp.sort()
        sub = [[cartan[a][b] for b in comp] for a in comp]
        out *= weyl_group_order_from_roots(positive_roots(sub), len(comp))
    return out


def orbit_size(cartan: Sequence[Sequence[int]], weight: Sequence[int]) -> int:
    """Size of the Weyl orbit of a weight (Dynkin labels), without enumerating it.

    ``|W| / |W_J|`` with ``W_J`` the stabiliser of the dominant conjugate ``m``: the parabolic
    subgroup of the nodes where ``m_i = 0`` (Humphreys, *Reflection Groups*, §1.12).

    >>> orbit_size([[2, -1], [-1, 2]], (1, 0))   # the 3 weights of the su(3) triplet
    3
    """
    v = [int(x) for x in weight]
    r = len(v)
    steps = 0
    while True:
        i = next((k for k in range(r) if v[k] < 0), None)
        if i is None:
            break
        v = list(_reflect(tuple(v), i, cartan))
        steps += 1
        if steps > 10**6:  # pragma: no cover - a finite Weyl group ends far earlier
            raise ValueError("cartan is not of finite type")
    full = parabolic_order(cartan, range(r))
    return full // parabolic_order(cartan, [i for i in range(r) if v[i] == 0])


def reduced_word(cartan: Sequence[Sequence[int]], element: Sequence[Sequence[int]]
                 ) -> tuple[int, ...]:
    """A reduced word of a Weyl-group element given as a matrix on Dynkin labels.

    ``(i, j, ...)`` means ``s_i s_j ...`` (0-based, as :meth:`WeylGroup.words`); found by
    walking ``w rho`` back to ``rho``: the length is the number of steps (Humphreys §1.6-1.8).
    A matrix that is not an element of the Weyl group is refused (``ValueError``).

    >>> reduced_word([[2, -1], [-1, 2]], [[0, -1], [-1, 0]])   # the longest element of S_3
    (0, 1, 0)
    """
    r = len(cartan)
    try:
        mat = [[int(x.__index__()) for x in row] for row in element]
    except (TypeError, AttributeError):
        raise TypeError("element must be a square integer matrix (nested sequences of ints)"
                        ) from None
    if len(mat) != r or any(len(row) != r for row in mat):
        raise ValueError(f"element must be a {r} x {r} matrix acting on Dynkin labels")
    v = tuple(sum(row) for row in mat)   # w rho, rho = (1, ..., 1)
    word: list[int] = []
    limit = r * r + 120
    while True:
        i = next((k for k in range(r) if v[k] < 0), None)
        if i is None:
            break
        v = _reflect(v, i, cartan)
        word.append(i)
        if len(word) > limit:
            raise ValueError("element is not in the Weyl group (w rho never becomes dominant)")
    # check: the word rebuilds the matrix
    ident = [[int(a == b) for b in range(r)] for a in range(r)]
    m = ident
    for i in reversed(word):
        m = _left_reflect(m, i, cartan)
    if m != mat or v != (1,) * r:
        raise ValueError("element is not an element of this Weyl group (as a matrix on Dynkin "
                         "labels)")
    return tuple(word)
