"""The unit of distributed work: one submission on some tests of one task, and what came back."""
from __future__ import annotations

from dataclasses import dataclass

from judge.tasktypes import Submission
from judge.verdict import CompileResult, TestResult


@dataclass(frozen=True)
class JudgeJob:
    """`tests=None` means every test of the task; `()` only compiles. `job_id` must be unique in a
    batch: it is what makes a re-queued job's result count once."""

    job_id: str
    submission: Submission | str
    tests: tuple[str, ...] | None = None


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    compile: CompileResult
    tests: tuple[TestResult, ...]
    node: str
    """Ray node id of the node that judged it."""
