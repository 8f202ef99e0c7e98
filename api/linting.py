"""Linting a post for the API: strict parsing, its context, the engine, and the comms team's word.

An approval is for what the reviewer saw (``context.match_key``); ``POST /v1/lint``
reports it only to those who may see the review.
"""
from __future__ import annotations

import time

from flask import current_app, has_request_context, request

from linter import PostError, parse_post

from . import accounts, context, metrics, review_store
from .errors import ApiError


def engine():
    return current_app.extensions["postlint"].engine


def parse(obj):
    """A validated post, or 422 naming the field."""
    if isinstance(obj, dict) and isinstance(obj.get("account_contributors"), float) \
            and obj["account_contributors"].is_integer():
        # JSON has one number type: 60.0 is the whole number 60 to a client's encoder.
        obj = {**obj, "account_contributors": int(obj["account_contributors"])}
    try:
        return parse_post(obj, strict=True, known_profiles=engine().profiles)
    except PostError as exc:
        raise ApiError(422, "invalid_field", f"{exc.field[:64]}: {exc.message}", field=exc.field[:64]) from None


def resolve(conn, obj, identity) -> context.PostContext:
    return context.resolve(conn, obj, identity, parse=parse, periods=engine().periods)


def lint(post) -> dict:
    started = time.perf_counter()
    result = engine().lint(post).to_dict()
    # A background worker (the Hootsuite queue) lints outside any request: its route is its own.
    route = (request.endpoint or "") if has_request_context() else "background"
    metrics.observe_lint(result, time.perf_counter() - started, route)
    return result


def lint_in_context(conn, obj, identity) -> tuple[context.PostContext, dict, str]:
    """The post's context, the server's own lint result and the key an approval must match."""
    post_context = resolve(conn, obj, identity)
    result = lint(post_context.post)
    return post_context, result, context.match_key(post_context, result["profile"])


def lint_with_review(conn, obj, identity) -> dict:
    """The lint result plus ``context`` and ``review``; an approved post gets verdict ``approved``."""
    post_context, result, key = lint_in_context(conn, obj, identity)
    review = review_store.for_post(conn, key)
    if review is not None and not context.may_see(identity, review, lambda k: accounts.officers_of(conn, k)):
        review = None
    view = review_store.lint_view(review) if review is not None else None
    result["lint_verdict"] = result["verdict"]
    result["context"] = post_context.to_dict()
    result["review"] = view
    if view is not None and view["status"] == "approved":
        result["verdict"] = "approved"
    return result
