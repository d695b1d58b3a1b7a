"""Output checking: the default token comparison (`tokens`) and checker protocols as plug-ins.

A checker *protocol* says how a task's checker program is called and how what it leaves is read:

- `cms`: `checker input answer output`; score in [0, 1] on stdout, outcome and message on stderr
  (also the official IOI 2024 testlib);
- `testlib`: `checker input output answer`; exit 0 OK, 1 WA, 2 PE, 3 FAIL (judge error), 7 points;
  the protocol of Polygon/Codeforces checkers;
- `kattis`: `validator input answer feedback_dir [flags] < output`; exit 42 accepted, 43 wrong
  answer, anything else a judge error; `score.txt` and `judgemessage.txt` in the feedback dir.

Adding a protocol is one module with a `PROTOCOL` object plus one line in `PROTOCOLS`.
"""
from __future__ import annotations

from judge.checkers.base import (
    JUDGE_FAILURE, PROTOCOL_VIOLATION, CheckerOutcome, CheckerProtocol, CheckerRun, read_checker_output,
)  # fmt: skip
from judge.checkers.tokens import CompareOptions, compare_streams, tokens_equal


def protocols() -> dict[str, CheckerProtocol]:
    from judge.checkers import cms, kattis, testlib

    return {p.PROTOCOL.name: p.PROTOCOL for p in (cms, testlib, kattis)}


def get_protocol(name: str) -> CheckerProtocol:
    known = protocols()
    try:
        return known[name]
    except KeyError:
        raise ValueError(f"unknown checker protocol {name!r} (known: {', '.join(known)})") from None


__all__ = [
    "JUDGE_FAILURE", "PROTOCOL_VIOLATION", "CheckerOutcome", "CheckerProtocol", "CheckerRun", "CompareOptions",
    "compare_streams", "get_protocol", "protocols", "read_checker_output", "tokens_equal",
]  # fmt: skip
