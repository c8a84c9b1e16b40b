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
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cxtext.backends import DEFAULT_SENTIMENT, DEFAULT_TOPICS
from cxtext.errors import ConfigError

__all__ = ["AnalyzeOptions", "load_analyze_config", "ANALYZE_KEYS", "READER_KEYS",
           "DRIVER_KEYS"]

#: Options that go to the survey reader (:class:`cxtext.io.SurveyReader`).
READER_KEYS = ("text_cols", "score_col", "id_col", "segment_cols", "date_col", "scale",
               "encoding", "delimiter", "sheet", "date_format")
#: Keys of the ``[drivers]`` table.
DRIVER_KEYS = frozenset({"n_boot", "kda_boot", "seed", "min_mentions", "freq", "sample_size",
                         "followup_max"})


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
    if isinstance(data.get("drivers"), dict):
        bad = sorted(set(data["drivers"]) - DRIVER_KEYS)
        if bad:
            raise ConfigError(f"{p}: unknown [drivers] option(s) {bad}; allowed: "
                              f"{sorted(DRIVER_KEYS)}.")
    for key in ("taxonomy", "out"):
        if key in data and not Path(data[key]).is_absolute():
            data[key] = str((p.parent / data[key]).resolve())
    for key in ("sentiment", "topics"):  # a model folder next to the config
        if key in data and (p.parent / data[key]).exists():
            data[key] = str((p.parent / data[key]).resolve())
    return data


def _type_name(t: type | tuple[type, ...]) -> str:
    return " or ".join(x.__name__ for x in t) if isinstance(t, tuple) else t.__name__
