"""The live scoreboard: draws the `contest.Standing` events a contest run reports.

While a contest runs the table is redrawn in place (rich `Live`, transient); each run's final
standing is printed for good, so a replay of several days leaves one table per day.
"""
from __future__ import annotations

from rich.console import Console
from rich.live import Live
from rich.table import Table

from ioi_agent.clock import hms
from ioi_agent.contest import Standing
from judge.scoring import round_score


def scoreboard(standing: Standing) -> Table:
    """One row per task: best subtask scores against their points, submissions, samples, points."""
    title = f"{standing.contest}   {hms(standing.clock_s)} / {hms(standing.duration_s)}"
    table = Table(title=title, title_justify="left")
    for col, justify in (("task", "left"), ("subtasks (best / points)", "left"), ("submissions", "right"),
                         ("samples", "right"), ("points", "right"), ("state", "left")):
        table.add_column(col, justify=justify)
    for r in standing.rows:
        cells = []
        for got, pts in r["subtasks"]:
            colour = "green" if got >= pts - 1e-9 else ("yellow" if got > 0 else "red")
            cells.append(f"[{colour}]{round_score(got, 2):g}/{pts:g}[/]")
        name = r["task"] + (" [magenta](unofficial)[/]" if r.get("unofficial") else "")
        table.add_row(name, " ".join(cells), f"{r['submissions']}/{r['limit']}", str(r["samples"]),
                      f"[bold]{r['score']:g}[/]/{r['max_score']:g}", r["state"])
    table.add_row("[bold]total[/]", "", "", "", f"[bold]{standing.total:g}[/]/{standing.max_total:g}", "")
    return table


class LiveScoreboard:
    """A `Standing` callback: `with LiveScoreboard(console) as board: run_contest(..., on_standing=board)`."""

    def __init__(self, console: Console, live: bool = True):
        self.console = console
        self.live = live
        self._view: Live | None = None
        self.last: Standing | None = None

    def __call__(self, standing: Standing) -> None:
        self.last = standing
        if standing.final:
            self._stop()
            self.console.print(scoreboard(standing))
            return
        if not self.live:
            return
        if self._view is None:
            self._view = Live(scoreboard(standing), console=self.console, auto_refresh=False, transient=True)
            self._view.start()
        self._view.update(scoreboard(standing), refresh=True)

    def _stop(self) -> None:
        if self._view is not None:
            self._view.stop()
            self._view = None

    def __enter__(self) -> LiveScoreboard:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()  # a run that failed half-way leaves no live table drawn over the error
