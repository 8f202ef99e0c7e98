"""Purged text must leave the database's files: SQLite's file and its write-ahead log, PostgreSQL's
table files (issue 14, item 3); and a large purge must not block writers or turn a busy database
into a 500 (item 4)."""
from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
import uuid
from pathlib import Path

import requests

from api import db, review_store
from tests.support.live_server import live_server, postlint_command

SENTINEL = "QUILLFEATHER-7d2a"


def raw_bytes(database: Path) -> bytes:
    """What is on disk for this database: the main file and its write-ahead log, as bytes."""
    found = b""
    for suffix in ("", "-wal"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            found += path.read_bytes()
    return found


def stored_bytes(app, backend, request) -> bytes:
    """What this test's database holds on disk: SQLite's file and log, or the PostgreSQL files of
    the tables a purge takes text out of, once the server has written its buffers out."""
    if backend == "sqlite":
        return raw_bytes(Path(app.config["DATABASE"]))
    cluster, _ = request.getfixturevalue("postgres_cluster")
    conn = db.connect(app.config["DATABASE"])
    conn.execute("CHECKPOINT")
    conn.close()
    return b"".join(path.read_bytes() for table in db.PURGED_TABLES
                    for path in cluster.data_files(app.config["DATABASE"], table) if path.exists())


def sentinel_post():
    return {"text": f"Officers have arrested Callum {SENTINEL}, 31, on suspicion of affray in Whitby."}


def test_every_connection_sets_secure_delete(tmp_path):  # SQLite's; PostgreSQL rewrites the tables
    conn = db.connect(db.prepare(tmp_path / "x.db"))
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    conn.close()


def test_purged_text_and_notes_are_gone_from_the_database_files(app, conn, as_person, backend, request):
    created = as_person("olivia").post("/v1/reviews", json={"post": sentinel_post(), "note": f"note {SENTINEL}"})
    assert created.status_code == 201
    decided = as_person("rita").post(created.json["link"] + "/decision",
                                     json={"decision": "reject", "note": f"reason {SENTINEL}"})
    assert decided.status_code == 200
    # Draft, excerpt and both notes are there (compressed, on PostgreSQL, once it is long enough).
    assert stored_bytes(app, backend, request).count(SENTINEL.encode()) >= (3 if backend == "sqlite" else 1)
    counts = review_store.purge(conn, retention_days=0, pending_expiry_days=None)
    assert counts["purged"] == 1
    assert SENTINEL.encode() not in stored_bytes(app, backend, request)
    if backend == "sqlite":
        assert Path(f"{app.config['DATABASE']}-wal").stat().st_size == 0


def test_purged_text_is_gone_while_the_server_runs_and_after_kill_9(tmp_path):
    with live_server(tmp_path) as server:
        officer, reviewer = server.make_token("officer", "wal-officer"), server.make_token("reviewer", "wal-rita")
        created = requests.post(server.base_url + "/v1/reviews", timeout=30,
                                headers={"Authorization": f"Bearer {officer}"},
                                json={"post": sentinel_post(), "note": f"note {SENTINEL}"}).json()
        assert requests.post(server.base_url + created["link"] + "/decision", timeout=30,
                             headers={"Authorization": f"Bearer {reviewer}"},
                             json={"decision": "approve", "note": f"reason {SENTINEL}"}).status_code == 200
        assert SENTINEL.encode() in raw_bytes(server.db_path)
        purged = subprocess.run([*postlint_command(), "purge", "--days", "0", "--db", str(server.db_path)],
                                capture_output=True, text=True, timeout=60, env=server.env)
        assert purged.returncode == 0, purged.stderr
        assert SENTINEL.encode() not in raw_bytes(server.db_path)  # the server is still running
        server.kill()
        assert SENTINEL.encode() not in raw_bytes(server.db_path)
        server.start()  # and recovery after the kill brings nothing back
        assert requests.get(server.base_url + created["link"], timeout=30,
                            headers={"Authorization": f"Bearer {reviewer}"}).json()["post"] is None
        assert SENTINEL.encode() not in raw_bytes(server.db_path)


def test_a_writer_that_waits_past_the_busy_timeout_gets_503_with_retry_after(app, as_person, monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.2)
    as_person("olivia").get("/v1/profiles")  # this thread's connection already exists: reopen it
    app.extensions["postlint.db"].discard()
    holder = db.connect(app.config["DATABASE"])
    try:
        with db.transaction(holder):  # a long purge, a backup, another process
            answer = as_person("olivia").post("/v1/reviews", json={"post": sentinel_post()})
        assert answer.status_code == 503
        assert answer.json["error"]["code"] == "busy"
        assert int(answer.headers["Retry-After"]) >= 1
    finally:
        holder.close()
    assert as_person("olivia").post("/v1/reviews", json={"post": sentinel_post()}).status_code == 201


def _many_old_decided_reviews(database: str, count: int) -> None:
    old = "2020-01-01T00:00:00Z"
    findings = '[{"rule":"arrest.named-suspect","category":"arrest-name","severity":"block","message":"m",' \
               '"policy":[],"attachment":null,"excerpt":"Callum Pexton","start":1,"end":2}]'
    rows = [(f"rv_{uuid.uuid4().hex}", "approved", uuid.uuid4().hex, "uk-police", "0", "block", '["arrest-name"]',
             "0" * 64, '{"text":"Callum Pexton was arrested in Whitby and is in custody."}', findings,
             "olivia", "officer", old, "rita", "reviewer", old) for _ in range(count)]
    conn = db.connect(database)
    with db.transaction(conn):
        conn.executemany(
            "INSERT INTO reviews (id, status, post_key, profile, rules_version, verdict, categories, text_sha256, "
            "post_json, findings_json, submitted_by, submitted_role, submitted_at, decided_by, decided_role, "
            "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()


def test_submissions_go_through_while_a_large_purge_runs(app, as_person, monkeypatch):
    count = 30_000
    _many_old_decided_reviews(app.config["DATABASE"], count)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.5)
    app.extensions["postlint.db"].discard()
    result = {}

    def purge():
        purger = db.connect(app.config["DATABASE"])
        try:
            result.update(review_store.purge(purger, retention_days=30, pending_expiry_days=None))
        finally:
            purger.close()
    thread = threading.Thread(target=purge)
    thread.start()
    answers, waits = [], []
    try:
        time.sleep(0.05)
        while thread.is_alive() and len(answers) < 20:
            started = time.monotonic()
            answers.append(as_person("olivia").post("/v1/reviews", json={"post": sentinel_post()}).status_code)
            waits.append(time.monotonic() - started)
            time.sleep(0.02)
    finally:
        thread.join(120)
    assert result["purged"] == count
    assert len(answers) >= 3, "the purge ended before the submissions could race it"
    assert set(answers) == {201}, answers
    assert max(waits) < 0.5, waits


def test_the_purge_still_finishes_everything_in_batches(conn, as_person, submit):
    reviews = [submit("olivia") for _ in range(7)]
    for review in reviews:
        assert as_person("rita").post(review["link"] + "/decision",
                                      json={"decision": "approve", "note": "ok"}).status_code == 200
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)
    assert review_store.purge(conn, retention_days=30, pending_expiry_days=None, now=later, batch_size=3) == {
        "purged": 7, "expired": 0}
    assert conn.execute("SELECT count(*) FROM reviews WHERE post_json IS NOT NULL").fetchone()[0] == 0
