"""Submission languages: how a source becomes something a box can run, and how the box runs it.

C++ (the IOI language) and C compile through the sandboxed, cached `compile_cpp` into one static
executable that runs chrooted. Python 3 has nothing to link: its "executable" is the source behind
a marker line, checked for syntax here (parsing only, nothing runs) and run by the system's
`python3` inside the read-only system view, like the compiler. Every other language is reported as
unsupported for that submission, never a crash.
"""
from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from judge.compile import IOI_FLAGS, Compiled, compile_cpp
from judge.sandbox.base import Confinement, Sandbox
from judge.verdict import CompileResult

PYTHON_MARKER = b"#!ioi-agent python3\n"
PYTHON = "/usr/bin/python3"
C_FLAGS = ("-x", "c", "-std=gnu11", "-Wall", "-O2", "-pipe", "-static")


@dataclass(frozen=True)
class Language:
    name: str
    suffixes: tuple[str, ...]  # the first is the one the submission gets in its compile box

    def compile(self, sandbox: Sandbox, source: bytes, extra: Mapping[str, bytes] = {},
                extra_units: tuple[str, ...] = (), stem: str = "solution") -> Compiled:  # fmt: skip
        """Compile `source` (as `stem` + the language's suffix) with `extra` files (headers,
        graders); `extra_units` are compiled too."""
        if self.name == "python3":
            return _python(source)
        main = stem + self.suffixes[0]
        files = {**extra, main: source}
        flags = C_FLAGS if self.name == "c" else IOI_FLAGS
        return compile_cpp(sandbox, files, [*extra_units, main], flags=flags)


LANGUAGES: dict[str, Language] = {
    "cpp": Language("cpp", (".cpp", ".cc", ".cxx", ".c++", ".C")),
    "c": Language("c", (".c",)),
    "python3": Language("python3", (".py",)),
}
# Recognised so that a package's submissions in them are listed as unsupported, not as unknown files.
OTHER_SUFFIXES = {".java": "java", ".kt": "kotlin", ".scala": "scala", ".cs": "csharp", ".go": "go", ".hs": "haskell",
                  ".js": "javascript", ".lisp": "lisp", ".ml": "ocaml", ".php": "php", ".rb": "ruby", ".rs": "rust",
                  ".pl": "prolog", ".pas": "pascal", ".f90": "fortran", ".swift": "swift"}  # fmt: skip


class UnsupportedLanguage(ValueError):
    pass


def language_of(path: PurePath | str, source: str | None = None) -> str:
    """The language of a submission file by its name (and, for `.py`, its first line: Python 2
    programs are rejected as unsupported). Raises UnsupportedLanguage naming what it found."""
    p = PurePath(path)
    suffix = p.suffix
    for lang in LANGUAGES.values():
        if suffix in lang.suffixes:
            if lang.name == "python3" and source is not None and _python2(source, p.name):
                raise UnsupportedLanguage(f"{p.name}: Python 2 is not supported")
            return lang.name
    what = OTHER_SUFFIXES.get(suffix.lower(), f"files ending {suffix!r}" if suffix else "files without a suffix")
    raise UnsupportedLanguage(f"{p.name}: {what} is not a supported language (C, C++, Python 3)")


def _python2(source: str, name: str) -> bool:
    first = source.split("\n", 1)[0]
    if "python2" in first or "py2" in name.lower():
        return True
    try:
        ast.parse(source)
    except SyntaxError:
        return "print " in source  # a py2 print statement, the usual tell
    return False


def _python(source: bytes) -> Compiled:
    try:
        compile(source, "solution.py", "exec", dont_inherit=True)  # parses only; nothing runs
    except (SyntaxError, ValueError) as e:
        return Compiled(CompileResult(ok=False, message=f"solution.py: {e}"))
    return Compiled(CompileResult(ok=True), PYTHON_MARKER + source)


def launch(executable: bytes) -> tuple[str, bytes, list[str], Confinement]:
    """How to run a compiled submission: (file name in the work dir, its bytes, argv, confinement)."""
    if executable.startswith(PYTHON_MARKER):
        return "prog.py", executable[len(PYTHON_MARKER):], [PYTHON, "prog.py"], "system"
    return "prog", executable, ["/prog"], "chroot"
