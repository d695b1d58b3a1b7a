"""`ioi-agent codeforces ...`: recompute a contest's rating changes, place a result in it, fetch one."""
from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Optional

import typer

from ioi_agent.cli.common import BACKEND_HELP, EXIT_OUTSIDE, RAY_ADDRESS_HELP, fail, open_sandbox, reported_failures
from ioi_agent.codeforces import rating, standings
from ioi_agent.codeforces.fetch import FetchError, fetch_contest
from judge.errors import PackageError

app = typer.Typer(help="Codeforces-rated practice: rating math on real contests.", no_args_is_help=True)

SHOWN_MISMATCHES = 10
FORMAT_HELP = "ratingChanges, standings-list or standings (detected when omitted)"


def _load(file: Path, fmt: Optional[str], rating_changes: Optional[Path]) -> standings.Standings:
    if fmt is not None and fmt not in standings.FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(standings.FORMATS)}", param_hint="--format")
    try:
        return standings.load(file, fmt, rating_changes)
    except PackageError as exc:
        fail(str(exc))


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
        fail(f"{file}: has no points, so a result cannot be placed in it")
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
        fail(str(exc), EXIT_OUTSIDE)
    typer.echo(f"saved {saved.standings} and {saved.rating_changes}")


@app.command("practice")
def practice_cmd(
    contest_dir: Path = typer.Argument(..., help="practice contest directory (with contest.toml)"),
    standings_file: Optional[Path] = typer.Option(
        None, "--standings", help="real contest results to be placed in (default: the contest's own, if any)"
    ),
    old_rating: int = typer.Option(1500, "--rating", help="the agent's assumed rating before the contest"),
    sampler_spec: Optional[str] = typer.Option(
        None, "--sampler", help="sampler spec: replay:PATH, openai:URL#MODEL, vllm:MODEL, ray-vllm:MODEL, "
        "transformers:DIR (default: replay of each problem's candidates/ folder)"
    ),
    samples: int = typer.Option(20, min=1, help="completions drawn per problem"),
    max_tokens: Optional[int] = typer.Option(None, "--max-tokens", help="most tokens per sampled answer (default 4096)"),
    temperature: Optional[float] = typer.Option(None, "--temperature", help="sampling temperature (default 1.0)"),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    sampling_minutes: float = typer.Option(5.0, help="simulated minutes to draw a problem's candidates"),
    example_minutes: float = typer.Option(0.5, help="simulated minutes to run one candidate on the examples"),
    submission_minutes: float = typer.Option(2.0, help="simulated minutes from submission to verdict"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object instead of tables"),
    out: Optional[Path] = typer.Option(None, help="directory to save practice.json (and the run store) in"),
    backend: str = typer.Option("auto", help=BACKEND_HELP),
) -> None:
    """Run the agent through a practice contest on a simulated clock; optionally rate the result."""
    from rich.console import Console
    from rich.table import Table

    from ioi_agent.params import SamplingParams
    from ioi_agent.samplers import SamplerError, make_sampler

    from ioi_agent.codeforces.placement import describe, placement_basis
    from ioi_agent.codeforces.practice import TimeCosts, load_contest, run_practice

    try:
        contest = load_contest(contest_dir)
        params = SamplingParams().with_overrides(max_tokens=max_tokens, temperature=temperature)
        sampler = make_sampler(sampler_spec or f"replay:{contest.root}", ray_address=ray_address)
        costs = TimeCosts(sampling_minutes, example_minutes, submission_minutes)
    except (PackageError, SamplerError, ValueError) as exc:
        fail(str(exc))
    sandbox = open_sandbox(backend, ray_address)
    console = Console(stderr=True, quiet=as_json, log_path=False)
    from ioi_agent.store import RunStore

    with reported_failures(), (RunStore(out) if out is not None else contextlib.nullcontext()) as store:
        result = run_practice(contest, sampler, samples=samples, costs=costs, sandbox=sandbox, on_event=console.log,
                              params=params, store=store)
    for warning in result.warnings if as_json else ():
        typer.echo(warning, err=True)  # loud even when --json silences the progress log
    report = result.to_json()

    standings_path = standings_file or contest.standings
    placement = None
    if standings_path is not None:
        field = _load(standings_path, None, None)
        if not field.has_results:
            fail(f"{standings_path}: has no points, so a result cannot be placed in it")
        placement = rating.place_agent(
            field.old_ratings, [r.points for r in field.rows], [r.penalty for r in field.rows],
            result.points, result.penalty, old_rating,
        )
        basis = placement_basis(contest, result, field, standings_path)
        report["placement"] = {"standings": str(standings_path), "kind": basis.kind, "round": basis.round_id,
                               "reason": basis.reason, **placement.__dict__, "new_rating": placement.new_rating}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "practice.json").write_text(json.dumps(report, indent=2) + "\n")
    if as_json:
        typer.echo(json.dumps(report))
        return

    icpc = result.scoring == "icpc"
    table = Table(title=f"{result.contest} ({result.scoring}, {result.duration} min)")
    for col, justify in (("problem", "left"), ("programs", "right"), ("pass ex.", "right"),
                         ("attempts", "left"), ("accepted at", "right"), ("penalty" if icpc else "points", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for p in result.problems:
        title = f"{p.label}. {p.name}" + ("" if icpc else f" ({p.max_points:g})")
        tries = ", ".join(map(str, p.attempts)) or "-"
        minute = p.accepted_minute
        value = (str(p.score.penalty) if p.score.solved else "-") if icpc else f"{p.score.points:g}"
        table.add_row(title, str(p.candidates), str(p.pass_examples), tries,
                      "-" if minute is None else f"{minute:g}", value)
    out_console = Console()
    out_console.print(table)
    if icpc:
        typer.echo(f"total: solved {result.points:g}, penalty {result.penalty} "
                   f"(stopped at minute {result.finished_minute:g})")
    else:
        typer.echo(f"total: {result.points:g} points (stopped at minute {result.finished_minute:g})")
    if placement is not None:
        typer.echo(describe(basis, placement, standings_path))
