"""Sampling parameters: one flat, frozen, validated struct shared by every sampler backend.

Every backend maps these fields onto its own API, so the set is the intersection of what vLLM, an
OpenAI-compatible server and transformers all support. Any invalid value, whatever the cause (wrong
type, out of range, unknown field), raises `SamplingParamsError` naming the field and the value, so
callers catch one exception type.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class SamplingParamsError(ValueError):
    """A sampling parameter is invalid; `field` and `value` say which and what was given."""

    def __init__(self, field: str, value: Any, problem: str):
        self.field = field
        self.value = value
        self.problem = problem
        super().__init__(f"sampling parameter {field}={value!r}: {problem}")


class SamplingParams(BaseModel):
    """How to sample: the same object is broadcast to every prompt of a `generate` call."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    n: int = Field(default=1, ge=1, description="completions to return per prompt")
    temperature: float = Field(
        default=1.0, ge=0.0, le=10.0, description="softmax temperature; 0 means greedy decoding (all n samples equal)"
    )
    top_p: float = Field(default=1.0, gt=0.0, le=1.0, description="nucleus sampling mass; 1 keeps every token")
    max_tokens: int = Field(default=4096, ge=1, description="most tokens generated per completion")
    seed: int | None = Field(
        default=None,
        ge=0,
        description="base seed; each backend derives a per-prompt seed from it and the prompt id, so a "
        "prompt's samples do not depend on which other prompts share the call; None = unseeded",
    )
    stop: tuple[str, ...] = Field(
        default=(), description="strings that end a completion; the stop string itself is not returned"
    )
    logprobs: bool = Field(
        default=False, description="compute each completion's cumulative log-probability under the model"
    )

    def __init__(self, **data: Any):
        try:
            super().__init__(**data)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else "?"
            raise SamplingParamsError(field, err.get("input"), err["msg"]) from None

    @field_validator("stop", mode="before")
    @classmethod
    def _one_stop_string_is_a_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = (value,)
        if isinstance(value, (list, tuple)) and any(isinstance(s, str) and not s for s in value):
            raise ValueError("stop strings must be non-empty")
        return value

    def with_overrides(self, **changes: Any) -> "SamplingParams":
        """`replace` with the changes that are not None: how a command's optional flags
        (`--max-tokens`, `--temperature`) override its defaults."""
        return self.replace(**{key: value for key, value in changes.items() if value is not None})

    def replace(self, **changes: Any) -> "SamplingParams":
        """A validated copy with some fields changed (pydantic's `model_copy` would skip validation)."""
        return SamplingParams(**{**self.model_dump(), **changes})
