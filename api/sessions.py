"""Dashboard sign-ins: a session cookie made from a reviewer's token.

The reviewer pastes the token once; the server answers with a random session secret in
an HttpOnly, SameSite=Strict cookie, so page script never holds the token or the secret
and every tab of that browser is signed in until it closes (or the session's hours run
out). Only the secret's SHA-256 is stored. A session lives no longer than its token:
revoking the token (or its principal), or its expiry, ends every session made from it at once. Requests that change
anything must also carry the session's CSRF value in ``X-CSRF-Token``, which page script
reads from ``GET /review/session``; another site can neither read it nor send the cookie.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from .db import transaction
from .timeutil import now_text, to_text, utc_now
from .tokens import Identity, principal_accounts

COOKIE = "postlint_session"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create(conn, identity: Identity, hours: float) -> tuple[str, str]:
    """A new session for this token's holder: ``(secret for the cookie, csrf value)``."""
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = utc_now()
    with transaction(conn):
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (to_text(now),))
        conn.execute("INSERT INTO sessions (secret_sha256, token_id, csrf, created_at, expires_at) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (_digest(secret), identity.token_id, csrf, to_text(now),
                      to_text(now + dt.timedelta(hours=hours))))
    return secret, csrf


def lookup(conn, secret: str) -> tuple[Identity, str, str] | None:
    """``(identity, csrf, expires_at)`` for a live session of a token still valid, else None."""
    row = conn.execute(
        "SELECT t.id, p.id AS principal_id, p.display_name, p.role, s.csrf, s.expires_at FROM sessions s "
        "JOIN tokens t ON t.id = s.token_id JOIN principals p ON p.id = t.principal_id "
        "WHERE s.secret_sha256 = ? AND s.expires_at > ? AND t.revoked_at IS NULL AND p.revoked_at IS NULL "
        "AND (t.expires_at IS NULL OR t.expires_at > ?)",
        (_digest(secret), *(now_text(),) * 2)).fetchone()
    if row is None:
        return None
    identity = Identity(row["id"], row["display_name"], row["role"], row["principal_id"],
                        principal_accounts(conn, row["principal_id"]))
    return identity, row["csrf"], row["expires_at"]


def end(conn, secret: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM sessions WHERE secret_sha256 = ?", (_digest(secret),))
