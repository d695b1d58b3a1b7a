"""Generated tests: the pools' generators and validators, the secret line of graders, and model-written
generators going through extraction, compilation and validation."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioi_agent.pool import task_key
from ioi_agent.samplers.base import Completion
from ioi_agent.store import RunStore
from ioi_agent.testgen import (
    generator_prompt,
    import_pool_generators,
    model_tests,
    secret_line,
    validator_prompt,
    with_secret,
)
from judge.errors import PackageError
from judge.loaders import load_task

PROBLEMS = Path(__file__).resolve().parents[1] / "problems"


@pytest.fixture(scope="module")
def tasks():
    return {name: load_task(PROBLEMS / name) for name in ("digitsum", "divsum", "peak")}


def test_secret_line_only_for_grader_tokens(tasks):
    assert secret_line(tasks["divsum"]) == (PROBLEMS / "divsum/tests/1-01.in").read_bytes().split(b"\n")[0]
    assert secret_line(tasks["digitsum"]) is None  # "10" on every hidden test, but the example has 3
    assert secret_line(tasks["peak"]) is None


@given(st.text("abcXYZ0189_", min_size=1, max_size=40).map(str.encode), st.binary(max_size=60))
def test_with_secret_prepends_once(secret, data):
    once = with_secret(data, secret)
    assert once.split(b"\n", 1)[0] == secret
    assert with_secret(once, secret) == once
    assert with_secret(data, None) == data


def _digitsum_queries(data: bytes) -> list[tuple[int, int]]:
    nums = list(map(int, data.split()))
    assert nums[0] == len(nums[1:]) // 2
    return list(zip(nums[1::2], nums[2::2]))


def test_pool_generators_keep_validated_inputs_with_their_subtasks(tasks, tmp_path):
    task = tasks["digitsum"]
    key = task_key(task)
    with RunStore(tmp_path / "run") as store:
        n = import_pool_generators(PROBLEMS / "digitsum", "digitsum", task, store, key)
        generated = store.generated_tests(key)
        assert n == len(generated) >= 6
        for g in generated:
            queries = _digitsum_queries(g.input)
            # Membership comes from the validator, so it must match the constraints exactly.
            assert (1 in g.subtasks) == all(n <= 10**6 for n, _ in queries)
            assert (2 in g.subtasks) == all(k in (1, 3, 9) for _, k in queries)
            assert 3 in g.subtasks
        assert {s for g in generated for s in g.subtasks} == {1, 2, 3}
        # Done once per store: a resumed run does not generate again.
        assert import_pool_generators(PROBLEMS / "digitsum", "digitsum", task, store, key) == 0


def test_pool_generators_add_the_graders_secret_line(tasks, tmp_path):
    task = tasks["divsum"]
    key = task_key(task)
    with RunStore(tmp_path / "run") as store:
        import_pool_generators(PROBLEMS / "divsum", "divsum", task, store, key)
        generated = store.generated_tests(key)
    assert generated
    secret = secret_line(task)
    for g in generated:
        lines = g.input.split(b"\n")
        assert lines[0] == secret
        pairs = [tuple(map(int, line.split())) for line in lines[2:] if line.strip()]
        assert len(pairs) == int(lines[1])
        assert (2 in g.subtasks) == all(lo == hi for lo, hi in pairs)


GEN = """```cpp
#include <cstdio>
#include <cstdlib>
int main(int argc, char** argv) {
  unsigned long long s = std::strtoull(argv[1], 0, 10);
  int sub = std::atoi(argv[2]);
  std::printf("2\\n%llu %d\\n%llu 7\\n", 10 + s, sub == 2 ? 9 : 50, 5 * s + (sub == 1 ? 1 : 2000000));
}
```"""
VALIDATE_N_SMALL = """Here is the validator.
```cpp
#include <cstdio>
#include <cstdlib>
int main(int argc, char** argv) {
  int sub = std::atoi(argv[1]), t; unsigned long long n; int k;
  if (std::scanf("%d", &t) != 1) return 1;
  while (t--) { if (std::scanf("%llu %d", &n, &k) != 2) return 1; if (sub == 1 && n > 1000000) return 1; }
  return 0;
}
```"""


class FakeSampler:
    """Answers every generator prompt with `gen` and every validator prompt with `validators` in turn."""

    name = "fake"

    def __init__(self, gen: str, validators: list[str]):
        self.gen, self.validators = gen, validators

    def generate(self, prompts, params):
        rows = []
        for p in prompts:
            texts = [self.gen, "no code here", "```cpp\nint main( {\n```"] if p.id.endswith("/generator") else self.validators
            rows.append([Completion(t, "stop", p.id, self.name, i) for i, t in enumerate(texts)])
        return rows


def test_model_tests_keep_only_what_validators_accept(tasks, tmp_path):
    task = tasks["digitsum"]
    key = task_key(task)
    with RunStore(tmp_path / "run") as store:
        n = model_tests(task, FakeSampler(GEN, [VALIDATE_N_SMALL]), store, key, seeds=(1, 2))
        generated = store.generated_tests(key)
    assert n == len(generated)
    # Subtask 1's generator prints N <= 10^6: kept. Subtasks 2 and 3 print N > 10^6, which their
    # validator (the same program, accepting anything outside subtask 1) also accepts.
    by_target = {}
    for g in generated:
        by_target.setdefault(g.origin.split()[-1], []).append(g)
    assert sorted(by_target) == ["1", "2", "3"] and all(len(v) == 2 for v in by_target.values())
    for g in by_target["2"] + by_target["3"]:
        assert 1 not in g.subtasks  # N > 10^6 fails subtask 1's validator


def test_model_tests_need_a_working_validator(tasks, tmp_path):
    task = tasks["digitsum"]
    key = task_key(task)
    reject_all = "```cpp\nint main() { return 1; }\n```"
    with RunStore(tmp_path / "run") as store:
        assert model_tests(task, FakeSampler(GEN, [reject_all]), store, key, seeds=(1,)) == 0
        assert model_tests(task, FakeSampler(GEN, ["I cannot write that."]), store, key, seeds=(1,)) == 0
        # A majority decides: two accepting validators outvote one rejecting.
        assert model_tests(task, FakeSampler(GEN, [VALIDATE_N_SMALL, VALIDATE_N_SMALL.replace("return 0;\n}", "return 0; }"),
                                                   reject_all]), store, key, seeds=(1,)) == 3
        assert len(store.generated_tests(key)) == 3


def test_prompts_carry_the_subtask_constraints(tasks):
    task = tasks["digitsum"]
    gen, val = generator_prompt(task, 2), validator_prompt(task, 2)
    assert gen.id != val.id and gen.subtask_index == 2
    assert "K \\in \\{1, 3, 9\\}" in gen.messages[-1].content
    assert "exit" in val.messages[-1].content and "stdin" in val.messages[-1].content


def test_a_pool_generator_that_does_not_compile_is_a_package_error(tasks, tmp_path):
    task = tasks["digitsum"]
    (tmp_path / "generators").mkdir()
    (tmp_path / "generators" / "gen.cpp").write_text("int main( {\n")
    with RunStore(tmp_path / "run") as store, pytest.raises(PackageError, match="gen.cpp"):
        import_pool_generators(tmp_path, "broken", task, store, task_key(task))
