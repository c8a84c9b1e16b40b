"""``cxtext analyze --config FILE``: analysis options in a TOML or YAML file.

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

import tomllib
from pathlib import Path
from typing import Any

import yaml

from cxtext.errors import ConfigError

__all__ = ["load_analyze_config", "ANALYZE_KEYS"]

ANALYZE_KEYS: dict[str, type | tuple[type, ...]] = {
    "text_cols": list, "score_col": str, "id_col": str, "segment_cols": list, "date_col": str,
    "scale": str, "encoding": str, "delimiter": str, "sheet": str, "date_format": str,
    "chunksize": int, "sentiment": str, "topics": str, "taxonomy": str, "report": bool,
    "report_lang": str, "themes": bool, "drivers": (bool, dict), "out": str, "jobs": int,
}
_DRIVER_KEYS = {"n_boot", "kda_boot", "seed", "min_mentions", "freq", "sample_size",
                "followup_max"}


def load_analyze_config(path: str | Path) -> dict[str, Any]:
    """Read and validate an analyze config; paths in it are made relative to the file."""
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
        bad = sorted(set(data["drivers"]) - _DRIVER_KEYS)
        if bad:
            raise ConfigError(f"{p}: unknown [drivers] option(s) {bad}; allowed: "
                              f"{sorted(_DRIVER_KEYS)}.")
    for key in ("taxonomy", "out"):
        if key in data and not Path(data[key]).is_absolute():
            data[key] = str((p.parent / data[key]).resolve())
    for key in ("sentiment", "topics"):  # a model folder next to the config
        if key in data and (p.parent / data[key]).exists():
            data[key] = str((p.parent / data[key]).resolve())
    return data


def _type_name(t: type | tuple[type, ...]) -> str:
    return " or ".join(x.__name__ for x in t) if isinstance(t, tuple) else t.__name__
