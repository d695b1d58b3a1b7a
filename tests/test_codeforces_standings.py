"""Readers of contest results: round trips, the API join, format detection and clear failures."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioi_agent.codeforces import standings
from ioi_agent.codeforces.rules import codeforces_points
from judge.errors import PackageError

DATA = Path(__file__).resolve().parent / "data" / "codeforces"
STANDINGS = DATA / "contest-9999-standings.json"
CHANGES = DATA / "contest-9999-ratingChanges.json"

handles = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12)
ints = st.integers(-200, 4000)


@st.composite
def change_rows(draw):
    hs = draw(st.lists(handles, min_size=1, max_size=30, unique=True))
    ranks = sorted(draw(st.lists(st.integers(1, 40), min_size=len(hs), max_size=len(hs))))
    return [
        {"contestId": 1, "contestName": "x", "handle": h, "rank": r, "ratingUpdateTimeSeconds": 0,
         "oldRating": draw(ints), "newRating": draw(ints)}
        for h, r in zip(hs, ranks)
    ]


@given(change_rows(), st.booleans())
def test_rating_changes_round_trip(rows, enveloped):
    data = {"status": "OK", "result": rows} if enveloped else rows
    parsed = standings.parse_rating_changes(json.loads(json.dumps(data)))
    assert [(r.handle, r.rank, r.old_rating, r.new_rating) for r in parsed.rows] == [
        (r["handle"], r["rank"], r["oldRating"], r["newRating"]) for r in rows
    ]
    assert not parsed.has_results
    assert standings.detect_format(data) == "ratingChanges"


@given(
    st.lists(
        st.tuples(handles, st.integers(-500, 9000), st.integers(0, 900), ints, st.none() | ints),
        min_size=1, max_size=30, unique_by=lambda t: t[0],
    )
)
def test_standings_list_round_trip(rows):
    data = [list(r) if r[4] is not None else list(r[:4]) for r in rows]
    parsed = standings.parse_standings_list(json.loads(json.dumps(data)))
    assert parsed.has_results
    for row, (h, pts, pen, old, change) in zip(parsed.rows, rows):
        assert (row.handle, row.points, row.penalty, row.old_rating) == (h, pts, pen, old)
        assert row.new_rating == (None if change is None else old + change)
    assert standings.detect_format(data) == "standings-list"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(json_values, json_values)
def test_arbitrary_json_parses_or_fails_cleanly(a, b):
    """Whatever the document, a reader either returns rows or raises PackageError."""
    for call in (
        lambda: standings.parse_rating_changes(a),
        lambda: standings.parse_standings_list(a),
        lambda: standings.parse_api_standings(a, b),
    ):
        try:
            result = call()
        except PackageError:
            continue
        assert result.rows
    standings.detect_format(a)


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "no rated participants"),
        ({"status": "FAILED", "comment": "contestId: not found"}, "FAILED: contestId: not found"),
        ([{"handle": "a", "rank": 1, "oldRating": 1500}], "missing 'newRating'"),
        ([{"handle": "a", "rank": 1, "oldRating": "1", "newRating": 1}], "row 0 oldRating: expected an int"),
        ([{"handle": "a", "rank": 1, "oldRating": True, "newRating": 1}], "expected an integer"),
        ([{"handle": "a", "rank": 0, "oldRating": 1, "newRating": 1}], "rank must be >= 1"),
        ([{"handle": "a", "rank": 1, "oldRating": 1, "newRating": 1}] * 2, "'a' appears twice"),
        ({"result": []}, "must be a list"),
    ],
)
def test_rating_changes_errors_name_the_problem(data, message):
    with pytest.raises(PackageError, match=message.replace("(", r"\(")) as err:
        standings.parse_rating_changes(data, "f.json")
    assert err.value.path == "f.json"


@pytest.mark.parametrize(
    "data, message",
    [
        ([["a", 1, 0]], "row 0: expected"),
        ([["a", float("nan"), 0, 1500, 3]], "row 0 points: expected a number"),
        ([["", 1, 0, 1500, 3]], "non-empty handle"),
        ([["a", 1, 0, 1500.5, 3]], "oldRating: expected an integer"),
        ({"rows": []}, "must be a list"),
    ],
)
def test_standings_list_errors_name_the_problem(data, message):
    with pytest.raises(PackageError, match=message):
        standings.parse_standings_list(data, "s.json")


def test_api_standings_join_keeps_rated_rows_in_standings_order():
    contest = standings.load(STANDINGS)
    raw = json.loads(STANDINGS.read_text())["result"]["rows"]
    changes = {r["handle"]: r for r in json.loads(CHANGES.read_text())["result"]}
    assert contest.format == "standings"
    assert [r.handle for r in contest.rows] == [
        r["party"]["members"][0]["handle"] for r in raw
        if len(r["party"]["members"]) == 1 and r["party"]["members"][0]["handle"] in changes
    ]
    assert len(contest.rows) == len(changes) == len(raw) - 2  # the guest and the team are unrated
    for row in contest.rows:
        official = changes[row.handle]
        assert (row.old_rating, row.new_rating) == (official["oldRating"], official["newRating"])
    places = contest.places().tolist()
    # The 484-point tie shares the later place; the two -50 rows share the last one.
    assert places == [1, 2, 3, 4, 5, 6, 7, 9, 9, 10, 12, 12]


def test_fixture_points_follow_the_codeforces_rule():
    data = json.loads(STANDINGS.read_text())["result"]
    values = [p["points"] for p in data["problems"]]
    for row in data["rows"]:
        total = 100 * row["successfulHackCount"] - 50 * row["unsuccessfulHackCount"]
        for value, res in zip(values, row["problemResults"]):
            if "bestSubmissionTimeSeconds" in res:
                minute = res["bestSubmissionTimeSeconds"] // 60
                assert res["points"] == codeforces_points(value, minute, res["rejectedAttemptCount"])
            total += res["points"]
        assert row["points"] == total


def test_api_standings_needs_every_rated_handle(tmp_path):
    changes = json.loads(CHANGES.read_text())
    changes["result"].append(dict(changes["result"][0], handle="ghost_runner"))
    path = tmp_path / "contest-9999-ratingChanges.json"
    path.write_text(json.dumps(changes))
    with pytest.raises(PackageError, match="not in the standings, e.g. 'ghost_runner'"):
        standings.load(STANDINGS, rating_changes=path)


def test_api_standings_rejects_a_party_without_members():
    data = json.loads(STANDINGS.read_text())
    del data["result"]["rows"][3]["party"]["members"]
    with pytest.raises(PackageError, match="row 3: expected a 'party'"):
        standings.parse_api_standings(data, json.loads(CHANGES.read_text()))


def test_load_detects_each_format(tmp_path):
    assert standings.load(CHANGES).format == "ratingChanges"
    lst = tmp_path / "list.json"
    lst.write_text(json.dumps([["a", 10, 0, 1500, 5], ["b", 5, 0, 1500, -5]]))
    assert standings.load(lst).format == "standings-list"
    assert standings.load(STANDINGS).format == "standings"


def test_load_failures_are_package_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(PackageError, match="not valid JSON"):
        standings.load(bad)
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"hello": 1}))
    with pytest.raises(PackageError, match="cannot tell the format"):
        standings.load(odd)
    with pytest.raises(PackageError, match="unknown format 'csv'"):
        standings.load(CHANGES, "csv")
    lonely = tmp_path / "contest-9999-standings.json"
    lonely.write_text(STANDINGS.read_text())
    with pytest.raises(PackageError, match="cannot read") as err:
        standings.load(lonely)
    assert err.value.path.endswith("contest-9999-ratingChanges.json")
    with pytest.raises(PackageError, match="cannot read"):
        standings.load(tmp_path / "missing.json")
