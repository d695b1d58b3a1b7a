"""Sampling flags on the commands users run: `--sampler openai:...`, `--max-tokens`, `--temperature`
reach the server over HTTP (tests/openai_server.py on 127.0.0.1), and a model asked to solve a task
whose statement it cannot read is warned about loudly."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from openai_server import OpenAIServer
from typer.testing import CliRunner

from ioi_agent.cli import app

REPO = Path(__file__).resolve().parents[1]
DIGITSUM = REPO / "problems" / "digitsum"
FULL = (DIGITSUM / "solutions" / "full" / "digit_dp.cpp").read_text()


def _answer(body, j):
    return f"Here is my solution.\n```cpp\n{FULL}\n```\n"


def test_contest_simulate_sends_the_flags_and_warns_about_a_statement_it_cannot_read(tmp_path):
    contest = tmp_path / "contest"
    shutil.copytree(DIGITSUM, contest / "digitsum", ignore=shutil.ignore_patterns("candidates", "solutions"))
    (contest / "digitsum" / "statement.md").unlink()  # the model now sees no statement
    with OpenAIServer(answer=_answer) as srv:
        result = CliRunner().invoke(app, [
            "contest", "simulate", str(contest), "--out", str(tmp_path / "run"), "--no-live",
            "--sampler", f"openai:{srv.url}#tiny?token_field=max_completion_tokens",
            "--max-tokens", "321", "--temperature", "0.25", "--budget", "2", "--batch", "2", "--seed", "5",
        ])
        bodies = [r["body"] for r in srv.requests]
    assert result.exit_code == 0, result.output
    assert bodies and all(b["max_completion_tokens"] == 321 and b["temperature"] == 0.25 for b in bodies)
    assert not any("max_tokens" in b for b in bodies)
    assert "WARNING: task digitsum: no statement was found" in " ".join(result.output.split())
    results = json.loads((tmp_path / "run" / "results.json").read_text())
    assert results  # the run went through to the end with the model's (real) program


def test_codeforces_practice_sends_the_flags(tmp_path):
    with OpenAIServer(answer=lambda body, j: "no program here") as srv:
        result = CliRunner().invoke(app, [
            "codeforces", "practice", str(REPO / "problems" / "cf-practice-2"), "--json", "--samples", "3",
            "--sampler", f"openai:{srv.url}#tiny", "--max-tokens", "55", "--temperature", "0.5",
        ])
        bodies = [r["body"] for r in srv.requests]
    assert result.exit_code == 0, result.output
    asks = lambda b, what: what in b["messages"][-1]["content"]
    solve = [b for b in bodies if not asks(b, "Write a test generator") and not asks(b, "Write an input validator")]
    assert len(solve) == 3 and all(b["n"] == 3 for b in solve)  # one solving request per problem
    assert len(bodies) == 9  # and, the sampler being a model, one for a generator and one for a validator
    assert all(b["max_tokens"] == 55 and b["temperature"] == 0.5 for b in bodies)
    report = json.loads(result.stdout)
    assert [p["candidates"] for p in report["problems"]] == [0, 0, 0] and report["warnings"] == []


def test_bad_sampling_flags_fail_with_one_line():
    result = CliRunner().invoke(app, ["contest", "simulate", str(REPO / "problems"), "--temperature", "-1",
                                      "--sampler", "openai:http://127.0.0.1:9/v1#m"])
    assert result.exit_code == 2 and "temperature=-1.0" in result.output
