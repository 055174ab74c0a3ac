"""Large-r (1/r) expansions of expressions that hold unknown functions and their derivatives.

sympy's ``series`` fails or crawls on derivatives of multivariate undefined functions (sympy
issues #9068, #20492). The helpers here replace every undefined function and derivative by a
plain symbol (:func:`freeze`), expand in x = 1/r with the frozen symbols as constants, and put
the functions back (:func:`thaw`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symphys.gr._convert import as_expr, check_int

__all__ = ["MAX_ORDER", "MAX_R_DEGREE", "freeze", "inverse_power_coefficients", "r_degree",
           "thaw"]

#: Largest ``|order|`` of :func:`inverse_power_coefficients` (coefficients computed).
MAX_ORDER = 64

#: Largest power of r (after expansion, in numerator or denominator) that
#: :func:`inverse_power_coefficients` expands; its work grows with it.
MAX_R_DEGREE = 256


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
    expr = as_expr(expr, "expr")
    if not isinstance(prefix, str):
        raise TypeError(f"prefix={prefix!r} must be a str")
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
    if not isinstance(back, dict):
        raise TypeError(f"back must be a dict (from freeze), got {type(back).__name__}")
    rule = {}
    for k, v in back.items():
        if not isinstance(k, sp.Symbol):
            raise TypeError(f"back must map sympy Symbols to expressions, got the key {k!r}")
        rule[k] = as_expr(v, f"back[{k}]")
    return as_expr(expr, "expr").xreplace(rule)


def tree_degree(expr: sp.Expr, x: sp.Symbol, *,
                leaf: Callable[[sp.Basic, Callable[[sp.Basic], float]], float | None] | None = None,
                default: float = 0) -> float:
    """A bound, read off the expression tree (memoised, linear in its size), on a degree in ``x``.

    ``x`` -> 1; a subtree free of ``x`` -> 0; ``p**k`` -> |k| deg(p) for a number k (1 if k is
    infinite); products add; other nodes take their arguments' largest degree (``default`` for
    none). ``leaf(e, deg)`` may give the degree of a node first (None: use the rules above).

    >>> r = sp.Symbol("r")
    >>> tree_degree((r + 1)**3 / r**2 + sp.sin(r), r)
    5
    """
    memo: dict[sp.Basic, float] = {}

    def deg(e: sp.Basic) -> float:
        if e in memo:
            return memo[e]
        special = leaf(e, deg) if leaf is not None and x in e.free_symbols else None
        if x not in e.free_symbols:
            out: float = 0
        elif special is not None:
            out = special
        elif e == x:
            out = 1
        elif isinstance(e, sp.Pow) and e.exp.is_number:
            k = abs(e.exp)
            out = deg(e.base) * (k if k.is_finite else 1)
        elif isinstance(e, sp.Mul):
            out = sum(deg(a) for a in e.args)
        else:
            out = max((deg(a) for a in e.args), default=default)
        memo[e] = out
        return out

    return deg(expr)


def r_degree(expr: sp.Expr, r: sp.Symbol) -> float:
    """A bound, read off the expression tree, on the largest power of ``r`` its expansion holds.

    r -> 1; p**k -> |k| deg(p) for a number k; sums take the largest, products add; any other
    function of r takes its arguments' largest degree (a bound used to refuse huge work).

    >>> r = sp.Symbol("r")
    >>> r_degree((r + 1)**3 / r**2 + sp.sin(r), r)
    5
    """
    return tree_degree(expr, r)


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
    order = check_int(order, "order", low=-MAX_ORDER, high=MAX_ORDER,
                      why=" (coefficients of the 1/r expansion)")
    if lowest is not None:
        lowest = check_int(lowest, "lowest", low=-MAX_R_DEGREE - MAX_ORDER,
                           high=MAX_R_DEGREE + MAX_ORDER)
    frozen, back = freeze(expr)
    degree = r_degree(frozen, r)
    if degree > MAX_R_DEGREE:
        raise ValueError(f"expr holds powers of r up to r**{degree}: its expansion needs "
                         f"{int(degree) + abs(order)} coefficients; the limit is a degree in r "
                         f"<= {MAX_R_DEGREE}")
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
