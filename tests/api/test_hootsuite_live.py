"""Hootsuite's external reviewer in the real service: ``postlint serve`` with two worker processes
on a loopback port, a fake Hootsuite beside it, and the process killed mid-way."""
from __future__ import annotations

import time

import pytest
import requests

from tests.support.fake_hootsuite import FakeHootsuite
from tests.support.live_server import live_server

CLEAN = "Thanks to everyone who came to the beat surgery in Selby today."
HOOTSUITE_ANSWER_LIMIT_SECONDS = 10.0


@pytest.fixture
def hootsuite():
    fake = FakeHootsuite().start()
    fake.add_profile("1002", "TWITTER", "ScarbPolice")
    yield fake
    fake.stop()


def _env(fake) -> dict:
    return {"POSTLINT_HOOTSUITE_API": fake.url, "POSTLINT_HOOTSUITE_CLIENT_ID": fake.client_id,
            "POSTLINT_HOOTSUITE_CLIENT_SECRET": fake.client_secret,
            "POSTLINT_HOOTSUITE_REFRESH_TOKEN": fake.initial_refresh_token, "POSTLINT_HOOTSUITE_PRINCIPAL": "hoot",
            "POSTLINT_HOOTSUITE_POLL_SECONDS": "0.05", "POSTLINT_HOOTSUITE_LEASE_SECONDS": "2"}


def _register(server) -> None:
    for args in (("account", "add", "x:@ScarbPolice", "--display-name", "Scarborough Police", "--tier", "local"),
                 ("token", "create", "--role", "scheduler", "--name", "hoot", "--account", "x:@ScarbPolice")):
        done = server.cli(*args)
        assert done.returncode == 0, done.stderr


def _wait(check, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def test_an_event_answered_before_a_kill_is_still_approved_after_the_restart(tmp_path, hootsuite):
    with live_server(tmp_path, env=_env(hootsuite)) as server:
        _register(server)
        hootsuite.add_message("m-kill", CLEAN, "1002")
        hootsuite.fetch_delay = 3.0  # the worker is still fetching the message when the process dies
        answer, _ = hootsuite.send_webhook(server.base_url + "/hooks/hootsuite", [hootsuite.event("m-kill")])
        assert answer.status_code == 200 and answer.json()["queued"] == 1
        _wait(lambda: ("GET", "/v1/messages/m-kill") in hootsuite.calls, timeout=10)
        server.kill()
        assert hootsuite.decisions_for("m-kill") == []

        hootsuite.fetch_delay = 0.0
        server.start()  # the dead worker's lease runs out and another takes the event
        _wait(lambda: hootsuite.decisions_for("m-kill"))
        time.sleep(0.5)
        assert hootsuite.decisions_for("m-kill") == [("approve", {"sequenceNumber": 3, "reviewerType": "EXTERNAL"})]
        log = server.log_text()
    for secret in [hootsuite.client_secret, *hootsuite.refresh_tokens, *hootsuite.access_tokens]:
        assert secret not in log


def test_a_batch_of_50_is_answered_in_time_and_worked_while_linting_goes_on(tmp_path, hootsuite):
    with live_server(tmp_path, env=_env(hootsuite)) as server:
        _register(server)
        officer = server.make_token("officer", "olivia")
        ids = [f"m-{n:02d}" for n in range(50)]
        for message_id in ids:
            hootsuite.add_message(message_id, CLEAN, "1002")
        hootsuite.fetch_delay = 0.1  # Hootsuite's API is slower than its webhook deadline allows for 50
        answer, elapsed = hootsuite.send_webhook(server.base_url + "/hooks/hootsuite",
                                                 [hootsuite.event(message_id) for message_id in ids])
        print(f"50 events answered in {elapsed * 1000:.0f} ms")
        assert answer.status_code == 200 and answer.json()["queued"] == 50
        assert elapsed < HOOTSUITE_ANSWER_LIMIT_SECONDS
        assert len(hootsuite.decisions) < 50  # the work goes on after the answer

        started = time.monotonic()
        linted = requests.post(server.base_url + "/v1/lint", json={"text": CLEAN},
                               headers={"Authorization": f"Bearer {officer}"}, timeout=30)
        assert linted.status_code == 200 and time.monotonic() - started < 2.0

        _wait(lambda: len(hootsuite.decisions) >= 50, timeout=60)
        time.sleep(0.5)
    approved = sorted(message_id for message_id, kind, _ in hootsuite.decisions if kind == "approve")
    assert approved == ids  # each message once, though two worker processes shared the queue
