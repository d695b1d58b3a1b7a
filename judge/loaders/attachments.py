"""IOI contestant attachments (`<task>-attachments.zip`): an UNOFFICIAL task judged on the public
examples only, for tasks whose official package is not available.

The attachment holds the sample grader, the task header, `compile_cpp.sh`, `run_cpp.sh` and
`examples/NN.in|.out`. The sample grader writes plain answers (no secret token, no `OK` line), so
the task has no checker: expected outputs are compared token by token. The task type follows the
files: a manager plus stub means Communication, a grader means Batch with grader, no sources at
all means OutputOnly, otherwise a stand-alone Batch program. Every such task carries
`task_type_params["unofficial"] = True` so reports can say its score is not the official one; the
time limit is not in the attachment, so a generous default is used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from judge.loaders.package import MIB, Package, natural_key
from judge.model import Subtask, Task, TestCase

DEFAULT_TIME_S = 2.0
DEFAULT_MEMORY_BYTES = 2048 * MIB  # every IOI 2024 task allowed 2 GiB
_SOURCE_SUFFIXES = (".cpp", ".cc", ".h", ".hpp")


def detect(pkg: Package) -> bool:
    if any(pkg.has(marker) for marker in ("problem.json", "problem.xml", "subtasks", "tests")):
        return False
    return bool(pkg.files("examples", "*.in"))


def load(pkg: Package) -> Task:
    src = _source_dir(pkg)
    code = _code(pkg, src)
    sources = [p for p in _files(src) if p.suffix in _SOURCE_SUFFIXES]
    graders = {p.name: p for p in sources if p.name != f"{code}.cpp"}  # <code>.cpp is the contestant's template
    task_type, params = _task_type(graders, has_sources=bool(sources))
    tests = _tests(pkg)
    return pkg.build_task(
        code=code,
        name=code,
        task_type=task_type,
        task_type_params={**params, "unofficial": True},
        limits={"time_s": DEFAULT_TIME_S, "memory_bytes": _memory(src)},
        tests=tests,
        subtasks=(Subtask(index=0, name="examples", points=100, tests=tuple(t.name for t in tests)),),
        graders=graders,
        statement=pkg.statement(),
        attachments=(pkg.origin if pkg.origin.is_file() else pkg.root,),  # the whole kit is the contestant's
        public_tests=tuple(t.name for t in tests),
    )


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def _source_dir(pkg: Package) -> Path:
    """IOI 2024 puts the C++ files under `cpp/`; older attachments keep them at the top."""
    return pkg.path("cpp") if pkg.path("cpp").is_dir() else pkg.root


def _code(pkg: Package, src: Path) -> str:
    script = src / "compile_cpp.sh"
    if script.is_file():
        match = re.search(r'^problem="?([\w-]+)"?', script.read_text(errors="replace"), re.MULTILINE)
        if match:
            return match.group(1)
    headers = [p.stem for p in _files(src) if p.suffix == ".h" and p.name != "testlib.h"]
    if len(headers) == 1:
        return headers[0]
    return pkg.name_hint.removesuffix("-attachments")


def _task_type(graders: dict[str, Path], has_sources: bool) -> tuple[str, dict[str, Any]]:
    if "manager.cpp" in graders and "stub.cpp" in graders:
        return "Communication", {"num_processes": 1}
    if "grader.cpp" in graders:
        return "Batch", {"compilation": "grader"}
    if not has_sources:
        return "OutputOnly", {}
    return "Batch", {"compilation": "alone"}


def _memory(src: Path) -> int:
    """`run_cpp.sh` sets `memory=<KiB>` for `ulimit -v`; fall back to the IOI default."""
    script = src / "run_cpp.sh"
    if script.is_file():
        match = re.search(r"^memory=(\d+)", script.read_text(errors="replace"), re.MULTILINE)
        if match and int(match.group(1)) > 0:
            return int(match.group(1)) * 1024
    return DEFAULT_MEMORY_BYTES


def _tests(pkg: Package) -> tuple[TestCase, ...]:
    inputs = {p.stem: p for p in pkg.files("examples", "*.in")}
    outputs = {p.stem: p for p in pkg.files("examples", "*.out")}
    orphans = sorted(set(outputs) - set(inputs), key=natural_key)
    if orphans:
        raise pkg.error(f"examples/{orphans[0]}.in", f"missing: examples/{orphans[0]}.out has no input")
    return tuple(TestCase(name=n, input=inputs[n], output=outputs.get(n)) for n in sorted(inputs, key=natural_key))
