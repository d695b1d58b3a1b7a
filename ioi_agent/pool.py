"""Candidate pools: a task package plus a folder of candidate programs, judged once into the run store.

A pool is a directory holding a task package (the directory itself, with `problem.json` or another
package marker at its root, or a `task.zip` / `task.tar.xz` inside) and a `candidates/` folder of C++
sources. It may also carry `generated/`: input files standing in for model-generated tests, either
directly (constraints unknown) or in `generated/<subtask>/`, the subtask named by its 0-based index
in the task or its name (the inputs meet its constraints; `generated/1,3/` for several). Generated
tests recorded in the store for the task are used as well.

`judge_pool` runs every distinct candidate on every official test (what the hidden scores are made
of) and on every generated input (what a contestant can observe) through the candidate runner
(`ioi_agent.runner`), which records each result as it comes, so a killed run resumes where it
stopped. Where the contestant holds every input (OutputOnly), a candidate is a program that prints
an output for the input on its stdin: the runner runs it on each input and judges what it printed.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ioi_agent.runner import (  # noqa: F401 (GENERATED_PREFIX, RUN_PREFIX, output_hash: the store's names, re-exported)
    GENERATED_PREFIX,
    RUN_PREFIX,
    CandidateRunner,
    Progress,
    ProgressCallback,
    output_hash,
    task_key,
)
from ioi_agent.store import GeneratedTest, RunStore, StoredTest, TestKind
from ioi_agent.testgen import import_pool_generators
from judge.errors import JudgeError
from judge.loaders import load_task
from judge.model import Task
from judge.sandbox import Sandbox
from judge.scoring import subtask_score

SOURCE_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++")
TASK_MARKERS = ("problem.json", "problem.xml", "problem.toml", "problem.yaml", "problem.yml", "task.yaml")
TASK_ARCHIVES = ("task.zip", "task.tar.xz", "task.tar.gz", "task.tgz", "task.txz")


@dataclass(frozen=True)
class Pool:
    root: Path
    package: Path  # what load_task reads: the root itself or the archive inside it
    sources: tuple[Path, ...]
    folder: str = "candidates"  # where the sources live: candidates/, or a Kattis package's submissions/

    @property
    def name(self) -> str:
        return self.root.name


def _package_of(directory: Path) -> Path | None:
    for name in TASK_ARCHIVES:
        if (directory / name).is_file():
            return directory / name
    if any((directory / m).is_file() for m in TASK_MARKERS):
        return directory
    return None


def _sources(folder: Path) -> tuple[Path, ...]:
    return tuple(sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES))


def find_pools(paths: Iterable[Path | str]) -> tuple[list[Pool], list[str]]:
    """Pools under `paths` (each a pool or a directory searched recursively), in path order, and one
    note per task directory skipped because it has no candidates."""
    pools: list[Pool] = []
    notes: list[str] = []
    seen: set[Path] = set()

    def visit(d: Path) -> None:
        if d.resolve() in seen:
            return
        seen.add(d.resolve())
        if (d / "contest.toml").exists():
            notes.append(f"{d}: a Codeforces practice contest (see 'ioi-agent codeforces practice'), skipped")
            return
        package = _package_of(d)
        if package is not None:
            sources = _sources(d / "candidates") if (d / "candidates").is_dir() else ()
            if sources:
                pools.append(Pool(root=d, package=package, sources=sources))
            elif (d / "submissions").is_dir() and (d / "problem.yaml").is_file() and _sources(d / "submissions"):
                # a Kattis package: its labelled submissions (all C++ here) are the pool
                pools.append(Pool(root=d, package=package, sources=_sources(d / "submissions"), folder="submissions"))
            else:
                notes.append(f"{d}: task without candidates/ sources, skipped")
            return
        for child in sorted(p for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")):
            visit(child)

    for p in map(Path, paths):
        if not p.is_dir():
            notes.append(f"{p}: not a directory, skipped")
            continue
        visit(p)
    return pools, notes


def import_generated(pool: Pool, task: Task, store: RunStore, key: str) -> None:
    """Record the pool's `generated/` inputs as generated tests of the task."""
    folder = pool.root / "generated"
    if not folder.is_dir():
        return
    by_name = {st.name: st.index for st in task.subtasks} | {str(st.index): st.index for st in task.subtasks}
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = f.relative_to(folder)
        tags = rel.parts[0].split(",") if len(rel.parts) > 1 else []
        subtasks = tuple(by_name[t] for t in tags if t in by_name)
        store.add_generated_test(key, f.read_bytes(), subtasks, origin=f"{pool.name}/generated/{rel}")


# -- judging ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRun:
    """Everything known about one distinct candidate of a pool after judging."""

    id: str
    origins: tuple[str, ...]  # files of the pool with this exact source
    compiled: bool
    warnings: int
    code_size: int  # non-blank characters
    tests: dict[str, StoredTest]  # official tests by name
    generated: dict[str, StoredTest]  # generated inputs by id
    runs: dict[str, StoredTest]  # OutputOnly: the program's own run on each test input, by test name
    subtask_scores: tuple[float, ...]  # the feedback a submission of it earns

    def results(self, names: Iterable[str]) -> dict[str, tuple[str, float]]:
        return {n: (self.tests[n].verdict, self.tests[n].score) for n in names}


@dataclass(frozen=True)
class PoolResult:
    pool: Pool
    task: Task
    key: str
    generated: tuple[GeneratedTest, ...]
    candidates: tuple[CandidateRun, ...]

    @property
    def hidden_tests(self) -> tuple[str, ...]:
        public = set(self.task.public_tests)
        return tuple(n for n in self.task.test_names if n not in public)

    def public_results(self, cid: str) -> dict[str, tuple[str, float]]:
        return self.by_id(cid).results(self.task.public_tests)

    def hidden_results(self, cid: str) -> dict[str, tuple[str, float]]:
        return self.by_id(cid).results(self.hidden_tests)

    def by_id(self, cid: str) -> CandidateRun:
        return next(c for c in self.candidates if c.id == cid)


def judge_steps(pool: Pool, store: RunStore, sandbox: Sandbox | None = None, workers: int | None = None,
                on_progress: ProgressCallback | None = None, remote=None) -> Iterator[Progress]:
    """Judge a pool result by result (see `judge_pool`), yielding a Progress event as each one is
    recorded; the first event (done 0) gives the total still to record. Stopping anywhere loses at
    most the runs in progress."""
    task = pool_task(pool, sandbox)
    key = task_key(task)
    import_generated(pool, task, store, key)
    import_pool_generators(pool.root, pool.name, task, store, key, sandbox)
    cids = []
    for f in pool.sources:
        text = f.read_text(encoding="utf-8", errors="replace")
        cids.append(store.add_candidate(key, text, origin=f"{pool.name}/{f.relative_to(pool.root / pool.folder)}"))
    runner = CandidateRunner(task, store, key, sandbox, workers, remote=remote)
    events: list[Progress] = []
    results = runner.run(sorted(set(cids)), on_progress=events.append)
    for _ in results:
        while events:
            event = events.pop(0)
            if on_progress:
                on_progress(event)
            yield event
    for event in events:  # nothing was missing: the opening event only
        if on_progress:
            on_progress(event)
        yield event


def subtask_feedback(task: Task, test_scores: Mapping[str, float]) -> list[float]:
    """A submission's per-subtask scores, unrounded: task and contest totals sum these and round
    once (as CMS does); summing the rounded ones can miss by a hundredth (96.65 for 96.64)."""
    return [subtask_score(st.points, (test_scores[t] for t in st.tests)) for st in task.subtasks]


def pool_task(pool: Pool, sandbox: Sandbox | None = None) -> Task:
    """The pool's task; a Kattis package's time limit is fixed first (measured once, then cached)."""
    task = load_task(pool.package)
    if task.task_type_params.get("time_limit_source") == "provisional":
        from judge.kattis.verify import with_time_limit
        from judge.sandbox import make_sandbox

        task = with_time_limit(task, sandbox or make_sandbox("local"))
    return task


def collect(pool: Pool, store: RunStore) -> PoolResult:
    """Read a judged pool back from the store."""
    task = pool_task(pool)
    key = task_key(task)
    origins = store.origins(key)
    sources = store.candidates(key)
    prefix = f"{pool.name}/"
    names = set(task.test_names)
    candidates = []
    for cid in sorted(sources):
        mine = tuple(o for o in origins.get(cid, []) if o.startswith(prefix))
        if not mine:
            continue  # recorded by another pool of the same task, or by a sampler
        comp = store.compile_result(key, cid)
        results = store.test_results(key, cid)
        tests = {r.test: r for r in results if r.judged and r.test in names}
        gens = {r.test: r for r in results if r.kind is TestKind.GENERATED}
        runs = {r.test: r for r in results if r.kind is TestKind.RUN}
        missing = [n for n in task.test_names if n not in tests]
        if comp is None or missing:
            raise JudgeError(f"{pool.root}: candidate {cid} is not fully judged ({len(missing)} tests missing)")
        per_subtask = subtask_feedback(task, {n: r.score for n, r in tests.items()})
        candidates.append(CandidateRun(
            id=cid, origins=mine, compiled=comp.ok, warnings=comp.message.count("warning:"),
            code_size=sum(not ch.isspace() for ch in sources[cid]), tests=tests, generated=gens, runs=runs,
            subtask_scores=tuple(per_subtask),
        ))  # fmt: skip
    return PoolResult(pool=pool, task=task, key=key, generated=tuple(store.generated_tests(key)),
                      candidates=tuple(candidates))


def judge_pool(pool: Pool, store: RunStore, workers: int | None = None, sandbox: Sandbox | None = None,
               on_progress: ProgressCallback | None = None, remote=None) -> PoolResult:
    """Judge every candidate of `pool` on every test and generated input (resuming from the store)
    on `sandbox` (default: local) with `workers` jobs at once, reporting each recorded result to
    `on_progress`, and return the results."""
    for _ in judge_steps(pool, store, sandbox, workers, on_progress, remote):
        pass
    return collect(pool, store)
