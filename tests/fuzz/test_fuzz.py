"""Fuzz every public function, constructor, method and command with bad values (issue 19).

Each call runs in a worker process under a time limit (``registry.TIMEOUTS``, else 10 s) and a
4 GiB address-space limit (see :mod:`tests.fuzz.worker`). A test fails on any *finding*: an
exception other than ValueError/TypeError (or a symphys subclass of them), a hang, a crash, a
MemoryError, NaN/inf from finite input, code execution by a hostile string, a traceback or NaN
in command output. Hypothesis draws which arguments get which bad values; the results are
collected (no shrinking) and reported together, grouped by site.

The default run draws a few calls per entry point (about a minute on two cores;
``SYMPHYS_FUZZ_EXAMPLES`` changes how many); ``-m slow`` draws many more
(``SYMPHYS_FUZZ_SLOW_EXAMPLES``, default 40). Under CI the hypothesis profile is derandomized
(``tests/conftest.py``), so a red CI reproduces. ``SYMPHYS_FUZZ_REPORT=path`` writes the
findings report of each fuzz test run to ``path`` (appending the package name).
"""

from __future__ import annotations

import argparse
import collections
import os
import queue
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

hypothesis = pytest.importorskip("hypothesis")
pytest.importorskip("resource", reason="the worker's memory limit needs a POSIX system")
if "fork" not in __import__("multiprocessing").get_all_start_methods():  # pragma: no cover
    pytest.skip("the fuzz worker forks", allow_module_level=True)
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz import campaign, registry, values  # noqa: E402
from tests.fuzz.worker import Outcome, Runner  # noqa: E402

#: hypothesis examples per package in the default run and under ``-m slow``; each example
#: makes one call per entry point of the package
DEFAULT_EXAMPLES = int(os.environ.get("SYMPHYS_FUZZ_EXAMPLES") or 5)
SLOW_EXAMPLES = int(os.environ.get("SYMPHYS_FUZZ_SLOW_EXAMPLES") or 40)


@pytest.fixture(scope="module")
def runner():
    r = Runner()
    yield r
    r.close()


@pytest.fixture(scope="module")
def pool():
    n = int(os.environ.get("SYMPHYS_FUZZ_WORKERS") or min(2, os.cpu_count() or 1))
    p = Pool(n)
    yield p
    p.close()


# ----------------------------------------------------------------------------- coverage
def _resolvable(key, kind, owner, functions, classes, class_keys) -> bool:
    if kind == "function":
        return key in functions
    if kind == "class":
        return key in classes and classes[key].ctor is not None
    cls_key, method = key.rsplit(".", 1)
    if cls_key in registry.SKIP:  # an abstract class: its methods run on the subclasses
        spec = classes.get(cls_key)
        return spec is not None and method in spec.methods
    if classes.get(cls_key) is None or classes[cls_key].inst is None:
        return False
    return any(method in classes[class_keys[b]].methods
               for b in owner.__mro__ if b in class_keys and class_keys[b] in classes)


def test_registry_covers_every_public_name():
    entries = registry.public_entries()
    functions, classes, class_keys = registry.functions(), registry.classes(), \
        registry.class_keys()
    missing = [key for key, (_, kind, _, owner) in entries.items()
               if key not in registry.SKIP
               and not _resolvable(key, kind, owner, functions, classes, class_keys)]
    assert missing == [], ("public names without an example call in tests/fuzz/registry.py "
                           f"(register them, or list them in SKIP with the reason): {missing}")
    stale = sorted(set(functions) | set(classes) | set(registry.SKIP))
    stale = [k for k in stale if k not in entries]
    assert stale == [], f"registry entries that are no longer public names: {stale}"
    assert len(entries) > 300


def _cli_leaves():
    from symphys.cli import build_parser

    def walk(parser, prefix):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield " ".join(prefix)
            return
        for name, sub in subs[0].choices.items():
            yield from walk(sub, [*prefix, name])

    return sorted(walk(build_parser(), []))


def test_registry_covers_every_command():
    leaves = {f"cli: {leaf}" for leaf in _cli_leaves()}
    assert leaves == set(registry.CLI), (
        f"commands without an entry: {sorted(leaves - set(registry.CLI))}; "
        f"entries that are no command: {sorted(set(registry.CLI) - leaves)}")


def test_the_walker_sees_a_finding(runner):
    """The harness itself: an internal error, a NaN and a hang are findings."""
    o = runner.run("symphys.lie.groups.so_volume", [(("arg", 0), ("value", 10**400))])
    assert o.status in ("refused", "finding")
    assert values.is_nonfinite_input(float("nan")) and not values.is_nonfinite_input(1e308)
    assert values.is_nonfinite_input("1/0") is False and values.is_nonfinite_input("nan")
    assert values.PWNED not in values.HOSTILE_SHELL + values.HOSTILE_PYTHON  # only its effect
    def doc():
        """Elementwise; NaN in, NaN out."""

    assert registry.nan_propagates("k", doc) and not registry.nan_propagates("k", _cli_leaves)
    bad = Outcome("symphys.lie.so", "", "finding", "exception", "ZeroDivisionError", "x")
    text = campaign.report([bad], {}, seconds=0.0)
    assert "ZeroDivisionError" in text and "| total | 1 | 1 | 1 |" in text


# ----------------------------------------------------------------------------- fuzzing
def _keys_of(package: str) -> list[str]:
    return [k for k in campaign.run_keys() if registry.package_of(k) == package]


_slot_cache: dict[str, list | None] = {}


def _slots(pool, key: str):
    if key not in _slot_cache:
        slots, _err = pool.describe(key)
        _slot_cache[key] = slots
    return _slot_cache[key]


_FLOATS = st.floats(allow_nan=True, allow_infinity=True).map(lambda v: ("value", v))
_INTS = st.one_of(st.integers(-(2**80), 2**80), st.integers(-3, 12)).map(lambda v: ("value", v))
_TEXT = st.text(max_size=12).map(lambda v: ("value", v))


def _spec_strategy(kind: str, cli: bool):
    fixed = st.sampled_from(campaign.candidate_specs(kind, cli))
    if cli:
        return st.one_of(fixed, fixed, fixed, _TEXT,
                         _FLOATS.map(lambda s: ("value", repr(s[1]))),
                         _INTS.map(lambda s: ("value", str(s[1]))))
    return st.one_of(fixed, fixed, fixed, _FLOATS, _INTS, _TEXT)


def _draw_mutations(data, slots, cli: bool):
    n = data.draw(st.sampled_from((1, 1, 1, 2)), label="how many")
    chosen = data.draw(st.lists(st.sampled_from(range(len(slots))), min_size=1, max_size=n,
                                unique=True), label="slots")
    return [(tuple(slots[i][0]), data.draw(_spec_strategy(slots[i][1], cli), label="value"))
            for i in chosen]


class Pool:
    """Worker processes run side by side (``SYMPHYS_FUZZ_WORKERS``, default: up to 2)."""

    def __init__(self, n: int) -> None:
        self.runners = [Runner() for _ in range(max(1, n))]
        # long-lived threads: a worker forked from a thread dies when that thread ends
        self.executor = ThreadPoolExecutor(len(self.runners))

    def describe(self, key: str):
        return self.runners[0].describe(key)

    def run_all(self, items) -> list[Outcome]:
        free: queue.Queue = queue.Queue()
        for r in self.runners:
            free.put(r)

        def one(item):
            r = free.get()
            try:
                return r.run(*item)
            finally:
                free.put(r)

        return list(self.executor.map(one, items))

    def close(self) -> None:
        for r in self.runners:
            r.close()
        self.executor.shutdown()


def _fuzz(pool: Pool, package: str, examples: int, *, slow: bool) -> list[Outcome]:
    """The valid calls, then ``examples`` hypothesis examples of one call per entry point.

    In the default run the entry points of :data:`registry.SLOW` (whose valid call takes
    seconds) skip their valid call and get one fuzz call only.
    """
    keys = _keys_of(package)
    outcomes: list[Outcome] = pool.run_all(
        [(k, []) for k in keys if slow or k not in registry.SLOW])
    hangs = collections.Counter(o.key for o in outcomes if o.kind == "hang")
    first = [True]

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def walk(data):
        plan = []
        for key in keys:  # draw for every key, whatever runs: the draws must not depend on
            slots = _slots(pool, key)  # earlier outcomes (hypothesis replays them)
            if not slots:
                continue
            mutations = _draw_mutations(data, slots, key.startswith("cli:"))
            if hangs[key] >= campaign.MAX_HANGS:
                continue
            if not slow and not first[0] and key in registry.SLOW:
                continue
            plan.append((key, mutations))
        first[0] = False
        done = pool.run_all(plan)
        hangs.update(o.key for o in done if o.kind == "hang")
        outcomes.extend(done)

    walk()
    return outcomes


def _check(outcomes: list[Outcome], package: str, seconds: float) -> None:
    target = os.environ.get("SYMPHYS_FUZZ_REPORT")
    if target:
        with open(f"{target}.{package}", "w", encoding="utf-8") as fh:
            fh.write(campaign.report(outcomes, {}, seconds=seconds, title=f"{package}: "))
        with open(f"{target}.{package}.calls", "w", encoding="utf-8") as fh:
            fh.writelines(f"{o.key} | {o.mutation} | {o.status} {o.kind}\n" for o in outcomes)
    findings = [o for o in outcomes if o.status == "finding"]
    if findings:
        groups = campaign.group_findings(findings).get(package, [])
        lines = [f"{o.key} [{o.kind}] n={n}: {o.exc_type} {o.message[:200]} "
                 f"(bad: {o.mutation or 'the valid call'}) {o.where}"
                 for n, (o, *_) in groups]
        pytest.fail(f"{len(findings)} findings in {len(outcomes)} calls at {len(groups)} "
                    "sites:\n" + "\n".join(lines), pytrace=False)


PACKAGES = list(campaign.PACKAGE_ORDER)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("package", PACKAGES)
def test_fuzz(pool, package):
    t0 = time.monotonic()
    _check(_fuzz(pool, package, DEFAULT_EXAMPLES, slow=False), package, time.monotonic() - t0)


@pytest.mark.slow
@pytest.mark.timeout(7200)
@pytest.mark.parametrize("package", PACKAGES)
def test_fuzz_long(pool, package):
    t0 = time.monotonic()
    _check(_fuzz(pool, package, SLOW_EXAMPLES, slow=True), package, time.monotonic() - t0)
