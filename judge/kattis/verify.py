"""`verify`: judge every labelled program of a package and check it gets what its label promises.

Kattis packages label programs by folder (`submissions/<category>/`, problemtools' categories);
CMS packages may ship `solutions/expected.json` (score and verdicts per solution file). For a
Kattis package this is also where the time limit gets fixed: the accepted submissions run first
(under a generous limit), the format's rule turns the slowest into the limit, and every program
then runs once under limit × safety margin, its times compared with both limits, as problemtools
does. Returns data (`VerifyReport`); the CLI only prints it.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from judge.batch import BatchJudge
from judge.languages import UnsupportedLanguage, language_of
from judge.loaders import detect_format, load_task
from judge.loaders.package import open_package
from judge.model import Limits, Task
from judge.sandbox import Sandbox
from judge.tasktypes import Submission
from judge.verdict import SubmissionResult, TestResult, Verdict

CATEGORIES = {  # folder -> (Kattis verdict wanted, full score wanted)
    "accepted": ("AC", True),
    "partially_accepted": ("AC", False),
    "wrong_answer": ("WA", None),
    "time_limit_exceeded": ("TLE", None),
    "run_time_error": ("RTE", None),
}
# Folders some packages carry that problemtools' verifyproblem does not check: listed, not judged.
UNCHECKED = {"slow_accepted": "problemtools does not check this folder (no time limit promised)"}


@dataclass
class ProgramReport:
    program: str  # path inside the package
    category: str
    language: str | None
    verdict: str  # AC, WA, TLE, RTE, JE, CE, or "unsupported"
    score: float | None
    max_score: float | None
    slowest_s: float | None
    ok: bool | None  # None: not judged (unsupported language, unknown folder)
    note: str = ""


@dataclass
class VerifyReport:
    package: str
    format: str
    time_limit_s: float | None
    time_limit_source: str
    wall_s: float
    programs: list[ProgramReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(p.ok is not False for p in self.programs) and any(p.ok for p in self.programs)

    def to_json(self) -> dict:
        return {**asdict(self), "ok": self.ok}


Progress = Callable[[str], None]


def _silent(message: str) -> None:
    """The default: a library reports nothing unless its caller asks (the CLI draws these lines)."""


def verify(path: Path | str, sandbox: Sandbox, time_limit: float | None = None,
           progress: Progress = _silent) -> VerifyReport:  # fmt: skip
    start = time.monotonic()
    fmt = detect_format(path)
    task = load_task(path)
    if fmt == "kattis":
        report = _verify_kattis(Path(path), task, sandbox, time_limit, progress)
    else:
        report = _verify_expected(Path(path), fmt, task, sandbox, progress)
    report.wall_s = round(time.monotonic() - start, 1)
    return report


# ---------------------------------------------------------------------------------------------
# Kattis


def _programs(root: Path) -> list[tuple[str, Path]]:
    base = root / "submissions"
    if not base.is_dir():
        return []
    found = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        for entry in sorted(folder.iterdir()):
            found.append((folder.name, entry))
    return found


def _with_time(task: Task, seconds: float) -> Task:
    return task.model_copy(update={"limits": Limits(time_s=seconds, memory_bytes=task.limits.memory_bytes)})


def at_limit(result: SubmissionResult, limit_s: float, interactive: bool = False) -> dict[str, TestResult]:
    """Per-test results as they would be under a lower CPU limit: slower tests become TLE, except,
    for an interactive problem, a WA: the validator rejected before the program's time mattered."""
    keep = {Verdict.TLE, Verdict.CE, Verdict.SKIPPED} | ({Verdict.WA} if interactive else set())
    out = {}
    for t in result.tests:
        if t.cpu_s > limit_s and t.verdict not in keep:
            t = t.model_copy(update={"verdict": Verdict.TLE, "score": 0.0, "message": "over the time limit"})
        out[t.name] = t
    return out


def _custom_grader(task: Task, sandbox: Sandbox):
    """The package's graders/ program as a grading function, or None."""
    from judge.kattis.grading import Graded, parse_grader_output
    from judge.languages import PYTHON
    from judge.sandbox.base import ProcessSpec, RunLimits

    script = next((p for p in task.graders.values() if p.suffix == ".py"), None)
    if script is None:
        return None
    limits = RunLimits(cpu_s=10, wall_s=30, memory_bytes=1 << 30)
    memo: dict[tuple, Graded] = {}

    def run(parts: list, flags: tuple[str, ...]) -> Graded:
        key = (tuple((p.verdict, p.score) for p in parts), flags)
        if key not in memo:
            text = "".join(f"{p.verdict} {p.score!r}\n" for p in parts).encode()
            with sandbox.box() as box:
                box.mkdir("g")
                box.write("g/grader.py", script.read_bytes())
                box.write("in", text)
                spec = ProcessSpec(argv=[PYTHON, "grader.py", *flags], workdir="g", limits=limits, identity=1,
                                   confine="system", stdin="in", stdout="out", stderr="err")  # fmt: skip
                stats = box.run([spec])[0]
                out = box.read("out", 4096).decode(errors="replace")
            memo[key] = parse_grader_output(out) if stats.ok else Graded("JE", 0.0)
        return memo[key]

    return run


def _verify_kattis(root: Path, task: Task, sandbox: Sandbox, time_limit: float | None,
                   progress: Progress) -> VerifyReport:  # fmt: skip
    from judge.kattis.grading import grade, max_score
    from judge.loaders.kattis import PROVISIONAL_TIME_S, read_groups

    pkg = open_package(root)
    groups = read_groups(pkg)
    params = task.task_type_params
    source = params.get("time_limit_source", "provisional")
    margin = float(params.get("time_safety_margin", 2.0))
    reports: list[ProgramReport] = []
    runnable: dict[str, tuple[str, Submission]] = {}
    for category, entry in _programs(pkg.root):
        rel = f"{category}/{entry.name}"
        if entry.is_dir():
            reports.append(ProgramReport(rel, category, None, "unsupported", None, None, None, None,
                                         "a multi-file submission (folder) is not supported"))
            continue
        try:
            source_text = entry.read_text(errors="replace")
            lang = language_of(entry, source_text)
            if lang not in task.languages:
                raise UnsupportedLanguage(f"{entry.name}: this package compiles {', '.join(task.languages)} only")
        except UnsupportedLanguage as e:
            reports.append(ProgramReport(rel, category, None, "unsupported", None, None, None, None, str(e)))
            continue
        if category not in CATEGORIES:
            reports.append(ProgramReport(rel, category, lang, "unchecked", None, None, None, None,
                                         UNCHECKED.get(category, f"unknown category folder {category!r}")))
            continue
        runnable[rel] = (category, Submission(source=source_text, language=lang))

    results: dict[str, SubmissionResult] = {}
    if time_limit is not None:
        limit, source = time_limit, "--time-limit"
    elif source != "provisional":
        limit = task.limits.time_s
    else:
        accepted = {rel: sub for rel, (cat, sub) in runnable.items() if cat == "accepted"}
        limit, measured = measure_time_limit(pkg.root, task, sandbox, accepted, progress)
        results.update(measured)
        source = "measured"
    high = limit * margin
    todo = {rel: sub for rel, (cat, sub) in runnable.items()
            if rel not in results or (cat != "accepted" or high > PROVISIONAL_TIME_S)}  # fmt: skip
    if todo:
        progress(f"judging {len(todo)} submission(s) with {high:g} s (limit {limit:g} s × margin {margin:g})")
        results.update(BatchJudge(_with_time(task, high), sandbox, progress=None).judge_all(todo))
    custom = _custom_grader(task, sandbox)
    best = max_score(groups)
    for rel, (category, sub) in runnable.items():
        result = results[rel]
        low = grade(groups, at_limit(result, limit, task.task_type == "Interactive"), custom)
        high_graded = grade(groups, {t.name: t for t in result.tests}, custom)
        if not result.compile.ok:
            low = high_graded = type(low)("CE", 0.0)
        want, full = CATEGORIES[category]
        scoring = bool(task.task_type_params.get("scoring"))
        ok = low.verdict == want
        note = ""
        if ok and scoring and full is not None:
            at_max = low.score >= best - 1e-6
            ok = at_max if full else not at_max
            if not ok:
                note = f"score {low.score:g} of {best:g}"
        if category == "time_limit_exceeded" and ok and high_graded.verdict != "TLE":
            note = f"times out only under {limit:g} s, not under {high:g} s"
        if category == "accepted" and not ok and high_graded.verdict == "AC":
            note = f"needs more than the {limit:g} s limit"
        if not result.compile.ok:
            note = result.compile.message.splitlines()[0][:120] if result.compile.message else "compilation failed"
        slowest = max((t.cpu_s for t in result.tests), default=0.0)
        reports.append(ProgramReport(rel, category, sub.language, low.verdict, round(low.score, 6) if scoring else None,
                                     best if scoring else None, round(slowest, 3), ok, note))  # fmt: skip
    reports.sort(key=lambda r: (list(CATEGORIES).index(r.category) if r.category in CATEGORIES else 99, r.program))
    return VerifyReport(str(root), "kattis", limit, source, 0.0, reports)


def measure_time_limit(root: Path, task: Task, sandbox: Sandbox, accepted: dict[str, Submission] | None = None,
                       progress: Progress = _silent) -> tuple[float, dict[str, SubmissionResult]]:  # fmt: skip
    """Fix a Kattis package's time limit by the format's rule from its accepted submissions (judged
    under a generous limit) and cache it; returns the limit and those submissions' results."""
    from judge.kattis.timelimit import store_time_limit, time_limit_rule
    from judge.loaders.kattis import PROVISIONAL_TIME_S

    if accepted is None:
        accepted = {}
        for category, entry in _programs(root):
            if category == "accepted" and entry.is_file():
                text = entry.read_text(errors="replace")
                try:
                    lang = language_of(entry, text)
                except UnsupportedLanguage:
                    continue
                if lang in task.languages:
                    accepted[f"accepted/{entry.name}"] = Submission(source=text, language=lang)
    if not accepted:
        raise ValueError(f"{root}: no supported accepted submission to measure the time limit with; "
                         "pass --time-limit or add a .timelimit file")
    progress(f"measuring the time limit: {len(accepted)} accepted submission(s)")
    measured = BatchJudge(_with_time(task, PROVISIONAL_TIME_S), sandbox, progress=None).judge_all(accepted)
    slow_rel, slowest = max(((rel, max((t.cpu_s for t in r.tests), default=0.0)) for rel, r in measured.items()),
                            key=lambda x: x[1])  # fmt: skip
    limit = time_limit_rule(slowest, float(task.task_type_params.get("time_multiplier", 5.0)))
    store_time_limit(root, limit, slowest, slow_rel)
    progress(f"time limit {limit:g} s (slowest accepted: {slow_rel}, {slowest:.3f} s)")
    return limit, measured


def with_time_limit(task: Task, sandbox: Sandbox, progress: Progress = _silent) -> Task:
    """The task with its Kattis time limit fixed (measured once and cached when still provisional)."""
    if task.task_type_params.get("time_limit_source") != "provisional":
        return task
    limit, _ = measure_time_limit(task.root, task, sandbox, progress=progress)
    return _with_time(task, limit)


# ---------------------------------------------------------------------------------------------
# CMS (and other) packages with solutions/expected.json


def _verify_expected(root: Path, fmt: str, task: Task, sandbox: Sandbox, progress: Progress) -> VerifyReport:
    expected_file = next((p for p in (root / "solutions" / "expected.json", root.parent / "solutions" / "expected.json")
                          if p.is_file()), None)  # fmt: skip
    if expected_file is None:
        raise ValueError(f"{root}: no labelled programs (submissions/<category>/ or solutions/expected.json)")
    expected = json.loads(expected_file.read_text())
    base = expected_file.parent
    subs = {rel: Submission(source=(base / rel).read_text()) for rel in expected if (base / rel).is_file()}
    progress(f"judging {len(subs)} solution(s) of {task.code}")
    results = BatchJudge(task, sandbox, progress=None).judge_all(subs)
    reports = []
    for rel, want in expected.items():
        if rel not in results:
            reports.append(ProgramReport(rel, rel.split("/")[0], "cpp", "missing", None, None, None, False,
                                         f"{base / rel} does not exist"))  # fmt: skip
            continue
        r = results[rel]
        verdicts = {t.verdict.value for t in r.tests}
        problems = []
        if "score" in want and abs(r.score - float(want["score"])) > 1e-6:
            problems.append(f"score {r.score:g}, expected {want['score']:g}")
        if "verdicts" in want and verdicts != set(want["verdicts"]):
            problems.append(f"verdicts {sorted(verdicts)}, expected {sorted(want['verdicts'])}")
        if "verdicts_include" in want and not set(want["verdicts_include"]) <= verdicts:
            problems.append(f"verdicts {sorted(verdicts)} lack {sorted(set(want['verdicts_include']) - verdicts)}")
        worst = "CE" if not r.compile.ok else ",".join(sorted(verdicts))
        reports.append(ProgramReport(rel, rel.split("/")[0], "cpp", worst, r.score, r.max_score,
                                     round(max((t.cpu_s for t in r.tests), default=0.0), 3), not problems,
                                     "; ".join(problems)))  # fmt: skip
    return VerifyReport(str(root), fmt, task.limits.time_s, "package", 0.0, reports)
