"""Checker protocols and the streaming token comparison.

The Polygon test builds a package whose checker speaks testlib's protocol (verdict by exit code,
message on stderr, as `std::ncmp` does); before protocols were plug-ins every such run was a JE."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judge.checkers import CheckerRun, CompareOptions, compare_streams, get_protocol
from judge.checkers import tokens as tk
from judge.judging import Judge
from judge.loaders import load_task
from judge.sandbox import make_sandbox
from judge.sandbox.base import RunStats, RunStatus
from judge.verdict import Verdict

words = st.lists(st.text(alphabet="abcXYZ019.-", min_size=1, max_size=8), max_size=30)
spaces = st.sampled_from([" ", "\n", "\t", "  ", " \r\n"])


@settings(max_examples=200, deadline=None)
@given(words, words, st.data())
def test_streaming_comparison_agrees_with_splitting(a, b, data) -> None:
    """Whatever the chunking, the streaming comparison is `split() == split()` (case-sensitive)."""
    def render(ws):
        return "".join(w + data.draw(spaces) for w in ws).encode()
    ea, eb = render(a), render(b)
    old = tk.CHUNK, tk.MAX_TOKEN
    tk.CHUNK, tk.MAX_TOKEN = data.draw(st.integers(1, 7)), data.draw(st.integers(1, 12))  # long words digested
    try:
        got = compare_streams(io.BytesIO(ea), io.BytesIO(eb), CompareOptions(case_sensitive=True))[0]
        folded = compare_streams(io.BytesIO(ea), io.BytesIO(eb), CompareOptions())[0]
    finally:
        tk.CHUNK, tk.MAX_TOKEN = old
    assert got == (ea.split() == eb.split())
    assert folded == (ea.lower().split() == eb.lower().split())


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e6, 1e6), st.floats(-1e-3, 1e-3))
def test_float_tolerance(value, delta) -> None:
    opts = CompareOptions.parse(["float_absolute_tolerance", "1e-4"])
    want = f"{value:.6f}".encode()
    got = repr(float(want) + delta).encode()
    ok = compare_streams(io.BytesIO(want), io.BytesIO(got), opts)[0]
    assert ok == (abs(float(want) - float(got)) <= 1e-4)


def test_comparison_flags() -> None:
    def same(a: bytes, b: bytes, *flags: str) -> bool:
        return compare_streams(io.BytesIO(a), io.BytesIO(b), CompareOptions.parse(flags))[0]

    assert same(b"Yes\n", b"yes")  # Kattis' default ignores case
    assert not same(b"Yes\n", b"yes", "case_sensitive")
    assert same(b"1 2\n", b"1   2")
    assert not same(b"1 2\n", b"1   2\n", "space_change_sensitive")
    assert same(b"1 2\n", b"1 2\n", "space_change_sensitive")
    assert same(b"0.0314\n", b"3.14000000e-2", "float_tolerance", "1e-6")
    assert not same(b"200\n", b"2.0e2", "float_tolerance", "1e-6")  # integers stay exact
    with pytest.raises(ValueError, match="unknown default-validator flag"):
        CompareOptions.parse(["float_tolerence", "1"])


def test_long_tokens_compare_in_constant_memory() -> None:
    big = b"7" * (5 * tk.MAX_TOKEN + 3)
    assert compare_streams(io.BytesIO(big + b" 1"), io.BytesIO(big + b"\n1\n"))[0]
    assert not compare_streams(io.BytesIO(big + b" 1"), io.BytesIO(big + b"8 1"))[0]
    # a 64 MiB answer streams through without ever holding its tokens
    n = 4 << 20
    stream = io.BytesIO(b"12345678 " * n)
    assert compare_streams(stream, io.BytesIO(b"12345678\n" * n))[0]


def _run(code: int, stderr: str = "", feedback: dict | None = None) -> CheckerRun:
    status = RunStatus.OK if code == 0 else RunStatus.RUNTIME_ERROR
    return CheckerRun(RunStats(status, exit_code=code), "", stderr, feedback or {})


def test_protocol_readings() -> None:
    testlib, kattis = get_protocol("testlib"), get_protocol("kattis")
    assert testlib.outcome(_run(0, "ok 3 numbers")).verdict is Verdict.OK
    assert testlib.outcome(_run(1, "wrong answer 1st numbers differ")).verdict is Verdict.WA
    assert testlib.outcome(_run(2, "wrong output format")).verdict is Verdict.WA
    assert testlib.outcome(_run(3, "FAIL answer is broken")).verdict is Verdict.JUDGE_ERROR
    assert testlib.outcome(_run(7, "points 0.25 partial")).score == 0.25
    assert kattis.outcome(_run(42)).verdict is Verdict.OK
    assert kattis.outcome(_run(42, feedback={"score.txt": "0.5\n"})).score == 0.5
    assert kattis.outcome(_run(43, feedback={"judgemessage.txt": "too big"})).message == "too big"
    assert kattis.outcome(_run(1)).verdict is Verdict.JUDGE_ERROR
    assert kattis.outcome(_run(42, feedback={"score.txt": "many"})).verdict is Verdict.JUDGE_ERROR


# A checker speaking testlib's protocol: `check input output answer`, exit 0 ok / 1 wrong answer.
TESTLIB_CHECKER = r"""
#include <cstdio>
int main(int argc, char** argv) {
    FILE* out = fopen(argv[2], "r"); FILE* ans = fopen(argv[3], "r");
    long long a, b;
    if (fscanf(ans, "%lld", &a) != 1) { fprintf(stderr, "FAIL no answer\n"); return 3; }
    if (fscanf(out, "%lld", &b) != 1) { fprintf(stderr, "wrong output format Unexpected end of file\n"); return 2; }
    if (a != b) { fprintf(stderr, "wrong answer 1st numbers differ - expected: '%lld', found: '%lld'\n", a, b); return 1; }
    fprintf(stderr, "ok 1 number(s): \"%lld\"\n", a);
    return 0;
}
"""

POLYGON_XML = """<?xml version="1.0" encoding="utf-8"?>
<problem revision="1" short-name="sumab">
  <names><name language="english" value="Sum A B"/></names>
  <judging><testset name="tests">
    <time-limit>2000</time-limit><memory-limit>268435456</memory-limit><test-count>2</test-count>
    <input-path-pattern>tests/%02d</input-path-pattern><answer-path-pattern>tests/%02d.a</answer-path-pattern>
    <tests><test sample="true" group="1" points="40"/><test group="1" points="60"/></tests>
    <groups><group name="1" points-policy="each-test"/></groups>
  </testset></judging>
  <assets><checker name="std::ncmp.cpp" type="testlib"><source path="files/check.cpp" type="cpp.g++17"/></checker></assets>
</problem>
"""


def test_polygon_testlib_checker_judges_right(tmp_path: Path) -> None:
    root = tmp_path / "sumab"
    (root / "tests").mkdir(parents=True)
    (root / "files").mkdir()
    (root / "files" / "check.cpp").write_text(TESTLIB_CHECKER)
    (root / "problem.xml").write_text(POLYGON_XML)
    for i, (a, b) in enumerate([(1, 2), (40, 2)], 1):
        (root / "tests" / f"{i:02d}").write_text(f"{a} {b}\n")
        (root / "tests" / f"{i:02d}.a").write_text(f"{a + b}\n")
    task = load_task(root)
    assert task.checker_protocol == "testlib"
    judge = Judge(task, make_sandbox("local"))
    good = judge.judge("#include <cstdio>\nint main(){long long a,b;scanf(\"%lld %lld\",&a,&b);printf(\"%lld\\n\",a+b);}")
    assert [t.verdict for t in good.tests] == [Verdict.OK, Verdict.OK] and good.score == 100
    assert good.tests[0].message.startswith("ok 1 number")
    small = judge.judge("#include <cstdio>\nint main(){long long a,b;scanf(\"%lld %lld\",&a,&b);"
                        "printf(\"%lld\\n\",a<10?a+b:0);}")
    assert [t.verdict for t in small.tests] == [Verdict.OK, Verdict.WA]
    assert small.score == 40  # an each-test group: the first test keeps its own points
    assert "differ" in small.tests[1].message
