"""Offline replay of a past contest from a contest file: each day on its own simulated clock, then
per-task, per-day and total scores, the medal, and published reference results beside ours.

A replay contest file (TOML) names the days and their tasks, the rules, the medal cut-offs and
reference points when known (the shipped `ioi_agent/contests/*.toml`, e.g. `ioi2024`, are named by
their stem):

    name = "IOI 2024"
    duration = "5h"            # per day
    submissions = 50           # per task
    medal_days = ["day1", "day2"]      # the days a medal counts (default: every day)
    [days]
    day1 = ["day1/nile", "day1/message.zip"]   # relative to --archive, else to the file
    [medals]
    gold = 359.71              # lowest total for each medal; no table: no medal computed
    [[reference]]
    label = "..."
    score = 213.0

A task entry is a package any loader reads (directory or archive), or a task folder of the official
archive's layout: `<task>-CMS.zip` (the full package: judged officially), else `<task>-attachments.zip`
or `<task>.zip` (contestant attachments only: judged on the public examples and marked unofficial
everywhere), with `statement.en.md` beside it. The medal is computed from official tasks only;
unofficial points are shown apart. Candidates come from `--candidates DIR` (`DIR/<task code>/*.cpp`)
or any sampler; a task with neither scores 0, and the report says why.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from ioi_agent.contest import ContestSpec, parse_duration, run_contest, task_package
from ioi_agent.report import write_report
from judge.errors import PackageError
from judge.loaders import load_task
from judge.model import Task
from judge.scoring import round_score

CONTESTS = Path(__file__).parent / "contests"
SUBMISSIONS = 50


@dataclass(frozen=True)
class ReplaySpec:
    name: str
    days: dict[str, tuple[Path, ...]]  # day -> task packages, in file order
    duration_s: float = 5 * 3600.0
    submissions: int = SUBMISSIONS
    medal_days: tuple[str, ...] = ()
    cutoffs: dict[str, float] | None = None  # medal -> lowest total; None: unknown
    references: tuple[tuple[str, float], ...] = ()


def contest_file(name_or_path: str | Path) -> Path:
    """A shipped contest by name (`ioi2024`), or a contest file path."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    shipped = CONTESTS / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    known = ", ".join(sorted(p.stem for p in CONTESTS.glob("*.toml")))
    raise PackageError(path, f"no such contest file, and no shipped contest of that name (shipped: {known})")


def resolve_task(entry: Path) -> Path:
    """A task entry as a loadable package: the official package if the folder has one, else its
    attachments, else whatever `contest.task_package` recognises, else the path itself."""
    if entry.is_dir():
        for name in (f"{entry.name}-CMS.zip", f"{entry.name}-attachments.zip", f"{entry.name}.zip"):
            if (entry / name).is_file():
                return entry / name
        found = task_package(entry)
        if found is None:
            raise PackageError(entry, "no <task>-CMS.zip, <task>-attachments.zip, <task>.zip or task package here")
        return found
    if not entry.exists():
        raise PackageError(entry, "no such task package")
    return entry


def load_replay(name_or_path: str | Path, archive: Path | None = None) -> ReplaySpec:
    """Read a replay contest file; task paths are relative to `archive` when given, else to the file."""
    path = contest_file(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise PackageError(path, f"not valid TOML: {str(e).splitlines()[0]}") from None
    unknown = set(data) - {"name", "duration", "submissions", "medal_days", "days", "medals", "reference"}
    if unknown:
        raise PackageError(path, f"unknown field(s): {', '.join(sorted(unknown))}")
    days = data.get("days")
    if not isinstance(days, dict) or not days or not all(
            isinstance(v, list) and v and all(isinstance(t, str) for t in v) for v in days.values()):
        raise PackageError(path, "[days] must map each day to a non-empty list of task paths")
    base = Path(archive) if archive is not None else path.parent
    if archive is not None and not base.is_dir():
        raise PackageError(base, "not a directory (expected the contest's task archive)")
    medal_days = data.get("medal_days", list(days))
    if not isinstance(medal_days, list) or not set(medal_days) <= set(days):
        raise PackageError(path, f"medal_days must name days of [days] ({', '.join(days)})")
    medals = data.get("medals")
    if medals is not None and (not isinstance(medals, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in medals.values())):
        raise PackageError(path, "[medals] must map medal names to the lowest total that earns them")
    refs = data.get("reference", [])
    if not isinstance(refs, list) or not all(isinstance(r, dict) and isinstance(r.get("label"), str)
                                             and isinstance(r.get("score"), (int, float)) for r in refs):
        raise PackageError(path, "each [[reference]] needs a label and a score")
    try:
        duration = parse_duration(data.get("duration", 5 * 3600.0))
    except ValueError as e:
        raise PackageError(path, str(e)) from None
    submissions = data.get("submissions", SUBMISSIONS)
    if not isinstance(submissions, int) or isinstance(submissions, bool) or submissions < 1:
        raise PackageError(path, f"`submissions` must be a positive integer, got {submissions!r}")
    return ReplaySpec(
        name=str(data.get("name", path.stem)),
        days={day: tuple(base / t for t in tasks) for day, tasks in days.items()},
        duration_s=duration, submissions=submissions, medal_days=tuple(medal_days),
        cutoffs=dict(sorted(medals.items(), key=lambda kv: -kv[1])) if medals else None,
        references=tuple((r["label"], float(r["score"])) for r in refs),
    )


def medal(total: float, cutoffs: dict[str, float] | None) -> str | None:
    """The medal a total earns (at or above its cut-off); None when the cut-offs are unknown."""
    if cutoffs is None:
        return None
    for name, cut in sorted(cutoffs.items(), key=lambda kv: -kv[1]):
        if total >= cut - 1e-9:
            return name
    return "none"


def _load(path: Path) -> Task:
    """The task, with the archive's English statement when the package itself has none."""
    task = load_task(path)
    statement = path.parent / "statement.en.md"
    if task.statement is None and statement.is_file():
        task = task.model_copy(update={"statement": statement})
    return task


def candidate_samplers(candidates: Path | None):
    """`samplers(path, task)` for run_contest: a replay of `candidates/<code>/`, or None (no candidates)."""
    from ioi_agent.samplers.replay import ReplaySampler

    def pick(path: Path, task: Task):
        if candidates is None or not (candidates / task.code).is_dir():
            return None
        return ReplaySampler(candidates / task.code)

    return pick


def replay(spec: ReplaySpec, out: Path, config, days=None, candidates: Path | None = None,
           samplers=None, on_standing=None, sandbox=None, remote=None) -> dict:
    """Replay the given days (default: all); writes `<out>/<day>/` reports and `<out>/report.md`.
    Programs run on `sandbox` (default: the judge's default backend); each day reports its standings
    to `on_standing` (see `contest.run_contest`)."""
    days = list(days) if days else list(spec.days)
    missing = [d for d in days if d not in spec.days]
    if missing:
        raise PackageError(Path(spec.name), f"no day {missing[0]!r} in this contest (days: {', '.join(spec.days)})")
    plans = {day: [resolve_task(t) for t in spec.days[day]] for day in days}  # check everything before running
    pick = samplers or candidate_samplers(candidates)
    day_results = {}
    for day, tasks in plans.items():
        contest = ContestSpec(name=f"{spec.name} {day}", tasks=tuple(tasks), duration_s=spec.duration_s,
                              submissions=spec.submissions)
        res = run_contest(contest, out, config, pick, on_standing=on_standing, load=_load, sandbox=sandbox,
                          remote=remote)
        for t in res["tasks"]:
            if t["note"].startswith("no candidates") and samplers is None:
                t["note"] = ("no candidates: none given (--candidates DIR)" if candidates is None
                             else f"no candidates: no .cpp files in {candidates / t['task']}")
        write_report(res, out / day)
        day_results[day] = res
    res = combine(spec, day_results)
    (out / "report.md").write_text(markdown(res) + "\n")
    (out / "results.json").write_text(json.dumps(res, indent=1) + "\n")
    return res


def replay_ioi2024(archive: Path, out: Path, config, days=("day1", "day2"), candidates: Path | None = None,
                   samplers=None, on_standing=None, sandbox=None, remote=None) -> dict:
    """The shipped IOI 2024 contest file over `archive`."""
    return replay(load_replay("ioi2024", archive), out, config, days, candidates, samplers, on_standing, sandbox,
                  remote)


def combine(spec: ReplaySpec, day_results: dict[str, dict]) -> dict:
    """Totals summed unrounded and rounded once; the medal from official tasks only, and only when
    every medal day was replayed."""
    from ioi_agent.report import PRECISION, task_total

    tasks = [{**t, "day": day} for day, r in day_results.items() for t in r["tasks"]]
    official = [t for t in tasks if not t["unofficial"]]
    total = round_score(sum(task_total(t) for t in tasks), PRECISION)
    official_score = round_score(sum(task_total(t) for t in official), PRECISION)
    covered = bool(spec.medal_days) and all(d in day_results for d in spec.medal_days)
    return {
        "contest": spec.name,
        "days": {day: {"score": r["score"], "max_score": r["max_score"], "elapsed_s": r["elapsed_s"]}
                 for day, r in day_results.items()},
        "score": total,
        "max_score": sum(t["max_score"] for t in tasks),
        "official_score": official_score,
        "official_max_score": sum(t["max_score"] for t in official),
        "unofficial_score": round_score(sum(task_total(t) for t in tasks if t["unofficial"]), PRECISION),
        "unofficial_tasks": [t["task"] for t in tasks if t["unofficial"]],
        "medal": medal(official_score, spec.cutoffs) if covered else None,
        "medal_days": list(spec.medal_days),
        "cutoffs": spec.cutoffs,
        "references": [{"label": label, "score": score} for label, score in spec.references],
        "tasks": tasks,
    }


def _medal_line(res: dict) -> str:
    if res["cutoffs"] is None:
        return "no medal computed: the contest file gives no cut-offs"
    if res["medal"] is None:
        return f"no medal computed: the replay did not cover every medal day ({', '.join(res['medal_days'])})"
    return f"medal (official tasks only): **{res['medal']}**"


def markdown(res: dict) -> str:
    lines = [f"# {res['contest']} replay: {res['official_score']:g} official points", ""]
    if res["unofficial_tasks"]:
        lines += [(f"**Unofficial tasks** ({', '.join(res['unofficial_tasks'])}): no official package, so they were "
                   f"judged on their public examples only; their {res['unofficial_score']:g} points are not contest "
                   f"points and count for no medal. All tasks together: {res['score']:g} / {res['max_score']:g}."), ""]
    lines += ["| day | task | points | judged on | submissions | samples | note |",
              "| --- | --- | ---: | --- | ---: | ---: | --- |"]
    for t in res["tasks"]:
        judged = "public examples (UNOFFICIAL)" if t["unofficial"] else "official package"
        lines.append(f"| {t['day']} | {t['task']} | {t['score']:g} / {t['max_score']:g} | {judged} | "
                     f"{len(t['submissions'])}/{t['submission_limit']} | {t['samples']} | {t['note'] or t['state']} |")
    lines += ["", "| day | points | report |", "| --- | ---: | --- |"]
    for day, d in res["days"].items():
        lines.append(f"| {day} | {d['score']:g} / {d['max_score']:g} | [{day}/report.md]({day}/report.md) |")
    lines += ["", f"**Official: {res['official_score']:g} / {res['official_max_score']:g}** — {_medal_line(res)}", ""]
    cut = res["cutoffs"]
    lines += ["| reference | points | medal |", "| --- | ---: | --- |",
              f"| **this replay (official tasks)** | **{res['official_score']:g}** | {res['medal'] or 'n/a'} |"]
    lines += [f"| {r['label']} | {r['score']:g} | {medal(r['score'], cut) or 'n/a'} |" for r in res["references"]]
    lines += [f"| {name} cut-off | {c:g} | |" for name, c in (cut or {}).items()]
    return "\n".join(lines)


def summary_table(res: dict) -> Table:
    unofficial = f", unofficial {res['unofficial_score']:g} apart" if res["unofficial_tasks"] else ""
    table = Table(title=f"{res['contest']} replay: official {res['official_score']:g} / {res['official_max_score']:g}"
                  + unofficial + (f", medal: {res['medal']}" if res["medal"] is not None else ""), title_justify="left")
    for col in ("day", "task", "points", "judged on", "submissions", "note"):
        table.add_column(col, justify="right" if col in ("points", "submissions") else "left")
    for t in res["tasks"]:
        table.add_row(t["day"], t["task"], f"{t['score']:g}/{t['max_score']:g}",
                      "[magenta]examples (unofficial)[/]" if t["unofficial"] else "official",
                      f"{len(t['submissions'])}/{t['submission_limit']}", t["note"] or t["state"])
    for r in res["references"]:
        table.add_row("", f"[dim]{r['label']}[/]", f"[dim]{r['score']:g}[/]", "", "", "")
    return table
