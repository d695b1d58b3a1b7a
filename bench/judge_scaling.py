"""Batch-judge throughput with 1 and with 2 workers: does judging scale with the worker pool?

Many (candidate, test) runs of a CPU-bound program of about 20 ms (a busy loop, then the answer):
distinct candidates (each its own binary, so no run is shared) on a built-in task, judged in
official mode by BatchJudge. Every candidate is compiled before timing (the cache then answers), so
only runs are measured; each configuration is timed in alternation, `--rounds` times, and its
runs/s is total runs over total time.

Last line: workers1_runs_per_s=<c> workers2_runs_per_s=<d> scaling=<d/c>

    python bench/judge_scaling.py [--candidates 8] [--tests 25] [--rounds 2] [--backend local|docker]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from judge.batch import BatchJudge
from judge.model import Limits, Subtask, Task, TestCase
from judge.sandbox import make_sandbox
from judge.verdict import Verdict

PROGRAM = """#include <cstdio>
volatile unsigned long long sink;
int main() {{
    long long n;
    if (std::scanf("%lld", &n) != 1) return 1;
    unsigned long long h = {seed}ULL;
    for (long long i = 0; i < {iterations}LL; i++) h = h * 6364136223846793005ULL + (unsigned long long)i;
    sink = h;
    std::printf("%lld\\n", 3 * n + 1);
}}
"""


def calibrate(workdir: Path, target_ms: float) -> int:
    """Iterations for about `target_ms` of CPU time, measured on a bare run."""
    iterations = 10_000_000
    src, exe = workdir / "cal.cpp", workdir / "cal"
    src.write_text(PROGRAM.format(seed=1, iterations=iterations))
    subprocess.run(["g++", "-O2", "-static", "-o", str(exe), str(src)], check=True)
    best = min(_timed(exe) for _ in range(5))
    return max(1, int(iterations * target_ms / 1e3 / best))


def _timed(exe: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(exe)], input=b"1\n", capture_output=True, check=True)
    return time.perf_counter() - start


def make_task(root: Path, tests: int) -> Task:
    cases = []
    for k in range(tests):
        (root / f"{k}.in").write_text(f"{k}\n")
        (root / f"{k}.out").write_text(f"{3 * k + 1}\n")
        cases.append(TestCase(name=str(k), input=root / f"{k}.in", output=root / f"{k}.out"))
    return Task(code="busy", name="Busy", task_type="Batch", limits=Limits(time_s=2, memory_bytes=256 * 2**20),
                tests=tuple(cases), subtasks=(Subtask(index=0, name="all", points=100, tests=tuple(c.name for c in cases)),),
                root=root)  # fmt: skip


def judge_once(task: Task, sandbox, candidates: dict[str, str]) -> tuple[int, float]:
    start = time.perf_counter()
    results = list(BatchJudge(task, sandbox, progress=False).run(candidates))
    elapsed = time.perf_counter() - start
    bad = [(cid, r.verdict, r.message) for cid, r in results if r.verdict is not Verdict.OK]
    if bad:
        raise RuntimeError(f"unexpected verdicts: {bad[:3]}")
    return len(results), elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--tests", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--run-ms", type=float, default=20.0, help="CPU time of one run")
    parser.add_argument("--backend", default="local", choices=["local", "docker"])
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="judge-scaling-") as tmp:
        root = Path(tmp)
        iterations = calibrate(root, args.run_ms)
        task = make_task(root, args.tests)
        candidates = {f"c{k}": PROGRAM.format(seed=k + 1, iterations=iterations) for k in range(args.candidates)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sandboxes = {w: make_sandbox(args.backend, workers=w) for w in (1, 2)}
        try:
            for sb in sandboxes.values():  # compile (cached after the first) and start any containers
                judge_once(task, sb, {"warm": candidates["c0"]})
            BatchJudge(task, sandboxes[2], progress=False).judge_all(candidates, tests=[task.tests[0].name])
            runs = {1: 0, 2: 0}
            secs = {1: 0.0, 2: 0.0}
            for r in range(args.rounds):
                for w in ((1, 2) if r % 2 == 0 else (2, 1)):
                    n, s = judge_once(task, sandboxes[w], candidates)
                    runs[w] += n
                    secs[w] += s
        finally:
            for sb in sandboxes.values():
                if hasattr(sb, "close"):
                    sb.close()

    c, d = runs[1] / secs[1], runs[2] / secs[2]
    print(f"backend {args.backend}: {args.candidates} candidates x {args.tests} tests = "
          f"{args.candidates * args.tests} runs per batch of a ~{args.run_ms:.0f} ms CPU-bound program, "
          f"{args.rounds} rounds per configuration")  # fmt: skip
    print(f"1 worker: {secs[1]:.2f} s for {runs[1]} runs; 2 workers: {secs[2]:.2f} s for {runs[2]} runs")
    print(f"workers1_runs_per_s={c:.2f} workers2_runs_per_s={d:.2f} scaling={d / c:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
