"""The built-in backends: their names, where they live, and the defaults.

Plain data, cheap to import (the command line reads its option defaults from here). The
registries (:data:`cxtext.sentiment.backends`, :data:`cxtext.topics.backends`) declare these
as lazy entries: a backend module is imported the first time its name is looked up.
"""

from __future__ import annotations

__all__ = ["DEFAULT_PROFILE", "DEFAULT_SENTIMENT", "DEFAULT_TOPICS", "PROFILES",
           "SENTIMENT_BACKENDS", "TOPIC_BACKENDS", "profile_of", "sentiment_for"]

#: Profiles: which sentiment model runs. ``accurate``: the contextual model (fine-tuned
#: multilingual-e5-small, ~150-200 answers/s per process); ``fast``: the linear model
#: (thousands of answers/s: millions of rows, the HTTP service under load).
PROFILES: dict[str, str] = {"accurate": "sentiment.e5.v1", "fast": "sentiment.linear.v1"}

#: Profile used when neither a profile nor a sentiment model is given.
DEFAULT_PROFILE = "accurate"

#: Sentiment backend used when none is given: the default profile's.
DEFAULT_SENTIMENT = PROFILES[DEFAULT_PROFILE]


def sentiment_for(profile: str) -> str:
    """The sentiment backend of a profile name (a ``ValueError`` listing the profiles)."""
    try:
        return PROFILES[profile]
    except (KeyError, TypeError):
        from cxtext.errors import ConfigError

        raise ConfigError(f"Unknown profile {profile!r}; known: {', '.join(PROFILES)}.") from None


def profile_of(sentiment: str | None) -> str:
    """The profile a sentiment model name belongs to: ``accurate``, ``fast``, ``custom`` (a
    folder or another backend) or ``none``."""
    if sentiment is None:
        return "none"
    return next((p for p, b in PROFILES.items() if b == sentiment), "custom")

#: Topic backend used when none is given.
DEFAULT_TOPICS = "topics.rules.v1"

#: Built-in sentiment backends: name -> ``"module:Class"``.
SENTIMENT_BACKENDS: dict[str, str] = {
    "sentiment.lexicon.v1": "cxtext.sentiment.lexicon:LexiconSentiment",
    "sentiment.linear.v1": "cxtext.sentiment.linear:LinearSentiment",
    "sentiment.embedding.v1": "cxtext.sentiment.embedding:EmbeddingSentiment",
    "sentiment.transformer.v1": "cxtext.sentiment.transformer:TransformerSentiment",
    "sentiment.e5.v1": "cxtext.sentiment.e5:E5Sentiment",
}

#: Built-in topic backends: name -> ``"module:Class"``.
TOPIC_BACKENDS: dict[str, str] = {
    "topics.rules.v1": "cxtext.topics.rules:RuleTopics",
    "topics.classifier.v1": "cxtext.topics.classifier:TopicClassifier",
}
