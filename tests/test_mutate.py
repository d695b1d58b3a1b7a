"""The mutation sampler: reproducible pools of distinct programs with a realistic share of repeats."""
from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioi_agent.params import SamplingParams
from ioi_agent.prompts import ChatMessage, Prompt
from ioi_agent.samplers import SamplerError, make_sampler
from ioi_agent.samplers.mutate import (
    base_folder, code_mask, labelled_solutions, mutate_once, mutate_sources, whitespace_variant,
)  # fmt: skip

PROBLEMS = Path(__file__).resolve().parents[1] / "problems"
REPEATS = ("duplicate", "whitespace")


def _bases(task: str) -> list[tuple[str, str]]:
    return labelled_solutions(base_folder(PROBLEMS, task))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31 - 1), st.sampled_from(["divsum", "digitsum", "peak"]))
def test_same_seed_same_pool_and_another_seed_another(seed, task):
    bases = _bases(task)
    pool = mutate_sources(bases, 40, seed)
    assert pool == mutate_sources(bases, 40, seed)
    assert [m.text for m in pool] != [m.text for m in mutate_sources(bases, 40, seed + 1)]


@pytest.mark.parametrize("task", ["divsum", "peak"])
def test_duplicate_share_and_distinct_mutants(task):
    bases = dict(_bases(task))
    pool = mutate_sources(list(bases.items()), 1000, seed=5)
    kinds = Counter(m.edits[0] if m.edits and m.edits[0] in REPEATS else "mutant" for m in pool)
    assert 0.15 <= (kinds["duplicate"] + kinds["whitespace"]) / len(pool) <= 0.25
    assert kinds["duplicate"] > 50 and kinds["whitespace"] > 50
    mutants = [m.text for m in pool if m.edits[:1] not in (("duplicate",), ("whitespace",))]
    assert len(set(mutants)) == len(mutants)  # every non-repeat is new
    assert sum(t not in bases.values() for t in mutants) > 0.9 * len(mutants)  # and edited
    texts = {m.text for m in pool}
    squashed = {_squash(t) for t in mutants}
    for i, m in enumerate(pool):
        if m.edits == ("duplicate",):
            assert m.text in {p.text for p in pool[:i]}
        elif m.edits == ("whitespace",):  # only whitespace differs from an earlier program
            assert _squash(m.text) in squashed and m.text in texts
    # every kind of edit is represented
    assert {e for m in pool for e in m.edits} >= {"flip_comparison", "off_by_one", "change_constant",
                                                  "swap_indices", "drop_statement", "loop_order", "duplicate",
                                                  "whitespace"}


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_edits_never_touch_comments_strings_or_preprocessor_lines(seed):
    text = ('#include <cstdio>\n// i < n keeps 100\nint main() {\n  int n = 5; long long s = 0;\n'
            '  for (int i = 0; i < n; i++) s += i;\n  printf("%lld < 7\\n", s);\n  return 0;\n}\n')
    mask = code_mask(text)
    assert len(mask) == len(text) and "100" not in mask and "#include" not in mask and "< 7" not in mask
    rng = random.Random(seed)
    step = mutate_once(text, rng)
    assert step is not None
    new, kind = step
    assert new != text
    for keep in ("#include <cstdio>\n", "// i < n keeps 100\n"):
        assert keep in new
    assert '  printf("%lld < 7\\n", s);\n' in new or kind == "drop_statement"  # whole, or the statement went
    variant = whitespace_variant(text, rng)
    assert variant != text and _squash(variant) == _squash(text) and '"%lld < 7\\n"' in variant


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
def test_mutants_compile_at_a_realistic_rate(tmp_path):
    """Model samples mostly compile, some do not: a pool that always or never compiles would not
    exercise the judge the way a real one does."""
    mutants = [m for m in mutate_sources(_bases("digitsum"), 40, seed=11) if m.edits[0] not in REPEATS][:20]
    ok = 0
    for i, m in enumerate(mutants):
        src = tmp_path / f"m{i}.cpp"
        src.write_text(m.text)
        ok += subprocess.run(["g++", "-std=gnu++17", "-fsyntax-only", str(src)], capture_output=True).returncode == 0
    assert 0.5 <= ok / len(mutants) <= 0.95


def test_sampler_spec_serves_each_task_its_own_reproducible_pool():
    sampler = make_sampler(f"mutate:{PROBLEMS}")
    prompts = [Prompt(id=t, messages=(ChatMessage(role="user", content="solve"),), task_code=t)
               for t in ("divsum", "peak")]
    params = SamplingParams(n=25, seed=3)
    first = sampler.generate(prompts, params)
    assert first == make_sampler(f"mutate:{PROBLEMS}").generate(prompts, params)
    assert [len(c) for c in first] == [25, 25]
    assert all("divsum.h" in c.text for c in first[0]) and all("peak.h" in c.text for c in first[1])
    assert all(c.origin and "/solutions/" in c.origin for c in first[0])
    # a task folder itself works too
    alone = make_sampler(f"mutate:{PROBLEMS / 'divsum'}").generate(prompts[:1], params)
    assert [c.text for c in alone[0]] == [c.text for c in first[0]]
    with pytest.raises(SamplerError, match="not a directory"):
        make_sampler(f"mutate:{PROBLEMS / 'nope'}")
    with pytest.raises(SamplerError, match="no C\\+\\+ solutions"):
        make_sampler(f"mutate:{PROBLEMS}").generate(
            [Prompt(id="x", messages=prompts[0].messages, task_code="nosuchtask")], params)  # fmt: skip
