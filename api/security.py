"""Response headers that keep the dashboard and the API out of other sites' reach.

CORS is opened only to configured origins (the extension, a scheduling tool's
web front end); the dashboard is same-origin and needs none. Credentials are
never allowed cross-origin: clients send a bearer header, not cookies.
"""
from __future__ import annotations

from flask import request
from flask_cors import CORS

from .config import origin_patterns

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Lower-cased once, so each response costs one pass over its own few headers.
_HEADER_ITEMS = tuple((name.lower(), name, value) for name, value in HEADERS.items())


def add_security_headers(response):
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    for lowered, name, value in _HEADER_ITEMS:
        if lowered not in present:  # a view's own choice stands, as with setdefault
            headers.add(name, value)
    if not request.path.startswith("/static/"):
        # Answers can hold draft text: no browser or proxy should keep a copy.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    app.after_request(add_security_headers)
    origins = origin_patterns(app.config["CORS_ORIGINS"])
    if origins:
        CORS(app, resources={r"/(v1/.*|healthz|openapi\.json)": {"origins": origins}},
             methods=["GET", "POST", "OPTIONS"], allow_headers=["Authorization", "Content-Type"],
             expose_headers=["Retry-After", "Location"], supports_credentials=False, max_age=600)
