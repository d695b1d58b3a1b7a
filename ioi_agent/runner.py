"""The candidate runner: the one way the agent runs candidate programs, built on `judge.batch`.

A candidate is a C++ source the agent holds in the RunStore under its content id. `CandidateRunner`
runs candidates of one task and records every result in the store as it arrives:

* official tests of the package (kind `EXAMPLE` for the public examples, `OFFICIAL` for the rest),
  judged with official scoring exactly as `Judge.judge` judges them;
* generated inputs from the store (kind `GENERATED`): no expected output exists, so what is
  recorded is the behaviour a contestant observes: how the run failed, the hash of what it printed,
  or (types whose output is not observable, e.g. Communication) the trusted manager's verdict;
* where the contestant holds every input (OutputOnly), a candidate is a program that writes the
  outputs: its run on each input is recorded too (kind `RUN`, what the contestant sees), then the
  output it printed is judged.

Use:

    runner = CandidateRunner(task, store, sandbox=make_sandbox("auto"))
    for r in runner.run(candidate_ids, tests=task.public_tests, on_progress=print):
        ...  # RunResult, already in the store

Guarantees:
* one pool of `sandbox.workers` threads for every compile and run (`BatchJudge`); identical
  programs compile and run once;
* resumable: only results missing from the store are computed, so a run killed anywhere and
  started again does the rest; results are written by the calling thread as they stream out;
* bounded memory: candidates go to the batch judge `chunk` at a time, and only the inputs of the
  generated tests (never their results) are held;
* screening (`screen`): one program's runs follow a plan that stops each subtask at its first
  failure, examples first, moot runs recorded as Skipped, a bounded window of programs in flight
  (`ioi_agent.screening` has the plans; the scale pipeline is built on it);
* no shared temporary files: generated inputs are written into the run's scratch folder by the
  calling thread, each through a temporary file of its own, before any worker starts.

The store records each result's `TestKind` in a column of its own. Where one string must name a
result (a batch judge's case, a selection input), `store_name` / `kind_of` (from `ioi_agent.store`)
map between the string and (kind, test).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judge.batch import BatchJudge, _program_key
from judge.compile import Compiled
from judge.errors import JudgeError
from judge.judging import Judge
from judge.model import Task, TestCase
from judge.outputs import ProgramOutput, token_digest
from judge.sandbox import Sandbox, make_sandbox
from judge.tasktypes import Submission
from judge.verdict import CompileResult, TestResult, Verdict

from ioi_agent.store import (  # noqa: F401 (the store's kinds and names, re-exported: the runner's public API)
    GENERATED_PREFIX,
    JUDGED,
    RUN_PREFIX,
    GeneratedTest,
    RunStore,
    StoredTest,
    TestKind,
    content_id,
    kind_of,
    store_name,
)

if TYPE_CHECKING:
    from ioi_agent.screening import Item, ScreenStats

RAN = "Ran"  # the verdict of a run on an input without an expected output that finished normally
DEFAULT_CHUNK = 32  # candidates per batch: bounds the executables held at once


def task_key(task: Task) -> str:
    """The task's name in the store: its code and a digest of everything that decides a verdict,
    so results of an edited task are never mixed with the old ones."""
    h = hashlib.sha256()
    meta = task.model_dump(mode="json", include={"code", "task_type", "task_type_params", "limits", "subtasks",
                                                  "public_tests", "score_precision"})
    h.update(json.dumps(meta, sort_keys=True).encode())
    files = [t.input for t in task.tests] + [t.output for t in task.tests if t.output] + list(task.graders.values())
    files += [task.checker] if task.checker else []
    for f in files:
        h.update(f.name.encode() + b"\0" + (f.read_bytes() if f.exists() else b""))
    return f"{task.code}-{h.hexdigest()[:8]}"


def output_hash(output: bytes | ProgramOutput) -> str:
    """Digest of an output up to whitespace, the way token checkers compare (an output file is
    read in chunks, never whole)."""
    if isinstance(output, bytes):
        return content_id(b" ".join(output.split()))
    with output.open() as f:
        return token_digest(f)[:16]  # content_id's length


@dataclass(frozen=True)
class RunResult:
    """One candidate on one input."""

    candidate: str
    kind: TestKind
    test: str  # test name (EXAMPLE, OFFICIAL, RUN) or generated input id (GENERATED)
    verdict: str  # a Verdict's value, or RAN: finished, behaviour in `output_hash`
    score: float  # judged kinds: the test's score; GENERATED without observable output: the manager's
    output_hash: str | None
    cpu_s: float
    memory_mib: float
    message: str = ""

    @property
    def store_name(self) -> str:
        return store_name(self.kind, self.test)

    def stored(self) -> StoredTest:
        return StoredTest(self.candidate, self.test, self.verdict, self.score, self.output_hash, self.cpu_s,
                          self.memory_mib, self.kind)

    @classmethod
    def from_stored(cls, r: StoredTest) -> RunResult:
        return cls(r.candidate, r.kind, r.test, r.verdict, r.score, r.output_hash, r.cpu_s, r.memory_mib)


@dataclass(frozen=True)
class Progress:
    """A progress event: `done` of `total` results of this call are in the store."""

    done: int
    total: int
    result: RunResult | None = None  # the result just recorded (None: the opening event)


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class _Outcome:
    """What one job produced: the results for every member of its program (candidate left blank)."""

    name: str  # the case's name, as the batch judge schedules it
    score: float
    results: tuple[RunResult, ...]


def write_input(folder: Path, test: GeneratedTest) -> Path:
    """The generated input as a file `folder/<id>.in` (written once, atomically, through a temporary
    file of its own: concurrent writers of the same input cannot collide)."""
    path = folder / f"{test.id}.in"
    if not path.is_file() or path.stat().st_size != len(test.input):
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{test.id}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(test.input)
        os.replace(tmp, path)
    return path


def run_generated(judge: Judge, compiled: Compiled, submission: Submission, case: TestCase, gid: str) -> RunResult:
    """A compiled candidate's behaviour on a generated input (`case`, named as the store names it):
    the trusted program's verdict where the output is not observable, else how the run failed or
    the hash of what it printed. Candidate left blank."""
    task_type, sandbox = judge.task_type, judge.sandbox
    if not task_type.output_observable:
        r = judge.evaluate_test(compiled, submission, case)
        return RunResult("", TestKind.GENERATED, gid, r.verdict.value, r.score, None, r.cpu_s, r.memory_mib)
    if (mle := task_type.check_static_memory(compiled, case)) is not None:
        return RunResult("", TestKind.GENERATED, gid, mle.verdict.value, 0.0, None, 0.0, 0.0, mle.message)
    try:
        run = task_type.run_program(sandbox, compiled.executable or b"", case.input)
    except JudgeError as e:
        return RunResult("", TestKind.GENERATED, gid, Verdict.JUDGE_ERROR.value, 0.0, None, 0.0, 0.0, str(e)[:500])
    cpu, mib = round(run.stats.cpu_s, 3), round(run.stats.memory_bytes / 2**20, 2)
    if run.failure:
        return RunResult("", TestKind.GENERATED, gid, run.failure[0].value, 0.0, None, cpu, mib, run.failure[1])
    return RunResult("", TestKind.GENERATED, gid, RAN, 0.0, output_hash(run.stdout), cpu, mib)


def _result(kind: TestKind, test: str, r: TestResult) -> RunResult:
    return RunResult("", kind, test, r.verdict.value, r.score, None, r.cpu_s, r.memory_mib, r.message)


class CaseJobs(BatchJudge):
    """The batch judge with the agent's jobs: candidates compile as their task type says, and each
    case is an official test or a generated input (see the module docstring). Built from the task
    alone, so a Ray node runs the very same jobs (`JudgeJob.batch`)."""

    def __init__(self, task: Task, sandbox: Sandbox | None = None, workers: int | None = None,
                 progress: bool | None = False, judge: Judge | None = None):
        super().__init__(task, sandbox, workers, progress=False, judge=judge)
        self._public = set(task.public_tests)

    def compile_submission(self, submission: Submission) -> Compiled:
        return self.judge.task_type.compile_candidate(self.sandbox, submission.source or "")

    def evaluate_case(self, compiled: Compiled, submission: Submission, case: TestCase) -> _Outcome:
        kind, test = kind_of(case.name, self._public)
        task_type = self.judge.task_type
        if kind is TestKind.GENERATED:
            return _Outcome(case.name, 0.0, (run_generated(self.judge, compiled, submission, case, test),))
        if not task_type.inputs_visible:
            r = self.judge.evaluate_test(compiled, submission, case)
            return _Outcome(case.name, r.score, (_result(kind, test, r),))
        # The contestant runs the program on the input it holds, then hands in what it printed.
        try:
            run = task_type.run_program(self.sandbox, compiled.executable or b"", case.input)
        except JudgeError as e:
            r = TestResult(name=test, verdict=Verdict.JUDGE_ERROR, score=0.0, message=str(e)[:500])
            return _Outcome(case.name, 0.0, (_result(kind, test, r),))
        cpu, mib = round(run.stats.cpu_s, 3), round(run.stats.memory_bytes / 2**20, 2)
        if run.failure:
            seen = RunResult("", TestKind.RUN, test, run.failure[0].value, 0.0, None, cpu, mib, run.failure[1])
            official = RunResult("", kind, test, run.failure[0].value, 0.0, None, cpu, mib, run.failure[1])
            return _Outcome(case.name, 0.0, (seen, official))
        seen = RunResult("", TestKind.RUN, test, RAN, 0.0, output_hash(run.stdout), cpu, mib)
        r = self.judge.evaluate_test(compiled, Submission(outputs={test: run.output}), case)
        return _Outcome(case.name, r.score, (seen, _result(kind, test, r)))

    @staticmethod
    def rows(cid: str, payload: _Outcome | TestResult, public: Iterable[str]) -> list[RunResult]:
        """A job's result as the candidate's RunResults (the scheduled one last): an `_Outcome`, or
        the batch judge's own verdict (CE: did not compile)."""
        if isinstance(payload, _Outcome):
            return [RunResult(cid, r.kind, r.test, r.verdict, r.score, r.output_hash, r.cpu_s, r.memory_mib,
                              r.message) for r in payload.results]
        kind, test = kind_of(payload.name, public)
        return [RunResult(cid, kind, test, payload.verdict.value, payload.score, None, payload.cpu_s,
                          payload.memory_mib, payload.message)]


class CandidateRunner:
    """Runs one task's candidates on its tests and generated inputs, recording into a RunStore."""

    def __init__(self, task: Task, store: RunStore, key: str | None = None, sandbox: Sandbox | None = None,
                 workers: int | None = None, chunk: int = DEFAULT_CHUNK, remote=None):
        """`key`: the task's name in the store (default `task_key(task)`); `sandbox`: where programs
        run (default: the judge's default backend); `workers`: jobs at once (default: the sandbox's);
        `remote`: a `judge.distributed.RayJudge` that runs everything on a cluster instead (official
        tests, generated inputs shipped by content hash, output-writing programs), through the same
        `CaseJobs` as here: the store receives the same rows."""
        self.task = task
        self.store = store
        self.key = key or task_key(task)
        self.sandbox = sandbox or make_sandbox()
        self.judge = Judge(task, self.sandbox, workers)
        self.workers = self.judge.workers
        self.task_type = self.judge.task_type
        self.chunk = max(1, chunk)
        self.scratch = store.path.parent / "inputs" / self.key
        self._public = set(task.public_tests)
        self._official = set(task.test_names)
        self._trusted_ready = False
        self.remote = remote
        store.mark_examples(self.key, task.public_tests)  # a store written before kinds: finish its migration

    # -- what there is to run -------------------------------------------------------------------

    def case_kind(self, name: str) -> tuple[TestKind, str]:
        return kind_of(name, self._public)

    def generated_tests(self) -> list[GeneratedTest]:
        """The store's generated tests this task type can run (none where the contestant has every input)."""
        return self.store.generated_tests(self.key) if self.task_type.runs_generated_inputs else []

    def local_tests(self) -> list[str]:
        """Official tests a contestant can judge alone: every test when it holds every input (it sees
        what its program prints), else the public examples."""
        return list(self.task.test_names) if self.task_type.inputs_visible else list(self.task.public_tests)

    def missing(self, candidates: Iterable[str], tests: Iterable[str] | None = None,
                generated: bool = True) -> dict[str, list[str]]:
        """Per candidate, the store names of the results `run` would compute (empty list: only the
        compile record is missing); candidates with nothing missing are left out."""
        names = list(self.task.test_names) if tests is None else [t for t in tests if t in self._official]
        if generated:
            names += [store_name(TestKind.GENERATED, g.id) for g in self.generated_tests()]
        out: dict[str, list[str]] = {}
        for cid in dict.fromkeys(candidates):
            have = self.store.judged_tests(self.key, cid)
            todo = [n for n in names if self.case_kind(n) not in have]
            if todo or self.store.compile_result(self.key, cid) is None:
                out[cid] = todo
        return out

    # -- running --------------------------------------------------------------------------------

    def run(self, candidates: Iterable[str], tests: Iterable[str] | None = None, generated: bool = True,
            on_progress: ProgressCallback | None = None) -> Iterator[RunResult]:
        """Run `candidates` (ids of sources in the store) on the official `tests` (default: every
        test) and, with `generated`, on every generated test in the store; yield each new result
        once it is recorded (an OutputOnly test yields the RUN, then the judged result). Results
        already in the store are not recomputed; progress counts scheduled results (`missing`).
        A candidate that does not compile gets CE on every input."""
        work = self.missing(candidates, tests, generated)
        total = sum(len(v) for v in work.values())
        done = 0
        if on_progress:
            on_progress(Progress(0, total))
        if not work:
            return
        sources = self.store.candidates(self.key)
        unknown = [cid for cid in work if cid not in sources]
        if unknown:
            raise KeyError(f"{self.key}: candidates not in the store: {', '.join(unknown[:5])}")
        if self.remote is None:
            self._prepare()
        cases = self._cases(work)
        groups: dict[tuple[str, ...], list[str]] = {}
        for cid, todo in work.items():
            groups.setdefault(tuple(todo), []).append(cid)
        for todo, cids in groups.items():
            for i in range(0, len(cids), self.chunk):
                part = cids[i:i + self.chunk]
                if self.remote is not None:
                    batches = self._remote(part, sources, [cases[n] for n in todo])
                else:
                    batches = self._batch({c: Submission(source=sources[c]) for c in part}, [cases[n] for n in todo])
                for rows in batches:
                    done += 1
                    if on_progress:
                        on_progress(Progress(done, total, rows[-1]))
                    yield from rows

    def judge_all(self, candidates: Iterable[str], tests: Iterable[str] | None = None, generated: bool = True,
                  on_progress: ProgressCallback | None = None) -> int:
        """`run` to the end; returns how many results were recorded (RUN results included)."""
        return sum(1 for _ in self.run(candidates, tests, generated, on_progress))

    def screen(self, candidates: Iterable[str], items: Sequence[Item], failed: Callable[[RunResult], bool],
               done: str, window: int | None = None, on_result: Callable[[RunResult], None] | None = None,
               on_candidate: Callable[[], None] | None = None, on_run: Callable[[], None] | None = None,
               ) -> ScreenStats:  # fmt: skip
        """Run each of `candidates` (ids of sources in the store, one per distinct program) through a
        screening `Plan` over `items` (`ioi_agent.screening`): examples first, each group stopping at
        the first result `failed` says fails, moot runs recorded as Skipped. At most `window`
        candidates (default twice the workers) are in flight, compiled and then released, so memory
        does not grow with the pool. Resumable: `done` names the store's marker of a finished
        candidate, and a candidate's recorded results are replayed into its plan, so nothing is run
        twice. `on_result` sees every result recorded now (after it is stored); `on_candidate` and
        `on_run` tick progress. Candidates that do not compile get no test results (their compile
        record says CE). Candidates whose executables are byte-identical (as `judge.batch` shares
        them) run once in a pass: the others receive copies of its results. Local jobs only (the
        remote judge has no screening)."""
        from ioi_agent.screening import SKIPPED, Plan, ScreenStats

        if self.task_type.inputs_visible:
            raise JudgeError(f"{self.task.code}: {self.task.task_type} programs are judged whole, not screened")
        candidates = list(dict.fromkeys(candidates))
        window = window or 2 * self.workers
        counts = {"compiled": 0, "runs": 0, "skipped": 0, "restored": 0, "shared": 0, "compile_s": 0.0, "run_s": 0.0}
        if not candidates:
            return ScreenStats(0, 0, 0, 0, 0)
        sources = self.store.candidates(self.key)
        unknown = [cid for cid in candidates if cid not in sources]
        if unknown:
            raise KeyError(f"{self.key}: candidates not in the store: {', '.join(unknown[:5])}")
        self._prepare()
        names = [it.name for it in items]
        cases = self._cases({"": names})
        jobs = CaseJobs(self.task, self.sandbox, self.workers, judge=self.judge)

        def compile_job(source: str) -> tuple[Compiled, float]:
            t = time.perf_counter()
            return jobs.compile_submission(Submission(source=source)), time.perf_counter() - t

        def run_job(compiled: Compiled, source: str, name: str) -> tuple[_Outcome, float]:
            t = time.perf_counter()
            return jobs.evaluate_case(compiled, Submission(source=source), cases[name]), time.perf_counter() - t

        @dataclass
        class Work:
            cid: str
            plan: Plan
            stored: set[str]
            compiled: Compiled | None = None
            running: int = 0
            finished: bool = False

        def record(work: Work, rows: list[RunResult]) -> None:
            rows = [r for r in rows if r.store_name not in work.stored]
            self.store.add_test_results(self.key, [r.stored() for r in rows])
            work.stored.update(r.store_name for r in rows)
            if on_result:
                for r in rows:
                    on_result(r)

        def skipped(cid: str, moot: Iterable[str]) -> list[RunResult]:
            return [RunResult(cid, *self.case_kind(n), SKIPPED, 0.0, None, 0.0, 0.0) for n in moot]

        def restore(cid: str) -> Work:
            have = {r.name: RunResult.from_stored(r) for r in self.store.test_results(self.key, cid)}
            work = Work(cid, Plan(items), set(have))
            counts["restored"] += len(have)
            moot = work.plan.replay({n: (r.verdict == SKIPPED, failed(r)) for n, r in have.items()})
            record(work, skipped(cid, moot))  # made moot by an earlier pass's results (a new rule, or a kill)
            counts["skipped"] += len(moot)
            return work

        pending = iter(candidates)
        same_program: dict[str, Work] = {}  # executable's key -> the candidate of this pass that runs it
        followers: dict[str, list[Work]] = {}  # candidate -> candidates waiting for its results
        wanted = set(names)
        active: dict[str, Work] = {}
        futures: dict[Future, tuple[Work, str | None]] = {}
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="screen")

        def finish(work: Work) -> None:
            self.store.mark_done(done, f"{self.key}/{work.cid}")
            work.finished = True
            active.pop(work.cid, None)
            work.compiled = None  # the executable is released with the candidate
            if on_candidate:
                on_candidate()
            for other in followers.pop(work.cid, []):
                share(work, other)

        def share(leader: Work, work: Work) -> None:
            """`work` runs the same executable as `leader`, which has finished: its results are `work`'s."""
            rows = [RunResult.from_stored(r) for r in self.store.test_results(self.key, leader.cid)
                    if r.name in wanted and r.name not in work.stored]  # fmt: skip
            record(work, [RunResult(work.cid, r.kind, r.test, r.verdict, r.score, r.output_hash, r.cpu_s, r.memory_mib,
                                    r.message) for r in rows])  # fmt: skip
            counts["shared"] += len(rows)
            finish(work)

        def dispatch(work: Work) -> None:
            assert work.compiled is not None
            for name in work.plan.start():
                futures[pool.submit(run_job, work.compiled, sources[work.cid], name)] = (work, name)
                work.running += 1
            if work.running == 0 and work.plan.complete:
                finish(work)

        def admit() -> None:
            while len(active) < window:
                cid = next(pending, None)
                if cid is None:
                    return
                if self.store.is_done(done, f"{self.key}/{cid}"):
                    if on_candidate:
                        on_candidate()
                    continue
                work = restore(cid)
                comp = self.store.compile_result(self.key, cid)
                if comp is not None and (not comp.ok or work.plan.complete):
                    finish(work)  # nothing left to run: no compile (not even a cache hit) needed
                    continue
                active[cid] = work
                futures[pool.submit(compile_job, sources[cid])] = (work, None)

        try:
            admit()
            while futures:
                finished, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in finished:
                    work, name = futures.pop(fut)
                    if name is None:
                        compiled, seconds = fut.result()
                        counts["compiled"] += not compiled.cached  # a cache hit is a compile done before
                        counts["compile_s"] += seconds
                        c = compiled.result
                        self.store.add_compile(self.key, work.cid, c.ok, c.message, c.cpu_s)
                        if not c.ok:
                            finish(work)  # every test of a program that does not compile is CE: nothing to run
                            continue
                        if compiled.executable is not None:
                            same = _program_key(compiled, Submission(source=sources[work.cid]))
                            leader = same_program.setdefault(same, work)
                            if leader is not work:
                                if leader.finished:
                                    share(leader, work)
                                else:
                                    followers.setdefault(leader.cid, []).append(work)
                                continue
                        work.compiled = compiled
                        dispatch(work)
                        continue
                    work.running -= 1
                    outcome, seconds = fut.result()
                    counts["runs"] += 1
                    counts["run_s"] += seconds
                    rows = [RunResult(work.cid, r.kind, r.test, r.verdict, r.score, r.output_hash, r.cpu_s,
                                      r.memory_mib, r.message) for r in outcome.results]
                    record(work, rows)
                    moot = work.plan.finish(name, failed(rows[-1]))
                    record(work, skipped(work.cid, moot))
                    counts["skipped"] += len(moot)
                    if on_run:
                        on_run()
                    if work.cid in active:
                        dispatch(work)
                admit()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return ScreenStats(len(candidates), counts["compiled"], counts["runs"], counts["skipped"], counts["restored"],
                           counts["compile_s"], counts["run_s"], counts["shared"])

    def results(self, candidate: str) -> list[RunResult]:
        """Everything the store holds about `candidate`, typed."""
        return [RunResult.from_stored(r) for r in self.store.test_results(self.key, candidate)]

    def _prepare(self) -> None:
        """Compile the task's trusted programs before any thread starts (once per runner)."""
        if not self._trusted_ready:
            for program in self.task_type.trusted_programs():
                self.task_type.trusted_program(self.sandbox, program)
            self._trusted_ready = True

    def _cases(self, work: dict[str, list[str]]) -> dict[str, TestCase]:
        """A TestCase per store name in `work`; generated inputs are written to the scratch folder
        here, in the calling thread, each through its own temporary file."""
        wanted = {n for todo in work.values() for n in todo}
        cases = {t.name: t for t in self.task.tests if t.name in wanted}
        gens = {n: g for g in self.generated_tests() if (n := store_name(TestKind.GENERATED, g.id)) in wanted}
        for name, g in gens.items():
            cases[name] = TestCase(name=name, input=write_input(self.scratch, g))
        return cases

    def _remote(self, cids: list[str], sources: dict[str, str], cases: Sequence[TestCase]) -> Iterator[list[RunResult]]:
        """`cids` on `cases` through the remote judge: one job per candidate (no cases: compile
        only) run by `CaseJobs` on a node, generated inputs shipped by content hash; stored as they
        stream back, as `_batch` stores them."""
        from judge.distributed import JudgeJob, ShippedInput
        from judge.distributed.shipping import input_digest

        official = tuple(c.name for c in cases if c.name in self._official)
        blobs: dict[str, bytes] = {}
        shipped = []
        for c in cases:
            if c.name not in self._official:
                data = c.input.read_bytes()
                blobs[input_digest(data)] = data
                shipped.append(ShippedInput(c.name, input_digest(data)))
        jobs = [JudgeJob(cid, Submission(source=sources[cid]), official, tuple(shipped), CaseJobs) for cid in cids]
        for outcome in self.remote.stream(self.task.root, jobs, inputs=blobs):
            c = outcome.compile
            self.store.add_compile(self.key, outcome.job_id, c.ok, c.message, c.cpu_s)
            for payload in outcome.tests:
                rows = CaseJobs.rows(outcome.job_id, payload, self._public)
                self.store.add_test_results(self.key, [r.stored() for r in rows])
                yield rows

    def _batch(self, subs: dict[str, Submission], cases: Sequence[TestCase]) -> Iterator[list[RunResult]]:
        """One batch through the judge: per finished job, its results (the scheduled one last, after
        the RUN it came with), stored before they are yielded."""
        jobs = CaseJobs(self.task, self.sandbox, self.workers, judge=self.judge)
        for event, cid, payload in jobs.events(subs, cases):
            if event == "compile":
                c: CompileResult = payload
                self.store.add_compile(self.key, cid, c.ok, c.message, c.cpu_s)
                continue
            rows = CaseJobs.rows(cid, payload, self._public)
            self.store.add_test_results(self.key, [r.stored() for r in rows])
            yield rows
