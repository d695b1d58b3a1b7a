"""The whole pipeline at N mutants of one shipped task, against a naive judge measured in the same run.

Pipeline (`ioi_agent.scale.run_scale`, screening through `CandidateRunner.screen`): N samples from
the mutation sampler (seeded), recorded in a fresh run store; programs equal up to layout and
comments compiled once each (cold compile cache, PCH), examples first, screened generated and
official runs, behaviour clustering, the IOI policy choosing up to 50 submissions, and the exact
oracle and random baselines for K = 1..50. Per phase, the worker-seconds spent compiling and
running show where the time goes.

Naive judge, on a random subset of the same samples: every sample compiled on its own, as
bench/compile_throughput.py's naive does (`g++ -std=gnu++17 -O2 -pipe -static` on the host: no
cache, no precompiled header), every official test and every generated input run on it in the
same sandbox (no dedupe, no screening), with the same number of workers; its time per sample times
N is `naive_s_est`. Its compiles are also timed through the judge (compile cache off, the
sandbox's PCH kept): a stronger baseline, reported on its own line (`--no-naive-pch` skips it).

Last line:
candidates=<n> pipeline_s=<t> naive_s_est=<t0> speedup=<t0/t> candidates_per_core_s=<r> peak_rss_mib=<m>

    PYTHONPATH=. python bench/pipeline_scale.py [--task problems/digitsum] [--n 2000] [--naive 24]
        [--backend auto|docker|local] [--workers W] [--seed 0]
"""
from __future__ import annotations

import argparse
import atexit
import dataclasses
import functools
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--task", type=Path, default=REPO / "problems" / "digitsum")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--naive", type=int, default=24, help="samples the naive judge runs")
    ap.add_argument("--backend", default="auto")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--naive-pch", action=argparse.BooleanOptionalAction, default=True,
                    help="also time the naive compiles through the judge (its PCH kept, cache off)")
    ap.add_argument("--run-dir", type=Path, default=None, help="default: a fresh temporary directory")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory (store, compile cache)")
    args = ap.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="pipeline-scale-"))
    if not args.keep:
        atexit.register(shutil.rmtree, scratch, True)
    os.environ["IOI_AGENT_CACHE"] = str(scratch / "cache")  # cold compile cache for both judges

    from ioi_agent.samplers.mutate import base_folder, labelled_solutions, mutate_sources
    from ioi_agent.runner import run_generated, write_input
    from ioi_agent.cli.common import progress_bars
    from ioi_agent.scale import plan_items, run_scale
    from ioi_agent.screening import gen_name
    from ioi_agent.store import RunStore
    from judge import compile as compile_module
    from judge.judging import Judge
    from judge.loaders import load_task
    from judge.model import TestCase
    from judge.sandbox import make_sandbox
    from judge.tasktypes import Submission
    from judge import languages as languages_module
    from judge.tasktypes import batch as batch_type, communication as communication_type

    task = load_task(args.task)
    sandbox = make_sandbox(args.backend)
    workers = args.workers or sandbox.workers
    cores = len(os.sched_getaffinity(0))
    print(f"task {task.code} ({task.task_type}), backend {sandbox.name}, {workers} workers, {cores} cores; "
          f"the machine is shared, so times are pessimistic", file=sys.stderr, flush=True)

    # -- pipeline --------------------------------------------------------------------------------
    cpu0 = cpu_s(sandbox)
    t0 = time.perf_counter()
    pool = mutate_sources(labelled_solutions(base_folder(args.task.parent, task.code)), args.n, args.seed)
    samples = [(f"s{i}", m.text) for i, m in enumerate(pool)]
    sample_s = time.perf_counter() - t0
    with RunStore(args.run_dir or scratch / "run") as store:
        # sources to the selection, then (the same store, nothing judged again) the oracle's judging
        with progress_bars() as on_progress:
            chosen = run_scale(task, samples, store, sandbox, workers=workers, generators=args.task, evaluate=False,
                               on_progress=on_progress)
        cpu1 = cpu_s(sandbox)
        with progress_bars() as on_progress:
            result = run_scale(task, samples, store, sandbox, workers=workers, generators=args.task,
                               on_progress=on_progress)
        generated = store.generated_tests(result_key(task))
    assert result.selection == chosen.selection
    result = dataclasses.replace(result, observe=chosen.observe, feedback=chosen.feedback,
                                 seconds={**chosen.seconds, "evaluate": result.seconds["evaluate"]})
    pipeline_s = sample_s + chosen.pipeline_s  # sources to the 50 selected; the oracle's judging is apart
    pipeline_cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    k = 50
    ratio = result.selection.score / result.oracle_at[k] if result.oracle_at[k] else 1.0
    print(f"pipeline: {result.samples} samples -> {result.programs} programs ({result.compiled} compile), "
          f"{result.clusters} clusters, {result.generated} generated inputs; runs (skipped): observe "
          f"{result.observe.runs_now} ({result.observe.skipped_now}), feedback {result.feedback.runs_now} "
          f"({result.feedback.skipped_now}), oracle evaluation {result.evaluate.runs_now} "
          f"({result.evaluate.skipped_now}); steps sample {sample_s:.1f}s, "
          + ", ".join(f"{a} {b:.1f}s" for a, b in result.seconds.items()), file=sys.stderr)
    for phase, st in (("observe", result.observe), ("feedback", result.feedback), ("evaluate", result.evaluate)):
        print(f"  {phase}: {st.compiled_now} compiles {st.compile_s:.1f} worker-s, {st.runs_now} runs "
              f"{st.run_s:.1f} worker-s ({st.run_s / max(1, st.runs_now) * 1000:.0f} ms/run), "
              f"{st.skipped_now} skipped, {st.shared_now} shared (same executable)", file=sys.stderr)
    own = resource.getrusage(resource.RUSAGE_SELF)
    print(f"  this process: {own.ru_utime + own.ru_stime:.1f} CPU-s (Python, store, sandbox client); "
          f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(f"selection@{k}={result.selection.score:g} ({len(result.selection.decisions)} submissions) "
          f"oracle@{k}={result.oracle_at[k]:g} ratio={ratio:.3f} random@{k}={result.random_at[k]:.2f} "
          f"oracle+random K=1..{k}: {result.baseline_s:.2f}s", file=sys.stderr, flush=True)

    # -- naive judge on a random subset ------------------------------------------------------------
    subset = random.Random(args.seed + 1).sample(samples, min(args.naive, len(samples)))
    items = plan_items(task, generated)
    judge = Judge(task, sandbox, workers)
    task_type = judge.task_type
    for program in task_type.trusted_programs():
        task_type.trusted_program(sandbox, program)
    cases = {t.name: t for t in task.tests}
    gens = {gen_name(g): g for g in generated}
    for name, g in gens.items():
        cases[name] = TestCase(name=name, input=write_input(scratch / "naive-inputs", g))

    def run(job):  # one sample on one input, as the pipeline runs it, without screening
        compiled, source, name = job
        if name in gens:
            return run_generated(judge, compiled, Submission(source=source), cases[name], gens[name].id)
        return judge.evaluate_test(compiled, Submission(source=source), cases[name])

    def naive_compiles(compile_fn):
        hits = compile_module.compile_stats()["cache_hits"]
        t0 = time.perf_counter()
        with mock.patch.object(batch_type, "compile_cpp", compile_fn), \
                mock.patch.object(communication_type, "compile_cpp", compile_fn), \
                mock.patch.object(languages_module, "compile_cpp", compile_fn), \
                ThreadPoolExecutor(max_workers=workers) as ex:  # fmt: skip
            compiled = list(ex.map(lambda s: task_type.compile_candidate(sandbox, s[1]), subset))
        if compile_module.compile_stats()["cache_hits"] != hits:
            sys.exit("naive judge: a compile was answered from the cache (a compile path the bench does not patch)")
        return compiled, time.perf_counter() - t0

    cpu2 = cpu_s(sandbox)
    compiled, naive_compile_s = naive_compiles(functools.partial(host_compile, scratch / "naive-compile"))
    t0 = time.perf_counter()
    jobs = [(c, s[1], it.name) for c, s in zip(compiled, subset) if c.result.ok for it in items]
    with ThreadPoolExecutor(max_workers=workers) as ex:
        list(ex.map(run, jobs))
    naive_run_s = time.perf_counter() - t0
    cpu3 = cpu_s(sandbox)
    naive_s = naive_compile_s + naive_run_s
    naive_est = naive_s / len(subset) * args.n
    print(f"naive: {len(subset)} samples, {len(jobs)} runs in {naive_s:.1f}s (compiles {naive_compile_s:.1f}s, "
          f"runs {naive_run_s:.1f}s)", file=sys.stderr)
    if args.naive_pch:  # the judge's own compile (its PCH kept), cache off; the same runs
        _, pch_compile_s = naive_compiles(functools.partial(compile_module.compile_cpp, use_cache=False))
        pch_est = (pch_compile_s + naive_run_s) / len(subset) * args.n
        print(f"naive with the PCH: compiles {pch_compile_s:.1f}s, naive_pch_s_est={pch_est:.1f} "
              f"speedup_pch={pch_est / pipeline_s:.2f}", file=sys.stderr)

    if pipeline_cpu is not None and cpu2 is not None and cpu3 is not None:  # load moves wall times, not these
        naive_cpu_est = (cpu3 - cpu2) / len(subset) * args.n
        print(f"cpu: pipeline {pipeline_cpu:.1f} CPU-s, naive {cpu3 - cpu2:.1f} CPU-s for {len(subset)} samples "
              f"(est. {naive_cpu_est:.1f} for {args.n}): cpu_speedup={naive_cpu_est / pipeline_cpu:.2f}", file=sys.stderr)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"candidates={args.n} pipeline_s={pipeline_s:.1f} naive_s_est={naive_est:.1f} "
          f"speedup={naive_est / pipeline_s:.2f} candidates_per_core_s={args.n / (pipeline_s * cores):.3f} "
          f"peak_rss_mib={peak:.0f}", flush=True)


def cpu_s(sandbox) -> float | None:
    """CPU seconds used so far by this process, its children (local boxes, host compiles) and the
    sandbox's Docker workers (their cgroups: compiles, runs, the in-container runner); None where a
    worker's cgroup cannot be read."""
    own = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))  # fmt: skip
    workers = getattr(sandbox, "_pool", None)
    if not workers:
        return own
    from judge.sandbox.docker_backend import WORKER_CGROUPS
    from judge.sandbox.protections import CGROUP_ROOT, cgroup_version

    try:
        for w in workers:
            if cgroup_version() == "v1":
                own += int((CGROUP_ROOT / "cpuacct" / WORKER_CGROUPS / w.container.name / "cpuacct.usage")
                           .read_text()) / 1e9  # fmt: skip
            else:
                stat = (CGROUP_ROOT / WORKER_CGROUPS / w.container.name / "cpu.stat").read_text().split()
                own += int(stat[stat.index("usage_usec") + 1]) / 1e6
    except (OSError, ValueError):
        return None
    return own


NAIVE_FLAGS = ["-std=gnu++17", "-O2", "-pipe", "-static"]


def host_compile(workdir: Path, sandbox, files, units, flags=None, use_cache=True):
    """One candidate compiled on its own with plain g++ (bench/compile_throughput.py's naive)."""
    import subprocess

    from judge.compile import Compiled
    from judge.verdict import CompileResult

    workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=workdir) as d:
        for name, data in files.items():
            (Path(d) / name).write_bytes(data)
        start = time.perf_counter()
        done = subprocess.run(["g++", *NAIVE_FLAGS, "-o", "prog", *units], cwd=d, capture_output=True, text=True)
        wall = time.perf_counter() - start
        exe = Path(d) / "prog"
        ok = done.returncode == 0 and exe.exists()
        return Compiled(CompileResult(ok=ok, message=done.stderr[-2000:], wall_s=wall),
                        exe.read_bytes() if ok else None)


def result_key(task) -> str:
    from ioi_agent.pool import task_key

    return task_key(task)


if __name__ == "__main__":
    main()
