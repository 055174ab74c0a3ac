"""Large-r (1/r) expansions of expressions that hold unknown functions and their derivatives.

sympy's ``series`` fails or crawls on derivatives of multivariate undefined functions (sympy
issues #9068, #20492). The helpers here replace every undefined function and derivative by a
plain symbol (:func:`freeze`), expand in x = 1/r with the frozen symbols as constants, and put
the functions back (:func:`thaw`).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef


def freeze(expr: Any, *, prefix: str = "_F") -> tuple[sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """Replace undefined functions and their derivatives by symbols.

    Returns ``(frozen, back)`` where ``back`` maps each new symbol to what it replaced;
    ``thaw(frozen, back)`` undoes it. Derivatives are replaced before the functions.

    >>> u, r = sp.symbols("u r")
    >>> f = sp.Function("f")(u)
    >>> e, back = freeze(f.diff(u) + f / r)
    >>> sorted(map(str, e.free_symbols))
    ['_F0', '_F1', 'r']
    >>> thaw(e, back) == f.diff(u) + f / r
    True
    """
    expr = sp.sympify(expr)
    derivs = sorted(expr.atoms(sp.Derivative), key=lambda d: -sp.count_ops(d))
    funcs = sorted(expr.atoms(AppliedUndef), key=sp.default_sort_key)
    back: dict[sp.Symbol, sp.Expr] = {}
    subs = {}
    for i, item in enumerate([*derivs, *funcs]):
        s = sp.Symbol(f"{prefix}{i}")
        back[s] = item
        subs[item] = s
    # xreplace swaps whole sub-trees, so a derivative is replaced before its function
    return expr.xreplace(subs), back


def thaw(expr: Any, back: dict[sp.Symbol, sp.Expr]) -> sp.Expr:
    """Undo :func:`freeze`.

    >>> x = sp.Symbol("_F0"); thaw(2 * x, {x: sp.Function("g")(sp.Symbol("u"))})
    2*g(u)
    """
    return sp.sympify(expr).xreplace(back)


def inverse_power_coefficients(expr: Any, r: sp.Symbol, order: int, *,
                               lowest: int | None = None) -> dict[int, sp.Expr]:
    """Coefficients c_k of the large-r expansion expr = Σ_k c_k r^(-k), for k < ``order``.

    Rational functions of r are expanded by exact power-series division; anything else
    (sqrt, exp, ...) by ``sympy.series`` on the frozen expression.

    ``k`` may be negative (growing terms). Undefined functions of r are not allowed; those of
    the other coordinates are frozen to symbols for the expansion and restored in the result.
    ``lowest`` (optional) asserts the most negative k expected, for speed.

    >>> u, r = sp.symbols("u r")
    >>> m = sp.Function("m")(u)
    >>> inverse_power_coefficients(r**2 + m.diff(u) / (r - 1), r, 3)
    {-2: 1, 1: Derivative(m(u), u), 2: Derivative(m(u), u)}
    """
    if not isinstance(r, sp.Symbol):
        raise TypeError(f"r must be a sympy Symbol, got {r!r}")
    frozen, back = freeze(expr)
    for _s, item in back.items():
        if r in item.free_symbols:
            raise ValueError(f"{item} depends on r={r}: only functions of the other coordinates "
                             "may appear in a 1/r expansion")
    x = sp.Dummy("x", positive=True)
    if not frozen.is_rational_function(r):
        # not rational in r: sympy's series works once the functions are frozen
        ser = sp.series(frozen.xreplace({r: 1 / x}), x, 0, order).removeO()
        out = {}
        for k in range(-order - 8, order):
            c = sp.expand(ser).coeff(x, k)
            if c != 0:
                out[k] = thaw(sp.simplify(c), back)
        return out
    e = sp.together(frozen.xreplace({r: 1 / x}))
    num, den = sp.fraction(e)
    num, den = sp.expand(num), sp.expand(den)
    # den = x^p * (d0 + d1 x + ...), d0 != 0
    pden = sp.Poly(den, x)
    pnum = sp.Poly(num, x)
    p = min(m[0] for m in pden.monoms())
    q = min(m[0] for m in pnum.monoms()) if not pnum.is_zero else 0
    shift = q - p  # leading power of x
    if pnum.is_zero:
        return {}
    n_terms = order - shift
    if n_terms <= 0:
        return {}
    dco = [pden.coeff_monomial(x ** (p + i)) for i in range(n_terms)]
    nco = [pnum.coeff_monomial(x ** (q + i)) for i in range(n_terms)]
    # power-series division nco / dco
    d0 = dco[0]
    out_c: list[sp.Expr] = []
    for i in range(n_terms):
        val = nco[i] - sum((out_c[j] * dco[i - j] for j in range(i)), sp.S.Zero)
        out_c.append(sp.cancel(val / d0))
    result = {}
    for i, c in enumerate(out_c):
        if c != 0:
            result[shift + i] = thaw(c, back)
    if lowest is not None and result and min(result) < lowest:
        raise ValueError(f"expansion has a term r^{-min(result)} beyond the expected r^{-lowest}")
    return result
