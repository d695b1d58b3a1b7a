"""Batch: one program reads the test on stdin and writes stdout; a checker (or token comparison) scores it.

Compiled with the task's grader (`compilation: grader`, IOI's function interface) or alone (plain
stdin/stdout). Official graders print a secret line and OK/PV before the answer; their checkers
read that, so a protocol violation comes back from the checker as "Protocol Violation".
"""
from __future__ import annotations

from judge.compile import Compiled, compile_cpp
from judge.languages import LANGUAGES
from judge.model import TestCase
from judge.sandbox.base import Sandbox
from judge.tasktypes.base import Submission, TaskType, read_dir_files, result_from_run
from judge.verdict import CompileResult, TestResult

COMPILATION_KEYS = ("task_type_parameters_Batch_compilation", "compilation")


class Batch(TaskType):
    name = "Batch"

    def __init__(self, task):
        super().__init__(task)
        mode = next((task.task_type_params[k] for k in COMPILATION_KEYS if k in task.task_type_params), None)
        if mode is None:
            mode = "grader" if "grader.cpp" in task.graders else "alone"
        if mode not in ("grader", "alone"):
            from judge.errors import PackageError

            raise PackageError(task.root / "problem.json", f"unknown Batch compilation mode {mode!r}")
        self.with_grader = mode == "grader"

    def compile(self, sandbox: Sandbox, submission: Submission) -> Compiled:
        return compile_submission(self.task, sandbox, submission, self.with_grader)

    def evaluate(self, sandbox: Sandbox, compiled: Compiled, submission: Submission, test: TestCase) -> TestResult:
        if (mle := self.check_static_memory(compiled, test)) is not None:
            return mle
        run = self.run_program(sandbox, compiled.executable or b"", test.input)
        if run.failure:
            return result_from_run(test.name, run.failure[0], 0.0, run.stats, run.failure[1])
        return self.run_checker(sandbox, test, run.stdout, run.stats)


def compile_submission(task, sandbox: Sandbox, submission: Submission, with_grader: bool = False) -> Compiled:
    """Compile a stdin/stdout submission in its language, with the task's grader (CMS) or the
    package's `include/<language>/` files (Kattis), whose C/C++ sources are compiled too."""
    if not submission.source:
        return Compiled(CompileResult(ok=False, message="empty submission"))
    lang_name = submission.language or "cpp"
    lang = LANGUAGES.get(lang_name)
    if lang is None or lang_name not in task.languages:
        allowed = ", ".join(task.languages)
        return Compiled(CompileResult(ok=False, message=f"language {lang_name!r} is not supported for this task ({allowed})"))
    source = submission.source.encode()
    if lang_name == "cpp" and with_grader:
        code = task.code
        grader = task.graders["grader.cpp"]
        files = {**read_dir_files(grader.parent), "grader.cpp": grader.read_bytes(), f"{code}.cpp": source}
        return compile_cpp(sandbox, files, ["grader.cpp", f"{code}.cpp"])
    include = task.include_dirs.get(lang_name)
    extra: dict[str, bytes] = {}
    units: list[str] = []
    if include is not None:
        for p in sorted(include.iterdir()):
            if p.is_file():
                extra[p.name] = p.read_bytes()
                if p.suffix in (".c", ".cc", ".cpp", ".cxx"):
                    units.append(p.name)
    return lang.compile(sandbox, source, extra, tuple(units), stem=task.code)
