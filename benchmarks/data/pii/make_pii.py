"""Write the labelled PII benchmark files ``pii_dev.jsonl`` and ``pii_test.jsonl``.

    python benchmarks/data/pii/make_pii.py [--out-dir benchmarks/data/pii]

Deterministic (fixed seeds, no clock, no network): running it again writes the same bytes.
Hand-written answers (``pii_templates.py``; dev and test share no template) are filled with
values from ``pii_values.py``; no value occurs in both files. Each line is
``{"id", "lang", "text", "pii": [{"kind", "value", "format"}], "lookalike"}``. Written
without looking at the detector; see GUIDELINES.md. Check the result with ``check_pii.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pii_templates import LOOKALIKE_TEMPLATES, PII_TEMPLATES  # noqa: E402
from pii_values import KINDS, LOOKALIKES, Value, expiry_tail, fold  # noqa: E402

SEEDS = {"dev": 20240611, "test": 90210417}
SPLITS = ("dev", "test")
PER_FORMAT = {"PHONE": 5}  # answers per format with one PII item; other kinds: DEFAULT
DEFAULT_PER_FORMAT = 6
# formats written mostly in Polish (60 %) / in English (65 %) answers; the rest half and half
POLISH_FIRST = re.compile(r"^(phone_pl_|pesel|id_card_|passport_)")
ENGLISH_FIRST = re.compile(r"^(phone_us_|phone_uk_|phone_de_|iban_de|iban_gb|iban_fr)")
# look-alike formats whose meaning a change of letter case would alter
CASE_SENSITIVE_LOOKALIKES = {"sentence_join", "abbreviation_dots", "hashtag", "brand_mention"}
# obfuscated e-mails spelled with Polish words go into Polish answers only
POLISH_WORDS = re.compile(r"małpa|kropka")
# a slot's filling: (value, unlabelled text after it, kind or None, format or None)
Fill = tuple[str, str, str | None, str | None]
SLOT = re.compile(r"\{([^{}]+)\}")


@dataclass
class Answer:
    lang: str
    text: str
    pii: list[dict[str, str]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    lookalike: str | None = None


class Cycle:
    """Hands out the items of a list in shuffled rounds, so every template gets used."""

    def __init__(self, items: Sequence[str], rng: random.Random) -> None:
        self.items, self.rng, self.queue = list(items), rng, list[str]()

    def next(self) -> str:
        if not self.queue:
            self.queue = self.items[:]
            self.rng.shuffle(self.queue)
        return self.queue.pop()


class Fresh:
    """Draws values never drawn before in either file (compared without separators/case)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def draw(self, gen: Callable[[random.Random], Any], rng: random.Random) -> Any:
        for _ in range(1000):
            value = gen(rng)
            key = re.sub(r"\W", "", value.text if isinstance(value, Value) else value).lower()
            if key not in self.seen:
                self.seen.add(key)
                return value
        raise RuntimeError(f"could not draw a fresh value from {gen}")


def _fixed(value: Value, kind: str, fmt: str, _slot: str) -> Fill:
    return value.text, value.tail, kind, fmt


def render(template: str, fill: Callable[[str], Fill]) -> Answer:
    """Fill the slots; ``fill(slot) -> (value, tail, kind, format)`` (kind None: unlabelled)."""
    out, pii, spans, lookalike, pos = [], [], [], None, 0
    length = 0
    for m in SLOT.finditer(template):
        literal = template[pos : m.start()]
        out.append(literal)
        length += len(literal)
        value, tail, kind, fmt = fill(m.group(1))
        if kind is not None and fmt is not None:
            pii.append({"kind": kind, "value": value, "format": fmt})
            spans.append((length, length + len(value)))
        elif fmt is not None and lookalike is None:
            lookalike = fmt
        out.append(value + tail)
        length += len(value) + len(tail)
        pos = m.end()
    out.append(template[pos:])
    return Answer(lang="", text="".join(out), pii=pii, spans=spans, lookalike=lookalike)


def languages(fmt: str, n: int, rng: random.Random) -> list[str]:
    share = 0.6 if POLISH_FIRST.match(fmt) else 0.35 if ENGLISH_FIRST.match(fmt) else 0.5
    n_pl = round(n * share) if n * share % 1 != 0.5 else int(n * share) + rng.randrange(2)
    langs = ["pl"] * n_pl + ["en"] * (n - n_pl)
    rng.shuffle(langs)
    return langs


def transform(answer: Answer, rng: random.Random, case_ok: bool = True) -> Answer:
    """Now and then: Polish without diacritics, all lower case or all upper case.

    Applied only where every labelled value stays the same string (so an upper-case answer
    keeps a lower-case e-mail address out of it rather than changing its format).
    """
    r = rng.random()
    if answer.lang == "pl":
        change = fold if r < 0.15 else str.lower if r < 0.21 else str.upper if r < 0.26 else None
    else:
        change = str.lower if r < 0.07 else str.upper if r < 0.12 else None
    if change is None or (change is not fold and not case_ok):
        return answer
    text = change(answer.text)
    if len(text) != len(answer.text):
        return answer
    if any(
        text[s:e] != item["value"] for (s, e), item in zip(answer.spans, answer.pii, strict=True)
    ):
        return answer
    answer.text = text
    return answer


def build(split: str, fresh: Fresh) -> list[dict[str, Any]]:
    rng = random.Random(SEEDS[split])
    templates = PII_TEMPLATES[split]
    answers: list[Answer] = []

    def pii_value(kind: str, fmt: str, lang: str) -> Value:
        value: Value = fresh.draw(KINDS[kind][fmt], rng)
        while lang == "en" and POLISH_WORDS.search(value.text):  # "jan małpa wp kropka pl"
            value = fresh.draw(KINDS[kind][fmt], rng)
        if value.tail == "<expiry>":
            value = Value(value.text, expiry_tail(rng, lang))
        return value

    # one PII item per answer: every format, several times, in hand-written answers
    for kind, formats in KINDS.items():
        pools = {lang: Cycle(templates[kind][lang], rng) for lang in ("pl", "en")}
        for fmt in formats:
            for lang in languages(fmt, PER_FORMAT.get(kind, DEFAULT_PER_FORMAT), rng):
                value = pii_value(kind, fmt, lang)
                ans = render(pools[lang].next(), partial(_fixed, value, kind, fmt))
                ans.lang = lang
                answers.append(ans)

    # two or more PII items (sometimes with an unlabelled look-alike next to them)
    format_cycles = {kind: Cycle(list(formats), rng) for kind, formats in KINDS.items()}

    def fill_multi(lang: str, slot: str) -> Fill:
        if slot.startswith("~"):
            fmt = slot[1:]
            return fresh.draw(LOOKALIKES[fmt], rng), "", None, fmt
        kind = slot.split(":")[0]
        fmt = format_cycles[kind].next()
        value = pii_value(kind, fmt, lang)
        return value.text, value.tail, kind, fmt

    for lang in ("pl", "en"):
        for template in templates["MULTI"][lang]:
            ans = render(template, partial(fill_multi, lang))
            ans.lang = lang
            answers.append(ans)

    # look-alikes: no personal data
    def fill_lookalike(fmt: str, slot: str) -> Fill:
        if slot != "V":
            raise ValueError(f"look-alike templates take only the slot {{V}}, got {{{slot}}}")
        return fresh.draw(LOOKALIKES[fmt], rng), "", None, None

    for fmt, by_lang in LOOKALIKE_TEMPLATES[split].items():
        for lang, items in by_lang.items():
            for template in items:
                ans = render(template, partial(fill_lookalike, fmt))
                ans.lang, ans.lookalike = lang, fmt
                answers.append(ans)

    for ans in answers:
        transform(ans, rng, case_ok=ans.lookalike not in CASE_SENSITIVE_LOOKALIKES)
    rng.shuffle(answers)
    return [
        {
            "id": f"{split}-{i:04d}",
            "lang": ans.lang,
            "text": ans.text,
            "pii": ans.pii,
            "lookalike": ans.lookalike,
        }
        for i, ans in enumerate(answers, start=1)
    ]


def _templates(split: str) -> set[str]:
    sources = (PII_TEMPLATES[split], LOOKALIKE_TEMPLATES[split])
    return {t for src in sources for by_lang in src.values() for ts in by_lang.values() for t in ts}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=HERE)
    args = parser.parse_args(argv)
    shared = _templates("dev") & _templates("test")
    if shared:
        raise ValueError(f"dev and test must not share templates; both have: {sorted(shared)}")
    fresh = Fresh()
    for split in SPLITS:
        rows = build(split, fresh)
        path = args.out_dir / f"pii_{split}.jsonl"
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        n_pii = sum(1 for r in rows if r["pii"])
        print(f"{path}: {len(rows)} answers ({n_pii} with PII, {len(rows) - n_pii} look-alikes)")


if __name__ == "__main__":
    main()
