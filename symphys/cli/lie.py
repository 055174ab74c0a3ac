"""``symphys lie ...``: facts about simple Lie algebras and their irreps from the command line.

Commands (highest weights are comma-separated Dynkin labels in Bourbaki order, e.g. ``1,0``)::

    symphys lie info E8                 rank, dimension, roots, |W|, exponents, Dynkin diagram
    symphys lie dim G2 1,0              dimension, dual, Casimir and index of one irrep
    symphys lie weights A2 1,1 [--all]  dominant (or all) weights with multiplicities
    symphys lie tensor A2 1,1 1,1       tensor product decomposition
    symphys lie branch G2 A2 1,0        branching to a subalgebra ("A2+A1+U1", "principal")
    symphys lie branch A5 A2 0,1,0,0,0 --irrep 2,0   ... embedded through an irrep
    symphys lie roots G2                positive roots (simple-root basis and Dynkin labels)

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


def _branch(args: argparse.Namespace) -> int:
    g = _algebra(args.algebra)
    hw = g.check_weight(args.hw, "hw")
    sub = g.subalgebra(args.subalgebra, irrep=args.irrep)
    br = g.branch(hw, sub, progress=progress_wanted(args))
    data = {"algebra": g.name, "subalgebra": sub.name, "embedding": sub.how,
            "highest_weight": hw, "dim": g.irrep_dimension(hw), "projection": sub.projection,
            "irreps": [{"labels": sub.split(k)[0], "u1_charges": sub.split(k)[1],
                        "dim": sub.irrep_dimension(k), "multiplicity": m} for k, m in br.items()]}
    lines = [f"{g.name} > {sub.name} ({sub.how}): {_fmt(hw)} (dim {g.irrep_dimension(hw)}) ->"]
    lines += [f"  {sub.format(k):24s} dim {sub.irrep_dimension(k):<10d} x{m}"
              for k, m in br.items()]
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
    p.add_argument("subalgebra", help='e.g. "A2", "A2+A1+U1", "D5+U1", "principal"')
    p.add_argument("hw", type=_labels, help="highest weight of the algebra, Dynkin labels")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.add_argument("--irrep", default=None, type=_labels,
                   help="embed the subalgebra through this irrep of it (flat Dynkin labels), "
                        "e.g. 'lie branch A5 A2 0,1,0,0,0 --irrep 2,0' for su(6) > su(3)")
    p.set_defaults(func=_branch)

    p = sub.add_parser("roots", parents=[common], help="positive roots")
    p.add_argument("algebra", help=alg_help)
    p.set_defaults(func=_roots)
