"""Judge memory of the default output comparison: the old `split() == split()` against the
streaming comparison (`judge/checkers/tokens.py`), on a 64 MiB output and its answer on disk.

Prints peak Python heap (tracemalloc) and time for both, and the ratio. Usage:
    PYTHONPATH=. python3 bench/token_compare.py [MiB]
"""
from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from judge.checkers import CompareOptions, compare_streams


def measure(fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    ok = fn()
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return ok, peak, elapsed


def main() -> None:
    mib = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    with tempfile.TemporaryDirectory() as d:
        answer, output = Path(d) / "answer", Path(d) / "output"
        line = b"123456 7 89\n"
        with open(answer, "wb") as a, open(output, "wb") as o:
            for _ in range((mib << 20) // len(line)):
                a.write(line)
                o.write(line.replace(b"\n", b" "))

        def split_all():
            return answer.read_bytes().split() == output.read_bytes().split()

        def stream():
            with open(answer, "rb") as a, open(output, "rb") as o:
                return compare_streams(a, o, CompareOptions(case_sensitive=True))[0]

        ok1, peak1, t1 = measure(split_all)
        ok2, peak2, t2 = measure(stream)
    assert ok1 and ok2
    print(f"{mib} MiB output: split {peak1 / 2**20:.0f} MiB peak, {t1:.1f} s; "
          f"streaming {peak2 / 2**20:.2f} MiB peak, {t2:.1f} s; memory ratio {peak1 / max(peak2, 1):.0f}x, "
          f"time ratio {t2 / t1:.1f}x")


if __name__ == "__main__":
    main()
