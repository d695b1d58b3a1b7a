"""Kattis output validators: `validator input answer feedback_dir [flags] < output`.

Exit 42 accepted, 43 wrong answer, anything else a judge error. An accepted run's score is the
number in `feedback_dir/score.txt` when the validator wrote one (a fraction of the test's worth in
the packages we read), else 1; `judgemessage.txt` (else `teammessage.txt`) is the message.
"""
from __future__ import annotations

from judge.checkers.base import CheckerOutcome, CheckerRun, crashed
from judge.verdict import Verdict

ACCEPTED, WRONG_ANSWER = 42, 43


class KattisProtocol:
    name = "kattis"
    output_on_stdin = True
    feedback_dir = True

    def argv(self, flags):
        return ["/checker", "/input", "/answer", "/feedback/", *flags]

    def outcome(self, run: CheckerRun) -> CheckerOutcome:
        if (failed := crashed(run)) is not None:
            return failed
        message = " ".join((run.feedback.get("judgemessage.txt") or run.feedback.get("teammessage.txt") or "").split())
        code = run.stats.exit_code
        if code == WRONG_ANSWER:
            return CheckerOutcome(0.0, Verdict.WA, message[:500] or "Wrong answer")
        if code != ACCEPTED:
            err = " ".join(run.stderr.split())[:200]
            return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"validator exited with {code}: {message[:200]} {err}".strip())
        raw = (run.feedback.get("score.txt") or "").strip()
        if not raw:
            return CheckerOutcome(1.0, Verdict.OK, message[:500] or "Accepted")
        try:
            score = float(raw.split()[0])
        except ValueError:
            return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"validator wrote an unreadable score.txt: {raw[:50]!r}")
        if not 0.0 <= score <= 1.0:
            return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"validator score {score} outside [0, 1]")
        return CheckerOutcome(score, Verdict.from_score(score), message[:500] or f"Accepted with score {score:g}")


PROTOCOL = KattisProtocol()
