"""The local sandbox's reuse across runs: the long-lived `boxrun --serve` of each slot, the blob
store that links programs into boxes, and the recycled box directories. Each must keep every
protection of a fresh `boxrun` per run: a killed server is replaced and the run's verdict stays
right, a dead judge takes its servers and their boxes with it, nothing is left behind, and no box
can change what a later box receives.

Waits here are for a state to be reached (bounded by generous deadlines), never for time to pass.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from pathlib import Path

import pytest
from conftest import compile_probe, fresh_local_sandbox

from judge.sandbox.base import MiB, ProcessSpec, RunLimits, RunStatus
from judge.sandbox.boxrun import boxrun_path
from judge.sandbox.local import BoxrunServer, LocalSandbox
from judge.sandbox.protections import cgroup_dirs

ROOT = Path(__file__).resolve().parent.parent
LIMITS = RunLimits(cpu_s=2, wall_s=60, memory_bytes=256 * MiB)
IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="slots (and their servers) exist only when the judge runs as root")


def make_sandbox(base: Path) -> LocalSandbox:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return LocalSandbox(base_dir=base)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with fresh_local_sandbox(tmp_path_factory) as sb:  # its folder must be empty once it closes
        yield sb


@pytest.fixture(scope="module")
def probe(sandbox) -> bytes:
    return compile_probe(sandbox)


def wait_for(condition, what: str, deadline_s: float = 30.0):
    """Poll until `condition()` is truthy (a state, not a duration); fail after a generous deadline."""
    end = time.monotonic() + deadline_s
    while not (value := condition()):
        if time.monotonic() > end:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.01)
    return value


def cgroup_pids(slot) -> list[int]:
    pids: set[int] = set()
    for d in cgroup_dirs(slot.cgroup):
        try:
            pids.update(int(p) for p in (d / "cgroup.procs").read_text().split())
        except OSError:
            pass
    return sorted(pids)


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def run_probe(sandbox, probe, *args, stdin=b""):
    with sandbox.box() as box:
        box.mkdir("run")
        box.write("run/probe", probe, executable=True)
        box.write("in", stdin)
        stats = box.run([ProcessSpec(argv=["/probe", *args], workdir="run", limits=LIMITS, stdin="in",
                                     stdout="out", stderr="err")])[0]  # fmt: skip
        return stats, box.read("out")


@needs_root
def test_runs_are_served_by_one_long_lived_boxrun(sandbox, probe):
    stats, out = run_probe(sandbox, probe, "cat", stdin=b"first")
    assert stats.ok and out == b"first"
    slot = sandbox._all[0]
    server = slot.server.proc
    assert server is not None and alive(server.pid)
    for k in range(5):  # the same server answers every run of the slot, whatever the verdict
        stats, out = run_probe(sandbox, probe, "exit", str(k))
        assert stats.exit_code == k and (stats.status is RunStatus.OK) == (k == 0)
    stats, _ = run_probe(sandbox, probe, "signal", str(int(signal.SIGSEGV)))
    assert stats.status is RunStatus.SIGNALED and stats.signal == signal.SIGSEGV
    assert all(s.server.proc is None or s.server.proc.pid == server.pid for s in sandbox._all[:1])
    assert cgroup_pids(slot) == []


@needs_root
def test_server_killed_mid_run_is_replaced_and_the_verdict_is_right(sandbox, probe):
    """SIGKILL the slot's server while its program waits on a FIFO: the program dies with it
    (parent-death signal), the judge starts a new server, runs the request again, and the run
    ends with the right output; no process of the old run is left."""
    with sandbox.box() as box:
        box.mkdir("run")
        box.write("run/probe", probe, executable=True)
        box.mkfifo("in")
        spec = ProcessSpec(argv=["/probe", "cat"], workdir="run", limits=LIMITS, stdin="in", stdout="out",
                           stderr="err")  # fmt: skip
        slot = box.slot
        restarts = slot.server.restarts
        result: list = []
        runner = threading.Thread(target=lambda: result.append(box.run([spec])[0]))
        runner.start()
        first = wait_for(lambda: slot.server.proc is not None and cgroup_pids(slot) and slot.server.proc,
                         "the run's process in the slot cgroup")  # fmt: skip
        old_pids = cgroup_pids(slot)
        os.kill(first.pid, signal.SIGKILL)
        second = wait_for(lambda: slot.server.restarts == restarts + 1 and slot.server.proc, "a replacement server")
        assert second is not None and second.pid != first.pid
        assert slot.cgroup != slot.old_cgroups[-1]  # a zombie the init never reaps cannot pin its pids
        with open(box.root / "in", "wb") as fifo:  # waits for the rerun's program to open it
            fifo.write(b"after the restart")
        runner.join(60)
        assert not runner.is_alive()
        stats = result[0]
        assert stats.ok, stats
        assert box.read("out") == b"after the restart"
    assert not alive(first.pid)
    assert not any(alive(p) for p in old_pids)
    assert cgroup_pids(slot) == []


@needs_root
def test_server_dies_with_the_judge_and_kills_its_box(tmp_path):
    """A judge killed with SIGKILL mid-run: its server sees the request pipe lose its writer,
    kills the box through the cgroup and exits. Nothing of the run survives."""
    script = textwrap.dedent(f"""
        import sys, threading, time, warnings
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from judge.sandbox.base import MiB, ProcessSpec, RunLimits
        from judge.sandbox.local import LocalSandbox
        from judge.sandbox.protections import cgroup_dirs
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sb = LocalSandbox(base_dir=Path({str(tmp_path / "boxes")!r}))
        box = sb.box().__enter__()
        box.mkdir("run")
        spec = ProcessSpec(argv=["/bin/sleep", "1000"], workdir="run", limits=RunLimits(cpu_s=5, wall_s=600,
                           memory_bytes=256 * MiB), confine="system")
        def run():
            try:
                box.run([spec])
            finally:
                print("run ended", flush=True)
        threading.Thread(target=run, daemon=True).start()
        slot = box.slot
        while True:
            try:
                procs = [p for d in cgroup_dirs(slot.cgroup) for p in (d / "cgroup.procs").read_text().split()]
            except OSError:  # not made yet
                procs = []
            if slot.server.proc is not None and procs:
                break
            if slot.server.proc is not None and slot.server.proc.poll() is not None:
                sys.exit("the server died")
            time.sleep(0.01)
        print(slot.server.proc.pid, slot.cgroup, *procs, flush=True)
        time.sleep(1000)
    """)
    (tmp_path / "boxes").mkdir()
    judge = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        line = judge.stdout.readline().split()
        assert line, "the judge did not start its run"
        server, cgroup, box_pids = int(line[0]), line[1], [int(p) for p in line[2:]]
        assert alive(server) and all(alive(p) for p in box_pids)
        judge.kill()
        judge.wait()
        wait_for(lambda: not alive(server), "the server's exit")
        wait_for(lambda: not any(alive(p) for p in box_pids), "the box's processes' deaths")
        for d in cgroup_dirs(cgroup):
            assert (d / "cgroup.procs").read_text().split() == []
    finally:
        judge.kill()
        judge.wait()
        from judge.sandbox.protections import remove_cgroup

        if "cgroup" in locals():
            remove_cgroup(cgroup)


@needs_root
def test_two_sandboxes_at_once(tmp_path, probe):
    """Two judges' sandboxes running side by side: separate slots and servers, right outputs."""
    sandboxes = [make_sandbox(tmp_path / f"boxes{i}") for i in range(2)]
    errors: list[str] = []

    def work(sb, tag: str) -> None:
        for k in range(8):
            stats, out = run_probe(sb, probe, "cat", stdin=f"{tag}-{k}".encode())
            if not stats.ok or out != f"{tag}-{k}".encode():
                errors.append(f"{tag}-{k}: {stats} {out!r}")

    for sb in sandboxes:
        (sb.base_dir).mkdir(exist_ok=True)
    threads = [threading.Thread(target=work, args=(sb, f"sb{i}")) for i, sb in enumerate(sandboxes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    servers = [s.server.proc.pid for sb in sandboxes for s in sb._all if s.server.proc is not None]
    assert len(servers) == len(set(servers)) >= 2
    bases = {s.base for sb in sandboxes for s in sb._all}
    assert len(bases) == sum(len(sb._all) for sb in sandboxes)  # no uid slot shared
    for sb in sandboxes:
        sb.close()
    assert not any(alive(p) for p in servers)  # closing a sandbox ends its servers


@needs_root
def test_linked_files_cannot_be_changed_by_a_box(sandbox, probe):
    """A large file given to many boxes is one read-only inode of the judge's: a program that
    tries to rewrite it fails, and the next box receives the original bytes."""
    data = bytes(range(256)) * 1024  # large enough to be linked rather than written
    for attempt in range(2):
        with sandbox.box() as box:
            box.mkdir("run")
            box.write("run/probe", probe, executable=True)
            box.write("run/data", data)
            assert os.stat(box.root / "run" / "data").st_nlink >= 2  # linked from the blob store
            stats = box.run([ProcessSpec(argv=["/probe", "write", "/data", "poisoned"], workdir="run",
                                         limits=LIMITS)])[0]  # fmt: skip
            assert stats.exit_code == 103  # fopen for writing failed
            assert (box.root / "run" / "data").read_bytes() == data


@needs_root
def test_recycled_directories_come_back_empty_and_the_judges(sandbox, probe):
    """Box directories are recycled, never with a box's files in them, and never one a box uid
    owned (it could have left an ACL on it)."""
    for _ in range(3):
        with sandbox.box() as box:
            box.mkdir("run")
            box.mkdir("mine", owner=0)
            box.write("mine/probe", probe, executable=True)
            stats = box.run([ProcessSpec(argv=["/probe", "write", "/made-by-program", "x"], workdir="mine",
                                         limits=LIMITS)])[0]  # fmt: skip
            assert stats.ok and box.exists("mine/made-by-program")
            box.write("mine/note", b"judge's")
            assert set(os.listdir(box.root)) == {"run", "mine"}
    spares = list(sandbox.base_dir.glob(".spare-*/*"))
    assert spares, "nothing was recycled"
    for d in spares:
        st = os.lstat(d)
        assert d.is_dir() and not d.is_symlink() and st.st_uid == os.geteuid() and os.listdir(d) == []
    with sandbox.box() as box:  # a recycled root is empty and private as a new one
        assert os.listdir(box.root) == [] and (os.stat(box.root).st_mode & 0o777) == 0o711


def test_server_request_protocol(tmp_path):
    """`boxrun --serve` answers each request as the command line would, a bad one with XX, and
    exits at end of input (no root needed)."""
    server = BoxrunServer(boxrun_path())
    true, false = "/bin/true", "/bin/false"
    try:
        meta = server.run(["--wall", "5", "--", true], timeout=30)
        assert meta.startswith("status:OK\n") and meta.endswith("\n\n")
        assert "status:RE" in server.run(["--wall", "5", "--", false], timeout=30)
        assert "status:XX\nmessage:unknown option --bogus" in server.run(["--bogus", "1", "--", true], timeout=30)
        assert "status:XX" in server.run(["--wall", "5", "--", str(tmp_path / "missing")], timeout=30)
        assert "status:OK" in server.run(["--wall", "5", "--", true], timeout=30)  # still serving
        pid = server.proc.pid
        assert server.restarts == 0
    finally:
        server.stop()
    assert server.proc is None and not alive(pid)


@needs_root
@pytest.mark.parametrize("policy", ["contestant", "ipc", "trusted"])
def test_every_listed_syscall_is_denied_in_a_served_run(sandbox, tmp_path, policy):
    """The seccomp filter (one shared RET per outcome) denies each syscall of its list with EPERM,
    clone3 with ENOSYS and namespace-making clones, and still lets fork and the allowed sockets
    through: tests/hostile/syscall_policy.c prints any that behave otherwise."""
    exe = tmp_path / "policy"
    subprocess.run(["gcc", "-O2", "-static", "-o", str(exe), str(ROOT / "tests" / "hostile" / "syscall_policy.c")],
                   check=True)  # fmt: skip
    with sandbox.box() as box:
        box.mkdir("run")
        box.write("run/policy", exe.read_bytes(), executable=True)
        limits = RunLimits(cpu_s=2, wall_s=30, memory_bytes=256 * MiB, processes=4)
        stats = box.run([ProcessSpec(argv=["/policy", policy], workdir="run", limits=limits, stdout="out",
                                     policy=policy)])[0]  # fmt: skip
        assert stats.ok, stats
        unix = "unix socket allowed\nsocketpair allowed\n" if policy == "trusted" else ""
        assert box.read("out").decode() == unix + "done\n"


@pytest.mark.parametrize("size", [10, 100_000])  # written, and linked from the blob store (as root)
def test_box_files_in_new_directories_and_links(sandbox, size):
    """Box paths: a file in directories not made yet lands there (its parents are made), a link
    planted inside the box is followed only while it stays inside, `..` and absolute names fail."""
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    with sandbox.box() as box:
        box.write("deep/er/file", data)
        assert (box.root / "deep" / "er" / "file").read_bytes() == data and box.read("deep/er/file") == data
        assert box.exists("deep/er") and not box.exists("deep/er/missing") and box.read("no/such/file") == b""
        os.symlink("deep", box.root / "inside")
        assert box.read("inside/er/file") == data
        os.symlink("/etc", box.root / "outside")
        for name in ("outside/passwd", "../x", "/etc/passwd", "deep/../../x"):
            with pytest.raises(ValueError):
                box.read(name)
        box.mkfifo("fifo")
        assert box.read("fifo") == b""  # never waits for a writer


@needs_root
def test_limits_that_change_between_served_runs_take_effect(sandbox, probe):
    """The server rewrites a cgroup limit only when it changed: each run still gets its own
    (memory: 100 MiB fits in 256 MiB, not in 64; tasks: a fork needs two)."""
    def cgroup_limits(slot) -> tuple[int, int]:
        memory = pids = -1
        for d in cgroup_dirs(slot.cgroup):
            for name in ("memory.limit_in_bytes", "memory.max"):
                if (d / name).exists():
                    memory = int((d / name).read_text())
            if (d / "pids.max").exists():
                pids = int((d / "pids.max").read_text())
        return memory, pids

    def run(memory_mib: int, processes: int, *args: str):
        limits = RunLimits(cpu_s=2, wall_s=30, memory_bytes=memory_mib * MiB, processes=processes)
        with sandbox.box() as box:
            box.mkdir("run")
            box.write("run/probe", probe, executable=True)
            stats = box.run([ProcessSpec(argv=["/probe", *args], workdir="run", limits=limits, stdout="out")])[0]
            assert cgroup_limits(box.slot) == (memory_mib * MiB, processes)  # what this run had
            return stats, box.read("out")

    for _ in range(2):
        stats, out = run(256, 1, "touch", "100")
        assert stats.ok and out == b"7\n" and stats.memory_bytes >= 90 * MiB  # (the peak is the box cgroup's)
        stats, _ = run(64, 1, "touch", "100")
        assert not stats.ok  # refused allocation (exit 102) or killed
        stats, out = run(256, 2, "fork")
        assert stats.ok and out == b"forked\n"
        stats, out = run(256, 1, "fork")
        assert stats.ok and out == b"fork failed\n"


@needs_root
def test_a_killed_judges_stores_are_swept(tmp_path):
    """Blob stores, spare directories and recycled boxes of a judge that is gone (named after its
    pid) are removed by the next sandbox on the same base directory; a live judge's are kept."""
    base = tmp_path / "boxes"
    base.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    for name in (f".blobs-{dead}-x", f".spare-{dead}-y", f"box-{dead}-3"):
        (base / name / "d").mkdir(parents=True)
        (base / name / "d" / "f").write_bytes(b"left")
    live = base / f".blobs-{os.getpid()}-z"
    live.mkdir()
    (base / "box-12345678").mkdir()  # a box from mkdtemp whose random name is all digits: not a pid
    sb = make_sandbox(base)
    try:
        assert not any((base / n).exists() for n in (f".blobs-{dead}-x", f".spare-{dead}-y", f"box-{dead}-3"))
        assert live.exists() and (base / "box-12345678").exists()
    finally:
        sb.close()
        live.rmdir()
        (base / "box-12345678").rmdir()
