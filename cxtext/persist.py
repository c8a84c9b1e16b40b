"""Model folders on disk: safe formats only, never pickle.

A model folder holds ``config.json`` (backend name, hyper-parameters, labels, cxtext
version), ``metadata.json`` (training data, metrics, free-form) and weights in a safe format:
``model.skops`` for scikit-learn state, loaded only when every type in it is from
scikit-learn, NumPy, SciPy or cxtext, or safetensors/JSON files. Shared by the sentiment and
topic models.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cxtext.errors import ModelLoadError

__all__ = ["load_skops", "dump_skops", "models_dir", "jsonable", "read_config", "TRUSTED_PREFIXES"]

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "cxtext.", "builtins.", "collections.")


def dump_skops(obj: Any, path: Path) -> None:
    import skops.io as sio

    sio.dump(obj, path)


def load_skops(path: Path) -> Any:
    import skops.io as sio

    if not path.exists():
        raise ModelLoadError(f"Model weights {path} are missing; the folder is incomplete.")
    untrusted = sio.get_untrusted_types(file=path)
    bad = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
    if bad:
        raise ModelLoadError(
            f"{path} contains types cxtext does not load: {', '.join(bad)}. Only scikit-learn, "
            "NumPy, SciPy and cxtext types are trusted."
        )
    return sio.load(path, trusted=untrusted)


def jsonable(v: Any) -> bool:
    try:
        json.dumps(v)
    except TypeError:
        return False
    return True


def models_dir() -> Path:
    """Folder of the shipped models: ``$CXTEXT_MODELS_DIR`` or ``models/`` of the source tree."""
    env = os.environ.get("CXTEXT_MODELS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1] / "models"




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
