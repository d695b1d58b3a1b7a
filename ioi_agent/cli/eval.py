"""`ioi-agent eval ...`: evaluation commands (mounted by the main CLI as the `eval` group).

`eval selection POOL...` judges the pools into a run directory (resumable: pass the same `--out`),
runs the selection policies and prints, per task and in total, our score against the random and
oracle baselines for K = 1..50, without and with the learned scorer. Its last line is the
machine-readable summary for `--budget` (with the scorer when one ranked every task, else without);
the line before it, prefixed `scorer=none`, is the summary without the scorer.

`--scorer learned` (default) trains, for each task, a scorer on the *other* evaluated pools (leave one
task out; `default_scorer.ScorerBank`, so the models are cached by content hash and a rerun loads
them), so no task is ranked by a model that saw its hidden results; with a single pool there is
nothing to train on and only the plain policy runs. `--scorer PATH` uses a saved model (tasks it was
trained on are evaluated without it); `--scorer none` skips it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ioi_agent.cli.common import (
    BACKEND_HELP,
    RAY_ADDRESS_HELP,
    console,
    err_console,
    fail,
    find_pools,
    judge_pools,
    open_backend,
    run_dir,
)

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Evaluate the agent's stages.")
SHOWN_BUDGETS = (1, 2, 3, 5, 10, 20, 50)
SAMPLE_SEEDS = (0, 1, 2, 3, 4)


@app.callback()
def _group() -> None:
    """Evaluate the agent's stages."""


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def _budget_table(title: str, rows: list[int], ours, rand, oracle_at, oracle: float, budget: int,
                  scored=None) -> Table:
    table = Table(title=title, title_justify="left")
    cols = ["K", "selection", "random", "oracle@K", "oracle", "ratio"]
    if scored is not None:
        cols[2:2] = ["+scorer"]
        cols.append("+scorer ratio")
    for col in cols:
        table.add_column(col, justify="right")
    for k in rows:
        style = "bold" if k == budget else None
        ratio = lambda x: f"{x / oracle if oracle else 1.0:.3f}"
        cells = [str(k), _fmt(ours(k)), _fmt(rand(k)), _fmt(oracle_at(k)), _fmt(oracle), ratio(ours(k))]
        if scored is not None:
            cells[2:2] = [_fmt(scored(k))]
            cells.append(ratio(scored(k)))
        table.add_row(*cells, style=style)
    return table


def _scorers(spec: str, results) -> dict:
    """Task key -> the scorer ranking it, per `--scorer` (module doc)."""
    from ioi_agent.default_scorer import ScorerBank, cache_folder
    from ioi_agent.scoring_model import load, task_data

    if spec == "none":
        return {}
    if spec == "learned":
        if len(results) < 2:
            err_console.print("[yellow]note:[/] learned scorer: one pool only, nothing to train a leave-one-task-out "
                              "scorer on; evaluated without it", highlight=False)
            return {}
        # The contest's bank: the same seeded leave-one-task-out models, cached by content hash
        # (a rerun on the same store loads them instead of training again).
        bank = ScorerBank(tuple(task_data(r) for r in results), cache_folder(), source="evaluated pools")
        return {r.key: bank.for_task(r.key)[0] for r in results}
    path = Path(spec)
    if not path.is_file():
        fail(f"--scorer {spec}: expected learned, none or a model file")
    try:
        model = load(path)
    except ValueError as e:
        fail(str(e).splitlines()[0])
    skipped = [r.task.code for r in results if r.key in model.tasks]
    if skipped:
        err_console.print(f"[yellow]note:[/] {path} was trained on {', '.join(skipped)}: evaluated without it there",
                          highlight=False)
    return {r.key: model for r in results if r.key not in model.tasks}


@app.command()
def selection(
    pools: list[Path] = typer.Argument(..., metavar="POOL...", help="pools, or directories searched for pools"),
    budget: int = typer.Option(50, "--budget", min=1, max=50, help="submissions per task for the summary line"),
    out: Path | None = typer.Option(None, "--out", help="run directory (default runs/eval-<timestamp>); "
                                    "an existing one is resumed"),
    workers: int | None = typer.Option(None, "--workers", min=1, help="programs run at once (default: one per core)"),
    backend: str = typer.Option("auto", help=BACKEND_HELP),
    ray_address: Optional[str] = typer.Option(None, help=RAY_ADDRESS_HELP),
    scorer: str = typer.Option("learned", "--scorer", help="learned (leave-one-task-out on these pools), none, "
                               "or a model file from `ioi-agent train scorer`"),
    seed: int = typer.Option(0, "--seed", help="seed of the draw that breaks ties the evidence leaves"),
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
        models = _scorers(scorer, results)
        scored = []
        for r in results:
            evaluations.append(evaluate(r, budgets, store, seed=seed))
            if r.key in models:
                scored.append(evaluate(r, budgets, store, models[r.key], seed=seed))
        sizes = sample_sizes(max(e.samples for e in evaluations))
        for r in results:
            curves.append(sample_curve(r, budget, sizes, SAMPLE_SEEDS))

    rows = sorted(set(SHOWN_BUDGETS) | {budget})
    with_scorer = {e.task: e for e in scored}
    for e in evaluations:
        title = (f"{e.task}: {e.samples} samples, {e.distinct} distinct, {e.clusters} clusters, "
                 f"{e.generated} generated inputs; max {e.max_score:g}")
        other = with_scorer.get(e.task)
        console.print(_budget_table(title, rows, e.ours.get, e.random.get, e.oracle_at.get, e.oracle, budget,
                                    other.ours.get if other else None))
    total = lambda attr, evs=evaluations: (lambda k: sum(getattr(e, attr)[k] for e in evs))
    oracle = sum(e.oracle for e in evaluations)
    all_scored = len(scored) == len(evaluations)
    console.print(_budget_table(f"total over {len(evaluations)} tasks" + (", +scorer: learned scorer ranks ties"
                                                                          if all_scored else ""),
                                rows, total("ours"), total("random"), total("oracle_at"), oracle, budget,
                                total("ours", scored) if all_scored else None))

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
    r = total("ours")(budget), total("random")(budget)
    line = lambda s: f"selection={s:.2f} random={r[1]:.2f} oracle={oracle:.2f} ratio={s / oracle if oracle else 1.0:.4f}"
    print(f"scorer=none {line(r[0])}", flush=True)
    print(line(total("ours", scored)(budget) if all_scored else r[0]), flush=True)
