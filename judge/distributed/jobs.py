"""The unit of distributed work: one submission on some tests of one task, and what came back."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from judge.tasktypes import Submission
from judge.verdict import CompileResult


@dataclass(frozen=True)
class ShippedInput:
    """An input the task does not own (e.g. a generated test), run as the case `name`. Its bytes
    travel once per node, named by `digest` (their SHA-256): see `RayJudge.stream(inputs=...)`."""

    name: str
    digest: str


@dataclass(frozen=True)
class JudgeJob:
    """`tests=None` means every test of the task; `()` only compiles. `job_id` must be unique in a
    batch: it is what makes a re-queued job's result count once.

    `inputs` adds cases the task does not own; `batch` is the `judge.batch.BatchJudge` subclass
    that runs the job on the node (default: the plain batch judge, official judging), so a caller
    that judges other things (behaviour on generated inputs, output-writing programs) runs the very
    code it runs locally. It must be importable on the nodes."""

    job_id: str
    submission: Submission | str
    tests: tuple[str, ...] | None = None
    inputs: tuple[ShippedInput, ...] = ()
    batch: type | None = None


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    compile: CompileResult
    tests: tuple[Any, ...]
    """Per case, what the job's batch judge produced: `TestResult`s for the plain judge; a custom
    `batch` returns its own results (and `TestResult`s for CE)."""
    node: str
    """Ray node id of the node that judged it."""
