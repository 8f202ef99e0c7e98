"""``postlint backup`` and ``postlint restore`` on PostgreSQL: a ``pg_dump`` archive of one
moment, and a restore that checks what it is given and never overwrites data unasked."""
from __future__ import annotations

import subprocess

import pytest

from api import backup, db, review_store
from tests.support.live_server import live_server, postlint_command
from tests.support.write_load import submissions_around

pytestmark = pytest.mark.postgresql_only


def _postlint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*postlint_command(), *args], capture_output=True, text=True, timeout=120)


def _review_ids(url: str) -> set[str]:
    conn = db.connect(url)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM reviews")}
    finally:
        conn.close()


@pytest.fixture
def another_database(postgres_cluster):
    cluster, template = postgres_cluster
    url = cluster.fresh_database(template)
    yield url
    cluster.drop(url)


def test_a_backup_under_write_load_restores_every_review_acknowledged_before_it_began(
        database, another_database, tmp_path):
    db.prepare(database)
    env = {"POSTLINT_MAX_PENDING": "off", "POSTLINT_RATE_LIMIT": "off"}
    with live_server(tmp_path, env=env, database=database) as server:
        before, after, done = submissions_around(
            server, lambda: _postlint("backup", str(tmp_path / "under-load.dump"), "--db", database))
        assert done.returncode == 0, done.stderr
        assert len(before) >= 40 and after

    answer = _postlint("restore", str(tmp_path / "under-load.dump"), "--db", another_database)
    assert answer.returncode == 0, answer.stderr
    with db.opened(another_database) as conn:
        kept = {row[0] for row in conn.execute("SELECT id FROM reviews")}
        assert before <= kept
        assert not after & kept  # a snapshot, not a copy that kept growing
        assert conn.execute("SELECT count(*) FROM reviews r WHERE NOT EXISTS "
                            "(SELECT 1 FROM audit a WHERE a.review_id = r.id AND a.action = 'submitted')"
                            ).fetchone()[0] == 0
        assert review_store.get(conn, next(iter(before)))["status"] == "pending"
        # The guarantees came back with the tables.
        with pytest.raises(db.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit")


def test_the_backup_counts_what_the_archive_holds_and_names_no_password(app, submit, tmp_path):
    submit("olivia"), submit("oscar")
    args_database = app.config["DATABASE"].replace("postlint@", "postlint:hunter2@")
    done = _postlint("backup", str(tmp_path / "b.dump"), "--db", args_database)
    assert done.returncode == 0, done.stderr
    assert "2 review(s), 6 token(s)" in done.stdout and f"schema version {db.SCHEMA_VERSION}" in done.stdout
    assert "hunter2" not in done.stdout + done.stderr
    assert (tmp_path / "b.dump").stat().st_mode & 0o077 == 0


def test_a_backup_into_a_folder_is_dated_and_never_overwrites(app, submit, tmp_path):
    submit("olivia")
    folder = tmp_path / "backups"
    folder.mkdir()
    first = backup.backup(app.config["DATABASE"], folder)["path"]
    assert first.startswith(str(folder / "postlint-")) and first.endswith("Z.dump")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(app.config["DATABASE"], first)
    assert [p.name for p in folder.iterdir()] == [first.rsplit("/", 1)[1]]  # no partial file left


def test_restore_refuses_what_is_not_a_postlint_archive(app, submit, tmp_path, postgres_cluster):
    submit("olivia")
    cluster, _ = postgres_cluster
    sqlite_backup = tmp_path / "file.db"
    db.prepare(sqlite_backup)
    text_file = tmp_path / "notes.dump"
    text_file.write_text("reviews,tokens\n")
    cluster.admin("CREATE DATABASE not_postlint")
    try:
        other = cluster.url("not_postlint")
        conn = db.connect(other)
        conn.execute("CREATE TABLE notes (x TEXT)")
        conn.close()
        foreign = tmp_path / "foreign.dump"
        subprocess.run(["pg_dump", "--format=custom", f"--file={foreign}", other], check=True)
    finally:
        cluster.admin("DROP DATABASE not_postlint")
    before = _review_ids(app.config["DATABASE"])
    for archive, message in ((sqlite_backup, "not a pg_dump archive"), (text_file, "not a pg_dump archive"),
                             (foreign, "not a postlint backup")):
        with pytest.raises(backup.BackupError, match=message):
            backup.restore(archive, app.config["DATABASE"], replace=True)
    assert _review_ids(app.config["DATABASE"]) == before
    assert not list(tmp_path.glob("postlint-before-restore-*"))
