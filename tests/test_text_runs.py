"""Runs of repeated symbols are capped before tokenising (cxtext.text.cap_symbol_runs, called
by normalize): long emoji/emoticon/punctuation runs classify in linear time."""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable

import pytest

import cxtext
from cxtext.errors import ConfigError
from cxtext.text import cap_symbol_runs, clean, emoji_sentiment, normalize


@pytest.mark.parametrize(("text", "expected"), [
    ("😀" * 5000, "😀" * 5),
    (":)" * 2500, ":)" * 5),
    ("super!!!!!!!!!!", "super!!!!!"),
    ("!?" * 9, "!?" * 5),
    ("❤️" * 8, "❤️" * 5),                      # emoji + variation selector is one unit
    ("a." * 100, "a." * 5),
    ("_" * 30, "_" * 5),
    ("ok😀😀😀😀😀", "ok😀😀😀😀😀"),           # five repeats are kept as they are
    ("hahahahahahaha", "hahahahahahaha"),     # letters and digits alone are never cut
    ("1000000000 zł", "1000000000 zł"),
    ("Nieeeeeeeeeee polecam", "Nieeeeeeeeeee polecam"),
    ("https://example.com/a?b=c&d=e", "https://example.com/a?b=c&d=e"),
    (":-) :-) :-) :-) :-) :-) :-)", ":-) :-) :-) :-) :-) :-) :-)"),  # spaced: left alone
    ("", ""),
])
def test_cap_symbol_runs(text: str, expected: str) -> None:
    assert cap_symbol_runs(text) == expected


def test_long_mixed_symbol_runs_get_spaces_but_keep_every_character() -> None:
    rng = random.Random(0)
    run = "".join(rng.choice("!?.()😀😞") for _ in range(95))
    out = cap_symbol_runs("ok " + run)
    assert out.replace(" ", "") == ("ok " + run).replace(" ", "")
    assert max(len(w) for w in out.split()) <= 20


def test_options() -> None:
    assert cap_symbol_runs("!" * 10, max_repeats=2) == "!!"
    assert cap_symbol_runs("!?." * 10, max_repeats=100, max_run=10).split() == [
        "!?.!?.!?.!", "?.!?.!?.!?", ".!?.!?.!?."]
    with pytest.raises(ConfigError, match="max_repeats=0 .* must be at least 1"):
        cap_symbol_runs("x", max_repeats=0)


def test_normalize_caps_and_emoji_sentiment_still_sees_the_emoji() -> None:
    assert normalize("Polecam " + "😀" * 3000) == "Polecam 😀😀😀😀😀"
    assert emoji_sentiment(normalize("Nie polecam " + "😡" * 3000)) == -1.0
    assert clean("Super " + ":)" * 1000).emoji_sentiment == 1.0


def _seconds(clf: cxtext.Classifier, make: Callable[[int], str], n: int) -> float:
    """Best of 3; the run is glued to a distinct word each time, so neither cxtext's nor
    spaCy's tokenizer cache (keyed by the space-free chunk) can answer."""
    best = float("inf")
    for k in range(3):
        text = f"Produkt dobry q{k}x{n}" + make(n)
        t0 = time.perf_counter()
        clf([text])
        best = min(best, time.perf_counter() - t0)
    return best


_RNG = random.Random(0)
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "emoji run": lambda n: "😀" * n,
    "emoticon run": lambda n: ":)" * (n // 2),
    "exclamations": lambda n: "!" * n,
    "!? run": lambda n: "!?" * (n // 2),
    "mixed emoji": lambda n: "".join(_RNG.choice("😀😃😞👍❤⭐🎉😡") for _ in range(n)),
    "mixed punctuation": lambda n: "".join(_RNG.choice("!?.") for _ in range(n)),
    "brackets and quotes": lambda n: "".join(_RNG.choice("()[]{}\"'") for _ in range(n)),
    "underscores": lambda n: "_" * n,
    "letters": lambda n: "a" * n,
    "random letters": lambda n: "".join(_RNG.choice(string.ascii_lowercase) for _ in range(n)),
    "digits": lambda n: "".join(_RNG.choice(string.digits) for _ in range(n)),
    "url-like": lambda n: ("https://example.com/" + "/".join(map(str, range(n))))[:n],
    "url + symbols": lambda n: "https://x.pl/" + "".join(_RNG.choice("!?.()") for _ in range(n)),
}


@pytest.fixture(scope="module")
def clf() -> cxtext.Classifier:
    c = cxtext.Classifier()
    c(["rozgrzewka: dobry produkt"])
    return c


@pytest.mark.parametrize("kind", list(PATHOLOGICAL))
def test_long_no_space_inputs_classify_fast_and_linearly(clf: cxtext.Classifier,
                                                         kind: str) -> None:
    make = PATHOLOGICAL[kind]
    small, large = _seconds(clf, make, 1250), _seconds(clf, make, 5000)
    assert large < 0.5, f"{kind}: 5,000 characters took {large:.2f} s"
    # 4x the characters: linear ~4x, quadratic ~16x (was 15x for the emoji run: 0.2 -> 3.1 s)
    assert large < max(8 * small, 0.05), f"{kind}: {small:.3f} s -> {large:.3f} s"


def test_dotted_words_redact_linearly(clf: cxtext.Classifier) -> None:
    rng = random.Random(1)

    def make(n: int) -> str:
        return "".join(rng.choice("abcdefgh") + "." for _ in range(n // 2))

    small, large = _seconds(clf, make, 1250), _seconds(clf, make, 5000)
    assert large < max(8 * small, 0.05), f"{small:.3f} s -> {large:.3f} s"
