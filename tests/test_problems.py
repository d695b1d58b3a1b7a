"""Every labelled solution of every task we ship gets the result its label promises.

Each task's `solutions/expected.json` maps a solution (a C++ file, or for OutputOnly a folder of
`output_<test>.txt` files) to its expected total score and verdicts; the judge must agree.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from judge.judging import Judge
from judge.loaders import load_task
from judge.tasktypes import Submission

PROBLEMS = Path(__file__).resolve().parents[1] / "problems"
TASK_DIRS = sorted(p for p in PROBLEMS.iterdir() if (p / "problem.json").exists())
CODE_LABELS = {"full", "partial", "wa", "tle", "re", "mle", "ce"}


def cases():
    for task_dir in TASK_DIRS:
        expected = json.loads((task_dir / "solutions" / "expected.json").read_text())
        for rel, want in sorted(expected.items()):
            yield pytest.param(task_dir, rel, want, id=f"{task_dir.name}/{rel}")


@cache
def judge_for(task_dir: Path) -> Judge:
    return Judge(load_task(task_dir))


def submission(path: Path) -> Submission:
    if path.is_dir():
        return Submission(outputs={p.stem.removeprefix("output_"): p.read_bytes() for p in path.iterdir() if p.is_file()})
    return Submission(source=path.read_text())


def test_at_least_three_tasks_one_per_task_type():
    types = {load_task(d).task_type for d in TASK_DIRS}
    assert {"Batch", "Communication", "OutputOnly"} <= types
    for d in TASK_DIRS:
        task = load_task(d)
        assert sum(1 for s in task.subtasks if s.points > 0) >= 2, d.name
        assert task.statement is not None and task.statement.exists(), d.name


def test_code_tasks_cover_every_label():
    for d in TASK_DIRS:
        if load_task(d).task_type == "OutputOnly":
            continue
        labels = {p.name for p in (d / "solutions").iterdir() if p.is_dir()}
        assert CODE_LABELS <= labels, f"{d.name} lacks {CODE_LABELS - labels}"


@pytest.mark.parametrize("task_dir,rel,want", list(cases()))
def test_labelled_solution(task_dir, rel, want):
    result = judge_for(task_dir).judge(submission(task_dir / "solutions" / rel))
    got = {t.verdict.value for t in result.tests}
    assert result.score == pytest.approx(want["score"], abs=0.01), (rel, result.score, got)
    if "verdicts" in want:
        assert got == set(want["verdicts"]), (rel, got)
    if "verdicts_include" in want:
        assert set(want["verdicts_include"]) <= got, (rel, got)
    assert "JE" not in got
