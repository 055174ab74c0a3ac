"""Integrate hierarchical systems of PDEs one variable at a time (a private helper).

The field equations of the Bondi ansatz and the conditions for asymptotic Killing vectors
come in a nested form: each equation, after substituting what is already known, holds one
unknown function either algebraically or through its derivatives in a single variable.
:func:`integrate_hierarchy` solves them in that order; every integration "constant" is a new
undefined function of the remaining variables, so nothing is assumed about its form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp
from sympy.core.function import AppliedUndef


def _unknowns_in(expr: sp.Expr, unknowns: Sequence[sp.Function]) -> set:
    heads = {f.func for f in unknowns}
    return {a.func for a in expr.atoms(AppliedUndef) if a.func in heads}


def _solve_single(eq: sp.Expr, unknown: sp.Expr, var: sp.Symbol,
                  new_function: Callable[[tuple], sp.Expr]) -> sp.Expr:
    """Solve ``eq = 0`` for ``unknown`` (an applied function), integrating in ``var``."""
    derivs = [d for d in eq.atoms(sp.Derivative) if d.expr == unknown]
    if not derivs:
        sol = sp.solve(eq, unknown, dict=False)
        if len(sol) != 1:
            raise ValueError(f"cannot solve {eq} = 0 algebraically for {unknown}")
        return sp.cancel(sol[0])
    if any(set(d.variables) != {var} for d in derivs):
        raise ValueError(f"{eq} = 0 holds derivatives of {unknown} in variables other than {var}")
    others = tuple(v for v in unknown.args if v != var)
    h = sp.Function("_h")
    ode = eq.subs(unknown, h(var)).doit()
    # other functions are constants of this ODE: freeze them, or dsolve trips over them
    atoms = [a for a in (*ode.atoms(sp.Derivative), *ode.atoms(AppliedUndef))
             if a.atoms(AppliedUndef) and not any(f.func == h for f in a.atoms(AppliedUndef))]
    atoms.sort(key=lambda a: -sp.count_ops(a))
    frozen = {a: sp.Dummy() for a in atoms}
    sol = sp.dsolve(ode.xreplace(frozen), h(var))
    if isinstance(sol, list):
        raise ValueError(f"{eq} = 0 has several solutions for {unknown}")
    rhs = sol.rhs.xreplace({d: a for a, d in frozen.items()})
    consts = sorted(rhs.free_symbols - eq.free_symbols - {var},
                    key=lambda s: s.name)
    consts = [c for c in consts if c.name.startswith("C")]
    for c in consts:
        rhs = rhs.subs(c, new_function(others))
    return sp.expand(rhs)


def integrate_hierarchy(equations: Sequence[sp.Expr], unknowns: Sequence[sp.Expr],
                        var: sp.Symbol, new_function: Callable[[tuple], sp.Expr],
                        ) -> tuple[dict[sp.Expr, sp.Expr], list[sp.Expr]]:
    """Solve ``equations = 0`` for ``unknowns`` (applied undefined functions), one at a time.

    Returns ``(solution, residual)``: the solution maps each unknown to its expression; the
    residual lists the equations left over (conditions on the integration functions).

    >>> u, p = sp.symbols("u phi")
    >>> N = sp.Function("N")(u, p); Th = sp.Function("Theta")(p)
    >>> sol, rest = integrate_hierarchy([2*N.diff(u) - Th.diff(p)], [N], u,
    ...                                 lambda args: sp.Function("Xi")(*args))
    >>> sol[N]
    u*Derivative(Theta(phi), phi)/2 + Xi(phi)
    """
    eqs = [sp.expand(e) for e in equations if sp.expand(e) != 0]
    todo = list(unknowns)
    solution: dict[sp.Expr, sp.Expr] = {}
    progress = True
    while todo and progress:
        progress = False
        for eq in eqs:
            present = _unknowns_in(eq, todo)
            if len(present) != 1:
                continue
            (head,) = present
            unknown = next(f for f in todo if f.func == head)
            try:
                value = _solve_single(eq, unknown, var, new_function)
            except ValueError:
                continue
            solution[unknown] = value
            todo.remove(unknown)
            eqs = [sp.expand(e.subs(unknown, value).doit()) for e in eqs]
            eqs = [e for e in eqs if e != 0]
            solution = {k: sp.expand(v.subs(unknown, value).doit()) for k, v in solution.items()}
            progress = True
            break
    if todo:
        raise ValueError(f"could not solve for {todo}: no equation isolates them")
    return solution, eqs
