"""A package on disk as loaders see it: one materialised root, and user-facing names for its files.

Every loader reads through `Package` so that errors name the file as the user knows it
(`tasks/aplusb-CMS.zip:aplusb/problem.json`, not a path inside the extraction cache), and so that
every message fits on one CLI line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from judge.errors import PackageError
from judge.loaders.archive import archive_stem, extract, is_archive
from judge.model import Task

# Folders that are part of a package's own layout: a root holding only one of these is not a wrapper.
_LAYOUT_DIRS = frozenset({"tests", "subtasks", "graders", "checker", "examples", "cpp", "files", "statements"})
_IGNORED = frozenset({"__MACOSX", ".DS_Store"})

MIB = 1 << 20


def one_line(text: str) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Package:
    origin: Path  # what the user named: a directory or an archive
    root: Path  # directory holding the package's top-level files
    prefix: str  # root's path inside the archive or directory, "" when they coincide

    @property
    def name_hint(self) -> str:
        """The task code implied by names alone: the top folder, else the archive or folder name."""
        if self.prefix:
            return Path(self.prefix).name
        return archive_stem(self.origin) if is_archive(self.origin) else self.origin.resolve().name

    def path(self, rel: str) -> Path:
        return self.root / rel

    def has(self, rel: str) -> bool:
        return (self.root / rel).exists()

    def where(self, rel: str) -> str:
        inner = "/".join(part for part in (self.prefix, rel) if part)
        if not inner:
            return str(self.origin)
        return f"{self.origin}:{inner}" if is_archive(self.origin) else str(self.origin / inner)

    def error(self, rel: str, problem: str) -> PackageError:
        return PackageError(self.where(rel), one_line(problem))

    def files(self, folder: str, pattern: str = "*") -> list[Path]:
        """Plain files of `folder` matching `pattern`, sorted by name; empty when the folder is absent."""
        base = self.root / folder
        if not base.is_dir():
            return []
        return sorted((p for p in base.glob(pattern) if p.is_file() and p.name not in _IGNORED), key=lambda p: p.name)

    def read_text(self, rel: str) -> str:
        try:
            return (self.root / rel).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise self.error(rel, "not UTF-8 text") from None
        except OSError as exc:
            raise self.error(rel, f"cannot be read: {exc.strerror or exc}") from None

    def statement(self, *preferred: str) -> Path | None:
        """The statement: `preferred` paths, then statement*.md / .pdf in the package, then a
        `statement.en.md` or `statement.md` lying next to the archive or folder the user named."""
        for rel in preferred:
            if (self.root / rel).is_file():
                return self.root / rel
        for folder in (".", "statement", "statements"):
            for pattern in ("statement.en.md", "statement.md", "statement*.md", "statement*.pdf"):
                found = self.files(folder, pattern)
                if found:
                    return found[0]
        for name in ("statement.en.md", "statement.md"):
            sibling = self.origin.parent / name
            if sibling.is_file():
                return sibling
        return None

    def build_task(self, **fields: Any) -> Task:
        """Construct the Task, reporting a model violation as this package's one-line error."""
        try:
            return Task(root=self.root, **fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise PackageError(self.where(""), one_line(f"invalid task ({loc}): {first['msg']}")) from None


def open_package(path: Path | str, cache_dir: Path | None = None) -> Package:
    """Materialise `path` (extracting archives into the cache) and find the package root in it."""
    origin = Path(path)
    if is_archive(origin):
        base = extract(origin, cache_dir)
    elif origin.is_dir():
        base = origin
    elif origin.exists():
        raise PackageError(origin, "not a package: expected a directory, a .zip or a .tar.xz archive")
    else:
        raise PackageError(origin, "no such file or directory")
    if not any(p.is_file() for p in base.rglob("*")):
        raise PackageError(origin, "empty package: it holds no files")
    root, prefix = base, ""
    entries = [p for p in base.iterdir() if p.name not in _IGNORED]
    # a single top folder wraps the package (its name is the task code), unless it is layout itself
    if len(entries) == 1 and entries[0].is_dir() and entries[0].name not in _LAYOUT_DIRS:
        root, prefix = entries[0], entries[0].name
    return Package(origin=origin, root=root, prefix=prefix)


def natural_key(name: str) -> tuple[Any, ...]:
    """Sort key putting `2-10` after `2-9`: digit runs compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name) if part)


def memory_bytes(value: float) -> int:
    """A memory limit in bytes. Values below 1 MiB cannot be a real byte limit, so they are read as
    MiB (some packages write `256` meaning 256 MiB); anything larger is taken as bytes."""
    return int(value * MIB) if value < MIB else int(value)


def positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 and value != float("inf")
