"""The SQLite file: durability settings, migrations, append-only audit and the retention purge."""
from __future__ import annotations

import datetime as dt
import sqlite3
import stat

import pytest

from api import db, review_store
from api_samples import ARREST_POST

DAY = dt.timedelta(days=1)


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


def test_migrating_again_changes_nothing(app, submit):
    review = submit("olivia")
    conn = db.connect(app.config["DATABASE"])
    assert db.migrate(conn) == db.SCHEMA_VERSION
    assert review_store.get(conn, review["id"])["status"] == "pending"
    conn.close()


def test_a_newer_schema_is_refused(tmp_path):
    conn = db.connect(db.prepare(tmp_path / "x.db"))
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        db.migrate(conn)
    conn.close()


def test_audit_log_is_append_only(conn, submit):
    submit("olivia")
    for statement in ("UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 1


def test_reviews_are_never_deleted_and_decisions_are_final(conn, as_person, submit):
    review = submit("olivia")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM reviews")
    as_person("rita").post(f"{review['link']}/decision", json={"decision": "approve", "note": "ok"})
    with pytest.raises(sqlite3.IntegrityError, match="cannot change status"):
        conn.execute("UPDATE reviews SET status = 'pending'")


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


def test_a_database_url_is_refused_not_ignored(make_app, tmp_path, capsys, monkeypatch):
    """No PostgreSQL backend yet: a service told to use one must not quietly write a local file."""
    from api import config
    from linter.cli import build_parser
    with pytest.raises(config.ConfigError, match="POSTLINT_DATABASE_URL: this postlint has no PostgreSQL"):
        make_app(DATABASE_URL="postgresql://postlint@db.example/postlint")
    monkeypatch.setenv("POSTLINT_DATABASE_URL", "postgresql://postlint@db.example/postlint")
    args = build_parser().parse_args(["token", "list", "--db", str(tmp_path / "x.db")])
    assert args.func(args) == 2
    assert "no PostgreSQL backend" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
