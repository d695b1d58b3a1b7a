"""The transformers sampler, driven through the real `generate` path with tiny models built here."""
from __future__ import annotations

import math

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

from tiny_model import CHAT_TEMPLATE, build_tiny_model  # noqa: E402

from ioi_agent.extract import extract_cpp  # noqa: E402
from ioi_agent.params import SamplingParams  # noqa: E402
from ioi_agent.prompts import ChatMessage, Prompt  # noqa: E402
from ioi_agent.samplers import make_sampler  # noqa: E402

CORRECT = "```cpp\n#include \"aplusb.h\"\nint sum(int a, int b) {\n    return a + b;\n}\n```\n"
WRONG = "Try this:\n```cpp\nint sum(int a, int b) { return a - b; }\n```"
GIVE_UP = "I could not solve it. Sorry, no code."
ANSWERS = [CORRECT, WRONG, GIVE_UP]
PROMPTS = [
    Prompt(id="aplusb", messages=(ChatMessage(role="system", content="Be brief."),
                                  ChatMessage(role="user", content="Implement int sum(int a, int b);")),
           task_code="aplusb"),
    Prompt(id="aplusb#1", messages=(ChatMessage(role="user", content="Subtask 1: a, b < 10"),),
           task_code="aplusb", subtask_index=1),
]


@pytest.fixture(scope="module")
def scripted(tmp_path_factory):
    return make_sampler(f"transformers:{build_tiny_model(tmp_path_factory.mktemp('scripted'), answers=ANSWERS)}",
                        device="cpu", batch_size=2)


@pytest.fixture(scope="module")
def noisy(tmp_path_factory):
    path = build_tiny_model(tmp_path_factory.mktemp("noisy"), chat_template=CHAT_TEMPLATE)
    return make_sampler(f"transformers:{path}", device="cpu", batch_size=1)


def test_scripted_model_samples_its_answers_with_exact_logprobs(scripted):
    out = scripted.generate(PROMPTS, SamplingParams(n=6, seed=3, logprobs=True, max_tokens=8))
    assert [[c.prompt_id for c in row] for row in out] == [["aplusb"] * 6, ["aplusb#1"] * 6]
    seen = set()
    for row in out:
        assert [c.index for c in row] == list(range(6))
        for c in row:
            assert c.text in ANSWERS
            assert c.finish_reason == "stop"
            assert c.num_tokens == 2  # the answer token and the end of sequence
            assert c.cumulative_logprob == pytest.approx(-math.log(3), abs=1e-3)
            assert c.sampler.startswith("transformers:")
            seen.add(c.text)
    assert len(seen) >= 2  # sampling, not one fixed answer
    extracted = {extract_cpp(c.text) for row in out for c in row}
    assert extracted <= {"#include \"aplusb.h\"\nint sum(int a, int b) {\n    return a + b;\n}\n",
                         "int sum(int a, int b) { return a - b; }\n", None}


def test_seeds_make_sampling_reproducible(scripted):
    params = SamplingParams(n=8, seed=11, max_tokens=4)
    first = [[c.text for c in row] for row in scripted.generate(PROMPTS, params)]
    assert first == [[c.text for c in row] for row in scripted.generate(PROMPTS, params)]
    other = [[c.text for c in row] for row in scripted.generate(PROMPTS, params.replace(seed=12))]
    assert first != other
    assert all(c.cumulative_logprob is None for row in scripted.generate(PROMPTS, params) for c in row)


def test_stop_strings_end_the_completion_and_are_not_returned(scripted):
    out = scripted.generate(PROMPTS[:1], SamplingParams(n=12, seed=5, stop=["Sorry"], max_tokens=4))
    texts = {c.text for c in out[0]}
    assert "I could not solve it. " in texts
    assert GIVE_UP not in texts
    assert all(c.finish_reason == "stop" for c in out[0])


def test_random_model_hits_the_length_limit_through_its_chat_template(noisy):
    assert noisy.tokenizer.chat_template  # prompts are rendered through the template
    out = noisy.generate(PROMPTS, SamplingParams(n=2, seed=0, max_tokens=6, logprobs=True))
    for row in out:
        assert len(row) == 2
        for c in row:
            assert isinstance(c.text, str)
            assert c.finish_reason == "length" and c.num_tokens == 6
            assert c.cumulative_logprob is not None and -200 < c.cumulative_logprob < 0
            extract_cpp(c.text)  # noise must not break extraction


def test_greedy_decoding_returns_n_equal_completions(noisy):
    out = noisy.generate(PROMPTS[:1], SamplingParams(n=3, temperature=0, max_tokens=5))
    texts = [c.text for c in out[0]]
    assert len(texts) == 3 and len(set(texts)) == 1
    assert [c.index for c in out[0]] == [0, 1, 2]
