"""Safe, content-addressed extraction of package archives (.zip, .tar.xz and other tar forms).

An archive is extracted once into `<cache>/packages/<sha256 of the archive>`; later loads of the same
bytes reuse that directory, so they are instant. Extraction happens in a private temporary directory
inside the cache and is published with an atomic `rename`, so concurrent loads never see a half-written
tree and never clash: the loser of the race just discards its copy.

Members with absolute paths or `..` components, and links pointing outside the tree, are rejected
before anything is written.
"""

from __future__ import annotations

import gzip
import hashlib
import lzma
import os
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from judge.errors import PackageError
from judge import paths

# Older name of the cache root, kept for callers written before judge.paths existed.
default_cache_dir = paths.cache_dir

_TAR_SUFFIXES = (".tar", ".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2")


def is_archive(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and (name.endswith(".zip") or name.endswith(_TAR_SUFFIXES))




def archive_stem(path: Path) -> str:
    name = path.name
    for suffix in (".zip", *_TAR_SUFFIXES):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def extract(archive: Path, cache_dir: Path | None = None) -> Path:
    """Return the directory holding `archive`'s extracted contents, extracting it on first use."""
    digest = _sha256(archive)
    packages = (cache_dir or paths.cache_dir()) / "packages"
    target = packages / digest
    if target.is_dir():
        return target
    packages.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{digest[:12]}-", dir=packages))
    try:
        if archive.name.lower().endswith(".zip"):
            _extract_zip(archive, staging)
        else:
            _extract_tar(archive, staging)
        staging.chmod(0o755)  # mkdtemp makes it private; sandboxed users must still read the tests
        try:
            os.rename(staging, target)
        except OSError:
            if not target.is_dir():  # not a lost race: a real failure
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check_member(archive: Path, name: str) -> PurePosixPath:
    rel = PurePosixPath(name.replace("\\", "/"))
    if rel.is_absolute() or (rel.parts and rel.parts[0].endswith(":")):
        raise PackageError(archive, f"unsafe archive member {name!r}: absolute path")
    if ".." in rel.parts:
        raise PackageError(archive, f"unsafe archive member {name!r}: '..' in path")
    return rel


def _check_link(archive: Path, member: PurePosixPath, target: str) -> None:
    """A link is allowed only if it stays inside the tree, resolved relative to its own folder."""
    link = PurePosixPath(target)
    depth = len(member.parts) - 1
    for part in link.parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            break
    if link.is_absolute() or depth < 0:
        raise PackageError(archive, f"unsafe archive member {str(member)!r}: link escapes the package ({target})")


def _extract_zip(archive: Path, dest: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as zf:
            links: list[tuple[PurePosixPath, str]] = []
            for info in zf.infolist():
                rel = _check_member(archive, info.filename)
                if stat.S_ISLNK(info.external_attr >> 16):
                    target = zf.read(info).decode("utf-8", "replace")
                    _check_link(archive, rel, target)
                    links.append((rel, target))
                elif info.is_dir():
                    (dest / rel).mkdir(parents=True, exist_ok=True)
                else:
                    out = dest / rel
                    out.parent.mkdir(parents=True, exist_ok=True)
                    with zf.open(info) as src, out.open("wb") as dst:
                        shutil.copyfileobj(src, dst)
            for rel, target in links:  # after the files, so a link never redirects a later write
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                os.symlink(target, dest / rel)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise PackageError(archive, f"corrupt zip archive: {exc}") from None
    except OSError as exc:  # e.g. a member that is both a file and a folder
        raise PackageError(archive, f"cannot extract: {exc.strerror or exc}") from None


def _extract_tar(archive: Path, dest: Path) -> None:
    try:
        with tarfile.open(archive) as tf:
            for member in tf.getmembers():
                rel = _check_member(archive, member.name)
                if member.issym():
                    _check_link(archive, rel, member.linkname)
                elif member.islnk():
                    _check_link(archive, PurePosixPath("x"), member.linkname)  # hard links: tree-relative
            # the "data" filter repeats the link checks and drops device files and odd permissions
            tf.extractall(dest, filter="data")
    except (tarfile.TarError, lzma.LZMAError, zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise PackageError(archive, f"corrupt tar archive: {exc}") from None
    except OSError as exc:
        raise PackageError(archive, f"cannot extract: {exc.strerror or exc}") from None
