"""Coupling symbols over arrays of arguments (private): parsing and block gathers.

A vectorised call (``gaunt(l1, l2, l3, m1, m2, m3)`` with NumPy arrays) is answered by
grouping its symbols by their sorted triple ``(j1, j2, j3)``: each group reads the cached,
correctly rounded compact block of that triple with one fancy index (:func:`gather`), and odd
column permutations multiply by ``(-1)^(j1+j2+j3)`` exactly. 3j symbols and Clebsch-Gordan
coefficients take the same layout in :mod:`symphys.angular._threej_vec`, which evaluates only
the block entries a call reads. Triples with a ``j`` above :data:`BLOCK_LMAX` are evaluated
one by one by the scalar function, their total Racah cost bounded in closed form before any
work (:data:`MAX_VECTOR_COST`).
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

from symphys.angular._exact import MAX_J, MAX_RACAH_COST, check_size, twice

__all__: list[str] = []

#: symbols whose every ``j`` is at most this are read from compact blocks (each at most
#: ``(2 BLOCK_LMAX + 1)**2`` floats)
BLOCK_LMAX = 64

#: the symbols of one vectorised call evaluated one by one (beyond :data:`BLOCK_LMAX`, exact
#: values, 6j/9j symbols) may cost at most this in total, counted as the scalar limit
#: (``n_terms * perimeter``) plus :data:`SYMBOL_OVERHEAD` per symbol
MAX_VECTOR_COST = MAX_RACAH_COST

#: the cost charged for each symbol evaluated one by one (the Python call: a few
#: microseconds), so that at most ``MAX_VECTOR_COST / SYMBOL_OVERHEAD`` (500000) are
SYMBOL_OVERHEAD = 1000


def check_one_by_one(n: int, total: int = 0) -> None:
    """Refuse ``n`` symbols evaluated one by one whose Racah costs sum to ``total`` beyond
    :data:`MAX_VECTOR_COST` (before any work)."""
    total += n * SYMBOL_OVERHEAD
    if total > MAX_VECTOR_COST:
        raise ValueError(f"{n} symbols evaluated one by one cost {total:.3g} (the sum of "
                         f"n_terms * perimeter plus SYMBOL_OVERHEAD = {SYMBOL_OVERHEAD} per "
                         f"symbol), more than the limit MAX_VECTOR_COST = "
                         f"{MAX_VECTOR_COST:.3g}")


def is_array_call(*args: object) -> bool:
    """True when an argument is a NumPy array (the vectorised form; lists stay refused, as
    in the scalar API)."""
    return any(isinstance(a, np.ndarray) for a in args)


def twice_array(value: object, name: str, is_j: bool) -> np.ndarray:
    """``2 * value`` as an int64 array, for arrays of integers or half-integers.

    bools, strings and complex numbers are a TypeError; NaN, inf and non-half-integers a
    ValueError naming ``name``; a ``j`` above ``MAX_J`` a ValueError. ``|m|`` beyond
    ``MAX_J + 1`` is clipped (such a symbol is 0 whatever the clip).
    """
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be an array of integers or half-integers: {exc}") from None
    kind = arr.dtype.kind
    if kind == "b":
        raise TypeError(f"{name} must hold integers or half-integers, not bools")
    if kind in "iu":
        if arr.size == 0 or (int(arr.min()) >= -(MAX_J + 1) and int(arr.max()) <= MAX_J + 1):
            t = np.multiply(arr, 2, dtype=np.int64)  # the common case: one pass
        else:
            a = arr.astype(np.float64)
            t = 2 * np.clip(a, -(MAX_J + 1), MAX_J + 1).astype(np.int64)
    elif kind == "f":
        a = arr.astype(np.float64)
        if not np.isfinite(a).all():
            raise ValueError(f"{name} must be finite (it holds NaN or inf)")
        if (2 * a != np.floor(2 * a)).any():
            bad = a[2 * a != np.floor(2 * a)].flat[0]
            raise ValueError(f"{name} holds {bad}, not an integer or half-integer")
        t = (2 * np.clip(a, -(MAX_J + 1), MAX_J + 1)).astype(np.int64)
    elif kind == "O":
        flat = [twice(v, name) for v in arr.ravel().tolist()]
        t = np.clip(np.array(flat, dtype=object), -2 * (MAX_J + 1), 2 * (MAX_J + 1))
        t = t.astype(np.int64).reshape(arr.shape)
    else:
        raise TypeError(f"{name} must be an array of integers or half-integers, not dtype "
                        f"{arr.dtype}")
    if is_j and t.size and t.max() > 2 * MAX_J:
        raise ValueError(f"{name} holds {Fraction(int(t.max()), 2)}, violating {name} <= "
                         f"{MAX_J} (the largest angular momentum supported)")
    return t


def parse_arrays(values: tuple, names: tuple[str, ...], n_j: int) -> tuple[np.ndarray, tuple]:
    """Doubled arrays broadcast together: ``(T, shape)`` with ``T`` of shape ``(k, n)``; the
    first ``n_j`` arguments are angular momenta."""
    arrs = [twice_array(v, n, i < n_j) for i, (v, n) in enumerate(zip(values, names,
                                                                        strict=True))]
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrs))
    except ValueError:
        raise ValueError(f"{', '.join(names)} must broadcast together; shapes "
                         f"{[a.shape for a in arrs]}") from None
    n = math.prod(shape)
    check_size(names[0], f"an array of {n} symbols", 8 * (len(arrs) + 2) * n,
               f"8 * {len(arrs) + 2} * (number of symbols)")
    T = np.stack([np.broadcast_to(a, shape).ravel() for a in arrs])
    return T, shape


def threej_valid(tj: np.ndarray, tm: np.ndarray) -> np.ndarray:
    """Symbols that survive the domain and selection rules (doubled ``(3, n)`` arrays)."""
    j1, j2, j3 = tj
    ok = (tm[0] + tm[1] + tm[2]) == 0
    ok &= j3 <= j1 + j2
    ok &= j3 >= np.abs(j1 - j2)
    for i in range(3):  # |m| <= j (so j >= 0)
        ok &= np.abs(tm[i]) <= tj[i]
    if ((tj | tm) & 1).any():  # half-integers: j - m and j1 + j2 + j3 must be integers
        ok &= ((j1 + j2 + j3) & 1) == 0
        for i in range(3):
            ok &= ((tj[i] ^ tm[i]) & 1) == 0
    return ok


def gather(tj: np.ndarray, tm: np.ndarray, block, with_j3: bool = False) -> np.ndarray:
    """3j-like values of valid symbols from compact blocks of their sorted triples.

    ``block(srt, j3)`` returns the compact float block of the ascending doubled triple ``srt``
    (a tuple) times an exact sign; ``j3`` is the doubled third column of the caller when
    ``with_j3`` (a Clebsch-Gordan block folds ``sqrt(2 j3 + 1)`` in), else None. The value
    of a symbol is ``K[(m_a + j_a)/2, (m_b + j_b)/2]`` for its sorted columns ``a, b``, negated
    for an odd permutation when ``j1+j2+j3`` is odd.
    """
    n = tj.shape[1]
    out = np.zeros(n)
    if n == 0:
        return out
    a, b, c = tj
    # the sorting permutation of three columns by comparisons (stable: ties keep their order)
    # first: lowest index among the minima; last: highest index among the maxima
    first = np.where((a <= b) & (a <= c), 0, np.where(b <= c, 1, 2))
    last = np.where((c >= a) & (c >= b), 2, np.where(b >= a, 1, 0))
    mid = 3 - first - last
    def pick(idx):
        return np.where(idx == 0, tj[0], np.where(idx == 1, tj[1], tj[2]))

    srt = np.stack([pick(first), pick(mid), pick(last)])
    ms0 = np.where(first == 0, tm[0], np.where(first == 1, tm[1], tm[2]))
    ms1 = np.where(mid == 0, tm[0], np.where(mid == 1, tm[1], tm[2]))
    odd = (first == 1) & (mid == 0) | (first == 0) & (mid == 2) | (first == 2) & (mid == 1)
    neg = odd & (((a + b + c) // 2) % 2 == 1)
    base = int(srt.max()) + 1
    key = (srt[0] * base + srt[1]) * base + srt[2]
    nextra = 1
    if with_j3:  # the block also depends on which sorted column holds the caller's j3
        nextra = 3
        key = key * 3 + np.where(first == 2, 0, np.where(mid == 2, 1, 2))
    i1 = (ms0 + srt[0]) // 2
    i2 = (ms1 + srt[1]) // 2
    present = np.zeros(base**3 * nextra, dtype=bool)
    present[key] = True
    uniq = np.flatnonzero(present)
    triples = []
    for k in uniq.tolist():
        k, e = divmod(k, nextra)
        k, s2 = divmod(k, base)
        s0, s1 = divmod(k, base)
        triples.append(((s0, s1, s2), (s0, s1, s2)[e] if with_j3 else None))
    offsets, widths, flat = _STORE.locate(block, triples)
    gid = np.cumsum(present) - 1
    inv = gid[key]
    vals = flat[offsets[inv] + i1 * widths[inv] + i2]
    return np.where(neg, 0.0 - vals, vals)


class _FlatStore:
    """Compact blocks laid end to end in one float array, so that a vectorised call gathers
    every value with one fancy index. Holds at most ``max_floats`` values (emptied when a new
    call would exceed it); keyed by the block function and its arguments."""

    def __init__(self, max_floats: int) -> None:
        self.max_floats = max_floats
        self.clear()

    def clear(self) -> None:
        self.index: dict = {}
        self.flat = np.zeros(0)

    def locate(self, block, triples: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        name = getattr(block, "__qualname__", repr(block))
        missing = [t for t in triples if (name, *t) not in self.index]
        if missing:
            new = [block(*t) for t in missing]
            grow = sum(K.size for K in new)
            if self.flat.size + grow > self.max_floats:
                self.clear()
                missing = triples
                new = [block(*t) for t in missing]
            pos = self.flat.size
            for t, K in zip(missing, new, strict=True):
                self.index[(name, *t)] = (pos, K.shape[1])
                pos += K.size
            self.flat = np.concatenate([self.flat, *(K.ravel() for K in new)])
        where = [self.index[(name, *t)] for t in triples]
        offsets = np.array([w[0] for w in where], dtype=np.int64)
        widths = np.array([w[1] for w in where], dtype=np.int64)
        return offsets, widths, self.flat


#: the blocks of vectorised calls (at most 2**24 floats, 128 MiB)
_STORE = _FlatStore(2**24)


def scalar_loop(fn, T: np.ndarray, cost) -> np.ndarray:
    """``fn`` (doubled ints -> float) over the columns of ``T``, total ``cost`` bounded first."""
    cols = T.T.tolist()
    check_one_by_one(len(cols), sum(cost(*col) for col in cols))
    return np.array([fn(*col) for col in T.T.tolist()], dtype=np.float64)


def integral(value: object) -> bool:
    """An int-like scalar (not bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))
