"""The task-type contract: compile a submission once, then evaluate it on one test at a time.

One class per task type (Batch, Communication, OutputOnly), each checking its parameters once at
construction. Programs the task provides (checker, manager) are compiled once per task and cached.
"""
from __future__ import annotations

import dataclasses
import signal
import struct
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from judge.compile import Compiled, compile_cpp
from judge.errors import JudgeError, PackageError
from judge.languages import launch
from judge.model import Task, TestCase
from judge.outputs import ProgramOutput, default_output_bytes, put_file, put_output, take_output
from judge.sandbox.base import MiB, ProcessSpec, RunLimits, RunStats, Sandbox
from judge.verdict import TestResult, Verdict

MLE_FRACTION = 0.5
TRUSTED_LIMITS = RunLimits(cpu_s=30, wall_s=60, memory_bytes=4096 * MiB, file_size_bytes=64 * MiB)


class Submission(BaseModel):
    """What a contestant hands in: a C++ source, or output files (OutputOnly), by test name."""

    model_config = ConfigDict(frozen=True)

    source: str | None = None
    outputs: dict[str, bytes] = Field(default_factory=dict)
    language: str | None = Field(default=None, description="cpp (the default), c or python3; see judge/languages.py")


def static_memory_bytes(executable: bytes) -> int:
    """Memory an ELF executable maps at start (sum of PT_LOAD sizes): a huge static array is an
    MLE before the program runs, where the kernel would only kill it with SIGSEGV during exec."""
    if executable[:4] != b"\x7fELF" or executable[4] != 2:
        return 0
    phoff, = struct.unpack_from("<Q", executable, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", executable, 0x36)
    total = 0
    for i in range(phnum):
        p_type, = struct.unpack_from("<I", executable, phoff + i * phentsize)
        if p_type == 1:  # PT_LOAD
            total += struct.unpack_from("<Q", executable, phoff + i * phentsize + 0x28)[0]
    return total


@dataclass(frozen=True)
class ProgramRun:
    """One contestant process run: its stats, its stdout (empty unless it finished; a host file, not
    held in memory), and its failure."""

    stats: RunStats
    stdout: ProgramOutput
    failure: tuple[Verdict, str] | None

    @property
    def output(self) -> bytes:
        """The whole output (at most the output limit) for callers that need bytes."""
        return self.stdout.read()


def output_limit_failure(size: int, limit: int) -> tuple[Verdict, str]:
    return Verdict.OLE, f"output limit exceeded ({size / MiB:.1f} MiB printed, limit {limit / MiB:g} MiB)"


def run_failure(stats: RunStats, limits: RunLimits, stderr: bytes = b"") -> tuple[Verdict, str] | None:
    """The verdict of a contestant process that did not finish normally, or None if it did.

    Memory is limited by address space, so running out shows up as a failed allocation
    (std::bad_alloc, a null malloc, a stack overflow) while the resident peak is still below the
    limit: the allocation that failed was the one crossing it. So a failed run that had used at
    least half the limit is an MLE (its score is 0 either way; only the label is a judgement).
    """
    if stats.signal == signal.SIGXFSZ:  # wrote past the file size limit (stdout or stderr)
        return Verdict.OLE, f"output limit exceeded (limit {(limits.file_size_bytes - 1) / MiB:g} MiB)"
    if stats.timed_out:
        return Verdict.TLE, stats.message
    if stats.oom_killed:  # the box's cgroup: every page counts (memfd, tmpfs), not only the address space
        return Verdict.MLE, f"memory limit exceeded ({stats.memory_bytes / MiB:.0f} MiB used)"
    if stats.ok:
        return None
    if b"std::bad_alloc" in stderr or stats.memory_bytes >= MLE_FRACTION * limits.memory_bytes:
        return Verdict.MLE, f"memory limit exceeded ({stats.memory_bytes / MiB:.0f} MiB used)"
    return Verdict.RE, stats.message


def result_from_run(name: str, verdict: Verdict, score: float, stats: RunStats | None, message: str) -> TestResult:
    return TestResult(
        name=name,
        verdict=verdict,
        score=score,
        cpu_s=round(stats.cpu_s, 3) if stats else 0.0,
        wall_s=round(stats.wall_s, 3) if stats else 0.0,
        memory_mib=round(stats.memory_bytes / MiB, 2) if stats else 0.0,
        message=message,
    )


def read_dir_files(directory: Path, suffixes: tuple[str, ...] = (".h", ".hpp")) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file() and p.suffix in suffixes}


class TaskType(ABC):
    """One task type. Besides judging, a type says what an agent playing a contestant needs to know
    about it (the class attributes and methods below the constructor), so the agent never asks a
    task for its type's name."""

    name: ClassVar[str]
    inputs_visible: ClassVar[bool] = False
    """The contestant gets every test input and hands in outputs (OutputOnly): an agent's candidate
    is then a program that writes them, run by the contestant on each input."""
    runs_generated_inputs: ClassVar[bool] = True
    """A candidate can be run on an input the task does not own (a generated test) and show a behaviour."""
    output_observable: ClassVar[bool] = True
    """On such an input the contestant sees the program's own output (its hash is the behaviour);
    False: only the verdict of the task's trusted program on the run (a manager's score)."""

    def __init__(self, task: Task):
        self.task = task
        self._trusted: dict[str, bytes] = {}

    def trusted_programs(self) -> list[Path]:
        """Task programs that run trusted (checker, manager), to compile before judging starts."""
        return [self.task.checker] if self.task.checker else []

    def read_submission(self, path: Path) -> Submission:
        """What a contestant hands in, read from `path`: one source file (this default), its language
        told by its name and accepted by the task."""
        from judge.languages import UnsupportedLanguage, language_of

        if not path.exists():
            raise PackageError(path, "no such file or directory")
        if path.is_dir():
            raise PackageError(path, "expected a source file, got a directory")
        try:
            source = path.read_text()
        except UnicodeDecodeError:
            raise PackageError(path, "not a text file") from None
        try:  # the language comes from the file name (a task may take several: Kattis)
            language = language_of(path, source)
        except UnsupportedLanguage as e:
            raise PackageError(path, str(e).split(": ", 1)[-1]) from None
        if language not in self.task.languages:
            raise PackageError(path, f"{language} is not accepted by this task (it takes {', '.join(self.task.languages)})")
        return Submission(source=source, language=None if language == "cpp" else language)

    def compile_candidate(self, sandbox: Sandbox, source: str) -> Compiled:
        """Compile an agent's candidate program (a C++ source): as a submission, by default."""
        return self.compile(sandbox, Submission(source=source))

    @property
    def output_limit(self) -> int:
        """Most bytes a test's output may have: the task's, else the judge's default."""
        return self.task.limits.output_bytes or default_output_bytes()

    @property
    def checker_limits(self) -> RunLimits:
        """Limits of the task's checker: the trusted defaults, or the package's own validation time
        (Kattis `limits.validation_time`) when it states one."""
        seconds = self.task.task_type_params.get("validation_time")
        if not seconds:
            return TRUSTED_LIMITS
        return dataclasses.replace(TRUSTED_LIMITS, cpu_s=float(seconds), wall_s=2 * float(seconds) + 10)

    @property
    def contestant_limits(self) -> RunLimits:
        """The task's limits; files (stdout, stderr) may grow one byte past the output limit, so that
        going over it is seen (`output_limit_failure`) while exactly the limit is allowed."""
        t = self.task.limits.time_s
        return RunLimits(cpu_s=t, wall_s=max(3 * t, t + 2), memory_bytes=self.task.limits.memory_bytes,
                         file_size_bytes=self.output_limit + 1)

    def grader_file(self, name: str) -> Path:
        try:
            return self.task.graders[name]
        except KeyError:
            raise PackageError(self.task.root / "graders", f"missing {name}") from None

    def trusted_program(self, sandbox: Sandbox, source: Path) -> bytes:
        """Compile a task-provided program (checker, manager) once; a failure is the package's fault."""
        key = str(source)
        if key not in self._trusted:
            files = {**read_dir_files(source.parent), source.name: source.read_bytes()}
            compiled = compile_cpp(sandbox, files, [source.name], flags=("-std=gnu++17", "-O2", "-static"))
            if not compiled.result.ok or compiled.executable is None:
                raise JudgeError(f"{source} does not compile: {compiled.result.message[:300]}")
            self._trusted[key] = compiled.executable
        return self._trusted[key]

    def check_static_memory(self, compiled: Compiled, test: TestCase) -> TestResult | None:
        if compiled.executable and static_memory_bytes(compiled.executable) > self.task.limits.memory_bytes:
            return result_from_run(test.name, Verdict.MLE, 0.0, None, "static memory exceeds the limit")
        return None

    def run_program(self, sandbox: Sandbox, executable: bytes, data: bytes | Path) -> ProgramRun:
        """Run a compiled program on `data` (stdin: bytes, or a file such as a test's input) under
        the task's limits: Batch tests, and any other input the agent feeds a candidate (generated
        tests, OutputOnly producers)."""
        limits = self.contestant_limits
        filename, program, argv, confine = launch(executable)
        with sandbox.box() as box:
            box.mkdir("run")
            box.write(f"run/{filename}", program, executable=True)
            if isinstance(data, bytes):
                box.write("input", data)
            else:
                put_file(box, "input", data)
            spec = ProcessSpec(argv=argv, workdir="run", limits=limits, stdin="input", confine=confine,
                               stdout="output", stderr="stderr")
            stats = box.run([spec])[0]
            stderr = box.read("stderr", 1 << 16)
            # Only a finished run's output matters (a failed one's verdict is its failure).
            output = take_output(box, "output", self.output_limit) if stats.ok else ProgramOutput(None, 0)
        failure = run_failure(stats, limits, stderr)
        if output.size > self.output_limit:  # printed past the limit and ignored SIGXFSZ
            failure = output_limit_failure(output.size, self.output_limit)
        return ProgramRun(stats, output, failure)

    @abstractmethod
    def compile(self, sandbox: Sandbox, submission: Submission) -> Compiled: ...

    @abstractmethod
    def evaluate(self, sandbox: Sandbox, compiled: Compiled, submission: Submission, test: TestCase) -> TestResult: ...

    def run_checker(self, sandbox: Sandbox, test: TestCase, output: ProgramOutput | bytes,
                    stats: RunStats | None) -> TestResult:
        """Score `output` with the task's checker under its protocol, or by token comparison. The
        output (and the expected output) reach the comparison as streams and the checker's box as
        files, without passing whole through the judge's memory."""
        import io

        from judge.checkers import CheckerRun, CompareOptions, compare_streams, get_protocol

        has_expected = test.output is not None and test.output.exists()
        if self.task.checker is None:
            if self.task.checker_protocol == "kattis":  # Kattis' default validator and its flags
                opts = CompareOptions.parse([*self.task.checker_flags, *test.checker_args])
            else:  # CMS white-diff
                opts = CompareOptions(case_sensitive=True)
            with open(test.output, "rb") if has_expected else io.BytesIO(b"") as want, \
                    io.BytesIO(output) if isinstance(output, bytes) else output.open() as got:  # fmt: skip
                ok, message = compare_streams(want, got, opts)
            return result_from_run(test.name, Verdict.OK if ok else Verdict.WA, 1.0 if ok else 0.0, stats,
                                   "Output is correct" if ok else f"Output isn't correct: {message}")
        protocol = get_protocol(self.task.checker_protocol)
        checker = self.trusted_program(sandbox, self.task.checker)
        with sandbox.box() as box:
            box.mkdir("check")
            box.write("check/checker", checker, executable=True)
            put_file(box, "check/input", test.input)
            put_file(box, "check/answer", test.output if has_expected else None)
            put_output(box, "check/output", output)
            if protocol.feedback_dir:
                box.mkdir("check/feedback", owner=1)
            spec = ProcessSpec(argv=protocol.argv([*self.task.checker_flags, *test.checker_args]), workdir="check",
                               limits=self.checker_limits, identity=1, stdout="out", stderr="err",
                               stdin="check/output" if protocol.output_on_stdin else None, policy="trusted")
            cstats = box.run([spec])[0]
            out, err = box.read("out", 1 << 16).decode(errors="replace"), box.read("err", 1 << 16).decode(errors="replace")
            feedback = {name: box.read(f"check/feedback/{name}", 1 << 16).decode(errors="replace")
                        for name in ("score.txt", "judgemessage.txt", "teammessage.txt")} if protocol.feedback_dir else {}
        outcome = protocol.outcome(CheckerRun(cstats, out, err, feedback))
        return result_from_run(test.name, outcome.verdict, outcome.score, stats, outcome.message)
