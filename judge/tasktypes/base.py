"""The task-type contract: compile a submission once, then evaluate it on one test at a time.

One class per task type (Batch, Communication, OutputOnly), each checking its parameters once at
construction. Programs the task provides (checker, manager) are compiled once per task and cached.
"""
from __future__ import annotations

import signal
import struct
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from judge.compile import Compiled, compile_cpp
from judge.errors import JudgeError, PackageError
from judge.model import Task, TestCase
from judge.outputs import ProgramOutput, default_output_bytes, put_output, take_output
from judge.sandbox.base import MiB, ProcessSpec, RunLimits, RunStats, Sandbox
from judge.verdict import TestResult, Verdict

MLE_FRACTION = 0.5
TRUSTED_LIMITS = RunLimits(cpu_s=30, wall_s=60, memory_bytes=4096 * MiB, file_size_bytes=64 * MiB)


class Submission(BaseModel):
    """What a contestant hands in: a C++ source, or output files (OutputOnly), by test name."""

    model_config = ConfigDict(frozen=True)

    source: str | None = None
    outputs: dict[str, bytes] = Field(default_factory=dict)


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
    name: ClassVar[str]

    def __init__(self, task: Task):
        self.task = task
        self._trusted: dict[str, bytes] = {}

    @property
    def output_limit(self) -> int:
        """Most bytes a test's output may have: the task's, else the judge's default."""
        return self.task.limits.output_bytes or default_output_bytes()

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

    def run_program(self, sandbox: Sandbox, executable: bytes, data: bytes) -> ProgramRun:
        """Run a compiled program on `data` (stdin) under the task's limits: Batch tests, and any
        other input the agent feeds a candidate (generated tests, OutputOnly producers)."""
        limits = self.contestant_limits
        with sandbox.box() as box:
            box.mkdir("run")
            box.write("run/prog", executable, executable=True)
            box.write("input", data)
            spec = ProcessSpec(argv=["/prog"], workdir="run", limits=limits, stdin="input",
                               stdout="output", stderr="stderr")
            stats = box.run([spec])[0]
            stderr = box.read("stderr", 1 << 16)
            output = take_output(box, "output", self.output_limit)
        failure = run_failure(stats, limits, stderr)
        if output.size > self.output_limit:
            failure = output_limit_failure(output.size, self.output_limit)
        if not stats.ok:
            output = ProgramOutput(None, 0)
        return ProgramRun(stats, output, failure)

    @abstractmethod
    def compile(self, sandbox: Sandbox, submission: Submission) -> Compiled: ...

    @abstractmethod
    def evaluate(self, sandbox: Sandbox, compiled: Compiled, submission: Submission, test: TestCase) -> TestResult: ...

    def run_checker(self, sandbox: Sandbox, test: TestCase, output: ProgramOutput | bytes,
                    stats: RunStats | None) -> TestResult:
        """Score `output` with the task's checker, or by token comparison when it has none. An
        output file reaches the checker's box without passing through the judge's memory."""
        from judge.checkers import read_checker_output, tokens_equal

        expected = test.output.read_bytes() if test.output and test.output.exists() else b""
        if self.task.checker is None:
            ok = tokens_equal(expected, output if isinstance(output, bytes) else output.read())
            verdict = Verdict.OK if ok else Verdict.WA
            return result_from_run(test.name, verdict, 1.0 if ok else 0.0, stats,
                                   "Output is correct" if ok else "Output isn't correct")
        checker = self.trusted_program(sandbox, self.task.checker)
        with sandbox.box() as box:
            box.mkdir("check")
            box.write("check/checker", checker, executable=True)
            box.write("check/input", test.input.read_bytes())
            box.write("check/expected", expected)
            put_output(box, "check/output", output)
            spec = ProcessSpec(argv=["/checker", "/input", "/expected", "/output"], workdir="check",
                               limits=TRUSTED_LIMITS, identity=1, stdout="out", stderr="err")
            cstats = box.run([spec])[0]
            out, err = box.read("out", 1 << 16).decode(errors="replace"), box.read("err", 1 << 16).decode(errors="replace")
        if cstats.timed_out or cstats.signal:
            return result_from_run(test.name, Verdict.JUDGE_ERROR, 0.0, stats, f"checker failed: {cstats.message}")
        outcome = read_checker_output(out, err)
        return result_from_run(test.name, outcome.verdict, outcome.score, stats, outcome.message)
