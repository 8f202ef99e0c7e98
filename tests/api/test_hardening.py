"""Attacks from issue 14 against the real server: chunked bodies over the limit (item 7), tokens
in log lines (item 6) and the server's own error answers (item 10). Loopback only, bounded."""
from __future__ import annotations

import io
import json
import logging
import socket

import pytest
import requests
from gunicorn.config import Config

from api.logs import ScrubbingLogger
from tests.support.live_server import live_server

SECURITY_HEADERS = {"content-security-policy": "default-src 'none'", "x-frame-options": "DENY",
                    "referrer-policy": "no-referrer"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("hardening"), env={"POSTLINT_ACCESS_LOG": "on"}) as running:
        yield running


@pytest.fixture(scope="module")
def token(server):
    return server.make_token("officer", "hardening-officer")


def raw_exchange(port: int, request: bytes, timeout: float = 10) -> bytes:
    """Send bytes as they are and read the answer until the server closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
                if b"\r\n\r\n" in answer:
                    head, _, body = answer.partition(b"\r\n\r\n")
                    length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")]
                    if length and len(body) >= length[0]:
                        break
        except (ConnectionResetError, socket.timeout):
            pass
    return answer


def parse(answer: bytes) -> tuple[int, dict, bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def chunked(payload: bytes, size: int = 16384) -> bytes:
    pieces = [payload[i:i + size] for i in range(0, len(payload), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


# -- item 7: a chunked body over the limit ---------------------------------------------------

def test_a_chunked_body_over_the_limit_gets_413_from_the_real_server(server, token):
    payload = b'{"text": "Officers attended a collision."}' + b" " * (300 * 1024)
    head = (b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + token.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
    status, _, body = parse(raw_exchange(server.port, head + chunked(payload)))
    assert status == 413
    assert json.loads(body)["error"]["code"] == "body_too_large"


def test_a_chunked_body_under_the_limit_is_read_whole(server, token):
    payload = json.dumps({"text": "Officers have arrested Callum Pexton, 31, on suspicion of affray."}
                         ).encode() + b" " * (200 * 1024)
    head = (b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + token.encode() + b"\r\nTransfer-Encoding: chunked\r\n"
            b"Connection: close\r\n\r\n")
    status, _, body = parse(raw_exchange(server.port, head + chunked(payload)))
    assert status == 200 and json.loads(body)["verdict"] == "block"


def test_the_app_itself_refuses_a_chunked_body_over_the_limit(client, make_token):
    officer = make_token("officer", "chunked-officer")
    body = b'{"text": "hi"}' + b" " * (256 * 1024)
    answer = client.post("/v1/lint", data=body, environ_overrides={"wsgi.input_terminated": True},
                         headers={"Authorization": f"Bearer {officer}", "Content-Type": "application/json",
                                  "Transfer-Encoding": "chunked"})
    assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "body_too_large"


# -- item 6: tokens in log lines ---------------------------------------------------------------

def test_a_token_in_a_url_path_or_a_header_without_its_colon_never_reaches_the_log(server, token):
    assert requests.get(f"{server.base_url}/v1/{token}", timeout=10).status_code == 404
    assert requests.get(f"{server.base_url}/v1/rules/{token}/x", timeout=10).status_code == 404
    answer = raw_exchange(server.port, b"GET /v1/rules HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                       b"Authorization Bearer " + token.encode() + b"\r\n\r\n")
    assert parse(answer)[0] == 400
    log = server.wait_for_log('"GET /v1/rules/plt_[redacted]/x" 404')
    assert '"GET /v1/plt_[redacted]" 404' in log
    secret = token.split("_", 2)[2]
    assert token not in log and secret not in log


def test_gunicorns_own_error_log_lines_are_scrubbed(tmp_path):
    """The line gunicorn's worker writes for a header it cannot parse quotes the header whole."""
    token = "plt_0123456789abcdef_" + "S" * 43
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("accesslog", str(tmp_path / "access.log"))
    logger = ScrubbingLogger(cfg)
    logger.warning("Invalid request from ip=127.0.0.1: Invalid header 'Authorization Bearer %s'" % token)
    logger.error("header was %s", f"Authorization: Bearer {token}")
    try:
        raise ValueError(f"bad {token}")
    except ValueError:
        logger.exception("Error handling request /v1/%s", token)
    logging.getLogger("postlint.api").error("unexpected with %s", token)
    for handler in logger.error_log.handlers:
        handler.flush()
    written = (tmp_path / "error.log").read_text()
    assert "Invalid header 'Authorization Bearer [redacted]'" in written
    assert "unexpected with plt_[redacted]" in written
    assert token not in written and "S" * 43 not in written


# -- item 10: the server's own error answers --------------------------------------------------

@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),  # gunicorn's request-line limit
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n", 400),  # refused before any thread
    (b"NOT HTTP AT ALL\r\n\r\n", 400),
])
def test_the_servers_own_error_answers_carry_the_security_headers(server, request_bytes, status):
    got, headers, body = parse(raw_exchange(server.port, request_bytes))
    assert got == status
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name, "").startswith(value), (name, headers)
    assert headers["content-type"] == "application/json"
    assert "error" in json.loads(body)
    assert b"<html" not in body


def test_the_scrubber_leaves_ordinary_lines_alone():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    from api.logs import TokenScrubber
    handler.addFilter(TokenScrubber())
    log = logging.getLogger("test.scrubber")
    log.addHandler(handler)
    log.propagate = False
    log.warning("retention purge: %d reviews purged", 3)
    assert stream.getvalue() == "retention purge: 3 reviews purged\n"


def test_a_client_waiting_for_100_continue_is_told_once_and_answered(server, token):
    body = json.dumps({"text": "Officers attended a collision on the A64."}).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Authorization: Bearer " + token.encode() + b"\r\nExpect: 100-continue\r\n"
                     b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"  # before the body is sent
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 ") and b"100 Continue" not in answer


@pytest.mark.parametrize("variable, value", [
    ("POSTLINT_HEADER_TIMEOUT", "soon"), ("POSTLINT_HEADER_TIMEOUT", "0"), ("POSTLINT_BODY_TIMEOUT", "99999"),
    ("POSTLINT_CONNECTIONS_PER_CLIENT", "0"), ("POSTLINT_MAX_CONNECTIONS", "3"), ("POSTLINT_MAX_PENDING", "0"),
    ("POSTLINT_ANONYMOUS_RATE_LIMIT", "lots"), ("POSTLINT_MAX_PENDING_PER_ACCOUNT", "0"),
    ("POSTLINT_MAX_PENDING_PER_ACCOUNT", "many"),
])
def test_a_bad_limit_stops_start_up_naming_the_variable(variable, value):
    from api import config
    with pytest.raises(config.ConfigError, match=variable):
        config.load(environ={variable: value})


def test_limits_can_be_switched_off_or_set():
    from api import config
    settings = config.load(environ={"POSTLINT_MAX_PENDING": "off", "POSTLINT_ANONYMOUS_RATE_LIMIT": "off",
                                    "POSTLINT_HEADER_TIMEOUT": "2.5", "POSTLINT_CONNECTIONS_PER_CLIENT": "10",
                                    "POSTLINT_MAX_PENDING_PER_ACCOUNT": "off"})
    assert settings["MAX_PENDING_PER_SUBMITTER"] is None and settings["ANONYMOUS_RATE_LIMIT"] == "off"
    assert settings["MAX_PENDING_PER_ACCOUNT"] is None
    assert config.load(environ={"POSTLINT_MAX_PENDING_PER_ACCOUNT": "25"})["MAX_PENDING_PER_ACCOUNT"] == 25
    assert settings["HEADER_TIMEOUT"] == 2.5 and settings["CONNECTIONS_PER_CLIENT"] == 10
