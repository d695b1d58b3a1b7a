"""Rebuilds tests/ of every problem of this contest (deterministic; run from anywhere)."""
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write(problem, tests):
    folder = HERE / problem / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for i, (inp, ans) in enumerate(tests, 1):
        (folder / f"{i:02d}").write_text(inp)
        (folder / f"{i:02d}.a").write_text(ans)


def maxsub(values):
    best, cur = values[0], 0
    for v in values:
        cur = max(v, cur + v)
        best = max(best, cur)
    return f"{len(values)}\n{' '.join(map(str, values))}\n", f"{best}\n"


def maxsub_tests(rng):
    return [
        maxsub([2, -3, 4, -1, 2, -5, 3]),
        maxsub([-5, -2, -8, -3]),
        maxsub([10**9] * 8 + [-1] + [10**9] * 8),
        maxsub([rng.randint(-10**9, 10**9) for _ in range(3000)]),
        maxsub([rng.randint(-1000, 999) for _ in range(200000)]),
    ]


def smallest_divisor(n):
    d = 2
    while d * d <= n:
        if n % d == 0:
            return d
        d += 1
    return -1


def divisor(numbers):
    return (f"{len(numbers)}\n" + "".join(f"{n}\n" for n in numbers),
            "".join(f"{smallest_divisor(n)}\n" for n in numbers))


BIG_PRIMES = [999999999989, 999999999961, 999999999959, 999999999937, 999999999899, 999999999877]


def divisor_tests(rng):
    return [
        divisor([12, 7, 35, 97]),
        divisor([4, 9, 49, 2, 3]),
        divisor([1000003 * 1000003, 999983 * 999983, 10**12, 999999999989]),
        divisor([rng.randint(2, 10**6) for _ in range(20)]),
        divisor(BIG_PRIMES + [rng.randint(2, 10**12) for _ in range(4)]),
    ]


def inversions(values):
    order = sorted(set(values))
    rank = {v: i + 1 for i, v in enumerate(order)}
    tree = [0] * (len(order) + 1)
    count = 0
    for seen, v in enumerate(values):
        i, not_greater = rank[v], 0
        while i > 0:
            not_greater += tree[i]
            i -= i & -i
        count += seen - not_greater
        i = rank[v]
        while i <= len(order):
            tree[i] += 1
            i += i & -i
    return f"{len(values)}\n{' '.join(map(str, values))}\n", f"{count}\n"


def inversions_tests(rng):
    return [
        inversions([3, 1, 4, 2, 5]),
        inversions([2, 2, 1, 2, 1]),
        inversions([7] * 10),
        inversions([rng.randint(1, 50) for _ in range(2000)]),
        inversions([rng.randint(1, 10**9) for _ in range(100000)]),
    ]


def main():
    rng = random.Random(917)
    write("maxsub", maxsub_tests(rng))
    write("divisor", divisor_tests(rng))
    write("inversions", inversions_tests(rng))


if __name__ == "__main__":
    main()
