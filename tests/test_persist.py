"""cxtext.persist: model folders load only what their backend saves - never code.

The reproducer of issue 14: a ``model.skops`` whose object graph calls ``builtins.exec``
(skops' ``ConstructorFromReduceNode`` calls the named type with the stored arguments) in a
folder whose ``config.json`` names ``sentiment.embedding.v1``. It was executed on load through
every entry point that takes a model folder; now each refuses it before anything is built.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import cxtext
from cxtext import cli
from cxtext.errors import ModelLoadError
from cxtext.persist import load_skops, models_dir
from cxtext.sentiment.base import load_model
from cxtext.sentiment.embedding import EmbeddingSentiment

runner = CliRunner()


def _node(cls: str, module: str, loader: str, content: Any, nid: int) -> dict[str, Any]:
    return {"__class__": cls, "__module__": module, "__loader__": loader, "content": content,
            "__id__": nid}


def write_payload(path: Path, module: str, name: str, arg: str) -> None:
    """A skops file whose loading calls ``module.name(arg)``."""
    text = {**_node("str", "builtins", "JsonNode", json.dumps(arg), 3), "is_json": True}
    args = _node("tuple", "builtins", "TupleNode", [text], 2)
    schema = {**_node(name, module, "ConstructorFromReduceNode", args, 1), "protocol": 2,
              "_skops_version": "0.16.0"}
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("schema.json", json.dumps(schema))


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


@pytest.fixture
def evil_folder(tmp_path: Path, marker: Path) -> Path:
    """A copy of the shipped embedding model's folder with a code-running ``model.skops``."""
    folder = tmp_path / "evil-model"
    shutil.copytree(models_dir() / "sentiment-embedding-v1", folder)
    write_payload(folder / "model.skops", "builtins", "exec",
                  f"open({str(marker)!r}, 'w').write('x')")
    return folder


# (entry point, call) - every route by which a user hands cxtext a model folder
ROUTES = {
    "load_model": lambda d: load_model(d),
    "EmbeddingSentiment.load": lambda d: EmbeddingSentiment.load(d),
    "Classifier": lambda d: cxtext.Classifier(sentiment=d, topics=None),
    "classify": lambda d: cxtext.classify(["Dobra obsługa"], sentiment=d, topics=None),
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_model_folder_that_runs_code_is_refused(route: str, evil_folder: Path,
                                                marker: Path) -> None:
    with pytest.raises(ModelLoadError, match=r"builtins\.exec") as err:
        ROUTES[route](evil_folder)
    assert not marker.exists()  # nothing ran
    assert "could run code" in str(err.value)


def test_cli_analyze_refuses_the_folder(evil_folder: Path, marker: Path, tmp_path: Path,
                                        survey_csv_cp1250: Path) -> None:
    res = runner.invoke(cli.app, ["analyze", str(survey_csv_cp1250), "--out",
                                  str(tmp_path / "out"), "--sentiment", str(evil_folder)])
    assert res.exit_code != 0
    assert "builtins.exec" in res.output
    assert not marker.exists()


def test_cli_serve_refuses_the_folder_before_serving(
        evil_folder: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uvicorn")
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: served.append(a))
    res = runner.invoke(cli.app, ["serve", "--sentiment", str(evil_folder)])
    assert res.exit_code == 2
    assert "builtins.exec" in res.output
    assert not served and not marker.exists()


@pytest.mark.parametrize(("module", "name"), [
    ("builtins", "exec"), ("builtins", "eval"), ("posix", "system"), ("os", "system"),
    ("numpy", "load"), ("numpy.lib.npyio", "load"), ("scipy.io", "loadmat"),
    ("collections", "UserDict"), ("cxtext.persist", "write_model_folder"),
    ("sklearn.utils", "Bunch"),
])
def test_only_the_exact_types_of_the_backend_are_trusted(
        tmp_path: Path, module: str, name: str) -> None:
    """Broad prefixes (``numpy.``, ``scipy.``, ``collections.``, ``cxtext.``) are not trusted:
    only the exact names the backend lists."""
    path = tmp_path / "model.skops"
    write_payload(path, module, name, "x")
    with pytest.raises(ModelLoadError, match=rf"{module}\.{name}"):
        load_skops(path, trusted=EmbeddingSentiment.skops_types, expect=EmbeddingSentiment)


def test_the_shipped_embedding_head_needs_only_its_listed_types() -> None:
    import skops.io as sio

    path = models_dir() / "sentiment-embedding-v1" / "model.skops"
    assert set(sio.get_untrusted_types(file=path)) <= EmbeddingSentiment.skops_types
    model = load_skops(path, trusted=EmbeddingSentiment.skops_types, expect=EmbeddingSentiment)
    assert isinstance(model, EmbeddingSentiment)


def test_a_file_that_is_not_skops_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    path.write_bytes(b"\x00not a zip")
    with pytest.raises(ModelLoadError, match="not a readable skops file"):
        load_skops(path, trusted=EmbeddingSentiment.skops_types)


def test_an_object_of_another_class_is_refused(tmp_path: Path) -> None:
    import skops.io as sio

    path = tmp_path / "model.skops"
    sio.dump({"weights": [1, 2, 3]}, path)  # only skops-trusted types, but not a model
    with pytest.raises(ModelLoadError, match="holds a dict"):
        load_skops(path, trusted=EmbeddingSentiment.skops_types, expect=EmbeddingSentiment)
