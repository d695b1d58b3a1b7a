"""The per-node judge actor: owns its node's sandbox pool, task cache and compiled programs.

One instance runs on each node (the driver pins it there). It is a threaded actor: the driver keeps
up to a few jobs per worker queued on it so the pool never idles between round trips, while a
semaphore lets only `workers` jobs run at once, so programs are never timed on an oversubscribed
machine. Judges (and the task's compiled checker/manager) are kept per task; contestant binaries are
cached on this node's disk by `judge.compile`.
"""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

from judge.distributed.jobs import JobOutcome
from judge.distributed.shipping import materialise
from judge.errors import JudgeError
from judge.judging import Judge
from judge.loaders import load_task
from judge.sandbox import make_sandbox
from judge.tasktypes import Submission


class NodeJudge:
    def __init__(self, sandbox: str = "auto", workers: int | None = None, cache_dir: str | None = None):
        self.sandbox = make_sandbox(sandbox, workers=workers) if workers else make_sandbox(sandbox)
        self.workers = self.sandbox.workers
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._slots = threading.BoundedSemaphore(self.workers)
        self._judges: dict[str, Judge] = {}
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
                self._judges[digest] = Judge(load_task(path), self.sandbox, workers=1)
            return self._judges[digest].task.code

    def judge(self, digest: str, job_id: str, submission: Submission | str,
              tests: tuple[str, ...] | None) -> JobOutcome:
        import ray

        judge = self._judges.get(digest)
        if judge is None:
            raise JudgeError(f"task {digest[:12]} was not prepared on this node")
        with self._slots:
            result = judge.judge(submission, tests=tests)
        return JobOutcome(job_id, result.compile, tuple(result.tests), ray.get_runtime_context().get_node_id())
