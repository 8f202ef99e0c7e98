"""One JSON shape for every error: ``{"error": {"code": ..., "message": ...}}``.

A single handler turns our own ``ApiError``, Werkzeug's HTTP errors and anything
unexpected into that shape. Unexpected errors answer 500 with a fixed message
and are logged by exception type and code location only: an exception's text
can quote the draft being linted, and drafts hold personal data.
"""
from __future__ import annotations

import logging
import traceback

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from .db import is_busy, is_unavailable

log = logging.getLogger("postlint.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_field",
    429: "rate_limited",
    500: "internal_error",
    503: "busy",
}

# How long a client should wait when the database stayed locked past the busy timeout.
BUSY_RETRY_AFTER_SECONDS = 2

MESSAGES = {
    404: "no such resource",
    405: "method not allowed on this resource",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, headers=None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.extra = extra


def error_response(status: int, code: str, message: str, headers=None, **extra):
    response = jsonify({"error": {"code": code, "message": message, **extra}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_error(exc: Exception):
    if isinstance(exc, ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.headers, **exc.extra)
    if isinstance(exc, HTTPException):
        if exc.code is None or exc.code < 400:  # redirects raised by routing
            return exc
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        message = MESSAGES.get(exc.code) or (exc.description or exc.name).strip()
        if exc.code == 413:
            message = f"request body is larger than {request.max_content_length} bytes"
        return error_response(exc.code, CODES.get(exc.code, "http_error"), message, headers)
    if is_busy(exc):
        # Another writer (a long purge, a backup) held the lock past the busy timeout: nothing
        # was written, and the same request will succeed in a moment.
        log.warning("database busy on %s %s", request.method, request.path)
        return error_response(503, "busy", "the database is busy; nothing was saved, please retry",
                              {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)})
    if is_unavailable(exc):
        # The database server went away (a restart, a fail-over): this thread's connection is
        # replaced after the request, so a retry goes through once the server is back.
        log.warning("database unavailable on %s %s", request.method, request.path)
        return error_response(503, "unavailable", "the database cannot be reached; nothing was saved, "
                              "please retry", {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)})
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unhandled %s on %s %s\n%s", type(exc).__name__, request.method, request.path, frames)
    return error_response(500, "internal_error", "the server could not complete this request")


def init_app(app) -> None:
    app.register_error_handler(Exception, handle_error)
