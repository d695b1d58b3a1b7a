"""Sampling with vLLM's offline engine: the throughput path for thousands of candidates on GPUs.

One `LLM` is built per sampler, with automatic prefix caching on (all samples of a task share the long
statement prefix). Each prompt gets its own `vllm.SamplingParams` carrying `n` and the prompt's derived
seed, and `LLM.generate` returns one `RequestOutput` per prompt in input order. With `logprobs`, vLLM is
asked for `logprobs=0` (the sampled token's log-probability only), which fills `cumulative_logprob`.
"""
from __future__ import annotations

from typing import Any

from ..params import SamplingParams
from ..prompts import Prompt, render_text
from .base import Completion, SamplerError, derive_seed


class VllmSampler:
    def __init__(self, model: str, *, tensor_parallel_size: int = 1, dtype: str = "auto",
                 gpu_memory_utilization: float = 0.9, max_model_len: int | None = None,
                 enable_prefix_caching: bool = True, trust_remote_code: bool = False, seed: int = 0,
                 **engine_options: Any):
        try:
            import vllm
        except ImportError as exc:
            raise SamplerError("vLLM is not installed: pip install 'ioi-agent[gpu]'") from exc
        self._vllm = vllm
        self.name = f"vllm:{model}"
        self.llm = vllm.LLM(
            model=model, tensor_parallel_size=tensor_parallel_size, dtype=dtype,
            gpu_memory_utilization=gpu_memory_utilization, max_model_len=max_model_len,
            enable_prefix_caching=enable_prefix_caching, trust_remote_code=trust_remote_code, seed=seed,
            **engine_options,
        )
        self.tokenizer = self.llm.get_tokenizer()

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        # Tokenised here so a chat template's own BOS is not doubled by the engine's tokenisation.
        templated = bool(getattr(self.tokenizer, "chat_template", None))
        inputs = [
            {"prompt_token_ids": self.tokenizer(render_text(p.messages, self.tokenizer),
                                                add_special_tokens=not templated)["input_ids"]}
            for p in prompts
        ]
        per_prompt = [
            self._vllm.SamplingParams(
                n=params.n, temperature=params.temperature, top_p=params.top_p, max_tokens=params.max_tokens,
                seed=derive_seed(params.seed, p.id), stop=list(params.stop) or None,
                logprobs=0 if params.logprobs else None,
            )
            for p in prompts
        ]
        outputs = self.llm.generate(inputs, per_prompt, use_tqdm=False)
        return [
            [
                Completion(
                    text=out.text, finish_reason=out.finish_reason, prompt_id=prompt.id, sampler=self.name,
                    index=k, cumulative_logprob=out.cumulative_logprob if params.logprobs else None,
                    num_tokens=len(out.token_ids),
                )
                for k, out in enumerate(request.outputs)
            ]
            for prompt, request in zip(prompts, outputs, strict=True)
        ]
