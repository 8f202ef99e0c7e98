"""The review workflow: officers submit drafts, the comms team approves or rejects them."""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify

from . import params, review_store
from .auth import ALL_ROLES, REVIEW_ROLES, require_role
from .request_db import get_db
from .errors import ApiError
from .jsonbody import json_object
from .linting import lint, parse, post_key

bp = Blueprint("reviews", __name__, url_prefix="/v1/reviews")

# A reviewer takes minutes, not seconds: a client over its pending limit should not hammer.
PENDING_RETRY_AFTER_SECONDS = 60


@bp.post("")
@require_role(*ALL_ROLES)
def submit():
    body = json_object({"post", "note"}, required={"post"})
    note = _note(body.get("note"))
    post = parse(body["post"])
    result = lint(post)  # the server's own findings; a client's are never trusted
    limit = current_app.config["MAX_PENDING_PER_SUBMITTER"]
    try:
        row = review_store.create(get_db(), post=post.to_dict(), post_key=post_key(post, result["profile"]),
                                  result=result, note=note, identity=g.identity, max_pending=limit)
    except review_store.TooManyPending as exc:
        raise ApiError(429, "too_many_pending",
                       f"you already have {exc.limit} reviews waiting for a decision; "
                       "submit more once some have been decided",
                       headers={"Retry-After": str(PENDING_RETRY_AFTER_SECONDS)}) from None
    response = jsonify(review_store.detail(row))
    response.status_code = 201
    response.headers["Location"] = f"/v1/reviews/{row['id']}"
    return response


@bp.get("")
@require_role(*REVIEW_ROLES, query=("status", "limit", "cursor"))
def queue():
    status = params.choice("status", review_store.STATUSES)
    limit = params.whole_number("limit", default=50, low=1, high=200)
    cursor = params.whole_number("cursor", default=None, low=1, high=2**62)
    rows = review_store.page(get_db(), status=status, limit=limit + 1, before=cursor)
    rows, more = rows[:limit], len(rows) > limit
    next_link = None
    if more:
        next_link = f"/v1/reviews?limit={limit}&cursor={rows[-1]['seq']}" + (f"&status={status}" if status else "")
    return jsonify({"reviews": [review_store.summary(r) for r in rows], "next": next_link})


@bp.get("/<review_id>")
@require_role(*ALL_ROLES)
def show(review_id):
    row = _visible_review(review_id)
    if row["submitted_by"] != g.identity.name:
        review_store.record_view(get_db(), review_id, g.identity)
    return jsonify(review_store.detail(row))


@bp.post("/<review_id>/decision")
@require_role(*REVIEW_ROLES)
def decide(review_id):
    body = json_object({"decision", "note"}, required={"decision"})
    if not isinstance(body["decision"], str) or body["decision"] not in review_store.OUTCOME:
        raise ApiError(422, "invalid_field", "decision: must be approve or reject", field="decision")
    try:
        row = review_store.decide(get_db(), review_id, decision=body["decision"],
                                  note=_note(body.get("note")), identity=g.identity)
    except review_store.NotFound:
        raise ApiError(404, "not_found", "no such review") from None
    except review_store.OwnSubmission:
        raise ApiError(403, "own_submission", "a reviewer cannot decide their own submission") from None
    except review_store.AlreadyDecided as exc:
        raise ApiError(409, "already_decided", f"this review is already {exc.status}") from None
    except review_store.NoteRequired as exc:
        raise ApiError(422, "note_required", str(exc), field="note") from None
    return jsonify(review_store.detail(row))


@bp.get("/<review_id>/audit")
@require_role(*ALL_ROLES)
def audit(review_id):
    _visible_review(review_id)
    return jsonify({"review_id": review_id, "events": review_store.audit_trail(get_db(), review_id)})


def _visible_review(review_id):
    """The review, if this caller may see it: its submitter, or the comms team."""
    row = review_store.get(get_db(), review_id)
    if row is None:
        raise ApiError(404, "not_found", "no such review")
    if g.identity.role not in REVIEW_ROLES and row["submitted_by"] != g.identity.name:
        raise ApiError(403, "forbidden", "only the submitter or a reviewer can see this review")
    return row


def _note(value):
    """An optional free-text note; blank counts as none."""
    if value is None:
        return None
    limit = current_app.config["NOTE_MAX_CHARS"]
    if not isinstance(value, str):
        raise ApiError(422, "invalid_field", "note: must be a string", field="note")
    if len(value) > limit:
        raise ApiError(422, "invalid_field", f"note: must be at most {limit} characters", field="note")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(422, "invalid_field", "note: contains an unpaired surrogate", field="note") from None
    return value.strip() or None
