"""Output checking: the default token comparison and the reading of checker/manager verdicts.

CMS convention (also the official IOI 2024 testlib): the score in [0, 1] is the first token on
stdout; the first stderr line is the outcome ("Output is correct", "Protocol Violation", ...) and
the rest is a message for the contestant.
"""
from __future__ import annotations

from dataclasses import dataclass

from judge.verdict import Verdict

PROTOCOL_VIOLATION = "protocol violation"
JUDGE_FAILURE = "judge failure"


def tokens_equal(expected: bytes, output: bytes) -> bool:
    """Whitespace-tolerant comparison: same tokens in the same order."""
    return expected.split() == output.split()


@dataclass(frozen=True)
class CheckerOutcome:
    score: float
    verdict: Verdict
    message: str


def read_checker_output(stdout: str, stderr: str) -> CheckerOutcome:
    """Interpret what a checker or manager printed. Unreadable output is the judge's fault."""
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
