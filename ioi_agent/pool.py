"""Candidate pools: a task package plus a folder of candidate programs, judged once into the run store.

A pool is a directory holding a task package (the directory itself, with `problem.json` or another
package marker at its root, or a `task.zip` / `task.tar.xz` inside) and a `candidates/` folder of C++
sources. It may also carry `generated/`: input files standing in for model-generated tests, either
directly (constraints unknown) or in `generated/<subtask>/`, the subtask named by its 0-based index
in the task or its name (the inputs meet its constraints; `generated/1,3/` for several). Generated
tests recorded in the store for the task are used as well.

`judge_pool` runs every distinct candidate on every official test (what the hidden scores are made
of) and on every generated input (what a contestant can observe), recording each result as it comes,
so a killed run resumes where it stopped. For an OutputOnly task a candidate is a program that
prints an output for the input on its stdin: it runs on each test input under the task's limits as
a Batch program would (the contestant has every input and sees what the program printed; a failed
run leaves no output) and the outputs are judged.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from ioi_agent.store import GeneratedTest, RunStore, StoredTest, content_id
from ioi_agent.testgen import import_pool_generators
from judge.compile import Compiled, compile_cpp
from judge.errors import JudgeError
from judge.judging import Judge
from judge.loaders import load_task
from judge.model import Task, TestCase
from judge.sandbox import Sandbox, make_sandbox
from judge.scoring import subtask_score
from judge.tasktypes import Submission
from judge.verdict import TestResult, Verdict

SOURCE_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++")
TASK_MARKERS = ("problem.json", "problem.xml", "problem.toml", "problem.yaml", "problem.yml", "task.yaml")
TASK_ARCHIVES = ("task.zip", "task.tar.xz", "task.tar.gz", "task.tgz", "task.txz")
GENERATED_PREFIX = "gen:"  # a candidate's run on a generated input, by the input's id
RUN_PREFIX = "run:"  # an OutputOnly program's run on a test input, by test name


@dataclass(frozen=True)
class Pool:
    root: Path
    package: Path  # what load_task reads: the root itself or the archive inside it
    sources: tuple[Path, ...]

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


def task_key(task: Task) -> str:
    """The task's name in the store: its code and a digest of everything that decides a verdict,
    so results of an edited task are never mixed with the old ones."""
    h = hashlib.sha256()
    meta = task.model_dump(mode="json", include={"code", "task_type", "task_type_params", "limits", "subtasks",
                                                  "public_tests", "score_precision"})
    h.update(json.dumps(meta, sort_keys=True).encode())
    files = [t.input for t in task.tests] + [t.output for t in task.tests if t.output] + list(task.graders.values())
    files += [task.checker] if task.checker else []
    for f in files:
        h.update(f.name.encode() + b"\0" + (f.read_bytes() if f.exists() else b""))
    return f"{task.code}-{h.hexdigest()[:8]}"


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


def subtask_feedback(task: Task, test_scores: Mapping[str, float]) -> list[float]:
    """A submission's per-subtask scores, unrounded: task and contest totals sum these and round
    once (as CMS does); summing the rounded ones can miss by a hundredth (96.65 for 96.64)."""
    return [subtask_score(st.points, (test_scores[t] for t in st.tests)) for st in task.subtasks]


def output_hash(output: bytes) -> str:
    """Digest of an output up to whitespace, the way token checkers compare."""
    return content_id(b" ".join(output.split()))


@dataclass(frozen=True)
class _Run:
    failure: tuple[Verdict, str] | None
    output: bytes
    cpu_s: float
    memory_mib: float

    def observed(self, key: str) -> StoredTest:
        """What a contestant sees of this run: how it failed, or the hash of what it printed."""
        if self.failure:
            return StoredTest("", key, self.failure[0].value, 0.0, None, self.cpu_s, self.memory_mib)
        return StoredTest("", key, "Ran", 0.0, output_hash(self.output), self.cpu_s, self.memory_mib)


class _Runner:
    """Judges one task's candidates: official tests through `Judge`, generated inputs directly."""

    def __init__(self, task: Task, sandbox: Sandbox, scratch: Path):
        self.task = task
        self.sandbox = sandbox
        self.judge = Judge(task, sandbox, workers=1)
        self.task_type = self.judge.task_type
        self.scratch = scratch
        # Compile the task's own programs now, before threads start: two first compilations of one
        # program at once race on the compile cache's temporary file.
        trusted = [task.checker] if task.checker else []
        trusted += [task.graders["manager.cpp"]] if "manager.cpp" in task.graders else []
        for program in trusted:
            self.task_type.trusted_program(sandbox, program)

    @functools.lru_cache(maxsize=16)  # noqa: B019 (one runner per task; keeps hot executables in memory)
    def _compile(self, source: str) -> Compiled:
        if self.task.task_type == "OutputOnly":  # a program that writes the outputs: stdin to stdout
            return compile_cpp(self.sandbox, {"prog.cpp": source.encode()}, ["prog.cpp"])
        return self.task_type.compile(self.sandbox, Submission(source=source))

    def _execute(self, executable: bytes, data: bytes) -> _Run:
        run = self.task_type.run_program(self.sandbox, executable, data)
        return _Run(run.failure, run.output, round(run.stats.cpu_s, 3), round(run.stats.memory_bytes / 2**20, 2))

    def official(self, source: str, tests: list[str], on_result: Callable[[TestResult], None],
                 on_observed: Callable[[StoredTest], None]):
        """Judge `source` on `tests`. For OutputOnly the source is run on each input first (a
        contestant sees that run: `run:<test>`), then its output is judged."""
        if self.task.task_type != "OutputOnly":
            return self.judge.judge(Submission(source=source), tests=tests, on_result=on_result)
        compiled = self._compile(source)
        results = []
        for name in tests:
            if not compiled.result.ok:
                results.append(TestResult(name=name, verdict=Verdict.CE, score=0.0, message="compilation failed"))
                continue
            run = self._execute(compiled.executable or b"", self.task.test(name).input.read_bytes())
            on_observed(run.observed(RUN_PREFIX + name))
            if run.failure:
                r = TestResult(name=name, verdict=run.failure[0], score=0.0, cpu_s=run.cpu_s,
                               memory_mib=run.memory_mib, message=run.failure[1])
            else:
                r = self.judge.judge(Submission(outputs={name: run.output}), tests=[name]).tests[0]
            on_result(r)
            results.append(r)
        return SimpleNamespace(compile=compiled.result, tests=results)

    def generated(self, source: str, test: GeneratedTest) -> StoredTest:
        """Run on a generated input. Batch: the output's hash is the behaviour. Communication: the
        manager's score is. A failure to run is the behaviour whatever the task type."""
        compiled = self._compile(source)
        key = GENERATED_PREFIX + test.id
        if not compiled.result.ok:
            return StoredTest("", key, "CE", 0.0, None, 0.0, 0.0)
        path = self.scratch / f"{test.id}.in"
        if not path.exists():
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{id(self)}.tmp")
            tmp.write_bytes(test.input)
            os.replace(tmp, path)
        case = TestCase(name=key, input=path)
        if self.task.task_type != "Batch":
            try:
                r = self.task_type.evaluate(self.sandbox, compiled, Submission(source=source), case)
            except JudgeError:
                return StoredTest("", key, "JE", 0.0, None, 0.0, 0.0)
            return StoredTest("", key, r.verdict.value, r.score, None, r.cpu_s, r.memory_mib)
        if (mle := self.task_type.check_static_memory(compiled, case)) is not None:
            return StoredTest("", key, mle.verdict.value, 0.0, None, 0.0, 0.0)
        return self._execute(compiled.executable or b"", test.input).observed(key)


def _stored(cid: str, r: TestResult) -> StoredTest:
    return StoredTest(cid, r.name, r.verdict.value, r.score, None, r.cpu_s, r.memory_mib)


def _with_candidate(r: StoredTest, cid: str) -> StoredTest:
    return StoredTest(cid, r.test, r.verdict, r.score, r.output_hash, r.cpu_s, r.memory_mib)


def judge_steps(pool: Pool, store: RunStore, runner_factory: Callable[[Task, Path], _Runner] | None = None,
                workers: int = 1) -> Iterator[tuple[str, int]]:
    """Judge a pool step by step, yielding (candidate id, results recorded): with one worker after a
    candidate's official tests and after each generated input, with several after each candidate.
    Every result is stored as soon as it exists, so stopping anywhere loses at most the runs in
    progress. The first item is ("", total results still to record)."""
    task = load_task(pool.package)
    key = task_key(task)
    import_generated(pool, task, store, key)
    import_pool_generators(pool.root, pool.name, task, store, key)
    sources: dict[str, str] = {}
    for f in pool.sources:
        text = f.read_text(encoding="utf-8", errors="replace")
        sources[store.add_candidate(key, text, origin=f"{pool.name}/{f.relative_to(pool.root / 'candidates')}")] = text
    generated = [] if task.task_type == "OutputOnly" else store.generated_tests(key)
    scratch = store.path.parent / "inputs" / key
    scratch.mkdir(parents=True, exist_ok=True)
    runner = (runner_factory or (lambda t, s: _Runner(t, make_sandbox("local"), s)))(task, scratch)

    def todo(cid: str) -> tuple[list[str], list[GeneratedTest]]:
        if store.is_done("judged", f"{key}/{cid}"):
            tests: list[str] = []
        else:
            have = store.judged_tests(key, cid)
            tests = [n for n in task.test_names if n not in have]
        have = store.judged_tests(key, cid)
        return tests, [g for g in generated if GENERATED_PREFIX + g.id not in have]

    plan = {cid: todo(cid) for cid in sorted(sources)}
    yield "", sum(len(t) + len(g) for t, g in plan.values())

    def official(cid: str) -> int:
        tests, _ = plan[cid]
        if not tests and store.compile_result(key, cid) is not None:
            store.mark_done("judged", f"{key}/{cid}")
            return 0
        result = runner.official(sources[cid], tests, lambda r: store.add_test_results(key, [_stored(cid, r)]),
                                 lambda r: store.add_test_results(key, [_with_candidate(r, cid)]))
        store.add_test_results(key, [_stored(cid, r) for r in result.tests])
        store.add_compile(key, cid, result.compile.ok, result.compile.message, result.compile.cpu_s)
        store.mark_done("judged", f"{key}/{cid}")
        return len(tests)

    def candidate(cid: str) -> Iterator[int]:
        """One candidate's work, in order: the same program is never compiled by two threads."""
        yield official(cid)
        for g in plan[cid][1]:
            store.add_test_results(key, [_with_candidate(runner.generated(sources[cid], g), cid)])
            yield 1

    if workers <= 1:
        for cid in plan:
            for done in candidate(cid):
                yield cid, done
        return
    with ThreadPoolExecutor(max_workers=workers) as ex:
        futures = [(cid, ex.submit(lambda cid=cid: sum(candidate(cid)))) for cid in plan]
        try:
            for cid, fut in futures:
                yield cid, fut.result()
        finally:
            for _, fut in futures:
                fut.cancel()


def collect(pool: Pool, store: RunStore) -> PoolResult:
    """Read a judged pool back from the store."""
    task = load_task(pool.package)
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
        tests = {r.test: r for r in results if r.test in names}
        gens = {r.test.removeprefix(GENERATED_PREFIX): r for r in results if r.test.startswith(GENERATED_PREFIX)}
        runs = {r.test.removeprefix(RUN_PREFIX): r for r in results if r.test.startswith(RUN_PREFIX)}
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


def judge_pool(pool: Pool, store: RunStore, workers: int | None = None, console: Console | None = None,
               runner_factory: Callable[[Task, Path], _Runner] | None = None) -> PoolResult:
    """Judge every candidate of `pool` on every test and generated input (resuming from the store),
    showing progress on `console` (stderr by default), and return the results."""
    workers = workers or os.cpu_count() or 1
    steps = judge_steps(pool, store, runner_factory, workers)
    _, total = next(steps)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console or Console(stderr=True), transient=False) as progress:
        bar = progress.add_task(f"judging {pool.name}", total=total or 1)
        for _, done in steps:
            progress.advance(bar, done)
        progress.update(bar, completed=total or 1)
    return collect(pool, store)
