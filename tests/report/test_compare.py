"""Wave comparison (``cxtext compare``): statistics checked by hand on tiny synthetic analyze
folders, errors, written files, and one end-to-end run on two waves of the shipped example."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from cxtext.cli import app
from cxtext.errors import CxTextError
from cxtext.nps import nps
from cxtext.report.compare import (
    COMPARE_COLUMNS,
    NotAnalyzeOutputError,
    ScaleMismatchError,
    TaxonomyMismatchWarning,
    compare_waves,
    nps_difference,
    two_proportion_test,
)

runner = CliRunner()

NPS_GROUPS = ("promoters", "passives", "detractors")
CSAT_GROUPS = ("satisfied", "neutral", "dissatisfied")


def write_wave(
    folder: Path,
    groups: dict[tuple[str, str], tuple[int, int, int]],
    *,
    topics: dict[str, dict[str, Any]] | None = None,
    themes: list[str] | None = None,
    scale: str = "nps",
    taxonomy: str = "tax_a.yaml",
) -> Path:
    """A minimal analyze output folder: summary.json, nps.csv, drivers_impact.csv, themes."""
    folder.mkdir(parents=True)
    names = NPS_GROUPS if scale == "nps" else CSAT_GROUPS
    metric = "nps" if scale == "nps" else f"net_{scale}"
    rows = []
    for (segment, value), (hi, mid, lo) in groups.items():
        n = hi + mid + lo
        rows.append({"segment": segment, "value": value, "n": n, names[0]: hi, names[1]: mid,
                     names[2]: lo, metric: 100 * (hi - lo) / n})
    pd.DataFrame(rows).to_csv(folder / "nps.csv", index=False, encoding="utf-8-sig")
    n_all = sum(groups[("all", "all")])
    (folder / "summary.json").write_text(json.dumps({
        "source": f"{folder.name}.csv", "scale": scale, "respondents": n_all,
        "models": {"profile": "fast", "sentiment": "sentiment.linear.v1", "topics": taxonomy},
    }), encoding="utf-8")
    if topics is not None:
        impact = [{"topic": code, "parent": code.split(".")[0],
                   "negative_only": code.endswith(":negative"), "n": n_all,
                   "n_mentions": t["k"], "nps_impact": t.get("impact", 0.0),
                   "nps_impact_ci_low": t.get("ci", (-1.0, 1.0))[0],
                   "nps_impact_ci_high": t.get("ci", (-1.0, 1.0))[1],
                   "small_count": t.get("small", False), "significant": False}
                  for code, t in topics.items()]
        pd.DataFrame(impact).to_csv(folder / "drivers_impact.csv", index=False,
                                    encoding="utf-8-sig")
    if themes is not None:
        pd.DataFrame({"theme": range(len(themes)), "label": themes,
                      "size": [5] * len(themes), "share": [0.1] * len(themes),
                      "detractor_rate": [0.2] * len(themes),
                      "top_terms": ["a, b"] * len(themes)}).to_csv(
            folder / "themes.csv", index=False, encoding="utf-8-sig")
        pd.DataFrame({"topic": [f"theme_{i}" for i in range(len(themes))],
                      "nps_impact": [-1.5] * len(themes)}).to_csv(
            folder / "drivers_themes.csv", index=False, encoding="utf-8-sig")
    return folder


OLD_GROUPS = {("all", "all"): (50, 30, 20), ("kanal", "web"): (30, 10, 10),
              ("kanal", "store"): (20, 10, 10), ("kanal", "app"): (0, 10, 0)}
NEW_GROUPS = {("all", "all"): (80, 60, 60), ("kanal", "web"): (20, 10, 20),
              ("kanal", "store"): (25, 10, 5), ("region", "north"): (80, 60, 60)}
OLD_TOPICS = {
    "delivery.speed": {"k": 10, "impact": -10.0, "ci": (-14.0, -6.0)},
    "delivery.speed:negative": {"k": 8, "impact": -12.0, "ci": (-16.0, -8.0)},
    "price.level": {"k": 20, "impact": -3.0, "ci": (-6.0, 0.0)},
    "digital.app": {"k": 1, "impact": -20.0, "ci": (-30.0, -10.0), "small": True},
    "feedback.survey": {"k": 5},
}
NEW_TOPICS = {
    "delivery.speed": {"k": 60, "impact": -2.0, "ci": (-4.0, 0.0)},
    "price.level": {"k": 44, "impact": -4.0, "ci": (-7.0, -1.0)},
    "digital.app": {"k": 25, "impact": -1.0, "ci": (-2.0, 0.0)},
    "store.queues": {"k": 15},
}


@pytest.fixture
def waves(tmp_path: Path) -> tuple[Path, Path]:
    old = write_wave(tmp_path / "q1", OLD_GROUPS, topics=OLD_TOPICS,
                     themes=["polecam", "Ceny w aplikacji"])
    new = write_wave(tmp_path / "q2", NEW_GROUPS, topics=NEW_TOPICS,
                     themes=["POLECAM", "zwroty online"])
    return old, new


# --------------------------------------------------------------------------- NPS change


def test_nps_difference_by_hand() -> None:
    # old: 50 promoters, 30 passives, 20 detractors of 100 -> NPS 30,
    #   var = 0.5 + 0.2 - 0.3^2 = 0.61, SE = 100 sqrt(0.61 / 100) = 7.8102
    # new: 80 / 60 / 60 of 200 -> NPS 10, var = 0.4 + 0.3 - 0.1^2 = 0.69,
    #   SE = 100 sqrt(0.69 / 200) = 5.8737
    # diff = -20, SE = sqrt(61 + 34.5) = 9.7724, CI -20 -/+ 1.96 x 9.7724, z = -2.0466,
    # p = 2 (1 - Phi(2.0466)) = 0.0407
    d = nps_difference(nps(50, 30, 20), nps(80, 60, 60))
    assert d["diff"] == pytest.approx(-20.0)
    assert d["se"] == pytest.approx(math.sqrt(95.5))
    assert d["ci_low"] == pytest.approx(-39.1536, abs=1e-4)
    assert d["ci_high"] == pytest.approx(-0.8464, abs=1e-4)
    assert d["z"] == pytest.approx(-2.04658, abs=1e-5)
    assert d["p_value"] == pytest.approx(0.040700, abs=1e-6)


def test_nps_difference_degenerate() -> None:
    assert nps_difference(nps(10, 0, 0), nps(10, 0, 0))["p_value"] == 1.0
    assert math.isnan(nps_difference(nps(0, 0, 0), nps(10, 0, 0))["p_value"])


def test_compare_overall_and_segments(waves: tuple[Path, Path]) -> None:
    c = compare_waves(*waves)
    o = c.overall
    assert (o["segment"], o["n_old"], o["n_new"]) == ("all", 100, 200)
    assert (o["nps_old"], o["nps_new"]) == (pytest.approx(30.0), pytest.approx(10.0))
    assert o["diff_ci_low"] == pytest.approx(-39.1536, abs=1e-4)
    assert o["p_value"] == pytest.approx(0.040700, abs=1e-6)
    assert o["p_adjusted"] == o["p_value"] and o["significant"] is True
    seg = c.segments.set_index("value")
    # only the values present in both waves; the others are named in a note
    assert list(c.segments["value"]) == ["web", "store"]
    assert any("region" in n for n in c.notes)
    # web: 30/10/10 of 50 (NPS 40, var 0.8 - 0.16) vs 20/10/20 of 50 (NPS 0, var 0.8)
    se = 100 * math.sqrt(0.64 / 50 + 0.8 / 50)
    assert seg.loc["web", "diff"] == pytest.approx(-40.0)
    assert seg.loc["web", "diff_ci_high"] == pytest.approx(-40.0 + 1.959964 * se, abs=1e-4)
    p_web = math.erfc(40.0 / se / math.sqrt(2))
    assert seg.loc["web", "p_value"] == pytest.approx(p_web)
    # Benjamini-Hochberg over the two segment rows
    p_store = seg.loc["store", "p_value"]
    assert p_web < p_store
    assert seg.loc["web", "p_adjusted"] == pytest.approx(min(2 * p_web, p_store))
    assert seg.loc["store", "p_adjusted"] == pytest.approx(p_store)


def test_small_segments_are_never_significant(tmp_path: Path) -> None:
    old = write_wave(tmp_path / "a", {("all", "all"): (50, 30, 20), ("k", "x"): (20, 0, 0)})
    new = write_wave(tmp_path / "b", {("all", "all"): (50, 30, 20), ("k", "x"): (0, 0, 20)})
    row = compare_waves(old, new).segments.iloc[0]
    assert row["diff"] == pytest.approx(-200.0) and row["p_value"] == 0.0
    assert bool(row["small_sample"]) and not bool(row["significant"])


# --------------------------------------------------------------------------- topics


def test_two_proportion_test_by_hand() -> None:
    # 10 of 100 vs 60 of 200: pooled p = 70/300, SE0 = sqrt(p (1-p) (1/100 + 1/200)) = 0.051801
    # z = 0.2 / 0.051801 = 3.8609, p = 1.1295e-4; unpooled SE = sqrt(.09/100 + .21/200)
    t = two_proportion_test(10, 100, 60, 200)
    assert t["diff_points"] == pytest.approx(20.0)
    assert t["z"] == pytest.approx(3.86094, abs=1e-5)
    assert t["p_value"] == pytest.approx(1.12953e-4, rel=1e-4)
    half = 1.959964 * math.sqrt(0.09 / 100 + 0.21 / 200) * 100
    assert (t["ci_low"], t["ci_high"]) == (pytest.approx(20 - half, abs=1e-4),
                                           pytest.approx(20 + half, abs=1e-4))
    # 20 of 100 vs 44 of 200 (20 % vs 22 %): z = 0.3986, p = 0.6902
    t = two_proportion_test(20, 100, 44, 200)
    assert t["diff_points"] == pytest.approx(2.0)
    assert t["p_value"] == pytest.approx(0.69017, abs=1e-5)


def test_topic_share_changes(waves: tuple[Path, Path]) -> None:
    c = compare_waves(*waves)
    t = c.topics.set_index("topic")
    assert list(c.topics.columns) == list(COMPARE_COLUMNS)
    # one row per topic; the drivers' ":negative" rows are left out
    assert set(t.index) == {"delivery.speed", "price.level", "digital.app", "store.queues",
                            "feedback.survey"}
    # significant: 10 % -> 30 %; BH over the five topics: p x 5 / rank 1
    ds = t.loc["delivery.speed"]
    assert (ds["share_old"], ds["share_new"]) == (pytest.approx(0.1), pytest.approx(0.3))
    assert ds["diff_points"] == pytest.approx(20.0)
    assert ds["p_value"] == pytest.approx(1.12953e-4, rel=1e-4)
    assert ds["p_adjusted"] == pytest.approx(5 * ds["p_value"])
    assert bool(ds["significant"]) and not bool(ds["small_count"])
    # not significant: 20 % -> 22 %
    pl = t.loc["price.level"]
    assert pl["p_value"] == pytest.approx(0.69017, abs=1e-5)
    assert not bool(pl["significant"]) and pl["p_adjusted"] == pytest.approx(pl["p_value"])
    # 1 -> 25 mentions: p < 0.001 but fewer than 30 mentions in all: small count
    app_row = t.loc["digital.app"]
    assert app_row["p_adjusted"] < 0.01
    assert bool(app_row["small_count"]) and not bool(app_row["significant"])
    assert c.significant_topics()["topic"].tolist() == ["delivery.speed"]
    # new and vanished topics, compared against a share of 0
    assert c.new_topics == ["store.queues"] and c.vanished_topics == ["feedback.survey"]
    assert t.loc["store.queues", "status"] == "new"
    assert t.loc["store.queues", "mentions_old"] == 0
    assert t.loc["feedback.survey", "status"] == "vanished"


def test_topic_impact_changes(waves: tuple[Path, Path]) -> None:
    t = compare_waves(*waves).topics.set_index("topic")
    # [-14, -6] vs [-4, 0]: the intervals do not overlap
    assert t.loc["delivery.speed", "impact_diff"] == pytest.approx(8.0)
    assert bool(t.loc["delivery.speed", "impact_changed"])
    # [-6, 0] vs [-7, -1]: overlap
    assert not bool(t.loc["price.level", "impact_changed"])
    # apart, but a small count in the old wave
    assert not bool(t.loc["digital.app", "impact_changed"])
    assert math.isnan(t.loc["store.queues", "impact_old"])


def test_new_and_vanished_themes(waves: tuple[Path, Path]) -> None:
    c = compare_waves(*waves)
    assert [t["label"] for t in c.new_themes] == ["zwroty online"]
    assert [t["label"] for t in c.vanished_themes] == ["Ceny w aplikacji"]
    assert c.kept_themes == ["POLECAM"]  # labels match case-insensitively
    assert c.new_themes[0]["nps_impact"] == pytest.approx(-1.5)


# --------------------------------------------------------------------------- errors


def test_missing_file_is_a_clear_error(tmp_path: Path, waves: tuple[Path, Path]) -> None:
    (waves[1] / "nps.csv").unlink()
    with pytest.raises(NotAnalyzeOutputError, match=r"nps\.csv is missing.*cxtext analyze"):
        compare_waves(*waves)
    with pytest.raises(NotAnalyzeOutputError, match="does not exist or is not a folder"):
        compare_waves(tmp_path / "nowhere", waves[0])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CxTextError, match=r"summary\.json is missing"):
        compare_waves(waves[0], empty)
    with pytest.raises(ValueError):  # also the builtin
        compare_waves(waves[0], empty)


def test_different_scales(tmp_path: Path) -> None:
    old = write_wave(tmp_path / "nps", {("all", "all"): (50, 30, 20)})
    new = write_wave(tmp_path / "csat", {("all", "all"): (50, 30, 20)}, scale="csat")
    with pytest.raises(ScaleMismatchError, match="different score scales.*'nps'.*'csat'"):
        compare_waves(old, new)
    # two CSAT waves compare as net CSAT
    other = write_wave(tmp_path / "csat2", {("all", "all"): (40, 30, 30)}, scale="csat")
    c = compare_waves(new, other)
    assert c.metric == "net_csat" and c.overall["diff"] == pytest.approx(-20.0)


def test_different_taxonomies_warn_and_compare_shared_topics(tmp_path: Path) -> None:
    old = write_wave(tmp_path / "a", OLD_GROUPS, topics=OLD_TOPICS)
    new = write_wave(tmp_path / "b", NEW_GROUPS, topics=NEW_TOPICS, taxonomy="tax_b.yaml")
    with pytest.warns(TaxonomyMismatchWarning, match="different taxonomies"):
        c = compare_waves(old, new)
    assert set(c.topics["topic"]) == {"delivery.speed", "price.level", "digital.app"}
    assert c.new_topics == [] and c.vanished_topics == []
    assert c.not_compared == {"old": ["feedback.survey"], "new": ["store.queues"]}
    assert any("different taxonomies" in n for n in c.notes)


def test_unknown_language(waves: tuple[Path, Path]) -> None:
    with pytest.raises(CxTextError, match="allowed: en, pl"):
        compare_waves(*waves, lang="de")


# --------------------------------------------------------------------------- files


def test_write_files(tmp_path: Path, waves: tuple[Path, Path]) -> None:
    c = compare_waves(*waves, lang="pl")
    files = c.write(tmp_path / "cmp")
    assert set(files) == {"compare_json", "compare_csv", "compare_html"}
    table = pd.read_csv(files["compare_csv"], encoding="utf-8-sig")
    assert list(table.columns) == list(COMPARE_COLUMNS) and len(table) == 5
    data = json.loads(Path(files["compare_json"]).read_text(encoding="utf-8"))
    assert data["nps"]["overall"]["p_value"] == pytest.approx(0.0407, abs=1e-4)
    assert data["topics_share_changed"] == ["delivery.speed"]
    assert data["topics_impact_changed"] == ["delivery.speed"]
    assert data["new_topics"] == ["store.queues"]
    assert [t["label"] for t in data["themes"]["new"]] == ["zwroty online"]
    assert set(data["method"]) == {"nps", "topic_share", "topic_impact", "new_vanished"}
    html = Path(files["compare_html"]).read_text(encoding="utf-8")
    assert "Porównanie fal" in html and "zwroty online" in html
    assert "<script" not in html.lower() and "http" not in html.lower()
    english = c.to_html("en")
    assert "Wave comparison" in english and "conservative" in english


def test_html_escapes_labels(tmp_path: Path) -> None:
    old = write_wave(tmp_path / "a", OLD_GROUPS, themes=["x"])
    new = write_wave(tmp_path / "b", NEW_GROUPS, themes=["<b>zwroty</b>"])
    html = compare_waves(old, new).to_html()
    assert "<b>zwroty</b>" not in html and "&lt;b&gt;zwroty&lt;/b&gt;" in html


def test_cli_prints_the_changes(tmp_path: Path, waves: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["compare", str(waves[0]), str(waves[1]), "--out",
                              str(tmp_path / "cmp")], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "30.0 -> 10.0: -20.0 points (95% CI -39.2 to -0.8; p 0.041; significant)" \
        in res.output
    assert "share: delivery.speed" in res.output and "impact: delivery.speed" in res.output
    assert "store.queues" in res.output and "zwroty online" in res.output


def test_cli_error_exit_code(tmp_path: Path, waves: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["compare", str(waves[0]), str(tmp_path / "nowhere"),
                              "--out", str(tmp_path / "cmp")])
    assert res.exit_code == 2
    assert "Error" in res.output and "not a folder" in res.output


# --------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def example_waves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped example split by date (Jan-Mar / Apr-Jun), each run through
    ``cxtext analyze --profile fast --no-report``."""
    root = tmp_path_factory.mktemp("waves")
    example = Path(__file__).resolve().parents[2] / "examples" / "nps_survey.csv"
    text = example.read_text(encoding="cp1250")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    outs = []
    for name, months in (("q1", ("01", "02", "03")), ("q2", ("04", "05", "06"))):
        path = root / f"{name}.csv"
        with path.open("w", encoding="cp1250", newline="") as fh:
            writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            writer.writerow(rows[0])
            writer.writerows(r for r in rows[1:] if r[1][5:7] in months)
        out = root / f"out_{name}"
        res = runner.invoke(app, ["analyze", str(path), "--out", str(out), "--profile", "fast",
                                  "--no-report"])
        assert res.exit_code == 0, res.output
        outs.append(out)
    return outs[0], outs[1]


def test_cli_compare_two_example_waves(tmp_path: Path,
                                       example_waves: tuple[Path, Path]) -> None:
    old, new = example_waves
    out = tmp_path / "cmp"
    res = runner.invoke(app, ["compare", str(old), str(new), "--out", str(out),
                              "--lang", "pl"])
    assert res.exit_code == 0, res.output
    assert "cxtext compare" in res.output and "NPS" in res.output
    for name in ("compare.json", "compare.csv", "compare.html"):
        assert (out / name).exists(), name
    data = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    summaries = [json.loads((d / "summary.json").read_text(encoding="utf-8"))
                 for d in (old, new)]
    overall = data["nps"]["overall"]
    assert (overall["n_old"], overall["n_new"]) == tuple(s["respondents"] for s in summaries)
    assert overall["nps_old"] == pytest.approx(summaries[0]["nps"], abs=1e-3)
    assert overall["diff"] == pytest.approx(summaries[1]["nps"] - summaries[0]["nps"],
                                            abs=1e-3)
    assert data["old"]["taxonomy"] == data["new"]["taxonomy"] == "cx_default"
    assert {s["segment"] for s in data["nps"]["segments"]} == {"kanal", "region"}
    table = pd.read_csv(out / "compare.csv", encoding="utf-8-sig")
    assert len(table) == len(data["topics"]) > 10
    assert table["p_adjusted"].between(0, 1).all()
    assert (table["p_adjusted"] >= table["p_value"] - 1e-12).all()
    assert table["significant"].dtype == bool
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "Porównanie fal" in html and "<script" not in html.lower()


# ------------------------------------------------------------------ simulated waves


SIM_TOPICS = {"delivery.speed": 0.18, "price.level": 0.22, "service.hotline": 0.08,
              "product.quality": 0.15, "digital.app": 0.10, "complaints.process": 0.06,
              "store.queues": 0.05, "communication.marketing": 0.12}
SIM_SEGMENTS = {"kanal": ("web", "store", "app"), "region": ("north", "south")}


def simulate_wave(folder: Path, rng: Any, *, n: int = 1500,
                  shares: dict[str, float] | None = None,
                  groups: tuple[float, float, float] = (0.45, 0.30, 0.25)) -> Path:
    """An analyze folder of ``n`` respondents drawn from one population: NPS group counts
    overall and per segment value (segments split at random), topic mentions binomial with
    ``shares``, each topic's NPS impact with a bootstrap-like CI (normal, SE 1.5 points)."""
    import numpy as np

    counts = rng.multinomial(n, groups)
    g = {("all", "all"): tuple(int(c) for c in counts)}
    members = np.repeat([0, 1, 2], counts)
    for segment, values in SIM_SEGMENTS.items():
        which = rng.integers(0, len(values), n)
        for k, value in enumerate(values):
            inside = members[which == k]
            g[(segment, value)] = tuple(int((inside == j).sum()) for j in range(3))
    topics = {}
    for code, share in (shares or SIM_TOPICS).items():
        impact = -3.0 + rng.normal(0.0, 1.5)
        topics[code] = {"k": int(rng.binomial(n, share)), "impact": impact,
                        "ci": (impact - 2.94, impact + 2.94)}
    return write_wave(folder, g, topics=topics)


def _flags(c: Any) -> tuple[list[str], int]:
    """Everything a comparison flags, and how many quantities it tested."""
    flags = [f"nps:{r['segment']}={r['value']}" for r in c.nps.to_dict("records")
             if bool(r["significant"])]
    flags += [f"share:{t}" for t in c.significant_topics()["topic"]]
    flags += [f"impact:{t}" for t in c.topics.loc[c.topics["impact_changed"].astype(bool),
                                                  "topic"]]
    flags += [f"new:{t}" for t in c.new_topics] + [f"vanished:{t}" for t in c.vanished_topics]
    return flags, len(c.nps) + 2 * len(c.topics)


def test_simulated_waves_flag_the_planted_change_and_nothing_else(tmp_path: Path) -> None:
    """One seeded pair of waves from one population but for a planted change (the hotline
    mentioned by 8 % -> 16 % of respondents): that change is flagged, nothing else is. How
    often something else would be is what the null simulations below measure."""
    import numpy as np

    rng = np.random.default_rng(0)
    old = simulate_wave(tmp_path / "old", rng)
    new = simulate_wave(tmp_path / "new", rng, shares={**SIM_TOPICS, "service.hotline": 0.16})
    flags, tested = _flags(compare_waves(old, new))
    assert flags == ["share:service.hotline"] and tested == 6 + 2 * len(SIM_TOPICS)


@pytest.mark.slow
def test_null_simulations_rarely_flag_anything(tmp_path: Path) -> None:
    """100 pairs of waves from one population: at most 5 % of the tested quantities (NPS
    overall and per segment value, topic shares and impacts) are flagged."""
    import numpy as np

    rng = np.random.default_rng(2026)
    flagged = tested = runs_with_flags = 0
    for k in range(100):
        c = compare_waves(simulate_wave(tmp_path / f"o{k}", rng),
                          simulate_wave(tmp_path / f"n{k}", rng))
        flags, n = _flags(c)
        flagged += len(flags)
        tested += n
        runs_with_flags += bool(flags)
    assert tested == 100 * (6 + 2 * len(SIM_TOPICS))
    assert flagged / tested <= 0.05, (flagged, tested)
    assert runs_with_flags <= 20  # the overall NPS test alone flags about 5 of 100
