from __future__ import annotations

import json

import pandas as pd
import pytest

import cxtext
from cxtext.errors import InputError
from tests.conftest import N_INVALID, N_VALID


def test_classify_records_schema():
    out = cxtext.classify(["Nie polecam, pisz: jan@wp.pl", "ok", None, 7, float("nan"), "brak"])
    assert len(out) == 6
    first = out[0]
    assert first["schema_version"] == cxtext.SCHEMA_VERSION
    assert first["text"] == "Nie polecam, pisz: [EMAIL]"
    assert first["pii"] == ["EMAIL"]
    assert first["lang"] == "pl"
    assert first["non_answer"] is False
    assert out[1]["lang"] == "und"
    assert out[2]["non_answer"] and out[2]["non_answer_reason"] == "empty"
    assert out[3]["text"] == "7"
    assert out[5]["non_answer"] and out[5]["lang"] == "und"
    assert "tokens" not in first


def test_classify_tokens_and_clauses():
    rec = cxtext.classify(["Produkt super, ale nie polecam dostawy"], tokens=True)[0]
    assert rec["tokens"][:2] == ["Produkt", "super"]
    assert rec["lemmas"][0] == "produkt"
    assert rec["negated"][rec["tokens"].index("polecam")] is True
    assert [c["text"] for c in rec["clauses"]] == ["Produkt super", "ale nie polecam dostawy"]
    for c in rec["clauses"]:
        assert rec["text"][c["start"] : c["end"]] == c["text"]


def test_classify_accepts_series_and_forced_lang():
    s = pd.Series(["fast delivery", "szybka dostawa"], index=[10, 20])
    assert [r["lang"] for r in cxtext.classify(s)] == ["en", "pl"]
    assert [r["lang"] for r in cxtext.classify(s, lang="pl")] == ["pl", "pl"]


@pytest.mark.parametrize(
    ("bad", "match"),
    [("one string", "single string"), (pd.DataFrame({"a": ["x"]}), "DataFrame"), (5, "int"),
     ({"a": "super"}, "got a dict"), ({"super"}, "got a set"),
     (["ok", b"super", b"x"], r"item 1 is bytes \(b'super'\) and 1 more.*decode")],
)
def test_classify_rejects_wrong_container(bad, match):
    with pytest.raises(InputError, match=match):
        cxtext.classify(bad)


def test_classify_bad_lang():
    with pytest.raises(ValueError, match="lang must be one of"):
        cxtext.classify(["x"], lang="de")


def test_batch_equals_one_at_a_time():
    texts = ["Szybka dostawa 👍", "Terrible app", "-", "tel. 601 234 567", ""]
    batch = cxtext.classify(texts, tokens=True)
    single = [cxtext.classify([t], tokens=True)[0] for t in texts]
    assert batch == single


def test_analyze_dataframe(survey_df):
    result = cxtext.analyze(survey_df)
    r = result.responses
    assert len(r) == N_VALID and len(result.rejects) == N_INVALID
    assert list(r.columns[:6]) == [
        "source_row",
        "response_id",
        "question",
        "score",
        "score_group",
        "date",
    ]
    assert "segment_kanal" in r.columns
    assert r["lang"].isin(cxtext.lang.LANGS).all()
    assert not r["text_raw"].str.contains("601 234 567").any()  # PII replaced by default
    phone = r[r["text_raw"].str.contains(r"\[PHONE\]")]
    assert len(phone) == 1
    assert phone["text"].iloc[0].endswith("[PHONE]") and phone["pii"].iloc[0] == ["PHONE"]
    assert r.loc[r["text_raw"] == "brak", "non_answer"].all()
    overall = result.nps.iloc[0]
    promoters = (r["score"] >= 9).sum()
    detractors = (r["score"] <= 6).sum()
    assert overall["nps"] == pytest.approx(100 * (promoters - detractors) / len(r))
    summary = result.summary()
    assert summary["rows_read"] == len(survey_df)
    assert summary["rows_rejected"] == N_INVALID


def test_analyze_file_streaming_equals_in_memory(tmp_path, survey_csv_cp1250):
    mem = cxtext.analyze(survey_csv_cp1250)
    seen = []
    summary = cxtext.analyze_file(
        survey_csv_cp1250, tmp_path / "out", chunksize=4, progress=seen.append
    )
    assert sum(seen) == 16 and max(seen) <= 4
    on_disk = pd.read_parquet(tmp_path / "out" / "responses.parquet")
    pd.testing.assert_frame_equal(on_disk, mem.responses, check_dtype=False)
    csv = pd.read_csv(
        tmp_path / "out" / "responses.csv", encoding="utf-8-sig", keep_default_na=False
    )
    assert len(csv) == N_VALID
    rejects = pd.read_csv(tmp_path / "out" / "rejects.csv", encoding="utf-8-sig")
    assert len(rejects) == N_INVALID
    nps_csv = pd.read_csv(tmp_path / "out" / "nps.csv", encoding="utf-8-sig")
    assert nps_csv["nps"].iloc[0] == pytest.approx(mem.nps["nps"].iloc[0], abs=1e-4)
    saved = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert saved["rows_read"] == saved["rows_accepted"] + saved["rows_rejected"] == 16
    assert saved["reject_reasons"] == summary["reject_reasons"]
    assert sum(saved["reject_reasons"].values()) == N_INVALID


def test_analyze_file_is_deterministic(tmp_path, survey_csv_cp1250):
    cxtext.analyze_file(survey_csv_cp1250, tmp_path / "a")
    cxtext.analyze_file(survey_csv_cp1250, tmp_path / "b")
    for name in ("responses.csv", "rejects.csv", "nps.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_analyze_file_header_only(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("ocena;komentarz;kanał\n", encoding="utf-8")
    summary = cxtext.analyze_file(path, tmp_path / "o")
    assert summary["rows_read"] == 0
    assert pd.read_parquet(tmp_path / "o" / "responses.parquet").empty
