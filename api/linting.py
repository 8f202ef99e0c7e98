"""Linting a post for the API: strict parsing, the engine, and what the comms team decided.

An approval is for an exact post: the same text, the same attachments and the
same profile. ``post_key`` is the fingerprint that ties a lint to a review.
"""
from __future__ import annotations

import hashlib
import json

from flask import current_app

from linter import PostError, parse_post

from . import review_store
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


def post_key(post, profile: str) -> str:
    canonical = {"text": post.text, "attachments": [a.to_dict() for a in post.attachments], "profile": profile}
    encoded = json.dumps(canonical, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()


def lint(post) -> dict:
    return engine().lint(post).to_dict()


def lint_with_review(conn, obj) -> dict:
    """The lint result plus ``review``: approved posts get verdict ``approved``."""
    post = parse(obj)
    result = lint(post)
    review = review_store.for_post(conn, post_key(post, result["profile"]))
    result["lint_verdict"] = result["verdict"]
    result["review"] = review_store.lint_view(review) if review is not None else None
    if review is not None and review["status"] == "approved":
        result["verdict"] = "approved"
    return result
