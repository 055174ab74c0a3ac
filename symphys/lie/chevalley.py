"""Chevalley basis and integer structure constants of a simple Lie algebra.

Basis order: ``h_1..h_r`` (simple coroots), ``e_b`` for the positive roots ``b`` in the order of
:meth:`symphys.lie.LieAlgebra.positive_roots`, then ``f_b = e_{-b}`` in the same order. Brackets:

* ``[h_i, e_a] = <a, a_i^v> e_a`` (for negative ``a`` too), ``[h_i, h_j] = 0``;
* ``[e_a, e_{-a}] = h_a``, the coroot ``a^v = sum_i c_i (a_i, a_i)/(a, a) h_i``;
* ``[e_a, e_b] = N_{a,b} e_{a+b}`` with ``N_{a,b} = +-(p + 1)``, ``p`` the largest integer with
  ``b - p a`` a root, and ``N_{-a,-b} = -N_{a,b}``.

The signs follow Carter, *Simple Groups of Lie Type* (1972), §4.1-4.2: ``N = +(p+1)`` on the
extraspecial pairs (``a`` the first simple root with ``x - a`` a root, for each non-simple
positive ``x``), and every other ``N`` is forced by his relations (ii)-(iv). The Jacobi identity
is not assumed anywhere: the tests check it. Functions take the algebra's
:class:`~symphys.lie.root_system.RootSystem`.
"""

from __future__ import annotations

from fractions import Fraction

from symphys.lie.root_system import RootSystem

__all__ = ["chevalley_brackets", "basis_labels", "check_chevalley_size", "MAX_CHEVALLEY_WORK"]

Root = tuple[int, ...]

#: Largest ``dimension^2 * rank`` for which the Chevalley brackets (and from them the structure
#: constants and the Killing form) are built: the sign table pairs every root with every root,
#: ``(2 |positive roots|)^2`` sums of ``rank``-tuples. A20 (440^2 * 20 = 3.9e6) passes.
MAX_CHEVALLEY_WORK = 4_000_000


def check_chevalley_size(alg: RootSystem, what: str) -> None:
    """Refuse (``ValueError`` naming the algebra, its size and the limit) before any work when
    ``dimension^2 * rank`` exceeds :data:`MAX_CHEVALLEY_WORK`.

    >>> from symphys.lie.root_system import root_system
    >>> check_chevalley_size(root_system("A30"), "structure_constants()")
    Traceback (most recent call last):
    ...
    ValueError: structure_constants() of A30: dimension^2 * rank = 960^2 * 30 = 2.8e+07 ...
    """
    work = alg.dimension**2 * alg.rank
    if work > MAX_CHEVALLEY_WORK:
        raise ValueError(
            f"{what} of {alg.name}: dimension^2 * rank = {alg.dimension}^2 * {alg.rank} = "
            f"{work:.1e} exceeds the limit {MAX_CHEVALLEY_WORK:.1e} "
            "(symphys.lie.chevalley.MAX_CHEVALLEY_WORK)")


def _neg(a: Root) -> Root:
    return tuple(-x for x in a)


def _add(a: Root, b: Root) -> Root:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def structure_signs(alg: RootSystem) -> dict[tuple[Root, Root], int]:
    """``N_{a,b}`` for all ordered pairs of roots whose sum is a root.

    >>> from symphys.lie.root_system import root_system
    >>> n = structure_signs(root_system("A2"))
    >>> n[((1, 0), (0, 1))], n[((0, 1), (1, 0))], n[((-1, 0), (1, 1))]
    (1, -1, 1)
    """
    check_chevalley_size(alg, "structure_signs()")
    pos = alg.positive
    posset = set(pos)
    order = {a: k for k, a in enumerate(pos)}
    roots = posset | {_neg(a) for a in pos}
    r = alg.rank
    bint = [[alg.cartan[i][j] * alg.dint[j] for j in range(r)] for i in range(r)]

    def norm(a: Root) -> int:
        return sum(a[i] * bint[i][j] * a[j] for i in range(r) for j in range(r) if a[i] and a[j])

    table: dict[tuple[Root, Root], Fraction] = {}

    def n(x: Root, y: Root) -> Fraction:
        s = _add(x, y)
        if s not in roots:
            return Fraction(0)
        xp, yp = x in posset, y in posset
        if xp and yp:
            v = table.get((x, y))
            return v if v is not None else -table[(y, x)]
        if not xp and not yp:
            return -n(_neg(x), _neg(y))
        if not xp:
            return -n(y, x)
        z = _neg(s)
        if s in posset:  # y, z negative: N_{x,y}/(z,z) = N_{y,z}/(x,x)
            return Fraction(norm(z), norm(x)) * -n(_neg(y), _neg(z))
        # x, z positive: N_{x,y}/(z,z) = N_{z,x}/(y,y)
        return Fraction(norm(z), norm(y)) * n(z, x)

    for xi in pos:
        if sum(xi) == 1:
            continue
        pairs = [(a, _add(xi, _neg(a))) for a in pos if _add(xi, _neg(a)) in posset]
        pairs = [(a, b) for a, b in pairs if order[a] < order[b]]
        gamma, delta = pairs[0]
        p = 0
        t = delta
        while True:
            t = _add(t, _neg(gamma))
            if t not in roots:
                break
            p += 1
        table[(gamma, delta)] = Fraction(p + 1)
        ngd = table[(gamma, delta)]
        for a, b in pairs[1:]:
            total = Fraction(0)
            bg = _add(b, _neg(gamma))
            if bg in roots:
                total += n(b, _neg(gamma)) * n(a, _neg(delta)) / norm(bg)
            ag = _add(a, _neg(gamma))
            if ag in roots:
                total += n(_neg(gamma), a) * n(b, _neg(delta)) / norm(ag)
            table[(a, b)] = norm(xi) * total / ngd
    out: dict[tuple[Root, Root], int] = {}
    for x in roots:
        for y in roots:
            if _add(x, y) in roots:
                v = n(x, y)
                assert v.denominator == 1
                out[(x, y)] = int(v)
    return out


def basis_labels(alg: RootSystem) -> list[str]:
    """Names of the Chevalley basis elements, in basis order.

    >>> from symphys.lie.root_system import root_system
    >>> basis_labels(root_system("A2"))
    ['h1', 'h2', 'e(1,0)', 'e(0,1)', 'e(1,1)', 'f(1,0)', 'f(0,1)', 'f(1,1)']
    """
    hs = [f"h{i + 1}" for i in range(alg.rank)]
    es = ["e(" + ",".join(map(str, a)) + ")" for a in alg.positive]
    fs = ["f(" + ",".join(map(str, a)) + ")" for a in alg.positive]
    return hs + es + fs


def chevalley_brackets(alg: RootSystem) -> dict[tuple[int, int], dict[int, int]]:
    """Sparse brackets ``[x_i, x_j] = sum_k c[(i, j)][k] x_k`` for all ordered ``i != j``.

    >>> from symphys.lie.root_system import root_system
    >>> br = chevalley_brackets(root_system("A1"))  # basis h, e, f
    >>> br[(1, 2)], br[(0, 1)], br[(0, 2)]
    ({0: 1}, {1: 2}, {2: -2})
    """
    check_chevalley_size(alg, "chevalley_brackets()")
    r = alg.rank
    pos = alg.positive
    npos = len(pos)
    sig = structure_signs(alg)
    index: dict[Root, int] = {}
    for k, a in enumerate(pos):
        index[a] = r + k
        index[_neg(a)] = r + npos + k
    labels_of: dict[Root, tuple[int, ...]] = {}
    for a in index:
        labels_of[a] = tuple(sum(a[k] * alg.cartan[k][i] for k in range(r))
                             for i in range(r))
    d = alg.dint
    out: dict[tuple[int, int], dict[int, int]] = {}

    def put(i: int, j: int, vec: dict[int, int]) -> None:
        vec = {k: v for k, v in vec.items() if v}
        if vec:
            out[(i, j)] = vec
            out[(j, i)] = {k: -v for k, v in vec.items()}

    for i in range(r):
        for a, ia in index.items():
            put(i, ia, {ia: labels_of[a][i]})
    for a in pos:
        # (a, a) = sum_ij a_i a_j A_ij d_j, integer normalisation (short roots of length^2 2)
        na = sum(a[i] * a[j] * alg.cartan[i][j] * d[j] for i in range(r) for j in range(r))
        coroot = {}
        for i in range(r):
            c = Fraction(2 * a[i] * d[i], na)
            assert c.denominator == 1
            coroot[i] = int(c)
        put(index[a], index[_neg(a)], coroot)
    for (x, y), v in sig.items():
        if index[x] < index[y]:
            put(index[x], index[y], {index[_add(x, y)]: v})
    return out
