"""Tokenisation + lemmatisation + negation throughput (tokens/s) of cxtext.nlp.pipe.

    python benchmarks/nlp.py [--copies 20] [--out benchmarks/results/nlp.json]

Texts: the answers of examples/nps_survey.xlsx (pl/en, realistic lengths), repeated
``--copies`` times. Measured per lemmatizer backend (morfeusz2 only when installed),
with a cold lemma cache for each run.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import cxtext
from cxtext.nlp import get_nlp, lemmatize_word, lemmatizer_backend, pipe

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "nlp.json")
    args = ap.parse_args()
    survey = cxtext.analyze(ROOT / "examples" / "nps_survey.xlsx")
    r = survey.responses[~survey.responses["non_answer"]]
    r = r[r["lang"].isin(["pl", "en"])]
    texts = r["text"].tolist() * args.copies
    langs = r["lang"].tolist() * args.copies
    backends = ["simplemma"] + (["auto"] if lemmatizer_backend("pl") == "morfeusz2" else [])
    rows = []
    for backend in backends:
        for lang in ("pl", "en"):
            get_nlp(lang, lemmatizer=backend)
            lemmatize_word("warm-up", lang, backend)  # loads the lemma dictionaries
        lemmatize_word.cache_clear()
        t0 = time.perf_counter()
        docs = list(pipe(texts, langs, batch_size=args.batch_size, lemmatizer=backend))
        dt = time.perf_counter() - t0
        n_tok = sum(len(d) for d in docs)
        rows.append(
            {
                "lemmatizer": "morfeusz2+simplemma" if backend == "auto" else backend,
                "answers": len(texts),
                "tokens": n_tok,
                "seconds": round(dt, 3),
                "tokens_per_s": round(n_tok / dt),
                "answers_per_s": round(len(texts) / dt),
            }
        )
    header = (
        f"{'lemmatizer':<22}{'answers':>9}{'tokens':>10}{'s':>8}{'tokens/s':>11}{'answers/s':>11}"
    )
    print(header)
    for row in rows:
        print(
            f"{row['lemmatizer']:<22}{row['answers']:>9}{row['tokens']:>10}{row['seconds']:>8}"
            f"{row['tokens_per_s']:>11}{row['answers_per_s']:>11}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {"machine": platform.machine(), "python": platform.python_version(), "results": rows},
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
