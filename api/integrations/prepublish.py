"""The generic pre-publish webhook: any scheduler asks before a post goes out.

``POST /v1/prepublish`` answers 202 at once with a review id, and the answer follows at the
post's ``callback_url``, signed as every decision callback is (``api.callbacks``): a post with
nothing to review is approved by postlint there and then, and any other goes to the comms team,
whose decision is sent when they make it.

A post approved automatically keeps no draft: nobody needs to read it again, so its text is
purged at once (status, verdict, categories and the audit trail stay). Its fingerprint is
stored marked as automatic, so it never stands for a reviewer's approval in ``/v1/lint``.
"""
from __future__ import annotations

import json

from flask import Blueprint, g, jsonify, request

from .. import review_store
from ..auth import ALL_ROLES, require_role
from ..db import transaction
from ..errors import ApiError
from ..jsonbody import json_object
from ..linting import lint_in_context
from ..request_db import get_db
from ..routes_reviews import _idempotency_key, _store, _wake_callbacks
from ..timeutil import now_text

bp = Blueprint("prepublish", __name__, url_prefix="/v1")

FIELDS = {"post", "callback_url", "note", "id"}
AUTOMATIC = "auto:"  # before the fingerprint of a post postlint approved itself
AUTOMATIC_NOTE = "postlint found nothing that needs review (rules {version})"


@bp.post("/prepublish")
@require_role(*ALL_ROLES)
def prepublish():
    body = json_object(FIELDS, required={"post", "callback_url"})
    client_id = body.get("id")
    if client_id is not None and (isinstance(client_id, bool) or not isinstance(client_id, (str, int))
                                  or len(str(client_id)) > 200):
        raise ApiError(422, "invalid_field", "id: must be a string or whole number of at most 200 characters",
                       field="id")
    key = _idempotency_key(request.headers.get("Idempotency-Key"))
    row = _earlier_automatic(body["post"], key)
    created = False
    if row is None:
        row, created = _store({k: body.get(k) for k in ("post", "note", "callback_url")}, key)
        if created and row["verdict"] == "ok":
            row = approve_automatically(get_db(), row)
        _wake_callbacks(row)
    answer = jsonify({**({"id": client_id} if client_id is not None else {}), **accepted(row), "created": created})
    answer.status_code = 202
    answer.headers["Location"] = f"/v1/reviews/{row['id']}"
    return answer


def accepted(row) -> dict:
    """What the scheduler hears at once; the decision follows at its callback_url."""
    return {"review_id": row["id"], "status": review_store.shown_status(row), "verdict": row["verdict"],
            "categories": json.loads(row["categories"]),
            "findings": [{"rule": f["rule"], "severity": f["severity"], "message": f["message"]}
                         for f in review_store.unpack_findings(row["findings_json"], None)],
            "link": f"/v1/reviews/{row['id']}"}


def _earlier_automatic(post, key):
    """A retry of a post postlint approved itself: that review, or 409 if the key was for another post.
    (Retries of any other submission are answered by the review store's own idempotency check.)"""
    if key is None:
        return None
    conn = get_db()
    earlier = conn.execute("SELECT * FROM reviews WHERE submitted_principal = ? AND idempotency_key = ?",
                           (g.identity.principal_id, key)).fetchone()
    if earlier is None or not earlier["post_key"].startswith(AUTOMATIC):
        return None
    _, _, post_key = lint_in_context(conn, post, g.identity)
    if earlier["post_key"] != AUTOMATIC + post_key:
        raise ApiError(409, "idempotency_conflict",
                       "this Idempotency-Key was used before for a different post; use a new key")
    return earlier


def approve_automatically(conn, row):
    """Approve a pending review with nothing to review as postlint itself, purge its draft and queue
    the decision for its callback_url, in one transaction (as a reviewer's decision is)."""
    at = now_text()
    kept = [{key: f.get(key) for key in review_store.KEPT_AFTER_PURGE}
            for f in review_store.unpack_findings(row["findings_json"], None)]
    with transaction(conn):
        conn.execute(
            "UPDATE reviews SET status = 'approved', decided_by = 'postlint', decided_role = 'system', "
            "decided_at = ?, decision_note = ?, post_key = ?, post_json = NULL, submit_note = NULL, preview = NULL, "
            "findings_json = ?, purged_at = ? WHERE id = ? AND status = 'pending'",
            (at, AUTOMATIC_NOTE.format(version=row["rules_version"]), AUTOMATIC + row["post_key"],
             json.dumps(kept, ensure_ascii=True, separators=(",", ":")), at, row["id"]))
        review_store._audit(conn, row["id"], at, None, "approved", automatic=True)
        review_store._audit(conn, row["id"], at, None, "purged")
        decided = review_store.get(conn, row["id"])
        review_store._queue_callback(conn, decided, at)
    return decided
