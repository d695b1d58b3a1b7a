"""The local sandbox: boxes are private host directories, every process goes through `boxrun`.

Needs no Docker. As root (CI, these machines) each box gets its own block of unprivileged uids, its
programs are chrooted into their work directory with no network; as an ordinary user the same limits
apply but confinement is impossible, and the sandbox says so once.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from judge.errors import JudgeError
from judge.sandbox.base import ProcessSpec, RunStats, RunStatus

BOXRUN_SOURCE = Path(__file__).with_name("boxrun.c")
UID_BASE = 61000
UIDS_PER_BOX = 8
UID_SLOTS = 1000


def cache_dir() -> Path:
    root = Path(os.environ.get("IOI_AGENT_CACHE", Path.home() / ".cache" / "ioi-agent"))
    root.mkdir(parents=True, exist_ok=True)
    return root


_build_lock = threading.Lock()


def boxrun_path() -> Path:
    """The compiled runner, built once per source version into the cache (atomic, race-free)."""
    source = BOXRUN_SOURCE.read_bytes()
    target = cache_dir() / f"boxrun-{hashlib.sha256(source).hexdigest()[:16]}"
    if target.exists():
        return target
    with _build_lock:
        if target.exists():
            return target
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        proc = subprocess.run(
            ["gcc", "-O2", "-o", str(tmp), str(BOXRUN_SOURCE), "-lm"], capture_output=True, text=True
        )
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
        memory_bytes=int(meta.get("max-rss", 0)) * 1024,
        message=meta.get("message", ""),
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
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C", **spec.env}
    for key, value in env.items():
        opts += ["--env", f"{key}={value}"]
    return opts


class _UidSlot:
    """A block of uids held through an advisory lock, so concurrent judges never share a user."""

    lock_dir = Path(tempfile.gettempdir()) / "ioi-agent-uids"

    def __init__(self) -> None:
        self.lock_dir.mkdir(mode=0o700, exist_ok=True)
        start = (os.getpid() * 7) % UID_SLOTS
        for k in range(UID_SLOTS):
            slot = (start + k) % UID_SLOTS
            fd = os.open(self.lock_dir / f"{slot}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.fd, self.base = fd, UID_BASE + slot * UIDS_PER_BOX
            return
        raise JudgeError("no free sandbox uid slot")

    def uid(self, identity: int) -> int:
        if not 0 <= identity < UIDS_PER_BOX:
            raise ValueError(f"identity {identity} out of range")
        return self.base + identity

    def release(self) -> None:
        os.close(self.fd)


class LocalBox:
    def __init__(self, root: Path, confined: bool, boxrun: Path):
        self.root = root
        self.confined = confined
        self.boxrun = boxrun
        self.slot = _UidSlot() if confined else None

    def _path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if self.root.resolve() not in (path, *path.parents):
            raise ValueError(f"path {name!r} leaves the box")
        return path

    def _own(self, path: Path, owner: int | None) -> None:
        if owner is not None and self.slot is not None:
            uid = self.slot.uid(owner)
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

    def _command(self, spec: ProcessSpec) -> list[str]:
        cmd = [str(self.boxrun), *boxrun_options(spec)]
        workdir = self._path(spec.workdir)
        argv = list(spec.argv)
        if self.confined:
            assert self.slot is not None
            uid = self.slot.uid(spec.identity)
            cmd += ["--uid", str(uid), "--gid", str(uid), "--netns"]
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
        procs = [
            subprocess.Popen(self._command(s), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            for s in specs
        ]
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

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        if self.slot is not None:
            self.slot.release()


class LocalSandbox:
    """Runs boxes on this machine. `workers` defaults to the number of cores."""

    name = "local"

    def __init__(self, workers: int | None = None, base_dir: Path | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.confined = os.geteuid() == 0
        if not self.confined:
            warnings.warn(
                "not running as root: programs run with limits but without chroot, uid or network "
                "isolation (use the docker backend for hostile code)",
                stacklevel=2,
            )
        self.base_dir = base_dir or Path(tempfile.gettempdir()) / "ioi-agent-boxes"
        self.base_dir.mkdir(mode=0o711, exist_ok=True)
        self.boxrun = boxrun_path()

    @contextmanager
    def box(self) -> Iterator[LocalBox]:
        root = Path(tempfile.mkdtemp(prefix="box-", dir=self.base_dir))
        root.chmod(0o711)
        box = LocalBox(root, self.confined, self.boxrun)
        try:
            yield box
        finally:
            box.close()
