"""A fake OpenAI-compatible model server on 127.0.0.1, scripted per test.

Each test queues the replies it wants (an answer, an HTTP error, a slow answer) and
afterwards reads what the coach sent: litellm talks to it over real HTTP, so retries,
timeouts and the request body are exercised exactly as with a hosted provider.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted reply: the assistant's text, or an HTTP error."""

    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering
    prompt_tokens: int = 120
    completion_tokens: int = 40
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    """What the server received: the path and the JSON body."""

    path: str
    body: dict[str, Any]

    @property
    def text(self) -> str:
        """All message contents joined, to look for the draft or the schema."""
        return "\n".join(
            str(m.get("content", "")) for m in self.body.get("messages", [])
        )


class FakeModelServer:
    """Serves /v1/chat/completions from a queue; an empty queue answers 500."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def api_base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def queue(self, *replies: Reply | str) -> None:
        for reply in replies:
            self.replies.append(Reply(reply) if isinstance(reply, str) else reply)

    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def start(self) -> FakeModelServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.replies:
                return self.replies.popleft()
        return Reply(status=500, content="no reply scripted")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.endswith("/embeddings"):
                    server.requests.append(Request(self.path, body))
                    self._send(200, _embeddings(body))
                    return
                reply = server._next(Request(self.path, body))
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    error = {"message": reply.content, "type": "fake_error"}
                    self._send(reply.status, {"error": error}, reply.headers)
                else:
                    self._send(200, _completion(body, reply), reply.headers)

            def _send(
                self, status: int, payload: dict[str, Any], headers: dict | None = None
            ) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }


def _embeddings(body: dict[str, Any]) -> dict[str, Any]:
    texts = body.get("input") or []
    texts = [texts] if isinstance(texts, str) else texts
    # A deterministic toy vector: letter counts, enough to rank by shared words.
    data = [
        {"object": "embedding", "index": i, "embedding": _letters(str(t))}
        for i, t in enumerate(texts)
    ]
    return {"object": "list", "data": data, "model": body.get("model", "fake")}


def _letters(text: str) -> list[float]:
    counts = [float(text.lower().count(c)) for c in "abcdefghijklmnopqrstuvwxyz"]
    return [c + 0.01 for c in counts]
