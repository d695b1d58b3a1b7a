"""Codeforces Polygon packages (`problem.xml`), judged as plain stdin/stdout Batch tasks.

Limits, test paths and groups come from the `tests` testset. Polygon groups become subtasks: a
`complete-group` group is one subtask scored by the minimum, as IOI does; an `each-test` group, whose
tests earn their points independently, is one subtask scored by the `sum` aggregation (each test its
own points), or, when it depends on other groups, one single-test subtask per test holding the
dependencies' tests too. A group's dependencies are folded in by listing their tests (the CMS way).
Polygon checkers speak the testlib protocol (verdict by exit code).
Without groups the task is one 100-point subtask. Tests marked `sample="true"` are public, else test 1.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

from judge.loaders.package import Package, positive_number
from judge.model import Subtask, Task, TestCase

_STATEMENTS = (
    "statements/english/problem.tex",
    "statement-sections/english/legend.tex",
    "statements/.html/english/problem.html",
    "statements/.pdf/english/problem.pdf",
)


def detect(pkg: Package) -> bool:
    return pkg.path("problem.xml").is_file()


def load(pkg: Package) -> Task:
    try:
        problem = ET.fromstring(pkg.read_text("problem.xml"))
    except ET.ParseError as exc:
        line, col = exc.position
        raise pkg.error("problem.xml", f"invalid XML at line {line} column {col}") from None
    if problem.find("assets/interactor") is not None:
        raise pkg.error("problem.xml", "interactive Polygon problems are not supported")
    testset = problem.find("judging/testset[@name='tests']")
    if testset is None:
        testset = problem.find("judging/testset")
    if testset is None:
        raise pkg.error("problem.xml", "no judging/testset element")

    time_ms = _number(pkg, testset, "time-limit")
    memory = _number(pkg, testset, "memory-limit")
    count = int(_number(pkg, testset, "test-count"))
    input_pattern = _text(pkg, testset, "input-path-pattern")
    answer_pattern = testset.findtext("answer-path-pattern")
    described = testset.findall("tests/test")
    if described and len(described) != count:
        raise pkg.error("problem.xml", f"test-count is {count} but {len(described)} <test> elements are listed")

    tests = [_test(pkg, i, input_pattern, answer_pattern) for i in range(1, count + 1)]
    names = [t.name for t in tests]
    public = tuple(n for n, el in zip(names, described, strict=False) if el.get("sample") == "true") or tuple(names[:1])
    name_el = problem.find("names/name[@language='english']")
    if name_el is None:
        name_el = problem.find("names/name")
    code = problem.get("short-name") or pkg.name_hint
    return pkg.build_task(
        code=code,
        name=name_el.get("value", code) if name_el is not None else code,
        task_type="Batch",
        task_type_params={"compilation": "alone"},
        limits={"time_s": time_ms / 1000, "memory_bytes": int(memory)},
        tests=tuple(tests),
        subtasks=_subtasks(pkg, testset, names, described),
        checker=_checker(pkg, problem),
        checker_protocol="testlib",
        statement=pkg.statement(*_STATEMENTS),
        public_tests=public,
    )


def _text(pkg: Package, parent: ET.Element, tag: str) -> str:
    value = parent.findtext(tag)
    if not value or not value.strip():
        raise pkg.error("problem.xml", f"testset has no <{tag}>")
    return value.strip()


def _number(pkg: Package, parent: ET.Element, tag: str) -> float:
    text = _text(pkg, parent, tag)
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not positive_number(value):
        raise pkg.error("problem.xml", f"<{tag}> must be a positive number, got {text!r}")
    return value


def _test(pkg: Package, index: int, input_pattern: str, answer_pattern: str | None) -> TestCase:
    try:
        input_rel = input_pattern % index
        answer_rel = answer_pattern % index if answer_pattern else None
    except (TypeError, ValueError):
        raise pkg.error("problem.xml", f"bad path pattern {input_pattern!r} / {answer_pattern!r}") from None
    if not pkg.path(input_rel).is_file():
        raise pkg.error(input_rel, f"missing: input of test {index}")
    answer = pkg.path(answer_rel) if answer_rel and pkg.path(answer_rel).is_file() else None
    return TestCase(name=PurePosixPath(input_rel).name, input=pkg.path(input_rel), output=answer)


def _subtasks(pkg: Package, testset: ET.Element, names: list[str], described: list[ET.Element]) -> tuple[Subtask, ...]:
    members: dict[str, list[tuple[str, float]]] = {}
    for name, el in zip(names, described, strict=False):  # no <tests> list: no groups
        if el.get("group") is not None:
            members.setdefault(el.get("group", ""), []).append((name, _points(pkg, el.get("points", "0"))))
    if not members:
        return (Subtask(index=0, name="all", points=100, tests=tuple(names)),)

    groups = {g.get("name", ""): g for g in testset.findall("groups/group")}
    order = [g for g in groups if g in members] + [g for g in members if g not in groups]

    def closure(group: str, seen: frozenset[str] = frozenset()) -> list[str]:
        if group in seen:
            raise pkg.error("problem.xml", f"group {group!r} depends on itself")
        tests: list[str] = []
        element = groups.get(group)
        for dep in element.findall("dependencies/dependency") if element is not None else []:
            tests += closure(dep.get("group", ""), seen | {group})
        return tests + [t for t, _ in members.get(group, [])]

    subtasks: list[Subtask] = []
    for group in order:
        element = groups.get(group)
        deps = [t for t in closure(group) if t not in {m for m, _ in members[group]}]
        if element is not None and element.get("points-policy") == "each-test" and not deps:
            tests = tuple(t for t, _ in members[group])
            weights = tuple(p for _, p in members[group])
            subtasks.append(Subtask(index=len(subtasks), name=group, points=sum(weights), tests=tests,
                                    aggregation="sum", test_points=weights))
            continue
        if element is not None and element.get("points-policy") == "each-test":
            for test, points in members[group]:
                tests = tuple(dict.fromkeys([*deps, test]))
                subtasks.append(Subtask(index=len(subtasks), name=f"{group}-{test}", points=points, tests=tests))
            continue
        declared = element.get("points") if element is not None else None
        points = _points(pkg, declared) if declared else sum(p for _, p in members[group])
        tests = tuple(dict.fromkeys(closure(group)))
        subtasks.append(Subtask(index=len(subtasks), name=group, points=points, tests=tests))
    return tuple(subtasks)


def _points(pkg: Package, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (value >= 0 and value != float("inf")):
        raise pkg.error("problem.xml", f"points must be a non-negative number, got {text!r}")
    return value


def _checker(pkg: Package, problem: ET.Element) -> Path | None:
    source = problem.find("assets/checker/source")
    candidates = [source.get("path", "")] if source is not None else []
    for rel in [*candidates, "files/check.cpp", "check.cpp"]:
        if rel and pkg.path(rel).is_file():
            return pkg.path(rel)
    return None
