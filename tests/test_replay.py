"""`ioi-agent replay CONTEST`: the practice tasks replayed with candidates we wrote, checked against
the judge run directly; unofficial tasks marked everywhere and kept out of the medal; contest files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import IOI2024, REPO
from typer.testing import CliRunner

from ioi_agent.cli import app
from ioi_agent.replay import combine, load_replay, medal, resolve_task
from judge.errors import PackageError
from judge.judging import Judge
from judge.loaders import load_task

CANDIDATES = REPO / "tests" / "data" / "ioi2024-candidates"


SPEC = load_replay("ioi2024")  # the shipped contest file, paths relative to its own folder (not loaded here)
CUTOFFS = SPEC.cutoffs


def archive_tasks(archive: Path, day: str) -> list[Path]:
    return [resolve_task(t) for t in load_replay("ioi2024", archive).days[day]]


@pytest.mark.parametrize("total,expected", [
    (0, "none"), (216.96, "none"), (216.97, "bronze"), (289.30, "bronze"), (289.31, "silver"),
    (359.7, "silver"), (359.71, "gold"), (600, "gold"),
])  # fmt: skip
def test_medal_uses_the_ioi_2024_cutoffs(total, expected):
    assert CUTOFFS == {"gold": 359.71, "silver": 289.31, "bronze": 216.97}
    assert medal(total, CUTOFFS) == expected
    assert medal(total, None) is None


def _day(*tasks):
    rows = [{"task": code, "score": score, "max_score": 100.0, "unofficial": unofficial, "submissions": [],
             "submission_limit": 50, "samples": 0, "note": "", "state": "done", "day": "d",
             "subtasks": [{"name": "a", "points": 100.0, "score": score}]} for code, score, unofficial in tasks]
    return {"score": sum(t["score"] for t in rows), "max_score": 100.0 * len(rows), "elapsed_s": 1.0, "tasks": rows}


def test_medal_is_given_only_for_both_contest_days():
    day = _day(("x", 60.0, False), ("y", 60.0, False))
    assert combine(SPEC, {"day1": day, "day2": day})["medal"] == "bronze"  # 240 points
    assert combine(SPEC, {"day1": day})["medal"] is None


def test_the_medal_counts_official_tasks_only():
    # 200 official points and 100 unofficial: 300 would be silver, the official 200 earns nothing.
    res = combine(SPEC, {"day1": _day(("a", 100.0, False), ("b", 100.0, True)), "day2": _day(("c", 100.0, False))})
    assert (res["official_score"], res["unofficial_score"], res["score"]) == (200.0, 100.0, 300.0)
    assert res["medal"] == "none"


def test_totals_are_summed_unrounded_and_rounded_once():
    day = _day(("a", 39.4466, False), ("b", 37.1966, False))  # shown 39.45 and 37.2
    assert combine(SPEC, {"day1": day})["official_score"] == 76.64


def test_contest_files_name_their_days_and_refuse_bad_input(tmp_path):
    task = tmp_path / "arch" / "d1" / "sq"
    task.mkdir(parents=True)
    (task / "sq-CMS.zip").write_bytes(b"")
    (task / "sq-attachments.zip").write_bytes(b"")
    f = tmp_path / "c.toml"
    f.write_text('name = "mini"\nsubmissions = 5\nduration = "1h"\n[days]\nd1 = ["d1/sq"]\n')
    spec = load_replay(f, tmp_path / "arch")
    assert (spec.name, spec.submissions, spec.duration_s, spec.medal_days, spec.cutoffs) == ("mini", 5, 3600.0, ("d1",), None)
    assert resolve_task(spec.days["d1"][0]).name == "sq-CMS.zip"  # the official package first
    res = combine(spec, {"d1": _day(("sq", 50.0, False))})
    assert res["medal"] is None and "no cut-offs" in __import__("ioi_agent.replay", fromlist=["x"]).markdown(res)
    for bad, message in (('[days]\nd1 = []\n', "non-empty"), ('colour = 1\n[days]\nd1 = ["x"]\n', "unknown"),
                         ('medal_days = ["d9"]\n[days]\nd1 = ["x"]\n', "medal_days"), ("[days\n", "TOML")):
        f.write_text(bad)
        with pytest.raises(PackageError, match=message):
            load_replay(f)
    with pytest.raises(PackageError, match="shipped"):
        load_replay("no-such-contest")


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    if not (IOI2024 / "practice").is_dir():
        pytest.skip("../shared/ioi2024 is not present")
    out = tmp_path_factory.mktemp("replay") / "run"
    result = CliRunner().invoke(app, ["replay", "ioi2024", "--archive", str(IOI2024), "--days", "practice",
                                      "--candidates", str(CANDIDATES), "--out", str(out), "--no-live"])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "results.json").read_text()), result.output


def test_archive_tasks_prefer_the_official_package():
    if not (IOI2024 / "practice").is_dir():
        pytest.skip("../shared/ioi2024 is not present")
    found = {p.parent.name: p.name for p in archive_tasks(IOI2024, "practice")}
    assert found == {"aplusb": "aplusb-CMS.zip", "machine": "machine-CMS.zip",
                     "pyramids": "pyramids-attachments.zip", "treasure": "treasure-attachments.zip"}


def _expected(package: Path, folder: Path) -> float:
    """The pool's best: per subtask the best any candidate gets from the judge, summed. With a pool
    this small the policy has submissions to spare for every distinct candidate, so it must reach it."""
    task = load_task(package)
    judge = Judge(task)
    vectors = [[s.score for s in judge.judge(f.read_text()).subtasks] for f in sorted(folder.glob("*.cpp"))]
    return round(sum(max(col) for col in zip(*vectors)), 2)


def test_practice_replay_scores_equal_the_judge_run_directly(practice):
    _, res, _ = practice
    by_task = {t["task"]: t for t in res["tasks"]}
    packages = {p.parent.name: p for p in archive_tasks(IOI2024, "practice")}
    for code in ("aplusb", "machine", "pyramids"):
        assert by_task[code]["score"] == _expected(packages[code], CANDIDATES / code), code
        assert by_task[code]["samples"] == len(list((CANDIDATES / code).glob("*.cpp")))
    assert by_task["treasure"]["score"] == 0 and by_task["treasure"]["samples"] == 0
    assert "no candidates" in by_task["treasure"]["note"]
    assert res["score"] == round(sum(t["score"] for t in res["tasks"]), 2)
    assert res["days"]["practice"]["score"] == res["score"] and res["max_score"] == 400


def test_unofficial_tasks_are_marked_in_every_output(practice):
    out, res, output = practice
    assert res["unofficial_tasks"] == ["pyramids", "treasure"]
    flags = {t["task"]: t["unofficial"] for t in res["tasks"]}
    assert flags == {"aplusb": False, "machine": False, "pyramids": True, "treasure": True}
    assert res["official_score"] == sum(t["score"] for t in res["tasks"] if not t["unofficial"])
    report = (out / "report.md").read_text()
    for code in ("pyramids", "treasure"):
        row = next(line for line in report.splitlines() if f"| {code} |" in line)
        assert "UNOFFICIAL" in row
    assert "not contest points" in report
    day = json.loads((out / "practice" / "results.json").read_text())
    assert {t["task"]: t["unofficial"] for t in day["tasks"]} == flags
    assert "(unofficial)" in (out / "practice" / "report.md").read_text()
    assert "unofficial" in output


def test_report_shows_the_reference_points_and_no_medal_for_practice(practice):
    out, res, _ = practice
    assert res["medal"] is None and res["cutoffs"] == CUTOFFS
    assert [r["score"] for r in res["references"]] == [213.0, 156.0, 362.14]
    report = (out / "report.md").read_text()
    for number in ("213", "156", "362.14", "216.97", "289.31", "359.71"):
        assert number in report
    assert (out / "practice" / "score_over_time.png").stat().st_size > 1000


def test_without_candidates_every_task_scores_zero_with_a_note(tmp_path):
    if not (IOI2024 / "practice").is_dir():
        pytest.skip("../shared/ioi2024 is not present")
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["replay", "ioi2024", "--archive", str(IOI2024), "--days", "practice",
                                      "--out", str(out), "--no-live"])
    assert result.exit_code == 0, result.output
    res = json.loads((out / "results.json").read_text())
    assert res["score"] == 0
    assert all("--candidates" in t["note"] for t in res["tasks"])


def test_a_missing_day_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["replay", "ioi2024", "--archive", str(tmp_path), "--out", str(tmp_path / "o"),
                                      "--no-live"])
    assert result.exit_code == 2 and "day1" in result.output


def test_without_a_correct_candidate_the_replay_keeps_the_best_partial_scores(tmp_path):
    """Partial and wrong programs only: the score is what the judge gives the best of them per subtask."""
    if not (IOI2024 / "practice").is_dir():
        pytest.skip("../shared/ioi2024 is not present")
    pool = tmp_path / "candidates"
    for code in ("aplusb", "machine"):
        (pool / code).mkdir(parents=True)
        for name in ("partial.cpp", "wrong.cpp"):
            (pool / code / name).write_text((CANDIDATES / code / name).read_text())
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["replay", "ioi2024", "--archive", str(IOI2024), "--days", "practice",
                                      "--candidates", str(pool), "--out", str(out), "--no-live"])
    assert result.exit_code == 0, result.output
    res = json.loads((out / "results.json").read_text())
    packages = {p.parent.name: p for p in archive_tasks(IOI2024, "practice")}
    scores = {t["task"]: t["score"] for t in res["tasks"]}
    for code in ("aplusb", "machine"):
        expected = _expected(packages[code], pool / code)
        assert 0 < expected < 100 and scores[code] == expected, code
