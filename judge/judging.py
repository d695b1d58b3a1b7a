"""Judging a submission: compile once, run every test once (tests shared by subtasks run once),
then score. This is the library's main entry point; the CLI and the agent both call it."""
from __future__ import annotations

from typing import Callable, Iterable, Mapping, Sequence

from judge.errors import JudgeError
from judge.model import Task, TestCase
from judge.sandbox import Sandbox, make_sandbox
from judge.scoring import submission_score
from judge.tasktypes import Submission, make_task_type
from judge.verdict import CompileResult, SubmissionResult, SubtaskResult, TestResult, Verdict


class Judge:
    """Judges submissions of one task; keeps the task's compiled checker/manager between them."""

    def __init__(self, task: Task, sandbox: Sandbox | None = None, workers: int | None = None):
        self.task = task
        self.sandbox = sandbox or make_sandbox()
        self.task_type = make_task_type(task)
        self.workers = workers or self.sandbox.workers

    def evaluate_test(self, compiled, submission: Submission, test: TestCase) -> TestResult:
        """One test of a compiled submission; our own failures become JUDGE_ERROR, never a crash."""
        try:
            return self.task_type.evaluate(self.sandbox, compiled, submission, test)
        except JudgeError as e:
            return TestResult(name=test.name, verdict=Verdict.JUDGE_ERROR, score=0.0, message=str(e)[:500])

    def judge(
        self,
        submission: Submission | str,
        tests: Iterable[str] | None = None,
        on_result: Callable[[TestResult], None] | None = None,
        screening: bool = False,
    ) -> SubmissionResult:
        """Judge one submission. `tests` restricts the run (e.g. to public tests); `screening`
        skips a subtask's remaining tests once one of them scored 0 (official scoring never does).
        A batch of one: `judge.batch.BatchJudge` is the one place tests are scheduled."""
        from judge.batch import BatchJudge

        batch = BatchJudge(self.task, self.sandbox, self.workers, progress=False, judge=self)
        compiles: list[CompileResult] = []
        results: dict[str, TestResult] = {}
        for kind, _, payload in batch.events({0: submission}, tests, screening):
            if kind == "compile":
                compiles.append(payload)
                continue
            results[payload.name] = payload
            if on_result:
                on_result(payload)
        return self.assemble(compiles[0], batch.cases(tests), results)

    def assemble(self, compile_result, order, results) -> SubmissionResult:
        return assemble_result(self.task, compile_result, [t.name for t in order], results)


def assemble_result(task: Task, compile_result: CompileResult, order: Sequence[str],
                    results: Mapping[str, TestResult]) -> SubmissionResult:
    """Score per-test results into a SubmissionResult; tests left out of a restricted run count 0.
    Every judge (local, batch, distributed) ends here, so all report the same thing."""
    scores = {t.name: 0.0 for t in task.tests}
    scores.update({name: r.score for name, r in results.items()})
    total, per_subtask = submission_score(task, scores)
    return SubmissionResult(
        task=task.code,
        score=total,
        max_score=task.max_score,
        compile=compile_result,
        subtasks=[SubtaskResult(name=st.name, score=s, max_score=st.points)
                  for st, s in zip(task.subtasks, per_subtask)],
        tests=[results[name] for name in order],
    )


def judge_submission(task: Task, submission: Submission | str, sandbox: Sandbox | None = None, **kw) -> SubmissionResult:
    return Judge(task, sandbox).judge(submission, **kw)
