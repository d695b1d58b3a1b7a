"""`ioi-agent contest simulate` and `ioi-agent replay CONTEST`: a contest on the simulated clock.

Both take `--scorer`: `learned` (default) uses the model at `scoring_model.default_model_path()`
($IOI_AGENT_SCORER, else ~/.cache/ioi-agent/scorer.pt, written by `ioi-agent train scorer`) when one
exists (a $IOI_AGENT_SCORER naming no file: no scorer); otherwise it trains one per task from the labelled pools that ship (`default_scorer`: that
task left out, seeded, cached by content hash under the cache folder). `none` turns it off; a path
names a model. A model is never used on a task it was trained on; the report says, per task, which
model ranked and on what it was trained. The `--seed` seeds sampling and the draw that breaks the
ties evidence and scorer leave.
"""
from __future__ import annotations

import os
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
    judge_pools,
    make_samplers,
    open_backend,
    reported_failures,
    run_dir,
    sampling_params,
)

from ioi_agent.cli.scoreboard import LiveScoreboard

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Simulate a contest with the agent.")


def _shipped_scorer(sandbox, remote):
    """A `ScorerBank` over the labelled pools that ship, judged once into the cache (see the module doc)."""
    from ioi_agent.default_scorer import SHIPPED_POOLS, ScorerBank, cache_folder
    from ioi_agent.pool import find_pools
    from ioi_agent.scoring_model import default_model_path, task_data
    from ioi_agent.store import RunStore

    found = find_pools([SHIPPED_POOLS])[0] if SHIPPED_POOLS.is_dir() else []
    if not found:
        return None, f"learned scorer: none (no model at {default_model_path()}, no labelled pools in {SHIPPED_POOLS})"
    err_console.print(f"learned scorer: no model at {default_model_path()}; training per task on the labelled pools "
                      f"in {SHIPPED_POOLS} (judged once, cached in {cache_folder()})", highlight=False, markup=False)
    with RunStore(cache_folder() / "pools") as store:
        results = judge_pools(found, store, sandbox, None, remote)
    bank = ScorerBank(tuple(task_data(r) for r in results), cache_folder(),
                      source=f"labelled pools shipped in {SHIPPED_POOLS.name}/")
    return bank, f"learned scorer: per task, trained on the {len(results)} shipped labelled pools but that task"


def _config(budget: int, batch: int, submissions: int, sample_seconds: float | None, seed: int,
            max_tokens: int | None = None, temperature: float | None = None, scorer: str = "none",
            sandbox=None, remote=None):
    from ioi_agent.agent import AgentConfig
    from ioi_agent.scoring_model import DEFAULT_MODEL_ENV, default_model_path, resolve

    if budget < 1 or batch < 1:
        fail("--budget and --batch must be at least 1")
    if scorer == "learned" and not os.environ.get(DEFAULT_MODEL_ENV) and not default_model_path().is_file():
        model, note = _shipped_scorer(sandbox, remote)
    else:
        try:
            model, note = resolve("auto" if scorer == "learned" else scorer)
        except (ValueError, OSError) as e:
            fail(str(e).splitlines()[0])
    err_console.print(note, highlight=False, markup=False)
    return AgentConfig(budget=budget, batch=batch, submissions=submissions, sample_seconds=sample_seconds,
                       params=sampling_params(seed, max_tokens, temperature), scorer=model, scorer_note=note)


SCORER_HELP = ("learned (the trained model at $IOI_AGENT_SCORER or ~/.cache/ioi-agent/scorer.pt when there is one, "
               "else one trained per task on the shipped labelled pools, that task left out), none, or a model file "
               "from `ioi-agent train scorer`")


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
    seed: int = typer.Option(0, help="base sampling seed, and the seed of the tie-break draw"),
    scorer: str = typer.Option("learned", help=SCORER_HELP),
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
    samplers = make_samplers(sampler, ray_address)
    with open_backend(backend, ray_address) as (sandbox, remote), reported_failures(out), \
            LiveScoreboard(err_console, live) as board:
        config = _config(budget, batch, spec.submissions, sample_seconds, seed, max_tokens, temperature, scorer,
                         sandbox, remote)
        res = run_contest(spec, out, config, samplers, on_standing=board, sandbox=sandbox, remote=remote)
    report = write_report(res, out)
    console.print(final_table(res))
    console.print(f"report: {report}   results: {out / 'results.json'}")


def replay(
    contest: str = typer.Argument(..., metavar="CONTEST", help="a replay contest file (.toml), or a shipped one by name: "
                                  "ioi2024"),
    archive: Path | None = typer.Option(None, help="folder the contest file's task paths are relative to (for ioi2024: "
                                        "the official archive, day1/<task>/<task>-CMS.zip, ...); default: the file's folder"),
    candidates: Path | None = typer.Option(None, help="folder with one subfolder of .cpp candidates per task code"),
    sampler: str | None = typer.Option(None, help=SAMPLER_HELP.replace("each task's candidates/", "--candidates")),
    days: str | None = typer.Option(None, help="comma-separated days to replay (default: the medal days, e.g. day1,day2)"),
    out: Path | None = typer.Option(None, help="run directory (default runs/replay-<timestamp>)"),
    resume: bool = typer.Option(False, "--resume", help="continue the run in --out"),
    budget: int = typer.Option(100, help="samples per task at most"),
    batch: int = typer.Option(5, help="samples per round"),
    sample_seconds: float | None = typer.Option(None, help="clock cost of one sample (default 2 s for replay)"),
    seed: int = typer.Option(0, help="base sampling seed, and the seed of the tie-break draw"),
    scorer: str = typer.Option("learned", help=SCORER_HELP),
    max_tokens: int | None = typer.Option(None, "--max-tokens", help=MAX_TOKENS_HELP),
    temperature: float | None = typer.Option(None, "--temperature", help=TEMPERATURE_HELP),
    ray_address: str | None = typer.Option(None, "--ray-address", help=RAY_ADDRESS_HELP),
    live: bool = typer.Option(True, "--live/--no-live", help="redraw the scoreboard as the contest goes"),
    backend: str = typer.Option("auto", help=BACKEND_HELP),
) -> None:
    """Replay a past contest offline: official packages where present, public examples otherwise
    (unofficial, shown apart; the medal counts official tasks only)."""
    from ioi_agent.replay import load_replay, replay as run_replay, summary_table

    if candidates is not None and sampler is not None:
        fail("give --candidates or --sampler, not both")
    if candidates is not None and not candidates.is_dir():
        fail(f"{candidates}: not a directory")
    with reported_failures():
        spec = load_replay(contest, archive)
    chosen = [d.strip() for d in days.split(",") if d.strip()] if days else list(spec.medal_days or spec.days)
    out = run_dir(out, f"replay-{Path(contest).stem}", resume)
    samplers = make_samplers(sampler, ray_address)
    with open_backend(backend, ray_address) as (sandbox, remote), reported_failures(out), \
            LiveScoreboard(err_console, live) as board:
        config = _config(budget, batch, spec.submissions, sample_seconds, seed, max_tokens, temperature, scorer,
                         sandbox, remote)
        res = run_replay(spec, out, config, chosen, candidates=candidates, samplers=samplers, on_standing=board,
                         sandbox=sandbox, remote=remote)
    console.print(summary_table(res))
    console.print(f"report: {out / 'report.md'}   results: {out / 'results.json'}")
