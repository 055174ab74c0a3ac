"""The layering of symphys.cosmology, read from the import statements (ast, no import).

Every import counts, function-local and ``if TYPE_CHECKING:`` ones included. The repo-wide
rules live in tests/test_architecture.py; this file pins the order inside the package:
constants and datasets at the bottom, models and the derivation on constants, sampling on
nothing of the package (it takes a ``Posterior``), the likelihood above sampling.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import symphys.cosmology

PKG = Path(symphys.cosmology.__file__).parent
NAME = "symphys.cosmology"


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every ``import`` / ``from ... import`` of symphys in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, "") for a in node.names if a.name.startswith("symphys")]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: relative import"
            if node.module and node.module.startswith("symphys"):
                out += [(node.module, a.name) for a in node.names]
    return out


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in PKG.glob("*.py"):
        if path.stem == "__init__":
            continue
        deps = set()
        for module, name in _imports(path):
            if module == NAME and f"{NAME}.{name}" != f"{NAME}.{path.stem}":
                deps.add(name)  # from symphys.cosmology import submodule
            elif module.startswith(NAME + "."):
                deps.add(module.split(".")[2])
        graph[path.stem] = deps
    return graph


def test_cosmology_modules_form_no_cycle():
    graph = _graph()
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:  # pragma: no cover - the failure message
        raise AssertionError(f"import cycle in symphys.cosmology: {exc.args[1]}") from None
    assert set(order) >= set(graph)


def test_cosmology_layers():
    graph = _graph()
    assert graph["constants"] == set()
    assert graph["datasets"] == set()
    assert graph["sampling"] == set()
    assert graph["models"] <= {"constants", "background"}
    assert graph["background"] == {"constants"}
    assert graph["priors"] == set()
    assert "likelihood" not in graph["evidence"] if "evidence" in graph else True
    assert graph["derivation"] == {"constants"}
    assert "sampling" in graph["likelihood"]
    assert "likelihood" not in graph["sampling"]


def test_no_private_name_from_another_package():
    bad = [f"{path.name}: {module}.{name}"
           for path in PKG.rglob("*.py") for module, name in _imports(path)
           if name.startswith("_") and not name.startswith("__")
           and not module.startswith(NAME)]
    assert bad == []
