"""The OpenAI-compatible sampler over real HTTP against `tests/openai_server.py` on 127.0.0.1 (echoed
replies that show each sample's seed, scripted failures, OpenAI's max_tokens rejection)."""
from __future__ import annotations

import time

import pytest
from openai_server import OpenAIServer

from ioi_agent.params import SamplingParams
from ioi_agent.prompts import ChatMessage, Prompt
from ioi_agent.samplers import SamplerError, derive_seed, make_sampler

PROMPTS = [
    Prompt(id=f"task{i}", task_code=f"task{i}",
           messages=(ChatMessage(role="system", content="sys"), ChatMessage(role="user", content=f"solve {i}")))
    for i in range(5)
]


@pytest.fixture
def server():
    with OpenAIServer() as srv:
        yield srv


def _sampler(server, **options):
    options.setdefault("backoff_s", 0.01)
    return make_sampler(f"openai:{server.url}#tiny-model", **options)


def test_chat_completions_in_input_order_after_a_retried_503(server, monkeypatch):
    monkeypatch.setenv("FAKE_KEY", "secret-123")
    server.failures = [(503, 0.0)]
    sampler = _sampler(server, api_key_env="FAKE_KEY", concurrency=3)
    params = SamplingParams(n=2, seed=7, temperature=0.8, max_tokens=50, stop="END", logprobs=True)
    out = sampler.generate(PROMPTS, params)
    assert len(server.requests) == len(PROMPTS) + 1  # one failure, retried
    for i, (prompt, row) in enumerate(zip(PROMPTS, out, strict=True)):
        seed = derive_seed(7, prompt.id)
        assert [c.text for c in row] == [f"solve {i}|seed={seed}|0", f"solve {i}|seed={seed + 1}|1"]
        assert [c.index for c in row] == [0, 1]
        assert [c.finish_reason for c in row] == ["length", "stop"]
        assert all(c.cumulative_logprob == -0.75 and c.num_tokens == 2 and c.prompt_id == prompt.id for c in row)
        assert all(c.sampler == f"openai:{server.url}#tiny-model" for c in row)
    request = server.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer secret-123"
    body = request["body"]
    assert body["model"] == "tiny-model" and body["stop"] == ["END"] and body["max_tokens"] == 50
    assert body["temperature"] == 0.8 and body["logprobs"] is True
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


def test_text_completions_endpoint_renders_the_prompt(server):
    sampler = _sampler(server, chat=False, api_key_env=None)
    out = sampler.generate(PROMPTS[:1], SamplingParams(n=1, logprobs=True))
    request = server.requests[0]
    assert request["path"] == "/v1/completions" and request["auth"] is None
    assert request["body"]["prompt"] == "sys\n\nsolve 0\n\nAnswer:\n"
    assert "seed" not in request["body"]
    completion = out[0][0]
    assert completion.text.startswith("sys\n\nsolve 0")
    assert completion.cumulative_logprob == -1.5 and completion.num_tokens == 3


def test_without_logprobs_token_count_comes_from_usage_when_unambiguous(server):
    sampler = _sampler(server, api_key_env=None)
    one, = sampler.generate(PROMPTS[:1], SamplingParams(n=1))
    assert one[0].cumulative_logprob is None and one[0].num_tokens == 9
    two, = sampler.generate(PROMPTS[:1], SamplingParams(n=2))
    assert all(c.num_tokens is None for c in two)


def test_large_n_is_split_into_requests_seeded_at_their_first_sample(server):
    sampler = _sampler(server, api_key_env=None, max_n_per_request=4)
    row, = sampler.generate(PROMPTS[:1], SamplingParams(n=10, seed=1))
    assert sorted(r["body"]["n"] for r in server.requests) == [2, 4, 4]  # concurrent: any arrival order
    base = derive_seed(1, PROMPTS[0].id)
    assert sorted(r["body"]["seed"] for r in server.requests) == [base, base + 4, base + 8]
    assert [c.index for c in row] == list(range(10))
    assert row[4].text == f"solve 0|seed={base + 4}|0"


@pytest.mark.parametrize("n", [17, 40, 100])
def test_every_sample_of_a_prompt_has_its_own_seed_beyond_16(server, n):
    """With n > 16 the prompt takes several requests; the server seeds sample j of a request seeded s
    with s + j, as vLLM does, and no two samples of the prompt may share a seed."""
    rows = _sampler(server, api_key_env=None).generate(PROMPTS[:2], SamplingParams(n=n, seed=3))
    for prompt, row in zip(PROMPTS[:2], rows, strict=True):
        seeds = [int(c.text.split("|seed=")[1].split("|")[0]) for c in row]
        assert len(row) == n and len(set(seeds)) == n
        assert sorted(seeds) == [derive_seed(3, prompt.id) + k for k in range(n)]
        assert [c.index for c in row] == list(range(n))
    assert max(r["body"]["n"] for r in server.requests) == 16
    again = _sampler(server, api_key_env=None).generate(PROMPTS[:2], SamplingParams(n=n, seed=3))
    assert [[c.text for c in r] for r in again] == [[c.text for c in r] for r in rows]  # reproducible


def test_max_tokens_rejection_switches_to_max_completion_tokens_once():
    """OpenAI's reasoning models answer 400 to `max_tokens`: the sampler retries that request with
    `max_completion_tokens` and sends only that from then on."""
    with OpenAIServer(reject_max_tokens=True) as srv:
        sampler = make_sampler(f"openai:{srv.url}#o-model", api_key_env=None, concurrency=1)
        out = sampler.generate(PROMPTS[:3], SamplingParams(n=2, max_tokens=777))
        assert [len(row) for row in out] == [2, 2, 2]
        bodies = [r["body"] for r in srv.requests]
        assert len(bodies) == 4 and bodies[0]["max_tokens"] == 777 and "max_completion_tokens" not in bodies[0]
        assert all(b["max_completion_tokens"] == 777 and "max_tokens" not in b for b in bodies[1:])
        assert sampler.token_field == "max_completion_tokens"


def test_token_field_is_configurable_in_the_spec():
    with OpenAIServer(reject_max_tokens=True) as srv:
        sampler = make_sampler(f"openai:{srv.url}#o-model?token_field=max_completion_tokens&concurrency=2",
                               api_key_env=None)
        assert sampler.concurrency == 2 and sampler.model == "o-model"
        sampler.generate(PROMPTS[:2], SamplingParams(max_tokens=99))
        assert [r["body"]["max_completion_tokens"] for r in srv.requests] == [99, 99]
        assert not any("max_tokens" in r["body"] for r in srv.requests)
        pinned = make_sampler(f"openai:{srv.url}#o-model?token_field=max_tokens", api_key_env=None)
        with pytest.raises(SamplerError, match="HTTP 400: .*max_completion_tokens"):
            pinned.generate(PROMPTS[:1], SamplingParams())
    with pytest.raises(SamplerError, match="token_field"):
        make_sampler("openai:http://127.0.0.1:9/v1#m?token_field=max_length")


def test_the_test_server_stops_itself_when_idle():
    srv = OpenAIServer(idle_s=0.2).__enter__()
    make_sampler(f"openai:{srv.url}#m", api_key_env=None).generate(PROMPTS[:1], SamplingParams())
    deadline = time.monotonic() + 10
    while not srv._stopped.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv._stopped.is_set()
    with pytest.raises(SamplerError):
        make_sampler(f"openai:{srv.url}#m", api_key_env=None, max_retries=0, timeout_s=2).generate(
            PROMPTS[:1], SamplingParams())
    srv.stop()


def test_concurrency_limit_is_respected(server):
    server.delay_s = 0.2
    sampler = _sampler(server, api_key_env=None, concurrency=2)
    sampler.generate(PROMPTS, SamplingParams())
    assert server.max_in_flight == 2


def test_client_errors_fail_at_once_with_the_server_message(server):
    server.failures = [(400, 0.0)]
    with pytest.raises(SamplerError, match="HTTP 400: .*scripted 400"):
        _sampler(server, api_key_env=None).generate(PROMPTS[:1], SamplingParams())
    assert len(server.requests) == 1


def test_rate_limits_and_timeouts_are_retried_until_the_budget_runs_out(server):
    server.failures = [(429, 0.0), (503, 1.5)]  # a 429, then no answer before the client's 0.5 s timeout
    out = _sampler(server, api_key_env=None, timeout_s=0.5).generate(PROMPTS[:1], SamplingParams())
    assert out[0][0].text.startswith("solve 0") and len(server.requests) == 3
    server.requests.clear()
    server.failures = [(502, 0.0)] * 3
    with pytest.raises(SamplerError, match="HTTP 502"):
        _sampler(server, api_key_env=None, max_retries=2).generate(PROMPTS[:1], SamplingParams())
    assert len(server.requests) == 3


def test_unreachable_server_is_reported_after_retries():
    sampler = make_sampler("openai:http://127.0.0.1:9/v1#m", api_key_env=None, max_retries=1, backoff_s=0.01,
                           timeout_s=1)
    with pytest.raises(SamplerError, match="127.0.0.1:9"):
        sampler.generate(PROMPTS[:1], SamplingParams())
