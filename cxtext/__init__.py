"""cxtext: open-text customer feedback analysis for Polish and English.

>>> import cxtext
>>> cxtext.classify(["Nie polecam, kurier spóźniony 3 dni", "ok"])[0]["lang"]
'pl'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from cxtext.errors import (
    ColumnMappingError,
    ConfigError,
    CxTextError,
    EncodingDetectionError,
    InputError,
    ModelLoadError,
    ScoreScaleError,
    UnknownBackendError,
)
from cxtext.io import ColumnMapping, Survey, SurveyReader, iter_survey, read_survey
from cxtext.lang import detect_language
from cxtext.nps import NPSResult, nps, nps_table
from cxtext.pipeline import (
    SCHEMA_VERSION,
    Analysis,
    Classifier,
    ClassifyResult,
    analyze,
    analyze_file,
    classify,
    classify_file,
    discover,
    topic_mentions,
)
from cxtext.schema import CSAT5, NPS, ScoreScale
from cxtext.topics import Taxonomy, TaxonomyError, load_taxonomy

try:
    __version__ = version("cxtext")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "SCHEMA_VERSION",
    # entry points
    "classify",
    "classify_file",
    "analyze",
    "analyze_file",
    "discover",
    "topic_mentions",
    "load_taxonomy",
    "read_survey",
    "iter_survey",
    "detect_language",
    "nps",
    "nps_table",
    # types
    "Analysis",
    "Classifier",
    "ClassifyResult",
    "ColumnMapping",
    "Survey",
    "SurveyReader",
    "NPSResult",
    "ScoreScale",
    "NPS",
    "CSAT5",
    "Taxonomy",
    # errors
    "CxTextError",
    "InputError",
    "EncodingDetectionError",
    "ColumnMappingError",
    "ScoreScaleError",
    "ConfigError",
    "UnknownBackendError",
    "ModelLoadError",
    "TaxonomyError",
]
