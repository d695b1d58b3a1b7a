"""Subtask aggregation plug-ins: how a subtask's test scores (each in [0, 1]) become its points.

- `min`: `points × min(scores)`, IOI/CMS GroupMin; a subtask with no tests gets full points;
- `sum`: every test earns its own share (`test_points`, by default an equal split of the points),
  as in Kattis groups scored by `sum` and Codeforces each-test groups.

A new rule is one function and one line in `AGGREGATIONS`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence


def _min(points: float, scores: Sequence[float], weights: Sequence[float] | None) -> float:
    return points * min(scores, default=1.0)


def _sum(points: float, scores: Sequence[float], weights: Sequence[float] | None) -> float:
    if not scores:
        return points
    if weights is None:
        weights = [points / len(scores)] * len(scores)
    return min(points, sum(w * s for w, s in zip(weights, scores, strict=True)))


AGGREGATIONS: dict[str, Callable[[float, Sequence[float], Sequence[float] | None], float]] = {"min": _min, "sum": _sum}


def aggregate(rule: str, points: float, scores: Sequence[float], weights: Sequence[float] | None = None) -> float:
    """A subtask's unrounded points under `rule`; scores outside [0, 1] are the caller's bug."""
    for s in scores:
        if not 0.0 <= s <= 1.0:
            raise ValueError(f"test score {s!r} is outside [0, 1]")
    try:
        fn = AGGREGATIONS[rule]
    except KeyError:
        raise ValueError(f"unknown subtask aggregation {rule!r} (known: {', '.join(AGGREGATIONS)})") from None
    return fn(points, list(scores), weights)
