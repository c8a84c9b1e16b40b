"""The drill-down section of the HTML report: payload and escaping (fast), and the section
working in a real headless Chromium (slow): topic clicks, filters, no JavaScript, layout."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cxtext.errors import ConfigError
from cxtext.report.explore import _SCRIPT, EXPLORE_LABELS, explore_section

HOSTILE = "Rezygnuję z zakupów <script>alert('x')</script> kurier spóźniony"


def _responses(n: int = 4, **extra: Any) -> pd.DataFrame:
    texts = ["Kurier spóźniony, KURIER niemiły", "cena ok </script><!-- <script>alert(1)",
             "a & b \u2028 c \u2029 d > e", "brak"]
    df = pd.DataFrame({
        "response_id": [f"R{i}" for i in range(n)],
        "question": ["Dlaczego?"] * n,
        "score": [2.0, 9.0, np.nan, 7.0][:n],
        "score_group": ["detractor", "promoter", None, "passive"][:n],
        "date": pd.to_datetime(["2025-01-05", "2025-02-01", None, "2025-02-28"][:n]),
        "segment_kanal": ["online", "sklep", None, "online"][:n],
        "text": texts[:n],
        "non_answer": [False, False, False, True][:n],
        "sentiment": ["negative", "positive", "", ""][:n],
        "topics": [["delivery.courier"], ["price.level"], [], None][:n],
        "topic_sentiment": [[{"topic": "delivery.courier", "sentiment": "negative"}],
                            [{"topic": "price.level", "sentiment": "positive"}], [], None][:n],
        "topic_evidence": [[{"topic": "delivery.courier", "words": ["kurier"]}],
                           [{"topic": "price.level", "words": ["cena", "</script>"]}],
                           [], None][:n],
    })
    return df.assign(**extra)


NAMES = {"delivery.courier": {"en": "Courier", "pl": "Kurier"}, "price.level": {"en": "Prices"}}


def _section(df: pd.DataFrame | None, **kw: Any) -> str:
    kw.setdefault("lang", "en")
    return explore_section(df, topic_names=NAMES, segment_names={"kanal": "Kanał"}, **kw)


def _payload(section: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="cx-explore-data">(.*?)</script>',
                  section, re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_payload_is_safe_inside_script() -> None:
    section = _section(_responses())
    # the section's own two script blocks and nothing else can open or close a script
    assert re.findall(r"<script\b[^>]*>", section, re.I) == [
        '<script type="application/json" id="cx-explore-data">', "<script>"]
    assert len(re.findall(r"</script", section, re.I)) == 2 and "<!--" not in section
    data = section.split('id="cx-explore-data">', 1)[1].split("</script>", 1)[0]
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in data
    assert "\\u003c/script\\u003e\\u003c!--" in data and "\\u0026" in data
    payload = _payload(section)
    texts = [r[3] for r in payload["r"]]
    assert texts == list(_responses()["text"])  # round-trips exactly
    # the client never injects markup and cannot end its own block
    assert "innerHTML" not in _SCRIPT and "</" not in _SCRIPT and "<!--" not in _SCRIPT
    assert "http://" not in section and "https://" not in section


def test_payload_content() -> None:
    payload = _payload(_section(_responses()))
    assert payload["t"] == ["delivery.courier", "price.level"]
    assert payload["tn"] == ["Courier", "Prices"]
    assert payload["g"] == ["detractor", "passive", "promoter", ""] and payload["nps"] is True
    assert payload["gl"] == ["Detractors", "Passives", "Promoters", "no score"]
    assert payload["s"] == [["Kanał", ["", "online", "sklep"]]]
    assert payload["d0"] == "2025-01-05" and payload["m"] == ["2025-01", "2025-02"]
    first, second, third, fourth = payload["r"]
    # [score, group, day, text, [[topic, sentiment, start, length, ...]], segment]
    assert first == [2, 0, 0, "Kurier spóźniony, KURIER niemiły", [[0, 0, 0, 6, 18, 6]], 1]
    assert second[4] == [[1, 2, 0, 4, 8, 9]]  # "cena" and "</script>", case-insensitive
    assert third[:3] == [None, 3, None] and third[5] == 0
    assert fourth[4] == [] and fourth[2] == 54
    assert payload["ri"] is None and payload["q"] is None and payload["ids"][0] == "R0"


def test_list_columns_as_read_back_from_parquet(tmp_path: Path) -> None:
    path = tmp_path / "responses.parquet"
    _responses().to_parquet(path)
    back = pd.read_parquet(path)
    assert isinstance(back.loc[0, "topics"], np.ndarray)
    assert isinstance(back.loc[1, "topic_evidence"][0]["words"], np.ndarray)
    assert _payload(_section(back))["r"] == _payload(_section(_responses()))["r"]


def test_mark_spans_count_utf16_units() -> None:
    df = _responses(1, text="😡😡 kurier", topics=[np.array(["delivery.courier"])],
                    topic_sentiment=[np.array([{"topic": "delivery.courier",
                                                "sentiment": "mixed"}])])
    tops = _payload(_section(df))["r"][0][4]
    assert tops == [[0, 3, 5, 6]]  # two emoji = four UTF-16 units, then a space


def test_repeated_respondents_and_questions() -> None:
    df = pd.concat([_responses(2), _responses(2).assign(question="Co poprawić?")])
    payload = _payload(_section(df))
    assert payload["ids"] == ["R0", "R1"] and payload["ri"] == [0, 1, 0, 1]
    assert payload["q"] == ["Co poprawić?", "Dlaczego?"] and payload["qi"] == [1, 1, 0, 0]


def test_other_scale_and_missing_columns() -> None:
    df = pd.DataFrame({"text": ["ok", "bad"], "score_group": ["satisfied", "dissatisfied"]})
    payload = _payload(_section(df))
    assert payload["g"] == ["dissatisfied", "satisfied"] and payload["nps"] is False
    assert payload["gl"] == ["dissatisfied", "satisfied"]
    assert payload["s"] == [] and payload["d0"] is None and payload["m"] == []
    assert payload["ids"] == ["#1", "#2"] and payload["t"] == []


def test_cap_note() -> None:
    section = _section(_responses(), max_answers=3, total=12_345)
    assert "Showing the first 3 of 12,345 answers" in section
    assert len(_payload(section)["r"]) == 3
    pl = _section(_responses(), max_answers=2, total=10_000, lang="pl")
    assert "Pokazano pierwsze 2 z 10\u00a0000 odpowiedzi" in pl
    assert "cx-ex-capped" not in _section(_responses(), total=4)
    # total unknown: the table's own length counts
    assert "Showing the first 2 of 4 answers" in _section(_responses(), max_answers=2)


@pytest.mark.parametrize("responses", [None, pd.DataFrame()])
def test_no_responses(responses: pd.DataFrame | None) -> None:
    section = _section(responses, total=1_250_000)
    assert section.startswith('<section id="explore">') and section.endswith("</section>")
    assert "<script" not in section
    assert "1,250,000 answers are too many" in section and "responses.parquet" in section
    assert "responses.csv" in section
    pl = _section(responses, total=1_250_000, lang="pl")
    assert "1\u00a0250\u00a0000 odpowiedzi to za dużo" in pl
    assert "no answers to show" in _section(responses)


def test_unknown_language() -> None:
    with pytest.raises(ConfigError, match="allowed: en, pl"):
        _section(_responses(), lang="de")
    with pytest.raises(ConfigError, match="allowed: en, pl"):
        _section(None, lang="de")


def test_labels_in_both_languages() -> None:
    assert set(EXPLORE_LABELS) == {"en", "pl"}
    assert EXPLORE_LABELS["en"].keys() == EXPLORE_LABELS["pl"].keys()
    pl = EXPLORE_LABELS["pl"]
    assert (pl["detractor"], pl["passive"], pl["promoter"]) == ("Krytycy", "Pasywni",
                                                                 "Promotorzy")
    assert all(ch in "".join(pl.values()) for ch in "ąęłóśż")  # written with diacritics
    for lang, labels in EXPLORE_LABELS.items():
        for key, text in labels.items():
            assert text.strip(), (lang, key)
        assert "{n}" in labels["count_many"] and "{total}" in labels["not_embedded"]
    # every label the client reads exists
    used = set(re.findall(r"\bL\.(\w+)", _SCRIPT)) | set(re.findall(r'L\["(\w+)"\]', _SCRIPT))
    assert used <= EXPLORE_LABELS["en"].keys()


# ---------------------------------------------------------------------------- in a browser


def _open(browser: Any, summary: dict[str, Any], errors: list[str], *, width: int = 1100,
          javascript: bool = True) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"dialog {d.message}"), d.dismiss()))
    page.on("request", lambda r: errors.append(f"request {r.url}")
            if not r.url.startswith("file:") else None)
    page.goto(Path(summary["files"]["report_html"]).as_uri())
    return page


def _responses_of(summary: dict[str, Any]) -> pd.DataFrame:
    df = pd.read_parquet(Path(summary["files"]["report_html"]).parent / "responses.parquet")
    return df.assign(topics=df["topics"].map(lambda t: [] if t is None else list(t)))


def _has(df: pd.DataFrame, code: str) -> pd.Series:
    return df["topics"].map(lambda t: code in t)


def _evidence(row: pd.Series, code: str) -> set[str]:
    return {str(w).casefold() for d in (row["topic_evidence"] if row["topic_evidence"] is not None
                                        else []) if d["topic"] == code for w in d["words"]}


def _nps(df: pd.DataFrame, lang: str) -> str:
    groups = df.drop_duplicates("response_id")["score_group"]
    value = 100 * ((groups == "promoter").sum() - (groups == "detractor").sum()) / len(groups)
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "pl" else text


@pytest.mark.slow
def test_topic_click_lists_its_verbatims(browser: Any,
                                         analysed_reports: dict[str, dict]) -> None:
    summary, errors = analysed_reports["en"], []
    df = _responses_of(summary)
    page = _open(browser, summary, errors)
    assert page.locator("#cx-ex-ui").is_visible() and not page.locator("#cx-ex-nojs").is_visible()
    assert page.locator("#drivers tr[data-topic]").first.evaluate(
        "e => getComputedStyle(e).cursor") == "pointer"
    row = page.locator("#drivers tr[data-topic]").first
    code = row.get_attribute("data-topic")
    row.click()
    expected = df[_has(df, code)]
    count = page.locator("#cx-ex-count")
    assert count.get_attribute("data-n") == str(len(expected)) and len(expected) > 0
    assert count.text_content() == f"{len(expected)} answers"
    top, bottom = page.locator("#cx-ex-panel").evaluate(
        "e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom]")
    assert -2 <= top < 900 and bottom > 0  # scrolled into view
    items = page.locator("#cx-ex-list > li")
    assert items.count() == min(50, len(expected))
    by_id = expected.set_index("response_id")
    n_marked = 0
    for i in range(items.count()):
        li = items.nth(i)
        answer = by_id.loc[li.get_attribute("data-id")]
        assert li.locator("p").text_content() == answer["text"]  # as text, never as markup
        words = _evidence(answer, code)
        marks = [m.casefold() for m in li.locator("p mark").all_text_contents()]
        assert set(marks) <= words
        if any(w in answer["text"].casefold() for w in words):
            assert marks, answer["text"]
            n_marked += 1
    assert n_marked > 0

    # the topic with most answers: 50 shown, then the rest
    page.locator("#cx-ex-tbody button").first.click()
    top = page.locator("#cx-ex-tbody tr").first.get_attribute("data-code")
    n_top = int(_has(df, top).sum())
    assert n_top > 50 and page.locator("#cx-ex-count").get_attribute("data-n") == str(n_top)
    assert items.count() == 50
    page.locator("#cx-ex-more").click()
    assert items.count() == min(100, n_top)

    # the hostile answer is shown as text and runs nothing; keyboard opens topics too
    hostile_topic = next(t for t in df.loc[df["text"] == HOSTILE, "topics"].iloc[0])
    heat = page.locator(f'#heatmap tr[data-topic="{hostile_topic}"]')
    if heat.count():
        heat.focus()
        page.keyboard.press("Enter")
    else:
        page.locator(f'#cx-ex-tbody tr[data-code="{hostile_topic}"] button').press("Enter")
    assert page.locator("#cx-ex-list > li p", has_text="<script>alert('x')</script>").count() \
        == 1
    page.context.close()
    assert errors == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_filters_match_pandas(browser: Any, analysed_reports: dict[str, dict],
                              lang: str) -> None:
    summary, errors = analysed_reports[lang], []
    df = _responses_of(summary)
    page = _open(browser, summary, errors)
    assert page.locator("#cx-ex-n").text_content() == str(df["response_id"].nunique())
    assert page.locator("#cx-ex-nps").text_content() == _nps(df, lang)
    code = df["topics"].explode().value_counts().index[0]
    page.locator(f'#cx-ex-tbody tr[data-code="{code}"] button').click()
    assert page.locator("#cx-ex-count").get_attribute("data-n") == str(_has(df, code).sum())

    value = df["segment_kanal"].value_counts().index[0]
    page.locator('select[data-segment="Kanał"]').select_option(label=value)
    page.locator('input[type=checkbox][value="detractor"]').uncheck()
    part = df[(df["segment_kanal"] == value) & (df["score_group"] != "detractor")]
    assert 0 < len(part) < len(df)
    assert page.locator("#cx-ex-n").text_content() == str(part["response_id"].nunique())
    assert page.locator("#cx-ex-a").text_content() == str(len(part))
    assert page.locator("#cx-ex-nps").text_content() == _nps(part, lang)
    assert page.locator("#cx-ex-count").get_attribute("data-n") == str(_has(part, code).sum())
    mentions = page.locator(f'#cx-ex-tbody tr[data-code="{code}"] td').nth(1).text_content()
    assert mentions.startswith(f"{_has(part, code).sum()} (")

    page.locator("#cx-ex-period").select_option("2025-03")
    part = part[part["date"].dt.strftime("%Y-%m") == "2025-03"]
    assert page.locator("#cx-ex-n").text_content() == str(part["response_id"].nunique())
    assert page.locator("#cx-ex-count").get_attribute("data-n") == str(_has(part, code).sum())
    page.context.close()
    assert errors == []


@pytest.mark.slow
def test_without_javascript(browser: Any, analysed_reports: dict[str, dict]) -> None:
    errors: list[str] = []
    page = _open(browser, analysed_reports["en"], errors, javascript=False)
    assert page.locator("#explore h2").is_visible()
    assert page.locator("#cx-ex-nojs").is_visible()
    assert "responses.csv" in page.locator("#cx-ex-nojs").text_content()
    assert not page.locator("#cx-ex-ui").is_visible()
    assert not page.locator("#cx-ex-panel").is_visible()
    assert page.locator("#drivers table").first.is_visible()
    assert page.locator("#heatmap table").first.is_visible()
    assert page.locator("#drivers tr[data-topic]").first.evaluate(
        "e => getComputedStyle(e).cursor") != "pointer"  # nothing to click without the script
    page.context.close()
    assert errors == []


_OVERFLOW = """() => {
  const w = window.innerWidth, mine = [], others = new Set();
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (!r.width || !r.height || s.visibility === 'hidden' || r.right <= w + 1) continue;
    const sec = e.closest('section');
    if (sec && sec.id === 'explore') mine.push(e.tagName + '#' + e.id + '.' + e.className);
    else others.add(sec ? '#' + sec.id : e.tagName);
  }
  return {mine: mine, others: [...others], scroll: document.documentElement.scrollWidth, w: w};
}"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_layout_does_not_overflow(browser: Any, analysed_reports: dict[str, dict],
                                  tmp_path: Path, lang: str, width: int) -> None:
    errors: list[str] = []
    page = _open(browser, analysed_reports[lang], errors, width=width)
    page.locator("#drivers tr[data-topic]").first.click()
    assert page.locator("#cx-ex-list > li").count() > 0
    found = page.evaluate(_OVERFLOW)
    shot = tmp_path / f"explore_{lang}_{width}.png"
    page.locator("#explore").screenshot(path=str(shot))
    whole = tmp_path / f"report_{lang}_{width}.png"
    page.screenshot(path=str(whole), full_page=True)
    page.context.close()
    assert errors == []
    assert shot.stat().st_size > 20_000 and whole.stat().st_size > 100_000
    assert found["mine"] == [], found["mine"]  # the drill-down section always fits
    assert found["others"] == [], found["others"]  # nor does any other part of the report
    assert found["scroll"] <= found["w"]


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_a_large_survey_embeds_a_seeded_sample(tmp_path: Path, lang: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond the sheet's rows the drill-down embeds a uniform sample of that many answers,
    says so, and draws the same sample whatever the chunk size."""
    import cxtext
    import cxtext.pipeline.analyze as analyze

    monkeypatch.setattr(analyze, "SHEET_ROWS", 100)
    src = Path(__file__).resolve().parents[2] / "examples" / "nps_survey.csv"
    ids = []
    for chunk in (60, 1000):
        summary = cxtext.analyze_file(src, tmp_path / f"c{chunk}", profile="fast",
                                      report_lang=lang, chunksize=chunk, themes=False,
                                      drivers={"n_boot": 20, "kda_boot": 2})
        html = Path(summary["files"]["report_html"]).read_text(encoding="utf-8")
        payload = _payload(html)
        assert len(payload["r"]) == 100
        note = EXPLORE_LABELS[lang]["sampled"].format(shown=100, total=summary["answers"])
        assert note in html
        ids.append(payload["ids"])
    assert ids[0] == ids[1]  # the same answers, in input order
    answers = pd.read_parquet(tmp_path / "c60" / "responses.parquet")
    order = {r: i for i, r in enumerate(answers["response_id"])}
    assert [order[i] for i in ids[0]] == sorted(order[i] for i in ids[0])
