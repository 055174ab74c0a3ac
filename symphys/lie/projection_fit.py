"""Projection matrices fitted from a branching rule of one representation.

Given a representation ``R`` of ``g`` (weights ``W_g``, Dynkin labels) and the representation
``R'`` of a subalgebra ``h`` it should restrict to (weights ``W_h``, flat labels), find an
integer matrix ``P`` with ``P(W_g) = W_h`` as multisets. The method:

1. ``xi = 2 rho^v`` of ``h`` is the neutral element of the principal ``sl2`` of ``h``; in ``g``
   it is conjugate to a dominant ``y`` with ``<a_k, y>`` in ``{0, 1, 2}`` for every simple root
   (Dynkin's weighted diagrams, Dynkin 1952; Collingwood-McGovern, *Nilpotent Orbits*, §3.5).
   The ``3^rank`` candidates are tried; ``y`` must give the grading of ``R`` that ``xi`` gives
   to ``R'`` (the multisets ``{<w, y>}`` and ``{<u, xi>}`` agree).
2. With ``y`` fixed, weights of ``R`` are matched to weights of ``R'`` of the same grade by
   backtracking over a basis of weights of ``R`` (top grades first); each partial assignment
   fixes ``P`` on a subspace, and every weight of ``R`` in that subspace must land on an unused
   weight of ``R'`` of its grade.
3. The matrix found is then checked by the defining checks
   (:func:`symphys.lie.branching.check_embedding`).

Each step is exact (ints and Fractions). The search is bounded by :data:`MAX_FIT_NODES`
backtracking nodes per ``y``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

__all__ = ["fit_projection", "MAX_FIT_NODES"]

#: Largest number of partial assignments :func:`fit_projection` explores for one ``y``.
MAX_FIT_NODES = 200_000

Weight = tuple[int, ...]
LieAlgebra = Any


def _h_weights(factors: Sequence[LieAlgebra], irreps: Sequence[Sequence[int]]) -> Counter:
    """The flat weights (with multiplicity) of a sum of irreps of a product of simple factors."""
    out: Counter = Counter()
    for flat in irreps:
        parts, pos = [], 0
        for f in factors:
            parts.append(f.character(tuple(flat[pos:pos + f.rank])))
            pos += f.rank
        for combo in itertools.product(*(p.items() for p in parts)):
            key = tuple(x for w, _ in combo for x in w)
            m = 1
            for _, c in combo:
                m *= c
            out[key] += m
    return out


def _xi(factors: Sequence[LieAlgebra]) -> list[Fraction]:
    """``2 rho^v`` of each factor as a functional on flat labels (sum over the factors)."""
    out: list[Fraction] = []
    for f in factors:
        inv = f.root_system.inverse_cartan
        out += [Fraction(2) * sum(inv[i]) for i in range(f.rank)]
    return out


def _solve(rows: list[list[Fraction]], rhs: list[list[Fraction]]
           ) -> list[list[Fraction]] | None:
    """Solve ``rows X = rhs`` for square invertible ``rows`` (Gauss-Jordan), else None."""
    n = len(rows)
    a = [list(r) + list(b) for r, b in zip(rows, rhs, strict=True)]
    for col in range(n):
        piv = next((i for i in range(col, n) if a[i][col] != 0), None)
        if piv is None:
            return None
        a[col], a[piv] = a[piv], a[col]
        p = a[col][col]
        a[col] = [x / p for x in a[col]]
        for i in range(n):
            if i != col and a[i][col] != 0:
                f = a[i][col]
                a[i] = [x - f * y for x, y in zip(a[i], a[col], strict=True)]
    return [row[n:] for row in a]


class _Span:
    """Row-echelon basis of a subspace, to test membership and read coefficients."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.basis: list[list[Fraction]] = []   # reduced rows
        self.pivots: list[int] = []
        self.combos: list[list[Fraction]] = []  # each reduced row in terms of the originals

    def reduce(self, v: Sequence[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
        v = [Fraction(x) for x in v]
        coeff = [Fraction(0)] * len(self.combos[0]) if self.combos else []
        for row, piv, comb in zip(self.basis, self.pivots, self.combos, strict=True):
            if v[piv]:
                f = v[piv]
                v = [x - f * y for x, y in zip(v, row, strict=True)]
                coeff = [c + f * d for c, d in zip(coeff, comb, strict=True)]
        return v, coeff

    def add(self, v: Sequence[Fraction]) -> bool:
        rest, coeff = self.reduce(v)
        piv = next((i for i, x in enumerate(rest) if x), None)
        if piv is None:
            return False
        k = len(self.combos)
        self.combos = [c + [Fraction(0)] for c in self.combos]
        comb = [-c for c in coeff] + [Fraction(1)]
        p = rest[piv]
        rest = [x / p for x in rest]
        comb = [x / p for x in comb]
        # keep the rows reduced at the new pivot
        for i, row in enumerate(self.basis):
            if row[piv]:
                f = row[piv]
                self.basis[i] = [x - f * y for x, y in zip(row, rest, strict=True)]
                self.combos[i] = [x - f * y for x, y in zip(self.combos[i], comb, strict=True)]
        self.basis.append(rest)
        self.pivots.append(piv)
        self.combos.append(comb)
        assert len(comb) == k + 1
        return True


def _candidates_y(alg: LieAlgebra, g_weights: Counter, target_grades: Counter
                  ) -> list[list[Fraction]]:
    """Dominant ``y`` with labels in {0,1,2} grading ``R`` as the target is graded.

    ``y`` is returned as its pairing vector ``c`` (``<w, y> = sum_i w_i c_i``).
    """
    rs = alg.root_system
    inv = rs.inverse_cartan   # row i: w_i in simple roots
    r = rs.rank
    top = max(target_grades)
    # <w, y> = sum_k z_k (w in simple-root coordinates)_k, z_k = <a_k, y>
    coords = {w: [sum((Fraction(w[i]) * inv[i][k] for i in range(r)), Fraction(0))
                  for k in range(r)] for w in g_weights}
    hw = max(g_weights, key=lambda w: sum(coords[w]))
    out = []
    for z in itertools.product((0, 1, 2), repeat=r):
        if sum(q * x for q, x in zip(coords[hw], z, strict=True)) != top:
            continue
        grades: Counter = Counter()
        for w, m in g_weights.items():
            grades[sum(q * x for q, x in zip(coords[w], z, strict=True))] += m
        if grades == target_grades:
            c = [sum((inv[i][k] * z[k] for k in range(r)), Fraction(0)) for i in range(r)]
            out.append(c)
    return out


def fit_projection(alg: LieAlgebra, rep: Sequence[int], factors: Sequence[LieAlgebra],
                   irreps: Sequence[Sequence[int]]) -> list[list[int]] | None:
    """An integer projection matrix sending ``V(rep)`` of ``alg`` to ``sum V_h(irreps)``.

    ``irreps`` are flat highest weights of the product of ``factors``. Returns ``None`` when
    no such matrix exists (or the search passes :data:`MAX_FIT_NODES`); a matrix found is a
    candidate, to be checked with :func:`symphys.lie.branching.check_embedding`.

    >>> from symphys.lie import LieAlgebra
    >>> fit_projection(LieAlgebra("G2"), (1, 0), [LieAlgebra("A2")], [(1, 0), (0, 1), (0, 0)])
    [[1, 1], [0, 1]]
    """
    g_weights = Counter(alg.character(tuple(rep)))
    h_weights = _h_weights(factors, irreps)
    if sum(g_weights.values()) != sum(h_weights.values()):
        return None
    xi = _xi(factors)
    s = len(xi)
    r = alg.rank

    def grade_h(u: tuple[int, ...]) -> Fraction:
        return sum((x * y for x, y in zip(xi, u, strict=True)), Fraction(0))

    target = Counter()
    for u, m in h_weights.items():
        target[grade_h(u)] += m
    by_grade: dict[Fraction, list[tuple[int, ...]]] = {}
    for u in h_weights:
        by_grade.setdefault(grade_h(u), []).append(u)
    for c in _candidates_y(alg, g_weights, target):
        def grade_g(w: Weight, c: list[Fraction] = c) -> Fraction:
            return sum((Fraction(x) * y for x, y in zip(w, c, strict=True)), Fraction(0))

        order = sorted(g_weights, key=lambda w: (-grade_g(w), tuple(-x for x in w)))
        # a basis of weights, top grades first
        span = _Span(r)
        basis = []
        for w in order:
            if span.add(w):
                basis.append(w)
            if len(basis) == r:
                break
        if len(basis) < r:  # pragma: no cover - the weights of a faithful irrep span
            continue
        nodes = [0]
        found = _search(basis, order, g_weights, h_weights, by_grade, grade_g, s, nodes)
        if found is not None:
            return found
    return None


def _search(basis: list[Weight], order: list[Weight], g_weights: Counter, h_weights: Counter,
            by_grade: dict, grade_g: Any, s: int, nodes: list[int]) -> list[list[int]] | None:
    r = len(basis)
    chosen: list[tuple[int, ...]] = []

    def consistent() -> bool:
        k = len(chosen)
        span = _Span(r)
        for w in basis[:k]:
            span.add(w)
        used: Counter = Counter()
        images = [[Fraction(x) for x in u] for u in chosen]
        for w in order:
            rest, coeff = span.reduce(w)
            if any(rest):
                continue
            img = [Fraction(0)] * s
            for cf, u in zip(coeff, images, strict=True):
                if cf:
                    img = [a + cf * b for a, b in zip(img, u, strict=True)]
            if any(x.denominator != 1 for x in img):
                return False
            key = tuple(int(x) for x in img)
            used[key] += g_weights[w]
            if used[key] > h_weights.get(key, 0):
                return False
        return True

    def rec() -> list[list[int]] | None:
        nodes[0] += 1
        if nodes[0] > MAX_FIT_NODES:
            return None
        k = len(chosen)
        if k == r:
            sol = _solve([[Fraction(x) for x in w] for w in basis],
                         [[Fraction(x) for x in u] for u in chosen])
            if sol is None:
                return None
            # sol is r x s: P^T; P = sol^T
            if any(x.denominator != 1 for row in sol for x in row):
                return None
            proj = [[int(sol[i][j]) for i in range(r)] for j in range(s)]
            img: Counter = Counter()
            for w, m in g_weights.items():
                img[tuple(sum(p * x for p, x in zip(row, w, strict=True)) for row in proj)] += m
            return proj if img == h_weights else None
        w = basis[k]
        for u in by_grade.get(grade_g(w), []):
            chosen.append(u)
            if consistent():
                out = rec()
                if out is not None:
                    return out
            chosen.pop()
            if nodes[0] > MAX_FIT_NODES:
                return None
        return None

    return rec()
