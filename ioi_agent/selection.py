"""Which candidates to submit: budgeted, deterministic policies and the two baselines they are judged by.

A policy sees an `Observation`, exactly what a contestant has before submitting (compile status, the
outcome of every candidate on the public examples and on generated inputs, code features), plus
`submit(candidate_id) -> per-subtask scores`, the feedback CMS shows for each submission. Hidden test
results never reach it any other way.

Candidates are grouped into behavioural clusters (`clustering`). For a *target* (one subtask, or the
whole problem) each untried cluster gets a plausibility: it must pass the public examples that belong
to the target; then every generated input of the target on which it misses the consensus answer
(the plurality output of the clusters passing those examples) or fails to answer counts against
it, and so does every failed submission of a cluster that behaves exactly like it on the target's
inputs. Only evidence ranks clusters: where it cannot separate them, the learned scorer's predicted
points for the target (`scoring_model`, when the observation carries its predictions), then the
larger cluster, then a seeded draw (`tie_draw`), which the decision records. Nothing prefers longer
or shorter code. The most plausible cluster is submitted through its fastest member (then the
source sampled most often, then the scorer's favourite, then the draw). A cluster is submitted
again only when feedback of its own left the target unsolved, and only if it is still the most
plausible: its members may differ on inputs nobody observed. Every decision says why it was taken
(`Decision.reason`): what the chosen cluster showed, and which piece of evidence set it apart from
the runner-up.

IOI policy (at most 50 per task): targets the hardest unsolved subtask first (most points, then the
later one), then goes round-robin over the unsolved subtasks, and stops when every subtask has full
points (the task score is the per-subtask best, `judge.scoring.task_score`).

Codeforces policy (at most 10 per problem): one target, the whole problem; stops at the first
accepted submission. Clusters failing an example come last, as each rejection costs penalty.

Baselines: `random_expected` (exact expectation over uniform K-subsets of the pool's samples) and
`oracle_score` (the best K-subset knowing every hidden result, or the whole pool: per subtask the best
any candidate reaches).
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import comb

from ioi_agent.clustering import Cluster, cluster, consensus, disagreements, same_on
from judge.scoring import round_score

IOI_LIMIT = 50
CODEFORCES_LIMIT = 10
EPS = 1e-9

Submit = Callable[[str], Sequence[float]]


@dataclass(frozen=True)
class Input:
    """An observable input: a public example (its expected answer is known) or a generated one."""

    key: str
    public: bool
    subtasks: tuple[int, ...] = ()  # subtasks whose constraints it meets; empty = unknown (any)


@dataclass(frozen=True)
class CandidateView:
    id: str
    compiled: bool
    outcomes: tuple[str, ...]  # one per Observation.inputs (clustering.outcome)
    public_scores: tuple[float, ...]  # score on each public input, in Observation order
    code_size: int = 0  # carried for reports; no policy ranks by it
    max_cpu_s: float = 0.0  # slowest observable run: the margin a hidden, larger test eats into
    weight: int = 1  # samples with this exact source
    learned: tuple[float, ...] = ()  # the learned scorer's P(subtask solved), per subtask; () = no scorer


@dataclass(frozen=True)
class Observation:
    subtask_points: tuple[float, ...]
    inputs: tuple[Input, ...]
    candidates: tuple[CandidateView, ...]
    score_precision: int = 2


@dataclass(frozen=True)
class Decision:
    candidate: str
    cluster: int
    target: tuple[int, ...]  # subtasks this submission aimed at
    feedback: tuple[float, ...]  # unrounded per-subtask scores
    repeat: bool  # a second (or later) submission of its cluster, justified by feedback
    reason: str = ""  # why this cluster and this member, in words


class StopSubmitting(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a submit callback to end a policy early (no submissions or time left); the policy
    then returns what it did so far."""


@dataclass(frozen=True)
class Selection:
    decisions: tuple[Decision, ...]
    best: tuple[float, ...]  # per-subtask best feedback, unrounded
    score: float  # task score: per-subtask best, summed unrounded and rounded once (as CMS does)
    seed: int = 0  # of the tie-break draw

    @property
    def candidates(self) -> tuple[str, ...]:
        return tuple(d.candidate for d in self.decisions)


# -- the evidence a contestant has about each cluster ------------------------------------------


def behaviour_clusters(obs: Observation) -> tuple[Cluster, ...]:
    """The observation's candidates clustered by behaviour. Signature position i is input i; compile
    status and public scores follow the inputs, so the members of a cluster agree on them too."""
    return cluster(
        {c.id: (*c.outcomes, "ok" if c.compiled else "CE", *map(str, c.public_scores)) for c in obs.candidates},
        {c.id: c.weight for c in obs.candidates},
    )


class _Evidence:
    """Clusters of an observation and what is known about each, before and after feedback."""

    def __init__(self, obs: Observation, seed: int = 0):
        self.obs = obs
        self.everything = tuple(range(len(obs.subtask_points)))
        by_id = {c.id: c for c in obs.candidates}
        if len(by_id) != len(obs.candidates):
            raise ValueError("candidate ids must be unique")
        for c in obs.candidates:
            if len(c.outcomes) != len(obs.inputs):
                raise ValueError(f"candidate {c.id}: {len(c.outcomes)} outcomes for {len(obs.inputs)} inputs")
        self.clusters = behaviour_clusters(obs)
        self.seed = seed
        self.scored = any(c.learned for c in obs.candidates)
        # Members in submission order: fastest on the observable inputs first (to 0.1 s: finer
        # differences are timing noise), then the source sampled most often (the model's own
        # consensus), then the scorer's favourite, then the seeded draw.
        self.members = {
            k.index: sorted((by_id[m] for m in k.members),
                            key=lambda c: (round(c.max_cpu_s, 1), -c.weight, -self.learned(c, self.everything),
                                           tie_draw(seed, c.id)))
            for k in self.clusters
        }
        self.head = {k.index: self.members[k.index][0] for k in self.clusters}
        public_cols = [i for i, inp in enumerate(obs.inputs) if inp.public]
        self.public_pos = {col: j for j, col in enumerate(public_cols)}
        self.generated = [i for i, inp in enumerate(obs.inputs) if not inp.public]
        self.all_inputs = list(range(len(obs.inputs)))

    def scope(self, target: Sequence[int]) -> list[int]:
        """Observable inputs relevant to the target subtasks (unknown membership counts as relevant)."""
        t = set(target)
        return [i for i, inp in enumerate(self.obs.inputs) if not inp.subtasks or t & set(inp.subtasks)]

    @functools.cache  # noqa: B019 (one _Evidence per policy run)
    def target_view(self, target: tuple[int, ...]) -> tuple[list[int], list[int], dict[int, str]]:
        """The target's inputs, its generated inputs, and their consensus answers: the plurality of
        every compiled cluster passing the target's examples, refuted ones included (a refuted
        cluster is wrong somewhere, not everywhere), so feedback never changes it."""
        cols = self.scope(target)
        gen_cols = [c for c in cols if c in self.generated]
        voters = [k for k in self.clusters if self.compiled(k) and self.public_ok(k, cols)]
        return cols, gen_cols, consensus(voters, gen_cols)

    def public_ok(self, k: Cluster, cols: Sequence[int]) -> bool:
        scores = self.head[k.index].public_scores
        return all(scores[self.public_pos[c]] >= 1 - EPS for c in cols if c in self.public_pos)

    def public_mean(self, k: Cluster) -> float:
        scores = self.head[k.index].public_scores
        return sum(scores) / len(scores) if scores else 1.0

    def compiled(self, k: Cluster) -> bool:
        return self.head[k.index].compiled

    def learned(self, c: CandidateView, target: Sequence[int]) -> float:
        """The scorer's expected points of `c` on the target (0 without a scorer)."""
        if not c.learned:
            return 0.0
        return sum(c.learned[s] * self.obs.subtask_points[s] for s in target)

    def cluster_learned(self, k: Cluster, target: Sequence[int]) -> float:
        """The mean over the cluster's members: they behave alike, so this mostly smooths the
        features that differ between them (warnings, memory, log-probability)."""
        members = self.members[k.index]
        return sum(self.learned(c, target) for c in members) / len(members)


def tie_draw(seed: int, key: str) -> float:
    """A seeded draw in [0, 1) for `key`: the same key and seed always draw the same value, whatever
    else is in the pool, so a tie is broken the same way in every round of a run."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass
class _State:
    best: list[float]
    decisions: list[Decision]
    tried: dict[int, int]  # cluster -> members submitted
    failed: dict[int, list[int]]  # subtask -> cluster of each submission that left it unsolved


# A cluster's plausibility for a target is a log-likelihood: each relevant generated input on which it
# misses the consensus answer costs DISAGREEMENT; each failed submission of a cluster that behaves
# exactly like it on the relevant inputs costs REFUTED. One refutation costs less than a disagreement
# (members of a cluster may still differ on hidden inputs, while a missed consensus is an observed
# error); two cost more (the behaviour itself is then the likelier culprit).
DISAGREEMENT = 1.0
REFUTED = 0.75


# What ranks clusters for a target, most important first; `_choose` compares these tuples and
# `_reason` names the first entry on which the winner beat the runner-up.
KEY_NAMES = (
    "passes the target's examples",
    "generated-input evidence (consensus, refutations)",
    "agreement with the consensus on every generated input",
    "share of the examples passed",
    "not submitted before",
    "learned scorer",
    "cluster size",
    "seeded draw",
)


def _key(ev: _Evidence, state: _State, k: Cluster, target: tuple[int, ...], repeat: bool) -> tuple:
    cols, gen_cols, answers = ev.target_view(target)
    _, _, answers_all = ev.target_view(ev.everything)
    by_index = {c.index: c for c in ev.clusters}
    refuted = [i for s in target for i in state.failed.get(s, [])]
    refutations = sum(1 for i in refuted if same_on(k, by_index[i], cols))
    score = -DISAGREEMENT * disagreements(k, answers, gen_cols) - REFUTED * refutations
    return (
        ev.public_ok(k, cols),  # failing an example of the target fails the target
        score,
        -disagreements(k, answers_all, ev.generated),
        ev.public_mean(k),
        not repeat,
        round(ev.cluster_learned(k, target), 6),
        k.size,
        min(tie_draw(ev.seed, m) for m in k.members),
    )


def _choose(ev: _Evidence, state: _State, target: tuple[int, ...]) -> tuple[Cluster, bool, str] | None:
    """The next cluster for `target`, whether it is a repeat, and why; None when nothing is left."""
    refuted_set = {i for s in target for i in state.failed.get(s, [])}
    ranked = []
    for k in ev.clusters:
        tried = state.tried.get(k.index, 0)
        if not ev.compiled(k) or tried >= len(ev.members[k.index]):
            continue  # a compile error scores 0 whatever the task; an exhausted cluster has no one left
        repeat = tried > 0
        if repeat and k.index not in refuted_set:
            continue  # a repeat needs feedback: its earlier submission left the target unsolved
        ranked.append((_key(ev, state, k, target, repeat), k, repeat))
    if not ranked:
        return None
    ranked.sort(key=lambda r: r[0], reverse=True)
    key, k, repeat = ranked[0]
    return k, repeat, _reason(ev, state, target, ranked)


def _reason(ev: _Evidence, state: _State, target: tuple[int, ...], ranked: list) -> str:
    key, k, repeat = ranked[0]
    cols, gen_cols, answers = ev.target_view(target)
    names = ", ".join(f"subtask {s}" for s in target) if len(target) < len(ev.obs.subtask_points) else "the task"
    parts = [f"cluster {k.index} ({k.size} sample{'s' if k.size != 1 else ''}) for {names}"]
    if repeat:
        parts.append(f"again (member {state.tried.get(k.index, 0) + 1} of {len(ev.members[k.index])}): "
                     "its earlier submission left the target unsolved")
    n_pub = sum(1 for c in cols if c in ev.public_pos)
    if n_pub:
        parts.append("passes the target's examples" if key[0] else "fails an example of the target")
    judged = [c for c in gen_cols if c in answers]
    if judged:
        parts.append(f"matches the consensus on {len(judged) - disagreements(k, answers, judged)} of the {len(judged)} "
                     f"generated inputs that have one ({len(gen_cols)} generated for the target)")
    elif gen_cols:
        parts.append(f"no consensus on the target's {len(gen_cols)} generated inputs")
    else:
        parts.append("no generated inputs for it")
    if ev.scored:
        parts.append(f"learned scorer expects {ev.cluster_learned(k, target):.1f} points")
    if len(ranked) == 1:
        parts.append("the only candidate behaviour left")
    else:
        other_key, other, _ = ranked[1]
        i = next((i for i, (a, b) in enumerate(zip(key, other_key)) if a != b), len(key) - 1)
        why = KEY_NAMES[i]
        if why == "seeded draw":
            ties = sum(1 for r in ranked if r[0][:-1] == key[:-1])
            why = f"seeded draw (seed {ev.seed}) among {ties} clusters the evidence cannot separate"
        parts.append(f"ahead of cluster {other.index} on: {why}")
    member = ev.members[k.index][state.tried.get(k.index, 0)]
    if len(ev.members[k.index]) > 1:
        parts.append(f"member {member.id[:8]} of {len(ev.members[k.index])}, sampled {member.weight}x (fastest, then "
                     "most sampled, then " + ("learned scorer, then " if ev.scored else "") + "seeded draw)")
    return "; ".join(parts)


def _submit(ev: _Evidence, state: _State, choice: tuple[Cluster, bool, str], target: tuple[int, ...],
            submit: Submit, points: Sequence[float]) -> list[float]:
    k, repeat, reason = choice
    member = ev.members[k.index][state.tried.get(k.index, 0)]
    feedback = [float(x) for x in submit(member.id)]
    if len(feedback) != len(points):
        raise ValueError(f"submit({member.id}) returned {len(feedback)} subtask scores, expected {len(points)}")
    state.tried[k.index] = state.tried.get(k.index, 0) + 1
    state.decisions.append(Decision(member.id, k.index, target, tuple(feedback), repeat, reason))
    for s, (f, p) in enumerate(zip(feedback, points)):
        state.best[s] = max(state.best[s], f)
        if f < p - EPS:
            state.failed.setdefault(s, []).append(k.index)
    return feedback


def _result(obs: Observation, state: _State, seed: int) -> Selection:
    return Selection(tuple(state.decisions), tuple(state.best),
                     round_score(sum(state.best), obs.score_precision), seed)


def hardness_order(points: Sequence[float]) -> list[int]:
    """Subtasks hardest first: more points first, then the later one (IOI orders subtasks by difficulty)."""
    return sorted(range(len(points)), key=lambda s: (-points[s], -s))


def ioi_policy(obs: Observation, submit: Submit, budget: int = IOI_LIMIT, seed: int = 0) -> Selection:
    """Submit at most min(budget, 50) candidates, steering by per-subtask feedback (module doc);
    `seed` seeds the draw that breaks ties the evidence leaves."""
    points = obs.subtask_points
    ev = _Evidence(obs, seed)
    state = _State(best=[0.0] * len(points), decisions=[], tried={}, failed={})
    order = hardness_order(points)
    turn = 0  # round-robin position in `order`
    while len(state.decisions) < min(budget, IOI_LIMIT):
        unsolved = [s for s in order if state.best[s] < points[s] - EPS]
        if not unsolved:
            break
        choice = None
        for step in range(len(order)):  # next unsolved subtask with something left to try
            s = order[(turn + step) % len(order)]
            if s in unsolved and (choice := _choose(ev, state, (s,))) is not None:
                turn = (turn + step + 1) % len(order)
                break
        if choice is None:
            break
        try:
            _submit(ev, state, choice, (s,), submit, points)
        except StopSubmitting:
            break
    return _result(obs, state, seed)


def codeforces_policy(obs: Observation, submit: Submit, budget: int = CODEFORCES_LIMIT, seed: int = 0) -> Selection:
    """Submit until accepted (every subtask full), at most min(budget, 10) times; examples first."""
    points = obs.subtask_points
    everything = tuple(range(len(points)))
    ev = _Evidence(obs, seed)
    state = _State(best=[0.0] * len(points), decisions=[], tried={}, failed={})
    while len(state.decisions) < min(budget, CODEFORCES_LIMIT):
        choice = _choose(ev, state, everything)
        if choice is None:
            break
        try:
            feedback = _submit(ev, state, choice, everything, submit, points)
        except StopSubmitting:
            break
        if all(f >= p - EPS for f, p in zip(feedback, points)):
            break
    return _result(obs, state, seed)


# -- baselines -----------------------------------------------------------------------------------


def oracle_score(points: Sequence[float], vectors: Sequence[Sequence[float]], budget: int | None = None,
                 precision: int = 2) -> float:
    """Best task score reachable with `budget` submissions chosen knowing every hidden result
    (None: no limit, i.e. per subtask the best any candidate reaches)."""
    rows = sorted({tuple(v) for v in vectors}, key=lambda v: (-sum(v), v))
    # Only Pareto-maximal vectors matter: a dominated one never adds to a per-subtask maximum.
    front = [v for v in rows if not any(w != v and all(a >= b for a, b in zip(w, v)) for w in rows)]
    if not front or budget == 0:
        return round_score(0.0, precision)
    if budget is None or budget >= len(front):
        return round_score(sum(max(col) for col in zip(*front)), precision)
    n_sub = len(points)
    best = [0.0]
    col_max = [max(v[s] for v in front) for s in range(n_sub)]

    def search(start: int, chosen: tuple[float, ...], left: int) -> None:
        total = sum(chosen)
        best[0] = max(best[0], total)
        if left == 0 or total + sum(m - c for m, c in zip(col_max, chosen)) <= best[0] + EPS:
            return
        for i in range(start, len(front)):
            search(i + 1, tuple(max(a, b) for a, b in zip(chosen, front[i])), left - 1)

    search(0, (0.0,) * n_sub, budget)
    return round_score(best[0], precision)


def random_expected(vectors: Sequence[Sequence[float]], budget: int, weights: Sequence[int] | None = None) -> float:
    """Expected task score of `budget` distinct samples drawn uniformly from the pool (duplicates
    counted by `weights`), computed exactly: with a subtask's n sample scores sorted ascending, the
    j-th smallest is the maximum of a K-subset with probability C(j-1, K-1) / C(n, K)."""
    weights = list(weights) if weights is not None else [1] * len(vectors)
    samples = [v for v, w in zip(vectors, weights) for _ in range(w)]
    n = len(samples)
    if n == 0 or budget <= 0:
        return 0.0
    k = min(budget, n)
    total = Fraction(0)
    for col in zip(*samples):
        ordered = sorted(Fraction(x) for x in col)
        total += sum(a * comb(j, k - 1) for j, a in enumerate(ordered)) / comb(n, k)
    return float(total)


def random_accept_probability(accepted: int, n: int, budget: int) -> float:
    """Probability that `budget` distinct uniform picks from n samples include one of `accepted`."""
    if n == 0:
        return 0.0
    k = min(budget, n)
    return 1.0 - comb(n - accepted, k) / comb(n, k)
