"""OutputOnly: the contestant hands in one output file per test; the checker scores each like Batch."""
from __future__ import annotations

from pathlib import Path

from judge.compile import Compiled, compile_cpp
from judge.errors import PackageError
from judge.model import TestCase
from judge.sandbox.base import Sandbox
from judge.tasktypes.base import Submission, TaskType, output_limit_failure, result_from_run
from judge.verdict import CompileResult, TestResult, Verdict


def output_file_name(test: str) -> str:
    """The name CMS gives the file a contestant submits for `test`."""
    return f"output_{test}.txt"


class OutputOnly(TaskType):
    name = "OutputOnly"
    inputs_visible = True
    runs_generated_inputs = False  # the contestant has every input already

    def read_submission(self, path: Path) -> Submission:
        """Output files: one file, or every file of a folder; `output_<test>.txt` or `<test>.*`."""
        if not path.exists():
            raise PackageError(path, "no such file or directory")
        files = [path] if path.is_file() else sorted(p for p in path.iterdir() if p.is_file())
        return Submission(outputs={p.stem.removeprefix("output_"): p.read_bytes() for p in files})

    def compile_candidate(self, sandbox: Sandbox, source: str) -> Compiled:
        """A candidate is a program printing the output for the input on its stdin."""
        return compile_cpp(sandbox, {"prog.cpp": source.encode()}, ["prog.cpp"])

    def compile(self, sandbox: Sandbox, submission: Submission) -> Compiled:
        return Compiled(CompileResult(ok=True, message="nothing to compile"))

    def evaluate(self, sandbox: Sandbox, compiled: Compiled, submission: Submission, test: TestCase) -> TestResult:
        output = submission.outputs.get(test.name, submission.outputs.get(output_file_name(test.name)))
        if output is None:
            return result_from_run(test.name, Verdict.WA, 0.0, None, "no output file submitted")
        if len(output) > self.output_limit:
            verdict, message = output_limit_failure(len(output), self.output_limit)
            return result_from_run(test.name, verdict, 0.0, None, message)
        return self.run_checker(sandbox, test, output, None)
