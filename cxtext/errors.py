"""Exception tree of cxtext.

Every error raised on purpose by cxtext derives from :class:`CxTextError` and also
from the matching builtin, so ``except ValueError`` keeps working for callers that
do not know about cxtext.

Messages follow one rule: say what is wrong, show the offending value (or row),
say what is allowed and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "CxTextError",
    "InputError",
    "EncodingDetectionError",
    "ColumnMappingError",
    "ScoreScaleError",
    "ConfigError",
    "UnknownBackendError",
    "ModelLoadError",
    "OutputError",
    "CxTextWarning",
    "LemmatizerMismatchWarning",
]


class CxTextError(Exception):
    """Base class of every error cxtext raises on purpose."""


class InputError(CxTextError, ValueError):
    """The survey data handed to cxtext cannot be read as given."""


class EncodingDetectionError(InputError):
    """A text file is in none of the encodings cxtext knows how to read."""


class ColumnMappingError(InputError):
    """The score/text/id/segment/date columns are missing or ambiguous."""


class ScoreScaleError(CxTextError, ValueError):
    """A score scale definition is invalid or unknown."""


class ConfigError(CxTextError, ValueError):
    """A configuration file or option is invalid."""


class UnknownBackendError(CxTextError, KeyError):
    """A backend/model name is not in the registry."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class ModelLoadError(CxTextError, OSError):
    """A model folder is missing, incomplete or in an unsafe format."""


class OutputError(CxTextError, ValueError):
    """A table cannot be written as asked (a chunk that does not fit the file's schema)."""


class CxTextWarning(UserWarning):
    """Base class of every warning cxtext issues (``warnings.simplefilter`` on it)."""


class LemmatizerMismatchWarning(CxTextWarning):
    """A model was trained with another lemmatizer (name or version) than the installed one."""
