"""Which sandbox layers this machine gives the local backend, found by asking boxrun to use each.

Probed once per process: a layer boxrun cannot set up (no writable cgroup, a kernel without seccomp,
no root for namespaces) is left out of every run and named in `missing()`, so the judge keeps working
and says what it is not protected from.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
V1_CONTROLLERS = ("memory", "pids", "cpuacct", "freezer")
CGROUP_PARENT = "ioi-agent"  # box cgroups are CGROUP_PARENT/box-<first uid>


def cgroup_version(root: Path = CGROUP_ROOT) -> str | None:
    """'v2' (unified, with memory and pids), 'v1' (memory and pids hierarchies), or None."""
    controllers = root / "cgroup.controllers"
    if controllers.exists():
        have = controllers.read_text().split()
        return "v2" if {"memory", "pids"} <= set(have) else None
    if (root / "memory").is_dir() and (root / "pids").is_dir():
        return "v1"
    return None


def cgroup_dirs(name: str, root: Path = CGROUP_ROOT) -> list[Path]:
    """The directories of cgroup `name` (relative) in every hierarchy boxrun uses."""
    version = cgroup_version(root)
    if version == "v2":
        return [root / name]
    if version == "v1":
        return [root / c / name for c in V1_CONTROLLERS if (root / c).is_dir()]
    return []


def remove_cgroup(name: str, root: Path = CGROUP_ROOT) -> None:
    """Kill what is left in a box cgroup (a grandchild of a boxrun that was itself killed), then
    rmdir it everywhere."""
    dirs = cgroup_dirs(name, root)
    for _ in range(100):
        pids = []
        for d in dirs:
            try:
                pids += [int(p) for p in (d / "cgroup.procs").read_text().split()]
            except OSError:
                pass
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        time.sleep(0.01)
    for d in dirs:
        try:
            d.rmdir()
        except OSError:
            pass


@dataclass(frozen=True)
class Layer:
    name: str
    available: bool
    detail: str
    stops: str  # what the layer is there to stop, for messages


@dataclass(frozen=True)
class Protections:
    root: bool
    cgroup: Layer
    seccomp: Layer
    namespaces: Layer
    uid: Layer
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def layers(self) -> list[Layer]:
        return [self.cgroup, self.seccomp, self.namespaces, self.uid]

    def missing(self) -> list[Layer]:
        return [layer for layer in self.layers if not layer.available]

    def warning(self) -> str | None:
        """One line naming what is unprotected, or None when every layer is on."""
        gone = self.missing()
        if not gone:
            return None
        parts = "; ".join(f"no {layer.name} ({layer.detail}): {layer.stops}" for layer in gone)
        return f"local sandbox without some protections: {parts}"


def _meta(boxrun: Path, *options: str) -> dict[str, str]:
    true = shutil.which("true") or "/bin/true"
    proc = subprocess.run([str(boxrun), "--wall", "5", *options, "--", true], capture_output=True, text=True,
                          timeout=30)  # fmt: skip
    meta = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(":")
        meta[key] = value
    return meta


def _probe(boxrun: Path, *options: str) -> tuple[bool, str]:
    try:
        meta = _meta(boxrun, *options)
    except (OSError, subprocess.SubprocessError) as e:
        return False, str(e)
    if meta.get("status") == "OK":
        return True, "works"
    return False, meta.get("message", "boxrun failed")


@functools.lru_cache(maxsize=None)
def probe(boxrun: Path) -> Protections:
    """Ask boxrun for each layer on this machine, as the current user."""
    root = os.geteuid() == 0
    version = cgroup_version()
    if not root:
        cgroup = Layer("cgroup", False, "needs root", "memory outside the address space (memfd, tmpfs), "
                       "processes that leave the tree, host memory exhaustion")  # fmt: skip
    elif version is None:
        cgroup = Layer("cgroup", False, f"no cgroup v1 or v2 memory+pids at {CGROUP_ROOT}",
                       "memory outside the address space (memfd, tmpfs), host memory exhaustion")  # fmt: skip
    else:
        name = f"{CGROUP_PARENT}/probe-{os.getpid()}"
        ok, detail = _probe(boxrun, "--cgroup", name, "--mem", str(64 << 20))
        remove_cgroup(name)
        cgroup = Layer("cgroup", ok, f"{version}: {detail}" if ok else detail,
                       "memory outside the address space (memfd, tmpfs), host memory exhaustion")  # fmt: skip
    ok, detail = _probe(boxrun, "--seccomp", "contestant")
    seccomp = Layer("seccomp", ok, detail, "vsock and netlink sockets, kernel keyrings, io_uring, "
                    "userfaultfd, perf, bpf, ptrace, user namespaces")  # fmt: skip
    if root:
        ok, detail = _probe(boxrun, "--netns")
        namespaces = Layer("namespaces", ok, detail, "network access, abstract unix sockets, System V IPC")
    else:
        namespaces = Layer("namespaces", False, "needs root", "network access, chroot, the judge's files")
    uid = Layer("uid", root, "own uid per box" if root else "needs root",
                "other boxes' files and processes, the judge's files")  # fmt: skip
    return Protections(root=root, cgroup=cgroup, seccomp=seccomp, namespaces=namespaces, uid=uid)
