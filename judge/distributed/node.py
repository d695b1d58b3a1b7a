"""The per-node judge actor: owns its node's sandbox pool, task cache and compiled programs.

One instance runs on each node (the driver pins it there). It is a threaded actor: the driver keeps
up to a few jobs per worker queued on it so the pool never idles between round trips, while a
semaphore lets only `workers` jobs run at once, so programs are never timed on an oversubscribed
machine. Judges (and the task's compiled checker/manager) are kept per task; contestant binaries are
cached on this node's disk by `judge.compile`; shipped inputs (generated tests) are kept on its disk
by content hash. A job with its own batch judge (`JudgeJob.batch`) runs through that class here,
exactly as the caller runs it on its own machine.
"""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

from judge.batch import BatchJudge
from judge.distributed.jobs import JobOutcome, ShippedInput
from judge.distributed.shipping import materialise, materialise_input
from judge.errors import JudgeError
from judge.judging import Judge
from judge.loaders import load_task
from judge.model import TestCase
from judge.sandbox import make_sandbox
from judge.tasktypes import Submission


class NodeJudge:
    def __init__(self, sandbox: str = "auto", workers: int | None = None, cache_dir: str | None = None):
        self.sandbox = make_sandbox(sandbox, workers=workers) if workers else make_sandbox(sandbox)
        self.workers = self.sandbox.workers
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._slots = threading.BoundedSemaphore(self.workers)
        self._judges: dict[str, Judge] = {}
        self._inputs: dict[str, Path] = {}  # input digest -> its file on this node
        self._lock = threading.Lock()

    def info(self) -> dict:
        import ray

        return {"node": ray.get_runtime_context().get_node_id(), "host": socket.gethostname(),
                "pid": os.getpid(), "sandbox": self.sandbox.name, "workers": self.workers}

    def prepare(self, digest: str, name: str, folder: bool, blob: list) -> str:
        """Load a task, materialising it from the object store only if this node lacks it. `blob`
        is a one-element list so that Ray hands over the reference, not the bytes."""
        import ray

        with self._lock:
            if digest not in self._judges:
                path = materialise(digest, name, folder, lambda: ray.get(blob[0]), self.cache_dir)
                judge = Judge(load_task(path), self.sandbox, workers=1)
                for program in judge.task_type.trusted_programs():  # once, before any job thread
                    judge.task_type.trusted_program(self.sandbox, program)
                self._judges[digest] = judge
            return self._judges[digest].task.code

    def stage_inputs(self, blobs: dict[str, list]) -> int:
        """Make shipped inputs local (digest -> one-element list holding the object reference, so
        Ray hands over the reference): only those this node lacks are fetched. Returns how many."""
        import ray

        fetched = 0
        with self._lock:
            for digest, ref in blobs.items():
                if digest in self._inputs:
                    continue

                def fetch(ref=ref) -> bytes:
                    nonlocal fetched
                    fetched += 1
                    return ray.get(ref[0])

                self._inputs[digest] = materialise_input(digest, fetch, self.cache_dir)
        return fetched

    def judge(self, digest: str, job_id: str, submission: Submission | str, tests: tuple[str, ...] | None,
              inputs: tuple[ShippedInput, ...] = (), batch: type | None = None) -> JobOutcome:
        import ray

        judge = self._judges.get(digest)
        if judge is None:
            raise JudgeError(f"task {digest[:12]} was not prepared on this node")
        node = ray.get_runtime_context().get_node_id()
        if not inputs and batch is None:
            with self._slots:
                result = judge.judge(submission, tests=tests)
            return JobOutcome(job_id, result.compile, tuple(result.tests), node)
        missing = [i.digest[:12] for i in inputs if i.digest not in self._inputs]
        if missing:
            raise JudgeError(f"inputs {', '.join(missing[:3])} were not staged on this node")
        cases: list = list(judge.task.test_names if tests is None else tests)
        cases += [TestCase(name=i.name, input=self._inputs[i.digest]) for i in inputs]
        runner = (batch or BatchJudge)(judge.task, judge.sandbox, 1, progress=False, judge=judge)
        compiled, results = None, []
        with self._slots:
            for event, _, payload in runner.events({job_id: submission}, cases):
                if event == "compile":
                    compiled = payload
                else:
                    results.append(payload)
        return JobOutcome(job_id, compiled, tuple(results), node)
