"""Shared fixtures: tiny in-file survey corpora (Polish diacritics, no diacritics, negation,
emoji, PII, non-answers) and helpers to write them in the formats cxtext reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

#: (score, answer, channel, date) rows of a small bilingual survey; one invalid score ("11"),
#: one missing score, a non-integer (7.5) and a few scores written oddly ("9.0", " 8 ").
SURVEY_ROWS: list[tuple[str, str, str, str]] = [
    ("10", "Szybka dostawa, polecam!", "online", "2025-01-05"),
    ("9", "szybka dostawa polecam", "online", "2025-01-06"),
    ("2", "Nie polecam. Kurier spóźnił się trzy dni 😡", "online", "2025-01-07"),
    ("8", "Produkt super, ale dostawa trwała tydzień", "sklep", "2025-01-08"),
    ("9.0", "Nie mam zastrzeżeń", "sklep", "2025-01-09"),
    (" 8 ", "Great price but the courier was rude", "app", "2025-01-10"),
    ("0", "Terrible app, I can't log in. Call me +48 601 234 567", "app", "2025-01-11"),
    ("10", "no complaints 👍", "app", "2025-02-01"),
    ("5", "brak", "online", "2025-02-02"),
    ("7", "-", "sklep", "2025-02-03"),
    ("6", "", "sklep", "2025-02-04"),
    ("11", "Super!", "online", "2025-02-05"),
    ("", "Brak kontaktu z infolinią, piszę na jan.kowalski@wp.pl", "online", "2025-02-06"),
    ("7.5", "ok", "app", "2025-02-07"),
    ("3", "Zwrot pieniędzy trwał miesiąc; reklamacja odrzucona", "online", "2025-02-08"),
    ("9", "Obsługa bardzo miła i pomocna", "sklep", "2025-02-09"),
]
SURVEY_HEADER = ("Ocena (0-10)", "Dlaczego wystawiłeś taką ocenę?", "Kanał", "Data")
N_VALID = 13  # rows with a valid 0-10 score
N_INVALID = 3  # "11", "", "7.5"


@pytest.fixture
def survey_df() -> pd.DataFrame:
    return pd.DataFrame(SURVEY_ROWS, columns=list(SURVEY_HEADER))


def write_csv(path: Path, df: pd.DataFrame, *, sep: str = ";", encoding: str = "cp1250") -> Path:
    text = df.to_csv(sep=sep, index=False, lineterminator="\r\n")
    path.write_bytes(text.encode(encoding, errors="replace"))
    return path


@pytest.fixture
def survey_csv_cp1250(tmp_path: Path, survey_df: pd.DataFrame) -> Path:
    return write_csv(tmp_path / "survey.csv", survey_df, sep=";", encoding="cp1250")


@pytest.fixture
def examples_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "examples"


#: Labelled answers for sentiment models: Polish with/without diacritics, English, negation,
#: emoji, mixed answers. Tiny on purpose: models overfit it in well under a second.
SENTIMENT_CORPUS: list[tuple[str, str]] = [
    ("Szybka dostawa, polecam!", "positive"),
    ("Obsługa bardzo miła i pomocna 😊", "positive"),
    ("polecam, wszystko super", "positive"),
    ("Świetny produkt, jestem zadowolona", "positive"),
    ("Great service, thank you so much!", "positive"),
    ("Love the new app 👍", "positive"),
    ("Nie polecam. Kurier spóźnił się trzy dni 😡", "negative"),
    ("nie polecam, tragedia", "negative"),
    ("Zwrot pieniędzy trwał miesiąc, reklamacja odrzucona", "negative"),
    ("Terrible app, I can't even log in", "negative"),
    ("The courier was rude and the box was damaged", "negative"),
    ("Nigdy więcej tu nie kupię", "negative"),
    ("Zamówienie złożyłem w poniedziałek", "neutral"),
    ("Odbiór osobisty w sklepie na Mokotowie", "neutral"),
    ("I ordered it online last week", "neutral"),
    ("The package arrived on Tuesday", "neutral"),
    ("Produkt super, ale dostawa trwała tydzień", "mixed"),
    ("Miła obsługa, ale długo czekałem na infolinii", "mixed"),
    ("Great price but the courier was rude", "mixed"),
    ("Good food, but the service was painfully slow", "mixed"),
]


@pytest.fixture
def sentiment_corpus() -> tuple[list[str], list[str]]:
    return [t for t, _ in SENTIMENT_CORPUS], [lb for _, lb in SENTIMENT_CORPUS]


#: (answer, topics that must be found, topics that must not be) for the shipped taxonomy:
#: Polish inflection, no diacritics, negation, multi-label answers, English, one-word answers.
TOPIC_CASES: list[tuple[str, set[str], set[str]]] = [
    ("Szybka dostawa, polecam!", {"delivery.speed"}, {"delivery"}),
    ("Dostawa szybka i sprawna", {"delivery.speed"}, set()),
    ("szybkiej dostawy nie było", {"delivery.speed"}, set()),
    ("Produkt super, ale dostawa trwała tydzień", {"product", "delivery.speed"}, set()),
    ("Kurier rzucił paczką, karton zgnieciony", {"delivery.courier", "delivery.packaging"},
     set()),
    ("dostawa sie opoznila o 5 dni", {"delivery.speed"}, set()),
    ("obsluga tragiczna", {"service"}, set()),
    ("Infolinia nie odbiera, aplikacja nie działa", {"service.hotline", "digital.errors"},
     set()),
    ("aplikacja działa świetnie", {"digital.app"}, {"digital.errors"}),
    ("Reklamacja odrzucona, zwrot pieniędzy trwał miesiąc",
     {"complaints.process", "complaints.refunds"}, set()),
    ("długa kolejka do kasy", {"store.queues"}, set()),
    ("za dużo maili reklamowych", {"communication.marketing"}, set()),
    ("ankieta za długa", {"feedback.survey"}, set()),
    ("cena", {"price.level"}, set()),
    ("Great price but the courier was rude", {"price.level", "delivery.courier"}, set()),
    ("The app keeps crashing and I can't log in", {"digital.errors", "digital.login"}, set()),
    ("the delivery was late and the package was damaged",
     {"delivery.speed", "delivery.packaging"}, set()),
    ("Nie polecam 😡", set(), {"delivery", "product"}),
]


@pytest.fixture(scope="session")
def example_analysis(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """``cxtext.analyze_file`` of the shipped example with the defaults but the ``fast``
    profile (the golden digests pin the linear model's output; the accurate profile has its
    own tests), run once per test session: (output folder, summary). Tests must not modify
    the folder."""
    import cxtext

    out = tmp_path_factory.mktemp("example_analysis")
    src = Path(__file__).resolve().parents[1] / "examples" / "nps_survey.csv"
    return out, cxtext.analyze_file(src, out, profile="fast")


@pytest.fixture(scope="session")
def analysed_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The shipped example with a hostile first answer (``<script>``), analysed once per test
    session with the ``fast`` profile into a Polish and an English report: ``{"pl": summary,
    "en": summary}`` (``summary["files"]`` has the paths). Tests must not modify the
    folders."""
    import cxtext

    out = tmp_path_factory.mktemp("report")
    root = Path(__file__).resolve().parents[1]
    src = pd.read_csv(root / "examples" / "nps_survey.csv", sep=";", encoding="cp1250",
                      dtype=str, keep_default_na=False)
    text_col = src.columns[-1]
    src.loc[0, text_col] = "Rezygnuję z zakupów <script>alert('x')</script> kurier spóźniony"
    path = out / "survey.csv"
    src.to_csv(path, sep=";", index=False, encoding="utf-8")
    # the fast profile: these tests are about the report, not the sentiment model
    kw: dict[str, Any] = {"profile": "fast", "drivers": {"n_boot": 200, "kda_boot": 10}}
    return {lang: cxtext.analyze_file(path, out / lang, report_lang=lang, **kw)
            for lang in ("pl", "en")}


@pytest.fixture(scope="module")
def browser() -> Any:
    """A real headless Chromium (Playwright), once per test module, for the HTML report tests
    (module scope: a Playwright loop left open across the session hangs other tests' event
    loops at the end).
    ``CXTEXT_SKIP_BROWSER=1`` skips them knowingly; without a Chromium they fail with the
    install hint (``bash .ci/run`` installs it)."""
    import os
    import shutil

    if os.environ.get("CXTEXT_SKIP_BROWSER") == "1":
        pytest.skip("CXTEXT_SKIP_BROWSER=1: the HTML report is not opened in a browser")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("The HTML report is tested in a real headless Chromium and none is installed "
                    "(no chromium or chromium-browser on PATH): install it with `apt-get install "
                    "chromium` (Debian; `bash .ci/run` does this), or set CXTEXT_SKIP_BROWSER=1 "
                    "to skip these tests knowingly.")
    import playwright.sync_api as playwright  # a dev dependency: missing is an error

    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield b
        b.close()
