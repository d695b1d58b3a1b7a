"""The sampler contract: prompts in, completions out, in input order.

One verb keeps every backend (stored candidates, transformers, an OpenAI-compatible server, vLLM)
interchangeable for the pipeline and for tests. A single `SamplingParams` is broadcast to all prompts.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..params import SamplingParams
from ..prompts import Prompt

__all__ = ["Completion", "Prompt", "Sampler", "SamplerError", "derive_seed"]


class SamplerError(RuntimeError):
    """A backend failed or cannot be used (missing package, unreachable server, bad replay file)."""


@dataclass(frozen=True, slots=True)
class Completion:
    """One sampled answer to one prompt."""

    text: str
    finish_reason: str | None
    """"stop" (end of sequence or a stop string), "length" (max_tokens reached), or None when unknown."""
    prompt_id: str
    sampler: str
    """Name of the backend and model that produced it, e.g. "transformers:/models/tiny"."""
    index: int = 0
    """Position among the prompt's completions."""
    cumulative_logprob: float | None = None
    """Sum of the generated tokens' log-probabilities under the model; None unless requested and known."""
    num_tokens: int | None = None
    """Generated tokens, the end-of-sequence token included; None when the backend does not say."""
    origin: str | None = None
    """Where a replayed completion was read from (file, or file:line)."""


@runtime_checkable
class Sampler(Protocol):
    name: str

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        """For each prompt, in input order, up to `params.n` completions (exactly n for model backends)."""
        ...


def derive_seed(seed: int | None, prompt_id: str) -> int | None:
    """A per-prompt seed that depends only on the base seed and the prompt id, so a prompt's samples
    are reproducible whatever else is in the batch. 31 bits: every backend accepts it."""
    if seed is None:
        return None
    digest = hashlib.blake2b(f"{seed}\0{prompt_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF
