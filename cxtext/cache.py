"""The user cache folder: files cxtext derives once per machine from installed packages
(simplemma's dictionaries as memory-mapped tries, py3langid's model restricted to the
languages cxtext asks it about) so that later processes start in milliseconds.

``$CXTEXT_CACHE`` moves the folder (default: ``cxtext`` in the platform's user cache folder,
e.g. ``~/.cache/cxtext``); ``CXTEXT_CACHE=off`` turns every such cache off (each process then
decodes what it needs itself). Nothing here is needed for correctness: a cache that cannot be
read or written is skipped with a log line, and a damaged file is rebuilt.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

__all__ = ["CACHE_ENV", "OFF", "cache_root", "package_cache", "write_atomic"]

#: Environment variable: the cache folder, or ``off``.
CACHE_ENV = "CXTEXT_CACHE"
#: Values of a cache variable that turn caching off.
OFF = frozenset({"off", "0", "false", "no", "none"})


def cache_root() -> Path | None:
    """The folder of cxtext's caches, or None when ``$CXTEXT_CACHE`` turns them off."""
    env = os.environ.get(CACHE_ENV, "").strip()
    if env.lower() in OFF:
        return None
    if env:
        return Path(env).expanduser()
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cxtext"
    return Path(user_cache_dir("cxtext", appauthor=False))


def package_cache(package: str, name: str | None = None, suffix: str = "") -> Path | None:
    """``<cache root>/<name>-<version of package><suffix>`` (``name`` defaults to the
    package's), so that a new version of the package gets new files; None when caching is
    off."""
    from importlib.metadata import PackageNotFoundError, version

    root = cache_root()
    if root is None:
        return None
    try:
        ver = version(package)
    except PackageNotFoundError:
        ver = "unknown"
    return root / f"{name or package}-{ver}{suffix}"


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Create ``path`` by calling ``write(tmp)`` on a temporary name beside it and renaming
    it into place, so that concurrent processes never read a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
