"""Hostile programs judged by the local sandbox backend: each gets the right verdict, the judge stays
up, nothing is left behind (no box directory, no process of the box uids), and the correct solution
judged right after still scores 100.

The task is our own plain stdin/stdout Batch task (tests/hostile/task: a + b, 1 s, 256 MiB). Programs
that attack isolation print the sum and then one token per attack that succeeded, so an OK verdict
means every attack failed and a WA means one got through.
"""
from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import pytest

from conftest import TIME_SCALE, hostile_task
from judge.compile import COMPILE_LIMITS
from judge.judging import Judge
from judge.sandbox.local import LocalSandbox
from judge.sandbox.uids import UIDS_PER_BOX, uid_range
from judge.verdict import SubmissionResult, Verdict

HOSTILE = Path(__file__).resolve().parent / "hostile"
BOX_UIDS = range(uid_range()[0], uid_range()[0] + uid_range()[1] * UIDS_PER_BOX)
IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(
    not IS_ROOT,
    reason="isolation (own uid, chroot, network namespace) needs root; as an ordinary user the local "
    "sandbox only applies limits, so these attacks would reach this machine",
)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A judge on a private box base dir and compile cache: 'nothing left behind' means an empty dir,
    and every compile bomb really reaches the compiler (no cached CE)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("IOI_AGENT_CACHE", str(tmp_path_factory.mktemp("cache")))
    base = Path(tempfile.mkdtemp(prefix="ioi-hostile-boxes-"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the not-root warning; the isolation tests skip instead
        sandbox = LocalSandbox(base_dir=base)
    task = hostile_task()
    yield Judge(task, sandbox), base
    mp.undo()
    sandbox.close()  # its blob store and spare directories go with it
    os.rmdir(base)  # fails loudly if anything was left in it


def source(name: str, **subs: str) -> str:
    text = (HOSTILE / f"{name}.cpp").read_text()
    for key, value in subs.items():
        text = text.replace(f"@{key}@", value)
    missing = re.findall(r"@[A-Z]+@", text)
    assert not missing, f"{name}.cpp needs {missing}"
    return text


def c_strings(paths) -> str:
    return ", ".join('"' + str(p).replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)


def box_processes(base: Path) -> list[str]:
    """Processes of the box uids that belong to our boxes (chrooted under `base`, or holding a
    mount of it), as 'uid pid command' lines; other judges running at the same time are ignored."""
    rows = subprocess.run(["ps", "-eo", "uid=,pid=,comm="], capture_output=True, text=True, check=True).stdout
    ours = []
    for row in rows.splitlines():
        uid, pid, *_ = row.split()
        if int(uid) not in BOX_UIDS:
            continue
        try:
            root = os.readlink(f"/proc/{pid}/root")
            mounts = Path(f"/proc/{pid}/mountinfo").read_text()
        except OSError:  # already gone
            continue
        if base.name in root or base.name in mounts:
            ours.append(row.strip())
    return ours


def assert_nothing_left(base: Path, keep: frozenset[str] = frozenset()) -> None:
    # The sandbox's own: .blobs-* (files it links into boxes) and .spare-* (emptied directories)
    assert {n for n in os.listdir(base) if not n.startswith(".")} <= keep, "a box directory was left behind"
    for spare in base.glob(".spare-*/*"):
        assert spare.is_dir() and not spare.is_symlink() and not any(spare.iterdir()), f"{spare} kept box files"
    if IS_ROOT:
        deadline = time.monotonic() + 2.0
        while (left := box_processes(base)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert left == [], f"box processes survived their run: {left}"


def judge_hostile(env, name: str, keep: frozenset[str] = frozenset(), **subs: str) -> tuple[SubmissionResult, float]:
    """Judge a hostile program, check that nothing but `keep` is left and that the judge still works."""
    judge, base = env
    start = time.monotonic()
    result = judge.judge(source(name, **subs))
    elapsed = time.monotonic() - start
    assert_nothing_left(base, keep)
    assert all(t.verdict is not Verdict.JUDGE_ERROR for t in result.tests), result.tests
    after = judge.judge(source("sum"))
    assert after.score == 100, f"the correct solution after {name}: {after.tests}"
    assert_nothing_left(base, keep)
    return result, elapsed


def verdicts(result: SubmissionResult) -> set[Verdict]:
    return {t.verdict for t in result.tests}


def test_correct_solution_scores_100(env):
    result, _ = judge_hostile(env, "sum")
    assert result.score == 100 and verdicts(result) == {Verdict.OK}


def test_fork_bomb_is_stopped(env):
    result, elapsed = judge_hostile(env, "fork_bomb")
    assert verdicts(result) <= {Verdict.RE, Verdict.TLE} and result.score == 0
    assert elapsed < 15 * TIME_SCALE


@pytest.mark.parametrize("name", ["memory_bomb_malloc", "memory_bomb_new"])
def test_memory_bomb_is_mle(env, name):
    result, _ = judge_hostile(env, name)
    assert verdicts(result) == {Verdict.MLE}
    assert all(200 <= t.memory_mib <= 260 for t in result.tests), result.tests


def test_huge_static_array_is_mle(env):
    result, _ = judge_hostile(env, "static_array")
    assert verdicts(result) == {Verdict.MLE}


def test_infinite_stdout_hits_the_output_limit(env):
    result, elapsed = judge_hostile(env, "stdout_flood")
    assert verdicts(result) <= {Verdict.OLE, Verdict.TLE} and result.score == 0
    assert all(t.verdict is Verdict.TLE or "output limit" in t.message for t in result.tests), result.tests
    assert elapsed < 15 * TIME_SCALE


def test_infinite_stderr_ignoring_sigxfsz_is_stopped(env):
    result, elapsed = judge_hostile(env, "stderr_flood")
    assert verdicts(result) <= {Verdict.OLE, Verdict.RE, Verdict.TLE} and result.score == 0
    assert elapsed < 15 * TIME_SCALE


@needs_root
def test_network_is_unreachable(env):
    token = secrets.token_hex(6)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp, \
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, \
            socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
        tcp.bind(("127.0.0.1", 0))
        tcp.listen(8)
        port = tcp.getsockname()[1]
        udp.bind(("127.0.0.1", port))
        unix.bind(f"\0ioi-hostile-{token}")
        unix.listen(8)
        result, _ = judge_hostile(env, "connect", PORT=str(port), ABSTRACT=f"ioi-hostile-{token}")
        for listener in (tcp, udp, unix):
            listener.setblocking(False)
        with pytest.raises(BlockingIOError):
            tcp.accept()
        with pytest.raises(BlockingIOError):
            udp.recv(64)
        with pytest.raises(BlockingIOError):
            unix.accept()
    assert verdicts(result) == {Verdict.OK}, result.tests  # a WA means a channel got through


@needs_root
def test_judge_files_cannot_be_read(env):
    judge, _ = env
    task = judge.task
    with judge.sandbox.box() as other:  # another run's box, alive while the program runs
        other.mkdir("data")
        other.write("data/secret", b"another run's secret\n")
        other.mkdir("private", owner=0)
        other.write("private/secret", b"identity 0's secret\n")
        other_root = Path(other.root)
        paths = [
            *(t.output.resolve() for t in task.tests),
            *(t.input.resolve() for t in task.tests),
            other_root / "data" / "secret",
            other_root / "private" / "secret",
            "../input", "../../../../../../../input", "/../input",
            "/proc/1/environ", "/proc/self/environ", "/proc/self/../1/environ",
            "/proc/self/root/etc/passwd", "/proc/1/root/etc/passwd", "/proc/self/cwd/../input",
            f"/proc/1/root{task.tests[0].output.resolve()}",
            "/etc/passwd", "/etc/hostname", Path(__file__).resolve(),
            "escape/../../input", "escape/../../../../etc/passwd",
        ]
        for p in paths[:6]:
            assert Path(p).exists(), p  # each target really exists on this machine
        result, _ = judge_hostile(env, "read_secrets", keep=frozenset({other_root.name}), PATHS=c_strings(paths))
    assert_nothing_left(env[1])
    assert verdicts(result) == {Verdict.OK}, result.tests  # a WA means some file was read


@needs_root
def test_writes_outside_the_box_fail(env):
    _, base = env
    token = secrets.token_hex(6)
    targets = [
        Path(f"/tmp/pwned-{token}"),
        base / f"pwned-{token}",
        Path(tempfile.gettempdir()) / "ioi-agent-boxes" / f"pwned-{token}",
        HOSTILE / f"pwned-{token}",
        Path(f"/root/pwned-{token}"),
    ]
    try:
        result, _ = judge_hostile(env, "write_outside", PATHS=c_strings(targets))
        created = [str(t) for t in targets if t.exists()]
    finally:
        for t in targets:
            t.unlink(missing_ok=True)
    assert created == []
    assert verdicts(result) == {Verdict.OK}, result.tests


@needs_root
def test_kill_everything_harms_nobody(env):
    canaries = [
        subprocess.Popen(["sleep", "30"]),  # root, like the judge
        subprocess.Popen(["sleep", "30"], user=65534, group=65534),  # another unprivileged user
    ]
    try:
        result, _ = judge_hostile(env, "kill_all")
        alive = [c.poll() is None for c in canaries]
    finally:
        for c in canaries:
            c.kill()
            c.wait()
    assert alive == [True, True]
    assert verdicts(result) == {Verdict.OK}, result.tests  # a WA means some kill was accepted


def test_sleeping_forever_is_tle_by_wall_clock(env):
    judge, _ = env
    limit = judge.task.limits.time_s
    wall = judge.task_type.contestant_limits.wall_s
    assert wall <= 3 * limit
    result, elapsed = judge_hostile(env, "sleep_forever")
    assert verdicts(result) == {Verdict.TLE}
    for t in result.tests:
        assert t.cpu_s < 0.5 * limit
        assert wall <= t.wall_s <= wall + 2  # slack for a loaded machine; the program never ends by itself
    assert elapsed < 3 * wall + 20 * TIME_SCALE  # both tests, both compiles and the correct solution's run, never the sleep


def test_deep_recursion_has_a_stack_as_large_as_memory(env):
    result, _ = judge_hostile(env, "deep_recursion")
    assert verdicts(result) == {Verdict.OK}, result.tests
    assert all(t.memory_mib > 16 for t in result.tests)  # far beyond a default 8 MiB stack


def test_unbounded_recursion_runs_out_of_memory(env):
    result, _ = judge_hostile(env, "infinite_recursion")
    assert verdicts(result) <= {Verdict.MLE, Verdict.RE}
    assert result.score == 0


def test_many_threads_do_not_hang(env):
    result, elapsed = judge_hostile(env, "many_threads")
    assert verdicts(result) <= {Verdict.RE, Verdict.OK}
    assert all(t.wall_s < 2 for t in result.tests)
    assert elapsed < 15 * TIME_SCALE


@pytest.mark.parametrize("name", ["include_urandom", "include_self", "huge_data"])
def test_compile_bombs_are_compile_errors(env, name):
    result, elapsed = judge_hostile(env, name)
    assert not result.compile.ok and result.compile.message
    assert verdicts(result) == {Verdict.CE} and result.score == 0
    assert elapsed < COMPILE_LIMITS.wall_s


@needs_root
def test_the_compiler_cannot_read_judge_files(env):
    judge, _ = env
    token = secrets.token_hex(8)
    with judge.sandbox.box() as other:
        other.mkdir("data")
        other.write("data/secret", f"#error leaked {token}\n".encode())
        secret = Path(other.root) / "data" / "secret"
        result, _ = judge_hostile(
            env, "include_secret", keep=frozenset({secret.parents[1].name}),
            EXPECTED=str(judge.task.tests[0].output.resolve()), SECRET=str(secret), JUDGE=__file__,
        )
    assert verdicts(result) == {Verdict.CE}
    message = result.compile.message
    assert "reachable" not in message and token not in message, message
    assert "No such file" in message


@needs_root
def test_shared_memory_does_not_outlive_the_run(env):
    def box_segments() -> list[str]:
        rows = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
        return [r for r in rows if int(r.split()[7]) in BOX_UIDS]  # columns: key shmid perms size cpid lpid nattch uid

    assert box_segments() == []
    try:
        result, _ = judge_hostile(env, "shm_leak")
        left = box_segments()
    finally:
        for row in box_segments():  # free what a failing sandbox leaked
            subprocess.run(["ipcrm", "-m", row.split()[1]], check=False)
    assert verdicts(result) == {Verdict.OK}, result.tests
    assert left == [], "a System V shared memory segment survived its run"


@pytest.mark.slow
def test_template_blow_up_is_a_compile_error_within_the_limits(env):
    result, elapsed = judge_hostile(env, "template_bomb")
    assert not result.compile.ok
    assert verdicts(result) == {Verdict.CE}
    assert result.compile.cpu_s <= COMPILE_LIMITS.cpu_s + 2
    assert elapsed < COMPILE_LIMITS.wall_s + 15 * TIME_SCALE


# --- issue 9: memory outside the address space, syscalls no namespace covers --------------------


def test_memfd_stash_beyond_the_limit_is_mle_or_denied(env):
    """512 MiB of memfd pages under a 256 MiB limit: the cgroup OOM-kills the box (MLE); without a
    cgroup the seccomp filter denies memfd_create (OK); never stored (WA)."""
    judge, _ = env
    result, _ = judge_hostile(env, "memfd_stash")
    if judge.sandbox.layers.cgroup.available:
        assert verdicts(result) == {Verdict.MLE}, result.tests
        assert all(t.memory_mib >= 200 for t in result.tests), result.tests
    else:
        assert verdicts(result) == {Verdict.OK}, result.tests


def test_vsock_netlink_and_unix_sockets_are_denied(env):
    result, _ = judge_hostile(env, "vsock_bind")
    assert verdicts(result) == {Verdict.OK}, result.tests  # a WA names a socket that was made


@needs_root
def test_a_key_left_in_the_keyring_is_not_found_by_a_later_box(env):
    name = f"ioi-hostile-{secrets.token_hex(6)}"
    for _ in range(2):  # the second run would find what the first left
        result, _ = judge_hostile(env, "keyring", NAME=name)
        assert verdicts(result) == {Verdict.OK}, result.tests
    assert name not in Path("/proc/keys").read_text()
