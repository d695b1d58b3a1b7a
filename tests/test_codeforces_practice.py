"""Codeforces-rated practice: our two practice contests run end to end, and every number in the result
is recomputed here from the rules' formulas and from judging the submitted programs directly."""
from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ioi_agent.cli import app
from ioi_agent.codeforces import rules
from ioi_agent.codeforces.practice import (
    Contest,
    ContestProblem,
    TimeCosts,
    accepted,
    load_contest,
    run_practice,
    submissions_left,
)
from ioi_agent.params import SamplingParams
from ioi_agent.samplers.base import Completion
from ioi_agent.samplers.replay import ReplaySampler
from judge.errors import PackageError
from judge.judging import Judge
from judge.loaders import detect_format, load_task

ROOT = Path(__file__).resolve().parents[1]
CONTESTS = {name: ROOT / "problems" / name for name in ("cf-practice-1", "cf-practice-2")}
REAL_STANDINGS = ROOT.parent / "shared" / "codeforces" / "contest-1305-standings.json"
COSTS = TimeCosts(sampling=5.0, example_run=0.5, submission=2.0)


@cache
def practice(name: str):
    contest = load_contest(CONTESTS[name])
    return contest, run_practice(contest, ReplaySampler(contest.root), costs=COSTS)


@cache
def judged(problem_dir: Path, candidate: str):
    task = load_task(problem_dir)
    return Judge(task).judge((problem_dir / "candidates" / candidate).read_text())


def test_contests_load_with_polygon_and_plain_problems():
    formats = []
    for name, path in CONTESTS.items():
        contest = load_contest(path)
        assert 3 <= len(contest.problems) <= 4, name
        assert [p.label for p in contest.problems] == list("ABCD"[: len(contest.problems)])
        for p in contest.problems:
            formats.append(detect_format(p.path))
            task = load_task(p.path)
            assert task.task_type == "Batch" and task.public_tests and task.statement is not None
            assert len(list((p.path / "candidates").glob("*.cpp"))) >= 4
    assert {"polygon", "plain"} <= set(formats)
    assert load_contest(CONTESTS["cf-practice-1"]).rules.style == "codeforces"
    assert load_contest(CONTESTS["cf-practice-2"]).rules.style == "icpc"


def test_candidates_cover_correct_wrong_slow_and_broken():
    for path in CONTESTS.values():
        for p in load_contest(path).problems:
            task = load_task(p.path)
            seen = set()
            for source in (p.path / "candidates").glob("*.cpp"):
                r = judged(p.path, source.name)
                public = [t for t in r.tests if t.name in task.public_tests]
                if not r.compile.ok:
                    seen.add("CE")
                    continue
                assert all(t.verdict.value == "OK" for t in public), f"{source} fails the example"
                seen.add("AC" if accepted(r) else next(t.verdict.value for t in r.tests if t.verdict.value != "OK"))
            assert {"AC", "WA", "TLE", "CE"} <= seen, f"{p.path.name}: {seen}"


@pytest.mark.parametrize("name", sorted(CONTESTS))
def test_practice_scores_match_rules_and_direct_judging(name):
    contest, result = practice(name)
    assert [p.label for p in result.problems] == [p.label for p in contest.problems]
    clock = 0.0
    total_points, total_penalty = 0.0, 0
    for problem, outcome in zip(contest.problems, result.problems):
        clock += COSTS.sampling + COSTS.example_run * outcome.candidates
        assert 1 <= len(outcome.attempts) <= 10
        for k, attempt in enumerate(outcome.attempts):
            assert attempt.minute == pytest.approx(clock + k * COSTS.submission)
            assert accepted(judged(problem.path, attempt.candidate)) == attempt.accepted
            assert attempt.accepted == (k == len(outcome.attempts) - 1), "stops at the first accept, not before"
        clock += COSTS.submission * len(outcome.attempts)
        assert outcome.score.solved  # every problem has a correct candidate and time to spare
        minute, rejected = outcome.attempts[-1].minute, len(outcome.attempts) - 1
        if contest.rules.style == "codeforces":
            x = problem.points
            decay = 250 * contest.rules.duration_minutes / 120
            expected = max(0.3 * x, x * (1 - math.floor(minute) / decay) - 50 * rejected)
            assert outcome.score.points == pytest.approx(expected)
            total_points += expected
        else:
            assert outcome.score.points == 1
            assert outcome.score.penalty == math.floor(minute) + 10 * rejected
            total_points += 1
            total_penalty += outcome.score.penalty
    assert result.points == pytest.approx(total_points)
    assert result.penalty == total_penalty
    assert result.finished_minute == pytest.approx(clock)
    # the examples alone do not tell the right program: some problem needed more than one submission
    assert any(len(o.attempts) > 1 for o in result.problems)


class _WrongPrograms:
    """A sampler answering with `count` distinct programs that pass primecount's example (n = 10)
    and are wrong everywhere else."""

    name = "wrong-programs"

    def __init__(self, count: int):
        self.count = count

    def generate(self, prompts, params: SamplingParams):
        def text(k: int) -> str:
            return ("```cpp\n#include <cstdio>\nint main() { long long n; scanf(\"%lld\", &n); "
                    f"printf(\"%d\\n\", n == 10 ? 4 : {k + 1000000}); }}\n```")
        return [[Completion(text=text(k), finish_reason="stop", prompt_id=p.id, sampler=self.name, index=k)
                 for k in range(min(self.count, params.n))] for p in prompts]


def test_at_most_ten_submissions_per_problem():
    problem = CONTESTS["cf-practice-1"] / "primecount"
    contest = Contest("limit", problem.parent, rules.Rules(duration_minutes=600),
                      (ContestProblem("A", problem, 1500.0),))
    result = run_practice(contest, _WrongPrograms(11), samples=11, costs=COSTS)
    (outcome,) = result.problems
    assert outcome.candidates == 11 and outcome.pass_examples == 11
    assert len(outcome.attempts) == 10 and not any(a.accepted for a in outcome.attempts)
    assert outcome.score == rules.ProblemScore(solved=False, points=0.0, penalty=0, rejected=10)


def test_no_submission_after_the_end():
    problem = CONTESTS["cf-practice-1"] / "primecount"
    contest = Contest("short", problem.parent, rules.Rules(duration_minutes=10),
                      (ContestProblem("A", problem, 1500.0),))
    costs = TimeCosts(sampling=6.0, example_run=0.0, submission=3.0)  # submissions at 6 and 9 only
    result = run_practice(contest, _WrongPrograms(5), samples=5, costs=costs)
    assert [a.minute for a in result.problems[0].attempts] == [6.0, 9.0]


@given(st.integers(1, 400), st.floats(0, 500), st.floats(0.1, 30))
def test_submissions_left_fit_in_the_round(duration, clock, cost):
    r = rules.Rules(duration_minutes=duration)
    k = submissions_left(r, clock, cost)
    assert 0 <= k <= 10
    assert all(clock + i * cost <= duration for i in range(k))
    assert k == 10 or clock + k * cost > duration


@pytest.mark.skipif(not REAL_STANDINGS.is_file(), reason="needs ../shared/codeforces")
def test_cli_places_the_agent_in_a_real_contest_as_an_illustration(tmp_path):
    args = ["codeforces", "practice", str(CONTESTS["cf-practice-1"]), "--standings", str(REAL_STANDINGS),
            "--rating", "1500", "--out", str(tmp_path)]
    res = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "practice.json").read_text())
    _, result = practice("cf-practice-1")
    assert report["points"] == pytest.approx(result.points)
    for outcome in result.problems:
        assert outcome.name in res.stdout
    assert f"total: {result.points:g} points" in res.stdout
    rows = json.loads(REAL_STANDINGS.read_text())
    # ties share the last place of their group: everyone with at least the agent's points is ahead
    ahead = sum(1 for r in rows if r[1] > report["points"] or (r[1] == report["points"] and r[2] <= 0))
    placement = report["placement"]
    assert placement["place"] == ahead + 1
    assert placement["field_size"] == len(rows) + 1
    assert placement["new_rating"] == 1500 + placement["delta"]
    assert 0 <= placement["percentile"] <= 100
    assert f"place {placement['place']}/{len(rows) + 1}" in res.stdout
    # our own problems, not round 1305's: an illustration, and said so
    assert placement["kind"] == "illustration" and placement["round"] == 1305
    assert "ILLUSTRATION, not a rating" in res.stdout and "rating 1500 ->" not in res.stdout


def test_contest_names_its_own_standings():
    contest = load_contest(CONTESTS["cf-practice-1"])
    assert contest.standings == CONTESTS["cf-practice-1"] / "standings.json"
    assert load_contest(CONTESTS["cf-practice-2"]).standings is None


@pytest.mark.parametrize("text,problem", [
    ('duration = 120\nscoring = "codeforces"\n[[problems]]\ndir = "a"\n', "positive points"),
    ('scoring = "ioi"\n[[problems]]\ndir = "a"\n', "scoring must be"),
    ('duration = 120\n', "at least one"),
    ('scoring = "icpc"\ncolour = 1\n[[problems]]\ndir = "a"\n', "unknown setting"),
    ('scoring = "icpc"\n[[problems]]\ndir = "missing"\n', "not a directory"),
    ('scoring = "icpc"\nduration = 0\n[[problems]]\ndir = "a"\n', "duration"),
    ('scoring = "icpc"\nstandings = "x.json"\n[[problems]]\ndir = "a"\n', "does not exist"),
])
def test_bad_contest_files_are_rejected(tmp_path, text, problem):
    (tmp_path / "a").mkdir()
    (tmp_path / "contest.toml").write_text(text)
    with pytest.raises(PackageError, match=problem):
        load_contest(tmp_path)
