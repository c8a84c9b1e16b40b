"""cxtext.datasets: labelled datasets read through the same readers as surveys."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cxtext.datasets import _read_any, load_dataset
from cxtext.errors import InputError
from cxtext.topics.classifier import parse_topic_labels

ROWS = [
    ("Zażółć gęślą jaźń, świetnie", "pozytywny"),
    ("Kurier spóźnił się; źle", "negatywny"),
    ("Obsługa miła, ale drogo", "mieszany"),
]


def test_cp1250_semicolon_csv_with_polish_letters(tmp_path: Path) -> None:
    path = tmp_path / "train.csv"
    text = "tekst;ocena\n" + "".join(f'"{t}";{lb}\n' for t, lb in ROWS)
    path.write_bytes(text.encode("cp1250"))  # used to raise a bare UnicodeDecodeError
    df = load_dataset({"path": str(path), "text_col": "tekst", "label_col": "ocena",
                       "label_map": {"pozytywny": "positive", "negatywny": "negative",
                                     "mieszany": "mixed"}, "lang": "pl"})
    assert df["text"].tolist() == [t for t, _ in ROWS]
    assert df["label"].tolist() == ["positive", "negative", "mixed"]
    assert (df["lang"] == "pl").all() and df.attrs["dropped"] == 0


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl", ".parquet", ".xlsx"])
def test_other_formats_give_the_same_dataset(tmp_path: Path, suffix: str) -> None:
    frame = pd.DataFrame(ROWS, columns=["text", "label"])
    path = tmp_path / f"d{suffix}"
    if suffix == ".tsv":
        frame.to_csv(path, sep="\t", index=False, encoding="iso-8859-2")
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif suffix == ".parquet":
        frame.to_parquet(path)
    else:
        frame.to_excel(path, index=False)
    df = load_dataset({"path": str(path)})
    assert df[["text", "label"]].to_numpy().tolist() == [list(r) for r in ROWS]


def test_label_lists_survive_for_topic_training(tmp_path: Path) -> None:
    path = tmp_path / "topics.jsonl"
    rows = [{"text": "kurier", "topics": ["delivery.courier"]}, {"text": "ok", "topics": []}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    df = _read_any(path)
    assert parse_topic_labels(df["topics"].tolist()) == [["delivery.courier"], []]


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match=r"unsupported dataset format '\.json'"):
        _read_any(path)


def test_split_column_and_per_row_languages(tmp_path: Path) -> None:
    """One file holding every split (a column says which) with a language per row."""
    from cxtext.sentiment.training import DatasetEntry

    path = tmp_path / "gold.jsonl"
    rows = [{"text": "Dostawa szybka", "label": "positive", "split": "train", "lang": "pl"},
            {"text": "late again", "label": "negative", "split": "dev", "lang": "en"},
            {"text": "brak", "label": "neutral", "split": "test", "lang": "pl"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    entry = DatasetEntry(name="cx", train=str(path), dev=str(path), split_col="split",
                         lang_col="lang")
    train, dev = load_dataset(entry.spec("train")), load_dataset(entry.spec("dev"))
    assert train[["text", "lang"]].values.tolist() == [["Dostawa szybka", "pl"]]
    assert dev[["text", "lang"]].values.tolist() == [["late again", "en"]]
    with pytest.raises(InputError, match="no column 'part'"):
        load_dataset({"path": str(path), "where": {"part": "dev"}})


def test_aspect_column_makes_pairs(tmp_path: Path) -> None:
    """An aspect column turns each row into "the sentiment of this aspect in this text"."""
    from cxtext.datasets import ASPECT_SEP, aspect_text, split_aspect

    path = tmp_path / "pairs.csv"
    pd.DataFrame({"aspect": ["jedzenie", "obsługa", ""],
                  "text": ["Jedzenie pyszne, obsługa okropna"] * 2 + ["ok"],
                  "label": ["positive", "negative", "neutral"]}).to_csv(path, index=False)
    df = load_dataset({"path": str(path), "aspect_col": "aspect"})
    assert list(df["text"]) == [aspect_text("jedzenie", "Jedzenie pyszne, obsługa okropna"),
                                aspect_text("obsługa", "Jedzenie pyszne, obsługa okropna"),
                                "ok"]  # no aspect: a plain text
    assert split_aspect(df["text"][1]) == ("obsługa", "Jedzenie pyszne, obsługa okropna")
    assert split_aspect("ok") == (None, "ok")
    assert ASPECT_SEP not in __import__("cxtext.text").text.normalize(f"a{ASPECT_SEP}b")
    with pytest.raises(InputError, match="no column 'target'"):
        load_dataset({"path": str(path), "aspect_col": "target"})


@pytest.mark.parametrize(("root", "hint"), [(None, "Check the path (--data"),
                                            ("some/dir", "or the --data-dir the config's")])
def test_a_missing_dataset_file_points_at_the_option_that_names_it(root, hint) -> None:
    with pytest.raises(InputError, match="Dataset file not found") as info:
        load_dataset({"path": "missing.csv", "text_col": "t", "label_col": "l"}, root=root)
    assert hint in str(info.value)
