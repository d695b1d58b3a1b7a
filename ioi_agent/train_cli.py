"""`ioi-agent train ...`: training commands (mounted by the main CLI as the `train` group).

`train scorer POOL... --out model.pt` judges the pools into a run directory (resumable, as `eval
selection` does: pass the run directory of an earlier evaluation with `--run` to reuse its results),
reports the leave-one-task-out quality of the learned scoring function, then trains it on every pool
and saves it with its feature version.
"""
from __future__ import annotations

# ruff: noqa: B008  (typer reads arguments and options from parameter defaults)
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

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
    workers: int | None = typer.Option(None, "--workers", min=1, help="programs judged at once"),
) -> None:
    """Train the candidate scorer; print per-task leave-one-task-out AUC and rank correlation."""
    from ioi_agent.eval_cli import judge_pool_with_bar
    from ioi_agent.pool import find_pools
    from ioi_agent.scoring_model import leave_one_task_out, task_data, train
    from ioi_agent.store import RunStore
    from judge.errors import JudgeError, PackageError

    err = Console(stderr=True)
    found, notes = find_pools(pools)
    for note in notes:
        err.print(f"[yellow]note:[/] {note}", highlight=False)
    if not found:
        err.print("[bold red]error:[/] no pool found (a pool is a task package with a candidates/ folder)")
        raise typer.Exit(2)
    with RunStore(run or Path("runs") / f"train-{time.strftime('%Y%m%d-%H%M%S')}") as store:
        results = []
        for pool in found:
            try:
                results.append(judge_pool_with_bar(pool, store, workers, err))
            except (PackageError, JudgeError) as e:
                err.print(f"[yellow]note:[/] {pool.root}: skipped: {str(e).splitlines()[0]}", highlight=False)
    datasets = [task_data(r) for r in results]
    options = {"hidden": hidden, "epochs": epochs}
    folds = leave_one_task_out(datasets, **options)
    table = Table(title="leave-one-task-out", title_justify="left")
    for col in ("task", "rows", "solved", "AUC", "spearman", "top pick best"):
        table.add_column(col, justify="right")
    for f in folds:
        table.add_row(f.task, str(f.rows), str(f.positives), _fmt(f.auc), _fmt(f.spearman), "yes" if f.top_is_best else "no")
    Console().print(table)
    model = train(datasets, **options)
    path = model.save(out)
    aucs = [f.auc for f in folds if f.auc is not None]
    rhos = [f.spearman for f in folds if f.spearman is not None]
    mean = lambda xs: sum(xs) / len(xs) if xs else None
    print(f"saved {path} tasks={len(datasets)} rows={sum(len(d.rows) for d in datasets)} "
          f"loto_auc={_fmt(mean(aucs))} loto_spearman={_fmt(mean(rhos))}", flush=True)
