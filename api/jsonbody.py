"""Reading a request body as JSON, with a distinct error for each way it can be wrong."""
from __future__ import annotations

import json

from flask import request

from .errors import ApiError


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _body_within_limit() -> bytes:
    """The body, or 413 if it is longer than the limit, whether or not it declared a length.

    A declared length over the limit is refused by Werkzeug before anything is read. A chunked
    body has none, and Werkzeug then reads only up to the limit and stops there, so the rest was
    silently dropped and a cut-short body could be linted and answered 200. Reading the server's
    stream one byte past the limit tells the two apart.
    """
    limit = request.max_content_length
    environ = request.environ
    if limit is None or request.content_length is not None or not environ.get("wsgi.input_terminated"):
        return request.get_data(cache=False)
    raw = environ["wsgi.input"].read(limit + 1)
    if len(raw) > limit:
        raise ApiError(413, "body_too_large", f"request body is larger than {limit} bytes")
    return raw


def json_body():
    """The decoded body. 415 if not declared as UTF-8 JSON, 413 if too big, 400 if unreadable."""
    mimetype = request.mimetype
    if mimetype != "application/json" and not (
            mimetype.startswith("application/") and mimetype.endswith("+json")):
        raise ApiError(415, "unsupported_media_type", "send the body as Content-Type: application/json")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", "JSON bodies must be UTF-8")
    raw = _body_within_limit()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "the body is not valid UTF-8") from None
    if not text.strip():
        raise ApiError(400, "bad_request", "the body is empty; send a JSON object")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ApiError(400, "bad_request", "the JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        # The decoder's own message names a position, never the content.
        raise ApiError(400, "bad_request",
                       f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
                       ) from None
    except ValueError:
        raise ApiError(400, "bad_request", "the body is not valid JSON") from None


def json_object(allowed: set[str], required: set[str] = frozenset()) -> dict:
    """A JSON object body with only ``allowed`` keys; 422 names the first wrong key."""
    body = json_body()
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_field", "the body must be a JSON object", field="body")
    for key in sorted(body):
        if key not in allowed:
            raise ApiError(422, "invalid_field", f"{key[:64]}: is not a known field", field=key[:64])
    for key in sorted(required - set(body)):
        raise ApiError(422, "invalid_field", f"{key}: is required", field=key)
    return body
