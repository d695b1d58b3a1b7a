"""Kattis grading: how test verdicts and scores become a group's, then the submission's.

Each folder of data/ is graded from its tests and subfolders in order, under its (inherited)
testdata.yaml: `on_reject: break` stops at the first rejected part; `grader_flags` choose the
verdict rule (`worst_error` by default, `first_error`, `always_accept`), the score rule (`sum` by
default, `min`, `max`, `avg`), `ignore_sample` and `accept_if_any_accepted`. A folder with
`grading: custom` is graded by the package's `graders/` program instead (run sandboxed with the
flags as arguments, `VERDICT score` lines on stdin, one such line out), which is how the IOI 2022
ports give a group `min × subtask_score`.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from judge.loaders.kattis import Group
from judge.verdict import TestResult, Verdict

WORST_FIRST = ("JE", "IF", "RTE", "MLE", "TLE", "OLE", "WA", "PE", "AC")
KATTIS_VERDICT = {Verdict.OK: "AC", Verdict.PARTIAL: "AC", Verdict.WA: "WA", Verdict.PV: "WA", Verdict.TLE: "TLE",
                  Verdict.MLE: "RTE", Verdict.RE: "RTE", Verdict.JUDGE_ERROR: "JE", Verdict.CE: "CE",
                  Verdict.SKIPPED: "JE"}  # fmt: skip
SCORE_RULES: dict[str, Callable[[list[float]], float]] = {
    "sum": sum, "min": lambda s: min(s, default=0.0), "max": lambda s: max(s, default=0.0),
    "avg": lambda s: sum(s) / len(s) if s else 0.0,
}  # fmt: skip


@dataclass(frozen=True)
class Graded:
    verdict: str  # AC, WA, TLE, RTE, JE, CE
    score: float


CustomGrader = Callable[[list[Graded], tuple[str, ...]], Graded]


def test_outcome(result: TestResult, group: Group) -> Graded:
    verdict = KATTIS_VERDICT[result.verdict]
    s = group.settings
    if verdict != "AC":
        return Graded(verdict, s.reject_score)
    unit = s.accept_score if s.grading == "default" else 1.0
    return Graded("AC", result.score * unit)


def default_grader(parts: list[Graded], flags: tuple[str, ...]) -> Graded:
    if not parts:
        return Graded("AC", 0.0)
    verdicts = [p.verdict for p in parts]
    if "accept_if_any_accepted" in flags and "AC" in verdicts:
        verdict = "AC"
    elif "always_accept" in flags:
        verdict = "AC"
    elif "first_error" in flags:
        verdict = next((v for v in verdicts if v != "AC"), "AC")
    else:  # worst_error, no_errors: the default
        verdict = min(verdicts, key=lambda v: WORST_FIRST.index(v) if v in WORST_FIRST else 0)
    rule = next((f for f in flags if f in SCORE_RULES), "sum")
    return Graded(verdict, SCORE_RULES[rule]([p.score for p in parts]))


def grade(group: Group, results: Mapping[str, TestResult], custom: CustomGrader | None = None) -> Graded:
    """The group's verdict and score. Tests without a result (skipped) count as not run."""
    s = group.settings
    parts: list[Graded] = []
    rejected = False
    for test in group.tests:
        if test.name not in results:
            continue
        part = test_outcome(results[test.name], group)
        parts.append(part)
        if part.verdict != "AC" and s.on_reject == "break":
            rejected = True
            break
    if not rejected:
        for child in group.children:
            if not any(True for g in child.walk() for t in g.tests if t.name in results):
                continue
            if "ignore_sample" in s.grader_flags and child.path.split("/")[-1] == "sample":
                continue
            part = grade(child, results, custom)
            parts.append(part)
            if part.verdict != "AC" and s.on_reject == "break":
                break
    if s.grading == "custom" and custom is not None:
        graded = custom(parts, s.grader_flags)
    else:
        graded = default_grader(parts, s.grader_flags)
    lo, hi = s.range
    if math.isfinite(hi) and graded.score > hi + 1e-9 or math.isfinite(lo) and graded.score < lo - 1e-9:
        return Graded("JE", 0.0)  # the package's scores do not fit its range: the package's fault
    return graded


def max_score(root: Group) -> float:
    """The submission's best possible score: the top range when finite, else 1 (pass-fail)."""
    hi = root.settings.range[1]
    return hi if math.isfinite(hi) else 1.0


def parse_grader_output(text: str) -> Graded:
    words = text.split()
    if not words or words[0] not in WORST_FIRST:
        return Graded("JE", 0.0)
    try:
        return Graded(words[0], float(words[1]) if len(words) > 1 else 0.0)
    except ValueError:
        return Graded("JE", 0.0)
