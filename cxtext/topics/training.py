"""Train a topic classifier from a file: labelled (supervised) or unlabelled (weak supervision).

Used by ``cxtext train topics``. A seeded random share of the rows (``dev_fraction``) is held
out and the model is scored there (hierarchy-closed per-topic P/R/F1, micro/macro-F1), then
the model is refitted on all rows and saved with those figures in ``metadata.json``. In weak
mode the held-out "gold" labels are the rules' labels, so the figures say how well the
classifier reproduces the rules on unseen answers, not how correct either is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cxtext.errors import InputError
from cxtext.io import read_table
from cxtext.topics.classifier import TopicClassifier, parse_topic_labels
from cxtext.topics.evaluate import topic_metrics
from cxtext.topics.rules import RuleTopics
from cxtext.topics.taxonomy import DEFAULT_TAXONOMY, load_taxonomy

__all__ = ["train_attention_check", "train_context_check", "train_topic_classifier"]


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
    df = read_table(path, cells="raw")
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


def train_context_check(data: Sequence[str | Path], out: str | Path, *,
                        taxonomy: str | Path = "cx_default", text_col: str = "text",
                        lang_col: str | None = "lang", command: str = "",
                        **params: Any) -> dict[str, Any]:
    """Fit a :class:`ContextCheck` for ``taxonomy`` on the unlabelled answers in ``data``
    (files of any format cxtext reads; ``lang_col`` optional: detected when absent), save
    it to ``out`` with a ``metadata.json`` (data files, counts, command). Returns it."""
    from cxtext.datasets import DatasetSpec, load_dataset
    from cxtext.features import prepare
    from cxtext.topics.context import ContextCheck

    texts: list[str] = []
    langs: list[str | None] = []
    for path in data:
        has_lang = bool(lang_col) and lang_col in read_table(Path(path), cells="raw").columns
        df = load_dataset(DatasetSpec(path=str(path), text_col=text_col, label_col=None,
                                      lang_col=lang_col if has_lang else None))
        texts += df["text"].tolist()
        langs += [str(x) if x in ("pl", "en") else None for x in df["lang"]]
    t0 = time.perf_counter()
    rules = RuleTopics(taxonomy=taxonomy).fit()
    batch = prepare(texts, langs=langs)
    check = ContextCheck(**params).fit(batch, rules.assign(batch))
    folder = check.save(out)
    meta = {"taxonomy": str(taxonomy), "data": [str(p) for p in data], "answers": len(texts),
            "clauses": check.n_examples_, "topics_checked": len(check.topics_),
            "fit_seconds": round(time.perf_counter() - t0, 1), "command": command,
            "trained_at": time.strftime("%Y-%m-%d")}
    (folder / "metadata.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    return meta


def train_attention_check(data: Sequence[tuple[str | Path, str | Path]], out: str | Path, *,
                          text_col: str = "text", labels_col: str = "topics",
                          command: str = "", **params: Any) -> dict[str, Any]:
    """Fit an :class:`~cxtext.topics.attention.AttentionCheck` on labelled answers: ``data``
    is ``(file, taxonomy)`` pairs (each file's labels are codes of its taxonomy; several
    taxonomies train one reader), save it to ``out`` with the data, counts and command in
    ``config.json``. Returns that summary."""
    from cxtext.topics.attention import AttentionCheck

    if not data:
        raise InputError("No training data: give at least one --data FILE --taxonomy NAME.")
    texts: list[str] = []
    labels: list[list[str]] = []
    spaces: list[list[str]] = []
    files = []
    for path, taxonomy in data:
        p = Path(path)
        if not p.exists():
            raise InputError(f"Training file not found: {p}.")
        df = read_table(p, cells="raw")
        for col in (text_col, labels_col):
            if col not in df.columns:
                raise InputError(f"{p}: no column {col!r}; columns: {list(df.columns)}.")
        codes = list(load_taxonomy(taxonomy).codes)
        known = set(codes)
        rows = parse_topic_labels(df[labels_col].tolist())
        for k, row in enumerate(rows):
            bad = [c for c in row if c not in known]
            if bad:
                raise InputError(f"{p}, row {k + 1}: topic {bad[0]!r} is not a code of "
                                 f"taxonomy {taxonomy!s}. Fix the label or pass the "
                                 "taxonomy the file was labelled with.")
        texts += df[text_col].astype(str).tolist()
        labels += rows
        spaces += [codes] * len(rows)
        files.append({"data": str(p), "taxonomy": str(taxonomy), "answers": len(rows)})
    t0 = time.perf_counter()
    check = AttentionCheck(**params).fit(texts, labels, codes=spaces)
    meta = {"files": files, "answers": len(texts), "topics": len(check.classes_),
            "fit_seconds": round(time.perf_counter() - t0, 1), "command": command,
            "trained_at": time.strftime("%Y-%m-%d")}
    check.save(out, metadata=meta)
    return meta
