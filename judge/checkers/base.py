"""What every checker protocol shares: the outcome record, what a checker run left, the contract."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from judge.sandbox.base import RunStats
from judge.verdict import Verdict

PROTOCOL_VIOLATION = "protocol violation"
JUDGE_FAILURE = "judge failure"


@dataclass(frozen=True)
class CheckerOutcome:
    score: float
    verdict: Verdict
    message: str


@dataclass(frozen=True)
class CheckerRun:
    """What a finished checker process left behind."""

    stats: RunStats
    stdout: str
    stderr: str
    feedback: dict[str, str] = field(default_factory=dict)  # feedback-dir files by name (Kattis)


class CheckerProtocol(Protocol):
    name: str
    output_on_stdin: bool  # the contestant's output is the checker's stdin (else a file argument)
    feedback_dir: bool  # the checker gets a writable feedback directory

    def argv(self, flags: Sequence[str]) -> list[str]:
        """Command line; `/input`, `/answer`, `/output`, `/feedback` are the paths inside its box."""

    def outcome(self, run: CheckerRun) -> CheckerOutcome:
        """Read the run; anything unreadable is the judge's fault (JUDGE_ERROR), never the contestant's."""


def read_checker_output(stdout: str, stderr: str) -> CheckerOutcome:
    """Interpret what a CMS checker or manager printed. Unreadable output is the judge's fault."""
    lines = [ln.strip() for ln in stderr.strip().splitlines() if ln.strip()]
    message = " ".join(lines)[:500]
    head = lines[0].lower() if lines else ""
    if head.startswith(JUDGE_FAILURE):
        return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, message)
    if head.startswith(PROTOCOL_VIOLATION):
        return CheckerOutcome(0.0, Verdict.PV, message)
    token = stdout.split()[0] if stdout.split() else ""
    try:
        score = float(token)
    except ValueError:
        return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"checker printed no score: {stdout[:100]!r}")
    if not 0.0 <= score <= 1.0:
        return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"checker score {score} outside [0, 1]")
    return CheckerOutcome(score, Verdict.from_score(score), message)


def crashed(run: CheckerRun) -> CheckerOutcome | None:
    """A checker killed by a limit or a signal is a judge error under every protocol."""
    if run.stats.timed_out or run.stats.signal:
        return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"checker failed: {run.stats.message}")
    return None
