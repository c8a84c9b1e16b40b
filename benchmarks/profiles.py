"""The two profiles side by side: ``accurate`` (sentiment.e5.v1) and ``fast``
(sentiment.linear.v1) on every dev set, with calibration and speed.

    python benchmarks/profiles.py --data-dir ../shared/data [--accurate DIR] [--fast DIR]
        [--split dev|test] [--out benchmarks/results/profiles.json]

Dev splits (``--split test`` reads the CX corpus' test split instead of its dev split: only
for the final table of a model already chosen on dev; the public sets stay on dev):

* **CX dev** (``benchmarks/data/cx/gold.jsonl``, ``split == "dev"``: writers w6, w11, w16):
  what ``cxtext.classify`` returns (the pipeline: non-answer and language rules, the
  clause rule for ``mixed``) and the bare model; by language and by the writers' pattern
  tags (sarcasm, denied problem, ...);
* PolEmo 2.0 medicine and hotels sentences (4 labels), airline tweets (3 labels: the arg-max
  over the gold labels' probabilities), exactly as ``cxtext train`` reads their dev splits;
* SemEval-2014 restaurants, category polarity (dev = sha256(sentence id) % 100 >= 85, as in
  ``benchmarks/topics.py``): per gold (sentence, category) pair, the sentiment cxtext gives
  that category: the topic's (clause) sentiment when the taxonomy finds the mapped topic,
  else the answer's (``conflict`` counts as ``mixed``); and the task's own protocol
  (SemEval-2014 subtask 4): the gold categories are given and the model reads each
  (category, sentence) pair (``predict_aspect_proba``; a model trained without pairs, such
  as the fast one, has no such figure).

Metrics: accuracy, macro-F1, top-label ECE (15 equal-width bins) of the bare model. Speed:
answers/s of ``cxtext.classify`` (everything: clean-up, PII, language, sentiment with
evidence, topics) and of the bare model's ``predict_proba`` on the CX dev answers
(survey length), one process, after a warm-up; first call in a fresh process
(``import cxtext`` + ``Classifier(profile=...)`` + 5 answers) with the base model cached.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from absa import semeval14  # noqa: E402

from cxtext import classify  # noqa: E402
from cxtext.datasets import load_dataset  # noqa: E402
from cxtext.sentiment import load_model  # noqa: E402
from cxtext.sentiment.training import load_config, metrics  # noqa: E402

CX_GOLD = ROOT / "benchmarks" / "data" / "cx" / "gold.jsonl"
CONFIG = ROOT / "configs" / "train" / "sentiment-e5-v1.toml"
SEMEVAL_MAP = {"food": "product", "service": "service", "price": "price",
               "ambience": "store", "anecdotes/miscellaneous": None}


def ece(proba: np.ndarray, gold_idx: np.ndarray, bins: int = 15) -> float:
    conf = proba.max(axis=1)
    right = proba.argmax(axis=1) == gold_idx
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(right[m].mean() - conf[m].mean())
    return round(float(total), 4)


def model_scores(model: Any, texts: list[str], gold: list[str],
                 labels: list[str] | None = None) -> dict[str, Any]:
    """Bare-model accuracy/macro-F1/ECE; ``labels``: restrict the arg-max to these."""
    classes = [str(c) for c in model.classes_]
    proba = model.predict_proba(texts)
    if labels is not None:
        keep = [classes.index(lb) for lb in labels if lb in classes]
        proba = proba[:, keep] / np.clip(proba[:, keep].sum(1, keepdims=True), 1e-12, None)
        classes = [classes[k] for k in keep]
    pred = [classes[k] for k in proba.argmax(axis=1)]
    gold_idx = np.array([classes.index(g) if g in classes else -1 for g in gold])
    m = metrics(gold, pred)
    return {"n": len(texts), "accuracy": round(m["accuracy"], 4),
            "macro_f1": round(m["macro_f1"], 4), "ece": ece(proba, gold_idx)}


def read_cx(split: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in CX_GOLD.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["split"] == split]


def cx_scores(profile: str, model: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    texts, gold = [r["text"] for r in rows], [r["label"] for r in rows]
    recs = classify(texts, profile=profile, topics=None, evidence=False)
    pred = [r["sentiment"] for r in recs]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups["all"].append(i)
        groups[f"lang={r['lang']}"].append(i)
        for p in r["patterns"]:
            groups[f"pattern={p}"].append(i)
    out: dict[str, Any] = {"pipeline": {}, "model": model_scores(model, texts, gold)}
    for g, idx in sorted(groups.items()):
        m = metrics([gold[i] for i in idx], [pred[i] for i in idx])
        out["pipeline"][g] = {"n": len(idx), "accuracy": round(m["accuracy"], 4),
                              "macro_f1": round(m["macro_f1"], 4)}
    return out


def semeval(data_dir: Path, profile: str, model: Any) -> dict[str, Any]:
    items = [(s["text"], s["categories"]) for s in semeval14(data_dir, "restaurants")
             if s["split"] == "dev"]
    recs = classify([t for t, _ in items], lang="en", profile=profile)
    total = hit = via_topic = 0
    for rec, (_, cats) in zip(recs, items, strict=True):
        topic_sent: dict[str, str] = {}
        for t in rec.get("topics", []):
            for code in (t["code"], t["code"].split(".")[0]):
                topic_sent.setdefault(code, t["sentiment"])
        for cat, pol in cats:
            want = "mixed" if pol == "conflict" else pol
            code = SEMEVAL_MAP.get(cat or "")
            pred = topic_sent.get(code) if code else None
            via_topic += pred is not None
            hit += (pred or rec["sentiment"]) == want
            total += 1
    out = {"pairs": total, "accuracy": round(hit / total, 4), "from_topic": via_topic}
    # the task's own protocol (SemEval-2014 subtask 4, category polarity): the gold categories
    # are given and the model reads each (category, sentence) pair; only a model trained on
    # pairs can (the fast model cannot: None)
    out["gold_categories_accuracy"] = None
    if getattr(model, "reads_aspects_", False):
        cats, texts, gold = zip(*((cat, text, "mixed" if pol == "conflict" else pol)
                                  for text, pairs in items for cat, pol in pairs), strict=True)
        proba = model.predict_aspect_proba(list(cats), list(texts))
        pred = np.asarray(model.classes_)[proba.argmax(axis=1)]
        out["gold_categories_accuracy"] = round(float(np.mean(pred == np.asarray(gold))), 4)
    return out


def speed(profile: str, texts: list[str]) -> dict[str, Any]:
    from cxtext import Classifier

    clf = Classifier(profile=profile)
    clf(texts[:50])
    t0 = time.perf_counter()
    clf(texts)
    dt = time.perf_counter() - t0
    model = clf.sentiment
    t0 = time.perf_counter()
    model.predict_proba(texts)
    dm = time.perf_counter() - t0
    return {"texts": len(texts), "mean_chars": round(float(np.mean([len(t) for t in texts])), 1),
            "classify_per_s": round(len(texts) / dt, 1),
            "model_per_s": round(len(texts) / dm, 1)}


def first_call(profile: str) -> float:
    code = ("import time; t=time.perf_counter(); import cxtext; "
            f"c=cxtext.Classifier(profile={profile!r}); c(['ok','nie polecam','great app',"
            "'brak','Dostawa szybka']); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return round(float(out.stdout.strip().splitlines()[-1]), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--accurate", default="sentiment.e5.v1",
                    help="model of the accurate profile (name or folder)")
    ap.add_argument("--fast", default="sentiment.linear.v1")
    ap.add_argument("--split", choices=("dev", "test"), default="dev",
                    help="CX corpus split (test: final figures only, never for a choice)")
    ap.add_argument("--out", type=Path, default=None,
                    help="default benchmarks/results/profiles[_test].json")
    args = ap.parse_args()
    from cxtext.pipeline.models import _SENTIMENT_CACHE

    models = {"accurate": load_model(args.accurate), "fast": load_model(args.fast)}
    # the profiles run these models (a candidate folder can be measured before it ships)
    _SENTIMENT_CACHE.update({"sentiment.e5.v1": models["accurate"],
                             "sentiment.linear.v1": models["fast"]})
    cfg = load_config(CONFIG)
    public = [e for e in cfg.datasets if e.relative_to != "config"]
    dev_rows = read_cx(args.split)
    if args.out is None:
        args.out = ROOT / "benchmarks" / "results" / (
            "profiles.json" if args.split == "dev" else "profiles_test.json")
    result: dict[str, Any] = {"command": " ".join(["python", *sys.argv]),
                              "machine": {"python": platform.python_version(),
                                          "cpus": os.cpu_count(),
                                          "platform": platform.platform()},
                              "models": {"accurate": args.accurate, "fast": args.fast},
                              "cx_split": args.split,
                              "profiles": {}}
    for profile, model in models.items():
        print(f"[{profile}]", file=sys.stderr, flush=True)
        r: dict[str, Any] = {"cx_dev": cx_scores(profile, model, dev_rows)}
        for e in public:
            df = load_dataset(e.spec("dev"), root=args.data_dir)
            labels = ["negative", "neutral", "positive"] if e.name == "airline_tweets" else None
            r[e.name] = model_scores(model, df["text"].tolist(), df["label"].tolist(), labels)
        r["semeval2014_restaurant_category_polarity"] = semeval(args.data_dir, profile, model)
        r["speed"] = speed(profile, [x["text"] for x in dev_rows])
        r["first_call_s"] = first_call(profile)
        result["profiles"][profile] = r
        print(json.dumps(r, indent=1)[:3000], file=sys.stderr, flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(markdown(result))
    print(f"wrote {args.out}")


def markdown(result: dict[str, Any]) -> str:
    p = result["profiles"]
    cx = f"CX {result.get('cx_split', 'dev')}"
    rows = [(f"{cx}, pipeline accuracy", lambda r: r["cx_dev"]["pipeline"]["all"]["accuracy"]),
            (f"{cx}, pipeline macro-F1", lambda r: r["cx_dev"]["pipeline"]["all"]["macro_f1"]),
            (f"{cx} PL", lambda r: r["cx_dev"]["pipeline"]["lang=pl"]["accuracy"]),
            (f"{cx} EN", lambda r: r["cx_dev"]["pipeline"]["lang=en"]["accuracy"])]
    pats = sorted(k for k in p["accurate"]["cx_dev"]["pipeline"] if k.startswith("pattern="))
    rows += [(f"{cx} {k[8:]} (n={p['accurate']['cx_dev']['pipeline'][k]['n']})",
              lambda r, k=k: r["cx_dev"]["pipeline"][k]["accuracy"]) for k in pats]
    rows += [(f"{cx}, bare model accuracy / ECE",
              lambda r: f"{r['cx_dev']['model']['accuracy']} / {r['cx_dev']['model']['ece']}")]
    for name in ("polemo2_medicine", "polemo2_hotels", "airline_tweets"):
        rows.append((f"{name} dev accuracy / ECE",
                     lambda r, n=name: f"{r[n]['accuracy']} / {r[n]['ece']}"))
    rows += [("SemEval-2014 restaurant category polarity (through the topics)",
              lambda r: r["semeval2014_restaurant_category_polarity"]["accuracy"]),
             ("SemEval-2014 restaurant category polarity (gold categories given)",
              lambda r: "-" if (a := r["semeval2014_restaurant_category_polarity"].get(
                  "gold_categories_accuracy")) is None else a),
             (f"classify, answers/s ({cx} answers)", lambda r: r["speed"]["classify_per_s"]),
             ("model only, answers/s", lambda r: r["speed"]["model_per_s"]),
             ("first call (fresh process), s", lambda r: r["first_call_s"])]
    out = ["| | accurate | fast |", "| --- | ---: | ---: |"]
    for label, get in rows:
        out.append(f"| {label} | {get(p['accurate'])} | {get(p['fast'])} |")
    return "\n".join(out)


if __name__ == "__main__":
    main()
