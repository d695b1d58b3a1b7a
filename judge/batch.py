"""Judging many candidates at once, for the agent: results stream out as (candidate, test) jobs finish.

Every compile and every run of a batch goes through one pool of `sandbox.workers` threads, so the
machine is kept busy across candidates without being oversubscribed. Work is shared wherever the
outcome cannot differ: identical submissions compile once (and `compile_cpp` shares compiles of
byte-identical inputs, or ones that another process cached), and candidates whose programs are
byte-identical (e.g. sources differing only in blanks) run each test once, every one of them
receiving the results.

Official mode runs every test, as `Judge.judge` does, and yields the same results. Screening mode
walks each subtask's tests in order, one at a time (different subtasks advance in parallel), and
stops a subtask at its first zero-score test; a test left that no unfinished subtask still needs
is reported SKIPPED, so a hopeless candidate costs a few runs instead of all of them.
"""
from __future__ import annotations

import hashlib
import sys
from collections.abc import Hashable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import dataclass, field

from judge.compile import Compiled
from judge.judging import Judge
from judge.model import Task, TestCase
from judge.sandbox import Sandbox
from judge.tasktypes import Submission
from judge.verdict import CompileResult, SubmissionResult, TestResult, Verdict

PROGRESS_MIN_JOBS = 200  # below this a batch is short enough to need no progress bar

CandidateId = Hashable


class _Plan:
    """Which tests of one program to run next. Official: all of them at once. Screening: each live
    subtask's first unfinished test; a subtask dies at a zero score."""

    def __init__(self, task: Task, order: list[str], screening: bool):
        self.order = order
        self.screening = screening
        wanted = set(order)
        self.subtasks = [[n for n in st.tests if n in wanted] for st in task.subtasks]
        in_subtask = {n for st in self.subtasks for n in st}
        self.free = [n for n in order if n not in in_subtask]  # no subtask can make them redundant
        self.dead = [False] * len(self.subtasks)
        self.started: set[str] = set()
        self.done: set[str] = set()

    def start(self) -> list[str]:
        """Tests to start now (each is returned once)."""
        if not self.screening:
            todo = [n for n in self.order if n not in self.started]
        else:
            todo = [n for n in self.free if n not in self.started]
            for st, dead in zip(self.subtasks, self.dead):
                head = next((n for n in st if n not in self.done), None)
                if not dead and head is not None and head not in self.started and head not in todo:
                    todo.append(head)
        self.started.update(todo)
        return todo

    def finish(self, name: str, score: float) -> list[str]:
        """Record a result; return the tests that became unnecessary (to be reported SKIPPED)."""
        self.done.add(name)
        if not self.screening or score > 0:
            return []
        for i, st in enumerate(self.subtasks):
            if name in st:
                self.dead[i] = True
        skipped = []
        for n in self.order:
            if n in self.started:
                continue
            owners = [i for i, st in enumerate(self.subtasks) if n in st]
            if owners and all(self.dead[i] for i in owners):
                skipped.append(n)
        self.started.update(skipped)
        self.done.update(skipped)
        return skipped


@dataclass
class _Program:
    """One compiled program and the candidates that share it."""

    compiled: Compiled
    submission: Submission
    plan: _Plan
    members: list[CandidateId]
    results: dict[str, TestResult] = field(default_factory=dict)


def _submission_key(sub: Submission) -> str:
    h = hashlib.sha256((sub.source or "").encode() + b"\0")
    for name in sorted(sub.outputs):
        h.update(name.encode() + b"\0" + hashlib.sha256(sub.outputs[name]).digest())
    return h.hexdigest()


def _program_key(compiled: Compiled, sub: Submission) -> str:
    """Equal keys behave alike on every test: the same executable, or (no executable: OutputOnly)
    the same submitted files."""
    if compiled.executable is not None:
        return "exe:" + hashlib.sha256(compiled.executable).hexdigest()
    return "sub:" + _submission_key(sub)


class BatchJudge:
    """Judges many candidates of one task concurrently. Reuses `Judge` for compiling, evaluating
    one test and scoring, so per candidate the outcome is what `Judge.judge` gives."""

    def __init__(self, task: Task, sandbox: Sandbox | None = None, workers: int | None = None,
                 progress: bool | None = None, judge: Judge | None = None):  # fmt: skip
        """`progress`: True/False forces the rich progress bar on/off; None shows it on long batches.
        `judge`: an existing Judge of the task to share (its compiled checker/manager)."""
        self.judge = judge or Judge(task, sandbox, workers)
        self.task = task
        self.sandbox = self.judge.sandbox
        self.workers = self.judge.workers
        self.progress = progress

    def run(
        self,
        candidates: Mapping[CandidateId, Submission | str],
        tests: Iterable[str | TestCase] | None = None,
        screening: bool = False,
    ) -> Iterator[tuple[CandidateId, TestResult]]:
        """Yield `(candidate, result)` as each test finishes: every candidate gets exactly one result
        per test of the run (CE when it does not compile, SKIPPED when screening made it moot).
        `tests` names tests of the task, or gives other cases (inputs the task does not own)."""
        for kind, cid, payload in self.events(candidates, tests, screening):
            if kind == "test":
                yield cid, payload

    # -- what one job does: subclasses change these to judge other things on the same machinery --

    def compile_submission(self, submission: Submission) -> Compiled:
        """Compile one submission (once per distinct submission of a batch)."""
        return self.judge.task_type.compile(self.sandbox, submission)

    def evaluate_case(self, compiled: Compiled, submission: Submission, case: TestCase):
        """Run one compiled program on one case. The result needs a `name` (the case's) and a
        `score` (screening stops a subtask at 0); `judge_all` needs a TestResult."""
        return self.judge.evaluate_test(compiled, submission, case)

    def judge_all(
        self,
        candidates: Mapping[CandidateId, Submission | str],
        tests: Iterable[str] | None = None,
        screening: bool = False,
    ) -> dict[CandidateId, SubmissionResult]:
        """Every candidate's SubmissionResult, shaped exactly as `Judge.judge` returns it."""
        order = self.cases(tests)
        compiles: dict[CandidateId, CompileResult] = {}
        results: dict[CandidateId, dict[str, TestResult]] = {cid: {} for cid in candidates}
        for kind, cid, payload in self.events(candidates, tests, screening):
            if kind == "compile":
                compiles[cid] = payload
            else:
                results[cid][payload.name] = payload
        return {cid: self.judge.assemble(compiles[cid], order, results[cid]) for cid in candidates}

    def cases(self, tests: Iterable[str | TestCase] | None) -> list[TestCase]:
        """The cases a run of `tests` covers, in order: the task's named tests, then the extra cases."""
        if tests is None:
            return list(self.task.tests)
        tests = list(tests)
        wanted = {t for t in tests if isinstance(t, str)}
        extra = [t for t in tests if isinstance(t, TestCase)]
        return [t for t in self.task.tests if t.name in wanted] + extra

    def _progress(self, total: int):
        show = self.progress if self.progress is not None else total >= PROGRESS_MIN_JOBS
        if not show:
            return nullcontext(None)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        return Progress(TextColumn(f"judging {self.task.code}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=Console(file=sys.stderr), transient=True)  # fmt: skip

    def events(self, candidates: Mapping[CandidateId, Submission | str], tests: Iterable[str | TestCase] | None = None,
               screening: bool = False) -> Iterator[tuple[str, CandidateId, object]]:
        """('compile', cid, CompileResult) once per candidate, then ('test', cid, result) once per
        candidate and test, in completion order (a result is what `evaluate_case` returns, or a
        TestResult: CE when the candidate does not compile, SKIPPED when screening made it moot)."""
        order = self.cases(tests)
        by_name = {t.name: t for t in order}
        names = [t.name for t in order]
        subs = {cid: Submission(source=s) if isinstance(s, str) else s for cid, s in candidates.items()}
        same_submission: dict[str, list[CandidateId]] = {}
        for cid, sub in subs.items():
            same_submission.setdefault(_submission_key(sub), []).append(cid)
        programs: dict[str, _Program] = {}
        jobs: dict[Future, tuple] = {}

        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="batch-judge")

        def dispatch(program: _Program) -> None:
            for name in program.plan.start():
                fut = pool.submit(self.evaluate_case, program.compiled, program.submission, by_name[name])
                jobs[fut] = ("run", program, name)

        try:
            for cids in same_submission.values():
                jobs[pool.submit(self.compile_submission, subs[cids[0]])] = ("compile", cids)
            with self._progress(len(subs) * len(order)) as bar:
                task_id = bar.add_task("judging", total=len(subs) * len(order)) if bar else None

                def emit(cids, result: TestResult):
                    for cid in cids:
                        if bar:
                            bar.advance(task_id)
                        yield "test", cid, result

                while jobs:
                    finished, _ = wait(jobs, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        kind, *info = jobs.pop(fut)
                        if kind == "compile":
                            (cids,) = info
                            compiled: Compiled = fut.result()
                            for cid in cids:
                                yield "compile", cid, compiled.result
                            if not compiled.result.ok:
                                for name in names:
                                    yield from emit(cids, TestResult(name=name, verdict=Verdict.CE, score=0.0,
                                                                     message="compilation failed"))
                                continue
                            sub = subs[cids[0]]
                            key = _program_key(compiled, sub)
                            if key in programs:  # another candidate's program, byte for byte
                                program = programs[key]
                                program.members.extend(cids)
                                for result in list(program.results.values()):
                                    yield from emit(cids, result)
                                continue
                            program = programs[key] = _Program(compiled, sub, _Plan(self.task, names, screening),
                                                               list(cids))
                            dispatch(program)
                        else:
                            program, name = info
                            result: TestResult = fut.result()
                            program.results[name] = result
                            moot = program.plan.finish(name, result.score)
                            yield from emit(list(program.members), result)
                            for n in moot:
                                skipped = TestResult(name=n, verdict=Verdict.SKIPPED, score=0.0)
                                program.results[n] = skipped
                                yield from emit(list(program.members), skipped)
                            dispatch(program)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def judge_batch(task: Task, candidates: Mapping[CandidateId, Submission | str], sandbox: Sandbox | None = None,
                **kw) -> dict[CandidateId, SubmissionResult]:  # fmt: skip
    """One-call form of `BatchJudge(task, sandbox).judge_all(candidates, **kw)`."""
    return BatchJudge(task, sandbox).judge_all(candidates, **kw)
