"""The registry of the force's social media accounts, and who may post from each.

An account is named ``network:handle`` (``x:@NYorksPolice``). Its key ignores case
and a leading ``@``, as the networks do, so ``X:@nyorkspolice`` is the same account.
The registry, not the caller, says an account's tier, contributors and profile.
"""
from __future__ import annotations

import re

from linter.model import TIERS

from . import db
from .db import transaction
from .timeutil import now_text

NETWORKS = ("x", "facebook", "instagram", "linkedin", "threads", "tiktok", "youtube", "bluesky", "nextdoor")
_HANDLE = re.compile(r"@?[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
MAX_DISPLAY_NAME = 100


class AccountError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class AccountExists(AccountError):
    """The account is registered already."""


def split(name) -> tuple[str, str]:
    """``(network, handle)`` from ``network:handle``, or AccountError naming the field."""
    if not isinstance(name, str) or ":" not in name:
        raise AccountError("account", "must be network:handle, e.g. x:@NYorksPolice")
    network, _, handle = name.strip().partition(":")
    network = network.strip().lower()
    if network not in NETWORKS:
        raise AccountError("account", f"network must be one of {', '.join(NETWORKS)}")
    handle = handle.strip()
    if not _HANDLE.fullmatch(handle):
        raise AccountError("account", "the handle is 1-100 letters, digits or . _ - (an @ may lead)")
    return network, handle


def key_of(name) -> str:
    network, handle = split(name)
    return f"{network}:{handle.lstrip('@').casefold()}"


def _row_to_dict(row) -> dict:
    return {"account": f"{row['network']}:{row['handle']}", "key": row["key"], "network": row["network"],
            "handle": row["handle"], "display_name": row["display_name"], "tier": row["tier"],
            "contributors": row["contributors"], "profile": row["profile"]}


def add(conn, name: str, *, display_name: str, tier: str,
        contributors: int | None = None, profile: str | None = None, known_profiles=None) -> dict:
    network, handle = split(name)
    if not isinstance(display_name, str) or not display_name.strip() or len(display_name) > MAX_DISPLAY_NAME:
        raise AccountError("display_name", f"is required, at most {MAX_DISPLAY_NAME} characters")
    if tier not in TIERS:
        raise AccountError("tier", f"must be one of {', '.join(TIERS)}")
    if contributors is not None and (isinstance(contributors, bool) or not isinstance(contributors, int)
                                     or not 0 < contributors < 1_000_000):
        raise AccountError("contributors", "must be a positive whole number")
    if profile is not None and (not isinstance(profile, str)
                                or (known_profiles is not None and profile not in known_profiles)):
        raise AccountError("profile", "is not a known profile")
    key = key_of(name)
    try:
        with transaction(conn):
            conn.execute("INSERT INTO accounts (key, network, handle, display_name, tier, contributors, profile, "
                         "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (key, network, handle, display_name.strip(), tier, contributors, profile, now_text()))
    except db.IntegrityError:
        raise AccountExists("account", f"{network}:{handle} is already registered; remove it first") from None
    return get(conn, key)


def get(conn, name: str) -> dict | None:
    row = conn.execute("SELECT * FROM accounts WHERE key = ?", (key_of(name),)).fetchone()
    return _row_to_dict(row) if row else None


def listing(conn, keys=None) -> list[dict]:
    """Every account, or only those whose keys are given."""
    rows = conn.execute("SELECT * FROM accounts ORDER BY key").fetchall()
    return [_row_to_dict(r) for r in rows if keys is None or r["key"] in keys]


def names_of(conn, keys) -> list[str]:
    """The accounts as people write them (``x:@NYorksPolice``), for keys such as ``x:nyorkspolice``."""
    shown = {r["key"]: f"{r['network']}:{r['handle']}" for r in conn.execute("SELECT key, network, handle FROM accounts")}
    return [shown.get(key, key) for key in keys]


def remove(conn, name: str) -> bool:
    """Forget an account and every grant to post from it; reviews keep the name they were made for."""
    key = key_of(name)
    with transaction(conn):
        conn.execute("DELETE FROM principal_accounts WHERE account_key = ?", (key,))
        return conn.execute("DELETE FROM accounts WHERE key = ?", (key,)).rowcount > 0


def grant(conn, principal_id: str, name: str) -> str:
    """Let a principal post from an account; the account's key."""
    key = key_of(name)
    with transaction(conn):
        if conn.execute("SELECT 1 FROM accounts WHERE key = ?", (key,)).fetchone() is None:
            raise AccountError("account", f"{name} is not registered; add it with postlint account add")
        conn.execute("INSERT INTO principal_accounts (principal_id, account_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     (principal_id, key))
    return key


def ungrant(conn, principal_id: str, name: str) -> bool:
    with transaction(conn):
        return conn.execute("DELETE FROM principal_accounts WHERE principal_id = ? AND account_key = ?",
                            (principal_id, key_of(name))).rowcount > 0


def officers_of(conn, key: str) -> set[str]:
    """The principals who may post from an account."""
    return {r[0] for r in conn.execute("SELECT principal_id FROM principal_accounts WHERE account_key = ?",
                                       (key,)).fetchall()}
