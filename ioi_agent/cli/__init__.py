"""The `ioi-agent` command line, the only reader of argv: one module per command group, each mounted
here under its name, and `common` for what they share (consoles, exit codes, run directories,
options). Domain modules never print; they return data and report progress through callbacks."""
from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Competitive-programming agent with an IOI/CMS judge.")


@app.callback()
def _root() -> None:
    """Competitive-programming agent with an IOI/CMS judge."""


def _mount() -> None:
    from ioi_agent.cli import codeforces, contest, doctor, eval, judge, scale, train, verify

    judge.register(app)
    app.command("doctor")(doctor.doctor)
    app.add_typer(codeforces.app, name="codeforces")
    app.add_typer(contest.app, name="contest")
    app.command("replay")(contest.replay)
    app.add_typer(train.app, name="train")
    app.command("verify")(verify.verify_command)
    app.command("scale")(scale.scale)
    app.add_typer(eval.app, name="eval", help="Evaluate the agent's stages on candidate pools.")


_mount()


def main() -> None:
    app()
