"""`ioi-agent doctor`: what the sandbox can use on this machine, and what is missing."""
from __future__ import annotations

import typer
from rich.table import Table

from ioi_agent.cli.common import console


def doctor(
    docker: bool = typer.Option(True, help="also check the Docker daemon, image and worker cgroups"),
) -> None:
    """What the sandbox can use here (cgroups, seccomp, namespaces, uids, Docker) and what is missing."""
    from judge.sandbox.doctor import check

    rows = check(docker=docker)
    table = Table("area", "item", "state", "detail")
    colour = {"ok": "green", "missing": "red", "info": "dim"}
    for r in rows:
        table.add_row(r.area, r.item, f"[{colour[r.state]}]{r.state}[/]", r.detail)
    console.print(table)
    missing = [r for r in rows if r.state == "missing"]
    print(f"doctor: {len(rows) - len(missing)} ok/info, {len(missing)} missing")
