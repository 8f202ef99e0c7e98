"""Backups of a PostgreSQL database with ``pg_dump``, and restoring one with ``pg_restore``.

A backup is one ``pg_dump`` archive (custom format) taken in a snapshot exported by a
repeatable-read transaction, so the review and token counts it reports are exactly what the
archive holds. As with a file backup, it is written under a temporary name, checked
(``pg_restore --list`` must read it, and it must hold postlint's tables) and only then renamed
into place.

A restore replaces the database's contents in one transaction (``--single-transaction``): it
either all lands or nothing changes. A database that holds data is first backed up beside the
archive being restored, as the SQLite restore does.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from . import postgres

POSTLINT_TABLES = ("reviews", "audit", "tokens")
DUMP_SUFFIX = ".dump"


class DumpError(RuntimeError):
    """Why a PostgreSQL backup or restore cannot go ahead; nothing was changed."""


def tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore`` on PATH, else the newest Debian installs."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if versions:
        return versions[-1]
    raise DumpError(f"{name} is not installed; on Debian: apt install postgresql-client")


def _run(command: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise DumpError(f"{Path(command[0]).name} failed: {lines[-1] if lines else 'no message'}")
    return done


def _counts(conn) -> dict:
    return {"reviews": conn.execute("SELECT count(*) FROM reviews").fetchone()[0],
            "tokens": conn.execute("SELECT count(*) FROM tokens").fetchone()[0]}


def describe(path: Path) -> dict:
    """What an archive holds, or DumpError saying why it is not a postlint backup."""
    if not path.is_file():
        raise DumpError(f"{path}: no such file")
    with open(path, "rb") as archive:
        if archive.read(5) != b"PGDMP":
            raise DumpError(f"{path}: not a pg_dump archive (a backup of an SQLite postlint restores only "
                            "into an SQLite file)")
    listing = _run([tool("pg_restore"), "--list", str(path)]).stdout
    tables = {line.split()[-2] for line in listing.splitlines() if " TABLE DATA " in line}
    missing = [name for name in (*POSTLINT_TABLES, "alembic_version") if name not in tables]
    if missing:
        raise DumpError(f"{path}: not a postlint backup (no {', '.join(missing)})")
    return {"path": str(path)}


def backup(url: str, destination: Path) -> dict:
    """Dump the database at ``url`` into a new archive ``destination``; what it holds."""
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    conn = postgres.connect(url)
    try:
        # The counts are read in the very snapshot pg_dump copies.
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _counts(conn)
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        _run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={partial}", postgres.libpq_url(url)])
        conn.execute("COMMIT")
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        describe(partial)
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    return {"path": str(destination), "schema_version": version, **counts}


def holds_data(url: str) -> bool:
    conn = postgres.connect(url)
    try:
        present = {row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        return any(conn.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone()
                   for name in ("reviews", "tokens", "accounts", "principals") if name in present)
    finally:
        conn.close()


def restore(source: Path, url: str) -> dict:
    """Make the database at ``url`` hold exactly what the archive ``source`` holds; the caller
    has checked it with ``describe`` (before backing up what it replaces)."""
    _run([tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={postgres.libpq_url(url)}", str(source)])
    conn = postgres.connect(url)
    try:
        return _counts(conn)
    finally:
        conn.close()
