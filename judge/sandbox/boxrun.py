"""The boxrun contract shared by every backend: building the runner, the options a process's limits
become, and reading the isolate-style meta lines it answers with.

`boxrun.c` beside this file is the runner itself (see its header for the full contract); the local
backend runs it on the host, the Docker backend inside its worker containers.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import threading
from pathlib import Path

from judge.errors import JudgeError
from judge.paths import cache_dir
from judge.sandbox.base import ProcessSpec, RunStats, RunStatus

BOXRUN_SOURCE = Path(__file__).with_name("boxrun.c")

_build_lock = threading.Lock()


def boxrun_path() -> Path:
    """The compiled runner, built once per source version into the cache (atomic, race-free)."""
    source = BOXRUN_SOURCE.read_bytes()
    target = cache_dir() / f"boxrun-{hashlib.sha256(source + b'static').hexdigest()[:16]}"
    if target.exists():
        return target
    with _build_lock:
        if target.exists():
            return target
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        # Static: no dynamic loading on each of the thousands of runs a judge makes.
        for static in (["-static"], []):
            proc = subprocess.run(["gcc", "-O2", *static, "-o", str(tmp), str(BOXRUN_SOURCE), "-lm"],
                                  capture_output=True, text=True)  # fmt: skip
            if proc.returncode == 0:
                break
        if proc.returncode != 0:
            raise JudgeError(f"cannot build boxrun: {proc.stderr.strip()[:500]}")
        os.replace(tmp, target)
    return target


def parse_meta(text: str) -> dict[str, str]:
    """isolate-style meta: `key:value` lines; unknown keys are kept, absent keys allowed."""
    meta: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    return meta


def stats_from_meta(meta: dict[str, str]) -> RunStats:
    status = meta.get("status", "XX")
    if status == "XX":
        raise JudgeError(f"sandbox failure: {meta.get('message', 'no meta output')}")
    return RunStats(
        status=RunStatus(status),
        exit_code=int(meta.get("exitcode", 0)),
        signal=int(meta.get("exitsig", 0)),
        cpu_s=float(meta.get("time", 0.0)),
        wall_s=float(meta.get("time-wall", 0.0)),
        memory_bytes=int(meta.get("cg-mem", meta.get("max-rss", 0))) * 1024,
        message=meta.get("message", ""),
        oom_killed=meta.get("cg-oom-killed") == "1",
    )


def boxrun_options(spec: ProcessSpec) -> list[str]:
    """The limit options of one process, shared by every backend that drives boxrun."""
    lim = spec.limits
    opts = [
        "--cpu", f"{lim.cpu_s:.3f}", "--wall", f"{lim.wall_s:.3f}",
        "--mem", str(lim.memory_bytes), "--nproc", str(lim.processes),
        "--fsize", str(lim.file_size_bytes), "--nofile", str(lim.open_files),
    ]  # fmt: skip
    if lim.stack_bytes:
        opts += ["--stack", str(lim.stack_bytes)]
    opts += ["--seccomp", spec.policy]
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C", **spec.env}
    for key, value in env.items():
        opts += ["--env", f"{key}={value}"]
    return opts
