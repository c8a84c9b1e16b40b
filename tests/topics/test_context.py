"""topics.context: a rule hit whose clause reads unlike its topic is vetoed; short or typical
contexts keep the rules' decision; the check saves and reloads to the same decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxtext.errors import ConfigError, ModelLoadError
from cxtext.features import prepare
from cxtext.topics import RuleTopics
from cxtext.topics.context import ContextCheck, clause_context

# "błąd" (digital.errors in cx_default) in its usual context: an app or a site failing ...
APP = ["Aplikacja wyrzuca błąd przy logowaniu", "aplikacja pokazuje błąd i się zamyka",
       "Strona wyświetla błąd przy płatności", "ciągle błąd w aplikacji przy zamówieniu",
       "błąd strony, nie mogłem zapłacić kartą", "Aplikacja znowu błąd, nie da się zalogować"]
# ... and sellers, couriers and staff, who never trigger it
PEOPLE = ["Sprzedawca był uprzejmy i doradził", "sprzedawca pomógł wybrać rozmiar",
          "Kurier uprzejmy, paczka na czas", "Pani w sklepie bardzo uprzejma i pomocna",
          "sprzedawca doradził i był miły", "Konsultant pomógł i doradził"]


@pytest.fixture(scope="module")
def fitted() -> tuple[ContextCheck, RuleTopics]:
    rules = RuleTopics(taxonomy="cx_default", context=None).fit()
    texts = (APP + PEOPLE) * 4
    batch = prepare(texts, langs=["pl"] * len(texts))
    check = ContextCheck(min_proba=0.3, min_words=1, min_hits=5, C=5.0).fit(
        batch, rules.assign(batch))
    return check, rules


def _codes(check: ContextCheck, rules: RuleTopics, text: str) -> tuple[set[str], set[str]]:
    batch = prepare([text], langs=["pl"])
    before = rules.assign(batch)
    after = check.check(batch, before)
    return {m.code for m in before[0]}, {m.code for m in after[0]}


def test_trigger_words_are_masked() -> None:
    rules = RuleTopics(taxonomy="cx_default", context=None).fit()
    batch = prepare(["Sprzedawca był uprzejmy i doradził błąd. Dostawa szybka"], langs=["pl"])
    m = next(m for m in rules.assign(batch)[0] if m.code == "digital.errors")
    words = clause_context(batch, 0, m)
    assert "blad" not in words and "sprzedawca" in words
    assert "dostawa" not in words  # another clause


@pytest.mark.parametrize(("text", "kept"), [
    ("Sprzedawca był uprzejmy i doradził błąd", False),  # people context: vetoed
    ("Aplikacja wyrzuca błąd przy płatności", True),  # app context: kept
    ("Błąd!", True),                                 # no context: the rules decide
])
def test_veto_depends_on_the_context(fitted: tuple[ContextCheck, RuleTopics], text: str,
                                     kept: bool) -> None:
    check, rules = fitted
    before, after = _codes(check, rules, text)
    assert "digital.errors" in before
    assert ("digital.errors" in after) is kept


def test_save_reload_same_decisions(fitted: tuple[ContextCheck, RuleTopics],
                                   tmp_path: Path) -> None:
    check, rules = fitted
    folder = check.save(tmp_path / "ctx")
    again = ContextCheck.load(folder)
    texts = ["Sprzedawca wprowadził mnie w błąd", "Aplikacja wyrzuca błąd", *PEOPLE]
    batch = prepare(texts, langs=["pl"] * len(texts))
    matches = rules.assign(batch)
    assert again.check(batch, matches) == check.check(batch, matches)
    assert again.topics_ == check.topics_ and again.hits_ == check.hits_
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["topics"] = config["topics"] + ["extra"]
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="do not match"):
        ContextCheck.load(folder)


@pytest.mark.parametrize("params", [{"min_proba": 1.5}, {"min_words": 0}, {"min_hits": True}])
def test_bad_parameters(params: dict[str, object]) -> None:
    batch = prepare(["a"], langs=["pl"])
    with pytest.raises(ConfigError):
        ContextCheck(**params).fit(batch, [[]])  # type: ignore[arg-type]


def test_rule_topics_use_a_context_check(fitted: tuple[ContextCheck, RuleTopics],
                                         tmp_path: Path) -> None:
    check, _ = fitted
    folder = check.save(tmp_path / "ctx")
    text = ["Sprzedawca był uprzejmy i doradził błąd", "Aplikacja wyrzuca błąd przy płatności"]
    bare = RuleTopics(taxonomy="cx_default", context=None).fit()
    checked = RuleTopics(taxonomy="cx_default", context=str(folder)).fit()
    assert bare.context_ is None and isinstance(checked.context_, ContextCheck)
    assert ["digital.errors" in {m.code for m in ms}
            for ms in bare.assign(text, langs=["pl"] * 2)] == [True, True]
    assert ["digital.errors" in {m.code for m in ms}
            for ms in checked.assign(text, langs=["pl"] * 2)] == [False, True]
    with pytest.raises(ModelLoadError):
        RuleTopics(taxonomy="cx_default", context=str(tmp_path / "missing")).fit()


def test_cli_train_context(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cxtext.cli import app

    data = tmp_path / "answers.jsonl"
    data.write_text("".join(json.dumps({"text": t, "lang": "pl"}, ensure_ascii=False) + "\n"
                            for t in (APP + PEOPLE) * 4), encoding="utf-8")
    out = tmp_path / "ctx"
    result = CliRunner().invoke(app, ["train", "context", "--data", str(data), "--taxonomy",
                                      "cx_default", "--out", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert meta["answers"] == 48 and meta["taxonomy"] == "cx_default"
    assert "digital.errors" in ContextCheck.load(out).topics_
    bad = CliRunner().invoke(app, ["train", "context", "--data", str(tmp_path / "nope.csv"),
                                   "--out", str(out)])
    assert bad.exit_code == 2 and "not found" in bad.output
