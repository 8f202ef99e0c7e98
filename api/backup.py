"""Online backups of the database, and restoring one after checking it.

A PostgreSQL database is backed up with ``pg_dump`` and restored with ``pg_restore``
(``storage/pg_backup.py``); the rest of this module is about the SQLite file.

Copying the file with ``cp`` while the service runs loses whatever is still in the
write-ahead log (every recent review and token). A backup is made with SQLite's backup
API instead: one read transaction copies every page as of a single moment, WAL
included, while writers carry on. It is written beside its destination under a
temporary name and renamed into place only once it is whole and passes
``integrity_check``, so a backup that exists is a good one.

A restore checks the copy first (an SQLite file, intact, made by postlint, a schema this
postlint can read) and never touches the live file until then. Replacing a database that
holds data needs ``replace=True``, and the database being replaced is itself backed up
first. Pages are copied into the live file through the same backup API rather than by
swapping files, so a running service sees the restored data on its next query instead of
keeping a deleted file open.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from . import db
from .storage import pg_backup, schema

# Tables every postlint database has had since version 1.
POSTLINT_TABLES = ("reviews", "audit", "tokens")


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; nothing was changed. The message says why."""


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _open_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                           timeout=db.BUSY_TIMEOUT_SECONDS)
    conn.row_factory = sqlite3.Row
    return conn


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    """The whole of ``source`` as of one moment into a new private file ``target_path``."""
    os.close(os.open(target_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    target = sqlite3.connect(os.fspath(target_path), isolation_level=None)
    try:
        source.backup(target)  # every page in one step: one consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    finally:
        target.close()
    with open(target_path, "rb+") as written:
        os.fsync(written.fileno())


def describe(path: str | os.PathLike) -> dict:
    """What a file holds, or BackupError saying why it is not a usable postlint database."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        conn = _open_read_only(path)
        try:
            # A damaged file's messages can quote bytes that are not UTF-8.
            conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            # Alembic's revision; a file from before Alembic has only its legacy number.
            legacy = conn.execute("PRAGMA user_version").fetchone()[0]
            revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                        if "alembic_version" in tables else None)
            missing = [name for name in POSTLINT_TABLES if name not in tables]
            counts = {} if missing else {
                "reviews": conn.execute("SELECT count(*) FROM reviews").fetchone()[0],
                "tokens": conn.execute("SELECT count(*) FROM tokens").fetchone()[0]}
        finally:
            conn.close()
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise BackupError(f"{path}: not an SQLite database ({exc})") from None
    if problems != ["ok"]:
        raise BackupError(f"{path}: damaged, integrity check says: {'; '.join(problems[:3])}")
    if missing or (legacy < 1 and revision is None):
        raise BackupError(f"{path}: not a postlint database (no {', '.join(missing) or 'schema version'})")
    version = revision[0] if revision else f"v{legacy}"
    if revision and version != db.SCHEMA_VERSION and version not in schema.known_revisions():
        raise BackupError(f"{path}: schema version {version} is newer than this postlint's "
                          f"({db.SCHEMA_VERSION}); restore it with the postlint that made it")
    return {"path": str(path), "schema_version": version, **counts}


def _unused(path: Path) -> Path:
    """``path``, or ``path`` with a number added if a file of that name exists (two restores in
    one second)."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _destination(destination: str | os.PathLike, suffix: str) -> Path:
    """The new file a backup goes to: ``destination`` itself, or a dated file in that folder."""
    names_folder = str(destination).endswith(("/", os.sep))
    destination = Path(destination)
    if names_folder and not destination.is_dir():
        raise BackupError(f"{destination}: no such folder")
    if destination.is_dir():
        destination = destination / f"postlint-{_stamp()}{suffix}"
    if destination.exists():
        raise BackupError(f"{destination}: already exists; choose a new name or a folder")
    if not destination.parent.is_dir():
        raise BackupError(f"{destination.parent}: no such folder")
    return destination


def _server_backup(url: str, destination: str | os.PathLike) -> dict:
    try:
        return pg_backup.backup(url, _destination(destination, pg_backup.DUMP_SUFFIX))
    except (pg_backup.DumpError, *db.Error) as exc:
        raise BackupError(db.error_text(exc)) from None


def _server_restore(source: Path, url: str, *, replace: bool) -> dict:
    try:
        pg_backup.describe(source)
        previous = None
        if pg_backup.holds_data(url):
            if not replace:
                raise BackupError("the database already holds data; restoring would replace it. Stop the "
                                  "service, then run again with --replace (the current database is backed "
                                  "up first)")
            previous = _server_backup(url, _unused(source.with_name(
                f"postlint-before-restore-{_stamp()}{pg_backup.DUMP_SUFFIX}")))["path"]
        counts = pg_backup.restore(source, url)
        version = db.migrate(url)
    except (pg_backup.DumpError, *db.Error) as exc:
        raise BackupError(db.error_text(exc)) from None
    return {"path": str(source), **counts, "previous": previous, "schema_version": version}


def backup(database: str | os.PathLike, destination: str | os.PathLike) -> dict:
    """Copy the live ``database`` to ``destination`` (a new file, or a folder to put a dated
    one in) and check the copy; returns what it holds."""
    if db.is_server(database):
        return _server_backup(database, destination)
    database = Path(database)
    destination = _destination(destination, ".db")
    if not database.is_file():
        raise BackupError(f"{database}: no such database (is this the service's --db?)")
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        source = db.connect(database)
        try:
            _copy(source, partial)
        finally:
            source.close()
        found = describe(partial)
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return {**found, "path": str(destination)}


def _holds_data(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size == 0:
        return False
    with contextlib.closing(_open_read_only(path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return any(conn.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone()
                   for name in ("reviews", "tokens", "accounts", "principals") if name in tables)


def restore(source: str | os.PathLike, database: str | os.PathLike, *, replace: bool = False) -> dict:
    """Check ``source`` and make ``database`` a copy of it, migrated to this postlint's schema.

    A ``database`` that already holds reviews, tokens or accounts is replaced only with
    ``replace``; it is first backed up beside itself (``<name>.before-restore-<time>``), which
    the result names as ``previous``.
    """
    if db.is_server(database):
        return _server_restore(Path(source), database, replace=replace)
    source, database = Path(source), Path(database)
    found = describe(source)
    if source.resolve() == database.resolve():
        raise BackupError("the backup and the database are the same file")
    previous = None
    if _holds_data(database):
        if not replace:
            raise BackupError(f"{database} already holds data; restoring would replace it. "
                              "Stop the service, then run again with --replace (the current "
                              "database is backed up first)")
        previous = backup(database, _unused(database.with_name(f"{database.name}.before-restore-{_stamp()}")))["path"]
    database = db.prepare(database)  # the folder and a private file, if new
    with contextlib.closing(_open_read_only(source)) as reading, contextlib.closing(db.connect(database)) as target:
        reading.backup(target)
    db.migrate(database)
    return {**found, "path": str(database), "previous": previous, "schema_version": db.SCHEMA_VERSION}
