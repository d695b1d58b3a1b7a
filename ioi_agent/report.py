"""What a contest run leaves behind: results.json, report.md with two PNG plots, and the final table.

`results` turns the agents' state into one JSON-able dict (the single source for everything else);
`write_report` renders it. Per task the report shows samples, distinct programs, generated tests (how
many, and where they came from), behaviour clusters, submissions with the reason each was chosen,
and, when points are missing while samples were left unused, why the task stopped. Scores are
carried unrounded and rounded once for display and totals, as CMS does. Plots: points over simulated contest time (one step line per task and
the total), and each task's points against the samples drawn for it.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from rich.table import Table

from ioi_agent.clock import hms
from judge.scoring import round_score

PRECISION = 2  # the contest total's decimals (every shipped and IOI task uses 2)


def task_total(t: dict) -> float:
    """A task's unrounded score: the sum of its per-subtask bests."""
    return sum(s["score"] for s in t["subtasks"])


def stop_reason(t: dict, budget: int) -> str:
    """Why a task ended with points missing and samples unused ("" when neither)."""
    if t["score"] >= t["max_score"] - 1e-9 or t["samples"] >= budget:
        return ""
    why = {"out of submissions": "all submissions were spent",
           "time up": "the contest clock ran out",
           "no samples left": "the sampler had no more samples"}.get(t["state"], t["state"])
    if t["note"].startswith("no candidates"):
        why = t["note"]
    return f"{budget - t['samples']} of {budget} samples unused: {why}"


def _gen(t: dict) -> str:
    """Generated tests of a task and their origins (`agent.TaskAgent.generated_summary`)."""
    g = t.get("generated") or {"tests": 0, "by_origin": {}}
    if not g["tests"]:
        return "0"
    return f"{g['tests']} (" + ", ".join(f"{n} {k}" for k, n in sorted(g["by_origin"].items())) + ")"


def _pts(x: float) -> str:
    return f"{round_score(x, PRECISION):g}"


def results(spec, config, clock, agents, wall_s: float) -> dict:
    tasks = [a.summary() for a in agents]
    events = sorted((asdict(e) for a in agents for e in a.events), key=lambda e: (e["time_s"], e["task"]))
    return {
        "contest": spec.name,
        "rules": "IOI",
        "duration_s": spec.duration_s,
        "submission_limit": spec.submissions,
        "sample_budget": config.budget,
        "batch": config.batch,
        "elapsed_s": round(clock.now, 3),
        "time_up": clock.expired,
        "charged_s": {k: round(v, 3) for k, v in clock.charged.items()},
        "wall_s": round(wall_s, 2),
        "score": round_score(sum(task_total(t) for t in tasks), PRECISION),
        "max_score": sum(t["max_score"] for t in tasks),
        "tasks": tasks,
        "events": events,
    }


def final_table(res: dict, title: str | None = None) -> Table:
    table = Table(title=title or f"{res['contest']}: {res['score']:g} / {res['max_score']:g}", title_justify="left")
    numeric = ("score", "submissions", "samples", "distinct", "generated", "clusters")
    for col in ("task", "score", "subtasks", "submissions", "samples", "distinct", "generated", "clusters", "note"):
        table.add_column(col, justify="right" if col in numeric else "left")
    for t in res["tasks"]:
        subtasks = " ".join(f"{_pts(s['score'])}/{s['points']:g}" for s in t["subtasks"] if s["points"] > 0)
        table.add_row(t["task"] + (" *" if t["unofficial"] else ""), f"{t['score']:g}/{t['max_score']:g}", subtasks,
                      f"{len(t['submissions'])}/{t['submission_limit']}", str(t["samples"]), str(t["candidates"]),
                      str((t.get("generated") or {}).get("tests", 0)), str(t["clusters"]),
                      stop_reason(t, res["sample_budget"]) or t["note"] or t["state"])
    return table


def _curves(res: dict, x: str) -> dict[str, list[tuple[float, float]]]:
    """Per task, (x, task score) after each event, starting at (0, 0)."""
    curves: dict[str, list[tuple[float, float]]] = {t["task"]: [(0.0, 0.0)] for t in res["tasks"]}
    for e in res["events"]:
        curves[e["task"]].append((e[x], e["score"]))
    return curves


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_time(res: dict, path: Path) -> Path:
    """Points over simulated time, stacked by task: each band is a task, the top edge the total."""
    plt = _pyplot()
    curves = _curves(res, "time_s")
    end = max([res["elapsed_s"]] + [p[0] for c in curves.values() for p in c]) or 1.0
    unit, scale = ("hours", 3600.0) if end > 2 * 3600 else ("minutes", 60.0)
    times = sorted({p[0] for c in curves.values() for p in c} | {end})
    fig, ax = plt.subplots(figsize=(9, 4.8))
    bottom = [0.0] * len(times)
    for name, c in curves.items():
        level = [max((s for x, s in c if x <= t), default=0.0) for t in times]
        top = [b + v for b, v in zip(bottom, level)]
        ax.fill_between([t / scale for t in times], bottom, top, step="post", alpha=0.75,
                        label=f"{name} ({level[-1]:g})")
        bottom = top
    ax.step([t / scale for t in times], bottom, where="post", color="black", linewidth=1.5, label="total")
    for e in res["events"]:
        if e["kind"] == "submission":
            ax.axvline(e["time_s"] / scale, color="grey", alpha=0.15, linewidth=0.8)
    ax.set(xlabel=f"simulated contest time ({unit}); grey ticks: submissions", ylabel="points (stacked by task)",
           title=f"{res['contest']}: {res['score']:g}/{res['max_score']:g} points, "
                 f"{hms(res['elapsed_s'])} of {hms(res['duration_s'])} used")
    ax.set_xlim(0, end / scale * 1.02)
    ax.set_ylim(0, (res["max_score"] or 1) * 1.05)
    ax.axhline(res["max_score"], color="black", linestyle=":", linewidth=0.8)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_samples(res: dict, path: Path) -> Path:
    """One small panel per task: its points after each round against the samples drawn so far."""
    plt = _pyplot()
    curves = _curves(res, "samples")
    tasks = res["tasks"] or [{"task": "-", "samples": 0, "max_score": 1}]
    cols = min(4, len(tasks))
    rows = -(-len(tasks) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.9 * rows), squeeze=False)
    for ax, t in zip(axes.flat, tasks):
        c = curves.get(t["task"], [(0.0, 0.0)])
        xs = [p[0] for p in c] + [t["samples"]]
        ys = [p[1] for p in c] + [c[-1][1]]
        ax.step(xs, ys, where="post", linewidth=1.6)
        ax.plot(xs[1:-1], ys[1:-1], "o", markersize=3)
        ax.axhline(t["max_score"], color="black", linestyle=":", linewidth=0.8)
        ax.set_title(f"{t['task']}: {ys[-1]:g}/{t['max_score']:g}" + (" (unofficial)" if t.get("unofficial") else ""),
                     fontsize=10)
        ax.set_xlim(0, max(xs[-1], 1) * 1.05)
        ax.set_ylim(0, (t["max_score"] or 1) * 1.08)
        ax.set_xlabel("samples drawn", fontsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(tasks):]:
        ax.set_visible(False)
    axes[0][0].set_ylabel("task points")
    fig.suptitle("points against samples drawn, per task", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def markdown(res: dict) -> str:
    charged = res["charged_s"]
    lines = [
        f"# {res['contest']}: {res['score']:g} / {res['max_score']:g} points",
        "",
        (f"IOI rules: per task at most {res['submission_limit']} submissions, full per-subtask feedback, a task's "
         f"score is the sum over subtasks of the best any submission got. Samples per task at most "
         f"{res['sample_budget']}, drawn {res['batch']} per round."),
        "",
        f"Simulated time used: {hms(res['elapsed_s'])} of {hms(res['duration_s'])}"
        + (" (time ran out)" if res["time_up"] else "")
        + " — " + ", ".join(f"{k} {hms(v)}" for k, v in sorted(charged.items()))
        + f". Real time of this run: {res['wall_s']:.1f} s.",
        "",
    ]
    lines += ["| task | points | subtasks (best / points) | submissions | samples | distinct | generated tests "
              "| clusters | note |",
              "| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | --- |"]
    for t in res["tasks"]:
        subtasks = ", ".join(f"{s['name']} {_pts(s['score'])}/{s['points']:g}" for s in t["subtasks"] if s["points"] > 0)
        name = t["task"] + (" (unofficial)" if t["unofficial"] else "")
        lines.append(f"| {name} | {t['score']:g} / {t['max_score']:g} | {subtasks} | {len(t['submissions'])}"
                     f"/{t['submission_limit']} | {t['samples']} | {t['candidates']} | {_gen(t)} | {t['clusters']} | "
                     f"{stop_reason(t, res['sample_budget']) or t['note'] or t['state']} |")
    lines += ["", "![points over contest time](score_over_time.png)", "",
              "![points against samples](score_vs_samples.png)", "", "## Submissions", ""]
    for t in res["tasks"]:
        lines.append(f"### {t['task']}")
        lines.append("")
        facts = [f"{t['samples']} samples, {t['candidates']} distinct, {t['clusters']} behaviour clusters",
                 f"generated tests: {_gen(t)}"]
        if t.get("scorer"):
            facts.append(t["scorer"])
        if "tie_seed" in t:
            facts.append(f"ties the evidence leaves broken by a draw seeded {t['tie_seed']}")
        if t.get("pacing"):
            facts.append(f"last pacing decision: {t['pacing']}")
        if reason := stop_reason(t, res["sample_budget"]):
            facts.append(f"**stopped with points missing: {reason}**")
        lines += [f"- {f}" for f in facts] + [""]
        if not t["submissions"]:
            lines += ["No submissions.", ""]
            continue
        lines += ["| # | sent at | candidate | per-subtask feedback | why this one |", "| ---: | ---: | --- | --- | --- |"]
        for s in t["submissions"]:
            fb = " ".join(_pts(x) for x, st in zip(s["feedback"], t["subtasks"]) if st["points"] > 0)
            why = s.get("reason", "").replace("|", "/")
            lines.append(f"| {s['number']} | {hms(s['time_s'])} | `{s['candidate'][:12]}` | {fb} | {why} |")
        lines.append("")
    return "\n".join(lines)


def write_report(res: dict, out: Path) -> Path:
    """Write results.json, the two plots and report.md into `out`; returns report.md's path."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(res, indent=1) + "\n")
    plot_time(res, out / "score_over_time.png")
    plot_samples(res, out / "score_vs_samples.png")
    path = out / "report.md"
    path.write_text(markdown(res) + "\n")
    return path
