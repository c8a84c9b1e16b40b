"""A small named, versioned registry of backends (``sentiment.linear.v1``).

>>> sentiment_backends = Registry("sentiment")
>>> @sentiment_backends.register("sentiment.dummy.v1")
... class Dummy: ...
>>> sentiment_backends.get("sentiment.dummy.v1") is Dummy
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from cxtext.errors import UnknownBackendError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps backend names (``<kind>.<name>.v<N>``) to classes."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        if not name.startswith(self.kind + ".") or ".v" not in name:
            raise ValueError(f"backend names look like '{self.kind}.<name>.v<N>', got {name!r}")

        def deco(obj: T) -> T:
            if name in self._items and self._items[name] is not obj:
                raise ValueError(f"{self.kind} backend {name!r} is already registered")
            self._items[name] = obj
            return obj

        return deco

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            raise UnknownBackendError(
                f"Unknown {self.kind} backend {name!r}. Known: {', '.join(self.names())}."
            ) from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items
