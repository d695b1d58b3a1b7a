"""Selection policies and baselines: budget, cluster and determinism invariants, exact baselines."""
from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioi_agent.selection import (
    CandidateView,
    Input,
    Observation,
    behaviour_clusters,
    codeforces_policy,
    hardness_order,
    ioi_policy,
    oracle_score,
    random_accept_probability,
    random_expected,
)  # fmt: skip
from judge.scoring import round_score

POINTS = st.sampled_from([0.0, 7.0, 10.0, 15.0, 25.0, 43.0])


@st.composite
def scenarios(draw):
    """A random observation plus the hidden per-subtask scores of every candidate."""
    n_sub = draw(st.integers(1, 4))
    points = tuple(draw(POINTS) for _ in range(n_sub))
    subsets = st.lists(st.integers(0, n_sub - 1), max_size=n_sub, unique=True).map(lambda s: tuple(sorted(s)))
    n_pub, n_gen = draw(st.integers(0, 2)), draw(st.integers(0, 4))
    inputs = [Input(f"p{i}", True, draw(subsets)) for i in range(n_pub)]
    inputs += [Input(f"gen:{i}", False, draw(subsets)) for i in range(n_gen)]
    ids = draw(st.lists(st.text("0123456789abcdef", min_size=4, max_size=4), min_size=1, max_size=12, unique=True))
    views, hidden = [], {}
    for cid in ids:
        compiled = draw(st.booleans().map(lambda b: b or draw(st.integers(0, 5)) > 0))
        if compiled:
            public = tuple(draw(st.sampled_from([0.0, 1.0])) for _ in range(n_pub))
            outcomes = tuple("OK:1" if s else "WA:0" for s in public)
            outcomes += tuple(draw(st.sampled_from(["=x", "=y", "=z", "TLE"])) for _ in range(n_gen))
        else:
            public, outcomes = (0.0,) * n_pub, ("CE",) * len(inputs)
        views.append(CandidateView(cid, compiled, outcomes, public, code_size=draw(st.integers(10, 99)),
                                   max_cpu_s=draw(st.sampled_from([0.0, 0.1, 0.5])), weight=draw(st.integers(1, 3))))
        frac = st.sampled_from([0.0, 0.0, 0.5, 1.0, 1.0]) if compiled else st.just(0.0)
        hidden[cid] = tuple(round_score(p * draw(frac), 2) for p in points)
    return Observation(points, tuple(inputs), tuple(views)), hidden


class Oracle:
    """The submit callback, counting what the policy asked for."""

    def __init__(self, hidden):
        self.hidden = hidden
        self.calls: list[str] = []

    def __call__(self, cid: str) -> list[float]:
        self.calls.append(cid)
        return list(self.hidden[cid])


BUDGET = st.integers(0, 60)


@settings(max_examples=300, deadline=None)
@given(scenarios(), BUDGET)
def test_ioi_policy_invariants(scenario, budget):
    obs, hidden = scenario
    oracle = Oracle(hidden)
    sel = ioi_policy(obs, oracle, budget)
    points = obs.subtask_points
    compiled = {c.id for c in obs.candidates if c.compiled}
    ids = sel.candidates

    assert len(ids) <= min(budget, 50)
    assert list(ids) == oracle.calls  # feedback only through submit, once per decision
    assert len(set(ids)) == len(ids) and set(ids) <= compiled  # never twice, never a compile error
    assert [d.feedback for d in sel.decisions] == [hidden[c] for c in ids]

    best = [max([0.0, *(hidden[c][s] for c in ids)]) for s in range(len(points))]
    assert sel.best == tuple(best)
    assert sel.score == round_score(sum(best), 2)
    vectors = list(hidden.values())
    assert sel.score <= oracle_score(points, vectors, budget) + 1e-9 <= oracle_score(points, vectors) + 1e-9

    # a cluster is submitted again only after feedback of its own left the targeted subtask unsolved
    cluster_of = {m: k.index for k in behaviour_clusters(obs) for m in k.members}
    for i, d in enumerate(sel.decisions):
        assert d.cluster == cluster_of[d.candidate]
        earlier = [e for e in sel.decisions[:i] if e.cluster == d.cluster]
        assert d.repeat == bool(earlier)
        if d.repeat:
            assert any(e.feedback[s] < points[s] for e in earlier for s in d.target)
        assert any(max([0.0, *(e.feedback[s] for e in sel.decisions[:i])]) < points[s] for s in range(len(points)))

    solved = all(b >= p for b, p in zip(best, points))
    if len(ids) < min(budget, 50) and not solved:
        assert set(ids) == compiled  # it stops early only when nothing is left to submit


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_ioi_policy_is_deterministic_and_order_independent(scenario, rnd):
    obs, hidden = scenario
    first = ioi_policy(obs, Oracle(hidden), 50)
    assert ioi_policy(obs, Oracle(hidden), 50) == first
    shuffled = list(obs.candidates)
    rnd.shuffle(shuffled)
    assert ioi_policy(Observation(obs.subtask_points, obs.inputs, tuple(shuffled)), Oracle(hidden), 50) == first
    for k in (1, 2, 5):  # a smaller budget is a prefix: the policy never plans around its budget
        assert ioi_policy(obs, Oracle(hidden), k).decisions == first.decisions[:k]


@settings(max_examples=200, deadline=None)
@given(scenarios(), BUDGET)
def test_codeforces_policy_invariants(scenario, budget):
    obs, hidden = scenario
    oracle = Oracle(hidden)
    sel = codeforces_policy(obs, oracle, budget)
    points = obs.subtask_points
    accepted = [all(f >= p for f, p in zip(d.feedback, points)) for d in sel.decisions]
    assert len(sel.decisions) <= min(budget, 10)
    assert not any(accepted[:-1])  # it stops at the first accepted
    assert len(set(sel.candidates)) == len(sel.candidates)
    passing = {c.id for c in obs.candidates if c.compiled and all(s >= 1 for s in c.public_scores)}
    for i, d in enumerate(sel.decisions):
        if d.candidate not in passing:  # an example-failing submission only once nothing passing is left
            assert passing <= set(sel.candidates[:i])
    assert codeforces_policy(obs, Oracle(hidden), budget) == sel


def view(cid, outcomes, public=(1.0,), compiled=True, cpu=0.0):
    return CandidateView(cid, compiled, tuple(outcomes), tuple(public), code_size=100, max_cpu_s=cpu)


def test_feedback_brings_back_a_cluster_that_only_an_unseen_test_refuted():
    # Cluster {a, b} agrees with the consensus everywhere, but its fastest member `a` fails the last
    # subtask (a bug no generated input shows). The others miss the consensus on the big inputs, so
    # trying b is the better bet than any of them.
    inputs = (Input("ex", True, (0, 1)), Input("gen:s", False, (0, 1)), Input("gen:b1", False, (1,)),
              Input("gen:b2", False, (1,)))  # fmt: skip
    obs = Observation((40.0, 60.0), inputs, (
        view("a", ["OK:1", "=1", "=2", "=3"], cpu=0.01), view("b", ["OK:1", "=1", "=2", "=3"], cpu=0.2),
        view("c", ["OK:1", "=1", "=9", "=9"]), view("d", ["OK:1", "=1", "TLE", "TLE"]),
        view("e", ["OK:1", "=1", "=2", "=3"], cpu=0.3),
    ))  # fmt: skip
    hidden = {"a": (40.0, 0.0), "b": (40.0, 60.0), "c": (40.0, 0.0), "d": (40.0, 0.0), "e": (40.0, 60.0)}
    sel = ioi_policy(obs, Oracle(hidden), 5)
    assert sel.candidates == ("a", "b") and sel.score == 100
    assert sel.decisions[0].target == (1,)  # the hardest subtask first
    assert sel.decisions[1].repeat


def test_repeated_refutation_moves_the_policy_to_a_different_behaviour():
    # Subtask 1's inputs are only gen:big; subtask 0's only gen:small. The full-looking cluster fails
    # subtask 0 twice: its behaviour there, not one member, is then the suspect, and the policy
    # targets 0 with the largest cluster that differs there.
    inputs = (Input("gen:small", False, (0,)), Input("gen:big", False, (1,)))
    obs = Observation((30.0, 70.0), inputs, (
        view("full1", ["=s", "=B"], ()), view("full2", ["=s", "=B"], ()), view("full3", ["=s", "=B"], ()),
        view("small", ["=t", "TLE"], ()), view("small2", ["=t", "TLE"], ()), view("junk", ["=u", "=v"], ()),
    ))  # fmt: skip
    hidden = {"full1": (0.0, 70.0), "full2": (0.0, 70.0), "full3": (0.0, 70.0), "small": (30.0, 0.0),
              "small2": (30.0, 0.0), "junk": (0.0, 0.0)}
    sel = ioi_policy(obs, Oracle(hidden), 3)
    first, second, third = sel.candidates
    assert {first, second} < {"full1", "full2", "full3"} and first != second  # members in seeded-draw order
    assert third in ("small", "small2") and sel.score == 100
    assert [d.target for d in sel.decisions] == [(1,), (0,), (0,)]
    assert "cluster size" in sel.decisions[2].reason  # small's cluster beats junk by size alone


def test_the_policy_stops_when_every_subtask_is_solved():
    obs = Observation((50.0, 50.0), (Input("ex", True),), (view("a", ["OK:1"]), view("b", ["WA:0"], (0.0,))))
    sel = ioi_policy(obs, Oracle({"a": (50.0, 50.0), "b": (0.0, 0.0)}), 50)
    assert sel.candidates == ("a",)


def test_submit_must_answer_one_score_per_subtask():
    obs = Observation((50.0, 50.0), (), (view("a", [], ()),))
    with pytest.raises(ValueError, match="2"):
        ioi_policy(obs, lambda cid: [50.0], 5)


def test_hardness_prefers_points_then_later_subtasks():
    assert hardness_order([0, 15, 15, 30, 40]) == [4, 3, 2, 1, 0]


# -- baselines -------------------------------------------------------------------------------------

VECTORS = st.lists(st.tuples(*(st.sampled_from([0.0, 5.0, 10.0]),) * 3), min_size=1, max_size=7)


@settings(max_examples=200, deadline=None)
@given(VECTORS, st.lists(st.integers(1, 3), min_size=7, max_size=7))
def test_random_baseline_is_the_exact_expectation(vectors, weights):
    weights = weights[: len(vectors)]
    samples = [v for v, w in zip(vectors, weights) for _ in range(w)]
    previous = 0.0
    for k in range(1, len(samples) + 2):
        subsets = list(itertools.combinations(range(len(samples)), min(k, len(samples))))
        brute = sum(sum(max(samples[i][s] for i in sub) for s in range(3)) for sub in subsets) / len(subsets)
        got = random_expected(vectors, k, weights)
        assert got == pytest.approx(brute, abs=1e-9)
        assert got >= previous  # monotone in the budget
        assert got <= oracle_score((10.0,) * 3, samples, k) + 1e-9
        previous = got


@settings(max_examples=200, deadline=None)
@given(VECTORS)
def test_oracle_is_the_best_subset_and_monotone(vectors):
    points = (10.0,) * 3
    previous = 0.0
    for k in range(len(vectors) + 2):
        brute = max((sum(max([0.0, *(vectors[i][s] for i in sub)]) for s in range(3))
                     for sub in itertools.combinations(range(len(vectors)), min(k, len(vectors)))), default=0.0)
        got = oracle_score(points, vectors, k)
        assert got == pytest.approx(brute)
        assert got >= previous
        previous = got
    assert oracle_score(points, vectors) == previous == sum(max(v[s] for v in vectors) for s in range(3))


def test_random_accept_probability():
    assert random_accept_probability(0, 10, 5) == 0.0
    assert random_accept_probability(1, 10, 10) == 1.0
    assert random_accept_probability(1, 4, 1) == pytest.approx(0.25)
    assert random_accept_probability(2, 4, 2) == pytest.approx(1 - 1 / 6)


def test_random_beats_nothing_and_a_sure_pool_is_sure():
    assert random_expected([], 5) == 0.0
    assert random_expected([(10.0,)] * 4, 2) == 10.0
    assert random_expected([(10.0,), (0.0,)], 1) == 5.0
    assert random_expected([(10.0,), (0.0,)], 1, [1, 3]) == 2.5


# -- selection from evidence only ---------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_code_size_never_changes_a_decision(scenario, rnd):
    """No preference for longer or shorter code: any code sizes give the same submissions."""
    obs, hidden = scenario
    first = ioi_policy(obs, Oracle(hidden), 50)
    resized = tuple(dataclasses.replace(c, code_size=rnd.randint(1, 10**6)) for c in obs.candidates)
    again = ioi_policy(dataclasses.replace(obs, candidates=resized), Oracle(hidden), 50)
    assert again == first
    assert all(d.reason for d in first.decisions)


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.integers(0, 2**31))
def test_the_seed_only_breaks_ties_the_evidence_leaves(scenario, seed):
    """Another seed may pick other members or tied clusters, never a less plausible one: the score
    of the first submission of an untried behaviour has the same evidence key whatever the seed."""
    obs, hidden = scenario
    a = ioi_policy(obs, Oracle(hidden), 1, seed=0)
    b = ioi_policy(obs, Oracle(hidden), 1, seed=seed)
    assert b.seed == seed and len(a.decisions) == len(b.decisions)
    if a.decisions:
        clusters = {k.index: k for k in behaviour_clusters(obs)}
        ka, kb = clusters[a.decisions[0].cluster], clusters[b.decisions[0].cluster]
        if ka.index != kb.index:  # a different cluster only when everything but the draw ties
            assert ka.size == kb.size and "seeded draw" in a.decisions[0].reason


def test_identical_behaviours_are_split_by_the_seeded_draw_and_the_report_says_so():
    inputs = (Input("ex", True, (0,)),)
    obs = Observation((100.0,), inputs, (view("a", ["OK:1"]), view("b", ["OK:1"]), view("c", ["OK:1"])))
    hidden = {"a": (100.0,), "b": (0.0,), "c": (0.0,)}
    firsts = {ioi_policy(obs, Oracle(hidden), 1, seed=s).candidates[0] for s in range(40)}
    assert firsts == {"a", "b", "c"}  # every member can come first: nothing but the draw decides
    sel = ioi_policy(obs, Oracle(hidden), 1, seed=7)
    assert "seeded draw" in sel.decisions[0].reason and sel.seed == 7


def test_the_learned_scorer_ranks_clusters_the_evidence_cannot_separate():
    inputs = (Input("ex", True, (0, 1)), Input("gen:1", False, (1,)))
    views = (view("a", ["OK:1", "=x"]), view("b", ["OK:1", "=y"]))
    hidden = {"a": (50.0, 0.0), "b": (50.0, 50.0)}
    plain = Observation((50.0, 50.0), inputs, views)
    # a and b each answer gen:1 alone: no consensus, so nothing observable separates them
    for seed in range(10):
        scored = Observation((50.0, 50.0), inputs, (dataclasses.replace(views[0], learned=(0.9, 0.1)),
                                                    dataclasses.replace(views[1], learned=(0.9, 0.8))))
        sel = ioi_policy(scored, Oracle(hidden), 1, seed=seed)
        assert sel.candidates == ("b",) and "learned scorer" in sel.decisions[0].reason
    assert {ioi_policy(plain, Oracle(hidden), 1, seed=s).candidates[0] for s in range(20)} == {"a", "b"}


def test_totals_are_summed_unrounded_and_rounded_once():
    # two subtasks of 39.4466 and 37.1966 show as 39.45 and 37.2 but add up to 76.6432 -> 76.64
    obs = Observation((40.0, 40.0), (), (view("a", [], ()), view("b", [], ())))
    sel = ioi_policy(obs, Oracle({"a": (39.4466, 0.0), "b": (0.0, 37.1966)}), 2)
    assert sel.score == 76.64 and sel.best == (39.4466, 37.1966)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.floats(0, 100, allow_nan=False), min_size=3, max_size=3), min_size=1, max_size=6))
def test_a_selection_score_is_the_rounded_unrounded_sum(vectors):
    points = (100.0, 100.0, 100.0)
    hidden = {f"c{i}": tuple(v) for i, v in enumerate(vectors)}
    obs = Observation(points, (), tuple(view(cid, [], ()) for cid in hidden))
    sel = ioi_policy(obs, Oracle(hidden), 50)
    assert sel.score == round_score(sum(sel.best), 2)
