"""``Branching``: the result of a branching rule, a dict that can be branched again.

``LieAlgebra.branch(hw, sub)`` returns ``{flat sub highest weight: multiplicity}`` as before;
the dict also carries the :class:`~symphys.lie.branching.Subalgebra` it was branched to
(``.subalgebra``) and that subalgebra as an algebra of its own (``.algebra``, a
:class:`~symphys.lie.reductive.ReductiveAlgebra`), so a chain of breakings reads as one line:
``su5.branch(hw, "A2+A1+U1").branch("A2+U1", u1=[...])``.

Keys are flat: the Dynkin labels of the factors, then the U(1) charges (ints, or sympy
Rationals once a U(1) is rescaled).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["Branching"]


class Branching(dict):
    """``{flat highest weight: multiplicity}`` of a branching rule, with its subalgebra.

    >>> from symphys.lie import LieAlgebra
    >>> br = LieAlgebra("A4").branch((1, 0, 0, 0), "A2+A1+U1")   # 5 -> (3,1)_2 + (1,2)_-3
    >>> br
    {(1, 0, 0, 2): 1, (0, 0, 1, -3): 1}
    >>> br.names()
    {'(3,1)_2': 1, '(1,2)_-3': 1}
    """

    def __init__(self, data: dict, subalgebra: Any, algebra: Any) -> None:
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict {{flat highest weight: multiplicity}}, got "
                            f"{type(data).__name__}")
        if not hasattr(subalgebra, "projection") or not hasattr(subalgebra, "split"):
            raise TypeError(f"subalgebra must be a Subalgebra, got {type(subalgebra).__name__}")
        if not hasattr(algebra, "irrep_name") or not hasattr(algebra, "factors"):
            raise TypeError(f"algebra must be a ReductiveAlgebra, got {type(algebra).__name__}")
        for k, m in data.items():
            if isinstance(m, bool) or not isinstance(m, int) or m < 0:
                raise ValueError(f"data: multiplicity {m!r} of {k!r} must be an int >= 0")
            subalgebra.split(k)
        super().__init__(data)
        #: the :class:`~symphys.lie.branching.Subalgebra` (embedding) branched to
        self.subalgebra = subalgebra
        #: the subalgebra as a :class:`~symphys.lie.reductive.ReductiveAlgebra`
        self.algebra = algebra

    def branch(self, subalgebra: Any, *, u1: Sequence[Any] | None = None) -> Branching:
        """Branch every irrep of this result further, to a subalgebra of :attr:`algebra`.

        ``subalgebra`` is a name (``"A2+U1"``) or a subalgebra of :attr:`algebra`; ``u1`` chooses
        the U(1) charges (see :meth:`~symphys.lie.reductive.ReductiveAlgebra.subalgebra`).

        >>> from fractions import Fraction
        >>> from symphys.lie import LieAlgebra
        >>> sm = LieAlgebra("A4").branch((1, 0, 0, 0), "A2+A1+U1")
        >>> sm.branch("A2+U1", u1=[(0, 0, Fraction(1, 2), Fraction(-1, 6))])   # Q = T3 + Y
        {(1, 0, -1/3): 1, (0, 0, 0): 1, (0, 0, 1): 1}
        """
        sub = self.algebra.subalgebra(subalgebra, u1=u1)
        acc: dict = {}
        for key, m in self.items():
            for k, n in self.algebra.branch(key, sub).items():
                acc[k] = acc.get(k, 0) + m * n
        return Branching(self.algebra._sorted_by_dimension(sub, acc), sub,
                         self.algebra.of_subalgebra(sub))

    def names(self, *, latex: bool = False) -> dict[str, int]:
        """``{name: multiplicity}`` with textbook names per factor and the U(1) charges.

        >>> from symphys.lie import LieAlgebra
        >>> d5 = LieAlgebra("D5")
        >>> d5.branch((0, 0, 0, 0, 1), d5.subalgebra(delete=[4])).names()
        {'(10)_-1': 1, '(5bar)_3': 1, '(1)_-5': 1}
        """
        out: dict[str, int] = {}
        for key, m in self.items():
            name = self.algebra.irrep_name(key, latex=latex)
            out[name] = out.get(name, 0) + m
        return out

    def latex_table(self, *, caption: str | None = None) -> str:
        """A LaTeX ``tabular`` of the irreps: name, dimension, multiplicity.

        >>> from symphys.lie import LieAlgebra
        >>> print(LieAlgebra("G2").branch((1, 0), "A2").latex_table())
        \\begin{tabular}{lrr}
        irrep & dim & mult \\\\ \\hline
        $(\\overline{\\mathbf{3}})$ & 3 & 1 \\\\
        $(\\mathbf{3})$ & 3 & 1 \\\\
        $(\\mathbf{1})$ & 1 & 1 \\\\
        \\end{tabular}
        """
        if caption is not None and not isinstance(caption, str):
            raise TypeError(f"caption={caption!r} must be a str")
        lines = [r"\begin{tabular}{lrr}", r"irrep & dim & mult \\ \hline"]
        for key, m in self.items():
            lines.append(f"${self.algebra.irrep_name(key, latex=True)}$ & "
                         f"{self.algebra.irrep_dimension(key)} & {m} \\\\")
        lines.append(r"\end{tabular}")
        if caption:
            lines.append(f"% {caption}")
        return "\n".join(lines)
