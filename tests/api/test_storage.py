"""Storage on both backends: durability settings, migrations, the append-only audit and the
retention purge."""
from __future__ import annotations

import datetime as dt
import stat

import pytest

from api import db, review_store
from api.storage import schema
from api_samples import ARREST_POST

DAY = dt.timedelta(days=1)


@pytest.mark.sqlite_only
def test_wal_and_full_sync(conn):
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_file_and_folder_are_created_private_and_migrated(tmp_path):
    path = db.prepare(tmp_path / "fresh" / "sub" / "postlint.db")
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = db.connect(path)
    assert db.schema_version(conn) == db.SCHEMA_VERSION
    conn.close()


@pytest.mark.postgresql_only
def test_postgresql_commits_wait_for_the_disk_except_the_counters(database):
    db.prepare(database)
    durable, counters = db.connect(database), db.connect(database, durable=False)
    assert durable.execute("SHOW synchronous_commit").fetchone()[0] == "on"
    assert counters.execute("SHOW synchronous_commit").fetchone()[0] == "off"
    durable.close()
    counters.close()


def test_the_schema_head_is_the_newest_revision_in_the_folder():
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_FOLDER))
    assert ScriptDirectory.from_config(config).get_current_head() == db.SCHEMA_VERSION


def test_migrating_again_changes_nothing(app, submit):
    review = submit("olivia")
    assert db.migrate(app.config["DATABASE"]) == db.SCHEMA_VERSION
    conn = db.connect(app.config["DATABASE"])
    assert db.schema_version(conn) == db.SCHEMA_VERSION
    assert review_store.get(conn, review["id"])["status"] == "pending"
    conn.close()


def test_a_newer_schema_is_refused(app, make_app):
    conn = db.connect(app.config["DATABASE"])
    conn.execute("UPDATE alembic_version SET version_num = 'v999'")
    conn.close()
    with pytest.raises(db.SchemaTooNew, match="newer than this postlint"):
        db.migrate(app.config["DATABASE"])
    with pytest.raises(db.SchemaTooNew):
        make_app()


def test_audit_log_is_append_only(conn, submit, backend):
    submit("olivia")
    statements = ["UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"]
    if backend == "postgresql":
        statements.append("TRUNCATE audit")
    for statement in statements:
        with pytest.raises(db.IntegrityError, match="append-only"):
            conn.execute(statement)
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 1


def test_reviews_are_never_deleted_and_decisions_are_final(conn, as_person, submit):
    review = submit("olivia")
    with pytest.raises(db.IntegrityError, match="never deleted"):
        conn.execute("DELETE FROM reviews")
    as_person("rita").post(f"{review['link']}/decision", json={"decision": "approve", "note": "ok"})
    with pytest.raises(db.IntegrityError, match="cannot change status"):
        conn.execute("UPDATE reviews SET status = 'pending'")
    assert review_store.get(conn, review["id"])["status"] == "approved"


def _decide(as_person, review, decision="approve"):
    response = as_person("rita").post(f"{review['link']}/decision",
                                      json={"decision": decision, "note": "Reviewer note SENTINEL-B"})
    assert response.status_code == 200


def test_purge_removes_text_after_retention_and_keeps_audit(conn, as_person, submit):
    old = submit("olivia", note="Submitter note SENTINEL-A")
    recent = submit("oscar", note="Recent note")
    pending = submit("olivia")
    _decide(as_person, old)
    _decide(as_person, recent, "reject")
    audit_before = as_person("adam").get(f"{old['link']}/audit").json["events"]

    # Thirty days and a bit after "old" was decided; "recent" is decided later in the same test,
    # so pretend the clock reads just under 30 days after it instead.
    decided_at = dt.datetime.fromisoformat(as_person("adam").get(old["link"]).json["decision"]["at"][:-1]
                                           ).replace(tzinfo=dt.timezone.utc)
    assert review_store.purge(conn, retention_days=30, pending_expiry_days=None,
                              now=decided_at + 30 * DAY - dt.timedelta(seconds=1)) == {"purged": 0, "expired": 0}
    counts = review_store.purge(conn, retention_days=30, pending_expiry_days=None, now=decided_at + 31 * DAY)
    assert counts["purged"] == 2 and counts["expired"] == 0

    purged = as_person("adam").get(old["link"]).json
    assert purged["post"] is None and purged["preview"] is None and purged["note"] is None
    assert purged["decision"]["note"] is None and purged["decision"]["by"] == "rita"
    assert purged["purged_at"] is not None
    assert purged["status"] == "approved" and purged["categories"] == ["arrest-name"]
    assert all("excerpt" not in f and "start" not in f for f in purged["findings"])
    assert [f["category"] for f in purged["findings"]] == ["arrest-name"]
    events = as_person("adam").get(f"{old['link']}/audit").json["events"]
    assert events[:len(audit_before)] == audit_before
    assert [e["action"] for e in events if e["actor"] == "postlint"] == ["purged"]
    assert as_person("adam").get(pending["link"]).json["post"]["text"] == ARREST_POST["text"]

    everything = "\n".join(str(tuple(r)) for table in ("reviews", "audit")
                           for r in conn.execute(f"SELECT * FROM {table}"))
    assert "SENTINEL" not in everything
    purged_rows = "\n".join(str(tuple(r)) for r in conn.execute("SELECT * FROM reviews WHERE purged_at IS NOT NULL"))
    audit_rows = "\n".join(str(tuple(r)) for r in conn.execute("SELECT * FROM audit"))
    # Only the pending draft still names the suspect (its text, excerpt and the finding's chain).
    assert "Callum Pexton" not in purged_rows and "Callum Pexton" not in audit_rows
    assert "Callum Pexton" in everything


def test_approval_outlives_the_purge(conn, as_person, submit):
    review = submit("olivia")
    _decide(as_person, review)
    review_store.purge(conn, retention_days=0, pending_expiry_days=None)
    assert as_person("olivia").post("/v1/lint", json=ARREST_POST).json["verdict"] == "approved"


def test_abandoned_pending_drafts_expire(conn, as_person, submit):
    review = submit("olivia")
    now = dt.datetime.now(dt.timezone.utc)
    assert review_store.purge(conn, retention_days=30, pending_expiry_days=90, now=now + 89 * DAY)["expired"] == 0
    assert review_store.purge(conn, retention_days=30, pending_expiry_days=90, now=now + 91 * DAY) == {
        "purged": 1, "expired": 1}
    body = as_person("rita").get(review["link"]).json
    assert body["status"] == "expired" and body["post"] is None
    response = as_person("rita").post(f"{review['link']}/decision", json={"decision": "approve", "note": "late"})
    assert response.status_code == 409


def test_purge_runs_at_start_up(make_app, as_person, submit, app):
    review = submit("olivia")
    _decide(as_person, review)
    make_app(RETENTION_DAYS=0)  # a restart with a retention of zero days
    assert as_person("rita").get(review["link"]).json["post"] is None


def test_purge_runs_lazily_while_serving(make_app, people, submit):
    lazy = make_app(RETENTION_DAYS=0, PURGE_INTERVAL_SECONDS=0).test_client()
    headers = {"Authorization": f"Bearer {people['rita']}"}
    review = submit("olivia")
    assert lazy.post(f"{review['link']}/decision", headers=headers,
                     json={"decision": "approve", "note": "ok"}).status_code == 200
    assert lazy.get(review["link"], headers=headers).json["post"] is None


def test_a_database_server_that_cannot_be_reached_is_said_clearly(tmp_path, capsys, monkeypatch):
    """Told to use a database server, postlint uses it or stops: it never writes a local file."""
    from linter.cli import build_parser
    unreachable = "postgresql://postlint@127.0.0.1:1/postlint"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POSTLINT_DATABASE_URL", unreachable)
    args = build_parser().parse_args(["token", "list"])
    assert args.func(args) == 1
    err = capsys.readouterr().err
    assert "database postgresql://postlint@127.0.0.1:1" in err and "cannot use the database" in err
    assert "Traceback" not in err
    assert not list(tmp_path.iterdir())


@pytest.mark.empty_database
def test_several_processes_starting_at_once_migrate_the_database_once(backend, database, tmp_path):
    import subprocess
    import sys
    script = "import sys; from api import db; db.prepare(sys.argv[1]); print('ready')"
    starting = [subprocess.Popen([sys.executable, "-c", script, database], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(4)]
    answers = [process.communicate(timeout=120) for process in starting]
    assert [process.returncode for process in starting] == [0] * 4, [err for _, err in answers]
    conn = db.connect(database)
    try:
        assert db.schema_version(conn) == db.SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
    finally:
        conn.close()
