"""The review workflow: officers and schedulers submit drafts, the comms team decides."""
from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from urllib.parse import urlencode

from flask import Blueprint, current_app, g, jsonify, request

from linter.elections import period_at

from . import accounts, callbacks, context, notify, params, review_store
from .auth import ALL_ROLES, REVIEW_ROLES, require_role
from .request_db import get_db
from .errors import ApiError
from .jsonbody import json_object
from .linting import engine, lint_in_context
from .textdiff import word_diff
from .timeutil import utc_now

bp = Blueprint("reviews", __name__, url_prefix="/v1/reviews")

# A reviewer takes minutes, not seconds: a client over its pending limit should not hammer.
PENDING_RETRY_AFTER_SECONDS = 60
SUBMISSION_FIELDS = {"post", "note", "callback_url", "replaces"}
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,200}")


@bp.post("")
@require_role(*ALL_ROLES)
def submit():
    body = json_object(SUBMISSION_FIELDS, required={"post"})
    key = _idempotency_key(request.headers.get("Idempotency-Key"))
    row, created = _store(body, key)
    response = jsonify(_review_body(row))
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/v1/reviews/{row['id']}"
    return response


@bp.post("/batch")
@require_role(*ALL_ROLES)
def submit_batch():
    """Several submissions; each entry may carry its own ``idempotency_key`` and client ``id``."""
    entries = json_object({"reviews"}, required={"reviews"})["reviews"]
    limit = current_app.config["BATCH_MAX_POSTS"]
    if not isinstance(entries, list):
        raise ApiError(422, "invalid_field", "reviews: must be a list", field="reviews")
    if len(entries) > limit:
        raise ApiError(422, "batch_too_large", f"reviews: at most {limit} per batch", field="reviews")
    return jsonify({"results": [_submit_entry(entry) for entry in entries]})


def _submit_entry(entry) -> dict:
    client_id = entry.get("id") if isinstance(entry, dict) else None
    echo = {"id": client_id} if isinstance(client_id, (str, int)) and not isinstance(client_id, bool) else {}
    try:
        if not isinstance(entry, dict):
            raise ApiError(422, "invalid_field", "each review must be an object", field="reviews")
        unknown = sorted(set(entry) - SUBMISSION_FIELDS - {"id", "idempotency_key"})
        if unknown:
            raise ApiError(422, "invalid_field", f"{unknown[0][:64]}: is not a known field", field=unknown[0][:64])
        if "post" not in entry:
            raise ApiError(422, "invalid_field", "post: is required", field="post")
        row, created = _store(entry, _idempotency_key(entry.get("idempotency_key"), "idempotency_key"))
    except ApiError as exc:
        return {**echo, "error": {"code": exc.code, "message": exc.message, **exc.extra}}
    return {**echo, "created": created, "review": _review_body(row)}


def _store(body: dict, idempotency_key: str | None):
    note = _note(body.get("note"))
    callback_url = _callback_url(body.get("callback_url"))
    replaces = body.get("replaces")
    if replaces is not None and not isinstance(replaces, str):
        raise ApiError(422, "invalid_field", "replaces: must be the id of a review", field="replaces")
    conn = get_db()
    # The server's own findings, in the post's registered context; a client's are never trusted.
    post_context, result, key = lint_in_context(conn, body["post"], g.identity)
    stored_context = {**post_context.to_dict(),
                      "account_key": post_context.account["key"] if post_context.account else None}
    try:
        row, created = review_store.create(
            conn, post=post_context.post.to_dict(), post_key=key, result=result, note=note, identity=g.identity,
            context=stored_context, idempotency_key=idempotency_key, callback_url=callback_url,
            max_pending=current_app.config["MAX_PENDING_PER_SUBMITTER"],
            max_pending_per_account=current_app.config["MAX_PENDING_PER_ACCOUNT"], replaces=replaces)
    except review_store.NotFound:
        raise ApiError(422, "invalid_field", "replaces: no such review", field="replaces") from None
    except review_store.NotReplaceable as exc:
        raise ApiError(409, "not_replaceable", str(exc)) from None
    except review_store.IdempotencyConflict:
        raise ApiError(409, "idempotency_conflict",
                       "this Idempotency-Key was used before for a different post; use a new key") from None
    except review_store.TooManyPending as exc:
        if exc.scope == "account":
            message = (f"{post_context.account['account']} already has {exc.limit} reviews waiting for a "
                       "decision; submit more for it once some have been decided")
        else:
            message = (f"you already have {exc.limit} reviews waiting for a decision; "
                       "submit more once some have been decided")
        raise ApiError(429, "too_many_pending", message, scope=exc.scope,
                       headers={"Retry-After": str(PENDING_RETRY_AFTER_SECONDS)}) from None
    if created:
        notify.review_arrived(row)
    return row, created


FILTERS = ("category", "verdict", "submitted_by", "account", "q")


@bp.get("")
@require_role(*ALL_ROLES, query=("status", "limit", "cursor", "mine", "order", *FILTERS))
def queue():
    mine = params.choice("mine", ("1", "0", "true", "false"), default="0") in ("1", "true")
    if not mine and g.identity.role not in REVIEW_ROLES:
        raise ApiError(403, "forbidden", f"a {g.identity.role} token sees only its own reviews: "
                                         "GET /v1/reviews?mine=1")
    status = params.choice("status", (*review_store.STATUSES, "withdrawn"))
    limit = params.whole_number("limit", default=50, low=1, high=200)
    cursor = params.whole_number("cursor", default=None, low=1, high=2**62)
    order = params.choice("order", review_store.ORDERS, default="newest")
    rows = review_store.page(get_db(), status=status, limit=limit + 1, before=cursor, order=order,
                             submitted_by=g.identity.principal_id if mine else None, filters=_filters())
    rows, more = rows[:limit], len(rows) > limit
    next_link = None
    if more:
        kept = {name: request.args[name] for name in ("status", "mine", "order", *FILTERS) if name in request.args}
        next_link = "/v1/reviews?" + urlencode({"limit": limit, "cursor": rows[-1]["seq"], **kept})
    return jsonify({"reviews": [review_store.summary(r) for r in rows], "next": next_link})


@bp.get("/facets")
@require_role(*REVIEW_ROLES, query=("since", *FILTERS))
def facets():
    since = params.whole_number("since", default=None, low=0, high=2**62)
    return jsonify(review_store.facets(get_db(), _filters(), since=since))


def _filters() -> review_store.Filters:
    return review_store.Filters(
        category=params.text("category"), verdict=params.choice("verdict", review_store.VERDICTS),
        submitted_by=params.text("submitted_by"), account=params.text("account"), text=params.text("q"))


@bp.get("/<review_id>")
@require_role(*ALL_ROLES)
def show(review_id):
    row = _visible_review(review_id)
    if row["submitted_principal"] != g.identity.principal_id:
        review_store.record_view(get_db(), review_id, g.identity)
    return jsonify(_review_body(row))


def _review_body(row) -> dict:
    body = review_store.detail(row)
    return {**body, "election_period": _election_period(body["scheduled_for"]),
            "resubmission_of": _resubmission_of(row, body["post"]),
            "rewrite": review_store.asked_rewrite(get_db(), row)}


def _election_period(scheduled_for):
    """The pre-election period the post would go out in (now, if it is not scheduled), or None."""
    moment = dt.datetime.fromisoformat(scheduled_for) if scheduled_for else utc_now()
    period = period_at(getattr(engine(), "periods", ()), moment)
    return {"name": period.name, "polling_day": period.polling_day.isoformat()} if period else None


def _resubmission_of(row, post):
    """The draft this one replaces, what the reviewer asked for and what the officer changed
    (None once either text has been purged)."""
    if not row["replaces"]:
        return None
    old = review_store.detail(review_store.get(get_db(), row["replaces"]))
    changes = word_diff(old["post"]["text"], post["text"]) if old["post"] and post else None
    return {"id": old["id"], "decision": old["decision"], "dashboard_link": old["dashboard_link"],
            "changes": changes}


@bp.post("/<review_id>/decision")
@require_role(*REVIEW_ROLES)
def decide(review_id):
    body = json_object({"decision", "note", "use_rewrite"}, required={"decision"})
    if not isinstance(body["decision"], str) or body["decision"] not in review_store.OUTCOME:
        raise ApiError(422, "invalid_field", "decision: must be approve, reject or request_changes",
                       field="decision")
    use_rewrite = body.get("use_rewrite", False)
    if not isinstance(use_rewrite, bool):
        raise ApiError(422, "invalid_field", "use_rewrite: must be true or false", field="use_rewrite")
    if use_rewrite and body["decision"] == "approve":
        raise ApiError(422, "invalid_field", "use_rewrite: goes with reject or request_changes, not approve",
                       field="use_rewrite")
    with _transition_errors():
        row = review_store.decide(get_db(), review_id, decision=body["decision"],
                                  note=_note(body.get("note")), identity=g.identity, use_rewrite=use_rewrite)
    _wake_callbacks(row)
    return jsonify(_review_body(row))


@bp.post("/<review_id>/withdrawal")
@require_role(*REVIEW_ROLES)
def withdraw(review_id):
    body = json_object({"note"}, required={"note"})
    with _transition_errors():
        row = review_store.withdraw(get_db(), review_id, note=_note(body.get("note")), identity=g.identity)
    _wake_callbacks(row)
    return jsonify(_review_body(row))


@contextmanager
def _transition_errors():
    """The store's refusals of a decision or a withdrawal, as the API's errors."""
    try:
        yield
    except review_store.NotFound:
        raise ApiError(404, "not_found", "no such review") from None
    except review_store.OwnSubmission:
        raise ApiError(403, "own_submission", "a reviewer cannot decide their own submission") from None
    except review_store.AlreadyDecided as exc:
        raise ApiError(409, "already_decided",
                       f"this review is already {exc.status.replace('_', ' ')}") from None
    except review_store.NotApproved as exc:
        raise ApiError(409, "not_approved", f"only an approval can be withdrawn; this review is {exc}") from None
    except review_store.NoteRequired as exc:
        raise ApiError(422, "note_required", str(exc), field="note") from None
    except review_store.NoRewrite as exc:
        raise ApiError(422, "no_rewrite", str(exc), field="use_rewrite") from None


@bp.get("/<review_id>/audit")
@require_role(*ALL_ROLES)
def audit(review_id):
    _visible_review(review_id)
    return jsonify({"review_id": review_id, "events": review_store.audit_trail(get_db(), review_id)})


def _visible_review(review_id):
    """The review, if this caller may see it: its submitter, the account's officers, the comms team."""
    conn = get_db()
    row = review_store.get(conn, review_id)
    if row is None:
        raise ApiError(404, "not_found", "no such review")
    if not context.may_see(g.identity, row, lambda key: accounts.officers_of(conn, key)):
        raise ApiError(403, "forbidden",
                       "only the submitter, the account's officers or a reviewer can see this review")
    return row


def _wake_callbacks(row) -> None:
    deliverer = current_app.extensions["postlint"].callbacks
    if row["callback_url"] and deliverer is not None:
        deliverer.ensure_running()
        deliverer.wake()


def _idempotency_key(value, field: str = "Idempotency-Key"):
    if value is None:
        return None
    if not isinstance(value, str) or not IDEMPOTENCY_KEY.fullmatch(value):
        raise ApiError(422, "invalid_field", f"{field}: must be 1-200 printable ASCII characters", field=field)
    return value


def _callback_url(value):
    if value is None:
        return None
    if not current_app.config["CALLBACK_SECRET"]:
        raise ApiError(422, "callbacks_off", "callback_url: callbacks are off on this server; its operator "
                                              "sets POSTLINT_CALLBACK_SECRET to turn them on", field="callback_url")
    try:
        return callbacks.check_url(value)
    except callbacks.CallbackUrlError as exc:
        raise ApiError(422, "invalid_field", f"callback_url: {exc}", field="callback_url") from None


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
