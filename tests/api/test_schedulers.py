"""Scheduling tools: their own reviews, idempotent retries, batches and signed decision callbacks."""
from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time

import pytest

from api import callbacks
from api_samples import ARREST_POST, CLEAN_POST

SECRET = "s" * 40


def test_a_scheduler_lists_its_own_reviews(as_person, submit):
    """Tried as a new user: a scheduler could not list its reviews (403), though the README said it could."""
    mine = [submit("sched", post={"text": f"Scheduled post {n}"})["id"] for n in range(3)]
    submit("olivia")
    response = as_person("sched").get("/v1/reviews?mine=1&limit=2")
    assert response.status_code == 200
    page = response.json
    assert [r["id"] for r in page["reviews"]] == mine[:0:-1]
    assert "mine=1" in page["next"]
    assert [r["id"] for r in as_person("sched").get(page["next"]).json["reviews"]] == [mine[0]]
    assert as_person("sched").get("/v1/reviews").status_code == 403
    assert len(as_person("rita").get("/v1/reviews?mine=1").json["reviews"]) == 0


def test_a_scheduler_sees_its_rejection(as_person, submit):
    """Tried as a new user: a scheduler never saw "rejected"."""
    review = submit("sched")
    as_person("rita").post(f"{review['link']}/decision", json={"decision": "reject", "note": "Do not name him"})
    listed = as_person("sched").get("/v1/reviews?mine=1&status=rejected").json["reviews"]
    assert [r["id"] for r in listed] == [review["id"]]
    assert listed[0]["decision"]["note"] == "Do not name him"
    assert as_person("sched").post("/v1/lint", json=ARREST_POST).json["review"]["status"] == "rejected"


def test_a_retry_with_the_same_idempotency_key_returns_the_same_review(as_person, conn):
    """Tried as a new user: a scheduler's retry made two pending reviews."""
    headers = {"Idempotency-Key": "hootsuite-81723"}
    first = as_person("sched").post("/v1/reviews", json={"post": ARREST_POST}, headers=headers)
    retry = as_person("sched").post("/v1/reviews", json={"post": ARREST_POST}, headers=headers)
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.json["id"] == first.json["id"] and retry.headers["Location"] == first.headers["Location"]
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1
    different = as_person("sched").post("/v1/reviews", json={"post": CLEAN_POST}, headers=headers)
    assert different.status_code == 409 and different.json["error"]["code"] == "idempotency_conflict"
    # Keys belong to their principal: another caller's same key is a new review.
    assert as_person("olivia").post("/v1/reviews", json={"post": ARREST_POST}, headers=headers).status_code == 201
    bad = as_person("sched").post("/v1/reviews", json={"post": ARREST_POST}, headers={"Idempotency-Key": "a b"})
    assert bad.status_code == 422 and bad.json["error"]["field"] == "Idempotency-Key"


def test_reviews_can_be_submitted_in_a_batch(as_person, registry, schema_check):
    entries = [{"id": "hs-1", "idempotency_key": "hs-1", "post": {"text": "Appeal draft", "account": "x:@ScarbPolice"}},
               {"id": "hs-2", "post": {"text": 5, "account": "x:@ScarbPolice"}},
               {"id": "hs-3", "post": {"text": "Other", "account": "x:@Nobody"}},
               {"id": "hs-4", "post": CLEAN_POST, "extra": 1},
               {"id": "hs-5", "post": {"text": "Which account?"}}]
    response = as_person("hoot").post("/v1/reviews/batch", json={"reviews": entries})
    assert response.status_code == 200
    schema_check("ReviewBatchResult", response.json)
    first, second, third, fourth, fifth = response.json["results"]
    assert first["id"] == "hs-1" and first["created"] is True and first["review"]["status"] == "pending"
    assert first["review"]["context"]["account"] == "x:@ScarbPolice"
    assert (second["id"], second["error"]["field"]) == ("hs-2", "text")
    assert (third["id"], third["error"]["code"]) == ("hs-3", "unknown_account")
    assert (fourth["id"], fourth["error"]["field"]) == ("hs-4", "extra")
    assert (fifth["id"], fifth["error"]["code"]) == ("hs-5", "account_required")
    again = as_person("hoot").post("/v1/reviews/batch", json={"reviews": entries[:1]}).json["results"][0]
    assert again["created"] is False and again["review"]["id"] == first["review"]["id"]


class Receiver:
    """A loopback HTTP server that answers with the statuses given, then 200, recording each call."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.calls = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/decisions"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.calls) >= count, f"{len(self.calls)} of {count} callbacks arrived"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def callback_app(make_app):
    app = make_app(CALLBACK_SECRET=SECRET, CALLBACK_POLL_SECONDS=0.05, CALLBACK_RETRY_SECONDS=0.05)
    yield app
    app.extensions["postlint"].callbacks.stop()


def test_the_decision_is_posted_to_the_callback_signed_and_retried(callback_app, people, conn):
    receiver = Receiver(statuses=[500, 503])
    client = callback_app.test_client()
    try:
        review = client.post("/v1/reviews", json={"post": ARREST_POST, "callback_url": receiver.url},
                             headers={"Authorization": f"Bearer {people['sched']}", "Idempotency-Key": "k-1"}).json
        decided = client.post(f"{review['link']}/decision", json={"decision": "reject", "note": "Too early"},
                              headers={"Authorization": f"Bearer {people['rita']}"})
        assert decided.status_code == 200
        receiver.wait_for(3)
    finally:
        receiver.close()
    headers, body = receiver.calls[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers[callbacks.SIGNATURE_HEADER] == expected
    assert [c[1] for c in receiver.calls] == [body] * 3  # each retry sends the same signed body
    payload = json.loads(body)
    assert payload["event"] == "review.decided" and payload["idempotency_key"] == "k-1"
    assert payload["review"]["id"] == review["id"] and payload["review"]["status"] == "rejected"
    assert payload["review"]["note"] == "Too early"
    assert "Callum" not in body.decode()  # the draft never leaves in a callback
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        row = conn.execute("SELECT attempts, delivered_at, last_outcome FROM callbacks").fetchone()
        if row["delivered_at"]:
            break
        time.sleep(0.02)
    assert (row["attempts"], row["last_outcome"]) == (3, "200") and row["delivered_at"]


def test_a_callback_that_never_succeeds_is_given_up_after_a_bounded_number_of_tries(app, people, submit, conn):
    receiver = Receiver(statuses=[500] * 20)
    try:
        review = submit("sched")
        conn.execute("INSERT INTO callbacks (review_id, url, body, next_attempt_at) VALUES (?, ?, '{}', '')",
                     (review["id"], receiver.url))
        for _ in range(callbacks.MAX_ATTEMPTS + 2):
            conn.execute("UPDATE callbacks SET next_attempt_at = ''")
            callbacks.deliver_due(conn, secret=SECRET, base_seconds=0.01)
    finally:
        receiver.close()
    row = conn.execute("SELECT attempts, given_up_at, delivered_at FROM callbacks").fetchone()
    assert row["attempts"] == callbacks.MAX_ATTEMPTS and row["given_up_at"] and row["delivered_at"] is None
    assert len(receiver.calls) == callbacks.MAX_ATTEMPTS


def test_the_back_off_doubles():
    assert [callbacks.retry_delay(n, 5) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]


@pytest.mark.parametrize("url", ["http://example.com/hook", "ftp://127.0.0.1/x", "https://user:pw@example.com/",
                                 "not a url", "http://10.0.0.1/x", "https://" + "a" * 2000, 5])
def test_callback_urls_must_be_https_or_loopback(callback_app, people, url):
    client = callback_app.test_client()
    response = client.post("/v1/reviews", json={"post": CLEAN_POST, "callback_url": url},
                           headers={"Authorization": f"Bearer {people['sched']}"})
    assert response.status_code == 422 and response.json["error"]["field"] == "callback_url"


def test_callbacks_are_refused_while_the_server_has_no_secret(as_person):
    response = as_person("sched").post("/v1/reviews", json={"post": CLEAN_POST,
                                                            "callback_url": "https://scheduler.example/hook"})
    assert response.status_code == 422 and response.json["error"]["code"] == "callbacks_off"


def test_callbacks_never_follow_redirects():
    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        outcome = callbacks.send(f"http://127.0.0.1:{server.server_address[1]}/", b"{}", {})
    finally:
        server.shutdown()
        server.server_close()
    assert outcome == "307"


def test_the_purge_removes_a_decisions_callback_with_its_note(app, people, as_person, conn):
    from api import review_store
    review = as_person("sched").post("/v1/reviews", json={"post": ARREST_POST}).json
    conn.execute("INSERT INTO callbacks (review_id, url, body, next_attempt_at, delivered_at) "
                 "VALUES (?, 'https://scheduler.example/hook', '{\"note\": \"SENTINEL\"}', '', 'x')", (review["id"],))
    as_person("rita").post(f"{review['link']}/decision", json={"decision": "reject", "note": "SENTINEL"})
    review_store.purge(conn, retention_days=0, pending_expiry_days=None)
    assert conn.execute("SELECT COUNT(*) FROM callbacks").fetchone()[0] == 0
