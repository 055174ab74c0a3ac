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
                  new_function: Callable[..., sp.Expr], by_unknown: bool = False) -> sp.Expr:
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
        rhs = rhs.subs(c, new_function(unknown, others) if by_unknown else new_function(others))
    return sp.expand(rhs)


def integrate_hierarchy(equations: Sequence[sp.Expr], unknowns: Sequence[sp.Expr],
                        var: sp.Symbol, new_function: Callable[..., sp.Expr], *,
                        by_unknown: bool = False,
                        ) -> tuple[dict[sp.Expr, sp.Expr], list[sp.Expr]]:
    """Solve ``equations = 0`` for ``unknowns`` (applied undefined functions), one at a time.

    Returns ``(solution, residual)``: the solution maps each unknown to its expression; the
    residual lists the equations left over (conditions on the integration functions).
    ``new_function(args)`` names each integration "constant" (a function of ``args``, the
    other variables); with ``by_unknown=True`` it is called as ``new_function(unknown, args)``.

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
        candidates = []
        for eq in eqs:
            present = _unknowns_in(eq, todo)
            if len(present) != 1:
                continue
            (head,) = present
            unknown = next(f for f in todo if f.func == head)
            # algebraic equations first (no new integration function), then low orders
            rank = max((d.derivative_count for d in eq.atoms(sp.Derivative)
                        if d.expr == unknown), default=0)
            candidates.append((rank, len(candidates), eq, unknown))
        for _, _, eq, unknown in sorted(candidates, key=lambda c: c[:2]):
            try:
                value = _solve_single(eq, unknown, var, new_function, by_unknown)
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


# ----------------------------------------------------------------------------- coupled systems
#: Largest number of coupled unknowns :func:`evolution_operator` exponentiates (a symbolic
#: matrix exponential; its cost grows steeply with the size).
MAX_COUPLED = 6


def evolution_matrix(equations: Sequence[sp.Expr], unknowns: Sequence[sp.Expr], time: sp.Symbol,
                     space: sp.Symbol, D: sp.Symbol) -> sp.Matrix:
    """A(D) with ∂_time V = A(∂_space) V, read off a linear first-order evolution system.

    ``equations`` (each ``= 0``) must be linear in the unknowns and their derivatives, hold one
    first derivative in ``time`` per unknown and otherwise only ``space``-derivatives, with
    coefficients free of ``time`` and ``space``. Redundant equations (consequences of the
    others) are allowed; ValueError if the system is not of this form.

    >>> u, p, D = sp.symbols("u phi D"); l = sp.Symbol("l", positive=True)
    >>> Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
    >>> evolution_matrix([Th.diff(u) - 2*N.diff(p)/l**2, N.diff(u) - Th.diff(p)/2],
    ...                  [Th, N], u, p, D)
    Matrix([
    [  0, 2*D/l**2],
    [D/2,        0]])
    """
    unknowns = list(unknowns)
    n = len(unknowns)
    if n > MAX_COUPLED:
        raise ValueError(f"{n} coupled unknowns: the limit is {MAX_COUPLED} (a symbolic matrix "
                         "exponential)")
    dts = [sp.Derivative(f, time) for f in unknowns]
    eqs = [sp.expand(e) for e in equations if sp.expand(e) != 0]
    heads = {f.func for f in unknowns}

    def first_order(e: sp.Expr) -> bool:
        for d in e.atoms(sp.Derivative):
            if d.expr.func in heads and time in d.variables and d not in dts:
                return False
        return True

    syms = [sp.Dummy(f"dt{i}") for i in range(n)]
    lin = [e.xreplace(dict(zip(dts, syms, strict=True))) for e in eqs if first_order(e)]
    try:
        sols = sp.solve(lin, syms, dict=True) if lin else []
    except (NotImplementedError, ValueError, IndexError) as exc:
        raise ValueError(f"the equations are not a linear evolution system: {exc}") from None
    if len(sols) != 1 or set(sols[0]) != set(syms):
        raise ValueError("the equations do not fix every first time-derivative of "
                         f"{unknowns} exactly once")
    sol = [{dt: sols[0][s] for dt, s in zip(dts, syms, strict=True)}]

    def reduce(e: sp.Expr) -> sp.Expr:
        for _ in range(8):
            ders = [d for d in e.atoms(sp.Derivative) if d.expr.func in heads
                    and time in d.variables]
            if not ders:
                return sp.expand(e)
            rules = {}
            for d in ders:
                vs = list(d.variables)
                vs.remove(time)
                base = sol[0][sp.Derivative(d.expr, time)]
                rules[d] = sp.diff(base, *vs) if vs else base
            e = sp.expand(e.xreplace(rules).doit())
        raise ValueError("the evolution system does not close")

    atoms: dict[sp.Expr, tuple[int, int]] = {}
    for j, f in enumerate(unknowns):
        atoms[f] = (j, 0)
        for k in range(1, 9):
            atoms[sp.Derivative(f, (space, k))] = (j, k)
    A = sp.zeros(n, n)
    for i, dt in enumerate(dts):
        rhs = sp.expand(sol[0][dt])
        rest = rhs
        for atom, (j, k) in atoms.items():
            c = rest.coeff(atom)
            if c == 0:
                continue
            if c.has(time, space) or any(c.has(f.func) for f in unknowns):
                raise ValueError(f"∂_{time} {unknowns[i]} = {rhs}: coefficients must be "
                                 f"constants (free of {time}, {space} and the unknowns)")
            A[i, j] += c * D**k
            rest = sp.expand(rest - c * atom)
        if rest != 0:
            raise ValueError(f"∂_{time} {unknowns[i]} = {rhs} is not linear and homogeneous in "
                             f"the unknowns and their {space}-derivatives (left over: {rest})")
    for e in eqs:  # redundant equations must hold on the solved system
        if reduce(e) != 0:
            raise ValueError(f"equation {e} = 0 is not implied by the evolution system")
    return A


def _apply_entry(entry: sp.Expr, datum: sp.Expr, D: sp.Symbol, space: sp.Symbol) -> sp.Expr:
    """Apply entry(D) (a sum of p(D) exp(c D) terms, D = ∂_space) to ``datum``."""
    out = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(sp.powsimp(sp.expand(entry.rewrite(sp.exp))))):
        shift = sp.S.Zero
        poly = sp.S.One
        for factor in sp.Mul.make_args(term):
            base, ex = factor.as_base_exp()
            if base == sp.E or isinstance(factor, sp.exp):
                arg = factor.args[0] if isinstance(factor, sp.exp) else ex
                c = sp.cancel(arg / D)
                if c.has(D):
                    raise ValueError(f"{factor} is not a translation exp(c D)")
                shift += c
            else:
                poly *= factor
        p = sp.Poly(poly, D)
        for (k,), coeff in p.terms():
            val = sp.diff(datum, space, k) if k else datum
            out += coeff * (val.subs(space, space + shift) if shift != 0 else val)
    return out


def evolve(A: sp.Matrix, data: Sequence[sp.Expr], time: sp.Symbol, space: sp.Symbol,
           D: sp.Symbol, *, order: int | None = None) -> tuple[list[sp.Expr], bool]:
    """V(time) = exp(time A(∂_space)) V(0), applied to ``data`` (the values at time = 0).

    Exact when ``order`` is None: entries of the exponential of the form p(D) exp(c D time)
    act as derivatives followed by the translation space -> space + c time (characteristics).
    With an ``order``, the Taylor polynomial Σ_{k<=order} time^k/k! A^k V(0) instead, which is
    exact when A is nilpotent. Returns ``(V, exact)``. ValueError if an entry is not of that
    form (e.g. holds 1/D: a non-local evolution).
    """
    n = A.rows
    data = [sp.sympify(d) for d in data]
    nilpotent = (A**n).applyfunc(sp.expand) == sp.zeros(n, n)
    if order is None or nilpotent:
        M = (time * A).exp() if not nilpotent else sum(
            ((time * A) ** k / sp.factorial(k) for k in range(n)), sp.zeros(n, n))
        out = [sp.expand(sum(_apply_entry(M[i, j], data[j], D, space) for j in range(n)))
               for i in range(n)]
        return out, True
    out = [sp.S.Zero] * n
    P = sp.eye(n)
    for k in range(order + 1):
        for i in range(n):
            out[i] += sum(_apply_entry(sp.expand(P[i, j]), data[j], D, space)
                          for j in range(n)) * time**k / sp.factorial(k)
        P = (P * A).applyfunc(sp.expand)
    return [sp.expand(v) for v in out], False


def integrate_evolution(equations: Sequence[sp.Expr], unknowns: Sequence[sp.Expr],
                        time: sp.Symbol, space: sp.Symbol, data: Sequence[sp.Expr], *,
                        order: int | None = None) -> tuple[dict[sp.Expr, sp.Expr], bool]:
    """Solve a coupled linear evolution system ∂_time V = A(∂_space) V with V(0) = ``data``.

    Returns ``({unknown: solution}, exact)`` (see :func:`evolve`). This handles what
    :func:`integrate_hierarchy` cannot: AdS3 in Bondi gauge, where ∂_u Θ = 2N'/l² and
    ∂_u N = Θ'/2 are coupled, integrates to left and right movers:

    >>> u, p = sp.symbols("u phi"); l = sp.Symbol("l", positive=True)
    >>> Th, N = sp.Function("Theta")(u, p), sp.Function("N")(u, p)
    >>> sol, exact = integrate_evolution([Th.diff(u) - 2*N.diff(p)/l**2,
    ...                                   N.diff(u) - Th.diff(p)/2], [Th, N], u, p,
    ...                                  [sp.cos(p), 0])
    >>> sol[Th]
    cos(phi - u/l)/2 + cos(phi + u/l)/2
    """
    D = sp.Dummy("D")
    A = evolution_matrix(equations, unknowns, time, space, D)
    vals, exact = evolve(A, data, time, space, D, order=order)
    return dict(zip(unknowns, vals, strict=True)), exact
