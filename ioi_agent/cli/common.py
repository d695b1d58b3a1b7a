"""What every `ioi-agent` command shares: consoles, the exit-code and error policy, the run-directory
rule, the options that mean the same thing everywhere, and the progress bar.

Exit codes (every command):
  0  done;  1  an outside service failed (e.g. the Codeforces API);  2  unusable input (a package,
  a file, an option), one line naming it;  3  the judge itself failed (JudgeError), one line;
  130  interrupted (a run directory says how to continue).
Nothing reaches the user as a traceback: failures are one line on stderr, `error: ...`.

Run directories: `--out DIR` names one; by default `runs/<command>-<YYYYmmdd-HHMMSS>`. A contest
run (its clock and its decisions) is continued only with `--resume`; runs that only cache judging
(`eval`, `train`) are continued whenever they exist, since redoing them cannot change anything.
"""
from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from judge.errors import JudgeError, PackageError

EXIT_OUTSIDE = 1
EXIT_INPUT = 2
EXIT_JUDGE = 3
EXIT_INTERRUPTED = 130

console = Console() if sys.stdout.isatty() else Console(width=150)  # pipes and CI logs get full rows
err_console = Console(stderr=True) if sys.stderr.isatty() else Console(stderr=True, width=140)

BACKENDS = ("auto", "local", "docker", "ray")
BACKEND_HELP = ("where programs run: auto (Docker when a daemon and the sandbox image answer, else local), "
                "local, docker, or ray (a Ray cluster)")
RAY_ADDRESS_HELP = ("Ray cluster for --sampler ray-vllm:MODEL and --backend ray "
                    "(default: RAY_ADDRESS, else a local one)")
SAMPLER_HELP = ("sampler spec (replay:PATH, transformers:DIR, openai:URL#MODEL, vllm:MODEL, ray-vllm:MODEL; "
                "options as MODEL?key=value&...); default: each task's candidates/")
MAX_TOKENS_HELP = "most tokens per sampled answer (default 4096)"
TEMPERATURE_HELP = "sampling temperature (default 1.0)"


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """One line on stderr, then exit with `code` (never a traceback)."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def note(message: str) -> None:
    err_console.print(f"[yellow]note:[/] {escape(message)}", highlight=False, soft_wrap=True)


def first_line(e: BaseException) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0]


@contextmanager
def reported_failures(out: Path | None = None) -> Iterator[None]:
    """The error policy around a command's work: bad input exits 2, a judge failure 3, an
    interruption 130 (saying how to continue the run in `out`, when there is one)."""
    try:
        yield
    except KeyboardInterrupt:
        fail(f"interrupted: nothing is lost; continue with --out {out} --resume" if out else "interrupted",
             EXIT_INTERRUPTED)
    except (PackageError, ValueError) as e:  # ValueError: an option or a file's value is unusable
        fail(first_line(e))
    except JudgeError as e:
        fail(f"judge failure: {first_line(e)}", EXIT_JUDGE)


def run_dir(out: Path | None, command: str, resume: bool | None = None) -> Path:
    """The run directory of `command` (see the module docstring). `resume`: True/False for a
    contest run (--resume given or not); None for caches, which continue whenever they exist."""
    if out is None:
        if resume:
            fail("--resume needs --out DIR (the run to continue)")
        out = Path("runs") / f"{command}-{datetime.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    if resume is None:
        return out
    if (out / "run.sqlite").exists() and not resume:
        fail(f"{out} already holds a run: add --resume to continue it, or choose another --out")
    if resume and not (out / "run.sqlite").exists():
        fail(f"{out}: no run to resume")
    return out


def check_backend(backend: str, ray_address: str | None = None) -> None:
    """`ray_address` is shared with the ray-vllm sampler, so it is no error without --backend ray."""
    if backend not in BACKENDS:
        fail(f"--backend {backend!r}: expected one of {', '.join(BACKENDS)}")


def sampling_params(seed: int, max_tokens: int | None = None, temperature: float | None = None, n: int = 1):
    """SamplingParams from the sampling options every sampling command takes."""
    from ioi_agent.params import SamplingParams, SamplingParamsError

    try:
        return SamplingParams(n=n, temperature=1.0, seed=seed).with_overrides(max_tokens=max_tokens,
                                                                             temperature=temperature)
    except SamplingParamsError as e:
        fail(str(e))


def make_samplers(spec: str | None, ray_address: str | None = None):
    """`samplers(path, task)` for a contest from a --sampler spec (None: each task's default); warns
    loudly, per task, when the model cannot read the task's statement."""
    if spec is None:
        return None
    from ioi_agent.samplers import SamplerError, make_sampler, statement_warning

    try:
        sampler = make_sampler(spec, ray_address=ray_address)
    except SamplerError as e:
        fail(str(e))

    def for_task(path, task):
        warning = statement_warning(task, sampler)
        if warning:
            err_console.print(f"[bold red]{escape(warning)}[/]", highlight=False, soft_wrap=True)
        return sampler

    return for_task


def open_sandbox(backend: str, ray_address: str | None = None, workers: int | None = None):
    """The sandbox programs run in on this machine, named on stderr (`ray`: the `auto` one here,
    for what the cluster does not run: see `open_backend`)."""
    from judge.sandbox import make_sandbox

    check_backend(backend, ray_address)
    local = "auto" if backend == "ray" else backend
    try:
        sandbox = make_sandbox(local, workers=workers) if workers else make_sandbox(local)
    except (ImportError, ValueError, JudgeError) as e:
        fail(f"--backend {backend}: {first_line(e)}", EXIT_JUDGE if isinstance(e, JudgeError) else EXIT_INPUT)
    err_console.print(f"sandbox backend: {sandbox.name}", highlight=False)
    return sandbox


@contextmanager
def open_backend(backend: str, ray_address: str | None = None, workers: int | None = None) -> Iterator[tuple]:
    """(sandbox, remote) for the agent's commands: with `--backend ray` every program runs on the
    Ray cluster (`remote`, a RayJudge, closed on exit; see `runner.CandidateRunner`). Otherwise
    remote is None."""
    sandbox = open_sandbox(backend, ray_address, workers)
    if backend != "ray":
        yield sandbox, None
        return
    try:
        from judge.distributed import RayJudge

        remote = RayJudge(address=ray_address, workers_per_node=workers)
    except ImportError as e:
        fail(f"--backend ray: {first_line(e)} (pip install 'ioi-agent[ray]')")
    except Exception as e:  # a cluster that cannot be reached
        fail(f"--backend ray: {first_line(e)}", EXIT_JUDGE)
    err_console.print("judge backend: ray (every program runs on the cluster)", highlight=False)
    with remote:
        yield sandbox, remote


@contextmanager
def progress_bar(description: str) -> Iterator:
    """A progress bar on stderr; yields the callback a runner's Progress events go to."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=False) as progress:
        bar = progress.add_task(description, total=None)

        def show(event) -> None:
            progress.update(bar, completed=event.done, total=event.total or 1)

        yield show
        total = progress.tasks[0].total or 1
        progress.update(bar, completed=total, total=total)


@contextmanager
def progress_bars(enabled: bool = True) -> Iterator:
    """Progress bars on stderr drawn from labelled events (`scale.ScaleProgress`: advance 0 opens the
    bar named `bar`, of size `total` or open-ended, other events move it on); yields the callback, or
    None when disabled."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f}/s" if speed else "", style="progress.data.speed")

    columns = (TextColumn("{task.description:>22}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=err_console) as progress:
        bars: dict[str, object] = {}

        def show(event) -> None:
            if event.advance == 0:
                bars[event.bar] = progress.add_task(event.bar, total=event.total)
            else:
                progress.advance(bars[event.bar], event.advance)

        yield show


# -- pools (eval, train) -----------------------------------------------------------------------


def find_pools(paths: list[Path]) -> list:
    """The pools under `paths` (notes for what was skipped); none found is an input error."""
    from ioi_agent.pool import find_pools as search

    found, notes = search(paths)
    for n in notes:
        note(n)
    if not found:
        fail("no pool found (a pool is a task package with a candidates/ folder)")
    return found


def judge_pools(found: list, store, sandbox, workers: int | None, remote=None, labelled: bool = False) -> list:
    """Judge pools with a progress bar each. A pool whose package is unusable is skipped with a
    note; a judge failure ends the command (exit 3). `labelled`: run only what a contestant runs and
    take the hidden scores from each pool's label file (`pool.observe_pool`); a pool without one is
    skipped with a note, a label file that does not fit its pool ends the command (exit 2)."""
    from ioi_agent.pool import LabelError, judge_pool, observe_pool

    results = []
    for pool in found:
        try:
            with progress_bar(f"{'running' if labelled else 'judging'} {pool.name}") as show:
                results.append((observe_pool if labelled else judge_pool)(pool, store, workers, sandbox,
                                                                          on_progress=show, remote=remote))
        except LabelError as e:
            fail(first_line(e))
        except PackageError as e:
            note(f"{pool.root}: skipped: {first_line(e)}")
        except JudgeError as e:
            fail(f"{pool.root}: judge failure: {first_line(e)}", EXIT_JUDGE)
    if not results:
        raise typer.Exit(EXIT_INPUT)
    return results
