"""Communication: a trusted manager talks to N contestant processes over FIFOs.

The manager reads the test on stdin and gets `s2m0 m2s0 [s2m1 m2s1 ...]` on its command line; each
contestant process (stub + solution) has its stdin on `m2sI` and stdout on `s2mI`, and gets `I` as
argv[1] when N > 1. Every process lives in its own chroot under its own uid, so a contestant can
reach neither the manager's input nor another process; the FIFOs are opened for it by the runner.
A contestant that exceeds a limit or crashes scores 0 whatever the manager says.
"""
from __future__ import annotations

import signal

from pathlib import Path

from judge.compile import Compiled, compile_cpp
from judge.errors import PackageError
from judge.model import TestCase
from judge.sandbox.base import ProcessSpec, RunLimits, RunStatus, Sandbox
from judge.tasktypes.base import (
    TRUSTED_LIMITS, Submission, TaskType, read_dir_files, result_from_run, run_failure,
)  # fmt: skip
from judge.verdict import CompileResult, TestResult, Verdict

NUM_PROCESSES_KEYS = ("task_type_parameters_Communication_num_processes", "num_processes")


class Communication(TaskType):
    name = "Communication"
    output_observable = False  # the contestant's process talks to the manager; only its verdict shows

    def __init__(self, task):
        super().__init__(task)
        n = next((task.task_type_params[k] for k in NUM_PROCESSES_KEYS if k in task.task_type_params), 1)
        if not isinstance(n, int) or not 1 <= n <= 6:
            raise PackageError(task.root / "problem.json", f"bad number of processes {n!r}")
        self.num_processes = n

    def trusted_programs(self) -> list[Path]:
        return [*super().trusted_programs(), self.grader_file("manager.cpp")]

    def compile(self, sandbox: Sandbox, submission: Submission) -> Compiled:
        if not submission.source:
            return Compiled(CompileResult(ok=False, message="empty submission"))
        stub = self.grader_file("stub.cpp")
        code = self.task.code
        files = {**read_dir_files(stub.parent), "stub.cpp": stub.read_bytes(), f"{code}.cpp": submission.source.encode()}
        return compile_cpp(sandbox, files, ["stub.cpp", f"{code}.cpp"])

    def evaluate(self, sandbox: Sandbox, compiled: Compiled, submission: Submission, test: TestCase) -> TestResult:
        if (mle := self.check_static_memory(compiled, test)) is not None:
            return mle
        manager = self.trusted_program(sandbox, self.grader_file("manager.cpp"))
        n = self.num_processes
        limits = self.contestant_limits
        manager_limits = RunLimits(
            cpu_s=TRUSTED_LIMITS.cpu_s, wall_s=n * limits.wall_s + 10, memory_bytes=TRUSTED_LIMITS.memory_bytes,
            file_size_bytes=TRUSTED_LIMITS.file_size_bytes, open_files=64,
        )  # fmt: skip
        mgr_identity = n  # contestants are identities 0..n-1
        with sandbox.box() as box:
            box.mkdir("mgr")
            box.write("mgr/manager", manager, executable=True)
            box.write("input", test.input.read_bytes())
            fifo_args: list[str] = []
            for i in range(n):
                box.mkfifo(f"mgr/s2m{i}", owner=mgr_identity)
                box.mkfifo(f"mgr/m2s{i}", owner=mgr_identity)
                fifo_args += [f"/s2m{i}", f"/m2s{i}"]
                box.mkdir(f"sol{i}")
                box.write(f"sol{i}/prog", compiled.executable or b"", executable=True)
            specs = [
                ProcessSpec(argv=["/manager", *fifo_args], workdir="mgr", limits=manager_limits,
                            identity=mgr_identity, stdin="input", stdout="mgr.out", stderr="mgr.err",
                            policy="trusted")
            ]  # fmt: skip
            for i in range(n):
                argv = ["/prog", str(i)] if n > 1 else ["/prog"]
                specs.append(ProcessSpec(argv=argv, workdir=f"sol{i}", limits=limits, identity=i,
                                         stdin=f"mgr/m2s{i}", stdout=f"mgr/s2m{i}", stderr=f"sol{i}.err",
                                         policy="ipc"))
            stats = box.run(specs)
            mgr_out = box.read("mgr.out", 1 << 16).decode(errors="replace")
            mgr_err = box.read("mgr.err", 1 << 16).decode(errors="replace")
            sol_errs = [box.read(f"sol{i}.err", 1 << 16) for i in range(n)]
        mgr_stats, sol_stats = stats[0], stats[1:]
        worst = max(sol_stats, key=lambda s: (s.cpu_s, s.memory_bytes))
        # The report shows the heaviest process: IOI limits apply to each process on its own.
        # A manager that ran out of its limits or crashed is the judge's fault (SIGPIPE is not: it
        # wrote to a contestant that had died), and a contestant that merely waited for it out of
        # wall time (blocked on a FIFO the manager never opened or answered) is not to blame.
        manager_broken = mgr_stats.timed_out or mgr_stats.signal not in (0, signal.SIGPIPE)
        for st, err in zip(sol_stats, sol_errs):
            failure = run_failure(st, limits, err)
            waited = manager_broken and st.status is RunStatus.WALL_LIMIT
            if failure and failure[0] in (Verdict.TLE, Verdict.MLE) and not waited:
                return result_from_run(test.name, failure[0], 0.0, st, failure[1])
        if manager_broken:
            return result_from_run(test.name, Verdict.JUDGE_ERROR, 0.0, worst, f"manager failed: {mgr_stats.message}")
        from judge.checkers import read_checker_output

        outcome = read_checker_output(mgr_out, mgr_err)
        # A crashed contestant is RE whatever the manager made of the broken conversation.
        for st, err in zip(sol_stats, sol_errs):
            failure = run_failure(st, limits, err)
            if failure:
                return result_from_run(test.name, failure[0], 0.0, st, failure[1])
        if mgr_stats.signal:  # SIGPIPE with every contestant fine: still not an answer to trust
            return result_from_run(test.name, Verdict.JUDGE_ERROR, 0.0, worst, f"manager failed: {mgr_stats.message}")
        return result_from_run(test.name, outcome.verdict, outcome.score, worst, outcome.message)
