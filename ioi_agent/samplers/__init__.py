"""Samplers: one protocol (`base.Sampler`), one module per backend, and `make_sampler` to build one
from a spec string. Backends are imported only when asked for, so heavy packages stay optional.

Specs:
- `replay:PATH` (or a bare existing PATH): stored candidates, see `replay`;
- `transformers:MODEL_DIR`: Hugging Face transformers on CPU or GPU;
- `openai:URL#MODEL`: an OpenAI-compatible server, URL up to `/v1`;
- `vllm:MODEL`: vLLM's offline engine;
- `mutate:DIR`: programs mutated from a task's labelled solutions under DIR (benchmarks, tests);
- `ray-vllm:MODEL`: data-parallel vLLM engine actors on a Ray cluster (`--ray-address`, else
  `RAY_ADDRESS`, else a local cluster).

Any model spec may end in `?key=value&key=value` constructor options, e.g.
`openai:https://api.openai.com/v1#o3-mini?token_field=max_completion_tokens` or
`ray-vllm:Qwen/Qwen2.5-7B?num_engines=4&tensor_parallel_size=2`; values are read as int, float,
true/false or text.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .base import Completion, Sampler, SamplerError, derive_seed

__all__ = ["Completion", "Sampler", "SamplerError", "derive_seed", "make_sampler", "KINDS", "SPEC_HELP",
           "is_model_sampler", "statement_warning"]

KINDS = ("replay", "mutate", "transformers", "openai", "vllm", "ray-vllm")
STORED_KINDS = ("replay", "mutate")  # programs from disk: no model reads the prompt
SPEC_HELP = ("sampler spec: replay:PATH, mutate:DIR, transformers:DIR, openai:URL#MODEL, vllm:MODEL or ray-vllm:MODEL "
             "(with --ray-address), optionally ending in ?key=value&... constructor options")
_OPTION = re.compile(r"^[A-Za-z_]\w*=[^&=]*$")


def make_sampler(spec: str, *, ray_address: str | None = None, **options: Any) -> Sampler:
    """Build the sampler a spec names; `options` go to its constructor (e.g. `concurrency=4`), after
    the spec's own `?key=value` options. `ray_address` is used by `ray-vllm` only."""
    kind, sep, target = spec.partition(":")
    if not sep or kind not in KINDS:
        if Path(spec).exists():
            kind, target = "replay", spec
        else:
            raise SamplerError(f"unknown sampler spec {spec!r}: use one of "
                               + ", ".join(f"{k}:..." for k in KINDS) + " or an existing replay path")
    if kind not in STORED_KINDS:
        target, spec_options = _split_options(target)
        options = {**spec_options, **options}
    if not target:
        raise SamplerError(f"sampler spec {spec!r} names no {'path' if kind in ('replay', 'mutate') else 'model'}")
    try:
        return _build(kind, target, spec, ray_address, options)
    except TypeError as exc:  # an option the backend's constructor does not take
        raise SamplerError(f"sampler spec {spec!r}: {exc}") from None


def _build(kind: str, target: str, spec: str, ray_address: str | None, options: dict[str, Any]) -> Sampler:
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
    if kind == "ray-vllm":
        from .ray_vllm import RayVLLMSampler

        options.setdefault("address", ray_address)
        return RayVLLMSampler(target, **options)
    from .vllm_sampler import VllmSampler

    return VllmSampler(target, **options)


def _split_options(target: str) -> tuple[str, dict[str, Any]]:
    """`MODEL?a=1&b=x` -> (`MODEL`, {a: 1, b: "x"}); a `?` not followed by such options stays in the target."""
    head, sep, tail = target.rpartition("?")
    if not sep or not tail or not all(_OPTION.match(part) for part in tail.split("&")):
        return target, {}
    return head, {key: _value(value) for key, value in (part.split("=", 1) for part in tail.split("&"))}


def _value(text: str) -> Any:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def is_model_sampler(sampler: Sampler | None) -> bool:
    """True for samplers that ask a model (everything but stored candidates)."""
    return sampler is not None and not getattr(sampler, "name", "").startswith(tuple(f"{k}:" for k in STORED_KINDS))


def statement_warning(task: Any, sampler: Sampler | None) -> str | None:
    """A loud warning when a model is to solve a task whose statement it cannot read (absent, or a
    PDF): the prompt then holds only the interface and the examples."""
    from ..prompts import statement_text

    if not is_model_sampler(sampler) or statement_text(task) is not None:
        return None
    where = f"{task.statement.name} is not text" if task.statement is not None else "no statement was found"
    return (f"WARNING: task {task.code}: {where}, so the model ({sampler.name}) sees only the interface and "
            "the examples; it cannot solve what it cannot read. Put a statement.md (or statement.en.md) "
            "beside the package.")
