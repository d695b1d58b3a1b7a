"""A plain hand-made task folder: `statement.md`, `tests/NN` inputs with `tests/NN.a` answers, an
optional `checker.cpp` and an optional `problem.toml` / `.yaml` / `.json`.

The metadata file may set `code`, `name`, `time_limit` (seconds, default 2) and `memory_limit`
(bytes, or MiB when below 1 MiB; default 256 MiB); any other key is rejected so typos show up.
The task is a stdin/stdout Batch task with one 100-point subtask; test 1 is public, as in Polygon.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

import yaml

from judge.loaders.package import MIB, Package, memory_bytes, positive_number
from judge.model import Subtask, Task, TestCase

DEFAULT_TIME_S = 2.0
DEFAULT_MEMORY_BYTES = 256 * MIB
_META_FILES = ("problem.toml", "problem.yaml", "problem.yml", "problem.json")
_META_KEYS = frozenset({"code", "name", "time_limit", "memory_limit"})


def detect(pkg: Package) -> bool:
    if pkg.has("problem.xml") or pkg.has("subtasks") or pkg.files("tests", "*.in"):
        return False
    return any(p.name.isdigit() for p in pkg.files("tests"))


def load(pkg: Package) -> Task:
    meta = _meta(pkg)
    tests = _tests(pkg)
    time_s = meta.get("time_limit", DEFAULT_TIME_S)
    memory = meta.get("memory_limit", DEFAULT_MEMORY_BYTES)
    for key, value in (("time_limit", time_s), ("memory_limit", memory)):
        if not positive_number(value):
            raise pkg.error(_meta_file(pkg) or "", f"{key} must be a positive number, got {value!r}")
    checker = pkg.path("checker.cpp")
    code = str(meta.get("code") or pkg.name_hint)
    return pkg.build_task(
        code=code,
        name=str(meta.get("name") or code),
        task_type="Batch",
        task_type_params={"compilation": "alone"},
        limits={"time_s": time_s, "memory_bytes": memory_bytes(memory)},
        tests=tests,
        subtasks=(Subtask(index=0, name="all", points=100, tests=tuple(t.name for t in tests)),),
        checker=checker if checker.is_file() else None,
        statement=pkg.statement(),
        public_tests=(tests[0].name,),
    )


def _meta_file(pkg: Package) -> str | None:
    return next((rel for rel in _META_FILES if pkg.path(rel).is_file()), None)


def _meta(pkg: Package) -> dict[str, Any]:
    rel = _meta_file(pkg)
    if rel is None:
        return {}
    text = pkg.read_text(rel)
    try:
        if rel.endswith(".toml"):
            data = tomllib.loads(text)
        elif rel.endswith(".json"):
            data = json.loads(text)
        else:
            data = yaml.safe_load(text) or {}
    except json.JSONDecodeError as exc:
        raise pkg.error(rel, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise pkg.error(rel, f"invalid {rel.rsplit('.', 1)[1].upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise pkg.error(rel, "must hold a table of settings")
    unknown = sorted(set(data) - _META_KEYS)
    if unknown:
        raise pkg.error(rel, f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(_META_KEYS))})")
    return data


def _tests(pkg: Package) -> tuple[TestCase, ...]:
    files = {p.name: p for p in pkg.files("tests")}
    inputs = sorted((n for n in files if n.isdigit()), key=int)
    orphans = sorted(n for n in files if n.endswith(".a") and n[:-2] not in files)
    if orphans:
        raise pkg.error(f"tests/{orphans[0][:-2]}", f"missing: tests/{orphans[0]} has no input")
    return tuple(TestCase(name=n, input=files[n], output=files.get(f"{n}.a")) for n in inputs)
