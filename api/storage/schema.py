"""Bringing a database's schema up to date with Alembic, on either backend.

The revisions live in ``api/storage/migrations/versions``; a new table or column is a new
revision there (``alembic revision`` with ``script_location`` pointing at that folder writes
one), with SQL for both backends where theirs differ. The whole upgrade runs in one
transaction holding the writers' lock (SQLite's ``BEGIN IMMEDIATE``, an advisory lock on
PostgreSQL), so several processes starting at once migrate once and the others wait, then find
nothing to do. A database already at ``HEAD`` is recognised with one query, without loading
Alembic.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from . import postgres

MIGRATIONS_FOLDER = Path(__file__).with_name("migrations")
HEAD = "v6"  # the newest revision; tests/api/test_storage.py checks it against the folder


class SchemaTooNew(RuntimeError):
    pass


def current(conn) -> str | None:
    """The revision a database is at (None if Alembic has not run on it)."""
    if conn.dialect == "sqlite":
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                        ).fetchone() is None:
            return None
    elif conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _config(connection):
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory
    return {script.revision for script in ScriptDirectory.from_config(_config(None)).walk_revisions()}


def _engine(address):
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool
    if postgres.is_url(address):
        return create_engine(postgres.sqlalchemy_url(address), poolclass=NullPool)
    engine = create_engine(f"sqlite:///{address}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _plain_sqlite(dbapi_connection, _record):
        # SQLAlchemy's own recipe: let postlint say when a transaction begins, and take the
        # write lock at its start.
        dbapi_connection.isolation_level = None
        dbapi_connection.row_factory = sqlite3.Row
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _immediate(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade(address) -> str:
    """Migrate the database at ``address`` (a file path or a PostgreSQL URL) to ``HEAD``."""
    if not isinstance(address, (str, os.PathLike)):
        raise TypeError(f"migrate takes a file path or a PostgreSQL URL, not {type(address).__name__}")
    from alembic import command
    from alembic.util import CommandError
    engine = _engine(address)
    try:
        with engine.begin() as connection:
            if postgres.is_url(address):
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({postgres.lock_key('writes')})")
            try:
                command.upgrade(_config(connection), "head")
            except CommandError as exc:
                if "Can't locate revision" in str(exc):
                    raise SchemaTooNew(f"the database's schema is newer than this postlint's ({HEAD}); "
                                       "upgrade postlint") from None
                raise
    finally:
        engine.dispose()
    return HEAD
