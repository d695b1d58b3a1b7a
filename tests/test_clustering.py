"""Behavioural clustering: a partition by identical outcomes, independent of input order."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ioi_agent.clustering import (
    FAILURES,
    assignment,
    cluster,
    consensus,
    disagreements,
    is_failure,
    outcome,
    same_on,
)  # fmt: skip

OUTCOMES = st.sampled_from(["=a", "=b", "=c", "TLE", "RE", "OK:1", "WA:0"])


@st.composite
def signatures(draw):
    width = draw(st.integers(0, 5))
    ids = draw(st.lists(st.text("0123456789abcdef", min_size=1, max_size=6), min_size=0, max_size=15, unique=True))
    sigs = {cid: tuple(draw(st.lists(OUTCOMES, min_size=width, max_size=width))) for cid in ids}
    weights = {cid: draw(st.integers(1, 4)) for cid in ids}
    return sigs, weights


@given(signatures())
def test_clusters_partition_candidates_by_signature(data):
    sigs, weights = data
    clusters = cluster(sigs, weights)
    members = [m for c in clusters for m in c.members]
    assert sorted(members) == sorted(sigs)  # every candidate exactly once
    assert len({c.signature for c in clusters}) == len(clusters)  # one cluster per behaviour
    for c in clusters:
        assert all(sigs[m] == c.signature for m in c.members)
        assert list(c.members) == sorted(c.members)
        assert c.size == sum(weights[m] for m in c.members)
    assert [c.index for c in clusters] == list(range(len(clusters)))
    assert [c.size for c in clusters] == sorted((c.size for c in clusters), reverse=True)
    assert sum(c.size for c in clusters) == sum(weights.values())
    assert set(assignment(clusters).items()) == {(m, c.index) for c in clusters for m in c.members}


@given(signatures(), st.randoms(use_true_random=False))
def test_clustering_does_not_depend_on_input_order(data, rnd):
    sigs, weights = data
    items = list(sigs.items())
    rnd.shuffle(items)
    assert cluster(dict(items), weights) == cluster(sigs, weights)


@given(signatures())
def test_consensus_is_a_plurality_answer_and_never_a_failure(data):
    sigs, weights = data
    clusters = cluster(sigs, weights)
    width = len(next(iter(sigs.values()), ()))
    answers = consensus(clusters, range(width))
    for col in range(width):
        votes: dict[str, int] = {}
        for c in clusters:
            if not is_failure(c.signature[col]):
                votes[c.signature[col]] = votes.get(c.signature[col], 0) + c.size
        if not votes or max(votes.values()) < max(2, 0.2 * sum(votes.values())):  # no answer is shared enough
            assert col not in answers
            continue
        assert not is_failure(answers[col])
        assert votes[answers[col]] == max(votes.values())
    for c in clusters:  # a failure, or an answer other than the consensus, counts against it
        assert disagreements(c, answers, range(width)) == sum(
            1 for col in range(width)
            if is_failure(c.signature[col]) or (col in answers and c.signature[col] != answers[col]))
        assert same_on(c, c, range(width))


def test_outcome_keeps_failures_outputs_and_checked_scores_apart():
    assert {outcome(v, 0.0, "abc") for v in FAILURES} == set(FAILURES)
    assert outcome("Ran", 0.0, "abc") == "=abc"
    assert outcome("OK", 1.0) == "OK:1"
    assert outcome("Partial", 0.5) == "Partial:0.5"
    assert outcome("WA", 0.0) != outcome("OK", 1.0)


def test_a_bigger_cluster_outvotes_more_distinct_ones():
    sigs = {"a": ("=x",), "b": ("=x",), "c": ("=y",), "d": ("TLE",), "e": ("TLE",), "f": ("TLE",)}
    clusters = cluster(sigs)
    assert clusters[0].members == ("d", "e", "f")  # the largest cluster comes first...
    assert consensus(clusters, [0]) == {0: "=x"}  # ...but a failure is never the answer
    assert consensus(cluster({"a": ("RE",)}), [0]) == {}
    assert consensus(cluster({"a": ("=x",), "b": ("=y",)}), [0]) == {}  # no answer is shared
    assert consensus(cluster({"a": ("=x",), "b": ("=y",)}), [0], min_support=1) == {0: "=x"}
    scattered = cluster({f"{i:02d}": ("=x",) if i < 2 else (f"={i}",) for i in range(12)})
    assert consensus(scattered, [0]) == {}  # 2 of 12 agreeing is a coincidence, not a consensus
    assert consensus(scattered, [0], min_share=0.1) == {0: "=x"}
    by_id = {c.members[0]: c for c in clusters}
    assert [disagreements(by_id[m], {0: "=x"}, [0]) for m in "acd"] == [0, 1, 1]
    assert disagreements(by_id["d"], {}, [0]) == 1  # failing counts even without a consensus


def test_weights_count_duplicated_samples():
    sigs = {"a": ("=x",), "b": ("=y",), "c": ("=y",)}
    clusters = cluster(sigs, {"a": 3})
    assert clusters[0].members == ("a",) and clusters[0].size == 3
    assert consensus(clusters, [0]) == {0: "=x"}


@settings(max_examples=20)
@given(st.integers(0, 2**32))
def test_ties_break_by_smallest_first_member(seed):
    ids = [f"{i:02d}" for i in range(6)]
    random.Random(seed).shuffle(ids)
    clusters = cluster({cid: (f"={cid}",) for cid in ids})
    assert [c.members[0] for c in clusters] == sorted(ids)
