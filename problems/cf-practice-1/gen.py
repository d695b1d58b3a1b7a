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


def rangesum(n, q, values, queries):
    prefix = [0]
    for v in values:
        prefix.append(prefix[-1] + v)
    inp = f"{n} {q}\n{' '.join(map(str, values))}\n" + "".join(f"{l} {r}\n" for l, r in queries)
    return inp, "".join(f"{prefix[r] - prefix[l - 1]}\n" for l, r in queries)


def rangesum_tests(rng):
    tests = [rangesum(5, 3, [1, 2, 3, 4, 5], [(1, 5), (2, 3), (4, 4)])]
    values = [rng.randint(-10**9, 10**9) for _ in range(10)]
    tests.append(rangesum(10, 5, values, [(1, 10), (3, 7), (5, 5), (1, 1), (2, 9)]))
    values = [10**9] * 50
    tests.append(rangesum(50, 4, values, [(1, 50), (1, 3), (10, 20), (7, 7)]))
    n = 1000
    values = [rng.randint(-10**9, 10**9) for _ in range(n)]
    qs = [tuple(sorted((rng.randint(1, n), rng.randint(1, n)))) for _ in range(1000)]
    tests.append(rangesum(n, len(qs), values, qs))
    n = q = 100000
    values = [rng.randint(-9, 9) for _ in range(n)]
    qs = [(rng.randint(1, 10), rng.randint(n - 10, n)) for _ in range(q)]
    tests.append(rangesum(n, q, values, qs))
    return tests


def pairsum(values, s):
    seen = {}
    answer = "-1\n"
    for j, v in enumerate(values, 1):
        if s - v in seen:
            answer = f"{seen[s - v]} {j}\n"
            break
        seen.setdefault(v, j)
    return f"{len(values)} {s}\n{' '.join(map(str, values))}\n", answer


def pairsum_tests(rng):
    tests = [pairsum([3, 1, 4, 5, 1], 9), pairsum([2, 7, 11, 15], 100)]
    tests.append(pairsum([5, 8, 1, 9, 3, 6], 6))
    values = [rng.randint(1, 10**9) for _ in range(2000)]
    tests.append(pairsum(values, values[17] + values[1900]))
    values = [2 * rng.randint(1, 5 * 10**8) for _ in range(100000)]
    tests.append(pairsum(values, 2 * 10**9 - 1))
    return tests


def primecount(n):
    sieve = bytearray([1]) * (n + 1)
    sieve[0:2] = b"\0\0"[: min(2, n + 1)]
    for i in range(2, int(n**0.5) + 1):
        if sieve[i]:
            sieve[i * i :: i] = bytearray(len(range(i * i, n + 1, i)))
    return f"{n}\n", f"{sum(sieve)}\n"


def primecount_tests():
    return [primecount(n) for n in (10, 13, 1, 2, 9973, 10**7 - 9)]


def standings(rng):
    """A made-up field of rated participants in the list form of ../shared/codeforces/ (no official
    rating changes: [handle, points, penalty, oldRating]), best first."""
    import json
    rows = []
    for k in range(24):
        rating = rng.randint(1100, 2400)
        solved = [v for v, need in ((500, 900), (1000, 1300), (1500, 1700)) if rating + rng.randint(-300, 300) > need]
        speed = (2500 - rating) / 1400  # stronger participants solve sooner
        points = sum(max(0.3 * v, v * (1 - round(rng.randint(4, 100) * speed) / 250) - 50 * rng.randint(0, 2))
                     for v in solved)
        rows.append([f"practice_{k + 1:02d}", round(points), 0, rating])
    rows.sort(key=lambda r: -r[1])
    (HERE / "standings.json").write_text(json.dumps(rows) + "\n")


def main():
    rng = random.Random(1305)
    standings(random.Random(2020))
    write("rangesum", rangesum_tests(rng))
    write("pairsum", pairsum_tests(rng))
    write("primecount", primecount_tests())


if __name__ == "__main__":
    main()
