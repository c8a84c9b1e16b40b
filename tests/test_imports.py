"""The package's import structure, read from the source with ``ast`` (nothing is imported).

Every import counts, at module level or inside a function, except under
``if TYPE_CHECKING:``. A package ``__init__`` is a module of its own; ``from cxtext.x import y``
where ``y`` is a submodule is an edge to ``cxtext.x.y``. Asserted:

* no import cycles;
* no submodule imports the package root ``cxtext`` (``from cxtext import __version__`` would
  run the whole public API first; ``cxtext._version`` holds it);
* layering: a module imports only modules of its own layer or lower ones (:data:`LAYERS`);
* no module uses another module's private names (``from cxtext.x import _name``, or
  ``cxio._name`` on an imported cxtext module).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = "cxtext"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE

#: Low -> high. A module may import modules of its own layer or of a lower one. A name is a
#: module or a package (covering its submodules; the root ``cxtext`` only itself). The
#: front-ends and the orchestrator (last layer) may import anything; nothing imports them back.
LAYERS: list[tuple[str, ...]] = [
    ("cxtext.errors", "cxtext.registry", "cxtext.schema", "cxtext._version", "cxtext.persist",
     "cxtext.cache",
     "cxtext._lazy",
     "cxtext.backends", "cxtext._spacy_import", "cxtext.workers"),
    ("cxtext.io", "cxtext.config", "cxtext.datasets"),
    ("cxtext.pii",),
    ("cxtext.text",),
    ("cxtext.lang",),
    ("cxtext.nlp", "cxtext.simplemma_cache"),
    ("cxtext.features", "cxtext.encoders", "cxtext.basemodel"),
    ("cxtext.sentiment", "cxtext.topics"),
    ("cxtext.aspects",),
    ("cxtext.nps",),
    ("cxtext.drivers",),
    ("cxtext.report",),
    ("cxtext.pipeline", "cxtext.cli", "cxtext.serve", "cxtext.spark", "cxtext"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


@dataclass
class ModuleImports:
    """What one module imports: target modules (with line numbers) and private-name uses."""

    edges: dict[str, int] = field(default_factory=dict)
    private: list[str] = field(default_factory=list)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _walk(nodes: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node under ``nodes``, skipping the bodies of ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(reversed(node.orelse))
            continue
        yield node
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def read_imports(name: str, path: Path, modules: set[str]) -> ModuleImports:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    out = ModuleImports()
    aliases: dict[str, str] = {}  # local name -> cxtext module it is bound to

    def edge(target: str, line: int) -> None:
        if target != name:
            out.edges.setdefault(target, line)

    def nearest_module(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    nodes = list(_walk(tree.body))
    for node in nodes:
        if isinstance(node, ast.Import):
            for a in node.names:
                target = nearest_module(a.name)
                if target is None:
                    continue
                edge(target, node.lineno)
                if a.asname:
                    aliases[a.asname] = target
                else:
                    aliases[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                source = f"{package}.{node.module}" if node.module else package
            else:
                source = node.module or ""
            if nearest_module(source) is None or source.split(".")[0] != PACKAGE:
                continue
            for a in node.names:
                sub = f"{source}.{a.name}"
                if sub in modules:
                    edge(sub, node.lineno)
                    aliases[a.asname or a.name] = sub
                    continue
                edge(source, node.lineno)
                if _private(a.name):
                    out.private.append(f"{name}:{node.lineno} imports {a.name} from {source}")
    for node in nodes:
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = _dotted(node.value)
            if base is None:
                continue
            head, _, rest = base.partition(".")
            if head not in aliases:
                continue
            target = aliases[head] + ("." + rest if rest else "")
            if target in modules and target != name:
                out.private.append(f"{name}:{node.lineno} uses {target}.{node.attr}")
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, ModuleImports]:
    modules = discover_modules()
    return {name: read_imports(name, path, set(modules)) for name, path in modules.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (length of the matching prefix, layer)
    for i, names in enumerate(LAYERS):
        for prefix in names:
            matches = module == prefix or (prefix != PACKAGE and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), i)
    return None if best is None else best[1]


# -- the reader itself ------------------------------------------------------------------------


def test_reader_sees_every_kind_of_import(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "from typing import TYPE_CHECKING\n"
        "import cxtext.nlp\n"
        "from cxtext import io as cxio, __version__\n"
        "from cxtext.topics import rules\n"
        "from cxtext.text import _private_helper, clean\n"
        "if TYPE_CHECKING:\n"
        "    from cxtext.pipeline import Classifier\n"
        "def f():\n"
        "    from cxtext.drivers.stream import run_drivers\n"
        "    return cxio._sniff, cxtext.nlp._cache, cxio.__name__\n",
        encoding="utf-8")
    modules = {"cxtext", "cxtext.nlp", "cxtext.io", "cxtext.topics", "cxtext.topics.rules",
               "cxtext.text", "cxtext.pipeline", "cxtext.drivers", "cxtext.drivers.stream"}
    got = read_imports("cxtext.m", src, modules)
    assert set(got.edges) == {"cxtext.nlp", "cxtext.io", "cxtext", "cxtext.topics.rules",
                              "cxtext.text", "cxtext.drivers.stream"}
    assert len(got.private) == 3
    assert any("_private_helper" in p for p in got.private)
    assert any("cxtext.io._sniff" in p for p in got.private)
    assert any("cxtext.nlp._cache" in p for p in got.private)


def test_find_cycle_reports_the_path() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_relative_imports_resolve(tmp_path: Path) -> None:
    pkg = tmp_path / "__init__.py"
    pkg.write_text("from . import rules\nfrom .base import X\n", encoding="utf-8")
    got = read_imports("cxtext.topics", pkg, {"cxtext", "cxtext.topics", "cxtext.topics.rules",
                                              "cxtext.topics.base"})
    assert set(got.edges) == {"cxtext.topics.rules", "cxtext.topics.base"}


# -- the package -------------------------------------------------------------------------------


def test_graph_covers_the_package(graph: dict[str, ModuleImports]) -> None:
    assert {"cxtext", "cxtext.cli", "cxtext.pipeline", "cxtext.sentiment.base",
            "cxtext.topics.rules", "cxtext.drivers.stream"} <= set(graph)
    assert "cxtext.sentiment.base" in graph["cxtext.sentiment.linear"].edges


def test_no_import_cycles(graph: dict[str, ModuleImports]) -> None:
    cycle = find_cycle({name: set(imp.edges) for name, imp in graph.items()})
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_submodule_imports_the_package_root(graph: dict[str, ModuleImports]) -> None:
    bad = [f"{name}:{imp.edges[PACKAGE]}" for name, imp in sorted(graph.items())
           if name != PACKAGE and PACKAGE in imp.edges]
    assert not bad, (f"these modules import the package root (use cxtext._version for the "
                     f"version, or import the defining module): {bad}")


def test_every_module_has_a_layer(graph: dict[str, ModuleImports]) -> None:
    missing = sorted(name for name in graph if layer_of(name) is None)
    assert not missing, f"add these modules to LAYERS in {__file__}: {missing}"


def test_lower_layers_never_import_higher_ones(graph: dict[str, ModuleImports]) -> None:
    bad = []
    for name, imp in sorted(graph.items()):
        low = layer_of(name)
        for target, line in sorted(imp.edges.items()):
            high = layer_of(target)
            if low is not None and high is not None and high > low:
                bad.append(f"{name}:{line} imports {target} (layer {high} > {low})")
    assert not bad, "layering violations:\n" + "\n".join(bad)


def test_no_private_names_across_modules(graph: dict[str, ModuleImports]) -> None:
    bad = [p for imp in graph.values() for p in imp.private]
    assert not bad, "private names used across modules:\n" + "\n".join(sorted(bad))
