"""The SQLite schema as it grew before postlint used Alembic: versions 1 to 6, frozen.

A file made by an earlier postlint records how far it came in ``PRAGMA user_version``. The
Alembic baseline revision brings such a file (or a new, empty one) to version 6 with these
steps, exactly as they shipped; every later change is an Alembic revision for both backends
(``api/migrations/versions``). Never edit an entry here.
"""
from __future__ import annotations

import json
import sqlite3


# Each entry moves the schema up one version; ``PRAGMA user_version`` records how far
# a file has come. Never edit a shipped entry: append a new one.
MIGRATIONS: list[list] = [
    [
        """CREATE TABLE tokens (
            id INTEGER PRIMARY KEY,
            public_id TEXT NOT NULL UNIQUE,
            token_sha256 TEXT NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('officer', 'reviewer', 'scheduler', 'admin')),
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        "CREATE UNIQUE INDEX tokens_active_name ON tokens(name) WHERE revoked_at IS NULL",
        """CREATE TABLE reviews (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
            post_key TEXT NOT NULL,
            profile TEXT NOT NULL,
            rules_version TEXT NOT NULL,
            verdict TEXT NOT NULL,
            categories TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            post_json TEXT,
            findings_json TEXT NOT NULL,
            submit_note TEXT,
            submitted_by TEXT NOT NULL,
            submitted_role TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            decided_by TEXT,
            decided_role TEXT,
            decided_at TEXT,
            decision_note TEXT,
            purged_at TEXT
        )""",
        "CREATE INDEX reviews_by_post ON reviews(post_key, status, seq)",
        "CREATE INDEX reviews_by_status ON reviews(status, seq)",
        "CREATE INDEX reviews_by_submitter ON reviews(submitted_by, seq)",
        "CREATE INDEX reviews_unpurged ON reviews(purged_at, status)",
        # A decision is final: the database itself refuses to change it.
        """CREATE TRIGGER reviews_decision_is_final BEFORE UPDATE OF status ON reviews
           WHEN OLD.status <> 'pending'
           BEGIN SELECT RAISE(ABORT, 'a decided review cannot change status'); END""",
        """CREATE TRIGGER reviews_are_kept BEFORE DELETE ON reviews
           BEGIN SELECT RAISE(ABORT, 'reviews are never deleted; their text is purged'); END""",
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            review_id TEXT NOT NULL REFERENCES reviews(id),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL
                CHECK (action IN ('submitted', 'viewed', 'approved', 'rejected', 'purged', 'expired')),
            detail TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX audit_by_review ON audit(review_id, seq)",
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    ],
]

# Version 2: people, accounts and the post's context (issue 13). Every token belongs to a
# principal with a stable id; reviews record principal ids and the account and election
# state they were reviewed for; the audit trail gains the actor's id and withdrawals.


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _principals_for_existing_tokens(conn: sqlite3.Connection) -> None:
    """One principal per existing token, and each review's submitter and decider by id.

    Names were free text, so "Rita Ng" and "rita ng" may both be active: they stay two
    people (nobody can say they are one), the later one keeping its name under a key
    made unique with its token id.
    """
    import secrets
    taken = set()
    for row in conn.execute("SELECT id, name, role, created_at, revoked_at FROM tokens ORDER BY id").fetchall():
        key = _name_key(row["name"])
        if row["revoked_at"] is None:
            if key in taken:
                key = f"{key}#{row['id']}"
            taken.add(key)
        principal = "pr_" + secrets.token_hex(8)
        conn.execute("INSERT INTO principals (id, display_name, name_key, role, created_at, revoked_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     (principal, " ".join(row["name"].split()), key, row["role"], row["created_at"],
                      row["revoked_at"]))
        conn.execute("UPDATE tokens SET principal_id = ? WHERE id = ?", (principal, row["id"]))
    # A legacy review belonged to whoever held the name when it was made: the earliest token
    # with that name created before it.
    for column, name_column, at_column in (("submitted_principal", "submitted_by", "submitted_at"),
                                           ("decided_principal", "decided_by", "decided_at")):
        conn.execute(
            f"UPDATE reviews SET {column} = (SELECT t.principal_id FROM tokens t WHERE t.name = "
            f"reviews.{name_column} AND t.created_at <= reviews.{at_column} ORDER BY t.id DESC LIMIT 1) "
            f"WHERE {name_column} IS NOT NULL")


MIGRATIONS.append([
    """CREATE TABLE principals (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('officer', 'reviewer', 'scheduler', 'admin')),
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )""",
    "CREATE UNIQUE INDEX principals_active_name ON principals(name_key) WHERE revoked_at IS NULL",
    "ALTER TABLE tokens ADD COLUMN principal_id TEXT REFERENCES principals(id)",
    "CREATE INDEX tokens_by_principal ON tokens(principal_id)",
    # Names are unique per principal now (principals_active_name), not per token.
    "DROP INDEX tokens_active_name",
    """CREATE TABLE accounts (
        key TEXT PRIMARY KEY,
        network TEXT NOT NULL,
        handle TEXT NOT NULL,
        display_name TEXT NOT NULL,
        tier TEXT NOT NULL CHECK (tier IN ('corporate', 'local', 'specialist', 'individual')),
        contributors INTEGER,
        profile TEXT,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE principal_accounts (
        principal_id TEXT NOT NULL REFERENCES principals(id),
        account_key TEXT NOT NULL REFERENCES accounts(key) ON DELETE CASCADE,
        PRIMARY KEY (principal_id, account_key)
    )""",
    "CREATE INDEX principal_accounts_by_account ON principal_accounts(account_key)",
    "ALTER TABLE reviews ADD COLUMN submitted_principal TEXT",
    "ALTER TABLE reviews ADD COLUMN decided_principal TEXT",
    "ALTER TABLE reviews ADD COLUMN account TEXT",
    "ALTER TABLE reviews ADD COLUMN context_json TEXT",
    "ALTER TABLE reviews ADD COLUMN withdrawn_at TEXT",
    "ALTER TABLE reviews ADD COLUMN withdrawn_by TEXT",
    "ALTER TABLE reviews ADD COLUMN withdrawn_principal TEXT",
    "ALTER TABLE reviews ADD COLUMN withdrawal_note TEXT",
    "ALTER TABLE reviews ADD COLUMN idempotency_key TEXT",
    "ALTER TABLE reviews ADD COLUMN callback_url TEXT",
    "CREATE INDEX reviews_by_submitter_id ON reviews(submitted_principal, seq)",
    """CREATE UNIQUE INDEX reviews_idempotency ON reviews(submitted_principal, idempotency_key)
       WHERE idempotency_key IS NOT NULL""",
    _principals_for_existing_tokens,
    # The audit table is rebuilt to allow 'withdrawn' and to record the actor's principal id.
    # Dropping a table drops its triggers first, so the append-only guard does not fire here.
    """CREATE TABLE audit_v2 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        review_id TEXT NOT NULL REFERENCES reviews(id),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN
            ('submitted', 'viewed', 'approved', 'rejected', 'withdrawn', 'purged', 'expired')),
        detail TEXT NOT NULL DEFAULT '{}',
        actor_id TEXT
    )""",
    """INSERT INTO audit_v2 (seq, review_id, at, actor, role, action, detail, actor_id)
       SELECT a.seq, a.review_id, a.at, a.actor, a.role, a.action, a.detail,
              (SELECT t.principal_id FROM tokens t WHERE t.name = a.actor AND t.created_at <= a.at
               ORDER BY t.id DESC LIMIT 1)
       FROM audit a""",
    "DROP TABLE audit",
    "ALTER TABLE audit_v2 RENAME TO audit",
    "CREATE INDEX audit_by_review ON audit(review_id, seq)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    # Decisions whose callback_url is waiting to be told, with their delivery attempts.
    """CREATE TABLE callbacks (
        id INTEGER PRIMARY KEY,
        review_id TEXT NOT NULL REFERENCES reviews(id),
        url TEXT NOT NULL,
        body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        delivered_at TEXT,
        given_up_at TEXT,
        last_outcome TEXT
    )""",
    "CREATE INDEX callbacks_due ON callbacks(next_attempt_at) WHERE delivered_at IS NULL AND given_up_at IS NULL",
])


# Version 3: storage limits (issue 14). A queue page reads a short preview and a count instead
# of every draft and finding; pending reviews are counted per principal and per account from an
# index. Written after version 2, so it indexes the principal ids version 2 added.

def _has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(row["name"] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def _preview_and_count(conn: sqlite3.Connection) -> None:
    """Add and fill ``preview`` and ``finding_count``, unless the file already has them (see
    ``_storage_limits_came_first``); findings stored before packing are a plain JSON list."""
    if _has_column(conn, "reviews", "preview"):
        return
    conn.execute("ALTER TABLE reviews ADD COLUMN preview TEXT")  # JSON, as a draft's text may hold lone surrogates
    conn.execute("ALTER TABLE reviews ADD COLUMN finding_count INTEGER NOT NULL DEFAULT 0")
    conn.execute("""UPDATE reviews SET preview = json_quote(substr(json_extract(post_json, '$.text'), 1, 160)),
                                       finding_count = json_array_length(findings_json)
                    WHERE json_type(findings_json) = 'array'""")


MIGRATIONS.append([
    _preview_and_count,
    # Counted by principal id: a name is only a label since version 2.
    "DROP INDEX IF EXISTS reviews_pending_by_submitter",
    "CREATE INDEX reviews_pending_by_principal ON reviews(submitted_principal, status)",
    "CREATE INDEX reviews_pending_by_account ON reviews(account, status) WHERE account IS NOT NULL",
    # Request counts shared by every worker (``api.ratelimit``).
    "CREATE TABLE IF NOT EXISTS rate_hits (key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS rate_hits_by_key ON rate_hits(key, at)",
])

MIGRATIONS.append([
    # The comms team's dashboard: "request changes", resubmissions linked to the draft
    # they replace, the queue's order (when the post goes out) and its account filter.
    lambda conn: _allow_values(conn, "reviews", "'expired')", "'expired', 'changes_requested')"),
    lambda conn: _allow_values(conn, "audit", "'expired')", "'expired', 'changes_requested', 'resubmitted')"),
    *(lambda conn, column=column: _add_column(conn, "reviews", column, "TEXT")
      for column in ("scheduled_for", "due_at", "account", "replaces", "replaced_by")),
    "UPDATE reviews SET due_at = submitted_at",
    lambda conn: _backfill_schedule(conn),
    "CREATE INDEX reviews_by_due ON reviews(status, due_at, seq)",
    # A dashboard sign-in: the browser holds only the session secret, in an HttpOnly cookie.
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        secret_sha256 TEXT NOT NULL UNIQUE,
        token_id INTEGER NOT NULL REFERENCES tokens(id),
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_by_expiry ON sessions(expires_at)",
])

# Version 5: schedulers that call postlint before a post goes out (issue 17). Hootsuite's webhook
# events wait in a queue that workers lease, each message postlint has acted on is remembered
# with the review it is waiting for, and the rotating OAuth tokens are shared by every worker.
MIGRATIONS.append([
    """CREATE TABLE hootsuite_events (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL,
        state TEXT NOT NULL,
        seq_no TEXT,
        organization_id TEXT,
        event_at TEXT,
        received_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'done', 'skipped', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        leased_until TEXT,
        outcome TEXT,
        finished_at TEXT
    )""",
    "CREATE INDEX hootsuite_events_due ON hootsuite_events(status, next_attempt_at)",
    """CREATE TABLE hootsuite_messages (
        message_id TEXT NOT NULL,
        sequence_number INTEGER NOT NULL,
        account TEXT,
        review_id TEXT REFERENCES reviews(id),
        action TEXT NOT NULL
            CHECK (action IN ('approved', 'rejected', 'waiting', 'changed', 'skipped', 'failed')),
        detail TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        leased_until TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (message_id, sequence_number)
    )""",
    "CREATE INDEX hootsuite_messages_waiting ON hootsuite_messages(action, next_attempt_at)",
    "CREATE INDEX hootsuite_messages_by_review ON hootsuite_messages(review_id)",
    """CREATE TABLE hootsuite_oauth (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seed_sha256 TEXT NOT NULL,
        refresh_token TEXT NOT NULL,
        access_token TEXT,
        access_expires_at TEXT,
        updated_at TEXT NOT NULL
    )""",
])

# Version 6: token lifecycle (issue 15).
MIGRATIONS.append([
    # Token lifecycle (issue 15): a token may carry an expiry, and records when it was last used
    # (to the minute, see ``tokens.LAST_USED_RESOLUTION``) so an admin can tell which are idle.
    "ALTER TABLE tokens ADD COLUMN expires_at TEXT",
    "ALTER TABLE tokens ADD COLUMN last_used_at TEXT",
])

FINAL_VERSION = len(MIGRATIONS)


def _allow_values(conn: sqlite3.Connection, table: str, old: str, new: str) -> None:
    """Widen a CHECK (... IN (...)) list in place.

    SQLite cannot alter a CHECK constraint, but its documentation allows editing the stored
    schema text for a change that only loosens one (every existing row still passes), which
    avoids rebuilding the append-only audit table. The schema version is bumped so every
    open connection re-reads the schema.
    """
    sql = conn.execute("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    if new in sql:
        return
    if sql.count(old) != 1:
        raise RuntimeError(f"cannot widen the {table} table's CHECK: unexpected schema")
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?",
                     (sql.replace(old, new), table))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")


def _add_column(conn: sqlite3.Connection, table: str, column: str, kind: str) -> None:
    """Add a column unless an earlier migration already has (the account column is shared
    with the accounts work, whichever lands first)."""
    if column not in {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _backfill_schedule(conn: sqlite3.Connection) -> None:
    """Reviews stored before these columns existed: their scheduled time as the post gave it,
    and as the UTC text the queue sorts by."""
    from ..review_store import due_at  # the one place that turns a post into its due time
    rows = conn.execute("SELECT id, post_json, submitted_at FROM reviews WHERE post_json IS NOT NULL").fetchall()
    for row in rows:
        post = json.loads(row["post_json"])
        conn.execute("UPDATE reviews SET scheduled_for = ?, due_at = ? WHERE id = ?",
                     (post.get("scheduled_for"), due_at(post, row["submitted_at"]), row["id"]))



def _storage_limits_came_first(conn: sqlite3.Connection, version: int) -> bool:
    """A file at version 2 without principals was written by a postlint whose version 2 was the
    storage-limits migration (issue 14 shipped before issue 13): it still needs the principals,
    accounts and context of today's version 2, and version 3 finds its columns in place."""
    return version == 2 and conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'principals'").fetchone() is None



def upgrade(conn: sqlite3.Connection) -> None:
    """Bring a file from its ``user_version`` to ``FINAL_VERSION``, inside the caller's write
    transaction."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > FINAL_VERSION:
        raise RuntimeError(f"database schema version {current} is newer than this postlint "
                           f"({FINAL_VERSION}); upgrade postlint")
    if _storage_limits_came_first(conn, current):
        current = 1  # version 3's steps see what is already there and leave it
    for version in range(current, FINAL_VERSION):
        for step in MIGRATIONS[version]:
            if callable(step):  # a data step no SQL statement can express
                step(conn)
            else:
                conn.execute(step)
        conn.execute(f"PRAGMA user_version = {version + 1}")
