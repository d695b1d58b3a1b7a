"""Scoring rules of Codeforces-style and ICPC-style rounds, as pure functions of submission histories.

Codeforces rounds: a problem of value x accepted at minute m after w rejected attempts scores
max(0.3·x, x·(1 − m/250) − 50·w) in a standard 2-hour round, i.e. it loses x/250 per minute (a
1000-point problem is worth 960 at minute 10, and 524 at 1:59). Codeforces publishes the 250 for
2-hour rounds only; for other lengths we *assume* the loss per minute scales so that a problem still
keeps 52% at the end (`decay_minutes = 250·duration/120`). ICPC rounds rank by solved count, then by
penalty: the minute of each accept plus a fixed cost per rejected attempt before it (20 in ICPC
itself, 10 in our practice rounds by default). Both count whole elapsed minutes, ignore submissions
after the first accept and allow at most `max_submissions` submissions per problem.

A contestant's standing is a `(points, penalty)` pair (penalty is 0 in Codeforces rounds, points the
solved count in ICPC rounds), which `rating.places_from_scores` ranks.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Sequence

STANDARD_ROUND_MINUTES = 120
STANDARD_DECAY_MINUTES = 250


class SubmissionLimitExceeded(ValueError):
    """More submissions on one problem than the round allows."""


@dataclass(frozen=True)
class Submission:
    minute: float  # elapsed contest time in minutes
    accepted: bool


@dataclass(frozen=True)
class Rules:
    style: Literal["codeforces", "icpc"] = "codeforces"
    duration_minutes: int = STANDARD_ROUND_MINUTES
    max_submissions: int = 10
    reject_cost: int = 50  # Codeforces: points lost per rejected attempt
    floor_fraction: float = 0.3  # Codeforces: an accepted problem keeps at least this share
    reject_penalty: int = 10  # ICPC: penalty minutes per rejected attempt

    @property
    def decay_minutes(self) -> float:
        """Minute at which a Codeforces problem's value would reach zero without the floor."""
        return STANDARD_DECAY_MINUTES * self.duration_minutes / STANDARD_ROUND_MINUTES


@dataclass(frozen=True)
class ProblemScore:
    solved: bool
    points: float  # Codeforces: points won; ICPC: 1 when solved
    penalty: int  # ICPC penalty minutes; 0 in Codeforces rounds
    rejected: int  # rejected attempts that count (before the accept, or all when unsolved)


def codeforces_points(
    max_points: float,
    minute: float,
    rejected: int,
    *,
    decay_minutes: float = STANDARD_DECAY_MINUTES,
    reject_cost: float = 50,
    floor_fraction: float = 0.3,
) -> float:
    """Points for a problem worth `max_points`, accepted at `minute` after `rejected` attempts."""
    if max_points < 0 or minute < 0 or rejected < 0:
        raise ValueError("max_points, minute and rejected must be non-negative")
    decayed = max_points * (1 - math.floor(minute) / decay_minutes) - reject_cost * rejected
    return max(floor_fraction * max_points, decayed)


def icpc_penalty(minute: float, rejected: int, *, reject_penalty: int = 10) -> int:
    """Penalty minutes for a problem accepted at `minute` after `rejected` attempts."""
    if minute < 0 or rejected < 0:
        raise ValueError("minute and rejected must be non-negative")
    return math.floor(minute) + reject_penalty * rejected


def _first_accept(rules: Rules, submissions: Sequence[Submission]) -> tuple[int | None, int]:
    """Index of the first accepted submission (None if none) and the rejected attempts that count."""
    if len(submissions) > rules.max_submissions:
        raise SubmissionLimitExceeded(
            f"{len(submissions)} submissions on one problem; the round allows {rules.max_submissions}"
        )
    last = -math.inf
    for s in submissions:
        if not 0 <= s.minute <= rules.duration_minutes:
            raise ValueError(
                f"submission at minute {s.minute} is outside the {rules.duration_minutes}-minute round"
            )
        if s.minute < last:
            raise ValueError("submissions must be in time order")
        last = s.minute
    for i, s in enumerate(submissions):
        if s.accepted:
            return i, i
    return None, len(submissions)


def score_problem(rules: Rules, submissions: Sequence[Submission], max_points: float = 1) -> ProblemScore:
    """Score one problem's submission history under `rules` (`max_points` matters to Codeforces only)."""
    accept, rejected = _first_accept(rules, submissions)
    if accept is None:
        return ProblemScore(solved=False, points=0.0, penalty=0, rejected=rejected)
    minute = submissions[accept].minute
    if rules.style == "icpc":
        penalty = icpc_penalty(minute, rejected, reject_penalty=rules.reject_penalty)
        return ProblemScore(solved=True, points=1.0, penalty=penalty, rejected=rejected)
    points = codeforces_points(
        max_points,
        minute,
        rejected,
        decay_minutes=rules.decay_minutes,
        reject_cost=rules.reject_cost,
        floor_fraction=rules.floor_fraction,
    )
    return ProblemScore(solved=True, points=points, penalty=0, rejected=rejected)


def may_submit(rules: Rules, submissions: Sequence[Submission]) -> bool:
    """Whether one more submission on a problem is allowed (not yet solved, limit not reached)."""
    return len(submissions) < rules.max_submissions and not any(s.accepted for s in submissions)


def standing(scores: Sequence[ProblemScore]) -> tuple[float, int]:
    """A contestant's `(points, penalty)` over all problems; higher points, then lower penalty, win."""
    return sum(s.points for s in scores), sum(s.penalty for s in scores)
