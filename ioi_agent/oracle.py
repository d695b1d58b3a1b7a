"""The two baselines selection is measured against, exact and fast at thousands of candidates.

Oracle: the best task score reachable with K submissions chosen knowing every hidden result. A task
score is the per-subtask best over the submissions, so this is a maximum-coverage problem (NP-hard in
general), solved exactly as a mixed-integer program with HiGHS (`scipy.optimize.milp`, relative gap 0):
x_c in {0, 1} picks candidate c, sum x_c <= K; for each subtask s and each distinct score level
v_1 < v_2 < ... of that subtask, z_{s,l} in [0, 1] with z_{s,l} <= sum of x_c over candidates reaching
v_l; maximise sum_{s,l} (v_l - v_{l-1}) z_{s,l}. Only distinct Pareto-maximal score vectors enter (a
dominated vector never raises a per-subtask maximum). The score reported is recomputed from the
chosen vectors, so it is always reachable; HiGHS proves it is the best (up to its feasibility
tolerance, far below a score's rounding). The exhaustive search in `selection.oracle_score` is the
test oracle for small pools.

Random: the expected score of K distinct samples drawn uniformly from the pool (duplicates counted by
their weights), exactly: for one subtask with n samples of which N_l score at most v_l, the maximum of
a K-subset is at most v_l with probability C(N_l, K) / C(n, K); only the distinct levels are summed.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction
from math import comb

import numpy as np

from judge.scoring import round_score

EPS = 1e-9


def pareto_front(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    """The distinct vectors no other vector dominates (>= everywhere, > somewhere), as rows."""
    if not len(vectors):
        return np.zeros((0, 0))
    rows = np.unique(np.asarray(vectors, dtype=float), axis=0)
    keep = np.ones(len(rows), dtype=bool)
    for i in range(len(rows)):
        if not keep[i]:
            continue
        dominated = np.all(rows[i] >= rows, axis=1) & np.any(rows[i] > rows, axis=1)
        keep &= ~dominated
    return rows[keep]


def _pick(front: np.ndarray, budget: int) -> np.ndarray:
    """Indices of at most `budget` rows of `front` with the best sum of column maxima (the MILP)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    n, n_sub = front.shape
    levels = []  # (subtask, level value, gain over the level below)
    for s in range(n_sub):
        values = sorted(set(front[:, s].tolist()) - {0.0})
        prev = 0.0
        for v in values:
            if v > prev:
                levels.append((s, v, v - prev))
                prev = v
    m = len(levels)
    cost = np.concatenate([np.zeros(n), -np.array([g for _, _, g in levels])])
    a = lil_matrix((m + 1, n + m))
    for row, (s, v, _) in enumerate(levels):  # z_{s,l} - sum_{c reaches v} x_c <= 0
        for c in np.nonzero(front[:, s] >= v - EPS)[0]:
            a[row, c] = -1.0
        a[row, n + row] = 1.0
    a[m, :n] = 1.0  # sum x_c <= K
    upper = np.concatenate([np.zeros(m), [budget]])
    res = milp(cost, constraints=LinearConstraint(a.tocsr(), -np.inf, upper),
               integrality=np.concatenate([np.ones(n), np.zeros(m)]), bounds=Bounds(0, 1),
               options={"mip_rel_gap": 0.0})  # fmt: skip
    if res.x is None:  # pragma: no cover - the all-zero choice is always feasible
        raise RuntimeError(f"oracle MILP failed: {res.message}")
    return np.nonzero(res.x[:n] > 0.5)[0][:budget]


def oracle_curve(points: Sequence[float], vectors: Sequence[Sequence[float]], budgets: Iterable[int | None],
                 precision: int = 2) -> dict[int | None, float]:
    """`oracle_score` for every budget in `budgets`, sharing the front and stopping the solver once a
    budget reaches the pool's best (every larger budget then does too)."""
    front = pareto_front(vectors)
    best_all = float(front.max(axis=0).sum()) if len(front) else 0.0
    out: dict[int | None, float] = {}
    reached: int | None = None
    for k in sorted(set(budgets), key=lambda b: float("inf") if b is None else b):
        if not len(front) or k == 0:
            out[k] = round_score(0.0, precision)
        elif k is None or k >= len(front) or (reached is not None and k >= reached):
            out[k] = round_score(best_all, precision)
        else:
            chosen = front[_pick(front, k)]
            value = float(chosen.max(axis=0).sum()) if len(chosen) else 0.0
            if value >= best_all - EPS:
                reached = k
            out[k] = round_score(value, precision)
    return out


def oracle_score(points: Sequence[float], vectors: Sequence[Sequence[float]], budget: int | None = None,
                 precision: int = 2) -> float:
    """Best task score reachable with `budget` submissions chosen knowing every hidden result
    (None: no limit, i.e. per subtask the best any candidate reaches)."""
    return oracle_curve(points, vectors, [budget], precision)[budget]


def random_curve(vectors: Sequence[Sequence[float]], budgets: Iterable[int],
                 weights: Sequence[int] | None = None) -> dict[int, float]:
    """`random_expected` for every budget in `budgets`, sharing the per-subtask level counts."""
    weights = list(weights) if weights is not None else [1] * len(vectors)
    n = sum(weights)
    columns = []  # per subtask: (value, samples scoring at most it), ascending
    for col in zip(*vectors):
        counts = Counter()
        for x, w in zip(col, weights):
            counts[Fraction(x)] += w
        at_most, acc = [], 0
        for value in sorted(counts):
            acc += counts[value]
            at_most.append((value, acc))
        columns.append(at_most)
    out = {}
    for budget in budgets:
        if n == 0 or budget <= 0:
            out[budget] = 0.0
            continue
        k = min(budget, n)
        total = Fraction(0)
        for at_most in columns:
            below = 0
            for value, count in at_most:  # P(max == value) = (C(count, k) - C(below, k)) / C(n, k)
                total += value * (comb(count, k) - comb(below, k))
                below = count
        out[budget] = float(total / comb(n, k))
    return out


def random_expected(vectors: Sequence[Sequence[float]], budget: int, weights: Sequence[int] | None = None) -> float:
    """Expected task score of `budget` distinct samples drawn uniformly from the pool (duplicates
    counted by `weights`), computed exactly (module doc)."""
    return random_curve(vectors, [budget], weights)[budget]
