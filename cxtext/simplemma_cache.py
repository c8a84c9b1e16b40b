"""simplemma lemmas with the dictionaries opened from a disk cache instead of decoded per process.

simplemma decodes a language's whole dictionary on first use in every process (Polish: 3.7
million word forms, 2-4 s of start-up and ~300 MB of memory). Here each dictionary is written
once into a MARISA trie (``marisa-trie``) under the user cache folder and later processes
memory-map it: opening takes milliseconds, forked workers share the pages, and the lemmas are
the same (simplemma's own strategies run over the same dictionary entries).

The cache lives in ``$CXTEXT_LEMMA_CACHE`` (a folder), or ``simplemma-<version>`` in cxtext's
cache folder (:mod:`cxtext.cache`, ``$CXTEXT_CACHE``); either variable set to ``off`` uses
simplemma's in-memory dictionaries, as does a cache folder that cannot be written, or a Python
without ``marisa-trie``. Building the cache
(the first use of a language on a machine) takes a few seconds more than one decode.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from cxtext.cache import OFF, package_cache, write_atomic

__all__ = ["CACHE_ENV", "cache_dir", "dictionary_source", "lemmatize", "warm"]

logger = logging.getLogger(__name__)

#: Environment variable: the cache folder, or ``off``.
CACHE_ENV = "CXTEXT_LEMMA_CACHE"
_FORMAT = "marisa-bytes-1"  # bump when the file layout changes


def cache_dir() -> Path | None:
    """Folder of the cached dictionaries (``$CXTEXT_LEMMA_CACHE``, else ``simplemma-<version>``
    in :func:`cxtext.cache.cache_root`), or None when caching is off."""
    env = os.environ.get(CACHE_ENV, "").strip()
    if env.lower() in OFF:
        return None
    if env:
        return Path(env).expanduser()
    return package_cache("simplemma")


class TrieDictionary(Mapping[str, str]):
    """Read-only ``word form -> lemma`` view of a memory-mapped ``marisa_trie.BytesTrie``."""

    __slots__ = ("_trie",)

    def __init__(self, trie: Any) -> None:
        self._trie = trie

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        values = self._trie.get(key) if isinstance(key, str) else None
        return values[0].decode("utf-8") if values else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)


def _raw_dictionary(lang: str) -> Mapping[Any, Any]:
    """simplemma's shipped dictionary of ``lang``, as undecoded as simplemma allows."""
    from simplemma.strategies.dictionaries import dictionary_factory as sdf

    load: Callable[[str], Mapping[Any, Any]] | None = getattr(
        sdf, "_load_dictionary_from_disk", None)
    if load is not None:  # bytes -> bytes (simplemma 1.x and 2.x), saves decoding every key
        return load(lang)
    return sdf.DefaultDictionaryFactory().get_dictionary(lang)  # pragma: no cover


def _build(lang: str, path: Path) -> None:
    """Write the trie of ``lang`` to ``path`` (atomically: other processes see all or none)."""
    import marisa_trie

    raw = _raw_dictionary(lang)
    trie = marisa_trie.BytesTrie(
        (k.decode("utf-8") if isinstance(k, bytes) else k,
         v if isinstance(v, bytes) else v.encode("utf-8"))
        for k, v in raw.items())
    write_atomic(path, lambda tmp: trie.save(str(tmp)))


class CachedDictionaryFactory:
    """A simplemma ``DictionaryFactory`` serving memory-mapped tries from ``folder`` (built
    on first use); a language whose trie cannot be had falls back to simplemma's own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._dicts: dict[str, Mapping[str, str]] = {}
        self.sources: dict[str, str] = {}
        self._lock = threading.Lock()

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        found = self._dicts.get(lang)
        if found is None:
            with self._lock:
                found = self._dicts.get(lang)
                if found is None:
                    found = self._dicts[lang] = self._open(lang)
        return found

    def _open(self, lang: str) -> Mapping[str, str]:
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory
        from simplemma.strategies.dictionaries import dictionary_factory as sdf

        if lang not in getattr(sdf, "SUPPORTED_LANGUAGES", (lang,)):
            return DefaultDictionaryFactory().get_dictionary(lang)  # raises simplemma's error
        path = self.folder / f"{lang}.{_FORMAT}.dic"
        try:
            if path.exists():
                try:
                    return self._mmap(path, lang)
                except Exception as exc:  # a damaged file is rebuilt
                    logger.warning("lemma dictionary cache %s is damaged (%s); rebuilding it",
                                   path, exc)
            logger.info("building the %s lemma dictionary cache %s (once)", lang, path)
            _build(lang, path)
            return self._mmap(path, lang)
        except Exception as exc:  # unwritable folder, full disk, ...
            logger.warning("lemma dictionary cache %s unusable (%s); simplemma decodes the %s "
                           "dictionary in memory instead", path, exc, lang)
        self.sources[lang] = "simplemma"
        return DefaultDictionaryFactory().get_dictionary(lang)

    def _mmap(self, path: Path, lang: str) -> Mapping[str, str]:
        import marisa_trie

        trie = marisa_trie.BytesTrie().mmap(str(path))
        self.sources[lang] = f"cache:{path}"
        return TrieDictionary(trie)


@lru_cache(maxsize=1)
def _lemmatizer() -> tuple[Any, CachedDictionaryFactory | None]:
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    folder = cache_dir()
    if folder is not None:
        try:
            import marisa_trie  # noqa: F401
        except ImportError:
            logger.info("marisa-trie is not installed: simplemma dictionaries are not cached")
            folder = None
    if folder is None:
        return Lemmatizer(lemmatization_strategy=DefaultStrategy()), None
    factory = CachedDictionaryFactory(folder)
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)), factory


def lemmatize(word: str, lang: str) -> str:
    """``simplemma.lemmatize(word, lang=lang)``, with the dictionaries from the cache."""
    lemma: str = _lemmatizer()[0].lemmatize(word, lang)
    return lemma


def dictionary_source(lang: str) -> str:
    """Where the dictionary of ``lang`` comes from: ``cache:<file>``, ``simplemma`` (decoded
    in memory: caching is off) or ``not loaded`` (not used yet in this process)."""
    factory = _lemmatizer()[1]
    if factory is None:
        return "simplemma"
    return factory.sources.get(lang, "not loaded")


def warm(langs: tuple[str, ...] = ("pl", "en")) -> dict[str, str]:
    """Open (building where needed) the dictionaries of ``langs``; returns their sources."""
    for lang in langs:
        lemmatize("test", lang)
    return {lang: dictionary_source(lang) for lang in langs}
