"""Judge memory: how much the judge process itself grows judging one big contestant output.

A plain Batch task whose test makes the program print `--mib` MiB (64 by default: the default output
limit), judged twice in a fresh interpreter per case: once on a one-byte output (compiles, warms up:
the baseline), then on the big one; the figure is the growth of the interpreter's peak RSS
(ru_maxrss) between the two (VmHWM after resetting it through /proc/self/clear_refs: ru_maxrss would carry
the parent's peak across fork and exec), i.e. what the judge paid for the contestant's output. Cases: the token
comparison (no checker) and a checker (a CMS checker that reads the whole output).

    python bench/judge_memory.py [--mib 64]

Last line: token_mib=<a> checker_mib=<b> output_mib=<size> ratio=<max(a, b)/size> (growth of the
judge's peak in MiB, against the baseline judged in the same run; a ratio >= 1 means the judge holds
the output whole).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PRINT_N = (REPO / "tests" / "programs" / "print_n.cpp").read_text()  # prints n bytes, n from stdin
CHECKER = (REPO / "tests" / "programs" / "accept_checker.cpp").read_text()  # reads it all, accepts
ONE_CASE = textwrap.dedent("""
    import json, sys, warnings
    from pathlib import Path
    from judge.judging import Judge
    from judge.model import Limits, Subtask, Task, TestCase
    from judge.sandbox.local import LocalSandbox
    root, size, source = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    checker = root / "checker.cpp" if (root / "checker.cpp").exists() else None
    task = Task(code="io", name="IO", task_type="Batch", limits=Limits(time_s=10, memory_bytes=512 << 20),
                tests=(TestCase(name="t1", input=root / "t1.in", output=root / "t1.out"),),
                subtasks=(Subtask(index=0, name="all", points=100, tests=("t1",)),), root=root, checker=checker)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        judge = Judge(task, LocalSandbox(workers=1))
    (root / "t1.in").write_text("1\\n"); (root / "t1.out").write_text("\\n")
    judge.judge(source)
    (root / "t1.in").write_text(f"{size}\\n"); (root / "t1.out").write_bytes(sys.stdin.buffer.read())
    def kib(field):
        return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(field + ":"))
    Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current RSS
    base = kib("VmRSS")
    r = judge.judge(source).tests[0]
    grew = kib("VmHWM") - base
    print(json.dumps({"verdict": r.verdict.value, "base_mib": base / 1024, "grew_mib": grew / 1024}))
""")


def expected(n: int) -> bytes:
    line = b"\n" + b"y" * 63
    return (line * (n // 64 + 1))[:n]


def run_case(root: Path, size: int, checker: bool) -> dict:
    root.mkdir(parents=True)
    if checker:
        (root / "checker.cpp").write_text(CHECKER)
    proc = subprocess.run([sys.executable, "-c", ONE_CASE, str(root), str(size), PRINT_N], input=expected(size),
                          capture_output=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"case failed: {proc.stderr.decode(errors='replace')[-2000:]}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=64, help="output size in MiB")
    args = parser.parse_args(argv)
    size = args.mib * 2**20
    with tempfile.TemporaryDirectory(prefix="judge-memory-") as tmp:
        os.environ.setdefault("IOI_AGENT_CACHE", str(Path(tmp) / "cache"))
        token = run_case(Path(tmp) / "token", size, checker=False)
        check = run_case(Path(tmp) / "checker", size, checker=True)
    for name, r in (("token comparison", token), ("checker", check)):
        print(f"{name}: verdict {r['verdict']}, judge peak {r['base_mib']:.0f} MiB before, "
              f"+{r['grew_mib']:.0f} MiB for a {args.mib} MiB output")  # fmt: skip
    worst = max(token["grew_mib"], check["grew_mib"])
    print(f"token_mib={token['grew_mib']:.0f} checker_mib={check['grew_mib']:.0f} output_mib={args.mib} "
          f"ratio={worst / args.mib:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
