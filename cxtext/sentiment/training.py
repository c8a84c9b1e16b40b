"""Config-driven training and evaluation of sentiment models (``cxtext train`` / ``evaluate``).

A training config (TOML, or YAML when PyYAML is installed) names the backend, its
hyper-parameters, the labelled datasets (paths relative to ``--data-dir``) with their
label mapping, and where to write the model folder::

    [model]
    backend = "sentiment.linear.v1"
    output = "models/sentiment-linear-v1"
    [model.params]
    C = 4.0

    [[datasets]]
    name = "polemo2_medicine"
    train = "polemo2_medicine_sentences/train.csv"
    dev = "polemo2_medicine_sentences/dev.csv"
    label_map = { ambivalent = "mixed" }
    clean = ["polemo"]
    lang = "pl"
    license = "CC BY-NC-SA 4.0 (PolEmo 2.0)"

Train splits are concatenated for fitting; every figure in the resulting model card is
measured on the dev splits (or by cross-validation on train with ``cv = k``), never on
the data the model was fitted on.
"""

from __future__ import annotations

import inspect
import json
import logging
import platform
import re
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import StratifiedKFold
from sklearn.utils._param_validation import InvalidParameterError

from cxtext.datasets import DatasetSpec, load_dataset
from cxtext.errors import ConfigError, InputError
from cxtext.sentiment.base import LABELS, SentimentModel, as_texts, backends, check_labels
from cxtext.workers import usable_cpus

__all__ = [
    "TrainConfig",
    "DatasetEntry",
    "load_config",
    "train",
    "evaluate",
    "cross_validate",
    "measure_speed",
    "write_model_card",
]

logger = logging.getLogger(__name__)

_DATASET_KEYS = {"name", "train", "dev", "text_col", "label_col", "label_map", "clean", "lang",
                 "max_train", "license", "source", "relative_to", "repeat", "split_col", "lang_col",
                 "aspect_col", "teacher", "teacher_min_confidence", "teacher_params"}


@dataclass
class DatasetEntry:
    """One labelled dataset of a training config: its train (and optional dev) split."""

    name: str
    train: str
    dev: str | None = None
    text_col: str = "text"
    label_col: str = "label"
    label_map: dict[str, str] = field(default_factory=dict)
    clean: tuple[str, ...] = ()
    lang: str | None = None
    max_train: int | None = None
    license: str = "unknown"
    source: str = ""
    relative_to: str = "data_dir"  # or "config": paths relative to the config file's folder
    repeat: int = 1  # up-weight a small in-domain set by repeating its train rows
    #: one file holds every split: this column says which (``train``/``dev``/``test``); rows
    #: of the split asked for are read (``dev`` defaults to the ``train`` file)
    split_col: str | None = None
    lang_col: str | None = None  # a column of per-row languages
    aspect_col: str | None = None  # a column of aspects: rows are (aspect, text) pairs
    #: distillation: the labels of this file's texts come from this model (a backend name
    #: or model folder), not from a label column; only answers it labels with at least
    #: ``teacher_min_confidence`` are kept
    teacher: str | None = None
    teacher_min_confidence: float = 0.0
    #: parameters set on the teacher before it labels (``{ blend_weight = 0.0 }``: the
    #: contextual model's own reading, not its blend with the model being trained)
    teacher_params: dict[str, Any] = field(default_factory=dict)

    def spec(self, split: str) -> DatasetSpec:
        path = self.train if split == "train" else (self.dev or (self.train if self.split_col
                                                                 else None))
        assert path is not None
        return DatasetSpec(
            path=path, text_col=self.text_col,
            label_col=None if self.teacher else self.label_col,
            label_map=self.label_map, lang=self.lang, clean=self.clean,
            name=f"{self.name}/{split}", max_rows=self.max_train if split == "train" else None,
            where={self.split_col: split} if self.split_col else {}, lang_col=self.lang_col,
            aspect_col=self.aspect_col,
        )


@dataclass
class TrainConfig:
    """A parsed training config (see the module docstring)."""

    backend: str
    params: dict[str, Any]
    datasets: list[DatasetEntry]
    output: str | None = None
    cv: int = 0
    source: str = "<dict>"

    def make_model(self) -> SentimentModel:
        """The configured (unfitted) model. An unknown parameter, or a value the model's
        declared constraints refuse, is a :class:`~cxtext.errors.ConfigError`; values the
        model's inner scikit-learn estimators refuse are found when it is fitted (see
        :meth:`params_error`)."""
        cls = backends.get(self.backend)
        try:
            model = cls(**self.params)
        except TypeError as exc:
            allowed = sorted(n for n, q in inspect.signature(cls).parameters.items()
                             if q.kind is q.KEYWORD_ONLY or q.kind is q.POSITIONAL_OR_KEYWORD)
            raise ConfigError(
                f"{self.source}: bad [model.params] for {self.backend}: {exc}"
                + (f"; allowed: {', '.join(allowed)}." if allowed else "")
            ) from None
        if getattr(model, "_parameter_constraints", None):
            try:
                model._validate_params()
            except InvalidParameterError as exc:
                raise self.params_error(exc) from None
        return model

    def params_error(self, exc: Exception) -> ConfigError:
        """scikit-learn's refusal of a parameter value (``InvalidParameterError``) as a
        :class:`~cxtext.errors.ConfigError` that names the config file, the
        ``[model.params]`` key and value, with scikit-learn's own words on what is
        allowed."""
        m = re.search(r"The '(\w+)' parameter of (\w+)", str(exc))
        name = m.group(1) if m else None
        if name is not None and name in self.params:
            default = inspect.signature(backends.get(self.backend)).parameters.get(name)
            fix = f"Fix {name} in [model.params]" + (
                f" or leave it out for the default ({default.default!r})"
                if default is not None and default.default is not inspect.Parameter.empty
                else "") + "."
            return ConfigError(f"{self.source}: [model.params] {name} = {self.params[name]!r} "
                               f"is not allowed for {self.backend}: {exc} {fix}")
        return ConfigError(f"{self.source}: a [model.params] value is not allowed for "
                           f"{self.backend}: {exc} Fix it in [model.params].")


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise ConfigError(f"Config file not found: {path}")
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise ConfigError(f"{path}: YAML configs need PyYAML (pip install pyyaml); "
                              "or use TOML.") from None
        data = yaml.safe_load(text)
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table at the top level.")
    return data


def load_config(source: str | Path | Mapping[str, Any]) -> TrainConfig:
    """Parse a training config file (or an already-parsed mapping); errors name the problem."""
    where = "<dict>" if isinstance(source, Mapping) else str(source)
    data = dict(source) if isinstance(source, Mapping) else _read_config_file(Path(source))
    model = data.get("model")
    if not isinstance(model, Mapping) or "backend" not in model:
        raise ConfigError(f"{where}: needs a [model] table with a 'backend' "
                          f"(one of: {', '.join(backends.names())}).")
    backend = str(model["backend"])
    backends.get(backend)  # unknown names list the known ones
    raw_sets = data.get("datasets")
    if not raw_sets or not isinstance(raw_sets, list):
        raise ConfigError(
            f"{where}: needs at least one [[datasets]] entry with 'name' and 'train'."
        )
    entries = []
    for i, d in enumerate(raw_sets, start=1):
        unknown = set(d) - _DATASET_KEYS
        if unknown:
            raise ConfigError(f"{where}: dataset #{i} has unknown key(s) {sorted(unknown)}; "
                              f"allowed: {sorted(_DATASET_KEYS)}.")
        if "train" not in d or "name" not in d:
            raise ConfigError(f"{where}: dataset #{i} needs 'name' and 'train'.")
        d = dict(d)
        d["clean"] = tuple([d["clean"]] if isinstance(d.get("clean"), str) else d.get("clean", ()))
        d["label_map"] = {str(k): str(v) for k, v in dict(d.get("label_map", {})).items()}
        if d.get("relative_to", "data_dir") not in ("data_dir", "config"):
            raise ConfigError(f"{where}: dataset #{i}: relative_to must be 'data_dir' or "
                              f"'config', got {d['relative_to']!r}.")
        if not isinstance(d.get("teacher_params", {}), Mapping):
            raise ConfigError(f"{where}: dataset #{i}: teacher_params must be a table of "
                              f"parameters (teacher_params = {{ blend_weight = 0.0 }}), got "
                              f"{d['teacher_params']!r}.")
        entries.append(DatasetEntry(**d))
    cv = int(data.get("evaluation", {}).get("cv", 0))
    if cv == 1 or cv < 0:
        raise ConfigError(f"{where}: evaluation.cv must be 0 (off) or >= 2, got {cv}.")
    return TrainConfig(backend=backend, params=dict(model.get("params", {})), datasets=entries,
                       output=model.get("output"), cv=cv, source=where)


# --------------------------------------------------------------------------- metrics


def evaluate(model: SentimentModel, texts: Any, labels: Any, *,
             langs: Sequence[str | None] | None = None) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix of ``model``
    on labelled texts; with ``langs`` also per language (``lang`` column of the data)."""
    texts = as_texts(texts)
    gold = check_labels(labels)
    kwargs = {"langs": list(langs)} if langs is not None and _accepts_langs(model) else {}
    pred = [str(p) for p in model.predict(texts, **kwargs)]
    out = metrics(gold, pred)
    if langs is not None:
        by_lang: dict[str, Any] = {}
        lang_arr = np.array([str(lg) for lg in langs])
        for lg in sorted(set(lang_arr)):
            idx = np.flatnonzero(lang_arr == lg)
            if len(set(lang_arr)) > 1:
                by_lang[lg] = metrics([gold[i] for i in idx], [pred[i] for i in idx])
        if by_lang:
            out["by_lang"] = by_lang
    return out


def metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """The metric block used everywhere (labels in :data:`LABELS` order, present ones only)."""
    labels = [lb for lb in LABELS if lb in set(gold) | set(pred)]
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(f1_score(gold, pred, labels=[lb for lb in labels if lb in gold],
                                         average="macro", zero_division=0)), 4),
        "per_class": {
            lb: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                 "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, lb in enumerate(labels)
        },
        "confusion_matrix": {"labels": labels,
                             "matrix": confusion_matrix(gold, pred, labels=labels).tolist()},
    }


def _accepts_langs(model: SentimentModel) -> bool:
    import inspect

    return "langs" in inspect.signature(model.predict_proba).parameters


def cross_validate(model: SentimentModel, texts: Any, labels: Any, *, cv: int = 5,
                   langs: Sequence[str | None] | None = None, random_state: int = 0,
                   progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Stratified k-fold: fit a clone on k-1 folds, score the held-out fold; mean and SD."""
    texts = as_texts(texts)
    gold = np.array(check_labels(labels), dtype=object)
    if cv < 2:
        raise InputError(f"cv must be >= 2, got {cv}.")
    counts = pd.Series(gold).value_counts()
    if counts.min() < cv:
        raise InputError(f"cv={cv} needs at least {cv} examples of every label; "
                         f"counts: {counts.to_dict()}.")
    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    per_fold = []
    for k, (tr, te) in enumerate(folds.split(np.zeros(len(gold)), gold), start=1):
        if progress:
            progress(f"fold {k}/{cv}")
        m = clone(model)
        fit_kw: dict[str, Any] = {}
        if langs is not None and _accepts_langs(m):
            fit_kw = {"langs": [langs[i] for i in tr]}
        m.fit([texts[i] for i in tr], gold[tr].tolist(), **fit_kw)
        per_fold.append(evaluate(m, [texts[i] for i in te], gold[te].tolist(),
                                 langs=None if langs is None else [langs[i] for i in te]))
    acc = [f["accuracy"] for f in per_fold]
    mf1 = [f["macro_f1"] for f in per_fold]
    return {
        "cv": cv,
        "accuracy_mean": round(float(np.mean(acc)), 4), "accuracy_sd": round(float(np.std(acc)), 4),
        "macro_f1_mean": round(float(np.mean(mf1)), 4), "macro_f1_sd": round(float(np.std(mf1)), 4),
        "folds": per_fold,
    }


def measure_speed(model: SentimentModel, texts: Sequence[str], *, repeat: int = 1) -> float:
    """Answers per second of ``model.predict_proba`` (texts taken as given; best of ``repeat``)."""
    texts = list(texts)
    if not texts:
        return float("nan")
    model.predict_proba(texts[:50])  # warm-up: lazy loads (lemma dictionaries, encoders)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        model.predict_proba(texts)
        best = min(best, time.perf_counter() - t)
    return round(len(texts) / best, 1)


# --------------------------------------------------------------------------- training


def _teacher_labels(df: pd.DataFrame, entry: DatasetEntry) -> pd.DataFrame:
    """Label unlabelled texts with the entry's teacher model (distillation): its arg-max,
    answers below ``teacher_min_confidence`` left out (counted as dropped)."""
    from cxtext.sentiment.base import load_model

    teacher = load_model(entry.teacher)
    if entry.teacher_params:
        try:
            teacher.set_params(**entry.teacher_params)
        except ValueError as exc:
            raise ConfigError(f"dataset {entry.name!r}: bad teacher_params for "
                              f"{entry.teacher}: {exc}") from None
    logger.info("%s: labelling %d texts with the teacher %s", entry.name, len(df), entry.teacher)
    proba = teacher.predict_proba(df["text"].tolist()) if len(df) else np.zeros((0, 1))
    keep = proba.max(axis=1) >= entry.teacher_min_confidence if len(df) else \
        np.zeros(0, dtype=bool)
    attrs = dict(df.attrs)
    out = df.assign(label=[str(teacher.classes_[k]) for k in proba.argmax(axis=1)]
                    if len(df) else [])[keep].reset_index(drop=True)
    out.attrs.update(attrs)
    out.attrs["dropped"] = int(attrs.get("dropped", 0)) + int((~keep).sum())
    out.attrs["teacher"] = entry.teacher
    return out


def _load(entries: Sequence[DatasetEntry], split: str, data_dir: str | Path | None,
          config_dir: Path | None = None) -> list[pd.DataFrame]:
    out = []
    for e in entries:
        if split == "dev" and (not e.dev or e.teacher):  # teacher labels are not gold
            continue
        root = config_dir if e.relative_to == "config" else data_dir
        df = load_dataset(e.spec(split), root=root)
        if e.teacher:
            df = _teacher_labels(df, e)
        if split == "train" and e.repeat > 1:
            attrs = dict(df.attrs)
            df = pd.concat([df] * e.repeat, ignore_index=True)
            df.attrs.update(attrs)
        df.attrs["dataset"] = e.name
        out.append(df)
    return out


def train(config: TrainConfig | str | Path | Mapping[str, Any], *,
          data_dir: str | Path | None = None, output: str | Path | None = None,
          cv: int | None = None, command: str = "",
          progress: Callable[[str], None] | None = None,
          weights_from: str | Path | None = None) -> tuple[SentimentModel, dict[str, Any]]:
    """Fit the configured model on the train splits, evaluate it on the dev splits (and by
    cross-validation when asked), save the model folder with metadata and a model card.

    ``weights_from``: do not fit; take the fitted model of this folder, which must have been
    trained with this config's parameters, give it the config's values of the backend's
    ``inference_params`` (e.g. ``blend_weight``), and evaluate and save it as above - for a
    change that needs no refitting. Its training record (command, date, fit time) is kept.

    Returns the fitted model and its metadata (also written to ``metadata.json``).
    """
    cfg = config if isinstance(config, TrainConfig) else load_config(config)
    say = progress or (lambda msg: logger.info(msg))
    model = cfg.make_model()
    say("reading datasets")
    config_dir = Path(cfg.source).parent if cfg.source != "<dict>" else None
    train_sets = _load(cfg.datasets, "train", data_dir, config_dir)
    dev_sets = _load(cfg.datasets, "dev", data_dir, config_dir)
    train_df = pd.concat(train_sets, ignore_index=True)
    check_labels(train_df["label"])
    langs = train_df["lang"].tolist()
    use_langs = _accepts_langs(model)
    fit_kw = {"langs": langs} if use_langs else {}
    meta: dict[str, Any] = {
        "backend": cfg.backend,
        "params": {k: v for k, v in model.get_params(deep=False).items()
                   if isinstance(v, (int, float, str, bool, list, tuple, type(None)))},
        "trained_at": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {usable_cpus()} CPU",
        "command": command,
        "datasets": [
            {"name": e.name, "train": e.train, "dev": e.dev, "label_map": e.label_map,
             "repeat": e.repeat,
             "lang": e.lang, "license": e.license, "source": e.source,
             "n_train": int(len(df)), "train_label_counts": df["label"].value_counts().to_dict(),
             "rows_dropped": int(df.attrs.get("dropped", 0)),
             **({"teacher": e.teacher, "teacher_min_confidence": e.teacher_min_confidence,
                 **({"teacher_params": dict(e.teacher_params)} if e.teacher_params else {})}
                if e.teacher else {})}
            for e, df in zip(cfg.datasets, train_sets, strict=True)
        ],
    }
    n_cv = cfg.cv if cv is None else cv
    if weights_from is not None:
        say(f"taking the fitted model of {weights_from} (no fitting)")
        model, previous = _fitted_from(weights_from, model)
        for key in ("trained_at", "command", "fit_seconds"):
            if key in previous:
                meta[key] = previous[key]
        meta["rescored"] = {"at": time.strftime("%Y-%m-%d"), "from": str(weights_from),
                            "command": command}
        n_cv = 0
    try:  # a [model.params] value scikit-learn refuses shows when the model is fitted
        if n_cv:
            say(f"cross-validating ({n_cv} folds)")
            res = cross_validate(model, train_df["text"].tolist(), train_df["label"].tolist(),
                                 cv=n_cv, langs=langs if use_langs else None, progress=say)
            res.pop("folds")
            meta["cross_validation"] = res
        if weights_from is None:
            say(f"fitting {cfg.backend} on {len(train_df):,} texts")
            t0 = time.perf_counter()
            model.fit(train_df["text"].tolist(), train_df["label"].tolist(), **fit_kw)
            meta["fit_seconds"] = round(time.perf_counter() - t0, 1)
    except InvalidParameterError as exc:
        raise cfg.params_error(exc) from None
    meta["dev_metrics"] = {}
    dev_texts: list[str] = []
    for df in dev_sets:
        say(f"evaluating on {df.attrs['dataset']} dev ({len(df):,})")
        meta["dev_metrics"][df.attrs["dataset"]] = evaluate(
            model, df["text"].tolist(), df["label"].tolist(),
            langs=df["lang"].tolist() if use_langs else None,
        )
        dev_texts += df["text"].tolist()
    if dev_texts:
        say("measuring speed")
        meta["answers_per_second"] = measure_speed(model, dev_texts[:3000])
        meta["speed_texts"] = f"first {min(3000, len(dev_texts))} dev texts (mean "\
            f"{np.mean([len(t) for t in dev_texts[:3000]]):.0f} chars), 1 process"
    out = output or cfg.output
    if out:
        say(f"saving to {out}")
        model.save(out, metadata=meta)
        card = getattr(model, "model_card_notes", None)
        write_model_card(out, meta, notes=card(meta) if callable(card) else None)
    return model, meta


def _fitted_from(folder: str | Path, configured: SentimentModel,
                 ) -> tuple[SentimentModel, dict[str, Any]]:
    """The fitted model of ``folder`` with ``configured``'s inference parameters, and the
    folder's metadata; a folder of another backend or trained with other parameters is
    refused (it would not be the model this config describes)."""
    from cxtext.sentiment.base import load_model, read_metadata

    model = load_model(folder)
    if type(model) is not type(configured):
        raise ConfigError(f"{folder} holds a {model.backend} model, but the config trains "
                          f"{configured.backend}.")
    free = set(type(model).inference_params)
    ours, theirs = configured.get_params(deep=False), model.get_params(deep=False)

    def same(a: Any, b: Any) -> bool:  # JSON and TOML give lists where params hold tuples
        seq = (list, tuple)
        return list(a) == list(b) if isinstance(a, seq) and isinstance(b, seq) else a == b

    differ = {k: (theirs.get(k), v) for k, v in ours.items()
              if k not in free and not same(theirs.get(k), v)}
    if differ:
        listed = "; ".join(f"{k}: {a!r} in the folder, {b!r} in the config"
                           for k, (a, b) in sorted(differ.items()))
        raise ConfigError(
            f"{folder} was trained with other parameters than the config's ({listed}). Only "
            f"{', '.join(sorted(free)) or 'no parameters'} may change without refitting; "
            "train without --weights-from to refit.")
    model.set_params(**{k: ours[k] for k in free if k in ours})
    try:
        previous = read_metadata(folder)
    except (OSError, ValueError):
        previous = {}
    return model, previous if isinstance(previous, dict) else {}


def write_model_card(folder: str | Path, meta: Mapping[str, Any], *,
                     notes: str | None = None) -> Path:
    """Write ``README.md`` (the model card) into a model folder from its metadata;
    ``notes`` (the backend's own section: base model, licences, limits) replaces the
    generic limitations."""
    folder = Path(folder)
    lines = [f"# {folder.name}: `{meta['backend']}`", "",
             "Sentiment of customer-feedback answers: negative / neutral / positive (/ mixed).",
             "Generated by `cxtext train`; the figures below are measured on held-out dev "
             "splits the model never saw in training.", "", "## Training data", "",
             "| dataset | train file | rows | labels (train) | label mapping | language "
             "| license |",
             "| --- | --- | ---: | --- | --- | --- | --- |"]
    for d in meta.get("datasets", []):
        mapping = ", ".join(f"{k} → {v}" for k, v in d.get("label_map", {}).items()) or "as is"
        counts = ", ".join(f"{k} {v}" for k, v in d.get("train_label_counts", {}).items())
        lines.append(f"| {d['name']} | `{d['train']}` | {d['n_train']:,} | {counts} | {mapping} | "
                     f"{d.get('lang') or 'auto'} | {d.get('license', 'unknown')} |")
    lines += ["", "Licenses: the model weights are derived from the data above; where a dataset "
              "is non-commercial (NC), treat the model as non-commercial too unless cleared.", "",
              "## Metrics on dev splits", "",
              "| dataset | n | accuracy | macro-F1 | "
              + " | ".join(f"F1 {lb}" for lb in LABELS) + " |",
              "| --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in LABELS) + " |"]
    for name, m in meta.get("dev_metrics", {}).items():
        f1s = " | ".join(
            f"{m['per_class'][lb]['f1']:.3f}" if lb in m["per_class"] else "–" for lb in LABELS
        )
        lines.append(f"| {name} | {m['n']:,} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} | {f1s} |")
    for name, m in meta.get("dev_metrics", {}).items():
        cm = m["confusion_matrix"]
        lines += ["", f"Confusion matrix, {name} (rows = gold, columns = predicted):", "",
                  "| gold \\ pred | " + " | ".join(cm["labels"]) + " |",
                  "| --- | " + " | ".join("---:" for _ in cm["labels"]) + " |"]
        for lb, row in zip(cm["labels"], cm["matrix"], strict=True):
            lines.append(f"| {lb} | " + " | ".join(str(v) for v in row) + " |")
    if "cross_validation" in meta:
        cvm = meta["cross_validation"]
        lines += ["", f"{cvm['cv']}-fold cross-validation on the pooled train splits: accuracy "
                  f"{cvm['accuracy_mean']:.3f} ± {cvm['accuracy_sd']:.3f}, macro-F1 "
                  f"{cvm['macro_f1_mean']:.3f} ± {cvm['macro_f1_sd']:.3f}."]
    lines += ["", "## Speed", ""]
    if "answers_per_second" in meta:
        lines.append(f"{meta['answers_per_second']:,.0f} answers/s for `predict_proba` including "
                     f"clean-up, language ID, tokenisation and lemmatisation, on "
                     f"{meta.get('speed_texts', 'dev texts')}; {meta.get('machine', '')}. "
                     f"Fitting took {meta.get('fit_seconds', '?')} s. See "
                     "`benchmarks/sentiment.py` for the cross-backend table.")
    params = json.dumps(meta.get("params", {}), ensure_ascii=False)
    lines += ["", "## Parameters", "", f"`{params}`", "", "## Retrain", "",
              "```bash", meta.get("command") or "cxtext train sentiment --config <config>", "```",
              ""]
    rescored = meta.get("rescored")
    if isinstance(rescored, Mapping):
        lines += [f"Re-scored on {rescored.get('at', '?')} without refitting (the weights are "
                  "those trained above; only inference parameters changed, and every figure "
                  "here is of the re-scored model):", "", "```bash",
                  str(rescored.get("command", "")), "```", ""]
    if notes:
        lines += [notes.rstrip(), ""]
    else:
        lines += ["## Limitations", "",
              "A bag-of-words model trained mostly on hotel and medicine reviews (Polish) and "
              "airline tweets (English), plus the in-domain survey answers listed above (the "
              "CX corpus' train split; its dev split is scored above, its test split never "
              "read by training): it does not read context, so denied problems (\"no issues\"),"
              " factual complaints and sarcasm are its weak spots - the `accurate` profile's "
              "contextual model reads them. `cxtext.classify` also makes an answer `mixed` "
              "when one clause is clearly positive and another clearly negative.", ""]
    path = folder / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
