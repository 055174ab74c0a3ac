"""Matrix Lie algebras from generators: closure, structure constants, Killing and trace forms.

``MatrixLieAlgebra(generators)`` takes linearly independent square matrices ``X_i`` with exact
entries (ints, Fractions, sympy numbers, including ``I``) and computes ``c[i, j, k]`` with
``[X_i, X_j] = sum_k c[i, j, k] X_k``, refusing generators whose brackets leave their span.
Killing form ``K_ij = tr(ad X_i ad X_j)`` with ``(ad X_i)_{kj} = c[i, j, k]``; trace form
``tr(X_i X_j)``. For the classical constructors (bases below) ``K = 2n tr`` on ``sl(n)``,
``K = (n - 2) tr`` on ``so(n)`` and ``K = (2n + 2) tr`` on ``sp(2n)`` (in general
``K = (h^v / T) tr`` with ``T`` the Dynkin index of the defining representation); the tests
check these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy
from sympy.polys.matrices import DomainMatrix
from sympy.polys.polyerrors import CoercionFailed

__all__ = ["MatrixLieAlgebra", "so", "sl", "sp", "gl", "MAX_GENERATORS", "MAX_CLOSURE_WORK"]

#: Largest number of generators ``d`` (the dimension) :class:`MatrixLieAlgebra` and the
#: constructors :func:`so`, :func:`sl`, :func:`sp`, :func:`gl` take: the closure check solves
#: ``d (d - 1) / 2`` brackets of ``n x n`` matrices exactly, :meth:`MatrixLieAlgebra.adjoint`
#: returns ``d^3`` entries and the Killing form ``d^2``. so(16) (d = 120) passes.
MAX_GENERATORS = 120
#: Largest ``d^2 n^3 / 2`` (brackets times the work of one dense ``n x n`` product) that
#: :class:`MatrixLieAlgebra` takes on; so(16) (``120^2 * 16^3 / 2 = 2.9e7``) passes.
MAX_CLOSURE_WORK = 30_000_000


def _to_exact(mat: Any, name: str) -> sympy.ImmutableMatrix:
    m = sympy.ImmutableMatrix(mat.tolist() if hasattr(mat, "tolist") else mat)
    if m.rows != m.cols:
        raise ValueError(f"{name} must be square, got {m.rows}x{m.cols}")
    if any(x.has(sympy.Float) for x in m):
        raise TypeError(f"{name} has floating-point entries; give exact ones (ints, Fractions, "
                        "sympy Rationals) or use equivariant_basis(..., exact=False)")
    return m


def _leading_size(mat: Any) -> int:
    """Number of rows of a matrix-like object, read without converting it (0 if unknown)."""
    shape = getattr(mat, "shape", None)
    if shape:
        try:
            return int(shape[0])
        except (TypeError, ValueError):
            return 0
    try:
        return len(mat)
    except TypeError:
        return 0


class MatrixLieAlgebra:
    """The Lie algebra spanned by matrices, with exact structure constants.

    Refused at once (``ValueError``) with more than :data:`MAX_GENERATORS` generators or when
    ``d^2 n^3 / 2`` exceeds :data:`MAX_CLOSURE_WORK`; this bounds every later output
    (structure constants, ``d x d`` Killing form, ``d`` adjoint matrices of ``d x d``).

    >>> L = MatrixLieAlgebra([[[0, 1], [0, 0]], [[0, 0], [1, 0]], [[1, 0], [0, -1]]])  # e, f, h
    >>> L.structure_constants()[(0, 1, 2)]   # [e, f] = h
    1
    >>> L.killing_form()
    Matrix([
    [0, 4, 0],
    [4, 0, 0],
    [0, 0, 8]])
    """

    def __init__(self, generators: Sequence[Any], *, check: bool = True) -> None:
        try:
            d = len(generators)
        except TypeError:
            raise TypeError(f"generators={generators!r} must be a sequence of square "
                            "matrices") from None
        if d > MAX_GENERATORS:
            raise ValueError(f"generators: {d} of them exceed the limit {MAX_GENERATORS} "
                             "(symphys.lie.matrix_algebra.MAX_GENERATORS)")
        if d:
            size = _leading_size(generators[0])
            work = d * d * size**3 // 2
            if work > MAX_CLOSURE_WORK:
                raise ValueError(
                    f"generators: {d} matrices of size {size}: the closure check takes "
                    f"d^2 n^3 / 2 = {work:.1e} steps, above the limit {MAX_CLOSURE_WORK:.1e} "
                    "(symphys.lie.matrix_algebra.MAX_CLOSURE_WORK)")
        gens = [_to_exact(g, f"generators[{i}]") for i, g in enumerate(generators)]
        if not gens:
            raise ValueError("generators must not be empty")
        n = gens[0].rows
        if any(g.rows != n for g in gens):
            raise ValueError("generators must all have the same size")
        self.generators = gens
        self.size = n
        flat = sympy.Matrix([list(g) for g in gens]).T  # n^2 x d
        dm = DomainMatrix.from_Matrix(flat).to_field()
        rank = dm.rank()
        if rank != len(gens):
            raise ValueError(f"generators are linearly dependent (rank {rank} < {len(gens)})")
        _, pivots = dm.transpose().rref()
        self._pivots = list(pivots)
        self._solver = dm.extract(self._pivots, list(range(len(gens)))).inv().to_sparse()
        self._dom = dm.domain
        self._flat_dm = dm.to_sparse()
        self._gens_dm = [DomainMatrix.from_Matrix(sympy.Matrix(g)).convert_to(self._dom).to_sparse()
                         for g in gens]
        self._closed: bool | None = None
        self._consts: dict[tuple[int, int, int], Any] | None = None
        self._failure = ""
        if check and not self.is_closed():
            raise ValueError(f"generators do not close under the bracket: {self._failure}")

    @property
    def dimension(self) -> int:
        """Number of generators.

        >>> so(5).dimension
        10
        """
        return len(self.generators)

    def coordinates(self, matrix: Any) -> list[Any] | None:
        """Coefficients of ``matrix`` in the generators, or ``None`` if outside their span.

        >>> so(3).coordinates([[0, 2, 0], [-2, 0, 0], [0, 0, 0]])
        [2, 0, 0]
        """
        try:
            dm = DomainMatrix.from_Matrix(sympy.Matrix(matrix)).convert_to(self._dom).to_sparse()
        except CoercionFailed:
            return None
        c = self._solve(dm)
        return None if c is None else [self._dom.to_sympy(x) for x in c]

    def _solve(self, dm: DomainMatrix) -> list[Any] | None:
        flat = dm.to_list_flat()
        if len(flat) != self.size**2:
            raise ValueError(f"matrix must be {self.size}x{self.size}")
        rhs = DomainMatrix([[flat[p]] for p in self._pivots], (len(self._pivots), 1),
                           self._dom).to_sparse()
        c = self._solver * rhs
        full = DomainMatrix([[x] for x in flat], (len(flat), 1), self._dom).to_sparse()
        if self._flat_dm * c != full:
            return None
        return [row[0] for row in c.to_dense().to_list()]

    def _compute(self) -> None:
        consts: dict[tuple[int, int, int], Any] = {}
        closed = True
        d = self.dimension
        to_sympy = self._dom.to_sympy
        for i in range(d):
            for j in range(i + 1, d):
                a, b = self._gens_dm[i], self._gens_dm[j]
                c = self._solve(a * b - b * a)
                if c is None:
                    closed = False
                    self._failure = f"[X_{i}, X_{j}] is not in the span of the generators"
                    break
                for k, v in enumerate(c):
                    if v:
                        val = to_sympy(v)
                        consts[(i, j, k)] = val
                        consts[(j, i, k)] = -val
            if not closed:
                break
        self._closed = closed
        self._consts = consts

    def is_closed(self) -> bool:
        """Whether every bracket ``[X_i, X_j]`` lies in the span of the generators.

        >>> MatrixLieAlgebra([[[0, 1], [0, 0]], [[0, 0], [1, 0]]], check=False).is_closed()
        False
        """
        if self._closed is None:
            self._compute()
        return bool(self._closed)

    def structure_constants(self) -> dict[tuple[int, int, int], Any]:
        """Nonzero ``c[i, j, k]`` (sympy numbers; ints where integral), all ordered pairs.

        >>> sl(2).structure_constants()[(0, 1, 2)]   # [E_01, E_10] = E_00 - E_11
        1
        """
        if not self.is_closed():
            raise ValueError(f"generators do not close under the bracket: {self._failure}")
        assert self._consts is not None
        return {k: (int(v) if v.is_Integer else v) for k, v in self._consts.items()}

    def adjoint(self) -> list[sympy.ImmutableMatrix]:
        """``ad X_i`` as ``d x d`` matrices: ``(ad X_i)[k, j] = c[i, j, k]``.

        >>> so(3).adjoint()[0]    # [L_01, L_02] = -L_12, [L_01, L_12] = L_02
        Matrix([
        [0,  0, 0],
        [0,  0, 1],
        [0, -1, 0]])
        """
        d = self.dimension
        mats = [[[0] * d for _ in range(d)] for _ in range(d)]
        for (i, j, k), v in self.structure_constants().items():
            mats[i][k][j] = v
        return [sympy.ImmutableMatrix(m) for m in mats]

    def killing_form(self) -> sympy.ImmutableMatrix:
        """``K_ij = tr(ad X_i ad X_j) = sum_{k,l} c[i, k, l] c[j, l, k]`` (``d x d``, exact).

        >>> so(3).killing_form()   # (n - 2) tr(X_i X_j) with tr(L_ij L_ij) = -2
        Matrix([
        [-2,  0,  0],
        [ 0, -2,  0],
        [ 0,  0, -2]])
        """
        d = self.dimension
        ad: list[dict[int, dict[int, Any]]] = [dict() for _ in range(d)]
        for (i, k, l), v in self.structure_constants().items():
            ad[i].setdefault(k, {})[l] = v
        out = [[0] * d for _ in range(d)]
        for i in range(d):
            for j in range(i, d):
                tot = 0
                for k, col in ad[i].items():
                    for l, v in col.items():
                        w = ad[j].get(l, {}).get(k)
                        if w is not None:
                            tot += v * w
                out[i][j] = out[j][i] = sympy.nsimplify(tot) if not isinstance(tot, int) else tot
        return sympy.ImmutableMatrix(out)

    def trace_form(self) -> sympy.ImmutableMatrix:
        """``tr(X_i X_j)`` in the defining representation (``d x d``, exact).

        >>> so(3).trace_form()[0, 0]
        -2
        """
        g = self.generators
        d = self.dimension
        return sympy.ImmutableMatrix(d, d, lambda i, j: (g[i] * g[j]).trace())

    def __repr__(self) -> str:
        return f"MatrixLieAlgebra(dimension={self.dimension}, size={self.size})"


def _e(n: int, i: int, j: int) -> list[list[int]]:
    m = [[0] * n for _ in range(n)]
    m[i][j] = 1
    return m


def _check_n(n: int, name: str, low: int, algebra: str, dim: Any) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name}={n!r} must be an int")
    if n < low:
        raise ValueError(f"{name}={n} must be >= {low}")
    d = dim(n)
    if d > MAX_GENERATORS:
        raise ValueError(f"{name}={n}: {algebra} has dimension {d}, above the limit "
                         f"{MAX_GENERATORS} (MAX_GENERATORS) of the exact constructors")


def gl(n: int) -> MatrixLieAlgebra:
    """``gl(n)``: the matrix units ``E_ij`` in row-major order.

    >>> gl(2).dimension
    4
    """
    _check_n(n, "n", 1, "gl(n)", lambda k: k * k)
    return MatrixLieAlgebra([_e(n, i, j) for i in range(n) for j in range(n)])


def sl(n: int) -> MatrixLieAlgebra:
    """``sl(n)``: ``E_ij`` (``i != j``, row-major), then ``E_ii - E_{i+1,i+1}``.

    >>> sl(3).dimension
    8
    """
    _check_n(n, "n", 2, "sl(n)", lambda k: k * k - 1)
    gens = [_e(n, i, j) for i in range(n) for j in range(n) if i != j]
    for i in range(n - 1):
        m = _e(n, i, i)
        m[i + 1][i + 1] = -1
        gens.append(m)
    return MatrixLieAlgebra(gens)


def so(n: int) -> MatrixLieAlgebra:
    """``so(n)``: antisymmetric ``L_ij = E_ij - E_ji`` for ``i < j``.

    >>> so(3).structure_constants()[(0, 1, 2)]   # [L_01, L_02] = -L_12
    -1
    """
    _check_n(n, "n", 2, "so(n)", lambda k: k * (k - 1) // 2)
    gens = []
    for i in range(n):
        for j in range(i + 1, n):
            m = _e(n, i, j)
            m[j][i] = -1
            gens.append(m)
    return MatrixLieAlgebra(gens)


def sp(n2: int) -> MatrixLieAlgebra:
    """``sp(2n)``: ``X^T J + J X = 0`` with ``J = [[0, I], [-I, 0]]``; ``n2 = 2n`` is the size.

    Basis ``[[A, 0], [0, -A^T]]`` (``A = E_ij``), then ``[[0, B], [0, 0]]`` and
    ``[[0, 0], [B, 0]]`` with ``B = E_ij + E_ji`` (``i <= j``; ``E_ii`` on the diagonal).

    >>> sp(4).dimension
    10
    """
    _check_n(n2, "n2", 2, "sp(n2)", lambda k: (k // 2) * (k + 1))
    if n2 % 2:
        raise ValueError(f"n2={n2} must be even (sp(2n) acts on C^(2n))")
    n = n2 // 2
    gens = []
    for i in range(n):
        for j in range(n):
            m = _e(n2, i, j)
            m[n + j][n + i] = -1
            gens.append(m)
    for off in ((0, n), (n, 0)):
        for i in range(n):
            for j in range(i, n):
                m = [[0] * n2 for _ in range(n2)]
                m[off[0] + i][off[1] + j] = 1
                m[off[0] + j][off[1] + i] = 1
                gens.append(m)
    return MatrixLieAlgebra(gens)
