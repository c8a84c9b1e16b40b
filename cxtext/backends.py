"""The built-in backends: their names, where they live, and the defaults.

Plain data, cheap to import (the command line reads its option defaults from here). The
registries (:data:`cxtext.sentiment.backends`, :data:`cxtext.topics.backends`) declare these
as lazy entries: a backend module is imported the first time its name is looked up.
"""

from __future__ import annotations

__all__ = ["DEFAULT_SENTIMENT", "DEFAULT_TOPICS", "SENTIMENT_BACKENDS", "TOPIC_BACKENDS"]

#: Sentiment backend used when none is given.
DEFAULT_SENTIMENT = "sentiment.linear.v1"

#: Topic backend used when none is given.
DEFAULT_TOPICS = "topics.rules.v1"

#: Built-in sentiment backends: name -> ``"module:Class"``.
SENTIMENT_BACKENDS: dict[str, str] = {
    "sentiment.lexicon.v1": "cxtext.sentiment.lexicon:LexiconSentiment",
    "sentiment.linear.v1": "cxtext.sentiment.linear:LinearSentiment",
    "sentiment.embedding.v1": "cxtext.sentiment.embedding:EmbeddingSentiment",
    "sentiment.transformer.v1": "cxtext.sentiment.transformer:TransformerSentiment",
}

#: Built-in topic backends: name -> ``"module:Class"``.
TOPIC_BACKENDS: dict[str, str] = {
    "topics.rules.v1": "cxtext.topics.rules:RuleTopics",
    "topics.classifier.v1": "cxtext.topics.classifier:TopicClassifier",
}
