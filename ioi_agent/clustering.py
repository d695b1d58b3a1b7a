"""Behavioural clustering: candidates that behave identically on every observable input are one cluster.

An *observable input* is one a contestant can run programs on: the public examples, and generated
inputs when there are some. A candidate's behaviour on it is an *outcome* string (see `outcome`): the
verdict and score on a public example, the hash of its output on a generated input, or the way it
failed. Two candidates with equal outcome tuples cannot be told apart before submitting, so
submitting both is wasted unless feedback says otherwise.

`consensus` gives, per input, the plurality output among a set of candidates: where no expected
output exists, agreement with the crowd is the best available guess of correctness, and failing to
answer at all is a sure sign of trouble.
Pure functions only.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Outcomes that mean "the program did not produce an answer": never a consensus answer.
FAILURES = frozenset({"CE", "TLE", "MLE", "OLE", "RE", "PV", "JE", "Skipped"})  # a protocol violation is a failure, never a consensus


def outcome(verdict: str, score: float, output_hash: str | None = None) -> str:
    """Canonical outcome of one run: the failure verdict, else `=<output hash>` when the output is
    known (generated inputs), else `<verdict>:<score>` (checked tests)."""
    if verdict in FAILURES:
        return verdict
    if output_hash is not None:
        return f"={output_hash}"
    return f"{verdict}:{round(score, 6):g}"


def is_failure(value: str) -> bool:
    return value in FAILURES


@dataclass(frozen=True)
class Cluster:
    index: int
    members: tuple[str, ...]  # candidate ids, sorted
    signature: tuple[str, ...]  # the outcome of its members on each observable input
    size: int  # number of samples behind it (duplicated sources count each time)


def cluster(signatures: Mapping[str, Sequence[str]], weights: Mapping[str, int] | None = None) -> tuple[Cluster, ...]:
    """Group candidates by identical signature. Clusters come largest first (ties: smallest first
    member id), and `index` is the position in that order, so the result depends only on the input."""
    lengths = {len(s) for s in signatures.values()}
    if len(lengths) > 1:
        raise ValueError(f"signatures of different lengths: {sorted(lengths)}")
    groups: dict[tuple[str, ...], list[str]] = {}
    for cid in sorted(signatures):
        groups.setdefault(tuple(signatures[cid]), []).append(cid)
    w = weights or {}
    ordered = sorted(groups.items(), key=lambda kv: (-sum(w.get(c, 1) for c in kv[1]), kv[1][0]))
    return tuple(
        Cluster(index=i, members=tuple(members), signature=sig, size=sum(w.get(c, 1) for c in members))
        for i, (sig, members) in enumerate(ordered)
    )


def assignment(clusters: Iterable[Cluster]) -> dict[str, int]:
    """candidate id -> cluster index."""
    return {cid: c.index for c in clusters for cid in c.members}


def consensus(clusters: Iterable[Cluster], columns: Iterable[int], min_support: int = 2,
              min_share: float = 0.2) -> dict[int, str]:
    """Per column (input index), the answer most samples among `clusters` gave, failures excluded.

    An answer is a consensus only if at least `min_support` samples and `min_share` of the samples
    that answered gave it: one program agreeing with itself says nothing, and where nearly every
    answer differs (a task with many valid outputs) the most common one is a coincidence. Ties go
    to the smallest string; a column without a consensus has no entry."""
    pool = list(clusters)
    out: dict[int, str] = {}
    for col in columns:
        votes: Counter[str] = Counter()
        for c in pool:
            if not is_failure(c.signature[col]):
                votes[c.signature[col]] += c.size
        if votes:
            best = min(votes, key=lambda v: (-votes[v], v))
            if votes[best] >= max(min_support, min_share * sum(votes.values())):
                out[col] = best
    return out


def disagreements(c: Cluster, answers: Mapping[int, str], columns: Iterable[int]) -> int:
    """Columns among `columns` where `c` failed to answer, or answered other than the consensus."""
    return sum(1 for col in columns
               if is_failure(c.signature[col]) or (col in answers and c.signature[col] != answers[col]))


def same_on(a: Cluster, b: Cluster, columns: Iterable[int]) -> bool:
    """Whether the two clusters behave identically on every one of `columns`."""
    return all(a.signature[col] == b.signature[col] for col in columns)
