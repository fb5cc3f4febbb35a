"""Where the shared development sets and their scorers live, and the scorers loaded from there.

The dev sets and their scorers sit beside the project in `shared/` (never in this repository:
the texts are other people's). The scorers are imported from that folder at run time, not
copied, so that a report or a ratchet built on them can never disagree with the score the team
reads off `score.py`.

    from benchmarks.devsets import shared_dir, load_scorer
    score = load_scorer(shared_dir() / "eval" / "score.py")
    figures = score.score(gold, score.load_pred(pred_path, list(gold["docs"])))
"""
from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_ENV = "STRIFE_SHARED"


class SharedNotFound(LookupError):
    """The shared dev sets are not on this machine (or $STRIFE_SHARED points at nothing)."""


def shared_dir(start: Path = REPO_ROOT) -> Path:
    """$STRIFE_SHARED when set, else the nearest `shared/` folder beside `start` or one of its
    ancestors (`../shared` for the main checkout, `../../shared` for a worktree under `wt/`).
    A folder counts only when it holds the incident scorer, so an unrelated `shared/` is passed by."""
    override = os.environ.get(SHARED_ENV)
    if override:
        path = Path(override)
        if not (path / "eval" / "score.py").is_file():
            raise SharedNotFound(f"${SHARED_ENV}={override} holds no eval/score.py")
        return path
    for folder in [start, *start.parents]:
        candidate = folder.parent / "shared"
        if (candidate / "eval" / "score.py").is_file():
            return candidate
    raise SharedNotFound(f"no shared/eval/score.py beside {start} or any folder above it; "
                         f"set ${SHARED_ENV} to the folder holding the dev sets")


@cache
def load_scorer(path: Path | str) -> ModuleType:
    """Import a scorer script by path (each under its own module name, since two of them are
    called score.py). Its folder goes on sys.path while it loads, for the helpers it imports
    beside it (MUC-4's strife_adapter)."""
    path = Path(path).resolve()
    if not path.is_file():
        raise SharedNotFound(f"scorer {path} does not exist")
    name = "strife_devset_" + "_".join(path.parts[-3:]).replace(".py", "").replace("-", "_").replace(".", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    sys.modules[name] = module
    return module


def mean_field_accuracy(figures: dict) -> float:
    """The `field_acc` of score.py's SCORE line (printed there, not returned by its `score`): the
    mean of the field accuracies that could be measured."""
    accuracies = [v["acc"] for v in figures["fields"].values() if v["acc"] is not None]
    return sum(accuracies) / len(accuracies) if accuracies else 0.0
