"""Codeforces-rated practice: the agent takes part in one of our practice contests on a simulated clock.

A practice contest is a directory with `contest.toml` and one task package per problem (Polygon or
plain form, see `judge.loaders`):

    name = "Practice Round 1"
    duration = 120                 # minutes
    scoring = "codeforces"         # or "icpc"
    standings = "standings.json"   # optional: a field to be rated against (standings.load formats)
    round = 1305                   # optional: the Codeforces round these problems are from
    [[problems]]                   # in contest order: A, B, C, ...
    dir = "rangesum"
    points = 500                   # required for codeforces scoring, ignored for icpc
    codeforces = "1305A"           # with `round`: the problem's id in that round (required then)

`round` and `codeforces` decide whether placing the result in a real round's standings is a rating
or only an illustration (see `placement.py`).

The agent works through the problems in order, as one contestant would. For each it draws candidates
from a sampler, runs every distinct one (through the candidate runner, `ioi_agent.runner`, recording
into a run store) on the problem's public examples and on its generated tests (the package's
`generators/`, and with a model sampler the model's generators kept by validator majority), then lets
`selection.codeforces_policy` pick submissions (penalty-aware, at most 10, stopping at the first
accept). A submission is judged on every test and is accepted iff it passes all of them; the policy
sees only accepted/rejected, as on Codeforces. Every step is charged to the clock (`TimeCosts`), no
submission is made after the end, and the history is scored with `rules.score_problem`, so the
result is exactly what the round's rules give for those submission times.
"""
from __future__ import annotations

import contextlib
import math
import re
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ioi_agent.clustering import outcome
from ioi_agent.extract import extract_cpp
from ioi_agent.params import SamplingParams
from ioi_agent.prompts import task_prompt
from ioi_agent.runner import CandidateRunner, RunResult, TestKind
from ioi_agent.samplers import Sampler, statement_warning
from ioi_agent.samplers.replay import ReplaySampler
from ioi_agent.selection import (
    CODEFORCES_LIMIT,
    CandidateView,
    Input,
    Observation,
    codeforces_policy,
)
from ioi_agent.store import RunStore, store_name
from ioi_agent.testgen import import_pool_generators, model_tests
from judge.errors import PackageError
from judge.judging import assemble_result
from judge.loaders import load_task
from judge.model import Task
from judge.sandbox import Sandbox
from judge.verdict import CompileResult, SubmissionResult, TestResult, Verdict

from . import rules

CONTEST_FILE = "contest.toml"
_CONTEST_KEYS = frozenset({"name", "duration", "scoring", "standings", "problems", "round"})
_PROBLEM_KEYS = frozenset({"dir", "points", "codeforces"})
_PROBLEM_ID = re.compile(r"^(\d+)([A-Z][0-9]?)$")


@dataclass(frozen=True)
class ContestProblem:
    label: str  # "A", "B", ...
    path: Path
    points: float | None  # Codeforces: the problem's initial value
    codeforces: str | None = None  # the problem's id in a Codeforces round, e.g. "1305A"


@dataclass(frozen=True)
class Contest:
    name: str
    root: Path
    rules: rules.Rules
    problems: tuple[ContestProblem, ...]
    standings: Path | None = None
    round: int | None = None  # the Codeforces round the problems are from, when the file says so


def _label(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"P{i + 1}"


def is_contest(path: Path | str) -> bool:
    return (Path(path) / CONTEST_FILE).is_file()


def load_contest(path: Path | str) -> Contest:
    """Read `contest.toml`; every problem of a bad file is reported as a `PackageError`, never guessed."""
    root = Path(path)
    file = root / CONTEST_FILE
    if not file.is_file():
        raise PackageError(root, f"no {CONTEST_FILE}: not a practice contest directory")
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackageError(file, f"invalid TOML: {exc}") from None
    unknown = sorted(set(data) - _CONTEST_KEYS)
    if unknown:
        raise PackageError(file, f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(_CONTEST_KEYS))})")
    style = data.get("scoring", "codeforces")
    if style not in ("codeforces", "icpc"):
        raise PackageError(file, f"scoring must be \"codeforces\" or \"icpc\", got {style!r}")
    duration = data.get("duration", rules.STANDARD_ROUND_MINUTES)
    if not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0:
        raise PackageError(file, f"duration must be a positive whole number of minutes, got {duration!r}")
    entries = data.get("problems")
    if not isinstance(entries, list) or not entries:
        raise PackageError(file, "needs at least one [[problems]] entry")
    round_id = data.get("round")
    if round_id is not None and (not isinstance(round_id, int) or isinstance(round_id, bool) or round_id < 1):
        raise PackageError(file, f"round must be a Codeforces contest id (a positive integer), got {round_id!r}")
    problems = []
    for i, entry in enumerate(entries):
        where = f"problem {i + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("dir"), str):
            raise PackageError(file, f"{where}: needs dir = \"<task directory>\"")
        extra = sorted(set(entry) - _PROBLEM_KEYS)
        if extra:
            raise PackageError(file, f"{where}: unknown setting {extra[0]!r}")
        points = entry.get("points")
        if style == "codeforces":
            if not isinstance(points, (int, float)) or isinstance(points, bool) or not 0 < points < math.inf:
                raise PackageError(file, f"{where}: codeforces scoring needs positive points, got {points!r}")
            points = float(points)
        if not (root / entry["dir"]).is_dir():
            raise PackageError(file, f"{where}: {entry['dir']} is not a directory")
        problem_id = entry.get("codeforces")
        match = _PROBLEM_ID.match(problem_id) if isinstance(problem_id, str) else None
        if problem_id is not None and match is None:
            raise PackageError(file, f"{where}: codeforces must be a problem id like \"1305A\", got {problem_id!r}")
        if round_id is not None and (match is None or int(match.group(1)) != round_id):
            raise PackageError(file, f"{where}: round = {round_id} needs codeforces = \"{round_id}<index>\" "
                                     f"on every problem, got {problem_id!r}")
        problems.append(ContestProblem(_label(i), root / entry["dir"], points, problem_id))
    standings = data.get("standings")
    if standings is not None and not (root / str(standings)).is_file():
        raise PackageError(file, f"standings file {standings!r} does not exist")
    return Contest(
        name=str(data.get("name") or root.name),
        root=root,
        rules=rules.Rules(style=style, duration_minutes=duration),
        problems=tuple(problems),
        standings=root / str(standings) if standings is not None else None,
        round=round_id,
    )


@dataclass(frozen=True)
class TimeCosts:
    """Simulated minutes each step costs the agent (the clock never waits on the real machine)."""

    sampling: float = 5.0  # drawing a problem's candidates
    example_run: float = 0.5  # running one distinct candidate on the public examples
    submission: float = 2.0  # from submitting to the verdict

    def __post_init__(self) -> None:
        if min(self.sampling, self.example_run, self.submission) < 0 or self.submission == 0:
            raise ValueError("time costs must be non-negative and a submission must take some time")


@dataclass(frozen=True)
class Attempt:
    minute: float
    candidate: str  # where the source came from (file or sampler index)
    verdict: str  # verdict of the first failing test (in test order), or "OK"
    test: str | None  # that test's name; None when accepted
    accepted: bool

    def __str__(self) -> str:
        return f"{self.minute:g}' {self.verdict}" + (f" #{self.test}" if self.test else "")


@dataclass(frozen=True)
class ProblemOutcome:
    label: str
    code: str
    name: str
    max_points: float | None
    candidates: int  # distinct programs extracted from the samples
    pass_examples: int  # of those, how many pass every public example
    attempts: tuple[Attempt, ...]
    score: rules.ProblemScore

    @property
    def accepted_minute(self) -> float | None:
        return next((a.minute for a in self.attempts if a.accepted), None)


@dataclass(frozen=True)
class PracticeResult:
    contest: str
    scoring: str
    duration: int
    problems: tuple[ProblemOutcome, ...]
    points: float  # Codeforces: points; ICPC: solved count
    penalty: int
    finished_minute: float  # the simulated clock when the agent stopped working
    warnings: tuple[str, ...] = ()  # e.g. a model asked to solve a problem whose statement it cannot read

    def to_json(self) -> dict:
        data = asdict(self)
        for p, outcome_ in zip(data["problems"], self.problems):
            p["accepted_minute"] = outcome_.accepted_minute
        return data


def first_failure(result: SubmissionResult) -> tuple[str, str | None]:
    """What Codeforces would show: the verdict and name of the first test (in order) that does not
    pass, or ("OK", None)."""
    for t in result.tests:
        if t.verdict != Verdict.OK or t.score < 1:
            return (t.verdict.value if t.verdict != Verdict.OK else Verdict.WA.value), t.name
    return "OK", None


def accepted(result: SubmissionResult) -> bool:
    return result.compile.ok and bool(result.tests) and all(t.verdict == Verdict.OK and t.score >= 1 for t in result.tests)


@dataclass
class _Candidate:
    source: str
    origin: str
    weight: int = 1
    examples: SubmissionResult | None = None
    id: str = ""  # in the run store
    generated: tuple[RunResult, ...] = ()  # behaviour on the generated tests, in the store's order


def _candidates(task: Task, sampler: Sampler, params: SamplingParams) -> list[_Candidate]:
    """Distinct programs among the sampler's completions for the whole-task prompt, in sample order."""
    completions = sampler.generate([task_prompt(task)], params)[0]
    by_source: dict[str, _Candidate] = {}
    for c in completions:
        source = extract_cpp(c.text)
        if source is None:
            continue
        if source in by_source:
            by_source[source].weight += 1
        else:
            by_source[source] = _Candidate(source, Path(c.origin).name if c.origin else f"sample {c.index}")
    return list(by_source.values())


def _observation(task: Task, cands: list[_Candidate]) -> Observation:
    """What a contestant knows before submitting: compile status and results on the public examples.
    Codeforces verdicts are all-or-nothing, so the whole problem is one target worth 1."""
    public = list(task.public_tests)
    generated = [r.test for r in cands[0].generated] if cands else []
    inputs = [Input(n, public=True) for n in public]
    inputs += [Input(store_name(TestKind.GENERATED, g), public=False) for g in generated]
    views = []
    for i, c in enumerate(cands):
        assert c.examples is not None
        runs = {t.name: t for t in c.examples.tests}
        behaviour = {r.test: r for r in c.generated}
        views.append(CandidateView(
            id=str(i),
            compiled=c.examples.compile.ok,
            outcomes=tuple(outcome(runs[n].verdict.value, runs[n].score) for n in public)
            + tuple(outcome(behaviour[g].verdict, behaviour[g].score, behaviour[g].output_hash) for g in generated),
            public_scores=tuple(runs[n].score for n in public),
            code_size=sum(not ch.isspace() for ch in c.source),
            max_cpu_s=max((runs[n].cpu_s for n in public), default=0.0),
            weight=c.weight,
        ))  # fmt: skip
    return Observation(subtask_points=(1.0,), inputs=tuple(inputs), candidates=tuple(views))


def submissions_left(rules_: rules.Rules, clock: float, cost: float) -> int:
    """Submissions that fit before the end: the k-th (from 0) is made at clock + k·cost."""
    if clock > rules_.duration_minutes:
        return 0
    return min(rules_.max_submissions, CODEFORCES_LIMIT, math.floor((rules_.duration_minutes - clock) / cost) + 1)


Event = Callable[[str], None]


def run_practice(
    contest: Contest,
    sampler: Sampler,
    *,
    samples: int = 20,
    costs: TimeCosts = TimeCosts(),
    sandbox: Sandbox | None = None,
    on_event: Event | None = None,
    params: SamplingParams | None = None,
    store: RunStore | None = None,
    remote=None,
) -> PracticeResult:
    """Take part in `contest`: problems in order, candidates from `sampler` (`samples` per problem,
    drawn with `params`, default temperature 1), the clock from `costs`. Programs run on `sandbox`;
    results go to `store` (default: a temporary one)."""
    say = on_event or (lambda _msg: None)
    params = (params or SamplingParams()).replace(n=samples)
    clock = 0.0
    outcomes, warnings = [], []
    with contextlib.ExitStack() as stack:
        if store is None:
            store = stack.enter_context(RunStore(stack.enter_context(tempfile.TemporaryDirectory())))
        for problem in contest.problems:
            outcome_, clock = _solve(contest.rules, problem, sampler, params, costs, sandbox, clock, say, warnings,
                                     store, remote)
            outcomes.append(outcome_)
    points, penalty = rules.standing([o.score for o in outcomes])
    return PracticeResult(contest=contest.name, scoring=contest.rules.style, duration=contest.rules.duration_minutes,
                          problems=tuple(outcomes), points=points, penalty=penalty, finished_minute=clock,
                          warnings=tuple(warnings))


def _judged(task: Task, runner: CandidateRunner, cid: str, tests: list[str]) -> SubmissionResult:
    """`cid` judged on `tests` (run now where the store lacks them), shaped as `Judge.judge` gives it."""
    runner.judge_all([cid], tests, generated=False)
    comp = runner.store.compile_result(runner.key, cid)
    wanted = set(tests)
    results = {r.test: TestResult(name=r.test, verdict=Verdict(r.verdict), score=r.score, cpu_s=r.cpu_s,
                                  memory_mib=r.memory_mib)
               for r in runner.results(cid) if r.kind in (TestKind.EXAMPLE, TestKind.OFFICIAL) and r.test in wanted}
    return assemble_result(task, CompileResult(ok=comp.ok, message=comp.message, cpu_s=comp.cpu_s),
                           [n for n in task.test_names if n in wanted], results)


def _solve(rules_: rules.Rules, problem: ContestProblem, sampler: Sampler, params: SamplingParams,
           costs: TimeCosts, sandbox: Sandbox | None, clock: float, say: Event,
           warnings: list[str], store: RunStore, remote=None) -> tuple[ProblemOutcome, float]:
    """One problem from the agent's first look at it to its last submission; returns the clock after."""
    task = load_task(problem.path)
    warning = statement_warning(task, sampler)
    if warning:
        warnings.append(warning)
        say(warning)
    runner = CandidateRunner(task, store, sandbox=sandbox, remote=remote)
    cands = _candidates(task, sampler, params)
    clock += costs.sampling
    import_pool_generators(task.root, task.code, task, store, runner.key, runner.sandbox)
    if not isinstance(sampler, ReplaySampler):  # a model writes generators and validators too
        model_tests(task, sampler, store, runner.key, params.replace(n=2), runner.sandbox)
    for c in cands:
        c.id = store.add_candidate(runner.key, c.source, origin=c.origin)
    runner.judge_all([c.id for c in cands], task.public_tests)
    for c in cands:
        c.examples = _judged(task, runner, c.id, list(task.public_tests))
        behaviour = {r.test: r for r in runner.results(c.id) if r.kind is TestKind.GENERATED}
        c.generated = tuple(behaviour[g.id] for g in runner.generated_tests())
        clock += costs.example_run
    say(f"{problem.label} {task.code}: {len(cands)} distinct candidates, {len(runner.generated_tests())} generated "
        f"tests, examples run by minute {clock:g}")
    attempts: list[Attempt] = []

    def submit(cid: str) -> tuple[float]:
        nonlocal clock
        c = cands[int(cid)]
        result = _judged(task, runner, c.id, list(task.test_names))
        ok = accepted(result)
        verdict, test = first_failure(result)
        attempts.append(Attempt(minute=clock, candidate=c.origin, verdict=verdict, test=test, accepted=ok))
        say(f"{problem.label}: {c.origin} submitted at {attempts[-1]}")
        clock += costs.submission
        return (1.0 if ok else 0.0,)

    budget = submissions_left(rules_, clock, costs.submission)
    if cands and budget:
        codeforces_policy(_observation(task, cands), submit, budget)
    history = [rules.Submission(a.minute, a.accepted) for a in attempts]
    outcome_ = ProblemOutcome(
        label=problem.label, code=task.code, name=task.name, max_points=problem.points,
        candidates=len(cands),
        pass_examples=sum(1 for c in cands if c.examples is not None and accepted(c.examples)),
        attempts=tuple(attempts), score=rules.score_problem(rules_, history, problem.points or 1.0),
    )  # fmt: skip
    return outcome_, clock
