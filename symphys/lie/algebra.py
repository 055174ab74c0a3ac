"""``LieAlgebra``: a complex simple Lie algebra given by its Cartan type, with its representations.

Conventions are those of :mod:`symphys.lie.cartan_type` (Bourbaki labelling, long roots of
length^2 2, ``A[i][j] = <a_i, a_j^v>``). Roots are integer tuples in the simple-root basis,
weights integer tuples of Dynkin labels. Everything is exact: Python ints, Fractions and sympy
matrices; no floats.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sympy

from symphys.lie import chevalley, representations
from symphys.lie.cartan_type import (
    cartan_matrix,
    gram_matrix,
    parse_cartan_type,
    simple_roots_orthonormal,
)
from symphys.lie.root_system import exponents, positive_roots, weyl_group_order_from_roots
from symphys.lie.weyl_group import WeylGroup

if TYPE_CHECKING:
    from symphys.lie.branching import Subalgebra

__all__ = ["LieAlgebra"]


@lru_cache(maxsize=64)
def _data(letter: str, rank: int) -> dict[str, Any]:
    cartan = cartan_matrix(letter, rank)
    gram = gram_matrix(letter, rank)
    short = min(gram[i][i] for i in range(rank))
    dint = [int(gram[i][i] / short) for i in range(rank)]
    pos = positive_roots(cartan)
    pos_w = [tuple(sum(a[k] * cartan[k][i] for k in range(rank)) for i in range(rank))
             for a in pos]
    inv = sympy.Matrix(cartan).inv()
    wgram = [[Fraction(int(sympy.numer(inv[i, j])), int(sympy.denom(inv[i, j])))
              * gram[j][j] / 2 for j in range(rank)] for i in range(rank)]
    return {"cartan": cartan, "gram": gram, "dint": dint, "pos": pos, "pos_w": pos_w,
            "inv": inv, "wgram": wgram}


class LieAlgebra:
    """A complex simple Lie algebra of Cartan type ``A_n .. G2`` (Bourbaki labelling).

    ``cartan_type`` is ``"E8"``, ``("A", 3)``, ``"su(3)"``, ``"so(10)"``, ``"sp(6)"``...
    Highest weights ``hw`` are tuples of ``rank`` non-negative ints (Dynkin labels).

    >>> e8 = LieAlgebra("E8")
    >>> e8.dimension, len(e8.positive_roots()), e8.weyl_group_order()
    (248, 120, 696729600)
    >>> su3 = LieAlgebra("su(3)")
    >>> su3.tensor_product((1, 1), (1, 1))  # 8 x 8 = 27 + 10 + 10b + 8 + 8 + 1
    {(2, 2): 1, (0, 3): 1, (3, 0): 1, (1, 1): 2, (0, 0): 1}
    """

    def __init__(self, cartan_type: str | tuple[str, int]) -> None:
        self.letter, self.rank = parse_cartan_type(cartan_type)
        data = _data(self.letter, self.rank)
        self._cartan_rows: list[list[int]] = data["cartan"]
        self._gram: list[list[Fraction]] = data["gram"]
        self._dint: list[int] = data["dint"]
        self._pos: list[tuple[int, ...]] = data["pos"]
        self._posset = set(self._pos)
        self._pos_w: list[tuple[int, ...]] = data["pos_w"]
        self._weight_gram: list[list[Fraction]] = data["wgram"]
        self._inv: sympy.Matrix = data["inv"]
        self._cache_dom: dict[tuple[int, ...], dict[tuple[int, ...], int]] = {}
        self._brackets: dict[tuple[int, int], dict[int, int]] | None = None

    # ----------------------------------------------------------------- identity
    @property
    def name(self) -> str:
        """Bourbaki name such as ``"E8"``.

        >>> LieAlgebra("so(10)").name
        'D5'
        """
        return f"{self.letter}{self.rank}"

    def __repr__(self) -> str:
        return f"LieAlgebra('{self.name}')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LieAlgebra) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("LieAlgebra", self.name))

    # ----------------------------------------------------------------- structure
    @property
    def dimension(self) -> int:
        """``rank + 2 |positive roots|``.

        >>> LieAlgebra("B3").dimension   # so(7)
        21
        """
        return self.rank + 2 * len(self._pos)

    @property
    def cartan_matrix(self) -> sympy.ImmutableMatrix:
        """Cartan matrix ``A[i, j] = 2 (a_i, a_j)/(a_j, a_j)`` (row i = labels of ``a_i``).

        >>> LieAlgebra("B2").cartan_matrix
        Matrix([
        [ 2, -2],
        [-1,  2]])
        """
        return sympy.ImmutableMatrix(self._cartan_rows)

    def gram_matrix(self) -> sympy.ImmutableMatrix:
        """``(a_i, a_j)`` of the simple roots, long roots of length^2 2.

        >>> LieAlgebra("G2").gram_matrix()
        Matrix([
        [2/3, -1],
        [ -1,  2]])
        """
        return sympy.ImmutableMatrix([[sympy.Rational(x.numerator, x.denominator) for x in row]
                                      for row in self._gram])

    def simple_roots(self, basis: str = "simple") -> list[tuple]:
        """Simple roots: unit vectors (``basis="simple"``), Dynkin labels (``"weight"``), or
        Bourbaki's orthonormal-basis vectors (``"orthonormal"``, sympy Rationals, unscaled).

        >>> LieAlgebra("G2").simple_roots("orthonormal")
        [(1, -1, 0), (-2, 1, 1)]
        """
        simple = [tuple(int(i == j) for j in range(self.rank)) for i in range(self.rank)]
        return self._in_basis(simple, basis)

    def _in_basis(self, roots: list[tuple[int, ...]], basis: str) -> list[tuple]:
        if basis == "simple":
            return list(roots)
        if basis == "weight":
            return [tuple(sum(a[k] * self._cartan_rows[k][i] for k in range(self.rank))
                          for i in range(self.rank)) for a in roots]
        if basis == "orthonormal":
            vecs = simple_roots_orthonormal(self.letter, self.rank)
            out = []
            for a in roots:
                coords = [sum((c * v[m] for c, v in zip(a, vecs, strict=True)), Fraction(0))
                          for m in range(len(vecs[0]))]
                out.append(tuple(sympy.Rational(x.numerator, x.denominator) for x in coords))
            return out
        raise ValueError(f"basis={basis!r} must be 'simple', 'weight' or 'orthonormal'")

    def positive_roots(self, basis: str = "simple") -> list[tuple]:
        """Positive roots ordered by height (see :meth:`simple_roots` for ``basis``).

        >>> LieAlgebra("B2").positive_roots()
        [(1, 0), (0, 1), (1, 1), (1, 2)]
        """
        return self._in_basis(self._pos, basis)

    def roots(self, basis: str = "simple") -> list[tuple]:
        """All roots: the positive ones, then their negatives in the same order.

        >>> len(LieAlgebra("E6").roots())
        72
        """
        neg = [tuple(-x for x in a) for a in self._pos]
        return self._in_basis(self._pos + neg, basis)

    def highest_root(self, basis: str = "simple") -> tuple:
        """The highest root ``theta`` (the unique root of greatest height).

        >>> LieAlgebra("E8").highest_root()
        (2, 3, 4, 6, 5, 4, 3, 2)
        """
        return self._in_basis([self._pos[-1]], basis)[0]

    def exponents(self) -> list[int]:
        """Exponents ``m_i`` (from the heights of the positive roots).

        >>> LieAlgebra("E8").exponents()
        [1, 7, 11, 13, 17, 19, 23, 29]
        """
        return exponents(self._pos, self.rank)

    def coxeter_number(self) -> int:
        """Coxeter number ``h = |roots| / rank``.

        >>> LieAlgebra("E8").coxeter_number()
        30
        """
        return 2 * len(self._pos) // self.rank

    def dual_coxeter_number(self) -> int:
        """Dual Coxeter number ``h^v = 1 + (rho, theta)`` (long roots of length^2 2).

        >>> LieAlgebra("G2").dual_coxeter_number()
        4
        """
        theta = self._pos[-1]
        val = 1 + sum(Fraction(c) * self._gram[i][i] / 2 for i, c in enumerate(theta))
        assert val.denominator == 1
        return int(val)

    def weyl_group_order(self) -> int:
        """``|W|`` as an exact Python int.

        >>> LieAlgebra("F4").weyl_group_order()
        1152
        """
        return weyl_group_order_from_roots(self._pos, self.rank)

    def weyl_group(self) -> WeylGroup:
        """The Weyl group, iterable lazily (elements act on Dynkin labels).

        >>> W = LieAlgebra("E8").weyl_group()
        >>> len(W), next(iter(W)).shape
        (696729600, (8, 8))
        """
        return WeylGroup(self._cartan_rows, self.weyl_group_order())

    def weyl_orbit(self, weight: Sequence[int]) -> Iterator[tuple[int, ...]]:
        """Lazily yield the Weyl orbit of a weight (Dynkin labels), each element once.

        >>> sorted(LieAlgebra("A2").weyl_orbit((0, -1)))
        [(-1, 1), (0, -1), (1, 0)]
        """
        from symphys.lie.weyl_group import orbit

        w = self.check_weight(weight, "weight", dominant=False)
        return orbit(representations.to_dominant(self, w)[0], self._cartan_rows)

    def fundamental_weights(self) -> list[tuple[Fraction, ...]]:
        """Fundamental weights ``w_i`` in the simple-root basis (rows of ``A^{-1}``).

        >>> LieAlgebra("A2").fundamental_weights()
        [(Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))]
        """
        inv = self._inv
        return [tuple(Fraction(int(sympy.numer(inv[i, j])), int(sympy.denom(inv[i, j])))
                      for j in range(self.rank)) for i in range(self.rank)]

    def weyl_vector(self) -> tuple[int, ...]:
        """``rho`` (half the sum of the positive roots) in Dynkin labels: ``(1, ..., 1)``.

        >>> LieAlgebra("G2").weyl_vector()
        (1, 1)
        """
        return (1,) * self.rank

    def inner_product(self, weight1: Sequence[int], weight2: Sequence[int]) -> Fraction:
        """``(l, m)`` of two weights in Dynkin labels (long roots of length^2 2).

        >>> LieAlgebra("A1").inner_product((1,), (1,))
        Fraction(1, 2)
        """
        u = self.check_weight(weight1, "weight1", dominant=False)
        v = self.check_weight(weight2, "weight2", dominant=False)
        return representations._quadratic(self, u, v)

    def dynkin_diagram(self) -> str:
        """The Dynkin diagram as text, nodes numbered in Bourbaki order.

        Double/triple bonds carry an arrow pointing to the short root.

        >>> print(LieAlgebra("E6").dynkin_diagram())
        E6
        o---o---o---o---o
        1   3   4   5   6
                |
                o 2
        """
        letter, r = self.letter, self.rank
        if letter == "E":
            chain = [1] + list(range(3, r + 1))
            hang, under = 2, 4
        elif letter == "D":
            chain = list(range(1, r))
            hang, under = r, r - 2
        else:
            chain = list(range(1, r + 1))
            hang = under = None
        bonds = []
        for a, b in zip(chain, chain[1:], strict=False):
            x, y = self._cartan_rows[a - 1][b - 1], self._cartan_rows[b - 1][a - 1]
            if x == y == -1:
                bonds.append("---")
            else:
                mult = max(-x, -y)
                sym = "=" if mult == 2 else "\u2261"
                # a_a is short when <a_a, a_b^v> = -1 and <a_b, a_a^v> < -1
                arrow = "<" if x == -1 else ">"
                bonds.append(sym + arrow + sym)
        line1 = "o" + "".join(b + "o" for b in bonds)
        line2 = "".join(f"{n:<4d}" for n in chain).rstrip()
        lines = [self.name, line1, line2]
        if hang is not None:
            col = 4 * chain.index(under)
            lines += [" " * col + "|", " " * col + f"o {hang}"]
        return "\n".join(lines)

    # ----------------------------------------------------------------- Chevalley basis
    def chevalley_basis(self) -> list[str]:
        """Labels of the Chevalley basis: ``h_i``, then ``e_a`` and ``f_a`` over positive roots.

        >>> LieAlgebra("A1").chevalley_basis()
        ['h1', 'e(1)', 'f(1)']
        """
        return chevalley.basis_labels(self)

    def _bracket_table(self) -> dict[tuple[int, int], dict[int, int]]:
        if self._brackets is None:
            self._brackets = chevalley.chevalley_brackets(self)
        return self._brackets

    def structure_constants(self) -> dict[tuple[int, int, int], int]:
        """Nonzero ``c[i, j, k]`` with ``[x_i, x_j] = sum_k c[i, j, k] x_k`` in the Chevalley basis.

        Integers; all ordered pairs ``i != j`` are listed (antisymmetric). See
        :mod:`symphys.lie.chevalley` for the basis and sign conventions.

        >>> sc = LieAlgebra("A1").structure_constants()   # basis h, e, f
        >>> sc[(1, 2, 0)], sc[(0, 1, 1)], sc[(0, 2, 2)]
        (1, 2, -2)
        """
        return {(i, j, k): v for (i, j), vec in self._bracket_table().items()
                for k, v in vec.items()}

    def killing_form(self) -> sympy.ImmutableMatrix:
        """Killing form ``tr(ad x_i ad x_j)`` in the Chevalley basis, from the structure constants.

        Only pairs of opposite root-grading can pair non-trivially (``[h, .]`` invariance), so only
        those traces are formed. Equals ``2 h^v`` times the normalised invariant form:
        ``K(h_i, h_j) = 2 h^v (a_i^v, a_j^v)``, ``K(e_a, f_a) = 2 h^v * 2/(a, a)``.

        >>> LieAlgebra("A1").killing_form()
        Matrix([
        [8, 0, 0],
        [0, 0, 4],
        [0, 4, 0]])
        """
        br = self._bracket_table()
        n, r, npos = self.dimension, self.rank, len(self._pos)
        # ad_x as columns: col c -> {row k: [x, x_c]_k}
        ad: list[dict[int, dict[int, int]]] = [dict() for _ in range(n)]
        for (i, j), vec in br.items():
            ad[i][j] = vec

        def partner(i: int) -> list[int]:
            if i < r:
                return list(range(r))
            return [i + npos] if i < r + npos else [i - npos]

        out = [[0] * n for _ in range(n)]
        for a in range(n):
            for b in partner(a):
                tot = 0
                for c, col in ad[b].items():
                    for k, v in col.items():
                        w = ad[a].get(k, {}).get(c)
                        if w:
                            tot += v * w
                out[a][b] = tot
        return sympy.ImmutableMatrix(out)

    # ----------------------------------------------------------------- representations
    def check_weight(self, hw: Sequence[int] | str, name: str = "hw", *, dominant: bool = True
                     ) -> tuple[int, ...]:
        """Validate a weight given by Dynkin labels and return it as a tuple of Python ints.

        Parameters
        ----------
        hw : sequence of int or str
            Dynkin labels, one per simple root; a string ``"1,0,2"`` is accepted too.
        name : str, optional
            Name of the argument, quoted in error messages (default ``"hw"``).
        dominant : bool, optional
            Require all labels ``>= 0`` (a highest weight); default ``True``.

        Returns
        -------
        tuple of int
            The labels as Python ints.

        Raises
        ------
        TypeError
            If ``hw`` is not a sequence of integers.
        ValueError
            If ``hw`` has the wrong number of labels, or a negative label when ``dominant``.

        Examples
        --------
        >>> g = LieAlgebra("A2")
        >>> g.check_weight((1, 0)), g.check_weight("2,1")
        ((1, 0), (2, 1))
        >>> g.check_weight((1, -1), "weight", dominant=False)
        (1, -1)
        >>> g.check_weight((1, 0, 0))
        Traceback (most recent call last):
        ...
        ValueError: hw=(1, 0, 0) has 3 labels; A2 needs 2
        """
        if isinstance(hw, str):
            try:
                hw = tuple(int(x) for x in hw.replace(" ", "").split(",") if x)
            except ValueError:
                raise ValueError(f"{name}={hw!r} must be comma-separated integer Dynkin labels"
                                 ) from None
        try:
            vals = tuple(hw)
        except TypeError:
            raise TypeError(f"{name}={hw!r} must be a sequence of ints (Dynkin labels)") from None
        if len(vals) != self.rank:
            raise ValueError(
                f"{name}={vals} has {len(vals)} labels; {self.name} needs {self.rank}")
        out = []
        for x in vals:
            if isinstance(x, bool) or not isinstance(x, (int, sympy.Integer)) and not (
                    hasattr(x, "__index__")):
                raise TypeError(f"{name}={vals}: Dynkin labels must be ints")
            out.append(int(x))
        if dominant and any(x < 0 for x in out):
            raise ValueError(f"{name}={tuple(out)}: Dynkin labels of a highest weight must be >= 0")
        return tuple(out)

    # Temporary alias for symphys/lie/cli.py until the command line moves to symphys/cli/.
    _check_weight = check_weight

    def dim(self, hw: Sequence[int]) -> int:
        """Dimension of the irrep ``V(hw)`` (Weyl's formula).

        >>> LieAlgebra("E6").dim((1, 0, 0, 0, 0, 0)), LieAlgebra("G2").dim((1, 0))
        (27, 7)
        """
        return representations.weyl_dimension(self, hw)

    def weights(self, hw: Sequence[int], *, dominant: bool = True, progress: bool = True
                ) -> dict[tuple[int, ...], int]:
        """Weights of ``V(hw)`` and multiplicities (Freudenthal): dominant ones, or all.

        With ``dominant=False`` the whole character is listed (a progress bar for dimension
        >= 10^6 unless ``progress=False``).

        >>> LieAlgebra("A2").weights((1, 1))
        {(1, 1): 1, (0, 0): 2}
        >>> len(LieAlgebra("A2").weights((1, 1), dominant=False))
        7
        """
        if dominant:
            return representations.dominant_weights(self, hw)
        return representations.character(self, hw, progress=progress)

    def character(self, hw: Sequence[int], *, progress: bool = True
                  ) -> dict[tuple[int, ...], int]:
        """The formal character: every weight (Dynkin labels) -> multiplicity.

        Progress bar for dimension >= 10^6 unless ``progress=False``.

        >>> sum(LieAlgebra("G2").character((0, 1)).values())
        14
        """
        return representations.character(self, hw, progress=progress)

    def tensor_product(self, hw1: Sequence[int], hw2: Sequence[int]
                       ) -> dict[tuple[int, ...], int]:
        """``V(hw1) (x) V(hw2)`` as ``{highest weight: multiplicity}`` (Brauer-Klimyk).

        >>> LieAlgebra("G2").tensor_product((1, 0), (1, 0))  # 7 x 7 = 27 + 14 + 7 + 1
        {(2, 0): 1, (0, 1): 1, (1, 0): 1, (0, 0): 1}
        """
        return representations.tensor_product(self, hw1, hw2)

    def dual(self, hw: Sequence[int]) -> tuple[int, ...]:
        """Highest weight of the dual irrep ``-w_0(hw)``.

        >>> LieAlgebra("A3").dual((1, 0, 0))
        (0, 0, 1)
        """
        return representations.dual(self, hw)

    def casimir(self, hw: Sequence[int]) -> Fraction:
        """Quadratic Casimir ``(l, l + 2 rho)/2`` (adjoint: ``h^v``).

        >>> LieAlgebra("A1").casimir((1,))   # spin 1/2: j (j + 1)
        Fraction(3, 4)
        """
        return representations.casimir(self, hw)

    def index(self, hw: Sequence[int], *, normalization: str = "dynkin") -> Fraction:
        """Dynkin index ``dim(l) C_2(l) / dim(g)`` (``"slansky"``: twice that).

        >>> LieAlgebra("A4").index((1, 0, 0, 0))
        Fraction(1, 2)
        """
        return representations.index(self, hw, normalization=normalization)

    def subalgebra(self, spec: Any = None, *, delete: Sequence[int] | None = None,
                   extended: bool = False, irrep: Sequence[Any] | None = None) -> Subalgebra:
        """A :class:`~symphys.lie.branching.Subalgebra` by name or by deleted Dynkin nodes.

        ``spec`` like ``"A2+A1+U1"`` searches the known special embeddings, then the Levi
        subalgebras (deleted nodes of the Dynkin diagram), then the regular ones (deleted nodes
        of the extended diagram). ``delete=[...]`` (1-based Bourbaki nodes; ``0`` is the extended
        node ``-theta`` when ``extended=True``) builds a regular subalgebra directly.
        ``irrep=labels`` embeds ``spec`` in a classical algebra through the irrep that the
        defining representation restricts to (``su(N) > so(N)``, ``su(pq) > su(p)+su(q)``, ...).

        >>> LieAlgebra("A4").subalgebra("A2+A1+U1")
        Subalgebra(A4 > A2+A1+U1)
        """
        from symphys.lie.branching import make_subalgebra

        return make_subalgebra(self, spec, delete=delete, extended=extended, irrep=irrep)

    def branch(self, hw: Sequence[int], subalgebra: Any, *, progress: bool = True
               ) -> dict[tuple, int]:
        """Restrict ``V(hw)`` to a subalgebra: ``{flat sub labels (+ U(1) charges): mult}``.

        >>> LieAlgebra("G2").branch((1, 0), "A2")  # 7 -> 3b + 3 + 1
        {(0, 1): 1, (1, 0): 1, (0, 0): 1}
        """
        from symphys.lie.branching import branch

        return branch(self, hw, subalgebra, progress=progress)
