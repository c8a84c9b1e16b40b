"""simplemma dictionaries from the memory-mapped cache: the same lemmas, built once, opened fast,
and simplemma's own loading whenever the cache cannot be used."""

from __future__ import annotations

import logging
import os
import random
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

pytest.importorskip("marisa_trie")

import simplemma  # noqa: E402
from simplemma import Lemmatizer  # noqa: E402
from simplemma.strategies import DefaultStrategy  # noqa: E402

from cxtext import simplemma_cache  # noqa: E402
from cxtext.simplemma_cache import CachedDictionaryFactory, TrieDictionary  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SMALL = "ms"  # a small simplemma dictionary: quick to build in a test


def lemmatizer(folder: Path) -> tuple[Lemmatizer, CachedDictionaryFactory]:
    factory = CachedDictionaryFactory(folder)
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)), factory


def probe_words() -> list[str]:
    """Survey words, taxonomy terms and made-up inflections (exercising the affix rules)."""
    text = (REPO / "examples" / "nps_survey.csv").read_bytes().decode("cp1250")
    text += (REPO / "cxtext" / "topics" / "cx_default.yaml").read_text(encoding="utf-8")
    words = sorted(set(re.findall(r"[^\W\d_]+", text.lower())))
    rnd = random.Random(0)
    made_up = [w + suffix for w in rnd.sample(words, 300)
               for suffix in ("ami", "owi", "ach", "ing", "s", "ness")]
    return words + made_up + ["nie" + w for w in rnd.sample(words, 200)]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_same_lemmas_as_simplemma(lang: str) -> None:
    words = probe_words()
    assert len(words) > 2000
    ours = [simplemma_cache.lemmatize(w, lang) for w in words]
    theirs = [simplemma.lemmatize(w, lang=lang) for w in words]
    assert ours == theirs
    assert simplemma_cache.dictionary_source(lang).startswith(("cache:", "simplemma"))


def test_built_once_then_memory_mapped(tmp_path: Path) -> None:
    lem, factory = lemmatizer(tmp_path)
    words = ["makan", "makanan", "dimakan", "berjalan", "rumah", "xyzzy"]
    first = [lem.lemmatize(w, SMALL) for w in words]
    files = list(tmp_path.iterdir())
    assert [f.name for f in files] == [f"{SMALL}.{simplemma_cache._FORMAT}.dic"]
    assert factory.sources[SMALL] == f"cache:{files[0]}"
    mtime = files[0].stat().st_mtime_ns
    lem2, factory2 = lemmatizer(tmp_path)
    assert [lem2.lemmatize(w, SMALL) for w in words] == first
    assert files[0].stat().st_mtime_ns == mtime  # opened, not rebuilt
    assert first == [simplemma.lemmatize(w, lang=SMALL) for w in words]


def test_trie_dictionary_is_a_mapping(tmp_path: Path) -> None:
    _, factory = lemmatizer(tmp_path)
    d = factory.get_dictionary(SMALL)
    assert isinstance(d, TrieDictionary)
    key = next(iter(d))
    assert key in d and isinstance(d[key], str) and d.get(key) == d[key]
    assert "qqqq-not-a-word" not in d and d.get("qqqq-not-a-word", "-") == "-"
    with pytest.raises(KeyError):
        d["qqqq-not-a-word"]
    assert len(d) > 1000 and 5 not in d


def test_damaged_cache_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lemmatizer(tmp_path)[1].get_dictionary(SMALL)
    (path,) = tmp_path.iterdir()
    path.write_bytes(b"not a trie")
    with caplog.at_level(logging.WARNING, logger="cxtext.simplemma_cache"):
        lem, factory = lemmatizer(tmp_path)
        assert lem.lemmatize("makanan", SMALL) == simplemma.lemmatize("makanan", lang=SMALL)
    assert "damaged" in caplog.text
    assert factory.sources[SMALL].startswith("cache:") and path.stat().st_size > 1000


def test_unwritable_cache_falls_back_to_simplemma(tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="cxtext.simplemma_cache"):
        lem, factory = lemmatizer(blocker / "cache")
        assert lem.lemmatize("makanan", SMALL) == simplemma.lemmatize("makanan", lang=SMALL)
    assert factory.sources[SMALL] == "simplemma"
    assert "unusable" in caplog.text


def test_unsupported_language_is_simplemmas_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="xx"):
        lemmatizer(tmp_path)[1].get_dictionary("xx")
    assert not list(tmp_path.iterdir())


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv(simplemma_cache.CACHE_ENV, str(tmp_path))
    assert simplemma_cache.cache_dir() == tmp_path
    monkeypatch.setenv(simplemma_cache.CACHE_ENV, "off")
    assert simplemma_cache.cache_dir() is None
    monkeypatch.delenv(simplemma_cache.CACHE_ENV)
    default = simplemma_cache.cache_dir()
    assert default is not None and default.name == f"simplemma-{version('simplemma')}"


def test_a_warm_cache_never_decodes_simplemmas_dictionary() -> None:
    """cxtext's lemmatizer (cxtext.nlp) reads the cache: with simplemma's decoder broken, the
    lemmas of a fresh process are still right."""
    simplemma_cache.warm(("pl", "en"))  # builds the user cache if this machine has none
    code = (
        "from simplemma.strategies.dictionaries import dictionary_factory as f\n"
        "def broken(lang): raise AssertionError('decoded ' + lang)\n"
        "f._load_dictionary_from_disk = broken\n"
        "from cxtext.nlp import lemmatize_word\n"
        "print(lemmatize_word('kurierem', 'pl', 'simplemma'), lemmatize_word('delivered', 'en'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [simplemma.lemmatize("kurierem", lang="pl"),
                                  simplemma.lemmatize("delivered", lang="en")]
