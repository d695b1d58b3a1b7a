"""Evaluating selection on judged pools: our policies against the random and oracle baselines.

`observation` is the wall between what a contestant sees and what decides the score: it builds the
policy's input from public-test and generated-input results only, and `feedback` answers each
submission with the hidden per-subtask scores, the only way hidden results reach a policy.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ioi_agent.clustering import assignment, outcome
from ioi_agent.pool import PoolResult
from ioi_agent.store import TestKind, store_name
from ioi_agent.selection import (
    CODEFORCES_LIMIT, IOI_LIMIT, CandidateView, Input, Observation, Selection, Submit, behaviour_clusters,
    codeforces_policy, ioi_policy, random_accept_probability,
)  # fmt: skip
from ioi_agent.oracle import oracle_curve, oracle_score, random_curve, random_expected
from ioi_agent.store import RunStore
from judge.model import Task
from judge.scoring import task_score
from judge.tasktypes import make_task_type

BUDGETS = tuple(range(1, IOI_LIMIT + 1))


def observation(result: PoolResult, weights: Mapping[str, int] | None = None) -> Observation:
    """What a contestant knows about the pool's candidates (all of them, or those in `weights`,
    each counted that many times): compile status, results on the public examples, runs on
    generated inputs (and, OutputOnly, on every input). Hidden test results are not in it."""
    task = result.task
    member_of = {name: tuple(st.index for st in task.subtasks if name in st.tests) for name in task.test_names}
    # OutputOnly: every input is the contestant's, and so is what the program printed for it.
    ran = [n for n in task.test_names if n not in task.public_tests] if make_task_type(task).inputs_visible else []
    inputs = [Input(name, True, member_of[name]) for name in task.public_tests]
    inputs += [Input(store_name(TestKind.GENERATED, g.id), False, g.subtasks) for g in result.generated]
    inputs += [Input(store_name(TestKind.RUN, name), False, member_of[name]) for name in ran]
    views = []
    for c in result.candidates:
        w = len(c.origins) if weights is None else weights.get(c.id, 0)
        if w <= 0:
            continue
        public = [c.tests[n] for n in task.public_tests]
        observed = [c.generated.get(g.id) for g in result.generated] + [c.runs.get(n) for n in ran]
        outcomes = [outcome(r.verdict, r.score) for r in public]
        outcomes += [outcome(r.verdict, r.score, r.output_hash) if r else ("CE" if not c.compiled else "JE")
                     for r in observed]
        seen = public + [r for r in observed if r]
        views.append(CandidateView(
            id=c.id, compiled=c.compiled, outcomes=tuple(outcomes), public_scores=tuple(r.score for r in public),
            code_size=c.code_size, max_cpu_s=max((r.cpu_s for r in seen), default=0.0), weight=w,
        ))  # fmt: skip
    return Observation(subtask_points=tuple(st.points for st in task.subtasks), inputs=tuple(inputs),
                       candidates=tuple(views), score_precision=task.score_precision)


def feedback(result: PoolResult) -> Submit:
    """The submit callback: a candidate's official per-subtask scores, as CMS feedback shows them."""
    scores = {c.id: c.subtask_scores for c in result.candidates}
    return lambda cid: list(scores[cid])


@dataclass(frozen=True)
class TaskEvaluation:
    task: str
    samples: int  # candidate files in the pool
    distinct: int
    clusters: int
    generated: int
    oracle: float  # the pool's best reachable score
    oracle_at: dict[int, float]  # best reachable with K submissions
    random: dict[int, float]  # expected score of K random submissions
    ours: dict[int, float]
    selections: dict[int, Selection]
    scored: bool  # the learned scorer's predictions were in the observation
    codeforces: Selection
    cf_accepted: int  # samples that are accepted (every subtask full)
    max_score: float


def evaluate(result: PoolResult, budgets: Iterable[int] = BUDGETS, store: RunStore | None = None,
             scorer=None, seed: int = 0) -> TaskEvaluation:
    """Run the IOI policy at each budget and the Codeforces policy once; compute both baselines.
    `scorer` (a `scoring_model.Scorer` that never saw this task) ranks what the evidence leaves tied;
    its runs are stored under policy names with a `+scorer` suffix."""
    from ioi_agent.scoring_model import with_predictions

    obs = with_predictions(observation(result), result, scorer)
    suffix = "+scorer" if obs.candidates and obs.candidates[0].learned else ""
    submit = feedback(result)
    task = result.task
    vectors = [c.subtask_scores for c in result.candidates]
    weights = [len(c.origins) for c in result.candidates]
    budgets = sorted(set(budgets))
    # A smaller budget gives a prefix of a larger one's submissions (the policy never plans around
    # its budget; tests/test_selection.py checks it), so one run at the largest budget gives all.
    longest = ioi_policy(obs, submit, budgets[-1], seed)
    selections = {k: _prefix(longest, k, task) for k in budgets}
    cf = codeforces_policy(obs, submit, CODEFORCES_LIMIT, seed)
    clusters = behaviour_clusters(obs)
    if store is not None:
        store.add_clusters(result.key, "observable", assignment(clusters))
        for k, sel in selections.items():
            store.add_submissions(result.key, f"ioi{suffix}@{k}", [(d.candidate, d.feedback) for d in sel.decisions])
        store.add_submissions(result.key, f"codeforces{suffix}", [(d.candidate, d.feedback) for d in cf.decisions])
    full = task.max_score
    return TaskEvaluation(
        task=task.code, samples=sum(weights), distinct=len(vectors), clusters=len(clusters),
        generated=len(result.generated),
        oracle=oracle_score(obs.subtask_points, vectors, None, task.score_precision),
        oracle_at=oracle_curve(obs.subtask_points, vectors, budgets, task.score_precision),
        random=random_curve(vectors, budgets, weights),
        ours={k: s.score for k, s in selections.items()}, selections=selections, scored=bool(suffix), codeforces=cf,
        cf_accepted=sum(w for v, w in zip(vectors, weights) if sum(v) >= full - 1e-9), max_score=full,
    )  # fmt: skip


def _prefix(sel: Selection, k: int, task: Task) -> Selection:
    decisions = sel.decisions[:k]
    best = tuple(max([0.0, *col]) for col in zip(*(d.feedback for d in decisions))) or (0.0,) * len(task.subtasks)
    return Selection(decisions, best, task_score(task, [d.feedback for d in decisions]), sel.seed)


def cf_random(ev: TaskEvaluation) -> float:
    return random_accept_probability(ev.cf_accepted, ev.samples, CODEFORCES_LIMIT)


@dataclass(frozen=True)
class SamplePoint:
    size: int
    ours: float
    random: float
    oracle: float


def sample_curve(result: PoolResult, budget: int, sizes: Sequence[int], seeds: Sequence[int]) -> list[SamplePoint]:
    """Scores when the pool had only `size` samples (drawn without replacement, averaged over
    `seeds`; a size at or above the pool's is the whole pool, so tasks share the same sizes)."""
    population = sorted(cid for c in result.candidates for cid in [c.id] * len(c.origins))
    submit = feedback(result)
    by_id = {c.id: c for c in result.candidates}
    points = tuple(st.points for st in result.task.subtasks)
    out = []
    for size in sizes:
        runs = []
        for seed in seeds if size < len(population) else seeds[:1]:
            drawn = Counter(random.Random(seed).sample(population, min(size, len(population))))
            obs = observation(result, drawn)
            ids = sorted(drawn)
            vectors = [by_id[i].subtask_scores for i in ids]
            runs.append((ioi_policy(obs, submit, budget).score, random_expected(vectors, budget, [drawn[i] for i in ids]),
                         oracle_score(points, vectors, None, result.task.score_precision)))
        out.append(SamplePoint(size, *(sum(r[i] for r in runs) / len(runs) for i in range(3))))
    return out


def sample_sizes(largest: int) -> list[int]:
    """5, 10, 20, 40, ... up to the largest pool (which is always included)."""
    sizes, n = [], 5
    while n < largest:
        sizes.append(n)
        n = 10 if n == 5 else n * 2
    return sizes + [largest]


def _ticks(axis, values: Sequence[int]) -> None:
    axis.set_xticks(list(values), [str(v) for v in values])
    axis.minorticks_off()


def plot(evaluations: Sequence[TaskEvaluation], curves: Sequence[Sequence[SamplePoint]], budget: int,
         path: Path) -> Path:
    """Two panels, summed over tasks: score against budget, and against pool size at `budget`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    ks = sorted(evaluations[0].ours)
    for label, attr, style in (("ours", "ours", "-o"), ("random", "random", "--"), ("oracle (K)", "oracle_at", ":")):
        left.plot(ks, [sum(getattr(e, attr)[k] for e in evaluations) for k in ks], style, label=label, markersize=3)
    left.axhline(sum(e.oracle for e in evaluations), color="grey", linewidth=0.8, label="oracle (pool)")
    left.axvline(budget, color="red", linewidth=0.6, alpha=0.5)
    left.set(xscale="log", xlabel="submissions per task (K)", ylabel="total score", title="score vs budget")
    _ticks(left, [k for k in (1, 2, 3, 5, 10, 20, 50) if k <= ks[-1]])
    left.legend()
    sizes = [p.size for p in curves[0]]  # every task was sampled at the same sizes
    for label, attr, style in (("ours", "ours", "-o"), ("random", "random", "--"), ("oracle", "oracle", ":")):
        totals = [sum(getattr(c[i], attr) for c in curves) for i in range(len(sizes))]
        right.plot(sizes, totals, style, label=label, markersize=3)
    right.set(xscale="log", xlabel="samples per task", ylabel="total score", title=f"score vs samples (K={budget})")
    _ticks(right, sizes)
    right.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
