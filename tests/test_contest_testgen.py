"""Generated tests in a contest run: the package's generators always, and with a model sampler the
model's generators kept by validator majority; candidates run on them, the clusters see the
behaviour, results.json says how many tests each task had and where they came from."""
from __future__ import annotations

import io
import json

from rich.console import Console

from conftest import REPO

from ioi_agent.agent import AgentConfig
from ioi_agent.cli.scoreboard import LiveScoreboard
from ioi_agent.contest import ContestSpec, Standing, run_contest
from ioi_agent.runner import TestKind, task_key
from ioi_agent.samplers.base import Completion
from ioi_agent.store import RunStore
from judge.loaders import load_task

DIGITSUM = REPO / "problems" / "digitsum"


class ModelLike:
    """A stand-in for a model: solution prompts get the task's candidate programs in turn; generator
    and validator prompts get the package's own generator and validator (so the model's tests can
    be checked against known-good programs)."""

    name = "model-like"

    def __init__(self):
        self.sources = [p.read_text() for p in sorted((DIGITSUM / "candidates").glob("*.cpp"))][:6]
        self.asked: list[str] = []

    def generate(self, prompts, params):
        rows = []
        for p in prompts:
            self.asked.append(p.id)
            if p.id.endswith("/generator"):
                # the package's generator on other seeds, so its inputs differ from the package's own
                source = (DIGITSUM / "generators" / "random.cpp").read_text()
                texts = [source.replace("std::strtoull(argv[1], nullptr, 10)", "1000 + std::strtoull(argv[1], nullptr, 10)")] * params.n
            elif p.id.endswith("/validator"):
                texts = [(DIGITSUM / "generators" / "validator.cpp").read_text()] * params.n
            else:
                texts = [self.sources[(params.seed + i) % len(self.sources)] for i in range(params.n)]
            rows.append([Completion(f"```cpp\n{t}\n```", "stop", p.id, self.name, i) for i, t in enumerate(texts)])
        return rows


def test_a_contest_with_a_model_generates_and_uses_tests(tmp_path):
    spec = ContestSpec(name="gen", tasks=(DIGITSUM,), duration_s=3600, submissions=2)
    config = AgentConfig(budget=4, batch=4, submissions=2, sample_seconds=1.0)
    sampler = ModelLike()
    res = run_contest(spec, tmp_path / "run", config, samplers=lambda path, task: sampler)
    [t] = res["tasks"]
    assert t["generated"]["by_origin"]["model"] > 0 and t["generated"]["by_origin"]["generators"] > 0
    assert t["generated"]["tests"] == sum(t["generated"]["by_origin"].values())
    assert any(i.endswith("/generator") for i in sampler.asked) and any(i.endswith("/validator") for i in sampler.asked)
    assert res["charged_s"].get("test generation", 0) > 0
    task = load_task(DIGITSUM)
    with RunStore(tmp_path / "run") as store:
        key = task_key(task)
        gens = {g.id for g in store.generated_tests(key)}
        assert len(gens) == t["generated"]["tests"]
        for cid in store.candidates(key):  # every candidate ran on every generated test
            ran = {r.test for r in store.test_results(key, cid, [TestKind.GENERATED])}
            assert ran == gens
    ledger = json.loads((tmp_path / "run" / "ledger.json").read_text())
    assert ledger[f"{key}/tests"][0]["tests"] == t["generated"]["by_origin"]["model"]


def test_replayed_candidates_get_the_packages_generated_tests_only(tmp_path):
    """Also: the run reports its standings as events (no printing): one before the first round, one
    per step, a final one equal to the results; the CLI's scoreboard draws them."""
    spec = ContestSpec(name="gen", tasks=(DIGITSUM,), duration_s=3600, submissions=2)
    standings: list[Standing] = []
    res = run_contest(spec, tmp_path / "run", AgentConfig(budget=3, batch=3, submissions=2),
                      on_standing=standings.append)
    [t] = res["tasks"]
    assert set(t["generated"]["by_origin"]) == {"generators"} and t["generated"]["tests"] > 0
    assert len(standings) >= 3 and [s.final for s in standings] == [False] * (len(standings) - 1) + [True]
    assert standings[0].clock_s == 0 and standings[0].total == 0 and standings[0].rows[0]["samples"] == 0
    assert [s.clock_s for s in standings] == sorted(s.clock_s for s in standings)
    assert standings[-1].total == t["score"] and standings[-1].rows[0]["samples"] == 3
    console = Console(file=io.StringIO(), width=120, record=True)
    with LiveScoreboard(console, live=False) as board:
        for s in standings:
            board(s)
    text = console.export_text()
    assert text.count("total") == 1 and f"{t['score']:g}/100" in text  # only the final table is printed
