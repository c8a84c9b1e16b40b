"""Discovered themes in the same run as the analysis: they enter the driver tables as a
second, marked layer, with phrase labels; the analyst renames them in the snippet and the
next run keeps those names; ``--no-themes`` is "only my topics"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from typer.testing import CliRunner

import cxtext
from cxtext.cli import app
from cxtext.drivers import DRIVER_COLUMNS
from cxtext.topics.discover import phrase_label


def test_themes_enter_the_driver_tables(example_analysis: tuple[Path, dict[str, Any]]) -> None:
    out, summary = example_analysis
    table = pd.read_csv(out / "drivers_themes.csv", encoding="utf-8-sig")
    assert list(table.columns) == [*DRIVER_COLUMNS, "label", "layer"]
    assert len(table) >= 2 and set(table["layer"]) == {"discovered"}
    themes = pd.read_csv(out / "themes.csv", encoding="utf-8-sig")
    assert set(table["label"]) == set(themes["label"])
    # the themes' mentions are respondents the taxonomy did not cover: no overlap with topics
    impact = pd.read_csv(out / "drivers_impact.csv", encoding="utf-8-sig")
    assert not set(table["topic"]) & set(impact["topic"])
    assert table["n"].eq(impact["n"].iloc[0]).all()  # the same respondents as the topics
    listed = {t["code"]: t for t in summary["themes"]}
    assert set(listed) == set(table["topic"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="discovered"' in html and table["label"].iloc[0] in html
    assert "Discovered themes" in pd.ExcelFile(out / "report.xlsx").sheet_names


def test_labels_are_phrases_the_answers_contain(
        example_analysis: tuple[Path, dict[str, Any]]) -> None:
    out, _ = example_analysis
    themes = pd.read_csv(out / "themes.csv", encoding="utf-8-sig")
    answers = pd.read_csv(out / "responses.csv", encoding="utf-8-sig")["text"]
    import re

    words = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
    texts = "\n".join(" ".join(words.findall(str(t).lower())) for t in answers.fillna(""))
    for label in themes["label"]:
        for phrase in label.split(" / "):
            assert phrase in texts, phrase  # words as written (no punctuation), not lemmas


def test_phrase_label_prefers_the_typical_longer_phrase() -> None:
    members = ["Nie mam zastrzeżeń, polecam", "nie mam zastrzeżeń", "Polecam, nie mam "
               "zastrzeżeń do sklepu", "wszystko ok, polecam"]
    pool = members + ["dostawa szybka", "sklep w porządku", "drogo", "obsługa miła"] * 5
    from collections import Counter

    from cxtext.topics.discover import _phrases

    df: Counter[str] = Counter()
    for t in pool:
        df.update(_phrases(t))
    assert phrase_label(members, df, len(pool)) == "nie mam zastrzeżeń / polecam"


def test_a_rename_in_the_snippet_survives_the_next_run(tmp_path: Path,
                                                       examples_dir: Path) -> None:
    src = examples_dir / "nps_survey.csv"
    first = tmp_path / "first"
    cxtext.analyze_file(src, first, profile="fast", report=False)
    snippet = yaml.safe_load((first / "taxonomy_snippet.yaml").read_text(encoding="utf-8"))
    assert snippet["extends"] == "cx_default"
    top = snippet["topics"][0]
    top["name"] = {"pl": "Zgodność zamówienia", "en": "Order as ordered"}
    mine = tmp_path / "my_taxonomy.yaml"
    mine.write_text(yaml.safe_dump(snippet, allow_unicode=True), encoding="utf-8")

    second = tmp_path / "second"
    summary = cxtext.analyze_file(src, second, profile="fast", taxonomy=str(mine),
                                  report_lang="pl")
    impact = pd.read_csv(second / "drivers_impact.csv", encoding="utf-8-sig")
    assert top["code"] in set(impact["topic"])  # a topic now, scored with the others
    html = (second / "report.html").read_text(encoding="utf-8")
    assert "Zgodność zamówienia" in html
    first_summary = json.loads((first / "summary.json").read_text(encoding="utf-8"))
    assert summary["topic_coverage"]["answers"] > first_summary["topic_coverage"]["answers"]
    # the next snippet extends the analyst's file, so their names stay in force
    again = yaml.safe_load((second / "taxonomy_snippet.yaml").read_text(encoding="utf-8"))
    assert again["extends"] == str(mine.resolve())
    assert top["code"] not in {t["code"] for t in again["topics"]}


def test_no_themes_is_only_my_topics(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(examples_dir / "nps_survey.csv"),
                                      "--out", str(out), "--profile", "fast", "--no-themes"])
    assert result.exit_code == 0, result.output
    assert not (out / "drivers_themes.csv").exists() and not (out / "themes.csv").exists()
    assert "themes" not in json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_snippet_terms_are_phrases_the_themes_answers_contain(tmp_path: Path,
                                                             examples_dir: Path) -> None:
    """Seed terms are the theme's typical phrases as written ("bez większych problemów"),
    never lemma fragments, reordered pairs or hedges ("tyle", "raczej", "nie wiem"); a theme
    whose code the extended taxonomy already has gets another code (no silent merge)."""
    from cxtext.topics import RuleTopics

    found = cxtext.discover(examples_dir / "nps_survey.csv", random_state=0)
    text = found.taxonomy_snippet()
    snippet = yaml.safe_load(text)
    (tmp_path / "snippet.yaml").write_text(text, encoding="utf-8")
    rules = RuleTopics(taxonomy=str(tmp_path / "snippet.yaml")).fit()
    assert len(snippet["topics"]) == len(found.themes) >= 2
    for theme, topic in zip(found.themes, snippet["topics"], strict=True):
        rows = found.assignments[found.assignments["theme"] == theme.theme]["text"].tolist()
        terms = [t for ts in topic["terms"].values() for t in ts]
        assert terms and all(t in " ".join(rows).lower() for t in terms), terms
        assert not {t for t in terms if t in {"tyle", "raczej", "niby", "nie wiem", "wiem"}}
        matched = {m.term for ms in rules.assign(rows, langs=["pl"] * len(rows)) for m in ms
                   if m.code == topic["code"]}
        assert set(terms) <= matched, (set(terms) - matched, theme.label)  # each one matches
    taken = snippet["topics"][0]["code"]
    mine = tmp_path / "mine.yaml"
    mine.write_text(yaml.safe_dump({"format": 1, "extends": "cx_default", "topics": [
        {"code": taken, "name": {"pl": "Moje", "en": "Mine"}, "terms": {"pl": ["x"]}}]},
        allow_unicode=True), encoding="utf-8")
    again = yaml.safe_load(found.taxonomy_snippet(extends=str(mine)))
    codes = [t["code"] for t in again["topics"]]
    assert taken not in codes and f"{taken}_2" in codes and len(set(codes)) == len(codes)
