"""Offline replay of IOI 2024: each contest day on its own simulated 5-hour clock, IOI rules, 50
submissions per task, then per-task, per-day and total scores, the medal, and the published
reference results beside ours (numbers from ../shared/docs/ioi2024.md).

Archive layout (the official task archive's): `<day>/<task>/<task>-CMS.zip` (the full package: the
task is judged officially), `<task>-attachments.zip` (or `<task>.zip`; contestant attachments: when
it is all there is, the task is judged on its public examples only and marked unofficial everywhere)
and `statement.en.md`. Candidates come from `--candidates DIR` (`DIR/<task code>/*.cpp`) or any
sampler; a task with neither scores 0, and the report says why.
"""
from __future__ import annotations

from pathlib import Path

from rich.table import Table

from ioi_agent.contest import ContestSpec, run_contest
from ioi_agent.report import write_report
from judge.errors import PackageError
from judge.loaders import load_task
from judge.model import Task

DAY_SECONDS = 5 * 3600.0
SUBMISSIONS = 50
CUTOFFS = {"gold": 359.71, "silver": 289.31, "bronze": 216.97}
REFERENCES = (  # OpenAI, "Learning to Reason with LLMs" (2024)
    ("IOI-trained model, 50 submissions per task", 213.0),
    ("same model, 50 random submissions per task (mean)", 156.0),
    ("same model, 10,000 submissions per task", 362.14),
)
CONTEST_DAYS = ("day1", "day2")


def medal(total: float) -> str:
    """The medal a total earns with the IOI 2024 cut-offs (at or above the cut-off)."""
    for name, cut in CUTOFFS.items():
        if total >= cut - 1e-9:
            return name
    return "none"


def archive_tasks(archive: Path, day: str) -> list[Path]:
    """Each task of a day: its official package if present, else its attachments."""
    folder = archive / day
    if not folder.is_dir():
        raise PackageError(folder, "no such day folder in the archive")
    found = []
    for d in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for name in (f"{d.name}-CMS.zip", f"{d.name}-attachments.zip", f"{d.name}.zip"):
            if (d / name).is_file():
                found.append(d / name)
                break
        else:
            raise PackageError(d, "no <task>-CMS.zip, <task>-attachments.zip or <task>.zip in this task folder")
    if not found:
        raise PackageError(folder, "no task folders")
    return found


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


def replay_ioi2024(archive: Path, out: Path, config, days=CONTEST_DAYS, candidates: Path | None = None,
                   samplers=None, console=None, live: bool = True, sandbox=None, remote=None) -> dict:
    """Replay the given days; writes `<out>/<day>/` reports and `<out>/report.md`, returns the results.
    Programs run on `sandbox` (default: the judge's default backend)."""
    archive = Path(archive)
    if not archive.is_dir():
        raise PackageError(archive, "not a directory (expected the IOI 2024 archive)")
    plans = {day: archive_tasks(archive, day) for day in days}  # check the whole archive before running
    pick = samplers or candidate_samplers(candidates)
    day_results = {}
    for day, tasks in plans.items():
        spec = ContestSpec(name=f"IOI 2024 {day}", tasks=tuple(tasks), duration_s=DAY_SECONDS, submissions=SUBMISSIONS)
        res = run_contest(spec, out, config, pick, console=console, live=live, load=_load, sandbox=sandbox,
                          remote=remote)
        for t in res["tasks"]:
            if t["note"].startswith("no candidates") and samplers is None:
                t["note"] = ("no candidates: none given (--candidates DIR)" if candidates is None
                             else f"no candidates: no .cpp files in {candidates / t['task']}")
        write_report(res, out / day)
        day_results[day] = res
    res = combine(archive, day_results)
    (out / "report.md").write_text(markdown(res) + "\n")
    import json

    (out / "results.json").write_text(json.dumps(res, indent=1) + "\n")
    return res


def combine(archive: Path, day_results: dict[str, dict]) -> dict:
    tasks = [{**t, "day": day} for day, r in day_results.items() for t in r["tasks"]]
    total = round(sum(t["score"] for t in tasks), 2)
    contest = all(d in day_results for d in CONTEST_DAYS)
    return {
        "contest": "IOI 2024",
        "archive": str(archive),
        "days": {day: {"score": r["score"], "max_score": r["max_score"], "elapsed_s": r["elapsed_s"]}
                 for day, r in day_results.items()},
        "score": total,
        "max_score": sum(t["max_score"] for t in tasks),
        "official_score": round(sum(t["score"] for t in tasks if not t["unofficial"]), 2),
        "unofficial_tasks": [t["task"] for t in tasks if t["unofficial"]],
        "medal": medal(total) if contest else None,
        "cutoffs": CUTOFFS,
        "references": [{"label": label, "score": score} for label, score in REFERENCES],
        "tasks": tasks,
    }


def markdown(res: dict) -> str:
    lines = [f"# IOI 2024 replay: {res['score']:g} / {res['max_score']:g} points", ""]
    if res["unofficial_tasks"]:
        lines += [(f"**Unofficial tasks** ({', '.join(res['unofficial_tasks'])}): no official package in the "
                   "archive, so they were judged on their public examples only; their points are not IOI "
                   f"points. Official tasks alone: {res['official_score']:g}."), ""]
    lines += ["| day | task | points | judged on | submissions | samples | note |",
              "| --- | --- | ---: | --- | ---: | ---: | --- |"]
    for t in res["tasks"]:
        judged = "public examples (UNOFFICIAL)" if t["unofficial"] else "official package"
        lines.append(f"| {t['day']} | {t['task']} | {t['score']:g} / {t['max_score']:g} | {judged} | "
                     f"{len(t['submissions'])}/{t['submission_limit']} | {t['samples']} | {t['note'] or t['state']} |")
    lines += ["", "| day | points | report |", "| --- | ---: | --- |"]
    for day, d in res["days"].items():
        lines.append(f"| {day} | {d['score']:g} / {d['max_score']:g} | [{day}/report.md]({day}/report.md) |")
    unofficial_points = round(res["score"] - res["official_score"], 2)
    if res["medal"] is not None and unofficial_points > 0:
        lines += ["", f"The medal counts {unofficial_points:g} unofficial points; on official tasks alone it would be "
                      f"{medal(res['official_score'])}."]
    lines += ["", f"**Total: {res['score']:g} / {res['max_score']:g}**"
              + (f" — medal: **{res['medal']}**" if res["medal"] is not None else
                 " — no medal computed: the replay did not cover both contest days"), ""]
    lines += ["| reference | points | medal |", "| --- | ---: | --- |",
              f"| **this replay** | **{res['score']:g}** | {res['medal'] or 'n/a (not both contest days)'} |"]
    lines += [f"| {r['label']} | {r['score']:g} | {medal(r['score'])} |" for r in res["references"]]
    lines += [f"| {name} cut-off | {cut:g} | |" for name, cut in res["cutoffs"].items()]
    return "\n".join(lines)


def summary_table(res: dict) -> Table:
    table = Table(title=f"IOI 2024 replay: {res['score']:g} / {res['max_score']:g}"
                  + (f", medal: {res['medal']}" if res["medal"] is not None else ""), title_justify="left")
    for col in ("day", "task", "points", "judged on", "submissions", "note"):
        table.add_column(col, justify="right" if col in ("points", "submissions") else "left")
    for t in res["tasks"]:
        table.add_row(t["day"], t["task"], f"{t['score']:g}/{t['max_score']:g}",
                      "[magenta]examples (unofficial)[/]" if t["unofficial"] else "official",
                      f"{len(t['submissions'])}/{t['submission_limit']}", t["note"] or t["state"])
    for r in res["references"]:
        table.add_row("", f"[dim]{r['label']}[/]", f"[dim]{r['score']:g}[/]", "", "", "")
    return table
