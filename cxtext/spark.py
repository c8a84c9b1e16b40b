"""Classify a Spark DataFrame column with cxtext, beyond one machine (``spark`` extra).

:func:`classify_spark` uses ``DataFrame.mapInPandas``: every executor process loads the
models once (lazily, on its first batch) and classifies its partitions in pandas batches
with :func:`cxtext.pipeline.enrich`, so the result columns are those of ``cxtext analyze``
(:data:`SPARK_COLUMNS`). Nothing but the model *names* travels to the executors; they need
cxtext installed (and ``models/`` reachable, e.g. via ``CXTEXT_MODELS_DIR``).

    from cxtext.spark import classify_spark
    out = classify_spark(df, text_col="comment", keep=["id"])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd

__all__ = ["classify_spark", "SPARK_COLUMNS"]

#: Result columns (with their Spark SQL types) added to the kept input columns.
SPARK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("text", "string"), ("pii", "string"), ("non_answer", "boolean"), ("gibberish", "boolean"),
    ("truncated", "boolean"),
    ("lang", "string"), ("sentiment", "string"), ("sentiment_confidence", "double"),
    ("p_negative", "double"), ("p_neutral", "double"), ("p_positive", "double"),
    ("p_mixed", "double"), ("topics", "string"), ("topic_sentiment", "string"),
    ("topic_evidence", "string"),
)


def _batches(it: Iterator[pd.DataFrame], text_col: str, keep: Sequence[str], sentiment: str,
             topics: str) -> Iterator[pd.DataFrame]:
    from cxtext.io import cell_text
    from cxtext.pipeline import enrich, get_sentiment_model, get_topic_model
    from cxtext.schema import to_human

    model, topic_model = get_sentiment_model(sentiment), get_topic_model(topics)
    cols = [c for c, _ in SPARK_COLUMNS]
    for pdf in it:
        texts = [cell_text(v) for v in pdf[text_col]]
        out = enrich(pd.DataFrame({"text_raw": texts}), sentiment=model, topics=topic_model)
        res = to_human(out.reindex(columns=cols))
        for k in keep:
            res.insert(list(keep).index(k), k, pdf[k].to_numpy())
        yield res.reset_index(drop=True)


def classify_spark(df: Any, *, text_col: str, keep: Sequence[str] = (),
                   sentiment: str = "sentiment.linear.v1",
                   topics: str = "topics.rules.v1") -> Any:
    """A Spark DataFrame with ``keep`` columns + :data:`SPARK_COLUMNS`, one row per input row.
    ``sentiment`` defaults to the ``fast`` profile's model (Spark jobs are the millions-of-rows
    case); pass ``"sentiment.e5.v1"`` (or ``"accurate"``) for the contextual model."""
    from cxtext.errors import InputError

    missing = [c for c in (text_col, *keep) if c not in df.columns]
    if missing:
        raise InputError(f"Spark DataFrame has no column(s) {missing}; columns: {df.columns}.")
    kept = {f.name: f.dataType.simpleString() for f in df.schema.fields if f.name in keep}
    schema = ", ".join([f"`{k}` {kept[k]}" for k in keep] +
                       [f"`{c}` {t}" for c, t in SPARK_COLUMNS])
    keep_list = list(keep)
    return df.mapInPandas(
        lambda it: _batches(it, text_col, keep_list, sentiment, topics), schema=schema)
