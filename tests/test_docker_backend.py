"""The Docker backend judges like the local one, contains hostile programs, and survives dead workers.

Needs a Docker daemon and the sandbox image (CI runs sandbox/start-dockerd.sh and
sandbox/build-image.sh before pytest); without them every test here is skipped, saying why.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time

import pytest
from conftest import REPO, SOLUTIONS, hostile_task, official_package

from judge.judging import Judge
from judge.loaders import load_task
from judge.sandbox import make_sandbox
from judge.sandbox.base import MiB, ProcessSpec, RunLimits, RunStatus
from judge.verdict import Verdict

docker_backend = pytest.importorskip("judge.sandbox.docker_backend")
HOSTILE = REPO / "tests" / "hostile"

pytestmark = pytest.mark.skipif(
    not docker_backend.docker_available(),
    reason=f"no Docker daemon or no image {docker_backend.image_tag()} "
    "(run sandbox/start-dockerd.sh and sandbox/build-image.sh)",
)


def worker_containers() -> list:
    """Every worker container this test process started, running or not."""
    import docker

    return docker.from_env().containers.list(all=True, filters={"label": f"{docker_backend.LABEL}={os.getpid()}"})


@pytest.fixture(scope="module")
def sandbox():
    sb = docker_backend.DockerSandbox(workers=2)
    yield sb
    sb.close()


def test_image_tag_matches_the_build_script():
    out = subprocess.run(["bash", str(REPO / "sandbox" / "build-image.sh"), "--tag"], capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == docker_backend.image_tag()


def test_auto_picks_docker_and_says_so(caplog):
    with caplog.at_level("INFO", logger="judge.sandbox"):
        sb = make_sandbox("auto", workers=1)
    assert sb.name == "docker"
    assert "docker" in caplog.text
    sb.close()


def test_official_aplusb_and_machine(sandbox):
    aplusb = Judge(load_task(official_package("practice/aplusb/aplusb-CMS.zip")), sandbox=sandbox)
    good = aplusb.judge((SOLUTIONS / "ioi2024" / "aplusb_correct.cpp").read_text())
    assert good.score == 100 and {t.verdict for t in good.tests} == {Verdict.OK}
    bad = aplusb.judge((SOLUTIONS / "ioi2024" / "aplusb_wrong.cpp").read_text())
    assert bad.score == 30 and Verdict.WA in {t.verdict for t in bad.tests}
    machine = Judge(load_task(official_package("practice/machine/machine-CMS.zip")), sandbox=sandbox)
    assert machine.judge((SOLUTIONS / "ioi2024" / "machine_correct.cpp").read_text()).score == 100


@pytest.fixture(scope="module")
def hostile_judge(sandbox):
    return Judge(hostile_task(), sandbox=sandbox)


def connect_source() -> tuple[str, list[socket.socket]]:
    """connect.cpp aimed at listeners on this host: none may be reachable from a worker."""
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    name = f"ioi-docker-test-{time.time_ns()}"
    unix = socket.socket(socket.AF_UNIX)
    unix.bind("\0" + name)
    unix.listen()
    src = (HOSTILE / "connect.cpp").read_text()
    return src.replace("@PORT@", str(tcp.getsockname()[1])).replace("@ABSTRACT@", name), [tcp, unix]


@pytest.mark.parametrize(
    "program, allowed",
    [
        ("fork_bomb", {Verdict.RE, Verdict.TLE}),
        ("sleep_forever", {Verdict.TLE}),
        ("memory_bomb_malloc", {Verdict.MLE}),
        ("memory_bomb_new", {Verdict.MLE}),
        ("static_array", {Verdict.MLE}),
        ("stdout_flood", {Verdict.OLE, Verdict.TLE}),
        ("stderr_flood", {Verdict.OLE, Verdict.RE, Verdict.TLE}),
        ("deep_recursion", {Verdict.OK}),
        ("infinite_recursion", {Verdict.MLE, Verdict.RE}),
        ("many_threads", {Verdict.RE, Verdict.OK}),
        ("include_urandom", {Verdict.CE}),
        ("connect", {Verdict.OK}),
        ("kill_all", {Verdict.OK}),
        ("memfd_stash", {Verdict.MLE, Verdict.OK}),  # MLE with a box cgroup, OK (denied) without
        ("vsock_bind", {Verdict.OK}),
        ("keyring", {Verdict.OK}),
    ],
)
def test_hostile_program_gets_its_verdict_and_the_judge_stays_up(hostile_judge, program, allowed):
    listeners: list[socket.socket] = []
    if program == "connect":
        source, listeners = connect_source()
    else:
        source = (HOSTILE / f"{program}.cpp").read_text().replace("@NAME@", f"ioi-docker-{time.time_ns()}")
    try:
        r = hostile_judge.judge(source)
    finally:
        for s in listeners:
            s.close()
    assert r.compile.ok == (allowed != {Verdict.CE}), r.compile.message
    assert {t.verdict for t in r.tests} <= allowed, [(t.verdict, t.message) for t in r.tests]
    if program == "memfd_stash" and hostile_judge.sandbox._pool[0].cgroup is not None:
        assert {t.verdict for t in r.tests} == {Verdict.MLE}
    assert hostile_judge.judge((HOSTILE / "sum.cpp").read_text()).score == r.max_score


def c_strings(paths) -> str:
    return ", ".join('"' + str(p).replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)


def test_files_outside_the_box_can_be_neither_read_nor_written(sandbox, hostile_judge):
    """Inside a worker: the expected output of the test being run, other boxes (one is held open
    with a file in it while the program runs), the runner's own process, and writable places."""
    with sandbox.box() as other:
        other.mkdir("secret")
        other.write("secret/answer", b"42\n")
        assert other.exists("secret/answer")  # queued ops travel with the next question: it is there now
        reads = ["/box", "/box/.cache", "/proc/1/environ", "/proc/1/cmdline", "/proc/self/../1/environ",
                 "../input", "../../input", "/input", "/expected", "/output", "/etc/shadow"]
        src = (HOSTILE / "read_secrets.cpp").read_text().replace("@PATHS@", c_strings(reads))
        r = hostile_judge.judge(src)
        assert {t.verdict for t in r.tests} == {Verdict.OK}, [(t.verdict, t.message) for t in r.tests]
    writes = ["/tmp/pwned", "/box/pwned", "/pwned", "../pwned", "/opt/ioi-agent/pwned", "/dev/shm/pwned"]
    src = (HOSTILE / "write_outside.cpp").read_text().replace("@PATHS@", c_strings(writes))
    r = hostile_judge.judge(src)
    assert {t.verdict for t in r.tests} == {Verdict.OK}, [(t.verdict, t.message) for t in r.tests]
    assert hostile_judge.judge((HOSTILE / "sum.cpp").read_text()).score == r.max_score


def tiny_box(box, exe: bytes) -> ProcessSpec:
    box.mkdir("run")
    box.write("run/prog", exe, executable=True)
    box.write("input", b"3 4\n")
    return ProcessSpec(argv=["/prog"], workdir="run", limits=RunLimits(cpu_s=2, wall_s=5, memory_bytes=256 * MiB),
                       stdin="input", stdout="output", stderr="err")  # fmt: skip


def compiled(sandbox, name: str, source: str | None = None) -> bytes:
    from judge.compile import compile_cpp

    src = source if source is not None else (HOSTILE / f"{name}.cpp").read_text()
    c = compile_cpp(sandbox, {f"{name}.cpp": src.encode()}, [f"{name}.cpp"])
    assert c.result.ok, c.result.message
    return c.executable


def test_a_worker_killed_mid_run_is_replaced_and_the_run_completes(sandbox):
    slow_sum = "#include <cstdio>\n#include <unistd.h>\nint main(){long long a,b;scanf(\"%lld %lld\",&a,&b);" \
               "usleep(800000);printf(\"%lld\\n\",a+b);}\n"  # fmt: skip
    exe = compiled(sandbox, "slow_sum", slow_sum)
    with sandbox.box() as box:
        spec = tiny_box(box, exe)
        victim = box.worker.container
        killer = threading.Timer(0.3, victim.kill)
        killer.start()
        stats = box.run([spec])[0]
        killer.join()
        assert stats.status is RunStatus.OK
        assert box.read("output") == b"7\n"
        assert box.worker.container.id != victim.id
    # The pool is whole again and keeps judging.
    with sandbox.box() as box:
        assert box.run([tiny_box(box, exe)])[0].ok


def test_no_container_outlives_the_sandbox():
    sb = docker_backend.DockerSandbox(workers=2)
    exe = compiled(sb, "sum")
    with sb.box() as box:
        assert box.run([tiny_box(box, exe)])[0].ok
    ids = sb.containers()
    assert len(ids) == 2 and {c.id for c in worker_containers()} >= set(ids)
    sb.close()
    deadline = time.time() + 10
    while time.time() < deadline and any(c.id in ids for c in worker_containers()):
        time.sleep(0.2)
    assert not [c.id for c in worker_containers() if c.id in ids]


def test_workers_are_locked_down(sandbox):
    with sandbox.box() as box:
        assert not box.exists("x")
    worker = sandbox._pool[0]
    if docker_backend.worker_cgroup_support(docker_backend._client())[0]:  # found where Docker put it
        assert worker.cgroup is not None
    assert not worker.framed, "the runner should answer over its direct socket, not through dockerd"
    assert (worker.sockdir.stat().st_mode & 0o777) == 0o700
    attrs = worker_containers()[0].attrs["HostConfig"]
    assert attrs["NetworkMode"] == "none" and attrs["ReadonlyRootfs"]
    assert attrs["CapDrop"] == ["ALL"] and "SYS_ADMIN" not in attrs["CapAdd"]
    assert "no-new-privileges" in attrs["SecurityOpt"] and attrs["PidsLimit"] > 0 and attrs["Memory"] > 0


def test_large_files_are_shared_between_boxes_but_not_writable(sandbox):
    """Big files travel once per worker and are hard-linked into boxes: a program must not be able
    to change the copy the next box gets."""
    big = bytes(range(256)) * 1024  # 256 KiB: above the inline threshold
    tamper = "#include <cstdio>\nint main(){FILE*f=fopen(\"/data\",\"r+\");if(!f)return 3;fputs(\"X\",f);}\n"
    exe = compiled(sandbox, "tamper", tamper)
    for _ in range(2):
        with sandbox.box() as box:
            box.mkdir("run")
            box.write("run/data", big)
            box.write("run/prog", exe, executable=True)
            st = box.run([ProcessSpec(argv=["/prog"], workdir="run",
                                      limits=RunLimits(cpu_s=1, wall_s=3, memory_bytes=64 * MiB))])[0]
            assert st.exit_code == 3
            assert box.read("run/data") == big


ABSTRACT = r"""
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
int main(int argc, char **argv) {
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, "\0ioi-ns-probe", 14);
    socklen_t len = offsetof(sockaddr_un, sun_path) + 14;
    if (argv[1][0] == 'l') {
        if (bind(s, (sockaddr *)&a, len) || listen(s, 1)) return 2;
        std::puts("listening");
        std::fflush(stdout);
        sleep(3);
        return 0;
    }
    std::puts(connect(s, (sockaddr *)&a, len) == 0 ? "connected" : "refused");
}
"""


def test_boxes_of_one_worker_do_not_share_a_network_namespace():
    """A box listening on an abstract unix socket (AF_UNIX is allowed to an "ipc" process) is not
    reachable from another box of the same worker running at the same time."""
    sb = docker_backend.DockerSandbox(workers=1)
    try:
        exe = compiled(sb, "abstract", ABSTRACT)
        limits = RunLimits(cpu_s=2, wall_s=5, memory_bytes=64 * MiB)
        with sb.box() as listener, sb.box() as client:
            assert listener.worker is client.worker
            for box in (listener, client):
                box.mkdir("run")
                box.write("run/prog", exe, executable=True)
            done = threading.Thread(target=listener.run, args=([ProcessSpec(
                argv=["/prog", "l"], workdir="run", limits=limits, policy="ipc", stdout="out")],))
            done.start()
            deadline = time.time() + 30
            while listener.read("out") != b"listening\n" and time.time() < deadline:
                time.sleep(0.05)
            assert listener.read("out") == b"listening\n"
            st = client.run([ProcessSpec(argv=["/prog", "c"], workdir="run", limits=limits, policy="ipc",
                                         stdout="out")])[0]  # fmt: skip
            done.join()
            assert st.ok and client.read("out") == b"refused\n"
    finally:
        sb.close()


def cli_judge(kill: signal.Signals | None) -> int:
    """Run `ioi-agent judge --backend docker` on the hostile a+b task; with `kill`, signal it once its
    workers exist. Returns its pid."""
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "ioi_agent.cli", "judge", str(HOSTILE / "task"), str(HOSTILE / "sum.cpp"),
           "--backend", "docker", "--workers", "1"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill is None:
        assert proc.wait(timeout=300) == 0
        return proc.pid
    import docker

    client = docker.from_env()
    deadline = time.time() + 120
    while time.time() < deadline and not client.containers.list(filters={"label": f"{docker_backend.LABEL}={proc.pid}"}):
        time.sleep(0.1)
    proc.send_signal(kill)
    proc.wait(timeout=120)
    return proc.pid


def test_no_worker_outlives_its_judge_whatever_ends_it():
    """Normal exit, SIGTERM, Ctrl-C, SIGKILL: after the next judge starts, none of their workers is left."""
    import docker

    client = docker.from_env()
    pids = [cli_judge(None), cli_judge(signal.SIGTERM), cli_judge(signal.SIGINT), cli_judge(signal.SIGKILL),
            cli_judge(signal.SIGKILL)]  # fmt: skip
    cli_judge(None)  # starts up: removes what the SIGKILLed ones left

    def left() -> list[str]:
        return [c.name for pid in pids for c in client.containers.list(all=True, filters={"label": f"{docker_backend.LABEL}={pid}"})]

    deadline = time.time() + 20
    while left() and time.time() < deadline:
        time.sleep(0.2)
    assert left() == []
    import tempfile
    from pathlib import Path

    runner_dirs = [d.name for pid in pids
                   for d in Path(tempfile.gettempdir()).glob(f"{docker_backend.RUNNER_DIR_PREFIX}ioi-box-{pid}-*")]
    assert runner_dirs == []  # the runners' socket directories went with their workers


def test_the_attached_stream_still_serves_when_there_is_no_direct_socket(monkeypatch):
    """A remote daemon cannot bind-mount a host directory: the runner then answers through the
    attached exec stream (IOI_DOCKER_ATTACHED forces that here), batching and all."""
    monkeypatch.setenv("IOI_DOCKER_ATTACHED", "1")
    sb = docker_backend.DockerSandbox(workers=1)
    try:
        exe = compiled(sb, "sum")
        with sb.box() as box:
            assert box.run([tiny_box(box, exe)])[0].ok and box.read("output") == b"7\n"
            assert box.worker.framed and box.worker.sockdir is None
    finally:
        sb.close()


# Judge a 64 MiB output on the Docker backend in a fresh interpreter; report how far the judge's
# peak RSS rose during the judgement (VmHWM reset first) and the runner's peak RSS (VmHWM).
JUDGE_DOCKER = r"""
import json, subprocess, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/tests")
from test_judge_io import ACCEPT_CHECKER, PRINT_N, expected_for, make_task
from judge.judging import Judge
from judge.sandbox.docker_backend import DockerSandbox
root, size, with_checker = Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
task = make_task(root, expected_for(size), stdin=b"1\n", checker=ACCEPT_CHECKER if with_checker else None)
(root / "t1.out").write_bytes(b"y")
with DockerSandbox(workers=1) as sandbox:
    judge = Judge(task, sandbox)
    judge.judge(PRINT_N)  # compiles the program and the checker, on a one-byte output
    (root / "t1.in").write_bytes(f"{size}\n".encode())
    (root / "t1.out").write_bytes(expected_for(size))
    def kib(field, pid="self"):
        return next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith(field + ":"))
    Path("/proc/self/clear_refs").write_text("5")
    base = kib("VmRSS")
    r = judge.judge(PRINT_N).tests[0]
    grew = kib("VmHWM") - base
    cid = sandbox._pool[0].container.id
    def ours(pid):  # another judge's runner may exit between pgrep and this read
        try:
            return cid in Path(f"/proc/{pid}/cgroup").read_text()
        except OSError:
            return False
    runner = [p for p in subprocess.run(["pgrep", "-f", "sandbox/runner.py"], capture_output=True, text=True).stdout.split()
              if ours(p)]
    print(json.dumps({"verdict": r.verdict.value, "message": r.message, "grew_kib": grew,
                      "runner_kib": [kib("VmHWM", p) for p in runner]}))
"""


@pytest.mark.parametrize("with_checker", [True, False], ids=["checker", "token-comparison"])
def test_a_64_mib_output_is_read_in_chunks_by_judge_and_runner(tmp_path, with_checker):
    """The output travels from the worker in 1 MiB chunks to a spool file (and in chunks into the
    checker's box): neither the judge nor the in-container runner ever holds it whole."""
    import json
    import sys

    size = 64 * MiB
    proc = subprocess.run([sys.executable, "-c", JUDGE_DOCKER, str(REPO), str(tmp_path), str(size),
                           "1" if with_checker else "0"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["verdict"] == "OK", got
    if with_checker:
        assert f"{size} bytes" in got["message"], got  # the checker read all of it
    # Each 1 MiB chunk exists a few times over while it moves (base64 text, JSON, bytes, to and from the
    # checker's box), so the peak grew by 15-16.4 MiB in CI runs; a whole read would add 64 MiB and more.
    assert got["grew_kib"] < 32 * 1024, got
    assert len(got["runner_kib"]) == 1 and got["runner_kib"][0] < 48 * 1024, got  # a whole read would be > 64 MiB


def test_a_box_that_fills_its_disk_gets_mle_and_its_neighbour_keeps_working(sandbox):
    """A program with a writable directory (as compilers and checkers have) writes 1 MiB files until
    stopped: its files count against its box's memory (tmpfs pages in its cgroup), so it is stopped
    at its limit, while a box open beside it on the same worker writes, runs and reads as usual."""
    exe, summer = compiled(sandbox, "disk_fill"), compiled(sandbox, "sum")
    limits = RunLimits(cpu_s=5, wall_s=10, memory_bytes=64 * MiB)
    with sandbox.box() as filler, sandbox.box() as neighbour:
        assert filler.worker is neighbour.worker or len(sandbox._pool) > 1
        neighbour.mkdir("keep")
        neighbour.write("keep/data", b"k" * MiB)
        assert neighbour.exists("keep/data")
        filler.mkdir("run", owner=0)
        filler.write("run/prog", exe, executable=True)
        st = filler.run([ProcessSpec(argv=["/prog"], workdir="run", limits=limits, stdout="out")])[0]
        kept = int(filler.read("out") or b"0")
        if filler.worker.cgroup is not None:
            assert st.oom_killed and not st.ok, st  # the verdict: MLE (the judge maps oom_killed so)
        else:  # no cgroup per box: the worker's own limits are all there is (the warning says so)
            assert kept >= 0
        assert kept * MiB <= limits.memory_bytes  # nothing past its quota was kept
        spec = tiny_box(neighbour, summer)
        assert neighbour.run([spec])[0].ok and neighbour.read("output") == b"7\n"
        assert neighbour.read("keep/data") == b"k" * MiB
    attrs = worker_containers()[0].attrs["HostConfig"]
    assert f"size={attrs['Memory']}" in attrs["Tmpfs"]["/box"]  # /box cannot fill before the worker's memory


def test_a_judged_test_costs_one_request_to_its_worker(hostile_judge):
    """Round trips are what a Docker test pays most for: a Batch test's box set-up (program, input),
    run, stderr and output reads and removal travel in one request (the program compiled before)."""
    src = (HOSTILE / "sum.cpp").read_text()
    hostile_judge.judge(src)  # compiled and cached
    pool = hostile_judge.sandbox._pool
    before = sum(w.requests for w in pool)
    r = hostile_judge.judge(src)
    assert r.score == r.max_score
    assert sum(w.requests for w in pool) - before == len(r.tests)


def test_without_box_cgroups_the_judge_says_so_and_still_contains_memfd(monkeypatch, caplog):
    """Where workers cannot get box cgroups (not root, an unknown driver, Docker put the worker
    elsewhere), boxes run without, the judge warns naming why, and memfd is denied instead."""
    monkeypatch.setattr(docker_backend, "worker_cgroup_support", lambda client: (False, "no cgroups in this test"))
    monkeypatch.setattr(docker_backend, "_cgroup_warned", False)
    sb = docker_backend.DockerSandbox(workers=1)
    try:
        with caplog.at_level("WARNING", logger="judge.sandbox.docker_backend"):
            judge = Judge(hostile_task(), sandbox=sb)
            r = judge.judge((HOSTILE / "memfd_stash.cpp").read_text())
        assert sb._pool[0].cgroup is None
        assert "no cgroup of their own (no cgroups in this test)" in caplog.text
        assert {t.verdict for t in r.tests} == {Verdict.OK}  # memfd_create denied: nothing stashed
    finally:
        sb.close()
