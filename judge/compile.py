"""Compilation as IOI's `compile_cpp.sh` does it, sandboxed, cached, deduplicated, with a PCH.

The compiler runs inside a box (read-only system, no network, its own uid) under limits of its own
(`COMPILE_LIMITS`: 10 s of CPU, 1 GiB of address space, an executable of at most `max_binary_bytes()`),
so a compile bomb or an `.incbin` of a system file is a CE with a message naming the limit, not a hung
judge or a 100 MB binary copied into every box. Around it, three things make thousands of candidates
cheap:

* a content-addressed cache on disk, keyed by exactly what the compiler reads: every input file byte
  for byte, the units, the flags, the limits and the identity of the compiler *as the sandbox runs
  it* (asked inside a box: the Docker image's g++ is not the host's). No normalisation: GCC gives
  meaning to bytes one would think blank (a lone CR ends a line, a raw string keeps trailing blanks),
  and a cache must never change a verdict; telling near-duplicates apart is the clustering stage's
  job. The cache is a size-bounded LRU (`IOI_AGENT_COMPILE_CACHE_MIB`, default 2048 MiB);
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
import shutil
import signal
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from judge.errors import JudgeError
from judge.paths import cache_dir
from judge.sandbox.base import Box, MiB, ProcessSpec, RunLimits, Sandbox
from judge.verdict import CompileResult

IOI_FLAGS = ("-std=gnu++17", "-Wall", "-O2", "-pipe", "-static", "-g")
# CMS gives a compile 10 s and 512 MiB; address space is counted here (a PCH maps ~120 MiB), so twice
# that. Wall time only catches a compiler that waits on nothing: on a loaded machine a legitimate
# 10 s compile can take far longer than 10 s of wall time.
COMPILE_LIMITS = RunLimits(
    cpu_s=10, wall_s=60, memory_bytes=1024 * MiB, processes=64, file_size_bytes=256 * MiB, open_files=256
)
DEFAULT_MAX_BINARY_MIB = 32  # a typical static -g binary is 2-3 MiB
DEFAULT_CACHE_MIB = 2048
MESSAGE_LIMIT = 4000
COMPILER = "/usr/bin/g++"  # the path the sandboxed compile runs; the local PCH is built with it too
PCH_HEADER = "bits/stdc++.h"
PCH_INCLUDE_DIR = ".pch"  # inside the compile's work directory
CACHE_FORMAT = "3"  # bump when the key's meaning changes


def _env_mib(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        value = int(raw) if raw.strip() else default
    except ValueError:
        raise JudgeError(f"{name} must be a whole number of MiB, not {raw!r}") from None
    if value <= 0:
        raise JudgeError(f"{name} must be positive, not {value}")
    return value


def max_binary_bytes() -> int:
    """Largest executable a compile may produce (`IOI_AGENT_MAX_BINARY_MIB`, default 32 MiB): every
    test's box gets a copy, and the judge keeps it in memory."""
    return _env_mib("IOI_AGENT_MAX_BINARY_MIB", DEFAULT_MAX_BINARY_MIB) * MiB


def cache_limit_bytes() -> int:
    """Size bound of the compile cache on disk (`IOI_AGENT_COMPILE_CACHE_MIB`, default 2048 MiB)."""
    return _env_mib("IOI_AGENT_COMPILE_CACHE_MIB", DEFAULT_CACHE_MIB) * MiB


def compile_limits() -> RunLimits:
    """COMPILE_LIMITS with the file size bound to the binary limit (+1 byte, so that a binary of
    exactly the limit is told apart from one cut short)."""
    return replace(COMPILE_LIMITS, file_size_bytes=max_binary_bytes() + 1)


@functools.cache
def compiler_version(compiler: str = "g++") -> str:
    """The host compiler's version line (names the local precompiled header)."""
    try:
        return subprocess.run([compiler, "--version"], capture_output=True, text=True, check=False).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


# What identifies the compiler a sandbox runs: its full version and configuration (`g++ -v`), and the
# size and modification time of every program and library that shapes the executable (driver, compilers
# proper for C++ and C, assembler, linker, the static C++ and C libraries, since programs are linked -static). Run
# inside a box, so each backend answers for its own compiler (the Docker image's, not the host's).
IDENTITY_SCRIPT = (
    f"{COMPILER} -v 2>&1; "
    f"stat -L -c '%n %s %Y' {COMPILER} \"$({COMPILER} -print-prog-name=cc1plus)\" "
    f"\"$({COMPILER} -print-prog-name=cc1)\" "
    f"\"$(command -v as)\" \"$(command -v ld)\" "
    f"\"$({COMPILER} -print-file-name=libstdc++.a)\" \"$({COMPILER} -print-file-name=libc.a)\" 2>&1"
)
_identities: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_identities_lock = threading.Lock()


def compiler_identity(sandbox: Sandbox) -> str | None:
    """A digest naming the compiler `sandbox` runs, asked once per sandbox (in one of its compile
    slots); None when the box cannot tell (then nothing is cached: a cache must never mix two
    compilers' programs)."""
    with _identities_lock:  # held while asking: concurrent first compiles ask once
        try:
            if sandbox in _identities:
                return _identities[sandbox]
        except TypeError:  # not weakly referenceable: ask every time
            pass
        with _compile_slot(sandbox), sandbox.box() as box:
            box.mkdir("probe", owner=0)
            spec = ProcessSpec(argv=["/bin/sh", "-c", IDENTITY_SCRIPT], workdir="probe", limits=COMPILE_LIMITS,
                               confine="system", stdout="identity.out", env={"LC_ALL": "C"})
            stats = box.run([spec])[0]
            text = box.read("identity.out", 1 << 16)
        identity = hashlib.sha256(text).hexdigest() if not stats.timed_out and b"gcc version" in text else None
        try:
            _identities[sandbox] = identity
        except TypeError:
            pass
        return identity


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


def cache_key(files: Mapping[str, bytes], units: Sequence[str], flags: Sequence[str], compiler: str,
              limits: RunLimits | None = None) -> str:
    """The cache key: a function of exactly what the compiler reads and what bounds it, byte for byte."""
    limits = limits or compile_limits()
    h = hashlib.sha256()
    h.update(json.dumps([CACHE_FORMAT, compiler, list(flags), list(units), asdict(limits)]).encode())
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
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


def _link_pch(box: Box, workdir: str, files: Mapping[str, bytes], flags: Sequence[str]) -> list[str]:
    """Make the local PCH visible to the compile in `box` and return the flags that point GCC at it
    (none when the box is not on this machine, no file includes the header, or no PCH applies)."""
    root = box.host_path(workdir)
    if root is None or not any(PCH_HEADER.encode() in data for data in files.values()):
        return []
    include_dir = pch_include_dir(flags)
    if include_dir is None:
        return []
    dest = root / PCH_INCLUDE_DIR / f"{PCH_HEADER}.gch"
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
    try:
        result = CompileResult(**json.loads(meta.read_text()))
        exe = (store / key).read_bytes() if result.ok else None
        os.utime(meta)  # recently used: the last to be evicted
    except (OSError, ValueError):  # absent, or evicted by another process while we read it
        return None
    return Compiled(result, exe, cached=True)


def _save(store: Path, key: str, compiled: Compiled) -> None:
    if compiled.executable is not None:
        tmp = _unique_tmp(store / key)
        tmp.write_bytes(compiled.executable)
        os.replace(tmp, store / key)
    tmp = _unique_tmp(store / f"{key}.json")
    tmp.write_text(compiled.result.model_dump_json())
    os.replace(tmp, store / f"{key}.json")  # written last: an entry exists once it is whole
    evict(store, cache_limit_bytes())


def evict(store: Path, limit: int) -> int:
    """Remove least recently used entries until the store holds at most 90% of `limit` bytes (the
    margin spares a scan per compile once the cache is full); return how many went. An entry's age is
    its metadata file's modification time, refreshed on every hit. Serialised across processes."""
    with open(store / ".evict.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries: dict[str, list[int]] = {}  # key -> [size, last use]
        with os.scandir(store) as it:
            for e in it:
                name = e.name
                if name.startswith(".") or name.endswith(".tmp"):
                    continue
                key = name.removesuffix(".json")
                try:
                    st = e.stat()
                except OSError:
                    continue
                entry = entries.setdefault(key, [0, 0])
                entry[0] += st.st_size
                if name.endswith(".json"):
                    entry[1] = st.st_mtime_ns
        total = sum(size for size, _ in entries.values())
        if total <= limit:
            return 0
        removed = 0
        for key, (size, _) in sorted(entries.items(), key=lambda kv: kv[1][1]):
            if total <= 0.9 * limit:
                break
            for path in (store / f"{key}.json", store / key):  # metadata first: no half entry is ever read
                path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed


def compile_cpp(
    sandbox: Sandbox,
    files: Mapping[str, bytes],
    units: Sequence[str],
    flags: Sequence[str] = IOI_FLAGS,
    use_cache: bool = True,
) -> Compiled:
    """Compile `units` (names among `files`) into one static executable."""
    compiler = compiler_identity(sandbox) if use_cache else None
    if compiler is None:
        return _compile(sandbox, files, units, flags)[0]
    key = cache_key(files, units, flags, compiler)
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


def _why_failed(log: str, stats, limits: RunLimits, binary_limit: int) -> str:
    """One line naming the limit a failed compile ran into, or the runner's own message."""
    if stats.status.value == "TO":
        return f"compilation exceeded its CPU time limit ({limits.cpu_s:g} s)"
    if stats.timed_out:
        return f"compilation timed out ({limits.wall_s:g} s of wall time)"
    if "File size limit exceeded" in log or stats.signal == signal.SIGXFSZ:
        return f"the compiler's output exceeded the {binary_limit // MiB} MiB limit on an executable"
    if "memory exhausted" in log or "out of memory" in log or "Cannot allocate memory" in log:
        return f"the compiler ran out of memory (limit {limits.memory_bytes // MiB} MiB)"
    return stats.message or "compilation failed"


def _compile(sandbox: Sandbox, files: Mapping[str, bytes], units: Sequence[str],
             flags: Sequence[str]) -> tuple[Compiled, bool]:
    """Run the compiler in a fresh box; also says whether it ran out of (wall or CPU) time."""
    limits, binary_limit = compile_limits(), max_binary_bytes()
    with _compile_slot(sandbox), sandbox.box() as box:
        _count("compiles")
        box.mkdir("src", owner=0)
        for name, data in files.items():
            box.write(f"src/{name}", data)
        pch = _link_pch(box, "src", files, flags)
        spec = ProcessSpec(
            argv=[COMPILER, *pch, *flags, "-o", "prog", *units],
            workdir="src",
            limits=limits,
            confine="system",
            stdout="compile.out",
            stderr="compile.err",
            env={"TMPDIR": "/tmp"},
        )
        stats = box.run([spec])[0]
        log = (box.read("compile.out", 1 << 16) + box.read("compile.err", 1 << 16)).decode(errors="replace")
        exe = box.read("src/prog", binary_limit + 1) if stats.ok else None
    if stats.ok and exe and len(exe) <= binary_limit:
        result = CompileResult(ok=True, message=trim_message(log), cpu_s=stats.cpu_s, wall_s=stats.wall_s)
        return Compiled(result, exe), False
    if stats.ok and exe:
        why = f"the executable is larger than the {binary_limit // MiB} MiB limit"
    else:
        why = _why_failed(log, stats, limits, binary_limit)
    message = f"{trim_message(log, MESSAGE_LIMIT - len(why) - 1)}\n{why}".strip()  # the cause is never cut off
    result = CompileResult(ok=False, message=message, cpu_s=stats.cpu_s, wall_s=stats.wall_s)
    return Compiled(result), stats.timed_out
