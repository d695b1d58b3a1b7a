"""A tiny OpenAI-shaped HTTP server on 127.0.0.1 for tests: `/v1/chat/completions` and `/v1/completions`.

It listens on a random free port, serves from a daemon thread and stops itself: on leaving the
`with` block, and in any case after `idle_s` seconds without a request (so a crashed test leaves
nothing behind). Behaviour worth testing against:

- seeds as vLLM applies them: sample j of a request seeded s is drawn with seed s + j, and the
  default answer says which seed drew it (`<prompt text>|seed=<s + j>|<j>`);
- `reject_max_tokens=True` answers 400 to any body with `max_tokens`, with the error OpenAI's
  reasoning models give (they want `max_completion_tokens`);
- `failures`: (status, delay_s) pairs consumed by the first requests; `delay_s` slows every answer;
- `answer(body, j)`: the text of sample j (e.g. a real program), instead of the echo.

Every request is recorded (`requests`: path, Authorization header, JSON body).
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_TOKENS_ERROR = {
    "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
               "Use 'max_completion_tokens' instead.",
    "type": "invalid_request_error", "param": "max_tokens", "code": "unsupported_parameter",
}


class OpenAIServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, answer: Callable[[dict[str, Any], int], str] | None = None,
                 reject_max_tokens: bool = False, idle_s: float = 120.0):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = answer
        self.reject_max_tokens = reject_max_tokens
        self.idle_s = idle_s
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.failures: list[tuple[int, float]] = []
        self.delay_s = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.last_seen = time.monotonic()
        self._own_threads: list[threading.Thread] = []
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def __enter__(self) -> "OpenAIServer":
        serve = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        watch = threading.Thread(target=self._stop_when_idle, daemon=True)
        self._own_threads = [serve, watch]
        for thread in self._own_threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stopped.set()
        if self._own_threads:
            self.shutdown()
            self.server_close()
            for thread in self._own_threads:
                if thread is not threading.current_thread():
                    thread.join(timeout=5)
            self._own_threads = []

    def _stop_when_idle(self) -> None:
        while not self._stopped.wait(min(1.0, self.idle_s / 4)):
            with self.lock:
                idle = time.monotonic() - self.last_seen > self.idle_s and self.in_flight == 0
            if idle:
                self._stopped.set()
                self.shutdown()
                self.server_close()
                return

    def reply(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        chat = path.endswith("/chat/completions")
        source = body["messages"][-1]["content"] if chat else body["prompt"]
        seed = body.get("seed")
        choices = []
        for j in reversed(range(body.get("n", 1))):  # out of order on purpose: clients must sort by index
            text = (self.answer(body, j) if self.answer is not None
                    else f"{source}|seed={None if seed is None else seed + j}|{j}")
            choice: dict[str, Any] = {"index": j, "finish_reason": "length" if j == 0 else "stop"}
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
                "usage": {"completion_tokens": 9 * body.get("n", 1)}}


class _Handler(BaseHTTPRequestHandler):
    server: OpenAIServer

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        srv = self.server
        with srv.lock:
            srv.last_seen = time.monotonic()
            srv.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
            failure = srv.failures.pop(0) if srv.failures else None
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        try:
            if failure is not None:
                status, delay = failure
                time.sleep(delay)
                self._send(status, {"error": {"message": f"scripted {status}"}}, {"Retry-After": "0"})
            elif not self.path.endswith(("/chat/completions", "/completions")):
                self._send(404, {"error": {"message": f"no route {self.path}"}})
            elif srv.reject_max_tokens and "max_tokens" in body:
                self._send(400, {"error": MAX_TOKENS_ERROR})
            else:
                time.sleep(srv.delay_s)
                self._send(200, srv.reply(self.path, body))
        finally:
            with srv.lock:
                srv.in_flight -= 1
                srv.last_seen = time.monotonic()

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
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
