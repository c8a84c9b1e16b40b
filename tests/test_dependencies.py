"""Every third-party package cxtext imports is declared in pyproject.toml: a module-level import
needs a core dependency (``import cxtext.x`` must work after a plain ``pip install cxtext``); a
lazy one (inside a function, under ``try: ... except ImportError`` or ``if TYPE_CHECKING``) a
core dependency or an extra."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cxtext"
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(req: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    assert match, f"cannot read the requirement {req!r} in pyproject.toml"
    return canonical(match.group(1))


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {requirement_name(r) for r in project["dependencies"]}
    extras = {extra: {requirement_name(r) for r in reqs}
              for extra, reqs in project.get("optional-dependencies", {}).items()}
    return core, extras


def _catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(isinstance(t, ast.Name) and t.id in IMPORT_ERRORS for t in types):
            return True
    return False


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(tree: ast.Module) -> list[tuple[str, int, bool]]:
    """(top-level name, line, lazy) of every absolute import in a module."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend((a.name.split(".")[0], node.lineno, lazy) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], node.lineno, lazy))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            lazy = True
        for child in ast.iter_child_nodes(node):
            child_lazy = lazy
            if isinstance(node, ast.Try) and child in node.body and _catches_import_error(node):
                child_lazy = True
            if isinstance(node, ast.If) and child in node.body and _is_type_checking(node):
                child_lazy = True
            visit(child, child_lazy)

    visit(tree, False)
    return found


def third_party_imports() -> list[tuple[str, str, bool]]:
    """(module path, top-level import name, lazy) for each non-stdlib, non-cxtext import."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(ROOT).as_posix()
        for name, line, lazy in imports(tree):
            if name in sys.stdlib_module_names or name == "cxtext":
                continue
            out.append((f"{where}:{line}", name, lazy))
    return out


def test_the_checker_sees_lazy_and_module_level_imports() -> None:
    tree = ast.parse(
        "import numpy as np\nfrom pandas import DataFrame\n"
        "try:\n    import morfeusz2\nexcept ImportError:\n    morfeusz2 = None\n"
        "try:\n    import yaml\nexcept OSError:\n    pass\n"
        "if TYPE_CHECKING:\n    import torch\n"
        "def f():\n    import jinja2\n    from sklearn.base import clone\n"
        "class C:\n    def m(self):\n        import fastapi\n"
        "from . import sibling\n")
    assert imports(tree) == [("numpy", 1, False), ("pandas", 2, False), ("morfeusz2", 4, True),
                             ("yaml", 8, False), ("torch", 12, True), ("jinja2", 14, True),
                             ("sklearn", 15, True), ("fastapi", 18, True)]


def test_every_import_is_declared() -> None:
    core, extras = declared()
    in_extras = set().union(*extras.values())
    dists = packages_distributions()
    problems = []
    for where, name, lazy in third_party_imports():
        # installed: the distributions that provide the name; not installed (an optional
        # package missing here): only a requirement spelled like the import name can match
        names = {canonical(d) for d in dists.get(name, [])} or {canonical(name)}
        if names & core:
            continue
        if lazy and names & in_extras:
            continue
        extra = sorted(e for e, reqs in extras.items() if names & reqs)
        if lazy:
            problems.append(f"{where}: imports {name!r} (distribution {'/'.join(sorted(names))})"
                            " declared nowhere: add it to an extra (or the core dependencies) "
                            "in pyproject.toml")
        else:
            problems.append(f"{where}: imports {name!r} at module level, but "
                            f"{'/'.join(sorted(names))} is "
                            + (f"only in the extra(s) {extra}" if extra else "not declared")
                            + ": make it a core dependency or import it inside the function "
                            "that needs it")
    assert not problems, "\n".join(problems)


def test_no_core_dependency_is_unused() -> None:
    """The other direction: a core dependency nothing imports only slows installs down."""
    core, _ = declared()
    dists = packages_distributions()
    used = {canonical(d) for _, name, _ in third_party_imports()
            for d in dists.get(name, [name])}
    assert core - used == set(), f"core dependencies never imported: {sorted(core - used)}"


@pytest.mark.parametrize("extra", ["transformers"])
def test_heavy_optional_packages_are_extras_only(extra: str) -> None:
    core, extras = declared()
    assert "transformers" not in core and "torch" not in core
    assert {"transformers", "torch"} <= extras[extra]
