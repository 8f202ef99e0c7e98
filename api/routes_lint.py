"""Linting posts: one at a time for the extension, in batches for scheduling tools."""
from __future__ import annotations

import dataclasses

from flask import Blueprint, current_app, g, jsonify

from linter import fixes

from .auth import ALL_ROLES, require_role
from .request_db import get_db
from .errors import ApiError
from .jsonbody import json_body, json_object
from .linting import engine, lint_with_review, resolve

bp = Blueprint("lint", __name__, url_prefix="/v1")


@bp.post("/lint")
@require_role(*ALL_ROLES)
def lint_one():
    return jsonify(lint_with_review(get_db(), json_body(), g.identity))


@bp.post("/fix")
@require_role(*ALL_ROLES)
def fix_one():
    """The post with every safe rewrite applied, which rules they answer, and what is still found."""
    post_context = resolve(get_db(), json_body(), g.identity)
    post = post_context.post
    found = engine().lint(post)
    fixed = [f for f in found.findings if f.fix]
    text = fixes.apply(post.text, fixes.edits_of(fixed))
    after = engine().lint(dataclasses.replace(post, text=text))
    return jsonify({"text": text, "applied": sorted({f.rule for f in fixed}), "verdict": after.verdict,
                    "remaining": [f.to_dict() for f in after.findings]})


@bp.post("/lint/batch")
@require_role(*ALL_ROLES)
def lint_batch():
    posts = json_object({"posts"}, required={"posts"})["posts"]
    limit = current_app.config["BATCH_MAX_POSTS"]
    if not isinstance(posts, list):
        raise ApiError(422, "invalid_field", "posts: must be a list", field="posts")
    if len(posts) > limit:
        raise ApiError(422, "batch_too_large", f"posts: at most {limit} posts per batch", field="posts")
    return jsonify({"results": [_lint_or_error(post) for post in posts]})


def _lint_or_error(post) -> dict:
    """One batch entry: the scheduler's own ``id`` and the ``account`` come back with it."""
    echo = {}
    if isinstance(post, dict):
        post = dict(post)
        client_id = post.pop("id", None)
        if client_id is not None:
            echo["id"] = client_id
        if "account" in post:
            echo["account"] = post["account"]
    try:
        if "id" in echo and (isinstance(echo["id"], bool) or not isinstance(echo["id"], (str, int))
                             or len(str(echo["id"])) > 200):
            echo.pop("id")
            raise ApiError(422, "invalid_field", "id: must be a string or whole number of at most 200 characters",
                           field="id")
        result = lint_with_review(get_db(), post, g.identity)
    except ApiError as exc:
        return {**echo, "error": {"code": exc.code, "message": exc.message, **exc.extra}}
    if result["context"]["account"]:
        echo["account"] = result["context"]["account"]
    return {**echo, **result}
