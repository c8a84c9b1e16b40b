"""Count the spaCy ``Doc`` objects a piece of cxtext code makes (works on old and new trees).

    from doccount import counting
    with counting(Path(cxtext.__file__).parent) as counts:
        clf(texts)
    counts["docs"] / len(texts)          # spaCy docs per answer

spaCy's ``Tokenizer``, ``Doc`` and ``Span`` are Cython classes, so their methods cannot be
patched. Three kinds of construction are counted instead:

* ``tokenizer``: every text tokenised by any spaCy pipeline (``nlp(text)``, ``nlp.pipe``,
  ``nlp.make_doc`` and direct ``nlp.tokenizer(...)`` / ``nlp.tokenizer.pipe(...)`` calls all go
  through it). ``Language.tokenizer`` becomes a property that wraps every tokenizer set on any
  pipeline - ones made before :func:`install` included - in a counting, delegating object.
* ``Doc()`` and ``as_doc`` / ``from_docs``: calls made by the code of the package folder given
  to :func:`counting` (``Doc(vocab, words=...)``, ``spacy.tokens.Doc(...)``, ``span.as_doc()``,
  ``Doc.from_docs(...)``), found in the bytecode and counted with an opcode-level
  ``sys.settrace`` hook that is active only inside the ``with`` block (it slows the code
  down ~2x: never time code while counting). An alias (``from spacy.tokens import Doc as D``)
  is not recognised.

``counts["docs"]`` is the sum of the three. Run the code once before counting (models load
and compile their matchers on the first call; those Docs are not per answer).
"""

from __future__ import annotations

import dis
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

__all__ = ["install", "counting", "COUNTS"]

COUNTS: Counter[str] = Counter()
_SLOT = "_doccount_tokenizer"
_METHODS = {"as_doc": "as_doc", "from_docs": "as_doc", "Doc": "Doc()"}


class CountingTokenizer:
    """Delegates to a spaCy tokenizer and counts the Docs it makes."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __call__(self, text: str) -> Any:
        COUNTS["tokenizer"] += 1
        return self._inner(text)

    def pipe(self, texts: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for doc in self._inner.pipe(texts, *args, **kwargs):
            COUNTS["tokenizer"] += 1
            yield doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def install() -> None:
    """Wrap the tokenizer of every spaCy pipeline, existing or future (idempotent)."""
    from spacy.language import Language

    if isinstance(Language.__dict__.get("tokenizer"), property):
        return

    def get(self: Any) -> Any:
        tok = self.__dict__.get(_SLOT)
        if tok is None and "tokenizer" in self.__dict__:  # made before install()
            tok = self.__dict__[_SLOT] = CountingTokenizer(self.__dict__.pop("tokenizer"))
        return tok

    def put(self: Any, tok: Any) -> None:
        self.__dict__[_SLOT] = tok if isinstance(tok, CountingTokenizer) else (
            CountingTokenizer(tok))

    Language.tokenizer = property(get, put)


def _call_sites(code: CodeType) -> dict[int, str]:
    """Bytecode offsets in ``code`` that load a Doc-making callable, and what they make."""
    sites: dict[int, str] = {}
    for ins in dis.get_instructions(code):
        kind = _METHODS.get(ins.argval) if isinstance(ins.argval, str) else None
        if kind is None:
            continue
        called = (
            ins.opname == "LOAD_METHOD"  # 3.11: obj.name(...)
            or (ins.opname == "LOAD_ATTR" and ins.argrepr.startswith("NULL|self"))  # 3.12+
            or (ins.opname == "LOAD_GLOBAL" and ins.argrepr.startswith("NULL"))  # name(...)
        )
        if called:
            sites[ins.offset] = kind
    return sites


@contextmanager
def counting(package: Path) -> Iterator[Counter[str]]:
    """Count Docs made inside the block; ``Doc()``/``as_doc`` only from code under ``package``.

    Yields a Counter filled when the block ends: ``tokenizer``, ``Doc()``, ``as_doc`` and
    their sum ``docs``."""
    install()
    prefix = str(Path(package).resolve()) + "/"
    cache: dict[CodeType, dict[int, str]] = {}

    def local_for(sites: dict[int, str]) -> Any:
        def local(frame: FrameType, event: str, arg: Any) -> Any:
            if event == "opcode":
                kind = sites.get(frame.f_lasti)
                if kind is not None:
                    COUNTS[kind] += 1
            return local
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        code = frame.f_code
        sites = cache.get(code)
        if sites is None:
            sites = cache[code] = (_call_sites(code) if code.co_filename.startswith(prefix)
                                   else {})
        if not sites:
            return None
        frame.f_trace_lines = False
        frame.f_trace_opcodes = True
        return local_for(sites)

    out: Counter[str] = Counter()
    COUNTS.clear()
    old = sys.gettrace()
    threading.settrace(tracer)
    sys.settrace(tracer)
    try:
        yield out
    finally:
        sys.settrace(old)
        threading.settrace(old)
        out.update({k: COUNTS[k] for k in ("tokenizer", "Doc()", "as_doc")})
        out["docs"] = sum(out.values())
