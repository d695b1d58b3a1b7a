"""Per-job cost of the Ray judge backend against the local worker pool, measured in one run.

The same batch of tiny jobs (one test of divsum's reference solution each, a few milliseconds of
judging) goes through both, after a warm-up batch that compiles the program and ships the task:

  local  a thread pool of `workers` running `Judge.judge(source, tests=[name])`, which is what a
         node's actor does per job
  ray    `RayJudge` on a single-node Ray instance started here with the same number of workers
         (actor round trips, object store, scheduling and result streaming included)

Last line: ray_ms_per_job=<x> local_ms_per_job=<y> ratio=<x/y>

    python bench/ray_overhead.py [--jobs N] [--workers W]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TASK = REPO / "problems" / "divsum"
SOURCE = TASK / "solutions" / "full" / "hyperbola.cpp"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=560)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    # Ray's workers must import this checkout, whatever copy of the package is installed.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(REPO))
    import ray

    from judge.distributed import JudgeJob, RayJudge
    from judge.judging import Judge
    from judge.loaders import load_task
    from judge.sandbox import make_sandbox

    source = SOURCE.read_text()
    names = [t.name for t in load_task(TASK).tests]
    jobs = [JudgeJob(f"{k}", source, (names[k % len(names)],)) for k in range(args.jobs)]

    judge = Judge(load_task(TASK), make_sandbox("local", workers=args.workers), workers=1)
    with ThreadPoolExecutor(args.workers) as pool:
        def run_local(batch):
            start = time.perf_counter()
            results = list(pool.map(lambda j: judge.judge(j.submission, tests=j.tests), batch))
            assert all(r.tests[0].verdict.value == "OK" for r in results)
            return time.perf_counter() - start

        run_local(jobs[:len(names)])
        local_s = run_local(jobs)

    ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False)
    try:
        with RayJudge(sandbox="local", workers_per_node=args.workers) as rj:
            list(rj.judge_jobs(TASK, jobs[:len(names)]))  # ships the task, compiles, starts the actor
            start = time.perf_counter()
            streamed = list(rj.judge_jobs(TASK, jobs))
            ray_s = time.perf_counter() - start
    finally:
        ray.shutdown()
    assert len(streamed) == len(jobs) and all(r.verdict.value == "OK" for _, r in streamed)

    ray_ms, local_ms = 1000 * ray_s / len(jobs), 1000 * local_s / len(jobs)
    print(f"{len(jobs)} jobs, {args.workers} workers: local {local_s:.2f} s, ray {ray_s:.2f} s "
          f"(overhead {ray_ms - local_ms:+.2f} ms per job)")
    print(f"ray_ms_per_job={ray_ms:.3f} local_ms_per_job={local_ms:.3f} ratio={ray_ms / local_ms:.3f}")


if __name__ == "__main__":
    main()
