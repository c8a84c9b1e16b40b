"""Backend registries: eager and lazy (``module:Class``) entries, one error listing them all."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import pytest

from cxtext.backends import SENTIMENT_BACKENDS, TOPIC_BACKENDS
from cxtext.errors import ConfigError, UnknownBackendError
from cxtext.registry import Registry

REPO = Path(__file__).resolve().parents[1]


def test_lazy_entry_is_listed_and_resolved_on_first_lookup() -> None:
    reg: Registry[type] = Registry("demo", lazy={"demo.od.v1": "collections:OrderedDict"})
    assert "demo.od.v1" in reg
    assert reg.names() == ["demo.od.v1"]
    assert reg.get("demo.od.v1") is OrderedDict
    assert reg.get("demo.od.v1") is OrderedDict  # cached


def test_unknown_name_lists_eager_and_lazy_names() -> None:
    reg: Registry[type] = Registry("demo", lazy={"demo.lazy.v1": "collections:OrderedDict"})

    @reg.register("demo.eager.v1")
    class Eager:
        pass

    with pytest.raises(UnknownBackendError, match="demo.nope.v1") as info:
        reg.get("demo.nope.v1")
    assert "demo.eager.v1" in str(info.value) and "demo.lazy.v1" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_names_are_checked() -> None:
    reg: Registry[type] = Registry("demo")
    with pytest.raises(ConfigError, match=r"demo\.<name>\.v<N>"):
        reg.register("other.x.v1")
    with pytest.raises(ConfigError, match="module:Attribute"):
        reg.register_lazy("demo.x.v1", "no_colon")


def test_a_lazy_name_cannot_be_taken_by_another_class() -> None:
    reg: Registry[type] = Registry("demo", lazy={"demo.od.v1": "collections:OrderedDict"})

    class Impostor:
        pass

    with pytest.raises(ConfigError, match="already registered"):
        reg.register("demo.od.v1")(Impostor)
    assert reg.register("demo.od.v1")(OrderedDict) is OrderedDict  # its own class is fine
    with pytest.raises(ConfigError, match="already registered"):
        reg.register_lazy("demo.od.v1", "collections:Counter")


def test_builtin_backends_are_lazy_and_complete() -> None:
    from cxtext.sentiment import backends as sentiment_backends
    from cxtext.topics import backends as topic_backends

    assert set(SENTIMENT_BACKENDS) <= set(sentiment_backends.names())
    assert set(TOPIC_BACKENDS) <= set(topic_backends.names())
    for registry, table in ((sentiment_backends, SENTIMENT_BACKENDS),
                            (topic_backends, TOPIC_BACKENDS)):
        for name, target in table.items():
            cls = registry.get(name)
            assert f"{cls.__module__}:{cls.__qualname__}" == target
            assert cls.backend == name


def test_load_model_imports_only_the_backend_it_needs() -> None:
    code = ("import sys\n"
            "from cxtext.sentiment import load_model\n"
            "from cxtext.errors import UnknownBackendError\n"
            "try:\n"
            "    load_model('sentiment.nope.v1')\n"
            "except UnknownBackendError as exc:\n"
            "    assert 'sentiment.linear.v1' in str(exc) and 'sentiment.transformer.v1' in "
            "str(exc), exc\n"
            "assert 'cxtext.sentiment.linear' not in sys.modules\n"
            "m = load_model('sentiment.linear.v1')\n"
            "assert type(m).__module__ == 'cxtext.sentiment.linear'\n"
            "print(sorted(x for x in sys.modules if x.startswith('cxtext.sentiment.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "cxtext.sentiment.transformer" not in out.stdout
    assert "cxtext.sentiment.embedding" not in out.stdout
