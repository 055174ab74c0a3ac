"""The layout rules of CONTRIBUTING.md, checked on the source of every module of symphys.

- no private name (``_x``) is imported from outside its own package directory (an internal
  module such as ``symphys._array`` is a stated home: its public names may be imported);
- no import cycle between modules (function-local and ``if TYPE_CHECKING:`` imports count: a
  cycle through type hints is still a cycle in the design);
- no core module imports the command line;
- the command line starts without the numeric stack (see tests/cli for the timing).

Each checker is also run on a small synthetic tree, so that a checker that finds nothing
because it is broken fails too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "symphys"


def module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str, root: Path) -> str:
    """The package (directory) a module lives in: itself for a package ``__init__``."""
    path = root.parent.joinpath(*module.split("."))
    return module if path.is_dir() else module.rpartition(".")[0]


def _imports(tree: ast.AST):
    """Every import statement anywhere in the module (functions and TYPE_CHECKING included)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def scan(root: Path) -> dict[str, list[tuple[str, str | None, int]]]:
    """module -> [(imported module, imported name or None, line)] for imports within ``root``."""
    top = root.name
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    out: dict[str, list[tuple[str, str | None, int]]] = {}
    for mod, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_pkg = path.name == "__init__.py"
        found = []
        for node in _imports(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == top:
                        found.append((alias.name, None, node.lineno))
                continue
            if node.level:
                base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != top:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:  # `from pkg import submodule`: an internal module is a home
                    found.append((sub, None, node.lineno))
                else:
                    found.append((target, alias.name, node.lineno))
        out[mod] = found
    return out


def private_crossings(root: Path) -> list[str]:
    bad = []
    for mod, imports in scan(root).items():
        here = package_of(mod, root)
        for target, name, line in imports:
            if name is None or not name.startswith("_") or name.startswith("__"):
                continue
            there = package_of(target, root)
            if here != there:
                bad.append(f"{mod}:{line} imports private {name} from {target}")
    return sorted(bad)


def cycles(root: Path) -> list[list[str]]:
    """Strongly connected components of size > 1 (and self-imports) of the import graph."""
    graph = {mod: sorted({t for t, _, _ in imports if t != mod})
             for mod, imports in scan(root).items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan, iterative over the edge lists
        work = [(v, iter(graph.get(v, ())))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, edges = work[-1]
            advanced = False
            for w in edges:
                if w not in graph:
                    continue
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(graph.get(w, ()))))
                    advanced = True
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def test_checkers_find_what_they_look_for(tmp_path):
    root = _tree(tmp_path, {
        "__init__.py": "",
        "a/__init__.py": "from pkg.a.x import f\n",
        "a/x.py": "def f(): pass\ndef _g(): pass\n",
        "a/y.py": "from pkg.a.x import _g\n",  # same package: allowed
        "b/__init__.py": "",
        "b/z.py": "def h():\n    from pkg.a.x import _g\n",  # crosses, function-local
        "b/w.py": "from ..a import x\nfrom pkg.a.x import f as _f\n",  # public: allowed
        "c/__init__.py": "",
        "c/p.py": "def k():\n    from pkg.c import q\n",
        "c/q.py": "from . import p\n",
        "d/__init__.py": "",
        "d/r.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                   "    from pkg.d.s import S\n"),
        "d/s.py": "from pkg.d import r\nclass S: pass\n",
    })
    assert private_crossings(root) == ["pkg.b.z:2 imports private _g from pkg.a.x"]
    assert cycles(root) == [["pkg.c.p", "pkg.c.q"], ["pkg.d.r", "pkg.d.s"]]


def test_no_private_name_crosses_a_package():
    assert private_crossings(PACKAGE_ROOT) == []


def test_no_import_cycles():
    assert cycles(PACKAGE_ROOT) == []


def test_no_core_module_imports_the_command_line():
    bad = [f"{mod}:{line}" for mod, imports in scan(PACKAGE_ROOT).items()
           if not mod.startswith(("symphys.cli", "symphys.__main__"))
           for target, _, line in imports if target.startswith("symphys.cli")]
    assert bad == []
    assert not list(PACKAGE_ROOT.glob("*/cli.py")), "subcommands live in symphys/cli/"


@pytest.mark.parametrize("name", ["cli"])
def test_command_line_is_one_package(name):
    assert (PACKAGE_ROOT / name / "__init__.py").is_file()
