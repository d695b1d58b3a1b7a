"""The task model: frozen descriptions of a task, its tests and subtasks. No I/O happens here.

Every path points into a materialised package directory (archives are extracted first by the loader),
so the rest of the judge only ever deals with plain files.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Limits(Frozen):
    """Per-process limits of one evaluation, as the task states them."""

    time_s: float = Field(gt=0, description="CPU time (user + system) in seconds")
    memory_bytes: int = Field(gt=0, description="address-space limit in bytes")
    output_bytes: int | None = Field(default=None, gt=0, description="largest output a test may print (stdout "
                                     "and stderr each); None: the judge's default (judge/outputs.py)")

    @property
    def memory_mib(self) -> float:
        return self.memory_bytes / 2**20


class TestCase(Frozen):
    __test__ = False  # not a pytest test class

    name: str
    input: Path
    output: Path | None = Field(default=None, description="expected output; absent for some tasks")
    checker_args: tuple[str, ...] = Field(default=(), description="extra arguments for this test's checker (Kattis validator flags)")


class Subtask(Frozen):
    """An ordered group of tests; tests may be shared. Scored by its `aggregation` plug-in
    (`judge/aggregation.py`): `min` is IOI's `points × min(test scores)`, `sum` gives each test its
    own share of the points (Kattis groups, Codeforces each-test groups)."""

    index: int
    name: str
    points: float = Field(ge=0)
    tests: tuple[str, ...]
    aggregation: str = "min"
    test_points: tuple[float, ...] | None = Field(default=None, description="`sum`: each test's points (default: an equal share)")

    @model_validator(mode="after")
    def _weights_match(self) -> "Subtask":
        if self.test_points is not None and len(self.test_points) != len(self.tests):
            raise ValueError(f"subtask {self.name!r}: {len(self.test_points)} test points for {len(self.tests)} tests")
        return self


class Task(Frozen):
    code: str
    name: str
    task_type: str = Field(description="Batch, Communication or OutputOnly")
    task_type_params: dict[str, Any] = Field(default_factory=dict)
    limits: Limits
    score_precision: int = Field(default=2, ge=0)
    feedback_level: str = "full"
    tests: tuple[TestCase, ...]
    subtasks: tuple[Subtask, ...]
    root: Path = Field(description="materialised package directory")
    graders: dict[str, Path] = Field(default_factory=dict, description="grader/stub/manager/header files by name")
    checker: Path | None = Field(default=None, description="checker source, if any")
    checker_protocol: str = Field(default="cms", description="how the checker is called and read: cms, testlib or kattis")
    checker_flags: tuple[str, ...] = Field(default=(), description="default-comparison flags (Kattis validator_flags)")
    languages: tuple[str, ...] = Field(default=("cpp",), description="languages a submission may be written in")
    include_dirs: dict[str, Path] = Field(default_factory=dict, description="per language: files compiled with every submission")
    statement: Path | None = None
    attachments: tuple[Path, ...] = ()
    public_tests: tuple[str, ...] = Field(default=(), description="tests a contestant sees (the examples)")

    @model_validator(mode="after")
    def _subtasks_name_real_tests(self) -> "Task":
        known = {t.name for t in self.tests}
        for st in self.subtasks:
            missing = [t for t in st.tests if t not in known]
            if missing:
                raise ValueError(f"subtask {st.name!r} names unknown test(s): {', '.join(missing)}")
        return self

    @property
    def max_score(self) -> float:
        return sum(st.points for st in self.subtasks)

    def test(self, name: str) -> TestCase:
        for t in self.tests:
            if t.name == name:
                return t
        raise KeyError(name)

    @property
    def test_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tests)
