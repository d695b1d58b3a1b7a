"""`ioi-agent eval ...`: evaluation commands (mounted by the main CLI as the `eval` group).

`eval selection POOL...` judges the pools into a run directory (resumable: pass the same `--out`),
runs the selection policies and prints, per task and in total, our score against the random and
oracle baselines for K = 1..50. Its last line is the machine-readable summary for `--budget`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ioi_agent.cli.common import BACKEND_HELP, RAY_ADDRESS_HELP, console, find_pools, judge_pools, open_backend, run_dir

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Evaluate the agent's stages.")
SHOWN_BUDGETS = (1, 2, 3, 5, 10, 20, 50)
SAMPLE_SEEDS = (0, 1, 2, 3, 4)


@app.callback()
def _group() -> None:
    """Evaluate the agent's stages."""


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def _budget_table(title: str, rows: list[int], ours, rand, oracle_at, oracle: float, budget: int) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("K", "selection", "random", "oracle@K", "oracle", "selection/oracle"):
        table.add_column(col, justify="right")
    for k in rows:
        style = "bold" if k == budget else None
        ratio = ours(k) / oracle if oracle else 1.0
        table.add_row(str(k), _fmt(ours(k)), _fmt(rand(k)), _fmt(oracle_at(k)), _fmt(oracle), f"{ratio:.3f}", style=style)
    return table


@app.command()
def selection(
    pools: list[Path] = typer.Argument(..., metavar="POOL...", help="pools, or directories searched for pools"),
    budget: int = typer.Option(50, "--budget", min=1, max=50, help="submissions per task for the summary line"),
    out: Path | None = typer.Option(None, "--out", help="run directory (default runs/eval-<timestamp>); "
                                    "an existing one is resumed"),
    workers: int | None = typer.Option(None, "--workers", min=1, help="programs run at once (default: one per core)"),
    backend: str = typer.Option("auto", help=BACKEND_HELP),
    ray_address: Optional[str] = typer.Option(None, help=RAY_ADDRESS_HELP),
) -> None:
    """Judge pools, run the selection policies, compare with random and oracle baselines."""
    from ioi_agent.evaluation import (
        BUDGETS,
        cf_random,
        evaluate,
        plot,
        sample_curve,
        sample_sizes,
    )
    from ioi_agent.store import RunStore

    found = find_pools(pools)
    run = run_dir(out, "eval")
    evaluations, curves = [], []
    with open_backend(backend, ray_address, workers) as (sandbox, remote), RunStore(run) as store:
        results = judge_pools(found, store, sandbox, workers, remote)
        budgets = sorted(set(BUDGETS) | {budget})
        for r in results:
            evaluations.append(evaluate(r, budgets, store))
        sizes = sample_sizes(max(e.samples for e in evaluations))
        for r in results:
            curves.append(sample_curve(r, budget, sizes, SAMPLE_SEEDS))

    rows = sorted(set(SHOWN_BUDGETS) | {budget})
    for e in evaluations:
        title = (f"{e.task}: {e.samples} samples, {e.distinct} distinct, {e.clusters} clusters, "
                 f"{e.generated} generated inputs; max {e.max_score:g}")
        console.print(_budget_table(title, rows, e.ours.get, e.random.get, e.oracle_at.get, e.oracle, budget))
    total = lambda attr: (lambda k: sum(getattr(e, attr)[k] for e in evaluations))
    oracle = sum(e.oracle for e in evaluations)
    console.print(_budget_table(f"total over {len(evaluations)} tasks", rows, total("ours"), total("random"),
                                total("oracle_at"), oracle, budget))

    cf = Table(title="Codeforces policy (<= 10 submissions, stop at the first accepted)", title_justify="left")
    for col in ("task", "accepted", "submissions", "rejected first", "random P(accept)", "pool has one"):
        cf.add_column(col, justify="right")
    for e in evaluations:
        sel = e.codeforces
        ok = bool(sel.decisions) and sum(sel.decisions[-1].feedback) >= e.max_score - 1e-9
        cf.add_row(e.task, "yes" if ok else "no", str(len(sel.decisions)), str(len(sel.decisions) - ok),
                   f"{cf_random(e):.2f}", "yes" if e.cf_accepted else "no")
    console.print(cf)

    png = plot(evaluations, curves, budget, run / "selection.png")
    console.print(f"run store: {store.path}\nplot: {png}", highlight=False)
    s, r = total("ours")(budget), total("random")(budget)
    ratio = s / oracle if oracle else 1.0
    print(f"selection={s:.2f} random={r:.2f} oracle={oracle:.2f} ratio={ratio:.4f}", flush=True)
