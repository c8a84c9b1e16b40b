"""Answer-level text clean-up: normalisation, PII redaction, non-answers, gibberish, emoji.

Everything here is rule-based, fast and deterministic, and works on one string at a
time (:func:`clean`) or on a batch (:func:`clean_many`).

PII is replaced by typed placeholders (:mod:`cxtext.pii`: ``[EMAIL]``, ``[PHONE]``,
``[PESEL]``, ``[IBAN]``, ``[CARD]``, ``[URL]``, ``[ID_CARD]``, ``[PASSPORT]``) before any text
leaves this module, as GDPR/RODO data minimisation expects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cxtext.pii import (  # noqa: F401 - re-exported: PII lived here before 0.3
    PII_KINDS,
    iban_is_valid,
    luhn_is_valid,
    pesel_is_valid,
    redact,
)
from cxtext.schema import MAX_ANSWER_CHARS

__all__ = [
    "PII_KINDS",
    "as_texts",
    "text_items",
    "CleanText",
    "MAX_ANSWER_CHARS",
    "truncate",
    "clean",
    "clean_many",
    "normalize",
    "redact",
    "redact_raw",
    "non_answer_reason",
    "is_gibberish",
    "emoji_sentiment",
    "pesel_is_valid",
    "luhn_is_valid",
    "iban_is_valid",
]


# --------------------------------------------------------------------------- normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r"\s*(?:\r\n|\r|\n|\x85|\u2028|\u2029)\s*")


def text_items(X: Any, *, what: str = "Models") -> list[Any]:
    """The items of a batch of texts, as given; a mapping or set (no order to answer in) or
    bytes among the items is a clear :class:`~cxtext.errors.InputError`."""
    from cxtext.errors import InputError

    if isinstance(X, (dict, set, frozenset)):
        raise InputError(f"{what} take a list (or Series) of texts, got a {type(X).__name__}, "
                         "whose order (and, for a dict, whose values) would be lost. Fix: "
                         "pass list(d.values()) or a list in the order you want back.")
    try:
        items = list(X)
    except TypeError:
        raise InputError(f"Expected a list of texts, got {type(X).__name__}.") from None
    raw = [i for i, x in enumerate(items) if isinstance(x, (bytes, bytearray))]
    if raw:
        more = f" and {len(raw) - 1} more" if len(raw) > 1 else ""
        raise InputError(f"{what} take texts, but item {raw[0]} is bytes "
                         f"({items[raw[0]]!r:.40}){more}. Fix: decode them first, e.g. "
                         "[b.decode('utf-8') for b in items].")
    return items


def _is_missing(value: object) -> bool:
    try:
        return bool(value != value) or str(value) in ("<NA>", "NaT")  # NaN, pd.NA, NaT
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def as_texts(X: Any, *, what: str = "Models") -> list[str]:
    """Validate model input: a list/Series/array of strings (None/NaN -> ""). A single string
    or a DataFrame is a clear :class:`~cxtext.errors.InputError` (``what`` names the caller)."""
    from cxtext.errors import InputError

    if isinstance(X, (str, bytes)):
        raise InputError(
            f"{what} take a list (or Series) of texts, got a single string. "
            "Fix: model.predict([text])."
        )
    if hasattr(X, "columns") and hasattr(X, "iloc"):
        raise InputError(f"{what} take one column of texts, not a DataFrame.")
    items = text_items(X, what=what)
    return ["" if x is None or _is_missing(x) else str(x) for x in items]


def normalize(text: object) -> str:
    """NFC-normalise, drop control and zero-width characters, collapse whitespace.

    A line break between two lines becomes ``". "`` when the first line does not end
    with punctuation (so clause splitting sees the sentence end), else a space.
    ``None``, NaN, ``pd.NA`` and ``NaT`` give ``""``.

    Runs of symbols are bounded by :func:`cap_symbol_runs` (a unit of 1-4 characters with a
    symbol in it, such as ``!``, ``😀``, ``:)`` or ``!?``, repeated more than 5 times in a
    row keeps 5 repeats; a run of more than 20 symbols in a row gets a space every 20), so
    tokenising a long run of emoji or punctuation takes linear time instead of quadratic.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        if _is_missing(text):
            return ""
        text = str(text)
    text = unicodedata.normalize("NFC", text)
    # keep ZWJ inside emoji sequences intact enough: removing it splits 👨‍👩 into 👨👩, harmless
    text = text.translate(_ZERO_WIDTH)
    text = _CONTROL.sub(" ", text)
    text = cap_symbol_runs(text)
    text = _NEWLINES.sub(lambda m: "\n", text)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    out = ""
    for ln in lines:
        if not ln:
            continue
        if out:
            out += " " if out[-1] in ".!?;:,…" else ". "
        out += ln
    return out


# a unit of 1-4 non-space characters repeated: group 1 is the unit (the shortest that repeats)
_REPEATS = re.compile(r"(\S{1,4}?)\1{5,}")
# a symbol: neither a letter, a digit nor whitespace (punctuation, emoji, ``_``)
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_){21,}")


def cap_symbol_runs(text: str, *, max_repeats: int = 5, max_run: int = 20) -> str:
    """Bound runs of repeated symbols, which spaCy tokenises in quadratic time.

    * a unit of 1-4 non-space characters containing at least one symbol (a character that is
      not a letter, digit or space: punctuation, emoji, ``_``), repeated more than
      ``max_repeats`` times in a row, keeps ``max_repeats`` repeats: ``"😀" * 5000`` becomes
      ``"😀😀😀😀😀"``, ``":):):):):):)"`` becomes ``":):):):):)"``, ``"!?" * 9`` becomes
      ``"!?" * 5``; letters and digits alone are never cut (``"hahahahaha"``, ``"1000000"``);
    * a run of more than ``max_run`` symbols in a row (mixed emoji or punctuation) gets a space
      after every ``max_run`` symbols, so no character is dropped.

    Emoji and emoticons stay in the text (emoji sentiment still sees them). Linear time.
    """
    if max_repeats < 1 or max_run < 1:
        from cxtext.errors import ConfigError

        raise ConfigError(f"cap_symbol_runs: max_repeats={max_repeats} and max_run={max_run}; "
                          "both must be at least 1")

    def repeats(m: re.Match[str]) -> str:
        unit = m.group(1)
        return m.group(0) if unit.isalnum() else unit * max_repeats

    def split(m: re.Match[str]) -> str:
        run = m.group(0)
        return " ".join(run[i:i + max_run] for i in range(0, len(run), max_run))

    # only symbols are cut or split: a text whose symbols are too few is returned at once
    counts = [text.count(c) for c in set(text) if not c.isalnum() and not c.isspace()]
    if not counts or (max(counts) <= max_repeats and sum(counts) <= max_run):
        return text
    if max(counts) > max_repeats:  # a unit holding a symbol repeats that symbol
        if max_repeats == 5:
            text = _REPEATS.sub(repeats, text)
        else:
            text = re.sub(rf"(\S{{1,4}}?)\1{{{max_repeats},}}", repeats, text)
    if max_run == 20:
        return _SYMBOL_RUN.sub(split, text)
    return re.sub(rf"(?:[^\w\s]|_){{{max_run + 1},}}", split, text)


# --------------------------------------------------------------------------- PII

def redact_raw(value: object) -> str:
    """``value`` as read (not normalised) with its PII replaced, for outputs that show the
    original text (``text_raw``, rejected rows). When PII shows only after normalisation -
    split by zero-width characters, no-break spaces or line breaks - the normalised, redacted
    text is returned instead, so nothing :func:`clean` would redact survives.

    >>> redact_raw("Tel.\u00a0601\u00a0234\u00a0567\n(wieczorem)")
    'Tel. [PHONE]. (wieczorem)'
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    red, kinds = redact(text)
    norm_red, norm_kinds = redact(normalize(text))
    if set(norm_kinds) - set(kinds) or redact(normalize(red))[1]:
        return norm_red
    return red


# --------------------------------------------------------------------------- non-answers

_NON_ANSWERS = frozenset(
    {
        # Polish
        "brak",
        "brak uwag",
        "brak zdania",
        "brak komentarza",
        "brak odpowiedzi",
        "nie wiem",
        "nie mam zdania",
        "nie mam nic do dodania",
        "nic do dodania",
        "nic",
        "nic nie",
        "bez uwag",
        "bez komentarza",
        "bez zdania",
        "trudno powiedziec",
        "trudno powiedzieć",
        "nie wiem co napisac",
        "nie wiem co napisać",
        "nie mam uwag",
        "nie mam",
        "nie",
        "tak",
        "nd",
        "n d",
        "b d",
        "bd",
        "brak danych",
        "jw",
        "j w",
        "nie dotyczy",
        "żadne",
        "zadne",
        "żadnych",
        "zadnych",
        "zadnego",
        "żadnego",
        "nie pamietam",
        "nie pamiętam",
        "nie chce",
        "nie chcę",
        "nie chce odpowiadac",
        "nie chcę odpowiadać",
        "x",
        "xx",
        "xxx",
        "xxxx",
        "test",
        # English
        "n a",
        "na",
        "none",
        "nothing",
        "no comment",
        "no comments",
        "nothing to add",
        "nothing to say",
        "no idea",
        "dont know",
        "don't know",
        "do not know",
        "i dont know",
        "i don't know",
        "idk",
        "not sure",
        "no opinion",
        "nope",
        "nil",
        "null",
        "nan",
        "no",
        "yes",
        "not applicable",
        "no answer",
        "pass",
        "skip",
        "whatever",
    }
)
_SYMBOLS = frozenset("-_=+*~^`|\\/<>#$%&")


def non_answer_reason(text: str) -> str | None:
    """Why an answer carries no content: ``"empty"``, ``"punctuation"``, ``"non_answer"``, or None.

    Matching is on the whole answer (lower-cased, punctuation stripped), so
    "brak" is a non-answer but "brak kontaktu z kurierem" is not.
    """
    stripped = text.strip()
    if not stripped:
        return "empty"
    # ":)" carries sentiment, "..." does not
    only_punct = all(unicodedata.category(c)[0] in "PZ" or c in _SYMBOLS for c in stripped)
    if only_punct and emoji_sentiment(stripped) is None:
        return "punctuation"
    key = re.sub(r"[^\w']+", " ", stripped.lower()).strip()
    key = re.sub(r"\s+", " ", key)
    if key in _NON_ANSWERS or key.replace("'", "") in _NON_ANSWERS:
        return "non_answer"
    if re.fullmatch(r"(?:\[[A-Z]+\]\s*)+", stripped):
        return "non_answer"  # nothing but redacted PII
    return None


# --------------------------------------------------------------------------- gibberish

_VOWELS = set("aeiouyąęóAEIOUYĄĘÓ")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")


def is_gibberish(text: str) -> bool:
    """Keyboard mashing and filler: "asdasd", "qwerty", "aaaaaa", "fgfhjfghj".

    Conservative by design: real short words, abbreviations (``"OK"``, ``"BLIK"``)
    and numbers are never gibberish.
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return False
    letters = "".join(words)
    if len(letters) < 4:
        return False
    bad = sum(len(w) for w in words if _is_gibberish_word(w))
    return bad / len(letters) >= 0.6


@lru_cache(maxsize=100_000)
def _is_gibberish_word(w: str) -> bool:
    squeezed = re.sub(r"(.)\1{2,}", r"\1", w)  # "suuuuper" -> "super", "aaaaaa" -> "a"
    if len(w) >= 4 and len(squeezed) <= 2:  # aaaa, xxxxx; ababab is caught below
        return True
    if len(squeezed) >= 5 and not (_VOWELS & set(squeezed)):  # no vowel: "fghjkl"
        return True
    if len(squeezed) >= 5 and _mostly_keyboard_run(squeezed):  # qwerty, asdfg
        return True
    return len(squeezed) >= 6 and _is_repeated_chunk(squeezed)  # asdasd, hahaha


_KEY_RUNS5 = frozenset(row[i : i + 5] for row in _KEYBOARD_ROWS for i in range(len(row) - 4))


def _keyboard_cover(word: str) -> float:
    """Share of the word covered by its longest run of adjacent keys on one keyboard row
    ("qwerty" -> 1.0; "oferty" -> 0.67 for "erty"; "certyfikat" -> 0.4)."""
    best = 0
    for row in _KEYBOARD_ROWS:
        for i in range(len(word)):
            j = i + 1
            while j <= len(word) and word[i:j] in row:
                j += 1
            best = max(best, j - 1 - i)
    return best / len(word)


def _mostly_keyboard_run(word: str) -> bool:
    """True when >= 70% of a word (>= 5 letters) is one run of adjacent keys."""
    # a 6+ letter word needs a run of >= 5 keys for 70%: rule most words out cheaply
    if len(word) >= 6 and not any(word[i : i + 5] in _KEY_RUNS5 for i in range(len(word) - 4)):
        return False
    return _keyboard_cover(word) >= 0.7


def _is_repeated_chunk(word: str) -> bool:
    for size in (2, 3, 4):
        chunk = word[:size]
        if (
            len(word) >= 2 * size
            and chunk * (len(word) // size) == word[: size * (len(word) // size)]
        ):
            return True
    return False


# --------------------------------------------------------------------------- emoji

# A small, explicit polarity lexicon of the emoji and emoticons common in CX feedback.
_EMOJI_POLARITY: dict[str, float] = {
    **dict.fromkeys(
        "😀😃😄😁😆😊🙂😉😍🥰😘😎🤩👍👌👏🙌💪❤🧡💛💚💙💜🖤💯⭐🌟✨🎉🥳😻✅🆗🤗😇☺", 1.0
    ),
    **dict.fromkeys("😐😑🤔😶🙄😬🤷", 0.0),
    **dict.fromkeys("😞😔😟😕🙁☹😣😖😫😩😢😭😤😠😡🤬👎💩🤮🤢😒😓😰😱❌⛔🚫💔🐌😪😴", -1.0),
}
_EMOTICONS: dict[str, float] = {
    ":)": 1.0,
    ":-)": 1.0,
    ":D": 1.0,
    ":-D": 1.0,
    ";)": 1.0,
    ";-)": 1.0,
    "<3": 1.0,
    ":P": 0.5,
    "xD": 0.5,
    "XD": 0.5,
    ":(": -1.0,
    ":-(": -1.0,
    ":/": -0.5,
    ":-/": -0.5,
    ":|": 0.0,
    ":'(": -1.0,
    ">:(": -1.0,
}
# ":)" may be glued to a word ("Polecam:)"); "xD" must stand alone
_EMOTICON_RE = re.compile(
    r"(?:(?<!\w)(?:xD|XD)|"
    + "|".join(
        re.escape(e) for e in sorted(_EMOTICONS, key=len, reverse=True) if e not in ("xD", "XD")
    )
    + r")(?![A-Za-z0-9/])"
)


_EMOJI_RE = re.compile("[" + "".join(re.escape(c) for c in _EMOJI_POLARITY) + "]")


def _emoji_polarity(ch: str) -> float | None:
    return _EMOJI_POLARITY.get(ch)


def emoji_sentiment(text: str) -> float | None:
    """Mean polarity in [-1, 1] of the emoji/emoticons in ``text``; None when there are none.

    Emoji are kept in the text; this is a hint for the sentiment models and reports.
    """
    values = [] if text.isascii() else [_EMOJI_POLARITY[c] for c in _EMOJI_RE.findall(text)]
    if ":" in text or ";" in text or "<3" in text or "D" in text:  # every emoticon has one
        values += [_EMOTICONS[m] for m in _EMOTICON_RE.findall(text)]
    if not values:
        return None
    return round(sum(values) / len(values), 4)


# --------------------------------------------------------------------------- facade




@dataclass(frozen=True)
class CleanText:
    """Result of :func:`clean` for one answer."""

    text: str
    pii: tuple[str, ...]
    non_answer: bool
    non_answer_reason: str | None
    gibberish: bool
    emoji_sentiment: float | None
    truncated: bool = False


def truncate(text: str, limit: int = MAX_ANSWER_CHARS) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters, at the last space of the final 1,000
    when there is one; and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text.rfind(" ", max(0, limit - 1000), limit + 1)
    return text[: cut if cut > 0 else limit].rstrip(), True


def clean(text: object) -> CleanText:
    """Normalise, redact and flag one answer (PII is replaced before an over-long answer is
    cut to :data:`MAX_ANSWER_CHARS`, so no half of a number survives). Never raises on odd
    input (None, numbers)."""
    norm = normalize(text)
    redacted, pii = redact(norm)
    redacted, cut = truncate(redacted)
    reason = non_answer_reason(redacted)
    gib = reason is None and is_gibberish(redacted)
    return CleanText(
        text=redacted,
        pii=tuple(pii),
        non_answer=reason is not None,
        non_answer_reason=reason,
        gibberish=gib,
        emoji_sentiment=emoji_sentiment(redacted),
        truncated=cut,
    )


@lru_cache(maxsize=1 << 17)
def _clean_str(text: str) -> CleanText:
    return clean(text)


def clean_many(texts: Iterable[object]) -> list[CleanText]:
    """:func:`clean` over a batch. Results for strings are cached across calls (bounded, 131k
    answers): identical answers are processed once, and so is text that is cleaned again
    (each model cleans its input; answers that cleaning leaves unchanged are then hits)."""
    return [_clean_str(t) if isinstance(t, str) else clean(t) for t in texts]
