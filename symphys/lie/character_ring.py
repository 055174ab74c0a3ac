"""Virtual characters: the representation ring of a simple Lie algebra, with plethysm.

A :class:`VirtualCharacter` is a finite integer combination ``sum_l c_l [V(l)]`` of irreps
(negative coefficients allowed), kept as ``{highest weight: coefficient}``. Sums, differences
and integer multiples act on the coefficients; the product is the tensor product
(Brauer-Klimyk, :func:`symphys.lie.representations.tensor_product`, bilinearly).

**Adams operations** ``psi^k`` (weights multiplied by ``k``) are decomposed without listing
characters of products: for any W-invariant multiset of weights,
``sum_w m(w) e^w = sum_w m(w) sign(s) [V(s(w + rho) - rho)]`` with ``s`` the Weyl element making
``w + rho`` dominant (terms with ``w + rho`` on a wall vanish), the Racah-Speiser/Brauer
rule applied to ``psi^k V``.

**Symmetric and alternating powers** by Newton's identities,
``k h_k = sum_{i=1}^k psi^i h_{k-i}`` and ``k e_k = sum_{i=1}^k (-1)^(i-1) psi^i e_{k-i}``;
**plethysm** ``S_lambda(V) = sum_{mu |- n} chi^lambda(mu) / z_mu prod_i psi^{mu_i}(V)``
(Macdonald, *Symmetric Functions and Hall Polynomials*, I.7), with the symmetric-group
characters ``chi^lambda(mu)`` from the Murnaghan-Nakayama rule on beta-sets. ``S_(n)`` is
``Sym^n`` and ``S_(1^n)`` is ``Alt^n`` (LiE's ``sym_tensor``, ``alt_tensor``, ``plethysm``).

Costs are bounded before any work: the degree ``n`` of a power or plethysm is at most
:data:`MAX_PLETHYSM_DEGREE`, and ``dim(V)^n`` at most :data:`MAX_PLETHYSM_DIMENSION`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

from symphys.lie import representations
from symphys.lie.weyl_group import orbit

__all__ = ["VirtualCharacter", "symmetric_power", "alternating_power", "plethysm",
           "adams_operation", "sn_character", "MAX_PLETHYSM_DEGREE", "MAX_PLETHYSM_DIMENSION"]

#: Largest degree ``n`` of ``Sym^n``, ``Alt^n`` and plethysms ``S_lambda``, ``|lambda| = n``.
MAX_PLETHYSM_DEGREE = 16
#: Largest ``dim(V)^n`` (the dimension of ``V^{(x) n}``) a power or plethysm takes on.
MAX_PLETHYSM_DIMENSION = 10**9

Weight = tuple[int, ...]
#: A :class:`symphys.lie.LieAlgebra` (not imported here: no import cycle).
LieAlgebra = Any


def _terms(alg: LieAlgebra, terms: Mapping[Any, Any] | Iterable[Any]) -> dict[Weight, int]:
    if isinstance(terms, Mapping):
        items = list(terms.items())
    else:
        items = [(t, 1) for t in terms]
    out: dict[Weight, int] = {}
    for hw, c in items:
        if isinstance(c, bool) or not hasattr(c, "__index__"):
            raise TypeError(f"terms: coefficient {c!r} of {hw!r} must be an int")
        lam = alg.check_weight(hw, "terms")
        out[lam] = out.get(lam, 0) + int(c.__index__())
    return {k: v for k, v in out.items() if v}


class VirtualCharacter:
    """An integer combination of irreps of a simple Lie algebra (the representation ring).

    ``terms`` maps highest weights (Dynkin labels) to integer coefficients, or lists highest
    weights (each once). ``+``, ``-``, ``*`` (tensor product, or an int) and ``==`` work;
    ``dimension`` is the virtual dimension.

    >>> from symphys.lie import LieAlgebra
    >>> su3 = LieAlgebra("A2")
    >>> x = VirtualCharacter(su3, [(1, 0)])
    >>> (x * x - x.symmetric_power(2)).terms   # 3 x 3 - Sym^2 3 = Alt^2 3 = 3bar
    {(0, 1): 1}
    """

    def __init__(self, algebra: LieAlgebra, terms: Mapping[Any, Any] | Iterable[Any]) -> None:
        if not hasattr(algebra, "root_system") or not hasattr(algebra, "tensor_product"):
            raise TypeError(f"algebra must be a LieAlgebra, got {type(algebra).__name__}")
        if isinstance(terms, (str, bytes)) or not isinstance(terms, (Mapping, Iterable)):
            raise TypeError("terms must map highest weights to ints, or list highest weights")
        self.algebra = algebra
        #: ``{highest weight: coefficient}``, zero coefficients dropped, by decreasing dimension
        self.terms: dict[Weight, int] = _sorted(algebra, _terms(algebra, terms))

    def __repr__(self) -> str:
        return f"VirtualCharacter({self.algebra.name}, {self.terms})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, VirtualCharacter):
            return other.algebra == self.algebra and other.terms == self.terms
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _new(self, terms: dict[Weight, int]) -> VirtualCharacter:
        out = VirtualCharacter.__new__(VirtualCharacter)
        out.algebra = self.algebra
        out.terms = _sorted(self.algebra, {k: v for k, v in terms.items() if v})
        return out

    def _coerce(self, other: Any) -> VirtualCharacter:
        if isinstance(other, VirtualCharacter):
            if other.algebra != self.algebra:
                raise ValueError(f"characters of {self.algebra.name} and "
                                 f"{other.algebra.name} do not combine")
            return other
        raise TypeError(f"cannot combine a VirtualCharacter with {type(other).__name__}")

    def __add__(self, other: Any) -> VirtualCharacter:
        o = self._coerce(other)
        acc = dict(self.terms)
        for k, v in o.terms.items():
            acc[k] = acc.get(k, 0) + v
        return self._new(acc)

    def __neg__(self) -> VirtualCharacter:
        return self._new({k: -v for k, v in self.terms.items()})

    def __sub__(self, other: Any) -> VirtualCharacter:
        return self + (-self._coerce(other))

    def __mul__(self, other: Any) -> VirtualCharacter:
        if isinstance(other, int) and not isinstance(other, bool):
            return self._new({k: other * v for k, v in self.terms.items()})
        o = self._coerce(other)
        return self._new(_product(self.algebra, self.terms, o.terms))

    def __rmul__(self, other: Any) -> VirtualCharacter:
        if isinstance(other, int) and not isinstance(other, bool):
            return self * other
        return NotImplemented

    @property
    def dimension(self) -> int:
        """Virtual dimension ``sum_l c_l dim V(l)``.

        >>> from symphys.lie import LieAlgebra
        >>> VirtualCharacter(LieAlgebra("A2"), {(1, 1): 1, (0, 0): -1}).dimension
        7
        """
        return sum(c * self.algebra.irrep_dimension(k) for k, c in self.terms.items())

    def is_effective(self) -> bool:
        """True when every coefficient is >= 0 (an actual representation).

        >>> from symphys.lie import LieAlgebra
        >>> VirtualCharacter(LieAlgebra("A1"), {(1,): -1}).is_effective()
        False
        """
        return all(v >= 0 for v in self.terms.values())

    def dual(self) -> VirtualCharacter:
        """The contragredient: every irrep replaced by its dual.

        >>> from symphys.lie import LieAlgebra
        >>> VirtualCharacter(LieAlgebra("A2"), [(1, 0)]).dual().terms
        {(0, 1): 1}
        """
        acc: dict[Weight, int] = {}
        for k, v in self.terms.items():
            d = self.algebra.dual(k)
            acc[d] = acc.get(d, 0) + v
        return self._new(acc)

    def adams(self, k: int) -> VirtualCharacter:
        """The Adams operation ``psi^k`` (weights times ``k``), decomposed into irreps.

        >>> from symphys.lie import LieAlgebra
        >>> VirtualCharacter(LieAlgebra("A1"), [(1,)]).adams(2).terms   # psi^2 of spin 1/2
        {(2,): 1, (0,): -1}
        """
        k = _degree(k, "k")
        acc: dict[Weight, int] = {}
        for hw, c in self.terms.items():
            for w, m in adams_operation(self.algebra, hw, k).items():
                acc[w] = acc.get(w, 0) + c * m
        return self._new(acc)

    def symmetric_power(self, k: int) -> VirtualCharacter:
        """``Sym^k`` of this (virtual) representation (Newton's identities).

        >>> from symphys.lie import LieAlgebra
        >>> VirtualCharacter(LieAlgebra("A2"), [(1, 0)]).symmetric_power(2).terms
        {(2, 0): 1}
        """
        return self.plethysm((_degree(k, "k"),))

    def alternating_power(self, k: int) -> VirtualCharacter:
        """``Alt^k`` (exterior power) of this (virtual) representation.

        >>> from symphys.lie import LieAlgebra
        >>> VirtualCharacter(LieAlgebra("A2"), [(1, 0)]).alternating_power(3).terms
        {(0, 0): 1}
        """
        return self.plethysm((1,) * _degree(k, "k"))

    def plethysm(self, partition: Sequence[int]) -> VirtualCharacter:
        """The Schur functor ``S_partition`` applied to this (virtual) representation.

        >>> from symphys.lie import LieAlgebra
        >>> VirtualCharacter(LieAlgebra("A1"), [(1,)]).plethysm((2, 1)).terms   # S_21(C^2)
        {(1,): 1}
        """
        lam = _partition(partition)
        n = sum(lam)
        dim = max(abs(self.dimension), sum(abs(c) * self.algebra.irrep_dimension(k)
                                          for k, c in self.terms.items()))
        _check_cost(dim, n)
        if lam == (n,) or lam == (1,) * n:
            return _newton(self, n, alternating=lam != (n,))
        total: dict[Weight, Fraction] = {}
        for mu, zmu in _partitions_with_z(n):
            chi = sn_character(lam, mu)
            if not chi:
                continue
            term = None
            for part in mu:
                a = self.adams(part)
                term = a if term is None else term * a
            assert term is not None
            for k, v in term.terms.items():
                total[k] = total.get(k, Fraction(0)) + Fraction(chi * v, zmu)
        out = {}
        for k, v in total.items():
            assert v.denominator == 1, (k, v)
            out[k] = int(v)
        return self._new(out)


def _sorted(alg: LieAlgebra, terms: dict[Weight, int]) -> dict[Weight, int]:
    return dict(sorted(terms.items(), key=lambda kv: (-alg.irrep_dimension(kv[0]), kv[0])))


def _product(alg: LieAlgebra, a: dict[Weight, int], b: dict[Weight, int]) -> dict[Weight, int]:
    acc: dict[Weight, int] = {}
    for x, cx in a.items():
        for y, cy in b.items():
            for w, m in alg.tensor_product(x, y).items():
                acc[w] = acc.get(w, 0) + cx * cy * m
    return acc


def _degree(k: Any, name: str) -> int:
    if isinstance(k, bool) or not hasattr(k, "__index__"):
        raise TypeError(f"{name}={k!r} must be an int")
    k = int(k.__index__())
    if not 1 <= k <= MAX_PLETHYSM_DEGREE:
        raise ValueError(f"{name}={k} must be in 1..{MAX_PLETHYSM_DEGREE} "
                         "(symphys.lie.character_ring.MAX_PLETHYSM_DEGREE)")
    return k


def _partition(partition: Any) -> tuple[int, ...]:
    if isinstance(partition, (str, bytes)) or not hasattr(partition, "__iter__"):
        raise TypeError(f"partition={partition!r} must be a sequence of ints like (2, 1)")
    parts = []
    for p in partition:
        if isinstance(p, bool) or not hasattr(p, "__index__"):
            raise TypeError(f"partition={partition!r} must contain ints")
        parts.append(int(p.__index__()))
    parts = [p for p in parts if p != 0]
    if not parts or any(p < 0 for p in parts) or parts != sorted(parts, reverse=True):
        raise ValueError(f"partition={tuple(parts)} must be non-increasing positive ints")
    _degree(sum(parts), "sum(partition)")
    return tuple(parts)


def _check_cost(dim: int, n: int) -> None:
    if dim ** n > MAX_PLETHYSM_DIMENSION:
        raise ValueError(f"a degree-{n} power of a representation of dimension {dim} has "
                         f"dim^n = {float(dim) ** n:.1e} > {MAX_PLETHYSM_DIMENSION:.0e} "
                         "(symphys.lie.character_ring.MAX_PLETHYSM_DIMENSION)")


def _newton(v: VirtualCharacter, n: int, *, alternating: bool) -> VirtualCharacter:
    """``h_n`` or ``e_n`` of ``v`` by Newton's identities (exact integer division at the end)."""
    powers = [v._new({(0,) * v.algebra.rank: 1})]
    adams = [None] + [v.adams(i) for i in range(1, n + 1)]
    for k in range(1, n + 1):
        acc: dict[Weight, int] = {}
        for i in range(1, k + 1):
            sign = -1 if alternating and i % 2 == 0 else 1
            prod = adams[i] * powers[k - i]
            for w, c in prod.terms.items():
                acc[w] = acc.get(w, 0) + sign * c
        out = {}
        for w, c in acc.items():
            q, r = divmod(c, k)
            assert r == 0, (w, c, k)
            out[w] = q
        powers.append(v._new(out))
    return powers[n]


def adams_operation(alg: LieAlgebra, hw: Sequence[int], k: int) -> dict[Weight, int]:
    """``psi^k V(hw)`` as ``{highest weight: integer coefficient}`` (Racah-Speiser, module doc).

    >>> from symphys.lie import LieAlgebra
    >>> adams_operation(LieAlgebra("A2"), (1, 0), 2)   # psi^2 3 = Sym^2 3 - Alt^2 3
    {(2, 0): 1, (0, 1): -1}
    """
    rs = alg.root_system
    lam = alg.check_weight(hw, "hw")
    k = _degree(k, "k")
    representations.check_size(representations.weyl_dimension(rs, lam),
                               representations.MAX_WEIGHTS,
                               f"hw={lam}: psi^k enumerates the weights of an irrep of dimension",
                               " (MAX_WEIGHTS)")
    acc: dict[Weight, int] = {}
    for mu, m in representations.dominant_weights(rs, lam).items():
        for w in orbit(mu, rs.cartan):
            v, sign = representations.to_dominant(rs, tuple(k * x + 1 for x in w))
            if 0 in v:
                continue
            key = tuple(x - 1 for x in v)
            acc[key] = acc.get(key, 0) + sign * m
    return _sorted(alg, {k_: v for k_, v in acc.items() if v})


def symmetric_power(alg: LieAlgebra, hw: Sequence[int], k: int) -> dict[Weight, int]:
    """``Sym^k V(hw)`` as ``{highest weight: multiplicity}``.

    >>> from symphys.lie import LieAlgebra
    >>> symmetric_power(LieAlgebra("E6"), (1, 0, 0, 0, 0, 0), 2)   # Sym^2 27 = 351' + 27bar
    {(2, 0, 0, 0, 0, 0): 1, (0, 0, 0, 0, 0, 1): 1}
    """
    lam = alg.check_weight(hw, "hw")
    return dict(VirtualCharacter(alg, [lam]).symmetric_power(k).terms)


def alternating_power(alg: LieAlgebra, hw: Sequence[int], k: int) -> dict[Weight, int]:
    """``Alt^k V(hw)`` (exterior power) as ``{highest weight: multiplicity}``.

    >>> from symphys.lie import LieAlgebra
    >>> alternating_power(LieAlgebra("E6"), (1, 0, 0, 0, 0, 0), 2)   # Alt^2 27 = 351
    {(0, 0, 1, 0, 0, 0): 1}
    """
    lam = alg.check_weight(hw, "hw")
    return dict(VirtualCharacter(alg, [lam]).alternating_power(k).terms)


def plethysm(alg: LieAlgebra, hw: Sequence[int], partition: Sequence[int]) -> dict[Weight, int]:
    """``S_partition(V(hw))`` as ``{highest weight: multiplicity}``.

    >>> from symphys.lie import LieAlgebra
    >>> plethysm(LieAlgebra("A2"), (1, 0), (2, 1))   # S_21(C^3): the octet
    {(1, 1): 1}
    """
    lam = alg.check_weight(hw, "hw")
    return dict(VirtualCharacter(alg, [lam]).plethysm(partition).terms)


# ----------------------------------------------------------------------------- S_n characters
def _partitions(n: int, largest: int | None = None) -> list[tuple[int, ...]]:
    largest = n if largest is None else largest
    if n == 0:
        return [()]
    out = []
    for first in range(min(n, largest), 0, -1):
        for rest in _partitions(n - first, first):
            out.append((first,) + rest)
    return out


def _partitions_with_z(n: int) -> list[tuple[tuple[int, ...], int]]:
    out = []
    for mu in _partitions(n):
        z = 1
        for part in set(mu):
            c = mu.count(part)
            z *= part**c * math.factorial(c)
        out.append((mu, z))
    return out


@lru_cache(maxsize=4096)
def _mn(beta: frozenset[int], mu: tuple[int, ...]) -> int:
    if not mu:
        return 1
    k, rest = mu[0], mu[1:]
    total = 0
    for b in beta:
        if b - k >= 0 and (b - k) not in beta:
            between = sum(1 for x in beta if b - k < x < b)
            new = frozenset((beta - {b}) | {b - k})
            total += (-1) ** between * _mn(new, rest)
    return total


def sn_character(partition: Sequence[int], cycle_type: Sequence[int]) -> int:
    """Symmetric-group character ``chi^partition(cycle_type)`` (Murnaghan-Nakayama).

    >>> sn_character((2, 1), (1, 1, 1)), sn_character((2, 1), (3,))
    (2, -1)
    """
    lam = _partition(partition)
    mu = _partition(sorted(cycle_type, reverse=True))
    if sum(lam) != sum(mu):
        raise ValueError(f"partition={lam} and cycle_type={mu} must have the same size")
    n = len(lam)
    beta = frozenset(lam[i] + (n - 1 - i) for i in range(n))
    return _mn(beta, mu)
