"""Interactive (Kattis): the package's validator talks to the submission through two pipes.

The validator runs as `validator input answer feedback_dir [flags]` (the `kattis` checker
protocol) with its stdout connected to the submission's stdin and the submission's stdout to its
stdin; each side runs under its own limits, uid and chroot. The verdict follows problemtools: a
validator that rejected before the submission ended gives WA (the submission's later stall or
crash is its consequence); otherwise a submission that ran out of time or crashed gets TLE/RE
(also when it misbehaves after the validator accepted); else the validator's verdict and score.

The runner opens a process's stdin before its stdout, so two runner-opened pipes would deadlock;
a tiny trusted wrapper opens the validator's ends in the other order and then execs it.
"""
from __future__ import annotations

import signal

from judge.checkers import CheckerRun, get_protocol
from judge.compile import Compiled, compile_cpp
from judge.languages import launch
from judge.model import TestCase
from judge.sandbox.base import ProcessSpec, RunLimits, Sandbox
from judge.tasktypes.base import TRUSTED_LIMITS, Submission, TaskType, result_from_run, run_failure
from judge.tasktypes.batch import compile_submission
from judge.verdict import TestResult, Verdict

# argv: /pipe-exec TO_PROGRAM FROM_PROGRAM PROGRAM ARGS...: open the write end first, then exec.
PIPE_EXEC = r"""
#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
int main(int argc, char** argv) {
    if (argc < 4) return 120;
    int out = open(argv[1], O_WRONLY);
    if (out < 0 || dup2(out, 1) < 0) { perror("pipe-exec: open to-program pipe"); return 121; }
    int in = open(argv[2], O_RDONLY);
    if (in < 0 || dup2(in, 0) < 0) { perror("pipe-exec: open from-program pipe"); return 122; }
    close(out); close(in);
    execv(argv[3], argv + 3);
    perror("pipe-exec: exec");
    return 123;
}
"""
VALIDATOR_ID, PROGRAM_ID = 1, 0
FIRST_MARGIN_S = 0.2


class Interactive(TaskType):
    name = "Interactive"
    runs_generated_inputs = False  # a run needs the validator and its answer file, which a generated input lacks
    output_observable = False  # the program talks to the validator; only the validator's verdict shows

    def trusted_programs(self):
        return [self.task.checker] if self.task.checker else []

    def compile(self, sandbox: Sandbox, submission: Submission) -> Compiled:
        return compile_submission(self.task, sandbox, submission)

    def _pipe_exec(self, sandbox: Sandbox) -> bytes:
        if "pipe-exec" not in self._trusted:
            compiled = compile_cpp(sandbox, {"pipe_exec.cpp": PIPE_EXEC.encode()}, ["pipe_exec.cpp"],
                                   flags=("-O2", "-static"))  # fmt: skip
            if compiled.executable is None:
                from judge.errors import JudgeError

                raise JudgeError(f"pipe-exec does not compile: {compiled.result.message[:300]}")
            self._trusted["pipe-exec"] = compiled.executable
        return self._trusted["pipe-exec"]

    def evaluate(self, sandbox: Sandbox, compiled: Compiled, submission: Submission, test: TestCase) -> TestResult:
        if (mle := self.check_static_memory(compiled, test)) is not None:
            return mle
        if self.task.checker is None:
            from judge.errors import PackageError

            raise PackageError(self.task.root, "an interactive problem needs an output validator")
        protocol = get_protocol(self.task.checker_protocol)
        validator = self.trusted_program(sandbox, self.task.checker)
        wrapper = self._pipe_exec(sandbox)
        limits = self.contestant_limits
        validator_limits = RunLimits(cpu_s=self.checker_limits.cpu_s, wall_s=limits.wall_s + 10,
                                     memory_bytes=TRUSTED_LIMITS.memory_bytes,
                                     file_size_bytes=TRUSTED_LIMITS.file_size_bytes)  # fmt: skip
        filename, program, argv, confine = launch(compiled.executable or b"")
        flags = [*self.task.checker_flags, *test.checker_args]
        with sandbox.box() as box:
            box.mkdir("val")
            box.write("val/pipe-exec", wrapper, executable=True)
            box.write("val/checker", validator, executable=True)
            box.write("val/input", test.input.read_bytes())
            box.write("val/answer", test.output.read_bytes() if test.output else b"")
            box.mkdir("val/feedback", owner=VALIDATOR_ID)
            box.mkfifo("val/to_program", owner=VALIDATOR_ID)
            box.mkfifo("val/from_program", owner=VALIDATOR_ID)
            box.mkdir("sol")
            box.write(f"sol/{filename}", program, executable=True)
            specs = [
                ProcessSpec(argv=["/pipe-exec", "/to_program", "/from_program", *protocol.argv(flags)], workdir="val",
                            limits=validator_limits, identity=VALIDATOR_ID, stdout="val.out", stderr="val.err", policy="trusted"),
                ProcessSpec(argv=argv, workdir="sol", limits=limits, identity=PROGRAM_ID, confine=confine,
                            stdin="val/to_program", stdout="val/from_program", stderr="sol.err"),
            ]  # fmt: skip
            vstats, pstats = box.run(specs)
            vout = box.read("val.out", 1 << 16).decode(errors="replace")
            verr = box.read("val.err", 1 << 16).decode(errors="replace")
            feedback = {name: box.read(f"val/feedback/{name}", 1 << 16).decode(errors="replace")
                        for name in ("score.txt", "judgemessage.txt", "teammessage.txt")}  # fmt: skip
            perr = box.read("sol.err", 1 << 16)
        outcome = protocol.outcome(CheckerRun(vstats, vout, verr, feedback))
        failure = run_failure(pstats, limits, perr)
        # Who ended first: a validator that rejects on the end of its input ends *after* the
        # submission, one that rejects a bad message ends well before it (the margin absorbs noise),
        # and a submission killed by SIGPIPE wrote to a validator that had already gone.
        validator_first = vstats.wall_s + FIRST_MARGIN_S < pstats.wall_s or pstats.signal == signal.SIGPIPE
        if outcome.verdict is Verdict.WA and (failure is None or validator_first):
            return result_from_run(test.name, Verdict.WA, 0.0, pstats, outcome.message)
        if failure is not None:
            return result_from_run(test.name, failure[0], 0.0, pstats, failure[1])
        return result_from_run(test.name, outcome.verdict, outcome.score, pstats, outcome.message)
