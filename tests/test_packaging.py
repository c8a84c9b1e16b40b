"""The built wheel is complete: installed (not editable) in a fresh virtual environment, away
from the source tree, cxtext classifies with its shipped models and taxonomy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Not part of a build (caches, environments, earlier builds): left out of the copied tree.
JUNK = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "out",
                              "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
                              "cxtext-out", "*.whl")

CHECK = textwrap.dedent("""
    import sys
    from pathlib import Path

    import cxtext
    from cxtext.persist import models_dir
    from cxtext.topics.taxonomy import packaged_taxonomies

    venv = Path(sys.prefix).resolve()
    assert Path(cxtext.__file__).resolve().is_relative_to(venv), cxtext.__file__
    assert models_dir().resolve().is_relative_to(venv), models_dir()
    packs = set(packaged_taxonomies())
    assert {"cx_default", "telco", "saas", "banking"} <= packs, packs
    out = cxtext.classify(["Nie polecam", "Great service, thank you"])
    assert [r["sentiment"] for r in out] == ["negative", "positive"], out
    assert all("topics" in r for r in out) and out[1]["topics"], out
    print("wheel ok:", cxtext.__file__)
""")


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_classifies(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=JUNK)  # never build inside the checkout (build/ is stale)
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(dist)], cwd=tmp_path)
    wheels = list(dist.glob("cxtext-*.whl"))
    assert len(wheels) == 1, wheels

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        cwd=tmp_path)
    python = venv / "bin" / "python"
    # the dependencies come from the environment running the tests (a venv's site-packages is
    # not "system" site-packages): a path line, so its .pth files (an editable cxtext) are not run
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                  cwd=tmp_path).strip()
    here = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(purelib) / "test_deps.pth").write_text("\n".join(sorted(here)) + "\n")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--ignore-installed", "-q", str(wheels[0])], cwd=tmp_path)

    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "CXTEXT_MODELS_DIR", "PYTHONHOME")}
    away = tmp_path / "elsewhere"
    away.mkdir()
    assert "wheel ok" in run([str(python), "-c", CHECK], cwd=away, env=env)
