"""Maximal subalgebras of the simple Lie algebras (Dynkin 1952), with projection matrices.

:func:`maximal_subalgebras` lists, for ``g`` of any type (the classical ones to rank 8 fully
as below, and E6, E7, E8, F4, G2):

* **regular semisimple**: delete a node of prime mark from the extended Dynkin diagram
  (Borel-de Siebenthal; Dynkin, Amer. Math. Soc. Transl. 6 (1957) 111, Table 12);
* **Levi with a U(1)**: delete a node of mark 1 from the Dynkin diagram (maximal among the
  reductive subalgebras of full rank; U(1) charges the least integers, see
  :meth:`symphys.lie.LieAlgebra.subalgebra`);
* **special (S-subalgebras)**: for the exceptional algebras the list of Dynkin's Table 14 as
  reprinted by Slansky (Phys. Rep. 79 (1981) 1, Table 14) and Yamatsu (arXiv:1511.08771):
  G2 > A1; F4 > A1, G2+A1; E6 > A2, G2, C4, F4, A2+G2; E7 > A1 (two), A2, A1+A1, A1+G2,
  G2+C3, A1+F4; E8 > A1 (three), G2+F4, A2+A1, B2. For the classical algebras (rank <= 8) the
  families of Dynkin's theorem: ``su(N) > so(N), sp(N), su(p)+su(q)`` (``N = pq``),
  ``su(6) > su(3)``; ``so(N) > so(p)+so(q)`` (``p + q = N`` both odd, ``B_k + B_{n-k-1}`` of
  ``D_n``), ``sp(p)+sp(q)`` and ``so(p)+so(q)`` tensor products, the principal ``A1`` of
  ``B_n`` (n >= 4, and n = 2) and ``C_n``, ``sp(2m)+so(q)`` in ``sp(2mq)``, and the
  irreducible ``D4 > A2``, ``D5 > B2``, ``D7 > G2``, ``D7 > C3``, ``D8 > B4``, ``B7 > A3``,
  ``C7 > C3``, ``D7 > B2``, ``C8 > B2``, ``C4 > A1+A1+A1`` (``sp(2) x so(4)``), the three
  ``D4 > B3`` (triality) and ``B3 > G2``.

The classical list was checked for completeness (rank <= 8) with the characterisation behind
Dynkin's theorem: a subalgebra ``k`` containing an irreducible ``h`` of ``so(V)``/``sp(V)`` acts
irreducibly on ``V``, so ``k`` is semisimple and ``V = V_1 x ... x V_r`` over its simple factors,
each ``V_i`` real or pseudoreal with the product of Frobenius-Schur signs that of ``V``. Going
through every such ``k`` of the right dimensions gives, besides the families above,
``so(14) > sp(4)`` (``14 = 14``, the traceless symmetric square of the ``5``), ``sp(16) > sp(4)``
(``16 = 16``) and ``sp(8) > sp(2) x so(4) = sp(2)^3`` (``8 = (2,2,2)``), all three listed. The other
tensor products with an ``so(4) = sp(2) + sp(2)`` factor are **not maximal** (hence Dynkin's
``q != 4``) and are reached by chains instead: ``so(3) x so(4)`` in ``so(12)`` lies in
``sp(2) x sp(6)`` (``12 = (2,6)``, then ``sp(6) > sp(2) x so(3)``), ``so(4) x so(4)`` in ``so(16)``
in ``sp(2) x sp(8)``, ``sp(4) x so(4)`` in ``sp(16)`` in ``so(8) x sp(2)``; the tests build each
chain and check that the defining irrep restricts to the tensor product. A simple ``h`` acting
irreducibly is the list above (every irrep of dimension <= 17 of every simple algebra is
accounted for in the tests).

**Projection matrices of the special embeddings** were derived with
:func:`symphys.lie.projection_fit.fit_projection` from the branching of one defining irrep
(the ``27``, ``56``, ``248``, ``26``, ``7``, or the vector; the rule is quoted with each entry)
(the E8 > A2+A1 rule itself was found from the weighted diagrams of the two ``sl2``
of index 16 in E8: the one with grading ``1^8 3^28 5^20 7^8`` forces
``248 = (8,1) + (1,3) + (27,3) + (10,5) + (10bar,5) + (8,7)``, which has Dynkin's indices
(6, 16)), and the ``A1`` ones from Dynkin's weighted diagrams (``E8(a1) = 22202222``,
``E8(a2) = 22202022``, ``E7(a1) = 2220222``, Bourbaki order; the row is ``A^{-1} d``); every
matrix passes the defining checks (:func:`symphys.lie.branching.check_embedding`: the adjoint
branches with non-negative multiplicities, contains the subalgebra's adjoint, and the embedding
indices are integers), re-run by the tests.
"""

from __future__ import annotations

from typing import Any

from symphys.lie import branching
from symphys.lie.branching import Subalgebra

__all__ = ["maximal_subalgebras", "maximal_by_name", "SPECIAL_EXCEPTIONAL"]

_CACHE: dict[str, list[Subalgebra]] = {}

LieAlgebra = Any

#: Special maximal subalgebras of the exceptional algebras: parent -> list of
#: ``(subalgebra name, projection matrix, defining branching rule)``; ``"principal"`` rows
#: are built by :func:`symphys.lie.branching.make_subalgebra`.
SPECIAL_EXCEPTIONAL: dict[str, list[tuple[str, Any, str]]] = {
    "G2": [("A1", "principal", "7 = 7 (principal, index 28)")],
    "F4": [("A1", "principal", "26 = 9 + 17 (principal, index 156)"),
           ("G2+A1", [[0, 1, 0, 1], [1, 1, 1, 0], [0, 4, 4, 2]], "26 = (7,3) + (1,5)")],
    "E6": [("A2", [[2, 4, 2, 5, 2, 2], [2, 1, 5, 5, 5, 2]], "27 = 27"),
           ("G2", [[2, 1, 2, 5, 2, 2], [0, 1, 1, 0, 1, 0]], "27 = 27"),
           ("C4", [[0, 0, 1, 0, 1, 0], [1, 0, 0, 0, 0, 1], [0, 0, 1, 2, 1, 0],
                   [0, 1, 0, 0, 0, 0]], "27 = 27"),
           ("F4", "folding", "27 = 26 + 1"),
           ("A2+G2", [[0, 1, 1, 1, 0, 1], [1, 1, 0, 1, 1, 0], [1, 1, 2, 1, 2, 1],
                      [0, 0, 0, 1, 0, 0]], "27 = (6,1) + (3bar,7)")],
    "E7": [("A1", [[26, 37, 50, 72, 57, 40, 21]], "index 231: weighted diagram 2220222"),
           ("A1", "principal", "56 = 10 + 18 + 28 (principal, index 399)"),
           ("A2", [[4, 7, 6, 11, 7, 6, 0], [4, 4, 9, 11, 10, 6, 6]], "56 = 28 + 28bar"),
           ("A1+A1", [[4, 10, 12, 18, 16, 10, 6], [6, 5, 8, 12, 7, 6, 3]],
            "56 = (3,6) + (5,2) + (7,4)"),
           ("A1+G2", [[2, 3, 2, 4, 1, 0, 1], [2, 1, 4, 4, 3, 0, 0], [0, 1, 0, 1, 1, 2, 1]],
            "56 = (4,7) + (2,14)"),
           ("G2+C3", [[1, 1, 2, 1, 1, 0, 1], [0, 0, 0, 1, 1, 1, 0], [0, 1, 1, 1, 1, 2, 1],
                      [1, 1, 0, 1, 1, 0, 0], [0, 0, 1, 1, 0, 0, 0]], "56 = (1,14') + (7,6)"),
           ("A1+F4", [[0, 1, 0, 0, 1, 0, 1], [1, 0, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0],
                      [0, 1, 0, 2, 1, 0, 0], [0, 0, 0, 0, 1, 2, 1]], "56 = (4,1) + (2,26)")],
    "E8": [("A1", [[60, 88, 118, 174, 142, 108, 74, 38]], "index 520: weighted diagram 22202022"),
           ("A1", [[72, 106, 142, 210, 172, 132, 90, 46]],
            "index 760: weighted diagram 22202222"),
           ("A1", "principal", "248 = 3 + 15 + 23 + 27 + 35 + 39 + 47 + 59 (index 1240)"),
           ("G2+F4", [[1, 1, 2, 1, 1, 0, 1, 1], [0, 0, 0, 1, 1, 1, 0, 0],
                      [0, 0, 0, 0, 1, 1, 1, 0], [0, 0, 1, 1, 0, 0, 0, 0],
                      [1, 1, 0, 1, 1, 0, 0, 0], [0, 1, 1, 1, 1, 2, 1, 1]],
            "248 = (14,1) + (1,52) + (7,26)"),
           ("A2+A1", [[3, 4, 5, 6, 6, 4, 1, 1], [3, 4, 5, 9, 6, 4, 4, 1],
                      [4, 8, 12, 18, 16, 14, 10, 6]],
            "248 = (8,1) + (1,3) + (27,3) + (10,5) + (10bar,5) + (8,7)"),
           ("B2", [[4, 6, 5, 9, 5, 4, 3, 0], [4, 6, 12, 16, 16, 12, 8, 6]],
            "248 = 10 + 84 + 154")],
}


def _marks(alg: LieAlgebra) -> list[int]:
    return list(alg.root_system.positive[-1])


def _is_prime(n: int) -> bool:
    return n > 1 and all(n % p for p in range(2, int(n**0.5) + 1))


def _vector(letter: str, rank: int) -> tuple[int, ...]:
    """Dynkin labels of the defining (vector) irrep of so/sp/su, or of so(3) = A1."""
    if letter == "A1so3":
        return (2,)
    return (1,) + (0,) * (rank - 1)


def _classical_special(alg: LieAlgebra) -> list[tuple[str, tuple, str]]:
    """``(name, irrep labels, how)`` of the classical special maximal embeddings (module doc).

    The irrep labels give what the defining representation restricts to, for
    :func:`symphys.lie.branching.make_subalgebra` with ``irrep=`` (a single irrep), or, as a
    list of flat irreps, for the fit (a direct sum).
    """
    letter, n = alg.letter, alg.rank
    out: list[tuple[str, Any, str]] = []
    if letter == "A":
        N = n + 1
        if N == 3:
            out.append(("A1", (2,), "su(3) > so(3): 3 = 3"))
        elif N >= 5:
            k = (N - 1) // 2
            if N % 2:
                out.append((f"B{k}", (1,) + (0,) * (k - 1), f"su({N}) > so({N})"))
            elif N == 6:
                out.append(("A3", (0, 1, 0), "su(6) > so(6) = su(4): 6 = 6"))
            else:
                out.append((f"D{N // 2}", (1,) + (0,) * (N // 2 - 1), f"su({N}) > so({N})"))
        if N % 2 == 0 and N >= 4:
            m = N // 2
            out.append((f"C{m}" if m >= 2 else "A1", (1,) + (0,) * (m - 1),
                        f"su({N}) > sp({N})"))
        for p in range(2, N):
            q, rem = divmod(N, p)
            if rem or q < p or (p, q) == (2, 2):
                continue
            out.append((f"A{p - 1}+A{q - 1}", (1,) + (0,) * (p - 2) + (1,) + (0,) * (q - 2),
                        f"su({N}) > su({p}) x su({q}): {N} = ({p},{q})"))
        if N == 6:
            out.append(("A2", (2, 0), "su(6) > su(3): 6 = 6"))
    if letter == "B":
        N = 2 * n + 1
        if n == 2 or n >= 4:
            out.append(("A1", (2 * n,), f"so({N}) > so(3) principal: {N} = {N}"))
        if n == 4:
            out.append(("A1+A1", (2, 2), "so(9) > so(3) x so(3): 9 = (3,3)"))
        if n == 7:
            out.append(("A1+B2", (2, 1, 0), "so(15) > so(3) x so(5): 15 = (3,5)"))
            out.append(("A3", (1, 0, 1), "so(15) > su(4): 15 = 15"))
    if letter == "C":
        N = 2 * n
        out.append(("A1", (2 * n - 1,), f"sp({N}) > sp(2) principal: {N} = {N}"))
        tensor = {3: [("A1+A1", (1, 2), "sp(6) > sp(2) x so(3): 6 = (2,3)")],
                  4: [("A1+A1+A1", (1, 1, 1), "sp(8) > sp(2) x so(4) = sp(2)^3: 8 = (2,2,2)")],
                  5: [("A1+B2", (1, 1, 0), "sp(10) > sp(2) x so(5): 10 = (2,5)")],
                  6: [("A1+A3", (1, 0, 1, 0), "sp(12) > sp(2) x so(6): 12 = (2,6)"),
                      ("C2+A1", (1, 0, 2), "sp(12) > sp(4) x so(3): 12 = (4,3)")],
                  7: [("A1+B3", (1, 1, 0, 0), "sp(14) > sp(2) x so(7): 14 = (2,7)"),
                      ("C3", (0, 0, 1), "sp(14) > sp(6): 14 = 14'")],
                  8: [("A1+D4", (1, 1, 0, 0, 0), "sp(16) > sp(2) x so(8): 16 = (2,8)"),
                      ("B2", (1, 1), "sp(16) > sp(4): 16 = 16")]}
        out += tensor.get(n, [])
    if letter == "D":
        N = 2 * n
        for k in range(1, (n - 1) // 2 + 1):
            a = "A1" if k == 1 else f"B{k}"
            b = n - 1 - k
            bname = "A1" if b == 1 else f"B{b}"
            va = (2,) if k == 1 else (1,) + (0,) * (k - 1)
            vb = (2,) if b == 1 else (1,) + (0,) * (b - 1)
            zero_a, zero_b = (0,) * len(va), (0,) * len(vb)
            out.append((f"{a}+{bname}", [va + zero_b, zero_a + vb],
                        f"so({N}) > so({2 * k + 1}) x so({N - 2 * k - 1}): {N} = "
                        f"({2 * k + 1},1) + (1,{N - 2 * k - 1})"))
        tensor = {4: [("A1+C2", (1, 1, 0), "so(8) > sp(2) x sp(4): 8 = (2,4)"),
                      ("A2", (1, 1), "so(8) > su(3): 8 = 8")],
                  5: [("B2", (0, 2), "so(10) > so(5): 10 = 10")],
                  6: [("A1+C3", (1, 1, 0, 0), "so(12) > sp(2) x sp(6): 12 = (2,6)")],
                  7: [("G2", (0, 1), "so(14) > G2: 14 = 14"),
                      ("C3", (0, 1, 0), "so(14) > sp(6): 14 = 14"),
                      ("B2", (2, 0), "so(14) > sp(4): 14 = 14")],
                  8: [("A1+C4", (1, 1, 0, 0, 0), "so(16) > sp(2) x sp(8): 16 = (2,8)"),
                      ("C2+C2", (1, 0, 1, 0), "so(16) > sp(4) x sp(4): 16 = (4,4)"),
                      ("B4", (0, 0, 0, 1), "so(16) > so(9): 16 = 16 (spinor)")]}
        out += tensor.get(n, [])
    return out


def _special(alg: LieAlgebra) -> list[Subalgebra]:
    algebra = type(alg)
    out: list[Subalgebra] = []
    for name, rows, rule in SPECIAL_EXCEPTIONAL.get(alg.name, []):
        how = f"maximal special: {alg.name} > {name}, {rule}"
        if rows == "principal":
            sub = branching.make_subalgebra(alg, "principal")
        elif rows == "folding":
            sub = branching.make_subalgebra(alg, name)
        else:
            simple, _ = branching.parse_subalgebra_name(name)
            sub = Subalgebra._trusted(alg, [algebra(t) for t in simple], 0, rows)
        out.append(Subalgebra._trusted(alg, sub.factors, 0, sub.projection, how=how))
    if alg.letter in "ABCD":
        for name, irrep, rule in _classical_special(alg):
            how = f"maximal special: {rule}"
            if isinstance(irrep, list):
                sub = _so_sum(alg, name)
            else:
                sub = branching.make_subalgebra(alg, name, irrep=irrep)
            out.append(Subalgebra._trusted(alg, sub.factors, 0, sub.projection, how=how))
        if alg.name == "B3":
            sub = branching.make_subalgebra(alg, "G2")
            out.append(Subalgebra._trusted(alg, sub.factors, 0, sub.projection,
                                           how="maximal special: so(7) > G2: 7 = 7"))
        if alg.letter == "D":
            fold = branching.make_subalgebra(alg, f"B{alg.rank - 1}")
            out.append(Subalgebra._trusted(alg, fold.factors, 0, fold.projection,
                                           how=f"maximal special: so({2 * alg.rank}) > "
                                               f"so({2 * alg.rank - 1}): vector = "
                                               f"{2 * alg.rank - 1} + 1"))
        if alg.name == "D4":   # the other two B3 of triality: 8s or 8c is 7 + 1
            for cols in ([2, 1, 3, 0], [3, 1, 0, 2]):
                base = out[-1].projection
                rows = [[row[c] for c in cols] for row in base]
                out.append(Subalgebra._trusted(
                    alg, out[-1].factors, 0, rows,
                    how="maximal special: so(8) > so(7) through triality: a spinor = 7 + 1"))
    return out


def _so_sum(alg: LieAlgebra, name: str) -> Subalgebra:
    """``so(2k+1) + so(2n-2k-1)`` in ``so(2n)``: ``e_i -> e'_i`` (i <= k), ``e_{k+1} -> 0``,
    ``e_{k+1+j} -> e''_j``, written on Dynkin labels as ``P = V E^{-1}`` (``E``: the labels of
    ``e_1..e_n``, ``V``: their images), as :func:`symphys.lie.branching.make_subalgebra` does
    for ``irrep=``."""
    import sympy

    algebra = type(alg)
    simple, _ = branching.parse_subalgebra_name(name)
    factors = [algebra(t) for t in simple]
    ranks = [f.rank for f in factors]
    images: list[list[int]] = []
    for pos, f in enumerate(factors):
        if f.name == "A1":   # so(3): the vector is the spin-1 irrep, e'_1 has label 2
            eps = [(2,)]
        else:
            eps = branching._epsilon_labels(f)
        before, after = sum(ranks[:pos]), sum(ranks[pos + 1:])
        images += [[0] * before + list(e) + [0] * after for e in eps[: f.rank]]
        if pos == 0:
            images.append([0] * sum(ranks))   # e_{k+1} -> 0
    emat = sympy.Matrix(branching._epsilon_labels(alg)[: alg.rank]).T
    vmat = sympy.Matrix(images).T
    proj = vmat * emat.inv()
    rows = [[int(x) for x in proj.row(i)] for i in range(proj.rows)]
    return Subalgebra._trusted(alg, factors, 0, rows)


def maximal_subalgebras(alg: LieAlgebra) -> list[Subalgebra]:
    """Every maximal subalgebra of ``alg`` listed in the module doc, with projection matrices.

    Regular semisimple ones first (extended diagram, prime marks), then the Levi ones with a
    U(1) (marks 1), then the special ones. Entries whose labelled branching rules agree (up to
    the sign of U(1) charges) are listed once; ones related by an outer automorphism but
    branching differently (``D5 > A4+U1`` at node 4 or 5) are listed apart. Each entry's
    ``how`` says which it is.

    >>> from symphys.lie import LieAlgebra
    >>> [s.name for s in maximal_subalgebras(LieAlgebra("G2"))]
    ['A2', 'A1+A1', 'A1']
    """
    if alg.name in _CACHE:
        return list(_CACHE[alg.name])
    marks = _marks(alg)
    data_ext = branching._nodes(alg, True)
    data = branching._nodes(alg, False)
    r = alg.rank
    found: list[tuple[Any, Subalgebra]] = []
    for i in range(1, r + 1):
        if _is_prime(marks[i - 1]):
            kept = [n for n in range(0, r + 1) if n != i]
            how = (f"maximal regular: deleted node {i} (mark {marks[i - 1]}) of the extended "
                   "Dynkin diagram")
            sub = branching._from_nodes(alg, data_ext, kept, None, [], how)
            order = sorted(((f.letter, f.rank) for f in sub.factors),
                           key=lambda t: (-t[1], t[0]))
            sub = branching._from_nodes(alg, data_ext, kept, order, [], how)
            found.append(([i], sub))
    for i in range(r, 0, -1):   # from the last node, as make_subalgebra searches
        if marks[i - 1] == 1:
            kept = [n for n in range(1, r + 1) if n != i]
            how = f"maximal Levi: deleted node {i} (mark 1) of the Dynkin diagram"
            sub = branching._from_nodes(alg, data, kept, None, [i], how)
            order = sorted(((f.letter, f.rank) for f in sub.factors),
                           key=lambda t: (-t[1], t[0]))
            sub = branching._from_nodes(alg, data, kept, order, [i], how)
            found.append(([i], sub))
    found += [(None, s) for s in _special(alg)]
    out: list[Subalgebra] = []
    seen: list = []
    for _, sub in found:
        if sub.n_u1:   # Levi: listed apart when the labelled rules differ (D5 > A4+U1 twice)
            key = (sub.name, str(branching._signature(alg, sub)))
        else:          # others: once per name and pattern of dimensions
            sig = branching._signature(alg, sub)
            dims = [sorted((sub.irrep_dimension(row[:-1]), row[-1]) for row in br)
                    for br in sig]
            key = (tuple(sorted(f.name for f in sub.factors)), str(dims))
        if key in seen:
            continue
        seen.append(key)
        out.append(sub)
    _CACHE[alg.name] = out
    return list(out)


def maximal_by_name(alg: LieAlgebra, spec: str) -> Subalgebra | None:
    """The maximal subalgebra named ``spec`` (factor order free), None if no maximal one is.

    Several maximal subalgebras of that name (``A1`` of E8, ``B3`` of D4, ``A4+U1`` of D5)
    are refused (``ValueError``) with the list of choices: pass an entry of
    :func:`maximal_subalgebras` instead.

    >>> from symphys.lie import LieAlgebra
    >>> maximal_by_name(LieAlgebra("E6"), "G2").how
    'maximal special: E6 > G2, 27 = 27'
    """
    simple, n_u1 = branching.parse_subalgebra_name(spec)
    want = (sorted(simple), n_u1)
    found = [s for s in maximal_subalgebras(alg)
             if (sorted((f.letter, f.rank) for f in s.factors), s.n_u1) == want]
    if not found:
        return None
    if len(found) > 1:
        choices = "; ".join(f"[{k}] {s.how}: {branching._describe(alg, s, found)}"
                            for k, s in enumerate(found))
        raise ValueError(f"subalgebra={spec!r} is ambiguous in {alg.name}: it names "
                         f"{len(found)} maximal subalgebras; pass one of "
                         f"maximal_subalgebras() (or subalgebra(delete=...)): {choices}")
    sub = found[0]
    if [(f.letter, f.rank) for f in sub.factors] != simple:   # reorder the factors as named
        order, pos = [], 0
        blocks = []
        for f in sub.factors:
            blocks.append((f, sub.projection[pos:pos + f.rank]))
            pos += f.rank
        for t in simple:
            k = next(i for i, (f, _) in enumerate(blocks) if (f.letter, f.rank) == t)
            order.append(blocks.pop(k))
        rows = [r for _, b in order for r in b] + sub.projection[pos:]
        sub = Subalgebra._trusted(alg, [f for f, _ in order], sub.n_u1, rows, how=sub.how)
    return sub
