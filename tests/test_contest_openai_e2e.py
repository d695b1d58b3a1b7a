"""End to end, as a user runs it: `ioi-agent contest simulate CONTEST --sampler openai:URL#MODEL` against
the OpenAI-shaped test server on 127.0.0.1, on the official IOI 2024 practice packages (aplusb, machine;
pyramids from its attachments), on the local backend and (marked `docker`) the container judge.

The server answers like a model that gets better with more samples: wrong programs first (for aplusb
six distinct wrong behaviours, two new ones per round), correct ones from round 3 (aplusb) or
round 2 (machine). With 5 submissions and a budget of 40 samples an agent that submits whatever it has
spends all 5 on wrong programs by its third round and never sends the correct one (the pacing failure
of issue 10); paced by evidence it still reaches full points. Generator and validator prompts get a
simple valid generator and validator for aplusb and an answer with no program for machine: the run
must use the first and cope with the second. Pyramids only ever gets answers without a program.
"""
from __future__ import annotations

import json
import math
import threading
from collections import Counter

import pytest
from typer.testing import CliRunner

from ioi_agent.cli import app
from tests.conftest import SOLUTIONS, official_package
from tests.openai_server import OpenAIServer

BUDGET, SUBMISSIONS = 40, 5
APLUSB_WRONG = ["a - b", "a * b", "a", "b", "a + b + 1"]  # with exit() below: six wrong behaviours
GEN = ("```cpp\n#include <cstdio>\n#include <cstdlib>\n"
       "int main(int c, char** v) { srand(atoi(v[1])); printf(\"%d %d\\n\", rand() % 1000, rand() % 1000); }\n```")
VAL = ("```cpp\n#include <cstdio>\n"
       "int main() { long long a, b; return scanf(\"%lld %lld\", &a, &b) == 2 && a >= 0 && b >= 0 ? 0 : 1; }\n```")


def _cpp(source: str) -> str:
    return f"Here is my solution.\n```cpp\n{source}```\n"


def aplusb(variant: int) -> str:
    if variant == len(APLUSB_WRONG):
        return (SOLUTIONS / "ioi2024" / "aplusb_exit.cpp").read_text()
    return f'#include "aplusb.h"\nint sum(int a, int b) {{ return {APLUSB_WRONG[variant]}; }}\n'


class Model:
    """The server's answers. Round r of a prompt is its r-th request (each round sends one request per
    prompt, and requests for one prompt never overlap), so the answers depend on neither seeds nor
    thread timing."""

    def __init__(self):
        self.requests: Counter = Counter()
        self.lock = threading.Lock()
        self.asked = Counter()

    def __call__(self, body: dict, j: int) -> str:
        text = "\n".join(m["content"] for m in body["messages"])
        task = next((t for t in ("aplusb", "machine") if f"({t})" in text or f"{t}.h" in text), "other")
        if "test generator" in text or "input validator" in text:
            kind = "generator" if "test generator" in text else "validator"
            self.asked[task, kind] += 1
            return (GEN if kind == "generator" else VAL) if task == "aplusb" else "I cannot write that program."
        if task == "other":
            return "I do not know how to solve this."
        key = (task, text)
        with self.lock:
            if j == body.get("n", 1) - 1:  # the server asks for the highest index first: a new request
                self.requests[key] += 1
            r = self.requests[key] - 1
        if task == "aplusb":
            return _cpp(aplusb((2 * r + j) % 6) if r < 3 else (SOLUTIONS / "ioi2024" / "aplusb_correct.cpp").read_text())
        return _cpp((SOLUTIONS / "ioi2024" / ("machine_wrong.cpp" if r < 2 else "machine_correct.cpp")).read_text())


def _docker_ready() -> bool:
    try:
        from judge.sandbox import docker_backend
    except ImportError:
        return False
    return docker_backend.docker_available()


@pytest.mark.parametrize("backend", [
    "local",
    pytest.param("docker", marks=[pytest.mark.docker, pytest.mark.skipif(
        not _docker_ready(), reason="no Docker daemon or sandbox image (sandbox/build-image.sh)")]),
])
def test_contest_simulate_against_an_openai_server_paces_submissions(tmp_path, backend):
    tasks = [official_package("practice/aplusb"), official_package("practice/machine"),
             official_package("practice/pyramids/pyramids-attachments.zip")]  # no CMS package: examples only
    contest = tmp_path / "contest.toml"
    contest.write_text('name = "IOI 2024 practice"\nduration = "5h"\n'
                       f"tasks = [{', '.join(json.dumps(str(t)) for t in tasks)}]\n")
    model = Model()
    out = tmp_path / "run"
    with OpenAIServer(answer=model) as server:
        result = CliRunner().invoke(app, [
            "contest", "simulate", str(contest), "--sampler", f"openai:{server.url}#m", "--backend", backend,
            "--budget", str(BUDGET), "--submissions", str(SUBMISSIONS), "--out", str(out), "--no-live"])
    assert result.exit_code == 0, result.output
    res = json.loads((out / "results.json").read_text())
    assert res["backend"] == backend
    by = {t["task"]: t for t in res["tasks"]}
    assert by["aplusb"]["score"] == 100 and by["machine"]["score"] == 100, {k: t["score"] for k, t in by.items()}

    # Paced: the submissions spent never outrun the evidence, ceil(limit * samples / budget).
    for e in res["events"]:
        if e["kind"] == "submission":
            assert e["detail"]["number"] <= math.ceil(SUBMISSIONS * e["samples"] / BUDGET), e
    ap = by["aplusb"]
    # The wrong ones were there to spend on, but each fails an example: while paced, none is submitted,
    # and the one submission goes to the correct program once it is sampled.
    assert ap["candidates"] >= 7 and len(ap["submissions"]) == 1
    assert ap["submissions"][-1]["feedback"][1:] == [20, 30, 50]
    assert all(s["reason"] for t in by.values() for s in t["submissions"])

    # Generated tests: the model's aplusb generator kept by its validators; machine's unusable answers cost nothing.
    assert model.asked["aplusb", "generator"] and model.asked["machine", "validator"]
    assert ap["generated"]["tests"] > 0 and set(ap["generated"]["by_origin"]) == {"model"}
    assert by["machine"]["generated"]["tests"] == 0

    # A task the model never answers with a program says so, and that its points are unofficial.
    py = by["pyramids"]
    assert py["samples"] == BUDGET and py["candidates"] == 0 and not py["submissions"]
    assert f"all {BUDGET} samples were dropped" in py["note"] and "not the official score" in py["note"]

    report = (out / "report.md").read_text()
    assert f"generated tests: {ap['generated']['tests']} ({ap['generated']['tests']} model)" in report
    assert "paced:" in report and "machine" in report
