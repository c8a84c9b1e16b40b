"""cxtext: open-text customer feedback analysis for Polish and English.

>>> import cxtext
>>> cxtext.classify(["Nie polecam, kurier spóźniony 3 dni", "ok"])[0]["lang"]
'pl'

The public names below are imported on first use (PEP 562), so ``import cxtext`` and
``cxtext --version`` do not load spaCy, scikit-learn or pandas; when cxtext imports spaCy,
thinc does not import PyTorch (:mod:`cxtext._spacy_import`, ``CXTEXT_SPACY_TORCH=1`` to
keep it).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from cxtext._lazy import lazy_names
from cxtext._spacy_import import install as _install_spacy_import
from cxtext._version import __version__
from cxtext.errors import (
    ColumnMappingError,
    ConfigError,
    CxTextError,
    CxTextWarning,
    EncodingDetectionError,
    InputError,
    LemmatizerMismatchWarning,
    ModelLoadError,
    OutputError,
    ScoreScaleError,
    UnknownBackendError,
)

if TYPE_CHECKING:
    from cxtext.config import AnalyzeOptions
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
    from cxtext.report.compare import compare_waves
    from cxtext.schema import CSAT5, NPS, ScoreScale
    from cxtext.topics.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

__all__ = [
    "__version__",
    "SCHEMA_VERSION",
    # entry points
    "classify",
    "classify_file",
    "analyze",
    "analyze_file",
    "discover",
    "compare_waves",
    "topic_mentions",
    "load_taxonomy",
    "read_survey",
    "iter_survey",
    "detect_language",
    "nps",
    "nps_table",
    # types
    "Analysis",
    "AnalyzeOptions",
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
    "OutputError",
    "TaxonomyError",
    # warnings
    "CxTextWarning",
    "LemmatizerMismatchWarning",
]

#: Public name -> the module that defines it (imported on first access).
_LAZY: dict[str, str] = {
    **dict.fromkeys(("ColumnMapping", "Survey", "SurveyReader", "iter_survey", "read_survey"),
                    "cxtext.io"),
    "detect_language": "cxtext.lang",
    "AnalyzeOptions": "cxtext.config",
    **dict.fromkeys(("NPSResult", "nps", "nps_table"), "cxtext.nps"),
    **dict.fromkeys(("SCHEMA_VERSION", "Classifier", "ClassifyResult", "classify"),
                    "cxtext.pipeline.classify"),
    **dict.fromkeys(("Analysis", "analyze", "analyze_file", "classify_file", "discover"),
                    "cxtext.pipeline.analyze"),
    "topic_mentions": "cxtext.pipeline.enrich",
    "compare_waves": "cxtext.report.compare",
    **dict.fromkeys(("CSAT5", "NPS", "ScoreScale"), "cxtext.schema"),
    **dict.fromkeys(("Taxonomy", "TaxonomyError", "load_taxonomy"), "cxtext.topics.taxonomy"),
}


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals(), __all__)


class _Package(types.ModuleType):
    """``cxtext.nps`` is the function, as it always was, also after the submodule
    ``cxtext.nps`` is imported (which would otherwise rebind the package attribute)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == f"{__name__}.{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
_install_spacy_import()  # spaCy, when cxtext imports it, without PyTorch (see the module)
