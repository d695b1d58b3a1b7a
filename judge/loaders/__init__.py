"""Task-package loaders behind one entry point, `load_task(path) -> Task`.

Each format is one module answering `detect(package) -> bool` and `load(package) -> Task`. The
registry materialises the path once (archives are extracted into the content-addressed cache, see
`archive.py`), asks every loader, and insists on exactly one answer: no match and ambiguity are both
a `PackageError`, never a guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from judge.errors import PackageError
from judge.loaders import attachments, cms, kattis, plain, polygon
from judge.loaders.archive import is_archive
from judge.loaders.package import Package, open_package
from judge.model import Task


class Loader(Protocol):
    def detect(self, pkg: Package) -> bool: ...

    def load(self, pkg: Package) -> Task: ...


LOADERS: dict[str, Loader] = {
    "cms": cms, "polygon": polygon, "plain": plain, "attachments": attachments, "kattis": kattis,
}  # fmt: skip


def detect_format(path: Path | str, cache_dir: Path | None = None) -> str:
    """The name of the one loader that recognises `path`."""
    return _choose(open_package(path, cache_dir))[0]


def load_task(path: Path | str, cache_dir: Path | None = None) -> Task:
    """Load a task package (directory, .zip or .tar.xz). `cache_dir` defaults to `$IOI_AGENT_CACHE`
    or `~/.cache/ioi-agent`; archives are extracted under its `packages/` folder."""
    pkg = open_package(path, cache_dir)
    return _choose(pkg)[1].load(pkg)


def _choose(pkg: Package) -> tuple[str, Loader]:
    matches = [(name, loader) for name, loader in LOADERS.items() if loader.detect(pkg)]
    if not matches:
        archives = sorted(p.name for p in pkg.root.iterdir() if is_archive(p)) if pkg.origin.is_dir() else []
        hint = f"; it holds {', '.join(archives)}: pass one of those" if archives else ""
        raise PackageError(
            pkg.origin, f"not a known task package (expected a CMS, Polygon, Kattis, plain or IOI attachments layout){hint}"
        )
    if len(matches) > 1:
        raise PackageError(pkg.origin, f"ambiguous package: it looks like {' and '.join(n for n, _ in matches)}")
    return matches[0]


__all__ = ["LOADERS", "Loader", "PackageError", "detect_format", "load_task"]
