"""The compile pipeline: the content-addressed cache keyed by exact bytes (no two programs GCC reads
differently share an entry), its size bound, the compiler's limits, in-process deduplication of
concurrent identical compiles, the precompiled header on the local
backend (checked with GCC's -H), and the bound of `sandbox.workers` concurrent compiles."""
from __future__ import annotations

import os
import re
import resource
import subprocess
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PeakBoxes

import judge.compile as compile_module
from judge.compile import (
    COMPILE_LIMITS,
    IOI_FLAGS,
    PCH_HEADER,
    cache_key,
    compile_cpp,
    compile_stats,
    cache_limit_bytes,
    compiler_identity,
    evict,
    max_binary_bytes,
    pch_include_dir,
    pch_used,
)
from judge.errors import JudgeError
from judge.judging import Judge
from judge.model import Limits, Subtask, Task, TestCase
from judge.sandbox.base import MiB, ProcessSpec, RunLimits
from judge.sandbox.local import LocalSandbox
from judge.verdict import Verdict
from conftest import fresh_local_sandbox

STDCXX = b"""#include <bits/stdc++.h>
using namespace std;
int main() {
    long long a, b;
    cin >> a >> b;
    vector<long long> v{a, b};
    sort(v.begin(), v.end());
    cout << v[0] + v[1] * %d << endl;
}
"""
PLAIN = b"""#include <cstdio>
int main() { long long a, b; if (std::scanf("%%lld %%lld", &a, &b) != 2) return 1; std::printf("%%lld\\n", a * %d + b); }
"""


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with fresh_local_sandbox(tmp_path_factory, workers=2) as sb:
        yield sb


def run(sandbox, exe: bytes, stdin: bytes) -> tuple[bool, bytes]:
    with sandbox.box() as box:
        box.mkdir("run")
        box.write("run/prog", exe, executable=True)
        box.write("input", stdin)
        spec = ProcessSpec(argv=["/prog"], workdir="run", limits=RunLimits(cpu_s=2, wall_s=5, memory_bytes=256 * MiB),
                           stdin="input", stdout="output", stderr="stderr")  # fmt: skip
        stats = box.run([spec])[0]
        return stats.ok, box.read("output")


def delta(before: dict[str, int]) -> dict[str, int]:
    return {k: v - before[k] for k, v in compile_stats().items()}


# --- exact keys --------------------------------------------------------------------------------

# Two pairs of programs that differ only in bytes a whitespace normalisation would remove, yet behave
# differently under GCC. Each pair once shared a cache entry, so whichever was judged second ran the
# first one's binary. In each pair the first program is the correct one (prints the expected answer).
COLLISIONS = {
    # A raw string literal opened across a line splice (`R\` newline `"(`): its trailing blanks are
    # content, so strlen(s) is 5 ("ab", two blanks, newline), 3 once the blanks go.
    "raw-string-after-splice": (
        b'#include <cstdio>\n#include <cstring>\nconst char *s = R\\\n"(ab  \n)";\n'
        b'int main() { std::printf("%zu\\n", std::strlen(s)); }\n',
        b"5\n",
    ),
    # A lone carriage return ends a line: `\` blank CR is a line splice onto an empty line, so the
    # comment ends there and `x = 2;` runs. Without the CR the splice pulls `x = 2;` into the comment.
    "lone-carriage-return": (
        b"#include <cstdio>\nint main() {\n  int x = 1; // note \\ \r\r\n  x = 2;\n"
        b'  std::printf("%d\\n", x);\n}\n',
        b"2\n",
    ),
}


def _normalised(data: bytes) -> bytes:
    """What the old cache key hashed: CRLF -> LF, trailing blanks and CRs stripped."""
    lines = [line.rstrip(b" \t\r") for line in data.replace(b"\r\n", b"\n").split(b"\n")]
    while lines and not lines[-1]:
        lines.pop()
    return b"\n".join(lines) + b"\n"


def tiny_task(root, expected: bytes) -> Task:
    (root / "t1.in").write_bytes(b"")
    (root / "t1.out").write_bytes(expected)
    return Task(code="echo", name="Echo", task_type="Batch", limits=Limits(time_s=1, memory_bytes=256 * MiB),
                tests=(TestCase(name="t1", input=root / "t1.in", output=root / "t1.out"),),
                subtasks=(Subtask(index=0, name="all", points=100, tests=("t1",)),), root=root)  # fmt: skip


@pytest.mark.parametrize("name", sorted(COLLISIONS))
def test_programs_a_normalisation_would_merge_keep_their_own_verdicts(sandbox, tmp_path, name):
    correct, expected = COLLISIONS[name]
    wrong = _normalised(correct)
    assert wrong != correct
    judge = Judge(tiny_task(tmp_path, expected), sandbox)
    first = judge.judge(wrong.decode())  # the wrong one first: the order that used to score 0
    second = judge.judge(correct.decode())
    assert [t.verdict for t in first.tests] == [Verdict.WA] and first.score == 0
    assert [t.verdict for t in second.tests] == [Verdict.OK] and second.score == 100, second.tests[0].message


@given(st.binary(max_size=64), st.binary(max_size=64))
def test_the_key_is_a_function_of_the_exact_bytes(a, b):
    ka = cache_key({"a.cpp": a}, ["a.cpp"], IOI_FLAGS, "gcc-x")
    assert (ka == cache_key({"a.cpp": b}, ["a.cpp"], IOI_FLAGS, "gcc-x")) == (a == b)


def test_the_key_covers_names_units_flags_headers_and_the_compiler():
    files = {"a.cpp": b"int main() {}\n", "a.h": b"#pragma once\n"}
    base = cache_key(files, ["a.cpp"], IOI_FLAGS, "gcc-x")
    assert cache_key(dict(files), ["a.cpp"], IOI_FLAGS, "gcc-x") == base
    assert cache_key({**files, "a.h": b"#pragma once \n"}, ["a.cpp"], IOI_FLAGS, "gcc-x") != base
    assert cache_key({"b.cpp": files["a.cpp"], "a.h": files["a.h"]}, ["b.cpp"], IOI_FLAGS, "gcc-x") != base
    assert cache_key(files, ["a.cpp"], ("-O2",), "gcc-x") != base
    assert cache_key(files, ["a.cpp"], IOI_FLAGS, "gcc-y") != base


def test_the_compiler_identity_is_asked_of_the_sandbox_once(sandbox):
    ident = compiler_identity(sandbox)
    assert ident is not None and len(ident) == 64
    assert compiler_identity(sandbox) == ident


# --- cache and deduplication --------------------------------------------------------------------


def test_an_identical_candidate_hits_the_cache_and_a_blank_variant_does_not(sandbox):
    first = compile_cpp(sandbox, {"p.cpp": PLAIN % 3}, ["p.cpp"])
    assert first.result.ok and not first.cached
    before = compile_stats()
    again = compile_cpp(sandbox, {"p.cpp": PLAIN % 3}, ["p.cpp"])
    assert again.cached and again.executable == first.executable
    assert delta(before)["compiles"] == 0 and delta(before)["cache_hits"] == 1
    noisy = compile_cpp(sandbox, {"p.cpp": (PLAIN % 3).replace(b"\n", b"   \r\n")}, ["p.cpp"])
    assert not noisy.cached and delta(before)["compiles"] == 1
    assert run(sandbox, noisy.executable, b"5 4\n") == (True, b"19\n")


def test_concurrent_identical_compiles_run_the_compiler_once(sandbox):
    src = PLAIN % 11
    before = compile_stats()
    with ThreadPoolExecutor(6) as ex:
        results = list(ex.map(lambda _: compile_cpp(sandbox, {"p.cpp": src}, ["p.cpp"]), range(6)))
    assert delta(before)["compiles"] == 1
    assert delta(before)["shared"] + delta(before)["cache_hits"] == 5
    assert len({r.executable for r in results}) == 1 and results[0].result.ok


def test_compile_errors_are_cached_too(sandbox):
    before = compile_stats()
    for _ in range(2):
        c = compile_cpp(sandbox, {"p.cpp": b"int main() { return undefined_name; }\n"}, ["p.cpp"])
        assert not c.result.ok and "undefined_name" in c.result.message
    assert delta(before)["compiles"] == 1


def test_no_more_than_workers_compiles_at_once(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inner = LocalSandbox(workers=1)
    sb = PeakBoxes(inner, workers=1)
    with ThreadPoolExecutor(3) as ex:
        out = list(ex.map(lambda k: compile_cpp(sb, {"p.cpp": PLAIN % (100 + k)}, ["p.cpp"]), range(3)))
    assert all(c.result.ok for c in out) and sb.peak == 1


# --- precompiled header ----------------------------------------------------------------------------


def test_the_pch_is_built_once_and_gcc_uses_it_inside_the_box(sandbox, tmp_path):
    include_dir = pch_include_dir(IOI_FLAGS)
    assert include_dir is not None and (include_dir / f"{PCH_HEADER}.gch").is_file()
    assert pch_used(include_dir, IOI_FLAGS, tmp_path)
    assert pch_include_dir(IOI_FLAGS + ("-H",)) == include_dir  # -H cannot change a PCH
    # The sandboxed compile itself: -H marks a used PCH with '!' and lists no real header.
    c = compile_cpp(sandbox, {"s.cpp": STDCXX % 2}, ["s.cpp"], flags=(*IOI_FLAGS, "-H", "-Winvalid-pch"))
    assert c.result.ok, c.result.message
    assert re.search(r"^! \S*bits/stdc\+\+\.h\.gch$", c.result.message, re.MULTILINE), c.result.message
    assert "/usr/include" not in c.result.message
    assert run(sandbox, c.executable, b"7 3\n") == (True, b"17\n")


def test_a_macro_before_the_header_falls_back_to_the_real_header(sandbox):
    """_GLIBCXX_DEBUG changes the library (checked operator[]), so the PCH must not be used: the
    out-of-bounds access aborts instead of reading past the end."""
    src = (b"#define _GLIBCXX_DEBUG 1\n#include <bits/stdc++.h>\n"
           b"int main() { std::vector<int> v(2); volatile int i = 5; return v[i] == 12345; }\n")  # fmt: skip
    c = compile_cpp(sandbox, {"d.cpp": src}, ["d.cpp"], flags=(*IOI_FLAGS, "-H"))
    assert c.result.ok, c.result.message
    assert not re.search(r"^! ", c.result.message, re.MULTILINE)
    ok, _ = run(sandbox, c.executable, b"")
    assert not ok


# --- bounds: the cache's size, the compiler's memory, time and output --------------------------------


def test_eviction_removes_the_least_recently_used_entries_first(tmp_path):
    for i, key in enumerate(["old", "mid", "new"]):
        (tmp_path / key).write_bytes(b"x" * 1000)
        (tmp_path / f"{key}.json").write_text("{}")
        os.utime(tmp_path / f"{key}.json", ns=(i * 10**9, i * 10**9))
    assert evict(tmp_path, 10**6) == 0  # under the bound: nothing goes
    assert evict(tmp_path, 2100) == 2  # down to 90%: only the newest entry fits
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["new", "new.json"]


def test_the_cache_stays_within_its_bound_and_a_hit_keeps_an_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("IOI_AGENT_CACHE", str(tmp_path))
    monkeypatch.setenv("IOI_AGENT_COMPILE_CACHE_MIB", "2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sb = LocalSandbox(workers=1)
    store = tmp_path / "compiled"
    first = compile_cpp(sb, {"p.cpp": PLAIN % 201}, ["p.cpp"])
    size = sum(p.stat().st_size for p in store.iterdir())
    assert first.result.ok and size < MiB  # two entries fit in 2 MiB, three do not
    compile_cpp(sb, {"p.cpp": PLAIN % 202}, ["p.cpp"])
    assert compile_cpp(sb, {"p.cpp": PLAIN % 201}, ["p.cpp"]).cached  # 201 is now the most recent
    compile_cpp(sb, {"p.cpp": PLAIN % 203}, ["p.cpp"])
    assert sum(p.stat().st_size for p in store.iterdir()) <= 2 * MiB
    assert compile_cpp(sb, {"p.cpp": PLAIN % 201}, ["p.cpp"]).cached  # kept: used more recently than 202
    assert not compile_cpp(sb, {"p.cpp": PLAIN % 202}, ["p.cpp"]).cached  # evicted, compiled again


def test_a_bad_cache_bound_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("IOI_AGENT_COMPILE_CACHE_MIB", "lots")
    with pytest.raises(JudgeError, match="IOI_AGENT_COMPILE_CACHE_MIB"):
        cache_limit_bytes()


def test_an_incbin_of_system_files_is_a_compile_error_not_a_huge_binary(sandbox):
    """`.incbin` pulls any readable file into the executable: three copies of the compiler proper
    (~100 MiB) stop at the executable limit, and nothing that large reaches the cache."""
    cc1plus = subprocess.run(["g++", "-print-prog-name=cc1plus"], capture_output=True, text=True).stdout.strip()
    src = f'asm(".section .rodata\\n.incbin \\"{cc1plus}\\"\\n.incbin \\"{cc1plus}\\"\\n.incbin \\"{cc1plus}\\"\\n");\n'
    c = compile_cpp(sandbox, {"p.cpp": (src + "int main() {}\n").encode()}, ["p.cpp"])
    assert not c.result.ok and c.executable is None
    assert f"{max_binary_bytes() // MiB} MiB limit" in c.result.message, c.result.message
    store = Path(os.environ["IOI_AGENT_CACHE"]) / "compiled"
    assert max(p.stat().st_size for p in store.iterdir()) <= max_binary_bytes()


def test_a_binary_over_the_limit_is_refused_even_when_the_link_fits(sandbox, monkeypatch):
    monkeypatch.setenv("IOI_AGENT_MAX_BINARY_MIB", "1")
    c = compile_cpp(sandbox, {"p.cpp": b"char data[3 << 20] = {1};\nint main() { return data[7]; }\n"}, ["p.cpp"])
    assert not c.result.ok and "1 MiB limit" in c.result.message, c.result.message


def test_a_template_memory_bomb_is_a_quick_compile_error_outside_the_judge(sandbox, monkeypatch):
    """F<250,250,250> needs ~15M instantiations: GCC runs into the memory limit (lowered here from
    1 GiB so the test is quick). The compiler's memory is its own process's: the judge's peak stays."""
    monkeypatch.setattr(compile_module, "COMPILE_LIMITS", replace(COMPILE_LIMITS, memory_bytes=256 * MiB))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c = compile_cpp(sandbox, {"b.cpp": TEMPLATE_BOMB}, ["b.cpp"])
    assert not c.result.ok
    assert "ran out of memory (limit 256 MiB)" in c.result.message.splitlines()[-1], c.result.message[-300:]
    assert c.result.cpu_s < COMPILE_LIMITS.cpu_s
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 64 * 1024  # KiB


def test_a_compile_over_its_cpu_limit_says_so(sandbox, monkeypatch):
    monkeypatch.setattr(compile_module, "COMPILE_LIMITS", replace(COMPILE_LIMITS, cpu_s=1))
    c = compile_cpp(sandbox, {"b.cpp": TEMPLATE_BOMB.replace(b"250", b"251")}, ["b.cpp"])
    assert not c.result.ok and c.result.message.endswith("compilation exceeded its CPU time limit (1 s)")


TEMPLATE_BOMB = b"""template <int A, int B, int C> struct F {
    static constexpr long long v = F<A - 1, B, C>::v + F<A, B - 1, C>::v + F<A, B, C - 1>::v;
};
template <int B, int C> struct F<0, B, C> { static constexpr long long v = 1; };
template <int A, int C> struct F<A, 0, C> { static constexpr long long v = 1; };
template <int A, int B> struct F<A, B, 0> { static constexpr long long v = 1; };
int main() { return F<250, 250, 250>::v % 7; }
"""
