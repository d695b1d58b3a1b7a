"""Official IOI 2024 packages judged with solutions we wrote: the judge must give the official result."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import SOLUTIONS, official_package
from judge.judging import Judge
from judge.loaders import load_task
from judge.verdict import Verdict

PACKAGES = {
    "aplusb": "practice/aplusb/aplusb-CMS.zip",
    "machine": "practice/machine/machine-CMS.zip",
    "message": "day1/message/message-CMS.zip",
    "sphinx": "day2/sphinx/sphinx-CMS.zip",
}


@pytest.fixture(scope="module")
def judges():
    cache = {}

    def get(code):
        if code not in cache:
            cache[code] = Judge(load_task(official_package(PACKAGES[code])))
        return cache[code]

    return get


def judge(judges, code, solution):
    return judges(code).judge((SOLUTIONS / "ioi2024" / f"{solution}.cpp").read_text())


def verdicts(result):
    return Counter(t.verdict for t in result.tests)


def test_aplusb_correct_scores_100(judges):
    r = judge(judges, "aplusb", "aplusb_correct")
    assert r.compile.ok and r.score == 100
    assert set(verdicts(r)) == {Verdict.OK}
    assert [s.score for s in r.subtasks] == [s.max_score for s in r.subtasks]


def test_aplusb_wrong_keeps_only_the_b_zero_subtask(judges):
    r = judge(judges, "aplusb", "aplusb_wrong")
    by_name = {s.name: s.score for s in r.subtasks}
    assert by_name["02-bZero"] == 30 and r.score == 30
    assert Verdict.WA in verdicts(r)


def test_aplusb_exit_is_a_protocol_violation(judges):
    r = judge(judges, "aplusb", "aplusb_exit")
    assert r.score == 0 and set(verdicts(r)) == {Verdict.PV}
    assert "exit" in r.tests[0].message


def test_machine_correct_and_wrong(judges):
    good = judge(judges, "machine", "machine_correct")
    assert good.score == 100 and set(verdicts(good)) == {Verdict.OK}
    bad = judge(judges, "machine", "machine_wrong")
    assert bad.score == 0 and Verdict.JUDGE_ERROR not in verdicts(bad)


@pytest.mark.slow
@pytest.mark.parametrize("code", ["message", "sphinx"])
def test_communication_bad_answers_score_low_without_judge_error(judges, code):
    r = judge(judges, code, f"{code}_bad")
    assert r.compile.ok
    assert r.score < 10
    assert Verdict.JUDGE_ERROR not in verdicts(r) and Verdict.PV not in verdicts(r)


@pytest.mark.slow
@pytest.mark.parametrize("code", ["message", "sphinx"])
def test_communication_exit_is_a_protocol_violation(judges, code):
    r = judge(judges, code, f"{code}_exit")
    assert r.score == 0 and set(verdicts(r)) == {Verdict.PV}


def test_compile_error_reports_the_compiler_message(judges):
    r = judges("aplusb").judge('#include "aplusb.h"\nint sum(int a, int b) { return a + ; }\n')
    assert not r.compile.ok and "error" in r.compile.message
    assert r.score == 0 and set(verdicts(r)) == {Verdict.CE}
