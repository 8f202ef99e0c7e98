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

A token may carry an expiry (``expires_at``): from then on it fails as a revoked one does,
and so do the dashboard sessions made from it. Each token records when it was last used,
to the minute, so checking a token writes to the database at most once a minute per token
rather than on every request.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass

from . import db
from .db import is_busy, transaction
from .timeutil import now_text, to_text, utc_now

log = logging.getLogger("postlint.tokens")

ROLES = ("officer", "reviewer", "scheduler", "admin")
# Roles that post from the force's accounts; the accounts on their principal bind them.
POSTING_ROLES = ("officer", "scheduler")
PREFIX = "plt_"
TOKEN_ID_PREFIX = "tk_"
PRINCIPAL_PREFIX = "pr_"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@ -]{0,63}")
_TOKEN_PATTERN = re.compile(r"plt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})")
_UNUSED_HASH = hashlib.sha256(b"no such token").hexdigest()
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# A token issued or extended expires within this many days at most (about ten years).
MAX_LIFETIME_DAYS = 3653


class TokenError(ValueError):
    pass


class NameTaken(TokenError):
    """An active principal (``existing_id``, None when it won a race) already has the name."""

    def __init__(self, message: str, existing_id: str | None = None):
        super().__init__(message)
        self.existing_id = existing_id


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


def _active_principal_named(conn, name: str):
    return conn.execute("SELECT * FROM principals WHERE name_key = ? AND revoked_at IS NULL",
                        (name_key(name),)).fetchone()


def create_principal(conn, role: str, name: str) -> str:
    """A new principal; refuses a name an active principal already has."""
    if role not in ROLES:
        raise TokenError(f"role must be one of {', '.join(ROLES)}")
    shown = display_name(name)
    try:
        with transaction(conn):
            return insert_principal(conn, role, shown)
    except db.IntegrityError:  # a racing create of the same name
        raise NameTaken(f"{shown!r} already exists; choose another name") from None


def insert_principal(conn, role: str, shown: str) -> str:
    """``create_principal`` inside the caller's transaction, for a checked ``role`` and name."""
    existing = _active_principal_named(conn, shown)
    if existing is not None:
        raise NameTaken(f"{existing['display_name']!r} already exists ({existing['id']}, "
                        f"{existing['role']}); give them another token with --principal "
                        f"{existing['id']}, revoke them first, or choose another name", existing["id"])
    principal_id = PRINCIPAL_PREFIX + secrets.token_hex(8)
    conn.execute("INSERT INTO principals (id, display_name, name_key, role, created_at) "
                 "VALUES (?, ?, ?, ?, ?)", (principal_id, shown, name_key(shown), role, now_text()))
    return principal_id


def check_expiry(expires_at: dt.datetime | None) -> str | None:
    """An expiry as stored: in the future and within ``MAX_LIFETIME_DAYS``, or None for none."""
    if expires_at is None:
        return None
    if expires_at.tzinfo is None:
        raise TokenError("an expiry needs a time zone (e.g. 2027-03-31T23:59:00Z) or a plain date")
    now = utc_now()
    if expires_at <= now:
        raise TokenError("an expiry must be in the future (to stop a token now, expire or revoke it)")
    if expires_at > now + dt.timedelta(days=MAX_LIFETIME_DAYS):
        raise TokenError(f"an expiry must be within {MAX_LIFETIME_DAYS} days")
    return to_text(expires_at)


def parse_expiry(text: str) -> dt.datetime:
    """``2027-03-31`` (the token works to the end of that day, UTC) or an ISO time with its zone."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.datetime.combine(dt.date.fromisoformat(text) + dt.timedelta(days=1), dt.time(),
                                       dt.timezone.utc)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise TokenError(f"{text[:40]!r} is not a date (2027-03-31) or a time (2027-03-31T18:00:00Z)") from None


def issue(conn, principal_id: str, *, expires_at: dt.datetime | None = None) -> str:
    """A new token for an active principal; this is the only time it is seen."""
    stored_expiry = check_expiry(expires_at)
    with transaction(conn):
        return insert_token(conn, principal_id, stored_expiry)


def insert_token(conn, principal_id: str, expires_at: str | None) -> str:
    """``issue`` inside the caller's transaction, with an expiry already checked."""
    public_id = secrets.token_hex(8)
    token = f"{PREFIX}{public_id}_{secrets.token_urlsafe(32)}"
    principal = conn.execute("SELECT * FROM principals WHERE id = ? AND revoked_at IS NULL",
                             (principal_id,)).fetchone()
    if principal is None:
        raise TokenError(f"no active principal {principal_id!r}")
    # ``name`` and ``role`` copy the principal's, for reading the file by hand.
    conn.execute(
        "INSERT INTO tokens (public_id, token_sha256, name, role, created_at, principal_id, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (public_id, digest(token), principal["display_name"], principal["role"], now_text(), principal_id,
         expires_at))
    return token


def create(conn, role: str, name: str, *, expires_at: dt.datetime | None = None) -> str:
    """A new principal with one token; the token is returned and never stored."""
    check_expiry(expires_at)
    return issue(conn, create_principal(conn, role, name), expires_at=expires_at)


def principal(conn, principal_id: str):
    return conn.execute("SELECT * FROM principals WHERE id = ?", (principal_id,)).fetchone()


def find_principal(conn, who: str):
    """An active principal by id or by name."""
    if who.startswith(PRINCIPAL_PREFIX):
        return conn.execute("SELECT * FROM principals WHERE id = ? AND revoked_at IS NULL", (who,)).fetchone()
    return _active_principal_named(conn, who)


def revoke(conn, who: str) -> int:
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


_LISTED = ("SELECT t.id, p.id AS principal_id, p.display_name AS name, p.role, t.public_id, t.created_at, "
           "t.expires_at, t.last_used_at, coalesce(t.revoked_at, p.revoked_at) AS revoked_at "
           "FROM tokens t JOIN principals p ON p.id = t.principal_id ")


def _listed(conn, row, now: str) -> dict:
    state = ("revoked" if row["revoked_at"] else
             "expired" if row["expires_at"] is not None and row["expires_at"] <= now else "active")
    return {"principal_id": row["principal_id"], "name": row["name"], "role": row["role"],
            "token_id": TOKEN_ID_PREFIX + row["public_id"], "created_at": row["created_at"],
            "expires_at": row["expires_at"], "last_used_at": row["last_used_at"], "state": state,
            "revoked_at": row["revoked_at"], "accounts": principal_accounts(conn, row["principal_id"])}


def list_active(conn, *, with_ended: bool = False) -> list[dict]:
    """Tokens that still work (with ``with_ended``, expired and revoked ones too) with their
    principal, state, expiry, last use and accounts; never the tokens themselves."""
    now = now_text()
    where = "" if with_ended else \
        "WHERE t.revoked_at IS NULL AND p.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) "
    rows = conn.execute(_LISTED + where + "ORDER BY p.name_key, t.id", () if with_ended else (now,)).fetchall()
    return [_listed(conn, r, now) for r in rows]


def token_details(conn, token_id: int) -> dict | None:
    """One token by its row id (``Identity.token_id``), as listed."""
    row = conn.execute(_LISTED + "WHERE t.id = ?", (token_id,)).fetchone()
    return _listed(conn, row, now_text()) if row else None


def _public_id(token_ref: str) -> str | None:
    if not isinstance(token_ref, str) or not re.fullmatch(r"tk_[0-9a-f]{16}", token_ref):
        return None
    return token_ref[len(TOKEN_ID_PREFIX):]


def expire(conn, token_ref: str, at: dt.datetime | None = None) -> dict | None:
    """Make a working token (``tk_…``) expire now, or at ``at``; None if there is no such
    working token. Unlike a revocation, an expiry can be moved later again before it passes."""
    public_id = _public_id(token_ref)
    stored = to_text(utc_now()) if at is None else check_expiry(at)
    with transaction(conn):
        row = conn.execute(
            "SELECT t.id FROM tokens t JOIN principals p ON p.id = t.principal_id WHERE t.public_id = ? "
            "AND t.revoked_at IS NULL AND p.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)",
            (public_id, now_text())).fetchone()
        if row is None:
            return None
        conn.execute("UPDATE tokens SET expires_at = ? WHERE id = ?", (stored, row["id"]))
    return token_details(conn, row["id"])


def rotate(conn, identity: Identity) -> str:
    """Swap the caller's token for a new one with the same principal and expiry; the old one is
    revoked in the same transaction, so exactly one of them works at any moment."""
    with transaction(conn):
        old = conn.execute("SELECT principal_id, expires_at FROM tokens WHERE id = ? AND revoked_at IS NULL",
                           (identity.token_id,)).fetchone()
        if old is None:
            raise TokenError("this token has been revoked")
        token = insert_token(conn, old["principal_id"], old["expires_at"])
        conn.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", (now_text(), identity.token_id))
    return token


def principal_accounts(conn, principal_id: str) -> tuple[str, ...]:
    rows = conn.execute("SELECT account_key FROM principal_accounts WHERE principal_id = ? ORDER BY account_key",
                        (principal_id,)).fetchall()
    return tuple(r[0] for r in rows)


def authenticate(conn, presented: str, *, usage_conn=None
                 ) -> Identity | None:
    """The identity behind a presented token, or None for unknown, malformed, expired or revoked.
    Its use is recorded through ``usage_conn`` (the API's connection for counters, which does not
    sync each commit to disk) or else ``conn``."""
    match = _TOKEN_PATTERN.fullmatch(presented)
    row = None
    if match:
        row = conn.execute(
            "SELECT t.id, t.token_sha256, t.revoked_at, t.expires_at, t.last_used_at, "
            "p.id AS principal_id, p.display_name, p.role, "
            "p.revoked_at AS principal_revoked_at FROM tokens t JOIN principals p ON p.id = t.principal_id "
            "WHERE t.public_id = ?", (match.group(1),)).fetchone()
    expected = row["token_sha256"] if row else _UNUSED_HASH
    # Always compare, even without a row, so a miss costs the same as a wrong secret.
    same = hmac.compare_digest(digest(presented), expected)
    if not (same and row and row["revoked_at"] is None and row["principal_revoked_at"] is None):
        return None
    now = utc_now()
    if row["expires_at"] is not None and row["expires_at"] <= to_text(now):
        return None
    _note_use(usage_conn or conn, row["id"], row["last_used_at"], now)
    return Identity(row["id"], row["display_name"], row["role"], row["principal_id"],
                    principal_accounts(conn, row["principal_id"]))


def _note_use(conn, token_id: int, last_used_at: str | None, now: dt.datetime) -> None:
    """Record the token's use, at most once per ``LAST_USED_RESOLUTION``. The record is advice for
    admins: when other writers keep the database busy it is skipped rather than fail the request."""
    if last_used_at is not None and last_used_at > to_text(now - LAST_USED_RESOLUTION):
        return
    try:
        conn.execute("UPDATE tokens SET last_used_at = ? WHERE id = ?", (to_text(now), token_id))
    except db.OperationalError as exc:
        if not is_busy(exc):
            raise
        log.info("token last-used time not recorded: the database was busy")
