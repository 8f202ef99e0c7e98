"""``postlint backup`` and ``postlint restore``: a consistent copy of a live database, and a
restore that checks what it is given and never overwrites data unasked. The tests of SQLite's
file are marked so; PostgreSQL's own archive tests are in ``test_backup_postgres.py``."""
from __future__ import annotations

import sqlite3
import subprocess

import pytest

from api import backup, db, review_store, tokens
from tests.support.live_server import live_server, postlint_command
from tests.support.write_load import submissions_around

from test_migration_v2 import _version_one_file


def _postlint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*postlint_command(), *args], capture_output=True, text=True, timeout=120)


def _review_ids(database) -> set[str]:
    conn = db.connect(database)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM reviews")}
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_a_backup_holds_what_is_still_in_the_write_ahead_log(app, submit, make_token, tmp_path):
    made = [submit("olivia")["id"] for _ in range(3)]
    # A reader left open keeps SQLite from folding the log into the file, as a busy service does.
    holder = db.connect(app.config["DATABASE"])
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM reviews").fetchone()
    try:
        plain_copy = tmp_path / "cp.db"
        plain_copy.write_bytes((tmp_path / "api.db").read_bytes())
        assert not _review_ids(plain_copy) >= set(made)  # what `cp` gets: the reviews are missing
        found = backup.backup(app.config["DATABASE"], tmp_path / "b.db")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _review_ids(tmp_path / "b.db") == set(made)
    assert found["reviews"] == 3 and found["tokens"] == 6 and found["schema_version"] == db.SCHEMA_VERSION
    # One self-contained, private file: no -wal beside it, readable by the owner only.
    assert not (tmp_path / "b.db-wal").exists()
    assert (tmp_path / "b.db").stat().st_mode & 0o077 == 0


@pytest.mark.sqlite_only
def test_a_backup_into_a_folder_is_dated_and_never_overwrites(app, submit, tmp_path):
    submit("olivia")
    folder = tmp_path / "backups"
    folder.mkdir()
    first = backup.backup(app.config["DATABASE"], folder)["path"]
    assert first.startswith(str(folder / "postlint-")) and first.endswith("Z.db")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(app.config["DATABASE"], first)
    assert [p.name for p in folder.iterdir()] == [first.rsplit("/", 1)[1]]  # no partial file left


def test_backing_up_a_database_that_does_not_exist_creates_nothing(tmp_path):
    with pytest.raises(backup.BackupError, match="no such database"):
        backup.backup(tmp_path / "typo.db", tmp_path / "out.db")
    assert list(tmp_path.iterdir()) == []


def test_a_backup_under_write_load_restores_every_review_acknowledged_before_it_began(tmp_path):
    with live_server(tmp_path, env={"POSTLINT_MAX_PENDING": "off", "POSTLINT_RATE_LIMIT": "off"}) as server:
        before, after, done = submissions_around(
            server, lambda: _postlint("backup", str(tmp_path / "under-load.db"), "--db", str(server.db_path)))
        assert done.returncode == 0, done.stderr
        assert len(before) >= 40 and after

    restored = tmp_path / "restored" / "postlint.db"
    answer = _postlint("restore", str(tmp_path / "under-load.db"), "--db", str(restored))
    assert answer.returncode == 0, answer.stderr
    with db.opened(restored) as conn:
        kept = {row[0] for row in conn.execute("SELECT id FROM reviews")}
        assert before <= kept
        assert not after & kept  # a snapshot, not a copy that kept growing
        # Each restored review comes with its audit entry: the copy is of one moment.
        assert conn.execute("SELECT count(*) FROM reviews r WHERE NOT EXISTS "
                            "(SELECT 1 FROM audit a WHERE a.review_id = r.id AND a.action = 'submitted')"
                            ).fetchone()[0] == 0
        assert review_store.get(conn, next(iter(before)))["status"] == "pending"


def _not_postlint(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.commit()
    conn.close()


def _damaged(path, good):
    data = bytearray(good.read_bytes())
    for offset in range(4096 + 100, len(data), 997):  # past the header: every page but the first
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.sqlite_only
@pytest.mark.parametrize("make, message", [
    (lambda path, good: path.write_text("reviews,tokens\n"), "not an SQLite database"),
    (lambda path, good: _not_postlint(path), "not a postlint database"),
    (_damaged, "damaged|not an SQLite database"),
])
def test_restore_refuses_what_is_not_a_good_postlint_backup(app, submit, tmp_path, make, message):
    submit("olivia")
    good = tmp_path / "good.db"
    backup.backup(app.config["DATABASE"], good)
    bad = tmp_path / "bad.db"
    make(bad, good)
    target = tmp_path / "new" / "postlint.db"
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(bad, target)
    assert not target.exists()


@pytest.mark.sqlite_only
def test_restore_refuses_a_backup_from_a_newer_postlint(app, tmp_path):
    newer = tmp_path / "newer.db"
    backup.backup(app.config["DATABASE"], newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = 'v999'")
    conn.commit()
    conn.close()
    with pytest.raises(backup.BackupError, match="newer than this postlint"):
        backup.restore(newer, tmp_path / "target.db")


def test_restore_never_replaces_data_without_replace_and_keeps_what_it_replaced(app, submit, as_person, tmp_path,
                                                                                  capsys, backend):
    from linter.cli import build_parser
    first = submit("olivia")["id"]
    saved = tmp_path / ("saved.db" if backend == "sqlite" else "saved.dump")
    backup.backup(app.config["DATABASE"], saved)
    second = submit("oscar")["id"]

    args = build_parser().parse_args(["restore", str(saved), "--db", app.config["DATABASE"]])
    assert args.func(args) == 1
    assert "already holds data" in capsys.readouterr().err
    assert _review_ids(app.config["DATABASE"]) == {first, second}

    args = build_parser().parse_args(["restore", str(saved), "--db", app.config["DATABASE"], "--replace"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "1 review(s)" in out
    # What it replaced is backed up first: beside the file, or beside the archive for a server.
    previous = next(tmp_path.glob("api.db.before-restore-*" if backend == "sqlite" else
                                  "postlint-before-restore-*.dump"))
    assert str(previous) in out
    # The app still running on that database sees the restored data on its next request.
    assert _review_ids(app.config["DATABASE"]) == {first}
    listing = as_person("rita").get("/v1/reviews?status=pending")
    assert [review["id"] for review in listing.json["reviews"]] == [first]
    # And what it replaced restores in turn.
    assert backup.restore(previous, app.config["DATABASE"], replace=True)["reviews"] == 2
    assert _review_ids(app.config["DATABASE"]) == {first, second}


def test_restoring_a_backup_from_an_older_postlint_migrates_it(tmp_path):
    old = tmp_path / "v1.db"
    _version_one_file(old)
    done = backup.restore(old, tmp_path / "now.db")
    assert done["schema_version"] == db.SCHEMA_VERSION and done["previous"] is None
    with db.opened(tmp_path / "now.db") as conn:
        assert db.schema_version(conn) == db.SCHEMA_VERSION
        assert review_store.get(conn, "rv_old")["status"] == "approved"


def test_the_commands_take_paths_relative_to_the_current_folder(tmp_path, monkeypatch, capsys):
    from linter.cli import build_parser
    monkeypatch.chdir(tmp_path)
    with db.opened("live.db") as conn:
        tokens.create(conn, "officer", "olivia")
    for argv in (["backup", "copy.db", "--db", "live.db"], ["restore", "copy.db", "--db", "other.db"]):
        args = build_parser().parse_args(argv)
        assert args.func(args) == 0, capsys.readouterr().err
    assert "1 token(s)" in capsys.readouterr().out


@pytest.mark.sqlite_only
def test_a_folder_that_does_not_exist_is_not_taken_for_a_file_name(app, tmp_path):
    with pytest.raises(backup.BackupError, match="no such folder"):
        backup.backup(app.config["DATABASE"], f"{tmp_path}/backups/")
    assert not (tmp_path / "backups").exists()
