"""Code extraction from model answers and the header-interface check."""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from ioi_agent.extract import (
    count_params,
    declares_required_functions,
    defines_function,
    extract_cpp,
    grader_functions,
    header_functions,
    looks_like_cpp,
    strip_code,
)

NILE_H = """#include <vector>

std::vector<long long> calculate_costs(std::vector<int> W, std::vector<int> A,
                                       std::vector<int> B, std::vector<int> E);
"""
SPHINX_H = """#include <vector>

std::vector<int> find_colours(int N, std::vector<int> X, std::vector<int> Y);

int perform_experiment(std::vector<int> E);
"""
PROGRAM = """#include <bits/stdc++.h>
using namespace std;

int main() {
    int a, b;
    cin >> a >> b;
    cout << a + b << "\\n";
}
"""


# --- extraction: the shapes models really produce ---------------------------------------------------

def test_last_complete_cpp_block_wins_over_other_languages_and_sample_data():
    answer = (
        "First a sketch in Python:\n```python\ndef f():\n    return {}\n```\n"
        "A draft:\n```cpp\nint main() { return 1; }\n```\n"
        "Sample input:\n```\n3\n1 2 3\n```\n"
        f"Final version:\n```c++\n{PROGRAM}```\nThat's all."
    )
    assert extract_cpp(answer) == PROGRAM


def test_untagged_and_tilde_fences_are_accepted_when_the_body_is_cpp():
    assert extract_cpp(f"Here:\n~~~\n{PROGRAM}~~~\n") == PROGRAM
    assert extract_cpp(f"```\n{PROGRAM}```") == PROGRAM
    assert extract_cpp("```text\nint main() { return 0; }\n```") is None


def test_longer_fence_contains_shorter_ones():
    body = 'int main() {\n    const char* s = R"(\n```\n)";\n    return 0;\n}\n'
    assert extract_cpp(f"````cpp\n{body}````\n") == body


def test_unterminated_block_is_used_when_nothing_complete_exists():
    cut = "#include <cstdio>\nint main() {\n    int n;\n    scanf(\"%d\", &n);\n"
    assert extract_cpp(f"Solution:\n```cpp\n{cut}") == cut
    complete = "int sum(int a, int b) { return a + b; }\n"
    assert extract_cpp(f"```cpp\n{complete}```\nImproved:\n```cpp\n{cut}") == complete


def test_crlf_and_lone_cr_become_lf():
    answer = f"Code:\r\n```cpp\r\n{PROGRAM.replace(chr(10), chr(13) + chr(10))}```\r\n"
    assert extract_cpp(answer) == PROGRAM
    assert extract_cpp(f"```cpp\r{PROGRAM.replace(chr(10), chr(13))}```") == PROGRAM


def test_think_sections_are_skipped_unless_they_hold_the_only_program():
    draft = "int main() { return 42; }\n"
    assert extract_cpp(f"<think>\n```cpp\n{draft}```\n</think>\n```cpp\n{PROGRAM}```") == PROGRAM
    # the chat template opened <think> in the prompt: only the closing tag is in the answer
    assert extract_cpp(f"let me think\n```cpp\n{draft}```\n</think>\nDone:\n```cpp\n{PROGRAM}```") == PROGRAM
    # the model ran out of tokens while thinking: its draft is better than nothing
    assert extract_cpp(f"<think>\nmaybe\n```cpp\n{draft}```\nhmm, but") == draft
    assert extract_cpp("<think>no code at all</think> Sorry.") is None


def test_bare_code_is_cut_out_of_prose():
    answer = f"Here is my solution.\n\n// comment kept\n{PROGRAM}\nThe complexity is O(1)."
    assert extract_cpp(answer) == "// comment kept\n" + PROGRAM
    bare = "int sum(int a, int b) {\n    return a + b;\n}"
    assert extract_cpp(bare) == bare + "\n"
    assert extract_cpp("I could not solve this task {sorry}.") is None
    assert extract_cpp("") is None


def test_looks_like_cpp():
    assert looks_like_cpp(PROGRAM)
    assert looks_like_cpp("long long query(int L, int R)\n{\n    return 0;\n}")
    assert not looks_like_cpp("5\n1 2 3 4 5")
    assert not looks_like_cpp('{"a": [1, 2]}')
    assert not looks_like_cpp("def f(x):\n    return {x: 1}")


# --- property tests ------------------------------------------------------------------------------

_IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_STATEMENT = st.one_of(
    st.builds(lambda a, b: f"int {a} = {b};", _IDENT, st.integers(0, 10**9)),
    st.builds(lambda a: f"{a} += 1;", _IDENT),
    st.builds(lambda a, s: f'printf("%d {s}\\n", {a});', _IDENT, st.text(string.ascii_letters + " ", max_size=10)),
    st.just("// a comment with ``` inside"),
    st.just(""),
)


@st.composite
def programs(draw) -> str:
    lines = ["#include <cstdio>"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(_IDENT)
        params = ", ".join(f"int {p}" for p in draw(st.lists(_IDENT, max_size=3)))
        lines.append(f"long long f_{name}({params}) {{")
        lines += ["    " + s for s in draw(st.lists(_STATEMENT, max_size=5))]
        lines += ["    return 0;", "}"]
    return "\n".join(lines) + "\n"


_PROSE = st.text(
    st.characters(blacklist_characters="`~<\r", blacklist_categories=("Cs",)), max_size=200
)


@given(programs(), _PROSE, _PROSE, st.sampled_from(["cpp", "c++", "C++", "", "cpp17"]), st.booleans())
@settings(max_examples=150, deadline=None)
def test_program_embedded_in_prose_round_trips(program, before, after, tag, crlf):
    answer = f"{before}\n```{tag}\n{program}```\n{after}"
    if crlf:
        answer = answer.replace("\n", "\r\n")
    assert extract_cpp(answer) == program


@given(programs(), _PROSE)
@settings(max_examples=50, deadline=None)
def test_draft_in_think_section_loses_to_the_answer(program, prose):
    answer = f"<think>{prose}\n```cpp\nint main() {{ return 7; }}\n```\n</think>{prose}\n```cpp\n{program}```"
    assert extract_cpp(answer) == program


_NOISE = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["```", "```cpp", "~~~", "\n", "\r\n", "\r", "<think>", "</think>", "#include <x>",
                              "int main() {", "}", "{", "(", ")", "R\"(", "\"", "'", "/*", "//", "#", "\\",
                              " ", "f(a, b) {", ";"]), max_size=60).map("".join),
)


@given(_NOISE)
@settings(max_examples=300, deadline=None)
def test_extraction_and_interface_check_never_raise(text):
    result = extract_cpp(text)
    assert result is None or (result.endswith("\n") and "\r" not in result)
    strip_code(text)
    header_functions(text)
    declares_required_functions(text, NILE_H)
    declares_required_functions(PROGRAM, text)


# --- interface check -----------------------------------------------------------------------------

def test_header_functions_parse_real_shapes():
    assert [(d.name, d.n_params) for d in header_functions(NILE_H)] == [("calculate_costs", 4)]
    treasure = ("#include <vector>\n#include <utility>\n\n"
                "std::vector<int> encode(std::vector<std::pair<int, int>> P);\n"
                "std::vector<std::pair<int, int>> decode(std::vector<int> S);\n")
    decls = header_functions(treasure)
    assert [(d.return_type, d.name, d.n_params) for d in decls] == [
        ("std::vector<int>", "encode", 1), ("std::vector<std::pair<int, int>>", "decode", 1)]
    odd = ('#pragma once\n/* void hidden(int); */\nextern "C" {\nint solve(void);\n}\n'
           "struct Point { int x, y; };\ntypedef long long ll;\nconst int N = max(3, 4);\n"
           "inline int helper(int a) { return a; }\nlong long query(int L,\n    int R) noexcept;\n")
    assert [(d.name, d.n_params) for d in header_functions(odd)] == [("solve", 0), ("query", 2)]


def test_count_params_ignores_nested_commas():
    assert count_params("") == 0
    assert count_params(" void ") == 0
    assert count_params("std::map<int, std::pair<int, int>> m, int f(int, int), int a[3]") == 3


def test_candidate_must_define_every_function_with_the_right_arity():
    good = "#include \"nile.h\"\nusing namespace std;\n" \
           "vector<long long> calculate_costs(vector<int> W, vector<int> A,\n" \
           "    vector<int> B, vector<int> E)\n{\n    return vector<long long>(E.size());\n}\n"
    assert declares_required_functions(good, NILE_H)
    assert not declares_required_functions(PROGRAM, NILE_H)
    wrong_arity = "std::vector<long long> calculate_costs(std::vector<int> W, std::vector<int> E) { return {}; }"
    assert not declares_required_functions(wrong_arity, NILE_H)
    in_comment = "// std::vector<long long> calculate_costs(int a, int b, int c, int d) { }\nint main() { }"
    assert not declares_required_functions(in_comment, NILE_H)
    in_string = 'const char* s = "calculate_costs(a, b, c, d) {";\nint main() { }'
    assert not declares_required_functions(in_string, NILE_H)


def test_grader_provided_functions_are_not_required():
    candidate = ("#include \"sphinx.h\"\n"
                 "std::vector<int> find_colours(int N, std::vector<int> X, std::vector<int> Y) {\n"
                 "    int k = perform_experiment(std::vector<int>(N, -1));\n    return std::vector<int>(N, k);\n}\n")
    grader = ("#include \"sphinx.h\"\nint perform_experiment(std::vector<int> E) {\n    return 0;\n}\n"
              "int main() { find_colours(1, {}, {}); }\n")
    provided = grader_functions(grader, SPHINX_H)
    assert provided == {"perform_experiment"}
    assert declares_required_functions(candidate, SPHINX_H, provided)
    assert declares_required_functions(candidate, SPHINX_H)  # unknown: a called function is assumed provided
    assert not declares_required_functions(candidate, SPHINX_H, provided=set())
    redefines_nothing = "#include \"sphinx.h\"\nint perform_experiment(std::vector<int> E);\nint main() { }\n"
    assert not declares_required_functions(redefines_nothing, SPHINX_H, provided)


def test_defines_function_sees_definitions_not_calls():
    source = "int helper(int x) const { return x; }\nint main() {\n    if (helper(2)) { }\n    return helper(1);\n}\n"
    assert defines_function(source, "main", 0)
    assert defines_function(source, "helper", 1)
    assert not defines_function(source, "helper", 2)
    assert not defines_function("int main() { return f(1); }", "f")
    assert defines_function("auto f(int a) -> long long {\n return a;\n}", "f", 1)
