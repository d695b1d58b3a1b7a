"""The local sandbox driven directly through Box and ProcessSpec: statuses, limits, measurements,
stream plumbing, clean-up, and the meta format boxrun speaks.

Every run uses one probe program (tests/hostile/probe.cpp) whose first argument picks a behaviour.
"""
from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge.errors import JudgeError
from conftest import TIME_SCALE, compile_probe, fresh_local_sandbox
from judge.sandbox.base import MiB, ProcessSpec, RunLimits, RunStatus
from judge.sandbox.boxrun import parse_meta, stats_from_meta
from judge.sandbox.uids import UIDS_PER_BOX, uid_range

LIMITS = RunLimits(cpu_s=1 * TIME_SCALE, wall_s=3 * TIME_SCALE, memory_bytes=256 * MiB)
IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="per-identity uids exist only when the judge runs as root")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with fresh_local_sandbox(tmp_path_factory) as sb:
        yield sb


@pytest.fixture(scope="module")
def probe(sandbox) -> bytes:
    return compile_probe(sandbox)


def run_probe(sandbox, probe, *args, limits=LIMITS, stdin=b"", env=None, owner=None, identity=0):
    """Run the probe once in a fresh box; returns (stats, stdout, stderr)."""
    with sandbox.box() as box:
        box.mkdir("run", owner=owner)
        box.write("run/probe", probe, executable=True)
        box.write("in", stdin)
        spec = ProcessSpec(argv=["/probe", *args], workdir="run", limits=limits, identity=identity,
                           stdin="in", stdout="out", stderr="err", env=env or {})
        stats = box.run([spec])[0]
        return stats, box.read("out"), box.read("err")


@pytest.mark.parametrize("code", [0, 3, 255])
def test_exit_code(sandbox, probe, code):
    stats, _, _ = run_probe(sandbox, probe, "exit", str(code))
    assert stats.exit_code == code and stats.signal == 0
    if code == 0:
        assert stats.status is RunStatus.OK and stats.ok and stats.message == ""
    else:
        assert stats.status is RunStatus.RUNTIME_ERROR and f"code {code}" in stats.message


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGABRT, signal.SIGKILL, signal.SIGFPE])
def test_death_by_signal(sandbox, probe, sig):
    stats, _, _ = run_probe(sandbox, probe, "signal", str(int(sig)))
    assert stats.status is RunStatus.SIGNALED and stats.signal == sig and not stats.timed_out
    assert f"signal {int(sig)}" in stats.message


def test_cpu_limit_is_a_timeout(sandbox, probe):
    limits = RunLimits(cpu_s=0.5, wall_s=10, memory_bytes=256 * MiB)
    stats, _, _ = run_probe(sandbox, probe, "spin", limits=limits)
    assert stats.status is RunStatus.TIME_LIMIT and stats.timed_out
    assert stats.cpu_s > 0.5
    assert stats.wall_s < 5  # the CPU rlimit ended it, not the 10 s wall limit


def test_wall_limit_ends_a_sleeping_program(sandbox, probe):
    limits = RunLimits(cpu_s=5, wall_s=0.5, memory_bytes=256 * MiB)
    start = time.monotonic()
    stats, _, _ = run_probe(sandbox, probe, "sleep", limits=limits)
    assert stats.status is RunStatus.WALL_LIMIT and stats.timed_out
    # Bounds loose enough for a loaded machine: the point is that the limit, not the program, ended it.
    assert 0.5 <= stats.wall_s < 5
    assert stats.cpu_s < 0.5
    assert time.monotonic() - start < 10


def test_peak_memory_is_measured(sandbox, probe):
    stats, out, _ = run_probe(sandbox, probe, "touch", "100")
    assert stats.ok and out == b"7\n"
    # The cgroup's peak counts pages in per-CPU batches, so it can read a little under the 100 MiB
    # touched; what matters is that it is the program's own (not zero, not the judge's).
    assert 96 <= stats.memory_bytes / MiB <= 140


def test_memory_limit_refuses_allocations(sandbox, probe):
    stats, _, _ = run_probe(sandbox, probe, "touch", "300")  # 300 MiB against 256 MiB
    assert stats.status is RunStatus.RUNTIME_ERROR and stats.exit_code == 102  # malloc returned null


def test_streams_are_plumbed_exactly(sandbox, probe):
    data = random.Random(7).randbytes(3 * MiB + 17)
    stats, out, err = run_probe(sandbox, probe, "cat", stdin=data)
    assert stats.ok
    assert out == data and err == b"to stderr\n"


def test_output_is_capped_by_the_file_size_limit(sandbox, probe):
    limits = RunLimits(cpu_s=5, wall_s=10, memory_bytes=256 * MiB, file_size_bytes=MiB)
    stats, out, _ = run_probe(sandbox, probe, "flood", limits=limits)
    assert stats.status is RunStatus.SIGNALED and stats.signal == signal.SIGXFSZ
    assert len(out) == MiB


@pytest.mark.parametrize("processes", [1, 4])
def test_process_limit(sandbox, probe, processes):
    if processes > 1 and not IS_ROOT:
        pytest.skip("as an ordinary user the limit counts all of that user's processes")
    limits = RunLimits(cpu_s=1, wall_s=3, memory_bytes=256 * MiB, processes=processes)
    stats, out, _ = run_probe(sandbox, probe, "fork", limits=limits)
    assert stats.ok
    assert out == (b"fork failed\n" if processes == 1 else b"forked\n")


def test_environment_is_only_what_the_spec_gives(sandbox, probe, monkeypatch):
    monkeypatch.setenv("IOI_JUDGE_SECRET", "hunter2")
    stats, out, _ = run_probe(sandbox, probe, "env", env={"ANSWER": "42"})
    assert stats.ok
    env = dict(line.split("=", 1) for line in out.decode().splitlines())
    assert env == {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C", "ANSWER": "42"}


def test_box_is_removed_afterwards_even_after_an_error(sandbox, probe):
    with pytest.raises(RuntimeError), sandbox.box() as box:
        box.mkdir("run", owner=0)
        box.write("run/probe", probe, executable=True)
        spec = ProcessSpec(argv=["/probe", "write", "made-by-program", "x"], workdir="run", limits=LIMITS)
        assert box.run([spec])[0].ok
        assert box.exists("run/made-by-program")
        root = Path(box.root)
        assert root.is_dir()
        raise RuntimeError("caller failed mid-box")
    assert not root.exists()
    assert [n for n in os.listdir(sandbox.base_dir) if not n.startswith(".")] == []  # (the sandbox keeps .blobs-*, .spare-*)


def test_paths_cannot_leave_the_box(sandbox):
    with sandbox.box() as box:
        for bad in ("../x", "a/../../x", "/etc/passwd"):
            with pytest.raises(ValueError):
                box.write(bad, b"x")
        assert box.read("missing") == b""


def test_processes_of_one_run_start_together_and_report_in_order(sandbox, probe):
    limits = RunLimits(cpu_s=5, wall_s=2, memory_bytes=256 * MiB)
    with sandbox.box() as box:
        box.mkdir("run")
        box.write("run/probe", probe, executable=True)
        specs = [ProcessSpec(argv=["/probe", *args], workdir="run", limits=limits, identity=i)
                 for i, args in enumerate([("exit", "5"), ("sleep",), ("sleep",), ("exit", "0")])]
        start = time.monotonic()
        stats = box.run(specs)
        elapsed = time.monotonic() - start
    assert [s.status for s in stats] == [RunStatus.RUNTIME_ERROR, RunStatus.WALL_LIMIT, RunStatus.WALL_LIMIT,
                                         RunStatus.OK]
    assert stats[0].exit_code == 5
    assert elapsed < 3.5  # both sleepers ran at the same time (one after the other takes 4 s)


def test_a_program_that_cannot_start_is_a_judge_error(sandbox):
    with sandbox.box() as box:
        box.mkdir("run")
        with pytest.raises(JudgeError, match="exec"):
            box.run([ProcessSpec(argv=["/missing"], workdir="run", limits=LIMITS)])


@needs_root
def test_each_identity_is_its_own_unprivileged_user(sandbox, probe):
    stats, out, _ = run_probe(sandbox, probe, "uid", identity=3)
    uid, gid = map(int, out.split())
    assert stats.ok and uid == gid
    base, slots = uid_range()
    assert base <= uid < base + slots * UIDS_PER_BOX
    # a directory owned by identity 0 is closed to identity 1 of the same box
    with sandbox.box() as box:
        box.mkdir("run")
        box.mkdir("run/mine", owner=0)
        box.write("run/probe", probe, executable=True)
        denied, allowed = (
            box.run([ProcessSpec(argv=["/probe", "write", "mine/f", who], workdir="run", limits=LIMITS,
                                 identity=identity)])[0]
            for who, identity in (("intruder", 1), ("owner", 0))
        )
        assert box.read("run/mine/f") == b"owner"
    assert denied.exit_code == 103 and allowed.ok


# --- meta format ---------------------------------------------------------------------------------

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
keys = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
values = st.text(st.characters(blacklist_characters=LINE_BREAKS, blacklist_categories=("Cs",)), max_size=40)


@given(st.dictionaries(keys, values, max_size=12))
def test_parse_meta_round_trips_key_value_lines(meta):
    text = "".join(f"{k}:{v}\n" for k, v in meta.items())
    assert parse_meta(text) == {k: v.strip() for k, v in meta.items()}


@given(st.text(max_size=300))
def test_parse_meta_never_fails_and_keeps_only_colon_lines(text):
    meta = parse_meta(text)
    lines = text.splitlines()
    for key, value in meta.items():
        assert key == key.strip() and value == value.strip()
        assert any(line.partition(":")[0].strip() == key for line in lines)
    assert len(meta) <= sum(":" in line for line in lines)


@given(
    st.sampled_from([s for s in RunStatus]),
    st.integers(0, 255),
    st.integers(0, 64),
    st.floats(0, 1e4, allow_nan=False).map(lambda x: round(x, 3)),
    st.floats(0, 1e4, allow_nan=False).map(lambda x: round(x, 3)),
    st.integers(0, 2**40),
)
def test_stats_from_meta_reads_every_key(status, code, sig, cpu, wall, rss_kib):
    text = (f"status:{status.value}\nexitcode:{code}\nexitsig:{sig}\ntime:{cpu:.3f}\n"
            f"time-wall:{wall:.3f}\nmax-rss:{rss_kib}\nmessage:why: because\n")
    stats = stats_from_meta(parse_meta(text))
    assert stats.status is status and stats.exit_code == code and stats.signal == sig
    assert stats.cpu_s == pytest.approx(cpu) and stats.wall_s == pytest.approx(wall)
    assert stats.memory_bytes == rss_kib * 1024 and stats.message == "why: because"


@pytest.mark.parametrize("text", ["", "status:XX\nmessage:chroot: Permission denied\n", "garbage"])
def test_runner_failure_is_a_judge_error(text):
    with pytest.raises(JudgeError):
        stats_from_meta(parse_meta(text))
