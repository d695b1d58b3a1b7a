"""Features of a candidate for one subtask, from what a contestant can observe: the input of the learned
scoring function (`scoring_model`).

One row per (distinct candidate, scored subtask). Everything comes from `evaluation.observation` (public
example results, behaviour on generated inputs) plus compile warnings; code length is left out on
purpose (version 2): it says nothing about behaviour, and on a handful of training pools a model
learns whichever way length happened to correlate there, which is the artifact issue 10 removed from
the policy's tie-break. Hidden results are
used only as labels (`labels`). Values are scaled to roughly [0, 1] so one model fits tasks of any size.
Changing the list or the meaning of a feature must bump FEATURE_VERSION: a saved model is only valid
for the version it was trained on.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ioi_agent.clustering import Cluster, assignment, consensus, is_failure
from ioi_agent.evaluation import observation
from ioi_agent.pool import PoolResult
from ioi_agent.selection import Observation, behaviour_clusters

FEATURE_VERSION = 2
FEATURES = (
    "compiled",
    "public_pass",  # share of all public examples passed
    "public_ok_subtask",  # every public example of the subtask passed (1 when it has none)
    "agree_subtask",  # share of the subtask's generated inputs answered as the consensus answers them
    "fail_subtask",  # share of the subtask's generated inputs with no answer (TLE, RE, ...)
    "agree_all",  # the same two over every generated input
    "fail_all",
    "has_generated",  # whether the subtask has generated inputs with a consensus at all
    "cluster_share",  # the candidate's behaviour cluster, as a share of the samples
    "cluster_rank",  # 1 for the largest cluster, towards 0 for the smallest
    "cpu_margin",  # 1 - slowest observable run / time limit
    "memory_margin",  # 1 - largest observable memory use / memory limit
    "warnings",  # log(1 + compile warnings) / 3
    "logprob",  # mean log-probability per token, / 10 (0 when unknown)
    "has_logprob",
    "points_share",  # the subtask's points / task maximum
    "subtask_position",  # index / number of subtasks: later subtasks are harder
)


@dataclass(frozen=True)
class Row:
    candidate: str
    subtask: int
    values: tuple[float, ...]


def _share(n: int, d: int, empty: float) -> float:
    return n / d if d else empty


def candidate_features(result: PoolResult, logprobs: Mapping[str, float] | None = None,
                       obs: Observation | None = None) -> list[Row]:
    """Rows for every distinct candidate and every subtask worth points. `logprobs`: mean per-token
    log-probability of a candidate's sample, where the sampler gave one."""
    task = result.task
    obs = obs or observation(result)
    clusters = behaviour_clusters(obs)
    where = assignment(clusters)
    by_index = {k.index: k for k in clusters}
    views = {c.id: c for c in obs.candidates}
    runs = {c.id: c for c in result.candidates}
    total = sum(k.size for k in clusters) or 1
    public_cols = [i for i, inp in enumerate(obs.inputs) if inp.public]
    generated = [i for i, inp in enumerate(obs.inputs) if not inp.public]
    max_score = task.max_score or 1.0
    logprobs = logprobs or {}
    rows: list[Row] = []
    for st in task.subtasks:
        if st.points <= 0:
            continue
        s = st.index
        cols = [i for i in public_cols if s in obs.inputs[i].subtasks]
        gen = [i for i in generated if not obs.inputs[i].subtasks or s in obs.inputs[i].subtasks]
        voters = [k for k in clusters if k.signature[len(obs.inputs)] == "ok" and _public_ok(k, obs, cols)]
        answers = consensus(voters, gen)
        answers_all = consensus([k for k in clusters if k.signature[len(obs.inputs)] == "ok"], generated)
        for cid, view in views.items():
            k = by_index[where[cid]]
            run = runs[cid]
            agree, fail = _agreement(k, answers, gen)
            agree_all, fail_all = _agreement(k, answers_all, generated)
            pos = {c: j for j, c in enumerate(public_cols)}
            public_ok = all(view.public_scores[pos[c]] >= 1 - 1e-9 for c in cols)
            memory = max((r.memory_mib for r in [*(run.tests[n] for n in task.public_tests), *run.generated.values()]),
                         default=0.0)
            lp = logprobs.get(cid)
            values = (
                float(view.compiled),
                _share(sum(x >= 1 - 1e-9 for x in view.public_scores), len(view.public_scores), 1.0),
                float(public_ok),
                agree,
                fail,
                agree_all,
                fail_all,
                float(bool(answers)),
                k.size / total,
                1.0 - k.index / max(1, len(clusters) - 1) if len(clusters) > 1 else 1.0,
                max(-1.0, 1.0 - view.max_cpu_s / task.limits.time_s) if view.compiled else 0.0,
                max(-1.0, 1.0 - memory / task.limits.memory_mib) if view.compiled else 0.0,
                math.log1p(run.warnings) / 3,
                (lp / 10) if lp is not None else 0.0,
                float(lp is not None),
                st.points / max_score,
                s / max(1, len(task.subtasks) - 1),
            )
            rows.append(Row(cid, s, values))
    return rows


def _public_ok(k: Cluster, obs: Observation, cols: list[int]) -> bool:
    """Whether the cluster passed every public example among `cols` (its signature carries, after the
    outcomes and the compile status, the score on each public example)."""
    public = [i for i, inp in enumerate(obs.inputs) if inp.public]
    base = len(obs.inputs) + 1
    return all(float(k.signature[base + public.index(c)]) >= 1 - 1e-9 for c in cols)


def _agreement(k: Cluster, answers: Mapping[int, str], cols: list[int]) -> tuple[float, float]:
    """(share of consensus inputs answered like the consensus, share of inputs with no answer)."""
    judged = [c for c in cols if c in answers]
    agree = _share(sum(k.signature[c] == answers[c] for c in judged), len(judged), 0.5)
    return agree, _share(sum(is_failure(k.signature[c]) for c in cols), len(cols), 0.0)


def labels(result: PoolResult, rows: list[Row]) -> list[float]:
    """1 where the candidate's hidden tests give the subtask full points, else 0."""
    runs = {c.id: c for c in result.candidates}
    points = {st.index: st.points for st in result.task.subtasks}
    return [float(runs[r.candidate].subtask_scores[r.subtask] >= points[r.subtask] - 1e-9) for r in rows]
