"""Config-driven training (``cxtext train sentiment``) and evaluation (``cxtext evaluate``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cxtext.cli import app
from cxtext.errors import ConfigError, InputError, UnknownBackendError
from cxtext.sentiment import load_model
from cxtext.sentiment.training import cross_validate, evaluate, load_config, metrics, train
from tests.conftest import SENTIMENT_CORPUS

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A tiny dataset in the shape of the public ones: train/dev CSV, its own label names."""
    names = {"positive": "z_plus", "negative": "z_minus", "neutral": "z_zero", "mixed": "z_amb"}
    rows = [(t, names[lb]) for t, lb in SENTIMENT_CORPUS]
    d = tmp_path / "data" / "tiny"
    d.mkdir(parents=True)
    pd.DataFrame(rows * 3, columns=["sentence", "gold"]).to_csv(d / "train.csv", index=False)
    pd.DataFrame(rows, columns=["sentence", "gold"]).to_csv(d / "dev.csv", index=False)
    return tmp_path / "data"


def config_text(out: Path, cv: int = 0) -> str:
    return f"""
[model]
backend = "sentiment.linear.v1"
output = "{out.as_posix()}"
[model.params]
min_df = 1
C = 50.0
[evaluation]
cv = {cv}
[[datasets]]
name = "tiny"
train = "tiny/train.csv"
dev = "tiny/dev.csv"
text_col = "sentence"
label_col = "gold"
label_map = {{ z_plus = "positive", z_minus = "negative", z_zero = "neutral", z_amb = "mixed" }}
license = "test data"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    p = tmp_path / "tiny.toml"
    p.write_text(config_text(tmp_path / "model"), encoding="utf-8")
    return p


def test_train_writes_model_folder_metadata_and_card(config: Path, data_dir: Path,
                                                     tmp_path: Path) -> None:
    model, meta = train(config, data_dir=data_dir, command="cxtext train sentiment ...")
    folder = tmp_path / "model"
    assert (folder / "config.json").exists() and (folder / "README.md").exists()
    saved = json.loads((folder / "metadata.json").read_text())
    assert saved["dev_metrics"]["tiny"]["n"] == len(SENTIMENT_CORPUS)
    assert saved["datasets"][0]["n_train"] == 3 * len(SENTIMENT_CORPUS)
    assert saved["datasets"][0]["license"] == "test data"
    card = (folder / "README.md").read_text()
    assert "| tiny |" in card and "Confusion matrix" in card and "cxtext train sentiment" in card
    # the tiny dev split is the train split's content: the model must reproduce it
    assert meta["dev_metrics"]["tiny"]["accuracy"] == 1.0
    reloaded = load_model(folder)
    texts = [t for t, _ in SENTIMENT_CORPUS]
    assert list(reloaded.predict(texts)) == list(model.predict(texts))


def test_train_with_cross_validation(tmp_path: Path, data_dir: Path) -> None:
    p = tmp_path / "cv.toml"
    p.write_text(config_text(tmp_path / "m2", cv=3), encoding="utf-8")
    _, meta = train(p, data_dir=data_dir)
    cv = meta["cross_validation"]
    assert cv["cv"] == 3 and 0.0 <= cv["accuracy_mean"] <= 1.0 and cv["accuracy_sd"] >= 0


@pytest.mark.parametrize(
    ("toml", "error", "match"),
    [
        ("[model]\nbackend='sentiment.nope.v1'\n[[datasets]]\nname='a'\ntrain='x.csv'",
         UnknownBackendError, "sentiment.linear.v1"),
        ("[[datasets]]\nname='a'\ntrain='x.csv'", ConfigError, r"\[model\]"),
        ("[model]\nbackend='sentiment.linear.v1'", ConfigError, "datasets"),
        ("[model]\nbackend='sentiment.linear.v1'\n[[datasets]]\nname='a'\ntrain='x.csv'\n"
         "colour='red'", ConfigError, "colour"),
        ("[model]\nbackend='sentiment.linear.v1'\n[evaluation]\ncv=1\n[[datasets]]\nname='a'\n"
         "train='x.csv'", ConfigError, "cv"),
        ("[model\nbackend=", ConfigError, "invalid TOML"),
    ],
)
def test_config_errors_name_the_problem(tmp_path: Path, toml: str, error: type[Exception],
                                        match: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(toml, encoding="utf-8")
    with pytest.raises(error, match=match):
        load_config(p)


def test_bad_model_params_are_a_config_error(tmp_path: Path, data_dir: Path) -> None:
    p = tmp_path / "c.toml"
    p.write_text(config_text(tmp_path / "m").replace("C = 50.0", "colour = 1"), encoding="utf-8")
    with pytest.raises(ConfigError, match="colour"):
        train(p, data_dir=data_dir)


@pytest.mark.parametrize("params, message", [
    ('C = "big"', r"c\.toml: \[model\.params\] C = 'big' is not allowed for "
                  r"sentiment\.linear\.v1: The 'C' parameter of LogisticRegression must be a "
                  r"float in the range \(0\.0, inf\]\. Got 'big' instead\. Fix C in "
                  r"\[model\.params\] or leave it out for the default \(4\.0\)\."),
    ("C = -1.0", r"\[model\.params\] C = -1\.0 is not allowed.*must be a float in the "
                 r"range \(0\.0, inf\]"),
    ('min_df = "two"', r"\[model\.params\] min_df = 'two' is not allowed.*'min_df' "
                       r"parameter of TfidfVectorizer"),
    ('class_weight = "even"', r"\[model\.params\] class_weight = 'even' is not allowed.*"
                              r"'balanced'"),
])
@pytest.mark.parametrize("cv", [0, 2])
def test_model_params_sklearn_refuses_are_a_config_error(
        tmp_path: Path, data_dir: Path, params: str, message: str, cv: int) -> None:
    """A value scikit-learn refuses names the file, the key and the value, with
    scikit-learn's own words on what is allowed - also under cross-validation."""
    p = tmp_path / "c.toml"
    given = params if "min_df" in params else f"min_df = 1\n{params}"
    p.write_text(config_text(tmp_path / "m", cv=cv).replace("min_df = 1\nC = 50.0", given),
                 encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        train(p, data_dir=data_dir)
    assert not (tmp_path / "m").exists()


def test_unknown_model_param_lists_the_allowed_ones(tmp_path: Path) -> None:
    p = tmp_path / "c.toml"
    p.write_text(config_text(tmp_path / "m").replace("C = 50.0", "colour = 1"),
                 encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.toml: bad \[model\.params\] for "
                                          r"sentiment\.linear\.v1: .*colour.*; allowed: C, "
                                          r"calibration, char_ngrams"):
        load_config(p).make_model()


def test_missing_dataset_file_says_to_pass_data_dir(config: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--data-dir"):
        train(config, data_dir=tmp_path / "nowhere")


def test_metrics_hand_computed() -> None:
    gold = ["positive", "positive", "negative", "neutral"]
    pred = ["positive", "negative", "negative", "positive"]
    m = metrics(gold, pred)
    assert m["accuracy"] == 0.5
    assert m["per_class"]["positive"]["f1"] == pytest.approx(0.5)  # P 1/2, R 1/2
    assert m["per_class"]["negative"]["f1"] == pytest.approx(2 / 3, abs=1e-4)  # P 1/2, R 1
    assert m["per_class"]["neutral"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0.0) / 3, abs=1e-4)
    assert m["confusion_matrix"]["labels"] == ["negative", "neutral", "positive"]
    assert m["confusion_matrix"]["matrix"] == [[1, 0, 0], [0, 0, 1], [1, 0, 1]]


def test_evaluate_by_language(config: Path, data_dir: Path) -> None:
    model, _ = train(config, data_dir=data_dir)
    texts = [t for t, _ in SENTIMENT_CORPUS]
    labels = [lb for _, lb in SENTIMENT_CORPUS]
    langs = ["en" if any(w in t for w in ("The", "Great", "Love", "Good", "Terrible", "I "))
             else "pl" for t in texts]
    out = evaluate(model, texts, labels, langs=langs)
    assert set(out["by_lang"]) == {"pl", "en"}
    assert sum(b["n"] for b in out["by_lang"].values()) == out["n"]


def test_cross_validate_needs_enough_examples_per_label() -> None:
    from cxtext.sentiment.linear import LinearSentiment

    with pytest.raises(InputError, match="cv=5"):
        cross_validate(LinearSentiment(), ["a", "b", "c"], ["positive", "negative", "negative"],
                       cv=5)


def test_cli_train_then_evaluate(config: Path, data_dir: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["train", "sentiment", "--config", str(config), "--data-dir",
                              str(data_dir), "--out", str(tmp_path / "cli-model"),
                              "--metrics", str(tmp_path / "train.json")])
    assert res.exit_code == 0, res.output
    assert "tiny" in res.output and (tmp_path / "cli-model" / "config.json").exists()
    assert json.loads((tmp_path / "train.json").read_text())["dev_metrics"]["tiny"]["n"] == 20
    out = tmp_path / "eval.json"
    res = runner.invoke(app, [
        "evaluate", "--model", str(tmp_path / "cli-model"), "--data",
        str(data_dir / "tiny" / "dev.csv"), "--text-col", "sentence", "--label-col", "gold",
        "--label-map", "z_plus=positive", "--label-map", "z_minus=negative",
        "--label-map", "z_zero=neutral", "--label-map", "z_amb=mixed", "--out", str(out),
    ])
    assert res.exit_code == 0, res.output
    result = json.loads(out.read_text())
    assert result["n"] == 20 and result["accuracy"] == 1.0
    assert "macro-F1" in res.output


def test_cli_evaluate_cross_validation(config: Path, data_dir: Path, tmp_path: Path) -> None:
    train(config, data_dir=data_dir)
    out = tmp_path / "cv.json"
    res = runner.invoke(app, [
        "evaluate", "--model", str(tmp_path / "model"), "--data",
        str(data_dir / "tiny" / "train.csv"), "--text-col", "sentence", "--label-col", "gold",
        "--label-map", "z_plus=positive", "--label-map", "z_minus=negative",
        "--label-map", "z_zero=neutral", "--label-map", "z_amb=mixed", "--cv", "3",
        "--out", str(out),
    ])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["cv"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--label-col", "nope"], "no column 'nope'"),
        (["--label-map", "broken"], "gold=ours"),
        (["--label-col", "gold"], "Unknown sentiment label"),
    ],
)
def test_cli_evaluate_bad_input(config: Path, data_dir: Path, tmp_path: Path, args: list[str],
                                message: str) -> None:
    train(config, data_dir=data_dir)
    res = runner.invoke(app, ["evaluate", "--model", str(tmp_path / "model"), "--data",
                              str(data_dir / "tiny" / "dev.csv"), "--text-col", "sentence",
                              "--out", str(tmp_path / "x.json"), *args])
    assert res.exit_code == 2
    assert message in res.output


def test_cli_evaluate_unknown_model(data_dir: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["evaluate", "--model", str(tmp_path / "no-model"), "--data",
                              str(data_dir / "tiny" / "dev.csv"), "--text-col", "sentence",
                              "--label-col", "gold"])
    assert res.exit_code == 2 and "config.json is missing" in res.output


def test_distillation_labels_unlabelled_texts_with_a_teacher(config: Path, data_dir: Path,
                                                             tmp_path: Path) -> None:
    """A dataset with ``teacher`` and no label column: the teacher's labels are the
    training labels, and there is no dev score on them."""
    teacher, _ = train(config, data_dir=data_dir)
    texts = [t for t, _ in SENTIMENT_CORPUS]
    (data_dir / "unlabelled.csv").write_text(
        pd.DataFrame({"text": texts}).to_csv(index=False), encoding="utf-8")
    student_cfg = tmp_path / "student.toml"
    student_cfg.write_text(config_text(tmp_path / "student") + f"""
[[datasets]]
name = "distilled"
train = "unlabelled.csv"
dev = "unlabelled.csv"
teacher = "{(tmp_path / 'model').as_posix()}"
""", encoding="utf-8")
    _, meta = train(student_cfg, data_dir=data_dir)
    distilled = next(d for d in meta["datasets"] if d["name"] == "distilled")
    assert distilled["n_train"] == len(texts)
    assert distilled["train_label_counts"] == \
        pd.Series(teacher.predict(texts)).value_counts().to_dict()
    assert "distilled" not in meta["dev_metrics"]  # teacher labels are not gold


def test_teacher_leaves_out_answers_it_is_unsure_of(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from cxtext.sentiment import base, training

    class Teacher:
        classes_ = np.array(["negative", "positive"], dtype=object)

        def predict_proba(self, texts: list[str]) -> np.ndarray:
            sure = np.array([0.95, 0.55, 0.2, 0.7])[: len(texts)]
            return np.column_stack([1 - sure, sure])

    monkeypatch.setattr(base, "load_model", lambda name: Teacher())
    df = pd.DataFrame({"text": ["a", "b", "c", "d"], "label": "?", "lang": None})
    df.attrs["dropped"] = 1
    entry = training.DatasetEntry(name="u", train="u.csv", teacher="t",
                                  teacher_min_confidence=0.6)
    out = training._teacher_labels(df, entry)
    assert out[["text", "label"]].values.tolist() == [["a", "positive"], ["c", "negative"],
                                                      ["d", "positive"]]
    assert out.attrs["dropped"] == 2 and out.attrs["teacher"] == "t"


def test_teacher_params_are_set_before_it_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    """``teacher_params`` (e.g. a blended model's own reading: ``blend_weight = 0``) are set
    on the teacher; a parameter it does not have is a ConfigError naming the dataset."""
    import numpy as np

    from cxtext.sentiment import base, training

    seen: list[dict[str, object]] = []

    class Teacher:
        classes_ = np.array(["negative", "positive"], dtype=object)

        def set_params(self, **params: object) -> Teacher:
            if set(params) - {"blend_weight"}:
                raise ValueError(f"Invalid parameter {sorted(params)}")
            seen.append(params)
            return self

        def predict_proba(self, texts: list[str]) -> np.ndarray:
            return np.tile([0.2, 0.8], (len(texts), 1))

    monkeypatch.setattr(base, "load_model", lambda name: Teacher())
    df = pd.DataFrame({"text": ["a", "b"], "label": "?", "lang": None})
    entry = training.DatasetEntry(name="u", train="u.csv", teacher="t",
                                  teacher_params={"blend_weight": 0.0})
    assert training._teacher_labels(df, entry)["label"].tolist() == ["positive", "positive"]
    assert seen == [{"blend_weight": 0.0}]
    entry = training.DatasetEntry(name="u", train="u.csv", teacher="t",
                                  teacher_params={"colour": "red"})
    with pytest.raises(ConfigError, match="'u'.*teacher_params"):
        training._teacher_labels(df, entry)


def test_teacher_params_must_be_a_table(tmp_path: Path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(config_text(tmp_path / "m") + """
[[datasets]]
name = "distilled"
train = "unlabelled.csv"
teacher = "sentiment.e5.v1"
teacher_params = 0.0
""", encoding="utf-8")
    with pytest.raises(ConfigError, match="teacher_params must be a table"):
        load_config(p)


def test_weights_from_rescores_a_folder_without_fitting(
        config: Path, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``weights_from``: the folder's fitted model is evaluated and saved again with a new
    card, nothing is fitted, and its training record (command, fit time) is kept."""
    from cxtext.sentiment.linear import LinearSentiment

    first, meta = train(config, data_dir=data_dir, command="cxtext train sentiment --config x")

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("fit must not run")

    monkeypatch.setattr(LinearSentiment, "fit", no_fit)
    out = tmp_path / "rescored"
    _, again = train(config, data_dir=data_dir, output=out, weights_from=tmp_path / "model",
                     command="cxtext train sentiment --config x --weights-from m")
    assert again["command"] == "cxtext train sentiment --config x"
    assert again["fit_seconds"] == meta["fit_seconds"]
    assert again["rescored"]["command"].endswith("--weights-from m")
    assert again["dev_metrics"]["tiny"]["accuracy"] == meta["dev_metrics"]["tiny"]["accuracy"]
    assert "Re-scored on" in (out / "README.md").read_text()
    texts = [t for t, _ in SENTIMENT_CORPUS]
    assert list(load_model(out).predict(texts)) == list(first.predict(texts))


def test_weights_from_refuses_a_model_trained_otherwise(config: Path, data_dir: Path,
                                                        tmp_path: Path) -> None:
    """A folder trained with other (training) parameters is not this config's model."""
    train(config, data_dir=data_dir)
    # the same parameters written as a TOML list where the model holds a tuple are the same
    same = tmp_path / "same.toml"
    same.write_text(config_text(tmp_path / "m1").replace(
        "C = 50.0", "C = 50.0\nchar_ngrams = [2, 5]"), encoding="utf-8")
    train(same, data_dir=data_dir, weights_from=tmp_path / "model")
    other = tmp_path / "other.toml"
    other.write_text(config_text(tmp_path / "m2").replace("C = 50.0", "C = 2.0"),
                     encoding="utf-8")
    with pytest.raises(ConfigError, match=r"C: 50.0 in the folder, 2.0 in the config"):
        train(other, data_dir=data_dir, weights_from=tmp_path / "model")
    assert not (tmp_path / "m2").exists()
