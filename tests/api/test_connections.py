"""Per-thread database connections: reused by a thread's requests, never shared between threads or
across a fork, and never a reason for a revoked token or a new decision to be missed."""
from __future__ import annotations

import os
import sqlite3
import threading

import pytest

from api import db, request_db, review_store, tokens
from api_samples import ARREST_POST


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _counting_connect(monkeypatch) -> list:
    opened = []
    real = request_db.connect

    def counting(path, durable=True):
        conn = real(path, durable=durable)
        if durable:  # the rate-limit counters have a connection of their own
            opened.append((threading.get_ident(), conn))
        return conn
    monkeypatch.setattr(request_db, "connect", counting)
    return opened


def test_a_thread_opens_one_connection_for_all_its_requests(app, client, people, monkeypatch):
    opened = _counting_connect(monkeypatch)
    for _ in range(5):
        assert client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["sched"])).status_code == 200
    assert len(opened) == 1
    assert app.extensions["postlint.db"].current() is opened[0][1]


def test_threads_never_share_a_connection(app, people, monkeypatch):
    opened = _counting_connect(monkeypatch)
    seen, statuses = {}, []
    barrier = threading.Barrier(4)

    def work():
        client = app.test_client()
        barrier.wait()
        for _ in range(3):
            statuses.append(client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["sched"])).status_code)
            seen.setdefault(threading.get_ident(), set()).add(id(app.extensions["postlint.db"].current()))
    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 12  # sqlite3 itself refuses a connection used from another thread
    assert all(len(ids) == 1 for ids in seen.values())
    assert len(opened) == 4 and len({id(conn) for _, conn in opened}) == 4
    assert {ident for ident, _ in opened} == set(seen)


def test_connections_keep_their_durability_settings(app, client, people, backend):
    client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["sched"]))
    conn = app.extensions["postlint.db"].current()
    if backend == "sqlite":
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    else:
        assert conn.execute("SHOW synchronous_commit").fetchone()[0] == "on"
    assert not conn.in_transaction


def test_a_revoked_token_fails_on_the_very_next_request(app, client, people):
    headers = bearer(people["sched"])
    assert client.post("/v1/lint", json=ARREST_POST, headers=headers).status_code == 200
    kept = app.extensions["postlint.db"].current()
    with db.opened(app.config["DATABASE"]) as other:  # as `postlint token revoke` does
        assert tokens.revoke(other, "sched") == 1
    response = client.post("/v1/lint", json=ARREST_POST, headers=headers)
    assert response.status_code == 401
    assert app.extensions["postlint.db"].current() is kept  # the same long-lived connection saw it


def test_a_decision_made_elsewhere_shows_on_the_very_next_lint(app, as_person, submit):
    review = submit("olivia")
    assert as_person("olivia").post("/v1/lint", json=ARREST_POST).json["review"]["status"] == "pending"
    kept = app.extensions["postlint.db"].current()
    with db.opened(app.config["DATABASE"]) as other:  # another worker deciding
        reviewer = tokens.Identity(0, "rita", "reviewer")
        review_store.decide(other, review["id"], decision="approve", note="ok", identity=reviewer)
    body = as_person("olivia").post("/v1/lint", json=ARREST_POST).json
    assert body["verdict"] == "approved" and body["review"]["status"] == "approved"
    assert app.extensions["postlint.db"].current() is kept


def test_a_transaction_left_open_by_a_request_is_rolled_back(make_app, people):
    app = make_app()

    @app.post("/test/leave-open")
    def leave_open():
        conn = request_db.get_db()
        conn.execute("BEGIN IMMEDIATE" if conn.dialect == "sqlite" else "BEGIN")
        conn.execute("INSERT INTO tokens (public_id, token_sha256, name, role, created_at) "
                     "VALUES ('0123456789abcdef', 'x', 'ghost', 'officer', 'now')")
        return {"left": "open"}
    client = app.test_client()
    assert client.post("/test/leave-open").status_code == 200
    conn = app.extensions["postlint.db"].current()
    assert not conn.in_transaction
    with db.opened(app.config["DATABASE"]) as other:
        assert other.execute("SELECT count(*) FROM tokens WHERE name = 'ghost'").fetchone()[0] == 0
        tokens.create(other, "officer", "writer-after")  # the write lock was released
    assert client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["sched"])).status_code == 200


def test_a_connection_that_cannot_roll_back_is_replaced(app, client, people):
    client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["sched"]))
    connections = app.extensions["postlint.db"]
    broken = connections.current()

    class Stuck:  # in a transaction and unable to leave it
        in_transaction = True
        usable = True

        def execute(self, _sql):
            raise sqlite3.OperationalError("disk I/O error")

        def close(self):
            broken.close()
    connections._local.conn = Stuck()
    with app.app_context():
        request_db.end_request()
    assert connections.current() is None
    assert client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["sched"])).status_code == 200
    assert connections.current() is not None and connections.current() is not broken


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_never_uses_the_parents_connection(app, client, people):
    client.post("/v1/lint", json=ARREST_POST, headers=bearer(people["sched"]))
    parents = app.extensions["postlint.db"].current()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, never return into pytest
        code = 1
        try:
            with app.app_context():
                mine = request_db.get_db()
                ok = mine is not parents and mine.execute("SELECT count(*) FROM tokens").fetchone()[0] == 6
                ok = ok and app.test_client().post("/v1/lint", json=ARREST_POST,
                                                   headers=bearer(people["sched"])).status_code == 200
                ok = ok and app.extensions["postlint.db"].current() is mine
            code = 0 if ok else 3
        finally:
            os.write(write, str(code).encode())
            os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    reported = os.read(read, 8).decode()
    os.close(read)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, reported
    # The parent's connection is untouched by the child and still works.
    assert app.extensions["postlint.db"].current() is parents
    assert parents.execute("SELECT count(*) FROM tokens").fetchone()[0] == 6


@pytest.mark.postgresql_only
def test_a_connection_the_database_server_cut_gives_503_once_then_is_replaced(app, client, people):
    headers = bearer(people["sched"])
    assert client.post("/v1/lint", json=ARREST_POST, headers=headers).status_code == 200
    cut = app.extensions["postlint.db"].current()
    # What a server restart or a fail-over does to every open connection.
    with db.opened(app.config["DATABASE"]) as admin:
        assert admin.execute("SELECT pg_terminate_backend(?)", (cut.raw.info.backend_pid,)).fetchone()[0]
    answer = client.post("/v1/lint", json=ARREST_POST, headers=headers)
    assert answer.status_code == 503 and answer.json["error"]["code"] == "unavailable"
    assert int(answer.headers["Retry-After"]) >= 1
    assert client.post("/v1/lint", json=ARREST_POST, headers=headers).status_code == 200
    assert app.extensions["postlint.db"].current() is not cut
