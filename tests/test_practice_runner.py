"""`codeforces practice` judges through the candidate runner: with --out its run store holds every
candidate's results, and a rerun into the same directory judges nothing again."""
from __future__ import annotations

import json

from conftest import REPO
from typer.testing import CliRunner

from ioi_agent import runner as runner_module
from ioi_agent.cli import app
from ioi_agent.store import RunStore

CONTEST = REPO / "problems" / "cf-practice-2"


def test_practice_records_into_its_store_and_resumes_from_it(tmp_path, monkeypatch):
    args = ["codeforces", "practice", str(CONTEST), "--out", str(tmp_path), "--backend", "local", "--json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    report = json.loads(first.output.strip().splitlines()[-1])
    with RunStore(tmp_path) as store:
        keys = {row[0] for row in store._query("SELECT DISTINCT task FROM candidates")}
        assert len(keys) == len(report["problems"])
        for key in keys:
            for cid in store.candidates(key):
                assert store.compile_result(key, cid) is not None and store.test_results(key, cid)
    runs = []
    original = runner_module.CaseJobs.evaluate_case
    monkeypatch.setattr(runner_module.CaseJobs, "evaluate_case",
                        lambda self, *a: runs.append(a) or original(self, *a))
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert runs == [] and json.loads(again.output.strip().splitlines()[-1]) == report
