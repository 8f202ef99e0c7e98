"""Hootsuite's webhook: a batch of events is stored and answered at once; the work comes after.

Hootsuite needs an answer within 10 seconds and disables a callback URL that keeps failing,
so this answers 200 to any well-formed batch, even one with events postlint does not use.
It carries no token (Hootsuite's webhooks are not signed): nothing in an event is trusted,
only the message fetched back from Hootsuite's API. The address limit for requests without a
token still applies.
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..errors import ApiError
from ..jsonbody import json_body
from ..request_db import get_db
from . import queue

bp = Blueprint("hootsuite", __name__)
MAX_EVENTS = 500


@bp.post("/hooks/hootsuite")
def events():
    worker = current_app.extensions.get("postlint.hootsuite")
    if worker is None:
        raise ApiError(404, "not_configured", "the Hootsuite integration is not configured on this server")
    batch = json_body()
    if isinstance(batch, dict):  # a single event, as Hootsuite's developer portal sends to test a URL
        batch = [batch]
    if not isinstance(batch, list):
        raise ApiError(422, "invalid_field", "the body must be a JSON array of events", field="body")
    if len(batch) > MAX_EVENTS:
        raise ApiError(422, "batch_too_large", f"at most {MAX_EVENTS} events per batch", field="body")
    counts = queue.record_batch(get_db(), batch)
    if counts["queued"]:
        worker.ensure_running()
        worker.wake()
    return jsonify(counts)
