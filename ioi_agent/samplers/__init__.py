"""Samplers: one protocol (`base.Sampler`), one module per backend, and `make_sampler` to build one
from a spec string. Backends are imported only when asked for, so heavy packages stay optional.

Specs:
- `replay:PATH` (or a bare existing PATH): stored candidates, see `replay`;
- `transformers:MODEL_DIR`: Hugging Face transformers on CPU or GPU;
- `openai:URL#MODEL`: an OpenAI-compatible server, URL up to `/v1`;
- `vllm:MODEL`: vLLM's offline engine;
- `mutate:DIR`: programs mutated from a task's labelled solutions under DIR (benchmarks, tests).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .base import Completion, Sampler, SamplerError, derive_seed

__all__ = ["Completion", "Sampler", "SamplerError", "derive_seed", "make_sampler", "KINDS"]

KINDS = ("replay", "transformers", "openai", "vllm", "mutate")


def make_sampler(spec: str, **options: Any) -> Sampler:
    """Build the sampler a spec names; `options` go to its constructor (e.g. `concurrency=4`)."""
    kind, sep, target = spec.partition(":")
    if not sep or kind not in KINDS:
        if Path(spec).exists():
            kind, target = "replay", spec
        else:
            raise SamplerError(f"unknown sampler spec {spec!r}: use one of "
                               + ", ".join(f"{k}:..." for k in KINDS) + " or an existing replay path")
    if not target:
        raise SamplerError(f"sampler spec {spec!r} names no {'path' if kind in ('replay', 'mutate') else 'model'}")
    if kind == "replay":
        from .replay import ReplaySampler

        return ReplaySampler(target, **options)
    if kind == "mutate":
        from .mutate import MutateSampler

        return MutateSampler(target, **options)
    if kind == "transformers":
        from .transformers_sampler import TransformersSampler

        return TransformersSampler(target, **options)
    if kind == "openai":
        from .openai_compat import OpenAICompatSampler

        url, hash_, model = target.rpartition("#")
        if not hash_ or not url or not model:
            raise SamplerError(f"sampler spec {spec!r}: expected openai:URL#MODEL")
        return OpenAICompatSampler(url, model, **options)
    from .vllm_sampler import VllmSampler

    return VllmSampler(target, **options)
