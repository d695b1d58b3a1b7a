"""`ioi-agent contest simulate` and `ioi-agent replay ioi2024`: a contest on the simulated clock."""
from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from judge.errors import JudgeError, PackageError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Simulate a contest with the agent.")
replay_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Replay a past contest offline.")
console = Console() if sys.stdout.isatty() else Console(width=150)
err_console = Console(stderr=True) if sys.stderr.isatty() else Console(stderr=True, width=140)


def _fail(message: str, code: int = 2) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _out_dir(out: Path | None, prefix: str, resume: bool) -> Path:
    if out is None:
        if resume:
            _fail("--resume needs --out DIR (the run to continue)")
        out = Path("runs") / f"{prefix}-{datetime.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    if (out / "run.sqlite").exists() and not resume:
        _fail(f"{out} already holds a run: add --resume to continue it, or choose another --out")
    if resume and not (out / "run.sqlite").exists():
        _fail(f"{out}: no run to resume")
    return out


def _config(budget: int, batch: int, submissions: int, sample_seconds: float | None, seed: int,
            max_tokens: int | None = None, temperature: float | None = None):
    from ioi_agent.agent import AgentConfig
    from ioi_agent.params import SamplingParams, SamplingParamsError

    if budget < 1 or batch < 1:
        _fail("--budget and --batch must be at least 1")
    try:
        params = SamplingParams(n=1, temperature=1.0, seed=seed).with_overrides(
            max_tokens=max_tokens, temperature=temperature)
    except SamplingParamsError as e:
        _fail(str(e))
    return AgentConfig(budget=budget, batch=batch, submissions=submissions, sample_seconds=sample_seconds,
                       params=params)


def _samplers(spec: str | None, ray_address: str | None = None):
    if spec is None:
        return None
    from ioi_agent.samplers import SamplerError, make_sampler, statement_warning

    try:
        sampler = make_sampler(spec, ray_address=ray_address)
    except SamplerError as e:
        _fail(str(e))

    def for_task(path, task):
        warning = statement_warning(task, sampler)
        if warning:
            err_console.print(f"[bold red]{escape(warning)}[/]", highlight=False, soft_wrap=True)
        return sampler

    return for_task


SAMPLER_HELP = ("sampler spec (replay:PATH, transformers:DIR, openai:URL#MODEL, vllm:MODEL, ray-vllm:MODEL; "
                "options as MODEL?key=value&...); default: each task's candidates/")
MAX_TOKENS_HELP = "most tokens per sampled answer (default 4096)"
TEMPERATURE_HELP = "sampling temperature (default 1.0)"
RAY_ADDRESS_HELP = "Ray cluster for --sampler ray-vllm:MODEL (default: RAY_ADDRESS, else a local one)"


@contextmanager
def _reported_failures(out: Path) -> Iterator[None]:
    """A run's failures as one line each; an interruption says how to continue (nothing is lost)."""
    try:
        yield
    except KeyboardInterrupt:
        _fail(f"interrupted: nothing is lost; continue with --out {out} --resume", code=130)
    except PackageError as e:
        _fail(str(e).splitlines()[0])
    except JudgeError as e:
        _fail(f"judge failure: {str(e).splitlines()[0]}", code=3)


@app.command()
def simulate(
    contest: Path = typer.Argument(..., metavar="CONTEST", help="directory of task packages, or a .toml/.yaml contest file"),
    out: Path | None = typer.Option(None, help="run directory (default runs/contest-<timestamp>)"),
    resume: bool = typer.Option(False, "--resume", help="continue the run in --out, redoing nothing already done"),
    sampler: str | None = typer.Option(None, help=SAMPLER_HELP),
    budget: int = typer.Option(100, help="samples per task at most"),
    batch: int = typer.Option(5, help="samples per round"),
    duration: str | None = typer.Option(None, help="contest length, e.g. 5h, 90m (default: the contest's, else 5h)"),
    submissions: int | None = typer.Option(None, help="submissions per task (default: the contest's, else 50)"),
    sample_seconds: float | None = typer.Option(None, help="clock cost of one sample (default 2 s for replay, measured otherwise)"),
    seed: int = typer.Option(0, help="base sampling seed"),
    max_tokens: int | None = typer.Option(None, "--max-tokens", help=MAX_TOKENS_HELP),
    temperature: float | None = typer.Option(None, "--temperature", help=TEMPERATURE_HELP),
    ray_address: str | None = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    live: bool = typer.Option(True, "--live/--no-live", help="redraw the scoreboard as the contest goes"),
) -> None:
    """Run the agent through a contest on a simulated clock; write results.json and report.md."""
    from ioi_agent.contest import load_contest, parse_duration, run_contest
    from ioi_agent.report import final_table, write_report

    try:
        seconds = parse_duration(duration) if duration is not None else None
    except ValueError as e:
        _fail(str(e))
    try:
        spec = load_contest(contest, seconds, submissions)
    except PackageError as e:
        _fail(str(e).splitlines()[0])
    out = _out_dir(out, "contest", resume)
    config = _config(budget, batch, spec.submissions, sample_seconds, seed, max_tokens, temperature)
    with _reported_failures(out):
        res = run_contest(spec, out, config, _samplers(sampler, ray_address), console=err_console, live=live)
    report = write_report(res, out)
    console.print(final_table(res))
    console.print(f"report: {report}   results: {out / 'results.json'}")


@replay_app.command("ioi2024")
def ioi2024(
    archive: Path = typer.Option(..., help="IOI 2024 archive: day1/<task>/<task>-CMS.zip, <task>-attachments.zip, ..."),
    candidates: Path | None = typer.Option(None, help="folder with one subfolder of .cpp candidates per task code"),
    sampler: str | None = typer.Option(None, help=SAMPLER_HELP.replace("each task's candidates/", "--candidates")),
    days: str = typer.Option("day1,day2", help="comma-separated archive folders to replay (e.g. practice)"),
    out: Path | None = typer.Option(None, help="run directory (default runs/ioi2024-<timestamp>)"),
    resume: bool = typer.Option(False, "--resume", help="continue the run in --out"),
    budget: int = typer.Option(100, help="samples per task at most"),
    batch: int = typer.Option(5, help="samples per round"),
    sample_seconds: float | None = typer.Option(None, help="clock cost of one sample (default 2 s for replay)"),
    seed: int = typer.Option(0, help="base sampling seed"),
    max_tokens: int | None = typer.Option(None, "--max-tokens", help=MAX_TOKENS_HELP),
    temperature: float | None = typer.Option(None, "--temperature", help=TEMPERATURE_HELP),
    ray_address: str | None = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    live: bool = typer.Option(True, "--live/--no-live", help="redraw the scoreboard as the contest goes"),
) -> None:
    """Replay IOI 2024 offline: official packages where present, public examples otherwise (unofficial)."""
    from ioi_agent.replay import replay_ioi2024, summary_table

    if candidates is not None and sampler is not None:
        _fail("give --candidates or --sampler, not both")
    if candidates is not None and not candidates.is_dir():
        _fail(f"{candidates}: not a directory")
    out = _out_dir(out, "ioi2024", resume)
    config = _config(budget, batch, 50, sample_seconds, seed, max_tokens, temperature)
    with _reported_failures(out):
        res = replay_ioi2024(archive, out, config, [d.strip() for d in days.split(",") if d.strip()],
                             candidates=candidates, samplers=_samplers(sampler, ray_address), console=err_console,
                             live=live)
    console.print(summary_table(res))
    console.print(f"report: {out / 'report.md'}   results: {out / 'results.json'}")
