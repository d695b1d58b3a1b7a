"""The agent on one task: sample, extract, screen, judge locally, cluster, select, submit, repeat.

Work proceeds in rounds. A round samples the next batch (at most `budget` samples per task in all),
keeps the programs that can be extracted and define the functions the grader calls, judges each new
distinct program on what a contestant can run (the public examples, the generated tests in the
store; for OutputOnly every input, as a contestant has them all), and runs the IOI policy over every
candidate so far. A submission is judged on every test with official scoring and answers with the
per-subtask scores; a candidate submitted in an earlier round answers from memory at no cost, as a
contestant remembers its feedback. The task is finished when it has full points, no samples are
left, or its submissions are used up.

Everything is recorded as it happens: candidates, compile and test results and submissions in the
RunStore, and each finished sampling round (which samples, what it cost) in a small ledger beside
it. A resumed run replays the same steps; every judged test comes from the store, so it only does
the work that was missing, and the simulated clock, computed from stored CPU times and the ledger,
lands on the same times as the first run.
"""
from __future__ import annotations

import json
import math
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ioi_agent.clock import Clock
from ioi_agent.evaluation import observation
from ioi_agent.extract import declares_required_functions, extract_cpp
from ioi_agent.params import SamplingParams
from ioi_agent.pool import CandidateRun, Pool, PoolResult, subtask_feedback
from ioi_agent.runner import JUDGED, CandidateRunner, TestKind, task_key
from ioi_agent.prompts import (
    header_source,
    provided_functions,
    task_prompt,
    task_prompts,
)
from ioi_agent.samplers import Sampler
from ioi_agent.samplers.replay import ReplaySampler
from ioi_agent.pacing import submissions_allowed
from ioi_agent.selection import IOI_LIMIT, StopSubmitting, behaviour_clusters, ioi_policy
from ioi_agent.store import RunStore
from ioi_agent.testgen import import_pool_generators, model_tests, origin_kind
from judge.model import Task
from judge.sandbox import Sandbox
from judge.scoring import round_score

POLICY = "contest"  # the store's name for the submissions a contest run made
REPLAY_SAMPLE_S = 2.0


@dataclass(frozen=True)
class AgentConfig:
    budget: int = 100  # samples per task
    batch: int = 5  # samples per round
    submissions: int = IOI_LIMIT
    sample_seconds: float | None = None  # clock cost per sample; None: REPLAY_SAMPLE_S for replay, measured otherwise
    params: SamplingParams = field(default_factory=lambda: SamplingParams(n=1, temperature=1.0, seed=0))
    scorer: object | None = None  # a scoring_model.Scorer or default_scorer.ScorerBank ranking ties; None: none
    scorer_note: str = ""  # which scorer, and why (for the report)


@dataclass(frozen=True)
class Event:
    """Something that happened at a simulated time: a sampling round or a submission."""

    time_s: float  # a round: when its programs are judged; a submission: when its feedback arrives
    task: str
    kind: str  # "round" or "submission"
    samples: int  # samples of this task so far
    score: float  # task score after it
    detail: dict


class Ledger:
    """Finished sampling rounds per task key, in a JSON file rewritten atomically after each round."""

    def __init__(self, path: Path):
        self.path = path
        self.data: dict[str, list[dict]] = json.loads(path.read_text()) if path.is_file() else {}

    def rounds(self, key: str) -> list[dict]:
        return self.data.get(key, [])

    def add(self, key: str, entry: dict) -> None:
        self.data.setdefault(key, []).append(entry)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.data, indent=1))
        os.replace(tmp, self.path)


class _OutOfSubmissions(StopSubmitting):
    """Raised inside the policy's submit callback when the limit or the contest's end is reached."""


class TaskAgent:
    """One task's state during a contest; `step()` does one round."""

    def __init__(self, task: Task, sampler: Sampler | None, store: RunStore, ledger: Ledger, clock: Clock,
                 config: AgentConfig, sandbox: Sandbox | None = None,
                 on_event: Callable[[Event], None] | None = None, remote=None):
        self.task, self.sampler, self.store, self.ledger, self.clock = task, sampler, store, ledger, clock
        self.config = config
        self.key = task_key(task)
        self.on_event = on_event or (lambda e: None)
        self._sandbox = sandbox
        self._remote = remote  # a RayJudge for the official tests (see runner.CandidateRunner)
        self._runner: CandidateRunner | None = None
        self.unofficial = bool(task.task_type_params.get("unofficial"))
        self.samples: list[str] = []  # candidate id of every kept sample, duplicates included
        self.sampled = 0  # samples drawn (kept or dropped)
        self.dropped = 0
        self.rounds = 0
        self.judged: set[str] = set()  # candidates judged locally in this run
        self.submitted: list[tuple[str, tuple[float, ...], float]] = []  # (candidate, feedback, time)
        self.best = [0.0] * len(task.subtasks)
        self.clusters = 0
        self.exhausted = False  # no more samples to draw
        self.note = "" if sampler is not None else "no candidates: no sampler for this task"
        self.events: list[Event] = []
        self._replay: list | None = None
        self._tests_ready = False
        self.reasons: dict[str, str] = {}  # candidate -> why the policy submitted it
        self.allowed = config.submissions  # submissions the pacing policy lets be spent by now
        self.paced = False  # the pacing policy holds submissions back (see ioi_agent/pacing.py)
        self.pacing = ""
        self._last_select: float | None = None  # clock time of this task's previous selection

    # -- state --------------------------------------------------------------------------------------

    @property
    def score(self) -> float:
        return round_score(sum(self.best), self.task.score_precision)

    @property
    def full(self) -> bool:
        return all(b >= st.points - 1e-9 for b, st in zip(self.best, self.task.subtasks))

    @property
    def done(self) -> bool:
        return self.full or self.exhausted or len(self.submitted) >= self.config.submissions

    @property
    def state(self) -> str:
        if self.full:
            return "full score"
        if len(self.submitted) >= self.config.submissions:
            return "out of submissions"
        if self.exhausted:
            return "no samples left"
        if self.clock.expired:
            return "time up"
        return f"round {self.rounds + 1}"

    def row(self) -> dict:
        return {"task": self.task.code, "unofficial": self.unofficial, "limit": self.config.submissions,
                "subtasks": [(b, st.points) for b, st in zip(self.best, self.task.subtasks) if st.points > 0],
                "submissions": len(self.submitted), "samples": self.sampled, "score": self.score,
                "max_score": self.task.max_score, "state": self.state}

    def _emit(self, kind: str, **detail) -> None:
        e = Event(round(self.clock.now, 3), self.task.code, kind, self.sampled, self.score, detail)
        self.events.append(e)
        self.on_event(e)

    @property
    def runner(self) -> CandidateRunner:
        if self._runner is None:
            self._runner = CandidateRunner(self.task, self.store, self.key, self._sandbox, remote=self._remote)
        return self._runner

    # -- one round ----------------------------------------------------------------------------------

    def step(self) -> None:
        """Sample the next batch, judge what is new, and let the policy submit."""
        if self.done or self.clock.expired:
            return
        self._generate_tests()
        new = self._sample()
        if new is None:
            self.exhausted = True
            if self.sampler is not None and not self.samples:
                self.note = "no candidates: the sampler gave none for this task"
            elif self.samples and not self.clock.expired:
                self._select()  # sampling is over: the pacing policy releases what it held back
            return
        self.rounds += 1
        if self.clock.expired:
            return  # the samples came too late to be used
        self._judge_locally([cid for cid in dict.fromkeys(new) if cid not in self.judged])
        self._emit("round", round=self.rounds, new=len(new), candidates=len(set(self.samples)))
        if not self.clock.expired:
            self._select()
        if self.sampled >= self.config.budget:
            self.exhausted = True
        if self.exhausted and not self.samples:
            self.note = (f"no candidates: all {self.sampled} samples were dropped (no C++ program in the "
                         "answer, or one without the functions the grader calls)")

    def _sample(self) -> list[str] | None:
        """Kept candidate ids of the next round, or None when nothing is left to sample."""
        want = min(self.config.batch, self.config.budget - self.sampled)
        if want <= 0 or self.sampler is None:
            return None
        done = self.ledger.rounds(self.key)
        if self.rounds < len(done):  # finished before: read it back
            entry = done[self.rounds]
        else:
            entry = self._draw(want)
            if entry is None:
                return None
            self.ledger.add(self.key, entry)
        self.sampled += entry["samples"]
        self.dropped += entry["dropped"]
        self.samples += entry["candidates"]
        self.clock.charge(entry["seconds"], "sampling")
        return entry["candidates"] if entry["samples"] else None

    def _draw(self, want: int) -> dict | None:
        cost = self.config.sample_seconds
        started = time.perf_counter()
        if isinstance(self.sampler, ReplaySampler):
            # Stored candidates are a fixed list: the round takes the next slice of it.
            if self._replay is None:
                prompt = task_prompt(self.task)
                self._replay = [(prompt.id, c) for c in self.sampler.generate(
                    [prompt], self.config.params.replace(n=self.config.budget))[0]]
            drawn = self._replay[self.sampled:self.sampled + want]
            cost = REPLAY_SAMPLE_S if cost is None else cost
        else:
            prompts = task_prompts(self.task)
            n = math.ceil(want / len(prompts))
            seed = (self.config.params.seed or 0) + len(self.ledger.rounds(self.key))
            out = self.sampler.generate(prompts, self.config.params.replace(n=n, seed=seed))
            drawn = [(p.id, c) for p, cs in zip(prompts, out) for c in cs][:want]
        if not drawn:
            return None
        wall = time.perf_counter() - started
        header = header_source(self.task)
        provided = provided_functions(self.task) if header else None
        kept, dropped = [], 0
        for i, (prompt_id, completion) in enumerate(drawn):
            code = extract_cpp(completion.text)
            if code is None or (header and not declares_required_functions(code, header[1], provided)):
                dropped += 1
                continue
            origin = f"r{len(self.ledger.rounds(self.key))}:{completion.origin or f'{prompt_id}#{i}'}"
            kept.append(self.store.add_candidate(self.key, code, origin=origin, prompt=prompt_id))
        seconds = len(drawn) * cost if cost is not None else wall
        return {"samples": len(drawn), "dropped": dropped, "seconds": round(seconds, 3), "candidates": kept}

    # -- generated tests --------------------------------------------------------------------------

    def _generate_tests(self) -> None:
        """Once per task, before the first round: the inputs of the package's own generators (when
        it ships `generators/`) and, with a model sampler, the inputs of model-written generators per
        subtask kept by validator majority (`testgen.model_tests`). The model's time is charged to
        the clock and kept in the ledger, so a resumed run charges the same."""
        if self._tests_ready or not self.runner.task_type.runs_generated_inputs:
            return
        self._tests_ready = True
        import_pool_generators(self.task.root, self.task.code, self.task, self.store, self.key, self.runner.sandbox)
        if self.sampler is None or isinstance(self.sampler, ReplaySampler):
            return  # stored programs: nobody to write generators
        ledger_key = f"{self.key}/tests"
        done = self.ledger.rounds(ledger_key)
        if done:
            entry = done[0]
        else:
            started = time.perf_counter()
            n = model_tests(self.task, self.sampler, self.store, self.key, self.config.params.replace(n=2),
                            self.runner.sandbox)
            entry = {"tests": n, "seconds": round(time.perf_counter() - started, 3)}
            self.ledger.add(ledger_key, entry)
        self.clock.charge(entry["seconds"], "test generation")

    def generated_summary(self) -> dict:
        """How many generated tests the task had, and where they came from (see `testgen.origin_kind`)."""
        tests = self.runner.generated_tests()
        return {"tests": len(tests), "by_origin": dict(Counter(origin_kind(g.origin) for g in tests))}

    # -- judging --------------------------------------------------------------------------------------

    def _local_tests(self) -> list[str]:
        return self.runner.local_tests()

    def _cpu_s(self, cid: str, kinds: set[TestKind], tests: set[str] | None = None) -> float:
        """CPU seconds of `cid`'s stored results of those kinds (and, when given, those tests)."""
        return sum(r.cpu_s for r in self.store.test_results(self.key, cid, kinds) if tests is None or r.test in tests)

    def _judge_locally(self, cids: list[str]) -> None:
        """Run new candidates on what a contestant can run (one batch for the round) and charge the
        clock their compile and CPU time."""
        local = self._local_tests()
        self.runner.judge_all(cids, local)
        for cid in cids:
            seconds = self.store.compile_result(self.key, cid).cpu_s
            seconds += self._cpu_s(cid, {TestKind.EXAMPLE, TestKind.OFFICIAL}, set(local))
            seconds += self._cpu_s(cid, {TestKind.GENERATED})
            self.judged.add(cid)
            self.clock.charge(seconds, "judging")

    def _observed(self) -> PoolResult:
        """The candidates as a contestant sees them: no hidden test result is in here."""
        local = set(self._local_tests())
        views = []
        for cid in sorted(set(self.samples)):
            comp = self.store.compile_result(self.key, cid)
            results = self.store.test_results(self.key, cid)
            views.append(CandidateRun(
                id=cid, origins=(), compiled=comp.ok, warnings=comp.message.count("warning:"),
                code_size=sum(not ch.isspace() for ch in self.store.candidates(self.key)[cid]),
                tests={r.test: r for r in results if r.kind is TestKind.EXAMPLE},
                generated={r.test: r for r in results if r.kind is TestKind.GENERATED},
                runs={r.test: r for r in results if r.kind is TestKind.RUN and r.test in local},
                subtask_scores=(),
            ))  # fmt: skip
        gens = tuple(self.runner.generated_tests())
        return PoolResult(Pool(self.task.root, self.task.root, ()), self.task, self.key, gens, tuple(views))

    def _fails_an_example(self, cid: str) -> bool:
        return any(r.score <= 0 for r in self.store.test_results(self.key, cid, [TestKind.EXAMPLE]))

    def _submit(self, cid: str) -> list[float]:
        for prev, feedback, _ in self.submitted:
            if prev == cid:
                return list(feedback)  # known feedback: no new submission
        if len(self.submitted) >= min(self.config.submissions, self.allowed) or self.clock.expired:
            raise _OutOfSubmissions
        if self.paced and self._fails_an_example(cid):
            raise _OutOfSubmissions  # known to be wrong without a submission; wait for more samples
        hidden = [t for t in self.task.test_names if t not in set(self._local_tests())]
        self.runner.judge_all([cid], hidden, generated=False)
        seconds = self._cpu_s(cid, {TestKind.EXAMPLE, TestKind.OFFICIAL}, set(hidden))
        scores = {r.test: r.score for r in self.store.test_results(self.key, cid, JUDGED)}
        per_subtask = subtask_feedback(self.task, scores)
        at = self.clock.now
        self.clock.charge(seconds, "submissions")
        self.submitted.append((cid, tuple(per_subtask), at))
        self.best = [max(b, s) for b, s in zip(self.best, per_subtask)]
        self.store.add_submissions(self.key, POLICY, [(c, f) for c, f, _ in self.submitted])
        self._emit("submission", candidate=cid, feedback=list(per_subtask), number=len(self.submitted))
        return list(per_subtask)

    def _select(self) -> None:
        from ioi_agent.default_scorer import scorer_for
        from ioi_agent.scoring_model import with_predictions

        weights = Counter(self.samples)
        result = self._observed()
        obs = with_predictions(observation(result, weights), result, scorer_for(self.config.scorer, self.key)[0])
        self.clusters = len(behaviour_clusters(obs))
        pace = submissions_allowed(
            self.config.submissions, self.sampled, self.config.budget,
            sampling_over=self.exhausted or self.sampled >= self.config.budget, time_left_s=self.clock.remaining_s,
            cycle_s=None if self._last_select is None else self.clock.now - self._last_select)
        self._last_select = self.clock.now
        self.allowed, self.pacing, self.paced = pace.allowed, pace.note, pace.paced
        selection = ioi_policy(obs, self._submit, self.config.submissions, seed=self.config.params.seed or 0)
        for d in selection.decisions:
            self.reasons.setdefault(d.candidate, d.reason)

    def _scorer_note(self) -> str:
        from ioi_agent.default_scorer import scorer_for

        _, note = scorer_for(self.config.scorer, self.key)
        return note or self.config.scorer_note or ("learned scorer: on" if self.config.scorer is not None
                                                   else "learned scorer: off")

    def summary(self) -> dict:
        """What results.json says about the task."""
        return {
            "task": self.task.code, "name": self.task.name, "key": self.key, "type": self.task.task_type,
            "unofficial": self.unofficial, "note": "; ".join(n for n in (self.note, "judged on the public examples "
                                                        "only: not the official score" if self.unofficial else "") if n),
            "score": self.score, "max_score": self.task.max_score,
            "subtasks": [{"name": st.name, "points": st.points, "score": b} for st, b in zip(self.task.subtasks, self.best)],
            "samples": self.sampled, "dropped": self.dropped, "candidates": len(set(self.samples)),
            "clusters": self.clusters, "rounds": self.rounds, "submission_limit": self.config.submissions,
            "generated": self.generated_summary(),
            "submissions": [{"number": i + 1, "candidate": c, "time_s": round(t, 3), "feedback": list(f),
                             "reason": self.reasons.get(c, "")} for i, (c, f, t) in enumerate(self.submitted)],
            "pacing": self.pacing, "tie_seed": self.config.params.seed or 0,
            "scorer": self._scorer_note(),
            "state": self.state,
        }

