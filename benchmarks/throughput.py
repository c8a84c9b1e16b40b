"""Answers/s of ``cxtext.classify`` per sentiment backend, and a plain transformers pipeline.

    python benchmarks/throughput.py [--n 3000] [--hf-checkpoint DIR]
        [--analyze-rows 100000 1000000 [--analyze-jobs 2] [--analyze-chunksize 20000]]
        [--out benchmarks/results/throughput.json]

Texts: the non-empty answers of ``examples/nps_survey.csv`` cycled to ``--n`` answers (the
embedding backend uses ``--n // 10``; it runs ~30 answers/s). Each configuration is warmed up
on 100 answers, then timed once on all of them in one process. ``classify`` includes clean-up,
PII redaction, language ID, tokenisation, sentiment (answer + clauses + evidence) and topics
(+ aspects) unless stated. ``--hf-checkpoint``: a LOCAL Hugging Face model folder run through
``transformers.pipeline("text-classification", device=-1)`` on the same texts (batch 32) -
with a sentence-transformers checkpoint the classification head is random: speed only.
End-to-end ``analyze`` figures (time, peak RSS) come from ``benchmarks/analyze.py``;
``--analyze-rows`` runs it on generated surveys of those sizes and adds its table to the JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def timed(fn: Any, texts: list[str]) -> dict[str, Any]:
    fn(texts[:100])
    t0 = time.perf_counter()
    fn(texts)
    dt = time.perf_counter() - t0
    return {"texts": len(texts), "seconds": round(dt, 2), "answers_per_s": round(len(texts) / dt)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--hf-checkpoint", type=Path, default=None)
    ap.add_argument("--analyze-rows", type=int, nargs="*", default=[])
    ap.add_argument("--analyze-jobs", type=int, default=2)
    ap.add_argument("--analyze-chunksize", type=int, default=20_000)
    ap.add_argument("--out", type=Path,
                    default=ROOT / "benchmarks" / "results" / "throughput.json")
    args = ap.parse_args()
    import cxtext
    from cxtext.io import read_survey

    answers = [str(t) for t in read_survey(ROOT / "examples" / "nps_survey.csv")
               .responses["text_raw"] if str(t).strip()]
    texts = (answers * (args.n // len(answers) + 1))[: args.n]
    # the example has ~450 distinct answers; caches (per batch, per word) make repeats cheap,
    # so one row also times answers that are all different (each gets its own number)
    distinct = [f"{t} nr {i}" for i, t in enumerate(texts)]
    rows: dict[str, Any] = {}
    configs = [
        ("text only (clean, PII, language)", dict(sentiment=None, topics=None), texts),
        ("topics.rules.v1 only", dict(sentiment=None), texts),
        ("sentiment.lexicon.v1 + topics", dict(sentiment="sentiment.lexicon.v1"), texts),
        ("sentiment.linear.v1 + topics (default)", dict(), texts),
        ("default, all answers distinct", dict(), distinct),
        ("sentiment.linear.v1, no evidence, no topics",
         dict(evidence=False, topics=None), texts),
        ("sentiment.embedding.v1 + topics", dict(sentiment="sentiment.embedding.v1"),
         texts[: max(args.n // 10, 200)]),
    ]
    for name, kw, data in configs:
        try:
            clf = cxtext.Classifier(**{k: v for k, v in kw.items() if k != "evidence"},
                                    evidence=kw.get("evidence", True))
            rows[name] = timed(clf, data)
        except Exception as exc:  # noqa: BLE001 - a missing extra becomes a skipped row
            rows[name] = {"skipped": f"{type(exc).__name__}: {exc}"}
        print(name, rows[name], flush=True)
    if args.hf_checkpoint is not None:
        try:
            from transformers import pipeline

            pipe = pipeline("text-classification", model=str(args.hf_checkpoint), device=-1)
            rows["transformers pipeline (text-classification, CPU, batch 32)"] = timed(
                lambda xs: pipe(xs, batch_size=32, truncation=True), texts[: args.n // 3])
        except Exception as exc:  # noqa: BLE001
            rows["transformers pipeline"] = {"skipped": f"{type(exc).__name__}: {exc}"}
        print(list(rows.items())[-1], flush=True)
    analyze: list[dict[str, Any]] = []
    if args.analyze_rows:
        import subprocess
        import sys

        res_path = ROOT / "benchmarks" / "results" / "analyze.json"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "analyze.py"), "--rows",
                        *map(str, args.analyze_rows), "--jobs", str(args.analyze_jobs),
                        "--chunksize", str(args.analyze_chunksize), "--out", str(res_path)],
                       check=True)
        wanted = {(r, args.analyze_jobs) for r in args.analyze_rows}
        analyze = [r for r in json.loads(res_path.read_text(encoding="utf-8"))["results"]
                   if (r["rows"], r.get("jobs", 1)) in wanted]
    payload = {"results": rows, "n": args.n, **({"analyze": analyze} if analyze else {}),
               "command": "python benchmarks/throughput.py" + (
                   " --hf-checkpoint <local MiniLM dir>" if args.hf_checkpoint else "")}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
