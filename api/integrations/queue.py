"""The Hootsuite queue in the database: events waiting to be worked, and the messages postlint
has acted on.

An event is written before the webhook is answered, so an event Hootsuite was told we have is
never lost, whatever happens to the process afterwards. A worker leases one row at a time
under the write lock (``BEGIN IMMEDIATE``): while the lease runs no other worker or process
takes it, and if the worker dies the lease runs out and another takes the row again. Acting
twice is harmless anyway: a message is re-fetched before anything is done to it, and one
already decided is skipped.
"""
from __future__ import annotations

import datetime as dt

from ..db import transaction
from ..timeutil import now_text, to_text, utc_now

MESSAGE_EVENT = "com.hootsuite.messages.event.v1"
PING_EVENT = "com.hootsuite.ping.event.v1"
MAX_FIELD_CHARS = 200


def _text(value) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool) and len(str(value)) <= MAX_FIELD_CHARS:
        return str(value)
    return None


def _message_event(event) -> dict | None:
    """The fields of a message event, or None if it is not one postlint can use."""
    if not isinstance(event, dict) or event.get("type") != MESSAGE_EVENT or not isinstance(event.get("data"), dict):
        return None
    data = event["data"]
    message = data.get("message") if isinstance(data.get("message"), dict) else {}
    organization = data.get("organization") if isinstance(data.get("organization"), dict) else {}
    message_id, state = _text(message.get("id")), _text(data.get("state"))
    if not message_id or not state:
        return None
    return {"message_id": message_id, "state": state, "seq_no": _text(event.get("seq_no")),
            "organization_id": _text(organization.get("id")), "event_at": _text(data.get("timestamp"))}


def record_batch(conn, events: list) -> dict:
    """Store a webhook batch in one transaction. A message entering approval is queued (once,
    however many times Hootsuite repeats it while it waits); other message states are recorded
    as seen; pings and what is not a message event are counted and dropped."""
    counts = {"received": len(events), "queued": 0, "recorded": 0, "ignored": 0}
    at = now_text()
    with transaction(conn):
        for event in events:
            fields = _message_event(event)
            if fields is None:
                counts["ignored"] += 1
                continue
            queued = fields["state"] == "PENDING_APPROVAL"
            if queued and conn.execute("SELECT 1 FROM hootsuite_events WHERE message_id = ? AND status = 'queued'",
                                       (fields["message_id"],)).fetchone():
                counts["ignored"] += 1
                continue
            conn.execute(
                "INSERT INTO hootsuite_events (message_id, state, seq_no, organization_id, event_at, received_at, "
                "status, next_attempt_at, outcome, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (fields["message_id"], fields["state"], fields["seq_no"], fields["organization_id"],
                 fields["event_at"], at, "queued" if queued else "skipped", at,
                 None if queued else f"state {fields['state']}: nothing to do", None if queued else at))
            counts["queued" if queued else "recorded"] += 1
    return counts


def lease_event(conn, lease_seconds: float):
    """The next due event, leased to the caller; None when none is due."""
    now = utc_now()
    with transaction(conn):
        row = conn.execute(
            "SELECT * FROM hootsuite_events WHERE status = 'queued' AND next_attempt_at <= ? "
            "AND (leased_until IS NULL OR leased_until <= ?) ORDER BY id LIMIT 1",
            (to_text(now), to_text(now))).fetchone()
        if row is not None:
            conn.execute("UPDATE hootsuite_events SET leased_until = ?, attempts = attempts + 1 WHERE id = ?",
                         (to_text(now + dt.timedelta(seconds=lease_seconds)), row["id"]))
    return row


def finish_event(conn, event_id: int, status: str, outcome: str) -> None:
    with transaction(conn):
        conn.execute("UPDATE hootsuite_events SET status = ?, outcome = ?, finished_at = ?, leased_until = NULL "
                     "WHERE id = ?", (status, outcome[:500], now_text(), event_id))


def retry_event(conn, event_id: int, delay_seconds: float, outcome: str) -> None:
    with transaction(conn):
        conn.execute("UPDATE hootsuite_events SET next_attempt_at = ?, outcome = ?, leased_until = NULL WHERE id = ?",
                     (to_text(utc_now() + dt.timedelta(seconds=delay_seconds)), outcome[:500], event_id))


def handled(conn, message_id: str, sequence_number: int):
    """What postlint did for this message at this approval step, if anything."""
    return conn.execute("SELECT * FROM hootsuite_messages WHERE message_id = ? AND sequence_number = ?",
                        (message_id, sequence_number)).fetchone()


def record_message(conn, message_id: str, sequence_number: int, action: str, *, account: str | None = None,
                   review_id: str | None = None, detail: str | None = None) -> None:
    """Remember what was done for one approval step of a message. The first word stays, unless the
    message changed after its review: then what is done for its new text replaces it."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO hootsuite_messages (message_id, sequence_number, account, review_id, action, detail, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, sequence_number) DO UPDATE SET "
            "account = excluded.account, review_id = excluded.review_id, action = excluded.action, "
            "detail = excluded.detail, updated_at = excluded.updated_at, attempts = 0, next_attempt_at = NULL, "
            "leased_until = NULL WHERE hootsuite_messages.action = 'changed'",
            (message_id, sequence_number, account, review_id, action, (detail or "")[:500] or None, now_text()))


def check_again(conn, row, detail: str) -> None:
    """Mark a message changed since its review and queue it to be fetched and checked afresh, in one
    transaction, so no worker can meet the new event while the old word still stands."""
    at = now_text()
    with transaction(conn):
        conn.execute("UPDATE hootsuite_messages SET action = 'changed', detail = ?, updated_at = ?, leased_until = NULL "
                     "WHERE message_id = ? AND sequence_number = ?",
                     (detail[:500], at, row["message_id"], row["sequence_number"]))
        conn.execute(
            "INSERT INTO hootsuite_events (message_id, state, received_at, status, next_attempt_at, outcome) "
            "VALUES (?, 'PENDING_APPROVAL', ?, 'queued', ?, ?)", (row["message_id"], at, at, detail[:500]))


def lease_decided(conn, lease_seconds: float):
    """A message whose postlint review has been decided but not yet passed on to Hootsuite."""
    now = utc_now()
    with transaction(conn):
        row = conn.execute(
            "SELECT m.*, r.status AS review_status, r.withdrawn_at, r.decision_note, r.withdrawal_note, "
            "r.decided_by, r.post_key FROM hootsuite_messages m JOIN reviews r ON r.id = m.review_id "
            "WHERE m.action = 'waiting' AND r.status <> 'pending' "
            "AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= ?) "
            "AND (m.leased_until IS NULL OR m.leased_until <= ?) ORDER BY m.updated_at LIMIT 1",
            (to_text(now), to_text(now))).fetchone()
        if row is not None:
            conn.execute("UPDATE hootsuite_messages SET leased_until = ?, attempts = attempts + 1 "
                         "WHERE message_id = ? AND sequence_number = ?",
                         (to_text(now + dt.timedelta(seconds=lease_seconds)), row["message_id"],
                          row["sequence_number"]))
    return row


def settle_message(conn, row, action: str, detail: str) -> None:
    with transaction(conn):
        conn.execute("UPDATE hootsuite_messages SET action = ?, detail = ?, updated_at = ?, leased_until = NULL "
                     "WHERE message_id = ? AND sequence_number = ?",
                     (action, detail[:500], now_text(), row["message_id"], row["sequence_number"]))


def retry_message(conn, row, delay_seconds: float, detail: str) -> None:
    with transaction(conn):
        conn.execute("UPDATE hootsuite_messages SET next_attempt_at = ?, detail = ?, leased_until = NULL "
                     "WHERE message_id = ? AND sequence_number = ?",
                     (to_text(utc_now() + dt.timedelta(seconds=delay_seconds)), detail[:500],
                      row["message_id"], row["sequence_number"]))


def event_log(conn, limit: int = 50) -> list:
    return conn.execute("SELECT * FROM hootsuite_events ORDER BY id DESC LIMIT ?", (limit,)).fetchall()


def delivery_log(conn, limit: int = 50, failing_only: bool = False) -> list:
    """The decision callbacks (``api.callbacks``): what was sent where, how often and how it went."""
    where = "WHERE delivered_at IS NULL" if failing_only else ""
    return conn.execute(f"SELECT id, review_id, url, attempts, next_attempt_at, delivered_at, given_up_at, "
                        f"last_outcome FROM callbacks {where} ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
