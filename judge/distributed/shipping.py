"""Shipping a task package to other machines: packed into bytes once, named by their hash, and
materialised at most once per node under `<cache>/ray-tasks/<sha256>/<original name>`. Inputs the
task does not own (generated tests) travel the same way, one file each: `<cache>/ray-inputs/<sha256>`.

An archive travels as it is; a folder travels as a deterministic tar (sorted members, zeroed times
and owners), so the same folder always has the same hash. The original file or folder name is kept
because loaders take the task code from it.
"""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from judge.errors import PackageError
from judge import paths


@dataclass(frozen=True)
class PackedTask:
    digest: str
    name: str
    folder: bool
    """True when `blob` is a tar of a folder, False when it is the user's archive file itself."""
    blob: bytes


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def pack_task(path: Path | str) -> PackedTask:
    path = Path(path).resolve()
    if path.is_file():
        blob, folder = path.read_bytes(), False
    elif path.is_dir():
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
            for member in sorted(path.rglob("*")):
                tf.add(member, arcname=member.relative_to(path).as_posix(), recursive=False, filter=_normalise)
        blob, folder = buf.getvalue(), True
    else:
        raise PackageError(path, "no such task package")
    return PackedTask(hashlib.sha256(blob).hexdigest(), path.name, folder, blob)


def materialise(digest: str, name: str, folder: bool, fetch: Callable[[], bytes],
                cache_dir: Path | None = None) -> Path:
    """The local path of a shipped task, calling `fetch` for its bytes only on this node's first use.
    Written in a private staging folder and published by an atomic rename, so concurrent callers
    never see half a task."""
    root = (cache_dir or paths.cache_dir()) / "ray-tasks"
    target = root / digest
    if (target / name).exists():
        return target / name
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{digest[:12]}-", dir=root))
    try:
        blob = fetch()
        if hashlib.sha256(blob).hexdigest() != digest:
            raise PackageError(name, "shipped task bytes do not match their hash")
        if folder:
            (staging / name).mkdir()
            with tarfile.open(fileobj=io.BytesIO(blob)) as tf:
                tf.extractall(staging / name, filter="data")
        else:
            (staging / name).write_bytes(blob)
        for d in (staging, *(p for p in staging.rglob("*") if p.is_dir())):
            d.chmod(0o755)  # sandboxed users must read tests; mkdtemp makes the folder private
        try:
            os.rename(staging, target)
        except OSError:
            if not (target / name).exists():  # not a lost race: a real failure
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target / name


def input_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def materialise_input(digest: str, fetch: Callable[[], bytes], cache_dir: Path | None = None) -> Path:
    """The local file of a shipped input, calling `fetch` only when this node lacks it; written
    through a private temporary file and an atomic rename (concurrent callers never see half)."""
    root = (cache_dir or paths.cache_dir()) / "ray-inputs"
    target = root / digest
    if target.is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    blob = fetch()
    if input_digest(blob) != digest:
        raise PackageError(digest[:12], "shipped input bytes do not match their hash")
    fd, tmp = tempfile.mkstemp(dir=root, prefix=f".{digest[:12]}-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.chmod(tmp, 0o644)  # sandboxed users must read it; mkstemp makes the file private
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
