"""Telling a scheduler its review was decided: signed POSTs to its ``callback_url``, retried.

Decisions queue a delivery in the same transaction that records them (``callbacks``), so
none is lost if the process dies. Each worker process runs one delivery thread; a
delivery is leased before it is sent, so two workers never send the same one at once.
The body is the decision, never the draft; ``X-Postlint-Signature: sha256=<hex>`` is
HMAC-SHA256 of the exact body bytes with ``POSTLINT_CALLBACK_SECRET``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .background import ProcessThread
from .db import connect, transaction
from .timeutil import to_text, utc_now

log = logging.getLogger("postlint.api")

SIGNATURE_HEADER = "X-Postlint-Signature"
DELIVERY_HEADER = "X-Postlint-Delivery"
MAX_ATTEMPTS = 8
LEASE_SECONDS = 60.0
SEND_TIMEOUT_SECONDS = 5.0
MAX_URL_CHARS = 2000


class CallbackUrlError(ValueError):
    pass


def check_url(url) -> str:
    """An HTTPS URL, or plain HTTP to this computer (for tests and local tools)."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_CHARS:
        raise CallbackUrlError(f"must be a URL of at most {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise CallbackUrlError("is not a valid URL") from None
    if parts.username or parts.password:
        raise CallbackUrlError("must not carry a user name or password")
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and _is_loopback(host):
        return url
    raise CallbackUrlError("must be https://, or http:// to 127.0.0.1, ::1 or localhost")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A callback goes where it was registered, never where a redirect points."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def send(url: str, body: bytes, headers: dict) -> str:
    """POST once; the outcome as ``"200"`` or a short reason. Raises nothing."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with _opener.open(request, timeout=SEND_TIMEOUT_SECONDS) as response:
            return str(response.status)
    except urllib.error.HTTPError as exc:
        return str(exc.code)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return type(exc).__name__


def retry_delay(attempts: int, base_seconds: float) -> float:
    """Doubling back-off after each failure: base, 2×base, 4×base …"""
    return base_seconds * (2 ** max(0, attempts - 1))


def deliver_due(conn, *, secret: str, base_seconds: float, now: dt.datetime | None = None, sender=send) -> int:
    """Send every delivery that is due; how many were sent successfully."""
    now = now or utc_now()
    with transaction(conn):
        due = conn.execute("SELECT * FROM callbacks WHERE delivered_at IS NULL AND given_up_at IS NULL "
                           "AND next_attempt_at <= ? ORDER BY id LIMIT 20", (to_text(now),)).fetchall()
        lease = to_text(now + dt.timedelta(seconds=LEASE_SECONDS))
        for row in due:
            conn.execute("UPDATE callbacks SET next_attempt_at = ? WHERE id = ?", (lease, row["id"]))
    delivered = 0
    for row in due:
        body = row["body"].encode("utf-8")
        outcome = sender(row["url"], body, {SIGNATURE_HEADER: sign(secret, body), DELIVERY_HEADER: str(row["id"])})
        attempts = row["attempts"] + 1
        finished = to_text(utc_now())
        with transaction(conn):
            if outcome.isdigit() and 200 <= int(outcome) < 300:
                conn.execute("UPDATE callbacks SET attempts = ?, delivered_at = ?, last_outcome = ? WHERE id = ?",
                             (attempts, finished, outcome, row["id"]))
                delivered += 1
            elif attempts >= MAX_ATTEMPTS:
                conn.execute("UPDATE callbacks SET attempts = ?, given_up_at = ?, last_outcome = ? WHERE id = ?",
                             (attempts, finished, outcome, row["id"]))
                log.warning("callback %d for review %s given up after %d attempts (%s)",
                            row["id"], row["review_id"], attempts, outcome)
            else:
                retry_at = to_text(utc_now() + dt.timedelta(seconds=retry_delay(attempts, base_seconds)))
                conn.execute("UPDATE callbacks SET attempts = ?, next_attempt_at = ?, last_outcome = ? "
                             "WHERE id = ?", (attempts, retry_at, outcome, row["id"]))
    return delivered


class Deliverer(ProcessThread):
    """One background thread per process that sends due callbacks every ``poll_seconds``."""

    name = "postlint-callbacks"

    def __init__(self, database: str, secret: str, base_seconds: float, poll_seconds: float):
        super().__init__()
        self.database, self.secret = database, secret
        self.base_seconds, self.poll_seconds = base_seconds, poll_seconds

    def _run(self) -> None:
        conn = connect(self.database)
        try:
            while not self.stopping:
                try:
                    deliver_due(conn, secret=self.secret, base_seconds=self.base_seconds)
                except Exception as exc:  # keep delivering; never log bodies
                    log.error("callback delivery failed: %s", type(exc).__name__)
                self.pause(self.poll_seconds)
        finally:
            conn.close()
