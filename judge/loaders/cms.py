"""IOI/CMS exported task packages, laid out as in shared/docs/ioi-judging.md.

`problem.json` gives metadata, `subtasks/NN-name.json` the subtasks in `NN` order, `tests/*.in|.out`
the tests, `graders/` the grader/stub/manager files and `checker/checker.cpp` the checker source.
`task_type_params` keys lose their CMS prefix (`task_type_parameters_Communication_num_processes`
becomes `num_processes`), so every loader hands task types the same short names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from judge.loaders.package import Package, memory_bytes, natural_key, positive_number
from judge.model import Subtask, Task, TestCase

KNOWN_TASK_TYPES = ("Batch", "Communication", "OutputOnly")
REQUIRED_FIELDS = ("time_limit", "memory_limit", "task_type")
_SUBTASK_FILE = re.compile(r"^(\d+)-.+\.json$")
_PUBLIC_WORDS = ("sample", "example")


def detect(pkg: Package) -> bool:
    if pkg.has("problem.xml"):
        return False
    if pkg.has("subtasks") or pkg.files("tests", "*.in"):
        return True
    # a plain package may carry a problem.json too; its tests are `tests/NN` without `.in`
    return pkg.has("problem.json") and not any(p.name.isdigit() for p in pkg.files("tests"))


def load(pkg: Package) -> Task:
    meta = _problem_json(pkg)
    task_type = meta["task_type"]
    tests = _tests(pkg)
    subtasks = _subtasks(pkg, {t.name for t in tests})
    public: dict[str, None] = {}
    for st in subtasks:
        if st.points == 0 and any(word in st.name.lower() for word in _PUBLIC_WORDS):
            public.update(dict.fromkeys(st.tests))
    checker = pkg.path("checker/checker.cpp")
    fields: dict[str, Any] = {}
    if "score_precision" in meta:
        fields["score_precision"] = meta["score_precision"]
    if "feedback_level" in meta:
        fields["feedback_level"] = meta["feedback_level"]
    code = meta.get("code") or pkg.name_hint
    return pkg.build_task(
        code=code,
        name=meta.get("name") or code,
        task_type=task_type,
        task_type_params=_params(pkg, meta.get("task_type_params", {}), task_type),
        limits={"time_s": meta["time_limit"], "memory_bytes": memory_bytes(meta["memory_limit"])},
        tests=tests,
        subtasks=subtasks,
        graders={p.name: p for p in pkg.files("graders")},
        checker=checker if checker.is_file() else None,
        statement=pkg.statement(),
        attachments=tuple(pkg.files("attachments")),
        public_tests=tuple(public),
        **fields,
    )


def _json(pkg: Package, rel: str) -> Any:
    try:
        return json.loads(pkg.read_text(rel))
    except json.JSONDecodeError as exc:
        raise pkg.error(rel, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def _problem_json(pkg: Package) -> dict[str, Any]:
    if not pkg.path("problem.json").is_file():
        raise pkg.error("problem.json", "missing: a CMS package needs its problem.json")
    meta = _json(pkg, "problem.json")
    if not isinstance(meta, dict):
        raise pkg.error("problem.json", "must hold a JSON object")
    for field in REQUIRED_FIELDS:
        if field not in meta:
            raise pkg.error("problem.json", f"missing required field {field!r}")
    if not positive_number(meta["time_limit"]):
        raise pkg.error("problem.json", f"time_limit must be a positive number of seconds, got {meta['time_limit']!r}")
    if not positive_number(meta["memory_limit"]):
        raise pkg.error(
            "problem.json", f"memory_limit must be a positive number of bytes, got {meta['memory_limit']!r}"
        )
    if meta["task_type"] not in KNOWN_TASK_TYPES:
        raise pkg.error(
            "problem.json", f"unknown task_type {meta['task_type']!r} (known: {', '.join(KNOWN_TASK_TYPES)})"
        )
    precision = meta.get("score_precision", 0)
    if not isinstance(precision, int) or isinstance(precision, bool) or precision < 0:
        raise pkg.error("problem.json", f"score_precision must be a non-negative integer, got {precision!r}")
    for field in ("code", "name", "feedback_level"):
        if field in meta and not isinstance(meta[field], str):
            raise pkg.error("problem.json", f"{field} must be a string, got {meta[field]!r}")
    return meta


def _params(pkg: Package, raw: Any, task_type: str) -> dict[str, Any]:
    """CMS stores the parameters as a JSON string inside the JSON; an object is accepted as well."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            raise pkg.error(
                "problem.json", f"task_type_params is not valid JSON (line {exc.lineno} column {exc.colno}): {exc.msg}"
            ) from None
    if not isinstance(raw, dict):
        raise pkg.error("problem.json", "task_type_params must be a JSON object (or a string holding one)")
    prefix = f"task_type_parameters_{task_type}_"
    return {key.removeprefix(prefix): value for key, value in raw.items()}


def _tests(pkg: Package) -> tuple[TestCase, ...]:
    inputs = {p.stem: p for p in pkg.files("tests", "*.in")}
    outputs = {p.stem: p for p in pkg.files("tests", "*.out")}
    if not inputs:
        raise pkg.error("tests", "no test inputs (tests/*.in)")
    orphans = sorted(set(outputs) - set(inputs), key=natural_key)
    if orphans:
        raise pkg.error(f"tests/{orphans[0]}.in", f"missing: tests/{orphans[0]}.out has no input")
    return tuple(TestCase(name=n, input=inputs[n], output=outputs.get(n)) for n in sorted(inputs, key=natural_key))


def _subtasks(pkg: Package, known: set[str]) -> tuple[Subtask, ...]:
    files = pkg.files("subtasks", "*.json")
    if not files:
        raise pkg.error("subtasks", "no subtask files (subtasks/NN-name.json)")
    numbered = []
    for path in files:
        match = _SUBTASK_FILE.match(path.name)
        if not match:
            raise pkg.error(f"subtasks/{path.name}", "subtask files must be named NN-name.json")
        numbered.append((int(match.group(1)), path.name))
    subtasks = []
    for index, (_, filename) in enumerate(sorted(numbered)):
        rel = f"subtasks/{filename}"
        points, tests = parse_subtask(_json(pkg, rel), partial(pkg.error, rel))
        missing = [t for t in tests if t not in known]
        if missing:
            raise pkg.error(rel, f"names test {missing[0]!r} but tests/{missing[0]}.in does not exist")
        subtasks.append(Subtask(index=index, name=filename.removesuffix(".json"), points=points, tests=tests))
    return tuple(subtasks)


def parse_subtask(data: Any, error: Callable[[str], Exception]) -> tuple[float, tuple[str, ...]]:
    """Validate one subtask file's JSON: `{"score": points >= 0, "testcases": [test names]}`.

    `error(problem)` builds the exception to raise; repeated test names are kept once, in order.
    """
    if not isinstance(data, dict):
        raise error(f"must hold a JSON object, got {type(data).__name__}")
    if "score" not in data or "testcases" not in data:
        raise error("needs both 'score' and 'testcases'")
    score, tests = data["score"], data["testcases"]
    if not (positive_number(score) or score == 0) or isinstance(score, bool):
        raise error(f"score must be a non-negative number, got {score!r}")
    if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
        raise error("testcases must be a list of test names (strings)")
    return float(score), tuple(dict.fromkeys(tests))
