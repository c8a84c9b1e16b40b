"""A small named, versioned registry of backends (``sentiment.linear.v1``).

A backend is registered either eagerly, with the :meth:`Registry.register` decorator, or
lazily, as a ``"module:attribute"`` reference that is imported on the first lookup (like
entry points). The built-in backends are lazy, so naming them costs nothing and importing a
package does not import every backend module (and its dependencies).

>>> sentiment_backends = Registry("sentiment")
>>> @sentiment_backends.register("sentiment.dummy.v1")
... class Dummy: ...
>>> sentiment_backends.get("sentiment.dummy.v1") is Dummy
True
>>> sentiment_backends.register_lazy("sentiment.od.v1", "collections:OrderedDict")
>>> sentiment_backends.names()
['sentiment.dummy.v1', 'sentiment.od.v1']
>>> sentiment_backends.get("sentiment.od.v1").__name__
'OrderedDict'
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from cxtext.errors import ConfigError, UnknownBackendError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps backend names (``<kind>.<name>.v<N>``) to classes.

    ``lazy`` maps names to ``"package.module:Attribute"`` references that are imported on
    the first :meth:`get` (the built-in backends are declared this way).
    """

    def __init__(self, kind: str, lazy: Mapping[str, str] | None = None) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._lazy: dict[str, str] = {}
        self._lock = threading.RLock()
        for name, target in (lazy or {}).items():
            self.register_lazy(name, target)

    def _check_name(self, name: str) -> None:
        if not name.startswith(self.kind + ".") or ".v" not in name:
            raise ConfigError(f"{self.kind} backend names look like '{self.kind}.<name>.v<N>', "
                              f"got {name!r}.")

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator registering a class under ``name``. A name declared lazily accepts only
        the object its reference points to (importing that module registers it again)."""
        self._check_name(name)

        def deco(obj: T) -> T:
            with self._lock:
                known = self._items.get(name)
                if known is not None and known is not obj:
                    raise ConfigError(f"{self.kind} backend {name!r} is already registered "
                                      f"({_reference(known)}); pick another name.")
                target = self._lazy.get(name)
                if known is None and target is not None and target != _reference(obj):
                    raise ConfigError(f"{self.kind} backend {name!r} is already registered "
                                      f"({target}); pick another name.")
                self._items[name] = obj
            return obj

        return deco

    def register_lazy(self, name: str, target: str) -> None:
        """Declare ``name`` as ``"module:attribute"``, imported on the first :meth:`get`."""
        self._check_name(name)
        module, sep, attr = target.partition(":")
        if not sep or not module or not attr:
            raise ConfigError(f"A lazy {self.kind} backend is 'package.module:Attribute', "
                              f"got {target!r} for {name!r}.")
        with self._lock:
            known = self._lazy.get(name)
            if (known is not None and known != target) or (
                    name in self._items and _reference(self._items[name]) != target):
                raise ConfigError(f"{self.kind} backend {name!r} is already registered "
                                  f"({known or _reference(self._items[name])}); pick another "
                                  "name.")
            self._lazy[name] = target

    def get(self, name: str) -> T:
        """The class registered as ``name`` (a lazy one is imported now).

        Raises :class:`~cxtext.errors.UnknownBackendError` listing every known name."""
        obj = self._items.get(name)
        if obj is not None:
            return obj
        target = self._lazy.get(name)
        if target is None:
            raise UnknownBackendError(
                f"Unknown {self.kind} backend {name!r}. Known: {', '.join(self.names())}."
            )
        module, _, attr = target.partition(":")
        # not under the lock: importing the module registers the class through the decorator,
        # and another thread may be importing it already (holding the import lock)
        resolved: T = getattr(importlib.import_module(module), attr)
        with self._lock:
            return self._items.setdefault(name, resolved)

    def names(self) -> list[str]:
        """Every registered name, lazy ones included, sorted."""
        return sorted(set(self._items) | set(self._lazy))

    def __contains__(self, name: object) -> bool:
        return name in self._items or name in self._lazy


def _reference(obj: object) -> str:
    """``"module:qualname"`` of a class or function (what lazy entries point to)."""
    return f"{getattr(obj, '__module__', '?')}:{getattr(obj, '__qualname__', repr(obj))}"
