"""The `ioi-agent` command line: the only reader of argv. Each use is one subcommand."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from judge.errors import JudgeError, PackageError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Competitive-programming agent with an IOI/CMS judge.")
console = Console() if sys.stdout.isatty() else Console(width=140)  # pipes and CI logs get full rows
err_console = Console(stderr=True)


@app.callback()
def _root() -> None:
    """Competitive-programming agent with an IOI/CMS judge."""


def fail(message: str, code: int = 2) -> None:
    """Unusable input: one line on stderr, non-zero exit, never a traceback."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def read_submission(task, solution: Path):
    from judge.tasktypes import Submission

    if not solution.exists():
        fail(f"{solution}: no such file or directory")
    if task.task_type == "OutputOnly":
        files = [solution] if solution.is_file() else sorted(p for p in solution.iterdir() if p.is_file())
        outputs = {}
        for p in files:
            name = p.stem.removeprefix("output_")
            outputs[name] = p.read_bytes()
        return Submission(outputs=outputs)
    if solution.is_dir():
        fail(f"{solution}: expected a source file, got a directory")
    try:
        source = solution.read_text()
    except UnicodeDecodeError:
        fail(f"{solution}: not a text file")
    from judge.languages import UnsupportedLanguage, language_of

    try:
        language = language_of(solution, source)
    except UnsupportedLanguage as e:
        fail(str(e))
    if language not in task.languages:
        fail(f"{solution}: {language} is not accepted by this task (it takes {', '.join(task.languages)})")
    return Submission(source=source, language=language)


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


@app.command()
def judge(
    task_path: Path = typer.Argument(..., metavar="TASK", help="task package: directory, .zip or .tar.xz"),
    solution: Path = typer.Argument(..., metavar="SOLUTION", help="C++ source (or output files for OutputOnly)"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object instead of tables"),
    backend: str = typer.Option("auto", help="auto (Docker when a daemon and the image answer, else local), docker, local, or ray (a Ray cluster)"),
    workers: Optional[int] = typer.Option(None, help="tests judged at once (default: one per core)"),
    ray_address: Optional[str] = typer.Option(None, help="with --backend ray: the cluster (default: RAY_ADDRESS)"),
) -> None:
    """Judge one solution against a task package and print per-subtask and per-test results."""
    from judge.judging import Judge
    from judge.loaders import load_task
    from judge.sandbox import make_sandbox

    try:
        task = load_task(task_path)
        submission = read_submission(task, solution)
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
    except PackageError as e:
        fail(str(e).splitlines()[0])
    except (JudgeError, ValueError) as e:
        fail(f"judge failure: {str(e).splitlines()[0]}", code=3)
    if as_json:
        data = result.model_dump(mode="json", include={"task", "score", "max_score", "subtasks", "tests"})
        data["compile"] = {"ok": result.compile.ok, "message": result.compile.message}
        data["subtasks"] = [{"name": s.name, "score": s.score, "max_score": s.max_score} for s in result.subtasks]
        print(json.dumps(data))
    else:
        print_result(task, result)


@app.command()
def doctor(
    docker: bool = typer.Option(True, help="also check the Docker daemon, image and worker cgroups"),
) -> None:
    """What the sandbox can use here (cgroups, seccomp, namespaces, uids, Docker) and what is missing."""
    from judge.sandbox.doctor import check

    rows = check(docker=docker)
    table = Table("area", "item", "state", "detail")
    colour = {"ok": "green", "missing": "red", "info": "dim"}
    for r in rows:
        table.add_row(r.area, r.item, f"[{colour[r.state]}]{r.state}[/]", r.detail)
    console.print(table)
    missing = [r for r in rows if r.state == "missing"]
    print(f"doctor: {len(rows) - len(missing)} ok/info, {len(missing)} missing")


def _mount_subcommands() -> None:
    """Sub-apps live beside their code; each is mounted under its own name."""
    from ioi_agent.codeforces.cli import app as codeforces_app

    app.add_typer(codeforces_app, name="codeforces")
    from ioi_agent.contest_cli import app as contest_app, replay

    app.add_typer(contest_app, name="contest")
    app.command("replay")(replay)
    from ioi_agent.train_cli import app as train_app

    app.add_typer(train_app, name="train")
    from ioi_agent.verify_cli import verify_command

    app.command("verify")(verify_command)
    from ioi_agent.scale_cli import scale

    app.command(name="scale")(scale)
    try:
        from ioi_agent.eval_cli import app as eval_app
    except ImportError:  # pragma: no cover - during development only
        return
    app.add_typer(eval_app, name="eval", help="Evaluate the agent's stages on candidate pools.")


_mount_subcommands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
