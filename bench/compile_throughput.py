"""Compile throughput: naive per-candidate compilation against the judge's compile pipeline.

The batch is what sampling many candidates produces: distinct programs using <bits/stdc++.h> (each
a generated variant: its own constants, container and algorithm), plus duplicates in a realistic
proportion: exact copies and copies differing only in line endings / trailing blanks (the default
mix is 12 distinct + 4 exact + 4 whitespace variants = 20 candidates, 40% duplicates). The cache is
keyed by exact bytes (GCC gives meaning to some blanks), so whitespace variants compile again: only
the exact copies are free.

  naive  `g++ -std=gnu++17 -O2 -pipe -static` per candidate on the host, one after another, no
         cache, no precompiled header (every duplicate compiled again)
  ours   compile_cpp with the IOI flags (-Wall -g too: more work than naive), sandboxed, on a
         fresh empty compile cache (IOI_AGENT_CACHE), through a pool of sandbox.workers threads:
         exact-byte cache, in-process dedup, precompiled header

The precompiled header is built once per machine and flag set (like the Docker image's, which is
built with the image); its one-time build is timed separately, before the batch, and a line
including it is printed too. Last line:
  naive_s_per_candidate=<a> ours_s_per_candidate=<b> speedup=<a/b>

    python bench/compile_throughput.py [--distinct 12] [--exact 4] [--whitespace 4] [--backend local]
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

NAIVE_FLAGS = ["-std=gnu++17", "-O2", "-pipe", "-static"]

VARIANTS = [
    ("vector<long long>", "sort(v.begin(), v.end());"),
    ("vector<long long>", "sort(v.rbegin(), v.rend());"),
    ("deque<long long>", "sort(v.begin(), v.end());"),
    ("vector<long long>", "nth_element(v.begin(), v.begin() + v.size() / 2, v.end());"),
]


def candidate(k: int) -> str:
    """A distinct, typical contest program: reads n numbers, a container, a map, a priority queue."""
    container, algo = VARIANTS[k % len(VARIANTS)]
    return f"""#include <bits/stdc++.h>
using namespace std;
const long long MOD = {1_000_000_007 + 2 * k};
int main() {{
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    if (!(cin >> n)) return 0;
    {container} v(n);
    for (auto &x : v) cin >> x;
    {algo}
    map<long long, int> cnt;
    priority_queue<long long> pq;
    for (auto x : v) {{ cnt[x % {k + 3}]++; pq.push(x); }}
    long long ans = 0;
    while (!pq.empty()) {{ ans = (ans * {31 + k} + pq.top()) % MOD; pq.pop(); }}
    cout << ans << ' ' << cnt.size() << '\\n';
}}
"""


def make_batch(distinct: int, exact: int, whitespace: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    base = [candidate(k) for k in range(distinct)]
    batch = list(base)
    batch += [rng.choice(base) for _ in range(exact)]
    batch += [rng.choice(base).replace("\n", " \r\n") + "\r\n" for _ in range(whitespace)]
    rng.shuffle(batch)
    return batch


def naive(batch: list[str], workdir: Path) -> float:
    start = time.perf_counter()
    for i, source in enumerate(batch):
        src = workdir / f"naive{i}.cpp"
        src.write_text(source)
        subprocess.run(["g++", *NAIVE_FLAGS, "-o", str(workdir / f"naive{i}"), str(src)], check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distinct", type=int, default=12)
    parser.add_argument("--exact", type=int, default=4, help="exact duplicates")
    parser.add_argument("--whitespace", type=int, default=4, help="duplicates differing in line ends / blanks")
    parser.add_argument("--backend", default="local", choices=["local", "docker"])
    args = parser.parse_args(argv)
    if args.distinct < 1:
        parser.error("--distinct must be positive")
    batch = make_batch(args.distinct, args.exact, args.whitespace)

    with tempfile.TemporaryDirectory(prefix="compile-throughput-") as tmp:
        workdir = Path(tmp)
        os.environ["IOI_AGENT_CACHE"] = str(workdir / "cache")  # fresh: nothing compiled, no PCH
        from judge.compile import IOI_FLAGS, compile_cpp, compile_stats, pch_include_dir
        from judge.sandbox import make_sandbox

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sandbox = make_sandbox(args.backend)
        naive_s = naive(batch, workdir)

        pch_s = 0.0
        if args.backend == "local":
            start = time.perf_counter()
            if pch_include_dir(IOI_FLAGS) is None:
                print("warning: GCC does not use a PCH here; the pipeline runs without one", file=sys.stderr)
            pch_s = time.perf_counter() - start

        before = compile_stats()
        start = time.perf_counter()
        with ThreadPoolExecutor(sandbox.workers) as pool:
            results = list(pool.map(lambda s: compile_cpp(sandbox, {"sol.cpp": s.encode()}, ["sol.cpp"]), batch))
        ours_s = time.perf_counter() - start
        stats = {k: v - before[k] for k, v in compile_stats().items()}
        if hasattr(sandbox, "close"):
            sandbox.close()
    failed = [r.result.message[:200] for r in results if not r.result.ok]
    if failed:
        print(f"compile failed: {failed[0]}", file=sys.stderr)
        return 1

    n = len(batch)
    print(f"batch: {n} candidates = {args.distinct} distinct + {args.exact} exact duplicates + "
          f"{args.whitespace} line-end/blank variants; backend {args.backend}, {sandbox.workers} workers")  # fmt: skip
    print(f"naive: {naive_s:.2f} s for {n} compiles ({' '.join(NAIVE_FLAGS)}, sequential)")
    print(f"ours:  {ours_s:.2f} s; compiler ran {stats['compiles']} times, {stats['shared']} shared in flight, "
          f"{stats['cache_hits']} cache hits")  # fmt: skip
    if args.backend == "local":
        print(f"one-time PCH build: {pch_s:.2f} s; including it: "
              f"speedup={naive_s / (ours_s + pch_s):.2f}")  # fmt: skip
    a, b = naive_s / n, ours_s / n
    print(f"naive_s_per_candidate={a:.3f} ours_s_per_candidate={b:.3f} speedup={a / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
