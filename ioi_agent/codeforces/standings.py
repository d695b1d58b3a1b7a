"""Readers for the three forms in which a contest's rated results reach us.

- `ratingChanges`: the Codeforces API's `contest.ratingChanges` result (or its whole envelope):
  one object per rated participant with official `rank`, `oldRating` and `newRating`.
- `standings-list`: a compact list of `[handle, points, penalty, oldRating, ratingChange]` rows (the
  last item may be missing or null when the official change is unknown).
- `standings`: the API's `contest.standings` result joined, by handle, with its `contest.ratingChanges`
  (which supplies the old and new ratings); rows without a rating change were unrated and are dropped.

All three become one `Standings`: rows in standings order and the places the rating update uses.
Unusable input raises `judge.errors.PackageError` naming the file and the offending row.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from judge.errors import PackageError

from .rating import places_from_ranks, places_from_scores

FORMATS = ("ratingChanges", "standings-list", "standings")


@dataclass(frozen=True)
class Row:
    """One rated participant. `rank` is the official (shared-on-ties) rank when the source has it;
    `points`/`penalty` when it has results; `new_rating` when it has the official outcome."""

    handle: str
    old_rating: int
    rank: int | None = None
    points: float | None = None
    penalty: float | None = None
    new_rating: int | None = None


@dataclass(frozen=True)
class RoundProblem:
    """A problem of the round as the API lists it: index ("A"), name and initial points (if scored)."""

    index: str
    name: str
    points: float | None = None


@dataclass(frozen=True)
class Standings:
    rows: tuple[Row, ...]
    format: str
    source: str
    round_id: int | None = None
    """The Codeforces contest id: from the data (`contestId`, `contest.id`), else the file name
    `contest-<id>-...` that `fetch` writes; None when neither says."""
    problems: tuple[RoundProblem, ...] = ()
    """The round's problems, when the data lists them (the API `standings` form)."""

    @property
    def has_results(self) -> bool:
        """True when every row has points and penalty, so a new participant can be placed."""
        return all(r.points is not None and r.penalty is not None for r in self.rows)

    @property
    def old_ratings(self) -> np.ndarray:
        return np.array([r.old_rating for r in self.rows], dtype=np.int64)

    def places(self) -> np.ndarray:
        """Update places: from points then penalty when known, else from the official ranks."""
        if self.has_results:
            return places_from_scores([r.points for r in self.rows], [r.penalty for r in self.rows])
        return places_from_ranks([r.rank for r in self.rows])


def _fail(path, problem: str):
    raise PackageError(path, problem)


def _int(value: Any, path, where: str) -> int:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(path, f"{where}: expected an integer, got {value!r}")
    return value


def _number(value: Any, path, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        _fail(path, f"{where}: expected a number, got {value!r}")
    return float(value)


def _handle(value: Any, path, where: str) -> str:
    if not isinstance(value, str) or not value:
        _fail(path, f"{where}: expected a non-empty handle string, got {value!r}")
    return value


def _unwrap(data: Any, path) -> Any:
    """The `result` of an API envelope; anything else is returned as it is."""
    if isinstance(data, dict) and "status" in data:
        if data["status"] != "OK":
            _fail(path, f"the API answered {data['status']}: {data.get('comment', 'no comment')}")
        if "result" not in data:
            _fail(path, "API envelope without a 'result'")
        return data["result"]
    return data


def _nonempty(rows: tuple[Row, ...], path) -> tuple[Row, ...]:
    if not rows:
        _fail(path, "no rated participants")
    handles = [r.handle for r in rows]
    if len(set(handles)) != len(handles):
        dup = next(h for h in handles if handles.count(h) > 1)
        _fail(path, f"handle {dup!r} appears twice")
    return rows


def parse_rating_changes(data: Any, path: Path | str = "<data>") -> Standings:
    data = _unwrap(data, path)
    if not isinstance(data, list):
        _fail(path, "a ratingChanges result must be a list of objects")
    rows = []
    for i, item in enumerate(data):
        where = f"row {i}"
        if not isinstance(item, dict):
            _fail(path, f"{where}: expected an object, got {type(item).__name__}")
        for key in ("handle", "rank", "oldRating", "newRating"):
            if key not in item:
                _fail(path, f"{where}: missing {key!r}")
        rank = _int(item["rank"], path, f"{where} rank")
        if rank < 1:
            _fail(path, f"{where}: rank must be >= 1")
        rows.append(
            Row(
                handle=_handle(item["handle"], path, where),
                old_rating=_int(item["oldRating"], path, f"{where} oldRating"),
                rank=rank,
                new_rating=_int(item["newRating"], path, f"{where} newRating"),
            )
        )
    ids = {item.get("contestId") for item in data}
    round_id = ids.pop() if len(ids) == 1 and isinstance(next(iter(ids), None), int) else None
    return Standings(_nonempty(tuple(rows), path), "ratingChanges", str(path), round_id=round_id)


def parse_standings_list(data: Any, path: Path | str = "<data>") -> Standings:
    if not isinstance(data, list):
        _fail(path, "a standings list must be a list of [handle, points, penalty, oldRating, change]")
    rows = []
    for i, item in enumerate(data):
        where = f"row {i}"
        if not isinstance(item, list) or len(item) not in (4, 5):
            _fail(path, f"{where}: expected [handle, points, penalty, oldRating, ratingChange]")
        old = _int(item[3], path, f"{where} oldRating")
        change = item[4] if len(item) == 5 else None
        rows.append(
            Row(
                handle=_handle(item[0], path, where),
                old_rating=old,
                points=_number(item[1], path, f"{where} points"),
                penalty=_number(item[2], path, f"{where} penalty"),
                new_rating=None if change is None else old + _int(change, path, f"{where} change"),
            )
        )
    return Standings(_nonempty(tuple(rows), path), "standings-list", str(path))


def _members(row: dict, path, where: str) -> list:
    party = row.get("party")
    members = party.get("members") if isinstance(party, dict) else None
    if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
        _fail(path, f"{where}: expected a 'party' with a list of 'members'")
    return members


def parse_api_standings(
    standings: Any, rating_changes: Any, path: Path | str = "<data>", changes_path: Path | str = "<data>"
) -> Standings:
    """Join `contest.standings` rows (results) with `contest.ratingChanges` (old/new ratings)."""
    result = _unwrap(standings, path)
    if not isinstance(result, dict) or not isinstance(result.get("rows"), list):
        _fail(path, "a contest.standings result must be an object with a 'rows' list")
    changes = {r.handle: r for r in parse_rating_changes(rating_changes, changes_path).rows}
    rows, seen = [], set()
    for i, item in enumerate(result["rows"]):
        where = f"row {i}"
        if not isinstance(item, dict):
            _fail(path, f"{where}: expected an object")
        members = _members(item, path, where)
        if len(members) != 1:
            continue  # teams are never rated
        handle = _handle(members[0].get("handle"), path, f"{where} member")
        if handle not in changes:
            continue  # unrated: out of competition, or not rated in this contest
        if handle in seen:
            _fail(path, f"{where}: handle {handle!r} appears twice")
        seen.add(handle)
        for key in ("rank", "points", "penalty"):
            if key not in item:
                _fail(path, f"{where}: missing {key!r}")
        change = changes[handle]
        rows.append(
            Row(
                handle=handle,
                old_rating=change.old_rating,
                rank=_int(item["rank"], path, f"{where} rank"),
                points=_number(item["points"], path, f"{where} points"),
                penalty=_number(item["penalty"], path, f"{where} penalty"),
                new_rating=change.new_rating,
            )
        )
    missing = sorted(set(changes) - seen)
    if missing:
        _fail(changes_path, f"{len(missing)} rated handle(s) not in the standings, e.g. {missing[0]!r}")
    contest = result.get("contest") if isinstance(result.get("contest"), dict) else {}
    problems = tuple(
        RoundProblem(str(p.get("index", "")), str(p.get("name", "")),
                     float(p["points"]) if isinstance(p.get("points"), (int, float)) else None)
        for p in result.get("problems") or [] if isinstance(p, dict)
    )
    round_id = contest.get("id") if isinstance(contest.get("id"), int) else None
    return Standings(_nonempty(tuple(rows), path), "standings", str(path), round_id=round_id, problems=problems)


def detect_format(data: Any) -> str | None:
    """Which of `FORMATS` a decoded JSON document looks like, or None."""
    data = data.get("result") if isinstance(data, dict) and "status" in data else data
    if isinstance(data, dict) and "rows" in data:
        return "standings"
    if isinstance(data, list) and data:
        if all(isinstance(x, list) for x in data):
            return "standings-list"
        if all(isinstance(x, dict) for x in data) and "newRating" in data[0]:
            return "ratingChanges"
    return None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackageError(path, f"cannot read: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(path, f"not valid JSON: {exc}") from exc


def companion_rating_changes(standings_path: Path) -> Path:
    """Where `fetch` puts the ratingChanges that go with a saved standings file."""
    return standings_path.with_name(standings_path.name.replace("standings", "ratingChanges"))


def load(path: Path | str, fmt: str | None = None, rating_changes: Path | str | None = None) -> Standings:
    """Read a file in one of `FORMATS` (detected when `fmt` is None). The `standings` form needs its
    ratingChanges file: `rating_changes`, or by default the sibling `fetch` writes."""
    path = Path(path)
    loaded = _load(path, fmt, rating_changes)
    if loaded.round_id is None:
        named = _ROUND_IN_NAME.match(path.name)
        if named:
            loaded = replace(loaded, round_id=int(named.group(1)))
    return loaded


_ROUND_IN_NAME = re.compile(r"^contest-(\d+)-")


def _load(path: Path, fmt: str | None, rating_changes: Path | str | None) -> Standings:
    data = _read_json(path)
    fmt = fmt or detect_format(data)
    if fmt == "ratingChanges":
        return parse_rating_changes(data, path)
    if fmt == "standings-list":
        return parse_standings_list(data, path)
    if fmt == "standings":
        changes_path = Path(rating_changes) if rating_changes else companion_rating_changes(path)
        if changes_path == path:
            _fail(path, "the standings form needs a ratingChanges file to supply old ratings")
        return parse_api_standings(data, _read_json(changes_path), path, changes_path)
    if fmt is None:
        _fail(path, f"cannot tell the format; name one of {', '.join(FORMATS)}")
    _fail(path, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
