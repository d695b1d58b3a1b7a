"""A contest: which tasks, how long, how many submissions; the simulated clock; the standings it
reports as it goes (`Standing` events: the CLI draws them as a live scoreboard).

A contest is a directory of task packages (each subdirectory a package, as `problems/` is) or a
YAML/TOML file:

    name = "practice"          # optional; default: the file's stem
    duration = "5h"            # seconds as a number, or "90m", "5h", "1h30m"; default 5 hours
    submissions = 50           # per task; default 50 (IOI rules)
    tasks = ["divsum", "../problems/peak", "day1/x/x-CMS.zip"]   # relative to the file

The clock (`ioi_agent.clock`) is simulated: nothing waits. Every piece of the agent's work is charged to it (sampling
at a per-sample cost or its measured wall time, compiling and running programs at their measured
CPU time), so a run's timeline is the same whatever machine replays it, and a resumed run, which
recomputes the clock from the store, lands on the same times.
"""
from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ioi_agent.agent import Ledger, TaskAgent
from ioi_agent.clock import Clock
from ioi_agent.pool import TASK_ARCHIVES, TASK_MARKERS
from ioi_agent.report import results
from ioi_agent.store import RunStore
from judge.errors import PackageError
from judge.kattis.verify import with_time_limit
from judge.loaders import load_task
from judge.sandbox import make_sandbox
from judge.scoring import round_score

DEFAULT_DURATION_S = 5 * 3600.0
DEFAULT_SUBMISSIONS = 50
_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$")


@dataclass(frozen=True)
class ContestSpec:
    name: str
    tasks: tuple[Path, ...]  # what judge.loaders.load_task reads
    duration_s: float = DEFAULT_DURATION_S
    submissions: int = DEFAULT_SUBMISSIONS


def parse_duration(value: str | float) -> float:
    """Seconds from a number (seconds) or a string such as "5h", "90m", "1h30m", "45s"."""
    if isinstance(value, bool):
        raise ValueError(f"duration {value!r}: expected seconds or a string like 5h, 90m")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = value.strip()
        try:
            seconds = float(text)
        except ValueError:
            m = _DURATION.match(text)
            if not m or not any(m.groups()):
                raise ValueError(f"duration {value!r}: expected seconds or a string like 5h, 90m, 1h30m") from None
            h, mi, s = (float(g) if g else 0.0 for g in m.groups())
            seconds = h * 3600 + mi * 60 + s
    if seconds <= 0:
        raise ValueError(f"duration {value!r}: must be positive")
    return seconds


def task_package(directory: Path) -> Path | None:
    """The package inside `directory`: an archive named task.* or <dir>-CMS.zip, or the directory itself."""
    for name in (*TASK_ARCHIVES, f"{directory.name}-CMS.zip"):
        if (directory / name).is_file():
            return directory / name
    if any((directory / m).is_file() for m in TASK_MARKERS) or (directory / "subtasks").is_dir():
        return directory
    return None


def load_contest(path: Path, duration_s: float | None = None, submissions: int | None = None) -> ContestSpec:
    """Read a contest directory or file; explicit `duration_s` / `submissions` override the file's."""
    path = Path(path)
    if path.is_dir():
        tasks = [p for d in sorted(path.iterdir()) if d.is_dir() and not d.name.startswith(".")
                 if (p := task_package(d)) is not None]
        if not tasks:
            raise PackageError(path, "no task packages in this directory (expected one subdirectory per task)")
        spec = ContestSpec(name=path.resolve().name, tasks=tuple(tasks))
    elif path.is_file():
        spec = _contest_file(path)
    else:
        raise PackageError(path, "no such contest directory or file")
    if duration_s is not None:
        spec = ContestSpec(spec.name, spec.tasks, duration_s, spec.submissions)
    if submissions is not None:
        spec = ContestSpec(spec.name, spec.tasks, spec.duration_s, submissions)
    if spec.submissions < 1:
        raise PackageError(path, f"submissions per task must be at least 1, got {spec.submissions}")
    return spec


def _contest_file(path: Path) -> ContestSpec:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        elif path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            raise PackageError(path, "a contest file must be .toml, .yaml or .yml")
    except (tomllib.TOMLDecodeError, ValueError) as e:
        raise PackageError(path, f"not valid {path.suffix[1:].upper()}: {str(e).splitlines()[0]}") from None
    except Exception as e:  # yaml.YAMLError without importing yaml at module load
        if type(e).__module__.startswith("yaml"):
            raise PackageError(path, f"not valid YAML: {str(e).splitlines()[0]}") from None
        raise
    if not isinstance(data, dict):
        raise PackageError(path, "expected a table with a `tasks` list")
    unknown = set(data) - {"name", "duration", "submissions", "tasks"}
    if unknown:
        raise PackageError(path, f"unknown field(s): {', '.join(sorted(unknown))}")
    raw_tasks = data.get("tasks")
    if not isinstance(raw_tasks, list) or not raw_tasks or not all(isinstance(t, str) for t in raw_tasks):
        raise PackageError(path, "`tasks` must be a non-empty list of paths")
    tasks = []
    for t in raw_tasks:
        p = (path.parent / t).resolve()
        if not p.exists():
            raise PackageError(path, f"task {t!r}: {p} does not exist")
        tasks.append(task_package(p) or p if p.is_dir() else p)
    try:
        duration = parse_duration(data.get("duration", DEFAULT_DURATION_S))
    except ValueError as e:
        raise PackageError(path, str(e)) from None
    submissions = data.get("submissions", DEFAULT_SUBMISSIONS)
    if not isinstance(submissions, int) or isinstance(submissions, bool):
        raise PackageError(path, f"`submissions` must be an integer, got {submissions!r}")
    return ContestSpec(name=str(data.get("name", path.stem)), tasks=tuple(tasks), duration_s=duration,
                       submissions=submissions)


@dataclass(frozen=True)
class Standing:
    """The scoreboard event: the contest's state at a moment (`run_contest` emits one before the
    first round, one after every task's step, and a `final` one at the end). The CLI draws it;
    the domain only reports it."""

    contest: str
    clock_s: float
    duration_s: float
    rows: tuple[dict, ...]  # one per task, as `agent.TaskAgent.row()` gives them
    final: bool = False

    @property
    def total(self) -> float:
        """Points so far: the unrounded sum of the best subtask scores, rounded once."""
        return round_score(sum(got for r in self.rows for got, _ in r["subtasks"]), 2)

    @property
    def max_total(self) -> float:
        return sum(r["max_score"] for r in self.rows)


StandingCallback = Callable[[Standing], None]


# -- running a contest ---------------------------------------------------------------------------


def default_sampler(task_path: Path):
    """The replay sampler over the task's own `candidates/` folder, or None when it has none."""
    from ioi_agent.samplers.replay import ReplaySampler

    root = task_path if task_path.is_dir() else task_path.parent
    return ReplaySampler(root) if (root / "candidates").is_dir() else None


def run_contest(spec: ContestSpec, out: Path, config, samplers=None, on_standing: StandingCallback | None = None,
                on_event=None, load=None, sandbox=None, remote=None) -> dict:
    """Run every task of `spec` on one simulated clock, round by round across tasks (a contestant
    moves between tasks rather than finishing one first), until every task is done or time is up.
    `samplers(task_path, task)` gives each task's sampler (default: `default_sampler`); `load(path)`
    reads a task (default `judge.loaders.load_task`); programs run on `sandbox` (default: the judge's
    default backend; `remote`, a RayJudge, runs them on a cluster instead). `on_standing` receives
    the standings as they change (`Standing`), `on_event` each task's rounds and submissions
    (`agent.Event`). The run store and the sampling ledger live in `out`. Returns the results (see
    `report.results`)."""
    started = time.perf_counter()
    clock = Clock(spec.duration_s)
    sandbox = sandbox or make_sandbox()
    # Every task loads before the run directory is made: a bad package fails with nothing written,
    # so the same command can be run again once it is fixed (no --resume of a run that never began).
    tasks = [(path, with_time_limit((load or load_task)(path), sandbox)) for path in spec.tasks]  # a Kattis limit, measured once
    out.mkdir(parents=True, exist_ok=True)
    store = RunStore(out)
    ledger = Ledger(out / "ledger.json")
    agents = []
    for path, task in tasks:
        sampler = samplers(path, task) if samplers else default_sampler(path)
        agents.append(TaskAgent(task, sampler, store, ledger, clock, config, sandbox, on_event, remote))
    emit = on_standing or (lambda standing: None)
    standing = lambda final=False: Standing(spec.name, clock.now, clock.duration_s, tuple(a.row() for a in agents), final)
    try:
        emit(standing())
        while not clock.expired and not all(a.done for a in agents):
            for a in agents:
                if not a.done and not clock.expired:
                    a.step()
                    emit(standing())
        emit(standing(final=True))
        res = results(spec, config, clock, agents, wall_s=time.perf_counter() - started)  # reads the store
    finally:
        store.close()
    res["backend"] = "ray" if remote is not None else sandbox.name  # where the programs ran
    return res
