"""The compile pipeline: source normalisation (never changing meaning), the content-addressed cache,
in-process deduplication of concurrent identical compiles, the precompiled header on the local
backend (checked with GCC's -H), and the bound of `sandbox.workers` concurrent compiles."""
from __future__ import annotations

import re
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PeakBoxes

from judge.compile import (
    IOI_FLAGS,
    PCH_HEADER,
    cache_key,
    compile_cpp,
    compile_stats,
    normalize_source,
    pch_include_dir,
    pch_used,
)
from judge.sandbox.base import MiB, ProcessSpec, RunLimits
from judge.sandbox.local import LocalSandbox

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
    mp = pytest.MonkeyPatch()
    mp.setenv("IOI_AGENT_CACHE", str(tmp_path_factory.mktemp("cache")))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield LocalSandbox(workers=2)
    mp.undo()


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


# --- normalisation ----------------------------------------------------------------------------

lines_st = st.lists(st.text(alphabet="ab{}();/\\\" \t", max_size=12), max_size=8)


@given(lines_st, st.lists(st.sampled_from([" ", "\t", "\r"]), max_size=3), st.booleans())
def test_blank_and_line_end_variants_normalise_alike(lines, tail, crlf):
    clean = "\n".join(line.rstrip(" \t") for line in lines) + "\n"
    noisy = ("\r\n" if crlf else "\n").join(line + "".join(c for c in tail if c != "\r") for line in lines)
    noisy += "\r\n" if crlf else "\n\n  \n"
    a, b = normalize_source(clean.encode()), normalize_source(noisy.encode())
    assert a == b
    assert normalize_source(a) == a  # idempotent


@given(st.binary(max_size=200))
def test_normalisation_keeps_every_line_that_has_content(data):
    out = normalize_source(data)
    assert normalize_source(out) == out
    if b'R"' not in data:
        kept = [line.rstrip(b" \t\r") for line in data.replace(b"\r\n", b"\n").split(b"\n")]
        # Same lines in the same places (line numbers, hence __LINE__ and diagnostics, are kept).
        assert out.split(b"\n")[: len(kept)] == kept[: len(out.split(b"\n"))]
        assert out.count(b"\n") <= data.count(b"\n") + 1


@pytest.mark.parametrize("prefix", [b"R", b"u8R", b"LR", b"uR", b"UR"])
def test_raw_string_literals_are_left_byte_for_byte(prefix):
    src = b'const char *s = ' + prefix + b'"(two blanks  \r\nend)";  \r\n'
    assert normalize_source(src) == src


def test_error_string_is_not_mistaken_for_a_raw_string():
    assert normalize_source(b'puts("ERROR");   \r\n') == b'puts("ERROR");\n'


def test_cache_key_ignores_trailing_blanks_but_not_content():
    base = cache_key({"a.cpp": b"int main() {}\n"}, ["a.cpp"], IOI_FLAGS)
    assert cache_key({"a.cpp": b"int main() {}   \r\n\r\n"}, ["a.cpp"], IOI_FLAGS) == base
    assert cache_key({"a.cpp": b"int main() { }\n"}, ["a.cpp"], IOI_FLAGS) != base
    assert cache_key({"a.cpp": b"int main() {}\n"}, ["a.cpp"], ("-O2",)) != base
    assert cache_key({"b.cpp": b"int main() {}\n"}, ["b.cpp"], IOI_FLAGS) != base


# --- cache and deduplication --------------------------------------------------------------------


def test_trivially_different_candidate_hits_the_cache_and_behaves_the_same(sandbox):
    first = compile_cpp(sandbox, {"p.cpp": PLAIN % 3}, ["p.cpp"])
    assert first.result.ok and not first.cached
    before = compile_stats()
    noisy = (PLAIN % 3).replace(b"\n", b"   \r\n") + b"\r\n\r\n"
    second = compile_cpp(sandbox, {"p.cpp": noisy}, ["p.cpp"])
    assert second.cached and second.executable == first.executable
    assert delta(before)["compiles"] == 0 and delta(before)["cache_hits"] == 1
    assert run(sandbox, second.executable, b"5 4\n") == (True, b"19\n")


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
