"""The Ray backend on a real cluster of separate node processes on this machine (loopback).

A head and a worker node are started with `ray start` (each with its own temp dir, cache and a
custom resource), judged through, and always stopped. Node-loss is tested by killing a third node's
whole process tree mid-batch.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

# Ray binds to the machine's routable address even when asked for loopback, so the test cluster
# requires a token. Ray reads it once, when imported: this session's token is set first.
os.environ.setdefault("RAY_AUTH_MODE", "token")
os.environ.setdefault("RAY_AUTH_TOKEN", secrets.token_hex(16))
ray = pytest.importorskip("ray")

from ioi_agent.params import SamplingParams
from ioi_agent.prompts import ChatMessage, Prompt
from ioi_agent.samplers.base import Completion
from ioi_agent.samplers.ray_vllm import RayVLLMSampler, split_evenly
from judge.distributed import JudgeJob, RayJudge, ShippedInput
from judge.distributed.shipping import input_digest, materialise, pack_task
from judge.judging import Judge
from judge.loaders import load_task
from judge.sandbox import make_sandbox

REPO = Path(__file__).resolve().parents[1]
DIVSUM = REPO / "problems" / "divsum"
LABELLED = ("full/hyperbola.cpp", "wa/off_by_one.cpp", "tle/naive.cpp")
RAY = shutil.which("ray") or str(Path(sys.executable).with_name("ray"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (Ray's workers start their own sessions, so a process
    group is not enough to take a whole node down)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class Cluster:
    def __init__(self, root: Path):
        self.root = root
        self.port = _free_port()
        self.workers: dict[str, subprocess.Popen] = {}
        self.env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            RAY_health_check_initial_delay_ms="500", RAY_health_check_period_ms="500",
            RAY_health_check_timeout_ms="1000", RAY_health_check_failure_threshold="3",
        )


    def _args(self, name: str) -> list[str]:
        return ["--num-cpus=1", f"--temp-dir={self.root / name}", f"--resources={json.dumps({name: 1})}",
                "--node-ip-address=127.0.0.1", "--disable-usage-stats"]

    def _node_env(self, name: str) -> dict[str, str]:
        return {**self.env, "IOI_AGENT_CACHE": str(self.root / f"cache-{name}")}

    def start_head(self) -> None:
        subprocess.run([RAY, "start", "--head", f"--port={self.port}", "--include-dashboard=false",
                        *self._args("node_a")], env=self._node_env("node_a"), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start_worker(self, name: str) -> None:
        with open(self.root / f"{name}.log", "w") as log:
            self.workers[name] = subprocess.Popen(
                [RAY, "start", f"--address=127.0.0.1:{self.port}", "--block", *self._args(name)],
                env=self._node_env(name), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while not any(n["Alive"] and name in n["Resources"] for n in ray.nodes()):
            assert time.monotonic() < deadline, f"worker node {name} did not join"
            time.sleep(0.2)

    def kill_worker(self, name: str) -> None:
        proc = self.workers.pop(name)
        for pid in _descendants(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait()

    def stop(self) -> None:
        for name in list(self.workers):
            self.kill_worker(name)
        subprocess.run([RAY, "stop", "--force"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def cluster():
    root = Path(tempfile.mkdtemp(prefix="ioi-ray-"))
    c = Cluster(root)
    try:
        c.start_head()
        ray.init(address=f"127.0.0.1:{c.port}", log_to_driver=False)
        c.start_worker("node_b")
        yield c
    finally:
        ray.shutdown()
        c.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def sources() -> list[str]:
    return [(DIVSUM / "solutions" / s).read_text() for s in LABELLED]


@pytest.fixture(scope="module")
def local_results(sources):
    judge = Judge(load_task(DIVSUM), make_sandbox("local"), workers=2)
    return [judge.judge(s) for s in sources]


def _key(result):
    return [(t.name, t.verdict, t.score) for t in result.tests]


@pytest.mark.slow
def test_two_node_results_equal_local(cluster, sources, local_results):
    received = []
    with RayJudge(sandbox="local", workers_per_node=1) as rj:
        results = rj.judge(DIVSUM, sources)
        assert {n["node"] for n in rj.nodes} == {n["NodeID"] for n in ray.nodes() if n["Alive"]}
        assert len(rj.nodes) == 2
        # Jobs of single tests, streamed to a callback: every (job, test) exactly once.
        task = load_task(DIVSUM)
        jobs = [JudgeJob(f"full:{t.name}", sources[0], (t.name,)) for t in task.tests]
        streamed = list(rj.judge_jobs(DIVSUM, jobs, on_result=lambda j, r: received.append(j)))
    for ray_result, local in zip(results, local_results, strict=True):
        assert (ray_result.score, ray_result.subtask_scores()) == (local.score, local.subtask_scores())
        assert _key(ray_result) == _key(local)
    assert [r.score for r in results] == [100.0, 0.0, 15.0]
    assert sorted(received) == sorted(j.job_id for j in jobs) == sorted(j for j, _ in streamed)
    assert all(r.verdict.value == "OK" for _, r in streamed)
    for name in ("node_a", "node_b"):  # the task was shipped to, and extracted on, both nodes
        shipped = list((cluster.root / f"cache-{name}" / "ray-tasks").glob("*/divsum/problem.json"))
        assert len(shipped) == 1


def _simulate(cluster: Cluster, tmp_path: Path, backend: str) -> dict:
    contest = tmp_path / "mini.toml"
    contest.write_text(f'name = "mini"\ntasks = ["{REPO}/problems/divsum", "{REPO}/problems/peak"]\n')
    out = tmp_path / backend
    extra = ["--ray-address", f"127.0.0.1:{cluster.port}"] if backend == "ray" else []
    proc = subprocess.run([sys.executable, "-m", "ioi_agent.cli", "contest", "simulate", str(contest), "--out", str(out),
                           "--budget", "4", "--batch", "4", "--no-live", "--backend", backend, *extra],
                          env=cluster.env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads((out / "results.json").read_text())


@pytest.mark.slow
def test_a_contest_on_ray_decides_as_on_local(cluster, tmp_path):
    """`--backend ray` on the agent's commands: the official tests are judged on the cluster, and the
    contest decides and scores exactly as on the local backend."""
    ray_run, local_run = _simulate(cluster, tmp_path, "ray"), _simulate(cluster, tmp_path, "local")
    assert (ray_run["backend"], local_run["backend"]) == ("ray", "local")
    view = lambda res: [(t["task"], t["score"], [s["candidate"] for s in t["submissions"]],
                         [s["feedback"] for s in t["submissions"]]) for t in res["tasks"]]
    assert view(ray_run) == view(local_run) and all(t["submissions"] for t in ray_run["tasks"])


@pytest.mark.slow
def test_node_death_mid_batch_loses_nothing(cluster, sources, local_results):
    """A third node is killed (its whole process tree, SIGKILL) after the first result: the jobs it
    held are judged elsewhere, and every job's result arrives exactly once, as the local judge's."""
    cluster.start_worker("node_c")
    tests = [t.name for t in load_task(DIVSUM).tests]
    slow_first = sorted(range(len(tests)), key=lambda k: local_results[2].tests[k].verdict.value != "TLE")
    jobs = [JudgeJob(f"2:{tests[k]}", sources[2], (tests[k],)) for k in slow_first]  # TLEs: seconds each
    jobs += [JudgeJob(f"0:{name}", sources[0], (name,)) for name in tests]
    seen: dict[str, list] = {}
    with RayJudge(sandbox="local", workers_per_node=1) as rj:
        for job_id, result in rj.judge_jobs(DIVSUM, jobs):
            seen.setdefault(job_id, []).append(result)
            if len(seen) == 1:
                assert len(rj.nodes) == 3  # every node holds two jobs now, one of them waiting
                cluster.kill_worker("node_c")
        stats = dict(rj.stats)
    assert sorted(seen) == sorted(j.job_id for j in jobs) and all(len(r) == 1 for r in seen.values())
    assert stats["lost_nodes"] == 1 and stats["requeued"] >= 1 and stats.get("duplicates", 0) == 0
    for i in (0, 2):
        expected = {t.name: (t.verdict, t.score) for t in local_results[i].tests}
        got = {job_id.split(":", 1)[1]: (r[0].verdict, r[0].score) for job_id, r in seen.items()
               if job_id.startswith(f"{i}:")}
        assert got == expected


def test_shipping_round_trip(tmp_path):
    packed = pack_task(DIVSUM)
    assert pack_task(DIVSUM).digest == packed.digest  # deterministic: same folder, same hash
    calls = []

    def fetch():
        calls.append(1)
        return packed.blob

    path = materialise(packed.digest, packed.name, packed.folder, fetch, tmp_path)
    assert materialise(packed.digest, packed.name, packed.folder, fetch, tmp_path) == path
    assert len(calls) == 1  # fetched once per node
    assert load_task(path).code == load_task(DIVSUM).code
    assert sorted(t.name for t in load_task(path).tests) == sorted(t.name for t in load_task(DIVSUM).tests)


@given(st.integers(0, 500), st.integers(1, 17))
def test_split_evenly(count, parts):
    ranges = split_evenly(count, parts)
    assert len(ranges) == parts
    assert [i for r in ranges for i in r] == list(range(count))
    assert max(map(len, ranges)) - min(map(len, ranges)) <= 1


class FakeEngine:
    """Stands in for a vLLM engine actor: answers each prompt with its id and the actor's pid."""

    def __init__(self, model: str, **options):
        self.model = model

    def generate(self, prompts, params):
        return [[Completion(text=f"{p.id}@{os.getpid()}", finish_reason="stop", prompt_id=p.id,
                            sampler=f"fake:{self.model}", index=k) for k in range(params.n)] for p in prompts]


@pytest.mark.slow
def test_ray_vllm_sampler_order(cluster):
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/
    sampler = RayVLLMSampler("tiny", num_engines=2, num_gpus_per_engine=0, chunk_size=2, engine_cls=FakeEngine)
    try:
        prompts = [Prompt(id=f"p{i}", messages=(ChatMessage(role="user", content=str(i)),)) for i in range(9)]
        out = sampler.generate(prompts, SamplingParams(n=2))
        assert [[c.prompt_id for c in cs] for cs in out] == [[p.id] * 2 for p in prompts]
        assert [[c.index for c in cs] for cs in out] == [[0, 1]] * 9
        engines = [c.text.split("@")[1] for cs in out for c in cs]
        assert len(set(engines)) == 2  # both engines sampled
        assert engines[:10] == [engines[0]] * 10  # the first engine took the first five prompts
        assert sampler.generate([], SamplingParams()) == []
    finally:
        sampler.close()


def _runner_rows(store, key) -> tuple[set, set]:
    rows = {(r.candidate, r.kind, r.test, r.verdict, r.score, r.output_hash) for r in store.test_results(key)}
    compiles = {(c, store.compile_result(key, c).ok) for c in store.candidates(key)}
    return rows, compiles


@pytest.mark.slow
def test_candidate_runner_on_ray_records_what_local_records(cluster, tmp_path):
    """`CandidateRunner(remote=RayJudge)` runs everything on the cluster: official tests, generated
    inputs (output hashes for Batch, the manager's verdict for Communication) and output-writing
    programs (OutputOnly: the run, then the judged output). The store ends with the rows the local
    sandbox writes; each generated input reached each node's disk once, by content hash."""
    from ioi_agent.runner import CandidateRunner, TestKind
    from ioi_agent.store import RunStore

    broken = "int main() { return undeclared; }\n"
    plan = {"digitsum": ["c01.cpp", "c02.cpp", "c03.cpp"], "peak": ["c01.cpp", "c02.cpp"], "tour": ["c01.cpp", "c02.cpp"]}
    shipped: set[bytes] = set()
    with RayJudge(sandbox="local", workers_per_node=1) as rj:
        for code, names in plan.items():
            task = load_task(REPO / "problems" / code)
            generated = [task.tests[-1].input.read_bytes(), f"{len(code) + 5}\n".encode()]
            if code != "digitsum":
                generated = generated[:1]  # peak's input format is not one number
            rows = []
            for backend in ("local", "ray"):
                with RunStore(tmp_path / code / backend) as store:
                    runner = CandidateRunner(task, store, sandbox=make_sandbox("local", workers=2),
                                             remote=rj if backend == "ray" else None)
                    cids = [store.add_candidate(runner.key, (task.root / "candidates" / n).read_text()) for n in names]
                    cids.append(store.add_candidate(runner.key, broken))
                    for data in generated:
                        store.add_generated_test(runner.key, data, (), "test")
                    results = list(runner.run(cids))
                    kinds = {r.kind for r in results}
                    if code == "tour":
                        assert TestKind.RUN in kinds and TestKind.GENERATED not in kinds
                    else:
                        assert TestKind.GENERATED in kinds
                        shipped.update(generated)
                    assert list(runner.run(cids)) == []  # all in the store: nothing runs again
                    rows.append(_runner_rows(store, runner.key))
            assert rows[0] == rows[1], code
            assert any(r[3] == "CE" for r in rows[1][0]) and any(r[4] > 0 for r in rows[1][0])
            if code == "peak":  # the manager's verdict, not an output hash
                assert all(r[5] is None for r in rows[1][0] if r[1] is TestKind.GENERATED)
        fetched = rj.stats["inputs_fetched"]
    assert 0 < fetched <= 2 * len(shipped)  # at most once per node and input
    digests = {input_digest(d): d for d in shipped}
    for name in ("node_a", "node_b"):  # on each node's disk, by content hash
        folder = cluster.root / f"cache-{name}" / "ray-inputs"
        assert all((folder / d).read_bytes() == data for d, data in digests.items())
        assert not [f for f in folder.iterdir() if f.name.startswith(".")]  # no staging file left behind
    with RayJudge(sandbox="local", workers_per_node=1) as again:  # new actors: the disk copies serve
        inputs = tuple(ShippedInput(f"gen:{i}", d) for i, d in enumerate(digests))
        [outcome] = again.stream(REPO / "problems" / "digitsum", [JudgeJob("ce", broken, (), inputs)], inputs=digests)
        assert again.stats["inputs_fetched"] == 0 and not outcome.compile.ok
        assert [r.verdict.value for r in outcome.tests] == ["CE"] * len(digests)
