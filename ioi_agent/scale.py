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
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from ioi_agent.clustering import FAILURES, assignment, outcome
from ioi_agent.oracle import oracle_curve, random_curve
from ioi_agent.pool import GENERATED_PREFIX, task_key
from ioi_agent.runner import run_generated, write_input
from ioi_agent.selection import IOI_LIMIT, CandidateView, Input, Observation, Selection, behaviour_clusters, ioi_policy
from ioi_agent.store import GeneratedTest, RunStore, StoredTest, TestKind, kind_of
from judge.compile import Compiled
from judge.errors import JudgeError
from judge.judging import Judge
from judge.model import Task, TestCase
from judge.sandbox import Sandbox
from judge.scoring import submission_score
from judge.tasktypes import Submission, make_task_type
from judge.verdict import Verdict

SAME_SOURCE = "same-source"  # clusters key: samples that are one program
OBSERVED = "scale-observed"  # done marker per program: examples and generated inputs
JUDGED = "scale-judged"  # done marker per program: every official test too
SKIPPED = Verdict.SKIPPED.value


# -- programs: samples equal up to layout ---------------------------------------------------------

_LITERAL = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')


def layout_key(source: str) -> str:
    """`source` with layout removed: blank runs outside literals collapsed, lines stripped, blank lines
    and CRs dropped. Two sources with the same key compile to the same program (a line break ends a
    preprocessor line or a // comment, so line breaks stay). Sources where whitespace can matter
    more (raw strings, line continuations) are their own key."""
    if 'R"' in source or "\\\n" in source or "\\\r\n" in source:
        return source
    lines = []
    for line in source.replace("\r\n", "\n").split("\n"):
        parts = _LITERAL.split(line)
        literals = _LITERAL.findall(line)
        squeezed = [re.sub(r"[ \t\f\v\r]+", " ", p) for p in parts]
        joined = "".join(s + lit for s, lit in zip(squeezed, [*literals, ""])).strip()
        if joined:
            lines.append(joined)
    return "\n".join(lines)


# -- which run comes next for one program ---------------------------------------------------------


@dataclass(frozen=True)
class Item:
    name: str  # official test name, or GENERATED_PREFIX + input id
    groups: tuple[str, ...]  # screening groups; a group dies at its first failure; () = always run
    forced: bool = False  # run even when its groups are dead (public examples)


class Plan:
    """The runs of one program, examples first: an item starts when it is forced, has no group, or is
    the first unsettled item of a live group of its own; it is moot once every group of it is dead."""

    def __init__(self, items: Sequence[Item]):
        self.items = list(items)
        self.by_name = {it.name: it for it in self.items}
        self.members: dict[str, list[str]] = {}
        for it in self.items:
            for g in it.groups:
                self.members.setdefault(g, []).append(it.name)
        self.dead: set[str] = set()
        self.started: set[str] = set()
        self.settled: set[str] = set()

    def start(self) -> list[str]:
        todo = []
        for it in self.items:
            if it.name in self.started:
                continue
            if it.forced or not it.groups or any(
                g not in self.dead and next(n for n in self.members[g] if n not in self.settled) == it.name
                for g in it.groups
            ):
                todo.append(it.name)
        self.started.update(todo)
        return todo

    def finish(self, name: str, failed: bool) -> list[str]:
        """Settle one result; return the items it made moot (to be recorded as Skipped)."""
        self.started.add(name)
        self.settled.add(name)
        if not failed:
            return []
        self.dead.update(self.by_name[name].groups)
        moot = [it.name for it in self.items if it.name not in self.started and not it.forced
                and it.groups and all(g in self.dead for g in it.groups)]  # fmt: skip
        self.started.update(moot)
        self.settled.update(moot)
        return moot

    def replay(self, recorded: dict[str, tuple[bool, bool]]) -> list[str]:
        """Settle results recorded earlier (name -> (skipped, failed)), in plan order; return the
        items they make moot that were not recorded yet (a run killed between the two writes)."""
        moot: list[str] = []
        for it in self.items:
            if it.name in recorded and not recorded[it.name][0]:
                moot += self.finish(it.name, recorded[it.name][1])
        for it in self.items:
            if it.name in recorded and recorded[it.name][0]:
                self.finish(it.name, False)
        return [n for n in moot if n not in recorded]

    @property
    def complete(self) -> bool:
        return len(self.settled) == len(self.items)


def gen_positions(generated: Sequence[GeneratedTest]) -> dict[str, int]:
    """Each generated input's round: its smallest index among the inputs of one of its subtasks."""
    seen: dict[int, int] = {}
    pos = {}
    for g in generated:
        idx = [seen.get(s, 0) for s in g.subtasks]
        pos[GENERATED_PREFIX + g.id] = min(idx, default=0)
        for s in g.subtasks:
            seen[s] = seen.get(s, 0) + 1
    return pos


def observe_items(task: Task, generated: Sequence[GeneratedTest], rounds: int | None = None) -> list[Item]:
    """Examples first, then generated inputs of rounds < `rounds` (all: None). Every generated input
    waits for the examples, and a failed example stops them all: a program that fails an example
    is not worth observing further. Each subtask's generated inputs stop at the first failure."""
    pos = gen_positions(generated)
    gen_groups = tuple(sorted({f"gen{s}" for g in generated for s in g.subtasks}))
    items = [Item(n, gen_groups, forced=True) for n in task.public_tests]
    items += [Item(GENERATED_PREFIX + g.id, tuple(f"gen{s}" for s in g.subtasks)) for g in generated
              if rounds is None or pos[GENERATED_PREFIX + g.id] < rounds]
    return items


def official_items(task: Task) -> list[Item]:
    """Examples, then every other official test, each subtask stopping at its first zero (its score
    is then 0 whatever the rest give, so screened scores are exact)."""
    public = set(task.public_tests)
    owners = {t.name: tuple(f"st{st.index}" for st in task.subtasks if t.name in st.tests) for t in task.tests}
    return [Item(n, owners[n], forced=True) for n in task.test_names if n in public] + [
        Item(n, owners[n]) for n in task.test_names if n not in public]


def plan_items(task: Task, generated: Sequence[GeneratedTest], official: bool = True) -> list[Item]:
    """Every input a program meets: examples, generated inputs, the other official tests."""
    return observe_items(task, generated) + (official_items(task)[len(task.public_tests):] if official else [])


Failed = Callable[[StoredTest], bool]


def official_failed(result: StoredTest) -> bool:
    """An official test fails on a zero score."""
    return result.score <= 0


def observe_failed(consensus: dict[str, str]) -> Failed:
    """An example fails below full score; a generated input on a crash or a limit, or on an answer
    other than the consensus, where one is known (`consensus`: input -> outcome)."""
    def failed(r: StoredTest) -> bool:
        if r.kind is not TestKind.GENERATED:
            return r.score < 1 - 1e-9
        if r.verdict in FAILURES:
            return True
        agreed = consensus.get(r.name)
        return agreed is not None and outcome(r.verdict, r.score, r.output_hash) != agreed
    return failed


# -- judging --------------------------------------------------------------------------------------


class RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "", style="progress.data.speed")


@dataclass
class _Work:
    rep: str
    source: str
    plan: Plan
    compiled: Compiled | None = None
    running: int = 0
    stored: set[str] = field(default_factory=set)


class ProgramJudge:
    """Runs programs of one task on official tests and generated inputs, one result per call."""

    def __init__(self, task: Task, sandbox: Sandbox, scratch: Path):
        self.task = task
        self.sandbox = sandbox
        self.judge = Judge(task, sandbox, workers=1)
        self.task_type = self.judge.task_type
        self.scratch = scratch
        scratch.mkdir(parents=True, exist_ok=True)
        for program in self.task_type.trusted_programs():  # once, before threads start
            self.task_type.trusted_program(sandbox, program)

    def compile(self, source: str) -> Compiled:
        return self.task_type.compile(self.sandbox, Submission(source=source))

    def input_file(self, test: GeneratedTest) -> Path:
        """The generated input as a file (task types read tests from files), written once, atomically."""
        return write_input(self.scratch, test)

    def run(self, compiled: Compiled, source: str, name: str, generated: dict[str, GeneratedTest]) -> StoredTest:
        kind, test_name = kind_of(name, self.task.public_tests)
        if kind is not TestKind.GENERATED:
            r = self.judge.evaluate_test(compiled, Submission(source=source), self.task.test(name))
            return StoredTest("", name, r.verdict.value, r.score, None, r.cpu_s, r.memory_mib, kind)
        test = generated[test_name]
        case = TestCase(name=name, input=self.input_file(test))
        return run_generated(self.judge, compiled, Submission(source=source), case, test.id).stored()


def _with(r: StoredTest, cid: str, public: Sequence[str] = ()) -> StoredTest:
    """`r` as `cid`'s result, its kind read from its one-string name (`public`: the examples)."""
    kind, test = kind_of(r.name, public)
    return StoredTest(cid, test, r.verdict, r.score, r.output_hash, r.cpu_s, r.memory_mib, kind)


@dataclass(frozen=True)
class JudgeStats:
    programs: int
    compiled_now: int
    runs_now: int
    skipped_now: int
    restored: int  # results found in the store instead of judged


def judge_programs(store: RunStore, key: str, task: Task, programs: dict[str, str], runner: ProgramJudge,
                   workers: int, items: Sequence[Item], failed: Failed, done: str, window: int | None = None,
                   progress: Progress | None = None, on_result: Callable[[StoredTest], None] | None = None,
                   label: str = "programs") -> JudgeStats:  # fmt: skip
    """Judge `programs` (representative id -> source) until each one's plan over `items` is complete,
    resuming from the store (`done`: the marker of a finished program); `on_result` sees every result
    recorded now (after it is stored)."""
    generated = {g.id: g for g in store.generated_tests(key)} if runner.task_type.runs_generated_inputs else {}
    for g in generated.values():
        runner.input_file(g)
    DONE = done
    window = window or 2 * workers
    counts = {"compiled": 0, "runs": 0, "skipped": 0, "restored": 0}
    bar_programs = progress.add_task(label, total=len(programs)) if progress else None
    bar_runs = progress.add_task(f"{label}: runs", total=None) if progress else None

    def record(work: _Work, results: list[StoredTest]) -> None:
        results = [_with(r, work.rep, task.public_tests) for r in results if r.name not in work.stored]
        store.add_test_results(key, results)
        work.stored.update(r.name for r in results)
        if on_result:
            for r in results:
                on_result(r)

    def restore(rep: str) -> _Work:
        work = _Work(rep, programs[rep], Plan(items))
        have = {r.name: r for r in store.test_results(key, rep)}
        work.stored = set(have)
        counts["restored"] += len(have)
        moot = work.plan.replay({n: (r.verdict == SKIPPED, failed(r)) for n, r in have.items()})
        record(work, [StoredTest(rep, n, SKIPPED, 0.0, None, 0.0, 0.0) for n in moot])
        counts["skipped"] += len(moot)  # made moot by results of an earlier pass (a new consensus, or a kill)
        return work

    pending = iter(sorted(programs))
    active: dict[str, _Work] = {}
    jobs: dict[Future, tuple[_Work, str | None]] = {}
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scale-judge")

    def finish(work: _Work) -> None:
        store.mark_done(DONE, f"{key}/{work.rep}")
        active.pop(work.rep, None)
        work.compiled = None  # the executable is released with the program
        if progress:
            progress.advance(bar_programs)

    def dispatch(work: _Work) -> None:
        assert work.compiled is not None
        for name in work.plan.start():
            fut = pool.submit(runner.run, work.compiled, work.source, name, generated)
            jobs[fut] = (work, name)
            work.running += 1
        if work.running == 0 and work.plan.complete:
            finish(work)

    def admit() -> None:
        while len(active) < window:
            rep = next(pending, None)
            if rep is None:
                return
            if store.is_done(DONE, f"{key}/{rep}"):
                if progress:
                    progress.advance(bar_programs)
                continue
            work = restore(rep)
            comp = store.compile_result(key, rep)
            if comp is not None and (not comp.ok or work.plan.complete):
                finish(work)
                continue
            active[rep] = work
            jobs[pool.submit(runner.compile, work.source)] = (work, None)

    try:
        admit()
        while jobs:
            done, _ = wait(jobs, return_when=FIRST_COMPLETED)
            for fut in done:
                work, name = jobs.pop(fut)
                if name is None:
                    compiled: Compiled = fut.result()
                    counts["compiled"] += not compiled.cached  # a cache hit is a compile done before
                    store.add_compile(key, work.rep, compiled.result.ok, compiled.result.message, compiled.result.cpu_s)
                    if not compiled.result.ok:
                        finish(work)  # every test of a program that does not compile is CE: nothing to run
                        continue
                    work.compiled = compiled
                    dispatch(work)
                    continue
                work.running -= 1
                result: StoredTest = fut.result()
                counts["runs"] += 1
                record(work, [result])
                moot = work.plan.finish(name, failed(_with(result, work.rep)))
                record(work, [StoredTest(work.rep, n, SKIPPED, 0.0, None, 0.0, 0.0) for n in moot])
                counts["skipped"] += len(moot)
                if progress:
                    progress.advance(bar_runs)
                if work.rep in active:
                    dispatch(work)
            admit()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return JudgeStats(len(programs), counts["compiled"], counts["runs"], counts["skipped"], counts["restored"])


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
    inputs += [Input(GENERATED_PREFIX + g.id, False, g.subtasks) for g in generated]
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
    observe: JudgeStats  # examples and generated inputs, every program
    feedback: JudgeStats  # official tests of the submitted programs
    evaluate: JudgeStats  # official tests of every other program (for the oracle only)
    selection: Selection
    oracle_at: dict[int, float]
    random_at: dict[int, float]
    oracle: float
    baseline_s: float  # oracle and random for K = 1..budget
    seconds: dict[str, float]  # wall time per step
    pipeline_s: float  # sources to the selection: everything but the evaluation

    @property
    def judge(self) -> JudgeStats:
        """All judging of this run, summed."""
        parts = (self.observe, self.feedback, self.evaluate)
        return JudgeStats(self.programs, *(sum(getattr(p, f) for p in parts)
                                           for f in ("compiled_now", "runs_now", "skipped_now", "restored")))


def run_scale(task: Task, samples: Iterable[tuple[str, str]], store: RunStore, sandbox: Sandbox,
              workers: int | None = None, budget: int = IOI_LIMIT, console: Console | None = None,
              show_progress: bool = True, generators: Path | None = None, evaluate: bool = True,
              on_result: Callable[[StoredTest], None] | None = None) -> ScaleResult:  # fmt: skip
    """Sources to `budget` submissions for one task (module doc). `samples` are (origin, source);
    `generators`: a folder with generators/*.cpp (and validator.cpp) for the generated inputs.
    A submission's feedback is its official per-subtask scores, judged when it is submitted; with
    `evaluate`, every other program's official tests are judged afterwards for the oracle."""
    if make_task_type(task).inputs_visible:
        raise JudgeError(f"{task.code}: {task.task_type} tasks (the contestant holds every input) are not judged "
                         "by the scale pipeline")
    from ioi_agent.testgen import import_pool_generators

    workers = workers or sandbox.workers
    key = task_key(task)
    seconds: dict[str, float] = {}
    t0 = start = time.perf_counter()
    record_samples(store, key, samples)
    if generators is not None:
        import_pool_generators(generators, generators.name, task, store, key, sandbox)
    programs, weights = program_groups(store, key)
    seconds["record"] = time.perf_counter() - t0
    runner = ProgramJudge(task, sandbox, store.path.parent / "inputs" / key)
    columns = (TextColumn("{task.description:>22}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeElapsedColumn())  # fmt: skip
    progress = Progress(*columns, console=console or Console(stderr=True), disable=not show_progress)
    judged: list[JudgeStats] = []

    official = official_items(task)

    def submit(rep: str) -> list[float]:
        judged.append(judge_programs(store, key, task, {rep: programs[rep]}, runner, workers, official,
                                     official_failed, JUDGED, on_result=on_result))
        return list(official_scores(store, key, task, rep))

    generated = store.generated_tests(key)
    positions = gen_positions(generated)
    rounds = max(positions.values(), default=-1) + 1
    consensus: dict[str, str] = {}
    observed: list[JudgeStats] = []
    with progress:
        t0 = time.perf_counter()
        for i in range(1, rounds + 1) if rounds else [0]:  # round i: the i-th input of each subtask
            observed.append(judge_programs(
                store, key, task, programs, runner, workers, observe_items(task, generated, i),
                observe_failed(consensus), f"{OBSERVED}@{i}", progress=progress, on_result=on_result,
                label=f"observe {i}/{rounds}" if rounds else "examples"))  # fmt: skip
            consensus.update(round_consensus(store, key, task, [n for n, p in positions.items() if p == i - 1]))
        observe = JudgeStats(len(programs), *(sum(getattr(p, f) for p in observed)
                                              for f in ("compiled_now", "runs_now", "skipped_now", "restored")))
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
        evaluation = JudgeStats(len(programs), 0, 0, 0, 0)
        if evaluate:
            evaluation = judge_programs(store, key, task, programs, runner, workers, official, official_failed,
                                        JUDGED, progress=progress, on_result=on_result, label="oracle: official")
        seconds["evaluate"] = time.perf_counter() - t0
    feedback = JudgeStats(len(judged), *(sum(getattr(p, f) for p in judged)
                                         for f in ("compiled_now", "runs_now", "skipped_now", "restored")))
    t0 = time.perf_counter()
    reps = sorted(programs)
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
