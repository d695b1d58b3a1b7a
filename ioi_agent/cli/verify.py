"""`ioi-agent verify PKG`: glue between the command line and `judge.kattis.verify` (the logic)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ioi_agent.cli.common import EXIT_JUDGE, fail, first_line
from judge.errors import JudgeError, PackageError


def verify_command(
    package: Path = typer.Argument(..., metavar="PKG", help="task package with labelled programs (Kattis submissions/ or solutions/expected.json)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object instead of a table"),
    time_limit: float = typer.Option(None, "--time-limit", help="use this time limit (seconds) instead of measuring it"),
    backend: str = typer.Option("auto", help="sandbox backend: auto, docker or local"),
) -> None:
    """Judge every labelled program of a package and check each gets what its label promises.
    Exit status 0 only when all do."""
    from judge.kattis.verify import verify
    from judge.sandbox import make_sandbox

    err = Console(stderr=True)
    try:
        sandbox = make_sandbox(backend)
        report = verify(package, sandbox, time_limit=time_limit, progress=lambda m: err.print(m, highlight=False))
    except PackageError as e:
        fail(first_line(e))
    except (JudgeError, ValueError) as e:
        fail(first_line(e), EXIT_JUDGE)
    if as_json:
        print(json.dumps(report.to_json()))
    else:
        console = Console() if sys.stdout.isatty() else Console(width=140)
        table = Table(title=f"{report.package} ({report.format}): time limit {report.time_limit_s} s "
                            f"({report.time_limit_source}), {report.wall_s:g} s")  # fmt: skip
        for col in ("program", "language", "verdict", "score", "slowest s", "matches", "note"):
            table.add_column(col, overflow="fold")
        for p in report.programs:
            mark = {True: "[green]yes[/]", False: "[bold red]NO[/]", None: "[dim]not judged[/]"}[p.ok]
            score = "" if p.score is None else f"{p.score:g}/{p.max_score:g}"
            table.add_row(p.program, p.language or "-", p.verdict, score,
                          "" if p.slowest_s is None else f"{p.slowest_s:.3f}", mark, p.note.replace("[", r"\["))
        console.print(table)
        judged = [p for p in report.programs if p.ok is not None]
        console.print(f"{sum(bool(p.ok) for p in judged)}/{len(judged)} judged programs match their label; "
                      f"{len(report.programs) - len(judged)} not judged")  # fmt: skip
    raise typer.Exit(0 if report.ok else 1)
