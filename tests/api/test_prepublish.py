"""The generic pre-publish webhook: 202 at once, then the verdict or the comms team's decision at the
scheduler's callback_url, signed, retried with back-off, and delivered to a receiver that was down."""
from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import time

import pytest

from api import callbacks
from api_samples import ARREST_POST, CLEAN_POST
from tests.support.callback_receiver import CallbackReceiver
from tests.support.live_server import postlint_command

SECRET = "prepublish-test-secret-0123456789abcdef"


@pytest.fixture
def hook_app(make_app):
    app = make_app(CALLBACK_SECRET=SECRET, CALLBACK_POLL_SECONDS=0.05, CALLBACK_RETRY_SECONDS=0.3)
    yield app
    app.extensions["postlint"].callbacks.stop()


@pytest.fixture
def vendor(hook_app, people):
    client = hook_app.test_client()

    def post(body, key=None, token="sched"):
        headers = {"Authorization": f"Bearer {people[token]}", **({"Idempotency-Key": key} if key else {})}
        return client.post("/v1/prepublish", json=body, headers=headers)
    return post


@pytest.fixture
def receiver():
    started = CallbackReceiver().start()
    yield started
    started.close()


def verified(headers: dict, body: bytes) -> dict:
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[callbacks.SIGNATURE_HEADER], expected)
    return json.loads(body)


def test_a_post_with_nothing_to_review_is_approved_at_once_and_called_back(vendor, receiver, hook_app, people,
                                                                          schema_check):
    answer = vendor({"post": CLEAN_POST, "callback_url": receiver.url, "id": "buffer-77"})
    assert answer.status_code == 202
    schema_check("PrepublishAccepted", answer.json)
    assert answer.json["id"] == "buffer-77" and answer.json["verdict"] == "ok"
    assert answer.json["status"] == "approved" and answer.headers["Location"] == answer.json["link"]
    receiver.wait_for(1)
    _, headers, body = receiver.calls[0]
    payload = verified(headers, body)
    assert payload["event"] == "review.decided" and payload["review"]["id"] == answer.json["review_id"]
    assert payload["review"]["status"] == "approved" and payload["review"]["decided_by"] == "postlint"
    assert CLEAN_POST["text"] not in body.decode()

    client = hook_app.test_client()
    review = client.get(answer.json["link"], headers={"Authorization": f"Bearer {people['sched']}"}).json
    assert review["post"] is None and review["purged_at"]  # nobody needs the draft again
    # postlint's own approval never stands for a reviewer's in /v1/lint
    linted = client.post("/v1/lint", json=CLEAN_POST, headers={"Authorization": f"Bearer {people['sched']}"}).json
    assert linted["review"] is None and linted["verdict"] == "ok"


def test_a_post_that_needs_review_waits_for_the_comms_team_and_their_decision_is_called_back(
        vendor, receiver, hook_app, people):
    answer = vendor({"post": ARREST_POST, "callback_url": receiver.url, "note": "Press release at 10"})
    assert answer.status_code == 202
    assert (answer.json["status"], answer.json["verdict"]) == ("pending", "block")
    assert answer.json["findings"][0]["rule"] == "arrest.named-suspect" and "Callum" not in json.dumps(answer.json)
    time.sleep(0.3)
    assert receiver.calls == []  # nothing to say until the comms team decides
    decided = hook_app.test_client().post(f"{answer.json['link']}/decision",
                                          json={"decision": "reject", "note": "Do not name him at arrest"},
                                          headers={"Authorization": f"Bearer {people['rita']}"})
    assert decided.status_code == 200
    receiver.wait_for(1)
    payload = verified(receiver.calls[0][1], receiver.calls[0][2])
    assert payload["review"]["status"] == "rejected" and payload["review"]["note"] == "Do not name him at arrest"


@pytest.mark.parametrize("post", [CLEAN_POST, ARREST_POST], ids=["approved-at-once", "pending"])
def test_a_retry_with_the_same_idempotency_key_is_the_same_review(post, vendor, receiver):
    first = vendor({"post": post, "callback_url": receiver.url}, key="buffer-81723")
    again = vendor({"post": post, "callback_url": receiver.url}, key="buffer-81723")
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json["review_id"] == first.json["review_id"]
    assert (first.json["created"], again.json["created"]) == (True, False)
    other = vendor({"post": {**post, "text": post["text"] + " More soon."}, "callback_url": receiver.url},
                   key="buffer-81723")
    assert other.status_code == 409 and other.json["error"]["code"] == "idempotency_conflict"


@pytest.mark.parametrize("body, field", [
    ({"post": CLEAN_POST}, "callback_url"),
    ({"callback_url": "https://scheduler.example/hook"}, "post"),
    ({"post": CLEAN_POST, "callback_url": "http://scheduler.example/hook"}, "callback_url"),
    ({"post": CLEAN_POST, "callback_url": "https://scheduler.example/hook", "id": ["x"]}, "id"),
    ({"post": CLEAN_POST, "callback_url": "https://scheduler.example/hook", "extra": 1}, "extra"),
])
def test_bad_requests_say_which_field(vendor, body, field):
    answer = vendor(body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == field


def test_prepublish_needs_callbacks_switched_on(as_person):
    answer = as_person("sched").post("/v1/prepublish", json={"post": CLEAN_POST,
                                                             "callback_url": "https://scheduler.example/hook"})
    assert answer.status_code == 422 and answer.json["error"]["code"] == "callbacks_off"


def test_failed_deliveries_are_retried_with_a_growing_wait(vendor):
    receiver = CallbackReceiver(statuses=[500, 503, 502]).start()
    try:
        vendor({"post": CLEAN_POST, "callback_url": receiver.url})
        receiver.wait_for(4)
    finally:
        receiver.close()
    times = [at for at, _, _ in receiver.calls]
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    # Never sooner than 0.3 s, 0.6 s, 1.2 s after the last try (later is allowed: a loaded machine, the
    # deliverer's polling), so the third wait alone shows the back-off growing.
    assert all(gap >= 0.95 * 0.3 * 2 ** n for n, gap in enumerate(gaps)), gaps
    assert len({body for _, _, body in receiver.calls}) == 1  # every retry is the same signed body


def test_a_receiver_that_is_down_for_a_while_gets_the_decision_once_it_is_back(vendor, hook_app, people):
    receiver = CallbackReceiver()  # nothing listens at its address yet
    try:
        answer = vendor({"post": ARREST_POST, "callback_url": receiver.url})
        hook_app.test_client().post(f"{answer.json['link']}/decision", json={"decision": "approve", "note": "OK"},
                                    headers={"Authorization": f"Bearer {people['rita']}"})
        time.sleep(1.0)  # several attempts meet a closed port
        receiver.start()
        receiver.wait_for(1, timeout=20)
    finally:
        receiver.close()
    payload = verified(receiver.calls[0][1], receiver.calls[0][2])
    assert payload["review"]["id"] == answer.json["review_id"] and payload["review"]["status"] == "approved"

    done = subprocess.run([*postlint_command(), "integrations", "log", "deliveries", "--db",
                           hook_app.config["DATABASE"]], capture_output=True, text=True, timeout=60)
    line = next(line for line in done.stdout.splitlines() if answer.json["review_id"] in line)
    assert "last 200" in line and "delivered" in line and "last ConnectionRefusedError" not in line
    attempts = int(line.split("attempts ")[1].split("\t")[0])
    assert attempts >= 2
    assert "/postlint/decisions" not in done.stdout  # only the receiver's origin is shown
