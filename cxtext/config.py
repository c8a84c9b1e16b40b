"""Analysis options: one :class:`AnalyzeOptions` for the CLI, config files and the Python API.

``cxtext analyze --config FILE`` reads them from a TOML or YAML file
(:meth:`AnalyzeOptions.from_file`); ``cxtext.analyze_file(src, out, **options)`` takes the
same names as keyword arguments.

Keys (all optional) mirror the command-line options; an option given on the command line
wins over the file::

    # configs/analyze/example.toml
    text_cols = ["Dlaczego wystawiłeś(-aś) taką ocenę?"]
    score_col = "Na ile prawdopodobne jest, że polecisz nas znajomemu? (0-10)"
    segment_cols = ["Kanał", "Region"]
    date_col = "Data wypełnienia"
    scale = "nps"
    sentiment = "sentiment.linear.v1"
    topics = "topics.rules.v1"
    taxonomy = "../taxonomy/example_override.yaml"   # relative to this file
    report_lang = "pl"
    [drivers]
    n_boot = 1000
    min_mentions = 30
    sample_size = 200000     # respondents the key-driver models see (uniform sample beyond)
    followup_max = 20000     # rows of the follow-up list (highest priority first)

Every value is checked when the file is read (:func:`load_analyze_config`): a wrong type, a
value out of range or an unknown key is a :class:`~cxtext.errors.ConfigError` that names the
file, the table and the key, and says what is allowed. The ``[drivers]`` keys
(:data:`DRIVER_OPTIONS`, checked by :func:`check_driver_options` - also when they are passed
to the driver functions directly):

* ``n_boot`` (integer 0-1,000,000, default 1000): bootstrap resamples of the impact and
  recoverable-points confidence intervals; ``0`` switches the bootstrap off (those CI columns
  are left empty);
* ``kda_boot`` (integer 0-100,000, default 50): the same for the key-driver importances;
* ``seed`` (integer >= 0, default 0): the random seed (results are reproducible);
* ``min_mentions`` (integer >= 1, default 30): respondents a topic needs to be tested;
* ``freq`` (``"W"``, ``"M"`` or ``"Q"``, default ``"M"``): the period of the trend tables;
* ``sample_size`` (integer >= 1, default 200000) and ``followup_max`` (integer >= 0,
  default 20000): see above.
"""

from __future__ import annotations

import dataclasses
import numbers
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cxtext.backends import DEFAULT_SENTIMENT, DEFAULT_TOPICS, PROFILES
from cxtext.errors import ConfigError, CxTextError

__all__ = ["AnalyzeOptions", "load_analyze_config", "ANALYZE_KEYS", "READER_KEYS",
           "DRIVER_KEYS", "DRIVER_OPTIONS", "check_driver_options", "check_driver_option"]

#: Options that go to the survey reader (:class:`cxtext.io.SurveyReader`).
READER_KEYS = ("text_cols", "score_col", "id_col", "segment_cols", "date_col", "scale",
               "encoding", "delimiter", "sheet", "date_format")
#: Keys of the ``[drivers]`` table.
DRIVER_KEYS = frozenset({"n_boot", "kda_boot", "seed", "min_mentions", "freq", "sample_size",
                         "followup_max"})
#: The integer keys of the ``[drivers]`` table: (minimum, maximum or None, default, what the
#: value is). ``freq`` is one of :data:`DRIVER_FREQS`; ``followup_max`` may also be None.
DRIVER_OPTIONS: dict[str, tuple[int, int | None, int, str]] = {
    "n_boot": (0, 1_000_000, 1000, "bootstrap resamples of the impact confidence intervals; "
               "0 switches the bootstrap off and leaves those intervals empty"),
    "kda_boot": (0, 100_000, 50, "bootstrap resamples of the key-driver importance intervals; "
                 "0 switches the bootstrap off and leaves those intervals empty"),
    "seed": (0, None, 0, "the random seed"),
    "min_mentions": (1, None, 30, "respondents a topic needs to be tested"),
    "sample_size": (1, None, 200_000, "respondents the key-driver models are fitted on"),
    "followup_max": (0, None, 20_000, "rows of the follow-up list"),
}
#: Periods of the trend tables (``freq``).
DRIVER_FREQS = {"W": "week", "M": "month", "Q": "quarter"}
#: The report languages (those of :data:`cxtext.report.labels.LABELS`, a higher layer).
REPORT_LANGS = ("en", "pl")


@dataclass
class AnalyzeOptions:
    """Everything ``cxtext analyze`` can be told. ``None`` means "detect" (columns, encoding,
    delimiter) or "the default". ``profile``: ``accurate`` (the default: the contextual
    sentiment model) or ``fast`` (the linear one); ``sentiment``/``topics``: a backend name, a
    model folder, a fitted model or ``"none"`` (a sentiment model given instead of a profile);
    ``taxonomy``: a taxonomy file the rules run over; ``drivers``: False, True or a dict of
    driver options (:data:`DRIVER_KEYS`); ``keep_raw``: write the answers and rejected rows as
    read, PII included (default: PII replaced in every output)."""

    text_cols: list[str] | None = None
    score_col: str | None = None
    id_col: str | None = None
    segment_cols: list[str] | None = None
    date_col: str | None = None
    scale: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    date_format: str | None = None
    chunksize: int = 50_000
    sentiment: Any = DEFAULT_SENTIMENT
    profile: str | None = None
    topics: Any = DEFAULT_TOPICS
    taxonomy: str | None = None
    report: bool = True
    report_lang: str = "en"
    themes: bool = True
    drivers: bool | dict[str, Any] = True
    jobs: int = 1
    formats: tuple[str, ...] = ("csv", "parquet")
    out: str | None = None
    keep_raw: bool = False
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_file(cls, path: str | Path) -> AnalyzeOptions:
        """Options from a TOML/YAML file (validated; paths relative to the file)."""
        return cls(**load_analyze_config(path))

    def merge(self, **given: Any) -> AnalyzeOptions:
        """A copy with the ``given`` options that are not None (the command line wins over
        a config file); unknown names are a :class:`~cxtext.errors.ConfigError`."""
        names = {f.name for f in dataclasses.fields(self)} - {"extra"}
        unknown = sorted(set(given) - names)
        if unknown:
            raise ConfigError(f"Unknown analyze option(s) {unknown}; allowed: {sorted(names)}.")
        return dataclasses.replace(self, **{k: v for k, v in given.items() if v is not None})

    def reader_options(self) -> dict[str, Any]:
        """The options of the survey reader that were set."""
        opts = {k: getattr(self, k) for k in READER_KEYS if getattr(self, k) is not None}
        return {**opts, **self.extra}


ANALYZE_KEYS: dict[str, type | tuple[type, ...]] = {
    "text_cols": list, "score_col": str, "id_col": str, "segment_cols": list, "date_col": str,
    "scale": str, "encoding": str, "delimiter": str, "sheet": str, "date_format": str,
    "chunksize": int, "sentiment": str, "profile": str, "topics": str, "taxonomy": str,
    "report": bool,
    "report_lang": str, "themes": bool, "drivers": (bool, dict), "out": str, "jobs": int,
    "keep_raw": bool,
}


def load_analyze_config(path: str | Path) -> dict[str, Any]:
    """Read and validate an analyze config file into a dict of :class:`AnalyzeOptions` fields;
    paths in it are made relative to the file."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(f"Config file not found: {p}.")
    text = p.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if p.suffix.lower() == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{p}: not valid {p.suffix.lstrip('.').upper()}: {exc}") from None
    data = data or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: expected a table of options, got {type(data).__name__}.")
    unknown = sorted(set(data) - set(ANALYZE_KEYS))
    if unknown:
        raise ConfigError(f"{p}: unknown option(s) {unknown}; allowed: {sorted(ANALYZE_KEYS)}.")
    for key, value in data.items():
        if not isinstance(value, ANALYZE_KEYS[key]) or (
                isinstance(value, bool) and ANALYZE_KEYS[key] is int):
            raise ConfigError(f"{p}: option {key!r} has the wrong type ({value!r}); expected "
                              f"{_type_name(ANALYZE_KEYS[key])}.")
    _check_values(p, data)
    if isinstance(data.get("drivers"), dict):
        check_driver_options(data["drivers"], where=f"{p}: [drivers] ")
    for key in ("taxonomy", "out"):
        if key in data and not Path(data[key]).is_absolute():
            data[key] = str((p.parent / data[key]).resolve())
    for key in ("sentiment", "topics"):  # a model folder next to the config
        if key in data and (p.parent / data[key]).exists():
            data[key] = str((p.parent / data[key]).resolve())
    return data


def _check_values(p: Path, data: dict[str, Any]) -> None:
    """The values of the top-level options (their types are checked already)."""
    def bad(key: str, allowed: str, fix: str) -> ConfigError:
        return ConfigError(f"{p}: option {key!r} = {data[key]!r} is not allowed; {allowed}. "
                           f"{fix}".rstrip())

    for key in ("text_cols", "segment_cols"):
        cols = data.get(key)
        if cols is not None and (not all(isinstance(c, str) and c.strip() for c in cols)
                                 or (key == "text_cols" and not cols)):
            raise bad(key, "expected a list of column names (non-empty strings)"
                      + (", at least one" if key == "text_cols" else ""),
                      f"Write e.g. {key} = [\"Comment\"], or leave it out to detect "
                      "the columns.")
    for key in ("score_col", "id_col", "date_col", "sheet", "date_format", "sentiment",
                "topics", "taxonomy", "out", "encoding", "scale", "profile", "report_lang"):
        if key in data and not data[key].strip():
            raise bad(key, "expected a non-empty string", "Give a value or leave it out.")
    for key in ("chunksize", "jobs"):
        if key in data and data[key] < 1:
            raise bad(key, "expected an integer >= 1",
                      f"Leave it out for the default ({getattr(AnalyzeOptions, key)}).")
    if "delimiter" in data and len(data["delimiter"]) != 1:
        raise bad("delimiter", "expected one character (e.g. ';', ',', '\\t' or '|')",
                  "Leave it out to detect the delimiter.")
    if "profile" in data and data["profile"] not in PROFILES:
        raise bad("profile", f"known profiles: {', '.join(PROFILES)}",
                  "Leave it out for the default (accurate).")
    if "report_lang" in data and data["report_lang"] not in REPORT_LANGS:
        raise bad("report_lang", f"report languages: {', '.join(REPORT_LANGS)}",
                  "Leave it out for English.")
    if "scale" in data:
        from cxtext.schema import get_scale

        try:
            get_scale(data["scale"])
        except CxTextError as exc:
            raise bad("scale", str(exc).rstrip("."), "Leave it out to use nps.") from None
    if "encoding" in data:
        from cxtext.io.encoding import check_encoding

        try:
            check_encoding(data["encoding"])
        except CxTextError as exc:
            raise bad("encoding", str(exc).rstrip("."), "") from None


def check_driver_option(key: str, value: Any, *, where: str = "", spec: str | None = None,
                        ) -> None:
    """Raise a :class:`~cxtext.errors.ConfigError` unless ``value`` is allowed for the driver
    option ``key`` (:data:`DRIVER_OPTIONS`, ``freq``); ``where`` prefixes the message (the
    file and table), ``spec`` names the entry of :data:`DRIVER_OPTIONS` to check against when
    a function calls the option by another name (``key_drivers(n_boot=...)`` is ``kda_boot``)."""
    if key == "freq" and spec is None:
        if not isinstance(value, str) or value not in DRIVER_FREQS:
            allowed = ", ".join(f"{k!r} ({v})" for k, v in DRIVER_FREQS.items())
            raise ConfigError(f"{where}freq must be one of {allowed}, got {value!r}. "
                              "Set freq = \"M\" (the default) or leave it out.")
        return
    lo, hi, default, meaning = DRIVER_OPTIONS[spec or key]
    if value is None and (spec or key) == "followup_max":
        return
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok and lo <= value and (hi is None or value <= hi):
        return
    allowed = f"an integer from {lo:,} to {hi:,}" if hi is not None else f"an integer >= {lo}"
    if (spec or key) == "followup_max":
        allowed += " (or None: every candidate)"
    got = f"{value!r}" if ok else f"{value!r} (a {type(value).__name__})"
    raise ConfigError(f"{where}{key} must be {allowed} ({meaning}), got {got}. "
                      f"Set {key} = {default} (the default) or leave it out.")


def check_driver_options(options: Mapping[str, Any], *, where: str = "") -> None:
    """Check every driver option of ``options`` (the ``[drivers]`` table or the keyword
    arguments of :class:`cxtext.drivers.DriverAccumulator`): unknown keys and bad values
    are a :class:`~cxtext.errors.ConfigError` prefixed with ``where``."""
    unknown = sorted(set(options) - DRIVER_KEYS)
    if unknown:
        raise ConfigError(f"{where}unknown option(s) {unknown}; allowed: {sorted(DRIVER_KEYS)}.")
    for key, value in options.items():
        check_driver_option(key, value, where=where)


def _type_name(t: type | tuple[type, ...]) -> str:
    return " or ".join(x.__name__ for x in t) if isinstance(t, tuple) else t.__name__
