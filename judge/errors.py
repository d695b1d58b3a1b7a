"""The judge's two failure families, kept apart as CMS does.

`PackageError` means the *input* is unusable (a broken task package, a missing file); it always names
the file and the problem so the CLI can print one line. `JudgeError` means *our machinery* failed
(sandbox broken, checker crashed): never blamed on the contestant.
"""
from __future__ import annotations

from pathlib import Path


class PackageError(Exception):
    """A task package (or another input file) cannot be used."""

    def __init__(self, path: Path | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class JudgeError(Exception):
    """The judge itself failed; the result of the affected test is JUDGE_ERROR."""
