"""Aspect-sentiment data from ``../shared/data``: one place for the splits the benchmarks use,
and the training files of the accurate profile's aspect task.

    python benchmarks/absa.py --data-dir ../shared/data --out build/absa

writes (UTF-8 CSV, columns ``text,label,source,lang`` and, for pairs, ``aspect``):

* ``sentences.csv``: sentence-level labels of review sentences (SemEval-2014 restaurants and
  laptops, SemEval-2016 restaurants and laptops), derived from their opinions as the
  SemEval-2016 ``SOURCE.md`` derives its ``label``: one polarity (neutral allowed beside it)
  -> that polarity, positive and negative (or ``conflict``) -> ``mixed``, only neutral ->
  ``neutral``; sentences with no opinion are left out;
* ``pairs.csv``: one row per (sentence, aspect): the aspect is a category in words
  (``food``, ``food quality``) or an opinion target (``battery life``, ``obsługa``), the label
  that aspect's polarity (``conflict`` -> ``mixed``). Sources: SemEval-2014 restaurants
  (categories and terms) and laptops (terms), SemEval-2016 (categories and targets), MAMS-ACSA
  (categories), PolEmo 2.0 hotel triplets (Polish aspect terms).

Only train splits are written. The evaluation splits stay out, text by text: SemEval-2014
sentences with ``sha256(sentence id) % 100 >= 85`` (the dev split of ``benchmarks/topics.py``
and ``benchmarks/profiles.py``), and any SemEval-2016 or MAMS sentence whose text (case- and
space-insensitive) is one of them; PolEmo dev/test and every ``dev.csv`` are never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cxtext.aspects import combine_labels  # noqa: E402
from cxtext.datasets import detokenize_polemo  # noqa: E402

DEV_PERCENT = 85  # SemEval-2014: sha256(sentence id) % 100 >= 85 is dev


def semeval14_split(sentence_id: str) -> str:
    return "dev" if int(hashlib.sha256(sentence_id.encode()).hexdigest(), 16) % 100 \
        >= DEV_PERCENT else "train"


def semeval14(data_dir: Path, domain: str) -> list[dict[str, Any]]:
    """Sentences of ``Restaurants_Train_v2.xml``/``Laptop_Train_v2.xml``: ``id``, ``split``,
    ``text``, ``categories`` [(category, polarity)], ``terms`` [(term, polarity)]."""
    name = {"restaurants": "Restaurants_Train_v2.xml", "laptops": "Laptop_Train_v2.xml"}[domain]
    root = ET.parse(data_dir / "semeval2014_absa" / name).getroot()
    out = []
    for s in root.iter("sentence"):
        sid = s.get("id", "")
        out.append({
            "id": sid, "split": semeval14_split(sid),
            "text": (s.findtext("text") or "").strip(),
            "categories": [(c.get("category", ""), c.get("polarity", ""))
                           for c in s.iter("aspectCategory")],
            "terms": [(t.get("term", ""), t.get("polarity", "")) for t in s.iter("aspectTerm")],
        })
    return out


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def sentence_label(polarities: Iterable[str]) -> str | None:
    """A sentence's label from its opinions (as cxtext combines a topic's clauses)."""
    return combine_labels(["mixed" if p == "conflict" else p for p in polarities])


def _pair_label(polarity: str) -> str | None:
    p = "mixed" if polarity == "conflict" else polarity
    return p if p in ("negative", "neutral", "positive", "mixed") else None


def category_words(category: str) -> str:
    """``FOOD#STYLE_OPTIONS`` -> ``food style options``; ``anecdotes/miscellaneous`` ->
    ``miscellaneous``; ``RESTAURANT#GENERAL`` -> ``restaurant``."""
    c = category.split("/")[-1].lower().replace("#", " ").replace("_", " ")
    words = [w for w in c.split() if w not in ("general", "miscellaneous")] or ["general"]
    return " ".join(words)


def build(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    sentences: list[dict[str, str]] = []
    pairs: list[dict[str, str]] = []
    held_out: set[str] = set()
    counts: Counter[str] = Counter()

    for domain in ("restaurants", "laptops"):
        for s in semeval14(data_dir, domain):
            if s["split"] == "dev":
                held_out.add(_key(s["text"]))
                continue
            pols = [p for _, p in s["categories"]] + [p for _, p in s["terms"]]
            label = sentence_label(pols)
            if label:
                sentences.append({"text": s["text"], "label": label,
                                  "source": f"semeval2014_{domain}"})
            for cat, pol in s["categories"]:
                if (lb := _pair_label(pol)):
                    pairs.append({"aspect": category_words(cat), "text": s["text"], "label": lb,
                                  "source": f"semeval2014_{domain}_category"})
            for term, pol in s["terms"]:
                if (lb := _pair_label(pol)) and term:
                    pairs.append({"aspect": term, "text": s["text"], "label": lb,
                                  "source": f"semeval2014_{domain}_term"})

    s16 = pd.read_csv(data_dir / "semeval2016_absa_en" / "train.csv")
    for row in s16.itertuples(index=False):
        if int(row.in_semeval2014_train) or _key(str(row.text)) in held_out:
            counts["semeval2016 skipped (also in SemEval-2014)"] += 1
            continue
        opinions = json.loads(row.opinions) if isinstance(row.opinions, str) else []
        label = sentence_label(o.get("polarity", "") for o in opinions)
        if label:
            sentences.append({"text": str(row.text), "label": label,
                              "source": f"semeval2016_{row.domain}"})
        seen: set[tuple[str, str]] = set()
        for o in opinions:
            lb = _pair_label(o.get("polarity", ""))
            target = str(o.get("target") or "")
            aspect = target if target and target != "NULL" else category_words(o["category"])
            if lb and (aspect, lb) not in seen:
                seen.add((aspect, lb))
                pairs.append({"aspect": aspect, "text": str(row.text), "label": lb,
                              "source": f"semeval2016_{row.domain}"})

    mams = pd.read_csv(data_dir / "mams_acsa_en" / "train.csv")
    for row in mams.itertuples(index=False):
        if _key(str(row.text)) in held_out:
            counts["mams skipped (a SemEval-2014 dev sentence)"] += 1
            continue
        if (lb := _pair_label(str(row.label))):
            pairs.append({"aspect": category_words(str(row.aspect_category)),
                          "text": str(row.text), "label": lb, "source": "mams_acsa"})

    hotels = pd.read_csv(data_dir / "polemo2_hotels_sentences" / "train.csv")
    for row in hotels.itertuples(index=False):
        trip = json.loads(row.triplets) if isinstance(row.triplets, str) else []
        text = detokenize_polemo(str(row.text))
        seen = set()
        for t in trip:
            lb = _pair_label(str(t.get("polarity", "")))
            aspect = str(t.get("aspect", "")).strip()
            if lb and aspect and (aspect.lower(), lb) not in seen:
                seen.add((aspect.lower(), lb))
                pairs.append({"aspect": aspect, "text": text, "label": lb,
                              "source": "polemo2_hotels_triplets"})

    for row in (*sentences, *pairs):
        row["lang"] = "pl" if row["source"].startswith("polemo") else "en"
    sdf = pd.DataFrame(sentences).drop_duplicates(["text"])
    pdf = pd.DataFrame(pairs).drop_duplicates(["aspect", "text"])
    # a train sentence id can carry the same text as a dev one (repeated short sentences):
    # the text is held out
    for name, df in (("sentences", sdf), ("pairs", pdf)):
        dup = df["text"].map(_key).isin(held_out)
        counts[f"{name} dropped (text of a dev sentence)"] = int(dup.sum())
    sdf = sdf[~sdf["text"].map(_key).isin(held_out)].reset_index(drop=True)
    pdf = pdf[~pdf["text"].map(_key).isin(held_out)].reset_index(drop=True)
    report = {
        "sentences": {"rows": len(sdf), "by_source": sdf["source"].value_counts().to_dict(),
                      "labels": sdf["label"].value_counts().to_dict()},
        "pairs": {"rows": len(pdf), "by_source": pdf["source"].value_counts().to_dict(),
                  "labels": pdf["label"].value_counts().to_dict()},
        "held_out_sentences": len(held_out), **counts,
    }
    return sdf, pdf, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "absa")
    args = ap.parse_args()
    sdf, pdf, report = build(args.data_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    sdf.to_csv(args.out / "sentences.csv", index=False)
    pdf.to_csv(args.out / "pairs.csv", index=False)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
