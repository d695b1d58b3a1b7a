"""Contestant output kept out of the judge's memory, and the output limit that bounds it.

A program's standard output is a file in its box, capped by RLIMIT_FSIZE at the task's output limit
plus one byte (so a program that prints one byte too many is told apart from one that prints exactly
the limit). `take_output` moves it out of the box before the box goes: from a local box by a hard
link (no byte is read or copied), from any other backend by reading at most limit + 1 bytes into a
file (in chunks where the backend reads in chunks, as the Docker one does). A `ProgramOutput` is then streamed to whoever needs it (the token comparison, a hash) or linked
into the checker's box (`put_output`), so judging a 64 MiB output costs the judge no 64 MiB, and a
program that prints without end costs at most the limit on disk.

The default limit, `DEFAULT_OUTPUT_MIB` (64 MiB), applies when a task states none (CMS and Polygon
packages state none; Kattis' `limits: output` does); `IOI_AGENT_OUTPUT_MIB` overrides it.
"""
from __future__ import annotations

import atexit
import hashlib
import io
import itertools
import os
import shutil
import stat
import tempfile
import threading
import weakref
from pathlib import Path
from typing import BinaryIO

from judge.errors import JudgeError
from judge.sandbox.base import Box, MiB

DEFAULT_OUTPUT_MIB = 64
CHUNK = 1 << 20


def default_output_bytes() -> int:
    """The output limit of a task that states none (`IOI_AGENT_OUTPUT_MIB`, default 64 MiB)."""
    raw = os.environ.get("IOI_AGENT_OUTPUT_MIB", "").strip()
    try:
        mib = int(raw) if raw else DEFAULT_OUTPUT_MIB
    except ValueError:
        raise JudgeError(f"IOI_AGENT_OUTPUT_MIB must be a whole number of MiB, not {raw!r}") from None
    if mib <= 0:
        raise JudgeError(f"IOI_AGENT_OUTPUT_MIB must be positive, not {mib}")
    return mib * MiB


_spool_lock = threading.Lock()
_spools: dict[Path, Path] = {}
_names = itertools.count()


@atexit.register
def _remove_spools() -> None:
    for d in _spools.values():
        shutil.rmtree(d, ignore_errors=True)


def _spool_dir(near: Path | None) -> Path:
    """A private directory for outputs, in `near` where given (the same filesystem as the boxes, for
    hard links), else in the temporary directory."""
    base = near if near is not None else Path(tempfile.gettempdir())
    with _spool_lock:
        if base not in _spools:
            try:
                _spools[base] = Path(tempfile.mkdtemp(prefix="ioi-agent-outputs-", dir=base))
            except OSError:  # not writable: copies instead of links
                _spools[base] = _spools.get(Path(tempfile.gettempdir())) or Path(tempfile.mkdtemp(prefix="ioi-agent-outputs-"))
        return _spools[base]


class ProgramOutput:
    """A program's output as a host file, removed when the object goes. `size` is its true size,
    which may exceed the limit (then only a prefix, or nothing, is kept: the run was an OLE)."""

    def __init__(self, path: Path | None, size: int):
        self.path, self.size = path, size
        self._finalizer = weakref.finalize(self, _unlink, path) if path is not None else None

    def open(self) -> BinaryIO:
        if self.path is None:
            return io.BytesIO(b"")
        return open(self.path, "rb")

    def read(self, limit: int = -1) -> bytes:
        """The bytes themselves, for callers that need them whole (bounded by the output limit)."""
        with self.open() as f:
            return f.read(limit)

    @classmethod
    def from_bytes(cls, data: bytes, near: Path | None = None) -> ProgramOutput:
        fd, name = tempfile.mkstemp(dir=_spool_dir(near))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return cls(Path(name), len(data))


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def take_output(box: Box, name: str, limit: int) -> ProgramOutput:
    """Take the box file `name` out of `box` before the box is removed. A file on this machine is
    hard-linked (never read); a box elsewhere is read in chunks spooled to a file, at most
    `limit + 1` bytes. A file over the limit keeps only its size: the verdict is OLE whatever it holds."""
    src = box.host_path(name)
    if src is not None:
        try:
            st = os.lstat(src)
        except FileNotFoundError:
            return ProgramOutput(None, 0)
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a planted link is no output
            return ProgramOutput(None, 0)
        if st.st_size > limit:
            return ProgramOutput(None, st.st_size)
        root = box.host_path("")
        dest = _spool_dir(root.parent.parent if root else None) / f"out-{next(_names)}"  # beside the boxes' base dir
        _link_or_copy(src, dest, limit)
        return ProgramOutput(dest, st.st_size)
    fd, spool = tempfile.mkstemp(dir=_spool_dir(None))
    size = 0
    with os.fdopen(fd, "wb") as f:
        while size <= limit:
            want = min(CHUNK, limit + 1 - size)
            chunk = box.read_at(name, size, want)
            f.write(chunk)
            size += len(chunk)
            if len(chunk) < want:
                break
    if size > limit:
        _unlink(Path(spool))
        return ProgramOutput(None, size)
    return ProgramOutput(Path(spool), size)


def _link_or_copy(src: Path, dest: Path, limit: int) -> None:
    try:
        os.link(src, dest)
    except OSError:  # another filesystem: copy in chunks, never more than the limit
        with open(src, "rb") as fin, open(dest, "wb") as fout:
            shutil.copyfileobj(_Capped(fin, limit + 1), fout, CHUNK)


class _Capped:
    def __init__(self, f: BinaryIO, left: int):
        self.f, self.left = f, left

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data


def put_output(box: Box, name: str, output: ProgramOutput | bytes) -> None:
    """Place an output in a box for a checker to read: linked into a box on this machine, streamed
    into one elsewhere."""
    if isinstance(output, bytes):
        box.write(name, output)
        return
    if output.path is None:
        box.write(name, b"")
        return
    dest = box.host_path(name)
    if dest is not None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output.path, dest)
            os.chmod(dest, 0o644)  # readable by the checker's uid; the spool directory stays private
            return
        except OSError:
            pass  # another filesystem: copied below
    box.write_file(name, output.path)


def put_file(box: Box, name: str, path: Path | None) -> None:
    """Place a task file (a test's input, its expected output; None: an empty file) in a box,
    never through the judge's memory."""
    if path is None:
        box.write(name, b"")
    else:
        box.write_file(name, path)


def token_digest(stream: BinaryIO, chunk: int = CHUNK) -> str:
    """SHA-256 (hex) of the output's whitespace-separated tokens joined by single blanks, i.e. of
    `b" ".join(data.split())`, read in chunks: outputs that token checkers cannot tell apart share
    it (the behaviour the clustering compares), at a constant cost in memory."""
    h = hashlib.sha256()
    carry, started = b"", False
    while block := stream.read(chunk):
        data = carry + block
        parts = data.split()
        carry = parts.pop() if parts and not data[-1:].isspace() else b""  # may continue in the next block
        if parts:
            h.update((b" " if started else b"") + b" ".join(parts))
            started = True
    if carry:
        h.update((b" " if started else b"") + carry)
    return h.hexdigest()
