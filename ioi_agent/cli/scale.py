"""`ioi-agent scale`: one task's pipeline at thousands of candidates, from a sampler to 50 submissions.

Resumable: run it again with the same run directory after any interruption and it continues where
the store says it stopped. The last line is machine-readable.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape


def scale(
    task_dir: Path = typer.Argument(..., metavar="TASK", help="task package directory (its generators/ feed generated inputs)"),
    sampler: str = typer.Option("mutate:problems", help="sampler spec, e.g. mutate:problems or replay:DIR"),
    samples: int = typer.Option(2000, "-n", "--samples", min=1, help="samples to draw for the task"),
    seed: int = typer.Option(0, help="sampling seed"),
    max_tokens: Optional[int] = typer.Option(None, "--max-tokens", help="most tokens per sampled answer (default 4096)"),
    temperature: Optional[float] = typer.Option(None, "--temperature", help="sampling temperature (default 1.0)"),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster for --sampler ray-vllm:MODEL"),
    run_dir: Path = typer.Option(Path("runs/scale"), help="run directory (the store; resumes when it exists)"),
    backend: str = typer.Option("auto", help="auto, docker or local"),
    workers: Optional[int] = typer.Option(None, help="runs at once (default: the sandbox's)"),
    budget: int = typer.Option(50, min=1, max=50, help="submissions to select"),
    results_log: Optional[Path] = typer.Option(None, help="append one line per result recorded by this process (audit)"),
    quiet: bool = typer.Option(False, help="no progress bars"),
) -> None:
    """Sample, judge (deduplicated, screened, resumable), cluster, select; compare with the baselines."""
    from ioi_agent.cli.common import fail, progress_bars
    from ioi_agent.params import SamplingParams, SamplingParamsError
    from ioi_agent.prompts import task_prompt
    from ioi_agent.samplers import SamplerError, make_sampler, statement_warning
    from ioi_agent.scale import run_scale
    from ioi_agent.store import RunStore
    from judge.errors import JudgeError, PackageError
    from judge.loaders import load_task
    from judge.sandbox import make_sandbox

    err = Console(stderr=True)
    try:
        task = load_task(task_dir)
        params = SamplingParams(n=samples, seed=seed).with_overrides(max_tokens=max_tokens, temperature=temperature)
        chosen = make_sampler(sampler, ray_address=ray_address)
        warning = statement_warning(task, chosen)
        if warning:
            err.print(f"[bold red]{escape(warning)}[/]", highlight=False, soft_wrap=True)
        completions = chosen.generate([task_prompt(task)], params)[0]
    except PackageError as e:
        fail(str(e).splitlines()[0])
    except (SamplerError, SamplingParamsError) as e:
        fail(str(e))
    from ioi_agent.extract import extract_cpp

    items = [(c.origin or f"sample {c.index}", extract_cpp(c.text) or c.text) for c in completions]
    sandbox = make_sandbox(backend)
    err.print(f"sandbox backend: {sandbox.name}; {len(items)} samples of {task.code}; run store {run_dir}")
    log = results_log.open("a", buffering=1) if results_log else None
    try:
        with RunStore(run_dir) as store, progress_bars(not quiet) as on_progress:
            result = run_scale(
                task, ((f"{i}:{origin}", text) for i, (origin, text) in enumerate(items)), store, sandbox,
                workers=workers, budget=budget, on_progress=on_progress,
                generators=task_dir if (task_dir / "generators").is_dir() else None,
                on_result=(lambda r: log.write(f"{r.candidate} {r.store_name} {r.verdict}\n")) if log else None,
            )  # fmt: skip
    except JudgeError as e:
        fail(f"judge failure: {str(e).splitlines()[0]}", code=3)
    finally:
        if log:
            log.close()
    j = result.judge
    err.print(f"{result.samples} samples, {result.programs} programs ({result.compiled} compile), "
              f"{result.clusters} behaviour clusters, {result.generated} generated inputs; this run: "
              f"{j.compiled_now} compiles ({j.compile_s:.0f} worker-s), {j.runs_now} runs ({j.run_s:.0f} worker-s), "
              f"{j.skipped_now} skipped, {j.shared_now} shared (same executable)")
    err.print("steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in result.seconds.items()))
    k = budget
    print(f"task={result.task} samples={result.samples} programs={result.programs} selection={result.selection.score:g} "
          f"oracle@{k}={result.oracle_at[k]:g} random@{k}={result.random_at[k]:.2f} oracle={result.oracle:g} "
          f"baselines_s={result.baseline_s:.2f}", flush=True)
    sys.stdout.flush()
