"""sentiment.transformer.v1 on a tiny random BERT built offline (no download, CPU, seconds).

The checkpoint is a 2-layer, 32-dim BERT from a config plus a WordPiece tokenizer whose
vocabulary is exactly the words of the corpus below, so the model can overfit it.
"""

from __future__ import annotations

import ast
import json
import logging
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from sklearn.base import clone  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402

from cxtext.errors import ConfigError, InputError, ModelLoadError  # noqa: E402
from cxtext.sentiment.base import LABELS, backends, load_model  # noqa: E402
from cxtext.sentiment.transformer import TransformerSentiment  # noqa: E402

#: Polish (with and without diacritics) and English answers: negation, emoji, mixed feelings.
CORPUS: list[tuple[str, str]] = [
    ("Szybka dostawa, polecam!", "positive"),
    ("Obsługa bardzo miła i pomocna 😊", "positive"),
    ("great price, fast delivery 👍", "positive"),
    ("Nie mam zastrzeżeń", "positive"),
    ("Nie polecam. Kurier spóźnił się trzy dni 😡", "negative"),
    ("nie polecam, zwrot trwał miesiąc", "negative"),
    ("Terrible app, I can't log in", "negative"),
    ("not good at all 👎", "negative"),
    ("ok", "neutral"),
    ("Zamówienie numer dwa", "neutral"),
    ("bez zdania", "neutral"),
    ("no opinion", "neutral"),
    ("Produkt super, ale dostawa trwała tydzień", "mixed"),
    ("great price but the courier was rude", "mixed"),
    ("Miła obsługa, ale aplikacja się zawiesza 😐", "mixed"),
    ("good product, bad app", "mixed"),
]
TEXTS = [t for t, _ in CORPUS]
LABELS_Y = [lab for _, lab in CORPUS]
EPOCHS = 20
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
#: far above the defaults: a random 32-dim model has nothing pretrained to preserve
FAST: dict[str, Any] = {"batch_size": 8, "learning_rate": 3e-3, "device": "cpu"}


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    """Ops on 32-dim tensors are too small to gain from threads; on a busy CI box they lose."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BERT + tokenizer saved with save_pretrained, as a local checkpoint folder."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    root = tmp_path_factory.mktemp("tiny-bert")
    # split the corpus the way the tokenizer will (lower-case, keep Polish diacritics)
    probe = BertTokenizer(vocab={t: i for i, t in enumerate(SPECIALS)}, strip_accents=False)
    split, norm = probe.backend_tokenizer.pre_tokenizer, probe.backend_tokenizer.normalizer
    words: dict[str, None] = {}
    for text in TEXTS:
        for word, _ in split.pre_tokenize_str(norm.normalize_str(text)):
            words[word] = None
    vocab = root / "vocab.txt"
    vocab.write_text("\n".join([*SPECIALS, *words]) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(vocab=str(vocab), do_lower_case=True, strip_accents=False)
    assert tokenizer.unk_token_id not in tokenizer(TEXTS[4])["input_ids"]  # ź, ó and 😡 known

    config = BertConfig(
        vocab_size=len(SPECIALS) + len(words),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        # no dropout and a wide init, else the [CLS] vectors of a random tiny BERT start
        # almost identical and training stalls: this way it overfits 16 answers in ~1 s
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
        initializer_range=0.3,
    )
    torch.manual_seed(0)
    folder = root / "checkpoint"
    BertForSequenceClassification(config).save_pretrained(folder)  # 2-label head: replaced
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def fitted(checkpoint: Path) -> TransformerSentiment:
    return TransformerSentiment(checkpoint=str(checkpoint), epochs=EPOCHS, **FAST).fit(
        TEXTS, LABELS_Y
    )


def test_registered_under_its_backend_name() -> None:
    assert backends.get("sentiment.transformer.v1") is TransformerSentiment
    assert TransformerSentiment.backend == "sentiment.transformer.v1"


def test_params_are_keyword_only_and_clonable(checkpoint: Path) -> None:
    with pytest.raises(TypeError):
        TransformerSentiment(str(checkpoint))  # type: ignore[call-arg]
    model = TransformerSentiment(checkpoint=str(checkpoint), epochs=7)
    params = clone(model).get_params()
    assert params == {
        "checkpoint": str(checkpoint),
        "max_length": 128,
        "batch_size": 32,
        "epochs": 7,
        "learning_rate": 5e-5,
        "weight_decay": 0.01,
        "warmup_ratio": 0.1,
        "device": "auto",
        "random_state": 0,
    }
    with pytest.raises(NotFittedError):
        model.predict_proba(["ok"])


def test_training_loss_decreases_and_overfits(fitted: TransformerSentiment) -> None:
    curve = fitted.loss_curve_
    assert len(curve) == EPOCHS
    assert curve[-1] < 0.1 * curve[0]
    assert min(curve[-3:]) == min(curve)
    assert list(fitted.classes_) == list(LABELS)  # LABELS order, not order of appearance
    assert fitted.device_ == "cpu"
    assert fitted.model_.config.id2label == dict(enumerate(LABELS))
    assert list(fitted.predict(TEXTS)) == LABELS_Y


def test_loss_is_logged_not_printed(checkpoint: Path, caplog, capsys) -> None:
    model = TransformerSentiment(checkpoint=str(checkpoint), epochs=2, **FAST)
    with caplog.at_level(logging.INFO, logger="cxtext.sentiment.transformer"):
        model.fit(TEXTS[:6], LABELS_Y[:6])
    epochs = [r.getMessage() for r in caplog.records if "training loss" in r.getMessage()]
    assert len(epochs) == 2 and epochs[0].startswith("epoch 1/2")
    assert capsys.readouterr().out == ""
    assert list(model.classes_) == ["negative", "positive"]  # a subset, in LABELS order
    assert model.predict_proba(["ok"]).shape == (1, 2)


def test_seeded_and_leaves_global_rng_alone(checkpoint: Path) -> None:
    state = torch.random.get_rng_state()
    runs = [
        TransformerSentiment(checkpoint=str(checkpoint), epochs=2, random_state=3, **FAST)
        .fit(TEXTS, LABELS_Y)
        .predict_proba(TEXTS)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert torch.equal(torch.random.get_rng_state(), state)
    other = TransformerSentiment(checkpoint=str(checkpoint), epochs=2, random_state=4, **FAST)
    assert not np.allclose(other.fit(TEXTS, LABELS_Y).predict_proba(TEXTS), runs[0])


def test_predict_proba_rows_sum_to_one(fitted: TransformerSentiment) -> None:
    unseen = ["Zupełnie nowe słowa 🤷", "", None, float("nan"), "ok " * 500]  # UNK, empty, long
    proba = fitted.predict_proba(TEXTS + unseen)
    assert proba.shape == (len(TEXTS) + len(unseen), 4)
    assert proba.dtype == np.float64
    assert np.all(proba >= 0)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-12)
    # batching by length (batch_size=4) must not change a row's value
    np.testing.assert_allclose(fitted.predict_proba([TEXTS[0]])[0], proba[0], atol=1e-6)
    assert fitted.predict_proba([]).shape == (0, 4)
    # max_length=128 > the 64 positions of this checkpoint: capped, not an index error
    assert fitted.preprocess(["ok " * 500])["input_ids"].shape == (1, 64)


def test_preprocess_forward_postprocess_split(fitted: TransformerSentiment) -> None:
    messy = ["  Nie pole\u200bcam\u00a0!  ", unicodedata.normalize("NFD", "Kurier spóźnił się 😡")]
    batch = fitted.preprocess(messy)
    assert set(batch) >= {"input_ids", "attention_mask"}
    clean = fitted.preprocess(["Nie polecam !", "Kurier spóźnił się 😡"])
    assert batch["input_ids"].tolist() == clean["input_ids"].tolist()  # text.normalize applied
    assert fitted.tokenizer_.unk_token_id not in batch["input_ids"]
    logits = fitted._forward(batch)
    assert logits.shape == (2, 4) and not logits.requires_grad
    proba = fitted.postprocess(logits)
    np.testing.assert_allclose(proba, fitted.predict_proba(messy), atol=1e-6)


def test_save_load_roundtrip_identical(fitted: TransformerSentiment, tmp_path: Path) -> None:
    folder = fitted.save(tmp_path / "model", metadata={"note": "tiny"})
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["backend"] == "sentiment.transformer.v1"
    assert config["labels"] == list(LABELS)
    assert config["params"] == fitted.get_params()
    files = {p.name for p in (folder / "hf").iterdir()}
    assert "model.safetensors" in files and "tokenizer.json" in files
    pickled = [p for p in folder.rglob("*") if p.suffix in {".bin", ".pt", ".pkl", ".skops"}]
    assert pickled == []

    loaded = load_model(folder)
    assert isinstance(loaded, TransformerSentiment)
    assert loaded.get_params() == fitted.get_params()
    assert list(loaded.classes_) == list(fitted.classes_)
    texts = [*TEXTS, "coś zupełnie innego 🙂", ""]
    np.testing.assert_allclose(loaded.predict_proba(texts), fitted.predict_proba(texts), atol=1e-7)
    assert TransformerSentiment.load(folder).predict(["ok"])[0] == fitted.predict(["ok"])[0]


def test_incomplete_folder_raises(fitted: TransformerSentiment, tmp_path: Path) -> None:
    folder = fitted.save(tmp_path / "model")
    for p in (folder / "hf").iterdir():
        p.unlink()
    (folder / "hf").rmdir()
    with pytest.raises(ModelLoadError, match="incomplete"):
        load_model(folder)


@pytest.mark.parametrize("checkpoint", [None, "allegro/herbert-base-cased", "no/such/folder"])
def test_missing_checkpoint_downloads_nothing(checkpoint: str | None, tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="(?i)nothing is downloaded") as info:
        TransformerSentiment(checkpoint=checkpoint).fit(TEXTS, LABELS_Y)
    assert "local folder" in str(info.value)
    with pytest.raises(ModelLoadError, match="nothing is downloaded"):
        TransformerSentiment(checkpoint=tmp_path / "missing").fit(TEXTS, LABELS_Y)


def test_folder_without_safetensors_weights(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelLoadError):
        TransformerSentiment(checkpoint=str(tmp_path)).fit(TEXTS, LABELS_Y)


def test_bad_input_raises_input_error(fitted: TransformerSentiment, checkpoint: Path) -> None:
    with pytest.raises(InputError, match="single string"):
        fitted.predict_proba("Szybka dostawa, polecam!")
    with pytest.raises(InputError, match="single string"):
        fitted.predict("ok")
    fresh = TransformerSentiment(checkpoint=str(checkpoint))
    with pytest.raises(InputError, match="single string"):
        fresh.fit("Szybka dostawa", ["positive"])
    with pytest.raises(InputError, match="Unknown sentiment label"):
        fresh.fit(TEXTS[:2], ["positive", "ambivalent"])
    with pytest.raises(InputError, match="one per text"):
        fresh.fit(TEXTS[:3], ["positive", "negative"])
    with pytest.raises(InputError, match="two different labels"):
        fresh.fit(TEXTS[:2], ["positive", "positive"])


def test_bad_params_raise_config_error(checkpoint: Path) -> None:
    with pytest.raises(ConfigError, match="batch_size"):
        TransformerSentiment(checkpoint=str(checkpoint), batch_size=0).fit(TEXTS, LABELS_Y)
    with pytest.raises(ConfigError, match="device"):
        TransformerSentiment(checkpoint=str(checkpoint), device="gpu0").fit(TEXTS, LABELS_Y)


def _eager_imports(nodes: Iterable[ast.AST]) -> list[str]:
    """Modules imported when the code runs at import time (not in functions or TYPE_CHECKING)."""
    found: list[str] = []
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found += _eager_imports(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(node.module or "")
        found += _eager_imports(ast.iter_child_nodes(node))
    return found


def test_torch_and_transformers_are_imported_lazily() -> None:
    """``import cxtext`` must work without torch. Checked on the source: spaCy's thinc
    already imports torch whenever it is installed, so sys.modules cannot tell."""
    import cxtext.sentiment.transformer as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    eager = _eager_imports(tree.body)
    assert "numpy" in eager  # the walk does see module-level imports
    assert [m for m in eager if m.split(".")[0] in {"torch", "transformers"}] == []
