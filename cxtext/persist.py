"""Model folders on disk: safe formats only, never pickle.

A model folder holds ``config.json`` (backend name, hyper-parameters, labels, cxtext
version), ``metadata.json`` (training data, metrics, free-form) and weights in a safe format:
``model.skops`` for scikit-learn state, loaded only when every type in it that skops does
not trust by default is on the backend's exact list (:func:`load_skops`), or
safetensors/JSON files. Shared by the sentiment and
topic models.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import logging
import os
import warnings
from pathlib import Path
from typing import Any

from cxtext.errors import LemmatizerMismatchWarning, ModelLoadError

__all__ = [
    "load_skops",
    "dump_skops",
    "models_dir",
    "package_dir",
    "jsonable",
    "read_config",
    "write_model_folder",
    "read_model_folder",
    "save_vocabularies",
    "load_vocabularies",
    "VOCABULARY_FILE",
    "lemmatizer_record",
    "check_lemmatizer",
    "MODELS_PACKAGE",
]

logger = logging.getLogger(__name__)

#: The package that holds the shipped models (the repository's ``models/`` folder, installed
#: as package data by setup.py).
MODELS_PACKAGE = "cxtext.models"

def dump_skops(obj: Any, path: Path) -> None:
    import skops.io as sio

    sio.dump(obj, path)


def load_skops(path: Path, *, trusted: frozenset[str] | set[str], expect: type | None = None,
               ) -> Any:
    """Load ``model.skops`` when every type skops does not trust by default is in ``trusted``
    (the EXACT type names the backend's own files need, see
    ``skops.io.get_untrusted_types``); anything else - a function such as ``builtins.exec``,
    ``posix.system`` or ``numpy.load``, a class from another module - refuses the file before
    any object in it is created. ``expect``: the class the loaded object must be."""
    import skops.io as sio

    if not path.exists():
        raise ModelLoadError(f"Model weights {path} are missing; the folder is incomplete.")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # not a zip, no schema, ...
        raise ModelLoadError(f"{path} is not a readable skops file ({exc}); re-save the model "
                             "with cxtext.") from None
    bad = sorted(t for t in untrusted if t not in trusted)
    if bad:
        raise ModelLoadError(
            f"{path} contains types cxtext does not load: {', '.join(bad)}. A model file may "
            f"hold only the types its backend saves ({', '.join(sorted(trusted))}, plus "
            "scikit-learn's and NumPy's own safe types); nothing else is ever loaded, because "
            "loading it could run code. Use a model folder written by cxtext."
        )
    try:
        obj = sio.load(path, trusted=list(untrusted))
    except Exception as exc:
        raise ModelLoadError(f"{path} could not be loaded ({type(exc).__name__}: {exc}); "
                             "re-save the model with cxtext.") from None
    if expect is not None and not isinstance(obj, expect):
        raise ModelLoadError(f"{path} holds a {type(obj).__name__}, expected a "
                             f"{expect.__name__}; use a model folder written by cxtext.")
    return obj


def jsonable(v: Any) -> bool:
    try:
        json.dumps(v)
    except TypeError:
        return False
    return True


def package_dir(package: str) -> Path:
    """The folder of an importable package (its data files), through ``importlib.resources``.

    cxtext reads its models and taxonomies as files, so the package must be installed on the
    file system (pip always unpacks wheels); a zipped install raises :class:`ModelLoadError`.
    """
    root = importlib.resources.files(package)
    if not isinstance(root, Path):
        raise ModelLoadError(
            f"The package data of {package} is not on the file system ({root!r}); install "
            "cxtext unpacked (pip install cxtext) or set CXTEXT_MODELS_DIR to a models folder."
        )
    return root


def models_dir() -> Path:
    """Folder of the shipped models.

    ``$CXTEXT_MODELS_DIR`` when set; else ``models/`` of the source checkout cxtext is imported
    from (``PYTHONPATH=.`` without installing); else the package data ``cxtext.models``
    (the same folder inside a wheel or a non-editable install, mapped by editable installs).
    """
    env = os.environ.get("CXTEXT_MODELS_DIR")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file() and (root / "models" / "__init__.py").is_file():
        return root / "models"
    try:
        return package_dir(MODELS_PACKAGE)
    except ModuleNotFoundError:
        return root / "models"  # not installed and no checkout: load_model says what is missing


# --------------------------------------------------------------------------- lemmatizer record


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def lemmatizer_record(setting: str) -> dict[str, Any] | None:
    """Name and version of the lemmatizer that ``setting`` (a model's ``lemmatizer``
    parameter: ``simplemma`` or ``auto``) means in this environment, as stored in a model's
    config.json. ``auto`` is morfeusz2 for Polish when it is installed, with simplemma as the
    tie-break, so both versions are recorded then. None for an unknown setting."""
    if setting not in ("simplemma", "auto"):
        return None
    simple = _version("simplemma")
    morf = _version("morfeusz2") if setting == "auto" else None
    if morf is not None:
        return {"name": "morfeusz2", "version": morf,
                "tie_break": {"name": "simplemma", "version": simple}}
    return {"name": "simplemma", "version": simple}


def _describe(record: dict[str, Any] | None) -> str:
    if not record:
        return "none"
    out = f"{record.get('name')} {record.get('version')}"
    tie = record.get("tie_break")
    if isinstance(tie, dict):
        out += f" (+ {tie.get('name')} {tie.get('version')})"
    return out


def check_lemmatizer(config: dict[str, Any], folder: Path) -> None:
    """Warn (log + :class:`LemmatizerMismatchWarning`) when the lemmatizer recorded in a model's
    config differs from the one installed: the model sees other lemmas than it was trained on."""
    saved = config.get("lemmatizer")
    if not isinstance(saved, dict):
        return  # a model without lemmas, or saved before cxtext recorded them
    params = config.get("params")
    setting = params.get("lemmatizer") if isinstance(params, dict) else None
    current = lemmatizer_record(str(setting or saved.get("name")))
    if current == saved:
        return
    want = f"{saved.get('name')}=={saved.get('version')}"
    msg = (f"The model in {folder} was trained with the lemmatizer {_describe(saved)}, but this "
           f"environment has {_describe(current)}: some words get other lemmas, so predictions "
           f"may differ from the model's reported metrics. Install the trained version (pip "
           f"install '{want}', or install cxtext with -c constraints.txt) or retrain the model.")
    logger.warning(msg)
    warnings.warn(msg, LemmatizerMismatchWarning, stacklevel=3)


def read_config(folder: Path, *, missing: str) -> dict[str, Any]:
    """``config.json`` of a model folder; ``missing`` ends the error when it is absent."""
    path = folder / "config.json"
    if not path.exists():
        raise ModelLoadError(f"No model at {folder}: config.json is missing. {missing}")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelLoadError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(config, dict):
        raise ModelLoadError(f"{path} must hold a JSON object, got {type(config).__name__}.")
    return config


# --------------------------------------------------------------------------- model folders


def write_model_folder(path: str | Path, *, backend: str, params: dict[str, Any],
                       labels: list[str], metadata: dict[str, Any] | None = None) -> Path:
    """Create a model folder with ``config.json`` (backend, the JSON-able ``params``, labels,
    cxtext version, format, and the lemmatizer name and version when ``params`` names one)
    and ``metadata.json``; the caller adds the weights. The one writer of every trainable
    model (sentiment backends and the topic classifier)."""
    from cxtext._version import __version__

    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    kept = {k: v for k, v in params.items() if jsonable(v)}
    config: dict[str, Any] = {"backend": backend, "params": kept, "labels": labels,
                              "cxtext_version": __version__, "format": 1}
    lemmatizer = kept.get("lemmatizer")
    record = lemmatizer_record(lemmatizer) if isinstance(lemmatizer, str) else None
    if record is not None:
        config["lemmatizer"] = record  # checked at load: lemmas are part of the features
    (folder / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (folder / "metadata.json").write_text(
        json.dumps(dict(metadata or {}), indent=2, ensure_ascii=False, default=str),
        encoding="utf-8")
    return folder


def read_model_folder(folder: Path, *, missing: str,
                      backend: str | None = None) -> dict[str, Any]:
    """``config.json`` of a model folder, checked: readable JSON object, the expected
    ``backend`` (when given), the lemmatizer it was trained with (a warning on a mismatch).
    ``params`` come back with tuples where JSON made lists of n-gram ranges."""
    config = read_config(folder, missing=missing)
    if backend is not None and config.get("backend") != backend:
        raise ModelLoadError(f"{folder} holds a {config.get('backend')!r} model, not "
                             f"{backend!r}.")
    check_lemmatizer(config, folder)
    params = dict(config.get("params") or {})
    if isinstance(params.get("char_ngrams"), list):
        params["char_ngrams"] = tuple(params["char_ngrams"])
    config["params"] = params
    return config


#: The vocabularies (feature index -> term) of a saved linear model: per vectorizer, the
#: UTF-8 bytes of its terms in index order, each followed by a newline (``<kind>_terms``,
#: uint8). Terms are n-grams of words or characters, so a newline cannot be part of one.
VOCABULARY_FILE = "vocabulary.safetensors"
_LEGACY_VOCABULARY_FILE = "vocabulary.json"  # {"word": [...], "char": [...]}, still read


def save_vocabularies(folder: Path, vocabularies: dict[str, list[str]]) -> None:
    """Write ``{"word": terms, "char": terms}`` (terms in feature-index order)."""
    import numpy as np
    from safetensors.numpy import save_file

    packed = {}
    for kind, terms in vocabularies.items():
        bad = [t for t in terms if not t or "\n" in t]
        if bad:
            raise ValueError(f"vocabulary terms must be non-empty and hold no newline, got "
                             f"{bad[:3]}")
        packed[f"{kind}_terms"] = np.frombuffer(
            "".join(t + "\n" for t in terms).encode("utf-8"), dtype=np.uint8)
    save_file(packed, str(folder / VOCABULARY_FILE))
    (folder / _LEGACY_VOCABULARY_FILE).unlink(missing_ok=True)  # superseded


def load_vocabularies(folder: Path, kinds: tuple[str, ...] = ("word", "char"),
                      ) -> dict[str, dict[str, int]]:
    """``{kind: {term: feature index}}`` from vocabulary.safetensors, or from the
    vocabulary.json of folders written before it; a truncated file or a repeated term is a
    :class:`~cxtext.errors.ModelLoadError`."""
    path = folder / VOCABULARY_FILE
    try:
        if not path.exists() and (folder / _LEGACY_VOCABULARY_FILE).exists():
            legacy = json.loads((folder / _LEGACY_VOCABULARY_FILE).read_text(encoding="utf-8"))
            terms = {k: list(legacy[k]) for k in kinds}
        else:
            from safetensors.numpy import load_file

            arrays = load_file(str(path))
            terms = {}
            for k in kinds:
                text = arrays[f"{k}_terms"].tobytes().decode("utf-8")
                if text and not text.endswith("\n"):
                    raise ModelLoadError(f"{path}: the last {k} term is truncated.")
                terms[k] = text.split("\n")[:-1]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelLoadError(f"{folder}: cannot read the vocabularies: {exc}") from None
    out = {}
    for k, ts in terms.items():
        out[k] = dict(zip(ts, range(len(ts)), strict=True))
        if len(out[k]) != len(ts):
            raise ModelLoadError(f"{folder}: the {k} vocabulary repeats a term.")
    return out
