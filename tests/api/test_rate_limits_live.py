"""Rate limits against the real multi-worker server (issue 14, item 5): one limit across every
worker, and a per-address limit for requests without a valid token. Loopback only, bounded."""
from __future__ import annotations

import http.client
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.live_server import live_server

pytestmark = pytest.mark.slow

BODY = json.dumps({"text": "Officers attended a collision on the A64."})


def call(port: int, method: str, path: str, *, token: str | None = None, source: str = "127.0.0.1"):
    """One request on its own connection (so the kernel may hand it to any worker)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=BODY if method == "POST" else None, headers=headers)
        answer = conn.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        conn.close()


def test_one_limit_across_all_workers(tmp_path):
    with live_server(tmp_path, env={"POSTLINT_RATE_LIMIT": "20/minute"}, workers=4) as server:
        token = server.make_token("scheduler", "busy-scheduler")
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: call(server.port, "POST", "/v1/lint", token=token), range(60)))
        statuses = [status for status, _, _ in answers]
        assert statuses.count(200) == 20, statuses  # with 4 workers each counting alone: up to 80
        assert statuses.count(429) == 40
        limited = next(headers for status, headers, _ in answers if status == 429)
        assert 1 <= int(limited["Retry-After"]) <= 60


def test_requests_without_a_valid_token_are_limited_per_address(tmp_path):
    with live_server(tmp_path, env={"POSTLINT_ANONYMOUS_RATE_LIMIT": "10/minute"}) as server:
        token = server.make_token("officer", "good-officer")
        guesses = [call(server.port, "POST", "/v1/lint", token="plt_0123456789abcdef_" + "x" * 43,
                        source="127.0.0.7")[0] for _ in range(12)]
        assert guesses == [401] * 10 + [429] * 2
        status, headers, body = call(server.port, "GET", "/healthz", source="127.0.0.7")
        assert status == 429 and int(headers["Retry-After"]) >= 1
        assert json.loads(body)["error"]["code"] == "rate_limited"
        # A valid token is limited by its own count, not the address's; other addresses are untouched.
        assert call(server.port, "POST", "/v1/lint", token=token, source="127.0.0.7")[0] == 200
        assert call(server.port, "GET", "/healthz", source="127.0.0.8")[0] == 200
        assert call(server.port, "GET", "/v1/nowhere", source="127.0.0.8")[0] == 404
