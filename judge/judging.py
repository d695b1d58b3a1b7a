"""Judging a submission: compile once, run every test once (tests shared by subtasks run once),
then score. This is the library's main entry point; the CLI and the agent both call it."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
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
        self.sandbox = sandbox or make_sandbox("local")
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
        skips a subtask's remaining tests once one of them scored 0 (official scoring never does)."""
        if isinstance(submission, str):
            submission = Submission(source=submission)
        wanted = set(tests) if tests is not None else None
        order = [t for t in self.task.tests if wanted is None or t.name in wanted]
        compiled = self.task_type.compile(self.sandbox, submission)
        results: dict[str, TestResult] = {}
        if not compiled.result.ok:
            for t in order:
                results[t.name] = TestResult(name=t.name, verdict=Verdict.CE, score=0.0, message="compilation failed")
        elif screening:
            self._screen(compiled, submission, order, results, on_result)
        else:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                futures = {t.name: pool.submit(self.evaluate_test, compiled, submission, t) for t in order}
                for name, fut in futures.items():
                    results[name] = fut.result()
                    if on_result:
                        on_result(results[name])
        return self.assemble(compiled.result, order, results)

    def _screen(self, compiled, submission, order, results, on_result) -> None:
        by_name = {t.name: t for t in order}
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for st in self.task.subtasks:
                todo = [by_name[n] for n in st.tests if n in by_name and n not in results]
                if any(results[n].score == 0 for n in st.tests if n in results):
                    todo_results = [TestResult(name=t.name, verdict=Verdict.SKIPPED, score=0.0) for t in todo]
                else:
                    todo_results = []
                    for t, r in zip(todo, pool.map(lambda t: self.evaluate_test(compiled, submission, t), todo)):
                        todo_results.append(r)
                for r in todo_results:
                    results[r.name] = r
                    if on_result:
                        on_result(r)

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
