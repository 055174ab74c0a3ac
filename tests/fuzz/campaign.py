"""Plan fuzz calls, run them, and write the findings (also ``python -m tests.fuzz.campaign``).

A *plan* is a list of ``(key, mutations)``; a mutation is ``(slot, spec)`` (see
:mod:`tests.fuzz.values`). :func:`sweep_plan` is deterministic (every slot of every entry with
each of a fixed list of bad values); the hypothesis test draws its own plans.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import os
import re
import sys
import time

from tests.fuzz import registry, values
from tests.fuzz.worker import Outcome, Runner

#: bad values tried in every slot by the sweep
SWEEP_CONSTANTS = (
    "nan", "inf", "-inf", "-1", "0", "2.5", "10**5", "10**30", "2**70", "1e308", "True",
    "None", "'x'", "'1/0'", "hostile_shell", "hostile_python", "'x'*10**5", "[]", "np.array([])",
    "np.ones((2, 5))", "np.ones((3, 3)) * 1j", "np.array([None, 1], dtype=object)", "object()",
)
#: bad values for a keyword option that the valid call leaves at its default
OPTION_CONSTANTS = ("nan", "-1", "0", "2.5", "10**30", "1e308", "True", "'x'", "hostile_shell",
                    "[]", "np.ones((3, 3)) * 1j")
DERIVED_BY_KIND = {
    "array": ("all nan", "all inf", "all 1e308", "all 0", "complex", "one nan", "object dtype",
              "extra axis", "last axis +1", "empty, same ndim", "batch of 10**5"),
    "int": ("n+0.5", "-n-1", "n*1000", "float(n)", "str(n)", "np.int8(n)"),
    "float": (),
    "seq": ("seq[0]=nan", "seq[0]=None", "seq[0]=10**30", "seq[0]=-1", "seq[0]='x'",
            "seq+extra", "seq-last"),
    "dict": ("dict value nan", "dict bad key"),
    "str": (), "bool": (), "object": (), "absent": (),
}
#: after this many hangs, an entry's remaining calls are skipped (each hang costs a time limit)
MAX_HANGS = 2


def run_keys() -> list[str]:
    """Every registry key that is called (abstract classes' methods run on their subclasses)."""
    keys = []
    for key, (_pkg, kind, _obj, _owner) in sorted(registry.public_entries().items()):
        if key in registry.SKIP:
            continue
        if kind == "method" and key.rsplit(".", 1)[0] in registry.SKIP:
            continue
        keys.append(key)
    return keys + sorted(registry.CLI)


def candidate_specs(kind: str, cli: bool = False) -> list[tuple[str, object]]:
    if cli:
        return [("value", s) for s in values.CLI_CONSTANTS]
    if kind == "absent":
        return [("const", c) for c in OPTION_CONSTANTS]
    return ([("const", c) for c in SWEEP_CONSTANTS]
            + [("derive", d) for d in DERIVED_BY_KIND.get(kind, ())])


def sweep_plan(runner: Runner, keys, describe_failures: list) -> list:
    plan = []
    for key in keys:
        slots, err = runner.describe(key)
        if slots is None:
            describe_failures.append(Outcome(key, "", "finding", "registry", message=err))
            continue
        plan.append((key, []))  # the valid call itself
        for slot, kind in slots:
            for spec in candidate_specs(kind, key.startswith("cli:")):
                plan.append((key, [(tuple(slot), spec)]))
    return plan


def run_plan(runner: Runner, plan, *, budget_s: float | None = None, progress=None,
             every_s: float = 60.0):
    outcomes: list[Outcome] = []
    hangs: collections.Counter = collections.Counter()
    skipped: collections.Counter = collections.Counter()
    t0 = last = time.monotonic()
    for i, (key, mutations) in enumerate(plan):
        if budget_s is not None and time.monotonic() - t0 > budget_s:
            skipped["<budget>"] += len(plan) - i
            break
        if hangs[key] >= MAX_HANGS:
            skipped[key] += 1
            continue
        o = runner.run(key, mutations)
        if o.kind == "hang":
            hangs[key] += 1
        outcomes.append(o)
        if progress and time.monotonic() - last > every_s:
            last = time.monotonic()
            progress(i, len(plan), last - t0, outcomes, skipped)
    return outcomes, skipped


def _normalise(msg: str) -> str:
    return re.sub(r"\d+(\.\d+)?(e[+-]?\d+)?", "N", msg)[:160]


def group_findings(outcomes):
    """package -> list of (count, first outcome) grouped by site and error."""
    groups: dict[tuple, list[Outcome]] = collections.OrderedDict()
    for o in outcomes:
        if o.status != "finding":
            continue
        # one site: the entry point, the kind, the exception type and where it was raised (the
        # message differs with the bad value; a hang or NaN is grouped by its message)
        sig = (o.key, o.kind, o.exc_type, o.where,
               "" if o.where else _normalise(o.message)[:40])
        groups.setdefault(sig, []).append(o)
    by_pkg: dict[str, list] = collections.OrderedDict()
    for sig, items in groups.items():
        by_pkg.setdefault(registry.package_of(sig[0]), []).append((len(items), items))
    return by_pkg


PACKAGE_ORDER = ("lie", "lie.groups", "angular", "tables", "gr", "cosmology", "equivariance",
                 "nn", "jax", "cli")


def report(outcomes, skipped, *, seconds: float, title: str = "") -> str:
    findings = [o for o in outcomes if o.status == "finding"]
    calls_by_pkg = collections.Counter(registry.package_of(o.key) for o in outcomes)
    find_by_pkg = collections.Counter(registry.package_of(o.key) for o in findings)
    sites_by_pkg = collections.Counter()
    by_pkg = group_findings(outcomes)
    for pkg, items in by_pkg.items():
        sites_by_pkg[pkg] = len({i[0].key for _, i in items})
    kinds = collections.Counter(o.kind for o in findings)
    lines = [
        f"# fuzz findings: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {len(outcomes)} calls over "
        f"{len({o.key for o in outcomes})} entry points, {len(findings)} findings at "
        f"{sum(sites_by_pkg.values())} functions ({seconds:.0f} s)",
        "",
        f"{title}Written by tests/fuzz (`python -m tests.fuzz.campaign --out FILE`). A finding: "
        "an exception other than ValueError/TypeError (or a symphys subclass of them; OSError "
        "only for file functions), a hang past the time limit (10 s unless registry.TIMEOUTS "
        "says more), a crashed worker, a MemoryError under a 4 GiB address-space limit, "
        "NaN/inf returned from finite input (`nonfinite`), NaN/inf passed through from a NaN/inf "
        "input by a function not documented to do so (`nan-passthrough`; a docstring saying "
        "\"NaN in, NaN out\" documents it, or tests/fuzz/registry.py NAN_PROPAGATES), "
        "code execution "
        "(`code-execution`: the hostile string's echo ran), a traceback or NaN in command "
        "output. Grouped by site; `n=` is the number of calls that hit it.",
        "",
        "| package | calls | findings | functions |", "|---|---|---|---|",
    ]
    for pkg in PACKAGE_ORDER:
        lines.append(f"| {pkg} | {calls_by_pkg[pkg]} | {find_by_pkg[pkg]} | {sites_by_pkg[pkg]} |")
    lines.append(f"| total | {len(outcomes)} | {len(findings)} | {sum(sites_by_pkg.values())} |")
    lines += ["", "By kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()), ""]
    if skipped:
        lines.append("Calls skipped after repeated hangs: " + ", ".join(
            f"{k} ({n})" for k, n in skipped.most_common()))
        lines.append("")
    for pkg in PACKAGE_ORDER:
        items = by_pkg.get(pkg, [])
        lines.append(f"## {pkg} ({len(items)} sites, {find_by_pkg[pkg]} calls)")
        lines.append("")
        if not items:
            lines.append("none")
            lines.append("")
            continue
        for n, group in items:
            o = group[0]
            what = f"{o.exc_type}: " if o.exc_type else ""
            short_key = o.key.replace("symphys.", "", 1)
            muts = "; ".join(sorted({g.mutation or "(valid call)" for g in group}))
            if len(muts) > 300:
                muts = muts[:280] + f" ... ({len(group)} variants)"
            lines.append(f"- **{short_key}** [{o.kind}] n={n} — {what}{o.message}"
                         + (f" — at `{o.where}`" if o.where else ""))
            lines.append(f"  - bad value(s): {muts}")
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="-")
    parser.add_argument("--only", nargs="*", help="package names (lie, cli, ...) or key prefixes")
    parser.add_argument("--budget", type=float, default=None, help="seconds")
    parser.add_argument("--json", default=None, help="also write every outcome (JSON lines)")
    args = parser.parse_args(argv)
    keys = run_keys()
    if args.only:
        keys = [k for k in keys if registry.package_of(k) in args.only
                or any(k.startswith(p) for p in args.only)]
    runner = Runner(retry_hangs=False)  # a report, not a verdict: no second chance for a hang
    t0 = time.monotonic()
    failures: list[Outcome] = []

    def write(outcomes, skipped, title=""):
        text = report(failures + outcomes, skipped, seconds=time.monotonic() - t0, title=title)
        if args.out == "-":
            sys.stdout.write(text)
        else:
            with open(args.out + ".tmp", "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(args.out + ".tmp", args.out)

    def progress(i, n, s, outcomes, skipped):
        print(f"  {i}/{n} {s:.0f}s", file=sys.stderr)
        if args.out != "-":
            write(outcomes, skipped, f"IN PROGRESS ({i} of {n} planned calls done). ")

    try:
        plan = sweep_plan(runner, keys, failures)
        # interleave the entry points, so that a partial report covers every package
        by_key: dict[str, list] = collections.OrderedDict()
        for item in plan:
            by_key.setdefault(item[0], []).append(item)
        plan = [item for batch in itertools.zip_longest(*by_key.values()) for item in batch
                if item is not None]
        print(f"{len(plan)} calls planned over {len(keys)} entry points", file=sys.stderr)
        outcomes, skipped = run_plan(runner, plan, budget_s=args.budget, progress=progress)
    finally:
        runner.close()
    write(outcomes, skipped)
    if args.json:
        import dataclasses
        import json
        with open(args.json, "w", encoding="utf-8") as fh:
            for o in failures + outcomes:
                fh.write(json.dumps(dataclasses.asdict(o), default=repr) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
