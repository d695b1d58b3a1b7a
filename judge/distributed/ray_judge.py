"""`RayJudge`: the driver side of judging on a Ray cluster.

Scheduling: one `NodeJudge` actor per live node that offers CPUs, pinned there; each actor gets at
most `in_flight_per_worker × workers` jobs at once (back-pressure: the driver never floods a node,
and a lost node takes few jobs with it). Results are taken with `ray.wait` and handed over in
completion order. When an actor's node dies, the jobs it still held are put back at the front of the
queue for the others; a job counts once by its id, so a finished job is never reported (nor re-run)
twice.

Shipping: the task's bytes go into the object store once per batch; each node extracts them into its
own cache the first time only (see `shipping`). Inputs the task does not own (`JudgeJob.inputs`,
bytes given to `stream`) go into the object store once per judge and onto each node's disk once,
named by their hash.
"""
from __future__ import annotations

import hashlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Self

from judge.distributed.jobs import JobOutcome, JudgeJob
from judge.distributed.node import NodeJudge
from judge.distributed.shipping import PackedTask, input_digest, pack_task
from judge.errors import JudgeError
from judge.loaders import load_task
from judge.judging import assemble_result
from judge.tasktypes import Submission
from judge.verdict import SubmissionResult, TestResult


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise JudgeError("the Ray backend needs Ray: pip install 'ioi-agent[ray]'") from exc
    return ray


def _submission_key(sub: Submission | str) -> str:
    text = sub if isinstance(sub, str) else sub.model_dump_json()
    return hashlib.sha256(f"{type(sub).__name__}\0{text}".encode()).hexdigest()


class RayJudge:
    """Judge jobs on every node of a Ray cluster.

    `address`: None (Ray's own rule: `RAY_ADDRESS` if set, else a fresh local instance), "auto", or
    "ray://host:10001". If Ray is already initialised in this process it is used as it is.
    `workers_per_node`: judging slots per node (default: the node's CPUs as Ray sees them).
    `cache_dir`: where nodes keep shipped tasks (default: each node's `$IOI_AGENT_CACHE`).
    """

    def __init__(self, address: str | None = None, sandbox: str = "auto", workers_per_node: int | None = None,
                 in_flight_per_worker: int = 2, cache_dir: str | None = None, **init_options: Any):
        ray = _ray()
        if not ray.is_initialized():
            ray.init(address=address, **init_options)
        self.sandbox = sandbox
        self.workers_per_node = workers_per_node
        self.in_flight_per_worker = in_flight_per_worker
        self.cache_dir = cache_dir
        self._actors: dict[str, Any] = {}  # node id -> actor handle
        self._capacity: dict[str, int] = {}
        self._info: dict[str, dict] = {}
        self._blobs: dict[str, Any] = {}  # task digest -> object ref of its bytes
        self._input_refs: dict[str, Any] = {}  # input digest -> object ref of its bytes
        self.stats: Counter[str] = Counter()
        """`requeued`: jobs moved off a lost node; `duplicates`: results dropped as already seen;
        `lost_nodes`: actors given up on."""

    # -- actors ----------------------------------------------------------------------------------
    def _sync_actors(self) -> None:
        """One actor per live node with CPUs; nodes that joined since the last batch get one too."""
        ray = _ray()
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        remote = ray.remote(NodeJudge)
        alive = {n["NodeID"]: n for n in ray.nodes() if n["Alive"] and n["Resources"].get("CPU", 0) > 0}
        for node in [n for n in self._actors if n not in alive]:
            self._drop(node)
        created = {}
        for node_id, node in alive.items():
            if node_id in self._actors:
                continue
            workers = self.workers_per_node or max(1, int(node["Resources"]["CPU"]))
            slots = self.in_flight_per_worker * workers
            created[node_id] = remote.options(
                num_cpus=0, max_concurrency=slots + 2, max_restarts=0,
                scheduling_strategy=NodeAffinitySchedulingStrategy(node_id, soft=False),
            ).remote(self.sandbox, workers, self.cache_dir)
            self._capacity[node_id] = slots
        infos = {node: actor.info.remote() for node, actor in created.items()}
        for node, ref in infos.items():
            try:
                self._info[node] = ray.get(ref)
                self._actors[node] = created[node]
            except ray.exceptions.RayActorError:
                self.stats["lost_nodes"] += 1

    def _drop(self, node: str) -> None:
        actor = self._actors.pop(node, None)
        self._info.pop(node, None)
        if actor is not None:
            _ray().kill(actor)

    @property
    def nodes(self) -> list[dict]:
        """What each live actor reported: node id, host, pid, sandbox backend, workers."""
        return list(self._info.values())

    def _prepare(self, packed: PackedTask) -> None:
        ray = _ray()
        if packed.digest not in self._blobs:
            self._blobs[packed.digest] = ray.put(packed.blob)
        refs = {node: actor.prepare.remote(packed.digest, packed.name, packed.folder, [self._blobs[packed.digest]])
                for node, actor in self._actors.items()}
        for node, ref in refs.items():
            try:
                ray.get(ref)
            except ray.exceptions.RayActorError:
                self.stats["lost_nodes"] += 1
                self._drop(node)

    def _stage(self, inputs: Mapping[str, bytes]) -> None:
        """Every input on every node (each node fetches only those it lacks)."""
        ray = _ray()
        for digest, data in inputs.items():
            if digest not in self._input_refs:
                if input_digest(data) != digest:
                    raise ValueError(f"input {digest[:12]}: bytes do not match their digest")
                self._input_refs[digest] = ray.put(data)
        blobs = {d: [self._input_refs[d]] for d in inputs}
        refs = {node: actor.stage_inputs.remote(blobs) for node, actor in self._actors.items()}
        for node, ref in refs.items():
            try:
                self.stats["inputs_fetched"] += ray.get(ref)
            except ray.exceptions.RayActorError:
                self.stats["lost_nodes"] += 1
                self._drop(node)

    # -- judging ---------------------------------------------------------------------------------
    def stream(self, task_path: Path | str, jobs: Iterable[JudgeJob],
               on_outcome: Callable[[JobOutcome], None] | None = None,
               inputs: Mapping[str, bytes] | None = None) -> Iterator[JobOutcome]:
        """Judge `jobs` on task `task_path`; one outcome per job, in completion order. `inputs`:
        the bytes of the jobs' `ShippedInput`s by digest (`shipping.input_digest`)."""
        ray = _ray()
        pending = deque(jobs)
        ids = [j.job_id for j in pending]
        if len(set(ids)) != len(ids):
            raise ValueError("job ids must be unique within a batch")
        wanted = {i.digest for j in pending for i in j.inputs}
        if wanted - set(inputs or {}):
            raise ValueError(f"{len(wanted - set(inputs or {}))} job inputs were not given to stream")
        packed = pack_task(task_path)
        self._sync_actors()
        self._prepare(packed)
        if wanted:
            self._stage({d: inputs[d] for d in wanted})
        sub_refs: dict[str, Any] = {}
        in_flight: dict[Any, tuple[str, JudgeJob]] = {}
        load: Counter[str] = Counter()
        done: set[str] = set()
        while pending or in_flight:
            if not self._actors:
                raise JudgeError(f"no Ray node left to judge on ({len(pending) + len(in_flight)} jobs unfinished)")
            for node, actor in list(self._actors.items()):
                while pending and load[node] < self._capacity[node]:
                    job = pending.popleft()
                    key = _submission_key(job.submission)
                    if key not in sub_refs:  # each distinct submission enters the object store once
                        sub_refs[key] = ray.put(job.submission)
                    ref = actor.judge.remote(packed.digest, job.job_id, sub_refs[key], job.tests, job.inputs, job.batch)
                    in_flight[ref] = (node, job)
                    load[node] += 1
            ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=1.0)
            if ready:
                ready, _ = ray.wait(list(in_flight), num_returns=len(in_flight), timeout=0)
            for ref in ready:
                if ref not in in_flight:  # its node was dropped earlier in this loop: already re-queued
                    continue
                node, job = in_flight.pop(ref)
                load[node] -= 1
                try:
                    outcome: JobOutcome = ray.get(ref)
                except (ray.exceptions.RayActorError, ray.exceptions.ObjectLostError):
                    lost = [job] + [j for r, (n, j) in list(in_flight.items()) if n == node]
                    for r in [r for r, (n, _) in in_flight.items() if n == node]:
                        del in_flight[r]
                    load[node] = 0
                    pending.extendleft(reversed(lost))
                    self.stats["requeued"] += len(lost)
                    self.stats["lost_nodes"] += 1
                    self._drop(node)
                    continue
                if outcome.job_id in done:
                    self.stats["duplicates"] += 1
                    continue
                done.add(outcome.job_id)
                if on_outcome:
                    on_outcome(outcome)
                yield outcome

    def judge_jobs(self, task_path: Path | str, jobs: Iterable[JudgeJob],
                   on_result: Callable[[str, TestResult], None] | None = None) -> Iterator[tuple[str, TestResult]]:
        """Every test result of every job as `(job_id, result)`, in completion order."""
        for outcome in self.stream(task_path, jobs):
            for result in outcome.tests:
                if on_result:
                    on_result(outcome.job_id, result)
                yield outcome.job_id, result

    def judge(self, task_path: Path | str, submissions: list[Submission | str], tests: Iterable[str] | None = None,
              tests_per_job: int = 1) -> list[SubmissionResult]:
        """Judge whole submissions, split into jobs of `tests_per_job` tests; the results are what
        `judge.judging.Judge.judge` returns for each (official scoring, no screening)."""
        task = load_task(task_path)
        wanted = set(tests) if tests is not None else None
        order = [t.name for t in task.tests if wanted is None or t.name in wanted]
        chunks = [tuple(order[k:k + tests_per_job]) for k in range(0, len(order), tests_per_job)] or [()]
        jobs = [JudgeJob(f"{i}/{k}", sub, chunk) for i, sub in enumerate(submissions) for k, chunk in enumerate(chunks)]
        compiles: dict[int, Any] = {}
        results: dict[int, dict[str, TestResult]] = {i: {} for i in range(len(submissions))}
        for outcome in self.stream(task_path, jobs):
            i = int(outcome.job_id.split("/")[0])
            if i not in compiles or not outcome.compile.ok:
                compiles[i] = outcome.compile
            results[i].update({r.name: r for r in outcome.tests})
        return [assemble_result(task, compiles[i], order, results[i]) for i in range(len(submissions))]

    def close(self) -> None:
        """Stop this judge's actors (the cluster itself stays up)."""
        for node in list(self._actors):
            self._drop(node)
        self._blobs.clear()
        self._input_refs.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["RayJudge"]
