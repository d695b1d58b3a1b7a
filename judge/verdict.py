"""Verdicts and result records: what a judge reports per test, per subtask, per submission."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Verdict(str, Enum):
    OK = "OK"
    PARTIAL = "Partial"
    WA = "WA"
    TLE = "TLE"
    MLE = "MLE"
    OLE = "OLE"  # output limit exceeded: more than the task's (or the default) output limit
    RE = "RE"
    PV = "PV"
    CE = "CE"
    SKIPPED = "Skipped"  # screening mode: not run because its subtask already failed
    JUDGE_ERROR = "JE"  # our machinery failed; never the contestant's fault

    @classmethod
    def from_score(cls, score: float) -> "Verdict":
        if score >= 1.0:
            return cls.OK
        return cls.PARTIAL if score > 0 else cls.WA


class TestResult(BaseModel):
    __test__ = False  # not a pytest test class

    model_config = ConfigDict(frozen=True)

    name: str
    verdict: Verdict
    score: float = Field(ge=0, le=1)
    cpu_s: float = 0.0
    wall_s: float = 0.0
    memory_mib: float = 0.0
    message: str = ""


class CompileResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    ok: bool
    message: str = ""
    cpu_s: float = 0.0
    wall_s: float = 0.0


class SubtaskResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    score: float
    max_score: float


class SubmissionResult(BaseModel):
    """One submission judged on every test; serialises to the CLI's `--json` shape."""

    model_config = ConfigDict(frozen=True)

    task: str
    score: float
    max_score: float
    compile: CompileResult
    subtasks: list[SubtaskResult]
    tests: list[TestResult]

    def subtask_scores(self) -> list[float]:
        return [s.score for s in self.subtasks]
