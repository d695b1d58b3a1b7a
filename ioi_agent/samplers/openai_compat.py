"""Any OpenAI-compatible server (`vllm serve`, hosted APIs) over `/v1/completions` or `/v1/chat/completions`.

Standard library only (urllib and a thread pool). Requests run `concurrency` at a time; 429, 5xx,
timeouts and dropped connections are retried with exponential backoff (honouring `Retry-After`), any
other HTTP error fails the whole call at once, with the server's message. Results come back in input
order. A prompt needing more than `max_n_per_request` samples is split into several requests; a
request whose first sample is the prompt's i-th is seeded with the prompt's derived seed + i, because
vLLM seeds a request's j-th sample with its seed + j: every sample of a prompt then has its own seed
(seeding request k with seed + k made most of request 2's samples repeat request 1's).

The token limit goes out as `max_tokens` or, for endpoints that want it (OpenAI's reasoning models
reject `max_tokens`), as `max_completion_tokens`: `token_field="auto"` (the default) sends
`max_tokens` and, when the server answers 400 naming `max_completion_tokens`, switches for that
request and every later one.
"""
from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from ..params import SamplingParams
from ..prompts import Prompt, render_text
from .base import Completion, SamplerError, derive_seed

RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
TOKEN_FIELDS = ("auto", "max_tokens", "max_completion_tokens")


class _WantsCompletionTokens(Exception):
    """The server rejected `max_tokens` and asked for `max_completion_tokens`."""


class OpenAICompatSampler:
    def __init__(self, base_url: str, model: str, *, chat: bool = True, api_key: str | None = None,
                 api_key_env: str | None = "OPENAI_API_KEY", concurrency: int = 8, timeout_s: float = 600.0,
                 max_retries: int = 5, backoff_s: float = 1.0, max_backoff_s: float = 60.0,
                 max_n_per_request: int = 16, token_field: str = "auto"):
        if concurrency < 1 or max_n_per_request < 1 or max_retries < 0 or timeout_s <= 0:
            raise SamplerError("concurrency and max_n_per_request must be >= 1, max_retries >= 0, timeout_s > 0")
        if token_field not in TOKEN_FIELDS:
            raise SamplerError(f"token_field={token_field!r}: use one of {', '.join(TOKEN_FIELDS)}")
        base = base_url.rstrip("/")
        self.url = base + ("/chat/completions" if chat else "/completions")
        self.model = model
        self.chat = chat
        self.name = f"openai:{base}#{model}"
        self.api_key = api_key if api_key is not None else (os.environ.get(api_key_env) if api_key_env else None)
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.max_n_per_request = max_n_per_request
        self.token_field = token_field
        self._fallback = token_field == "auto"
        if self._fallback:
            self.token_field = "max_tokens"

    def generate(self, prompts: list[Prompt], params: SamplingParams) -> list[list[Completion]]:
        jobs = []  # (prompt position, first index, how many, seed)
        for pos, prompt in enumerate(prompts):
            seed = derive_seed(params.seed, prompt.id)
            for first in range(0, params.n, self.max_n_per_request):
                jobs.append((pos, first, min(self.max_n_per_request, params.n - first),
                             None if seed is None else (seed + first) & 0x7FFF_FFFF))
        results: list[list[Completion]] = [[] for _ in prompts]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            futures = [pool.submit(self._request, prompts[pos], n, seed, params) for pos, _, n, seed in jobs]
            try:
                for (pos, first, _, _), future in zip(jobs, futures, strict=True):
                    for offset, completion in enumerate(future.result()):
                        results[pos].append(replace(completion, index=first + offset))
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
        return results

    def _request(self, prompt: Prompt, n: int, seed: int | None, params: SamplingParams) -> list[Completion]:
        body: dict[str, Any] = {"model": self.model, "n": n, "temperature": params.temperature,
                                "top_p": params.top_p}
        if seed is not None:
            body["seed"] = seed
        if params.stop:
            body["stop"] = list(params.stop)
        if self.chat:
            body["messages"] = prompt.openai_messages()
            if params.logprobs:
                body["logprobs"] = True
        else:
            body["prompt"] = render_text(prompt.messages)
            if params.logprobs:
                body["logprobs"] = 0
        reply = self._post_with_token_limit(body, params.max_tokens)
        choices = sorted(reply.get("choices") or [], key=lambda c: c.get("index", 0))
        usage = reply.get("usage") or {}
        return [self._completion(prompt, choice, usage if len(choices) == 1 else {}) for choice in choices]

    def _completion(self, prompt: Prompt, choice: dict[str, Any], usage: dict[str, Any]) -> Completion:
        if self.chat:
            text = (choice.get("message") or {}).get("content") or ""
            token_logprobs = [t.get("logprob") for t in ((choice.get("logprobs") or {}).get("content") or [])]
        else:
            text = choice.get("text") or ""
            token_logprobs = (choice.get("logprobs") or {}).get("token_logprobs") or []
        known = [lp for lp in token_logprobs if lp is not None]
        return Completion(
            text=text, finish_reason=choice.get("finish_reason"), prompt_id=prompt.id, sampler=self.name,
            cumulative_logprob=float(sum(known)) if known else None,
            num_tokens=len(token_logprobs) if token_logprobs else usage.get("completion_tokens"),
        )

    def _post_with_token_limit(self, body: dict[str, Any], limit: int) -> dict[str, Any]:
        field = self.token_field
        try:
            return self._post({**body, field: limit})
        except _WantsCompletionTokens as exc:
            if not self._fallback or field == "max_completion_tokens":
                raise SamplerError(f"{self.url}: HTTP 400: {exc}") from None
            self.token_field = "max_completion_tokens"  # for every later request too
            return self._post({**body, "max_completion_tokens": limit})

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        attempt = 0
        while True:
            request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode(errors="replace")[:500]
                if exc.code == 400 and "max_completion_tokens" in detail and "max_completion_tokens" not in body:
                    raise _WantsCompletionTokens(detail) from None
                if exc.code not in RETRY_STATUS or attempt >= self.max_retries:
                    raise SamplerError(f"{self.url}: HTTP {exc.code}: {detail}") from None
                wait = _retry_after(exc.headers.get("Retry-After"))
            except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as exc:
                if attempt >= self.max_retries:
                    raise SamplerError(f"{self.url}: {exc}") from None
                wait = None
            except json.JSONDecodeError as exc:
                raise SamplerError(f"{self.url}: reply is not JSON ({exc.msg})") from None
            backoff = min(self.max_backoff_s, self.backoff_s * 2**attempt)
            time.sleep(backoff if wait is None else min(self.max_backoff_s, max(wait, backoff)))
            attempt += 1


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
