"""Model folders record the lemmatizer (name and version) they were trained with; loading warns
when the installed one differs. Shipped models: package data, found without a source tree."""

from __future__ import annotations

import json
import logging
import re
import shutil
import warnings
from importlib.metadata import version
from pathlib import Path

import pytest

from cxtext import persist
from cxtext.errors import LemmatizerMismatchWarning, ModelLoadError
from cxtext.sentiment import DEFAULT_MODELS, load_model, models_dir
from cxtext.sentiment.linear import LinearSentiment
from cxtext.topics import TopicClassifier, load_topic_model
from tests.conftest import SENTIMENT_CORPUS

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [t for t, _ in SENTIMENT_CORPUS]
Y = [lb for _, lb in SENTIMENT_CORPUS]


@pytest.fixture(scope="module")
def linear_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    model = LinearSentiment(C=100.0, min_df=1, calibration=None).fit(TEXTS, Y)
    return model.save(tmp_path_factory.mktemp("models") / "linear")


def config_of(folder: Path) -> dict:
    return json.loads((folder / "config.json").read_text(encoding="utf-8"))


def with_lemmatizer(src: Path, dst: Path, record: dict) -> Path:
    shutil.copytree(src, dst)
    config = config_of(dst)
    config["lemmatizer"] = record
    (dst / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return dst


def test_save_records_lemmatizer_name_and_installed_version(linear_folder: Path) -> None:
    config = config_of(linear_folder)
    assert config["params"]["lemmatizer"] == "simplemma"
    assert config["lemmatizer"] == {"name": "simplemma", "version": version("simplemma")}


def test_matching_lemmatizer_loads_without_warning(linear_folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", LemmatizerMismatchWarning)
        assert isinstance(load_model(linear_folder), LinearSentiment)


def test_other_lemmatizer_version_warns_and_logs(linear_folder: Path, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    folder = with_lemmatizer(linear_folder, tmp_path / "old",
                             {"name": "simplemma", "version": "0.9.1"})
    with caplog.at_level(logging.WARNING, logger="cxtext.persist"), \
            pytest.warns(LemmatizerMismatchWarning) as record:
        model = load_model(folder)
    assert isinstance(model, LinearSentiment)  # a warning, not an error: the model still works
    msg = str(record[0].message)
    for needle in (str(folder), "simplemma 0.9.1", f"simplemma {version('simplemma')}",
                   "simplemma==0.9.1", "retrain"):
        assert needle in msg, needle
    assert any(r.levelno == logging.WARNING and "simplemma 0.9.1" in r.getMessage()
               for r in caplog.records)
    assert issubclass(LemmatizerMismatchWarning, UserWarning)


def test_other_lemmatizer_name_warns(linear_folder: Path, tmp_path: Path) -> None:
    folder = with_lemmatizer(linear_folder, tmp_path / "morf",
                             {"name": "morfeusz2", "version": "1.99.15",
                              "tie_break": {"name": "simplemma", "version": "2.0.0"}})
    with pytest.warns(LemmatizerMismatchWarning, match="morfeusz2 1.99.15"):
        load_model(folder)


def test_topic_classifier_records_and_checks_the_lemmatizer(tmp_path: Path) -> None:
    answers = ["kurier był niemiły", "paczka szła tydzień", "za drogo", "miły kurier",
               "czekałem tydzień na paczkę", "ceny za wysokie"]
    labels = [["delivery.courier"], ["delivery.speed"], ["price.level"], ["delivery.courier"],
              ["delivery.speed"], ["price.level"]]
    model = TopicClassifier(min_df=1, min_examples=2).fit(answers, labels)
    folder = model.save(tmp_path / "topics")
    assert config_of(folder)["lemmatizer"] == {"name": "simplemma",
                                               "version": version("simplemma")}
    with warnings.catch_warnings():
        warnings.simplefilter("error", LemmatizerMismatchWarning)
        load_topic_model(folder)
    old = with_lemmatizer(folder, tmp_path / "old", {"name": "simplemma", "version": "1.0.0"})
    with pytest.warns(LemmatizerMismatchWarning, match="simplemma 1.0.0"):
        load_topic_model(old)


def test_auto_records_morfeusz2_with_its_simplemma_tie_break(
        monkeypatch: pytest.MonkeyPatch) -> None:
    versions = {"simplemma": "2.0.0", "morfeusz2": "1.99.15"}
    monkeypatch.setattr(persist, "_version", versions.get)
    assert persist.lemmatizer_record("auto") == {
        "name": "morfeusz2", "version": "1.99.15",
        "tie_break": {"name": "simplemma", "version": "2.0.0"}}
    assert persist.lemmatizer_record("simplemma") == {"name": "simplemma", "version": "2.0.0"}
    versions.pop("morfeusz2")
    assert persist.lemmatizer_record("auto") == {"name": "simplemma", "version": "2.0.0"}
    assert persist.lemmatizer_record("lowercase") is None


def test_models_without_lemmas_record_none() -> None:
    config = config_of(models_dir() / DEFAULT_MODELS["sentiment.embedding.v1"])
    assert "lemmatizer" not in config  # sentence embeddings: no lemmatizer involved


@pytest.mark.parametrize("backend", ["sentiment.linear.v1", "sentiment.lexicon.v1"])
def test_shipped_models_record_the_pinned_lemmatizer(backend: str) -> None:
    """The shipped weights were trained with the simplemma that constraints.txt pins."""
    record = config_of(models_dir() / DEFAULT_MODELS[backend])["lemmatizer"]
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$",
                           (ROOT / "constraints.txt").read_text(encoding="utf-8"), re.M))
    assert record == {"name": "simplemma", "version": pins["simplemma"]}


def test_missing_default_model_does_not_offer_itself(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(models_dir() / DEFAULT_MODELS["sentiment.lexicon.v1"],
                    tmp_path / DEFAULT_MODELS["sentiment.lexicon.v1"])
    monkeypatch.setenv("CXTEXT_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelLoadError) as info:
        load_model("sentiment.linear.v1")
    msg = str(info.value)
    assert "'sentiment.linear.v1' is not installed" in msg
    assert str(tmp_path / "sentiment-linear-v1") in msg and "CXTEXT_MODELS_DIR" in msg
    assert "Installed default models: sentiment.lexicon.v1." in msg
    assert msg.count("sentiment.linear.v1") == 1  # named as missing, never offered
    monkeypatch.setenv("CXTEXT_MODELS_DIR", str(tmp_path / "empty"))
    with pytest.raises(ModelLoadError) as info:
        load_model("sentiment.lexicon.v1")
    assert "Installed default models" not in str(info.value)
    with pytest.raises(ModelLoadError) as info:
        load_model(tmp_path / "no-such-folder")
    assert "sentiment." not in str(info.value).split("config.json is missing.")[1]


def test_models_dir_is_the_package_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (models_dir() / "__init__.py").is_file()
    assert (models_dir() / DEFAULT_MODELS["sentiment.linear.v1"] / "config.json").is_file()
    monkeypatch.setenv("CXTEXT_MODELS_DIR", "/somewhere/else")
    assert models_dir() == Path("/somewhere/else")
