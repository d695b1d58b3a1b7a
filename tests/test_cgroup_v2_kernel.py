"""The sandbox on real cgroup v2 kernels: the sandbox tests that involve cgroups, in QEMU guests.

This machine is a cgroup v1 host, so the rest of the suite checks boxrun's v1 path. Here each kernel
scripts/kernel-vm.sh prepared boots with this checkout and cgroup v2 mounted, and the sandbox tests
in which the cgroup takes part must pass there: memory bombs and memfd stashes end as MLE through
memory.max, fork bombs stop at pids.max, whole boxes die through the cgroup (also when boxrun or the
judge dies), peaks and CPU times are per run, served slots reuse their cgroup. The kernels take the
three v2 paths boxrun has: Debian's 5.10 (no cgroup.kill, no memory.peak), 6.1 (memory.peak cannot
be reset, so a box's cgroup is made afresh per run) and 6.12 (reset, and the cgroup reused).
`ioi-agent doctor` must describe each. The newest kernel boots with systemd as PID 1, as a Docker
host does, and the Docker backend (systemd cgroup driver) must give its boxes cgroups there.

Skipped, saying why, where QEMU or the kernels are missing (CI prepares both: IOI_AGENT_VM=1).
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

import kernel_vm

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="QEMU's 9p export of / and the guest's judge need root"),
    pytest.mark.skipif(kernel_vm.missing() is not None, reason=str(kernel_vm.missing())),
]

KERNELS = kernel_vm.kernels()
NEWEST = KERNELS[-1:]
PY = sys.executable
DOCTOR = f"{PY} -c 'from ioi_agent.cli import app; app()' doctor"
PYTEST = f"{PY} -m pytest -q -p no:cacheprovider -o addopts="
ENV = {"PYTHONPATH": str(REPO), "IOI_AGENT_CACHE": "/tmp/ioi-agent-cache", "PYTHONDONTWRITEBYTECODE": "1",
       "IOI_AGENT_TEST_TIME_SCALE": "10", "COLUMNS": "200"}  # fmt: skip

# What no cgroup takes part in (output limits, seccomp, namespaces, uid, chroot, compile bombs)
# runs on the host, on a current kernel. Here, with the CPU emulated (about ten times slower; these
# guests are CI's longest part), the tests of each thing boxrun does with a box's cgroup: prepare it
# for a served run and again when its limits change, kill the box through it (also when the server
# or boxrun dies, and a dead judge's cgroup is swept), stop memory of every kind and fork bombs, and
# measure the peak (a memfd stash's memory_mib).
CGROUP_TESTS = [f"tests/test_sandbox_server.py::{name}" for name in (
    "test_runs_are_served_by_one_long_lived_boxrun", "test_server_killed_mid_run_is_replaced_and_the_verdict_is_right",
    "test_limits_that_change_between_served_runs_take_effect")] + [f"tests/test_sandbox_isolation.py::{name}" for name in (
    "test_boxrun_killed_mid_run_takes_the_program_with_it",
    "test_a_killed_judges_box_cgroup_is_swept_with_what_runs_in_it")] + [f"tests/test_sandbox_hostile.py::{name}" for name in (
    "test_fork_bomb_is_stopped", "test_memory_bomb_is_mle", "test_memfd_stash_beyond_the_limit_is_mle_or_denied",
    "test_kill_everything_harms_nobody")]  # fmt: skip

# The Docker backend's cgroup v2 path under the systemd driver (a Docker host on v2 has it): worker
# slices the judge makes with the controllers delegated and a cgroup per box under its worker's, so
# a memfd stash ends at its limit.
MEMFD_PROBE = """
import sys
sys.path.insert(0, "tests")
from conftest import REPO, hostile_task
from judge.judging import Judge
from judge.sandbox.docker_backend import DockerSandbox
sandbox = DockerSandbox(workers=1)
result = Judge(hostile_task(), sandbox=sandbox).judge((REPO / "tests/hostile/memfd_stash.cpp").read_text())
print("worker cgroup:", sandbox._pool[0].cgroup[0][0])
print("memfd_stash:", " ".join(f"{t.verdict.value}/{t.memory_mib:.0f}" for t in result.tests))
sandbox.close()
"""
DOCKER_JOB = f"""
echo "== docker"
for d in /var/lib/docker /var/lib/containerd; do mkdir -p $d; mount -t tmpfs -o size=3g docker $d; done
for m in overlay veth bridge br_netfilter nf_tables; do modprobe $m 2>/dev/null || true; done
mkdir -p /etc/docker
echo '{{"exec-opts": ["native.cgroupdriver=systemd"]}}' > /etc/docker/daemon.json
DOCKERD_WAIT=300 bash sandbox/start-dockerd.sh
docker load -q -i /vmshare/image.tar
rm /vmshare/image.tar
{DOCTOR}
{PY} -c {shlex.quote(MEMFD_PROBE)}
"""


def docker_image() -> tuple[str | None, str]:
    """The sandbox image to take into the guest, or None and why not."""
    try:
        from judge.sandbox import docker_backend
    except ImportError as e:
        return None, str(e)
    image = docker_backend.image_tag()
    if not docker_backend.docker_available(image):
        return None, f"no Docker daemon or no image {image} here to take into the guest"
    return image, ""


def run_guest(kernel: str, share: Path) -> dict[str, str]:
    """Boot `kernel` once for every test of it; returns its output by part ('vm': the status and the
    console, 'explain': what a failure shows, 'sandbox', 'docker')."""
    newest = kernel in NEWEST
    job = f"""
set -e
echo "== sandbox"
{DOCTOR} --no-docker
{PYTEST} --durations=10 {" ".join(CGROUP_TESTS)}
"""
    image = docker_image()[0] if newest else None
    if image:
        share.mkdir(parents=True, exist_ok=True)
        subprocess.run(["docker", "save", image, "-o", str(share / "image.tar")], check=True, timeout=600)
        job += DOCKER_JOB
    result = kernel_vm.run(kernel, job, share, env=ENV, workdir=REPO, memory_mib=8192 if image else 6144,
                           systemd=newest)  # fmt: skip
    parts = re.split(r"^== (.+)$", result.output, flags=re.M)
    explain = f"--- job output ---\n{result.output[-6000:]}\n--- console ---\n{result.console[-3000:]}"
    return {"vm": f"rc={result.rc}\n{result.console}", "explain": explain, **dict(zip(parts[1::2], parts[2::2]))}


@pytest.fixture(scope="module")
def guest(tmp_path_factory):
    """kernel -> its guest's output by part, booted on first use."""
    runs: dict[str, dict[str, str]] = {}

    def get(kernel: str) -> dict[str, str]:
        if kernel not in runs:
            runs[kernel] = run_guest(kernel, tmp_path_factory.mktemp(kernel))
        return runs[kernel]

    return get


def release_tuple(release: str) -> tuple[int, int]:
    major, minor = re.match(r"(\d+)\.(\d+)", release).groups()
    return int(major), int(minor)


def doctor_rows(output: str) -> dict[tuple[str, str], str]:
    """`ioi-agent doctor`'s table in `output`, each line by its (area, item)."""
    return {tuple(cell.strip() for cell in line.split("│")[1:3]): line
            for line in output.splitlines() if line.count("│") >= 4}  # fmt: skip


def passed_all(output: str) -> bool:
    """pytest's summary line says everything selected passed (nothing failed, errored or skipped)."""
    summary = [line for line in output.splitlines() if re.search(r" in [\d.]+s", line)]
    return bool(summary) and re.fullmatch(r"\d+ passed(, \d+ deselected)? in .*", summary[-1]) is not None


@pytest.mark.parametrize("kernel", KERNELS or ["none"])
def test_sandbox_tests_pass_on_a_cgroup_v2_kernel(guest, kernel):
    out = guest(kernel)
    where = out["explain"]
    assert f"Linux {kernel}, cgroup2fs" in out["vm"], where
    assert "sandbox" in out, where

    # doctor tells this kernel's truth: v2, boxes in cgroups, cgroup.kill, and which memory.peak path
    doctor = doctor_rows(out["sandbox"])
    assert "v2 at /sys/fs/cgroup" in doctor[("cgroup", "version")], where
    assert "v2: works" in doctor[("local sandbox", "cgroup")], where
    release = release_tuple(kernel)
    assert ("present" if release >= (5, 14) else "absent") in doctor[("cgroup", "cgroup.kill")], where
    peak = "absent" if release < (5, 19) else "made afresh per run" if release < (6, 12) else "reset per run"
    assert peak in doctor[("cgroup", "memory.peak")], where
    assert passed_all(out["sandbox"]), where


@pytest.mark.parametrize("kernel", NEWEST or ["none"])
def test_docker_backend_boxes_get_cgroups_on_a_cgroup_v2_kernel(guest, kernel):
    image, why = docker_image()
    if image is None:
        pytest.skip(why)
    out = guest(kernel)
    where = out["explain"]
    assert out["vm"].startswith("rc=0\n"), where
    part = out.get("docker", "")
    assert "v2, systemd driver" in doctor_rows(part)[("docker", "cgroup per box")], where
    # the boxes really got cgroups under their worker's slice: 512 MiB of memfd pages end at 256 MiB
    assert re.search(r"^worker cgroup: /sys/fs/cgroup/ioiagent.slice/ioiagent-\S+\.slice$", part, re.M), where
    stash = re.search(r"^memfd_stash: (.*)$", part, re.M)
    assert stash and all(v.startswith("MLE/") and int(v[4:]) >= 200 for v in stash[1].split()), where
