"""Every sentiment backend on every dev set: accuracy, macro-F1 and answers/s in one table.

    python benchmarks/sentiment.py --data-dir ../shared/data
        [--backends lexicon,linear,embedding,transformer] [--max-dev N]
        [--transformer-checkpoint DIR] [--transformer-train 3000]
        [--transformer-max-length 64] [--transformer-batch-size 8] [--transformer-lr 1e-4]
        [--config configs/train/sentiment-linear-v1.toml]
        [--out benchmarks/results/sentiment.json]

Dev splits are read exactly as ``cxtext train`` reads them: the ``[[datasets]]`` of the
training config (``load_config``), ``DatasetEntry.spec("dev")`` and
``cxtext.datasets.load_dataset(spec, root=--data-dir)`` (PolEmo detokenised,
``ambivalent`` -> ``mixed``; @mentions stripped from tweets). Metrics come from
``cxtext.sentiment.training.evaluate`` (accuracy, macro-F1 over the labels of that dev set),
always on dev data, never on data a model was fitted on. ``--max-dev N`` scores a random
sample of N per dev set (seed 0).

Shipped models are loaded with ``load_model("sentiment.<name>.v1")`` from ``models/``; a
missing model or dataset becomes a "skipped" row with the reason. The transformer backend
ships no model: with ``--transformer-checkpoint DIR`` (a LOCAL Hugging Face checkpoint
folder) it is fine-tuned for 1 epoch on a sample of ``--transformer-train`` texts drawn
from the pooled train splits of the same datasets, stratified by dataset x label (seed 0).

Speed is answers/s of ``predict_proba`` (``training.measure_speed``: a 50-text warm-up, then
one timed run; called twice, the best run is reported) on fixed corpora:
(a) the first 3,000 unique texts of the pooled full dev splits (config order),
(b) every unique non-empty answer of ``examples/nps_survey.csv`` (``read_survey``),
(c) linear only: all unique pooled dev texts with ``n_jobs=1`` and ``n_jobs=2``.
The speed corpora never depend on ``--max-dev``. Results go to stdout (markdown), to
``--out`` (JSON) and to the same path with ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxtext.datasets import load_dataset
from cxtext.errors import CxTextError
from cxtext.io import read_survey
from cxtext.sentiment import DEFAULT_MODELS, backends, load_model, models_dir
from cxtext.sentiment.training import evaluate, load_config, measure_speed, metrics

ROOT = Path(__file__).resolve().parents[1]
ALL_BACKENDS = ("lexicon", "linear", "embedding", "transformer")


class Skip(Exception):
    """A backend or dataset that cannot be benchmarked here (the message says why)."""


SKIP_ERRORS = (Skip, CxTextError, ImportError, OSError)
SPEED_DEV_N = 3000
DEFAULT_TRANSFORMER_TRAIN = 3000


def backend_name(short: str) -> str:
    return short if short.startswith("sentiment.") else f"sentiment.{short}.v1"


def short_name(name: str) -> str:
    m = re.fullmatch(r"sentiment\.(\w+)\.v\d+", name)
    return m.group(1) if m else name


def unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


def mean_chars(texts: list[str]) -> float:
    return round(float(np.mean([len(t) for t in texts])), 1) if texts else float("nan")


def speed(model: Any, texts: list[str], runs: int = 2) -> dict[str, Any]:
    """Best of ``runs`` calls of measure_speed (each: 50-text warm-up + one timed run)."""
    per_run = [measure_speed(model, texts) for _ in range(runs)] if texts else []
    return {
        "answers_per_s": max(per_run) if per_run else None,
        "runs": per_run,
        "n": len(texts),
        "mean_chars": mean_chars(texts),
    }


def read_split(entry: Any, split: str, data_dir: Path, config_dir: Path) -> pd.DataFrame:
    """One split as training reads it (paths relative to --data-dir or to the config)."""
    root = config_dir if getattr(entry, "relative_to", "data_dir") == "config" else data_dir
    df = load_dataset(entry.spec(split), root=root)
    df["dataset"] = entry.name
    return df


def survey_texts(path: Path) -> list[str]:
    survey = read_survey(path)
    return unique(survey.responses["text_raw"].dropna().astype(str).tolist())


def checkpoint_language(ckpt: Path) -> str | None:
    """The ``language:`` a checkpoint's model card declares (YAML front matter), if any."""
    readme = ckpt / "README.md"
    if not readme.exists():
        return None
    m = re.search(r"^language:\s*(.+)$", readme.read_text(encoding="utf-8", errors="replace"),
                  flags=re.MULTILINE)
    return m.group(1).strip() if m else None


def stratified_sample(pool: pd.DataFrame, n: int) -> pd.DataFrame:
    if n >= len(pool):
        return pool.reset_index(drop=True)
    from sklearn.model_selection import train_test_split

    key = pool["dataset"] + "|" + pool["label"]
    try:
        sample, _ = train_test_split(pool, train_size=n, stratify=key, random_state=0)
    except ValueError:  # a dataset x label cell too small to stratify
        sample = pool.sample(n=n, random_state=0)
    return sample.reset_index(drop=True)


def fine_tune_transformer(args: argparse.Namespace, train_sets: dict[str, pd.DataFrame],
                          ) -> tuple[Any, dict[str, Any]]:
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    pool = pd.concat(train_sets.values(), ignore_index=True)
    sample = stratified_sample(pool, args.transformer_train)
    params = {"checkpoint": str(args.transformer_checkpoint), "epochs": 1,
              "max_length": args.transformer_max_length,
              "batch_size": args.transformer_batch_size, "learning_rate": args.transformer_lr,
              "random_state": 0}
    model = backends.get("sentiment.transformer.v1")(**params)
    print(f"[transformer] fine-tuning on {len(sample):,} train texts "
          f"({', '.join(f'{k} {v}' for k, v in sample['dataset'].value_counts().items())})",
          flush=True)
    t0 = time.perf_counter()
    model.fit(sample["text"].tolist(), sample["label"].tolist())
    fit_s = round(time.perf_counter() - t0, 1)
    print(f"[transformer] fitted in {fit_s:.0f}s", flush=True)
    info = {
        "params": params,
        "n_train": len(sample),
        "n_train_pool": len(pool),
        "train_counts": {f"{d}/{lb}": int(c) for (d, lb), c in
                         sample.groupby(["dataset", "label"]).size().items()},
        "fit_seconds": fit_s,
        "loss_curve": [round(v, 4) for v in getattr(model, "loss_curve_", [])],
        "torch_threads": torch.get_num_threads(),
        "device": getattr(model, "device_", None),
        "checkpoint_language": checkpoint_language(Path(args.transformer_checkpoint)),
    }
    return model, info


def get_model(name: str, args: argparse.Namespace, train_sets: dict[str, pd.DataFrame],
              train_skips: dict[str, str]) -> tuple[Any, dict[str, Any]]:
    """(model, info), or raise one of SKIP_ERRORS saying why the backend is skipped."""
    if name in DEFAULT_MODELS:
        if not (models_dir() / DEFAULT_MODELS[name] / "config.json").exists():
            raise Skip(f"no shipped model yet (models/{DEFAULT_MODELS[name]}/config.json is "
                       "missing); rerun when it is trained")
        t0 = time.perf_counter()
        model = load_model(name)
        return model, {"model": f"models/{DEFAULT_MODELS[name]}",
                       "load_s": round(time.perf_counter() - t0, 2),
                       "folder": str(models_dir() / DEFAULT_MODELS[name])}
    if name == "sentiment.transformer.v1":
        if args.transformer_checkpoint is None:
            raise Skip("ships no model; pass --transformer-checkpoint DIR (a local Hugging "
                              "Face checkpoint) to fine-tune one")
        if not train_sets:
            raise Skip("no train split could be read to fine-tune on: "
                              + "; ".join(f"{k}: {v}" for k, v in train_skips.items()))
        model, info = fine_tune_transformer(args, train_sets)
        info["model"] = f"fine-tuned from {args.transformer_checkpoint}"
        return model, info
    raise Skip(f"{name} ships no default model")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def rel(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def reason_of(exc: BaseException) -> str:
    return " ".join(str(exc).replace("|", "/").split())


def fmt(v: Any, spec: str = ".3f") -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    return format(v, spec)


def speed_cell(sp: dict[str, Any] | None) -> str:
    """Best run, with the first run in brackets when it was clearly slower (cold start)."""
    if not sp or sp.get("answers_per_s") is None:
        return "–"
    best, first = sp["answers_per_s"], sp["runs"][0]
    cell = fmt(best, ",.0f")
    return cell + (f" (1st {fmt(first, ',.0f')})" if first < 0.8 * best else "")


def markdown_table(results: list[dict[str, Any]], datasets: dict[str, dict[str, Any]]) -> str:
    names = [k for k, d in datasets.items() if d["status"] == "ok"]
    head = ["backend", "model"]
    for k in names:
        head += [f"{k} acc (n={datasets[k]['n']:,})", f"{k} macro-F1"]
    head += ["ans/s (a) dev", "ans/s (b) survey", "ans/s (c) dev-all 1 job / 2 jobs"]
    lines = ["| " + " | ".join(head) + " |",
             "| --- | --- | " + " | ".join("---:" for _ in head[2:]) + " |"]
    for r in results:
        if r["status"] != "ok":
            cells = [r["backend"], f"skipped: {r['reason']}"] + ["–"] * (len(head) - 2)
        else:
            cells = [r["backend"], r.get("model", "")]
            for k in names:
                m = r["datasets"].get(k)
                cells += [fmt(m and m["accuracy"]), fmt(m and m["macro_f1"])]
            sp = r.get("speed", {})
            cells += [speed_cell(sp.get("dev")), speed_cell(sp.get("survey"))]
            if "dev_all_n_jobs_2" in sp:
                cells.append(f"{speed_cell(sp['dev_all_n_jobs_1'])} / "
                             f"{speed_cell(sp['dev_all_n_jobs_2'])}")
            else:
                cells.append("–")
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    for k, d in datasets.items():
        if d["status"] != "ok":
            cells = [f"(dataset {k})", f"skipped: {d['reason']}"] + ["–"] * (len(head) - 2)
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_backend(name: str, args: argparse.Namespace, train_sets: dict[str, pd.DataFrame],
                train_skips: dict[str, str], devs: dict[str, pd.DataFrame], survey: list[str],
                dev_a: list[str], dev_all: list[str]) -> dict[str, Any]:
    """Load (or fine-tune) one backend, time it, score it on every dev set."""
    short = short_name(name)
    model, info = get_model(name, args, train_sets, train_skips)
    row: dict[str, Any] = {"backend": short, "status": "ok", **info, "speed": {}, "datasets": {}}
    # speed before scoring: the first timed run still meets unseen words (cold caches)
    row["speed"]["survey"] = speed(model, survey)
    row["speed"]["dev"] = speed(model, dev_a)
    if short == "linear" and hasattr(model, "n_jobs"):
        jobs = model.n_jobs
        model.set_params(n_jobs=1)
        row["speed"]["dev_all_n_jobs_1"] = speed(model, dev_all)
        model.set_params(n_jobs=2)
        row["speed"]["dev_all_n_jobs_2"] = speed(model, dev_all)
        model.set_params(n_jobs=jobs)
    print(f"[{short}] " + ", ".join(f"{k} {v['answers_per_s']} ans/s"
                                   for k, v in row["speed"].items()), flush=True)
    t0 = time.perf_counter()
    for k, dv in devs.items():
        row["datasets"][k] = evaluate(model, dv["text"].tolist(), dv["label"].tolist(),
                                      langs=dv["lang"].tolist())
        print(f"[{short}] {k}: acc {row['datasets'][k]['accuracy']:.3f}, "
              f"macro-F1 {row['datasets'][k]['macro_f1']:.3f}", flush=True)
    row["eval_s"] = round(time.perf_counter() - t0, 1)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--backends", default=",".join(ALL_BACKENDS),
                    help="comma-separated: " + ",".join(ALL_BACKENDS))
    ap.add_argument("--config", type=Path,
                    default=ROOT / "configs" / "train" / "sentiment-linear-v1.toml",
                    help="training config whose [[datasets]] are benchmarked")
    ap.add_argument("--max-dev", type=int, default=0, help="per dev set, random seed 0 (0: all)")
    ap.add_argument("--transformer-checkpoint", type=Path, default=None)
    ap.add_argument("--transformer-train", type=int, default=DEFAULT_TRANSFORMER_TRAIN,
                    help="texts sampled from the pooled train splits for the fine-tune")
    ap.add_argument("--transformer-max-length", type=int, default=64)
    ap.add_argument("--transformer-batch-size", type=int, default=8,
                    help="small batches: more optimisation steps for the same CPU time")
    ap.add_argument("--transformer-lr", type=float, default=1e-4)
    ap.add_argument("--speed-dev-n", type=int, default=SPEED_DEV_N,
                    help="size of speed corpus (a): first N unique pooled dev texts")
    ap.add_argument("--survey", type=Path, default=ROOT / "examples" / "nps_survey.csv")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sentiment.json")
    args = ap.parse_args()
    t_start = time.perf_counter()
    load_start = os.getloadavg()
    names = [backend_name(b.strip()) for b in args.backends.split(",") if b.strip()]
    cfg = load_config(args.config)
    config_dir = args.config.resolve().parent

    # -- dev sets (scored; maybe sampled) and the full dev texts for the speed corpora
    datasets: dict[str, dict[str, Any]] = {}
    devs: dict[str, pd.DataFrame] = {}
    full_dev: list[tuple[str, str]] = []  # (dataset, text) of the full dev splits
    for e in cfg.datasets:
        if not e.dev:
            datasets[e.name] = {"status": "skipped",
                                "reason": "training only: no dev split in the config"}
            continue
        try:
            dv = read_split(e, "dev", args.data_dir, config_dir)
        except SKIP_ERRORS as exc:
            datasets[e.name] = {"status": "skipped", "reason": reason_of(exc)}
            print(f"[{e.name}] skipped: {reason_of(exc)}", flush=True)
            continue
        full_dev += [(e.name, t) for t in dv["text"]]
        n_full = len(dv)
        if args.max_dev and len(dv) > args.max_dev:
            dv = dv.sample(n=args.max_dev, random_state=0).reset_index(drop=True)
        devs[e.name] = dv
        datasets[e.name] = {"status": "ok", "n": len(dv), "n_full": n_full, "lang": e.lang,
                            "dev": e.dev, "labels": dv["label"].value_counts().to_dict()}
    dev_all = unique([t for _, t in full_dev])
    dev_a = dev_all[: args.speed_dev_n]
    first_source = {}
    for k, t in full_dev:
        first_source.setdefault(t, k)
    dev_a_mix = pd.Series([first_source[t] for t in dev_a], dtype=object).value_counts()
    try:
        survey = survey_texts(args.survey)
    except SKIP_ERRORS as exc:
        print(f"[survey] skipped: {reason_of(exc)}", flush=True)
        survey = []
    print(f"dev: {', '.join(f'{k} {len(v):,}' for k, v in devs.items()) or 'none'}; speed "
          f"corpora: (a) {len(dev_a):,} dev texts, (b) {len(survey):,} survey answers, "
          f"(c) {len(dev_all):,} dev texts", flush=True)

    # -- train splits: per-dataset majority baseline and the transformer fine-tune
    train_sets: dict[str, pd.DataFrame] = {}
    train_skips: dict[str, str] = {}
    for e in cfg.datasets:
        try:
            train_sets[e.name] = read_split(e, "train", args.data_dir, config_dir)
        except SKIP_ERRORS as exc:
            train_skips[e.name] = reason_of(exc)

    results: list[dict[str, Any]] = []
    if devs:
        row: dict[str, Any] = {"backend": "majority", "status": "ok",
                               "model": "most frequent label of each train split",
                               "datasets": {}}
        for k, dv in devs.items():
            if k in train_sets:
                top = str(train_sets[k]["label"].value_counts().idxmax())
                row["datasets"][k] = metrics(dv["label"].tolist(), [top] * len(dv))
        results.append(row)

    for name in names:
        short = short_name(name)
        if name not in backends:
            results.append({"backend": short, "status": "skipped",
                            "reason": f"unknown backend {name}"})
            continue
        if not devs:
            results.append({"backend": short, "status": "skipped", "reason": "no dev set"})
            continue
        print(f"[{short}] loading", flush=True)
        try:
            results.append(run_backend(name, args, train_sets, train_skips, devs,
                                       survey, dev_a, dev_all))
        except SKIP_ERRORS as exc:
            print(f"[{short}] skipped: {reason_of(exc)}", flush=True)
            results.append({"backend": short, "status": "skipped", "reason": reason_of(exc)})

    # -- notes, table, files
    ncpu = os.cpu_count()
    notes = [
        f"{time.strftime('%Y-%m-%d %H:%M')}; {platform.platform()}, {platform.machine()}, "
        f"{ncpu} CPU ({cpu_model()}); Python "
        f"{platform.python_version()}; load average at start {load_start[0]:.1f}, at end "
        f"{os.getloadavg()[0]:.1f} (the machine is shared: speeds are lower bounds).",
        f"Dev sets from {rel(args.config)} [[datasets]], read with DatasetEntry.spec('dev') + "
        "load_dataset (as training does); "
        "accuracy and macro-F1 (over the labels present in that dev set) from "
        "cxtext.sentiment.training.evaluate; no figure is measured on training data.",
        "Speed = answers/s of predict_proba (training.measure_speed: 50-text warm-up, one timed "
        "run), called twice, best run reported (both in JSON 'runs'); 1 process unless stated. "
        "Speeds are measured right after loading and before scoring, in the order (b), (a), "
        "(c): the first run of (b) pays lazy loading the 50-text warm-up did not trigger, and "
        "first runs meet unseen words, while word-level caches (char n-gram indices, lemma "
        "look-ups) are warm in the second. Where the first run was >20% slower the table "
        "shows it in brackets ('1st'): that is closer to scoring a new survey once.",
        f"(a) dev: the first {len(dev_a):,} unique texts of the pooled full dev splits in config "
        f"order (mean {mean_chars(dev_a)} chars; "
        + ", ".join(f"{k} {n:,}" for k, n in dev_a_mix.items()) + ").",
        f"(b) survey: all {len(survey):,} unique non-empty answers of "
        f"{rel(args.survey)} (read_survey(...).responses.text_raw; mean "
        f"{mean_chars(survey)} chars), not repeated or padded.",
        f"(c) linear only: all {len(dev_all):,} unique pooled dev texts (mean "
        f"{mean_chars(dev_all)} chars) with n_jobs=1 and n_jobs=2 set on the loaded model "
        "(forked workers; the backend forks only for batches of 4,000+ texts).",
        "majority: the most frequent label of each dataset's train split, predicted for every "
        "dev text (a floor for accuracy; its macro-F1 shows the class imbalance).",
    ]
    if args.max_dev:
        notes.append(f"--max-dev {args.max_dev}: each dev set scored on a random sample of at "
                     "most that many texts (seed 0); the speed corpora use the full dev splits.")
    for r in results:
        if r["backend"] == "transformer" and r["status"] == "ok":
            lang = r.get("checkpoint_language")
            notes.append(
                f"transformer: sentiment.transformer.v1 fine-tuned from "
                f"{args.transformer_checkpoint} ({lang or 'language not declared'}) for 1 epoch, "
                f"max_length {r['params']['max_length']}, batch {r['params']['batch_size']}, "
                f"lr {r['params']['learning_rate']:g}, on "
                f"{r['n_train']:,} texts sampled from the {r['n_train_pool']:,} pooled train "
                f"texts (stratified by dataset x label, seed 0) in {r['fit_seconds']:.0f} s on "
                f"{r['device']} with {r['torch_threads']} torch threads; not a shipped model.")
            notes.append("transformer: the sample pool is every config dataset's train split "
                         "once (the config's `repeat` up-weighting is not applied).")
            if (Path(args.transformer_checkpoint) / "modules.json").exists():
                notes.append("transformer: the checkpoint is a sentence-transformers model "
                             "(trained for mean pooling); the sequence-classification head "
                             "reads the [CLS] pooler, which learns slowly from it.")
            flat = [k for k, m in r["datasets"].items()
                    if sum(any(row[j] for row in m["confusion_matrix"]["matrix"])
                           for j in range(len(m["confusion_matrix"]["labels"]))) == 1]
            if flat:
                notes.append("transformer: predicted a single label for every text of "
                             + ", ".join(flat) + ": the short CPU fine-tune did not move it "
                             "off the class prior, so those rows equal a constant guess.")
            if args.transformer_train < DEFAULT_TRANSFORMER_TRAIN:
                notes.append(f"transformer: train sample reduced from {DEFAULT_TRANSFORMER_TRAIN:,}"
                             f" to {args.transformer_train:,} texts to keep the CPU fine-tune "
                             "near 10 minutes on this machine.")
            if lang and lang.strip("[]- '\"").lower() in ("en", "english"):
                notes.append("transformer: the checkpoint is English-only (English WordPiece "
                             "vocabulary, English pre-training), so its Polish figures "
                             "(PolEmo) reflect an English-vocabulary checkpoint, not what a "
                             "Polish or multilingual encoder (HerBERT, XLM-R) would reach.")
    skipped = [f"{r['backend']}: {r['reason']}" for r in results if r["status"] != "ok"]
    skipped += [f"dataset {k}: {d['reason']}" for k, d in datasets.items() if d["status"] != "ok"]
    skipped += [f"train split {k} (majority/transformer): {v}" for k, v in train_skips.items()]
    runtime = round(time.perf_counter() - t_start, 1)
    notes.append(f"Total runtime {runtime:.0f} s.")

    table = markdown_table(results, datasets)
    print("\n" + table + "\n")
    for s in skipped:
        print(f"skipped: {s}")
    payload = {
        "command": " ".join(["python benchmarks/sentiment.py", *sys.argv[1:]]),
        "config": {"training_config": str(args.config), "data_dir": str(args.data_dir),
                   "backends": names, "max_dev": args.max_dev,
                   "transformer_checkpoint": None if args.transformer_checkpoint is None
                   else str(args.transformer_checkpoint),
                   "transformer_train": args.transformer_train,
                   "transformer_max_length": args.transformer_max_length,
                   "transformer_batch_size": args.transformer_batch_size,
                   "transformer_lr": args.transformer_lr},
        "machine": {"cpus": ncpu, "platform": platform.platform(),
                    "python": platform.python_version(), "loadavg_at_start": load_start,
                    "loadavg_at_end": os.getloadavg()},
        "datasets": datasets,
        "results": results,
        "skipped": skipped,
        "runtime_s": runtime,
        "notes": notes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str),
                        encoding="utf-8")
    md = ["# Sentiment backends on the dev sets", "", "```bash", payload["command"], "```", "",
          table, ""]
    if skipped:
        md += ["Skipped:", ""] + [f"- {s}" for s in skipped] + [""]
    md += ["Notes:", ""] + [f"- {n}" for n in notes] + [""]
    args.out.with_suffix(".md").write_text("\n".join(md), encoding="utf-8")
    print(f"\nwrote {args.out} and {args.out.with_suffix('.md')}")


if __name__ == "__main__":
    main()
