"""Codeforces and ICPC scoring: published examples and the properties the rules promise."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioi_agent.codeforces.rating import places_from_scores
from ioi_agent.codeforces.rules import (
    Rules,
    Submission,
    SubmissionLimitExceeded,
    codeforces_points,
    icpc_penalty,
    may_submit,
    score_problem,
    standing,
)

values = st.sampled_from([250, 500, 750, 1000, 1500, 2000, 2500, 3000, 3500])
minutes = st.integers(0, 120)
attempts = st.integers(0, 9)


def test_published_examples():
    # A 1000-point problem: 960 at minute 10, 860 at minute 10 on the third attempt, 524 at 1:59.
    assert codeforces_points(1000, 10, 0) == 960
    assert codeforces_points(1000, 10, 2) == 860
    assert codeforces_points(1000, 119, 0) == 524
    # Five problems 500..2500 at minutes 20..100 with 0..4 rejections (and one hack: +100) = 4900.
    total = sum(codeforces_points(500 * (i + 1), 20 * (i + 1), i) for i in range(5))
    assert total + 100 == 4900


def test_whole_minutes_count():
    assert codeforces_points(500, 3.99, 0) == codeforces_points(500, 3, 0)
    assert icpc_penalty(59.9, 2) == 59 + 20


@given(values, minutes, minutes, attempts)
def test_points_fall_with_time(value, a, b, w):
    early, late = sorted((a, b))
    assert codeforces_points(value, early, w) >= codeforces_points(value, late, w)


@given(values, minutes, attempts, attempts)
def test_points_fall_with_rejections(value, m, a, b):
    few, many = sorted((a, b))
    assert codeforces_points(value, m, few) >= codeforces_points(value, m, many)


@given(values, st.integers(0, 10_000), st.integers(0, 1000))
def test_floor_and_ceiling(value, m, w):
    p = codeforces_points(value, m, w)
    assert 0.3 * value <= p <= value
    assert codeforces_points(value, m, 0) == pytest.approx(max(0.3 * value, value - value * m / 250))


@given(values, st.integers(1, 120))
def test_loss_per_minute_is_a_250th_of_the_value_until_the_floor(value, m):
    loss = codeforces_points(value, m - 1, 0) - codeforces_points(value, m, 0)
    assert loss == pytest.approx(value / 250)


def test_longer_rounds_decay_slower_but_end_alike():
    long = Rules(duration_minutes=150)
    short = Rules()
    accepted = [Submission(60, True)]
    assert score_problem(long, accepted, 1000).points > score_problem(short, accepted, 1000).points
    at_end = [Submission(150, True)]
    assert score_problem(long, at_end, 1000).points == pytest.approx(codeforces_points(1000, 120, 0))


@given(minutes, minutes, attempts, attempts)
def test_icpc_penalty_grows_with_time_and_rejections(a, b, w1, w2):
    assert icpc_penalty(min(a, b), min(w1, w2)) <= icpc_penalty(max(a, b), max(w1, w2))
    assert icpc_penalty(a, w1, reject_penalty=20) - icpc_penalty(a, w1) == 10 * w1


def test_icpc_default_is_the_issue_s_ten_minutes():
    rules = Rules(style="icpc", duration_minutes=300)
    history = [Submission(30, False), Submission(41, False), Submission(95, True)]
    s = score_problem(rules, history)
    assert (s.solved, s.points, s.penalty, s.rejected) == (True, 1.0, 95 + 2 * 10, 2)


@given(st.lists(st.tuples(st.integers(0, 120), st.booleans()), max_size=10))
def test_only_attempts_before_the_first_accept_count(raw):
    history = [Submission(m, ok) for m, ok in sorted(raw)]
    rules = Rules()
    s = score_problem(rules, history, 1000)
    first = next((i for i, sub in enumerate(history) if sub.accepted), None)
    if first is None:
        assert (s.solved, s.points, s.rejected) == (False, 0.0, len(history))
    else:
        assert s.solved and s.rejected == first
        assert s.points == codeforces_points(1000, history[first].minute, first)
        # Anything after the first accept changes nothing.
        assert score_problem(rules, history[: first + 1], 1000) == s


def test_at_most_ten_submissions_per_problem():
    rules = Rules()
    ten = [Submission(i, False) for i in range(10)]
    assert not may_submit(rules, ten)
    assert may_submit(rules, ten[:9])
    assert score_problem(rules, ten, 500).rejected == 10
    with pytest.raises(SubmissionLimitExceeded, match="11 submissions"):
        score_problem(rules, ten + [Submission(11, True)], 500)
    assert not may_submit(rules, [Submission(3, True)])


def test_histories_must_be_ordered_and_inside_the_round():
    with pytest.raises(ValueError, match="time order"):
        score_problem(Rules(), [Submission(9, False), Submission(5, True)])
    with pytest.raises(ValueError, match="outside the 120-minute round"):
        score_problem(Rules(), [Submission(121, True)])
    with pytest.raises(ValueError):
        codeforces_points(500, -1, 0)


def test_icpc_standings_rank_solved_count_before_penalty():
    rules = Rules(style="icpc", duration_minutes=300)
    fast_one = [score_problem(rules, [Submission(5, True)])]
    slow_two = [score_problem(rules, [Submission(200, True)]), score_problem(rules, [Submission(290, True)])]
    tied_slower = [score_problem(rules, [Submission(4, False), Submission(5, True)])]
    results = [standing(s) for s in (fast_one, slow_two, tied_slower)]
    assert results == [(1.0, 5), (2.0, 490), (1.0, 15)]
    places = places_from_scores([p for p, _ in results], [q for _, q in results])
    assert places.tolist() == [2, 1, 3]
