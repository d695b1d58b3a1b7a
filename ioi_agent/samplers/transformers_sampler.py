"""Sampling with Hugging Face transformers (CPU or GPU): the path that runs anywhere, tests included.

torch and transformers are imported when a sampler is built, so the package imports without them.
Prompts are processed `batch_size` at a time with `num_return_sequences = n`; a batch's random stream
is seeded from the base seed and the batch's prompt ids, so a run is reproducible for the same prompts
and batch size. Log-probabilities come from the raw logits that `generate(output_logits=True)` returns
(before temperature and top-p, as vLLM reports them); keeping them costs steps x vocabulary floats per
sequence, which is why they are computed only when `params.logprobs` asks.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..params import SamplingParams
from ..prompts import Prompt, render_text
from .base import Completion, SamplerError, derive_seed


class TransformersSampler:
    def __init__(self, model: str | Path, *, device: str = "auto", dtype: str | None = None,
                 batch_size: int = 4, trust_remote_code: bool = False):
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise SamplerError("the transformers sampler needs torch and transformers: "
                               "pip install 'ioi-agent[ml]'") from exc
        if batch_size < 1:
            raise SamplerError(f"batch_size must be at least 1, not {batch_size}")
        self._torch = torch
        self.name = f"transformers:{model}"
        self.batch_size = batch_size
        self.device = ("cuda" if torch.cuda.is_available() else "cpu") if device == "auto" else device
        self.tokenizer = AutoTokenizer.from_pretrained(str(model), trust_remote_code=trust_remote_code)
        self.tokenizer.padding_side = "left"  # decoder-only: prompts end where generation starts
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        load: dict[str, Any] = {"trust_remote_code": trust_remote_code}
        if dtype is not None:
            load["dtype"] = dtype if dtype == "auto" else getattr(torch, dtype)
        self.model = AutoModelForCausalLM.from_pretrained(str(model), **load).to(self.device).eval()
        eos = self.model.generation_config.eos_token_id
        if eos is None:
            eos = self.tokenizer.eos_token_id
        self._eos = set(eos) if isinstance(eos, (list, tuple)) else {eos} - {None}

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        results: list[list[Completion]] = []
        for start in range(0, len(prompts), self.batch_size):
            results.extend(self._batch(prompts[start:start + self.batch_size], params))
        return results

    def _batch(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        torch = self._torch
        templated = bool(getattr(self.tokenizer, "chat_template", None))
        texts = [render_text(p.messages, self.tokenizer) for p in prompts]
        inputs = self.tokenizer(texts, return_tensors="pt", padding=True,
                                add_special_tokens=not templated).to(self.device)
        sampling = params.temperature > 0
        per_prompt = params.n if sampling else 1  # greedy samples are all equal: decode once, copy
        options: dict[str, Any] = {
            "max_new_tokens": params.max_tokens,
            "num_return_sequences": per_prompt,
            "do_sample": sampling,
            "return_dict_in_generate": True,
            "output_logits": params.logprobs,
            "pad_token_id": self.tokenizer.pad_token_id,
        }
        if sampling:  # top_k=0 switches off the top-50 filter many generation configs carry
            options.update(temperature=params.temperature, top_p=params.top_p, top_k=0)
        else:
            options.update(temperature=None, top_p=None, top_k=None)
        if params.stop:
            options.update(stop_strings=list(params.stop), tokenizer=self.tokenizer)
        devices = [torch.cuda.current_device()] if self.device.startswith("cuda") else []
        with torch.random.fork_rng(devices=devices), torch.no_grad():
            seed = derive_seed(params.seed, "\0".join(p.id for p in prompts))
            if seed is not None:
                torch.manual_seed(seed)
            out = self.model.generate(**inputs, **options)
        generated = out.sequences[:, inputs["input_ids"].shape[1]:].cpu()
        token_logprobs = None
        if params.logprobs:
            logits = torch.stack(out.logits, dim=1).float()
            token_logprobs = torch.log_softmax(logits, dim=-1).gather(
                -1, generated.to(logits.device).unsqueeze(-1)).squeeze(-1).cpu()
        results = []
        for i, prompt in enumerate(prompts):
            rows = []
            for j in range(per_prompt):
                row = i * per_prompt + j
                rows.append(self._completion(prompt, generated[row], None if token_logprobs is None
                                             else token_logprobs[row], params))
            results.append([replace(rows[k if sampling else 0], index=k) for k in range(params.n)])
        return results

    def _completion(self, prompt: Prompt, tokens: Any, logprobs: Any, params: SamplingParams) -> Completion:
        ids = tokens.tolist()
        length = next((k + 1 for k, t in enumerate(ids) if t in self._eos), None)
        finish = "stop" if length is not None else None
        if length is None:  # sequences that stopped early (stop string) are right-padded
            length = len(ids)
            pad = self.tokenizer.pad_token_id
            while length > 0 and ids[length - 1] == pad:
                length -= 1
        text = self.tokenizer.decode(ids[:length], skip_special_tokens=True)
        cut = min((k for k in (text.find(s) for s in params.stop) if k >= 0), default=-1)
        if cut >= 0:
            text, finish = text[:cut], "stop"
        if finish is None:
            finish = "length" if length >= params.max_tokens else "stop"
        return Completion(
            text=text, finish_reason=finish, prompt_id=prompt.id, sampler=self.name,
            cumulative_logprob=None if logprobs is None else float(logprobs[:length].sum()),
            num_tokens=length,
        )
