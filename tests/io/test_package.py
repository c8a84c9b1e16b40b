"""cxtext.io as a package: a public API, no private names across modules, no cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import cxtext.io as cxio

PACKAGE = Path(cxio.__file__).parent


def _imports() -> dict[str, list[tuple[str, str]]]:
    """module -> [(imported module, name)] for the cxtext imports of each io module."""
    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cxtext"):
                found += [(node.module or "", a.name) for a in node.names]
            elif isinstance(node, ast.Import):
                found += [(a.name, "") for a in node.names if a.name.startswith("cxtext")]
        out[f"cxtext.io.{path.stem}".removesuffix(".__init__")] = found
    return out


def test_no_private_names_cross_modules_and_no_root_import():
    for module, imports in _imports().items():
        for source, name in imports:
            assert not name.startswith("_"), f"{module} imports private {source}.{name}"
            assert source != "cxtext", f"{module} imports the package root"


def test_no_import_cycles_inside_io():
    graph = {m: {s for s, _ in imps if s.startswith("cxtext.io.")}
             for m, imps in _imports().items()}

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"import cycle: {' -> '.join((*path, node))}"
        for nxt in graph.get(node, ()):
            visit(nxt, (*path, node))

    for module in graph:
        visit(module, ())


def test_public_api():
    for name in cxio.__all__:
        assert hasattr(cxio, name), name
    # what the rest of cxtext uses through ``cxio.``
    used = {"ColumnMapping", "DEFAULT_CHUNKSIZE", "REJECT_COLUMNS", "Source", "SourceInfo",
            "Survey", "SurveyReader", "TableWriter", "cell_text", "detect_columns",
            "detect_encoding", "empty_responses", "iter_survey", "iter_table_chunks",
            "parse_scores", "read_survey", "read_table", "slugify", "sniff_delimiter"}
    assert used <= set(cxio.__all__)
