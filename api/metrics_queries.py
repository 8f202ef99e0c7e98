"""The database reads behind ``/metrics``: plain SELECTs any SQL database runs, kept here together
so a storage backend has one small place to adapt."""
from __future__ import annotations

import datetime as dt

REVIEW_STATUSES = ("pending", "approved", "rejected", "expired")


def reviews_by_status(conn) -> dict[str, int]:
    counts = dict.fromkeys(REVIEW_STATUSES, 0)
    for status, count in conn.execute("SELECT status, COUNT(*) FROM reviews GROUP BY status").fetchall():
        counts[status] = count
    return counts


def oldest_pending_submitted(conn) -> float | None:
    """When the longest-waiting pending review was submitted, as a Unix time."""
    (oldest,) = conn.execute("SELECT MIN(submitted_at) FROM reviews WHERE status = 'pending'").fetchone()
    if oldest is None:
        return None
    return dt.datetime.fromisoformat(oldest.replace("Z", "+00:00")).timestamp()


def callbacks_by_state(conn) -> dict[str, int]:
    counts = {"waiting": 0, "delivered": 0, "given_up": 0}
    (counts["delivered"],) = conn.execute("SELECT COUNT(*) FROM callbacks WHERE delivered_at IS NOT NULL").fetchone()
    (counts["given_up"],) = conn.execute("SELECT COUNT(*) FROM callbacks WHERE given_up_at IS NOT NULL").fetchone()
    (counts["waiting"],) = conn.execute(
        "SELECT COUNT(*) FROM callbacks WHERE delivered_at IS NULL AND given_up_at IS NULL").fetchone()
    return counts


def callback_failed_attempts(conn) -> int:
    """Every attempt but the one that succeeded."""
    (failed,) = conn.execute(
        "SELECT COALESCE(SUM(CASE WHEN delivered_at IS NULL THEN attempts ELSE attempts - 1 END), 0) "
        "FROM callbacks").fetchone()
    return int(failed)
