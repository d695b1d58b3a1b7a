"""`ioi-agent contest simulate` and `ioi-agent replay ioi2024`: a contest on the simulated clock."""
from __future__ import annotations

from pathlib import Path

import typer

from ioi_agent.cli.common import (
    BACKEND_HELP,
    MAX_TOKENS_HELP,
    RAY_ADDRESS_HELP,
    SAMPLER_HELP,
    TEMPERATURE_HELP,
    console,
    err_console,
    fail,
    make_samplers,
    open_backend,
    reported_failures,
    run_dir,
    sampling_params,
)

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Simulate a contest with the agent.")
replay_app = typer.Typer(no_args_is_help=True, add_completion=False, help="Replay a past contest offline.")


def _config(budget: int, batch: int, submissions: int, sample_seconds: float | None, seed: int,
            max_tokens: int | None = None, temperature: float | None = None):
    from ioi_agent.agent import AgentConfig

    if budget < 1 or batch < 1:
        fail("--budget and --batch must be at least 1")
    return AgentConfig(budget=budget, batch=batch, submissions=submissions, sample_seconds=sample_seconds,
                       params=sampling_params(seed, max_tokens, temperature))


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
    backend: str = typer.Option("auto", help=BACKEND_HELP),
) -> None:
    """Run the agent through a contest on a simulated clock; write results.json and report.md."""
    from ioi_agent.contest import load_contest, parse_duration, run_contest
    from ioi_agent.report import final_table, write_report

    with reported_failures():
        seconds = parse_duration(duration) if duration is not None else None
        spec = load_contest(contest, seconds, submissions)
    out = run_dir(out, "contest", resume)
    config = _config(budget, batch, spec.submissions, sample_seconds, seed, max_tokens, temperature)
    samplers = make_samplers(sampler, ray_address)
    with open_backend(backend, ray_address) as (sandbox, remote), reported_failures(out):
        res = run_contest(spec, out, config, samplers, console=err_console, live=live, sandbox=sandbox, remote=remote)
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
    backend: str = typer.Option("auto", help=BACKEND_HELP),
) -> None:
    """Replay IOI 2024 offline: official packages where present, public examples otherwise (unofficial)."""
    from ioi_agent.replay import replay_ioi2024, summary_table

    if candidates is not None and sampler is not None:
        fail("give --candidates or --sampler, not both")
    if candidates is not None and not candidates.is_dir():
        fail(f"{candidates}: not a directory")
    out = run_dir(out, "ioi2024", resume)
    config = _config(budget, batch, 50, sample_seconds, seed, max_tokens, temperature)
    samplers = make_samplers(sampler, ray_address)
    with open_backend(backend, ray_address) as (sandbox, remote), reported_failures(out):
        res = replay_ioi2024(archive, out, config, [d.strip() for d in days.split(",") if d.strip()],
                             candidates=candidates, samplers=samplers, console=err_console, live=live,
                             sandbox=sandbox, remote=remote)
    console.print(summary_table(res))
    console.print(f"report: {out / 'report.md'}   results: {out / 'results.json'}")
