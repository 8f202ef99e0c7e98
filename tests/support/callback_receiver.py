"""A scheduler's callback endpoint for tests: a loopback HTTP server that records each POST with
its arrival time and answers with the statuses given, then 200. It can be down for a while:
``CallbackReceiver(port=...)`` reserves an address, and nothing listens there until ``start()``."""
from __future__ import annotations

import http.server
import socket
import threading
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CallbackReceiver:
    def __init__(self, statuses=(), port: int | None = None):
        self.statuses = list(statuses)
        self.calls: list[tuple[float, dict, bytes]] = []
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/postlint/decisions"
        self.server = None

    def start(self) -> "CallbackReceiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((time.monotonic(), dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def wait_for(self, count: int, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.calls) >= count, f"{len(self.calls)} of {count} callbacks arrived"

    def close(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
