"""Multi-label topic metrics with hierarchy: per-topic precision/recall/F1, micro and macro F1.

Gold and predicted label sets are first closed under the hierarchy (a level-2 code implies its
level-1 parent), so a model that predicts ``delivery.speed`` is right about ``delivery`` too,
and a dataset label mapped to a level-1 code (``service``) is matched by any of its children.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["close_under_parents", "topic_metrics"]


def close_under_parents(codes: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for c in codes:
        out.add(c)
        if "." in c:
            out.add(c.split(".")[0])
    return out


def topic_metrics(gold: Sequence[Iterable[str]], pred: Sequence[Iterable[str]],
                  labels: Sequence[str]) -> dict[str, Any]:
    """Per label (only ``labels`` are scored; other predicted codes are ignored):
    ``precision``, ``recall``, ``f1``, ``support`` (gold positives), ``predicted``; plus
    ``micro`` and ``macro`` averages (macro over labels with support > 0) and ``n``."""
    if len(gold) != len(pred):
        raise ValueError(f"got {len(gold)} gold label sets but {len(pred)} predictions")
    g = [close_under_parents(x) for x in gold]
    p = [close_under_parents(x) for x in pred]
    per: dict[str, dict[str, float]] = {}
    TP = FP = FN = 0
    for lb in labels:
        tp = sum(1 for a, b in zip(g, p, strict=True) if lb in a and lb in b)
        fp = sum(1 for a, b in zip(g, p, strict=True) if lb not in a and lb in b)
        fn = sum(1 for a, b in zip(g, p, strict=True) if lb in a and lb not in b)
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[lb] = {"precision": round(prec, 4), "recall": round(rec, 4),
                   "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
                   "support": tp + fn, "predicted": tp + fp}
    scored = [v for v in per.values() if v["support"] > 0]
    mp = TP / (TP + FP) if TP + FP else 0.0
    mr = TP / (TP + FN) if TP + FN else 0.0
    return {
        "n": len(gold),
        "per_topic": per,
        "micro": {"precision": round(mp, 4), "recall": round(mr, 4),
                  "f1": round(2 * mp * mr / (mp + mr), 4) if mp + mr else 0.0},
        "macro": {k: round(sum(v[k] for v in scored) / len(scored), 4) if scored else 0.0
                  for k in ("precision", "recall", "f1")},
    }
