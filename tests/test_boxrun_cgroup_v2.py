"""boxrun's cgroup v2 path, driven against a fake v2 hierarchy of plain files.

Every machine this project is tested on has cgroup v1 only, so the real `boxrun` binary is pointed
with `--cgroup-root` at a directory that looks like a v2 mount (`cgroup.controllers` present).
A fake tree cannot enforce anything: these tests check the file protocol only (which directories
boxrun makes, what it writes to which file, what it reads back and how that becomes meta);
whether a v2 kernel then enforces memory.max, pids.max and cgroup.kill is NOT verified here.

The fake kernel's part is played by two things. A box directory is pre-created holding the
interface files a kernel would give a new cgroup (empty where boxrun writes: a kernel parses each
write whole, a plain file only overwrites where written). The program run, a shell script (run
without uid or chroot, so it can reach the tree), records what it finds on starting (its pid in
cgroup.procs, memory.peak just reset) and writes what the kernel would have accounted during the
run (memory.peak, memory.events, cpu.stat), then drops its pid from cgroup.procs as a kernel does
when a process exits. Nothing waits for time to pass: each run's outcome follows from the files.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from judge.sandbox.base import MiB
from judge.sandbox.boxrun import boxrun_path, parse_meta, stats_from_meta
from judge.sandbox.local import BoxrunServer

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="boxrun takes --cgroup only as root")

NAME = "ioi-agent/box-4242"
EVENTS = "low 0\nhigh 0\nmax {max}\noom {oom}\noom_kill {kill}\noom_group_kill 0\n"
CPU_STAT = "usage_usec {usec}\nuser_usec {usec}\nsystem_usec 0\nnr_periods 0\n"

# The program: what a run of it finds, then the kernel's accounting (values from the environment).
KERNEL_SIM = r"""
cat "$CG/cgroup.procs" > "$OUT/joined"
echo $$ > "$OUT/pid"
read -r peak < "$CG/memory.peak"; echo "$peak" > "$OUT/peak-at-start"
if [ -n "$PEAK" ]; then printf '%s\n' "$PEAK" > "$CG/memory.peak"; fi
if [ -n "$USAGE_USEC" ]; then
  printf 'usage_usec %s\nuser_usec %s\nsystem_usec 0\nnr_periods 0\n' "$USAGE_USEC" "$USAGE_USEC" > "$CG/cpu.stat"
fi
if [ -n "$OOM_KILL" ]; then
  printf 'low 0\nhigh 0\nmax 9\noom 1\noom_kill %s\noom_group_kill 0\n' "$OOM_KILL" > "$CG/memory.events"
fi
if [ -z "$STAY_LISTED" ]; then : > "$CG/cgroup.procs"; fi
if [ -n "$OOM_KILL" ]; then kill -9 $$; fi
exit 0
"""


def fake_root(tmp: Path) -> Path:
    """A v2 mount: the controllers the kernel offers, and the root's subtree_control."""
    root = tmp / "cgroup"
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpuset cpu io memory hugetlb pids rdma misc\n")
    (root / "cgroup.subtree_control").write_text("")
    return root


def kernel_dir(path: Path, current: int = 0, oom_kill: int = 0, usage_usec: int = 0) -> Path:
    """The files a v2 kernel gives a new cgroup directory (and one level above a box has too)."""
    path.mkdir(parents=True, exist_ok=True)
    for name in ("cgroup.procs", "cgroup.kill", "cgroup.freeze", "cgroup.subtree_control", "memory.max",
                 "memory.swap.max", "memory.oom.group", "pids.max"):  # fmt: skip
        (path / name).write_text("")
    (path / "cgroup.controllers").write_text("memory pids\n")
    (path / "memory.peak").write_text(f"{current}\n")
    (path / "memory.current").write_text(f"{current}\n")
    (path / "memory.events").write_text(EVENTS.format(max=0, oom=oom_kill, kill=oom_kill))
    (path / "cpu.stat").write_text(CPU_STAT.format(usec=usage_usec))
    return path


class Box:
    """A fake v2 tree with one box cgroup, and the run of the kernel-simulating program in it."""

    def __init__(self, tmp: Path, **kernel):
        self.root = fake_root(tmp)
        kernel_dir(self.root / NAME.split("/")[0])
        self.cg = kernel_dir(self.root / NAME, **kernel)
        self.out = tmp / "out"
        self.out.mkdir()
        self.script = tmp / "kernel-sim.sh"
        self.script.write_text(KERNEL_SIM)

    def args(self, *opts: str, **env: str) -> list[str]:
        """boxrun's options and program for one run (the options, `--`, the program)."""
        env = {"PATH": "/usr/bin:/bin", "CG": str(self.cg), "OUT": str(self.out), **env}
        args = [*opts, "--cgroup-root", str(self.root), "--cgroup", NAME]
        for key, value in env.items():
            args += ["--env", f"{key}={value}"]
        return [*args, "--", "/bin/sh", str(self.script)]

    def run(self, *opts: str, **env: str) -> dict[str, str]:
        proc = subprocess.run([str(boxrun_path()), *self.args(*opts, **env)], capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        return parse_meta(proc.stdout)

    def file(self, name: str) -> str:
        return (self.cg / name).read_text()

    def seen(self, name: str) -> str:
        """What the program recorded (`joined`, `pid`, `peak-at-start`)."""
        return (self.out / name).read_text().strip()


def test_new_box_is_made_under_its_name_with_controllers_delegated_on_the_way(tmp_path):
    root = fake_root(tmp_path)
    kernel_dir(root / "outer")  # an existing level: a kernel gave it its files
    meta = parse_meta(subprocess.run([str(boxrun_path()), "--cgroup-root", str(root), "--cgroup", "outer/inner/box",
                                      "--mem", str(64 * MiB), "--", "/bin/touch", str(tmp_path / "ran")],
                                     capture_output=True, text=True, timeout=60).stdout)  # fmt: skip
    # memory and pids are enabled for the children of the root and of every level above the box
    assert (root / "cgroup.subtree_control").read_text() == "+memory +pids"
    assert (root / "outer" / "cgroup.subtree_control").read_text() == "+memory +pids"
    assert (root / "outer" / "inner").is_dir() and (root / "outer" / "inner" / "box").is_dir()
    # The fake kernel gave the new directory no memory.max: no limit can be set, so the program
    # must not run at all (a real kernel creates the file with the directory).
    assert meta["status"] == "XX" and "memory.max" in meta["message"], meta
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize(("opts", "memory_max", "pids_max"), [
    (["--mem", str(256 * MiB), "--nproc", "7"], str(256 * MiB), "7"),
    (["--mem", str(256 * MiB), "--cg-mem", str(300 * MiB)], str(300 * MiB), "4096"),
    ([], "max", "4096"),
])  # fmt: skip
def test_limits_are_written_and_the_program_joins_the_box(tmp_path, opts, memory_max, pids_max):
    box = Box(tmp_path, oom_kill=3)  # OOM kills of earlier runs are not this run's
    meta = box.run(*opts)
    assert meta["status"] == "OK", meta
    assert box.file("memory.max") == memory_max
    assert box.file("memory.swap.max") == "0"
    assert box.file("memory.oom.group") == "1"
    assert box.file("pids.max") == pids_max
    assert box.seen("joined") == box.seen("pid")  # it joined before exec (the shell is the child)
    assert box.file("cgroup.kill") == "1"  # what it left behind was killed through the cgroup
    assert meta["cg-oom-killed"] == "0"


def test_peak_memory_is_this_runs_from_memory_peak(tmp_path):
    before = 3 * MiB  # page cache an earlier run left charged to the box
    box = Box(tmp_path, current=before)
    meta = box.run("--mem", str(256 * MiB), PEAK=str(before + 40 * MiB))
    assert box.seen("peak-at-start") == "reset"  # reset through boxrun's descriptor (Linux 6.12+)
    assert meta["status"] == "OK", meta
    assert meta["cg-mem"] == str(40 * 1024)  # KiB, less what was charged before the run


def test_without_memory_peak_max_rss_stands_in(tmp_path):
    """v2 before Linux 5.19 keeps no memory.peak: boxrun reports no cg-mem rather than 0, so the
    judge falls back to max-rss (a 0 would hide every memory-heavy failure's MLE label)."""
    box = Box(tmp_path)
    (box.cg / "memory.peak").unlink()
    meta = box.run("--mem", str(64 * MiB))
    assert meta["status"] == "OK" and "cg-mem" not in meta, meta
    assert stats_from_meta(meta).memory_bytes == int(meta["max-rss"]) * 1024 > 0


def test_without_memory_peak_an_oom_kill_reports_the_limit(tmp_path):
    """Without memory.peak, max-rss cannot see memfd or tmpfs pages: on Linux 5.10 a memfd stash
    OOM-killed at 256 MiB reported 2 MiB. An OOM kill means the box reached its limit; that is
    reported."""
    box = Box(tmp_path)
    (box.cg / "memory.peak").unlink()
    meta = box.run("--mem", str(64 * MiB), OOM_KILL="1")
    assert meta["cg-oom-killed"] == "1" and meta["cg-mem"] == str(64 * 1024), meta
    assert stats_from_meta(meta).memory_bytes == 64 * MiB


def test_an_oom_kill_during_the_run_is_reported(tmp_path):
    box = Box(tmp_path, oom_kill=3)
    meta = box.run("--mem", str(64 * MiB), OOM_KILL="4")  # the kernel kills it: oom_kill 3 -> 4
    assert meta["status"] == "SG" and meta["exitsig"] == "9", meta
    assert meta["cg-oom-killed"] == "1"
    assert meta["message"] == "memory limit exceeded (cgroup OOM kill)"


def test_cpu_time_is_this_runs_from_cpu_stat(tmp_path):
    """cpu.stat's usage_usec is never reset on v2, and a slot's cgroup serves run after run: a run
    is charged only what it added (here 7 s of earlier runs would be a time-out at --cpu 2)."""
    box = Box(tmp_path, usage_usec=7_000_000)
    meta = box.run("--cpu", "2", "--mem", str(64 * MiB), USAGE_USEC="7400000")
    assert meta["status"] == "OK", meta
    assert meta["time"] == "0.400"  # the cgroup's figure: the shell's own CPU time is far less


def test_a_box_whose_procs_never_empty_still_finishes(tmp_path):
    """cgroup.kill cannot empty a plain file: boxrun's wait for the box to empty is bounded, and
    (with cgroup.kill there) it signals no pid it read from the file."""
    box = Box(tmp_path)
    meta = box.run("--mem", str(64 * MiB), STAY_LISTED="1")
    assert meta["status"] == "OK", meta
    assert box.file("cgroup.kill") == "1"


def test_served_runs_reuse_the_box_and_reset_its_counters(tmp_path):
    box = Box(tmp_path, current=MiB, oom_kill=2, usage_usec=5_000_000)
    server = BoxrunServer(boxrun_path())
    try:
        # A request that fails (a cgroup the fake kernel gave no files) leaves the server serving.
        failed = parse_meta(server.run(["--cgroup-root", str(box.root), "--cgroup", "ioi-agent/box-missing",
                                        "--", "/bin/true"], timeout=60))  # fmt: skip
        assert failed["status"] == "XX" and "memory.max" in failed["message"], failed

        # 5 s of CPU and 1 MiB of page cache that earlier runs left: not this run's.
        first = parse_meta(server.run(box.args("--cpu", "2", "--mem", str(128 * MiB), "--nproc", "5",
                                               PEAK=str(MiB + 10 * MiB), USAGE_USEC="5300000"),
                                      timeout=60))  # fmt: skip
        assert first["status"] == "OK", first
        assert (first["time"], first["cg-mem"], first["cg-oom-killed"]) == ("0.300", str(10 * 1024), "0")
        assert [box.file(f) for f in ("memory.max", "memory.swap.max", "memory.oom.group", "pids.max")] == [
            str(128 * MiB), "0", "1", "5"]  # fmt: skip
        first_pid = box.seen("pid")
        assert box.seen("joined") == first_pid and box.seen("peak-at-start") == "reset"
        for name in ("memory.max", "memory.swap.max", "memory.oom.group", "pids.max"):
            (box.cg / name).write_text("")  # to see which the next runs write again

        # Same limits: only the counters are reset (the header's contract); an OOM kill this time.
        second = parse_meta(server.run(box.args("--cpu", "2", "--mem", str(128 * MiB), "--nproc", "5",
                                                PEAK=str(MiB + 20 * MiB), USAGE_USEC="5800000",
                                                OOM_KILL="3"), timeout=60))  # fmt: skip
        assert second["status"] == "SG" and second["cg-oom-killed"] == "1", second
        assert (second["time"], second["cg-mem"]) == ("0.500", str(20 * 1024))
        assert box.seen("joined") == box.seen("pid") != first_pid  # joined through the kept descriptor
        assert box.seen("peak-at-start") == "reset"  # the peak is reset for every run
        assert box.file("memory.max") == box.file("pids.max") == ""

        # Other limits: written again; the OOM kill of the run before is not this one's.
        third = parse_meta(server.run(box.args("--mem", str(96 * MiB), "--nproc", "3", PEAK=str(MiB)), timeout=60))
        assert third["status"] == "OK" and third["cg-oom-killed"] == "0", third
        assert [box.file(f) for f in ("memory.max", "memory.swap.max", "memory.oom.group", "pids.max")] == [
            str(96 * MiB), "0", "1", "3"]  # fmt: skip
        assert box.seen("joined") == box.seen("pid")
    finally:
        server.stop()
