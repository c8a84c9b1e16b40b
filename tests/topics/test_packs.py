"""Industry taxonomy packs: each extends the shared core (cx_default), loads by its name
(``--taxonomy telco``, ``classify(topics="telco")``), is bilingual, and reads its industry's
answers where the retail default misfires (polysemy: a SaaS "package" is a plan, a bank
"oddział" is a branch, a late train is not a late delivery)."""

from __future__ import annotations

import pytest

import cxtext
from cxtext.topics.taxonomy import load_taxonomy, packaged_taxonomies

PACKS = ("banking", "healthcare", "hospitality", "saas", "telco", "travel", "utilities")

#: (pack, answer, codes the pack must find, retail codes it must not)
CASES = [
    ("telco", "Brak zasięgu w domu, a internet ciągle się rozłącza",
     {"network.coverage", "network.outages"}, {"digital", "service.hotline"}),
    ("telco", "Technician never showed up and the router is faulty",
     {"installation.technician", "equipment.devices"}, {"product.quality"}),
    ("saas", "The board keeps crashing and loading takes forever", {"tech.stability"},
     {"store", "digital.errors"}),
    ("saas", "No suitable package for a small team", {"price.plans"}, {"delivery"}),
    ("banking", "Wysokie prowizje za przelewy, doradca w oddziale pomocny",
     {"price.fees", "banking.branches"}, {"store"}),
    ("banking", "The insurance claim took three months to pay out", {"insurance.claims"},
     {"complaints"}),
    ("healthcare", "Długo czekałam na termin do kardiologa, lekarz bardzo miły",
     {"appointments.availability", "medical_staff.doctors"}, set()),
    ("healthcare", "Lab results were online the next day", {"care.results"},
     {"delivery.speed"}),
    ("travel", "Pociąg spóźnił się 40 minut, w wagonie brudno",
     {"punctuality.delays", "onboard.cleanliness"}, {"delivery.speed", "store.cleanliness"}),
    ("travel", "Lost my luggage and the refund took ages", {"baggage.handling"}, set()),
    ("hospitality", "Pokój czysty, śniadanie pyszne", {"stay.cleanliness", "dining.breakfast"},
     {"store.cleanliness"}),
    ("hospitality", "The waiter was rude and the food came cold",
     {"service.waiters", "dining.food"}, {"product"}),
    ("utilities", "Przerwa w dostawie prądu trwała dwa dni", {"supply.outages"},
     {"delivery", "delivery.speed"}),
    ("utilities", "The meter reading was estimated and the bill doubled",
     {"billing.meter_readings"}, set()),
]


def test_packs_are_packaged() -> None:
    assert set(PACKS) <= set(packaged_taxonomies())


@pytest.mark.parametrize("pack", PACKS)
def test_pack_extends_the_core_and_is_bilingual(pack: str) -> None:
    tax = load_taxonomy(pack)
    core = {t.code for t in load_taxonomy("cx_default")}
    topics = list(tax)
    assert tax.name == pack
    assert {"price", "service"} <= {t.code for t in topics}  # the shared core stays
    new = [t for t in topics if t.code not in core]
    assert len([t for t in new if t.parent is not None]) >= 5, "industry level-2 topics"
    for t in topics:
        assert t.name.get("pl") and t.name.get("en"), t.code
    for t in new:
        assert t.description.get("pl") and t.description.get("en"), t.code
        assert {"pl", "en"} <= {term.lang for term in t.terms}, t.code


@pytest.mark.parametrize(("pack", "text", "want", "never"), CASES)
def test_pack_reads_its_industry(pack: str, text: str, want: set[str], never: set[str]) -> None:
    [rec] = cxtext.classify([text], topics=pack, sentiment=None)
    got = {t["code"] for t in rec["topics"]}
    assert want <= got, got
    assert not got & never, got


def test_unknown_pack_lists_the_packaged_ones() -> None:
    from cxtext.errors import CxTextError

    with pytest.raises(CxTextError, match="telco"):
        cxtext.classify(["ok"], topics="telekom.yaml", sentiment=None)


@pytest.mark.parametrize(("name", "hint"), [
    ("travell", "Did you mean 'travel'?"),
    ("telco+readr", "Did you mean 'telco'?"),
    ("nosuch", "Packaged taxonomies: banking, cx_default"),
])
def test_an_unknown_topics_name_lists_the_packs_and_suggests_one(name: str, hint: str) -> None:
    from cxtext.errors import ModelLoadError
    from cxtext.topics import load_topic_model

    with pytest.raises(ModelLoadError) as info:
        load_topic_model(name)
    msg = str(info.value)
    assert f"Unknown topics {name!r}" in msg and hint in msg and "topics.rules.v1" in msg
    assert "config.json" not in msg
