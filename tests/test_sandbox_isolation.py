"""Boxes cannot collide and cannot outlive boxrun (issue 9, findings 4 and 5), on the local backend.

Each test uses its own small uid range (IOI_AGENT_UID_BASE/SLOTS) and lock directory where it must
control which slot is free, so judges running beside it are never touched.
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from judge.errors import JudgeError
from judge.judging import Judge
from judge.loaders import load_task
from judge.sandbox.base import MiB, ProcessSpec, RunLimits
from judge.sandbox.local import LocalSandbox
from judge.sandbox.uids import UIDS_PER_BOX
from judge.verdict import Verdict

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "tests" / "hostile"
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="box uids and cgroups need root")


def live_processes(uids: range) -> list[str]:
    """'uid pid state comm' of live (not zombie) processes running as one of `uids`."""
    rows = subprocess.run(["ps", "-eo", "uid=,pid=,stat=,comm="], capture_output=True, text=True).stdout
    return [r.strip() for r in rows.splitlines() if int(r.split()[0]) in uids and not r.split()[2].startswith("Z")]


@pytest.fixture
def own_range(monkeypatch, tmp_path):
    """A private range of 2 slots and a private lock dir."""
    base = 1_950_000_000 + secrets.randbelow(10_000) * 100
    monkeypatch.setenv("IOI_AGENT_UID_BASE", str(base))
    monkeypatch.setenv("IOI_AGENT_UID_SLOTS", "2")
    monkeypatch.setenv("IOI_AGENT_LOCK_DIR", str(tmp_path / "locks"))
    return base


def sandbox(tmp_path) -> LocalSandbox:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return LocalSandbox(base_dir=tmp_path / "boxes")


def test_a_host_process_holding_a_box_uid_is_never_used_nor_killed(own_range, tmp_path):
    canary = subprocess.Popen(["sleep", "60"], user=own_range + 1, group=own_range + 1)  # slot 0's uid
    sb = sandbox(tmp_path)
    try:
        judge = Judge(load_task(HOSTILE / "task"), sb)
        result = judge.judge((HOSTILE / "kill_all.cpp").read_text())
        assert {t.verdict for t in result.tests} == {Verdict.OK}, result.tests
        assert canary.poll() is None, "boxrun killed a host process that held a box uid"
        with sb.box() as box:
            assert box.slot.base == own_range + UIDS_PER_BOX  # slot 1: slot 0 has a stranger
        second = subprocess.Popen(["sleep", "60"], user=own_range + UIDS_PER_BOX, group=own_range)
        try:  # every slot now either in use by sb or holding a stranger
            other = sandbox(tmp_path)
            with pytest.raises(JudgeError, match="no free sandbox uid slot"):
                with other.box():
                    pass
        finally:
            second.kill()
            second.wait()
    finally:
        sb.close()
        canary.kill()
        canary.wait()


HOLD_A_BOX = """
import sys, warnings
from pathlib import Path
warnings.simplefilter("ignore")
from judge.sandbox.local import LocalSandbox
sb = LocalSandbox(base_dir=Path(sys.argv[1]))
with sb.box() as box:
    print(box.slot.base, flush=True)
    sys.stdin.readline()
"""


def test_two_judges_with_different_tmpdirs_take_different_slots(tmp_path, monkeypatch):
    monkeypatch.delenv("IOI_AGENT_LOCK_DIR", raising=False)
    procs = []
    try:
        for i in range(2):
            tmp = tmp_path / f"tmp{i}"
            tmp.mkdir()
            env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(REPO)}
            procs.append(subprocess.Popen([sys.executable, "-c", HOLD_A_BOX, str(tmp / "boxes")], env=env,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))  # fmt: skip
        bases = [int(p.stdout.readline()) for p in procs]  # both hold their box now
        assert bases[0] != bases[1]
    finally:
        for p in procs:
            p.communicate("\n", timeout=60)


def test_boxrun_killed_mid_run_takes_the_program_with_it(tmp_path):
    sb = sandbox(tmp_path)
    exe = tmp_path / "sleeper"
    src = tmp_path / "sleeper.cpp"
    src.write_text("#include <unistd.h>\nint main(){ if (fork() == 0) { setsid(); } sleep(60); }\n")
    subprocess.run(["g++", "-static", "-O2", "-o", str(exe), str(src)], check=True)
    try:
        with sb.box() as box:
            box.mkdir("run")
            box.write("run/prog", exe.read_bytes(), executable=True)
            spec = ProcessSpec(argv=["/prog"], workdir="run", policy="contestant",
                               limits=RunLimits(cpu_s=5, wall_s=60, memory_bytes=64 * MiB, processes=4))
            uids = range(box.slot.base, box.slot.base + UIDS_PER_BOX)
            runner = subprocess.Popen(box._command(spec, box.slot.options()), pass_fds=box.slot.ns_fds or (),
                                      stdout=subprocess.DEVNULL)  # fmt: skip
            deadline = time.monotonic() + 30
            while len(live_processes(uids)) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(live_processes(uids)) == 2  # the program and its child, both asleep
            runner.send_signal(signal.SIGKILL)  # what the judge's own timeout does
            runner.wait()
            deadline = time.monotonic() + 5
            while live_processes(uids) and time.monotonic() < deadline:
                time.sleep(0.05)
            # The direct child dies with boxrun (parent-death signal kept across setuid); a
            # grandchild that left the tree dies when the slot's cgroup is next used or released.
            left = live_processes(uids)
            assert len(left) <= 1, left
            assert box.run([ProcessSpec(argv=["/prog"], workdir="run", limits=RunLimits(cpu_s=1, wall_s=0.5,
                                        memory_bytes=64 * MiB))])[0].timed_out  # fmt: skip
            if sb.layers.cgroup.available:
                assert live_processes(uids) == []
    finally:
        sb.close()


def test_a_killed_judges_box_cgroup_is_swept_with_what_runs_in_it(own_range, tmp_path, monkeypatch):
    """A judge SIGKILLed mid-run leaves a box cgroup (and maybe a process that left boxrun's tree);
    the next judge on the machine removes both, once its slot is free."""
    from judge.sandbox import local
    from judge.sandbox.protections import CGROUP_PARENT, cgroup_dirs

    sb = sandbox(tmp_path)
    if not sb.layers.cgroup.available:
        pytest.skip("no writable cgroup here")
    src, exe = tmp_path / "orphan.cpp", tmp_path / "orphan"
    src.write_text("#include <unistd.h>\nint main(){ if (fork() == 0) { setsid(); sleep(60); } sleep(60); }\n")
    subprocess.run(["g++", "-static", "-O2", "-o", str(exe), str(src)], check=True)
    uid = own_range + 2
    name = f"{CGROUP_PARENT}/box-{own_range}"
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "prog").write_bytes(exe.read_bytes())
    (tmp_path / "run" / "prog").chmod(0o755)
    runner = subprocess.Popen([str(sb.boxrun), "--uid", str(uid), "--cgroup", name, "--nproc", "4", "--wall", "60",
                               "--chroot", str(tmp_path / "run"), "--", "/prog"], stdout=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 30
    while len(live_processes(range(uid, uid + 1))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    runner.kill()  # the judge dies with its boxrun: the setsid'd grandchild lives on in the cgroup
    runner.wait()
    time.sleep(0.2)
    assert live_processes(range(uid, uid + 1)), "nothing survived: the test proves nothing"
    monkeypatch.setattr(local, "_swept", False)
    assert local.sweep_stale_cgroups() >= 1
    deadline = time.monotonic() + 5
    while live_processes(range(uid, uid + 1)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live_processes(range(uid, uid + 1)) == []
    assert not any(d.exists() for d in cgroup_dirs(name))
    sb.close()
