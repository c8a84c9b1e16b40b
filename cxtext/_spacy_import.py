"""spaCy imported by cxtext without PyTorch.

``import spacy`` imports thinc, and thinc imports PyTorch whenever it is installed (about a
second, and hundreds of MB) to offer its PyTorch layers. cxtext runs blank spaCy pipelines
that never use them, so when cxtext's own code is the first to import spaCy in a process,
thinc is loaded with ``torch`` hidden (it then reports PyTorch as unavailable). PyTorch itself
still imports normally afterwards (the ``sentiment.transformer.v1`` backend uses it directly).

Nothing changes when spaCy or thinc was imported before, when the import does not come from
cxtext code, or with ``CXTEXT_SPACY_TORCH=1`` (set it if the same process runs spaCy
pipelines that need PyTorch, e.g. spacy-transformers, and cxtext may import spaCy first).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import threading
import types
from collections.abc import Sequence
from typing import Any

__all__ = ["TORCH_ENV", "install", "uninstall"]

#: Environment variable: ``1`` lets thinc import PyTorch as usual.
TORCH_ENV = "CXTEXT_SPACY_TORCH"

_lock = threading.Lock()


def _imported_by_cxtext() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith("cxtext.") and name != __name__:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class _HideTorch(importlib.abc.Loader):
    """Runs spaCy's ``__init__`` with ``sys.modules["torch"] = None`` (an ImportError)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        module: types.ModuleType | None = self.loader.create_module(spec)
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        hidden = "torch" not in sys.modules
        if hidden:
            sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            self.loader.exec_module(module)
        finally:
            if hidden and sys.modules.get("torch", False) is None:
                del sys.modules["torch"]


class _SpacyFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "spacy":
            return None
        uninstall()  # only the first import of spaCy is ours to shape
        if ("thinc" in sys.modules or "torch" in sys.modules
                or os.environ.get(TORCH_ENV, "").strip() in ("1", "true", "yes")
                or not _imported_by_cxtext()):
            return None
        for finder in sys.meta_path:  # whoever would have found spaCy (we are out of the list)
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _HideTorch(spec.loader)
                return spec
        return None


_FINDER = _SpacyFinder()


def install() -> None:
    """Watch for the first import of spaCy (done by ``import cxtext``)."""
    with _lock:
        if "spacy" not in sys.modules and _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    """Stop watching (the import of spaCy then runs untouched)."""
    with _lock:
        if _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)
