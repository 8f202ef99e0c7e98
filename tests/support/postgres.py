"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a server on a
free loopback port, one fresh database per test copied from a migrated template.

PostgreSQL refuses to run as root, so as root the cluster belongs to the ``postgres`` user
Debian's package creates. For the tests durability settings are relaxed (``fsync=off``): they
kill postlint's processes, never the database server.
"""
from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postlint"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self, bin_dir: Path, *, durable: bool = False):
        self.bin_dir = bin_dir
        self.durable = durable  # the benchmark measures PostgreSQL as deployed, flushes included
        self.folder = Path(tempfile.mkdtemp(prefix="postlint-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.owner = None
        if os.geteuid() == 0:
            self.owner = pwd.getpwnam("postgres")
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        self._names = itertools.count(1)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.owner else []
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> "Cluster":
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -k {self.folder} -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def template(self) -> str:
        """A database migrated to postlint's schema, to copy for each test."""
        from api import db
        self.admin("CREATE DATABASE postlint_template")
        db.prepare(self.url("postlint_template"))
        return "postlint_template"

    def fresh_database(self, template: str) -> str:
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        return self.url(name)

    def drop(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def data_files(self, url: str, table: str) -> list[Path]:
        """The files holding a table and its TOAST table, for tests that look at the bytes."""
        import psycopg
        with psycopg.connect(url, autocommit=True) as conn:
            paths = conn.execute(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.relname = %s "
                "UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c "
                "WHERE c.relname = %s AND c.reltoastrelid <> 0", (table, table)).fetchall()
        return [self.data / path for (path,) in paths if path]

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
