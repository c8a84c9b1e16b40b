"""Which models run: names, folders, taxonomy files or fitted models, resolved once and cached."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from cxtext.backends import DEFAULT_SENTIMENT, DEFAULT_TOPICS, PROFILES, profile_of, sentiment_for
from cxtext.errors import ConfigError
from cxtext.sentiment import SentimentModel, load_model
from cxtext.topics import TopicModel, load_topic_model, with_reader

__all__ = [
    "DEFAULT_SENTIMENT",
    "DEFAULT_TOPICS",
    "SentimentSpec",
    "TopicSpec",
    "choose_sentiment",
    "get_sentiment_model",
    "get_topic_model",
    "resolve_topics",
    "spec_name",
    "is_off",
    "reads_topics",
]

SentimentSpec = str | Path | SentimentModel | None
TopicSpec = str | Path | TopicModel | None

_SENTIMENT_CACHE: dict[str, SentimentModel] = {}
_TOPIC_CACHE: dict[str, TopicModel] = {}
_LOCK = threading.Lock()


def is_off(spec: Any) -> bool:
    """``None`` or ``"none"`` (any case) switches a model off."""
    return spec is None or (isinstance(spec, str) and spec.strip().lower() == "none")


def _cached(cache: dict[str, Any], spec: Any, load: Any) -> Any:
    key = str(spec)
    with _LOCK:
        if key not in cache:
            cache[key] = load(spec)
        return cache[key]


def choose_sentiment(sentiment: SentimentSpec, profile: str | None) -> SentimentSpec:
    """The sentiment spec that runs: ``profile``'s model when a profile is given (then
    ``sentiment`` must be left at its default or name the same model), else ``sentiment``
    (a profile name there is allowed too)."""
    if profile is None:
        return sentiment
    backend = sentiment_for(profile)
    if not (isinstance(sentiment, str) and sentiment in (DEFAULT_SENTIMENT, backend, profile)):
        raise ConfigError(
            f"Both a profile ({profile!r}, which runs {backend}) and a sentiment model "
            f"({str(sentiment)!r}) were given; pass one of them.")
    return backend


def get_sentiment_model(spec: SentimentSpec) -> SentimentModel | None:
    """A loaded sentiment model from a backend name, a profile name (``accurate``/``fast``),
    a folder or a model (cached by name)."""
    if is_off(spec):
        return None
    if isinstance(spec, SentimentModel):
        return spec
    if isinstance(spec, str) and spec in PROFILES:
        spec = PROFILES[spec]
    return _cached(_SENTIMENT_CACHE, spec, lambda s: load_model(str(s)))


def get_topic_model(spec: TopicSpec) -> TopicModel | None:
    """:func:`cxtext.topics.load_topic_model` (a backend name, a model folder or a taxonomy
    file), cached by name/path."""
    if is_off(spec):
        return None
    if isinstance(spec, TopicModel):
        return spec
    return _cached(_TOPIC_CACHE, spec, load_topic_model)


def resolve_topics(topics: TopicSpec = DEFAULT_TOPICS,
                   taxonomy: str | Path | None = None, *, reader: bool = False) -> TopicSpec:
    """The one route from (``topics``, ``taxonomy``) options to a topic model spec: a
    taxonomy file runs the rules over it; with another topic model it is an error.
    ``reader=True`` (the accurate profile): an industry pack that the shipped attention
    reader knows runs with it (spec ``"<pack>+reader"``, see
    :func:`cxtext.topics.with_reader`)."""
    if is_off(topics):
        return None
    if taxonomy is None:
        spec = topics
    elif topics != DEFAULT_TOPICS:
        raise ConfigError(f"A taxonomy ({taxonomy}) applies to the rules; use it with topics "
                          f"{DEFAULT_TOPICS!r} (the default), not {str(topics)!r}.")
    else:
        spec = taxonomy
    return with_reader(spec) if reader else spec


def reads_topics(sentiment: Any) -> bool:
    """Whether the topics get the attention reader: the accurate profile (the contextual
    sentiment model) does; ``fast`` and custom models do not."""
    return isinstance(sentiment, str) and profile_of(sentiment) == "accurate"


def spec_name(spec: Any, model: Any) -> str | None:
    """How a model is named in logs, ``/v1/models`` and the report."""
    if model is None:
        return None
    if isinstance(spec, str) and spec in PROFILES:
        return PROFILES[spec]
    if isinstance(spec, (str, Path)):
        return str(spec)
    return str(getattr(model, "backend", type(model).__name__))
