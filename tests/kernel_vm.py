"""Run a shell job under another Linux kernel: QEMU boots a Debian kernel whose root file system
is this machine's own (read-only over 9p, with a tmpfs overlay), so the job sees the same Python,
compilers and checkout, on a kernel this machine does not run.

It exists for cgroup v2: the development and CI machines are cgroup v1 hosts, and a fake v2 tree
(tests/test_boxrun_cgroup_v2.py) checks boxrun's file protocol but enforces nothing. The kernels
come from `scripts/kernel-vm.sh`; QEMU emulates the CPU (no hardware acceleration is assumed),
so programs run about ten times slower there.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

VM_DIR = Path(os.environ.get("IOI_AGENT_VM_DIR")
              or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ioi-agent" / "vm")  # fmt: skip

# PID 1 in the guest, once the initramfs has switched to the shared root. Bare (the default): the
# mounts a judge needs and cgroup v2, then the job. With SYSTEMD=1: systemd itself, asked for one
# unit, the job (and what it pulls in: the basic system, D-Bus), as on a systemd host.
GUEST_INIT = r"""
set -a; . /vmshare/env; set +a
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
if [ "$SYSTEMD" = 1 ]; then
    printf '%s\n' '[Unit]' 'Wants=dbus.service' 'After=dbus.service' '[Service]' 'Type=oneshot' \
        'EnvironmentFile=/vmshare/env' 'ExecStart=/bin/sh /vmshare/job-run.sh' > /etc/systemd/system/ioi-vm-job.service
    exec /lib/systemd/systemd --unit=ioi-vm-job.service
fi
mount -t proc proc /proc; mount -t sysfs sys /sys
mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs shm /dev/shm
mount -t tmpfs run /run; mount -t tmpfs tmp /tmp; chmod 1777 /tmp
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
/bin/sh /vmshare/job-run.sh
"""

# The job's frame, under either init: the kernel's modules, the job, its status, power off.
JOB_RUN = r"""
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
release=$(uname -r)
if [ -d "$MODULES" ]; then mkdir -p "/lib/modules/$release" && mount --bind "$MODULES" "/lib/modules/$release"; fi
ip link set lo up 2>/dev/null || true
echo "vm: Linux $release, $(stat -fc %T /sys/fs/cgroup), controllers: $(cat /sys/fs/cgroup/cgroup.controllers)" > /dev/console
cd "$WORKDIR" && /bin/sh /vmshare/job.sh > /vmshare/out.txt 2>&1
echo $? > /vmshare/rc
sync; echo o > /proc/sysrq-trigger
"""


@dataclass(frozen=True)
class VmResult:
    rc: int | None  # the job's exit status; None when the guest never finished it
    output: str  # the job's stdout and stderr
    console: str  # the guest's console (kernel messages, the init's lines)


def kernels() -> list[str]:
    """Kernel releases scripts/kernel-vm.sh has prepared, oldest first."""
    if not VM_DIR.is_dir():
        return []
    ready = [d for d in VM_DIR.iterdir() if (d / "vmlinuz").is_file() and (d / "initrd.img").is_file()]
    return [d.name for d in sorted(ready, key=lambda d: [int(x) if x.isdigit() else 0 for x in d.name.replace("-", ".").split(".")[:3]])]


def missing() -> str | None:
    """Why no VM can be booted here, or None."""
    if shutil.which("qemu-system-x86_64") is None:
        return "qemu-system-x86_64 is not installed (scripts/kernel-vm.sh installs it)"
    if not kernels():
        return f"no kernel prepared in {VM_DIR} (run scripts/kernel-vm.sh)"
    return None


def run(kernel: str, job: str, share: Path, env: dict[str, str] | None = None, workdir: Path = Path("/"),
        memory_mib: int = 6144, cpus: int = 2, systemd: bool = False, timeout_s: float = 1800) -> VmResult:  # fmt: skip
    """Boot `kernel`, run the shell text `job` as root in `workdir` with `env`, and power off.

    `share` (an empty directory) is the guest's /vmshare, writable from both sides: the job's files
    and its output land there. The guest's writes elsewhere go to a tmpfs and vanish with it.
    `systemd`: boot systemd as PID 1 and run the job as its unit."""
    kdir = VM_DIR / kernel
    share.mkdir(parents=True, exist_ok=True)
    variables = {"MODULES": str(kdir / "modules"), "WORKDIR": str(workdir), "SYSTEMD": "1" if systemd else "0",
                 **(env or {})}  # fmt: skip
    (share / "env").write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in variables.items()))
    (share / "init.sh").write_text(GUEST_INIT)
    (share / "job-run.sh").write_text(JOB_RUN)
    (share / "job.sh").write_text(job)
    for name in ("rc", "out.txt"):
        (share / name).unlink(missing_ok=True)
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg,thread=multi", "-cpu", "max",
           "-m", str(memory_mib), "-smp", str(cpus), "-nographic", "-no-reboot", "-nodefaults", "-serial", "stdio",
           "-kernel", str(kdir / "vmlinuz"), "-initrd", str(kdir / "initrd.img"),
           "-append", "console=ttyS0 panic=-1 quiet loglevel=3",
           "-virtfs", "local,path=/,mount_tag=hostroot,security_model=passthrough,readonly=on,multidevs=remap",
           "-virtfs", f"local,path={share},mount_tag=vmshare,security_model=passthrough,multidevs=remap"]  # fmt: skip
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout_s)
        console = proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        console = (e.stdout or b"").decode(errors="replace") + f"\n[kernel_vm: killed after {timeout_s} s]"
    rc_file, out_file = share / "rc", share / "out.txt"
    rc = int(rc_file.read_text()) if rc_file.exists() and rc_file.read_text().strip() else None
    output = out_file.read_text(errors="replace") if out_file.exists() else ""
    return VmResult(rc=rc, output=output, console=console)
