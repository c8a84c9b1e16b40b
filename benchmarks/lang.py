"""Language-ID accuracy on hand-labelled short survey answers, against plain py3langid.

    python benchmarks/lang.py [--data benchmarks/data/lang_short_answers.csv]
                              [--out benchmarks/results/lang.json]

The labelled set (322 answers: pl 137, en 101, other 37, und 47) was written by a separate
helper session that never saw cxtext/lang.py, after the rules were written; see the
model notes in README.md.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

from cxtext.lang import _LANGID, LANGS, _detect, detect_language

HERE = Path(__file__).resolve().parent


def baseline(text: str) -> str:
    import py3langid

    lang = py3langid.classify(text)[0] if text.strip() else "und"
    return lang if lang in ("pl", "en", "und") else "other"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=HERE / "data" / "lang_short_answers.csv")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "lang.json")
    args = ap.parse_args()
    df = pd.read_csv(args.data, keep_default_na=False)
    texts = df["text"].tolist()
    rows = []
    for name, fn in (("cxtext.lang", detect_language), ("py3langid (raw)", baseline)):
        _LANGID.rank("warm-up")  # load the py3langid model outside the timing
        fn("warm-up")
        _detect.cache_clear()
        t0 = time.perf_counter()
        pred = [fn(t) for t in texts]
        dt = time.perf_counter() - t0
        df[name] = pred
        row = {
            "detector": name,
            "n": len(df),
            "accuracy": float((df[name] == df["lang"]).mean()),
            "answers_per_s": len(df) / dt,
        }
        for lang in LANGS:
            sub = df[df["lang"] == lang]
            row[f"acc_{lang}"] = float((sub[name] == lang).mean()) if len(sub) else None
        for note in ("one-word", "no-diacritics"):
            sub = df[df["note"] == note]
            row[f"acc_{note}"] = float((sub[name] == sub["lang"]).mean()) if len(sub) else None
        rows.append(row)
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print("\nconfusion (rows: gold, columns: cxtext.lang)")
    print(pd.crosstab(df["lang"], df["cxtext.lang"]))
    errors = df[df["cxtext.lang"] != df["lang"]][["text", "lang", "cxtext.lang", "note"]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {"results": rows, "errors": errors.to_dict("records")}, ensure_ascii=False, indent=2
        ),
        encoding="utf-8",
    )
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
