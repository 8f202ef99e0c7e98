"""The database: an SQLite file by default, or a PostgreSQL server for deployments that
outgrow one machine. Every caller passes an *address*, a file path or a ``postgresql://`` URL,
and gets a connection that takes the same SQL (``?`` placeholders) and gives the same rows.

SQLite: WAL with ``synchronous=FULL`` makes every committed write durable before the API
answers, so a review acknowledged with 201 survives the process being killed. Writers take the
lock up front (``BEGIN IMMEDIATE``) so two requests racing for the same review serialise
instead of failing half way. ``secure_delete`` is set on every connection rather than left to
how SQLite was built: purged draft text is overwritten with zeros in the file, not merely
marked free. The write-ahead log still holds old copies of every page it has seen, so
``after_purge`` empties it.

PostgreSQL: the same guarantees from the server (every commit is durable before it returns,
``synchronous_commit`` left on) and from one advisory lock that writers take at the start of a
transaction, as SQLite's take the file lock (``storage/postgres.py``). After a purge the tables
holding draft text are rewritten (``VACUUM FULL``), so no dead copy of a purged row stays in
them; the server's write-ahead log and any base backups or WAL archive still hold old copies
until they are recycled or expire, which the README says.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from .storage import postgres, schema
from .storage.schema import HEAD as SCHEMA_VERSION, SchemaTooNew  # noqa: F401 (callers catch db.SchemaTooNew)

BUSY_TIMEOUT_SECONDS = 15.0
WAL_TRUNCATE_ATTEMPTS = 10
WAL_TRUNCATE_WAIT_MS = 150
WRITES = "writes"  # the lock every ordinary write transaction takes

# What callers catch, whichever backend raised it.
Error = (sqlite3.Error, postgres.Error)
IntegrityError = (sqlite3.IntegrityError, postgres.IntegrityError)
OperationalError = (sqlite3.OperationalError, postgres.OperationalError)


class SqliteConnection(sqlite3.Connection):
    dialect = "sqlite"

    @property
    def usable(self) -> bool:
        return True


def error_text(exc: BaseException) -> str:
    """A database error as one line for a person: its message's first line, or its kind."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def is_server(address) -> bool:
    """Whether an address names a PostgreSQL server rather than an SQLite file."""
    return postgres.is_url(address)


def address_of(settings: dict) -> str:
    """The database the settings name: ``DATABASE_URL`` if set, else the ``DATABASE`` file."""
    return settings.get("DATABASE_URL") or settings["DATABASE"]



def connect(address, *, durable: bool = True):
    """A connection in autocommit mode; use ``transaction`` for anything that writes.

    ``durable=False`` is for counters only (rate limits): on SQLite its commits are not synced
    to disk one by one, which would cost a disk flush per request; a crash may lose the last few.
    """
    if is_server(address):
        return postgres.connect(address, durable=durable, lock_timeout_seconds=BUSY_TIMEOUT_SECONDS)
    conn = sqlite3.connect(os.fspath(address), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                           factory=SqliteConnection)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def is_busy(exc: BaseException) -> bool:
    """Whether an error means another writer held the lock for longer than the busy timeout."""
    if postgres.is_busy(exc):
        return True
    return isinstance(exc, sqlite3.OperationalError) and any(
        phrase in str(exc) for phrase in ("database is locked", "database is busy", "database table is locked"))


def is_unavailable(exc: BaseException) -> bool:
    """Whether an error means the database server could not be reached or dropped the connection."""
    return postgres.is_unavailable(exc)


def truncate_wal(conn) -> bool:
    """Copy SQLite's write-ahead log into the database and cut it to zero bytes, so that no old
    copy of a purged page stays in the ``-wal`` file. A reader in the middle of a query can hold
    the log back for a moment; this waits for about two seconds in all and says whether it got
    through."""
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


# The tables a purge takes text out of.
PURGED_TABLES = ("reviews", "callbacks")


def after_purge(conn) -> bool:
    """Leave no old copy of purged text where the backend keeps them; says whether it got through.

    SQLite: the write-ahead log is emptied (``truncate_wal``). PostgreSQL keeps an updated row's
    old version in the table until it is vacuumed, and a plain VACUUM only marks its space
    free, so the purged tables are rewritten without their dead rows. This holds a brief
    exclusive lock on each table, which is why purges run in batches and this once at the end.
    """
    if conn.dialect == "sqlite":
        return truncate_wal(conn)
    try:
        for table in PURGED_TABLES:
            conn.execute(f"VACUUM (FULL) {table}")
    except postgres.Error as exc:
        if not postgres.is_busy(exc):  # a long reader held the table past the lock timeout
            raise
        return False
    return True


@contextlib.contextmanager
def transaction(conn, scope: str = WRITES):
    """A write transaction. Writers wait for each other from its start: SQLite takes the file's
    write lock, PostgreSQL an advisory lock on ``scope`` (every ordinary write shares one; the
    rate-limit counters take one per key, as they touch nothing else)."""
    if conn.dialect == "sqlite":
        conn.execute("BEGIN IMMEDIATE")
    else:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (postgres.lock_key(scope),))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn) -> str | None:
    """The Alembic revision the database is at."""
    return schema.current(conn)


def migrate(address) -> str:
    """Bring the database up to ``SCHEMA_VERSION``; safe to run from several processes at once."""
    return schema.upgrade(address)


def prepare(address):
    """Make the database ready: for a file, create its folder and the file itself (readable by
    the owner only); migrate the schema. Returns the address (a file's resolved path)."""
    if not is_server(address):
        address = Path(address).expanduser().resolve()
        address.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not address.exists():
            os.close(os.open(address, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = connect(address)
    try:
        current = schema.current(conn) == SCHEMA_VERSION  # one query, and Alembic stays unloaded
    finally:
        conn.close()
    if not current:
        migrate(address)
    return address


@contextlib.contextmanager
def opened(address):
    """A migrated connection for command-line use, closed on exit."""
    conn = connect(prepare(address))
    try:
        yield conn
    finally:
        conn.close()
