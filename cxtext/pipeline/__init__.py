"""The orchestrator: the only package that joins io, text, lang, sentiment, topics, drivers
and report.

* :mod:`~cxtext.pipeline.models` - which models run (names, folders, taxonomy files), loaded
  once and cached;
* :mod:`~cxtext.pipeline.classify` - :func:`understand`: distinct answers prepared ONCE, every
  model run on that batch; :func:`classify` and :class:`Classifier` for downstream apps;
* :mod:`~cxtext.pipeline.enrich` - the same for a response table (:func:`enrich`,
  :func:`topic_mentions`, worker processes);
* :mod:`~cxtext.pipeline.sinks` - what each output keeps from the chunks;
* :mod:`~cxtext.pipeline.analyze` - :func:`analyze`, :func:`analyze_file` (the chunk loop),
  :func:`discover`, :func:`classify_file`.

Names are imported on first use, so ``classify`` does not load the driver statistics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxtext._lazy import lazy_names

if TYPE_CHECKING:
    from cxtext.config import AnalyzeOptions
    from cxtext.pipeline.analyze import Analysis, analyze, analyze_file, classify_file, discover
    from cxtext.pipeline.classify import (
        SCHEMA_VERSION,
        Classifier,
        ClassifyResult,
        Understood,
        classify,
        understand,
    )
    from cxtext.pipeline.enrich import enrich, topic_mentions
    from cxtext.pipeline.models import (
        DEFAULT_SENTIMENT,
        DEFAULT_TOPICS,
        get_sentiment_model,
        get_topic_model,
        resolve_topics,
    )

__all__ = [
    "SCHEMA_VERSION",
    "AnalyzeOptions",
    "ClassifyResult",
    "Analysis",
    "Understood",
    "understand",
    "classify",
    "enrich",
    "get_sentiment_model",
    "get_topic_model",
    "resolve_topics",
    "DEFAULT_SENTIMENT",
    "DEFAULT_TOPICS",
    "analyze",
    "analyze_file",
    "topic_mentions",
    "discover",
    "Classifier",
    "classify_file",
]

_LAZY: dict[str, str] = {
    "AnalyzeOptions": "cxtext.config",
    **dict.fromkeys(("Analysis", "analyze", "analyze_file", "classify_file", "discover"),
                    "cxtext.pipeline.analyze"),
    **dict.fromkeys(("SCHEMA_VERSION", "Classifier", "ClassifyResult", "Understood", "classify",
                     "understand"), "cxtext.pipeline.classify"),
    **dict.fromkeys(("enrich", "topic_mentions"), "cxtext.pipeline.enrich"),
    **dict.fromkeys(("DEFAULT_SENTIMENT", "DEFAULT_TOPICS", "get_sentiment_model",
                     "get_topic_model", "resolve_topics"), "cxtext.pipeline.models"),
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals(), __all__)
