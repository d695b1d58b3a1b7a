"""Per-run overhead of the local sandbox against a bare `subprocess.run` of the same program.

The program is a tiny static a+b (stdin and stdout are files in both cases). Three ways of running
it are timed, alternating run by run (in a rotating order) so that machine noise hits all alike:

  bare      subprocess.run(prog) with stdin/stdout files, output read back
  box-run   one Box.run of an already prepared box (boxrun, uid, chroot, netns, rlimits)
  sandbox   what the judge pays per test: fresh box, program and input written, run, output read,
            box removed (as Batch.evaluate does)

The last line compares `sandbox` with `bare` (medians):
  overhead_ms_per_run=<sandbox - bare> bare_ms=<bare> ratio=<overhead / bare>

    python bench/judge_overhead.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from judge.sandbox.base import MiB, ProcessSpec, RunLimits
from judge.sandbox.local import LocalSandbox

SOURCE = r"""
#include <cstdio>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
}
"""
INPUT, EXPECTED = b"20 22\n", b"42\n"
LIMITS = RunLimits(cpu_s=1, wall_s=3, memory_bytes=256 * MiB)


def build(workdir: Path) -> Path:
    """The program, compiled once with the judge's static flags (outside the sandbox: only runs
    are measured here)."""
    src, exe = workdir / "sum.cpp", workdir / "sum"
    src.write_text(SOURCE)
    subprocess.run(["g++", "-std=gnu++17", "-O2", "-static", "-o", str(exe), str(src)], check=True)
    return exe


def bare_runner(exe: Path, workdir: Path) -> Callable[[], bytes]:
    infile, outfile = workdir / "input", workdir / "output"
    infile.write_bytes(INPUT)

    def run() -> bytes:
        with open(infile, "rb") as fin, open(outfile, "wb") as fout:
            subprocess.run([str(exe)], stdin=fin, stdout=fout, stderr=subprocess.DEVNULL, check=True)
        return outfile.read_bytes()

    return run


SPEC = ProcessSpec(argv=["/prog"], workdir="run", limits=LIMITS, stdin="input", stdout="output", stderr="stderr")


def prepare(box, program: bytes) -> None:
    box.mkdir("run")
    box.write("run/prog", program, executable=True)
    box.write("input", INPUT)


def box_run_runner(box) -> Callable[[], bytes]:
    def run() -> bytes:
        stats = box.run([SPEC])[0]
        if not stats.ok:
            raise RuntimeError(f"sandboxed run failed: {stats}")
        return box.read("output")

    return run


def sandbox_runner(sandbox: LocalSandbox, program: bytes) -> Callable[[], bytes]:
    def run() -> bytes:
        with sandbox.box() as box:
            prepare(box, program)
            stats = box.run([SPEC])[0]
            if not stats.ok:
                raise RuntimeError(f"sandboxed run failed: {stats}")
            return box.read("output")

    return run


def measure(runners: dict[str, Callable[[], bytes]], runs: int, warmup: int) -> dict[str, list[float]]:
    names = list(runners)
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(warmup + runs):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            out = runners[name]()
            elapsed = time.perf_counter() - start
            if out != EXPECTED:
                raise RuntimeError(f"{name}: wrong output {out!r}")
            if i >= warmup:
                times[name].append(elapsed * 1e3)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed runs of each kind (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs of each kind first")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be positive")

    with tempfile.TemporaryDirectory(prefix="judge-overhead-") as tmp:
        workdir = Path(tmp)
        exe = build(workdir)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sandbox = LocalSandbox(base_dir=workdir / "boxes")
        with sandbox.box() as box:
            prepare(box, exe.read_bytes())
            times = measure(
                {"bare": bare_runner(exe, workdir), "box-run": box_run_runner(box),
                 "sandbox": sandbox_runner(sandbox, exe.read_bytes())},
                args.runs, args.warmup,
            )

    confinement = "uid + chroot + network namespace" if sandbox.confined else "limits only (not root)"
    print(f"local sandbox ({confinement}), {args.runs} runs each, alternating; times in ms")
    print(f"{'kind':<10}{'median':>10}{'mean':>10}{'min':>10}{'p90':>10}")
    for name, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
        print(f"{name:<10}{statistics.median(values):>10.3f}{statistics.mean(values):>10.3f}"
              f"{min(values):>10.3f}{p90:>10.3f}")
    bare = statistics.median(times["bare"])
    overhead = statistics.median(times["sandbox"]) - bare
    print(f"box-run overhead (median): {statistics.median(times['box-run']) - bare:.3f} ms")
    print(f"overhead_ms_per_run={overhead:.3f} bare_ms={bare:.3f} ratio={overhead / bare:.3f}")


if __name__ == "__main__":
    sys.exit(main())
