"""People and their bearer tokens.

Every token belongs to a principal: a person or tool with a stable id (``pr_…``), a
display name and a role. Ownership, decisions and the audit trail record principal
ids, so a name is only a label: two active principals cannot share a name (compared
ignoring case and runs of spaces), and a newcomer given a revoked officer's name is
a different principal who cannot read that officer's drafts.

A token reads ``plt_<public id>_<secret>`` and is stored only as a SHA-256 hash. The
public id finds the row without comparing secrets in an index; the hash of the whole
token is then compared with ``hmac.compare_digest``. ``tk_<public id>`` names a token
in listings and for revocation without revealing it.
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
# Roles that post from the force's accounts; the accounts on their principal bind them.
POSTING_ROLES = ("officer", "scheduler")
PREFIX = "plt_"
TOKEN_ID_PREFIX = "tk_"
PRINCIPAL_PREFIX = "pr_"
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
    principal_id: str = ""
    accounts: tuple[str, ...] = ()  # registry keys this principal may post from

    @property
    def reviews_everything(self) -> bool:
        return self.role in ("reviewer", "admin")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def display_name(name: str) -> str:
    """The name as shown: surrounding spaces dropped and inner runs made single."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name.strip()):
        raise TokenError("a name is 1-64 letters, digits, spaces or . _ @ - "
                         "and starts with a letter or digit")
    return " ".join(name.split())


def name_key(name: str) -> str:
    """What makes two names the same person: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def check_name(name: str) -> str:
    display_name(name)
    return name


def _active_principal_named(conn, name: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM principals WHERE name_key = ? AND revoked_at IS NULL",
                        (name_key(name),)).fetchone()


def create_principal(conn: sqlite3.Connection, role: str, name: str) -> str:
    """A new principal; refuses a name an active principal already has."""
    if role not in ROLES:
        raise TokenError(f"role must be one of {', '.join(ROLES)}")
    shown = display_name(name)
    principal_id = PRINCIPAL_PREFIX + secrets.token_hex(8)
    try:
        with transaction(conn):
            existing = _active_principal_named(conn, shown)
            if existing is not None:
                raise TokenError(f"{existing['display_name']!r} already exists ({existing['id']}, "
                                 f"{existing['role']}); give them another token with --principal "
                                 f"{existing['id']}, revoke them first, or choose another name")
            conn.execute("INSERT INTO principals (id, display_name, name_key, role, created_at) "
                         "VALUES (?, ?, ?, ?, ?)", (principal_id, shown, name_key(shown), role, now_text()))
    except sqlite3.IntegrityError:  # a racing create of the same name
        raise TokenError(f"{shown!r} already exists; choose another name") from None
    return principal_id


def issue(conn: sqlite3.Connection, principal_id: str) -> str:
    """A new token for an active principal; this is the only time it is seen."""
    public_id = secrets.token_hex(8)
    token = f"{PREFIX}{public_id}_{secrets.token_urlsafe(32)}"
    with transaction(conn):
        principal = conn.execute("SELECT * FROM principals WHERE id = ? AND revoked_at IS NULL",
                                 (principal_id,)).fetchone()
        if principal is None:
            raise TokenError(f"no active principal {principal_id!r}")
        # ``name`` and ``role`` copy the principal's, for reading the file by hand.
        conn.execute(
            "INSERT INTO tokens (public_id, token_sha256, name, role, created_at, principal_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (public_id, digest(token), principal["display_name"], principal["role"], now_text(), principal_id))
    return token


def create(conn: sqlite3.Connection, role: str, name: str) -> str:
    """A new principal with one token; the token is returned and never stored."""
    return issue(conn, create_principal(conn, role, name))


def principal(conn: sqlite3.Connection, principal_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM principals WHERE id = ?", (principal_id,)).fetchone()


def find_principal(conn: sqlite3.Connection, who: str) -> sqlite3.Row | None:
    """An active principal by id or by name."""
    if who.startswith(PRINCIPAL_PREFIX):
        return conn.execute("SELECT * FROM principals WHERE id = ? AND revoked_at IS NULL", (who,)).fetchone()
    return _active_principal_named(conn, who)


def revoke(conn: sqlite3.Connection, who: str) -> int:
    """Revoke one token (``tk_…``) or a principal (``pr_…`` or name) with all its tokens.

    Returns how many tokens stopped working. A revoked principal keeps its id, so its
    reviews and audit entries still say who it was; its name becomes free for someone new.
    """
    at = now_text()
    with transaction(conn):
        if who.startswith(TOKEN_ID_PREFIX):
            cursor = conn.execute("UPDATE tokens SET revoked_at = ? WHERE public_id = ? AND revoked_at IS NULL",
                                  (at, who[len(TOKEN_ID_PREFIX):]))
            return cursor.rowcount
        found = find_principal(conn, who)
        if found is None:
            return 0
        conn.execute("UPDATE principals SET revoked_at = ? WHERE id = ?", (at, found["id"]))
        cursor = conn.execute("UPDATE tokens SET revoked_at = ? WHERE principal_id = ? AND revoked_at IS NULL",
                              (at, found["id"]))
        return max(cursor.rowcount, 1)


def list_active(conn: sqlite3.Connection) -> list[dict]:
    """Active tokens with their principal and its accounts; never the tokens themselves."""
    rows = conn.execute(
        "SELECT p.id AS principal_id, p.display_name AS name, p.role, t.public_id, t.created_at "
        "FROM tokens t JOIN principals p ON p.id = t.principal_id "
        "WHERE t.revoked_at IS NULL AND p.revoked_at IS NULL ORDER BY p.name_key, t.id").fetchall()
    return [{"principal_id": r["principal_id"], "name": r["name"], "role": r["role"],
             "token_id": TOKEN_ID_PREFIX + r["public_id"], "created_at": r["created_at"],
             "accounts": principal_accounts(conn, r["principal_id"])} for r in rows]


def principal_accounts(conn: sqlite3.Connection, principal_id: str) -> tuple[str, ...]:
    rows = conn.execute("SELECT account_key FROM principal_accounts WHERE principal_id = ? ORDER BY account_key",
                        (principal_id,)).fetchall()
    return tuple(r[0] for r in rows)


def authenticate(conn: sqlite3.Connection, presented: str) -> Identity | None:
    """The identity behind a presented token, or None for unknown, malformed or revoked."""
    match = _TOKEN_PATTERN.fullmatch(presented)
    row = None
    if match:
        row = conn.execute(
            "SELECT t.id, t.token_sha256, t.revoked_at, p.id AS principal_id, p.display_name, p.role, "
            "p.revoked_at AS principal_revoked_at FROM tokens t JOIN principals p ON p.id = t.principal_id "
            "WHERE t.public_id = ?", (match.group(1),)).fetchone()
    expected = row["token_sha256"] if row else _UNUSED_HASH
    # Always compare, even without a row, so a miss costs the same as a wrong secret.
    same = hmac.compare_digest(digest(presented), expected)
    if not (same and row and row["revoked_at"] is None and row["principal_revoked_at"] is None):
        return None
    return Identity(row["id"], row["display_name"], row["role"], row["principal_id"],
                    principal_accounts(conn, row["principal_id"]))
