"""`--backend ray` on the agent's commands: the official tests are judged on a Ray cluster (here a
fresh local instance in a child process, so this test process never holds Ray), and the contest
decides and scores exactly as on the local backend."""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from conftest import REPO

pytest.importorskip("ray")
pytestmark = pytest.mark.slow  # a Ray instance takes tens of seconds to start on a small machine


def _simulate(tmp_path, backend: str) -> dict:
    contest = tmp_path / "mini.toml"
    contest.write_text(f'name = "mini"\ntasks = ["{REPO}/problems/divsum", "{REPO}/problems/peak"]\n')
    out = tmp_path / backend
    env = {**os.environ, "PYTHONPATH": str(REPO), "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(16)}
    proc = subprocess.run([sys.executable, "-m", "ioi_agent.cli", "contest", "simulate", str(contest), "--out", str(out),
                           "--budget", "4", "--batch", "4", "--no-live", "--backend", backend],
                          env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads((out / "results.json").read_text())


def test_a_contest_on_ray_decides_as_on_local(tmp_path):
    ray, local = _simulate(tmp_path, "ray"), _simulate(tmp_path, "local")
    assert (ray["backend"], local["backend"]) == ("ray", "local")
    view = lambda res: [(t["task"], t["score"], [s["candidate"] for s in t["submissions"]],
                         [s["feedback"] for s in t["submissions"]]) for t in res["tasks"]]
    assert view(ray) == view(local) and all(t["submissions"] for t in ray["tasks"])
