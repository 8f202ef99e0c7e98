"""What the worker's main loop keeps while a request arrives, and the answers it gives itself.

``api.workers`` reads each request before a thread takes it; this module holds the limits it
applies (``ConnectionLimits``), the state of one request still arriving (``PartialRequest``) and
the complete answers it writes without the app: 408, 413 and 400, in the API's JSON error
shape and with the same security headers as the app's own answers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import h11
from gunicorn import util as gunicorn_util

from .security import HEADERS as SECURITY_HEADERS

HEAD_LIMIT_BYTES = 64 * 1024  # a request line and headers together; far beyond any real client


@dataclass(frozen=True)
class ConnectionLimits:
    """What a client may do before its request is complete; ``postlint serve`` sets these from
    the ``POSTLINT_*`` settings (see ``api.config``)."""
    head_timeout: float = 10.0
    body_timeout: float = 30.0
    connections_per_client: int = 64
    max_connections: int = 4096
    max_body_bytes: int = 256 * 1024


LIMITS = ConnectionLimits()


def error_bytes(status: int, reason: str, code: str, message: str) -> bytes:
    """A complete ``Connection: close`` answer in the API's JSON error shape, with the same
    security headers as the app's own answers."""
    body = json.dumps({"error": {"code": code, "message": message}}).encode("ascii")
    headers = [f"HTTP/1.1 {status} {reason}", "Connection: close", "Content-Type: application/json",
               f"Content-Length: {len(body)}", "Cache-Control: no-store",
               *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items())]
    return ("\r\n".join(headers) + "\r\n\r\n").encode("ascii") + body


TIMED_OUT = error_bytes(408, "Request Timeout", "request_timeout",
                        "the request did not arrive in time; send it again")
NOT_HTTP = {status: error_bytes(status, reason, "bad_request", message) for status, reason, message in (
    (400, "Bad Request", "the request is not valid HTTP/1.1"),
    (431, "Request Header Fields Too Large", f"the request head is over {HEAD_LIMIT_BYTES} bytes"),
)}
GUNICORN_ERRORS = {400: "bad_request", 403: "forbidden", 414: "uri_too_long",
                   417: "expectation_failed", 431: "headers_too_large", 500: "internal_error",
                   501: "not_implemented"}


def too_large(limit: int) -> bytes:
    return error_bytes(413, "Content Too Large", "body_too_large", f"request body is larger than {limit} bytes")


class PartialRequest:
    """A connection whose request is still arriving: what has come so far and when it must end."""
    __slots__ = ("parser", "data", "started", "head_deadline", "body_deadline", "head_done", "body_bytes",
                 "address")

    def __init__(self, address, now: float, limits: ConnectionLimits):
        self.parser = h11.Connection(h11.SERVER, max_incomplete_event_size=HEAD_LIMIT_BYTES)
        self.data = bytearray()
        self.started = now
        self.head_deadline = now + limits.head_timeout
        self.body_deadline = None  # set when the head is complete
        self.head_done = False
        self.body_bytes = 0
        self.address = address


def write_json_error(sock, status_int, reason, _message):
    """Gunicorn's own error answers (a malformed request line, headers too large...) in the API's
    JSON shape with its security headers, instead of an HTML page without them that echoes the
    offending line (which could hold a token)."""
    code = GUNICORN_ERRORS.get(status_int, "bad_request")
    message = ("the server could not complete this request" if status_int >= 500
               else "the request is not valid HTTP/1.1")
    gunicorn_util.write_nonblock(sock, error_bytes(status_int, reason, code, message))


def declared_length(request: h11.Request) -> int:
    for name, value in request.headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def send(sock, data: bytes) -> None:
    """Best effort, never blocking: a short answer to a client that may already be gone."""
    try:
        sock.send(data)
    except OSError:
        pass
