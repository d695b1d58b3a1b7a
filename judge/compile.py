"""Compilation as IOI's `compile_cpp.sh` does it, sandboxed, with a content-addressed cache.

The compiler runs inside a box (read-only system, no network, its own uid, time/memory/output
limits), so a compile bomb is a CE, not a hung judge. The cache key covers every input file, the
flags and the compiler version: identical candidates compile once, and managers and checkers are
compiled once per task whatever the number of submissions.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from typing import Mapping, Sequence

from judge.sandbox.base import MiB, ProcessSpec, RunLimits, Sandbox
from judge.sandbox.local import cache_dir
from judge.verdict import CompileResult

IOI_FLAGS = ("-std=gnu++17", "-Wall", "-O2", "-pipe", "-static", "-g")
COMPILE_LIMITS = RunLimits(
    cpu_s=30, wall_s=60, memory_bytes=4096 * MiB, processes=64, file_size_bytes=256 * MiB, open_files=256
)
MESSAGE_LIMIT = 4000


@functools.cache
def compiler_version(compiler: str = "g++") -> str:
    try:
        return subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


@dataclass(frozen=True)
class Compiled:
    result: CompileResult
    executable: bytes | None = None
    cached: bool = False


def trim_message(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = text.replace("/box/", "")
    if len(text) <= limit:
        return text.strip()
    return text[:limit].rstrip() + f"\n... ({len(text) - limit} more characters)"


def cache_key(files: Mapping[str, bytes], units: Sequence[str], flags: Sequence[str]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([compiler_version(), list(flags), list(units)]).encode())
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


def compile_cpp(
    sandbox: Sandbox,
    files: Mapping[str, bytes],
    units: Sequence[str],
    flags: Sequence[str] = IOI_FLAGS,
    use_cache: bool = True,
) -> Compiled:
    """Compile `units` (names among `files`) into one static executable."""
    key = cache_key(files, units, flags)
    store = cache_dir() / "compiled"
    store.mkdir(exist_ok=True)
    binary, meta = store / key, store / f"{key}.json"
    if use_cache and meta.exists():
        record = json.loads(meta.read_text())
        result = CompileResult(**record)
        exe = binary.read_bytes() if result.ok and binary.exists() else None
        if not result.ok or exe is not None:
            return Compiled(result, exe, cached=True)

    with sandbox.box() as box:
        box.mkdir("src", owner=0)
        for name, data in files.items():
            box.write(f"src/{name}", data)
        spec = ProcessSpec(
            argv=["/usr/bin/g++", *flags, "-o", "prog", *units],
            workdir="src",
            limits=COMPILE_LIMITS,
            confine="system",
            stdout="compile.out",
            stderr="compile.err",
            env={"TMPDIR": "/tmp"},
        )
        stats = box.run([spec])[0]
        log = (box.read("compile.out", 1 << 16) + box.read("compile.err", 1 << 16)).decode(errors="replace")
        exe = box.read("src/prog") if stats.ok else None
    if stats.ok and exe:
        result = CompileResult(ok=True, message=trim_message(log), cpu_s=stats.cpu_s, wall_s=stats.wall_s)
    else:
        why = "compilation timed out" if stats.timed_out else (stats.message or "compilation failed")
        result = CompileResult(ok=False, message=trim_message(f"{log}\n{why}" if log else why),
                               cpu_s=stats.cpu_s, wall_s=stats.wall_s)
        exe = None
    if use_cache and (exe is not None or not stats.timed_out):  # a timeout may be load: retry later
        if exe is not None:
            tmp = binary.with_name(f"{key}.{os.getpid()}.tmp")
            tmp.write_bytes(exe)
            os.replace(tmp, binary)
        tmp = meta.with_name(f"{key}.{os.getpid()}.jtmp")
        tmp.write_text(result.model_dump_json())
        os.replace(tmp, meta)
    return Compiled(result, exe)
