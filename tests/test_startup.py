"""Fast start: ``import cxtext``, ``cxtext --help`` and ``--version`` load none of the heavy
libraries, and the public API is still all there (imported on first use).

Checked in fresh interpreters through ``sys.modules``, not with timings (those are flaky on
a loaded machine; ``benchmarks/startup.py`` measures them).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "sklearn", "pandas", "torch", "transformers", "thinc", "scipy", "pyarrow")


def loaded_after(code: str) -> dict[str, list[str]]:
    """Run ``code`` in a fresh interpreter (this checkout first on the path); return which
    heavy top-level packages and which cxtext modules it left in ``sys.modules``."""
    probe = (
        "import json, sys\n"
        f"{code}\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "ours = sorted(m for m in sys.modules if m == 'cxtext' or m.startswith('cxtext.'))\n"
        "print(json.dumps({'heavy': heavy, 'cxtext': ours}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=env, cwd=REPO, timeout=120, check=True)
    result: dict[str, list[str]] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run_cli(*args: str) -> str:
    return (
        "from cxtext.cli import app\n"
        "try:\n"
        f"    app({list(args)!r}, prog_name='cxtext')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
    )


@pytest.mark.parametrize("code", [
    "import cxtext",
    "import cxtext.cli",
    run_cli("--version"),
    run_cli("--help"),
    run_cli("analyze", "--help"),
], ids=["import cxtext", "import cxtext.cli", "--version", "--help", "analyze --help"])
def test_start_loads_no_heavy_library(code: str) -> None:
    got = loaded_after(code)
    assert got["heavy"] == [], f"{code!r} imported {got['heavy']}"


def test_version_comes_from_the_light_module() -> None:
    got = loaded_after("import cxtext; assert cxtext.__version__")
    assert got["heavy"] == []
    assert "cxtext.pipeline" not in got["cxtext"]


def test_public_names_load_on_first_use() -> None:
    got = loaded_after("import cxtext\nassert callable(cxtext.read_survey)")
    assert "cxtext.io" in got["cxtext"]
    assert "spacy" not in got["heavy"]
    got = loaded_after("import cxtext\nassert callable(cxtext.classify)")
    assert "cxtext.pipeline" in got["cxtext"]


def test_importing_the_model_packages_imports_no_backend() -> None:
    got = loaded_after("import cxtext.sentiment, cxtext.topics\n"
                       "from cxtext.topics import load_taxonomy\nload_taxonomy('cx_default')")
    backends = {"cxtext.sentiment.linear", "cxtext.sentiment.lexicon",
                "cxtext.sentiment.embedding", "cxtext.sentiment.transformer",
                "cxtext.topics.rules", "cxtext.topics.classifier"}
    assert not backends & set(got["cxtext"])
    assert "spacy" not in got["heavy"]


def test_lazy_api_is_complete() -> None:
    import cxtext

    for name in cxtext.__all__:
        assert hasattr(cxtext, name), name
    assert set(cxtext.__all__) <= set(dir(cxtext))
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        cxtext.not_a_name  # noqa: B018


def test_nps_stays_the_function_after_its_module_is_imported() -> None:
    import importlib

    import cxtext

    module = importlib.import_module("cxtext.nps")  # would rebind the package attribute
    assert callable(cxtext.nps)
    assert cxtext.nps is module.nps
    assert cxtext.nps(30, 10, 10).nps == pytest.approx(40.0)


TORCH_INSTALLED = importlib.util.find_spec("torch") is not None


def test_spacy_imported_by_cxtext_does_not_import_torch() -> None:
    got = loaded_after("import cxtext.nlp\nimport thinc.compat\n"
                       "assert not thinc.compat.has_torch\n"
                       "cxtext.nlp.get_nlp('pl')('Nie polecam')")
    assert "spacy" in got["heavy"] and "torch" not in got["heavy"]


@pytest.mark.skipif(not TORCH_INSTALLED, reason="PyTorch is not installed")
@pytest.mark.parametrize("code", [
    "import cxtext\nimport spacy",  # the user's own import of spaCy is left alone
    "import os\nos.environ['CXTEXT_SPACY_TORCH'] = '1'\nimport cxtext.nlp",  # opted out
    "import spacy\nimport cxtext.nlp",  # spaCy was there first
])
def test_thinc_keeps_torch_otherwise(code: str) -> None:
    got = loaded_after(code + "\nimport thinc.compat\nassert thinc.compat.has_torch")
    assert "torch" in got["heavy"]


@pytest.mark.skipif(not TORCH_INSTALLED, reason="PyTorch is not installed")
def test_torch_still_imports_after_cxtext_loaded_spacy() -> None:
    got = loaded_after("import cxtext.nlp\nimport torch\nassert torch.ones(2).sum() == 2")
    assert {"spacy", "torch"} <= set(got["heavy"])

