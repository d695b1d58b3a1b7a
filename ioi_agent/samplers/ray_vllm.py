"""Data-parallel sampling on a Ray cluster: one vLLM engine actor per GPU group.

Each engine actor reserves `tensor_parallel_size` GPUs and wraps a `VllmSampler`; the prompts of a
call are cut into contiguous shares (neighbouring prompts usually share a statement, so keeping them
on one engine keeps vLLM's prefix cache useful), each share into chunks of `chunk_size`, and all
chunks are queued on their engine at once. `stream` yields each prompt's completions as its chunk
finishes, so a caller can judge while the engines keep sampling; `generate` puts them back in input
order. Per-prompt seeds come from `derive_seed`, so which engine samples a prompt changes nothing.

Ray and vLLM are imported lazily (a missing vLLM is reported before any cluster is started);
`engine_cls` replaces the engine (tests use a fake one without GPUs). The CLI reaches this class with
`--sampler ray-vllm:MODEL[?num_engines=N&tensor_parallel_size=T]` and `--ray-address`.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import Any

from ..params import SamplingParams
from ..prompts import Prompt
from .base import Completion, SamplerError


class VllmEngine:
    """The actor body: one offline vLLM engine on the GPUs Ray gave this actor."""

    def __init__(self, model: str, **options: Any):
        from .vllm_sampler import VllmSampler

        self.sampler = VllmSampler(model, **options)

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        return self.sampler.generate(prompts, params)


def split_evenly(count: int, parts: int) -> list[range]:
    """`parts` contiguous ranges covering 0..count-1 in order, sizes differing by at most one."""
    base, extra = divmod(count, parts)
    out, start = [], 0
    for k in range(parts):
        size = base + (k < extra)
        out.append(range(start, start + size))
        start += size
    return out


class RayVLLMSampler:
    def __init__(self, model: str, *, num_engines: int | None = None, tensor_parallel_size: int = 1,
                 chunk_size: int = 256, address: str | None = None, engine_cls: type | None = None,
                 num_gpus_per_engine: float | None = None, **engine_options: Any):
        if engine_cls is None and importlib.util.find_spec("vllm") is None:
            raise SamplerError("ray-vllm: vLLM is not installed here: pip install 'ioi-agent[gpu]' "
                               "(on this machine and on every Ray worker)")
        try:
            import ray
        except ImportError as exc:
            raise SamplerError("Ray is not installed: pip install 'ioi-agent[ray]'") from exc
        if not ray.is_initialized():
            ray.init(address=address)
        self._ray = ray
        gpus = tensor_parallel_size if num_gpus_per_engine is None else num_gpus_per_engine
        if num_engines is None:
            available = ray.cluster_resources().get("GPU", 0)
            num_engines = int(available // gpus) if gpus else 0
            if num_engines < 1:
                raise SamplerError(f"the Ray cluster has {available:g} GPUs: not enough for one engine of "
                                   f"{gpus:g}; pass num_engines")
        if chunk_size < 1:
            raise SamplerError("chunk_size must be at least 1")
        self.name = f"ray-vllm:{model}"
        self.chunk_size = chunk_size
        remote = ray.remote(engine_cls or VllmEngine)
        self.engines = [
            remote.options(num_gpus=gpus, max_restarts=0).remote(
                model, tensor_parallel_size=tensor_parallel_size, **engine_options)
            for _ in range(num_engines)
        ]

    def stream(self, prompts: list[Prompt], params: SamplingParams) -> Iterator[tuple[int, list[Completion]]]:
        """`(prompt index, completions)` pairs, chunk by chunk as engines finish them."""
        ray = self._ray
        in_flight: dict[Any, range] = {}
        for engine, share in zip(self.engines, split_evenly(len(prompts), len(self.engines))):
            for start in range(share.start, share.stop, self.chunk_size):
                chunk = range(start, min(start + self.chunk_size, share.stop))
                in_flight[engine.generate.remote([prompts[i] for i in chunk], params)] = chunk
        while in_flight:
            ready, _ = ray.wait(list(in_flight), num_returns=1)
            chunk = in_flight.pop(ready[0])
            try:
                outputs = ray.get(ready[0])
            except ray.exceptions.RayError as exc:
                raise SamplerError(f"an engine failed on prompts {chunk.start}..{chunk.stop - 1}: {exc}") from exc
            yield from zip(chunk, outputs, strict=True)

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        out: list[list[Completion] | None] = [None] * len(prompts)
        for i, completions in self.stream(prompts, params):
            out[i] = completions
        return out  # type: ignore[return-value]

    def close(self) -> None:
        for engine in self.engines:
            self._ray.kill(engine)
        self.engines = []
