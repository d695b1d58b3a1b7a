"""The Codeforces rating update, performance rating and percentile, vectorised with numpy.

The update follows Mike Mirzayanov's published algorithm (Codeforces blog entry 20762) as Codeforces
runs it: a participant's *seed* is their expected place from Elo win probabilities (scale 400) against
the other rated participants; the rating they *need* is the one whose seed equals the geometric mean of
that seed and their actual place; they move half-way towards it; then two integer corrections keep the
sum of changes slightly negative and stop inflation at the top. One detail differs from the blog's
code: the needed rating is sought against the *other* participants (the blog's `getSeed` also
counts the participant against their own old rating). Only this form reproduces the official
`newRating` of real contests row by row, which the tests check on three of them (6691, 423 and 7420
rows); the blog's form misses hundreds of rows in each.

Every participant of a tie group takes the group's *last* position as their place (`places_from_*`).
Integer arithmetic mimics Java: `/` on ints truncates towards zero.

Speed: expected places only depend on ratings, so they are computed once per distinct old rating and
once per integer of the search window (a table), and each binary search then costs O(1) per step and
participant. A 7,420-row contest takes well under a second.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ELO_SCALE = 400.0
#: The official binary-search window for the needed rating: `left = 1, right = 8000`; the answer is
#: the largest rating in (1, 8000) whose seed still reaches the target, or 1 when none does.
UPDATE_WINDOW = (1, 8000)
#: Window for performance ratings (ours, not Codeforces'): wide enough for any real field; a winner's
#: performance is unbounded in theory and is reported as the window's top.
PERFORMANCE_WINDOW = (-1000, 6000)
_CHUNK = 1 << 22  # table cells evaluated per numpy step: bounds memory to a few tens of MiB


def win_probability(ra, rb):
    """Elo probability that a player rated `ra` finishes above one rated `rb`."""
    return 1.0 / (1.0 + np.power(10.0, (np.asarray(rb, float) - np.asarray(ra, float)) / ELO_SCALE))


def _trunc_div(a: int, b: int) -> int:
    """Java integer division (towards zero); Python's // floors."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


class Field:
    """The old ratings of a contest's rated participants, with their expected-place function.

    `expected_place(r)` is 1 + the sum over *all* participants of P(participant beats a player rated r);
    removing one participant's own term gives the expected place among the others.
    """

    def __init__(self, ratings):
        self.ratings = np.asarray(ratings, dtype=np.int64)
        if self.ratings.ndim != 1 or self.ratings.size == 0:
            raise ValueError("a field needs a non-empty 1-D array of ratings")
        self._values, self._counts = np.unique(self.ratings, return_counts=True)
        self._tables: dict[tuple[int, int], np.ndarray] = {}

    def expected_place(self, at) -> np.ndarray:
        """1 + expected number of participants finishing above a player rated `at` (each element)."""
        at = np.asarray(at, dtype=float).ravel()
        out = np.empty(at.size)
        step = max(1, _CHUNK // self._values.size)
        values, counts = self._values[None, :].astype(float), self._counts[None, :]
        for lo in range(0, at.size, step):
            chunk = at[lo : lo + step, None]
            out[lo : lo + step] = 1.0 + (counts * win_probability(values, chunk)).sum(axis=1)
        return out

    def table(self, window: tuple[int, int]) -> np.ndarray:
        """`expected_place` at every integer of `window` (inclusive), cached per window."""
        if window not in self._tables:
            self._tables[window] = self.expected_place(np.arange(window[0], window[1] + 1))
        return self._tables[window]

    def seeds(self) -> np.ndarray:
        """Each participant's seed: expected place among the others (own term, 0.5, removed)."""
        values, inverse = np.unique(self.ratings, return_inverse=True)
        return (self.expected_place(values) - 0.5)[inverse]

    def rating_for_place(self, target, own, window: tuple[int, int]) -> np.ndarray:
        """For each i, the largest integer r in (low, high) whose expected place among everyone but
        participant i (rated `own[i]`) is still >= `target[i]`; `low` when none is.

        This is the official binary search, run for all participants at once.
        """
        target = np.asarray(target, dtype=float)
        own = np.asarray(own, dtype=float)
        low, high = window
        table = self.table(window)
        left = np.full(target.shape, low, dtype=np.int64)
        right = np.full(target.shape, high, dtype=np.int64)
        while True:
            active = right - left > 1
            if not active.any():
                return left
            mid = (left + right) // 2
            seed = table[mid - low] - win_probability(own, mid)
            too_high = active & (seed < target)
            right = np.where(too_high, mid, right)
            left = np.where(active & ~too_high, mid, left)


def places_from_ranks(ranks) -> np.ndarray:
    """Places for the update from official ranks (ties share the first position): the tie group's last
    position, i.e. how many participants have a rank <= one's own."""
    ranks = np.asarray(ranks)
    return np.searchsorted(np.sort(ranks), ranks, side="right").astype(np.int64)


def places_from_scores(points, penalty) -> np.ndarray:
    """Places from results: more points first, then less penalty; a tie group all take its last
    position."""
    points = np.asarray(points, dtype=float)
    penalty = np.asarray(penalty, dtype=float)
    order = np.lexsort((penalty, -points))
    p, q = points[order], penalty[order]
    group_end = np.ones(len(order), dtype=bool)
    group_end[:-1] = (p[1:] != p[:-1]) | (q[1:] != q[:-1])
    # Each sorted position's place is the index (1-based) of the next group end at or after it.
    ends = np.flatnonzero(group_end)
    last = ends[np.searchsorted(ends, np.arange(len(order)))] + 1
    places = np.empty(len(order), dtype=np.int64)
    places[order] = last
    return places


def rating_changes(old_ratings, places, field: Field | None = None) -> np.ndarray:
    """The official rating change (int) of every participant, given old ratings and places."""
    old = np.asarray(old_ratings, dtype=np.int64)
    places = np.asarray(places, dtype=np.int64)
    if old.shape != places.shape or old.ndim != 1:
        raise ValueError("old_ratings and places must be 1-D arrays of the same length")
    n = old.size
    field = field or Field(old)
    mid_rank = np.sqrt(places * field.seeds())
    need = field.rating_for_place(mid_rank, old, UPDATE_WINDOW)
    delta = need - old
    delta = np.where(delta >= 0, delta // 2, -((-delta) // 2))  # Java: (need - rating) / 2

    # 1. The total should not be positive: everyone loses the mean (truncated) plus one.
    delta += _trunc_div(-int(delta.sum()), n) - 1
    # 2. The top 4*sqrt(n) by old rating should sum to about zero, at most 10 taken from everyone.
    #    Java's stable sort by rating keeps the earlier standings order among equal ratings.
    top = min(4 * _round_half_up(math.sqrt(n)), n)
    by_rating = np.lexsort((places, -old))
    top_sum = int(delta[by_rating[:top]].sum())
    delta += min(max(_trunc_div(-top_sum, top), -10), 0)
    return delta


def _round_half_up(x: float) -> int:
    """Java's Math.round."""
    return math.floor(x + 0.5)


def performances(old_ratings, places, field: Field | None = None) -> np.ndarray:
    """Performance rating of every participant: the integer rating at which their expected place
    among the others equals (is still at least) their actual place, within `PERFORMANCE_WINDOW`."""
    old = np.asarray(old_ratings, dtype=np.int64)
    field = field or Field(old)
    return field.rating_for_place(np.asarray(places, dtype=float), old, PERFORMANCE_WINDOW)


def percentile(place: int, places) -> float:
    """Share (in %) of the *other* participants that finished below a participant at `place`, a tie
    counting half. `places` holds the others' places in the same contest."""
    places = np.asarray(places)
    if places.size == 0:
        return 100.0
    below = np.count_nonzero(places > place)
    tied = np.count_nonzero(places == place)
    return 100.0 * (below + 0.5 * tied) / places.size


@dataclass(frozen=True)
class Placement:
    """Where one extra participant (the agent) lands in a real contest and what it would earn."""

    place: int  # last position of its tie group, in a field of `field_size` (agent included)
    field_size: int
    old_rating: int
    delta: int
    performance: int
    percentile: float

    @property
    def new_rating(self) -> int:
        return self.old_rating + self.delta


def place_agent(
    old_ratings, points, penalty, agent_points: float, agent_penalty: float, agent_rating: int
) -> Placement:
    """Insert a participant with the given result and old rating into a contest's rated field and run
    the official update over everyone; return its place, rating change, performance and percentile."""
    old = np.append(np.asarray(old_ratings, dtype=np.int64), agent_rating)
    pts = np.append(np.asarray(points, dtype=float), agent_points)
    pen = np.append(np.asarray(penalty, dtype=float), agent_penalty)
    places = places_from_scores(pts, pen)
    field = Field(old)
    delta = rating_changes(old, places, field)
    perf = performances(old[-1:], places[-1:], field)
    return Placement(
        place=int(places[-1]),
        field_size=int(old.size),
        old_rating=int(agent_rating),
        delta=int(delta[-1]),
        performance=int(perf[0]),
        percentile=percentile(int(places[-1]), places[:-1]),
    )
