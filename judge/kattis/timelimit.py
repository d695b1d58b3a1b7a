"""The Kattis time-limit rule, measured once per package and cached.

problemtools' rule: the slowest accepted submission's time (its slowest test) × the multiplier
(`time_multiplier`, draft `ac_to_time_limit`), rounded up to whole seconds, at least 1 s. A
submission that must time out (`time_limit_exceeded/`) has to exceed the limit even when given
limit × `time_safety_margin` (draft `time_limit_to_tle`); submissions are run once under that
higher limit and their times compared with both. The measurement is cached under the judge cache,
keyed by the package's problem.yaml, accepted sources and test data (names, sizes, mtimes).
"""
from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

from judge.paths import cache_dir


def time_limit_rule(slowest_accepted_s: float, multiplier: float) -> float:
    """problemtools' `_compute_time_limit` for a measured package."""
    return float(max(1, math.ceil(slowest_accepted_s * multiplier - 1e-9)))


def package_key(root: Path) -> str:
    h = hashlib.sha256(b"kattis-timelimit-1\0")
    for rel in ("problem.yaml",):
        p = root / rel
        if p.is_file():
            h.update(p.read_bytes())
    for folder in ("submissions/accepted", "include", "output_validators", "output_validator"):
        base = root / folder
        if base.is_dir():
            for p in sorted(base.rglob("*")):
                if p.is_file():
                    h.update(str(p.relative_to(root)).encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    data = root / "data"
    if data.is_dir():
        for p in sorted(data.rglob("*")):
            if p.is_file():
                st = p.stat()
                h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def _cache_file(root: Path) -> Path:
    folder = cache_dir() / "kattis-timelimits"
    folder.mkdir(exist_ok=True)
    return folder / f"{package_key(root)}.json"


def cached_time_limit(root: Path) -> float | None:
    path = _cache_file(root)
    if not path.is_file():
        return None
    try:
        return float(json.loads(path.read_text())["time_limit_s"])
    except (ValueError, KeyError, OSError):
        return None


def store_time_limit(root: Path, time_limit_s: float, slowest_s: float, slowest_program: str) -> None:
    path = _cache_file(root)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"time_limit_s": time_limit_s, "slowest_accepted_s": slowest_s,
                               "slowest_program": slowest_program, "package": str(root)}))  # fmt: skip
    tmp.replace(path)
