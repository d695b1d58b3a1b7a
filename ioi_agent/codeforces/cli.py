"""`ioi-agent codeforces ...`: recompute a contest's rating changes, place a result in it, fetch one."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from judge.errors import PackageError

from . import rating, standings
from .fetch import FetchError, fetch_contest

app = typer.Typer(help="Codeforces-rated practice: rating math on real contests.", no_args_is_help=True)

SHOWN_MISMATCHES = 10
FORMAT_HELP = "ratingChanges, standings-list or standings (detected when omitted)"


def _load(file: Path, fmt: Optional[str], rating_changes: Optional[Path]) -> standings.Standings:
    if fmt is not None and fmt not in standings.FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(standings.FORMATS)}", param_hint="--format")
    try:
        return standings.load(file, fmt, rating_changes)
    except PackageError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@app.command("rating")
def rating_cmd(
    file: Path = typer.Argument(..., help="contest results file"),
    fmt: Optional[str] = typer.Option(None, "--format", help=FORMAT_HELP),
    rating_changes: Optional[Path] = typer.Option(
        None, help="ratingChanges file for the standings format (default: the sibling fetch saves)"
    ),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object with every row"),
) -> None:
    """Recompute every participant's new rating; compare with the official one where the file has it.

    The last line of the text output is `rows=<n> mismatches=<m>`.
    """
    contest = _load(file, fmt, rating_changes)
    started = time.perf_counter()
    old, places = contest.old_ratings, contest.places()
    field = rating.Field(old)
    deltas = rating.rating_changes(old, places, field)
    perfs = rating.performances(old, places, field)
    seconds = time.perf_counter() - started

    rows = []
    for row, place, delta, perf in zip(contest.rows, places, deltas, perfs):
        rows.append(
            {
                "handle": row.handle,
                "place": int(place),
                "old_rating": row.old_rating,
                "new_rating": row.old_rating + int(delta),
                "official_new_rating": row.new_rating,
                "performance": int(perf),
            }
        )
    compared = [r for r in rows if r["official_new_rating"] is not None]
    mismatches = [r for r in compared if r["official_new_rating"] != r["new_rating"]]

    if as_json:
        summary = {"file": str(file), "format": contest.format, "rows": len(rows), "compared": len(compared)}
        summary |= {"mismatches": len(mismatches), "seconds": round(seconds, 3), "participants": rows}
        typer.echo(json.dumps(summary))
        return
    typer.echo(f"{file}: {contest.format}, {len(rows)} rated participants, recomputed in {seconds:.2f} s")
    if not compared:
        typer.echo("no official ratings in the file; nothing compared")
        for r in rows:
            typer.echo(f"{r['place']:>6} {r['handle']:<24} {r['old_rating']:>5} -> {r['new_rating']:>5}")
    for r in mismatches[:SHOWN_MISMATCHES]:
        typer.echo(
            f"mismatch {r['handle']}: place {r['place']}, old {r['old_rating']}, "
            f"official {r['official_new_rating']}, computed {r['new_rating']}"
        )
    if len(mismatches) > SHOWN_MISMATCHES:
        typer.echo(f"... {len(mismatches) - SHOWN_MISMATCHES} more mismatches")
    typer.echo(f"rows={len(rows)} mismatches={len(mismatches)}")


@app.command("place")
def place_cmd(
    file: Path = typer.Argument(..., help="contest results file with points (standings-list or standings)"),
    points: float = typer.Option(..., help="the agent's points (solved count in ICPC rounds)"),
    penalty: float = typer.Option(0, help="the agent's penalty"),
    old_rating: int = typer.Option(1500, "--rating", help="the agent's assumed rating before the contest"),
    fmt: Optional[str] = typer.Option(None, "--format", help=FORMAT_HELP),
    rating_changes: Optional[Path] = typer.Option(None, help="ratingChanges file for the standings format"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Place a result among a real contest's rated participants: place, performance, rating change."""
    contest = _load(file, fmt, rating_changes)
    if not contest.has_results:
        typer.echo(f"error: {file}: has no points, so a result cannot be placed in it", err=True)
        raise typer.Exit(2)
    result = rating.place_agent(
        contest.old_ratings,
        [r.points for r in contest.rows],
        [r.penalty for r in contest.rows],
        points,
        penalty,
        old_rating,
    )
    if as_json:
        typer.echo(json.dumps({**result.__dict__, "new_rating": result.new_rating}))
        return
    typer.echo(
        f"place {result.place}/{result.field_size}, percentile {result.percentile:.1f}, "
        f"performance {result.performance}, rating {result.old_rating} -> {result.new_rating} "
        f"({result.delta:+d})"
    )


@app.command("fetch")
def fetch_cmd(
    contest_id: int = typer.Argument(..., help="Codeforces contest id"),
    out: Path = typer.Option(Path("."), help="directory to save the two JSON files in"),
) -> None:
    """Save a contest's standings and rating changes from the public Codeforces API."""
    try:
        saved = fetch_contest(contest_id, out)
    except FetchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"saved {saved.standings} and {saved.rating_changes}")
