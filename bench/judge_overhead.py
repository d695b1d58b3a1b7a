"""Per-run overhead of the local sandbox against a bare `subprocess.run` of the same program.

The program is a tiny static a+b (stdin and stdout are files in both cases). Three ways of running
it are timed, alternating run by run (in a rotating order) so that machine noise hits all alike:

  bare      subprocess.run(prog) with stdin/stdout files, output read back
  box-run   one Box.run of an already prepared box (boxrun, uid, chroot, netns, rlimits)
  sandbox   what the judge pays per test: fresh box, program and input written, run, output read,
            box removed (as Batch.evaluate does)

The last line compares `sandbox` with `bare` (medians):
  overhead_ms_per_run=<sandbox - bare> bare_ms=<bare> ratio=<overhead / bare>

CPU per run is this process's and its waited-for children's (getrusage), plus, for a run a slot's
long-lived `boxrun --serve` answered (neither this process nor a child it waited for), that server's
CPU (/proc/PID/schedstat) and the program's (its box cgroup's CPU counter, which boxrun zeroes per
run); only the program's few system calls before it joins its cgroup go uncounted.

    python bench/judge_overhead.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

from tiny_program import bare_runner, box_run_runner, build, measure, prepare, print_table, sandbox_runner

from judge.sandbox.local import LocalSandbox

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
            cpu: dict[str, list[float]] = {}
            times = measure(
                {"bare": bare_runner(exe, workdir), "box-run": box_run_runner(box),
                 "sandbox": sandbox_runner(sandbox, exe.read_bytes())},
                {"bare": args.runs, "box-run": args.runs, "sandbox": args.runs}, args.warmup, cpu,
            )

    on = [layer.name for layer in sandbox.layers.layers if layer.available]
    confinement = " + ".join(on) + (" + chroot" if sandbox.confined else "") if on else "limits only"
    print(f"local sandbox ({confinement}), {args.runs} runs each, alternating; times in ms")
    print_table(times)
    bare = statistics.median(times["bare"])
    overhead = statistics.median(times["sandbox"]) - bare
    print(f"box-run overhead (median): {statistics.median(times['box-run']) - bare:.3f} ms")
    print("CPU ms per run (this process + waited-for children; insensitive to other load):")
    print_table(cpu)
    cpu_overhead = statistics.median(cpu["sandbox"]) - statistics.median(cpu["bare"])
    print(f"cpu_overhead_ms_per_run={cpu_overhead:.3f}")
    print(f"overhead_ms_per_run={overhead:.3f} bare_ms={bare:.3f} ratio={overhead / bare:.3f}")


if __name__ == "__main__":
    sys.exit(main())
