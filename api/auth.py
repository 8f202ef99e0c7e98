"""Who is calling: the bearer token check, roles and the rate limits (per principal, and per address
for requests without a valid token: public pages, unknown paths and failed authentication).

Tokens travel only in the ``Authorization`` header. A token in a URL ends up in
proxy logs, browser history and Referer headers, so a request that carries one
there is refused outright, even when it also sends a good header. The dashboard
signs in once and then sends a session cookie instead (``sessions``); a request
with both is judged by its header.
"""
from __future__ import annotations

import functools
import hmac

from flask import current_app, g, request

from . import params, sessions, tokens
from .request_db import get_counter_db, get_db
from .errors import ApiError

ALL_ROLES = tokens.ROLES
REVIEW_ROLES = ("reviewer", "admin")
URL_TOKEN_NAMES = {"token", "access_token", "api_key", "apikey", "key", "auth",
                   "authorization", "bearer", "bearer_token"}
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="postlint"'}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_HEADER = "X-CSRF-Token"


def reject_tokens_in_url() -> None:
    for name, value in request.args.items(multi=True):
        if name.lower() in URL_TOKEN_NAMES or tokens.PREFIX in value:
            enforce_address_limit()
            raise ApiError(401, "token_in_url",
                           "send the token in the Authorization header, never in the URL; "
                           "treat a token that was put in a URL as leaked and revoke it",
                           headers=CHALLENGE)


def current_identity() -> tokens.Identity:
    if "Authorization" not in request.headers and request.cookies.get(sessions.COOKIE):
        return session_identity()
    header = request.headers.get("Authorization", "")
    scheme, _, presented = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        enforce_address_limit()
        raise ApiError(401, "unauthorized", "send 'Authorization: Bearer <token>'", headers=CHALLENGE)
    identity = tokens.authenticate(get_db(), presented.strip(), usage_conn=get_counter_db())
    if identity is None:
        enforce_address_limit()  # guessing tokens is limited per address
        raise ApiError(401, "unauthorized", "the token is not valid, has expired or has been revoked",
                       headers=CHALLENGE)
    return identity


def session_identity() -> tokens.Identity:
    """The signed-in reviewer behind the session cookie; a change also needs the CSRF value."""
    found = sessions.lookup(get_db(), request.cookies[sessions.COOKIE])
    if found is None:
        enforce_address_limit()  # guessing sessions is limited per address, as tokens are
        raise ApiError(401, "session_expired", "your sign-in has expired or was ended; sign in again",
                       headers=CHALLENGE)
    identity, csrf, _ = found
    if request.method not in SAFE_METHODS and not hmac.compare_digest(
            request.headers.get(CSRF_HEADER, "").encode(), csrf.encode()):
        raise ApiError(403, "csrf_failed", "this request did not come from the dashboard page; "
                                           "reload the page and try again")
    return identity


def _rate_limited(wait: int, message: str) -> ApiError:
    return ApiError(429, "rate_limited", f"{message}; retry in {wait} s", headers={"Retry-After": str(wait)})


def enforce_rate_limit(identity: tokens.Identity) -> None:
    limiter = current_app.extensions["postlint"].limiter
    # One limit per principal: a person's second token (another device) shares it.
    wait = limiter.retry_after(get_counter_db(), f"principal:{identity.principal_id}") if limiter else None
    if wait is not None:
        raise _rate_limited(wait, "too many requests for this token")


def enforce_address_limit() -> None:
    limiter = current_app.extensions["postlint"].anonymous_limiter
    wait = limiter.retry_after(get_counter_db(), f"address:{request.remote_addr}") if limiter else None
    if wait is not None:
        raise _rate_limited(wait, "too many requests without a valid token from this address")


def limit_requests_without_token() -> None:
    """Pages anyone may fetch, static files and unknown paths count against the address; routes
    that need a token count against it only when the token fails."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if not getattr(view, "needs_token", False):
        enforce_address_limit()


def require_role(*roles: str, query: tuple[str, ...] = ()):
    """Authenticate, apply the rate limit, check the role and refuse query parameters not in
    ``query``; sets ``g.identity``."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            identity = current_identity()
            enforce_rate_limit(identity)
            if identity.role not in roles:
                raise ApiError(403, "forbidden",
                               f"a {identity.role} token cannot do this; needs {' or '.join(roles)}")
            params.only_known(*query)
            g.identity = identity
            return view(*args, **kwargs)
        wrapped.needs_token = True
        return wrapped
    return decorate


def init_app(app) -> None:
    app.before_request(limit_requests_without_token)
    app.before_request(reject_tokens_in_url)
