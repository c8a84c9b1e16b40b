from __future__ import annotations

import importlib

import pandas as pd
import pytest

import cxtext
from cxtext import errors


def test_all_names_exist_and_are_sorted_into_public_api():
    for name in cxtext.__all__:
        assert hasattr(cxtext, name), name
    assert {"classify", "analyze", "read_survey", "CxTextError", "__version__"} <= set(
        cxtext.__all__
    )


@pytest.mark.parametrize(
    "module", ["io", "text", "lang", "nlp", "nps", "schema", "pipeline", "errors"]
)
def test_module_all_is_defined_and_valid(module):
    mod = importlib.import_module(f"cxtext.{module}")
    assert mod.__all__, module
    for name in mod.__all__:
        assert hasattr(mod, name), f"cxtext.{module}.{name}"


@pytest.mark.parametrize(
    ("exc", "builtin"),
    [
        (errors.InputError, ValueError),
        (errors.ColumnMappingError, ValueError),
        (errors.EncodingDetectionError, ValueError),
        (errors.ConfigError, ValueError),
        (errors.ScoreScaleError, ValueError),
        (errors.UnknownBackendError, KeyError),
        (errors.ModelLoadError, OSError),
    ],
)
def test_error_tree(exc, builtin):
    assert issubclass(exc, errors.CxTextError)
    assert issubclass(exc, builtin)


def test_unknown_backend_message_is_readable():
    assert str(errors.UnknownBackendError("unknown 'x'; known: a, b")) == "unknown 'x'; known: a, b"


def test_py_typed_shipped():
    from pathlib import Path

    assert (Path(cxtext.__file__).parent / "py.typed").exists()


def test_scale_errors():
    from cxtext.schema import ScoreScale, get_scale

    with pytest.raises(errors.ScoreScaleError, match="Known scales: csat, csat5, nps"):
        get_scale("ces")
    with pytest.raises(errors.ScoreScaleError, match="min <= low_max < high_min <= max"):
        ScoreScale("bad", 0, 10, high_min=5, low_max=7, groups=("l", "m", "h"))


@pytest.mark.parametrize(("kw", "msg"), [
    ({"foo": 1}, r"Unknown option 'foo'\. Options: .*score_col"),
    ({"score_coll": "Ocena"}, r"Unknown option 'score_coll'\. Did you mean 'score_col'\?"),
])
def test_analyze_refuses_an_unknown_option_by_name(kw: dict, msg: str) -> None:
    df = pd.DataFrame({"Ocena": [9, 3], "Komentarz": ["Super", "Słabo"]})
    with pytest.raises(errors.ConfigError, match=msg):
        cxtext.analyze(df, **kw)
