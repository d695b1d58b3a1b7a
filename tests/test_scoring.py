"""IOI 2024 scoring rules (judge/scoring.py): worked examples plus properties checked by hypothesis."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import official_package
from judge.loaders import load_task
from judge.model import Limits, Subtask, Task
from judge.model import TestCase as Case  # aliased so pytest does not try to collect it
from judge.scoring import round_score, submission_score, subtask_score, task_score

ROOT = Path("/nonexistent-package")  # scoring never touches the files


def make_task(subtasks: list[tuple[float, list[str]]], precision: int = 2) -> Task:
    names = sorted({t for _, tests in subtasks for t in tests}) or ["t0"]
    return Task(
        code="demo",
        name="Demo",
        task_type="Batch",
        limits=Limits(time_s=1, memory_bytes=1 << 28),
        score_precision=precision,
        tests=tuple(Case(name=n, input=ROOT / f"{n}.in") for n in names),
        subtasks=tuple(
            Subtask(index=i, name=f"{i:02d}", points=p, tests=tuple(tests)) for i, (p, tests) in enumerate(subtasks)
        ),
        root=ROOT,
    )


# aplusb-like: a 0-point samples subtask, shared tests, 100 points in all
APLUSB = make_task([(0, ["s1"]), (20, ["s1", "a1", "a2"]), (30, ["b1"]), (50, ["s1", "a1", "a2", "b1", "c1"])])


# ---------------------------------------------------------------- worked examples


def test_subtask_score_is_points_times_minimum() -> None:
    assert subtask_score(20, [1.0, 0.5, 0.75]) == 10.0
    assert subtask_score(20, [1.0, 0.0]) == 0.0
    assert subtask_score(0, [1.0]) == 0.0


def test_empty_subtask_gets_full_points() -> None:
    assert subtask_score(7, []) == 7


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_test_scores_must_lie_in_unit_interval(bad: float) -> None:
    with pytest.raises(ValueError, match="outside"):
        subtask_score(10, [1.0, bad])


def test_submission_score_shares_tests_between_subtasks() -> None:
    scores = {"s1": 1.0, "a1": 1.0, "a2": 0.5, "b1": 1.0, "c1": 1.0}
    total, per_subtask = submission_score(APLUSB, scores)
    assert per_subtask == [0.0, 10.0, 30.0, 25.0]
    assert total == 65.0


def test_submission_score_rounds_to_task_precision() -> None:
    task = make_task([(100, ["x"])], precision=2)
    assert submission_score(task, {"x": 1 / 3}) == (33.33, [33.33])
    assert submission_score(make_task([(100, ["x"])], precision=0), {"x": 0.675}) == (68.0, [68.0])


def test_submission_score_refuses_a_missing_test() -> None:
    with pytest.raises(ValueError, match="'b1'"):
        submission_score(APLUSB, {"s1": 1.0, "a1": 1.0, "a2": 1.0, "c1": 1.0})


def test_two_partial_submissions_add_up_to_full_points() -> None:
    task = make_task([(40, ["a"]), (60, ["b"])])
    first = submission_score(task, {"a": 1.0, "b": 0.0})[1]
    second = submission_score(task, {"a": 0.0, "b": 1.0})[1]
    assert task_score(task, [first, second]) == 100.0
    assert task_score(task, []) == 0.0


def test_task_score_checks_the_subtask_count() -> None:
    with pytest.raises(ValueError, match="expected 4"):
        task_score(APLUSB, [[0.0, 20.0]])


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (0.1 + 0.2, 2, 0.3),
        (10 + 81.225, 2, 91.22),  # the float is 91.22499999...: CMS shows 91.22
        (1.005, 2, 1.0),  # stored as 1.00499999...
        (2.675, 2, 2.67),  # stored as 2.67499999...
        (0.125, 2, 0.12),  # exactly representable: a true tie, rounded half-even
        (0.375, 2, 0.38),
        (0.5, 0, 0.0),
        (2.5, 0, 2.0),
        (33.333333, 2, 33.33),
        (1e20, 2, 1e20),
    ],
)
def test_round_score_is_what_cms_shows(value: float, precision: int, expected: float) -> None:
    assert round_score(value, precision) == expected
    assert f"{round_score(value, precision):.{precision}f}" == f"{value:.{precision}f}"


def test_official_message_partial_score_is_rounded_as_cms_shows_it() -> None:
    """IOI 2024 message: full marks on subtask 1 (10 points) and 0.9025 of subtask 2 (90 points) is
    10 + 81.225 = 91.22 in CMS (its GroupMin rounds the float sum with Python's `round`)."""
    task = load_task(official_package("day1/message/message-CMS.zip"))
    assert [s.points for s in task.subtasks] == [0, 10, 90] and task.score_precision == 2
    (_, small, full) = task.subtasks
    scores = dict.fromkeys(task.test_names, 1.0) | dict.fromkeys(set(full.tests) - set(small.tests), 0.9025)
    total, per_subtask = submission_score(task, scores)
    assert per_subtask == [0.0, 10.0, 81.22] and total == 91.22
    assert task_score(task, [per_subtask]) == 91.22  # best-of sums the rounded subtasks: 91.22 as well


def test_round_score_refuses_non_finite() -> None:
    with pytest.raises(ValueError):
        round_score(float("inf"), 2)


# ---------------------------------------------------------------- properties

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
precisions = st.integers(min_value=0, max_value=6)


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    names = [f"t{i}" for i in range(draw(st.integers(1, 6)))]
    groups = draw(
        st.lists(
            st.tuples(st.integers(0, 100), st.lists(st.sampled_from(names), min_size=1, unique=True)),
            min_size=1,
            max_size=5,
        )
    )
    return make_task([(float(p), tests) for p, tests in groups], precision=draw(precisions))


@st.composite
def task_and_scores(draw: st.DrawFn) -> tuple[Task, dict[str, float]]:
    task = draw(tasks())
    return task, {n: draw(unit) for n in task.test_names}


@given(task_and_scores(), st.data())
def test_raising_a_test_score_never_lowers_the_score(case: tuple[Task, dict[str, float]], data: st.DataObject) -> None:
    task, scores = case
    name = data.draw(st.sampled_from(task.test_names))
    better = {**scores, name: data.draw(st.floats(scores[name], 1.0))}
    total, per_subtask = submission_score(task, scores)
    better_total, better_per_subtask = submission_score(task, better)
    assert better_total >= total
    assert all(b >= a for a, b in zip(per_subtask, better_per_subtask, strict=True))


@given(task_and_scores())
def test_scores_are_bounded_by_the_points(case: tuple[Task, dict[str, float]]) -> None:
    task, scores = case
    total, per_subtask = submission_score(task, scores)
    assert 0.0 <= total <= task.max_score
    for st_, score in zip(task.subtasks, per_subtask, strict=True):
        assert 0.0 <= score <= st_.points
    perfect = submission_score(task, dict.fromkeys(task.test_names, 1.0))
    assert perfect == (task.max_score, [s.points for s in task.subtasks])


@given(task_and_scores())
def test_total_is_the_sum_of_subtasks_up_to_rounding(case: tuple[Task, dict[str, float]]) -> None:
    task, scores = case
    total, per_subtask = submission_score(task, scores)
    half_unit = 0.5 * 10.0**-task.score_precision
    assert abs(total - sum(per_subtask)) <= half_unit * (len(per_subtask) + 1) + 1e-9


@st.composite
def task_and_submissions(draw: st.DrawFn) -> tuple[Task, list[list[float]]]:
    task = draw(tasks())
    submissions = draw(st.lists(st.fixed_dictionaries({n: unit for n in task.test_names}), min_size=1, max_size=6))
    return task, [submission_score(task, s)[1] for s in submissions]


@given(task_and_submissions())
def test_best_of_is_at_least_every_single_submission(case: tuple[Task, list[list[float]]]) -> None:
    task, subs = case
    best = task_score(task, subs)
    for per_subtask in subs:
        assert best >= task_score(task, [per_subtask])
    assert best <= task.max_score


@given(task_and_submissions(), st.randoms(use_true_random=False))
def test_task_score_ignores_submission_order(case: tuple[Task, list[list[float]]], rnd: object) -> None:
    task, subs = case
    shuffled = list(subs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert task_score(task, shuffled) == task_score(task, subs)
    assert task_score(task, subs + subs) == task_score(task, subs)  # resubmitting changes nothing


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), precisions)
def test_rounding_is_idempotent_and_close(value: float, precision: int) -> None:
    once = round_score(value, precision)
    assert round_score(once, precision) == once
    assert abs(once - value) <= 0.5 * 10.0**-precision + 1e-9 * max(1.0, abs(value))


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False), precisions)
def test_rounding_matches_printf_formatting(value: float, precision: int) -> None:
    """CMS's figures are `%.Nf` of the float: the exact binary value rounded half-even."""
    assert round_score(value, precision) == float(f"{value:.{precision}f}")
    exact = Decimal(value).quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_EVEN)
    assert round_score(value, precision) == float(exact)


@given(st.integers(min_value=0, max_value=1000))
def test_accumulated_tenths_round_cleanly(k: int) -> None:
    total = 0.0
    for _ in range(k):
        total += 0.1
    assert round_score(total, 1) == k / 10
    assert round_score(total, 2) == k / 10


@settings(max_examples=50)
@given(st.lists(unit, min_size=0, max_size=8), st.floats(0, 100))
def test_subtask_score_is_the_weighted_minimum(scores: list[float], points: float) -> None:
    value = subtask_score(points, scores)
    assert value == (points * min(scores) if scores else points)
    assert 0.0 <= value <= points
