"""The agent's commands run candidates on the backend they are given: a contest on the Docker
backend decides and scores exactly as on the local one (the simulated clock aside: CPU times differ)."""
from __future__ import annotations

import json

import pytest
from conftest import REPO
from typer.testing import CliRunner

from ioi_agent.cli import app

docker_backend = pytest.importorskip("judge.sandbox.docker_backend")
PROBLEMS = REPO / "problems"

pytestmark = [
    pytest.mark.docker,
    pytest.mark.skipif(not docker_backend.docker_available(),
                       reason=f"no Docker daemon or no image {docker_backend.image_tag()} "
                       "(run sandbox/start-dockerd.sh and sandbox/build-image.sh)"),
]


def _simulate(tmp_path, backend: str) -> dict:
    contest = tmp_path / "mini.toml"
    contest.write_text(f'name = "mini"\ntasks = ["{PROBLEMS}/divsum", "{PROBLEMS}/peak"]\n')
    out = tmp_path / backend
    result = CliRunner().invoke(app, ["contest", "simulate", str(contest), "--out", str(out), "--budget", "4",
                                      "--batch", "4", "--no-live", "--backend", backend])
    assert result.exit_code == 0, result.output
    return json.loads((out / "results.json").read_text())


def test_a_contest_runs_on_docker_as_on_local(tmp_path):
    docker, local = _simulate(tmp_path, "docker"), _simulate(tmp_path, "local")
    assert (docker["backend"], local["backend"]) == ("docker", "local")
    view = lambda res: [(t["task"], t["score"], [s["candidate"] for s in t["submissions"]],
                         [s["feedback"] for s in t["submissions"]]) for t in res["tasks"]]
    assert view(docker) == view(local)
    assert all(t["submissions"] for t in docker["tasks"])


def test_ray_is_refused_by_the_agents_commands_in_one_line(tmp_path):
    result = CliRunner().invoke(app, ["eval", "selection", str(PROBLEMS / "digitsum"), "--out", str(tmp_path),
                                      "--backend", "ray"])
    assert result.exit_code == 2 and "ray" in result.output and "Traceback" not in result.output
