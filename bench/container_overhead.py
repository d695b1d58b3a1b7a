"""Per-run cost of the Docker backend against a bare fork/exec, and against a `docker exec` per run.

The program is a tiny static a+b (stdin and stdout are files in every case). Three ways of running
it are timed, alternating run by run in a rotating order so that machine noise hits all alike:

  bare         subprocess.run(prog) on the host, stdin/stdout files, output read back
  box-run      Box.run of an already prepared box of the Docker backend (the runner inside a
               long-lived worker container: boxrun, own uid, chroot, rlimits), output read back
  docker-exec  container.exec_run (Docker SDK) of `sh -c 'prog < input > output; cat output'` in a
               running container of the same image: what a container-per-run design pays at least

A fourth line, `sandbox`, is what the judge pays per test (fresh box, program and input written,
run, output read, box removed), for information.

The last line: overhead_ms_per_run=<box-run - bare> docker_exec_ms=<docker-exec> bare_ms=<bare>
(medians). Exits with status 2 and a one-line reason when no Docker daemon with the image answers.

    python bench/container_overhead.py [--runs N] [--exec-runs N]
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
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


def sandbox_runner(sandbox, program: bytes) -> Callable[[], bytes]:
    def run() -> bytes:
        with sandbox.box() as box:
            prepare(box, program)
            if not box.run([SPEC])[0].ok:
                raise RuntimeError("sandboxed run failed")
            return box.read("output")

    return run


def exec_container(client, image: str, program: bytes):
    """A plain running container of the sandbox image holding the program and its input in /tmp."""
    container = client.containers.run(image, ["sleep", "infinity"], detach=True, auto_remove=True,
                                      network_mode="none")  # fmt: skip
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for name, data, mode in (("prog", program, 0o755), ("input", INPUT, 0o644)):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            tar.addfile(info, io.BytesIO(data))
    container.put_archive("/tmp", archive.getvalue())
    return container


def exec_runner(container) -> Callable[[], bytes]:
    cmd = ["sh", "-c", "/tmp/prog < /tmp/input > /tmp/output && cat /tmp/output"]

    def run() -> bytes:
        code, out = container.exec_run(cmd)
        if code != 0:
            raise RuntimeError(f"docker exec failed ({code}): {out!r}")
        return out

    return run


def measure(runners: dict[str, Callable[[], bytes]], runs: dict[str, int], warmup: int) -> dict[str, list[float]]:
    names = list(runners)
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(warmup + max(runs.values())):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            if i >= warmup + runs[name]:
                continue
            start = time.perf_counter()
            out = runners[name]()
            elapsed = time.perf_counter() - start
            if out != EXPECTED:
                raise RuntimeError(f"{name}: wrong output {out!r}")
            if i >= warmup:
                times[name].append(elapsed * 1e3)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timed runs of bare, box-run and sandbox")
    parser.add_argument("--exec-runs", type=int, default=40, help="timed docker exec runs (slow)")
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.exec_runs < 1:
        parser.error("run counts must be positive")

    try:
        from judge.sandbox.docker_backend import (
            DockerSandbox,
            _client,
            docker_available,
            image_tag,
        )
    except ImportError as e:
        print(f"container_overhead: Docker SDK not installed ({e})", file=sys.stderr)
        return 2
    image = image_tag()
    if not docker_available(image):
        print(f"container_overhead: no Docker daemon answering with image {image} "
              "(start dockerd and run sandbox/build-image.sh)", file=sys.stderr)  # fmt: skip
        return 2

    with tempfile.TemporaryDirectory(prefix="container-overhead-") as tmp:
        workdir = Path(tmp)
        exe = build(workdir)
        program = exe.read_bytes()
        container = None
        with DockerSandbox(workers=1, image=image) as sandbox:
            try:
                container = exec_container(_client(), image, program)
                with sandbox.box() as box:
                    prepare(box, program)
                    runners = {"bare": bare_runner(exe, workdir), "box-run": box_run_runner(box),
                               "sandbox": sandbox_runner(sandbox, program), "docker-exec": exec_runner(container)}
                    runs = {"bare": args.runs, "box-run": args.runs, "sandbox": args.runs,
                            "docker-exec": args.exec_runs}  # fmt: skip
                    times = measure(runners, runs, args.warmup)
            finally:
                if container is not None:
                    container.remove(force=True)

    print(f"docker backend ({image}), times in ms, medians of alternating runs")
    print(f"{'kind':<12}{'runs':>6}{'median':>10}{'mean':>10}{'min':>10}{'p90':>10}")
    for name, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
        print(f"{name:<12}{len(values):>6}{statistics.median(values):>10.3f}{statistics.mean(values):>10.3f}"
              f"{min(values):>10.3f}{p90:>10.3f}")
    bare = statistics.median(times["bare"])
    print(f"per-test overhead with a fresh box (sandbox - bare): {statistics.median(times['sandbox']) - bare:.3f} ms")
    print(f"overhead_ms_per_run={statistics.median(times['box-run']) - bare:.3f} "
          f"docker_exec_ms={statistics.median(times['docker-exec']):.3f} bare_ms={bare:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
