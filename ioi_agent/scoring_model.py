"""Learned scoring function: the probability that a candidate solves a subtask, from `features`.

A small MLP (one hidden layer; hidden=0 gives logistic regression) trained with binary cross-entropy
on pools whose hidden scores are known (`problems/`, or any run store of `eval selection`). Features are
standardised with the training set's mean and spread, which are saved with the weights, the feature
names and FEATURE_VERSION; `load` refuses a model saved for another feature version, since its inputs
would silently mean something else.

The model remembers which tasks it was trained on (`Scorer.tasks`, task keys): a selection must not
use a model on a task whose hidden results trained it (`scorer_for`), or the score it helps reach
is an artifact of having seen the answers.

`leave_one_task_out` is the honest measure: for each task, a model trained on the other tasks ranks that
task's (candidate, subtask) pairs; the report gives the ROC AUC of that ranking and the Spearman
correlation between the predicted expected score and the true score of each candidate.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ioi_agent.features import (
    FEATURE_VERSION,
    FEATURES,
    Row,
    candidate_features,
    labels,
)
from ioi_agent.pool import PoolResult
from ioi_agent.selection import Observation


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """A net this small runs fastest on one thread; with several, on a machine busy judging, each step
    waits on the others (30x slower measured on 2 loaded cores)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@dataclass(frozen=True)
class TaskData:
    task: str
    key: str  # pool.task_key: what `Scorer.tasks` records
    rows: list[Row]
    x: np.ndarray
    y: np.ndarray
    points: dict[int, float]  # subtask index -> points
    truth: dict[str, float]  # candidate -> hidden total score


def task_data(result: PoolResult, logprobs: Mapping[str, float] | None = None) -> TaskData:
    rows = candidate_features(result, logprobs)
    x = np.array([r.values for r in rows], dtype=np.float32).reshape(len(rows), len(FEATURES))
    return TaskData(result.task.code, result.key, rows, x, np.array(labels(result, rows), dtype=np.float32),
                    {st.index: st.points for st in result.task.subtasks},
                    {c.id: float(sum(c.subtask_scores)) for c in result.candidates})


class Scorer:
    """A trained model with its standardisation; `predict` maps feature rows to solve probabilities."""

    def __init__(self, net, mean: np.ndarray, std: np.ndarray, hidden: int, tasks: Sequence[str] = ()):
        self.net, self.mean, self.std, self.hidden = net, mean, std, hidden
        self.tasks = frozenset(tasks)  # keys of the tasks whose hidden results trained it

    def predict(self, x: np.ndarray) -> np.ndarray:
        import torch

        if len(x) == 0:
            return np.zeros(0, dtype=np.float32)
        with torch.no_grad(), _one_thread():
            z = torch.from_numpy(((x - self.mean) / self.std).astype(np.float32))
            return torch.sigmoid(self.net(z)).squeeze(-1).numpy()

    def expected_scores(self, result: PoolResult, logprobs: Mapping[str, float] | None = None) -> dict[str, float]:
        """Candidate -> predicted task score (sum over subtasks of P(solved) * points): a score map
        selection can rank clusters by."""
        data = task_data(result, logprobs)
        out: dict[str, float] = {c.id: 0.0 for c in result.candidates}
        for row, p in zip(data.rows, self.predict(data.x)):
            out[row.candidate] += float(p) * data.points[row.subtask]
        return out

    def solve_probabilities(self, result: PoolResult, obs: Observation) -> dict[str, tuple[float, ...]]:
        """Candidate -> P(solved) per subtask (0 for subtasks worth nothing), from `obs`'s evidence."""
        rows = candidate_features(result, obs=obs)
        n = len(result.task.subtasks)
        out = {c.id: [0.0] * n for c in obs.candidates}
        x = np.array([r.values for r in rows], dtype=np.float32).reshape(len(rows), len(FEATURES))
        for row, p in zip(rows, self.predict(x)):
            out[row.candidate][row.subtask] = round(float(p), 6)
        return {cid: tuple(v) for cid, v in out.items()}

    def save(self, path: Path | str) -> Path:
        import torch

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save({"feature_version": FEATURE_VERSION, "features": list(FEATURES), "hidden": self.hidden,
                    "mean": self.mean.tolist(), "std": self.std.tolist(), "state_dict": self.net.state_dict(),
                    "tasks": sorted(self.tasks)}, path)
        return path


def _net(n_in: int, hidden: int):
    from torch import nn

    return nn.Linear(n_in, 1) if hidden <= 0 else nn.Sequential(nn.Linear(n_in, hidden), nn.Tanh(), nn.Linear(hidden, 1))


def load(path: Path | str) -> Scorer:
    import torch

    blob = torch.load(Path(path), map_location="cpu", weights_only=True)
    version = blob.get("feature_version")
    if version != FEATURE_VERSION or list(blob.get("features", [])) != list(FEATURES):
        raise ValueError(f"{path}: model has feature version {version}, this code computes version {FEATURE_VERSION}; "
                         "retrain it with `ioi-agent train scorer`")
    net = _net(len(FEATURES), int(blob["hidden"]))
    net.load_state_dict(blob["state_dict"])
    net.eval()
    return Scorer(net, np.array(blob["mean"], dtype=np.float32), np.array(blob["std"], dtype=np.float32),
                  int(blob["hidden"]), blob.get("tasks", ()))


def train(datasets: Sequence[TaskData], hidden: int = 8, epochs: int = 400, lr: float = 0.03,
          weight_decay: float = 1e-3, seed: int = 0) -> Scorer:
    """Fit on every row of `datasets`, each task weighted equally (a big pool must not drown a small one)."""
    import torch

    x = np.concatenate([d.x for d in datasets]) if datasets else np.zeros((0, len(FEATURES)), np.float32)
    if len(x) == 0:
        raise ValueError("no training rows: the pools have no judged candidates")
    y = np.concatenate([d.y for d in datasets])
    w = np.concatenate([np.full(len(d.y), 1.0 / len(d.y)) for d in datasets]).astype(np.float32)
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std < 1e-6] = 1.0
    torch.manual_seed(seed)
    net = _net(x.shape[1], hidden)
    opt = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=weight_decay)
    xt = torch.from_numpy(((x - mean) / std).astype(np.float32))
    yt, wt = torch.from_numpy(y), torch.from_numpy(w / w.sum())
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    with _one_thread():
        for _ in range(epochs):
            opt.zero_grad()
            loss = (loss_fn(net(xt).squeeze(-1), yt) * wt).sum()
            loss.backward()
            opt.step()
    net.eval()
    return Scorer(net, mean.astype(np.float32), std.astype(np.float32), hidden, [d.key for d in datasets])


def auc(scores: Sequence[float], truth: Sequence[float]) -> float | None:
    """ROC AUC (ties count half); None when only one class is present."""
    pos = [s for s, t in zip(scores, truth) if t >= 0.5]
    neg = [s for s, t in zip(scores, truth) if t < 0.5]
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def spearman(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Rank correlation (average ranks for ties); None when either side is constant."""
    if len(a) < 2:
        return None
    ra, rb = _ranks(a), _ranks(b)
    if np.std(ra) == 0 or np.std(rb) == 0:
        return None
    return float(np.corrcoef(ra, rb)[0, 1])


def _ranks(v: Sequence[float]) -> np.ndarray:
    order = sorted(range(len(v)), key=lambda i: v[i])
    ranks = np.zeros(len(v))
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


@dataclass(frozen=True)
class Fold:
    task: str
    rows: int
    positives: int
    auc: float | None
    spearman: float | None
    top_is_best: bool  # the candidate with the highest predicted score has the best true score


def leave_one_task_out(datasets: Sequence[TaskData], **options) -> list[Fold]:
    """Train on all tasks but one, evaluate on that one, for each task."""
    folds = []
    for i, held in enumerate(datasets):
        rest = [d for j, d in enumerate(datasets) if j != i]
        if not rest:
            continue
        scorer = train(rest, **options)
        p = scorer.predict(held.x)
        expected: dict[str, float] = {c: 0.0 for c in held.truth}
        for row, q in zip(held.rows, p):
            expected[row.candidate] += float(q) * held.points[row.subtask]
        ids = sorted(expected)
        top = max(ids, key=lambda c: (expected[c], c))
        folds.append(Fold(held.task, len(held.rows), int(held.y.sum()), auc(p.tolist(), held.y.tolist()),
                          spearman([expected[c] for c in ids], [held.truth[c] for c in ids]),
                          held.truth[top] >= max(held.truth.values()) - 1e-9))
    return folds


def with_predictions(obs: Observation, result: PoolResult, scorer: Scorer | None) -> Observation:
    """`obs` with the scorer's per-subtask solve probabilities on every candidate (unchanged when
    there is no scorer, or when it was trained on this very task)."""
    import dataclasses

    if scorer is None or result.key in scorer.tasks:
        return obs
    probs = scorer.solve_probabilities(result, obs)
    views = tuple(dataclasses.replace(c, learned=probs[c.id]) for c in obs.candidates)
    return dataclasses.replace(obs, candidates=views)


def loto_scorers(datasets: Sequence[TaskData], **options) -> dict[str, Scorer]:
    """Task key -> a model trained on every other task: a scorer that never saw the task it ranks."""
    return {d.key: train([o for o in datasets if o is not d], **options) for d in datasets if len(datasets) > 1}


# Where `--scorer auto` looks for a trained model (`ioi-agent train scorer POOLS --out PATH`).
DEFAULT_MODEL_ENV = "IOI_AGENT_SCORER"


def default_model_path() -> Path:
    import os

    return Path(os.environ.get(DEFAULT_MODEL_ENV) or Path.home() / ".cache" / "ioi-agent" / "scorer.pt")


def resolve(spec: str) -> tuple[Scorer | None, str]:
    """`--scorer` value -> (model or None, one line saying which and why). `none`: no scorer;
    `auto`: the model at `default_model_path()` when one exists for this feature version, else none;
    anything else: a model file, which must load."""
    if spec == "none":
        return None, "learned scorer: off (--scorer none)"
    if spec == "auto":
        path = default_model_path()
        if not path.is_file():
            return None, f"learned scorer: none found at {path} (train one: ioi-agent train scorer POOLS --out {path})"
        try:
            model = load(path)
        except (ValueError, OSError, RuntimeError, KeyError) as e:
            return None, f"learned scorer: {path} not used: {str(e).splitlines()[0]}"
        return model, f"learned scorer: {path} (trained on {len(model.tasks)} tasks)"
    path = Path(spec)
    if not path.is_file():
        raise ValueError(f"{path}: no such model file (--scorer takes auto, none or a .pt from `ioi-agent train scorer`)")
    model = load(path)
    return model, f"learned scorer: {path} (trained on {len(model.tasks)} tasks)"
