"""``symphys bms ...``: derive and print the BMS3 results (and the 4D Bondi mass loss).

Subcommands:
  derive     field equations, solution space, vectors, transformation laws, charges, algebra
             (``--ads3``: AdS3 and its flat limit; ``--4d``: BMS4)
  charge     Q_{T,Y}[Θ, Ξ] for given expressions of phi
  stabilizer the symmetries (T, Y) of a solution (Θ, Ξ)
  mass-loss  the 4D Bondi-Sachs mass-loss law, derived from the 1/r expansion

sympy and the library are imported inside the command functions (through the public modules
``symphys.gr.bms3``, ``symphys.gr.ads3``, ``symphys.gr.bms4`` and ``symphys.gr.bondi4``).
``mass-loss`` shows progress bars on stderr when it is a terminal, unless ``--no-progress``,
``--quiet``, ``--json`` or ``TQDM_DISABLE``.
Expressions (``--T``, ``--Theta``, ...) are read by the restricted grammar of
:func:`symphys._expr.parse_expression`, never evaluated as Python.
"""

from __future__ import annotations

import argparse
from typing import Any

from symphys.cli._output import common_parent, emit, progress_wanted


def _fmt(expr: Any, latex: bool) -> str:
    import sympy as sp

    return sp.latex(expr) if latex else sp.sstr(expr)


def _parse(text: str, name: str) -> Any:
    """``text`` as a sympy expression of phi (and u, r, G, pi, E, I), by the restricted
    grammar of :func:`symphys._expr.parse_expression`: never evaluated as Python."""
    from symphys._expr import parse_expression
    from symphys.gr import bms3

    names = {"phi": bms3.phi, "G": bms3.G, "u": bms3.u, "r": bms3.r}
    try:
        return parse_expression(text, symbols=names)
    except ValueError as exc:
        raise ValueError(f"--{name}={text!r} is not a valid expression of phi: "
                         f"{str(exc).removeprefix('expression: ')}") from None


def derive_steps(latex: bool = False) -> list[tuple[str, str]]:
    """The BMS3 derivation as (step, result) pairs of text (or LaTeX).

    >>> steps = derive_steps()
    >>> steps[-1]
    ('central charges (c1, c2)', '(0, 3/G)')
    """
    import sympy as sp

    from symphys.gr import bms3

    f = lambda e: _fmt(e, latex)  # noqa: E731
    g = bms3.metric().g
    dx = sp.symbols("du dr dphi")
    ds2 = sp.expand(sum(g[a, b] * dx[a] * dx[b] for a in range(3) for b in range(3)))
    sol = bms3.solution_space()
    xi = bms3.killing_vector()
    dTh, dXi = bms3.variation()
    alg = bms3.algebra()
    return [
        ("metric ansatz (Bondi gauge) ds^2", f(ds2)),
        ("field equations (each = 0)", "; ".join(f(e) for e in bms3.field_equations())),
        ("solution space", f"Theta = {f(sol['Theta'])}, N = {f(sol['N'])}"),
        ("asymptotic Killing vector (xi^u, xi^r, xi^phi)", ", ".join(f(c) for c in xi)),
        ("delta Theta", f(dTh)),
        ("delta Xi", f(dXi)),
        ("charge density (Barnich-Brandt)", f(bms3.charge_density())),
        ("bracket (T12, Y12)", ", ".join(f(c) for c in alg["bracket"])),
        ("central extension K density", f(alg["cocycle_density"])),
        ("central charges (c1, c2)", f(alg["central_charges"])),
    ]


def derive_steps_ads3(latex: bool = False) -> list[tuple[str, str]]:
    """The AdS3 derivation (Bondi gauge, Λ = -1/l²) as (step, result) pairs of text.

    >>> derive_steps_ads3()[-2]
    ('central charges (c+, c-)', '(3*l/(2*G), 3*l/(2*G))')
    """
    import sympy as sp

    from symphys.gr import ads3

    f = lambda e: _fmt(e, latex)  # noqa: E731
    g = ads3.metric().g
    dx = sp.symbols("du dr dphi")
    ds2 = sp.expand(sum(g[a, b] * dx[a] * dx[b] for a in range(3) for b in range(3)))
    sol = ads3.solution_space()
    dTh, dXi = ads3.variation()
    alg = ads3.algebra()
    lim = ads3.flat_limit()
    return [
        ("metric ansatz (Bondi gauge, Lambda = -1/l^2) ds^2", f(ds2)),
        ("field equations (each = 0)", "; ".join(f(e) for e in ads3.field_equations())),
        ("solution space (left and right movers)",
         f"Theta = {f(sol['Theta'])}, N = {f(sol['N'])}"),
        ("delta Theta", f(dTh)),
        ("delta Xi", f(dXi)),
        ("charge density (Barnich-Brandt)", f(ads3.charge_density())),
        ("bracket (T12, Y12)", ", ".join(f(c) for c in alg["bracket"])),
        ("central extension K density", f(alg["cocycle_density"])),
        ("central charges (c+, c-)", f(alg["central_charges"])),
        ("flat limit l -> oo: central charges (c1, c2)", f(lim["central_charges"])),
    ]


def derive_steps_4d(latex: bool = False) -> list[tuple[str, str]]:
    """The BMS4 derivation (Bondi-Sachs at large r) as (step, result) pairs of text.

    >>> derive_steps_4d()[0][0]  # doctest: +SKIP
    'metric g_uu, g_ur, g_uA, g_AB (Bondi-Sachs, large r)'

    (Skipped here: it runs the whole BMS4 derivation; ``tests/cli/test_bms.py`` runs it.)
    """
    import sympy as sp

    from symphys.gr import bms4

    f = lambda e: _fmt(e, latex)  # noqa: E731
    g = bms4.metric()
    xi = bms4.killing_vector()
    law = bms4.variation()
    T = sp.Function("T")(bms4.theta, bms4.phi)
    return [
        ("metric g_uu, g_ur, g_uA, g_AB (Bondi-Sachs, large r)",
         "; ".join(f(g[a, b]) for a, b in ((0, 0), (0, 1), (0, 2), (2, 2)))),
        ("asymptotic Killing vector (xi^u, xi^r, xi^theta, xi^phi), Y = 0",
         ", ".join(f(c) for c in xi)),
        ("fall-off conditions (each = 0)",
         "; ".join(f(sp.simplify(e)) for e in (*bms4.conditions()["du_Y"],
                                               bms4.conditions()["du_f"]))),
        ("delta C_thetatheta (supertranslation)", f(sp.simplify(law["c"]))),
        ("delta C_thetaphi (supertranslation)", f(sp.simplify(law["d"]))),
        ("delta m_B (supertranslation)", f(sp.simplify(law["m_B"]))),
        ("memory Delta C_AB of the vacuum transition by T (theta theta)",
         f(bms4.memory(T)[0, 0])),
        ("supermomentum charge density (Barnich-Troessaert, Y = 0)", f(bms4.charge(T))),
        ("flux: hard part of d m_B/du", f(bms4.flux_split()["hard"])),
    ]


def _cmd_derive(args: argparse.Namespace) -> int:
    if args.ads3:
        steps = derive_steps_ads3(latex=args.latex)
    elif args.four_d:
        steps = derive_steps_4d(latex=args.latex)
    else:
        steps = derive_steps(latex=args.latex)
    lines = []
    for i, (name, val) in enumerate(steps, 1):
        lines.append(f"[{i}] {name}:\n    {val}")
    emit(args, {name: val for name, val in steps}, "\n".join(lines))
    return 0


def _cmd_charge(args: argparse.Namespace) -> int:
    from symphys.gr import bms3

    vals = {k: _parse(getattr(args, k), k) for k in ("T", "Y", "Theta", "Xi")}
    q = bms3.charge(vals["T"], vals["Y"], vals["Theta"], vals["Xi"], scri=args.scri,
                    formula=args.formula)
    emit(args, {"charge": str(q), "formula": args.formula, "scri": args.scri,
                **{k: str(v) for k, v in vals.items()}},
         f"Q[T={vals['T']}, Y={vals['Y']}] on Theta={vals['Theta']}, Xi={vals['Xi']} "
         f"({args.formula}, scri{args.scri}): {_fmt(q, args.latex)}")
    return 0


def _cmd_stabilizer(args: argparse.Namespace) -> int:
    from symphys.gr import bms3

    Th, X = _parse(args.Theta, "Theta"), _parse(args.Xi, "Xi")
    gens = bms3.stabilizer(Th, X, max_mode=args.max_mode)
    text = [f"{len(gens)} symmetries (T, Y) of Theta={Th}, Xi={X} (modes <= {args.max_mode}):"]
    text += [f"  T = {_fmt(t, args.latex)}, Y = {_fmt(y, args.latex)}" for t, y in gens]
    emit(args, {"dimension": len(gens), "generators": [[str(t), str(y)] for t, y in gens]},
         "\n".join(text))
    return 0


def _cmd_mass_loss(args: argparse.Namespace) -> int:
    from symphys.gr import bondi4

    res = bondi4.mass_loss(axisymmetric=args.axisymmetric,
                           progress=progress_wanted(args))
    sol = bondi4.solve_hypersurface(axisymmetric=args.axisymmetric, progress=False)
    data = {"beta2": sol["beta2"], "U2x": sol["U2x"], "U2phi": sol["U2p"], "w0": sol["w0"],
            "dm_du": res["dm_du"], "flux_density": res["flux_density"], "dM_du": res["dM_du"]}
    text = "\n".join(f"{k} = {_fmt(v, args.latex)}" for k, v in data.items())
    emit(args, {k: str(v) for k, v in data.items()}, text)
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``bms`` sub-subcommands to ``parser``."""
    sub = parser.add_subparsers(dest="bms_command", metavar="BMS_COMMAND")
    common = argparse.ArgumentParser(add_help=False, parents=[common_parent()])
    common.add_argument("--latex", action="store_true", help="print formulas as LaTeX")
    p = sub.add_parser("derive", parents=[common],
                       help="derive the BMS3 results step by step from the Bondi ansatz")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--ads3", action="store_true",
                       help="AdS3 instead: Brown-Henneaux central charges and the flat limit")
    which.add_argument("--4d", dest="four_d", action="store_true",
                       help="BMS4 instead: supertranslation laws, memory, charges, flux")
    p.set_defaults(func=_cmd_derive)
    p = sub.add_parser("charge", parents=[common], help="the charge Q_{T,Y} of a solution")
    for name, default in (("T", "1"), ("Y", "0"), ("Theta", "-1"), ("Xi", "0")):
        p.add_argument(f"--{name}", default=default, help=f"{name}(phi) (default {default})")
    p.add_argument("--formula", choices=["barnich-brandt", "iyer-wald"],
                   default="barnich-brandt", help="surface-charge formula to derive from")
    p.add_argument("--scri", choices=["+", "-"], default="+",
                   help="future (+, retarded u) or past (-, advanced v) null infinity")
    p.set_defaults(func=_cmd_charge)
    p = sub.add_parser("stabilizer", parents=[common], help="symmetries of a solution")
    p.add_argument("--Theta", default="-1", help="Theta(phi) (default -1: Minkowski)")
    p.add_argument("--Xi", default="0", help="Xi(phi) (default 0)")
    p.add_argument("--max-mode", type=int, default=4, help="highest Fourier mode searched")
    p.set_defaults(func=_cmd_stabilizer)
    p = sub.add_parser("mass-loss", parents=[common],
                       help="the 4D Bondi mass-loss law from the 1/r expansion")
    p.add_argument("--axisymmetric", action="store_true", help="axisymmetric, twist-free data")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bars")
    p.set_defaults(func=_cmd_mass_loss)
