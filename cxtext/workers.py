"""Forked worker processes that inherit what this process has loaded (models, taxonomies):
only the work items and the results are pickled. The one process pool of cxtext, used by
``analyze --jobs`` / ``classify-file --jobs`` and by ``LinearSentiment(n_jobs=...)``."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from cxtext.errors import InputError

__all__ = ["ForkPool", "fork_available", "usable_cpus"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

_STATE: Any = None  # set in the parent before forking; the children inherit it


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def fork_available() -> bool:
    """Whether worker processes can be forked here (POSIX)."""
    return "fork" in mp.get_all_start_methods()


def _call(args: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    fn, item = args
    return fn(_STATE, item)


class ForkPool:
    """``jobs`` forked workers sharing ``state``; ``map(fn, items)`` returns
    ``[fn(state, item) for item in items]`` in order (in this process when ``jobs`` is 1 or
    forking is not available). Use as a context manager; one pool at a time."""

    def __init__(self, jobs: int, state: Any) -> None:
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise InputError(f"jobs must be a positive integer, got {jobs!r}.")
        self.state = state
        self.jobs = min(jobs, os.cpu_count() or 1) if jobs > 1 else 1
        if self.jobs > 1 and not fork_available():
            logger.warning("jobs=%d needs the 'fork' start method (POSIX); using 1", jobs)
            self.jobs = 1
        self._pool: Any = None

    def __enter__(self) -> ForkPool:
        global _STATE
        if self.jobs > 1:
            _STATE = self.state
            self._pool = mp.get_context("fork").Pool(self.jobs)
        return self

    def __exit__(self, *exc: object) -> None:
        global _STATE
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
        _STATE = None

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def map(self, fn: Callable[[Any, T], R], items: Sequence[T]) -> list[R]:
        if self._pool is None:
            return [fn(self.state, item) for item in items]
        return list(self._pool.map(_call, [(fn, item) for item in items]))
