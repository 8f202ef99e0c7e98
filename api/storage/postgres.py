"""PostgreSQL connections that the storage code can use exactly as it uses SQLite's.

Every query in postlint is written once, with ``?`` placeholders, and reads rows by column
name or position. A ``PostgresConnection`` takes the same calls: it rewrites the placeholders
for psycopg (once per distinct statement), and its rows index by name and by position as
``sqlite3.Row`` does. It runs in autocommit mode like the SQLite connections, so a statement
outside ``db.transaction`` sees the latest commit of every instance sharing the database.

Writers serialise on one advisory lock (``db.transaction``), as SQLite's writers do on its
file lock: a check-then-write (the pending limit, a decision, an idempotent retry) needs no
retry loop, and a write holds the lock for about a millisecond, which several API instances
share easily.
"""
from __future__ import annotations

import functools
import zlib

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

CONNECT_TIMEOUT_SECONDS = 10  # a server that never answers is an error, not a hang
SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_url(address) -> bool:
    return isinstance(address, str) and address.startswith(SCHEMES)


def libpq_url(address: str) -> str:
    """The URL as libpq reads it (SQLAlchemy's driver suffix removed)."""
    return "postgresql://" + address.split("://", 1)[1]


def sqlalchemy_url(address: str) -> str:
    return "postgresql+psycopg://" + address.split("://", 1)[1]


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s``; a literal ``%`` doubled. Quoted text is left alone."""
    out, quote = [], None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
            out.append("%%" if char == "%" else char)
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type:
    index = {name: position for position, name in enumerate(names)}

    class Row(tuple):
        """A result row: ``row["status"]``, ``row[0]``, ``tuple(row)`` and ``dict(row)``."""
        __slots__ = ()

        def __getitem__(self, key):
            if isinstance(key, str):
                return tuple.__getitem__(self, index[key])
            return tuple.__getitem__(self, key)

        def keys(self):
            return list(names)

    return Row


def _row_factory(cursor):
    if cursor.description is None:
        return tuple
    row_class = _row_class(tuple(column.name for column in cursor.description))
    return lambda values: row_class(values)


class PostgresConnection:
    """One psycopg connection with the calls the storage code makes on an SQLite one."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw

    def execute(self, sql: str, params=()):
        cursor = self.raw.cursor()
        if params:
            cursor.execute(translate(sql), tuple(params))
        else:  # no placeholders: psycopg sends the text as it is, a % included
            cursor.execute(sql)
        return cursor

    def executemany(self, sql: str, rows):
        cursor = self.raw.cursor()
        cursor.executemany(translate(sql), [tuple(row) for row in rows])
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR)

    @property
    def usable(self) -> bool:
        return not (self.raw.closed or self.raw.broken)

    def close(self) -> None:
        self.raw.close()


def connect(address: str, *, durable: bool = True, lock_timeout_seconds: float = 15.0) -> PostgresConnection:
    """A writer waits ``lock_timeout_seconds`` for a lock (SQLite's busy timeout), then fails with
    an error ``is_busy`` recognises. ``durable=False`` (the rate-limit counters) commits without
    waiting for the server's disk flush, as SQLite's counters do without ``synchronous=FULL``."""
    options = f"-c lock_timeout={int(lock_timeout_seconds * 1000)} -c TimeZone=UTC"
    if not durable:
        options += " -c synchronous_commit=off"
    raw = psycopg.connect(libpq_url(address), autocommit=True, row_factory=_row_factory, options=options,
                          connect_timeout=CONNECT_TIMEOUT_SECONDS)
    return PostgresConnection(raw)


def lock_key(scope: str) -> int:
    """A stable 64-bit advisory-lock key for a scope name."""
    return zlib.crc32(f"postlint:{scope}".encode())


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, (pg_errors.LockNotAvailable, pg_errors.QueryCanceled))


def is_unavailable(exc: BaseException) -> bool:
    """A connection that failed or was cut (server restart, fail-over, network), not a bad query."""
    return isinstance(exc, psycopg.OperationalError) and not is_busy(exc)


Error = psycopg.Error
IntegrityError = psycopg.IntegrityError
OperationalError = psycopg.OperationalError
