"""What a contestant receives for a task, and nothing else: the statement and the attachments.

Prompts are built from this view only. The judge's own files (official grader, manager, checker, the
CMS test files with their secret tokens and reference outputs) never reach a model. The examples
come from:

- the attachments, when the task has any (a CMS package's `attachments/*.zip`, an IOI
  `<task>-attachments.zip`): their `*.in`/`*.out` pairs, in the sample grader's format;
- else the public tests, but only when the judge runs the contestant's program on the test file
  itself (no grader, stub or manager sources): then a public test is what the statement shows as
  an example (Polygon `sample` tests, Kattis `data/sample`);
- else none: a CMS test read by an official grader may carry secrets, so the statement is all.

The interface header is the attachments' when they have one, else the judge's (the contestant must
compile against it, so it is part of what they get either way).
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from judge.model import Task

_TEXT_SUFFIXES = frozenset({".in", ".out", ".ans", ".h", ".hpp", ".cpp", ".cc", ".c", ".txt", ".sh", ".md"})
_SOURCE_SUFFIXES = frozenset({".cpp", ".cc", ".cxx", ".c"})
_HEADER_SUFFIXES = frozenset({".h", ".hpp"})
_MAX_FILE_BYTES = 4 << 20  # an attachment bigger than this is not shown (nor is it prompt material)


@dataclass(frozen=True)
class Example:
    name: str
    input: str
    output: str | None


@dataclass(frozen=True)
class ContestantKit:
    """The contestant's view of a task. `files` maps each attachment file (its path inside the
    attachment) to its text; `examples_from` says where the examples came from."""

    statement: Path | None
    files: dict[str, str]
    header: tuple[str, str] | None
    sample_grader: tuple[str, str] | None
    examples: tuple[Example, ...]
    examples_from: str  # "attachments", "public tests" or "none"


def contestant_kit(task: Task) -> ContestantKit:
    files = attachment_files(task)
    examples, source = _examples(task, files)
    return ContestantKit(statement=task.statement, files=files, header=_header(task, files),
                         sample_grader=_sample_grader(task, files), examples=examples, examples_from=source)


def attachment_files(task: Task) -> dict[str, str]:
    """Text files of the task's attachments (zip archives read member by member, folders walked)."""
    out: dict[str, str] = {}
    for path in task.attachments:
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file()):
                _add(out, f.relative_to(path).as_posix(), f.read_bytes() if _wanted(f.name, f.stat().st_size) else None)
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if not info.is_dir() and _wanted(info.filename, info.file_size):
                        _add(out, info.filename, archive.read(info))
        elif path.is_file() and _wanted(path.name, path.stat().st_size):
            _add(out, path.name, path.read_bytes())
    return out


def runs_program_on_tests(task: Task) -> bool:
    """True when the judge feeds each test file straight to the contestant's program (no grader,
    stub or manager in between), so a public test is exactly an example of the statement."""
    return not any(Path(name).suffix.lower() in _SOURCE_SUFFIXES for name in task.graders)


def _wanted(name: str, size: int) -> bool:
    parts = PurePosixPath(name).parts
    return (size <= _MAX_FILE_BYTES and PurePosixPath(name).suffix.lower() in _TEXT_SUFFIXES
            and not any(p.startswith(".") or p == "__MACOSX" for p in parts))


def _add(out: dict[str, str], name: str, data: bytes | None) -> None:
    if data is not None:
        out[name] = data.decode("utf-8", errors="replace")


def _examples(task: Task, files: dict[str, str]) -> tuple[tuple[Example, ...], str]:
    inputs = {PurePosixPath(n).with_suffix("").as_posix(): n for n in files if n.endswith(".in")}
    if inputs:
        shown = []
        for stem in sorted(inputs):
            out = next((files[stem + s] for s in (".out", ".ans") if stem + s in files), None)
            shown.append(Example(PurePosixPath(stem).name, files[inputs[stem]].rstrip("\n"),
                                 None if out is None else out.rstrip("\n")))
        return tuple(shown), "attachments"
    if task.public_tests and runs_program_on_tests(task):
        shown = []
        for name in task.public_tests:
            test = task.test(name)
            out = test.output.read_text(errors="replace").rstrip("\n") if test.output and test.output.is_file() else None
            shown.append(Example(name, test.input.read_text(errors="replace").rstrip("\n"), out))
        return tuple(shown), "public tests"
    return (), "none"


def choose_header(names: list[str], code: str) -> str | None:
    """The interface header among `names`: `<code>.h`, else the one whose stem is the code (any
    case), else the only header; testlib.h never counts. None when absent or ambiguous."""
    headers = [n for n in names if PurePosixPath(n).suffix.lower() in _HEADER_SUFFIXES
               and PurePosixPath(n).name != "testlib.h"]
    for exact in (f"{code}.h", f"{code}.hpp"):
        hits = [n for n in headers if PurePosixPath(n).name == exact]
        if hits:
            return hits[0]
    by_stem = [n for n in headers if PurePosixPath(n).stem.lower() == code.lower()]
    if len(by_stem) == 1:
        return by_stem[0]
    return headers[0] if len(headers) == 1 else None


def judge_header(task: Task) -> tuple[str, str] | None:
    """(file name, text) of the header the judge compiles submissions against."""
    name = choose_header(list(task.graders), task.code)
    if name is None:
        return None
    return task.graders[name].name, task.graders[name].read_text(encoding="utf-8", errors="replace")


def _header(task: Task, files: dict[str, str]) -> tuple[str, str] | None:
    name = choose_header(list(files), task.code)
    return (PurePosixPath(name).name, files[name]) if name is not None else judge_header(task)


def _sample_grader(task: Task, files: dict[str, str]) -> tuple[str, str] | None:
    graders = sorted(n for n in files if PurePosixPath(n).name in ("grader.cpp", "grader.cc"))
    return (PurePosixPath(graders[0]).name, files[graders[0]]) if graders else None
