"""The OpenAI-compatible sampler against a small fake server on 127.0.0.1 (canned replies, scripted failures)."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ioi_agent.params import SamplingParams
from ioi_agent.prompts import ChatMessage, Prompt
from ioi_agent.samplers import SamplerError, derive_seed, make_sampler

PROMPTS = [
    Prompt(id=f"task{i}", task_code=f"task{i}",
           messages=(ChatMessage(role="system", content="sys"), ChatMessage(role="user", content=f"solve {i}")))
    for i in range(5)
]


class FakeServer(ThreadingHTTPServer):
    """Answers like an OpenAI server; `failures` is a list of (status, delay_s) consumed by the first requests."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.failures: list[tuple[int, float]] = []
        self.delay_s = 0.0
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        srv = self.server
        with srv.lock:
            srv.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
            failure = srv.failures.pop(0) if srv.failures else None
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        try:
            if failure is not None:
                status, delay = failure
                time.sleep(delay)
                self._send(status, {"error": {"message": f"scripted {status}"}}, {"Retry-After": "0"})
                return
            time.sleep(srv.delay_s)
            self._send(200, _reply(self.path, body))
        finally:
            with srv.lock:
                srv.in_flight -= 1

    def _send(self, status, payload, headers=None):
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and left


def _reply(path: str, body: dict) -> dict:
    """Choices echo what the client sent, so tests can check routing, seeds and order."""
    chat = path.endswith("/chat/completions")
    source = body["messages"][-1]["content"] if chat else body["prompt"]
    choices = []
    for i in reversed(range(body["n"])):  # out of order on purpose: the client must sort by index
        text = f"{source}|seed={body.get('seed')}|{i}"
        choice = {"index": i, "finish_reason": "length" if i == 0 else "stop"}
        if chat:
            choice["message"] = {"role": "assistant", "content": text}
            if body.get("logprobs"):
                choice["logprobs"] = {"content": [{"token": "a", "logprob": -0.5}, {"token": "b", "logprob": -0.25}]}
        else:
            choice["text"] = text
            if body.get("logprobs") is not None:
                choice["logprobs"] = {"tokens": ["a", "b", "c"], "token_logprobs": [-1.0, None, -0.5]}
        choices.append(choice)
    return {"id": "x", "object": "chat.completion" if chat else "text_completion", "choices": choices,
            "usage": {"completion_tokens": 9 * body["n"]}}


@pytest.fixture
def server():
    srv = FakeServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


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
        assert [c.text for c in row] == [f"solve {i}|seed={seed}|0", f"solve {i}|seed={seed}|1"]
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


def test_large_n_is_split_into_requests_with_successive_seeds(server):
    sampler = _sampler(server, api_key_env=None, max_n_per_request=4)
    row, = sampler.generate(PROMPTS[:1], SamplingParams(n=10, seed=1))
    assert sorted(r["body"]["n"] for r in server.requests) == [2, 4, 4]  # concurrent: any arrival order
    base = derive_seed(1, PROMPTS[0].id)
    assert sorted(r["body"]["seed"] for r in server.requests) == [base, base + 1, base + 2]
    assert [c.index for c in row] == list(range(10))
    assert row[4].text == f"solve 0|seed={base + 1}|0"


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
