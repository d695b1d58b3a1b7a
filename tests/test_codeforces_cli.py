"""The `codeforces` sub-app through typer's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ioi_agent.cli import codeforces as cli
from ioi_agent.codeforces.fetch import FetchError, SavedContest

DATA = Path(__file__).resolve().parent / "data" / "codeforces"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "codeforces"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(cli.app, [str(a) for a in args])


def last_line(result) -> str:
    return result.output.strip().splitlines()[-1]


SHARED_FILES = [
    "contest-908-ratingChanges.json",
    "contest-917-ratingChanges.json",
    "contest-1305-standings.json",
]


@pytest.mark.parametrize("name", SHARED_FILES)
def test_rating_reproduces_shared_contests(name):
    if not (SHARED / name).exists():
        pytest.skip(f"shared Codeforces data not found at {SHARED}")
    result = run("rating", SHARED / name)
    assert result.exit_code == 0, result.output
    rows = len(json.loads((SHARED / name).read_text()))
    assert last_line(result) == f"rows={rows} mismatches=0"


def test_rating_on_saved_api_standings():
    result = run("rating", DATA / "contest-9999-standings.json")
    assert result.exit_code == 0, result.output
    assert "standings, 12 rated participants" in result.output
    assert last_line(result) == "rows=12 mismatches=0"


def test_rating_reports_mismatches(tmp_path):
    rows = json.loads((DATA / "contest-9999-ratingChanges.json").read_text())
    rows["result"][4]["newRating"] += 3
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(rows))
    result = run("rating", path, "--format", "ratingChanges")
    assert result.exit_code == 0, result.output
    bad = rows["result"][4]
    expected = f"mismatch {bad['handle']}: place 5, old {bad['oldRating']}, official {bad['newRating']}"
    assert expected in result.output
    assert last_line(result) == "rows=12 mismatches=1"


def test_rating_json_lists_every_participant():
    result = run("rating", DATA / "contest-9999-ratingChanges.json", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["rows"], report["compared"], report["mismatches"]) == (12, 12, 0)
    first = report["participants"][0]
    assert first["handle"] == "quick_fox" and first["place"] == 1
    assert first["new_rating"] == first["official_new_rating"]
    assert first["performance"] > first["old_rating"]


def test_rating_without_official_results_prints_computed_ratings(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([["a", 30, 0, 1500], ["b", 20, 0, 1500], ["c", 10, 0, 1500]]))
    result = run("rating", path)
    assert result.exit_code == 0, result.output
    assert "nothing compared" in result.output
    lines = result.output.splitlines()
    assert any(line.split()[:2] == ["1", "a"] for line in lines)
    assert last_line(result) == "rows=3 mismatches=0"


def test_rating_bad_input_exits_with_a_one_line_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[]")
    result = run("rating", path)
    assert result.exit_code == 2
    assert "cannot tell the format" in result.output
    result = run("rating", DATA / "contest-9999-ratingChanges.json", "--format", "xml")
    assert result.exit_code == 2


def test_place_puts_a_result_into_the_saved_contest():
    args = ("place", DATA / "contest-9999-standings.json", "--points", "2590", "--rating", "1600")
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    placed = json.loads(result.output)
    # 2590 points sits between night_owl (2600) and gray_heron (2588).
    assert (placed["place"], placed["field_size"]) == (3, 13)
    assert placed["new_rating"] == 1600 + placed["delta"] and placed["delta"] > 0
    assert "place 3/13" in run(*args).output


def test_place_needs_points():
    result = run("place", DATA / "contest-9999-ratingChanges.json", "--points", "1")
    assert result.exit_code == 2
    assert "has no points" in result.output


def test_fetch_command(monkeypatch, tmp_path):
    calls = []

    def fake_fetch(contest_id, out):
        calls.append((contest_id, out))
        return SavedContest(out / "s.json", out / "r.json")

    monkeypatch.setattr(cli, "fetch_contest", fake_fetch)
    result = run("fetch", "1305", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert calls == [(1305, tmp_path)]
    assert "saved" in result.output

    def failing(contest_id, out):
        raise FetchError("contest.standings: the API answered FAILED: nope")

    monkeypatch.setattr(cli, "fetch_contest", failing)
    result = run("fetch", "1", "--out", tmp_path)
    assert result.exit_code == 1
    assert "FAILED: nope" in result.output
