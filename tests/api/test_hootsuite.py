"""Hootsuite's external reviewer against a fake Hootsuite (``tests.support.fake_hootsuite``) on a
loopback port: every path a message can take, token refresh, and Hootsuite's error answers."""
from __future__ import annotations

import os
import subprocess
import threading
import time

import pytest

from api import db
from api.integrations import queue
from tests.support.fake_hootsuite import FakeHootsuite
from tests.support.live_server import postlint_command

CLEAN = "Thanks to everyone who came to the beat surgery in Selby today."
ARREST = "Officers have arrested Callum Pexton, 31, on suspicion of affray."
WARRANT = "We will be carrying out a drugs warrant on Elm Street at 6am tomorrow."
PHONE = "Ring the organiser, Priya Raman, on 07700 900123 for tickets to the beat surgery."


@pytest.fixture
def hootsuite():
    fake = FakeHootsuite().start()
    fake.add_profile("1001", "TWITTER", "NYorksPolice")
    fake.add_profile("1002", "TWITTER", "ScarbPolice")
    fake.add_profile("1003", "FACEBOOKPAGE", "SomeoneElsesPage")
    yield fake
    fake.stop()


def hootsuite_env(fake, **extra) -> dict:
    return {"POSTLINT_HOOTSUITE_API": fake.url, "POSTLINT_HOOTSUITE_CLIENT_ID": fake.client_id,
            "POSTLINT_HOOTSUITE_CLIENT_SECRET": fake.client_secret,
            "POSTLINT_HOOTSUITE_REFRESH_TOKEN": fake.initial_refresh_token, "POSTLINT_HOOTSUITE_PRINCIPAL": "hoot",
            "POSTLINT_HOOTSUITE_POLL_SECONDS": "0.05", "POSTLINT_HOOTSUITE_RETRY_SECONDS": "0.05",
            "POSTLINT_HOOTSUITE_LEASE_SECONDS": "5", **extra}


@pytest.fixture
def hs_app(make_app, hootsuite, registry):
    app = make_app(**hootsuite_env(hootsuite))
    yield app
    app.extensions["postlint.hootsuite"].stop()


@pytest.fixture
def send(hs_app, hootsuite):
    client = hs_app.test_client()

    def post(*events):
        answer = client.post("/hooks/hootsuite", json=list(events))
        assert answer.status_code == 200, answer.json
        return answer.json
    return post


def wait_for(check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError("timed out waiting")


def finished_event(conn, message_id):
    return wait_for(lambda: conn.execute("SELECT * FROM hootsuite_events WHERE message_id = ? AND status <> 'queued'",
                                         (message_id,)).fetchone())


def linked(conn, message_id):
    return conn.execute("SELECT * FROM hootsuite_messages WHERE message_id = ?", (message_id,)).fetchone()


def test_an_ok_message_is_approved_as_the_external_reviewer(hootsuite, send, conn):
    hootsuite.add_message("m-ok", CLEAN, "1002", sequence=7)
    assert send(hootsuite.event("m-ok"))["queued"] == 1
    event = finished_event(conn, "m-ok")
    assert event["status"] == "done" and "approved" in event["outcome"]
    assert hootsuite.decisions_for("m-ok") == [("approve", {"sequenceNumber": 7, "reviewerType": "EXTERNAL"})]
    assert hootsuite.messages["m-ok"]["state"] == "SCHEDULED"
    assert linked(conn, "m-ok")["action"] == "approved"
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0  # nothing for the comms team


def test_a_block_with_a_safe_rewrite_is_rejected_with_the_problem_and_the_rewrite(hootsuite, send, conn):
    hootsuite.add_message("m-arrest", ARREST, "1002")
    send(hootsuite.event("m-arrest"))
    assert finished_event(conn, "m-arrest")["status"] == "done"
    [(kind, body)] = hootsuite.decisions_for("m-arrest")
    assert kind == "reject" and body["reviewerType"] == "EXTERNAL" and body["sequenceNumber"] == 3
    assert "Names a person who has been arrested" in body["reason"]
    assert "Post this instead: Officers have arrested a 31-year-old on suspicion of affray." in body["reason"]
    assert "Callum Pexton" not in body["reason"].split("instead:")[1]
    assert linked(conn, "m-arrest")["action"] == "rejected"


@pytest.mark.parametrize("text", [WARRANT, PHONE], ids=["block-without-rewrite", "review"])
def test_a_post_for_the_comms_team_waits_in_hootsuite_until_they_approve(text, hootsuite, send, conn, as_person):
    hootsuite.add_message("m-wait", text, "1002")
    send(hootsuite.event("m-wait"))
    event = finished_event(conn, "m-wait")
    link = linked(conn, "m-wait")
    assert event["status"] == "done" and link["action"] == "waiting" and link["review_id"] in event["outcome"]
    assert hootsuite.decisions_for("m-wait") == [] and hootsuite.messages["m-wait"]["state"] == "PENDING_APPROVAL"
    review = as_person("rita").get(f"/v1/reviews/{link['review_id']}").json
    assert review["status"] == "pending" and review["submitted_by"] == "hoot"
    assert review["account"] == "x:scarbpolice" and review["context"]["tier"] == "local"
    assert "m-wait" in review["note"]

    decided = as_person("rita").post(f"/v1/reviews/{link['review_id']}/decision",
                                     json={"decision": "approve", "note": "Checked with the OIC"})
    assert decided.status_code == 200
    wait_for(lambda: hootsuite.decisions_for("m-wait"))
    assert hootsuite.decisions_for("m-wait") == [("approve", {"sequenceNumber": 3, "reviewerType": "EXTERNAL"})]
    assert wait_for(lambda: linked(conn, "m-wait")["action"] == "approved")


def test_a_message_edited_after_its_review_is_not_approved_but_checked_again(hootsuite, send, conn, as_person):
    hootsuite.add_message("m-edit", PHONE, "1002")
    send(hootsuite.event("m-edit"))
    finished_event(conn, "m-edit")
    reviewed = linked(conn, "m-edit")["review_id"]
    hootsuite.messages["m-edit"]["text"] = PHONE.replace("tickets", "tickets and a raffle")  # edited in Hootsuite
    as_person("rita").post(f"/v1/reviews/{reviewed}/decision", json={"decision": "approve", "note": "Fine"})
    link = wait_for(lambda: (row := linked(conn, "m-edit"))["review_id"] != reviewed and row["action"] == "waiting"
                    and row)
    assert hootsuite.decisions_for("m-edit") == []  # the approval was for the old text
    again = as_person("rita").get(f"/v1/reviews/{link['review_id']}").json
    assert again["status"] == "pending" and "raffle" in again["post"]["text"]


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_the_comms_teams_rejection_is_passed_on_with_their_note_as_the_reason(decision, hootsuite, send, conn,
                                                                              as_person):
    hootsuite.add_message("m-no", WARRANT, "1002")
    send(hootsuite.event("m-no"))
    finished_event(conn, "m-no")
    review_id = linked(conn, "m-no")["review_id"]
    as_person("rita").post(f"/v1/reviews/{review_id}/decision",
                           json={"decision": decision, "note": "Not before the warrant is executed"})
    wait_for(lambda: hootsuite.decisions_for("m-no"))
    [(kind, body)] = hootsuite.decisions_for("m-no")
    assert kind == "reject" and body["reason"] == "Not before the warrant is executed"
    assert wait_for(lambda: linked(conn, "m-no")["action"] == "rejected")


def test_a_message_that_expires_while_the_comms_team_decides_is_recorded_and_skipped(hootsuite, send, conn,
                                                                                   as_person):
    hootsuite.add_message("m-late", PHONE, "1002", scheduled_in=1.5)
    send(hootsuite.event("m-late"))
    finished_event(conn, "m-late")
    review_id = linked(conn, "m-late")["review_id"]
    time.sleep(1.6)  # the scheduled time passes with the approval still pending
    as_person("rita").post(f"/v1/reviews/{review_id}/decision", json={"decision": "approve", "note": "ok"})
    link = wait_for(lambda: (row := linked(conn, "m-late"))["action"] != "waiting" and row)
    assert link["action"] == "skipped" and "expired" in link["detail"]
    assert hootsuite.decisions_for("m-late") == []


@pytest.mark.parametrize("prepare, expected", [
    (lambda fake: fake.add_message("m-x", CLEAN, "1002", scheduled_in=-60), "expired"),
    (lambda fake: None, "deleted"),  # Hootsuite answers 404
    (lambda fake: fake.add_message("m-x", CLEAN, "1002", state="SCHEDULED"), "already scheduled"),
    (lambda fake: fake.add_message("m-x", CLEAN, "1002", state="REJECTED"), "already rejected"),
    (lambda fake: fake.add_message("m-x", CLEAN, "1002", reviewer="TEAM"), "another reviewer"),
], ids=["expired", "deleted", "approved-elsewhere", "rejected-elsewhere", "another-reviewers-step"])
def test_expired_deleted_and_already_decided_messages_are_recorded_and_skipped(prepare, expected, hootsuite,
                                                                             send, conn):
    prepare(hootsuite)
    send(hootsuite.event("m-x"))
    event = finished_event(conn, "m-x")
    assert event["status"] == "skipped" and expected in event["outcome"]
    assert hootsuite.decisions_for("m-x") == []


def test_a_message_decided_in_hootsuite_between_fetch_and_approval_is_skipped(hootsuite, send, conn):
    hootsuite.add_message("m-race", CLEAN, "1002")
    hootsuite.fail_next("POST", "/v1/messages/m-race/approve", (409, {}))
    hootsuite.messages["m-race"]["sequenceNumber"] = 3
    send(hootsuite.event("m-race"))
    event = finished_event(conn, "m-race")
    assert event["status"] == "skipped" and "refused" in event["outcome"] and "409" in event["outcome"]
    assert linked(conn, "m-race")["action"] == "skipped"


def test_a_repeated_event_is_worked_once(hootsuite, send, conn):
    hootsuite.add_message("m-twice", CLEAN, "1002")
    counts = send(hootsuite.event("m-twice"), hootsuite.event("m-twice"))
    assert counts == {"received": 2, "queued": 1, "recorded": 0, "ignored": 1}
    finished_event(conn, "m-twice")
    send(hootsuite.event("m-twice"))  # Hootsuite resends after it was handled
    wait_for(lambda: conn.execute("SELECT count(*) FROM hootsuite_events WHERE message_id = 'm-twice' "
                                  "AND status = 'queued'").fetchone()[0] == 0)
    assert len(hootsuite.decisions_for("m-twice")) == 1


def test_an_expired_access_token_is_refreshed_and_the_new_refresh_token_kept(hootsuite, send, conn):
    hootsuite.add_message("m-1", CLEAN, "1002")
    send(hootsuite.event("m-1"))
    finished_event(conn, "m-1")
    first = conn.execute("SELECT refresh_token, access_token FROM hootsuite_oauth").fetchone()
    assert hootsuite.token_grants == 1 and first["refresh_token"] in hootsuite.refresh_tokens
    assert hootsuite.initial_refresh_token not in hootsuite.refresh_tokens  # spent

    hootsuite.revoke_access_tokens()  # Hootsuite now answers 401 to the token postlint holds
    hootsuite.add_message("m-2", CLEAN, "1002")
    send(hootsuite.event("m-2"))
    assert finished_event(conn, "m-2")["status"] == "done"
    second = conn.execute("SELECT refresh_token, access_token FROM hootsuite_oauth").fetchone()
    assert hootsuite.token_grants == 2 and second["access_token"] != first["access_token"]
    assert second["refresh_token"] in hootsuite.refresh_tokens
    assert len(hootsuite.decisions_for("m-2")) == 1


def test_a_429_is_retried_after_the_time_hootsuite_asks_for(hootsuite, send, conn):
    hootsuite.add_message("m-busy", CLEAN, "1002")
    hootsuite.fail_next("GET", "/v1/messages/m-busy", (429, {"Retry-After": "1"}), (503, {}))
    started = time.monotonic()
    send(hootsuite.event("m-busy"))
    event = finished_event(conn, "m-busy")
    assert event["status"] == "done" and event["attempts"] == 3
    assert time.monotonic() - started >= 1.0
    assert len(hootsuite.decisions_for("m-busy")) == 1


def test_refused_credentials_fail_the_event_saying_so(make_app, hootsuite, registry, conn):
    app = make_app(**hootsuite_env(hootsuite, POSTLINT_HOOTSUITE_CLIENT_SECRET="wrong-secret"))
    try:
        hootsuite.add_message("m-creds", CLEAN, "1002")
        assert app.test_client().post("/hooks/hootsuite", json=[hootsuite.event("m-creds")]).status_code == 200
        event = finished_event(conn, "m-creds")
    finally:
        app.extensions["postlint.hootsuite"].stop()
    assert event["status"] == "failed" and "refused the client id or secret" in event["outcome"]
    assert hootsuite.client_secret not in event["outcome"]


def test_a_profile_that_maps_to_no_registered_account_fails_clearly(hootsuite, send, conn):
    hootsuite.add_message("m-page", CLEAN, "1003")
    send(hootsuite.event("m-page"))
    event = finished_event(conn, "m-page")
    assert event["status"] == "failed"
    assert "facebook:SomeoneElsesPage, which is not a registered account" in event["outcome"]
    assert hootsuite.decisions_for("m-page") == []


def test_an_explicit_profile_map_wins_and_the_principals_accounts_bind_it(make_app, hootsuite, registry, conn):
    app = make_app(**hootsuite_env(hootsuite, POSTLINT_HOOTSUITE_PROFILES="1003=x:@NYorksPolice"))
    try:
        hootsuite.add_message("m-mapped", CLEAN, "1003")
        app.test_client().post("/hooks/hootsuite", json=[hootsuite.event("m-mapped")])
        event = finished_event(conn, "m-mapped")
    finally:
        app.extensions["postlint.hootsuite"].stop()
    assert event["status"] == "done" and linked(conn, "m-mapped")["account"] == "x:@NYorksPolice"


def test_the_webhook_takes_any_well_formed_batch_and_refuses_the_rest(hs_app, hootsuite, conn):
    client = hs_app.test_client()
    batch = [{"type": "com.hootsuite.ping.event.v1", "data": {}}, hootsuite.event("m-gone", state="DELETED"),
             {"seq_no": "9", "type": "com.hootsuite.messages.event.v1", "data": {"state": "PENDING_APPROVAL"}}, 5]
    answer = client.post("/hooks/hootsuite", json=batch)
    assert answer.status_code == 200 and answer.json == {"received": 4, "queued": 0, "recorded": 1, "ignored": 3}
    assert conn.execute("SELECT status, outcome FROM hootsuite_events").fetchone()["status"] == "skipped"
    assert client.post("/hooks/hootsuite", data=b"[", content_type="application/json").status_code == 400
    assert client.post("/hooks/hootsuite", json="events").status_code == 422
    assert client.post("/hooks/hootsuite", json=[{}] * 501).status_code == 422


def test_the_webhook_is_404_where_hootsuite_is_not_configured(client):
    answer = client.post("/hooks/hootsuite", json=[])
    assert answer.status_code == 404 and answer.json["error"]["code"] == "not_configured"


def test_two_workers_never_lease_the_same_event(app):
    path = app.config["DATABASE"]
    with db.opened(path) as setup:
        queue.record_batch(setup, [{"type": queue.MESSAGE_EVENT, "data": {"state": "PENDING_APPROVAL",
                                                                           "message": {"id": f"m{i}"}}}
                                   for i in range(60)])
    taken, lock = [], threading.Lock()

    def worker():
        conn = db.connect(path)
        try:
            while (row := queue.lease_event(conn, lease_seconds=60)) is not None:
                with lock:
                    taken.append(row["id"])
        finally:
            conn.close()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(set(taken)) and len(taken) == 60


def _run_cli(env, *args):
    full_env = {**{k: v for k, v in os.environ.items() if not k.startswith("POSTLINT_HOOTSUITE_")}, **env}
    return subprocess.run([*postlint_command(), "integrations", *args], env=full_env, capture_output=True,
                          text=True, timeout=60)


def test_integrations_test_hootsuite_passes_a_good_configuration(hootsuite, app, registry):
    del hootsuite.profiles["1003"]  # every profile the member sees is a registered account
    done = _run_cli(hootsuite_env(hootsuite), "test", "hootsuite", "--db", app.config["DATABASE"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok       social profile 1001 (TWITTER NYorksPolice) is x:@NYorksPolice" in done.stdout
    assert "All checks passed." in done.stdout
    for secret in [hootsuite.client_secret, *hootsuite.refresh_tokens, *hootsuite.access_tokens]:
        assert secret not in done.stdout + done.stderr


@pytest.mark.parametrize("change, problem", [
    ({"POSTLINT_HOOTSUITE_CLIENT_SECRET": "wrong"}, "Hootsuite refused the client id or secret"),
    ({"POSTLINT_HOOTSUITE_REFRESH_TOKEN": "rt-stale"}, "Hootsuite refused the refresh token (invalid_grant)"),
    ({"POSTLINT_HOOTSUITE_CLIENT_ID": ""}, "credentials missing: set POSTLINT_HOOTSUITE_CLIENT_ID"),
    ({"POSTLINT_HOOTSUITE_PRINCIPAL": "nobody"}, "POSTLINT_HOOTSUITE_PRINCIPAL 'nobody' is not an active principal"),
    ({"POSTLINT_HOOTSUITE_PRINCIPAL": "rita"}, "is a reviewer; use a scheduler principal"),
    ({"POSTLINT_HOOTSUITE_API": "http://example.com"}, "POSTLINT_HOOTSUITE_API: must be an https:// address"),
    ({}, "social profile 1003 (FACEBOOKPAGE SomeoneElsesPage): social profile 1003 posts to "
         "facebook:SomeoneElsesPage, which is not a registered account"),
], ids=["secret", "refresh-token", "missing", "principal", "role", "api", "unregistered-profile"])
def test_integrations_test_hootsuite_says_what_is_wrong(change, problem, hootsuite, app, registry):
    done = _run_cli({**hootsuite_env(hootsuite), **change}, "test", "hootsuite", "--db", app.config["DATABASE"])
    assert done.returncode == 1
    assert problem in done.stdout, done.stdout


def test_credentials_can_come_from_a_file(hootsuite, app, registry, tmp_path):
    secrets_file = tmp_path / "hootsuite.toml"
    secrets_file.write_text(f'client_id = "{hootsuite.client_id}"\nclient_secret = "{hootsuite.client_secret}"\n'
                            f'refresh_token = "{hootsuite.initial_refresh_token}"\n')
    env = {key: value for key, value in hootsuite_env(hootsuite).items()
           if key not in ("POSTLINT_HOOTSUITE_CLIENT_ID", "POSTLINT_HOOTSUITE_CLIENT_SECRET",
                          "POSTLINT_HOOTSUITE_REFRESH_TOKEN")}
    env["POSTLINT_HOOTSUITE_CREDENTIALS"] = str(secrets_file)
    done = _run_cli(env, "test", "hootsuite", "--db", app.config["DATABASE"])
    assert "Hootsuite issued an access token" in done.stdout, done.stdout
    secrets_file.write_text('client_id = "x"\npassword = "y"\n')
    done = _run_cli(env, "test", "hootsuite", "--db", app.config["DATABASE"])
    assert done.returncode == 1 and "has an unknown key 'password'" in done.stdout


def test_the_event_log_says_what_happened_to_each_message(hootsuite, send, conn, app):
    hootsuite.add_message("m-log", CLEAN, "1002")
    send(hootsuite.event("m-log"))
    finished_event(conn, "m-log")
    done = _run_cli({}, "log", "events", "--db", app.config["DATABASE"])
    assert done.returncode == 0
    line = next(line for line in done.stdout.splitlines() if "message m-log" in line)
    assert "\tdone\t" in line and "approved" in line and CLEAN not in done.stdout


def test_a_worker_that_dies_after_submitting_the_review_makes_no_second_one(hs_app, hootsuite, registry, conn):
    from api.integrations.hootsuite import ExternalReviewer
    hs_app.extensions["postlint.hootsuite"].stop()  # this test works the message itself
    hootsuite.add_message("m-once", WARRANT, "1002")
    reviewer = ExternalReviewer(hs_app, conn, hs_app.extensions["postlint.hootsuite"].settings)
    assert reviewer.act_on("m-once")[0] == "done"
    first = linked(conn, "m-once")["review_id"]
    with db.transaction(conn):  # as if the process died before it recorded the link
        conn.execute("DELETE FROM hootsuite_messages WHERE message_id = 'm-once'")
    assert reviewer.act_on("m-once")[0] == "done"
    assert linked(conn, "m-once")["review_id"] == first
    assert conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
