"""The SQLite file: connections, the schema and its in-place migrations.

WAL with ``synchronous=FULL`` makes every committed write durable before the
API answers, so a review acknowledged with 201 survives the process being
killed. Writers take the lock up front (``BEGIN IMMEDIATE``) so two requests
racing for the same review serialise instead of failing half way.

``secure_delete`` is set on every connection rather than left to how SQLite was built: purged
draft text is overwritten with zeros in the file, not merely marked free. The write-ahead log
still holds old copies of every page it has seen, so ``truncate_wal`` empties it after a purge.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 15.0
WAL_TRUNCATE_ATTEMPTS = 10
WAL_TRUNCATE_WAIT_MS = 150

# Each entry moves the schema up one version; ``PRAGMA user_version`` records how far
# a file has come. Never edit a shipped entry: append a new one.
MIGRATIONS: list[list[str]] = [
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

# Storage limits (issue 14): a queue page reads a short preview and a count instead of every
# draft and finding; a submitter's pending reviews are counted from an index.
MIGRATIONS.append([
    "ALTER TABLE reviews ADD COLUMN preview TEXT",  # JSON, as a draft's text may hold lone surrogates
    "ALTER TABLE reviews ADD COLUMN finding_count INTEGER NOT NULL DEFAULT 0",
    """UPDATE reviews SET preview = json_quote(substr(json_extract(post_json, '$.text'), 1, 160)),
                          finding_count = json_array_length(findings_json)""",
    "CREATE INDEX reviews_pending_by_submitter ON reviews(submitted_by, status)",
    # Request counts shared by every worker (``api.ratelimit``).
    "CREATE TABLE rate_hits (key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX rate_hits_by_key ON rate_hits(key, at)",
])

SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: str | os.PathLike, *, durable: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode; use ``transaction`` for anything that writes.

    ``durable=False`` is for counters only (rate limits): its commits are not synced to disk one
    by one, which would cost a disk flush per request; a crash may lose the last few.
    """
    conn = sqlite3.connect(os.fspath(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def is_busy(exc: BaseException) -> bool:
    """Whether an error means another writer held the lock for longer than the busy timeout."""
    return isinstance(exc, sqlite3.OperationalError) and any(
        phrase in str(exc) for phrase in ("database is locked", "database is busy", "database table is locked"))


def truncate_wal(conn: sqlite3.Connection) -> bool:
    """Copy the write-ahead log into the database and cut it to zero bytes, so that no old copy of
    a purged page stays in the ``-wal`` file. A reader in the middle of a query can hold the log
    back for a moment; this waits for about two seconds in all and says whether it got through."""
    conn.execute(f"PRAGMA busy_timeout = {WAL_TRUNCATE_WAIT_MS}")  # not the writers' 15 s per try
    try:
        for _ in range(WAL_TRUNCATE_ATTEMPTS):
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return True
            time.sleep(0.05)
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file up to ``SCHEMA_VERSION``; safe to run from several processes at once."""
    with transaction(conn):
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise RuntimeError(f"database schema version {current} is newer than this "
                               f"postlint ({SCHEMA_VERSION}); upgrade postlint")
        for version in range(current, SCHEMA_VERSION):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return SCHEMA_VERSION


def prepare(path: str | os.PathLike) -> Path:
    """Create the folder and file (readable by the owner only) and migrate the schema."""
    path = Path(path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = connect(path)
    try:
        migrate(conn)
    finally:
        conn.close()
    return path


@contextlib.contextmanager
def opened(path: str | os.PathLike):
    """A migrated connection for command-line use, closed on exit."""
    conn = connect(prepare(path))
    try:
        yield conn
    finally:
        conn.close()
