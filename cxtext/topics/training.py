"""Train a topic classifier from a file: labelled (supervised) or unlabelled (weak supervision).

Used by ``cxtext train topics``. A seeded random share of the rows (``dev_fraction``) is held
out and the model is scored there (hierarchy-closed per-topic P/R/F1, micro/macro-F1), then
the model is refitted on all rows and saved with those figures in ``metadata.json``. In weak
mode the held-out "gold" labels are the rules' labels, so the figures say how well the
classifier reproduces the rules on unseen answers, not how correct either is.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from cxtext.datasets import read_table
from cxtext.errors import InputError
from cxtext.topics.classifier import TopicClassifier, parse_topic_labels
from cxtext.topics.evaluate import topic_metrics
from cxtext.topics.rules import RuleTopics
from cxtext.topics.taxonomy import DEFAULT_TAXONOMY, load_taxonomy

__all__ = ["train_topic_classifier"]


def train_topic_classifier(
    data: str | Path,
    out: str | Path,
    *,
    text_col: str = "text",
    labels_col: str | None = None,
    lang: str | None = None,
    taxonomy: str | Path = DEFAULT_TAXONOMY,
    features: str = "linear",
    dev_fraction: float = 0.2,
    random_state: int = 0,
    command: str = "",
) -> dict[str, Any]:
    """Fit, score on a held-out share, refit on everything, save; returns the metadata."""
    path = Path(data)
    if not path.exists():
        raise InputError(f"Training file not found: {path}.")
    if not 0 <= dev_fraction < 1:
        raise InputError(f"dev_fraction must be in [0, 1), got {dev_fraction}.")
    df = read_table(path)
    for col in (text_col, labels_col):
        if col is not None and col not in df.columns:
            raise InputError(f"{path}: no column {col!r}; columns: {list(df.columns)}.")
    texts = df[text_col].astype(str).tolist()
    langs = [lang] * len(texts) if lang else None
    tax = load_taxonomy(taxonomy)
    weak = labels_col is None
    if weak:
        rules = RuleTopics(taxonomy=tax).fit()
        labels = [[m.code for m in ms] for ms in rules.assign(texts, langs=langs)]
    else:
        labels = parse_topic_labels(df[labels_col].tolist())
    model = TopicClassifier(features=features, taxonomy=tax, random_state=random_state)
    rng = np.random.default_rng(random_state)
    order = rng.permutation(len(texts))
    n_dev = int(round(len(texts) * dev_fraction))
    dev_idx, tr_idx = order[:n_dev], order[n_dev:]
    meta: dict[str, Any] = {
        "data": str(path), "rows": len(texts), "mode": "weak (rules)" if weak else "supervised",
        "features": features, "taxonomy": tax.name, "command": command,
    }
    if n_dev >= 10:
        sub = lambda xs, idx: [xs[i] for i in idx]  # noqa: E731
        lg_tr = sub(langs, tr_idx) if langs else None
        lg_dev = sub(langs, dev_idx) if langs else None
        if weak:
            held = TopicClassifier(**model.get_params()).fit_weak(sub(texts, tr_idx),
                                                                  rules=rules, langs=lg_tr)
        else:
            held = TopicClassifier(**model.get_params()).fit(sub(texts, tr_idx),
                                                             sub(labels, tr_idx), langs=lg_tr)
        pred = [[m.code for m in ms] for ms in held.assign(sub(texts, dev_idx), langs=lg_dev)]
        meta["dev_metrics"] = topic_metrics(sub(labels, dev_idx), pred,
                                            [str(c) for c in held.classes_])
        meta["dev_rows"] = n_dev
    t0 = time.perf_counter()
    if weak:
        model.fit_weak(texts, rules=rules, langs=langs)
    else:
        model.fit(texts, labels, langs=langs)
    meta["fit_seconds"] = round(time.perf_counter() - t0, 1)
    meta["topics"] = [str(c) for c in model.classes_]
    model.save(out, metadata=meta)
    return meta
