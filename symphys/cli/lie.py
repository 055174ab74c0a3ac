"""``symphys lie ...``: facts about simple Lie algebras and their irreps from the command line.

Commands (highest weights are comma-separated Dynkin labels in Bourbaki order, e.g. ``1,0``)::

    symphys lie info E8                 rank, dimension, roots, |W|, exponents, Dynkin diagram
    symphys lie dim G2 1,0              dimension, dual, Casimir and index of one irrep
    symphys lie weights A2 1,1 [--all]  dominant (or all) weights with multiplicities
    symphys lie tensor A2 1,1 1,1       tensor product decomposition
    symphys lie branch G2 A2 1,0        branching to a subalgebra ("A2+A1+U1", "principal")
    symphys lie branch A5 A2 0,1,0,0,0 --irrep 2,0   ... embedded through an irrep
    symphys lie roots G2                positive roots (simple-root basis and Dynkin labels)
    symphys lie branch E6 G2 27         an irrep may be named ("27", "27bar", "351'")
    symphys lie maximal E7              every maximal subalgebra, with its projection matrix
    symphys lie name E6 351'            an irrep's name, labels, reality, congruency, ...
    symphys lie sym A2 1,0 3            symmetric power (alt: exterior power; plethysm A2 1,0 2,1)

``branch``, ``maximal``, ``name``, ``sym``, ``alt`` and ``plethysm`` take ``--latex`` (a LaTeX
table or name). ``branch ... --pick N`` chooses the N-th of several maximal subalgebras of one
name (``symphys lie maximal`` lists them).

Every command takes ``--json``. Highest weights that are not comma-separated integers are usage
errors (exit 2); the library checks the rest (number of labels, dominance, size limits) through
the public ``LieAlgebra.check_weight`` and its own closed-form refusals (exit 1). ``weights --all``
and ``branch`` show a progress bar on stderr for large irreps when stderr is a terminal, unless
``--no-progress``, ``--quiet``, ``--json`` or ``TQDM_DISABLE``.
"""

from __future__ import annotations

import argparse

from symphys.cli._output import common_parent, emit, progress_wanted


def _labels(text: str) -> tuple[int, ...]:
    """argparse type: ``"1,0"`` (or ``"(1,0)"``) -> ``(1, 0)``."""
    body = text.strip().strip("()[]")
    try:
        return tuple(int(x) for x in body.replace(" ", "").split(",") if x != "")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"highest weight {text!r} must be comma-separated ints like 1,0") from None


def _algebra(name: str):
    from symphys.lie import LieAlgebra

    return LieAlgebra(name)


def _fmt(hw: tuple[int, ...]) -> str:
    return "(" + ",".join(map(str, hw)) + ")"


def _info(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    fund = [tuple(int(i == j) for j in range(g.rank)) for i in range(g.rank)]
    cartan = [[int(x) for x in g.cartan_matrix.row(i)] for i in range(g.rank)]
    data = {
        "algebra": g.name, "rank": g.rank, "dimension": g.dimension,
        "positive_roots": len(g.positive_roots()), "weyl_group_order": g.weyl_group_order(),
        "exponents": g.exponents(), "coxeter_number": g.coxeter_number(),
        "dual_coxeter_number": g.dual_coxeter_number(), "highest_root": g.highest_root(),
        "cartan_matrix": cartan,
        "fundamental_dims": [g.irrep_dimension(w) for w in fund],
    }
    lines = [
        f"{g.name}: rank {g.rank}, dimension {g.dimension}",
        f"positive roots: {data['positive_roots']}   |W| = {data['weyl_group_order']}",
        f"exponents: {data['exponents']}   Coxeter h = {data['coxeter_number']}, "
        f"dual h^v = {data['dual_coxeter_number']}",
        f"highest root (simple-root basis): {_fmt(g.highest_root())}",
        "fundamental irreps: " + ", ".join(f"{_fmt(w)} {d}" for w, d in
                                           zip(fund, data["fundamental_dims"], strict=True)),
        "Cartan matrix:",
        *("  " + " ".join(f"{x:3d}" for x in row) for row in cartan),
        "Dynkin diagram:",
        *("  " + line for line in g.dynkin_diagram().splitlines()[1:]),
    ]
    emit(args, data, "\n".join(lines))
    return 0


def _dim(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    hw = g.check_weight(args.hw, "hw")
    dual = g.dual(hw)
    data = {"algebra": g.name, "highest_weight": hw, "dim": g.irrep_dimension(hw), "dual": dual,
            "self_dual": dual == hw, "casimir": g.casimir(hw), "index": g.index(hw)}
    text = (f"{g.name} {_fmt(hw)}: dim {data['dim']}, dual {_fmt(dual)}"
            f"{' (self-dual)' if dual == hw else ''}, Casimir {data['casimir']}, "
            f"Dynkin index {data['index']}")
    emit(args, data, text)
    return 0


def _weights(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    hw = g.check_weight(args.hw, "hw")
    w = g.weights(hw, dominant=not args.all, progress=progress_wanted(args))
    data = {"algebra": g.name, "highest_weight": hw, "dim": g.irrep_dimension(hw),
            "weights": [{"weight": k, "multiplicity": m} for k, m in w.items()]}
    kind = "all" if args.all else "dominant"
    lines = [f"{g.name} {_fmt(hw)} (dim {data['dim']}): {len(w)} {kind} weights"]
    lines += [f"  {_fmt(k):24s} x{m}" for k, m in w.items()]
    emit(args, data, "\n".join(lines))
    return 0


def _tensor(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    a = g.check_weight(args.hw1, "hw1")
    b = g.check_weight(args.hw2, "hw2")
    tp = g.tensor_product(a, b)
    dim = g.irrep_dimension
    data = {"algebra": g.name, "hw1": a, "hw2": b, "dims": [dim(a), dim(b)],
            "irreps": [{"highest_weight": k, "dim": dim(k), "multiplicity": m}
                       for k, m in tp.items()]}
    lines = [f"{g.name}: {_fmt(a)} x {_fmt(b)}  ({dim(a)} x {dim(b)} = {dim(a) * dim(b)})"]
    lines += [f"  {_fmt(k):24s} dim {dim(k):<10d} x{m}" for k, m in tp.items()]
    emit(args, data, "\n".join(lines))
    return 0


def _irrep_text(text: str) -> tuple[int, ...] | str:
    """argparse type: Dynkin labels (``1,0``, ``(1,0)``) or an irrep name (``27bar``)."""
    body = text.strip()
    if "," in body or body.startswith(("(", "[")):
        return _labels(body)
    if not body or len(body) > 60:
        raise argparse.ArgumentTypeError(f"irrep {text!r} must be Dynkin labels like 1,0 or a "
                                         "name like 27bar")
    return body


def _resolve(g, hw):
    """Labels, or a name (a bare int is a label for rank 1, a name otherwise)."""
    if isinstance(hw, tuple):
        return g.check_weight(hw, "hw")
    if g.rank == 1 and hw.isdigit():
        return g.check_weight((int(hw),), "hw")
    return g.from_name(hw)


def _pick(g, name: str, pick: int | None):
    if pick is None:
        return name
    subs = [s for s in g.maximal_subalgebras()
            if sorted(f.name for f in s.factors) + ["U1"] * s.n_u1
            == sorted(t for t in name.replace(" ", "").split("+") if t != "U1")
            + ["U1"] * name.replace(" ", "").split("+").count("U1")]
    if not 0 <= pick < len(subs):
        raise ValueError(f"--pick {pick}: {g.name} has {len(subs)} maximal subalgebras named "
                         f"{name!r} (see 'symphys lie maximal {g.name}')")
    return subs[pick]


def _branch(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    hw = _resolve(g, args.hw)
    if args.pick is not None and args.irrep is not None:
        raise ValueError("--pick and --irrep exclude each other")
    spec = _pick(g, args.subalgebra, args.pick)
    sub = spec if args.pick is not None else g.subalgebra(spec, irrep=args.irrep)
    br = g.branch(hw, sub, progress=progress_wanted(args))
    alg = br.algebra
    data = {"algebra": g.name, "subalgebra": sub.name, "embedding": sub.how,
            "highest_weight": hw, "name": g.irrep_name(hw), "dim": g.irrep_dimension(hw),
            "projection": sub.projection,
            "irreps": [{"labels": sub.split(k)[0], "u1_charges": sub.split(k)[1],
                        "name": alg.irrep_name(k), "dim": sub.irrep_dimension(k),
                        "multiplicity": m} for k, m in br.items()]}
    if args.latex:
        emit(args, data, br.latex_table(caption=f"{g.name} > {sub.name}: "
                                                f"{g.irrep_name(hw)}"))
        return 0
    lines = [f"{g.name} > {sub.name} ({sub.how}): {g.irrep_name(hw)} {_fmt(hw)} "
             f"(dim {g.irrep_dimension(hw)}) ->"]
    lines += [f"  {alg.irrep_name(k):20s} {sub.format(k):24s} dim {sub.irrep_dimension(k):<10d}"
              f" x{m}" for k, m in br.items()]
    emit(args, data, "\n".join(lines))
    return 0


def _maximal(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    subs = g.maximal_subalgebras()
    funds = [tuple(int(i == j) for j in range(g.rank)) for i in range(g.rank)]
    small = min(funds, key=g.irrep_dimension)
    rows = []
    for s in subs:
        br = g.branch(small, s)
        rows.append({"subalgebra": s.name, "embedding": s.how, "projection": s.projection,
                     "branching": {br.algebra.irrep_name(k): m for k, m in br.items()},
                     "branching_latex": " + ".join(
                         (f"{m}" if m > 1 else "") + br.algebra.irrep_name(k, latex=True)
                         for k, m in br.items())})
    data = {"algebra": g.name, "irrep": g.irrep_name(small), "maximal_subalgebras": rows}
    if args.latex:
        lines = [r"\begin{tabular}{ll}", f"subalgebra & ${g.irrep_name(small, latex=True)}$ "
                 r"\\ \hline"]
        lines += [f"{r['subalgebra']} & ${r['branching_latex']}$ \\\\" for r in rows]
        lines.append(r"\end{tabular}")
        emit(args, data, "\n".join(lines))
        return 0
    lines = [f"{g.name}: {len(subs)} maximal subalgebras; {g.irrep_name(small)} branches to"]
    for k, r in enumerate(rows):
        rule = " + ".join((f"{m}x" if m > 1 else "") + n for n, m in r["branching"].items())
        lines.append(f"  [{k}] {r['subalgebra']:12s} {rule}")
        lines.append(f"       {r['embedding']}")
        if args.projection:
            lines += [f"       {row}" for row in r["projection"]]
    emit(args, data, "\n".join(lines))
    return 0


def _name(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    hw = _resolve(g, args.irrep)
    name = g.irrep_name(hw)
    dual = g.dual(hw)
    data = {"algebra": g.name, "highest_weight": hw, "name": name,
            "latex": g.irrep_name(hw, latex=True), "dim": g.irrep_dimension(hw),
            "dual": g.irrep_name(dual), "reality": g.reality(hw),
            "congruency_class": g.congruency_class(hw), "index": g.index(hw),
            "casimir": g.casimir(hw)}
    if g.letter == "A":
        data["anomaly"] = g.anomaly(hw)
    if args.latex:
        emit(args, data, data["latex"])
        return 0
    text = (f"{g.name} {name} = {_fmt(hw)}: dim {data['dim']}, dual {data['dual']}, "
            f"{data['reality']}, congruency class {data['congruency_class']}, Dynkin index "
            f"{data['index']}, Casimir {data['casimir']}")
    if "anomaly" in data:
        text += f", anomaly {data['anomaly']}"
    emit(args, data, text)
    return 0


def _power(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    hw = _resolve(g, args.irrep)
    if args.lie_command == "plethysm":
        part = tuple(args.partition)
        out = g.plethysm(hw, part)
        what = f"S_{''.join(map(str, part)) if max(part) < 10 else part}"
    else:
        k = args.k
        out = (g.symmetric_power if args.lie_command == "sym" else g.alternating_power)(hw, k)
        what = f"{'Sym' if args.lie_command == 'sym' else 'Alt'}^{k}"
    data = {"algebra": g.name, "irrep": g.irrep_name(hw), "highest_weight": hw,
            "operation": what,
            "irreps": [{"highest_weight": w, "name": g.irrep_name(w),
                        "dim": g.irrep_dimension(w), "multiplicity": m}
                       for w, m in out.items()]}
    if args.latex:
        body = " + ".join((f"{m}" if m > 1 else "") + g.irrep_name(w, latex=True)
                          for w, m in out.items())
        emit(args, data, f"$\\mathrm{{{what.split('^')[0]}}}"
                         f"{'^' + what.split('^')[1] if '^' in what else ''}"
                         f"\\,{g.irrep_name(hw, latex=True)} = {body}$")
        return 0
    lines = [f"{g.name}: {what} {g.irrep_name(hw)} =  "
             + " + ".join((f"{m} " if m > 1 else "") + g.irrep_name(w) for w, m in out.items())]
    lines += [f"  {g.irrep_name(w):12s} {_fmt(w):24s} dim {g.irrep_dimension(w):<10d} x{m}"
              for w, m in out.items()]
    emit(args, data, "\n".join(lines))
    return 0


def _roots(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    simple, weight = g.positive_roots(), g.positive_roots(coordinates="weight")
    data = {"algebra": g.name, "positive_roots": [{"simple_basis": a, "dynkin_labels": w}
                                                  for a, w in zip(simple, weight, strict=True)]}
    lines = [f"{g.name}: {len(simple)} positive roots (simple-root basis | Dynkin labels)"]
    lines += [f"  {_fmt(a):28s} {_fmt(w)}" for a, w in zip(simple, weight, strict=True)]
    emit(args, data, "\n".join(lines))
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``symphys lie`` sub-commands to ``parser``.

    >>> p = argparse.ArgumentParser(prog="symphys lie")
    >>> configure(p)
    >>> p.parse_args(["dim", "G2", "1,0"]).hw
    (1, 0)
    """
    common = common_parent()
    sub = parser.add_subparsers(dest="lie_command", metavar="LIE_COMMAND")
    alg_help = "Cartan type: A3, E8, G2, su(3), so(10), sp(6), ..."

    p = sub.add_parser("info", parents=[common], help="rank, dimension, roots, Weyl group")
    p.add_argument("algebra", help=alg_help)
    p.set_defaults(func=_info)

    p = sub.add_parser("dim", parents=[common], help="dimension, dual, Casimir, index of an irrep")
    p.add_argument("algebra", help=alg_help)
    p.add_argument("hw", type=_labels, help="highest weight, Dynkin labels, e.g. 1,0")
    p.set_defaults(func=_dim)

    p = sub.add_parser("weights", parents=[common], help="weights and multiplicities")
    p.add_argument("algebra", help=alg_help)
    p.add_argument("hw", type=_labels, help="highest weight, Dynkin labels")
    p.add_argument("--all", action="store_true", help="all weights, not only dominant ones")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.set_defaults(func=_weights)

    p = sub.add_parser("tensor", parents=[common], help="tensor product decomposition")
    p.add_argument("algebra", help=alg_help)
    p.add_argument("hw1", type=_labels, help="first highest weight")
    p.add_argument("hw2", type=_labels, help="second highest weight")
    p.set_defaults(func=_tensor)

    p = sub.add_parser("branch", parents=[common], help="branching rule to a subalgebra")
    p.add_argument("algebra", help=alg_help)
    p.add_argument("subalgebra", help='e.g. "A2", "A2+A1+U1", "G2+F4", "principal"')
    p.add_argument("hw", type=_irrep_text,
                   help="irrep of the algebra: Dynkin labels (1,0,0) or a name (27, 27bar)")
    p.add_argument("--latex", action="store_true", help="print a LaTeX table")
    p.add_argument("--pick", type=int, default=None,
                   help="the N-th maximal subalgebra of that name (see 'lie maximal')")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.add_argument("--irrep", default=None, type=_labels,
                   help="embed the subalgebra through this irrep of it (flat Dynkin labels), "
                        "e.g. 'lie branch A5 A2 0,1,0,0,0 --irrep 2,0' for su(6) > su(3)")
    p.set_defaults(func=_branch)

    p = sub.add_parser("maximal", parents=[common],
                       help="maximal subalgebras with projection matrices")
    p.add_argument("algebra", help=alg_help)
    p.add_argument("--latex", action="store_true", help="print a LaTeX table")
    p.add_argument("--projection", action="store_true", help="print the projection matrices")
    p.set_defaults(func=_maximal)

    p = sub.add_parser("name", parents=[common], help="name and facts of an irrep")
    p.add_argument("algebra", help=alg_help)
    p.add_argument("irrep", type=_irrep_text, help="Dynkin labels (2,0,0,0,0,0) or a name")
    p.add_argument("--latex", action="store_true", help="print the LaTeX name")
    p.set_defaults(func=_name)

    for cmd, what in (("sym", "symmetric power Sym^k"), ("alt", "exterior power Alt^k")):
        p = sub.add_parser(cmd, parents=[common], help=what)
        p.add_argument("algebra", help=alg_help)
        p.add_argument("irrep", type=_irrep_text, help="Dynkin labels or a name")
        p.add_argument("k", type=int, help="the power")
        p.add_argument("--latex", action="store_true", help="print LaTeX")
        p.set_defaults(func=_power)

    p = sub.add_parser("plethysm", parents=[common], help="Schur functor S_partition")
    p.add_argument("algebra", help=alg_help)
    p.add_argument("irrep", type=_irrep_text, help="Dynkin labels or a name")
    p.add_argument("partition", type=_labels, help="a partition, e.g. 2,1")
    p.add_argument("--latex", action="store_true", help="print LaTeX")
    p.set_defaults(func=_power)

    p = sub.add_parser("roots", parents=[common], help="positive roots")
    p.add_argument("algebra", help=alg_help)
    p.set_defaults(func=_roots)
