"""The sandbox contract: a *box* is a private directory in which processes run under limits.

Every path a caller passes is relative to the box, so a backend may keep the box anywhere (a host
directory, a container's tmpfs). Processes are named by an *identity* (0, 1, ...): each identity of a
box is a distinct unprivileged user, so two processes of one run (a manager and a contestant) cannot
touch each other's files, and two boxes never share a user.
"""
from __future__ import annotations

from pathlib import Path

from dataclasses import dataclass, field
from enum import Enum
from typing import ContextManager, Literal, Protocol, Sequence

MiB = 2**20


@dataclass(frozen=True)
class RunLimits:
    cpu_s: float
    wall_s: float
    memory_bytes: int
    stack_bytes: int | None = None  # None: as large as memory, as at IOI
    processes: int = 1  # threads count too
    file_size_bytes: int = 64 * MiB  # caps every file the program writes, stdout included
    open_files: int = 64


class RunStatus(str, Enum):
    OK = "OK"
    RUNTIME_ERROR = "RE"  # non-zero exit status
    SIGNALED = "SG"
    TIME_LIMIT = "TO"  # CPU time over the limit
    WALL_LIMIT = "WT"


@dataclass(frozen=True)
class RunStats:
    status: RunStatus
    exit_code: int = 0
    signal: int = 0
    cpu_s: float = 0.0
    wall_s: float = 0.0
    memory_bytes: int = 0  # the box cgroup's peak (every kind of page) when it has one, else max RSS
    message: str = ""
    oom_killed: bool = False  # the kernel OOM-killed a process of the box (its cgroup hit the limit)

    @property
    def ok(self) -> bool:
        return self.status is RunStatus.OK

    @property
    def timed_out(self) -> bool:
        return self.status in (RunStatus.TIME_LIMIT, RunStatus.WALL_LIMIT)


Confinement = Literal["chroot", "system"]
# Syscall policy (boxrun's seccomp filter): contestants get no sockets at all ("contestant") or
# AF_UNIX ones ("ipc"); checkers, managers and compilers ("trusted") AF_UNIX only too. Every policy
# denies keyrings, io_uring, userfaultfd, perf, bpf, ptrace, mounts, namespaces, modules, SysV IPC.
SyscallPolicy = Literal["contestant", "ipc", "trusted"]


@dataclass(frozen=True)
class ProcessSpec:
    """One process to start. `argv[0]` is a path inside the confinement.

    confine="chroot": the process sees only `workdir` as its whole filesystem (static programs).
    confine="system": it sees a read-only system (/usr, /lib, /bin) plus `workdir` at /box, e.g. g++.
    stdin/stdout/stderr are box-relative files or FIFOs opened *for* the process, so they need not
    be reachable from inside its confinement.
    """

    argv: Sequence[str]
    workdir: str
    limits: RunLimits
    identity: int = 0
    confine: Confinement = "chroot"
    stdin: str | None = None
    stdout: str | None = None
    stderr: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    policy: SyscallPolicy = "contestant"


class Box(Protocol):
    def mkdir(self, name: str, owner: int | None = None) -> None:
        """Create a directory; `owner` makes it writable by that identity only."""

    def write(self, name: str, data: bytes, executable: bool = False) -> None: ...

    def read(self, name: str, limit: int | None = None) -> bytes:
        """Read a file the processes produced (at most `limit` bytes); missing files read as b''."""

    def exists(self, name: str) -> bool: ...

    def mkfifo(self, name: str, owner: int | None = None) -> None: ...

    def read_at(self, name: str, offset: int, size: int) -> bytes:
        """`size` bytes (at most 1 MiB) of a box file from `offset`, fewer only at its end: large
        outputs leave the box a chunk at a time."""

    def write_file(self, name: str, path: Path, executable: bool = False) -> None:
        """Put the host file `path` in the box without holding it whole in memory."""

    def host_path(self, name: str) -> Path | None:
        """Where box file `name` lies on this machine when the box's files are plain host files (the
        judge may then link or copy them itself, never reading them); None for a box elsewhere (a
        container), whose files move through `read_at` and `write_file`."""

    def run(self, specs: Sequence[ProcessSpec]) -> list[RunStats]:
        """Start every process at once, wait for all, return their stats in order."""


class Sandbox(Protocol):
    name: str
    workers: int  # how many runs it can take at once

    def box(self) -> ContextManager[Box]:
        """A fresh empty box, removed with everything in it when the context exits."""
