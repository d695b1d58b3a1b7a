"""Screening plans: which run of one program comes next, so a wrong program costs few runs.

A program's runs are `Item`s named as the store names them (`runner.store_name`). An item belongs
to screening groups (a subtask of the official tests, or a subtask's generated inputs); a group dies
at its first failure, and an item every group of which is dead is moot: recorded as Skipped, never
run. Examples are forced: they always run (a contestant sees them all). `CandidateRunner.screen`
drives a `Plan` per program through the runner's one pool of jobs, resuming from the store.

Official screening stops a subtask at its first zero: its score (points × the minimum of its tests'
scores, CMS GroupMin) is then 0 whatever the rest give, so screened official scores are exact.
Within a subtask the test order may follow any ranking (`official_items(order=...)`), e.g. the
tests that failed most programs so far first: a wrong program then dies after fewer runs, and the
score is the same.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ioi_agent.clustering import FAILURES, outcome
from ioi_agent.runner import RunResult, TestKind, store_name
from ioi_agent.store import GeneratedTest
from judge.model import Task
from judge.verdict import Verdict

SKIPPED = Verdict.SKIPPED.value


@dataclass(frozen=True)
class Item:
    name: str  # the store's test name: an official test, or a generated input's
    groups: tuple[str, ...]  # screening groups; a group dies at its first failure; () = always run
    forced: bool = False  # run even when its groups are dead (public examples)


class Plan:
    """The runs of one program, examples first: an item starts when it is forced, has no group, or is
    the first unsettled item of a live group of its own; it is moot once every group of it is dead."""

    def __init__(self, items: Sequence[Item]):
        self.items = list(items)
        self.by_name = {it.name: it for it in self.items}
        self.members: dict[str, list[str]] = {}
        for it in self.items:
            for g in it.groups:
                self.members.setdefault(g, []).append(it.name)
        self.dead: set[str] = set()
        self.started: set[str] = set()
        self.settled: set[str] = set()

    def start(self) -> list[str]:
        todo = []
        for it in self.items:
            if it.name in self.started:
                continue
            if it.forced or not it.groups or any(
                g not in self.dead and next(n for n in self.members[g] if n not in self.settled) == it.name
                for g in it.groups
            ):
                todo.append(it.name)
        self.started.update(todo)
        return todo

    def finish(self, name: str, failed: bool) -> list[str]:
        """Settle one result; return the items it made moot (to be recorded as Skipped)."""
        self.started.add(name)
        self.settled.add(name)
        if not failed:
            return []
        self.dead.update(self.by_name[name].groups)
        moot = [it.name for it in self.items if it.name not in self.started and not it.forced
                and it.groups and all(g in self.dead for g in it.groups)]  # fmt: skip
        self.started.update(moot)
        self.settled.update(moot)
        return moot

    def replay(self, recorded: Mapping[str, tuple[bool, bool]]) -> list[str]:
        """Settle results recorded earlier (name -> (skipped, failed)), in plan order; return the
        items they make moot that were not recorded yet (a run killed between the two writes)."""
        moot: list[str] = []
        for it in self.items:
            if it.name in recorded and not recorded[it.name][0]:
                moot += self.finish(it.name, recorded[it.name][1])
        for it in self.items:
            if it.name in recorded and recorded[it.name][0]:
                self.finish(it.name, False)
        return [n for n in moot if n not in recorded]

    @property
    def complete(self) -> bool:
        return len(self.settled) == len(self.items)


# -- plans of the scale pipeline ------------------------------------------------------------------


def gen_name(test: GeneratedTest) -> str:
    return store_name(TestKind.GENERATED, test.id)


def gen_positions(generated: Sequence[GeneratedTest]) -> dict[str, int]:
    """Each generated input's round: its smallest index among the inputs of one of its subtasks."""
    seen: dict[int, int] = {}
    pos = {}
    for g in generated:
        idx = [seen.get(s, 0) for s in g.subtasks]
        pos[gen_name(g)] = min(idx, default=0)
        for s in g.subtasks:
            seen[s] = seen.get(s, 0) + 1
    return pos


def observe_items(task: Task, generated: Sequence[GeneratedTest], rounds: int | None = None) -> list[Item]:
    """Examples first, then generated inputs of rounds < `rounds` (all: None). Every generated input
    waits for the examples, and a failed example stops them all: a program that fails an example
    is not worth observing further. Each subtask's generated inputs stop at the first failure."""
    pos = gen_positions(generated)
    gen_groups = tuple(sorted({f"gen{s}" for g in generated for s in g.subtasks}))
    items = [Item(n, gen_groups, forced=True) for n in task.public_tests]
    items += [Item(gen_name(g), tuple(f"gen{s}" for s in g.subtasks)) for g in generated
              if rounds is None or pos[gen_name(g)] < rounds]
    return items


def official_items(task: Task, order: Callable[[str], float] | None = None) -> list[Item]:
    """Examples, then every other official test, each subtask stopping at its first zero (its score
    is then 0 whatever the rest give, so screened scores are exact). `order` ranks the hidden tests
    (smaller first; ties keep the package's order): e.g. minus how many programs a test failed."""
    public = set(task.public_tests)
    owners = {t.name: tuple(f"st{st.index}" for st in task.subtasks if t.name in st.tests) for t in task.tests}
    hidden = [n for n in task.test_names if n not in public]
    if order is not None:
        hidden = sorted(hidden, key=order)  # stable
    return [Item(n, owners[n], forced=True) for n in task.test_names if n in public] + [
        Item(n, owners[n]) for n in hidden]


def plan_items(task: Task, generated: Sequence[GeneratedTest], official: bool = True) -> list[Item]:
    """Every input a program meets: examples, generated inputs, the other official tests."""
    return observe_items(task, generated) + (official_items(task)[len(task.public_tests):] if official else [])


Failed = Callable[[RunResult], bool]


def official_failed(result: RunResult) -> bool:
    """An official test fails on a zero score."""
    return result.score <= 0


def observe_failed(consensus: Mapping[str, str]) -> Failed:
    """An example fails below full score; a generated input on a crash or a limit, or on an answer
    other than the consensus, where one is known (`consensus`: store name -> outcome)."""
    def failed(r: RunResult) -> bool:
        if r.kind is not TestKind.GENERATED:
            return r.score < 1 - 1e-9
        if r.verdict in FAILURES:
            return True
        agreed = consensus.get(r.store_name)
        return agreed is not None and outcome(r.verdict, r.score, r.output_hash) != agreed
    return failed


@dataclass(frozen=True)
class ScreenStats:
    """What one screening pass did."""

    programs: int
    compiled_now: int  # compiles run now (cache hits are compiles done before)
    runs_now: int
    skipped_now: int
    restored: int  # results found in the store instead of judged
    compile_s: float = 0.0  # summed wall time of the compiles (over the workers)
    run_s: float = 0.0  # summed wall time of the runs (over the workers)
    shared_now: int = 0  # results copied from a candidate with the same executable instead of run

    @classmethod
    def total(cls, parts: Iterable[ScreenStats], programs: int) -> ScreenStats:
        parts = list(parts)
        return cls(programs, *(sum(getattr(p, f) for p in parts)
                               for f in ("compiled_now", "runs_now", "skipped_now", "restored", "compile_s", "run_s",
                                         "shared_now")))
