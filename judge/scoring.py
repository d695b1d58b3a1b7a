"""IOI 2024 scoring as pure functions (shared/docs/ioi-judging.md, "Scoring").

- subtask: points × the minimum of its tests' scores (CMS GroupMin);
- submission: the sum of its subtasks, rounded to the task's `score_precision`;
- task: the sum over subtasks of the best that subtask got in any submission, so two partial
  submissions can add up to full points.

Totals are summed from unrounded subtask values and rounded once, as CMS does; per-subtask values
are rounded for display only. Rounding is what CMS shows: Python's `round(score, score_precision)`
of the float sum, i.e. the exact binary value rounded half-even. So 10 + 81.225 (the float
91.2249999...) shows as 91.22, and 1.005 (stored as 1.00499...) as 1.0, exactly as in CMS.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from judge.aggregation import aggregate
from judge.model import Task


def round_score(value: float, precision: int) -> float:
    """`value` as CMS shows it at `precision` decimals: `round(value, precision)` on the float itself
    (correctly rounded, so equal to formatting it with `%.{precision}f`). No snapping of float
    noise: CMS does none, and matching its figures is the point. Idempotent."""
    if not math.isfinite(value):
        raise ValueError(f"cannot round non-finite score {value!r}")
    return round(float(value), precision) + 0.0  # + 0.0 turns a rounded -0.0 into 0.0


def subtask_score(points: float, test_scores: Iterable[float]) -> float:
    """`points × min(test_scores)`, unrounded. A subtask with no tests has nothing to fail, so it
    gets full points (the identity of `min`); CMS's GroupMin would instead fail on `min([])`, and
    our loaders accept such subtasks rather than reject the package."""
    scores = list(test_scores)
    for s in scores:
        if not 0.0 <= s <= 1.0:
            raise ValueError(f"test score {s!r} is outside [0, 1]")
    return points * min(scores, default=1.0)


def submission_score(task: Task, test_scores: Mapping[str, float]) -> tuple[float, list[float]]:
    """Total and per-subtask scores of one submission, both rounded to the task's precision.

    Every test a subtask uses must have a score: an unjudged test is the caller's bug, not a zero.
    """
    raw = []
    for st in task.subtasks:
        missing = [t for t in st.tests if t not in test_scores]
        if missing:
            raise ValueError(f"subtask {st.name!r}: no score for test {missing[0]!r}")
        raw.append(aggregate(st.aggregation, st.points, [test_scores[t] for t in st.tests], st.test_points))
    precision = task.score_precision
    return round_score(sum(raw), precision), [round_score(s, precision) for s in raw]


def task_score(task: Task, submissions_subtask_scores: Sequence[Sequence[float]]) -> float:
    """A contestant's task score: per subtask the best over all submissions, summed and rounded.
    No submissions score 0."""
    best = [0.0] * len(task.subtasks)
    for scores in submissions_subtask_scores:
        if len(scores) != len(task.subtasks):
            raise ValueError(f"expected {len(task.subtasks)} subtask scores per submission, got {len(scores)}")
        best = [max(b, s) for b, s in zip(best, scores, strict=True)]
    return round_score(sum(best), task.score_precision)
