"""Analyze config files: every key's type and value is checked when the file is read, and a
bad one is a ConfigError naming the file, the table, the key, the value and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxtext.config import AnalyzeOptions, check_driver_options
from cxtext.errors import ConfigError


def _read(tmp_path: Path, body: str, suffix: str = ".toml") -> AnalyzeOptions:
    cfg = tmp_path / f"cx{suffix}"
    cfg.write_text(body, encoding="utf-8")
    return AnalyzeOptions.from_file(cfg)


# (TOML body, what the message must say, in order)
BAD_DRIVERS = [
    ("n_boot = -3", r"\[drivers\] n_boot must be an integer from 0 to 1,000,000.*got -3\. "
                    r"Set n_boot = 1000"),
    ("n_boot = 2.5", r"\[drivers\] n_boot must be an integer.*got 2\.5 \(a float\)"),
    ("n_boot = true", r"\[drivers\] n_boot must be an integer.*got True \(a bool\)"),
    ("n_boot = 1_000_001", r"n_boot must be an integer from 0 to 1,000,000"),
    ("kda_boot = -1", r"\[drivers\] kda_boot must be an integer from 0 to 100,000"),
    ("kda_boot = false", r"kda_boot must be an integer.*got False \(a bool\)"),
    ('seed = "x"', r"\[drivers\] seed must be an integer >= 0.*got 'x' \(a str\)"),
    ("seed = -1", r"seed must be an integer >= 0.*got -1"),
    ("min_mentions = 0", r"min_mentions must be an integer >= 1.*got 0"),
    ("min_mentions = 2.0", r"min_mentions must be an integer >= 1.*got 2\.0 \(a float\)"),
    ('sample_size = "abc"', r"sample_size must be an integer >= 1.*got 'abc' \(a str\)"),
    ("sample_size = 0", r"sample_size must be an integer >= 1"),
    ("followup_max = -1", r"followup_max must be an integer >= 0 \(or None"),
    ("followup_max = true", r"followup_max must be an integer.*\(a bool\)"),
    ('freq = "D"', r"\[drivers\] freq must be one of 'W' \(week\), 'M' \(month\), 'Q' "
                   r"\(quarter\), got 'D'"),
    ("freq = 1", r"freq must be one of .*got 1"),
    ("colour = 1", r"\[drivers\] unknown option\(s\) \['colour'\]; allowed: .*'n_boot'"),
]


@pytest.mark.parametrize("body, message", BAD_DRIVERS)
def test_bad_driver_options_name_file_key_value_and_range(tmp_path: Path, body: str,
                                                          message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        _read(tmp_path, f"[drivers]\n{body}\n")
    assert str(tmp_path / "cx.toml") in str(info.value)


@pytest.mark.parametrize("body, expected", [
    ("n_boot = 0\nkda_boot = 0", {"n_boot": 0, "kda_boot": 0}),
    ("n_boot = 100\nseed = 7\nmin_mentions = 1\nfreq = \"Q\"",
     {"n_boot": 100, "seed": 7, "min_mentions": 1, "freq": "Q"}),
    ("sample_size = 1\nfollowup_max = 0", {"sample_size": 1, "followup_max": 0}),
])
def test_good_driver_options_are_kept(tmp_path: Path, body: str, expected: dict) -> None:
    assert _read(tmp_path, f"[drivers]\n{body}\n").drivers == expected


def test_yaml_null_followup_max_keeps_every_row_and_yaml_is_checked_too(tmp_path: Path) -> None:
    assert _read(tmp_path, "drivers:\n  followup_max: null\n", ".yaml").drivers == {
        "followup_max": None}
    with pytest.raises(ConfigError, match=r"cx\.yaml: \[drivers\] seed must be an integer"):
        _read(tmp_path, "drivers:\n  seed: null\n", ".yaml")


BAD_OPTIONS = [
    ("text_cols = [1]", r"option 'text_cols' = \[1\] is not allowed; expected a list of column "
                        r"names"),
    ("text_cols = []", r"'text_cols' = \[\] is not allowed.*at least one"),
    ('segment_cols = ["Region", ""]', r"'segment_cols' = \['Region', ''\] is not allowed"),
    ('score_col = " "', r"'score_col' = ' ' is not allowed; expected a non-empty string"),
    ("chunksize = 0", r"'chunksize' = 0 is not allowed; expected an integer >= 1.*50000"),
    ("jobs = -2", r"'jobs' = -2 is not allowed; expected an integer >= 1"),
    ("jobs = true", r"option 'jobs' has the wrong type \(True\); expected int"),
    ('delimiter = ";;"', r"'delimiter' = ';;' is not allowed; expected one character"),
    ('profile = "quick"', r"'profile' = 'quick' is not allowed; known profiles: accurate, fast"),
    ('report_lang = "de"', r"'report_lang' = 'de' is not allowed; report languages: en, pl"),
    ('scale = "nps11"', r"'scale' = 'nps11' is not allowed; Unknown score scale.*csat"),
    ('encoding = "latin-9x"', r"'encoding' = 'latin-9x' is not allowed; Unknown encoding.*"
                              r"utf-8"),
    ("colour = 1", r"unknown option\(s\) \['colour'\]"),
]


@pytest.mark.parametrize("body, message", BAD_OPTIONS)
def test_bad_top_level_options_name_file_key_value(tmp_path: Path, body: str,
                                                   message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        _read(tmp_path, body + "\n")
    assert str(tmp_path / "cx.toml") in str(info.value)


def test_good_top_level_options_are_kept(tmp_path: Path) -> None:
    opts = _read(tmp_path, 'text_cols = ["Why?"]\nsegment_cols = []\nchunksize = 1\njobs = 2\n'
                           'delimiter = ";"\nprofile = "fast"\nreport_lang = "pl"\n'
                           'scale = "csat5"\nencoding = "cp1250"\n')
    assert (opts.text_cols, opts.segment_cols, opts.chunksize, opts.jobs, opts.delimiter,
            opts.profile, opts.report_lang, opts.scale, opts.encoding) == (
        ["Why?"], [], 1, 2, ";", "fast", "pl", "csat5", "cp1250")


@pytest.mark.parametrize("options, message", [
    ({"n_boot": -3}, r"^n_boot must be an integer from 0"),
    ({"seed": 1.5}, r"^seed must be an integer"),
    ({"nboot": 10}, r"^unknown option\(s\) \['nboot'\]"),
])
def test_check_driver_options_without_a_file(options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        check_driver_options(options)


def test_report_languages_are_the_reports() -> None:
    from cxtext.config import REPORT_LANGS
    from cxtext.report.labels import LABELS

    assert set(REPORT_LANGS) == set(LABELS)
