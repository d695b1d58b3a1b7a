"""The local sandbox: boxes are private host directories, every process goes through `boxrun`.

Needs no Docker. As root (CI, these machines) each box gets its own block of unprivileged uids, a
cgroup, a seccomp filter and network + IPC namespaces, and its programs are chrooted into their work
directory; these are prepared once per slot and reused box after box. As an ordinary user the limits
and the seccomp filter still apply but the rest is impossible, and the sandbox says what is missing.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import warnings
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from judge.errors import JudgeError
from judge.sandbox.base import ProcessSpec, RunStats, RunStatus
from judge.sandbox.protections import CGROUP_PARENT, Protections, cgroup_dirs, probe, remove_cgroup

BOXRUN_SOURCE = Path(__file__).with_name("boxrun.c")
# Box uids: a block of UIDS_PER_BOX per slot, UID_SLOTS slots from UID_BASE. The default lies in
# systemd's unused range (1879048192-2147483647), away from system users, login users, systemd's
# DynamicUser range (61184-65519), nobody (65534) and container ranges (524288-1879048191).
# IOI_AGENT_UID_BASE / IOI_AGENT_UID_SLOTS move it (doctor checks the choice).
UIDS_PER_BOX = 8


def uid_range() -> tuple[int, int]:
    """(first uid, number of slots) of the box uid range, from the environment or the default."""
    base = int(os.environ.get("IOI_AGENT_UID_BASE", 1_900_000_000))
    slots = int(os.environ.get("IOI_AGENT_UID_SLOTS", 1000))
    if base < 1000 or slots < 1 or base + slots * UIDS_PER_BOX > 2**31 - 1:
        raise JudgeError(f"bad box uid range: IOI_AGENT_UID_BASE={base}, IOI_AGENT_UID_SLOTS={slots}")
    return base, slots


def lock_dir() -> Path:
    """Where uid slots are locked: one fixed place per machine (never $TMPDIR, which differs
    between judges), IOI_AGENT_LOCK_DIR to override."""
    if os.environ.get("IOI_AGENT_LOCK_DIR"):
        return Path(os.environ["IOI_AGENT_LOCK_DIR"])
    return Path("/run/ioi-agent/uids") if os.geteuid() == 0 else Path("/tmp/ioi-agent-uids")


def cache_dir() -> Path:
    root = Path(os.environ.get("IOI_AGENT_CACHE", Path.home() / ".cache" / "ioi-agent"))
    root.mkdir(parents=True, exist_ok=True)
    return root


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


def uids_in_use(first: int, count: int) -> set[int]:
    """Uids in [first, first + count) that a running process holds (real, effective, saved or fs)."""
    found: set[int] = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"Uid:"):
                        found.update(u for u in map(int, line.split()[1:]) if first <= u < first + count)
                        break
        except OSError:  # gone meanwhile
            continue
    return found


class _UidSlot:
    """A block of uids held through an advisory lock in lock_dir(), so concurrent judges never share
    a user, and skipped when any process on this machine already runs as one of its uids."""

    def __init__(self) -> None:
        base, slots = uid_range()
        directory = lock_dir()
        directory.mkdir(mode=0o755, parents=True, exist_ok=True)
        start = (os.getpid() * 7) % slots
        for k in range(slots):
            slot = (start + k) % slots
            fd = os.open(directory / f"{base + slot * UIDS_PER_BOX}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            first = base + slot * UIDS_PER_BOX
            if uids_in_use(first, UIDS_PER_BOX):  # a stranger (or a dead judge's orphan) holds one
                os.close(fd)
                continue
            self.fd, self.base = fd, first
            return
        raise JudgeError(f"no free sandbox uid slot in {slots} slots from uid {base} (lock dir {directory})")

    def uid(self, identity: int) -> int:
        if not 0 <= identity < UIDS_PER_BOX:
            raise ValueError(f"identity {identity} out of range")
        return self.base + identity

    def release(self) -> None:
        os.close(self.fd)


class _Slot:
    """What a box runs in, prepared once and reused box after box (as isolate reuses box ids): a
    block of uids, a cgroup, and network + IPC namespaces held open by descriptor (creating a
    network namespace costs milliseconds, joining one microseconds)."""

    def __init__(self, boxrun: Path, layers: Protections):
        self.uids = _UidSlot()
        self.base = self.uids.base
        self.cgroup = f"{CGROUP_PARENT}/box-{self.base}" if layers.cgroup.available else None
        self.extra_cgroups = 0  # runs of several processes used <cgroup>-0, -1, ...
        self.ns_fds: tuple[int, int] | None = None
        # Without seccomp a program could leave System V objects in a reused IPC namespace.
        if layers.namespaces.available and layers.seccomp.available:
            self.ns_fds = _hold_namespaces(boxrun)

    def options(self) -> list[str]:
        opts = ["--cgroup", self.cgroup] if self.cgroup else []
        if self.ns_fds:
            opts += ["--netns-fd", str(self.ns_fds[0]), "--ipcns-fd", str(self.ns_fds[1])]
        else:
            opts.append("--netns")
        return opts

    def release(self) -> None:
        if self.ns_fds:
            for fd in self.ns_fds:
                os.close(fd)
        if self.cgroup:
            remove_cgroup(self.cgroup)
            for i in range(self.extra_cgroups):
                remove_cgroup(f"{self.cgroup}-{i}")
        self.uids.release()


_swept = False


def sweep_stale_cgroups() -> int:
    """Remove box cgroups whose slot no judge holds (left by judges that were killed), killing what
    still runs in them; once per process. Returns how many were removed."""
    global _swept
    if _swept:
        return 0
    _swept = True
    dirs = cgroup_dirs(CGROUP_PARENT)
    if not dirs or not dirs[0].is_dir():
        return 0
    removed = 0
    lock_dir().mkdir(mode=0o755, parents=True, exist_ok=True)
    for d in dirs[0].iterdir():
        base = d.name.removeprefix("box-").split("-")[0]
        if not d.is_dir() or not d.name.startswith("box-") or not base.isdigit():
            continue
        try:
            fd = os.open(lock_dir() / f"{base}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a live judge holds it
            os.close(fd)
            continue
        remove_cgroup(f"{CGROUP_PARENT}/{d.name}")
        removed += 1
        os.close(fd)
    return removed


def _hold_namespaces(boxrun: Path) -> tuple[int, int] | None:
    """Descriptors of a fresh, empty network namespace and IPC namespace (None if they cannot be made)."""
    sleep = shutil.which("sleep") or "/bin/sleep"
    holder = subprocess.Popen([str(boxrun), "--netns", "--seccomp", "none", "--", sleep, "60"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(500):
            try:
                child = Path(f"/proc/{holder.pid}/task/{holder.pid}/children").read_text().split()
            except OSError:
                child = []
            if child:
                own = os.readlink("/proc/self/ns/net")
                net = os.open(f"/proc/{child[0]}/ns/net", os.O_RDONLY | os.O_CLOEXEC)
                if os.readlink(f"/proc/{child[0]}/ns/net") != own:  # unshared already
                    ipc = os.open(f"/proc/{child[0]}/ns/ipc", os.O_RDONLY | os.O_CLOEXEC)
                    return net, ipc
                os.close(net)
            if holder.poll() is not None:
                return None
            time.sleep(0.002)
        return None
    finally:
        holder.kill()
        holder.wait()


class LocalBox:
    def __init__(self, root: Path, confined: bool, boxrun: Path, slot: _Slot | None):
        self.root = root
        self.confined = confined
        self.boxrun = boxrun
        self.slot = slot

    def _path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if self.root.resolve() not in (path, *path.parents):
            raise ValueError(f"path {name!r} leaves the box")
        return path

    def _own(self, path: Path, owner: int | None) -> None:
        if owner is not None and self.slot is not None:
            uid = self.slot.uids.uid(owner)
            os.chown(path, uid, uid)

    def mkdir(self, name: str, owner: int | None = None) -> None:
        path = self._path(name)
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o700 if owner is not None else 0o755)
        self._own(path, owner)

    def write(self, name: str, data: bytes, executable: bool = False) -> None:
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o755 if executable else 0o644)

    def read(self, name: str, limit: int | None = None) -> bytes:
        path = self._path(name)
        if not path.is_file():
            return b""
        with open(path, "rb") as f:
            return f.read(-1 if limit is None else limit)

    def exists(self, name: str) -> bool:
        return self._path(name).exists()

    def mkfifo(self, name: str, owner: int | None = None) -> None:
        path = self._path(name)
        os.mkfifo(path, 0o600)
        self._own(path, owner)

    def _command(self, spec: ProcessSpec, extra: list[str]) -> list[str]:
        cmd = [str(self.boxrun), *boxrun_options(spec), *extra]
        workdir = self._path(spec.workdir)
        argv = list(spec.argv)
        if self.confined:
            assert self.slot is not None
            uid = self.slot.uids.uid(spec.identity)
            cmd += ["--uid", str(uid), "--gid", str(uid)]
            cmd += ["--chroot", str(workdir)] if spec.confine == "chroot" else ["--sysroot", str(workdir)]
        else:
            cmd += ["--cwd", str(workdir)]
            if spec.confine == "chroot" and argv and argv[0].startswith("/"):
                argv[0] = str(workdir / argv[0].lstrip("/"))
        for flag, name in (("--stdin", spec.stdin), ("--stdout", spec.stdout), ("--stderr", spec.stderr)):
            if name is not None:
                cmd += [flag, str(self._path(name))]
        return [*cmd, "--", *argv]

    def run(self, specs: Sequence[ProcessSpec]) -> list[RunStats]:
        extra, fds = [], ()
        if self.slot is not None:
            extra = self.slot.options()
            fds = self.slot.ns_fds or ()
            if len(specs) > 1 and self.slot.cgroup:
                self.slot.extra_cgroups = max(self.slot.extra_cgroups, len(specs))
        procs = [
            subprocess.Popen(self._command(s, self._extra_for(extra, i, len(specs))), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, pass_fds=fds)
            for i, s in enumerate(specs)
        ]  # fmt: skip
        outputs = []
        for spec, proc in zip(specs, procs):
            try:
                out, _ = proc.communicate(timeout=spec.limits.wall_s + 30)
            except subprocess.TimeoutExpired:  # boxrun itself hung: never expected
                for p in procs:
                    p.kill()
                raise JudgeError("sandbox runner did not finish") from None
            outputs.append(out)
        return [stats_from_meta(parse_meta(out)) for out in outputs]

    @staticmethod
    def _extra_for(extra: list[str], index: int, count: int) -> list[str]:
        """Each process of a run gets its own cgroup (`<slot>-<index>` when there are several): a
        manager must not share the contestants' memory limit, nor they each other's."""
        if count == 1 or "--cgroup" not in extra:
            return extra
        out = list(extra)
        i = out.index("--cgroup")
        out[i + 1] = f"{out[i + 1]}-{index}"
        return out

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class LocalSandbox:
    """Runs boxes on this machine. `workers` defaults to the number of cores."""

    name = "local"

    def __init__(self, workers: int | None = None, base_dir: Path | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.confined = os.geteuid() == 0
        self.base_dir = base_dir or Path(tempfile.gettempdir()) / "ioi-agent-boxes"
        self.base_dir.mkdir(mode=0o711, exist_ok=True)
        self.boxrun = boxrun_path()
        self.layers = probe(self.boxrun)
        if self.layers.warning():
            warnings.warn(self.layers.warning() + " (`ioi-agent doctor` explains; the docker backend "
                          "isolates hostile code as an ordinary user)", stacklevel=2)  # fmt: skip
        if self.confined and self.layers.cgroup.available:
            sweep_stale_cgroups()
        self._free: list[_Slot] = []
        self._all: list[_Slot] = []
        self._cond = threading.Condition()
        self._create = threading.Lock()
        self._finalizer = weakref.finalize(self, _release_all, self._all)

    def _take(self) -> _Slot | None:
        """A prepared slot: a free one of ours, else a new one, else (every uid slot on the machine
        taken) wait until one of ours comes back."""
        if not self.confined:
            return None
        with self._cond:
            if self._free:
                return self._free.pop()
        with self._create:  # one at a time, so a failure sees every slot made before it
            try:
                slot = _Slot(self.boxrun, self.layers)
            except JudgeError:
                slot = None
            with self._cond:
                if slot is not None:
                    self._all.append(slot)
                    return slot
                if not self._all:
                    raise JudgeError(f"no free sandbox uid slot (see `ioi-agent doctor`, lock dir {lock_dir()})")
        with self._cond:
            while not self._free:
                self._cond.wait()
            return self._free.pop()

    def _give_back(self, slot: _Slot | None) -> None:
        if slot is not None:
            with self._cond:
                self._free.append(slot)
                self._cond.notify()

    @contextmanager
    def box(self) -> Iterator[LocalBox]:
        slot = self._take()
        try:
            root = Path(tempfile.mkdtemp(prefix="box-", dir=self.base_dir))
            root.chmod(0o711)
            box = LocalBox(root, self.confined, self.boxrun, slot)
            try:
                yield box
            finally:
                box.close()
        finally:
            self._give_back(slot)

    def close(self) -> None:
        """Release every prepared slot (also done when the sandbox is garbage-collected or at exit)."""
        self._finalizer()


def _release_all(slots: list[_Slot]) -> None:
    while slots:
        slots.pop().release()
