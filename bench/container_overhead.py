"""Per-run cost of the Docker backend against a bare fork/exec, and against a `docker exec` per run.

The program is a tiny static a+b (stdin and stdout are files in every case). Three ways of running
it are timed, alternating run by run in a rotating order so that machine noise hits all alike:

  bare         subprocess.run(prog) on the host, stdin/stdout files, output read back
  box-run      Box.run of an already prepared box of the Docker backend (the runner inside a
               long-lived worker container: boxrun, own uid, chroot, rlimits), output read back
  docker-exec  container.exec_run (Docker SDK) of `sh -c 'prog < input > output; cat output'` in a
               running container of the same image: what a container-per-run design pays at least

  sandbox      what the judge pays per test: fresh box, program and input written, run, output
               read, box removed (as Batch.evaluate does), as bench/judge_overhead.py times it

Load-insensitive figures follow: requests to the worker per call (round trips), and CPU ms per call
of this process, its children and the worker container (its host cgroup, when it has one).

The last line, comparable with bench/judge_overhead.py's, compares `sandbox` with `bare` (medians):
  overhead_ms_per_run=<sandbox - bare> bare_ms=<bare> ratio=<overhead / bare> docker_exec_ms=<docker-exec>
Exits with status 2 and a one-line reason when no Docker daemon with the image answers.

    python bench/container_overhead.py [--runs N] [--exec-runs N]
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from tiny_program import INPUT, bare_runner, box_run_runner, build, measure, prepare, print_table, sandbox_runner


def counted(fn: Callable[[], bytes], worker, name: str, requests: dict[str, list[int]],
            worker_cpu: dict[str, list[float]]) -> Callable[[], bytes]:
    """`fn`, also recording the worker requests and the worker's CPU ms of each call."""
    requests[name], worker_cpu[name] = [], []

    def run() -> bytes:
        n, cpu = worker.requests, worker.cpu_s()
        out = fn()
        requests[name].append(worker.requests - n)
        after = worker.cpu_s()
        worker_cpu[name].append((after - cpu) * 1e3 if cpu is not None and after is not None else 0.0)
        return out

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
                    worker = box.worker
                    requests: dict[str, list[int]] = {}
                    worker_cpu: dict[str, list[float]] = {}
                    runners = {"bare": bare_runner(exe, workdir),
                               "box-run": counted(box_run_runner(box), worker, "box-run", requests, worker_cpu),
                               "sandbox": counted(sandbox_runner(sandbox, program), worker, "sandbox", requests,
                                                  worker_cpu),
                               "docker-exec": exec_runner(container)}
                    runs = {"bare": args.runs, "box-run": args.runs, "sandbox": args.runs,
                            "docker-exec": args.exec_runs}  # fmt: skip
                    cpu: dict[str, list[float]] = {}
                    times = measure(runners, runs, args.warmup, cpu)
            finally:
                if container is not None:
                    container.remove(force=True)

    print(f"docker backend ({image}), times in ms, medians of alternating runs")
    print_table(times)
    bare = statistics.median(times["bare"])
    for name in ("box-run", "sandbox"):
        timed = requests[name][-len(times[name]):]
        print(f"{name}: {statistics.mean(timed):.2f} worker requests per call")
    print("CPU ms per call (this process + its children + the worker container; insensitive to other load):")
    for name in ("box-run", "sandbox"):  # the worker's share, aligned with measure's timed calls
        cpu[name] = [c + w for c, w in zip(cpu[name], worker_cpu[name][-len(cpu[name]):])]
    cpu.pop("docker-exec")  # its work is done by dockerd and the container, neither counted here
    print_table(cpu)
    print(f"cpu_overhead_ms_per_run={statistics.median(cpu['sandbox']) - statistics.median(cpu['bare']):.3f}")
    overhead = statistics.median(times["sandbox"]) - bare
    print(f"box-run overhead (median): {statistics.median(times['box-run']) - bare:.3f} ms")
    print(f"overhead_ms_per_run={overhead:.3f} bare_ms={bare:.3f} ratio={overhead / bare:.3f} "
          f"docker_exec_ms={statistics.median(times['docker-exec']):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
