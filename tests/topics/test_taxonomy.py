"""Taxonomy files: the shipped default, analysts' override files, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cxtext.errors import ConfigError
from cxtext.topics.taxonomy import (
    TaxonomyError,
    load_taxonomy,
    packaged_taxonomies,
)

REQUIRED_PARENTS = ["delivery", "price", "product", "service", "complaints", "digital", "store",
                    "communication", "trust", "feedback"]
REQUIRED_CHILDREN = [
    "delivery.speed", "delivery.cost", "delivery.courier", "delivery.packaging",
    "delivery.tracking", "price.level", "price.promotions", "price.fees", "product.quality",
    "product.availability", "product.description", "service.staff", "service.competence",
    "service.waiting", "service.hotline", "complaints.process", "complaints.refunds",
    "complaints.returns", "complaints.warranty", "digital.website", "digital.app",
    "digital.payment", "digital.login", "digital.errors", "store.look", "store.cleanliness",
    "store.queues", "store.navigation", "communication.marketing",
    "communication.notifications", "communication.language", "trust.privacy",
    "trust.consents", "feedback.survey",
]

TINY = """
format: 1
name: tiny
topics:
  - code: delivery
    name: {pl: Dostawa, en: Delivery}
    terms: {pl: [dostawa], en: [delivery]}
    children:
      - code: delivery.speed
        name: {pl: Czas dostawy, en: Delivery speed}
        terms: {pl: ["szybka dostawa"], en: ["fast delivery"]}
      - code: delivery.courier
        name: {pl: Kurier, en: Courier}
        terms: {pl: [kurier], en: [courier]}
  - code: price
    name: {pl: Cena, en: Price}
    terms: {pl: [cena], en: [price]}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_taxonomy_is_packaged_and_complete() -> None:
    assert "cx_default" in packaged_taxonomies()
    tax = load_taxonomy()
    parents = [t.code for t in tax.parents()]
    for code in REQUIRED_PARENTS:
        assert code in parents
    for code in REQUIRED_CHILDREN:
        assert code in tax, code
        assert tax[code].parent == code.split(".")[0]
    for topic in tax:
        assert topic.name["pl"] and topic.name["en"]
        if topic.level == 2:  # every leaf has seed terms in both languages
            assert topic.terms_in("pl") and topic.terms_in("en"), topic.code
    counts = tax.terms_count()
    assert counts["pl"] > 300 and counts["en"] > 300


def test_cli_dump_exports_the_default_taxonomy(tmp_path: Path) -> None:
    """`cxtext taxonomy --dump` is how a user gets an editable copy of the packaged file."""
    from typer.testing import CliRunner

    from cxtext.cli import app

    result = CliRunner().invoke(app, ["taxonomy", "--dump"])
    assert result.exit_code == 0, result.output
    copy = load_taxonomy(write(tmp_path, "mine.yaml", result.stdout))
    tax = load_taxonomy()
    assert copy.codes == tax.codes
    assert [t.terms for t in copy] == [t.terms for t in tax]


def test_round_trip_to_yaml(tmp_path: Path) -> None:
    tax = load_taxonomy()
    again = load_taxonomy(write(tmp_path, "copy.yaml", tax.to_yaml()))
    assert again.codes == tax.codes
    assert [t.terms for t in again] == [t.terms for t in tax]
    assert [t.exclude for t in again] == [t.exclude for t in tax]


def test_toml_is_read(tmp_path: Path) -> None:
    toml = """
format = 1
name = "t"
[[topics]]
code = "price"
name = {pl = "Cena", en = "Price"}
terms = {pl = ["cena"], en = ["price"]}
"""
    tax = load_taxonomy(write(tmp_path, "t.toml", toml))
    assert tax.codes == ["price"]


def test_override_add_rename_merge_disable(tmp_path: Path) -> None:
    base = write(tmp_path, "base.yaml", TINY)
    override = write(tmp_path, "mine.yaml", """
format: 1
extends: base.yaml
name: my_shop
disable: [price]
rename: {delivery.courier: {pl: Kurierzy, en: Couriers}}
merge: {delivery.speed: delivery.courier}
topics:
  - code: delivery.lockers
    name: {pl: Paczkomaty, en: Parcel lockers}
    terms: {pl: [paczkomat], en: [parcel locker]}
  - code: delivery
    terms: {pl: [przesyłka]}
""")
    tax = load_taxonomy(override)
    assert tax.name == "my_shop"
    assert tax.codes == ["delivery", "delivery.courier", "delivery.lockers"]
    assert tax["delivery.courier"].name == {"pl": "Kurierzy", "en": "Couriers"}
    assert {t.text for t in tax["delivery.courier"].terms} >= {"kurier", "szybka dostawa"}
    assert {t.text for t in tax["delivery"].terms_in("pl")} == {"dostawa", "przesyłka"}
    assert tax.sources == [str(base), str(override)]
    assert load_taxonomy(base).codes[-1] == "price"  # the base file is untouched


def test_extends_the_packaged_default(tmp_path: Path) -> None:
    tax = load_taxonomy(write(tmp_path, "mine.yaml",
                              "format: 1\nextends: cx_default\ndisable: [feedback]\n"))
    assert "feedback" not in tax and "feedback.survey" not in tax
    assert "delivery.speed" in tax


BAD_CASES = [
    # (file content, words the message must contain)
    ("", ["empty"]),
    ("topics: [", ["not valid YAML"]),
    ("- a\n- b\n", ["mapping at the top level"]),
    ("format: 2\ntopics: []\n", ["format 2"]),
    ("format: 1\ntopcs: []\n", ["unknown key", "topcs"]),
    ("format: 1\ntopics: []\n", ["no topics"]),
    ("format: 1\ntopics: {a: 1}\n", ["'topics' must be a list"]),
    ("format: 1\ntopics:\n  - name: {pl: A, en: A}\n", ["topic #1", "'code' is missing"]),
    ("format: 1\ntopics:\n  - code: Dostawa\n    name: {pl: A, en: A}\n",
     ["'Dostawa'", "invalid code"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A}\n", ["'a'", "missing en"]),
    ("format: 1\ntopics:\n  - code: a\n", ["'a'", "'name' is missing"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    colour: red\n",
     ["'a'", "unknown key", "colour"]),
    ("format: 1\ntopics:\n  - {code: a, name: {pl: A, en: A}}\n"
     "  - {code: a, name: {pl: B, en: B}}\n", ["'a'", "defined twice"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    children:\n"
     "      - {code: b.x, name: {pl: B, en: B}}\n",
     ["'b.x'", "must have a code starting with 'a.'"]),
    ("format: 1\ntopics:\n  - {code: a.b.c, name: {pl: A, en: A}}\n", ["'a.b.c'", "two levels"]),
    ("format: 1\ntopics:\n  - {code: x.y, name: {pl: A, en: A}}\n",
     ["'x.y'", "'x' does not exist"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    terms: [dostawa]\n",
     ["'a'", "'terms' must be a mapping"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    terms: {de: [x]}\n",
     ["'a'", "unknown language 'de'"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    terms: {pl: dostawa}\n",
     ["'a'", "must be a list"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    terms: {pl: ['']}\n",
     ["'a'", "non-empty string"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    terms: {pl: ['d*']}\n",
     ["'a'", "too short"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    terms: {pl: ['do*stawa']}\n",
     ["'a'", "only at the end"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n    terms: {pl: ['... kurier']}\n",
     ["'a'", "between two words"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n"
     "    terms: {pl: [{term: x, negated: maybe}]}\n", ["'a'", "true or false"]),
    ("format: 1\ntopics:\n  - code: a\n    name: {pl: A, en: A}\n"
     "    terms: {pl: [{term: x, neg: true}]}\n", ["'a'", "exactly the keys"]),
    ("format: 1\nextends: nowhere.yaml\n", ["'nowhere.yaml' not found"]),
    ("format: 1\nextends: cx_default\ndisable: [deliveryy]\n", ["disable", "'deliveryy'",
                                                              "does not exist"]),
    ("format: 1\nextends: cx_default\nrename: {nope: {pl: X}}\n", ["rename", "'nope'"]),
    ("format: 1\nextends: cx_default\nmerge: {delivery.speed: nope}\n", ["merge", "'nope'"]),
    ("format: 1\nextends: cx_default\nmerge: {delivery.speed: delivery}\n",
     ["'delivery.speed'", "cannot be merged"]),
]


@pytest.mark.parametrize(("text", "needles"), BAD_CASES)
def test_validation_errors_name_file_topic_and_problem(
    tmp_path: Path, text: str, needles: list[str]
) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    msg = str(info.value)
    assert str(path) in msg or "not found" in msg
    for needle in needles:
        assert needle in msg, (needle, msg)


def test_errors_are_config_and_value_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_taxonomy(write(tmp_path, "x.yaml", "format: 1\n"))
    with pytest.raises(ValueError):
        load_taxonomy(write(tmp_path, "x.yaml", "format: 1\n"))


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "format: 1\nextends: b.yaml\n")
    write(tmp_path, "b.yaml", "format: 1\nextends: a.yaml\n")
    with pytest.raises(TaxonomyError, match="cycle"):
        load_taxonomy(tmp_path / "a.yaml")


def test_unknown_topic_lookup_lists_codes() -> None:
    tax = load_taxonomy(yaml.safe_load(TINY))
    with pytest.raises(KeyError, match="delivery.speed"):
        tax["nope"]
