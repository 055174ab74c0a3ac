"""``LieAlgebra``: a complex simple Lie algebra given by its Cartan type, with its representations.

Conventions are those of :mod:`symphys.lie.cartan_type` (Bourbaki labelling, long roots of
length^2 2, ``A[i][j] = <a_i, a_j^v>``). Roots are integer tuples in the simple-root basis,
weights integer tuples of Dynkin labels. Everything is exact, no floats: integers (dimensions,
labels, multiplicities, orders) are Python ints, every other exact number is a
``sympy.Rational`` and matrices are ``sympy.ImmutableMatrix``.

Why sympy Rationals rather than :class:`fractions.Fraction`: the matrices this class returns
(Cartan, Gram, Killing) are sympy matrices whose entries are sympy numbers, and so are the
structure constants of :class:`~symphys.lie.MatrixLieAlgebra`; one type for scalars and matrix
entries means values combine with sympy expressions and compare without conversion. Internal
arithmetic runs on ints and Fractions (faster) and is converted once on output.

The root data lives in a :class:`~symphys.lie.root_system.RootSystem` (``.root_system``),
which the modules :mod:`~symphys.lie.representations`, :mod:`~symphys.lie.chevalley` and
:mod:`~symphys.lie.branching` take as input, so none of them imports this module.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from fractions import Fraction
from functools import cached_property
from typing import Any

import sympy

from symphys.lie import (
    branching,
    character_ring,
    chevalley,
    irrep_data,
    maximal,
    representations,
)
from symphys.lie.branching import Subalgebra
from symphys.lie.branching_rule import Branching
from symphys.lie.cartan_type import parse_cartan_type, simple_roots_fractions
from symphys.lie.character_ring import VirtualCharacter
from symphys.lie.reductive import ReductiveAlgebra
from symphys.lie.representations import rational
from symphys.lie.root_system import RootSystem, exponents, root_system, weyl_group_order_from_roots
from symphys.lie.weyl_group import WeylGroup, orbit, orbit_size, reduced_word

__all__ = ["LieAlgebra"]


def _is_product_name(text: str) -> bool:
    """``"A2+A1+U1"``, ``"E6+E6"``, ``"su(3)xsu(2)xu(1)"``, ``"U1"``: a reductive algebra."""
    t = text.replace(" ", "").lower()
    return any(c in t for c in "+x\u00d7*") or t in ("u1", "u(1)")


def _matrix_rows(element: Any) -> list[list[Any]]:
    """A sympy or numpy matrix, or nested sequences, as a list of rows."""
    if hasattr(element, "tolist"):
        return element.tolist()
    if isinstance(element, (str, bytes)) or not hasattr(element, "__iter__"):
        raise TypeError(f"element={element!r} must be a square integer matrix")
    return [list(row) if hasattr(row, "__iter__") and not isinstance(row, (str, bytes))
            else row for row in element]


class LieAlgebra:
    """A complex simple Lie algebra of Cartan type A_n to G_2 (Bourbaki labelling).

    ``cartan_type`` is ``"E8"``, ``("A", 3)``, ``"su(3)"``, ``"so(10)"``, ``"sp(6)"``..., or
    the series letter with ``rank`` given apart: ``LieAlgebra("A", 3)``. Highest weights ``hw``
    are tuples of ``rank`` non-negative ints (Dynkin labels).
    Algebras of dimension above :data:`symphys.lie.root_system.MAX_DIMENSION` are refused at
    once (``ValueError``). A sum such as ``"A2+A1+U1"`` or ``"E6+E6"`` gives a
    :class:`~symphys.lie.reductive.ReductiveAlgebra` instead.

    >>> e8 = LieAlgebra("E8")
    >>> e8.dimension, len(e8.positive_roots()), e8.weyl_group_order()
    (248, 120, 696729600)
    >>> LieAlgebra("A", 3) == LieAlgebra("su(4)")
    True
    >>> su3 = LieAlgebra("su(3)")
    >>> su3.tensor_product((1, 1), (1, 1))  # 8 x 8 = 27 + 10 + 10b + 8 + 8 + 1
    {(2, 2): 1, (0, 3): 1, (3, 0): 1, (1, 1): 2, (0, 0): 1}
    """

    def __new__(cls, cartan_type: str | tuple[str, int], rank: int | None = None) -> Any:
        if rank is None and isinstance(cartan_type, str) and _is_product_name(cartan_type):
            simple, n_u1 = branching.parse_subalgebra_name(cartan_type)
            return ReductiveAlgebra([cls(t) for t in simple], n_u1)
        return super().__new__(cls)

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (LieAlgebra, (self.name,))   # pickle and copy rebuild it from the name

    def __init__(self, cartan_type: str | tuple[str, int], rank: int | None = None) -> None:
        if rank is not None:
            if not isinstance(cartan_type, str):
                raise TypeError(f"cartan_type={cartan_type!r} must be a series letter when "
                                f"rank={rank!r} is given")
            cartan_type = (cartan_type, rank)
        self.letter, self.rank = parse_cartan_type(cartan_type)
        #: the exact root data, shared with the representation and branching functions
        self.root_system: RootSystem = root_system(self.letter, self.rank)
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
        return self.root_system.dimension

    @cached_property
    def cartan_matrix(self) -> sympy.ImmutableMatrix:
        """Cartan matrix ``A[i, j] = 2 (a_i, a_j)/(a_j, a_j)`` (row i = labels of ``a_i``).

        >>> LieAlgebra("B2").cartan_matrix
        Matrix([
        [ 2, -2],
        [-1,  2]])
        """
        return sympy.ImmutableMatrix(self.root_system.cartan)

    def gram_matrix(self) -> sympy.ImmutableMatrix:
        """``(a_i, a_j)`` of the simple roots, long roots of length^2 2.

        >>> LieAlgebra("G2").gram_matrix()
        Matrix([
        [2/3, -1],
        [ -1,  2]])
        """
        return sympy.ImmutableMatrix([[rational(x) for x in row] for row in self.root_system.gram])

    def simple_roots(self, *, coordinates: str = "simple") -> list[tuple]:
        """Simple roots in the chosen ``coordinates``.

        Parameters
        ----------
        coordinates : {"simple", "weight", "orthonormal"}, optional
            ``"simple"``: the simple-root basis (unit vectors here, ints); ``"weight"``: Dynkin
            labels (ints); ``"orthonormal"``: Bourbaki's orthonormal-basis vectors (sympy
            Rationals, unscaled).

        Examples
        --------
        >>> LieAlgebra("G2").simple_roots(coordinates="orthonormal")
        [(1, -1, 0), (-2, 1, 1)]
        """
        simple = [tuple(int(i == j) for j in range(self.rank)) for i in range(self.rank)]
        return self._in_coordinates(simple, coordinates)

    def _in_coordinates(self, roots: list[tuple[int, ...]], coordinates: str) -> list[tuple]:
        if coordinates == "simple":
            return list(roots)
        if coordinates == "weight":
            return [self.root_system.labels(a) for a in roots]
        if coordinates == "orthonormal":
            dense = simple_roots_fractions(self.letter, self.rank)
            width = len(dense[0])
            vecs = [[(m, x) for m, x in enumerate(v) if x] for v in dense]
            out = []
            for a in roots:
                coords = [Fraction(0)] * width
                for c, v in zip(a, vecs, strict=True):
                    if c:
                        for m, x in v:
                            coords[m] += c * x
                out.append(tuple(rational(x) for x in coords))
            return out
        raise ValueError(
            f"coordinates={coordinates!r} must be 'simple', 'weight' or 'orthonormal'")

    def positive_roots(self, *, coordinates: str = "simple") -> list[tuple]:
        """Positive roots ordered by height (see :meth:`simple_roots` for ``coordinates``).

        >>> LieAlgebra("B2").positive_roots()
        [(1, 0), (0, 1), (1, 1), (1, 2)]
        """
        return self._in_coordinates(self.root_system.positive, coordinates)

    def roots(self, *, coordinates: str = "simple") -> list[tuple]:
        """All roots: the positive ones, then their negatives in the same order.

        >>> len(LieAlgebra("E6").roots())
        72
        """
        pos = self.root_system.positive
        neg = [tuple(-x for x in a) for a in pos]
        return self._in_coordinates(pos + neg, coordinates)

    def highest_root(self, *, coordinates: str = "simple") -> tuple:
        """The highest root ``theta`` (the unique root of greatest height).

        >>> LieAlgebra("E8").highest_root()
        (2, 3, 4, 6, 5, 4, 3, 2)
        """
        return self._in_coordinates([self.root_system.positive[-1]], coordinates)[0]

    def exponents(self) -> list[int]:
        """Exponents ``m_i`` (from the heights of the positive roots).

        >>> LieAlgebra("E8").exponents()
        [1, 7, 11, 13, 17, 19, 23, 29]
        """
        return exponents(self.root_system.positive, self.rank)

    def coxeter_number(self) -> int:
        """Coxeter number ``h = |roots| / rank``.

        >>> LieAlgebra("E8").coxeter_number()
        30
        """
        return 2 * len(self.root_system.positive) // self.rank

    def dual_coxeter_number(self) -> int:
        """Dual Coxeter number ``h^v = 1 + (rho, theta)`` (long roots of length^2 2).

        >>> LieAlgebra("G2").dual_coxeter_number()
        4
        """
        theta = self.root_system.positive[-1]
        gram = self.root_system.gram
        val = 1 + sum(Fraction(c) * gram[i][i] / 2 for i, c in enumerate(theta))
        assert val.denominator == 1
        return int(val)

    def weyl_group_order(self) -> int:
        """``|W|`` as an exact Python int.

        >>> LieAlgebra("F4").weyl_group_order()
        1152
        """
        return weyl_group_order_from_roots(self.root_system.positive, self.rank)

    def weyl_group(self) -> WeylGroup:
        """The Weyl group, iterable lazily (elements act on Dynkin labels).

        >>> W = LieAlgebra("E8").weyl_group()
        >>> len(W), next(iter(W)).shape
        (696729600, (8, 8))
        """
        return WeylGroup(self.root_system.cartan, self.weyl_group_order())

    def weyl_orbit(self, weight: Sequence[int]) -> Iterator[tuple[int, ...]]:
        """Lazily yield the Weyl orbit of a weight (Dynkin labels), each element once.

        >>> sorted(LieAlgebra("A2").weyl_orbit((0, -1)))
        [(-1, 1), (0, -1), (1, 0)]
        """
        w = self.check_weight(weight, "weight", dominant=False)
        rs = self.root_system
        return orbit(representations.to_dominant(rs, w)[0], rs.cartan)

    def fundamental_weights(self) -> list[tuple[sympy.Rational, ...]]:
        """Fundamental weights ``w_i`` in the simple-root basis (rows of ``A^{-1}``).

        >>> LieAlgebra("A2").fundamental_weights()
        [(2/3, 1/3), (1/3, 2/3)]
        """
        return [tuple(rational(x) for x in row) for row in self.root_system.inverse_cartan]

    def weyl_vector(self) -> tuple[int, ...]:
        """``rho`` (half the sum of the positive roots) in Dynkin labels: ``(1, ..., 1)``.

        >>> LieAlgebra("G2").weyl_vector()
        (1, 1)
        """
        return (1,) * self.rank

    def inner_product(self, weight1: Sequence[int], weight2: Sequence[int]) -> sympy.Rational:
        """``(l, m)`` of two weights in Dynkin labels (long roots of length^2 2).

        >>> LieAlgebra("A1").inner_product((1,), (1,))
        1/2
        """
        u = self.check_weight(weight1, "weight1", dominant=False)
        v = self.check_weight(weight2, "weight2", dominant=False)
        return rational(representations.quadratic(self.root_system, u, v))

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
            x, y = self.root_system.cartan[a - 1][b - 1], self.root_system.cartan[b - 1][a - 1]
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
        return chevalley.basis_labels(self.root_system)

    def _bracket_table(self) -> dict[tuple[int, int], dict[int, int]]:
        if self._brackets is None:
            self._brackets = chevalley.chevalley_brackets(self.root_system)
        return self._brackets

    def structure_constants(self) -> dict[tuple[int, int, int], int]:
        """Nonzero ``c[i, j, k]`` with ``[x_i, x_j] = sum_k c[i, j, k] x_k`` in the Chevalley basis.

        Integers; all ordered pairs ``i != j`` are listed (antisymmetric). See
        :mod:`symphys.lie.chevalley` for the basis and sign conventions.

        Refused at once (``ValueError``) when ``dimension^2 * rank`` exceeds
        :data:`symphys.lie.chevalley.MAX_CHEVALLEY_WORK`.

        >>> sc = LieAlgebra("A1").structure_constants()   # basis h, e, f
        >>> sc[(1, 2, 0)], sc[(0, 1, 1)], sc[(0, 2, 2)]
        (1, 2, -2)
        """
        chevalley.check_chevalley_size(self.root_system, "structure_constants()")
        return {(i, j, k): v for (i, j), vec in self._bracket_table().items()
                for k, v in vec.items()}

    def killing_form(self) -> sympy.ImmutableMatrix:
        """Killing form ``tr(ad x_i ad x_j)`` in the Chevalley basis, from the structure constants.

        Only pairs of opposite root-grading can pair non-trivially (``[h, .]`` invariance), so only
        those traces are formed. Equals ``2 h^v`` times the normalised invariant form:
        ``K(h_i, h_j) = 2 h^v (a_i^v, a_j^v)``, ``K(e_a, f_a) = 2 h^v * 2/(a, a)``.
        Refused at once (``ValueError``) when ``dimension^2 * rank`` exceeds
        :data:`symphys.lie.chevalley.MAX_CHEVALLEY_WORK`.

        >>> LieAlgebra("A1").killing_form()
        Matrix([
        [8, 0, 0],
        [0, 0, 4],
        [0, 4, 0]])
        """
        chevalley.check_chevalley_size(self.root_system, "killing_form()")
        br = self._bracket_table()
        n, r, npos = self.dimension, self.rank, len(self.root_system.positive)
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
        return self.root_system.check_weight(hw, name, dominant=dominant)

    def irrep_dimension(self, hw: Sequence[int]) -> int:
        """Dimension of the irrep ``V(hw)`` by Weyl's formula (an exact Python int).

        Not to be confused with :attr:`dimension`, the dimension of the algebra itself.

        >>> LieAlgebra("E6").irrep_dimension((1, 0, 0, 0, 0, 0))
        27
        >>> LieAlgebra("E8").irrep_dimension((1,) * 8)  # 2^120
        1329227995784915872903807060280344576
        """
        return representations.weyl_dimension(self.root_system, hw)

    def dim(self, hw: Sequence[int]) -> int:
        """Deprecated alias of :meth:`irrep_dimension` (removed in the next release).

        ``dim`` read too much like :attr:`dimension` (the algebra's own dimension).
        """
        warnings.warn("LieAlgebra.dim(hw) is deprecated; use LieAlgebra.irrep_dimension(hw)",
                      DeprecationWarning, stacklevel=2)
        return self.irrep_dimension(hw)

    def weights(self, hw: Sequence[int], *, dominant: bool = True, progress: bool = False
                ) -> dict[tuple[int, ...], int]:
        """Weights of ``V(hw)`` and multiplicities (Freudenthal): dominant ones, or all.

        With ``dominant=False`` the whole character is listed (see :meth:`character` for the
        size limit and ``progress``). Freudenthal's recursion is refused at once beyond the
        closed-form limit of :func:`symphys.lie.representations.dominant_weights`.

        >>> LieAlgebra("A2").weights((1, 1))
        {(1, 1): 1, (0, 0): 2}
        >>> len(LieAlgebra("A2").weights((1, 1), dominant=False))
        7
        """
        if not isinstance(dominant, bool):
            raise TypeError(f"dominant={dominant!r} must be a bool")
        if dominant:
            return representations.dominant_weights(self.root_system, hw)
        return representations.character(self.root_system, hw, progress=progress)

    def character(self, hw: Sequence[int], *, progress: bool = False
                  ) -> dict[tuple[int, ...], int]:
        """The formal character: every weight (Dynkin labels) -> multiplicity.

        Refused at once (``ValueError`` naming ``hw``, the limit and the size) when
        ``irrep_dimension(hw)`` exceeds :data:`symphys.lie.representations.MAX_WEIGHTS`.
        ``progress=True`` shows a bar for dimension >= 10^6.

        >>> sum(LieAlgebra("G2").character((0, 1)).values())
        14
        >>> LieAlgebra("E8").character((1,) * 8)
        Traceback (most recent call last):
        ...
        ValueError: hw=(1, 1, 1, 1, 1, 1, 1, 1): listing all weights of this E8 irrep, ...
        """
        return representations.character(self.root_system, hw, progress=progress)

    def tensor_product(self, hw1: Sequence[int], hw2: Sequence[int], *more: Sequence[int]
                       ) -> dict[tuple[int, ...], int]:
        """``V(hw1) (x) V(hw2) (x) ...`` as ``{highest weight: multiplicity}`` (Brauer-Klimyk).

        Any number of factors; they are multiplied left to right, each step decomposed.

        >>> LieAlgebra("G2").tensor_product((1, 0), (1, 0))  # 7 x 7 = 27 + 14 + 7 + 1
        {(2, 0): 1, (0, 1): 1, (1, 0): 1, (0, 0): 1}
        >>> LieAlgebra("A1").tensor_product((1,), (1,), (1,))   # 2 x 2 x 2 = 4 + 2 + 2
        {(3,): 1, (1,): 2}
        """
        if not more:
            return representations.tensor_product(self.root_system, hw1, hw2)
        acc = VirtualCharacter(self, [self.check_weight(hw1, "hw1")])
        for name, hw in [("hw2", hw2)] + [(f"more[{i}]", h) for i, h in enumerate(more)]:
            acc = acc * VirtualCharacter(self, [self.check_weight(hw, name)])
        return dict(acc.terms)

    def symmetric_power(self, hw: Sequence[int], k: int) -> dict[tuple[int, ...], int]:
        """``Sym^k V(hw)`` as ``{highest weight: multiplicity}`` (LiE's ``sym_tensor``).

        Newton's identities on Adams operations (:mod:`symphys.lie.character_ring`); refused
        beyond ``MAX_PLETHYSM_DEGREE`` or ``dim^k > MAX_PLETHYSM_DIMENSION``.

        >>> e6 = LieAlgebra("E6")
        >>> [e6.irrep_name(w) for w in e6.symmetric_power((1, 0, 0, 0, 0, 0), 2)]
        ["351'", '27bar']
        """
        return character_ring.symmetric_power(self, hw, k)

    def alternating_power(self, hw: Sequence[int], k: int) -> dict[tuple[int, ...], int]:
        """``Alt^k V(hw)`` (exterior power) as ``{highest weight: multiplicity}``.

        >>> LieAlgebra("A4").alternating_power((1, 0, 0, 0), 2)   # Alt^2 5 = 10
        {(0, 1, 0, 0): 1}
        """
        return character_ring.alternating_power(self, hw, k)

    def plethysm(self, hw: Sequence[int], partition: Sequence[int]
                 ) -> dict[tuple[int, ...], int]:
        """The Schur functor ``S_partition`` of ``V(hw)``: ``{highest weight: multiplicity}``.

        ``(k,)`` is ``Sym^k``, ``(1,) * k`` is ``Alt^k`` (LiE's ``plethysm``).

        >>> LieAlgebra("A2").plethysm((1, 0), (2, 1))   # S_21 of C^3 is the octet
        {(1, 1): 1}
        """
        return character_ring.plethysm(self, hw, partition)

    def virtual_character(self, terms: Any) -> VirtualCharacter:
        """A :class:`~symphys.lie.character_ring.VirtualCharacter`: ``{hw: integer coefficient}``.

        >>> su3 = LieAlgebra("A2")
        >>> (su3.virtual_character([(1, 1)]) - su3.virtual_character([(0, 0)])).dimension
        7
        """
        return VirtualCharacter(self, terms)

    def dual(self, hw: Sequence[int]) -> tuple[int, ...]:
        """Highest weight of the dual irrep ``-w_0(hw)``.

        >>> LieAlgebra("A3").dual((1, 0, 0))
        (0, 0, 1)
        """
        return representations.dual(self.root_system, hw)

    def casimir(self, hw: Sequence[int], *, degree: int = 2) -> sympy.Rational:
        """Casimir eigenvalue: quadratic ``(l, l + 2 rho)/2`` (adjoint: ``h^v``) or higher.

        ``degree=k`` gives ``(P_k(l + rho) - P_k(rho)) / (2 I)`` with ``P_k(x)`` the sum of
        ``(w, x)^k`` over the weights of a fixed small irrep (Harish-Chandra; normalisation in
        :mod:`symphys.lie.irrep_data`), equal to the quadratic one for ``k = 2``. For su(n)
        ``dim(l) C_3(l)`` is proportional to the anomaly (:meth:`anomaly`).

        >>> LieAlgebra("A1").casimir((1,))   # spin 1/2: j (j + 1)
        3/4
        >>> LieAlgebra("A2").casimir((1, 0), degree=3)
        10/9
        """
        if isinstance(degree, bool) or not isinstance(degree, int):
            raise TypeError(f"degree={degree!r} must be an int")
        if degree == 2:
            return representations.casimir(self.root_system, hw)
        return irrep_data.casimir_eigenvalue(self.root_system, hw, degree)

    # ----------------------------------------------------------------- irrep metadata
    def irrep_name(self, hw: Sequence[int], *, latex: bool = False) -> str:
        """Textbook name (Slansky/LieART): ``"27"``, ``"27bar"``, ``"351'"``, ``"8v"``.

        Irreps of one dimension are primed in increasing Dynkin index; conjugate pairs are told
        apart by ``bar`` (conventions in :mod:`symphys.lie.irrep_data`). ``latex=True`` gives
        ``\\overline{\\mathbf{27}}`` etc.

        >>> e6 = LieAlgebra("E6")
        >>> e6.irrep_name((0, 0, 1, 0, 0, 0)), e6.irrep_name((2, 0, 0, 0, 0, 0))
        ('351', "351'")
        >>> LieAlgebra("D5").irrep_name((0, 0, 0, 2, 0))
        '126bar'
        """
        return irrep_data.irrep_name(self.root_system, hw, latex=latex)

    def from_name(self, name: str) -> tuple[int, ...]:
        """Highest weight (Dynkin labels) of the irrep named ``name`` (inverse of irrep_name).

        >>> LieAlgebra("E6").from_name("27bar")
        (0, 0, 0, 0, 0, 1)
        >>> LieAlgebra("D5").from_name("16")
        (0, 0, 0, 0, 1)
        """
        return irrep_data.from_name(self.root_system, name)

    def irreps_of_dimension(self, dimension: int) -> list[tuple[int, ...]]:
        """Highest weights of all irreps of a given dimension, by increasing Dynkin index.

        >>> LieAlgebra("E6").irreps_of_dimension(351)
        [(0, 0, 1, 0, 0, 0), (0, 0, 0, 0, 1, 0), (2, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 2)]
        """
        return irrep_data.irreps_of_dimension(self.root_system, dimension)

    def congruency_class(self, hw: Sequence[int]) -> int | tuple[int, int]:
        """Congruency class (N-ality), Slansky's Table 4 in Bourbaki labels; a pair for D_n.

        >>> LieAlgebra("A2").congruency_class((1, 0)), LieAlgebra("E6").congruency_class(
        ...     (0, 0, 0, 0, 0, 1))
        (1, 2)
        """
        return irrep_data.congruency_class(self.root_system, hw)

    def reality(self, hw: Sequence[int]) -> str:
        """``"real"``, ``"pseudoreal"`` or ``"complex"`` (Frobenius-Schur).

        >>> LieAlgebra("E7").reality((0, 0, 0, 0, 0, 0, 1))   # the 56
        'pseudoreal'
        """
        return irrep_data.reality(self.root_system, hw)

    def anomaly(self, hw: Sequence[int]) -> int:
        """Cubic anomaly coefficient ``A(R)`` of an su(n) irrep, ``A(fundamental) = 1``.

        ``tr_R(H^3) = A(R) tr_fund(H^3)`` for traceless ``H``; su(2) gives 0; other algebras
        are refused (``ValueError``: no cubic invariant).

        >>> su5 = LieAlgebra("su(5)")
        >>> su5.anomaly((0, 0, 0, 1)) + su5.anomaly((0, 1, 0, 0))   # 5bar + 10: one generation
        0
        """
        return irrep_data.anomaly(self.root_system, hw)

    # ----------------------------------------------------------------- Weyl tools
    def orbit_size(self, weight: Sequence[int]) -> int:
        """Size of the Weyl orbit of a weight, ``|W| / |stabiliser|``, without enumeration.

        >>> LieAlgebra("E8").orbit_size((1, 0, 0, 0, 0, 0, 0, 0))
        2160
        """
        w = self.check_weight(weight, "weight", dominant=False)
        return orbit_size(self.root_system.cartan, w)

    def dominant_representative(self, weight: Sequence[int]) -> tuple[tuple[int, ...],
                                                                      tuple[int, ...]]:
        """The dominant weight in the Weyl orbit of ``weight`` and a reduced word reaching it.

        Returns ``(m, word)`` with ``s_{word[0]} s_{word[1]} ... (weight) = m`` read right to
        left, i.e. ``word`` lists the reflections applied last to first (0-based).

        >>> LieAlgebra("A2").dominant_representative((0, -1))
        ((1, 0), (0, 1))
        """
        v = self.check_weight(weight, "weight", dominant=False)
        applied = []
        cartan = self.root_system.cartan
        while True:
            i = next((k for k in range(self.rank) if v[k] < 0), None)
            if i is None:
                break
            c = v[i]
            v = tuple(x - c * a for x, a in zip(v, cartan[i], strict=True))
            applied.append(i)
        return v, tuple(reversed(applied))

    def longest_element(self) -> sympy.ImmutableMatrix:
        """The longest Weyl-group element ``w_0`` (on Dynkin labels), found without enumeration.

        >>> LieAlgebra("E6").longest_element() * sympy.Matrix([1, 0, 0, 0, 0, 0]) == -sympy.Matrix(
        ...     [0, 0, 0, 0, 0, 1])
        True
        """
        return self.weyl_group().longest_element()

    def reduced_word(self, element: Any) -> tuple[int, ...]:
        """A reduced word ``(i, j, ...)`` (``s_i s_j ...``, 0-based) of a Weyl-group element.

        ``len(reduced_word(w))`` is the length of ``w``; ``w`` is a matrix on Dynkin labels as
        :meth:`weyl_group` yields them; other matrices are refused (``ValueError``).

        >>> len(LieAlgebra("E8").reduced_word(LieAlgebra("E8").longest_element()))
        120
        """
        return reduced_word(self.root_system.cartan, _matrix_rows(element))

    def index(self, hw: Sequence[int], *, normalization: str = "dynkin") -> sympy.Rational:
        """Dynkin index ``dim(l) C_2(l) / dim(g)`` (``"slansky"``: twice that).

        >>> LieAlgebra("A4").index((1, 0, 0, 0))
        1/2
        """
        return representations.index(self.root_system, hw, normalization=normalization)

    def subalgebra(self, spec: Any = None, *, delete: Sequence[int] | None = None,
                   extended: bool = False, irrep: Sequence[Any] | None = None,
                   u1: Sequence[Any] | None = None) -> Subalgebra:
        """A :class:`~symphys.lie.branching.Subalgebra` by name or by deleted Dynkin nodes.

        ``spec`` like ``"A2+A1+U1"`` names a maximal subalgebra when one has that name
        (:meth:`maximal_subalgebras`; several of them are refused with the list of choices),
        else searches the known special embeddings, then the Levi subalgebras (deleted nodes
        of the Dynkin diagram), then the regular ones (deleted nodes of the extended diagram);
        a name matching inequivalent embeddings there is refused too. ``delete=[...]``
        (1-based Bourbaki nodes; ``0`` is the extended node ``-theta`` when
        ``extended=True``) builds a regular subalgebra directly.
        ``irrep=labels`` embeds ``spec`` in a classical algebra through the irrep that the
        defining representation restricts to (``su(N) > so(N)``, ``su(pq) > su(p)+su(q)``, ...).

        **U(1) normalisation.** A Levi U(1) (deleted node ``j``) has the least integer charges
        ``N_j (w_j, l)``; ``u1=[s, ...]`` multiplies them by rationals ``s`` (one per U(1)),
        ``u1=[row, ...]`` replaces a U(1) by a rational row over the Dynkin labels (checked).
        For ``su(5) > su(3)+su(2)+u(1)``, ``5 -> (3,1)_2 + (1,2)_-3`` and the hypercharge with
        ``Q = T_3 + Y`` is ``u1=[Fraction(-1, 6)]``.

        >>> LieAlgebra("A4").subalgebra("A2+A1+U1")
        Subalgebra(A4 > A2+A1+U1)
        """
        sub = None
        if isinstance(spec, str) and delete is None and irrep is None and spec != "principal":
            sub = maximal.maximal_by_name(self, spec)
        if sub is None:
            sub = branching.make_subalgebra(self, spec, delete=delete, extended=extended,
                                            irrep=irrep)
        return sub if u1 is None else branching.with_u1(sub, u1)

    def maximal_subalgebras(self) -> list[Subalgebra]:
        """Every maximal subalgebra (regular, Levi with U(1), special) with its projection.

        Dynkin's classification; coverage, sources and the method for the special projection
        matrices in :mod:`symphys.lie.maximal`. Each entry's ``how`` names its kind and
        defining branching rule; pass an entry to :meth:`branch`.

        >>> [s.name for s in LieAlgebra("F4").maximal_subalgebras()]
        ['C3+A1', 'A2+A2', 'B4', 'A1', 'G2+A1']
        >>> e6 = LieAlgebra("E6")
        >>> g2 = next(s for s in e6.maximal_subalgebras() if s.name == "G2")
        >>> e6.branch((1, 0, 0, 0, 0, 0), g2).names()   # Slansky Table 14: 27 = 27
        {'(27)': 1}
        """
        return maximal.maximal_subalgebras(self)

    def branch(self, hw: Sequence[int], subalgebra: Any, *, u1: Sequence[Any] | None = None,
               progress: bool = False) -> Branching:
        """Restrict ``V(hw)`` to a subalgebra: ``{flat sub labels (+ U(1) charges): mult}``.

        ``subalgebra`` is a name, a :class:`~symphys.lie.branching.Subalgebra` or an entry of
        :meth:`maximal_subalgebras`; ``u1`` as in :meth:`subalgebra`. The result is a dict
        (a :class:`~symphys.lie.branching_rule.Branching`) that can be branched again. The
        whole character of ``V(hw)`` is projected, with the size limit of :meth:`character`.

        >>> LieAlgebra("G2").branch((1, 0), "A2")  # 7 -> 3b + 3 + 1
        {(0, 1): 1, (1, 0): 1, (0, 0): 1}
        >>> LieAlgebra("A4").branch((0, 1, 0, 0), "A2+A1+U1", u1=[Fraction(-1, 6)]).names()
        {'(3,2)_1/6': 1, '(3bar,1)_-2/3': 1, '(1,1)_1': 1}
        """
        sub = self.subalgebra(subalgebra, u1=u1) if not isinstance(subalgebra, Subalgebra) \
            else branching.make_subalgebra(self, subalgebra)
        if isinstance(subalgebra, Subalgebra) and subalgebra.parent != self:
            raise ValueError(f"subalgebra {subalgebra!r} belongs to {subalgebra.parent.name}, "
                             f"not {self.name}")
        if isinstance(subalgebra, Subalgebra) and u1 is not None:
            sub = branching.with_u1(sub, u1)
        out = branching.branch(self, hw, sub, progress=progress)
        return Branching(out, sub, ReductiveAlgebra(sub.factors, sub.n_u1))
