"""cxtext.cache: the user cache folder and atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxtext import cache, simplemma_cache


@pytest.mark.parametrize("value", ["off", "OFF", "0", "false", "no", "none"])
def test_cache_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, value)
    monkeypatch.delenv(simplemma_cache.CACHE_ENV, raising=False)
    assert cache.cache_root() is None
    assert simplemma_cache.cache_dir() is None  # off for the lemma tries too


def test_cache_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.delenv(simplemma_cache.CACHE_ENV, raising=False)
    assert cache.cache_root() == tmp_path
    assert simplemma_cache.cache_dir() is not None
    assert simplemma_cache.cache_dir().parent == tmp_path  # type: ignore[union-attr]
    monkeypatch.delenv(cache.CACHE_ENV)
    assert cache.cache_root() is not None and cache.cache_root() != tmp_path


def test_write_atomic_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "model.bin"

    def fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        cache.write_atomic(target, fail)
    assert not target.exists()
    assert not list(target.parent.iterdir())  # the temporary file is gone too
    cache.write_atomic(target, lambda tmp: tmp.write_bytes(b"whole"))
    assert target.read_bytes() == b"whole"
