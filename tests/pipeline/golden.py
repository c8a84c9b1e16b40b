"""Digests of ``cxtext analyze`` output tables, for the golden-output test.

    python tests/pipeline/golden.py OUT_DIR [--commit SHA]   # writes golden_example.json

A table's digest is the SHA-256 of its CSV re-written with every float rounded to 6
decimals (so the last bits of a bootstrap on another BLAS do not count), and ``text_raw``
with its PII replaced - equal digests mean equal tables. ``golden_example.json`` holds the
digests of the previous main's output on ``examples/nps_survey.csv`` (the commit is
recorded in it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden_example.json"
TABLES = ("responses", "rejects", "topic_mentions", "nps", "drivers_impact",
          "drivers_impact_parent", "drivers_key_drivers", "drivers_importance",
          "drivers_segment_nps", "drivers_segment_topics", "drivers_segment_impact",
          "drivers_trend_nps", "drivers_trend_topics", "drivers_followup")


def digest(path: Path, columns: list[str] | None = None) -> dict[str, object]:
    """The digest of one table (of ``columns`` only, when given: a column added later is
    compared on its own)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if columns is not None:
        df = df[[c for c in columns if c in df.columns]]
    if "text_raw" in df.columns:
        # since issue 14 the PII in text_raw is replaced by default: digested in that form
        # (idempotent), so an output with raw PII and one without compare equal
        from cxtext.text import redact_raw

        df["text_raw"] = [redact_raw(v) for v in df["text_raw"]]
    for c in df.columns:
        num = pd.to_numeric(df[c], errors="coerce")
        if num.notna().sum() and (num.notna() | df[c].eq("")).all() and \
                df[c].str.contains(r"\.", regex=True).any():
            df[c] = num.round(6).map(lambda v: "" if pd.isna(v) else f"{v:.6f}")
    text = df.to_csv(index=False, lineterminator="\n")
    return {"rows": len(df), "columns": list(df.columns),
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def digests(out_dir: Path) -> dict[str, dict[str, object]]:
    return {t: digest(out_dir / f"{t}.csv") for t in TABLES if (out_dir / f"{t}.csv").exists()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--commit", default="")
    args = ap.parse_args()
    GOLDEN.write_text(json.dumps({"commit": args.commit, "tables": digests(args.out_dir)},
                                 indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
