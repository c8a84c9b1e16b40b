"""Source trees to compare: this checkout ("new") and ``--baseline DIR`` ("old").

Used by ``throughput.py`` and ``analyze.py``. Nothing here imports cxtext: every measurement
runs in a fresh subprocess with ``PYTHONPATH=<tree>`` so that the tree's own ``cxtext`` and
its own shipped models are used (``$CXTEXT_MODELS_DIR`` is removed from the child's
environment, so ``cxtext.persist.models_dir()`` - or whatever the tree uses instead -
resolves inside that tree). The child checks that ``cxtext`` was imported from the tree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

BASELINE_HELP = (
    "source checkout of the old main to compare with (a folder holding cxtext/__init__.py, "
    "e.g. made with `git worktree add /tmp/oldmain <commit>`); its own models/ are used"
)


@dataclass(frozen=True)
class Tree:
    """One source tree: ``label`` is ``"old"`` or ``"new"``."""

    label: str
    root: Path

    def info(self) -> dict[str, Any]:
        return {"root": str(self.root), "commit": git_commit(self.root)}


def add_baseline_args(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--baseline", type=Path, metavar="DIR", help=BASELINE_HELP)
    ap.add_argument("--no-baseline", action="store_true",
                    help="measure only this tree (no old column); --baseline is required "
                         "otherwise")


def check_tree(path: Path) -> Path:
    """``path`` resolved, or ValueError saying what is wrong with it as a cxtext checkout."""
    root = path.expanduser().resolve()
    if not root.exists():
        raise ValueError(f"--baseline {path}: no such folder. Give a source checkout of the old "
                         "main, e.g. `git worktree add /tmp/oldmain <old commit>` and "
                         "--baseline /tmp/oldmain.")
    if not root.is_dir():
        raise ValueError(f"--baseline {path}: is a file, not a folder. Give the root of a "
                         "source checkout of the old main (the folder holding cxtext/).")
    if not (root / "cxtext" / "__init__.py").is_file():
        hint = ""
        if (root.parent / "cxtext" / "__init__.py").is_file():
            hint = f" (did you mean {root.parent}?)"
        raise ValueError(f"--baseline {path}: {root} holds no cxtext/__init__.py, so it is not "
                         f"a cxtext source checkout{hint}. Give the folder that contains "
                         "cxtext/, pyproject.toml and models/.")
    return root


def resolve_trees(ap: argparse.ArgumentParser, args: argparse.Namespace) -> list[Tree]:
    """``[old, new]`` from ``--baseline`` (``[new]`` with ``--no-baseline``); argparse errors
    (exit 2, with the reason) for a missing or unusable baseline."""
    new = Tree("new", ROOT)
    if args.no_baseline:
        if args.baseline is not None:
            ap.error("--baseline and --no-baseline exclude each other; drop one.")
        return [new]
    if args.baseline is None:
        ap.error("--baseline DIR is required: a source checkout of the old main to measure in "
                 "the same run (e.g. `git worktree add /tmp/oldmain <old commit>` then "
                 "--baseline /tmp/oldmain). Pass --no-baseline to measure only this tree.")
    try:
        old_root = check_tree(args.baseline)
    except ValueError as exc:
        ap.error(str(exc))
    if old_root == ROOT:
        print(f"note: --baseline {old_root} is this tree itself: the old and new columns "
              "measure the same code (the spread shows the noise).", file=sys.stderr)
    return [Tree("old", old_root), new]


def child_env(tree: Tree) -> dict[str, str]:
    """Environment for a subprocess that must import ``tree``'s cxtext and models."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree.root)
    env.pop("CXTEXT_MODELS_DIR", None)  # each tree resolves its own shipped models
    env["PYTHONHASHSEED"] = "0"
    return env


def precompile(tree: Tree) -> None:
    """Byte-compile the tree's package once, so no child pays for it in its start-up time."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree.root / "cxtext")],
                   env=child_env(tree), capture_output=True, check=False)


def warn_models_env() -> None:
    if os.environ.get("CXTEXT_MODELS_DIR"):
        print(f"note: CXTEXT_MODELS_DIR={os.environ['CXTEXT_MODELS_DIR']} is ignored: each "
              "tree is measured with its own shipped models.", file=sys.stderr)


def git_commit(root: Path) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "cxtext",
                            "models"], capture_output=True, text=True, timeout=30).stdout
    return out.stdout.strip() + ("+dirty" if dirty.strip() else "")


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "platform": platform.platform()}


def add_child_args(ap: argparse.ArgumentParser) -> None:
    """The hidden options by which a benchmark script runs itself as a child."""
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-result", type=Path, help=argparse.SUPPRESS)


def serve_child(args: argparse.Namespace, child: Callable[[Any], Any]) -> bool:
    """In a child (``--child``): ``child(payload)`` written as JSON; False when not a child."""
    if args.child is None:
        return False
    payload = json.loads(args.child.read_text(encoding="utf-8"))
    args.child_result.write_text(json.dumps(child(payload)), encoding="utf-8")
    return True


def run_in_child(script: Path, tree: Tree, payload: Any, tmp: Path, name: str = "child",
                 ) -> tuple[Any, subprocess.CompletedProcess[str]]:
    """Run ``script --child`` on ``payload`` in a fresh interpreter importing ``tree``: (its
    JSON result, or None when it failed; the finished process, for its stderr)."""
    spec, result = tmp / f"{name}-in.json", tmp / f"{name}-out.json"
    result.unlink(missing_ok=True)
    spec.write_text(json.dumps(payload), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), "--child", str(spec), "--child-result",
                           str(result)], env=child_env(tree), cwd=tmp, capture_output=True,
                          text=True)
    if proc.returncode != 0 or not result.exists():
        return None, proc
    return json.loads(result.read_text(encoding="utf-8")), proc


# --------------------------------------------------------------------------- in the child

def check_import(tree_root: str) -> dict[str, Any]:
    """In a child: fail unless ``cxtext`` comes from ``tree_root``; where its models are."""
    import cxtext

    file = Path(cxtext.__file__).resolve()
    root = Path(tree_root).resolve()
    if root not in file.parents:
        raise RuntimeError(f"cxtext was imported from {file}, not from the tree {root}: "
                           "PYTHONPATH did not take precedence (is another cxtext installed "
                           "in a way that shadows it?).")
    info: dict[str, Any] = {"cxtext_file": str(file),
                            "version": getattr(cxtext, "__version__", None)}
    try:
        from cxtext.persist import models_dir  # the old layout; the new one may differ
    except ImportError:
        return info
    folder = Path(models_dir()).resolve()
    info["models_dir"] = str(folder)
    if root not in folder.parents and folder != root:
        raise RuntimeError(f"the models of {root} should be used but models_dir() is {folder}")
    return info
