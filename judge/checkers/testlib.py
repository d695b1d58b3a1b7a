"""Standard testlib checkers (Polygon, Codeforces): `checker input output answer`, verdict by exit code.

0 OK, 1 WA, 2 PE (presentation error, a wrong answer here), 3 FAIL (the checker or the answer is
broken: a judge error), 7 points (`quitp`: the message starts with the score, a fraction in [0, 1]).
The message is what testlib writes to stderr (`ok 3 numbers`, `wrong answer 1st numbers differ`).
"""
from __future__ import annotations

import re

from judge.checkers.base import CheckerOutcome, CheckerRun, crashed
from judge.verdict import Verdict

OK, WA, PE, FAIL, POINTS = 0, 1, 2, 3, 7
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class TestlibProtocol:
    __test__ = False
    name = "testlib"
    output_on_stdin = False
    feedback_dir = False

    def argv(self, flags):
        return ["/checker", "/input", "/output", "/answer", *flags]

    def outcome(self, run: CheckerRun) -> CheckerOutcome:
        if (failed := crashed(run)) is not None:
            return failed
        message = " ".join(run.stderr.split())[:500]
        code = run.stats.exit_code
        if code == OK:
            return CheckerOutcome(1.0, Verdict.OK, message)
        if code in (WA, PE):
            return CheckerOutcome(0.0, Verdict.WA, message)
        if code == POINTS:
            text = message.removeprefix("points").strip()
            match = _NUMBER.match(text)
            if match is None:
                return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"checker gave points without a number: {message[:100]!r}")
            score = float(match.group(0))
            if not 0.0 <= score <= 1.0:
                return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"checker points {score} outside [0, 1]")
            return CheckerOutcome(score, Verdict.from_score(score), message)
        why = "checker failed (FAIL)" if code == FAIL else f"checker exited with unexpected code {code}"
        return CheckerOutcome(0.0, Verdict.JUDGE_ERROR, f"{why}: {message[:300]}")


PROTOCOL = TestlibProtocol()
