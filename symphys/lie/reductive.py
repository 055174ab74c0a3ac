"""``ReductiveAlgebra``: a sum of simple Lie algebras and U(1) factors, ``A2+A1+U1``, ``E6+E6``.

Made by ``LieAlgebra("A2+A1+U1")`` (or ``ReductiveAlgebra([LieAlgebra("A2"), ...], n_u1)``).
An irrep is given by **flat** labels: each simple factor's Dynkin labels (Bourbaki order, the
factors in the order of the name), then one charge per U(1) (an int or a rational); a nested
form ``((1, 0), (1,), 2)`` is accepted too. Dimensions multiply, tensor products are taken
factor by factor with the charges added, duals dualise each factor and negate the charges.

A subalgebra of a reductive algebra (:meth:`ReductiveAlgebra.subalgebra`) keeps or restricts
simple factors and picks U(1) directions among what is left: each target simple factor is
matched to an identical unused factor, or else to a subalgebra (by name) of an unused factor;
the target U(1)s are either all the abelian directions left (the unused factors' Cartan
subalgebras, as their Dynkin labels, then the parent's U(1) charges, in that order) or given
by ``u1=`` rows over the parent's flat coordinates. When several choices exist the name is
refused and the choices listed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from symphys.lie.branching import (
    Subalgebra,
    _charge,
    decompose,
    exact_charge,
    parse_subalgebra_name,
    with_u1,
)
from symphys.lie.branching_rule import Branching
from symphys.lie.representations import MAX_WEIGHTS, check_size

__all__ = ["ReductiveAlgebra", "MAX_U1"]

#: Largest number of U(1) factors of a :class:`ReductiveAlgebra`.
MAX_U1 = 64

#: A :class:`symphys.lie.LieAlgebra` (not imported: no import cycle).
LieAlgebra = Any


class ReductiveAlgebra:
    """A reductive Lie algebra: simple factors plus ``n_u1`` U(1) factors.

    >>> from symphys.lie import LieAlgebra
    >>> sm = LieAlgebra("A2+A1+U1")
    >>> sm, sm.rank, sm.dimension
    (ReductiveAlgebra('A2+A1+U1'), 4, 12)
    >>> sm.irrep_dimension(((1, 0), (1,), 1))
    6
    >>> sm.tensor_product((1, 0, 1, 1), (0, 1, 0, -2))
    {(1, 1, 1, -1): 1, (0, 0, 1, -1): 1}
    """

    def __init__(self, factors: Sequence[LieAlgebra], n_u1: int) -> None:
        if isinstance(factors, (str, bytes)) or not hasattr(factors, "__iter__"):
            raise TypeError("factors must be a sequence of LieAlgebra (use LieAlgebra('A2+U1') "
                            "for a name)")
        factors = list(factors)
        if not all(hasattr(f, "root_system") and hasattr(f, "letter") for f in factors):
            raise TypeError("factors must be simple LieAlgebra objects")
        if isinstance(n_u1, bool) or not isinstance(n_u1, int):
            raise TypeError(f"n_u1={n_u1!r} must be an int")
        if not 0 <= n_u1 <= MAX_U1:
            raise ValueError(f"n_u1={n_u1} must be in 0..{MAX_U1} "
                             "(symphys.lie.reductive.MAX_U1)")
        if not factors and not n_u1:
            raise ValueError("a reductive algebra needs at least one factor")
        self.factors = factors
        self.n_u1 = n_u1
        #: total rank: the simple ranks plus one per U(1)
        self.rank = sum(f.rank for f in factors) + n_u1

    # ----------------------------------------------------------------- identity
    @property
    def name(self) -> str:
        """Like ``"A2+A1+U1"``.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("su(3) x su(2) x u(1)").name
        'A2+A1+U1'
        """
        return "+".join([f.name for f in self.factors] + ["U1"] * self.n_u1)

    def __repr__(self) -> str:
        return f"ReductiveAlgebra('{self.name}')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReductiveAlgebra) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("ReductiveAlgebra", self.name))

    @property
    def dimension(self) -> int:
        """Sum of the factors' dimensions plus one per U(1).

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("E6+E6").dimension
        156
        """
        return sum(f.dimension for f in self.factors) + self.n_u1

    # ----------------------------------------------------------------- weights
    def check_weight(self, hw: Any, *, name: str = "hw", dominant: bool = True
                     ) -> tuple[Any, ...]:
        """Flat labels (ints; U(1) charges ints or sympy Rationals) from a flat or nested form.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2+U1").check_weight(((1, 0), 2))
        (1, 0, 2)
        """
        if isinstance(hw, (str, bytes)) or not hasattr(hw, "__iter__"):
            raise TypeError(f"{name}={hw!r} must be a sequence of labels and charges")
        items = list(hw)
        nested = any(isinstance(x, (tuple, list)) for x in items)
        if nested:
            flat: list[Any] = []
            for x in items:
                flat.extend(x if isinstance(x, (tuple, list)) else [x])
            items = flat
        if len(items) != self.rank:
            raise ValueError(f"{name}={tuple(items)} has {len(items)} entries; {self.name} "
                             f"needs {self.rank} (labels of each factor, then U(1) charges)")
        out: list[Any] = []
        pos = 0
        for f in self.factors:
            out.extend(f.check_weight(tuple(items[pos:pos + f.rank]), name, dominant=dominant))
            pos += f.rank
        out.extend(exact_charge(_charge(x, name)) for x in items[pos:])
        return tuple(out)

    def split(self, hw: Any) -> tuple[list[tuple[int, ...]], tuple[Any, ...]]:
        """The factors' label tuples and the U(1) charges.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2+A1+U1").split((1, 0, 1, 2))
        ([(1, 0), (1,)], (2,))
        """
        w = self.check_weight(hw, name="hw", dominant=False)
        out, pos = [], 0
        for f in self.factors:
            out.append(tuple(w[pos:pos + f.rank]))
            pos += f.rank
        return out, tuple(w[pos:])

    def irrep_dimension(self, hw: Any) -> int:
        """Product of the factors' dimensions (U(1) irreps are one-dimensional).

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("E6+E6").irrep_dimension((1, 0, 0, 0, 0, 0) + (0,) * 5 + (1,))
        729
        """
        parts, _ = self.split(self.check_weight(hw))
        return math.prod(f.irrep_dimension(p) for f, p in zip(self.factors, parts, strict=True))

    def dual(self, hw: Any) -> tuple[Any, ...]:
        """Each factor's dual, charges negated.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2+A1+U1").dual((1, 0, 1, 2))
        (0, 1, 1, -2)
        """
        parts, charges = self.split(self.check_weight(hw))
        out: list[Any] = []
        for f, p in zip(self.factors, parts, strict=True):
            out.extend(f.dual(p))
        return tuple(out) + tuple(-c for c in charges)

    def _product(self, per_factor: list[dict], charges: tuple[Any, ...]) -> dict:
        out: dict = {}
        for combo in _cartesian(per_factor):
            key = tuple(x for k, _ in combo for x in k) + charges
            out[key] = out.get(key, 0) + math.prod(m for _, m in combo)
        return out

    def weights(self, hw: Any, *, dominant: bool = True) -> dict[tuple[Any, ...], int]:
        """Weights with multiplicities: products of the factors' weights, charges appended.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A1+U1").weights((1, 3), dominant=False)
        {(1, 3): 1, (-1, 3): 1}
        """
        if not isinstance(dominant, bool):
            raise TypeError(f"dominant={dominant!r} must be a bool")
        lam = self.check_weight(hw)
        if not dominant:
            check_size(self.irrep_dimension(lam), MAX_WEIGHTS,
                       f"hw={lam}: listing all weights of this {self.name} irrep, of dimension",
                       " (MAX_WEIGHTS)")
        parts, charges = self.split(lam)
        return self._product([f.weights(p, dominant=dominant)
                              for f, p in zip(self.factors, parts, strict=True)], charges)

    def character(self, hw: Any) -> dict[tuple[Any, ...], int]:
        """All weights with multiplicities (see :meth:`weights`).

        >>> from symphys.lie import LieAlgebra
        >>> sum(LieAlgebra("A2+A1").character((1, 0, 1)).values())
        6
        """
        return self.weights(hw, dominant=False)

    def tensor_product(self, hw1: Any, hw2: Any, *more: Any) -> dict[tuple[Any, ...], int]:
        """Tensor product factor by factor (charges add): ``{flat highest weight: mult}``.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A1+U1").tensor_product((1, 1), (1, -1))
        {(2, 0): 1, (0, 0): 1}
        """
        acc = {self.check_weight(hw1, name="hw1"): 1}
        for i, hw in enumerate((hw2, *more)):
            b = self.check_weight(hw, name="hw2" if i == 0 else f"more[{i - 1}]")
            bp, bc = self.split(b)
            new: dict = {}
            for a, m in acc.items():
                ap, ac = self.split(a)
                charges = tuple(x + y for x, y in zip(ac, bc, strict=True))
                per = [f.tensor_product(x, y) for f, x, y in zip(self.factors, ap, bp,
                                                                    strict=True)]
                for k, n in self._product(per, charges).items():
                    new[k] = new.get(k, 0) + m * n
            acc = new
        return dict(sorted(acc.items(), key=lambda kv: (-self.irrep_dimension(kv[0]),
                                                         tuple(Fraction(x) for x in kv[0]))))

    def irrep_name(self, hw: Any, *, latex: bool = False) -> str:
        """``(3,2)_1/6``: the factors' textbook names in parentheses, then the charges.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2+A1+U1").irrep_name((0, 1, 0, 2))
        '(3bar,1)_2'
        >>> from fractions import Fraction
        >>> LieAlgebra("A2+A1+U1").irrep_name((0, 1, 0, Fraction(1, 3)), latex=True)
        '(\\\\overline{\\\\mathbf{3}},\\\\mathbf{1})_{1/3}'
        """
        parts, charges = self.split(self.check_weight(hw))
        names = [f.irrep_name(p, latex=latex) for f, p in zip(self.factors, parts, strict=True)]
        text = "(" + ",".join(names) + ")" if names else ""
        if charges:
            body = ",".join(str(c) for c in charges)
            text += f"_{{{body}}}" if latex else f"_{body}"
        return text

    def adjoint_pieces(self) -> list[tuple[Any, Fraction, dict]]:
        """(adjoint highest weight, index, character) of each simple factor, and the U(1)s.

        >>> from symphys.lie import LieAlgebra
        >>> [p[0] for p in LieAlgebra("A1+U1").adjoint_pieces()]
        [(2, 0), (0, 0)]
        """
        out = []
        zero = (0,) * self.rank
        pos = 0
        for f in self.factors:
            theta = tuple(f.highest_root(coordinates="weight"))
            hw = zero[:pos] + theta + zero[pos + f.rank:]
            char = {zero[:pos] + k + zero[pos + f.rank:]: m for k, m in f.character(theta).items()}
            out.append((hw, Fraction(f.dual_coxeter_number()), char))
            pos += f.rank
        if self.n_u1:
            out.append((zero, Fraction(0), {zero: self.n_u1}))
        return out

    # ----------------------------------------------------------------- subalgebras
    def subalgebra(self, spec: Any, *, u1: Sequence[Any] | None = None) -> Subalgebra:
        """A subalgebra by name (module doc for the matching rules), or factor by factor.

        ``spec`` is a name (``"A2+U1"``), a :class:`~symphys.lie.branching.Subalgebra` of this
        algebra, or a list with one entry per simple factor: ``None`` (keep it), a name or a
        Subalgebra of that factor (its U(1)s come after the simple factors, then this
        algebra's own U(1)s). ``u1`` picks U(1) rows (rationals over the flat coordinates).

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2+A1+U1").subalgebra("A2+U1+U1").projection
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
        """
        if isinstance(spec, Subalgebra):
            if (spec.parent != self and len(self.factors) == 1 and not self.n_u1
                    and spec.parent == self.factors[0]):
                # a subalgebra of the one simple factor (a chain through a simple algebra)
                return self._factorwise([spec]) if u1 is None \
                    else with_u1(self._factorwise([spec]), u1)
            if spec.parent != self:
                raise ValueError(f"subalgebra {spec!r} belongs to {spec.parent.name}, not "
                                 f"{self.name}")
            return spec if u1 is None else with_u1(spec, u1)
        if isinstance(spec, (list, tuple)):
            sub = self._factorwise(spec)
            return sub if u1 is None else with_u1(sub, u1)
        simple, n_u1 = parse_subalgebra_name(spec)
        offsets, pos = [], 0
        for f in self.factors:
            offsets.append(pos)
            pos += f.rank
        used: set[int] = set()
        rows: list[list[Fraction]] = []
        factors = []
        for t in simple:
            idx = next((i for i, f in enumerate(self.factors)
                        if i not in used and (f.letter, f.rank) == t), None)
            if idx is not None:
                f = self.factors[idx]
                for j in range(f.rank):
                    rows.append([Fraction(int(c == offsets[idx] + j)) for c in range(self.rank)])
                used.add(idx)
                factors.append(f)
                continue
            options = []
            for i, f in enumerate(self.factors):
                if i in used:
                    continue
                try:
                    options.append((i, f.subalgebra(f"{t[0]}{t[1]}")))
                except ValueError:
                    continue
            if not options:
                raise ValueError(f"subalgebra={spec!r}: {t[0]}{t[1]} is neither a factor nor a "
                                 f"subalgebra of a free factor of {self.name}")
            if len({self.factors[i].name for i, _ in options}) > 1:
                raise ValueError(f"subalgebra={spec!r} is ambiguous: {t[0]}{t[1]} fits in "
                                 f"the factors {[self.factors[i].name for i, _ in options]}; "
                                 "build it with Subalgebra(...)")
            i, s = options[0]
            for row in s.projection:
                full = [Fraction(0)] * self.rank
                for c, x in enumerate(row):
                    full[offsets[i] + c] = Fraction(x)
                rows.append(full)
            used.add(i)
            factors.append(s.factors[0])
        free = [c for i, f in enumerate(self.factors) if i not in used
                for c in range(offsets[i], offsets[i] + f.rank)]
        free += list(range(pos, self.rank))
        if u1 is not None:
            entries = list(u1) if hasattr(u1, "__iter__") and not isinstance(u1, str) else None
            if entries is None:
                raise TypeError("u1 must be a sequence of rows (rationals over the flat "
                                "coordinates)")
            if len(entries) != n_u1:
                raise ValueError(f"u1 has {len(entries)} rows; {spec!r} has {n_u1} U(1)s")
            for e in entries:
                if isinstance(e, (str, bytes)) or not hasattr(e, "__iter__"):
                    raise TypeError(f"u1 entry {e!r} must be a row of {self.rank} rationals")
                row = [_charge(x, "u1") for x in e]
                if len(row) != self.rank:
                    raise ValueError(f"u1 row {list(e)} needs {self.rank} entries "
                                     f"(the flat coordinates of {self.name})")
                if any(row[c] for c in range(self.rank) if c not in free):
                    raise ValueError(f"u1 row {list(e)} does not commute with the kept "
                                     "factors: it must vanish on their coordinates")
                if not any(row):
                    raise ValueError("u1 rows must be nonzero")
                rows.append(row)
        elif n_u1 == len(free):
            rows += [[Fraction(int(c == f)) for c in range(self.rank)] for f in free]
        elif n_u1:
            raise ValueError(
                f"subalgebra={spec!r} is ambiguous: {n_u1} U(1) factor(s) out of the "
                f"{len(free)} abelian directions left (flat coordinates {free} of "
                f"{self.name}); give u1=[row, ...] over the flat coordinates, e.g. "
                "Q = T3 + Y")
        how = f"{self.name} > {spec}"
        if u1 is not None:
            return Subalgebra(self, factors, n_u1, rows, how=how + " with the given U(1)s")
        return Subalgebra._trusted(self, factors, n_u1, rows, how=how)

    def _factorwise(self, parts: Sequence[Any]) -> Subalgebra:
        """One entry per simple factor: None (kept), a name or a Subalgebra of that factor."""
        if len(parts) != len(self.factors):
            raise ValueError(f"subalgebra: a list needs one entry per simple factor of "
                             f"{self.name} ({len(self.factors)}), got {len(parts)}")
        simple_rows: list[list[Fraction]] = []
        u1_rows: list[list[Fraction]] = []
        factors = []
        pos = 0
        for f, part in zip(self.factors, parts, strict=True):
            if part is None:
                sub = None
            elif isinstance(part, Subalgebra):
                if part.parent != f:
                    raise ValueError(f"subalgebra {part!r} is not a subalgebra of {f.name}")
                sub = part
            elif isinstance(part, str):
                sub = f.subalgebra(part)
            else:
                raise TypeError(f"subalgebra entry {part!r} must be None, a name or a "
                                "Subalgebra of its factor")

            def pad(row: Sequence[Any], pos: int = pos, width: int = f.rank) -> list[Fraction]:
                full = [Fraction(0)] * self.rank
                for c in range(width):
                    full[pos + c] = Fraction(row[c])
                return full

            if sub is None:
                factors.append(f)
                simple_rows += [pad([int(i == j) for j in range(f.rank)]) for i in range(f.rank)]
            else:
                factors += sub.factors
                nss = sum(g.rank for g in sub.factors)
                simple_rows += [pad(r) for r in sub._rows[:nss]]
                u1_rows += [pad(r) for r in sub._rows[nss:]]
            pos += f.rank
        u1_rows += [[Fraction(int(c == k)) for c in range(self.rank)]
                    for k in range(pos, self.rank)]
        name = "+".join([g.name for g in factors] + ["U1"] * len(u1_rows))
        return Subalgebra._trusted(self, factors, len(u1_rows), simple_rows + u1_rows,
                                   how=f"{self.name} > {name}, factor by factor")

    def of_subalgebra(self, sub: Subalgebra) -> ReductiveAlgebra:
        """The subalgebra ``sub`` (of anything) as a :class:`ReductiveAlgebra` of its own.

        >>> from symphys.lie import LieAlgebra
        >>> sm = LieAlgebra("A2+A1+U1")
        >>> sm.of_subalgebra(sm.subalgebra("A2+U1+U1"))
        ReductiveAlgebra('A2+U1+U1')
        """
        if not isinstance(sub, Subalgebra):
            raise TypeError(f"sub must be a Subalgebra, got {type(sub).__name__}")
        return ReductiveAlgebra(sub.factors, sub.n_u1)

    def branch(self, hw: Any, subalgebra: Any, *, u1: Sequence[Any] | None = None
               ) -> Branching:
        """Restrict an irrep to a subalgebra: a :class:`~symphys.lie.branching_rule.Branching`.

        >>> from symphys.lie import LieAlgebra
        >>> LieAlgebra("A2+A1+U1").branch((1, 0, 1, 1), "A2+U1+U1")
        {(1, 0, -1, 1): 1, (1, 0, 1, 1): 1}
        """
        sub = self.subalgebra(subalgebra, u1=u1)
        lam = self.check_weight(hw)
        char = self.character(lam)
        projected: dict = {}
        for w, m in char.items():
            key = sub._project(w)
            projected[key] = projected.get(key, 0) + m
        out = decompose(sub, projected, f"hw={lam}")
        return Branching(out, sub, self.of_subalgebra(sub))

    def _sorted_by_dimension(self, sub: Subalgebra, data: dict) -> dict:
        """``data`` (keyed by flat weights of ``sub``) by decreasing dimension, then labels."""
        return dict(sorted(((k, v) for k, v in data.items() if v),
                           key=lambda kv: (-sub.irrep_dimension(kv[0]),
                                           tuple(Fraction(x) for x in kv[0]))))


def _cartesian(per_factor: list[dict]) -> Iterable[tuple]:
    return itertools.product(*(d.items() for d in per_factor))
