"""`ioi-agent train ...`: training commands (mounted by the main CLI as the `train` group).

`train scorer POOL... --out model.pt` judges the pools into a run directory (resumable, as `eval
selection` does: pass the run directory of an earlier evaluation with `--run` to reuse its results),
reports the leave-one-task-out quality of the learned scoring function, then trains it on every pool
and saves it with its feature version.
"""
from __future__ import annotations

# ruff: noqa: B008  (typer reads arguments and options from parameter defaults)
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ioi_agent.cli.common import BACKEND_HELP, RAY_ADDRESS_HELP, console, find_pools, judge_pools, open_sandbox, run_dir

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Train the agent's learned parts.")


@app.callback()
def _group() -> None:
    """Train the agent's learned parts."""


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


@app.command()
def scorer(
    pools: list[Path] = typer.Argument(..., metavar="POOL...", help="labelled pools, or directories searched for them"),
    out: Path = typer.Option(..., "--out", help="where to save the model (.pt)"),
    run: Path | None = typer.Option(None, "--run", help="run directory (default runs/train-<timestamp>); "
                                    "an existing one, e.g. from `eval selection`, is resumed"),
    hidden: int = typer.Option(8, "--hidden", min=0, help="hidden units (0: logistic regression)"),
    epochs: int = typer.Option(400, "--epochs", min=1),
    workers: int | None = typer.Option(None, "--workers", min=1, help="programs run at once (default: one per core)"),
    backend: str = typer.Option("auto", help=BACKEND_HELP),
    ray_address: Optional[str] = typer.Option(None, help=RAY_ADDRESS_HELP),
) -> None:
    """Train the candidate scorer; print per-task leave-one-task-out AUC and rank correlation."""
    from ioi_agent.scoring_model import leave_one_task_out, task_data, train
    from ioi_agent.store import RunStore

    found = find_pools(pools)
    directory = run_dir(run, "train")
    sandbox = open_sandbox(backend, ray_address, workers)
    with RunStore(directory) as store:
        results = judge_pools(found, store, sandbox, workers)
    datasets = [task_data(r) for r in results]
    options = {"hidden": hidden, "epochs": epochs}
    folds = leave_one_task_out(datasets, **options)
    table = Table(title="leave-one-task-out", title_justify="left")
    for col in ("task", "rows", "solved", "AUC", "spearman", "top pick best"):
        table.add_column(col, justify="right")
    for f in folds:
        table.add_row(f.task, str(f.rows), str(f.positives), _fmt(f.auc), _fmt(f.spearman), "yes" if f.top_is_best else "no")
    console.print(table)
    model = train(datasets, **options)
    path = model.save(out)
    aucs = [f.auc for f in folds if f.auc is not None]
    rhos = [f.spearman for f in folds if f.spearman is not None]
    mean = lambda xs: sum(xs) / len(xs) if xs else None
    print(f"saved {path} tasks={len(datasets)} rows={sum(len(d.rows) for d in datasets)} "
          f"loto_auc={_fmt(mean(aucs))} loto_spearman={_fmt(mean(rhos))}", flush=True)
