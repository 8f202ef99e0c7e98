"""Bearer tokens: made once, stored only as a SHA-256 hash, checked in constant time.

A token reads ``plt_<public id>_<secret>``. The public id finds the row without
comparing secrets in an index; the hash of the whole token is then compared
with ``hmac.compare_digest``. A token's name is the person or tool it belongs
to, and is what the audit log and review ownership record.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
from dataclasses import dataclass

from .db import transaction
from .timeutil import now_text

ROLES = ("officer", "reviewer", "scheduler", "admin")
PREFIX = "plt_"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@ -]{0,63}")
_TOKEN_PATTERN = re.compile(r"plt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})")
_UNUSED_HASH = hashlib.sha256(b"no such token").hexdigest()


class TokenError(ValueError):
    pass


@dataclass(frozen=True)
class Identity:
    token_id: int
    name: str
    role: str


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise TokenError("a token name is 1-64 letters, digits, spaces or . _ @ - "
                         "and starts with a letter or digit")
    return name


def create(conn: sqlite3.Connection, role: str, name: str) -> str:
    """Store a new token for ``name`` and return it; this is the only time it is seen."""
    if role not in ROLES:
        raise TokenError(f"role must be one of {', '.join(ROLES)}")
    check_name(name)
    public_id = secrets.token_hex(8)
    token = f"{PREFIX}{public_id}_{secrets.token_urlsafe(32)}"
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO tokens (public_id, token_sha256, name, role, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (public_id, digest(token), name, role, now_text()))
    except sqlite3.IntegrityError:
        raise TokenError(f"an active token named {name!r} already exists; "
                         "revoke it first or choose another name") from None
    return token


def revoke(conn: sqlite3.Connection, name: str) -> int:
    """Revoke every active token with this name; the number revoked."""
    with transaction(conn):
        cursor = conn.execute("UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                              (now_text(), name))
    return cursor.rowcount


def list_active(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT name, role, created_at FROM tokens WHERE revoked_at IS NULL "
                        "ORDER BY name").fetchall()


def authenticate(conn: sqlite3.Connection, presented: str) -> Identity | None:
    """The identity behind a presented token, or None for unknown, malformed or revoked."""
    match = _TOKEN_PATTERN.fullmatch(presented)
    row = None
    if match:
        row = conn.execute("SELECT id, token_sha256, name, role, revoked_at FROM tokens "
                           "WHERE public_id = ?", (match.group(1),)).fetchone()
    expected = row["token_sha256"] if row else _UNUSED_HASH
    # Always compare, even without a row, so a miss costs the same as a wrong secret.
    same = hmac.compare_digest(digest(presented), expected)
    if not (same and row and row["revoked_at"] is None):
        return None
    return Identity(row["id"], row["name"], row["role"])
