"""The vLLM sampler on a tiny scripted model; runs only where vllm and a CUDA GPU are present."""
from __future__ import annotations

import importlib.util
import math

import pytest

from tiny_model import build_tiny_model

from ioi_agent.params import SamplingParams
from ioi_agent.prompts import ChatMessage, Prompt
from ioi_agent.samplers import make_sampler


def _gpu_with_vllm() -> bool:
    if importlib.util.find_spec("vllm") is None or importlib.util.find_spec("torch") is None:
        return False
    import torch

    return torch.cuda.is_available()


pytestmark = [pytest.mark.slow, pytest.mark.skipif(not _gpu_with_vllm(), reason="needs vllm and a CUDA GPU")]

ANSWERS = [
    "```cpp\nint sum(int a, int b) { return a + b; }\n```",
    "no idea",
    "```cpp\nint sum(int a, int b) { return 0; }\n```",
]


def test_vllm_generates_n_seeded_samples_per_prompt_in_order(tmp_path):
    model = build_tiny_model(tmp_path / "tiny", answers=ANSWERS)
    sampler = make_sampler(f"vllm:{model}", gpu_memory_utilization=0.3, max_model_len=512, enforce_eager=True)
    prompts = [Prompt(id=f"p{i}", messages=(ChatMessage(role="user", content=f"task {i}"),)) for i in range(3)]
    params = SamplingParams(n=5, seed=2, max_tokens=8, logprobs=True)
    out = sampler.generate(prompts, params)
    assert [[c.prompt_id for c in row] for row in out] == [[p.id] * 5 for p in prompts]
    for row in out:
        assert [c.index for c in row] == list(range(5))
        for c in row:
            assert c.text in ANSWERS and c.finish_reason == "stop"
            assert c.num_tokens in (1, 2)  # the answer token, and the end of sequence if vLLM counts it
            assert c.cumulative_logprob == pytest.approx(-math.log(3), abs=2e-2)
    again = sampler.generate(prompts, params)
    assert [[c.text for c in row] for row in again] == [[c.text for c in row] for row in out]
