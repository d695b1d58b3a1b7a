"""The judge's side of a contestant's output: an output limit with its own verdict (OLE), exact to the
byte; outputs that reach the checker and the token comparison without the judge holding them; and
checkers under limits, so a slow, greedy or sleeping checker is a judge error (JE), never a hang.

The tasks are built here: plain stdin/stdout Batch tasks with one test, with and without a checker.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import judge.tasktypes.base as tasktypes_base
from judge.judging import Judge
from judge.loaders import load_task
from judge.model import Limits, Subtask, Task, TestCase
from judge.outputs import ProgramOutput, default_output_bytes, put_output, take_output, token_digest
from judge.sandbox.base import MiB
from judge.sandbox.local import LocalSandbox
from judge.tasktypes import Submission
from judge.verdict import Verdict

from ioi_agent.runner import output_hash
from conftest import fresh_local_sandbox

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

PROGRAMS = Path(__file__).resolve().parent / "programs"
PRINT_N = (PROGRAMS / "print_n.cpp").read_text()  # prints n bytes, n read from stdin
FLOOD = r"""#include <cstdio>
#include <cstring>
int main() { static char line[1 << 16]; std::memset(line, 'y', sizeof line); for (;;) std::fwrite(line, 1, sizeof line, stdout); }
"""
ACCEPT_CHECKER = (PROGRAMS / "accept_checker.cpp").read_text()  # reads the output, accepts
BAD_CHECKERS = {
    "spins": "int main() { volatile unsigned long x = 0; for (;;) x++; }\n",
    "sleeps": "#include <unistd.h>\nint main() { for (;;) pause(); }\n",
    "hoards": "#include <cstdlib>\n#include <cstring>\n"
              "int main() { for (;;) { char *p = (char *)std::malloc(64 << 20); if (!p) std::abort(); std::memset(p, 1, 64 << 20); } }\n",
}


def make_task(root: Path, expected: bytes, stdin: bytes = b"", checker: str | None = None,
              output_bytes: int | None = None) -> Task:  # fmt: skip
    root.mkdir(parents=True, exist_ok=True)
    (root / "t1.in").write_bytes(stdin)
    (root / "t1.out").write_bytes(expected)
    checker_path = None
    if checker is not None:
        checker_path = root / "checker.cpp"
        checker_path.write_text(checker)
    return Task(code="io", name="IO", task_type="Batch",
                limits=Limits(time_s=2, memory_bytes=256 * MiB, output_bytes=output_bytes),
                tests=(TestCase(name="t1", input=root / "t1.in", output=root / "t1.out"),),
                subtasks=(Subtask(index=0, name="all", points=100, tests=("t1",)),), root=root,
                checker=checker_path)  # fmt: skip


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with fresh_local_sandbox(tmp_path_factory, workers=2) as sb:
        yield sb


def expected_for(n: int) -> bytes:
    line = b"\n" + b"y" * 63
    return (line * (n // 64 + 1))[:n]


# --- the output limit -----------------------------------------------------------------------------


def test_exactly_the_limit_is_judged_and_one_byte_more_is_ole(sandbox, tmp_path):
    """The token comparison would accept the extra byte (a blank): only the limit tells them apart."""
    limit = 10_240  # a multiple of 64: byte number limit + 1 is a newline
    task = make_task(tmp_path, expected_for(limit), stdin=f"{limit}\n".encode(), output_bytes=limit)
    judge = Judge(task, sandbox)
    exact = judge.judge(PRINT_N).tests[0]
    assert exact.verdict is Verdict.OK, exact.message
    (tmp_path / "t1.in").write_bytes(f"{limit + 1}\n".encode())
    over = judge.judge(PRINT_N).tests[0]
    assert over.verdict is Verdict.OLE and over.score == 0
    assert "output limit exceeded" in over.message


def test_endless_output_is_ole_at_the_default_limit(sandbox, tmp_path):
    task = make_task(tmp_path, b"1\n")
    result = Judge(task, sandbox).judge(FLOOD).tests[0]
    assert result.verdict is Verdict.OLE, result
    assert f"limit {default_output_bytes() // MiB} MiB" in result.message


def test_the_default_limit_is_configurable_and_checked(monkeypatch):
    monkeypatch.setenv("IOI_AGENT_OUTPUT_MIB", "8")
    assert default_output_bytes() == 8 * MiB
    monkeypatch.setenv("IOI_AGENT_OUTPUT_MIB", "-1")
    with pytest.raises(Exception, match="IOI_AGENT_OUTPUT_MIB"):
        default_output_bytes()


def test_an_output_only_file_over_the_limit_is_ole(sandbox, tmp_path):
    task = make_task(tmp_path, b"1\n", output_bytes=100).model_copy(update={"task_type": "OutputOnly"})
    judge = Judge(task, sandbox)
    assert judge.judge(Submission(outputs={"t1": b"1" + b" " * 100})).tests[0].verdict is Verdict.OLE
    assert judge.judge(Submission(outputs={"t1": b"1\n"})).tests[0].verdict is Verdict.OK


# --- outputs leave the box without passing through the judge's memory -------------------------------


def test_a_local_output_is_linked_out_of_its_box_and_into_the_checkers(sandbox):
    with sandbox.box() as box:
        box.write("output", b"42\n")
        out = take_output(box, "output", 100)
        assert out.path is not None and out.path.stat().st_ino == (box.root / "output").stat().st_ino
    assert out.read() == b"42\n"  # the box is gone, the output is not
    with sandbox.box() as checker_box:
        put_output(checker_box, "check/output", out)
        assert (checker_box.root / "check/output").stat().st_ino == out.path.stat().st_ino
        assert checker_box.read("check/output") == b"42\n"
    path = out.path
    del out
    assert not path.exists()  # removed with its last reference


def test_an_output_over_the_limit_keeps_only_its_size(sandbox):
    with sandbox.box() as box:
        box.write("output", b"x" * 101)
        out = take_output(box, "output", 100)
    assert out.size == 101 and out.path is None and out.read() == b""


def test_other_backends_are_read_at_most_one_byte_past_the_limit():
    class RemoteBox:  # a box elsewhere (a container): no host paths, read a chunk at a time
        def __init__(self, data: bytes):
            self.data, self.read_bytes = data, 0

        def host_path(self, name):
            return None

        def read_at(self, name, offset, size):
            chunk = self.data[offset:offset + size]
            self.read_bytes += len(chunk)
            return chunk

    box = RemoteBox(b"z" * 5000)
    assert take_output(box, "output", 4999).size == 5000 and box.read_bytes == 5000
    box = RemoteBox(b"z" * 50_000)
    over = take_output(box, "output", 4999)
    assert over.size == 5000 and over.path is None and box.read_bytes == 5000  # limit + 1, not all 50 000
    small = take_output(RemoteBox(b"z" * 5000), "output", 10_000)
    assert small.size == 5000 and small.read() == b"z" * 5000 and isinstance(small, ProgramOutput)


JUDGE_ONE = textwrap.dedent("""
    import json, sys, warnings
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from judge.judging import Judge
    from judge.model import Limits, Subtask, Task, TestCase
    from judge.sandbox.local import LocalSandbox
    root = Path(sys.argv[2])
    checker = root / "checker.cpp" if (root / "checker.cpp").exists() else None
    task = Task(code="io", name="IO", task_type="Batch", limits=Limits(time_s=10, memory_bytes=512 << 20),
                tests=(TestCase(name="t1", input=root / "t1.in", output=root / "t1.out"),),
                subtasks=(Subtask(index=0, name="all", points=100, tests=("t1",)),), root=root, checker=checker)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        judge = Judge(task, LocalSandbox(workers=1))
    big_input = (root / "t1.in").read_bytes()
    (root / "t1.in").write_bytes(b"1\\n")
    judge.judge(sys.argv[3])  # compiles the program and the checker, on a one-byte output
    (root / "t1.in").write_bytes(big_input)
    def kib(field):
        return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(field + ":"))
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) restarts from the current RSS
    base = kib("VmRSS")
    r = judge.judge(sys.argv[3]).tests[0]
    print(json.dumps({"verdict": r.verdict.value, "message": r.message, "grew_kib": kib("VmHWM") - base}))
""")


def judge_in_subprocess(root: Path, source: str) -> dict:
    """Judge in a fresh interpreter and report how far its peak RSS rose above its RSS before the
    judgement (VmHWM reset through /proc/self/clear_refs; ru_maxrss would carry pytest's peak)."""
    proc = subprocess.run([sys.executable, "-c", JUDGE_ONE, str(REPO), str(root), source], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("with_checker", [True, False], ids=["checker", "token-comparison"])
def test_judging_a_64_mib_output_costs_the_judge_no_64_mib(sandbox, tmp_path, with_checker):
    size = 64 * MiB
    make_task(tmp_path, expected_for(size), stdin=f"{size}\n".encode(),
              checker=ACCEPT_CHECKER if with_checker else None)
    got = judge_in_subprocess(tmp_path, PRINT_N)
    assert got["verdict"] == "OK", got
    if with_checker:
        assert f"{size} bytes" in got["message"], got  # the checker read all of it
    assert got["grew_kib"] < 16 * 1024, got  # the judge's peak grew by less than 16 MiB


# --- checkers under limits ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD_CHECKERS))
def test_a_checker_that_runs_away_is_a_judge_error_within_its_limits(sandbox, tmp_path, monkeypatch, name):
    monkeypatch.setattr(tasktypes_base, "TRUSTED_LIMITS",
                        replace(tasktypes_base.TRUSTED_LIMITS, cpu_s=1, wall_s=2, memory_bytes=256 * MiB))
    task = make_task(tmp_path, b"1\n", stdin=b"1\n", checker=BAD_CHECKERS[name])
    result = Judge(task, sandbox).judge(PRINT_N).tests[0]
    assert result.verdict is Verdict.JUDGE_ERROR and result.score == 0, result
    assert result.message.startswith("checker failed"), result.message


@given(st.binary(max_size=300), st.integers(min_value=1, max_value=17))
def test_the_streamed_token_digest_is_the_digest_of_the_joined_tokens(data, chunk):
    assert token_digest(io.BytesIO(data), chunk) == hashlib.sha256(b" ".join(data.split())).hexdigest()


@given(st.lists(st.sampled_from([b"7", b"42", b" ", b"\n", b"\t", b"\r\n", b"ab"]), max_size=40))
def test_outputs_that_differ_only_in_whitespace_hash_alike(pieces):
    data = b"".join(pieces)
    spaced = b"  \n".join(data.split()) + b"\n"
    assert output_hash(ProgramOutput.from_bytes(data)) == output_hash(spaced) == output_hash(data)


@pytest.mark.parametrize("name", ["spins", "hoards"])
def test_a_manager_that_runs_away_is_a_judge_error_within_its_limits(sandbox, tmp_path, monkeypatch, name):
    monkeypatch.setattr(tasktypes_base, "TRUSTED_LIMITS",
                        replace(tasktypes_base.TRUSTED_LIMITS, cpu_s=1, memory_bytes=256 * MiB))
    monkeypatch.setattr("judge.tasktypes.communication.TRUSTED_LIMITS", tasktypes_base.TRUSTED_LIMITS)
    graders = tmp_path / "graders"
    graders.mkdir()
    (graders / "stub.cpp").write_text("int solve();\nint main() { return solve() * 0; }\n")
    (graders / "manager.cpp").write_text(BAD_CHECKERS[name])
    task = make_task(tmp_path, b"", stdin=b"1\n").model_copy(update={
        "task_type": "Communication", "graders": {"stub.cpp": graders / "stub.cpp", "manager.cpp": graders / "manager.cpp"}})
    result = Judge(task, sandbox).judge("int solve() { return 0; }\n").tests[0]
    assert result.verdict is Verdict.JUDGE_ERROR and result.message.startswith("manager failed"), result


def test_a_program_that_ignores_sigxfsz_and_exits_is_still_ole(sandbox, tmp_path):
    """Past the file size limit writes fail with EFBIG instead of killing it: the file's size tells."""
    src = ("#include <csignal>\n#include <cstdio>\nint main() { std::signal(SIGXFSZ, SIG_IGN);\n"
           "  for (int i = 0; i < 300; i++) std::printf(\"1 \"); return 0; }\n")
    task = make_task(tmp_path, b"1 " * 50, output_bytes=100)
    result = Judge(task, sandbox).judge(src).tests[0]
    assert result.verdict is Verdict.OLE and "101 bytes" not in result.message, result


def test_a_kattis_output_limit_is_the_tasks_and_judged(sandbox, tmp_path):
    """`limits: output` (MiB) in problem.yaml becomes the task's output limit; without it the default."""
    hello = SHARED / "kattis" / "problemtools-examples" / "hello"
    if not hello.exists():
        pytest.skip("../shared/kattis is needed beside the project")
    pkg = tmp_path / "hello"
    shutil.copytree(hello, pkg)
    assert load_task(pkg).limits.output_bytes is None
    (pkg / "problem.yaml").write_text("name: Hello\nlimits:\n  memory: 512\n  output: 1\n")
    task = load_task(pkg)
    assert task.limits.output_bytes == MiB
    flood = Judge(task, sandbox).judge(FLOOD).tests[0]
    assert flood.verdict is Verdict.OLE and "limit 1 MiB" in flood.message, flood
