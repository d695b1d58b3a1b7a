"""`ioi-agent judge TASK SOLUTION`: judge one solution and print per-subtask and per-test results."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ioi_agent.cli.common import BACKEND_HELP, RAY_ADDRESS_HELP, check_backend, console, reported_failures


def print_result(task, result) -> None:
    from judge.verdict import Verdict

    colour = {Verdict.OK: "green", Verdict.PARTIAL: "yellow", Verdict.JUDGE_ERROR: "magenta"}
    if not result.compile.ok:
        console.print("[bold red]Compilation failed[/]")
        console.print(result.compile.message, markup=False, highlight=False)
    tests = {t.name: t for t in result.tests}
    table = Table(title=f"{result.task}: {result.score:g} / {result.max_score:g}", show_lines=False)
    for col in ("subtask", "test", "verdict", "score", "CPU s", "wall s", "MiB", "message"):
        table.add_column(col, justify="right" if col in ("score", "CPU s", "wall s", "MiB") else "left",
                         no_wrap=True, overflow="ellipsis", max_width=48 if col == "message" else None,
                         min_width=None if col == "message" else len(col))
    for st, st_res in zip(task.subtasks, result.subtasks):
        table.add_row(f"[bold]{st.name}[/]", "", "", f"[bold]{st_res.score:g}/{st_res.max_score:g}[/]", "", "", "", "")
        for name in st.tests:
            t = tests.get(name)
            if t is None:
                continue
            c = colour.get(t.verdict, "red")
            table.add_row("", name, f"[{c}]{t.verdict.value}[/]", f"{t.score:g}", f"{t.cpu_s:.3f}", f"{t.wall_s:.3f}",
                          f"{t.memory_mib:.1f}", t.message[:60].replace("[", r"\["))
    console.print(table)


def judge(
    task_path: Path = typer.Argument(..., metavar="TASK", help="task package: directory, .zip or .tar.xz"),
    solution: Path = typer.Argument(..., metavar="SOLUTION", help="C++ source (or output files for OutputOnly)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object instead of tables"),
    backend: str = typer.Option("auto", help=BACKEND_HELP),
    workers: Optional[int] = typer.Option(None, help="tests judged at once (default: one per core)"),
    ray_address: Optional[str] = typer.Option(None, help=RAY_ADDRESS_HELP),
) -> None:
    """Judge one solution against a task package and print per-subtask and per-test results."""
    from judge.judging import Judge
    from judge.loaders import load_task
    from judge.sandbox import make_sandbox
    from judge.tasktypes import make_task_type

    check_backend(backend, ray_address)
    with reported_failures():
        task = load_task(task_path)
        submission = make_task_type(task).read_submission(solution)
        if backend == "ray":
            from judge.distributed import RayJudge

            print("judge backend: ray", file=sys.stderr)
            with RayJudge(address=ray_address, workers_per_node=workers) as ray_judge:
                result = ray_judge.judge(task_path, [submission])[0]
        else:
            sandbox = make_sandbox(backend)
            print(f"sandbox backend: {sandbox.name}", file=sys.stderr)
            from judge.kattis.verify import with_time_limit

            task = with_time_limit(task, sandbox, progress=lambda m: print(m, file=sys.stderr))
            result = Judge(task, sandbox, workers=workers).judge(submission)
    if as_json:
        data = result.model_dump(mode="json", include={"task", "score", "max_score", "subtasks", "tests"})
        data["compile"] = {"ok": result.compile.ok, "message": result.compile.message}
        data["subtasks"] = [{"name": s.name, "score": s.score, "max_score": s.max_score} for s in result.subtasks]
        print(json.dumps(data))
    else:
        print_result(task, result)


def register(app: typer.Typer) -> None:
    app.command("judge")(judge)
