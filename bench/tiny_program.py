"""The tiny program both overhead benchmarks time, and how they time it.

A static a+b with stdin and stdout as files, run several ways; `measure` alternates the ways run by
run, in a rotating order, so that machine noise hits all alike, and checks every output.
"""
from __future__ import annotations

import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from judge.sandbox.base import MiB, ProcessSpec, RunLimits

SOURCE = r"""
#include <cstdio>
int main() {
    long long a, b;
    if (std::scanf("%lld %lld", &a, &b) != 2) return 1;
    std::printf("%lld\n", a + b);
}
"""
INPUT, EXPECTED = b"20 22\n", b"42\n"
SPEC = ProcessSpec(argv=["/prog"], workdir="run", limits=RunLimits(cpu_s=1, wall_s=3, memory_bytes=256 * MiB),
                   stdin="input", stdout="output", stderr="stderr")  # fmt: skip


def build(workdir: Path) -> Path:
    """The program, compiled once with the judge's static flags (outside any sandbox: only runs
    are measured)."""
    src, exe = workdir / "sum.cpp", workdir / "sum"
    src.write_text(SOURCE)
    subprocess.run(["g++", "-std=gnu++17", "-O2", "-static", "-o", str(exe), str(src)], check=True)
    return exe


def bare_runner(exe: Path, workdir: Path) -> Callable[[], bytes]:
    """subprocess.run of the program on the host, stdin/stdout files, output read back."""
    infile, outfile = workdir / "input", workdir / "output"
    infile.write_bytes(INPUT)

    def run() -> bytes:
        with open(infile, "rb") as fin, open(outfile, "wb") as fout:
            subprocess.run([str(exe)], stdin=fin, stdout=fout, stderr=subprocess.DEVNULL, check=True)
        return outfile.read_bytes()

    return run


def prepare(box, program: bytes) -> None:
    box.mkdir("run")
    box.write("run/prog", program, executable=True)
    box.write("input", INPUT)


def _server_ns(slot) -> int:
    """CPU nanoseconds the slot's boxrun server has used so far (0 without one)."""
    proc = getattr(getattr(slot, "server", None), "proc", None)
    if proc is None:
        return 0
    try:
        return int(Path(f"/proc/{proc.pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def _box_program_ns(slot) -> int:
    """CPU nanoseconds of the slot's last run, from its box cgroup (boxrun zeroes it per run)."""
    from judge.sandbox.protections import cgroup_dirs

    for d in cgroup_dirs(slot.cgroup) if getattr(slot, "cgroup", None) else []:
        try:
            if (d / "cpuacct.usage").exists():
                return int((d / "cpuacct.usage").read_text())
            if (d / "cpu.stat").exists():
                usec = (d / "cpu.stat").read_text().split("usage_usec ")[1].split()[0]
                return int(usec) * 1000
        except (OSError, ValueError, IndexError):
            pass
    return 0


def _run_in(box) -> tuple[bytes, float]:
    """Run SPEC in `box`; returns the output and the CPU milliseconds getrusage cannot see: a run
    served by a long-lived boxrun (the local sandbox's slots) is neither this process's nor a
    child it waited for, so the server's own CPU and the program's (its box cgroup) are added."""
    slot = getattr(box, "slot", None)
    server = getattr(getattr(slot, "server", None), "proc", None)
    before = _server_ns(slot) if slot is not None else 0
    stats = box.run([SPEC])[0]
    if not stats.ok:
        raise RuntimeError(f"sandboxed run failed: {stats}")
    extra = 0.0
    now = getattr(getattr(slot, "server", None), "proc", None)
    if now is not None:
        if now is not server:  # started (or restarted) by this run: all of it
            before = 0
        extra = (_server_ns(slot) - before + _box_program_ns(slot)) / 1e6
    return box.read("output"), extra


def box_run_runner(box) -> Callable[[], tuple[bytes, float]]:
    """One Box.run of an already prepared box."""
    return lambda: _run_in(box)


def sandbox_runner(sandbox, program: bytes) -> Callable[[], tuple[bytes, float]]:
    """What the judge pays per test: fresh box, program and input written, run, output read, box removed."""

    def run() -> tuple[bytes, float]:
        with sandbox.box() as box:
            prepare(box, program)
            return _run_in(box)

    return run


def cpu_now() -> float:
    """CPU seconds (user + system) of this process and every child it has waited for (boxrun, and the
    program boxrun reaped): unlike wall time, this does not grow when other work shares the cores."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(runners: Mapping[str, Callable[[], bytes | tuple[bytes, float]]], runs: Mapping[str, int], warmup: int,
            cpu: dict[str, list[float]] | None = None) -> dict[str, list[float]]:
    """Milliseconds per call of each runner (`runs[name]` timed calls after `warmup` untimed ones);
    with `cpu`, also the CPU milliseconds of each call (this process and its waited-for children,
    plus what a runner returning `(output, extra_cpu_ms)` reports beside its output)."""
    names = list(runners)
    times: dict[str, list[float]] = {name: [] for name in names}
    if cpu is not None:
        cpu.update({name: [] for name in names})
    for i in range(warmup + max(runs.values())):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            if i >= warmup + runs[name]:
                continue
            start, cpu_start = time.perf_counter(), cpu_now()
            out = runners[name]()
            elapsed, cpu_used = time.perf_counter() - start, cpu_now() - cpu_start
            if isinstance(out, tuple):
                out, extra_ms = out
                cpu_used += extra_ms / 1e3
            if out != EXPECTED:
                raise RuntimeError(f"{name}: wrong output {out!r}")
            if i >= warmup:
                times[name].append(elapsed * 1e3)
                if cpu is not None:
                    cpu[name].append(cpu_used * 1e3)
    return times


def print_table(times: Mapping[str, list[float]]) -> None:
    print(f"{'kind':<12}{'runs':>6}{'median':>10}{'mean':>10}{'min':>10}{'p90':>10}")
    for name, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
        print(f"{name:<12}{len(values):>6}{statistics.median(values):>10.3f}{statistics.mean(values):>10.3f}"
              f"{min(values):>10.3f}{p90:>10.3f}")
