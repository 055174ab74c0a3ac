"""Irreps of O(3): an immutable value type, written and read as e3nn's text form.

``Irreps("8x0e + 4x1o + 2x2e")`` is a direct sum of O(3) irreducible representations: each term
``mul x l p`` is ``mul`` copies of the degree-``l`` irrep (dimension ``2l+1``) with parity
``p = +1`` (``"e"``, even) or ``-1`` (``"o"``, odd); ``"y"`` means the parity of the spherical
harmonics, ``(-1)^l``, and a missing ``mul`` means 1 -- the text form of e3nn's
``o3.Irreps`` (Geiger and Smidt, arXiv:2207.09453), which ``str`` writes back
(``"8x0e+4x1o+2x2e"``).

A feature vector of these irreps has ``dim = sum mul (2l+1)`` components. Two memory orders are
in use (:data:`LAYOUTS`): ``"mul_ir"`` (e3nn, and symphys' layers: per term, ``mul`` consecutive
blocks of ``2l+1``) and ``"ir_mul"`` (cuEquivariance's default: per term, ``2l+1`` consecutive
blocks of ``mul``); :meth:`Irreps.change_layout` converts between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import symphys._array as _array

__all__ = ["Irreps", "LAYOUTS", "MAX_L", "MAX_DIM", "MAX_TEXT"]

#: the two memory orders of a feature vector: e3nn's and cuEquivariance's
LAYOUTS = ("mul_ir", "ir_mul")
#: largest degree an :class:`Irreps` accepts
MAX_L = 1000
#: largest total dimension ``sum mul (2l+1)`` an :class:`Irreps` accepts
MAX_DIM = 10**8
#: longest text an :class:`Irreps` parses (characters)
MAX_TEXT = 100_000

_TERM = re.compile(r"^(?:(\d+)\s*x\s*)?(\d+)\s*([eoy])$")
_PARITY = {"e": 1, "o": -1}


def _int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{name}={value!r} must be an int")
    v = int(value.__index__())
    if not low <= v <= high:
        raise ValueError(f"{name}={v} must be in [{low}, {high}]")
    return v


def _term(item: object) -> tuple[int, int, int]:
    """(mul, l, p) from (mul, l, p), (mul, (l, p)), or an e3nn/cue-like (mul, ir) pair."""
    if isinstance(item, str):
        return Irreps(item)._terms[0] if len(Irreps(item)) == 1 else _bad_term(item)
    if not isinstance(item, (tuple, list)):
        ir = getattr(item, "ir", None)
        if ir is not None and hasattr(item, "mul"):
            return _term((item.mul, (ir.l, ir.p)))
        raise TypeError(f"an irreps term must be (mul, l, p) or (mul, (l, p)); got {item!r}")
    if len(item) == 2:
        mul, ir = item
        if isinstance(ir, str):
            sub = Irreps(ir)
            if len(sub) != 1 or sub._terms[0][0] != 1:
                _bad_term(item)
            l, p = sub._terms[0][1:]
        elif hasattr(ir, "l") and hasattr(ir, "p"):  # e3nn's o3.Irrep, cue's O3
            l, p = ir.l, ir.p
        elif isinstance(ir, (tuple, list)) and len(ir) == 2:
            l, p = ir
        else:
            _bad_term(item)
    elif len(item) == 3:
        mul, l, p = item
    else:
        _bad_term(item)
    mul = _int(mul, "mul", 0, MAX_DIM)
    l = _int(l, "l", 0, MAX_L)
    if isinstance(p, bool) or p not in (1, -1):
        raise ValueError(f"parity p={p!r} must be +1 or -1")
    return mul, l, int(p)


def _bad_term(item: object):
    raise ValueError(f"an irreps term must be (mul, l, p) or (mul, (l, p)); got {item!r}")


def _parse(text: str) -> tuple[tuple[int, int, int], ...]:
    if len(text) > MAX_TEXT:
        raise ValueError(f"irreps text has {len(text)} characters; the limit is {MAX_TEXT}")
    text = text.strip()
    if not text:
        return ()
    out = []
    for part in text.split("+"):
        m = _TERM.match(part.strip())
        if m is None:
            raise ValueError(f"irreps term {part.strip()!r} is not of the form 'MULxLp' "
                             "(e.g. '8x0e', '4x1o', '2y'), with p one of e, o, y")
        mul = 1 if m.group(1) is None else _int(int(m.group(1)), "mul", 0, MAX_DIM)
        l = _int(int(m.group(2)), "l", 0, MAX_L)
        p = (-1) ** l if m.group(3) == "y" else _PARITY[m.group(3)]
        out.append((mul, l, p))
    return tuple(out)


class Irreps:
    """A direct sum of O(3) irreps, immutable and hashable; e3nn's text form in and out.

    Parameters
    ----------
    irreps : str, Irreps or iterable
        Text such as ``"8x0e + 4x1o"`` (``mul x l p``, ``p`` in ``e``/``o``/``y``, ``y`` meaning
        ``(-1)^l``; ``mul`` defaults to 1), another :class:`Irreps`, or terms ``(mul, l, p)`` /
        ``(mul, (l, p))`` with ``p = +-1``. An e3nn or cuEquivariance object: use
        :meth:`from_e3nn` / :meth:`from_cue`.

    Raises
    ------
    ValueError
        Malformed text, ``l > MAX_L``, a total dimension above :data:`MAX_DIM`, a parity
        other than +-1, a negative multiplicity.
    TypeError
        Neither text nor terms.

    Examples
    --------
    >>> ir = Irreps("8x0e + 4x1o + 2x2e")
    >>> str(ir), ir.dim, ir.lmax, len(ir)
    ('8x0e+4x1o+2x2e', 30, 2, 3)
    >>> ir.slices()[1]
    slice(8, 20, None)
    >>> Irreps("1x1o + 2x1o + 0x2e").simplify()
    Irreps('3x1o')
    >>> Irreps.spherical_harmonics(2)
    Irreps('1x0e+1x1o+1x2e')
    """

    __slots__ = ("_terms",)

    def __init__(self, irreps: str | Irreps | Iterable[Any]) -> None:
        if isinstance(irreps, Irreps):
            terms = irreps._terms
        elif isinstance(irreps, str):
            terms = _parse(irreps)
        elif isinstance(irreps, (bytes, bytearray)):
            raise TypeError("irreps must be text (str), not bytes")
        elif isinstance(irreps, Iterable):
            terms = tuple(_term(t) for t in irreps)
        else:
            raise TypeError(f"irreps must be a str, an Irreps or an iterable of (mul, l, p); "
                            f"got {type(irreps).__name__}")
        dim = sum(mul * (2 * l + 1) for mul, l, _ in terms)
        if dim > MAX_DIM:
            raise ValueError(f"irreps of dimension {dim} exceed MAX_DIM = {MAX_DIM}")
        object.__setattr__(self, "_terms", terms)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Irreps is immutable")

    # ------------------------------------------------------------------ constructors
    @classmethod
    def spherical_harmonics(cls, lmax: int, *, parity: int = -1) -> Irreps:
        """``1x0e + 1x1o + ... + 1xlmax`` with parity ``parity**l`` (``-1``: the harmonics').

        >>> Irreps.spherical_harmonics(3, parity=1)
        Irreps('1x0e+1x1e+1x2e+1x3e')
        """
        lmax = _int(lmax, "lmax", 0, MAX_L)
        if isinstance(parity, bool) or parity not in (1, -1):
            raise ValueError(f"parity={parity!r} must be +1 or -1")
        return cls([(1, l, parity**l) for l in range(lmax + 1)])

    @classmethod
    def from_e3nn(cls, irreps: Any) -> Irreps:
        """From an ``e3nn.o3.Irreps`` (or anything whose ``str`` is e3nn's text form).

        >>> Irreps.from_e3nn("2x0e+1x1o")
        Irreps('2x0e+1x1o')
        """
        if isinstance(irreps, (str, Irreps)):
            return cls(irreps)
        if not isinstance(irreps, Iterable):
            raise TypeError(f"irreps must be an e3nn.o3.Irreps; got {type(irreps).__name__}")
        return cls(_term(t) for t in irreps)

    def to_e3nn(self) -> Any:
        """This as an ``e3nn.o3.Irreps`` (imports e3nn; ImportError without it)."""
        from e3nn import o3

        return o3.Irreps([(mul, (l, p)) for mul, l, p in self._terms])

    @classmethod
    def from_cue(cls, irreps: Any) -> Irreps:
        """From a ``cuequivariance.Irreps`` of the group ``O3`` (its ``mul``/``ir`` pairs).

        >>> Irreps.from_cue("1x0e")  # text is accepted as well
        Irreps('1x0e')
        """
        if isinstance(irreps, (str, Irreps)):
            return cls(irreps)
        if not isinstance(irreps, Iterable):
            raise TypeError(f"irreps must be a cuequivariance.Irreps; got {type(irreps).__name__}")
        return cls(_term(t) for t in irreps)

    def to_cue(self) -> Any:
        """This as a ``cuequivariance.Irreps("O3", ...)`` (imports cuequivariance)."""
        import cuequivariance as cue

        return cue.Irreps("O3", str(self))

    # ------------------------------------------------------------------ views
    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return Irreps(self._terms[index])
        if isinstance(index, bool) or not hasattr(index, "__index__"):
            raise TypeError(f"index={index!r} must be an int or a slice")
        return self._terms[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Irreps) and self._terms == other._terms

    def __hash__(self) -> int:
        return hash(("Irreps", self._terms))

    def __add__(self, other: Irreps | str) -> Irreps:
        if not isinstance(other, (Irreps, str)):
            return NotImplemented
        return Irreps(self._terms + Irreps(other)._terms)

    def __radd__(self, other: str) -> Irreps:
        if not isinstance(other, str):
            return NotImplemented
        return Irreps(Irreps(other)._terms + self._terms)

    def __mul__(self, n: int) -> Irreps:
        if isinstance(n, bool) or not hasattr(n, "__index__"):
            return NotImplemented
        n = _int(n, "n", 0, MAX_DIM)
        return Irreps(self._terms * n)

    __rmul__ = __mul__

    def __str__(self) -> str:
        return "+".join(f"{mul}x{l}{'e' if p == 1 else 'o'}" for mul, l, p in self._terms)

    def __repr__(self) -> str:
        return f"Irreps({str(self)!r})"

    @property
    def dim(self) -> int:
        """Total dimension ``sum mul (2l+1)``."""
        return sum(mul * (2 * l + 1) for mul, l, _ in self._terms)

    @property
    def num_irreps(self) -> int:
        """Number of irreps counted with multiplicity, ``sum mul``."""
        return sum(mul for mul, _, _ in self._terms)

    @property
    def lmax(self) -> int:
        """Largest degree (ValueError when empty)."""
        if not self._terms:
            raise ValueError("an empty Irreps has no lmax")
        return max(l for _, l, _ in self._terms)

    @property
    def ls(self) -> tuple[int, ...]:
        """Degree of each term."""
        return tuple(l for _, l, _ in self._terms)

    @property
    def muls(self) -> tuple[int, ...]:
        """Multiplicity of each term."""
        return tuple(mul for mul, _, _ in self._terms)

    @property
    def parities(self) -> tuple[int, ...]:
        """Parity (+1 even, -1 odd) of each term."""
        return tuple(p for _, _, p in self._terms)

    def slices(self) -> list[slice]:
        """Where each term sits in a feature vector (the same in both layouts)."""
        out, start = [], 0
        for mul, l, _ in self._terms:
            out.append(slice(start, start + mul * (2 * l + 1)))
            start += mul * (2 * l + 1)
        return out

    def simplify(self) -> Irreps:
        """Drop zero multiplicities and merge neighbouring equal irreps (order kept, as e3nn).

        >>> Irreps("1x0e + 2x0e + 1x1o + 1x0e").simplify()
        Irreps('3x0e+1x1o+1x0e')
        """
        out: list[list[int]] = []
        for mul, l, p in self._terms:
            if mul == 0:
                continue
            if out and out[-1][1:] == [l, p]:
                out[-1][0] += mul
            else:
                out.append([mul, l, p])
        return Irreps([tuple(t) for t in out])

    def sort(self) -> Irreps:
        """The terms ordered by (l, parity), odd before even, as e3nn's ``sort().irreps``.

        >>> Irreps("1x2e + 1x0e + 1x1e + 1x1o").sort()
        Irreps('1x0e+1x1o+1x1e+1x2e')
        """
        return Irreps(sorted(self._terms, key=lambda t: (t[1], t[2])))

    def change_layout(self, x: Any, *, source: str, target: str) -> Any:
        """``x`` (NumPy, PyTorch or JAX; shape ``(..., dim)``) from one layout to the other.

        ``"mul_ir"`` holds each term as ``(mul, 2l+1)``, ``"ir_mul"`` as ``(2l+1, mul)``; the
        terms themselves stay in order. A permutation of the entries: NaN in, NaN out.

        >>> import numpy as np
        >>> ir = Irreps("2x1o")
        >>> ir.change_layout(np.arange(6.0), source="mul_ir", target="ir_mul")
        array([0., 3., 1., 4., 2., 5.])
        """
        for name, value in (("source", source), ("target", target)):
            if value not in LAYOUTS:
                raise ValueError(f"{name}={value!r} must be one of {LAYOUTS}")
        xp = _array.namespace(x)
        if not (_array.is_torch(x) or _array.is_jax(x)):
            x = xp.asarray(x)
        if x.ndim == 0 or x.shape[-1] != self.dim:
            raise ValueError(f"x must have last axis dim = {self.dim}; got shape "
                             f"{tuple(x.shape)}")
        if source == target:
            return x
        lead = tuple(x.shape[:-1])
        parts = []
        for (mul, l, _), sl in zip(self._terms, self.slices(), strict=True):
            d = 2 * l + 1
            block = x[..., sl]
            shape = (mul, d) if source == "mul_ir" else (d, mul)
            block = xp.reshape(block, lead + shape)
            block = xp.moveaxis(block, -1, -2)
            parts.append(xp.reshape(block, lead + (mul * d,)))
        if not parts:
            return x
        return xp.concat(parts, axis=-1)
