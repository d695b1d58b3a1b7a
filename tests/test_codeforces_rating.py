"""The rating update against real contests and a literal slow reference, plus its invariants."""
from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ioi_agent.codeforces import rating, standings

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "codeforces"
DATA = Path(__file__).resolve().parent / "data" / "codeforces"
SHARED_FILES = [
    "contest-908-ratingChanges.json",
    "contest-917-ratingChanges.json",
    "contest-1305-standings.json",
]


def reference_changes(old: list[int], places: list[int]) -> list[int]:
    """The published algorithm transcribed loop by loop (with the needed rating sought against the
    others), O(n^2 log R): an independent oracle for small contests."""
    n = len(old)

    def win(ra: float, rb: float) -> float:
        return 1.0 / (1.0 + 10.0 ** ((rb - ra) / 400.0))

    def java_div(a: int, b: int) -> int:  # Java's int division truncates towards zero
        return int(a / b)

    deltas = []
    for i in range(n):
        seed = 1.0 + sum(win(old[j], old[i]) for j in range(n) if j != i)
        target = math.sqrt(places[i] * seed)
        left, right = 1, 8000
        while right - left > 1:
            mid = (left + right) // 2
            if 1.0 + sum(win(old[j], mid) for j in range(n) if j != i) < target:
                right = mid
            else:
                left = mid
        deltas.append(java_div(left - old[i], 2))
    inc = java_div(-sum(deltas), n) - 1
    deltas = [d + inc for d in deltas]
    order = sorted(range(n), key=lambda i: (-old[i], places[i]))
    top = min(4 * math.floor(math.sqrt(n) + 0.5), n)
    inc = min(max(java_div(-sum(deltas[i] for i in order[:top]), top), -10), 0)
    return [d + inc for d in deltas]


def naive_places(points: list[float], penalty: list[float]) -> list[int]:
    return [
        sum(1 for q, r in zip(points, penalty) if q > p or (q == p and r <= e))
        for p, e in zip(points, penalty)
    ]


ratings = st.integers(min_value=-100, max_value=3800)


@st.composite
def contests(draw, min_size=1, max_size=40, rating_values=ratings):
    """(old ratings, points, penalties) with frequent ties in results."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    old = draw(st.lists(rating_values, min_size=n, max_size=n))
    points = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    penalty = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    return old, points, penalty


# -- real contests -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHARED_FILES)
def test_reproduces_official_new_ratings(name):
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"shared Codeforces data not found at {SHARED}")
    contest = standings.load(path)
    official = np.array([r.new_rating for r in contest.rows])
    started = time.perf_counter()
    computed = contest.old_ratings + rating.rating_changes(contest.old_ratings, contest.places())
    elapsed = time.perf_counter() - started
    assert len(contest.rows) > 400
    assert np.count_nonzero(computed != official) == 0
    assert elapsed < 10, f"{len(contest.rows)} rows took {elapsed:.1f} s"


# -- against the literal reference ---------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(contests())
def test_matches_reference_implementation(contest):
    old, points, penalty = contest
    places = rating.places_from_scores(points, penalty)
    assert rating.rating_changes(old, places).tolist() == reference_changes(old, places.tolist())


def test_fixture_official_ratings_come_from_the_reference():
    """The saved API response's newRating values were produced by `reference_changes`, not by the
    code under test, so CLI/fetch tests comparing against them are not circular."""
    contest = standings.load(DATA / "contest-9999-standings.json")
    old = contest.old_ratings.tolist()
    expected = [o + d for o, d in zip(old, reference_changes(old, contest.places().tolist()))]
    assert [r.new_rating for r in contest.rows] == expected


# -- places --------------------------------------------------------------------------------------


@given(contests())
def test_places_from_scores_is_the_last_position_of_the_tie_group(contest):
    _, points, penalty = contest
    assert rating.places_from_scores(points, penalty).tolist() == naive_places(points, penalty)


@given(st.lists(st.integers(1, 20), min_size=1, max_size=40))
def test_places_from_ranks_counts_everyone_ranked_at_or_above(ranks):
    ranks = sorted(ranks)
    assert rating.places_from_ranks(ranks).tolist() == [sum(1 for r in ranks if r <= x) for x in ranks]


# -- invariants ----------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(contests(max_size=300))
def test_total_change_is_negative_and_bounded(contest):
    """The first correction makes the sum negative but above -2n; the second takes at most 10 each."""
    old, points, penalty = contest
    deltas = rating.rating_changes(old, rating.places_from_scores(points, penalty))
    n = len(old)
    assert -12 * n < deltas.sum() < 0


@settings(max_examples=80, deadline=None)
@given(contests(min_size=2, max_size=200, rating_values=st.sampled_from([1200, 1500, 1900, 2400])))
def test_better_place_never_gains_less_at_equal_old_rating(contest):
    old, points, penalty = contest
    places = rating.places_from_scores(points, penalty)
    deltas = rating.rating_changes(old, places)
    old = np.array(old)
    for r in np.unique(old):
        same = old == r
        order = np.argsort(places[same], kind="stable")
        assert np.all(np.diff(deltas[same][order]) <= 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(ratings, min_size=2, max_size=300), ratings)
def test_performance_falls_as_place_worsens(others, own):
    field = rating.Field(others + [own])
    n = len(others) + 1
    perf = field.rating_for_place(np.arange(1, n + 1), np.full(n, own), rating.PERFORMANCE_WINDOW)
    assert np.all(np.diff(perf) <= 0)
    assert perf[0] > perf[-1]


@settings(max_examples=60, deadline=None)
@given(st.lists(ratings, min_size=2, max_size=200), st.data())
def test_performance_is_where_expected_place_meets_actual(others, data):
    own = data.draw(ratings)
    field = rating.Field(others + [own])
    place = data.draw(st.integers(2, len(others)))  # interior places: the window does not clip
    perf = int(rating.performances([own], [place], field)[0])
    low, high = rating.PERFORMANCE_WINDOW
    assume(low < perf < high - 1)

    def expected(r: int) -> float:
        return 1 + rating.win_probability(others, r).sum()

    # The table and this direct sum round differently: allow for it at exact boundaries.
    assert expected(perf) >= place - 1e-9 and place > expected(perf + 1) - 1e-9


def test_performance_of_an_average_result_is_about_the_field_rating():
    field = [1500] * 101
    assert abs(int(rating.performances([1500], [51], rating.Field(field))[0]) - 1500) <= 1


@given(st.integers(1, 50), st.lists(st.integers(1, 50), max_size=60))
def test_percentile_bounds_and_order(place, others):
    p = rating.percentile(place, others)
    assert 0 <= p <= 100
    assert rating.percentile(place + 1, others) <= p
    if others and all(o > place for o in others):
        assert p == 100


# -- placing a new result ------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(contests(min_size=1, max_size=100), st.integers(0, 7), st.integers(0, 3), ratings)
def test_place_agent_is_the_update_with_the_agent_inserted(contest, pts, pen, agent_rating):
    old, points, penalty = contest
    result = rating.place_agent(old, points, penalty, pts, pen, agent_rating)
    places = naive_places(points + [pts], penalty + [pen])
    assert result.place == places[-1]
    assert result.field_size == len(old) + 1
    assert result.delta == reference_changes(old + [agent_rating], places)[-1]
    assert result.new_rating == agent_rating + result.delta
    assert 0 <= result.percentile <= 100


@settings(max_examples=40, deadline=None)
@given(contests(min_size=1, max_size=100), st.integers(0, 6), ratings)
def test_more_points_never_place_or_perform_worse(contest, pts, agent_rating):
    old, points, penalty = contest
    worse = rating.place_agent(old, points, penalty, pts, 1, agent_rating)
    better = rating.place_agent(old, points, penalty, pts + 1, 1, agent_rating)
    assert better.place <= worse.place
    assert better.performance >= worse.performance
    assert better.percentile >= worse.percentile


def test_place_agent_on_a_real_contest_is_fast_and_sensible():
    path = SHARED / "contest-1305-standings.json"
    if not path.exists():
        pytest.skip(f"shared Codeforces data not found at {SHARED}")
    contest = standings.load(path)
    pts = [r.points for r in contest.rows]
    pen = [r.penalty for r in contest.rows]
    started = time.perf_counter()
    top = rating.place_agent(contest.old_ratings, pts, pen, max(pts) + 1, 0, 1500)
    assert time.perf_counter() - started < 10
    bottom = rating.place_agent(contest.old_ratings, pts, pen, min(pts) - 1, 0, 1500)
    assert (top.place, top.percentile) == (1, 100.0)
    assert bottom.place == bottom.field_size and bottom.percentile == 0.0
    assert top.delta > 300 and bottom.delta < -100
    assert top.performance > 3500 > 1000 > bottom.performance
