"""`ioi-agent doctor`: what the sandbox can use on this machine, in the spirit of
isolate-check-environment. `check()` returns rows of data; the CLI only prints them.

Each row: (area, item, state, detail) with state "ok", "missing" (a protection the judge runs
without; it says so) or "info".
"""
from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from judge.sandbox.boxrun import boxrun_path
from judge.sandbox.protections import CGROUP_PARENT, CGROUP_ROOT, cgroup_version, probe
from judge.sandbox.uids import UIDS_PER_BOX, lock_dir, uid_range, uids_in_use

# Well-known uid ranges a box range must stay clear of (systemd's UIDS-GIDS.md, Debian policy).
RESERVED_UIDS = [
    (0, 999, "system users"),
    (1000, 60000, "login users"),
    (60001, 60513, "Debian static users"),
    (61184, 65519, "systemd DynamicUser"),
    (65534, 65534, "nobody"),
    (524288, 1879048191, "systemd container (nspawn) ranges"),
    (2147483648, 4294967295, "unsafe (negative as 32-bit signed)"),
]


@dataclass(frozen=True)
class Row:
    area: str
    item: str
    state: str  # ok | missing | info
    detail: str


def _cgroup_rows() -> list[Row]:
    version = cgroup_version()
    rows = [Row("cgroup", "version", "ok" if version else "missing",
                f"{version} at {CGROUP_ROOT}" if version else f"no v1 or v2 memory+pids at {CGROUP_ROOT}")]  # fmt: skip
    if version == "v2":
        have = (CGROUP_ROOT / "cgroup.controllers").read_text().split()
        rows.append(Row("cgroup", "controllers", "info", " ".join(have)))
        rows += _v2_feature_rows(CGROUP_ROOT / CGROUP_PARENT)
    elif version == "v1":
        for line in Path("/proc/cgroups").read_text().splitlines()[1:]:
            name, hierarchy, _, enabled = line.split()
            if name in ("memory", "pids", "cpuacct", "freezer"):
                mounted = (CGROUP_ROOT / name).is_dir()
                rows.append(Row("cgroup", name, "ok" if mounted and enabled == "1" else "missing",
                                f"hierarchy {hierarchy}, " + ("mounted" if mounted else "not mounted")))  # fmt: skip
        swap = (CGROUP_ROOT / "memory" / "memory.memsw.limit_in_bytes").exists()
        rows.append(Row("cgroup", "swap accounting", "info",
                        "on: boxes get no swap" if swap else "off (no swap charged; boxes get none anyway "
                        "unless the machine swaps)"))  # fmt: skip
    return rows


def _v2_feature_rows(parent: Path) -> list[Row]:
    """What boxrun's v2 path can use, read from the box cgroups' parent (the root cgroup has none
    of these files, so it cannot answer). The parent exists once boxrun has made a box, as the
    probe does before this runs."""
    if not (parent / "cgroup.procs").exists():
        return [Row("cgroup", "v2 features", "info", f"unknown: {parent} not made (no box cgroup yet)")]
    kill = (parent / "cgroup.kill").exists()
    rows = [Row("cgroup", "cgroup.kill", "ok" if kill else "info",
                "present" if kill else "absent (kernel < 5.14): boxes are frozen, then killed")]  # fmt: skip
    peak = parent / "memory.peak"
    if not peak.exists():
        return rows + [Row("cgroup", "memory.peak", "info", "absent (kernel < 5.19): memory is the "
                           "program's max RSS, so tmpfs and memfd pages are limited but not reported")]  # fmt: skip
    try:  # resetting is per open file (Linux 6.12+): harmless for anyone else reading the parent
        with open(peak, "w") as f:
            f.write("reset\n")
        reset = True
    except OSError:
        reset = False
    return rows + [Row("cgroup", "memory.peak", "ok",
                       "present, reset per run (a box's cgroup is reused)" if reset else
                       "present, not resettable (kernel < 6.12): a box's cgroup is made afresh per run")]  # fmt: skip


def _uid_rows() -> list[Row]:
    base, slots = uid_range()
    last = base + slots * UIDS_PER_BOX - 1
    rows = [Row("uids", "box range", "info", f"{base}-{last} ({slots} slots of {UIDS_PER_BOX}; "
                "IOI_AGENT_UID_BASE / IOI_AGENT_UID_SLOTS)")]  # fmt: skip
    clashes = [name for lo, hi, name in RESERVED_UIDS if lo <= last and base <= hi]
    rows.append(Row("uids", "clear of reserved ranges", "missing" if clashes else "ok",
                    "overlaps " + ", ".join(clashes) if clashes else "yes"))  # fmt: skip
    busy = uids_in_use(base, last - base + 1)
    rows.append(Row("uids", "held by running processes", "info",
                    f"{len(busy)} (their slots are skipped)" if busy else "none"))  # fmt: skip
    rows.append(Row("uids", "slot lock directory", "info", f"{lock_dir()} (IOI_AGENT_LOCK_DIR)"))
    return rows


def _docker_rows() -> list[Row]:
    try:
        from judge.sandbox.docker_backend import _client, image_tag, worker_cgroup_support
    except ImportError as e:
        return [Row("docker", "SDK", "missing", str(e))]
    try:
        client = _client()
        version = client.version().get("Version", "?")
    except Exception as e:
        return [Row("docker", "daemon", "missing", f"no answer ({type(e).__name__}); `--backend auto` uses local")]
    rows = [Row("docker", "daemon", "ok", f"Docker {version}")]
    tag = image_tag()
    try:
        client.images.get(tag)
        rows.append(Row("docker", "image", "ok", tag))
    except Exception:
        rows.append(Row("docker", "image", "missing", f"{tag} not built (bash sandbox/build-image.sh)"))
    ok, detail = worker_cgroup_support(client)
    rows.append(Row("docker", "cgroup per box", "ok" if ok else "missing",
                    detail if ok else f"{detail}: memfd is denied instead, tmpfs pages count against the "
                    "whole worker"))  # fmt: skip
    rows.append(Row("docker", "namespaces per box", "info", "user namespace owning network, IPC and mount "
                    "namespaces, made by boxrun in each run"))  # fmt: skip
    return rows


def check(docker: bool = True) -> list[Row]:
    """Everything the sandbox finds on this machine, for the current user."""
    rows = [
        Row("machine", "kernel", "info", f"{platform.system()} {platform.release()} {platform.machine()}"),
        Row("machine", "user", "info", "root" if os.geteuid() == 0 else f"uid {os.geteuid()} (not root)"),
    ]
    layers = probe(boxrun_path())  # first: it makes the box cgroups' parent that _cgroup_rows reads
    rows += _cgroup_rows()
    for layer in layers.layers:
        rows.append(Row("local sandbox", layer.name, "ok" if layer.available else "missing",
                        layer.detail if layer.available else f"{layer.detail}; unprotected: {layer.stops}"))  # fmt: skip
    rows += _uid_rows()
    if docker:
        rows += _docker_rows()
    return rows
