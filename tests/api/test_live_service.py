"""The real service: ``postlint serve`` under gunicorn on a loopback port, with a real SQLite file."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from api_samples import ARREST_POST
from tests.support.live_server import _free_port, live_server, postlint_command

SENTINEL = "SENTINEL-5c1e-Zebedee-Quartermain"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # The access log is off by default; on here, so the privacy test can read what it would write.
    with live_server(tmp_path_factory.mktemp("live"), env={"POSTLINT_ACCESS_LOG": "on"}) as running:
        yield running


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_201_survives_sigkill_and_restart(tmp_path):
    with live_server(tmp_path) as server:
        officer = server.make_token("officer", "olivia")
        created = requests.post(server.base_url + "/v1/reviews", headers=bearer(officer), timeout=30,
                                json={"post": ARREST_POST, "note": "Please check"})
        assert created.status_code == 201
        server.kill()
        server.restart()
        again = requests.get(server.base_url + created.json()["link"], headers=bearer(officer), timeout=30)
        assert again.status_code == 200
        assert again.json() == created.json()


def test_logs_hold_no_draft_text_notes_or_tokens(server):
    officer = server.make_token("officer", "log-officer")
    reviewer = server.make_token("reviewer", "log-reviewer")
    url = server.base_url
    text = f"{SENTINEL} was arrested in Whitby."
    requests.post(url + "/v1/lint", headers=bearer(officer), json={"text": text}, timeout=30)
    requests.post(url + "/v1/lint", headers=bearer(officer), json={"text": text, "profile": SENTINEL}, timeout=30)
    requests.post(url + "/v1/lint/batch", headers=bearer(officer), json={"posts": [{"text": text}, 5]}, timeout=30)
    requests.post(url + "/v1/lint", headers={**bearer(officer), "Content-Type": "application/json"},
                  data=b'{"text": "' + SENTINEL.encode() + b'\xff"}', timeout=30)
    review = requests.post(url + "/v1/reviews", headers=bearer(officer), timeout=30,
                           json={"post": {"text": text}, "note": f"note {SENTINEL}"}).json()
    requests.post(url + review["link"] + "/decision", headers=bearer(reviewer), timeout=30,
                  json={"decision": "reject", "note": f"reason {SENTINEL}"})
    leaked = requests.get(url + f"/v1/rules?access_token={officer}", timeout=30)
    assert leaked.status_code == 401

    log = server.wait_for_log('"GET /v1/rules" 401')
    assert '"POST /v1/lint"' in log and '"GET /v1/rules" 401' in log  # the access log is on
    assert SENTINEL not in log
    for token in (officer, reviewer):
        assert token not in log and token.split("_", 2)[2] not in log


def test_by_default_no_access_log_and_the_fair_worker(tmp_path):
    env = {"POSTLINT_ACCESS_LOG": "", "POSTLINT_THREADS": ""}
    with live_server(tmp_path, env=env) as quiet:
        token = quiet.make_token("officer", "quiet-officer")
        for _ in range(3):
            assert requests.post(quiet.base_url + "/v1/lint", headers=bearer(token), json={"text": "Hello"},
                                 timeout=30).status_code == 200
        log = quiet.wait_for_log("never written", timeout=0.5)
    assert "Using worker: api.workers.FairThreadWorker" in log
    assert '"POST /v1/lint"' not in log and "/healthz" not in log


def test_clients_that_connect_and_say_nothing_do_not_hold_up_others(server):
    token = server.make_token("officer", "behind-the-silent")
    silent = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(12)]  # 3x the threads
    try:
        time.sleep(0.2)
        started = time.monotonic()
        for _ in range(4):
            assert requests.post(server.base_url + "/v1/lint", headers=bearer(token), json={"text": "Hello"},
                                 timeout=30).status_code == 200
        assert time.monotonic() - started < 2.5  # gunicorn's own worker would wait 5 s per silent client
    finally:
        for sock in silent:
            sock.close()


def test_a_revoked_token_fails_at_once_on_every_worker_thread(server):
    token = server.make_token("scheduler", "revoked-at-once")
    body = {"text": "Officers attended a collision on the A64."}

    def lint_many(count=40):
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda _: requests.post(server.base_url + "/v1/lint", headers=bearer(token),
                                                         json=body, timeout=30).status_code, range(count)))
    assert set(lint_many()) == {200}  # every worker thread now holds its own open connection
    server.revoke_token("revoked-at-once")
    assert set(lint_many()) == {401}


def test_two_workers_racing_to_decide_one_review(server):
    officer = server.make_token("officer", "race-officer")
    reviewers = [server.make_token("reviewer", f"race-reviewer-{n}") for n in range(2)]
    review = requests.post(server.base_url + "/v1/reviews", headers=bearer(officer), timeout=30,
                           json={"post": {"text": "Race draft"}}).json()
    barrier, codes = threading.Barrier(2), []

    def decide(token):
        barrier.wait()
        codes.append(requests.post(server.base_url + review["link"] + "/decision", headers=bearer(token),
                                   json={"decision": "approve", "note": "race"}, timeout=30).status_code)
    threads = [threading.Thread(target=decide, args=(t,)) for t in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]
    events = requests.get(server.base_url + review["link"] + "/audit", headers=bearer(reviewers[0]),
                          timeout=30).json()["events"]
    assert [e["action"] for e in events].count("approved") == 1


def test_a_10_mb_body_gets_a_json_413_from_the_real_server(server):
    token = server.make_token("scheduler", "big-sender")
    response = requests.post(server.base_url + "/v1/lint", timeout=60,
                             headers={**bearer(token), "Content-Type": "application/json"},
                             data=b'{"text": "' + b"a" * (10 * 1024 * 1024) + b'"}')
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_serve_creates_its_default_database_under_var(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTLINT_")}
    with open(tmp_path / "out.log", "wb") as log:
        process = subprocess.Popen([*postlint_command(), "serve", "--port", str(port), "--workers", "1"],
                                   cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        output = (tmp_path / "out.log").read_text()
        assert (tmp_path / "var" / "postlint.db").is_file(), output
        assert f"http://127.0.0.1:{port}/review" in output
        assert "postlint token create" in output
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


def test_a_queued_callback_survives_sigkill_and_is_delivered_signed_after_restart(tmp_path):
    import hashlib
    import hmac
    import http.server
    import sqlite3

    secret = "c" * 40
    receiver_port = _free_port()  # nothing listens yet: the first attempts are refused
    env = {"POSTLINT_CALLBACK_SECRET": secret, "POSTLINT_CALLBACK_RETRY_SECONDS": "0.2"}
    received = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((self.headers.get("X-Postlint-Signature"),
                             self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    with live_server(tmp_path, env=env) as server:
        scheduler = server.make_token("scheduler", "Hootsuite")
        reviewer = server.make_token("reviewer", "Rita Ng")
        review = requests.post(server.base_url + "/v1/reviews", headers=bearer(scheduler), timeout=30,
                               json={"post": ARREST_POST,
                                     "callback_url": f"http://127.0.0.1:{receiver_port}/hook"}).json()
        decided = requests.post(server.base_url + review["link"] + "/decision", headers=bearer(reviewer),
                                json={"decision": "reject", "note": "Not yet"}, timeout=30)
        assert decided.status_code == 200
        deadline = time.monotonic() + 20
        attempts = 0
        while time.monotonic() < deadline and attempts < 1:
            with sqlite3.connect(server.db_path) as conn:
                attempts = conn.execute("SELECT attempts FROM callbacks").fetchone()[0]
            time.sleep(0.1)
        assert attempts >= 1, "the refused delivery was never recorded"
        server.kill()

        listener = http.server.ThreadingHTTPServer(("127.0.0.1", receiver_port), Receiver)
        threading.Thread(target=listener.serve_forever, daemon=True).start()
        try:
            server.restart()  # no request after this: the workers send what is due by themselves
            deadline = time.monotonic() + 30
            while not received and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            listener.shutdown()
            listener.server_close()
    assert received, "the callback was not delivered after the restart"
    signature, body = received[0]
    assert signature == "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert json.loads(body)["review"]["status"] == "rejected"
