"""The default learned scorer: trained, when no model was given, on the labelled pools that ship.

`--scorer learned` uses a model someone trained (`ioi-agent train scorer ... --out`, at
`scoring_model.default_model_path()`) when there is one. Otherwise no model is shipped (model files
are never committed), and this module makes one from what ships instead: the labelled pools in
`problems/` (each task's `candidates/`, the same pools `train scorer` reads), judged once into a run
store under the cache folder and reused from there.

Never on the task being ranked: `ScorerBank.for_task(key)` gives, for each task, a model trained on
every shipped pool except that task's (leave it out), so a contest over `problems/` ranks each
task with a model that never saw its hidden results. Training is quick (CPU, one thread, seeded:
the same pools give the same model) and each model is cached by the content hash of its training
data and options, so later runs load it. The note of each task names the model file and the tasks
it was trained on, for the report.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ioi_agent.features import FEATURE_VERSION, FEATURES
from ioi_agent.scoring_model import Scorer, TaskData, load, train
from judge.loaders.archive import default_cache_dir

SHIPPED_POOLS = Path(__file__).resolve().parents[1] / "problems"
TRAIN_OPTIONS = {"hidden": 8, "epochs": 400, "seed": 0}


def cache_folder() -> Path:
    """Where judged pools and trained models are kept: `<ioi-agent cache>/scorer/`."""
    return default_cache_dir() / "scorer"


def model_digest(datasets: Sequence[TaskData], options: dict) -> str:
    """The content hash of a training run: feature version, options, and every task's rows and labels."""
    h = hashlib.sha256(json.dumps({"features": list(FEATURES), "version": FEATURE_VERSION, **options},
                                  sort_keys=True).encode())
    for d in sorted(datasets, key=lambda d: d.key):
        h.update(d.key.encode() + b"\0")
        h.update(d.x.tobytes() + d.y.tobytes())
        h.update(json.dumps(sorted(d.points.items())).encode())
    return h.hexdigest()[:16]


@dataclass
class ScorerBank:
    """Per task, a scorer trained on every dataset but that task's (see the module doc)."""

    datasets: tuple[TaskData, ...]
    cache: Path
    source: str = "shipped labelled pools"  # what the datasets are, for the notes
    options: dict = field(default_factory=lambda: dict(TRAIN_OPTIONS))
    trained: int = 0  # models trained by this bank (the rest came from the cache)
    _models: dict[str, tuple[Scorer | None, str]] = field(default_factory=dict)

    def for_task(self, key: str) -> tuple[Scorer | None, str]:
        """(model or None, one line saying which model ranks task `key` and what trained it)."""
        if key not in self._models:
            self._models[key] = self._model([d for d in self.datasets if d.key != key])
        return self._models[key]

    def _model(self, rest: list[TaskData]) -> tuple[Scorer | None, str]:
        if not rest:
            return None, f"learned scorer: none ({self.source} hold no task but this one to train on)"
        path = self.cache / f"model-{model_digest(rest, self.options)}.pt"
        model = None
        if path.is_file():
            try:
                model = load(path)
            except (ValueError, OSError, RuntimeError, KeyError):
                model = None  # unreadable: trained again below
        how = "cached"
        if model is None:
            model = train(rest, **self.options)
            self.trained += 1
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".pt")
            os.close(fd)
            model.save(tmp)
            os.replace(tmp, path)
            how = "trained now"
        codes = ", ".join(sorted(d.task for d in rest))
        return model, (f"learned scorer: {path.name} ({how}; seeded MLP on {len(rest)} {self.source}: {codes}; "
                       f"this task left out)")


def scorer_for(scorer, key: str) -> tuple[Scorer | None, str]:
    """The model that may rank task `key`, and why: `scorer` is None, a `Scorer` (not used on a task
    it was trained on), or a `ScorerBank`."""
    if scorer is None:
        return None, ""
    if isinstance(scorer, ScorerBank):
        return scorer.for_task(key)
    if key in getattr(scorer, "tasks", ()):
        return None, "learned scorer not used here: it was trained on this task's hidden results"
    return scorer, ""
