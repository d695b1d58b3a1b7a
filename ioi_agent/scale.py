"""The pipeline at thousands of candidates of one task: sources in, 50 submissions out.

Steps, each recorded in the run store as it happens (the store is the source of truth; a run killed
at any moment, SIGKILL included, and started again judges nothing that was recorded and loses
nothing):

1. record every sample (`RunStore.add_candidates`, one transaction);
2. group samples whose sources differ only in layout (`layout_key`): one *program* per group,
   compiled once (in parallel, through the compile cache and its PCH), the group recorded as
   clusters under `SAME_SOURCE`;
3. observe each program, examples first, in rounds: round i runs the i-th generated input of every
   subtask still alive for it; a subtask stops at a crash, a limit, or an answer other than the
   consensus of the programs passing every example (known once the round before has ended); a
   failed example stops every subtask. A test made moot is recorded as Skipped. At most `window`
   programs are in flight, so memory does not grow with the pool;
4. behaviour clustering and the IOI selection policy choosing up to `budget` submissions; a
   submission's feedback is its official per-subtask scores, judged when it is submitted (each
   subtask stopping at its first zero: the score is then known to be 0, so it stays exact);
5. with `evaluate`, every other program's official tests, the same way, for the exact oracle and
   random baselines (`ioi_agent.oracle`): evaluation, not part of the path to the selection.

Only what selection needs is held in Python at the end: one small record per program.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


from ioi_agent.clustering import FAILURES, assignment, outcome
from ioi_agent.oracle import oracle_curve, random_curve
from ioi_agent.runner import CandidateRunner, RunResult, TestKind, task_key
from ioi_agent.screening import (  # noqa: F401 (Item, Plan, plan_items: re-exported)
    SKIPPED,
    Failed,
    Item,
    Plan,
    ScreenStats,
    gen_name,
    gen_positions,
    observe_failed,
    observe_items,
    official_failed,
    official_items,
    plan_items,
)
from ioi_agent.selection import IOI_LIMIT, CandidateView, Input, Observation, Selection, behaviour_clusters, ioi_policy
from ioi_agent.store import RunStore
from judge.errors import JudgeError
from judge.model import Task
from judge.sandbox import Sandbox
from judge.scoring import submission_score
from judge.tasktypes import make_task_type

SAME_SOURCE = "same-source"  # clusters key: samples that are one program
OBSERVED = "scale-observed"  # done marker per program: examples and generated inputs
JUDGED = "scale-judged"  # done marker per program: every official test too
JudgeStats = ScreenStats  # what one pass of judging did


# -- programs: samples equal up to layout ---------------------------------------------------------

# One lexer step: a string or character literal, a comment, or a run of other characters (a lone
# quote or "/*" that opens nothing is a source that does not compile: such sources keep their text).
_LEX = re.compile(r'(?P<lit>"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')|(?P<com>//[^\n]*|/\*.*?\*/)'
                  r"|(?P<code>[^\"'/]+|/)|(?P<bad>.)", re.S)
_DIGIT_SEPARATOR = re.compile(r"[0-9A-Fa-f]'[0-9A-Fa-f]")  # 1'000: a quote that opens no literal


def layout_key(source: str) -> str:
    """`source` less what the compiler ignores: each comment replaced by one blank (as the
    preprocessor does), blank runs outside literals collapsed, lines stripped, blank lines and CRs
    dropped. Two sources with the same key compile to programs that behave alike (a line break ends
    a preprocessor line, so line breaks stay). Sources where layout can matter more, or whose
    literals a simple lexer might misread, are their own key: raw strings, line continuations,
    the current line (`__LINE__`, `source_location`), digit separators, an unterminated literal or comment."""
    if ('R"' in source or "\\\n" in source or "\\\r\n" in source or _DIGIT_SEPARATOR.search(source)
            or any(word in source for word in ("__LINE__", "__builtin_LINE", "source_location"))):  # fmt: skip
        return source
    out: list[str] = []
    code: list[str] = []  # code since the last literal, blanks not yet collapsed

    def flush() -> None:
        out.append(re.sub(r"[ \t\f\v\r]+", " ", "".join(code)))
        code.clear()

    for m in _LEX.finditer(source.replace("\r\n", "\n")):
        kind = m.lastgroup
        if kind == "bad":
            return source
        if kind == "lit":
            flush()
            out.append(m.group())
        else:  # a comment is one blank; newlines inside a block comment only move __LINE__
            code.append(" " if kind == "com" else m.group())
    flush()
    lines = (line.strip() for line in "".join(out).split("\n"))  # literals hold no raw newline
    return "\n".join(line for line in lines if line)


# -- progress -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleProgress:
    """A progress event of `run_scale`: bar `bar` opens (`advance` 0; `total` its size, None when
    open-ended) or moves on by `advance`. Each screening pass has two bars: its programs, and
    `<bar>: runs`. The CLI draws them; the pipeline never prints."""

    bar: str
    total: int | None = None
    advance: int = 0


ProgressCallback = Callable[[ScaleProgress], None]


def screen(runner: CandidateRunner, programs: Sequence[str], items: Sequence[Item], failed: Failed, done: str,
           on_progress: ProgressCallback | None = None, label: str = "programs",
           on_result: Callable[[RunResult], None] | None = None) -> ScreenStats:  # fmt: skip
    """`runner.screen` reporting progress (programs done, and runs)."""
    if on_progress is None:
        return runner.screen(programs, items, failed, done, on_result=on_result)
    runs = f"{label}: runs"
    on_progress(ScaleProgress(label, len(programs)))
    on_progress(ScaleProgress(runs, None))
    return runner.screen(programs, items, failed, done, on_result=on_result,
                         on_candidate=lambda: on_progress(ScaleProgress(label, advance=1)),
                         on_run=lambda: on_progress(ScaleProgress(runs, advance=1)))


def failure_order(store: RunStore, key: str, task: Task) -> Callable[[str], float]:
    """Rank of an official test for screening: the more programs it gave zero so far, the earlier
    (the first failure of a subtask ends it, so a wrong program dies after fewer runs)."""
    zeros: dict[str, int] = {}
    for r in store.test_results(key):
        if r.judged and r.verdict != SKIPPED and r.score <= 0:
            zeros[r.test] = zeros.get(r.test, 0) + 1
    return lambda name: -zeros.get(name, 0)


# -- the whole pipeline ---------------------------------------------------------------------------


def record_samples(store: RunStore, key: str, samples: Iterable[tuple[str, str]]) -> None:
    """Record (origin, source) samples; a resumed run re-records nothing new."""
    store.add_candidates(key, [(source, origin) for origin, source in samples])


def program_groups(store: RunStore, key: str) -> tuple[dict[str, str], dict[str, int]]:
    """(representative id -> source, representative id -> samples it stands for), and the grouping
    recorded in the store. The representative is the smallest id of the group."""
    sources = store.candidates(key)
    weights = {cid: len(o) for cid, o in store.origins(key).items()}
    groups: dict[str, list[str]] = {}
    for cid in sorted(sources):
        groups.setdefault(layout_key(sources[cid]), []).append(cid)
    reps = {members[0]: members for members in groups.values()}
    store.add_clusters(key, SAME_SOURCE, {cid: i for i, rep in enumerate(sorted(reps)) for cid in reps[rep]})
    programs = {rep: sources[rep] for rep in reps}
    return programs, {rep: sum(weights.get(c, 1) for c in members) for rep, members in reps.items()}


def round_consensus(store: RunStore, key: str, task: Task, names: Iterable[str]) -> dict[str, str]:
    """For each generated input in `names`, the plurality outcome (ties: the smallest) among the
    programs that compile and pass every example, failures left out; inputs nobody answered have none."""
    names = set(names)
    by_program: dict[str, list[StoredTest]] = {}
    for r in store.test_results(key):
        if r.name in names or r.kind is TestKind.EXAMPLE:
            by_program.setdefault(r.candidate, []).append(r)
    votes: dict[str, dict[str, int]] = {}
    for rows in by_program.values():
        public = {r.test: r.score for r in rows if r.kind is TestKind.EXAMPLE}
        if len(public) < len(task.public_tests) or min(public.values(), default=1.0) < 1 - 1e-9:
            continue
        for r in rows:
            if r.name in names and r.verdict not in FAILURES:
                tally = votes.setdefault(r.name, {})
                o = outcome(r.verdict, r.score, r.output_hash)
                tally[o] = tally.get(o, 0) + 1
    return {n: min(t, key=lambda o: (-t[o], o)) for n, t in votes.items()}


def observation(store: RunStore, key: str, task: Task, weights: dict[str, int]) -> Observation:
    """What a contestant sees of each program: compile status, examples, generated inputs. Read
    from the store program by program."""
    generated = store.generated_tests(key)
    inputs = [Input(n, True, tuple(st.index for st in task.subtasks if n in st.tests)) for n in task.public_tests]
    inputs += [Input(gen_name(g), False, g.subtasks) for g in generated]
    views = []
    for rep in sorted(weights):
        comp = store.compile_result(key, rep)
        if comp is None:
            raise JudgeError(f"program {rep} has no compile result: judge it first")
        results = {r.name: r for r in store.test_results(key, rep)}
        if not comp.ok:
            outcomes, public = ["CE"] * len(inputs), [0.0] * len(task.public_tests)
        else:
            missing = [i.key for i in inputs if i.key not in results]
            if missing:
                raise JudgeError(f"program {rep} is not fully observed ({missing[0]} missing)")
            outcomes = [outcome(results[i.key].verdict, results[i.key].score, results[i.key].output_hash)
                        for i in inputs]
            public = [results[n].score for n in task.public_tests]
        seen = [results[i.key].cpu_s for i in inputs if i.key in results and results[i.key].verdict != SKIPPED]
        views.append(CandidateView(id=rep, compiled=comp.ok, outcomes=tuple(outcomes), public_scores=tuple(public),
                                   code_size=0, max_cpu_s=max(seen, default=0.0), weight=weights[rep]))
    return Observation(tuple(st.points for st in task.subtasks), tuple(inputs), tuple(views), task.score_precision)


def official_scores(store: RunStore, key: str, task: Task, rep: str) -> tuple[float, ...]:
    """A judged program's per-subtask official scores (a screened test counts 0, as its subtask does)."""
    comp = store.compile_result(key, rep)
    if comp is None or not comp.ok:
        return (0.0,) * len(task.subtasks)
    scores = {r.test: r.score for r in store.test_results(key, rep) if r.judged}
    missing = [n for n in task.test_names if n not in scores]
    if missing:
        raise JudgeError(f"program {rep} is not fully judged ({missing[0]} missing)")
    return tuple(submission_score(task, scores)[1])


@dataclass(frozen=True)
class ScaleResult:
    task: str
    samples: int
    programs: int
    compiled: int  # programs that compile
    clusters: int
    generated: int
    observe: ScreenStats  # examples and generated inputs, every program
    feedback: ScreenStats  # official tests of the submitted programs
    evaluate: ScreenStats  # official tests of every other program (for the oracle only)
    selection: Selection
    oracle_at: dict[int, float]
    random_at: dict[int, float]
    oracle: float
    baseline_s: float  # oracle and random for K = 1..budget
    seconds: dict[str, float]  # wall time per step
    pipeline_s: float  # sources to the selection: everything but the evaluation

    @property
    def judge(self) -> ScreenStats:
        """All judging of this run, summed."""
        return ScreenStats.total((self.observe, self.feedback, self.evaluate), self.programs)


def run_scale(task: Task, samples: Iterable[tuple[str, str]], store: RunStore, sandbox: Sandbox,
              workers: int | None = None, budget: int = IOI_LIMIT, on_progress: ProgressCallback | None = None,
              generators: Path | None = None, evaluate: bool = True,
              on_result: Callable[[RunResult], None] | None = None) -> ScaleResult:  # fmt: skip
    """Sources to `budget` submissions for one task (module doc). `samples` are (origin, source);
    `generators`: a folder with generators/*.cpp (and validator.cpp) for the generated inputs.
    A submission's feedback is its official per-subtask scores, judged when it is submitted; with
    `evaluate`, every other program's official tests are judged afterwards for the oracle."""
    if make_task_type(task).inputs_visible:
        raise JudgeError(f"{task.code}: {task.task_type} tasks (the contestant holds every input) are not judged "
                         "by the scale pipeline")
    from ioi_agent.testgen import import_pool_generators

    key = task_key(task)
    seconds: dict[str, float] = {}
    t0 = start = time.perf_counter()
    record_samples(store, key, samples)
    if generators is not None:
        import_pool_generators(generators, generators.name, task, store, key, sandbox)
    programs, weights = program_groups(store, key)
    reps = sorted(programs)
    seconds["record"] = time.perf_counter() - t0
    runner = CandidateRunner(task, store, key, sandbox=sandbox, workers=workers)
    judged: list[ScreenStats] = []

    def submit(rep: str) -> list[float]:
        judged.append(runner.screen([rep], official_items(task, failure_order(store, key, task)), official_failed,
                                    JUDGED, on_result=on_result))
        return list(official_scores(store, key, task, rep))

    generated = store.generated_tests(key)
    positions = gen_positions(generated)
    rounds = max(positions.values(), default=-1) + 1
    consensus: dict[str, str] = {}
    observed: list[ScreenStats] = []
    t0 = time.perf_counter()
    for i in range(1, rounds + 1) if rounds else [0]:  # round i: the i-th input of each subtask
        observed.append(screen(runner, reps, observe_items(task, generated, i), observe_failed(consensus),
                               f"{OBSERVED}@{i}", on_progress, f"observe {i}/{rounds}" if rounds else "examples",
                               on_result))  # fmt: skip
        consensus.update(round_consensus(store, key, task, [n for n, p in positions.items() if p == i - 1]))
    observe = ScreenStats.total(observed, len(programs))
    seconds["observe"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    obs = observation(store, key, task, weights)
    clusters = behaviour_clusters(obs)
    store.add_clusters(key, "observable", assignment(clusters))
    selection = ioi_policy(obs, submit, budget)
    store.add_submissions(key, f"scale-ioi@{budget}", [(d.candidate, d.feedback) for d in selection.decisions])
    seconds["select"] = time.perf_counter() - t0
    pipeline_s = time.perf_counter() - start
    t0 = time.perf_counter()
    evaluation = ScreenStats(len(programs), 0, 0, 0, 0)
    if evaluate:  # a first share in the package's order, the rest with the tests that fail most first
        first = reps[: max(1, len(reps) // 10)]
        parts = [screen(runner, first, official_items(task, failure_order(store, key, task)), official_failed,
                        JUDGED, on_progress, "oracle: official", on_result)]  # fmt: skip
        parts.append(screen(runner, reps[len(first):], official_items(task, failure_order(store, key, task)),
                            official_failed, JUDGED, on_progress, "oracle: official", on_result))  # fmt: skip
        evaluation = ScreenStats.total(parts, len(programs))
    seconds["evaluate"] = time.perf_counter() - t0
    feedback = ScreenStats.total(judged, len(judged))
    t0 = time.perf_counter()
    hidden = {r: official_scores(store, key, task, r) for r in reps} if evaluate else {}
    vectors, w = [hidden[r] for r in hidden], [weights[r] for r in hidden]
    budgets = range(1, budget + 1)
    oracle_at = oracle_curve(obs.subtask_points, vectors, [*budgets, None], task.score_precision)
    random_at = random_curve(vectors, budgets, w)
    baseline_s = time.perf_counter() - t0
    seconds["baselines"] = baseline_s
    oracle = oracle_at.pop(None)
    return ScaleResult(task=task.code, samples=sum(weights.values()), programs=len(reps),
                       compiled=sum(1 for v in obs.candidates if v.compiled), clusters=len(clusters),
                       generated=sum(1 for i in obs.inputs if not i.public), observe=observe, feedback=feedback,
                       evaluate=evaluation, selection=selection, oracle_at=oracle_at, random_at=random_at,
                       oracle=oracle, baseline_s=baseline_s, seconds=seconds, pipeline_s=pipeline_s)  # fmt: skip
