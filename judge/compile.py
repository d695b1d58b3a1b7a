"""Compilation as IOI's `compile_cpp.sh` does it, sandboxed, cached, deduplicated, with a PCH.

The compiler runs inside a box (read-only system, no network, its own uid, time/memory/output
limits), so a compile bomb is a CE, not a hung judge. Around it, three things make thousands of
candidates cheap:

* a content-addressed cache on disk, keyed by every input file (after a normalisation that never
  changes what the compiler sees: line endings and trailing blanks), the flags and the compiler
  version: identical candidates, managers and checkers compile once, whatever the process;
* in-process deduplication: a compile already running for a key is waited for, not repeated;
* a precompiled <bits/stdc++.h> built once per flag set (the expensive part of a typical
  candidate's compile). The Docker image carries one at the system location; on the local backend
  it is built on the host into the cache and hard-linked into the box, where an `-I` directory
  ahead of the system ones lets GCC find it. GCC checks a PCH's validity and silently falls back
  to the real header when it does not apply, so it never changes what a program means.

At most `sandbox.workers` compiles run at once per sandbox.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from judge.sandbox.base import MiB, ProcessSpec, RunLimits, Sandbox
from judge.sandbox.local import LocalBox, cache_dir
from judge.verdict import CompileResult

IOI_FLAGS = ("-std=gnu++17", "-Wall", "-O2", "-pipe", "-static", "-g")
COMPILE_LIMITS = RunLimits(
    cpu_s=30, wall_s=60, memory_bytes=4096 * MiB, processes=64, file_size_bytes=256 * MiB, open_files=256
)
MESSAGE_LIMIT = 4000
COMPILER = "/usr/bin/g++"  # the path the sandboxed compile runs; the local PCH is built with it too
PCH_HEADER = "bits/stdc++.h"
PCH_INCLUDE_DIR = ".pch"  # inside the compile's work directory
CACHE_FORMAT = "2"  # bump when the key's meaning changes
C_SOURCE_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".c", ".h", ".hpp", ".hh", ".hxx", ".h++", ".ipp", ".tpp")


@functools.cache
def compiler_version(compiler: str = "g++") -> str:
    try:
        return subprocess.run([compiler, "--version"], capture_output=True, text=True, check=False).stdout.splitlines()[0]
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


# A raw string literal keeps every byte of its lines, trailing blanks and CRs included.
_RAW_STRING = re.compile(rb'(?<![A-Za-z0-9_])(?:u8|u|U|L)?R"')


def normalize_source(data: bytes) -> bytes:
    """The source as far as the compiler is concerned: CRLF line ends become LF, blanks (spaces,
    tabs, a stray CR) at line ends and blank lines at the end go. GCC treats both forms alike (a backslash
    followed by blanks still splices lines; no string literal spans a line end), so two candidates
    differing only there share a cache entry. A file that may hold a raw string literal, where those
    bytes are content, is left exactly as it is."""
    if _RAW_STRING.search(data):
        return data
    lines = [line.rstrip(b" \t\r") for line in data.replace(b"\r\n", b"\n").split(b"\n")]
    while lines and not lines[-1]:
        lines.pop()
    return b"\n".join(lines) + b"\n" if lines else b""


def _normalized(name: str, data: bytes) -> bytes:
    return normalize_source(data) if name.lower().endswith(C_SOURCE_SUFFIXES) else data


def cache_key(files: Mapping[str, bytes], units: Sequence[str], flags: Sequence[str]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([CACHE_FORMAT, compiler_version(), list(flags), list(units)]).encode())
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(_normalized(name, files[name])).digest())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Counters (what tests and benchmarks read to see that a duplicate cost nothing)

_stats = {"compiles": 0, "cache_hits": 0, "shared": 0, "pch_builds": 0}
_stats_lock = threading.Lock()


def _count(what: str) -> None:
    with _stats_lock:
        _stats[what] += 1


def compile_stats() -> dict[str, int]:
    """Counts since start: `compiles` (the compiler ran), `cache_hits` (answered from disk),
    `shared` (waited for an identical compile already running), `pch_builds`."""
    with _stats_lock:
        return dict(_stats)


# ---------------------------------------------------------------------------------------------
# Precompiled header for the local backend


def _unique_tmp(path: Path, suffix: str = "tmp") -> Path:
    return path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.{suffix}")


@functools.cache
def _system_header(flags: tuple[str, ...]) -> Path | None:
    """Where the compiler finds <bits/stdc++.h> with these flags."""
    proc = subprocess.run([COMPILER, *_pch_flags(flags), "-x", "c++", "-E", "-H", "-o", os.devnull, "-"],
                          input=f"#include <{PCH_HEADER}>\n", capture_output=True, text=True, check=False)
    for line in proc.stderr.splitlines():
        if line.startswith(". ") and line.endswith(PCH_HEADER):
            return Path(line[2:].strip())
    return None


# Options that cannot change a PCH: a link option, and diagnostics about the PCH itself.
PCH_NEUTRAL_FLAGS = frozenset({"-static", "-H", "-Winvalid-pch"})


def _pch_flags(flags: Sequence[str]) -> list[str]:
    return [f for f in flags if f not in PCH_NEUTRAL_FLAGS]


_pch_lock = threading.Lock()


def pch_include_dir(flags: Sequence[str]) -> Path | None:
    """A directory holding `bits/stdc++.h.gch` valid for `flags`, built once per flag set and
    compiler (a trusted step, run directly on the host), or None if GCC would not use one. The build
    is checked with -Winvalid-pch and -H: a PCH that GCC skips is recorded as unusable."""
    flags = tuple(_pch_flags(flags))
    key = hashlib.sha256(json.dumps([compiler_version(COMPILER), list(flags)]).encode()).hexdigest()[:20]
    root = cache_dir() / "pch"
    target, unusable = root / key, root / f"{key}.unusable"
    gch = target / f"{PCH_HEADER}.gch"
    if gch.exists():
        return target
    if unusable.exists():
        return None
    root.mkdir(exist_ok=True)
    with _pch_lock, open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # other processes building the same PCH wait for it
        if gch.exists():
            return target
        if unusable.exists():
            return None
        header = _system_header(flags)
        work = Path(tempfile.mkdtemp(prefix=f"{key}.", dir=root))
        try:
            built = work / "pch" / f"{PCH_HEADER}.gch"
            built.parent.mkdir(parents=True)
            ok = header is not None and subprocess.run(
                [COMPILER, *_pch_flags(flags), "-x", "c++-header", str(header), "-o", str(built)],
                capture_output=True, check=False).returncode == 0  # fmt: skip
            if ok:
                _count("pch_builds")
                ok = pch_used(work / "pch", flags, work)
            if not ok:
                unusable.write_text("GCC does not use a precompiled header with these flags\n")
                return None
            built.chmod(0o444)
            os.replace(work / "pch", target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return target


def pch_used(include_dir: Path, flags: Sequence[str], workdir: Path) -> bool:
    """Whether GCC, given `-I include_dir`, compiles a bits/stdc++.h program through the PCH."""
    probe = workdir / "pch-probe.cpp"
    probe.write_text(f"#include <{PCH_HEADER}>\nint main() {{ std::vector<int> v{{2, 1}}; "
                     "std::sort(v.begin(), v.end()); return v[0] - 1; }\n")
    proc = subprocess.run([COMPILER, f"-I{include_dir}", *_pch_flags(flags), "-Winvalid-pch", "-H", "-c",
                           "-o", os.devnull, str(probe)], capture_output=True, text=True, check=False)  # fmt: skip
    return proc.returncode == 0 and any(line.startswith("! ") for line in proc.stderr.splitlines())


def _link_pch(box: object, workdir: str, files: Mapping[str, bytes], flags: Sequence[str]) -> list[str]:
    """Make the local PCH visible to the compile in `box` and return the flags that point GCC at it
    (none when the box is not a local one, no file includes the header, or no PCH applies)."""
    if not isinstance(box, LocalBox) or not any(PCH_HEADER.encode() in data for data in files.values()):
        return []
    include_dir = pch_include_dir(flags)
    if include_dir is None:
        return []
    dest = box.root / workdir / PCH_INCLUDE_DIR / f"{PCH_HEADER}.gch"
    dest.parent.mkdir(parents=True, mode=0o755)
    try:  # a hard link: free, and the box's uid cannot write the root-owned, read-only file
        os.link(include_dir / f"{PCH_HEADER}.gch", dest)
    except OSError:  # another filesystem: compile without it rather than copy 100+ MiB
        return []
    return [f"-I{PCH_INCLUDE_DIR}"]


# ---------------------------------------------------------------------------------------------
# Compiling

_inflight: dict[str, Future] = {}
_inflight_lock = threading.Lock()
_slots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_slots_lock = threading.Lock()


def _compile_slot(sandbox: Sandbox) -> threading.Semaphore | nullcontext:
    """One of the sandbox's `workers` compile slots (no bound for a sandbox that cannot be
    weakly referenced or hashed, rather than keep it alive forever)."""
    with _slots_lock:
        try:
            slot = _slots.get(sandbox)
            if slot is None:
                slot = _slots[sandbox] = threading.BoundedSemaphore(max(1, sandbox.workers))
        except TypeError:
            return nullcontext()
        return slot


def _load(store: Path, key: str) -> Compiled | None:
    meta = store / f"{key}.json"
    if not meta.exists():
        return None
    result = CompileResult(**json.loads(meta.read_text()))
    binary = store / key
    exe = binary.read_bytes() if result.ok and binary.exists() else None
    if not result.ok or exe is not None:
        return Compiled(result, exe, cached=True)
    return None


def _save(store: Path, key: str, compiled: Compiled) -> None:
    if compiled.executable is not None:
        tmp = _unique_tmp(store / key)
        tmp.write_bytes(compiled.executable)
        os.replace(tmp, store / key)
    tmp = _unique_tmp(store / f"{key}.json")
    tmp.write_text(compiled.result.model_dump_json())
    os.replace(tmp, store / f"{key}.json")


def compile_cpp(
    sandbox: Sandbox,
    files: Mapping[str, bytes],
    units: Sequence[str],
    flags: Sequence[str] = IOI_FLAGS,
    use_cache: bool = True,
) -> Compiled:
    """Compile `units` (names among `files`) into one static executable."""
    if not use_cache:
        return _compile(sandbox, files, units, flags)[0]
    key = cache_key(files, units, flags)
    store = cache_dir() / "compiled"
    store.mkdir(exist_ok=True)
    if (hit := _load(store, key)) is not None:
        _count("cache_hits")
        return hit
    with _inflight_lock:
        running = _inflight.get(key)
        if running is None:
            mine: Future = Future()
            _inflight[key] = mine
    if running is not None:
        _count("shared")
        return replace(running.result(), cached=True)
    try:
        compiled = _load(store, key)  # finished by another process, or by a thread just before us
        if compiled is not None:
            _count("cache_hits")
        else:
            compiled, timed_out = _compile(sandbox, files, units, flags)
            if not timed_out:  # a timeout may be load: try again next time
                _save(store, key, compiled)
        mine.set_result(compiled)
        return compiled
    except BaseException as e:
        mine.set_exception(e)
        raise
    finally:
        with _inflight_lock:
            del _inflight[key]


def _compile(sandbox: Sandbox, files: Mapping[str, bytes], units: Sequence[str],
             flags: Sequence[str]) -> tuple[Compiled, bool]:
    """Run the compiler in a fresh box; also says whether it ran out of time."""
    with _compile_slot(sandbox), sandbox.box() as box:
        _count("compiles")
        box.mkdir("src", owner=0)
        for name, data in files.items():
            box.write(f"src/{name}", data)
        pch = _link_pch(box, "src", files, flags)
        spec = ProcessSpec(
            argv=[COMPILER, *pch, *flags, "-o", "prog", *units],
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
        return Compiled(result, exe), False
    why = "compilation timed out" if stats.timed_out else (stats.message or "compilation failed")
    result = CompileResult(ok=False, message=trim_message(f"{log}\n{why}" if log else why),
                           cpu_s=stats.cpu_s, wall_s=stats.wall_s)
    return Compiled(result), stats.timed_out
