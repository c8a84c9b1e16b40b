"""Topic assignment on every labelled topic/aspect dataset present: per-topic P/R/F1, micro/macro.

    python benchmarks/topics.py --data-dir ../shared/data [--no-embedding]
        [--out benchmarks/results/topics.json]

Datasets and how their labels map to taxonomy codes (``cx_default``); the mapping was fixed
before any model was run and is the closest retail-CX meaning, not a tuned choice:

* ``airline_tweets`` (EN; negative tweets with a ``negativereason``): Customer Service Issue
  -> ``service``; Flight Attendant Complaints -> ``service.staff``; Late Flight ->
  ``delivery.speed``; Lost Luggage -> ``delivery``; Damaged Luggage -> ``delivery.packaging``;
  Bad Flight -> ``product.quality``; Flight Booking Problems -> ``digital``; longlines ->
  ``store.queues``. Cancelled Flight and Can't Tell have no retail counterpart: those tweets
  stay in the data with no gold topic (a prediction of a mapped topic there counts as a false
  positive). Train = ``train.csv``, evaluation = ``dev.csv``.
* ``semeval2014_absa`` restaurants (EN sentences, aspect categories): food -> ``product``,
  service -> ``service``, price -> ``price``, ambience -> ``store.look``;
  anecdotes/miscellaneous is not a topic. Dev = sentences with sha256(id) % 100 >= 85 (the
  rule in SOURCE.md), train = the rest.
* ``semeval2014_absa`` laptops (EN sentences with aspect terms, no categories) and
  ``polemo2_hotels_sentences`` (PL sentences with aspect-opinion triplets): no categories, so
  no label mapping: we report how many gold aspect spans a topic's evidence overlaps
  (aspect *coverage*) and, on those, whether the topic's sentiment equals the triplet polarity
  (aspect-sentiment accuracy). Rules are not trained, so they are scored on train+dev; dev
  alone is also reported.

Systems: ``rules`` = ``topics.rules.v1`` (no training data at all); ``classifier.linear`` /
``classifier.embedding`` = ``topics.classifier.v1`` trained on the dataset's train split with
mapped labels; ``classifier.weak`` = the linear classifier trained by ``fit_weak`` on the
train texts *without* their labels (rules as weak supervision). Metrics from
``cxtext.topics.evaluate.topic_metrics`` (hierarchy-closed label sets); only the dataset's
mapped codes are scored. Speed: answers/s of ``RuleTopics.assign`` on the example survey.
Results go to stdout (markdown), ``--out`` (JSON) and the same path with ``.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from absa import semeval14  # noqa: E402
from pack_overlap import read_rows  # noqa: E402

from cxtext.datasets import strip_mentions
from cxtext.io import read_survey
from cxtext.pipeline import classify
from cxtext.topics import RuleTopics, TopicClassifier
from cxtext.topics.evaluate import close_under_parents, topic_metrics

ROOT = Path(__file__).resolve().parents[1]
#: Context checks per taxonomy (``cxtext train context ... --out build/topics-context/<pack>``,
#: see the README); rows with the check are skipped for a taxonomy without one.
CONTEXT_DIR = ROOT / "build" / "topics-context"
#: The shipped attention reader (``cxtext train attention``, see the model card).
ATTENTION_DIR = ROOT / "models" / "topics-attention-v1"
#: Writers of the tuning sets whose answers choose the reader's thresholds
#: (``--attention-dev``); the pack terms were tuned on the others and on the dev sets.
ATTENTION_DEV_WRITERS = ("w8", "w9", "w10", "w11", "w12", "w13", "w14")

AIRLINE_MAP = {
    "Customer Service Issue": "service",
    "Flight Attendant Complaints": "service.staff",
    "Late Flight": "delivery.speed",
    "Lost Luggage": "delivery",
    "Damaged Luggage": "delivery.packaging",
    "Bad Flight": "product.quality",
    "Flight Booking Problems": "digital",
    "longlines": "store.queues",
    "Cancelled Flight": None,
    "Can't Tell": None,
}
SEMEVAL_MAP = {"food": "product", "service": "service", "price": "price",
               "ambience": "store.look", "anecdotes/miscellaneous": None}
# The same labels on the industry pack an analyst of that industry would pick (mappings
# written from the packs' topic lists before any pack was run on these sets).
AIRLINE_TRAVEL_MAP = {
    "Customer Service Issue": "service",
    "Flight Attendant Complaints": "service.crew",
    "Late Flight": "punctuality.delays",
    "Lost Luggage": "baggage.handling",
    "Damaged Luggage": "baggage.handling",
    "Bad Flight": "onboard",
    "Flight Booking Problems": "booking",
    "longlines": "departure",
    "Cancelled Flight": "punctuality.cancellations",
    "Can't Tell": None,
}
SEMEVAL_HOSPITALITY_MAP = {"food": "dining", "service": "service", "price": "price",
                           "ambience": "stay.atmosphere", "anecdotes/miscellaneous": None}


def label_space(mapping: dict[str, str | None]) -> list[str]:
    return sorted(close_under_parents(v for v in mapping.values() if v))


def load_airline(data_dir: Path, mapping: dict[str, str | None] = AIRLINE_MAP,
                 ) -> dict[str, Any]:
    out = {}
    for split in ("train", "dev"):
        df = pd.read_csv(data_dir / "airline_tweets" / f"{split}.csv")
        df = df[(df["airline_sentiment"] == "negative") & df["negativereason"].isin(mapping)]
        out[split] = (
            [strip_mentions(t) for t in df["text"].astype(str)],
            [[mapping[r]] if mapping[r] else [] for r in df["negativereason"]],
        )
    return {"name": "airline_tweets (EN, negative tweets)", "lang": "en",
            "labels": label_space(mapping), **out}


def load_semeval(data_dir: Path, mapping: dict[str, str | None] = SEMEVAL_MAP,
                 ) -> dict[str, Any]:
    SEMEVAL_MAP = mapping  # noqa: N806
    rows: dict[str, list[Any]] = {"train": [], "dev": []}
    for s in semeval14(data_dir, "restaurants"):
        rows[s["split"]].append((s["text"], s["categories"]))
    out = {}
    for split, items in rows.items():
        out[split] = ([t for t, _ in items],
                      [[SEMEVAL_MAP[c] for c, _ in cats if SEMEVAL_MAP.get(c)]
                       for _, cats in items])
        out[f"{split}_polarity"] = [
            {SEMEVAL_MAP[c]: p for c, p in cats if SEMEVAL_MAP.get(c)} for _, cats in items]
    return {"name": "semeval2014_absa restaurants (EN sentences)", "lang": "en",
            "labels": label_space(mapping), **out}


def run_industry(data_dir: Path) -> list[dict[str, Any]]:
    """The two public sets scored with the pack of their industry (travel for airline
    complaints, hospitality for restaurant reviews): rules, rules with the context check, rules
    with the attention reader; dev splits, no training labels."""
    from cxtext.topics.evaluate import topic_metrics as metrics_of

    rows = []
    for loader, mapping, pack in ((load_airline, AIRLINE_TRAVEL_MAP, "travel"),
                                  (load_semeval, SEMEVAL_HOSPITALITY_MAP, "hospitality")):
        ds = loader(data_dir, mapping)
        X, y = ds["dev"]
        for context, reader in ((False, False), (True, False), (False, True)):
            if context and not (CONTEXT_DIR / pack / "config.json").exists():
                continue
            if reader and not (ATTENTION_DIR / "config.json").exists():
                continue
            model = RuleTopics(taxonomy=pack,
                               context=str(CONTEXT_DIR / pack) if context else None,
                               check=str(ATTENTION_DIR) if reader else None).fit()
            t0 = time.perf_counter()
            pred = codes_of(model.assign(X, langs=[ds["lang"]] * len(X)))
            m = metrics_of(y, pred, ds["labels"])
            rows.append({"dataset": ds["name"], "taxonomy": pack, "context_check": context,
                         "reader": reader, "n_dev": len(X),
                         "answers_per_s": round(len(X) / (time.perf_counter() - t0)), **m})
            print(f"  {pack} context={context} reader={reader}: micro P/R/F1 "
                  f"{m['micro']['precision']:.3f} / {m['micro']['recall']:.3f} / "
                  f"{m['micro']['f1']:.3f}", file=sys.stderr)
    return rows


def codes_of(matches: list[list[Any]]) -> list[list[str]]:
    return [[m.code for m in ms] for ms in matches]


def run_topic_dataset(ds: dict[str, Any], systems: list[str]) -> list[dict[str, Any]]:
    X_tr, y_tr = ds["train"]
    X_dev, y_dev = ds["dev"]
    langs_tr, langs_dev = [ds["lang"]] * len(X_tr), [ds["lang"]] * len(X_dev)
    results = []
    for system in systems:
        t0 = time.perf_counter()
        if system == "rules":
            model: Any = RuleTopics().fit()
        elif system == "classifier.weak":
            model = TopicClassifier(taxonomy="cx_default").fit_weak(X_tr, langs=langs_tr)
        else:
            feats = system.split(".")[1]
            model = TopicClassifier(features=feats, taxonomy="cx_default").fit(
                X_tr, y_tr, langs=langs_tr)
        fit_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        pred = codes_of(model.assign(X_dev, langs=langs_dev))
        pred_s = time.perf_counter() - t0
        m = topic_metrics(y_dev, pred, ds["labels"])
        results.append({"dataset": ds["name"], "system": system, "n_train": len(X_tr)
                        if system != "rules" else 0, "n_dev": len(X_dev),
                        "fit_s": round(fit_s, 1), "answers_per_s": round(len(X_dev) / pred_s),
                        **m})
        print(f"  {system:22s} micro-F1 {m['micro']['f1']:.3f} macro-F1 {m['macro']['f1']:.3f}"
              f" ({fit_s:.0f}s fit)", file=sys.stderr, flush=True)
    return results


def semeval_aspect_sentiment(ds: dict[str, Any]) -> dict[str, Any]:
    """Rules + shipped sentiment on semeval dev: for each gold (sentence, mapped category)
    whose topic the rules find, is the topic's sentiment the gold polarity?"""
    texts, pol = ds["dev"][0], ds["dev_polarity"]
    recs = classify(texts, lang="en")
    total = hit = found = 0
    for rec, gold in zip(recs, pol, strict=True):
        topics = {}
        for t in rec.get("topics", []):
            for code in close_under_parents([t["code"]]):
                topics.setdefault(code, t["sentiment"])
        for code, p in gold.items():
            total += 1
            if code in topics:
                found += 1
                want = "mixed" if p == "conflict" else p
                hit += topics[code] == want
    return {"gold_aspects": total, "topic_found": found,
            "sentiment_accuracy": round(hit / found, 4) if found else None}


def aspect_coverage(texts: list[str], gold: list[list[tuple[str, str]]], lang: str,
                    ) -> dict[str, Any]:
    """Share of gold aspect spans (term, polarity) overlapped by a topic's evidence, and on
    those, agreement of the topic's sentiment with the gold polarity (conflict -> mixed)."""
    recs = classify(texts, lang=lang)
    total = covered = sent_hit = 0
    for rec, items in zip(recs, gold, strict=True):
        spans = [(e["start"], e["end"], t) for t in rec.get("topics", []) for e in t["evidence"]]
        low = rec["text"].lower()
        for term, polarity in items:
            total += 1
            a = low.find(term.lower())
            if a < 0:
                continue
            b = a + len(term)
            hits = [t for s, e, t in spans if s < b and a < e]
            if hits:
                covered += 1
                want = "mixed" if polarity == "conflict" else polarity
                sent_hit += hits[0]["sentiment"] == want
    return {"sentences": len(texts), "gold_aspects": total,
            "aspect_coverage": round(covered / total, 4) if total else None,
            "sentiment_accuracy_on_covered": round(sent_hit / covered, 4) if covered else None}


def semeval_laptop_aspects(data_dir: Path) -> dict[str, Any]:
    """Laptop sentences have aspect terms but no categories: coverage only (dev rule of
    SOURCE.md; rules are untrained, so train+dev is reported too)."""
    rows: dict[str, list[Any]] = {"dev": [], "train+dev": []}
    for s in semeval14(data_dir, "laptops"):
        if not s["terms"]:
            continue
        item = (s["text"], s["terms"])
        rows["train+dev"].append(item)
        if s["split"] == "dev":
            rows["dev"].append(item)
    return {k: aspect_coverage([t for t, _ in v], [g for _, g in v], "en")
            for k, v in rows.items()}


def polemo_aspects(data_dir: Path) -> dict[str, Any]:
    from cxtext.datasets import detokenize_polemo

    frames = {s: pd.read_csv(data_dir / "polemo2_hotels_sentences" / f"{s}.csv")
              for s in ("train", "dev")}
    out = {}
    for name, df in (("dev", frames["dev"]),
                     ("train+dev", pd.concat([frames["train"], frames["dev"]]))):
        df = df[df["triplets"].astype(str).str.len() > 2]
        texts = [detokenize_polemo(t) for t in df["text"].astype(str)]
        gold = [[(str(tr["aspect"]), str(tr["polarity"])) for tr in json.loads(trip)]
                for trip in df["triplets"]]
        out[name] = aspect_coverage(texts, gold, "pl")
    return out


def rules_speed() -> dict[str, Any]:
    survey = read_survey(ROOT / "examples" / "nps_survey.csv")
    texts = [t for t in survey.responses["text_raw"].astype(str) if t.strip()]
    model = RuleTopics().fit()
    model.assign(texts)  # warm-up: lemma dictionaries of both languages load on first use
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        model.assign(texts)
        best = min(best, time.perf_counter() - t0)
    return {"texts": len(texts), "answers_per_s": round(len(texts) / best),
            "note": "RuleTopics.assign incl. clean-up, language ID, tokenisation; best of 3"}


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| dataset | system | n dev | micro-P | micro-R | micro-F1 | macro-F1 | answers/s |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['dataset']} | {r['system']} | {r['n_dev']} | "
                     f"{r['micro']['precision']:.3f} | {r['micro']['recall']:.3f} | "
                     f"{r['micro']['f1']:.3f} | {r['macro']['f1']:.3f} | {r['answers_per_s']} |")
    lines.append("")
    lines.append("Per topic (F1 / support):")
    lines.append("")
    for r in results:
        cells = ", ".join(f"{k} {v['f1']:.2f}/{v['support']}" for k, v in r["per_topic"].items())
        lines.append(f"- {r['dataset']} · {r['system']}: {cells}")
    return "\n".join(lines)


PACK_DATA = ROOT / "benchmarks" / "data" / "topics"


def pack_sets(folder: Path = PACK_DATA) -> dict[str, list[dict[str, Any]]]:
    """The industry packs' evaluation sets (``benchmarks/data/topics/<pack>.jsonl``), or
    their development sets (``folder`` = ``benchmarks/data/topics/dev``)."""
    return {p.stem: read_rows(p) for p in sorted(folder.glob("*.jsonl"))}


def run_packs(folder: Path = PACK_DATA) -> list[dict[str, Any]]:
    """Each pack's rules on its own set (written by people who never saw its terms), against
    ``cx_default`` on the same answers: micro P/R/F1 over the pack's codes (hierarchy-closed),
    by language, and coverage (answers with a topic)."""
    from cxtext.topics.taxonomy import load_taxonomy

    out = []
    for pack, rows in pack_sets(folder).items():
        labels = [t.code for t in load_taxonomy(pack)]
        texts, gold = [r["text"] for r in rows], [r["topics"] for r in rows]
        for system, context, reader in ((pack, False, False), (pack, True, False),
                                        (pack, False, True), ("cx_default", False, False)):
            if context and not (CONTEXT_DIR / system / "config.json").exists():
                continue
            if reader and not (ATTENTION_DIR / "config.json").exists():
                continue
            model = RuleTopics(taxonomy=system,
                               context=str(CONTEXT_DIR / system) if context else None,
                               check=str(ATTENTION_DIR) if reader else None).fit()
            recs = classify(texts, topics=model, sentiment=None)
            pred = [[t["code"] for t in rec["topics"]] for rec in recs]
            row: dict[str, Any] = {"pack": pack, "taxonomy": system, "context_check": context,
                                   "reader": reader, "n": len(rows),
                                   "coverage": round(sum(bool(p) for p in pred) / len(pred), 4)}
            for lang in (None, "pl", "en"):
                idx = [i for i, r in enumerate(rows) if lang is None or r["lang"] == lang]
                m = topic_metrics([gold[i] for i in idx], [pred[i] for i in idx], labels)
                key = lang or "all"
                row[key] = {"n": len(idx), **{k: round(m["micro"][k], 4)
                                              for k in ("precision", "recall", "f1")}}
            m = topic_metrics(gold, pred, labels)
            row["per_topic"] = m["per_topic"]
            out.append(row)
            print(f"  {pack:12s} {system:12s} context={context!s:5s} reader={reader!s:5s} "
                  f"micro P/R/F1 {row['all']['precision']:.3f}/{row['all']['recall']:.3f}/"
                  f"{row['all']['f1']:.3f} "
                  f"(PL {row['pl']['f1']:.3f}, EN {row['en']['f1']:.3f}) coverage "
                  f"{row['coverage']:.2f}", file=sys.stderr, flush=True)
    return out


def run_agreement(folder: Path = PACK_DATA) -> list[dict[str, Any]]:
    """Agreement of two annotators on the topics of the same answers: the first writer's
    labels (``train/<pack>.jsonl``) against a second annotator's (``agreement/<pack>.jsonl``,
    labelled blind from the texts and the topic list), micro P/R/F1 over the pack's codes,
    hierarchy-closed, the first writer as reference - the ceiling a model can be held to."""
    from cxtext.topics.taxonomy import load_taxonomy

    out = []
    for path in sorted((folder / "agreement").glob("*.jsonl")):
        pack = path.stem
        second = {r["id"]: r["topics"] for r in pack_sets(folder / "agreement")[pack]}
        rows = [r for r in pack_sets(folder / "train")[pack] if r["id"] in second]
        labels = [t.code for t in load_taxonomy(pack)]
        row: dict[str, Any] = {"pack": pack, "n": len(rows)}
        for lang in (None, "pl", "en"):
            sub = [r for r in rows if lang is None or r["lang"] == lang]
            m = topic_metrics([r["topics"] for r in sub], [second[r["id"]] for r in sub],
                              labels)["micro"]
            row[lang or "all"] = {k: round(m[k], 4) for k in ("precision", "recall", "f1")}
        out.append(row)
        print(f"  {pack:12s} n={len(rows)} micro F1 {row['all']['f1']:.3f} "
              f"(PL {row['pl']['f1']:.3f}, EN {row['en']['f1']:.3f})", file=sys.stderr)
    return out


def run_attention_dev(folder: Path = PACK_DATA, *, tune_layers: int = 4, epochs: int = 12,
                      writers: Sequence[str] | None = None,
                      reader_dir: Path | None = None) -> dict[str, Any]:
    """How the reader's settings were chosen: a reader trained on the tuning answers of the
    other writers (``writers``: only these; the thresholds were chosen with w1-w7 and
    w15-w22) and the dev sets, scored with the rules on the answers of writers w8-w14 (which
    neither the terms nor this reader saw) over a grid of (veto_below, add_above); per pack
    micro P/R/F1 for the rules alone and for each grid point. ``reader_dir``: the reader is
    saved there, or loaded from there when it already holds one (to re-score the grid without
    training again)."""
    from cxtext.features import as_prepared
    from cxtext.topics.attention import AttentionCheck
    from cxtext.topics.taxonomy import load_taxonomy

    def writer(row: dict[str, Any]) -> str:
        return str(row["id"]).split("-")[2]

    train_sets, dev_sets = pack_sets(folder / "train"), pack_sets(folder / "dev")
    codes = {p: list(load_taxonomy(p).codes) for p in train_sets}
    fit_rows = [(p, r) for p, rows in train_sets.items() for r in rows
                if writer(r) not in ATTENTION_DEV_WRITERS
                and (writers is None or writer(r) in writers)]
    fit_rows += [(p, r) for p, rows in dev_sets.items() for r in rows]
    t0 = time.perf_counter()
    loaded = reader_dir is not None and (reader_dir / "config.json").exists()
    if loaded:
        check = AttentionCheck.load(reader_dir)
        if (check.n_examples_, check.tune_layers, check.epochs) != (len(fit_rows), tune_layers,
                                                                     epochs):
            raise SystemExit(f"{reader_dir} holds a reader of {check.n_examples_} answers, "
                             f"{check.tune_layers} tuned layers and {check.epochs} epochs, not "
                             f"{len(fit_rows)}, {tune_layers} and {epochs}: pass another "
                             "--reader folder")
    else:
        check = AttentionCheck(tune_layers=tune_layers, epochs=epochs).fit(
            [r["text"] for _, r in fit_rows], [r["topics"] for _, r in fit_rows],
            codes=[codes[p] for p, _ in fit_rows])
        if reader_dir is not None:
            check.save(reader_dir)
    fit_s = None if loaded else time.perf_counter() - t0
    grid = [(lo, hi) for lo in (0.0, 0.01, 0.02, 0.05, 0.1)
            for hi in (0.6, 0.7, 0.8, 0.9, 0.95, 1.1)]
    scores: dict[str, dict[str, Any]] = {}
    for pack, rows in train_sets.items():
        sub = [r for r in rows if writer(r) in ATTENTION_DEV_WRITERS]
        rules = RuleTopics(taxonomy=pack).fit()
        batch = as_prepared([r["text"] for r in sub], langs=[r["lang"] for r in sub],
                            what="Topic models")
        found = rules.assign(batch)
        gold = [r["topics"] for r in sub]
        runs = {"rules": found}
        read = check.read(batch.texts)
        for lo, hi in grid:
            check.set_params(veto_below=lo, add_above=hi)
            runs[f"{lo}/{hi}"] = check.check(batch, found, codes=codes[pack],
                                             parent_of=rules.taxonomy_.parent_of, read=read)
        for key, pred in runs.items():
            for lang in ("all", "pl", "en"):
                idx = [i for i, r in enumerate(sub) if lang == "all" or r["lang"] == lang]
                m = topic_metrics([gold[i] for i in idx], [[x.code for x in pred[i]]
                                                           for i in idx], codes[pack])["micro"]
                scores.setdefault(key, {}).setdefault(pack, {})[lang] = {
                    k: round(m[k], 4) for k in ("precision", "recall", "f1")}
    mean = {k: round(float(np.mean([v[p]["all"]["f1"] for p in v])), 4)
            for k, v in scores.items()}
    best = max((k for k in mean if k != "rules"), key=lambda k: mean[k])
    fit = f"fit {fit_s:.0f} s" if fit_s is not None else f"loaded from {reader_dir}"
    print(f"  rules {mean['rules']:.3f}; best {best} {mean[best]:.3f} ({fit} on "
          f"{len(fit_rows)} answers)", file=sys.stderr)
    return {"train_answers": len(fit_rows), "dev_writers": list(ATTENTION_DEV_WRITERS),
            "tune_layers": tune_layers, "epochs": epochs,
            "train_writers": sorted({writer(r) for _, r in fit_rows if "-trn-" in str(r["id"])}),
            "fit_seconds": None if fit_s is None else round(fit_s, 1), "mean_f1": mean,
            "best": best, "scores": scores}


def packs_markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| pack | taxonomy | context check | reader | n | micro P / R / F1 | F1 PL | F1 EN "
             "| coverage |", "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        a = r["all"]
        lines.append(f"| {r['pack']} | {r['taxonomy']} | {'yes' if r['context_check'] else 'no'}"
                     f" | {'yes' if r.get('reader') else 'no'}"
                     f" | {r['n']} | {a['precision']:.3f} / "
                     f"{a['recall']:.3f} / {a['f1']:.3f} | {r['pl']['f1']:.3f} | "
                     f"{r['en']['f1']:.3f} | {r['coverage']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--no-embedding", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "topics.json")
    ap.add_argument("--aspects-only", action="store_true",
                    help="re-run only the aspect and speed measurements (no classifier "
                    "training) and update them in an existing --out")
    ap.add_argument("--packs-only", action="store_true",
                    help="score only the industry packs on their sets (benchmarks/data/topics)"
                    " and write benchmarks/results/topic_packs.json")
    ap.add_argument("--packs-dev", action="store_true",
                    help="score the industry packs on their development sets "
                    "(benchmarks/data/topics/dev, the sets their terms were tuned on) and "
                    "write benchmarks/results/topic_packs_dev.json")
    ap.add_argument("--packs-tune", action="store_true",
                    help="score the industry packs on their tuning sets "
                    "(benchmarks/data/topics/train, also used to tune the terms) and "
                    "write benchmarks/results/topic_packs_tune.json")
    ap.add_argument("--agreement", action="store_true",
                    help="agreement of two annotators on the pack tuning sets "
                    "(benchmarks/data/topics/agreement) -> topic_agreement.json")
    ap.add_argument("--attention-dev", action="store_true",
                    help="choose the attention reader's thresholds: train it without the "
                    "tuning answers of writers w8-w14, score rules + reader on them -> "
                    "topic_attention_dev.json")
    ap.add_argument("--tune-layers", type=int, default=4,
                    help="with --attention-dev: encoder layers the reader fine-tunes")
    ap.add_argument("--writers", default="",
                    help="with --attention-dev: train only on these tuning writers "
                    "(comma-separated, e.g. w1,w2,...,w7 for the first round; default: all "
                    "but w8-w14) -> topic_attention_dev_<layers>l_<n>w.json")
    ap.add_argument("--epochs", type=int, default=12,
                    help="with --attention-dev: training epochs of the reader")
    ap.add_argument("--reader", type=Path, default=None,
                    help="with --attention-dev: save the trained reader to this folder, or "
                    "score the reader already saved there instead of training one")
    ap.add_argument("--industry-only", action="store_true",
                    help="score the airline and SemEval dev sets with the travel and "
                    "hospitality packs (rules, with the context check, with the attention "
                    "reader) and write "
                    "benchmarks/results/topics_industry.json")
    args = ap.parse_args()
    if args.attention_dev:
        writers = [w for w in args.writers.split(",") if w] or None
        payload = run_attention_dev(tune_layers=args.tune_layers, epochs=args.epochs,
                                    writers=writers, reader_dir=args.reader)
        default = args.tune_layers == 4 and writers is None and args.epochs == 12
        name = "topic_attention_dev" + ("" if default else
                                        f"_{args.tune_layers}l_{len(writers or [])}w"
                                        + ("" if args.epochs == 12 else f"_{args.epochs}e"))
        path = ROOT / "benchmarks" / "results" / f"{name}.json"
        command = " ".join(["python benchmarks/topics.py --data-dir ../shared/data "
                            "--attention-dev"] + ([] if args.tune_layers == 4 else
                                                  [f"--tune-layers {args.tune_layers}"])
                           + ([] if args.epochs == 12 else [f"--epochs {args.epochs}"])
                           + ([f"--writers {args.writers}"] if writers else []))
        path.write_text(json.dumps({"command": command, **payload},
                                   indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if args.agreement:
        rows = run_agreement()
        path = ROOT / "benchmarks" / "results" / "topic_agreement.json"
        path.write_text(json.dumps({"command": "python benchmarks/topics.py --data-dir "
                                    "../shared/data --agreement", "results": rows},
                                   indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if args.industry_only:
        rows = run_industry(args.data_dir)
        path = ROOT / "benchmarks" / "results" / "topics_industry.json"
        path.write_text(json.dumps({"command": "python benchmarks/topics.py --data-dir "
                                    "../shared/data --industry-only", "results": rows},
                                   indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        for r in rows:
            print(f"| {r['dataset']} | {r['taxonomy']} | {r['context_check']} | {r['reader']} | "
                  f"{r['micro']['precision']:.3f} / {r['micro']['recall']:.3f} / "
                  f"{r['micro']['f1']:.3f} | {r['macro']['f1']:.3f} |")
        return
    if args.packs_only or args.packs_dev or args.packs_tune:
        flag, name, folder = (
            ("--packs-dev", "topic_packs_dev", PACK_DATA / "dev") if args.packs_dev else
            ("--packs-tune", "topic_packs_tune", PACK_DATA / "train") if args.packs_tune else
            ("--packs-only", "topic_packs", PACK_DATA))
        rows = run_packs(folder)
        table = packs_markdown(rows)
        print(table)
        path = ROOT / "benchmarks" / "results" / f"{name}.json"
        path.write_text(json.dumps({"command": "python benchmarks/topics.py --data-dir "
                                    f"../shared/data {flag}", "results": rows},
                                   indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        path.with_suffix(".md").write_text(table + "\n", encoding="utf-8")
        return
    if args.aspects_only:
        payload = json.loads(args.out.read_text(encoding="utf-8"))
        payload["aspects_and_speed"] = {
            "semeval_aspect_sentiment": semeval_aspect_sentiment(load_semeval(args.data_dir)),
            "semeval_laptop_aspects": semeval_laptop_aspects(args.data_dir),
            "polemo_hotels_aspects": polemo_aspects(args.data_dir),
            "rules_speed_example_survey": rules_speed(),
        }
        args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        md = args.out.with_suffix(".md")
        table = md.read_text(encoding="utf-8").split("\n```json")[0]
        md.write_text(table + "\n```json\n" + json.dumps(payload["aspects_and_speed"], indent=2)
                      + "\n```\n", encoding="utf-8")
        print(json.dumps(payload["aspects_and_speed"], indent=2))
        return
    systems = ["rules", "classifier.weak", "classifier.linear"]
    if not args.no_embedding:
        systems.append("classifier.embedding")
    results: list[dict[str, Any]] = []
    skipped = []
    extra: dict[str, Any] = {}
    for loader in (load_airline, load_semeval):
        try:
            ds = loader(args.data_dir)
        except FileNotFoundError as exc:
            skipped.append({"dataset": loader.__name__, "reason": str(exc)})
            continue
        print(ds["name"], file=sys.stderr)
        results += run_topic_dataset(ds, systems)
        if loader is load_semeval:
            extra["semeval_aspect_sentiment"] = semeval_aspect_sentiment(ds)
    try:
        extra["semeval_laptop_aspects"] = semeval_laptop_aspects(args.data_dir)
    except FileNotFoundError as exc:
        skipped.append({"dataset": "semeval2014_absa laptops", "reason": str(exc)})
    try:
        extra["polemo_hotels_aspects"] = polemo_aspects(args.data_dir)
    except FileNotFoundError as exc:
        skipped.append({"dataset": "polemo2_hotels_sentences", "reason": str(exc)})
    extra["rules_speed_example_survey"] = rules_speed()
    table = markdown(results)
    print(table)
    print(json.dumps(extra, indent=2))
    payload = {"results": results, "aspects_and_speed": extra, "skipped": skipped,
               "machine": {"python": platform.python_version(), "machine": platform.machine()},
               "command": "python benchmarks/topics.py --data-dir ../shared/data"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    args.out.with_suffix(".md").write_text(
        table + "\n\n```json\n" + json.dumps(extra, indent=2) + "\n```\n", encoding="utf-8")


if __name__ == "__main__":
    main()
