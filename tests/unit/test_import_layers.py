"""The import graph of the product packages: no cycles, and no import runs up a layer.

Read from the source with `ast`, nothing imported: every `import` counts, at module
level, inside a function or under `TYPE_CHECKING`, because each is a dependency
all the same. The layers are those of docs/architecture.md: data flows
bot -> handlers -> conversations / domain -> storage, where storage and
conversations build on the domain and the domain on nothing above it; locales and
the sandbox import none of the product; benchmarks drive everything. Inside
handlers, the kit (`handlers.kit`) imports no feature module.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = (
    "bot",
    "handlers",
    "conversations",
    "domain",
    "storage",
    "sandbox",
    "benchmarks",
    "locales",
)
# Which other product packages each one may import (docs/architecture.md, "Layers").
MAY_IMPORT: dict[str, frozenset[str]] = {
    "domain": frozenset(),
    "storage": frozenset({"domain"}),
    "conversations": frozenset({"domain"}),
    "handlers": frozenset({"conversations", "domain", "locales"}),
    "locales": frozenset(),
    "sandbox": frozenset(),
    "bot": frozenset({"handlers", "conversations", "domain", "storage", "locales", "sandbox"}),
    "benchmarks": frozenset(set(PRODUCT) - {"benchmarks"}),
}

Graph = dict[str, set[str]]


def modules(root: Path, packages: tuple[str, ...]) -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's __init__)."""
    found: dict[str, tuple[Path, bool]] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = (path, is_package)
    return found


def _imported(node: ast.Import | ast.ImportFrom, package: list[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = package[: len(package) - node.level + 1]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    # `from pkg import sub` imports the submodule; `from mod import name` the module.
    return [f"{module}.{alias.name}" for alias in node.names] + [module]


def import_graph(root: Path, packages: tuple[str, ...]) -> Graph:
    """Each product module -> the product modules it imports."""
    known = modules(root, packages)
    graph: Graph = defaultdict(set)
    for name, (path, is_package) in known.items():
        package = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            candidates = _imported(node, package)
            if isinstance(node, ast.ImportFrom):
                submodules = [c for c in candidates[:-1] if c in known]
                candidates = submodules if len(submodules) == len(node.names) else candidates
            for target in candidates:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


KIT = "handlers.kit"


def kit_to_feature(graph: Graph) -> list[str]:
    """Imports from the handler kit into a handlers module outside it."""
    wrong = []
    for source, targets in graph.items():
        if source != KIT and not source.startswith(KIT + "."):
            continue
        for target in sorted(targets):
            if target.startswith("handlers.") and not target.startswith(KIT + "."):
                wrong.append(f"{source} -> {target}")
    return sorted(wrong)


def upward(graph: Graph) -> list[str]:
    wrong = []
    for source, targets in graph.items():
        here = source.split(".")[0]
        for target in sorted(targets):
            there = target.split(".")[0]
            if there != here and there not in MAY_IMPORT[here]:
                wrong.append(f"{source} -> {target}")
    return sorted(wrong)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(ROOT, PRODUCT)


def test_the_graph_sees_the_product(graph: Graph) -> None:
    # Guards the checks below against passing on an empty or half-read graph.
    assert "bot.app" in graph["bot.demo"]
    assert "domain.audit" in graph["storage.sql.repos.audit"]
    assert "sandbox.webhook" in graph["sandbox.state"]
    assert "handlers.kit.finishers" in graph["handlers.kit.router"]
    assert "handlers.kit.router" in graph["handlers.admin"]


def test_no_two_product_modules_import_each_other(graph: Graph) -> None:
    assert cycles(graph) == []


def test_no_import_runs_up_a_layer(graph: Graph) -> None:
    assert upward(graph) == []


def test_the_handler_kit_imports_no_feature_module(graph: Graph) -> None:
    assert kit_to_feature(graph) == []


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_cycle_through_type_checking_and_relative_imports_is_found(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "sandbox/__init__.py": "from .server import Server\n",
            "sandbox/server.py": "from . import state\n",
            "sandbox/state.py": "from .webhook import Delivery\n",
            "sandbox/webhook.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from .state import BotState\n"
            ),
            "sandbox/other.py": "def f():\n    import sandbox.server\n",
        },
    )
    graph = import_graph(tmp_path, ("sandbox",))
    assert cycles(graph) == [["sandbox.state", "sandbox.webhook"]]
    # `from . import state` is the submodule, not a cycle through the package.
    assert graph["sandbox.server"] == {"sandbox.state"}
    assert graph["sandbox.other"] == {"sandbox.server"}


def test_an_upward_import_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "domain/__init__.py": "",
            "domain/orders.py": "from handlers.render import when_text\n",
            "handlers/__init__.py": "",
            "handlers/render.py": "import domain.orders\n",
        },
    )
    graph = import_graph(tmp_path, ("domain", "handlers"))
    assert upward(graph) == ["domain.orders -> handlers.render"]


def test_a_kit_import_of_a_feature_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "handlers/__init__.py": "",
            "handlers/kit/__init__.py": "",
            "handlers/kit/router.py": (
                "from handlers import notify\nfrom handlers.kit import ports\n"
            ),
            "handlers/kit/ports.py": "",
            "handlers/notify.py": "from handlers.kit.router import Router\n",
        },
    )
    graph = import_graph(tmp_path, ("handlers",))
    assert kit_to_feature(graph) == ["handlers.kit.router -> handlers.notify"]
